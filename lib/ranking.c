/*
 * libsdm - a person's ranking of side effects to avoid, and helpful ones.
 * SPDX-License-Identifier: MIT
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "catalogue-private.h"
#include "ranking-private.h"

sdm_status sdm_ranking_new(const sdm_catalogue *cat, sdm_ranking **out)
{
    if (!cat || !out)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_ranking_new: %s is NULL",
                         !cat ? "the catalogue" : "the out pointer");
    sdm_ranking *r = sdm__calloc(1, sizeof *r);
    unsigned char *helpful = sdm__calloc(cat->count, 1);
    if (!r || !helpful) {
        sdm__free(r);
        sdm__free(helpful);
        return sdm__fail_no_memory();
    }
    r->catalogue = sdm_catalogue_ref((sdm_catalogue *)cat);
    r->helpful = helpful;
    r->max_rank = cat->count < SDM_DEFAULT_MAX_RANK ? (int)cat->count : SDM_DEFAULT_MAX_RANK;
    for (int k = 0; k <= SDM_MAX_RANK; k++)
        r->by_rank[k] = SDM_NO_ITEM;
    *out = r;
    return SDM_OK;
}

void sdm_ranking_free(sdm_ranking *r)
{
    if (!r)
        return;
    sdm_catalogue_free(r->catalogue);
    sdm__free(r->helpful);
    sdm__free(r);
}

sdm_status sdm_ranking_copy(const sdm_ranking *r, sdm_ranking **out)
{
    if (!r || !out)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_ranking_copy: %s is NULL",
                         !r ? "the ranking" : "the out pointer");
    sdm_ranking *copy;
    sdm_status st = sdm_ranking_new(r->catalogue, &copy);
    if (st != SDM_OK)
        return st;
    unsigned char *helpful = copy->helpful;
    memcpy(helpful, r->helpful, r->catalogue->count);
    sdm_catalogue *cat = copy->catalogue;
    *copy = *r;
    copy->catalogue = cat;
    copy->helpful = helpful;
    *out = copy;
    return SDM_OK;
}

/* ---- editing ------------------------------------------------------------ */

static sdm_status find_effect(const sdm_ranking *r, const char *fn, const char *effect_id, size_t *index)
{
    *index = SDM_NO_ITEM; /* set on failure too: no caller can read it unset */
    if (!r || !effect_id)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "%s: %s is NULL", fn, !r ? "the ranking" : "the side effect id");
    *index = sdm__catalogue_index(r->catalogue, effect_id);
    if (*index == SDM_NO_ITEM)
        return sdm__catalogue_not_found(r->catalogue, effect_id);
    return SDM_OK;
}

int sdm_ranking_rank_of(const sdm_ranking *r, size_t effect_index)
{
    if (!r || effect_index == SDM_NO_ITEM)
        return 0;
    for (int k = 1; k <= r->max_rank; k++)
        if (r->by_rank[k] == effect_index)
            return k;
    return 0;
}

sdm_status sdm_ranking_avoid(sdm_ranking *r, const char *effect_id, int rank)
{
    size_t index;
    sdm_status st = find_effect(r, "sdm_ranking_avoid", effect_id, &index);
    if (st != SDM_OK)
        return st;
    if (rank < 1 || rank > r->max_rank)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "rank %d for '%s' is out of range: ranks run from 1 to %d",
                         rank, effect_id, r->max_rank);
    if (r->by_rank[rank] != SDM_NO_ITEM)
        return sdm__fail(SDM_ERR_DUPLICATE, "rank %d is already given to '%s'", rank,
                         r->catalogue->items[r->by_rank[rank]].id);
    int existing = sdm_ranking_rank_of(r, index);
    if (existing)
        return sdm__fail(SDM_ERR_DUPLICATE, "'%s' is already ranked %d", effect_id, existing);
    if (r->helpful[index])
        return sdm__fail(SDM_ERR_CONFLICT, "'%s' is ticked as helpful, so it cannot also be avoided", effect_id);
    r->by_rank[rank] = index;
    return SDM_OK;
}

