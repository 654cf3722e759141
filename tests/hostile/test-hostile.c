/*
 * libsdm - hostile input: a table of bad documents and bad calls, each with the
 * exact status it must give and a fragment of the message it must produce.
 *
 * Every row runs on its own: the call must return the row's status, leave its
 * out pointers unset, and sdm_last_error() must contain the row's fragment.
 * Documents are written with single quotes ('format') and turned into JSON
 * by dq() before use; rows that need large documents build them. The sizes
 * follow the limits SDM_MAX_* of include/sdm/common.h.
 *
 * Usage: test-hostile [-v] [ROW-NAME...]
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sdm/sdm.h>

/* ---- text helpers ----------------------------------------------------------- */

/* A growable string; every row frees what it builds. */
typedef struct text {
    char *data;
    size_t len, cap;
} text;

static void add_n(text *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 256;
        while (cap < t->len + n + 1)
            cap *= 2;
        char *data = realloc(t->data, cap);
        if (!data) {
            perror("realloc");
            exit(EXIT_FAILURE);
        }
        t->data = data;
        t->cap = cap;
    }
    memcpy(t->data + t->len, s, n);
    t->len += n;
    t->data[t->len] = '\0';
}

static void add(text *t, const char *s)
{
    add_n(t, s, strlen(s));
}

/* Appends with ' turned into ". */
static void addq(text *t, const char *s)
{
    for (; *s; s++)
        add_n(t, *s == '\'' ? "\"" : s, 1);
}

static void addf(text *t, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    addq(t, buf);
}

static void add_repeat(text *t, char c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        add_n(t, &c, 1);
}

static char *repeat(char c, size_t n)
{
    char *s = malloc(n + 1);
    memset(s, c, n);
    s[n] = '\0';
    return s;
}

/* A row's own check failed: says what, and returns a status no such row expects. */
static sdm_status hostile_fail(const char *what)
{
    fprintf(stderr, "%s\n", what);
    return SDM_ERR_INVALID_ARGUMENT;
}

/* ---- shared objects ------------------------------------------------------------ */

static sdm_catalogue *cat;       /* the built-in catalogue */
static sdm_catalogue *small_cat; /* two items, "a" and "b" */
static sdm_formulary *form;      /* the built-in formulary */
static sdm_ranking *ranking;     /* weight_gain 1, dry_mouth 2, helpful night_sleepiness */
static sdm_match *match;         /* form x ranking */

/* Sentinels that no failing call may overwrite. */
static char sentinel_storage[8];
#define SENTINEL ((void *)sentinel_storage)

static int out_was_set; /* set by a row whose out pointer changed */

/* ---- documents --------------------------------------------------------------- */

enum kind { CATALOGUE, FORMULARY, RANKING, OPTIONS, RECORD, CALL };

/* Loads a document of a kind; returns the status and checks the out pointers. */
static sdm_status load(enum kind kind, const char *json, size_t len)
{
    sdm_status st = SDM_OK;
    switch (kind) {
    case CATALOGUE: {
        sdm_catalogue *c = SENTINEL;
        st = sdm_catalogue_load_json(json, len, &c);
        if (st == SDM_OK)
            sdm_catalogue_free(c);
        else
            out_was_set |= c != SENTINEL;
        break;
    }
    case FORMULARY: {
        sdm_formulary *f = SENTINEL;
        st = sdm_formulary_load_json(cat, json, len, &f);
        if (st == SDM_OK)
            sdm_formulary_free(f);
        else
            out_was_set |= f != SENTINEL;
        break;
    }
    case RANKING: {
        sdm_ranking *r = SENTINEL;
        st = sdm_ranking_from_json(cat, json, len, &r);
        if (st == SDM_OK)
            sdm_ranking_free(r);
        else
            out_was_set |= r != SENTINEL;
        break;
    }
    case OPTIONS: {
        sdm_match_options *o = SENTINEL;
        st = sdm_match_options_from_json(json, len, &o);
        if (st == SDM_OK)
            sdm_match_options_free(o);
        else
            out_was_set |= o != SENTINEL;
        break;
    }
    case RECORD: {
        sdm_ranking *r = SENTINEL;
        sdm_match_options *o = SENTINEL;
        char *v = SENTINEL;
        st = sdm_record_load_json(cat, json, len, &r, &o, &v);
        if (st == SDM_OK) {
            sdm_ranking_free(r);
            sdm_match_options_free(o);
            sdm_free(v);
        } else {
            out_was_set |= r != SENTINEL || o != SENTINEL || v != SENTINEL;
        }
        break;
    }
    case CALL:
        break;
    }
    return st;
}

/* A small valid catalogue with `items_json` (single-quoted) as its items. */
#define CAT(items) \
    "{'format': 'sdm-catalogue', 'format_version': 1, 'id': 'c', 'version': '1', " \
    "'groups': [{'id': 'sleep', 'label': 'Sleep'}], 'items': [" items "]}"
#define ITEM(id) "{'id': '" id "', 'label': 'L', 'group': 'sleep'}"

/* A formulary for the built-in catalogue with `meds` (single-quoted) as its medicines. */
#define FORM(meds) \
    "{'format': 'sdm-formulary', 'format_version': 1, 'version': '1', " \
    "'sources': [{'key': 's', 'citation': 'S'}], 'medications': [" meds "]}"
#define MED(ratings) "{'id': 'm', 'name': 'M', 'ratings': {" ratings "}}"

/* A format-2 formulary: one regulatory source 's', the class risks `risks` and
 * one medicine m (tablets and a long-acting injection) with the members `members`. */
#define FORM2(risks, members) \
    "{'format': 'sdm-formulary', 'format_version': 2, 'version': '1', " \
    "'sources': [{'key': 's', 'citation': 'S', 'reliability': 'regulatory'}], 'class_risks': [" risks "], " \
    "'medications': [{'id': 'm', 'name': 'M', 'formulations': ['tablet', 'long_acting_injection'], " \
    "'ratings': {}" members "}]}"
#define RISK2(words) "{'id': 'falls', 'words': '" words "', 'source': 's'}"
#define RISKS2(risk) ", 'serious_risks': [" risk "]"
#define RESTRICTION2(fields) ", 'restrictions': [{'context': 'treatment_resistant', " fields "'source': 's'}]"
#define LICENCE2(fields) ", 'licences': [{'country': 'UK', 'status': 'yes', " fields "'source': 's'}]"
#define PRODUCT2(fields) ", 'products': [{'formulation': 'long_acting_injection', " fields "'source': 's'}]"

#define RANK(body) "{'format': 'sdm-ranking', 'format_version': 1, " body "}"
#define OPTS(body) "{'format': 'sdm-options', 'format_version': 1, " body "}"

/* ---- generated documents (sizes at the limits) --------------------------------- */

/* A catalogue with n items (and one group), or one group too many. */
static void gen_items(text *t, size_t n_items, size_t n_groups)
{
    addq(t, "{'format': 'sdm-catalogue', 'format_version': 1, 'id': 'c', 'version': '1', 'groups': [");
    for (size_t g = 0; g < n_groups; g++)
        addf(t, "%s{'id': 'g%zu', 'label': 'G'}", g ? ", " : "", g);
    add(t, "], \"items\": [");
    for (size_t i = 0; i < n_items; i++)
        addf(t, "%s{'id': 'i%zu', 'label': 'L', 'group': 'g0'}", i ? ", " : "", i);
    add(t, "]}");
}

static void gen_too_many_items(text *t) { gen_items(t, SDM_MAX_ITEMS + 1, 1); }
static void gen_max_items(text *t) { gen_items(t, SDM_MAX_ITEMS, 1); }
static void gen_too_many_groups(text *t) { gen_items(t, 1, SDM_MAX_ITEMS + 1); }

static void gen_meds(text *t, size_t n)
{
    addq(t, "{'format': 'sdm-formulary', 'format_version': 1, 'version': '1', "
            "'sources': [{'key': 's', 'citation': 'S'}], 'medications': [");
    for (size_t i = 0; i < n; i++)
        addf(t, "%s{'id': 'm%zu', 'name': 'M', 'ratings': {}}", i ? ", " : "", i);
    add(t, "]}");
}

static void gen_too_many_meds(text *t) { gen_meds(t, SDM_MAX_MEDICATIONS + 1); }
static void gen_max_meds(text *t) { gen_meds(t, SDM_MAX_MEDICATIONS); }

static void gen_too_many_sources(text *t)
{
    addq(t, "{'format': 'sdm-formulary', 'format_version': 1, 'version': '1', 'sources': [");
    for (size_t i = 0; i <= SDM_MAX_MEDICATIONS; i++)
        addf(t, "%s{'key': 's%zu', 'citation': 'S'}", i ? ", " : "", i);
    addq(t, "], 'medications': [{'id': 'm', 'name': 'M', 'ratings': {}}]}");
}

static void gen_tags(text *t, const char *key, size_t n)
{
    addq(t, "{'format': 'sdm-formulary', 'format_version': 1, 'version': '1', "
            "'sources': [{'key': 's', 'citation': 'S'}], 'medications': [{'id': 'm', 'name': 'M', ");
    addf(t, "'%s': [", key);
    for (size_t i = 0; i < n; i++)
        addf(t, "%s'f%zu'", i ? ", " : "", i);
    addq(t, "], 'ratings': {}}]}");
}

static void gen_too_many_formulations(text *t) { gen_tags(t, "formulations", SDM_MAX_TAGS + 1); }

/* A format-2 medicine with n serious risks (all of one id: the limit is
 * checked before the entries are read, so it is the limit that refuses them). */
static void gen_risks(text *t, size_t n)
{
    addq(t, "{'format': 'sdm-formulary', 'format_version': 2, 'version': '1', 'sources': [{'key': 's', "
            "'citation': 'S', 'reliability': 'regulatory'}], 'medications': [{'id': 'm', 'name': 'M', "
            "'ratings': {}, 'serious_risks': [");
    for (size_t i = 0; i < n; i++)
        addf(t, "%s{'id': 'falls', 'words': 'W%zu', 'source': 's'}", i ? ", " : "", i);
    addq(t, "]}]}");
}

static void gen_too_many_risks(text *t) { gen_risks(t, SDM_MAX_READINGS + 1); }

/* A serious risk whose words are 1 MiB. */
static void gen_risk_words_1mib(text *t)
{
    addq(t, "{'format': 'sdm-formulary', 'format_version': 2, 'version': '1', 'sources': [{'key': 's', "
            "'citation': 'S', 'reliability': 'regulatory'}], 'class_risks': [{'id': 'falls', 'source': 's', "
            "'words': '");
    add_repeat(t, 'x', 1u << 20);
    addq(t, "'}], 'medications': [{'id': 'm', 'name': 'M', 'ratings': {}}]}");
}
static void gen_too_many_licences(text *t) { gen_tags(t, "licensed_in", SDM_MAX_TAGS + 1); }

/* A catalogue whose label is `n` bytes of 'x'. */
static void gen_label(text *t, size_t n)
{
    addq(t, "{'format': 'sdm-catalogue', 'format_version': 1, 'id': 'c', 'version': '1', "
            "'groups': [{'id': 'sleep', 'label': 'Sleep'}], 'items': [{'id': 'a', 'group': 'sleep', 'label': '");
    add_repeat(t, 'x', n);
    addq(t, "'}]}");
}

static void gen_label_max(text *t) { gen_label(t, SDM_MAX_STRING); }
static void gen_label_over(text *t) { gen_label(t, SDM_MAX_STRING + 1); }
static void gen_label_1mib(text *t) { gen_label(t, 1u << 20); }

static void gen_id(text *t, size_t n)
{
    addq(t, "{'format': 'sdm-catalogue', 'format_version': 1, 'id': 'c', 'version': '1', "
            "'groups': [{'id': 'sleep', 'label': 'Sleep'}], 'items': [{'label': 'L', 'group': 'sleep', 'id': '");
    add_repeat(t, 'a', n);
    addq(t, "'}]}");
}

static void gen_id_max(text *t) { gen_id(t, SDM_MAX_ID); }
static void gen_id_over(text *t) { gen_id(t, SDM_MAX_ID + 1); }

/* A document of SDM_MAX_DOCUMENT + 1 bytes: a valid catalogue padded with spaces. */
static void gen_document_over(text *t)
{
    addq(t, CAT(ITEM("a")));
    add_repeat(t, ' ', SDM_MAX_DOCUMENT + 1 - t->len);
}

/* A valid catalogue padded to exactly SDM_MAX_DOCUMENT bytes. */
static void gen_document_max(text *t)
{
    addq(t, CAT(ITEM("a")));
    add_repeat(t, ' ', SDM_MAX_DOCUMENT - t->len);
}

/* Arrays nested 100000 deep in place of the items. */
static void gen_deep(text *t)
{
    addq(t, "{'format': 'sdm-catalogue', 'format_version': 1, 'id': 'c', 'version': '1', "
            "'groups': [{'id': 'sleep', 'label': 'Sleep'}], 'items': ");
    add_repeat(t, '[', 100000);
    add_repeat(t, ']', 100000);
    add(t, "}");
}

/* A ranking whose avoided id is 1 MiB long. */
static void gen_long_rank_id(text *t)
{
    addq(t, "{'avoid': [{'rank': 1, 'id': '");
    add_repeat(t, 'w', 1u << 20);
    addq(t, "'}]}");
}

static void gen_excludes(text *t, size_t n)
{
    addq(t, "{'exclude': [");
    for (size_t i = 0; i < n; i++)
        addf(t, "%s'm%zu'", i ? ", " : "", i);
    add(t, "]}");
}

static void gen_too_many_excludes(text *t) { gen_excludes(t, SDM_MAX_MEDICATIONS + 1); }

/* SDM_MAX_TAGS + 1 licence countries of the formats' vocabulary (there are
 * fewer formulations than the limit, so only countries can reach it). */
static const char *const country_codes[SDM_MAX_TAGS + 1] = {
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ", "BA",
    "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS", "BT"};

static void gen_too_many_required(text *t)
{
    addq(t, "{'require_licences': [");
    for (size_t i = 0; i <= SDM_MAX_TAGS; i++)
        addf(t, "%s'%s'", i ? ", " : "", country_codes[i]);
    add(t, "]}");
}

static void gen_long_reason(text *t)
{
    addq(t, "{'exclude': [{'id': 'clozapine', 'reason': '");
    add_repeat(t, 'r', SDM_MAX_STRING + 1);
    addq(t, "'}]}");
}

static void gen_too_many_weights(text *t)
{
    addq(t, "{'scheme': 'custom', 'weights': [");
    for (int i = 0; i <= SDM_MAX_RANK; i++)
        addf(t, "%s1", i ? ", " : "");
    add(t, "]}");
}

/* The record of `match`, with `from` replaced by `to`. */
static void gen_record_edit(text *t, const char *from, const char *to)
{
    char *rec = NULL;
    if (sdm_record_to_json(match, NULL, &rec) != SDM_OK)
        exit(EXIT_FAILURE);
    char *at = strstr(rec, from);
    if (!at) {
        fprintf(stderr, "record has no '%s'\n", from);
        exit(EXIT_FAILURE);
    }
    add_n(t, rec, (size_t)(at - rec));
    add(t, to);
    add(t, at + strlen(from));
    sdm_free(rec);
}

static void gen_record_bad_rank(text *t) { gen_record_edit(t, "\"rank\": 2", "\"rank\": 9"); }
static void gen_record_bad_scheme(text *t) { gen_record_edit(t, "\"scheme\": \"roc\"", "\"scheme\": \"rock\""); }
static void gen_record_no_version(text *t) { gen_record_edit(t, "\"data_version\"", "\"data_verzion\""); }
/* The record cut just before its "result" member: "{..., " and the end. */
/* The head of a record up to its ranking, by hand. */
#define REC_HEAD "{'format': 'sdm-record', 'format_version': 1, 'library_version': '0.2.0', 'data_version': '1', " \
    "'notice': '', 'formulary': {'id': 'f', 'title': '', 'version': '1', 'catalogue': 'manchester-36', " \
    "'catalogue_version': '1'}, "

static void gen_record_timestamp_object(text *t)
{
    gen_record_edit(t, "\"library_version\"", "\"timestamp\": {\"at\": 1},\n  \"library_version\"");
}
static void gen_record_no_result(text *t) { gen_record_edit(t, "\"result\": {", "\"resul\": {"); }
static void gen_record_completed_by(text *t)
{
    gen_record_edit(t, "\"completed_by\": \"unspecified\",\n  \"ranking\"", "\"completed_by\": \"carer\",\n  \"ranking\"");
}
static void gen_record_two_versions(text *t)
{
    gen_record_edit(t, "\"data_version\": \"2026.12\",\n  \"formulary\"", "\"data_version\": \"2025.01\",\n  \"formulary\"");
}
static void gen_record_rank_edited(text *t)
{
    gen_record_edit(t, "\"Brexpiprazole\",\n        \"rank\": 1", "\"Brexpiprazole\",\n        \"rank\": 3");
}
static void gen_record_terms_edited(text *t)
{
    gen_record_edit(t, "\"effect\": \"weight_gain\",\n        \"label\"", "\"effect\": \"tremor\",\n        \"label\"");
}
static void gen_record_twice(text *t)
{
    gen_record_edit(t, "\"id\": \"brexpiprazole\"", "\"id\": \"amisulpride\"");
}

static void gen_record_truncated(text *t)
{
    char *rec = NULL;
    if (sdm_record_to_json(match, NULL, &rec) != SDM_OK)
        exit(EXIT_FAILURE);
    const char *at = strstr(rec, "\"result\"");
    if (!at)
        exit(EXIT_FAILURE);
    add_n(t, rec, (size_t)(at - rec));
    sdm_free(rec);
}

/* ---- calls ---------------------------------------------------------------------- */

static sdm_ranking *new_ranking(void)
{
    sdm_ranking *r = NULL;
    if (sdm_ranking_new(cat, &r) != SDM_OK)
        exit(EXIT_FAILURE);
    return r;
}

