/*
 * libsdm - matching a ranking to a formulary: scoring, filters, ties.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clinical-private.h"
#include "match-private.h"
#include "strbuf.h"
#include "vocabulary.h"

void sdm_match_free(sdm_match *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->excluded_count; i++)
        sdm__free(m->excluded[i].reason);
    sdm__free(m->cell);
    sdm__free(m->cell_source);
    sdm__free((void *)m->cell_evidence);
    sdm__free(m->lack);
    sdm__free(m->lack_imputed);
    sdm_acceptability_free(m->acceptability);
    sdm_match_options_free(m->options);
    sdm_ranking_free(m->ranking);
    sdm_formulary_free(m->formulary);
    sdm__free(m);
}

/* ---- one block ----------------------------------------------------------
 * The match, its terms, entries, excluded list and contributions take one
 * allocation, with what the run works with: their sizes are known before
 * scoring, and one block is one failure point and one free. */

static size_t round_up(size_t n)
{
    const size_t align = sizeof(double) > sizeof(void *) ? sizeof(double) : sizeof(void *);
    return (n + align - 1) / align * align;
}

static sdm_match *match_alloc(size_t meds, size_t terms)
{
    size_t at_terms = round_up(sizeof(sdm_match));
    size_t at_entries = at_terms + round_up(terms * sizeof(sdm_match_term));
    size_t at_excluded = at_entries + round_up(meds * sizeof(sdm_match_entry));
    size_t at_candidates = at_excluded + round_up(meds * sizeof(sdm_excluded));
    size_t at_scores = at_candidates + round_up(meds * sizeof(sdm_score_candidate));
    size_t at_unknowns = at_scores + round_up(meds * sizeof(double));
    size_t at_order = at_unknowns + round_up(meds * sizeof(size_t));
    size_t at_ranks = at_order + round_up(meds * sizeof(size_t));
    size_t at_effects = at_ranks + round_up(meds * sizeof(int32_t));
    size_t at_history = at_effects + round_up(terms * sizeof(int32_t));
    size_t at_contributions = at_history + round_up(meds * sizeof(int32_t));
    size_t size = at_contributions + meds * terms * sizeof(double);
    char *block = sdm__calloc(1, size);
    if (!block)
        return NULL;
    sdm_match *m = (sdm_match *)(void *)block;
    m->terms = (sdm_match_term *)(void *)(block + at_terms);
    m->entries = (sdm_match_entry *)(void *)(block + at_entries);
    m->excluded = (sdm_excluded *)(void *)(block + at_excluded);
    m->candidates = (sdm_score_candidate *)(void *)(block + at_candidates);
    m->scores = (double *)(void *)(block + at_scores);
    m->unknowns = (size_t *)(void *)(block + at_unknowns);
    m->order = (size_t *)(void *)(block + at_order);
    m->ranks = (int32_t *)(void *)(block + at_ranks);
    m->effects = (int32_t *)(void *)(block + at_effects);
    m->history_of = (int32_t *)(void *)(block + at_history);
    m->contributions = (double *)(void *)(block + at_contributions);
    return m;
}

/* ---- checks before scoring ---------------------------------------------- */

static sdm_status check_inputs(const sdm_formulary *f, const sdm_ranking *r, sdm_match **out)
{
    if (!f || !r || !out)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_match_run: %s is NULL",
                         !f ? "the formulary" : !r ? "the ranking" : "the out pointer");
    if (!sdm_catalogue_equal(f->catalogue, r->catalogue))
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT,
                         "the ranking uses the catalogue '%s' and the formulary '%s'; they differ",
                         r->catalogue->name, f->catalogue->name);
    for (size_t h = 0; h < r->history_count; h++)
        if (sdm__formulary_index(f, r->history[h].medicine) == (size_t)-1)
            return sdm__formulary_not_found(f, "the medicine of the person's history", r->history[h].medicine);
    return sdm_ranking_validate(r);
}

