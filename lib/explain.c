/*
 * libsdm - explaining a match in words: the reason for each place, and the
 * warnings (its JSON: match-json.c).
 * SPDX-License-Identifier: MIT
 */
#include "acceptability-private.h"
#include "evidence-private.h"
#include "formulary-private.h"
#include "fragment.h"
#include "ids.h"
#include "match-private.h"

static int unknown_everywhere(const sdm_match *m, size_t effect);

static void append_imputed(sdm_strbuf *sb, const sdm_match *m, const sdm_match_entry *e, size_t t, int helpful)
{
    const sdm_match_options *o = m->options;
    if (o->unknown == SDM_UNKNOWN_WORST)
        sdm__strbuf_append(sb, helpful ? "no benefit" : "the worst case");
    else if (o->unknown == SDM_UNKNOWN_MEAN && !unknown_everywhere(m, m->terms[t].effect)) {
        double value;
        const sdm_evidence *number;
        sdm__match_term(m, e->slot, t, &value, &number);
        sdm__strbuf_append(sb, "the mean of the medicines that rate it, ");
        sdm__strbuf_append_fixed(sb, value, 2);
    } else
        sdm__strbuf_append(sb, "the middle of the scale");
}

/* "; scored on numbers: in trials (Huhn 2019), ...; low confidence; 0.62 of
 * the largest harm here" inside the parentheses of a numeric term. */
static void append_numeric(sdm_strbuf *sb, const sdm_match *m, const sdm_match_entry *e, size_t t)
{
    double value;
    const sdm_evidence *number;
    if (sdm__match_term(m, e->slot, t, &value, &number) != SDM_TERM_NUMERIC)
        return;
    sdm__strbuf_append(sb, "; scored on numbers: ");
    sdm__describe_evidence(sb, number);
    sdm__strbuf_append(sb, "; ");
    sdm__strbuf_append_fixed(sb, value, 2);
    sdm__strbuf_append(sb, " of the largest harm here");
}

/* "; sources disagree: none to ++: Maudsley none, UpToDate +, S3 guideline ++"
 * inside the parentheses of a term whose readings spread two steps or more. */
static void write_disagreement(sdm_strbuf *sb, const sdm_profile *p, size_t effect)
{
    sdm__strbuf_append(sb, "; sources disagree: ");
    sdm__describe_readings(sb, p, effect);
}

/* The medicine's disagreements, a piece per side effect (none where the
 * sources agree), kept with it (fragment.h). */
static void build_disagreements(sdm_fragment_maker *mk, const void *arg)
{
    const sdm_profile *p = arg;
    for (size_t effect = 0; effect < p->formulary->catalogue->count; effect++) {
        if (sdm_profile_spread(p, effect) < SDM_DISAGREEMENT_SPREAD)
            sdm__fragment_skip(mk);
        else
            write_disagreement(&sdm__fragment_piece(mk, 0, 0)->sb, p, effect);
    }
}

static void append_disagreement(sdm_strbuf *sb, const sdm_profile *p, size_t effect)
{
    /* The slot is the one thing of a shared profile a writer changes
     * (fragment.h): the profile itself was allocated writable. */
    sdm_profile *mine = (sdm_profile *)p;
    const sdm_fragments *set = sdm__fragments_get(&mine->disagreement_text, p->formulary->catalogue->count, 1024,
                                                  build_disagreements, p);
    size_t len;
    const char *text = sdm__fragment_text(set, effect, &len);
    if (text)
        sdm__strbuf_append_n(sb, text, len);
    else
        write_disagreement(sb, p, effect);
}

/* "Weight gain ++ (rank 2" or "Weight gain ++ (helpful": the term, to the
 * parenthesis that the caller goes on in. */
static void append_term_opening(sdm_strbuf *sb, const char *label, int rating, int rank)
{
    sdm__strbuf_append(sb, label);
    sdm__strbuf_append_n(sb, " ", 1);
    sdm__strbuf_append(sb, sdm_rating_mark(rating));
    if (rank == 0) {
        sdm__strbuf_append_n(sb, " (helpful", 9);
    } else {
        sdm__strbuf_append_n(sb, " (rank ", 7);
        sdm__strbuf_append_int(sb, rank);
    }
}

