/*
 * libsdm - shared decision making about antipsychotic medication
 * SPDX-License-Identifier: MIT
 */
/**
 * @file acceptability.h
 * @brief How sure is the match: stochastic multicriteria acceptability analysis (SMAA-2).
 *
 * A person's form gives an *order* of concerns, not exact weights, and each
 * rating is one reading of sources that may disagree or be missing. An
 * acceptability analysis draws many *scenarios*, each a plausible reading of
 * the person's priorities and of the evidence, scores every medicine in each
 * as sdm_match_run() would, and counts how often each medicine comes first
 * and how often it is among the first three.
 *
 * **One scenario.**
 * - *Weights.* A point uniform on the set of weights that respect the
 *   person's order, w1 >= w2 >= ... >= wk >= 0 with w1 + ... + wk = 1: a
 *   uniform point x of the simplex (the gaps between k - 1 sorted uniform
 *   numbers of [0, 1)) is mapped by w_i = sum_{j >= i} x_j / j. That map is
 *   linear and takes the simplex's corners to the corners of the ordered set,
 *   (1/j, ..., 1/j, 0, ..., 0), so the point is uniform on the ordered set and
 *   its mean is the rank-order-centroid weights. The weighting scheme of the
 *   options (and custom weights) is therefore not used.
 * - *Helpful side effects.* As documented in options.h: with the automatic
 *   helpful weight (the default), each helpful side effect weighs as much as
 *   the scenario's lowest ranked weight wk (1 when nothing is ranked); a
 *   helpful weight the caller set is used as set.
 * - *Cells.* Each cell of a medicine on a side effect of the ranking takes
 *   the value of one of its readings, each reading equally likely (a reading
 *   of a range such as `0/+` counts as its high end, as everywhere else); a
 *   cell no source rates is none, +, ++ or +++ with equal chance, whatever
 *   the unknown policy; a cell the person had on the medicine (their
 *   history) is their own reading, +++, as in sdm_match_run(). Values are
 *   read through the options' severity scale.
 * - *Numeric evidence* (#SDM_EVIDENCE_NUMERIC, numeric.h). A cell with a
 *   number counts as its normalised value, as in sdm_match_run(), in every
 *   scenario: the data give a point estimate without an interval (Huhn 2019
 *   as packaged), so there is nothing honest to draw it from, and it is kept
 *   fixed. It is therefore never a driving cell, and, being known, never
 *   excludes under #SDM_UNKNOWN_EXCLUDE. Cells without a number are drawn
 *   as above.
 * - *The unknown policy 'mean'* (#SDM_UNKNOWN_MEAN). An unknown cell is still
 *   unknown (EVIDENCE.md rule 6: it may be any of 0-3): it is drawn as under
 *   the middle policy, none to +++ with equal chance, not fixed at its side
 *   effect's mean. The mean is one central guess, as the middle is; the
 *   analysis replaces either by the whole range. So 'mean' and 'middle' give
 *   the same numbers for the same seed.
 * - *Trade-off weight* λ (sdm_match_options_set_tradeoff(), efficacy.h).
 *   Each scenario's score adds λ times the medicine's lack of efficacy, last,
 *   as sdm_match_run() adds it; the lack is fixed (the analysis draws the
 *   side-effect evidence and the priorities, not the efficacy estimate). A
 *   medicine without efficacy data is handled exactly as sdm_match_run()
 *   handles it: the lack its unknown policy gives (0.5 in the middle, 1 at
 *   worst, the others' mean), or left out under #SDM_UNKNOWN_EXCLUDE.
 * - *Score and ties.* A medicine's score is summed as in sdm_match_run()
 *   (ranked terms in rank order, then helpful ones in catalogue order, then
 *   the efficacy term), and scores within the tie tolerance of the match
 *   (sdm_match_tie_tolerance(): `T (S 2^-50 + 2^-1072)` for T terms whose
 *   weights sum to S, here the scenario's, the efficacy term counting as one
 *   more of weight λ) tie.
 *
 * **The medicines** are those sdm_match_run() ranks with the same options:
 * exclusions, formulations, licences, restrictions and their contexts apply,
 * and under #SDM_UNKNOWN_EXCLUDE a medicine with an unknown rating on one of
 * the person's side effects is left out.
 *
 * **What is counted.** The *first-place acceptability* of a medicine is the
 * share of scenarios in which it is first; t medicines tied for first get
 * 1/t each, so the shares of all medicines sum to 1. The *top-three
 * acceptability* is the share of scenarios in which it is among the first
 * three; a group of t tied medicines that covers p of the first three places
 * gives each of them p/t. Its *central weights* are the mean weights of the
 * scenarios in which it is first (each scenario counted with the medicine's
 * credit there).
 *
 * **Random numbers.** xoshiro256** seeded through splitmix64 from a 64-bit
 * seed; uniform integers by Lemire's multiply-and-reject method (exactly
 * uniform); floating point without fused multiply-adds and in a fixed order,
 * so the same seed gives the same numbers on every build.
 */
