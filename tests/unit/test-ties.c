/*
 * libsdm - ties at the extremes of every scheme (issue 16, defect 6): the
 * tie tolerance is relative to the scale of the scores, equal scores summed
 * in another order always tie, one step of a rating on the last rank never
 * ties, and where double precision cannot keep ranks apart the match is
 * refused with SDM_ERR_LIMIT. sdm_match_run() and the batch alike.
 *
 * The tolerance (match.h, sdm_match_tie_tolerance()) is
 *     tie = T (S 2^-50 + 2^-1072)
 * for T terms (ranked and helpful) whose weights add up to S (helpful ones
 * counted once per helpful side effect). A shape of ranking is refused when
 * for some term of weight w > 0, w * step < 2 tie, where step is the smallest
 * gap between two values a rating can count as: on the default scale
 * (0, 1/3, 2/3, 1, unknown 1/2) it is 1/2 - 1/3 = 1/6.
 * SPDX-License-Identifier: MIT
 */
#include <float.h>
#include <stdint.h>

#include "common.h"

static sdm_catalogue *cat;

static void setup(void)
{
    cat = test_default_catalogue();
}

static void teardown(void)
{
    sdm_catalogue_free(cat);
}

/* "Two" over the default catalogue: Alpha and Beta rate every side effect
 * ++, except side effect 0 (night_sleepiness), where Alpha has `alpha` and
 * Beta `beta` (-1: unknown). Alpha comes first by name, so if the two tie,
 * Alpha is listed first. */
static sdm_formulary *two(int alpha, int beta)
{
    char json[12000];
    size_t at = (size_t)snprintf(json, sizeof json,
                                 "{'format': 'sdm-formulary', 'format_version': 1, 'version': 't', "
                                 "'sources': [{'key': 's', 'citation': 'S'}], 'medications': [");
    const char *names[2] = {"Alpha", "Beta"};
    const int first[2] = {alpha, beta};
    for (int m = 0; m < 2; m++) {
        at += (size_t)snprintf(json + at, sizeof json - at, "%s{'id': '%c', 'name': '%s', 'ratings': {",
                               m ? ", " : "", names[m][0] + 32, names[m]);
        for (size_t i = 0; i < 36; i++) {
            int v = i == 0 ? first[m] : 2;
            if (v < 0)
                at += (size_t)snprintf(json + at, sizeof json - at, "%s'%s': {'rating': 'unknown'}",
                                       i ? ", " : "", DEFAULT_ITEMS[i].id);
            else
                at += (size_t)snprintf(json + at, sizeof json - at, "%s'%s': {'rating': %d, 'source': 's'}",
                                       i ? ", " : "", DEFAULT_ITEMS[i].id, v);
        }
        at += (size_t)snprintf(json + at, sizeof json - at, "}}");
    }
    snprintf(json + at, sizeof json - at, "]}");
    return test_formulary(cat, json);
}

/* A ranking of k side effects whose last rank is side effect 0 (the one
 * where Alpha and Beta differ): ranks 1..k-1 are side effects 1..k-1; and h
 * helpful ones, the last h of the catalogue. */
static sdm_ranking *last_rank_differs(size_t k, size_t h)
{
    sdm_ranking *r = NULL;
    ck_assert_ok(sdm_ranking_new(cat, &r));
    ck_assert_ok(sdm_ranking_set_max_rank(r, (int)k));
    for (size_t rank = 1; rank < k; rank++)
        ck_assert_ok(sdm_ranking_avoid(r, DEFAULT_ITEMS[rank].id, (int)rank));
    ck_assert_ok(sdm_ranking_avoid(r, DEFAULT_ITEMS[0].id, (int)k));
    for (size_t i = 36 - h; i < 36; i++)
        ck_assert_ok(sdm_ranking_helpful(r, DEFAULT_ITEMS[i].id));
    return r;
}

