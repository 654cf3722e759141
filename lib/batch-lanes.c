/*
 * libsdm - the batch call's fast path: the best medicine of each ranking,
 * when no rating is excluded for being unknown.
 *
 * Medicines are laid out in name order, four to a vector, one row of vectors
 * per side effect. Scoring a ranking of k side effects is then k multiplies
 * and adds per vector, and the answer is the first lane (in name order) within
 * the tie tolerance of the lowest score (the plan's, score.c): the medicine
 * sdm_match_run() lists first; the lanes within it are the medicines that tie
 * with it. Each lane does the same operations in the same order as
 * sdm_match_run() (sdm__score_medicine(): 0 + w1 s1, then + w2 s2, ...), so the
 * scores are equal to the last bit; no compiler may fuse a multiply and an add
 * (-ffp-contract=off in meson, and a pragma in internal.h for every other
 * build).
 *
 * Rows of five, the form's own, have a faster kernel on CPUs with AVX2 and
 * FMA: a screen in single precision, eight medicines to a vector, finds the
 * few that could come first (a bound on its rounding error decides how near
 * is near), and only those are scored in double precision, as above. Most
 * rows have one candidate, or several with the same severities on the row's
 * side effects (an exact tie): a table of equal severities tells so in five
 * loads, and the first by name is the answer.
 *
 * The kernels take the rows they can check in passing ("plain" rows: k
 * distinct side effects, all in the catalogue) and stop at the first other
 * one, which batch.c checks exactly and hands to sdm__lanes_top1_row(). They
 * read rows from batch.c's copy of the caller's, never the caller's array:
 * a row is read more than once here (checked, then scored).
 * There is a kernel in portable C (GCC vector extensions) and those for
 * x86-64 with AVX2, chosen at run time.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "batch-private.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define SDM_HAVE_AVX2_KERNEL 1
#endif

typedef long long lane_mask __attribute__((vector_size(SDM_LANES * sizeof(double))));

/* Most vectors a row of scores takes. */
#define MAX_BLOCKS (SDM_MAX_MEDICATIONS / SDM_LANES + 1)

/* ---- the layout --------------------------------------------------------- */

/* Each candidate's place among the candidates in name order. */
static void place_lanes(sdm_lane_plan *lp, const batch_plan *p)
{
    for (size_t lane = 0; lane < lp->blocks * SDM_LANES; lane++)
        lp->medicine[lane] = -1;
    for (size_t m = 0; m < p->meds; m++) {
        if (!p->candidate[m])
            continue;
        size_t lane = 0;
        for (size_t other = 0; other < p->meds; other++)
            lane += p->candidate[other] && p->name_order[other] < p->name_order[m];
        lp->medicine[lane] = (int32_t)m;
    }
}

/* Rows of five over a catalogue of up to 64 side effects and up to 32
 * medicines may start from a table of their first two terms,
 * (0 + w1 s[a]) + w2 s[b] for every a and b: the same operations as the
 * kernels', so the same bits, done once instead of once per row. It costs
 * items x items x blocks vectors, so only a batch of many rows gets one. */
#define PAIR_TABLE_ROWS 4096

static int wants_pairs(const sdm_lane_plan *lp, const batch_plan *p, size_t rows, size_t k)
{
    return k == 5 && rows >= PAIR_TABLE_ROWS && p->items <= 64 && lp->blocks >= 1 && lp->blocks <= 8;
}

static sdm_status make_pairs(sdm_lane_plan *lp, const batch_plan *p)
{
    size_t items = p->items, blocks = lp->blocks;
    lp->pair_memory = sdm__malloc(items * items * blocks * sizeof(sdm_lanes) + sizeof(sdm_lanes));
    if (!lp->pair_memory)
        return sdm__fail_no_memory();
    uintptr_t at = ((uintptr_t)lp->pair_memory + sizeof(sdm_lanes) - 1) & ~(uintptr_t)(sizeof(sdm_lanes) - 1);
    lp->pairs = (sdm_lanes *)at;
    const double *w = p->terms[5].weight;
    sdm_lanes w0 = {w[0], w[0], w[0], w[0]}, w1 = {w[1], w[1], w[1], w[1]};
    for (size_t a = 0; a < items; a++)
        for (size_t b = 0; b < items; b++)
            for (size_t blk = 0; blk < blocks; blk++) {
                sdm_lanes acc = lp->start[blk] + w0 * lp->severity[a * blocks + blk];
                lp->pairs[(a * items + b) * blocks + blk] = acc + w1 * lp->severity[b * blocks + blk];
            }
    return SDM_OK;
}

