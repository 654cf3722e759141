/*
 * libsdm - efficacy beside burden, the trade-off weight, numeric evidence
 * scoring and the mean unknown policy (efficacy.h, numeric.h, options.h),
 * each worked out by hand.
 * SPDX-License-Identifier: MIT
 */
#include <jansson.h>

#include "common.h"

/*
 * Three medicines over the test-6 catalogue (common.h), with three sources:
 * 't' a table of ratings, 'h' trial numbers, 'e' an efficacy review.
 *
 *                 alpha                 beta                  gamma
 * restlessness    + (1), RR 2.0 mod.    ++ (2), RR 4.0 low    +++ (3), RR 0.8 very low
 * weight_gain     none read; +1.0 kg    none read; -0.5 kg    none read; +3.0 kg
 * dry_mouth       0                     +++ (3)               unknown
 * tremor          ++ (2)                +++ (3)               unknown
 * efficacy        SMD -0.30 (-0.45 to   SMD -0.70 (-0.90 to   none given
 *                 -0.15), 12 studies    -0.50), 20 studies
 * night_sleepiness and constipation: no medicine rates them.
 */
#define EFF3_HEAD                                                                                             \
    "{'format': 'sdm-formulary', 'format_version': 2, 'version': 'e3', 'catalogue': 'test-6',"              \
    " 'sources': [{'key': 't', 'label': 'Table T', 'citation': 'T', 'reliability': 'peer_reviewed'},"     \
    "             {'key': 'h', 'label': 'Trials H', 'citation': 'H', 'reliability': 'secondary'},"       \
    "             {'key': 'e', 'label': 'Review E', 'citation': 'E', 'reliability': 'secondary'}],"      \
    " 'medications': ["

#define RD(v) "{'source': 't', 'printed': '" #v "', 'value': " #v "}"
#define RR(v, c) "{'source': 'h', 'outcome': 'akathisia', 'kind': 'risk_ratio', 'value': " #v ", 'versus': " \
                 "'placebo', 'confidence': '" c "'}"
#define KG(v, c) "{'source': 'h', 'outcome': 'weight_gain', 'kind': 'mean_difference', 'value': " #v ", "    \
                 "'unit': 'kg', 'versus': 'placebo', 'confidence': '" c "'}"

static const char EFF3_BODY[] =
    "{'id': 'alpha', 'name': 'Alpha',"
    " 'efficacy': {'source': 'e', 'outcome': 'overall_symptoms', 'value': -0.30, 'ci_low': -0.45,"
    "              'ci_high': -0.15, 'studies': 12, 'versus': 'placebo', 'confidence': 'not_graded'},"
    " 'ratings': {'restlessness': {'readings': [" RD(1) "], 'evidence': [" RR(2.0, "moderate") "]},"
    "             'weight_gain': {'readings': [], 'evidence': [" KG(1.0, "high") "]},"
    "             'dry_mouth': {'readings': [" RD(0) "]}, 'tremor': {'readings': [" RD(2) "]}}},"
    "{'id': 'beta', 'name': 'Beta',"
    " 'efficacy': {'source': 'e', 'outcome': 'overall_symptoms', 'value': -0.70, 'ci_low': -0.90,"
    "              'ci_high': -0.50, 'studies': 20, 'versus': 'placebo', 'confidence': 'not_graded'},"
    " 'ratings': {'restlessness': {'readings': [" RD(2) "], 'evidence': [" RR(4.0, "low") "]},"
    "             'weight_gain': {'readings': [], 'evidence': [" KG(-0.5, "moderate") "]},"
    "             'dry_mouth': {'readings': [" RD(3) "]}, 'tremor': {'readings': [" RD(3) "]}}},"
    "{'id': 'gamma', 'name': 'Gamma',"
    " 'ratings': {'restlessness': {'readings': [" RD(3) "], 'evidence': [" RR(0.8, "very_low") "]},"
    "             'weight_gain': {'readings': [], 'evidence': [" KG(3.0, "low") "]}}}]}";

struct fx {
    sdm_catalogue *cat;
    sdm_formulary *f;
    sdm_match_options *o;
};

static void fx_init(struct fx *x)
{
    char text[8192];
    snprintf(text, sizeof text, "%s%s", EFF3_HEAD, EFF3_BODY);
    x->cat = test6_catalogue();
    x->f = test_formulary(x->cat, text);
    ck_assert_ok(sdm_match_options_new(&x->o));
}

static void fx_free(struct fx *x)
{
    sdm_match_options_free(x->o);
    sdm_formulary_free(x->f);
    sdm_catalogue_free(x->cat);
}

/* A ranking of `ids` in rank order, NULL-terminated. */
static sdm_ranking *ranking_of(const sdm_catalogue *cat, const char *const *ids)
{
    sdm_ranking *r;
    ck_assert_ok(sdm_ranking_new(cat, &r));
    for (int i = 0; ids[i]; i++)
        ck_assert_ok(sdm_ranking_avoid(r, ids[i], i + 1));
    return r;
}

static sdm_match *run(const struct fx *x, const char *const *ids)
{
    sdm_ranking *r = ranking_of(x->cat, ids);
    sdm_match *m;
    ck_assert_ok(sdm_match_run(x->f, r, x->o, &m));
    sdm_ranking_free(r);
    return m;
}

/* Asserts the order of a match and each score (to 1e-12). */
static void assert_order(const sdm_match *m, const char *const *ids, const double *scores)
{
    size_t n = 0;
    while (ids[n])
        n++;
    ck_assert_uint_eq(sdm_match_count(m), n);
    for (size_t i = 0; i < n; i++) {
        ck_assert_str_eq(sdm_profile_id(sdm_match_profile(m, i)), ids[i]);
        ck_assert_near(sdm_match_score(m, i), scores[i]);
    }
}

