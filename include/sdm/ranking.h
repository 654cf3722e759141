/*
 * libsdm - shared decision making about antipsychotic medication
 * SPDX-License-Identifier: MIT
 */
/**
 * @file ranking.h
 * @brief A person's preferences: side effects ranked from 1 (most want to avoid), and helpful ones.
 *
 * A ranking is built step by step, as the form is filled in: each call checks
 * what it can at once (unknown id, rank out of range, a rank or side effect
 * given twice, a side effect both avoided and helpful) and leaves the ranking
 * unchanged when it fails. That the ranks run from 1 without a gap is checked
 * by sdm_ranking_validate() and by sdm_match_run(). A ranking is not
 * thread-safe while it is being changed; sdm_match_run() copies what it needs.
 */
#ifndef SDM_RANKING_H
#define SDM_RANKING_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief Who completed the form; part of the decision record. */
typedef enum sdm_completed_by {
    SDM_COMPLETED_BY_UNSPECIFIED = 0,  /**< Not recorded. */
    SDM_COMPLETED_BY_SERVICE_USER = 1, /**< The service user alone. */
    SDM_COMPLETED_BY_CARER = 2,        /**< A carer, for or with the service user's agreement. */
    SDM_COMPLETED_BY_TOGETHER = 3      /**< The service user and a carer together. */
} sdm_completed_by;

/** @brief The number of side effects the form asks a person to rank. */
#define SDM_DEFAULT_MAX_RANK 5

/**
 * @brief Creates an empty ranking over a catalogue (ranks 1 to #SDM_DEFAULT_MAX_RANK).
 * @param cat the catalogue; the ranking keeps a reference to it.
 * @param[out] out receives the ranking; free it with sdm_ranking_free().
 * @return #SDM_OK, #SDM_ERR_INVALID_ARGUMENT or #SDM_ERR_NO_MEMORY.
 */
SDM_API sdm_status sdm_ranking_new(const sdm_catalogue *cat, sdm_ranking **out);

/**
 * @brief Frees a ranking. NULL is ignored.
 * @param r a ranking, or NULL.
 */
SDM_API void sdm_ranking_free(sdm_ranking *r);

/**
 * @brief Makes an independent copy of a ranking.
 * @param r a ranking.
 * @param[out] out receives the copy.
 * @return #SDM_OK, #SDM_ERR_INVALID_ARGUMENT or #SDM_ERR_NO_MEMORY.
 */
SDM_API sdm_status sdm_ranking_copy(const sdm_ranking *r, sdm_ranking **out);

/**
 * @brief Ranks a side effect the person wants to avoid.
 * @param r a ranking.
 * @param effect_id the side effect's id.
 * @param rank 1 (most want to avoid) to sdm_ranking_max_rank().
 * @return #SDM_OK; #SDM_ERR_NOT_FOUND (unknown id, with a suggestion);
 *         #SDM_ERR_INVALID_ARGUMENT (rank out of range); #SDM_ERR_DUPLICATE
 *         (the rank is taken, or the side effect is already ranked);
 *         #SDM_ERR_CONFLICT (the side effect is ticked as helpful).
 */
SDM_API sdm_status sdm_ranking_avoid(sdm_ranking *r, const char *effect_id, int rank);

/**
 * @brief Ticks a side effect as helpful (for example sleepiness at night for poor sleep).
 * @param r a ranking.
 * @param effect_id the side effect's id.
 * @return #SDM_OK; #SDM_ERR_NOT_FOUND; #SDM_ERR_DUPLICATE (already ticked);
 *         #SDM_ERR_CONFLICT (the side effect is ranked to avoid).
 */
SDM_API sdm_status sdm_ranking_helpful(sdm_ranking *r, const char *effect_id);

/**
 * @brief Takes a side effect out of the ranking, whether ranked or ticked as helpful.
 *
 * Removing a ranked side effect leaves its rank free (and a gap, until it is filled).
 * @param r a ranking.
 * @param effect_id the side effect's id.
 * @return #SDM_OK, #SDM_ERR_NOT_FOUND (unknown id, or not in the ranking) or
 *         #SDM_ERR_INVALID_ARGUMENT.
 */
SDM_API sdm_status sdm_ranking_remove(sdm_ranking *r, const char *effect_id);

/**
 * @brief Empties the ranking (ranks and helpful ticks); who completed it and the maximum rank stay.
 * @param r a ranking, or NULL.
 */
SDM_API void sdm_ranking_clear(sdm_ranking *r);

/**
 * @brief Changes how many side effects may be ranked (the form asks for 5).
 * @param r a ranking.
 * @param max_rank 1 to the smaller of #SDM_MAX_RANK and the catalogue's size,
 *        and no lower than the highest rank already given.
 * @return #SDM_OK or #SDM_ERR_INVALID_ARGUMENT.
 */
SDM_API sdm_status sdm_ranking_set_max_rank(sdm_ranking *r, int max_rank);

/**
 * @brief The highest rank allowed.
 * @param r a ranking.
 * @return the maximum rank, 0 if `r` is NULL.
 */
SDM_API int sdm_ranking_max_rank(const sdm_ranking *r);

/**
 * @brief Records who completed the form.
 * @param r a ranking.
 * @param who an #sdm_completed_by value.
 * @return #SDM_OK or #SDM_ERR_INVALID_ARGUMENT.
 */
SDM_API sdm_status sdm_ranking_set_completed_by(sdm_ranking *r, sdm_completed_by who);

/**
 * @brief Who completed the form.
 * @param r a ranking.
 * @return the value, #SDM_COMPLETED_BY_UNSPECIFIED if `r` is NULL.
 */
