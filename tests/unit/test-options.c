/*
 * libsdm - match options: defaults, weights worked out by hand, the severity
 * scale, unknown policy, helpful weight, filters, ids and JSON.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L

#include "common.h"

#include <float.h>

static sdm_match_options *new_options(void)
{
    sdm_match_options *o = NULL;
    ck_assert_ok(sdm_match_options_new(&o));
    ck_assert_ptr_nonnull(o);
    return o;
}

static void assert_weights(const sdm_match_options *o, int k, const double *expected)
{
    double w[SDM_MAX_RANK + 1];
    for (int i = 0; i <= SDM_MAX_RANK; i++)
        w[i] = -999.0;
    ck_assert_ok(sdm_match_options_weights(o, k, w));
    for (int i = 0; i < k; i++)
        ck_assert_msg(fabs(w[i] - expected[i]) < 1e-12, "k=%d: w[%d] = %.15g, expected %.15g", k,
                      i + 1, w[i], expected[i]);
    ck_assert_msg(w[k] == -999.0, "k=%d: wrote past the k weights", k);
}

/* ---- defaults ------------------------------------------------------------ */

START_TEST(defaults)
{
    sdm_match_options *o = new_options();
    ck_assert_int_eq(sdm_match_options_scheme(o), SDM_WEIGHTS_ROC);
    ck_assert_int_eq(sdm_match_options_unknown_policy(o), SDM_UNKNOWN_MIDDLE);
    ck_assert(sdm_match_options_helpful_weight(o) == SDM_HELPFUL_WEIGHT_AUTO);
    ck_assert_near(sdm_match_options_severity(o, 0), 0.0);
    ck_assert_near(sdm_match_options_severity(o, 1), 1.0 / 3.0);
    ck_assert_near(sdm_match_options_severity(o, 2), 2.0 / 3.0);
    ck_assert_near(sdm_match_options_severity(o, 3), 1.0);
    ck_assert(sdm_match_options_severity(o, -1) == -1.0);
    ck_assert(sdm_match_options_severity(o, 4) == -1.0);

    /* NULL means the defaults */
    ck_assert_int_eq(sdm_match_options_scheme(NULL), SDM_WEIGHTS_ROC);
    ck_assert_int_eq(sdm_match_options_unknown_policy(NULL), SDM_UNKNOWN_MIDDLE);
    ck_assert_near(sdm_match_options_severity(NULL, 2), 2.0 / 3.0);
    /* the design's example: k = 5 gives .4567 .2567 .1567 .0900 .0400 */
    double w[5];
    ck_assert_ok(sdm_match_options_weights(NULL, 5, w));
    ck_assert_double_eq_tol(w[0], 0.4567, 5e-5);
    ck_assert_double_eq_tol(w[1], 0.2567, 5e-5);
    ck_assert_double_eq_tol(w[2], 0.1567, 5e-5);
    ck_assert_double_eq_tol(w[3], 0.0900, 5e-5);
    ck_assert_double_eq_tol(w[4], 0.0400, 5e-5);

    ck_assert_status(sdm_match_options_new(NULL), SDM_ERR_INVALID_ARGUMENT);
    /* enum values are ABI */
    ck_assert_int_eq(SDM_WEIGHTS_ROC, 0);
    ck_assert_int_eq(SDM_WEIGHTS_RANK_SUM, 1);
    ck_assert_int_eq(SDM_WEIGHTS_RECIPROCAL, 2);
    ck_assert_int_eq(SDM_WEIGHTS_EQUAL, 3);
    ck_assert_int_eq(SDM_WEIGHTS_LEXICOGRAPHIC, 4);
    ck_assert_int_eq(SDM_WEIGHTS_CUSTOM, 5);
    ck_assert_int_eq(SDM_UNKNOWN_MIDDLE, 0);
    ck_assert_int_eq(SDM_UNKNOWN_WORST, 1);
    ck_assert_int_eq(SDM_UNKNOWN_EXCLUDE, 2);
    sdm_match_options_free(o);
}
END_TEST

/* ---- weights, by hand ---------------------------------------------------- */

START_TEST(roc_by_hand)
{
    /* w_i = (1/k) sum_{j=i..k} 1/j
     * k=1: 1
     * k=2: (1 + 1/2)/2 = 3/4; (1/2)/2 = 1/4
     * k=3: (1 + 1/2 + 1/3)/3 = (11/6)/3 = 11/18; (1/2 + 1/3)/3 = 5/18; (1/3)/3 = 2/18
     * k=4: (25/12)/4 = 25/48; (13/12)/4 = 13/48; (7/12)/4 = 7/48; (3/12)/4 = 3/48
     * k=5: (137/60)/5 = 137/300; (77/60)/5 = 77/300; (47/60)/5 = 47/300;
     *      (27/60)/5 = 27/300; (12/60)/5 = 12/300 */
    sdm_match_options *o = new_options();
    const double k1[] = {1.0};
    const double k2[] = {0.75, 0.25};
    const double k3[] = {11.0 / 18, 5.0 / 18, 2.0 / 18};
    const double k4[] = {25.0 / 48, 13.0 / 48, 7.0 / 48, 3.0 / 48};
    const double k5[] = {137.0 / 300, 77.0 / 300, 47.0 / 300, 27.0 / 300, 12.0 / 300};
    assert_weights(o, 1, k1);
    assert_weights(o, 2, k2);
    assert_weights(o, 3, k3);
    assert_weights(o, 4, k4);
    assert_weights(o, 5, k5);
    assert_weights(NULL, 3, k3);
    ck_assert_ok(sdm_match_options_set_scheme(o, SDM_WEIGHTS_ROC));
    assert_weights(o, 5, k5);
    sdm_match_options_free(o);
}
END_TEST

START_TEST(other_schemes_by_hand)
{
    sdm_match_options *o = new_options();

    /* rank sum, k=3: 2(k+1-i)/(k(k+1)) = 2*3/12, 2*2/12, 2*1/12 */
    ck_assert_ok(sdm_match_options_set_scheme(o, SDM_WEIGHTS_RANK_SUM));
    ck_assert_int_eq(sdm_match_options_scheme(o), SDM_WEIGHTS_RANK_SUM);
    const double rs3[] = {1.0 / 2, 1.0 / 3, 1.0 / 6};
    assert_weights(o, 3, rs3);
    const double rs1[] = {1.0};
    assert_weights(o, 1, rs1);

    /* reciprocal, k=3: (1, 1/2, 1/3) / (11/6) = 6/11, 3/11, 2/11 */
    ck_assert_ok(sdm_match_options_set_scheme(o, SDM_WEIGHTS_RECIPROCAL));
    const double rc3[] = {6.0 / 11, 3.0 / 11, 2.0 / 11};
    assert_weights(o, 3, rc3);

    /* equal, k=3 */
    ck_assert_ok(sdm_match_options_set_scheme(o, SDM_WEIGHTS_EQUAL));
    const double eq3[] = {1.0 / 3, 1.0 / 3, 1.0 / 3};
    assert_weights(o, 3, eq3);
    sdm_match_options_free(o);
}
END_TEST