#ifndef SDM_ACCEPTABILITY_H
#define SDM_ACCEPTABILITY_H

#include <stdint.h>

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief The result of an acceptability analysis of one ranking. */
typedef struct sdm_acceptability sdm_acceptability;

/** @brief The number of scenarios drawn when the options set none. */
#define SDM_ACCEPTABILITY_DEFAULT_SCENARIOS 10000
/** @brief The seed used when the options set none. */
#define SDM_ACCEPTABILITY_DEFAULT_SEED 2026
/** @brief The most scenarios one analysis may draw. */
#define SDM_ACCEPTABILITY_MAX_SCENARIOS 100000000
/**
 * @brief A first place is *fragile* when the first medicine's first-place
 *        acceptability exceeds the second's by less than this (ten percentage
 *        points).
 *
 * With 10,000 scenarios the standard error of the difference of two shares
 * is at most 0.01, so a gap below 0.10 is not sampling noise that more
 * scenarios would remove: the readings and priorities themselves do not
 * separate the two medicines.
 */
#define SDM_ACCEPTABILITY_FRAGILE_MARGIN 0.10

/**
 * @brief Asks for an acceptability analysis with a number of scenarios and a seed.
 *
 * With a number of scenarios above 0, the decision record of a match with
 * these options (sdm_record_to_json()) carries the analysis, and re-opening
 * the record checks it. 0 (the default) asks for none; sdm_acceptability_run()
 * then draws #SDM_ACCEPTABILITY_DEFAULT_SCENARIOS.
 * @param opts options.
 * @param scenarios 0 to #SDM_ACCEPTABILITY_MAX_SCENARIOS.
 * @param seed any 64-bit number (#SDM_ACCEPTABILITY_DEFAULT_SEED by default).
 * @return #SDM_OK or #SDM_ERR_INVALID_ARGUMENT.
 */
SDM_API sdm_status sdm_match_options_set_acceptability(sdm_match_options *opts, size_t scenarios, uint64_t seed);

/**
 * @brief The number of scenarios the options ask for.
 * @param opts options.
 * @return the number, 0 when none is asked for (also when `opts` is NULL).
 */
SDM_API size_t sdm_match_options_acceptability_scenarios(const sdm_match_options *opts);

/**
 * @brief The seed of the acceptability analysis.
 * @param opts options.
 * @return the seed (#SDM_ACCEPTABILITY_DEFAULT_SEED when not set or `opts` is NULL).
 */
SDM_API uint64_t sdm_match_options_acceptability_seed(const sdm_match_options *opts);

/**
 * @brief The acceptability analysis of a match, made by sdm_match_run() when
 *        its options ask for one.
 *
 * With a number of scenarios above 0 in the options
 * (sdm_match_options_set_acceptability()), sdm_match_run() analyses the
 * ranking once, with the options' seed: the numbers are those
 * sdm_acceptability_run() gives with the same formulary, ranking and
 * options. sdm_match_reason() and sdm_match_card_text() then say in words
 * how sure each medicine's place is.
 * @param m a match.
 * @return the analysis (owned by the match: valid as long as it; copy it with
 *         sdm_acceptability_copy() to keep it longer), or NULL when the
 *         options ask for none, when the ranking has no ranked and no helpful
 *         side effect (there is nothing to be sure of), or `m` is NULL.
 */
SDM_API const sdm_acceptability *sdm_match_acceptability(const sdm_match *m);

/**
 * @brief Copies an analysis (e.g. to keep a match's after freeing the match).
 * @param a an analysis.
 * @param[out] out receives the copy; free it with sdm_acceptability_free().
 * @return #SDM_OK, #SDM_ERR_INVALID_ARGUMENT (NULL) or #SDM_ERR_NO_MEMORY.
 */
SDM_API sdm_status sdm_acceptability_copy(const sdm_acceptability *a, sdm_acceptability **out);

