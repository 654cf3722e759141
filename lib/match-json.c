/*
 * libsdm - the result of a match as JSON (`sdm-match`), also inside decision
 * records.
 * SPDX-License-Identifier: MIT
 */
#include "efficacy-private.h"
#include "evidence-private.h"
#include "json-values.h"
#include "match-private.h"

static json_t *rating_value(int rating)
{
    return rating == SDM_RATING_UNKNOWN ? json_string("unknown") : json_integer(rating);
}

static json_t *terms_json(const sdm_match *m, int *bad)
{
    json_t *arr = json_array();
    for (size_t t = 0; t < m->term_count; t++) {
        const sdm_match_term *term = &m->terms[t];
        json_t *obj = json_object();
        sdm__jset(obj, "effect", json_string(m->ranking->catalogue->items[term->effect].id), bad);
        sdm__jset(obj, "label", json_string(m->ranking->catalogue->items[term->effect].label), bad);
        if (term->rank)
            sdm__jset(obj, "rank", json_integer(term->rank), bad);
        else
            sdm__jset(obj, "helpful", json_true(), bad);
        sdm__jset(obj, "weight", json_real(term->weight), bad);
        sdm__jpush(arr, obj, bad);
    }
    return arr;
}

static json_t *entry_ratings_json(const sdm_match *m, const sdm_match_entry *e, int evidence, int *bad)
{
    json_t *arr = json_array();
    for (size_t t = 0; t < m->term_count; t++) {
        size_t effect = m->terms[t].effect;
        int rating = sdm__match_rating(m, e->profile, effect);
        json_t *obj = json_object();
        sdm__jset(obj, "effect", json_string(m->ranking->catalogue->items[effect].id), bad);
        sdm__jset(obj, "rating", rating_value(rating), bad);
        sdm__jset(obj, "mark", json_string(sdm_rating_mark(rating)), bad);
        sdm__jset(obj, "source", sdm__jstr(sdm_profile_rating_source(e->profile, effect)), bad);
        sdm__jset(obj, "contribution", json_real(m->contributions[e->slot * m->term_count + t]), bad);
        sdm__term_source_json(obj, m, e, t, bad);
        if (sdm__match_personal(m, e->profile, effect))
            sdm__jset(obj, "personal", json_true(), bad);
        sdm__jset(obj, "spread", sdm_profile_spread(e->profile, effect) < 0
                                     ? json_null() : json_integer(sdm_profile_spread(e->profile, effect)), bad);
        if (sdm_profile_spread(e->profile, effect) >= SDM_DISAGREEMENT_SPREAD)
            sdm__jset(obj, "disagreement", sdm__described_json(e->profile, effect, NULL, bad), bad);
        if (evidence) {
            sdm__jset(obj, "readings", sdm__readings_json(e->profile, effect, bad), bad);
            sdm__jset(obj, "evidence", sdm__evidence_json(e->profile, effect, bad), bad);
        }
        sdm__jpush(arr, obj, bad);
    }
    return arr;
}

/* The ids of the medicine's serious risks (their words are on its card):
 * never scored, always shown. */
static json_t *risk_ids_json(const sdm_profile *p, int *bad)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < sdm_profile_risk_count(p); i++)
        sdm__jpush(arr, json_string(sdm_risk_id(sdm_profile_risk(p, i))), bad);
    return arr;
}

/* What giving the medicine needs, where a restriction applies and its context
 * holds (or it would not be ranked): clozapine's registration and blood
 * counts, the olanzapine injection's observation. */
static json_t *requirements_json(const sdm_profile *p, int *bad)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < sdm_profile_restriction_count(p); i++) {
        const sdm_restriction *r = sdm_profile_restriction(p, i);
        json_t *obj = json_object();
        sdm__jset(obj, "context", json_string(sdm_restriction_context(r)), bad);
        sdm__jset(obj, "requirement", json_string(sdm_restriction_requirement(r)), bad);
        if (*sdm_restriction_country(r))
            sdm__jset(obj, "country", json_string(sdm_restriction_country(r)), bad);
        if (*sdm_restriction_formulation(r))
            sdm__jset(obj, "formulation", json_string(sdm_restriction_formulation(r)), bad);
        sdm__jpush(arr, obj, bad);
    }
    return arr;
}

