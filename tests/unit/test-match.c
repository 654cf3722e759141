/*
 * libsdm - matching: scores, order, ties, explanations and exclusions, every
 * one worked out on paper below.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L

#include "common.h"

#include <jansson.h>
#include <pthread.h>

/*
 * The formulary F1 over the catalogue test-6 (see common.h).
 *
 * The ranking R1: rank 1 tremor ("Shaking"), rank 2 weight_gain ("Putting on
 * weight"), rank 3 dry_mouth ("Dry mouth"); helpful night_sleepiness ("Sleepy
 * at night"). Rank order differs from catalogue order (3, 1, 2; helpful 0) on
 * purpose. Terms: t0 tremor, t1 weight_gain, t2 dry_mouth, t3 night_sleepiness.
 *
 *              tremor  weight  dry  night | formulations         licences
 *  amberine      0       +     +++   +++  | tablet               UK
 *  borolide      +       0      0     0   | lai, tablet          DE UK
 *  cytrane       0       ++     ?     ?   | liquid, tablet       UK US
 *  dovamine     +++     +++    +++    0   | tablet               DE
 *  ethorin       0       0      +     +   | lai                  UK
 *
 * (cytrane: dry_mouth explicitly unknown, night_sleepiness not rated.
 * Ratings of restlessness and constipation are never in a ranking and must
 * not count.)
 *
 * Default: ROC, k = 3: w = 11/18, 5/18, 2/18; helpful auto = w3 = 2/18;
 * s(r) = r/3; unknown = 1/2.
 *   amberine  0 + 5/18*1/3 + 2/18*1 - 2/18*1         = 5/54
 *   borolide  11/18*1/3                              = 11/54
 *   cytrane   5/18*2/3 + 2/18*1/2 - 2/18*1/2         = 10/54
 *   dovamine  11/18 + 5/18 + 2/18 - 0                = 1
 *   ethorin   2/18*1/3 - 2/18*1/3                    = 0
 *   order: ethorin 1, amberine 2, cytrane 3, borolide 4, dovamine 5
 */
#define F1 \
    "{'format': 'sdm-formulary', 'format_version': 1, 'id': 'f1', 'title': 'F1'," \
    " 'version': '2026.11-test', 'catalogue': 'test-6', 'notice': 'Test data only.'," \
    " 'sources': [{'key': 's', 'citation': 'Source S'}]," \
    " 'medications': [" \
    "  {'id': 'amberine', 'name': 'Amberine', 'formulations': ['tablet'], 'licensed_in': ['UK']," \
    "   'ratings': {" R("tremor", 0) ", " R("weight_gain", 1) ", " R("dry_mouth", 3) ", " \
                      R("night_sleepiness", 3) ", " R("constipation", 3) "}}," \
    "  {'id': 'borolide', 'name': 'Borolide', 'formulations': ['long_acting_injection', 'tablet']," \
    "   'licensed_in': ['DE', 'UK']," \
    "   'ratings': {" R("tremor", 1) ", " R("weight_gain", 0) ", " R("dry_mouth", 0) ", " \
                      R("night_sleepiness", 0) "}}," \
    "  {'id': 'cytrane', 'name': 'Cytrane', 'formulations': ['liquid', 'tablet'], 'licensed_in': ['UK', 'US']," \
    "   'ratings': {" R("tremor", 0) ", " R("weight_gain", 2) ", " U("dry_mouth") ", " R("restlessness", 3) "}}," \
    "  {'id': 'dovamine', 'name': 'Dovamine', 'formulations': ['tablet'], 'licensed_in': ['DE']," \
    "   'ratings': {" R("tremor", 3) ", " R("weight_gain", 3) ", " R("dry_mouth", 3) ", " \
                      R("night_sleepiness", 0) "}}," \
    "  {'id': 'ethorin', 'name': 'Ethorin', 'formulations': ['long_acting_injection'], 'licensed_in': ['UK']," \
    "   'ratings': {" R("tremor", 0) ", " R("weight_gain", 0) ", " R("dry_mouth", 1) ", " \
                      R("night_sleepiness", 1) "}}" \
    " ]}"

/* A fixture: catalogue, F1 and R1 (with or without the helpful tick). */
struct fx {
    sdm_catalogue *cat;
    sdm_formulary *f;
    sdm_ranking *r;
    sdm_match_options *o;
    sdm_match *m;
};

static void fx_init(struct fx *x, int with_helpful)
{
    memset(x, 0, sizeof *x);
    x->cat = test6_catalogue();
    x->f = test_formulary(x->cat, F1);
    ck_assert_ok(sdm_ranking_new(x->cat, &x->r));
    ck_assert_ok(sdm_ranking_avoid(x->r, "tremor", 1));
    ck_assert_ok(sdm_ranking_avoid(x->r, "weight_gain", 2));
    ck_assert_ok(sdm_ranking_avoid(x->r, "dry_mouth", 3));
    if (with_helpful)
        ck_assert_ok(sdm_ranking_helpful(x->r, "night_sleepiness"));
    ck_assert_ok(sdm_match_options_new(&x->o));
}

static void fx_run(struct fx *x)
{
    sdm_match_free(x->m);
    x->m = NULL;
    ck_assert_ok(sdm_match_run(x->f, x->r, x->o, &x->m));
    ck_assert_ptr_nonnull(x->m);
    /* nothing is dropped silently */
    ck_assert_uint_eq(sdm_match_count(x->m) + sdm_match_excluded_count(x->m), sdm_formulary_count(x->f));
}

static void fx_free(struct fx *x)
{
    sdm_match_free(x->m);
    sdm_match_options_free(x->o);
    sdm_ranking_free(x->r);
    sdm_formulary_free(x->f);
    sdm_catalogue_free(x->cat);
}

/* Asserts the ranked entries: ids in order, their ranks and (unless NULL) scores. */
static void assert_order(const sdm_match *m, size_t n, const char *const *ids, const int *ranks,
                         const double *scores)
{
    ck_assert_uint_eq(sdm_match_count(m), n);
    for (size_t i = 0; i < n; i++) {
        const sdm_profile *p = sdm_match_profile(m, i);
        ck_assert_ptr_nonnull(p);
        ck_assert_msg(strcmp(sdm_profile_id(p), ids[i]) == 0, "entry %zu is %s (score %.15g), expected %s",
                      i, sdm_profile_id(p), sdm_match_score(m, i), ids[i]);
        ck_assert_msg(sdm_match_rank(m, i) == ranks[i], "entry %zu (%s): rank %d, expected %d", i, ids[i],
                      sdm_match_rank(m, i), ranks[i]);
        if (scores != NULL)
            ck_assert_msg(fabs(sdm_match_score(m, i) - scores[i]) < 1e-12,
                          "entry %zu (%s): score %.15g, expected %.15g", i, ids[i],
                          sdm_match_score(m, i), scores[i]);
    }
    ck_assert_ptr_null(sdm_match_profile(m, n));
}

/* The contributions of every entry add up to its score. */
static void assert_contributions_sum(const sdm_match *m)
{
    for (size_t i = 0; i < sdm_match_count(m); i++) {
        double sum = 0;
        for (size_t t = 0; t < sdm_match_term_count(m); t++)
            sum += sdm_match_contribution(m, i, t);
        ck_assert_msg(fabs(sum - sdm_match_score(m, i)) < 1e-12, "entry %zu: contributions %.15g, score %.15g",
                      i, sum, sdm_match_score(m, i));
    }
}

/* Each ranked medicine's "reason" in the match's JSON and in its record is
 * sdm_match_reason()'s text (the documents keep the text of a plain term,
 * "Shaking 0 (rank 1)", for the next medicine: this fails when the kept text
 * is not that of the term and its rating). */
static void assert_json_reasons(const sdm_match *m)
{
    for (int record = 0; record < 2; record++) {
        char *text = NULL;
        if (record)
            ck_assert_ok(sdm_record_to_json(m, NULL, &text));
        else
            ck_assert_ok(sdm_match_to_json(m, &text));
        json_error_t error;
        json_t *doc = json_loads(text, 0, &error);
        ck_assert_msg(doc != NULL, "%s", error.text);
        json_t *ranked = json_object_get(record ? json_object_get(doc, "result") : doc, "ranked");
        ck_assert_uint_eq(json_array_size(ranked), sdm_match_count(m));
        for (size_t i = 0; i < sdm_match_count(m); i++) {
            char *reason = NULL;
            ck_assert_ok(sdm_match_reason(m, i, &reason));
            ck_assert_str_eq(json_string_value(json_object_get(json_array_get(ranked, i), "reason")), reason);
            sdm_free(reason);
        }
        json_decref(doc);
        sdm_free(text);
    }
}

/* The reason of entry i is `expected`, in sdm_match_reason() and (checked
 * with the first entry's) in the documents. */
static void assert_reason(const sdm_match *m, size_t i, const char *expected)
{
    char *text = NULL;
    ck_assert_ok(sdm_match_reason(m, i, &text));
    ck_assert_ptr_nonnull(text);
    ck_assert_str_eq(text, expected);
    sdm_free(text);
    if (i == 0)
        assert_json_reasons(m);
}

/* The default data, where sources disagree on many side effects: each side
 * effect ranked first (second avoided, third helpful), the person having had
 * it on two medicines, so that a document has, for the same term and rating,
 * plain terms, the person's own and disagreements, in every order (the
 * documents keep a rated term's opening for all three). Every reason in the
 * documents is sdm_match_reason()'s. */