/**
 * @brief Analyses how sure the match of one ranking is.
 *
 * Draws the number of scenarios and uses the seed of the options
 * (#SDM_ACCEPTABILITY_DEFAULT_SCENARIOS and #SDM_ACCEPTABILITY_DEFAULT_SEED
 * when they set none); see the top of this file for what a scenario is.
 * @param f the formulary.
 * @param r the ranking, with at least one ranked or helpful side effect.
 * @param opts options, or NULL for the defaults.
 * @param[out] out receives the analysis; free it with sdm_acceptability_free().
 * When every medicine is excluded the analysis holds none
 * (sdm_acceptability_count() is 0), as sdm_match_run() then ranks none.
 * @return #SDM_OK; #SDM_ERR_INVALID_ARGUMENT (NULL, catalogues that differ, an
 *         invalid ranking, or one with no ranked and no helpful side effect);
 *         #SDM_ERR_NOT_FOUND (a medicine to exclude or of the history not in
 *         the formulary); #SDM_ERR_NO_MEMORY.
 */
SDM_API sdm_status sdm_acceptability_run(const sdm_formulary *f, const sdm_ranking *r,
                                         const sdm_match_options *opts, sdm_acceptability **out);

/**
 * @brief Frees an analysis. NULL is ignored.
 * @param a an analysis, or NULL.
 */
SDM_API void sdm_acceptability_free(sdm_acceptability *a);

/**
 * @brief The number of scenarios drawn.
 * @param a an analysis.
 * @return the number, 0 if `a` is NULL.
 */
SDM_API size_t sdm_acceptability_scenarios(const sdm_acceptability *a);

/**
 * @brief The seed of the scenarios.
 * @param a an analysis.
 * @return the seed, 0 if `a` is NULL.
 */
SDM_API uint64_t sdm_acceptability_seed(const sdm_acceptability *a);

/**
 * @brief The number of medicines assessed (those sdm_match_run() ranks).
 * @param a an analysis.
 * @return the count, 0 if `a` is NULL.
 */
SDM_API size_t sdm_acceptability_count(const sdm_acceptability *a);

/**
 * @brief An assessed medicine. They are listed by first-place acceptability,
 *        highest first, then by top-three acceptability, then by name and id.
 * @param a an analysis.
 * @param i a position below sdm_acceptability_count().
 * @return the medicine (owned by the formulary), or NULL if out of range.
 */
SDM_API const sdm_profile *sdm_acceptability_profile(const sdm_acceptability *a, size_t i);

/**
 * @brief The position of an assessed medicine in its formulary (as the batch reports medicines).
 * @param a an analysis.
 * @param i a position below sdm_acceptability_count().
 * @return the formulary index, or (size_t)-1 if out of range.
 */
SDM_API size_t sdm_acceptability_formulary_index(const sdm_acceptability *a, size_t i);

/**
 * @brief The share of scenarios in which a medicine is first (ties share the credit).
 * @param a an analysis.
 * @param i a position below sdm_acceptability_count().
 * @return a share from 0 to 1, or NaN if out of range.
 */
SDM_API double sdm_acceptability_first(const sdm_acceptability *a, size_t i);

/**
 * @brief The share of scenarios in which a medicine is among the first three (ties share the credit).
 * @param a an analysis.
 * @param i a position below sdm_acceptability_count().
 * @return a share from 0 to 1, or NaN if out of range.
 */
SDM_API double sdm_acceptability_top3(const sdm_acceptability *a, size_t i);

/**
 * @brief The number of ranked side effects, the length of the central weights.
 * @param a an analysis.
 * @return k, 0 if `a` is NULL.
 */
SDM_API size_t sdm_acceptability_rank_count(const sdm_acceptability *a);

/**
 * @brief A medicine's central weight of a rank: the mean weight of that rank
 *        in the scenarios where the medicine is first.
 * @param a an analysis.
 * @param i a position below sdm_acceptability_count().
 * @param rank 1 to sdm_acceptability_rank_count().
 * @return the weight, or NaN if out of range or the medicine is never first.
 */
SDM_API double sdm_acceptability_central_weight(const sdm_acceptability *a, size_t i, size_t rank);

/**
 * @brief Whether the first place is fragile (see #SDM_ACCEPTABILITY_FRAGILE_MARGIN).
 * @param a an analysis.
 * @return 1 if it is, 0 if not or if fewer than two medicines were assessed or `a` is NULL.
 */
SDM_API int sdm_acceptability_fragile(const sdm_acceptability *a);

/**
 * @brief The number of cells that drive the uncertainty: the unknown or
 *        disputed (spread of at least #SDM_DISAGREEMENT_SPREAD) cells of the
 *        top medicines (the first two, or the first alone when only it is
 *        ever first) on the person's side effects, the person's own readings
 *        excepted.
 * @param a an analysis.
 * @return the count, 0 if `a` is NULL.
 */