/* The single-precision screen for rows of five (the AVX2 kernel's first
 * pass). A lane's single-precision score F and its double score D (the exact
 * result the call returns) differ by at most 8 u S + 1e-20, where u = 2^-24
 * and S bounds the sum of |w_c| |s| over a row: converting each weight and
 * severity rounds once (2u per product), each of the five fused multiply-adds
 * once (u per step, on a partial sum at most S), D differs from the real sum
 * by less than 5 * 2^-53 S, and what underflows or is flushed to zero below
 * 2^-126 loses less than 1e-20 in all (weights are at most 1e15). The screen
 * is tie + 64 u S + 1e-15 (tie: the plan's tie tolerance for rows of five),
 * and the limit low + screen, rounded to single precision, loses at most
 * u (S + screen) of it. A lane above the limit then has D - D_low > tie: it
 * is neither the lowest nor tied with it, so the candidates hold every lane sdm_match_run() could list
 * first. Values above 1e15 would make the screen useless, and NaN or
 * infinity are not compared at all: then the double kernels do every lane. */
#define SCREEN_LARGEST 1e15

static int screen_wanted(const sdm_lane_plan *lp, const batch_plan *p, size_t k, double *screen)
{
    if (k != 5 || p->items > 64 || lp->blocks < 1 || lp->blocks > 8)
        return 0;
    double weights = 0.0, largest = 0.0;
    for (size_t c = 0; c < 5; c++) {
        double w = fabs(p->terms[5].weight[c]);
        if (!(w <= SCREEN_LARGEST))
            return 0;
        weights += w;
    }
    const double *sev = (const double *)lp->severity;
    for (size_t at = 0; at < p->items * lp->blocks * SDM_LANES; at++) {
        double v = fabs(sev[at]);
        if (!(v <= SCREEN_LARGEST))
            return 0;
        largest = v > largest ? v : largest;
    }
    *screen = p->terms[5].tie + 64.0 * 0x1p-24 * weights * largest + 1e-15;
    return 1;
}

/* For the second pass of the screen, each lane's severities together (so
 * that a lane's exact score reads one short row) and, for each lane and side
 * effect, the lanes whose severity of it is the same value, as bits: two lanes
 * that agree on a row's five side effects have the same double score to the
 * last bit. */
static void make_by_lane(sdm_lane_plan *lp, const batch_plan *p)
{
    const double *sev = (const double *)lp->severity;
    size_t lanes = lp->blocks * SDM_LANES, items = p->items, all = lp->fblocks * SDM_FLANES;
    for (size_t i = 0; i < items; i++) {
        /* the distinct severities of this side effect, as bits (equal bits,
         * equal values and the same scores), and the lanes that have each */
        uint64_t value[SDM_FLANES * 4];
        uint32_t lanes_with[SDM_FLANES * 4];
        size_t distinct = 0, of[SDM_FLANES * 4];
        for (size_t lane = 0; lane < lanes; lane++) {
            if (lp->medicine[lane] < 0)
                continue;
            uint64_t bits;
            memcpy(&bits, &sev[i * lanes + lane], sizeof bits);
            size_t d = 0;
            while (d < distinct && value[d] != bits)
                d++;
            if (d == distinct) {
                value[distinct] = bits;
                lanes_with[distinct++] = 0;
            }
            lanes_with[d] |= (uint32_t)1 << lane;
            of[lane] = d;
        }
        for (size_t lane = 0; lane < all; lane++) {
            int used = lane < lanes && lp->medicine[lane] >= 0;
            lp->by_lane[lane * items + i] = used ? sev[i * lanes + lane] : 0.0;
            lp->same[lane * items + i] = used ? lanes_with[of[lane]] : 0;
        }
    }
}

/* Vectors from one side effect's to the next in the screen: a power of two,
 * so that finding a row's five takes a shift each. */
#define SCREEN_STRIDE(fblocks) ((fblocks) == 3 ? (size_t)4 : (size_t)(fblocks))

static sdm_status make_screen(sdm_lane_plan *lp, const batch_plan *p, double screen)
{
    size_t fblocks = (lp->blocks * SDM_LANES + SDM_FLANES - 1) / SDM_FLANES, items = p->items;
    size_t stride = SCREEN_STRIDE(fblocks), lanes = fblocks * SDM_FLANES;
    size_t vectors = (items * stride + fblocks) * sizeof(sdm_flanes);
    lp->screen_memory = sdm__malloc(sizeof(sdm_flanes) + vectors + lanes * items * (sizeof(double) + sizeof(uint32_t)));
    if (!lp->screen_memory)
        return sdm__fail_no_memory();
    uintptr_t at = ((uintptr_t)lp->screen_memory + sizeof(sdm_flanes) - 1) & ~(uintptr_t)(sizeof(sdm_flanes) - 1);
    lp->fseverity = (sdm_flanes *)at;
    lp->fstart = lp->fseverity + items * stride;
    lp->by_lane = (double *)(lp->fstart + fblocks);
    lp->same = (uint32_t *)(lp->by_lane + lanes * items);
    lp->fblocks = fblocks;
    /* rounded up, so that rounding the bound to single precision never narrows it */
    lp->screen = nextafterf((float)screen, INFINITY);
    const double *sev = (const double *)lp->severity;
    for (size_t lane = 0; lane < lanes; lane++) {
        size_t b = lane / SDM_FLANES, l = lane % SDM_FLANES;
        int used = lane < lp->blocks * SDM_LANES && lp->medicine[lane] >= 0;
        lp->fstart[b][l] = used ? 0.0f : INFINITY;
        for (size_t i = 0; i < items; i++)
            lp->fseverity[i * stride + b][l] = used ? (float)sev[i * lp->blocks * SDM_LANES + lane] : 0.0f;
    }
    make_by_lane(lp, p);
    return SDM_OK;
}

