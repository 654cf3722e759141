/*
 * libsdm - the formulary as JSON: loading formats 1 and 2, writing format 2.
 * A medicine's serious risks, restrictions, licences and products (and the
 * class risks) are read and written by clinical-json.c and their own files.
 *
 * Format 2 keeps every source's reading of a cell and its numeric evidence
 * (data/README.md, "formulary format 2"); a format-1 cell, one rating with its
 * source, becomes one reading, so a Trust's existing file means what it
 * always meant. The ratings under each synthesis rule are made once, when a
 * profile is loaded (evidence.c), so that matching reads only them.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <string.h>

#include "clinical-private.h"
#include "default_data.h"
#include "efficacy-private.h"
#include "evidence-private.h"
#include "json-values.h"
#include "vocabulary.h"

/* The newest format this library reads and the one it writes. */
#define FORMULARY_FORMAT 2

typedef struct loader {
    const sdm_json_doc *doc;
    sdm_formulary *f;
    long long version;   /* of the document */
} loader;

/* ---- sources ------------------------------------------------------------ */

static size_t source_index(const sdm_formulary *f, const char *key)
{
    for (size_t s = 0; s < f->source_count; s++)
        if (strcmp(f->sources[s].key, key) == 0)
            return s;
    return (size_t)-1;
}

/* Format 2 states every source's reliability ("unstated" included, when it
 * is not known); a format-1 source has none to state. */
static sdm_status read_reliability(const loader *l, json_t *value, const char *path, sdm_source *src)
{
    const char *id;
    int v = SDM_RELIABILITY_UNSTATED;
    sdm_status st = sdm__json_id(l->doc, value, path, "reliability", l->version >= 2, &id);
    if (st == SDM_OK && id && sdm__id_find(sdm__reliability_table(), "reliability", id, &v, &v) != SDM_OK)
        return sdm__json_fail(l->doc, SDM_ERR_SCHEMA, id, path, "reliability: %s", sdm_last_error());
    src->reliability = (sdm_reliability)v;
    return st;
}

static sdm_status read_decides(const loader *l, json_t *value, const char *path, sdm_source *src)
{
    json_t *decides = json_object_get(value, "decides");
    if (!decides)
        return SDM_OK;
    if (!json_is_boolean(decides))
        return sdm__json_fail(l->doc, SDM_ERR_SCHEMA, NULL, path, "'decides' must be true or false");
    src->decides = json_is_true(decides);
    return SDM_OK;
}

static sdm_status load_source(const loader *l, json_t *value, const char *path, sdm_source *src)
{
    static const char *const keys1[] = {"key", "citation", "url", "note", NULL};
    static const char *const keys2[] = {"key", "label", "citation", "url", "note", "edition", "reliability",
                                        "decides", NULL};
    const char *key, *label = NULL, *citation, *url, *note, *edition = NULL;
    sdm_status st = sdm__json_check_object(l->doc, value, path, l->version >= 2 ? keys2 : keys1);
    if (st == SDM_OK)
        st = sdm__json_id(l->doc, value, path, "key", 1, &key);
    if (st == SDM_OK)
        st = sdm__json_label(l->doc, value, path, "citation", 1, &citation);
    if (st == SDM_OK)
        st = sdm__json_string(l->doc, value, path, "url", 0, &url);
    if (st == SDM_OK)
        st = sdm__json_string(l->doc, value, path, "note", 0, &note);
    if (st == SDM_OK)
        st = sdm__json_label(l->doc, value, path, "label", 0, &label);
    if (st == SDM_OK)
        st = sdm__json_string(l->doc, value, path, "edition", 0, &edition);
    if (st == SDM_OK)
        st = read_reliability(l, value, path, src);
    if (st == SDM_OK)
        st = read_decides(l, value, path, src);
    if (st != SDM_OK)
        return st;
    if (source_index(l->f, key) != (size_t)-1)
        return sdm__json_fail(l->doc, SDM_ERR_DUPLICATE, NULL, path, "the source key '%s' is given twice", key);
    src->key = sdm__strdup(key);
    src->label = sdm__strdup(label && *label ? label : key);
    src->citation = sdm__strdup(citation);
    src->url = sdm__strdup_or_empty(url);
    src->note = sdm__strdup_or_empty(note);
    src->edition = sdm__strdup_or_empty(edition);
    if (!src->key || !src->label || !src->citation || !src->url || !src->note || !src->edition)
        return sdm__fail_no_memory();
    return SDM_OK;
}

