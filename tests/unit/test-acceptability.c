/*
 * libsdm - unit tests: how sure is the match (acceptability analysis, SMAA-2;
 * include/sdm/acceptability.h).
 *
 * Hand-made formularies over the catalogue test-6 make the shares provable:
 * a dominant medicine, fixed ties, an unknown cell, a personal reading. The
 * default data checks the sums, the seed, the population form and the
 * record. Statistical checks use a fixed seed and a tolerance of five
 * standard errors worked out below, so they pass or fail the same way on
 * every run and every build.
 * SPDX-License-Identifier: MIT
 */
#include "common.h"

#include <stdint.h>

#include <jansson.h>

/* A copy a test may edit (strdup is not C11). */
static char *copy_of(const char *s)
{
    char *c = malloc(strlen(s) + 1);
    ck_assert_ptr_nonnull(c);
    return strcpy(c, s);
}

/* Two sources so that cells can have several readings. */
#define HEAD \
    "{'format': 'sdm-formulary', 'format_version': 2, 'version': 'acc', 'catalogue': 'test-6'," \
    " 'sources': [{'key': 'x', 'label': 'X', 'citation': 'X', 'reliability': 'peer_reviewed'}," \
    "             {'key': 'y', 'label': 'Y', 'citation': 'Y', 'reliability': 'peer_reviewed'}]," \
    " 'medications': ["
#define TAIL "]}"
#define MED(id, ratings) "{'id': '" id "', 'name': '" id "', 'ratings': {" ratings "}}"
#define ONE(item, v) "'" item "': {'readings': [{'source': 'x', 'printed': '" #v "', 'value': " #v "}]}"
#define TWO(item, a, b) \
    "'" item "': {'readings': [{'source': 'x', 'printed': '" #a "', 'value': " #a "}," \
    " {'source': 'y', 'printed': '" #b "', 'value': " #b "}]}"

struct fx {
    sdm_catalogue *cat;
    sdm_formulary *f;
    sdm_ranking *r;
    sdm_match_options *o;
    sdm_acceptability *a;
};

static void fx_init(struct fx *x, const char *formulary)
{
    memset(x, 0, sizeof *x);
    x->cat = test6_catalogue();
    x->f = test_formulary(x->cat, formulary);
    ck_assert_ok(sdm_ranking_new(x->cat, &x->r));
    ck_assert_ok(sdm_match_options_new(&x->o));
}

static void fx_free(struct fx *x)
{
    sdm_acceptability_free(x->a);
    sdm_match_options_free(x->o);
    sdm_ranking_free(x->r);
    sdm_formulary_free(x->f);
    sdm_catalogue_free(x->cat);
}

/* The analysed position of a medicine (fails the test when it is not assessed). */
static size_t at(const sdm_acceptability *a, const char *id)
{
    for (size_t i = 0; i < sdm_acceptability_count(a); i++)
        if (strcmp(sdm_profile_id(sdm_acceptability_profile(a, i)), id) == 0)
            return i;
    ck_abort_msg("'%s' is not assessed", id);
    return 0;
}

static void assert_sums(const sdm_acceptability *a)
{
    double first = 0.0, top3 = 0.0;
    size_t n = sdm_acceptability_count(a);
    for (size_t i = 0; i < n; i++) {
        first += sdm_acceptability_first(a, i);
        top3 += sdm_acceptability_top3(a, i);
        ck_assert(sdm_acceptability_first(a, i) <= sdm_acceptability_top3(a, i));
    }
    ck_assert_double_eq_tol(first, 1.0, 1e-12);
    ck_assert_double_eq_tol(top3, n < 3 ? (double)n : 3.0, 1e-12);
}

/* ---- provable shares --------------------------------------------------------- */

/* A's weight gain is none or + (readings 0 and 1), B's ++ or +++, C's ++;
 * rank 1 weight gain, rank 2 shaking (A none, B none or +, C +++). Two ranks
 * give w1 >= 1/2, so A's score is at most w1/3 + 0 and the others' at least
 * 2 w1/3: A is first by at least w1/3 >= 1/6, far above the tie tolerance,
 * in every scenario. Exactly 1 (the credit 1 summed N times is exact), and
 * with three medicines each is in the top three in every scenario. */
START_TEST(dominant_medicine_is_always_first)
{
    struct fx x;
    fx_init(&x, HEAD MED("A", TWO("weight_gain", 0, 1) "," ONE("tremor", 0)) ","
                     MED("B", TWO("weight_gain", 2, 3) "," TWO("tremor", 0, 1)) ","
                     MED("C", ONE("weight_gain", 2) "," ONE("tremor", 3)) TAIL);
    ck_assert_ok(sdm_ranking_avoid(x.r, "weight_gain", 1));
    ck_assert_ok(sdm_ranking_avoid(x.r, "tremor", 2));
    ck_assert_ok(sdm_acceptability_run(x.f, x.r, NULL, &x.a));
    ck_assert_uint_eq(sdm_acceptability_scenarios(x.a), SDM_ACCEPTABILITY_DEFAULT_SCENARIOS);
    ck_assert_uint_eq(sdm_acceptability_seed(x.a), SDM_ACCEPTABILITY_DEFAULT_SEED);
    ck_assert_uint_eq(sdm_acceptability_count(x.a), 3);
    ck_assert_str_eq(sdm_profile_id(sdm_acceptability_profile(x.a, 0)), "A");
    ck_assert(sdm_acceptability_first(x.a, 0) == 1.0);
    ck_assert(sdm_acceptability_first(x.a, 1) == 0.0);
    ck_assert(sdm_acceptability_first(x.a, 2) == 0.0);
    for (size_t i = 0; i < 3; i++)
        ck_assert(sdm_acceptability_top3(x.a, i) == 1.0);
    ck_assert(!sdm_acceptability_fragile(x.a));
    ck_assert(isnan(sdm_acceptability_central_weight(x.a, 1, 1))); /* B is never first */
    /* A's only cells vary by one step (spread 1): nothing unknown or disputed */
    ck_assert_uint_eq(sdm_acceptability_driver_count(x.a), 0);
    char *text = NULL;
    ck_assert_ok(sdm_acceptability_text(x.a, &text));
    ck_assert_str_eq(text, "A is the best fit for you in every plausible reading of the evidence and of your "
                           "priorities (10,000 readings drawn, seed 2026). A is among the three best fits in 100 % "
                           "of them. No unknown or disputed rating of these medicines on your side effects drives "
                           "this: the uncertainty comes from how much each of your concerns weighs.");
    sdm_free(text);
    fx_free(&x);
}
END_TEST

