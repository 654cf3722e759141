/*
 * libsdm - a single-precision screen for the batch's rows with helpful side
 * effects (top 1): the screen of batch-lanes.c with the helpful cells as
 * more columns, of weight -helpful_weight over the helpful values.
 *
 * A row of k ranked and h helpful side effects, every cell given and valid
 * (checked in passing as batch-general.c does; any other row goes to it),
 * is scored in single precision, eight medicines to a vector, by fused
 * multiply-adds; the lanes less than the screen above the lowest are the
 * candidates, and only those are scored in double precision, with the
 * operations of sdm__score_medicine() in its order (0, + w_c s_c for each
 * ranked side effect, then + (-helpful_weight) v for each helpful one in
 * catalogue order), so the same bits. The first candidate, in name order,
 * within the tie tolerance of the lowest exact score is the answer.
 *
 * The bound (as screen_wanted() in batch-lanes.c, for n = k + h terms):
 * with S bounding sum |w_c| |s_c| over the row's terms (so every partial sum
 * too, whatever the signs), converting each weight and value to single
 * precision rounds twice (2u per product, u = 2^-24), each of the n fused
 * multiply-adds once (at most u S each), the double score is within
 * n 2^-53 S of the real sum, and what underflows below 2^-126 loses less
 * than 1e-20 in all (weights and values are at most 1e15): a lane's single
 * score F and its double score D differ by at most e = (n + 3) u S + 1e-20.
 * A lane x with D_x - D_min <= tie then has F_x <= F_min + tie + 2e (F_min
 * the lowest single score: D_min <= D_of_F_min's lane <= F_min + e). The
 * screen is tie + 4 (n + 3) u S + 1e-15, doubled for the strict comparison
 * and rounded up (the limit F_min + screen, rounded to single precision,
 * loses at most u (S + screen), far less than the doubling adds), so every
 * lane sdm_match_run() could list first, and every lane tied with it, is a
 * candidate: the answer and the count of ties are those of every lane.
 * Scores may be negative, and padding lanes start at +inf (never a
 * candidate: their cells are 0). Unknown = exclude (an infinite cell
 * times a negative weight), the plan's cells, a trade-off and values or
 * weights above 1e15 are left to batch-general.c.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "batch-private.h"

#define HELPFUL_LARGEST 1e15

/* Whether every weight of the row's shape and every value of the rating
 * tables is finite and at most HELPFUL_LARGEST; the bound S of a row. */
static int helpful_scale(const batch_plan *p, size_t k, size_t h, double *scale)
{
    const sdm_score_terms *t = &p->full_helpful;
    double largest = 0.0, weights = 0.0;
    for (size_t part = 0; part < 2; part++)
        for (size_t v = 0; v < 5; v++) {
            double x = fabs(p->scoring.value[part][v]);
            if (!(x <= HELPFUL_LARGEST))
                return 0;
            largest = x > largest ? x : largest;
        }
    for (size_t c = 0; c <= k; c++) {
        double w = fabs(c < k ? t->weight[c] : t->helpful_weight);
        if (!(w <= HELPFUL_LARGEST))
            return 0;
        weights += c < k ? w : (double)h * w;
    }
    *scale = weights * largest;
    return 1;
}