static int have_avx2(void);
static int have_avx2_fma(void);

sdm_status sdm__lane_plan_make(sdm_lane_plan *lp, const batch_plan *p, size_t rows, size_t k)
{
    size_t count = 0;
    for (size_t m = 0; m < p->meds; m++)
        count += p->candidate[m];
    lp->blocks = (count + SDM_LANES - 1) / SDM_LANES;
    size_t blocks = lp->blocks ? lp->blocks : 1;
    lp->memory = sdm__malloc((p->items + 1) * blocks * sizeof(sdm_lanes) + sizeof(sdm_lanes));
    lp->medicine = sdm__malloc(blocks * SDM_LANES * sizeof *lp->medicine);
    if (!lp->memory || !lp->medicine)
        return sdm__fail_no_memory();
    /* vectors must be aligned to their size */
    uintptr_t at = ((uintptr_t)lp->memory + sizeof(sdm_lanes) - 1) & ~(uintptr_t)(sizeof(sdm_lanes) - 1);
    lp->severity = (sdm_lanes *)at;
    lp->start = lp->severity + p->items * lp->blocks;
    place_lanes(lp, p);
    for (size_t lane = 0; lane < lp->blocks * SDM_LANES; lane++) {
        int32_t m = lp->medicine[lane];
        size_t b = lane / SDM_LANES, l = lane % SDM_LANES;
        /* Padding starts at +inf, so it is never the lowest nor near it. */
        lp->start[b][l] = m < 0 ? INFINITY : 0.0;
        for (size_t i = 0; i < p->items; i++)
            lp->severity[i * lp->blocks + b][l] = m < 0 ? 0.0 : p->severity[(size_t)m * p->items + i];
    }
    lp->avx2 = have_avx2();
    double screen;
    if (lp->avx2 && have_avx2_fma() && screen_wanted(lp, p, k, &screen))
        return make_screen(lp, p, screen);
    return wants_pairs(lp, p, rows, k) ? make_pairs(lp, p) : SDM_OK;
}

void sdm__lane_plan_dispose(sdm_lane_plan *lp)
{
    sdm__free(lp->memory);
    sdm__free(lp->medicine);
    sdm__free(lp->pair_memory);
    sdm__free(lp->screen_memory);
}

/* Whether a row is plain: k distinct side effects of the catalogue. */
static int plain_row(const int32_t *row, size_t k, size_t items)
{
    uint64_t seen = 0, twice = 0;
    for (size_t c = 0; c < k; c++) {
        uint32_t v = (uint32_t)row[c]; /* a negative index becomes large */
        if (v >= items)
            return 0;
        if (items > 64) {
            for (size_t d = 0; d < c; d++)
                if (row[d] == row[c])
                    return 0;
            continue;
        }
        uint64_t bit = (uint64_t)1 << v;
        twice |= seen & bit;
        seen |= bit;
    }
    return twice == 0;
}

/* ---- the portable kernel ------------------------------------------------ */

static void portable_row(const sdm_lane_plan *lp, const sdm_score_terms *t, const int32_t *row, size_t len,
                         int32_t *best, double *score_out, int32_t *tied)
{
    sdm_lanes score[MAX_BLOCKS];
    sdm_lanes low = {INFINITY, INFINITY, INFINITY, INFINITY};
    const double *w = t->weight;
    for (size_t b = 0; b < lp->blocks; b++) {
        sdm_lanes acc = lp->start[b];
        for (size_t c = 0; c < len; c++)
            acc += (sdm_lanes){w[c], w[c], w[c], w[c]} * lp->severity[(size_t)row[c] * lp->blocks + b];
        score[b] = acc;
        lane_mask keep = low < acc; /* a vector min, as bits */
        low = (sdm_lanes)(((lane_mask)low & keep) | ((lane_mask)acc & ~keep));
    }
    double lowest = low[0];
    for (int l = 1; l < SDM_LANES; l++)
        lowest = low[l] < lowest ? low[l] : lowest;
    const double *s = (const double *)score;
    size_t lane = 0; /* the lowest lane is itself near: the search ends */
    while (!sdm__score_tied(t, lowest, s[lane]))
        lane++;
    *best = lp->medicine[lane];
    *score_out = s[lane];
    if (tied) {
        int32_t near = 0;
        for (size_t l = lane; l < lp->blocks * SDM_LANES; l++)
            near += sdm__score_tied(t, lowest, s[l]);
        *tied = near;
    }
}

