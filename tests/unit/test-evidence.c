/*
 * libsdm - unit tests: the evidence model (formulary format 2): every
 * source's reading of a cell, numeric evidence, the synthesis rules, the
 * spread and the words that show them; format 1 still read as it was.
 *
 * The expected values are worked out by hand from data/formulary.json (data
 * 2026.12, derived from the source tables under data/sources/) and from the
 * rules of EVIDENCE.md version 2:
 *   consensus  the median of the readings' values; of an even number, the
 *              higher middle one;
 *   highest    the highest value;
 *   precedence the first source in the order of "sources" (card, maudsley,
 *              s3, uptodate, product-information, huhn2019), the highest of
 *              its readings if it has several;
 *   a deciding source (the card) gives its reading under every rule;
 *   spread     highest value minus lowest low end.
 * SPDX-License-Identifier: MIT
 */
#include "common.h"

#include <jansson.h>

/* ---- helpers ------------------------------------------------------------- */

struct dfx {
    sdm_catalogue *cat;
    sdm_formulary *f;
};

static void dfx_init(struct dfx *x)
{
    x->cat = test_default_catalogue();
    x->f = test_default_formulary(x->cat);
}

static void dfx_free(struct dfx *x)
{
    sdm_formulary_free(x->f);
    sdm_catalogue_free(x->cat);
}

static const sdm_profile *med(const struct dfx *x, const char *id)
{
    const sdm_profile *p = sdm_formulary_find(x->f, id);
    ck_assert_msg(p != NULL, "no medicine '%s': %s", id, sdm_last_error());
    return p;
}

/* The ratings of a cell under consensus, highest and precedence, and its spread. */
static void assert_rules(const sdm_profile *p, size_t item, int consensus, int highest, int precedence, int spread)
{
    ck_assert_int_eq(sdm_profile_rating_by(p, item, SDM_SYNTHESIS_CONSENSUS), consensus);
    ck_assert_int_eq(sdm_profile_rating_by(p, item, SDM_SYNTHESIS_HIGHEST), highest);
    ck_assert_int_eq(sdm_profile_rating_by(p, item, SDM_SYNTHESIS_PRECEDENCE), precedence);
    ck_assert_int_eq(sdm_profile_rating(p, item), consensus); /* the default rule */
    ck_assert_int_eq(sdm_profile_spread(p, item), spread);
}

static void assert_reading(const sdm_profile *p, size_t item, size_t i, const char *source, const char *printed,
                           int value, int low)
{
    const sdm_reading *r = sdm_profile_reading(p, item, i);
    ck_assert_ptr_nonnull(r);
    ck_assert_str_eq(sdm_reading_source(r), source);
    ck_assert_str_eq(sdm_reading_printed(r), printed);
    ck_assert_int_eq(sdm_reading_value(r), value);
    ck_assert_int_eq(sdm_reading_low(r), low);
}

static void assert_described(const sdm_profile *p, size_t item, const char *expected)
{
    char *text = NULL;
    ck_assert_ok(sdm_profile_describe_readings(p, item, &text));
    ck_assert_str_eq(text, expected);
    sdm_free(text);
}

static void assert_evidence_words(const sdm_evidence *e, const char *expected)
{
    char *text = NULL;
    ck_assert_ok(sdm_evidence_describe(e, &text));
    ck_assert_str_eq(text, expected);
    sdm_free(text);
}

/* ---- the default data ---------------------------------------------------- */

START_TEST(cariprazine_stiffness_and_tremor)
{
    /* Maudsley parkinsonism '–' 0, S3 Parkinsonoid '++' 2, UpToDate
     * Parkinsonism '+' 1. Sorted 0 1 2: the median is 1 (+); the highest 2;
     * the first source, Maudsley, 0; spread 2 - 0 = 2. Under 2026.11 the
     * cell was Maudsley's 0 alone: the cause of issue 12. */
    struct dfx x;
    dfx_init(&x);
    const sdm_profile *p = med(&x, "cariprazine");
    const char *items[] = {"stiff_muscles", "tremor", "slow_movements"};
    for (int k = 0; k < 3; k++) {
        size_t item = test_index(x.cat, items[k]);
        assert_rules(p, item, 1, 2, 0, 2);
        ck_assert_uint_eq(sdm_profile_reading_count(p, item), 3);
        assert_reading(p, item, 0, "maudsley", "\xe2\x80\x93", 0, 0);
        assert_reading(p, item, 1, "s3", "++", 2, 2);
        assert_reading(p, item, 2, "uptodate", "+", 1, 1);
        ck_assert_ptr_null(sdm_profile_reading(p, item, 3));
        /* the default rating (+) is UpToDate's: the first source that reads + */
        ck_assert_str_eq(sdm_profile_rating_source(p, item), "uptodate");
        ck_assert_str_eq(sdm_profile_rating_note(p, item), "UpToDate table, column Parkinsonism");
        /* lowest first, each source in its own words */
        assert_described(p, item, "none to ++: Maudsley none, UpToDate +, S3 guideline ++");
    }
    dfx_free(&x);
}
END_TEST

START_TEST(lurasidone_restlessness_range)
{
    /* Maudsley akathisia '+' 1; S3 '+/++' a range, low 1, value 2; UpToDate
     * '++' 2. Sorted 1 2 2: median 2; highest 2; precedence Maudsley 1;
     * spread 2 - 1 = 1 (below the disagreement shown to the person). */
    struct dfx x;
    dfx_init(&x);
    const sdm_profile *p = med(&x, "lurasidone");
    size_t item = test_index(x.cat, "restlessness");
    assert_rules(p, item, 2, 2, 1, 1);
    assert_reading(p, item, 0, "maudsley", "+", 1, 1);
    assert_reading(p, item, 1, "s3", "+/++", 2, 1);
    assert_reading(p, item, 2, "uptodate", "++", 2, 2);
    ck_assert_str_eq(sdm_profile_rating_source(p, item), "s3");
    assert_described(p, item, "+ to ++: Maudsley +, S3 guideline + to ++, UpToDate ++");
    /* Huhn 2019's akathisia: RR 3.93, moderate; 3.93 rounds to 3.9 */
    ck_assert_uint_eq(sdm_profile_evidence_count(p, item), 1);
    const sdm_evidence *e = sdm_profile_evidence(p, item, 0);
    ck_assert_str_eq(sdm_evidence_source(e), "huhn2019");
    ck_assert_str_eq(sdm_evidence_outcome(e), "akathisia");
    ck_assert_int_eq(sdm_evidence_measure(e), SDM_MEASURE_RISK_RATIO);
    ck_assert_double_eq(sdm_evidence_value(e), 3.93);
    ck_assert_str_eq(sdm_evidence_unit(e), "");
    ck_assert_str_eq(sdm_evidence_versus(e), "placebo");
    ck_assert_int_eq(sdm_evidence_confidence(e), SDM_CONFIDENCE_MODERATE);
    assert_evidence_words(e, "in trials (Huhn 2019), restlessness (akathisia): about 3.9 times as common as with "
                             "placebo (risk ratio 3.93); moderate confidence");
    ck_assert_ptr_null(sdm_profile_evidence(p, item, 1));
    dfx_free(&x);
}
END_TEST

