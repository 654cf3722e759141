/*
 * libsdm - the information card (Appendix 2): exact text, marking of the
 * person's own side effects, truncation and JSON.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L

#include "common.h"

#include <jansson.h>

#define LEGEND "+ uncommon or mild; ++ commoner or moderately severe; +++ common or more severe."
/* A format-1 formulary records no serious risk: the card says so, on every card. */
/* A test formulary gives no efficacy: the card says so (efficacy.h), never "average". */
#define NO_EFFICACY                                                                                      \
    "\nHow well it works (beside the side effects above): no efficacy data in this formulary (how well " \
    "it works is not shown here and is not assumed to be average).\n"
#define NO_RISKS "\nSerious risks: none is recorded in this formulary, which does not mean that there is none.\n"

/* Over the default catalogue:
 *   aripiprazole  the Appendix 2 card: poor_sleep ++, restlessness ++, feeling_sick +; all else unknown
 *   nullazine     weight_gain none; all else unknown
 *   zetaprine     weight_gain +++, constipation ++, weight_loss +, tremor +,
 *                 day_sleepiness none, dry_mouth none; all else unknown; no ATC */
#define CARDS \
    "{'format': 'sdm-formulary', 'format_version': 1, 'id': 'cards', 'version': '2026.11'," \
    " 'catalogue': 'manchester-36', 'notice': 'For illustration only.'," \
    " 'sources': [{'key': 'card', 'citation': 'The Manchester information card'}," \
    "             {'key': 's', 'citation': 'Source S'}]," \
    " 'medications': [" \
    "  {'id': 'aripiprazole', 'name': 'Aripiprazole', 'atc': 'N05AX12', 'ratings': {" \
    "    'poor_sleep': {'rating': 2, 'source': 'card'}," \
    "    'restlessness': {'rating': 2, 'source': 'card'}," \
    "    'feeling_sick': {'rating': 1, 'source': 'card'}}}," \
    "  {'id': 'nullazine', 'name': 'Nullazine', 'atc': 'N05AX99', 'ratings': {" R("weight_gain", 0) "}}," \
    "  {'id': 'zetaprine', 'name': 'Zetaprine', 'ratings': {" \
    R("weight_gain", 3) ", " R("constipation", 2) ", " R("weight_loss", 1) ", " R("tremor", 1) ", " \
    R("day_sleepiness", 0) ", " R("dry_mouth", 0) "}}" \
    " ]}"

/* The card of Appendix 2, worked out line by line. */
static const char ARIPIPRAZOLE_CARD[] =
    "Aripiprazole (N05AX12)\n"
    "\n"
    "  * Difficulty getting off to sleep ++\n"
    "  * Restlessness ++\n"
    "  * Feeling sick +\n"
    "\n"
    "Not known (no source rates it): Difficulty staying awake during the day; "
    "Sleeping late in the mornings; Sleepy in the evening or at night; Tiredness; "
    "Increased dreaming; Weight gain; Weight loss; Over-wet or drooling mouth; Dry mouth; "
    "Constipation; Risk of high blood sugar/diabetes; Risk of high cholesterol; Less sex drive; "
    "Difficulty getting an erection; Difficulty having an orgasm; Periods stopping; "
    "Periods irregular and not often; Increased sweating; Difficulty passing urine; "
    "Blurred vision; Difficulty remembering things; Tension; Slowing of movements; "
    "Stiff muscles; Muscle spasms; Parts of the body restless, seem to move by themselves (e.g. feet); "
    "Small risk of abnormal movements; Shaking or tremor; Dizziness on standing up; "
    "Higher blood pressure; Sensitivity to sun; Noticing your heart beating fast (palpitations); "
    "Small risk of heart problems\n"
    LEGEND "\n"
    NO_EFFICACY
    NO_RISKS
    "\nData version 2026.11. For illustration only.\n";

/* Zetaprine with the ranking: avoid weight_gain 1, day_sleepiness 2,
 * dry_mouth 3, tremor 4, poor_sleep 5; helpful weight_loss. */