static size_t portable_rows(const sdm_lane_plan *lp, const batch_plan *p, const int32_t *rankings, size_t n,
                            size_t k, int32_t *best, double *scores, int32_t *tied)
{
    double unused;
    for (size_t r = 0; r < n; r++) {
        if (!plain_row(&rankings[r * k], k, p->items))
            return r;
        portable_row(lp, &p->terms[k], &rankings[r * k], k, &best[r], scores ? &scores[r] : &unused,
                     tied ? &tied[r] : NULL);
    }
    return n;
}

/* ---- the AVX2 kernel ---------------------------------------------------- */

#ifdef SDM_HAVE_AVX2_KERNEL
/* Every CPU with AVX2 has POPCNT and BMI2 too; sdm__lanes_top1() checks all three. */
#define AVX2_TARGET __attribute__((target("avx2,popcnt,bmi,bmi2")))
#define AVX2 AVX2_TARGET __attribute__((always_inline)) static inline

/* The lowest of four lanes, in every lane. */
AVX2 __m256d avx2_lowest(__m256d low)
{
    __m128d half = _mm_min_pd(_mm256_castpd256_pd128(low), _mm256_extractf128_pd(low, 1));
    half = _mm_min_sd(half, _mm_unpackhi_pd(half, half));
    return _mm256_broadcastsd_pd(half);
}

/* The lanes of block b whose score is within the tie tolerance of the
 * lowest, as bits (sdm__score_tied(): score - lowest <= tie). */
AVX2 unsigned avx2_near(const __m256d *score, size_t b, __m256d lowest, __m256d tie)
{
    return (unsigned)_mm256_movemask_pd(_mm256_cmp_pd(_mm256_sub_pd(score[b], lowest), tie, _CMP_LE_OQ));
}

/* The lane of the first score (in name order) within the tie tolerance of
 * the lowest. The lowest lane is itself near (its score is finite, as every
 * block holds a medicine), so the search ends within the blocks. */
AVX2 size_t avx2_first_near(const __m256d *score, __m256d lowest, __m256d tie)
{
    for (size_t b = 0;; b++) {
        unsigned near = avx2_near(score, b, lowest, tie);
        if (near)
            return b * SDM_LANES + (size_t)__builtin_ctz(near);
    }
}

/* How many lanes tie with the lowest, from the block of the first one. */
AVX2 int32_t avx2_count_near(const __m256d *score, size_t from, size_t blocks, __m256d lowest, __m256d tie)
{
    int32_t count = 0;
    for (size_t b = from; b < blocks; b++)
        count += __builtin_popcount(avx2_near(score, b, lowest, tie));
    return count;
}

/* One row of any length over any number of blocks. */
AVX2 void avx2_row(const sdm_lane_plan *lp, const sdm_score_terms *t, const int32_t *row, size_t len,
                   int32_t *best, double *score_out, int32_t *tied)
{
    const double *w = t->weight;
    const __m256d tie = _mm256_set1_pd(t->tie);
    __m256d score[MAX_BLOCKS];
    const __m256d *sev = (const __m256d *)lp->severity, *start = (const __m256d *)lp->start;
    __m256d low = _mm256_set1_pd(INFINITY);
    for (size_t b = 0; b < lp->blocks; b++) {
        __m256d acc = start[b];
        for (size_t c = 0; c < len; c++)
            acc = _mm256_add_pd(acc, _mm256_mul_pd(_mm256_set1_pd(w[c]), sev[(size_t)row[c] * lp->blocks + b]));
        score[b] = acc;
        low = _mm256_min_pd(low, acc);
    }
    __m256d lowest = avx2_lowest(low);
    size_t lane = avx2_first_near(score, lowest, tie);
    *best = lp->medicine[lane];
    *score_out = ((const double *)score)[lane];
    if (tied)
        *tied = avx2_count_near(score, lane / SDM_LANES, lp->blocks, lowest, tie);
}

AVX2_TARGET static size_t avx2_rows(const sdm_lane_plan *lp, const batch_plan *p, const int32_t *rankings,
                                    size_t n, size_t k, int32_t *best, double *scores, int32_t *tied)
{
    double unused;
    for (size_t r = 0; r < n; r++) {
        if (!plain_row(&rankings[r * k], k, p->items))
            return r;
        avx2_row(lp, &p->terms[k], &rankings[r * k], k, &best[r], scores ? &scores[r] : &unused,
                 tied ? &tied[r] : NULL);
    }
    return n;
}

