/*
 * libsdm - shared decision making about antipsychotic medication
 * SPDX-License-Identifier: MIT
 */
/**
 * @file batch.h
 * @brief Matching many rankings at once, for research: no allocation per ranking, results in arrays.
 *
 * A batch row is a ranking given as catalogue indices, rank 1 first, and
 * (with sdm_match_batch_ext()) the side effects ticked as helpful. For every
 * row, the best `top` medicines and their scores are written to the caller's
 * arrays exactly as sdm_match_run() ranks them: the same scores to the last
 * bit, the same filters and unknown policy, the same synthesis rule, ties
 * (see sdm_match_tie_tolerance()) listed by name. sdm_match_batch_ext() also
 * reports the rank of each place and how many medicines share it, so that a
 * tie is never hidden behind the first name.
 *
 * **Rows.** A cell is a catalogue index (0 to the catalogue's count - 1) or
 * -1. A row ends at its first -1, and every cell after it must be -1 too
 * (anything else is an error naming the row and column). A row with no side
 * effect at all (every ranked and helpful cell -1: a missing answer) gets no
 * result: best -1, score NaN, rank and tied 0 in every place. That differs
 * from sdm_match_run() on an empty ranking, which lists every medicine tied
 * at 0.
 *
 * **Reading the input.** The batch reads each cell of the caller's arrays
 * exactly once: a row is copied to the batch's own buffer, checked there,
 * and the copy is scored. If another thread changes the arrays during the
 * call (which it must not), the result may be wrong or an error, but no
 * unchecked index is ever used.
 *
 * **Threads.** The calls are reentrant and keep no state. To use every core
 * on one large batch, call sdm_match_batch_threads(): it shares the rows
 * among threads and gives the same results, bit for bit, as one thread. (Or
 * give each of your threads its own slice of the rows and of the output
 * arrays, and call from each on the same formulary and options.)
 *
 * **Speed.** Every option, row length, `top` and formulary size runs on the
 * vectorised path; the CPU's kernels are chosen once per process. See
 * BENCHMARKS.md for what each costs.
 */
#ifndef SDM_BATCH_H
#define SDM_BATCH_H

#include <stdint.h>

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Matches `n` rankings, with their helpful side effects, to a formulary
 *        and keeps the best `top` medicines of each, with their ranks and ties.
 *
 * Each row is scored as sdm_match_run() scores the same ranking with the
 * same options (its terms are the ranked side effects in rank order, then
 * the helpful ones in catalogue order, whatever order the row gives them in),
 * so every score equals sdm_match_score() to the last bit and the order is
 * sdm_match_run()'s.
 *
 * @param f the formulary.
 * @param opts options, or NULL for the defaults. Every option applies as in
 *        sdm_match_run(): scheme, severity scale, unknown policy (with
 *        #SDM_UNKNOWN_EXCLUDE a medicine is left out of a row when one of that
 *        row's side effects is unknown for it), synthesis rule, helpful
 *        weight, exclusions and filters.
 * @param rankings `n` rows of `k` catalogue indices, row-major, rank 1 first,
 *        padded with -1 after the last ranked side effect.
 * @param n the number of rows.
 * @param k the number of ranked columns, 1 to #SDM_MAX_RANK.
 * @param helpful `n` rows of `h` catalogue indices, row-major, the side
 *        effects ticked as helpful in any order, padded with -1; NULL when `h`
 *        is 0. A side effect may not be both ranked and helpful in a row.
 * @param h the number of helpful columns, 0 to #SDM_MAX_ITEMS.
 * @param top how many of the best medicines to keep per row, at least 1.
 * @param[out] best `n` x `top` formulary indices, best first; -1 where fewer
 *        than `top` medicines are ranked, and in every place of a row with
 *        no side effect.
 * @param[out] scores `n` x `top` scores (may be NULL); NaN where `best` is -1.
 * @param[out] ranks `n` x `top` ranks (may be NULL): the 1-based, tie-aware
 *        rank of each place as sdm_match_rank() gives it (tied medicines
 *        share the rank of the first of them: 1, 1, 3); 0 where `best` is -1.
 * @param[out] tied `n` x `top` counts (may be NULL): how many ranked medicines
 *        share the rank of each place, counting those beyond `top` (1 when
 *        the place is not tied); 0 where `best` is -1. With `top` = 1, a
 *        count above 1 says the best medicine is only the first by name of
 *        that many equally good ones: share the credit among them.
 * @return #SDM_OK; #SDM_ERR_INVALID_ARGUMENT (NULL, sizes, an index out of
 *         range or a value after -1, naming the row and column; custom weights
 *         for fewer ranks than a row has, naming the row);
 *         #SDM_ERR_DUPLICATE (a side effect twice in a row); #SDM_ERR_CONFLICT
 *         (a side effect both ranked and helpful in a row); #SDM_ERR_NOT_FOUND
 *         (an excluded medicine not in the formulary); #SDM_ERR_LIMIT (the
 *         weights of a row's ranks cannot be told apart in double precision,
 *         as sdm_match_run() says, naming the row); #SDM_ERR_NO_MEMORY. On
 *         failure the outputs are undefined.
 */
