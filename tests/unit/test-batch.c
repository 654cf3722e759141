/*
 * libsdm - the batch call: equal to sdm_match_run() on a large random sample
 * (ties included), its errors, and its use from several threads.
 * SPDX-License-Identifier: MIT
 */
#include <jansson.h>
#include <pthread.h>
#include <stdint.h>

#include "common.h"

/* A small deterministic generator, so that a failure can be repeated. */
static uint64_t rng_state;
static uint32_t rng(void)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(rng_state >> 33);
}

/* n rows of k columns; each row ranks k distinct side effects (1..k with
 * vary_length 1, 0..k with vary_length 2), the rest -1. */
static int32_t *random_rows(size_t n, size_t k, size_t items, int vary_length)
{
    int32_t *rows = malloc(n * k * sizeof *rows);
    ck_assert_ptr_nonnull(rows);
    for (size_t r = 0; r < n; r++) {
        size_t len = vary_length == 2 ? rng() % (k + 1) : vary_length ? 1 + rng() % k : k;
        for (size_t c = 0; c < k; c++) {
            int32_t v = -1;
            while (c < len) {
                v = (int32_t)(rng() % items);
                size_t d = 0;
                while (d < c && rows[r * k + d] != v)
                    d++;
                if (d == c)
                    break;
            }
            rows[r * k + c] = v;
        }
    }
    return rows;
}

/* n rows of h helpful columns for the ranked rows: 0..h side effects (all
 * h with `full`, as far as the catalogue has them) that are not ranked in
 * the row, in random order, the rest -1. */
static int32_t *helpful_cells(const int32_t *rows, size_t n, size_t k, size_t h, size_t items, int full)
{
    int32_t *helpful = malloc((n * h > 0 ? n * h : 1) * sizeof *helpful);
    ck_assert_ptr_nonnull(helpful);
    for (size_t r = 0; r < n; r++) {
        size_t count = full ? h : h ? rng() % (h + 1) : 0, ranked = 0;
        while (ranked < k && rows[r * k + ranked] >= 0)
            ranked++;
        if (count > items - ranked) /* no more side effects left to tick */
            count = items - ranked;
        for (size_t c = 0; c < h; c++) {
            int32_t v = -1;
            while (c < count) {
                v = (int32_t)(rng() % items);
                int taken = 0;
                for (size_t d = 0; d < k; d++)
                    taken |= rows[r * k + d] == v;
                for (size_t d = 0; d < c; d++)
                    taken |= helpful[r * h + d] == v;
                if (!taken)
                    break;
            }
            helpful[r * h + c] = v;
        }
    }
    return helpful;
}

static int32_t *random_helpful(const int32_t *rows, size_t n, size_t k, size_t h, size_t items)
{
    return helpful_cells(rows, n, k, h, items, 0);
}

static sdm_ranking *ranking_of_row(const sdm_catalogue *cat, const int32_t *row, size_t k, const int32_t *helpful,
                                   size_t h)
{
    sdm_ranking *r;
    ck_assert_ok(sdm_ranking_new(cat, &r));
    ck_assert_ok(sdm_ranking_set_max_rank(r, (int)k));
    for (size_t c = 0; c < k && row[c] >= 0; c++)
        ck_assert_ok(sdm_ranking_avoid(r, sdm_catalogue_id(cat, (size_t)row[c]), (int)c + 1));
    for (size_t c = 0; c < h && helpful[c] >= 0; c++)
        ck_assert_ok(sdm_ranking_helpful(r, sdm_catalogue_id(cat, (size_t)helpful[c])));
    return r;
}

/* Every row's best `top` equal sdm_match_run()'s first `top`: the medicine,
 * the score to the last bit, the rank and how many share it; a row with no
 * side effect has no result; sdm_match_batch() gives the same medicines and
 * scores when there is no helpful column. */
static void check_rows(const sdm_formulary *f, const sdm_match_options *opts, const int32_t *rows, size_t n,
                       size_t k, const int32_t *helpful, size_t h, size_t top)
{
    const sdm_catalogue *cat = sdm_formulary_catalogue(f);
    int32_t *best = malloc(n * top * sizeof *best), *ranks = malloc(n * top * sizeof *ranks);
    int32_t *tied = malloc(n * top * sizeof *tied);
    double *scores = malloc(n * top * sizeof *scores);
    ck_assert_ok(sdm_match_batch_ext(f, opts, rows, n, k, h ? helpful : NULL, h, top, best, scores, ranks, tied));
    for (size_t r = 0; r < n; r++) {
        sdm_ranking *ranking = ranking_of_row(cat, &rows[r * k], k, h ? &helpful[r * h] : NULL, h);
        int empty = sdm_ranking_avoid_count(ranking) + sdm_ranking_helpful_count(ranking) == 0;
        sdm_match *m;
        ck_assert_ok(sdm_match_run(f, ranking, opts, &m));
        for (size_t j = 0; j < top; j++) {
            size_t at = r * top + j;
            int32_t b = best[at];
            if (empty || j >= sdm_match_count(m)) {
                ck_assert_msg(b == -1 && isnan(scores[at]) && ranks[at] == 0 && tied[at] == 0,
                              "row %zu place %zu: %d, not 'no result'", r, j, (int)b);
                continue;
            }
            int rank = sdm_match_rank(m, j);
            int32_t sharing = 0;
            for (size_t i = 0; i < sdm_match_count(m); i++)
                sharing += sdm_match_rank(m, i) == rank;
            ck_assert_msg(b >= 0 && sdm_formulary_profile(f, (size_t)b) == sdm_match_profile(m, j),
                          "row %zu place %zu: batch gives %d, sdm_match_run gives %s", r, j, (int)b,
                          sdm_profile_id(sdm_match_profile(m, j)));
            ck_assert_msg(scores[at] == sdm_match_score(m, j), "row %zu place %zu: score %.17g vs %.17g", r, j,
                          scores[at], sdm_match_score(m, j));
            ck_assert_msg(ranks[at] == rank && tied[at] == sharing, "row %zu place %zu: rank %d of %d, not %d of %d",
                          r, j, (int)ranks[at], (int)tied[at], rank, (int)sharing);
        }
        sdm_match_free(m);
        sdm_ranking_free(ranking);
    }
    /* without the counts of ties and ranks (the helpful rows' own kernel
     * for top 1), and without the scores: the same medicines and bits */
    {
        int32_t *best2 = malloc(n * top * sizeof *best2), *best3 = malloc(n * top * sizeof *best3);
        double *scores2 = malloc(n * top * sizeof *scores2);
        ck_assert_ok(sdm_match_batch_ext(f, opts, rows, n, k, h ? helpful : NULL, h, top, best2, scores2, NULL,
                                         NULL));
        ck_assert_int_eq(memcmp(best, best2, n * top * sizeof *best), 0);
        ck_assert_int_eq(memcmp(scores, scores2, n * top * sizeof *scores), 0);
        ck_assert_ok(sdm_match_batch_ext(f, opts, rows, n, k, h ? helpful : NULL, h, top, best3, NULL, NULL, NULL));
        ck_assert_int_eq(memcmp(best, best3, n * top * sizeof *best), 0);
        free(best2);
        free(best3);
        free(scores2);
    }
    if (h == 0) {
        int32_t *best2 = malloc(n * top * sizeof *best2);
        double *scores2 = malloc(n * top * sizeof *scores2);
        ck_assert_ok(sdm_match_batch(f, opts, rows, n, k, top, best2, scores2));
        ck_assert_int_eq(memcmp(best, best2, n * top * sizeof *best), 0);
        ck_assert_int_eq(memcmp(scores, scores2, n * top * sizeof *scores), 0);
        free(best2);
        free(scores2);
    }
    free(best);
    free(ranks);
    free(tied);
    free(scores);
}

/* Random rows (with `h` helpful columns, lengths varying when asked) checked by check_rows(). */
static void check_against_match_run_helpful(const sdm_formulary *f, const sdm_match_options *opts, size_t n,
                                            size_t k, size_t h, size_t top, int vary_length)
{
    size_t items = sdm_catalogue_count(sdm_formulary_catalogue(f));
    int32_t *rows = random_rows(n, k, items, vary_length);
    int32_t *helpful = random_helpful(rows, n, k, h, items);
    check_rows(f, opts, rows, n, k, helpful, h, top);
    free(rows);
    free(helpful);
}

static void check_against_match_run(const sdm_formulary *f, const sdm_match_options *opts, size_t n, size_t k,
                                    size_t top, int vary_length)
{
    check_against_match_run_helpful(f, opts, n, k, 0, top, vary_length);
}

static sdm_catalogue *cat;
static sdm_formulary *formulary;

static void setup(void)
{
    rng_state = 20261122;
    cat = test_default_catalogue();
    formulary = test_default_formulary(cat);
}

static void teardown(void)
{
    sdm_formulary_free(formulary);
    sdm_catalogue_free(cat);
}

START_TEST(equal_to_match_run_default_options)
{
    check_against_match_run(formulary, NULL, 20000, 5, 1, 0);
    check_against_match_run(formulary, NULL, 5000, 5, 3, 1);
}
END_TEST

START_TEST(equal_to_match_run_every_scheme)
{
    sdm_match_options *o;
    ck_assert_ok(sdm_match_options_new(&o));
    for (int s = SDM_WEIGHTS_ROC; s <= SDM_WEIGHTS_LEXICOGRAPHIC; s++) {
        ck_assert_ok(sdm_match_options_set_scheme(o, (sdm_weight_scheme)s));
        check_against_match_run(formulary, o, 4000, 5, 1, 1);
        check_against_match_run(formulary, o, 1000, 5, 19, 0);
    }
    /* Equal weights on the card's coarse scale tie often: the ties must be listed alike. */
    double w[] = {1, 1, 1, 1, 1, 1};
    ck_assert_ok(sdm_match_options_set_custom_weights(o, w, 6));
    check_against_match_run(formulary, o, 4000, 6, 2, 1);
    sdm_match_options_free(o);
}
END_TEST

START_TEST(equal_to_match_run_unknown_policies_and_filters)
{
    sdm_match_options *o;
    ck_assert_ok(sdm_match_options_new(&o));
    ck_assert_ok(sdm_match_options_set_unknown_policy(o, SDM_UNKNOWN_WORST));
    check_against_match_run(formulary, o, 4000, 5, 1, 1);
    ck_assert_ok(sdm_match_options_set_unknown_policy(o, SDM_UNKNOWN_EXCLUDE));
    check_against_match_run(formulary, o, 4000, 5, 1, 1);
    check_against_match_run(formulary, o, 2000, 5, 4, 1);
    ck_assert_ok(sdm_match_options_set_unknown_policy(o, SDM_UNKNOWN_MIDDLE));
    double convex[] = {0, 1, 3, 9};
    ck_assert_ok(sdm_match_options_set_severity_scale(o, convex));
    ck_assert_ok(sdm_match_options_exclude(o, "clozapine", "needs blood monitoring"));
    ck_assert_ok(sdm_match_options_require_licence(o, "UK"));
    check_against_match_run(formulary, o, 4000, 5, 1, 1);
    check_against_match_run(formulary, o, 2000, 5, 3, 1);
    ck_assert_ok(sdm_match_options_require_formulation(o, "long_acting_injection"));
    check_against_match_run(formulary, o, 2000, 5, 8, 1);
    /* the same with two and three places (the screen's pairs of places compared two at a time) */
    check_against_match_run(formulary, o, 2000, 5, 2, 1);
    check_against_match_run(formulary, o, 2000, 5, 3, 1);
    sdm_match_options_free(o);
}
END_TEST

/* Weights a hair apart make near ties that are not exact: two medicines
 * whose severities of two side effects are swapped differ by 1e-7 (inside the
 * single-precision screen, so both are candidates and scored exactly), by
 * 3e-10 (apart: the tie tolerance, 5 S 2^-50 with S about 5 here, is
 * 2.2e-14; the old fixed 1e-9 made it a tie) or by 7e-16 (a tie within the
 * tolerance between different severities, so the first by name must win
 * though its score is not the lowest). */
