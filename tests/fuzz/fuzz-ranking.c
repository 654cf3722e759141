/*
 * libsdm - fuzz target: a ranking document (sdm_ranking_from_json) for the
 * built-in catalogue. A ranking read must keep its rules (ranks unique and in
 * range, no side effect both avoided and helpful), survive a JSON round trip,
 * and, when valid, give a valid match.
 * SPDX-License-Identifier: MIT
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const sdm_catalogue *cat = fuzz_catalogue();
    sdm_ranking *r = NULL;
    sdm_status st = sdm_ranking_from_json(cat, (const char *)data, size, &r);
    if (st != SDM_OK) {
        fuzz_failed(st);
        FUZZ_CHECK(r == NULL);
        return 0;
    }
    int max_rank = sdm_ranking_max_rank(r);
    FUZZ_CHECK(max_rank >= 1 && max_rank <= SDM_MAX_RANK);
    FUZZ_CHECK(sdm_ranking_avoid_count(r) <= (size_t)max_rank);
    size_t avoided = 0;
    for (int k = 1; k <= max_rank; k++) {
        size_t e;
        if (sdm_ranking_at(r, k, &e) == SDM_OK) {
            avoided++;
            FUZZ_CHECK(sdm_ranking_rank_of(r, e) == k);
            FUZZ_CHECK(!sdm_ranking_is_helpful(r, e));
        }
    }
    FUZZ_CHECK(avoided == sdm_ranking_avoid_count(r));
    for (size_t i = 0; i < sdm_ranking_helpful_count(r); i++) {
        size_t e = sdm_ranking_helpful_at(r, i);
        FUZZ_CHECK(sdm_ranking_is_helpful(r, e) && sdm_ranking_rank_of(r, e) == 0);
    }

    char *json = NULL, *json2 = NULL;
    FUZZ_OK(sdm_ranking_to_json(r, &json));
    sdm_ranking *again = NULL;
    FUZZ_OK(sdm_ranking_from_json(cat, json, strlen(json), &again));
    FUZZ_OK(sdm_ranking_to_json(again, &json2));
    fuzz_same_text(json, json2);
    sdm_free(json);
    sdm_free(json2);
    sdm_ranking_free(again);

    if (sdm_ranking_validate(r) == SDM_OK) {
        const sdm_formulary *f = fuzz_formulary();
        sdm_match *m = NULL;
        FUZZ_OK(sdm_match_run(f, r, NULL, &m));
        fuzz_check_match(m, f, r);
        char *record = NULL;
        FUZZ_OK(sdm_record_to_json(m, NULL, &record));
        sdm_ranking *back = NULL;
        FUZZ_OK(sdm_record_load_json(cat, record, strlen(record), &back, NULL, NULL));
        FUZZ_OK(sdm_ranking_to_json(r, &json));
        FUZZ_OK(sdm_ranking_to_json(back, &json2));
        fuzz_same_text(json, json2);
        sdm_free(json);
        sdm_free(json2);
        sdm_ranking_free(back);
        sdm_free(record);
        sdm_match_free(m);
    } else {
        sdm_match *m = NULL;
        FUZZ_CHECK(sdm_match_run(fuzz_formulary(), r, NULL, &m) == SDM_ERR_INVALID_ARGUMENT && m == NULL);
    }
    sdm_ranking_free(r);
    return 0;
}