static size_t place_of(const sdm_match *m, const char *id)
{
    for (size_t i = 0; i < sdm_match_count(m); i++)
        if (strcmp(sdm_profile_id(sdm_match_profile(m, i)), id) == 0)
            return i;
    ck_abort_msg("%s is not ranked", id);
    return 0;
}

static char *reason_of(const sdm_match *m, const char *id)
{
    char *text;
    ck_assert_ok(sdm_match_reason(m, place_of(m, id), &text));
    return text;
}

static json_t *match_json(const sdm_match *m)
{
    char *text;
    ck_assert_ok(sdm_match_to_json(m, &text));
    json_error_t error;
    json_t *doc = json_loads(text, 0, &error);
    ck_assert_msg(doc != NULL, "match JSON: %s", error.text);
    sdm_free(text);
    return doc;
}

/* The result JSON's entry of a medicine. */
static json_t *entry_of(json_t *doc, const char *id)
{
    json_t *ranked = json_object_get(json_object_get(doc, "result"), "ranked");
    if (!ranked)
        ranked = json_object_get(doc, "ranked");
    size_t i;
    json_t *e;
    json_array_foreach(ranked, i, e)
        if (strcmp(json_string_value(json_object_get(e, "id")), id) == 0)
            return e;
    ck_abort_msg("%s is not in the JSON", id);
    return NULL;
}

/* ---- efficacy in words ------------------------------------------------------- */

/* Trifluoperazine (default data): SMD -0.244, 95 % CrI -0.532 to 0.043, 8
 * studies. e = 0.244 < 0.35: "less well than most"; the upper end 0.043 >= 0:
 * the interval includes no effect; width 0.575 >= 0.45: uncertain; 8 < 10
 * studies: "only". */