sdm_status sdm_ranking_helpful(sdm_ranking *r, const char *effect_id)
{
    size_t index;
    sdm_status st = find_effect(r, "sdm_ranking_helpful", effect_id, &index);
    if (st != SDM_OK)
        return st;
    if (r->helpful[index])
        return sdm__fail(SDM_ERR_DUPLICATE, "'%s' is already ticked as helpful", effect_id);
    int rank = sdm_ranking_rank_of(r, index);
    if (rank)
        return sdm__fail(SDM_ERR_CONFLICT, "'%s' is ranked %d to avoid, so it cannot also be helpful", effect_id,
                         rank);
    r->helpful[index] = 1;
    r->helpful_count++;
    return SDM_OK;
}

sdm_status sdm_ranking_remove(sdm_ranking *r, const char *effect_id)
{
    size_t index;
    sdm_status st = find_effect(r, "sdm_ranking_remove", effect_id, &index);
    if (st != SDM_OK)
        return st;
    int rank = sdm_ranking_rank_of(r, index);
    if (rank) {
        r->by_rank[rank] = SDM_NO_ITEM;
        return SDM_OK;
    }
    if (r->helpful[index]) {
        r->helpful[index] = 0;
        r->helpful_count--;
        return SDM_OK;
    }
    return sdm__fail(SDM_ERR_NOT_FOUND, "'%s' is neither ranked nor ticked as helpful", effect_id);
}

void sdm_ranking_clear(sdm_ranking *r)
{
    if (!r)
        return;
    for (int k = 0; k <= SDM_MAX_RANK; k++)
        r->by_rank[k] = SDM_NO_ITEM;
    memset(r->helpful, 0, r->catalogue->count);
    r->helpful_count = 0;
}

static int highest_rank_given(const sdm_ranking *r)
{
    for (int k = r->max_rank; k >= 1; k--)
        if (r->by_rank[k] != SDM_NO_ITEM)
            return k;
    return 0;
}

sdm_status sdm_ranking_set_max_rank(sdm_ranking *r, int max_rank)
{
    if (!r)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_ranking_set_max_rank: the ranking is NULL");
    int limit = r->catalogue->count < SDM_MAX_RANK ? (int)r->catalogue->count : SDM_MAX_RANK;
    if (max_rank < 1 || max_rank > limit)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "the maximum rank %d is out of range: it runs from 1 to %d",
                         max_rank, limit);
    int highest = highest_rank_given(r);
    if (max_rank < highest)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "the maximum rank %d is below rank %d, which is given to '%s'",
                         max_rank, highest, r->catalogue->items[r->by_rank[highest]].id);
    r->max_rank = max_rank;
    return SDM_OK;
}

int sdm_ranking_max_rank(const sdm_ranking *r)
{
    return r ? r->max_rank : 0;
}

static const char *const completed_by_ids[] = {"unspecified", "service_user", "carer", "together"};

const char *sdm_completed_by_id(sdm_completed_by who)
{
    return ((int)who >= 0 && (int)who <= SDM_COMPLETED_BY_TOGETHER) ? completed_by_ids[who] : NULL;
}

sdm_status sdm_completed_by_from_id(const char *id, sdm_completed_by *who)
{
    if (!id || !who)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_completed_by_from_id: %s is NULL",
                         !id ? "the id" : "the value pointer");
    for (int w = 0; w <= SDM_COMPLETED_BY_TOGETHER; w++)
        if (strcmp(id, completed_by_ids[w]) == 0) {
            *who = (sdm_completed_by)w;
            return SDM_OK;
        }
    return sdm__fail(SDM_ERR_NOT_FOUND,
                     "completed_by is '%.*s'; expected service_user, carer, together or unspecified",
                     sdm__echo_width(id, SDM_MAX_ID), id);
}

sdm_status sdm_ranking_set_completed_by(sdm_ranking *r, sdm_completed_by who)
{
    if (!r)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_ranking_set_completed_by: the ranking is NULL");
    if (!sdm_completed_by_id(who))
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "%d is not a sdm_completed_by value", (int)who);
    r->completed_by = who;
    return SDM_OK;
}

sdm_completed_by sdm_ranking_completed_by(const sdm_ranking *r)
{
    return r ? r->completed_by : SDM_COMPLETED_BY_UNSPECIFIED;
}

/* ---- reading ------------------------------------------------------------ */

size_t sdm_ranking_avoid_count(const sdm_ranking *r)
{
    size_t n = 0;
    if (r)
        for (int k = 1; k <= r->max_rank; k++)
            n += r->by_rank[k] != SDM_NO_ITEM;
    return n;
}

