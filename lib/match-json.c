/*
 * libsdm - the result of a match as JSON (`sdm-match`), also inside decision
 * records.
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>
#include <string.h>

#include "acceptability-json.h"
#include "efficacy-private.h"
#include "evidence-private.h"
#include "fragment.h"
#include "json-values.h"
#include "match-private.h"

static void rating_jw(sdm_jsonw *w, int rating)
{
    if (rating == SDM_RATING_UNKNOWN)
        sdm__jw_string(w, "unknown");
    else
        sdm__jw_int(w, rating);
}

static void terms_jw(sdm_jsonw *w, const sdm_match *m)
{
    sdm__jw_array(w);
    for (size_t t = 0; t < m->term_count; t++) {
        const sdm_match_term *term = &m->terms[t];
        sdm__jw_object(w);
        sdm__jw_kstring(w, "effect", m->ranking->catalogue->items[term->effect].id);
        sdm__jw_kstring(w, "label", m->ranking->catalogue->items[term->effect].label);
        if (term->rank)
            sdm__jw_kint(w, "rank", term->rank);
        else
            sdm__jw_kbool(w, "helpful", 1);
        sdm__jw_kreal(w, "weight", term->weight);
        sdm__jw_object_end(w);
    }
    sdm__jw_array_end(w);
}

/* ---- the parts of an entry written once per medicine (fragment.h) ---------- */

/* The pieces of an entry's set: its first members, its serious risks, its
 * requirements, its efficacy's own members, and the members of each side
 * effect's rating from its spread on (what the ratings of a medicine say
 * whatever the match). */
enum { ENTRY_HEAD, ENTRY_RISKS, ENTRY_REQUIREMENTS, ENTRY_EFFICACY, ENTRY_CELLS };
#define CELL_TAIL(effect) (ENTRY_CELLS + (effect))
/* And the members of a side effect's rating before its contribution, for
 * each rating it can be shown with (its rating under a synthesis rule, or
 * +++ from the person's history); the others are left out. The ratings run
 * from SDM_RATING_UNKNOWN (-1) to SDM_RATING_HIGH. */
#define RATINGS (SDM_RATING_HIGH - SDM_RATING_UNKNOWN + 1)
#define CELL_HEAD(items, effect, rating) (ENTRY_CELLS + (items) + (effect) * RATINGS + (size_t)((rating) - SDM_RATING_UNKNOWN))
#define ENTRY_PIECES(items) (ENTRY_CELLS + (items) * (1 + RATINGS))

static void entry_head_jw(sdm_jsonw *w, const sdm_profile *p)
{
    sdm__jw_kstring(w, "id", p->id);
    sdm__jw_kstring(w, "name", p->name);
}

/* "effect", "rating", "mark" and "source": the side effect, the rating
 * shown (the match's: see sdm__match_rating()) and the source of the
 * medicine's own rating. */
static void cell_head_jw(sdm_jsonw *w, const sdm_profile *p, size_t effect, int rating)
{
    sdm__jw_kstring(w, "effect", p->formulary->catalogue->items[effect].id);
    sdm__jw_key(w, "rating");
    rating_jw(w, rating);
    sdm__jw_kstring(w, "mark", sdm_rating_mark(rating));
    sdm__jw_kstring(w, "source", sdm_profile_rating_source(p, effect));
}

/* Whether a match can show the side effect with this rating. */
static int shown_rating(const sdm_profile *p, size_t effect, int rating)
{
    if (rating == SDM_RATING_HIGH) /* the person had it */
        return 1;
    for (int rule = 0; rule < SDM_SYNTHESIS_COUNT; rule++)
        if (sdm__profile_ratings(p, (sdm_synthesis)rule)[effect] == rating)
            return 1;
    return 0;
}

/* "spread", and the disagreement when the sources disagree. */
static void cell_tail_jw(sdm_jsonw *w, const sdm_profile *p, size_t effect)
{
    int spread = sdm_profile_spread(p, effect);
    sdm__jw_key(w, "spread");
    if (spread < 0)
        sdm__jw_null(w);
    else
        sdm__jw_int(w, spread);
    if (spread >= SDM_DISAGREEMENT_SPREAD) {
        sdm__jw_key(w, "disagreement");
        sdm__described_jw(w, p, effect, NULL);
    }
}

/* ---- the members of a term that repeat within a document ----------------- */

/* A rating's "contribution" and where its value came from ("from", "value",
 * an imputed one's policy) are the same text for every medicine whose term t
 * has the same contribution, source and value (the policy is the match's):
 * a document keeps the text of each it wrote, by those, and copies it after.
 * A value from a number (with its evidence) is written each time. */
