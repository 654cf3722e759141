/*
 * libsdm - the ranking: avoid/helpful/remove/clear, every error, validation,
 * copies and JSON.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L

#include "common.h"

#include <jansson.h>
#include <limits.h>

/* The state of a ranking, read through the getters. */
struct snapshot {
    size_t avoid_count, helpful_count;
    int max_rank;
    sdm_completed_by who;
    int rank_of[64];
    int helpful[64];
};

static void take(const sdm_ranking *r, struct snapshot *s)
{
    memset(s, 0, sizeof *s);
    s->avoid_count = sdm_ranking_avoid_count(r);
    s->helpful_count = sdm_ranking_helpful_count(r);
    s->max_rank = sdm_ranking_max_rank(r);
    s->who = sdm_ranking_completed_by(r);
    size_t n = sdm_catalogue_count(sdm_ranking_catalogue(r));
    ck_assert_uint_le(n, 64);
    for (size_t i = 0; i < n; i++) {
        s->rank_of[i] = sdm_ranking_rank_of(r, i);
        s->helpful[i] = sdm_ranking_is_helpful(r, i);
    }
}

static void assert_same(const struct snapshot *a, const struct snapshot *b)
{
    ck_assert_uint_eq(a->avoid_count, b->avoid_count);
    ck_assert_uint_eq(a->helpful_count, b->helpful_count);
    ck_assert_int_eq(a->max_rank, b->max_rank);
    ck_assert_int_eq(a->who, b->who);
    for (size_t i = 0; i < 64; i++) {
        ck_assert_msg(a->rank_of[i] == b->rank_of[i], "item %zu: rank %d vs %d", i, a->rank_of[i],
                      b->rank_of[i]);
        ck_assert_msg(a->helpful[i] == b->helpful[i], "item %zu: helpful %d vs %d", i,
                      a->helpful[i], b->helpful[i]);
    }
}

static void assert_rankings_equal(const sdm_ranking *a, const sdm_ranking *b)
{
    struct snapshot sa, sb;
    ck_assert_int_eq(sdm_catalogue_equal(sdm_ranking_catalogue(a), sdm_ranking_catalogue(b)), 1);
    take(a, &sa);
    take(b, &sb);
    assert_same(&sa, &sb);
}

/* A fresh ranking over the default catalogue; *cat receives the catalogue. */
static sdm_ranking *new_ranking(sdm_catalogue **cat)
{
    *cat = test_default_catalogue();
    sdm_ranking *r = NULL;
    ck_assert_ok(sdm_ranking_new(*cat, &r));
    ck_assert_ptr_nonnull(r);
    return r;
}

/* ---- building ------------------------------------------------------------ */