START_TEST(interval_including_no_effect_is_said)
{
    sdm_catalogue *cat = test_default_catalogue();
    sdm_formulary *f = test_default_formulary(cat);
    const sdm_profile *p = sdm_formulary_find(f, "trifluoperazine");
    const sdm_efficacy *e = sdm_profile_efficacy(p);
    ck_assert_ptr_nonnull(e);
    ck_assert_near(sdm_efficacy_smd(e), -0.244);
    ck_assert_near(sdm_efficacy_ci_low(e), -0.532);
    ck_assert_near(sdm_efficacy_ci_high(e), 0.043);
    ck_assert_int_eq(sdm_efficacy_studies(e), 8);
    ck_assert_str_eq(sdm_efficacy_source(e), "huhn2019-efficacy");
    ck_assert_str_eq(sdm_efficacy_outcome(e), "overall_symptoms");
    ck_assert_int_eq(sdm_efficacy_confidence(e), SDM_CONFIDENCE_NOT_GRADED);
    ck_assert_int_eq(sdm_efficacy_includes_no_effect(e), 1);
    ck_assert_int_eq(sdm_efficacy_uncertain(e), 1);
    ck_assert_int_eq(sdm_efficacy_band_of(e), SDM_EFFICACY_LESS);
    ck_assert_str_eq(sdm_efficacy_band_id(SDM_EFFICACY_LESS), "less");
    char *text;
    ck_assert_ok(sdm_profile_describe_efficacy(p, &text));
    ck_assert_str_eq(text, "works less well than most, but the trials do not rule out that it works no better than "
                           "placebo; the estimate is uncertain; based on only 8 studies (overall symptoms, Huhn 2019 "
                           "(efficacy): SMD -0.24 against placebo, 95 % interval -0.53 to 0.04; confidence not "
                           "graded)");
    sdm_free(text);
    /* its card says so beside the side effects */
    ck_assert_ok(sdm_card_text(p, NULL, &text));
    ck_assert_msg(strstr(text, "\nHow well it works (beside the side effects above): works less well than most, "
                               "but the trials do not rule out that it works no better than placebo;") != NULL,
                  "card:\n%s", text);
    sdm_free(text);
    /* aripiprazole: SMD -0.41 (-0.506 to -0.316), 15 studies: e = 0.41, "about as well as most" */
    ck_assert_ok(sdm_profile_describe_efficacy(sdm_formulary_find(f, "aripiprazole"), &text));
    ck_assert_str_eq(text, "works about as well as most; based on 15 studies (overall symptoms, Huhn 2019 (efficacy): "
                           "SMD -0.41 against placebo, 95 % interval -0.51 to -0.32; confidence not graded)");
    sdm_free(text);
    /* every result entry carries it, as words and numbers */
    sdm_ranking *r;
    sdm_match *m;
    ck_assert_ok(sdm_ranking_new(cat, &r));
    ck_assert_ok(sdm_ranking_avoid(r, "weight_gain", 1));
    ck_assert_ok(sdm_match_run(f, r, NULL, &m));
    ck_assert_ok(sdm_match_efficacy_text(m, place_of(m, "trifluoperazine"), &text));
    ck_assert_str_eq(text, "works less well than most, but the trials do not rule out that it works no better than "
                           "placebo; the estimate is uncertain; based on only 8 studies");
    sdm_free(text);
    json_t *doc = match_json(m);
    json_t *eff = json_object_get(entry_of(doc, "trifluoperazine"), "efficacy");
    ck_assert_str_eq(json_string_value(json_object_get(eff, "band")), "less");
    ck_assert(json_is_true(json_object_get(eff, "includes_no_effect")));
    ck_assert(json_is_true(json_object_get(eff, "uncertain")));
    ck_assert_int_eq(json_integer_value(json_object_get(eff, "studies")), 8);
    ck_assert_near(json_number_value(json_object_get(eff, "ci_high")), 0.043);
    ck_assert_ptr_null(json_object_get(eff, "lack")); /* no trade-off: efficacy is shown, not counted */
    json_decref(doc);
    sdm_match_free(m);
    sdm_ranking_free(r);
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

/* The bands at their cut-offs, and every default medicine has efficacy. */
START_TEST(bands_by_hand)
{
    sdm_catalogue *cat = test_default_catalogue();
    sdm_formulary *f = test_default_formulary(cat);
    static const struct {
        const char *id;
        sdm_efficacy_band band;
    } cases[] = {
        {"clozapine", SDM_EFFICACY_BETTER},           /* e 0.894 >= 0.65 */
        {"amisulpride", SDM_EFFICACY_BETTER},         /* e 0.734 */
        {"olanzapine", SDM_EFFICACY_LITTLE_BETTER},   /* e 0.559 */
        {"zuclopenthixol", SDM_EFFICACY_LITTLE_BETTER}, /* e 0.51 >= 0.50 */
        {"paliperidone", SDM_EFFICACY_AVERAGE},       /* e 0.485 < 0.50 */
        {"lurasidone", SDM_EFFICACY_AVERAGE},         /* e 0.364 >= 0.35 */
        {"cariprazine", SDM_EFFICACY_LESS},           /* e 0.345 < 0.35 */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        ck_assert_msg(sdm_efficacy_band_of(sdm_profile_efficacy(sdm_formulary_find(f, cases[i].id))) == cases[i].band,
                      "%s", cases[i].id);
    for (size_t i = 0; i < sdm_formulary_count(f); i++)
        ck_assert_ptr_nonnull(sdm_profile_efficacy(sdm_formulary_profile(f, i)));
    ck_assert_int_eq(sdm_efficacy_band_of(NULL), SDM_EFFICACY_NO_DATA);
    ck_assert_ptr_null(sdm_efficacy_band_id((sdm_efficacy_band)6));
    ck_assert(isnan(sdm_efficacy_smd(NULL)));
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

/* Gamma has no efficacy: flagged everywhere, never "average". */
START_TEST(no_efficacy_is_flagged)
{
    struct fx x;
    fx_init(&x);
    const sdm_profile *gamma = sdm_formulary_find(x.f, "gamma");
    ck_assert_ptr_null(sdm_profile_efficacy(gamma));
    char *text;
    ck_assert_ok(sdm_profile_describe_efficacy(gamma, &text));
    ck_assert_str_eq(text, "no efficacy data in this formulary (how well it works is not shown here and is not "
                           "assumed to be average)");
    sdm_free(text);
    ck_assert_ok(sdm_card_text(gamma, NULL, &text));
    ck_assert_msg(strstr(text, "How well it works (beside the side effects above): no efficacy data in this "
                               "formulary") != NULL, "card:\n%s", text);
    sdm_free(text);
    ck_assert_ok(sdm_card_to_json(gamma, NULL, &text));
    ck_assert_msg(strstr(text, "\"band\": \"no_data\"") != NULL, "card JSON:\n%s", text);
    sdm_free(text);
    /* with a trade-off weight, the middle policy gives it a lack of 0.5, flagged */
    ck_assert_ok(sdm_match_options_set_tradeoff(x.o, 0.5));
    sdm_match *m = run(&x, (const char *const[]){"dry_mouth", NULL});
    size_t g = place_of(m, "gamma");
    ck_assert_int_eq(sdm_match_efficacy_imputed(m, g), 1);
    ck_assert_near(sdm_match_efficacy_lack(m, g), 0.5);
    ck_assert_ok(sdm_match_efficacy_text(m, g, &text));
    ck_assert_str_eq(text, "no efficacy data in this formulary; counted as the middle (lack of efficacy 0.50): "
                           "0.25 added to its score");
    sdm_free(text);
    json_t *doc = match_json(m);
    json_t *eff = json_object_get(entry_of(doc, "gamma"), "efficacy");
    ck_assert_str_eq(json_string_value(json_object_get(eff, "band")), "no_data");
    ck_assert(json_is_true(json_object_get(eff, "imputed")));
    ck_assert_str_eq(json_string_value(json_object_get(eff, "imputed_as")), "middle");
    json_decref(doc);
    sdm_match_free(m);
    /* the worst case: 1; the mean of the others' lack: (1 + 0) / 2 = 0.5 */
    ck_assert_ok(sdm_match_options_set_unknown_policy(x.o, SDM_UNKNOWN_WORST));
    m = run(&x, (const char *const[]){"dry_mouth", NULL});
    ck_assert_near(sdm_match_efficacy_lack(m, place_of(m, "gamma")), 1.0);
    sdm_match_free(m);
    /* unknowns exclude: gamma is left out, with the reason */
    ck_assert_ok(sdm_match_options_set_unknown_policy(x.o, SDM_UNKNOWN_EXCLUDE));
    m = run(&x, (const char *const[]){"tremor", NULL});
    ck_assert_uint_eq(sdm_match_count(m), 2);
    ck_assert_uint_eq(sdm_match_excluded_count(m), 1);
    ck_assert_str_eq(sdm_profile_id(sdm_match_excluded_profile(m, 0)), "gamma");
    ck_assert_int_eq(sdm_match_excluded_kind(m, 0), SDM_EXCLUDED_UNKNOWN_RATING);
    ck_assert_str_eq(sdm_match_excluded_reason(m, 0),
                     "no efficacy data in this formulary, and with a trade-off weight on efficacy unknowns exclude");
    sdm_match_free(m);
    fx_free(&x);
}
END_TEST

/* ---- the trade-off weight ---------------------------------------------------- */

/*
 * Dry mouth alone (k = 1, ROC weight 1): alpha 0, beta +++ = 1, gamma unknown
 * = 0.5 (middle). Efficacy e = -SMD: alpha 0.30, beta 0.70 (e_max 0.70, e_min
 * 0.30), so lack(alpha) = (0.70 - 0.30) / 0.40 = 1, lack(beta) = 0; gamma has
 * none: 0.5 (middle).
 *
 *   lambda = 0:    alpha 0, gamma 0.5, beta 1
 *   lambda = 0.5:  alpha 0 + 0.5 = 0.5, gamma 0.5 + 0.25 = 0.75, beta 1 + 0 = 1
 *   lambda = 1.5:  beta 1 + 0 = 1, gamma 0.5 + 0.75 = 1.25, alpha 0 + 1.5 = 1.5
 *
 * At lambda = 1.5 the order turns round: beta, which works best, comes first.
 */
START_TEST(tradeoff_changes_the_ranking_by_hand)
{
    struct fx x;
    fx_init(&x);
    const char *const dry[] = {"dry_mouth", NULL};
    sdm_match *m = run(&x, dry);
    assert_order(m, (const char *const[]){"alpha", "gamma", "beta", NULL}, (const double[]){0.0, 0.5, 1.0});
    ck_assert_near(sdm_match_efficacy_contribution(m, 0), 0.0);
    ck_assert(isnan(sdm_match_efficacy_lack(m, 0)));
    sdm_match_free(m);

    ck_assert_ok(sdm_match_options_set_tradeoff(x.o, 0.5));
    m = run(&x, dry);
    assert_order(m, (const char *const[]){"alpha", "gamma", "beta", NULL}, (const double[]){0.5, 0.75, 1.0});
    ck_assert_near(sdm_match_efficacy_lack(m, 0), 1.0);
    ck_assert_near(sdm_match_efficacy_contribution(m, 0), 0.5);
    char *text;
    ck_assert_ok(sdm_match_efficacy_text(m, 0, &text));
    ck_assert_str_eq(text, "works less well than most; based on 12 studies; lack of efficacy 1.00 (0 the most "
                           "effective here, 1 the least) added 0.5 to its score");
    sdm_free(text);
    sdm_match_free(m);

    ck_assert_ok(sdm_match_options_set_tradeoff(x.o, 1.5));
    m = run(&x, dry);
    assert_order(m, (const char *const[]){"beta", "gamma", "alpha", NULL}, (const double[]){1.0, 1.25, 1.5});
    ck_assert_near(sdm_match_efficacy_contribution(m, 1), 0.75);
    sdm_match_free(m);

    /* the options carry it, in JSON and in the decision record */
    ck_assert_ok(sdm_match_options_to_json(x.o, &text));
    ck_assert_msg(strstr(text, "\"tradeoff\": 1.5") != NULL, "%s", text);
    sdm_match_options *back;
    ck_assert_ok(sdm_match_options_from_json(text, strlen(text), &back));
    ck_assert_near(sdm_match_options_tradeoff(back), 1.5);
    sdm_match_options_free(back);
    sdm_free(text);
    m = run(&x, dry);
    ck_assert_ok(sdm_record_to_json(m, "2026-12-06T09:00:00Z", &text));
    ck_assert_msg(strstr(text, "\"tradeoff\": 1.5") != NULL, "record:\n%s", text);
    sdm_record *again;
    ck_assert_ok(sdm_record_from_json(x.cat, text, strlen(text), &again));
    ck_assert_near(sdm_match_options_tradeoff(sdm_record_options(again)), 1.5);
    sdm_record_free(again);
    sdm_free(text);
    sdm_match_free(m);
    fx_free(&x);
}
END_TEST

/* ---- numeric evidence ---------------------------------------------------------- */

/*
 * Ranking: restlessness 1, weight_gain 2, dry_mouth 3. ROC weights for k = 3:
 * w1 = (1 + 1/2 + 1/3) / 3 = 11/18, w2 = (1/2 + 1/3) / 3 = 5/18, w3 = (1/3) / 3 = 2/18.
 *
 * Numeric, restlessness (risk ratios on a log scale, protective = 0, largest = 1):
 *   h = ln 2, ln 4, max(0, ln 0.8) = 0; largest ln 4:
 *   alpha ln 2 / ln 4 = 1/2, beta 1, gamma 0
 * Numeric, weight_gain (kg): h = 1.0, max(0, -0.5) = 0, 3.0; largest 3.0:
 *   alpha 1/3, beta 0, gamma 1
 * dry_mouth has no number: its rating, alpha 0, beta 1, gamma unknown = 1/2.
 *
 *   alpha 11/18 * 1/2 + 5/18 * 1/3 + 0          = 43/108 = 0.398148...
 *   beta  11/18 * 1   + 0          + 2/18 * 1   = 13/18  = 0.722222...
 *   gamma 0           + 5/18 * 1   + 2/18 * 1/2 = 1/3
 *   numeric order: gamma, alpha, beta
 *
 * Ordinal (the default): restlessness 1/3, 2/3, 1; weight_gain unread: 1/2 each.
 *   alpha 11/18 * 1/3 + 5/18 * 1/2 + 0          = 37/108 = 0.342592...
 *   beta  11/18 * 2/3 + 5/18 * 1/2 + 2/18       = 71/108 = 0.657407...
 *   gamma 11/18       + 5/18 * 1/2 + 2/18 * 1/2 = 29/36  = 0.805555...
 *   ordinal order: alpha, beta, gamma
 */
START_TEST(numeric_normalisation_by_hand)
{
    struct fx x;
    fx_init(&x);
    const char *const ids[] = {"restlessness", "weight_gain", "dry_mouth", NULL};
    sdm_match *m = run(&x, ids);
    assert_order(m, (const char *const[]){"alpha", "beta", "gamma", NULL},
                 (const double[]){37.0 / 108, 71.0 / 108, 29.0 / 36});
    ck_assert_int_eq(sdm_match_term_source(m, 0, 0), SDM_TERM_RATING);
    ck_assert_int_eq(sdm_match_term_source(m, 0, 1), SDM_TERM_IMPUTED);
    /* no medicine rates weight gain: it changes nothing, and the person is told */
    ck_assert_uint_eq(sdm_match_warning_count(m), 1);
    ck_assert_uint_eq(sdm_match_warning_effect(m, 0), T6_WEIGHT);
    ck_assert_uint_eq(sdm_match_unknown_count(m, place_of(m, "alpha")), 1);
    sdm_match_free(m);

    ck_assert_ok(sdm_match_options_set_evidence(x.o, SDM_EVIDENCE_NUMERIC));
    m = run(&x, ids);
    assert_order(m, (const char *const[]){"gamma", "alpha", "beta", NULL},
                 (const double[]){1.0 / 3, 43.0 / 108, 13.0 / 18});
    size_t a = place_of(m, "alpha");
    ck_assert_int_eq(sdm_match_term_source(m, a, 0), SDM_TERM_NUMERIC);
    ck_assert_near(sdm_match_term_value(m, a, 0), 0.5);
    ck_assert_near(sdm_match_term_value(m, a, 1), 1.0 / 3);
    ck_assert_int_eq(sdm_match_term_source(m, a, 2), SDM_TERM_RATING);
    ck_assert_near(sdm_match_term_value(m, a, 2), 0.0);
    ck_assert_int_eq(sdm_evidence_confidence(sdm_match_term_evidence(m, a, 0)), SDM_CONFIDENCE_MODERATE);
    ck_assert_int_eq(sdm_evidence_confidence(sdm_match_term_evidence(m, a, 1)), SDM_CONFIDENCE_HIGH);
    ck_assert_ptr_null(sdm_match_term_evidence(m, a, 2));
    /* under numeric evidence the numbers are values: no warning, alpha has no unknown */
    ck_assert_uint_eq(sdm_match_warning_count(m), 0);
    ck_assert_uint_eq(sdm_match_unknown_count(m, a), 0);
    size_t g = place_of(m, "gamma");
    ck_assert_uint_eq(sdm_match_unknown_count(m, g), 1); /* dry mouth */
    ck_assert_near(sdm_match_term_value(m, g, 0), 0.0); /* RR 0.8: protective, 0 */
    ck_assert_int_eq(sdm_match_term_source(m, g, 2), SDM_TERM_IMPUTED);
    /* the explanation says where each term came from, with its confidence */
    char *text = reason_of(m, "alpha");
    ck_assert_str_eq(text, "Restless feeling + (rank 1; scored on numbers: in trials (Trials H), akathisia: about 2 "
                           "times as common as with placebo (risk ratio 2.00); moderate confidence; 0.50 of the "
                           "largest harm here); Putting on weight ? (rank 2; scored on numbers: in trials (Trials H), "
                           "weight_gain: on average 1 kg more than with placebo; high confidence; 0.33 of the largest "
                           "harm here); Dry mouth 0 (rank 3)");
    sdm_free(text);
    /* and the result JSON */
    json_t *doc = match_json(m);
    json_t *terms = json_object_get(entry_of(doc, "alpha"), "ratings");
    json_t *first = json_array_get(terms, 0);
    ck_assert_str_eq(json_string_value(json_object_get(first, "from")), "numeric");
    ck_assert_str_eq(json_string_value(json_object_get(first, "confidence")), "moderate");
    ck_assert_str_eq(json_string_value(json_object_get(first, "evidence_source")), "h");
    ck_assert_near(json_number_value(json_object_get(first, "value")), 0.5);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(terms, 2), "from")), "rating");
    json_decref(doc);
    sdm_match_free(m);

    /* the options say so in JSON */
    ck_assert_ok(sdm_match_options_to_json(x.o, &text));
    ck_assert_msg(strstr(text, "\"evidence\": \"numeric\"") != NULL, "%s", text);
    sdm_free(text);
    fx_free(&x);
}
END_TEST

