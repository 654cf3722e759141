/*
 * libsdm - the cells of a scoring plan that count as more than their rating,
 * and the efficacy term: numeric evidence normalised across the formulary
 * (numeric.h), an unknown cell imputed with its side effect's mean
 * (SDM_UNKNOWN_MEAN, options.h), and each medicine's lack of efficacy under
 * a trade-off weight (efficacy.h). Made once per call, by
 * sdm__score_plan_make(), so that sdm_match_run() and the batch read the
 * same doubles. See doc/internals.md.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "efficacy-private.h"
#include "score.h"

/* ---- numeric evidence ------------------------------------------------------ */

/* The harm of a number on a common scale: ln of a risk ratio, a mean
 * difference as it is; no effect or a protective one is 0. */
static double harm_of(const sdm_evidence *e)
{
    double x = e->measure == SDM_MEASURE_RISK_RATIO ? log(e->value) : e->value;
    return x > 0.0 ? x : 0.0;
}

static const sdm_evidence *first_number(const sdm_profile *p, size_t i)
{
    const sdm_cell *c = &p->cells[i];
    return c->evidence_count ? &c->evidence[0] : NULL;
}

static int same_outcome(const sdm_evidence *a, const sdm_evidence *b)
{
    return a->measure == b->measure && strcmp(a->outcome, b->outcome) == 0;
}

/* The largest harm of the same outcome and measure as `e` in column i. */
static double largest_harm(const sdm_score_plan *p, size_t i, const sdm_evidence *e)
{
    double largest = 0.0;
    for (size_t m = 0; m < p->meds; m++) {
        const sdm_evidence *other = first_number(&p->formulary->profiles[m], i);
        if (other && same_outcome(other, e) && harm_of(other) > largest)
            largest = harm_of(other);
    }
    return largest;
}

/* Column i under numeric evidence: each number normalised by the largest
 * harm of its outcome over the formulary (largest_harm() is called once per
 * outcome: a column normally has one). */
static void numeric_column(sdm_score_plan *p, size_t i)
{
    const sdm_evidence *last = NULL;
    double largest = 0.0;
    for (size_t m = 0; m < p->meds; m++) {
        const sdm_evidence *e = first_number(&p->formulary->profiles[m], i);
        if (!e)
            continue;
        if (!last || !same_outcome(last, e))
            largest = largest_harm(p, i, e);
        last = e;
        double v = largest > 0.0 ? harm_of(e) / largest : 0.0;
        size_t at = m * p->items + i;
        p->cell[at * 2] = p->cell[at * 2 + 1] = v;
        p->cell_source[at] = SDM_TERM_NUMERIC;
        p->cell_evidence[at] = e;
    }
}

/* ---- ratings and unknowns -------------------------------------------------- */

/* Column i's other cells: the rating's value, or unknown with the policy's
 * value; under the mean policy, the mean of the column's known values. */
static void rated_column(sdm_score_plan *p, size_t i, int mean)
{
    double sum[2] = {0.0, 0.0};
    size_t known = 0;
    for (size_t m = 0; m < p->meds; m++) {
        size_t at = m * p->items + i;
        if (p->cell_source[at] != SDM_TERM_NUMERIC) {
            int rating = sdm__score_ratings(p, m)[i];
            p->cell_source[at] = rating == SDM_RATING_UNKNOWN ? SDM_TERM_IMPUTED : SDM_TERM_RATING;
            for (int h = 0; h < 2; h++)
                p->cell[at * 2 + (size_t)h] = p->value[h][rating + 1];
            if (rating == SDM_RATING_UNKNOWN)
                continue;
        }
        known++;
        sum[0] += p->cell[at * 2];
        sum[1] += p->cell[at * 2 + 1];
    }
    if (!mean || known == 0) /* no medicine rates it: the middle (value[.][0]), flagged as imputed */
        return;
    for (size_t m = 0; m < p->meds; m++) {
        size_t at = m * p->items + i;
        if (p->cell_source[at] == SDM_TERM_IMPUTED)
            for (int h = 0; h < 2; h++)
                p->cell[at * 2 + (size_t)h] = sum[h] / (double)known;
    }
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The smallest positive gap between two values `values` holds (sorts them). */
static double smallest_gap(double *values, size_t n)
{
    double gap = INFINITY;
    qsort(values, n, sizeof *values, compare_doubles);
    for (size_t j = 1; j < n; j++) {
        double d = values[j] - values[j - 1];
        if (d > 0.0 && d < gap)
            gap = d;
    }
    return gap;
}

/* The step of a plan with cells: the smallest gap between two values a term
 * can take in any column (its cells and, for a side effect the person had,
 * +++), for the separability check of sdm__score_terms(). */
static sdm_status cell_steps(sdm_score_plan *p)
{
    double *values = sdm__calloc(p->meds + 1, sizeof *values);
    if (!values)
        return sdm__fail_no_memory();
    for (int h = 0; h < 2; h++) {
        double step = INFINITY;
        for (size_t i = 0; i < p->items; i++) {
            for (size_t m = 0; m < p->meds; m++)
                values[m] = p->cell[(m * p->items + i) * 2 + (size_t)h];
            values[p->meds] = p->value[h][SDM_RATING_HIGH + 1];
            double gap = smallest_gap(values, p->meds + 1);
            step = gap < step ? gap : step;
        }
        p->step[h] = step;
    }
    sdm__free(values);
    return SDM_OK;
}

static sdm_status make_cells(sdm_score_plan *p)
{
    const sdm_match_options *o = p->options;
    size_t cells = p->meds * p->items;
    if (o->scheme == SDM_WEIGHTS_LEXICOGRAPHIC)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT,
                         "the lexicographic scheme needs values on the rating scale; under %s a cell can count "
                         "as any value from 0 to 1, so choose another scheme",
                         o->evidence == SDM_EVIDENCE_NUMERIC ? "numeric evidence" : "the unknown policy 'mean'");
    p->cell = sdm__calloc(cells * 2 + 1, sizeof *p->cell);
    p->cell_source = sdm__calloc(cells + 1, 1);
    p->cell_evidence = sdm__calloc(cells + 1, sizeof *p->cell_evidence);
    if (!p->cell || !p->cell_source || !p->cell_evidence)
        return sdm__fail_no_memory();
    for (size_t i = 0; i < p->items; i++) {
        if (o->evidence == SDM_EVIDENCE_NUMERIC)
            numeric_column(p, i);
        rated_column(p, i, o->unknown == SDM_UNKNOWN_MEAN);
    }
    return cell_steps(p);
}

