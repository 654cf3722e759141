/* libsdm - the getters of the public headers (history, risks, efficacy,
 * catalogue, formulary sources, licences, products, restrictions, readings
 * and evidence, matches, options, records, feedback, the acceptability
 * analysis) given NULL or an index
 * out of range: each returns its documented "nothing" (0, NULL, NaN, -1, the
 * unspecified or unstated value) and never reads through the pointer.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>

#include "common.h"

START_TEST(history_getters_of_nothing)
{
    ck_assert_uint_eq(sdm_ranking_history_count(NULL), 0);
    ck_assert_ptr_null(sdm_ranking_history_medication(NULL, 0));
    ck_assert_int_eq(sdm_ranking_history_outcome(NULL, 0), SDM_OUTCOME_UNSPECIFIED);
    ck_assert_ptr_null(sdm_ranking_history_why(NULL, 0));
    ck_assert_int_eq(sdm_ranking_history_had_effect(NULL, 0, 0), 0);

    sdm_catalogue *cat;
    sdm_ranking *r;
    ck_assert_int_eq(sdm_catalogue_default(&cat), SDM_OK);
    ck_assert_int_eq(sdm_ranking_new(cat, &r), SDM_OK);
    /* an empty history: index 0 is out of range */
    ck_assert_uint_eq(sdm_ranking_history_count(r), 0);
    ck_assert_ptr_null(sdm_ranking_history_medication(r, 0));
    ck_assert_int_eq(sdm_ranking_history_outcome(r, 0), SDM_OUTCOME_UNSPECIFIED);
    ck_assert_ptr_null(sdm_ranking_history_why(r, 0));
    ck_assert_int_eq(sdm_ranking_add_history(r, "olanzapine", SDM_OUTCOME_STOPPED, "weight gain"), SDM_OK);
    ck_assert_int_eq(sdm_ranking_history_had(r, "olanzapine", "weight_gain"), SDM_OK);
    ck_assert_str_eq(sdm_ranking_history_medication(r, 0), "olanzapine");
    ck_assert_int_eq(sdm_ranking_history_outcome(r, 0), SDM_OUTCOME_STOPPED);
    ck_assert_str_eq(sdm_ranking_history_why(r, 0), "weight gain");
    /* a side effect index past the catalogue's 36: not had */
    ck_assert_int_eq(sdm_ranking_history_had_effect(r, 0, 36), 0);
    ck_assert_int_eq(sdm_ranking_history_had_effect(r, 1, 0), 0);
    /* NULL arguments are refused with the argument named */
    ck_assert_int_eq(sdm_ranking_add_history(NULL, "olanzapine", SDM_OUTCOME_HELPED, NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(sdm_ranking_add_history(r, NULL, SDM_OUTCOME_HELPED, NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(sdm_ranking_history_had(NULL, "olanzapine", "weight_gain"), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(sdm_ranking_history_had(r, "olanzapine", NULL), SDM_ERR_INVALID_ARGUMENT);
    sdm_ranking_free(r);
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(risk_getters_of_nothing)
{
    ck_assert_uint_eq(sdm_profile_risk_count(NULL), 0);
    ck_assert_ptr_null(sdm_profile_risk(NULL, 0));
    ck_assert_uint_eq(sdm_formulary_class_risk_count(NULL), 0);
    ck_assert_ptr_null(sdm_formulary_class_risk(NULL, 0));
    ck_assert_ptr_null(sdm_risk_id(NULL));
    ck_assert_ptr_null(sdm_risk_name(NULL));
    ck_assert_ptr_null(sdm_risk_words(NULL));
    ck_assert_ptr_null(sdm_risk_frequency(NULL));
    ck_assert_ptr_null(sdm_risk_formulation(NULL));
    ck_assert_ptr_null(sdm_risk_source(NULL));
    ck_assert_int_eq(sdm_risk_reliability(NULL), SDM_RELIABILITY_UNSTATED);
    ck_assert_ptr_null(sdm_risk_document(NULL));
    ck_assert_int_eq(sdm_risk_is_class(NULL), 0);

    sdm_catalogue *cat;
    sdm_formulary *f;
    ck_assert_int_eq(sdm_catalogue_default(&cat), SDM_OK);
    ck_assert_int_eq(sdm_formulary_default(cat, &f), SDM_OK);
    size_t classes = sdm_formulary_class_risk_count(f);
    ck_assert_ptr_null(sdm_formulary_class_risk(f, classes));
    const sdm_profile *p = sdm_formulary_find(f, "clozapine");
    ck_assert_ptr_nonnull(p);
    ck_assert_ptr_null(sdm_profile_risk(p, sdm_profile_risk_count(p)));
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(efficacy_getters_of_nothing)
{
    ck_assert_ptr_null(sdm_profile_efficacy(NULL));
    ck_assert(isnan(sdm_efficacy_smd(NULL)));
    ck_assert(isnan(sdm_efficacy_ci_low(NULL)));
    ck_assert(isnan(sdm_efficacy_ci_high(NULL)));
    ck_assert_int_eq(sdm_efficacy_studies(NULL), 0);
    ck_assert_ptr_null(sdm_efficacy_source(NULL));
    ck_assert_ptr_null(sdm_efficacy_outcome(NULL));
    ck_assert_int_eq(sdm_efficacy_confidence(NULL), SDM_CONFIDENCE_NOT_GRADED);
    ck_assert_ptr_null(sdm_efficacy_note(NULL));
    ck_assert_int_eq(sdm_efficacy_includes_no_effect(NULL), 0);
    ck_assert_int_eq(sdm_efficacy_uncertain(NULL), 0);
}
END_TEST

START_TEST(catalogue_getters_of_nothing)
{
    ck_assert_ptr_null(sdm_catalogue_id(NULL, 0));
    ck_assert_ptr_null(sdm_catalogue_label(NULL, 0));
    ck_assert_ptr_null(sdm_catalogue_dimension(NULL, 0));
    ck_assert_int_eq(sdm_catalogue_commonly_helpful(NULL, 0), 0);
    ck_assert_uint_eq(sdm_catalogue_item_group(NULL, 0), (size_t)-1);
    sdm_catalogue *cat = test_default_catalogue();
    /* the default catalogue has 36 side effects: 35 is the last, 36 is past it */
    ck_assert_str_eq(sdm_catalogue_id(cat, 35), DEFAULT_ITEMS[35].id);
    ck_assert_ptr_null(sdm_catalogue_id(cat, 36));
    ck_assert_ptr_null(sdm_catalogue_label(cat, 36));
    ck_assert_ptr_null(sdm_catalogue_dimension(cat, 36));
    ck_assert_int_eq(sdm_catalogue_commonly_helpful(cat, 36), 0);
    ck_assert_uint_eq(sdm_catalogue_item_group(cat, 36), (size_t)-1);
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(formulary_source_getters_of_nothing)
{
    ck_assert_uint_eq(sdm_formulary_source_count(NULL), 0);
    ck_assert_ptr_null(sdm_formulary_source_key(NULL, 0));
    ck_assert_ptr_null(sdm_formulary_source_citation(NULL, 0));
    ck_assert_ptr_null(sdm_formulary_source_url(NULL, 0));
    ck_assert_ptr_null(sdm_formulary_source_label(NULL, 0));
    ck_assert_ptr_null(sdm_formulary_source_note(NULL, 0));
    ck_assert_ptr_null(sdm_formulary_source_edition(NULL, 0));
    ck_assert_int_eq(sdm_formulary_source_reliability(NULL, 0), SDM_RELIABILITY_UNSTATED);
    ck_assert_int_eq(sdm_formulary_source_decides(NULL, 0), 0);
    ck_assert_int_eq(sdm_formulary_format_version(NULL), 0);
    sdm_catalogue *cat = test_default_catalogue();
    sdm_formulary *f = test_default_formulary(cat);
    size_t n = sdm_formulary_source_count(f);
    ck_assert_uint_gt(n, 0);
    ck_assert_ptr_nonnull(sdm_formulary_source_key(f, n - 1));
    ck_assert_ptr_null(sdm_formulary_source_key(f, n));
    ck_assert_ptr_null(sdm_formulary_source_citation(f, n));
    ck_assert_ptr_null(sdm_formulary_source_url(f, n));
    ck_assert_ptr_null(sdm_formulary_source_label(f, n));
    ck_assert_ptr_null(sdm_formulary_source_note(f, n));
    ck_assert_ptr_null(sdm_formulary_source_edition(f, n));
    ck_assert_int_eq(sdm_formulary_source_reliability(f, n), SDM_RELIABILITY_UNSTATED);
    ck_assert_int_eq(sdm_formulary_source_decides(f, n), 0);
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(licence_product_restriction_getters_of_nothing)
{
    ck_assert_uint_eq(sdm_profile_licence_detail_count(NULL), 0);
    ck_assert_ptr_null(sdm_profile_licence_detail(NULL, 0));
    ck_assert_ptr_null(sdm_profile_licence_detail_for(NULL, "UK"));
    ck_assert_ptr_null(sdm_licence_country(NULL));
    ck_assert_int_eq(sdm_licence_get_status(NULL), SDM_LICENCE_NOT_RECORDED);
    ck_assert_ptr_null(sdm_licence_date(NULL));
    ck_assert_ptr_null(sdm_licence_note(NULL));
    ck_assert_ptr_null(sdm_licence_source(NULL));
    ck_assert_int_eq(sdm_licence_reliability(NULL), SDM_RELIABILITY_UNSTATED);
    ck_assert_ptr_null(sdm_licence_document(NULL));

    ck_assert_uint_eq(sdm_profile_product_count(NULL), 0);
    ck_assert_ptr_null(sdm_profile_product(NULL, 0));
    ck_assert_ptr_null(sdm_product_formulation(NULL));
    ck_assert_ptr_null(sdm_product_name(NULL));
    ck_assert_ptr_null(sdm_product_interval(NULL));
    ck_assert_ptr_null(sdm_product_country(NULL));
    ck_assert_ptr_null(sdm_product_note(NULL));
    ck_assert_ptr_null(sdm_product_source(NULL));
    ck_assert_int_eq(sdm_product_reliability(NULL), SDM_RELIABILITY_UNSTATED);
    ck_assert_ptr_null(sdm_product_document(NULL));

    ck_assert_uint_eq(sdm_profile_restriction_count(NULL), 0);
    ck_assert_ptr_null(sdm_profile_restriction(NULL, 0));
    ck_assert_ptr_null(sdm_restriction_context(NULL));
    ck_assert_ptr_null(sdm_restriction_requirement(NULL));
    ck_assert_ptr_null(sdm_restriction_country(NULL));
    ck_assert_ptr_null(sdm_restriction_formulation(NULL));
    ck_assert_ptr_null(sdm_restriction_source(NULL));
    ck_assert_int_eq(sdm_restriction_reliability(NULL), SDM_RELIABILITY_UNSTATED);
    ck_assert_ptr_null(sdm_restriction_document(NULL));

    /* past the last of each on a medicine of the default data */
    sdm_catalogue *cat = test_default_catalogue();
    sdm_formulary *f = test_default_formulary(cat);
    const sdm_profile *p = sdm_formulary_find(f, "clozapine");
    ck_assert_ptr_nonnull(p);
    ck_assert_ptr_null(sdm_profile_licence_detail(p, sdm_profile_licence_detail_count(p)));
    ck_assert_ptr_null(sdm_profile_licence_detail_for(p, NULL));
    ck_assert_ptr_null(sdm_profile_product(p, sdm_profile_product_count(p)));
    ck_assert_uint_gt(sdm_profile_restriction_count(p), 0);
    ck_assert_ptr_null(sdm_profile_restriction(p, sdm_profile_restriction_count(p)));
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(reading_and_evidence_getters_of_nothing)
{
    ck_assert_int_eq(sdm_profile_rating_by(NULL, 0, SDM_SYNTHESIS_CONSENSUS), SDM_RATING_UNKNOWN);
    ck_assert_uint_eq(sdm_profile_reading_count(NULL, 0), 0);
    ck_assert_ptr_null(sdm_profile_reading(NULL, 0, 0));
    ck_assert_int_eq(sdm_profile_spread(NULL, 0), -1);
    ck_assert_uint_eq(sdm_profile_evidence_count(NULL, 0), 0);
    ck_assert_ptr_null(sdm_profile_evidence(NULL, 0, 0));
    ck_assert_ptr_null(sdm_evidence_note(NULL));

    sdm_catalogue *cat = test_default_catalogue();
    sdm_formulary *f = test_default_formulary(cat);
    const sdm_profile *p = sdm_formulary_find(f, "olanzapine");
    ck_assert_ptr_nonnull(p);
    /* side effect 36 is past the catalogue's end */
    ck_assert_int_eq(sdm_profile_rating_by(p, 36, SDM_SYNTHESIS_CONSENSUS), SDM_RATING_UNKNOWN);
    ck_assert_uint_eq(sdm_profile_reading_count(p, 36), 0);
    ck_assert_ptr_null(sdm_profile_reading(p, 36, 0));
    ck_assert_int_eq(sdm_profile_spread(p, 36), -1);
    ck_assert_uint_eq(sdm_profile_evidence_count(p, 36), 0);
    ck_assert_ptr_null(sdm_profile_evidence(p, 36, 0));
    /* a rule that is none of the three */
    size_t weight = test_index(cat, "weight_gain");
    ck_assert_int_eq(sdm_profile_rating_by(p, weight, (sdm_synthesis)99), SDM_RATING_UNKNOWN);
    /* a reading and a number past the cell's last */
    size_t readings = sdm_profile_reading_count(p, weight);
    ck_assert_uint_gt(readings, 0);
    ck_assert_ptr_nonnull(sdm_profile_reading(p, weight, readings - 1));
    ck_assert_ptr_null(sdm_profile_reading(p, weight, readings));
    ck_assert_ptr_null(sdm_profile_evidence(p, weight, sdm_profile_evidence_count(p, weight)));
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(match_getters_of_nothing)
{
    ck_assert_ptr_null(sdm_match_profile(NULL, 0));
    ck_assert(isnan(sdm_match_score(NULL, 0)));
    ck_assert_int_eq(sdm_match_rank(NULL, 0), 0);
    ck_assert_uint_eq(sdm_match_unknown_count(NULL, 0), 0);
    ck_assert_uint_eq(sdm_match_term_effect(NULL, 0), (size_t)-1);
    ck_assert_int_eq(sdm_match_term_rank(NULL, 0), 0);
    ck_assert(isnan(sdm_match_term_weight(NULL, 0)));
    ck_assert_int_eq(sdm_match_rating(NULL, 0, 0), SDM_RATING_UNKNOWN);
    ck_assert(isnan(sdm_match_contribution(NULL, 0, 0)));
    ck_assert_ptr_null(sdm_match_excluded_profile(NULL, 0));
    ck_assert_ptr_null(sdm_match_excluded_reason(NULL, 0));
    ck_assert_int_eq(sdm_match_term_source(NULL, 0, 0), 0);
    ck_assert(isnan(sdm_match_term_value(NULL, 0, 0)));
    ck_assert_ptr_null(sdm_match_term_evidence(NULL, 0, 0));
    ck_assert(isnan(sdm_match_efficacy_lack(NULL, 0)));
    ck_assert(isnan(sdm_match_efficacy_contribution(NULL, 0)));
    ck_assert_int_eq(sdm_match_efficacy_imputed(NULL, 0), 0);

    /* A match of the default data on one side effect, with a trade-off:
     * n ranked medicines, one term; entry n and term 1 are past the end. */
    sdm_catalogue *cat = test_default_catalogue();
    sdm_formulary *f = test_default_formulary(cat);
    sdm_ranking *r;
    sdm_match_options *o;
    sdm_match *m;
    ck_assert_ok(sdm_ranking_new(cat, &r));
    ck_assert_ok(sdm_ranking_avoid(r, "weight_gain", 1));
    ck_assert_ok(sdm_match_options_new(&o));
    ck_assert_ok(sdm_match_options_set_tradeoff(o, 0.5));
    ck_assert_ok(sdm_match_run(f, r, o, &m));
    size_t n = sdm_match_count(m);
    ck_assert_uint_gt(n, 0);
    ck_assert_uint_eq(sdm_match_term_count(m), 1);
    ck_assert_ptr_null(sdm_match_profile(m, n));
    ck_assert(isnan(sdm_match_score(m, n)));
    ck_assert_int_eq(sdm_match_rank(m, n), 0);
    ck_assert_uint_eq(sdm_match_unknown_count(m, n), 0);
    ck_assert_uint_eq(sdm_match_term_effect(m, 1), (size_t)-1);
    ck_assert_int_eq(sdm_match_term_rank(m, 1), 0);
    ck_assert(isnan(sdm_match_term_weight(m, 1)));
    ck_assert_int_eq(sdm_match_rating(m, n, 0), SDM_RATING_UNKNOWN);
    ck_assert_int_eq(sdm_match_rating(m, 0, 1), SDM_RATING_UNKNOWN);
    ck_assert(isnan(sdm_match_contribution(m, n, 0)));
    ck_assert(isnan(sdm_match_contribution(m, 0, 1)));
    ck_assert_ptr_null(sdm_match_excluded_profile(m, sdm_match_excluded_count(m)));
    ck_assert_ptr_null(sdm_match_excluded_reason(m, sdm_match_excluded_count(m)));
    ck_assert_int_eq(sdm_match_term_source(m, n, 0), 0);
    ck_assert_int_eq(sdm_match_term_source(m, 0, 1), 0);
    ck_assert(isnan(sdm_match_term_value(m, 0, 1)));
    ck_assert_ptr_null(sdm_match_term_evidence(m, 0, 1));
    /* the trade-off is 0.5: the first medicine's lack is a number on [0, 1],
     * its contribution half of it; past the end, NaN and 0 */
    double lack = sdm_match_efficacy_lack(m, 0);
    ck_assert(lack >= 0.0 && lack <= 1.0);
    ck_assert_double_eq(sdm_match_efficacy_contribution(m, 0), 0.5 * lack);
    ck_assert(isnan(sdm_match_efficacy_lack(m, n)));
    ck_assert(isnan(sdm_match_efficacy_contribution(m, n)));
    ck_assert_int_eq(sdm_match_efficacy_imputed(m, n), 0);
    sdm_match_free(m);
    /* without a trade-off: no lack (NaN), nothing imputed, a contribution of 0 */
    ck_assert_ok(sdm_match_run(f, r, NULL, &m));
    ck_assert(isnan(sdm_match_efficacy_lack(m, 0)));
    ck_assert_int_eq(sdm_match_efficacy_imputed(m, 0), 0);
    ck_assert_double_eq(sdm_match_efficacy_contribution(m, 0), 0.0);
    sdm_match_free(m);
    sdm_match_options_free(o);
    sdm_ranking_free(r);
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(options_and_ranking_getters_of_nothing)
{
    ck_assert_double_eq(sdm_match_options_helpful_weight(NULL), SDM_HELPFUL_WEIGHT_AUTO);
    ck_assert_uint_eq(sdm_match_options_context_count(NULL), 0);
    ck_assert_ptr_null(sdm_match_options_context(NULL, 0));
    ck_assert_int_eq(sdm_match_options_detained(NULL), 0);
    ck_assert_ptr_null(sdm_match_options_limits(NULL));
    ck_assert_ptr_null(sdm_match_options_revisit(NULL));
    ck_assert_int_eq(sdm_match_options_evidence(NULL), SDM_EVIDENCE_ORDINAL);
    ck_assert_double_eq(sdm_match_options_tradeoff(NULL), 0.0);
    ck_assert_int_eq(sdm_ranking_carer_involved(NULL), 0);
    sdm_match_options *o;
    ck_assert_ok(sdm_match_options_new(&o));
    ck_assert_uint_eq(sdm_match_options_context_count(o), 0);
    ck_assert_ptr_null(sdm_match_options_context(o, 0));
    ck_assert_str_eq(sdm_match_options_revisit(o), "");
    ck_assert_ptr_null(sdm_match_options_limits(o));
    sdm_match_options_free(o);
}
END_TEST

/* A record of the default data (weight gain ranked first, clozapine
 * excluded by the options): its getters past its last entry, and NULL. */
START_TEST(record_getters_of_nothing)
{
    ck_assert_ptr_null(sdm_record_ranking(NULL));
    ck_assert_ptr_null(sdm_record_options(NULL));
    ck_assert_ptr_null(sdm_record_data_version(NULL));
    ck_assert_ptr_null(sdm_record_library_version(NULL));
    ck_assert_ptr_null(sdm_record_timestamp(NULL));
    ck_assert_ptr_null(sdm_record_formulary_id(NULL));
    ck_assert_uint_eq(sdm_record_ranked_count(NULL), 0);
    ck_assert_uint_eq(sdm_record_excluded_count(NULL), 0);
    ck_assert_ptr_null(sdm_record_entry_id(NULL, 0));
    ck_assert_ptr_null(sdm_record_entry_name(NULL, 0));
    ck_assert_int_eq(sdm_record_entry_rank(NULL, 0), 0);
    ck_assert(isnan(sdm_record_entry_score(NULL, 0)));
    ck_assert_ptr_null(sdm_record_entry_reason(NULL, 0));
    ck_assert_ptr_null(sdm_record_feedback(NULL));

    sdm_catalogue *cat = test_default_catalogue();
    sdm_formulary *f = test_default_formulary(cat);
    sdm_ranking *r;
    sdm_match_options *o;
    sdm_match *m;
    ck_assert_ok(sdm_ranking_new(cat, &r));
    ck_assert_ok(sdm_ranking_avoid(r, "weight_gain", 1));
    ck_assert_ok(sdm_match_options_new(&o));
    ck_assert_ok(sdm_match_options_exclude(o, "clozapine", "blood tests"));
    ck_assert_ok(sdm_match_run(f, r, o, &m));
    char *json;
    ck_assert_ok(sdm_record_to_json(m, "2026-12-06T12:00:00Z", &json));
    sdm_record *rec;
    ck_assert_ok(sdm_record_from_json(cat, json, strlen(json), &rec));
    ck_assert_str_eq(sdm_record_timestamp(rec), "2026-12-06T12:00:00Z");
    ck_assert_ptr_nonnull(sdm_record_options(rec));
    ck_assert_ptr_nonnull(sdm_record_data_version(rec));
    ck_assert_ptr_nonnull(sdm_record_library_version(rec));
    ck_assert_ptr_nonnull(sdm_record_formulary_id(rec));
    ck_assert_ptr_null(sdm_record_feedback(rec));
    size_t ranked = sdm_record_ranked_count(rec), all = ranked + sdm_record_excluded_count(rec);
    ck_assert_uint_eq(ranked, sdm_match_count(m));
    ck_assert_uint_ge(sdm_record_excluded_count(rec), 1);
    /* the last entry is an excluded one: a reason, no score; past it, nothing */
    ck_assert_ptr_nonnull(sdm_record_entry_reason(rec, all - 1));
    ck_assert(isnan(sdm_record_entry_score(rec, all - 1)));
    ck_assert_ptr_null(sdm_record_entry_reason(rec, 0));
    ck_assert_ptr_null(sdm_record_entry_id(rec, all));
    ck_assert_ptr_null(sdm_record_entry_name(rec, all));
    ck_assert_int_eq(sdm_record_entry_rank(rec, all), 0);
    ck_assert(isnan(sdm_record_entry_score(rec, all)));
    ck_assert_ptr_null(sdm_record_entry_reason(rec, all));
    sdm_record_free(rec);
    sdm_free(json);
    sdm_match_free(m);
    sdm_match_options_free(o);
    sdm_ranking_free(r);
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(feedback_getters_of_nothing)
{
    ck_assert_int_eq(sdm_feedback_instrument(NULL), 0);
    ck_assert_ptr_null(sdm_feedback_version(NULL));
    ck_assert_uint_eq(sdm_feedback_item_count(NULL), 0);
    ck_assert_int_eq(sdm_feedback_item(NULL, 0), -1);
    ck_assert(isnan(sdm_feedback_score(NULL)));
    ck_assert_int_eq(sdm_feedback_top_score(NULL), 0);
    /* the SDM-Q-9 at its highest: 9 x 5 = 45 of 45, a score of 100, but the
     * top score is CollaboRATE's alone; item 9 is past the last */
    const int items[9] = {5, 5, 5, 5, 5, 5, 5, 5, 5};
    sdm_feedback *fb;
    ck_assert_ok(sdm_feedback_new(SDM_INSTRUMENT_SDM_Q9, NULL, items, 9, &fb));
    ck_assert_str_eq(sdm_feedback_version(fb), "");
    ck_assert_double_eq(sdm_feedback_score(fb), 100.0);
    ck_assert_int_eq(sdm_feedback_top_score(fb), 0);
    ck_assert_int_eq(sdm_feedback_item(fb, 8), 5);
    ck_assert_int_eq(sdm_feedback_item(fb, 9), -1);
    sdm_feedback_free(fb);
}
END_TEST

/* The acceptability analysis of one side effect on the default data, 500
 * scenarios: its getters past the last medicine, driver and rank, and NULL. */
START_TEST(acceptability_getters_of_nothing)
{
    ck_assert_uint_eq(sdm_match_options_acceptability_scenarios(NULL), 0);
    ck_assert(sdm_match_options_acceptability_seed(NULL) == SDM_ACCEPTABILITY_DEFAULT_SEED);
    ck_assert_uint_eq(sdm_acceptability_scenarios(NULL), 0);
    ck_assert(sdm_acceptability_seed(NULL) == 0);
    ck_assert_uint_eq(sdm_acceptability_count(NULL), 0);
    ck_assert_ptr_null(sdm_acceptability_profile(NULL, 0));
    ck_assert_uint_eq(sdm_acceptability_formulary_index(NULL, 0), (size_t)-1);
    ck_assert(isnan(sdm_acceptability_first(NULL, 0)));
    ck_assert(isnan(sdm_acceptability_top3(NULL, 0)));
    ck_assert_uint_eq(sdm_acceptability_rank_count(NULL), 0);
    ck_assert(isnan(sdm_acceptability_central_weight(NULL, 0, 0)));
    ck_assert_int_eq(sdm_acceptability_fragile(NULL), 0);
    ck_assert_uint_eq(sdm_acceptability_driver_count(NULL), 0);
    ck_assert_ptr_null(sdm_acceptability_driver_profile(NULL, 0));
    ck_assert_uint_eq(sdm_acceptability_driver_effect(NULL, 0), (size_t)-1);
    ck_assert_int_eq(sdm_acceptability_driver_spread(NULL, 0), -2);

    sdm_catalogue *cat = test_default_catalogue();
    sdm_formulary *f = test_default_formulary(cat);
    sdm_ranking *r;
    sdm_match_options *o;
    sdm_acceptability *a;
    ck_assert_ok(sdm_ranking_new(cat, &r));
    ck_assert_ok(sdm_ranking_avoid(r, "weight_gain", 1));
    ck_assert_ok(sdm_match_options_new(&o));
    ck_assert_ok(sdm_match_options_set_acceptability(o, 500, 7));
    ck_assert_uint_eq(sdm_match_options_acceptability_scenarios(o), 500);
    ck_assert(sdm_match_options_acceptability_seed(o) == 7);
    ck_assert_ok(sdm_acceptability_run(f, r, o, &a));
    size_t n = sdm_acceptability_count(a), drivers = sdm_acceptability_driver_count(a);
    ck_assert_uint_gt(n, 0);
    ck_assert_uint_eq(sdm_acceptability_rank_count(a), 1);
    ck_assert_ptr_null(sdm_acceptability_profile(a, n));
    ck_assert_uint_eq(sdm_acceptability_formulary_index(a, n), (size_t)-1);
    ck_assert(isnan(sdm_acceptability_first(a, n)));
    ck_assert(isnan(sdm_acceptability_top3(a, n)));
    ck_assert(isnan(sdm_acceptability_central_weight(a, n, 0)));
    /* ranks run 1 to k = 1: the one weight is 1 in every scenario, so its
     * mean is 1 for the first medicine (first in some); ranks 0 and 2 are
     * out of range */
    ck_assert_double_gt(sdm_acceptability_first(a, 0), 0.0);
    ck_assert_double_eq_tol(sdm_acceptability_central_weight(a, 0, 1), 1.0, 1e-12);
    ck_assert(isnan(sdm_acceptability_central_weight(a, 0, 0)));
    ck_assert(isnan(sdm_acceptability_central_weight(a, 0, 2)));
    ck_assert_ptr_null(sdm_acceptability_driver_profile(a, drivers));
    ck_assert_uint_eq(sdm_acceptability_driver_effect(a, drivers), (size_t)-1);
    ck_assert_int_eq(sdm_acceptability_driver_spread(a, drivers), -2);
    sdm_acceptability_free(a);
    sdm_match_options_free(o);
    sdm_ranking_free(r);
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

static Suite *getters_suite(void)
{
    Suite *s = suite_create("getters");
    TCase *tc = tcase_create("getters");
    ADD(tc, history_getters_of_nothing);
    ADD(tc, risk_getters_of_nothing);
    ADD(tc, efficacy_getters_of_nothing);
    ADD(tc, catalogue_getters_of_nothing);
    ADD(tc, formulary_source_getters_of_nothing);
    ADD(tc, licence_product_restriction_getters_of_nothing);
    ADD(tc, reading_and_evidence_getters_of_nothing);
    ADD(tc, match_getters_of_nothing);
    ADD(tc, options_and_ranking_getters_of_nothing);
    ADD(tc, record_getters_of_nothing);
    ADD(tc, feedback_getters_of_nothing);
    ADD(tc, acceptability_getters_of_nothing);
    suite_add_tcase(s, tc);
    return s;
}

SDM_TEST_MAIN(getters_suite)
