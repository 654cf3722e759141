/*
 * libsdm - a medicine's efficacy (efficacy.h): its layout, loading and
 * writing, and the words. Not installed.
 * SPDX-License-Identifier: MIT
 */
#ifndef SDM_LIB_EFFICACY_H
#define SDM_LIB_EFFICACY_H

#include <jansson.h>

#include "formulary-private.h"
#include "json.h"
#include "jsonw.h"
#include "strbuf.h"

struct sdm_efficacy {
    const sdm_source *source;
    char *outcome;     /* "overall_symptoms" */
    char *note;        /* "" when none */
    double smd;        /* against placebo; negative favours the medicine */
    double ci_low, ci_high;
    int studies;       /* 0: not stated */
    sdm_confidence confidence;
};

/* Reads `medications[].efficacy` (format 2, optional) into p->efficacy. */
SDM_HIDDEN sdm_status sdm__load_efficacy(const sdm_json_doc *doc, const sdm_formulary *f, json_t *med,
                                         const char *med_path, sdm_profile *p);
/* Sets `efficacy` on a medicine's object when it has one. */
SDM_HIDDEN void sdm__efficacy_json(json_t *obj, const sdm_profile *p, int *bad);
/* The members of a medicine's efficacy in JSON for a result or a card (inside
 * an object the caller opens): the numbers, the band and the words, or
 * "band": "no_data" and the words. */
SDM_HIDDEN void sdm__efficacy_members_jw(sdm_jsonw *w, const sdm_profile *p);
SDM_HIDDEN void sdm__efficacy_destroy(sdm_efficacy *e);
/* "works about as well as most; based on 15 studies (...)" or "no efficacy data in this formulary (...)". */
SDM_HIDDEN void sdm__describe_efficacy(sdm_strbuf *sb, const sdm_profile *p);
/* The short form: "works about as well as most; based on 15 studies". */
SDM_HIDDEN void sdm__describe_efficacy_short(sdm_strbuf *sb, const sdm_profile *p);

#endif /* SDM_LIB_EFFICACY_H */
