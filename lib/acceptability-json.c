/*
 * libsdm - the acceptability analysis as JSON: the analysis itself, the
 * options key "acceptability": {"scenarios": N, "seed": S}, and the analysis
 * in a decision record, checked when the record is re-opened (a record is
 * evidence: shares that cannot follow from a run are refused).
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "acceptability-private.h"
#include "acceptability-json.h"
#include "catalogue-private.h"

/* ---- the seed: an integer where every reader keeps it exactly ----------------- */

#define EXACT_IN_DOUBLE (UINT64_C(1) << 53)

static json_t *seed_value(uint64_t seed)
{
    if (seed <= EXACT_IN_DOUBLE)
        return json_integer((json_int_t)seed);
    char digits[24];
    snprintf(digits, sizeof digits, "%llu", (unsigned long long)seed);
    return json_string(digits);
}

static sdm_status read_seed(const sdm_json_doc *doc, json_t *value, const char *path, uint64_t *seed)
{
    if (json_is_integer(value) && json_integer_value(value) >= 0) {
        *seed = (uint64_t)json_integer_value(value);
        return SDM_OK;
    }
    const char *s = json_is_string(value) ? json_string_value(value) : NULL;
    if (s && *s >= '0' && *s <= '9' && strlen(s) <= 20 && strspn(s, "0123456789") == strlen(s)) {
        errno = 0;
        unsigned long long v = strtoull(s, NULL, 10);
        if (errno == 0) {
            *seed = (uint64_t)v;
            return SDM_OK;
        }
    }
    return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, path,
                          "the seed must be an integer from 0 to 2^64 - 1 (above 2^53 as a string of digits)");
}

/* ---- options ---------------------------------------------------------------------- */

json_t *sdm__acc_options_value(const sdm_match_options *o, int *bad)
{
    json_t *obj = json_object();
    sdm__jset(obj, "scenarios", json_integer((json_int_t)o->acceptability_scenarios), bad);
    sdm__jset(obj, "seed", seed_value(o->acceptability_seed), bad);
    return obj;
}

sdm_status sdm__acc_options_read(const sdm_json_doc *doc, json_t *options, const char *path, sdm_match_options *o)
{
    static const char *const keys[] = {"scenarios", "seed", NULL};
    json_t *value = json_object_get(options, "acceptability");
    char where[SDM_JSON_PATH];
    long long scenarios = SDM_ACCEPTABILITY_DEFAULT_SCENARIOS;
    uint64_t seed = SDM_ACCEPTABILITY_DEFAULT_SEED;
    if (!value)
        return SDM_OK;
    sdm__path(where, sizeof where, "%s%sacceptability", path, *path ? "." : "");
    sdm_status st = sdm__json_check_object(doc, value, where, keys);
    if (st == SDM_OK)
        st = sdm__json_integer(doc, value, where, "scenarios", 0, 1, SDM_ACCEPTABILITY_MAX_SCENARIOS, &scenarios);
    if (st == SDM_OK && json_object_get(value, "seed")) {
        char at[SDM_JSON_PATH];
        sdm__path(at, sizeof at, "%s.seed", where);
        st = read_seed(doc, json_object_get(value, "seed"), at, &seed);
    }
    if (st == SDM_OK)
        st = sdm_match_options_set_acceptability(o, (size_t)scenarios, seed);
    return st;
}

/* ---- the analysis ------------------------------------------------------------------- */

static json_t *central_value(const sdm_acceptability *a, const sdm_acc_entry *e, int *bad)
{
    if (!(e->first > 0.0))
        return json_null();
    json_t *arr = json_array();
    for (size_t c = 0; c < a->k; c++)
        sdm__jpush(arr, json_real(e->central[c]), bad);
    return arr;
}

json_t *sdm__acc_to_value(const sdm_acceptability *a, int *bad)
{
    json_t *root = json_object(), *meds = json_array(), *drivers = json_array();
    sdm__jset(root, "scenarios", json_integer((json_int_t)a->scenarios), bad);
    sdm__jset(root, "seed", seed_value(a->seed), bad);
    sdm__jset(root, "fragile", json_boolean(sdm_acceptability_fragile(a)), bad);
    for (size_t i = 0; i < a->count; i++) {
        const sdm_acc_entry *e = &a->entries[i];
        const sdm_profile *p = &a->formulary->profiles[e->med];
        json_t *obj = json_object();
        sdm__jset(obj, "id", json_string(p->id), bad);
        sdm__jset(obj, "name", json_string(p->name), bad);
        sdm__jset(obj, "first", json_real(e->first), bad);
        sdm__jset(obj, "top3", json_real(e->top3), bad);
        sdm__jset(obj, "central_weights", central_value(a, e, bad), bad);
        sdm__jpush(meds, obj, bad);
    }
    sdm__jset(root, "medicines", meds, bad);
    for (size_t i = 0; i < a->driver_count; i++) {
        const sdm_acc_driver *d = &a->drivers[i];
        json_t *obj = json_object();
        sdm__jset(obj, "medicine", json_string(a->formulary->profiles[d->med].id), bad);
        sdm__jset(obj, "side_effect", json_string(a->formulary->catalogue->items[d->effect].id), bad);
        sdm__jset(obj, "spread", d->spread < 0 ? json_null() : json_integer(d->spread), bad);
        sdm__jpush(drivers, obj, bad);
    }
    sdm__jset(root, "drivers", drivers, bad);
    return root;
}

