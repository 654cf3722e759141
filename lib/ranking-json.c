/*
 * libsdm - a ranking as JSON: the `sdm-ranking` format, read and written (also inside
 * decision records).
 * SPDX-License-Identifier: MIT
 */
#include <limits.h>
#include <string.h>

#include "catalogue-private.h"
#include "json-values.h"

/* ---- JSON --------------------------------------------------------------- */

/* [{"medicine", "outcome", "why", "had": [side effect ids]}] */
static void history_jw(sdm_jsonw *w, const sdm_ranking *r)
{
    sdm__jw_array(w);
    for (size_t h = 0; h < r->history_count; h++) {
        const sdm_history_entry *e = &r->history[h];
        sdm__jw_object(w);
        sdm__jw_kstring(w, "medicine", e->medicine);
        sdm__jw_kstring(w, "outcome", sdm_outcome_id(e->outcome));
        if (*e->why)
            sdm__jw_kstring(w, "why", e->why);
        sdm__jw_key(w, "had");
        sdm__jw_array(w);
        for (size_t i = 0; i < r->catalogue->count; i++)
            if (e->had[i])
                sdm__jw_string(w, r->catalogue->items[i].id);
        sdm__jw_array_end(w);
        sdm__jw_object_end(w);
    }
    sdm__jw_array_end(w);
}

void sdm__ranking_jw(sdm_jsonw *w, const sdm_ranking *r)
{
    sdm__jw_object(w);
    sdm__jw_kstring(w, "format", "sdm-ranking");
    sdm__jw_kint(w, "format_version", 1);
    sdm__jw_kint(w, "max_rank", r->max_rank);
    sdm__jw_kstring(w, "completed_by", sdm_completed_by_id(r->completed_by));
    sdm__jw_kbool(w, "carer_involved", r->carer_involved);
    sdm__jw_key(w, "avoid");
    sdm__jw_array(w);
    for (int k = 1; k <= r->max_rank; k++) {
        if (r->by_rank[k] == SDM_NO_ITEM)
            continue;
        sdm__jw_object(w);
        sdm__jw_kstring(w, "id", r->catalogue->items[r->by_rank[k]].id);
        sdm__jw_kint(w, "rank", k);
        sdm__jw_object_end(w);
    }
    sdm__jw_array_end(w);
    sdm__jw_key(w, "helpful");
    sdm__jw_array(w);
    for (size_t i = 0; i < r->catalogue->count; i++)
        if (r->helpful[i])
            sdm__jw_string(w, r->catalogue->items[i].id);
    sdm__jw_array_end(w);
    sdm__jw_key(w, "history");
    history_jw(w, r);
    sdm__jw_object_end(w);
}

sdm_status sdm_ranking_to_json(const sdm_ranking *r, char **out)
{
    if (!r || !out)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_ranking_to_json: %s is NULL",
                         !r ? "the ranking" : "the out pointer");
    sdm_jsonw w;
    sdm__jw_init(&w);
    sdm__ranking_jw(&w, r);
    return sdm__jw_finish(&w, out);
}

/* Applies a library call's failure to a JSON element: "<json>: avoid[2]: rank 1 is ...". */
static sdm_status element_failed(const sdm_json_doc *doc, sdm_status st, const char *path)
{
    char prefix[SDM_JSON_PATH + 64];
    sdm__path(prefix, sizeof prefix, "%s: %s: ", doc->source, path);
    return sdm__fail_prefix(st, prefix);
}

static sdm_status read_avoid_entry(const sdm_json_doc *doc, json_t *value, const char *path, size_t position,
                                   sdm_ranking *r)
{
    static const char *const keys[] = {"id", "rank", NULL};
    const char *id;
    long long rank = (long long)position + 1;
    sdm_status st;
    if (json_is_string(value)) {
        st = sdm__json_string_value(doc, value, path, 1, &id);
    } else {
        st = sdm__json_check_object(doc, value, path, keys);
        if (st == SDM_OK)
            st = sdm__json_id(doc, value, path, "id", 1, &id);
        if (st == SDM_OK)
            st = sdm__json_integer(doc, value, path, "rank", 1, INT_MIN, INT_MAX, &rank);
    }
    if (st != SDM_OK)
        return st;
    st = sdm_ranking_avoid(r, id, (int)rank);
    return st == SDM_OK ? SDM_OK : element_failed(doc, st, path);
}

static sdm_status read_lists(const sdm_json_doc *doc, json_t *value, const char *path, sdm_ranking *r)
{
    json_t *avoid, *helpful;
    char where[SDM_JSON_PATH];
    sdm_status st = sdm__json_array(doc, value, path, "avoid", 0, &avoid);
    if (st == SDM_OK)
        st = sdm__json_array(doc, value, path, "helpful", 0, &helpful);
    for (size_t i = 0; st == SDM_OK && i < json_array_size(avoid); i++) {
        sdm__path_element(where, sizeof where, path, "avoid", i);
        st = read_avoid_entry(doc, json_array_get(avoid, i), where, i, r);
    }
    for (size_t i = 0; st == SDM_OK && i < json_array_size(helpful); i++) {
        const char *id;
        sdm__path_element(where, sizeof where, path, "helpful", i);
        st = sdm__json_string_value(doc, json_array_get(helpful, i), where, 1, &id);
        if (st == SDM_OK && (st = sdm_ranking_helpful(r, id)) != SDM_OK)
            st = element_failed(doc, st, where);
    }
    return st;
}