/* Where each medicine is in the person's history (see sdm__match_personal()). */
static void find_history(sdm_match *m)
{
    const sdm_formulary *f = m->formulary;
    for (size_t i = 0; i < f->count; i++) {
        size_t h = sdm__history_index(m->ranking, f->profiles[i].id);
        m->history_of[i] = h == (size_t)-1 ? -1 : (int32_t)h;
    }
}

/* The side effects the person had on a medicine (their own readings, +++
 * over the plan's), by catalogue index, or NULL. */
static const unsigned char *had_on(const sdm_match *m, size_t i)
{
    return m->history_of[i] < 0 ? NULL : m->ranking->history[m->history_of[i]].had;
}

/* Keeps what the plan made that explains the terms and the efficacy term
 * (match-private.h): the table, and the plan's cells and lack, which the
 * match owns from here on (the plan only reads them while scoring, so
 * sdm__score_plan_dispose() is not called on it). */
static void keep_from_plan(sdm_match *m, sdm_score_plan *plan)
{
    memcpy(m->value, plan->value, sizeof m->value);
    m->tradeoff = plan->tradeoff;
    m->cell = plan->cell;
    m->cell_source = plan->cell_source;
    m->cell_evidence = plan->cell_evidence;
    m->lack = plan->lack;
    m->lack_imputed = plan->lack_imputed;
}

/* The terms: ranked side effects in rank order, then helpful ones in
 * catalogue order, with their weights from the plan. */
static sdm_status build_terms(sdm_match *m, const sdm_score_plan *plan, sdm_score_terms *t)
{
    const sdm_ranking *r = m->ranking;
    size_t k = sdm_ranking_avoid_count(r);
    sdm_status st = sdm__score_terms(plan, k, r->helpful_count, t, 0);
    if (st != SDM_OK)
        return st;
    for (size_t rank = 1; rank <= k; rank++)
        m->terms[m->term_count++] = (sdm_match_term){r->by_rank[rank], (int)rank, t->weight[rank - 1]};
    for (size_t i = 0; i < r->catalogue->count; i++)
        if (r->helpful[i])
            m->terms[m->term_count++] = (sdm_match_term){i, 0, t->helpful_weight};
    for (size_t c = 0; c < m->term_count; c++)
        m->effects[c] = (int32_t)m->terms[c].effect;
    m->tie = t->tie;
    return SDM_OK;
}

/* ---- exclusion ---------------------------------------------------------- */

/* The first side effect of the terms a medicine has no value for (no
 * rating, and no number under numeric evidence). */
static size_t first_unknown(const sdm_match *m, const sdm_profile *p)
{
    size_t i = (size_t)(p - m->formulary->profiles), t = 0;
    double value;
    const sdm_evidence *number;
    while (t + 1 < m->term_count && sdm__match_term(m, i, t, &value, &number) != SDM_TERM_IMPUTED)
        t++;
    return m->terms[t].effect;
}

/* Puts a medicine on the excluded list with the reason, in words. */
static sdm_status exclude(sdm_match *m, const sdm_profile *p, int kind, const char *detail)
{
    sdm_excluded *ex = &m->excluded[m->excluded_count++];
    sdm_strbuf why = SDM_STRBUF_INIT;
    ex->profile = p;
    ex->kind = (sdm_exclusion)kind;
    switch (kind) {
    case SDM_EXCLUDED_BY_REQUEST:
        sdm__strbuf_append(&why, detail ? detail : "excluded by the prescriber");
        break;
    case SDM_EXCLUDED_FORMULATION:
        sdm__strbuf_appendf(&why, "not recorded as available as %s %s", sdm__formulation_article(detail),
                            sdm__formulation_words(detail));
        break;
    case SDM_EXCLUDED_LICENCE:
        sdm__licence_allows(p, detail, &why);
        break;
    case SDM_EXCLUDED_RESTRICTION:
        sdm__restrictions_allow(p, &m->options->contexts, &m->options->licences, &m->options->formulations, &why);
        break;
    default:
        if (detail) { /* efficacy.h: a trade-off weight, no efficacy given, and unknowns exclude */
            sdm__strbuf_append(&why, "no efficacy data in this formulary, and with a trade-off weight on efficacy "
                                     "unknowns exclude");
            break;
        }
        sdm__strbuf_appendf(&why, "'%s' is not known for this medicine and unknown ratings exclude",
                            m->ranking->catalogue->items[first_unknown(m, p)].label);
        break;
    }
    return sdm__strbuf_finish(&why, &ex->reason) == SDM_OK ? SDM_OK : sdm__fail_no_memory();
}

