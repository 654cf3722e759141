/*
 * libsdm - the acceptability analysis of one ranking (SMAA-2): options,
 * sdm_acceptability_run(), its results and the cells that drive them. The
 * scenarios are drawn by acceptability-engine.c; the words are in
 * acceptability-text.c, the JSON in acceptability-json.c, the population
 * form in acceptability-batch.c.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "acceptability-private.h"
#include "ranking-private.h"

/* ---- options --------------------------------------------------------------- */

sdm_status sdm_match_options_set_acceptability(sdm_match_options *opts, size_t scenarios, uint64_t seed)
{
    if (!opts)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_match_options_set_acceptability: the options are NULL");
    if (scenarios > SDM_ACCEPTABILITY_MAX_SCENARIOS)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT,
                         "the number of scenarios of the acceptability analysis (%zu) is over the limit of %d",
                         scenarios, SDM_ACCEPTABILITY_MAX_SCENARIOS);
    opts->acceptability_scenarios = scenarios;
    opts->acceptability_seed = seed;
    return SDM_OK;
}

size_t sdm_match_options_acceptability_scenarios(const sdm_match_options *opts)
{
    return opts ? opts->acceptability_scenarios : 0;
}

uint64_t sdm_match_options_acceptability_seed(const sdm_match_options *opts)
{
    return opts ? opts->acceptability_seed : SDM_ACCEPTABILITY_DEFAULT_SEED;
}

/* ---- one ranking --------------------------------------------------------------- */

void sdm_acceptability_free(sdm_acceptability *a)
{
    if (!a)
        return;
    sdm_formulary_free(a->formulary);
    sdm__free(a->entries);
    sdm__free(a->central);
    sdm__free(a->drivers);
    sdm__free(a);
}

static sdm_status check_inputs(const sdm_formulary *f, const sdm_ranking *r, sdm_acceptability **out)
{
    if (!f || !r || !out)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_acceptability_run: %s is NULL",
                         !f ? "the formulary" : !r ? "the ranking" : "the out pointer");
    if (!sdm_catalogue_equal(f->catalogue, r->catalogue))
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT,
                         "the ranking uses the catalogue '%s' and the formulary '%s'; they differ",
                         r->catalogue->name, f->catalogue->name);
    for (size_t h = 0; h < r->history_count; h++)
        if (sdm__formulary_index(f, r->history[h].medicine) == (size_t)-1)
            return sdm__formulary_not_found(f, "the medicine of the person's history", r->history[h].medicine);
    sdm_status st = sdm_ranking_validate(r);
    if (st != SDM_OK)
        return st;
    if (sdm_ranking_avoid_count(r) + r->helpful_count == 0)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT,
                         "the ranking has no side effect to avoid and none that helps: there is nothing to be sure of");
    return SDM_OK;
}

/* The person's own readings: whether they had a side effect on medicine m. */
typedef struct personal {
    const sdm_formulary *formulary;
    const sdm_ranking *ranking;
} personal;

static int had_on(const void *ctx, size_t m, size_t effect)
{
    const personal *p = ctx;
    size_t h = sdm__history_index(p->ranking, p->formulary->profiles[m].id);
    return h != (size_t)-1 && p->ranking->history[h].had[effect];
}

/* The terms of a ranking as sdm_match_run() makes them: ranked side effects
 * in rank order, then helpful ones in catalogue order. */
static size_t terms_of(const sdm_ranking *r, int32_t *effects, size_t *k)
{
    size_t n = 0;
    *k = sdm_ranking_avoid_count(r);
    for (size_t rank = 1; rank <= *k; rank++)
        effects[n++] = (int32_t)r->by_rank[rank];
    for (size_t i = 0; i < r->catalogue->count; i++)
        if (r->helpful[i])
            effects[n++] = (int32_t)i;
    return n;
}

static int entry_before(const sdm_formulary *f, const sdm_acc_entry *a, const sdm_acc_entry *b)
{
    if (a->first != b->first)
        return a->first > b->first;
    if (a->top3 != b->top3)
        return a->top3 > b->top3;
    const sdm_profile *pa = &f->profiles[a->med], *pb = &f->profiles[b->med];
    int c = strcmp(pa->name, pb->name);
    return (c ? c : strcmp(pa->id, pb->id)) < 0;
}

/* Insertion sort: a formulary's medicines are a handful to a few hundred. */
static void sort_entries(sdm_acceptability *a)
{
    for (size_t i = 1; i < a->count; i++) {
        sdm_acc_entry x = a->entries[i];
        size_t j = i;
        for (; j > 0 && entry_before(a->formulary, &x, &a->entries[j - 1]); j--)
            a->entries[j] = a->entries[j - 1];
        a->entries[j] = x;
    }
}

