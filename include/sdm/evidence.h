/*
 * libsdm - shared decision making about antipsychotic medication
 * SPDX-License-Identifier: MIT
 */
/**
 * @file evidence.h
 * @brief The evidence behind a rating: every source's reading of a cell, and
 *        the synthesis rule that makes one rating from them.
 *
 * A cell (one medicine, one side effect) keeps the reading of every source
 * that rates it. Its rating is made from those readings by a synthesis rule
 * chosen when the data is used (a match option), so that a researcher can see
 * how much the choice matters. A cell no source reads is unknown under every
 * rule: unknown is never none.
 */
#ifndef SDM_EVIDENCE_H
#define SDM_EVIDENCE_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief How a cell's rating is made from its readings.
 *
 * Where a deciding source (the paper's own card, a Trust's reviewed rating)
 * reads the cell, its reading is the rating under every rule.
 */
typedef enum sdm_synthesis {
    SDM_SYNTHESIS_CONSENSUS = 0,  /**< The median of the readings; of an even number, the higher middle one (the default). */
    SDM_SYNTHESIS_HIGHEST = 1,    /**< The highest reading: never understates any source's warning. */
    SDM_SYNTHESIS_PRECEDENCE = 2  /**< The first source in the formulary's order of sources (the rule of data 2026.11). */
} sdm_synthesis;

/**
 * @brief The id used in JSON for a synthesis rule: "consensus", "highest" or "precedence".
 * @param rule a rule.
 * @return static text, or NULL for a value out of range.
 */
SDM_API const char *sdm_synthesis_id(sdm_synthesis rule);

/**
 * @brief The synthesis rule with a JSON id (see sdm_synthesis_id()).
 * @param id the id.
 * @param[out] rule receives the rule.
 * @return #SDM_OK, #SDM_ERR_NOT_FOUND (with the closest id in the message) or #SDM_ERR_INVALID_ARGUMENT.
 */
SDM_API sdm_status sdm_synthesis_from_id(const char *id, sdm_synthesis *rule);

/**
 * @brief The rating of one side effect of a medicine under a synthesis rule.
 *
 * sdm_profile_rating() is the rating under the default rule, #SDM_SYNTHESIS_CONSENSUS.
 * @param p a profile.
 * @param effect_index a position in the formulary's catalogue.
 * @param rule a synthesis rule.
 * @return #SDM_RATING_UNKNOWN (-1) to #SDM_RATING_HIGH (3); #SDM_RATING_UNKNOWN
 *         too if an argument is invalid.
 */
SDM_API int sdm_profile_rating_by(const sdm_profile *p, size_t effect_index, sdm_synthesis rule);

#ifdef __cplusplus
}
#endif

#endif /* SDM_EVIDENCE_H */
