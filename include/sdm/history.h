/*
 * libsdm - shared decision making about antipsychotic medication
 * SPDX-License-Identifier: MIT
 */
/**
 * @file history.h
 * @brief The person's own history: medicines tried before, how it went, and
 *        the side effects the person had on them.
 *
 * The history belongs to the ranking (the person's answers). A side effect
 * the person had on a medicine is a *personal reading*: for this person it
 * counts above the published ones, as `+++` (the person had it), and the
 * explanation says so ("you had this on Olanzapine"). A medicine that did not
 * help is flagged in the result, never silently excluded: leaving it out
 * stays the prescriber's choice, with a reason (sdm_match_options_exclude()).
 * The medicines are checked against the formulary when the match runs.
 */
#ifndef SDM_HISTORY_H
#define SDM_HISTORY_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief How a medicine tried before went. */
typedef enum sdm_outcome {
    SDM_OUTCOME_UNSPECIFIED = 0,  /**< Not said. */
    SDM_OUTCOME_HELPED = 1,       /**< It helped. */
    SDM_OUTCOME_DID_NOT_HELP = 2, /**< It did not help. */
    SDM_OUTCOME_STOPPED = 3       /**< It was stopped (say why). */
} sdm_outcome;

/** @brief Most medicines a person's history may hold. */
#define SDM_MAX_HISTORY 64

/**
 * @brief Records a medicine the person has tried before.
 * @param r a ranking.
 * @param medication_id the medicine's id (checked against the formulary by sdm_match_run()).
 * @param outcome how it went.
 * @param why in the person's words (UTF-8, no control characters), or NULL.
 * @return #SDM_OK, #SDM_ERR_DUPLICATE (the medicine is already in the history),
 *         #SDM_ERR_LIMIT (#SDM_MAX_HISTORY), #SDM_ERR_INVALID_ARGUMENT or #SDM_ERR_NO_MEMORY.
 */
SDM_API sdm_status sdm_ranking_add_history(sdm_ranking *r, const char *medication_id, sdm_outcome outcome,
                                           const char *why);

/**
 * @brief Records a side effect the person had on a medicine of the history.
 * @param r a ranking.
 * @param medication_id a medicine already added with sdm_ranking_add_history().
 * @param effect_id a side effect of the ranking's catalogue.
 * @return #SDM_OK, #SDM_ERR_NOT_FOUND (the medicine is not in the history, or the
 *         side effect not in the catalogue), #SDM_ERR_DUPLICATE, #SDM_ERR_INVALID_ARGUMENT
 *         or #SDM_ERR_NO_MEMORY.
 */
SDM_API sdm_status sdm_ranking_history_had(sdm_ranking *r, const char *medication_id, const char *effect_id);

/**
 * @brief How many medicines the person's history holds.
 * @param r a ranking.
 * @return the count, 0 if `r` is NULL.
 */
SDM_API size_t sdm_ranking_history_count(const sdm_ranking *r);

/**
 * @brief The id of a medicine of the history, in the order they were added.
 * @param r a ranking.
 * @param i a position below sdm_ranking_history_count().
 * @return the id, or NULL if out of range.
 */
SDM_API const char *sdm_ranking_history_medication(const sdm_ranking *r, size_t i);

/**
 * @brief How a medicine of the history went.
 * @param r a ranking.
 * @param i a position below sdm_ranking_history_count().
 * @return the outcome (#SDM_OUTCOME_UNSPECIFIED if out of range).
 */
SDM_API sdm_outcome sdm_ranking_history_outcome(const sdm_ranking *r, size_t i);

/**
 * @brief Why, in the person's words ("" when not said).
 * @param r a ranking.
 * @param i a position below sdm_ranking_history_count().
 * @return the text, or NULL if out of range.
 */
SDM_API const char *sdm_ranking_history_why(const sdm_ranking *r, size_t i);

/**
 * @brief Whether the person had a side effect on a medicine of the history.
 * @param r a ranking.
 * @param i a position below sdm_ranking_history_count().
 * @param effect_index a position in the ranking's catalogue.
 * @return 1 or 0 (0 if out of range).
 */
SDM_API int sdm_ranking_history_had_effect(const sdm_ranking *r, size_t i, size_t effect_index);

/**
 * @brief The id used in JSON for an outcome: "unspecified", "helped", "did_not_help" or "stopped".
 * @param outcome an outcome.
 * @return static text, or NULL for a value out of range.
 */
SDM_API const char *sdm_outcome_id(sdm_outcome outcome);

/**
 * @brief The outcome with a JSON id (see sdm_outcome_id()).
 * @param id the id.
 * @param[out] outcome receives the outcome.
 * @return #SDM_OK, #SDM_ERR_NOT_FOUND (with the closest id) or #SDM_ERR_INVALID_ARGUMENT.
 */
SDM_API sdm_status sdm_outcome_from_id(const char *id, sdm_outcome *outcome);

#ifdef __cplusplus
}
#endif

#endif /* SDM_HISTORY_H */
