/*
 * libsdm - the scoring plan (score.h): candidates, the value of each rating,
 * the weights and tie tolerance of a shape of ranking, and the order of a
 * match. See doc/internals.md.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <string.h>

#include "clinical-private.h"
#include "score.h"

/* ---- candidates ----------------------------------------------------------- */

static const sdm_exclude_request *requested(const sdm_match_options *o, const sdm_profile *p)
{
    for (size_t i = 0; i < o->exclude_count; i++)
        if (strcmp(o->excludes[i].id, p->id) == 0)
            return &o->excludes[i];
    return NULL;
}

static const char *missing_tag(const sdm_tags *required, const sdm_tags *has)
{
    for (size_t i = 0; i < required->count; i++)
        if (!sdm__tags_contain(has, required->items[i]))
            return required->items[i];
    return NULL;
}

/* The first required country the medicine is not licensed in for
 * schizophrenia (its licence details, the EU's for a member state, or
 * licensed_in: clinical.c), or NULL. */
static const char *unlicensed_in(const sdm_tags *required, const sdm_profile *p)
{
    for (size_t i = 0; i < required->count; i++)
        if (!sdm__licence_allows(p, required->items[i], NULL))
            return required->items[i];
    return NULL;
}

/* The first reason that leaves a medicine out whatever the row: a request,
 * then a formulation, then a licence, then a restriction whose context does
 * not hold. */
static sdm_score_candidate candidate_of(const sdm_match_options *o, const sdm_profile *p)
{
    const sdm_exclude_request *request = requested(o, p);
    const char *tag;
    if (request)
        return (sdm_score_candidate){SDM_EXCLUDED_BY_REQUEST, request->reason};
    if ((tag = missing_tag(&o->formulations, &p->formulations)))
        return (sdm_score_candidate){SDM_EXCLUDED_FORMULATION, tag};
    if ((tag = unlicensed_in(&o->licences, p)))
        return (sdm_score_candidate){SDM_EXCLUDED_LICENCE, tag};
    if (!sdm__restrictions_allow(p, &o->contexts, &o->licences, &o->formulations, NULL))
        return (sdm_score_candidate){SDM_EXCLUDED_RESTRICTION, NULL};
    /* Efficacy counts (a trade-off weight) and unknowns exclude: one without it is left out. */
    if (o->tradeoff > 0.0 && o->unknown == SDM_UNKNOWN_EXCLUDE && !p->efficacy)
        return (sdm_score_candidate){SDM_EXCLUDED_UNKNOWN_RATING, "efficacy"};
    return (sdm_score_candidate){0, NULL};
}

/* ---- values --------------------------------------------------------------- */

/* The smallest positive difference between the values a term can take. An
 * unknown rating is one of them unless it excludes. */
static double smallest_step(const double *value, int with_unknown)
{
    double step = INFINITY;
    for (int a = with_unknown ? 0 : 1; a < 5; a++)
        for (int b = with_unknown ? 0 : 1; b < 5; b++) {
            double d = value[a] - value[b];
            if (d > 0.0 && d < step)
                step = d;
        }
    return step;
}

sdm_status sdm__score_plan_make(sdm_score_plan *p, const sdm_formulary *f, const sdm_match_options *o,
                                sdm_score_candidate *candidates)
{
    /* nothing owned yet: sdm__score_plan_dispose() may be called whatever fails */
    p->cell = NULL;
    p->cell_source = NULL;
    p->cell_evidence = NULL;
    p->lack = NULL;
    p->lack_imputed = NULL;
    p->lack_step = INFINITY;
    p->tradeoff = 0.0;
    for (size_t i = 0; i < o->exclude_count; i++)
        if (sdm__formulary_index(f, o->excludes[i].id) == (size_t)-1)
            return sdm__formulary_not_found(f, "the medicine to exclude", o->excludes[i].id);
    p->formulary = f;
    p->options = o;
    p->items = f->catalogue->count;
    p->meds = f->count;
    p->synthesis = o->synthesis;
    p->exclude_unknown = o->unknown == SDM_UNKNOWN_EXCLUDE;
    for (int helpful = 0; helpful < 2; helpful++) {
        p->value[helpful][0] = sdm__unknown_value(o, helpful);
        for (int rating = SDM_RATING_NONE; rating <= SDM_RATING_HIGH; rating++)
            p->value[helpful][rating + 1] = sdm__severity(o, rating);
        p->step[helpful] = smallest_step(p->value[helpful], !p->exclude_unknown);
    }
    for (size_t m = 0; m < f->count; m++)
        candidates[m] = candidate_of(o, &f->profiles[m]);
    p->candidate = candidates;
    p->name_order = NULL;
    p->tradeoff = o->tradeoff;
    return sdm__score_cells_make(p);
}