START_TEST(appendix_2_card_decides)
{
    /* The card's three cells are the card's under every rule, whatever the
     * other sources read. feeling_sick: card + 1, two product-information
     * readings 'common' 2: without the card the median would be 2. */
    struct dfx x;
    dfx_init(&x);
    const sdm_profile *p = med(&x, "aripiprazole");
    size_t sleep = test_index(x.cat, "poor_sleep"), restless = test_index(x.cat, "restlessness"),
           sick = test_index(x.cat, "feeling_sick");
    assert_rules(p, sleep, 2, 2, 2, 0);     /* card ++, PI common, common */
    assert_rules(p, restless, 2, 2, 2, 1);  /* card ++, Maudsley +, S3 ++, UpToDate ++ */
    assert_rules(p, sick, 1, 1, 1, 1);      /* card +, PI common, >3% */
    ck_assert_str_eq(sdm_profile_rating_source(p, sick), "card");
    ck_assert_str_eq(sdm_profile_rating_source(p, restless), "card");
    ck_assert_uint_eq(sdm_profile_reading_count(p, sick), 3);
    assert_reading(p, sick, 2, "product-information", ">3%", 2, 2);
    ck_assert_int_eq(sdm_formulary_source_decides(x.f, 0), 1);
    ck_assert_int_eq(sdm_formulary_source_decides(x.f, 1), 0);
    dfx_free(&x);
}
END_TEST

START_TEST(even_number_of_readings)
{
    /* aripiprazole blurred_vision: Maudsley '–' 0, UpToDate '+' 1, product
     * information 'common' 2 twice. Sorted 0 1 2 2: the two middle values are
     * 1 and 2; consensus takes the higher, 2. Precedence: Maudsley, 0. */
    struct dfx x;
    dfx_init(&x);
    const sdm_profile *p = med(&x, "aripiprazole");
    size_t item = test_index(x.cat, "blurred_vision");
    assert_rules(p, item, 2, 2, 0, 2);
    ck_assert_uint_eq(sdm_profile_reading_count(p, item), 4);
    ck_assert_str_eq(sdm_profile_rating_source(p, item), "product-information");
    assert_described(p, item,
                     "none to ++: Maudsley none, UpToDate +, product information ++, product information ++");
    dfx_free(&x);
}
END_TEST

START_TEST(unknown_with_numeric_evidence)
{
    /* zuclopenthixol dry_mouth: no source reads it (2026.11 filled it from
     * Huhn's RR 2.73 by the project's own mapping); now unknown under every
     * rule, with the number kept: RR 2.73, low confidence; 2.73 -> 2.7. */
    struct dfx x;
    dfx_init(&x);
    const sdm_profile *p = med(&x, "zuclopenthixol");
    size_t item = test_index(x.cat, "dry_mouth");
    assert_rules(p, item, SDM_RATING_UNKNOWN, SDM_RATING_UNKNOWN, SDM_RATING_UNKNOWN, -1);
    ck_assert_uint_eq(sdm_profile_reading_count(p, item), 0);
    ck_assert_ptr_null(sdm_profile_rating_source(p, item));
    ck_assert_str_eq(sdm_profile_rating_note(p, item), "");
    assert_described(p, item, "not known: no source rates it");
    const sdm_evidence *e = sdm_profile_evidence(p, item, 0);
    ck_assert_int_eq(sdm_evidence_confidence(e), SDM_CONFIDENCE_LOW);
    assert_evidence_words(e, "in trials (Huhn 2019), anticholinergic effects (such as dry mouth, constipation, "
                             "blurred vision): about 2.7 times as common as with placebo (risk ratio 2.73); "
                             "low confidence");
    dfx_free(&x);
}
END_TEST

START_TEST(mean_difference_in_words)
{
    /* olanzapine weight_gain: three tables '+++' (spread 0); Huhn 2019 weight
     * +2.78 kg against placebo, high confidence; 2.78 -> 2.8. */
    struct dfx x;
    dfx_init(&x);
    const sdm_profile *p = med(&x, "olanzapine");
    size_t item = test_index(x.cat, "weight_gain");
    assert_rules(p, item, 3, 3, 3, 0);
    assert_described(p, item, "+++: Maudsley +++, S3 guideline +++, UpToDate +++");
    const sdm_evidence *e = sdm_profile_evidence(p, item, 0);
    ck_assert_int_eq(sdm_evidence_measure(e), SDM_MEASURE_MEAN_DIFFERENCE);
    ck_assert_str_eq(sdm_evidence_unit(e), "kg");
    assert_evidence_words(e, "in trials (Huhn 2019), weight: on average 2.8 kg more than with placebo; "
                             "high confidence");
    dfx_free(&x);
}
END_TEST

START_TEST(sources_carry_reliability_and_edition)
{
    struct dfx x;
    dfx_init(&x);
    ck_assert_int_eq(sdm_formulary_format_version(x.f), 2);
    ck_assert_str_eq(sdm_formulary_version(x.f), "2026.12");
    /* the six sources of readings and numbers, Huhn 2019's efficacy (EVIDENCE.md
     * rule 8), then the three of the serious risks, restrictions, licences and
     * products (one per reliability) */
    ck_assert_uint_eq(sdm_formulary_source_count(x.f), 10);
    const char *keys[] = {"card", "maudsley", "s3", "uptodate", "product-information", "huhn2019",
                          "huhn2019-efficacy", "regulatory-texts", "peer-reviewed-papers", "secondary-reports"};
    const char *labels[] = {"the Manchester card", "Maudsley", "S3 guideline", "UpToDate", "product information",
                            "Huhn 2019", "Huhn 2019 (efficacy)", "regulatory texts", "peer-reviewed papers", "secondary reports"};
    sdm_reliability reliability[] = {SDM_RELIABILITY_PEER_REVIEWED, SDM_RELIABILITY_SECONDARY,
                                     SDM_RELIABILITY_PEER_REVIEWED, SDM_RELIABILITY_SECONDARY,
                                     SDM_RELIABILITY_REGULATORY, SDM_RELIABILITY_SECONDARY,
                                     SDM_RELIABILITY_SECONDARY, SDM_RELIABILITY_REGULATORY,
                                     SDM_RELIABILITY_PEER_REVIEWED,
                                     SDM_RELIABILITY_SECONDARY};
    for (size_t s = 0; s < 10; s++) {
        ck_assert_str_eq(sdm_formulary_source_key(x.f, s), keys[s]);
        ck_assert_str_eq(sdm_formulary_source_label(x.f, s), labels[s]);
        ck_assert_int_eq(sdm_formulary_source_reliability(x.f, s), reliability[s]);
        ck_assert_str_ne(sdm_formulary_source_edition(x.f, s), "");
    }
    ck_assert_ptr_null(sdm_formulary_source_label(x.f, 10));
    ck_assert_int_eq(sdm_formulary_source_reliability(x.f, 10), SDM_RELIABILITY_UNSTATED);
    dfx_free(&x);
}
END_TEST