START_TEST(lexicographic)
{
    sdm_match_options *o = new_options();
    ck_assert_ok(sdm_match_options_set_scheme(o, SDM_WEIGHTS_LEXICOGRAPHIC));
    ck_assert_int_eq(sdm_match_options_scheme(o), SDM_WEIGHTS_LEXICOGRAPHIC);
    for (int k = 1; k <= SDM_MAX_RANK; k++) {
        double w[SDM_MAX_RANK];
        ck_assert_ok(sdm_match_options_weights(o, k, w));
        double sum = 0;
        for (int i = 0; i < k; i++)
            sum += w[i];
        ck_assert_double_eq_tol(sum, 1.0, 1e-12);
        for (int i = 0; i < k; i++) {
            double later = 0;
            for (int j = i + 1; j < k; j++)
                later += w[j];
            ck_assert_msg(w[i] > later, "k=%d: w[%d] = %g is not above the sum of later ones %g", k,
                          i + 1, w[i], later);
            ck_assert_msg(w[i] > 0, "k=%d: w[%d] = %g", k, i + 1, w[i]);
        }
    }
    sdm_match_options_free(o);
}
END_TEST

START_TEST(weights_sum_to_one)
{
    const sdm_weight_scheme schemes[] = {SDM_WEIGHTS_ROC, SDM_WEIGHTS_RANK_SUM,
                                         SDM_WEIGHTS_RECIPROCAL, SDM_WEIGHTS_EQUAL};
    sdm_match_options *o = new_options();
    for (size_t s = 0; s < 4; s++) {
        ck_assert_ok(sdm_match_options_set_scheme(o, schemes[s]));
        for (int k = 1; k <= SDM_MAX_RANK; k++) {
            double w[SDM_MAX_RANK];
            ck_assert_ok(sdm_match_options_weights(o, k, w));
            double sum = 0;
            for (int i = 0; i < k; i++) {
                sum += w[i];
                ck_assert(w[i] > 0);
                if (i > 0)
                    ck_assert_msg(w[i] <= w[i - 1] + 1e-15, "scheme %d k=%d: weights increase",
                                  (int)schemes[s], k);
            }
            ck_assert_msg(fabs(sum - 1.0) < 1e-12, "scheme %d k=%d: sum %.15g", (int)schemes[s], k, sum);
        }
    }
    sdm_match_options_free(o);
}
END_TEST