static sdm_status load_sources(const loader *l, json_t *sources)
{
    sdm_formulary *f = l->f;
    size_t n = json_array_size(sources);
    if (n > SDM_MAX_MEDICATIONS)
        return sdm__json_fail(l->doc, SDM_ERR_LIMIT, NULL, "sources", "%zu sources, more than the limit of %d", n,
                              SDM_MAX_MEDICATIONS);
    f->sources = sdm__calloc(n, sizeof *f->sources);
    if (!f->sources)
        return sdm__fail_no_memory();
    for (size_t s = 0; s < n; s++) {
        char path[SDM_JSON_PATH];
        sdm__path(path, sizeof path, "sources[%zu]", s);
        f->source_count = s; /* the duplicate check looks at the ones before */
        sdm_status st = load_source(l, json_array_get(sources, s), path, &f->sources[s]);
        f->source_count = s + 1;
        if (st != SDM_OK)
            return st;
    }
    return SDM_OK;
}

/* A source key of a reading or a number: listed in "sources". */
static sdm_status find_source(const loader *l, json_t *value, const char *path, const sdm_source **out)
{
    const char *key;
    sdm_status st = sdm__json_id(l->doc, value, path, "source", 1, &key);
    if (st != SDM_OK)
        return st;
    size_t s = source_index(l->f, key);
    if (s == (size_t)-1)
        return sdm__json_fail(l->doc, SDM_ERR_SCHEMA, NULL, path, "the source '%s' is not listed in \"sources\"",
                              key);
    *out = &l->f->sources[s];
    return SDM_OK;
}

/* ---- formulations and licences ------------------------------------------ */

static sdm_status load_tags(const loader *l, json_t *med, const char *path, const char *key,
                            sdm_status (*check)(const char *), sdm_tags *tags)
{
    json_t *array;
    sdm_status st = sdm__json_array(l->doc, med, path, key, 0, &array);
    if (st != SDM_OK || !array)
        return st;
    size_t n = json_array_size(array);
    if (n > SDM_MAX_TAGS)
        return sdm__json_fail(l->doc, SDM_ERR_LIMIT, NULL, path, "'%s' has %zu entries, more than the limit of %d",
                              key, n, SDM_MAX_TAGS);
    tags->items = sdm__calloc(n, sizeof *tags->items);
    if (!tags->items)
        return sdm__fail_no_memory();
    for (size_t i = 0; i < n; i++) {
        char where[SDM_JSON_PATH];
        const char *s;
        sdm__path(where, sizeof where, "%s.%s[%zu]", path, key, i);
        st = sdm__json_string_value(l->doc, json_array_get(array, i), where, 1, &s);
        if (st != SDM_OK)
            return st;
        if (check(s) != SDM_OK)
            return sdm__json_fail(l->doc, SDM_ERR_SCHEMA, NULL, where, "%s", sdm_last_error());
        if (sdm__tags_contain(tags, s))
            return sdm__json_fail(l->doc, SDM_ERR_DUPLICATE, NULL, where, "'%s' is given twice", s);
        tags->items[i] = sdm__strdup(s);
        if (!tags->items[i])
            return sdm__fail_no_memory();
        tags->count = i + 1;
    }
    return SDM_OK;
}

/* ---- cells of format 1 -------------------------------------------------- */

/* {"rating": 0..3, "source": key, "note": text} or {"rating": "unknown"}: one
 * reading, printed as the card's mark, or none. */
static sdm_status load_rating_v1(const loader *l, json_t *value, const char *path, sdm_cell *c)
{
    static const char *const keys[] = {"rating", "source", "note", NULL};
    const char *source, *note;
    sdm_status st = sdm__json_check_object(l->doc, value, path, keys);
    if (st == SDM_OK)
        st = sdm__json_id(l->doc, value, path, "source", 0, &source);
    if (st == SDM_OK)
        st = sdm__json_string(l->doc, value, path, "note", 0, &note);
    if (st != SDM_OK)
        return st;
    json_t *rating = json_object_get(value, "rating");
    if (json_is_string(rating) && strcmp(json_string_value(rating), "unknown") == 0) {
        if (source)
            return sdm__json_fail(l->doc, SDM_ERR_SCHEMA, NULL, path,
                                  "an unknown rating names no source (found '%s')", source);
        return SDM_OK; /* no reading: unknown, never none */
    }
    if (!json_is_integer(rating) || json_integer_value(rating) < 0 || json_integer_value(rating) > 3)
        return sdm__json_fail(l->doc, SDM_ERR_SCHEMA, NULL, path, "the rating must be 0, 1, 2, 3 or \"unknown\"%s",
                              rating ? "" : " (it is missing)");
    if (!source)
        return sdm__json_fail(l->doc, SDM_ERR_SCHEMA, NULL, path,
                              "the rating %lld names no source: every rating needs one",
                              (long long)json_integer_value(rating));
    sdm_reading *r = c->readings = sdm__calloc(1, sizeof *c->readings);
    if (!r)
        return sdm__fail_no_memory();
    c->reading_count = 1;
    st = find_source(l, value, path, &r->source);
    if (st != SDM_OK)
        return st;
    r->value = r->low = (signed char)json_integer_value(rating);
    r->printed = sdm__strdup(sdm_rating_mark(r->value));
    r->note = sdm__strdup_or_empty(note);
    return r->printed && r->note ? SDM_OK : sdm__fail_no_memory();
}