static sdm_status read_history_entry(const sdm_json_doc *doc, json_t *value, const char *path, sdm_ranking *r)
{
    static const char *const keys[] = {"medicine", "outcome", "why", "had", NULL};
    const char *medicine, *outcome_id = NULL, *why = NULL;
    json_t *had;
    sdm_outcome outcome = SDM_OUTCOME_UNSPECIFIED;
    sdm_status st = sdm__json_check_object(doc, value, path, keys);
    if (st == SDM_OK)
        st = sdm__json_id(doc, value, path, "medicine", 1, &medicine);
    if (st == SDM_OK)
        st = sdm__json_id(doc, value, path, "outcome", 0, &outcome_id);
    if (st == SDM_OK && outcome_id && sdm_outcome_from_id(outcome_id, &outcome) != SDM_OK)
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, outcome_id, path, "outcome: %s", sdm_last_error());
    if (st == SDM_OK)
        st = sdm__json_string(doc, value, path, "why", 0, &why);
    if (st == SDM_OK)
        st = sdm__json_array(doc, value, path, "had", 0, &had);
    if (st == SDM_OK && (st = sdm_ranking_add_history(r, medicine, outcome, why)) != SDM_OK)
        return element_failed(doc, st, path);
    for (size_t i = 0; st == SDM_OK && had && i < json_array_size(had); i++) {
        char where[SDM_JSON_PATH];
        const char *effect;
        sdm__path_element(where, sizeof where, path, "had", i); /* path is never "" here */
        st = sdm__json_string_value(doc, json_array_get(had, i), where, SDM_JSON_ID, &effect);
        if (st == SDM_OK && (st = sdm_ranking_history_had(r, medicine, effect)) != SDM_OK)
            st = element_failed(doc, st, where);
    }
    return st;
}

static sdm_status read_history(const sdm_json_doc *doc, json_t *value, const char *path, sdm_ranking *r)
{
    json_t *history;
    sdm_status st = sdm__json_array(doc, value, path, "history", 0, &history);
    for (size_t h = 0; st == SDM_OK && history && h < json_array_size(history); h++) {
        char where[SDM_JSON_PATH];
        sdm__path_element(where, sizeof where, path, "history", h);
        st = read_history_entry(doc, json_array_get(history, h), where, r);
    }
    return st;
}

static sdm_status read_settings(const sdm_json_doc *doc, json_t *value, const char *path, sdm_ranking *r)
{
    static const char *const keys[] = {"format", "format_version", "max_rank", "completed_by", "carer_involved",
                                       "avoid", "helpful", "history", NULL};
    const char *format, *who;
    long long version = 1, max_rank = r->max_rank;
    sdm_status st = sdm__json_check_object(doc, value, path, keys);
    if (st == SDM_OK)
        st = sdm__json_string(doc, value, path, "format", 0, &format);
    if (st == SDM_OK && format && strcmp(format, "sdm-ranking") != 0)
        st = sdm__json_fail(doc, SDM_ERR_SCHEMA, format, path, "expected the format \"sdm-ranking\", found \"%s\"",
                            format);
    if (st == SDM_OK)
        st = sdm__json_integer(doc, value, path, "format_version", 0, 1, 1, &version);
    if (st == SDM_OK)
        st = sdm__json_integer(doc, value, path, "max_rank", 0, 1, SDM_MAX_RANK, &max_rank);
    if (st == SDM_OK && (st = sdm_ranking_set_max_rank(r, (int)max_rank)) != SDM_OK)
        st = element_failed(doc, st, *path ? path : "max_rank");
    json_t *carer = json_object_get(value, "carer_involved");
    if (st == SDM_OK && carer && !json_is_boolean(carer))
        st = sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, path, "'carer_involved' must be true or false");
    r->carer_involved = json_is_true(carer);
    if (st == SDM_OK)
        st = sdm__json_id(doc, value, path, "completed_by", 0, &who);
    if (st != SDM_OK || !who)
        return st;
    sdm_completed_by completed_by = SDM_COMPLETED_BY_UNSPECIFIED; /* set by the call; gcc -O3 cannot tell */
    if (sdm_completed_by_from_id(who, &completed_by) == SDM_OK)
        return sdm_ranking_set_completed_by(r, completed_by);
    return sdm__json_fail(doc, SDM_ERR_SCHEMA, who, path,
                          "completed_by is '%s'; expected service_user, carer, together or unspecified", who);
}

sdm_status sdm__ranking_from_value(const sdm_catalogue *cat, const sdm_json_doc *doc, json_t *value,
                                   const char *path, sdm_ranking **out)
{
    sdm_ranking *r;
    sdm_status st = sdm_ranking_new(cat, &r);
    if (st != SDM_OK)
        return st;
    st = read_settings(doc, value, path, r);
    if (st == SDM_OK)
        st = read_lists(doc, value, path, r);
    if (st == SDM_OK)
        st = read_history(doc, value, path, r);
    if (st != SDM_OK) {
        sdm_ranking_free(r);
        return st;
    }
    *out = r;
    return SDM_OK;
}

sdm_status sdm_ranking_from_json(const sdm_catalogue *cat, const char *json, size_t len, sdm_ranking **out)
{
    if (!cat || !out)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_ranking_from_json: %s is NULL",
                         !cat ? "the catalogue" : "the out pointer");
    sdm_json_doc doc;
    sdm_status st = sdm__json_parse(&doc, "<json>", json, len);
    if (st != SDM_OK)
        return st;
    st = sdm__ranking_from_value(cat, &doc, doc.root, "", out);
    json_decref(doc.root);
    return st;
}
