/*
 * libsdm - matching many rankings at once: the call and its checks, each row
 * read once into the batch's own buffer and checked there, and the general
 * path (every option, helpful side effects, any `top`). The scoring rules
 * are the plan's (score.h), as for sdm_match_run(); batch-lanes.c has the
 * vectorised path for the best medicine of plain rows.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "batch-private.h"

/* What a call was given and where its answers go. */
typedef struct batch_io {
    const char *fn; /* the public function, for messages */
    const int32_t *rankings;
    size_t n, k;
    const int32_t *helpful;
    size_t h;
    size_t top;
    int32_t *best;
    double *scores;
    int32_t *ranks;
    int32_t *tied;
} batch_io;

/* ---- the plan --------------------------------------------------------------- */

static void plan_dispose(batch_plan *p)
{
    sdm__score_plan_dispose(&p->scoring);
    sdm__free(p->candidates);
    sdm__free(p->ratings);
    sdm__free(p->severity);
    sdm__free(p->candidate);
    sdm__free(p->name_order);
    sdm__free(p->score);
    sdm__free(p->order);
    sdm__free(p->rank);
    sdm__free(p->tied);
}

/* Each medicine's place in name order, as sdm_match_run() lists ties; from
 * then on the plan compares places instead of names. */
static void fill_name_order(batch_plan *p)
{
    size_t *by_name = p->order; /* scratch until the first row */
    for (size_t m = 0; m < p->meds; m++)
        by_name[m] = m;
    sdm__score_sort_by_name(&p->scoring, by_name, p->meds);
    for (size_t place = 0; place < p->meds; place++)
        p->name_order[by_name[place]] = place;
    p->scoring.name_order = p->name_order;
}

static sdm_status plan_make(batch_plan *p, const sdm_formulary *f, const sdm_match_options *o, size_t k)
{
    memset(p, 0, sizeof *p);
    p->items = f->catalogue->count;
    p->meds = f->count;
    size_t meds = p->meds ? p->meds : 1;
    p->candidates = sdm__calloc(meds, sizeof *p->candidates);
    p->ratings = sdm__calloc(meds, sizeof *p->ratings);
    p->severity = sdm__calloc(meds * p->items, sizeof *p->severity);
    p->candidate = sdm__calloc(meds, 1);
    p->name_order = sdm__calloc(meds, sizeof *p->name_order);
    p->score = sdm__calloc(meds, sizeof *p->score);
    p->order = sdm__calloc(meds, sizeof *p->order);
    p->rank = sdm__calloc(meds, sizeof *p->rank);
    p->tied = sdm__calloc(meds, sizeof *p->tied);
    if (!p->candidates || !p->ratings || !p->severity || !p->candidate || !p->name_order || !p->score || !p->order || !p->rank ||
        !p->tied)
        return sdm__fail_no_memory();
    sdm_status st = sdm__score_plan_make(&p->scoring, f, o, p->candidates);
    if (st != SDM_OK)
        return st;
    /* Every length a row can have; one that cannot be scored fails only the
     * rows that have it (batch_terms() says why). */
    for (size_t len = 1; len <= k; len++)
        sdm__score_terms(&p->scoring, len, 0, &p->terms[len], 1);
    for (size_t m = 0; m < p->meds; m++) {
        p->ratings[m] = sdm__score_ratings(&p->scoring, m);
        p->candidate[m] = p->candidates[m].kind == 0;
        for (size_t i = 0; i < p->items; i++)
            p->severity[m * p->items + i] = sdm__score_value(&p->scoring, m, i, 0);
    }
    fill_name_order(p);
    return SDM_OK;
}

/* The terms of a row of `len` ranked and `hc` helpful side effects: made for
 * every length without helpful ones, and on demand with them (the last shape
 * is kept in `cache`). A shape that cannot be scored fails, naming the row. */
static sdm_status batch_terms(const batch_plan *p, sdm_score_terms *cache, size_t row, size_t len, size_t hc,
                              const sdm_score_terms **out)
{
    const sdm_score_terms *t = &p->terms[len];
    if (hc > 0) {
        if (cache->k != len || cache->h != hc)
            sdm__score_terms(&p->scoring, len, hc, cache, 1);
        t = cache;
    }
    if (!t->usable) {
        sdm_score_terms again;
        sdm_status st = sdm__score_terms(&p->scoring, len, hc, &again, 0);
        char prefix[48];
        snprintf(prefix, sizeof prefix, "row %zu: ", row);
        return sdm__fail_prefix(st != SDM_OK ? st : SDM_ERR_LIMIT, prefix);
    }
    *out = t;
    return SDM_OK;
}

