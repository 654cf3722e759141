/*
 * libsdm - unit tests: the acceptability analysis under every scoring option
 * (numeric evidence, the unknown policy 'mean', a trade-off weight on
 * efficacy; include/sdm/acceptability.h), and the analysis a match keeps:
 * the sentence that ends each reason, the card of a match entry, the getter.
 *
 * Each option has a hand-worked case: three medicines over the catalogue
 * test-6, one ranked side effect (weight gain), so that every scenario's
 * weight is w1 = 1 and only the cells (and efficacy) decide. The severity
 * scale is the default: none 0, + 1/3, ++ 2/3, +++ 1. A share that a coin
 * decides is checked within five standard errors of its expected value
 * (worked out beside it) with the fixed seed, so it passes or fails the
 * same way on every run; a share no scenario can change is checked exactly.
 * SPDX-License-Identifier: MIT
 */
#include "common.h"

#include <stdint.h>

/* Sources: two tables (x, y), trials (h), an efficacy review (e). */
#define HEAD \
    "{'format': 'sdm-formulary', 'format_version': 2, 'version': 'acc-options', 'catalogue': 'test-6'," \
    " 'sources': [{'key': 'x', 'label': 'X', 'citation': 'X', 'reliability': 'peer_reviewed'}," \
    "             {'key': 'y', 'label': 'Y', 'citation': 'Y', 'reliability': 'peer_reviewed'}," \
    "             {'key': 'h', 'label': 'H', 'citation': 'H', 'reliability': 'secondary'}," \
    "             {'key': 'e', 'label': 'E', 'citation': 'E', 'reliability': 'secondary'}]," \
    " 'medications': ["
#define TAIL "]}"
#define X(v) "{'source': 'x', 'printed': '" #v "', 'value': " #v "}"
#define Y(v) "{'source': 'y', 'printed': '" #v "', 'value': " #v "}"
#define KG(v) "{'source': 'h', 'outcome': 'weight_gain', 'kind': 'mean_difference', 'value': " #v ", " \
              "'unit': 'kg', 'versus': 'placebo', 'confidence': 'low'}"
#define SMD(v) "'efficacy': {'source': 'e', 'outcome': 'overall_symptoms', 'value': " #v ", 'ci_low': " #v \
               ", 'ci_high': " #v ", 'studies': 12, 'versus': 'placebo', 'confidence': 'not_graded'},"

/* Scenarios of the statistical checks: with a share p decided by a coin per
 * scenario, the standard error is at most sqrt(1/4 / 10,000) = 0.005. */
#define N 10000

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
    ck_assert_ok(sdm_ranking_avoid(x->r, "weight_gain", 1));
    ck_assert_ok(sdm_match_options_new(&x->o));
    ck_assert_ok(sdm_match_options_set_acceptability(x->o, N, 2026));
}

static void fx_free(struct fx *x)
{
    sdm_acceptability_free(x->a);
    sdm_match_options_free(x->o);
    sdm_ranking_free(x->r);
    sdm_formulary_free(x->f);
    sdm_catalogue_free(x->cat);
}

static void analyse(struct fx *x)
{
    sdm_acceptability_free(x->a);
    x->a = NULL;
    ck_assert_ok(sdm_acceptability_run(x->f, x->r, x->o, &x->a));
}

/* A medicine's share of first places, of top-three places (fails when not assessed). */
static size_t at(const sdm_acceptability *a, const char *id)
{
    for (size_t i = 0; i < sdm_acceptability_count(a); i++)
        if (strcmp(sdm_profile_id(sdm_acceptability_profile(a, i)), id) == 0)
            return i;
    ck_abort_msg("'%s' is not assessed", id);
    return 0;
}

static double first_of(const sdm_acceptability *a, const char *id)
{
    return sdm_acceptability_first(a, at(a, id));
}

static double top3_of(const sdm_acceptability *a, const char *id)
{
    return sdm_acceptability_top3(a, at(a, id));
}

