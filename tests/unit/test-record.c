/*
 * libsdm - the decision record: what it holds, re-opening it, and its errors.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L

#include "common.h"

#include <jansson.h>

/* Over test-6. Ranking: tremor 1, weight_gain 2; helpful night_sleepiness.
 * Options: rank sum (k = 2: 2/3, 1/3; helpful 1/3), unknown worst, helpful
 * weight 0.25, cytrane excluded ("tried before").
 *   amberine  2/3*0 + 1/3*1/3 - 0.25*0 (night unknown: no benefit) = 1/9
 *   borolide  2/3*1/3 + 0 - 0.25*1                                 = 2/9 - 1/4 = -1/36
 *   order: borolide, amberine */
#define REC_FORMULARY \
    "{'format': 'sdm-formulary', 'format_version': 1, 'id': 'rec', 'version': '2026.11-r'," \
    " 'notice': 'Record test data.', 'sources': [{'key': 's', 'citation': 'S'}]," \
    " 'medications': [" \
    "  {'id': 'amberine', 'name': 'Amberine', 'ratings': {" R("tremor", 0) ", " R("weight_gain", 1) ", " \
                                                         R("dry_mouth", 3) "}}," \
    "  {'id': 'borolide', 'name': 'Borolide', 'ratings': {" R("tremor", 1) ", " R("weight_gain", 0) ", " \
                                                         R("night_sleepiness", 3) "}}," \
    "  {'id': 'cytrane', 'name': 'Cytrane', 'ratings': {" R("tremor", 2) "}}" \
    " ]}"

struct fx {
    sdm_catalogue *cat;
    sdm_formulary *f;
    sdm_ranking *r;
    sdm_match_options *o;
    sdm_match *m;
};

static void fx_init(struct fx *x)
{
    x->cat = test6_catalogue();
    x->f = test_formulary(x->cat, REC_FORMULARY);
    ck_assert_ok(sdm_ranking_new(x->cat, &x->r));
    ck_assert_ok(sdm_ranking_avoid(x->r, "tremor", 1));
    ck_assert_ok(sdm_ranking_avoid(x->r, "weight_gain", 2));
    ck_assert_ok(sdm_ranking_helpful(x->r, "night_sleepiness"));
    ck_assert_ok(sdm_ranking_set_completed_by(x->r, SDM_COMPLETED_BY_TOGETHER));
    ck_assert_ok(sdm_match_options_new(&x->o));
    ck_assert_ok(sdm_match_options_set_scheme(x->o, SDM_WEIGHTS_RANK_SUM));
    ck_assert_ok(sdm_match_options_set_unknown_policy(x->o, SDM_UNKNOWN_WORST));
    ck_assert_ok(sdm_match_options_set_helpful_weight(x->o, 0.25));
    ck_assert_ok(sdm_match_options_exclude(x->o, "cytrane", "tried before"));
    ck_assert_ok(sdm_match_run(x->f, x->r, x->o, &x->m));
}

static void fx_free(struct fx *x)
{
    sdm_match_free(x->m);
    sdm_match_options_free(x->o);
    sdm_ranking_free(x->r);
    sdm_formulary_free(x->f);
    sdm_catalogue_free(x->cat);
}

static json_t *parse(const char *text)
{
    json_error_t err;
    json_t *doc = json_loads(text, 0, &err);
    ck_assert_msg(doc != NULL, "not JSON (%d:%d %s): %s", err.line, err.column, err.text, text);
    ck_assert(json_is_object(doc));
    return doc;
}

START_TEST(scores_by_hand)
{
    struct fx x;
    fx_init(&x);
    ck_assert_uint_eq(sdm_match_count(x.m), 2);
    ck_assert_str_eq(sdm_profile_id(sdm_match_profile(x.m, 0)), "borolide");
    ck_assert_near(sdm_match_score(x.m, 0), -1.0 / 36);
    ck_assert_str_eq(sdm_profile_id(sdm_match_profile(x.m, 1)), "amberine");
    ck_assert_near(sdm_match_score(x.m, 1), 1.0 / 9);
    fx_free(&x);
}
END_TEST

START_TEST(record_content)
{
    struct fx x;
    fx_init(&x);
    char *text = NULL;
    ck_assert_ok(sdm_record_to_json(x.m, "2026-11-22T10:30:00Z", &text));
    json_t *doc = parse(text);

    ck_assert_str_eq(json_string_value(json_object_get(doc, "format")), "sdm-record");
    ck_assert_str_eq(json_string_value(json_object_get(doc, "library_version")), sdm_version());
    ck_assert_str_eq(json_string_value(json_object_get(doc, "data_version")), "2026.11-r");
    ck_assert_str_eq(json_string_value(json_object_get(doc, "notice")), "Record test data.");
    ck_assert_str_eq(json_string_value(json_object_get(doc, "timestamp")), "2026-11-22T10:30:00Z");

    json_t *ranking = json_object_get(doc, "ranking");
    ck_assert_msg(json_is_object(ranking), "no ranking object: %s", text);
    ck_assert_str_eq(json_string_value(json_object_get(ranking, "completed_by")), "together");
    ck_assert(json_is_array(json_object_get(ranking, "avoid")));
    ck_assert_uint_eq(json_array_size(json_object_get(ranking, "avoid")), 2);

    ck_assert_msg(json_is_object(json_object_get(doc, "options")), "no options object: %s", text);

    json_t *result = json_object_get(doc, "result");
    ck_assert_msg(json_is_object(result), "no result object: %s", text);
    json_t *ranked = json_object_get(result, "ranked");
    ck_assert(json_is_array(ranked));
    ck_assert_uint_eq(json_array_size(ranked), 2);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(ranked, 0), "id")), "borolide");
    ck_assert_double_eq_tol(json_number_value(json_object_get(json_array_get(ranked, 0), "score")), -1.0 / 36, 1e-12);
    json_t *excluded = json_object_get(result, "excluded");
    ck_assert(json_is_array(excluded));
    ck_assert_uint_eq(json_array_size(excluded), 1);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(excluded, 0), "reason")), "tried before");

    json_decref(doc);
    sdm_free(text);
    fx_free(&x);
}
END_TEST

START_TEST(no_timestamp)
{
    struct fx x;
    fx_init(&x);
    char *text = NULL;
    ck_assert_ok(sdm_record_to_json(x.m, NULL, &text));
    json_t *doc = parse(text);
    ck_assert_ptr_null(json_object_get(doc, "timestamp"));
    ck_assert_str_eq(json_string_value(json_object_get(doc, "format")), "sdm-record");

    /* reproducible: the same record twice */
    char *again = NULL;
    ck_assert_ok(sdm_record_to_json(x.m, NULL, &again));
    ck_assert_str_eq(text, again);
    sdm_free(again);
    json_decref(doc);
    sdm_free(text);

    ck_assert_status(sdm_record_to_json(NULL, NULL, &text), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_record_to_json(x.m, NULL, NULL), SDM_ERR_INVALID_ARGUMENT);
    fx_free(&x);
}
END_TEST

START_TEST(reopen)
{
    struct fx x;
    fx_init(&x);
    char *text = NULL;
    ck_assert_ok(sdm_record_to_json(x.m, "2026-11-22T10:30:00Z", &text));

    sdm_ranking *r = NULL;
    sdm_match_options *o = NULL;
    char *version = NULL;
    ck_assert_ok(sdm_record_load_json(x.cat, text, strlen(text), &r, &o, &version));
    ck_assert_ptr_nonnull(r);
    ck_assert_ptr_nonnull(o);
    ck_assert_ptr_nonnull(version);
    ck_assert_str_eq(version, "2026.11-r");

    /* the ranking */
    ck_assert_uint_eq(sdm_ranking_avoid_count(r), 2);
    ck_assert_uint_eq(sdm_ranking_helpful_count(r), 1);
    ck_assert_int_eq(sdm_ranking_max_rank(r), sdm_ranking_max_rank(x.r));
    ck_assert_int_eq(sdm_ranking_completed_by(r), SDM_COMPLETED_BY_TOGETHER);
    for (size_t i = 0; i < 6; i++) {
        ck_assert_int_eq(sdm_ranking_rank_of(r, i), sdm_ranking_rank_of(x.r, i));
        ck_assert_int_eq(sdm_ranking_is_helpful(r, i), sdm_ranking_is_helpful(x.r, i));
    }
    /* the options */
    ck_assert_int_eq(sdm_match_options_scheme(o), SDM_WEIGHTS_RANK_SUM);
    ck_assert_int_eq(sdm_match_options_unknown_policy(o), SDM_UNKNOWN_WORST);
    ck_assert(sdm_match_options_helpful_weight(o) == 0.25);
    char *oj1 = NULL, *oj2 = NULL;
    ck_assert_ok(sdm_match_options_to_json(x.o, &oj1));
    ck_assert_ok(sdm_match_options_to_json(o, &oj2));
    ck_assert_str_eq(oj1, oj2);
    sdm_free(oj1);
    sdm_free(oj2);

    /* running them again gives the same result */
    sdm_match *m2 = NULL;
    ck_assert_ok(sdm_match_run(x.f, r, o, &m2));
    ck_assert_uint_eq(sdm_match_count(m2), 2);
    ck_assert_uint_eq(sdm_match_excluded_count(m2), 1);
    for (size_t i = 0; i < 2; i++) {
        ck_assert_ptr_eq(sdm_match_profile(m2, i), sdm_match_profile(x.m, i));
        ck_assert_near(sdm_match_score(m2, i), sdm_match_score(x.m, i));
    }
    char *text2 = NULL;
    ck_assert_ok(sdm_record_to_json(m2, "2026-11-22T10:30:00Z", &text2));
    ck_assert_str_eq(text, text2);
    sdm_free(text2);
    sdm_match_free(m2);

    /* outputs may be left out */
    sdm_ranking *r_only = NULL;
    ck_assert_ok(sdm_record_load_json(x.cat, text, strlen(text), &r_only, NULL, NULL));
    ck_assert_ptr_nonnull(r_only);
    sdm_ranking_free(r_only);
    char *v_only = NULL;
    ck_assert_ok(sdm_record_load_json(x.cat, text, strlen(text), NULL, NULL, &v_only));
    ck_assert_str_eq(v_only, "2026.11-r");
    sdm_free(v_only);

    sdm_free(version);
    sdm_match_options_free(o);
    sdm_ranking_free(r);
    sdm_free(text);
    fx_free(&x);
}
END_TEST