/* ---- cells of format 2 -------------------------------------------------- */

static sdm_status read_ordinal(const loader *l, json_t *value, const char *path, const char *key, int required,
                               signed char *out)
{
    long long v;
    sdm_status st = sdm__json_integer(l->doc, value, path, key, required, 0, 3, &v);
    if (st == SDM_OK && json_object_get(value, key))
        *out = (signed char)v;
    return st;
}

static sdm_status load_reading(const loader *l, json_t *value, const char *path, sdm_reading *r)
{
    static const char *const keys[] = {"source", "printed", "value", "low", "note", NULL};
    const char *printed, *note;
    sdm_status st = sdm__json_check_object(l->doc, value, path, keys);
    if (st == SDM_OK)
        st = find_source(l, value, path, &r->source);
    if (st == SDM_OK)
        st = sdm__json_label(l->doc, value, path, "printed", 1, &printed);
    if (st == SDM_OK)
        st = sdm__json_string(l->doc, value, path, "note", 0, &note);
    if (st == SDM_OK)
        st = read_ordinal(l, value, path, "value", 1, &r->value);
    r->low = r->value;
    if (st == SDM_OK)
        st = read_ordinal(l, value, path, "low", 0, &r->low);
    if (st != SDM_OK)
        return st;
    if (json_object_get(value, "low") && r->low >= r->value)
        return sdm__json_fail(l->doc, SDM_ERR_SCHEMA, NULL, path,
                              "'low' (%d) must be below 'value' (%d): it is the low end of a printed range",
                              r->low, r->value);
    r->printed = sdm__strdup(printed);
    r->note = sdm__strdup_or_empty(note);
    return r->printed && r->note ? SDM_OK : sdm__fail_no_memory();
}

static sdm_status read_measure(const loader *l, json_t *value, const char *path, sdm_evidence *e)
{
    const char *kind;
    int v = 0;
    sdm_status st = sdm__json_id(l->doc, value, path, "kind", 1, &kind);
    if (st == SDM_OK && sdm__id_find(sdm__measure_table(), "kind", kind, &v, &v) != SDM_OK)
        return sdm__json_fail(l->doc, SDM_ERR_SCHEMA, kind, path, "kind: %s", sdm_last_error());
    e->measure = (sdm_measure)v;
    return st;
}

static sdm_status read_confidence(const loader *l, json_t *value, const char *path, sdm_evidence *e)
{
    const char *id;
    int v = 0;
    sdm_status st = sdm__json_id(l->doc, value, path, "confidence", 1, &id);
    if (st == SDM_OK && sdm__id_find(sdm__confidence_table(), "confidence", id, &v, &v) != SDM_OK)
        return sdm__json_fail(l->doc, SDM_ERR_SCHEMA, id, path, "confidence: %s", sdm_last_error());
    e->confidence = (sdm_confidence)v;
    return st;
}

/* The number and its unit: a risk ratio is positive and has no unit; a mean difference has one. */
static sdm_status read_number(const loader *l, json_t *value, const char *path, const char *unit, sdm_evidence *e)
{
    json_t *number = json_object_get(value, "value");
    if (!json_is_number(number))
        return sdm__json_fail(l->doc, SDM_ERR_SCHEMA, NULL, path, "'value' must be a number%s",
                              number ? "" : " (it is missing)");
    e->value = json_number_value(number);
    if (!isfinite(e->value) || (e->measure == SDM_MEASURE_RISK_RATIO && !(e->value > 0.0)))
        return sdm__json_fail(l->doc, SDM_ERR_SCHEMA, NULL, path, "'value' %g is not a %s", e->value,
                              e->measure == SDM_MEASURE_RISK_RATIO ? "risk ratio (a number above 0)"
                                                                   : "finite number");
    if (e->measure == SDM_MEASURE_RISK_RATIO && unit)
        return sdm__json_fail(l->doc, SDM_ERR_SCHEMA, NULL, path, "a risk ratio has no unit (found '%s')", unit);
    if (e->measure == SDM_MEASURE_MEAN_DIFFERENCE && (!unit || !*unit))
        return sdm__json_fail(l->doc, SDM_ERR_SCHEMA, NULL, path, "a mean difference needs its 'unit'");
    return SDM_OK;
}

