/*
 * libsdm - fuzz target: a decision record (sdm_record_load_json) for the
 * built-in catalogue. What a record re-opens must run on the built-in
 * formulary and give a record that re-opens to the same ranking and options.
 * SPDX-License-Identifier: MIT
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const sdm_catalogue *cat = fuzz_catalogue();
    sdm_ranking *r = NULL;
    sdm_match_options *o = NULL;
    char *version = NULL;
    sdm_status st = sdm_record_load_json(cat, (const char *)data, size, &r, &o, &version);
    if (st != SDM_OK) {
        fuzz_failed(st);
        FUZZ_CHECK(r == NULL && o == NULL && version == NULL);
        return 0;
    }
    FUZZ_CHECK(r && o && version);
    sdm_match *m = NULL;
    st = sdm_match_run(fuzz_formulary(), r, o, &m);
    if (st == SDM_OK) {
        fuzz_check_match(m, fuzz_formulary(), r);
        char *record = NULL;
        FUZZ_OK(sdm_record_to_json(m, NULL, &record));
        sdm_ranking *r2 = NULL;
        sdm_match_options *o2 = NULL;
        char *v2 = NULL;
        FUZZ_OK(sdm_record_load_json(cat, record, strlen(record), &r2, &o2, &v2));
        char *a = NULL, *b = NULL;
        FUZZ_OK(sdm_ranking_to_json(r, &a));
        FUZZ_OK(sdm_ranking_to_json(r2, &b));
        fuzz_same_text(a, b);
        sdm_free(a);
        sdm_free(b);
        FUZZ_OK(sdm_match_options_to_json(o, &a));
        FUZZ_OK(sdm_match_options_to_json(o2, &b));
        fuzz_same_text(a, b);
        sdm_free(a);
        sdm_free(b);
        FUZZ_CHECK(strcmp(v2, sdm_formulary_version(fuzz_formulary())) == 0);
        sdm_free(v2);
        sdm_ranking_free(r2);
        sdm_match_options_free(o2);
        sdm_free(record);
        sdm_match_free(m);
    } else {
        fuzz_failed(st);
        FUZZ_CHECK(m == NULL);
    }
    sdm_free(version);
    sdm_ranking_free(r);
    sdm_match_options_free(o);
    return 0;
}