/* ---- scoring ------------------------------------------------------------ */

/* Executes the plan: every medicine excluded or scored, then ordered. */
static sdm_status score_all(sdm_match *m, const sdm_score_plan *plan, const sdm_score_terms *t)
{
    const sdm_formulary *f = m->formulary;
    size_t count = 0;
    for (size_t i = 0; i < f->count; i++) {
        const sdm_profile *p = &f->profiles[i];
        const sdm_score_candidate *c = &plan->candidate[i];
        sdm_status st = SDM_OK;
        if (c->kind) {
            st = exclude(m, p, c->kind, c->detail);
        } else {
            m->scores[i] = sdm__score_row(plan, t, i, had_on(m, i), m->effects,
                                          &m->contributions[i * m->term_count], &m->unknowns[i]);
            if (plan->exclude_unknown && m->unknowns[i])
                st = exclude(m, p, SDM_EXCLUDED_UNKNOWN_RATING, NULL);
            else
                m->order[count++] = i;
        }
        if (st != SDM_OK)
            return st;
    }
    sdm__score_order(plan, t, m->scores, m->order, count, count, m->ranks, NULL);
    for (size_t at = 0; at < count; at++) {
        size_t i = m->order[at];
        m->entries[at] = (sdm_match_entry){&f->profiles[i], m->scores[i], (int)m->ranks[at], m->unknowns[i], i};
    }
    m->count = count;
    return SDM_OK;
}

/* The acceptability analysis, once, when the options ask for it and there is
 * a side effect to be sure of (acceptability.h: the same medicines, so the
 * same seed gives the numbers sdm_acceptability_run() gives). */
static sdm_status analyse_acceptability(sdm_match *m)
{
    if (m->options->acceptability_scenarios == 0 || m->term_count == 0)
        return SDM_OK;
    return sdm_acceptability_run(m->formulary, m->ranking, m->options, &m->acceptability);
}

sdm_status sdm_match_run(const sdm_formulary *f, const sdm_ranking *r, const sdm_match_options *opts,
                         sdm_match **out)
{
    const sdm_match_options *o = opts ? opts : sdm__options_default();
    sdm_status st = check_inputs(f, r, out);
    if (st != SDM_OK)
        return st;
    sdm_match *m = match_alloc(f->count, sdm_ranking_avoid_count(r) + r->helpful_count);
    if (!m)
        return sdm__fail_no_memory();
    m->formulary = sdm_formulary_ref((sdm_formulary *)f);
    sdm_score_plan plan;
    sdm_score_terms terms;
    st = sdm__score_plan_make(&plan, f, o, m->candidates);
    if (st == SDM_OK) {
        keep_from_plan(m, &plan);
        st = sdm_ranking_copy(r, &m->ranking);
    }
    if (st == SDM_OK)
        find_history(m);
    if (st == SDM_OK)
        st = build_terms(m, &plan, &terms);
    if (st == SDM_OK)
        st = sdm_match_options_copy(o, &m->options);
    if (st == SDM_OK)
        st = score_all(m, &plan, &terms);
    if (st == SDM_OK)
        st = analyse_acceptability(m);
    if (st != SDM_OK) {
        sdm_match_free(m);
        return st;
    }
    *out = m;
    return SDM_OK;
}