/* Loads `text` as a record and expects failure, nothing handed back and a message naming `needle`. */
static void expect_error(const sdm_catalogue *cat, const char *text, sdm_status status, const char *needle)
{
    sdm_ranking *r = NULL;
    sdm_match_options *o = NULL;
    char *version = NULL;
    sdm_status st = sdm_record_load_json(cat, text, strlen(text), &r, &o, &version);
    ck_assert_msg(st == status, "expected %d (%s), got %d (%s): '%s'", (int)status, sdm_strerror(status),
                  (int)st, sdm_strerror(st), sdm_last_error());
    ck_assert_ptr_null(r);
    ck_assert_ptr_null(o);
    ck_assert_ptr_null(version);
    if (needle != NULL)
        ck_assert_msg(strstr(sdm_last_error(), needle) != NULL, "'%s' does not name '%s'", sdm_last_error(),
                      needle);
}

START_TEST(reopen_errors)
{
    struct fx x;
    fx_init(&x);
    char *text = NULL;
    ck_assert_ok(sdm_record_to_json(x.m, NULL, &text));

    /* not a record: a ranking */
    char *ranking_text = NULL;
    ck_assert_ok(sdm_ranking_to_json(x.r, &ranking_text));
    expect_error(x.cat, ranking_text, SDM_ERR_SCHEMA, "format");
    sdm_free(ranking_text);

    /* without its ranking */
    json_t *doc = parse(text);
    ck_assert_int_eq(json_object_del(doc, "ranking"), 0);
    char *no_ranking = json_dumps(doc, 0);
    expect_error(x.cat, no_ranking, SDM_ERR_SCHEMA, "ranking");
    free(no_ranking);
    json_decref(doc);

    /* a ranking naming a side effect the catalogue lacks */
    doc = parse(text);
    json_t *avoid = json_object_get(json_object_get(doc, "ranking"), "avoid");
    ck_assert(json_is_array(avoid));
    json_t *first = json_array_get(avoid, 0);
    if (json_is_object(first))
        json_object_set_new(first, "id", json_string("weight_gian"));
    else
        json_array_set_new(avoid, 0, json_string("weight_gian"));
    char *bad_id = json_dumps(doc, 0);
    expect_error(x.cat, bad_id, SDM_ERR_NOT_FOUND, "weight_gian");
    free(bad_id);
    json_decref(doc);

    /* not JSON */
    expect_error(x.cat, "{\"format\": \"sdm-record\",", SDM_ERR_PARSE, NULL);
    /* an empty object */
    expect_error(x.cat, "{}", SDM_ERR_SCHEMA, NULL);

    sdm_ranking *r = NULL;
    ck_assert_status(sdm_record_load_json(NULL, text, strlen(text), &r, NULL, NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_record_load_json(x.cat, NULL, 10, &r, NULL, NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_null(r);
    sdm_free(text);
    fx_free(&x);
}
END_TEST

START_TEST(record_after_inputs_freed)
{
    struct fx x;
    fx_init(&x);
    sdm_match *m = x.m;
    x.m = NULL;
    fx_free(&x);
    char *text = NULL;
    ck_assert_ok(sdm_record_to_json(m, NULL, &text));
    json_t *doc = parse(text);
    ck_assert_str_eq(json_string_value(json_object_get(doc, "data_version")), "2026.11-r");
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(doc, "ranking"), "completed_by")),
                     "together");
    json_decref(doc);
    sdm_free(text);
    sdm_match_free(m);
}
END_TEST

START_TEST(default_data_record)
{
    sdm_catalogue *cat = test_default_catalogue();
    sdm_formulary *f = test_default_formulary(cat);
    sdm_ranking *r = NULL;
    ck_assert_ok(sdm_ranking_new(cat, &r));
    ck_assert_ok(sdm_ranking_avoid(r, "weight_gain", 1));
    sdm_match *m = NULL;
    ck_assert_ok(sdm_match_run(f, r, NULL, &m));
    char *text = NULL;
    ck_assert_ok(sdm_record_to_json(m, NULL, &text));
    json_t *doc = parse(text);
    ck_assert_str_eq(json_string_value(json_object_get(doc, "data_version")), "2026.12");
    ck_assert_str_eq(json_string_value(json_object_get(doc, "notice")), sdm_formulary_notice(f));
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(doc, "ranking"), "completed_by")),
                     "unspecified");
    json_decref(doc);
    sdm_free(text);
    sdm_match_free(m);
    sdm_ranking_free(r);
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(timestamp_escaped)
{
    struct fx x;
    fx_init(&x);
    const char *ts = "2026-11-22 \"morning\" \\ clinic";
    char *text = NULL;
    ck_assert_ok(sdm_record_to_json(x.m, ts, &text));
    json_t *doc = parse(text);
    ck_assert_str_eq(json_string_value(json_object_get(doc, "timestamp")), ts);
    json_decref(doc);
    sdm_ranking *r = NULL;
    ck_assert_ok(sdm_record_load_json(x.cat, text, strlen(text), &r, NULL, NULL));
    sdm_ranking_free(r);
    sdm_free(text);
    fx_free(&x);
}
END_TEST

/* ---- the record re-opened, and run again on a formulary that changed ---- */

static sdm_record *record_of(struct fx *x, const char *timestamp)
{
    char *json = NULL;
    ck_assert_ok(sdm_record_to_json(x->m, timestamp, &json));
    sdm_record *rec = NULL;
    ck_assert_ok(sdm_record_from_json(x->cat, json, strlen(json), &rec));
    sdm_free(json);
    return rec;
}

START_TEST(record_object_holds_its_own_result)
{
    struct fx x;
    fx_init(&x);
    sdm_record *rec = record_of(&x, "2026-12-06T09:30:00Z");
    ck_assert_str_eq(sdm_record_data_version(rec), "2026.11-r");
    ck_assert_str_eq(sdm_record_library_version(rec), SDM_VERSION_STRING);
    ck_assert_str_eq(sdm_record_timestamp(rec), "2026-12-06T09:30:00Z");
    ck_assert_str_eq(sdm_record_formulary_id(rec), "rec");
    ck_assert_int_eq(sdm_ranking_completed_by(sdm_record_ranking(rec)), SDM_COMPLETED_BY_TOGETHER);
    ck_assert_int_eq(sdm_match_options_scheme(sdm_record_options(rec)), SDM_WEIGHTS_RANK_SUM);
    /* borolide -1/36 first, amberine 1/9; cytrane excluded "tried before" */
    ck_assert_uint_eq(sdm_record_ranked_count(rec), 2);
    ck_assert_uint_eq(sdm_record_excluded_count(rec), 1);
    ck_assert_str_eq(sdm_record_entry_id(rec, 0), "borolide");
    ck_assert_int_eq(sdm_record_entry_rank(rec, 0), 1);
    ck_assert_near(sdm_record_entry_score(rec, 0), -1.0 / 36);
    ck_assert_ptr_null(sdm_record_entry_reason(rec, 0));
    ck_assert_str_eq(sdm_record_entry_name(rec, 1), "Amberine");
    ck_assert_int_eq(sdm_record_entry_rank(rec, 1), 2);
    ck_assert_near(sdm_record_entry_score(rec, 1), 1.0 / 9);
    ck_assert_str_eq(sdm_record_entry_id(rec, 2), "cytrane");
    ck_assert_int_eq(sdm_record_entry_rank(rec, 2), 0);
    ck_assert(isnan(sdm_record_entry_score(rec, 2)));
    ck_assert_str_eq(sdm_record_entry_reason(rec, 2), "tried before");
    ck_assert_ptr_null(sdm_record_entry_id(rec, 3));
    sdm_record_free(rec);
    /* without a timestamp: "" */
    rec = record_of(&x, NULL);
    ck_assert_str_eq(sdm_record_timestamp(rec), "");
    sdm_record_free(rec);
    sdm_record_free(NULL);
    ck_assert_ptr_null(sdm_record_ranking(NULL));
    ck_assert_uint_eq(sdm_record_ranked_count(NULL), 0);
    fx_free(&x);
}
END_TEST

