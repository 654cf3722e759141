/*
 * libsdm EHR example - one consultation: read the request, run the match on
 * the Trust's formulary, assemble the response with jansson.
 *
 * Request:  {"id": ..., "ranking": {sdm-ranking}, "options": {sdm-options},
 *            "timestamp": "..."}      (only "ranking" is required)
 * Response: {"id": ..., "status": "ok", "formulary": {...}, "ranked": [...],
 *            "excluded": [...], "cards": [sdm-card...], "record": {sdm-record}}
 *       or: {"id": ..., "status": "error", "error": {"status": "SDM_ERR_...",
 *            "description": ..., "where": ..., "message": ...}}
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L

#include "consultation.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>
#include <sdm/sdm.h>

#include "trust.h"

struct consultation {
    const struct trust *trust;
    json_t *request;
    json_t *id; /* borrowed from request; NULL when there is none */
    sdm_ranking *ranking;
    sdm_match_options *options;
    sdm_match *match;
    /* The first failure, reported in the error response. */
    sdm_status status;
    const char *where;
    char message[1024];
};

/* ---- failures ------------------------------------------------------------ */

static const char *status_name(sdm_status st)
{
    switch (st) {
    case SDM_OK: return "SDM_OK";
    case SDM_ERR_INVALID_ARGUMENT: return "SDM_ERR_INVALID_ARGUMENT";
    case SDM_ERR_NO_MEMORY: return "SDM_ERR_NO_MEMORY";
    case SDM_ERR_NOT_FOUND: return "SDM_ERR_NOT_FOUND";
    case SDM_ERR_DUPLICATE: return "SDM_ERR_DUPLICATE";
    case SDM_ERR_CONFLICT: return "SDM_ERR_CONFLICT";
    case SDM_ERR_PARSE: return "SDM_ERR_PARSE";
    case SDM_ERR_SCHEMA: return "SDM_ERR_SCHEMA";
    case SDM_ERR_IO: return "SDM_ERR_IO";
    case SDM_ERR_LIMIT: return "SDM_ERR_LIMIT";
    }
    return "SDM_ERR_UNKNOWN";
}

/* Records a failure of our own (a message in `fmt`). */
static sdm_status fail(struct consultation *c, sdm_status st, const char *where, const char *fmt, ...)
{
    va_list ap;
    c->status = st;
    c->where = where;
    va_start(ap, fmt);
    vsnprintf(c->message, sizeof c->message, fmt, ap);
    va_end(ap);
    return st;
}

/* Records a failure of libsdm: its message is copied at once, because the
 * next failing call in this thread replaces it. */
static sdm_status fail_sdm(struct consultation *c, sdm_status st, const char *where)
{
    return fail(c, st, where, "%s", sdm_last_error());
}

/* ---- reading the request ------------------------------------------------ */

static sdm_status parse_request(struct consultation *c, const char *text, size_t len)
{
    json_error_t jerr;
    /* Duplicate keys are refused: which of two "ranking"s is meant? */
    c->request = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!c->request)
        return fail(c, SDM_ERR_PARSE, "request", "not JSON: column %d: %s", jerr.column, jerr.text);
    if (!json_is_object(c->request))
        return fail(c, SDM_ERR_SCHEMA, "request", "a request must be a JSON object");
    json_t *id = json_object_get(c->request, "id");
    if (id && !json_is_string(id) && !json_is_integer(id))
        return fail(c, SDM_ERR_SCHEMA, "request", "\"id\" must be a string or an integer");
    c->id = id;
    return SDM_OK;
}

/* Unknown keys are refused, so that a misspelt "optoins" is not silently
 * ignored (and the consultation run without the prescriber's exclusions). */
static sdm_status check_keys(struct consultation *c)
{
    static const char *const known[] = {"id", "ranking", "options", "timestamp"};
    const char *key;
    json_t *value;
    json_object_foreach(c->request, key, value) {
        size_t i = 0;
        while (i < sizeof known / sizeof *known && strcmp(key, known[i]) != 0)
            i++;
        if (i == sizeof known / sizeof *known)
            return fail(c, SDM_ERR_SCHEMA, "request",
                        "unknown key '%s' (expected id, ranking, options, timestamp)", key);
    }
    json_t *ts = json_object_get(c->request, "timestamp");
    if (ts && !json_is_string(ts))
        return fail(c, SDM_ERR_SCHEMA, "request", "\"timestamp\" must be a string");
    return SDM_OK;
}