static void assert_sums(const sdm_acceptability *a)
{
    double first = 0.0, top3 = 0.0;
    size_t n = sdm_acceptability_count(a);
    for (size_t i = 0; i < n; i++) {
        first += sdm_acceptability_first(a, i);
        top3 += sdm_acceptability_top3(a, i);
    }
    ck_assert_double_eq_tol(first, 1.0, 1e-12);
    ck_assert_double_eq_tol(top3, n < 3 ? (double)n : 3.0, 1e-12);
}

/* Two analyses give the same numbers to the last bit. */
static void assert_same(const sdm_acceptability *a, const sdm_acceptability *b)
{
    ck_assert_uint_eq(sdm_acceptability_count(a), sdm_acceptability_count(b));
    for (size_t i = 0; i < sdm_acceptability_count(a); i++) {
        ck_assert_ptr_eq(sdm_acceptability_profile(a, i), sdm_acceptability_profile(b, i));
        ck_assert(sdm_acceptability_first(a, i) == sdm_acceptability_first(b, i));
        ck_assert(sdm_acceptability_top3(a, i) == sdm_acceptability_top3(b, i));
    }
}

/* The population form gives each medicine the numbers the one-ranking form gives. */
static void assert_batch_agrees(const struct fx *x)
{
    const int32_t row[] = {(int32_t)test_index(x->cat, "weight_gain")};
    size_t meds = sdm_formulary_count(x->f);
    double first[8], top3[8];
    ck_assert_uint_le(meds, 8);
    ck_assert_ok(sdm_acceptability_batch(x->f, x->o, row, 1, 1, NULL, 0, first, top3));
    for (size_t i = 0; i < sdm_acceptability_count(x->a); i++) {
        size_t j = sdm_acceptability_formulary_index(x->a, i);
        ck_assert(first[j] == sdm_acceptability_first(x->a, i));
        ck_assert(top3[j] == sdm_acceptability_top3(x->a, i));
    }
}

/* ---- numeric evidence ------------------------------------------------------------
 * A: readings + and +++ (disputed), a number of +2 kg; B: no reading, +4 kg;
 * C: readings none and ++ (disputed), no number.
 * Under numeric evidence (numeric.h) A counts 2/4 = 0.5 and B 4/4 = 1, fixed
 * in every scenario (the data give no interval to draw from); B's cell is
 * known (it has a number), so it is neither drawn as unknown nor excluded.
 * C, without a number, is drawn from its readings: none (0) or ++ (2/3),
 * each with chance 1/2.
 *   C none: C 0 < A 0.5 < B 1: C first.
 *   C ++:   A 0.5 < C 2/3 < B 1: A first.
 * So C first 1/2, A 1/2 (5 se = 0.025 with 10,000 scenarios), B exactly 0;
 * three medicines: every top-three share exactly 1. The driving cells: of
 * the top two (A and C), only C's (A's is fixed by its number). */
#define NUMERIC_CASE \
    HEAD "{'id': 'A', 'name': 'A', 'ratings': {'weight_gain': {'readings': [" X(1) "," Y(3) "], 'evidence': [" KG(2.0) \
    "]}}}," \
    "{'id': 'B', 'name': 'B', 'ratings': {'weight_gain': {'readings': [], 'evidence': [" KG(4.0) "]}}}," \
    "{'id': 'C', 'name': 'C', 'ratings': {'weight_gain': {'readings': [" X(0) "," Y(2) "]}}}" TAIL

