/*
 * libsdm - the information card as JSON (`sdm-card`): the side effects, then
 * the serious risks, restrictions, products and licences.
 * SPDX-License-Identifier: MIT
 */
#include "card-private.h"
#include "clinical-private.h"
#include "efficacy-private.h"
#include "evidence-private.h"
#include "json-values.h"
#include "ranking-private.h"
#include "vocabulary.h"

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

/* ---- what a clinician must see beside the ratings ------------------------ */

/* The source of an entry: its key, its name for people and its reliability. */
static void set_source(json_t *obj, const sdm_source *source, const char *document, int *bad)
{
    sdm__jset(obj, "source", json_string(source->key), bad);
    sdm__jset(obj, "source_label", json_string(source->label), bad);
    sdm__jset(obj, "reliability", json_string(sdm_reliability_id(source->reliability)), bad);
    sdm__jset(obj, "document", json_string(document), bad);
}

static json_t *risks_json(const sdm_profile *p, int *bad)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < p->shown_risk_count; i++) {
        const sdm_risk *k = p->shown_risks[i];
        json_t *obj = json_object();
        sdm__jset(obj, "id", json_string(k->id), bad);
        sdm__jset(obj, "name", json_string(sdm__risk_name(k->id)), bad);
        sdm__jset(obj, "words", json_string(k->words), bad);
        sdm__jset(obj, "frequency", json_string(k->frequency), bad);
        sdm__jset(obj, "formulation", json_string(k->formulation), bad);
        sdm__jset(obj, "class_risk", json_boolean(k->is_class), bad);
        set_source(obj, k->source, k->document, bad);
        sdm__jpush(arr, obj, bad);
    }
    return arr;
}

static json_t *restrictions_json(const sdm_profile *p, int *bad)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < p->restriction_count; i++) {
        const sdm_restriction *r = &p->restrictions[i];
        json_t *obj = json_object();
        sdm__jset(obj, "context", json_string(r->context), bad);
        sdm__jset(obj, "only_where", json_string(sdm__context_words(r->context)), bad);
        sdm__jset(obj, "requirement", json_string(r->requirement), bad);
        sdm__jset(obj, "country", json_string(r->country), bad);
        sdm__jset(obj, "formulation", json_string(r->formulation), bad);
        set_source(obj, r->source, r->document, bad);
        sdm__jpush(arr, obj, bad);
    }
    return arr;
}

static json_t *products_json(const sdm_profile *p, int *bad)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < p->product_count; i++) {
        const sdm_product *pr = &p->products[i];
        json_t *obj = json_object();
        sdm__jset(obj, "formulation", json_string(pr->formulation), bad);
        sdm__jset(obj, "name", json_string(pr->name), bad);
        sdm__jset(obj, "interval", json_string(pr->interval), bad);
        sdm__jset(obj, "country", json_string(pr->country), bad);
        sdm__jset(obj, "note", json_string(pr->note), bad);
        set_source(obj, pr->source, pr->document, bad);
        sdm__jpush(arr, obj, bad);
    }
    return arr;
}

static json_t *licences_json(const sdm_profile *p, int *bad)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < p->licence_detail_count; i++) {
        const sdm_licence *l = &p->licence_details[i];
        json_t *obj = json_object();
        sdm__jset(obj, "country", json_string(l->country), bad);
        sdm__jset(obj, "status", json_string(sdm_licence_status_id(l->status)), bad);
        sdm__jset(obj, "date", json_string(l->date), bad);
        sdm__jset(obj, "note", json_string(l->note), bad);
        set_source(obj, l->source, l->document, bad);
        sdm__jpush(arr, obj, bad);
    }
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
    /* With a ranking, the person's own side effects rated none (as the text
     * says); without one, there is no person to choose for: every one. */
    sdm__jset(root, "rated_none", items_json(p, r, SDM_RATING_NONE, SDM_RATING_NONE, r != NULL, &bad), &bad);
    sdm__jset(root, "not_known", items_json(p, r, SDM_RATING_UNKNOWN, SDM_RATING_UNKNOWN, 0, &bad), &bad);
    sdm__jset(root, "legend", json_string(sdm_card_legend()), &bad);
    sdm__jset(root, "efficacy", sdm__efficacy_value(p, &bad), &bad);
    sdm__jset(root, "serious_risks", risks_json(p, &bad), &bad);
    sdm__jset(root, "serious_risks_note",
              json_string(p->shown_risk_count ? "A serious risk that is not listed can still happen."
                                              : "None is recorded in this formulary, which does not mean that "
                                                "there is none."), &bad);
    sdm__jset(root, "restrictions", restrictions_json(p, &bad), &bad);
    sdm__jset(root, "products", products_json(p, &bad), &bad);
    sdm__jset(root, "licensed_in", sdm__tags_json(&p->licences, &bad), &bad);
    sdm__jset(root, "licences", licences_json(p, &bad), &bad);
    sdm__jset(root, "data_version", json_string(p->formulary->version), &bad);
    sdm__jset(root, "notice", json_string(p->formulary->notice), &bad);
    return sdm__json_dump(root, bad, out);
}