/* Whether a row of five is plain: all below 64, inside the catalogue
 * (`outside` has the bits of the indices past its end), five different ones. */
AVX2 int plain_5(const uint32_t *row, uint64_t outside)
{
    uint32_t i0 = row[0], i1 = row[1], i2 = row[2], i3 = row[3], i4 = row[4];
    uint64_t bits = (uint64_t)1 << (i0 & 63) | (uint64_t)1 << (i1 & 63) | (uint64_t)1 << (i2 & 63) |
                    (uint64_t)1 << (i3 & 63) | (uint64_t)1 << (i4 & 63);
    return (((i0 | i1 | i2 | i3 | i4) >> 6) | (bits & outside) | (uint64_t)(__builtin_popcountll(bits) ^ 5)) == 0;
}

/* Rows of five side effects, as the form asks, over a catalogue of up to 64
 * and B vectors of medicines: the check and the sums unrolled, the scores in
 * registers. */
#define AVX2_ROWS_5(B, NAME, PAIRS)                                                                      \
    AVX2_TARGET static size_t NAME(const sdm_lane_plan *lp, const batch_plan *p,                         \
                                   const int32_t *rankings, size_t n, int32_t *best, double *scores,     \
                                   int32_t *tied)                                                        \
    {                                                                                                   \
        const double *w = p->terms[5].weight;                                                           \
        const __m256d tie = _mm256_set1_pd(p->terms[5].tie);                                            \
        const __m256d w0 = _mm256_set1_pd(w[0]), w1 = _mm256_set1_pd(w[1]), w2 = _mm256_set1_pd(w[2]); \
        const __m256d w3 = _mm256_set1_pd(w[3]), w4 = _mm256_set1_pd(w[4]);                            \
        const __m256d *sev = (const __m256d *)lp->severity, *start = (const __m256d *)lp->start;        \
        const __m256d *pairs = (const __m256d *)lp->pairs;                                              \
        const size_t items = p->items;                                                                  \
        const uint64_t outside = p->items == 64 ? 0 : ~(uint64_t)0 << p->items;                         \
        __m256d score[B];                                                                               \
        double unused;                                                                                  \
        for (size_t r = 0; r < n; r++) {                                                                \
            const uint32_t *row = (const uint32_t *)&rankings[r * 5];                                   \
            uint32_t i0 = row[0], i1 = row[1], i2 = row[2], i3 = row[3], i4 = row[4];                   \
            if (!plain_5(row, outside))                                                                 \
                return r;                                                                               \
            const __m256d *c0 = sev + i0 * (B), *c1 = sev + i1 * (B), *c2 = sev + i2 * (B);            \
            const __m256d *c3 = sev + i3 * (B), *c4 = sev + i4 * (B);                                   \
            const __m256d *pair = PAIRS ? pairs + ((size_t)i0 * items + i1) * (B) : NULL;              \
            __m256d low = _mm256_set1_pd(INFINITY);                                                     \
            _Pragma("GCC unroll 8") for (size_t b = 0; b < (B); b++)                                    \
            {                                                                                           \
                __m256d acc;                                                                            \
                if (PAIRS) {                                                                            \
                    acc = pair[b];                                                                      \
                } else {                                                                                \
                    acc = _mm256_add_pd(start[b], _mm256_mul_pd(w0, c0[b]));                            \
                    acc = _mm256_add_pd(acc, _mm256_mul_pd(w1, c1[b]));                                 \
                }                                                                                       \
                acc = _mm256_add_pd(acc, _mm256_mul_pd(w2, c2[b]));                                     \
                acc = _mm256_add_pd(acc, _mm256_mul_pd(w3, c3[b]));                                     \
                acc = _mm256_add_pd(acc, _mm256_mul_pd(w4, c4[b]));                                     \
                score[b] = acc;                                                                         \
                low = _mm256_min_pd(low, acc);                                                          \
            }                                                                                           \
            const __m256d lowest = avx2_lowest(low);                                                    \
            size_t lane = avx2_first_near(score, lowest, tie);                                          \
            best[r] = lp->medicine[lane];                                                               \
            *(scores ? &scores[r] : &unused) = ((const double *)score)[lane];                           \
            if (tied)                                                                                   \
                tied[r] = avx2_count_near(score, lane / SDM_LANES, (B), lowest, tie);                   \
        }                                                                                               \
        return n;                                                                                       \
    }

