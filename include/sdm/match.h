/*
 * libsdm - shared decision making about antipsychotic medication
 * SPDX-License-Identifier: MIT
 */
/**
 * @file match.h
 * @brief Matching a ranking to a formulary: the ranked, explained list and the excluded medicines.
 *
 * Every medicine of the formulary ends up either ranked or excluded with a
 * reason; none is dropped silently. Equal scores share a rank (1, 1, 3) and
 * are listed by name; see sdm_match_tie_tolerance() for what "equal" means in
 * double precision. A match keeps a reference to its formulary
 * and copies of the ranking and options it was run with, so all of them may
 * be freed or changed afterwards. sdm_match_run() is reentrant: any number of
 * threads may run matches on one shared formulary.
 */
#ifndef SDM_MATCH_H
#define SDM_MATCH_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief Why a medicine was left out of the ranked list. */
typedef enum sdm_exclusion {
    SDM_EXCLUDED_BY_REQUEST = 1,      /**< Named by sdm_match_options_exclude(). */
    SDM_EXCLUDED_FORMULATION = 2,     /**< Not recorded in a required formulation. */
    SDM_EXCLUDED_LICENCE = 3,         /**< Not recorded as licensed in a required country. */
    SDM_EXCLUDED_UNKNOWN_RATING = 4,  /**< A ranked or helpful side effect is unrated and the policy is #SDM_UNKNOWN_EXCLUDE. */
    SDM_EXCLUDED_RESTRICTION = 5      /**< A restriction allows it only in a context that does not hold (sdm_match_options_allow_context()). */
} sdm_exclusion;

/**
 * @brief Matches a ranking to a formulary.
 * @param f the formulary.
 * @param r the ranking; it must use an equal catalogue and be valid (sdm_ranking_validate()).
 * @param opts options, or NULL for the defaults.
 * It allocates 4 times with the default options: the match and its arrays in
 * one block, its copy of the ranking in two and of the options in one. Each
 * filter in the options adds two to the copy (three for an exclusion with a
 * reason), and each excluded medicine one for the text of its reason.
 * @param[out] out receives the match; free it with sdm_match_free().
 * @return #SDM_OK; #SDM_ERR_INVALID_ARGUMENT (NULL, a gap in the ranks, different
 *         catalogues, too few custom weights); #SDM_ERR_NOT_FOUND (an excluded
 *         medicine not in the formulary); #SDM_ERR_LIMIT (the weights cannot be
 *         told apart in double precision, so a real difference would be shown
 *         as a tie: see sdm_match_tie_tolerance()); #SDM_ERR_NO_MEMORY.
 */
SDM_API sdm_status sdm_match_run(const sdm_formulary *f, const sdm_ranking *r,
                                 const sdm_match_options *opts, sdm_match **out);

/**
 * @brief Frees a match. NULL is ignored.
 * @param m a match, or NULL.
 */
SDM_API void sdm_match_free(sdm_match *m);

/**
 * @brief Number of ranked entries (medicines not excluded).
 * @param m a match.
 * @return the count, 0 if `m` is NULL.
 */
SDM_API size_t sdm_match_count(const sdm_match *m);

/**
 * @brief The medicine of a ranked entry; entries are in rank order.
 * @param m a match.
 * @param i an entry below sdm_match_count().
 * @return the profile, or NULL if out of range.
 */
SDM_API const sdm_profile *sdm_match_profile(const sdm_match *m, size_t i);

/**
 * @brief The score of an entry: lower is a better fit.
 * @param m a match.
 * @param i an entry below sdm_match_count().
 * @return the score, or NaN if out of range.
 */
SDM_API double sdm_match_score(const sdm_match *m, size_t i);

/**
 * @brief The rank of an entry, 1-based; tied entries share a rank (1, 1, 3).
 * @param m a match.
 * @param i an entry below sdm_match_count().
 * @return the rank, or 0 if out of range.
 */
SDM_API int sdm_match_rank(const sdm_match *m, size_t i);

/**
 * @brief Number of terms that explain each score: the ranked side effects (rank
 *        order) followed by the helpful ones (catalogue order).
 * @param m a match.
 * @return the count, 0 if `m` is NULL.
 */
SDM_API size_t sdm_match_term_count(const sdm_match *m);

/**
 * @brief The side effect of a term.
 * @param m a match.
 * @param t a term below sdm_match_term_count().
 * @return its catalogue position, or (size_t)-1 if out of range.
 */
