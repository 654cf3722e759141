/*
 * libsdm - the side-effect catalogue: lifetime, lookup and getters (loading: catalogue-json.c).
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include "catalogue-private.h"

void sdm__catalogue_destroy(sdm_catalogue *cat)
{
    for (size_t i = 0; i < cat->count; i++) {
        sdm__free(cat->items[i].id);
        sdm__free(cat->items[i].label);
        sdm__free(cat->items[i].dimension);
    }
    for (size_t g = 0; g < cat->group_count; g++) {
        sdm__free(cat->groups[g].id);
        sdm__free(cat->groups[g].label);
    }
    sdm__free(cat->items);
    sdm__free(cat->groups);
    sdm__free(cat->name);
    sdm__free(cat->title);
    sdm__free(cat->version);
    sdm__free(cat->citation);
    sdm__free(cat);
}

sdm_catalogue *sdm_catalogue_ref(sdm_catalogue *cat)
{
    if (cat)
        sdm__ref_inc(&cat->refs);
    return cat;
}

void sdm_catalogue_free(sdm_catalogue *cat)
{
    if (cat && sdm__ref_dec(&cat->refs))
        sdm__catalogue_destroy(cat);
}

/* ---- lookup ------------------------------------------------------------- */

size_t sdm__catalogue_index(const sdm_catalogue *cat, const char *id)
{
    /* the first byte compared here: most ids differ there, and a call costs more */
    for (size_t i = 0; i < cat->count; i++)
        if (cat->items[i].id[0] == id[0] && strcmp(cat->items[i].id, id) == 0)
            return i;
    return (size_t)-1;
}

static const char *item_id_at(const void *owner, size_t i)
{
    return ((const sdm_catalogue *)owner)->items[i].id;
}

void sdm__catalogue_suggest(const sdm_catalogue *cat, const char *id, char *buf, size_t size)
{
    const char *near = sdm__closest_id(id, cat, cat->count, item_id_at);
    if (near)
        snprintf(buf, size, " (did you mean '%s'?)", near);
    else if (size)
        buf[0] = '\0';
}

sdm_status sdm__catalogue_not_found(const sdm_catalogue *cat, const char *id)
{
    char hint[SDM_MAX_ID + 32];
    sdm__catalogue_suggest(cat, id, hint, sizeof hint);
    return sdm__fail(SDM_ERR_NOT_FOUND, "unknown side effect '%.*s'%s", sdm__echo_width(id, SDM_MAX_ID * 2), id,
                     hint);
}

sdm_status sdm_catalogue_find(const sdm_catalogue *cat, const char *id, size_t *index)
{
    if (!cat || !id || !index)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_catalogue_find: %s is NULL",
                         !cat ? "the catalogue" : !id ? "the id" : "the index pointer");
    size_t i = sdm__catalogue_index(cat, id);
    if (i == (size_t)-1)
        return sdm__catalogue_not_found(cat, id);
    *index = i;
    return SDM_OK;
}

/* ---- getters ------------------------------------------------------------ */

size_t sdm_catalogue_count(const sdm_catalogue *cat)
{
    return cat ? cat->count : 0;
}

static const sdm_catalogue_item *item_at(const sdm_catalogue *cat, size_t index)
{
    return (cat && index < cat->count) ? &cat->items[index] : NULL;
}

const char *sdm_catalogue_id(const sdm_catalogue *cat, size_t index)
{
    const sdm_catalogue_item *item = item_at(cat, index);
    return item ? item->id : NULL;
}

const char *sdm_catalogue_label(const sdm_catalogue *cat, size_t index)
{
    const sdm_catalogue_item *item = item_at(cat, index);
    return item ? item->label : NULL;
}

const char *sdm_catalogue_dimension(const sdm_catalogue *cat, size_t index)
{
    const sdm_catalogue_item *item = item_at(cat, index);
    return item ? item->dimension : NULL;
}

int sdm_catalogue_commonly_helpful(const sdm_catalogue *cat, size_t index)
{
    const sdm_catalogue_item *item = item_at(cat, index);
    return item ? item->commonly_helpful : 0;
}

size_t sdm_catalogue_item_group(const sdm_catalogue *cat, size_t index)
{
    const sdm_catalogue_item *item = item_at(cat, index);
    return item ? item->group : (size_t)-1;
}

size_t sdm_catalogue_group_count(const sdm_catalogue *cat)
{
    return cat ? cat->group_count : 0;
}

const char *sdm_catalogue_group_id(const sdm_catalogue *cat, size_t group)
{
    return (cat && group < cat->group_count) ? cat->groups[group].id : NULL;
}

const char *sdm_catalogue_group_label(const sdm_catalogue *cat, size_t group)
{
    return (cat && group < cat->group_count) ? cat->groups[group].label : NULL;
}

const char *sdm_catalogue_name(const sdm_catalogue *cat)
{
    return cat ? cat->name : NULL;
}

const char *sdm_catalogue_title(const sdm_catalogue *cat)
{
    return cat ? cat->title : NULL;
}

const char *sdm_catalogue_version(const sdm_catalogue *cat)
{
    return cat ? cat->version : NULL;
}

const char *sdm_catalogue_citation(const sdm_catalogue *cat)
{
    return cat ? cat->citation : NULL;
}

int sdm_catalogue_equal(const sdm_catalogue *a, const sdm_catalogue *b)
{
    if (!a || !b)
        return 0;
    if (a == b)
        return 1;
    if (a->count != b->count)
        return 0;
    for (size_t i = 0; i < a->count; i++)
        if (strcmp(a->items[i].id, b->items[i].id) != 0)
            return 0;
    return 1;
}