void sdm__score_plan_dispose(sdm_score_plan *p)
{
    sdm__free(p->cell);
    sdm__free(p->cell_source);
    sdm__free((void *)p->cell_evidence);
    sdm__free(p->lack);
    sdm__free(p->lack_imputed);
    p->cell = NULL;
    p->cell_source = NULL;
    p->cell_evidence = NULL;
    p->lack = NULL;
    p->lack_imputed = NULL;
}

/* ---- terms and the tie tolerance ------------------------------------------ */

/*
 * The tie tolerance. A score is a sum of T = k + h terms w * v, each v in
 * [0, 1], so no partial sum exceeds S = sum of the weights (helpful ones
 * counted h times). Computed in double precision (u = 2^-53), each product
 * and each addition rounds once: the computed score is within T u S (plus
 * T 2^-1075 where products fall below the normal range; additions there are
 * exact) of the exact sum of its terms (Higham, Accuracy and Stability of
 * Numerical Algorithms, 2nd ed., section 4.2: gamma_T). Two scores whose
 * exact values are equal, summed in another order, differ by at most
 * 2 T u S + T 2^-1074. The tolerance is four times that:
 *
 *     tie = T (S 2^-50 + 2^-1072)
 *
 * so equal scores always tie, whatever the order of their terms. For the
 * default ROC weights (S = 1) and five ranks it is 4.4e-15.
 *
 * The other half: a real difference must never be a tie. The smallest real
 * difference a term can make on its own is one step of a rating, weight *
 * step (step: the smallest gap between two values a rating can count as,
 * 1/6 on the default scale, where unknown counts 1/2). When it is at least
 * twice the tolerance, two medicines one step apart on any one term differ
 * by more than the tolerance even after rounding, so they never tie. A shape
 * of ranking whose weights cannot keep that (the lexicographic scheme beyond
 * about 12 ranks, or fewer with many helpful side effects; custom weights
 * too far apart or too small for double precision) is refused with
 * SDM_ERR_LIMIT rather than scored with ties that are not real.
 */
static double tie_tolerance(size_t terms, double scale)
{
    return (double)terms * (scale * 0x1p-50 + 0x1p-1072);
}

/* The first term whose step of a rating is not clearly above the tolerance:
 * a rank 1..k, k + 1 for the helpful terms, or 0 when there is none. A term
 * of weight 0 counts nothing by the caller's choice and is not checked. */
static size_t unseparated_term(const sdm_score_plan *p, const sdm_score_terms *t)
{
    for (size_t c = 0; c < t->k; c++)
        if (t->weight[c] > 0.0 && !(t->weight[c] * p->step[0] >= 2.0 * t->tie))
            return c + 1;
    if (t->h > 0 && t->helpful_weight > 0.0 && !(t->helpful_weight * p->step[1] >= 2.0 * t->tie))
        return t->k + 1;
    if (p->tradeoff > 0.0 && !(p->tradeoff * p->lack_step >= 2.0 * t->tie))
        return t->k + 2;
    return 0;
}

static sdm_status unseparated(const sdm_score_plan *p, const sdm_score_terms *t, size_t term)
{
    if (term == t->k + 2)
        return sdm__fail(SDM_ERR_LIMIT,
                         "the trade-off weight (%.3g) is too small beside the side effects' weights (%.3g in all): "
                         "the smallest difference in efficacy it counts is worth %.3g, which double precision "
                         "cannot tell from rounding error (scores within %.3g tie); give 0 or a larger weight",
                         p->tradeoff, t->scale - p->tradeoff, p->tradeoff * p->lack_step, t->tie);
    int helpful = term > t->k;
    double weight = helpful ? t->helpful_weight : t->weight[term - 1];
    double step = weight * p->step[helpful];
    if (p->options->scheme == SDM_WEIGHTS_LEXICOGRAPHIC && !helpful) {
        if (t->h > 0)
            return sdm__fail(SDM_ERR_LIMIT,
                             "the lexicographic scheme cannot rank %zu side effects with %zu helpful ones in double "
                             "precision: one step of a rating at rank %zu is worth %.3g, too close to the tie "
                             "tolerance (%.3g); rank fewer side effects, tick fewer helpful ones or choose another "
                             "scheme",
                             t->k, t->h, term, step, t->tie);
        return sdm__fail(SDM_ERR_LIMIT,
                         "the lexicographic scheme cannot rank %zu side effects in double precision: one step of a "
                         "rating at rank %zu is worth %.3g, too close to the tie tolerance (%.3g); rank fewer side "
                         "effects or choose another scheme",
                         t->k, term, step, t->tie);
    }
    if (helpful)
        return sdm__fail(SDM_ERR_LIMIT,
                         "the helpful side effects' weight (%.3g) is too small beside the others (%.3g in all): one "
                         "step of a rating there is worth %.3g, which double precision cannot tell from rounding "
                         "error (scores within %.3g tie)",
                         weight, t->scale, step, t->tie);
    return sdm__fail(SDM_ERR_LIMIT,
                     "rank %zu's weight (%.3g) is too small beside the others (%.3g in all): one step of a rating "
                     "there is worth %.3g, which double precision cannot tell from rounding error (scores within "
                     "%.3g tie)",
                     term, weight, t->scale, step, t->tie);
}

