/*
 * libsdm - the batch's vectorised path for every row the single-precision
 * screen (batch-lanes.c) does not take: any `top`, helpful side effects,
 * unknown ratings that exclude, rows of any length, formularies of any size.
 *
 * A row is scored over the lane layout of batch-lanes.c (medicines in name
 * order, four to a vector): each lane starts from 0 (+inf for padding) and
 * adds w_1 s_1, w_2 s_2, ... then -h v for each helpful side effect, in
 * catalogue order: the operations of sdm__score_medicine(), in its order, so
 * the same bits. A medicine an unknown rating excludes gets +inf, as padding
 * does (a real score is finite: options.h), and is never listed.
 *
 * Then the groups of sdm__score_order(), from the vectors: the lowest
 * remaining score, every remaining lane within the tie tolerance of it (a
 * group; its lanes in lane order are in name order, as a match lists a
 * group), those lanes set to +inf, again until `top` places are written.
 * Each group is one pass over the vectors.
 *
 * The kernel is written once with GCC vector extensions and compiled twice:
 * portable, and for AVX2 (chosen once per process, batch-lanes.c).
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "batch-private.h"

/* Macros, not functions: a vector passed or returned by value would have
 * another ABI in the AVX2 build than in the portable one. */

/* The lowest of the four lanes of v. */
#define LANES_LOWEST(v) lowest_of((v)[0], (v)[1], (v)[2], (v)[3])
static inline double lowest_of(double a, double b, double c, double d)
{
    double x = a < b ? a : b, y = c < d ? c : d;
    return x < y ? x : y;
}

/* The lanes of a mask, as bits. */
#define LANES_BITS(m) lane_bits((m)[0], (m)[1], (m)[2], (m)[3])
static inline unsigned lane_bits(long long a, long long b, long long c, long long d)
{
    return (unsigned)((a & 1) | (b & 2) | (c & 4) | (d & 8));
}

/* The lower of a and b in each lane, as bits (a vector min). */
#define LANES_MIN(a, b) ((sdm_lanes)(((sdm_lane_mask)(a) & ((a) < (b))) | ((sdm_lane_mask)(b) & ~((a) < (b)))))

/* The scores of one row in `score` (lp->blocks vectors); returns the lowest. */
static inline __attribute__((always_inline)) double row_scores(const sdm_lane_plan *lp, const sdm_score_terms *t,
                                                                  const int32_t *effects, size_t len, size_t hc,
                                                                  sdm_lanes *score)
{
    const size_t blocks = lp->blocks;
    const double *w = t->weight;
    const double hw = -t->helpful_weight;
    const sdm_lanes inf = {INFINITY, INFINITY, INFINITY, INFINITY};
    sdm_lanes low = inf;
    for (size_t b = 0; b < blocks; b++) {
        sdm_lanes acc = lp->start[b];
        for (size_t c = 0; c < len; c++)
            acc += (sdm_lanes){w[c], w[c], w[c], w[c]} * lp->severity[(size_t)effects[c] * blocks + b];
        for (size_t c = len; c < len + hc; c++)
            acc += (sdm_lanes){hw, hw, hw, hw} * lp->helpful[(size_t)effects[c] * blocks + b];
        if (lp->lack)
            acc += lp->lack[b];
        if (lp->unknown) {
            sdm_lane_mask out = {0, 0, 0, 0};
            for (size_t c = 0; c < len + hc; c++)
                out |= lp->unknown[(size_t)effects[c] * blocks + b];
            acc = (sdm_lanes)(((sdm_lane_mask)acc & ~out) | ((sdm_lane_mask)inf & out));
        }
        score[b] = acc;
        low = LANES_MIN(low, acc);
    }
    return LANES_LOWEST(low);
}

/* The best medicine alone: the first lane within the tolerance of the lowest
 * and, when asked, how many are. */
