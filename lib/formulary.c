/*
 * libsdm - the formulary: loading, lookup, provenance and writing back.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include "default_data.h"
#include "formulary-private.h"
#include "json.h"

/* ---- lifetime ----------------------------------------------------------- */

void sdm__tags_destroy(sdm_tags *tags)
{
    for (size_t i = 0; i < tags->count; i++)
        sdm__free(tags->items[i]);
    sdm__free(tags->items);
}

static void profile_destroy(sdm_profile *p, size_t item_count)
{
    sdm__free(p->id);
    sdm__free(p->name);
    sdm__free(p->atc);
    sdm__tags_destroy(&p->formulations);
    sdm__tags_destroy(&p->licences);
    if (p->notes)
        for (size_t i = 0; i < item_count; i++)
            sdm__free(p->notes[i]);
    sdm__free(p->notes);
    sdm__free(p->ratings);
    sdm__free(p->sources);
}

static void formulary_destroy(sdm_formulary *f)
{
    size_t items = sdm_catalogue_count(f->catalogue);
    for (size_t i = 0; i < f->count; i++)
        profile_destroy(&f->profiles[i], items);
    for (size_t s = 0; s < f->source_count; s++) {
        sdm__free(f->sources[s].key);
        sdm__free(f->sources[s].citation);
        sdm__free(f->sources[s].url);
        sdm__free(f->sources[s].note);
    }
    sdm__free(f->sources);
    sdm__free(f->profiles);
    sdm__free(f->name);
    sdm__free(f->title);
    sdm__free(f->version);
    sdm__free(f->notice);
    sdm__free(f->catalogue_id);
    sdm_catalogue_free(f->catalogue);
    sdm__free(f);
}

sdm_formulary *sdm_formulary_ref(sdm_formulary *f)
{
    if (f)
        sdm__ref_inc(&f->refs);
    return f;
}

void sdm_formulary_free(sdm_formulary *f)
{
    if (f && sdm__ref_dec(&f->refs))
        formulary_destroy(f);
}

/* ---- loading ------------------------------------------------------------ */

static size_t source_index(const sdm_formulary *f, const char *key)
{
    for (size_t s = 0; s < f->source_count; s++)
        if (strcmp(f->sources[s].key, key) == 0)
            return s;
    return (size_t)-1;
}

static sdm_status load_source(const sdm_json_doc *doc, json_t *value, const char *path, sdm_formulary *f,
                              sdm_source *src)
{
    static const char *const keys[] = {"key", "citation", "url", "note", NULL};
    const char *key, *citation, *url, *note;
    sdm_status st = sdm__json_check_object(doc, value, path, keys);
    if (st == SDM_OK)
        st = sdm__json_id(doc, value, path, "key", 1, &key);
    if (st == SDM_OK)
        st = sdm__json_string(doc, value, path, "citation", 1, &citation);
    if (st == SDM_OK)
        st = sdm__json_string(doc, value, path, "url", 0, &url);
    if (st == SDM_OK)
        st = sdm__json_string(doc, value, path, "note", 0, &note);
    if (st != SDM_OK)
        return st;
    if (source_index(f, key) != (size_t)-1)
        return sdm__json_fail(doc, SDM_ERR_DUPLICATE, NULL, path, "the source key '%s' is given twice", key);
    src->key = sdm__strdup(key);
    src->citation = sdm__strdup(citation);
    src->url = sdm__strdup_or_empty(url);
    src->note = sdm__strdup_or_empty(note);
    if (!src->key || !src->citation || !src->url || !src->note)
        return sdm__fail_no_memory();
    return SDM_OK;
}