sdm_status sdm__helpful_screen_make(sdm_helpful_screen *hs, const batch_plan *p, const sdm_lane_plan *lp, size_t k,
                                    size_t h, size_t top, int allowed)
{
    memset(hs, 0, sizeof *hs);
    double scale;
    int table_only = !p->scoring.cell && !(p->scoring.tradeoff > 0.0) && !p->scoring.exclude_unknown;
    if (!allowed || !table_only || top != 1 || h < 1 || h > SDM_HELPFUL_FAST || !p->full_helpful.usable ||
        lp->blocks < 1 || lp->blocks > 8 || !lp->helpful || !helpful_scale(p, k, h, &scale))
        return SDM_OK; /* batch-general.c does these rows */
    size_t fblocks = (lp->blocks * SDM_LANES + SDM_FLANES - 1) / SDM_FLANES, items = p->items;
    size_t lanes = fblocks * SDM_FLANES, used = lp->blocks * SDM_LANES;
    hs->memory = sdm__malloc((2 * items + 1) * fblocks * sizeof(sdm_flanes) + sizeof(sdm_flanes) +
                             2 * used * items * sizeof(double));
    if (!hs->memory)
        return sdm__fail_no_memory();
    uintptr_t at = ((uintptr_t)hs->memory + sizeof(sdm_flanes) - 1) & ~(uintptr_t)(sizeof(sdm_flanes) - 1);
    hs->severity = (sdm_flanes *)at;
    hs->helpful = hs->severity + items * fblocks;
    hs->start = hs->helpful + items * fblocks;
    hs->fblocks = fblocks;
    hs->by_lane = (double *)(hs->start + fblocks);
    const double *sev = (const double *)lp->severity, *help = (const double *)lp->helpful;
    float *fsev = (float *)hs->severity, *fhelp = (float *)hs->helpful, *fstart = (float *)hs->start;
    for (size_t lane = 0; lane < lanes; lane++) {
        int real = lane < used && lp->medicine[lane] >= 0;
        fstart[lane] = real ? 0.0f : INFINITY;
        for (size_t i = 0; i < items; i++) {
            fsev[i * lanes + lane] = real ? (float)sev[i * used + lane] : 0.0f;
            fhelp[i * lanes + lane] = real ? (float)help[i * used + lane] : 0.0f;
            if (lane < used) { /* the double values, a lane's together (padding: never a candidate) */
                hs->by_lane[(2 * lane) * items + i] = sev[i * used + lane];
                hs->by_lane[(2 * lane + 1) * items + i] = help[i * used + lane];
            }
        }
    }
    const sdm_score_terms *t = &p->full_helpful;
    for (size_t c = 0; c < k; c++)
        hs->weight[c] = (float)t->weight[c];
    hs->helpful_weight = (float)-t->helpful_weight;
    double screen = t->tie + 4.0 * (double)(k + h + 3) * 0x1p-24 * scale + 1e-15;
    hs->screen = nextafterf((float)(2.0 * screen), INFINITY);
    return SDM_OK;
}

