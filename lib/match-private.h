/*
 * libsdm - the match's private layout. Not installed.
 * SPDX-License-Identifier: MIT
 */
#ifndef SDM_LIB_MATCH_H
#define SDM_LIB_MATCH_H

#include <jansson.h>

#include "formulary-private.h"
#include "internal.h"
#include "jsonw.h"
#include "options-private.h"
#include "ranking-private.h"
#include "score.h"

typedef struct sdm_match_entry {
    const sdm_profile *profile;
    double score;
    int rank;
    size_t unknown_count;
    size_t slot; /* row of this entry in `contributions`: its formulary index */
} sdm_match_entry;

typedef struct sdm_excluded {
    const sdm_profile *profile;
    sdm_exclusion kind;
    char *reason;
} sdm_excluded;

typedef struct sdm_match_term {
    size_t effect;
    int rank; /* 0: helpful */
    double weight;
} sdm_match_term;

struct sdm_match {
    sdm_formulary *formulary;   /* a reference */
    sdm_ranking *ranking;       /* a copy */
    sdm_match_options *options; /* a copy */
    size_t term_count;
    sdm_match_term *terms;
    size_t count;
    sdm_match_entry *entries;
    double *contributions;      /* formulary count x term_count */
    size_t excluded_count;
    sdm_excluded *excluded;
    double tie;                 /* scores within this of a group's lowest tie (score.c) */
    /* what the run works with, in the same block: by formulary index */
    sdm_score_candidate *candidates;
    double *scores;
    size_t *unknowns;
    size_t *order;
    int32_t *ranks;             /* by place */
    int32_t *effects;           /* the terms' side effects */
    int32_t *history_of;        /* by formulary index: its entry in the person's history, or -1 */
    /* What the plan made that the match keeps, to say where each term's value
     * came from (numeric.h) and what efficacy added (efficacy.h): taken over
     * from the plan (score.h), freed with the match. */
    double value[2][5];           /* the plan's table of a rating's value */
    double *cell;                 /* the plan's cells, or NULL */
    unsigned char *cell_source;
    const sdm_evidence **cell_evidence;
    double tradeoff;
    double *lack;                 /* by formulary index, or NULL */
    unsigned char *lack_imputed;
    /* The acceptability analysis the options ask for (scenarios > 0), made
     * once by sdm_match_run() with the options' seed, or NULL (not asked
     * for, or no side effect to be sure of): the reason and the card say it. */
    sdm_acceptability *acceptability;
};

/* Whether the person had this side effect on this medicine (their history):
 * a personal reading, which counts for them above the published ones. */
static inline int sdm__match_personal(const sdm_match *m, const sdm_profile *p, size_t effect)
{
    int32_t h = m->history_of[p - m->formulary->profiles];
    return h >= 0 && m->ranking->history[h].had[effect];
}

/* The rating a match uses: the person's own reading (+++: they had it), or
 * the cell's rating under the match's synthesis rule. */
static inline int sdm__match_rating(const sdm_match *m, const sdm_profile *p, size_t effect)
{
    if (sdm__match_personal(m, p, effect))
        return SDM_RATING_HIGH;
    return sdm__profile_ratings(p, m->options->synthesis)[effect];
}

/* Where the value of term t of medicine `slot` (its formulary index) came
 * from, what it counted as and the number used (NULL for none): as
 * sdm__score_row() read it. */
static inline sdm_term_source sdm__match_term(const sdm_match *m, size_t slot, size_t t, double *value,
                                              const sdm_evidence **number)
{
    size_t effect = m->terms[t].effect, items = m->formulary->catalogue->count;
    int helpful = m->terms[t].rank == 0;
    *number = NULL;
    if (sdm__match_personal(m, &m->formulary->profiles[slot], effect)) {
        *value = m->value[helpful][SDM_RATING_HIGH + 1];
        return SDM_TERM_PERSONAL;
    }
    if (m->cell) {
        *value = m->cell[(slot * items + effect) * 2 + (size_t)helpful];
        *number = m->cell_evidence[slot * items + effect];
        return (sdm_term_source)m->cell_source[slot * items + effect];
    }
    int rating = sdm__profile_ratings(&m->formulary->profiles[slot], m->options->synthesis)[effect];
    *value = m->value[helpful][rating + 1];
    return rating == SDM_RATING_UNKNOWN ? SDM_TERM_IMPUTED : SDM_TERM_RATING;
}

/* match-evidence.c: the members of a ranked medicine's term `t` in JSON that
 * say where its value came from ("from", "value"; a number's "confidence"; an
 * imputed one's policy), and the members its efficacy object has after the
 * card's (sdm__efficacy_members_jw()): the trade-off's lack and contribution,
 * when the match has a trade-off. */
SDM_HIDDEN void sdm__term_source_jw(sdm_jsonw *w, const sdm_match *m, const sdm_match_entry *e, size_t t);
SDM_HIDDEN void sdm__match_tradeoff_jw(sdm_jsonw *w, const sdm_match *m, const sdm_match_entry *e);

/* explain.c: the text of a term that is the same for every medicine with its
 * rating ("Weight gain ++ (rank 2)"; "Tremor not known (rank 1; counted as
 * the middle of the scale)"), kept for the first terms of one match, by
 * rating (unknown first), so that a document with a reason for every ranked
 * medicine formats it once and copies it after. Zero `len` first. */
#define SDM_REASON_MEMO_TERMS 8
#define SDM_REASON_MEMO_RATINGS (SDM_RATING_HIGH + 2)
#define SDM_REASON_MEMO_BYTES 96
typedef struct sdm_reason_memo {
    unsigned char len[SDM_REASON_MEMO_TERMS][SDM_REASON_MEMO_RATINGS]; /* 0: not kept (yet) */
    char text[SDM_REASON_MEMO_TERMS][SDM_REASON_MEMO_RATINGS][SDM_REASON_MEMO_BYTES];
} sdm_reason_memo;

/* explain.c: the reason of the i-th ranked medicine (sdm_match_reason()),
 * appended to sb; `memo` (or NULL) keeps the plain terms' text between the
 * calls of one match. */
SDM_HIDDEN void sdm__match_reason_to(sdm_strbuf *sb, const sdm_match *m, size_t i, sdm_reason_memo *memo);

#endif /* SDM_LIB_MATCH_H */
