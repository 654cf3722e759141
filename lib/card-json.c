/*
 * libsdm - the information card as JSON (`sdm-card`): the side effects, then
 * the serious risks, restrictions, products and licences.
 * SPDX-License-Identifier: MIT
 */
#include "card-private.h"
#include "clinical-private.h"
#include "efficacy-private.h"
#include "evidence-private.h"
#include "fragment.h"
#include "json-values.h"
#include "ranking-private.h"
#include "vocabulary.h"

/* ---- the parts written once per medicine (fragment.h) ---------------------- */

/* The pieces of a card's set: its first members and its last (from the
 * legend), and each side effect's members before the ranking's (your_rank,
 * helpful_for_you) and after them. */
enum { CARD_HEAD, CARD_TAIL, CARD_ITEMS };
#define ITEM_HEAD(i) (CARD_ITEMS + 2 * (i))
#define ITEM_TAIL(i) (CARD_ITEMS + 2 * (i) + 1)
/* The depths they are written at: the card's members, a side effect's. */
#define CARD_DEPTH 1
#define ITEM_DEPTH 3

static void item_head_jw(sdm_jsonw *w, const sdm_profile *p, size_t i)
{
    const sdm_catalogue *cat = p->formulary->catalogue;
    int rating = p->ratings[i];
    sdm__jw_kstring(w, "effect", cat->items[i].id);
    sdm__jw_kstring(w, "label", cat->items[i].label);
    if (rating == SDM_RATING_UNKNOWN)
        sdm__jw_kstring(w, "rating", "unknown");
    else
        sdm__jw_kint(w, "rating", rating);
    sdm__jw_kstring(w, "mark", sdm_rating_mark(rating));
    sdm__jw_kstring(w, "source", sdm_profile_rating_source(p, i));
}

static void item_tail_jw(sdm_jsonw *w, const sdm_profile *p, size_t i)
{
    sdm__jw_key(w, "spread");
    if (p->cells[i].spread < 0)
        sdm__jw_null(w);
    else
        sdm__jw_int(w, p->cells[i].spread);
    if (p->cells[i].spread >= SDM_DISAGREEMENT_SPREAD) {
        sdm__jw_key(w, "disagreement");
        sdm__described_jw(w, p, i, NULL);
    }
    sdm__jw_key(w, "readings");
    sdm__readings_jw(w, p, i);
    sdm__jw_key(w, "evidence");
    sdm__evidence_jw(w, p, i);
}

static void item_jw(sdm_jsonw *w, const sdm_fragments *set, const sdm_profile *p, const sdm_ranking *r, size_t i)
{
    sdm__jw_object(w);
    if (!sdm__fragment_put(w, set, ITEM_HEAD(i)))
        item_head_jw(w, p, i);
    if (r && sdm_ranking_rank_of(r, i))
        sdm__jw_kint(w, "your_rank", sdm_ranking_rank_of(r, i));
    if (r && r->helpful[i])
        sdm__jw_kbool(w, "helpful_for_you", 1);
    if (!sdm__fragment_put(w, set, ITEM_TAIL(i)))
        item_tail_jw(w, p, i);
    sdm__jw_object_end(w);
}

static void items_jw(sdm_jsonw *w, const sdm_fragments *set, const sdm_profile *p, const sdm_ranking *r, int lowest,
                     int highest, int own_only)
{
    const sdm_catalogue *cat = p->formulary->catalogue;
    sdm__jw_array(w);
    for (int rating = highest; rating >= lowest; rating--)
        for (size_t i = 0; i < cat->count; i++)
            if (p->ratings[i] == rating && (!own_only || sdm__card_is_own(r, i)))
                item_jw(w, set, p, r, i);
    sdm__jw_array_end(w);
}

/* ---- what a clinician must see beside the ratings ------------------------ */

/* The source of an entry: its key, its name for people and its reliability. */
static void source_members_jw(sdm_jsonw *w, const sdm_source *source, const char *document)
{
    sdm__jw_kstring(w, "source", source->key);
    sdm__jw_kstring(w, "source_label", source->label);
    sdm__jw_kstring(w, "reliability", sdm_reliability_id(source->reliability));
    sdm__jw_kstring(w, "document", document);
}

static void risks_jw(sdm_jsonw *w, const sdm_profile *p)
{
    sdm__jw_array(w);
    for (size_t i = 0; i < p->shown_risk_count; i++) {
        const sdm_risk *k = p->shown_risks[i];
        sdm__jw_object(w);
        sdm__jw_kstring(w, "id", k->id);
        sdm__jw_kstring(w, "name", sdm__risk_name(k->id));
        sdm__jw_kstring(w, "words", k->words);
        sdm__jw_kstring(w, "frequency", k->frequency);
        sdm__jw_kstring(w, "formulation", k->formulation);
        sdm__jw_kbool(w, "class_risk", k->is_class);
        source_members_jw(w, k->source, k->document);
        sdm__jw_object_end(w);
    }
    sdm__jw_array_end(w);
}

static void restrictions_jw(sdm_jsonw *w, const sdm_profile *p)
{
    sdm__jw_array(w);
    for (size_t i = 0; i < p->restriction_count; i++) {
        const sdm_restriction *r = &p->restrictions[i];
        sdm__jw_object(w);
        sdm__jw_kstring(w, "context", r->context);
        sdm__jw_kstring(w, "only_where", sdm__context_words(r->context));
        sdm__jw_kstring(w, "requirement", r->requirement);
        sdm__jw_kstring(w, "country", r->country);
        sdm__jw_kstring(w, "formulation", r->formulation);
        source_members_jw(w, r->source, r->document);
        sdm__jw_object_end(w);
    }
    sdm__jw_array_end(w);
}

