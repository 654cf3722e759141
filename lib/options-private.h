/*
 * libsdm - the match options' private layout. Not installed.
 * SPDX-License-Identifier: MIT
 */
#ifndef SDM_LIB_OPTIONS_H
#define SDM_LIB_OPTIONS_H

#include "formulary-private.h"
#include "internal.h"

typedef struct sdm_exclude_request {
    char *id;
    char *reason; /* NULL: the default reason */
} sdm_exclude_request;

struct sdm_match_options {
    sdm_weight_scheme scheme;
    double custom[SDM_MAX_RANK];
    size_t custom_count;
    double scale[4];          /* as given; severities are (v - v[0]) / (v[3] - v[0]) */
    sdm_unknown_policy unknown;
    sdm_synthesis synthesis;  /* how a cell's rating is made from its readings */
    double helpful_weight;    /* < 0: the weight of the lowest rank */
    sdm_evidence_mode evidence; /* what a cell counts as: its rating, or its numeric evidence (numeric.h) */
    double tradeoff;          /* the weight of lack of efficacy beside the side effects (efficacy.h); 0: none */
    size_t exclude_count;
    sdm_exclude_request *excludes;
    sdm_tags formulations;    /* required, all of them */
    sdm_tags licences;        /* required, all of them */
    sdm_tags contexts;        /* the decision contexts that hold (restriction.h) */
    int detained;             /* the person is detained (e.g. under the Mental Health Act) */
    char *limits;             /* then the clinician's statement of the limits of choice; else NULL */
    char revisit[11];         /* "YYYY-MM-DD", the date to revisit the decision, or "" */
    size_t acceptability_scenarios; /* asked for with the record (acceptability.h); 0: none */
    uint64_t acceptability_seed;
};

/* Removes the i-th exclusion request (a medicine the formulary no longer has). */
SDM_HIDDEN void sdm__options_drop_exclude(sdm_match_options *o, size_t i);

/* The defaults, for a NULL options pointer. */
SDM_HIDDEN const sdm_match_options *sdm__options_default(void);

/* weights.c: the weight of ranks 1..k (w[0] is rank 1). `helpful_count`
 * matters only for the lexicographic scheme, whose base must grow with it. */
SDM_HIDDEN sdm_status sdm__rank_weights(const sdm_match_options *o, int k, size_t helpful_count, double *w);
/* The severity on [0, 1] of a known rating. */
SDM_HIDDEN double sdm__severity(const sdm_match_options *o, int rating);
/* The value an unknown rating counts as, on an avoided or a helpful side effect. */
SDM_HIDDEN double sdm__unknown_value(const sdm_match_options *o, int helpful);

#endif /* SDM_LIB_OPTIONS_H */