/* Only effects against placebo are read: numbers against different
 * comparators cannot be set side by side. */
static sdm_status read_versus(const loader *l, json_t *value, const char *path, const char **versus)
{
    sdm_status st = sdm__json_string(l->doc, value, path, "versus", 1, versus);
    if (st == SDM_OK && strcmp(*versus, "placebo") != 0)
        return sdm__json_fail(l->doc, SDM_ERR_SCHEMA, *versus, path,
                              "'versus' is '%s'; this version reads effects against placebo only", *versus);
    return st;
}

static sdm_status load_evidence(const loader *l, json_t *value, const char *path, sdm_evidence *e)
{
    static const char *const keys[] = {"source", "outcome", "label", "kind", "value", "unit", "versus",
                                       "confidence", "note", NULL};
    const char *outcome, *label, *unit, *versus, *note;
    sdm_status st = sdm__json_check_object(l->doc, value, path, keys);
    if (st == SDM_OK)
        st = find_source(l, value, path, &e->source);
    if (st == SDM_OK)
        st = sdm__json_id(l->doc, value, path, "outcome", 1, &outcome);
    if (st == SDM_OK)
        st = sdm__json_label(l->doc, value, path, "label", 0, &label);
    if (st == SDM_OK)
        st = sdm__json_string(l->doc, value, path, "unit", 0, &unit);
    if (st == SDM_OK)
        st = read_versus(l, value, path, &versus);
    if (st == SDM_OK)
        st = sdm__json_string(l->doc, value, path, "note", 0, &note);
    if (st == SDM_OK)
        st = read_measure(l, value, path, e);
    if (st == SDM_OK)
        st = read_confidence(l, value, path, e);
    if (st == SDM_OK)
        st = read_number(l, value, path, unit, e);
    if (st != SDM_OK)
        return st;
    e->outcome = sdm__strdup(outcome);
    e->label = sdm__strdup(label && *label ? label : outcome);
    e->unit = sdm__strdup_or_empty(unit);
    e->versus = sdm__strdup(versus);
    e->note = sdm__strdup_or_empty(note);
    if (!e->outcome || !e->label || !e->unit || !e->versus || !e->note)
        return sdm__fail_no_memory();
    return SDM_OK;
}

/* An array member of a cell, allocated to its size and checked against the limit. */
static sdm_status cell_array(const loader *l, json_t *value, const char *path, const char *key, int required,
                             size_t size, void **items, size_t *count, json_t **array)
{
    sdm_status st = sdm__json_array(l->doc, value, path, key, required, array);
    if (st != SDM_OK || !*array)
        return st;
    size_t n = json_array_size(*array);
    if (n > SDM_MAX_READINGS)
        return sdm__json_fail(l->doc, SDM_ERR_LIMIT, NULL, path, "'%s' has %zu entries, more than the limit of %d",
                              key, n, SDM_MAX_READINGS);
    if (n && !(*items = sdm__calloc(n, size)))
        return sdm__fail_no_memory();
    *count = 0; /* grows as entries load, so that a failure frees only those */
    return SDM_OK;
}

static sdm_status load_cell_v2(const loader *l, json_t *value, const char *path, sdm_cell *c)
{
    static const char *const keys[] = {"readings", "evidence", NULL};
    json_t *readings, *evidence;
    sdm_status st = sdm__json_check_object(l->doc, value, path, keys);
    if (st == SDM_OK)
        st = cell_array(l, value, path, "readings", 1, sizeof *c->readings, (void **)&c->readings,
                        &c->reading_count, &readings);
    for (size_t i = 0; st == SDM_OK && i < json_array_size(readings); i++) {
        char where[SDM_JSON_PATH];
        sdm__path(where, sizeof where, "%s.readings[%zu]", path, i);
        c->reading_count = i + 1;
        st = load_reading(l, json_array_get(readings, i), where, &c->readings[i]);
    }
    if (st == SDM_OK)
        st = cell_array(l, value, path, "evidence", 0, sizeof *c->evidence, (void **)&c->evidence,
                        &c->evidence_count, &evidence);
    for (size_t i = 0; st == SDM_OK && evidence && i < json_array_size(evidence); i++) {
        char where[SDM_JSON_PATH];
        sdm__path(where, sizeof where, "%s.evidence[%zu]", path, i);
        c->evidence_count = i + 1;
        st = load_evidence(l, json_array_get(evidence, i), where, &c->evidence[i]);
    }
    return st;
}