sdm_status sdm__score_terms(const sdm_score_plan *p, size_t k, size_t h, sdm_score_terms *t, int quiet)
{
    const sdm_match_options *o = p->options;
    t->usable = 0;
    t->k = k;
    t->h = h;
    if (k > 0) {
        if (quiet && o->scheme == SDM_WEIGHTS_CUSTOM && k > o->custom_count)
            return SDM_OK; /* sdm__rank_weights() says why, when asked */
        sdm_status st = sdm__rank_weights(o, (int)k, h, t->weight);
        if (st != SDM_OK)
            return st;
    }
    t->helpful_weight = o->helpful_weight >= 0.0 ? o->helpful_weight : k > 0 ? t->weight[k - 1] : 1.0;
    double scale = 0.0;
    for (size_t c = 0; c < k; c++)
        scale += t->weight[c];
    t->scale = scale + (double)h * t->helpful_weight;
    /* the efficacy term, lambda * lack with lack on [0, 1], is one term more */
    if (p->tradeoff > 0.0)
        t->scale += p->tradeoff;
    t->tie = tie_tolerance(k + h + (p->tradeoff > 0.0), t->scale);
    size_t term = unseparated_term(p, t);
    if (term)
        return quiet ? SDM_OK : unseparated(p, t, term);
    t->usable = 1;
    return SDM_OK;
}

/* ---- order ---------------------------------------------------------------- */

int sdm__score_name_before(const sdm_score_plan *p, size_t a, size_t b)
{
    if (p->name_order)
        return p->name_order[a] < p->name_order[b];
    const sdm_profile *pa = &p->formulary->profiles[a], *pb = &p->formulary->profiles[b];
    int c = strcmp(pa->name, pb->name);
    return (c ? c : strcmp(pa->id, pb->id)) < 0;
}

static int score_before(const sdm_score_plan *p, const double *score, size_t a, size_t b)
{
    if (score[a] != score[b])
        return score[a] < score[b];
    return sdm__score_name_before(p, a, b);
}

/* In place and without allocating (a Shell sort). */
static void sort_by_score(const sdm_score_plan *p, const double *score, size_t *order, size_t count)
{
    for (size_t gap = count / 2; gap > 0; gap /= 2)
        for (size_t i = gap; i < count; i++)
            for (size_t j = i; j >= gap && score_before(p, score, order[j], order[j - gap]); j -= gap) {
                size_t x = order[j];
                order[j] = order[j - gap];
                order[j - gap] = x;
            }
}

void sdm__score_sort_by_name(const sdm_score_plan *p, size_t *order, size_t count)
{
    for (size_t gap = count / 2; gap > 0; gap /= 2)
        for (size_t i = gap; i < count; i++)
            for (size_t j = i; j >= gap && sdm__score_name_before(p, order[j], order[j - gap]); j -= gap) {
                size_t x = order[j];
                order[j] = order[j - gap];
                order[j - gap] = x;
            }
}

/* The group of ties that starts at order[first]: every medicine from there
 * on within the tolerance of the lowest of them, moved to the front (the
 * lowest is order[first] when the rest is sorted by score). Returns its end. */
static size_t gather_group(const sdm_score_terms *t, const double *score, size_t *order, size_t first, size_t count,
                           int sorted)
{
    size_t low = first;
    if (!sorted)
        for (size_t i = first + 1; i < count; i++)
            low = score[order[i]] < score[order[low]] ? i : low;
    double lowest = score[order[low]];
    size_t end = first;
    for (size_t i = first; i < count; i++) {
        if (!sdm__score_tied(t, lowest, score[order[i]])) {
            if (sorted)
                break; /* sorted: no later one is within it either */
            continue;
        }
        size_t x = order[end];
        order[end++] = order[i];
        order[i] = x;
    }
    return end;
}

/* A few places of many are found group by group (each a pass over what
 * remains); more are found by sorting everything first. Both give the
 * groups the definition gives, so the same order. */
#define FEW_PLACES 8

void sdm__score_order(const sdm_score_plan *p, const sdm_score_terms *t, const double *score, size_t *order,
                      size_t count, size_t needed, int32_t *rank, int32_t *tied)
{
    int sorted = needed > FEW_PLACES;
    if (sorted)
        sort_by_score(p, score, order, count);
    size_t first = 0;
    while (first < count && first < needed) {
        size_t end = gather_group(t, score, order, first, count, sorted);
        sdm__score_sort_by_name(p, order + first, end - first);
        for (size_t i = first; i < end && i < needed; i++) {
            rank[i] = (int32_t)(first + 1);
            if (tied)
                tied[i] = (int32_t)(end - first);
        }
        first = end;
    }
}
