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
#include "options-private.h"
#include "ranking-private.h"

/* The tags as a JSON array of strings; a failure is remembered in *bad. */
SDM_HIDDEN json_t *sdm__tags_json(const sdm_tags *tags, int *bad);

/* The options as a JSON object, and back; used inside decision records too. */
SDM_HIDDEN json_t *sdm__options_to_value(const sdm_match_options *o, int *bad);
SDM_HIDDEN sdm_status sdm__options_from_value(const sdm_json_doc *doc, json_t *value, const char *path,
                                              sdm_match_options **out);

/* The ranking as a JSON object, and back; used inside decision records too. */
SDM_HIDDEN json_t *sdm__ranking_to_value(const sdm_ranking *r, int *bad);
SDM_HIDDEN sdm_status sdm__ranking_from_value(const sdm_catalogue *cat, const sdm_json_doc *doc, json_t *value,
                                              const char *path, sdm_ranking **out);

/* A cell's readings and its numeric evidence (with their words), as the card
 * and the result of a match show them. */
SDM_HIDDEN json_t *sdm__readings_json(const sdm_profile *p, size_t item, int *bad);
SDM_HIDDEN json_t *sdm__evidence_json(const sdm_profile *p, size_t item, int *bad);
/* A JSON string of the words of a number (`e`), or of the readings of a cell (`e` NULL). */
SDM_HIDDEN json_t *sdm__described_json(const sdm_profile *p, size_t item, const sdm_evidence *e, int *bad);

/* The result of a match as a JSON object; used inside decision records too,
 * there without each rating's readings and numeric evidence (`evidence` 0). */
SDM_HIDDEN json_t *sdm__match_to_value(const sdm_match *m, int evidence, int *bad);

#endif /* SDM_LIB_JSON_VALUES_H */
