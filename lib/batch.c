/*
 * libsdm - matching many rankings at once: the call and its checks, each row
 * read once into the batch's own buffer and checked there, and the rows
 * shared among threads. The scoring rules are the plan's (score.h), as for
 * sdm_match_run(); every row is scored over the lane layout of
 * batch-lanes.c, by its screen (the best medicine of rows of up to five
 * columns), by the screen of rows with helpful side effects
 * (batch-helpful.c, top 1) or by batch-general.c (every option, any `top`).
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

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
    sdm__free(p->candidate);
    sdm__free(p->name_order);
    sdm__free(p->by_name);
}

/* A medicine's name and id, to sort by (sdm__score_name_before()'s order:
 * name, then id; ids are unique, so no two are equal), with the first 16
 * bytes of the name as two big-endian integers (zeros after its end), which
 * order two names as strcmp() does unless they are equal. */
typedef struct named {
    uint64_t key[2];
    const char *name, *id;
    size_t index;
} named;

static void name_key(const char *name, uint64_t key[2])
{
    key[0] = key[1] = 0;
    for (size_t i = 0; i < 16 && name[i]; i++)
        key[i / 8] |= (uint64_t)(unsigned char)name[i] << (56 - 8 * (i % 8));
}

static int named_before(const named *x, const named *y)
{
    if (x->key[0] != y->key[0])
        return x->key[0] < y->key[0];
    if (x->key[1] != y->key[1])
        return x->key[1] < y->key[1];
    int c = strcmp(x->name, y->name);
    return (c ? c : strcmp(x->id, y->id)) < 0;
}

/* A merge sort of `all` (n of them), `tmp` as long: O(n log n), and most
 * comparisons two integer ones (qsort's calls to strcmp() were a third of
 * the plan of 2,000 medicines). */
static void sort_named(named *all, named *tmp, size_t n)
{
    if (n < 2)
        return;
    size_t half = n / 2;
    sort_named(all, tmp, half);
    sort_named(all + half, tmp, n - half);
    size_t i = 0, j = half, o = 0;
    while (i < half && j < n)
        tmp[o++] = named_before(&all[j], &all[i]) ? all[j++] : all[i++];
    while (i < half)
        tmp[o++] = all[i++];
    memcpy(all, tmp, o * sizeof *all); /* the rest, all[j..n), is in place */
}

/* Each medicine's place in name order, as sdm_match_run() lists ties; from
 * then on the plan compares places instead of names. */
static sdm_status fill_name_order(batch_plan *p)
{
    named *all = sdm__malloc(2 * (p->meds ? p->meds : 1) * sizeof *all);
    if (!all)
        return sdm__fail_no_memory();
    for (size_t m = 0; m < p->meds; m++) {
        const sdm_profile *profile = &p->scoring.formulary->profiles[m];
        all[m] = (named){{0, 0}, profile->name, profile->id, m};
        name_key(profile->name, all[m].key);
    }
    sort_named(all, all + p->meds, p->meds);
    for (size_t place = 0; place < p->meds; place++) {
        p->by_name[place] = all[place].index;
        p->name_order[all[place].index] = place;
    }
    sdm__free(all);
    p->scoring.name_order = p->name_order;
    return SDM_OK;
}