static const char ZETAPRINE_MARKED[] =
    "Zetaprine\n"
    "\n"
    "  * Weight gain +++ [your rank 1]\n"
    "  * Constipation ++\n"
    "  * Weight loss + [helpful for you]\n"
    "  * Shaking or tremor + [your rank 4]\n"
    "\n"
    "Rated none: Difficulty staying awake during the day [your rank 2]; Dry mouth [your rank 3]\n"
    "Not known (no source rates it): Sleeping late in the mornings; Sleepy in the evening or at night; "
    "Tiredness; Difficulty getting off to sleep [your rank 5]; Increased dreaming; Feeling sick; "
    "Over-wet or drooling mouth; Risk of high blood sugar/diabetes; Risk of high cholesterol; "
    "Less sex drive; Difficulty getting an erection; Difficulty having an orgasm; Periods stopping; "
    "Periods irregular and not often; Increased sweating; Difficulty passing urine; Blurred vision; "
    "Difficulty remembering things; Tension; Slowing of movements; Stiff muscles; Muscle spasms; "
    "Restlessness; Parts of the body restless, seem to move by themselves (e.g. feet); "
    "Small risk of abnormal movements; Dizziness on standing up; Higher blood pressure; "
    "Sensitivity to sun; Noticing your heart beating fast (palpitations); Small risk of heart problems\n"
    LEGEND "\n"
    NO_EFFICACY
    NO_RISKS
    "\nData version 2026.11. For illustration only.\n";

/* The same without a ranking: no markers, no "Rated none" line. */
static const char ZETAPRINE_PLAIN[] =
    "Zetaprine\n"
    "\n"
    "  * Weight gain +++\n"
    "  * Constipation ++\n"
    "  * Weight loss +\n"
    "  * Shaking or tremor +\n"
    "\n"
    "Not known (no source rates it): Sleeping late in the mornings; Sleepy in the evening or at night; "
    "Tiredness; Difficulty getting off to sleep; Increased dreaming; Feeling sick; "
    "Over-wet or drooling mouth; Risk of high blood sugar/diabetes; Risk of high cholesterol; "
    "Less sex drive; Difficulty getting an erection; Difficulty having an orgasm; Periods stopping; "
    "Periods irregular and not often; Increased sweating; Difficulty passing urine; Blurred vision; "
    "Difficulty remembering things; Tension; Slowing of movements; Stiff muscles; Muscle spasms; "
    "Restlessness; Parts of the body restless, seem to move by themselves (e.g. feet); "
    "Small risk of abnormal movements; Dizziness on standing up; Higher blood pressure; "
    "Sensitivity to sun; Noticing your heart beating fast (palpitations); Small risk of heart problems\n"
    LEGEND "\n"
    NO_EFFICACY
    NO_RISKS
    "\nData version 2026.11. For illustration only.\n";

struct fx {
    sdm_catalogue *cat;
    sdm_formulary *f;
    sdm_ranking *r;
};

static void fx_init(struct fx *x)
{
    x->cat = test_default_catalogue();
    x->f = test_formulary(x->cat, CARDS);
    ck_assert_ok(sdm_ranking_new(x->cat, &x->r));
    ck_assert_ok(sdm_ranking_avoid(x->r, "weight_gain", 1));
    ck_assert_ok(sdm_ranking_avoid(x->r, "day_sleepiness", 2));
    ck_assert_ok(sdm_ranking_avoid(x->r, "dry_mouth", 3));
    ck_assert_ok(sdm_ranking_avoid(x->r, "tremor", 4));
    ck_assert_ok(sdm_ranking_avoid(x->r, "poor_sleep", 5));
    ck_assert_ok(sdm_ranking_helpful(x->r, "weight_loss"));
}

static void fx_free(struct fx *x)
{
    sdm_ranking_free(x->r);
    sdm_formulary_free(x->f);
    sdm_catalogue_free(x->cat);
}

static char *card(const sdm_profile *p, const sdm_ranking *r)
{
    char *text = NULL;
    ck_assert_ok(sdm_card_text(p, r, &text));
    ck_assert_ptr_nonnull(text);
    return text;
}

static void assert_card(const sdm_profile *p, const sdm_ranking *r, const char *expected)
{
    char *text = card(p, r);
    ck_assert_msg(strcmp(text, expected) == 0, "card of %s:\n---\n%s---\nexpected:\n---\n%s---",
                  sdm_profile_id(p), text, expected);
    /* sdm_card_format gives the same text */
    size_t needed = 0;
    size_t n = strlen(expected);
    char *buf = malloc(n + 1);
    ck_assert_ok(sdm_card_format(p, r, buf, n + 1, &needed));
    ck_assert_uint_eq(needed, n);
    ck_assert_str_eq(buf, expected);
    free(buf);
    sdm_free(text);
}

