/*
 * libsdm - fuzz target: a catalogue document (sdm_catalogue_load_json).
 * A loaded catalogue must be consistent: ids valid, unique and found again,
 * groups in range, and a ranking can be made on it.
 * SPDX-License-Identifier: MIT
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sdm_catalogue *cat = NULL;
    sdm_status st = sdm_catalogue_load_json((const char *)data, size, &cat);
    if (st != SDM_OK) {
        fuzz_failed(st);
        FUZZ_CHECK(cat == NULL);
        return 0;
    }
    size_t n = sdm_catalogue_count(cat), groups = sdm_catalogue_group_count(cat);
    FUZZ_CHECK(n >= 1 && n <= SDM_MAX_ITEMS);
    FUZZ_CHECK(groups >= 1 && groups <= SDM_MAX_ITEMS);
    FUZZ_CHECK(sdm_catalogue_name(cat) && sdm_catalogue_version(cat) && sdm_catalogue_title(cat) &&
               sdm_catalogue_citation(cat));
    for (size_t i = 0; i < n; i++) {
        const char *id = sdm_catalogue_id(cat, i);
        FUZZ_CHECK(id != NULL && strlen(id) >= 1 && strlen(id) <= SDM_MAX_ID);
        FUZZ_CHECK(sdm_catalogue_label(cat, i) != NULL && strlen(sdm_catalogue_label(cat, i)) <= SDM_MAX_STRING);
        FUZZ_CHECK(sdm_catalogue_dimension(cat, i) != NULL);
        size_t at = (size_t)-1;
        FUZZ_OK(sdm_catalogue_find(cat, id, &at));
        FUZZ_CHECK(at == i);
        FUZZ_CHECK(sdm_catalogue_item_group(cat, i) < groups);
    }
    for (size_t g = 0; g < groups; g++)
        FUZZ_CHECK(sdm_catalogue_group_id(cat, g) != NULL && sdm_catalogue_group_label(cat, g) != NULL);
    FUZZ_CHECK(sdm_catalogue_equal(cat, cat));
    FUZZ_CHECK(sdm_catalogue_equal(cat, fuzz_catalogue()) == (n == 36 && sdm_catalogue_equal(fuzz_catalogue(), cat)));

    sdm_ranking *r = NULL;
    FUZZ_OK(sdm_ranking_new(cat, &r));
    FUZZ_CHECK(sdm_ranking_max_rank(r) == (int)(n < SDM_DEFAULT_MAX_RANK ? n : SDM_DEFAULT_MAX_RANK));
    for (size_t i = 0; i < n && i < (size_t)sdm_ranking_max_rank(r); i++)
        FUZZ_OK(sdm_ranking_avoid(r, sdm_catalogue_id(cat, i), (int)i + 1));
    if (n > (size_t)sdm_ranking_max_rank(r))
        FUZZ_OK(sdm_ranking_helpful(r, sdm_catalogue_id(cat, n - 1)));
    char *json = NULL;
    FUZZ_OK(sdm_ranking_to_json(r, &json));
    sdm_ranking *again = NULL;
    FUZZ_OK(sdm_ranking_from_json(cat, json, strlen(json), &again));
    char *json2 = NULL;
    FUZZ_OK(sdm_ranking_to_json(again, &json2));
    fuzz_same_text(json, json2);
    sdm_free(json);
    sdm_free(json2);
    sdm_ranking_free(again);
    /* freed in either order: the ranking keeps the catalogue alive */
    sdm_catalogue_free(cat);
    FUZZ_OK(sdm_ranking_validate(r));
    sdm_ranking_free(r);
    return 0;
}