/* A and A2 have the same single reading (none), B and B2 too (+++), C's is
 * ++: in every scenario A and A2 tie for first (1/2 each, exactly) and fill
 * the first two places (2 places for 2 medicines: 1 each in the top three);
 * C (score 2/3) comes third alone (1), B and B2 (score 1) after it (0).
 * The shares sum to 1 and 3. */
START_TEST(ties_share_the_credit)
{
    struct fx x;
    fx_init(&x, HEAD MED("A", ONE("weight_gain", 0)) "," MED("A2", ONE("weight_gain", 0)) ","
                     MED("B", ONE("weight_gain", 3)) "," MED("B2", ONE("weight_gain", 3)) ","
                     MED("C", ONE("weight_gain", 2)) TAIL);
    ck_assert_ok(sdm_ranking_avoid(x.r, "weight_gain", 1));
    ck_assert_ok(sdm_match_options_set_acceptability(x.o, 1000, 5));
    ck_assert_ok(sdm_acceptability_run(x.f, x.r, x.o, &x.a));
    ck_assert(sdm_acceptability_first(x.a, at(x.a, "A")) == 0.5);
    ck_assert(sdm_acceptability_first(x.a, at(x.a, "A2")) == 0.5);
    ck_assert(sdm_acceptability_top3(x.a, at(x.a, "A")) == 1.0);
    ck_assert(sdm_acceptability_top3(x.a, at(x.a, "C")) == 1.0);
    ck_assert(sdm_acceptability_top3(x.a, at(x.a, "B")) == 0.0);
    ck_assert(sdm_acceptability_top3(x.a, at(x.a, "B2")) == 0.0);
    /* equal shares are listed by name */
    ck_assert_str_eq(sdm_profile_id(sdm_acceptability_profile(x.a, 0)), "A");
    ck_assert_str_eq(sdm_profile_id(sdm_acceptability_profile(x.a, 1)), "A2");
    assert_sums(x.a);
    ck_assert(sdm_acceptability_fragile(x.a)); /* 50 % and 50 % */
    char *text = NULL;
    ck_assert_ok(sdm_acceptability_text(x.a, &text));
    ck_assert_str_eq(text, "No medicine clearly comes first: A is first in 50 % of the plausible readings of the "
                           "evidence and of your priorities; A2 50 %: the evidence does not separate them (1,000 "
                           "readings drawn, seed 5). A is among the three best fits in 100 % of them. No unknown or "
                           "disputed rating of these medicines on your side effects drives this: the uncertainty "
                           "comes from how much each of your concerns weighs.");
    sdm_free(text);
    fx_free(&x);
}
END_TEST

/* Three tie for first (1/3 each) and cover the three places (3/3 = 1 each);
 * then two that share nothing. With two tied first and two tied next, the
 * next two share the one place left: 1/2 each. */
START_TEST(ties_across_the_third_place)
{
    struct fx x;
    fx_init(&x, HEAD MED("A", ONE("weight_gain", 0)) "," MED("A2", ONE("weight_gain", 0)) ","
                     MED("B", ONE("weight_gain", 1)) "," MED("B2", ONE("weight_gain", 1)) ","
                     MED("C", ONE("weight_gain", 3)) TAIL);
    ck_assert_ok(sdm_ranking_avoid(x.r, "weight_gain", 1));
    ck_assert_ok(sdm_match_options_set_acceptability(x.o, 1000, 5));
    ck_assert_ok(sdm_acceptability_run(x.f, x.r, x.o, &x.a));
    ck_assert(sdm_acceptability_first(x.a, at(x.a, "A")) == 0.5);
    ck_assert(sdm_acceptability_top3(x.a, at(x.a, "A")) == 1.0);
    ck_assert(sdm_acceptability_top3(x.a, at(x.a, "B")) == 0.5);
    ck_assert(sdm_acceptability_top3(x.a, at(x.a, "B2")) == 0.5);
    ck_assert(sdm_acceptability_top3(x.a, at(x.a, "C")) == 0.0);
    assert_sums(x.a);
    fx_free(&x);

    fx_init(&x, HEAD MED("A", ONE("weight_gain", 0)) "," MED("A2", ONE("weight_gain", 0)) ","
                     MED("A3", ONE("weight_gain", 0)) "," MED("B", ONE("weight_gain", 1)) TAIL);
    ck_assert_ok(sdm_ranking_avoid(x.r, "weight_gain", 1));
    ck_assert_ok(sdm_match_options_set_acceptability(x.o, 999, 5));
    ck_assert_ok(sdm_acceptability_run(x.f, x.r, x.o, &x.a));
    /* 1/3 summed 999 times (each sum rounds, by at most 2^-53 of 333) and
     * divided by 999: within 999 * 333 * 2^-53 / 999 < 4e-14 of 1/3 */
    ck_assert_double_eq_tol(sdm_acceptability_first(x.a, at(x.a, "A3")), 1.0 / 3.0, 4e-14);
    ck_assert(sdm_acceptability_top3(x.a, at(x.a, "A3")) == 1.0);
    ck_assert(sdm_acceptability_top3(x.a, at(x.a, "B")) == 0.0);
    assert_sums(x.a);
    fx_free(&x);
}
END_TEST

/* An unknown cell is none, +, ++ or +++ with chance 1/4 each. U (unknown)
 * against B (+) and C (+++) on one ranked side effect: U first when none
 * (1/4), tied with B when + (1/4: half each), else B first. Expected U 3/8,
 * B 5/8. U's credit per scenario is 1, 1/2 or 0 with chances 1/4, 1/4, 1/2:
 * variance 5/16 - 9/64 = 11/64, so the standard error of the mean of 10,000
 * is sqrt(11/64) / 100 = 0.0041; five of them: 0.021. Under the unknown
 * policy "exclude", U is left out, as sdm_match_run() leaves it out. */