/* ---- the mean unknown policy ------------------------------------------------------ */

/*
 * Tremor 1, constipation 2 (ROC k = 2: w1 = 3/4, w2 = 1/4). Tremor: alpha ++
 * = 2/3, beta +++ = 1, gamma unknown. Constipation: no medicine rates it.
 *
 * Middle: gamma's tremor 1/2; constipation 1/2 for all (+1/8 each):
 *   gamma 3/8 + 1/8 = 0.5, alpha 1/2 + 1/8 = 0.625, beta 3/4 + 1/8 = 0.875
 * Mean: gamma's tremor is the mean of the medicines that rate it,
 * (2/3 + 1) / 2 = 5/6; constipation, rated by none, stays 1/2:
 *   alpha 0.625, gamma 3/4 * 5/6 + 1/8 = 5/8 + 1/8 = 0.75, beta 0.875
 * With the middle of the scale the poorly documented medicine came first.
 */
START_TEST(mean_policy_by_hand)
{
    struct fx x;
    fx_init(&x);
    const char *const ids[] = {"tremor", "constipation", NULL};
    sdm_match *m = run(&x, ids);
    assert_order(m, (const char *const[]){"gamma", "alpha", "beta", NULL}, (const double[]){0.5, 0.625, 0.875});
    sdm_match_free(m);

    ck_assert_ok(sdm_match_options_set_unknown_policy(x.o, SDM_UNKNOWN_MEAN));
    m = run(&x, ids);
    assert_order(m, (const char *const[]){"alpha", "gamma", "beta", NULL}, (const double[]){0.625, 0.75, 0.875});
    size_t g = place_of(m, "gamma");
    ck_assert_int_eq(sdm_match_term_source(m, g, 0), SDM_TERM_IMPUTED);
    ck_assert_near(sdm_match_term_value(m, g, 0), 5.0 / 6);
    ck_assert_near(sdm_match_term_value(m, g, 1), 0.5);
    ck_assert_uint_eq(sdm_match_unknown_count(m, g), 2);
    char *text = reason_of(m, "gamma");
    ck_assert_str_eq(text, "Shaking not known (rank 1; counted as the mean of the medicines that rate it, 0.83); "
                           "Constipation not known (rank 2; counted as the middle of the scale)");
    sdm_free(text);
    json_t *doc = match_json(m);
    json_t *first = json_array_get(json_object_get(entry_of(doc, "gamma"), "ratings"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(first, "from")), "imputed");
    ck_assert_str_eq(json_string_value(json_object_get(first, "imputed_as")), "mean");
    json_decref(doc);
    sdm_match_free(m);

    ck_assert_ok(sdm_match_options_to_json(x.o, &text));
    ck_assert_msg(strstr(text, "\"unknown\": \"mean\"") != NULL, "%s", text);
    sdm_free(text);
    fx_free(&x);
}
END_TEST

