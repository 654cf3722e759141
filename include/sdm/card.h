/*
 * libsdm - shared decision making about antipsychotic medication
 * SPDX-License-Identifier: MIT
 */
/**
 * @file card.h
 * @brief The information card of a medicine, laid out as in Appendix 2 of the paper tool.
 *
 * A card lists the medicine's side effects from most to least marked, on the
 * +/++/+++ scale, then the legend. With a ranking, the person's own ranked
 * and helpful side effects are marked. Side effects no source rates are listed
 * apart as not known, so that missing evidence never reads as "none".
 */
#ifndef SDM_CARD_H
#define SDM_CARD_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief The card's legend: "+ uncommon or mild; ++ commoner or moderately severe; +++ common or more severe."
 * @return static text.
 */
SDM_API const char *sdm_card_legend(void);

/**
 * @brief Writes the card as text into a caller's buffer, like snprintf.
 * @param p the medicine.
 * @param r the person's ranking to mark, or NULL; its catalogue must equal the formulary's.
 * @param buf the buffer (may be NULL when `size` is 0).
 * @param size its size; the text is cut to fit and always NUL-terminated when size > 0.
 * @param[out] needed receives the full length of the text without the NUL (may be NULL).
 * @return #SDM_OK (even if cut: compare `*needed` with `size`), #SDM_ERR_INVALID_ARGUMENT
 *         or #SDM_ERR_NO_MEMORY.
 */
SDM_API sdm_status sdm_card_format(const sdm_profile *p, const sdm_ranking *r,
                                   char *buf, size_t size, size_t *needed);

/**
 * @brief The card as allocated text.
 * @param p the medicine.
 * @param r the person's ranking to mark, or NULL.
 * @param[out] out receives NUL-terminated text; free it with sdm_free().
 * @return #SDM_OK, #SDM_ERR_INVALID_ARGUMENT or #SDM_ERR_NO_MEMORY.
 */
SDM_API sdm_status sdm_card_text(const sdm_profile *p, const sdm_ranking *r, char **out);

/**
 * @brief The card of a ranked medicine of a match, as allocated text.
 *
 * The card sdm_card_text() gives for the medicine with the match's ranking
 * marked. When the match's options asked for an acceptability analysis
 * (sdm_match_acceptability()), a line after how well it works says how sure
 * its place is for the person, e.g. "How sure its place is: Cariprazine is the
 * best fit in 38 % of the plausible readings of the evidence and of your
 * priorities and among the best three in 71 %." (for the first of the match,
 * also when the first place is fragile and what drives it); otherwise the
 * text is exactly sdm_card_text()'s.
 *
 * It is declared here, not in match.h, because it is one form of the card:
 * every form of the card is in this header, as every part of the match's
 * analysis of how sure it is in acceptability.h.
 * @param m a match.
 * @param i an entry below sdm_match_count().
 * @param[out] out receives NUL-terminated text; free it with sdm_free().
 * @return #SDM_OK, #SDM_ERR_INVALID_ARGUMENT (NULL, or `i` out of range) or #SDM_ERR_NO_MEMORY.
 */
SDM_API sdm_status sdm_match_card_text(const sdm_match *m, size_t i, char **out);

/**
 * @brief The card as JSON, for front ends that lay it out themselves.
 *
 * "items" are the side effects rated +, ++ or +++, most marked first; "rated_none"
 * the side effects rated none: with a ranking, only the person's own (ranked or
 * helpful), as the text card lists them; without one, all of them; "not_known"
 * those no source rates. Each item has its readings, spread and numeric
 * evidence; the card also gives the medicine's serious risks, restrictions,
 * licences and products.
 * @param p the medicine.
 * @param r the person's ranking to mark, or NULL.
 * @param[out] out receives NUL-terminated text; free it with sdm_free().
 * @return #SDM_OK, #SDM_ERR_INVALID_ARGUMENT or #SDM_ERR_NO_MEMORY.
 */
SDM_API sdm_status sdm_card_to_json(const sdm_profile *p, const sdm_ranking *r, char **out);

#ifdef __cplusplus
}
#endif

#endif /* SDM_CARD_H */