static sdm_match_options *new_options(void)
{
    sdm_match_options *o = NULL;
    if (sdm_match_options_new(&o) != SDM_OK)
        exit(EXIT_FAILURE);
    return o;
}

#define OUT_CHECK(p) (out_was_set |= (void *)(p) != SENTINEL)

static sdm_status c_catalogue_default_null(void) { return sdm_catalogue_default(NULL); }
static sdm_status c_catalogue_load_null_text(void)
{
    sdm_catalogue *c = SENTINEL;
    sdm_status st = sdm_catalogue_load_json(NULL, 10, &c);
    OUT_CHECK(c);
    return st;
}
static sdm_status c_catalogue_load_null_out(void) { return sdm_catalogue_load_json("{}", 2, NULL); }
static sdm_status c_catalogue_file_missing(void)
{
    sdm_catalogue *c = SENTINEL;
    sdm_status st = sdm_catalogue_load_file("/nonexistent/sdm/catalogue.json", &c);
    OUT_CHECK(c);
    return st;
}
static sdm_status c_catalogue_file_dir(void)
{
    sdm_catalogue *c = SENTINEL;
    sdm_status st = sdm_catalogue_load_file("/", &c);
    OUT_CHECK(c);
    return st;
}
static sdm_status c_catalogue_file_null(void)
{
    sdm_catalogue *c = SENTINEL;
    sdm_status st = sdm_catalogue_load_file(NULL, &c);
    OUT_CHECK(c);
    return st;
}
static sdm_status c_catalogue_find_null_cat(void)
{
    size_t i = 7;
    sdm_status st = sdm_catalogue_find(NULL, "a", &i);
    out_was_set |= i != 7;
    return st;
}
static sdm_status c_catalogue_find_null_id(void)
{
    size_t i = 7;
    sdm_status st = sdm_catalogue_find(cat, NULL, &i);
    out_was_set |= i != 7;
    return st;
}
static sdm_status c_catalogue_find_null_index(void) { return sdm_catalogue_find(cat, "weight_gain", NULL); }
static sdm_status c_catalogue_find_typo(void)
{
    size_t i = 7;
    sdm_status st = sdm_catalogue_find(cat, "weight_gian", &i);
    out_was_set |= i != 7;
    return st;
}
static sdm_status c_catalogue_find_1mib(void)
{
    size_t i = 7;
    char *id = repeat('w', 1u << 20);
    sdm_status st = sdm_catalogue_find(cat, id, &i);
    out_was_set |= i != 7;
    free(id);
    return st;
}
static sdm_status c_formulary_default_null_cat(void)
{
    sdm_formulary *f = SENTINEL;
    sdm_status st = sdm_formulary_default(NULL, &f);
    OUT_CHECK(f);
    return st;
}
static sdm_status c_formulary_default_other_cat(void)
{
    sdm_formulary *f = SENTINEL;
    sdm_status st = sdm_formulary_default(small_cat, &f);
    OUT_CHECK(f);
    return st;
}
static sdm_status c_formulary_default_null_out(void) { return sdm_formulary_default(cat, NULL); }
static sdm_status c_formulary_load_null_cat(void)
{
    sdm_formulary *f = SENTINEL;
    sdm_status st = sdm_formulary_load_json(NULL, "{}", 2, &f);
    OUT_CHECK(f);
    return st;
}
static sdm_status c_formulary_to_json_null(void)
{
    char *s = SENTINEL;
    sdm_status st = sdm_formulary_to_json(NULL, &s);
    OUT_CHECK(s);
    return st;
}
static sdm_status c_formulary_to_json_null_out(void) { return sdm_formulary_to_json(form, NULL); }
static sdm_status c_formulary_find_null(void)
{
    sdm_clear_error();
    return sdm_formulary_find(form, NULL) == NULL ? SDM_ERR_INVALID_ARGUMENT : SDM_OK;
}
static sdm_status c_formulary_find_typo(void)
{
    return sdm_formulary_find(form, "olanzepine") == NULL ? SDM_ERR_NOT_FOUND : SDM_OK;
}
static sdm_status c_ranking_new_null_cat(void)
{
    sdm_ranking *r = SENTINEL;
    sdm_status st = sdm_ranking_new(NULL, &r);
    OUT_CHECK(r);
    return st;
}
static sdm_status c_ranking_new_null_out(void) { return sdm_ranking_new(cat, NULL); }
static sdm_status c_ranking_copy_null(void)
{
    sdm_ranking *r = SENTINEL;
    sdm_status st = sdm_ranking_copy(NULL, &r);
    OUT_CHECK(r);
    return st;
}

static sdm_status avoid_rank(int rank)
{
    sdm_ranking *r = new_ranking();
    sdm_status st = sdm_ranking_avoid(r, "weight_gain", rank);
    out_was_set |= sdm_ranking_avoid_count(r) != 0;
    sdm_ranking_free(r);
    return st;
}
static sdm_status c_avoid_rank_0(void) { return avoid_rank(0); }
static sdm_status c_avoid_rank_6(void) { return avoid_rank(6); }
static sdm_status c_avoid_rank_minus_1(void) { return avoid_rank(-1); }
static sdm_status c_avoid_rank_int_max(void) { return avoid_rank(INT_MAX); }
static sdm_status c_avoid_rank_int_min(void) { return avoid_rank(INT_MIN); }
static sdm_status c_avoid_null_ranking(void) { return sdm_ranking_avoid(NULL, "weight_gain", 1); }
static sdm_status c_avoid_null_id(void)
{
    sdm_ranking *r = new_ranking();
    sdm_status st = sdm_ranking_avoid(r, NULL, 1);
    sdm_ranking_free(r);
    return st;
}
static sdm_status c_avoid_unknown(void)
{
    sdm_ranking *r = new_ranking();
    sdm_status st = sdm_ranking_avoid(r, "wieght_gain", 1);
    sdm_ranking_free(r);
    return st;
}
static sdm_status c_avoid_1mib_id(void)
{
    sdm_ranking *r = new_ranking();
    char *id = repeat('w', 1u << 20);
    sdm_status st = sdm_ranking_avoid(r, id, 1);
    free(id);
    sdm_ranking_free(r);
    return st;
}
static sdm_status c_avoid_empty_id(void)
{
    sdm_ranking *r = new_ranking();
    sdm_status st = sdm_ranking_avoid(r, "", 1);
    sdm_ranking_free(r);
    return st;
}
static sdm_status c_avoid_rank_taken(void)
{
    sdm_ranking *r = new_ranking();
    sdm_ranking_avoid(r, "weight_gain", 1);
    sdm_status st = sdm_ranking_avoid(r, "dry_mouth", 1);
    out_was_set |= sdm_ranking_avoid_count(r) != 1;
    sdm_ranking_free(r);
    return st;
}
static sdm_status c_avoid_twice(void)
{
    sdm_ranking *r = new_ranking();
    sdm_ranking_avoid(r, "weight_gain", 1);
    sdm_status st = sdm_ranking_avoid(r, "weight_gain", 2);
    out_was_set |= sdm_ranking_avoid_count(r) != 1;
    sdm_ranking_free(r);
    return st;
}
static sdm_status c_avoid_helpful(void)
{
    sdm_ranking *r = new_ranking();
    sdm_ranking_helpful(r, "night_sleepiness");
    sdm_status st = sdm_ranking_avoid(r, "night_sleepiness", 1);
    out_was_set |= sdm_ranking_avoid_count(r) != 0;
    sdm_ranking_free(r);
    return st;
}
static sdm_status c_helpful_avoided(void)
{
    sdm_ranking *r = new_ranking();
    sdm_ranking_avoid(r, "weight_loss", 1);
    sdm_status st = sdm_ranking_helpful(r, "weight_loss");
    out_was_set |= sdm_ranking_helpful_count(r) != 0;
    sdm_ranking_free(r);
    return st;
}
static sdm_status c_helpful_null(void) { return sdm_ranking_helpful(NULL, "weight_loss"); }
static sdm_status c_remove_not_given(void)
{
    sdm_ranking *r = new_ranking();
    sdm_status st = sdm_ranking_remove(r, "tremor");
    sdm_ranking_free(r);
    return st;
}
static sdm_status max_rank(int k)
{
    sdm_ranking *r = new_ranking();
    sdm_status st = sdm_ranking_set_max_rank(r, k);
    out_was_set |= sdm_ranking_max_rank(r) != SDM_DEFAULT_MAX_RANK;
    sdm_ranking_free(r);
    return st;
}
static sdm_status c_max_rank_0(void) { return max_rank(0); }
static sdm_status c_max_rank_over(void) { return max_rank(SDM_MAX_RANK + 1); }
static sdm_status c_max_rank_below_given(void)
{
    sdm_ranking *r = new_ranking();
    sdm_ranking_avoid(r, "weight_gain", 4);
    sdm_status st = sdm_ranking_set_max_rank(r, 3);
    sdm_ranking_free(r);
    return st;
}
static sdm_status c_max_rank_small_catalogue(void)
{
    sdm_ranking *r = NULL;
    if (sdm_ranking_new(small_cat, &r) != SDM_OK)
        return SDM_OK;
    sdm_status st = sdm_ranking_set_max_rank(r, 3);
    sdm_ranking_free(r);
    return st;
}
static sdm_status c_completed_by_bad(void)
{
    sdm_ranking *r = new_ranking();
    sdm_status st = sdm_ranking_set_completed_by(r, (sdm_completed_by)9);
    sdm_ranking_free(r);
    return st;
}
static sdm_status c_ranking_at_null(void) { return sdm_ranking_at(ranking, 1, NULL); }
static sdm_status c_ranking_at_empty(void)
{
    size_t i = 7;
    sdm_status st = sdm_ranking_at(ranking, 5, &i);
    out_was_set |= i != 7;
    return st;
}
static sdm_status c_ranking_to_json_null(void)
{
    char *s = SENTINEL;
    sdm_status st = sdm_ranking_to_json(NULL, &s);
    OUT_CHECK(s);
    return st;
}
static sdm_status c_ranking_from_json_null_cat(void)
{
    sdm_ranking *r = SENTINEL;
    sdm_status st = sdm_ranking_from_json(NULL, "{}", 2, &r);
    OUT_CHECK(r);
    return st;
}
static sdm_status c_ranking_from_json_null_text(void)
{
    sdm_ranking *r = SENTINEL;
    sdm_status st = sdm_ranking_from_json(cat, NULL, 2, &r);
    OUT_CHECK(r);
    return st;
}
static sdm_status c_options_new_null(void) { return sdm_match_options_new(NULL); }
static sdm_status c_options_copy_null(void)
{
    sdm_match_options *o = SENTINEL;
    sdm_status st = sdm_match_options_copy(NULL, &o);
    OUT_CHECK(o);
    return st;
}
static sdm_status c_scheme_bad(void)
{
    sdm_match_options *o = new_options();
    sdm_status st = sdm_match_options_set_scheme(o, (sdm_weight_scheme)42);
    out_was_set |= sdm_match_options_scheme(o) != SDM_WEIGHTS_ROC;
    sdm_match_options_free(o);
    return st;
}
static sdm_status c_scheme_custom_without_weights(void)
{
    sdm_match_options *o = new_options();
    sdm_status st = sdm_match_options_set_scheme(o, SDM_WEIGHTS_CUSTOM);
    out_was_set |= sdm_match_options_scheme(o) != SDM_WEIGHTS_ROC;
    sdm_match_options_free(o);
    return st;
}
static sdm_status custom_weights(const double *w, size_t n)
{
    sdm_match_options *o = new_options();
    sdm_status st = sdm_match_options_set_custom_weights(o, w, n);
    out_was_set |= sdm_match_options_scheme(o) != SDM_WEIGHTS_ROC;
    sdm_match_options_free(o);
    return st;
}
static sdm_status c_weights_null(void) { return custom_weights(NULL, 1); }
static sdm_status c_weights_none(void)
{
    double w[1] = {1};
    return custom_weights(w, 0);
}
static sdm_status c_weights_too_many(void)
{
    double w[SDM_MAX_RANK + 1];
    for (int i = 0; i <= SDM_MAX_RANK; i++)
        w[i] = 1;
    return custom_weights(w, SDM_MAX_RANK + 1);
}
static sdm_status c_weights_nan(void)
{
    double w[2] = {1, NAN};
    return custom_weights(w, 2);
}
static sdm_status c_weights_inf(void)
{
    double w[2] = {INFINITY, 1};
    return custom_weights(w, 2);
}
static sdm_status c_weights_negative(void)
{
    double w[2] = {1, -0.5};
    return custom_weights(w, 2);
}
static sdm_status c_weights_huge(void)
{
    double w[2] = {1, 1e301};
    return custom_weights(w, 2);
}
static sdm_status c_weights_max(void)
{
    double w[SDM_MAX_RANK];
    for (int i = 0; i < SDM_MAX_RANK; i++)
        w[i] = SDM_MAX_WEIGHT;
    sdm_match_options *o = new_options();
    sdm_status st = sdm_match_options_set_custom_weights(o, w, SDM_MAX_RANK);
    sdm_match_options_free(o);
    return st;
}
static sdm_status c_weights_zero(void)
{
    double w[2] = {0, 0};
    return custom_weights(w, 2);
}
static sdm_status scale(const double *v)
{
    sdm_match_options *o = new_options();
    sdm_status st = sdm_match_options_set_severity_scale(o, v);
    out_was_set |= sdm_match_options_severity(o, 3) != 1.0 || sdm_match_options_severity(o, 1) * 3 != 1.0;
    sdm_match_options_free(o);
    return st;
}
static sdm_status c_scale_null(void) { return scale(NULL); }
static sdm_status c_scale_nan(void)
{
    double v[4] = {0, NAN, 2, 3};
    return scale(v);
}
static sdm_status c_scale_flat(void)
{
    double v[4] = {0, 1, 1, 3};
    return scale(v);
}
static sdm_status c_scale_decreasing(void)
{
    double v[4] = {3, 2, 1, 0};
    return scale(v);
}
static sdm_status c_scale_range_overflows(void)
{
    double v[4] = {-1e308, 0, 1, 1e308};
    return scale(v);
}
static sdm_status c_unknown_policy_bad(void)
{
    sdm_match_options *o = new_options();
    sdm_status st = sdm_match_options_set_unknown_policy(o, (sdm_unknown_policy)-3);
    sdm_match_options_free(o);
    return st;
}
static sdm_status helpful_weight(double w)
{
    sdm_match_options *o = new_options();
    sdm_status st = sdm_match_options_set_helpful_weight(o, w);
    out_was_set |= sdm_match_options_helpful_weight(o) != SDM_HELPFUL_WEIGHT_AUTO;
    sdm_match_options_free(o);
    return st;
}
static sdm_status c_helpful_weight_nan(void) { return helpful_weight(NAN); }
static sdm_status c_helpful_weight_negative(void) { return helpful_weight(-0.5); }
static sdm_status c_helpful_weight_inf(void) { return helpful_weight(INFINITY); }
static sdm_status c_helpful_weight_huge(void) { return helpful_weight(1.7976931348623157e308); }