SDM_API sdm_completed_by sdm_ranking_completed_by(const sdm_ranking *r);

/**
 * @brief Records whether a carer took part in the decision (the paper's Table
 *        2: carers' involvement), whoever filled in the form.
 * @param r a ranking.
 * @param involved 1 if a carer took part, 0 if not (the default).
 * @return #SDM_OK or #SDM_ERR_INVALID_ARGUMENT.
 */
SDM_API sdm_status sdm_ranking_set_carer_involved(sdm_ranking *r, int involved);

/**
 * @brief Whether a carer took part in the decision.
 * @param r a ranking.
 * @return 1 or 0 (0 if `r` is NULL).
 */
SDM_API int sdm_ranking_carer_involved(const sdm_ranking *r);

/**
 * @brief The id used in JSON for a #sdm_completed_by value: "unspecified",
 *        "service_user", "carer" or "together".
 * @param who a value.
 * @return static text, or NULL for a value out of range.
 */
SDM_API const char *sdm_completed_by_id(sdm_completed_by who);

/**
 * @brief The #sdm_completed_by value with a JSON id (see sdm_completed_by_id()).
 * @param id the id.
 * @param[out] who receives the value.
 * @return #SDM_OK, #SDM_ERR_NOT_FOUND or #SDM_ERR_INVALID_ARGUMENT.
 */
SDM_API sdm_status sdm_completed_by_from_id(const char *id, sdm_completed_by *who);

/**
 * @brief Number of side effects ranked to avoid.
 * @param r a ranking.
 * @return the count, 0 if `r` is NULL.
 */
SDM_API size_t sdm_ranking_avoid_count(const sdm_ranking *r);

/**
 * @brief The side effect at a rank.
 * @param r a ranking.
 * @param rank 1 to sdm_ranking_max_rank().
 * @param[out] effect_index receives its catalogue position.
 * @return #SDM_OK, #SDM_ERR_NOT_FOUND (nothing has that rank) or #SDM_ERR_INVALID_ARGUMENT.
 */
SDM_API sdm_status sdm_ranking_at(const sdm_ranking *r, int rank, size_t *effect_index);

/**
 * @brief The rank of a side effect.
 * @param r a ranking.
 * @param effect_index a catalogue position.
 * @return its rank, or 0 if it is not ranked (or on invalid arguments).
 */
SDM_API int sdm_ranking_rank_of(const sdm_ranking *r, size_t effect_index);

/**
 * @brief Number of side effects ticked as helpful.
 * @param r a ranking.
 * @return the count, 0 if `r` is NULL.
 */
SDM_API size_t sdm_ranking_helpful_count(const sdm_ranking *r);

/**
 * @brief A helpful side effect, in catalogue order.
 * @param r a ranking.
 * @param i a position below sdm_ranking_helpful_count().
 * @return its catalogue position, or (size_t)-1 if out of range.
 */
SDM_API size_t sdm_ranking_helpful_at(const sdm_ranking *r, size_t i);

/**
 * @brief Whether a side effect is ticked as helpful.
 * @param r a ranking.
 * @param effect_index a catalogue position.
 * @return 1 if so, 0 if not or on invalid arguments.
 */
SDM_API int sdm_ranking_is_helpful(const sdm_ranking *r, size_t effect_index);

/**
 * @brief The catalogue the ranking refers to.
 * @param r a ranking.
 * @return the catalogue (borrowed), or NULL.
 */
SDM_API const sdm_catalogue *sdm_ranking_catalogue(const sdm_ranking *r);

/**
 * @brief Checks that the ranking is complete enough to match: ranks run 1..k with no gap.
 *
 * An empty ranking is valid (every medicine then ties).
 * @param r a ranking.
 * @return #SDM_OK, or #SDM_ERR_INVALID_ARGUMENT naming the first missing rank.
 */
SDM_API sdm_status sdm_ranking_validate(const sdm_ranking *r);

/**
 * @brief Writes the ranking as JSON in the `sdm-ranking` format.
 *
 * For example `{"format": "sdm-ranking", "format_version": 1, "max_rank": 5,
 * "completed_by": "together", "avoid": [{"id": "weight_gain", "rank": 1}],
 * "helpful": ["night_sleepiness"]}`.
 * @param r a ranking.
 * @param[out] out receives NUL-terminated text; free it with sdm_free().
 * @return #SDM_OK, #SDM_ERR_INVALID_ARGUMENT or #SDM_ERR_NO_MEMORY.
 */
SDM_API sdm_status sdm_ranking_to_json(const sdm_ranking *r, char **out);

/**
 * @brief Reads a ranking from JSON in the `sdm-ranking` format.
 *
 * Each element of "avoid" is either `{"id": ..., "rank": n}` or a plain id,
 * whose rank is then its position (1-based). "format", "format_version",
 * "max_rank", "completed_by" and "helpful" are optional. Every check of
 * sdm_ranking_avoid() and sdm_ranking_helpful() applies, and the message names
 * the element, e.g. `avoid[2]: rank 1 is already given to 'weight_gain'`.
 * @param cat the catalogue the ids refer to.
 * @param json the text; it need not be NUL-terminated.
 * @param len its length in bytes.
 * @param[out] out receives the ranking.
 * @return #SDM_OK or a negative status.
 */
SDM_API sdm_status sdm_ranking_from_json(const sdm_catalogue *cat, const char *json, size_t len,
                                         sdm_ranking **out);

#ifdef __cplusplus
}
#endif

#endif /* SDM_RANKING_H */