START_TEST(numeric_evidence_is_fixed_at_its_number)
{
    struct fx x;
    fx_init(&x, NUMERIC_CASE);
    ck_assert_ok(sdm_match_options_set_evidence(x.o, SDM_EVIDENCE_NUMERIC));
    analyse(&x);
    ck_assert_uint_eq(sdm_acceptability_count(x.a), 3);
    ck_assert(first_of(x.a, "B") == 0.0);
    ck_assert_double_eq_tol(first_of(x.a, "C"), 0.5, 0.025);
    ck_assert_double_eq_tol(first_of(x.a, "A"), 0.5, 0.025);
    ck_assert(top3_of(x.a, "A") == 1.0 && top3_of(x.a, "B") == 1.0 && top3_of(x.a, "C") == 1.0);
    assert_sums(x.a);
    ck_assert_uint_eq(sdm_acceptability_driver_count(x.a), 1);
    ck_assert_str_eq(sdm_profile_id(sdm_acceptability_driver_profile(x.a, 0)), "C");
    ck_assert_int_eq(sdm_acceptability_driver_spread(x.a, 0), 2);
    assert_batch_agrees(&x);
    /* B's number makes its cell known: unknowns that exclude leave it in */
    ck_assert_ok(sdm_match_options_set_unknown_policy(x.o, SDM_UNKNOWN_EXCLUDE));
    sdm_acceptability *again = x.a;
    x.a = NULL;
    analyse(&x);
    assert_same(again, x.a);
    sdm_acceptability_free(again);
    fx_free(&x);
}
END_TEST

/* ---- the unknown policy 'mean' ----------------------------------------------------
 * A +, B ++, C unknown. sdm_match_run() under 'mean' counts C as the mean of
 * the others, (1/3 + 2/3) / 2 = 0.5, so the match always puts A first. The
 * analysis draws C, unknown, as none, +, ++ or +++ with chance 1/4 each
 * (EVIDENCE.md rule 6), exactly as under 'middle':
 *   C none:     C 0 first.
 *   C +:        A and C tie at 1/3 (the same double): 1/2 each.
 *   C ++, +++:  A first.
 * A: 1/2 + 1/8 = 5/8; C: 1/4 + 1/8 = 3/8; B exactly 0. A's credit per
 * scenario is 0, 1/2 or 1 with chances 1/4, 1/4, 1/2: variance
 * 1/4 * 1/4 + 1/2 - (5/8)^2 = 9/64, standard error 3/8 / 100, 5 se = 0.019. */
#define MEAN_CASE \
    HEAD "{'id': 'A', 'name': 'A', 'ratings': {'weight_gain': {'readings': [" X(1) "]}}}," \
    "{'id': 'B', 'name': 'B', 'ratings': {'weight_gain': {'readings': [" X(2) "]}}}," \
    "{'id': 'C', 'name': 'C', 'ratings': {}}" TAIL

START_TEST(mean_policy_draws_unknowns_as_the_middle_does)
{
    struct fx x;
    fx_init(&x, MEAN_CASE);
    ck_assert_ok(sdm_match_options_set_unknown_policy(x.o, SDM_UNKNOWN_MEAN));
    analyse(&x);
    ck_assert_double_eq_tol(first_of(x.a, "A"), 5.0 / 8.0, 0.019);
    ck_assert_double_eq_tol(first_of(x.a, "C"), 3.0 / 8.0, 0.019);
    ck_assert(first_of(x.a, "B") == 0.0);
    assert_sums(x.a);
    ck_assert_uint_eq(sdm_acceptability_driver_count(x.a), 1); /* C's unknown cell */
    ck_assert_int_eq(sdm_acceptability_driver_spread(x.a, 0), -1);
    assert_batch_agrees(&x);
    /* the same numbers as under 'middle', to the last bit */
    sdm_acceptability *mean = x.a;
    x.a = NULL;
    ck_assert_ok(sdm_match_options_set_unknown_policy(x.o, SDM_UNKNOWN_MIDDLE));
    analyse(&x);
    assert_same(mean, x.a);
    sdm_acceptability_free(mean);
    fx_free(&x);
}
END_TEST

