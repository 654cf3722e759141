/*
 * libsdm - the information card as JSON (`sdm-card`).
 * SPDX-License-Identifier: MIT
 */
#include "card-private.h"
#include "evidence-private.h"
#include "json-values.h"
#include "ranking-private.h"

static json_t *item_json(const sdm_profile *p, const sdm_ranking *r, size_t i, int *bad)
{
    const sdm_catalogue *cat = p->formulary->catalogue;
    int rating = p->ratings[i];
    json_t *obj = json_object();
    sdm__jset(obj, "effect", json_string(cat->items[i].id), bad);
    sdm__jset(obj, "label", json_string(cat->items[i].label), bad);
    sdm__jset(obj, "rating", rating == SDM_RATING_UNKNOWN ? json_string("unknown") : json_integer(rating), bad);
    sdm__jset(obj, "mark", json_string(sdm_rating_mark(rating)), bad);
    sdm__jset(obj, "source", sdm__jstr(sdm_profile_rating_source(p, i)), bad);
    if (r && sdm_ranking_rank_of(r, i))
        sdm__jset(obj, "your_rank", json_integer(sdm_ranking_rank_of(r, i)), bad);
    if (r && r->helpful[i])
        sdm__jset(obj, "helpful_for_you", json_true(), bad);
    sdm__jset(obj, "spread", p->cells[i].spread < 0 ? json_null() : json_integer(p->cells[i].spread), bad);
    if (p->cells[i].spread >= SDM_DISAGREEMENT_SPREAD)
        sdm__jset(obj, "disagreement", sdm__described_json(p, i, NULL, bad), bad);
    sdm__jset(obj, "readings", sdm__readings_json(p, i, bad), bad);
    sdm__jset(obj, "evidence", sdm__evidence_json(p, i, bad), bad);
    return obj;
}

static json_t *items_json(const sdm_profile *p, const sdm_ranking *r, int lowest, int highest, int own_only,
                          int *bad)
{
    const sdm_catalogue *cat = p->formulary->catalogue;
    json_t *arr = json_array();
    for (int rating = highest; rating >= lowest; rating--)
        for (size_t i = 0; i < cat->count; i++)
            if (p->ratings[i] == rating && (!own_only || sdm__card_is_own(r, i)))
                sdm__jpush(arr, item_json(p, r, i, bad), bad);
    return arr;
}

sdm_status sdm_card_to_json(const sdm_profile *p, const sdm_ranking *r, char **out)
{
    sdm_status st = sdm__card_check_args("sdm_card_to_json", p, r);
    if (st == SDM_OK && !out)
        st = sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_card_to_json: the out pointer is NULL");
    if (st != SDM_OK)
        return st;
    int bad = 0;
    json_t *root = json_object();
    sdm__jset(root, "format", json_string("sdm-card"), &bad);
    sdm__jset(root, "format_version", json_integer(1), &bad);
    sdm__jset(root, "id", json_string(p->id), &bad);
    sdm__jset(root, "name", json_string(p->name), &bad);
    sdm__jset(root, "atc", json_string(p->atc), &bad);
    sdm__jset(root, "items", items_json(p, r, SDM_RATING_LOW, SDM_RATING_HIGH, 0, &bad), &bad);
    sdm__jset(root, "rated_none", items_json(p, r, SDM_RATING_NONE, SDM_RATING_NONE, 1, &bad), &bad);
    sdm__jset(root, "not_known", items_json(p, r, SDM_RATING_UNKNOWN, SDM_RATING_UNKNOWN, 0, &bad), &bad);
    sdm__jset(root, "legend", json_string(sdm_card_legend()), &bad);
    sdm__jset(root, "data_version", json_string(p->formulary->version), &bad);
    sdm__jset(root, "notice", json_string(p->formulary->notice), &bad);
    return sdm__json_dump(root, bad, out);
}
