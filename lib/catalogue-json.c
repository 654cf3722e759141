/*
 * libsdm - the catalogue as JSON: loading the `sdm-catalogue` format and the built-in
 * catalogue.
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "catalogue-private.h"
#include "default_data.h"
#include "json.h"

/* ---- loading ------------------------------------------------------------ */

static size_t group_index(const sdm_catalogue *cat, const char *id)
{
    for (size_t g = 0; g < cat->group_count; g++)
        if (strcmp(cat->groups[g].id, id) == 0)
            return g;
    return (size_t)-1;
}

static const char *group_id_at(const void *owner, size_t g)
{
    return ((const sdm_catalogue *)owner)->groups[g].id;
}

static sdm_status load_groups(const sdm_json_doc *doc, json_t *groups, sdm_catalogue *cat)
{
    static const char *const keys[] = {"id", "label", NULL};
    size_t n = json_array_size(groups);
    if (n == 0)
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, "groups", "at least one group is needed");
    if (n > SDM_MAX_ITEMS)
        return sdm__json_fail(doc, SDM_ERR_LIMIT, NULL, "groups", "%zu groups, more than the limit of %d", n,
                              SDM_MAX_ITEMS);
    cat->groups = sdm__calloc(n, sizeof *cat->groups);
    if (!cat->groups)
        return sdm__fail_no_memory();
    for (size_t g = 0; g < n; g++) {
        char path[SDM_JSON_PATH];
        sdm__path(path, sizeof path, "groups[%zu]", g);
        json_t *value = json_array_get(groups, g);
        const char *id, *label;
        sdm_status st = sdm__json_check_object(doc, value, path, keys);
        if (st == SDM_OK)
            st = sdm__json_id(doc, value, path, "id", 1, &id);
        if (st == SDM_OK)
            st = sdm__json_label(doc, value, path, "label", 1, &label);
        if (st != SDM_OK)
            return st;
        if (group_index(cat, id) != (size_t)-1)
            return sdm__json_fail(doc, SDM_ERR_DUPLICATE, NULL, path, "the group id '%s' is given twice", id);
        cat->groups[g].id = sdm__strdup(id);
        cat->groups[g].label = sdm__strdup(label);
        cat->group_count = g + 1;
        if (!cat->groups[g].id || !cat->groups[g].label)
            return sdm__fail_no_memory();
    }
    return SDM_OK;
}

static sdm_status load_item(const sdm_json_doc *doc, json_t *value, const char *path, sdm_catalogue *cat,
                            sdm_catalogue_item *item)
{
    static const char *const keys[] = {"id", "label", "group", "dimension", "commonly_helpful", NULL};
    const char *id, *label, *group, *dimension;
    sdm_status st = sdm__json_check_object(doc, value, path, keys);
    if (st == SDM_OK)
        st = sdm__json_id(doc, value, path, "id", 1, &id);
    if (st == SDM_OK)
        st = sdm__json_label(doc, value, path, "label", 1, &label);
    if (st == SDM_OK)
        st = sdm__json_id(doc, value, path, "group", 1, &group);
    if (st == SDM_OK)
        st = sdm__json_string(doc, value, path, "dimension", 0, &dimension);
    if (st != SDM_OK)
        return st;
    json_t *helpful = json_object_get(value, "commonly_helpful");
    if (helpful && !json_is_boolean(helpful))
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, path, "'commonly_helpful' must be true or false");
    if (sdm__catalogue_index(cat, id) != (size_t)-1)
        return sdm__json_fail(doc, SDM_ERR_DUPLICATE, NULL, path, "the side effect id '%s' is given twice", id);
    item->group = group_index(cat, group);
    if (item->group == (size_t)-1) {
        const char *near = sdm__closest_id(group, cat, cat->group_count, group_id_at);
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, group, path, "unknown group '%s'%s%s%s", group,
                              near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
    }
    item->commonly_helpful = json_is_true(helpful);
    item->id = sdm__strdup(id);
    item->label = sdm__strdup(label);
    item->dimension = sdm__strdup_or_empty(dimension);
    if (!item->id || !item->label || !item->dimension)
        return sdm__fail_no_memory();
    return SDM_OK;
}

