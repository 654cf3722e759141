/*
 * libsdm - the formulary and its profiles: the default data, a hand-made
 * document, every load error, the JSON round trip and reference counting.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L

#include "common.h"

#include <unistd.h>

/* ---- helpers ------------------------------------------------------------- */

static int source_listed(const sdm_formulary *f, const char *key)
{
    for (size_t i = 0; i < sdm_formulary_source_count(f); i++)
        if (strcmp(sdm_formulary_source_key(f, i), key) == 0)
            return 1;
    return 0;
}

static void assert_str_eq_or_null(const char *a, const char *b, const char *what)
{
    if (a == NULL || b == NULL)
        ck_assert_msg(a == b, "%s: '%s' vs '%s'", what, a ? a : "(null)", b ? b : "(null)");
    else
        ck_assert_msg(strcmp(a, b) == 0, "%s: '%s' vs '%s'", what, a, b);
}

/* Every getter of two formularies agrees. */
static void assert_formularies_equal(const sdm_formulary *a, const sdm_formulary *b)
{
    const sdm_catalogue *cat = sdm_formulary_catalogue(a);
    ck_assert_int_eq(sdm_catalogue_equal(cat, sdm_formulary_catalogue(b)), 1);
    size_t n_items = sdm_catalogue_count(cat);

    ck_assert_str_eq(sdm_formulary_version(a), sdm_formulary_version(b));
    ck_assert_str_eq(sdm_formulary_name(a), sdm_formulary_name(b));
    ck_assert_str_eq(sdm_formulary_title(a), sdm_formulary_title(b));
    ck_assert_str_eq(sdm_formulary_notice(a), sdm_formulary_notice(b));
    ck_assert_uint_eq(sdm_formulary_source_count(a), sdm_formulary_source_count(b));
    for (size_t s = 0; s < sdm_formulary_source_count(a); s++) {
        ck_assert_str_eq(sdm_formulary_source_key(a, s), sdm_formulary_source_key(b, s));
        ck_assert_str_eq(sdm_formulary_source_citation(a, s), sdm_formulary_source_citation(b, s));
        ck_assert_str_eq(sdm_formulary_source_url(a, s), sdm_formulary_source_url(b, s));
    }
    ck_assert_uint_eq(sdm_formulary_count(a), sdm_formulary_count(b));
    for (size_t m = 0; m < sdm_formulary_count(a); m++) {
        const sdm_profile *p = sdm_formulary_profile(a, m);
        const sdm_profile *q = sdm_formulary_profile(b, m);
        ck_assert_ptr_nonnull(p);
        ck_assert_ptr_nonnull(q);
        ck_assert_str_eq(sdm_profile_id(p), sdm_profile_id(q));
        ck_assert_str_eq(sdm_profile_name(p), sdm_profile_name(q));
        ck_assert_str_eq(sdm_profile_atc(p), sdm_profile_atc(q));
        ck_assert_uint_eq(sdm_profile_formulation_count(p), sdm_profile_formulation_count(q));
        for (size_t i = 0; i < sdm_profile_formulation_count(p); i++)
            ck_assert_str_eq(sdm_profile_formulation(p, i), sdm_profile_formulation(q, i));
        ck_assert_uint_eq(sdm_profile_licence_count(p), sdm_profile_licence_count(q));
        for (size_t i = 0; i < sdm_profile_licence_count(p); i++)
            ck_assert_str_eq(sdm_profile_licence(p, i), sdm_profile_licence(q, i));
        for (size_t e = 0; e < n_items; e++) {
            ck_assert_msg(sdm_profile_rating(p, e) == sdm_profile_rating(q, e),
                          "%s / %s: rating %d vs %d", sdm_profile_id(p), sdm_catalogue_id(cat, e),
                          sdm_profile_rating(p, e), sdm_profile_rating(q, e));
            assert_str_eq_or_null(sdm_profile_rating_source(p, e), sdm_profile_rating_source(q, e),
                                  sdm_catalogue_id(cat, e));
            assert_str_eq_or_null(sdm_profile_rating_note(p, e), sdm_profile_rating_note(q, e),
                                  sdm_catalogue_id(cat, e));
        }
    }
}

/* ---- the default formulary ----------------------------------------------- */