static sdm_status plan_make(batch_plan *p, const sdm_formulary *f, const sdm_match_options *o, size_t k, size_t h)
{
    memset(p, 0, sizeof *p);
    p->items = f->catalogue->count;
    p->meds = f->count;
    size_t meds = p->meds ? p->meds : 1;
    p->candidates = sdm__calloc(meds, sizeof *p->candidates);
    p->ratings = sdm__calloc(meds, sizeof *p->ratings);
    p->candidate = sdm__calloc(meds, 1);
    p->name_order = sdm__calloc(meds, sizeof *p->name_order);
    p->by_name = sdm__calloc(meds, sizeof *p->by_name);
    if (!p->candidates || !p->ratings || !p->candidate || !p->name_order || !p->by_name)
        return sdm__fail_no_memory();
    sdm_status st = sdm__score_plan_make(&p->scoring, f, o, p->candidates);
    if (st != SDM_OK)
        return st;
    /* Every length a row can have; one that cannot be scored fails only the
     * rows that have it (batch_terms() says why). */
    for (size_t len = 1; len <= k; len++)
        sdm__score_terms(&p->scoring, len, 0, &p->terms[len], 1);
    /* and of a full row with helpful side effects, for sdm__helpful_rows() */
    if (h > 0 && h <= SDM_HELPFUL_FAST)
        sdm__score_terms(&p->scoring, k, h, &p->full_helpful, 1);
    for (size_t m = 0; m < p->meds; m++) {
        p->ratings[m] = sdm__score_ratings(&p->scoring, m);
        p->candidate[m] = p->candidates[m].kind == 0;
    }
    return fill_name_order(p);
}

/* A thread's own state: scratch for the scores of a row, and the terms of
 * rows with helpful side effects, made on demand (a table of every shape
 * when it is small, else the last shape). */
typedef struct batch_worker {
    sdm_lanes *score;        /* lp->blocks vectors */
    void *score_memory;
    sdm_score_terms *shapes; /* (k + 1) x (h + 1), or NULL */
    unsigned char *made;
    size_t h;
    sdm_score_terms last;
} batch_worker;

#define SHAPE_TABLE_MAX 256

static sdm_status worker_make(batch_worker *w, const sdm_lane_plan *lp, size_t k, size_t h)
{
    memset(w, 0, sizeof *w);
    w->h = h;
    w->last.k = w->last.h = (size_t)-1;
    w->score_memory = sdm__malloc((lp->blocks + 1) * sizeof(sdm_lanes) + sizeof(sdm_lanes));
    if (!w->score_memory)
        return sdm__fail_no_memory();
    uintptr_t at = ((uintptr_t)w->score_memory + sizeof(sdm_lanes) - 1) & ~(uintptr_t)(sizeof(sdm_lanes) - 1);
    w->score = (sdm_lanes *)at;
    if (h > 0 && (k + 1) * (h + 1) <= SHAPE_TABLE_MAX) {
        w->shapes = sdm__malloc((k + 1) * (h + 1) * sizeof *w->shapes);
        w->made = sdm__calloc((k + 1) * (h + 1), 1);
        if (!w->shapes || !w->made)
            return sdm__fail_no_memory();
    }
    return SDM_OK;
}

static void worker_dispose(batch_worker *w)
{
    sdm__free(w->score_memory);
    sdm__free(w->shapes);
    sdm__free(w->made);
}

/* The terms of a row of `len` ranked and `hc` helpful side effects: made for
 * every length without helpful ones, and on demand with them. A shape that
 * cannot be scored fails, naming the row. */