/* ---- medicines ---------------------------------------------------------- */

static sdm_status load_ratings(const loader *l, json_t *med, const char *path, sdm_profile *p)
{
    const sdm_catalogue *cat = l->f->catalogue;
    json_t *ratings = json_object_get(med, "ratings");
    char where[SDM_JSON_PATH];
    sdm__path(where, sizeof where, "%s.ratings", path);
    if (!ratings)
        return sdm__json_fail(l->doc, SDM_ERR_SCHEMA, NULL, path, "the key 'ratings' is missing");
    if (!json_is_object(ratings))
        return sdm__json_fail(l->doc, SDM_ERR_SCHEMA, NULL, where, "expected an object of side effect ids");
    const char *key;
    json_t *value;
    json_object_foreach(ratings, key, value) {
        size_t item = sdm__catalogue_index(cat, key);
        if (item == (size_t)-1) {
            char hint[SDM_MAX_ID + 32];
            sdm__catalogue_suggest(cat, key, hint, sizeof hint);
            return sdm__json_fail(l->doc, SDM_ERR_NOT_FOUND, key, where,
                                  "unknown side effect '%.*s' (not in the catalogue '%s')%s",
                                  sdm__echo_width(key, SDM_MAX_ID * 2), key, cat->name, hint);
        }
        char item_path[SDM_JSON_PATH];
        sdm__path(item_path, sizeof item_path, "%s.%s", where, key);
        sdm_status st = l->version >= 2 ? load_cell_v2(l, value, item_path, &p->cells[item])
                                        : load_rating_v1(l, value, item_path, &p->cells[item]);
        if (st != SDM_OK)
            return st;
    }
    /* Whatever the document does not rate has no reading: unknown, never none. */
    for (size_t i = 0; i < cat->count; i++)
        sdm__cell_synthesise(p, i);
    return SDM_OK;
}

/* Format 2's keys of a medicine: format 1's and what a clinician must see
 * beside the ratings (clinical-private.h). */
static const char *const *medicine_keys(long long version)
{
    static const char *const keys1[] = {"id", "name", "atc", "formulations", "licensed_in", "ratings", NULL};
    static const char *const keys2[] = {"id", "name", "atc", "formulations", "licensed_in", "licences", "products",
                                        "restrictions", "serious_risks", "efficacy", "ratings", NULL};
    return version >= 2 ? keys2 : keys1;
}

static sdm_status load_profile(const loader *l, json_t *med, const char *path, sdm_profile *p)
{
    const char *const *keys = medicine_keys(l->version);
    sdm_formulary *f = l->f;
    size_t items = f->catalogue->count;
    const char *id, *name, *atc;
    p->formulary = f;
    p->by_rule = sdm__malloc(items * SDM_SYNTHESIS_COUNT);
    p->cells = sdm__calloc(items, sizeof *p->cells);
    if (!p->by_rule || !p->cells)
        return sdm__fail_no_memory();
    p->ratings = p->by_rule + (size_t)SDM_SYNTHESIS_CONSENSUS * items;
    sdm_status st = sdm__json_check_object(l->doc, med, path, keys);
    if (st == SDM_OK)
        st = sdm__json_id(l->doc, med, path, "id", 1, &id);
    if (st == SDM_OK)
        st = sdm__json_label(l->doc, med, path, "name", 1, &name);
    if (st == SDM_OK)
        st = sdm__json_string(l->doc, med, path, "atc", 0, &atc);
    if (st != SDM_OK)
        return st;
    if (sdm__formulary_index(f, id) != (size_t)-1)
        return sdm__json_fail(l->doc, SDM_ERR_DUPLICATE, NULL, path, "the medicine id '%s' is given twice", id);
    p->id = sdm__strdup(id);
    p->name = sdm__strdup(name);
    p->atc = sdm__strdup_or_empty(atc);
    if (!p->id || !p->name || !p->atc)
        return sdm__fail_no_memory();
    /* From here on, messages name the medicine too: a Trust's file has many. */
    char named[SDM_JSON_PATH];
    sdm__path(named, sizeof named, "%s(%s)", path, id);
    st = load_tags(l, med, named, "formulations", sdm__check_formulation, &p->formulations);
    if (st == SDM_OK)
        st = load_tags(l, med, named, "licensed_in", sdm__check_country, &p->licences);
    if (st == SDM_OK)
        st = load_ratings(l, med, named, p);
    if (st == SDM_OK && l->version >= 2)
        st = sdm__load_profile_clinical(l->doc, f, med, named, p);
    if (st == SDM_OK && l->version >= 2)
        st = sdm__load_efficacy(l->doc, f, med, named, p);
    return st;
}