#define TERM_TEXTS 32 /* on the stack: about 7 KB */
#define TERM_TEXT 192
typedef struct term_text {
    uint64_t contribution, value; /* their bits */
    size_t term;
    int source, depth;
    int next; /* the one kept before it for the same term (by term_chain()), or -1 */
    size_t len; /* the members after the comma before them */
    char text[TERM_TEXT];
} term_text;

#define TERM_CHAINS 16 /* terms with a chain of their own; the others share the last */
typedef struct term_texts {
    size_t count;
    int last[TERM_CHAINS]; /* the last kept of each chain, or -1: a lookup walks its term's chain */
    term_text kept[TERM_TEXTS];
    sdm_reason_memo reasons; /* the plain terms of the reasons (explain.c) */
} term_texts;

static uint64_t bits_of(double x)
{
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    return b;
}

static size_t term_chain(size_t t)
{
    return t < TERM_CHAINS ? t : TERM_CHAINS - 1;
}

static const term_text *term_text_find(const term_texts *tt, size_t t, int source, double value, double contribution)
{
    const uint64_t v = bits_of(value), c = bits_of(contribution);
    for (int i = tt->last[term_chain(t)]; i >= 0; i = tt->kept[i].next) {
        const term_text *k = &tt->kept[i];
        if (k->term == t && k->source == source && k->value == v && k->contribution == c)
            return k;
    }
    return NULL;
}

/* Keeps what was written since `end` (",", then the members) if it fits. */
static void term_text_keep(term_texts *tt, const sdm_jsonw *w, size_t end, size_t t, int source, double value,
                           double contribution)
{
    size_t len;
    const char *text = sdm__jw_since(w, end, &len);
    if (!text || tt->count == TERM_TEXTS || len < 1 || len - 1 > TERM_TEXT || text[0] != ',')
        return;
    const size_t chain = term_chain(t);
    term_text *k = &tt->kept[tt->count];
    *k = (term_text){.contribution = bits_of(contribution), .value = bits_of(value), .term = t, .source = source,
                     .depth = w->depth, .next = tt->last[chain], .len = len - 1};
    tt->last[chain] = (int)tt->count++;
    memcpy(k->text, text + 1, len - 1);
}

/* "contribution" and the members of where term t's value came from. */
static void term_members_jw(sdm_jsonw *w, term_texts *tt, const sdm_match *m, const sdm_match_entry *e, size_t t)
{
    double value;
    const sdm_evidence *number;
    const sdm_term_source source = sdm__match_term(m, e->slot, t, &value, &number);
    const double contribution = m->contributions[e->slot * m->term_count + t];
    const term_text *kept = number ? NULL : term_text_find(tt, t, (int)source, value, contribution);
    if (kept && sdm__jw_splice(w, kept->text, kept->len, kept->depth, 1))
        return;
    const size_t end = sdm__jw_end(w);
    sdm__jw_kreal(w, "contribution", contribution);
    sdm__term_source_jw(w, m, e, t);
    if (!number)
        term_text_keep(tt, w, end, t, (int)source, value, contribution);
}

static void entry_ratings_jw(sdm_jsonw *w, term_texts *tt, const sdm_fragments *set, const sdm_match *m,
                             const sdm_match_entry *e, int evidence)
{
    sdm__jw_array(w);
    for (size_t t = 0; t < m->term_count; t++) {
        size_t effect = m->terms[t].effect;
        int rating = sdm__match_rating(m, e->profile, effect);
        sdm__jw_object(w);
        /* the catalogues are equal (sdm_match_run()): the same ids */
        if (!sdm__fragment_put(w, set, CELL_HEAD(m->ranking->catalogue->count, effect, rating)))
            cell_head_jw(w, e->profile, effect, rating);
        term_members_jw(w, tt, m, e, t);
        if (sdm__match_personal(m, e->profile, effect))
            sdm__jw_kbool(w, "personal", 1);
        if (!sdm__fragment_put(w, set, CELL_TAIL(effect)))
            cell_tail_jw(w, e->profile, effect);
        if (evidence) {
            sdm__jw_key(w, "readings");
            sdm__readings_jw(w, e->profile, effect);
            sdm__jw_key(w, "evidence");
            sdm__evidence_jw(w, e->profile, effect);
        }
        sdm__jw_object_end(w);
    }
    sdm__jw_array_end(w);
}

/* The ids of the medicine's serious risks (their words are on its card):
 * never scored, always shown. */
static void risk_ids_jw(sdm_jsonw *w, const sdm_profile *p)
{
    sdm__jw_array(w);
    for (size_t i = 0; i < sdm_profile_risk_count(p); i++)
        sdm__jw_string(w, sdm_risk_id(sdm_profile_risk(p, i)));
    sdm__jw_array_end(w);
}