/* ---- a trade-off weight on efficacy ----------------------------------------------
 * lambda = 1. A none, SMD -0.2; B + or +++ (disputed), SMD -0.6; C none, no
 * efficacy data. Over A and B (efficacy.h), e = 0.2 and 0.6, so A's lack is
 * (0.6 - 0.2) / 0.4 = 1 and B's 0. C's, as in sdm_match_run(): the middle,
 * 0.5; at worst 1; the mean of the others (1 + 0) / 2 = 0.5; or C is left
 * out when unknowns exclude. Scores, side effects + lack:
 *   A = 0 + 1 = 1;  B = 1/3 or 1 (chance 1/2 each) + 0;  C = 0 + lack(C).
 * Middle (and mean): B 1/3 first, or B 1: C 0.5 first. B 1/2, C 1/2, A 0.
 * Worst: B 1/3 first, or B 1: A, B and C tie at 1 (1/3 each).
 *   B 1/2 + 1/6 = 2/3 (credit 1 or 1/3: variance 1/9, 5 se = 0.017);
 *   A and C 1/6 (credit 0 or 1/3: variance 1/36, 5 se = 0.009).
 * Exclude: C is out. B 1/3 first, or B 1 ties A: B 3/4, A 1/4 (5 se = 0.013).
 * Without the trade-off A and C (both none) tie for first in every
 * scenario: 1/2 each, exactly. */
#define TRADEOFF_CASE \
    HEAD "{'id': 'A', 'name': 'A', " SMD(-0.2) " 'ratings': {'weight_gain': {'readings': [" X(0) "]}}}," \
    "{'id': 'B', 'name': 'B', " SMD(-0.6) " 'ratings': {'weight_gain': {'readings': [" X(1) "," Y(3) "]}}}," \
    "{'id': 'C', 'name': 'C', 'ratings': {'weight_gain': {'readings': [" X(0) "]}}}" TAIL

START_TEST(tradeoff_adds_the_lack_of_efficacy)
{
    struct fx x;
    fx_init(&x, TRADEOFF_CASE);
    analyse(&x);
    ck_assert(first_of(x.a, "A") == 0.5 && first_of(x.a, "C") == 0.5); /* no trade-off */

    ck_assert_ok(sdm_match_options_set_tradeoff(x.o, 1.0));
    analyse(&x);
    ck_assert(first_of(x.a, "A") == 0.0);
    ck_assert_double_eq_tol(first_of(x.a, "B"), 0.5, 0.025);
    ck_assert_double_eq_tol(first_of(x.a, "C"), 0.5, 0.025);
    assert_sums(x.a);
    assert_batch_agrees(&x);
    sdm_acceptability *middle = x.a;
    x.a = NULL;

    ck_assert_ok(sdm_match_options_set_unknown_policy(x.o, SDM_UNKNOWN_MEAN));
    analyse(&x);
    assert_same(middle, x.a);
    sdm_acceptability_free(middle);

    ck_assert_ok(sdm_match_options_set_unknown_policy(x.o, SDM_UNKNOWN_WORST));
    analyse(&x);
    ck_assert_double_eq_tol(first_of(x.a, "B"), 2.0 / 3.0, 0.017);
    ck_assert_double_eq_tol(first_of(x.a, "A"), 1.0 / 6.0, 0.009);
    ck_assert_double_eq_tol(first_of(x.a, "C"), 1.0 / 6.0, 0.009);
    assert_sums(x.a);
    assert_batch_agrees(&x);

    ck_assert_ok(sdm_match_options_set_unknown_policy(x.o, SDM_UNKNOWN_EXCLUDE));
    analyse(&x);
    ck_assert_uint_eq(sdm_acceptability_count(x.a), 2);
    ck_assert_double_eq_tol(first_of(x.a, "B"), 0.75, 0.013);
    ck_assert_double_eq_tol(first_of(x.a, "A"), 0.25, 0.013);
    assert_sums(x.a);
    assert_batch_agrees(&x);
    fx_free(&x);
}
END_TEST

/* ---- a dominant medicine under every option ----------------------------------------
 * Weight gain (rank 1) and tremor (rank 2): w1 >= 1/2. A: none by both
 * tables, a number of -1 kg (a protective effect counts 0), tremor none, the
 * best efficacy (lack 0): its score is 0 under every option. B: ++ and +++,
 * +3 kg (the largest harm: 1), tremor + or +++, the worst efficacy (lack 1):
 * at least 2 w1 / 3 >= 1/3. C: + (no number), tremor unknown, no efficacy:
 * at least w1 / 3 >= 1/6 (and C is left out when unknowns exclude). So A is
 * first in every scenario, by at least 1/6: exactly 100 %. */