/* libsdm reads rankings and options from text, so the parsed part is written
 * back out; the library then checks it with its own messages. */
static char *object_text(struct consultation *c, const char *key, int required)
{
    json_t *obj = json_object_get(c->request, key);
    if (!obj) {
        if (required)
            fail(c, SDM_ERR_SCHEMA, "request", "\"%s\" is missing", key);
        return NULL;
    }
    if (!json_is_object(obj)) {
        fail(c, SDM_ERR_SCHEMA, "request", "\"%s\" must be a JSON object", key);
        return NULL;
    }
    char *text = json_dumps(obj, JSON_COMPACT);
    if (!text)
        fail(c, SDM_ERR_NO_MEMORY, "request", "out of memory");
    return text;
}

static sdm_status read_ranking(struct consultation *c)
{
    char *text = object_text(c, "ranking", 1);
    if (!text)
        return c->status;
    sdm_status st = sdm_ranking_from_json(c->trust->catalogue, text, strlen(text), &c->ranking);
    free(text);
    /* A gap in the ranks (1, 2, 4) is found here rather than by the match,
     * so the error says it is the ranking that is wrong. */
    if (st == SDM_OK)
        st = sdm_ranking_validate(c->ranking);
    return st == SDM_OK ? SDM_OK : fail_sdm(c, st, "ranking");
}

static sdm_status read_options(struct consultation *c)
{
    sdm_status st;
    char *text = object_text(c, "options", 0);
    if (c->status != SDM_OK)
        return c->status;
    if (text)
        st = sdm_match_options_from_json(text, strlen(text), &c->options);
    else
        st = sdm_match_options_new(&c->options);
    free(text);
    return st == SDM_OK ? SDM_OK : fail_sdm(c, st, "options");
}

/* The Trust's withdrawals apply to every consultation. If the prescriber has
 * already excluded the medicine (SDM_ERR_DUPLICATE), their reason stands: the
 * medicine is out of the list either way. */
static sdm_status add_withdrawals(struct consultation *c)
{
    for (size_t i = 0; i < c->trust->withdrawn_count; i++) {
        sdm_status st = sdm_match_options_exclude(c->options, c->trust->withdrawn[i],
                                                  TRUST_WITHDRAWN_REASON);
        if (st != SDM_OK && st != SDM_ERR_DUPLICATE)
            return fail_sdm(c, st, "options");
    }
    return SDM_OK;
}

static sdm_status run(struct consultation *c, const char *text, size_t len)
{
    sdm_status st;
    if ((st = parse_request(c, text, len)) != SDM_OK || (st = check_keys(c)) != SDM_OK ||
        (st = read_ranking(c)) != SDM_OK || (st = read_options(c)) != SDM_OK ||
        (st = add_withdrawals(c)) != SDM_OK)
        return st;
    st = sdm_match_run(c->trust->formulary, c->ranking, c->options, &c->match);
    return st == SDM_OK ? SDM_OK : fail_sdm(c, st, "match");
}

/* ---- the response ------------------------------------------------------- */

/* Parses JSON text that libsdm wrote, and frees the text. */
static json_t *embed(sdm_status st, char *text)
{
    json_t *value = st == SDM_OK ? json_loads(text, 0, NULL) : NULL;
    sdm_free(text);
    return value;
}

static json_t *formulations(const sdm_profile *p)
{
    json_t *list = json_array();
    for (size_t i = 0; list && i < sdm_profile_formulation_count(p); i++)
        json_array_append_new(list, json_string(sdm_profile_formulation(p, i)));
    return list;
}