/* The Trust's formulary a year on: amberine and cytrane removed, dextrin
 * added (tremor 0, weight_gain 0, night_sleepiness +++), data 2026.12-r.
 *   dextrin   2/3*0 + 1/3*0 - 0.25*1 = -1/4     -> 1
 *   borolide  -1/36 as before                    -> 2
 * cytrane was excluded at the person's request; it is gone, so the exclusion
 * is dropped (and said), and the match runs. */
#define LATER_FORMULARY \
    "{'format': 'sdm-formulary', 'format_version': 1, 'id': 'rec', 'version': '2026.12-r'," \
    " 'notice': 'Record test data.', 'sources': [{'key': 's', 'citation': 'S'}]," \
    " 'medications': [" \
    "  {'id': 'borolide', 'name': 'Borolide', 'ratings': {" R("tremor", 1) ", " R("weight_gain", 0) ", " \
                                                         R("night_sleepiness", 3) "}}," \
    "  {'id': 'dextrin', 'name': 'Dextrin', 'ratings': {" R("tremor", 0) ", " R("weight_gain", 0) ", " \
                                                         R("night_sleepiness", 3) "}}" \
    " ]}"

START_TEST(rerun_on_a_changed_formulary)
{
    struct fx x;
    fx_init(&x);
    sdm_record *rec = record_of(&x, NULL);
    sdm_formulary *later = test_formulary(x.cat, LATER_FORMULARY);
    sdm_match *m = NULL;
    char *changes = NULL;
    ck_assert_ok(sdm_record_rerun(rec, later, &m, &changes));
    ck_assert_uint_eq(sdm_match_count(m), 2);
    ck_assert_str_eq(sdm_profile_id(sdm_match_profile(m, 0)), "dextrin");
    ck_assert_near(sdm_match_score(m, 0), -0.25);
    ck_assert_str_eq(sdm_profile_id(sdm_match_profile(m, 1)), "borolide");
    ck_assert_uint_eq(sdm_match_excluded_count(m), 0);
    json_t *doc = parse(changes);
    ck_assert_str_eq(json_string_value(json_object_get(doc, "format")), "sdm-record-changes");
    json_t *versions = json_object_get(doc, "data_version");
    ck_assert_str_eq(json_string_value(json_object_get(versions, "then")), "2026.11-r");
    ck_assert_str_eq(json_string_value(json_object_get(versions, "now")), "2026.12-r");
    json_t *removed = json_object_get(doc, "removed");
    ck_assert_uint_eq(json_array_size(removed), 2);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(removed, 0), "id")), "amberine");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(removed, 1), "id")), "cytrane");
    json_t *moved = json_array_get(json_object_get(doc, "moved"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(moved, "id")), "borolide");
    ck_assert_int_eq(json_integer_value(json_object_get(moved, "rank_then")), 1);
    ck_assert_int_eq(json_integer_value(json_object_get(moved, "rank_now")), 2);
    json_t *added = json_array_get(json_object_get(doc, "added"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(added, "id")), "dextrin");
    ck_assert_int_eq(json_integer_value(json_object_get(added, "rank_now")), 1);
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(doc, "exclusions_dropped"), 0)), "cytrane");
    ck_assert_str_eq(json_string_value(json_object_get(doc, "summary")),
                     "The data was version 2026.11-r, now 2026.12-r. Borolide was 1, now 2. Amberine is no longer "
                     "in the formulary. Cytrane is no longer in the formulary. Dextrin is new to the formulary, now 1.");
    json_decref(doc);
    sdm_free(changes);
    sdm_match_free(m);

    /* the same formulary: nothing changed, and the record's exclusion holds */
    ck_assert_ok(sdm_record_rerun(rec, x.f, &m, &changes));
    doc = parse(changes);
    ck_assert_str_eq(json_string_value(json_object_get(doc, "summary")), "Nothing has changed.");
    ck_assert_uint_eq(json_array_size(json_object_get(doc, "exclusions_dropped")), 0);
    ck_assert_uint_eq(sdm_match_excluded_count(m), 1);
    json_decref(doc);
    sdm_free(changes);
    sdm_match_free(m);
    /* outputs are optional; the inputs are not */
    ck_assert_ok(sdm_record_rerun(rec, later, NULL, NULL));
    ck_assert_status(sdm_record_rerun(NULL, later, &m, &changes), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_record_rerun(rec, NULL, &m, &changes), SDM_ERR_INVALID_ARGUMENT);
    sdm_formulary_free(later);
    sdm_record_free(rec);
    fx_free(&x);
}
END_TEST

/* A record near the documented limits (36 side effects with labels of 4,000
 * bytes, all ranked; 130 medicines, whose reasons repeat the labels) would be
 * about 18 MB: more than SDM_MAX_DOCUMENT, so it is refused, not written. */
