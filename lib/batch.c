/*
 * libsdm - matching many rankings at once.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <string.h>

#include "match-private.h"

/* Everything a batch needs that does not depend on the row, made once per call. */
typedef struct batch_plan {
    size_t items;
    size_t meds;
    double *severity;         /* meds x items, unknown already imputed */
    unsigned char *unknown;   /* meds x items: 1 where the rating is unknown */
    unsigned char *candidate; /* meds: 0 when a filter excludes the medicine */
    size_t *name_order;       /* meds: position of each medicine in name order */
    double weights[SDM_MAX_RANK + 1][SDM_MAX_RANK];
    double *score;            /* meds: scratch for one row */
    size_t *order;            /* meds: scratch for one row */
} batch_plan;

static void plan_dispose(batch_plan *p)
{
    sdm__free(p->severity);
    sdm__free(p->unknown);
    sdm__free(p->candidate);
    sdm__free(p->name_order);
    sdm__free(p->score);
    sdm__free(p->order);
}

static int filtered_out(const sdm_match_options *o, const sdm_profile *p)
{
    for (size_t i = 0; i < o->exclude_count; i++)
        if (strcmp(o->excludes[i].id, p->id) == 0)
            return 1;
    for (size_t i = 0; i < o->formulations.count; i++)
        if (!sdm__tags_contain(&p->formulations, o->formulations.items[i]))
            return 1;
    for (size_t i = 0; i < o->licences.count; i++)
        if (!sdm__tags_contain(&p->licences, o->licences.items[i]))
            return 1;
    return 0;
}

/* Name order, as sdm_match_run() lists ties: by name, then id. */
static void fill_name_order(const sdm_formulary *f, size_t *name_order)
{
    for (size_t a = 0; a < f->count; a++) {
        size_t before = 0;
        for (size_t b = 0; b < f->count; b++) {
            int c = strcmp(f->profiles[b].name, f->profiles[a].name);
            if (c == 0)
                c = strcmp(f->profiles[b].id, f->profiles[a].id);
            before += c < 0;
        }
        name_order[a] = before;
    }
}

static sdm_status plan_make(batch_plan *p, const sdm_formulary *f, const sdm_match_options *o, size_t k)
{
    memset(p, 0, sizeof *p);
    p->items = f->catalogue->count;
    p->meds = f->count;
    p->severity = sdm__calloc(p->meds * p->items, sizeof *p->severity);
    p->unknown = sdm__calloc(p->meds * p->items, 1);
    p->candidate = sdm__calloc(p->meds, 1);
    p->name_order = sdm__calloc(p->meds, sizeof *p->name_order);
    p->score = sdm__calloc(p->meds, sizeof *p->score);
    p->order = sdm__calloc(p->meds, sizeof *p->order);
    if (!p->severity || !p->unknown || !p->candidate || !p->name_order || !p->score || !p->order)
        return sdm__fail_no_memory();
    for (size_t kk = 1; kk <= k; kk++) {
        sdm_status st = sdm__rank_weights(o, (int)kk, 0, p->weights[kk]);
        if (st != SDM_OK)
            return st;
    }
    for (size_t m = 0; m < p->meds; m++) {
        const sdm_profile *prof = &f->profiles[m];
        p->candidate[m] = !filtered_out(o, prof);
        for (size_t i = 0; i < p->items; i++) {
            int rating = prof->ratings[i];
            p->unknown[m * p->items + i] = rating == SDM_RATING_UNKNOWN;
            p->severity[m * p->items + i] =
                rating == SDM_RATING_UNKNOWN ? sdm__unknown_value(o, 0) : sdm__severity(o, rating);
        }
    }
    fill_name_order(f, p->name_order);
    return SDM_OK;
}

/* The exact check of a row, with a message naming what is wrong; returns
 * its length (the columns before the first negative index). */
static sdm_status check_row(const batch_plan *p, const int32_t *row, size_t row_index, size_t k, size_t *len)
{
    size_t n = 0;
    while (n < k && row[n] >= 0)
        n++;
    for (size_t c = 0; c < n; c++) {
        if ((size_t)row[c] >= p->items)
            return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "row %zu, column %zu: side effect index %d is out of range (0..%zu)",
                             row_index, c, (int)row[c], p->items - 1);
        for (size_t d = 0; d < c; d++)
            if (row[d] == row[c])
                return sdm__fail(SDM_ERR_DUPLICATE, "row %zu: side effect index %d is given twice (columns %zu and %zu)",
                                 row_index, (int)row[c], d, c);
    }
    *len = n;
    return SDM_OK;
}

