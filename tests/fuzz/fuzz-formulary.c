/*
 * libsdm - fuzz target: a formulary document for the built-in catalogue
 * (sdm_formulary_load_json). A loaded formulary must be consistent, survive
 * a JSON round trip unchanged, and give a valid match and cards.
 * SPDX-License-Identifier: MIT
 */
#include "fuzz.h"

static void check_profile(const sdm_formulary *f, const sdm_profile *p)
{
    size_t items = sdm_catalogue_count(sdm_formulary_catalogue(f));
    FUZZ_CHECK(sdm_profile_formulary(p) == f);
    FUZZ_CHECK(sdm_formulary_find(f, sdm_profile_id(p)) == p);
    FUZZ_CHECK(sdm_profile_name(p) != NULL && sdm_profile_atc(p) != NULL);
    for (size_t i = 0; i < items; i++) {
        int rating = sdm_profile_rating(p, i);
        FUZZ_CHECK(rating >= SDM_RATING_UNKNOWN && rating <= SDM_RATING_HIGH);
        const char *source = sdm_profile_rating_source(p, i);
        /* a rating names its source; unknown names none (never "none" by default) */
        FUZZ_CHECK((rating == SDM_RATING_UNKNOWN) == (source == NULL));
        FUZZ_CHECK(sdm_profile_rating_note(p, i) != NULL);
    }
    FUZZ_CHECK(sdm_profile_formulation_count(p) <= SDM_MAX_TAGS && sdm_profile_licence_count(p) <= SDM_MAX_TAGS);
    for (size_t i = 0; i < sdm_profile_formulation_count(p); i++)
        FUZZ_CHECK(sdm_profile_has_formulation(p, sdm_profile_formulation(p, i)));
    for (size_t i = 0; i < sdm_profile_licence_count(p); i++)
        FUZZ_CHECK(sdm_profile_licensed_in(p, sdm_profile_licence(p, i)));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const sdm_catalogue *cat = fuzz_catalogue();
    sdm_formulary *f = NULL;
    sdm_status st = sdm_formulary_load_json(cat, (const char *)data, size, &f);
    if (st != SDM_OK) {
        fuzz_failed(st);
        FUZZ_CHECK(f == NULL);
        return 0;
    }
    size_t n = sdm_formulary_count(f);
    FUZZ_CHECK(n >= 1 && n <= SDM_MAX_MEDICATIONS);
    FUZZ_CHECK(sdm_formulary_catalogue(f) == cat);
    FUZZ_CHECK(sdm_formulary_version(f) && sdm_formulary_name(f) && sdm_formulary_notice(f));
    for (size_t s = 0; s < sdm_formulary_source_count(f); s++)
        FUZZ_CHECK(sdm_formulary_source_key(f, s) && sdm_formulary_source_citation(f, s) &&
                   sdm_formulary_source_url(f, s));
    for (size_t i = 0; i < n; i++)
        check_profile(f, sdm_formulary_profile(f, i));

    /* round trip: written, read back, written again: the same text */
    char *json = NULL, *json2 = NULL;
    FUZZ_OK(sdm_formulary_to_json(f, &json));
    sdm_formulary *again = NULL;
    FUZZ_OK(sdm_formulary_load_json(cat, json, strlen(json), &again));
    FUZZ_CHECK(sdm_formulary_count(again) == n);
    for (size_t i = 0; i < n; i++)
        for (size_t e = 0; e < sdm_catalogue_count(cat); e++)
            FUZZ_CHECK(sdm_profile_rating(sdm_formulary_profile(again, i), e) ==
                       sdm_profile_rating(sdm_formulary_profile(f, i), e));
    FUZZ_OK(sdm_formulary_to_json(again, &json2));
    fuzz_same_text(json, json2);
    sdm_free(json);
    sdm_free(json2);
    sdm_formulary_free(again);

    /* a match with a fixed ranking, under each unknown policy */
    sdm_ranking *r = NULL;
    FUZZ_OK(sdm_ranking_new(cat, &r));
    FUZZ_OK(sdm_ranking_avoid(r, "weight_gain", 1));
    FUZZ_OK(sdm_ranking_avoid(r, "stiff_muscles", 2));
    FUZZ_OK(sdm_ranking_avoid(r, "tremor", 3));
    FUZZ_OK(sdm_ranking_helpful(r, "night_sleepiness"));
    sdm_match_options *o = NULL;
    FUZZ_OK(sdm_match_options_new(&o));
    FUZZ_OK(sdm_match_options_require_licence(o, "UK"));
    for (int policy = SDM_UNKNOWN_MIDDLE; policy <= SDM_UNKNOWN_EXCLUDE; policy++) {
        FUZZ_OK(sdm_match_options_set_unknown_policy(o, (sdm_unknown_policy)policy));
        sdm_match *m = NULL;
        FUZZ_OK(sdm_match_run(f, r, o, &m));
        fuzz_check_match(m, f, r);
        char *text = NULL;
        FUZZ_OK(sdm_match_to_json(m, &text));
        sdm_free(text);
        sdm_match_free(m);
    }
    sdm_match_options_free(o);

    /* cards of the first medicines, as text, into a small buffer and as JSON */
    for (size_t i = 0; i < n && i < 4; i++) {
        const sdm_profile *p = sdm_formulary_profile(f, i);
        char *text = NULL, small[64];
        size_t needed = 0;
        FUZZ_OK(sdm_card_text(p, r, &text));
        FUZZ_OK(sdm_card_format(p, r, small, sizeof small, &needed));
        FUZZ_CHECK(needed == strlen(text) && strncmp(small, text, sizeof small - 1) == 0);
        sdm_free(text);
        FUZZ_OK(sdm_card_to_json(p, NULL, &text));
        sdm_free(text);
    }
    sdm_ranking_free(r);
    sdm_formulary_free(f);
    return 0;
}
