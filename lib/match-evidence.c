/*
 * libsdm - where the value of each term of a match came from (numeric.h) and
 * what efficacy added (efficacy.h): the getters of a match.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>

#include "efficacy-private.h"
#include "ids.h"
#include "json.h"
#include "match-private.h"

static const char *const source_ids[] = {"rating", "numeric", "imputed", "personal"};
static const sdm_id_table sources = SDM_ID_TABLE("term source", SDM_TERM_RATING, source_ids);

const char *sdm_term_source_id(sdm_term_source source)
{
    return sdm__id_of(&sources, (int)source);
}

/* Term t of entry i: its source, value and number (match-private.h), or 0. */
static sdm_term_source term_of(const sdm_match *m, size_t i, size_t t, double *value, const sdm_evidence **number)
{
    *value = NAN;
    *number = NULL;
    if (!m || i >= m->count || t >= m->term_count)
        return (sdm_term_source)0;
    return sdm__match_term(m, m->entries[i].slot, t, value, number);
}

sdm_term_source sdm_match_term_source(const sdm_match *m, size_t i, size_t t)
{
    double value;
    const sdm_evidence *number;
    return term_of(m, i, t, &value, &number);
}

double sdm_match_term_value(const sdm_match *m, size_t i, size_t t)
{
    double value;
    const sdm_evidence *number;
    term_of(m, i, t, &value, &number);
    return value;
}

const sdm_evidence *sdm_match_term_evidence(const sdm_match *m, size_t i, size_t t)
{
    double value;
    const sdm_evidence *number;
    term_of(m, i, t, &value, &number);
    return number;
}

double sdm_match_efficacy_lack(const sdm_match *m, size_t i)
{
    if (!m || i >= m->count || !(m->tradeoff > 0.0))
        return NAN;
    return m->lack[m->entries[i].slot];
}

double sdm_match_efficacy_contribution(const sdm_match *m, size_t i)
{
    if (!m || i >= m->count)
        return NAN;
    return m->tradeoff > 0.0 ? m->tradeoff * m->lack[m->entries[i].slot] : 0.0;
}

int sdm_match_efficacy_imputed(const sdm_match *m, size_t i)
{
    if (!m || i >= m->count || !(m->tradeoff > 0.0))
        return 0;
    return m->lack_imputed[m->entries[i].slot];
}

/* ---- in words and JSON ----------------------------------------------------- */

void sdm__term_source_jw(sdm_jsonw *w, const sdm_match *m, const sdm_match_entry *e, size_t t)
{
    double value;
    const sdm_evidence *number;
    sdm_term_source source = sdm__match_term(m, e->slot, t, &value, &number);
    sdm__jw_kstring(w, "from", sdm_term_source_id(source));
    sdm__jw_kreal(w, "value", value);
    if (source == SDM_TERM_IMPUTED)
        sdm__jw_kstring(w, "imputed_as", sdm_unknown_policy_id(m->options->unknown));
    if (number) {
        sdm__jw_kstring(w, "evidence_source", sdm_evidence_source(number));
        sdm__jw_kstring(w, "outcome", sdm_evidence_outcome(number));
        sdm__jw_kstring(w, "confidence", sdm_confidence_id(sdm_evidence_confidence(number)));
    }
}

void sdm__match_tradeoff_jw(sdm_jsonw *w, const sdm_match *m, const sdm_match_entry *e)
{
    if (m->tradeoff > 0.0) {
        sdm__jw_kreal(w, "tradeoff", m->tradeoff);
        sdm__jw_kreal(w, "lack", m->lack[e->slot]);
        sdm__jw_kreal(w, "contribution", m->tradeoff * m->lack[e->slot]);
        sdm__jw_kbool(w, "imputed", m->lack_imputed[e->slot]);
        if (m->lack_imputed[e->slot])
            sdm__jw_kstring(w, "imputed_as", sdm_unknown_policy_id(m->options->unknown));
    }
}

/* Whether any medicine of the formulary has efficacy data: without any, the
 * mean policy has no others to take the mean of and gives the middle. */
static int any_efficacy(const sdm_formulary *f)
{
    for (size_t i = 0; i < f->count; i++)
        if (f->profiles[i].efficacy)
            return 1;
    return 0;
}

static const char *lack_imputed_as(const sdm_match *m)
{
    switch (m->options->unknown) {
    case SDM_UNKNOWN_WORST:
        return "the least effective";
    case SDM_UNKNOWN_MEAN:
        return any_efficacy(m->formulary) ? "the mean of the others" : "the middle";
    default:
        return "the middle";
    }
}

sdm_status sdm_match_efficacy_text(const sdm_match *m, size_t i, char **out)
{
    if (!m || !out || i >= m->count)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_match_efficacy_text: %s",
                         !m ? "the match is NULL" : !out ? "the out pointer is NULL" : "the entry is out of range");
    const sdm_match_entry *e = &m->entries[i];
    sdm_strbuf sb = SDM_STRBUF_INIT;
    sdm__describe_efficacy_short(&sb, e->profile);
    if (m->tradeoff > 0.0) {
        double lack = m->lack[e->slot];
        if (m->lack_imputed[e->slot])
            sdm__strbuf_appendf(&sb, "; counted as %s (lack of efficacy %.2f): %.3g added to its score",
                                lack_imputed_as(m), lack, m->tradeoff * lack);
        else
            sdm__strbuf_appendf(&sb, "; lack of efficacy %.2f (0 the most effective here, 1 the least) added %.3g "
                                     "to its score",
                                lack, m->tradeoff * lack);
    }
    return sdm__strbuf_finish(&sb, out);
}