START_TEST(weights_bad_k)
{
    sdm_match_options *o = new_options();
    double w[SDM_MAX_RANK + 1];
    ck_assert_status(sdm_match_options_weights(o, 0, w), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_match_options_weights(o, -1, w), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_match_options_weights(o, SDM_MAX_RANK + 1, w), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_match_options_weights(o, 3, NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_ok(sdm_match_options_weights(o, SDM_MAX_RANK, w));
    sdm_match_options_free(o);
}
END_TEST

/* ---- custom weights ------------------------------------------------------ */

START_TEST(custom_weights)
{
    sdm_match_options *o = new_options();
    /* CUSTOM before any custom weights */
    ck_assert_status(sdm_match_options_set_scheme(o, SDM_WEIGHTS_CUSTOM), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(sdm_match_options_scheme(o), SDM_WEIGHTS_ROC);

    const double w321[] = {3.0, 2.0, 1.0};
    ck_assert_ok(sdm_match_options_set_custom_weights(o, w321, 3));
    ck_assert_int_eq(sdm_match_options_scheme(o), SDM_WEIGHTS_CUSTOM);
    /* used as given, not normalised */
    assert_weights(o, 3, w321);
    const double w32[] = {3.0, 2.0};
    assert_weights(o, 2, w32);
    double w[8];
    ck_assert_status(sdm_match_options_weights(o, 4, w), SDM_ERR_INVALID_ARGUMENT);

    /* back to ROC, then CUSTOM again: the weights were kept */
    ck_assert_ok(sdm_match_options_set_scheme(o, SDM_WEIGHTS_ROC));
    const double roc2[] = {0.75, 0.25};
    assert_weights(o, 2, roc2);
    ck_assert_ok(sdm_match_options_set_scheme(o, SDM_WEIGHTS_CUSTOM));
    assert_weights(o, 3, w321);

    /* zeros are allowed as long as not all are */
    const double w10[] = {1.0, 0.0};
    ck_assert_ok(sdm_match_options_set_custom_weights(o, w10, 2));
    assert_weights(o, 2, w10);

    /* SDM_MAX_RANK weights */
    double many[SDM_MAX_RANK];
    for (int i = 0; i < SDM_MAX_RANK; i++)
        many[i] = SDM_MAX_RANK - i;
    ck_assert_ok(sdm_match_options_set_custom_weights(o, many, SDM_MAX_RANK));
    assert_weights(o, SDM_MAX_RANK, many);
    sdm_match_options_free(o);
}
END_TEST

START_TEST(custom_weights_invalid)
{
    sdm_match_options *o = new_options();
    const double nan_w[] = {1.0, NAN};
    const double inf_w[] = {INFINITY, 1.0};
    const double neg_w[] = {1.0, -0.5};
    const double zero_w[] = {0.0, 0.0, 0.0};
    const double ok_w[] = {1.0};
    double many[SDM_MAX_RANK + 1];
    for (int i = 0; i <= SDM_MAX_RANK; i++)
        many[i] = 1.0;
    ck_assert_status(sdm_match_options_set_custom_weights(o, nan_w, 2), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_match_options_set_custom_weights(o, inf_w, 2), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_match_options_set_custom_weights(o, neg_w, 2), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_match_options_set_custom_weights(o, zero_w, 3), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_match_options_set_custom_weights(o, ok_w, 0), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_match_options_set_custom_weights(o, many, SDM_MAX_RANK + 1), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_match_options_set_custom_weights(o, NULL, 2), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_match_options_set_custom_weights(NULL, ok_w, 1), SDM_ERR_INVALID_ARGUMENT);
    /* none of them selected CUSTOM */
    ck_assert_int_eq(sdm_match_options_scheme(o), SDM_WEIGHTS_ROC);
    ck_assert_status(sdm_match_options_set_scheme(o, SDM_WEIGHTS_CUSTOM), SDM_ERR_INVALID_ARGUMENT);
    sdm_match_options_free(o);
}
END_TEST

START_TEST(scheme_invalid)
{
    sdm_match_options *o = new_options();
    ck_assert_status(sdm_match_options_set_scheme(o, (sdm_weight_scheme)6), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_match_options_set_scheme(o, (sdm_weight_scheme)-1), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_match_options_set_scheme(NULL, SDM_WEIGHTS_ROC), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(sdm_match_options_scheme(o), SDM_WEIGHTS_ROC);
    sdm_match_options_free(o);
}
END_TEST

/* ---- severity scale ------------------------------------------------------ */

START_TEST(severity_scale)
{
    sdm_match_options *o = new_options();
    /* (0, 1, 3, 9) -> (v - 0) / (9 - 0) = 0, 1/9, 3/9, 1 */
    const double convex[4] = {0, 1, 3, 9};
    ck_assert_ok(sdm_match_options_set_severity_scale(o, convex));
    ck_assert_near(sdm_match_options_severity(o, 0), 0.0);
    ck_assert_near(sdm_match_options_severity(o, 1), 1.0 / 9.0);
    ck_assert_near(sdm_match_options_severity(o, 2), 1.0 / 3.0);
    ck_assert_near(sdm_match_options_severity(o, 3), 1.0);
    ck_assert(sdm_match_options_severity(o, 4) == -1.0);
    ck_assert(sdm_match_options_severity(o, SDM_RATING_UNKNOWN) == -1.0);

    /* an offset scale maps onto [0, 1] too: (10, 11, 12, 13) -> 0, 1/3, 2/3, 1 */
    const double offset[4] = {10, 11, 12, 13};
    ck_assert_ok(sdm_match_options_set_severity_scale(o, offset));
    ck_assert_near(sdm_match_options_severity(o, 0), 0.0);
    ck_assert_near(sdm_match_options_severity(o, 1), 1.0 / 3.0);
    ck_assert_near(sdm_match_options_severity(o, 2), 2.0 / 3.0);
    ck_assert_near(sdm_match_options_severity(o, 3), 1.0);

    /* refused, leaving the scale as it was */
    const double flat[4] = {0, 1, 1, 2};
    const double down[4] = {3, 2, 1, 0};
    const double all_same[4] = {1, 1, 1, 1};
    const double with_nan[4] = {0, NAN, 2, 3};
    const double with_inf[4] = {0, 1, 2, INFINITY};
    ck_assert_status(sdm_match_options_set_severity_scale(o, flat), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_match_options_set_severity_scale(o, down), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_match_options_set_severity_scale(o, all_same), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_match_options_set_severity_scale(o, with_nan), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_match_options_set_severity_scale(o, with_inf), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_match_options_set_severity_scale(o, NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_match_options_set_severity_scale(NULL, convex), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_near(sdm_match_options_severity(o, 1), 1.0 / 3.0);
    sdm_match_options_free(o);
}
END_TEST

/* ---- unknown policy, helpful weight -------------------------------------- */

START_TEST(unknown_policy)
{
    sdm_match_options *o = new_options();
    ck_assert_ok(sdm_match_options_set_unknown_policy(o, SDM_UNKNOWN_WORST));
    ck_assert_int_eq(sdm_match_options_unknown_policy(o), SDM_UNKNOWN_WORST);
    ck_assert_ok(sdm_match_options_set_unknown_policy(o, SDM_UNKNOWN_EXCLUDE));
    ck_assert_int_eq(sdm_match_options_unknown_policy(o), SDM_UNKNOWN_EXCLUDE);
    ck_assert_ok(sdm_match_options_set_unknown_policy(o, SDM_UNKNOWN_MEAN));
    ck_assert_int_eq(sdm_match_options_unknown_policy(o), SDM_UNKNOWN_MEAN);
    ck_assert_ok(sdm_match_options_set_unknown_policy(o, SDM_UNKNOWN_EXCLUDE));
    ck_assert_status(sdm_match_options_set_unknown_policy(o, (sdm_unknown_policy)4), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_match_options_set_unknown_policy(o, (sdm_unknown_policy)-1), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_match_options_set_unknown_policy(NULL, SDM_UNKNOWN_WORST), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(sdm_match_options_unknown_policy(o), SDM_UNKNOWN_EXCLUDE);
    ck_assert_ok(sdm_match_options_set_unknown_policy(o, SDM_UNKNOWN_MIDDLE));
    ck_assert_int_eq(sdm_match_options_unknown_policy(o), SDM_UNKNOWN_MIDDLE);

    ck_assert_str_eq(sdm_unknown_policy_id(SDM_UNKNOWN_MIDDLE), "middle");
    ck_assert_str_eq(sdm_unknown_policy_id(SDM_UNKNOWN_WORST), "worst");
    ck_assert_str_eq(sdm_unknown_policy_id(SDM_UNKNOWN_EXCLUDE), "exclude");
    ck_assert_str_eq(sdm_unknown_policy_id(SDM_UNKNOWN_MEAN), "mean");
    ck_assert_ptr_null(sdm_unknown_policy_id((sdm_unknown_policy)4));
    ck_assert_ptr_null(sdm_unknown_policy_id((sdm_unknown_policy)-1));
    sdm_match_options_free(o);
}
END_TEST

START_TEST(helpful_weight)
{
    sdm_match_options *o = new_options();
    ck_assert(sdm_match_options_helpful_weight(o) == SDM_HELPFUL_WEIGHT_AUTO);
    ck_assert_ok(sdm_match_options_set_helpful_weight(o, 0.5));
    ck_assert(sdm_match_options_helpful_weight(o) == 0.5);
    ck_assert_ok(sdm_match_options_set_helpful_weight(o, 0.0));
    ck_assert(sdm_match_options_helpful_weight(o) == 0.0);
    ck_assert_ok(sdm_match_options_set_helpful_weight(o, 2.0));
    ck_assert(sdm_match_options_helpful_weight(o) == 2.0);

    ck_assert_status(sdm_match_options_set_helpful_weight(o, -0.5), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_match_options_set_helpful_weight(o, -2.0), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_match_options_set_helpful_weight(o, NAN), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_match_options_set_helpful_weight(o, INFINITY), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_match_options_set_helpful_weight(NULL, 1.0), SDM_ERR_INVALID_ARGUMENT);
    ck_assert(sdm_match_options_helpful_weight(o) == 2.0);

    ck_assert_ok(sdm_match_options_set_helpful_weight(o, SDM_HELPFUL_WEIGHT_AUTO));
    ck_assert(sdm_match_options_helpful_weight(o) == SDM_HELPFUL_WEIGHT_AUTO);
    sdm_match_options_free(o);
}
END_TEST

/* ---- filters ------------------------------------------------------------- */

START_TEST(filters)
{
    sdm_match_options *o = new_options();
    ck_assert_ok(sdm_match_options_exclude(o, "olanzapine", "weight gain before"));
    ck_assert_ok(sdm_match_options_exclude(o, "clozapine", NULL));
    ck_assert_status(sdm_match_options_exclude(o, "olanzapine", NULL), SDM_ERR_DUPLICATE);
    ck_assert_error_has("olanzapine");
    ck_assert_status(sdm_match_options_exclude(o, "clozapine", "again"), SDM_ERR_DUPLICATE);
    ck_assert_status(sdm_match_options_exclude(o, NULL, "x"), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_match_options_exclude(NULL, "x", "x"), SDM_ERR_INVALID_ARGUMENT);

    ck_assert_ok(sdm_match_options_require_formulation(o, "long_acting_injection"));
    ck_assert_ok(sdm_match_options_require_formulation(o, "tablet"));
    ck_assert_status(sdm_match_options_require_formulation(o, "tablet"), SDM_ERR_DUPLICATE);
    ck_assert_error_has("tablet");
    ck_assert_status(sdm_match_options_require_formulation(o, NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_match_options_require_formulation(NULL, "tablet"), SDM_ERR_INVALID_ARGUMENT);

    ck_assert_ok(sdm_match_options_require_licence(o, "UK"));
    ck_assert_ok(sdm_match_options_require_licence(o, "DE"));
    ck_assert_status(sdm_match_options_require_licence(o, "UK"), SDM_ERR_DUPLICATE);
    ck_assert_error_has("UK");
    ck_assert_status(sdm_match_options_require_licence(o, NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_match_options_require_licence(NULL, "UK"), SDM_ERR_INVALID_ARGUMENT);
    sdm_match_options_free(o);
}
END_TEST

/* ---- scheme ids ---------------------------------------------------------- */

START_TEST(scheme_ids)
{
    static const char *const ids[] = {"roc", "rank_sum", "reciprocal", "equal", "lexicographic", "custom"};
    for (int s = 0; s <= 5; s++) {
        ck_assert_str_eq(sdm_weight_scheme_id((sdm_weight_scheme)s), ids[s]);
        sdm_weight_scheme back = (sdm_weight_scheme)99;
        ck_assert_ok(sdm_weight_scheme_from_id(ids[s], &back));
        ck_assert_int_eq(back, s);
    }
    ck_assert_ptr_null(sdm_weight_scheme_id((sdm_weight_scheme)6));
    ck_assert_ptr_null(sdm_weight_scheme_id((sdm_weight_scheme)-1));
    sdm_weight_scheme out = SDM_WEIGHTS_EQUAL;
    ck_assert_status(sdm_weight_scheme_from_id("rok", &out), SDM_ERR_NOT_FOUND);
    ck_assert_error_has("rok");
    ck_assert_status(sdm_weight_scheme_from_id("ROC", &out), SDM_ERR_NOT_FOUND);
    ck_assert_int_eq(out, SDM_WEIGHTS_EQUAL);
    ck_assert_status(sdm_weight_scheme_from_id(NULL, &out), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_weight_scheme_from_id("roc", NULL), SDM_ERR_INVALID_ARGUMENT);
}
END_TEST

/* ---- copy and JSON ------------------------------------------------------- */

static void assert_options_equal(const sdm_match_options *a, const sdm_match_options *b)
{
    ck_assert_int_eq(sdm_match_options_scheme(a), sdm_match_options_scheme(b));
    ck_assert_int_eq(sdm_match_options_unknown_policy(a), sdm_match_options_unknown_policy(b));
    ck_assert(sdm_match_options_helpful_weight(a) == sdm_match_options_helpful_weight(b));
    for (int r = 0; r <= 3; r++)
        ck_assert_near(sdm_match_options_severity(a, r), sdm_match_options_severity(b, r));
    for (int k = 1; k <= 5; k++) {
        double wa[5], wb[5];
        sdm_status sa = sdm_match_options_weights(a, k, wa);
        sdm_status sb = sdm_match_options_weights(b, k, wb);
        ck_assert_int_eq(sa, sb);
        if (sa == SDM_OK)
            for (int i = 0; i < k; i++)
                ck_assert_near(wa[i], wb[i]);
    }
    /* filters have no getters: compare the JSON */
    char *ja = NULL, *jb = NULL;
    ck_assert_ok(sdm_match_options_to_json(a, &ja));
    ck_assert_ok(sdm_match_options_to_json(b, &jb));
    ck_assert_str_eq(ja, jb);
    sdm_free(ja);
    sdm_free(jb);
}

static sdm_match_options *busy_options(void)
{
    sdm_match_options *o = new_options();
    const double w[] = {5.0, 3.0, 1.0, 0.5};
    const double scale[4] = {0, 1, 3, 9};
    ck_assert_ok(sdm_match_options_set_custom_weights(o, w, 4));
    ck_assert_ok(sdm_match_options_set_severity_scale(o, scale));
    ck_assert_ok(sdm_match_options_set_unknown_policy(o, SDM_UNKNOWN_WORST));
    ck_assert_ok(sdm_match_options_set_helpful_weight(o, 0.25));
    ck_assert_ok(sdm_match_options_exclude(o, "olanzapine", "weight gain before"));
    ck_assert_ok(sdm_match_options_exclude(o, "clozapine", NULL));
    ck_assert_ok(sdm_match_options_require_formulation(o, "tablet"));
    ck_assert_ok(sdm_match_options_require_licence(o, "UK"));
    return o;
}

START_TEST(copy_independent)
{
    sdm_match_options *o = busy_options();
    sdm_match_options *c = NULL;
    ck_assert_ok(sdm_match_options_copy(o, &c));
    ck_assert_ptr_ne(c, o);
    assert_options_equal(o, c);

    ck_assert_ok(sdm_match_options_set_scheme(o, SDM_WEIGHTS_EQUAL));
    ck_assert_ok(sdm_match_options_set_unknown_policy(o, SDM_UNKNOWN_EXCLUDE));
    ck_assert_ok(sdm_match_options_exclude(o, "haloperidol", NULL));
    ck_assert_int_eq(sdm_match_options_scheme(c), SDM_WEIGHTS_CUSTOM);
    ck_assert_int_eq(sdm_match_options_unknown_policy(c), SDM_UNKNOWN_WORST);
    /* haloperidol is not excluded in the copy, so it may still be */
    ck_assert_ok(sdm_match_options_exclude(c, "haloperidol", NULL));
    sdm_match_options_free(o);
    /* the copy outlives the original */
    ck_assert(sdm_match_options_helpful_weight(c) == 0.25);
    ck_assert_status(sdm_match_options_copy(NULL, &o), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_match_options_copy(c, NULL), SDM_ERR_INVALID_ARGUMENT);
    sdm_match_options_free(c);
}
END_TEST

START_TEST(json_round_trip)
{
    sdm_match_options *o = busy_options();
    char *text = NULL;
    ck_assert_ok(sdm_match_options_to_json(o, &text));
    ck_assert_ptr_nonnull(text);
    sdm_match_options *back = NULL;
    ck_assert_ok(sdm_match_options_from_json(text, strlen(text), &back));
    assert_options_equal(o, back);
    sdm_match_options_free(back);
    sdm_free(text);

    /* the defaults, also through NULL */
    sdm_match_options *d = new_options();
    ck_assert_ok(sdm_match_options_to_json(NULL, &text));
    ck_assert_ok(sdm_match_options_from_json(text, strlen(text), &back));
    assert_options_equal(d, back);
    sdm_match_options_free(back);
    sdm_free(text);

    /* every scheme and policy */
    for (int s = 0; s <= 4; s++) {
        ck_assert_ok(sdm_match_options_set_scheme(d, (sdm_weight_scheme)s));
        ck_assert_ok(sdm_match_options_set_unknown_policy(d, (sdm_unknown_policy)(s % 3)));
        ck_assert_ok(sdm_match_options_to_json(d, &text));
        ck_assert_ok(sdm_match_options_from_json(text, strlen(text), &back));
        assert_options_equal(d, back);
        sdm_match_options_free(back);
        sdm_free(text);
    }
    sdm_match_options_free(d);
    sdm_match_options_free(o);
}
END_TEST

START_TEST(from_json_hand_written)
{
    char *json = tj("{'scheme': 'reciprocal', 'severity_scale': [0, 1, 3, 9], 'unknown': 'worst',"
                    " 'helpful_weight': 'auto',"
                    " 'exclude': [{'id': 'olanzapine', 'reason': 'weight gain before'}, 'clozapine'],"
                    " 'require_formulations': ['tablet'], 'require_licences': ['UK', 'DE']}");
    sdm_match_options *o = NULL;
    ck_assert_ok(sdm_match_options_from_json(json, strlen(json), &o));
    ck_assert_int_eq(sdm_match_options_scheme(o), SDM_WEIGHTS_RECIPROCAL);
    ck_assert_int_eq(sdm_match_options_unknown_policy(o), SDM_UNKNOWN_WORST);
    ck_assert(sdm_match_options_helpful_weight(o) == SDM_HELPFUL_WEIGHT_AUTO);
    ck_assert_near(sdm_match_options_severity(o, 1), 1.0 / 9.0);
    /* the filters were read: adding them again is a duplicate */
    ck_assert_status(sdm_match_options_exclude(o, "olanzapine", NULL), SDM_ERR_DUPLICATE);
    ck_assert_status(sdm_match_options_exclude(o, "clozapine", NULL), SDM_ERR_DUPLICATE);
    ck_assert_status(sdm_match_options_require_formulation(o, "tablet"), SDM_ERR_DUPLICATE);
    ck_assert_status(sdm_match_options_require_licence(o, "DE"), SDM_ERR_DUPLICATE);
    sdm_match_options_free(o);
    free(json);

    json = tj("{'scheme': 'custom', 'weights': [3, 2, 1], 'helpful_weight': 0.5}");
    ck_assert_ok(sdm_match_options_from_json(json, strlen(json), &o));
    ck_assert_int_eq(sdm_match_options_scheme(o), SDM_WEIGHTS_CUSTOM);
    const double w321[] = {3, 2, 1};
    assert_weights(o, 3, w321);
    ck_assert(sdm_match_options_helpful_weight(o) == 0.5);
    sdm_match_options_free(o);
    free(json);

    json = tj("{}");
    ck_assert_ok(sdm_match_options_from_json(json, strlen(json), &o));
    sdm_match_options *d = new_options();
    assert_options_equal(o, d);
    sdm_match_options_free(d);
    sdm_match_options_free(o);
    free(json);
}
END_TEST

static void expect_json_error(const char *sq, const char *needle)
{
    char *json = tj(sq);
    sdm_match_options *o = NULL;
    sdm_status st = sdm_match_options_from_json(json, strlen(json), &o);
    ck_assert_msg(st < 0, "%s loaded", json);
    ck_assert_ptr_null(o);
    ck_assert_msg(strstr(sdm_last_error(), needle) != NULL, "%s: '%s' does not name '%s'", json,
                  sdm_last_error(), needle);
    free(json);
}

START_TEST(from_json_errors)
{
    expect_json_error("{'scheme': 'bogus'}", "scheme");
    expect_json_error("{'scheme': 'custom'}", "weights");
    expect_json_error("{'weights': [1, -1]}", "weights");
    expect_json_error("{'severity_scale': [0, 1, 2]}", "severity_scale");
    expect_json_error("{'severity_scale': [3, 2, 1, 0]}", "severity_scale");
    expect_json_error("{'unknown': 'sometimes'}", "unknown");
    expect_json_error("{'helpful_weight': -2}", "helpful_weight");
    expect_json_error("{'helpful_weight': 'lots'}", "helpful_weight");
    expect_json_error("{'exclude': ['olanzapine', 'olanzapine']}", "olanzapine");
    expect_json_error("{'require_formulations': 'tablet'}", "require_formulations");
    expect_json_error("{'require_licences': [1]}", "require_licences");
    expect_json_error("{'scheme': }", "1:");

    sdm_match_options *o = NULL;
    ck_assert_status(sdm_match_options_from_json(NULL, 2, &o), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_match_options_from_json("{}", 2, NULL), SDM_ERR_INVALID_ARGUMENT);
    char *text = NULL;
    ck_assert_status(sdm_match_options_to_json(NULL, NULL), SDM_ERR_INVALID_ARGUMENT);
    (void)text;
}
END_TEST

/* More of a document's mistakes, each refused with its status and the key
 * named; the object form of an exclusion read with its reason. */
static void expect_json_status(const char *sq, sdm_status status, const char *needle)
{
    char *json = tj(sq);
    sdm_match_options *o = NULL;
    ck_assert_status(sdm_match_options_from_json(json, strlen(json), &o), status);
    ck_assert_ptr_null(o);
    ck_assert_error_has(needle);
    free(json);
}

START_TEST(from_json_more_errors)
{
    expect_json_status("{'format': 'sdm-ranking'}", SDM_ERR_SCHEMA,
                       "expected the format \"sdm-options\", found \"sdm-ranking\"");
    expect_json_status("{'weights': [1, 'two']}", SDM_ERR_SCHEMA, "weights[1] must be a number");
    expect_json_status("{'weights': []}", SDM_ERR_SCHEMA, "'weights' needs 1 to 36 numbers, found 0");
    expect_json_status("{'synthesis': 'median'}", SDM_ERR_SCHEMA, "synthesis");
    expect_json_status("{'evidence': 'numbers'}", SDM_ERR_SCHEMA, "evidence");
    expect_json_status("{'exclude': [5]}", SDM_ERR_SCHEMA, "exclude[0]: expected an object, found an integer");
    expect_json_status("{'exclude': [{'reason': 'r'}]}", SDM_ERR_SCHEMA, "exclude[0]: the key 'id' is missing");
    expect_json_status("{'exclude': [{'id': 'olanzapine', 'why': 'r'}]}", SDM_ERR_SCHEMA, "unknown key 'why'");
    expect_json_status("{'detained': 'yes'}", SDM_ERR_SCHEMA, "'detained' must be true or false");
    expect_json_status("{'detained': true}", SDM_ERR_SCHEMA,
                       "limits: a person who is detained needs the clinician's statement of the limits of choice");
    expect_json_status("{'limits': 'tablets only'}", SDM_ERR_SCHEMA,
                       "limits: a statement of the limits of choice is for a person who is detained");
    expect_json_status("{'revisit': '2026-02-30'}", SDM_ERR_SCHEMA,
                       "revisit: the date to revisit '2026-02-30' is not a date YYYY-MM-DD");
    expect_json_status("{'contexts': ['treatment_resistent']}", SDM_ERR_NOT_FOUND, "contexts[0]");

    char *json = tj("{'exclude': [{'id': 'olanzapine', 'reason': 'weight'}, 'clozapine'], 'detained': true, "
                    "'limits': 'tablets only', 'revisit': '2027-03-01'}");
    sdm_match_options *o = NULL;
    ck_assert_ok(sdm_match_options_from_json(json, strlen(json), &o));
    free(json);
    ck_assert_int_eq(sdm_match_options_detained(o), 1);
    ck_assert_str_eq(sdm_match_options_limits(o), "tablets only");
    ck_assert_str_eq(sdm_match_options_revisit(o), "2027-03-01");
    /* a trade-off above SDM_MAX_TRADEOFF (1e6) is refused and leaves it unchanged */
    ck_assert_status(sdm_match_options_set_tradeoff(o, 2e6), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("the trade-off weight 2e+06 is not from 0 to 1e+06");
    ck_assert_double_eq(sdm_match_options_tradeoff(o), 0.0);
    sdm_match_options_free(o);
}
END_TEST

START_TEST(unknown_policy_ids_both_ways)
{
    sdm_unknown_policy p;
    for (int i = SDM_UNKNOWN_MIDDLE; i <= SDM_UNKNOWN_EXCLUDE; i++) {
        ck_assert_ok(sdm_unknown_policy_from_id(sdm_unknown_policy_id((sdm_unknown_policy)i), &p));
        ck_assert_int_eq(p, i);
    }
    ck_assert_str_eq(sdm_unknown_policy_id(SDM_UNKNOWN_WORST), "worst");
    ck_assert_status(sdm_unknown_policy_from_id("zero", &p), SDM_ERR_NOT_FOUND);
    ck_assert_error_has("zero");
    ck_assert_status(sdm_unknown_policy_from_id(NULL, &p), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_unknown_policy_from_id("middle", NULL), SDM_ERR_INVALID_ARGUMENT);
}
END_TEST

START_TEST(synthesis_setting_and_ids)
{
    sdm_match_options *o;
    ck_assert_ok(sdm_match_options_new(&o));
    ck_assert_int_eq(sdm_match_options_synthesis(o), SDM_SYNTHESIS_CONSENSUS);
    ck_assert_int_eq(sdm_match_options_synthesis(NULL), SDM_SYNTHESIS_CONSENSUS);
    ck_assert_ok(sdm_match_options_set_synthesis(o, SDM_SYNTHESIS_PRECEDENCE));
    ck_assert_int_eq(sdm_match_options_synthesis(o), SDM_SYNTHESIS_PRECEDENCE);
    ck_assert_status(sdm_match_options_set_synthesis(o, (sdm_synthesis)3), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_match_options_set_synthesis(NULL, SDM_SYNTHESIS_HIGHEST), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(sdm_match_options_synthesis(o), SDM_SYNTHESIS_PRECEDENCE);

    /* every id both ways, and the ends of the table */
    const char *ids[] = {"consensus", "highest", "precedence"};
    for (int i = 0; i < 3; i++) {
        sdm_synthesis rule = (sdm_synthesis)-1;
        ck_assert_str_eq(sdm_synthesis_id((sdm_synthesis)i), ids[i]);
        ck_assert_ok(sdm_synthesis_from_id(ids[i], &rule));
        ck_assert_int_eq(rule, i);
    }
    ck_assert_ptr_null(sdm_synthesis_id((sdm_synthesis)-1));
    ck_assert_ptr_null(sdm_synthesis_id((sdm_synthesis)3));
    sdm_synthesis rule = SDM_SYNTHESIS_HIGHEST;
    ck_assert_status(sdm_synthesis_from_id("consensos", &rule), SDM_ERR_NOT_FOUND);
    ck_assert_str_eq(sdm_last_error(), "unknown synthesis rule 'consensos' (did you mean 'consensus'?)");
    ck_assert_status(sdm_synthesis_from_id("median", &rule), SDM_ERR_NOT_FOUND);
    ck_assert_str_eq(sdm_last_error(), "unknown synthesis rule 'median' (consensus, highest or precedence)");
    ck_assert_int_eq(rule, SDM_SYNTHESIS_HIGHEST);
    ck_assert_status(sdm_synthesis_from_id(NULL, &rule), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_synthesis_from_id("highest", NULL), SDM_ERR_INVALID_ARGUMENT);

    /* JSON: written, read back, and a typo named with its key */
    char *json;
    ck_assert_ok(sdm_match_options_to_json(o, &json));
    ck_assert_ptr_nonnull(strstr(json, "\"synthesis\": \"precedence\""));
    sdm_match_options *back;
    ck_assert_ok(sdm_match_options_from_json(json, strlen(json), &back));
    ck_assert_int_eq(sdm_match_options_synthesis(back), SDM_SYNTHESIS_PRECEDENCE);
    sdm_free(json);
    sdm_match_options_free(back);
    char *bad = tj("{'synthesis': 'highst'}");
    ck_assert_status(sdm_match_options_from_json(bad, strlen(bad), &back), SDM_ERR_SCHEMA);
    ck_assert_error_has("synthesis: unknown synthesis rule 'highst' (did you mean 'highest'?)");
    free(bad);
    sdm_match_options_free(o);
}
END_TEST

/* ---- every option round-trips exactly ------------------------------------ */

/* Every option, one at a time, at its ordinary values and its extremes (0,
 * the largest, the smallest above 0, "auto"). Each must come back bit for bit
 * through the options JSON and through a decision record. */
typedef void (*set_fn)(sdm_match_options *o);

static void set_roc(sdm_match_options *o) { ck_assert_ok(sdm_match_options_set_scheme(o, SDM_WEIGHTS_ROC)); }
static void set_rank_sum(sdm_match_options *o) { ck_assert_ok(sdm_match_options_set_scheme(o, SDM_WEIGHTS_RANK_SUM)); }
static void set_reciprocal(sdm_match_options *o) { ck_assert_ok(sdm_match_options_set_scheme(o, SDM_WEIGHTS_RECIPROCAL)); }
static void set_equal(sdm_match_options *o) { ck_assert_ok(sdm_match_options_set_scheme(o, SDM_WEIGHTS_EQUAL)); }
static void set_lexicographic(sdm_match_options *o)
{
    ck_assert_ok(sdm_match_options_set_scheme(o, SDM_WEIGHTS_LEXICOGRAPHIC));
}
static void set_custom_largest(sdm_match_options *o)
{
    const double w[] = {SDM_MAX_WEIGHT, 0.0, 5e-324, DBL_MIN, 0.1, 1.0 / 3.0};
    ck_assert_ok(sdm_match_options_set_custom_weights(o, w, 6));
}
static void set_custom_36(sdm_match_options *o)
{
    double w[SDM_MAX_RANK];
    for (int i = 0; i < SDM_MAX_RANK; i++)
        w[i] = 1.0 / (i + 1);
    ck_assert_ok(sdm_match_options_set_custom_weights(o, w, SDM_MAX_RANK));
}
static void set_custom_then_roc(sdm_match_options *o)
{
    /* weights kept from before another scheme are not in effect and not written */
    const double w[] = {2.0, 1.0};
    ck_assert_ok(sdm_match_options_set_custom_weights(o, w, 2));
    ck_assert_ok(sdm_match_options_set_scheme(o, SDM_WEIGHTS_ROC));
}
static void set_scale_convex(sdm_match_options *o)
{
    const double v[4] = {0, 1, 3, 9};
    ck_assert_ok(sdm_match_options_set_severity_scale(o, v));
}
static void set_scale_extreme(sdm_match_options *o)
{
    const double v[4] = {-DBL_MAX / 2, -5e-324, 5e-324, DBL_MAX / 2};
    ck_assert_ok(sdm_match_options_set_severity_scale(o, v));
}
static void set_scale_thirds(sdm_match_options *o)
{
    const double v[4] = {0.1, 0.2, 0.30000000000000004, 1e-3 + 0.3};
    ck_assert_ok(sdm_match_options_set_severity_scale(o, v));
}
static void set_worst(sdm_match_options *o) { ck_assert_ok(sdm_match_options_set_unknown_policy(o, SDM_UNKNOWN_WORST)); }
static void set_exclude_policy(sdm_match_options *o)
{
    ck_assert_ok(sdm_match_options_set_unknown_policy(o, SDM_UNKNOWN_EXCLUDE));
}
static void set_highest(sdm_match_options *o) { ck_assert_ok(sdm_match_options_set_synthesis(o, SDM_SYNTHESIS_HIGHEST)); }
static void set_precedence(sdm_match_options *o)
{
    ck_assert_ok(sdm_match_options_set_synthesis(o, SDM_SYNTHESIS_PRECEDENCE));
}
static void set_helpful_0(sdm_match_options *o) { ck_assert_ok(sdm_match_options_set_helpful_weight(o, 0.0)); }
static void set_helpful_largest(sdm_match_options *o)
{
    ck_assert_ok(sdm_match_options_set_helpful_weight(o, SDM_MAX_WEIGHT));
}
static void set_helpful_smallest(sdm_match_options *o) { ck_assert_ok(sdm_match_options_set_helpful_weight(o, 5e-324)); }
static void set_helpful_third(sdm_match_options *o) { ck_assert_ok(sdm_match_options_set_helpful_weight(o, 1.0 / 3.0)); }
static void set_helpful_auto(sdm_match_options *o)
{
    ck_assert_ok(sdm_match_options_set_helpful_weight(o, 0.5));
    ck_assert_ok(sdm_match_options_set_helpful_weight(o, SDM_HELPFUL_WEIGHT_AUTO));
}
static void set_excludes(sdm_match_options *o)
{
    ck_assert_ok(sdm_match_options_exclude(o, "b", NULL));
    ck_assert_ok(sdm_match_options_exclude(o, "a", "made her feel \"flat\" \xe2\x80\x94 caf\xc3\xa9"));
}
static void set_requirements(sdm_match_options *o)
{
    ck_assert_ok(sdm_match_options_require_formulation(o, "long_acting_injection"));
    ck_assert_ok(sdm_match_options_require_formulation(o, "tablet"));
    ck_assert_ok(sdm_match_options_require_licence(o, "UK"));
    ck_assert_ok(sdm_match_options_require_licence(o, "EU"));
}

static void set_detained(sdm_match_options *o)
{
    ck_assert_ok(sdm_match_options_set_detained(o, 1, "Detained under section 3: a depot may be given without "
                                                      "consent, but the choice of medicine is the person's to shape."));
}
static void set_revisit(sdm_match_options *o) { ck_assert_ok(sdm_match_options_set_revisit(o, "2027-02-28")); }
static void set_contexts(sdm_match_options *o)
{
    ck_assert_ok(sdm_match_options_allow_context(o, "treatment_resistant"));
    ck_assert_ok(sdm_match_options_allow_context(o, "observation_available"));
}

static const struct {
    const char *name;
    set_fn set;
} every_option[] = {
    {"detained, with the limits of choice", set_detained}, {"a date to revisit", set_revisit},
    {"contexts that hold", set_contexts},
    {"scheme roc", set_roc}, {"scheme rank_sum", set_rank_sum}, {"scheme reciprocal", set_reciprocal},
    {"scheme equal", set_equal}, {"scheme lexicographic", set_lexicographic},
    {"custom weights at the extremes", set_custom_largest}, {"36 custom weights", set_custom_36},
    {"custom weights then roc", set_custom_then_roc}, {"convex scale", set_scale_convex},
    {"scale at the extremes", set_scale_extreme}, {"scale not exact in binary", set_scale_thirds},
    {"unknown worst", set_worst}, {"unknown exclude", set_exclude_policy}, {"synthesis highest", set_highest},
    {"synthesis precedence", set_precedence}, {"helpful weight 0", set_helpful_0},
    {"helpful weight largest", set_helpful_largest}, {"helpful weight smallest", set_helpful_smallest},
    {"helpful weight 1/3", set_helpful_third}, {"helpful weight auto", set_helpful_auto},
    {"exclusions", set_excludes}, {"requirements", set_requirements},
};

/* Bit for bit: the getters, every weight for k = 1..36, every severity, and the JSON. */
static void assert_same_bits(const char *name, const sdm_match_options *a, const sdm_match_options *b)
{
    ck_assert_msg(sdm_match_options_scheme(a) == sdm_match_options_scheme(b), "%s: scheme", name);
    ck_assert_msg(sdm_match_options_unknown_policy(a) == sdm_match_options_unknown_policy(b), "%s: policy", name);
    ck_assert_msg(sdm_match_options_synthesis(a) == sdm_match_options_synthesis(b), "%s: synthesis", name);
    double ha = sdm_match_options_helpful_weight(a), hb = sdm_match_options_helpful_weight(b);
    ck_assert_msg(memcmp(&ha, &hb, sizeof ha) == 0, "%s: helpful weight %.17g came back as %.17g", name, ha, hb);
    for (int r = 0; r <= 3; r++) {
        double sa = sdm_match_options_severity(a, r), sb = sdm_match_options_severity(b, r);
        ck_assert_msg(memcmp(&sa, &sb, sizeof sa) == 0, "%s: severity %d", name, r);
    }
    for (int k = 1; k <= SDM_MAX_RANK; k++) {
        double wa[SDM_MAX_RANK], wb[SDM_MAX_RANK];
        sdm_status st = sdm_match_options_weights(a, k, wa);
        ck_assert_msg(st == sdm_match_options_weights(b, k, wb), "%s: weights for k = %d", name, k);
        ck_assert_msg(st != SDM_OK || memcmp(wa, wb, (size_t)k * sizeof wa[0]) == 0, "%s: weights, k = %d", name, k);
    }
    char *ja = NULL, *jb = NULL;
    ck_assert_ok(sdm_match_options_to_json(a, &ja));
    ck_assert_ok(sdm_match_options_to_json(b, &jb));
    ck_assert_msg(strcmp(ja, jb) == 0, "%s: the JSON differs:\n%s\n%s", name, ja, jb);
    sdm_free(ja);
    sdm_free(jb);
}

START_TEST(every_option_round_trips)
{
    sdm_catalogue *cat = test6_catalogue();
    sdm_formulary *f = test_formulary(cat,
        "{'format': 'sdm-formulary', 'format_version': 1, 'version': 'r', 'sources': [{'key': 's', 'citation': 'S'}],"
        " 'medications': [{'id': 'a', 'name': 'A', 'formulations': ['tablet', 'long_acting_injection'],"
        "   'licensed_in': ['UK', 'EU'], 'ratings': {" R("weight_gain", 1) ", " R("tremor", 2) "}},"
        "  {'id': 'b', 'name': 'B', 'ratings': {" R("weight_gain", 3) "}}]}");
    sdm_ranking *r = NULL, *unhelped = NULL;
    ck_assert_ok(sdm_ranking_new(cat, &r));
    ck_assert_ok(sdm_ranking_avoid(r, "weight_gain", 1));
    ck_assert_ok(sdm_ranking_avoid(r, "tremor", 2));
    ck_assert_ok(sdm_ranking_copy(r, &unhelped));
    ck_assert_ok(sdm_ranking_helpful(r, "night_sleepiness"));
    for (size_t i = 0; i < sizeof every_option / sizeof every_option[0]; i++) {
        const char *name = every_option[i].name;
        sdm_match_options *o = new_options();
        every_option[i].set(o);
        /* through the options JSON */
        char *json = NULL;
        ck_assert_ok(sdm_match_options_to_json(o, &json));
        sdm_match_options *back = NULL;
        sdm_status st = sdm_match_options_from_json(json, strlen(json), &back);
        ck_assert_msg(st == SDM_OK, "%s: %s\n%s", name, sdm_last_error(), json);
        assert_same_bits(name, o, back);
        sdm_free(json);
        sdm_match_options_free(back);
        /* through a decision record (a helpful weight of 5e-324 or 1e300
         * beside these ranks cannot be told from rounding error, so a match
         * that uses it is refused, test-ties.c: the record then comes from
         * the ranking without its helpful side effect, and still stores it) */
        sdm_match *m = NULL;
        st = sdm_match_run(f, r, o, &m);
        if (st == SDM_ERR_LIMIT && sdm_match_options_helpful_weight(o) != SDM_HELPFUL_WEIGHT_AUTO)
            st = sdm_match_run(f, unhelped, o, &m);
        ck_assert_msg(st == SDM_OK, "%s: %s", name, sdm_last_error());
        char *record = NULL;
        ck_assert_ok(sdm_record_to_json(m, "2026-12-06T10:00:00Z", &record));
        sdm_match_options *reopened = NULL;
        st = sdm_record_load_json(cat, record, strlen(record), NULL, &reopened, NULL);
        ck_assert_msg(st == SDM_OK, "%s: %s", name, sdm_last_error());
        assert_same_bits(name, o, reopened);
        sdm_free(record);
        sdm_match_options_free(reopened);
        sdm_match_free(m);
        sdm_match_options_free(o);
    }
    sdm_ranking_free(unhelped);
    sdm_ranking_free(r);
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(decision_context)
{
    sdm_match_options *o = new_options();
    ck_assert_int_eq(sdm_match_options_detained(o), 0);
    ck_assert_ptr_null(sdm_match_options_limits(o));
    ck_assert_str_eq(sdm_match_options_revisit(o), "");
    /* detained needs the statement; a statement needs detained */
    ck_assert_status(sdm_match_options_set_detained(o, 1, NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("needs the clinician's statement of the limits of choice (it is NULL)");
    ck_assert_status(sdm_match_options_set_detained(o, 1, "  "), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("the statement is blank");
    ck_assert_status(sdm_match_options_set_detained(o, 1, "line\nforged"), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_match_options_set_detained(o, 0, "limits"), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(sdm_match_options_detained(o), 0);
    ck_assert_ok(sdm_match_options_set_detained(o, 1, "The tribunal's order names the depot."));
    ck_assert_int_eq(sdm_match_options_detained(o), 1);
    ck_assert_str_eq(sdm_match_options_limits(o), "The tribunal's order names the depot.");
    ck_assert_ok(sdm_match_options_set_detained(o, 0, NULL));
    ck_assert_ptr_null(sdm_match_options_limits(o));
    /* a date to revisit: a day the month has */
    ck_assert_ok(sdm_match_options_set_revisit(o, "2028-02-29"));
    ck_assert_str_eq(sdm_match_options_revisit(o), "2028-02-29");
    const char *bad[] = {"2027-02-29", "2027-13-01", "2027-1-01", "2027", "tomorrow", "2027-04-31", ""};
    for (int i = 0; i < 7; i++) {
        ck_assert_status(sdm_match_options_set_revisit(o, bad[i]), SDM_ERR_INVALID_ARGUMENT);
        ck_assert_error_has("is not a date YYYY-MM-DD");
    }
    ck_assert_str_eq(sdm_match_options_revisit(o), "2028-02-29");
    ck_assert_ok(sdm_match_options_set_revisit(o, NULL));
    ck_assert_str_eq(sdm_match_options_revisit(o), "");
    /* in the options JSON, with the key that is wrong */
    const char *docs[] = {"{'detained': true}", "{'detained': 'yes', 'limits': 'x'}", "{'revisit': '2027-02-30'}"};
    const char *needles[] = {"limits: a person who is detained needs", "'detained' must be true or false",
                             "revisit: the date to revisit '2027-02-30' is not a date YYYY-MM-DD"};
    for (int i = 0; i < 3; i++) {
        char *doc = tj(docs[i]);
        sdm_match_options *back = NULL;
        ck_assert_status(sdm_match_options_from_json(doc, strlen(doc), &back), SDM_ERR_SCHEMA);
        ck_assert_error_has(needles[i]);
        free(doc);
    }
    sdm_match_options_free(o);
}
END_TEST

static Suite *options_suite(void)
{
    Suite *s = suite_create("options");
    TCase *tc = tcase_create("weights");
    ADD(tc, unknown_policy_ids_both_ways);
    ADD(tc, defaults);
    ADD(tc, roc_by_hand);
    ADD(tc, other_schemes_by_hand);
    ADD(tc, lexicographic);
    ADD(tc, weights_sum_to_one);
    ADD(tc, weights_bad_k);
    ADD(tc, custom_weights);
    ADD(tc, custom_weights_invalid);
    ADD(tc, scheme_invalid);
    suite_add_tcase(s, tc);

    tc = tcase_create("settings");
    ADD(tc, severity_scale);
    ADD(tc, unknown_policy);
    ADD(tc, helpful_weight);
    ADD(tc, filters);
    ADD(tc, scheme_ids);
    ADD(tc, copy_independent);
    ADD(tc, json_round_trip);
    ADD(tc, from_json_hand_written);
    ADD(tc, from_json_errors);
    ADD(tc, from_json_more_errors);
    ADD(tc, synthesis_setting_and_ids);
    ADD(tc, every_option_round_trips);
    ADD(tc, decision_context);
    suite_add_tcase(s, tc);
    return s;
}

SDM_TEST_MAIN(options_suite)