static sdm_status load_medications(const loader *l, json_t *meds)
{
    sdm_formulary *f = l->f;
    size_t n = json_array_size(meds);
    if (n == 0)
        return sdm__json_fail(l->doc, SDM_ERR_SCHEMA, NULL, "medications", "at least one medicine is needed");
    if (n > SDM_MAX_MEDICATIONS)
        return sdm__json_fail(l->doc, SDM_ERR_LIMIT, NULL, "medications",
                              "%zu medicines, more than the limit of %d", n, SDM_MAX_MEDICATIONS);
    f->profiles = sdm__calloc(n, sizeof *f->profiles);
    if (!f->profiles)
        return sdm__fail_no_memory();
    for (size_t i = 0; i < n; i++) {
        char path[SDM_JSON_PATH];
        sdm__path(path, sizeof path, "medications[%zu]", i);
        f->count = i; /* the id check looks at the ones before */
        sdm_status st = load_profile(l, json_array_get(meds, i), path, &f->profiles[i]);
        f->count = i + 1;
        if (st != SDM_OK)
            return st;
    }
    return SDM_OK;
}

/* Format 2's keys at the top: format 1's and the class risks. */
static const char *const *header_keys(long long version)
{
    static const char *const keys1[] = {"format", "format_version", "id", "title", "version", "catalogue",
                                        "notice", "sources", "medications", NULL};
    static const char *const keys2[] = {"format", "format_version", "id", "title", "version", "catalogue",
                                        "notice", "sources", "class_risks", "medications", NULL};
    return version >= 2 ? keys2 : keys1;
}

static sdm_status load_header(loader *l, int any_catalogue_name)
{
    const sdm_json_doc *doc = l->doc;
    sdm_formulary *f = l->f;
    const char *id, *title, *version, *catalogue, *notice;
    sdm_status st = sdm__json_check_format_version(doc, "sdm-formulary", FORMULARY_FORMAT, &l->version);
    if (st == SDM_OK)
        st = sdm__json_check_object(doc, doc->root, "", header_keys(l->version));
    if (st == SDM_OK)
        st = sdm__json_id(doc, doc->root, "", "id", 0, &id);
    if (st == SDM_OK)
        st = sdm__json_string(doc, doc->root, "", "version", 1, &version);
    if (st == SDM_OK)
        st = sdm__json_label(doc, doc->root, "", "title", 0, &title);
    if (st == SDM_OK)
        st = sdm__json_id(doc, doc->root, "", "catalogue", 0, &catalogue);
    if (st == SDM_OK)
        st = sdm__json_string(doc, doc->root, "", "notice", 0, &notice);
    if (st != SDM_OK)
        return st;
    if (catalogue && !any_catalogue_name && strcmp(catalogue, f->catalogue->name) != 0)
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, catalogue, "catalogue",
                              "the formulary rates the catalogue '%s', but was given '%s'", catalogue,
                              f->catalogue->name);
    f->format_version = (int)l->version;
    f->name = sdm__strdup_or_empty(id);
    f->title = sdm__strdup_or_empty(title);
    f->version = sdm__strdup(version);
    f->notice = sdm__strdup_or_empty(notice);
    f->catalogue_id = sdm__strdup_or_empty(catalogue);
    if (!f->name || !f->title || !f->version || !f->notice || !f->catalogue_id)
        return sdm__fail_no_memory();
    return SDM_OK;
}