#define DOMINANT_CASE \
    HEAD "{'id': 'A', 'name': 'A', " SMD(-0.7) " 'ratings': {'weight_gain': {'readings': [" X(0) "," Y(0) \
    "], 'evidence': [" KG(-1.0) "]}, 'tremor': {'readings': [" X(0) "]}}}," \
    "{'id': 'B', 'name': 'B', " SMD(-0.3) " 'ratings': {'weight_gain': {'readings': [" X(2) "," Y(3) \
    "], 'evidence': [" KG(3.0) "]}, 'tremor': {'readings': [" X(1) "," Y(3) "]}}}," \
    "{'id': 'C', 'name': 'C', 'ratings': {'weight_gain': {'readings': [" X(1) "]}}}" TAIL

START_TEST(dominant_medicine_under_every_option)
{
    static const struct {
        sdm_evidence_mode evidence;
        sdm_unknown_policy unknown;
        double tradeoff;
    } options[] = {
        {SDM_EVIDENCE_ORDINAL, SDM_UNKNOWN_MIDDLE, 0.0}, {SDM_EVIDENCE_NUMERIC, SDM_UNKNOWN_MIDDLE, 0.0},
        {SDM_EVIDENCE_ORDINAL, SDM_UNKNOWN_MEAN, 0.0},   {SDM_EVIDENCE_ORDINAL, SDM_UNKNOWN_MIDDLE, 1.0},
        {SDM_EVIDENCE_ORDINAL, SDM_UNKNOWN_WORST, 2.5},  {SDM_EVIDENCE_NUMERIC, SDM_UNKNOWN_MEAN, 0.5},
        {SDM_EVIDENCE_NUMERIC, SDM_UNKNOWN_EXCLUDE, 1.0},
    };
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++) {
        struct fx x;
        fx_init(&x, DOMINANT_CASE);
        ck_assert_ok(sdm_ranking_avoid(x.r, "tremor", 2));
        ck_assert_ok(sdm_match_options_set_evidence(x.o, options[i].evidence));
        ck_assert_ok(sdm_match_options_set_unknown_policy(x.o, options[i].unknown));
        ck_assert_ok(sdm_match_options_set_tradeoff(x.o, options[i].tradeoff));
        analyse(&x);
        ck_assert_msg(first_of(x.a, "A") == 1.0, "option set %zu: A first in %g", i, first_of(x.a, "A"));
        ck_assert(top3_of(x.a, "A") == 1.0);
        ck_assert_uint_eq(sdm_acceptability_count(x.a), options[i].unknown == SDM_UNKNOWN_EXCLUDE ? 2 : 3);
        assert_sums(x.a);
        /* the same seed, the same numbers */
        sdm_acceptability *first = x.a;
        x.a = NULL;
        analyse(&x);
        assert_same(first, x.a);
        sdm_acceptability_free(first);
        fx_free(&x);
    }
}
END_TEST

/* Shares sum to 1 (and 3) and repeat with the seed under each option, on the
 * default data for the README's quick-start person, and the population form
 * agrees to the last bit. */