void sdm__acc_jw(sdm_jsonw *w, const sdm_acceptability *a)
{
    int bad = 0;
    json_t *value = sdm__acc_to_value(a, &bad);
    sdm__jw_key(w, "acceptability");
    sdm__jw_value(w, bad ? NULL : value);
    json_decref(value);
}

sdm_status sdm_acceptability_to_json(const sdm_acceptability *a, char **out)
{
    if (!a || !out)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_acceptability_to_json: %s is NULL",
                         !a ? "the analysis" : "the out pointer");
    int bad = 0;
    return sdm__json_dump(sdm__acc_to_value(a, &bad), bad, out);
}

/* ---- in a decision record ------------------------------------------------------------ */

/* A medicine's shares and central weights: numbers from 0 to 1, first at
 * most top3, central weights (k, in rank order, non-increasing) exactly when
 * it is ever first. */
static sdm_status check_medicine(const sdm_json_doc *doc, json_t *med, const char *path, size_t k, double *first,
                                 double *top3)
{
    static const char *const keys[] = {"id", "name", "first", "top3", "central_weights", NULL};
    sdm_status st = sdm__json_check_object(doc, med, path, keys);
    if (st != SDM_OK)
        return st;
    json_t *f = json_object_get(med, "first"), *t = json_object_get(med, "top3");
    json_t *central = json_object_get(med, "central_weights");
    if (!json_is_number(f) || !json_is_number(t) || !(json_number_value(f) >= 0.0) ||
        !(json_number_value(t) <= 1.0) || json_number_value(f) > json_number_value(t))
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, path,
                              "'first' and 'top3' must be shares, 0 <= first <= top3 <= 1");
    *first = json_number_value(f);
    *top3 = json_number_value(t);
    if (*first == 0.0)
        return json_is_null(central) ? SDM_OK
                                     : sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, path,
                                                      "'central_weights' must be null for a medicine never first");
    if (!json_is_array(central) || json_array_size(central) != k)
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, path, "'central_weights' must hold %zu weights", k);
    double before = INFINITY;
    for (size_t c = 0; c < k; c++) {
        json_t *w = json_array_get(central, c);
        if (!json_is_number(w) || !(json_number_value(w) >= 0.0) || json_number_value(w) > before)
            return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, path,
                                  "'central_weights' must be weights in the person's order (rank %zu)", c + 1);
        before = json_number_value(w);
    }
    return SDM_OK;
}

/* The medicines: exactly the ranked ones of the result, listed by first
 * share; the first shares sum to 1 and the top-three ones to min(3, count). */
static sdm_status check_medicines(const sdm_json_doc *doc, json_t *meds, const sdm_record *rec, size_t k,
                                  int fragile)
{
    size_t n = json_array_size(meds), ranked = sdm_record_ranked_count(rec);
    if (n != ranked)
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, "acceptability.medicines",
                              "%zu medicines, but the result ranks %zu", n, ranked);
    double sum_first = 0.0, sum_top3 = 0.0, previous = INFINITY, firsts[2] = {0.0, 0.0};
    for (size_t i = 0; i < n; i++) {
        char path[SDM_JSON_PATH];
        sdm__path(path, sizeof path, "acceptability.medicines[%zu]", i);
        json_t *med = json_array_get(meds, i);
        double first = 0.0, top3 = 0.0;
        const char *id;
        sdm_status st = check_medicine(doc, med, path, k, &first, &top3);
        if (st == SDM_OK)
            st = sdm__json_id(doc, med, path, "id", 1, &id);
        if (st != SDM_OK)
            return st;
        size_t j = 0;
        while (j < ranked && strcmp(sdm_record_entry_id(rec, j), id) != 0)
            j++;
        for (size_t before = 0; j < ranked && before < i; before++)
            if (strcmp(json_string_value(json_object_get(json_array_get(meds, before), "id")), id) == 0)
                j = ranked;
        if (j == ranked)
            return sdm__json_fail(doc, SDM_ERR_SCHEMA, id, path,
                                  "'%s' is not a medicine of the result, or is given twice", id);
        if (first > previous)
            return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, path, "the medicines must be listed by first share");
        previous = first;
        if (i < 2)
            firsts[i] = first;
        sum_first += first;
        sum_top3 += top3;
    }
    double places = n < 3 ? (double)n : 3.0;
    if (n && (fabs(sum_first - 1.0) > 1e-9 || fabs(sum_top3 - places) > 1e-9))
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, "acceptability.medicines",
                              "the first shares sum to %.17g and the top-three ones to %.17g; a run gives 1 and %g",
                              sum_first, sum_top3, places);
    int should = n >= 2 && firsts[0] - firsts[1] < SDM_ACCEPTABILITY_FRAGILE_MARGIN;
    if (fragile != should)
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, "acceptability.fragile", "must be %s for these shares",
                              should ? "true" : "false");
    return SDM_OK;
}