static inline __attribute__((always_inline)) void first_group(const sdm_lane_plan *lp, const sdm_score_terms *t,
                                                              const sdm_lanes *score, double lowest, int32_t *best,
                                                              double *scores, int32_t *ranks, int32_t *tied)
{
    const sdm_lanes low = {lowest, lowest, lowest, lowest}, tie = {t->tie, t->tie, t->tie, t->tie};
    size_t b = 0;
    unsigned near = 0;
    while (!(near = LANES_BITS(score[b] - low <= tie)))
        b++;
    size_t lane = b * SDM_LANES + (size_t)__builtin_ctz(near);
    *best = lp->medicine[lane];
    if (scores)
        *scores = ((const double *)score)[lane];
    if (ranks)
        *ranks = 1;
    if (tied) {
        int32_t count = __builtin_popcount(near);
        for (b++; b < lp->blocks; b++)
            count += __builtin_popcount(LANES_BITS(score[b] - low <= tie));
        *tied = count;
    }
}

/* Places 0..top-1 of one checked row, group by group. */
static inline __attribute__((always_inline)) void row_places(const sdm_lane_plan *lp, const sdm_score_terms *t,
                                                             const int32_t *effects, size_t len, size_t hc,
                                                             size_t top, sdm_lanes *score, int32_t *best,
                                                             double *scores, int32_t *ranks, int32_t *tied)
{
    const size_t blocks = lp->blocks;
    const sdm_lanes inf = {INFINITY, INFINITY, INFINITY, INFINITY};
    const sdm_lanes tie = {t->tie, t->tie, t->tie, t->tie};
    double lowest = row_scores(lp, t, effects, len, hc, score);
    size_t place = 0;
    if (top == 1) {
        if (lowest < INFINITY) {
            first_group(lp, t, score, lowest, best, scores, ranks, tied);
            place = 1;
        }
    } else {
        while (place < top && lowest < INFINITY) {
            const sdm_lanes low = {lowest, lowest, lowest, lowest};
            sdm_lanes next = inf;
            size_t first = place;
            int32_t group = 0;
            for (size_t b = 0; b < blocks; b++) {
                sdm_lane_mask near = score[b] - low <= tie;
                unsigned bits = LANES_BITS(near);
                group += __builtin_popcount(bits);
                for (; bits && place < top; bits &= bits - 1) {
                    size_t lane = b * SDM_LANES + (size_t)__builtin_ctz(bits);
                    best[place] = lp->medicine[lane];
                    if (scores)
                        scores[place] = ((const double *)score)[lane];
                    place++;
                }
                score[b] = (sdm_lanes)(((sdm_lane_mask)score[b] & ~near) | ((sdm_lane_mask)inf & near));
                next = LANES_MIN(next, score[b]);
            }
            for (size_t j = first; j < place; j++) {
                if (ranks)
                    ranks[j] = (int32_t)(first + 1);
                if (tied)
                    tied[j] = group;
            }
            lowest = LANES_LOWEST(next);
        }
    }
    sdm__batch_no_result(best, scores, ranks, tied, place, top);
}

static void portable_places(const sdm_lane_plan *lp, const sdm_score_terms *t, const int32_t *effects, size_t len,
                            size_t hc, size_t top, sdm_lanes *score, int32_t *best, double *scores, int32_t *ranks,
                            int32_t *tied)
{
    row_places(lp, t, effects, len, hc, top, score, best, scores, ranks, tied);
}

/* ---- rows of k ranked and h helpful side effects, every cell given -------- */

typedef size_t helpful_fn(const sdm_lane_plan *lp, const sdm_score_terms *t, const int32_t *rankings,
                          const int32_t *helpful, size_t n, size_t k, size_t h, uint32_t items, size_t top,
                          sdm_lanes *score, int32_t *best, double *scores, int32_t *ranks, int32_t *tied,
                          uint32_t *odd);