SDM_API size_t sdm_match_term_effect(const sdm_match *m, size_t t);

/**
 * @brief The rank of a term's side effect: 1..k, or 0 for a helpful one.
 * @param m a match.
 * @param t a term below sdm_match_term_count().
 * @return the rank, 0 for helpful or out of range.
 */
SDM_API int sdm_match_term_rank(const sdm_match *m, size_t t);

/**
 * @brief The weight of a term (positive; helpful terms are subtracted).
 * @param m a match.
 * @param t a term below sdm_match_term_count().
 * @return the weight, or NaN if out of range.
 */
SDM_API double sdm_match_term_weight(const sdm_match *m, size_t t);

/**
 * @brief An entry's rating on a term, the reason for its place.
 * @param m a match.
 * @param i an entry below sdm_match_count().
 * @param t a term below sdm_match_term_count().
 * @return an #sdm_rating value; #SDM_RATING_UNKNOWN also when out of range.
 */
SDM_API int sdm_match_rating(const sdm_match *m, size_t i, size_t t);

/**
 * @brief What a term adds to an entry's score (negative for a helpful side effect).
 *
 * The contributions of an entry add up to its score.
 * @param m a match.
 * @param i an entry below sdm_match_count().
 * @param t a term below sdm_match_term_count().
 * @return the contribution, or NaN if out of range.
 */
SDM_API double sdm_match_contribution(const sdm_match *m, size_t i, size_t t);

/**
 * @brief How many of an entry's ratings on the terms are unknown (and so imputed).
 * @param m a match.
 * @param i an entry below sdm_match_count().
 * @return the count, 0 if out of range.
 */
SDM_API size_t sdm_match_unknown_count(const sdm_match *m, size_t i);

/**
 * @brief The reason for an entry's place, in words.
 *
 * For example `Weight gain +++ (rank 1); Stiff muscles + (rank 2; sources
 * disagree: none to ++: Maudsley none, UpToDate +, S3 guideline ++); Dry mouth
 * not known (rank 3; counted as the middle of the scale); Sleepy in the evening
 * or at night + (helpful)`: each ranked and helpful side effect with the
 * medicine's rating under the match's synthesis rule, and where the sources'
 * readings spread two steps or more (#SDM_DISAGREEMENT_SPREAD), each source's
 * reading. When the options ask for an acceptability analysis
 * (sdm_match_options_set_acceptability(), sdm_match_acceptability()), it ends
 * with how sure the place is: `. It is the best fit in 38 % of the plausible
 * readings of the evidence and of your priorities and among the best three
 * in 71 %.`; for the first entry, also when another medicine is the best fit
 * more often or the first place is fragile (`The evidence does not separate
 * it from Amisulpride (the best fit in 35 %).`), with the unknown or disputed
 * cells that drive it.
 * @param m a match.
 * @param i an entry below sdm_match_count().
 * @param[out] out receives NUL-terminated text; free it with sdm_free().
 * @return #SDM_OK, #SDM_ERR_INVALID_ARGUMENT or #SDM_ERR_NO_MEMORY.
 */
SDM_API sdm_status sdm_match_reason(const sdm_match *m, size_t i, char **out);

/**
 * @brief Number of medicines left out of the ranked list.
 * @param m a match.
 * @return the count, 0 if `m` is NULL.
 */
SDM_API size_t sdm_match_excluded_count(const sdm_match *m);

/**
 * @brief An excluded medicine, in formulary order.
 * @param m a match.
 * @param i a position below sdm_match_excluded_count().
 * @return the profile, or NULL if out of range.
 */
SDM_API const sdm_profile *sdm_match_excluded_profile(const sdm_match *m, size_t i);

/**
 * @brief Why a medicine was excluded (the first reason that applied).
 * @param m a match.
 * @param i a position below sdm_match_excluded_count().
 * @return the kind, or 0 if out of range.
 */
SDM_API sdm_exclusion sdm_match_excluded_kind(const sdm_match *m, size_t i);

/**
 * @brief Why a medicine was excluded, in words, e.g. "not recorded as long_acting_injection".
 * @param m a match.
 * @param i a position below sdm_match_excluded_count().
 * @return the reason (owned by the match), or NULL if out of range.
 */
SDM_API const char *sdm_match_excluded_reason(const sdm_match *m, size_t i);