START_TEST(unknown_cell_is_any_rating)
{
    struct fx x;
    fx_init(&x, HEAD MED("U", ONE("tremor", 0)) "," MED("B", ONE("weight_gain", 1)) ","
                     MED("C", ONE("weight_gain", 3)) TAIL);
    ck_assert_ok(sdm_ranking_avoid(x.r, "weight_gain", 1));
    ck_assert_ok(sdm_acceptability_run(x.f, x.r, NULL, &x.a));
    double u = sdm_acceptability_first(x.a, at(x.a, "U"));
    ck_assert_double_eq_tol(u, 0.375, 5 * 0.0041);
    ck_assert(u + sdm_acceptability_first(x.a, at(x.a, "B")) == 1.0); /* halves and wholes: exact */
    ck_assert_uint_eq(sdm_acceptability_driver_count(x.a), 1);       /* U's unknown weight gain */
    ck_assert_uint_eq(sdm_acceptability_driver_effect(x.a, 0), T6_WEIGHT);
    ck_assert_int_eq(sdm_acceptability_driver_spread(x.a, 0), -1);
    sdm_acceptability_free(x.a);
    x.a = NULL;
    ck_assert_ok(sdm_match_options_set_unknown_policy(x.o, SDM_UNKNOWN_EXCLUDE));
    ck_assert_ok(sdm_acceptability_run(x.f, x.r, x.o, &x.a));
    ck_assert_uint_eq(sdm_acceptability_count(x.a), 2);
    ck_assert(sdm_acceptability_first(x.a, at(x.a, "B")) == 1.0);
    fx_free(&x);
}
END_TEST

/* The person had weight gain on A: their own reading (+++) replaces A's
 * readings (none), as in sdm_match_run(), so B (+) is always first; the
 * personal cell is fixed, so it is not named as a driver. */
START_TEST(personal_reading_counts_as_in_the_match)
{
    struct fx x;
    fx_init(&x, HEAD MED("A", ONE("weight_gain", 0)) "," MED("B", ONE("weight_gain", 1)) TAIL);
    ck_assert_ok(sdm_ranking_avoid(x.r, "weight_gain", 1));
    ck_assert_ok(sdm_ranking_add_history(x.r, "A", SDM_OUTCOME_UNSPECIFIED, NULL));
    ck_assert_ok(sdm_ranking_history_had(x.r, "A", "weight_gain"));
    ck_assert_ok(sdm_acceptability_run(x.f, x.r, NULL, &x.a));
    ck_assert_str_eq(sdm_profile_id(sdm_acceptability_profile(x.a, 0)), "B");
    ck_assert(sdm_acceptability_first(x.a, 0) == 1.0);
    fx_free(&x);
}
END_TEST

/* Disputed cells (spread >= 2) of the top medicines are named with their
 * readings; the helpful side effect counts with the lowest ranked weight. */
START_TEST(disputed_cells_drive_it)
{
    struct fx x;
    fx_init(&x, HEAD MED("A", TWO("weight_gain", 0, 2)) "," MED("B", ONE("weight_gain", 1)) TAIL);
    ck_assert_ok(sdm_ranking_avoid(x.r, "weight_gain", 1));
    ck_assert_ok(sdm_match_options_set_acceptability(x.o, 2000, 11));
    ck_assert_ok(sdm_acceptability_run(x.f, x.r, x.o, &x.a));
    /* A is none or ++ with chance 1/2: first (0 < 1/3) or not (2/3 > 1/3) */
    ck_assert_uint_eq(sdm_acceptability_driver_count(x.a), 1);
    ck_assert_str_eq(sdm_profile_id(sdm_acceptability_driver_profile(x.a, 0)), "A");
    ck_assert_int_eq(sdm_acceptability_driver_spread(x.a, 0), 2);
    ck_assert_int_eq(sdm_acceptability_driver_spread(x.a, 1), -2);
    char *text = NULL;
    ck_assert_ok(sdm_acceptability_text(x.a, &text));
    ck_assert_msg(strstr(text, "What makes it uncertain: for A, Putting on weight is disputed (none to ++: X none, "
                               "Y ++).") != NULL, "%s", text);
    sdm_free(text);
    fx_free(&x);
}
END_TEST

/* ---- the weight sampler -------------------------------------------------------- */

/* A dominant medicine is first in every scenario, so its central weights
 * are the mean of every drawn weight vector, which must converge to the ROC
 * weights w_i = (1/k) sum_{j>=i} 1/j. The drawn w_i = sum_{j>=i} x_j / j for
 * x uniform on the simplex (Dirichlet(1, ..., 1)): Var x_j = (k-1)/(k^2(k+1)),
 * Cov = -1/(k^2(k+1)), so Var w_i = (k S2 - S1^2) / (k^2 (k + 1)) with
 * S1 = sum_{j>=i} 1/j and S2 = sum_{j>=i} 1/j^2 (k = 5, i = 1: 0.01403, sd
 * 0.118). With 100,000 scenarios the tolerance is five standard errors. */
START_TEST(weight_sampler_mean_is_roc)
{
    struct fx x;
    fx_init(&x, HEAD MED("A", ONE("weight_gain", 0) "," ONE("dry_mouth", 0) "," ONE("tremor", 0) ","
                              ONE("restlessness", 0) "," ONE("constipation", 0)) ","
                     MED("B", ONE("weight_gain", 3) "," ONE("dry_mouth", 3) "," ONE("tremor", 3) ","
                              ONE("restlessness", 3) "," ONE("constipation", 3)) TAIL);
    const char *order[] = {"weight_gain", "dry_mouth", "tremor", "restlessness", "constipation"};
    const int k = 5;
    const size_t n = 100000;
    for (int i = 0; i < k; i++)
        ck_assert_ok(sdm_ranking_avoid(x.r, order[i], i + 1));
    ck_assert_ok(sdm_match_options_set_acceptability(x.o, n, 20261206));
    ck_assert_ok(sdm_acceptability_run(x.f, x.r, x.o, &x.a));
    ck_assert(sdm_acceptability_first(x.a, 0) == 1.0);
    ck_assert_uint_eq(sdm_acceptability_rank_count(x.a), 5);
    double roc[5];
    ck_assert_ok(sdm_match_options_weights(NULL, k, roc));
    double sum = 0.0, before = 1.0;
    for (int i = 1; i <= k; i++) {
        double s1 = 0.0, s2 = 0.0;
        for (int j = i; j <= k; j++) {
            s1 += 1.0 / j;
            s2 += 1.0 / ((double)j * j);
        }
        double var = (k * s2 - s1 * s1) / ((double)k * k * (k + 1));
        double se = sqrt(var / (double)n), w = sdm_acceptability_central_weight(x.a, 0, (size_t)i);
        ck_assert_msg(fabs(w - roc[i - 1]) <= 5 * se, "rank %d: mean %.6f, ROC %.6f, 5 se %.6f", i, w, roc[i - 1],
                      5 * se);
        ck_assert(w <= before); /* a mean of ordered weights is ordered */
        before = w;
        sum += w;
    }
    ck_assert_double_eq_tol(sum, 1.0, 1e-12);
    ck_assert(isnan(sdm_acceptability_central_weight(x.a, 0, 6)));
    ck_assert(isnan(sdm_acceptability_central_weight(x.a, 0, 0)));
    fx_free(&x);
}
END_TEST

