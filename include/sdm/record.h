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
 *
 * Re-opening a record checks every field it reads and that they agree with
 * each other (the two data versions, who completed the form, the result's
 * terms and the ranking, the order of the ranks). A record re-opened against
 * a formulary that has changed since gives its own result and a statement of
 * what changed (sdm_record_rerun()): a medicine removed from the formulary is
 * reported, never fatal.
 */
#ifndef SDM_RECORD_H
#define SDM_RECORD_H

#include "common.h"
#include "match.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Writes the decision record of a match.
 * @param m the match.
 * @param timestamp when the decision was made (e.g. ISO 8601; UTF-8), or NULL to leave it out;
 *        the library never reads the clock, so records are reproducible.
 * @param[out] out receives NUL-terminated text; free it with sdm_free().
 * @return #SDM_OK, #SDM_ERR_INVALID_ARGUMENT, #SDM_ERR_NO_MEMORY, or #SDM_ERR_LIMIT when the
 *         record would be longer than #SDM_MAX_DOCUMENT, the most a loader reads back (a
 *         formulary near its limits, with long names, matched on many ranks): a record is
 *         never written that could not be re-opened.
 */
SDM_API sdm_status sdm_record_to_json(const sdm_match *m, const char *timestamp, char **out);

/** @brief A decision record re-opened: what was decided, with what, and when. */
typedef struct sdm_record sdm_record;

/**
 * @brief Re-opens a decision record, checking every field and their agreement.
 * @param cat the catalogue the record's side effects refer to (its id must be the record's).
 * @param json the record's text; it need not be NUL-terminated.
 * @param len its length in bytes.
 * @param[out] out receives the record; free it with sdm_record_free().
 * @return #SDM_OK, or a negative status with a message naming the key (e.g.
 *         "result.ranked[2].rank: ..."); #SDM_ERR_SCHEMA for fields that disagree.
 */
SDM_API sdm_status sdm_record_from_json(const sdm_catalogue *cat, const char *json, size_t len, sdm_record **out);

/**
 * @brief Frees a record. NULL is ignored.
 * @param rec a record, or NULL.
 */
SDM_API void sdm_record_free(sdm_record *rec);

/**
 * @brief The ranking the record was made with (owned by the record).
 * @param rec a record.
 * @return the ranking, or NULL if `rec` is NULL.
 */
SDM_API const sdm_ranking *sdm_record_ranking(const sdm_record *rec);

/**
 * @brief The options the record was made with (owned by the record).
 * @param rec a record.
 * @return the options, or NULL if `rec` is NULL.
 */
SDM_API const sdm_match_options *sdm_record_options(const sdm_record *rec);

/**
 * @brief The version of the data the record was made with, e.g. "2026.12".
 * @param rec a record.
 * @return the version, or NULL if `rec` is NULL.
 */
SDM_API const char *sdm_record_data_version(const sdm_record *rec);

/**
 * @brief The version of libsdm that wrote the record.
 * @param rec a record.
 * @return the version, or NULL if `rec` is NULL.
 */
SDM_API const char *sdm_record_library_version(const sdm_record *rec);

/**
 * @brief When the decision was made, as the record says ("" when it does not).
 * @param rec a record.
 * @return the timestamp, or NULL if `rec` is NULL.
 */
SDM_API const char *sdm_record_timestamp(const sdm_record *rec);

/**
 * @brief The id of the formulary the record was made with.
 * @param rec a record.
 * @return the id ("" when the formulary had none), or NULL if `rec` is NULL.
 */
SDM_API const char *sdm_record_formulary_id(const sdm_record *rec);

/**
 * @brief How many medicines the record's own result ranked.
 * @param rec a record.
 * @return the count, 0 if `rec` is NULL.
 */
SDM_API size_t sdm_record_ranked_count(const sdm_record *rec);

/**
 * @brief How many medicines the record's own result excluded (each with its reason).
 * @param rec a record.
 * @return the count, 0 if `rec` is NULL.
 */