AVX2_ROWS_5(1, avx2_rows_5_1, 0)
AVX2_ROWS_5(2, avx2_rows_5_2, 0)
AVX2_ROWS_5(3, avx2_rows_5_3, 0)
AVX2_ROWS_5(4, avx2_rows_5_4, 0)
AVX2_ROWS_5(5, avx2_rows_5_5, 0)
AVX2_ROWS_5(6, avx2_rows_5_6, 0)
AVX2_ROWS_5(7, avx2_rows_5_7, 0)
AVX2_ROWS_5(8, avx2_rows_5_8, 0)
AVX2_ROWS_5(1, avx2_pairs_5_1, 1)
AVX2_ROWS_5(2, avx2_pairs_5_2, 1)
AVX2_ROWS_5(3, avx2_pairs_5_3, 1)
AVX2_ROWS_5(4, avx2_pairs_5_4, 1)
AVX2_ROWS_5(5, avx2_pairs_5_5, 1)
AVX2_ROWS_5(6, avx2_pairs_5_6, 1)
AVX2_ROWS_5(7, avx2_pairs_5_7, 1)
AVX2_ROWS_5(8, avx2_pairs_5_8, 1)

/* ---- the AVX2 screen ------------------------------------------------------ */

#define SCREEN_TARGET __attribute__((target("avx2,fma,popcnt,bmi,bmi2")))
#define SCREEN SCREEN_TARGET __attribute__((always_inline)) static inline

/* A lane's score in double precision, with the operations (and so the bits)
 * of sdm_match_run() and of the double kernels: 0 + w1 s1, then + w2 s2, ...
 * This and the functions that use it are compiled without FMA in their
 * target, besides internal.h's pragma, so that no multiply and add is fused
 * here whatever flags the library is built with (the test foreign-build). */
AVX2 double exact_5(const double *w, const double *sev, const uint32_t *row)
{
    double score = 0.0 + w[0] * sev[row[0]];
    score = score + w[1] * sev[row[1]];
    score = score + w[2] * sev[row[2]];
    score = score + w[3] * sev[row[3]];
    return score + w[4] * sev[row[4]];
}

/* More than one candidate: each scored exactly; the first (in name order)
 * within the tie tolerance of the lowest, as avx2_first_near() decides, and
 * how many are. */
AVX2_TARGET static size_t resolve_candidates(const sdm_lane_plan *lp, const sdm_score_terms *t,
                                               const uint32_t *row, size_t items, uint32_t candidates,
                                               double *score, int32_t *tied)
{
    const double *w = t->weight;
    double exact[SDM_FLANES * 4], lowest = INFINITY;
    for (uint32_t m = candidates; m; m &= m - 1) {
        unsigned lane = (unsigned)__builtin_ctz(m);
        exact[lane] = exact_5(w, lp->by_lane + lane * items, row);
        lowest = exact[lane] < lowest ? exact[lane] : lowest;
    }
    size_t first = SDM_FLANES * 4;
    int32_t near = 0;
    for (uint32_t m = candidates; m; m &= m - 1) {
        unsigned lane = (unsigned)__builtin_ctz(m);
        if (sdm__score_tied(t, lowest, exact[lane])) {
            first = first < lane ? first : lane;
            near++;
        }
    }
    *score = exact[first];
    *tied = near;
    return first;
}

/* The rows are done in chunks, in two passes: the screen of every row of the
 * chunk, then the answer of every row. Done row by row, the long chain from
 * the scores to the candidates to the exact score left the processor waiting;
 * in two passes the rows of each pass are independent and overlap. */
#define SCREEN_CHUNK 64

/* The second pass: the answer of each screened row. Usually every candidate
 * has the first one's severities on the row's side effects (one candidate, or
 * an exact tie), and then the first one, in name order, is the answer, and
 * every candidate ties with it (no other lane can: see screen_wanted()). */
AVX2 void settle(const sdm_lane_plan *lp, const sdm_score_terms *t, size_t items, const int32_t *rankings,
                 size_t n, const uint32_t *candidates, int32_t *best, double *scores, int32_t *tied)
{
    const double *w = t->weight;
    /* held in registers: the stores below could otherwise be taken to change them */
    const double *by_lane = lp->by_lane;
    const uint32_t *same_as = lp->same;
    const int32_t *medicine = lp->medicine;
    const double weights[5] = {w[0], w[1], w[2], w[3], w[4]};
    for (size_t r = 0; r < n; r++) {
        const uint32_t *row = (const uint32_t *)&rankings[r * 5];
        uint32_t near = candidates[r];
        size_t lane = (size_t)__builtin_ctz(near);
        const uint32_t *same = same_as + lane * items;
        uint32_t agree = same[row[0]] & same[row[1]] & same[row[2]] & same[row[3]] & same[row[4]];
        double exact;
        if (__builtin_expect(near & ~agree, 0)) {
            int32_t ties;
            lane = resolve_candidates(lp, t, row, items, near, &exact, &ties);
            if (tied)
                tied[r] = ties;
        } else {
            exact = exact_5(weights, by_lane + lane * items, row);
            if (tied)
                tied[r] = __builtin_popcount(near);
        }
        best[r] = medicine[lane];
        scores[r] = exact;
    }
}