/* Under precedence, data 2026.12 gives every rating of data 2026.11 (the
 * rule of version 1), except the five cells version 1 filled from Huhn 2019's
 * numbers by the project's own mapping: now unknown, with numeric evidence. */
START_TEST(precedence_reproduces_2026_11)
{
    struct dfx x;
    dfx_init(&x);
    const char *root = getenv("SDM_TEST_SRCDIR");
    ck_assert_msg(root != NULL, "SDM_TEST_SRCDIR is not set (meson sets it)");
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/data/formulary-2026.11.json", root);
    sdm_formulary *old = NULL;
    ck_assert_ok(sdm_formulary_load_file(x.cat, path, &old));
    ck_assert_int_eq(sdm_formulary_format_version(old), 1);
    ck_assert_str_eq(sdm_formulary_version(old), "2026.11");
    ck_assert_uint_eq(sdm_formulary_count(old), sdm_formulary_count(x.f));
    const char *huhn_cells[5][2] = {{"zuclopenthixol", "dry_mouth"},        {"trifluoperazine", "dry_mouth"},
                                    {"trifluoperazine", "urination_difficulty"}, {"trifluoperazine", "blurred_vision"},
                                    {"trifluoperazine", "memory_difficulty"}};
    size_t compared = 0, differ = 0;
    for (size_t m = 0; m < sdm_formulary_count(old); m++) {
        const sdm_profile *was = sdm_formulary_profile(old, m);
        const sdm_profile *now = sdm_formulary_find(x.f, sdm_profile_id(was));
        ck_assert_ptr_nonnull(now);
        for (size_t i = 0; i < sdm_catalogue_count(x.cat); i++, compared++) {
            int expected = sdm_profile_rating(was, i);
            int got = sdm_profile_rating_by(now, i, SDM_SYNTHESIS_PRECEDENCE);
            int huhn = 0;
            for (int h = 0; h < 5; h++)
                huhn |= strcmp(sdm_profile_id(was), huhn_cells[h][0]) == 0 &&
                        strcmp(sdm_catalogue_id(x.cat, i), huhn_cells[h][1]) == 0;
            if (huhn) {
                ck_assert_str_eq(sdm_profile_rating_source(was, i), "huhn2019");
                ck_assert_int_ne(expected, SDM_RATING_UNKNOWN);
                ck_assert_int_eq(got, SDM_RATING_UNKNOWN);
                ck_assert_uint_eq(sdm_profile_evidence_count(now, i), 1);
                differ++;
            } else {
                ck_assert_msg(got == expected, "%s %s: precedence gives %d, 2026.11 had %d", sdm_profile_id(was),
                              sdm_catalogue_id(x.cat, i), got, expected);
            }
        }
    }
    ck_assert_uint_eq(compared, 19 * 36);
    ck_assert_uint_eq(differ, 5);
    sdm_formulary_free(old);
    dfx_free(&x);
}
END_TEST

/* ---- format 1 ------------------------------------------------------------ */

#define V1_FORMULARY \
    "{'format': 'sdm-formulary', 'format_version': 1, 'version': 'v1', 'catalogue': 'test-6'," \
    " 'sources': [{'key': 's', 'citation': 'S', 'note': 'a note'}, {'key': 't', 'citation': 'T'}]," \
    " 'medications': [{'id': 'a', 'name': 'A', 'ratings': {" \
    "   'weight_gain': {'rating': 3, 'source': 't', 'note': 'table 2'}," \
    "   'tremor': {'rating': 0, 'source': 's'}, 'dry_mouth': {'rating': 'unknown'}}}]}"