START_TEST(reasons_in_documents_default_data)
{
    sdm_catalogue *cat = test_default_catalogue();
    sdm_formulary *f = test_default_formulary(cat);
    size_t items = sdm_catalogue_count(cat), meds = sdm_formulary_count(f);
    for (size_t e = 0; e < items; e++) {
        sdm_ranking *r;
        sdm_match *m;
        const char *effect = sdm_catalogue_id(cat, e);
        ck_assert_ok(sdm_ranking_new(cat, &r));
        ck_assert_ok(sdm_ranking_avoid(r, effect, 1));
        ck_assert_ok(sdm_ranking_avoid(r, sdm_catalogue_id(cat, (e + 1) % items), 2));
        ck_assert_ok(sdm_ranking_helpful(r, sdm_catalogue_id(cat, (e + 2) % items)));
        for (size_t k = 0; k < 2; k++) {
            const char *id = sdm_profile_id(sdm_formulary_profile(f, (e * 7 + k * 5) % meds));
            ck_assert_ok(sdm_ranking_add_history(r, id, SDM_OUTCOME_STOPPED, NULL));
            ck_assert_ok(sdm_ranking_history_had(r, id, effect));
        }
        ck_assert_ok(sdm_match_run(f, r, NULL, &m));
        assert_json_reasons(m);
        sdm_match_free(m);
        sdm_ranking_free(r);
    }
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

/* ---- the default scoring ------------------------------------------------- */

START_TEST(default_roc)
{
    struct fx x;
    fx_init(&x, 1);
    fx_run(&x);
    static const char *const ids[] = {"ethorin", "amberine", "cytrane", "borolide", "dovamine"};
    static const int ranks[] = {1, 2, 3, 4, 5};
    const double scores[] = {0.0, 5.0 / 54, 10.0 / 54, 11.0 / 54, 1.0};
    assert_order(x.m, 5, ids, ranks, scores);
    ck_assert_uint_eq(sdm_match_excluded_count(x.m), 0);
    assert_contributions_sum(x.m);

    /* options NULL gives the same */
    sdm_match *m2 = NULL;
    ck_assert_ok(sdm_match_run(x.f, x.r, NULL, &m2));
    assert_order(m2, 5, ids, ranks, scores);
    sdm_match_free(m2);
    fx_free(&x);
}
END_TEST

START_TEST(terms)
{
    struct fx x;
    fx_init(&x, 1);
    fx_run(&x);
    const sdm_match *m = x.m;
    /* ranked side effects in rank order, then the helpful one */
    ck_assert_uint_eq(sdm_match_term_count(m), 4);
    ck_assert_uint_eq(sdm_match_term_effect(m, 0), T6_TREMOR);
    ck_assert_uint_eq(sdm_match_term_effect(m, 1), T6_WEIGHT);
    ck_assert_uint_eq(sdm_match_term_effect(m, 2), T6_DRY);
    ck_assert_uint_eq(sdm_match_term_effect(m, 3), T6_NIGHT);
    ck_assert_int_eq(sdm_match_term_rank(m, 0), 1);
    ck_assert_int_eq(sdm_match_term_rank(m, 1), 2);
    ck_assert_int_eq(sdm_match_term_rank(m, 2), 3);
    ck_assert_int_eq(sdm_match_term_rank(m, 3), 0);
    ck_assert_near(sdm_match_term_weight(m, 0), 11.0 / 18);
    ck_assert_near(sdm_match_term_weight(m, 1), 5.0 / 18);
    ck_assert_near(sdm_match_term_weight(m, 2), 2.0 / 18);
    /* helpful auto: the weight of the lowest rank, positive */
    ck_assert_near(sdm_match_term_weight(m, 3), 2.0 / 18);
    /* out of range */
    ck_assert_uint_eq(sdm_match_term_effect(m, 4), (size_t)-1);
    ck_assert_int_eq(sdm_match_term_rank(m, 4), 0);
    ck_assert(isnan(sdm_match_term_weight(m, 4)));
    fx_free(&x);
}
END_TEST

START_TEST(ratings_and_contributions)
{
    struct fx x;
    fx_init(&x, 1);
    fx_run(&x);
    const sdm_match *m = x.m;
    /* entries in order ethorin, amberine, cytrane, borolide, dovamine; terms tremor, weight, dry, night */
    static const int ratings[5][4] = {
        {0, 0, 1, 1},      /* ethorin */
        {0, 1, 3, 3},      /* amberine */
        {0, 2, -1, -1},    /* cytrane */
        {1, 0, 0, 0},      /* borolide */
        {3, 3, 3, 0},      /* dovamine */
    };
    /* in 54ths: w = 33, 15, 6 (/54); helpful 6/54 */
    static const double contrib54[5][4] = {
        {0, 0, 2, -2},     /* ethorin:  6*1/3 - 6*1/3 */
        {0, 5, 6, -6},     /* amberine: 15*1/3, 6*1, -6*1 */
        {0, 10, 3, -3},    /* cytrane:  15*2/3, 6*1/2, -6*1/2 */
        {11, 0, 0, 0},     /* borolide: 33*1/3 */
        {33, 15, 6, 0},    /* dovamine */
    };
    static const size_t unknown[5] = {0, 0, 2, 0, 0};
    for (size_t i = 0; i < 5; i++) {
        for (size_t t = 0; t < 4; t++) {
            ck_assert_msg(sdm_match_rating(m, i, t) == ratings[i][t], "entry %zu term %zu: rating %d, expected %d",
                          i, t, sdm_match_rating(m, i, t), ratings[i][t]);
            ck_assert_msg(fabs(sdm_match_contribution(m, i, t) - contrib54[i][t] / 54.0) < 1e-12,
                          "entry %zu term %zu: contribution %.15g, expected %.15g", i, t,
                          sdm_match_contribution(m, i, t), contrib54[i][t] / 54.0);
        }
        ck_assert_uint_eq(sdm_match_unknown_count(m, i), unknown[i]);
    }
    /* out of range */
    ck_assert_int_eq(sdm_match_rating(m, 5, 0), SDM_RATING_UNKNOWN);
    ck_assert_int_eq(sdm_match_rating(m, 0, 4), SDM_RATING_UNKNOWN);
    ck_assert(isnan(sdm_match_contribution(m, 5, 0)));
    ck_assert(isnan(sdm_match_contribution(m, 0, 4)));
    ck_assert(isnan(sdm_match_score(m, 5)));
    ck_assert_int_eq(sdm_match_rank(m, 5), 0);
    ck_assert_uint_eq(sdm_match_unknown_count(m, 5), 0);
    fx_free(&x);
}
END_TEST

START_TEST(reasons)
{
    struct fx x;
    fx_init(&x, 1);
    fx_run(&x);
    assert_reason(x.m, 0, "Shaking 0 (rank 1); Putting on weight 0 (rank 2); Dry mouth + (rank 3); "
                          "Sleepy at night + (helpful)");
    assert_reason(x.m, 1, "Shaking 0 (rank 1); Putting on weight + (rank 2); Dry mouth +++ (rank 3); "
                          "Sleepy at night +++ (helpful)");
    assert_reason(x.m, 2, "Shaking 0 (rank 1); Putting on weight ++ (rank 2); "
                          "Dry mouth not known (rank 3; counted as the middle of the scale); "
                          "Sleepy at night not known (helpful; counted as the middle of the scale)");
    assert_reason(x.m, 3, "Shaking + (rank 1); Putting on weight 0 (rank 2); Dry mouth 0 (rank 3); "
                          "Sleepy at night 0 (helpful)");
    assert_reason(x.m, 4, "Shaking +++ (rank 1); Putting on weight +++ (rank 2); Dry mouth +++ (rank 3); "
                          "Sleepy at night 0 (helpful)");
    char *text = NULL;
    ck_assert_status(sdm_match_reason(x.m, 5, &text), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_match_reason(x.m, 0, NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_match_reason(NULL, 0, &text), SDM_ERR_INVALID_ARGUMENT);
    fx_free(&x);
}
END_TEST

/* ---- unknown ratings ----------------------------------------------------- */

START_TEST(unknown_worst)
{
    /* cytrane: dry_mouth counted +++ (1), night_sleepiness no benefit (0):
     *   5/18*2/3 + 2/18*1 - 0 = 10/54 + 6/54 = 16/54; the others as by default.
     *   order: ethorin 0, amberine 5/54, borolide 11/54, cytrane 16/54, dovamine 1 */
    struct fx x;
    fx_init(&x, 1);
    ck_assert_ok(sdm_match_options_set_unknown_policy(x.o, SDM_UNKNOWN_WORST));
    fx_run(&x);
    static const char *const ids[] = {"ethorin", "amberine", "borolide", "cytrane", "dovamine"};
    static const int ranks[] = {1, 2, 3, 4, 5};
    const double scores[] = {0.0, 5.0 / 54, 11.0 / 54, 16.0 / 54, 1.0};
    assert_order(x.m, 5, ids, ranks, scores);
    assert_contributions_sum(x.m);
    ck_assert_near(sdm_match_contribution(x.m, 3, 2), 6.0 / 54);
    ck_assert_near(sdm_match_contribution(x.m, 3, 3), 0.0);
    ck_assert_uint_eq(sdm_match_unknown_count(x.m, 3), 2);
    ck_assert_int_eq(sdm_match_rating(x.m, 3, 2), SDM_RATING_UNKNOWN);
    assert_reason(x.m, 3, "Shaking 0 (rank 1); Putting on weight ++ (rank 2); "
                          "Dry mouth not known (rank 3; counted as the worst case); "
                          "Sleepy at night not known (helpful; counted as no benefit)");
    fx_free(&x);
}
END_TEST

START_TEST(unknown_exclude)
{
    /* cytrane leaves the ranked list; the others keep the default order */
    struct fx x;
    fx_init(&x, 1);
    ck_assert_ok(sdm_match_options_set_unknown_policy(x.o, SDM_UNKNOWN_EXCLUDE));
    fx_run(&x);
    static const char *const ids[] = {"ethorin", "amberine", "borolide", "dovamine"};
    static const int ranks[] = {1, 2, 3, 4};
    const double scores[] = {0.0, 5.0 / 54, 11.0 / 54, 1.0};
    assert_order(x.m, 4, ids, ranks, scores);
    ck_assert_uint_eq(sdm_match_excluded_count(x.m), 1);
    ck_assert_str_eq(sdm_profile_id(sdm_match_excluded_profile(x.m, 0)), "cytrane");
    ck_assert_int_eq(sdm_match_excluded_kind(x.m, 0), SDM_EXCLUDED_UNKNOWN_RATING);
    ck_assert_str_eq(sdm_match_excluded_reason(x.m, 0),
                     "'Dry mouth' is not known for this medicine and unknown ratings exclude");
    fx_free(&x);
}
END_TEST

START_TEST(unknown_exclude_helpful_only)
{
    /* only the helpful tick is unknown: the reason names it */
    struct fx x;
    fx_init(&x, 1);
    sdm_ranking_clear(x.r);
    ck_assert_ok(sdm_ranking_avoid(x.r, "weight_gain", 1));
    ck_assert_ok(sdm_ranking_helpful(x.r, "night_sleepiness"));
    ck_assert_ok(sdm_match_options_set_unknown_policy(x.o, SDM_UNKNOWN_EXCLUDE));
    fx_run(&x);
    ck_assert_uint_eq(sdm_match_count(x.m), 4);
    ck_assert_uint_eq(sdm_match_excluded_count(x.m), 1);
    ck_assert_str_eq(sdm_profile_id(sdm_match_excluded_profile(x.m, 0)), "cytrane");
    ck_assert_int_eq(sdm_match_excluded_kind(x.m, 0), SDM_EXCLUDED_UNKNOWN_RATING);
    ck_assert_str_eq(sdm_match_excluded_reason(x.m, 0),
                     "'Sleepy at night' is not known for this medicine and unknown ratings exclude");
    fx_free(&x);
}
END_TEST

/* ---- the other schemes --------------------------------------------------- */

START_TEST(scheme_rank_sum)
{
    /* w = 1/2, 1/3, 1/6; helpful 1/6
     *   amberine 1/3*1/3 + 1/6 - 1/6 = 1/9; borolide 1/2*1/3 = 1/6;
     *   cytrane 1/3*2/3 = 2/9; dovamine 1; ethorin 1/18 - 1/18 = 0 */
    struct fx x;
    fx_init(&x, 1);
    ck_assert_ok(sdm_match_options_set_scheme(x.o, SDM_WEIGHTS_RANK_SUM));
    fx_run(&x);
    static const char *const ids[] = {"ethorin", "amberine", "borolide", "cytrane", "dovamine"};
    static const int ranks[] = {1, 2, 3, 4, 5};
    const double scores[] = {0.0, 1.0 / 9, 1.0 / 6, 2.0 / 9, 1.0};
    assert_order(x.m, 5, ids, ranks, scores);
    ck_assert_near(sdm_match_term_weight(x.m, 3), 1.0 / 6);
    assert_contributions_sum(x.m);
    fx_free(&x);
}
END_TEST

START_TEST(scheme_reciprocal_tie)
{
    /* w = 6/11, 3/11, 2/11; helpful 2/11
     *   amberine 3/11*1/3 = 1/11; borolide 6/11*1/3 = 2/11; cytrane 3/11*2/3 = 2/11 (tie);
     *   dovamine 1; ethorin 0.
     *   ranks 1, 2, 3, 3, 5; the tie listed by name: Borolide, Cytrane */
    struct fx x;
    fx_init(&x, 1);
    ck_assert_ok(sdm_match_options_set_scheme(x.o, SDM_WEIGHTS_RECIPROCAL));
    fx_run(&x);
    static const char *const ids[] = {"ethorin", "amberine", "borolide", "cytrane", "dovamine"};
    static const int ranks[] = {1, 2, 3, 3, 5};
    const double scores[] = {0.0, 1.0 / 11, 2.0 / 11, 2.0 / 11, 1.0};
    assert_order(x.m, 5, ids, ranks, scores);
    assert_contributions_sum(x.m);
    fx_free(&x);
}
END_TEST

START_TEST(scheme_equal_tie)
{
    /* w = 1/3 each; helpful 1/3
     *   amberine 1/9 + 1/3 - 1/3 = 1/9; borolide 1/9; cytrane 2/9; dovamine 1; ethorin 0
     *   ranks 1, 2, 2, 4, 5 */
    struct fx x;
    fx_init(&x, 1);
    ck_assert_ok(sdm_match_options_set_scheme(x.o, SDM_WEIGHTS_EQUAL));
    fx_run(&x);
    static const char *const ids[] = {"ethorin", "amberine", "borolide", "cytrane", "dovamine"};
    static const int ranks[] = {1, 2, 2, 4, 5};
    const double scores[] = {0.0, 1.0 / 9, 1.0 / 9, 2.0 / 9, 1.0};
    assert_order(x.m, 5, ids, ranks, scores);
    fx_free(&x);
}
END_TEST

START_TEST(scheme_lexicographic)
{
    /* No helpful tick. (tremor, weight, dry):
     *   amberine (0,1,3), borolide (1,0,0), cytrane (0,2,?), dovamine (3,3,3), ethorin (0,0,1)
     * Rank 1 decides, then rank 2: ethorin, amberine, cytrane, borolide, dovamine.
     * (Weights that were only "each above the sum of the later ones" would put
     * borolide, 1/3*w1, before cytrane, 2/3*w2 + 1/2*w3, e.g. for .5 .3 .2.) */
    struct fx x;
    fx_init(&x, 0);
    ck_assert_ok(sdm_match_options_set_scheme(x.o, SDM_WEIGHTS_LEXICOGRAPHIC));
    fx_run(&x);
    static const char *const ids[] = {"ethorin", "amberine", "cytrane", "borolide", "dovamine"};
    static const int ranks[] = {1, 2, 3, 4, 5};
    assert_order(x.m, 5, ids, ranks, NULL);
    for (size_t i = 1; i < 5; i++)
        ck_assert_msg(sdm_match_score(x.m, i) > sdm_match_score(x.m, i - 1) + 1e-9,
                      "entries %zu and %zu are not strictly ordered", i - 1, i);
    assert_contributions_sum(x.m);
    fx_free(&x);
}
END_TEST

START_TEST(scheme_custom)
{
    /* w = 3, 2, 1 as given; helpful auto = 1
     *   amberine 2*1/3 + 1 - 1 = 2/3; borolide 3*1/3 = 1; cytrane 2*2/3 + 1/2 - 1/2 = 4/3;
     *   dovamine 6; ethorin 1/3 - 1/3 = 0 */
    struct fx x;
    fx_init(&x, 1);
    const double w[] = {3, 2, 1};
    ck_assert_ok(sdm_match_options_set_custom_weights(x.o, w, 3));
    fx_run(&x);
    static const char *const ids[] = {"ethorin", "amberine", "borolide", "cytrane", "dovamine"};
    static const int ranks[] = {1, 2, 3, 4, 5};
    const double scores[] = {0.0, 2.0 / 3, 1.0, 4.0 / 3, 6.0};
    assert_order(x.m, 5, ids, ranks, scores);
    ck_assert_near(sdm_match_term_weight(x.m, 0), 3.0);
    ck_assert_near(sdm_match_term_weight(x.m, 3), 1.0);
    assert_contributions_sum(x.m);

    /* too few custom weights for three ranks */
    const double w2[] = {3, 2};
    ck_assert_ok(sdm_match_options_set_custom_weights(x.o, w2, 2));
    sdm_match *m = NULL;
    ck_assert_status(sdm_match_run(x.f, x.r, x.o, &m), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_null(m);
    fx_free(&x);
}
END_TEST

START_TEST(convex_scale)
{
    /* (0, 1, 3, 9): s = 0, 1/9, 1/3, 1; ROC; unknown still 1/2
     *   amberine 5/18*1/9 + 2/18 - 2/18 = 5/162; borolide 11/18*1/9 = 11/162;
     *   cytrane 5/18*1/3 = 15/162; dovamine 1; ethorin 2/18*1/9 - 2/18*1/9 = 0
     *   (borolide now before cytrane) */
    struct fx x;
    fx_init(&x, 1);
    const double scale[4] = {0, 1, 3, 9};
    ck_assert_ok(sdm_match_options_set_severity_scale(x.o, scale));
    fx_run(&x);
    static const char *const ids[] = {"ethorin", "amberine", "borolide", "cytrane", "dovamine"};
    static const int ranks[] = {1, 2, 3, 4, 5};
    const double scores[] = {0.0, 5.0 / 162, 11.0 / 162, 15.0 / 162, 1.0};
    assert_order(x.m, 5, ids, ranks, scores);
    assert_contributions_sum(x.m);
    fx_free(&x);
}
END_TEST

START_TEST(helpful_weight_set)
{
    /* helpful weight 0.5, ROC:
     *   amberine 5/54 + 6/54 - 1/2 = -16/54; borolide 11/54;
     *   cytrane 10/54 + 3/54 - 1/4 = -1/108; dovamine 1; ethorin 2/54 - 1/6 = -7/54
     *   order: amberine, ethorin, cytrane, borolide, dovamine */
    struct fx x;
    fx_init(&x, 1);
    ck_assert_ok(sdm_match_options_set_helpful_weight(x.o, 0.5));
    fx_run(&x);
    static const char *const ids[] = {"amberine", "ethorin", "cytrane", "borolide", "dovamine"};
    static const int ranks[] = {1, 2, 3, 4, 5};
    const double scores[] = {-16.0 / 54, -7.0 / 54, -1.0 / 108, 11.0 / 54, 1.0};
    assert_order(x.m, 5, ids, ranks, scores);
    ck_assert_near(sdm_match_term_weight(x.m, 3), 0.5);
    assert_contributions_sum(x.m);
    fx_free(&x);
}
END_TEST

START_TEST(helpful_only)
{
    /* nothing ranked: helpful auto weight is 1
     *   amberine -1; borolide 0; cytrane -1/2; dovamine 0; ethorin -1/3
     *   ranks 1, 2, 3, 4, 4 (Borolide, Dovamine by name) */
    struct fx x;
    fx_init(&x, 1);
    sdm_ranking_clear(x.r);
    ck_assert_ok(sdm_ranking_helpful(x.r, "night_sleepiness"));
    fx_run(&x);
    static const char *const ids[] = {"amberine", "cytrane", "ethorin", "borolide", "dovamine"};
    static const int ranks[] = {1, 2, 3, 4, 4};
    const double scores[] = {-1.0, -0.5, -1.0 / 3, 0.0, 0.0};
    assert_order(x.m, 5, ids, ranks, scores);
    ck_assert_uint_eq(sdm_match_term_count(x.m), 1);
    ck_assert_uint_eq(sdm_match_term_effect(x.m, 0), T6_NIGHT);
    ck_assert_int_eq(sdm_match_term_rank(x.m, 0), 0);
    ck_assert_near(sdm_match_term_weight(x.m, 0), 1.0);
    assert_reason(x.m, 3, "Sleepy at night 0 (helpful)");
    assert_reason(x.m, 1, "Sleepy at night not known (helpful; counted as the middle of the scale)");
    fx_free(&x);
}
END_TEST

START_TEST(empty_ranking)
{
    /* every medicine ties at 0, listed by name */
    struct fx x;
    fx_init(&x, 0);
    sdm_ranking_clear(x.r);
    fx_run(&x);
    static const char *const ids[] = {"amberine", "borolide", "cytrane", "dovamine", "ethorin"};
    static const int ranks[] = {1, 1, 1, 1, 1};
    const double scores[] = {0, 0, 0, 0, 0};
    assert_order(x.m, 5, ids, ranks, scores);
    ck_assert_uint_eq(sdm_match_term_count(x.m), 0);
    ck_assert_uint_eq(sdm_match_unknown_count(x.m, 0), 0);
    assert_reason(x.m, 0, "no side effects ranked");
    fx_free(&x);
}
END_TEST

/* ---- ties ---------------------------------------------------------------- */

START_TEST(tie_by_name)
{
    /* avoid tremor only (k = 1, w = 1): zorvane 1/3, lumora 1/3, kestrel 2/3.
     * Zorvane and Lumora share rank 1 and are listed by name; Kestrel gets 3. */
    sdm_catalogue *cat = test6_catalogue();
    sdm_formulary *f = test_formulary(cat,
        "{'format': 'sdm-formulary', 'format_version': 1, 'version': 't', 'sources': [{'key': 's', 'citation': 'S'}],"
        " 'medications': ["
        "  {'id': 'a_zorvane', 'name': 'Zorvane', 'ratings': {" R("tremor", 1) "}},"
        "  {'id': 'b_kestrel', 'name': 'Kestrel', 'ratings': {" R("tremor", 2) "}},"
        "  {'id': 'c_lumora', 'name': 'Lumora', 'ratings': {" R("tremor", 1) "}}]}");
    sdm_ranking *r = NULL;
    ck_assert_ok(sdm_ranking_new(cat, &r));
    ck_assert_ok(sdm_ranking_avoid(r, "tremor", 1));
    sdm_match *m = NULL;
    ck_assert_ok(sdm_match_run(f, r, NULL, &m));
    static const char *const ids[] = {"c_lumora", "a_zorvane", "b_kestrel"};
    static const int ranks[] = {1, 1, 3};
    const double scores[] = {1.0 / 3, 1.0 / 3, 2.0 / 3};
    assert_order(m, 3, ids, ranks, scores);
    sdm_match_free(m);
    sdm_ranking_free(r);
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(tie_by_strcmp)
{
    /* names compare with strcmp: "Zeta" < "beta" (upper case first) */
    sdm_catalogue *cat = test6_catalogue();
    sdm_formulary *f = test_formulary(cat,
        "{'format': 'sdm-formulary', 'format_version': 1, 'version': 't', 'sources': [{'key': 's', 'citation': 'S'}],"
        " 'medications': ["
        "  {'id': 'a', 'name': 'beta', 'ratings': {" R("tremor", 1) "}},"
        "  {'id': 'b', 'name': 'Zeta', 'ratings': {" R("tremor", 1) "}}]}");
    sdm_ranking *r = NULL;
    ck_assert_ok(sdm_ranking_new(cat, &r));
    ck_assert_ok(sdm_ranking_avoid(r, "tremor", 1));
    sdm_match *m = NULL;
    ck_assert_ok(sdm_match_run(f, r, NULL, &m));
    static const char *const ids[] = {"b", "a"};
    static const int ranks[] = {1, 1};
    assert_order(m, 2, ids, ranks, NULL);
    sdm_match_free(m);
    sdm_ranking_free(r);
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(tie_same_name_by_id)
{
    /* the same name: then by id, whatever the order of the document */
    sdm_catalogue *cat = test6_catalogue();
    sdm_formulary *f = test_formulary(cat,
        "{'format': 'sdm-formulary', 'format_version': 1, 'version': 't', 'sources': [{'key': 's', 'citation': 'S'}],"
        " 'medications': ["
        "  {'id': 'lumora_b', 'name': 'Lumora', 'ratings': {" R("tremor", 1) "}},"
        "  {'id': 'lumora_a', 'name': 'Lumora', 'ratings': {" R("tremor", 1) "}},"
        "  {'id': 'aaa', 'name': 'Zed', 'ratings': {" R("tremor", 1) "}}]}");
    sdm_ranking *r = NULL;
    ck_assert_ok(sdm_ranking_new(cat, &r));
    ck_assert_ok(sdm_ranking_avoid(r, "tremor", 1));
    sdm_match *m = NULL;
    ck_assert_ok(sdm_match_run(f, r, NULL, &m));
    static const char *const ids[] = {"lumora_a", "lumora_b", "aaa"};
    static const int ranks[] = {1, 1, 1};
    assert_order(m, 3, ids, ranks, NULL);
    sdm_match_free(m);
    sdm_ranking_free(r);
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

/* ---- filters ------------------------------------------------------------- */

static void assert_excluded(const sdm_match *m, size_t i, const char *id, sdm_exclusion kind,
                            const char *reason)
{
    const sdm_profile *p = sdm_match_excluded_profile(m, i);
    ck_assert_ptr_nonnull(p);
    ck_assert_str_eq(sdm_profile_id(p), id);
    ck_assert_msg(sdm_match_excluded_kind(m, i) == kind, "%s: kind %d, expected %d", id,
                  (int)sdm_match_excluded_kind(m, i), (int)kind);
    ck_assert_ptr_nonnull(sdm_match_excluded_reason(m, i));
    ck_assert_str_eq(sdm_match_excluded_reason(m, i), reason);
}

START_TEST(filters)
{
    /* exclude dovamine (with a reason) and amberine (default reason);
     * require tablet and UK:
     *   amberine   request                           -> excluded by the prescriber
     *   borolide   tablet, UK                        -> ranked 11/54
     *   cytrane    tablet, UK                        -> ranked 10/54
     *   dovamine   request (also not UK: request first)
     *   ethorin    no tablet                         -> formulation */
    struct fx x;
    fx_init(&x, 1);
    ck_assert_ok(sdm_match_options_exclude(x.o, "dovamine", "caused weight gain before"));
    ck_assert_ok(sdm_match_options_exclude(x.o, "amberine", NULL));
    ck_assert_ok(sdm_match_options_require_formulation(x.o, "tablet"));
    ck_assert_ok(sdm_match_options_require_licence(x.o, "UK"));
    fx_run(&x);
    static const char *const ids[] = {"cytrane", "borolide"};
    static const int ranks[] = {1, 2};
    const double scores[] = {10.0 / 54, 11.0 / 54};
    assert_order(x.m, 2, ids, ranks, scores);
    ck_assert_uint_eq(sdm_match_excluded_count(x.m), 3);
    ck_assert_uint_eq(sdm_match_count(x.m) + sdm_match_excluded_count(x.m), sdm_formulary_count(x.f));
    /* in formulary order */
    assert_excluded(x.m, 0, "amberine", SDM_EXCLUDED_BY_REQUEST, "excluded by the prescriber");
    assert_excluded(x.m, 1, "dovamine", SDM_EXCLUDED_BY_REQUEST, "caused weight gain before");
    assert_excluded(x.m, 2, "ethorin", SDM_EXCLUDED_FORMULATION, "not recorded as available as a tablet");
    /* out of range */
    ck_assert_ptr_null(sdm_match_excluded_profile(x.m, 3));
    ck_assert_int_eq(sdm_match_excluded_kind(x.m, 3), 0);
    ck_assert_ptr_null(sdm_match_excluded_reason(x.m, 3));
    fx_free(&x);
}
END_TEST

START_TEST(filter_licence)
{
    struct fx x;
    fx_init(&x, 1);
    ck_assert_ok(sdm_match_options_require_licence(x.o, "US"));
    fx_run(&x);
    static const char *const ids[] = {"cytrane"};
    static const int ranks[] = {1};
    const double scores[] = {10.0 / 54};
    assert_order(x.m, 1, ids, ranks, scores);
    ck_assert_uint_eq(sdm_match_excluded_count(x.m), 4);
    assert_excluded(x.m, 0, "amberine", SDM_EXCLUDED_LICENCE, "not recorded as licensed in US");
    assert_excluded(x.m, 1, "borolide", SDM_EXCLUDED_LICENCE, "not recorded as licensed in US");
    assert_excluded(x.m, 2, "dovamine", SDM_EXCLUDED_LICENCE, "not recorded as licensed in US");
    assert_excluded(x.m, 3, "ethorin", SDM_EXCLUDED_LICENCE, "not recorded as licensed in US");
    fx_free(&x);
}
END_TEST

START_TEST(filter_all_formulations_required)
{
    /* tablet and long_acting_injection: only borolide has both */
    struct fx x;
    fx_init(&x, 1);
    ck_assert_ok(sdm_match_options_require_formulation(x.o, "tablet"));
    ck_assert_ok(sdm_match_options_require_formulation(x.o, "long_acting_injection"));
    fx_run(&x);
    static const char *const ids[] = {"borolide"};
    static const int ranks[] = {1};
    assert_order(x.m, 1, ids, ranks, NULL);
    ck_assert_uint_eq(sdm_match_excluded_count(x.m), 4);
    assert_excluded(x.m, 0, "amberine", SDM_EXCLUDED_FORMULATION,
                    "not recorded as available as a long-acting injection");
    assert_excluded(x.m, 1, "cytrane", SDM_EXCLUDED_FORMULATION,
                    "not recorded as available as a long-acting injection");
    assert_excluded(x.m, 2, "dovamine", SDM_EXCLUDED_FORMULATION,
                    "not recorded as available as a long-acting injection");
    assert_excluded(x.m, 3, "ethorin", SDM_EXCLUDED_FORMULATION, "not recorded as available as a tablet");
    fx_free(&x);
}
END_TEST

START_TEST(filter_order_of_reasons)
{
    /* request, then formulation, then licence, then unknown:
     * exclude cytrane; require lai and DE; unknown ratings exclude.
     *   amberine   no lai                          -> formulation
     *   borolide   lai, DE, all rated              -> ranked
     *   cytrane    request (also no lai, no DE, unknown)
     *   dovamine   no lai                          -> formulation
     *   ethorin    lai, not DE                     -> licence */
    struct fx x;
    fx_init(&x, 1);
    ck_assert_ok(sdm_match_options_set_unknown_policy(x.o, SDM_UNKNOWN_EXCLUDE));
    ck_assert_ok(sdm_match_options_exclude(x.o, "cytrane", "asked not to"));
    ck_assert_ok(sdm_match_options_require_formulation(x.o, "long_acting_injection"));
    ck_assert_ok(sdm_match_options_require_licence(x.o, "DE"));
    fx_run(&x);
    ck_assert_uint_eq(sdm_match_count(x.m), 1);
    ck_assert_str_eq(sdm_profile_id(sdm_match_profile(x.m, 0)), "borolide");
    ck_assert_uint_eq(sdm_match_excluded_count(x.m), 4);
    assert_excluded(x.m, 0, "amberine", SDM_EXCLUDED_FORMULATION,
                    "not recorded as available as a long-acting injection");
    assert_excluded(x.m, 1, "cytrane", SDM_EXCLUDED_BY_REQUEST, "asked not to");
    assert_excluded(x.m, 2, "dovamine", SDM_EXCLUDED_FORMULATION,
                    "not recorded as available as a long-acting injection");
    assert_excluded(x.m, 3, "ethorin", SDM_EXCLUDED_LICENCE, "not recorded as licensed in DE");

    /* licence before unknown: require DE, unknown ratings exclude.
     *   amberine (UK), cytrane (UK US), ethorin (UK) -> licence, cytrane
     *   although its unknown rating would exclude it too;
     *   borolide 11/54 and dovamine 1 are licensed in DE and fully rated. */
    sdm_match_options_free(x.o);
    ck_assert_ok(sdm_match_options_new(&x.o));
    ck_assert_ok(sdm_match_options_set_unknown_policy(x.o, SDM_UNKNOWN_EXCLUDE));
    ck_assert_ok(sdm_match_options_require_licence(x.o, "DE"));
    fx_run(&x);
    static const char *const ids[] = {"borolide", "dovamine"};
    static const int ranks[] = {1, 2};
    const double scores[] = {11.0 / 54, 1.0};
    assert_order(x.m, 2, ids, ranks, scores);
    ck_assert_uint_eq(sdm_match_excluded_count(x.m), 3);
    assert_excluded(x.m, 0, "amberine", SDM_EXCLUDED_LICENCE, "not recorded as licensed in DE");
    assert_excluded(x.m, 1, "cytrane", SDM_EXCLUDED_LICENCE, "not recorded as licensed in DE");
    assert_excluded(x.m, 2, "ethorin", SDM_EXCLUDED_LICENCE, "not recorded as licensed in DE");
    fx_free(&x);
}
END_TEST

START_TEST(filter_everything)
{
    struct fx x;
    fx_init(&x, 1);
    ck_assert_ok(sdm_match_options_require_formulation(x.o, "transdermal_patch"));
    fx_run(&x);
    ck_assert_uint_eq(sdm_match_count(x.m), 0);
    ck_assert_uint_eq(sdm_match_excluded_count(x.m), 5);
    ck_assert_ptr_null(sdm_match_profile(x.m, 0));
    for (size_t i = 0; i < 5; i++)
        ck_assert_str_eq(sdm_match_excluded_reason(x.m, i), "not recorded as available as a transdermal patch");
    fx_free(&x);
}
END_TEST

/* The reason is in words, with "an" before a vowel: an inhalation (none of
 * the five has one), an orodispersible tablet. */
START_TEST(formulation_reason_in_words)
{
    const char *const form[] = {"inhalation", "orodispersible"};
    const char *const why[] = {"not recorded as available as an inhalation",
                               "not recorded as available as an orodispersible tablet"};
    for (size_t f = 0; f < 2; f++) {
        struct fx x;
        fx_init(&x, 1);
        ck_assert_ok(sdm_match_options_require_formulation(x.o, form[f]));
        fx_run(&x);
        ck_assert_uint_eq(sdm_match_count(x.m), 0);
        ck_assert_uint_eq(sdm_match_excluded_count(x.m), 5);
        for (size_t i = 0; i < 5; i++)
            ck_assert_str_eq(sdm_match_excluded_reason(x.m, i), why[f]);
        fx_free(&x);
    }
}
END_TEST

START_TEST(exclude_unknown_medicine)
{
    struct fx x;
    fx_init(&x, 1);
    ck_assert_ok(sdm_match_options_exclude(x.o, "amberin", NULL));
    sdm_match *m = NULL;
    ck_assert_status(sdm_match_run(x.f, x.r, x.o, &m), SDM_ERR_NOT_FOUND);
    ck_assert_ptr_null(m);
    ck_assert_error_has("amberin");
    fx_free(&x);
}
END_TEST

/* ---- invalid runs -------------------------------------------------------- */

START_TEST(ranking_with_gap)
{
    struct fx x;
    fx_init(&x, 1);
    ck_assert_ok(sdm_ranking_remove(x.r, "weight_gain"));   /* ranks 1 and 3 */
    sdm_match *m = NULL;
    ck_assert_status(sdm_match_run(x.f, x.r, x.o, &m), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_null(m);
    fx_free(&x);
}
END_TEST

START_TEST(catalogues)
{
    /* a ranking over another but equal catalogue works */
    struct fx x;
    fx_init(&x, 1);
    sdm_catalogue *cat2 = test6_catalogue();
    ck_assert_ptr_ne(cat2, x.cat);
    sdm_ranking *r2 = NULL;
    ck_assert_ok(sdm_ranking_new(cat2, &r2));
    ck_assert_ok(sdm_ranking_avoid(r2, "tremor", 1));
    ck_assert_ok(sdm_ranking_avoid(r2, "weight_gain", 2));
    ck_assert_ok(sdm_ranking_avoid(r2, "dry_mouth", 3));
    ck_assert_ok(sdm_ranking_helpful(r2, "night_sleepiness"));
    sdm_match *m = NULL;
    ck_assert_ok(sdm_match_run(x.f, r2, NULL, &m));
    static const char *const ids[] = {"ethorin", "amberine", "cytrane", "borolide", "dovamine"};
    static const int ranks[] = {1, 2, 3, 4, 5};
    const double scores[] = {0.0, 5.0 / 54, 10.0 / 54, 11.0 / 54, 1.0};
    assert_order(m, 5, ids, ranks, scores);
    sdm_match_free(m);
    sdm_ranking_free(r2);
    sdm_catalogue_free(cat2);

    /* one over an unequal catalogue does not */
    sdm_catalogue *def = test_default_catalogue();
    sdm_ranking *r3 = NULL;
    ck_assert_ok(sdm_ranking_new(def, &r3));
    ck_assert_ok(sdm_ranking_avoid(r3, "tremor", 1));
    m = NULL;
    ck_assert_status(sdm_match_run(x.f, r3, NULL, &m), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_null(m);
    sdm_ranking_free(r3);
    sdm_catalogue_free(def);
    fx_free(&x);
}
END_TEST

START_TEST(null_arguments)
{
    struct fx x;
    fx_init(&x, 1);
    sdm_match *m = NULL;
    ck_assert_status(sdm_match_run(NULL, x.r, x.o, &m), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_match_run(x.f, NULL, x.o, &m), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_match_run(x.f, x.r, x.o, NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_null(m);

    ck_assert_uint_eq(sdm_match_count(NULL), 0);
    ck_assert_ptr_null(sdm_match_profile(NULL, 0));
    ck_assert(isnan(sdm_match_score(NULL, 0)));
    ck_assert_int_eq(sdm_match_rank(NULL, 0), 0);
    ck_assert_uint_eq(sdm_match_term_count(NULL), 0);
    ck_assert_uint_eq(sdm_match_excluded_count(NULL), 0);
    ck_assert_ptr_null(sdm_match_formulary(NULL));
    ck_assert_ptr_null(sdm_match_ranking(NULL));
    ck_assert_ptr_null(sdm_match_options_used(NULL));
    ck_assert_ptr_null(sdm_match_data_version(NULL));
    char *text = NULL;
    ck_assert_status(sdm_match_to_json(NULL, &text), SDM_ERR_INVALID_ARGUMENT);
    fx_free(&x);
}
END_TEST

/* ---- lifetime: a match outlives what it was made from --------------------- */

START_TEST(outlives_inputs)
{
    struct fx x;
    fx_init(&x, 1);
    ck_assert_ok(sdm_match_options_set_unknown_policy(x.o, SDM_UNKNOWN_WORST));
    ck_assert_ok(sdm_match_options_exclude(x.o, "dovamine", "caused weight gain before"));
    fx_run(&x);
    sdm_match *m = x.m;
    x.m = NULL;
    ck_assert_ptr_eq(sdm_match_formulary(m), x.f);
    ck_assert_ptr_ne(sdm_match_ranking(m), x.r);
    ck_assert_ptr_ne(sdm_match_options_used(m), x.o);

    /* changing the ranking and options afterwards changes nothing */
    ck_assert_ok(sdm_ranking_remove(x.r, "tremor"));
    ck_assert_ok(sdm_match_options_set_unknown_policy(x.o, SDM_UNKNOWN_MIDDLE));
    fx_free(&x);   /* formulary, ranking, options, catalogue */

    static const char *const ids[] = {"ethorin", "amberine", "borolide", "cytrane"};
    static const int ranks[] = {1, 2, 3, 4};
    const double scores[] = {0.0, 5.0 / 54, 11.0 / 54, 16.0 / 54};
    assert_order(m, 4, ids, ranks, scores);
    ck_assert_str_eq(sdm_match_data_version(m), "2026.11-test");
    ck_assert_str_eq(sdm_profile_name(sdm_match_profile(m, 0)), "Ethorin");
    assert_reason(m, 0, "Shaking 0 (rank 1); Putting on weight 0 (rank 2); Dry mouth + (rank 3); "
                        "Sleepy at night + (helpful)");
    ck_assert_str_eq(sdm_match_excluded_reason(m, 0), "caused weight gain before");

    const sdm_ranking *mr = sdm_match_ranking(m);
    ck_assert_uint_eq(sdm_ranking_avoid_count(mr), 3);
    ck_assert_int_eq(sdm_ranking_rank_of(mr, T6_TREMOR), 1);
    ck_assert_int_eq(sdm_ranking_is_helpful(mr, T6_NIGHT), 1);
    ck_assert_int_eq(sdm_match_options_unknown_policy(sdm_match_options_used(m)), SDM_UNKNOWN_WORST);
    ck_assert_str_eq(sdm_catalogue_label(sdm_formulary_catalogue(sdm_match_formulary(m)), T6_TREMOR), "Shaking");

    char *json = NULL;
    ck_assert_ok(sdm_match_to_json(m, &json));
    ck_assert_ptr_nonnull(json);
    sdm_free(json);
    sdm_match_free(m);
}
END_TEST

/* ---- JSON ---------------------------------------------------------------- */

START_TEST(to_json)
{
    struct fx x;
    fx_init(&x, 1);
    ck_assert_ok(sdm_match_options_exclude(x.o, "dovamine", "caused weight gain before"));
    fx_run(&x);
    char *text = NULL;
    ck_assert_ok(sdm_match_to_json(x.m, &text));
    json_error_t err;
    json_t *doc = json_loads(text, 0, &err);
    ck_assert_msg(doc != NULL, "not JSON (%d:%d %s): %s", err.line, err.column, err.text, text);
    ck_assert(json_is_object(doc));
    ck_assert_str_eq(json_string_value(json_object_get(doc, "data_version")), "2026.11-test");

    json_t *ranked = json_object_get(doc, "ranked");
    ck_assert_msg(json_is_array(ranked), "no ranked array: %s", text);
    ck_assert_uint_eq(json_array_size(ranked), 4);
    static const char *const ids[] = {"ethorin", "amberine", "cytrane", "borolide"};
    static const int ranks[] = {1, 2, 3, 4};
    const double scores[] = {0.0, 5.0 / 54, 10.0 / 54, 11.0 / 54};
    for (size_t i = 0; i < 4; i++) {
        json_t *e = json_array_get(ranked, i);
        ck_assert_str_eq(json_string_value(json_object_get(e, "id")), ids[i]);
        ck_assert_int_eq(json_integer_value(json_object_get(e, "rank")), ranks[i]);
        ck_assert_msg(json_is_number(json_object_get(e, "score")), "entry %zu: no score", i);
        ck_assert_double_eq_tol(json_number_value(json_object_get(e, "score")), scores[i], 1e-12);
    }
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(ranked, 2), "unknown_count")), 2);

    json_t *excluded = json_object_get(doc, "excluded");
    ck_assert_msg(json_is_array(excluded), "no excluded array: %s", text);
    ck_assert_uint_eq(json_array_size(excluded), 1);
    json_t *ex = json_array_get(excluded, 0);
    ck_assert_str_eq(json_string_value(json_object_get(ex, "id")), "dovamine");
    ck_assert_str_eq(json_string_value(json_object_get(ex, "reason")), "caused weight gain before");

    json_decref(doc);
    sdm_free(text);
    ck_assert_status(sdm_match_to_json(x.m, NULL), SDM_ERR_INVALID_ARGUMENT);
    fx_free(&x);
}
END_TEST

/* ---- the default data ---------------------------------------------------- */

START_TEST(data_version_default)
{
    sdm_catalogue *cat = test_default_catalogue();
    sdm_formulary *f = test_default_formulary(cat);
    sdm_ranking *r = NULL;
    ck_assert_ok(sdm_ranking_new(cat, &r));
    sdm_match *m = NULL;
    ck_assert_ok(sdm_match_run(f, r, NULL, &m));
    ck_assert_str_eq(sdm_match_data_version(m), "2026.12");
    /* 19 medicines: clozapine left out by its restriction (treatment-resistant only) */
    ck_assert_uint_eq(sdm_match_count(m), 18);
    ck_assert_uint_eq(sdm_match_excluded_count(m), 1);
    sdm_match_free(m);
    sdm_ranking_free(r);
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(quick_start)
{
    /* avoid weight_gain, day_sleepiness, stiff_muscles, less_sex_drive,
     * dry_mouth (ranks 1..5); helpful night_sleepiness. */
    static const char *const avoid[5] = {"weight_gain", "day_sleepiness", "stiff_muscles",
                                         "less_sex_drive", "dry_mouth"};
    sdm_catalogue *cat = test_default_catalogue();
    sdm_formulary *f = test_default_formulary(cat);
    sdm_ranking *r = NULL;
    ck_assert_ok(sdm_ranking_new(cat, &r));
    for (int i = 0; i < 5; i++)
        ck_assert_ok(sdm_ranking_avoid(r, avoid[i], i + 1));
    ck_assert_ok(sdm_ranking_helpful(r, "night_sleepiness"));
    sdm_match *m = NULL;
    ck_assert_ok(sdm_match_run(f, r, NULL, &m));

    ck_assert_uint_eq(sdm_match_count(m), 18);
    ck_assert_uint_eq(sdm_match_excluded_count(m), 1); /* clozapine: its restriction */
    ck_assert_str_eq(sdm_profile_id(sdm_match_excluded_profile(m, 0)), "clozapine");
    ck_assert_uint_eq(sdm_match_term_count(m), 6);
    const double w[5] = {137.0 / 300, 77.0 / 300, 47.0 / 300, 27.0 / 300, 12.0 / 300};
    for (size_t t = 0; t < 5; t++) {
        ck_assert_uint_eq(sdm_match_term_effect(m, t), test_index(cat, avoid[t]));
        ck_assert_int_eq(sdm_match_term_rank(m, t), (int)t + 1);
        ck_assert_near(sdm_match_term_weight(m, t), w[t]);
    }
    ck_assert_uint_eq(sdm_match_term_effect(m, 5), test_index(cat, "night_sleepiness"));
    ck_assert_near(sdm_match_term_weight(m, 5), 12.0 / 300);

    int seen[19] = {0};
    for (size_t i = 0; i < 18; i++) {
        const sdm_profile *p = sdm_match_profile(m, i);
        ck_assert_ptr_nonnull(p);
        /* every medicine exactly once */
        for (size_t j = 0; j < 19; j++)
            if (sdm_formulary_profile(f, j) == p)
                seen[j]++;
        /* the score recomputed from the profile's own ratings */
        double expect = 0;
        size_t unknown = 0;
        for (size_t t = 0; t < 6; t++) {
            size_t e = sdm_match_term_effect(m, t);
            int rating = sdm_profile_rating(p, e);
            ck_assert_int_eq(sdm_match_rating(m, i, t), rating);
            double s = rating == SDM_RATING_UNKNOWN ? 0.5 : rating / 3.0;
            if (rating == SDM_RATING_UNKNOWN)
                unknown++;
            expect += t < 5 ? w[t] * s : -w[4] * s;
        }
        ck_assert_msg(fabs(sdm_match_score(m, i) - expect) < 1e-12, "%s: score %.15g, expected %.15g",
                      sdm_profile_id(p), sdm_match_score(m, i), expect);
        ck_assert_uint_eq(sdm_match_unknown_count(m, i), unknown);
        if (i > 0) {
            ck_assert_int_ge(sdm_match_rank(m, i), sdm_match_rank(m, i - 1));
            ck_assert(sdm_match_score(m, i) >= sdm_match_score(m, i - 1) - 1e-9);
            /* a tie shares the rank; otherwise the rank is the position */
            if (fabs(sdm_match_score(m, i) - sdm_match_score(m, i - 1)) <= 1e-9) {
                ck_assert_int_eq(sdm_match_rank(m, i), sdm_match_rank(m, i - 1));
                ck_assert(strcmp(sdm_profile_name(sdm_match_profile(m, i - 1)), sdm_profile_name(p)) <= 0);
            } else {
                ck_assert_int_eq(sdm_match_rank(m, i), (int)i + 1);
            }
        } else {
            ck_assert_int_eq(sdm_match_rank(m, 0), 1);
        }
    }
    /* every medicine exactly once, ranked or (clozapine) excluded */
    seen[sdm_profile_index(sdm_match_excluded_profile(m, 0))]++;
    for (size_t j = 0; j < 19; j++)
        ck_assert_int_eq(seen[j], 1);
    assert_contributions_sum(m);

    /* the reason of aripiprazole, from its own ratings */
    const sdm_profile *ari = sdm_formulary_find(f, "aripiprazole");
    for (size_t i = 0; i < 18; i++) {
        if (sdm_match_profile(m, i) != ari)
            continue;
        char expected[1024] = "";
        for (size_t t = 0; t < 6; t++) {
            size_t e = sdm_match_term_effect(m, t);
            int rating = sdm_profile_rating(ari, e);
            char part[256];
            if (rating == SDM_RATING_UNKNOWN && t < 5)
                snprintf(part, sizeof part, "%s not known (rank %zu; counted as the middle of the scale)",
                         sdm_catalogue_label(cat, e), t + 1);
            else if (rating == SDM_RATING_UNKNOWN)
                snprintf(part, sizeof part, "%s not known (helpful; counted as the middle of the scale)",
                         sdm_catalogue_label(cat, e));
            else if (t < 5)
                snprintf(part, sizeof part, "%s %s (rank %zu)", sdm_catalogue_label(cat, e),
                         sdm_rating_mark(rating), t + 1);
            else
                snprintf(part, sizeof part, "%s %s (helpful)", sdm_catalogue_label(cat, e),
                         sdm_rating_mark(rating));
            if (t > 0)
                strcat(expected, "; ");
            strcat(expected, part);
        }
        assert_reason(m, i, expected);
        ck_assert_ptr_nonnull(strstr(expected, "Weight gain"));
    }

    sdm_match_free(m);
    sdm_ranking_free(r);
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(scheme_lexicographic_convex)
{
    /* The same with the convex scale (0, 1, 3, 9), s = 0, 1/9, 1/3, 1:
     * rank 1 still decides. (cytrane before borolide needs w1/9 > w2/3 + w3/2.) */
    struct fx x;
    fx_init(&x, 0);
    const double scale[4] = {0, 1, 3, 9};
    ck_assert_ok(sdm_match_options_set_severity_scale(x.o, scale));
    ck_assert_ok(sdm_match_options_set_scheme(x.o, SDM_WEIGHTS_LEXICOGRAPHIC));
    fx_run(&x);
    static const char *const ids[] = {"ethorin", "amberine", "cytrane", "borolide", "dovamine"};
    static const int ranks[] = {1, 2, 3, 4, 5};
    assert_order(x.m, 5, ids, ranks, NULL);
    fx_free(&x);
}
END_TEST

START_TEST(tie_tolerance)
{
    /* custom weights (1, w2): near has weight_gain +, far none; both tremor 0.
     *   score(near) = w2/3, score(far) = 0. The tie tolerance is relative:
     *   T (S 2^-50 + 2^-1072) with T = 2 terms and S = 1 + w2, about 1.8e-15.
     *   w2 = 3e-10: 1e-10 apart (within the old fixed 1e-9, which showed a
     *               tie): ranks 1 and 2, far first.
     *   w2 = 0:     rank 2 counts nothing: both 0, a tie by name (Alpha, Beta).
     *   w2 = 1e-16: one step on rank 2 (1e-16/6) cannot be told from rounding
     *               error beside rank 1: refused (more in test-ties.c). */
    sdm_catalogue *cat = test6_catalogue();
    sdm_formulary *f = test_formulary(cat,
        "{'format': 'sdm-formulary', 'format_version': 1, 'version': 't', 'sources': [{'key': 's', 'citation': 'S'}],"
        " 'medications': ["
        "  {'id': 'far', 'name': 'Beta', 'ratings': {" R("tremor", 0) ", " R("weight_gain", 0) "}},"
        "  {'id': 'near', 'name': 'Alpha', 'ratings': {" R("tremor", 0) ", " R("weight_gain", 1) "}}]}");
    sdm_ranking *r = NULL;
    ck_assert_ok(sdm_ranking_new(cat, &r));
    ck_assert_ok(sdm_ranking_avoid(r, "tremor", 1));
    ck_assert_ok(sdm_ranking_avoid(r, "weight_gain", 2));
    sdm_match_options *o = NULL;
    ck_assert_ok(sdm_match_options_new(&o));

    const double tiny[] = {1.0, 3e-10};
    ck_assert_ok(sdm_match_options_set_custom_weights(o, tiny, 2));
    sdm_match *m = NULL;
    ck_assert_ok(sdm_match_run(f, r, o, &m));
    static const char *const apart[] = {"far", "near"};
    static const int apart_ranks[] = {1, 2};
    const double apart_scores[] = {0.0, 1e-10};
    assert_order(m, 2, apart, apart_ranks, apart_scores);
    ck_assert(sdm_match_tie_tolerance(m) == 2.0 * ((1.0 + 3e-10) * 0x1p-50 + 0x1p-1072));
    sdm_match_free(m);

    const double zero[] = {1.0, 0.0};
    ck_assert_ok(sdm_match_options_set_custom_weights(o, zero, 2));
    ck_assert_ok(sdm_match_run(f, r, o, &m));
    static const char *const tied[] = {"near", "far"};
    static const int tied_ranks[] = {1, 1};
    assert_order(m, 2, tied, tied_ranks, NULL);
    sdm_match_free(m);

    const double too_small[] = {1.0, 1e-16};
    ck_assert_ok(sdm_match_options_set_custom_weights(o, too_small, 2));
    m = NULL;
    ck_assert_status(sdm_match_run(f, r, o, &m), SDM_ERR_LIMIT);
    ck_assert_ptr_null(m);
    ck_assert_error_has("rank 2's weight (1e-16) is too small beside the others");

    sdm_match_options_free(o);
    sdm_ranking_free(r);
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(scheme_lexicographic_helpful)
{
    /* R1 with its helpful tick (night_sleepiness), lexicographic. The
     * default scale's values 0, 1/3, 2/3, 1 and unknown 1/2 are 1/6 apart at
     * the least, so with h = 1 helpful side effect the base is
     * 2 (1 + 1) / (1/6) + 1 = 25: w = (1, 1/25, 1/625) / (651/625)
     * = 625/651, 25/651, 1/651; the helpful weight (auto) is w3 = 1/651.
     * (tremor, weight, dry; night):
     *   amberine (0, +, +++; +++): 25/651 * 1/3 + 1/651 - 1/651     = 25/1953
     *   borolide (+, 0, 0; 0):     625/651 * 1/3                    = 625/1953
     *   cytrane  (0, ++, ?; ?):    25/651 * 2/3 + 1/651 * 1/2 - 1/651 * 1/2 = 50/1953
     *   dovamine (+++, +++, +++; 0): (625 + 25 + 1)/651             = 1
     *   ethorin  (0, 0, +; +):     1/651 * 1/3 - 1/651 * 1/3        = 0
     * order: ethorin, amberine, cytrane, borolide, dovamine. */
    struct fx x;
    fx_init(&x, 1);
    ck_assert_ok(sdm_match_options_set_scheme(x.o, SDM_WEIGHTS_LEXICOGRAPHIC));
    fx_run(&x);
    static const char *const ids[] = {"ethorin", "amberine", "cytrane", "borolide", "dovamine"};
    static const int ranks[] = {1, 2, 3, 4, 5};
    const double scores[] = {0.0, 25.0 / 1953, 50.0 / 1953, 625.0 / 1953, 1.0};
    assert_order(x.m, 5, ids, ranks, scores);
    ck_assert_near(sdm_match_term_weight(x.m, 0), 625.0 / 651);
    ck_assert_near(sdm_match_term_weight(x.m, 1), 25.0 / 651);
    ck_assert_near(sdm_match_term_weight(x.m, 2), 1.0 / 651);
    ck_assert_near(sdm_match_term_weight(x.m, 3), 1.0 / 651);
    assert_contributions_sum(x.m);
    /* the batch gives the same, to the last bit, with the helpful column */
    int32_t row[] = {T6_TREMOR, T6_WEIGHT, T6_DRY}, helpful[] = {T6_NIGHT}, best[5], rank[5], tied[5];
    double s[5];
    ck_assert_ok(sdm_match_batch_ext(x.f, x.o, row, 1, 3, helpful, 1, 5, best, s, rank, tied));
    for (size_t i = 0; i < 5; i++) {
        ck_assert(sdm_formulary_profile(x.f, (size_t)best[i]) == sdm_match_profile(x.m, i));
        ck_assert(s[i] == sdm_match_score(x.m, i));
        ck_assert_int_eq(rank[i], ranks[i]);
        ck_assert_int_eq(tied[i], 1);
    }
    fx_free(&x);
}
END_TEST

START_TEST(more_ranks)
{
    /* max rank 8 on the default data: ROC weights for k = 8 as the options give them */
    static const char *const avoid[8] = {"weight_gain", "day_sleepiness", "stiff_muscles", "less_sex_drive",
                                         "dry_mouth", "tremor", "constipation", "heart_problems"};
    sdm_catalogue *cat = test_default_catalogue();
    sdm_formulary *f = test_default_formulary(cat);
    sdm_ranking *r = NULL;
    ck_assert_ok(sdm_ranking_new(cat, &r));
    ck_assert_ok(sdm_ranking_set_max_rank(r, 8));
    for (int i = 7; i >= 0; i--)
        ck_assert_ok(sdm_ranking_avoid(r, avoid[i], i + 1));
    sdm_match *m = NULL;
    ck_assert_ok(sdm_match_run(f, r, NULL, &m));
    double w[8];
    ck_assert_ok(sdm_match_options_weights(NULL, 8, w));
    /* w_8 = (1/8)(1/8) = 1/64; w_1 = (1/8)(761/280) */
    ck_assert_near(w[7], 1.0 / 64);
    ck_assert_near(w[0], 761.0 / 2240);
    ck_assert_uint_eq(sdm_match_term_count(m), 8);
    for (size_t t = 0; t < 8; t++) {
        ck_assert_uint_eq(sdm_match_term_effect(m, t), test_index(cat, avoid[t]));
        ck_assert_near(sdm_match_term_weight(m, t), w[t]);
    }
    ck_assert_uint_eq(sdm_match_count(m), 18); /* clozapine: its restriction */
    assert_contributions_sum(m);
    sdm_match_free(m);
    sdm_ranking_free(r);
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

/* ---- threads: sdm_match_run is reentrant on a shared formulary ------------ */

struct worker {
    const sdm_formulary *f;
    const sdm_ranking *r;
    int scheme;
    int failures;
    double scores[5];
    char ids[5][16];
};

static void *worker_run(void *arg)
{
    struct worker *w = arg;
    sdm_match_options *o = NULL;
    if (sdm_match_options_new(&o) != SDM_OK || sdm_match_options_set_scheme(o, (sdm_weight_scheme)w->scheme) != SDM_OK) {
        w->failures++;
        return NULL;
    }
    for (int n = 0; n < 200; n++) {
        sdm_match *m = NULL;
        if (sdm_match_run(w->f, w->r, o, &m) != SDM_OK || sdm_match_count(m) != 5) {
            w->failures++;
            sdm_match_free(m);
            continue;
        }
        for (size_t i = 0; i < 5; i++) {
            if (n == 0) {
                w->scores[i] = sdm_match_score(m, i);
                snprintf(w->ids[i], sizeof w->ids[i], "%s", sdm_profile_id(sdm_match_profile(m, i)));
            } else if (sdm_match_score(m, i) != w->scores[i] ||
                       strcmp(w->ids[i], sdm_profile_id(sdm_match_profile(m, i))) != 0) {
                w->failures++;
            }
        }
        char *text = NULL;
        if (sdm_match_to_json(m, &text) != SDM_OK)
            w->failures++;
        sdm_free(text);
        sdm_match_free(m);
    }
    sdm_match_options_free(o);
    return NULL;
}

START_TEST(concurrent_runs)
{
    struct fx x;
    fx_init(&x, 1);
    enum { N = 8 };
    pthread_t threads[N];
    struct worker workers[N];
    for (int i = 0; i < N; i++) {
        memset(&workers[i], 0, sizeof workers[i]);
        workers[i].f = x.f;
        workers[i].r = x.r;
        workers[i].scheme = i % 2 ? SDM_WEIGHTS_ROC : SDM_WEIGHTS_RANK_SUM;
        ck_assert_int_eq(pthread_create(&threads[i], NULL, worker_run, &workers[i]), 0);
    }
    for (int i = 0; i < N; i++)
        ck_assert_int_eq(pthread_join(threads[i], NULL), 0);
    /* every thread got the paper result of its scheme */
    static const char *const roc[] = {"ethorin", "amberine", "cytrane", "borolide", "dovamine"};
    const double roc_scores[] = {0.0, 5.0 / 54, 10.0 / 54, 11.0 / 54, 1.0};
    static const char *const rs[] = {"ethorin", "amberine", "borolide", "cytrane", "dovamine"};
    const double rs_scores[] = {0.0, 1.0 / 9, 1.0 / 6, 2.0 / 9, 1.0};
    for (int i = 0; i < N; i++) {
        ck_assert_int_eq(workers[i].failures, 0);
        for (size_t e = 0; e < 5; e++) {
            ck_assert_str_eq(workers[i].ids[e], i % 2 ? roc[e] : rs[e]);
            ck_assert_double_eq_tol(workers[i].scores[e], i % 2 ? roc_scores[e] : rs_scores[e], 1e-12);
        }
    }
    fx_free(&x);
}
END_TEST

START_TEST(exclusion_ids)
{
    ck_assert_str_eq(sdm_exclusion_id(SDM_EXCLUDED_BY_REQUEST), "request");
    ck_assert_str_eq(sdm_exclusion_id(SDM_EXCLUDED_FORMULATION), "formulation");
    ck_assert_str_eq(sdm_exclusion_id(SDM_EXCLUDED_LICENCE), "licence");
    ck_assert_str_eq(sdm_exclusion_id(SDM_EXCLUDED_UNKNOWN_RATING), "unknown_rating");
    ck_assert_ptr_null(sdm_exclusion_id((sdm_exclusion)0));
    ck_assert_ptr_null(sdm_exclusion_id((sdm_exclusion)99));
}
END_TEST

static Suite *match_suite(void)
{
    Suite *s = suite_create("match");
    TCase *tc = tcase_create("scores");
    ADD(tc, exclusion_ids);
    ADD(tc, default_roc);
    ADD(tc, terms);
    ADD(tc, ratings_and_contributions);
    ADD(tc, reasons);
    ADD(tc, unknown_worst);
    ADD(tc, unknown_exclude);
    ADD(tc, unknown_exclude_helpful_only);
    ADD(tc, scheme_rank_sum);
    ADD(tc, scheme_reciprocal_tie);
    ADD(tc, scheme_equal_tie);
    ADD(tc, scheme_lexicographic);
    ADD(tc, scheme_lexicographic_convex);
    ADD(tc, scheme_lexicographic_helpful);
    ADD(tc, scheme_custom);
    ADD(tc, convex_scale);
    ADD(tc, helpful_weight_set);
    ADD(tc, helpful_only);
    ADD(tc, empty_ranking);
    ADD(tc, tie_by_name);
    ADD(tc, tie_by_strcmp);
    ADD(tc, tie_same_name_by_id);
    ADD(tc, tie_tolerance);
    suite_add_tcase(s, tc);

    tc = tcase_create("filters");
    ADD(tc, filters);
    ADD(tc, filter_licence);
    ADD(tc, filter_all_formulations_required);
    ADD(tc, filter_order_of_reasons);
    ADD(tc, filter_everything);
    ADD(tc, formulation_reason_in_words);
    ADD(tc, exclude_unknown_medicine);
    suite_add_tcase(s, tc);

    tc = tcase_create("runs");
    ADD(tc, ranking_with_gap);
    ADD(tc, catalogues);
    ADD(tc, null_arguments);
    ADD(tc, outlives_inputs);
    ADD(tc, to_json);
    ADD(tc, reasons_in_documents_default_data);
    ADD(tc, data_version_default);
    ADD(tc, quick_start);
    ADD(tc, more_ranks);
    ADD(tc, concurrent_runs);
    suite_add_tcase(s, tc);
    return s;
}

SDM_TEST_MAIN(match_suite)