/* The same check in one pass, with a bit per side effect, for catalogues of
 * up to 64; anything odd goes to check_row() for its message. */
static sdm_status row_length(const batch_plan *p, const int32_t *row, size_t row_index, size_t k, size_t *len)
{
    if (p->items > 64)
        return check_row(p, row, row_index, k, len);
    uint64_t seen = 0;
    size_t n = 0;
    for (; n < k && row[n] >= 0; n++) {
        uint64_t bit = (uint64_t)1 << (row[n] & 63);
        if ((size_t)row[n] >= p->items || (seen & bit))
            return check_row(p, row, row_index, k, len);
        seen |= bit;
    }
    *len = n;
    return SDM_OK;
}

static int before(const batch_plan *p, size_t a, size_t b)
{
    if (p->score[a] != p->score[b])
        return p->score[a] < p->score[b];
    return p->name_order[a] < p->name_order[b];
}

/* Sorts the row's candidates by score then name, in place and without allocating. */
static void sort_by_score(batch_plan *p, size_t count)
{
    for (size_t gap = count / 2; gap > 0; gap /= 2)
        for (size_t i = gap; i < count; i++)
            for (size_t j = i; j >= gap && before(p, p->order[j], p->order[j - gap]); j -= gap) {
                size_t t = p->order[j];
                p->order[j] = p->order[j - gap];
                p->order[j - gap] = t;
            }
}

/* Lists each group of ties (within SDM_TIE_EPSILON of its first) by name, as sdm_match_run() does. */
static void order_ties(batch_plan *p, size_t count, size_t needed)
{
    size_t first = 0;
    while (first < count && first < needed) {
        size_t end = first + 1;
        while (end < count && p->score[p->order[end]] - p->score[p->order[first]] <= SDM_TIE_EPSILON)
            end++;
        for (size_t i = first + 1; i < end; i++)
            for (size_t j = i; j > first && p->name_order[p->order[j]] < p->name_order[p->order[j - 1]]; j--) {
                size_t t = p->order[j];
                p->order[j] = p->order[j - 1];
                p->order[j - 1] = t;
            }
        first = end;
    }
}

static size_t score_row(batch_plan *p, const sdm_match_options *o, const int32_t *row, size_t len)
{
    const double *w = p->weights[len];
    size_t count = 0;
    for (size_t m = 0; m < p->meds; m++) {
        if (!p->candidate[m])
            continue;
        const double *sev = &p->severity[m * p->items];
        const unsigned char *unknown = &p->unknown[m * p->items];
        double score = 0.0;
        int excluded = 0;
        for (size_t c = 0; c < len; c++) {
            excluded |= unknown[row[c]];
            score += w[c] * sev[row[c]];
        }
        if (excluded && o->unknown == SDM_UNKNOWN_EXCLUDE)
            continue;
        p->score[m] = score;
        p->order[count++] = m;
    }
    return count;
}


/* ---- the fast path: top 1, no exclusion by unknown ratings ---------------
 * Medicines are laid out in name order, four to a vector, one row of
 * vectors per side effect, so that scoring a ranking is k multiply-adds per
 * vector and the first medicine (in name order) within SDM_TIE_EPSILON of the
 * lowest score is the one sdm_match_run() would list first. Each lane does
 * the same operations in the same order as sdm_match_run(), so the scores
 * are equal to the last bit (the library is built with -ffp-contract=off). */

#define LANES 4
/* The kernels inline into each clone of fast_rows(), so each is compiled for its target. */
#define SDM_INLINE __attribute__((always_inline))
typedef double lanes_t __attribute__((vector_size(LANES * sizeof(double))));
typedef long long lane_mask_t __attribute__((vector_size(LANES * sizeof(double))));

typedef struct lane_plan {
    size_t blocks;       /* vectors per side effect */
    lanes_t *severity;   /* items x blocks, aligned */
    lanes_t *start;      /* blocks: 0 for a medicine, +inf for padding */
    int32_t *medicine;   /* blocks x LANES: formulary index of each lane */
    void *memory;        /* what to free */
} lane_plan;