/* settle() with and without the counts of ties: the call that does not ask
 * for them does not count them. */
AVX2_TARGET __attribute__((noinline)) static void settle_rows(const sdm_lane_plan *lp, const sdm_score_terms *t,
                                                               size_t items, const int32_t *rankings, size_t n,
                                                               const uint32_t *candidates, int32_t *best,
                                                               double *scores)
{
    settle(lp, t, items, rankings, n, candidates, best, scores, NULL);
}

AVX2_TARGET __attribute__((noinline)) static void settle_rows_tied(const sdm_lane_plan *lp, const sdm_score_terms *t,
                                                                    size_t items, const int32_t *rankings, size_t n,
                                                                    const uint32_t *candidates, int32_t *best,
                                                                    double *scores, int32_t *tied)
{
    settle(lp, t, items, rankings, n, candidates, best, scores, tied);
}

/* The first pass over rows of five, in single precision (eight lanes to a
 * vector, FB vectors): the lanes within lp->screen of the lowest score are a
 * row's candidates (see screen_wanted()). Stops at the first row that is not
 * plain and returns how many rows it screened. */
#define AVX2_SCREEN_5(FB, NAME)                                                                          \
    SCREEN size_t NAME##_pass(const sdm_lane_plan *lp, const batch_plan *p, const int32_t *rankings,     \
                              size_t n, uint32_t *candidates)                                           \
    {                                                                                                   \
        const double *w = p->terms[5].weight;                                                           \
        const __m256 w0 = _mm256_set1_ps((float)w[0]), w1 = _mm256_set1_ps((float)w[1]);               \
        const __m256 w2 = _mm256_set1_ps((float)w[2]), w3 = _mm256_set1_ps((float)w[3]);               \
        const __m256 w4 = _mm256_set1_ps((float)w[4]);                                                  \
        const __m256 *sev = (const __m256 *)lp->fseverity, *start = (const __m256 *)lp->fstart;         \
        const __m256 screen = _mm256_set1_ps(lp->screen);                                               \
        const uint64_t outside = p->items == 64 ? 0 : ~(uint64_t)0 << p->items;                         \
        for (size_t r = 0; r < n; r++) {                                                                \
            const uint32_t *row = (const uint32_t *)&rankings[r * 5];                                   \
            uint32_t i0 = row[0], i1 = row[1], i2 = row[2], i3 = row[3], i4 = row[4];                   \
            if (!plain_5(row, outside))                                                                 \
                return r;                                                                               \
            const size_t stride = SCREEN_STRIDE(FB);                                                    \
            const __m256 *c0 = sev + i0 * stride, *c1 = sev + i1 * stride, *c2 = sev + i2 * stride;     \
            const __m256 *c3 = sev + i3 * stride, *c4 = sev + i4 * stride;                              \
            __m256 score[FB], low;                                                                      \
            _Pragma("GCC unroll 4") for (size_t b = 0; b < (FB); b++)                                   \
            {                                                                                           \
                __m256 acc = _mm256_fmadd_ps(w0, c0[b], start[b]);                                      \
                acc = _mm256_fmadd_ps(w1, c1[b], acc);                                                  \
                acc = _mm256_fmadd_ps(w2, c2[b], acc);                                                  \
                acc = _mm256_fmadd_ps(w3, c3[b], acc);                                                  \
                acc = _mm256_fmadd_ps(w4, c4[b], acc);                                                  \
                score[b] = acc;                                                                         \
                low = b ? _mm256_min_ps(low, acc) : acc;                                                \
            }                                                                                           \
            /* the lowest in every lane: halves, then pairs, then neighbours */                          \
            low = _mm256_min_ps(low, _mm256_permute2f128_ps(low, low, 1));                              \
            low = _mm256_min_ps(low, _mm256_permute_ps(low, 0x4e));                                     \
            low = _mm256_min_ps(low, _mm256_permute_ps(low, 0xb1));                                     \
            __m256 limit = _mm256_add_ps(low, screen);                                                  \
            uint32_t near = 0;                                                                          \
            _Pragma("GCC unroll 4") for (size_t b = 0; b < (FB); b++)                                   \
                near |= (uint32_t)_mm256_movemask_ps(_mm256_cmp_ps(score[b], limit, _CMP_LE_OQ))        \
                        << (SDM_FLANES * b);                                                            \
            candidates[r] = near;                                                                       \
        }                                                                                               \
        return n;                                                                                       \
    }                                                                                                   \
                                                                                                        \
    SCREEN_TARGET static size_t NAME(const sdm_lane_plan *lp, const batch_plan *p, const int32_t *rankings, \
                                     size_t n, int32_t *best, double *scores, int32_t *tied)            \
    {                                                                                                   \
        uint32_t candidates[SCREEN_CHUNK];                                                              \
        double unused[SCREEN_CHUNK];                                                                    \
        for (size_t first = 0; first < n; first += SCREEN_CHUNK) {                                      \
            size_t rows = n - first < SCREEN_CHUNK ? n - first : SCREEN_CHUNK;                          \
            size_t plain = NAME##_pass(lp, p, &rankings[first * 5], rows, candidates);                  \
            if (tied)                                                                                   \
                settle_rows_tied(lp, &p->terms[5], p->items, &rankings[first * 5], plain, candidates,   \
                                 &best[first], scores ? &scores[first] : unused, &tied[first]);         \
            else                                                                                        \
                settle_rows(lp, &p->terms[5], p->items, &rankings[first * 5], plain, candidates,        \
                            &best[first], scores ? &scores[first] : unused);                            \
            if (plain < rows)                                                                           \
                return first + plain;                                                                   \
        }                                                                                               \
        return n;                                                                                       \
    }