START_TEST(near_ties_equal_to_match_run)
{
    sdm_match_options *o;
    ck_assert_ok(sdm_match_options_new(&o));
    double apart[] = {1.0, 1.0 + 3e-7, 1.0 + 6e-7, 1.0 + 9e-7, 1.0 + 1.2e-6};
    ck_assert_ok(sdm_match_options_set_custom_weights(o, apart, 5));
    check_against_match_run(formulary, o, 20000, 5, 1, 0);
    double near[] = {1.0, 1.0 + 9e-10, 1.0 + 1.8e-9, 1.0 + 2.7e-9, 1.0 + 3.6e-9};
    ck_assert_ok(sdm_match_options_set_custom_weights(o, near, 5));
    check_against_match_run(formulary, o, 20000, 5, 1, 0);
    double within[] = {1.0, 1.0 + 2e-15, 1.0 + 4e-15, 1.0 + 6e-15, 1.0 + 8e-15};
    ck_assert_ok(sdm_match_options_set_custom_weights(o, within, 5));
    check_against_match_run(formulary, o, 20000, 5, 1, 0);
    check_against_match_run(formulary, o, 2000, 5, 4, 0);
    /* weights too large for single precision: the double kernels alone */
    double huge[] = {1e200, 1e199, 1e198, 1e197, 1e196};
    ck_assert_ok(sdm_match_options_set_custom_weights(o, huge, 5));
    check_against_match_run(formulary, o, 5000, 5, 1, 0);
    /* weights too small for it: all flushed to zero in single precision */
    double tiny[] = {1e-200, 3e-201, 2e-201, 1e-201, 5e-202};
    ck_assert_ok(sdm_match_options_set_custom_weights(o, tiny, 5));
    check_against_match_run(formulary, o, 5000, 5, 1, 0);
    sdm_match_options_free(o);
}
END_TEST

/* Several places from the screen: its sets of lanes with equal
 * single-precision scores are the groups only when they are further apart
 * than its margin and their severities agree. Weights a hair apart (as in
 * near_ties_equal_to_match_run) make sets that are not apart (1e-7, 3e-10)
 * and ties within the tolerance between different severities (7e-16), for
 * top 2 to 8, rows of every length, unknown ratings that exclude. Under
 * exclusion, a weight of 0 would read 0 x inf in the screen: such calls go
 * to the general path, with the same results. */
START_TEST(several_places_near_ties_equal_to_match_run)
{
    sdm_match_options *o;
    ck_assert_ok(sdm_match_options_new(&o));
    double apart[] = {1.0, 1.0 + 3e-7, 1.0 + 6e-7, 1.0 + 9e-7, 1.0 + 1.2e-6};
    double near[] = {1.0, 1.0 + 9e-10, 1.0 + 1.8e-9, 1.0 + 2.7e-9, 1.0 + 3.6e-9};
    double within[] = {1.0, 1.0 + 2e-15, 1.0 + 4e-15, 1.0 + 6e-15, 1.0 + 8e-15};
    const double *sets[] = {apart, near, within};
    static const size_t tops[] = {2, 3, 5, 8};
    for (size_t s = 0; s < 3; s++) {
        ck_assert_ok(sdm_match_options_set_custom_weights(o, sets[s], 5));
        for (size_t t = 0; t < 4; t++)
            check_against_match_run(formulary, o, 1500, 5, tops[t], 1);
    }
    ck_assert_ok(sdm_match_options_set_unknown_policy(o, SDM_UNKNOWN_EXCLUDE));
    for (size_t t = 0; t < 4; t++)
        check_against_match_run(formulary, o, 1500, 5, tops[t], 1);
    ck_assert_ok(sdm_match_options_set_scheme(o, SDM_WEIGHTS_ROC));
    for (size_t t = 0; t < 4; t++)
        check_against_match_run(formulary, o, 3000, 5, tops[t], 1);
    double zero[] = {1.0, 0.5, 0.0, 0.25, 0.125};
    ck_assert_ok(sdm_match_options_set_custom_weights(o, zero, 5));
    check_against_match_run(formulary, o, 3000, 5, 1, 1);
    check_against_match_run(formulary, o, 2000, 5, 3, 1);
    sdm_match_options_free(o);
}
END_TEST

/* Two medicines identical but for their names tie on every ranking; the
 * batch lists the first by name, as sdm_match_run() does. */
START_TEST(ties_go_to_the_first_name)
{
    sdm_catalogue *c6 = test6_catalogue();
    sdm_formulary *f = test_formulary(c6,
        "{'format': 'sdm-formulary', 'format_version': 1, 'version': 't', "
        "'sources': [{'key': 's', 'citation': 'hand-made'}], 'medications': ["
        "{'id': 'zed', 'name': 'Zed', 'ratings': {" R("weight_gain", 1) ", " R("dry_mouth", 2) "}}, "
        "{'id': 'alpha', 'name': 'Alpha', 'ratings': {" R("weight_gain", 1) ", " R("dry_mouth", 2) "}}, "
        "{'id': 'mid', 'name': 'Mid', 'ratings': {" R("weight_gain", 3) ", " R("dry_mouth", 0) "}}]}");
    int32_t rows[] = {T6_WEIGHT, T6_DRY, T6_DRY, T6_WEIGHT};
    int32_t best[4];
    double scores[4];
    ck_assert_ok(sdm_match_batch(f, NULL, rows, 2, 2, 2, best, scores));
    /* Row 1: weight .75, dry .25: Zed/Alpha .75/3 + .25*2/3 = 5/12; Mid .75. */
    ck_assert_int_eq(best[0], 1);
    ck_assert_int_eq(best[1], 0);
    ck_assert_near(scores[0], 5.0 / 12);
    ck_assert_near(scores[1], 5.0 / 12);
    /* Row 2: dry .75, weight .25: Alpha/Zed .75*2/3 + .25/3 = 7/12; Mid .25. */
    ck_assert_int_eq(best[2], 2);
    ck_assert_int_eq(best[3], 1);
    ck_assert_near(scores[2], 0.25);
    ck_assert_near(scores[3], 7.0 / 12);
    /* With top 1, the fast path must pick Alpha over Zed too. */
    ck_assert_ok(sdm_match_batch(f, NULL, rows, 1, 2, 1, best, scores));
    ck_assert_int_eq(best[0], 1);
    sdm_formulary_free(f);
    sdm_catalogue_free(c6);
}
END_TEST

START_TEST(fewer_medicines_than_asked_give_minus_one)
{
    sdm_match_options *o;
    ck_assert_ok(sdm_match_options_new(&o));
    ck_assert_ok(sdm_match_options_require_formulation(o, "orodispersible"));
    int32_t row[] = {(int32_t)test_index(cat, "weight_gain")};
    int32_t best[5];
    double scores[5];
    ck_assert_ok(sdm_match_batch(formulary, o, row, 1, 1, 5, best, scores));
    /* aripiprazole, olanzapine, risperidone are orodispersible: + , +++, ++ on weight gain */
    ck_assert_int_eq(best[0], 1);
    ck_assert_str_eq(sdm_profile_id(sdm_formulary_profile(formulary, (size_t)best[1])), "risperidone");
    ck_assert_str_eq(sdm_profile_id(sdm_formulary_profile(formulary, (size_t)best[2])), "olanzapine");
    ck_assert_int_eq(best[3], -1);
    ck_assert_int_eq(best[4], -1);
    ck_assert(isnan(scores[3]) && isnan(scores[4]));
    /* No medicine left at all: every place is -1, with the fast path too (no
     * medicine has a licence recorded for Japan; FR would keep aripiprazole,
     * whose EU licence covers France). */
    ck_assert_ok(sdm_match_options_require_licence(o, "JP"));
    ck_assert_ok(sdm_match_batch(formulary, o, row, 1, 1, 1, best, scores));
    ck_assert_int_eq(best[0], -1);
    ck_assert(isnan(scores[0]));
    sdm_match_options_free(o);
}
END_TEST