/* ---- the default data ------------------------------------------------------------ */

struct dfx {
    sdm_catalogue *cat;
    sdm_formulary *f;
    sdm_ranking *r;
};

/* The README's quick-start person: avoid weight gain, day-time sleepiness,
 * stiff muscles, less sex drive, dry mouth; night-time sleepiness helps. */
static void quickstart(struct dfx *x)
{
    static const char *const avoid[] = {"weight_gain", "day_sleepiness", "stiff_muscles", "less_sex_drive",
                                        "dry_mouth"};
    x->cat = test_default_catalogue();
    x->f = test_default_formulary(x->cat);
    ck_assert_ok(sdm_ranking_new(x->cat, &x->r));
    for (int i = 0; i < 5; i++)
        ck_assert_ok(sdm_ranking_avoid(x->r, avoid[i], i + 1));
    ck_assert_ok(sdm_ranking_helpful(x->r, "night_sleepiness"));
}

static void dfx_free(struct dfx *x)
{
    sdm_ranking_free(x->r);
    sdm_formulary_free(x->f);
    sdm_catalogue_free(x->cat);
}

/* The same medicines as sdm_match_run() ranks (clozapine is restricted), the
 * sums, and the same numbers for the same seed; another seed differs. */
START_TEST(default_data_same_seed_same_numbers)
{
    struct dfx x;
    quickstart(&x);
    sdm_match *m = NULL;
    sdm_acceptability *a = NULL, *b = NULL, *c = NULL;
    sdm_match_options *o = NULL;
    ck_assert_ok(sdm_match_run(x.f, x.r, NULL, &m));
    ck_assert_ok(sdm_acceptability_run(x.f, x.r, NULL, &a));
    ck_assert_uint_eq(sdm_acceptability_count(a), sdm_match_count(m));
    for (size_t i = 0; i < sdm_match_count(m); i++)
        (void)at(a, sdm_profile_id(sdm_match_profile(m, i)));
    assert_sums(a);
    ck_assert_ok(sdm_acceptability_run(x.f, x.r, NULL, &b));
    for (size_t i = 0; i < sdm_acceptability_count(a); i++) {
        ck_assert(sdm_acceptability_profile(a, i) == sdm_acceptability_profile(b, i));
        ck_assert(memcmp(&(double){sdm_acceptability_first(a, i)}, &(double){sdm_acceptability_first(b, i)},
                         sizeof(double)) == 0);
        ck_assert(sdm_acceptability_top3(a, i) == sdm_acceptability_top3(b, i));
    }
    ck_assert_ok(sdm_match_options_new(&o));
    ck_assert_ok(sdm_match_options_set_acceptability(o, 10000, 2027));
    ck_assert_ok(sdm_acceptability_run(x.f, x.r, o, &c));
    int differs = 0;
    for (size_t i = 0; i < sdm_acceptability_count(a); i++)
        differs |= sdm_acceptability_first(a, i) != sdm_acceptability_first(c, at(c, sdm_profile_id(sdm_acceptability_profile(a, i))));
    ck_assert(differs);
    sdm_acceptability_free(a);
    sdm_acceptability_free(b);
    sdm_acceptability_free(c);
    sdm_match_options_free(o);
    sdm_match_free(m);
    dfx_free(&x);
}
END_TEST

/* Pinned: the quick-start person, 10,000 scenarios, seed 2026 (the
 * defaults). Any change to the random numbers, the order of the draws or the
 * arithmetic changes these, on purpose: the same seed must give the same
 * numbers on every build (gcc and clang, -O0 to -O3). Printed with %a;
 * the decimal values beside them. */
START_TEST(default_data_pinned_for_the_default_seed)
{
    struct dfx x;
    quickstart(&x);
    sdm_acceptability *a = NULL;
    ck_assert_ok(sdm_acceptability_run(x.f, x.r, NULL, &a));
    static const struct {
        const char *id;
        double first, top3;
    } pinned[] = {
        {"sulpiride", 0x1.12474538ef34dp-2, 0x1.a1d5acb6f4652p-1}, /* 0.2678 0.8161 */
        {"cariprazine", 0x1.00a60647d1086p-2, 0x1.d66cf41f212d7p-2}, /* 0.2506 0.4594 */
        {"brexpiprazole", 0x1.f22d0e5604189p-3, 0x1.ddfc733bf0298p-2}, /* 0.2432 0.4668 */
        {"aripiprazole", 0x1.7a92a30553261p-3, 0x1.3ec33e1f67152p-1}, /* 0.1848 0.6226 */
        {"amisulpride", 0x1.6b2dbd194237fp-5, 0x1.8e861363427ddp-2}, /* 0.0443 0.3892 */
        {"asenapine", 0x1.f212d77318fc5p-9, 0x1.b020c49ba5e35p-5}, /* 0.0038 0.0527 */
        {"ziprasidone", 0x1.f671529a485ccp-10, 0x1.a9c779a6b50b3p-4}, /* 0.0019 0.1040 */
        {"lurasidone", 0x1.b4e81b4e81b4fp-10, 0x1.ef57ca7a9b5ffp-5}, /* 0.0017 0.0605 */
        {"iloperidone", 0x1.a36e2eb1c432dp-10, 0x1.9652bd3c36113p-6}, /* 0.0016 0.0248 */
        {"trifluoperazine", 0x1.a36e2eb1c432dp-14, 0x1.0624dd2f1a9fcp-8}, /* 0.0001 0.0040 */
        {"chlorpromazine", 0x0p+0, 0x0p+0}, /* 0.0000 0.0000 */
        {"flupentixol", 0x0p+0, 0x0p+0}, /* 0.0000 0.0000 */
        {"haloperidol", 0x0p+0, 0x0p+0}, /* 0.0000 0.0000 */
        {"olanzapine", 0x0p+0, 0x0p+0}, /* 0.0000 0.0000 */
        {"paliperidone", 0x0p+0, 0x0p+0}, /* 0.0000 0.0000 */
        {"quetiapine", 0x0p+0, 0x0p+0}, /* 0.0000 0.0000 */
        {"risperidone", 0x0p+0, 0x0p+0}, /* 0.0000 0.0000 */
        {"zuclopenthixol", 0x0p+0, 0x0p+0}, /* 0.0000 0.0000 */
    };
    ck_assert_uint_eq(sdm_acceptability_count(a), sizeof pinned / sizeof pinned[0]);
    for (size_t i = 0; i < sizeof pinned / sizeof pinned[0]; i++) {
        ck_assert_str_eq(sdm_profile_id(sdm_acceptability_profile(a, i)), pinned[i].id);
        ck_assert_msg(sdm_acceptability_first(a, i) == pinned[i].first, "%s first %a, pinned %a", pinned[i].id,
                      sdm_acceptability_first(a, i), pinned[i].first);
        ck_assert_msg(sdm_acceptability_top3(a, i) == pinned[i].top3, "%s top3 %a, pinned %a", pinned[i].id,
                      sdm_acceptability_top3(a, i), pinned[i].top3);
    }
    sdm_acceptability_free(a);
    dfx_free(&x);
}
END_TEST

