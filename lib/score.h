/*
 * libsdm - the scoring plan: everything a match needs that does not depend on
 * the person's answers, made once per call, and the rules that score, order
 * and tie medicines. sdm_match_run() (match.c) and the batch (batch.c, and
 * its kernels in batch-lanes.c, which only read a plan) both execute it, so
 * a scoring rule is written here once and both paths follow. See
 * doc/internals.md. Not installed.
 * SPDX-License-Identifier: MIT
 */
#ifndef SDM_LIB_SCORE_H
#define SDM_LIB_SCORE_H

#include <stdint.h>

#include "formulary-private.h"
#include "internal.h"
#include "options-private.h"

/* Why a medicine is left out whatever the row: 0 when it is not (then only
 * an unknown rating under SDM_UNKNOWN_EXCLUDE can leave it out, which
 * depends on the row), else an sdm_exclusion. */
typedef struct sdm_score_candidate {
    unsigned char kind;
    const char *detail; /* by request: the reason given (NULL: none); formulation or licence: the missing tag;
                         * an unknown rating: "efficacy" (none given, under a trade-off weight) */
} sdm_score_candidate;

/* The weights and tie tolerance of one shape of ranking: k ranked side
 * effects and h helpful ones (the lexicographic base depends on h). */
typedef struct sdm_score_terms {
    int usable;                  /* 0: this shape cannot be scored; sdm__score_terms() says why */
    size_t k, h;
    double weight[SDM_MAX_RANK]; /* rank 1 first */
    double helpful_weight;       /* each helpful term's, subtracted */
    double scale;                /* S: no score and no partial sum of one is larger in magnitude */
    double tie;                  /* scores within this of a group's lowest tie */
} sdm_score_terms;

typedef struct sdm_score_plan {
    const sdm_formulary *formulary;
    const sdm_match_options *options;
    size_t items;                  /* side effects of the catalogue */
    size_t meds;                   /* medicines of the formulary */
    sdm_synthesis synthesis;       /* the rule that made the ratings read */
    int exclude_unknown;           /* an unknown rating on a term leaves the medicine out */
    /* What a rating counts as, [0] on an avoided term, [1] on a helpful one;
     * index rating + 1, so [.][0] is an unknown rating. */
    double value[2][5];
    /* The smallest difference between two different values of value[.] a
     * term can take: what one step of a rating is worth at the least. */
    double step[2];
    sdm_score_candidate *candidate; /* meds, in storage the caller gives */
    const size_t *name_order;       /* meds: each one's place in name order, or NULL to compare names */
    /* Cells that count as more than their rating (numeric evidence, the mean
     * unknown policy: score-cells.c), or NULL when the table above says it all. */
    double *cell;                   /* meds x items x 2: [(m * items + i) * 2 + helpful] */
    unsigned char *cell_source;     /* meds x items: an sdm_term_source (numeric.h) */
    const sdm_evidence **cell_evidence; /* meds x items: the number used, or NULL */
    /* The efficacy term (efficacy.h): 0, or lambda > 0 with each medicine's lack. */
    double tradeoff;
    double *lack;                   /* meds: lack of efficacy on [0, 1], or NULL */
    unsigned char *lack_imputed;    /* meds: 1 when the formulary gives no efficacy for it */
    double lack_step;               /* the smallest positive gap between two lacks (INFINITY: none) */
} sdm_score_plan;

/* Makes the plan of a call: checks that every medicine to exclude is in the
 * formulary, and fills `candidates` (f->count of them). A plan may own
 * memory (the cells, the lack of efficacy): free it with
 * sdm__score_plan_dispose(), also after a failure. */
SDM_HIDDEN sdm_status sdm__score_plan_make(sdm_score_plan *p, const sdm_formulary *f, const sdm_match_options *o,
                                           sdm_score_candidate *candidates);
SDM_HIDDEN void sdm__score_plan_dispose(sdm_score_plan *p);
/* score-cells.c: the cells under numeric evidence or the mean policy, and the
 * lack of efficacy under a trade-off weight, for sdm__score_plan_make(). */
SDM_HIDDEN sdm_status sdm__score_cells_make(sdm_score_plan *p);
/* Fails, naming `what` (e.g. "the acceptability analysis"), when the plan's
 * options ask for what an executor that reads only the ratings cannot take:
 * numeric evidence, the unknown policy 'mean', a trade-off weight. */
SDM_HIDDEN sdm_status sdm__score_plan_ratings_only(const sdm_score_plan *p, const char *what);

/* The terms of a ranking of k ranked and h helpful side effects. Fails with
 * SDM_ERR_INVALID_ARGUMENT when custom weights cover fewer than k ranks and
 * with SDM_ERR_LIMIT when one step of a rating on some term could not be told
 * from rounding error (so would be shown as a tie). With `quiet`, sets
 * t->usable and no message instead. */
SDM_HIDDEN sdm_status sdm__score_terms(const sdm_score_plan *p, size_t k, size_t h, sdm_score_terms *t, int quiet);

/* The ratings a plan reads for medicine m: the cells under the chosen rule. */
static inline const signed char *sdm__score_ratings(const sdm_score_plan *p, size_t m)
{
    return sdm__profile_ratings(&p->formulary->profiles[m], p->synthesis);
}