/* "Constipation not known (rank 4; counted as the middle of the scale)". */
static void append_imputed_term(sdm_strbuf *sb, const sdm_match *m, const sdm_match_entry *e, size_t t,
                                const char *label)
{
    const sdm_match_term *term = &m->terms[t];
    if (term->rank == 0) {
        sdm__strbuf_cat(sb, label, " not known (helpful; counted as ", (const char *)NULL);
    } else {
        sdm__strbuf_cat(sb, label, " not known (rank ", (const char *)NULL);
        sdm__strbuf_append_int(sb, term->rank);
        sdm__strbuf_append(sb, "; counted as ");
    }
    append_imputed(sb, m, e, t, term->rank == 0);
    sdm__strbuf_append_n(sb, ")", 1);
}

/* Keeps the n bytes at the end of sb, and `close` after them when not '\0',
 * as the memo's text of term t with this rating, if they fit. */
static void memo_keep(sdm_reason_memo *memo, size_t t, size_t slot, const sdm_strbuf *sb, size_t n, char close)
{
    const size_t kept = n + (close != '\0');
    if (sb->failed || kept >= SDM_REASON_MEMO_BYTES)
        return;
    memcpy(memo->text[t][slot], sb->data + sb->len - n, n);
    if (close != '\0')
        memo->text[t][slot][n] = close;
    memo->len[t][slot] = (unsigned char)kept;
}

static void append_term(sdm_strbuf *sb, const sdm_match *m, const sdm_match_entry *e, size_t t,
                        sdm_reason_memo *memo)
{
    const sdm_match_term *term = &m->terms[t];
    const char *label = m->ranking->catalogue->items[term->effect].label;
    int rating = sdm__match_rating(m, e->profile, term->effect);
    double value;
    const sdm_evidence *number;
    if (sdm__match_term(m, e->slot, t, &value, &number) == SDM_TERM_NUMERIC) {
        append_term_opening(sb, label, rating, term->rank);
        append_numeric(sb, m, e, t);
        sdm__strbuf_append(sb, ")");
        return;
    }
    const int known = rating != SDM_RATING_UNKNOWN;
    const int personal = known && sdm__match_personal(m, e->profile, term->effect);
    const int disagree = known && !personal && sdm_profile_spread(e->profile, term->effect) >= SDM_DISAGREEMENT_SPREAD;
    /* The memo keeps the text that is the same for every medicine with this
     * rating: a rated term's opening and ")" (a term that is the person's own,
     * or whose sources disagree, has the same opening, then more); a term not
     * known, counted as anything but the mean (a value of its own). */
    const size_t slot = (size_t)(rating + 1);
    const int kept = memo && t < SDM_REASON_MEMO_TERMS && (known || m->options->unknown != SDM_UNKNOWN_MEAN);
    const int plain = !personal && !disagree;
    if (kept && memo->len[t][slot]) {
        if (plain) {
            sdm__strbuf_append_n(sb, memo->text[t][slot], memo->len[t][slot]);
            return;
        }
        sdm__strbuf_append_n(sb, memo->text[t][slot], memo->len[t][slot] - 1u); /* the opening */
    } else if (known) {
        const size_t start = sb->len;
        append_term_opening(sb, label, rating, term->rank);
        if (kept)
            memo_keep(memo, t, slot, sb, sb->len - start, ')');
    } else {
        const size_t start = sb->len;
        append_imputed_term(sb, m, e, t, label);
        if (kept)
            memo_keep(memo, t, slot, sb, sb->len - start, '\0');
        return;
    }
    if (personal)
        sdm__strbuf_cat(sb, "; you had this on ", e->profile->name, (const char *)NULL);
    else if (disagree)
        append_disagreement(sb, e->profile, term->effect);
    sdm__strbuf_append_n(sb, ")", 1);
}

/* "; tried before: it did not help (no change in the voices)": how a medicine
 * of the person's history went, so that it is flagged, not silently left out. */
static void append_history(sdm_strbuf *sb, const sdm_match *m, const sdm_match_entry *e)
{
    static const char *const went[] = {"tried before", "tried before: it helped", "tried before: it did not help",
                                       "tried before: it was stopped"};
    int32_t h = m->history_of[e->profile - m->formulary->profiles];
    if (h < 0)
        return;
    const sdm_history_entry *entry = &m->ranking->history[h];
    sdm__strbuf_cat(sb, "; ", went[entry->outcome], (const char *)NULL);
    if (*entry->why)
        sdm__strbuf_cat(sb, " (", entry->why, ")", (const char *)NULL);
}