/* The drivers: cells of the first two medicines on the person's side effects. */
static sdm_status check_drivers(const sdm_json_doc *doc, json_t *drivers, json_t *meds, const sdm_catalogue *cat)
{
    static const char *const keys[] = {"medicine", "side_effect", "spread", NULL};
    for (size_t i = 0; i < json_array_size(drivers); i++) {
        char path[SDM_JSON_PATH];
        sdm__path(path, sizeof path, "acceptability.drivers[%zu]", i);
        json_t *d = json_array_get(drivers, i), *spread;
        const char *med, *effect;
        sdm_status st = sdm__json_check_object(doc, d, path, keys);
        if (st == SDM_OK)
            st = sdm__json_id(doc, d, path, "medicine", 1, &med);
        if (st == SDM_OK)
            st = sdm__json_id(doc, d, path, "side_effect", 1, &effect);
        if (st != SDM_OK)
            return st;
        int top = 0;
        for (size_t j = 0; j < 2 && j < json_array_size(meds); j++)
            top |= strcmp(json_string_value(json_object_get(json_array_get(meds, j), "id")), med) == 0;
        spread = json_object_get(d, "spread");
        if (!top || sdm__catalogue_index(cat, effect) == (size_t)-1 ||
            !(json_is_null(spread) ||
              (json_is_integer(spread) && json_integer_value(spread) >= SDM_DISAGREEMENT_SPREAD &&
               json_integer_value(spread) <= SDM_RATING_HIGH)))
            return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, path,
                                  "a driver is a cell of one of the first two medicines on a side effect of the "
                                  "catalogue, unknown (spread null) or disputed (spread 2 or 3)");
    }
    return SDM_OK;
}

sdm_status sdm__acc_record_check(const sdm_json_doc *doc, const sdm_record *rec, const sdm_catalogue *cat)
{
    static const char *const keys[] = {"scenarios", "seed", "fragile", "medicines", "drivers", NULL};
    const sdm_match_options *o = sdm_record_options(rec);
    json_t *value = json_object_get(doc->root, "acceptability"), *meds, *drivers, *fragile;
    const sdm_ranking *r = sdm_record_ranking(rec);
    /* A ranking with nothing to avoid and nothing helpful has nothing to be
     * sure of: its match runs without the analysis (sdm_match_acceptability()). */
    int nothing_to_rank = sdm_ranking_avoid_count(r) + sdm_ranking_helpful_count(r) == 0;
    if (!value && (o->acceptability_scenarios == 0 || nothing_to_rank))
        return SDM_OK;
    if (!value || o->acceptability_scenarios == 0)
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, value ? "acceptability" : "",
                              value ? "the record's options ask for no acceptability analysis"
                                    : "the record's options ask for an acceptability analysis, and it is missing");
    long long scenarios;
    uint64_t seed;
    sdm_status st = sdm__json_check_object(doc, value, "acceptability", keys);
    if (st == SDM_OK)
        st = sdm__json_integer(doc, value, "acceptability", "scenarios", 1, (long long)o->acceptability_scenarios,
                               (long long)o->acceptability_scenarios, &scenarios);
    if (st == SDM_OK)
        st = read_seed(doc, json_object_get(value, "seed"), "acceptability.seed", &seed);
    if (st == SDM_OK && seed != o->acceptability_seed)
        st = sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, "acceptability.seed", "the options' seed is %llu",
                            (unsigned long long)o->acceptability_seed);
    if (st == SDM_OK)
        st = sdm__json_array(doc, value, "acceptability", "medicines", 1, &meds);
    if (st == SDM_OK)
        st = sdm__json_array(doc, value, "acceptability", "drivers", 1, &drivers);
    if (st != SDM_OK)
        return st;
    fragile = json_object_get(value, "fragile");
    if (!json_is_boolean(fragile))
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, "acceptability.fragile", "must be true or false");
    st = check_medicines(doc, meds, rec, sdm_ranking_avoid_count(sdm_record_ranking(rec)), json_is_true(fragile));
    return st == SDM_OK ? check_drivers(doc, drivers, meds, cat) : st;
}