/* Options written to JSON read back with every bit of their numbers (17 digits). */
static sdm_status c_options_round_trip_exact(void)
{
    sdm_match_options *o = new_options(), *back = NULL;
    double w[3] = {0.1 + 0.2, 1.0 / 3.0, SDM_MAX_WEIGHT}, v[4] = {0, 0.1 + 0.7, 1.0 + 2.0 / 3.0, 3.000000000000001};
    double got[3];
    char *text = NULL;
    sdm_status st = sdm_match_options_set_custom_weights(o, w, 3);
    if (st == SDM_OK)
        st = sdm_match_options_set_severity_scale(o, v);
    if (st == SDM_OK)
        st = sdm_match_options_set_helpful_weight(o, 0.1 + 0.2);
    if (st == SDM_OK)
        st = sdm_match_options_to_json(o, &text);
    if (st == SDM_OK)
        st = sdm_match_options_from_json(text, strlen(text), &back);
    if (st == SDM_OK)
        st = sdm_match_options_weights(back, 3, got);
    if (st == SDM_OK && (memcmp(got, w, sizeof w) != 0 ||
                         sdm_match_options_helpful_weight(back) != 0.1 + 0.2 ||
                         sdm_match_options_severity(back, 1) != sdm_match_options_severity(o, 1) ||
                         sdm_match_options_severity(back, 2) != sdm_match_options_severity(o, 2)))
        st = hostile_fail("a number changed on the way through JSON");
    sdm_free(text);
    sdm_match_options_free(back);
    sdm_match_options_free(o);
    return st;
}
static sdm_status exclude(const char *id, const char *reason)
{
    sdm_match_options *o = new_options();
    sdm_status st = sdm_match_options_exclude(o, id, reason);
    sdm_match_options_free(o);
    return st;
}
static sdm_status c_exclude_null_options(void) { return sdm_match_options_exclude(NULL, "clozapine", NULL); }
static sdm_status c_exclude_null_id(void) { return exclude(NULL, NULL); }
static sdm_status c_exclude_bad_id(void) { return exclude("cloza pine", NULL); }
static sdm_status c_exclude_empty_id(void) { return exclude("", NULL); }
static sdm_status c_exclude_long_id(void)
{
    char *id = repeat('c', SDM_MAX_ID + 1);
    sdm_status st = exclude(id, NULL);
    free(id);
    return st;
}
static sdm_status c_exclude_1mib_id(void)
{
    char *id = repeat('c', 1u << 20);
    sdm_status st = exclude(id, NULL);
    free(id);
    return st;
}
static sdm_status c_exclude_long_reason(void)
{
    char *reason = repeat('r', SDM_MAX_STRING + 1);
    sdm_status st = exclude("clozapine", reason);
    free(reason);
    return st;
}
static sdm_status c_exclude_reason_bad_utf8(void) { return exclude("clozapine", "tried \xff before"); }
static sdm_status c_exclude_reason_overlong(void) { return exclude("clozapine", "\xc0\xaf"); }
static sdm_status c_exclude_reason_surrogate(void) { return exclude("clozapine", "\xed\xa0\x80"); }
static sdm_status c_exclude_reason_truncated(void) { return exclude("clozapine", "caf\xc3"); }
static sdm_status c_exclude_reason_utf8(void) { return exclude("clozapine", "caf\xc3\xa9 \xe2\x80\x93 \xf0\x9f\x92\x8a"); }
/* An empty or blank reason shows the default one, never nothing. */
static sdm_status blank_reason(const char *reason)
{
    sdm_match_options *o = new_options();
    sdm_match *m = NULL;
    sdm_status st = sdm_match_options_exclude(o, "clozapine", reason);
    if (st == SDM_OK)
        st = sdm_match_run(form, ranking, o, &m);
    if (st == SDM_OK && (sdm_match_excluded_count(m) != 1 ||
                         strcmp(sdm_match_excluded_reason(m, 0), "excluded by the prescriber") != 0))
        st = hostile_fail("the exclusion does not show the default reason");
    sdm_match_free(m);
    sdm_match_options_free(o);
    return st;
}
static sdm_status c_exclude_reason_empty(void) { return blank_reason(""); }
static sdm_status c_exclude_reason_blank(void) { return blank_reason(" \t\n "); }
static sdm_status c_exclude_twice(void)
{
    sdm_match_options *o = new_options();
    sdm_match_options_exclude(o, "clozapine", NULL);
    sdm_status st = sdm_match_options_exclude(o, "clozapine", "again");
    sdm_match_options_free(o);
    return st;
}
static sdm_status c_exclude_over_limit(void)
{
    sdm_match_options *o = new_options();
    sdm_status st = SDM_OK;
    char id[32];
    for (int i = 0; i <= SDM_MAX_MEDICATIONS && st == SDM_OK; i++) {
        snprintf(id, sizeof id, "m%d", i);
        st = sdm_match_options_exclude(o, id, NULL);
    }
    sdm_match_options_free(o);
    return st;
}
static sdm_status c_require_null(void)
{
    sdm_match_options *o = new_options();
    sdm_status st = sdm_match_options_require_formulation(o, NULL);
    sdm_match_options_free(o);
    return st;
}
static sdm_status c_require_licence_bad(void)
{
    sdm_match_options *o = new_options();
    sdm_status st = sdm_match_options_require_licence(o, "U K");
    sdm_match_options_free(o);
    return st;
}
static sdm_status c_require_over_limit(void)
{
    sdm_match_options *o = new_options();
    sdm_status st = SDM_OK;
    for (int i = 0; i <= SDM_MAX_TAGS && st == SDM_OK; i++)
        st = sdm_match_options_require_licence(o, country_codes[i]);
    sdm_match_options_free(o);
    return st;
}
static sdm_status c_options_to_json_null_out(void) { return sdm_match_options_to_json(NULL, NULL); }
static sdm_status c_options_from_json_null(void)
{
    sdm_match_options *o = SENTINEL;
    sdm_status st = sdm_match_options_from_json(NULL, 0, &o);
    OUT_CHECK(o);
    return st;
}
static sdm_status c_scheme_from_id_unknown(void)
{
    sdm_weight_scheme s = (sdm_weight_scheme)77;
    sdm_status st = sdm_weight_scheme_from_id("roc ", &s);
    out_was_set |= s != (sdm_weight_scheme)77;
    return st;
}
static sdm_status c_scheme_from_id_null(void) { return sdm_weight_scheme_from_id(NULL, NULL); }
static sdm_status c_weights_k_0(void)
{
    double w[1];
    return sdm_match_options_weights(NULL, 0, w);
}
static sdm_status c_weights_k_over(void)
{
    double w[SDM_MAX_RANK + 1];
    return sdm_match_options_weights(NULL, SDM_MAX_RANK + 1, w);
}
static sdm_status run_match(const sdm_formulary *f, const sdm_ranking *r, const sdm_match_options *o)
{
    sdm_match *m = SENTINEL;
    sdm_status st = sdm_match_run(f, r, o, &m);
    if (st == SDM_OK)
        sdm_match_free(m);
    else
        OUT_CHECK(m);
    return st;
}
static sdm_status c_match_null_formulary(void) { return run_match(NULL, ranking, NULL); }
static sdm_status c_match_null_ranking(void) { return run_match(form, NULL, NULL); }
static sdm_status c_match_null_out(void) { return sdm_match_run(form, ranking, NULL, NULL); }
static sdm_status c_match_gap(void)
{
    sdm_ranking *r = new_ranking();
    sdm_ranking_avoid(r, "weight_gain", 1);
    sdm_ranking_avoid(r, "tremor", 3);
    sdm_status st = run_match(form, r, NULL);
    sdm_ranking_free(r);
    return st;
}
static sdm_status c_match_other_catalogue(void)
{
    sdm_ranking *r = NULL;
    if (sdm_ranking_new(small_cat, &r) != SDM_OK)
        return SDM_OK;
    sdm_status st = run_match(form, r, NULL);
    sdm_ranking_free(r);
    return st;
}
static sdm_status c_match_exclude_unknown_medicine(void)
{
    sdm_match_options *o = new_options();
    sdm_match_options_exclude(o, "olanzepine", NULL);
    sdm_status st = run_match(form, ranking, o);
    sdm_match_options_free(o);
    return st;
}
static sdm_status c_match_custom_too_few(void)
{
    sdm_match_options *o = new_options();
    double w[1] = {1};
    sdm_match_options_set_custom_weights(o, w, 1);
    sdm_status st = run_match(form, ranking, o);
    sdm_match_options_free(o);
    return st;
}
static sdm_status c_reason_out_of_range(void)
{
    char *s = SENTINEL;
    sdm_status st = sdm_match_reason(match, 999, &s);
    OUT_CHECK(s);
    return st;
}
static sdm_status c_reason_null(void)
{
    char *s = SENTINEL;
    sdm_status st = sdm_match_reason(NULL, 0, &s);
    OUT_CHECK(s);
    return st;
}
static sdm_status c_reason_null_out(void) { return sdm_match_reason(match, 0, NULL); }
static sdm_status c_match_to_json_null(void)
{
    char *s = SENTINEL;
    sdm_status st = sdm_match_to_json(NULL, &s);
    OUT_CHECK(s);
    return st;
}
static sdm_status c_card_null_profile(void)
{
    char *s = SENTINEL;
    sdm_status st = sdm_card_text(NULL, NULL, &s);
    OUT_CHECK(s);
    return st;
}
static sdm_status c_card_null_out(void) { return sdm_card_text(sdm_formulary_profile(form, 0), NULL, NULL); }
static sdm_status c_card_other_catalogue(void)
{
    sdm_ranking *r = NULL;
    if (sdm_ranking_new(small_cat, &r) != SDM_OK)
        return SDM_OK;
    char *s = SENTINEL;
    sdm_status st = sdm_card_to_json(sdm_formulary_profile(form, 0), r, &s);
    OUT_CHECK(s);
    sdm_ranking_free(r);
    return st;
}
static sdm_status c_card_format_null_buffer(void)
{
    size_t needed = 7;
    sdm_status st = sdm_card_format(sdm_formulary_profile(form, 0), NULL, NULL, 10, &needed);
    out_was_set |= needed != 7;
    return st;
}
static sdm_status c_record_null(void)
{
    char *s = SENTINEL;
    sdm_status st = sdm_record_to_json(NULL, NULL, &s);
    OUT_CHECK(s);
    return st;
}
static sdm_status c_record_long_timestamp(void)
{
    char *ts = repeat('9', SDM_MAX_STRING + 1);
    char *s = SENTINEL;
    sdm_status st = sdm_record_to_json(match, ts, &s);
    OUT_CHECK(s);
    free(ts);
    return st;
}
static sdm_status c_record_timestamp_bad_utf8(void)
{
    char *s = SENTINEL;
    sdm_status st = sdm_record_to_json(match, "2026-11-22\xc3", &s);
    OUT_CHECK(s);
    return st;
}
static sdm_status c_record_load_null_cat(void)
{
    sdm_ranking *r = SENTINEL;
    sdm_status st = sdm_record_load_json(NULL, "{}", 2, &r, NULL, NULL);
    OUT_CHECK(r);
    return st;
}
static sdm_status c_record_load_null_text(void)
{
    sdm_ranking *r = SENTINEL;
    sdm_status st = sdm_record_load_json(cat, NULL, 5, &r, NULL, NULL);
    OUT_CHECK(r);
    return st;
}
static sdm_status batch(const int32_t *rows, size_t n, size_t k, size_t top)
{
    int32_t best[8];
    return sdm_match_batch(form, NULL, rows, n, k, top, best, NULL);
}
static sdm_status c_batch_null_formulary(void)
{
    int32_t rows[1] = {0}, best[1];
    return sdm_match_batch(NULL, NULL, rows, 1, 1, 1, best, NULL);
}
static sdm_status c_batch_null_rows(void)
{
    int32_t best[1];
    return sdm_match_batch(form, NULL, NULL, 1, 1, 1, best, NULL);
}
static sdm_status c_batch_null_best(void)
{
    int32_t rows[1] = {0};
    return sdm_match_batch(form, NULL, rows, 1, 1, 1, NULL, NULL);
}
static sdm_status c_batch_k_0(void)
{
    int32_t rows[1] = {0};
    return batch(rows, 1, 0, 1);
}
static sdm_status c_batch_k_over(void)
{
    int32_t rows[SDM_MAX_RANK + 1] = {0};
    return batch(rows, 1, SDM_MAX_RANK + 1, 1);
}
static sdm_status c_batch_top_0(void)
{
    int32_t rows[1] = {0};
    return batch(rows, 1, 1, 0);
}
static sdm_status c_batch_index_over(void)
{
    int32_t rows[2] = {0, 36};
    return batch(rows, 1, 2, 1);
}
static sdm_status c_batch_index_int_max(void)
{
    int32_t rows[2] = {0, INT32_MAX};
    return batch(rows, 1, 2, 3);
}
static sdm_status c_batch_duplicate(void)
{
    int32_t rows[6] = {0, 1, 2, 3, 4, 3};
    return batch(rows, 2, 3, 1);
}
static sdm_status c_batch_exclude_unknown(void)
{
    sdm_match_options *o = new_options();
    sdm_match_options_exclude(o, "olanzepine", NULL);
    int32_t rows[1] = {0}, best[1];
    sdm_status st = sdm_match_batch(form, o, rows, 1, 1, 1, best, NULL);
    sdm_match_options_free(o);
    return st;
}
static sdm_status c_batch_after_end(void)
{
    int32_t rows[3] = {0, -1, 4};
    return batch(rows, 1, 3, 1);
}
static sdm_status c_batch_index_minus_2(void)
{
    int32_t rows[2] = {0, -2};
    return batch(rows, 1, 2, 2);
}
/* A row with nothing ranked: no result, not the first medicine by name. */
static sdm_status c_batch_empty_row(void)
{
    int32_t rows[3] = {-1, -1, -1}, best[2] = {7, 7};
    double scores[2] = {0, 0};
    sdm_status st = sdm_match_batch(form, NULL, rows, 1, 3, 2, best, scores);
    if (st == SDM_OK && (best[0] != -1 || best[1] != -1 || !isnan(scores[0])))
        return sdm_clear_error(), SDM_ERR_CONFLICT;
    return st;
}
static sdm_status batch_ext(const int32_t *rows, size_t n, size_t k, const int32_t *helpful, size_t h)
{
    int32_t best[8], ranks[8], tied[8];
    return sdm_match_batch_ext(form, NULL, rows, n, k, helpful, h, 1, best, NULL, ranks, tied);
}
static sdm_status c_batch_ext_null_helpful(void)
{
    int32_t rows[1] = {0};
    return batch_ext(rows, 1, 1, NULL, 1);
}
static sdm_status c_batch_ext_h_over(void)
{
    int32_t rows[1] = {0}, helpful[1] = {1};
    return batch_ext(rows, 1, 1, helpful, SDM_MAX_ITEMS + 1);
}
static sdm_status c_batch_ext_helpful_over(void)
{
    int32_t rows[1] = {0}, helpful[2] = {1, 36};
    return batch_ext(rows, 1, 1, helpful, 2);
}
static sdm_status c_batch_ext_helpful_twice(void)
{
    int32_t rows[1] = {0}, helpful[2] = {1, 1};
    return batch_ext(rows, 1, 1, helpful, 2);
}
static sdm_status c_batch_ext_ranked_and_helpful(void)
{
    int32_t rows[2] = {0, 5}, helpful[2] = {5, -1};
    return batch_ext(rows, 1, 2, helpful, 2);
}
static sdm_status c_batch_ext_too_many_rows(void)
{
    int32_t rows[1] = {0};
    return batch_ext(rows, SIZE_MAX / 3, 3, NULL, 0);
}
static sdm_status c_batch_lexicographic_13(void)
{
    sdm_match_options *o = new_options();
    sdm_match_options_set_scheme(o, SDM_WEIGHTS_LEXICOGRAPHIC);
    int32_t rows[13], best[1];
    for (int c = 0; c < 13; c++)
        rows[c] = c;
    sdm_status st = sdm_match_batch(form, o, rows, 1, 13, 1, best, NULL);
    sdm_match_options_free(o);
    return st;
}
/* Weights double precision cannot keep apart (issue 16, defect 6). */
static sdm_status match_with(const sdm_match_options *o, int k)
{
    sdm_ranking *r = new_ranking();
    sdm_ranking_set_max_rank(r, k);
    for (int rank = 1; rank <= k; rank++)
        sdm_ranking_avoid(r, sdm_catalogue_id(sdm_formulary_catalogue(form), (size_t)rank), rank);
    sdm_status st = run_match(form, r, o);
    sdm_ranking_free(r);
    return st;
}
static sdm_status c_match_lexicographic_13(void)
{
    sdm_match_options *o = new_options();
    sdm_match_options_set_scheme(o, SDM_WEIGHTS_LEXICOGRAPHIC);
    sdm_status st = match_with(o, 13);
    sdm_match_options_free(o);
    return st;
}
static sdm_status c_match_weights_far_apart(void)
{
    sdm_match_options *o = new_options();
    const double w[2] = {1.0, 1e-300};
    sdm_match_options_set_custom_weights(o, w, 2);
    sdm_status st = match_with(o, 2);
    sdm_match_options_free(o);
    return st;
}
static sdm_status c_match_weights_smallest(void)
{
    sdm_match_options *o = new_options();
    const double w[1] = {4.9406564584124654e-324};
    sdm_match_options_set_custom_weights(o, w, 1);
    sdm_status st = match_with(o, 1);
    sdm_match_options_free(o);
    return st;
}
static sdm_status c_match_helpful_weight_dwarfs(void)
{
    sdm_match_options *o = new_options();
    sdm_match_options_set_helpful_weight(o, 1e300);
    sdm_status st = run_match(form, ranking, o);
    sdm_match_options_free(o);
    return st;
}
static sdm_status c_alloc_one_null(void) { return sdm_set_alloc_funcs(malloc, NULL); }
static sdm_status c_strerror_unknown(void)
{
    sdm_clear_error();
    return strcmp(sdm_strerror((sdm_status)12345), "unknown status") == 0 ? SDM_OK : SDM_ERR_INVALID_ARGUMENT;
}