/* ---- checking a row --------------------------------------------------------- */

#define BITMAP_WORDS ((SDM_MAX_ITEMS + 63) / 64)

static int bit_set(const uint64_t *bits, int32_t i)
{
    return (int)(bits[(uint32_t)i / 64] >> ((uint32_t)i % 64)) & 1;
}

static size_t column_of(const int32_t *cells, size_t count, int32_t value)
{
    size_t c = 0;
    while (c + 1 < count && cells[c] != value)
        c++;
    return c;
}

/* One part of a row, the ranked columns or the helpful ones: catalogue
 * indices, then -1 to its end; none twice in the part (`seen`), none in the
 * other part too (`other`, NULL for the ranked part). Returns the length. */
static sdm_status check_part(const batch_plan *p, size_t row, const int32_t *cells, size_t count, int helpful,
                             uint64_t *seen, const uint64_t *other, const int32_t *ranked, size_t ranked_len,
                             size_t *len)
{
    const char *part = helpful ? "helpful " : "";
    size_t n = 0;
    for (; n < count && cells[n] != -1; n++) {
        int32_t v = cells[n];
        if (v < 0 || (size_t)v >= p->items)
            return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "row %zu, %scolumn %zu: side effect index %d is out of range (0..%zu)",
                             row, part, n, (int)v, p->items - 1);
        if (bit_set(seen, v))
            return sdm__fail(SDM_ERR_DUPLICATE, "row %zu: side effect index %d is given twice (%scolumns %zu and %zu)",
                             row, (int)v, part, column_of(cells, n, v), n);
        if (other && bit_set(other, v))
            return sdm__fail(SDM_ERR_CONFLICT,
                             "row %zu: side effect index %d is both ranked (column %zu) and helpful (helpful column %zu)",
                             row, (int)v, column_of(ranked, ranked_len, v), n);
        seen[(uint32_t)v / 64] |= (uint64_t)1 << ((uint32_t)v % 64);
    }
    for (size_t c = n; c < count; c++)
        if (cells[c] != -1)
            return sdm__fail(SDM_ERR_INVALID_ARGUMENT,
                             "row %zu, %scolumn %zu: side effect index %d follows -1 (%scolumn %zu): -1 ends a row, "
                             "so every column after it must be -1 too",
                             row, part, c, (int)cells[c], part, n);
    *len = n;
    return SDM_OK;
}

/* Checks a row in the batch's copy: `cells` holds its k ranked columns, then
 * its h helpful ones. On success the ranked side effects (`len`) are
 * followed by the helpful ones (`hc`) in catalogue order, the terms as
 * sdm_match_run() makes them. */
static sdm_status check_row(const batch_plan *p, size_t row, int32_t *cells, size_t k, size_t h, size_t *len,
                            size_t *hc)
{
    uint64_t ranked[BITMAP_WORDS], helpful[BITMAP_WORDS];
    size_t words = (p->items + 63) / 64;
    memset(ranked, 0, words * sizeof *ranked);
    sdm_status st = check_part(p, row, cells, k, 0, ranked, NULL, NULL, 0, len);
    *hc = 0;
    if (st != SDM_OK || h == 0)
        return st;
    memset(helpful, 0, words * sizeof *helpful);
    st = check_part(p, row, cells + k, h, 1, helpful, ranked, cells, *len, hc);
    if (st != SDM_OK)
        return st;
    int32_t *to = cells + *len;
    for (size_t w = 0; w < words; w++)
        for (uint64_t bits = helpful[w]; bits; bits &= bits - 1)
            *to++ = (int32_t)(w * 64 + (size_t)__builtin_ctzll(bits));
    return SDM_OK;
}

/* ---- answers ---------------------------------------------------------------- */

/* Places from..top of a row: no medicine. */
static void no_result(const batch_io *io, size_t row, size_t from)
{
    for (size_t j = from; j < io->top; j++) {
        size_t at = row * io->top + j;
        io->best[at] = -1;
        if (io->scores)
            io->scores[at] = NAN;
        if (io->ranks)
            io->ranks[at] = 0;
        if (io->tied)
            io->tied[at] = 0;
    }
}