START_TEST(record_too_large_to_read_back)
{
    size_t cap = 400000, len = 0;
    char *doc = malloc(cap);
    ck_assert_ptr_nonnull(doc);
    len += (size_t)snprintf(doc + len, cap - len, "{\"format\": \"sdm-catalogue\", \"format_version\": 1, \"id\": "
                            "\"big\", \"version\": \"1\", \"groups\": [{\"id\": \"g\", \"label\": \"G\"}], \"items\": [");
    for (int i = 0; i < 36; i++) {
        len += (size_t)snprintf(doc + len, cap - len, "%s{\"id\": \"e%d\", \"group\": \"g\", \"label\": \"", i ? ", " : "",
                                i);
        memset(doc + len, 'a' + i % 26, 4000);
        len += 4000;
        len += (size_t)snprintf(doc + len, cap - len, "\"}");
    }
    snprintf(doc + len, cap - len, "]}");
    sdm_catalogue *cat = NULL;
    ck_assert_ok(sdm_catalogue_load_json(doc, strlen(doc), &cat));
    len = (size_t)snprintf(doc, cap, "{\"format\": \"sdm-formulary\", \"format_version\": 1, \"version\": \"1\", "
                           "\"sources\": [{\"key\": \"s\", \"citation\": \"S\"}], \"medications\": [");
    for (int m = 0; m < 130; m++) {
        len += (size_t)snprintf(doc + len, cap - len, "%s{\"id\": \"m%d\", \"name\": \"M%d\", \"ratings\": {", m ? ", " : "",
                                m, m);
        for (int i = 0; i < 36; i++)
            len += (size_t)snprintf(doc + len, cap - len, "%s\"e%d\": {\"rating\": %d, \"source\": \"s\"}",
                                    i ? ", " : "", i, (m + i) % 4);
        len += (size_t)snprintf(doc + len, cap - len, "}}");
    }
    snprintf(doc + len, cap - len, "]}");
    sdm_formulary *f = NULL;
    ck_assert_ok(sdm_formulary_load_json(cat, doc, strlen(doc), &f));
    free(doc);
    sdm_ranking *r = NULL;
    ck_assert_ok(sdm_ranking_new(cat, &r));
    ck_assert_ok(sdm_ranking_set_max_rank(r, 36));
    for (int i = 0; i < 36; i++) {
        char id[8];
        snprintf(id, sizeof id, "e%d", i);
        ck_assert_ok(sdm_ranking_avoid(r, id, i + 1));
    }
    sdm_match *m = NULL;
    ck_assert_ok(sdm_match_run(f, r, NULL, &m));
    char *json = (char *)"untouched";
    ck_assert_status(sdm_record_to_json(m, NULL, &json), SDM_ERR_LIMIT);
    ck_assert_ptr_null(json);
    ck_assert_error_has("more than the 16777216 a record may have (SDM_MAX_DOCUMENT) to be read back");
    sdm_match_free(m);
    sdm_ranking_free(r);
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

/* The decision context goes into the result and the record, and re-opens. */
START_TEST(record_keeps_the_decision_context)
{
    struct fx x;
    fx_init(&x);
    sdm_match_free(x.m);
    ck_assert_ok(sdm_ranking_set_carer_involved(x.r, 1));
    ck_assert_ok(sdm_match_options_set_detained(x.o, 1, "Detained: the team proposes a depot; the person chooses which."));
    ck_assert_ok(sdm_match_options_set_revisit(x.o, "2027-03-01"));
    ck_assert_ok(sdm_match_run(x.f, x.r, x.o, &x.m));
    char *text = NULL;
    ck_assert_ok(sdm_record_to_json(x.m, NULL, &text));
    json_t *doc = parse(text);
    json_t *context = json_object_get(json_object_get(doc, "result"), "context");
    ck_assert_str_eq(json_string_value(json_object_get(context, "completed_by")), "together");
    ck_assert(json_is_true(json_object_get(context, "carer_involved")));
    ck_assert(json_is_true(json_object_get(context, "detained")));
    ck_assert_str_eq(json_string_value(json_object_get(context, "limits")),
                     "Detained: the team proposes a depot; the person chooses which.");
    ck_assert_str_eq(json_string_value(json_object_get(context, "revisit")), "2027-03-01");
    ck_assert_uint_eq(json_array_size(json_object_get(context, "holds")), 0);
    json_decref(doc);
    sdm_record *rec = NULL;
    ck_assert_ok(sdm_record_from_json(x.cat, text, strlen(text), &rec));
    ck_assert_int_eq(sdm_ranking_carer_involved(sdm_record_ranking(rec)), 1);
    ck_assert_int_eq(sdm_match_options_detained(sdm_record_options(rec)), 1);
    ck_assert_str_eq(sdm_match_options_limits(sdm_record_options(rec)),
                     "Detained: the team proposes a depot; the person chooses which.");
    ck_assert_str_eq(sdm_match_options_revisit(sdm_record_options(rec)), "2027-03-01");
    sdm_record_free(rec);
    sdm_free(text);
    fx_free(&x);
}
END_TEST

/* ---- the person's own history ------------------------------------------------ */

/* REC_FORMULARY, ranking tremor ("Shaking") 1, weight_gain ("Putting on
 * weight") 2, default options: ROC for k = 2 is 3/4, 1/4.
 *   without a history: amberine 3/4*0 + 1/4*1/3 = 1/12; borolide 3/4*1/3 + 1/4*0 = 1/4;
 *                      cytrane 3/4*2/3 + 1/4*1/2 (weight unknown) = 5/8
 *   the person had shaking on amberine (stopped, "the shaking"): their own
 *   reading +++ counts above the published none: 3/4*1 + 1/4*1/3 = 5/6, last;
 *   borolide did not help: flagged in its reason, still ranked, never dropped. */
START_TEST(personal_reading_changes_the_result)
{
    sdm_catalogue *cat = test6_catalogue();
    sdm_formulary *f = test_formulary(cat, REC_FORMULARY);
    sdm_ranking *r = NULL;
    ck_assert_ok(sdm_ranking_new(cat, &r));
    ck_assert_ok(sdm_ranking_avoid(r, "tremor", 1));
    ck_assert_ok(sdm_ranking_avoid(r, "weight_gain", 2));
    sdm_match *m = NULL;
    ck_assert_ok(sdm_match_run(f, r, NULL, &m));
    ck_assert_str_eq(sdm_profile_id(sdm_match_profile(m, 0)), "amberine");
    ck_assert_near(sdm_match_score(m, 0), 1.0 / 12);
    sdm_match_free(m);

    ck_assert_ok(sdm_ranking_add_history(r, "amberine", SDM_OUTCOME_STOPPED, "the shaking"));
    ck_assert_ok(sdm_ranking_history_had(r, "amberine", "tremor"));
    ck_assert_ok(sdm_ranking_add_history(r, "borolide", SDM_OUTCOME_DID_NOT_HELP, "voices stayed"));
    ck_assert_ok(sdm_match_run(f, r, NULL, &m));
    ck_assert_uint_eq(sdm_match_count(m), 3);
    ck_assert_str_eq(sdm_profile_id(sdm_match_profile(m, 0)), "borolide");
    ck_assert_near(sdm_match_score(m, 0), 1.0 / 4);
    ck_assert_str_eq(sdm_profile_id(sdm_match_profile(m, 1)), "cytrane");
    ck_assert_near(sdm_match_score(m, 1), 5.0 / 8);
    ck_assert_str_eq(sdm_profile_id(sdm_match_profile(m, 2)), "amberine");
    ck_assert_near(sdm_match_score(m, 2), 5.0 / 6);
    ck_assert_int_eq(sdm_match_rating(m, 2, 0), SDM_RATING_HIGH);
    char *reason = NULL;
    ck_assert_ok(sdm_match_reason(m, 2, &reason));
    ck_assert_str_eq(reason, "Shaking +++ (rank 1; you had this on Amberine); Putting on weight + (rank 2); tried "
                             "before: it was stopped (the shaking)");
    sdm_free(reason);
    ck_assert_ok(sdm_match_reason(m, 0, &reason));
    ck_assert_str_eq(reason, "Shaking + (rank 1); Putting on weight 0 (rank 2); tried before: it did not help "
                             "(voices stayed)");
    sdm_free(reason);
    /* the JSON: the personal reading and the history of each entry */
    char *text = NULL;
    ck_assert_ok(sdm_match_to_json(m, &text));
    json_t *doc = parse(text);
    json_t *amberine = json_array_get(json_object_get(doc, "ranked"), 2);
    ck_assert(json_is_true(json_object_get(json_array_get(json_object_get(amberine, "ratings"), 0), "personal")));
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(amberine, "history"), "outcome")), "stopped");
    json_decref(doc);
    sdm_free(text);

    /* the record keeps the history; re-run where amberine is gone: dropped and said */
    ck_assert_ok(sdm_record_to_json(m, NULL, &text));
    sdm_record *rec = NULL;
    ck_assert_ok(sdm_record_from_json(cat, text, strlen(text), &rec));
    ck_assert_uint_eq(sdm_ranking_history_count(sdm_record_ranking(rec)), 2);
    ck_assert_int_eq(sdm_ranking_history_outcome(sdm_record_ranking(rec), 0), SDM_OUTCOME_STOPPED);
    ck_assert_str_eq(sdm_ranking_history_why(sdm_record_ranking(rec), 1), "voices stayed");
    ck_assert_int_eq(sdm_ranking_history_had_effect(sdm_record_ranking(rec), 0, T6_TREMOR), 1);
    ck_assert_int_eq(sdm_ranking_history_had_effect(sdm_record_ranking(rec), 1, T6_TREMOR), 0);
    sdm_formulary *later = test_formulary(cat, LATER_FORMULARY);
    char *changes = NULL;
    sdm_match *again = NULL;
    ck_assert_ok(sdm_record_rerun(rec, later, &again, &changes));
    json_t *c = parse(changes);
    ck_assert_uint_eq(json_array_size(json_object_get(c, "history_dropped")), 1);
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(c, "history_dropped"), 0)), "amberine");
    json_decref(c);
    sdm_free(changes);
    sdm_match_free(again);
    sdm_formulary_free(later);
    sdm_record_free(rec);
    sdm_free(text);
    sdm_match_free(m);

    /* bad input: a medicine not in the formulary (with the closest), twice, a side effect unknown */
    ck_assert_ok(sdm_ranking_add_history(r, "amberin", SDM_OUTCOME_HELPED, NULL));
    ck_assert_status(sdm_match_run(f, r, NULL, &m), SDM_ERR_NOT_FOUND);
    ck_assert_str_eq(sdm_last_error(), "the medicine of the person's history 'amberin' is not in the formulary (did "
                                       "you mean 'amberine'?)");
    ck_assert_status(sdm_ranking_add_history(r, "amberine", SDM_OUTCOME_HELPED, NULL), SDM_ERR_DUPLICATE);
    ck_assert_status(sdm_ranking_history_had(r, "borolide", "tremer"), SDM_ERR_NOT_FOUND);
    ck_assert_error_has("did you mean 'tremor'?");
    ck_assert_status(sdm_ranking_history_had(r, "dextrin", "tremor"), SDM_ERR_NOT_FOUND);
    ck_assert_status(sdm_ranking_history_had(r, "amberine", "tremor"), SDM_ERR_DUPLICATE);
    ck_assert_status(sdm_ranking_add_history(r, "x", (sdm_outcome)4, NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_ranking_add_history(r, "x", SDM_OUTCOME_HELPED, "a\tb"), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_ranking_add_history(r, "bad id", SDM_OUTCOME_HELPED, NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_str_eq(sdm_outcome_id(SDM_OUTCOME_DID_NOT_HELP), "did_not_help");
    sdm_outcome o;
    ck_assert_status(sdm_outcome_from_id("didnt_help", &o), SDM_ERR_NOT_FOUND);
    ck_assert_str_eq(sdm_last_error(), "unknown outcome 'didnt_help' (did you mean 'did_not_help'?)");
    /* the ranking JSON: written and read back the same, bad fields named */
    char *json = NULL;
    ck_assert_ok(sdm_ranking_to_json(r, &json));
    sdm_ranking *back = NULL;
    ck_assert_ok(sdm_ranking_from_json(cat, json, strlen(json), &back));
    char *json2 = NULL;
    ck_assert_ok(sdm_ranking_to_json(back, &json2));
    ck_assert_str_eq(json, json2);
    sdm_free(json);
    sdm_free(json2);
    sdm_ranking_free(back);
    const char *bad = "{\"history\": [{\"medicine\": \"a\", \"had\": [\"tremor\", \"tremors\"]}]}";
    ck_assert_status(sdm_ranking_from_json(cat, bad, strlen(bad), &back), SDM_ERR_NOT_FOUND);
    ck_assert_error_has("history[0].had[1]: unknown side effect 'tremors' (did you mean 'tremor'?)");
    sdm_ranking_free(r);
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

/* A document writes the text of a term's contribution and source once and
 * copies it for every medicine with the same contribution, source and value
 * (match-json.c): two medicines alike in contribution and value but not in
 * source must each keep their own. REC_FORMULARY, ranking weight_gain alone
 * (weight 1), none 0, + 0.5, ++ 0.75, +++ 1, unknown as the middle (0.5):
 *   borolide  weight_gain 0 (rating)            = 0
 *   amberine  weight_gain + = 0.5 (rating)      = 0.5
 *   cytrane   weight_gain unknown = 0.5 (imputed) = 0.5, tied with amberine */
START_TEST(same_contribution_other_source_keeps_its_own_text)
{
    sdm_catalogue *cat = test6_catalogue();
    sdm_formulary *f = test_formulary(cat, REC_FORMULARY);
    sdm_ranking *r = NULL;
    ck_assert_ok(sdm_ranking_new(cat, &r));
    ck_assert_ok(sdm_ranking_avoid(r, "weight_gain", 1));
    sdm_match_options *o = NULL;
    ck_assert_ok(sdm_match_options_new(&o));
    const double scale[4] = {0.0, 0.5, 0.75, 1.0};
    ck_assert_ok(sdm_match_options_set_severity_scale(o, scale));
    sdm_match *m = NULL;
    ck_assert_ok(sdm_match_run(f, r, o, &m));
    ck_assert_uint_eq(sdm_match_count(m), 3);
    for (int record = 0; record < 2; record++) {
        char *text = NULL;
        if (record)
            ck_assert_ok(sdm_record_to_json(m, NULL, &text));
        else
            ck_assert_ok(sdm_match_to_json(m, &text));
        json_t *doc = parse(text);
        json_t *ranked = json_object_get(record ? json_object_get(doc, "result") : doc, "ranked");
        ck_assert_uint_eq(json_array_size(ranked), 3);
        int seen = 0;
        for (size_t i = 0; i < 3; i++) {
            json_t *entry = json_array_get(ranked, i);
            const char *id = json_string_value(json_object_get(entry, "id"));
            json_t *rating = json_array_get(json_object_get(entry, "ratings"), 0);
            const char *from = json_string_value(json_object_get(rating, "from"));
            double value = json_real_value(json_object_get(rating, "value"));
            double contribution = json_real_value(json_object_get(rating, "contribution"));
            if (strcmp(id, "amberine") == 0) {
                ck_assert_str_eq(from, "rating");
                ck_assert(json_object_get(rating, "imputed_as") == NULL);
                ck_assert(value == 0.5 && contribution == 0.5);
                seen |= 1;
            } else if (strcmp(id, "cytrane") == 0) {
                ck_assert_str_eq(from, "imputed");
                ck_assert_str_eq(json_string_value(json_object_get(rating, "imputed_as")), "middle");
                ck_assert(value == 0.5 && contribution == 0.5);
                seen |= 2;
            } else {
                ck_assert_str_eq(id, "borolide");
                ck_assert_str_eq(from, "rating");
                seen |= 4;
            }
        }
        ck_assert_int_eq(seen, 7);
        json_decref(doc);
        sdm_free(text);
    }
    sdm_match_free(m);

    /* Alike in contribution and source but not in value: tremor ranked 2
     * with weight 0 contributes 0 whatever its value (amberine 0, borolide
     * + = 0.5, cytrane ++ = 0.75). */
    ck_assert_ok(sdm_ranking_avoid(r, "tremor", 2));
    const double weights[2] = {1.0, 0.0};
    ck_assert_ok(sdm_match_options_set_custom_weights(o, weights, 2));
    ck_assert_ok(sdm_match_run(f, r, o, &m));
    char *text = NULL;
    ck_assert_ok(sdm_record_to_json(m, NULL, &text));
    json_t *doc = parse(text);
    json_t *ranked = json_object_get(json_object_get(doc, "result"), "ranked");
    ck_assert_uint_eq(json_array_size(ranked), 3);
    for (size_t i = 0; i < 3; i++) {
        json_t *entry = json_array_get(ranked, i);
        const char *id = json_string_value(json_object_get(entry, "id"));
        json_t *rating = json_array_get(json_object_get(entry, "ratings"), 1);
        ck_assert_str_eq(json_string_value(json_object_get(rating, "effect")), "tremor");
        ck_assert_str_eq(json_string_value(json_object_get(rating, "from")), "rating");
        ck_assert(json_real_value(json_object_get(rating, "contribution")) == 0.0);
        double value = json_real_value(json_object_get(rating, "value"));
        double expected = strcmp(id, "amberine") == 0 ? 0.0 : strcmp(id, "borolide") == 0 ? 0.5 : 0.75;
        ck_assert_msg(value == expected, "%s: tremor's value %g, not %g", id, value, expected);
    }
    json_decref(doc);
    sdm_free(text);
    sdm_match_free(m);
    sdm_match_options_free(o);
    sdm_ranking_free(r);
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

/* ---- feedback on how shared the decision was --------------------------------- */

START_TEST(feedback_scores_by_hand)
{
    /* SDM-Q-9: 5+4+3+5+5+2+4+5+3 = 36 of 45; x 20/9 = 80 */
    const int q9[9] = {5, 4, 3, 5, 5, 2, 4, 5, 3};
    sdm_feedback *fb = NULL;
    ck_assert_ok(sdm_feedback_new(SDM_INSTRUMENT_SDM_Q9, "SDM-Q-9 (Kriston 2010)", q9, 9, &fb));
    ck_assert_int_eq(sdm_feedback_instrument(fb), SDM_INSTRUMENT_SDM_Q9);
    ck_assert_str_eq(sdm_instrument_id(SDM_INSTRUMENT_SDM_Q9), "sdm_q9");
    ck_assert_uint_eq(sdm_feedback_item_count(fb), 9);
    ck_assert_int_eq(sdm_feedback_item(fb, 5), 2);
    ck_assert_int_eq(sdm_feedback_item(fb, 9), -1);
    ck_assert_double_eq(sdm_feedback_score(fb), 80.0);
    ck_assert_int_eq(sdm_feedback_top_score(fb), 0);
    sdm_feedback_free(fb);
    /* CollaboRATE: 9+9+8 = 26 of 27: 2600/27; not every item 9: no top score; 9, 9, 9: 100 and the top score */
    const int almost[3] = {9, 9, 8}, top[3] = {9, 9, 9};
    ck_assert_ok(sdm_feedback_new(SDM_INSTRUMENT_COLLABORATE, NULL, almost, 3, &fb));
    ck_assert_double_eq_tol(sdm_feedback_score(fb), 2600.0 / 27, 1e-12);
    ck_assert_int_eq(sdm_feedback_top_score(fb), 0);
    ck_assert_str_eq(sdm_feedback_version(fb), "");
    sdm_feedback_free(fb);
    ck_assert_ok(sdm_feedback_new(SDM_INSTRUMENT_COLLABORATE, NULL, top, 3, &fb));
    ck_assert_double_eq(sdm_feedback_score(fb), 100.0);
    ck_assert_int_eq(sdm_feedback_top_score(fb), 1);
    sdm_feedback_free(fb);
    sdm_feedback_free(NULL);
    /* scores out of range, or another number of items, refused with what is wrong */
    const int ten[3] = {9, 10, 0};
    ck_assert_status(sdm_feedback_new(SDM_INSTRUMENT_COLLABORATE, NULL, ten, 3, &fb), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_str_eq(sdm_last_error(), "item 2 of collaborate is 10: each item is scored 0 to 9");
    ck_assert_status(sdm_feedback_new(SDM_INSTRUMENT_SDM_Q9, NULL, q9, 3, &fb), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_str_eq(sdm_last_error(), "sdm_q9 has 9 items, not 3");
    const int six[9] = {5, 5, 5, 5, 6, 5, 5, 5, 5};
    ck_assert_status(sdm_feedback_new(SDM_INSTRUMENT_SDM_Q9, NULL, six, 9, &fb), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_feedback_new((sdm_instrument)3, NULL, q9, 9, &fb), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_feedback_new(SDM_INSTRUMENT_SDM_Q9, "a\nb", q9, 9, &fb), SDM_ERR_INVALID_ARGUMENT);
}
END_TEST

START_TEST(feedback_in_the_record)
{
    struct fx x;
    fx_init(&x);
    const int items[3] = {9, 7, 9};
    sdm_feedback *fb = NULL;
    ck_assert_ok(sdm_feedback_new(SDM_INSTRUMENT_COLLABORATE, "CollaboRATE 3-item", items, 3, &fb));
    char *text = NULL;
    ck_assert_ok(sdm_record_to_json_with_feedback(x.m, "2026-12-06", fb, &text));
    json_t *doc = parse(text);
    json_t *written = json_object_get(doc, "feedback");
    ck_assert_str_eq(json_string_value(json_object_get(written, "instrument")), "collaborate");
    ck_assert_double_eq_tol(json_real_value(json_object_get(written, "score")), 2500.0 / 27, 1e-12);
    ck_assert(json_is_false(json_object_get(written, "top_score")));
    json_decref(doc);
    sdm_record *rec = NULL;
    ck_assert_ok(sdm_record_from_json(x.cat, text, strlen(text), &rec));
    const sdm_feedback *back = sdm_record_feedback(rec);
    ck_assert_ptr_nonnull(back);
    ck_assert_int_eq(sdm_feedback_item(back, 1), 7);
    ck_assert_str_eq(sdm_feedback_version(back), "CollaboRATE 3-item");
    sdm_record_free(rec);
    /* a score that is not the items' own is refused: a record is evidence */
    char *score = strstr(text, "\"score\": 92.");
    ck_assert_ptr_nonnull(score);
    score[10] = '3';
    ck_assert_status(sdm_record_from_json(x.cat, text, strlen(text), &rec), SDM_ERR_SCHEMA);
    ck_assert_error_has("feedback.score: the score must be that of the items");
    sdm_free(text);
    /* without feedback: none */
    ck_assert_ok(sdm_record_to_json(x.m, NULL, &text));
    ck_assert_ok(sdm_record_from_json(x.cat, text, strlen(text), &rec));
    ck_assert_ptr_null(sdm_record_feedback(rec));
    sdm_record_free(rec);
    sdm_free(text);
    sdm_feedback_free(fb);
    fx_free(&x);
}
END_TEST

/* The record `text` with its feedback's `key` set to `value` (the value is
 * taken; NULL removes the key), refused with `status` and `needle`. */
static void expect_feedback_refused(const sdm_catalogue *cat, const char *text, const char *key, json_t *value,
                                    sdm_status status, const char *needle)
{
    json_t *doc = parse(text);
    json_t *fb = json_object_get(doc, "feedback");
    ck_assert_ptr_nonnull(fb);
    if (value)
        json_object_set_new(fb, key, value);
    else
        json_object_del(fb, key);
    char *tampered = json_dumps(doc, 0);
    json_decref(doc);
    sdm_record *rec = NULL;
    ck_assert_status(sdm_record_from_json(cat, tampered, strlen(tampered), &rec), status);
    ck_assert_error_has(needle);
    ck_assert_ptr_null(rec);
    free(tampered);
}

/* Feedback in a record is evidence: an instrument, items, a score or a top
 * score that is not the items' own is refused, naming the key. The SDM-Q-9
 * has no top score and none is written; a feedback without a version writes
 * none. */
START_TEST(feedback_in_the_record_checked)
{
    struct fx x;
    fx_init(&x);
    const int items[3] = {9, 7, 9};
    sdm_feedback *fb = NULL;
    ck_assert_ok(sdm_feedback_new(SDM_INSTRUMENT_COLLABORATE, "CollaboRATE 3-item", items, 3, &fb));
    char *text = NULL;
    ck_assert_ok(sdm_record_to_json_with_feedback(x.m, "2026-12-06", fb, &text));
    sdm_feedback_free(fb);
    expect_feedback_refused(x.cat, text, "instrument", json_string("colaborate"), SDM_ERR_SCHEMA,
                            "feedback.instrument");
    expect_feedback_refused(x.cat, text, "items", json_pack("[i s i]", 9, "x", 9), SDM_ERR_SCHEMA,
                            "feedback.items: item 2 must be a score");
    expect_feedback_refused(x.cat, text, "items", json_pack("[i i i]", 9, 10, 9), SDM_ERR_SCHEMA,
                            "feedback.items: item 2 of collaborate is 10: each item is scored 0 to 9");
    expect_feedback_refused(x.cat, text, "items", NULL, SDM_ERR_SCHEMA, "feedback: the key 'items' is missing");
    expect_feedback_refused(x.cat, text, "score", json_string("92.6"), SDM_ERR_SCHEMA,
                            "feedback.score: the score must be that of the items");
    expect_feedback_refused(x.cat, text, "top_score", json_true(), SDM_ERR_SCHEMA,
                            "feedback.top_score: the top score must be that of the items (false)");
    expect_feedback_refused(x.cat, text, "top_score", NULL, SDM_ERR_SCHEMA,
                            "feedback.top_score: the top score must be that of the items (false)");
    sdm_free(text);

    /* the SDM-Q-9, 9 x 4 = 36 of 45: a score of 80, no top score, no version */
    const int q9[9] = {4, 4, 4, 4, 4, 4, 4, 4, 4};
    ck_assert_ok(sdm_feedback_new(SDM_INSTRUMENT_SDM_Q9, NULL, q9, 9, &fb));
    ck_assert_ok(sdm_record_to_json_with_feedback(x.m, "2026-12-06", fb, &text));
    sdm_feedback_free(fb);
    json_t *doc = parse(text);
    json_t *written = json_object_get(doc, "feedback");
    ck_assert_str_eq(json_string_value(json_object_get(written, "instrument")), "sdm_q9");
    ck_assert_double_eq(json_number_value(json_object_get(written, "score")), 80.0);
    ck_assert_ptr_null(json_object_get(written, "top_score"));
    ck_assert_ptr_null(json_object_get(written, "version"));
    json_decref(doc);
    sdm_record *rec = NULL;
    ck_assert_ok(sdm_record_from_json(x.cat, text, strlen(text), &rec));
    ck_assert_int_eq(sdm_feedback_instrument(sdm_record_feedback(rec)), SDM_INSTRUMENT_SDM_Q9);
    ck_assert_double_eq(sdm_feedback_score(sdm_record_feedback(rec)), 80.0);
    sdm_record_free(rec);
    expect_feedback_refused(x.cat, text, "top_score", json_false(), SDM_ERR_SCHEMA,
                            "feedback.top_score: only CollaboRATE has a top score");
    sdm_free(text);
    fx_free(&x);
}
END_TEST

/* The fixture's record with one change to its result made by `edit`,
 * refused with SDM_ERR_SCHEMA and `needle`. */
static void expect_result_refused(const struct fx *x, void (*edit)(json_t *result), const char *needle)
{
    char *text = NULL;
    ck_assert_ok(sdm_record_to_json(x->m, "2026-12-06", &text));
    json_t *doc = parse(text);
    sdm_free(text);
    edit(json_object_get(doc, "result"));
    char *tampered = json_dumps(doc, 0);
    json_decref(doc);
    sdm_record *rec = NULL;
    ck_assert_status(sdm_record_from_json(x->cat, tampered, strlen(tampered), &rec), SDM_ERR_SCHEMA);
    ck_assert_error_has(needle);
    ck_assert_ptr_null(rec);
    free(tampered);
}

static json_t *ranked_entry(json_t *result, size_t i)
{
    return json_array_get(json_object_get(result, "ranked"), i);
}

static json_t *first_rating(json_t *result)
{
    return json_array_get(json_object_get(ranked_entry(result, 0), "ratings"), 0);
}

static void edit_format(json_t *result) { json_object_set_new(result, "format", json_string("sdm-ranking")); }
static void edit_formulary(json_t *result) { json_object_set_new(result, "formulary", json_string("other")); }
static void edit_efficacy(json_t *result) { json_object_set_new(ranked_entry(result, 0), "efficacy", json_string("good")); }
static void edit_score_text(json_t *result) { json_object_set_new(ranked_entry(result, 0), "score", json_string("low")); }
static void edit_score_order(json_t *result) { json_object_set_new(ranked_entry(result, 1), "score", json_real(-1.0)); }
static void edit_ratings_short(json_t *result)
{
    json_t *ratings = json_object_get(ranked_entry(result, 0), "ratings");
    json_array_remove(ratings, json_array_size(ratings) - 1);
}
static void edit_rating_number(json_t *result)
{
    json_array_set_new(json_object_get(ranked_entry(result, 0), "ratings"), 0, json_integer(5));
}
static void edit_rating_effect(json_t *result) { json_object_set_new(first_rating(result), "effect", json_string("dry_mouth")); }
static void edit_rating_value(json_t *result) { json_object_set_new(first_rating(result), "rating", json_integer(7)); }
static void edit_rating_word(json_t *result) { json_object_set_new(first_rating(result), "rating", json_string("high")); }

/* A record's result is evidence too: each edit of it is refused, naming the
 * place (the fixture's result ranks two medicines on three terms, tremor
 * first). */
START_TEST(result_edits_refused)
{
    struct fx x;
    fx_init(&x);
    ck_assert_uint_eq(sdm_match_count(x.m), 2);
    ck_assert_uint_eq(sdm_match_term_count(x.m), 3);
    expect_result_refused(&x, edit_format, "result.format: expected \"sdm-match\", found \"sdm-ranking\"");
    expect_result_refused(&x, edit_formulary, "result.formulary: the formulary is 'other' here and ");
    expect_result_refused(&x, edit_efficacy, "result.ranked[0]: 'efficacy' must be an object");
    expect_result_refused(&x, edit_score_text, "result.ranked[0]: 'score' must be a finite number");
    expect_result_refused(&x, edit_score_order, "result.ranked[1]: the score -1 is below the one before");
    expect_result_refused(&x, edit_ratings_short, "result.ranked[0]: 2 ratings for 3 terms");
    expect_result_refused(&x, edit_rating_number, "result.ranked[0].ratings[0]: expected an object");
    expect_result_refused(&x, edit_rating_effect,
                          "result.ranked[0].ratings[0]: the rating of 'dry_mouth' where the term is 'tremor'");
    expect_result_refused(&x, edit_rating_value,
                          "result.ranked[0].ratings[0]: the rating must be 0, 1, 2, 3 or \"unknown\"");
    expect_result_refused(&x, edit_rating_word,
                          "result.ranked[0].ratings[0]: the rating must be 0, 1, 2, 3 or \"unknown\"");
    fx_free(&x);
}
END_TEST

/* ---- two records compared (the decision revisited) --------------------------- */

/* A year on: amberine's weight gain re-rated ++ (was +), data 2026.12-r. */
#define REVISED_FORMULARY \
    "{'format': 'sdm-formulary', 'format_version': 1, 'id': 'rec', 'version': '2026.12-r'," \
    " 'notice': 'Record test data.', 'sources': [{'key': 's', 'citation': 'S'}]," \
    " 'medications': [" \
    "  {'id': 'amberine', 'name': 'Amberine', 'ratings': {" R("tremor", 0) ", " R("weight_gain", 2) ", " \
                                                         R("dry_mouth", 3) "}}," \
    "  {'id': 'borolide', 'name': 'Borolide', 'ratings': {" R("tremor", 1) ", " R("weight_gain", 0) ", " \
                                                         R("night_sleepiness", 3) "}}," \
    "  {'id': 'cytrane', 'name': 'Cytrane', 'ratings': {" R("tremor", 2) "}}" \
    " ]}"

/* Then: the fixture's record (tremor 1, weight gain 2, night sleepiness
 * helpful, completed together; rank sum, unknown worst, helpful 0.25, cytrane
 * excluded): borolide 1, amberine 2. Now, on the revised data: weight gain 1,
 * dry mouth 2, nothing helpful, a carer took part, borolide tried (it did not
 * help), revisit 2027-06-01, default options. ROC for k = 2: 3/4, 1/4.
 *   borolide  3/4*0 + 1/4*1/2 (dry mouth unknown) = 1/8   -> 1
 *   cytrane   3/4*1/2 + 1/4*1/2                   = 1/2   -> 2
 *   amberine  3/4*2/3 + 1/4*1                     = 3/4   -> 3 */
START_TEST(two_records_compared)
{
    struct fx x;
    fx_init(&x);
    sdm_record *then = record_of(&x, "2025-12-01");
    sdm_formulary *revised = test_formulary(x.cat, REVISED_FORMULARY);
    sdm_ranking *r = NULL;
    ck_assert_ok(sdm_ranking_new(x.cat, &r));
    ck_assert_ok(sdm_ranking_avoid(r, "weight_gain", 1));
    ck_assert_ok(sdm_ranking_avoid(r, "dry_mouth", 2));
    ck_assert_ok(sdm_ranking_set_carer_involved(r, 1));
    ck_assert_ok(sdm_ranking_add_history(r, "borolide", SDM_OUTCOME_DID_NOT_HELP, NULL));
    sdm_match_options *o = NULL;
    ck_assert_ok(sdm_match_options_new(&o));
    ck_assert_ok(sdm_match_options_set_revisit(o, "2027-06-01"));
    sdm_match *m = NULL;
    ck_assert_ok(sdm_match_run(revised, r, o, &m));
    ck_assert_near(sdm_match_score(m, 0), 1.0 / 8);
    ck_assert_near(sdm_match_score(m, 2), 3.0 / 4);
    char *text = NULL;
    ck_assert_ok(sdm_record_to_json(m, "2026-12-06", &text));
    sdm_record *now = NULL;
    ck_assert_ok(sdm_record_from_json(x.cat, text, strlen(text), &now));
    sdm_free(text);

    ck_assert_ok(sdm_record_compare(then, now, &text));
    json_t *doc = parse(text);
    ck_assert_str_eq(json_string_value(json_object_get(doc, "format")), "sdm-record-comparison");
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(doc, "then"), "timestamp")), "2025-12-01");
    json_t *moved = json_object_get(json_object_get(doc, "preferences"), "avoid");
    ck_assert_uint_eq(json_array_size(moved), 3);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(moved, 0), "effect")), "weight_gain");
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(moved, 0), "rank_then")), 2);
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(moved, 0), "rank_now")), 1);
    ck_assert(json_is_null(json_object_get(json_array_get(moved, 1), "rank_then")));
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(json_object_get(doc, "preferences"),
                                                                      "helpful_removed"), 0)), "night_sleepiness");
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(json_object_get(doc, "history"), "added"), 0)),
                     "borolide");
    ck_assert_uint_eq(json_array_size(json_object_get(doc, "context")), 3);
    ck_assert(json_is_true(json_object_get(doc, "data_changed")));
    json_t *options = json_object_get(doc, "options");
    ck_assert_uint_eq(json_array_size(options), 4);
    ck_assert_str_eq(json_string_value(json_array_get(options, 0)), "scheme");
    ck_assert_str_eq(json_string_value(json_array_get(options, 3)), "exclude");
    json_t *rating = json_array_get(json_object_get(doc, "ratings"), 0);
    ck_assert_uint_eq(json_array_size(json_object_get(doc, "ratings")), 1);
    ck_assert_str_eq(json_string_value(json_object_get(rating, "medicine")), "amberine");
    ck_assert_str_eq(json_string_value(json_object_get(rating, "then")), "+");
    ck_assert_str_eq(json_string_value(json_object_get(rating, "now")), "++");
    ck_assert_str_eq(json_string_value(json_object_get(doc, "summary")),
                     "Putting on weight moved from rank 2 to rank 1. Dry mouth is now ranked 2. Shaking, ranked 1 "
                     "then, is not ranked now. Sleepy at night is no longer helpful. Tried since: Borolide (it did "
                     "not help). Who completed the form changed. Whether a carer took part changed. The date to "
                     "revisit changed. The data was version 2026.11-r, now 2026.12-r. The options of the match "
                     "changed. Amberine's Putting on weight was +, now ++. Amberine was 2, now 3. Cytrane is ranked "
                     "now: 2.");
    json_decref(doc);
    sdm_free(text);
    /* a record compared with itself */
    ck_assert_ok(sdm_record_compare(now, now, &text));
    doc = parse(text);
    ck_assert_str_eq(json_string_value(json_object_get(doc, "summary")), "Nothing has changed.");
    json_decref(doc);
    sdm_free(text);
    ck_assert_status(sdm_record_compare(NULL, now, &text), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_record_compare(then, now, NULL), SDM_ERR_INVALID_ARGUMENT);
    sdm_record_free(then);
    sdm_record_free(now);
    sdm_match_free(m);
    sdm_match_options_free(o);
    sdm_ranking_free(r);
    sdm_formulary_free(revised);
    fx_free(&x);
}
END_TEST