/* The same ranking as batch rows: k ranked columns and h helpful ones. */
static void as_row(size_t k, size_t h, int32_t *ranked, int32_t *helpful)
{
    for (size_t rank = 1; rank < k; rank++)
        ranked[rank - 1] = (int32_t)rank;
    ranked[k - 1] = 0;
    for (size_t i = 0; i < h; i++)
        helpful[i] = (int32_t)(35 - i); /* in reverse: the batch sorts them */
}

/* Beta (better by one step on the last rank) is ranked 1 and Alpha 2, not
 * tied, by sdm_match_run() and by the batch, with the same scores. */
static void assert_apart(const sdm_formulary *f, const sdm_match_options *o, size_t k, size_t h)
{
    sdm_ranking *r = last_rank_differs(k, h);
    sdm_match *m = NULL;
    ck_assert_ok(sdm_match_run(f, r, o, &m));
    ck_assert_uint_eq(sdm_match_count(m), 2);
    ck_assert_msg(strcmp(sdm_profile_id(sdm_match_profile(m, 0)), "b") == 0 && sdm_match_rank(m, 1) == 2,
                  "k = %zu, h = %zu: one step on the last rank is shown as a tie (%.17g, %.17g; tolerance %.3g)", k, h,
                  sdm_match_score(m, 0), sdm_match_score(m, 1), sdm_match_tie_tolerance(m));
    ck_assert(isfinite(sdm_match_score(m, 0)) && isfinite(sdm_match_score(m, 1)));
    int32_t ranked[SDM_MAX_RANK], helpful[36], best[2], ranks[2], tied[2];
    double scores[2];
    as_row(k, h, ranked, helpful);
    ck_assert_ok(sdm_match_batch_ext(f, o, ranked, 1, k, h ? helpful : NULL, h, 2, best, scores, ranks, tied));
    ck_assert_int_eq(best[0], 1);
    ck_assert_int_eq(best[1], 0);
    ck_assert_int_eq(ranks[0], 1);
    ck_assert_int_eq(ranks[1], 2);
    ck_assert_int_eq(tied[0], 1);
    ck_assert_int_eq(tied[1], 1);
    ck_assert(scores[0] == sdm_match_score(m, 0) && scores[1] == sdm_match_score(m, 1));
    sdm_match_free(m);
    sdm_ranking_free(r);
}

/* The shape is refused with SDM_ERR_LIMIT and `fragment` in the message, by
 * both; the batch names the row. */
static void assert_refused(const sdm_formulary *f, const sdm_match_options *o, size_t k, size_t h,
                           const char *fragment)
{
    sdm_ranking *r = last_rank_differs(k, h);
    sdm_match *m = NULL;
    ck_assert_status(sdm_match_run(f, r, o, &m), SDM_ERR_LIMIT);
    ck_assert_ptr_null(m);
    ck_assert_error_has(fragment);
    int32_t ranked[2 * SDM_MAX_RANK], helpful[2 * 36], best[2];
    as_row(k, h, ranked, helpful);
    as_row(k, h, ranked + k, helpful + h);
    ck_assert_status(sdm_match_batch_ext(f, o, ranked, 2, k, h ? helpful : NULL, h, 1, best, NULL, NULL, NULL),
                     SDM_ERR_LIMIT);
    ck_assert_error_has("row 0: ");
    ck_assert_error_has(fragment);
    sdm_ranking_free(r);
}