/* What giving the medicine needs, where a restriction applies and its context
 * holds (or it would not be ranked): clozapine's registration and blood
 * counts, the olanzapine injection's observation. */
static void requirements_jw(sdm_jsonw *w, const sdm_profile *p)
{
    sdm__jw_array(w);
    for (size_t i = 0; i < sdm_profile_restriction_count(p); i++) {
        const sdm_restriction *r = sdm_profile_restriction(p, i);
        sdm__jw_object(w);
        sdm__jw_kstring(w, "context", sdm_restriction_context(r));
        sdm__jw_kstring(w, "requirement", sdm_restriction_requirement(r));
        if (*sdm_restriction_country(r))
            sdm__jw_kstring(w, "country", sdm_restriction_country(r));
        if (*sdm_restriction_formulation(r))
            sdm__jw_kstring(w, "formulation", sdm_restriction_formulation(r));
        sdm__jw_object_end(w);
    }
    sdm__jw_array_end(w);
}

static void risks_member_jw(sdm_jsonw *w, const sdm_profile *p)
{
    sdm__jw_key(w, "serious_risks");
    risk_ids_jw(w, p);
}

static void requirements_member_jw(sdm_jsonw *w, const sdm_profile *p)
{
    sdm__jw_key(w, "requirements");
    requirements_jw(w, p);
}

/* What an entry_set() is made of: the medicine and the entry's depth. */
typedef struct entry_at {
    const sdm_profile *p;
    int depth;
} entry_at;

static void build_entry(sdm_fragment_maker *mk, const void *arg)
{
    const entry_at *at = arg;
    const sdm_profile *p = at->p;
    entry_head_jw(sdm__fragment_piece(mk, at->depth, 1), p);
    risks_member_jw(sdm__fragment_piece(mk, at->depth, 1), p);
    requirements_member_jw(sdm__fragment_piece(mk, at->depth, 1), p);
    sdm__efficacy_members_jw(sdm__fragment_piece(mk, at->depth + 1, 1), p);
    size_t items = p->formulary->catalogue->count;
    for (size_t effect = 0; effect < items; effect++)
        cell_tail_jw(sdm__fragment_piece(mk, at->depth + 2, 1), p, effect);
    for (size_t effect = 0; effect < items; effect++)
        for (int rating = SDM_RATING_UNKNOWN; rating <= SDM_RATING_HIGH; rating++)
            if (shown_rating(p, effect, rating))
                cell_head_jw(sdm__fragment_piece(mk, at->depth + 2, 1), p, effect, rating);
            else
                sdm__fragment_skip(mk);
}

/* The set of an entry of medicine p written at `depth` (the entry object's
 * members), or NULL: write everything directly. */
static const sdm_fragments *entry_set(const sdm_profile *p, int depth)
{
    int d = depth - SDM_ENTRY_TEXT_DEPTH;
    if (d < 0 || d >= SDM_ENTRY_TEXT_DEPTHS)
        return NULL;
    entry_at at = {p, depth};
    /* The slot is the one thing of a shared profile a writer changes
     * (fragment.h): the profile itself was allocated writable. */
    sdm_profile *mine = (sdm_profile *)p;
    return sdm__fragments_get(&mine->entry_text[d], ENTRY_PIECES(p->formulary->catalogue->count), 16384, build_entry,
                              &at);
}

static void entry_jw(sdm_jsonw *w, term_texts *tt, const sdm_match *m, size_t i, int evidence)
{
    const sdm_match_entry *e = &m->entries[i];
    sdm__jw_object(w);
    const sdm_fragments *set = entry_set(e->profile, w->depth);
    if (!sdm__fragment_put(w, set, ENTRY_HEAD))
        entry_head_jw(w, e->profile);
    sdm__jw_kint(w, "rank", e->rank);
    sdm__jw_kreal(w, "score", e->score);
    sdm__jw_kint(w, "unknown_count", (long long)e->unknown_count);
    sdm__jw_key(w, "reason");
    sdm__match_reason_to(sdm__jw_text_begin(w), m, i, &tt->reasons);
    sdm__jw_text_end(w);
    sdm__jw_key(w, "ratings");
    entry_ratings_jw(w, tt, set, m, e, evidence);
    if (!sdm__fragment_put(w, set, ENTRY_RISKS))
        risks_member_jw(w, e->profile);
    int32_t h = m->history_of[e->slot];
    if (h >= 0) {
        sdm__jw_key(w, "history");
        sdm__jw_object(w);
        sdm__jw_kstring(w, "outcome", sdm_outcome_id(m->ranking->history[h].outcome));
        if (*m->ranking->history[h].why)
            sdm__jw_kstring(w, "why", m->ranking->history[h].why);
        sdm__jw_object_end(w);
    }
    if (!sdm__fragment_put(w, set, ENTRY_REQUIREMENTS))
        requirements_member_jw(w, e->profile);
    sdm__jw_key(w, "efficacy");
    sdm__jw_object(w);
    if (!sdm__fragment_put(w, set, ENTRY_EFFICACY))
        sdm__efficacy_members_jw(w, e->profile);
    sdm__match_tradeoff_jw(w, m, e);
    sdm__jw_object_end(w);
    sdm__jw_object_end(w);
}