/* ---- efficacy -------------------------------------------------------------- */

/* lack(m) = (e_max - e(m)) / (e_max - e_min) on e = -SMD over the medicines
 * with efficacy; the others by the unknown policy (efficacy.h). */
static sdm_status make_lack(sdm_score_plan *p)
{
    const sdm_formulary *f = p->formulary;
    double best = -INFINITY, worst = INFINITY, sum = 0.0;
    size_t known = 0;
    p->lack = sdm__calloc(p->meds + 1, sizeof *p->lack);
    p->lack_imputed = sdm__calloc(p->meds + 1, 1);
    if (!p->lack || !p->lack_imputed)
        return sdm__fail_no_memory();
    for (size_t m = 0; m < p->meds; m++) {
        const sdm_efficacy *e = f->profiles[m].efficacy;
        if (!e)
            continue;
        best = -e->smd > best ? -e->smd : best;
        worst = -e->smd < worst ? -e->smd : worst;
    }
    for (size_t m = 0; m < p->meds; m++) {
        const sdm_efficacy *e = f->profiles[m].efficacy;
        if (!e) {
            p->lack_imputed[m] = 1;
            continue;
        }
        p->lack[m] = best > worst ? (best - -e->smd) / (best - worst) : 0.0;
        sum += p->lack[m];
        known++;
    }
    double imputed = p->options->unknown == SDM_UNKNOWN_WORST                 ? 1.0
                     : p->options->unknown == SDM_UNKNOWN_MEAN && known > 0 ? sum / (double)known
                                                                            : 0.5;
    for (size_t m = 0; m < p->meds; m++)
        if (p->lack_imputed[m])
            p->lack[m] = imputed;
    double *values = sdm__calloc(p->meds + 1, sizeof *values);
    if (!values)
        return sdm__fail_no_memory();
    memcpy(values, p->lack, p->meds * sizeof *values);
    p->lack_step = smallest_gap(values, p->meds);
    sdm__free(values);
    return SDM_OK;
}

sdm_status sdm__score_cells_make(sdm_score_plan *p)
{
    const sdm_match_options *o = p->options;
    sdm_status st = SDM_OK;
    if (o->evidence == SDM_EVIDENCE_NUMERIC || o->unknown == SDM_UNKNOWN_MEAN)
        st = make_cells(p);
    if (st == SDM_OK && o->tradeoff > 0.0)
        st = make_lack(p);
    if (st != SDM_OK)
        sdm__score_plan_dispose(p);
    return st;
}

sdm_status sdm__score_plan_ratings_only(const sdm_score_plan *p, const char *what)
{
    const sdm_match_options *o = p->options;
    const char *asked = o->evidence == SDM_EVIDENCE_NUMERIC ? "numeric evidence ('evidence': 'numeric')"
                        : o->unknown == SDM_UNKNOWN_MEAN    ? "the unknown policy 'mean'"
                        : o->tradeoff > 0.0                 ? "a trade-off weight on efficacy ('tradeoff')"
                                                            : NULL;
    if (!asked)
        return SDM_OK;
    return sdm__fail(SDM_ERR_INVALID_ARGUMENT,
                     "%s draws each cell from its readings and does not take %s yet; leave it at its default "
                     "for this analysis",
                     what, asked);
}