START_TEST(default_data_under_every_option)
{
    sdm_catalogue *cat = test_default_catalogue();
    sdm_formulary *f = NULL;
    sdm_ranking *r = NULL;
    sdm_match_options *o = NULL;
    ck_assert_ok(sdm_formulary_default(cat, &f));
    ck_assert_ok(sdm_ranking_new(cat, &r));
    static const char *const avoid[] = {"weight_gain", "day_sleepiness", "stiff_muscles", "less_sex_drive",
                                        "dry_mouth"};
    int32_t row[5], help = (int32_t)test_index(cat, "night_sleepiness");
    for (int i = 0; i < 5; i++) {
        ck_assert_ok(sdm_ranking_avoid(r, avoid[i], i + 1));
        row[i] = (int32_t)test_index(cat, avoid[i]);
    }
    ck_assert_ok(sdm_ranking_helpful(r, "night_sleepiness"));
    for (int option = 0; option < 3; option++) {
        ck_assert_ok(sdm_match_options_new(&o));
        ck_assert_ok(sdm_match_options_set_acceptability(o, 2000, 99));
        if (option == 0)
            ck_assert_ok(sdm_match_options_set_evidence(o, SDM_EVIDENCE_NUMERIC));
        else if (option == 1)
            ck_assert_ok(sdm_match_options_set_unknown_policy(o, SDM_UNKNOWN_MEAN));
        else
            ck_assert_ok(sdm_match_options_set_tradeoff(o, 1.0));
        sdm_acceptability *a = NULL, *b = NULL;
        ck_assert_ok(sdm_acceptability_run(f, r, o, &a));
        ck_assert_ok(sdm_acceptability_run(f, r, o, &b));
        assert_sums(a);
        assert_same(a, b);
        size_t meds = sdm_formulary_count(f);
        double *first = calloc(meds, sizeof *first), *top3 = calloc(meds, sizeof *top3);
        ck_assert_ok(sdm_acceptability_batch(f, o, row, 1, 5, &help, 1, first, top3));
        for (size_t i = 0; i < sdm_acceptability_count(a); i++) {
            size_t j = sdm_acceptability_formulary_index(a, i);
            ck_assert(first[j] == sdm_acceptability_first(a, i));
            ck_assert(top3[j] == sdm_acceptability_top3(a, i));
        }
        free(first);
        free(top3);
        sdm_acceptability_free(a);
        sdm_acceptability_free(b);
        sdm_match_options_free(o);
    }
    sdm_ranking_free(r);
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

/* ---- the analysis a match keeps ------------------------------------------------------ */

/* A and A2 none, C ++, B and B2 +++, one ranked side effect: in every
 * scenario A and A2 tie for first (1/2 each, exactly) and fill two of the
 * three places, C takes the third (top three in every one), B and B2 none.
 * The first place is fragile (50 % and 50 %), and no cell is unknown or
 * disputed. */
#define TIES_CASE \
    HEAD "{'id': 'A', 'name': 'A', 'ratings': {'weight_gain': {'readings': [" X(0) "]}}}," \
    "{'id': 'A2', 'name': 'A2', 'ratings': {'weight_gain': {'readings': [" X(0) "]}}}," \
    "{'id': 'B', 'name': 'B', 'ratings': {'weight_gain': {'readings': [" X(3) "]}}}," \
    "{'id': 'B2', 'name': 'B2', 'ratings': {'weight_gain': {'readings': [" X(3) "]}}}," \
    "{'id': 'C', 'name': 'C', 'ratings': {'weight_gain': {'readings': [" X(2) "]}}}" TAIL

static char *reason(const sdm_match *m, size_t i)
{
    char *text = NULL;
    ck_assert_ok(sdm_match_reason(m, i, &text));
    return text;
}

START_TEST(match_reason_says_how_sure)
{
    struct fx x;
    fx_init(&x, TIES_CASE);
    sdm_match *m = NULL;
    ck_assert_ok(sdm_match_run(x.f, x.r, x.o, &m));
    const sdm_acceptability *kept = sdm_match_acceptability(m);
    ck_assert_ptr_nonnull(kept);
    ck_assert_uint_eq(sdm_acceptability_scenarios(kept), N);
    ck_assert_uint_eq(sdm_acceptability_seed(kept), 2026);
    analyse(&x);
    assert_same(kept, x.a); /* what sdm_acceptability_run() gives */

    /* the match: A and A2 (rank 1), C (3), B and B2 (4) */
    char *text = reason(m, 0);
    ck_assert_str_eq(text, "Putting on weight 0 (rank 1). It is the best fit in 50 % of the plausible readings of the "
                           "evidence and of your priorities and among the best three in every one. The evidence "
                           "does not separate it from A2 (the best fit in 50 %). No unknown or disputed rating "
                           "drives this: it comes from how much each of your concerns weighs.");
    sdm_free(text);
    text = reason(m, 1); /* A2: the same shares, and not the first of the match */
    ck_assert_str_eq(text, "Putting on weight 0 (rank 1). It is the best fit in 50 % of the plausible readings of the "
                           "evidence and of your priorities and among the best three in every one.");
    sdm_free(text);
    text = reason(m, 2);
    ck_assert_str_eq(text, "Putting on weight ++ (rank 1). It is never the best fit in the plausible readings of the "
                           "evidence and of your priorities, but among the best three in every one.");
    sdm_free(text);
    text = reason(m, 3);
    ck_assert_str_eq(text, "Putting on weight +++ (rank 1). It is not the best fit in any plausible reading of the "
                           "evidence and of your priorities, nor among the best three.");
    sdm_free(text);
    sdm_match_free(m);

    /* none asked for: no analysis, the reason as it always was */
    ck_assert_ok(sdm_match_options_set_acceptability(x.o, 0, 2026));
    ck_assert_ok(sdm_match_run(x.f, x.r, x.o, &m));
    ck_assert_ptr_null(sdm_match_acceptability(m));
    text = reason(m, 0);
    ck_assert_str_eq(text, "Putting on weight 0 (rank 1)");
    sdm_free(text);
    sdm_match_free(m);
    ck_assert_ptr_null(sdm_match_acceptability(NULL));
    fx_free(&x);
}
END_TEST

/* The first of a match whose first place another medicine takes more often,
 * with the cells that drive it: the trade-off case (lambda = 1, middle). The
 * match reads B's two readings (+ and +++) by consensus and puts the first
 * of B and C first; the analysis gives each about 1/2 (fragile), B's
 * disputed weight gain drives it. */
START_TEST(match_reason_names_the_rival_and_the_drivers)
{
    struct fx x;
    fx_init(&x, TRADEOFF_CASE);
    ck_assert_ok(sdm_match_options_set_tradeoff(x.o, 1.0));
    sdm_match *m = NULL;
    ck_assert_ok(sdm_match_run(x.f, x.r, x.o, &m));
    const sdm_acceptability *a = sdm_match_acceptability(m);
    ck_assert(sdm_acceptability_fragile(a));
    const char *first = sdm_profile_id(sdm_match_profile(m, 0));
    const char *rival = strcmp(first, "B") == 0 ? "C" : "B";
    char *text = reason(m, 0), expected[256];
    snprintf(expected, sizeof expected, ". The evidence does not separate it from %s (the best fit in ", rival);
    ck_assert_ptr_nonnull(strstr(text, expected));
    ck_assert_ptr_nonnull(strstr(text, "). What makes it uncertain: for B, the sources disagree on Putting on weight."));
    sdm_free(text);
    sdm_match_free(m);
    fx_free(&x);
}
END_TEST

/* The card of a match entry: sdm_card_text()'s card with the ranking marked,
 * plus one line after how well it works when the analysis was asked for. */
START_TEST(match_card_says_how_sure)
{
    struct fx x;
    fx_init(&x, TIES_CASE);
    sdm_match *m = NULL;
    char *plain = NULL, *card = NULL;
    ck_assert_ok(sdm_match_run(x.f, x.r, x.o, &m));
    ck_assert_ok(sdm_card_text(sdm_match_profile(m, 2), x.r, &plain));
    ck_assert_ok(sdm_match_card_text(m, 2, &card));
    const char *line = "How sure its place is: C is never the best fit in the plausible readings of the evidence "
                       "and of your priorities, but among the best three in every one.\n";
    const char *risks = strstr(plain, "\nSerious risks");
    ck_assert_ptr_nonnull(risks);
    size_t head = (size_t)(risks - plain);
    ck_assert_uint_eq(strlen(card), strlen(plain) + strlen(line));
    ck_assert_int_eq(strncmp(card, plain, head), 0);
    ck_assert_int_eq(strncmp(card + head, line, strlen(line)), 0);
    ck_assert_str_eq(card + head + strlen(line), risks);
    sdm_free(card);
    sdm_free(plain);
    /* the first: its sentence and the fragile first place */
    ck_assert_ok(sdm_match_card_text(m, 0, &card));
    ck_assert_ptr_nonnull(strstr(card, "How sure its place is: A is the best fit in 50 % of the plausible readings "
                                       "of the evidence and of your priorities and among the best three in every "
                                       "one. The evidence does not separate it from A2 (the best fit in 50 %)."));
    sdm_free(card);
    sdm_match_free(m);

    /* without the analysis: exactly sdm_card_text() */
    ck_assert_ok(sdm_match_options_set_acceptability(x.o, 0, 1));
    ck_assert_ok(sdm_match_run(x.f, x.r, x.o, &m));
    ck_assert_ok(sdm_card_text(sdm_match_profile(m, 0), x.r, &plain));
    ck_assert_ok(sdm_match_card_text(m, 0, &card));
    ck_assert_str_eq(card, plain);
    sdm_free(card);
    sdm_free(plain);
    /* bad input */
    ck_assert_status(sdm_match_card_text(NULL, 0, &card), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("the match is NULL");
    ck_assert_status(sdm_match_card_text(m, 0, NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("the out pointer is NULL");
    ck_assert_status(sdm_match_card_text(m, 5, &card), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("out of range");
    sdm_match_free(m);
    fx_free(&x);
}
END_TEST

/* A copy outlives the match and says the same; a ranking with nothing to be
 * sure of gives a match without an analysis (not a failure). */
START_TEST(match_analysis_copy_and_empty_ranking)
{
    struct fx x;
    fx_init(&x, MEAN_CASE);
    sdm_match *m = NULL;
    sdm_acceptability *copy = NULL;
    char *before = NULL, *after = NULL;
    ck_assert_ok(sdm_match_run(x.f, x.r, x.o, &m));
    ck_assert_ok(sdm_acceptability_to_json(sdm_match_acceptability(m), &before));
    ck_assert_ok(sdm_acceptability_copy(sdm_match_acceptability(m), &copy));
    sdm_match_free(m);
    ck_assert_ok(sdm_acceptability_to_json(copy, &after));
    ck_assert_str_eq(before, after);
    ck_assert_uint_eq(sdm_acceptability_driver_count(copy), 1);
    ck_assert_ptr_nonnull(sdm_acceptability_driver_profile(copy, 0));
    ck_assert(!isnan(sdm_acceptability_central_weight(copy, 0, 1)));
    sdm_free(before);
    sdm_free(after);
    sdm_acceptability_free(copy);
    ck_assert_status(sdm_acceptability_copy(NULL, &copy), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("the analysis is NULL");

    sdm_ranking *none = NULL;
    ck_assert_ok(sdm_ranking_new(x.cat, &none));
    ck_assert_ok(sdm_match_run(x.f, none, x.o, &m));
    ck_assert_ptr_null(sdm_match_acceptability(m));
    char *text = reason(m, 0);
    ck_assert_str_eq(text, "no side effects ranked");
    sdm_free(text);
    sdm_match_free(m);
    sdm_ranking_free(none);
    fx_free(&x);
}
END_TEST

static Suite *acceptability_options_suite(void)
{
    Suite *s = suite_create("acceptability-options");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    ADD(tc, numeric_evidence_is_fixed_at_its_number);
    ADD(tc, mean_policy_draws_unknowns_as_the_middle_does);
    ADD(tc, tradeoff_adds_the_lack_of_efficacy);
    ADD(tc, dominant_medicine_under_every_option);
    ADD(tc, default_data_under_every_option);
    ADD(tc, match_reason_says_how_sure);
    ADD(tc, match_reason_names_the_rival_and_the_drivers);
    ADD(tc, match_card_says_how_sure);
    ADD(tc, match_analysis_copy_and_empty_ranking);
    suite_add_tcase(s, tc);
    return s;
}

SDM_TEST_MAIN(acceptability_options_suite)
