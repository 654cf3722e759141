/*
 * libsdm - shared decision making about antipsychotic medication
 * SPDX-License-Identifier: MIT
 */
/**
 * @file record.h
 * @brief The decision record: what an EHR stores of a consultation, and re-opens later.
 *
 * A record holds the ranking (with who completed the form), the options, the
 * result, the versions of the library and of the data, and the data's notice,
 * as one JSON document in the `sdm-record` format.
 */
#ifndef SDM_RECORD_H
#define SDM_RECORD_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Writes the decision record of a match.
 * @param m the match.
 * @param timestamp when the decision was made (e.g. ISO 8601; UTF-8), or NULL to leave it out;
 *        the library never reads the clock, so records are reproducible.
 * @param[out] out receives NUL-terminated text; free it with sdm_free().
 * @return #SDM_OK, #SDM_ERR_INVALID_ARGUMENT or #SDM_ERR_NO_MEMORY.
 */
SDM_API sdm_status sdm_record_to_json(const sdm_match *m, const char *timestamp, char **out);

/**
 * @brief Re-opens a decision record: the ranking and options it was made with.
 *
 * Running them on the current formulary shows what has changed since.
 * @param cat the catalogue the record's side effects refer to.
 * @param json the record's text.
 * @param len its length in bytes.
 * @param[out] ranking receives the ranking (may be NULL if not wanted).
 * @param[out] options receives the options (may be NULL if not wanted).
 * @param[out] data_version receives the data version the record was made with,
 *        to free with sdm_free() (may be NULL if not wanted).
 * @return #SDM_OK or a negative status naming the key; on failure no output is set.
 */
SDM_API sdm_status sdm_record_load_json(const sdm_catalogue *cat, const char *json, size_t len,
                                        sdm_ranking **ranking, sdm_match_options **options,
                                        char **data_version);

#ifdef __cplusplus
}
#endif

#endif /* SDM_RECORD_H */
