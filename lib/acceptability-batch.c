/*
 * libsdm - the population form of the acceptability analysis: many rankings
 * in one call, each row analysed by the engine exactly as
 * sdm_acceptability_run() analyses the same ranking (the same terms in the
 * same order, the same candidates in formulary order, the same seed), so the
 * shares are equal to the last bit. The plan and the working storage are
 * made once per call.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <string.h>

#include "acceptability-private.h"

/* Checks one part of a row (ranked or helpful columns) and returns its
 * length: indices in the catalogue, -1 only to pad, none twice, none both
 * ranked and helpful. `seen` marks the part's indices; `other` the ranked ones. */
static sdm_status check_part(size_t items, size_t row, const int32_t *cells, size_t count, int helpful,
                             unsigned char *seen, const unsigned char *other, size_t *len)
{
    const char *part = helpful ? "helpful " : "";
    size_t n = 0;
    for (; n < count && cells[n] != -1; n++) {
        int32_t v = cells[n];
        if (v < 0 || (size_t)v >= items)
            return sdm__fail(SDM_ERR_INVALID_ARGUMENT,
                             "row %zu, %scolumn %zu: side effect index %d is out of range (0..%zu)", row, part, n,
                             (int)v, items - 1);
        if (seen[v])
            return sdm__fail(SDM_ERR_DUPLICATE, "row %zu: side effect index %d is given twice (%scolumn %zu)", row,
                             (int)v, part, n);
        if (other && other[v])
            return sdm__fail(SDM_ERR_CONFLICT, "row %zu: side effect index %d is both ranked and helpful (helpful column %zu)",
                             row, (int)v, n);
        seen[v] = 1;
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

typedef struct batch_io {
    const int32_t *rankings, *helpful;
    size_t k, h;
    double *first, *top3;
    unsigned char *ranked_seen, *helpful_seen; /* one flag per catalogue item */
} batch_io;

/* The terms of a row as sdm_match_run() makes them: ranked in rank order,
 * then helpful in catalogue order. Returns the count; *k the ranked one. */
static sdm_status row_terms(const sdm_score_plan *plan, const batch_io *io, size_t row, int32_t *effects, size_t *k,
                            size_t *terms)
{
    size_t items = plan->items, h = 0;
    memset(io->ranked_seen, 0, items);
    memset(io->helpful_seen, 0, items);
    memcpy(effects, &io->rankings[row * io->k], io->k * sizeof *effects);
    sdm_status st = check_part(items, row, effects, io->k, 0, io->ranked_seen, NULL, k);
    if (st == SDM_OK && io->h)
        st = check_part(items, row, &io->helpful[row * io->h], io->h, 1, io->helpful_seen, io->ranked_seen, &h);
    if (st != SDM_OK)
        return st;
    *terms = *k;
    for (size_t i = 0; h && i < items; i++)
        if (io->helpful_seen[i])
            effects[(*terms)++] = (int32_t)i;
    return SDM_OK;
}

static void write_row(const sdm_acc_work *w, const batch_io *io, size_t meds, size_t row, size_t scenarios)
{
    double *first = &io->first[row * meds], *top3 = io->top3 ? &io->top3[row * meds] : NULL;
    for (size_t m = 0; m < meds; m++) {
        first[m] = NAN;
        if (top3)
            top3[m] = NAN;
    }
    if (!w)
        return;
    for (size_t j = 0; j < w->problem.count + w->problem.never; j++) {
        size_t m = w->problem.med[j];
        first[m] = w->first[j] / (double)scenarios;
        if (top3)
            top3[m] = w->top3[j] / (double)scenarios;
    }
}

static sdm_status check_args(const sdm_formulary *f, const int32_t *rankings, size_t n, size_t k,
                             const int32_t *helpful, size_t h, const double *first)
{
    if (!f || (!rankings && n) || (!first && n))
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_acceptability_batch: %s is NULL",
                         !f ? "the formulary" : !rankings ? "the rankings" : "the output 'first'");
    if (k < 1 || k > SDM_MAX_RANK)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_acceptability_batch: k = %zu is out of range (1..%d)", k,
                         SDM_MAX_RANK);
    if (h > SDM_MAX_ITEMS || (h && !helpful && n))
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_acceptability_batch: %s",
                         h > SDM_MAX_ITEMS ? "h is over SDM_MAX_ITEMS" : "the helpful columns are NULL");
    return SDM_OK;
}

static sdm_status rows(const sdm_score_plan *plan, const batch_io *io, size_t n, size_t scenarios, uint64_t seed)
{
    sdm_acc_work w;
    memset(&w, 0, sizeof w);
    int32_t effects[SDM_MAX_RANK + SDM_MAX_ITEMS];
    sdm_status st = SDM_OK;
    for (size_t row = 0; st == SDM_OK && row < n; row++) {
        size_t k, terms;
        st = row_terms(plan, io, row, effects, &k, &terms);
        if (st != SDM_OK)
            break;
        if (terms == 0) { /* a missing answer */
            write_row(NULL, io, plan->meds, row, scenarios);
            continue;
        }
        st = sdm__acc_problem_make(&w, plan, effects, k, terms - k, NULL, NULL);
        if (st == SDM_OK) {
            sdm__acc_simulate(&w, scenarios, seed);
            write_row(&w, io, plan->meds, row, scenarios);
        }
    }
    sdm__acc_work_destroy(&w);
    return st;
}

sdm_status sdm_acceptability_batch(const sdm_formulary *f, const sdm_match_options *opts, const int32_t *rankings,
                                   size_t n, size_t k, const int32_t *helpful, size_t h, double *first, double *top3)
{
    const sdm_match_options *o = opts ? opts : sdm__options_default();
    sdm_status st = check_args(f, rankings, n, k, helpful, h, first);
    if (st != SDM_OK)
        return st;
    sdm_score_candidate *candidates = sdm__calloc(f->count, sizeof *candidates);
    unsigned char *seen = sdm__calloc(2 * f->catalogue->count, 1);
    if (!candidates || !seen) {
        sdm__free(candidates);
        sdm__free(seen);
        return sdm__fail_no_memory();
    }
    sdm_score_plan plan;
    batch_io io = {rankings, helpful, k, h, first, top3, seen, seen + f->catalogue->count};
    st = sdm__score_plan_make(&plan, f, o, candidates);
    if (st == SDM_OK)
        st = rows(&plan, &io, n, sdm__acc_scenarios_of(o), o->acceptability_seed);
    sdm__score_plan_dispose(&plan);
    sdm__free(candidates);
    sdm__free(seen);
    return st;
}
