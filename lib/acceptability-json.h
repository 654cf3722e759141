/*
 * libsdm - the acceptability analysis in the JSON of options and decision
 * records (acceptability-json.c). Not installed.
 * SPDX-License-Identifier: MIT
 */
#ifndef SDM_LIB_ACCEPTABILITY_JSON_H
#define SDM_LIB_ACCEPTABILITY_JSON_H

#include "json.h"
#include "jsonw.h"
#include "options-private.h"

/* The options' "acceptability": {"scenarios", "seed"}. */
SDM_HIDDEN json_t *sdm__acc_options_value(const sdm_match_options *o, int *bad);
/* Reads the key "acceptability" of an options object, if there, into `o`. */
SDM_HIDDEN sdm_status sdm__acc_options_read(const sdm_json_doc *doc, json_t *options, const char *path,
                                            sdm_match_options *o);
/* The analysis as a JSON value. */
SDM_HIDDEN json_t *sdm__acc_to_value(const sdm_acceptability *a, int *bad);
/* The key "acceptability" and the analysis written into `w`: not on the common
 * path, so built with jansson and copied in. */
SDM_HIDDEN void sdm__acc_jw(sdm_jsonw *w, const sdm_acceptability *a);
/* Checks the record's "acceptability" (present exactly when its options ask
 * for it) against its options and result. */
SDM_HIDDEN sdm_status sdm__acc_record_check(const sdm_json_doc *doc, const sdm_record *rec, const sdm_catalogue *cat);

#endif /* SDM_LIB_ACCEPTABILITY_JSON_H */