/* For a plan without cells or trade-off only (sdm__score_row() takes every
 * option): the score of a medicine (its `ratings`, from sdm__score_ratings()) on the
 * terms `effects` (t->k ranked side effects in rank order, then t->h helpful
 * ones in catalogue order): 0, plus each contribution in turn, a
 * contribution being weight * value (-weight for a helpful term). Every
 * batch kernel does these operations in this order, so the scores agree to
 * the last bit. Writes the contributions when `contribution` is not NULL,
 * and the number of unknown ratings read. */
static inline double sdm__score_medicine(const sdm_score_plan *p, const sdm_score_terms *t,
                                         const signed char *ratings, const int32_t *effects, double *contribution,
                                         size_t *unknown)
{
    /* in locals: the stores through `contribution` could otherwise be taken to change them */
    const double *weight = t->weight, *avoided = p->value[0], *helpful = p->value[1];
    const size_t k = t->k, terms = t->k + t->h;
    const double helpful_weight = -t->helpful_weight;
    double score = 0.0;
    size_t unknowns = 0;
    for (size_t c = 0; c < k; c++) {
        int rating = ratings[effects[c]];
        unknowns += rating == SDM_RATING_UNKNOWN;
        double x = weight[c] * avoided[rating + 1];
        if (contribution)
            contribution[c] = x;
        score += x;
    }
    for (size_t c = k; c < terms; c++) {
        int rating = ratings[effects[c]];
        unknowns += rating == SDM_RATING_UNKNOWN;
        double x = helpful_weight * helpful[rating + 1];
        if (contribution)
            contribution[c] = x;
        score += x;
    }
    *unknown = unknowns;
    return score;
}

/* What cell (m, i) counts as on an avoided (helpful = 0) or helpful term. */
static inline double sdm__score_value(const sdm_score_plan *p, size_t m, size_t i, int helpful)
{
    if (p->cell)
        return p->cell[(m * p->items + i) * 2 + (size_t)helpful];
    return p->value[helpful][sdm__score_ratings(p, m)[i] + 1];
}

/* The score of medicine m under every option: sdm__score_medicine()'s sum,
 * term by term in the same order with the same values (so the same bits on
 * a plan without cells), each term's value read from the plan's cells where
 * it has them; a cell the person had (`had`, by catalogue index, or NULL)
 * counts as +++; then, under a trade-off weight, + lambda * lack. Counts the
 * terms whose value was imputed for an unknown. */
static inline double sdm__score_row(const sdm_score_plan *p, const sdm_score_terms *t, size_t m,
                                    const unsigned char *had, const int32_t *effects, double *contribution,
                                    size_t *unknown)
{
    const double *weight = t->weight;
    const size_t k = t->k, terms = t->k + t->h, items = p->items;
    const double helpful_weight = -t->helpful_weight;
    const signed char *ratings = sdm__score_ratings(p, m);
    double score = 0.0;
    size_t unknowns = 0;
    if (!had && !p->cell) { /* the table alone: sdm__score_medicine(), the same operations */
        score = sdm__score_medicine(p, t, ratings, effects, contribution, unknown);
        if (p->tradeoff > 0.0)
            score += p->tradeoff * p->lack[m];
        return score;
    }
    for (size_t c = 0; c < terms; c++) {
        int helpful = c >= k;
        size_t i = (size_t)effects[c];
        double v;
        if (had && had[i]) {
            v = p->value[helpful][SDM_RATING_HIGH + 1];
        } else if (p->cell) {
            v = p->cell[(m * items + i) * 2 + (size_t)helpful];
            unknowns += p->cell_source[m * items + i] == SDM_TERM_IMPUTED;
        } else {
            int rating = ratings[i];
            unknowns += rating == SDM_RATING_UNKNOWN;
            v = p->value[helpful][rating + 1];
        }
        double x = (helpful ? helpful_weight : weight[c]) * v;
        if (contribution)
            contribution[c] = x;
        score += x;
    }
    if (p->tradeoff > 0.0)
        score += p->tradeoff * p->lack[m];
    *unknown = unknowns;
    return score;
}

/* Whether `score` ties with `lowest`, the lowest score of a group. */
static inline int sdm__score_tied(const sdm_score_terms *t, double lowest, double score)
{
    return score - lowest <= t->tie;
}

/* Orders `count` medicines as a match lists them: order[] holds formulary
 * indices, score[] their scores by formulary index. By score: the first
 * group is every medicine within t->tie of the lowest score, the next every
 * remaining one within t->tie of the lowest remaining score, and so on; a
 * group shares the rank of its first place and is listed by name, then id.
 * Groups are settled until `needed` places are (order[] beyond them is left
 * in no particular order); for each of those places, writes the rank
 * (1-based) and, unless NULL, how many medicines share it (counting places
 * beyond `needed`). */
SDM_HIDDEN void sdm__score_order(const sdm_score_plan *p, const sdm_score_terms *t, const double *score,
                                 size_t *order, size_t count, size_t needed, int32_t *rank, int32_t *tied);

/* Whether medicine a comes before b by name (then id). */
SDM_HIDDEN int sdm__score_name_before(const sdm_score_plan *p, size_t a, size_t b);
/* Sorts formulary indices by name (then id), in place. */
SDM_HIDDEN void sdm__score_sort_by_name(const sdm_score_plan *p, size_t *order, size_t count);

#endif /* SDM_LIB_SCORE_H */
