/*
 * libsdm - shared decision making about antipsychotic medication
 * SPDX-License-Identifier: MIT
 */
/**
 * @file batch.h
 * @brief Matching many rankings at once, for research: no allocation per ranking, results in arrays.
 *
 * A batch row is a ranking given as catalogue indices, rank 1 first, with no
 * helpful side effects. For every row, the best `top` medicines and their
 * scores are written to the caller's arrays, exactly as sdm_match_run() would
 * rank them (the same scores, ties listed by name).
 *
 * The call is reentrant and keeps no state: to use several threads, give each
 * thread its own slice of the rows (and of the output arrays) and call it from
 * each thread on the same formulary and options.
 */
#ifndef SDM_BATCH_H
#define SDM_BATCH_H

#include <stdint.h>

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Matches `n` rankings to a formulary and keeps the best `top` medicines of each.
 *
 * @param f the formulary.
 * @param opts options, or NULL for the defaults; filters and the unknown
 *        policy apply as in sdm_match_run() (with #SDM_UNKNOWN_EXCLUDE a
 *        medicine is left out of a row when one of that row's side effects is
 *        unknown for it). The helpful weight is not used: rows have no helpful side effects.
 * @param rankings `n` rows of `k` catalogue indices, row-major, rank 1 first;
 *        a negative index ends a row early (a ranking of fewer than `k`).
 * @param n the number of rows.
 * @param k the number of columns, 1 to #SDM_MAX_RANK.
 * @param top how many of the best medicines to keep per row, at least 1.
 * @param[out] best `n` x `top` formulary indices, best first; -1 where fewer
 *        than `top` medicines are ranked.
 * @param[out] scores `n` x `top` scores (may be NULL); NaN where `best` is -1.
 * @return #SDM_OK; #SDM_ERR_INVALID_ARGUMENT (NULL, sizes, an index out of
 *         range, naming the row and column); #SDM_ERR_DUPLICATE (a side effect
 *         twice in a row); #SDM_ERR_NOT_FOUND (an excluded medicine not in the
 *         formulary); #SDM_ERR_NO_MEMORY. On failure the outputs are undefined.
 */
SDM_API sdm_status sdm_match_batch(const sdm_formulary *f, const sdm_match_options *opts,
                                   const int32_t *rankings, size_t n, size_t k, size_t top,
                                   int32_t *best, double *scores);

#ifdef __cplusplus
}
#endif

#endif /* SDM_BATCH_H */