static void products_jw(sdm_jsonw *w, const sdm_profile *p)
{
    sdm__jw_array(w);
    for (size_t i = 0; i < p->product_count; i++) {
        const sdm_product *pr = &p->products[i];
        sdm__jw_object(w);
        sdm__jw_kstring(w, "formulation", pr->formulation);
        sdm__jw_kstring(w, "name", pr->name);
        sdm__jw_kstring(w, "interval", pr->interval);
        sdm__jw_kstring(w, "country", pr->country);
        sdm__jw_kstring(w, "note", pr->note);
        source_members_jw(w, pr->source, pr->document);
        sdm__jw_object_end(w);
    }
    sdm__jw_array_end(w);
}

static void licences_jw(sdm_jsonw *w, const sdm_profile *p)
{
    sdm__jw_array(w);
    for (size_t i = 0; i < p->licence_detail_count; i++) {
        const sdm_licence *l = &p->licence_details[i];
        sdm__jw_object(w);
        sdm__jw_kstring(w, "country", l->country);
        sdm__jw_kstring(w, "status", sdm_licence_status_id(l->status));
        sdm__jw_kstring(w, "date", l->date);
        sdm__jw_kstring(w, "note", l->note);
        source_members_jw(w, l->source, l->document);
        sdm__jw_object_end(w);
    }
    sdm__jw_array_end(w);
}

/* The card's members before the side effects. */
static void head_jw(sdm_jsonw *w, const sdm_profile *p)
{
    sdm__jw_kstring(w, "format", "sdm-card");
    sdm__jw_kint(w, "format_version", 1);
    sdm__jw_kstring(w, "id", p->id);
    sdm__jw_kstring(w, "name", p->name);
    sdm__jw_kstring(w, "atc", p->atc);
}

/* The card's members after the side effects, from the legend. */
static void tail_jw(sdm_jsonw *w, const sdm_profile *p)
{
    sdm__jw_kstring(w, "legend", sdm_card_legend());
    sdm__jw_key(w, "efficacy");
    sdm__jw_object(w);
    sdm__efficacy_members_jw(w, p);
    sdm__jw_object_end(w);
    sdm__jw_key(w, "serious_risks");
    risks_jw(w, p);
    sdm__jw_kstring(w, "serious_risks_note",
                    p->shown_risk_count ? "A serious risk that is not listed can still happen."
                                        : "None is recorded in this formulary, which does not mean that "
                                          "there is none.");
    sdm__jw_key(w, "restrictions");
    restrictions_jw(w, p);
    sdm__jw_key(w, "products");
    products_jw(w, p);
    sdm__jw_key(w, "licensed_in");
    sdm__tags_jw(w, &p->licences);
    sdm__jw_key(w, "licences");
    licences_jw(w, p);
    sdm__jw_kstring(w, "data_version", p->formulary->version);
    sdm__jw_kstring(w, "notice", p->formulary->notice);
}

static void build_card(sdm_fragment_maker *mk, const void *arg)
{
    const sdm_profile *p = arg;
    head_jw(sdm__fragment_piece(mk, CARD_DEPTH, 1), p);
    tail_jw(sdm__fragment_piece(mk, CARD_DEPTH, 1), p);
    for (size_t i = 0; i < p->formulary->catalogue->count; i++) {
        item_head_jw(sdm__fragment_piece(mk, ITEM_DEPTH, 1), p, i);
        item_tail_jw(sdm__fragment_piece(mk, ITEM_DEPTH, 1), p, i);
    }
}

/* The card's set (NULL: write everything directly). */
static const sdm_fragments *card_set(const sdm_profile *p)
{
    /* The slot is the one thing of a shared profile a writer changes
     * (fragment.h): the profile itself was allocated writable. */
    sdm_profile *mine = (sdm_profile *)p;
    return sdm__fragments_get(&mine->card_text, CARD_ITEMS + 2 * p->formulary->catalogue->count, 32768, build_card, p);
}

sdm_status sdm_card_to_json(const sdm_profile *p, const sdm_ranking *r, char **out)
{
    sdm_status st = sdm__card_check_args("sdm_card_to_json", p, r);
    if (st == SDM_OK && !out)
        st = sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_card_to_json: the out pointer is NULL");
    if (st != SDM_OK)
        return st;
    const sdm_fragments *set = card_set(p);
    sdm_jsonw w;
    sdm__jw_init_sized(&w, 32768); /* a card of the default data is 19-34 KB */
    sdm__jw_object(&w);
    if (!sdm__fragment_put(&w, set, CARD_HEAD))
        head_jw(&w, p);
    sdm__jw_key(&w, "items");
    items_jw(&w, set, p, r, SDM_RATING_LOW, SDM_RATING_HIGH, 0);
    /* With a ranking, the person's own side effects rated none (as the text
     * says); without one, there is no person to choose for: every one. */
    sdm__jw_key(&w, "rated_none");
    items_jw(&w, set, p, r, SDM_RATING_NONE, SDM_RATING_NONE, r != NULL);
    sdm__jw_key(&w, "not_known");
    items_jw(&w, set, p, r, SDM_RATING_UNKNOWN, SDM_RATING_UNKNOWN, 0);
    if (!sdm__fragment_put(&w, set, CARD_TAIL))
        tail_jw(&w, p);
    sdm__jw_object_end(&w);
    return sdm__jw_finish(&w, out);
}