static sdm_status batch_terms(const batch_plan *p, batch_worker *w, size_t row, size_t len, size_t hc,
                              const sdm_score_terms **out)
{
    const sdm_score_terms *t = &p->terms[len];
    if (hc > 0 && w->shapes) {
        size_t at = len * (w->h + 1) + hc;
        if (!w->made[at]) {
            sdm__score_terms(&p->scoring, len, hc, &w->shapes[at], 1);
            w->made[at] = 1;
        }
        t = &w->shapes[at];
    } else if (hc > 0) {
        if (w->last.k != len || w->last.h != hc)
            sdm__score_terms(&p->scoring, len, hc, &w->last, 1);
        t = &w->last;
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

/* ---- rows ------------------------------------------------------------------ */

/* Rows are copied to the batch's own buffer this many at a time (the
 * screen's chunk, batch-lanes.c), and the kernels read only that copy. Small
 * copies, each of the next rows prefetched while this one is scored, keep
 * the caller's array streaming in as it did when the kernels read it: with
 * copies of 2,048 cells the batch took 12 % longer than reading in place,
 * with 64 rows and the prefetch 6 %, without the prefetch 24 % (BENCHMARKS.md).
 * 256 rows cost the default batch no more than 64 and let the screen group
 * more rows of each length when rows end early (issue 15: 1.24-1.29x the
 * default instead of 1.41-1.47x, `sdm-bench growth`, case short). */
#define CHUNK_ROWS 256

/* A slice of the rows, the thread that does it, and how it ended. */
typedef struct batch_slice {
    const batch_plan *plan;
    const sdm_lane_plan *lanes;
    const batch_io *io;
    size_t first, last;
    int *stop; /* set by the first slice that fails: the others stop at their next chunk */
    sdm_status status;
    const sdm_helpful_screen *helpful; /* the screen of rows with helpful side effects */
} batch_slice;

/* One row, checked in the copy `cells` (its k ranked columns, then its h
 * helpful ones), scored by batch-general.c into its `top` places. */
static sdm_status general_row(const batch_plan *p, const sdm_lane_plan *lp, batch_worker *w, const batch_io *io,
                              size_t row, int32_t *cells, size_t h)
{
    size_t len, hc;
    const sdm_score_terms *t = NULL;
    sdm_status st = check_row(p, row, cells, io->k, h, &len, &hc);
    if (st != SDM_OK)
        return st;
    size_t at = row * io->top;
    if (len + hc == 0) { /* nothing ranked: a missing answer, not a tie of every medicine */
        sdm__batch_no_result(io->best, io->scores, io->ranks, io->tied, at, at + io->top);
        return SDM_OK;
    }
    st = batch_terms(p, w, row, len, hc, &t);
    if (st != SDM_OK)
        return st;
    sdm__lanes_row(lp, t, cells, len, hc, io->top, w->score, &io->best[at], io->scores ? &io->scores[at] : NULL,
                   io->ranks ? &io->ranks[at] : NULL, io->tied ? &io->tied[at] : NULL);
    return SDM_OK;
}

/* Asks for the caller's next rows to be brought into the cache while this
 * chunk is scored, so that copying them does not wait on memory. */
static void prefetch_rows(const batch_io *io, size_t first, size_t rows, size_t last)
{
    if (first >= last)
        return;
    if (rows > last - first)
        rows = last - first;
    const char *from = (const char *)&io->rankings[first * io->k];
    size_t bytes = rows * io->k * sizeof *io->rankings;
    for (size_t at = 0; at < bytes; at += 64)
        __builtin_prefetch(from + at);
}

/* The rows of a slice, a chunk at a time: each chunk copied (ranked columns,
 * then helpful ones), then scored by the screen, which hands back the rows it
 * cannot take, or row by row by batch-general.c. */
static sdm_status slice_rows(const batch_slice *s, batch_worker *w)
{
    const batch_plan *p = s->plan;
    const sdm_lane_plan *lp = s->lanes;
    const batch_io *io = s->io;
    const size_t k = io->k, h = io->h;
    int screen = lp->fblocks != 0;
    int32_t local[CHUNK_ROWS * SDM_MAX_RANK];
    int32_t cells[SDM_MAX_RANK + SDM_MAX_ITEMS];
    uint32_t odd[CHUNK_ROWS];
    for (size_t first = s->first; first < s->last; first += CHUNK_ROWS) {
        if (__atomic_load_n(s->stop, __ATOMIC_RELAXED))
            return SDM_OK; /* another slice failed: the call fails with its error */
        size_t rows = s->last - first < CHUNK_ROWS ? s->last - first : CHUNK_ROWS;
        if (h > 0 && p->full_helpful.usable) {
            /* the usual row, every cell given, in place; the others (and
             * any bad one, named as before) one by one, in row order */
            size_t at = first * io->top;
            size_t odds = s->helpful->fblocks
                              ? sdm__helpful_screen_rows(s->helpful, lp, &p->full_helpful, &io->rankings[first * k],
                                                         &io->helpful[first * h], rows, k, h, p->items,
                                                         &io->best[at], io->scores ? &io->scores[at] : NULL,
                                                         io->ranks ? &io->ranks[at] : NULL,
                                                         io->tied ? &io->tied[at] : NULL, odd)
                              : sdm__helpful_rows(lp, &p->full_helpful, &io->rankings[first * k], &io->helpful[first * h],
                                            rows, k, h, p->items, io->top, w->score, &io->best[at],
                                            io->scores ? &io->scores[at] : NULL, io->ranks ? &io->ranks[at] : NULL,
                                            io->tied ? &io->tied[at] : NULL, odd);
            for (size_t i = 0; i < odds; i++) {
                size_t row = first + odd[i];
                memcpy(cells, &io->rankings[row * k], k * sizeof *cells);
                memcpy(cells + k, &io->helpful[row * h], h * sizeof *cells);
                sdm_status st = general_row(p, lp, w, io, row, cells, h);
                if (st != SDM_OK)
                    return st;
            }
            continue;
        }
        if (!screen || h > 0) {
            for (size_t r = 0; r < rows; r++) {
                size_t row = first + r;
                memcpy(cells, &io->rankings[row * k], k * sizeof *cells);
                if (h)
                    memcpy(cells + k, &io->helpful[row * h], h * sizeof *cells);
                sdm_status st = general_row(p, lp, w, io, row, cells, h);
                if (st != SDM_OK)
                    return st;
            }
            continue;
        }
        memcpy(local, &io->rankings[first * k], rows * k * sizeof *local);
        /* the screen reads eight cells from a row's first (sdm__screen_rows()) */
        _Static_assert(CHUNK_ROWS * SDM_SCREEN_COLUMNS + SDM_SCREEN_SLACK <= CHUNK_ROWS * SDM_MAX_RANK,
                       "the copy has room for the cells after its last row");
        memset(&local[rows * k], 0, SDM_SCREEN_SLACK * sizeof *local);
        prefetch_rows(io, first + rows, CHUNK_ROWS, s->last);
        size_t at = first * io->top;
        size_t odds = sdm__screen_rows(lp, p, local, rows, k, &io->best[at], io->scores ? &io->scores[at] : NULL,
                                       io->ranks ? &io->ranks[at] : NULL, io->tied ? &io->tied[at] : NULL, odd);
        for (size_t i = 0; i < odds; i++) {
            sdm_status st = general_row(p, lp, w, io, first + odd[i], &local[odd[i] * k], 0);
            if (st != SDM_OK)
                return st;
        }
    }
    return SDM_OK;
}

static void *slice_thread(void *arg)
{
    batch_slice *s = arg;
    batch_worker w;
    s->status = worker_make(&w, s->lanes, s->io->k, s->io->h);
    if (s->status == SDM_OK)
        s->status = slice_rows(s, &w);
    if (s->status != SDM_OK)
        __atomic_store_n(s->stop, 1, __ATOMIC_RELAXED);
    worker_dispose(&w);
    return NULL;
}

/* Fewer rows than this per thread are not worth a thread. */
#define ROWS_PER_THREAD 8192
#define MOST_THREADS 256

static size_t threads_for(size_t threads, size_t n)
{
    if (threads == 0) {
        long online = sysconf(_SC_NPROCESSORS_ONLN);
        threads = online > 0 ? (size_t)online : 1;
    }
    size_t useful = n / ROWS_PER_THREAD ? n / ROWS_PER_THREAD : 1;
    threads = threads < useful ? threads : useful;
    return threads < MOST_THREADS ? threads : MOST_THREADS;
}

/* Every row, in `threads` slices of whole chunks, the first on this thread.
 * When a slice fails, the first failing slice is done again here, so that
 * this thread's message (sdm_last_error()) is the one a single thread gives. */
static sdm_status all_rows(const batch_plan *p, const sdm_lane_plan *lp, const sdm_helpful_screen *hs,
                           const batch_io *io, size_t threads)
{
    batch_slice slices[MOST_THREADS];
    pthread_t ids[MOST_THREADS];
    int started[MOST_THREADS] = {0};
    int stop = 0;
    size_t chunks = (io->n + CHUNK_ROWS - 1) / CHUNK_ROWS;
    for (size_t i = 0; i < threads; i++) {
        size_t from = chunks * i / threads * CHUNK_ROWS, to = chunks * (i + 1) / threads * CHUNK_ROWS;
        slices[i] = (batch_slice){p, lp, io, from < io->n ? from : io->n, to < io->n ? to : io->n, &stop, SDM_OK, hs};
    }
    for (size_t i = 1; i < threads; i++)
        started[i] = pthread_create(&ids[i], NULL, slice_thread, &slices[i]) == 0;
    /* A thread that could not start leaves its slice to this one. */
    for (size_t i = 0; i < threads; i++)
        if (i == 0 || !started[i])
            slice_thread(&slices[i]);
    for (size_t i = 1; i < threads; i++)
        if (started[i])
            pthread_join(ids[i], NULL);
    for (size_t i = 0; i < threads; i++) {
        if (slices[i].status == SDM_OK)
            continue;
        if (threads > 1) {
            int again = 0;
            batch_slice alone = slices[i];
            alone.stop = &again;
            slice_thread(&alone);
            return alone.status;
        }
        return slices[i].status;
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

static sdm_status batch_run(const sdm_formulary *f, const sdm_match_options *opts, const batch_io *io,
                            size_t threads)
{
    const sdm_match_options *o = opts ? opts : sdm__options_default();
    sdm_status st = check_args(f, io);
    if (st != SDM_OK)
        return st;
    batch_plan plan;
    sdm_lane_plan lanes;
    sdm_helpful_screen helpful;
    memset(&lanes, 0, sizeof lanes);
    memset(&helpful, 0, sizeof helpful);
    st = plan_make(&plan, f, o, io->k, io->h);
    if (st == SDM_OK)
        st = sdm__lane_plan_make(&lanes, &plan, io->k, io->h, io->top);
    if (st == SDM_OK && io->h > 0)
        st = sdm__helpful_screen_make(&helpful, &plan, &lanes, io->k, io->h, io->top,
                                      lanes.avx2 && sdm__screen_allowed());
    if (st == SDM_OK)
        st = all_rows(&plan, &lanes, &helpful, io, threads_for(threads, io->n));
    sdm__helpful_screen_dispose(&helpful);
    sdm__lane_plan_dispose(&lanes);
    plan_dispose(&plan);
    return st;
}

sdm_status sdm_match_batch_ext(const sdm_formulary *f, const sdm_match_options *opts, const int32_t *rankings,
                               size_t n, size_t k, const int32_t *helpful, size_t h, size_t top, int32_t *best,
                               double *scores, int32_t *ranks, int32_t *tied)
{
    const batch_io io = {"sdm_match_batch_ext", rankings, n, k, helpful, h, top, best, scores, ranks, tied};
    return batch_run(f, opts, &io, 1);
}

sdm_status sdm_match_batch(const sdm_formulary *f, const sdm_match_options *opts, const int32_t *rankings,
                           size_t n, size_t k, size_t top, int32_t *best, double *scores)
{
    const batch_io io = {"sdm_match_batch", rankings, n, k, NULL, 0, top, best, scores, NULL, NULL};
    return batch_run(f, opts, &io, 1);
}

sdm_status sdm_match_batch_threads(const sdm_formulary *f, const sdm_match_options *opts, const int32_t *rankings,
                                   size_t n, size_t k, const int32_t *helpful, size_t h, size_t top, int32_t *best,
                                   double *scores, int32_t *ranks, int32_t *tied, size_t threads)
{
    const batch_io io = {"sdm_match_batch_threads", rankings, n, k, helpful, h, top, best, scores, ranks, tied};
    return batch_run(f, opts, &io, threads);
}