START_TEST(default_formulary)
{
    sdm_catalogue *cat = test_default_catalogue();
    sdm_formulary *f = test_default_formulary(cat);

    ck_assert_uint_eq(sdm_formulary_count(f), 19);
    ck_assert_str_eq(sdm_formulary_version(f), "2026.12");
    ck_assert_ptr_nonnull(sdm_formulary_notice(f));
    ck_assert_str_ne(sdm_formulary_notice(f), "");
    ck_assert_ptr_eq(sdm_formulary_catalogue(f), cat);
    ck_assert_str_eq(sdm_profile_id(sdm_formulary_profile(f, 0)), "amisulpride");
    ck_assert_str_eq(sdm_profile_id(sdm_formulary_profile(f, 18)), "zuclopenthixol");
    ck_assert_ptr_null(sdm_formulary_profile(f, 19));
    /* sorted by id */
    for (size_t i = 1; i < 19; i++)
        ck_assert_msg(strcmp(sdm_profile_id(sdm_formulary_profile(f, i - 1)),
                             sdm_profile_id(sdm_formulary_profile(f, i))) < 0,
                      "medicines %zu and %zu out of order", i - 1, i);
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(default_aripiprazole)
{
    sdm_catalogue *cat = test_default_catalogue();
    sdm_formulary *f = test_default_formulary(cat);

    const sdm_profile *p = sdm_formulary_find(f, "aripiprazole");
    ck_assert_ptr_nonnull(p);
    ck_assert_ptr_eq(sdm_profile_formulary(p), f);
    ck_assert_str_eq(sdm_profile_id(p), "aripiprazole");
    ck_assert_str_eq(sdm_profile_name(p), "Aripiprazole");
    ck_assert_str_eq(sdm_profile_atc(p), "N05AX12");

    size_t poor_sleep = test_index(cat, "poor_sleep");
    size_t restlessness = test_index(cat, "restlessness");
    size_t feeling_sick = test_index(cat, "feeling_sick");
    size_t weight_loss = test_index(cat, "weight_loss");
    ck_assert_int_eq(sdm_profile_rating(p, poor_sleep), 2);
    ck_assert_int_eq(sdm_profile_rating(p, restlessness), 2);
    ck_assert_int_eq(sdm_profile_rating(p, feeling_sick), 1);
    ck_assert_str_eq(sdm_profile_rating_source(p, poor_sleep), "card");
    ck_assert_str_eq(sdm_profile_rating_source(p, restlessness), "card");
    ck_assert_str_eq(sdm_profile_rating_source(p, feeling_sick), "card");
    ck_assert_int_eq(sdm_profile_rating(p, weight_loss), SDM_RATING_UNKNOWN);
    ck_assert_ptr_null(sdm_profile_rating_source(p, weight_loss));

    ck_assert_int_eq(sdm_profile_has_formulation(p, "long_acting_injection"), 1);
    ck_assert_int_eq(sdm_profile_has_formulation(p, "tablet"), 1);
    ck_assert_int_eq(sdm_profile_has_formulation(p, "sublingual_tablet"), 0);
    ck_assert_int_eq(sdm_profile_licensed_in(p, "UK"), 1);

    /* the profile is the same one as by position */
    int found = 0;
    for (size_t i = 0; i < sdm_formulary_count(f); i++)
        if (sdm_formulary_profile(f, i) == p)
            found = 1;
    ck_assert_int_eq(found, 1);

    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(default_formulations_and_licences)
{
    sdm_catalogue *cat = test_default_catalogue();
    sdm_formulary *f = test_default_formulary(cat);

    const sdm_profile *asenapine = sdm_formulary_find(f, "asenapine");
    ck_assert_ptr_nonnull(asenapine);
    ck_assert_int_eq(sdm_profile_has_formulation(asenapine, "sublingual_tablet"), 1);
    int listed = 0;
    for (size_t i = 0; i < sdm_profile_formulation_count(asenapine); i++)
        if (strcmp(sdm_profile_formulation(asenapine, i), "sublingual_tablet") == 0)
            listed = 1;
    ck_assert_int_eq(listed, 1);
    ck_assert_ptr_null(sdm_profile_formulation(asenapine, sdm_profile_formulation_count(asenapine)));

    const sdm_profile *brex = sdm_formulary_find(f, "brexpiprazole");
    ck_assert_ptr_nonnull(brex);
    /* licences.csv (data 2026.12): EU yes (the EPAR), UK yes (a leaflet), US yes
     * (the label); DE only from the app's flag, which is never used */
    ck_assert_int_eq(sdm_profile_licensed_in(brex, "EU"), 1);
    ck_assert_int_eq(sdm_profile_licensed_in(brex, "US"), 1);
    ck_assert_int_eq(sdm_profile_licensed_in(brex, "UK"), 1);
    ck_assert_int_eq(sdm_profile_licensed_in(brex, "DE"), 0);
    ck_assert_int_eq(sdm_profile_licensed_in(brex, "uk"), 0);
    ck_assert_uint_eq(sdm_profile_licence_count(brex), 3);
    ck_assert_str_eq(sdm_profile_licence(brex, 0), "EU");
    ck_assert_str_eq(sdm_profile_licence(brex, 1), "UK");
    ck_assert_str_eq(sdm_profile_licence(brex, 2), "US");
    ck_assert_ptr_null(sdm_profile_licence(brex, 3));

    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(default_sources)
{
    sdm_catalogue *cat = test_default_catalogue();
    sdm_formulary *f = test_default_formulary(cat);

    ck_assert_uint_gt(sdm_formulary_source_count(f), 0);
    int maudsley = 0;
    for (size_t s = 0; s < sdm_formulary_source_count(f); s++) {
        ck_assert_ptr_nonnull(sdm_formulary_source_key(f, s));
        ck_assert_ptr_nonnull(sdm_formulary_source_citation(f, s));
        ck_assert_ptr_nonnull(sdm_formulary_source_url(f, s));
        ck_assert_str_ne(sdm_formulary_source_citation(f, s), "");
        if (strcmp(sdm_formulary_source_key(f, s), "maudsley") == 0)
            maudsley = 1;
    }
    ck_assert_int_eq(maudsley, 1);
    ck_assert_int_eq(source_listed(f, "card"), 1);
    size_t n = sdm_formulary_source_count(f);
    ck_assert_ptr_null(sdm_formulary_source_key(f, n));
    ck_assert_ptr_null(sdm_formulary_source_citation(f, n));
    ck_assert_ptr_null(sdm_formulary_source_url(f, n));

    /* every known rating names a listed source; every unknown one none */
    for (size_t m = 0; m < sdm_formulary_count(f); m++) {
        const sdm_profile *p = sdm_formulary_profile(f, m);
        ck_assert_ptr_eq(sdm_profile_formulary(p), f);
        for (size_t e = 0; e < 36; e++) {
            int r = sdm_profile_rating(p, e);
            ck_assert_int_ge(r, -1);
            ck_assert_int_le(r, 3);
            const char *src = sdm_profile_rating_source(p, e);
            if (r == SDM_RATING_UNKNOWN) {
                ck_assert_ptr_null(src);
            } else {
                ck_assert_msg(src != NULL && source_listed(f, src), "%s / %s: source '%s'",
                              sdm_profile_id(p), sdm_catalogue_id(cat, e), src ? src : "(null)");
            }
            ck_assert_ptr_nonnull(sdm_profile_rating_note(p, e));
        }
    }
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(default_find_unknown)
{
    sdm_catalogue *cat = test_default_catalogue();
    sdm_formulary *f = test_default_formulary(cat);
    sdm_clear_error();
    ck_assert_ptr_null(sdm_formulary_find(f, "aripiprazol"));
    ck_assert_error_has("aripiprazol");
    ck_assert_error_has("aripiprazole");
    ck_assert_ptr_null(sdm_formulary_find(f, "Aripiprazole"));
    ck_assert_ptr_null(sdm_formulary_find(f, NULL));
    ck_assert_ptr_null(sdm_formulary_find(NULL, "aripiprazole"));
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(default_needs_default_catalogue)
{
    sdm_catalogue *t6 = test6_catalogue();
    sdm_formulary *f = NULL;
    ck_assert_status2(sdm_formulary_default(t6, &f), SDM_ERR_INVALID_ARGUMENT, SDM_ERR_NOT_FOUND);
    ck_assert_ptr_null(f);
    ck_assert_status(sdm_formulary_default(NULL, &f), SDM_ERR_INVALID_ARGUMENT);
    sdm_catalogue *cat = test_default_catalogue();
    ck_assert_status(sdm_formulary_default(cat, NULL), SDM_ERR_INVALID_ARGUMENT);
    sdm_catalogue_free(cat);
    sdm_catalogue_free(t6);
}
END_TEST

START_TEST(default_equal_catalogue_accepted)
{
    /* another default catalogue object is equal, so it is accepted */
    sdm_catalogue *a = test_default_catalogue();
    sdm_catalogue *b = test_default_catalogue();
    sdm_formulary *f = test_default_formulary(b);
    ck_assert_int_eq(sdm_catalogue_equal(a, sdm_formulary_catalogue(f)), 1);
    sdm_formulary_free(f);
    sdm_catalogue_free(b);
    sdm_catalogue_free(a);
}
END_TEST

START_TEST(default_with_vendor_catalogue)
{
    /* A vendor's own catalogue with the default ids in the default order
     * (say, translated labels, its own id) is equal to the default one, which
     * is all sdm_formulary_default() asks of it. */
    char doc[8192] = "{'format': 'sdm-catalogue', 'format_version': 1, 'id': 'vendor-36', 'version': '3',"
                     " 'groups': [{'id': 'all', 'label': 'Alle'}], 'items': [";
    for (size_t i = 0; i < 36; i++) {
        char item[160];
        snprintf(item, sizeof item, "%s{'id': '%s', 'label': 'Nebenwirkung %zu', 'group': 'all'}",
                 i ? ", " : "", DEFAULT_ITEMS[i].id, i + 1);
        strcat(doc, item);
    }
    strcat(doc, "]}");
    sdm_catalogue *vendor = test_catalogue(doc);
    sdm_catalogue *def = test_default_catalogue();
    ck_assert_int_eq(sdm_catalogue_equal(vendor, def), 1);

    sdm_formulary *f = NULL;
    ck_assert_ok(sdm_formulary_default(vendor, &f));
    ck_assert_uint_eq(sdm_formulary_count(f), 19);
    ck_assert_ptr_eq(sdm_formulary_catalogue(f), vendor);
    const sdm_profile *p = sdm_formulary_find(f, "aripiprazole");
    ck_assert_int_eq(sdm_profile_rating(p, 4), 2);   /* poor_sleep */
    sdm_formulary_free(f);
    sdm_catalogue_free(def);
    sdm_catalogue_free(vendor);
}
END_TEST

START_TEST(getters_out_of_range)
{
    sdm_catalogue *cat = test_default_catalogue();
    sdm_formulary *f = test_default_formulary(cat);
    const sdm_profile *p = sdm_formulary_profile(f, 0);

    ck_assert_int_eq(sdm_profile_rating(p, 36), SDM_RATING_UNKNOWN);
    ck_assert_int_eq(sdm_profile_rating(p, (size_t)-1), SDM_RATING_UNKNOWN);
    ck_assert_int_eq(sdm_profile_rating(NULL, 0), SDM_RATING_UNKNOWN);
    ck_assert_ptr_null(sdm_profile_rating_source(p, 36));
    ck_assert_ptr_null(sdm_profile_rating_source(NULL, 0));
    ck_assert_ptr_null(sdm_profile_rating_note(p, 36));
    ck_assert_ptr_null(sdm_profile_rating_note(NULL, 0));
    ck_assert_ptr_null(sdm_profile_id(NULL));
    ck_assert_ptr_null(sdm_profile_name(NULL));
    ck_assert_ptr_null(sdm_profile_atc(NULL));
    ck_assert_uint_eq(sdm_profile_formulation_count(NULL), 0);
    ck_assert_ptr_null(sdm_profile_formulation(NULL, 0));
    ck_assert_ptr_null(sdm_profile_formulation(p, sdm_profile_formulation_count(p)));
    ck_assert_int_eq(sdm_profile_has_formulation(p, NULL), 0);
    ck_assert_int_eq(sdm_profile_has_formulation(NULL, "tablet"), 0);
    ck_assert_uint_eq(sdm_profile_licence_count(NULL), 0);
    ck_assert_ptr_null(sdm_profile_licence(NULL, 0));
    ck_assert_ptr_null(sdm_profile_licence(p, sdm_profile_licence_count(p)));
    ck_assert_int_eq(sdm_profile_licensed_in(p, NULL), 0);
    ck_assert_int_eq(sdm_profile_licensed_in(NULL, "UK"), 0);
    ck_assert_ptr_null(sdm_profile_formulary(NULL));

    ck_assert_uint_eq(sdm_formulary_count(NULL), 0);
    ck_assert_ptr_null(sdm_formulary_profile(NULL, 0));
    ck_assert_ptr_null(sdm_formulary_catalogue(NULL));
    ck_assert_ptr_null(sdm_formulary_version(NULL));
    ck_assert_ptr_null(sdm_formulary_name(NULL));
    ck_assert_ptr_null(sdm_formulary_title(NULL));
    ck_assert_ptr_null(sdm_formulary_notice(NULL));
    ck_assert_uint_eq(sdm_formulary_source_count(NULL), 0);
    ck_assert_ptr_null(sdm_formulary_source_key(NULL, 0));

    char *json = NULL;
    ck_assert_status(sdm_formulary_to_json(NULL, &json), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_formulary_to_json(f, NULL), SDM_ERR_INVALID_ARGUMENT);

    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(rating_marks)
{
    ck_assert_str_eq(sdm_rating_mark(SDM_RATING_UNKNOWN), "?");
    ck_assert_str_eq(sdm_rating_mark(SDM_RATING_NONE), "0");
    ck_assert_str_eq(sdm_rating_mark(SDM_RATING_LOW), "+");
    ck_assert_str_eq(sdm_rating_mark(SDM_RATING_MODERATE), "++");
    ck_assert_str_eq(sdm_rating_mark(SDM_RATING_HIGH), "+++");
    ck_assert_str_eq(sdm_rating_mark(4), "?");
    ck_assert_str_eq(sdm_rating_mark(-2), "?");
    ck_assert_str_eq(sdm_rating_mark(1000), "?");
}
END_TEST

/* ---- a hand-made formulary over the hand-made catalogue ------------------ */

#define TRUST_A \
    "{'format': 'sdm-formulary', 'format_version': 1, 'id': 'trust-a', 'title': 'Trust A formulary'," \
    " 'version': '2026.11', 'catalogue': 'test-6', 'notice': 'Reviewed by the test pharmacist.'," \
    " 'sources': [{'key': 's', 'citation': 'Source S, 2020.', 'url': 'https://example.org/s'}," \
    "             {'key': 't', 'citation': 'Source T, 2021.'}]," \
    " 'medications': [" \
    "  {'id': 'alphazine', 'name': 'Alphazine', 'atc': 'N05AX90', 'formulations': ['liquid', 'tablet']," \
    "   'licensed_in': ['DE', 'UK'], 'ratings': {" \
    "     'night_sleepiness': {'rating': 3, 'source': 's', 'note': 'very sleepy'}," \
    "     'weight_gain': {'rating': 0, 'source': 't'}," \
    "     'dry_mouth': {'rating': 'unknown'}," \
    "     'tremor': {'rating': 2, 'source': 's'}}}," \
    "  {'id': 'betamol', 'name': 'Betamol', 'ratings': {'constipation': {'rating': 1, 'source': 't'}}}" \
    " ]}"

START_TEST(hand_made_exact)
{
    sdm_catalogue *cat = test6_catalogue();
    sdm_formulary *f = test_formulary(cat, TRUST_A);

    ck_assert_ptr_eq(sdm_formulary_catalogue(f), cat);
    ck_assert_str_eq(sdm_formulary_name(f), "trust-a");
    ck_assert_str_eq(sdm_formulary_title(f), "Trust A formulary");
    ck_assert_str_eq(sdm_formulary_version(f), "2026.11");
    ck_assert_str_eq(sdm_formulary_notice(f), "Reviewed by the test pharmacist.");
    ck_assert_uint_eq(sdm_formulary_source_count(f), 2);
    ck_assert_str_eq(sdm_formulary_source_key(f, 0), "s");
    ck_assert_str_eq(sdm_formulary_source_citation(f, 0), "Source S, 2020.");
    ck_assert_str_eq(sdm_formulary_source_url(f, 0), "https://example.org/s");
    ck_assert_str_eq(sdm_formulary_source_key(f, 1), "t");
    ck_assert_str_eq(sdm_formulary_source_citation(f, 1), "Source T, 2021.");
    ck_assert_str_eq(sdm_formulary_source_url(f, 1), "");
    ck_assert_uint_eq(sdm_formulary_count(f), 2);

    const sdm_profile *a = sdm_formulary_profile(f, 0);
    ck_assert_ptr_eq(sdm_formulary_find(f, "alphazine"), a);
    ck_assert_str_eq(sdm_profile_id(a), "alphazine");
    ck_assert_str_eq(sdm_profile_name(a), "Alphazine");
    ck_assert_str_eq(sdm_profile_atc(a), "N05AX90");
    ck_assert_uint_eq(sdm_profile_formulation_count(a), 2);
    ck_assert_str_eq(sdm_profile_formulation(a, 0), "liquid");
    ck_assert_str_eq(sdm_profile_formulation(a, 1), "tablet");
    ck_assert_int_eq(sdm_profile_has_formulation(a, "tablet"), 1);
    ck_assert_int_eq(sdm_profile_has_formulation(a, "long_acting_injection"), 0);
    ck_assert_uint_eq(sdm_profile_licence_count(a), 2);
    ck_assert_str_eq(sdm_profile_licence(a, 0), "DE");
    ck_assert_str_eq(sdm_profile_licence(a, 1), "UK");
    ck_assert_int_eq(sdm_profile_licensed_in(a, "UK"), 1);
    ck_assert_int_eq(sdm_profile_licensed_in(a, "US"), 0);

    /* ratings by catalogue position: night 3, weight 0, dry unknown (explicit),
     * tremor 2, restless and constipation unknown (not rated) */
    static const int expect_a[6] = {3, 0, -1, 2, -1, -1};
    static const char *const src_a[6] = {"s", "t", NULL, "s", NULL, NULL};
    for (size_t e = 0; e < 6; e++) {
        ck_assert_int_eq(sdm_profile_rating(a, e), expect_a[e]);
        assert_str_eq_or_null(sdm_profile_rating_source(a, e), src_a[e], sdm_catalogue_id(cat, e));
    }
    ck_assert_str_eq(sdm_profile_rating_note(a, T6_NIGHT), "very sleepy");
    ck_assert_str_eq(sdm_profile_rating_note(a, T6_WEIGHT), "");
    ck_assert_str_eq(sdm_profile_rating_note(a, T6_TREMOR), "");
    ck_assert_str_eq(sdm_profile_rating_note(a, T6_CONSTIPATION), "");

    const sdm_profile *b = sdm_formulary_profile(f, 1);
    ck_assert_str_eq(sdm_profile_id(b), "betamol");
    ck_assert_str_eq(sdm_profile_name(b), "Betamol");
    ck_assert_str_eq(sdm_profile_atc(b), "");
    ck_assert_uint_eq(sdm_profile_formulation_count(b), 0);
    ck_assert_uint_eq(sdm_profile_licence_count(b), 0);
    ck_assert_int_eq(sdm_profile_licensed_in(b, "UK"), 0);
    for (size_t e = 0; e < 6; e++)
        ck_assert_int_eq(sdm_profile_rating(b, e), e == T6_CONSTIPATION ? 1 : -1);
    ck_assert_str_eq(sdm_profile_rating_source(b, T6_CONSTIPATION), "t");

    ck_assert_ptr_null(sdm_formulary_profile(f, 2));
    ck_assert_ptr_null(sdm_formulary_find(f, "gammatine"));

    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(hand_made_minimal)
{
    /* no id, title, catalogue, notice: "" for each */
    sdm_catalogue *cat = test6_catalogue();
    sdm_formulary *f = test_formulary(cat,
        "{'format': 'sdm-formulary', 'format_version': 1, 'version': 'v1', 'sources': [],"
        " 'medications': [{'id': 'x', 'name': 'X', 'ratings': {}}]}");
    ck_assert_str_eq(sdm_formulary_version(f), "v1");
    ck_assert_str_eq(sdm_formulary_name(f), "");
    ck_assert_str_eq(sdm_formulary_title(f), "");
    ck_assert_str_eq(sdm_formulary_notice(f), "");
    ck_assert_uint_eq(sdm_formulary_source_count(f), 0);
    ck_assert_uint_eq(sdm_formulary_count(f), 1);
    for (size_t e = 0; e < 6; e++)
        ck_assert_int_eq(sdm_profile_rating(sdm_formulary_profile(f, 0), e), SDM_RATING_UNKNOWN);
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

/* A document over test-6 with one medicine "alphazine" whose ratings are `ratings`. */
#define ONE_MED(ratings) \
    "{'format': 'sdm-formulary', 'format_version': 1, 'version': '1', 'catalogue': 'test-6'," \
    " 'sources': [{'key': 's', 'citation': 'S'}]," \
    " 'medications': [{'id': 'alphazine', 'name': 'Alphazine', 'ratings': {" ratings "}}]}"

/* Whether the last error names `needle`; "a|b" accepts either a or b. */
static int error_names(const char *needle)
{
    char copy[256];
    snprintf(copy, sizeof copy, "%s", needle);
    char *save = NULL;
    for (char *alt = strtok_r(copy, "|", &save); alt != NULL; alt = strtok_r(NULL, "|", &save))
        if (strstr(sdm_last_error(), alt) != NULL)
            return 1;
    return 0;
}

static void expect_error_cat(const sdm_catalogue *cat, const char *sq_json, sdm_status status,
                             const char *needle1, const char *needle2)
{
    char *json = tj(sq_json);
    sdm_formulary *f = NULL;
    sdm_clear_error();
    sdm_status st = sdm_formulary_load_json(cat, json, strlen(json), &f);
    ck_assert_msg(st == status, "loading %s: expected %d (%s), got %d (%s): '%s'", json,
                  (int)status, sdm_strerror(status), (int)st, sdm_strerror(st), sdm_last_error());
    ck_assert_ptr_null(f);
    ck_assert_str_ne(sdm_last_error(), "");
    if (needle1 != NULL)
        ck_assert_msg(error_names(needle1), "loading %s: '%s' does not name '%s'",
                      json, sdm_last_error(), needle1);
    if (needle2 != NULL)
        ck_assert_msg(error_names(needle2), "loading %s: '%s' does not name '%s'",
                      json, sdm_last_error(), needle2);
    free(json);
}

/* The medicine of ONE_MED named by its id or by its place, as in the
 * header's example "in medications[2].ratings". */
#define MED "alphazine|medications[0]"

static void expect_error(const char *sq_json, sdm_status status, const char *needle1,
                         const char *needle2)
{
    sdm_catalogue *cat = test6_catalogue();
    expect_error_cat(cat, sq_json, status, needle1, needle2);
    sdm_catalogue_free(cat);
}

START_TEST(ok_one_med)
{
    /* the template itself loads: the errors below are each due to one change */
    sdm_catalogue *cat = test6_catalogue();
    sdm_formulary *f = test_formulary(cat, ONE_MED(R("tremor", 3) ", " R("weight_gain", 0)));
    ck_assert_int_eq(sdm_profile_rating(sdm_formulary_profile(f, 0), T6_TREMOR), 3);
    ck_assert_int_eq(sdm_profile_rating(sdm_formulary_profile(f, 0), T6_WEIGHT), 0);
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(error_rating_out_of_range)
{
    expect_error(ONE_MED(R("tremor", 4)), SDM_ERR_SCHEMA, MED, "tremor");
    expect_error(ONE_MED(R("tremor", -1)), SDM_ERR_SCHEMA, MED, "tremor");
    expect_error(ONE_MED(R("tremor", 1.5)), SDM_ERR_SCHEMA, MED, "tremor");
    expect_error(ONE_MED("'tremor': {'rating': 'high', 'source': 's'}"), SDM_ERR_SCHEMA, MED, "tremor");
    expect_error(ONE_MED("'tremor': {'rating': '2', 'source': 's'}"), SDM_ERR_SCHEMA, MED, "tremor");
    expect_error(ONE_MED("'tremor': 2"), SDM_ERR_SCHEMA, MED, "tremor");
    expect_error(ONE_MED("'tremor': {'source': 's'}"), SDM_ERR_SCHEMA, MED, "tremor");
}
END_TEST

START_TEST(error_unknown_side_effect)
{
    expect_error(ONE_MED(R("tremor", 1) ", " R("weight_gian", 2)), SDM_ERR_NOT_FOUND,
                 "weight_gian", "weight_gain");
    sdm_catalogue *cat = test_default_catalogue();
    expect_error_cat(cat,
        "{'format': 'sdm-formulary', 'format_version': 1, 'version': '1',"
        " 'sources': [{'key': 's', 'citation': 'S'}],"
        " 'medications': [{'id': 'alphazine', 'name': 'Alphazine', 'ratings': {" R("weight_gian", 2) "}}]}",
        SDM_ERR_NOT_FOUND, "'weight_gian'", "'weight_gain'");
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(error_sources)
{
    /* a known rating needs a source */
    expect_error(ONE_MED("'tremor': {'rating': 2}"), SDM_ERR_SCHEMA, MED, "tremor");
    expect_error(ONE_MED("'tremor': {'rating': 0}"), SDM_ERR_SCHEMA, MED, "tremor");
    /* the source must be listed */
    char *json = tj(ONE_MED("'tremor': {'rating': 2, 'source': 'nosuchsource'}"));
    sdm_catalogue *cat = test6_catalogue();
    sdm_formulary *f = NULL;
    ck_assert_status2(sdm_formulary_load_json(cat, json, strlen(json), &f), SDM_ERR_SCHEMA, SDM_ERR_NOT_FOUND);
    ck_assert_ptr_null(f);
    ck_assert_error_has("nosuchsource");
    free(json);
    sdm_catalogue_free(cat);
    /* a source without a citation, a duplicate source key */
    expect_error("{'format': 'sdm-formulary', 'format_version': 1, 'version': '1',"
                 " 'sources': [{'key': 's'}],"
                 " 'medications': [{'id': 'x', 'name': 'X', 'ratings': {}}]}",
                 SDM_ERR_SCHEMA, "citation", NULL);
    expect_error("{'format': 'sdm-formulary', 'format_version': 1, 'version': '1',"
                 " 'sources': [{'key': 'sk', 'citation': 'A'}, {'key': 'sk', 'citation': 'B'}],"
                 " 'medications': [{'id': 'x', 'name': 'X', 'ratings': {}}]}",
                 SDM_ERR_DUPLICATE, "sk", NULL);
}
END_TEST

START_TEST(error_duplicate_medication)
{
    expect_error("{'format': 'sdm-formulary', 'format_version': 1, 'version': '1', 'sources': [],"
                 " 'medications': [{'id': 'dupazine', 'name': 'A', 'ratings': {}},"
                 "                 {'id': 'other', 'name': 'B', 'ratings': {}},"
                 "                 {'id': 'dupazine', 'name': 'C', 'ratings': {}}]}",
                 SDM_ERR_DUPLICATE, "dupazine", NULL);
    /* a side effect rated twice (a duplicate JSON key) */
    char *json = tj(ONE_MED(R("tremor", 1) ", " R("tremor", 2)));
    sdm_catalogue *cat = test6_catalogue();
    sdm_formulary *f = NULL;
    ck_assert_status2(sdm_formulary_load_json(cat, json, strlen(json), &f), SDM_ERR_DUPLICATE, SDM_ERR_PARSE);
    ck_assert_ptr_null(f);
    ck_assert_error_has("tremor");
    free(json);
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(error_catalogue_mismatch)
{
    expect_error("{'format': 'sdm-formulary', 'format_version': 1, 'version': '1',"
                 " 'catalogue': 'manchester-36', 'sources': [],"
                 " 'medications': [{'id': 'x', 'name': 'X', 'ratings': {}}]}",
                 SDM_ERR_SCHEMA, "catalogue", NULL);
    sdm_catalogue *cat = test_default_catalogue();
    expect_error_cat(cat, "{'format': 'sdm-formulary', 'format_version': 1, 'version': '1',"
                     " 'catalogue': 'test-6', 'sources': [],"
                     " 'medications': [{'id': 'x', 'name': 'X', 'ratings': {}}]}",
                     SDM_ERR_SCHEMA, "catalogue", NULL);
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(error_document)
{
    expect_error("{'format': 'sdm-formulary', 'format_version': 1, 'version': '1', 'sources': [],\n"
                 " 'medications': [{'id': 'x', 'name': 'X', 'ratings': {}]}",
                 SDM_ERR_PARSE, "2:", NULL);
    expect_error("{'format': 'sdm-catalogue', 'format_version': 1, 'version': '1', 'sources': [],"
                 " 'medications': [{'id': 'x', 'name': 'X', 'ratings': {}}]}",
                 SDM_ERR_SCHEMA, "format", NULL);
    expect_error("{'format': 'sdm-formulary', 'format_version': 3, 'version': '1', 'sources': [],"
                 " 'medications': [{'id': 'x', 'name': 'X', 'ratings': {}}]}",
                 SDM_ERR_SCHEMA, "format_version", NULL);
    expect_error("{'format': 'sdm-formulary', 'format_version': 1, 'sources': [],"
                 " 'medications': [{'id': 'x', 'name': 'X', 'ratings': {}}]}",
                 SDM_ERR_SCHEMA, "version", NULL);
    expect_error("{'format': 'sdm-formulary', 'format_version': 1, 'version': '1',"
                 " 'medications': [{'id': 'x', 'name': 'X', 'ratings': {}}]}",
                 SDM_ERR_SCHEMA, "sources", NULL);
    expect_error("{'format': 'sdm-formulary', 'format_version': 1, 'version': '1', 'sources': []}",
                 SDM_ERR_SCHEMA, "medications", NULL);
    expect_error("{'format': 'sdm-formulary', 'format_version': 1, 'version': '1', 'sources': [],"
                 " 'medications': []}", SDM_ERR_SCHEMA, "medications", NULL);
    expect_error("{'format': 'sdm-formulary', 'format_version': 1, 'version': '1', 'sources': [],"
                 " 'medications': [{'id': 'x', 'ratings': {}}]}", SDM_ERR_SCHEMA, "name", NULL);
    expect_error("{'format': 'sdm-formulary', 'format_version': 1, 'version': '1', 'sources': [],"
                 " 'medications': [{'name': 'X', 'ratings': {}}]}", SDM_ERR_SCHEMA, "id", NULL);
    expect_error("{'format': 'sdm-formulary', 'format_version': 1, 'version': '1', 'sources': [],"
                 " 'medications': [{'id': 'x', 'name': 'X'}]}", SDM_ERR_SCHEMA, "ratings", NULL);
    expect_error("{'format': 'sdm-formulary', 'format_version': 1, 'version': '1', 'sources': [],"
                 " 'medications': [{'id': 'x', 'name': 'X', 'ratings': {}, 'dose': '5 mg'}]}",
                 SDM_ERR_SCHEMA, "dose", NULL);
    expect_error("{'format': 'sdm-formulary', 'format_version': 1, 'version': '1', 'sources': [],"
                 " 'medications': [{'id': 'x', 'name': 'X', 'ratings': {}}], 'publisher': 'me'}",
                 SDM_ERR_SCHEMA, "publisher", NULL);
    expect_error("{'format': 'sdm-formulary', 'format_version': 1, 'version': '1', 'sources': [],"
                 " 'medications': [{'id': 'x y', 'name': 'X', 'ratings': {}}]}",
                 SDM_ERR_SCHEMA, "x y", NULL);
    expect_error("{'format': 'sdm-formulary', 'format_version': 1, 'version': '1', 'sources': [],"
                 " 'medications': [{'id': 'x', 'name': 'X', 'ratings': {}, 'formulations': 'tablet'}]}",
                 SDM_ERR_SCHEMA, "formulations", NULL);
    expect_error("{'format': 'sdm-formulary', 'format_version': 1, 'version': '1', 'sources': [],"
                 " 'medications': [{'id': 'x', 'name': 'X', 'ratings': {}, 'licensed_in': [44]}]}",
                 SDM_ERR_SCHEMA, "licensed_in", NULL);
    expect_error("[1, 2]", SDM_ERR_SCHEMA, NULL, NULL);
}
END_TEST

START_TEST(error_null_arguments)
{
    sdm_catalogue *cat = test6_catalogue();
    char *json = tj(TRUST_A);
    sdm_formulary *f = NULL;
    ck_assert_status(sdm_formulary_load_json(NULL, json, strlen(json), &f), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_formulary_load_json(cat, NULL, 10, &f), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_formulary_load_json(cat, json, strlen(json), NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_formulary_load_file(NULL, "/tmp/x.json", &f), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_formulary_load_file(cat, NULL, &f), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_formulary_load_file(cat, "/tmp/x.json", NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_null(f);
    free(json);
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(load_file)
{
    sdm_catalogue *cat = test6_catalogue();
    sdm_formulary *f = NULL;
    const char *missing = "/nonexistent-sdm-dir/formulary.json";
    ck_assert_status(sdm_formulary_load_file(cat, missing, &f), SDM_ERR_IO);
    ck_assert_ptr_null(f);
    ck_assert_error_has(missing);

    char *json = tj(TRUST_A);
    char *path = test_write_temp(json);
    ck_assert_ok(sdm_formulary_load_file(cat, path, &f));
    sdm_formulary *g = test_formulary(cat, TRUST_A);
    assert_formularies_equal(f, g);
    sdm_formulary_free(g);
    sdm_formulary_free(f);
    unlink(path);
    free(path);
    free(json);

    json = tj(ONE_MED(R("tremor", 4)));
    path = test_write_temp(json);
    f = NULL;
    ck_assert_status(sdm_formulary_load_file(cat, path, &f), SDM_ERR_SCHEMA);
    ck_assert_ptr_null(f);
    ck_assert_msg(strncmp(sdm_last_error(), path, strlen(path)) == 0,
                  "message '%s' does not start with '%s'", sdm_last_error(), path);
    unlink(path);
    free(path);
    free(json);
    sdm_catalogue_free(cat);
}
END_TEST

/* ---- JSON round trip ----------------------------------------------------- */

static void round_trip(const sdm_formulary *f)
{
    char *json = NULL;
    ck_assert_ok(sdm_formulary_to_json(f, &json));
    ck_assert_ptr_nonnull(json);
    sdm_formulary *g = NULL;
    ck_assert_ok(sdm_formulary_load_json(sdm_formulary_catalogue(f), json, strlen(json), &g));
    assert_formularies_equal(f, g);

    /* and once more: the text is stable */
    char *json2 = NULL;
    ck_assert_ok(sdm_formulary_to_json(g, &json2));
    ck_assert_str_eq(json, json2);
    sdm_free(json2);
    sdm_formulary_free(g);
    sdm_free(json);
}

START_TEST(round_trip_hand_made)
{
    sdm_catalogue *cat = test6_catalogue();
    sdm_formulary *f = test_formulary(cat, TRUST_A);
    round_trip(f);
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(round_trip_default)
{
    sdm_catalogue *cat = test_default_catalogue();
    sdm_formulary *f = test_default_formulary(cat);
    round_trip(f);
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(error_limits)
{
    /* SDM_MAX_TAGS licence countries load; one more is over the limit (the
     * vocabulary of formulations is shorter than the limit; of countries, longer) */
    char doc[4096];
    for (int extra = 0; extra <= 1; extra++) {
        size_t len = (size_t)snprintf(doc, sizeof doc,
            "{'format': 'sdm-formulary', 'format_version': 1, 'version': '1', 'sources': [],"
            " 'medications': [{'id': 'x', 'name': 'X', 'ratings': {}, 'licensed_in': [");
        static const char *const codes[] = {"AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS",
                                            "AT", "AU", "AW", "AX", "AZ", "BA", "BB", "BD", "BE", "BF", "BG",
                                            "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS", "BT"};
        ck_assert_uint_ge(sizeof codes / sizeof codes[0], SDM_MAX_TAGS + 1);
        for (int i = 0; i < SDM_MAX_TAGS + extra; i++)
            len += (size_t)snprintf(doc + len, sizeof doc - len, "%s'%s'", i ? ", " : "", codes[i]);
        snprintf(doc + len, sizeof doc - len, "]}]}");
        if (extra == 0) {
            sdm_catalogue *cat = test6_catalogue();
            sdm_formulary *f = test_formulary(cat, doc);
            ck_assert_uint_eq(sdm_profile_licence_count(sdm_formulary_profile(f, 0)), SDM_MAX_TAGS);
            sdm_formulary_free(f);
            sdm_catalogue_free(cat);
        } else {
            expect_error(doc, SDM_ERR_LIMIT, "licensed_in", NULL);
        }
    }
    /* a medicine id over SDM_MAX_ID bytes */
    char id[SDM_MAX_ID + 2];
    memset(id, 'm', sizeof id - 1);
    id[sizeof id - 1] = '\0';
    snprintf(doc, sizeof doc, "{'format': 'sdm-formulary', 'format_version': 1, 'version': '1', 'sources': [],"
             " 'medications': [{'id': '%s', 'name': 'X', 'ratings': {}}]}", id);
    char *json = tj(doc);
    sdm_catalogue *cat = test6_catalogue();
    sdm_formulary *f = NULL;
    ck_assert_status2(sdm_formulary_load_json(cat, json, strlen(json), &f), SDM_ERR_LIMIT, SDM_ERR_SCHEMA);
    ck_assert_ptr_null(f);
    free(json);
    sdm_catalogue_free(cat);
}
END_TEST

START_TEST(round_trip_escapes)
{
    /* quotes, backslashes and UTF-8 in every kind of text survive to_json */
    sdm_catalogue *cat = test6_catalogue();
    sdm_formulary *f = test_formulary(cat,
        "{'format': 'sdm-formulary', 'format_version': 1, 'id': 'esc', 'title': 'The \\'best\\' list',"
        " 'version': 'v\\\\1', 'notice': 'Caf\xc3\xa9 \\u2013 not for use',"
        " 'sources': [{'key': 's', 'citation': 'A \\'quoted\\' source', 'url': 'https://example.org/?a=1&b=\\'2\\''}],"
        " 'medications': [{'id': 'x', 'name': 'Ex\\'s \xc3\xa9', 'ratings': {"
        "   'tremor': {'rating': 1, 'source': 's', 'note': 'line one \\u2014 a \\\\n is not a break'}}}]}");
    ck_assert_str_eq(sdm_formulary_title(f), "The \"best\" list");
    ck_assert_str_eq(sdm_formulary_version(f), "v\\1");
    ck_assert_str_eq(sdm_formulary_notice(f), "Caf\xc3\xa9 \xe2\x80\x93 not for use");
    ck_assert_str_eq(sdm_profile_name(sdm_formulary_profile(f, 0)), "Ex\"s \xc3\xa9");
    ck_assert_str_eq(sdm_profile_rating_note(sdm_formulary_profile(f, 0), T6_TREMOR),
                     "line one \xe2\x80\x94 a \\n is not a break");
    round_trip(f);
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

/* Text a person reads may not forge a line of a card or turn round what it
 * shows: control characters (a line break, ESC), line separators and
 * bidirectional controls are refused where the text is loaded, and names
 * and labels may not be blank. */
START_TEST(hostile_text_refused)
{
    static const struct {
        const char *name;   /* a medicine name, single-quoted JSON */
        const char *why;
    } names[] = {
        {"Olanzapine\\n  * Clozapine +", "the text holds a control character or a line break (U+000A) at byte 10"},
        {"Olan\\u001b[31mzapine", "holds a control character or a line break (U+001B) at byte 4"},
        {"Olan\\u0085zapine", "holds a control character or a line break (U+0085) at byte 4"},
        {"Olan\\u2028zapine", "holds a control character or a line break (U+2028) at byte 4"},
        {"\\u202e+++", "holds a bidirectional control character (U+202E) at byte 0"},
        {"a\\u2066b", "holds a bidirectional control character (U+2066) at byte 1"},
        {"", "medications[0].name: the text is empty"},
        {"   ", "medications[0].name: the text is blank"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char doc[512];
        snprintf(doc, sizeof doc, "{'format': 'sdm-formulary', 'format_version': 1, 'version': '1', 'sources': [],"
                 " 'medications': [{'id': 'x', 'name': '%s', 'ratings': {}}]}", names[i].name);
        expect_error(doc, SDM_ERR_SCHEMA, names[i].why, NULL);
    }
    /* the same rule for a catalogue's labels and a source's citation */
    expect_error("{'format': 'sdm-formulary', 'format_version': 1, 'version': '1', 'sources': "
                 "[{'key': 's', 'citation': 'A\\tB'}], 'medications': [{'id': 'x', 'name': 'X', 'ratings': {}}]}",
                 SDM_ERR_SCHEMA, "sources[0].citation: the text holds a control character or a line break (U+0009)",
                 NULL);
    const char *labels[] = {
        "{'format': 'sdm-catalogue', 'format_version': 1, 'id': 'c', 'version': '1', 'groups': "
        "[{'id': 'g', 'label': 'G'}], 'items': [{'id': 'a', 'label': 'A\\rB', 'group': 'g'}]}",
        "{'format': 'sdm-catalogue', 'format_version': 1, 'id': 'c', 'version': '1', 'groups': "
        "[{'id': 'g', 'label': ' '}], 'items': [{'id': 'a', 'label': 'A', 'group': 'g'}]}",
    };
    const char *why[] = {"items[0].label: the text holds a control character or a line break (U+000D) at byte 1",
                         "groups[0].label: the text is blank"};
    for (int i = 0; i < 2; i++) {
        char *json = tj(labels[i]);
        sdm_catalogue *c = NULL;
        ck_assert_status(sdm_catalogue_load_json(json, strlen(json), &c), SDM_ERR_SCHEMA);
        ck_assert_ptr_null(c);
        ck_assert_error_has(why[i]);
        free(json);
    }
}
END_TEST

/* ---- reference counting -------------------------------------------------- */

START_TEST(free_catalogue_first)
{
    sdm_catalogue *cat = test_default_catalogue();
    sdm_formulary *f = test_default_formulary(cat);
    sdm_catalogue_free(cat);

    const sdm_catalogue *kept = sdm_formulary_catalogue(f);
    ck_assert_ptr_nonnull(kept);
    ck_assert_uint_eq(sdm_catalogue_count(kept), 36);
    ck_assert_str_eq(sdm_catalogue_id(kept, 6), "weight_gain");
    const sdm_profile *p = sdm_formulary_find(f, "aripiprazole");
    ck_assert_ptr_nonnull(p);
    ck_assert_int_eq(sdm_profile_rating(p, 4), 2);   /* poor_sleep */
    sdm_formulary_free(f);
}
END_TEST

START_TEST(formulary_ref)
{
    sdm_catalogue *cat = test6_catalogue();
    sdm_formulary *f = test_formulary(cat, TRUST_A);
    ck_assert_ptr_eq(sdm_formulary_ref(f), f);
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
    /* one reference of each left, through the formulary */
    ck_assert_str_eq(sdm_formulary_name(f), "trust-a");
    ck_assert_str_eq(sdm_catalogue_name(sdm_formulary_catalogue(f)), "test-6");
    ck_assert_str_eq(sdm_profile_name(sdm_formulary_profile(f, 1)), "Betamol");
    sdm_formulary_free(f);
}
END_TEST

START_TEST(profile_index_is_its_position)
{
    sdm_catalogue *c = test_default_catalogue();
    sdm_formulary *f = test_default_formulary(c);
    for (size_t i = 0; i < sdm_formulary_count(f); i++)
        ck_assert_uint_eq(sdm_profile_index(sdm_formulary_profile(f, i)), i);
    ck_assert_uint_eq(sdm_profile_index(sdm_formulary_find(f, "zuclopenthixol")), 18);
    ck_assert_uint_eq(sdm_profile_index(NULL), (size_t)-1);
    sdm_formulary_free(f);
    sdm_catalogue_free(c);
}
END_TEST

static Suite *formulary_suite(void)
{
    Suite *s = suite_create("formulary");
    TCase *tc = tcase_create("default");
    ADD(tc, profile_index_is_its_position);
    ADD(tc, default_formulary);
    ADD(tc, default_aripiprazole);
    ADD(tc, default_formulations_and_licences);
    ADD(tc, default_sources);
    ADD(tc, default_find_unknown);
    ADD(tc, default_needs_default_catalogue);
    ADD(tc, default_equal_catalogue_accepted);
    ADD(tc, default_with_vendor_catalogue);
    ADD(tc, getters_out_of_range);
    ADD(tc, rating_marks);
    suite_add_tcase(s, tc);

    tc = tcase_create("load");
    ADD(tc, hand_made_exact);
    ADD(tc, hand_made_minimal);
    ADD(tc, ok_one_med);
    ADD(tc, error_rating_out_of_range);
    ADD(tc, error_unknown_side_effect);
    ADD(tc, error_sources);
    ADD(tc, error_duplicate_medication);
    ADD(tc, error_catalogue_mismatch);
    ADD(tc, error_document);
    ADD(tc, error_null_arguments);
    ADD(tc, error_limits);
    ADD(tc, load_file);
    suite_add_tcase(s, tc);

    tc = tcase_create("lifetime");
    ADD(tc, round_trip_hand_made);
    ADD(tc, round_trip_default);
    ADD(tc, round_trip_escapes);
    ADD(tc, hostile_text_refused);
    ADD(tc, free_catalogue_first);
    ADD(tc, formulary_ref);
    suite_add_tcase(s, tc);
    return s;
}

SDM_TEST_MAIN(formulary_suite)