static size_t portable_helpful(const sdm_lane_plan *lp, const sdm_score_terms *t, const int32_t *rankings,
                               const int32_t *helpful, size_t n, size_t k, size_t h, uint32_t items, size_t top,
                               sdm_lanes *score, int32_t *best, double *scores, int32_t *ranks, int32_t *tied,
                               uint32_t *odd)
{
    int32_t effects[SDM_MAX_RANK + SDM_HELPFUL_FAST];
    size_t odds = 0;
    for (size_t r = 0; r < n; r++) {
        if (!sdm__full_helpful_row(&rankings[r * k], k, &helpful[r * h], h, items, effects)) {
            odd[odds++] = (uint32_t)r;
            continue;
        }
        const size_t at = r * top;
        row_places(lp, t, effects, k, h, top, score, &best[at], scores ? &scores[at] : NULL,
                   ranks ? &ranks[at] : NULL, tied ? &tied[at] : NULL);
    }
    return odds;
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

/* The same in AVX2 intrinsics (the vector extensions above compile to
 * several times the instructions there). No "fma" in the target: no
 * multiply and add may be fused here (batch-lanes.c). */
#define AVX2_TARGET __attribute__((target("avx2,popcnt,bmi,bmi2")))

AVX2_TARGET static double avx2_lowest(__m256d low)
{
    __m128d half = _mm_min_pd(_mm256_castpd256_pd128(low), _mm256_extractf128_pd(low, 1));
    return _mm_cvtsd_f64(_mm_min_sd(half, _mm_unpackhi_pd(half, half)));
}

/* The scores of a row (`len` ranked terms, then helpful ones to `terms`;
 * 0 for `terms`: none), +inf where an unknown rating excludes; returns the lowest. */
AVX2_TARGET __attribute__((always_inline)) static inline double avx2_scores(size_t len, size_t terms, size_t blocks,
                                                                            const __m256d *start, const __m256d *lack,
                                                                            const __m256d *w,
                                                                            const __m256d *const *col,
                                                                            const __m256d *unknown,
                                                                            const int32_t *effects, __m256d *score)
{
    const __m256d inf = _mm256_set1_pd(INFINITY);
    if (terms < len)
        terms = len;
    __m256d low = inf;
    for (size_t b = 0; b < blocks; b++) {
        __m256d acc = start[b];
        for (size_t c = 0; c < len; c++)
            acc = _mm256_add_pd(acc, _mm256_mul_pd(w[c], col[c][b]));
        for (size_t c = len; c < terms; c++)
            acc = _mm256_add_pd(acc, _mm256_mul_pd(w[len], col[c][b]));
        if (lack)
            acc = _mm256_add_pd(acc, lack[b]);
        if (unknown) {
            __m256d out = _mm256_setzero_pd();
            for (size_t c = 0; c < terms; c++)
                out = _mm256_or_pd(out, unknown[(size_t)effects[c] * blocks + b]);
            acc = _mm256_blendv_pd(acc, inf, out);
        }
        score[b] = acc;
        low = _mm256_min_pd(low, acc);
    }
    return avx2_lowest(low);
}

/* Places 0..top-1 from a row's scores (lp->blocks vectors, `lowest` the
 * lowest of them), group by group as row_places() keeps them. */
AVX2_TARGET __attribute__((always_inline)) static inline void avx2_pick(const sdm_lane_plan *lp, double tie_tolerance,
                                                                        __m256d *score, double lowest, size_t top,
                                                                        int32_t *best, double *scores, int32_t *ranks,
                                                                        int32_t *tied)
{
    const size_t blocks = lp->blocks;
    const __m256d inf = _mm256_set1_pd(INFINITY), tie = _mm256_set1_pd(tie_tolerance);
    size_t place = 0;
    if (top == 1 && lowest < INFINITY) {
        const __m256d lo = _mm256_set1_pd(lowest);
        size_t b = 0;
        unsigned near;
        while (!(near = (unsigned)_mm256_movemask_pd(_mm256_cmp_pd(_mm256_sub_pd(score[b], lo), tie, _CMP_LE_OQ))))
            b++;
        size_t lane = b * SDM_LANES + (size_t)__builtin_ctz(near);
        best[0] = lp->medicine[lane];
        if (scores)
            scores[0] = ((const double *)score)[lane];
        if (ranks)
            ranks[0] = 1;
        if (tied) {
            int32_t count = __builtin_popcount(near);
            for (b++; b < blocks; b++)
                count += __builtin_popcount(
                    (unsigned)_mm256_movemask_pd(_mm256_cmp_pd(_mm256_sub_pd(score[b], lo), tie, _CMP_LE_OQ)));
            tied[0] = count;
        }
        place = 1;
    }
    while (top > 1 && place < top && lowest < INFINITY) {
        const __m256d lo = _mm256_set1_pd(lowest);
        __m256d next = inf;
        size_t first = place;
        int32_t group = 0;
        for (size_t b = 0; b < blocks; b++) {
            __m256d near = _mm256_cmp_pd(_mm256_sub_pd(score[b], lo), tie, _CMP_LE_OQ);
            unsigned bits = (unsigned)_mm256_movemask_pd(near);
            if (bits) {
                group += __builtin_popcount(bits);
                for (; bits && place < top; bits &= bits - 1) {
                    size_t lane = b * SDM_LANES + (size_t)__builtin_ctz(bits);
                    best[place] = lp->medicine[lane];
                    if (scores)
                        scores[place] = ((const double *)score)[lane];
                    place++;
                }
                score[b] = _mm256_blendv_pd(score[b], inf, near);
            }
            next = _mm256_min_pd(next, score[b]);
        }
        for (size_t j = first; j < place; j++) {
            if (ranks)
                ranks[j] = (int32_t)(first + 1);
            if (tied)
                tied[j] = group;
        }
        lowest = avx2_lowest(next);
    }
    sdm__batch_no_result(best, scores, ranks, tied, place, top);
}

AVX2_TARGET static void avx2_places(const sdm_lane_plan *lp, const sdm_score_terms *t, const int32_t *effects,
                                    size_t len, size_t hc, size_t top, sdm_lanes *score_out, int32_t *best,
                                    double *scores, int32_t *ranks, int32_t *tied)
{
    const size_t blocks = lp->blocks, terms = len + hc;
    const __m256d *sev = (const __m256d *)lp->severity, *help = (const __m256d *)lp->helpful;
    const __m256d *start = (const __m256d *)lp->start, *lack = (const __m256d *)lp->lack;
    const __m256d *unknown = (const __m256d *)lp->unknown;
    __m256d *score = (__m256d *)score_out;
    __m256d w[SDM_MAX_RANK + 1];
    const __m256d *col[SDM_MAX_RANK + SDM_MAX_ITEMS];
    for (size_t c = 0; c < len; c++) {
        w[c] = _mm256_set1_pd(t->weight[c]);
        col[c] = sev + (size_t)effects[c] * blocks;
    }
    w[len] = _mm256_set1_pd(-t->helpful_weight);
    for (size_t c = len; c < terms; c++)
        col[c] = help + (size_t)effects[c] * blocks;
    double lowest;
    /* the usual shapes with their loops unrolled */
    if (hc == 0 && !unknown && len == 5)
        lowest = avx2_scores(5, 0, blocks, start, lack, w, col, NULL, effects, score);
    else if (hc == 0 && !unknown && len == 4)
        lowest = avx2_scores(4, 0, blocks, start, lack, w, col, NULL, effects, score);
    else if (hc == 0 && !unknown && len == 3)
        lowest = avx2_scores(3, 0, blocks, start, lack, w, col, NULL, effects, score);
    else
        lowest = avx2_scores(len, terms, blocks, start, lack, w, col, unknown, effects, score);
    avx2_pick(lp, t->tie, score, lowest, top, best, scores, ranks, tied);
}

/* portable_helpful() in AVX2, each row's scores by avx2_scores() with the
 * weights made once per chunk; K and H constants where the macro below
 * makes a kernel of that shape, so that its loops are unrolled. */
AVX2_TARGET __attribute__((always_inline)) static inline size_t
avx2_helpful(const sdm_lane_plan *lp, const sdm_score_terms *t, const int32_t *rankings, const int32_t *helpful,
             size_t n, size_t K, size_t H, uint32_t items, size_t top, sdm_lanes *score_out, int32_t *best,
             double *scores, int32_t *ranks, int32_t *tied, uint32_t *odd)
{
    const size_t blocks = lp->blocks;
    const __m256d *sev = (const __m256d *)lp->severity, *help = (const __m256d *)lp->helpful;
    const __m256d *start = (const __m256d *)lp->start, *lack = (const __m256d *)lp->lack;
    const __m256d *unknown = (const __m256d *)lp->unknown;
    __m256d *score = (__m256d *)score_out;
    __m256d w[SDM_MAX_RANK + 1];
    for (size_t c = 0; c < K; c++)
        w[c] = _mm256_set1_pd(t->weight[c]);
    w[K] = _mm256_set1_pd(-t->helpful_weight);
    int32_t effects[SDM_MAX_RANK + SDM_HELPFUL_FAST];
    const __m256d *col[SDM_MAX_RANK + SDM_HELPFUL_FAST];
    size_t odds = 0;
    for (size_t r = 0; r < n; r++) {
        if (__builtin_expect(!sdm__full_helpful_row(&rankings[r * K], K, &helpful[r * H], H, items, effects), 0)) {
            odd[odds++] = (uint32_t)r;
            continue;
        }
        for (size_t c = 0; c < K + H; c++)
            col[c] = (c < K ? sev : help) + (size_t)effects[c] * blocks;
        double lowest = avx2_scores(K, K + H, blocks, start, lack, w, col, unknown, effects, score);
        const size_t at = r * top;
        avx2_pick(lp, t->tie, score, lowest, top, &best[at], scores ? &scores[at] : NULL, ranks ? &ranks[at] : NULL,
                  tied ? &tied[at] : NULL);
    }
    return odds;
}

/* avx2_helpful() for the usual call: top 1, no counts of ties or ranks, no
 * trade-off and no unknown rating that excludes. Its own kernel, so that
 * its loop keeps its values in registers. */
AVX2_TARGET __attribute__((always_inline)) static inline size_t
avx2_helpful_plain(const sdm_lane_plan *lp, const sdm_score_terms *t, const int32_t *rankings,
                   const int32_t *helpful, size_t n, size_t K, size_t H, uint32_t items, sdm_lanes *score_out,
                   int32_t *best, double *scores, uint32_t *odd)
{
    const size_t blocks = lp->blocks, stride = blocks * sizeof(__m256d);
    const char *sev = (const char *)lp->severity, *help = (const char *)lp->helpful;
    const __m256d *start = (const __m256d *)lp->start;
    const int32_t *medicine = lp->medicine;
    const __m256d tie = _mm256_set1_pd(t->tie), inf = _mm256_set1_pd(INFINITY);
    __m256d *score = (__m256d *)score_out;
    __m256d w[SDM_MAX_RANK + 1];
    for (size_t c = 0; c < K; c++)
        w[c] = _mm256_set1_pd(t->weight[c]);
    w[K] = _mm256_set1_pd(-t->helpful_weight);
    int32_t effects[SDM_MAX_RANK + SDM_HELPFUL_FAST];
    const __m256d *col[SDM_MAX_RANK + SDM_HELPFUL_FAST];
    size_t odds = 0;
    for (size_t r = 0; r < n; r++) {
        if (__builtin_expect(!sdm__full_helpful_row(&rankings[r * K], K, &helpful[r * H], H, items, effects), 0)) {
            odd[odds++] = (uint32_t)r;
            continue;
        }
        for (size_t c = 0; c < K + H; c++)
            col[c] = (const __m256d *)((c < K ? sev : help) + (size_t)effects[c] * stride);
        __m256d low = inf;
        for (size_t b = 0; b < blocks; b++) {
            __m256d acc = start[b];
            for (size_t c = 0; c < K; c++)
                acc = _mm256_add_pd(acc, _mm256_mul_pd(w[c], col[c][b]));
            for (size_t c = K; c < K + H; c++)
                acc = _mm256_add_pd(acc, _mm256_mul_pd(w[K], col[c][b]));
            score[b] = acc;
            low = _mm256_min_pd(low, acc);
        }
        double lowest = avx2_lowest(low);
        if (__builtin_expect(!(lowest < INFINITY), 0)) { /* no medicine (every one filtered out) */
            sdm__batch_no_result(best, scores, NULL, NULL, r, r + 1);
            continue;
        }
        const __m256d lo = _mm256_set1_pd(lowest);
        size_t b = 0;
        unsigned near;
        while (!(near = (unsigned)_mm256_movemask_pd(_mm256_cmp_pd(_mm256_sub_pd(score[b], lo), tie, _CMP_LE_OQ))))
            b++;
        size_t lane = b * SDM_LANES + (size_t)__builtin_ctz(near);
        best[r] = medicine[lane];
        if (scores)
            scores[r] = ((const double *)score)[lane];
    }
    return odds;
}

#define AVX2_HELPFUL(K, H)                                                                                   \
    AVX2_TARGET static size_t avx2_helpful_##K##_##H(                                                        \
        const sdm_lane_plan *lp, const sdm_score_terms *t, const int32_t *rankings, const int32_t *helpful,   \
        size_t n, size_t k, size_t h, uint32_t items, size_t top, sdm_lanes *score, int32_t *best,           \
        double *scores, int32_t *ranks, int32_t *tied, uint32_t *odd)                                         \
    {                                                                                                        \
        (void)k, (void)h;                                                                                    \
        if (top == 1 && !ranks && !tied && !lp->lack && !lp->unknown)                                        \
            return avx2_helpful_plain(lp, t, rankings, helpful, n, K, H, items, score, best, scores, odd);   \
        return avx2_helpful(lp, t, rankings, helpful, n, K, H, items, top, score, best, scores, ranks, tied, \
                            odd);                                                                            \
    }