START_TEST(tolerance_is_relative_to_the_weights)
{
    /* Default options, five ranks: ROC weights summing to S (1 up to
     * rounding), T = 5: tie = 5 (S 2^-50 + 2^-1072), about 4.4e-15. With
     * custom weights 1e6 times larger, it is 1e6 times larger. */
    sdm_formulary *f = two(3, 2);
    sdm_ranking *r = last_rank_differs(5, 0);
    sdm_match *m = NULL;
    ck_assert_ok(sdm_match_run(f, r, NULL, &m));
    double s = 0.0;
    for (size_t t = 0; t < sdm_match_term_count(m); t++)
        s += sdm_match_term_weight(m, t);
    ck_assert(sdm_match_tie_tolerance(m) == 5.0 * (s * 0x1p-50 + 0x1p-1072));
    ck_assert_double_eq_tol(sdm_match_tie_tolerance(m), 5.0 * 0x1p-50, 1e-28);
    sdm_match_free(m);

    sdm_match_options *o = NULL;
    ck_assert_ok(sdm_match_options_new(&o));
    const double w[] = {3e6, 2e6, 2e6, 2e6, 1e6};
    ck_assert_ok(sdm_match_options_set_custom_weights(o, w, 5));
    ck_assert_ok(sdm_match_run(f, r, o, &m));
    ck_assert(sdm_match_tie_tolerance(m) == 5.0 * (1e7 * 0x1p-50 + 0x1p-1072));
    sdm_match_free(m);

    /* nothing ranked: no term, every score exactly 0, tolerance 0 */
    sdm_ranking_clear(r);
    ck_assert_ok(sdm_match_run(f, r, NULL, &m));
    ck_assert(sdm_match_tie_tolerance(m) == 0.0);
    ck_assert_int_eq(sdm_match_rank(m, 1), 1);
    sdm_match_free(m);
    ck_assert(isnan(sdm_match_tie_tolerance(NULL)));
    sdm_match_options_free(o);
    sdm_ranking_free(r);
    sdm_formulary_free(f);
}
END_TEST

START_TEST(equal_sums_in_another_order_tie)
{
    /* Equal weights, k = 3: w = 1/3 each. First (+, ++, +++) and Second
     * (++, +++, +) on the ranks: both are w (1/3 + 2/3 + 1) = 2/3 on paper,
     * but summed rank by rank in double precision
     *   First  ((0 + w/3) + 2w/3) + w = 0.6666666666666666
     *   Second ((0 + 2w/3) + w) + w/3 = 0.6666666666666667
     * one unit in the last place apart (1.1e-16). The tolerance is
     * 3 (1 2^-50 + 2^-1072) = 2.7e-15: they tie, First listed first by name. */
    sdm_catalogue *c6 = test6_catalogue();
    sdm_formulary *f = test_formulary(c6,
        "{'format': 'sdm-formulary', 'format_version': 1, 'version': 't', 'sources': [{'key': 's', 'citation': 'S'}],"
        " 'medications': ["
        "  {'id': 'second', 'name': 'Second', 'ratings': {" R("tremor", 2) ", " R("weight_gain", 3) ", "
        R("dry_mouth", 1) "}},"
        "  {'id': 'first', 'name': 'First', 'ratings': {" R("tremor", 1) ", " R("weight_gain", 2) ", "
        R("dry_mouth", 3) "}}]}");
    sdm_ranking *r = NULL;
    ck_assert_ok(sdm_ranking_new(c6, &r));
    ck_assert_ok(sdm_ranking_avoid(r, "tremor", 1));
    ck_assert_ok(sdm_ranking_avoid(r, "weight_gain", 2));
    ck_assert_ok(sdm_ranking_avoid(r, "dry_mouth", 3));
    sdm_match_options *o = NULL;
    ck_assert_ok(sdm_match_options_new(&o));
    ck_assert_ok(sdm_match_options_set_scheme(o, SDM_WEIGHTS_EQUAL));
    sdm_match *m = NULL;
    ck_assert_ok(sdm_match_run(f, r, o, &m));
    ck_assert_str_eq(sdm_profile_id(sdm_match_profile(m, 0)), "first");
    ck_assert_str_eq(sdm_profile_id(sdm_match_profile(m, 1)), "second");
    ck_assert_int_eq(sdm_match_rank(m, 0), 1);
    ck_assert_int_eq(sdm_match_rank(m, 1), 1);
    /* the test means something only if the two sums differ in the last bit */
    ck_assert(sdm_match_score(m, 0) == 0.6666666666666666);
    ck_assert(sdm_match_score(m, 1) == 0.6666666666666667);
    ck_assert(sdm_match_score(m, 0) != sdm_match_score(m, 1));
    /* the batch: First (index 1) at rank 1, two share it */
    int32_t row[] = {T6_TREMOR, T6_WEIGHT, T6_DRY}, best[2], ranks[2], tied[2];
    double scores[2];
    ck_assert_ok(sdm_match_batch_ext(f, o, row, 1, 3, NULL, 0, 2, best, scores, ranks, tied));
    ck_assert_int_eq(best[0], 1);
    ck_assert_int_eq(best[1], 0);
    ck_assert_int_eq(ranks[0], 1);
    ck_assert_int_eq(ranks[1], 1);
    ck_assert_int_eq(tied[0], 2);
    ck_assert_int_eq(tied[1], 2);
    ck_assert(scores[0] == sdm_match_score(m, 0) && scores[1] == sdm_match_score(m, 1));
    ck_assert_ok(sdm_match_batch_ext(f, o, row, 1, 3, NULL, 0, 1, best, scores, ranks, tied));
    ck_assert_int_eq(best[0], 1);
    ck_assert_int_eq(tied[0], 2);
    sdm_match_free(m);
    sdm_match_options_free(o);
    sdm_ranking_free(r);
    sdm_formulary_free(f);
    sdm_catalogue_free(c6);
}
END_TEST