sdm_status sdm_ranking_at(const sdm_ranking *r, int rank, size_t *effect_index)
{
    if (!r || !effect_index)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_ranking_at: %s is NULL",
                         !r ? "the ranking" : "the index pointer");
    if (rank < 1 || rank > r->max_rank)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "rank %d is out of range: ranks run from 1 to %d", rank,
                         r->max_rank);
    if (r->by_rank[rank] == SDM_NO_ITEM)
        return sdm__fail(SDM_ERR_NOT_FOUND, "no side effect is ranked %d", rank);
    *effect_index = r->by_rank[rank];
    return SDM_OK;
}

size_t sdm_ranking_helpful_count(const sdm_ranking *r)
{
    return r ? r->helpful_count : 0;
}

size_t sdm_ranking_helpful_at(const sdm_ranking *r, size_t i)
{
    if (!r)
        return SDM_NO_ITEM;
    for (size_t index = 0; index < r->catalogue->count; index++)
        if (r->helpful[index] && i-- == 0)
            return index;
    return SDM_NO_ITEM;
}

int sdm_ranking_is_helpful(const sdm_ranking *r, size_t effect_index)
{
    return r && effect_index < r->catalogue->count && r->helpful[effect_index];
}

const sdm_catalogue *sdm_ranking_catalogue(const sdm_ranking *r)
{
    return r ? r->catalogue : NULL;
}

sdm_status sdm_ranking_validate(const sdm_ranking *r)
{
    if (!r)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_ranking_validate: the ranking is NULL");
    int highest = highest_rank_given(r);
    for (int k = 1; k < highest; k++)
        if (r->by_rank[k] == SDM_NO_ITEM)
            return sdm__fail(SDM_ERR_INVALID_ARGUMENT,
                             "rank %d is missing: ranks must run from 1 to %d without a gap", k, highest);
    return SDM_OK;
}

/* ---- JSON --------------------------------------------------------------- */

json_t *sdm__ranking_to_value(const sdm_ranking *r, int *bad)
{
    json_t *root = json_object();
    sdm__jset(root, "format", json_string("sdm-ranking"), bad);
    sdm__jset(root, "format_version", json_integer(1), bad);
    sdm__jset(root, "max_rank", json_integer(r->max_rank), bad);
    sdm__jset(root, "completed_by", json_string(sdm_completed_by_id(r->completed_by)), bad);
    json_t *avoid = json_array();
    for (int k = 1; k <= r->max_rank; k++) {
        if (r->by_rank[k] == SDM_NO_ITEM)
            continue;
        json_t *entry = json_object();
        sdm__jset(entry, "id", json_string(r->catalogue->items[r->by_rank[k]].id), bad);
        sdm__jset(entry, "rank", json_integer(k), bad);
        sdm__jpush(avoid, entry, bad);
    }
    sdm__jset(root, "avoid", avoid, bad);
    json_t *helpful = json_array();
    for (size_t i = 0; i < r->catalogue->count; i++)
        if (r->helpful[i])
            sdm__jpush(helpful, json_string(r->catalogue->items[i].id), bad);
    sdm__jset(root, "helpful", helpful, bad);
    return root;
}

sdm_status sdm_ranking_to_json(const sdm_ranking *r, char **out)
{
    if (!r || !out)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_ranking_to_json: %s is NULL",
                         !r ? "the ranking" : "the out pointer");
    int bad = 0;
    json_t *root = sdm__ranking_to_value(r, &bad);
    return sdm__json_dump(root, bad, out);
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
        sdm__path(where, sizeof where, "%s%savoid[%zu]", path, *path ? "." : "", i);
        st = read_avoid_entry(doc, json_array_get(avoid, i), where, i, r);
    }
    for (size_t i = 0; st == SDM_OK && i < json_array_size(helpful); i++) {
        const char *id;
        sdm__path(where, sizeof where, "%s%shelpful[%zu]", path, *path ? "." : "", i);
        st = sdm__json_string_value(doc, json_array_get(helpful, i), where, 1, &id);
        if (st == SDM_OK && (st = sdm_ranking_helpful(r, id)) != SDM_OK)
            st = element_failed(doc, st, where);
    }
    return st;
}

static sdm_status read_settings(const sdm_json_doc *doc, json_t *value, const char *path, sdm_ranking *r)
{
    static const char *const keys[] = {"format", "format_version", "max_rank", "completed_by", "avoid",
                                       "helpful", NULL};
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