static sdm_status lane_plan_make(lane_plan *lp, const batch_plan *p)
{
    size_t count = 0;
    for (size_t m = 0; m < p->meds; m++)
        count += p->candidate[m];
    lp->blocks = (count + LANES - 1) / LANES;
    size_t vectors = (p->items + 1) * (lp->blocks ? lp->blocks : 1);
    lp->memory = sdm__malloc(vectors * sizeof(lanes_t) + sizeof(lanes_t));
    lp->medicine = sdm__malloc((lp->blocks ? lp->blocks : 1) * LANES * sizeof *lp->medicine);
    if (!lp->memory || !lp->medicine)
        return sdm__fail_no_memory();
    uintptr_t at = ((uintptr_t)lp->memory + sizeof(lanes_t) - 1) & ~(uintptr_t)(sizeof(lanes_t) - 1);
    lp->severity = (lanes_t *)at;
    lp->start = lp->severity + p->items * lp->blocks;
    for (size_t lane = 0; lane < lp->blocks * LANES; lane++)
        lp->medicine[lane] = -1;
    for (size_t m = 0; m < p->meds; m++) {
        if (!p->candidate[m])
            continue;
        size_t lane = 0; /* the medicine's place among the candidates in name order */
        for (size_t other = 0; other < p->meds; other++)
            lane += p->candidate[other] && p->name_order[other] < p->name_order[m];
        lp->medicine[lane] = (int32_t)m;
    }
    for (size_t lane = 0; lane < lp->blocks * LANES; lane++) {
        int32_t m = lp->medicine[lane];
        lp->start[lane / LANES][lane % LANES] = m < 0 ? INFINITY : 0.0;
        for (size_t i = 0; i < p->items; i++)
            lp->severity[i * lp->blocks + lane / LANES][lane % LANES] = m < 0 ? 0.0 : p->severity[(size_t)m * p->items + i];
    }
    return SDM_OK;
}

/* The first lane, in name order, within SDM_TIE_EPSILON of the lowest score. */
static inline SDM_INLINE size_t first_within(const lanes_t *score, double low)
{
    lanes_t lowv = {low, low, low, low};
    lanes_t eps = {SDM_TIE_EPSILON, SDM_TIE_EPSILON, SDM_TIE_EPSILON, SDM_TIE_EPSILON};
    size_t b = 0;
    for (;; b++) {
        lane_mask_t near = (score[b] - lowv) <= eps;
        if (near[0] | near[1] | near[2] | near[3])
            break;
    }
    size_t lane = 0;
    while (score[b][lane] - low > SDM_TIE_EPSILON)
        lane++;
    return b * LANES + lane;
}

/* Scores one row of `LEN` side effects into score[], returning the lowest
 * score. LEN is a constant in each copy, so the terms unroll. */
#define SCORE_ROW(LEN)                                                                            \
    static inline SDM_INLINE double score_row_##LEN(const lane_plan *lp, const double *w,          \
                                                    const lanes_t *const *col, lanes_t *score)    \
    {                                                                                             \
        lanes_t low = {INFINITY, INFINITY, INFINITY, INFINITY};                                   \
        for (size_t b = 0; b < lp->blocks; b++) {                                                 \
            lanes_t acc = lp->start[b];                                                           \
            _Pragma("GCC unroll 8") for (size_t c = 0; c < (LEN); c++)                            \
                acc += (lanes_t){w[c], w[c], w[c], w[c]} * col[c][b];                            \
            score[b] = acc;                                                                       \
            lane_mask_t keep = low < acc; /* a vector min without intrinsics */                    \
            low = (lanes_t)(((lane_mask_t)low & keep) | ((lane_mask_t)acc & ~keep));               \
        }                                                                                         \
        double best = low[0];                                                                     \
        for (int l = 1; l < LANES; l++)                                                           \
            best = low[l] < best ? low[l] : best;                                                 \
        return best;                                                                              \
    }

SCORE_ROW(1)
SCORE_ROW(2)
SCORE_ROW(3)
SCORE_ROW(4)
SCORE_ROW(5)

static inline SDM_INLINE double score_row_any(const lane_plan *lp, const double *w, const lanes_t *const *col, size_t len,
                            lanes_t *score)
{
    switch (len) {
    case 1: return score_row_1(lp, w, col, score);
    case 2: return score_row_2(lp, w, col, score);
    case 3: return score_row_3(lp, w, col, score);
    case 4: return score_row_4(lp, w, col, score);
    case 5: return score_row_5(lp, w, col, score);
    }
    lanes_t low = {INFINITY, INFINITY, INFINITY, INFINITY};
    for (size_t b = 0; b < lp->blocks; b++) {
        lanes_t acc = lp->start[b];
        for (size_t c = 0; c < len; c++)
            acc += w[c] * col[c][b];
        score[b] = acc;
        lane_mask_t keep = low < acc;
        low = (lanes_t)(((lane_mask_t)low & keep) | ((lane_mask_t)acc & ~keep));
    }
    double best = low[0];
    for (int l = 1; l < LANES; l++)
        best = low[l] < best ? low[l] : best;
    return best;
}

