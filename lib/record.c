/*
 * libsdm - the decision record re-opened: its parts, and running it again on
 * today's formulary (its JSON: record-json.c).
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <string.h>

#include "formulary-private.h"
#include "options-private.h"
#include "ranking-private.h"
#include "record-private.h"

sdm_record *sdm__record_new(void)
{
    return sdm__calloc(1, sizeof(sdm_record));
}

void sdm_record_free(sdm_record *rec)
{
    if (!rec)
        return;
    for (size_t i = 0; i < rec->ranked_count + rec->excluded_count; i++) {
        sdm__free(rec->entries[i].id);
        sdm__free(rec->entries[i].name);
        sdm__free(rec->entries[i].reason);
        sdm__free(rec->entries[i].ratings);
    }
    sdm__free(rec->terms);
    sdm__free(rec->entries);
    sdm_ranking_free(rec->ranking);
    sdm_match_options_free(rec->options);
    sdm__free(rec->data_version);
    sdm__free(rec->library_version);
    sdm__free(rec->timestamp);
    sdm__free(rec->formulary_id);
    sdm__free(rec->notice);
    sdm_feedback_free(rec->feedback);
    sdm__free(rec);
}

/* ---- the parts ------------------------------------------------------------ */

const sdm_ranking *sdm_record_ranking(const sdm_record *rec)
{
    return rec ? rec->ranking : NULL;
}

const sdm_match_options *sdm_record_options(const sdm_record *rec)
{
    return rec ? rec->options : NULL;
}

const char *sdm_record_data_version(const sdm_record *rec)
{
    return rec ? rec->data_version : NULL;
}

const char *sdm_record_library_version(const sdm_record *rec)
{
    return rec ? rec->library_version : NULL;
}

const char *sdm_record_timestamp(const sdm_record *rec)
{
    return rec ? rec->timestamp : NULL;
}

const char *sdm_record_formulary_id(const sdm_record *rec)
{
    return rec ? rec->formulary_id : NULL;
}

size_t sdm_record_ranked_count(const sdm_record *rec)
{
    return rec ? rec->ranked_count : 0;
}

size_t sdm_record_excluded_count(const sdm_record *rec)
{
    return rec ? rec->excluded_count : 0;
}

static const sdm_record_entry *entry_at(const sdm_record *rec, size_t i)
{
    return (rec && i < rec->ranked_count + rec->excluded_count) ? &rec->entries[i] : NULL;
}

const char *sdm_record_entry_id(const sdm_record *rec, size_t i)
{
    const sdm_record_entry *e = entry_at(rec, i);
    return e ? e->id : NULL;
}

const char *sdm_record_entry_name(const sdm_record *rec, size_t i)
{
    const sdm_record_entry *e = entry_at(rec, i);
    return e ? e->name : NULL;
}

int sdm_record_entry_rank(const sdm_record *rec, size_t i)
{
    const sdm_record_entry *e = entry_at(rec, i);
    return e ? e->rank : 0;
}

double sdm_record_entry_score(const sdm_record *rec, size_t i)
{
    const sdm_record_entry *e = entry_at(rec, i);
    return e ? e->score : NAN;
}

const char *sdm_record_entry_reason(const sdm_record *rec, size_t i)
{
    const sdm_record_entry *e = entry_at(rec, i);
    return e ? e->reason : NULL;
}

/* ---- the older way in ----------------------------------------------------- */

sdm_status sdm_record_load_json(const sdm_catalogue *cat, const char *json, size_t len, sdm_ranking **ranking,
                                sdm_match_options **options, char **data_version)
{
    if (!cat)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_record_load_json: the catalogue is NULL");
    sdm_record *rec = NULL;
    sdm_status st = sdm_record_from_json(cat, json, len, &rec);
    if (st != SDM_OK)
        return st;
    /* Hand over only what was asked for; the rest is freed with the record. */
    if (ranking) {
        *ranking = rec->ranking;
        rec->ranking = NULL;
    }
    if (options) {
        *options = rec->options;
        rec->options = NULL;
    }
    if (data_version) {
        *data_version = rec->data_version;
        rec->data_version = NULL;
    }
    sdm_record_free(rec);
    return SDM_OK;
}

/* ---- again, on today's formulary ---------------------------------------- */

/* The record's options without the exclusions of medicines the formulary no
 * longer has: those cannot be excluded, and the rest of the match can run. */
static sdm_status options_for(const sdm_record *rec, const sdm_formulary *f, sdm_match_options **out)
{
    sdm_status st = sdm_match_options_copy(rec->options, out);
    for (size_t i = (*out) ? (*out)->exclude_count : 0; st == SDM_OK && i-- > 0;)
        if (sdm__formulary_index(f, (*out)->excludes[i].id) == (size_t)-1)
            sdm__options_drop_exclude(*out, i);
    return st;
}

/* The record's ranking without the history of medicines the formulary no
 * longer has (the changes say which). */
static sdm_status ranking_for(const sdm_record *rec, const sdm_formulary *f, sdm_ranking **out)
{
    sdm_status st = sdm_ranking_copy(rec->ranking, out);
    for (size_t i = (*out) ? (*out)->history_count : 0; st == SDM_OK && i-- > 0;)
        if (sdm__formulary_index(f, (*out)->history[i].medicine) == (size_t)-1)
            sdm__history_drop(*out, i);
    return st;
}

sdm_status sdm_record_rerun(const sdm_record *rec, const sdm_formulary *f, sdm_match **match, char **changes)
{
    if (!rec || !f)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_record_rerun: %s is NULL", !rec ? "the record" : "the formulary");
    sdm_match_options *o = NULL;
    sdm_ranking *r = NULL;
    sdm_match *m = NULL;
    sdm_status st = options_for(rec, f, &o);
    if (st == SDM_OK)
        st = ranking_for(rec, f, &r);
    if (st == SDM_OK)
        st = sdm_match_run(f, r, o, &m);
    sdm_match_options_free(o);
    sdm_ranking_free(r);
    if (st == SDM_OK && changes && (st = sdm__record_changes_json(rec, m, rec->options, changes)) != SDM_OK)
        sdm_match_free(m);
    if (st != SDM_OK)
        return st;
    if (match)
        *match = m;
    else
        sdm_match_free(m);
    return SDM_OK;
}