SDM_API sdm_status sdm_match_batch_ext(const sdm_formulary *f, const sdm_match_options *opts,
                                       const int32_t *rankings, size_t n, size_t k,
                                       const int32_t *helpful, size_t h, size_t top,
                                       int32_t *best, double *scores, int32_t *ranks, int32_t *tied);

/**
 * @brief Matches `n` rankings to a formulary and keeps the best `top` medicines of each.
 *
 * The same as sdm_match_batch_ext() with no helpful side effects and no
 * ranks or counts of ties: `sdm_match_batch_ext(f, opts, rankings, n, k,
 * NULL, 0, top, best, scores, NULL, NULL)`. A tied best medicine is then
 * reported as the first by name; use sdm_match_batch_ext() to see the ties.
 *
 * @param f the formulary.
 * @param opts options, or NULL for the defaults (see sdm_match_batch_ext()).
 * @param rankings `n` rows of `k` catalogue indices, row-major, rank 1 first,
 *        padded with -1 (see sdm_match_batch_ext()).
 * @param n the number of rows.
 * @param k the number of columns, 1 to #SDM_MAX_RANK.
 * @param top how many of the best medicines to keep per row, at least 1.
 * @param[out] best `n` x `top` formulary indices, best first; -1 where fewer
 *        than `top` medicines are ranked or the row is empty.
 * @param[out] scores `n` x `top` scores (may be NULL); NaN where `best` is -1.
 * @return as sdm_match_batch_ext().
 */
SDM_API sdm_status sdm_match_batch(const sdm_formulary *f, const sdm_match_options *opts,
                                   const int32_t *rankings, size_t n, size_t k, size_t top,
                                   int32_t *best, double *scores);

/**
 * @brief sdm_match_batch_ext() on several threads: the rows are shared among
 *        `threads` threads, and the results are the same, bit for bit.
 *
 * The rows are cut into contiguous slices, one per thread (the calling
 * thread does the first); each row is scored exactly as sdm_match_batch_ext()
 * scores it, so every output equals a single thread's. Fewer threads are used
 * when there are fewer than 8,192 rows for each (a thread costs more than
 * it saves on a small batch), and at most 256. On an error, the error (and
 * sdm_last_error(), on the calling thread) is the one sdm_match_batch_ext()
 * gives: that of the first failing row in the first slice that fails, which
 * is the first failing row of the batch only when one slice fails.
 *
 * @param f the formulary.
 * @param opts options, or NULL for the defaults (see sdm_match_batch_ext()).
 * @param rankings `n` rows of `k` catalogue indices (see sdm_match_batch_ext()).
 * @param n the number of rows.
 * @param k the number of ranked columns, 1 to #SDM_MAX_RANK.
 * @param helpful `n` rows of `h` catalogue indices, or NULL when `h` is 0.
 * @param h the number of helpful columns, 0 to #SDM_MAX_ITEMS.
 * @param top how many of the best medicines to keep per row, at least 1.
 * @param[out] best `n` x `top` formulary indices (see sdm_match_batch_ext()).
 * @param[out] scores `n` x `top` scores (may be NULL).
 * @param[out] ranks `n` x `top` ranks (may be NULL).
 * @param[out] tied `n` x `top` counts of ties (may be NULL).
 * @param threads how many threads to use; 0 for one per online core.
 * @return as sdm_match_batch_ext().
 */
SDM_API sdm_status sdm_match_batch_threads(const sdm_formulary *f, const sdm_match_options *opts,
                                           const int32_t *rankings, size_t n, size_t k, const int32_t *helpful,
                                           size_t h, size_t top, int32_t *best, double *scores, int32_t *ranks,
                                           int32_t *tied, size_t threads);

#ifdef __cplusplus
}
#endif

#endif /* SDM_BATCH_H */
