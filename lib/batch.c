/*
 * libsdm - matching many rankings at once.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <string.h>

#include "batch-private.h"

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
        const signed char *ratings = sdm__profile_ratings(prof, o->synthesis);
        p->candidate[m] = !filtered_out(o, prof);
        for (size_t i = 0; i < p->items; i++) {
            int rating = ratings[i];
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

/* The general path: every row checked, scored, sorted and its ties ordered. */
static sdm_status slow_rows(batch_plan *p, const sdm_match_options *o, const int32_t *rankings, size_t n,
                            size_t k, size_t top, int32_t *best, double *scores)
{
    for (size_t r = 0; r < n; r++) {
        size_t len;
        sdm_status st = check_row(p, &rankings[r * k], r, k, &len);
        if (st != SDM_OK)
            return st;
        size_t count = score_row(p, o, &rankings[r * k], len);
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

/* The fast path: the kernels take plain rows; any other row is checked here
 * (an error, or a shorter ranking) and scored on its own. */
static sdm_status fast_rows(const batch_plan *p, const sdm_lane_plan *lp, const int32_t *rankings, size_t n,
                            size_t k, int32_t *best, double *scores)
{
    size_t r = 0;
    while (r < n) {
        r += sdm__lanes_top1(lp, p, &rankings[r * k], n - r, k, &best[r], scores ? &scores[r] : NULL);
        if (r == n)
            break;
        size_t len;
        double score;
        sdm_status st = check_row(p, &rankings[r * k], r, k, &len);
        if (st != SDM_OK)
            return st;
        sdm__lanes_top1_row(lp, p, &rankings[r * k], len, &best[r], &score);
        if (scores)
            scores[r] = score;
        r++;
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
    sdm_lane_plan lanes = {0};
    int fast = top == 1 && o->unknown != SDM_UNKNOWN_EXCLUDE;
    st = plan_make(&plan, f, o, k);
    if (st == SDM_OK && fast)
        st = sdm__lane_plan_make(&lanes, &plan, n, k);
    /* With no medicine left, every row gets -1; the general path says so. */
    if (st == SDM_OK && fast && lanes.blocks)
        st = fast_rows(&plan, &lanes, rankings, n, k, best, scores);
    else if (st == SDM_OK)
        st = slow_rows(&plan, o, rankings, n, k, top, best, scores);
    sdm__lane_plan_dispose(&lanes);
    plan_dispose(&plan);
    return st;
}