static sdm_status load_items(const sdm_json_doc *doc, json_t *items, sdm_catalogue *cat)
{
    size_t n = json_array_size(items);
    if (n == 0)
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, "items", "at least one side effect is needed");
    if (n > SDM_MAX_ITEMS)
        return sdm__json_fail(doc, SDM_ERR_LIMIT, NULL, "items", "%zu side effects, more than the limit of %d",
                              n, SDM_MAX_ITEMS);
    cat->items = sdm__calloc(n, sizeof *cat->items);
    if (!cat->items)
        return sdm__fail_no_memory();
    for (size_t i = 0; i < n; i++) {
        char path[SDM_JSON_PATH];
        sdm__path(path, sizeof path, "items[%zu]", i);
        cat->count = i; /* the duplicate check looks at the ones before */
        sdm_status st = load_item(doc, json_array_get(items, i), path, cat, &cat->items[i]);
        cat->count = i + 1; /* so that a failure half-way frees what was copied */
        if (st != SDM_OK)
            return st;
    }
    return SDM_OK;
}

static sdm_status load_header(const sdm_json_doc *doc, sdm_catalogue *cat)
{
    static const char *const keys[] = {"format", "format_version", "id", "title", "version",
                                       "citation", "groups", "items", NULL};
    const char *id, *title, *version, *citation;
    sdm_status st = sdm__json_check_format(doc, "sdm-catalogue");
    if (st == SDM_OK)
        st = sdm__json_check_object(doc, doc->root, "", keys);
    if (st == SDM_OK)
        st = sdm__json_id(doc, doc->root, "", "id", 1, &id);
    if (st == SDM_OK)
        st = sdm__json_string(doc, doc->root, "", "version", 1, &version);
    if (st == SDM_OK)
        st = sdm__json_label(doc, doc->root, "", "title", 0, &title);
    if (st == SDM_OK)
        st = sdm__json_string(doc, doc->root, "", "citation", 0, &citation);
    if (st != SDM_OK)
        return st;
    cat->name = sdm__strdup(id);
    cat->version = sdm__strdup(version);
    cat->title = sdm__strdup_or_empty(title);
    cat->citation = sdm__strdup_or_empty(citation);
    if (!cat->name || !cat->version || !cat->title || !cat->citation)
        return sdm__fail_no_memory();
    return SDM_OK;
}

static sdm_status load_document(const sdm_json_doc *doc, sdm_catalogue *cat)
{
    json_t *groups, *items;
    sdm_status st = load_header(doc, cat);
    if (st == SDM_OK)
        st = sdm__json_array(doc, doc->root, "", "groups", 1, &groups);
    if (st == SDM_OK)
        st = sdm__json_array(doc, doc->root, "", "items", 1, &items);
    if (st == SDM_OK)
        st = load_groups(doc, groups, cat);
    if (st == SDM_OK)
        st = load_items(doc, items, cat);
    return st;
}

static sdm_status load_text(const char *source, const char *json, size_t len, sdm_catalogue **out)
{
    if (!out)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "the out pointer is NULL");
    sdm_json_doc doc;
    sdm_status st = sdm__json_parse(&doc, source, json, len);
    if (st != SDM_OK)
        return st;
    sdm_catalogue *cat = sdm__calloc(1, sizeof *cat);
    if (!cat) {
        json_decref(doc.root);
        return sdm__fail_no_memory();
    }
    sdm__ref_init(&cat->refs);
    st = load_document(&doc, cat);
    json_decref(doc.root);
    if (st != SDM_OK) {
        sdm__catalogue_destroy(cat);
        return st;
    }
    *out = cat;
    return SDM_OK;
}

sdm_status sdm_catalogue_load_json(const char *json, size_t len, sdm_catalogue **out)
{
    return load_text("<json>", json, len, out);
}

sdm_status sdm_catalogue_load_file(const char *path, sdm_catalogue **out)
{
    char *text;
    size_t len;
    if (!out)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "the out pointer is NULL");
    sdm_status st = sdm__read_file(path, &text, &len);
    if (st != SDM_OK)
        return st;
    st = load_text(path, text, len, out);
    sdm__free(text);
    return st;
}

sdm_status sdm_catalogue_default(sdm_catalogue **out)
{
    return load_text("built-in catalogue", sdm__default_catalogue_json, sdm__default_catalogue_json_len, out);
}