/* A record of `r` on `f` with `o`, read back. */
static sdm_record *record_of_run(const sdm_formulary *f, const sdm_ranking *r, const sdm_match_options *o,
                                 const char *timestamp)
{
    sdm_match *m = NULL;
    char *text = NULL;
    sdm_record *rec = NULL;
    ck_assert_ok(sdm_match_run(f, r, o, &m));
    ck_assert_ok(sdm_record_to_json(m, timestamp, &text));
    ck_assert_ok(sdm_record_from_json(sdm_formulary_catalogue(f), text, strlen(text), &rec));
    sdm_free(text);
    sdm_match_free(m);
    return rec;
}

/* Two records on the revised data, weight gain ranked 1 in both (ROC k = 1:
 * weight 1; severities 0, 1/3, 2/3, 1; unknown: the middle, 1/2):
 *   then  borolide 0 -> 1, cytrane 1/2 -> 2, amberine 2/3 -> 3; history:
 *         borolide did not help, amberine helped
 *   now   cytrane excluded: borolide 1, amberine 2; history: borolide was
 *         stopped (amberine no longer listed)
 * The comparison says the outcome that changed, the medicine no longer in
 * the history, the one no longer ranked and the one that moved. */
START_TEST(history_and_result_changes_compared)
{
    struct fx x;
    fx_init(&x);
    sdm_formulary *revised = test_formulary(x.cat, REVISED_FORMULARY);
    sdm_ranking *r_then = NULL, *r_now = NULL;
    ck_assert_ok(sdm_ranking_new(x.cat, &r_then));
    ck_assert_ok(sdm_ranking_avoid(r_then, "weight_gain", 1));
    ck_assert_ok(sdm_ranking_copy(r_then, &r_now));
    ck_assert_ok(sdm_ranking_add_history(r_then, "borolide", SDM_OUTCOME_DID_NOT_HELP, NULL));
    ck_assert_ok(sdm_ranking_add_history(r_then, "amberine", SDM_OUTCOME_HELPED, NULL));
    ck_assert_ok(sdm_ranking_add_history(r_now, "borolide", SDM_OUTCOME_STOPPED, NULL));
    sdm_match_options *o = NULL;
    ck_assert_ok(sdm_match_options_new(&o));
    sdm_record *then = record_of_run(revised, r_then, o, "2026-01-01");
    ck_assert_ok(sdm_match_options_exclude(o, "cytrane", "an allergy"));
    sdm_record *now = record_of_run(revised, r_now, o, "2026-06-01");
    ck_assert_str_eq(sdm_record_entry_id(then, 2), "amberine");
    ck_assert_int_eq(sdm_record_entry_rank(now, 1), 2);

    char *text = NULL;
    ck_assert_ok(sdm_record_compare(then, now, &text));
    json_t *doc = parse(text);
    json_t *history = json_object_get(doc, "history"), *result = json_object_get(doc, "result");
    ck_assert_uint_eq(json_array_size(json_object_get(history, "added")), 0);
    ck_assert_uint_eq(json_array_size(json_object_get(history, "removed")), 1);
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(history, "removed"), 0)), "amberine");
    json_t *changed = json_array_get(json_object_get(history, "changed"), 0);
    ck_assert_uint_eq(json_array_size(json_object_get(history, "changed")), 1);
    ck_assert_str_eq(json_string_value(json_object_get(changed, "medicine")), "borolide");
    ck_assert_str_eq(json_string_value(json_object_get(changed, "outcome_then")), "did_not_help");
    ck_assert_str_eq(json_string_value(json_object_get(changed, "outcome_now")), "stopped");
    ck_assert_uint_eq(json_array_size(json_object_get(result, "only_then")), 1);
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(result, "only_then"), 0)), "cytrane");
    json_t *moved = json_array_get(json_object_get(result, "moved"), 0);
    ck_assert_uint_eq(json_array_size(json_object_get(result, "moved")), 1);
    ck_assert_str_eq(json_string_value(json_object_get(moved, "medicine")), "amberine");
    ck_assert_int_eq(json_integer_value(json_object_get(moved, "rank_then")), 3);
    ck_assert_int_eq(json_integer_value(json_object_get(moved, "rank_now")), 2);
    ck_assert_uint_eq(json_array_size(json_object_get(result, "only_now")), 0);
    const char *summary = json_string_value(json_object_get(doc, "summary"));
    ck_assert_ptr_nonnull(strstr(summary, "Borolide: it did not help then, it was stopped now. "));
    ck_assert_ptr_nonnull(strstr(summary, "Cytrane was 2, now not ranked. "));
    ck_assert_ptr_nonnull(strstr(summary, "Amberine was 3, now 2."));
    json_decref(doc);
    sdm_free(text);
    sdm_record_free(then);
    sdm_record_free(now);
    sdm_match_options_free(o);
    sdm_ranking_free(r_now);
    sdm_ranking_free(r_then);
    sdm_formulary_free(revised);
    fx_free(&x);
}
END_TEST