START_TEST(legend)
{
    ck_assert_str_eq(sdm_card_legend(), LEGEND);
}
END_TEST

START_TEST(appendix_2)
{
    struct fx x;
    fx_init(&x);
    assert_card(sdm_formulary_find(x.f, "aripiprazole"), NULL, ARIPIPRAZOLE_CARD);
    fx_free(&x);
}
END_TEST

START_TEST(appendix_2_lines_in_default)
{
    sdm_catalogue *cat = test_default_catalogue();
    sdm_formulary *f = test_default_formulary(cat);
    const sdm_profile *p = sdm_formulary_find(f, "aripiprazole");
    char *text = card(p, NULL);
    ck_assert_msg(strncmp(text, "Aripiprazole (N05AX12)\n\n", 24) == 0, "card:\n%s", text);
    ck_assert_msg(strstr(text, "\n  * Difficulty getting off to sleep ++\n") != NULL, "card:\n%s", text);
    ck_assert_msg(strstr(text, "\n  * Restlessness ++\n") != NULL, "card:\n%s", text);
    ck_assert_msg(strstr(text, "\n  * Feeling sick +\n") != NULL, "card:\n%s", text);
    ck_assert_msg(strstr(text, "\n" LEGEND "\n") != NULL, "card:\n%s", text);
    /* ends with the data version and the notice */
    char tail[1024];
    snprintf(tail, sizeof tail, "\nData version 2026.12. %s\n", sdm_formulary_notice(f));
    size_t n = strlen(text), t = strlen(tail);
    ck_assert_msg(n > t && strcmp(text + n - t, tail) == 0, "card does not end with '%s':\n%s", tail, text);
    /* the marked lines run from most to least marked (the side effects: the
     * lines before the legend; the serious risks and the rest follow it) */
    int last = 3;
    const char *legend = strstr(text, "\n" LEGEND "\n");
    for (const char *line = strstr(text, "\n  * "); line != NULL && line < legend;
         line = strstr(line + 1, "\n  * ")) {
        const char *end = strchr(line + 1, '\n');
        int plus = 0;
        for (const char *c = end - 1; *c == '+'; c--)
            plus++;
        ck_assert_msg(plus >= 1 && plus <= last, "line out of order in:\n%s", text);
        last = plus;
    }
    sdm_free(text);
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(marked_by_ranking)
{
    struct fx x;
    fx_init(&x);
    const sdm_profile *z = sdm_formulary_find(x.f, "zetaprine");
    assert_card(z, x.r, ZETAPRINE_MARKED);
    assert_card(z, NULL, ZETAPRINE_PLAIN);
    fx_free(&x);
}
END_TEST

START_TEST(aripiprazole_marked)
{
    /* the ranking marks poor_sleep (rank 5) on the Appendix 2 card; the
     * ranked side effects it does not rate are marked in the unknown list */
    struct fx x;
    fx_init(&x);
    char *text = card(sdm_formulary_find(x.f, "aripiprazole"), x.r);
    ck_assert_msg(strstr(text, "\n  * Difficulty getting off to sleep ++ [your rank 5]\n") != NULL, "%s", text);
    ck_assert_msg(strstr(text, "\n  * Restlessness ++\n") != NULL, "%s", text);
    ck_assert_msg(strstr(text, "Not known (no source rates it): Difficulty staying awake during the day [your rank 2]; "
                               "Sleeping late in the mornings;") != NULL, "%s", text);
    ck_assert_msg(strstr(text, "; Weight gain [your rank 1]; Weight loss [helpful for you]; ") != NULL, "%s", text);
    ck_assert_msg(strstr(text, "; Dry mouth [your rank 3]; ") != NULL, "%s", text);
    ck_assert_msg(strstr(text, "; Shaking or tremor [your rank 4]; ") != NULL, "%s", text);
    /* nothing ranked is rated none */
    ck_assert_ptr_null(strstr(text, "Rated none"));
    sdm_free(text);
    fx_free(&x);
}
END_TEST

START_TEST(nothing_above_none)
{
    struct fx x;
    fx_init(&x);
    const sdm_profile *p = sdm_formulary_find(x.f, "nullazine");

    /* the expected text, with the unknown list built from the default items */
    char expected[4096] = "Nullazine (N05AX99)\n\n  (no side effect is rated above none)\n\n"
                          "Not known (no source rates it): ";
    int first = 1;
    for (size_t i = 0; i < 36; i++) {
        if (strcmp(DEFAULT_ITEMS[i].id, "weight_gain") == 0)
            continue;
        if (!first)
            strcat(expected, "; ");
        strcat(expected, DEFAULT_ITEMS[i].label);
        first = 0;
    }
    strcat(expected, "\n" LEGEND "\n" NO_EFFICACY NO_RISKS "\nData version 2026.11. For illustration only.\n");
    assert_card(p, NULL, expected);

    /* with a ranking that ranks weight_gain: it is listed as rated none */
    char *text = card(p, x.r);
    ck_assert_msg(strstr(text, "\n\nRated none: Weight gain [your rank 1]\nNot known (no source rates it): ") != NULL,
                  "%s", text);
    ck_assert_msg(strstr(text, "\n  (no side effect is rated above none)\n") != NULL, "%s", text);
    sdm_free(text);
    fx_free(&x);
}
END_TEST

START_TEST(fully_rated_without_notice)
{
    /* every item rated: tremor +++, all else none; no notice, no ATC */
    sdm_catalogue *cat = test_default_catalogue();
    char doc[8192] = "{'format': 'sdm-formulary', 'format_version': 1, 'version': 'v9',"
                     " 'sources': [{'key': 's', 'citation': 'S'}],"
                     " 'medications': [{'id': 'fullazine', 'name': 'Fullazine', 'ratings': {";
    for (size_t i = 0; i < 36; i++) {
        char member[128];
        snprintf(member, sizeof member, "%s'%s': {'rating': %d, 'source': 's'}", i ? ", " : "",
                 DEFAULT_ITEMS[i].id, strcmp(DEFAULT_ITEMS[i].id, "tremor") == 0 ? 3 : 0);
        strcat(doc, member);
    }
    strcat(doc, "}}]}");
    sdm_formulary *f = test_formulary(cat, doc);
    const sdm_profile *p = sdm_formulary_profile(f, 0);
    assert_card(p, NULL,
                "Fullazine\n"
                "\n"
                "  * Shaking or tremor +++\n"
                "\n"
                LEGEND "\n"
                NO_EFFICACY
                NO_RISKS
                "\nData version v9.\n");

    /* a ranking: tremor marked; the ranked ones rated none listed, in catalogue order */
    sdm_ranking *r = NULL;
    ck_assert_ok(sdm_ranking_new(cat, &r));
    ck_assert_ok(sdm_ranking_avoid(r, "tremor", 1));
    ck_assert_ok(sdm_ranking_avoid(r, "weight_gain", 2));
    ck_assert_ok(sdm_ranking_avoid(r, "heart_problems", 3));
    assert_card(p, r,
                "Fullazine\n"
                "\n"
                "  * Shaking or tremor +++ [your rank 1]\n"
                "\n"
                "Rated none: Weight gain [your rank 2]; Small risk of heart problems [your rank 3]\n"
                LEGEND "\n"
                NO_EFFICACY
                NO_RISKS
                "\nData version v9.\n");
    sdm_ranking_free(r);
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(format_truncation)
{
    struct fx x;
    fx_init(&x);
    const sdm_profile *p = sdm_formulary_find(x.f, "aripiprazole");
    size_t full = strlen(ARIPIPRAZOLE_CARD);

    char buf[16];
    memset(buf, 'X', sizeof buf);
    size_t needed = 0;
    ck_assert_ok(sdm_card_format(p, NULL, buf, 10, &needed));
    ck_assert_uint_eq(needed, full);
    ck_assert_uint_eq(strlen(buf), 9);
    ck_assert_str_eq(buf, "Aripipraz");
    ck_assert_int_eq(buf[10], 'X');   /* nothing written past size */

    needed = 0;
    ck_assert_ok(sdm_card_format(p, NULL, NULL, 0, &needed));
    ck_assert_uint_eq(needed, full);

    /* size 1: just the NUL */
    buf[0] = 'X';
    ck_assert_ok(sdm_card_format(p, NULL, buf, 1, &needed));
    ck_assert_int_eq(buf[0], '\0');
    ck_assert_uint_eq(needed, full);

    /* one byte short: the last "\n" is cut */
    char *big = malloc(full + 1);
    ck_assert_ok(sdm_card_format(p, NULL, big, full, &needed));
    ck_assert_uint_eq(needed, full);
    ck_assert_uint_eq(strlen(big), full - 1);
    ck_assert_int_eq(strncmp(big, ARIPIPRAZOLE_CARD, full - 1), 0);
    free(big);

    /* needed may be NULL */
    ck_assert_ok(sdm_card_format(p, NULL, buf, sizeof buf, NULL));
    ck_assert_int_eq(strncmp(buf, ARIPIPRAZOLE_CARD, sizeof buf - 1), 0);

    /* NULL buf with a size is invalid */
    ck_assert_status(sdm_card_format(p, NULL, NULL, 10, &needed), SDM_ERR_INVALID_ARGUMENT);
    fx_free(&x);
}
END_TEST

START_TEST(invalid_arguments)
{
    struct fx x;
    fx_init(&x);
    const sdm_profile *p = sdm_formulary_find(x.f, "aripiprazole");
    char *text = NULL;
    char buf[8];
    ck_assert_status(sdm_card_text(NULL, NULL, &text), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_card_text(p, NULL, NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_card_format(NULL, NULL, buf, sizeof buf, NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_card_to_json(NULL, NULL, &text), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_card_to_json(p, NULL, NULL), SDM_ERR_INVALID_ARGUMENT);

    /* a ranking over another, equal catalogue object is fine */
    sdm_catalogue *other = test_default_catalogue();
    sdm_ranking *r_eq = NULL;
    ck_assert_ok(sdm_ranking_new(other, &r_eq));
    ck_assert_ok(sdm_ranking_avoid(r_eq, "restlessness", 1));
    ck_assert_ok(sdm_card_text(p, r_eq, &text));
    ck_assert_msg(strstr(text, "\n  * Restlessness ++ [your rank 1]\n") != NULL, "%s", text);
    sdm_free(text);
    text = NULL;
    sdm_ranking_free(r_eq);
    sdm_catalogue_free(other);

    /* a ranking over another catalogue */
    sdm_catalogue *t6 = test6_catalogue();
    sdm_ranking *r = NULL;
    ck_assert_ok(sdm_ranking_new(t6, &r));
    ck_assert_status(sdm_card_text(p, r, &text), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_card_format(p, r, buf, sizeof buf, NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_card_to_json(p, r, &text), SDM_ERR_INVALID_ARGUMENT);
    sdm_ranking_free(r);
    sdm_catalogue_free(t6);
    fx_free(&x);
}
END_TEST

START_TEST(card_json)
{
    struct fx x;
    fx_init(&x);
    const sdm_profile *z = sdm_formulary_find(x.f, "zetaprine");
    char *text = NULL;
    ck_assert_ok(sdm_card_to_json(z, x.r, &text));
    json_error_t err;
    json_t *doc = json_loads(text, 0, &err);
    ck_assert_msg(doc != NULL, "not JSON (%s): %s", err.text, text);

    /* the marked items, most to least marked, ties in catalogue order */
    json_t *items = json_object_get(doc, "items");
    ck_assert_msg(json_is_array(items), "no items array: %s", text);
    static const char *const ids[] = {"weight_gain", "constipation", "weight_loss", "tremor"};
    static const int ratings[] = {3, 2, 1, 1};
    ck_assert_uint_eq(json_array_size(items), 4);
    for (size_t i = 0; i < 4; i++) {
        json_t *it = json_array_get(items, i);
        ck_assert_str_eq(json_string_value(json_object_get(it, "effect")), ids[i]);
        ck_assert_int_eq(json_integer_value(json_object_get(it, "rating")), ratings[i]);
    }
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(items, 0), "label")), "Weight gain");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(items, 0), "mark")), "+++");
    /* the person's marks */
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(items, 0), "your_rank")), 1);
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(items, 3), "your_rank")), 4);
    ck_assert(json_is_true(json_object_get(json_array_get(items, 2), "helpful_for_you")));
    ck_assert_ptr_null(json_object_get(json_array_get(items, 1), "your_rank"));

    json_t *none = json_object_get(doc, "rated_none");
    ck_assert_msg(json_is_array(none), "no rated_none array: %s", text);
    ck_assert_uint_eq(json_array_size(none), 2);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(none, 0), "effect")), "day_sleepiness");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(none, 1), "effect")), "dry_mouth");

    json_t *unknown = json_object_get(doc, "not_known");
    ck_assert_msg(json_is_array(unknown), "no not_known array: %s", text);
    ck_assert_uint_eq(json_array_size(unknown), 30);

    ck_assert_str_eq(json_string_value(json_object_get(doc, "name")), "Zetaprine");
    ck_assert_str_eq(json_string_value(json_object_get(doc, "data_version")), "2026.11");
    ck_assert_str_eq(json_string_value(json_object_get(doc, "legend")), LEGEND);
    json_decref(doc);
    sdm_free(text);

    /* without a ranking: same order, nothing marked; every side effect rated
     * none (day_sleepiness and dry_mouth for zetaprine, in catalogue order),
     * not only the person's, since there is no person */
    ck_assert_ok(sdm_card_to_json(z, NULL, &text));
    doc = json_loads(text, 0, &err);
    ck_assert_ptr_nonnull(doc);
    none = json_object_get(doc, "rated_none");
    ck_assert_uint_eq(json_array_size(none), 2);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(none, 0), "effect")), "day_sleepiness");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(none, 1), "effect")), "dry_mouth");
    ck_assert_ptr_null(json_object_get(json_array_get(none, 0), "your_rank"));
    json_decref(doc);
    sdm_free(text);
    /* with a ranking of weight gain alone: none of the person's own is rated none */
    sdm_ranking *only_weight = NULL;
    ck_assert_ok(sdm_ranking_new(x.cat, &only_weight));
    ck_assert_ok(sdm_ranking_avoid(only_weight, "weight_gain", 1));
    ck_assert_ok(sdm_card_to_json(z, only_weight, &text));
    doc = json_loads(text, 0, &err);
    ck_assert_ptr_nonnull(doc);
    ck_assert_uint_eq(json_array_size(json_object_get(doc, "rated_none")), 0);
    sdm_ranking_free(only_weight);
    json_decref(doc);
    sdm_free(text);
    ck_assert_ok(sdm_card_to_json(z, NULL, &text));
    doc = json_loads(text, 0, &err);
    items = json_object_get(doc, "items");
    ck_assert_uint_eq(json_array_size(items), 4);
    for (size_t i = 0; i < 4; i++) {
        ck_assert_str_eq(json_string_value(json_object_get(json_array_get(items, i), "effect")), ids[i]);
        ck_assert_ptr_null(json_object_get(json_array_get(items, i), "your_rank"));
        ck_assert(!json_is_true(json_object_get(json_array_get(items, i), "helpful_for_you")));
    }
    json_decref(doc);
    sdm_free(text);
    fx_free(&x);
}
END_TEST

