/*
 * libsdm - a person's ranking of side effects to avoid, and helpful ones.
 * SPDX-License-Identifier: MIT
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "catalogue-private.h"
#include "ids.h"
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
    sdm__history_destroy(r);
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
    st = sdm__history_copy(r, copy);
    if (st != SDM_OK) {
        sdm_ranking_free(copy);
        return st;
    }
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
static const sdm_id_table completers = SDM_ID_TABLE("completed_by value", SDM_COMPLETED_BY_UNSPECIFIED,
                                                    completed_by_ids);

const char *sdm_completed_by_id(sdm_completed_by who)
{
    return sdm__id_of(&completers, (int)who);
}

sdm_status sdm_completed_by_from_id(const char *id, sdm_completed_by *who)
{
    int value;
    sdm_status st = sdm__id_find(&completers, "sdm_completed_by_from_id", id, who, &value);
    if (st == SDM_OK)
        *who = (sdm_completed_by)value;
    return st;
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

sdm_status sdm_ranking_set_carer_involved(sdm_ranking *r, int involved)
{
    if (!r)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_ranking_set_carer_involved: the ranking is NULL");
    r->carer_involved = involved != 0;
    return SDM_OK;
}

int sdm_ranking_carer_involved(const sdm_ranking *r)
{
    return r ? r->carer_involved : 0;
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
