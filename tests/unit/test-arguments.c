/*
 * libsdm - bad arguments refused, each with its status and a message naming
 * the offending argument or value (error.h: "every failure returns a status
 * and leaves a message"): NULL pointers, limits of the history and of texts,
 * texts with control characters, dates that are not dates, feedback scores
 * out of range, records of different catalogues.
 * SPDX-License-Identifier: MIT
 */
#include "common.h"

/* A text of `n` copies of 'x' (free with free()). */
static char *long_text(size_t n)
{
    char *s = malloc(n + 1);
    ck_assert_ptr_nonnull(s);
    memset(s, 'x', n);
    s[n] = '\0';
    return s;
}

/* ---- history (history.h) -------------------------------------------------- */

START_TEST(history_limits_named)
{
    sdm_catalogue *cat = test_default_catalogue();
    sdm_ranking *r;
    ck_assert_ok(sdm_ranking_new(cat, &r));
    /* why it went as it did: SDM_MAX_STRING (4096) bytes at most */
    char *why = long_text(SDM_MAX_STRING + 1);
    ck_assert_status(sdm_ranking_add_history(r, "olanzapine", SDM_OUTCOME_STOPPED, why), SDM_ERR_LIMIT);
    ck_assert_error_has("why 'olanzapine' went as it did is longer than 4096 bytes");
    why[SDM_MAX_STRING] = '\0';
    ck_assert_ok(sdm_ranking_add_history(r, "olanzapine", SDM_OUTCOME_STOPPED, why));
    ck_assert_uint_eq(strlen(sdm_ranking_history_why(r, 0)), SDM_MAX_STRING);
    free(why);
    ck_assert_status(sdm_ranking_add_history(r, "olanzapine", SDM_OUTCOME_HELPED, NULL), SDM_ERR_DUPLICATE);
    ck_assert_error_has("'olanzapine' is already in the person's history");
    ck_assert_status(sdm_ranking_add_history(r, "Olanzapine!", SDM_OUTCOME_HELPED, NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("sdm_ranking_add_history: 'Olanzapine!' is not a valid id");
    ck_assert_status(sdm_ranking_add_history(r, "x", (sdm_outcome)99, NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("99 is not an outcome");
    ck_assert_status(sdm_ranking_add_history(r, "x", SDM_OUTCOME_HELPED, "line\nbreak"), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("why 'x' went as it did: the text holds a control character or a line break (U+000A) at "
                        "byte 4");
    /* SDM_MAX_HISTORY (64) medicines, then no more */
    char id[32];
    for (int i = 1; i < SDM_MAX_HISTORY; i++) {
        snprintf(id, sizeof id, "medicine_%d", i);
        ck_assert_ok(sdm_ranking_add_history(r, id, SDM_OUTCOME_HELPED, NULL));
    }
    ck_assert_uint_eq(sdm_ranking_history_count(r), SDM_MAX_HISTORY);
    ck_assert_status(sdm_ranking_add_history(r, "one_more", SDM_OUTCOME_HELPED, NULL), SDM_ERR_LIMIT);
    ck_assert_error_has("more than 64 medicines in the person's history");
    ck_assert_uint_eq(sdm_ranking_history_count(r), SDM_MAX_HISTORY);
    /* a copy holds the whole history, side effects had included */
    ck_assert_ok(sdm_ranking_history_had(r, "medicine_63", "weight_gain"));
    ck_assert_status(sdm_ranking_history_had(r, "nowhere", "weight_gain"), SDM_ERR_NOT_FOUND);
    ck_assert_error_has("'nowhere' is not in the person's history");
    sdm_ranking *copy;
    ck_assert_ok(sdm_ranking_copy(r, &copy));
    ck_assert_uint_eq(sdm_ranking_history_count(copy), SDM_MAX_HISTORY);
    ck_assert_str_eq(sdm_ranking_history_medication(copy, 63), "medicine_63");
    ck_assert_int_eq(sdm_ranking_history_had_effect(copy, 63, test_index(cat, "weight_gain")), 1);
    ck_assert_int_eq(sdm_ranking_history_had_effect(copy, 62, test_index(cat, "weight_gain")), 0);
    ck_assert_uint_eq(strlen(sdm_ranking_history_why(copy, 0)), SDM_MAX_STRING);
    sdm_ranking_free(copy);
    sdm_ranking_free(r);
    sdm_catalogue_free(cat);
}
END_TEST

/* ---- feedback (feedback.h) ------------------------------------------------ */

START_TEST(feedback_refusals_named)
{
    const int three[3] = {9, 9, 9}, low[3] = {-1, 0, 0};
    sdm_feedback *fb = NULL;
    ck_assert_status(sdm_feedback_new(SDM_INSTRUMENT_COLLABORATE, NULL, NULL, 3, &fb), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("sdm_feedback_new: the items is NULL");
    ck_assert_status(sdm_feedback_new(SDM_INSTRUMENT_COLLABORATE, NULL, three, 3, NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("sdm_feedback_new: the out pointer is NULL");
    ck_assert_status(sdm_feedback_new((sdm_instrument)7, NULL, three, 3, &fb), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("7 is not an instrument");
    ck_assert_status(sdm_feedback_new(SDM_INSTRUMENT_COLLABORATE, NULL, low, 3, &fb), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("item 1 of collaborate is -1: each item is scored 0 to 9");
    char *version = long_text(SDM_MAX_STRING + 1);
    ck_assert_status(sdm_feedback_new(SDM_INSTRUMENT_COLLABORATE, version, three, 3, &fb), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("the version of the instrument is too long");
    free(version);
    /* bidirectional controls: U+200F (right-to-left mark) after "v1", U+061C (Arabic letter mark) at the start */
    ck_assert_status(sdm_feedback_new(SDM_INSTRUMENT_COLLABORATE, "v1\xE2\x80\x8F", three, 3, &fb),
                     SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("the version of the instrument holds a bidirectional control character (U+200F) at byte 2");
    ck_assert_status(sdm_feedback_new(SDM_INSTRUMENT_COLLABORATE, "\xD8\x9Cv1", three, 3, &fb),
                     SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("the version of the instrument holds a bidirectional control character (U+061C) at byte 0");
    ck_assert_ptr_null(fb);
    /* CollaboRATE at 9, 9, 9: the top score, 27 of 27 = 100 */
    ck_assert_ok(sdm_feedback_new(SDM_INSTRUMENT_COLLABORATE, "CollaboRATE 3-item", three, 3, &fb));
    ck_assert_int_eq(sdm_feedback_top_score(fb), 1);
    ck_assert_double_eq(sdm_feedback_score(fb), 100.0);
    ck_assert_str_eq(sdm_feedback_version(fb), "CollaboRATE 3-item");
    sdm_feedback_free(fb);
}
END_TEST

/* ---- options (options.h) -------------------------------------------------- */

START_TEST(option_refusals_named)
{
    ck_assert_status(sdm_match_options_set_detained(NULL, 1, "only depot"), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("sdm_match_options_set_detained: the options are NULL");
    ck_assert_status(sdm_match_options_set_revisit(NULL, "2027-01-01"), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("sdm_match_options_set_revisit: the options are NULL");
    ck_assert_status(sdm_match_options_set_evidence(NULL, SDM_EVIDENCE_NUMERIC), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("sdm_match_options_set_evidence: the options are NULL");
    ck_assert_status(sdm_ranking_set_carer_involved(NULL, 1), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("sdm_ranking_set_carer_involved: the ranking is NULL");

    sdm_match_options *o;
    ck_assert_ok(sdm_match_options_new(&o));
    char *limits = long_text(SDM_MAX_STRING + 1);
    ck_assert_status(sdm_match_options_set_detained(o, 1, limits), SDM_ERR_LIMIT);
    ck_assert_error_has("the statement of the limits of choice is longer than 4096 bytes");
    free(limits);
    ck_assert_int_eq(sdm_match_options_detained(o), 0);
    ck_assert_ptr_null(sdm_match_options_limits(o));
    ck_assert_status(sdm_match_options_set_detained(o, 1, "  "), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("a person who is detained needs the clinician's statement of the limits of choice: the "
                        "statement is blank");

    /* dates to revisit: YYYY-MM-DD, a day the month has (29 February in leap
     * years: 2024 and 2000, not 2100), nothing else */
    static const char *const good[] = {"2024-02-29", "2000-02-29", "2027-12-31"};
    for (size_t i = 0; i < 3; i++) {
        ck_assert_ok(sdm_match_options_set_revisit(o, good[i]));
        ck_assert_str_eq(sdm_match_options_revisit(o), good[i]);
    }
    static const char *const bad[] = {"2100-02-29", "2026-02-29", "2026-04-31", "2026-13-01", "2026-00-10",
                                      "2026-01-00", "2026", "2026-01", "20x6-01-01", "2026/01/01", "2026-1a-01",
                                      "2026-01/01", "2026-01-0b"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_status(sdm_match_options_set_revisit(o, bad[i]), SDM_ERR_INVALID_ARGUMENT);
        char expected[96];
        snprintf(expected, sizeof expected, "the date to revisit '%s' is not a date YYYY-MM-DD", bad[i]);
        ck_assert_error_has(expected);
    }
    ck_assert_str_eq(sdm_match_options_revisit(o), "2027-12-31"); /* unchanged by the refusals */
    ck_assert_ok(sdm_match_options_set_revisit(o, NULL));
    ck_assert_str_eq(sdm_match_options_revisit(o), "");
    sdm_match_options_free(o);
}
END_TEST

/* ---- readings and evidence (evidence.h) ------------------------------------ */

START_TEST(reading_refusals_named)
{
    char *text = NULL;
    ck_assert_status(sdm_profile_describe_readings(NULL, 0, &text), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("sdm_profile_describe_readings: the medicine is NULL");
    ck_assert_status(sdm_evidence_describe(NULL, &text), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("sdm_evidence_describe: the evidence is NULL");
    sdm_catalogue *cat = test_default_catalogue();
    sdm_formulary *f = test_default_formulary(cat);
    const sdm_profile *p = sdm_formulary_find(f, "olanzapine");
    ck_assert_status(sdm_profile_describe_readings(p, 0, NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("sdm_profile_describe_readings: the out pointer is NULL");
    ck_assert_status(sdm_profile_describe_readings(p, 36, &text), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("sdm_profile_describe_readings: the side effect index is out of range");
    ck_assert_ptr_null(text);
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

/* ---- records (record.h) ---------------------------------------------------- */

/* A record of one ranking (`effect` first) on `f`, read back. */
static sdm_record *record_of(const sdm_formulary *f, const char *effect)
{
    const sdm_catalogue *cat = sdm_formulary_catalogue(f);
    sdm_ranking *r;
    sdm_match *m;
    char *json;
    sdm_record *rec;
    ck_assert_ok(sdm_ranking_new(cat, &r));
    ck_assert_ok(sdm_ranking_avoid(r, effect, 1));
    ck_assert_ok(sdm_match_run(f, r, NULL, &m));
    ck_assert_ok(sdm_record_to_json(m, "2026-12-06T12:00:00Z", &json));
    ck_assert_ok(sdm_record_from_json(cat, json, strlen(json), &rec));
    sdm_free(json);
    sdm_match_free(m);
    sdm_ranking_free(r);
    return rec;
}

START_TEST(record_refusals_named)
{
    sdm_record *rec = NULL;
    ck_assert_status(sdm_record_from_json(NULL, "{}", 2, &rec), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("sdm_record_from_json: the catalogue is NULL");
    sdm_catalogue *cat = test_default_catalogue();
    ck_assert_status(sdm_record_from_json(cat, "{}", 2, NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("sdm_record_from_json: the out pointer is NULL");
    ck_assert_ptr_null(rec);

    sdm_formulary *f = test_default_formulary(cat);
    sdm_catalogue *c6 = test6_catalogue();
    sdm_formulary *f6 = test_formulary(c6,
        "{'format': 'sdm-formulary', 'format_version': 1, 'version': 't', "
        "'sources': [{'key': 's', 'citation': 'hand-made'}], 'medications': ["
        "{'id': 'alpha', 'name': 'Alpha', 'ratings': {" R("weight_gain", 1) "}}]}");
    sdm_record *then = record_of(f, "weight_gain"), *now = record_of(f6, "weight_gain");
    char *out = NULL;
    ck_assert_status(sdm_record_compare(NULL, now, &out), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("sdm_record_compare: the first record is NULL");
    ck_assert_status(sdm_record_compare(then, NULL, &out), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("sdm_record_compare: the second record is NULL");
    ck_assert_status(sdm_record_compare(then, then, NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("sdm_record_compare: the out pointer is NULL");
    ck_assert_status(sdm_record_compare(then, now, &out), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("the records use the catalogues 'manchester-36' and 'test-6'; they differ");
    ck_assert_ptr_null(out);
    sdm_record_free(now);
    sdm_record_free(then);
    sdm_formulary_free(f6);
    sdm_catalogue_free(c6);
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

/* ---- the acceptability analysis (acceptability.h) -------------------------- */

START_TEST(acceptability_refusals_named)
{
    sdm_catalogue *cat = test_default_catalogue();
    sdm_formulary *f = test_default_formulary(cat);
    sdm_ranking *r;
    sdm_acceptability *a = NULL;
    ck_assert_ok(sdm_ranking_new(cat, &r));
    ck_assert_ok(sdm_ranking_avoid(r, "weight_gain", 1));
    ck_assert_status(sdm_acceptability_run(NULL, r, NULL, &a), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("the formulary");
    ck_assert_status(sdm_acceptability_run(f, NULL, NULL, &a), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("the ranking");
    ck_assert_status(sdm_acceptability_run(f, r, NULL, NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("the out pointer");
    /* a medicine of the history that the formulary does not hold */
    ck_assert_ok(sdm_ranking_add_history(r, "olanzapin", SDM_OUTCOME_STOPPED, NULL));
    ck_assert_status(sdm_acceptability_run(f, r, NULL, &a), SDM_ERR_NOT_FOUND);
    ck_assert_error_has("'olanzapin'");
    ck_assert_ptr_null(a);
    char *text = NULL;
    ck_assert_status(sdm_acceptability_text(NULL, &text), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("sdm_acceptability_text");
    ck_assert_status(sdm_acceptability_to_json(NULL, &text), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("sdm_acceptability_to_json");
    ck_assert_ptr_null(text);
    int32_t rows[1] = {0};
    double first[19];
    ck_assert_status(sdm_acceptability_batch(NULL, NULL, rows, 1, 1, NULL, 0, first, NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("the formulary");
    ck_assert_status(sdm_acceptability_batch(f, NULL, NULL, 1, 1, NULL, 0, first, NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("the rankings");
    ck_assert_status(sdm_acceptability_batch(f, NULL, rows, 1, 1, NULL, 0, NULL, NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("'first'");
    ck_assert_status(sdm_acceptability_batch(f, NULL, rows, 1, 1, NULL, 2, first, NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("helpful");
    ck_assert_status(sdm_acceptability_batch(f, NULL, rows, 1, 1, rows, SDM_MAX_ITEMS + 1, first, NULL),
                     SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("SDM_MAX_ITEMS");
    sdm_ranking_free(r);
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

static Suite *arguments_suite(void)
{
    Suite *s = suite_create("arguments");
    TCase *tc = tcase_create("arguments");
    ADD(tc, history_limits_named);
    ADD(tc, feedback_refusals_named);
    ADD(tc, option_refusals_named);
    ADD(tc, reading_refusals_named);
    ADD(tc, record_refusals_named);
    ADD(tc, acceptability_refusals_named);
    suite_add_tcase(s, tc);
    return s;
}

SDM_TEST_MAIN(arguments_suite)