/* The population form gives each row what sdm_acceptability_run() gives the
 * same ranking, to the last bit, by formulary index; NaN for a medicine left
 * out and for a row with no side effect. */
START_TEST(population_form_equals_one_by_one)
{
    struct dfx x;
    quickstart(&x);
    size_t items = sdm_catalogue_count(x.cat), meds = sdm_formulary_count(x.f);
    int32_t we = (int32_t)test_index(x.cat, "weight_gain"), ds = (int32_t)test_index(x.cat, "day_sleepiness");
    int32_t sm = (int32_t)test_index(x.cat, "stiff_muscles"), ls = (int32_t)test_index(x.cat, "less_sex_drive");
    int32_t dm = (int32_t)test_index(x.cat, "dry_mouth"), ns = (int32_t)test_index(x.cat, "night_sleepiness");
    (void)items;
    size_t olanzapine = 0;
    while (strcmp(sdm_profile_id(sdm_formulary_profile(x.f, olanzapine)), "olanzapine") != 0)
        olanzapine++;
    const int32_t rankings[] = {we, ds, sm, ls, dm, /* the quick-start person */
                                dm, we, -1, -1, -1,
                                -1, -1, -1, -1, -1, /* nothing: no result */
                                sm, ls, ds, we, -1};
    const int32_t helpful[] = {ns, -1, -1, -1, -1, -1, ns, -1};
    const size_t n = 4, k = 5, h = 2;
    sdm_match_options *o = NULL;
    ck_assert_ok(sdm_match_options_new(&o));
    ck_assert_ok(sdm_match_options_set_acceptability(o, 3000, 99));
    ck_assert_ok(sdm_match_options_exclude(o, "olanzapine", NULL));
    double *first = malloc(n * meds * sizeof *first), *top3 = malloc(n * meds * sizeof *top3);
    ck_assert_ok(sdm_acceptability_batch(x.f, o, rankings, n, k, helpful, h, first, top3));
    for (size_t row = 0; row < n; row++) {
        sdm_ranking *r = NULL;
        ck_assert_ok(sdm_ranking_new(x.cat, &r));
        for (size_t c = 0; c < k && rankings[row * k + c] >= 0; c++)
            ck_assert_ok(sdm_ranking_avoid(r, sdm_catalogue_id(x.cat, (size_t)rankings[row * k + c]), (int)c + 1));
        for (size_t c = 0; c < h && helpful[row * h + c] >= 0; c++)
            ck_assert_ok(sdm_ranking_helpful(r, sdm_catalogue_id(x.cat, (size_t)helpful[row * h + c])));
        if (row == 2) {
            for (size_t m = 0; m < meds; m++)
                ck_assert(isnan(first[row * meds + m]) && isnan(top3[row * meds + m]));
            sdm_ranking_free(r);
            continue;
        }
        sdm_acceptability *a = NULL;
        ck_assert_ok(sdm_acceptability_run(x.f, r, o, &a));
        size_t assessed = 0;
        for (size_t m = 0; m < meds; m++)
            assessed += !isnan(first[row * meds + m]);
        ck_assert_uint_eq(assessed, sdm_acceptability_count(a));
        for (size_t i = 0; i < sdm_acceptability_count(a); i++) {
            size_t m = sdm_acceptability_formulary_index(a, i);
            ck_assert_msg(first[row * meds + m] == sdm_acceptability_first(a, i), "row %zu medicine %zu", row, m);
            ck_assert(top3[row * meds + m] == sdm_acceptability_top3(a, i));
        }
        ck_assert(isnan(first[row * meds + olanzapine]));
        sdm_acceptability_free(a);
        sdm_ranking_free(r);
    }
    free(first);
    free(top3);
    sdm_match_options_free(o);
    dfx_free(&x);
}
END_TEST

/* ---- options, JSON and the record -------------------------------------------------- */

START_TEST(options_json_round_trip)
{
    sdm_match_options *o = NULL, *back = NULL, *copy = NULL;
    char *json = NULL;
    ck_assert_ok(sdm_match_options_new(&o));
    ck_assert_uint_eq(sdm_match_options_acceptability_scenarios(o), 0);
    ck_assert_uint_eq(sdm_match_options_acceptability_seed(o), SDM_ACCEPTABILITY_DEFAULT_SEED);
    ck_assert_ok(sdm_match_options_to_json(o, &json));
    ck_assert_ptr_null(strstr(json, "acceptability")); /* not asked for: not written */
    sdm_free(json);
    /* 2^60 + 3 is above 2^53: written as a string of digits */
    uint64_t seed = (UINT64_C(1) << 60) + 3;
    ck_assert_ok(sdm_match_options_set_acceptability(o, 500, seed));
    ck_assert_ok(sdm_match_options_to_json(o, &json));
    ck_assert_ptr_nonnull(strstr(json, "\"seed\": \"1152921504606846979\""));
    ck_assert_ok(sdm_match_options_from_json(json, strlen(json), &back));
    ck_assert_uint_eq(sdm_match_options_acceptability_scenarios(back), 500);
    ck_assert_uint_eq(sdm_match_options_acceptability_seed(back), seed);
    ck_assert_ok(sdm_match_options_copy(back, &copy));
    ck_assert_uint_eq(sdm_match_options_acceptability_seed(copy), seed);
    sdm_free(json);
    sdm_match_options_free(back);
    sdm_match_options_free(copy);
    /* a small seed stays a number */
    char *doc = tj("{'acceptability': {'scenarios': 20, 'seed': 7}}");
    ck_assert_ok(sdm_match_options_from_json(doc, strlen(doc), &back));
    ck_assert_uint_eq(sdm_match_options_acceptability_seed(back), 7);
    free(doc);
    sdm_match_options_free(back);
    sdm_match_options_free(o);
}
END_TEST