static sdm_status load_document(loader *l, int any_catalogue_name)
{
    json_t *sources, *meds;
    sdm_status st = load_header(l, any_catalogue_name);
    if (st == SDM_OK)
        st = sdm__json_array(l->doc, l->doc->root, "", "sources", 1, &sources);
    if (st == SDM_OK)
        st = sdm__json_array(l->doc, l->doc->root, "", "medications", 1, &meds);
    if (st == SDM_OK)
        st = load_sources(l, sources);
    if (st == SDM_OK && l->version >= 2)
        st = sdm__load_class_risks(l->doc, l->f, l->doc->root);
    if (st == SDM_OK)
        st = load_medications(l, meds);
    return st;
}

/* `any_catalogue_name`: skip the check of the document's "catalogue" against
 * the catalogue's id (the caller has checked the items themselves). */
static sdm_status load_text(const sdm_catalogue *cat, const char *source, const char *json, size_t len,
                            int any_catalogue_name, sdm_formulary **out)
{
    if (!cat || !out)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "%s: %s is NULL", source,
                         !cat ? "the catalogue" : "the out pointer");
    sdm_json_doc doc;
    sdm_status st = sdm__json_parse(&doc, source, json, len);
    if (st != SDM_OK)
        return st;
    sdm_formulary *f = sdm__formulary_new(cat);
    if (!f) {
        json_decref(doc.root);
        return sdm__fail_no_memory();
    }
    loader l = {&doc, f, 0};
    st = load_document(&l, any_catalogue_name);
    json_decref(doc.root);
    if (st != SDM_OK) {
        sdm__formulary_destroy(f);
        return st;
    }
    *out = f;
    return SDM_OK;
}

sdm_status sdm_formulary_load_json(const sdm_catalogue *cat, const char *json, size_t len, sdm_formulary **out)
{
    return load_text(cat, "<json>", json, len, 0, out);
}

sdm_status sdm_formulary_load_file(const sdm_catalogue *cat, const char *path, sdm_formulary **out)
{
    char *text;
    size_t len;
    if (!cat || !out)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_formulary_load_file: %s is NULL",
                         !cat ? "the catalogue" : "the out pointer");
    sdm_status st = sdm__read_file(path, &text, &len);
    if (st != SDM_OK)
        return st;
    st = load_text(cat, path, text, len, 0, out);
    sdm__free(text);
    return st;
}

/* The built-in data rates the built-in catalogue's side effects; any catalogue
 * with the same ids in the same order (a vendor's relabelled copy) will do. */
static sdm_status check_default_catalogue(const sdm_catalogue *cat)
{
    sdm_catalogue *builtin;
    sdm_status st = sdm_catalogue_default(&builtin);
    if (st != SDM_OK)
        return st;
    int equal = sdm_catalogue_equal(cat, builtin);
    sdm_catalogue_free(builtin);
    if (!equal)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT,
                         "the built-in formulary rates the built-in catalogue's side effects, but the catalogue "
                         "'%s' has other ids (or another order)", cat->name);
    return SDM_OK;
}

sdm_status sdm_formulary_default(const sdm_catalogue *cat, sdm_formulary **out)
{
    if (!cat || !out)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_formulary_default: %s is NULL",
                         !cat ? "the catalogue" : "the out pointer");
    sdm_status st = check_default_catalogue(cat);
    if (st != SDM_OK)
        return st;
    return load_text(cat, "built-in formulary", sdm__default_formulary_json, sdm__default_formulary_json_len, 1,
                     out);
}

/* ---- writing ------------------------------------------------------------ */

/* Adds `key: value` only when the value is not empty: optional keys stay optional. */
static void set_optional(json_t *obj, const char *key, const char *value, int *bad)
{
    if (value && *value)
        sdm__jset(obj, key, json_string(value), bad);
}

json_t *sdm__tags_json(const sdm_tags *tags, int *bad)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < tags->count; i++)
        sdm__jpush(arr, json_string(tags->items[i]), bad);
    return arr;
}

void sdm__tags_jw(sdm_jsonw *w, const sdm_tags *tags)
{
    sdm__jw_array(w);
    for (size_t i = 0; i < tags->count; i++)
        sdm__jw_string(w, tags->items[i]);
    sdm__jw_array_end(w);
}

static json_t *reading_json(const sdm_reading *r, int *bad)
{
    json_t *obj = json_object();
    sdm__jset(obj, "source", json_string(r->source->key), bad);
    sdm__jset(obj, "printed", json_string(r->printed), bad);
    sdm__jset(obj, "value", json_integer(r->value), bad);
    if (r->low != r->value)
        sdm__jset(obj, "low", json_integer(r->low), bad);
    set_optional(obj, "note", r->note, bad);
    return obj;
}