START_TEST(errors_name_the_row_and_column)
{
    int32_t rows[] = {0, 1, 2, 3, 36, 5};
    int32_t best[2];
    ck_assert_status(sdm_match_batch(formulary, NULL, rows, 2, 3, 1, best, NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("row 1, column 1");
    ck_assert_error_has("36");
    int32_t dup[] = {4, 7, 4};
    ck_assert_status(sdm_match_batch(formulary, NULL, dup, 1, 3, 1, best, NULL), SDM_ERR_DUPLICATE);
    ck_assert_error_has("row 0");
    ck_assert_status(sdm_match_batch(NULL, NULL, rows, 1, 3, 1, best, NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_match_batch(formulary, NULL, NULL, 1, 3, 1, best, NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_match_batch(formulary, NULL, rows, 1, 3, 1, NULL, NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_match_batch(formulary, NULL, rows, 1, 0, 1, best, NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_match_batch(formulary, NULL, rows, 1, SDM_MAX_RANK + 1, 1, best, NULL),
                     SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_match_batch(formulary, NULL, rows, 1, 3, 0, best, NULL), SDM_ERR_INVALID_ARGUMENT);
    sdm_match_options *o;
    ck_assert_ok(sdm_match_options_new(&o));
    ck_assert_ok(sdm_match_options_exclude(o, "olanzapin", NULL));
    ck_assert_status(sdm_match_batch(formulary, o, rows, 1, 3, 1, best, NULL), SDM_ERR_NOT_FOUND);
    ck_assert_error_has("olanzapine");
    sdm_match_options_free(o);
    /* No rows is no work. */
    ck_assert_ok(sdm_match_batch(formulary, NULL, NULL, 0, 3, 1, NULL, NULL));
}
END_TEST

/* Rows split between threads give what one call gives. */
struct slice {
    const int32_t *rows;
    size_t n;
    int32_t *best;
    double *scores;
    sdm_status status;
};

static void *run_slice(void *arg)
{
    struct slice *s = arg;
    s->status = sdm_match_batch(formulary, NULL, s->rows, s->n, 5, 2, s->best, s->scores);
    return NULL;
}

START_TEST(threads_share_one_formulary)
{
    enum { N = 40000, THREADS = 4 };
    int32_t *rows = random_rows(N, 5, 36, 1);
    int32_t *one = malloc(N * 2 * sizeof *one), *many = malloc(N * 2 * sizeof *many);
    double *one_s = malloc(N * 2 * sizeof *one_s), *many_s = malloc(N * 2 * sizeof *many_s);
    ck_assert_ok(sdm_match_batch(formulary, NULL, rows, N, 5, 2, one, one_s));
    pthread_t tid[THREADS];
    struct slice s[THREADS];
    for (int t = 0; t < THREADS; t++) {
        size_t first = (size_t)t * N / THREADS, last = (size_t)(t + 1) * N / THREADS;
        s[t] = (struct slice){&rows[first * 5], last - first, &many[first * 2], &many_s[first * 2], SDM_OK};
        ck_assert_int_eq(pthread_create(&tid[t], NULL, run_slice, &s[t]), 0);
    }
    for (int t = 0; t < THREADS; t++) {
        pthread_join(tid[t], NULL);
        ck_assert_ok(s[t].status);
    }
    ck_assert_int_eq(memcmp(one, many, N * 2 * sizeof *one), 0);
    ck_assert_int_eq(memcmp(one_s, many_s, N * 2 * sizeof *one_s), 0);
    free(rows);
    free(one);
    free(many);
    free(one_s);
    free(many_s);
}
END_TEST


/* Every scheme, unknown policy and synthesis rule, k = 1..8, 12 and 36
 * columns, with 0, 2 or 5 helpful columns, top 1 and 3, rows of every length
 * (empty ones too): every result field equals sdm_match_run()'s. The
 * lexicographic scheme is taken only as far as double precision can keep
 * its ranks apart (test-ties.c: 12 ranks, fewer with helpful ones). */
START_TEST(equal_to_match_run_every_option)
{
    static const size_t ks[] = {1, 2, 3, 4, 5, 6, 7, 8, 12, 36};
    static const size_t hs[] = {0, 2, 5};
    double halving[SDM_MAX_RANK];
    for (size_t i = 0; i < SDM_MAX_RANK; i++)
        halving[i] = ldexp(1.0, -(int)i);
    sdm_match_options *o;
    ck_assert_ok(sdm_match_options_new(&o));
    ck_assert_ok(sdm_match_options_require_licence(o, "UK"));
    for (int scheme = SDM_WEIGHTS_ROC; scheme <= SDM_WEIGHTS_CUSTOM; scheme++) {
        if (scheme == SDM_WEIGHTS_CUSTOM)
            ck_assert_ok(sdm_match_options_set_custom_weights(o, halving, SDM_MAX_RANK));
        else
            ck_assert_ok(sdm_match_options_set_scheme(o, (sdm_weight_scheme)scheme));
        for (int policy = SDM_UNKNOWN_MIDDLE; policy <= SDM_UNKNOWN_EXCLUDE; policy++) {
            ck_assert_ok(sdm_match_options_set_unknown_policy(o, (sdm_unknown_policy)policy));
            for (int rule = SDM_SYNTHESIS_CONSENSUS; rule <= SDM_SYNTHESIS_PRECEDENCE; rule++) {
                ck_assert_ok(sdm_match_options_set_synthesis(o, (sdm_synthesis)rule));
                for (size_t a = 0; a < sizeof ks / sizeof ks[0]; a++)
                    for (size_t b = 0; b < sizeof hs / sizeof hs[0]; b++) {
                        size_t k = ks[a], h = hs[b];
                        if (scheme == SDM_WEIGHTS_LEXICOGRAPHIC && (k > 12 || (h > 0 && k > 6)))
                            continue;
                        check_against_match_run_helpful(formulary, o, 12, k, h, 1, 2);
                        check_against_match_run_helpful(formulary, o, 8, k, h, 3, 2);
                    }
            }
        }
    }
    sdm_match_options_free(o);
}
END_TEST

/* The helpful side effects in a large batch, under the default options and
 * with a helpful weight of its own. */
START_TEST(equal_to_match_run_helpful)
{
    check_against_match_run_helpful(formulary, NULL, 4000, 5, 3, 1, 1);
    check_against_match_run_helpful(formulary, NULL, 1000, 5, 36, 19, 2);
    sdm_match_options *o;
    ck_assert_ok(sdm_match_options_new(&o));
    ck_assert_ok(sdm_match_options_set_helpful_weight(o, 0.3));
    check_against_match_run_helpful(formulary, o, 2000, 5, 2, 2, 1);
    ck_assert_ok(sdm_match_options_set_helpful_weight(o, 0.0));
    check_against_match_run_helpful(formulary, o, 500, 5, 2, 2, 1);
    sdm_match_options_free(o);
}
END_TEST

/* Numeric evidence, the mean unknown policy and the trade-off weight
 * (numeric.h, efficacy.h) on the plan's cells: the fast path reads their
 * values, the general path takes the trade-off; both as sdm_match_run(). */
START_TEST(equal_to_match_run_numeric_mean_tradeoff)
{
    static const size_t ks[] = {1, 2, 3, 5, 8, 36};
    static const double tradeoffs[] = {0.0, 0.4};
    sdm_match_options *o;
    ck_assert_ok(sdm_match_options_new(&o));
    for (int evidence = SDM_EVIDENCE_ORDINAL; evidence <= SDM_EVIDENCE_NUMERIC; evidence++)
        for (int policy = SDM_UNKNOWN_MIDDLE; policy <= SDM_UNKNOWN_MEAN; policy++)
            for (size_t l = 0; l < 2; l++) {
                if (evidence == SDM_EVIDENCE_ORDINAL && policy != SDM_UNKNOWN_MEAN && tradeoffs[l] == 0.0)
                    continue; /* equal_to_match_run_every_option */
                ck_assert_ok(sdm_match_options_set_evidence(o, (sdm_evidence_mode)evidence));
                ck_assert_ok(sdm_match_options_set_unknown_policy(o, (sdm_unknown_policy)policy));
                ck_assert_ok(sdm_match_options_set_tradeoff(o, tradeoffs[l]));
                for (size_t a = 0; a < sizeof ks / sizeof ks[0]; a++) {
                    check_against_match_run_helpful(formulary, o, 40, ks[a], 0, 1, 2);
                    check_against_match_run_helpful(formulary, o, 12, ks[a], 2, 3, 2);
                }
            }
    sdm_match_options_free(o);
}
END_TEST

/* Zed, Alpha and Beta identical, Mid not: the formulary of the tie counts by hand. */
static sdm_formulary *three_alike_formulary(const sdm_catalogue *c6)
{
    return test_formulary(c6,
        "{'format': 'sdm-formulary', 'format_version': 1, 'version': 't', "
        "'sources': [{'key': 's', 'citation': 'hand-made'}], 'medications': ["
        "{'id': 'zed', 'name': 'Zed', 'ratings': {" R("weight_gain", 1) ", " R("dry_mouth", 2) "}}, "
        "{'id': 'alpha', 'name': 'Alpha', 'ratings': {" R("weight_gain", 1) ", " R("dry_mouth", 2) "}}, "
        "{'id': 'mid', 'name': 'Mid', 'ratings': {" R("weight_gain", 3) ", " R("dry_mouth", 0) "}}, "
        "{'id': 'beta', 'name': 'Beta', 'ratings': {" R("weight_gain", 1) ", " R("dry_mouth", 2) "}}]}");
}

/* Ties counted by hand. Zed and Alpha are identical, Mid differs (see
 * ties_go_to_the_first_name); a fourth, Beta, is Zed again. Row 1 ranks
 * weight gain then dry mouth: Alpha, Beta, Zed share rank 1 (5/12), Mid is
 * 4th (3/4). Row 2, dry mouth then weight gain: Mid 1st (1/4), the three
 * share rank 2 (7/12). */
START_TEST(tie_counts_by_hand)
{
    sdm_catalogue *c6 = test6_catalogue();
    sdm_formulary *f = three_alike_formulary(c6);
    int32_t rows[] = {T6_WEIGHT, T6_DRY, T6_DRY, T6_WEIGHT};
    int32_t best[8], ranks[8], tied[8];
    double scores[8];
    ck_assert_ok(sdm_match_batch_ext(f, NULL, rows, 2, 2, NULL, 0, 4, best, scores, ranks, tied));
    const int32_t want_best[8] = {1, 3, 0, 2, 2, 1, 3, 0};
    const int32_t want_ranks[8] = {1, 1, 1, 4, 1, 2, 2, 2};
    const int32_t want_tied[8] = {3, 3, 3, 1, 1, 3, 3, 3};
    const double want_scores[8] = {5.0 / 12, 5.0 / 12, 5.0 / 12, 0.75, 0.25, 7.0 / 12, 7.0 / 12, 7.0 / 12};
    for (int i = 0; i < 8; i++) {
        ck_assert_int_eq(best[i], want_best[i]);
        ck_assert_int_eq(ranks[i], want_ranks[i]);
        ck_assert_int_eq(tied[i], want_tied[i]);
        ck_assert_near(scores[i], want_scores[i]);
    }
    /* top 1: the count covers those beyond it, and the fast path says the same */
    ck_assert_ok(sdm_match_batch_ext(f, NULL, rows, 2, 2, NULL, 0, 1, best, scores, ranks, tied));
    ck_assert_int_eq(best[0], 1);
    ck_assert_int_eq(ranks[0], 1);
    ck_assert_int_eq(tied[0], 3);
    ck_assert_int_eq(best[1], 2);
    ck_assert_int_eq(ranks[1], 1);
    ck_assert_int_eq(tied[1], 1);
    /* top 2 on row 2: Mid 1st, then the first of the three sharing 2nd */
    ck_assert_ok(sdm_match_batch_ext(f, NULL, rows + 2, 1, 2, NULL, 0, 2, best, scores, ranks, tied));
    ck_assert_int_eq(best[1], 1);
    ck_assert_int_eq(ranks[1], 2);
    ck_assert_int_eq(tied[1], 3);
    /* ranks and tied are optional, each on its own */
    ck_assert_ok(sdm_match_batch_ext(f, NULL, rows, 2, 2, NULL, 0, 1, best, NULL, NULL, tied));
    ck_assert_int_eq(tied[0], 3);
    ck_assert_ok(sdm_match_batch_ext(f, NULL, rows, 2, 2, NULL, 0, 2, best, NULL, ranks, NULL));
    ck_assert_int_eq(ranks[1], 1);
    sdm_formulary_free(f);
    sdm_catalogue_free(c6);
}
END_TEST

/* A row with nothing ranked is a missing answer: no result, whatever the
 * path (the fast one for top 1, the general one otherwise, and with helpful
 * columns all -1 too); a row with only helpful side effects is a ranking
 * (sdm_match_run() scores it, the helpful weight being 1). */
START_TEST(empty_rows_have_no_result)
{
    int32_t rows[] = {-1, -1, -1, 6, 0, -1, -1, -1, -1};
    for (size_t top = 1; top <= 3; top += 2) {
        int32_t best[9], ranks[9], tied[9];
        double scores[9];
        ck_assert_ok(sdm_match_batch_ext(formulary, NULL, rows, 3, 3, NULL, 0, top, best, scores, ranks, tied));
        for (size_t j = 0; j < top; j++) {
            ck_assert_int_eq(best[j], -1);
            ck_assert(isnan(scores[j]));
            ck_assert_int_eq(ranks[j], 0);
            ck_assert_int_eq(tied[j], 0);
            ck_assert_int_eq(best[2 * top + j], -1);
            ck_assert(isnan(scores[2 * top + j]));
        }
        ck_assert_int_ge(best[top], 0); /* the middle row ranks two side effects */
        ck_assert_ok(sdm_match_batch(formulary, NULL, rows, 3, 3, top, best, scores));
        ck_assert_int_eq(best[0], -1);
        ck_assert(isnan(scores[0]));
        ck_assert_int_eq(best[2 * top], -1);
    }
    /* helpful columns all -1: still empty; one helpful side effect: a result */
    int32_t helpful[] = {-1, -1, -1, -1, (int32_t)test_index(cat, "night_sleepiness"), -1};
    int32_t best[3], ranks[3], tied[3];
    double scores[3];
    ck_assert_ok(sdm_match_batch_ext(formulary, NULL, rows, 3, 3, helpful, 2, 1, best, scores, ranks, tied));
    ck_assert_int_eq(best[0], -1);
    ck_assert_int_ge(best[1], 0);
    ck_assert_int_ge(best[2], 0);
    ck_assert_int_eq(ranks[2], 1);
    int32_t only_helpful[] = {-1, -1, -1};
    check_rows(formulary, NULL, only_helpful, 1, 3, helpful + 4, 2, 3);
    sdm_match_options *o;
    ck_assert_ok(sdm_match_options_new(&o));
    ck_assert_ok(sdm_match_options_set_unknown_policy(o, SDM_UNKNOWN_EXCLUDE));
    check_rows(formulary, o, rows, 3, 3, NULL, 0, 2);
    sdm_match_options_free(o);
}
END_TEST

START_TEST(row_errors_name_the_row_and_column)
{
    int32_t best[4];
    /* a value after -1 */
    int32_t after[] = {0, 1, 2, 3, -1, 5};
    ck_assert_status(sdm_match_batch(formulary, NULL, after, 2, 3, 1, best, NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("row 1, column 2: side effect index 5 follows -1 (column 1)");
    ck_assert_status(sdm_match_batch(formulary, NULL, after, 2, 3, 2, best, NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("row 1, column 2: side effect index 5 follows -1 (column 1)");
    /* a negative index other than -1 */
    int32_t negative[] = {4, -3};
    ck_assert_status(sdm_match_batch(formulary, NULL, negative, 1, 2, 1, best, NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("row 0, column 1: side effect index -3 is out of range (0..35)");
    /* helpful columns: out of range, after -1, twice, both ranked and helpful */
    int32_t ranked[] = {0, 1, 2, 3};
    int32_t out[] = {5, 6, 7, 36};
    ck_assert_status(sdm_match_batch_ext(formulary, NULL, ranked, 2, 2, out, 2, 1, best, NULL, NULL, NULL),
                     SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("row 1, helpful column 1: side effect index 36 is out of range (0..35)");
    int32_t gap[] = {-1, 6, 7, 8};
    ck_assert_status(sdm_match_batch_ext(formulary, NULL, ranked, 2, 2, gap, 2, 1, best, NULL, NULL, NULL),
                     SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("row 0, helpful column 1: side effect index 6 follows -1 (helpful column 0)");
    int32_t twice[] = {5, 6, 9, 9};
    ck_assert_status(sdm_match_batch_ext(formulary, NULL, ranked, 2, 2, twice, 2, 3, best, NULL, NULL, NULL),
                     SDM_ERR_DUPLICATE);
    ck_assert_error_has("row 1: side effect index 9 is given twice (helpful columns 0 and 1)");
    int32_t both[] = {5, 6, 7, 3};
    ck_assert_status(sdm_match_batch_ext(formulary, NULL, ranked, 2, 2, both, 2, 1, best, NULL, NULL, NULL),
                     SDM_ERR_CONFLICT);
    ck_assert_error_has("row 1: side effect index 3 is both ranked (column 1) and helpful (helpful column 1)");
    /* the arguments of the new call */
    ck_assert_status(sdm_match_batch_ext(formulary, NULL, ranked, 2, 2, NULL, 2, 1, best, NULL, NULL, NULL),
                     SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("sdm_match_batch_ext: the helpful array is NULL");
    ck_assert_status(sdm_match_batch_ext(formulary, NULL, ranked, 2, 2, out, SDM_MAX_ITEMS + 1, 1, best, NULL, NULL,
                                         NULL),
                     SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("h = 1025; it must be 0 to 1024");
    ck_assert_status(sdm_match_batch_ext(formulary, NULL, ranked, SIZE_MAX / 2, 2, NULL, 0, 1, best, NULL, NULL,
                                         NULL),
                     SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("rows are more than the arrays can hold");
    /* custom weights for fewer ranks than a row has: that row fails, shorter ones do not */
    sdm_match_options *o;
    ck_assert_ok(sdm_match_options_new(&o));
    const double w[] = {2, 1};
    ck_assert_ok(sdm_match_options_set_custom_weights(o, w, 2));
    int32_t lengths[] = {0, 1, -1, 4, -1, -1, 6, 7, 8};
    ck_assert_status(sdm_match_batch(formulary, o, lengths, 3, 3, 1, best, NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("row 2: the custom weights cover 2 ranks, but the ranking has 3");
    ck_assert_ok(sdm_match_batch(formulary, o, lengths, 2, 3, 1, best, NULL));
    sdm_match_options_free(o);
}
END_TEST

/*
 * A format-2 formulary over test-6 where the three synthesis rules give
 * three different orders. Sources s1, s2, s3 in this order; readings in
 * source order. (tremor, weight, dry; night) under consensus / highest /
 * precedence (the median, the higher middle of an even number; the highest;
 * the first source's):
 *   Alpha tremor [0 2 3] 2/3/0, weight [1] 1, dry [1 3] 3/3/1, night [3] 3
 *   Beta  tremor [1] 1, weight [2 0 1] 1/2/2, dry [1] 1, night [0 2] 2/2/0
 *   Gamma tremor [2 1] 2/2/2, weight unknown, dry [0] 0, night [1 1 3] 1/3/1
 * Ranking: tremor 1, weight 2, dry 3, helpful night. ROC k = 3:
 * w = 11/18, 5/18, 2/18; helpful 2/18; s(r) = r/3, unknown 1/2.
 *   consensus:  Alpha 22/54 + 5/54 + 6/54 - 6/54 = 27/54; Beta 11/54 + 5/54 +
 *               2/54 - 4/54 = 14/54; Gamma 22/54 + 7.5/54 + 0 - 2/54 = 27.5/54:
 *               Beta, Alpha, Gamma
 *   highest:    Alpha 33/54 + 5/54 + 6/54 - 6/54 = 38/54; Beta 11/54 + 10/54 +
 *               2/54 - 4/54 = 19/54; Gamma 22/54 + 7.5/54 - 6/54 = 23.5/54:
 *               Beta, Gamma, Alpha
 *   precedence: Alpha 0 + 5/54 + 2/54 - 6/54 = 1/54; Beta 11/54 + 10/54 +
 *               2/54 - 0 = 23/54; Gamma 27.5/54: Alpha, Beta, Gamma
 */
#define RD(src, v) "{'source': '" src "', 'printed': '" #v "', 'value': " #v "}"
static const char FORMAT_2_RULES_DIFFER[] =
    "{'format': 'sdm-formulary', 'format_version': 2, 'version': 'v2', 'catalogue': 'test-6',"
    " 'sources': [{'key': 's1', 'citation': 'S1', 'reliability': 'regulatory'},"
    "             {'key': 's2', 'citation': 'S2', 'reliability': 'peer_reviewed'},"
    "             {'key': 's3', 'citation': 'S3', 'reliability': 'secondary'}],"
    " 'medications': ["
    "  {'id': 'alpha', 'name': 'Alpha', 'ratings': {"
    "    'tremor': {'readings': [" RD("s1", 0) ", " RD("s2", 2) ", " RD("s3", 3) "]},"
    "    'weight_gain': {'readings': [" RD("s1", 1) "]},"
    "    'dry_mouth': {'readings': [" RD("s1", 1) ", " RD("s2", 3) "]},"
    "    'night_sleepiness': {'readings': [" RD("s1", 3) "]}}},"
    "  {'id': 'beta', 'name': 'Beta', 'ratings': {"
    "    'tremor': {'readings': [" RD("s1", 1) "]},"
    "    'weight_gain': {'readings': [" RD("s1", 2) ", " RD("s2", 0) ", " RD("s3", 1) "]},"
    "    'dry_mouth': {'readings': [" RD("s2", 1) "]},"
    "    'night_sleepiness': {'readings': [" RD("s1", 0) ", " RD("s3", 2) "]}}},"
    "  {'id': 'gamma', 'name': 'Gamma', 'ratings': {"
    "    'tremor': {'readings': [" RD("s1", 2) ", " RD("s3", 1) "]},"
    "    'weight_gain': {'readings': []},"
    "    'dry_mouth': {'readings': [" RD("s1", 0) "]},"
    "    'night_sleepiness': {'readings': [" RD("s1", 1) ", " RD("s2", 1) ", " RD("s3", 3) "]}}}]}";

START_TEST(synthesis_rules_differ_format_2)
{
    sdm_catalogue *c6 = test6_catalogue();
    sdm_formulary *f = test_formulary(c6, FORMAT_2_RULES_DIFFER);
    static const int32_t order[3][3] = {{1, 0, 2}, {1, 2, 0}, {0, 1, 2}};
    static const double score[3][3] = {{14.0 / 54, 27.0 / 54, 27.5 / 54},
                                       {19.0 / 54, 23.5 / 54, 38.0 / 54},
                                       {1.0 / 54, 23.0 / 54, 27.5 / 54}};
    int32_t row[] = {T6_TREMOR, T6_WEIGHT, T6_DRY}, helpful[] = {T6_NIGHT};
    sdm_match_options *o;
    ck_assert_ok(sdm_match_options_new(&o));
    for (int rule = SDM_SYNTHESIS_CONSENSUS; rule <= SDM_SYNTHESIS_PRECEDENCE; rule++) {
        ck_assert_ok(sdm_match_options_set_synthesis(o, (sdm_synthesis)rule));
        int32_t best[3], ranks[3], tied[3];
        double scores[3];
        ck_assert_ok(sdm_match_batch_ext(f, o, row, 1, 3, helpful, 1, 3, best, scores, ranks, tied));
        for (int j = 0; j < 3; j++) {
            ck_assert_msg(best[j] == order[rule][j], "rule %d place %d: %d, not %d", rule, j, (int)best[j],
                          (int)order[rule][j]);
            ck_assert_near(scores[j], score[rule][j]);
            ck_assert_int_eq(ranks[j], j + 1);
            ck_assert_int_eq(tied[j], 1);
        }
        /* and sdm_match_run() agrees to the last bit (check_rows), with the
         * fast path and with random rows under every scheme and policy */
        check_rows(f, o, row, 1, 3, helpful, 1, 3);
        check_rows(f, o, row, 1, 3, NULL, 0, 1);
        for (int scheme = SDM_WEIGHTS_ROC; scheme <= SDM_WEIGHTS_LEXICOGRAPHIC; scheme++)
            for (int policy = SDM_UNKNOWN_MIDDLE; policy <= SDM_UNKNOWN_EXCLUDE; policy++) {
                ck_assert_ok(sdm_match_options_set_scheme(o, (sdm_weight_scheme)scheme));
                ck_assert_ok(sdm_match_options_set_unknown_policy(o, (sdm_unknown_policy)policy));
                check_against_match_run_helpful(f, o, 200, 4, 2, 3, 2);
                check_against_match_run_helpful(f, o, 200, 5, 0, 1, 1);
            }
        ck_assert_ok(sdm_match_options_set_scheme(o, SDM_WEIGHTS_ROC));
        ck_assert_ok(sdm_match_options_set_unknown_policy(o, SDM_UNKNOWN_MIDDLE));
    }
    sdm_match_options_free(o);
    sdm_formulary_free(f);
    sdm_catalogue_free(c6);
}
END_TEST

/* A formulary of 32 medicines: the default 19 and 13 of them again under
 * other ids and names, so that every layout of 1 to 8 vectors of four can be
 * made by excluding some. */
static sdm_formulary *formulary_of_32(void)
{
    char *text;
    ck_assert_ok(sdm_formulary_to_json(formulary, &text));
    json_t *root = json_loads(text, 0, NULL);
    sdm_free(text);
    ck_assert_ptr_nonnull(root);
    json_t *meds = json_object_get(root, "medications");
    for (size_t i = 0; i < 13; i++) {
        json_t *copy = json_deep_copy(json_array_get(meds, i));
        char id[80], name[80];
        snprintf(id, sizeof id, "%s_copy", json_string_value(json_object_get(copy, "id")));
        snprintf(name, sizeof name, "%s copy", json_string_value(json_object_get(copy, "name")));
        json_object_set_new(copy, "id", json_string(id));
        json_object_set_new(copy, "name", json_string(name));
        json_array_append_new(meds, copy);
    }
    char *doubled = json_dumps(root, 0);
    json_decref(root);
    sdm_formulary *f;
    ck_assert_ok(sdm_formulary_load_json(cat, doubled, strlen(doubled), &f));
    free(doubled);
    ck_assert_uint_eq(sdm_formulary_count(f), 32);
    return f;
}

/* Every number of vectors (1 to 8 of four medicines, 1 to 4 of eight in the
 * screen), top 1, 2, 3 and 8, with unknown ratings that exclude, equals
 * sdm_match_run(). Top 2 and 3 on 301, 302 and 303 full rows (chunks of 64
 * and one of 45, 46 or 47): the first pass takes them four at a time, then
 * two, then the last alone. */
START_TEST(every_layout_equal_to_match_run)
{
    sdm_formulary *f32 = formulary_of_32();
    for (size_t keep = 1; keep <= 32; keep += 3) {
        sdm_match_options *o;
        ck_assert_ok(sdm_match_options_new(&o));
        for (size_t i = keep; i < 32; i++)
            ck_assert_ok(sdm_match_options_exclude(o, sdm_profile_id(sdm_formulary_profile(f32, i)), NULL));
        check_against_match_run(f32, o, 300, 5, 1, 0);
        check_against_match_run(f32, o, 5000, 5, 1, 0);
        /* several places, rows of every length, unknown ratings that exclude */
        check_against_match_run(f32, o, 300, 5, 3, 2);
        check_against_match_run(f32, o, 301, 5, 2, 0);
        check_against_match_run(f32, o, 301, 5, 3, 0);
        check_against_match_run(f32, o, 302, 5, 3, 0);
        check_against_match_run(f32, o, 303, 5, 2, 0);
        check_against_match_run(f32, o, 200, 4, 8, 1);
        ck_assert_ok(sdm_match_options_set_unknown_policy(o, SDM_UNKNOWN_EXCLUDE));
        check_against_match_run(f32, o, 300, 5, 1, 2);
        check_against_match_run(f32, o, 300, 3, 3, 1);
        sdm_match_options_free(o);
    }
    sdm_formulary_free(f32);
}
END_TEST

/* Rows of 1 to 5 columns, of every length (empty ones too), top 1: the
 * screen's rows, those it takes (a short row read with zero weights after
 * its end) and those it hands back, equal sdm_match_run(). */
START_TEST(short_rows_and_fewer_columns_equal_to_match_run)
{
    sdm_match_options *o;
    ck_assert_ok(sdm_match_options_new(&o));
    for (int scheme = SDM_WEIGHTS_ROC; scheme <= SDM_WEIGHTS_LEXICOGRAPHIC; scheme++) {
        ck_assert_ok(sdm_match_options_set_scheme(o, (sdm_weight_scheme)scheme));
        for (size_t k = 1; k <= 5; k++) {
            check_against_match_run(formulary, o, 3000, k, 1, 2);
            check_against_match_run(formulary, o, 3000, k, 1, 1);
        }
    }
    sdm_match_options_free(o);
}
END_TEST

/* The default formulary's medicines copied under other ids and names up to
 * `count` (copies tie with their original: ties of ten and more). */
static sdm_formulary *formulary_of_many(size_t count)
{
    char *text;
    ck_assert_ok(sdm_formulary_to_json(formulary, &text));
    json_t *root = json_loads(text, 0, NULL);
    sdm_free(text);
    ck_assert_ptr_nonnull(root);
    json_t *meds = json_object_get(root, "medications");
    size_t base = json_array_size(meds);
    for (size_t i = base; i < count; i++) {
        json_t *copy = json_deep_copy(json_array_get(meds, i % base));
        char id[80], name[80];
        snprintf(id, sizeof id, "%s_%zu", json_string_value(json_object_get(copy, "id")), i / base);
        snprintf(name, sizeof name, "%s %zu", json_string_value(json_object_get(copy, "name")), i / base);
        json_object_set_new(copy, "id", json_string(id));
        json_object_set_new(copy, "name", json_string(name));
        json_array_append_new(meds, copy);
    }
    char *many = json_dumps(root, 0);
    json_decref(root);
    sdm_formulary *f;
    ck_assert_ok(sdm_formulary_load_json(cat, many, strlen(many), &f));
    free(many);
    ck_assert_uint_eq(sdm_formulary_count(f), count);
    return f;
}

/* 33 and 200 medicines (more than the screen's 32): top 1 and 3, helpful
 * side effects, unknown ratings that exclude, equal sdm_match_run(). */
START_TEST(many_medicines_equal_to_match_run)
{
    static const size_t counts[] = {33, 200};
    for (size_t i = 0; i < 2; i++) {
        sdm_formulary *f = formulary_of_many(counts[i]);
        sdm_match_options *o;
        ck_assert_ok(sdm_match_options_new(&o));
        check_against_match_run(f, NULL, 400, 5, 1, 2);
        check_against_match_run(f, NULL, 200, 5, 3, 0);
        check_against_match_run_helpful(f, NULL, 200, 5, 2, 2, 1);
        ck_assert_ok(sdm_match_options_set_unknown_policy(o, SDM_UNKNOWN_EXCLUDE));
        check_against_match_run(f, o, 200, 5, 3, 1);
        sdm_match_options_free(o);
        sdm_formulary_free(f);
    }
}
END_TEST

/* sdm_match_batch_threads() with 0 (every core), 1, 2, 3 and 7 threads gives
 * what one call of sdm_match_batch_ext() gives, bit for bit, on the screen's
 * rows and on the general path; an error in a later slice is the same error
 * with the same message. */
START_TEST(threads_equal_to_one_thread)
{
    enum { N = 50000, K = 5, H = 2, TOP = 3 };
    int32_t *rows = random_rows(N, K, 36, 1);
    int32_t *helpful = random_helpful(rows, N, K, H, 36);
    static const size_t threads[] = {0, 1, 2, 3, 7};
    static const size_t tops[] = {1, TOP};
    int32_t *best[2], *ranks[2], *tied[2];
    double *scores[2];
    for (int i = 0; i < 2; i++) {
        best[i] = malloc(N * TOP * sizeof *best[i]);
        ranks[i] = malloc(N * TOP * sizeof *ranks[i]);
        tied[i] = malloc(N * TOP * sizeof *tied[i]);
        scores[i] = malloc(N * TOP * sizeof *scores[i]);
    }
    for (size_t shape = 0; shape < 3; shape++) {
        size_t top = tops[shape % 2], h = shape == 2 ? H : 0;
        const int32_t *help = h ? helpful : NULL;
        ck_assert_ok(sdm_match_batch_ext(formulary, NULL, rows, N, K, help, h, top, best[0], scores[0], ranks[0],
                                         tied[0]));
        for (size_t t = 0; t < sizeof threads / sizeof threads[0]; t++) {
            ck_assert_ok(sdm_match_batch_threads(formulary, NULL, rows, N, K, help, h, top, best[1], scores[1],
                                                 ranks[1], tied[1], threads[t]));
            ck_assert_int_eq(memcmp(best[0], best[1], N * top * sizeof *best[0]), 0);
            ck_assert_int_eq(memcmp(scores[0], scores[1], N * top * sizeof *scores[0]), 0);
            ck_assert_int_eq(memcmp(ranks[0], ranks[1], N * top * sizeof *ranks[0]), 0);
            ck_assert_int_eq(memcmp(tied[0], tied[1], N * top * sizeof *tied[0]), 0);
        }
    }
    /* A side effect twice in row 41,000 (the last slice of two and more). */
    static const int32_t twice[K] = {1, 2, 3, 2, 5};
    memcpy(&rows[41000 * K], twice, sizeof twice);
    sdm_status one = sdm_match_batch_ext(formulary, NULL, rows, N, K, NULL, 0, 1, best[0], NULL, NULL, NULL);
    char message[512];
    snprintf(message, sizeof message, "%s", sdm_last_error());
    ck_assert_int_eq(one, SDM_ERR_DUPLICATE);
    ck_assert_ptr_nonnull(strstr(message, "row 41000"));
    for (size_t t = 0; t < sizeof threads / sizeof threads[0]; t++) {
        sdm_status many = sdm_match_batch_threads(formulary, NULL, rows, N, K, NULL, 0, 1, best[1], NULL, NULL, NULL,
                                                  threads[t]);
        ck_assert_int_eq(many, one);
        ck_assert_str_eq(sdm_last_error(), message);
    }
    for (int i = 0; i < 2; i++) {
        free(best[i]);
        free(ranks[i]);
        free(tied[i]);
        free(scores[i]);
    }
    free(rows);
    free(helpful);
}
END_TEST

/* ---- every kernel of the screen ------------------------------------------
 *
 * The screen has a kernel for each number of columns (1 to 5), of vectors of
 * eight medicines (1 to 4: 5, 13, 21 and 29 medicines) and for "plain" rows
 * (top 1, no unknown rating that excludes) or not; each reads a row the
 * screen cannot take (a short one, an index out of range, one twice, a value
 * after -1, a length the weights do not cover) in its own copy of the code.
 * Each kernel must equal sdm_match_run() on valid rows and hand every bad row
 * back to be named exactly. */

/* The same batch with the optional outputs left out one by one gives the
 * same medicines, scores, ranks and ties as with all of them. */
static void check_optional_outputs(const sdm_formulary *f, const sdm_match_options *opts, const int32_t *rows,
                                   size_t n, size_t k, size_t top)
{
    size_t cells = n * top;
    int32_t *best = malloc(cells * sizeof *best), *ranks = malloc(cells * sizeof *ranks);
    int32_t *tied = malloc(cells * sizeof *tied), *best2 = malloc(cells * sizeof *best2);
    int32_t *ranks2 = malloc(cells * sizeof *ranks2), *tied2 = malloc(cells * sizeof *tied2);
    double *scores = malloc(cells * sizeof *scores);
    ck_assert_ok(sdm_match_batch_ext(f, opts, rows, n, k, NULL, 0, top, best, scores, ranks, tied));
    ck_assert_ok(sdm_match_batch_ext(f, opts, rows, n, k, NULL, 0, top, best2, NULL, ranks2, NULL));
    ck_assert_int_eq(memcmp(best, best2, cells * sizeof *best), 0);
    ck_assert_int_eq(memcmp(ranks, ranks2, cells * sizeof *ranks), 0);
    ck_assert_ok(sdm_match_batch_ext(f, opts, rows, n, k, NULL, 0, top, best2, NULL, NULL, tied2));
    ck_assert_int_eq(memcmp(best, best2, cells * sizeof *best), 0);
    ck_assert_int_eq(memcmp(tied, tied2, cells * sizeof *tied), 0);
    ck_assert_ok(sdm_match_batch_ext(f, opts, rows, n, k, NULL, 0, top, best2, NULL, NULL, NULL));
    ck_assert_int_eq(memcmp(best, best2, cells * sizeof *best), 0);
    free(best);
    free(ranks);
    free(tied);
    free(best2);
    free(ranks2);
    free(tied2);
    free(scores);
}

/* `n` valid rows of `k` columns (row r ranks side effect r mod 36 alone)
 * with `bad` (k cells) put in row `at`: the batch fails with `status` and a
 * message containing `message`. */
static void check_bad_row(const sdm_formulary *f, const sdm_match_options *opts, size_t n, size_t k, size_t top,
                          const int32_t *bad, size_t at, sdm_status status, const char *message)
{
    int32_t *rows = malloc(n * k * sizeof *rows);
    for (size_t r = 0; r < n; r++)
        for (size_t c = 0; c < k; c++)
            rows[r * k + c] = c ? -1 : (int32_t)(r % 36);
    memcpy(&rows[at * k], bad, k * sizeof *bad);
    int32_t *best = malloc(n * top * sizeof *best);
    ck_assert_status(sdm_match_batch(f, opts, rows, n, k, top, best, NULL), status);
    ck_assert_error_has(message);
    free(best);
    free(rows);
}

/* Every bad row a kernel of k columns can meet, in row 70 of 80 (the second
 * chunk of 64 rows, so the row's number counts the first chunk). */
static void check_bad_rows(const sdm_formulary *f, const sdm_match_options *opts, size_t k, size_t top)
{
    int32_t bad[5];
    char message[200];
    /* indices out of the catalogue of 36: below 64 (a bit the screen masks
     * out), 64 and more (past its bit set), negative */
    static const int32_t outside[] = {40, 100, -3};
    for (size_t i = 0; i < 3; i++) {
        for (size_t c = 0; c < k; c++)
            bad[c] = (int32_t)c;
        bad[k - 1] = outside[i];
        snprintf(message, sizeof message, "row 70, column %zu: side effect index %d is out of range (0..35)", k - 1,
                 (int)outside[i]);
        check_bad_row(f, opts, 80, k, top, bad, 70, SDM_ERR_INVALID_ARGUMENT, message);
    }
    if (k < 2)
        return;
    /* a side effect twice: columns 0 and k - 1 */
    for (size_t c = 0; c < k; c++)
        bad[c] = (int32_t)(c + 3);
    bad[k - 1] = 3;
    snprintf(message, sizeof message, "row 70: side effect index 3 is given twice (columns 0 and %zu)", k - 1);
    check_bad_row(f, opts, 80, k, top, bad, 70, SDM_ERR_DUPLICATE, message);
    /* a value after -1: column 1 after column 0 */
    for (size_t c = 0; c < k; c++)
        bad[c] = -1;
    bad[1] = 7;
    check_bad_row(f, opts, 80, k, top, bad, 70, SDM_ERR_INVALID_ARGUMENT,
                  "row 70, column 1: side effect index 7 follows -1 (column 0)");
}

/* The options of one kernel: the medicines after the first `keep` of the 32
 * excluded, the unknown policy, and custom weights when given. */
static sdm_match_options *kernel_options(const sdm_formulary *f32, size_t keep, sdm_unknown_policy unknown,
                                         const double *weights, size_t count)
{
    sdm_match_options *o;
    ck_assert_ok(sdm_match_options_new(&o));
    for (size_t i = keep; i < 32; i++)
        ck_assert_ok(sdm_match_options_exclude(o, sdm_profile_id(sdm_formulary_profile(f32, i)), NULL));
    ck_assert_ok(sdm_match_options_set_unknown_policy(o, unknown));
    if (weights)
        ck_assert_ok(sdm_match_options_set_custom_weights(o, weights, count));
    return o;
}

START_TEST(every_screen_kernel_equal_to_match_run)
{
    sdm_formulary *f32 = formulary_of_32();
    static const size_t keeps[] = {5, 13, 21, 29};
    static const sdm_unknown_policy policies[] = {SDM_UNKNOWN_MIDDLE, SDM_UNKNOWN_EXCLUDE};
    for (size_t k = 1; k <= 5; k++)
        for (size_t i = 0; i < 4; i++)
            for (size_t u = 0; u < 2; u++) {
                sdm_match_options *o = kernel_options(f32, keeps[i], policies[u], NULL, 0);
                /* top 1 (the plain kernel when nothing excludes), 2 and 3
                 * (the lanes picked in the first pass) and 8 (more places
                 * than five medicines fill) */
                for (size_t top = 1; top <= 8; top = top < 3 ? top + 1 : top + 5) {
                    int32_t *rows = random_rows(150, k, 36, 2);
                    check_rows(f32, o, rows, 150, k, NULL, 0, top);
                    check_optional_outputs(f32, o, rows, 150, k, top);
                    free(rows);
                    check_bad_rows(f32, o, k, top);
                }
                sdm_match_options_free(o);
            }
    /* A severity scale below zero (none -1, + -1/2, ++ 1/2, +++ 1: allowed,
     * it need only increase): the lanes picked in the first pass need scores
     * that cannot be negative, so several places then go to the general
     * path (batch-general.c), and top 1 stays on the screen. */
    static const double below_zero[4] = {-1.0, -0.5, 0.5, 1.0};
    for (size_t k = 1; k <= 5; k++)
        for (size_t i = 0; i < 4; i++) {
            sdm_match_options *o = kernel_options(f32, keeps[i], SDM_UNKNOWN_MIDDLE, NULL, 0);
            ck_assert_ok(sdm_match_options_set_severity_scale(o, below_zero));
            for (size_t top = 1; top <= 8; top = top < 3 ? top + 1 : top + 5) {
                int32_t *rows = random_rows(150, k, 36, 2);
                check_rows(f32, o, rows, 150, k, NULL, 0, top);
                check_optional_outputs(f32, o, rows, 150, k, top);
                free(rows);
            }
            sdm_match_options_free(o);
        }
    /* No score below zero, but a -0: "none" at -0 on the scale, or a weight
     * of -0 (first: its product is -0 whatever the severity). The lanes
     * picked in the first pass leave out the 0 + before the first product,
     * which only a -0 changes (0 + -0 is +0, the score sdm_match_run()
     * returns; a row of one side effect rated "none" would score -0 without
     * it, and it is the lowest score, always picked): such calls go to the
     * general path too, with the same bits. */
    static const double minus_zero_scale[4] = {-0.0, 0.5, 1.0, 2.0};
    static const double minus_zero_weights[5] = {-0.0, 1.0, 0.5, 0.25, 0.125};
    for (size_t i = 0; i < 4; i++)
        for (size_t which = 0; which < 2; which++) {
            sdm_match_options *o = kernel_options(f32, keeps[i], SDM_UNKNOWN_MIDDLE, which ? minus_zero_weights : NULL,
                                                  which ? 5 : 0);
            if (!which)
                ck_assert_ok(sdm_match_options_set_severity_scale(o, minus_zero_scale));
            for (size_t k = 1; k <= 5; k++)
                for (size_t top = 1; top <= 3; top++) {
                    int32_t *rows = random_rows(150, k, 36, 2);
                    check_rows(f32, o, rows, 150, k, NULL, 0, top);
                    check_optional_outputs(f32, o, rows, 150, k, top);
                    /* check_rows() compares scores with ==, which takes -0 for +0 */
                    int32_t best[150 * 3];
                    double scores[150 * 3];
                    ck_assert_ok(sdm_match_batch(f32, o, rows, 150, k, top, best, scores));
                    for (size_t at = 0; at < 150 * top; at++)
                        ck_assert_msg(!signbit(scores[at]), "k %zu top %zu, result %zu: score -0", k, top, at);
                    free(rows);
                }
            sdm_match_options_free(o);
        }
    sdm_formulary_free(f32);
}
END_TEST

/* Weights 2e-15 apart: medicines with the same severities in another order
 * tie within the tolerance, so each kernel scores its candidates exactly and
 * lists the first by name (the tolerance, not equal bits, decides). */
START_TEST(every_screen_kernel_near_ties)
{
    sdm_formulary *f32 = formulary_of_32();
    static const size_t keeps[] = {5, 13, 21, 29};
    static const double within[] = {1.0, 1.0 + 2e-15, 1.0 + 4e-15, 1.0 + 6e-15, 1.0 + 8e-15};
    for (size_t k = 1; k <= 5; k++)
        for (size_t i = 0; i < 4; i++) {
            sdm_match_options *o = kernel_options(f32, keeps[i], SDM_UNKNOWN_MIDDLE, within, k);
            for (size_t top = 1; top <= 3; top += 2) {
                int32_t *rows = random_rows(300, k, 36, 0);
                check_rows(f32, o, rows, 300, k, NULL, 0, top);
                free(rows);
            }
            sdm_match_options_free(o);
        }
    sdm_formulary_free(f32);
}
END_TEST

/* Custom weights for k - 1 ranks: each kernel of k columns takes the rows of
 * fewer than k side effects as sdm_match_run() does, and names a full row. */
START_TEST(every_screen_kernel_weights_shorter_than_rows)
{
    sdm_formulary *f32 = formulary_of_32();
    static const size_t keeps[] = {5, 13, 21, 29};
    static const double weights[] = {5, 4, 3, 2};
    for (size_t k = 2; k <= 5; k++)
        for (size_t i = 0; i < 4; i++)
            for (size_t top = 1; top <= 3; top += 2) {
                sdm_match_options *o = kernel_options(f32, keeps[i], SDM_UNKNOWN_MIDDLE, weights, k - 1);
                /* rows of k - 1 columns (of every length), widened with -1 */
                int32_t *narrow = random_rows(100, k - 1, 36, 2);
                int32_t *rows = malloc(100 * k * sizeof *rows);
                for (size_t r = 0; r < 100; r++) {
                    memcpy(&rows[r * k], &narrow[r * (k - 1)], (k - 1) * sizeof *rows);
                    rows[r * k + k - 1] = -1;
                }
                check_rows(f32, o, rows, 100, k, NULL, 0, top);
                int32_t full[5] = {0, 1, 2, 3, 4};
                char message[120];
                snprintf(message, sizeof message, "row 70: the custom weights cover %zu ranks, but the ranking has %zu",
                         k - 1, k);
                check_bad_row(f32, o, 80, k, top, full, 70, SDM_ERR_INVALID_ARGUMENT, message);
                free(narrow);
                free(rows);
                sdm_match_options_free(o);
            }
    sdm_formulary_free(f32);
}
END_TEST

/* Several places with a tie across the last place, in rows of both lengths
 * mixed (the kernels of each length, and the lanes picked in the first
 * pass), by hand. The formulary of tie_counts_by_hand: Zed (0), Alpha (1)
 * and Beta (3) identical, Mid (2) not; name order Alpha, Beta, Mid, Zed.
 * Ratings 0..3 are severities 0, 1/3, 2/3, 1; one side effect weighs 1, two
 * 3/4 and 1/4. Row 0 (weight gain, dry mouth): the three 3/4 x 1/3 + 1/4 x
 * 2/3 = 5/12, Mid 3/4 x 1 = 3/4. Row 1 (dry mouth, weight gain): Mid 1/4,
 * the three 3/4 x 2/3 + 1/4 x 1/3 = 7/12. Row 2 (weight gain alone): the
 * three 1/3, Mid 1. Row 3 (dry mouth alone): Mid 0, the three 2/3. With top
 * 3, rows 1 and 3 list Mid, then Alpha and Beta sharing 2nd with Zed, who
 * is past the last place but counted (3). */
START_TEST(several_places_tie_across_the_last_place_by_hand)
{
    sdm_catalogue *c6 = test6_catalogue();
    sdm_formulary *f = three_alike_formulary(c6);
    int32_t rows[] = {T6_WEIGHT, T6_DRY, T6_DRY, T6_WEIGHT, T6_WEIGHT, -1, T6_DRY, -1};
    int32_t best[12], ranks[12], tied[12];
    double scores[12];
    ck_assert_ok(sdm_match_batch_ext(f, NULL, rows, 4, 2, NULL, 0, 3, best, scores, ranks, tied));
    const int32_t want_best[12] = {1, 3, 0, 2, 1, 3, 1, 3, 0, 2, 1, 3};
    const int32_t want_ranks[12] = {1, 1, 1, 1, 2, 2, 1, 1, 1, 1, 2, 2};
    const int32_t want_tied[12] = {3, 3, 3, 1, 3, 3, 3, 3, 3, 1, 3, 3};
    const double want_scores[12] = {5.0 / 12, 5.0 / 12, 5.0 / 12, 0.25,    7.0 / 12, 7.0 / 12,
                                    1.0 / 3,  1.0 / 3,  1.0 / 3,  0.0,     2.0 / 3,  2.0 / 3};
    for (int i = 0; i < 12; i++) {
        ck_assert_int_eq(best[i], want_best[i]);
        ck_assert_int_eq(ranks[i], want_ranks[i]);
        ck_assert_int_eq(tied[i], want_tied[i]);
        ck_assert_near(scores[i], want_scores[i]);
    }
    /* top 2: the tie of three across the last place in rows 0 and 2 too */
    ck_assert_ok(sdm_match_batch_ext(f, NULL, rows, 4, 2, NULL, 0, 2, best, scores, ranks, tied));
    const int32_t want2_best[8] = {1, 3, 2, 1, 1, 3, 2, 1};
    const int32_t want2_ranks[8] = {1, 1, 1, 2, 1, 1, 1, 2};
    const int32_t want2_tied[8] = {3, 3, 1, 3, 3, 3, 1, 3};
    for (int i = 0; i < 8; i++) {
        ck_assert_int_eq(best[i], want2_best[i]);
        ck_assert_int_eq(ranks[i], want2_ranks[i]);
        ck_assert_int_eq(tied[i], want2_tied[i]);
    }
    /* and to the last bit as sdm_match_run(), every top, without the counts too */
    for (size_t top = 1; top <= 5; top++) {
        check_rows(f, NULL, rows, 4, 2, NULL, 0, top);
        check_optional_outputs(f, NULL, rows, 4, 2, top);
    }
    sdm_formulary_free(f);
    sdm_catalogue_free(c6);
}
END_TEST

/* An exact tie that single precision orders the other way: the lanes picked
 * in the screen's first pass come out of name order, and the batch must
 * still list the tie by name (the check of the order of the places picked).
 * Severity scale (0, 1, 5, 6): ratings 0..3 are 0, 1/6, 5/6, 1; weights 1,
 * 1, 1; the row ranks weight gain, dry mouth, tremor. Beta (+++, ++, +): in
 * double, 1 + 5/6 rounds up to 1.8333333333333335 and adding 1/6
 * (0.16666666666666666) gives 2 exactly; in single precision, 1 + 5/6
 * rounds down to 1.83333325 and adding 1/6 gives 2 - 2^-23, below Alpha
 * (+++, +++, none: 1 + 1 + 0 = 2 in both). Mid (+++, +++, +++) is 3. So
 * Alpha and Beta tie for 1st at exactly 2, listed by name (Alpha, then
 * Beta), and Mid is 3rd: with two places and with three. */
START_TEST(several_places_exact_tie_out_of_order_in_single_precision)
{
    sdm_catalogue *c6 = test6_catalogue();
    sdm_formulary *f = test_formulary(c6,
        "{'format': 'sdm-formulary', 'format_version': 1, 'version': 't', "
        "'sources': [{'key': 's', 'citation': 'hand-made'}], 'medications': ["
        "{'id': 'beta', 'name': 'Beta', 'ratings': {" R("weight_gain", 3) ", " R("dry_mouth", 2) ", " R("tremor", 1) "}}, "
        "{'id': 'alpha', 'name': 'Alpha', 'ratings': {" R("weight_gain", 3) ", " R("dry_mouth", 3) ", " R("tremor", 0) "}}, "
        "{'id': 'mid', 'name': 'Mid', 'ratings': {" R("weight_gain", 3) ", " R("dry_mouth", 3) ", " R("tremor", 3) "}}]}");
    sdm_match_options *o;
    ck_assert_ok(sdm_match_options_new(&o));
    static const double scale[4] = {0, 1, 5, 6}, ones[3] = {1, 1, 1};
    ck_assert_ok(sdm_match_options_set_severity_scale(o, scale));
    ck_assert_ok(sdm_match_options_set_custom_weights(o, ones, 3));
    int32_t rows[] = {T6_WEIGHT, T6_DRY, T6_TREMOR};
    const int32_t want_best[3] = {1, 0, 2}, want_ranks[3] = {1, 1, 3}, want_tied[3] = {2, 2, 1};
    const double want_scores[3] = {2.0, 2.0, 3.0};
    for (size_t top = 2; top <= 3; top++) {
        int32_t best[3], ranks[3], tied[3];
        double scores[3];
        ck_assert_ok(sdm_match_batch_ext(f, o, rows, 1, 3, NULL, 0, top, best, scores, ranks, tied));
        for (size_t i = 0; i < top; i++) {
            ck_assert_int_eq(best[i], want_best[i]);
            ck_assert_int_eq(ranks[i], want_ranks[i]);
            ck_assert_int_eq(tied[i], want_tied[i]);
            ck_assert(scores[i] == want_scores[i]);
        }
        /* without the counts (another kernel), and to the last bit as sdm_match_run() */
        ck_assert_ok(sdm_match_batch(f, o, rows, 1, 3, top, best, scores));
        for (size_t i = 0; i < top; i++)
            ck_assert_int_eq(best[i], want_best[i]);
        check_rows(f, o, rows, 1, 3, NULL, 0, top);
    }
    sdm_match_options_free(o);
    sdm_formulary_free(f);
    sdm_catalogue_free(c6);
}
END_TEST

/* Rows of every length mixed in one chunk, two of them bad: the batch names
 * the first bad row in row order, whichever length the other has (the rows
 * of a chunk are done one length at a time). Row r of the good ones ranks
 * 1 + r mod 3 side effects, r, r + 1, r + 2 (mod 36). */
START_TEST(mixed_lengths_name_the_first_bad_row)
{
    static const int32_t twice[3] = {5, 5, -1}, after[3] = {-1, 4, -1};
    for (size_t top = 1; top <= 3; top += 2)
        for (int swap = 0; swap < 2; swap++) {
            int32_t rows[80 * 3];
            for (size_t r = 0; r < 80; r++)
                for (size_t c = 0; c < 3; c++)
                    rows[r * 3 + c] = c <= r % 3 ? (int32_t)((r + c) % 36) : -1;
            check_rows(formulary, NULL, rows, 80, 3, NULL, 0, top);
            memcpy(&rows[10 * 3], swap ? after : twice, sizeof twice);
            memcpy(&rows[20 * 3], swap ? twice : after, sizeof twice);
            int32_t best[80 * 3];
            ck_assert_status(sdm_match_batch(formulary, NULL, rows, 80, 3, top, best, NULL),
                             swap ? SDM_ERR_INVALID_ARGUMENT : SDM_ERR_DUPLICATE);
            ck_assert_error_has(swap ? "row 10, column 1: side effect index 4 follows -1 (column 0)"
                                     : "row 10: side effect index 5 is given twice (columns 0 and 1)");
        }
}
END_TEST

/* 40 medicines on the six-item catalogue, more than the 32 of the narrow
 * screen: M00 to M39 (ids m00..m39, so name order is formulary order; lanes
 * 32 to 39 are the last vector of eight). Every one rates weight gain, dry
 * mouth, tremor, restlessness and constipation 3 (value 1) and leaves night
 * sweats unrated (unknown), except: M05 weight 1, dry 0, tremor unknown; M37
 * weight 1, dry 0; M39 weight 0, dry 1. */
static sdm_formulary *formulary_of_40(const sdm_catalogue *c6)
{
    char text[16384];
    size_t at = (size_t)snprintf(text, sizeof text,
                                 "{'format': 'sdm-formulary', 'format_version': 1, 'version': 't', "
                                 "'sources': [{'key': 's', 'citation': 'hand-made'}], 'medications': [");
    for (int m = 0; m < 40; m++) {
        int weight = m == 5 || m == 37 ? 1 : m == 39 ? 0 : 3, dry = m == 5 || m == 37 ? 0 : m == 39 ? 1 : 3;
        at += (size_t)snprintf(text + at, sizeof text - at,
                               "%s{'id': 'm%02d', 'name': 'M%02d', 'ratings': {'weight_gain': {'rating': %d, "
                               "'source': 's'}, 'dry_mouth': {'rating': %d, 'source': 's'}, %s"
                               R("restlessness", 3) ", " R("constipation", 3) "}}",
                               m ? ", " : "", m, m, weight, dry, m == 5 ? "" : R("tremor", 3) ", ");
        ck_assert_uint_lt(at, sizeof text);
    }
    snprintf(text + at, sizeof text - at, "]}");
    sdm_formulary *f = test_formulary(c6, text);
    ck_assert_uint_eq(sdm_formulary_count(f), 40);
    return f;
}

/* The wide screen (more than 32 medicines) by hand: rows of k = 2 with the
 * weights of ROC, 3/4 and 1/4 (a row of one: 1); a rating r is worth r/3.
 *   row 0 {weight, dry}: M39 0 + 1/4 * 1/3 = 1/12, alone (the last vector);
 *     every other 1 (M05, M37: 3/4 * 1/3 = 1/4).
 *   row 1 {dry, weight}: M05 and M37 0 + 1/4 * 1/3 = 1/12, tied across the
 *     first and last vectors: M05 first, 2 sharing; M39 3/4 * 1/3 = 1/4.
 *   row 2 {dry, tremor}: M37 0 + 1/4 = 1/4; M05's unknown tremor is scored
 *     by the unknown policy, and under exclude leaves it out: M37 first.
 *   row 3 {restless, constipation}: all 40 score 3/4 + 1/4 = 1: M00 first,
 *     40 sharing (more candidates than a vector group holds).
 *   row 4 {weight, -1}: a row of one, weight 1: M39 0.
 *   row 5 {night, -1}: under exclude no medicine is left (-1, no score);
 *     otherwise all 40 share the unknown policy's value.
 *   row 6 {tremor, dry}: under exclude M05 is out, M37 3/4 * 1 + 0 = 3/4,
 *     M39 3/4 + 1/4 * 1/3 = 5/6: M37 first, alone. */
START_TEST(wide_screen_by_hand)
{
    sdm_catalogue *c6 = test6_catalogue();
    sdm_formulary *f = formulary_of_40(c6);
    int32_t rows[] = {T6_WEIGHT, T6_DRY,   T6_DRY,   T6_WEIGHT, T6_DRY,    T6_TREMOR, T6_RESTLESS, T6_CONSTIPATION,
                      T6_WEIGHT, -1,       T6_NIGHT, -1,        T6_TREMOR, T6_DRY};
    enum { N = 7 };
    int32_t best[N], ranks[N], tied[N];
    double scores[N];
    sdm_match_options *exclude;
    ck_assert_ok(sdm_match_options_new(&exclude));
    ck_assert_ok(sdm_match_options_set_unknown_policy(exclude, SDM_UNKNOWN_EXCLUDE));
    for (int with_exclude = 0; with_exclude <= 1; with_exclude++) {
        const sdm_match_options *o = with_exclude ? exclude : NULL;
        ck_assert_ok(sdm_match_batch_ext(f, o, rows, N, 2, NULL, 0, 1, best, scores, ranks, tied));
        ck_assert_int_eq(best[0], 39);
        ck_assert_near(scores[0], 1.0 / 12);
        ck_assert_int_eq(tied[0], 1);
        ck_assert_int_eq(best[1], 5);
        ck_assert_near(scores[1], 1.0 / 12);
        ck_assert_int_eq(ranks[1], 1);
        ck_assert_int_eq(tied[1], 2);
        ck_assert_int_eq(best[3], 0);
        ck_assert(scores[3] == 1.0);
        ck_assert_int_eq(tied[3], 40);
        ck_assert_int_eq(best[4], 39);
        ck_assert(scores[4] == 0.0);
        ck_assert_int_eq(tied[4], 1);
        if (with_exclude) {
            ck_assert_int_eq(best[2], 37);
            ck_assert_near(scores[2], 0.25);
            ck_assert_int_eq(tied[2], 1);
            ck_assert_int_eq(best[5], -1);
            ck_assert(isnan(scores[5]));
            ck_assert_int_eq(ranks[5], 0);
            ck_assert_int_eq(tied[5], 0);
            ck_assert_int_eq(best[6], 37);
            ck_assert_near(scores[6], 0.75);
            ck_assert_int_eq(tied[6], 1);
        } else {
            ck_assert_int_eq(best[5], 0);
            ck_assert_int_eq(tied[5], 40);
        }
        /* and every place of every row, to the last bit, as sdm_match_run() */
        check_rows(f, o, rows, N, 2, NULL, 0, 1);
        check_rows(f, o, rows, N, 2, NULL, 0, 3);
    }
    sdm_match_options_free(exclude);
    sdm_formulary_free(f);
    sdm_catalogue_free(c6);
}
END_TEST

/* The wide screen over formularies of 33 to 300 medicines (one vector of
 * eight to many, with copies that tie with their originals): rows of 1 to 5
 * columns of every length, unknown ratings that exclude, weights 2e-15
 * apart (near ties scored exactly), and bad rows named, as sdm_match_run()
 * and the narrow screen do. */
START_TEST(wide_screen_equal_to_match_run)
{
    static const size_t counts[] = {33, 40, 64, 65, 97, 300};
    static const double within[] = {1.0, 1.0 + 2e-15, 1.0 + 4e-15, 1.0 + 6e-15, 1.0 + 8e-15};
    for (size_t i = 0; i < sizeof counts / sizeof *counts; i++) {
        sdm_formulary *f = formulary_of_many(counts[i]);
        for (size_t k = 1; k <= 5; k++) {
            sdm_match_options *o;
            ck_assert_ok(sdm_match_options_new(&o));
            int32_t *rows = random_rows(150, k, 36, 2);
            check_rows(f, o, rows, 150, k, NULL, 0, 1);
            ck_assert_ok(sdm_match_options_set_unknown_policy(o, SDM_UNKNOWN_EXCLUDE));
            check_rows(f, o, rows, 150, k, NULL, 0, 1);
            check_bad_rows(f, o, k, 1);
            ck_assert_ok(sdm_match_options_set_unknown_policy(o, SDM_UNKNOWN_MIDDLE));
            ck_assert_ok(sdm_match_options_set_custom_weights(o, within, k));
            free(rows);
            rows = random_rows(150, k, 36, 0);
            check_rows(f, o, rows, 150, k, NULL, 0, 1);
            free(rows);
            sdm_match_options_free(o);
        }
        sdm_formulary_free(f);
    }
}
END_TEST

/* Rows whose k ranked and h helpful cells are all given (batch-general.c's
 * kernels of those rows, with the shapes it unrolls, k = 5 and h = 1..3, and
 * others): under the default options, unknown = exclude, a trade-off (the
 * lack of efficacy added after the terms), a helpful weight of its own and
 * a filter, top 1 and 3, every place equal to sdm_match_run()'s; with and
 * without the counts (check_rows()). */
START_TEST(full_helpful_rows_equal_to_match_run)
{
    static const size_t ks[] = {1, 2, 3, 5, 8};
    static const size_t hs[] = {1, 2, 3, 4, 8, 9};
    sdm_match_options *o[5];
    for (size_t i = 0; i < 5; i++)
        ck_assert_ok(sdm_match_options_new(&o[i]));
    ck_assert_ok(sdm_match_options_set_unknown_policy(o[1], SDM_UNKNOWN_EXCLUDE));
    ck_assert_ok(sdm_match_options_set_tradeoff(o[2], 0.4));
    ck_assert_ok(sdm_match_options_set_helpful_weight(o[3], 0.3));
    ck_assert_ok(sdm_match_options_require_licence(o[4], "UK"));
    for (size_t i = 0; i < 5; i++)
        for (size_t a = 0; a < sizeof ks / sizeof *ks; a++)
            for (size_t b = 0; b < sizeof hs / sizeof *hs; b++) {
                size_t k = ks[a], h = hs[b], n = k == 5 && h <= 3 ? 300 : 70;
                int32_t *rows = random_rows(n, k, 36, 0);
                int32_t *helpful = helpful_cells(rows, n, k, h, 36, 1);
                check_rows(formulary, o[i], rows, n, k, helpful, h, 1);
                check_rows(formulary, o[i], rows, n, k, helpful, h, 3);
                free(rows);
                free(helpful);
            }
    for (size_t i = 0; i < 5; i++)
        sdm_match_options_free(o[i]);
}
END_TEST

/* A bad cell in rows whose cells are all given: the first bad row in row
 * order is named as before, whichever comes first, also in a later chunk
 * of 64 rows; a helpful side effect equal to a ranked one, or given twice,
 * fails; one -1 among the helpful cells is a row with fewer, not an error. */
START_TEST(full_helpful_rows_name_the_first_bad_row)
{
    enum { N = 200, K = 5, H = 2 };
    for (size_t swap = 0; swap < 2; swap++)
        for (size_t top = 1; top <= 2; top++) {
            int32_t *rows = random_rows(N, K, 36, 0);
            int32_t *helpful = helpful_cells(rows, N, K, H, 36, 1);
            helpful[30 * H + 1] = -1; /* row 30: one helpful side effect */
            check_rows(formulary, NULL, rows, N, K, helpful, H, top);
            int32_t *best = malloc(N * top * sizeof *best);
            /* row 130: its first helpful cell its third ranked one; row 150:
             * its second helpful cell out of range */
            size_t conflict = swap ? 150 : 130, outside = swap ? 130 : 150;
            helpful[conflict * H] = rows[conflict * K + 2];
            helpful[outside * H + 1] = 36;
            ck_assert_status(sdm_match_batch_ext(formulary, NULL, rows, N, K, helpful, H, top, best, NULL, NULL, NULL),
                             swap ? SDM_ERR_INVALID_ARGUMENT : SDM_ERR_CONFLICT);
            char message[160];
            if (swap)
                snprintf(message, sizeof message,
                         "row 130, helpful column 1: side effect index 36 is out of range (0..35)");
            else
                snprintf(message, sizeof message,
                         "row 130: side effect index %d is both ranked (column 2) and helpful (helpful column 0)",
                         (int)rows[130 * K + 2]);
            ck_assert_error_has(message);
            /* row 100 before them: a helpful side effect twice */
            helpful[100 * H + 1] = helpful[100 * H];
            ck_assert_status(sdm_match_batch_ext(formulary, NULL, rows, N, K, helpful, H, top, best, NULL, NULL, NULL),
                             SDM_ERR_DUPLICATE);
            snprintf(message, sizeof message, "row 100: side effect index %d is given twice (helpful columns 0 and 1)",
                     (int)helpful[100 * H]);
            ck_assert_error_has(message);
            free(best);
            free(rows);
            free(helpful);
        }
}
END_TEST

/* A catalogue of 70 side effects e00..e69 (more than the 64 bits a row is
 * checked with in passing), and three medicines A, B, C rating e03, e05 and
 * e67 (unrated: unknown). ROC with k = 1: w = 1, helpful 1; a rating r
 * counts r/3 avoided and helpful; unknown 1/2 (the middle).
 *   A: e03 0, e67 3; B: e03 1, e67 0; C: e03 3, e67 3, e05 2.
 *   row {e03}, helpful {e67} (3 and 67, the same bit): A 0 - 1 = -1;
 *     B 1/3 - 0 = 1/3; C 1 - 1 = 0: A first, -1.
 *   row {e67}, helpful {e03}: A 1 - 0 = 1; B 0 - 1/3 = -1/3; C 1 - 1 = 0:
 *     B first, -1/3.
 *   row {e05}, helpful {e69}: A 1/2 - 1/2 = 0, B the same, C 2/3 - 1/2 =
 *     1/6: A and B tie at 0, A first (by name), 2 sharing. */
START_TEST(full_helpful_rows_past_64_side_effects_by_hand)
{
    char text[16384];
    size_t at = (size_t)snprintf(text, sizeof text,
                                 "{'format': 'sdm-catalogue', 'format_version': 1, 'id': 'test-70', 'version': '1',"
                                 " 'title': 'Seventy', 'citation': 'Made up for the tests.',"
                                 " 'groups': [{'id': 'g', 'label': 'G'}], 'items': [");
    for (int i = 0; i < 70; i++)
        at += (size_t)snprintf(text + at, sizeof text - at, "%s{'id': 'e%02d', 'label': 'E%02d', 'group': 'g'}",
                               i ? ", " : "", i, i);
    snprintf(text + at, sizeof text - at, "]}");
    sdm_catalogue *c70 = test_catalogue(text);
    sdm_formulary *f = test_formulary(c70, "{'format': 'sdm-formulary', 'format_version': 1, 'version': 't',"
                                           " 'sources': [{'key': 's', 'citation': 'hand-made'}], 'medications': ["
                                           "{'id': 'a', 'name': 'A', 'ratings': {" R("e03", 0) ", " R("e67", 3) "}},"
                                           "{'id': 'b', 'name': 'B', 'ratings': {" R("e03", 1) ", " R("e67", 0) "}},"
                                           "{'id': 'c', 'name': 'C', 'ratings': {" R("e03", 3) ", " R("e67", 3)
                                           ", " R("e05", 2) "}}]}");
    int32_t rows[] = {3, 67, 5}, helpful[] = {67, 3, 69};
    int32_t best[3], ranks[3], tied[3];
    double scores[3];
    ck_assert_ok(sdm_match_batch_ext(f, NULL, rows, 3, 1, helpful, 1, 1, best, scores, ranks, tied));
    ck_assert_int_eq(best[0], 0);
    ck_assert_near(scores[0], -1.0);
    ck_assert_int_eq(tied[0], 1);
    ck_assert_int_eq(best[1], 1);
    ck_assert_near(scores[1], -1.0 / 3);
    ck_assert_int_eq(tied[1], 1);
    ck_assert_int_eq(best[2], 0);
    ck_assert_near(scores[2], 0.0);
    ck_assert_int_eq(tied[2], 2);
    check_rows(f, NULL, rows, 3, 1, helpful, 1, 1);
    check_rows(f, NULL, rows, 3, 1, helpful, 1, 3);
    /* and random full rows over all 70, some with two cells 64 apart */
    for (size_t h = 1; h <= 3; h++) {
        int32_t *many = random_rows(300, 5, 70, 0);
        int32_t *help = helpful_cells(many, 300, 5, h, 70, 1);
        check_rows(f, NULL, many, 300, 5, help, h, 1);
        check_rows(f, NULL, many, 300, 5, help, h, 2);
        free(many);
        free(help);
    }
    sdm_formulary_free(f);
    sdm_catalogue_free(c70);
}
END_TEST

/* Full helpful rows (all k + h cells given), top 1, as sdm_match_run()
 * (the single-precision screen of batch-helpful.c where it applies):
 * ranked weights and helpful weights a hair apart, 3e-7 to 2e-15 (near ties
 * scored exactly: the screen's bound must keep every tied lane), weights
 * too large for single precision (the double kernels) and too small for it
 * (every single-precision score 0: every medicine a candidate). */
START_TEST(full_helpful_rows_near_ties_equal_to_match_run)
{
    static const double apart[][5] = {{1.0, 1.0 + 3e-7, 1.0 + 6e-7, 1.0 + 9e-7, 1.0 + 1.2e-6},
                                      {1.0, 1.0 + 9e-10, 1.0 + 1.8e-9, 1.0 + 2.7e-9, 1.0 + 3.6e-9},
                                      {1.0, 1.0 + 2e-15, 1.0 + 4e-15, 1.0 + 6e-15, 1.0 + 8e-15},
                                      {1e200, 1e199, 1e198, 1e197, 1e196},
                                      {1e-200, 3e-201, 2e-201, 1e-201, 5e-202}};
    static const double helpful_weights[] = {1.0 + 1e-15, 1.0 + 3e-7, 0.3};
    sdm_match_options *o;
    ck_assert_ok(sdm_match_options_new(&o));
    for (size_t a = 0; a < sizeof apart / sizeof *apart; a++) {
        ck_assert_ok(sdm_match_options_set_custom_weights(o, apart[a], 5));
        for (size_t b = 0; b < sizeof helpful_weights / sizeof *helpful_weights; b++) {
            ck_assert_ok(sdm_match_options_set_helpful_weight(o, helpful_weights[b] * apart[a][4]));
            for (size_t h = 1; h <= 3; h++) {
                size_t n = h == 2 ? 2000 : 400;
                int32_t *rows = random_rows(n, 5, 36, 0);
                int32_t *helpful = helpful_cells(rows, n, 5, h, 36, 1);
                check_rows(formulary, o, rows, n, 5, helpful, h, 1);
                free(rows);
                free(helpful);
            }
        }
    }
    sdm_match_options_free(o);
}
END_TEST

/* Full helpful rows over every layout of 1 to 32 medicines (one to four
 * vectors of eight in the screen, each its own kernel), with copies that
 * tie with their originals, k = 5 and h = 1 to 3 and another shape (k = 3,
 * h = 4), top 1 and 2, as sdm_match_run(). */
START_TEST(full_helpful_rows_every_layout_equal_to_match_run)
{
    sdm_formulary *f32 = formulary_of_32();
    for (size_t keep = 1; keep <= 32; keep += 3) {
        sdm_match_options *o;
        ck_assert_ok(sdm_match_options_new(&o));
        for (size_t i = keep; i < 32; i++)
            ck_assert_ok(sdm_match_options_exclude(o, sdm_profile_id(sdm_formulary_profile(f32, i)), NULL));
        static const size_t shapes[][2] = {{5, 1}, {5, 2}, {5, 3}, {3, 4}};
        for (size_t i = 0; i < 4; i++) {
            size_t k = shapes[i][0], h = shapes[i][1];
            int32_t *rows = random_rows(150, k, 36, 0);
            int32_t *helpful = helpful_cells(rows, 150, k, h, 36, 1);
            check_rows(f32, o, rows, 150, k, helpful, h, 1);
            check_rows(f32, o, rows, 60, k, helpful, h, 2);
            free(rows);
            free(helpful);
        }
        sdm_match_options_free(o);
    }
    sdm_formulary_free(f32);
}
END_TEST

static Suite *batch_suite(void)
{
    Suite *s = suite_create("batch");
    TCase *tc = tcase_create("batch");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    ADD(tc, equal_to_match_run_default_options);
    ADD(tc, equal_to_match_run_every_scheme);
    ADD(tc, equal_to_match_run_unknown_policies_and_filters);
    ADD(tc, every_layout_equal_to_match_run);
    ADD(tc, near_ties_equal_to_match_run);
    ADD(tc, several_places_near_ties_equal_to_match_run);
    ADD(tc, ties_go_to_the_first_name);
    ADD(tc, tie_counts_by_hand);
    ADD(tc, empty_rows_have_no_result);
    ADD(tc, row_errors_name_the_row_and_column);
    ADD(tc, equal_to_match_run_every_option);
    ADD(tc, equal_to_match_run_helpful);
    ADD(tc, equal_to_match_run_numeric_mean_tradeoff);
    ADD(tc, synthesis_rules_differ_format_2);
    ADD(tc, fewer_medicines_than_asked_give_minus_one);
    ADD(tc, errors_name_the_row_and_column);
    ADD(tc, threads_share_one_formulary);
    ADD(tc, short_rows_and_fewer_columns_equal_to_match_run);
    ADD(tc, many_medicines_equal_to_match_run);
    ADD(tc, threads_equal_to_one_thread);
    ADD(tc, every_screen_kernel_equal_to_match_run);
    ADD(tc, every_screen_kernel_near_ties);
    ADD(tc, every_screen_kernel_weights_shorter_than_rows);
    ADD(tc, several_places_tie_across_the_last_place_by_hand);
    ADD(tc, several_places_exact_tie_out_of_order_in_single_precision);
    ADD(tc, mixed_lengths_name_the_first_bad_row);
    ADD(tc, wide_screen_by_hand);
    ADD(tc, wide_screen_equal_to_match_run);
    ADD(tc, full_helpful_rows_equal_to_match_run);
    ADD(tc, full_helpful_rows_name_the_first_bad_row);
    ADD(tc, full_helpful_rows_past_64_side_effects_by_hand);
    ADD(tc, full_helpful_rows_near_ties_equal_to_match_run);
    ADD(tc, full_helpful_rows_every_layout_equal_to_match_run);
    suite_add_tcase(s, tc);
    return s;
}

SDM_TEST_MAIN(batch_suite)