AVX2_SCREEN_5(1, avx2_screen_5_1)
AVX2_SCREEN_5(2, avx2_screen_5_2)
AVX2_SCREEN_5(3, avx2_screen_5_3)
AVX2_SCREEN_5(4, avx2_screen_5_4)

/* Whether the environment variable `name` is set to something other than
 * "" or "0": the switches that rule a kernel out. */
static int switched_off(const char *name)
{
    const char *off = getenv(name);
    return off && *off && strcmp(off, "0") != 0;
}

/* SDM_NO_AVX2 in the environment forces the portable kernel: the tests run
 * both, and it rules the AVX2 kernel out when chasing a difference. */
static int have_avx2(void)
{
    if (switched_off("SDM_NO_AVX2"))
        return 0;
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt") &&
           __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2");
}

/* The screen needs fused multiply-add as well (every AVX2 CPU of note has
 * it). SDM_NO_SCREEN in the environment rules it out, leaving the double
 * kernels: the tests run those too. */
static int have_avx2_fma(void)
{
    if (switched_off("SDM_NO_SCREEN"))
        return 0;
    return have_avx2() && __builtin_cpu_supports("fma");
}

static size_t avx2_dispatch(const sdm_lane_plan *lp, const batch_plan *p, const int32_t *rankings, size_t n,
                            size_t k, int32_t *best, double *scores, int32_t *tied)
{
    typedef size_t rows_5(const sdm_lane_plan *, const batch_plan *, const int32_t *, size_t, int32_t *, double *,
                          int32_t *);
    static rows_5 *const unrolled[] = {NULL, avx2_rows_5_1, avx2_rows_5_2, avx2_rows_5_3, avx2_rows_5_4,
                                       avx2_rows_5_5, avx2_rows_5_6, avx2_rows_5_7, avx2_rows_5_8};
    static rows_5 *const from_pairs[] = {NULL, avx2_pairs_5_1, avx2_pairs_5_2, avx2_pairs_5_3, avx2_pairs_5_4,
                                         avx2_pairs_5_5, avx2_pairs_5_6, avx2_pairs_5_7, avx2_pairs_5_8};
    static rows_5 *const screened[] = {NULL, avx2_screen_5_1, avx2_screen_5_2, avx2_screen_5_3, avx2_screen_5_4};
    if (k == 5 && lp->fblocks)
        return screened[lp->fblocks](lp, p, rankings, n, best, scores, tied);
    if (k == 5 && p->items <= 64 && lp->blocks >= 1 && lp->blocks <= 8)
        return (lp->pairs ? from_pairs : unrolled)[lp->blocks](lp, p, rankings, n, best, scores, tied);
    return avx2_rows(lp, p, rankings, n, k, best, scores, tied);
}
#else
static int have_avx2(void)
{
    return 0;
}

static int have_avx2_fma(void)
{
    return 0;
}
#endif

size_t sdm__lanes_top1(const sdm_lane_plan *lp, const batch_plan *p, const int32_t *rankings, size_t n, size_t k,
                       int32_t *best, double *scores, int32_t *tied)
{
#ifdef SDM_HAVE_AVX2_KERNEL
    if (lp->avx2)
        return avx2_dispatch(lp, p, rankings, n, k, best, scores, tied);
#endif
    return portable_rows(lp, p, rankings, n, k, best, scores, tied);
}

void sdm__lanes_top1_row(const sdm_lane_plan *lp, const batch_plan *p, const int32_t *row, size_t len,
                         int32_t *best, double *score, int32_t *tied)
{
    portable_row(lp, &p->terms[len], row, len, best, score, tied);
}