/* ---- NULL for every other pointer parameter ---- */
static sdm_status n_catalogue_file_out(void) { return sdm_catalogue_load_file("/nonexistent", NULL); }
static sdm_status n_formulary_json_text(void)
{
    sdm_formulary *f = SENTINEL;
    sdm_status st = sdm_formulary_load_json(cat, NULL, 3, &f);
    OUT_CHECK(f);
    return st;
}
static sdm_status n_formulary_json_out(void) { return sdm_formulary_load_json(cat, "{}", 2, NULL); }
static sdm_status n_formulary_file_cat(void)
{
    sdm_formulary *f = SENTINEL;
    sdm_status st = sdm_formulary_load_file(NULL, "/nonexistent", &f);
    OUT_CHECK(f);
    return st;
}
static sdm_status n_formulary_file_path(void)
{
    sdm_formulary *f = SENTINEL;
    sdm_status st = sdm_formulary_load_file(cat, NULL, &f);
    OUT_CHECK(f);
    return st;
}
static sdm_status n_formulary_file_out(void) { return sdm_formulary_load_file(cat, "/nonexistent", NULL); }
static sdm_status n_formulary_find_formulary(void)
{
    return sdm_formulary_find(NULL, "olanzapine") == NULL ? SDM_ERR_INVALID_ARGUMENT : SDM_OK;
}
static sdm_status n_ranking_copy_out(void) { return sdm_ranking_copy(ranking, NULL); }
static sdm_status n_helpful_id(void)
{
    sdm_ranking *r = new_ranking();
    sdm_status st = sdm_ranking_helpful(r, NULL);
    sdm_ranking_free(r);
    return st;
}
static sdm_status n_remove_ranking(void) { return sdm_ranking_remove(NULL, "tremor"); }
static sdm_status n_remove_id(void)
{
    sdm_ranking *r = new_ranking();
    sdm_status st = sdm_ranking_remove(r, NULL);
    sdm_ranking_free(r);
    return st;
}
static sdm_status n_set_max_rank(void) { return sdm_ranking_set_max_rank(NULL, 5); }
static sdm_status n_set_completed_by(void) { return sdm_ranking_set_completed_by(NULL, SDM_COMPLETED_BY_CARER); }
static sdm_status n_ranking_at(void)
{
    size_t i = 7;
    sdm_status st = sdm_ranking_at(NULL, 1, &i);
    out_was_set |= i != 7;
    return st;
}
static sdm_status n_validate(void) { return sdm_ranking_validate(NULL); }
static sdm_status n_ranking_to_json_out(void) { return sdm_ranking_to_json(ranking, NULL); }
static sdm_status n_ranking_from_json_out(void) { return sdm_ranking_from_json(cat, "{}", 2, NULL); }
static sdm_status n_options_copy_out(void)
{
    sdm_match_options *o = new_options();
    sdm_status st = sdm_match_options_copy(o, NULL);
    sdm_match_options_free(o);
    return st;
}
static sdm_status n_set_scheme(void) { return sdm_match_options_set_scheme(NULL, SDM_WEIGHTS_ROC); }
static sdm_status n_set_custom_weights(void)
{
    double w[1] = {1};
    return sdm_match_options_set_custom_weights(NULL, w, 1);
}
static sdm_status n_set_severity_scale(void)
{
    double v[4] = {0, 1, 2, 3};
    return sdm_match_options_set_severity_scale(NULL, v);
}
static sdm_status n_set_unknown_policy(void) { return sdm_match_options_set_unknown_policy(NULL, SDM_UNKNOWN_WORST); }
static sdm_status n_set_helpful_weight(void) { return sdm_match_options_set_helpful_weight(NULL, 1.0); }
static sdm_status n_require_formulation_options(void) { return sdm_match_options_require_formulation(NULL, "tablet"); }
static sdm_status n_require_licence_options(void) { return sdm_match_options_require_licence(NULL, "UK"); }
static sdm_status n_require_licence_country(void)
{
    sdm_match_options *o = new_options();
    sdm_status st = sdm_match_options_require_licence(o, NULL);
    sdm_match_options_free(o);
    return st;
}
static sdm_status n_options_weights(void) { return sdm_match_options_weights(NULL, 5, NULL); }
static sdm_status n_scheme_from_id_out(void) { return sdm_weight_scheme_from_id("roc", NULL); }
static sdm_status n_options_from_json_out(void) { return sdm_match_options_from_json("{}", 2, NULL); }
static sdm_status n_match_to_json_out(void) { return sdm_match_to_json(match, NULL); }
static sdm_status n_card_format_profile(void)
{
    char buf[16];
    size_t needed = 7;
    sdm_status st = sdm_card_format(NULL, NULL, buf, sizeof buf, &needed);
    out_was_set |= needed != 7;
    return st;
}
static sdm_status n_card_json_profile(void)
{
    char *s = SENTINEL;
    sdm_status st = sdm_card_to_json(NULL, ranking, &s);
    OUT_CHECK(s);
    return st;
}
static sdm_status n_card_json_out(void) { return sdm_card_to_json(sdm_formulary_profile(form, 0), ranking, NULL); }
static sdm_status n_record_out(void) { return sdm_record_to_json(match, NULL, NULL); }
/* every output of sdm_record_load_json() may be NULL (not wanted) */
static sdm_status n_record_load_no_outputs(void)
{
    char *rec = NULL;
    sdm_status st = sdm_record_to_json(match, NULL, &rec);
    if (st == SDM_OK)
        st = sdm_record_load_json(cat, rec, strlen(rec), NULL, NULL, NULL);
    sdm_free(rec);
    return st;
}
static sdm_status n_get_alloc_funcs(void)
{
    sdm_get_alloc_funcs(NULL, NULL);
    return SDM_OK;
}

/* Getters on NULL and out-of-range arguments return their neutral values. */
static sdm_status c_getters_null(void)
{
    int bad = 0;
    bad |= sdm_catalogue_count(NULL) != 0 || sdm_catalogue_id(NULL, 0) != NULL || sdm_catalogue_id(cat, 36) != NULL;
    bad |= sdm_catalogue_label(cat, (size_t)-1) != NULL || sdm_catalogue_item_group(NULL, 0) != (size_t)-1;
    bad |= sdm_catalogue_group_id(cat, 999) != NULL || sdm_catalogue_name(NULL) != NULL;
    bad |= sdm_catalogue_equal(NULL, cat) != 0 || sdm_catalogue_ref(NULL) != NULL;
    bad |= sdm_formulary_count(NULL) != 0 || sdm_formulary_profile(form, 999) != NULL;
    bad |= sdm_formulary_version(NULL) != NULL || sdm_formulary_source_key(form, 999) != NULL;
    bad |= sdm_profile_id(NULL) != NULL || sdm_profile_rating(NULL, 0) != SDM_RATING_UNKNOWN;
    bad |= sdm_profile_rating(sdm_formulary_profile(form, 0), 36) != SDM_RATING_UNKNOWN;
    bad |= sdm_profile_rating_source(sdm_formulary_profile(form, 0), (size_t)-1) != NULL;
    bad |= sdm_profile_has_formulation(sdm_formulary_profile(form, 0), NULL) != 0;
    bad |= sdm_profile_licensed_in(NULL, "UK") != 0 || sdm_profile_formulation(NULL, 0) != NULL;
    bad |= strcmp(sdm_rating_mark(99), "?") != 0 || strcmp(sdm_rating_mark(-1), "?") != 0;
    bad |= sdm_ranking_avoid_count(NULL) != 0 || sdm_ranking_rank_of(ranking, (size_t)-1) != 0;
    bad |= sdm_ranking_is_helpful(ranking, 999) != 0 || sdm_ranking_helpful_at(ranking, 99) != (size_t)-1;
    bad |= sdm_completed_by_id((sdm_completed_by)-1) != NULL || sdm_weight_scheme_id((sdm_weight_scheme)6) != NULL;
    bad |= sdm_unknown_policy_id((sdm_unknown_policy)4) != NULL;
    bad |= sdm_match_count(NULL) != 0 || sdm_match_profile(match, 999) != NULL || !isnan(sdm_match_score(match, 999));
    bad |= sdm_match_rank(match, 999) != 0 || sdm_match_term_effect(match, 99) != (size_t)-1;
    bad |= !isnan(sdm_match_term_weight(NULL, 0)) || sdm_match_rating(match, 0, 99) != SDM_RATING_UNKNOWN;
    bad |= !isnan(sdm_match_contribution(match, 999, 0)) || sdm_match_excluded_reason(match, 999) != NULL;
    bad |= sdm_match_excluded_kind(NULL, 0) != 0 || sdm_match_data_version(NULL) != NULL;
    bad |= sdm_match_options_severity(NULL, 4) != -1.0 || sdm_match_options_severity(NULL, -1) != -1.0;
    sdm_ranking_clear(NULL);
    sdm_catalogue_free(NULL);
    sdm_formulary_free(NULL);
    sdm_ranking_free(NULL);
    sdm_match_options_free(NULL);
    sdm_match_free(NULL);
    sdm_free(NULL);
    sdm_clear_error();
    return bad ? SDM_ERR_INVALID_ARGUMENT : SDM_OK;
}

/* ---- messages are valid UTF-8 (issue 16, #8) ------------------------------------- */

/* Whether `s` is valid UTF-8: every row's message must be, however the
 * library cut it to fit its fixed buffers (an echoed id at 128 bytes, a
 * JSON path at 192, a key at 64, a message part at 512, the whole at 1,024)
 * and whatever bytes the caller gave. */
static int is_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p++, code, min, more;
        if (c < 0x80)
            continue;
        if (c >= 0xC2 && c <= 0xDF)
            more = 1, min = 0x80;
        else if (c >= 0xE0 && c <= 0xEF)
            more = 2, min = 0x800;
        else if (c >= 0xF0 && c <= 0xF4)
            more = 3, min = 0x10000;
        else
            return 0;
        code = c & (0x3Fu >> more);
        for (; more; more--, p++) {
            if ((*p & 0xC0) != 0x80)
                return 0;
            code = (code << 6) | (*p & 0x3Fu);
        }
        if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
            return 0;
    }
    return 1;
}

/* `prefix` then `n` times "é" (two bytes each). */
static char *accented(const char *prefix, size_t n)
{
    text t = {0};
    add(&t, prefix);
    for (size_t i = 0; i < n; i++)
        add(&t, "\xc3\xa9");
    return t.data;
}

/* The id echoed in "unknown side effect '...'" is cut at 128 bytes: "x" and
 * 100 "é" (201 bytes) must show "x" and 63 "é" (127 bytes), not the first
 * byte of the 64th. */
static sdm_status u_effect_id_cut(void)
{
    char *id = accented("x", 100), *shown = accented("unknown side effect 'x", 63);
    sdm_status st = sdm_ranking_avoid(ranking, id, 1);
    if (strncmp(sdm_last_error(), shown, strlen(shown)) != 0 || sdm_last_error()[strlen(shown)] != '\'')
        st = hostile_fail("the id is not cut after the 63rd whole character");
    free(id);
    free(shown);
    return st;
}

/* The same for a medicine id ("the medicine '...' is not in the formulary"). */
static sdm_status u_medicine_id_cut(void)
{
    char *id = accented("x", 100);
    sdm_status st = sdm_formulary_find(form, id) ? SDM_OK : SDM_ERR_NOT_FOUND;
    free(id);
    return st;
}

/* A message longer than the 1,024-byte buffer (a file path of "é"s, after
 * one and after two ASCII bytes, so that one of the two cuts falls inside a
 * character): cut at a character boundary. */
static sdm_status u_message_cut(void)
{
    sdm_status st = SDM_OK;
    const char *prefixes[] = {"/no-such-dir/", "/no-such-dir/x"};
    for (size_t i = 0; i < 2; i++) {
        char *path = accented(prefixes[i], 600);
        sdm_formulary *f = SENTINEL;
        st = sdm_formulary_load_file(cat, path, &f);
        OUT_CHECK(f);
        if (st == SDM_OK)
            sdm_formulary_free(f);
        if (!is_utf8(sdm_last_error()) || strlen(sdm_last_error()) < 1000)
            st = hostile_fail("a message of over 1,024 bytes is not cut at a character boundary");
        free(path);
        if (st != SDM_ERR_IO)
            break;
    }
    return st;
}

/* A caller's id that is not UTF-8 ("caf" and Latin-1 "é") is shown with '?'. */
static sdm_status u_effect_id_latin1(void)
{
    return sdm_ranking_avoid(ranking, "caf\xe9", 1);
}

/* An unknown key of "x" and 300 "é" in a ranking: the part of the message
 * that names it is cut at 512 bytes. */
static void gen_long_key(text *t)
{
    char *key = accented("x", 300);
    addq(t, "{'format': 'sdm-ranking', 'format_version': 1, '");
    add(t, key);
    addq(t, "': 1}");
    free(key);
}

/* The same key twice: jansson does not name it, the library copies it from
 * the text into 65 bytes. */
static void gen_long_key_twice(text *t)
{
    char *key = accented("x", 40);
    addq(t, "{'");
    add(t, key);
    addq(t, "': 1, '");
    add(t, key);
    addq(t, "': 2}");
    free(key);
}

/* An unknown side effect named in a formulary's ratings: a key of "x" and
 * 150 "é", echoed at most 128 bytes. */
static void gen_rating_key(text *t)
{
    char *key = accented("x", 150);
    addq(t, "{'format': 'sdm-formulary', 'format_version': 1, 'version': '1', "
            "'sources': [{'key': 's', 'citation': 'S'}], 'medications': [{'id': 'm', 'name': 'M', 'ratings': {'");
    add(t, key);
    addq(t, "': {'rating': 1, 'source': 's'}}}]}");
    free(key);
}

/* ---- the table --------------------------------------------------------------- */

typedef struct row {
    const char *name;
    enum kind kind;
    const char *doc;             /* single-quoted JSON, for a document row */
    int raw_nul;                 /* the document goes on after a raw NUL byte */
    void (*generate)(text *t);   /* or a generated document */
    sdm_status (*call)(void);    /* or a call (kind CALL) */
    sdm_status status;
    const char *fragment;        /* must occur in sdm_last_error() ("" for SDM_OK rows) */
} row;

#define DOC(name, kind, doc, status, fragment) {name, kind, doc, 0, NULL, NULL, status, fragment}
#define GEN(name, kind, gen, status, fragment) {name, kind, NULL, 0, gen, NULL, status, fragment}
#define CALL_ROW(name, fn, status, fragment) {name, CALL, NULL, 0, NULL, fn, status, fragment}

