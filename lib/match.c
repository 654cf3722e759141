/*
 * libsdm - matching a ranking to a formulary: scoring, filters, ties.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "match-private.h"
#include "strbuf.h"

void sdm_match_free(sdm_match *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->excluded_count; i++)
        sdm__free(m->excluded[i].reason);
    sdm_match_options_free(m->options);
    sdm_ranking_free(m->ranking);
    sdm_formulary_free(m->formulary);
    sdm__free(m);
}

/* ---- one block ----------------------------------------------------------
 * The match, its terms, entries, excluded list and contributions take one
 * allocation: their sizes are known before scoring, and one block is one
 * failure point and one free. */

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
    size_t at_contributions = at_excluded + round_up(meds * sizeof(sdm_excluded));
    size_t size = at_contributions + meds * terms * sizeof(double);
    char *block = sdm__calloc(1, size);
    if (!block)
        return NULL;
    sdm_match *m = (sdm_match *)(void *)block;
    m->terms = (sdm_match_term *)(void *)(block + at_terms);
    m->entries = (sdm_match_entry *)(void *)(block + at_entries);
    m->excluded = (sdm_excluded *)(void *)(block + at_excluded);
    m->contributions = (double *)(void *)(block + at_contributions);
    return m;
}

/* ---- checks before scoring ---------------------------------------------- */

static sdm_status check_inputs(const sdm_formulary *f, const sdm_ranking *r, const sdm_match_options *o,
                               sdm_match **out)
{
    if (!f || !r || !out)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_match_run: %s is NULL",
                         !f ? "the formulary" : !r ? "the ranking" : "the out pointer");
    if (!sdm_catalogue_equal(f->catalogue, r->catalogue))
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT,
                         "the ranking uses the catalogue '%s' and the formulary '%s'; they differ",
                         r->catalogue->name, f->catalogue->name);
    sdm_status st = sdm_ranking_validate(r);
    if (st != SDM_OK)
        return st;
    for (size_t i = 0; i < o->exclude_count; i++)
        if (sdm__formulary_index(f, o->excludes[i].id) == (size_t)-1)
            return sdm__formulary_not_found(f, "the medicine to exclude", o->excludes[i].id);
    return SDM_OK;
}

/* The terms: ranked side effects in rank order, then helpful ones. */
static sdm_status build_terms(sdm_match *m)
{
    const sdm_ranking *r = m->ranking;
    int k = (int)sdm_ranking_avoid_count(r);
    size_t h = r->helpful_count;
    double w[SDM_MAX_RANK];
    if (k > 0) {
        sdm_status st = sdm__rank_weights(m->options, k, h, w);
        if (st != SDM_OK)
            return st;
    }
    double helpful_weight = m->options->helpful_weight;
    if (helpful_weight < 0.0)
        helpful_weight = k > 0 ? w[k - 1] : 1.0;
    for (int rank = 1; rank <= k; rank++)
        m->terms[m->term_count++] = (sdm_match_term){r->by_rank[rank], rank, w[rank - 1]};
    for (size_t i = 0; i < r->catalogue->count; i++)
        if (r->helpful[i])
            m->terms[m->term_count++] = (sdm_match_term){i, 0, helpful_weight};
    return SDM_OK;
}

/* ---- exclusion ---------------------------------------------------------- */

static const sdm_exclude_request *requested(const sdm_match_options *o, const sdm_profile *p)
{
    for (size_t i = 0; i < o->exclude_count; i++)
        if (strcmp(o->excludes[i].id, p->id) == 0)
            return &o->excludes[i];
    return NULL;
}

static const char *missing_tag(const sdm_tags *required, const sdm_tags *has)
{
    for (size_t i = 0; i < required->count; i++)
        if (!sdm__tags_contain(has, required->items[i]))
            return required->items[i];
    return NULL;
}

/* The first side effect of the terms a medicine has no rating for, or NULL. */
static const sdm_match_term *first_unknown(const sdm_match *m, const sdm_profile *p)
{
    for (size_t t = 0; t < m->term_count; t++)
        if (sdm__match_rating(m, p, m->terms[t].effect) == SDM_RATING_UNKNOWN)
            return &m->terms[t];
    return NULL;
}