static void excluded_jw(sdm_jsonw *w, const sdm_match *m)
{
    sdm__jw_array(w);
    for (size_t i = 0; i < m->excluded_count; i++) {
        sdm__jw_object(w);
        sdm__jw_kstring(w, "id", m->excluded[i].profile->id);
        sdm__jw_kstring(w, "name", m->excluded[i].profile->name);
        sdm__jw_kstring(w, "kind", sdm_exclusion_id(m->excluded[i].kind));
        sdm__jw_kstring(w, "reason", m->excluded[i].reason);
        sdm__jw_object_end(w);
    }
    sdm__jw_array_end(w);
}

static void warnings_jw(sdm_jsonw *w, const sdm_match *m)
{
    sdm__jw_array(w);
    for (size_t i = 0; i < sdm_match_warning_count(m); i++) {
        char *text = NULL;
        if (sdm_match_warning_text(m, i, &text) != SDM_OK)
            sdm__jw_fail(w);
        sdm__jw_object(w);
        sdm__jw_kstring(w, "effect", m->ranking->catalogue->items[sdm_match_warning_effect(m, i)].id);
        sdm__jw_kstring(w, "warning", text);
        sdm__jw_object_end(w);
        sdm__free(text);
    }
    sdm__jw_array_end(w);
}

/* The decision context: who took part, the contexts that hold, whether the
 * person is detained (with the clinician's statement of the limits of choice),
 * and when to revisit. */
static void context_jw(sdm_jsonw *w, const sdm_match *m)
{
    const sdm_match_options *o = m->options;
    sdm__jw_object(w);
    sdm__jw_kstring(w, "completed_by", sdm_completed_by_id(m->ranking->completed_by));
    sdm__jw_kbool(w, "carer_involved", m->ranking->carer_involved);
    sdm__jw_key(w, "holds");
    sdm__tags_jw(w, &o->contexts);
    sdm__jw_kbool(w, "detained", o->detained);
    if (o->limits)
        sdm__jw_kstring(w, "limits", o->limits);
    if (*o->revisit)
        sdm__jw_kstring(w, "revisit", o->revisit);
    sdm__jw_object_end(w);
}

void sdm__match_jw(sdm_jsonw *w, const sdm_match *m, int evidence)
{
    const sdm_formulary *f = m->formulary;
    sdm__jw_object(w);
    sdm__jw_kstring(w, "format", "sdm-match");
    sdm__jw_kint(w, "format_version", 1);
    sdm__jw_kstring(w, "library_version", SDM_VERSION_STRING);
    sdm__jw_kstring(w, "data_version", f->version);
    sdm__jw_kstring(w, "formulary", f->name);
    sdm__jw_kstring(w, "notice", f->notice);
    sdm__jw_key(w, "terms");
    terms_jw(w, m);
    sdm__jw_key(w, "ranked");
    sdm__jw_array(w);
    term_texts tt;
    tt.count = 0;
    for (size_t c = 0; c < TERM_CHAINS; c++)
        tt.last[c] = -1;
    memset(tt.reasons.len, 0, sizeof tt.reasons.len);
    for (size_t i = 0; i < m->count; i++)
        entry_jw(w, &tt, m, i, evidence);
    sdm__jw_array_end(w);
    sdm__jw_key(w, "excluded");
    excluded_jw(w, m);
    sdm__jw_key(w, "warnings");
    warnings_jw(w, m);
    sdm__jw_key(w, "context");
    context_jw(w, m);
    /* How sure the order is, when the options asked (a record keeps it beside
     * its result instead, so the result's keys stay those of format 1). */
    if (evidence && m->acceptability)
        sdm__acc_jw(w, m->acceptability);
    sdm__jw_object_end(w);
}

sdm_status sdm_match_to_json(const sdm_match *m, char **out)
{
    if (!m || !out)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_match_to_json: %s is NULL",
                         !m ? "the match" : "the out pointer");
    sdm_jsonw w;
    sdm__jw_init(&w);
    sdm__match_jw(&w, m, 1);
    return sdm__jw_finish(&w, out);
}