AVX2_HELPFUL(5, 1)
AVX2_HELPFUL(5, 2)
AVX2_HELPFUL(5, 3)

/* Any other shape, its loops not unrolled. */
AVX2_TARGET static size_t avx2_helpful_any(const sdm_lane_plan *lp, const sdm_score_terms *t,
                                           const int32_t *rankings, const int32_t *helpful, size_t n, size_t k,
                                           size_t h, uint32_t items, size_t top, sdm_lanes *score, int32_t *best,
                                           double *scores, int32_t *ranks, int32_t *tied, uint32_t *odd)
{
    if (top == 1 && !ranks && !tied && !lp->lack && !lp->unknown)
        return avx2_helpful_plain(lp, t, rankings, helpful, n, k, h, items, score, best, scores, odd);
    return avx2_helpful(lp, t, rankings, helpful, n, k, h, items, top, score, best, scores, ranks, tied, odd);
}
#endif

void sdm__lanes_row(const sdm_lane_plan *lp, const sdm_score_terms *t, const int32_t *effects, size_t len, size_t hc,
                    size_t top, sdm_lanes *score, int32_t *best, double *scores, int32_t *ranks, int32_t *tied)
{
#if defined(__x86_64__) && defined(__GNUC__)
    if (lp->avx2) {
        avx2_places(lp, t, effects, len, hc, top, score, best, scores, ranks, tied);
        return;
    }
#endif
    portable_places(lp, t, effects, len, hc, top, score, best, scores, ranks, tied);
}

size_t sdm__helpful_rows(const sdm_lane_plan *lp, const sdm_score_terms *t, const int32_t *rankings,
                         const int32_t *helpful, size_t n, size_t k, size_t h, size_t items, size_t top,
                         sdm_lanes *score, int32_t *best, double *scores, int32_t *ranks, int32_t *tied, uint32_t *odd)
{
    helpful_fn *rows = portable_helpful;
#if defined(__x86_64__) && defined(__GNUC__)
    if (lp->avx2)
        rows = k == 5 && h == 1   ? avx2_helpful_5_1
               : k == 5 && h == 2 ? avx2_helpful_5_2
               : k == 5 && h == 3 ? avx2_helpful_5_3
                                  : avx2_helpful_any;
#endif
    return rows(lp, t, rankings, helpful, n, k, h, (uint32_t)items, top, score, best, scores, ranks, tied, odd);
}