/**
 * @brief The id used in JSON for a reason of exclusion: "request", "formulation",
 *        "licence" or "unknown_rating".
 * @param kind a kind.
 * @return static text, or NULL for a value out of range.
 */
SDM_API const char *sdm_exclusion_id(sdm_exclusion kind);

/**
 * @brief The formulary the match was run on.
 * @param m a match.
 * @return the formulary (borrowed), or NULL.
 */
SDM_API const sdm_formulary *sdm_match_formulary(const sdm_match *m);

/**
 * @brief The ranking the match was run with (a copy owned by the match).
 * @param m a match.
 * @return the ranking, or NULL.
 */
SDM_API const sdm_ranking *sdm_match_ranking(const sdm_match *m);

/**
 * @brief The options the match was run with (a copy owned by the match).
 * @param m a match.
 * @return the options, or NULL.
 */
SDM_API const sdm_match_options *sdm_match_options_used(const sdm_match *m);

/**
 * @brief The tie tolerance of a match: entries whose scores are within it of
 *        the lowest score of their group share a rank and are listed by name.
 *
 * It is relative to the scale of the scores. With T terms (ranked and
 * helpful side effects) and S the sum of their weights (each score and each
 * partial sum of one is at most S in magnitude, as every severity is in
 * [0, 1]), it is `T * (S * 2^-50 + 2^-1072)`: four times the most that
 * rounding in double precision can make two equal sums differ by when their
 * terms are added in another order. So scores that are equal on paper always
 * tie (4.4e-15 for five ranks under the default weights).
 *
 * A real difference is never a tie: sdm_match_run() refuses, with
 * #SDM_ERR_LIMIT and a message naming the rank, any ranking where one step
 * of a rating on a single term (weight times the smallest gap between two
 * values a rating can count as) is less than twice the tolerance. That
 * happens only where double precision cannot keep the ranks apart: the
 * lexicographic scheme beyond 12 ranks on the default scale (fewer with many
 * helpful side effects, whose number enlarges its base), custom weights
 * more than about 10^13 apart, custom weights below about 1e-300 (products
 * below the normal range of doubles), or a helpful weight that dwarfs the
 * ranks'. A term of weight 0 counts nothing and is not checked.
 *
 * @param m a match.
 * @return the tolerance (0 when nothing is ranked), or NaN if `m` is NULL.
 */
SDM_API double sdm_match_tie_tolerance(const sdm_match *m);

/**
 * @brief The version of the data the match was computed from (the formulary's).
 * @param m a match.
 * @return the version, or NULL if `m` is NULL.
 */
SDM_API const char *sdm_match_data_version(const sdm_match *m);

/**
 * @brief How many warnings the match has: side effects the person chose (to
 *        avoid or as helpful) that no medicine of the formulary rates, so that
 *        choosing them changes nothing (ticking "weight loss would help" when no
 *        source rates weight loss).
 * @param m a match.
 * @return the count, 0 if `m` is NULL.
 */
SDM_API size_t sdm_match_warning_count(const sdm_match *m);

/**
 * @brief The side effect of a warning (see sdm_match_warning_count()).
 * @param m a match.
 * @param i a position below sdm_match_warning_count().
 * @return its catalogue index, or (size_t)-1 if out of range.
 */
SDM_API size_t sdm_match_warning_effect(const sdm_match *m, size_t i);

/**
 * @brief A warning in words for the person, e.g. "No medicine here has a rating
 *        for 'Weight loss', so ticking it as helpful changes nothing in this result."
 * @param m a match.
 * @param i a position below sdm_match_warning_count().
 * @param[out] out receives NUL-terminated UTF-8 text; free it with sdm_free().
 * @return #SDM_OK, #SDM_ERR_INVALID_ARGUMENT or #SDM_ERR_NO_MEMORY.
 */
SDM_API sdm_status sdm_match_warning_text(const sdm_match *m, size_t i, char **out);

/**
 * @brief Writes the result as JSON: versions, notice, terms, ranked entries with
 *        their explanation, and the excluded medicines with reasons.
 * @param m a match.
 * @param[out] out receives NUL-terminated text; free it with sdm_free().
 * @return #SDM_OK, #SDM_ERR_INVALID_ARGUMENT or #SDM_ERR_NO_MEMORY.
 */
SDM_API sdm_status sdm_match_to_json(const sdm_match *m, char **out);

#ifdef __cplusplus
}
#endif

#endif /* SDM_MATCH_H */