static const row rows[] = {
    /* ---- catalogue documents ---- */
    DOC("catalogue: empty document", CATALOGUE, "", SDM_ERR_PARSE, "<json>:1:0: unexpected token near end of file"),
    DOC("catalogue: only spaces", CATALOGUE, "   \n  ", SDM_ERR_PARSE, "<json>:2:2: unexpected token near end of file"),
    DOC("catalogue: truncated", CATALOGUE, "{'format': 'sdm-catalogue', 'format_version': 1, 'id': 'c'", SDM_ERR_PARSE,
        "'}' expected near end of file"),
    DOC("catalogue: truncated in a string", CATALOGUE, "{'format': 'sdm-cata", SDM_ERR_PARSE, "premature end of input"),
    DOC("catalogue: trailing garbage", CATALOGUE, CAT(ITEM("a")) " x", SDM_ERR_PARSE, "end of file expected"),
    DOC("catalogue: top level is an array", CATALOGUE, "[]", SDM_ERR_SCHEMA,
        "expected an sdm-catalogue document (an object), found an array"),
    DOC("catalogue: top level is a string", CATALOGUE, "'sdm-catalogue'", SDM_ERR_SCHEMA, "found a string"),
    DOC("catalogue: top level is a number", CATALOGUE, "36", SDM_ERR_SCHEMA, "found an integer"),
    DOC("catalogue: format missing", CATALOGUE, "{'format_version': 1}", SDM_ERR_SCHEMA, "the key 'format' is missing"),
    DOC("catalogue: wrong format", CATALOGUE, "{'format': 'sdm-formulary', 'format_version': 1}", SDM_ERR_SCHEMA,
        "expected \"sdm-catalogue\", found \"sdm-formulary\""),
    DOC("catalogue: format is a number", CATALOGUE, "{'format': 7, 'format_version': 1}", SDM_ERR_SCHEMA,
        "format: expected a string, found an integer"),
    DOC("catalogue: format_version 2", CATALOGUE, "{'format': 'sdm-catalogue', 'format_version': 2}", SDM_ERR_SCHEMA,
        "version 2 is not supported"),
    DOC("catalogue: format_version a string", CATALOGUE, "{'format': 'sdm-catalogue', 'format_version': '1'}",
        SDM_ERR_SCHEMA, "'format_version' must be an integer, found a string"),
    DOC("catalogue: format_version huge integer", CATALOGUE,
        "{'format': 'sdm-catalogue', 'format_version': 99999999999999999999}", SDM_ERR_PARSE, "too big integer"),
    DOC("catalogue: format_version 1e400", CATALOGUE, "{'format': 'sdm-catalogue', 'format_version': 1e400}",
        SDM_ERR_PARSE, "real number overflow"),
    DOC("catalogue: format_version -1", CATALOGUE, "{'format': 'sdm-catalogue', 'format_version': -1}", SDM_ERR_SCHEMA,
        "'format_version' is -1, outside 0..1000000"),
    DOC("catalogue: unknown top-level key", CATALOGUE,
        "{'format': 'sdm-catalogue', 'format_version': 1, 'id': 'c', 'version': '1', 'colour': 'red', "
        "'groups': [{'id': 'sleep', 'label': 'Sleep'}], 'items': [" ITEM("a") "]}",
        SDM_ERR_SCHEMA, "unknown key 'colour'"),
    DOC("catalogue: items missing", CATALOGUE,
        "{'format': 'sdm-catalogue', 'format_version': 1, 'id': 'c', 'version': '1', 'groups': []}", SDM_ERR_SCHEMA,
        "the key 'items' is missing"),
    DOC("catalogue: items an object", CATALOGUE,
        "{'format': 'sdm-catalogue', 'format_version': 1, 'id': 'c', 'version': '1', 'groups': [], 'items': {}}",
        SDM_ERR_SCHEMA, "'items' must be an array, found an object"),
    DOC("catalogue: no items", CATALOGUE, CAT(""), SDM_ERR_SCHEMA, "items: at least one side effect is needed"),
    DOC("catalogue: no groups", CATALOGUE,
        "{'format': 'sdm-catalogue', 'format_version': 1, 'id': 'c', 'version': '1', 'groups': [], "
        "'items': [" ITEM("a") "]}", SDM_ERR_SCHEMA, "groups: at least one group is needed"),
    DOC("catalogue: item is a string", CATALOGUE, CAT("'a'"), SDM_ERR_SCHEMA, "items[0]: expected an object, found a string"),
    DOC("catalogue: item label missing", CATALOGUE, CAT("{'id': 'a', 'group': 'sleep'}"), SDM_ERR_SCHEMA,
        "items[0]: the key 'label' is missing"),
    DOC("catalogue: label is null", CATALOGUE, CAT("{'id': 'a', 'label': null, 'group': 'sleep'}"), SDM_ERR_SCHEMA,
        "items[0].label: expected a string, found null"),
    DOC("catalogue: duplicate item id", CATALOGUE, CAT(ITEM("a") ", " ITEM("b") ", " ITEM("a")), SDM_ERR_DUPLICATE,
        "items[2]: the side effect id 'a' is given twice"),
    DOC("catalogue: duplicate group id", CATALOGUE,
        "{'format': 'sdm-catalogue', 'format_version': 1, 'id': 'c', 'version': '1', "
        "'groups': [{'id': 'sleep', 'label': 'S'}, {'id': 'sleep', 'label': 'T'}], 'items': [" ITEM("a") "]}",
        SDM_ERR_DUPLICATE, "groups[1]: the group id 'sleep' is given twice"),
    DOC("catalogue: duplicate key in an item", CATALOGUE, CAT("{'id': 'a', 'label': 'L', 'id': 'b', 'group': 'sleep'}"),
        SDM_ERR_DUPLICATE, "key 'id' appears twice in one object"),
    DOC("catalogue: unknown group", CATALOGUE, CAT("{'id': 'a', 'label': 'L', 'group': 'sleeep'}"), SDM_ERR_SCHEMA,
        "unknown group 'sleeep' (did you mean 'sleep'?)"),
    DOC("catalogue: id with a space", CATALOGUE, CAT(ITEM("weight gain")), SDM_ERR_SCHEMA,
        "'weight gain' is not a valid id"),
    DOC("catalogue: empty id", CATALOGUE, CAT(ITEM("")), SDM_ERR_SCHEMA, "'' is not a valid id"),
    DOC("catalogue: commonly_helpful a string", CATALOGUE,
        CAT("{'id': 'a', 'label': 'L', 'group': 'sleep', 'commonly_helpful': 'yes'}"), SDM_ERR_SCHEMA,
        "'commonly_helpful' must be true or false"),
    DOC("catalogue: invalid UTF-8 in a label", CATALOGUE, CAT("{'id': 'a', 'label': 'caf\xc3\x28', 'group': 'sleep'}"),
        SDM_ERR_PARSE, "unable to decode byte 0xc3"),
    DOC("catalogue: overlong UTF-8", CATALOGUE, CAT("{'id': 'a', 'label': '\xc0\xaf', 'group': 'sleep'}"),
        SDM_ERR_PARSE, "unable to decode byte 0xc0"),
    DOC("catalogue: lone surrogate escape", CATALOGUE, CAT("{'id': 'a', 'label': '\\ud800', 'group': 'sleep'}"),
        SDM_ERR_PARSE, "invalid Unicode '\\uD800'"),
    DOC("catalogue: \\u0000 in a label", CATALOGUE, CAT("{'id': 'a', 'label': 'a\\u0000b', 'group': 'sleep'}"),
        SDM_ERR_PARSE, "\\u0000 is not allowed"),
    DOC("catalogue: \\u0000 in a key", CATALOGUE, CAT("{'id': 'a', 'label': 'L', 'group': 'sleep', 'x\\u0000': 1}"),
        SDM_ERR_PARSE, "NUL byte in object key not supported"),
    {"catalogue: raw NUL byte in a label", CATALOGUE, "{'format': 'sdm-catalogue', 'format_version': 1, 'id': 'c', "
        "'version': '1', 'groups': [{'id': 'sleep', 'label': 'Sleep'}], 'items': [{'id': 'a', 'group': 'sleep', 'label': 'x",
        1, NULL, NULL, SDM_ERR_PARSE, "control character 0x0"},
    DOC("catalogue: raw control character", CATALOGUE, CAT("{'id': 'a', 'label': 'a\x01', 'group': 'sleep'}"),
        SDM_ERR_PARSE, "control character 0x1"),
    GEN("catalogue: nested 100000 deep", CATALOGUE, gen_deep, SDM_ERR_PARSE, "maximum parsing depth reached"),
    GEN("catalogue: label of 1 MiB", CATALOGUE, gen_label_1mib, SDM_ERR_LIMIT,
        "items[0].label: the string has 1048576 bytes, more than the limit of 4096"),
    GEN("limit SDM_MAX_STRING: label of 4096 bytes loads", CATALOGUE, gen_label_max, SDM_OK, ""),
    GEN("limit SDM_MAX_STRING: label of 4097 bytes", CATALOGUE, gen_label_over, SDM_ERR_LIMIT,
        "the string has 4097 bytes, more than the limit of 4096"),
    GEN("limit SDM_MAX_ID: id of 64 bytes loads", CATALOGUE, gen_id_max, SDM_OK, ""),
    GEN("limit SDM_MAX_ID: id of 65 bytes", CATALOGUE, gen_id_over, SDM_ERR_LIMIT,
        "items[0].id: the id has 65 bytes, more than the limit of 64"),
    GEN("limit SDM_MAX_ITEMS: 1024 items load", CATALOGUE, gen_max_items, SDM_OK, ""),
    GEN("limit SDM_MAX_ITEMS: 1025 items", CATALOGUE, gen_too_many_items, SDM_ERR_LIMIT,
        "items: 1025 side effects, more than the limit of 1024"),
    GEN("limit SDM_MAX_ITEMS: 1025 groups", CATALOGUE, gen_too_many_groups, SDM_ERR_LIMIT,
        "groups: 1025 groups, more than the limit of 1024"),
    GEN("limit SDM_MAX_DOCUMENT: 16 MiB loads", CATALOGUE, gen_document_max, SDM_OK, ""),
    GEN("limit SDM_MAX_DOCUMENT: 16 MiB + 1", CATALOGUE, gen_document_over, SDM_ERR_LIMIT,
        "the document has 16777217 bytes, more than the limit of 16777216"),

    /* ---- formulary documents (built-in catalogue) ---- */
    DOC("formulary: empty", FORMULARY, "", SDM_ERR_PARSE, "<json>:1:0: unexpected token near end of file"),
    DOC("formulary: truncated", FORMULARY, "{'format': 'sdm-formulary', 'format_version': 1, 'medications': [", SDM_ERR_PARSE,
        "near end of file"),
    DOC("formulary: a catalogue instead", FORMULARY, CAT(ITEM("a")), SDM_ERR_SCHEMA,
        "expected \"sdm-formulary\", found \"sdm-catalogue\""),
    DOC("formulary: version missing", FORMULARY,
        "{'format': 'sdm-formulary', 'format_version': 1, 'sources': [], 'medications': []}", SDM_ERR_SCHEMA,
        "the key 'version' is missing"),
    DOC("formulary: version a number", FORMULARY,
        "{'format': 'sdm-formulary', 'format_version': 1, 'version': 2026.11, 'sources': [], 'medications': []}",
        SDM_ERR_SCHEMA, "version: expected a string, found a number"),
    DOC("formulary: other catalogue", FORMULARY,
        "{'format': 'sdm-formulary', 'format_version': 1, 'version': '1', 'catalogue': 'other-12', "
        "'sources': [], 'medications': [" MED("") "]}", SDM_ERR_SCHEMA,
        "the formulary rates the catalogue 'other-12', but was given 'manchester-36'"),
    DOC("formulary: no medicines", FORMULARY, FORM(""), SDM_ERR_SCHEMA, "at least one medicine is needed"),
    DOC("formulary: unknown side effect", FORMULARY, FORM(MED("'weight_gian': {'rating': 1, 'source': 's'}")),
        SDM_ERR_NOT_FOUND, "unknown side effect 'weight_gian' (not in the catalogue 'manchester-36') (did you mean 'weight_gain'?)"),
    DOC("formulary: rating 4", FORMULARY, FORM(MED("'tremor': {'rating': 4, 'source': 's'}")), SDM_ERR_SCHEMA,
        "the rating must be 0, 1, 2, 3 or \"unknown\""),
    DOC("formulary: rating -1", FORMULARY, FORM(MED("'tremor': {'rating': -1, 'source': 's'}")), SDM_ERR_SCHEMA,
        "ratings.tremor: the rating must be 0, 1, 2, 3"),
    DOC("formulary: rating 2.0", FORMULARY, FORM(MED("'tremor': {'rating': 2.0, 'source': 's'}")), SDM_ERR_SCHEMA,
        "the rating must be 0, 1, 2, 3"),
    DOC("formulary: rating '++'", FORMULARY, FORM(MED("'tremor': {'rating': '++', 'source': 's'}")), SDM_ERR_SCHEMA,
        "the rating must be 0, 1, 2, 3"),
    DOC("formulary: rating huge", FORMULARY, FORM(MED("'tremor': {'rating': 9223372036854775807, 'source': 's'}")),
        SDM_ERR_SCHEMA, "the rating must be 0, 1, 2, 3"),
    DOC("formulary: rating missing", FORMULARY, FORM(MED("'tremor': {'source': 's'}")), SDM_ERR_SCHEMA, "(it is missing)"),
    DOC("formulary: rating a bare number", FORMULARY, FORM(MED("'tremor': 2")), SDM_ERR_SCHEMA,
        "medications[0](m).ratings.tremor: expected an object, found an integer"),
    DOC("formulary: rating without a source", FORMULARY, FORM(MED("'tremor': {'rating': 2}")), SDM_ERR_SCHEMA,
        "the rating 2 names no source"),
    DOC("formulary: unknown rating with a source", FORMULARY, FORM(MED("'tremor': {'rating': 'unknown', 'source': 's'}")),
        SDM_ERR_SCHEMA, "an unknown rating names no source (found 's')"),
    DOC("formulary: source not listed", FORMULARY, FORM(MED("'tremor': {'rating': 1, 'source': 'bnf'}")), SDM_ERR_SCHEMA,
        "the source 'bnf' is not listed in \"sources\""),
    DOC("formulary: ratings an array", FORMULARY, FORM("{'id': 'm', 'name': 'M', 'ratings': []}"), SDM_ERR_SCHEMA,
        "medications[0](m).ratings: expected an object of side effect ids"),
    DOC("formulary: ratings missing", FORMULARY, FORM("{'id': 'm', 'name': 'M'}"), SDM_ERR_SCHEMA,
        "the key 'ratings' is missing"),
    DOC("formulary: duplicate medicine", FORMULARY, FORM(MED("") ", " MED("")), SDM_ERR_DUPLICATE,
        "the medicine id 'm' is given twice"),
    DOC("formulary: duplicate rating key", FORMULARY,
        FORM(MED("'tremor': {'rating': 1, 'source': 's'}, 'tremor': {'rating': 3, 'source': 's'}")), SDM_ERR_DUPLICATE,
        "key 'tremor' appears twice in one object"),
    DOC("formulary: duplicate source", FORMULARY,
        "{'format': 'sdm-formulary', 'format_version': 1, 'version': '1', "
        "'sources': [{'key': 's', 'citation': 'S'}, {'key': 's', 'citation': 'T'}], 'medications': [" MED("") "]}",
        SDM_ERR_DUPLICATE, "sources[1]: the source key 's' is given twice"),
    DOC("formulary: duplicate formulation", FORMULARY,
        FORM("{'id': 'm', 'name': 'M', 'formulations': ['tablet', 'liquid', 'tablet'], 'ratings': {}}"),
        SDM_ERR_DUPLICATE, "formulations[2]: 'tablet' is given twice"),
    DOC("formulary: formulation a number", FORMULARY,
        FORM("{'id': 'm', 'name': 'M', 'formulations': [1], 'ratings': {}}"), SDM_ERR_SCHEMA,
        "formulations[0]: expected a string, found an integer"),
    DOC("formulary: medicine id with a slash", FORMULARY, FORM("{'id': 'a/b', 'name': 'M', 'ratings': {}}"),
        SDM_ERR_SCHEMA, "'a/b' is not a valid id"),
    DOC("formulary: unknown key in a medicine", FORMULARY, FORM("{'id': 'm', 'name': 'M', 'dose': 5, 'ratings': {}}"),
        SDM_ERR_SCHEMA, "unknown key 'dose'"),
    GEN("limit SDM_MAX_MEDICATIONS: 4096 medicines load", FORMULARY, gen_max_meds, SDM_OK, ""),
    GEN("limit SDM_MAX_MEDICATIONS: 4097 medicines", FORMULARY, gen_too_many_meds, SDM_ERR_LIMIT,
        "medications: 4097 medicines, more than the limit of 4096"),
    GEN("limit SDM_MAX_MEDICATIONS: 4097 sources", FORMULARY, gen_too_many_sources, SDM_ERR_LIMIT,
        "sources: 4097 sources, more than the limit of 4096"),
    GEN("limit SDM_MAX_TAGS: 33 formulations", FORMULARY, gen_too_many_formulations, SDM_ERR_LIMIT,
        "'formulations' has 33 entries, more than the limit of 32"),
    GEN("limit SDM_MAX_TAGS: 33 licence countries", FORMULARY, gen_too_many_licences, SDM_ERR_LIMIT,
        "'licensed_in' has 33 entries, more than the limit of 32"),

    /* ---- formulary format 2: serious risks, restrictions, licences, products ---- */
    DOC("formulary 2: the template loads", FORMULARY,
        FORM2("{'id': 'neuroleptic_malignant_syndrome', 'words': 'W', 'source': 's'}",
              RISKS2(RISK2("Falls.")) RESTRICTION2("'requirement': 'R', ") LICENCE2("'date': '2024', ")
              PRODUCT2("'name': 'P', 'interval': 'monthly', ")), SDM_OK, ""),
    DOC("formulary 2: risk words with a line break", FORMULARY, FORM2("", RISKS2(RISK2("Falls.\\n  * Clozapine +"))),
        SDM_ERR_SCHEMA, "medications[0](m).serious_risks[0].words: the text holds a control character or a line "
                        "break (U+000A) at byte 6"),
    DOC("formulary 2: risk words blank", FORMULARY, FORM2("", RISKS2(RISK2("   "))), SDM_ERR_SCHEMA,
        "medications[0](m).serious_risks[0].words: the text is blank"),
    DOC("formulary 2: risk words empty", FORMULARY, FORM2("", RISKS2(RISK2(""))), SDM_ERR_SCHEMA,
        "medications[0](m).serious_risks[0].words: the text is empty"),
    DOC("formulary 2: risk words a number", FORMULARY,
        FORM2("", RISKS2("{'id': 'falls', 'words': 3, 'source': 's'}")), SDM_ERR_SCHEMA,
        "medications[0](m).serious_risks[0].words: expected a string, found an integer"),
    DOC("formulary 2: risk frequency with a bidi override", FORMULARY,
        FORM2("", RISKS2("{'id': 'falls', 'words': 'W', 'frequency': '\\u202e+++', 'source': 's'}")),
        SDM_ERR_SCHEMA, "serious_risks[0].frequency: the text holds a bidirectional control character (U+202E) "
                        "at byte 0"),
    DOC("formulary 2: risk document with ESC", FORMULARY,
        FORM2("", RISKS2("{'id': 'falls', 'words': 'W', 'document': 'a\\u001b[31m', 'source': 's'}")),
        SDM_ERR_SCHEMA, "serious_risks[0].document: the text holds a control character or a line break (U+001B)"),
    DOC("formulary 2: class risk words with NEL", FORMULARY,
        FORM2("{'id': 'falls', 'words': 'a\\u0085b', 'source': 's'}", ""), SDM_ERR_SCHEMA,
        "class_risks[0].words: the text holds a control character or a line break (U+0085)"),
    DOC("formulary 2: unknown risk id", FORMULARY, FORM2("", RISKS2("{'id': 'agranulocytosys', 'words': 'W', "
                                                                     "'source': 's'}")),
        SDM_ERR_NOT_FOUND, "serious_risks[0].id: unknown serious risk 'agranulocytosys' (did you mean "
                           "'agranulocytosis'?)"),
    DOC("formulary 2: risk id with a space", FORMULARY, FORM2("", RISKS2("{'id': 'qt prolongation', 'words': 'W', "
                                                                         "'source': 's'}")),
        SDM_ERR_SCHEMA, "'qt prolongation' is not a valid id"),
    DOC("formulary 2: restriction requirement with U+2028", FORMULARY,
        FORM2("", RESTRICTION2("'requirement': 'Weekly\\u2028blood counts', ")), SDM_ERR_SCHEMA,
        "restrictions[0].requirement: the text holds a control character or a line break (U+2028) at byte 6"),
    DOC("formulary 2: restriction requirement blank", FORMULARY, FORM2("", RESTRICTION2("'requirement': ' ', ")),
        SDM_ERR_SCHEMA, "restrictions[0].requirement: the text is blank"),
    DOC("formulary 2: unknown context", FORMULARY,
        FORM2("", ", 'restrictions': [{'context': 'detained', 'requirement': 'R', 'source': 's'}]"),
        SDM_ERR_NOT_FOUND, "restrictions[0].context: unknown context 'detained' (treatment_resistant, "
                           "observation_available or stabilised_on_oral)"),
    DOC("formulary 2: licence note with a tab", FORMULARY, FORM2("", LICENCE2("'note': 'a\\tb', ")), SDM_ERR_SCHEMA,
        "licences[0].note: the text holds a control character or a line break (U+0009)"),
    DOC("formulary 2: licence status a number", FORMULARY,
        FORM2("", ", 'licences': [{'country': 'UK', 'status': 1, 'source': 's'}]"), SDM_ERR_SCHEMA,
        "licences[0].status: expected a string, found an integer"),
    DOC("formulary 2: licence date 2023-02-29", FORMULARY, FORM2("", LICENCE2("'date': '2023-02-29', ")),
        SDM_ERR_SCHEMA, "date: '2023-02-29' is not an ISO 8601 date"),
    DOC("formulary 2: licence date 2024-02-29 (a leap year)", FORMULARY,
        FORM2("", LICENCE2("'date': '2024-02-29', ")), SDM_OK, ""),
    DOC("formulary 2: licence date 2023-00", FORMULARY, FORM2("", LICENCE2("'date': '2023-00', ")), SDM_ERR_SCHEMA,
        "date: '2023-00' is not an ISO 8601 date"),
    DOC("formulary 2: product name empty", FORMULARY, FORM2("", PRODUCT2("'name': '', ")), SDM_ERR_SCHEMA,
        "products[0].name: the text is empty"),
    DOC("formulary 2: product interval with a line feed", FORMULARY,
        FORM2("", PRODUCT2("'name': 'P', 'interval': 'monthly\\n', ")), SDM_ERR_SCHEMA,
        "products[0].interval: the text holds a control character or a line break (U+000A)"),
    DOC("formulary 2: product note with a bidi isolate", FORMULARY,
        FORM2("", PRODUCT2("'name': 'P', 'note': '\\u2066x', ")), SDM_ERR_SCHEMA,
        "products[0].note: the text holds a bidirectional control character (U+2066)"),
    GEN("formulary 2: risk words of 1 MiB", FORMULARY, gen_risk_words_1mib, SDM_ERR_LIMIT,
        "class_risks[0].words: the string has 1048576 bytes, more than the limit of 4096"),
    GEN("limit SDM_MAX_READINGS: 65 serious risks", FORMULARY, gen_too_many_risks, SDM_ERR_LIMIT,
        "'serious_risks' has 65 entries, more than the limit of 64"),

    /* ---- ranking documents ---- */
    DOC("ranking: empty", RANKING, "", SDM_ERR_PARSE, "<json>:1:0: unexpected token near end of file"),
    DOC("ranking: rank 0", RANKING, RANK("'avoid': [{'id': 'weight_gain', 'rank': 0}]"), SDM_ERR_INVALID_ARGUMENT,
        "avoid[0]: rank 0 for 'weight_gain' is out of range: ranks run from 1 to 5"),
    DOC("ranking: rank 6", RANKING, RANK("'avoid': [{'id': 'weight_gain', 'rank': 6}]"), SDM_ERR_INVALID_ARGUMENT,
        "rank 6 for 'weight_gain' is out of range"),
    DOC("ranking: rank -1", RANKING, RANK("'avoid': [{'id': 'weight_gain', 'rank': -1}]"), SDM_ERR_INVALID_ARGUMENT,
        "rank -1 for 'weight_gain' is out of range"),
    DOC("ranking: rank INT_MAX", RANKING, RANK("'avoid': [{'id': 'weight_gain', 'rank': 2147483647}]"),
        SDM_ERR_INVALID_ARGUMENT, "rank 2147483647 for 'weight_gain' is out of range"),
    DOC("ranking: rank INT_MAX + 1", RANKING, RANK("'avoid': [{'id': 'weight_gain', 'rank': 2147483648}]"), SDM_ERR_SCHEMA,
        "'rank' is 2147483648, outside -2147483648..2147483647"),
    DOC("ranking: rank INT_MIN", RANKING, RANK("'avoid': [{'id': 'weight_gain', 'rank': -2147483648}]"),
        SDM_ERR_INVALID_ARGUMENT, "rank -2147483648 for 'weight_gain' is out of range"),
    DOC("ranking: rank 1.5", RANKING, RANK("'avoid': [{'id': 'weight_gain', 'rank': 1.5}]"), SDM_ERR_SCHEMA,
        "'rank' must be an integer, found a number"),
    DOC("ranking: rank a string", RANKING, RANK("'avoid': [{'id': 'weight_gain', 'rank': '1'}]"), SDM_ERR_SCHEMA,
        "'rank' must be an integer, found a string"),
    DOC("ranking: rank given twice", RANKING,
        RANK("'avoid': [{'id': 'weight_gain', 'rank': 1}, {'id': 'dry_mouth', 'rank': 1}]"), SDM_ERR_DUPLICATE,
        "avoid[1]: rank 1 is already given to 'weight_gain'"),
    DOC("ranking: side effect twice", RANKING, RANK("'avoid': ['weight_gain', 'weight_gain']"), SDM_ERR_DUPLICATE,
        "avoid[1]: 'weight_gain' is already ranked 1"),
    DOC("ranking: avoided and helpful", RANKING, RANK("'avoid': ['weight_loss'], 'helpful': ['weight_loss']"),
        SDM_ERR_CONFLICT, "helpful[0]: 'weight_loss' is ranked 1 to avoid, so it cannot also be helpful"),
    DOC("ranking: helpful twice", RANKING, RANK("'helpful': ['weight_loss', 'weight_loss']"), SDM_ERR_DUPLICATE,
        "helpful[1]: 'weight_loss' is already ticked as helpful"),
    DOC("ranking: unknown side effect", RANKING, RANK("'avoid': ['wieght_gain']"), SDM_ERR_NOT_FOUND,
        "unknown side effect 'wieght_gain' (did you mean 'weight_gain'?)"),
    DOC("ranking: avoid an object", RANKING, RANK("'avoid': {'weight_gain': 1}"), SDM_ERR_SCHEMA,
        "'avoid' must be an array, found an object"),
    DOC("ranking: avoid entry a number", RANKING, RANK("'avoid': [7]"), SDM_ERR_SCHEMA,
        "avoid[0]: expected an object, found an integer"),
    DOC("ranking: avoid entry without id", RANKING, RANK("'avoid': [{'rank': 1}]"), SDM_ERR_SCHEMA,
        "avoid[0]: the key 'id' is missing"),
    DOC("ranking: six plain ids", RANKING, RANK("'avoid': ['weight_gain', 'dry_mouth', 'tremor', 'constipation', "
        "'drooling', 'sweating']"), SDM_ERR_INVALID_ARGUMENT, "avoid[5]: rank 6 for 'sweating' is out of range"),
    DOC("ranking: max_rank 37", RANKING, RANK("'max_rank': 37"), SDM_ERR_SCHEMA, "'max_rank' is 37, outside 1..36"),
    DOC("ranking: max_rank 0", RANKING, RANK("'max_rank': 0"), SDM_ERR_SCHEMA, "'max_rank' is 0, outside 1..36"),
    DOC("ranking: completed_by doctor", RANKING, RANK("'completed_by': 'doctor'"), SDM_ERR_SCHEMA,
        "completed_by is 'doctor'; expected service_user, carer, together or unspecified"),
    DOC("ranking: format of options", RANKING, "{'format': 'sdm-options'}", SDM_ERR_SCHEMA,
        "expected the format \"sdm-ranking\", found \"sdm-options\""),
    DOC("ranking: format_version 2", RANKING, "{'format': 'sdm-ranking', 'format_version': 2}", SDM_ERR_SCHEMA,
        "'format_version' is 2, outside 1..1"),
    DOC("ranking: unknown key", RANKING, RANK("'avoid': [], 'rankings': []"), SDM_ERR_SCHEMA, "unknown key 'rankings'"),
    GEN("ranking: id of 1 MiB", RANKING, gen_long_rank_id, SDM_ERR_LIMIT,
        "avoid[0].id: the string has 1048576 bytes, more than the limit of 4096"),
    DOC("ranking: a gap loads (checked by the match)", RANKING, RANK("'avoid': [{'id': 'tremor', 'rank': 3}]"), SDM_OK, ""),

    /* ---- options documents ---- */
    DOC("options: empty", OPTIONS, "", SDM_ERR_PARSE, "<json>:1:0: unexpected token near end of file"),
    DOC("options: top level an array", OPTIONS, "[1]", SDM_ERR_SCHEMA, "expected an object, found an array"),
    DOC("options: negative weight", OPTIONS, OPTS("'weights': [1, -1]"), SDM_ERR_INVALID_ARGUMENT,
        "weights: the custom weight of rank 2 is -1: weights must be finite and not negative"),
    DOC("options: weight 1e301 (SDM_MAX_WEIGHT)", OPTIONS, OPTS("'weights': [1e301]"), SDM_ERR_INVALID_ARGUMENT,
        "weights: the custom weight of rank 1 is 1e+301"),
    DOC("options: severity range overflows", OPTIONS, OPTS("'severity_scale': [-1e308, 0, 1, 1e308]"),
        SDM_ERR_INVALID_ARGUMENT, "severity_scale: the severity scale runs from -1e+308 to 1e+308"),
    DOC("options: weights all zero", OPTIONS, OPTS("'weights': [0, 0]"), SDM_ERR_INVALID_ARGUMENT,
        "the custom weights are all 0"),
    DOC("options: weights empty", OPTIONS, OPTS("'weights': []"), SDM_ERR_SCHEMA, "'weights' needs 1 to 36 numbers, found 0"),
    DOC("options: weight a string", OPTIONS, OPTS("'weights': [1, 'two']"), SDM_ERR_SCHEMA, "weights[1] must be a number"),
    GEN("options: 37 weights (SDM_MAX_RANK)", OPTIONS, gen_too_many_weights, SDM_ERR_SCHEMA,
        "'weights' needs 1 to 36 numbers, found 37"),
    DOC("options: severity scale of 3", OPTIONS, OPTS("'severity_scale': [0, 1, 2]"), SDM_ERR_SCHEMA,
        "'severity_scale' needs 4 numbers, found 3"),
    DOC("options: severity scale flat", OPTIONS, OPTS("'severity_scale': [0, 1, 1, 3]"), SDM_ERR_INVALID_ARGUMENT,
        "severity_scale: the severity scale must increase: rating 1 is 1, rating 2 is 1"),
    DOC("options: scheme unknown", OPTIONS, OPTS("'scheme': 'magic'"), SDM_ERR_SCHEMA, "unknown weighting scheme 'magic'"),
    DOC("options: scheme custom without weights", OPTIONS, OPTS("'scheme': 'custom'"), SDM_ERR_INVALID_ARGUMENT,
        "scheme: the custom scheme needs weights"),
    DOC("options: unknown policy never", OPTIONS, OPTS("'unknown': 'never'"), SDM_ERR_SCHEMA,
        "unknown: unknown policy for unknown ratings 'never' (middle, worst, exclude or mean)"),
    DOC("options: helpful weight a word", OPTIONS, OPTS("'helpful_weight': 'lots'"), SDM_ERR_SCHEMA,
        "'helpful_weight' must be a number or \"auto\""),
    DOC("options: helpful weight negative", OPTIONS, OPTS("'helpful_weight': -2"), SDM_ERR_SCHEMA,
        "'helpful_weight' is -2: a weight is not negative (write \"auto\" for the weight of the lowest rank)"),
    DOC("options: helpful weight -1 is not \"auto\"", OPTIONS, OPTS("'helpful_weight': -1"), SDM_ERR_SCHEMA,
        "'helpful_weight' is -1: a weight is not negative"),
    DOC("options: custom weights with another scheme", OPTIONS, OPTS("'scheme': 'roc', 'weights': [1, 0.5]"),
        SDM_ERR_SCHEMA, "'weights' are custom weights, but 'scheme' is 'roc'"),
    DOC("options: an unknown key", OPTIONS, OPTS("'synthesys': 'highest'"), SDM_ERR_SCHEMA,
        "unknown key 'synthesys' (did you mean 'synthesis'?)"),
    DOC("options: synthesis misspelt", OPTIONS, OPTS("'synthesis': 'higest'"), SDM_ERR_SCHEMA,
        "synthesis: unknown synthesis rule 'higest' (did you mean 'highest'?)"),
    DOC("options: a formulation not of the vocabulary", OPTIONS, OPTS("'require_formulations': ['injection']"),
        SDM_ERR_NOT_FOUND, "require_formulations[0]: unknown formulation 'injection' (did you mean "
        "'short_acting_injection' or 'long_acting_injection'?)"),
    DOC("options: GB for the United Kingdom", OPTIONS, OPTS("'require_licences': ['GB']"), SDM_ERR_NOT_FOUND,
        "require_licences[0]: unknown licence country 'GB' (did you mean 'UK'?"),
    DOC("options: a reason holding a line break", OPTIONS,
        OPTS("'exclude': [{'id': 'clozapine', 'reason': 'fine\\n  * Olanzapine: best'}]"), SDM_ERR_SCHEMA,
        "exclude[0].reason: the text holds a control character or a line break (U+000A) at byte 4"),
    DOC("options: exclude twice", OPTIONS, OPTS("'exclude': ['clozapine', {'id': 'clozapine', 'reason': 'r'}]"),
        SDM_ERR_DUPLICATE, "exclude[1]: 'clozapine' is already excluded"),
    DOC("options: exclude an invalid id", OPTIONS, OPTS("'exclude': ['cloza pine']"), SDM_ERR_SCHEMA,
        "exclude[0]: 'cloza pine' is not a valid id"),
    DOC("options: exclude entry a number", OPTIONS, OPTS("'exclude': [3]"), SDM_ERR_SCHEMA,
        "exclude[0]: expected an object, found an integer"),
    DOC("options: formulation required twice", OPTIONS, OPTS("'require_formulations': ['tablet', 'tablet']"),
        SDM_ERR_DUPLICATE, "the formulation 'tablet' is already required"),
    DOC("options: licence a number", OPTIONS, OPTS("'require_licences': [44]"), SDM_ERR_SCHEMA,
        "require_licences[0]: expected a string, found an integer"),
    GEN("limit SDM_MAX_STRING: exclusion reason of 4097 bytes", OPTIONS, gen_long_reason, SDM_ERR_LIMIT,
        "exclude[0].reason: the string has 4097 bytes, more than the limit of 4096"),
    GEN("limit SDM_MAX_MEDICATIONS: 4097 exclusions", OPTIONS, gen_too_many_excludes, SDM_ERR_LIMIT,
        "exclude[4096]: more than 4096 medicines excluded"),
    GEN("limit SDM_MAX_TAGS: 33 required licence countries", OPTIONS, gen_too_many_required, SDM_ERR_LIMIT,
        "require_licences[32]: more than 32 licence countries required"),

    /* ---- decision records ---- */
    DOC("record: empty", RECORD, "", SDM_ERR_PARSE, "<json>:1:0: unexpected token near end of file"),
    DOC("record: a ranking instead", RECORD, RANK("'avoid': []"), SDM_ERR_SCHEMA,
        "expected \"sdm-record\", found \"sdm-ranking\""),
    DOC("record: no ranking", RECORD, REC_HEAD "'options': {}}", SDM_ERR_SCHEMA, "the key 'ranking' is missing"),
    DOC("record: ranking a string", RECORD, REC_HEAD "'ranking': 'x', 'options': {}}",
        SDM_ERR_SCHEMA, "ranking: expected an object, found a string"),
    DOC("record: no result", RECORD, REC_HEAD "'completed_by': 'unspecified', 'ranking': {'avoid': []}, 'options': {}}",
        SDM_ERR_SCHEMA, "the key 'result' is missing"),
    GEN("record: timestamp an object", RECORD, gen_record_timestamp_object, SDM_ERR_SCHEMA,
        "timestamp: expected a string, found an object"),
    GEN("record: result removed", RECORD, gen_record_no_result, SDM_ERR_SCHEMA, "unknown key 'resul' (did you mean 'result'?)"),
    GEN("record: a rank edited", RECORD, gen_record_rank_edited, SDM_ERR_SCHEMA,
        "result.ranked[1]: rank 3 at place 2: ranks run 1, 2, 3, ..."),
    GEN("record: completed_by contradicts the ranking", RECORD, gen_record_completed_by, SDM_ERR_SCHEMA,
        "completed_by: who completed the form: 'carer' here, 'unspecified' in the record's ranking"),
    GEN("record: two data versions", RECORD, gen_record_two_versions, SDM_ERR_SCHEMA,
        "formulary.version: the data version is '2026.12' here and '2025.01' at the top of the record"),
    GEN("record: the result's terms not the ranking's", RECORD, gen_record_terms_edited, SDM_ERR_SCHEMA,
        "result.terms[0]: the term 'tremor' is not the ranking's: expected 'weight_gain' at rank 1"),
    GEN("record: a medicine twice in the result", RECORD, gen_record_twice, SDM_ERR_DUPLICATE,
        "result.ranked[1]: the medicine 'amisulpride' is in the result twice"),
    GEN("record: truncated", RECORD, gen_record_truncated, SDM_ERR_PARSE, "string or '}' expected near end of file"),
    GEN("record: rank 9 inside", RECORD, gen_record_bad_rank, SDM_ERR_INVALID_ARGUMENT,
        "ranking.avoid[1]: rank 9 for 'dry_mouth' is out of range"),
    GEN("record: unknown scheme inside", RECORD, gen_record_bad_scheme, SDM_ERR_SCHEMA,
        "options.scheme: unknown weighting scheme 'rock'"),
    GEN("record: data_version misspelt", RECORD, gen_record_no_version, SDM_ERR_SCHEMA, "unknown key 'data_verzion'"),

    /* ---- calls ---- */
    CALL_ROW("call: catalogue_default(NULL)", c_catalogue_default_null, SDM_ERR_INVALID_ARGUMENT, "the out pointer is NULL"),
    CALL_ROW("call: catalogue_load_json(NULL text)", c_catalogue_load_null_text, SDM_ERR_INVALID_ARGUMENT,
        "the JSON text is NULL"),
    CALL_ROW("call: catalogue_load_json(NULL out)", c_catalogue_load_null_out, SDM_ERR_INVALID_ARGUMENT,
        "the out pointer is NULL"),
    CALL_ROW("call: catalogue_load_file(missing)", c_catalogue_file_missing, SDM_ERR_IO,
        "/nonexistent/sdm/catalogue.json: cannot open: No such file or directory"),
    CALL_ROW("call: catalogue_load_file(a directory)", c_catalogue_file_dir, SDM_ERR_IO, "/: read error"),
    CALL_ROW("call: catalogue_load_file(NULL)", c_catalogue_file_null, SDM_ERR_INVALID_ARGUMENT, "the file path is NULL"),
    CALL_ROW("call: catalogue_find(NULL catalogue)", c_catalogue_find_null_cat, SDM_ERR_INVALID_ARGUMENT,
        "sdm_catalogue_find: the catalogue is NULL"),
    CALL_ROW("call: catalogue_find(NULL id)", c_catalogue_find_null_id, SDM_ERR_INVALID_ARGUMENT,
        "sdm_catalogue_find: the id is NULL"),
    CALL_ROW("call: catalogue_find(NULL index)", c_catalogue_find_null_index, SDM_ERR_INVALID_ARGUMENT,
        "sdm_catalogue_find: the index pointer is NULL"),
    CALL_ROW("call: catalogue_find(typo)", c_catalogue_find_typo, SDM_ERR_NOT_FOUND,
        "unknown side effect 'weight_gian' (did you mean 'weight_gain'?)"),
    CALL_ROW("call: catalogue_find(1 MiB id)", c_catalogue_find_1mib, SDM_ERR_NOT_FOUND, "unknown side effect 'www"),
    CALL_ROW("call: formulary_default(NULL catalogue)", c_formulary_default_null_cat, SDM_ERR_INVALID_ARGUMENT,
        "the catalogue is NULL"),
    CALL_ROW("call: formulary_default(other catalogue)", c_formulary_default_other_cat, SDM_ERR_INVALID_ARGUMENT,
        "the built-in formulary rates the built-in catalogue's side effects"),
    CALL_ROW("call: formulary_default(NULL out)", c_formulary_default_null_out, SDM_ERR_INVALID_ARGUMENT,
        "the out pointer is NULL"),
    CALL_ROW("call: formulary_load_json(NULL catalogue)", c_formulary_load_null_cat, SDM_ERR_INVALID_ARGUMENT,
        "the catalogue is NULL"),
    CALL_ROW("call: formulary_to_json(NULL)", c_formulary_to_json_null, SDM_ERR_INVALID_ARGUMENT,
        "sdm_formulary_to_json: the formulary is NULL"),
    CALL_ROW("call: formulary_to_json(NULL out)", c_formulary_to_json_null_out, SDM_ERR_INVALID_ARGUMENT,
        "sdm_formulary_to_json: the out pointer is NULL"),
    CALL_ROW("call: formulary_find(NULL id)", c_formulary_find_null, SDM_ERR_INVALID_ARGUMENT,
        "sdm_formulary_find: the id is NULL"),
    CALL_ROW("call: formulary_find(typo)", c_formulary_find_typo, SDM_ERR_NOT_FOUND,
        "'olanzepine' is not in the formulary (did you mean 'olanzapine'?)"),
    CALL_ROW("call: ranking_new(NULL catalogue)", c_ranking_new_null_cat, SDM_ERR_INVALID_ARGUMENT,
        "sdm_ranking_new: the catalogue is NULL"),
    CALL_ROW("call: ranking_new(NULL out)", c_ranking_new_null_out, SDM_ERR_INVALID_ARGUMENT,
        "sdm_ranking_new: the out pointer is NULL"),
    CALL_ROW("call: ranking_copy(NULL)", c_ranking_copy_null, SDM_ERR_INVALID_ARGUMENT, "sdm_ranking_copy: the ranking is NULL"),
    CALL_ROW("call: ranking_avoid(rank 0)", c_avoid_rank_0, SDM_ERR_INVALID_ARGUMENT,
        "rank 0 for 'weight_gain' is out of range: ranks run from 1 to 5"),
    CALL_ROW("call: ranking_avoid(rank 6)", c_avoid_rank_6, SDM_ERR_INVALID_ARGUMENT, "rank 6 for 'weight_gain' is out of range"),
    CALL_ROW("call: ranking_avoid(rank -1)", c_avoid_rank_minus_1, SDM_ERR_INVALID_ARGUMENT, "rank -1 for"),
    CALL_ROW("call: ranking_avoid(rank INT_MAX)", c_avoid_rank_int_max, SDM_ERR_INVALID_ARGUMENT, "rank 2147483647 for"),
    CALL_ROW("call: ranking_avoid(rank INT_MIN)", c_avoid_rank_int_min, SDM_ERR_INVALID_ARGUMENT, "rank -2147483648 for"),
    CALL_ROW("call: ranking_avoid(NULL ranking)", c_avoid_null_ranking, SDM_ERR_INVALID_ARGUMENT,
        "sdm_ranking_avoid: the ranking is NULL"),
    CALL_ROW("call: ranking_avoid(NULL id)", c_avoid_null_id, SDM_ERR_INVALID_ARGUMENT,
        "sdm_ranking_avoid: the side effect id is NULL"),
    CALL_ROW("call: ranking_avoid(unknown id)", c_avoid_unknown, SDM_ERR_NOT_FOUND, "(did you mean 'weight_gain'?)"),
    CALL_ROW("call: ranking_avoid(1 MiB id)", c_avoid_1mib_id, SDM_ERR_NOT_FOUND, "unknown side effect 'www"),
    CALL_ROW("call: ranking_avoid(empty id)", c_avoid_empty_id, SDM_ERR_NOT_FOUND, "unknown side effect ''"),
    CALL_ROW("call: ranking_avoid(rank taken)", c_avoid_rank_taken, SDM_ERR_DUPLICATE, "rank 1 is already given to 'weight_gain'"),
    CALL_ROW("call: ranking_avoid(twice)", c_avoid_twice, SDM_ERR_DUPLICATE, "'weight_gain' is already ranked 1"),
    CALL_ROW("call: ranking_avoid(helpful)", c_avoid_helpful, SDM_ERR_CONFLICT,
        "'night_sleepiness' is ticked as helpful, so it cannot also be avoided"),
    CALL_ROW("call: ranking_helpful(avoided)", c_helpful_avoided, SDM_ERR_CONFLICT,
        "'weight_loss' is ranked 1 to avoid, so it cannot also be helpful"),
    CALL_ROW("call: ranking_helpful(NULL)", c_helpful_null, SDM_ERR_INVALID_ARGUMENT, "sdm_ranking_helpful: the ranking is NULL"),
    CALL_ROW("call: ranking_remove(not given)", c_remove_not_given, SDM_ERR_NOT_FOUND,
        "'tremor' is neither ranked nor ticked as helpful"),
    CALL_ROW("call: ranking_set_max_rank(0)", c_max_rank_0, SDM_ERR_INVALID_ARGUMENT,
        "the maximum rank 0 is out of range: it runs from 1 to 36"),
    CALL_ROW("call: ranking_set_max_rank(37) (SDM_MAX_RANK)", c_max_rank_over, SDM_ERR_INVALID_ARGUMENT,
        "the maximum rank 37 is out of range: it runs from 1 to 36"),
    CALL_ROW("call: ranking_set_max_rank(below a given rank)", c_max_rank_below_given, SDM_ERR_INVALID_ARGUMENT,
        "the maximum rank 3 is below rank 4, which is given to 'weight_gain'"),
    CALL_ROW("call: ranking_set_max_rank(over the catalogue)", c_max_rank_small_catalogue, SDM_ERR_INVALID_ARGUMENT,
        "the maximum rank 3 is out of range: it runs from 1 to 2"),
    CALL_ROW("call: ranking_set_completed_by(9)", c_completed_by_bad, SDM_ERR_INVALID_ARGUMENT,
        "9 is not a sdm_completed_by value"),
    CALL_ROW("call: ranking_at(NULL index)", c_ranking_at_null, SDM_ERR_INVALID_ARGUMENT, "sdm_ranking_at: the index pointer is NULL"),
    CALL_ROW("call: ranking_at(rank not given)", c_ranking_at_empty, SDM_ERR_NOT_FOUND, "no side effect is ranked 5"),
    CALL_ROW("call: ranking_to_json(NULL)", c_ranking_to_json_null, SDM_ERR_INVALID_ARGUMENT,
        "sdm_ranking_to_json: the ranking is NULL"),
    CALL_ROW("call: ranking_from_json(NULL catalogue)", c_ranking_from_json_null_cat, SDM_ERR_INVALID_ARGUMENT,
        "sdm_ranking_from_json: the catalogue is NULL"),
    CALL_ROW("call: ranking_from_json(NULL text)", c_ranking_from_json_null_text, SDM_ERR_INVALID_ARGUMENT,
        "the JSON text is NULL"),
    CALL_ROW("call: options_new(NULL)", c_options_new_null, SDM_ERR_INVALID_ARGUMENT,
        "sdm_match_options_new: the out pointer is NULL"),
    CALL_ROW("call: options_copy(NULL)", c_options_copy_null, SDM_ERR_INVALID_ARGUMENT,
        "sdm_match_options_copy: the options pointer is NULL"),
    CALL_ROW("call: options_set_scheme(42)", c_scheme_bad, SDM_ERR_INVALID_ARGUMENT, "42 is not a weighting scheme"),
    CALL_ROW("call: options_set_scheme(custom) without weights", c_scheme_custom_without_weights, SDM_ERR_INVALID_ARGUMENT,
        "the custom scheme needs weights"),
    CALL_ROW("call: options_set_custom_weights(NULL)", c_weights_null, SDM_ERR_INVALID_ARGUMENT, "the weights pointer is NULL"),
    CALL_ROW("call: options_set_custom_weights(0 weights)", c_weights_none, SDM_ERR_INVALID_ARGUMENT,
        "0 custom weights: give 1 to 36"),
    CALL_ROW("call: options_set_custom_weights(37) (SDM_MAX_RANK)", c_weights_too_many, SDM_ERR_INVALID_ARGUMENT,
        "37 custom weights: give 1 to 36"),
    CALL_ROW("call: options_set_custom_weights(NaN)", c_weights_nan, SDM_ERR_INVALID_ARGUMENT,
        "the custom weight of rank 2 is nan"),
    CALL_ROW("call: options_set_custom_weights(inf)", c_weights_inf, SDM_ERR_INVALID_ARGUMENT,
        "the custom weight of rank 1 is inf"),
    CALL_ROW("call: options_set_custom_weights(-0.5)", c_weights_negative, SDM_ERR_INVALID_ARGUMENT,
        "the custom weight of rank 2 is -0.5"),
    CALL_ROW("call: options_set_custom_weights(1e301) (SDM_MAX_WEIGHT)", c_weights_huge, SDM_ERR_INVALID_ARGUMENT,
        "the custom weight of rank 2 is 1e+301: weights must be finite and not negative, at most 1e+300"),
    CALL_ROW("call: options_set_custom_weights(36 x SDM_MAX_WEIGHT)", c_weights_max, SDM_OK, ""),
    CALL_ROW("call: options_set_custom_weights(all 0)", c_weights_zero, SDM_ERR_INVALID_ARGUMENT, "the custom weights are all 0"),
    CALL_ROW("call: options_set_severity_scale(NULL)", c_scale_null, SDM_ERR_INVALID_ARGUMENT, "the values pointer is NULL"),
    CALL_ROW("call: options_set_severity_scale(NaN)", c_scale_nan, SDM_ERR_INVALID_ARGUMENT,
        "the severity of rating 1 is not a finite number"),
    CALL_ROW("call: options_set_severity_scale(flat)", c_scale_flat, SDM_ERR_INVALID_ARGUMENT, "the severity scale must increase"),
    CALL_ROW("call: options_set_severity_scale(decreasing)", c_scale_decreasing, SDM_ERR_INVALID_ARGUMENT,
        "rating 0 is 3, rating 1 is 2"),
    CALL_ROW("call: options_set_severity_scale(range overflows)", c_scale_range_overflows, SDM_ERR_INVALID_ARGUMENT,
        "the severity scale runs from -1e+308 to 1e+308: its range is too large to compute with"),
    CALL_ROW("call: options_set_unknown_policy(-3)", c_unknown_policy_bad, SDM_ERR_INVALID_ARGUMENT,
        "-3 is not an unknown-rating policy"),
    CALL_ROW("call: options_set_helpful_weight(NaN)", c_helpful_weight_nan, SDM_ERR_INVALID_ARGUMENT,
        "the helpful weight nan must be finite"),
    CALL_ROW("call: options_set_helpful_weight(-0.5)", c_helpful_weight_negative, SDM_ERR_INVALID_ARGUMENT,
        "the helpful weight -0.5 must be finite and not negative"),
    CALL_ROW("call: options_set_helpful_weight(inf)", c_helpful_weight_inf, SDM_ERR_INVALID_ARGUMENT,
        "the helpful weight inf must be finite"),
    CALL_ROW("call: options_set_helpful_weight(DBL_MAX) (SDM_MAX_WEIGHT)", c_helpful_weight_huge, SDM_ERR_INVALID_ARGUMENT,
        "must be finite and not negative, at most 1e+300"),
    CALL_ROW("call: options JSON round trip keeps every bit", c_options_round_trip_exact, SDM_OK, ""),
    CALL_ROW("call: options_exclude(NULL options)", c_exclude_null_options, SDM_ERR_INVALID_ARGUMENT,
        "sdm_match_options_exclude: the options pointer is NULL"),
    CALL_ROW("call: options_exclude(NULL id)", c_exclude_null_id, SDM_ERR_INVALID_ARGUMENT,
        "sdm_match_options_exclude: the medicine id is NULL"),
    CALL_ROW("call: options_exclude(invalid id)", c_exclude_bad_id, SDM_ERR_INVALID_ARGUMENT, "'cloza pine' is not a valid id"),
    CALL_ROW("call: options_exclude(empty id)", c_exclude_empty_id, SDM_ERR_INVALID_ARGUMENT, "'' is not a valid id"),
    CALL_ROW("call: options_exclude(65-byte id) (SDM_MAX_ID)", c_exclude_long_id, SDM_ERR_LIMIT, "is not a valid id"),
    CALL_ROW("call: options_exclude(1 MiB id)", c_exclude_1mib_id, SDM_ERR_LIMIT, "'cccc"),
    CALL_ROW("call: options_exclude(4097-byte reason) (SDM_MAX_STRING)", c_exclude_long_reason, SDM_ERR_LIMIT,
        "the reason for excluding 'clozapine' is longer than 4096 bytes"),
    CALL_ROW("call: options_exclude(reason with byte 0xff)", c_exclude_reason_bad_utf8, SDM_ERR_INVALID_ARGUMENT,
        "the reason for excluding 'clozapine' is not valid UTF-8"),
    CALL_ROW("call: options_exclude(reason overlong UTF-8)", c_exclude_reason_overlong, SDM_ERR_INVALID_ARGUMENT,
        "is not valid UTF-8"),
    CALL_ROW("call: options_exclude(reason a UTF-16 surrogate)", c_exclude_reason_surrogate, SDM_ERR_INVALID_ARGUMENT,
        "is not valid UTF-8"),
    CALL_ROW("call: options_exclude(reason cut inside a character)", c_exclude_reason_truncated, SDM_ERR_INVALID_ARGUMENT,
        "is not valid UTF-8"),
    CALL_ROW("call: options_exclude(reason in UTF-8) loads", c_exclude_reason_utf8, SDM_OK, ""),
    CALL_ROW("call: options_exclude(reason '') shows the default reason", c_exclude_reason_empty, SDM_OK, ""),
    CALL_ROW("call: options_exclude(reason of white space) shows the default reason", c_exclude_reason_blank, SDM_OK, ""),
    CALL_ROW("call: options_exclude(twice)", c_exclude_twice, SDM_ERR_DUPLICATE, "'clozapine' is already excluded"),
    CALL_ROW("call: options_exclude(4097th) (SDM_MAX_MEDICATIONS)", c_exclude_over_limit, SDM_ERR_LIMIT,
        "more than 4096 medicines excluded"),
    CALL_ROW("call: options_require_formulation(NULL)", c_require_null, SDM_ERR_INVALID_ARGUMENT,
        "sdm_match_options_require_formulation: the formulation is NULL"),
    CALL_ROW("call: options_require_licence(invalid)", c_require_licence_bad, SDM_ERR_INVALID_ARGUMENT,
        "'U K' is not a valid id"),
    CALL_ROW("call: options_require_licence(33rd) (SDM_MAX_TAGS)", c_require_over_limit, SDM_ERR_LIMIT,
        "more than 32 licence countries required"),
    CALL_ROW("call: options_to_json(NULL out)", c_options_to_json_null_out, SDM_ERR_INVALID_ARGUMENT,
        "the out pointer is NULL"),
    CALL_ROW("call: options_from_json(NULL text)", c_options_from_json_null, SDM_ERR_INVALID_ARGUMENT, "the JSON text is NULL"),
    CALL_ROW("call: weight_scheme_from_id('roc ')", c_scheme_from_id_unknown, SDM_ERR_NOT_FOUND,
        "unknown weighting scheme 'roc '"),
    CALL_ROW("call: weight_scheme_from_id(NULL)", c_scheme_from_id_null, SDM_ERR_INVALID_ARGUMENT,
        "sdm_weight_scheme_from_id: the id is NULL"),
    CALL_ROW("call: options_weights(k 0)", c_weights_k_0, SDM_ERR_INVALID_ARGUMENT, "k = 0 is out of range"),
    CALL_ROW("call: options_weights(k 37) (SDM_MAX_RANK)", c_weights_k_over, SDM_ERR_INVALID_ARGUMENT,
        "k = 37 is out of range: it runs from 1 to 36"),
    CALL_ROW("call: match_run(NULL formulary)", c_match_null_formulary, SDM_ERR_INVALID_ARGUMENT,
        "sdm_match_run: the formulary is NULL"),
    CALL_ROW("call: match_run(NULL ranking)", c_match_null_ranking, SDM_ERR_INVALID_ARGUMENT, "sdm_match_run: the ranking is NULL"),
    CALL_ROW("call: match_run(NULL out)", c_match_null_out, SDM_ERR_INVALID_ARGUMENT, "sdm_match_run: the out pointer is NULL"),
    CALL_ROW("call: match_run(a gap in the ranks)", c_match_gap, SDM_ERR_INVALID_ARGUMENT,
        "rank 2 is missing: ranks must run from 1 to 3 without a gap"),
    CALL_ROW("call: match_run(other catalogue)", c_match_other_catalogue, SDM_ERR_INVALID_ARGUMENT,
        "the ranking uses the catalogue 'c' and the formulary 'manchester-36'; they differ"),
    CALL_ROW("call: match_run(exclude an unknown medicine)", c_match_exclude_unknown_medicine, SDM_ERR_NOT_FOUND,
        "the medicine to exclude 'olanzepine' is not in the formulary (did you mean 'olanzapine'?)"),
    CALL_ROW("call: match_run(custom weights too few)", c_match_custom_too_few, SDM_ERR_INVALID_ARGUMENT,
        "the custom weights cover 1 ranks, but the ranking has 2"),
    CALL_ROW("call: match_reason(out of range)", c_reason_out_of_range, SDM_ERR_INVALID_ARGUMENT, "the entry is out of range"),
    CALL_ROW("call: match_reason(NULL)", c_reason_null, SDM_ERR_INVALID_ARGUMENT, "the match is NULL"),
    CALL_ROW("call: match_reason(NULL out)", c_reason_null_out, SDM_ERR_INVALID_ARGUMENT, "the out pointer is NULL"),
    CALL_ROW("call: match_to_json(NULL)", c_match_to_json_null, SDM_ERR_INVALID_ARGUMENT, "sdm_match_to_json: the match is NULL"),
    CALL_ROW("call: card_text(NULL medicine)", c_card_null_profile, SDM_ERR_INVALID_ARGUMENT,
        "sdm_card_text: the medicine is NULL"),
    CALL_ROW("call: card_text(NULL out)", c_card_null_out, SDM_ERR_INVALID_ARGUMENT, "sdm_card_text: the out pointer is NULL"),
    CALL_ROW("call: card_to_json(ranking of another catalogue)", c_card_other_catalogue, SDM_ERR_INVALID_ARGUMENT,
        "sdm_card_to_json: the ranking uses the catalogue 'c', the formulary 'manchester-36'"),
    CALL_ROW("call: card_format(NULL buffer, size 10)", c_card_format_null_buffer, SDM_ERR_INVALID_ARGUMENT,
        "the buffer is NULL but its size is 10"),
    CALL_ROW("call: record_to_json(NULL)", c_record_null, SDM_ERR_INVALID_ARGUMENT, "sdm_record_to_json: the match is NULL"),
    CALL_ROW("call: record_to_json(4097-byte timestamp) (SDM_MAX_STRING)", c_record_long_timestamp, SDM_ERR_LIMIT,
        "the timestamp is longer than 4096 bytes"),
    CALL_ROW("call: record_to_json(timestamp not UTF-8)", c_record_timestamp_bad_utf8, SDM_ERR_INVALID_ARGUMENT,
        "the timestamp is not valid UTF-8"),
    CALL_ROW("call: record_load_json(NULL catalogue)", c_record_load_null_cat, SDM_ERR_INVALID_ARGUMENT,
        "sdm_record_load_json: the catalogue is NULL"),
    CALL_ROW("call: record_load_json(NULL text)", c_record_load_null_text, SDM_ERR_INVALID_ARGUMENT, "the JSON text is NULL"),
    CALL_ROW("call: match_batch(NULL formulary)", c_batch_null_formulary, SDM_ERR_INVALID_ARGUMENT,
        "sdm_match_batch: the formulary is NULL"),
    CALL_ROW("call: match_batch(NULL rankings)", c_batch_null_rows, SDM_ERR_INVALID_ARGUMENT,
        "sdm_match_batch: the rankings is NULL"),
    CALL_ROW("call: match_batch(NULL best)", c_batch_null_best, SDM_ERR_INVALID_ARGUMENT, "sdm_match_batch: the best array is NULL"),
    CALL_ROW("call: match_batch(k 0)", c_batch_k_0, SDM_ERR_INVALID_ARGUMENT, "k = 0; it must be 1 to 36"),
    CALL_ROW("call: match_batch(k 37) (SDM_MAX_RANK)", c_batch_k_over, SDM_ERR_INVALID_ARGUMENT, "k = 37; it must be 1 to 36"),
    CALL_ROW("call: match_batch(top 0)", c_batch_top_0, SDM_ERR_INVALID_ARGUMENT, "top must be at least 1"),
    CALL_ROW("call: match_batch(index 36)", c_batch_index_over, SDM_ERR_INVALID_ARGUMENT,
        "row 0, column 1: side effect index 36 is out of range (0..35)"),
    CALL_ROW("call: match_batch(index INT32_MAX)", c_batch_index_int_max, SDM_ERR_INVALID_ARGUMENT,
        "row 0, column 1: side effect index 2147483647 is out of range"),
    CALL_ROW("call: match_batch(a side effect twice)", c_batch_duplicate, SDM_ERR_DUPLICATE,
        "row 1: side effect index 3 is given twice (columns 0 and 2)"),
    CALL_ROW("call: match_batch(a value after -1)", c_batch_after_end, SDM_ERR_INVALID_ARGUMENT,
        "row 0, column 2: side effect index 4 follows -1 (column 1)"),
    CALL_ROW("call: match_batch(index -2)", c_batch_index_minus_2, SDM_ERR_INVALID_ARGUMENT,
        "row 0, column 1: side effect index -2 is out of range (0..35)"),
    CALL_ROW("call: match_batch(a row with nothing ranked)", c_batch_empty_row, SDM_OK, ""),
    CALL_ROW("call: match_batch(lexicographic, 13 ranks)", c_batch_lexicographic_13, SDM_ERR_LIMIT,
        "row 0: the lexicographic scheme cannot rank 13 side effects in double precision"),
    CALL_ROW("call: match_batch_ext(NULL helpful)", c_batch_ext_null_helpful, SDM_ERR_INVALID_ARGUMENT,
        "sdm_match_batch_ext: the helpful array is NULL"),
    CALL_ROW("call: match_batch_ext(h 1025) (SDM_MAX_ITEMS)", c_batch_ext_h_over, SDM_ERR_INVALID_ARGUMENT,
        "h = 1025; it must be 0 to 1024"),
    CALL_ROW("call: match_batch_ext(helpful index 36)", c_batch_ext_helpful_over, SDM_ERR_INVALID_ARGUMENT,
        "row 0, helpful column 1: side effect index 36 is out of range (0..35)"),
    CALL_ROW("call: match_batch_ext(helpful twice)", c_batch_ext_helpful_twice, SDM_ERR_DUPLICATE,
        "row 0: side effect index 1 is given twice (helpful columns 0 and 1)"),
    CALL_ROW("call: match_batch_ext(ranked and helpful)", c_batch_ext_ranked_and_helpful, SDM_ERR_CONFLICT,
        "row 0: side effect index 5 is both ranked (column 1) and helpful (helpful column 0)"),
    CALL_ROW("call: match_batch_ext(rows x columns overflow)", c_batch_ext_too_many_rows, SDM_ERR_INVALID_ARGUMENT,
        "rows are more than the arrays can hold"),
    CALL_ROW("call: match_run(lexicographic, 13 ranks)", c_match_lexicographic_13, SDM_ERR_LIMIT,
        "the lexicographic scheme cannot rank 13 side effects in double precision"),
    CALL_ROW("call: match_run(custom weights 1 and 1e-300)", c_match_weights_far_apart, SDM_ERR_LIMIT,
        "rank 2's weight (1e-300) is too small beside the others (1 in all)"),
    CALL_ROW("call: match_run(custom weight 4.9e-324)", c_match_weights_smallest, SDM_ERR_LIMIT,
        "rank 1's weight (4.94e-324) is too small"),
    CALL_ROW("call: match_run(helpful weight 1e300)", c_match_helpful_weight_dwarfs, SDM_ERR_LIMIT,
        "rank 1's weight (0.75) is too small beside the others (1e+300 in all)"),
    CALL_ROW("call: match_batch(exclude an unknown medicine)", c_batch_exclude_unknown, SDM_ERR_NOT_FOUND,
        "'olanzepine' is not in the formulary"),
    /* ---- NULL for every other pointer parameter ---- */
    CALL_ROW("null: catalogue_load_file(out)", n_catalogue_file_out, SDM_ERR_INVALID_ARGUMENT, "the out pointer is NULL"),
    CALL_ROW("null: formulary_load_json(json)", n_formulary_json_text, SDM_ERR_INVALID_ARGUMENT, "the JSON text is NULL"),
    CALL_ROW("null: formulary_load_json(out)", n_formulary_json_out, SDM_ERR_INVALID_ARGUMENT, "the out pointer is NULL"),
    CALL_ROW("null: formulary_load_file(catalogue)", n_formulary_file_cat, SDM_ERR_INVALID_ARGUMENT,
        "sdm_formulary_load_file: the catalogue is NULL"),
    CALL_ROW("null: formulary_load_file(path)", n_formulary_file_path, SDM_ERR_INVALID_ARGUMENT, "the file path is NULL"),
    CALL_ROW("null: formulary_load_file(out)", n_formulary_file_out, SDM_ERR_INVALID_ARGUMENT,
        "sdm_formulary_load_file: the out pointer is NULL"),
    CALL_ROW("null: formulary_find(formulary)", n_formulary_find_formulary, SDM_ERR_INVALID_ARGUMENT,
        "sdm_formulary_find: the formulary is NULL"),
    CALL_ROW("null: ranking_copy(out)", n_ranking_copy_out, SDM_ERR_INVALID_ARGUMENT, "sdm_ranking_copy: the out pointer is NULL"),
    CALL_ROW("null: ranking_helpful(id)", n_helpful_id, SDM_ERR_INVALID_ARGUMENT, "sdm_ranking_helpful: the side effect id is NULL"),
    CALL_ROW("null: ranking_remove(ranking)", n_remove_ranking, SDM_ERR_INVALID_ARGUMENT, "sdm_ranking_remove: the ranking is NULL"),
    CALL_ROW("null: ranking_remove(id)", n_remove_id, SDM_ERR_INVALID_ARGUMENT, "sdm_ranking_remove: the side effect id is NULL"),
    CALL_ROW("null: ranking_set_max_rank(ranking)", n_set_max_rank, SDM_ERR_INVALID_ARGUMENT,
        "sdm_ranking_set_max_rank: the ranking is NULL"),
    CALL_ROW("null: ranking_set_completed_by(ranking)", n_set_completed_by, SDM_ERR_INVALID_ARGUMENT,
        "sdm_ranking_set_completed_by: the ranking is NULL"),
    CALL_ROW("null: ranking_at(ranking)", n_ranking_at, SDM_ERR_INVALID_ARGUMENT, "sdm_ranking_at: the ranking is NULL"),
    CALL_ROW("null: ranking_validate(ranking)", n_validate, SDM_ERR_INVALID_ARGUMENT, "sdm_ranking_validate: the ranking is NULL"),
    CALL_ROW("null: ranking_to_json(out)", n_ranking_to_json_out, SDM_ERR_INVALID_ARGUMENT,
        "sdm_ranking_to_json: the out pointer is NULL"),
    CALL_ROW("null: ranking_from_json(out)", n_ranking_from_json_out, SDM_ERR_INVALID_ARGUMENT,
        "sdm_ranking_from_json: the out pointer is NULL"),
    CALL_ROW("null: options_copy(out)", n_options_copy_out, SDM_ERR_INVALID_ARGUMENT, "sdm_match_options_copy: the out pointer is NULL"),
    CALL_ROW("null: options_set_scheme(options)", n_set_scheme, SDM_ERR_INVALID_ARGUMENT,
        "sdm_match_options_set_scheme: the options are NULL"),
    CALL_ROW("null: options_set_custom_weights(options)", n_set_custom_weights, SDM_ERR_INVALID_ARGUMENT,
        "sdm_match_options_set_custom_weights: the options pointer is NULL"),
    CALL_ROW("null: options_set_severity_scale(options)", n_set_severity_scale, SDM_ERR_INVALID_ARGUMENT,
        "sdm_match_options_set_severity_scale: the options pointer is NULL"),
    CALL_ROW("null: options_set_unknown_policy(options)", n_set_unknown_policy, SDM_ERR_INVALID_ARGUMENT,
        "sdm_match_options_set_unknown_policy: the options are NULL"),
    CALL_ROW("null: options_set_helpful_weight(options)", n_set_helpful_weight, SDM_ERR_INVALID_ARGUMENT,
        "sdm_match_options_set_helpful_weight: the options are NULL"),
    CALL_ROW("null: options_require_formulation(options)", n_require_formulation_options, SDM_ERR_INVALID_ARGUMENT,
        "sdm_match_options_require_formulation: the options pointer is NULL"),
    CALL_ROW("null: options_require_licence(options)", n_require_licence_options, SDM_ERR_INVALID_ARGUMENT,
        "sdm_match_options_require_licence: the options pointer is NULL"),
    CALL_ROW("null: options_require_licence(country)", n_require_licence_country, SDM_ERR_INVALID_ARGUMENT,
        "sdm_match_options_require_licence: the country is NULL"),
    CALL_ROW("null: options_weights(weights)", n_options_weights, SDM_ERR_INVALID_ARGUMENT,
        "sdm_match_options_weights: the weights pointer is NULL"),
    CALL_ROW("null: weight_scheme_from_id(scheme)", n_scheme_from_id_out, SDM_ERR_INVALID_ARGUMENT,
        "sdm_weight_scheme_from_id: the out pointer is NULL"),
    CALL_ROW("null: options_from_json(out)", n_options_from_json_out, SDM_ERR_INVALID_ARGUMENT,
        "sdm_match_options_from_json: the out pointer is NULL"),
    CALL_ROW("null: match_to_json(out)", n_match_to_json_out, SDM_ERR_INVALID_ARGUMENT, "sdm_match_to_json: the out pointer is NULL"),
    CALL_ROW("null: card_format(medicine)", n_card_format_profile, SDM_ERR_INVALID_ARGUMENT, "sdm_card_format: the medicine is NULL"),
    CALL_ROW("null: card_to_json(medicine)", n_card_json_profile, SDM_ERR_INVALID_ARGUMENT, "sdm_card_to_json: the medicine is NULL"),
    CALL_ROW("null: card_to_json(out)", n_card_json_out, SDM_ERR_INVALID_ARGUMENT, "sdm_card_to_json: the out pointer is NULL"),
    CALL_ROW("null: record_to_json(out)", n_record_out, SDM_ERR_INVALID_ARGUMENT, "sdm_record_to_json: the out pointer is NULL"),
    CALL_ROW("null: record_load_json(every output) is allowed", n_record_load_no_outputs, SDM_OK, ""),
    CALL_ROW("null: get_alloc_funcs(both) is allowed", n_get_alloc_funcs, SDM_OK, ""),
    CALL_ROW("call: set_alloc_funcs(malloc, NULL)", c_alloc_one_null, SDM_ERR_INVALID_ARGUMENT, "give both functions or neither"),
    CALL_ROW("utf8: an effect id cut at 128 bytes", u_effect_id_cut, SDM_ERR_NOT_FOUND, "unknown side effect 'x\xc3\xa9"),
    CALL_ROW("utf8: a medicine id cut at 128 bytes", u_medicine_id_cut, SDM_ERR_NOT_FOUND, "'x\xc3\xa9"),
    CALL_ROW("utf8: a message cut at 1,024 bytes", u_message_cut, SDM_ERR_IO, "/no-such-dir/"),
    CALL_ROW("utf8: an effect id in Latin-1", u_effect_id_latin1, SDM_ERR_NOT_FOUND, "unknown side effect 'caf?'"),
    GEN("utf8: an unknown key cut at 512 bytes", RANKING, gen_long_key, SDM_ERR_SCHEMA, "unknown key 'x\xc3\xa9"),
    GEN("utf8: a key given twice, cut at 64 bytes", RANKING, gen_long_key_twice, SDM_ERR_DUPLICATE, "key 'x\xc3\xa9"),
    GEN("utf8: a rating's unknown side effect cut at 128 bytes", FORMULARY, gen_rating_key, SDM_ERR_NOT_FOUND, "medications[0]"),
    CALL_ROW("call: strerror(12345)", c_strerror_unknown, SDM_OK, ""),
    CALL_ROW("call: getters and frees on NULL and out of range", c_getters_null, SDM_OK, ""),
};