static json_t *entry_json(const sdm_match *m, size_t i, int evidence, int *bad)
{
    const sdm_match_entry *e = &m->entries[i];
    json_t *obj = json_object();
    char *reason = NULL;
    if (sdm_match_reason(m, i, &reason) != SDM_OK)
        *bad = 1;
    sdm__jset(obj, "id", json_string(e->profile->id), bad);
    sdm__jset(obj, "name", json_string(e->profile->name), bad);
    sdm__jset(obj, "rank", json_integer(e->rank), bad);
    sdm__jset(obj, "score", json_real(e->score), bad);
    sdm__jset(obj, "unknown_count", json_integer((json_int_t)e->unknown_count), bad);
    sdm__jset(obj, "reason", sdm__jstr(reason), bad);
    sdm__jset(obj, "ratings", entry_ratings_json(m, e, evidence, bad), bad);
    sdm__jset(obj, "serious_risks", risk_ids_json(e->profile, bad), bad);
    int32_t h = m->history_of[e->slot];
    if (h >= 0) {
        json_t *tried = json_object();
        sdm__jset(tried, "outcome", json_string(sdm_outcome_id(m->ranking->history[h].outcome)), bad);
        if (*m->ranking->history[h].why)
            sdm__jset(tried, "why", json_string(m->ranking->history[h].why), bad);
        sdm__jset(obj, "history", tried, bad);
    }
    sdm__jset(obj, "requirements", requirements_json(e->profile, bad), bad);
    sdm__jset(obj, "efficacy", sdm__match_efficacy_json(m, e, bad), bad);
    sdm__free(reason);
    return obj;
}

static json_t *excluded_json(const sdm_match *m, int *bad)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < m->excluded_count; i++) {
        json_t *obj = json_object();
        sdm__jset(obj, "id", json_string(m->excluded[i].profile->id), bad);
        sdm__jset(obj, "name", json_string(m->excluded[i].profile->name), bad);
        sdm__jset(obj, "kind", json_string(sdm_exclusion_id(m->excluded[i].kind)), bad);
        sdm__jset(obj, "reason", json_string(m->excluded[i].reason), bad);
        sdm__jpush(arr, obj, bad);
    }
    return arr;
}

static json_t *warnings_json(const sdm_match *m, int *bad)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < sdm_match_warning_count(m); i++) {
        char *text = NULL;
        if (sdm_match_warning_text(m, i, &text) != SDM_OK)
            *bad = 1;
        json_t *obj = json_object();
        sdm__jset(obj, "effect", json_string(m->ranking->catalogue->items[sdm_match_warning_effect(m, i)].id), bad);
        sdm__jset(obj, "warning", sdm__jstr(text), bad);
        sdm__jpush(arr, obj, bad);
        sdm__free(text);
    }
    return arr;
}

/* The decision context: who took part, the contexts that hold, whether the
 * person is detained (with the clinician's statement of the limits of choice),
 * and when to revisit. */
static json_t *context_json(const sdm_match *m, int *bad)
{
    const sdm_match_options *o = m->options;
    json_t *obj = json_object();
    sdm__jset(obj, "completed_by", json_string(sdm_completed_by_id(m->ranking->completed_by)), bad);
    sdm__jset(obj, "carer_involved", json_boolean(m->ranking->carer_involved), bad);
    sdm__jset(obj, "holds", sdm__tags_json(&o->contexts, bad), bad);
    sdm__jset(obj, "detained", json_boolean(o->detained), bad);
    if (o->limits)
        sdm__jset(obj, "limits", json_string(o->limits), bad);
    if (*o->revisit)
        sdm__jset(obj, "revisit", json_string(o->revisit), bad);
    return obj;
}

json_t *sdm__match_to_value(const sdm_match *m, int evidence, int *bad)
{
    const sdm_formulary *f = m->formulary;
    json_t *root = json_object();
    sdm__jset(root, "format", json_string("sdm-match"), bad);
    sdm__jset(root, "format_version", json_integer(1), bad);
    sdm__jset(root, "library_version", json_string(SDM_VERSION_STRING), bad);
    sdm__jset(root, "data_version", json_string(f->version), bad);
    sdm__jset(root, "formulary", json_string(f->name), bad);
    sdm__jset(root, "notice", json_string(f->notice), bad);
    sdm__jset(root, "terms", terms_json(m, bad), bad);
    json_t *ranked = json_array();
    for (size_t i = 0; i < m->count; i++)
        sdm__jpush(ranked, entry_json(m, i, evidence, bad), bad);
    sdm__jset(root, "ranked", ranked, bad);
    sdm__jset(root, "excluded", excluded_json(m, bad), bad);
    sdm__jset(root, "warnings", warnings_json(m, bad), bad);
    sdm__jset(root, "context", context_json(m, bad), bad);
    return root;
}

sdm_status sdm_match_to_json(const sdm_match *m, char **out)
{
    if (!m || !out)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_match_to_json: %s is NULL",
                         !m ? "the match" : "the out pointer");
    int bad = 0;
    json_t *root = sdm__match_to_value(m, 1, &bad);
    return sdm__json_dump(root, bad, out);
}
