/*
 * libsdm - fuzz target: an options document (sdm_match_options_from_json).
 * Options read must survive a JSON round trip and a copy unchanged, and give
 * a valid match whose top entries sdm_match_batch() finds too.
 * SPDX-License-Identifier: MIT
 */
#include "fuzz.h"

static char *options_json(const sdm_match_options *o)
{
    char *text = NULL;
    FUZZ_OK(sdm_match_options_to_json(o, &text));
    return text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sdm_match_options *o = NULL;
    sdm_status st = sdm_match_options_from_json((const char *)data, size, &o);
    if (st != SDM_OK) {
        fuzz_failed(st);
        FUZZ_CHECK(o == NULL);
        return 0;
    }
    char *json = options_json(o);
    sdm_match_options *again = NULL, *copy = NULL;
    FUZZ_OK(sdm_match_options_from_json(json, strlen(json), &again));
    FUZZ_OK(sdm_match_options_copy(o, &copy));
    char *json2 = options_json(again), *json3 = options_json(copy);
    fuzz_same_text(json, json2);
    fuzz_same_text(json, json3);
    sdm_free(json);
    sdm_free(json2);
    sdm_free(json3);
    sdm_match_options_free(again);
    sdm_match_options_free(copy);
    for (int rating = SDM_RATING_NONE; rating <= SDM_RATING_HIGH; rating++) {
        double s = sdm_match_options_severity(o, rating);
        FUZZ_CHECK(isfinite(s) && s >= 0.0 && s <= 1.0);
    }

    const sdm_catalogue *cat = fuzz_catalogue();
    const sdm_formulary *f = fuzz_formulary();
    static const char *const avoid[] = {"weight_gain", "day_sleepiness", "tremor", "dry_mouth", "less_sex_drive",
                                        "constipation"};
    sdm_ranking *r = NULL;
    FUZZ_OK(sdm_ranking_new(cat, &r));
    FUZZ_OK(sdm_ranking_set_max_rank(r, 6));
    for (int k = 0; k < 6; k++) {
        FUZZ_OK(sdm_ranking_avoid(r, avoid[k], k + 1));
        if (k == 0 || k == 2 || k == 5)
            fuzz_check_batch(f, r, o);
    }
    FUZZ_OK(sdm_ranking_helpful(r, "night_sleepiness"));
    sdm_match *m = NULL;
    st = sdm_match_run(f, r, o, &m);
    if (st == SDM_OK) {
        fuzz_check_match(m, f, r);
        char *record = NULL;
        FUZZ_OK(sdm_record_to_json(m, "t", &record));
        sdm_match_options *back = NULL;
        FUZZ_OK(sdm_record_load_json(cat, record, strlen(record), NULL, &back, NULL));
        json = options_json(o);
        json2 = options_json(back);
        fuzz_same_text(json, json2);
        sdm_free(json);
        sdm_free(json2);
        sdm_match_options_free(back);
        sdm_free(record);
        sdm_match_free(m);
    } else {
        /* only these options can make a valid ranking fail (SDM_ERR_LIMIT:
         * weights too far apart to tell a rating step from rounding) */
        FUZZ_CHECK(st == SDM_ERR_NOT_FOUND || st == SDM_ERR_INVALID_ARGUMENT || st == SDM_ERR_LIMIT);
        FUZZ_CHECK(m == NULL);
    }
    sdm_ranking_free(r);
    sdm_match_options_free(o);
    return 0;
}