START_TEST(lexicographic_up_to_twelve_ranks)
{
    /* Default scale: the lexicographic base is 2 (1 + h) / (1/6) + 1 = 13 with
     * no helpful side effect, so w_i = 13^-(i-1) / sum_j 13^-(j-1), and one
     * step on the last rank, the smallest (unknown 1/2 against + 1/3), is
     * worth w_k / 6. S = 1, T = k, so tie = k 2^-50 (about k 8.9e-16):
     *   k = 9:  w_9 = (12/13) / (1 - 13^-9) / 13^8 = 1.13e-9; /6 = 1.9e-10
     *           (below the old fixed 1e-9: it was shown as a tie)
     *   k = 12: w_12 = 5.15e-13; /6 = 8.6e-14 >= 2 tie = 2.1e-14: apart
     *   k = 13: w_13 = 3.96e-14; /6 = 6.6e-15 <  2 tie = 2.3e-14: refused
     * Alpha unknown, Beta + on side effect 0; ranks 1..k-1 all ++ for both. */
    sdm_formulary *f = two(-1, 1);
    sdm_match_options *o = NULL;
    ck_assert_ok(sdm_match_options_new(&o));
    ck_assert_ok(sdm_match_options_set_scheme(o, SDM_WEIGHTS_LEXICOGRAPHIC));
    for (size_t k = 1; k <= 12; k++)
        assert_apart(f, o, k, 0);
    assert_refused(f, o, 13, 0, "the lexicographic scheme cannot rank 13 side effects in double precision");
    assert_refused(f, o, 36, 0, "the lexicographic scheme cannot rank 36 side effects");
    /* + against ++ on the last rank (a step of 1/3) is apart too */
    sdm_formulary_free(f);
    f = two(2, 1);
    for (size_t k = 9; k <= 12; k++)
        assert_apart(f, o, k, 0);
    sdm_match_options_free(o);
    sdm_formulary_free(f);
}
END_TEST

START_TEST(lexicographic_with_many_helpful)
{
    /* h helpful side effects weigh as rank k and enlarge the base:
     * 2 (1 + h) 6 + 1.
     *   h = 20, k = 5: base 253, w_5 = 2.4e-10 (one step on it, 4.0e-11, was
     *     within the old 1e-9); S = 1 + 20 w_5, T = 25, tie = 2.2e-14: apart.
     *   h = 30, k = 5: base 373, w_5 = 5.2e-11; /6 = 8.6e-12 >= 2 tie = 6.2e-14.
     *   h = 30, k = 6: w_6 = 1.4e-13; /6 = 2.3e-14 < 2 tie = 6.4e-14: refused.
     * The helpful side effects are ++ for both, so only rank k differs. */
    sdm_formulary *f = two(-1, 1);
    sdm_match_options *o = NULL;
    ck_assert_ok(sdm_match_options_new(&o));
    ck_assert_ok(sdm_match_options_set_scheme(o, SDM_WEIGHTS_LEXICOGRAPHIC));
    assert_apart(f, o, 5, 20);
    assert_apart(f, o, 5, 30);
    assert_refused(f, o, 6, 30, "cannot rank 6 side effects with 30 helpful ones in double precision");
    sdm_match_options_free(o);
    sdm_formulary_free(f);
}
END_TEST