/* Two records on the revised data, weight gain ranked 1 (ROC k = 1: weight 1;
 * severities 0, 1/3, 2/3, 1; unknown: the middle, 1/2):
 *   then  borolide excluded: cytrane 1/2 -> 1, amberine 2/3 -> 2
 *   now   night sleepiness helpful too, cytrane excluded, a trade-off on
 *         efficacy (no medicine has efficacy data: each lack imputed alike),
 *         the person detained: borolide (weight 0, night sleepiness +++, a
 *         benefit) -> 1, amberine -> 2
 * The comparison says the side effect now helpful, the medicine excluded now
 * and the one ranked now that was excluded, the detention and its
 * statement, and the keys of the options that changed: "exclude", and
 * "tradeoff", which only the second record has. */
START_TEST(exclusions_and_context_compared)
{
    struct fx x;
    fx_init(&x);
    sdm_formulary *revised = test_formulary(x.cat, REVISED_FORMULARY);
    sdm_ranking *r_then = NULL, *r_now = NULL;
    ck_assert_ok(sdm_ranking_new(x.cat, &r_then));
    ck_assert_ok(sdm_ranking_avoid(r_then, "weight_gain", 1));
    ck_assert_ok(sdm_ranking_copy(r_then, &r_now));
    ck_assert_ok(sdm_ranking_helpful(r_now, "night_sleepiness"));
    sdm_match_options *o_then = NULL, *o_now = NULL;
    ck_assert_ok(sdm_match_options_new(&o_then));
    ck_assert_ok(sdm_match_options_exclude(o_then, "borolide", NULL));
    ck_assert_ok(sdm_match_options_new(&o_now));
    ck_assert_ok(sdm_match_options_exclude(o_now, "cytrane", NULL));
    ck_assert_ok(sdm_match_options_set_tradeoff(o_now, 0.5));
    ck_assert_ok(sdm_match_options_set_detained(o_now, 1, "tablets only"));
    sdm_record *then = record_of_run(revised, r_then, o_then, "2026-01-01");
    sdm_record *now = record_of_run(revised, r_now, o_now, "2026-06-01");
    ck_assert_str_eq(sdm_record_entry_id(then, 0), "cytrane");
    ck_assert_str_eq(sdm_record_entry_id(now, 0), "borolide");

    char *text = NULL;
    ck_assert_ok(sdm_record_compare(then, now, &text));
    json_t *doc = parse(text);
    json_t *options = json_object_get(doc, "options");
    ck_assert_uint_eq(json_array_size(options), 2);
    ck_assert_str_eq(json_string_value(json_array_get(options, 0)), "exclude");
    ck_assert_str_eq(json_string_value(json_array_get(options, 1)), "tradeoff");
    json_t *result = json_object_get(doc, "result");
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(result, "only_then"), 0)), "cytrane");
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(result, "only_now"), 0)), "borolide");
    ck_assert_uint_eq(json_array_size(json_object_get(doc, "ratings")), 0);
    const char *summary = json_string_value(json_object_get(doc, "summary"));
    static const char *const said[] = {"Sleepy at night is now helpful. ", "Whether the person is detained changed. ",
                                       "The statement of the limits of choice changed. ",
                                       "The options of the match changed. ", "Cytrane was 1, now not ranked. ",
                                       "Borolide is ranked now: 1."};
    for (size_t i = 0; i < sizeof said / sizeof said[0]; i++)
        ck_assert_msg(strstr(summary, said[i]) != NULL, "'%s' is not in: %s", said[i], summary);
    json_decref(doc);
    sdm_free(text);
    sdm_record_free(then);
    sdm_record_free(now);
    sdm_match_options_free(o_now);
    sdm_match_options_free(o_then);
    sdm_ranking_free(r_now);
    sdm_ranking_free(r_then);
    sdm_formulary_free(revised);
    fx_free(&x);
}
END_TEST

static Suite *record_suite(void)
{
    Suite *s = suite_create("record");
    TCase *tc = tcase_create("record");
    ADD(tc, scores_by_hand);
    ADD(tc, record_content);
    ADD(tc, no_timestamp);
    ADD(tc, timestamp_escaped);
    ADD(tc, reopen);
    ADD(tc, reopen_errors);
    ADD(tc, record_after_inputs_freed);
    ADD(tc, default_data_record);
    ADD(tc, record_object_holds_its_own_result);
    ADD(tc, rerun_on_a_changed_formulary);
    ADD(tc, record_too_large_to_read_back);
    ADD(tc, record_keeps_the_decision_context);
    ADD(tc, personal_reading_changes_the_result);
    ADD(tc, same_contribution_other_source_keeps_its_own_text);
    ADD(tc, feedback_scores_by_hand);
    ADD(tc, feedback_in_the_record);
    ADD(tc, feedback_in_the_record_checked);
    ADD(tc, result_edits_refused);
    ADD(tc, two_records_compared);
    ADD(tc, history_and_result_changes_compared);
    ADD(tc, exclusions_and_context_compared);
    suite_add_tcase(s, tc);
    return s;
}

SDM_TEST_MAIN(record_suite)