/* ---- the driver ------------------------------------------------------------------ */

static int run_row(const row *r, int verbose)
{
    text doc = {0};
    sdm_status st;
    out_was_set = 0;
    sdm_clear_error();
    if (r->kind == CALL) {
        st = r->call();
    } else {
        if (r->generate)
            r->generate(&doc);
        else
            addq(&doc, r->doc);
        /* raw NUL rows: a NUL byte, then the rest of the document, are part of the text */
        if (r->raw_nul) {
            static const char tail[] = "\0yz\"}]}";
            add_n(&doc, tail, sizeof tail - 1);
        }
        size_t len = doc.len;
        st = load(r->kind, doc.data ? doc.data : "", len);
    }
    const char *message = sdm_last_error();
    int utf8 = is_utf8(message);
    int ok = st == r->status && strstr(message, r->fragment) != NULL && !out_was_set && utf8;
    if (!ok || verbose)
        printf("%s %s\n     status %d (%s), expected %d (%s)%s%s\n     message: %.300s\n     expected fragment: %s\n",
               ok ? "ok  " : "FAIL", r->name, (int)st, sdm_strerror(st), (int)r->status, sdm_strerror(r->status),
               out_was_set ? "; AN OUTPUT WAS SET" : "", utf8 ? "" : "; THE MESSAGE IS NOT UTF-8", message,
               r->fragment);
    free(doc.data);
    return ok;
}