START_TEST(new_is_empty)
{
    sdm_catalogue *cat;
    sdm_ranking *r = new_ranking(&cat);
    ck_assert_ptr_eq(sdm_ranking_catalogue(r), cat);
    ck_assert_uint_eq(sdm_ranking_avoid_count(r), 0);
    ck_assert_uint_eq(sdm_ranking_helpful_count(r), 0);
    ck_assert_int_eq(sdm_ranking_max_rank(r), SDM_DEFAULT_MAX_RANK);
    ck_assert_int_eq(SDM_DEFAULT_MAX_RANK, 5);
    ck_assert_int_eq(sdm_ranking_completed_by(r), SDM_COMPLETED_BY_UNSPECIFIED);
    for (size_t i = 0; i < 36; i++) {
        ck_assert_int_eq(sdm_ranking_rank_of(r, i), 0);
        ck_assert_int_eq(sdm_ranking_is_helpful(r, i), 0);
    }
    size_t idx = 77;
    ck_assert_status(sdm_ranking_at(r, 1, &idx), SDM_ERR_NOT_FOUND);
    ck_assert_uint_eq(sdm_ranking_helpful_at(r, 0), (size_t)-1);
    ck_assert_ok(sdm_ranking_validate(r));

    ck_assert_status(sdm_ranking_new(NULL, &r), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_ranking_new(cat, NULL), SDM_ERR_INVALID_ARGUMENT);
    sdm_ranking_free(r);
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(avoid_and_helpful)
{
    sdm_catalogue *cat;
    sdm_ranking *r = new_ranking(&cat);
    size_t weight_gain = test_index(cat, "weight_gain");       /* 6 */
    size_t dry_mouth = test_index(cat, "dry_mouth");           /* 10 */
    size_t night = test_index(cat, "night_sleepiness");        /* 2 */
    size_t weight_loss = test_index(cat, "weight_loss");       /* 7 */

    ck_assert_ok(sdm_ranking_avoid(r, "dry_mouth", 2));
    ck_assert_ok(sdm_ranking_avoid(r, "weight_gain", 1));
    ck_assert_uint_eq(sdm_ranking_avoid_count(r), 2);
    ck_assert_int_eq(sdm_ranking_rank_of(r, weight_gain), 1);
    ck_assert_int_eq(sdm_ranking_rank_of(r, dry_mouth), 2);
    ck_assert_int_eq(sdm_ranking_rank_of(r, night), 0);
    size_t idx = 99;
    ck_assert_ok(sdm_ranking_at(r, 1, &idx));
    ck_assert_uint_eq(idx, weight_gain);
    ck_assert_ok(sdm_ranking_at(r, 2, &idx));
    ck_assert_uint_eq(idx, dry_mouth);
    idx = 99;
    ck_assert_status(sdm_ranking_at(r, 3, &idx), SDM_ERR_NOT_FOUND);
    ck_assert_uint_eq(idx, 99);
    ck_assert_status(sdm_ranking_at(r, 0, &idx), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_ranking_at(r, 6, &idx), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_ranking_at(r, 1, NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_ranking_at(NULL, 1, &idx), SDM_ERR_INVALID_ARGUMENT);

    /* helpful ones come back in catalogue order, whatever the order of ticking */
    ck_assert_ok(sdm_ranking_helpful(r, "weight_loss"));
    ck_assert_ok(sdm_ranking_helpful(r, "night_sleepiness"));
    ck_assert_uint_eq(sdm_ranking_helpful_count(r), 2);
    ck_assert_uint_eq(sdm_ranking_helpful_at(r, 0), night);
    ck_assert_uint_eq(sdm_ranking_helpful_at(r, 1), weight_loss);
    ck_assert_uint_eq(sdm_ranking_helpful_at(r, 2), (size_t)-1);
    ck_assert_int_eq(sdm_ranking_is_helpful(r, night), 1);
    ck_assert_int_eq(sdm_ranking_is_helpful(r, weight_loss), 1);
    ck_assert_int_eq(sdm_ranking_is_helpful(r, weight_gain), 0);
    ck_assert_int_eq(sdm_ranking_rank_of(r, night), 0);
    ck_assert_uint_eq(sdm_ranking_avoid_count(r), 2);
    ck_assert_ok(sdm_ranking_validate(r));

    /* invalid arguments to the getters */
    ck_assert_int_eq(sdm_ranking_rank_of(r, 36), 0);
    ck_assert_int_eq(sdm_ranking_rank_of(NULL, weight_gain), 0);
    ck_assert_int_eq(sdm_ranking_is_helpful(r, 36), 0);
    ck_assert_int_eq(sdm_ranking_is_helpful(NULL, night), 0);
    ck_assert_uint_eq(sdm_ranking_helpful_at(NULL, 0), (size_t)-1);
    ck_assert_uint_eq(sdm_ranking_avoid_count(NULL), 0);
    ck_assert_uint_eq(sdm_ranking_helpful_count(NULL), 0);
    ck_assert_int_eq(sdm_ranking_max_rank(NULL), 0);
    ck_assert_ptr_null(sdm_ranking_catalogue(NULL));
    ck_assert_int_eq(sdm_ranking_completed_by(NULL), SDM_COMPLETED_BY_UNSPECIFIED);

    sdm_ranking_free(r);
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(remove_and_clear)
{
    sdm_catalogue *cat;
    sdm_ranking *r = new_ranking(&cat);
    size_t weight_gain = test_index(cat, "weight_gain");
    size_t dry_mouth = test_index(cat, "dry_mouth");
    size_t night = test_index(cat, "night_sleepiness");

    ck_assert_ok(sdm_ranking_avoid(r, "weight_gain", 1));
    ck_assert_ok(sdm_ranking_avoid(r, "dry_mouth", 2));
    ck_assert_ok(sdm_ranking_avoid(r, "tremor", 3));
    ck_assert_ok(sdm_ranking_helpful(r, "night_sleepiness"));

    /* removing rank 2 leaves a gap until it is filled */
    ck_assert_ok(sdm_ranking_remove(r, "dry_mouth"));
    ck_assert_uint_eq(sdm_ranking_avoid_count(r), 2);
    ck_assert_int_eq(sdm_ranking_rank_of(r, dry_mouth), 0);
    size_t idx;
    ck_assert_status(sdm_ranking_at(r, 2, &idx), SDM_ERR_NOT_FOUND);
    ck_assert_status(sdm_ranking_validate(r), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_ok(sdm_ranking_avoid(r, "stiff_muscles", 2));
    ck_assert_ok(sdm_ranking_validate(r));
    /* the removed side effect may now be ticked as helpful */
    ck_assert_ok(sdm_ranking_helpful(r, "dry_mouth"));
    ck_assert_ok(sdm_ranking_remove(r, "dry_mouth"));

    /* removing a helpful one */
    ck_assert_ok(sdm_ranking_remove(r, "night_sleepiness"));
    ck_assert_uint_eq(sdm_ranking_helpful_count(r), 0);
    ck_assert_int_eq(sdm_ranking_is_helpful(r, night), 0);
    /* ... which may now be ranked */
    ck_assert_ok(sdm_ranking_avoid(r, "night_sleepiness", 4));

    /* errors */
    ck_assert_status(sdm_ranking_remove(r, "weight_loss"), SDM_ERR_NOT_FOUND);
    ck_assert_status(sdm_ranking_remove(r, "weight_gian"), SDM_ERR_NOT_FOUND);
    ck_assert_error_has("weight_gian");
    ck_assert_status(sdm_ranking_remove(r, NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_ranking_remove(NULL, "weight_gain"), SDM_ERR_INVALID_ARGUMENT);

    /* clear keeps who and the maximum rank */
    ck_assert_ok(sdm_ranking_set_completed_by(r, SDM_COMPLETED_BY_CARER));
    ck_assert_ok(sdm_ranking_set_max_rank(r, 7));
    ck_assert_ok(sdm_ranking_helpful(r, "weight_loss"));
    sdm_ranking_clear(r);
    ck_assert_uint_eq(sdm_ranking_avoid_count(r), 0);
    ck_assert_uint_eq(sdm_ranking_helpful_count(r), 0);
    ck_assert_int_eq(sdm_ranking_rank_of(r, weight_gain), 0);
    ck_assert_int_eq(sdm_ranking_completed_by(r), SDM_COMPLETED_BY_CARER);
    ck_assert_int_eq(sdm_ranking_max_rank(r), 7);
    ck_assert_ok(sdm_ranking_validate(r));
    ck_assert_ok(sdm_ranking_avoid(r, "weight_gain", 1));   /* usable again */

    sdm_ranking_free(r);
    sdm_catalogue_free(cat);
}
END_TEST

/* ---- errors, each leaving the ranking unchanged -------------------------- */

START_TEST(error_rank_out_of_range)
{
    sdm_catalogue *cat;
    sdm_ranking *r = new_ranking(&cat);
    ck_assert_ok(sdm_ranking_avoid(r, "weight_gain", 1));
    struct snapshot before, after;
    take(r, &before);
    const int bad[] = {0, 6, -1, INT_MAX, INT_MIN, 37};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_status(sdm_ranking_avoid(r, "dry_mouth", bad[i]), SDM_ERR_INVALID_ARGUMENT);
        take(r, &after);
        assert_same(&before, &after);
    }
    sdm_ranking_free(r);
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(error_duplicate_rank)
{
    sdm_catalogue *cat;
    sdm_ranking *r = new_ranking(&cat);
    ck_assert_ok(sdm_ranking_avoid(r, "weight_gain", 2));
    ck_assert_ok(sdm_ranking_avoid(r, "tremor", 1));
    struct snapshot before, after;
    take(r, &before);

    ck_assert_status(sdm_ranking_avoid(r, "dry_mouth", 2), SDM_ERR_DUPLICATE);
    ck_assert_error_has("rank 2");
    ck_assert_error_has("weight_gain");
    take(r, &after);
    assert_same(&before, &after);

    /* the same side effect twice, at another rank */
    ck_assert_status(sdm_ranking_avoid(r, "weight_gain", 3), SDM_ERR_DUPLICATE);
    ck_assert_error_has("weight_gain");
    take(r, &after);
    assert_same(&before, &after);
    /* and at its own rank */
    ck_assert_status(sdm_ranking_avoid(r, "weight_gain", 2), SDM_ERR_DUPLICATE);
    take(r, &after);
    assert_same(&before, &after);

    /* helpful twice */
    ck_assert_ok(sdm_ranking_helpful(r, "night_sleepiness"));
    take(r, &before);
    ck_assert_status(sdm_ranking_helpful(r, "night_sleepiness"), SDM_ERR_DUPLICATE);
    ck_assert_error_has("night_sleepiness");
    take(r, &after);
    assert_same(&before, &after);

    sdm_ranking_free(r);
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(error_conflict)
{
    sdm_catalogue *cat;
    sdm_ranking *r = new_ranking(&cat);
    ck_assert_ok(sdm_ranking_avoid(r, "weight_gain", 1));
    ck_assert_ok(sdm_ranking_helpful(r, "night_sleepiness"));
    struct snapshot before, after;
    take(r, &before);

    /* avoided, then helpful */
    ck_assert_status(sdm_ranking_helpful(r, "weight_gain"), SDM_ERR_CONFLICT);
    ck_assert_error_has("weight_gain");
    take(r, &after);
    assert_same(&before, &after);

    /* helpful, then avoided */
    ck_assert_status(sdm_ranking_avoid(r, "night_sleepiness", 2), SDM_ERR_CONFLICT);
    ck_assert_error_has("night_sleepiness");
    take(r, &after);
    assert_same(&before, &after);

    sdm_ranking_free(r);
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(error_unknown_id)
{
    sdm_catalogue *cat;
    sdm_ranking *r = new_ranking(&cat);
    ck_assert_ok(sdm_ranking_avoid(r, "tremor", 1));
    struct snapshot before, after;
    take(r, &before);

    ck_assert_status(sdm_ranking_avoid(r, "weight_gian", 2), SDM_ERR_NOT_FOUND);
    ck_assert_error_has("weight_gian");
    ck_assert_error_has("weight_gain");
    take(r, &after);
    assert_same(&before, &after);

    ck_assert_status(sdm_ranking_helpful(r, "night_sleepyness"), SDM_ERR_NOT_FOUND);
    ck_assert_error_has("night_sleepyness");
    ck_assert_error_has("night_sleepiness");
    take(r, &after);
    assert_same(&before, &after);

    ck_assert_status(sdm_ranking_avoid(r, NULL, 2), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_ranking_avoid(NULL, "weight_gain", 2), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_ranking_helpful(r, NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_ranking_helpful(NULL, "weight_loss"), SDM_ERR_INVALID_ARGUMENT);
    take(r, &after);
    assert_same(&before, &after);

    sdm_ranking_free(r);
    sdm_catalogue_free(cat);
}
END_TEST

/* ---- maximum rank -------------------------------------------------------- */

START_TEST(max_rank)
{
    sdm_catalogue *cat;
    sdm_ranking *r = new_ranking(&cat);

    ck_assert_status(sdm_ranking_set_max_rank(r, 0), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_ranking_set_max_rank(r, -3), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_ranking_set_max_rank(r, SDM_MAX_RANK + 1), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_ranking_set_max_rank(NULL, 3), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(sdm_ranking_max_rank(r), 5);

    /* 36 ranks for the 36-item catalogue */
    ck_assert_ok(sdm_ranking_set_max_rank(r, SDM_MAX_RANK));
    ck_assert_int_eq(sdm_ranking_max_rank(r), 36);
    ck_assert_ok(sdm_ranking_avoid(r, "tremor", 36));
    ck_assert_status(sdm_ranking_avoid(r, "dry_mouth", 37), SDM_ERR_INVALID_ARGUMENT);

    /* not below the highest rank given */
    ck_assert_status(sdm_ranking_set_max_rank(r, 35), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(sdm_ranking_max_rank(r), 36);
    ck_assert_ok(sdm_ranking_remove(r, "tremor"));
    ck_assert_ok(sdm_ranking_avoid(r, "tremor", 4));
    ck_assert_status(sdm_ranking_set_max_rank(r, 3), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_ok(sdm_ranking_set_max_rank(r, 4));
    ck_assert_status(sdm_ranking_avoid(r, "dry_mouth", 5), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_ok(sdm_ranking_avoid(r, "dry_mouth", 3));
    sdm_ranking_free(r);
    sdm_catalogue_free(cat);

    /* no more than the catalogue's size */
    sdm_catalogue *t6 = test6_catalogue();
    ck_assert_ok(sdm_ranking_new(t6, &r));
    ck_assert_status(sdm_ranking_set_max_rank(r, 7), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_ok(sdm_ranking_set_max_rank(r, 6));
    ck_assert_ok(sdm_ranking_avoid(r, "constipation", 6));
    ck_assert_ok(sdm_ranking_set_max_rank(r, 6));
    sdm_ranking_free(r);
    sdm_catalogue_free(t6);
}
END_TEST

/* ---- validation ---------------------------------------------------------- */

START_TEST(validate)
{
    sdm_catalogue *cat;
    sdm_ranking *r = new_ranking(&cat);
    ck_assert_ok(sdm_ranking_validate(r));   /* empty is valid */

    ck_assert_ok(sdm_ranking_helpful(r, "night_sleepiness"));
    ck_assert_ok(sdm_ranking_validate(r));   /* helpful only is valid */

    ck_assert_ok(sdm_ranking_avoid(r, "weight_gain", 1));
    ck_assert_ok(sdm_ranking_avoid(r, "tremor", 3));
    ck_assert_status(sdm_ranking_validate(r), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("rank 2");
    ck_assert_ok(sdm_ranking_avoid(r, "dry_mouth", 2));
    ck_assert_ok(sdm_ranking_validate(r));

    /* rank 1 missing */
    sdm_ranking_clear(r);
    ck_assert_ok(sdm_ranking_avoid(r, "weight_gain", 2));
    ck_assert_status(sdm_ranking_validate(r), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("rank 1");

    ck_assert_status(sdm_ranking_validate(NULL), SDM_ERR_INVALID_ARGUMENT);
    sdm_ranking_free(r);
    sdm_catalogue_free(cat);
}
END_TEST

/* ---- who completed the form ---------------------------------------------- */

START_TEST(completed_by)
{
    sdm_catalogue *cat;
    sdm_ranking *r = new_ranking(&cat);
    const sdm_completed_by all[] = {SDM_COMPLETED_BY_SERVICE_USER, SDM_COMPLETED_BY_CARER,
                                    SDM_COMPLETED_BY_TOGETHER, SDM_COMPLETED_BY_UNSPECIFIED};
    for (size_t i = 0; i < 4; i++) {
        ck_assert_ok(sdm_ranking_set_completed_by(r, all[i]));
        ck_assert_int_eq(sdm_ranking_completed_by(r), all[i]);
    }
    ck_assert_ok(sdm_ranking_set_completed_by(r, SDM_COMPLETED_BY_CARER));
    ck_assert_status(sdm_ranking_set_completed_by(r, (sdm_completed_by)4), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_ranking_set_completed_by(r, (sdm_completed_by)-1), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(sdm_ranking_completed_by(r), SDM_COMPLETED_BY_CARER);
    ck_assert_status(sdm_ranking_set_completed_by(NULL, SDM_COMPLETED_BY_CARER), SDM_ERR_INVALID_ARGUMENT);

    ck_assert_int_eq(SDM_COMPLETED_BY_UNSPECIFIED, 0);
    ck_assert_int_eq(SDM_COMPLETED_BY_SERVICE_USER, 1);
    ck_assert_int_eq(SDM_COMPLETED_BY_CARER, 2);
    ck_assert_int_eq(SDM_COMPLETED_BY_TOGETHER, 3);
    ck_assert_str_eq(sdm_completed_by_id(SDM_COMPLETED_BY_UNSPECIFIED), "unspecified");
    ck_assert_str_eq(sdm_completed_by_id(SDM_COMPLETED_BY_SERVICE_USER), "service_user");
    ck_assert_str_eq(sdm_completed_by_id(SDM_COMPLETED_BY_CARER), "carer");
    ck_assert_str_eq(sdm_completed_by_id(SDM_COMPLETED_BY_TOGETHER), "together");
    ck_assert_ptr_null(sdm_completed_by_id((sdm_completed_by)4));
    ck_assert_ptr_null(sdm_completed_by_id((sdm_completed_by)-1));
    sdm_ranking_free(r);
    sdm_catalogue_free(cat);
}
END_TEST

/* ---- copies -------------------------------------------------------------- */

START_TEST(copy_independent)
{
    sdm_catalogue *cat;
    sdm_ranking *r = new_ranking(&cat);
    ck_assert_ok(sdm_ranking_set_max_rank(r, 6));
    ck_assert_ok(sdm_ranking_set_completed_by(r, SDM_COMPLETED_BY_TOGETHER));
    ck_assert_ok(sdm_ranking_avoid(r, "weight_gain", 1));
    ck_assert_ok(sdm_ranking_avoid(r, "dry_mouth", 2));
    ck_assert_ok(sdm_ranking_helpful(r, "night_sleepiness"));

    sdm_ranking *c = NULL;
    ck_assert_ok(sdm_ranking_copy(r, &c));
    ck_assert_ptr_nonnull(c);
    ck_assert_ptr_ne(c, r);
    assert_rankings_equal(r, c);
    struct snapshot copy_before, copy_after, orig_before, orig_after;
    take(c, &copy_before);

    /* changing the original leaves the copy */
    ck_assert_ok(sdm_ranking_avoid(r, "tremor", 3));
    ck_assert_ok(sdm_ranking_remove(r, "weight_gain"));
    ck_assert_ok(sdm_ranking_set_completed_by(r, SDM_COMPLETED_BY_CARER));
    take(c, &copy_after);
    assert_same(&copy_before, &copy_after);

    /* and the other way */
    take(r, &orig_before);
    sdm_ranking_clear(c);
    ck_assert_ok(sdm_ranking_avoid(c, "constipation", 1));
    take(r, &orig_after);
    assert_same(&orig_before, &orig_after);

    /* the copy outlives the original and the catalogue */
    sdm_ranking_free(r);
    sdm_catalogue_free(cat);
    ck_assert_uint_eq(sdm_catalogue_count(sdm_ranking_catalogue(c)), 36);
    ck_assert_int_eq(sdm_ranking_rank_of(c, 11), 1);   /* constipation */

    ck_assert_status(sdm_ranking_copy(NULL, &r), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_ranking_copy(c, NULL), SDM_ERR_INVALID_ARGUMENT);
    sdm_ranking_free(c);
}
END_TEST

/* ---- JSON ---------------------------------------------------------------- */

START_TEST(to_json_content)
{
    sdm_catalogue *cat;
    sdm_ranking *r = new_ranking(&cat);
    ck_assert_ok(sdm_ranking_set_completed_by(r, SDM_COMPLETED_BY_TOGETHER));
    ck_assert_ok(sdm_ranking_avoid(r, "dry_mouth", 2));
    ck_assert_ok(sdm_ranking_avoid(r, "weight_gain", 1));
    ck_assert_ok(sdm_ranking_helpful(r, "weight_loss"));
    ck_assert_ok(sdm_ranking_helpful(r, "night_sleepiness"));

    char *text = NULL;
    ck_assert_ok(sdm_ranking_to_json(r, &text));
    json_error_t err;
    json_t *doc = json_loads(text, 0, &err);
    ck_assert_msg(doc != NULL, "not JSON (%s): %s", err.text, text);
    ck_assert_str_eq(json_string_value(json_object_get(doc, "format")), "sdm-ranking");
    ck_assert_int_eq(json_integer_value(json_object_get(doc, "format_version")), 1);
    ck_assert_int_eq(json_integer_value(json_object_get(doc, "max_rank")), 5);
    ck_assert_str_eq(json_string_value(json_object_get(doc, "completed_by")), "together");

    json_t *avoid = json_object_get(doc, "avoid");
    ck_assert_msg(json_is_array(avoid), "no avoid array: %s", text);
    ck_assert_uint_eq(json_array_size(avoid), 2);
    /* each {"id", "rank"}; whichever order, the pairs are right */
    int seen = 0;
    for (size_t i = 0; i < 2; i++) {
        json_t *el = json_array_get(avoid, i);
        const char *id = json_string_value(json_object_get(el, "id"));
        json_int_t rank = json_integer_value(json_object_get(el, "rank"));
        ck_assert_ptr_nonnull(id);
        if (strcmp(id, "weight_gain") == 0) {
            ck_assert_int_eq(rank, 1);
            seen |= 1;
        } else if (strcmp(id, "dry_mouth") == 0) {
            ck_assert_int_eq(rank, 2);
            seen |= 2;
        }
    }
    ck_assert_int_eq(seen, 3);

    json_t *helpful = json_object_get(doc, "helpful");
    ck_assert_msg(json_is_array(helpful), "no helpful array: %s", text);
    ck_assert_uint_eq(json_array_size(helpful), 2);
    ck_assert_str_eq(json_string_value(json_array_get(helpful, 0)), "night_sleepiness");
    ck_assert_str_eq(json_string_value(json_array_get(helpful, 1)), "weight_loss");

    json_decref(doc);
    sdm_free(text);
    ck_assert_status(sdm_ranking_to_json(NULL, &text), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_ranking_to_json(r, NULL), SDM_ERR_INVALID_ARGUMENT);
    sdm_ranking_free(r);
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(json_round_trip)
{
    sdm_catalogue *cat;
    sdm_ranking *r = new_ranking(&cat);
    ck_assert_ok(sdm_ranking_set_max_rank(r, 8));
    ck_assert_ok(sdm_ranking_set_completed_by(r, SDM_COMPLETED_BY_SERVICE_USER));
    ck_assert_ok(sdm_ranking_avoid(r, "stiff_muscles", 3));
    ck_assert_ok(sdm_ranking_avoid(r, "weight_gain", 1));
    ck_assert_ok(sdm_ranking_avoid(r, "day_sleepiness", 2));
    ck_assert_ok(sdm_ranking_avoid(r, "heart_problems", 8));   /* a gap: kept as it is */
    ck_assert_ok(sdm_ranking_helpful(r, "night_sleepiness"));

    char *text = NULL;
    ck_assert_ok(sdm_ranking_to_json(r, &text));
    sdm_ranking *back = NULL;
    ck_assert_ok(sdm_ranking_from_json(cat, text, strlen(text), &back));
    assert_rankings_equal(r, back);

    char *text2 = NULL;
    ck_assert_ok(sdm_ranking_to_json(back, &text2));
    ck_assert_str_eq(text, text2);

    /* the empty ranking too */
    sdm_ranking *empty = NULL, *empty_back = NULL;
    ck_assert_ok(sdm_ranking_new(cat, &empty));
    sdm_free(text);
    ck_assert_ok(sdm_ranking_to_json(empty, &text));
    ck_assert_ok(sdm_ranking_from_json(cat, text, strlen(text), &empty_back));
    assert_rankings_equal(empty, empty_back);

    sdm_ranking_free(empty_back);
    sdm_ranking_free(empty);
    sdm_free(text2);
    sdm_free(text);
    sdm_ranking_free(back);
    sdm_ranking_free(r);
    sdm_catalogue_free(cat);
}
END_TEST

static sdm_ranking *from_sq(const sdm_catalogue *cat, const char *sq)
{
    char *json = tj(sq);
    sdm_ranking *r = NULL;
    ck_assert_ok(sdm_ranking_from_json(cat, json, strlen(json), &r));
    ck_assert_ptr_nonnull(r);
    free(json);
    return r;
}

START_TEST(from_json_forms)
{
    sdm_catalogue *cat = test_default_catalogue();
    size_t weight_gain = test_index(cat, "weight_gain");
    size_t dry_mouth = test_index(cat, "dry_mouth");
    size_t tremor = test_index(cat, "tremor");
    size_t night = test_index(cat, "night_sleepiness");

    /* plain strings: rank by position */
    sdm_ranking *r = from_sq(cat, "{'avoid': ['tremor', 'weight_gain', 'dry_mouth']}");
    ck_assert_uint_eq(sdm_ranking_avoid_count(r), 3);
    ck_assert_int_eq(sdm_ranking_rank_of(r, tremor), 1);
    ck_assert_int_eq(sdm_ranking_rank_of(r, weight_gain), 2);
    ck_assert_int_eq(sdm_ranking_rank_of(r, dry_mouth), 3);
    ck_assert_uint_eq(sdm_ranking_helpful_count(r), 0);
    ck_assert_int_eq(sdm_ranking_max_rank(r), 5);
    ck_assert_int_eq(sdm_ranking_completed_by(r), SDM_COMPLETED_BY_UNSPECIFIED);
    sdm_ranking_free(r);

    /* objects, out of order, with every optional member */
    r = from_sq(cat, "{'format': 'sdm-ranking', 'format_version': 1, 'max_rank': 6,"
                     " 'completed_by': 'carer',"
                     " 'avoid': [{'id': 'dry_mouth', 'rank': 6}, {'id': 'weight_gain', 'rank': 1}],"
                     " 'helpful': ['night_sleepiness']}");
    ck_assert_int_eq(sdm_ranking_max_rank(r), 6);
    ck_assert_int_eq(sdm_ranking_completed_by(r), SDM_COMPLETED_BY_CARER);
    ck_assert_int_eq(sdm_ranking_rank_of(r, dry_mouth), 6);
    ck_assert_int_eq(sdm_ranking_rank_of(r, weight_gain), 1);
    ck_assert_int_eq(sdm_ranking_is_helpful(r, night), 1);
    sdm_ranking_free(r);

    /* the catalogue is the one given */
    r = from_sq(cat, "{'avoid': []}");
    ck_assert_ptr_eq(sdm_ranking_catalogue(r), cat);
    ck_assert_uint_eq(sdm_ranking_avoid_count(r), 0);
    sdm_ranking_free(r);
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(from_json_key_order)
{
    /* members of a JSON object have no order: max_rank after avoid still counts */
    sdm_catalogue *cat = test_default_catalogue();
    sdm_ranking *r = from_sq(cat, "{'avoid': [{'id': 'tremor', 'rank': 7}], 'completed_by': 'carer',"
                                  " 'helpful': ['weight_loss'], 'max_rank': 8, 'format_version': 1,"
                                  " 'format': 'sdm-ranking'}");
    ck_assert_int_eq(sdm_ranking_max_rank(r), 8);
    ck_assert_int_eq(sdm_ranking_rank_of(r, test_index(cat, "tremor")), 7);
    sdm_ranking_free(r);
    sdm_catalogue_free(cat);
}
END_TEST

static void expect_json_error(const sdm_catalogue *cat, const char *sq, sdm_status st1,
                              sdm_status st2, const char *needle1, const char *needle2)
{
    char *json = tj(sq);
    sdm_ranking *r = NULL;
    sdm_status st = sdm_ranking_from_json(cat, json, strlen(json), &r);
    ck_assert_msg(st == st1 || st == st2, "%s: expected %d or %d, got %d (%s): '%s'", json,
                  (int)st1, (int)st2, (int)st, sdm_strerror(st), sdm_last_error());
    ck_assert_ptr_null(r);
    if (needle1 != NULL)
        ck_assert_msg(strstr(sdm_last_error(), needle1) != NULL, "%s: '%s' does not name '%s'", json,
                      sdm_last_error(), needle1);
    if (needle2 != NULL)
        ck_assert_msg(strstr(sdm_last_error(), needle2) != NULL, "%s: '%s' does not name '%s'", json,
                      sdm_last_error(), needle2);
    free(json);
}

START_TEST(from_json_errors)
{
    sdm_catalogue *cat = test_default_catalogue();
    expect_json_error(cat, "{'avoid': ['weight_gain', 'weight_gain']}", SDM_ERR_DUPLICATE,
                      SDM_ERR_DUPLICATE, "avoid[1]", "weight_gain");
    expect_json_error(cat, "{'avoid': [{'id': 'weight_gain', 'rank': 1}, {'id': 'dry_mouth', 'rank': 1}]}",
                      SDM_ERR_DUPLICATE, SDM_ERR_DUPLICATE, "avoid[1]", "weight_gain");
    expect_json_error(cat, "{'avoid': ['tremor', 'weight_gian']}", SDM_ERR_NOT_FOUND,
                      SDM_ERR_NOT_FOUND, "avoid[1]", "weight_gain");
    expect_json_error(cat, "{'avoid': ['tremor'], 'helpful': ['weight_loss', 'night_sleepyness']}",
                      SDM_ERR_NOT_FOUND, SDM_ERR_NOT_FOUND, "helpful[1]", "night_sleepiness");
    expect_json_error(cat, "{'avoid': ['dry_mouth'], 'helpful': ['dry_mouth']}", SDM_ERR_CONFLICT,
                      SDM_ERR_CONFLICT, "helpful[0]", "dry_mouth");
    expect_json_error(cat, "{'avoid': ['weight_gain', 5]}", SDM_ERR_SCHEMA, SDM_ERR_SCHEMA,
                      "avoid[1]", NULL);
    expect_json_error(cat, "{'avoid': [{'id': 'weight_gain', 'rank': 9}]}", SDM_ERR_INVALID_ARGUMENT,
                      SDM_ERR_SCHEMA, "avoid[0]", NULL);
    expect_json_error(cat, "{'avoid': [{'id': 'weight_gain', 'rank': 0}]}", SDM_ERR_INVALID_ARGUMENT,
                      SDM_ERR_SCHEMA, "avoid[0]", NULL);
    expect_json_error(cat, "{'avoid': [{'id': 'weight_gain', 'rank': 'one'}]}", SDM_ERR_SCHEMA,
                      SDM_ERR_SCHEMA, "avoid[0]", NULL);
    expect_json_error(cat, "{'avoid': [{'rank': 1}]}", SDM_ERR_SCHEMA, SDM_ERR_SCHEMA, "avoid[0]", NULL);
    /* six plain strings with the default maximum of 5 */
    expect_json_error(cat, "{'avoid': ['weight_gain', 'dry_mouth', 'tremor', 'tiredness', 'sweating',"
                           " 'constipation']}", SDM_ERR_INVALID_ARGUMENT, SDM_ERR_SCHEMA, "avoid[5]", NULL);
    expect_json_error(cat, "{'avoid': 'weight_gain'}", SDM_ERR_SCHEMA, SDM_ERR_SCHEMA, "avoid", NULL);
    expect_json_error(cat, "{'avoid': [], 'completed_by': 'nobody'}", SDM_ERR_SCHEMA, SDM_ERR_SCHEMA,
                      "completed_by", NULL);
    expect_json_error(cat, "{'format': 'sdm-record', 'avoid': []}", SDM_ERR_SCHEMA, SDM_ERR_SCHEMA,
                      "format", NULL);
    expect_json_error(cat, "{'avoid': [], 'max_rank': 0}", SDM_ERR_INVALID_ARGUMENT, SDM_ERR_SCHEMA,
                      "max_rank", NULL);
    expect_json_error(cat, "{'avoid': [}", SDM_ERR_PARSE, SDM_ERR_PARSE, "1:", NULL);
    expect_json_error(cat, "['weight_gain']", SDM_ERR_SCHEMA, SDM_ERR_SCHEMA, NULL, NULL);

    sdm_ranking *r = NULL;
    ck_assert_status(sdm_ranking_from_json(NULL, "{}", 2, &r), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_ranking_from_json(cat, NULL, 2, &r), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_ranking_from_json(cat, "{}", 2, NULL), SDM_ERR_INVALID_ARGUMENT);
    sdm_catalogue_free(cat);
}
END_TEST

/* The person's history and the carer's part read from JSON: each bad entry
 * named by its place ("history[1]", "history[0].had[0]"), and a good one
 * read back whole. */
START_TEST(from_json_history_and_carer)
{
    sdm_catalogue *cat = test_default_catalogue();
    expect_json_error(cat, "{'avoid': [], 'history': [{'medicine': 'olanzapine', 'outcome': 'cured'}]}",
                      SDM_ERR_SCHEMA, SDM_ERR_SCHEMA, "history[0]", "outcome: ");
    expect_json_error(cat, "{'avoid': [], 'history': [{'medicine': 'olanzapine'}, {'medicine': 'olanzapine'}]}",
                      SDM_ERR_DUPLICATE, SDM_ERR_DUPLICATE, "history[1]",
                      "'olanzapine' is already in the person's history");
    expect_json_error(cat, "{'avoid': [], 'history': [{'medicine': 'olanzapine', 'had': ['weight_gian']}]}",
                      SDM_ERR_NOT_FOUND, SDM_ERR_NOT_FOUND, "history[0].had[0]", "weight_gain");
    expect_json_error(cat, "{'avoid': [], 'history': [{'medicine': 'olanzapine', 'had': [3]}]}", SDM_ERR_SCHEMA,
                      SDM_ERR_SCHEMA, "history[0].had[0]", NULL);
    expect_json_error(cat, "{'avoid': [], 'history': [{'medicine': 'olanzapine', 'when': '2020'}]}", SDM_ERR_SCHEMA,
                      SDM_ERR_SCHEMA, "history[0]", "when");
    expect_json_error(cat, "{'avoid': [], 'carer_involved': 'yes'}", SDM_ERR_SCHEMA, SDM_ERR_SCHEMA,
                      "'carer_involved' must be true or false", NULL);

    char *json = tj("{'avoid': ['tremor'], 'carer_involved': true, 'history': ["
                    "{'medicine': 'olanzapine', 'outcome': 'stopped', 'why': 'weight', 'had': ['weight_gain']},"
                    "{'medicine': 'aripiprazole'}]}");
    sdm_ranking *r = NULL;
    ck_assert_ok(sdm_ranking_from_json(cat, json, strlen(json), &r));
    free(json);
    ck_assert_int_eq(sdm_ranking_carer_involved(r), 1);
    ck_assert_uint_eq(sdm_ranking_history_count(r), 2);
    ck_assert_str_eq(sdm_ranking_history_medication(r, 0), "olanzapine");
    ck_assert_int_eq(sdm_ranking_history_outcome(r, 0), SDM_OUTCOME_STOPPED);
    ck_assert_str_eq(sdm_ranking_history_why(r, 0), "weight");
    ck_assert_int_eq(sdm_ranking_history_had_effect(r, 0, test_index(cat, "weight_gain")), 1);
    ck_assert_int_eq(sdm_ranking_history_outcome(r, 1), SDM_OUTCOME_UNSPECIFIED);
    ck_assert_str_eq(sdm_ranking_history_why(r, 1), "");
    sdm_ranking_free(r);
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(completed_by_ids_both_ways)
{
    sdm_completed_by who;
    for (int i = SDM_COMPLETED_BY_UNSPECIFIED; i <= SDM_COMPLETED_BY_TOGETHER; i++) {
        ck_assert_ok(sdm_completed_by_from_id(sdm_completed_by_id((sdm_completed_by)i), &who));
        ck_assert_int_eq(who, i);
    }
    ck_assert_status(sdm_completed_by_from_id("nurse", &who), SDM_ERR_NOT_FOUND);
    ck_assert_error_has("nurse");
    ck_assert_status(sdm_completed_by_from_id(NULL, &who), SDM_ERR_INVALID_ARGUMENT);
}
END_TEST

static Suite *ranking_suite(void)
{
    Suite *s = suite_create("ranking");
    TCase *tc = tcase_create("build");
    ADD(tc, completed_by_ids_both_ways);
    ADD(tc, new_is_empty);
    ADD(tc, avoid_and_helpful);
    ADD(tc, remove_and_clear);
    ADD(tc, max_rank);
    ADD(tc, validate);
    ADD(tc, completed_by);
    ADD(tc, copy_independent);
    suite_add_tcase(s, tc);

    tc = tcase_create("errors");
    ADD(tc, error_rank_out_of_range);
    ADD(tc, error_duplicate_rank);
    ADD(tc, error_conflict);
    ADD(tc, error_unknown_id);
    suite_add_tcase(s, tc);

    tc = tcase_create("json");
    ADD(tc, to_json_content);
    ADD(tc, json_round_trip);
    ADD(tc, from_json_forms);
    ADD(tc, from_json_key_order);
    ADD(tc, from_json_errors);
    ADD(tc, from_json_history_and_carer);
    suite_add_tcase(s, tc);
    return s;
}

SDM_TEST_MAIN(ranking_suite)