START_TEST(format_1_cell_is_one_reading)
{
    sdm_catalogue *cat = test6_catalogue();
    sdm_formulary *f = test_formulary(cat, V1_FORMULARY);
    const sdm_profile *p = sdm_formulary_profile(f, 0);
    ck_assert_int_eq(sdm_formulary_format_version(f), 1);
    ck_assert_int_eq(sdm_formulary_source_reliability(f, 0), SDM_RELIABILITY_UNSTATED);
    ck_assert_str_eq(sdm_formulary_source_label(f, 0), "s");
    ck_assert_str_eq(sdm_formulary_source_note(f, 0), "a note");
    ck_assert_str_eq(sdm_formulary_source_edition(f, 0), "");
    /* +++ from t: one reading, printed as the card's mark, the same under every rule */
    assert_rules(p, T6_WEIGHT, 3, 3, 3, 0);
    ck_assert_uint_eq(sdm_profile_reading_count(p, T6_WEIGHT), 1);
    assert_reading(p, T6_WEIGHT, 0, "t", "+++", 3, 3);
    ck_assert_str_eq(sdm_reading_note(sdm_profile_reading(p, T6_WEIGHT, 0)), "table 2");
    ck_assert_str_eq(sdm_profile_rating_source(p, T6_WEIGHT), "t");
    ck_assert_str_eq(sdm_profile_rating_note(p, T6_WEIGHT), "table 2");
    assert_rules(p, T6_TREMOR, 0, 0, 0, 0);
    assert_reading(p, T6_TREMOR, 0, "s", "0", 0, 0);
    ck_assert_str_eq(sdm_reading_note(sdm_profile_reading(p, T6_TREMOR, 0)), "");
    /* explicitly unknown, and not mentioned at all: both unknown, never none */
    assert_rules(p, T6_DRY, -1, -1, -1, -1);
    assert_rules(p, T6_NIGHT, -1, -1, -1, -1);
    ck_assert_uint_eq(sdm_profile_reading_count(p, T6_NIGHT), 0);

    /* written back as format 2 and read again: the same readings */
    char *json = NULL;
    ck_assert_ok(sdm_formulary_to_json(f, &json));
    ck_assert_ptr_nonnull(strstr(json, "\"format_version\": 2"));
    ck_assert_ptr_nonnull(strstr(json, "\"reliability\": \"unstated\""));
    sdm_formulary *again = NULL;
    ck_assert_ok(sdm_formulary_load_json(cat, json, strlen(json), &again));
    const sdm_profile *q = sdm_formulary_profile(again, 0);
    ck_assert_int_eq(sdm_formulary_format_version(again), 2);
    for (size_t i = 0; i < 6; i++) {
        ck_assert_int_eq(sdm_profile_rating(q, i), sdm_profile_rating(p, i));
        ck_assert_uint_eq(sdm_profile_reading_count(q, i), sdm_profile_reading_count(p, i));
    }
    assert_reading(q, T6_WEIGHT, 0, "t", "+++", 3, 3);
    ck_assert_int_eq(sdm_formulary_source_reliability(again, 1), SDM_RELIABILITY_UNSTATED);
    sdm_free(json);
    sdm_formulary_free(again);
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

/* ---- format 2 by hand ------------------------------------------------------ */

/* Three sources in this order: x (a table), y (a second table), z (the
 * deciding source), with readings in another order than the sources' to show
 * that precedence follows "sources", not the file. */
#define V2_HEAD \
    "{'format': 'sdm-formulary', 'format_version': 2, 'version': 'v2', 'catalogue': 'test-6'," \
    " 'sources': [{'key': 'x', 'label': 'Table X', 'citation': 'X', 'reliability': 'peer_reviewed'," \
    "              'edition': '3rd'}," \
    "             {'key': 'y', 'citation': 'Y', 'reliability': 'secondary'}," \
    "             {'key': 'z', 'citation': 'Z', 'reliability': 'local_review', 'decides': true}]," \
    " 'medications': [{'id': 'a', 'name': 'A', 'ratings': {"
#define V2_TAIL "}}]}"

START_TEST(format_2_rules_by_hand)
{
    sdm_catalogue *cat = test6_catalogue();
    sdm_formulary *f = test_formulary(cat, V2_HEAD
        /* y 3, x 0, x 1 (x twice): sorted 0 1 3, median 1; highest 3;
         * precedence: x comes first in "sources", the highest of x's is 1 */
        "'weight_gain': {'readings': [{'source': 'y', 'printed': '+++', 'value': 3},"
        "  {'source': 'x', 'printed': '-', 'value': 0}, {'source': 'x', 'printed': '+', 'value': 1}]},"
        /* two readings 0/+ (low 0, value 1) and ++: sorted 1 2, the higher middle 2;
         * spread 2 - 0 = 2 */
        "'tremor': {'readings': [{'source': 'x', 'printed': '0/+', 'value': 1, 'low': 0},"
        "  {'source': 'y', 'printed': '++', 'value': 2}]},"
        /* z decides: its 0 under every rule, although x says +++ */
        "'dry_mouth': {'readings': [{'source': 'x', 'printed': '+++', 'value': 3},"
        "  {'source': 'z', 'printed': '0', 'value': 0, 'note': 'reviewed 2026'}]},"
        /* evidence only: unknown */
        "'constipation': {'readings': [], 'evidence': [{'source': 'y', 'outcome': 'qtc', 'kind':"
        "  'mean_difference', 'value': -1.25, 'unit': 'ms', 'versus': 'placebo', 'confidence': 'very_low'},"
        "  {'source': 'y', 'outcome': 'ortho', 'label': 'feeling faint', 'kind': 'risk_ratio', 'value': 0.5,"
        "   'versus': 'placebo', 'confidence': 'not_graded'}]}"
        V2_TAIL);
    const sdm_profile *p = sdm_formulary_profile(f, 0);
    assert_rules(p, T6_WEIGHT, 1, 3, 1, 3);
    ck_assert_str_eq(sdm_profile_rating_source(p, T6_WEIGHT), "x");
    assert_described(p, T6_WEIGHT, "none to +++: Table X none, Table X +, y +++");
    assert_rules(p, T6_TREMOR, 2, 2, 1, 2);
    assert_described(p, T6_TREMOR, "none to ++: Table X none to +, y ++");
    assert_rules(p, T6_DRY, 0, 0, 0, 3);
    ck_assert_str_eq(sdm_profile_rating_source(p, T6_DRY), "z");
    ck_assert_str_eq(sdm_profile_rating_note(p, T6_DRY), "reviewed 2026");
    assert_rules(p, T6_CONSTIPATION, -1, -1, -1, -1);
    ck_assert_uint_eq(sdm_profile_evidence_count(p, T6_CONSTIPATION), 2);
    /* the unit, a fall, and no confidence graded; 1.25 rounds to 1.3 (half away from zero) */
    assert_evidence_words(sdm_profile_evidence(p, T6_CONSTIPATION, 0),
                          "in trials (y), qtc: on average 1.3 ms less than with placebo; very low confidence");
    assert_evidence_words(sdm_profile_evidence(p, T6_CONSTIPATION, 1),
                          "in trials (y), feeling faint: about 50% less common than with placebo (risk ratio "
                          "0.50); confidence not graded");
    ck_assert_str_eq(sdm_formulary_source_edition(f, 0), "3rd");
    ck_assert_int_eq(sdm_formulary_source_reliability(f, 2), SDM_RELIABILITY_LOCAL_REVIEW);

    /* round trip: written and read again, every reading and number the same */
    char *json = NULL;
    ck_assert_ok(sdm_formulary_to_json(f, &json));
    sdm_formulary *again = NULL;
    ck_assert_ok(sdm_formulary_load_json(cat, json, strlen(json), &again));
    char *json2 = NULL;
    ck_assert_ok(sdm_formulary_to_json(again, &json2));
    ck_assert_str_eq(json, json2);
    sdm_free(json);
    sdm_free(json2);
    sdm_formulary_free(again);
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(words_of_risk_ratios)
{
    /* about N times (N >= 1.95, one decimal, none for .0), N% more, as common, N% less */
    sdm_catalogue *cat = test6_catalogue();
    sdm_formulary *f = test_formulary(cat, V2_HEAD
        "'tremor': {'readings': [], 'evidence': ["
        "  {'source': 'x', 'outcome': 'a', 'kind': 'risk_ratio', 'value': 3.0, 'versus': 'placebo', 'confidence': 'high'},"
        "  {'source': 'x', 'outcome': 'b', 'kind': 'risk_ratio', 'value': 1.46, 'versus': 'placebo', 'confidence': 'low'},"
        "  {'source': 'x', 'outcome': 'c', 'kind': 'risk_ratio', 'value': 1.02, 'versus': 'placebo', 'confidence': 'low'},"
        "  {'source': 'x', 'outcome': 'd', 'kind': 'mean_difference', 'value': 26.87, 'unit': 'ng/mL', 'versus': 'placebo',"
        "   'confidence': 'moderate'}]}"
        V2_TAIL);
    const sdm_profile *p = sdm_formulary_profile(f, 0);
    assert_evidence_words(sdm_profile_evidence(p, T6_TREMOR, 0),
                          "in trials (Table X), a: about 3 times as common as with placebo (risk ratio 3.00); "
                          "high confidence");
    assert_evidence_words(sdm_profile_evidence(p, T6_TREMOR, 1),
                          "in trials (Table X), b: about 46% more common than with placebo (risk ratio 1.46); "
                          "low confidence");
    assert_evidence_words(sdm_profile_evidence(p, T6_TREMOR, 2),
                          "in trials (Table X), c: about as common as with placebo (risk ratio 1.02); low confidence");
    assert_evidence_words(sdm_profile_evidence(p, T6_TREMOR, 3),
                          "in trials (Table X), d: on average 26.9 ng/mL more than with placebo; moderate confidence");
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

/* ---- bad input ------------------------------------------------------------- */

static void expect_load_error(const char *sq_json, sdm_status status, const char *needle)
{
    sdm_catalogue *cat = test6_catalogue();
    char *json = tj(sq_json);
    sdm_formulary *f = NULL;
    sdm_status st = sdm_formulary_load_json(cat, json, strlen(json), &f);
    ck_assert_msg(st == status, "loading %s: expected %d, got %d: '%s'", json, (int)status, (int)st,
                  sdm_last_error());
    ck_assert_ptr_null(f);
    ck_assert_msg(strstr(sdm_last_error(), needle) != NULL, "'%s' does not contain '%s'", sdm_last_error(),
                  needle);
    free(json);
    sdm_catalogue_free(cat);
}

#define CELL(c) V2_HEAD "'tremor': " c V2_TAIL

START_TEST(format_2_bad_input)
{
    expect_load_error(CELL("{'readings': [{'source': 'x', 'printed': '++++', 'value': 4}]}"), SDM_ERR_SCHEMA,
                      "medications[0](a).ratings.tremor.readings[0]: 'value' is 4, outside 0..3");
    expect_load_error(CELL("{'readings': [{'source': 'x', 'printed': '+', 'value': 1, 'low': 1}]}"),
                      SDM_ERR_SCHEMA, "readings[0]: 'low' (1) must be below 'value' (1)");
    expect_load_error(CELL("{'readings': [{'source': 'w', 'printed': '+', 'value': 1}]}"), SDM_ERR_SCHEMA,
                      "readings[0]: the source 'w' is not listed in \"sources\"");
    expect_load_error(CELL("{'readings': [{'source': 'x', 'value': 1}]}"), SDM_ERR_SCHEMA,
                      "readings[0]: the key 'printed' is missing");
    expect_load_error(CELL("{'readings': [{'source': 'x', 'printed': '+', 'value': 1, 'valeu': 1}]}"),
                      SDM_ERR_SCHEMA, "unknown key 'valeu' (did you mean 'value'?)");
    expect_load_error(CELL("{'rating': 2, 'source': 'x'}"), SDM_ERR_SCHEMA, "unknown key 'rating'");
    expect_load_error(CELL("{}"), SDM_ERR_SCHEMA, "tremor: the key 'readings' is missing");
    expect_load_error(CELL("{'readings': [], 'evidence': [{'source': 'x', 'outcome': 'o', 'kind': 'odds_ratio',"
                           " 'value': 2, 'versus': 'placebo', 'confidence': 'low'}]}"),
                      SDM_ERR_SCHEMA, "kind: unknown kind of numeric evidence 'odds_ratio' (did you mean "
                                      "'risk_ratio'?)");
    expect_load_error(CELL("{'readings': [], 'evidence': [{'source': 'x', 'outcome': 'o', 'kind': 'risk_ratio',"
                           " 'value': 0, 'versus': 'placebo', 'confidence': 'low'}]}"),
                      SDM_ERR_SCHEMA, "'value' 0 is not a risk ratio (a number above 0)");
    expect_load_error(CELL("{'readings': [], 'evidence': [{'source': 'x', 'outcome': 'o', 'kind': "
                           "'mean_difference', 'value': 2, 'versus': 'placebo', 'confidence': 'low'}]}"),
                      SDM_ERR_SCHEMA, "a mean difference needs its 'unit'");
    expect_load_error(CELL("{'readings': [], 'evidence': [{'source': 'x', 'outcome': 'o', 'kind': 'risk_ratio',"
                           " 'value': 2, 'unit': 'kg', 'versus': 'placebo', 'confidence': 'low'}]}"),
                      SDM_ERR_SCHEMA, "a risk ratio has no unit (found 'kg')");
    expect_load_error(CELL("{'readings': [], 'evidence': [{'source': 'x', 'outcome': 'o', 'kind': 'risk_ratio',"
                           " 'value': 2, 'versus': 'haloperidol', 'confidence': 'low'}]}"),
                      SDM_ERR_SCHEMA, "'versus' is 'haloperidol'; this version reads effects against placebo only");
    expect_load_error(CELL("{'readings': [], 'evidence': [{'source': 'x', 'outcome': 'o', 'kind': 'risk_ratio',"
                           " 'value': 2, 'versus': 'placebo', 'confidence': 'medium'}]}"),
                      SDM_ERR_SCHEMA, "confidence: unknown confidence 'medium' (not_graded, very_low, low, "
                                      "moderate or high)");
    /* sources: reliability stated, and only words of the vocabulary */
    expect_load_error("{'format': 'sdm-formulary', 'format_version': 2, 'version': 'v', 'sources': "
                      "[{'key': 'x', 'citation': 'X'}], 'medications': [{'id': 'a', 'name': 'A', 'ratings': {}}]}",
                      SDM_ERR_SCHEMA, "sources[0]: the key 'reliability' is missing");
    expect_load_error("{'format': 'sdm-formulary', 'format_version': 2, 'version': 'v', 'sources': "
                      "[{'key': 'x', 'citation': 'X', 'reliability': 'regulatry'}], 'medications': "
                      "[{'id': 'a', 'name': 'A', 'ratings': {}}]}",
                      SDM_ERR_SCHEMA, "reliability: unknown reliability 'regulatry' (did you mean 'regulatory'?)");
    expect_load_error("{'format': 'sdm-formulary', 'format_version': 2, 'version': 'v', 'sources': "
                      "[{'key': 'x', 'citation': 'X', 'reliability': 'secondary', 'decides': 1}], 'medications': "
                      "[{'id': 'a', 'name': 'A', 'ratings': {}}]}",
                      SDM_ERR_SCHEMA, "'decides' must be true or false");
    /* format 1 does not know the keys of format 2 */
    expect_load_error("{'format': 'sdm-formulary', 'format_version': 1, 'version': 'v', 'sources': "
                      "[{'key': 'x', 'citation': 'X', 'reliability': 'secondary'}], 'medications': "
                      "[{'id': 'a', 'name': 'A', 'ratings': {}}]}",
                      SDM_ERR_SCHEMA, "unknown key 'reliability'");
    /* formulations and licences of the vocabulary only */
    expect_load_error(V2_HEAD "}, 'formulations': ['injection']}]}", SDM_ERR_SCHEMA,
                      "medications[0](a).formulations[0]: unknown formulation 'injection'");
    expect_load_error(V2_HEAD "}, 'licensed_in': ['GB']}]}", SDM_ERR_SCHEMA,
                      "licensed_in[0]: unknown licence country 'GB' (did you mean 'UK'?");
}
END_TEST

/* Sources and numeric evidence with a key of the wrong type or missing: each
 * named by its path. */
#define SOURCE(fields) \
    "{'format': 'sdm-formulary', 'format_version': 2, 'version': 'v', 'sources': [{'key': 'x', 'citation': 'X', " \
    "'reliability': 'secondary'" fields "}], 'medications': [{'id': 'a', 'name': 'A', 'ratings': {}}]}"
#define EVIDENCE(fields) CELL("{'readings': [], 'evidence': [{'source': 'x', 'outcome': 'o'" fields "}]}")
START_TEST(format_2_mistyped_and_missing)
{
    expect_load_error(SOURCE(", 'url': 3"), SDM_ERR_SCHEMA, "sources[0].url: expected a string, found an integer");
    expect_load_error(SOURCE(", 'note': true"), SDM_ERR_SCHEMA, "sources[0].note: expected a string, found a boolean");
    expect_load_error(SOURCE(", 'label': ['X']"), SDM_ERR_SCHEMA, "sources[0].label: expected a string, found an array");
    expect_load_error(SOURCE(", 'edition': 3.5"), SDM_ERR_SCHEMA, "sources[0].edition: expected a string, found a number");
    expect_load_error(EVIDENCE(", 'kind': 'risk_ratio', 'value': 2, 'confidence': 'low'"), SDM_ERR_SCHEMA,
                      "evidence[0]: the key 'versus' is missing");
    expect_load_error(EVIDENCE(", 'label': 5, 'kind': 'risk_ratio', 'value': 2, 'versus': 'placebo', 'confidence': 'low'"),
                      SDM_ERR_SCHEMA, "evidence[0].label: expected a string, found an integer");
    expect_load_error(EVIDENCE(", 'value': 2, 'versus': 'placebo', 'confidence': 'low'"), SDM_ERR_SCHEMA,
                      "evidence[0]: the key 'kind' is missing");
    expect_load_error(EVIDENCE(", 'kind': 'risk_ratio', 'value': 2, 'versus': 'placebo'"), SDM_ERR_SCHEMA,
                      "evidence[0]: the key 'confidence' is missing");
    expect_load_error(EVIDENCE(", 'kind': 'risk_ratio', 'versus': 'placebo', 'confidence': 'low'"), SDM_ERR_SCHEMA,
                      "evidence[0]: 'value' must be a number (it is missing)");
    expect_load_error(EVIDENCE(", 'kind': 'risk_ratio', 'value': '2', 'versus': 'placebo', 'confidence': 'low'"),
                      SDM_ERR_SCHEMA, "evidence[0]: 'value' must be a number");
    expect_load_error(EVIDENCE(", 'kind': 'mean_difference', 'value': 2, 'unit': '', 'versus': 'placebo', "
                               "'confidence': 'low'"),
                      SDM_ERR_SCHEMA, "a mean difference needs its 'unit'");
    /* an empty label is refused; a label left out falls back to the key (a
     * source) and to the outcome (evidence) */
    expect_load_error(EVIDENCE(", 'label': '', 'kind': 'risk_ratio', 'value': 2, 'versus': 'placebo', "
                               "'confidence': 'low'"),
                      SDM_ERR_SCHEMA, "evidence[0].label: the text is empty");
    expect_load_error(SOURCE(", 'label': ''"), SDM_ERR_SCHEMA, "sources[0].label: the text is empty");
    sdm_catalogue *cat = test6_catalogue();
    sdm_formulary *f = test_formulary(cat, V2_HEAD
        "'tremor': {'readings': [], 'evidence': [{'source': 'y', 'outcome': 'shaking', 'kind': "
        "'mean_difference', 'value': -1.5, 'unit': 'points', 'versus': 'placebo', 'confidence': 'low'}]}"
        V2_TAIL);
    ck_assert_str_eq(sdm_formulary_source_label(f, 1), "y");
    assert_evidence_words(sdm_profile_evidence(sdm_formulary_profile(f, 0), T6_TREMOR, 0),
                          "in trials (y), shaking: on average 1.5 points less than with placebo; low confidence");
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST
#undef SOURCE
#undef EVIDENCE

START_TEST(readings_over_the_limit)
{
    /* SDM_MAX_READINGS readings load; one more is refused with the limit */
    for (int extra = 0; extra <= 1; extra++) {
        char doc[8192];
        size_t len = (size_t)snprintf(doc, sizeof doc, "%s'tremor': {'readings': [", V2_HEAD);
        for (int i = 0; i < SDM_MAX_READINGS + extra; i++)
            len += (size_t)snprintf(doc + len, sizeof doc - len, "%s{'source': 'x', 'printed': '+', 'value': 1}",
                                    i ? ", " : "");
        snprintf(doc + len, sizeof doc - len, "]}%s", V2_TAIL);
        if (extra == 0) {
            sdm_catalogue *cat = test6_catalogue();
            sdm_formulary *f = test_formulary(cat, doc);
            ck_assert_uint_eq(sdm_profile_reading_count(sdm_formulary_profile(f, 0), T6_TREMOR), SDM_MAX_READINGS);
            sdm_formulary_free(f);
            sdm_catalogue_free(cat);
        } else {
            expect_load_error(doc, SDM_ERR_LIMIT, "'readings' has 65 entries, more than the limit of 64");
        }
    }
}
END_TEST

START_TEST(getters_on_bad_arguments)
{
    struct dfx x;
    dfx_init(&x);
    const sdm_profile *p = med(&x, "olanzapine");
    ck_assert_int_eq(sdm_profile_rating_by(NULL, 0, SDM_SYNTHESIS_HIGHEST), SDM_RATING_UNKNOWN);
    ck_assert_int_eq(sdm_profile_rating_by(p, 36, SDM_SYNTHESIS_HIGHEST), SDM_RATING_UNKNOWN);
    ck_assert_int_eq(sdm_profile_rating_by(p, 6, (sdm_synthesis)3), SDM_RATING_UNKNOWN);
    ck_assert_uint_eq(sdm_profile_reading_count(p, 36), 0);
    ck_assert_ptr_null(sdm_profile_reading(p, 36, 0));
    ck_assert_int_eq(sdm_profile_spread(NULL, 0), -1);
    ck_assert_uint_eq(sdm_profile_evidence_count(NULL, 0), 0);
    ck_assert_ptr_null(sdm_profile_evidence(p, 6, 99));
    ck_assert_ptr_null(sdm_reading_source(NULL));
    ck_assert_ptr_null(sdm_reading_printed(NULL));
    ck_assert_ptr_null(sdm_reading_note(NULL));
    ck_assert_int_eq(sdm_reading_value(NULL), SDM_RATING_UNKNOWN);
    ck_assert_int_eq(sdm_reading_low(NULL), SDM_RATING_UNKNOWN);
    ck_assert_ptr_null(sdm_evidence_source(NULL));
    ck_assert_ptr_null(sdm_evidence_outcome(NULL));
    ck_assert_ptr_null(sdm_evidence_unit(NULL));
    ck_assert_ptr_null(sdm_evidence_versus(NULL));
    ck_assert_ptr_null(sdm_evidence_note(NULL));
    ck_assert_int_eq(sdm_evidence_measure(NULL), 0);
    ck_assert(isnan(sdm_evidence_value(NULL)));
    ck_assert_int_eq(sdm_evidence_confidence(NULL), SDM_CONFIDENCE_NOT_GRADED);
    char *text = NULL;
    ck_assert_status(sdm_profile_describe_readings(p, 36, &text), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_profile_describe_readings(p, 0, NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_evidence_describe(NULL, &text), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_null(text);
    dfx_free(&x);
}
END_TEST

START_TEST(ids_of_the_evidence_enums)
{
    const char *reliability[] = {"unstated", "regulatory", "peer_reviewed", "secondary", "local_review"};
    for (int v = 0; v < 5; v++) {
        sdm_reliability back = (sdm_reliability)-1;
        ck_assert_str_eq(sdm_reliability_id((sdm_reliability)v), reliability[v]);
        ck_assert_ok(sdm_reliability_from_id(reliability[v], &back));
        ck_assert_int_eq(back, v);
    }
    ck_assert_ptr_null(sdm_reliability_id((sdm_reliability)5));
    sdm_reliability r;
    ck_assert_status(sdm_reliability_from_id("Regulatory", &r), SDM_ERR_NOT_FOUND);
    ck_assert_str_eq(sdm_last_error(), "unknown reliability 'Regulatory' (did you mean 'regulatory'?)");
    ck_assert_str_eq(sdm_measure_id(SDM_MEASURE_RISK_RATIO), "risk_ratio");
    ck_assert_str_eq(sdm_measure_id(SDM_MEASURE_MEAN_DIFFERENCE), "mean_difference");
    ck_assert_ptr_null(sdm_measure_id((sdm_measure)0));
    ck_assert_ptr_null(sdm_measure_id((sdm_measure)3));
    const char *confidence[] = {"not_graded", "very_low", "low", "moderate", "high"};
    for (int v = 0; v < 5; v++)
        ck_assert_str_eq(sdm_confidence_id((sdm_confidence)v), confidence[v]);
    ck_assert_ptr_null(sdm_confidence_id((sdm_confidence)-1));
}
END_TEST

/* ---- vocabularies of the filters ----------------------------------------- */

START_TEST(filters_refuse_unknown_words)
{
    sdm_match_options *o;
    ck_assert_ok(sdm_match_options_new(&o));
    ck_assert_status(sdm_match_options_require_licence(o, "GB"), SDM_ERR_NOT_FOUND);
    ck_assert_str_eq(sdm_last_error(), "unknown licence country 'GB' (did you mean 'UK'? the formats write the "
                                       "United Kingdom as UK)");
    ck_assert_status(sdm_match_options_require_licence(o, "uk"), SDM_ERR_NOT_FOUND);
    ck_assert_str_eq(sdm_last_error(), "unknown licence country 'uk' (did you mean 'UK'? the formats write the "
                                       "United Kingdom as UK)");
    ck_assert_status(sdm_match_options_require_licence(o, "de"), SDM_ERR_NOT_FOUND);
    ck_assert_str_eq(sdm_last_error(), "unknown licence country 'de' (did you mean 'DE'?)");
    ck_assert_status(sdm_match_options_require_licence(o, "XX"), SDM_ERR_NOT_FOUND);
    ck_assert_str_eq(sdm_last_error(), "unknown licence country 'XX' (an ISO 3166-1 alpha-2 code in capitals, "
                                       "with UK for the United Kingdom, or EU)");
    ck_assert_ok(sdm_match_options_require_licence(o, "EU"));
    ck_assert_ok(sdm_match_options_require_licence(o, "FR"));
    ck_assert_status(sdm_match_options_require_formulation(o, "injection"), SDM_ERR_NOT_FOUND);
    ck_assert_str_eq(sdm_last_error(), "unknown formulation 'injection' (did you mean 'short_acting_injection' or "
                                       "'long_acting_injection'?)");
    ck_assert_status(sdm_match_options_require_formulation(o, "pill"), SDM_ERR_NOT_FOUND);
    ck_assert_str_eq(sdm_last_error(), "unknown formulation 'pill' (tablet, modified_release_tablet, "
                                       "orodispersible, sublingual_tablet, capsule, liquid, short_acting_injection, "
                                       "long_acting_injection, transdermal_patch or inhalation)");
    ck_assert_status(sdm_match_options_require_formulation(o, "long_acting_injektion"), SDM_ERR_NOT_FOUND);
    ck_assert_str_eq(sdm_last_error(), "unknown formulation 'long_acting_injektion' (did you mean "
                                       "'long_acting_injection'?)");
    ck_assert_ok(sdm_match_options_require_formulation(o, "long_acting_injection"));
    char *json = NULL;
    ck_assert_ok(sdm_match_options_to_json(o, &json));
    ck_assert_ptr_nonnull(strstr(json, "\"require_licences\": [\n    \"EU\",\n    \"FR\"\n  ]"));
    sdm_free(json);
    sdm_match_options_free(o);
    /* the same through the options JSON, with the key that holds the word */
    const char *docs[] = {"{'require_formulations': ['injection']}", "{'require_licences': ['GB']}",
                          "{'synthesis': 'median'}", "{'unknwon': 'worst'}"};
    const char *needles[] = {"require_formulations[0]: unknown formulation 'injection'",
                             "require_licences[0]: unknown licence country 'GB' (did you mean 'UK'?",
                             "synthesis: unknown synthesis rule 'median' (consensus, highest or precedence)",
                             "unknown key 'unknwon' (did you mean 'unknown'?)"};
    for (int i = 0; i < 4; i++) {
        char *doc = tj(docs[i]);
        sdm_match_options *bad = NULL;
        ck_assert_int_lt(sdm_match_options_from_json(doc, strlen(doc), &bad), 0);
        ck_assert_ptr_null(bad);
        ck_assert_msg(strstr(sdm_last_error(), needles[i]) != NULL, "'%s' lacks '%s'", sdm_last_error(),
                      needles[i]);
        free(doc);
    }
}
END_TEST

/* ---- what a match says about the evidence ---------------------------------- */

static sdm_match *default_match(const struct dfx *x, const char *const *avoid, size_t n, const char *helpful)
{
    sdm_ranking *r = NULL;
    ck_assert_ok(sdm_ranking_new(x->cat, &r));
    for (size_t i = 0; i < n; i++)
        ck_assert_ok(sdm_ranking_avoid(r, avoid[i], (int)i + 1));
    if (helpful)
        ck_assert_ok(sdm_ranking_helpful(r, helpful));
    sdm_match *m = NULL;
    ck_assert_ok(sdm_match_run(x->f, r, NULL, &m));
    sdm_ranking_free(r);
    return m;
}

static size_t entry_of(const sdm_match *m, const char *id)
{
    for (size_t i = 0; i < sdm_match_count(m); i++)
        if (strcmp(sdm_profile_id(sdm_match_profile(m, i)), id) == 0)
            return i;
    ck_abort_msg("'%s' is not ranked", id);
    return 0;
}

/* Cariprazine for stiff muscles (1), dry mouth (2), weight gain (3), weight
 * loss helpful. ROC k = 3: 11/18, 5/18, 1/9; the helpful weight 1/9.
 *   stiff_muscles  + (Maudsley 0, UpToDate 1, S3 2: median 1; spread 2)   11/18 * 1/3 = 11/54
 *   dry_mouth      ++ (Maudsley 0, UpToDate 2: the higher middle; spread 2) 5/18 * 2/3 = 10/54
 *   weight_gain    + (S3 '0/+' low 0 value 1, Maudsley 1, UpToDate 2: median 1; spread 2 - 0 = 2)
 *                                                                          1/9 * 1/3  =  2/54
 *   weight_loss    no source rates it for any medicine: the middle, a benefit of 1/9 * 1/2 = 3/54
 *   score 20/54 = 10/27 */
START_TEST(explanation_says_where_sources_disagree)
{
    struct dfx x;
    dfx_init(&x);
    const char *avoid[] = {"stiff_muscles", "dry_mouth", "weight_gain"};
    sdm_match *m = default_match(&x, avoid, 3, "weight_loss");
    size_t i = entry_of(m, "cariprazine");
    ck_assert_near(sdm_match_score(m, i), 10.0 / 27);
    char *reason = NULL;
    ck_assert_ok(sdm_match_reason(m, i, &reason));
    ck_assert_str_eq(reason,
                     "Stiff muscles + (rank 1; sources disagree: none to ++: Maudsley none, UpToDate +, S3 guideline ++); "
                     "Dry mouth ++ (rank 2; sources disagree: none to ++: Maudsley none, UpToDate ++); "
                     "Weight gain + (rank 3; sources disagree: none to ++: S3 guideline none to +, Maudsley +, UpToDate ++); "
                     "Weight loss not known (helpful; counted as the middle of the scale)");
    sdm_free(reason);
    /* the JSON of the entry: each rating with its readings, spread, disagreement and numbers */
    char *text = NULL;
    ck_assert_ok(sdm_match_to_json(m, &text));
    json_error_t err;
    json_t *doc = json_loads(text, 0, &err);
    ck_assert_ptr_nonnull(doc);
    json_t *entry = json_array_get(json_object_get(doc, "ranked"), i);
    json_t *stiff = json_array_get(json_object_get(entry, "ratings"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(stiff, "effect")), "stiff_muscles");
    ck_assert_int_eq(json_integer_value(json_object_get(stiff, "spread")), 2);
    ck_assert_str_eq(json_string_value(json_object_get(stiff, "disagreement")),
                     "none to ++: Maudsley none, UpToDate +, S3 guideline ++");
    ck_assert_uint_eq(json_array_size(json_object_get(stiff, "readings")), 3);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(stiff, "evidence"), 0), "words")),
                     "in trials (Huhn 2019), needing a medicine for stiffness or shaking: about 2.2 times as common as "
                     "with placebo (risk ratio 2.21); very low confidence");
    json_t *loss = json_array_get(json_object_get(entry, "ratings"), 3);
    ck_assert(json_is_null(json_object_get(loss, "spread")));
    ck_assert_ptr_null(json_object_get(loss, "disagreement"));
    json_decref(doc);
    sdm_free(text);
    sdm_match_free(m);
    dfx_free(&x);
}
END_TEST

/* Weight loss and sensitivity to sun: no source rates them for any of the 19
 * medicines of data 2026.12 (data/README.md), so choosing them changes nothing. */
START_TEST(warning_when_no_medicine_rates_a_choice)
{
    struct dfx x;
    dfx_init(&x);
    const char *avoid[] = {"weight_gain", "sun_sensitivity"};
    sdm_match *m = default_match(&x, avoid, 2, "weight_loss");
    ck_assert_uint_eq(sdm_match_warning_count(m), 2);
    ck_assert_uint_eq(sdm_match_warning_effect(m, 0), test_index(x.cat, "sun_sensitivity"));
    ck_assert_uint_eq(sdm_match_warning_effect(m, 1), test_index(x.cat, "weight_loss"));
    ck_assert_uint_eq(sdm_match_warning_effect(m, 2), (size_t)-1);
    char *text = NULL;
    ck_assert_ok(sdm_match_warning_text(m, 0, &text));
    ck_assert_str_eq(text, "No medicine here has a rating for 'Sensitivity to sun', so ranking it (rank 2) counts the "
                           "same for every medicine and changes nothing in their order.");
    sdm_free(text);
    ck_assert_ok(sdm_match_warning_text(m, 1, &text));
    ck_assert_str_eq(text, "No medicine here has a rating for 'Weight loss', so ticking it as helpful changes nothing "
                           "in this result.");
    sdm_free(text);
    ck_assert_status(sdm_match_warning_text(m, 2, &text), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_match_warning_text(m, 0, NULL), SDM_ERR_INVALID_ARGUMENT);
    /* in the JSON and in a record, which re-opens */
    ck_assert_ok(sdm_match_to_json(m, &text));
    ck_assert_ptr_nonnull(strstr(text, "\"warnings\": [\n    {\n      \"effect\": \"sun_sensitivity\""));
    sdm_free(text);
    ck_assert_ok(sdm_record_to_json(m, NULL, &text));
    sdm_record *rec = NULL;
    ck_assert_ok(sdm_record_from_json(x.cat, text, strlen(text), &rec));
    sdm_record_free(rec);
    sdm_free(text);
    sdm_match_free(m);
    /* a choice some medicine rates: no warning */
    m = default_match(&x, avoid, 1, NULL);
    ck_assert_uint_eq(sdm_match_warning_count(m), 0);
    ck_assert_uint_eq(sdm_match_warning_count(NULL), 0);
    sdm_match_free(m);
    dfx_free(&x);
}
END_TEST

static Suite *evidence_suite(void)
{
    Suite *s = suite_create("evidence");
    TCase *tc = tcase_create("default data");
    ADD(tc, cariprazine_stiffness_and_tremor);
    ADD(tc, lurasidone_restlessness_range);
    ADD(tc, appendix_2_card_decides);
    ADD(tc, even_number_of_readings);
    ADD(tc, unknown_with_numeric_evidence);
    ADD(tc, mean_difference_in_words);
    ADD(tc, sources_carry_reliability_and_edition);
    ADD(tc, precedence_reproduces_2026_11);
    ADD(tc, explanation_says_where_sources_disagree);
    ADD(tc, warning_when_no_medicine_rates_a_choice);
    suite_add_tcase(s, tc);

    tc = tcase_create("formats");
    ADD(tc, format_1_cell_is_one_reading);
    ADD(tc, format_2_rules_by_hand);
    ADD(tc, words_of_risk_ratios);
    ADD(tc, format_2_bad_input);
    ADD(tc, format_2_mistyped_and_missing);
    ADD(tc, readings_over_the_limit);
    ADD(tc, getters_on_bad_arguments);
    ADD(tc, ids_of_the_evidence_enums);
    ADD(tc, filters_refuse_unknown_words);
    suite_add_tcase(s, tc);
    return s;
}

SDM_TEST_MAIN(evidence_suite)
