/*
 * libsdm - each concept as a JSON value, and back: what the JSON files
 * (formulary, options, ranking, match, record, card) share. The domain files
 * (scoring, the batch, weights) never include this header: JSON lives at the
 * edge. Not installed.
 * SPDX-License-Identifier: MIT
 */
#ifndef SDM_LIB_JSON_VALUES_H
#define SDM_LIB_JSON_VALUES_H

#include "formulary-private.h"
#include "json.h"
#include "jsonw.h"
#include "options-private.h"
#include "ranking-private.h"

/* The tags as a JSON array of strings; a failure is remembered in *bad. */
SDM_HIDDEN json_t *sdm__tags_json(const sdm_tags *tags, int *bad);
SDM_HIDDEN void sdm__tags_jw(sdm_jsonw *w, const sdm_tags *tags);

/* The options as a JSON object, and back; used inside decision records too.
 * sdm__options_to_value() is that text read back with jansson, for the
 * comparison of two records (record-compare.c). */
SDM_HIDDEN void sdm__options_jw(sdm_jsonw *w, const sdm_match_options *o);
SDM_HIDDEN json_t *sdm__options_to_value(const sdm_match_options *o, int *bad);
SDM_HIDDEN sdm_status sdm__options_from_value(const sdm_json_doc *doc, json_t *value, const char *path,
                                              sdm_match_options **out);

/* The ranking as a JSON object, and back; used inside decision records too. */
SDM_HIDDEN void sdm__ranking_jw(sdm_jsonw *w, const sdm_ranking *r);
SDM_HIDDEN sdm_status sdm__ranking_from_value(const sdm_catalogue *cat, const sdm_json_doc *doc, json_t *value,
                                              const char *path, sdm_ranking **out);

/* A cell's readings and its numeric evidence (with their words), as the card
 * and the result of a match show them. */
SDM_HIDDEN void sdm__readings_jw(sdm_jsonw *w, const sdm_profile *p, size_t item);
SDM_HIDDEN void sdm__evidence_jw(sdm_jsonw *w, const sdm_profile *p, size_t item);
/* A JSON string of the words of a number (`e`), or of the readings of a cell (`e` NULL). */
SDM_HIDDEN void sdm__described_jw(sdm_jsonw *w, const sdm_profile *p, size_t item, const sdm_evidence *e);

/* The result of a match as a JSON object; used inside decision records too,
 * there without each rating's readings and numeric evidence (`evidence` 0). */
SDM_HIDDEN void sdm__match_jw(sdm_jsonw *w, const sdm_match *m, int evidence);

#endif /* SDM_LIB_JSON_VALUES_H */