/* One row by the general path: read once, checked, scored as
 * sdm_match_run() scores, ordered by the same rule. */
static sdm_status general_row(batch_plan *p, sdm_score_terms *cache, const batch_io *io, size_t row)
{
    int32_t cells[SDM_MAX_RANK + SDM_MAX_ITEMS];
    memcpy(cells, &io->rankings[row * io->k], io->k * sizeof *cells);
    if (io->h)
        memcpy(cells + io->k, &io->helpful[row * io->h], io->h * sizeof *cells);
    size_t len, hc;
    const sdm_score_terms *t = NULL;
    sdm_status st = check_row(p, row, cells, io->k, io->h, &len, &hc);
    if (st != SDM_OK)
        return st;
    if (len + hc == 0) { /* nothing ranked: a missing answer, not a tie of every medicine */
        no_result(io, row, 0);
        return SDM_OK;
    }
    st = batch_terms(p, cache, row, len, hc, &t);
    if (st != SDM_OK)
        return st;
    size_t count = 0;
    for (size_t m = 0; m < p->meds; m++) {
        if (!p->candidate[m])
            continue;
        size_t unknown;
        double score = sdm__score_row(&p->scoring, t, m, NULL, cells, NULL, &unknown);
        if (unknown && p->scoring.exclude_unknown)
            continue;
        p->score[m] = score;
        p->order[count++] = m;
    }
    size_t places = io->top < count ? io->top : count;
    sdm__score_order(&p->scoring, t, p->score, p->order, count, places, p->rank, p->tied);
    for (size_t j = 0; j < places; j++) {
        size_t at = row * io->top + j;
        io->best[at] = (int32_t)p->order[j];
        if (io->scores)
            io->scores[at] = p->score[p->order[j]];
        if (io->ranks)
            io->ranks[at] = p->rank[j];
        if (io->tied)
            io->tied[at] = p->tied[j];
    }
    no_result(io, row, places);
    return SDM_OK;
}

static sdm_status general_rows(batch_plan *p, const batch_io *io)
{
    sdm_score_terms cache;
    cache.k = cache.h = (size_t)-1;
    for (size_t row = 0; row < io->n; row++) {
        sdm_status st = general_row(p, &cache, io, row);
        if (st != SDM_OK)
            return st;
    }
    return SDM_OK;
}

/* ---- the fast path ---------------------------------------------------------- */

/* Rows are copied to the batch's own buffer this many at a time (the
 * screen's chunk, batch-lanes.c), and the kernels read only that copy. Small
 * copies, each of the next rows prefetched while this one is scored, keep
 * the caller's array streaming in as it did when the kernels read it: with
 * copies of 2,048 cells the batch took 12 % longer than reading in place,
 * with 64 rows and the prefetch 6 %, without the prefetch 24 % (BENCHMARKS.md). */
#define CHUNK_ROWS 64

/* A row the kernels stopped at (not plain): checked in the copy, then scored
 * on its own. */
static sdm_status fast_row(const batch_plan *p, const sdm_lane_plan *lp, const batch_io *io, size_t row,
                           int32_t *cells)
{
    size_t len, hc;
    const sdm_score_terms *t = NULL;
    sdm_status st = check_row(p, row, cells, io->k, 0, &len, &hc);
    if (st != SDM_OK)
        return st;
    if (len == 0) {
        no_result(io, row, 0);
        return SDM_OK;
    }
    st = batch_terms(p, NULL, row, len, 0, &t);
    if (st != SDM_OK)
        return st;
    double score;
    sdm__lanes_top1_row(lp, p, cells, len, &io->best[row], &score, io->tied ? &io->tied[row] : NULL);
    if (io->scores)
        io->scores[row] = score;
    if (io->ranks)
        io->ranks[row] = 1;
    return SDM_OK;
}

/* Asks for the caller's next rows to be brought into the cache while this
 * chunk is scored, so that copying them does not wait on memory (reading
 * the caller's array as the kernels go did that for free). */
static void prefetch_rows(const batch_io *io, size_t first, size_t rows)
{
    if (first >= io->n)
        return;
    if (rows > io->n - first)
        rows = io->n - first;
    const char *from = (const char *)&io->rankings[first * io->k];
    size_t bytes = rows * io->k * sizeof *io->rankings;
    for (size_t at = 0; at < bytes; at += 64)
        __builtin_prefetch(from + at);
}