START_TEST(every_scheme_every_rank)
{
    /* ROC, rank sum, reciprocal and equal weights keep every rank apart up
     * to 36 (their smallest weight, ROC's w_36 = 1/36^2 = 7.7e-4, against a
     * tolerance of 36 2^-50 = 3.2e-14), under every unknown policy; the
     * lexicographic scheme up to 12 (above). One step on the last rank: +++
     * against ++ (1/3 on the default scale). */
    sdm_formulary *f = two(3, 2);
    sdm_match_options *o = NULL;
    ck_assert_ok(sdm_match_options_new(&o));
    for (int policy = SDM_UNKNOWN_MIDDLE; policy <= SDM_UNKNOWN_EXCLUDE; policy++) {
        ck_assert_ok(sdm_match_options_set_unknown_policy(o, (sdm_unknown_policy)policy));
        for (int s = SDM_WEIGHTS_ROC; s <= SDM_WEIGHTS_LEXICOGRAPHIC; s++) {
            ck_assert_ok(sdm_match_options_set_scheme(o, (sdm_weight_scheme)s));
            size_t most = s == SDM_WEIGHTS_LEXICOGRAPHIC ? 12 : 36;
            for (size_t k = 1; k <= most; k++)
                assert_apart(f, o, k, 0);
            for (size_t k = 1; k + 2 <= most && k <= 30; k += 7)
                assert_apart(f, o, k, 2);
        }
    }
    sdm_match_options_free(o);
    sdm_formulary_free(f);
}
END_TEST

START_TEST(custom_weights_at_the_extremes)
{
    /* One step +++ against ++ on rank 5 is w_5 / 3. */
    sdm_formulary *f = two(3, 2);
    sdm_match_options *o = NULL;
    ck_assert_ok(sdm_match_options_new(&o));
    /* near SDM_MAX_WEIGHT: w_5 / 3 = 3.3e299 against tie = 5 (5e300 2^-50) = 2.2e286 */
    const double huge[] = {1e300, 1e300, 1e300, 1e300, 1e300};
    ck_assert_ok(sdm_match_options_set_custom_weights(o, huge, 5));
    assert_apart(f, o, 5, 0);
    assert_apart(f, o, 5, 3); /* helpful weight 1e300 too: S = 8e300, finite */
    /* near the smallest normal: 1e-300 (tie 2.2e-314), DBL_MIN = 2.2e-308 (tie 5.9e-322) */
    const double tiny[] = {1e-300, 1e-300, 1e-300, 1e-300, 1e-300};
    ck_assert_ok(sdm_match_options_set_custom_weights(o, tiny, 5));
    assert_apart(f, o, 5, 0);
    const double smallest_normal[] = {DBL_MIN, DBL_MIN, DBL_MIN, DBL_MIN, DBL_MIN};
    ck_assert_ok(sdm_match_options_set_custom_weights(o, smallest_normal, 5));
    assert_apart(f, o, 5, 0);
    /* the smallest double, 4.9e-324: w / 6 rounds to 0, below anything: refused */
    const double denormal[] = {4.9406564584124654e-324, 4.9406564584124654e-324};
    ck_assert_ok(sdm_match_options_set_custom_weights(o, denormal, 2));
    assert_refused(f, o, 2, 0, "rank 1's weight (4.94e-324) is too small");
    /* two ranks 1e12 apart: w_2 / 6 = 1.7e-13 >= 2 tie = 2 (2 2^-50) = 3.6e-15 */
    const double apart[] = {1.0, 1e-12};
    ck_assert_ok(sdm_match_options_set_custom_weights(o, apart, 2));
    assert_apart(f, o, 2, 0);
    /* 1e15 apart: 1.7e-16 < 3.6e-15: refused, naming rank 2 */
    const double too_far[] = {1.0, 1e-15};
    ck_assert_ok(sdm_match_options_set_custom_weights(o, too_far, 2));
    assert_refused(f, o, 2, 0, "rank 2's weight (1e-15) is too small beside the others (1 in all)");
    const double far_far[] = {1e300, 1e-300};
    ck_assert_ok(sdm_match_options_set_custom_weights(o, far_far, 2));
    assert_refused(f, o, 2, 0, "rank 2's weight (1e-300)");
    sdm_match_options_free(o);
    sdm_formulary_free(f);
}
END_TEST