static json_t *evidence_json(const sdm_evidence *e, int *bad)
{
    json_t *obj = json_object();
    sdm__jset(obj, "source", json_string(e->source->key), bad);
    sdm__jset(obj, "outcome", json_string(e->outcome), bad);
    if (strcmp(e->label, e->outcome) != 0)
        sdm__jset(obj, "label", json_string(e->label), bad);
    sdm__jset(obj, "kind", json_string(sdm_measure_id(e->measure)), bad);
    sdm__jset(obj, "value", json_real(e->value), bad);
    set_optional(obj, "unit", e->unit, bad);
    sdm__jset(obj, "versus", json_string(e->versus), bad);
    sdm__jset(obj, "confidence", json_string(sdm_confidence_id(e->confidence)), bad);
    set_optional(obj, "note", e->note, bad);
    return obj;
}

static json_t *cell_json(const sdm_cell *c, int *bad)
{
    json_t *obj = json_object();
    json_t *readings = json_array();
    for (size_t i = 0; i < c->reading_count; i++)
        sdm__jpush(readings, reading_json(&c->readings[i], bad), bad);
    sdm__jset(obj, "readings", readings, bad);
    if (c->evidence_count) {
        json_t *evidence = json_array();
        for (size_t i = 0; i < c->evidence_count; i++)
            sdm__jpush(evidence, evidence_json(&c->evidence[i], bad), bad);
        sdm__jset(obj, "evidence", evidence, bad);
    }
    return obj;
}

static json_t *profile_json(const sdm_formulary *f, const sdm_profile *p, int *bad)
{
    json_t *obj = json_object();
    sdm__jset(obj, "id", json_string(p->id), bad);
    sdm__jset(obj, "name", json_string(p->name), bad);
    set_optional(obj, "atc", p->atc, bad);
    sdm__jset(obj, "formulations", sdm__tags_json(&p->formulations, bad), bad);
    sdm__jset(obj, "licensed_in", sdm__tags_json(&p->licences, bad), bad);
    sdm__profile_clinical_json(obj, p, bad);
    sdm__efficacy_json(obj, p, bad);
    json_t *ratings = json_object();
    for (size_t i = 0; i < f->catalogue->count; i++)
        sdm__jset(ratings, f->catalogue->items[i].id, cell_json(&p->cells[i], bad), bad);
    sdm__jset(obj, "ratings", ratings, bad);
    return obj;
}

static json_t *source_json(const sdm_source *s, int *bad)
{
    json_t *obj = json_object();
    sdm__jset(obj, "key", json_string(s->key), bad);
    if (strcmp(s->label, s->key) != 0)
        sdm__jset(obj, "label", json_string(s->label), bad);
    sdm__jset(obj, "citation", json_string(s->citation), bad);
    set_optional(obj, "url", s->url, bad);
    set_optional(obj, "note", s->note, bad);
    set_optional(obj, "edition", s->edition, bad);
    sdm__jset(obj, "reliability", json_string(sdm_reliability_id(s->reliability)), bad);
    if (s->decides)
        sdm__jset(obj, "decides", json_true(), bad);
    return obj;
}

sdm_status sdm_formulary_to_json(const sdm_formulary *f, char **out)
{
    if (!f || !out)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_formulary_to_json: %s is NULL",
                         !f ? "the formulary" : "the out pointer");
    int bad = 0;
    json_t *root = json_object();
    sdm__jset(root, "format", json_string("sdm-formulary"), &bad);
    sdm__jset(root, "format_version", json_integer(FORMULARY_FORMAT), &bad);
    set_optional(root, "id", f->name, &bad);
    set_optional(root, "title", f->title, &bad);
    sdm__jset(root, "version", json_string(f->version), &bad);
    set_optional(root, "catalogue", f->catalogue_id, &bad);
    set_optional(root, "notice", f->notice, &bad);
    json_t *sources = json_array();
    for (size_t s = 0; s < f->source_count; s++)
        sdm__jpush(sources, source_json(&f->sources[s], &bad), &bad);
    sdm__jset(root, "sources", sources, &bad);
    json_t *class_risks = sdm__risks_json(f->class_risks, f->class_risk_count, &bad);
    if (class_risks)
        sdm__jset(root, "class_risks", class_risks, &bad);
    json_t *meds = json_array();
    for (size_t i = 0; i < f->count; i++)
        sdm__jpush(meds, profile_json(f, &f->profiles[i], &bad), &bad);
    sdm__jset(root, "medications", meds, &bad);
    return sdm__json_dump(root, bad, out);
}