SDM_API size_t sdm_record_excluded_count(const sdm_record *rec);

/**
 * @brief The id of a medicine of the record's result: ranked ones first (best
 *        first, 0 to sdm_record_ranked_count() - 1), then the excluded ones.
 * @param rec a record.
 * @param i a position below sdm_record_ranked_count() + sdm_record_excluded_count().
 * @return the id, or NULL if out of range.
 */
SDM_API const char *sdm_record_entry_id(const sdm_record *rec, size_t i);

/**
 * @brief The name of a medicine of the record's result (see sdm_record_entry_id()).
 * @param rec a record.
 * @param i a position.
 * @return the name, or NULL if out of range.
 */
SDM_API const char *sdm_record_entry_name(const sdm_record *rec, size_t i);

/**
 * @brief The rank a medicine had in the record's result (ties share it); 0 for an excluded one.
 * @param rec a record.
 * @param i a position.
 * @return the rank, or 0.
 */
SDM_API int sdm_record_entry_rank(const sdm_record *rec, size_t i);

/**
 * @brief The score a ranked medicine had in the record's result.
 * @param rec a record.
 * @param i a position.
 * @return the score, or NaN for an excluded medicine or a position out of range.
 */
SDM_API double sdm_record_entry_score(const sdm_record *rec, size_t i);

/**
 * @brief Why a medicine was excluded in the record's result.
 * @param rec a record.
 * @param i a position.
 * @return the reason, or NULL for a ranked medicine or a position out of range.
 */
SDM_API const char *sdm_record_entry_reason(const sdm_record *rec, size_t i);

/**
 * @brief Runs a record's ranking and options again on a formulary, and says what changed.
 *
 * A medicine the record's options excluded by request that is no longer in
 * the formulary is left out of the new options (and named among the
 * changes): the rest of the match runs. The changes are a JSON document of the
 * format `sdm-record-changes`: the data and library versions then and now;
 * the medicines of the record's result removed from the formulary; those new
 * to it; those whose rank moved; those excluded now but ranked then and the
 * other way round; the exclusions dropped; and "summary", the same in words
 * for the person.
 * @param rec a record.
 * @param f the formulary as it is now (over the record's catalogue).
 * @param[out] match receives the new match (may be NULL if not wanted); free it with sdm_match_free().
 * @param[out] changes receives the changes as NUL-terminated JSON (may be NULL); free it with sdm_free().
 * @return #SDM_OK, or the status of the match (e.g. #SDM_ERR_INVALID_ARGUMENT for another catalogue).
 */
SDM_API sdm_status sdm_record_rerun(const sdm_record *rec, const sdm_formulary *f, sdm_match **match,
                                    char **changes);

/**
 * @brief Re-opens a decision record: the ranking and options it was made with.
 *
 * The record is checked as by sdm_record_from_json(). Running the ranking and
 * options on the current formulary shows what has changed since
 * (sdm_record_rerun() does that and says what changed).
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

/**
 * @brief Compares two decision records of one person (the decision revisited
 *        over time): what changed between them.
 *
 * The result is a JSON document of the format `sdm-record-comparison`: when
 * each was made; the preferences (ranks that moved, side effects now or no
 * longer helpful); the history (medicines tried since, outcomes that
 * changed); the context (who completed the form, a carer's part, the
 * contexts that hold, detention and its limits, the date to revisit); whether
 * the data changed; the keys of the options that differ; the ratings that
 * changed for the medicines ranked in both, on the side effects both chose;
 * the order of the result; and "summary", the same in words for the person.
 * @param then the earlier record.
 * @param now the later record (over an equal catalogue).
 * @param[out] out receives NUL-terminated JSON; free it with sdm_free().
 * @return #SDM_OK, #SDM_ERR_INVALID_ARGUMENT or #SDM_ERR_NO_MEMORY.
 */
SDM_API sdm_status sdm_record_compare(const sdm_record *then, const sdm_record *now, char **out);

#ifdef __cplusplus
}
#endif

#endif /* SDM_RECORD_H */