void sdm__helpful_screen_dispose(sdm_helpful_screen *hs)
{
    sdm__free(hs->memory);
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

/* The single-precision pass may fuse (it is a screen); the double scores
 * are computed without FMA in the target, as in batch-lanes.c. */
#define SCREEN_TARGET __attribute__((target("avx2,fma,popcnt,bmi,bmi2")))
#define EXACT_TARGET __attribute__((target("avx2,popcnt,bmi,bmi2")))

/* A lane's double score, sdm__score_medicine()'s operations in its order,
 * from the lane's values (by_lane: its avoided values, then its helpful
 * ones, `items` each). */
EXACT_TARGET __attribute__((always_inline)) static inline double
exact_helpful(const double *w, double hw, const double *by_lane, size_t items, const int32_t *effects, size_t K,
              size_t H, size_t lane)
{
    const double *sev = by_lane + 2 * lane * items, *help = sev + items;
    double score = 0.0;
    for (size_t c = 0; c < K; c++)
        score = score + w[c] * sev[effects[c]];
    for (size_t c = K; c < K + H; c++)
        score = score + hw * help[effects[c]];
    return score;
}

/* Several candidates: each scored exactly; the first (in lane order, name
 * order) within the tie tolerance of the lowest, and how many are. */
EXACT_TARGET __attribute__((noinline)) static size_t
resolve_helpful(const double *w, double hw, const double *by_lane, size_t items, const int32_t *effects, size_t K, size_t H, uint32_t candidates, double tie, double *score,
                int32_t *count)
{
    double exact[32], lowest = INFINITY;
    for (uint32_t m = candidates; m; m &= m - 1) {
        unsigned lane = (unsigned)__builtin_ctz(m);
        exact[lane] = exact_helpful(w, hw, by_lane, items, effects, K, H, lane);
        lowest = exact[lane] < lowest ? exact[lane] : lowest;
    }
    return sdm__batch_first_tied(exact, candidates, lowest, tie, score, count);
}

/* Rows are screened this many at a time: first the candidates of every row
 * (in single precision, with FMA), then the exact scores (in double
 * precision, a function without FMA in its target, so that no multiply and
 * add can be fused there whatever the flags); the rows of each pass are
 * independent and overlap. */
#define HELPFUL_CHUNK 64
#define HELPFUL_TERMS (SDM_MAX_RANK + SDM_HELPFUL_FAST)

/* A chunk's rows as the first pass read them: each row's side effects (the
 * helpful ones in catalogue order) and its candidates (0: not taken). */
typedef struct helpful_screened {
    uint32_t near[HELPFUL_CHUNK];
    int32_t effects[HELPFUL_CHUNK * HELPFUL_TERMS];
} helpful_screened;

/* The first pass over n rows (at most HELPFUL_CHUNK), K, H and FB (the
 * vectors of eight, 0: hs->fblocks) constants where the macro below makes a
 * kernel of that shape; the rows it does not take are listed in `odd`. */
SCREEN_TARGET __attribute__((always_inline)) static inline size_t
screen_pass(const sdm_helpful_screen *hs, const int32_t *rankings, const int32_t *helpful, size_t n, size_t K,
            size_t H, size_t FB, uint32_t items, helpful_screened *sc, uint32_t *odd)
{
    const size_t fb = FB ? FB : hs->fblocks;
    const __m256 *fsev = (const __m256 *)hs->severity, *fhelp = (const __m256 *)hs->helpful;
    const __m256 *fstart = (const __m256 *)hs->start;
    __m256 fw[SDM_MAX_RANK + 1];
    for (size_t c = 0; c < K; c++)
        fw[c] = _mm256_set1_ps(hs->weight[c]);
    fw[K] = _mm256_set1_ps(hs->helpful_weight);
    const __m256 screen = _mm256_set1_ps(hs->screen);
    const __m256 *col[HELPFUL_TERMS];
    size_t odds = 0;
    for (size_t r = 0; r < n; r++) {
        int32_t *effects = &sc->effects[r * (K + H)];
        if (__builtin_expect(!sdm__full_helpful_row(&rankings[r * K], K, &helpful[r * H], H, items, effects), 0)) {
            sc->near[r] = 0;
            odd[odds++] = (uint32_t)r;
            continue;
        }
        for (size_t c = 0; c < K + H; c++)
            col[c] = (c < K ? fsev : fhelp) + (size_t)effects[c] * fb;
        __m256 score[4], low = _mm256_set1_ps(INFINITY);
        for (size_t b = 0; b < fb; b++) {
            __m256 acc = fstart[b];
            for (size_t c = 0; c < K; c++)
                acc = _mm256_fmadd_ps(fw[c], col[c][b], acc);
            for (size_t c = K; c < K + H; c++)
                acc = _mm256_fmadd_ps(fw[K], col[c][b], acc);
            score[b] = acc;
            low = _mm256_min_ps(low, acc);
        }
        low = _mm256_min_ps(low, _mm256_permute2f128_ps(low, low, 1));
        low = _mm256_min_ps(low, _mm256_permute_ps(low, 0x4e));
        low = _mm256_min_ps(low, _mm256_permute_ps(low, 0xb1));
        const __m256 limit = _mm256_add_ps(low, screen);
        uint32_t near = 0;
        for (size_t b = 0; b < fb; b++)
            near |= (uint32_t)_mm256_movemask_ps(_mm256_cmp_ps(score[b], limit, _CMP_LT_OQ)) << (SDM_FLANES * b);
        sc->near[r] = near;
        if (__builtin_expect(!near, 0)) /* never, by the bound; if it were, the exact path */
            odd[odds++] = (uint32_t)r;
    }
    return odds;
}

/* The second pass: each screened row's answer from its candidates. */
EXACT_TARGET __attribute__((always_inline)) static inline void
exact_pass(const sdm_helpful_screen *hs, const sdm_lane_plan *lp, const sdm_score_terms *t,
           const helpful_screened *sc, size_t n, size_t K, size_t H, uint32_t items, int32_t *best, double *scores,
           int32_t *ranks, int32_t *tied)
{
    const double *w = t->weight, hw = -t->helpful_weight, tie = t->tie;
    const double *by_lane = hs->by_lane;
    const int32_t *medicine = lp->medicine;
    for (size_t r = 0; r < n; r++) {
        const uint32_t near = sc->near[r];
        if (__builtin_expect(!near, 0))
            continue; /* handed back */
        const int32_t *effects = &sc->effects[r * (K + H)];
        size_t lane = (size_t)__builtin_ctz(near);
        double exact;
        int32_t count = 1;
        if (__builtin_expect(near & (near - 1), 0))
            lane = resolve_helpful(w, hw, by_lane, items, effects, K, H, near, tie, &exact, &count);
        else
            exact = exact_helpful(w, hw, by_lane, items, effects, K, H, lane);
        best[r] = medicine[lane];
        if (scores)
            scores[r] = exact;
        if (ranks)
            ranks[r] = 1;
        if (tied)
            tied[r] = count;
    }
}

typedef size_t pass_fn(const sdm_helpful_screen *hs, const int32_t *rankings, const int32_t *helpful, size_t n,
                       size_t k, size_t h, uint32_t items, helpful_screened *sc, uint32_t *odd);
typedef void exact_fn(const sdm_helpful_screen *hs, const sdm_lane_plan *lp, const sdm_score_terms *t,
                      const helpful_screened *sc, size_t n, size_t k, size_t h, uint32_t items, int32_t *best,
                      double *scores, int32_t *ranks, int32_t *tied);

#define PASS(K, H, FB)                                                                                        \
    SCREEN_TARGET static size_t pass_##K##_##H##_##FB(const sdm_helpful_screen *hs, const int32_t *rankings,  \
                                                      const int32_t *helpful, size_t n, size_t k, size_t h,   \
                                                      uint32_t items, helpful_screened *sc, uint32_t *odd)    \
    {                                                                                                         \
        (void)k, (void)h;                                                                                     \
        return screen_pass(hs, rankings, helpful, n, K, H, FB, items, sc, odd);                              \
    }