static sdm_status load_sources(const sdm_json_doc *doc, json_t *sources, sdm_formulary *f)
{
    size_t n = json_array_size(sources);
    if (n > SDM_MAX_MEDICATIONS)
        return sdm__json_fail(doc, SDM_ERR_LIMIT, NULL, "sources", "%zu sources, more than the limit of %d", n,
                              SDM_MAX_MEDICATIONS);
    f->sources = sdm__calloc(n, sizeof *f->sources);
    if (!f->sources)
        return sdm__fail_no_memory();
    for (size_t s = 0; s < n; s++) {
        char path[SDM_JSON_PATH];
        sdm__path(path, sizeof path, "sources[%zu]", s);
        f->source_count = s; /* the duplicate check looks at the ones before */
        sdm_status st = load_source(doc, json_array_get(sources, s), path, f, &f->sources[s]);
        f->source_count = s + 1;
        if (st != SDM_OK)
            return st;
    }
    return SDM_OK;
}

static sdm_status load_tags(const sdm_json_doc *doc, json_t *med, const char *path, const char *key,
                            sdm_tags *tags)
{
    json_t *array;
    sdm_status st = sdm__json_array(doc, med, path, key, 0, &array);
    if (st != SDM_OK || !array)
        return st;
    size_t n = json_array_size(array);
    if (n > SDM_MAX_TAGS)
        return sdm__json_fail(doc, SDM_ERR_LIMIT, NULL, path, "'%s' has %zu entries, more than the limit of %d",
                              key, n, SDM_MAX_TAGS);
    tags->items = sdm__calloc(n, sizeof *tags->items);
    if (!tags->items)
        return sdm__fail_no_memory();
    for (size_t i = 0; i < n; i++) {
        char where[SDM_JSON_PATH];
        const char *s;
        sdm__path(where, sizeof where, "%s.%s[%zu]", path, key, i);
        st = sdm__json_string_value(doc, json_array_get(array, i), where, 1, &s);
        if (st != SDM_OK)
            return st;
        if (sdm__tags_contain(tags, s))
            return sdm__json_fail(doc, SDM_ERR_DUPLICATE, NULL, where, "'%s' is given twice", s);
        tags->items[i] = sdm__strdup(s);
        if (!tags->items[i])
            return sdm__fail_no_memory();
        tags->count = i + 1;
    }
    return SDM_OK;
}

/* Reads {"rating": 0..3, "source": key, "note": text} or {"rating": "unknown"}. */
static sdm_status load_rating(const sdm_json_doc *doc, json_t *value, const char *path, sdm_formulary *f,
                              sdm_profile *p, size_t item)
{
    static const char *const keys[] = {"rating", "source", "note", NULL};
    const char *source, *note;
    sdm_status st = sdm__json_check_object(doc, value, path, keys);
    if (st == SDM_OK)
        st = sdm__json_id(doc, value, path, "source", 0, &source);
    if (st == SDM_OK)
        st = sdm__json_string(doc, value, path, "note", 0, &note);
    if (st != SDM_OK)
        return st;
    json_t *rating = json_object_get(value, "rating");
    if (json_is_string(rating) && strcmp(json_string_value(rating), "unknown") == 0) {
        if (source)
            return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, path,
                                  "an unknown rating names no source (found '%s')", source);
        p->ratings[item] = SDM_RATING_UNKNOWN;
    } else if (json_is_integer(rating) && json_integer_value(rating) >= 0 && json_integer_value(rating) <= 3) {
        if (!source)
            return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, path,
                                  "the rating %lld names no source: every rating needs one",
                                  (long long)json_integer_value(rating));
        size_t s = source_index(f, source);
        if (s == (size_t)-1)
            return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, path,
                                  "the source '%s' is not listed in \"sources\"", source);
        p->ratings[item] = (signed char)json_integer_value(rating);
        p->sources[item] = (int)s;
    } else {
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, path,
                              "the rating must be 0, 1, 2, 3 or \"unknown\"%s", rating ? "" : " (it is missing)");
    }
    if (note && !(p->notes[item] = sdm__strdup(note)))
        return sdm__fail_no_memory();
    return SDM_OK;
}