/* Decides whether a medicine is left out; returns 0 if not, else fills `ex`. */
static int exclusion_reason(const sdm_match *m, const sdm_profile *p, sdm_excluded *ex, sdm_strbuf *why)
{
    const sdm_match_options *o = m->options;
    const sdm_exclude_request *request = requested(o, p);
    const char *tag;
    const sdm_match_term *unknown;
    if (request) {
        ex->kind = SDM_EXCLUDED_BY_REQUEST;
        sdm__strbuf_append(why, request->reason ? request->reason : "excluded by the prescriber");
    } else if ((tag = missing_tag(&o->formulations, &p->formulations))) {
        ex->kind = SDM_EXCLUDED_FORMULATION;
        sdm__strbuf_appendf(why, "not recorded as available as %s", tag);
    } else if ((tag = missing_tag(&o->licences, &p->licences))) {
        ex->kind = SDM_EXCLUDED_LICENCE;
        sdm__strbuf_appendf(why, "not recorded as licensed in %s", tag);
    } else if (o->unknown == SDM_UNKNOWN_EXCLUDE && (unknown = first_unknown(m, p))) {
        ex->kind = SDM_EXCLUDED_UNKNOWN_RATING;
        sdm__strbuf_appendf(why, "'%s' is not known for this medicine and unknown ratings exclude",
                            m->ranking->catalogue->items[unknown->effect].label);
    } else {
        return 0;
    }
    ex->profile = p;
    return 1;
}

/* ---- scoring ------------------------------------------------------------ */

static void score_entry(const sdm_match *m, sdm_match_entry *e, double *contribution)
{
    const sdm_match_options *o = m->options;
    double score = 0.0;
    for (size_t t = 0; t < m->term_count; t++) {
        const sdm_match_term *term = &m->terms[t];
        int rating = sdm__match_rating(m, e->profile, term->effect);
        int helpful = term->rank == 0;
        double value;
        if (rating == SDM_RATING_UNKNOWN) {
            value = sdm__unknown_value(o, helpful);
            e->unknown_count++;
        } else {
            value = sdm__severity(o, rating);
        }
        contribution[t] = (helpful ? -term->weight : term->weight) * value;
        score += contribution[t];
    }
    e->score = score;
}

static int by_name(const sdm_match_entry *a, const sdm_match_entry *b)
{
    int c = strcmp(a->profile->name, b->profile->name);
    return c ? c : strcmp(a->profile->id, b->profile->id);
}

static int by_score_then_name(const void *pa, const void *pb)
{
    const sdm_match_entry *a = pa, *b = pb;
    if (a->score < b->score)
        return -1;
    if (a->score > b->score)
        return 1;
    return by_name(a, b);
}

static int by_name_only(const void *pa, const void *pb)
{
    return by_name(pa, pb);
}

/* Sorts by score; entries within SDM_TIE_EPSILON of the first of a group tie:
 * they share its rank and are listed by name. */
static void rank_entries(sdm_match *m)
{
    qsort(m->entries, m->count, sizeof *m->entries, by_score_then_name);
    size_t first = 0;
    while (first < m->count) {
        size_t end = first + 1;
        while (end < m->count && m->entries[end].score - m->entries[first].score <= SDM_TIE_EPSILON)
            end++;
        qsort(m->entries + first, end - first, sizeof *m->entries, by_name_only);
        for (size_t i = first; i < end; i++)
            m->entries[i].rank = (int)first + 1;
        first = end;
    }
}

static sdm_status score_all(sdm_match *m)
{
    const sdm_formulary *f = m->formulary;
    for (size_t i = 0; i < f->count; i++) {
        const sdm_profile *p = &f->profiles[i];
        sdm_excluded *ex = &m->excluded[m->excluded_count];
        sdm_strbuf why = SDM_STRBUF_INIT;
        if (exclusion_reason(m, p, ex, &why)) {
            m->excluded_count++;
            if (sdm__strbuf_finish(&why, &ex->reason) != SDM_OK)
                return sdm__fail_no_memory();
            continue;
        }
        sdm_match_entry *e = &m->entries[m->count];
        e->profile = p;
        e->slot = m->count;
        score_entry(m, e, &m->contributions[e->slot * m->term_count]);
        m->count++;
    }
    rank_entries(m);
    return SDM_OK;
}

sdm_status sdm_match_run(const sdm_formulary *f, const sdm_ranking *r, const sdm_match_options *opts,
                         sdm_match **out)
{
    const sdm_match_options *o = opts ? opts : sdm__options_default();
    sdm_status st = check_inputs(f, r, o, out);
    if (st != SDM_OK)
        return st;
    sdm_match *m = match_alloc(f->count, sdm_ranking_avoid_count(r) + r->helpful_count);
    if (!m)
        return sdm__fail_no_memory();
    m->formulary = sdm_formulary_ref((sdm_formulary *)f);
    st = sdm_ranking_copy(r, &m->ranking);
    if (st == SDM_OK)
        st = sdm_match_options_copy(o, &m->options);
    if (st == SDM_OK)
        st = build_terms(m);
    if (st == SDM_OK)
        st = score_all(m);
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

const char *sdm_match_data_version(const sdm_match *m)
{
    return m ? m->formulary->version : NULL;
}