void sdm__match_reason_to(sdm_strbuf *sb, const sdm_match *m, size_t i, sdm_reason_memo *memo)
{
    const sdm_match_entry *e = &m->entries[i];
    for (size_t t = 0; t < m->term_count; t++) {
        if (t > 0)
            sdm__strbuf_append_n(sb, "; ", 2);
        append_term(sb, m, e, t, memo);
    }
    if (m->term_count == 0)
        sdm__strbuf_append(sb, "no side effects ranked");
    append_history(sb, m, e);
    if (m->acceptability) { /* how sure its place is, in a sentence of its own */
        sdm__strbuf_append(sb, ". ");
        sdm__acc_append_place(sb, m->acceptability, e->slot, "It", i == 0);
    }
}

sdm_status sdm_match_reason(const sdm_match *m, size_t i, char **out)
{
    if (!m || !out || i >= m->count)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_match_reason: %s",
                         !m ? "the match is NULL" : !out ? "the out pointer is NULL" : "the entry is out of range");
    sdm_strbuf sb = SDM_STRBUF_INIT;
    sdm__match_reason_to(&sb, m, i, NULL);
    return sdm__strbuf_finish(&sb, out);
}

static const char *const exclusion_ids[] = {"request", "formulation", "licence", "unknown_rating", "restriction"};
static const sdm_id_table exclusions = SDM_ID_TABLE("exclusion", SDM_EXCLUDED_BY_REQUEST, exclusion_ids);

const char *sdm_exclusion_id(sdm_exclusion kind)
{
    return sdm__id_of(&exclusions, (int)kind);
}

/* ---- warnings ------------------------------------------------------------ */

/* Whether no medicine of the formulary has a rating of a side effect under the
 * match's rule: then choosing it changes nothing, and the person should know. */
static int unknown_everywhere(const sdm_match *m, size_t effect)
{
    const sdm_formulary *f = m->formulary;
    int numeric = m->options->evidence == SDM_EVIDENCE_NUMERIC; /* a number is a value too (numeric.h) */
    for (size_t i = 0; i < f->count; i++)
        if (sdm__match_rating(m, &f->profiles[i], effect) != SDM_RATING_UNKNOWN ||
            (numeric && f->profiles[i].cells[effect].evidence_count > 0))
            return 0;
    return 1;
}

/* The term of the i-th warning, or NULL. */
static const sdm_match_term *warning_term(const sdm_match *m, size_t i)
{
    for (size_t t = 0; m && t < m->term_count; t++)
        if (unknown_everywhere(m, m->terms[t].effect) && i-- == 0)
            return &m->terms[t];
    return NULL;
}

size_t sdm_match_warning_count(const sdm_match *m)
{
    size_t n = 0;
    while (warning_term(m, n))
        n++;
    return n;
}

size_t sdm_match_warning_effect(const sdm_match *m, size_t i)
{
    const sdm_match_term *term = warning_term(m, i);
    return term ? term->effect : (size_t)-1;
}

sdm_status sdm_match_warning_text(const sdm_match *m, size_t i, char **out)
{
    const sdm_match_term *term = warning_term(m, i);
    if (!term || !out)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_match_warning_text: %s",
                         !m ? "the match is NULL" : !out ? "the out pointer is NULL" : "the warning is out of range");
    const char *label = m->ranking->catalogue->items[term->effect].label;
    sdm_strbuf sb = SDM_STRBUF_INIT;
    sdm__strbuf_appendf(&sb, "No medicine here has a rating for '%s', so ", label);
    if (term->rank == 0)
        sdm__strbuf_append(&sb, "ticking it as helpful changes nothing in this result.");
    else if (m->options->unknown == SDM_UNKNOWN_EXCLUDE)
        sdm__strbuf_appendf(&sb, "ranking it (rank %d) leaves out every medicine, because unknown ratings exclude.",
                            term->rank);
    else
        sdm__strbuf_appendf(&sb, "ranking it (rank %d) counts the same for every medicine and changes nothing in "
                                 "their order.", term->rank);
    return sdm__strbuf_finish(&sb, out);
}
