/*
 * libsdm EHR example - one consultation: read the request, run the match on
 * the Trust's formulary, assemble the response with jansson.
 *
 * Request:  {"id": ..., "ranking": {sdm-ranking}, "options": {sdm-options},
 *            "timestamp": "..."}      (only "ranking" is required)
 * Response: {"id": ..., "status": "ok", "formulary": {...}, "ranked": [...],
 *            "excluded": [...], "cards": [sdm-card...], "record": {sdm-record}}
 *
 * Or, the decision revisited: two decision records of one person compared
 * (the "record" of two earlier responses, the earlier first):
 * Request:  {"id": ..., "compare": {"then": {sdm-record}, "now": {sdm-record}}}
 * Response: {"id": ..., "status": "ok", "comparison": {sdm-record-comparison}}
 *
 * Either may fail:
 *           {"id": ..., "status": "error", "error": {"status": "SDM_ERR_...",
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
    /* A comparison of two records instead of a match (its JSON text). */
    sdm_record *then, *now;
    char *comparison;
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

/* The number of bytes of the UTF-8 character at `p` (1 to 4), or 0 if none
 * starts there (a stray byte, or a character cut short by the end). */
static size_t utf8_char_len(const unsigned char *p)
{
    size_t more = p[0] < 0x80 ? 0 : p[0] >= 0xC2 && p[0] <= 0xDF ? 1 : p[0] >= 0xE0 && p[0] <= 0xEF ? 2
                : p[0] >= 0xF0 && p[0] <= 0xF4 ? 3 : 4;
    if (more == 4)
        return 0;
    for (size_t i = 1; i <= more; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 0;
    /* No overlong forms, surrogates or code points over U+10FFFF. */
    if ((p[0] == 0xE0 && p[1] < 0xA0) || (p[0] == 0xED && p[1] > 0x9F) || (p[0] == 0xF0 && p[1] < 0x90) ||
        (p[0] == 0xF4 && p[1] > 0x8F))
        return 0;
    return more + 1;
}

/* The message goes into a JSON string, which must be UTF-8: a message cut to
 * fit the buffer loses the character cut short, and any byte that is not
 * UTF-8 (jansson quotes the bytes of a bad request) becomes '?'. */
static void make_utf8(char *s, int cut)
{
    size_t n = strlen(s), start = n;
    while (cut && start > 0 && n - start < 4 && (s[start - 1] & 0xC0) == 0x80)
        start--;
    if (cut && start > 0 && (unsigned char)s[start - 1] >= 0xC0 && utf8_char_len((unsigned char *)s + start - 1) == 0)
        s[start - 1] = '\0';
    for (unsigned char *p = (unsigned char *)s; *p;) {
        size_t len = utf8_char_len(p);
        if (len == 0)
            *p = '?';
        p += len ? len : 1;
    }
}

/* Records a failure of our own (a message in `fmt`). */
static sdm_status fail(struct consultation *c, sdm_status st, const char *where, const char *fmt, ...)
{
    va_list ap;
    c->status = st;
    c->where = where;
    va_start(ap, fmt);
    int n = vsnprintf(c->message, sizeof c->message, fmt, ap);
    va_end(ap);
    make_utf8(c->message, n >= (int)sizeof c->message);
    return st;
}

/* Records a failure of libsdm: its message is copied at once, because the
 * next failing call in this thread replaces it. */
static sdm_status fail_sdm(struct consultation *c, sdm_status st, const char *where)
{
    return fail(c, st, where, "%s", sdm_last_error());
}

/* ---- reading the request ------------------------------------------------ */

/* What cannot be a request, found before anything is parsed: a line over
 * the limit (of which only the length is known), an empty one, a NUL byte
 * (jansson would stop there, and a C client would see a shorter line). */
static sdm_status check_line(struct consultation *c, const char *text, size_t len)
{
    if (len > CONSULTATION_MAX_REQUEST)
        return fail(c, SDM_ERR_LIMIT, "request", "the request line is %zu bytes; the limit is %u bytes (1 MiB)", len,
                    CONSULTATION_MAX_REQUEST);
    if (!text)
        return fail(c, SDM_ERR_INVALID_ARGUMENT, "request", "no request text");
    const char *nul = memchr(text, '\0', len);
    if (nul)
        return fail(c, SDM_ERR_PARSE, "request", "not JSON: a NUL byte at byte %zu of the line",
                    (size_t)(nul - text) + 1);
    size_t blank = 0;
    while (blank < len && strchr(" \t\r", text[blank]))
        blank++;
    if (blank == len)
        return fail(c, SDM_ERR_PARSE, "request", "an empty line: every line must be a request (a JSON object)");
    return SDM_OK;
}

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
    /* The limit of sdm_record_to_json(), checked before the match is run. */
    json_t *ts = json_object_get(c->request, "timestamp");
    if (ts && !json_is_string(ts))
        return fail(c, SDM_ERR_SCHEMA, "request", "\"timestamp\" must be a string");
    if (ts && json_string_length(ts) > SDM_MAX_STRING)
        return fail(c, SDM_ERR_LIMIT, "request", "\"timestamp\" is %zu bytes; the limit is %d (SDM_MAX_STRING)",
                    json_string_length(ts), SDM_MAX_STRING);
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

/* ---- two records compared ------------------------------------------------ */

/* A comparison has "id" and "compare" only, and "compare" has "then" and
 * "now" only: a misspelt "thne" would otherwise compare nothing. */
static sdm_status check_compare_keys(struct consultation *c)
{
    const char *key;
    json_t *value;
    json_object_foreach(c->request, key, value) {
        if (strcmp(key, "id") != 0 && strcmp(key, "compare") != 0)
            return fail(c, SDM_ERR_SCHEMA, "request", "unknown key '%s' in a comparison (expected id, compare)", key);
    }
    json_t *compare = json_object_get(c->request, "compare");
    if (!json_is_object(compare))
        return fail(c, SDM_ERR_SCHEMA, "compare", "\"compare\" must be a JSON object of the records \"then\" and "
                    "\"now\"");
    json_object_foreach(compare, key, value) {
        if (strcmp(key, "then") != 0 && strcmp(key, "now") != 0)
            return fail(c, SDM_ERR_SCHEMA, "compare", "unknown key '%s' (expected then, now)", key);
    }
    return SDM_OK;
}

/* Re-opens one of the records: the library checks every field of it. */
static sdm_status read_record(struct consultation *c, const char *key, const char *where, sdm_record **out)
{
    json_t *obj = json_object_get(json_object_get(c->request, "compare"), key);
    if (!obj)
        return fail(c, SDM_ERR_SCHEMA, where, "\"%s\" is missing: a comparison needs the records then and now", key);
    if (!json_is_object(obj))
        return fail(c, SDM_ERR_SCHEMA, where, "\"%s\" must be a decision record (a JSON object)", key);
    char *text = json_dumps(obj, JSON_COMPACT);
    if (!text)
        return fail(c, SDM_ERR_NO_MEMORY, where, "out of memory");
    sdm_status st = sdm_record_from_json(c->trust->catalogue, text, strlen(text), out);
    free(text);
    return st == SDM_OK ? SDM_OK : fail_sdm(c, st, where);
}

static sdm_status compare(struct consultation *c)
{
    sdm_status st;
    if ((st = check_compare_keys(c)) != SDM_OK || (st = read_record(c, "then", "compare.then", &c->then)) != SDM_OK ||
        (st = read_record(c, "now", "compare.now", &c->now)) != SDM_OK)
        return st;
    st = sdm_record_compare(c->then, c->now, &c->comparison);
    return st == SDM_OK ? SDM_OK : fail_sdm(c, st, "compare");
}

/* ---- a consultation ----------------------------------------------------- */

static sdm_status run(struct consultation *c, const char *text, size_t len)
{
    sdm_status st;
    if ((st = check_line(c, text, len)) != SDM_OK || (st = parse_request(c, text, len)) != SDM_OK)
        return st;
    if (json_object_get(c->request, "compare"))
        return compare(c);
    if ((st = check_keys(c)) != SDM_OK ||
        (st = read_ranking(c)) != SDM_OK || (st = read_options(c)) != SDM_OK ||
        (st = add_withdrawals(c)) != SDM_OK)
        return st;
    st = sdm_match_run(c->trust->formulary, c->ranking, c->options, &c->match);
    return st == SDM_OK ? SDM_OK : fail_sdm(c, st, "match");
}

/* ---- the response ------------------------------------------------------- */

/* Every part of the response either is made or records why not: the
 * library's own status and message when a libsdm call fails (a record over
 * a limit is SDM_ERR_LIMIT, not "out of memory"), SDM_ERR_NO_MEMORY when
 * jansson cannot allocate. */
static json_t *made(struct consultation *c, json_t *value, const char *where)
{
    if (!value && c->status == SDM_OK)
        fail(c, SDM_ERR_NO_MEMORY, where, "out of memory while writing the response");
    return value;
}

/* Parses JSON text that libsdm wrote, and frees the text. */
static json_t *embed(struct consultation *c, sdm_status st, char *text, const char *where)
{
    if (st != SDM_OK) {
        fail_sdm(c, st, where);
        return NULL;
    }
    json_t *value = json_loads(text, 0, NULL);
    sdm_free(text);
    return made(c, value, where);
}

static json_t *formulations(const sdm_profile *p)
{
    json_t *list = json_array();
    for (size_t i = 0; list && i < sdm_profile_formulation_count(p); i++) {
        if (json_array_append_new(list, json_string(sdm_profile_formulation(p, i))) != 0) {
            json_decref(list);
            return NULL;
        }
    }
    return list;
}

static json_t *ranked_entry(struct consultation *c, size_t i)
{
    const sdm_match *m = c->match;
    const sdm_profile *p = sdm_match_profile(m, i);
    char *reason = NULL;
    sdm_status st = sdm_match_reason(m, i, &reason);
    if (st != SDM_OK) {
        fail_sdm(c, st, "ranked");
        return NULL;
    }
    json_t *entry = json_pack("{s:i, s:s, s:s, s:f, s:I, s:s, s:o}", "rank", sdm_match_rank(m, i), "id",
                              sdm_profile_id(p), "name", sdm_profile_name(p), "score", sdm_match_score(m, i),
                              "unknown_ratings", (json_int_t)sdm_match_unknown_count(m, i), "reason", reason,
                              "formulations", formulations(p));
    sdm_free(reason);
    return made(c, entry, "ranked");
}

static const char *exclusion_name(sdm_exclusion kind)
{
    switch (kind) {
    case SDM_EXCLUDED_BY_REQUEST: return "by_request";
    case SDM_EXCLUDED_FORMULATION: return "formulation";
    case SDM_EXCLUDED_LICENCE: return "licence";
    case SDM_EXCLUDED_UNKNOWN_RATING: return "unknown_rating";
    case SDM_EXCLUDED_RESTRICTION: return "restriction";
    }
    return "other";
}

static json_t *excluded_entry(struct consultation *c, size_t i)
{
    const sdm_match *m = c->match;
    const sdm_profile *p = sdm_match_excluded_profile(m, i);
    return made(c,
                json_pack("{s:s, s:s, s:s, s:s}", "id", sdm_profile_id(p), "name", sdm_profile_name(p), "kind",
                          exclusion_name(sdm_match_excluded_kind(m, i)), "reason", sdm_match_excluded_reason(m, i)),
                "excluded");
}

/* The card of each ranked medicine, in ranked order, marked with the
 * person's own ranked and helpful side effects. */
static json_t *card_entry(struct consultation *c, size_t i)
{
    char *text = NULL;
    sdm_status st = sdm_card_to_json(sdm_match_profile(c->match, i), sdm_match_ranking(c->match), &text);
    return embed(c, st, text, "cards");
}

static json_t *list_of(struct consultation *c, size_t count, json_t *(*entry)(struct consultation *, size_t),
                       const char *where)
{
    json_t *list = made(c, json_array(), where);
    for (size_t i = 0; list && i < count; i++) {
        json_t *value = entry(c, i);
        if (!value || json_array_append_new(list, value) != 0) {
            made(c, NULL, where);
            json_decref(list);
            return NULL;
        }
    }
    return list;
}

static json_t *formulary_info(struct consultation *c)
{
    const sdm_formulary *f = c->trust->formulary;
    return made(c,
                json_pack("{s:s, s:s, s:s, s:s}", "id", sdm_formulary_name(f), "title", sdm_formulary_title(f),
                          "version", sdm_formulary_version(f), "notice", sdm_formulary_notice(f)),
                "formulary");
}

static json_t *record(struct consultation *c)
{
    const char *timestamp = json_string_value(json_object_get(c->request, "timestamp"));
    char *text = NULL;
    sdm_status st = sdm_record_to_json(c->match, timestamp, &text);
    return embed(c, st, text, "record");
}

/* NULL when a part failed (c says why). */
static json_t *ok_response(struct consultation *c)
{
    const sdm_match *m = c->match;
    json_t *parts[] = {
        formulary_info(c),
        list_of(c, sdm_match_count(m), ranked_entry, "ranked"),
        list_of(c, sdm_match_excluded_count(m), excluded_entry, "excluded"),
        list_of(c, sdm_match_count(m), card_entry, "cards"),
        record(c),
    };
    json_t *response = NULL;
    if (c->status == SDM_OK)
        response = made(c,
                        json_pack("{s:O?, s:s, s:O, s:O, s:O, s:O, s:O}", "id", c->id, "status", "ok", "formulary",
                                  parts[0], "ranked", parts[1], "excluded", parts[2], "cards", parts[3], "record",
                                  parts[4]),
                        "response");
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i++)
        json_decref(parts[i]);
    return response;
}

/* NULL when out of memory (c says so). */
static json_t *comparison_response(struct consultation *c)
{
    char *text = c->comparison;
    c->comparison = NULL; /* embed() frees it */
    json_t *comparison = embed(c, SDM_OK, text, "compare");
    if (!comparison)
        return NULL;
    return made(c, json_pack("{s:O?, s:s, s:o}", "id", c->id, "status", "ok", "comparison", comparison), "response");
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
    if (run(&c, request, len) == SDM_OK)
        response = c.comparison ? comparison_response(&c) : ok_response(&c);
    if (!response)
        response = error_response(&c);
    char *line = response ? json_dumps(response, JSON_COMPACT) : NULL;
    json_decref(response);
    json_decref(c.request);
    sdm_match_free(c.match);
    sdm_match_options_free(c.options);
    sdm_ranking_free(c.ranking);
    sdm_record_free(c.then);
    sdm_record_free(c.now);
    sdm_free(c.comparison);
    return line;
}