/* Compiled twice, for AVX2 and for any x86-64, and chosen when loaded. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
#define SDM_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define SDM_CLONES
#endif

SDM_CLONES
static void fast_rows(const lane_plan *lp, const batch_plan *p, const int32_t *rankings, size_t n, size_t k,
                      const size_t *lengths, int32_t *best, double *scores)
{
    lanes_t score[SDM_MAX_MEDICATIONS / LANES + 1];
    for (size_t r = 0; r < n; r++) {
        const int32_t *row = &rankings[r * k];
        size_t len = lengths[r];
        const lanes_t *column[SDM_MAX_RANK];
        for (size_t c = 0; c < len; c++)
            column[c] = &lp->severity[(size_t)row[c] * lp->blocks];
        double low = score_row_any(lp, p->weights[len], column, len, score);
        size_t lane = first_within(score, low);
        best[r] = lp->medicine[lane];
        if (scores)
            scores[r] = ((const double *)score)[lane];
    }
}

static sdm_status check_args(const sdm_formulary *f, const sdm_match_options *o, const int32_t *rankings,
                             size_t n, size_t k, size_t top, const int32_t *best)
{
    if (!f || (!rankings && n) || (!best && n))
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_match_batch: %s is NULL",
                         !f ? "the formulary" : !rankings ? "the rankings" : "the best array");
    if (k < 1 || k > SDM_MAX_RANK)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_match_batch: k = %zu; it must be 1 to %d", k, SDM_MAX_RANK);
    if (top < 1)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_match_batch: top must be at least 1");
    for (size_t i = 0; i < o->exclude_count; i++)
        if (sdm__formulary_index(f, o->excludes[i].id) == (size_t)-1)
            return sdm__formulary_not_found(f, "the medicine to exclude", o->excludes[i].id);
    return SDM_OK;
}

/* Rows are checked and scored in chunks, so that no array grows with n. */
#define CHUNK 256

static sdm_status slow_rows(batch_plan *p, const sdm_match_options *o, const int32_t *rankings, size_t n,
                            size_t k, const size_t *lengths, size_t top, int32_t *best, double *scores)
{
    for (size_t r = 0; r < n; r++) {
        size_t count = score_row(p, o, &rankings[r * k], lengths[r]);
        sort_by_score(p, count);
        order_ties(p, count, top);
        for (size_t j = 0; j < top; j++) {
            best[r * top + j] = j < count ? (int32_t)p->order[j] : -1;
            if (scores)
                scores[r * top + j] = j < count ? p->score[p->order[j]] : NAN;
        }
    }
    return SDM_OK;
}

static sdm_status run_rows(batch_plan *p, const lane_plan *lp, const sdm_match_options *o, const int32_t *rankings,
                           size_t n, size_t k, size_t top, int32_t *best, double *scores)
{
    size_t lengths[CHUNK];
    for (size_t first = 0; first < n; first += CHUNK) {
        size_t rows = n - first < CHUNK ? n - first : CHUNK;
        const int32_t *chunk = &rankings[first * k];
        for (size_t r = 0; r < rows; r++) {
            sdm_status st = row_length(p, &chunk[r * k], first + r, k, &lengths[r]);
            if (st != SDM_OK)
                return st;
        }
        if (lp)
            fast_rows(lp, p, chunk, rows, k, lengths, &best[first], scores ? &scores[first] : NULL);
        else
            slow_rows(p, o, chunk, rows, k, lengths, top, &best[first * top], scores ? &scores[first * top] : NULL);
    }
    return SDM_OK;
}

sdm_status sdm_match_batch(const sdm_formulary *f, const sdm_match_options *opts, const int32_t *rankings,
                           size_t n, size_t k, size_t top, int32_t *best, double *scores)
{
    const sdm_match_options *o = opts ? opts : sdm__options_default();
    sdm_status st = check_args(f, o, rankings, n, k, top, best);
    if (st != SDM_OK)
        return st;
    batch_plan plan;
    lane_plan lanes = {0};
    int fast = top == 1 && o->unknown != SDM_UNKNOWN_EXCLUDE;
    st = plan_make(&plan, f, o, k);
    if (st == SDM_OK && fast)
        st = lane_plan_make(&lanes, &plan);
    /* With no medicine left, every row gets -1; the slow path says so. */
    if (st == SDM_OK)
        st = run_rows(&plan, fast && lanes.blocks ? &lanes : NULL, o, rankings, n, k, top, best, scores);
    sdm__free(lanes.memory);
    sdm__free(lanes.medicine);
    plan_dispose(&plan);
    return st;
}