static sdm_status load_ratings(const sdm_json_doc *doc, json_t *med, const char *path, sdm_formulary *f,
                               sdm_profile *p)
{
    const sdm_catalogue *cat = f->catalogue;
    json_t *ratings = json_object_get(med, "ratings");
    char where[SDM_JSON_PATH];
    sdm__path(where, sizeof where, "%s.ratings", path);
    if (!ratings)
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, path, "the key 'ratings' is missing");
    if (!json_is_object(ratings))
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, where, "expected an object of side effect ids");
    const char *key;
    json_t *value;
    json_object_foreach(ratings, key, value) {
        size_t item = sdm__catalogue_index(cat, key);
        if (item == (size_t)-1) {
            char hint[SDM_MAX_ID + 32];
            sdm__catalogue_suggest(cat, key, hint, sizeof hint);
            return sdm__json_fail(doc, SDM_ERR_NOT_FOUND, key, where,
                                  "unknown side effect '%.*s' (not in the catalogue '%s')%s",
                                  sdm__echo_width(key, SDM_MAX_ID * 2), key, cat->name, hint);
        }
        char item_path[SDM_JSON_PATH];
        sdm__path(item_path, sizeof item_path, "%s.%s", where, key);
        sdm_status st = load_rating(doc, value, item_path, f, p, item);
        if (st != SDM_OK)
            return st;
    }
    return SDM_OK;
}

static sdm_status load_profile(const sdm_json_doc *doc, json_t *med, const char *path, sdm_formulary *f,
                               sdm_profile *p)
{
    static const char *const keys[] = {"id", "name", "atc", "formulations", "licensed_in", "ratings", NULL};
    size_t items = f->catalogue->count;
    const char *id, *name, *atc;
    p->formulary = f;
    p->ratings = sdm__malloc(items);
    p->sources = sdm__malloc(items * sizeof *p->sources);
    p->notes = sdm__calloc(items, sizeof *p->notes);
    if (!p->ratings || !p->sources || !p->notes)
        return sdm__fail_no_memory();
    /* Whatever the document does not rate is unknown, never none. */
    for (size_t i = 0; i < items; i++) {
        p->ratings[i] = SDM_RATING_UNKNOWN;
        p->sources[i] = -1;
    }
    sdm_status st = sdm__json_check_object(doc, med, path, keys);
    if (st == SDM_OK)
        st = sdm__json_id(doc, med, path, "id", 1, &id);
    if (st == SDM_OK)
        st = sdm__json_string(doc, med, path, "name", 1, &name);
    if (st == SDM_OK)
        st = sdm__json_string(doc, med, path, "atc", 0, &atc);
    if (st != SDM_OK)
        return st;
    if (sdm__formulary_index(f, id) != (size_t)-1)
        return sdm__json_fail(doc, SDM_ERR_DUPLICATE, NULL, path, "the medicine id '%s' is given twice", id);
    p->id = sdm__strdup(id);
    p->name = sdm__strdup(name);
    p->atc = sdm__strdup_or_empty(atc);
    if (!p->id || !p->name || !p->atc)
        return sdm__fail_no_memory();
    /* From here on, messages name the medicine too: a Trust's file has many. */
    char named[SDM_JSON_PATH];
    sdm__path(named, sizeof named, "%s(%s)", path, id);
    st = load_tags(doc, med, named, "formulations", &p->formulations);
    if (st == SDM_OK)
        st = load_tags(doc, med, named, "licensed_in", &p->licences);
    if (st == SDM_OK)
        st = load_ratings(doc, med, named, f, p);
    return st;
}

static sdm_status load_medications(const sdm_json_doc *doc, json_t *meds, sdm_formulary *f)
{
    size_t n = json_array_size(meds);
    if (n == 0)
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, "medications", "at least one medicine is needed");
    if (n > SDM_MAX_MEDICATIONS)
        return sdm__json_fail(doc, SDM_ERR_LIMIT, NULL, "medications",
                              "%zu medicines, more than the limit of %d", n, SDM_MAX_MEDICATIONS);
    f->profiles = sdm__calloc(n, sizeof *f->profiles);
    if (!f->profiles)
        return sdm__fail_no_memory();
    for (size_t i = 0; i < n; i++) {
        char path[SDM_JSON_PATH];
        sdm__path(path, sizeof path, "medications[%zu]", i);
        f->count = i; /* the id check looks at the ones before */
        sdm_status st = load_profile(doc, json_array_get(meds, i), path, f, &f->profiles[i]);
        f->count = i + 1;
        if (st != SDM_OK)
            return st;
    }
    return SDM_OK;
}