/* ---- getters ------------------------------------------------------------ */

static const sdm_match_entry *entry_at(const sdm_match *m, size_t i)
{
    return (m && i < m->count) ? &m->entries[i] : NULL;
}

static const sdm_match_term *term_at(const sdm_match *m, size_t t)
{
    return (m && t < m->term_count) ? &m->terms[t] : NULL;
}

size_t sdm_match_count(const sdm_match *m)
{
    return m ? m->count : 0;
}

const sdm_profile *sdm_match_profile(const sdm_match *m, size_t i)
{
    const sdm_match_entry *e = entry_at(m, i);
    return e ? e->profile : NULL;
}

double sdm_match_score(const sdm_match *m, size_t i)
{
    const sdm_match_entry *e = entry_at(m, i);
    return e ? e->score : NAN;
}

int sdm_match_rank(const sdm_match *m, size_t i)
{
    const sdm_match_entry *e = entry_at(m, i);
    return e ? e->rank : 0;
}

size_t sdm_match_unknown_count(const sdm_match *m, size_t i)
{
    const sdm_match_entry *e = entry_at(m, i);
    return e ? e->unknown_count : 0;
}

size_t sdm_match_term_count(const sdm_match *m)
{
    return m ? m->term_count : 0;
}

size_t sdm_match_term_effect(const sdm_match *m, size_t t)
{
    const sdm_match_term *term = term_at(m, t);
    return term ? term->effect : (size_t)-1;
}

int sdm_match_term_rank(const sdm_match *m, size_t t)
{
    const sdm_match_term *term = term_at(m, t);
    return term ? term->rank : 0;
}

double sdm_match_term_weight(const sdm_match *m, size_t t)
{
    const sdm_match_term *term = term_at(m, t);
    return term ? term->weight : NAN;
}

int sdm_match_rating(const sdm_match *m, size_t i, size_t t)
{
    const sdm_match_entry *e = entry_at(m, i);
    const sdm_match_term *term = term_at(m, t);
    return (e && term) ? sdm__match_rating(m, e->profile, term->effect) : SDM_RATING_UNKNOWN;
}

double sdm_match_contribution(const sdm_match *m, size_t i, size_t t)
{
    const sdm_match_entry *e = entry_at(m, i);
    if (!e || !term_at(m, t))
        return NAN;
    return m->contributions[e->slot * m->term_count + t];
}

size_t sdm_match_excluded_count(const sdm_match *m)
{
    return m ? m->excluded_count : 0;
}

const sdm_profile *sdm_match_excluded_profile(const sdm_match *m, size_t i)
{
    return (m && i < m->excluded_count) ? m->excluded[i].profile : NULL;
}

sdm_exclusion sdm_match_excluded_kind(const sdm_match *m, size_t i)
{
    return (m && i < m->excluded_count) ? m->excluded[i].kind : (sdm_exclusion)0;
}

const char *sdm_match_excluded_reason(const sdm_match *m, size_t i)
{
    return (m && i < m->excluded_count) ? m->excluded[i].reason : NULL;
}

const sdm_formulary *sdm_match_formulary(const sdm_match *m)
{
    return m ? m->formulary : NULL;
}

const sdm_ranking *sdm_match_ranking(const sdm_match *m)
{
    return m ? m->ranking : NULL;
}

const sdm_match_options *sdm_match_options_used(const sdm_match *m)
{
    return m ? m->options : NULL;
}

const sdm_acceptability *sdm_match_acceptability(const sdm_match *m)
{
    return m ? m->acceptability : NULL;
}

double sdm_match_tie_tolerance(const sdm_match *m)
{
    return m ? m->tie : NAN;
}

const char *sdm_match_data_version(const sdm_match *m)
{
    return m ? m->formulary->version : NULL;
}