#define EXACT(K, H)                                                                                           \
    EXACT_TARGET static void exact_##K##_##H(const sdm_helpful_screen *hs, const sdm_lane_plan *lp,           \
                                             const sdm_score_terms *t, const helpful_screened *sc, size_t n,  \
                                             size_t k, size_t h, uint32_t items, int32_t *best,               \
                                             double *scores, int32_t *ranks, int32_t *tied)                   \
    {                                                                                                         \
        (void)k, (void)h;                                                                                     \
        exact_pass(hs, lp, t, sc, n, K, H, items, best, scores, ranks, tied);                                \
    }
#define SHAPE(K, H) PASS(K, H, 1) PASS(K, H, 2) PASS(K, H, 3) PASS(K, H, 4) EXACT(K, H)
SHAPE(5, 1)
SHAPE(5, 2)
SHAPE(5, 3)

/* Any other shape, its loops not unrolled. */
SCREEN_TARGET static size_t pass_any(const sdm_helpful_screen *hs, const int32_t *rankings, const int32_t *helpful,
                                     size_t n, size_t k, size_t h, uint32_t items, helpful_screened *sc,
                                     uint32_t *odd)
{
    return screen_pass(hs, rankings, helpful, n, k, h, 0, items, sc, odd);
}

EXACT_TARGET static void exact_any(const sdm_helpful_screen *hs, const sdm_lane_plan *lp, const sdm_score_terms *t,
                                   const helpful_screened *sc, size_t n, size_t k, size_t h, uint32_t items,
                                   int32_t *best, double *scores, int32_t *ranks, int32_t *tied)
{
    exact_pass(hs, lp, t, sc, n, k, h, items, best, scores, ranks, tied);
}

size_t sdm__helpful_screen_rows(const sdm_helpful_screen *hs, const sdm_lane_plan *lp, const sdm_score_terms *t,
                                const int32_t *rankings, const int32_t *helpful, size_t n, size_t k, size_t h,
                                size_t items, int32_t *best, double *scores, int32_t *ranks, int32_t *tied,
                                uint32_t *odd)
{
    /* [h][fblocks] for k = 5 */
    static pass_fn *const passes[4][5] = {{NULL},
                                          {NULL, pass_5_1_1, pass_5_1_2, pass_5_1_3, pass_5_1_4},
                                          {NULL, pass_5_2_1, pass_5_2_2, pass_5_2_3, pass_5_2_4},
                                          {NULL, pass_5_3_1, pass_5_3_2, pass_5_3_3, pass_5_3_4}};
    static exact_fn *const exacts[4] = {NULL, exact_5_1, exact_5_2, exact_5_3};
    const int shape = k == 5 && h <= 3;
    pass_fn *pass = shape ? passes[h][hs->fblocks] : pass_any;
    exact_fn *exact = shape ? exacts[h] : exact_any;
    helpful_screened sc;
    size_t odds = 0;
    for (size_t first = 0; first < n; first += HELPFUL_CHUNK) {
        size_t rows = n - first < HELPFUL_CHUNK ? n - first : HELPFUL_CHUNK;
        size_t here = pass(hs, &rankings[first * k], &helpful[first * h], rows, k, h, (uint32_t)items, &sc,
                           odd + odds);
        for (size_t i = 0; i < here; i++)
            odd[odds + i] += (uint32_t)first;
        odds += here;
        exact(hs, lp, t, &sc, rows, k, h, (uint32_t)items, &best[first], scores ? &scores[first] : NULL,
              ranks ? &ranks[first] : NULL, tied ? &tied[first] : NULL);
    }
    return odds;
}
#else
size_t sdm__helpful_screen_rows(const sdm_helpful_screen *hs, const sdm_lane_plan *lp, const sdm_score_terms *t,
                                const int32_t *rankings, const int32_t *helpful, size_t n, size_t k, size_t h,
                                size_t items, int32_t *best, double *scores, int32_t *ranks, int32_t *tied,
                                uint32_t *odd)
{
    (void)hs, (void)lp, (void)t, (void)rankings, (void)helpful, (void)k, (void)h, (void)items, (void)best;
    (void)scores, (void)ranks, (void)tied;
    for (size_t r = 0; r < n; r++) /* never called: no screen is made without AVX2 */
        odd[r] = (uint32_t)r;
    return n;
}
#endif