SDM_API size_t sdm_acceptability_driver_count(const sdm_acceptability *a);

/**
 * @brief The medicine of a driving cell.
 * @param a an analysis.
 * @param i a position below sdm_acceptability_driver_count().
 * @return the medicine, or NULL if out of range.
 */
SDM_API const sdm_profile *sdm_acceptability_driver_profile(const sdm_acceptability *a, size_t i);

/**
 * @brief The side effect (catalogue index) of a driving cell.
 * @param a an analysis.
 * @param i a position below sdm_acceptability_driver_count().
 * @return the index, or (size_t)-1 if out of range.
 */
SDM_API size_t sdm_acceptability_driver_effect(const sdm_acceptability *a, size_t i);

/**
 * @brief The spread of a driving cell.
 * @param a an analysis.
 * @param i a position below sdm_acceptability_driver_count().
 * @return -1 when no source rates the cell (unknown), else its spread (2 or
 *         3); -2 if out of range.
 */
SDM_API int sdm_acceptability_driver_spread(const sdm_acceptability *a, size_t i);

/**
 * @brief The analysis in plain words for the person.
 *
 * For example: "Across 10,000 plausible readings of the evidence and of your
 * priorities, cariprazine is the best fit for you in 62 % of them;
 * amisulpride in 21 %; ..." A fragile first place says so ("first in 38 % of
 * readings; amisulpride 35 %: the evidence does not separate them"), and the
 * driving cells are named with their sources' readings.
 * @param a an analysis.
 * @param[out] out receives NUL-terminated UTF-8 text; free it with sdm_free().
 * @return #SDM_OK, #SDM_ERR_INVALID_ARGUMENT or #SDM_ERR_NO_MEMORY.
 */
SDM_API sdm_status sdm_acceptability_text(const sdm_acceptability *a, char **out);

/**
 * @brief The analysis as JSON: `{"scenarios", "seed", "fragile", "medicines":
 *        [{"id", "name", "first", "top3", "central_weights"}], "drivers":
 *        [{"medicine", "side_effect", "spread"}]}`.
 *
 * The seed is a JSON integer up to 2^53 and a string of decimal digits above
 * (so that no reader loses its last bits); `central_weights` is null for a
 * medicine never first; a driver's `spread` is null for an unknown cell.
 * @param a an analysis.
 * @param[out] out receives NUL-terminated text; free it with sdm_free().
 * @return #SDM_OK, #SDM_ERR_INVALID_ARGUMENT or #SDM_ERR_NO_MEMORY.
 */
SDM_API sdm_status sdm_acceptability_to_json(const sdm_acceptability *a, char **out);

/**
 * @brief Acceptability analyses of many rankings in one call (the population form).
 *
 * Rows are given as in sdm_match_batch_ext() (catalogue indices, rank 1
 * first, padded with -1; helpful side effects in any order). Each row is
 * analysed with the options' number of scenarios and seed, exactly as
 * sdm_acceptability_run() analyses the same ranking (no history): the shares
 * are equal to the last bit.
 * @param f the formulary.
 * @param opts options, or NULL for the defaults.
 * @param rankings `n` rows of `k` catalogue indices, row-major.
 * @param n the number of rows.
 * @param k the number of ranked columns, 1 to #SDM_MAX_RANK.
 * @param helpful `n` rows of `h` catalogue indices, or NULL when `h` is 0.
 * @param h the number of helpful columns, 0 to #SDM_MAX_ITEMS.
 * @param[out] first `n` x (the formulary's count) shares, row-major, by
 *        formulary index: each medicine's first-place acceptability in the
 *        row; NaN for a medicine the row leaves out, and in every place of a
 *        row with no side effect.
 * @param[out] top3 the same for the top-three acceptability (may be NULL).
 * @return #SDM_OK; #SDM_ERR_INVALID_ARGUMENT (NULL, sizes, an index out of
 *         range or a value after -1, naming the row and column);
 *         #SDM_ERR_DUPLICATE; #SDM_ERR_CONFLICT; #SDM_ERR_NOT_FOUND;
 *         #SDM_ERR_NO_MEMORY. On failure the outputs are undefined.
 */
SDM_API sdm_status sdm_acceptability_batch(const sdm_formulary *f, const sdm_match_options *opts,
                                           const int32_t *rankings, size_t n, size_t k, const int32_t *helpful,
                                           size_t h, double *first, double *top3);

#ifdef __cplusplus
}
#endif

#endif /* SDM_ACCEPTABILITY_H */
