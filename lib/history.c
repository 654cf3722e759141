/*
 * libsdm - the person's own history: medicines tried before, how it went,
 * and the side effects the person had on them (see history.h).
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "catalogue-private.h"
#include "ids.h"
#include "ranking-private.h"
#include "text.h"

static const char *const outcome_ids[] = {"unspecified", "helped", "did_not_help", "stopped"};
static const sdm_id_table outcomes = SDM_ID_TABLE("outcome", SDM_OUTCOME_UNSPECIFIED, outcome_ids);

const char *sdm_outcome_id(sdm_outcome outcome)
{
    return sdm__id_of(&outcomes, (int)outcome);
}

sdm_status sdm_outcome_from_id(const char *id, sdm_outcome *outcome)
{
    int value;
    sdm_status st = sdm__id_find(&outcomes, "sdm_outcome_from_id", id, outcome, &value);
    if (st == SDM_OK)
        *outcome = (sdm_outcome)value;
    return st;
}

/* ---- lifetime ----------------------------------------------------------- */

static void entry_destroy(sdm_history_entry *e)
{
    sdm__free(e->medicine);
    sdm__free(e->why);
    sdm__free(e->had);
}

void sdm__history_destroy(sdm_ranking *r)
{
    for (size_t i = 0; i < r->history_count; i++)
        entry_destroy(&r->history[i]);
    sdm__free(r->history);
    r->history = NULL;
    r->history_count = 0;
}

/* A new entry at the end of the history (the array grown by one), or NULL when out of memory. */
static sdm_history_entry *append(sdm_ranking *r, const char *medicine, sdm_outcome outcome, const char *why)
{
    sdm_history_entry e = {sdm__strdup(medicine), outcome, sdm__strdup_or_empty(why),
                           sdm__calloc(r->catalogue->count, 1)};
    sdm_history_entry *grown = NULL;
    if (e.medicine && e.why && e.had)
        grown = sdm__realloc(r->history, r->history_count * sizeof *grown, (r->history_count + 1) * sizeof *grown);
    if (!grown) {
        entry_destroy(&e);
        return NULL;
    }
    r->history = grown;
    grown[r->history_count] = e;
    return &grown[r->history_count++];
}

sdm_status sdm__history_copy(const sdm_ranking *from, sdm_ranking *to)
{
    to->history = NULL;
    to->history_count = 0;
    for (size_t i = 0; i < from->history_count; i++) {
        const sdm_history_entry *e = &from->history[i];
        sdm_history_entry *copy = append(to, e->medicine, e->outcome, e->why);
        if (!copy) {
            sdm__history_destroy(to);
            return sdm__fail_no_memory();
        }
        memcpy(copy->had, e->had, from->catalogue->count);
    }
    return SDM_OK;
}

void sdm__history_drop(sdm_ranking *r, size_t i)
{
    entry_destroy(&r->history[i]);
    memmove(&r->history[i], &r->history[i + 1], (r->history_count - i - 1) * sizeof *r->history);
    r->history_count--;
}

size_t sdm__history_index(const sdm_ranking *r, const char *medicine)
{
    for (size_t i = 0; i < r->history_count; i++)
        if (strcmp(r->history[i].medicine, medicine) == 0)
            return i;
    return (size_t)-1;
}

/* ---- editing ------------------------------------------------------------ */

sdm_status sdm_ranking_add_history(sdm_ranking *r, const char *medication_id, sdm_outcome outcome, const char *why)
{
    char problem[96];
    if (!r || !medication_id)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_ranking_add_history: %s is NULL",
                         !r ? "the ranking" : "the medicine id");
    if (!sdm__valid_id(medication_id))
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_ranking_add_history: '%.*s' is not a valid id",
                         sdm__echo_width(medication_id, SDM_MAX_ID * 2), medication_id);
    if (!sdm_outcome_id(outcome))
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "%d is not an outcome", (int)outcome);
    if (why && strlen(why) > SDM_MAX_STRING)
        return sdm__fail(SDM_ERR_LIMIT, "why '%s' went as it did is longer than %d bytes", medication_id,
                         SDM_MAX_STRING);
    if (why && sdm__text_problem(why, 1, problem, sizeof problem))
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "why '%s' went as it did: the text %s", medication_id, problem);
    if (sdm__history_index(r, medication_id) != (size_t)-1)
        return sdm__fail(SDM_ERR_DUPLICATE, "'%s' is already in the person's history", medication_id);
    if (r->history_count >= SDM_MAX_HISTORY)
        return sdm__fail(SDM_ERR_LIMIT, "more than %d medicines in the person's history", SDM_MAX_HISTORY);
    return append(r, medication_id, outcome, why) ? SDM_OK : sdm__fail_no_memory();
}

sdm_status sdm_ranking_history_had(sdm_ranking *r, const char *medication_id, const char *effect_id)
{
    if (!r || !medication_id || !effect_id)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_ranking_history_had: %s is NULL",
                         !r ? "the ranking" : !medication_id ? "the medicine id" : "the side effect id");
    size_t at = sdm__history_index(r, medication_id);
    if (at == (size_t)-1)
        return sdm__fail(SDM_ERR_NOT_FOUND, "'%.*s' is not in the person's history: add it first "
                                            "(sdm_ranking_add_history)",
                         sdm__echo_width(medication_id, SDM_MAX_ID * 2), medication_id);
    size_t item = sdm__catalogue_index(r->catalogue, effect_id);
    if (item == (size_t)-1)
        return sdm__catalogue_not_found(r->catalogue, effect_id);
    if (r->history[at].had[item])
        return sdm__fail(SDM_ERR_DUPLICATE, "'%s' on '%s' is already in the person's history", effect_id,
                         medication_id);
    r->history[at].had[item] = 1;
    return SDM_OK;
}

/* ---- reading ------------------------------------------------------------ */

static const sdm_history_entry *entry_at(const sdm_ranking *r, size_t i)
{
    return (r && i < r->history_count) ? &r->history[i] : NULL;
}

size_t sdm_ranking_history_count(const sdm_ranking *r)
{
    return r ? r->history_count : 0;
}

const char *sdm_ranking_history_medication(const sdm_ranking *r, size_t i)
{
    const sdm_history_entry *e = entry_at(r, i);
    return e ? e->medicine : NULL;
}

sdm_outcome sdm_ranking_history_outcome(const sdm_ranking *r, size_t i)
{
    const sdm_history_entry *e = entry_at(r, i);
    return e ? e->outcome : SDM_OUTCOME_UNSPECIFIED;
}

const char *sdm_ranking_history_why(const sdm_ranking *r, size_t i)
{
    const sdm_history_entry *e = entry_at(r, i);
    return e ? e->why : NULL;
}

int sdm_ranking_history_had_effect(const sdm_ranking *r, size_t i, size_t effect_index)
{
    const sdm_history_entry *e = entry_at(r, i);
    return e && effect_index < r->catalogue->count && e->had[effect_index];
}
