/* libsdm - the getters of history.h, risk.h and efficacy.h given NULL or an
 * index out of range: each returns its documented "nothing" (0, NULL, NaN,
 * the unspecified or unstated value) and never reads through the pointer.
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

static Suite *getters_suite(void)
{
    Suite *s = suite_create("getters");
    TCase *tc = tcase_create("getters");
    ADD(tc, history_getters_of_nothing);
    ADD(tc, risk_getters_of_nothing);
    ADD(tc, efficacy_getters_of_nothing);
    suite_add_tcase(s, tc);
    return s;
}

SDM_TEST_MAIN(getters_suite)