START_TEST(bad_input_is_refused)
{
    struct fx x;
    fx_init(&x, HEAD MED("A", ONE("weight_gain", 0)) "," MED("B", ONE("weight_gain", 1)) TAIL);
    ck_assert_status(sdm_acceptability_run(NULL, x.r, NULL, &x.a), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("the formulary is NULL");
    ck_assert_status(sdm_acceptability_run(x.f, x.r, NULL, NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("out pointer");
    ck_assert_status(sdm_acceptability_run(x.f, x.r, NULL, &x.a), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("nothing to be sure of");
    ck_assert_ok(sdm_ranking_avoid(x.r, "weight_gain", 1));
    ck_assert_ok(sdm_match_options_exclude(x.o, "nope", NULL));
    ck_assert_status(sdm_acceptability_run(x.f, x.r, x.o, &x.a), SDM_ERR_NOT_FOUND);
    ck_assert_error_has("nope");
    ck_assert_ptr_null(x.a);
    ck_assert_status(sdm_match_options_set_acceptability(x.o, SDM_ACCEPTABILITY_MAX_SCENARIOS + 1u, 1),
                     SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("over the limit");
    ck_assert_status(sdm_match_options_set_acceptability(NULL, 1, 1), SDM_ERR_INVALID_ARGUMENT);
    /* other catalogues */
    sdm_catalogue *def = test_default_catalogue();
    sdm_ranking *other = NULL;
    ck_assert_ok(sdm_ranking_new(def, &other));
    ck_assert_ok(sdm_ranking_avoid(other, "weight_gain", 1));
    ck_assert_status(sdm_acceptability_run(x.f, other, NULL, &x.a), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("they differ");
    sdm_ranking_free(other);
    sdm_catalogue_free(def);
    /* JSON */
    static const char *const bad[] = {
        "{'acceptability': {'scenarios': 0}}", "{'acceptability': {'seed': -1}}",
        "{'acceptability': {'seed': '12x'}}", "{'acceptability': {'seed': '18446744073709551616'}}",
        "{'acceptability': {'draws': 5}}", "{'acceptability': 5}"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sdm_match_options *o = NULL;
        char *doc = tj(bad[i]);
        ck_assert_status(sdm_match_options_from_json(doc, strlen(doc), &o), SDM_ERR_SCHEMA);
        ck_assert_error_has("acceptability");
        ck_assert_ptr_null(o);
        free(doc);
    }
    /* the population form's rows */
    double first[4];
    const int32_t out_of_range[] = {9}, after_end[] = {-1, 0}, twice[] = {1, 1}, both_r[] = {1}, both_h[] = {1};
    ck_assert_status(sdm_acceptability_batch(x.f, NULL, out_of_range, 1, 1, NULL, 0, first, NULL),
                     SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("row 0, column 0: side effect index 9 is out of range (0..5)");
    ck_assert_status(sdm_acceptability_batch(x.f, NULL, after_end, 1, 2, NULL, 0, first, NULL),
                     SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("follows -1");
    ck_assert_status(sdm_acceptability_batch(x.f, NULL, twice, 1, 2, NULL, 0, first, NULL), SDM_ERR_DUPLICATE);
    ck_assert_error_has("given twice");
    ck_assert_status(sdm_acceptability_batch(x.f, NULL, both_r, 1, 1, both_h, 1, first, NULL), SDM_ERR_CONFLICT);
    ck_assert_error_has("both ranked and helpful");
    ck_assert_status(sdm_acceptability_batch(x.f, NULL, both_r, 1, 0, NULL, 0, first, NULL),
                     SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("k = 0");
    ck_assert_status(sdm_acceptability_batch(NULL, NULL, both_r, 1, 1, NULL, 0, first, NULL),
                     SDM_ERR_INVALID_ARGUMENT);
    /* getters on NULL and out of range */
    ck_assert_uint_eq(sdm_acceptability_count(NULL), 0);
    ck_assert(isnan(sdm_acceptability_first(NULL, 0)));
    ck_assert_ptr_null(sdm_acceptability_profile(NULL, 0));
    ck_assert_uint_eq(sdm_acceptability_formulary_index(NULL, 0), (size_t)-1);
    ck_assert_int_eq(sdm_acceptability_fragile(NULL), 0);
    ck_assert_status(sdm_acceptability_text(NULL, NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_acceptability_to_json(NULL, NULL), SDM_ERR_INVALID_ARGUMENT);
    sdm_acceptability_free(NULL);
    fx_free(&x);
}
END_TEST

/* The quick-start person's match with an analysis of 2,000 scenarios, seed 3,
 * and its record as JSON (free it with sdm_free()). */
static char *analysed_record(struct dfx *x, sdm_match_options **o, sdm_match **m)
{
    char *json = NULL;
    ck_assert_ok(sdm_match_options_new(o));
    ck_assert_ok(sdm_match_options_set_acceptability(*o, 2000, 3));
    ck_assert_ok(sdm_match_run(x->f, x->r, *o, m));
    ck_assert_ok(sdm_record_to_json(*m, NULL, &json));
    return json;
}

/* A record of a match whose options ask for an analysis carries it, and
 * re-opening checks it: edited shares, a missing or unasked-for analysis,
 * another seed are refused with the key. */
START_TEST(record_stores_and_checks_it)
{
    struct dfx x;
    quickstart(&x);
    sdm_match_options *o = NULL;
    sdm_match *m = NULL;
    sdm_record *rec = NULL;
    char *json = analysed_record(&x, &o, &m);
    ck_assert_ptr_nonnull(strstr(json, "\"acceptability\": {\n    \"scenarios\": 2000,\n    \"seed\": 3,"));
    ck_assert_ok(sdm_record_from_json(x.cat, json, strlen(json), &rec));
    ck_assert_uint_eq(sdm_match_options_acceptability_scenarios(sdm_record_options(rec)), 2000);
    sdm_record_free(rec);
    rec = NULL;

    /* the same analysis as sdm_acceptability_run() */
    sdm_acceptability *a = NULL;
    char *alone = NULL;
    ck_assert_ok(sdm_acceptability_run(x.f, x.r, o, &a));
    ck_assert_ok(sdm_acceptability_to_json(a, &alone));
    json_t *whole = json_loads(json, 0, NULL), *own = json_loads(alone, 0, NULL);
    ck_assert(json_equal(json_object_get(whole, "acceptability"), own));
    json_decref(whole);
    json_decref(own);
    sdm_free(alone);

    /* an edited first share */
    char *edited = copy_of(json);
    char *p = strstr(edited, "\"first\": 0.");
    ck_assert_ptr_nonnull(p);
    p[strlen("\"first\": 0.")] = p[strlen("\"first\": 0.")] == '9' ? '1' : '9';
    ck_assert_status(sdm_record_from_json(x.cat, edited, strlen(edited), &rec), SDM_ERR_SCHEMA);
    ck_assert_error_has("acceptability");
    free(edited);
    /* another seed */
    edited = copy_of(json);
    p = strstr(edited, "\"seed\": 3,\n    \"fragile\"");
    ck_assert_ptr_nonnull(p);
    p[strlen("\"seed\": ")] = '4';
    ck_assert_status(sdm_record_from_json(x.cat, edited, strlen(edited), &rec), SDM_ERR_SCHEMA);
    ck_assert_error_has("acceptability.seed");
    free(edited);
    sdm_free(json);
    json = NULL;
    ck_assert_ptr_null(rec);

    /* options that ask for none: no analysis; one added is refused */
    sdm_match_free(m);
    ck_assert_ok(sdm_match_run(x.f, x.r, NULL, &m));
    ck_assert_ok(sdm_record_to_json(m, NULL, &json));
    ck_assert_ptr_null(strstr(json, "acceptability"));
    sdm_free(json);
    sdm_acceptability_free(a);
    sdm_match_free(m);
    sdm_match_options_free(o);
    dfx_free(&x);
}
END_TEST

/* The match keeps its analysis: sdm_match_to_json() carries it as the record
 * does, the same object sdm_acceptability_to_json() writes of it; a record
 * of a ranking with nothing to be sure of has none and reads back. */
START_TEST(match_json_carries_it_and_an_empty_ranking_has_none)
{
    struct dfx x;
    quickstart(&x);
    sdm_match_options *o = NULL;
    sdm_match *m = NULL;
    sdm_record *rec = NULL;
    char *json = NULL, *own = NULL;
    ck_assert_ok(sdm_match_options_new(&o));
    ck_assert_ok(sdm_match_options_set_acceptability(o, 1000, 7));
    ck_assert_ok(sdm_match_run(x.f, x.r, o, &m));
    ck_assert_ptr_nonnull(sdm_match_acceptability(m));
    ck_assert_ok(sdm_match_to_json(m, &json));
    ck_assert_ok(sdm_acceptability_to_json(sdm_match_acceptability(m), &own));
    json_t *whole = json_loads(json, 0, NULL), *alone = json_loads(own, 0, NULL);
    ck_assert_ptr_nonnull(whole);
    ck_assert(json_equal(json_object_get(whole, "acceptability"), alone));
    json_decref(whole);
    json_decref(alone);
    sdm_free(own);
    sdm_free(json);
    sdm_match_free(m);

    /* nothing to avoid, nothing helpful: ranked, without an analysis */
    sdm_ranking *empty = NULL;
    ck_assert_ok(sdm_ranking_new(x.cat, &empty));
    ck_assert_ok(sdm_match_run(x.f, empty, o, &m));
    ck_assert_ptr_null(sdm_match_acceptability(m));
    ck_assert_ok(sdm_match_to_json(m, &json));
    ck_assert_ptr_null(strstr(json, "\"acceptability\""));
    sdm_free(json);
    ck_assert_ok(sdm_record_to_json(m, NULL, &json));
    ck_assert_ptr_null(strstr(json, "\"acceptability\": {\n    \"scenarios\""));
    ck_assert_ok(sdm_record_from_json(x.cat, json, strlen(json), &rec));
    ck_assert_uint_eq(sdm_match_options_acceptability_scenarios(sdm_record_options(rec)), 1000);
    sdm_record_free(rec);
    sdm_free(json);
    sdm_match_free(m);
    sdm_ranking_free(empty);
    sdm_match_options_free(o);
    dfx_free(&x);
}
END_TEST

/* ---- a record's analysis edited, one field at a time --------------------------------- */

static json_t *acc_of(json_t *record) { return json_object_get(record, "acceptability"); }
static json_t *med_of(json_t *record, size_t i) { return json_array_get(json_object_get(acc_of(record), "medicines"), i); }
static json_t *driver_of(json_t *record, size_t i) { return json_array_get(json_object_get(acc_of(record), "drivers"), i); }
static size_t med_count(json_t *record) { return json_array_size(json_object_get(acc_of(record), "medicines")); }

static void first_not_a_number(json_t *r) { json_object_set_new(med_of(r, 0), "first", json_string("x")); }
static void first_above_top3(json_t *r) { json_object_set_new(med_of(r, 0), "first", json_real(0.99)); }
static void top3_above_one(json_t *r) { json_object_set_new(med_of(r, 0), "top3", json_real(1.5)); }
static void never_first_with_weights(json_t *r)
{
    json_t *w = json_array();
    for (int c = 0; c < 5; c++)
        json_array_append_new(w, json_real(0.2));
    json_object_set_new(med_of(r, med_count(r) - 1), "central_weights", w);
}
static void too_few_weights(json_t *r)
{
    json_t *w = json_array();
    json_array_append_new(w, json_real(1.0));
    json_object_set_new(med_of(r, 0), "central_weights", w);
}
static void weights_out_of_order(json_t *r)
{
    json_t *w = json_object_get(med_of(r, 0), "central_weights");
    json_array_set_new(w, 4, json_real(0.9));
}
static void unknown_medicine(json_t *r) { json_object_set_new(med_of(r, 0), "id", json_string("nope")); }
static void medicine_twice(json_t *r)
{
    json_object_set(med_of(r, 1), "id", json_object_get(med_of(r, 0), "id"));
}
static void not_by_first_share(json_t *r)
{
    json_t *meds = json_object_get(acc_of(r), "medicines"), *a = json_incref(json_array_get(meds, 0));
    json_array_remove(meds, 0);
    json_array_insert_new(meds, 1, a);
}
static void one_medicine_less(json_t *r)
{
    json_array_remove(json_object_get(acc_of(r), "medicines"), med_count(r) - 1);
}
static void fragile_flipped(json_t *r)
{
    json_object_set_new(acc_of(r), "fragile", json_boolean(!json_is_true(json_object_get(acc_of(r), "fragile"))));
}
static void fragile_not_boolean(json_t *r) { json_object_set_new(acc_of(r), "fragile", json_string("yes")); }
static void medicine_extra_key(json_t *r) { json_object_set_new(med_of(r, 0), "colour", json_string("red")); }
static void shares_do_not_sum(json_t *r)
{
    json_t *t = json_object_get(med_of(r, 0), "top3");
    json_object_set_new(med_of(r, 0), "top3", json_real(json_real_value(t) - 0.01));
}
static void driver_not_of_the_first_two(json_t *r)
{
    json_object_set(driver_of(r, 0), "medicine", json_object_get(med_of(r, med_count(r) - 1), "id"));
}
static void driver_unknown_side_effect(json_t *r) { json_object_set_new(driver_of(r, 0), "side_effect", json_string("nope")); }
static void driver_spread_out_of_range(json_t *r) { json_object_set_new(driver_of(r, 0), "spread", json_integer(7)); }
static void driver_extra_key(json_t *r) { json_object_set_new(driver_of(r, 0), "colour", json_string("red")); }
static void other_scenarios(json_t *r) { json_object_set_new(acc_of(r), "scenarios", json_integer(5)); }
static void seed_not_a_number(json_t *r) { json_object_set_new(acc_of(r), "seed", json_string("abc")); }
static void medicines_not_a_list(json_t *r) { json_object_set_new(acc_of(r), "medicines", json_object()); }
static void analysis_not_an_object(json_t *r) { json_object_set_new(r, "acceptability", json_array()); }
static void analysis_removed(json_t *r) { json_object_del(r, "acceptability"); }

static const struct {
    const char *name;
    void (*edit)(json_t *record);
    const char *named; /* what the message must name */
} record_edits[] = {
    {"first not a number", first_not_a_number, "acceptability.medicines[0]"},
    {"first above top3", first_above_top3, "acceptability.medicines[0]"},
    {"top3 above 1", top3_above_one, "acceptability.medicines[0]"},
    {"never first, with central weights", never_first_with_weights, "must be null for a medicine never first"},
    {"too few central weights", too_few_weights, "must hold 5 weights"},
    {"central weights out of order", weights_out_of_order, "in the person's order (rank 5)"},
    {"a medicine not of the result", unknown_medicine, "'nope' is not a medicine of the result"},
    {"a medicine twice", medicine_twice, "acceptability.medicines[1]"},
    {"not listed by first share", not_by_first_share, "listed by first share"},
    {"one medicine less", one_medicine_less, "but the result ranks"},
    {"fragile flipped", fragile_flipped, "acceptability.fragile"},
    {"fragile not a boolean", fragile_not_boolean, "must be true or false"},
    {"a medicine with an unknown key", medicine_extra_key, "colour"},
    {"shares that do not sum", shares_do_not_sum, "top-three ones to"},
    {"a driver not of the first two", driver_not_of_the_first_two, "acceptability.drivers[0]"},
    {"a driver's unknown side effect", driver_unknown_side_effect, "acceptability.drivers[0]"},
    {"a driver's spread out of range", driver_spread_out_of_range, "acceptability.drivers[0]"},
    {"a driver with an unknown key", driver_extra_key, "colour"},
    {"other scenarios than the options'", other_scenarios, "acceptability"},
    {"a seed that is not a number", seed_not_a_number, "acceptability.seed"},
    {"medicines not a list", medicines_not_a_list, "acceptability"},
    {"the analysis not an object", analysis_not_an_object, "acceptability"},
    {"the analysis removed", analysis_removed, "it is missing"},
};

/* Each edit of a genuine record's analysis is refused as a schema error
 * naming the place; the genuine record itself reads back. */
START_TEST(record_edits_are_refused_with_the_place)
{
    struct dfx x;
    quickstart(&x);
    sdm_match_options *o = NULL;
    sdm_match *m = NULL;
    sdm_record *rec = NULL;
    char *json = analysed_record(&x, &o, &m);
    ck_assert_ok(sdm_record_from_json(x.cat, json, strlen(json), &rec));
    sdm_record_free(rec);
    json_t *genuine = json_loads(json, 0, NULL);
    ck_assert_ptr_nonnull(genuine);
    /* the edits need two medicines ever first (central weights), a last one never first, and a driver */
    ck_assert(json_is_array(json_object_get(med_of(genuine, 1), "central_weights")));
    ck_assert(json_is_null(json_object_get(med_of(genuine, med_count(genuine) - 1), "central_weights")));
    ck_assert_ptr_nonnull(driver_of(genuine, 0));
    for (size_t e = 0; e < sizeof record_edits / sizeof record_edits[0]; e++) {
        json_t *edited = json_deep_copy(genuine);
        record_edits[e].edit(edited);
        char *text = json_dumps(edited, JSON_INDENT(2));
        ck_assert_ptr_nonnull(text);
        rec = NULL;
        sdm_status st = sdm_record_from_json(x.cat, text, strlen(text), &rec);
        ck_assert_msg(st == SDM_ERR_SCHEMA, "%s: status %d", record_edits[e].name, (int)st);
        ck_assert_ptr_null(rec);
        ck_assert_msg(strstr(sdm_last_error(), record_edits[e].named), "%s: '%s' does not name '%s'",
                      record_edits[e].name, sdm_last_error(), record_edits[e].named);
        free(text);
        json_decref(edited);
    }
    json_decref(genuine);
    sdm_free(json);
    sdm_match_free(m);
    sdm_match_options_free(o);
    dfx_free(&x);
}
END_TEST

static Suite *acceptability_suite(void)
{
    Suite *s = suite_create("acceptability");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    ADD(tc, dominant_medicine_is_always_first);
    ADD(tc, ties_share_the_credit);
    ADD(tc, ties_across_the_third_place);
    ADD(tc, unknown_cell_is_any_rating);
    ADD(tc, personal_reading_counts_as_in_the_match);
    ADD(tc, disputed_cells_drive_it);
    ADD(tc, weight_sampler_mean_is_roc);
    ADD(tc, default_data_same_seed_same_numbers);
    ADD(tc, default_data_pinned_for_the_default_seed);
    ADD(tc, population_form_equals_one_by_one);
    ADD(tc, options_json_round_trip);
    ADD(tc, bad_input_is_refused);
    ADD(tc, record_stores_and_checks_it);
    ADD(tc, match_json_carries_it_and_an_empty_ranking_has_none);
    ADD(tc, record_edits_are_refused_with_the_place);
    suite_add_tcase(s, tc);
    return s;
}

SDM_TEST_MAIN(acceptability_suite)