static json_t *ranked_entry(const sdm_match *m, size_t i)
{
    const sdm_profile *p = sdm_match_profile(m, i);
    char *reason = NULL;
    if (sdm_match_reason(m, i, &reason) != SDM_OK)
        return NULL;
    json_t *entry = json_pack("{s:i, s:s, s:s, s:f, s:I, s:s, s:o}", "rank", sdm_match_rank(m, i), "id",
                              sdm_profile_id(p), "name", sdm_profile_name(p), "score", sdm_match_score(m, i),
                              "unknown_ratings", (json_int_t)sdm_match_unknown_count(m, i), "reason", reason,
                              "formulations", formulations(p));
    sdm_free(reason);
    return entry;
}

static const char *exclusion_name(sdm_exclusion kind)
{
    switch (kind) {
    case SDM_EXCLUDED_BY_REQUEST: return "by_request";
    case SDM_EXCLUDED_FORMULATION: return "formulation";
    case SDM_EXCLUDED_LICENCE: return "licence";
    case SDM_EXCLUDED_UNKNOWN_RATING: return "unknown_rating";
    }
    return "other";
}

static json_t *excluded_entry(const sdm_match *m, size_t i)
{
    const sdm_profile *p = sdm_match_excluded_profile(m, i);
    return json_pack("{s:s, s:s, s:s, s:s}", "id", sdm_profile_id(p), "name", sdm_profile_name(p), "kind",
                     exclusion_name(sdm_match_excluded_kind(m, i)), "reason", sdm_match_excluded_reason(m, i));
}

/* The card of each ranked medicine, in ranked order, marked with the
 * person's own ranked and helpful side effects. */
static json_t *card_entry(const sdm_match *m, size_t i)
{
    char *text = NULL;
    sdm_status st = sdm_card_to_json(sdm_match_profile(m, i), sdm_match_ranking(m), &text);
    return embed(st, text);
}

static json_t *list_of(const sdm_match *m, size_t count, json_t *(*entry)(const sdm_match *, size_t))
{
    json_t *list = json_array();
    for (size_t i = 0; list && i < count; i++) {
        if (json_array_append_new(list, entry(m, i)) != 0) {
            json_decref(list);
            return NULL;
        }
    }
    return list;
}

static json_t *formulary_info(const sdm_formulary *f)
{
    return json_pack("{s:s, s:s, s:s, s:s}", "id", sdm_formulary_name(f), "title", sdm_formulary_title(f),
                     "version", sdm_formulary_version(f), "notice", sdm_formulary_notice(f));
}

static json_t *record(const struct consultation *c)
{
    const char *timestamp = json_string_value(json_object_get(c->request, "timestamp"));
    char *text = NULL;
    sdm_status st = sdm_record_to_json(c->match, timestamp, &text);
    return embed(st, text);
}

static json_t *ok_response(const struct consultation *c)
{
    const sdm_match *m = c->match;
    return json_pack("{s:O?, s:s, s:o, s:o, s:o, s:o, s:o}", "id", c->id, "status", "ok", "formulary",
                     formulary_info(c->trust->formulary), "ranked", list_of(m, sdm_match_count(m), ranked_entry),
                     "excluded", list_of(m, sdm_match_excluded_count(m), excluded_entry), "cards",
                     list_of(m, sdm_match_count(m), card_entry), "record", record(c));
}

static json_t *error_response(const struct consultation *c)
{
    return json_pack("{s:O?, s:s, s:{s:s, s:s, s:s, s:s}}", "id", c->id, "status", "error", "error", "status",
                     status_name(c->status), "description", sdm_strerror(c->status), "where", c->where, "message",
                     c->message);
}

char *consultation_respond(const char *request, size_t len, void *trust)
{
    struct consultation c = {.trust = trust};
    json_t *response = NULL;
    if (run(&c, request, len) == SDM_OK) {
        response = ok_response(&c);
        if (!response)
            fail(&c, SDM_ERR_NO_MEMORY, "response", "out of memory while writing the response");
    }
    if (!response)
        response = error_response(&c);
    char *line = response ? json_dumps(response, JSON_COMPACT) : NULL;
    json_decref(response);
    json_decref(c.request);
    sdm_match_free(c.match);
    sdm_match_options_free(c.options);
    sdm_ranking_free(c.ranking);
    return line;
}