/* ---- bad input ----------------------------------------------------------------------- */

static void expect_formulary_error(const char *med_efficacy, sdm_status status, const char *needle)
{
    char text[4096];
    snprintf(text, sizeof text,
             "%s{'id': 'delta', 'name': 'Delta', 'efficacy': %s, 'ratings': {}}]}", EFF3_HEAD, med_efficacy);
    sdm_catalogue *cat = test6_catalogue();
    char *json = tj(text);
    sdm_formulary *f = NULL;
    ck_assert_status(sdm_formulary_load_json(cat, json, strlen(json), &f), status);
    ck_assert_ptr_null(f);
    ck_assert_error_has("medications[0](delta).efficacy");
    ck_assert_error_has(needle);
    free(json);
    sdm_catalogue_free(cat);
}

START_TEST(bad_input_is_refused_naming_it)
{
#define EFF(v, lo, hi) "{'source': 'e', 'outcome': 'overall_symptoms', 'value': " #v ", 'ci_low': " #lo \
                       ", 'ci_high': " #hi ", 'versus': 'placebo', 'confidence': 'not_graded'"
    expect_formulary_error(EFF(-0.5, -0.4, -0.1) "}", SDM_ERR_SCHEMA,
                           "'value' -0.5 is not within its interval ('ci_low' -0.4 to 'ci_high' -0.1)");
    expect_formulary_error("{'source': 'e', 'outcome': 'overall_symptoms', 'value': -0.5, 'ci_low': -0.6, "
                           "'versus': 'placebo', 'confidence': 'not_graded'}",
                           SDM_ERR_SCHEMA, "'ci_high'");
    expect_formulary_error("{'source': 'nope', 'outcome': 'overall_symptoms', 'value': -0.5, 'ci_low': -0.6, "
                           "'ci_high': -0.4, 'versus': 'placebo', 'confidence': 'not_graded'}",
                           SDM_ERR_SCHEMA, "the source 'nope' is not listed");
    expect_formulary_error("{'source': 'e', 'outcome': 'response', 'value': -0.5, 'ci_low': -0.6, "
                           "'ci_high': -0.4, 'versus': 'placebo', 'confidence': 'not_graded'}",
                           SDM_ERR_SCHEMA, "'outcome' is 'response'; this version reads 'overall_symptoms' only");
    expect_formulary_error(EFF(-9, -9.5, -8) "}", SDM_ERR_SCHEMA, "'value' must be a standardised mean difference");
    expect_formulary_error(EFF(-0.5, -0.6, -0.4) ", 'studies': 0}", SDM_ERR_SCHEMA, "studies");
    expect_formulary_error("{'source': 'e', 'outcome': 'overall_symptoms', 'value': -0.5, 'ci_low': -0.6, "
                           "'ci_high': -0.4, 'versus': 'placebo', 'confidence': 'sure'}",
                           SDM_ERR_SCHEMA, "confidence: ");
    expect_formulary_error(EFF(-0.5, -0.6, -0.4) ", 'smd': 1}", SDM_ERR_SCHEMA, "smd");
#undef EFF

    /* options */
    sdm_match_options *o;
    ck_assert_ok(sdm_match_options_new(&o));
    ck_assert_status(sdm_match_options_set_tradeoff(o, -0.1), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("the trade-off weight -0.1 is not from 0 to");
    ck_assert_status(sdm_match_options_set_tradeoff(o, NAN), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_match_options_set_tradeoff(NULL, 1.0), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_match_options_set_evidence(o, (sdm_evidence_mode)2), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("2 is not an evidence mode");
    ck_assert_near(sdm_match_options_tradeoff(o), 0.0);
    ck_assert_int_eq(sdm_match_options_evidence(o), SDM_EVIDENCE_ORDINAL);
    sdm_match_options_free(o);
    static const struct {
        const char *json, *needle;
    } bad[] = {
        {"{'tradeoff': -1}", "tradeoff"},
        {"{'tradeoff': 'lots'}", "'tradeoff' must be a number from 0 to"},
        {"{'evidence': 'numbers'}", "evidence"},
        {"{'unknown': 'average'}", "unknown"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *json = tj(bad[i].json);
        o = NULL;
        ck_assert_status(sdm_match_options_from_json(json, strlen(json), &o), SDM_ERR_SCHEMA);
        ck_assert_ptr_null(o);
        ck_assert_error_has(bad[i].needle);
        free(json);
    }
    sdm_evidence_mode mode;
    ck_assert_status(sdm_evidence_mode_from_id("numerical", &mode), SDM_ERR_NOT_FOUND);
    ck_assert_error_has("numeric");

    /* refused by the match: the lexicographic scheme needs rating-scale values;
     * a trade-off weight too small to tell from rounding */
    struct fx x;
    fx_init(&x);
    sdm_ranking *r = ranking_of(x.cat, (const char *const[]){"tremor", "dry_mouth", NULL});
    sdm_match *m = NULL;
    ck_assert_ok(sdm_match_options_set_scheme(x.o, SDM_WEIGHTS_LEXICOGRAPHIC));
    ck_assert_ok(sdm_match_options_set_evidence(x.o, SDM_EVIDENCE_NUMERIC));
    ck_assert_status(sdm_match_run(x.f, r, x.o, &m), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("the lexicographic scheme needs values on the rating scale; under numeric evidence");
    ck_assert_ok(sdm_match_options_set_scheme(x.o, SDM_WEIGHTS_ROC));
    ck_assert_ok(sdm_match_options_set_tradeoff(x.o, 1e-300));
    ck_assert_status(sdm_match_run(x.f, r, x.o, &m), SDM_ERR_LIMIT);
    ck_assert_error_has("the trade-off weight (1e-300) is too small");
    ck_assert_ptr_null(m);
    /* the acceptability analysis takes numeric evidence (its numbers fixed:
     * acceptability.h; worked cases in test-acceptability-options.c) */
    sdm_acceptability *acc = NULL;
    ck_assert_ok(sdm_match_options_set_tradeoff(x.o, 0.0));
    ck_assert_ok(sdm_acceptability_run(x.f, r, x.o, &acc));
    sdm_acceptability_free(acc);
    ck_assert_ok(sdm_match_options_set_tradeoff(x.o, 1e-300));
    int32_t row[2] = {3, 2}, best;
    double score;
    ck_assert_status(sdm_match_batch(x.f, x.o, row, 1, 2, 1, &best, &score), SDM_ERR_LIMIT);
    ck_assert_error_has("row 0: the trade-off weight");
    sdm_ranking_free(r);
    fx_free(&x);
}
END_TEST

/* Gamma has no efficacy; under the mean policy its lack is the mean of the
 * others': alpha SMD -0.30 and beta -0.70 give lacks (0.70 - 0.30) / 0.40 = 1
 * and 0, so (1 + 0) / 2 = 0.5, and with a trade-off of 0.5, 0.25 added. */
START_TEST(no_efficacy_counted_as_the_mean)
{
    struct fx x;
    fx_init(&x);
    ck_assert_ok(sdm_match_options_set_tradeoff(x.o, 0.5));
    ck_assert_ok(sdm_match_options_set_unknown_policy(x.o, SDM_UNKNOWN_MEAN));
    sdm_match *m = run(&x, (const char *const[]){"dry_mouth", NULL});
    size_t g = place_of(m, "gamma");
    ck_assert_int_eq(sdm_match_efficacy_imputed(m, g), 1);
    ck_assert_near(sdm_match_efficacy_lack(m, g), 0.5);
    ck_assert_near(sdm_match_efficacy_contribution(m, g), 0.25);
    ck_assert_near(sdm_match_efficacy_lack(m, place_of(m, "alpha")), 1.0);
    ck_assert_near(sdm_match_efficacy_lack(m, place_of(m, "beta")), 0.0);
    char *text;
    ck_assert_ok(sdm_match_efficacy_text(m, g, &text));
    ck_assert_str_eq(text, "no efficacy data in this formulary; counted as the mean of the others (lack of efficacy "
                           "0.50): 0.25 added to its score");
    sdm_free(text);
    sdm_match_free(m);
    fx_free(&x);
}
END_TEST

/*
 * Delta: SMD +0.10 (-0.05 to 0.25), one study, low confidence, a note:
 * e = -0.10 <= 0, "did no better than placebo" (which already says that the
 * interval reaches 0, so that is not said again); width 0.30 < 0.45: not
 * uncertain; 1 < 10 studies: "only 1 study". Epsilon: SMD -0.40 (-0.50 to
 * -0.30), no count of studies and no note: neither is said nor written.
 */
START_TEST(no_better_than_placebo_by_hand)
{
    char text[4096];
    snprintf(text, sizeof text,
             "%s{'id': 'delta', 'name': 'Delta', 'efficacy': {'source': 'e', 'outcome': 'overall_symptoms', "
             "'value': 0.10, 'ci_low': -0.05, 'ci_high': 0.25, 'studies': 1, 'versus': 'placebo', "
             "'confidence': 'low', 'note': 'a small trial'}, 'ratings': {}},"
             "{'id': 'epsilon', 'name': 'Epsilon', 'efficacy': {'source': 'e', 'outcome': 'overall_symptoms', "
             "'value': -0.40, 'ci_low': -0.50, 'ci_high': -0.30, 'versus': 'placebo', "
             "'confidence': 'moderate'}, 'ratings': {}}]}",
             EFF3_HEAD);
    sdm_catalogue *cat = test6_catalogue();
    sdm_formulary *f = test_formulary(cat, text);
    const sdm_efficacy *delta = sdm_profile_efficacy(sdm_formulary_find(f, "delta"));
    const sdm_efficacy *epsilon = sdm_profile_efficacy(sdm_formulary_find(f, "epsilon"));
    ck_assert_int_eq(sdm_efficacy_band_of(delta), SDM_EFFICACY_NO_BETTER);
    ck_assert_str_eq(sdm_efficacy_band_id(SDM_EFFICACY_NO_BETTER), "no_better");
    ck_assert_int_eq(sdm_efficacy_includes_no_effect(delta), 1);
    ck_assert_int_eq(sdm_efficacy_uncertain(delta), 0);
    ck_assert_str_eq(sdm_efficacy_note(delta), "a small trial");
    ck_assert_int_eq(sdm_efficacy_confidence(delta), SDM_CONFIDENCE_LOW);
    ck_assert_int_eq(sdm_efficacy_studies(epsilon), 0);
    ck_assert_str_eq(sdm_efficacy_note(epsilon), "");
    char *words;
    ck_assert_ok(sdm_profile_describe_efficacy(sdm_formulary_find(f, "delta"), &words));
    ck_assert_str_eq(words, "did no better than placebo in trials; based on only 1 study (overall symptoms, Review E: "
                            "SMD 0.10 against placebo, 95 % interval -0.05 to 0.25; low confidence)");
    sdm_free(words);
    ck_assert_ok(sdm_profile_describe_efficacy(sdm_formulary_find(f, "epsilon"), &words));
    ck_assert_str_eq(words, "works about as well as most (overall symptoms, Review E: SMD -0.40 against placebo, "
                            "95 % interval -0.50 to -0.30; moderate confidence)");
    sdm_free(words);
    /* written back: delta's studies and note, neither for epsilon */
    char *json;
    ck_assert_ok(sdm_formulary_to_json(f, &json));
    json_t *root = json_loads(json, 0, NULL);
    ck_assert_ptr_nonnull(root);
    json_t *meds = json_object_get(root, "medications");
    json_t *d = json_object_get(json_array_get(meds, 0), "efficacy");
    json_t *e = json_object_get(json_array_get(meds, 1), "efficacy");
    ck_assert_int_eq(json_integer_value(json_object_get(d, "studies")), 1);
    ck_assert_str_eq(json_string_value(json_object_get(d, "note")), "a small trial");
    ck_assert_ptr_null(json_object_get(e, "studies"));
    ck_assert_ptr_null(json_object_get(e, "note"));
    json_decref(root);
    sdm_free(json);
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

/* NULL arguments and more bad efficacy, each named. */
START_TEST(bad_arguments_and_efficacy_named)
{
    char *text = NULL;
    ck_assert_status(sdm_profile_describe_efficacy(NULL, &text), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("sdm_profile_describe_efficacy: the profile is NULL");
    struct fx x;
    fx_init(&x);
    ck_assert_status(sdm_profile_describe_efficacy(sdm_formulary_find(x.f, "alpha"), NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("sdm_profile_describe_efficacy: the out pointer is NULL");
    sdm_match *m = run(&x, (const char *const[]){"tremor", NULL});
    ck_assert_status(sdm_match_efficacy_text(NULL, 0, &text), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("sdm_match_efficacy_text: the match is NULL");
    ck_assert_status(sdm_match_efficacy_text(m, 0, NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("sdm_match_efficacy_text: the out pointer is NULL");
    ck_assert_status(sdm_match_efficacy_text(m, sdm_match_count(m), &text), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("sdm_match_efficacy_text: the entry is out of range");
    ck_assert_ptr_null(text);
    sdm_match_free(m);
    fx_free(&x);
    expect_formulary_error("'high'", SDM_ERR_SCHEMA, "expected an object");
    expect_formulary_error("{'source': 'e', 'outcome': 'overall_symptoms', 'value': 'large', 'ci_low': -0.6, "
                           "'ci_high': -0.4, 'versus': 'placebo', 'confidence': 'not_graded'}",
                           SDM_ERR_SCHEMA, "'value' must be a standardised mean difference from -5 to 5");
    expect_formulary_error("{'source': 'e', 'outcome': 'overall_symptoms', 'value': -0.5, 'ci_low': -0.6, "
                           "'ci_high': -0.4, 'versus': 'haloperidol', 'confidence': 'not_graded'}",
                           SDM_ERR_SCHEMA, "'versus' is 'haloperidol'; this version reads 'placebo' only");
}
END_TEST

/* When no medicine of the formulary has efficacy data, the mean policy has
 * no others to take the mean of: every lack is the middle, 0.5 (the rule of
 * the side effects no medicine rates, options.h), and the words say so
 * rather than "the mean of the others". Delta and Epsilon, no efficacy,
 * trade-off 0.5: 0.25 added to each. */
START_TEST(no_efficacy_anywhere_counted_as_the_middle)
{
    char text[4096];
    snprintf(text, sizeof text,
             "%s{'id': 'delta', 'name': 'Delta', 'ratings': {'tremor': {'readings': [" RD(1) "]}}},"
             "{'id': 'epsilon', 'name': 'Epsilon', 'ratings': {'tremor': {'readings': [" RD(2) "]}}}]}",
             EFF3_HEAD);
    sdm_catalogue *cat = test6_catalogue();
    sdm_formulary *f = test_formulary(cat, text);
    sdm_match_options *o;
    ck_assert_ok(sdm_match_options_new(&o));
    ck_assert_ok(sdm_match_options_set_tradeoff(o, 0.5));
    ck_assert_ok(sdm_match_options_set_unknown_policy(o, SDM_UNKNOWN_MEAN));
    sdm_ranking *r = ranking_of(cat, (const char *const[]){"tremor", NULL});
    sdm_match *m;
    ck_assert_ok(sdm_match_run(f, r, o, &m));
    for (size_t i = 0; i < 2; i++) {
        ck_assert_int_eq(sdm_match_efficacy_imputed(m, i), 1);
        ck_assert_near(sdm_match_efficacy_lack(m, i), 0.5);
        char *words;
        ck_assert_ok(sdm_match_efficacy_text(m, i, &words));
        ck_assert_str_eq(words, "no efficacy data in this formulary; counted as the middle (lack of efficacy 0.50): "
                                "0.25 added to its score");
        sdm_free(words);
    }
    sdm_match_free(m);
    sdm_ranking_free(r);
    sdm_match_options_free(o);
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

static Suite *efficacy_suite(void)
{
    Suite *s = suite_create("efficacy");
    TCase *tc = tcase_create("efficacy");
    ADD(tc, interval_including_no_effect_is_said);
    ADD(tc, bands_by_hand);
    ADD(tc, no_efficacy_is_flagged);
    ADD(tc, tradeoff_changes_the_ranking_by_hand);
    suite_add_tcase(s, tc);
    tc = tcase_create("numeric and mean");
    ADD(tc, numeric_normalisation_by_hand);
    ADD(tc, mean_policy_by_hand);
    ADD(tc, bad_input_is_refused_naming_it);
    ADD(tc, no_efficacy_counted_as_the_mean);
    ADD(tc, no_efficacy_anywhere_counted_as_the_middle);
    ADD(tc, no_better_than_placebo_by_hand);
    ADD(tc, bad_arguments_and_efficacy_named);
    suite_add_tcase(s, tc);
    return s;
}

SDM_TEST_MAIN(efficacy_suite)