START_TEST(a_weight_of_zero_ties_by_choice)
{
    /* Custom weights (1, 0): rank 2 counts nothing, so +++ against ++ there
     * leaves the scores exactly equal (2/3 each): a tie, Alpha first by name.
     * Not refused: a weight of 0 is the caller's choice. */
    sdm_formulary *f = two(3, 2);
    sdm_match_options *o = NULL;
    ck_assert_ok(sdm_match_options_new(&o));
    const double w[] = {1.0, 0.0};
    ck_assert_ok(sdm_match_options_set_custom_weights(o, w, 2));
    sdm_ranking *r = last_rank_differs(2, 0);
    sdm_match *m = NULL;
    ck_assert_ok(sdm_match_run(f, r, o, &m));
    ck_assert_str_eq(sdm_profile_id(sdm_match_profile(m, 0)), "a");
    ck_assert_int_eq(sdm_match_rank(m, 1), 1);
    ck_assert(sdm_match_score(m, 0) == 2.0 / 3 && sdm_match_score(m, 1) == 2.0 / 3);
    sdm_match_free(m);
    sdm_ranking_free(r);
    sdm_match_options_free(o);
    sdm_formulary_free(f);
}
END_TEST

START_TEST(helpful_weight_at_the_extremes)
{
    sdm_formulary *f = two(3, 2);
    sdm_match_options *o = NULL;
    ck_assert_ok(sdm_match_options_new(&o));
    /* 1e300 per helpful side effect dwarfs the ROC ranks: S = 3e300, rank
     * 1's step (0.457 / 6) is far below tie = 8 (3e300 2^-50): refused */
    ck_assert_ok(sdm_match_options_set_helpful_weight(o, 1e300));
    assert_refused(f, o, 5, 3, "rank 1's weight (0.457) is too small beside the others (3e+300 in all)");
    /* 1e-20: one step on a helpful side effect (1e-20 / 6) cannot be seen
     * beside the ranks (tie = 6 2^-50 = 5.3e-15): refused */
    ck_assert_ok(sdm_match_options_set_helpful_weight(o, 1e-20));
    assert_refused(f, o, 5, 1, "the helpful side effects' weight (1e-20) is too small");
    /* 0: helpful side effects count nothing, by choice */
    ck_assert_ok(sdm_match_options_set_helpful_weight(o, 0.0));
    assert_apart(f, o, 5, 1);
    sdm_match_options_free(o);
    sdm_formulary_free(f);
}
END_TEST

static Suite *ties_suite(void)
{
    Suite *s = suite_create("ties");
    TCase *tc = tcase_create("ties");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    ADD(tc, tolerance_is_relative_to_the_weights);
    ADD(tc, equal_sums_in_another_order_tie);
    ADD(tc, lexicographic_up_to_twelve_ranks);
    ADD(tc, lexicographic_with_many_helpful);
    ADD(tc, every_scheme_every_rank);
    ADD(tc, custom_weights_at_the_extremes);
    ADD(tc, a_weight_of_zero_ties_by_choice);
    ADD(tc, helpful_weight_at_the_extremes);
    suite_add_tcase(s, tc);
    return s;
}

SDM_TEST_MAIN(ties_suite)