/* Cariprazine of the default data (2026.12) for a person who avoids stiff
 * muscles (1), dry mouth (2) and weight gain (3) and finds sleepiness at night
 * helpful. Worked out from data/formulary.json:
 *   stiff_muscles  Maudsley '–' 0, S3 '++' 2, UpToDate '+' 1: consensus +, spread 2;
 *                  Huhn 2019 antiparkinson RR 2.21, very low -> "about 2.2 times"
 *   dry_mouth      Maudsley '–' 0, UpToDate '++' 2: consensus (the higher of two) ++, spread 2;
 *                  Huhn 2019 anticholinergic RR 1.45, very low -> "about 45% more common"
 *   night_sleepiness  Maudsley '–' 0, S3 '–' 0, UpToDate '++' 2: none, spread 2;
 *                  Huhn 2019 sedation RR 1.12, very low -> "about 12% more common"
 *   urination_difficulty  Maudsley 0, UpToDate 2: ++, spread 2, not the person's: no numbers */
START_TEST(disagreement_and_trials_on_the_card)
{
    sdm_catalogue *cat = test_default_catalogue();
    sdm_formulary *f = test_default_formulary(cat);
    sdm_ranking *r = NULL;
    ck_assert_ok(sdm_ranking_new(cat, &r));
    ck_assert_ok(sdm_ranking_avoid(r, "stiff_muscles", 1));
    ck_assert_ok(sdm_ranking_avoid(r, "dry_mouth", 2));
    ck_assert_ok(sdm_ranking_avoid(r, "weight_gain", 3));
    ck_assert_ok(sdm_ranking_helpful(r, "night_sleepiness"));
    char *text = card(sdm_formulary_find(f, "cariprazine"), r);
    const char *expected[] = {
        "\n  * Stiff muscles + [your rank 1]\n"
        "      Sources disagree: none to ++: Maudsley none, UpToDate +, S3 guideline ++\n"
        "      In trials (Huhn 2019), needing a medicine for stiffness or shaking: about 2.2 times as common as "
        "with placebo (risk ratio 2.21); very low confidence\n  * ",
        "\n  * Dry mouth ++ [your rank 2]\n"
        "      Sources disagree: none to ++: Maudsley none, UpToDate ++\n"
        "      In trials (Huhn 2019), anticholinergic effects (such as dry mouth, constipation, blurred vision): "
        "about 45% more common than with placebo (risk ratio 1.45); very low confidence\n  * ",
        "\n  * Difficulty passing urine ++\n      Sources disagree: none to ++: Maudsley none, UpToDate ++\n  * ",
        "\nRated none: Sleepy in the evening or at night [helpful for you]\n"
        "    Sleepy in the evening or at night:\n"
        "      Sources disagree: none to ++: Maudsley none, S3 guideline none, UpToDate ++\n"
        "      In trials (Huhn 2019), sleepiness: about 12% more common than with placebo (risk ratio 1.12); "
        "very low confidence\nNot known",
    };
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++)
        ck_assert_msg(strstr(text, expected[i]) != NULL, "no\n%s\nin the card:\n%s", expected[i], text);
    sdm_free(text);

    /* the JSON: readings, spread, the disagreement and the numbers in words */
    ck_assert_ok(sdm_card_to_json(sdm_formulary_find(f, "cariprazine"), r, &text));
    json_error_t err;
    json_t *doc = json_loads(text, 0, &err);
    ck_assert_ptr_nonnull(doc);
    json_t *stiff = NULL, *items = json_object_get(doc, "items");
    for (size_t i = 0; i < json_array_size(items); i++)
        if (strcmp(json_string_value(json_object_get(json_array_get(items, i), "effect")), "stiff_muscles") == 0)
            stiff = json_array_get(items, i);
    ck_assert_ptr_nonnull(stiff);
    ck_assert_int_eq(json_integer_value(json_object_get(stiff, "spread")), 2);
    ck_assert_str_eq(json_string_value(json_object_get(stiff, "disagreement")),
                     "none to ++: Maudsley none, UpToDate +, S3 guideline ++");
    json_t *readings = json_object_get(stiff, "readings");
    ck_assert_uint_eq(json_array_size(readings), 3);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(readings, 1), "source")), "s3");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(readings, 1), "printed")), "++");
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(readings, 1), "value")), 2);
    json_t *ev = json_array_get(json_object_get(stiff, "evidence"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(ev, "kind")), "risk_ratio");
    ck_assert_double_eq(json_real_value(json_object_get(ev, "value")), 2.21);
    ck_assert_str_eq(json_string_value(json_object_get(ev, "confidence")), "very_low");
    ck_assert_str_eq(json_string_value(json_object_get(ev, "words")),
                     "in trials (Huhn 2019), needing a medicine for stiffness or shaking: about 2.2 times as common "
                     "as with placebo (risk ratio 2.21); very low confidence");
    /* an unknown cell: spread null, no readings */
    json_t *unknown = json_array_get(json_object_get(doc, "not_known"), 0);
    ck_assert(json_is_null(json_object_get(unknown, "spread")));
    ck_assert_uint_eq(json_array_size(json_object_get(unknown, "readings")), 0);
    json_decref(doc);
    sdm_free(text);
    sdm_ranking_free(r);
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

static Suite *card_suite(void)
{
    Suite *s = suite_create("card");
    TCase *tc = tcase_create("card");
    ADD(tc, legend);
    ADD(tc, appendix_2);
    ADD(tc, appendix_2_lines_in_default);
    ADD(tc, marked_by_ranking);
    ADD(tc, aripiprazole_marked);
    ADD(tc, nothing_above_none);
    ADD(tc, fully_rated_without_notice);
    ADD(tc, format_truncation);
    ADD(tc, invalid_arguments);
    ADD(tc, card_json);
    ADD(tc, disagreement_and_trials_on_the_card);
    suite_add_tcase(s, tc);
    return s;
}

SDM_TEST_MAIN(card_suite)