/* The best medicine of every row (top = 1, no helpful side effects, no
 * unknown rating excludes): the kernels take the plain rows of each copied
 * chunk and stop at any other row, which is checked and scored here. */
static sdm_status fast_rows(const batch_plan *p, const sdm_lane_plan *lp, const batch_io *io)
{
    int32_t local[CHUNK_ROWS * SDM_MAX_RANK];
    size_t k = io->k, per = CHUNK_ROWS;
    for (size_t first = 0; first < io->n; first += per) {
        size_t rows = io->n - first < per ? io->n - first : per;
        memcpy(local, &io->rankings[first * k], rows * k * sizeof *local);
        prefetch_rows(io, first + rows, per);
        size_t r = 0;
        while (r < rows) {
            size_t at = first + r;
            size_t done = sdm__lanes_top1(lp, p, &local[r * k], rows - r, k, &io->best[at],
                                          io->scores ? &io->scores[at] : NULL, io->tied ? &io->tied[at] : NULL);
            if (io->ranks)
                for (size_t i = 0; i < done; i++)
                    io->ranks[at + i] = 1;
            r += done;
            if (r == rows)
                break;
            sdm_status st = fast_row(p, lp, io, first + r, &local[r * k]);
            if (st != SDM_OK)
                return st;
            r++;
        }
    }
    return SDM_OK;
}

/* ---- the call --------------------------------------------------------------- */

static sdm_status check_args(const sdm_formulary *f, const batch_io *io)
{
    const char *fn = io->fn;
    if (!f || (io->n && (!io->rankings || !io->best || (io->h && !io->helpful))))
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "%s: %s is NULL", fn,
                         !f ? "the formulary" : !io->rankings ? "the rankings" : !io->best ? "the best array"
                                                                                         : "the helpful array");
    if (io->k < 1 || io->k > SDM_MAX_RANK)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "%s: k = %zu; it must be 1 to %d", fn, io->k, SDM_MAX_RANK);
    if (io->h > SDM_MAX_ITEMS)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "%s: h = %zu; it must be 0 to %d", fn, io->h, SDM_MAX_ITEMS);
    if (io->top < 1)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "%s: top must be at least 1", fn);
    if (io->n > SIZE_MAX / (io->k + io->h) || io->n > SIZE_MAX / io->top / sizeof(double))
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "%s: %zu rows are more than the arrays can hold", fn, io->n);
    return SDM_OK;
}

static sdm_status batch_run(const sdm_formulary *f, const sdm_match_options *opts, const batch_io *io)
{
    const sdm_match_options *o = opts ? opts : sdm__options_default();
    sdm_status st = check_args(f, io);
    if (st != SDM_OK)
        return st;
    batch_plan plan;
    sdm_lane_plan lanes;
    memset(&lanes, 0, sizeof lanes);
    st = plan_make(&plan, f, o, io->k);
    /* the kernels sum the side-effect terms only: a trade-off weight takes the general path */
    int fast = st == SDM_OK && io->top == 1 && io->h == 0 && !plan.scoring.exclude_unknown &&
               plan.scoring.tradeoff == 0.0 && plan.terms[io->k].usable;
    if (fast)
        st = sdm__lane_plan_make(&lanes, &plan, io->n, io->k);
    /* With no medicine left, every row gets no result; the general path says so. */
    if (st == SDM_OK && fast && lanes.blocks)
        st = fast_rows(&plan, &lanes, io);
    else if (st == SDM_OK)
        st = general_rows(&plan, io);
    sdm__lane_plan_dispose(&lanes);
    plan_dispose(&plan);
    return st;
}

sdm_status sdm_match_batch_ext(const sdm_formulary *f, const sdm_match_options *opts, const int32_t *rankings,
                               size_t n, size_t k, const int32_t *helpful, size_t h, size_t top, int32_t *best,
                               double *scores, int32_t *ranks, int32_t *tied)
{
    const batch_io io = {"sdm_match_batch_ext", rankings, n, k, helpful, h, top, best, scores, ranks, tied};
    return batch_run(f, opts, &io);
}

sdm_status sdm_match_batch(const sdm_formulary *f, const sdm_match_options *opts, const int32_t *rankings,
                           size_t n, size_t k, size_t top, int32_t *best, double *scores)
{
    const batch_io io = {"sdm_match_batch", rankings, n, k, NULL, 0, top, best, scores, NULL, NULL};
    return batch_run(f, opts, &io);
}