static sdm_status load_header(const sdm_json_doc *doc, sdm_formulary *f, int any_catalogue_name)
{
    static const char *const keys[] = {"format", "format_version", "id", "title", "version", "catalogue",
                                       "notice", "sources", "medications", NULL};
    const char *id, *title, *version, *catalogue, *notice;
    sdm_status st = sdm__json_check_format(doc, "sdm-formulary");
    if (st == SDM_OK)
        st = sdm__json_check_object(doc, doc->root, "", keys);
    if (st == SDM_OK)
        st = sdm__json_id(doc, doc->root, "", "id", 0, &id);
    if (st == SDM_OK)
        st = sdm__json_string(doc, doc->root, "", "version", 1, &version);
    if (st == SDM_OK)
        st = sdm__json_string(doc, doc->root, "", "title", 0, &title);
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
    f->name = sdm__strdup_or_empty(id);
    f->title = sdm__strdup_or_empty(title);
    f->version = sdm__strdup(version);
    f->notice = sdm__strdup_or_empty(notice);
    f->catalogue_id = sdm__strdup_or_empty(catalogue);
    if (!f->name || !f->title || !f->version || !f->notice || !f->catalogue_id)
        return sdm__fail_no_memory();
    return SDM_OK;
}

static sdm_status load_document(const sdm_json_doc *doc, sdm_formulary *f, int any_catalogue_name)
{
    json_t *sources, *meds;
    sdm_status st = load_header(doc, f, any_catalogue_name);
    if (st == SDM_OK)
        st = sdm__json_array(doc, doc->root, "", "sources", 1, &sources);
    if (st == SDM_OK)
        st = sdm__json_array(doc, doc->root, "", "medications", 1, &meds);
    if (st == SDM_OK)
        st = load_sources(doc, sources, f);
    if (st == SDM_OK)
        st = load_medications(doc, meds, f);
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
    sdm_formulary *f = sdm__calloc(1, sizeof *f);
    if (!f) {
        json_decref(doc.root);
        return sdm__fail_no_memory();
    }
    sdm__ref_init(&f->refs);
    /* The formulary only reads the catalogue; the reference keeps it alive. */
    f->catalogue = sdm_catalogue_ref((sdm_catalogue *)cat);
    st = load_document(&doc, f, any_catalogue_name);
    json_decref(doc.root);
    if (st != SDM_OK) {
        formulary_destroy(f);
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

/* ---- lookup and getters ------------------------------------------------- */

size_t sdm__formulary_index(const sdm_formulary *f, const char *id)
{
    for (size_t i = 0; i < f->count; i++)
        if (strcmp(f->profiles[i].id, id) == 0)
            return i;
    return (size_t)-1;
}

static const char *profile_id_at(const void *owner, size_t i)
{
    return ((const sdm_formulary *)owner)->profiles[i].id;
}

sdm_status sdm__formulary_not_found(const sdm_formulary *f, const char *what, const char *id)
{
    const char *near = sdm__closest_id(id, f, f->count, profile_id_at);
    return sdm__fail(SDM_ERR_NOT_FOUND, "%s '%.*s' is not in the formulary%s%s%s", what,
                     sdm__echo_width(id, SDM_MAX_ID * 2), id,
                     near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
}

int sdm__tags_contain(const sdm_tags *tags, const char *s)
{
    for (size_t i = 0; i < tags->count; i++)
        if (tags->items[i] && strcmp(tags->items[i], s) == 0)
            return 1;
    return 0;
}

size_t sdm_formulary_count(const sdm_formulary *f)
{
    return f ? f->count : 0;
}

const sdm_profile *sdm_formulary_profile(const sdm_formulary *f, size_t index)
{
    return (f && index < f->count) ? &f->profiles[index] : NULL;
}

const sdm_profile *sdm_formulary_find(const sdm_formulary *f, const char *id)
{
    if (!f || !id) {
        sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_formulary_find: %s is NULL", !f ? "the formulary" : "the id");
        return NULL;
    }
    size_t i = sdm__formulary_index(f, id);
    if (i == (size_t)-1) {
        sdm__formulary_not_found(f, "the medicine", id);
        return NULL;
    }
    return &f->profiles[i];
}

const sdm_catalogue *sdm_formulary_catalogue(const sdm_formulary *f)
{
    return f ? f->catalogue : NULL;
}

const char *sdm_formulary_version(const sdm_formulary *f)
{
    return f ? f->version : NULL;
}

const char *sdm_formulary_name(const sdm_formulary *f)
{
    return f ? f->name : NULL;
}

const char *sdm_formulary_title(const sdm_formulary *f)
{
    return f ? f->title : NULL;
}

const char *sdm_formulary_notice(const sdm_formulary *f)
{
    return f ? f->notice : NULL;
}

size_t sdm_formulary_source_count(const sdm_formulary *f)
{
    return f ? f->source_count : 0;
}

static const sdm_source *source_at(const sdm_formulary *f, size_t index)
{
    return (f && index < f->source_count) ? &f->sources[index] : NULL;
}

const char *sdm_formulary_source_key(const sdm_formulary *f, size_t index)
{
    const sdm_source *s = source_at(f, index);
    return s ? s->key : NULL;
}

const char *sdm_formulary_source_citation(const sdm_formulary *f, size_t index)
{
    const sdm_source *s = source_at(f, index);
    return s ? s->citation : NULL;
}

const char *sdm_formulary_source_url(const sdm_formulary *f, size_t index)
{
    const sdm_source *s = source_at(f, index);
    return s ? s->url : NULL;
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

static json_t *ratings_json(const sdm_formulary *f, const sdm_profile *p, int *bad)
{
    json_t *obj = json_object();
    for (size_t i = 0; i < f->catalogue->count; i++) {
        json_t *cell = json_object();
        if (p->ratings[i] == SDM_RATING_UNKNOWN) {
            sdm__jset(cell, "rating", json_string("unknown"), bad);
        } else {
            sdm__jset(cell, "rating", json_integer(p->ratings[i]), bad);
            sdm__jset(cell, "source", json_string(f->sources[p->sources[i]].key), bad);
        }
        set_optional(cell, "note", p->notes[i], bad);
        sdm__jset(obj, f->catalogue->items[i].id, cell, bad);
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
    sdm__jset(obj, "ratings", ratings_json(f, p, bad), bad);
    return obj;
}

static json_t *sources_json(const sdm_formulary *f, int *bad)
{
    json_t *arr = json_array();
    for (size_t s = 0; s < f->source_count; s++) {
        json_t *obj = json_object();
        sdm__jset(obj, "key", json_string(f->sources[s].key), bad);
        sdm__jset(obj, "citation", json_string(f->sources[s].citation), bad);
        set_optional(obj, "url", f->sources[s].url, bad);
        set_optional(obj, "note", f->sources[s].note, bad);
        sdm__jpush(arr, obj, bad);
    }
    return arr;
}

sdm_status sdm_formulary_to_json(const sdm_formulary *f, char **out)
{
    if (!f || !out)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_formulary_to_json: %s is NULL",
                         !f ? "the formulary" : "the out pointer");
    int bad = 0;
    json_t *root = json_object();
    sdm__jset(root, "format", json_string("sdm-formulary"), &bad);
    sdm__jset(root, "format_version", json_integer(1), &bad);
    set_optional(root, "id", f->name, &bad);
    set_optional(root, "title", f->title, &bad);
    sdm__jset(root, "version", json_string(f->version), &bad);
    set_optional(root, "catalogue", f->catalogue_id, &bad);
    set_optional(root, "notice", f->notice, &bad);
    sdm__jset(root, "sources", sources_json(f, &bad), &bad);
    json_t *meds = json_array();
    for (size_t i = 0; i < f->count; i++)
        sdm__jpush(meds, profile_json(f, &f->profiles[i], &bad), &bad);
    sdm__jset(root, "medications", meds, &bad);
    return sdm__json_dump(root, bad, out);
}
