/*
 * libsdm - the side-effect catalogue: the default one, loading, and every load error.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L

#include "common.h"

#include <unistd.h>

/* ---- the default catalogue ----------------------------------------------- */

static const char *const group_ids[8] = {
    "sleep", "weight", "stomach_and_mouth", "metabolic", "sex_and_periods", "body",
    "movement", "heart_and_circulation",
};
static const char *const group_labels[8] = {
    "Sleep", "Weight", "Stomach and mouth", "Blood sugar and cholesterol", "Sex and periods",
    "Body", "Movement", "Heart and circulation",
};

START_TEST(default_metadata)
{
    sdm_catalogue *cat = test_default_catalogue();
    ck_assert_uint_eq(sdm_catalogue_count(cat), 36);
    ck_assert_str_eq(sdm_catalogue_name(cat), "manchester-36");
    ck_assert_str_eq(sdm_catalogue_version(cat), "2026.11");
    ck_assert_ptr_nonnull(sdm_catalogue_title(cat));
    ck_assert_str_ne(sdm_catalogue_title(cat), "");
    ck_assert_ptr_nonnull(sdm_catalogue_citation(cat));
    ck_assert_ptr_nonnull(strstr(sdm_catalogue_citation(cat), "Brooks"));
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(default_spot_checks)
{
    sdm_catalogue *cat = test_default_catalogue();
    /* first */
    ck_assert_str_eq(sdm_catalogue_id(cat, 0), "day_sleepiness");
    ck_assert_str_eq(sdm_catalogue_label(cat, 0), "Difficulty staying awake during the day");
    ck_assert_str_eq(sdm_catalogue_group_id(cat, sdm_catalogue_item_group(cat, 0)), "sleep");
    /* last */
    ck_assert_str_eq(sdm_catalogue_id(cat, 35), "heart_problems");
    ck_assert_str_eq(sdm_catalogue_label(cat, 35), "Small risk of heart problems");
    ck_assert_str_eq(sdm_catalogue_group_id(cat, sdm_catalogue_item_group(cat, 35)),
                     "heart_and_circulation");
    /* several */
    ck_assert_str_eq(sdm_catalogue_id(cat, 2), "night_sleepiness");
    ck_assert_int_eq(sdm_catalogue_commonly_helpful(cat, 2), 1);
    ck_assert_str_eq(sdm_catalogue_id(cat, 6), "weight_gain");
    ck_assert_str_eq(sdm_catalogue_label(cat, 6), "Weight gain");
    ck_assert_int_eq(sdm_catalogue_commonly_helpful(cat, 6), 0);
    ck_assert_str_eq(sdm_catalogue_id(cat, 7), "weight_loss");
    ck_assert_int_eq(sdm_catalogue_commonly_helpful(cat, 7), 1);
    ck_assert_str_eq(sdm_catalogue_id(cat, 10), "dry_mouth");
    ck_assert_str_eq(sdm_catalogue_id(cat, 28), "restless_limbs");
    ck_assert_str_eq(sdm_catalogue_label(cat, 28),
                     "Parts of the body restless, seem to move by themselves (e.g. feet)");
    ck_assert_str_eq(sdm_catalogue_id(cat, 33), "sun_sensitivity");
    ck_assert_str_eq(sdm_catalogue_group_id(cat, sdm_catalogue_item_group(cat, 33)), "body");
    ck_assert_str_eq(sdm_catalogue_dimension(cat, 4), "insomnia");
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(default_every_item)
{
    sdm_catalogue *cat = test_default_catalogue();
    ck_assert_uint_eq(sdm_catalogue_count(cat), 36);
    for (size_t i = 0; i < 36; i++) {
        const struct test_item *it = &DEFAULT_ITEMS[i];
        ck_assert_str_eq(sdm_catalogue_id(cat, i), it->id);
        ck_assert_str_eq(sdm_catalogue_label(cat, i), it->label);
        ck_assert_str_eq(sdm_catalogue_dimension(cat, i), it->dimension);
        ck_assert_int_eq(sdm_catalogue_commonly_helpful(cat, i), it->commonly_helpful);
        size_t g = sdm_catalogue_item_group(cat, i);
        ck_assert_uint_lt(g, 8);
        ck_assert_str_eq(sdm_catalogue_group_id(cat, g), it->group);
        size_t index = 99;
        ck_assert_ok(sdm_catalogue_find(cat, it->id, &index));
        ck_assert_uint_eq(index, i);
    }
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(default_groups)
{
    sdm_catalogue *cat = test_default_catalogue();
    ck_assert_uint_eq(sdm_catalogue_group_count(cat), 8);
    for (size_t g = 0; g < 8; g++) {
        ck_assert_str_eq(sdm_catalogue_group_id(cat, g), group_ids[g]);
        ck_assert_str_eq(sdm_catalogue_group_label(cat, g), group_labels[g]);
    }
    /* in order of first appearance among the items */
    size_t next = 0;
    for (size_t i = 0; i < 36; i++) {
        size_t g = sdm_catalogue_item_group(cat, i);
        ck_assert_uint_le(g, next);
        if (g == next)
            next++;
    }
    ck_assert_uint_eq(next, 8);
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(find_suggestion)
{
    sdm_catalogue *cat = test_default_catalogue();
    size_t index = 1234;
    ck_assert_status(sdm_catalogue_find(cat, "weight_gian", &index), SDM_ERR_NOT_FOUND);
    ck_assert_error_has("weight_gian");
    ck_assert_error_has("weight_gain");
    ck_assert_uint_eq(index, 1234);   /* untouched */

    ck_assert_status(sdm_catalogue_find(cat, "dry_mouht", &index), SDM_ERR_NOT_FOUND);
    ck_assert_error_has("dry_mouht");
    ck_assert_error_has("dry_mouth");

    ck_assert_status(sdm_catalogue_find(cat, "xyzzy_plugh_quux", &index), SDM_ERR_NOT_FOUND);
    ck_assert_error_has("xyzzy_plugh_quux");

    /* ids are case-sensitive */
    ck_assert_status(sdm_catalogue_find(cat, "Weight_gain", &index), SDM_ERR_NOT_FOUND);
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(out_of_range_getters)
{
    sdm_catalogue *cat = test_default_catalogue();
    ck_assert_ptr_null(sdm_catalogue_id(cat, 36));
    ck_assert_ptr_null(sdm_catalogue_label(cat, 36));
    ck_assert_ptr_null(sdm_catalogue_dimension(cat, 36));
    ck_assert_int_eq(sdm_catalogue_commonly_helpful(cat, 36), 0);
    ck_assert_uint_eq(sdm_catalogue_item_group(cat, 36), (size_t)-1);
    ck_assert_ptr_null(sdm_catalogue_id(cat, (size_t)-1));
    ck_assert_ptr_null(sdm_catalogue_label(cat, (size_t)-1));
    ck_assert_ptr_null(sdm_catalogue_group_id(cat, 8));
    ck_assert_ptr_null(sdm_catalogue_group_label(cat, 8));
    ck_assert_ptr_null(sdm_catalogue_group_id(cat, (size_t)-1));

    /* NULL catalogue */
    ck_assert_uint_eq(sdm_catalogue_count(NULL), 0);
    ck_assert_uint_eq(sdm_catalogue_group_count(NULL), 0);
    ck_assert_ptr_null(sdm_catalogue_id(NULL, 0));
    ck_assert_ptr_null(sdm_catalogue_label(NULL, 0));
    ck_assert_ptr_null(sdm_catalogue_dimension(NULL, 0));
    ck_assert_int_eq(sdm_catalogue_commonly_helpful(NULL, 0), 0);
    ck_assert_uint_eq(sdm_catalogue_item_group(NULL, 0), (size_t)-1);
    ck_assert_ptr_null(sdm_catalogue_group_id(NULL, 0));
    ck_assert_ptr_null(sdm_catalogue_group_label(NULL, 0));
    ck_assert_ptr_null(sdm_catalogue_name(NULL));
    ck_assert_ptr_null(sdm_catalogue_title(NULL));
    ck_assert_ptr_null(sdm_catalogue_version(NULL));
    ck_assert_ptr_null(sdm_catalogue_citation(NULL));
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(null_arguments)
{
    sdm_catalogue *cat = test_default_catalogue();
    size_t index;
    ck_assert_status(sdm_catalogue_default(NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_catalogue_find(NULL, "weight_gain", &index), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_catalogue_find(cat, NULL, &index), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_catalogue_find(cat, "weight_gain", NULL), SDM_ERR_INVALID_ARGUMENT);

    sdm_catalogue *out = NULL;
    const char *json = "{}";
    ck_assert_status(sdm_catalogue_load_json(NULL, 2, &out), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_catalogue_load_json(json, 2, NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_catalogue_load_file(NULL, &out), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_catalogue_load_file("/tmp/x.json", NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_null(out);
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(ref_and_free_any_order)
{
    sdm_catalogue *cat = test_default_catalogue();
    ck_assert_ptr_eq(sdm_catalogue_ref(cat), cat);
    ck_assert_ptr_eq(sdm_catalogue_ref(cat), cat);
    sdm_catalogue_free(cat);
    sdm_catalogue_free(cat);
    /* one reference left */
    ck_assert_uint_eq(sdm_catalogue_count(cat), 36);

    /* a ranking keeps the catalogue alive */
    sdm_ranking *r = NULL;
    ck_assert_ok(sdm_ranking_new(cat, &r));
    sdm_catalogue_free(cat);
    const sdm_catalogue *kept = sdm_ranking_catalogue(r);
    ck_assert_ptr_eq(kept, cat);
    ck_assert_uint_eq(sdm_catalogue_count(kept), 36);
    ck_assert_str_eq(sdm_catalogue_id(kept, 6), "weight_gain");
    ck_assert_ok(sdm_ranking_avoid(r, "weight_gain", 1));
    sdm_ranking_free(r);

    /* and the other order */
    cat = test_default_catalogue();
    ck_assert_ok(sdm_ranking_new(cat, &r));
    sdm_ranking_free(r);
    ck_assert_uint_eq(sdm_catalogue_count(cat), 36);
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(equal)
{
    sdm_catalogue *a = test_default_catalogue();
    sdm_catalogue *b = test_default_catalogue();
    sdm_catalogue *t1 = test6_catalogue();
    sdm_catalogue *t2 = test6_catalogue();
    ck_assert_int_eq(sdm_catalogue_equal(a, a), 1);
    ck_assert_int_eq(sdm_catalogue_equal(a, b), 1);
    ck_assert_int_eq(sdm_catalogue_equal(t1, t2), 1);
    ck_assert_int_eq(sdm_catalogue_equal(a, t1), 0);
    ck_assert_int_eq(sdm_catalogue_equal(t1, a), 0);
    ck_assert_int_eq(sdm_catalogue_equal(a, NULL), 0);
    ck_assert_int_eq(sdm_catalogue_equal(NULL, a), 0);
    ck_assert_int_eq(sdm_catalogue_equal(NULL, NULL), 0);

    /* same ids in the same order, other labels: equal */
    sdm_catalogue *relabelled = test_catalogue(
        "{'format': 'sdm-catalogue', 'format_version': 1, 'id': 'other', 'version': '2',"
        " 'groups': [{'id': 'all', 'label': 'All'}],"
        " 'items': [{'id': 'night_sleepiness', 'label': 'N', 'group': 'all'},"
        "  {'id': 'weight_gain', 'label': 'W', 'group': 'all'},"
        "  {'id': 'dry_mouth', 'label': 'D', 'group': 'all'},"
        "  {'id': 'tremor', 'label': 'T', 'group': 'all'},"
        "  {'id': 'restlessness', 'label': 'R', 'group': 'all'},"
        "  {'id': 'constipation', 'label': 'C', 'group': 'all'}]}");
    ck_assert_int_eq(sdm_catalogue_equal(t1, relabelled), 1);

    /* same ids in another order: not equal */
    sdm_catalogue *reordered = test_catalogue(
        "{'format': 'sdm-catalogue', 'format_version': 1, 'id': 'test-6', 'version': '7',"
        " 'groups': [{'id': 'all', 'label': 'All'}],"
        " 'items': [{'id': 'weight_gain', 'label': 'W', 'group': 'all'},"
        "  {'id': 'night_sleepiness', 'label': 'N', 'group': 'all'},"
        "  {'id': 'dry_mouth', 'label': 'D', 'group': 'all'},"
        "  {'id': 'tremor', 'label': 'T', 'group': 'all'},"
        "  {'id': 'restlessness', 'label': 'R', 'group': 'all'},"
        "  {'id': 'constipation', 'label': 'C', 'group': 'all'}]}");
    ck_assert_int_eq(sdm_catalogue_equal(t1, reordered), 0);

    /* a prefix: not equal */
    sdm_catalogue *shorter = test_catalogue(
        "{'format': 'sdm-catalogue', 'format_version': 1, 'id': 'test-6', 'version': '7',"
        " 'groups': [{'id': 'all', 'label': 'All'}],"
        " 'items': [{'id': 'night_sleepiness', 'label': 'N', 'group': 'all'},"
        "  {'id': 'weight_gain', 'label': 'W', 'group': 'all'},"
        "  {'id': 'dry_mouth', 'label': 'D', 'group': 'all'},"
        "  {'id': 'tremor', 'label': 'T', 'group': 'all'},"
        "  {'id': 'restlessness', 'label': 'R', 'group': 'all'}]}");
    ck_assert_int_eq(sdm_catalogue_equal(t1, shorter), 0);
    ck_assert_int_eq(sdm_catalogue_equal(shorter, t1), 0);

    sdm_catalogue_free(shorter);
    sdm_catalogue_free(reordered);
    sdm_catalogue_free(relabelled);
    sdm_catalogue_free(t2);
    sdm_catalogue_free(t1);
    sdm_catalogue_free(b);
    sdm_catalogue_free(a);
}
END_TEST

/* ---- loading a hand-written catalogue ------------------------------------ */

START_TEST(load_hand_made)
{
    sdm_catalogue *cat = test6_catalogue();
    ck_assert_str_eq(sdm_catalogue_name(cat), "test-6");
    ck_assert_str_eq(sdm_catalogue_version(cat), "7");
    ck_assert_str_eq(sdm_catalogue_title(cat), "Six side effects");
    ck_assert_str_eq(sdm_catalogue_citation(cat), "Made up for the tests.");
    ck_assert_uint_eq(sdm_catalogue_count(cat), 6);

    static const char *const ids[6] = {"night_sleepiness", "weight_gain", "dry_mouth", "tremor",
                                       "restlessness", "constipation"};
    static const char *const labels[6] = {"Sleepy at night", "Putting on weight", "Dry mouth",
                                          "Shaking", "Restless feeling", "Constipation"};
    static const char *const dims[6] = {"sedation", "weight_gain", "", "", "", ""};
    static const int helpful[6] = {1, 0, 0, 0, 0, 0};
    static const size_t groups[6] = {0, 1, 2, 2, 2, 2};
    for (size_t i = 0; i < 6; i++) {
        ck_assert_str_eq(sdm_catalogue_id(cat, i), ids[i]);
        ck_assert_str_eq(sdm_catalogue_label(cat, i), labels[i]);
        ck_assert_str_eq(sdm_catalogue_dimension(cat, i), dims[i]);
        ck_assert_int_eq(sdm_catalogue_commonly_helpful(cat, i), helpful[i]);
        ck_assert_uint_eq(sdm_catalogue_item_group(cat, i), groups[i]);
        ck_assert_uint_eq(test_index(cat, ids[i]), i);
    }
    ck_assert_ptr_null(sdm_catalogue_id(cat, 6));
    ck_assert_uint_eq(sdm_catalogue_group_count(cat), 3);
    ck_assert_str_eq(sdm_catalogue_group_id(cat, 0), "sleep");
    ck_assert_str_eq(sdm_catalogue_group_label(cat, 0), "Sleep");
    ck_assert_str_eq(sdm_catalogue_group_id(cat, 1), "weight");
    ck_assert_str_eq(sdm_catalogue_group_label(cat, 1), "Weight");
    ck_assert_str_eq(sdm_catalogue_group_id(cat, 2), "body");
    ck_assert_str_eq(sdm_catalogue_group_label(cat, 2), "Body");
    ck_assert_ptr_null(sdm_catalogue_group_id(cat, 3));

    size_t index;
    ck_assert_status(sdm_catalogue_find(cat, "day_sleepiness", &index), SDM_ERR_NOT_FOUND);
    sdm_catalogue_free(cat);
}
END_TEST

#define MIN_HEAD "'format': 'sdm-catalogue', 'format_version': 1, 'id': 'x', 'version': '1', "
#define MIN_GROUPS "'groups': [{'id': 'g', 'label': 'G'}]"
#define MIN_ITEMS "'items': [{'id': 'a', 'label': 'A', 'group': 'g'}, {'id': 'b', 'label': 'B', 'group': 'g'}]"

START_TEST(load_minimal)
{
    sdm_catalogue *cat = test_catalogue("{" MIN_HEAD MIN_GROUPS ", " MIN_ITEMS "}");
    ck_assert_uint_eq(sdm_catalogue_count(cat), 2);
    ck_assert_str_eq(sdm_catalogue_name(cat), "x");
    ck_assert_str_eq(sdm_catalogue_version(cat), "1");
    ck_assert_str_eq(sdm_catalogue_title(cat), "");
    ck_assert_str_eq(sdm_catalogue_citation(cat), "");
    ck_assert_str_eq(sdm_catalogue_dimension(cat, 1), "");
    ck_assert_int_eq(sdm_catalogue_commonly_helpful(cat, 1), 0);
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(load_not_nul_terminated)
{
    /* only `len` bytes are read: what follows is not part of the text */
    char *json = tj("{" MIN_HEAD MIN_GROUPS ", " MIN_ITEMS "}garbage that is not JSON");
    size_t len = strlen(json) - strlen("garbage that is not JSON");
    sdm_catalogue *cat = NULL;
    ck_assert_ok(sdm_catalogue_load_json(json, len, &cat));
    ck_assert_uint_eq(sdm_catalogue_count(cat), 2);
    sdm_catalogue_free(cat);

    /* and a buffer with no NUL at all */
    char *exact = malloc(len);
    memcpy(exact, json, len);
    cat = NULL;
    ck_assert_ok(sdm_catalogue_load_json(exact, len, &cat));
    ck_assert_uint_eq(sdm_catalogue_count(cat), 2);
    sdm_catalogue_free(cat);
    free(exact);
    free(json);
}
END_TEST

START_TEST(load_id_limit)
{
    /* 64 bytes is the longest id allowed */
    char id64[65], id65[66];
    memset(id64, 'a', 64);
    id64[64] = '\0';
    memset(id65, 'b', 65);
    id65[65] = '\0';
    char doc[1024];

    snprintf(doc, sizeof doc, "{" MIN_HEAD MIN_GROUPS ", 'items': [{'id': '%s', 'label': 'A', 'group': 'g'}]}", id64);
    sdm_catalogue *cat = test_catalogue(doc);
    ck_assert_str_eq(sdm_catalogue_id(cat, 0), id64);
    sdm_catalogue_free(cat);

    snprintf(doc, sizeof doc, "{" MIN_HEAD MIN_GROUPS ", 'items': [{'id': '%s', 'label': 'A', 'group': 'g'}]}", id65);
    char *json = tj(doc);
    cat = NULL;
    ck_assert_status2(sdm_catalogue_load_json(json, strlen(json), &cat), SDM_ERR_LIMIT, SDM_ERR_SCHEMA);
    ck_assert_ptr_null(cat);
    free(json);
}
END_TEST

START_TEST(load_document_limit)
{
    /* a document over SDM_MAX_DOCUMENT bytes is refused before it is parsed */
    size_t len = (size_t)SDM_MAX_DOCUMENT + 1;
    char *big = malloc(len);
    ck_assert_ptr_nonnull(big);
    memset(big, ' ', len);
    big[0] = '{';
    big[len - 1] = '}';
    sdm_catalogue *cat = NULL;
    ck_assert_status(sdm_catalogue_load_json(big, len, &cat), SDM_ERR_LIMIT);
    ck_assert_ptr_null(cat);
    free(big);
}
END_TEST

/* A key twice in one object is named with its place (jansson gives only the
 * place): the last quoted string before it, escaped quotes included. */
START_TEST(load_duplicate_key_named)
{
    static const char twice[] = "{\"format\": \"sdm-catalogue\", \"format\": \"sdm-catalogue\"}";
    sdm_catalogue *cat = NULL;
    ck_assert_status(sdm_catalogue_load_json(twice, strlen(twice), &cat), SDM_ERR_DUPLICATE);
    ck_assert_error_has(":1:");
    ck_assert_error_has("key 'format' appears twice in one object");
    ck_assert_ptr_null(cat);
    static const char escaped[] = "{\"a\\\"b\": 1,\n \"a\\\"b\": 2}";
    ck_assert_status(sdm_catalogue_load_json(escaped, strlen(escaped), &cat), SDM_ERR_DUPLICATE);
    ck_assert_error_has(":2:");
    ck_assert_error_has("key 'a\\\"b' appears twice in one object");
    ck_assert_ptr_null(cat);
}
END_TEST

/* A file without end (/dev/zero) is read up to the buffer's limit, then
 * refused with the file named, not read for ever. */
START_TEST(load_file_without_end)
{
    sdm_catalogue *cat = NULL;
    ck_assert_status(sdm_catalogue_load_file("/dev/zero", &cat), SDM_ERR_LIMIT);
    ck_assert_error_has("/dev/zero: the file is larger than the limit of 16777216 bytes");
    ck_assert_ptr_null(cat);
}
END_TEST

START_TEST(load_size_limits)
{
    /* SDM_MAX_ITEMS items load; one more is over the limit */
    size_t cap = 64 * (SDM_MAX_ITEMS + 2) + 256;
    char *doc = malloc(cap);
    for (int extra = 0; extra <= 1; extra++) {
        size_t n = SDM_MAX_ITEMS + (size_t)extra;
        size_t len = (size_t)snprintf(doc, cap, "{" MIN_HEAD MIN_GROUPS ", 'items': [");
        for (size_t i = 0; i < n; i++)
            len += (size_t)snprintf(doc + len, cap - len, "%s{'id': 'i%zu', 'label': 'L', 'group': 'g'}",
                                    i ? ", " : "", i);
        snprintf(doc + len, cap - len, "]}");
        char *json = tj(doc);
        sdm_catalogue *cat = NULL;
        if (extra == 0) {
            ck_assert_ok(sdm_catalogue_load_json(json, strlen(json), &cat));
            ck_assert_uint_eq(sdm_catalogue_count(cat), SDM_MAX_ITEMS);
            sdm_catalogue_free(cat);
        } else {
            ck_assert_status(sdm_catalogue_load_json(json, strlen(json), &cat), SDM_ERR_LIMIT);
            ck_assert_ptr_null(cat);
        }
        free(json);
    }
    free(doc);

    /* a label of SDM_MAX_STRING bytes loads; one byte more is over the limit */
    size_t doc_cap = SDM_MAX_STRING + 512;
    doc = malloc(doc_cap);
    char *label = malloc(SDM_MAX_STRING + 2);
    for (int extra = 0; extra <= 1; extra++) {
        memset(label, 'x', SDM_MAX_STRING + (size_t)extra);
        label[SDM_MAX_STRING + extra] = '\0';
        snprintf(doc, doc_cap, "{" MIN_HEAD MIN_GROUPS ", 'items': [{'id': 'a', 'label': '%s', 'group': 'g'}]}",
                 label);
        char *json = tj(doc);
        sdm_catalogue *cat = NULL;
        if (extra == 0) {
            ck_assert_ok(sdm_catalogue_load_json(json, strlen(json), &cat));
            ck_assert_uint_eq(strlen(sdm_catalogue_label(cat, 0)), SDM_MAX_STRING);
            sdm_catalogue_free(cat);
        } else {
            ck_assert_status(sdm_catalogue_load_json(json, strlen(json), &cat), SDM_ERR_LIMIT);
            ck_assert_ptr_null(cat);
        }
        free(json);
    }
    free(label);
    free(doc);
}
END_TEST

START_TEST(load_text_escapes)
{
    /* escapes and UTF-8 come back as the text they stand for */
    sdm_catalogue *cat = test_catalogue(
        "{" MIN_HEAD MIN_GROUPS ", 'items': [{'id': 'a', 'label': 'Caf\\u00e9 \\'au lait\\' \\\\ \xe2\x80\x93 x', 'group': 'g'}]}");
    ck_assert_str_eq(sdm_catalogue_label(cat, 0), "Caf\xc3\xa9 \"au lait\" \\ \xe2\x80\x93 x");
    sdm_catalogue_free(cat);
}
END_TEST

/* Loads `sq_json` and expects `status`, a message naming `needle` (if given)
 * and nothing handed back. */
static void expect_error(const char *sq_json, sdm_status status, const char *needle)
{
    char *json = tj(sq_json);
    sdm_catalogue *cat = NULL;
    sdm_clear_error();
    sdm_status st = sdm_catalogue_load_json(json, strlen(json), &cat);
    ck_assert_msg(st == status, "loading %s: expected %d (%s), got %d (%s): '%s'", json,
                  (int)status, sdm_strerror(status), (int)st, sdm_strerror(st), sdm_last_error());
    ck_assert_ptr_null(cat);
    ck_assert_str_ne(sdm_last_error(), "");
    if (needle != NULL)
        ck_assert_msg(strstr(sdm_last_error(), needle) != NULL,
                      "loading %s: message '%s' does not name '%s'", json, sdm_last_error(), needle);
    free(json);
}

START_TEST(error_not_json)
{
    expect_error("{\n  'format': }", SDM_ERR_PARSE, "2:");
    expect_error("", SDM_ERR_PARSE, NULL);
    expect_error("{" MIN_HEAD MIN_GROUPS ", " MIN_ITEMS "} trailing", SDM_ERR_PARSE, NULL);
    expect_error("{'format': 'sdm-catalogue',\n 'format_version': 1,\n 'id': 'x',,\n}",
                 SDM_ERR_PARSE, "3:");
}
END_TEST

START_TEST(error_format)
{
    expect_error("{'format': 'sdm-formulary', 'format_version': 1, 'id': 'x', 'version': '1', "
                 MIN_GROUPS ", " MIN_ITEMS "}", SDM_ERR_SCHEMA, "format");
    expect_error("{'format_version': 1, 'id': 'x', 'version': '1', " MIN_GROUPS ", " MIN_ITEMS "}",
                 SDM_ERR_SCHEMA, "format");
    expect_error("{'format': 'sdm-catalogue', 'format_version': 2, 'id': 'x', 'version': '1', "
                 MIN_GROUPS ", " MIN_ITEMS "}", SDM_ERR_SCHEMA, "format_version");
    expect_error("{'format': 'sdm-catalogue', 'format_version': '1', 'id': 'x', 'version': '1', "
                 MIN_GROUPS ", " MIN_ITEMS "}", SDM_ERR_SCHEMA, "format_version");
    expect_error("[]", SDM_ERR_SCHEMA, NULL);
    expect_error("'sdm-catalogue'", SDM_ERR_SCHEMA, NULL);
}
END_TEST

START_TEST(error_missing_required)
{
    expect_error("{" MIN_HEAD MIN_GROUPS "}", SDM_ERR_SCHEMA, "items");
    expect_error("{" MIN_HEAD MIN_ITEMS "}", SDM_ERR_SCHEMA, "groups");
    expect_error("{'format': 'sdm-catalogue', 'format_version': 1, 'version': '1', "
                 MIN_GROUPS ", " MIN_ITEMS "}", SDM_ERR_SCHEMA, "id");
    expect_error("{'format': 'sdm-catalogue', 'format_version': 1, 'id': 'x', "
                 MIN_GROUPS ", " MIN_ITEMS "}", SDM_ERR_SCHEMA, "version");
    /* an item without a label, without an id, without a group */
    expect_error("{" MIN_HEAD MIN_GROUPS ", 'items': [{'id': 'a', 'label': 'A', 'group': 'g'},"
                 " {'id': 'b', 'group': 'g'}]}", SDM_ERR_SCHEMA, "label");
    expect_error("{" MIN_HEAD MIN_GROUPS ", 'items': [{'label': 'A', 'group': 'g'}]}",
                 SDM_ERR_SCHEMA, "id");
    expect_error("{" MIN_HEAD MIN_GROUPS ", 'items': [{'id': 'a', 'label': 'A'}]}",
                 SDM_ERR_SCHEMA, "group");
    /* a group without a label */
    expect_error("{" MIN_HEAD "'groups': [{'id': 'g'}], " MIN_ITEMS "}", SDM_ERR_SCHEMA, "label");
}
END_TEST

START_TEST(error_empty_arrays)
{
    expect_error("{" MIN_HEAD MIN_GROUPS ", 'items': []}", SDM_ERR_SCHEMA, "items");
    expect_error("{" MIN_HEAD "'groups': [], " MIN_ITEMS "}", SDM_ERR_SCHEMA, "groups");
}
END_TEST

START_TEST(error_wrong_types)
{
    /* an item that is not an object */
    expect_error("{" MIN_HEAD MIN_GROUPS ", 'items': [{'id': 'a', 'label': 'A', 'group': 'g'}, 'b']}",
                 SDM_ERR_SCHEMA, "items[1]");
    expect_error("{" MIN_HEAD MIN_GROUPS ", 'items': {'a': {'label': 'A', 'group': 'g'}}}",
                 SDM_ERR_SCHEMA, "items");
    expect_error("{" MIN_HEAD MIN_GROUPS ", 'items': [{'id': 5, 'label': 'A', 'group': 'g'}]}",
                 SDM_ERR_SCHEMA, "id");
    expect_error("{" MIN_HEAD MIN_GROUPS ", 'items': [{'id': 'a', 'label': ['A'], 'group': 'g'}]}",
                 SDM_ERR_SCHEMA, "label");
    expect_error("{" MIN_HEAD MIN_GROUPS ", 'items': [{'id': 'a', 'label': 'A', 'group': 'g',"
                 " 'commonly_helpful': 'yes'}]}", SDM_ERR_SCHEMA, "commonly_helpful");
    expect_error("{" MIN_HEAD MIN_GROUPS ", 'items': [{'id': 'a', 'label': 'A', 'group': 'g',"
                 " 'dimension': 3}]}", SDM_ERR_SCHEMA, "dimension");
    expect_error("{'format': 'sdm-catalogue', 'format_version': 1, 'id': 'x', 'version': 1, "
                 MIN_GROUPS ", " MIN_ITEMS "}", SDM_ERR_SCHEMA, "version");
}
END_TEST

START_TEST(error_unknown_group)
{
    expect_error("{" MIN_HEAD MIN_GROUPS ", 'items': [{'id': 'a', 'label': 'A', 'group': 'g'},"
                 " {'id': 'b', 'label': 'B', 'group': 'gruop'}]}", SDM_ERR_SCHEMA, "gruop");
}
END_TEST

START_TEST(error_duplicates)
{
    /* a duplicate item id names the id */
    expect_error("{" MIN_HEAD MIN_GROUPS ", 'items': [{'id': 'alpha', 'label': 'A', 'group': 'g'},"
                 " {'id': 'beta', 'label': 'B', 'group': 'g'},"
                 " {'id': 'alpha', 'label': 'C', 'group': 'g'}]}", SDM_ERR_DUPLICATE, "alpha");
    /* a duplicate group id */
    expect_error("{" MIN_HEAD "'groups': [{'id': 'gee', 'label': 'G'}, {'id': 'gee', 'label': 'H'}], "
                 "'items': [{'id': 'a', 'label': 'A', 'group': 'gee'}]}", SDM_ERR_DUPLICATE, "gee");

    /* a duplicate JSON key: DUPLICATE or PARSE, naming the key */
    const char *dup_key = "{" MIN_HEAD MIN_GROUPS ", 'items': [{'id': 'a', 'label': 'A',"
                          " 'label': 'B', 'group': 'g'}]}";
    char *json = tj(dup_key);
    sdm_catalogue *cat = NULL;
    ck_assert_status2(sdm_catalogue_load_json(json, strlen(json), &cat), SDM_ERR_DUPLICATE, SDM_ERR_PARSE);
    ck_assert_ptr_null(cat);
    ck_assert_error_has("label");
    free(json);

    json = tj("{'format': 'sdm-catalogue', 'format': 'sdm-catalogue', 'format_version': 1,"
              " 'id': 'x', 'version': '1', " MIN_GROUPS ", " MIN_ITEMS "}");
    ck_assert_status2(sdm_catalogue_load_json(json, strlen(json), &cat), SDM_ERR_DUPLICATE, SDM_ERR_PARSE);
    ck_assert_ptr_null(cat);
    ck_assert_error_has("format");
    free(json);
}
END_TEST

START_TEST(error_unknown_key)
{
    expect_error("{" MIN_HEAD MIN_GROUPS ", 'items': [{'id': 'a', 'label': 'A', 'group': 'g',"
                 " 'colour': 'red'}]}", SDM_ERR_SCHEMA, "colour");
    expect_error("{" MIN_HEAD MIN_GROUPS ", " MIN_ITEMS ", 'extra_key': 1}", SDM_ERR_SCHEMA, "extra_key");
    expect_error("{" MIN_HEAD "'groups': [{'id': 'g', 'label': 'G', 'icon': 'x'}], " MIN_ITEMS "}",
                 SDM_ERR_SCHEMA, "icon");
}
END_TEST

START_TEST(error_invalid_id)
{
    expect_error("{" MIN_HEAD MIN_GROUPS ", 'items': [{'id': 'weight gain', 'label': 'A', 'group': 'g'}]}",
                 SDM_ERR_SCHEMA, "weight gain");
    expect_error("{" MIN_HEAD MIN_GROUPS ", 'items': [{'id': 'a/b', 'label': 'A', 'group': 'g'}]}",
                 SDM_ERR_SCHEMA, "a/b");
    expect_error("{" MIN_HEAD MIN_GROUPS ", 'items': [{'id': '', 'label': 'A', 'group': 'g'}]}",
                 SDM_ERR_SCHEMA, NULL);
    expect_error("{" MIN_HEAD "'groups': [{'id': 'g g', 'label': 'G'}], "
                 "'items': [{'id': 'a', 'label': 'A', 'group': 'g g'}]}", SDM_ERR_SCHEMA, "g g");
    expect_error("{'format': 'sdm-catalogue', 'format_version': 1, 'id': 'my catalogue', 'version': '1', "
                 MIN_GROUPS ", " MIN_ITEMS "}", SDM_ERR_SCHEMA, "my catalogue");
}
END_TEST

/* ---- load_file ----------------------------------------------------------- */

START_TEST(load_file_missing)
{
    const char *path = "/nonexistent-sdm-dir/no-such-catalogue.json";
    sdm_catalogue *cat = NULL;
    ck_assert_status(sdm_catalogue_load_file(path, &cat), SDM_ERR_IO);
    ck_assert_ptr_null(cat);
    ck_assert_error_has(path);
}
END_TEST

START_TEST(load_file_ok)
{
    char *json = tj(TEST6_CATALOGUE);
    char *path = test_write_temp(json);
    sdm_catalogue *cat = NULL;
    ck_assert_ok(sdm_catalogue_load_file(path, &cat));
    ck_assert_uint_eq(sdm_catalogue_count(cat), 6);
    ck_assert_str_eq(sdm_catalogue_label(cat, 3), "Shaking");
    sdm_catalogue_free(cat);
    unlink(path);
    free(path);
    free(json);
}
END_TEST

START_TEST(load_file_error_names_file)
{
    char *json = tj("{" MIN_HEAD MIN_GROUPS ", 'items': [{'id': 'a', 'label': 'A', 'group': 'g',"
                    " 'colour': 'red'}]}");
    char *path = test_write_temp(json);
    sdm_catalogue *cat = NULL;
    ck_assert_status(sdm_catalogue_load_file(path, &cat), SDM_ERR_SCHEMA);
    ck_assert_ptr_null(cat);
    ck_assert_msg(strncmp(sdm_last_error(), path, strlen(path)) == 0,
                  "message '%s' does not start with '%s'", sdm_last_error(), path);
    ck_assert_error_has("colour");
    unlink(path);
    free(path);
    free(json);

    /* a parse error: path, then line and column */
    path = test_write_temp("{\n  \"format\": }");
    ck_assert_status(sdm_catalogue_load_file(path, &cat), SDM_ERR_PARSE);
    ck_assert_msg(strncmp(sdm_last_error(), path, strlen(path)) == 0,
                  "message '%s' does not start with '%s'", sdm_last_error(), path);
    ck_assert_error_has(":2:");
    unlink(path);
    free(path);
}
END_TEST

static Suite *catalogue_suite(void)
{
    Suite *s = suite_create("catalogue");
    TCase *tc = tcase_create("default");
    ADD(tc, default_metadata);
    ADD(tc, default_spot_checks);
    ADD(tc, default_every_item);
    ADD(tc, default_groups);
    ADD(tc, find_suggestion);
    ADD(tc, out_of_range_getters);
    ADD(tc, null_arguments);
    ADD(tc, ref_and_free_any_order);
    ADD(tc, equal);
    suite_add_tcase(s, tc);

    tc = tcase_create("load");
    tcase_set_timeout(tc, 30);
    ADD(tc, load_hand_made);
    ADD(tc, load_minimal);
    ADD(tc, load_not_nul_terminated);
    ADD(tc, load_id_limit);
    ADD(tc, load_document_limit);
    ADD(tc, load_size_limits);
    ADD(tc, load_text_escapes);
    ADD(tc, error_not_json);
    ADD(tc, error_format);
    ADD(tc, error_missing_required);
    ADD(tc, error_empty_arrays);
    ADD(tc, error_wrong_types);
    ADD(tc, error_unknown_group);
    ADD(tc, error_duplicates);
    ADD(tc, error_unknown_key);
    ADD(tc, error_invalid_id);
    ADD(tc, load_file_missing);
    ADD(tc, load_file_ok);
    ADD(tc, load_file_error_names_file);
    ADD(tc, load_duplicate_key_named);
    ADD(tc, load_file_without_end);
    suite_add_tcase(s, tc);
    return s;
}

SDM_TEST_MAIN(catalogue_suite)