/* The shares from the summed credits of the engine. */
static sdm_status keep_results(sdm_acceptability *a, const sdm_acc_work *w)
{
    const sdm_acc_problem *pb = &w->problem;
    size_t k = pb->k, n = pb->count + pb->never;
    a->entries = sdm__calloc(n ? n : 1, sizeof *a->entries);
    a->central = sdm__calloc(n * k > 0 ? n * k : 1, sizeof *a->central);
    if (!a->entries || !a->central)
        return sdm__fail_no_memory();
    a->count = n;
    a->k = k;
    double scenarios = (double)a->scenarios;
    for (size_t j = 0; j < n; j++) {
        sdm_acc_entry *e = &a->entries[j];
        e->med = pb->med[j];
        e->first = w->first[j] / scenarios;
        e->top3 = w->top3[j] / scenarios;
        e->central = &a->central[j * k];
        for (size_t c = 0; c < k; c++)
            e->central[c] = w->first[j] > 0.0 ? w->central[j * k + c] / w->first[j] : NAN;
    }
    sort_entries(a);
    return SDM_OK;
}

/* The cells that drive the uncertainty: of the top medicines (the first,
 * and the second when it is ever first), on the terms, unknown or disputed,
 * and drawn: not the person's own reading, nor a number under numeric
 * evidence (both fixed). */
static sdm_status find_drivers(sdm_acceptability *a, const sdm_score_plan *plan, const int32_t *effects,
                               size_t terms, const personal *own)
{
    size_t top = a->count >= 2 && a->entries[1].first > 0.0 ? 2 : a->count >= 1 ? 1 : 0;
    a->drivers = sdm__calloc(top * terms > 0 ? top * terms : 1, sizeof *a->drivers);
    if (!a->drivers)
        return sdm__fail_no_memory();
    for (size_t i = 0; i < top; i++) {
        size_t m = a->entries[i].med;
        for (size_t c = 0; c < terms; c++) {
            size_t e = (size_t)effects[c];
            const sdm_cell *cell = &a->formulary->profiles[m].cells[e];
            int unknown = cell->reading_count == 0;
            int number = plan->cell && plan->cell_source[m * plan->items + e] == SDM_TERM_NUMERIC;
            if (had_on(own, m, e) || number || (!unknown && cell->spread < SDM_DISAGREEMENT_SPREAD))
                continue;
            a->drivers[a->driver_count++] = (sdm_acc_driver){m, e, unknown ? -1 : cell->spread};
        }
    }
    return SDM_OK;
}

static sdm_status analyse(sdm_acceptability *a, const sdm_ranking *r, const sdm_match_options *o)
{
    sdm_score_candidate *candidates = sdm__calloc(a->formulary->count, sizeof *candidates);
    if (!candidates)
        return sdm__fail_no_memory();
    int32_t effects[SDM_MAX_RANK + SDM_MAX_ITEMS];
    size_t k, terms = terms_of(r, effects, &k);
    personal own = {a->formulary, r};
    sdm_score_plan plan;
    sdm_acc_work w;
    memset(&w, 0, sizeof w);
    sdm_status st = sdm__score_plan_make(&plan, a->formulary, o, candidates);
    if (st == SDM_OK)
        st = sdm__acc_problem_make(&w, &plan, effects, k, terms - k, had_on, &own);
    if (st == SDM_OK) {
        sdm__acc_simulate(&w, a->scenarios, a->seed);
        st = keep_results(a, &w);
    }
    if (st == SDM_OK)
        st = find_drivers(a, &plan, effects, terms, &own);
    sdm__acc_work_destroy(&w);
    sdm__score_plan_dispose(&plan);
    sdm__free(candidates);
    return st;
}

sdm_status sdm_acceptability_run(const sdm_formulary *f, const sdm_ranking *r, const sdm_match_options *opts,
                                 sdm_acceptability **out)
{
    const sdm_match_options *o = opts ? opts : sdm__options_default();
    sdm_status st = check_inputs(f, r, out);
    if (st != SDM_OK)
        return st;
    sdm_acceptability *a = sdm__calloc(1, sizeof *a);
    if (!a)
        return sdm__fail_no_memory();
    a->formulary = sdm_formulary_ref((sdm_formulary *)f);
    a->scenarios = sdm__acc_scenarios_of(o);
    a->seed = o->acceptability_seed;
    st = analyse(a, r, o);
    if (st != SDM_OK) {
        sdm_acceptability_free(a);
        return st;
    }
    *out = a;
    return SDM_OK;
}