static void setup(void)
{
    static const char small[] =
        "{\"format\": \"sdm-catalogue\", \"format_version\": 1, \"id\": \"c\", \"version\": \"1\", "
        "\"groups\": [{\"id\": \"sleep\", \"label\": \"Sleep\"}], "
        "\"items\": [{\"id\": \"a\", \"label\": \"A\", \"group\": \"sleep\"}, {\"id\": \"b\", \"label\": \"B\", \"group\": \"sleep\"}]}";
    if (sdm_catalogue_default(&cat) != SDM_OK || sdm_formulary_default(cat, &form) != SDM_OK ||
        sdm_catalogue_load_json(small, sizeof small - 1, &small_cat) != SDM_OK || sdm_ranking_new(cat, &ranking) != SDM_OK ||
        sdm_ranking_avoid(ranking, "weight_gain", 1) != SDM_OK || sdm_ranking_avoid(ranking, "dry_mouth", 2) != SDM_OK ||
        sdm_ranking_helpful(ranking, "night_sleepiness") != SDM_OK || sdm_match_run(form, ranking, NULL, &match) != SDM_OK) {
        fprintf(stderr, "setup failed: %s\n", sdm_last_error());
        exit(EXIT_FAILURE);
    }
}

int main(int argc, char **argv)
{
    int verbose = 0, first = 1;
    if (argc > 1 && strcmp(argv[1], "-v") == 0) {
        verbose = 1;
        first = 2;
    }
    setup();
    size_t n = sizeof rows / sizeof rows[0], passed = 0, run = 0;
    for (size_t i = 0; i < n; i++) {
        int wanted = argc <= first;
        for (int a = first; a < argc; a++)
            wanted |= strstr(rows[i].name, argv[a]) != NULL;
        if (!wanted)
            continue;
        run++;
        passed += run_row(&rows[i], verbose);
    }
    sdm_match_free(match);
    sdm_ranking_free(ranking);
    sdm_formulary_free(form);
    sdm_catalogue_free(small_cat);
    sdm_catalogue_free(cat);
    printf("%zu of %zu rows passed\n", passed, run);
    return passed == run ? EXIT_SUCCESS : EXIT_FAILURE;
}