sdm_status sdm_acceptability_copy(const sdm_acceptability *a, sdm_acceptability **out)
{
    if (!a || !out)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_acceptability_copy: %s is NULL",
                         !a ? "the analysis" : "the out pointer");
    sdm_acceptability *c = sdm__calloc(1, sizeof *c);
    if (!c)
        return sdm__fail_no_memory();
    *c = *a;
    c->entries = sdm__calloc(a->count ? a->count : 1, sizeof *c->entries);
    c->central = sdm__calloc(a->count * a->k > 0 ? a->count * a->k : 1, sizeof *c->central);
    c->drivers = sdm__calloc(a->driver_count ? a->driver_count : 1, sizeof *c->drivers);
    if (!c->entries || !c->central || !c->drivers) {
        sdm__free(c->entries), sdm__free(c->central), sdm__free(c->drivers), sdm__free(c);
        return sdm__fail_no_memory();
    }
    memcpy(c->central, a->central, a->count * a->k * sizeof *c->central);
    memcpy(c->drivers, a->drivers, a->driver_count * sizeof *c->drivers);
    for (size_t j = 0; j < a->count; j++) {
        c->entries[j] = a->entries[j];
        c->entries[j].central = &c->central[(size_t)(a->entries[j].central - a->central)];
    }
    c->formulary = sdm_formulary_ref(a->formulary);
    *out = c;
    return SDM_OK;
}

/* ---- getters -------------------------------------------------------------------- */

static const sdm_acc_entry *entry_at(const sdm_acceptability *a, size_t i)
{
    return a && i < a->count ? &a->entries[i] : NULL;
}

static const sdm_acc_driver *driver_at(const sdm_acceptability *a, size_t i)
{
    return a && i < a->driver_count ? &a->drivers[i] : NULL;
}

size_t sdm_acceptability_scenarios(const sdm_acceptability *a)
{
    return a ? a->scenarios : 0;
}

uint64_t sdm_acceptability_seed(const sdm_acceptability *a)
{
    return a ? a->seed : 0;
}

size_t sdm_acceptability_count(const sdm_acceptability *a)
{
    return a ? a->count : 0;
}

const sdm_profile *sdm_acceptability_profile(const sdm_acceptability *a, size_t i)
{
    const sdm_acc_entry *e = entry_at(a, i);
    return e ? &a->formulary->profiles[e->med] : NULL;
}

size_t sdm_acceptability_formulary_index(const sdm_acceptability *a, size_t i)
{
    const sdm_acc_entry *e = entry_at(a, i);
    return e ? e->med : (size_t)-1;
}

double sdm_acceptability_first(const sdm_acceptability *a, size_t i)
{
    const sdm_acc_entry *e = entry_at(a, i);
    return e ? e->first : NAN;
}

double sdm_acceptability_top3(const sdm_acceptability *a, size_t i)
{
    const sdm_acc_entry *e = entry_at(a, i);
    return e ? e->top3 : NAN;
}

size_t sdm_acceptability_rank_count(const sdm_acceptability *a)
{
    return a ? a->k : 0;
}

double sdm_acceptability_central_weight(const sdm_acceptability *a, size_t i, size_t rank)
{
    const sdm_acc_entry *e = entry_at(a, i);
    return e && rank >= 1 && rank <= a->k ? e->central[rank - 1] : NAN;
}

int sdm_acceptability_fragile(const sdm_acceptability *a)
{
    return a && a->count >= 2 && a->entries[0].first - a->entries[1].first < SDM_ACCEPTABILITY_FRAGILE_MARGIN;
}

size_t sdm_acceptability_driver_count(const sdm_acceptability *a)
{
    return a ? a->driver_count : 0;
}

const sdm_profile *sdm_acceptability_driver_profile(const sdm_acceptability *a, size_t i)
{
    const sdm_acc_driver *d = driver_at(a, i);
    return d ? &a->formulary->profiles[d->med] : NULL;
}

size_t sdm_acceptability_driver_effect(const sdm_acceptability *a, size_t i)
{
    const sdm_acc_driver *d = driver_at(a, i);
    return d ? d->effect : (size_t)-1;
}

int sdm_acceptability_driver_spread(const sdm_acceptability *a, size_t i)
{
    const sdm_acc_driver *d = driver_at(a, i);
    return d ? d->spread : -2;
}
