/*
 * libsdm - the acceptability analysis (SMAA-2): its private layout and the
 * engine shared by sdm_acceptability_run() and the population form. Not
 * installed. See include/sdm/acceptability.h for what is computed.
 * SPDX-License-Identifier: MIT
 */
#ifndef SDM_LIB_ACCEPTABILITY_H
#define SDM_LIB_ACCEPTABILITY_H

#include <stdint.h>

#include "formulary-private.h"
#include "internal.h"
#include "options-private.h"
#include "score.h"
#include "strbuf.h"

/* The values a cell can take in a scenario: `count` equally likely values
 * from pool[at]. */
typedef struct sdm_acc_cell {
    uint32_t at;
    uint32_t count;
} sdm_acc_cell;

/* What the scenarios of one ranking are drawn from: `count` candidate
 * medicines (formulary indices `med`, in formulary order), each with
 * k + h cells (ranked terms in rank order, then helpful ones in catalogue
 * order), and what they sum to. */
typedef struct sdm_acc_problem {
    size_t count;
    size_t never;            /* candidates after `count` in med[] that are never in the first three: not drawn */
    size_t k, h;
    double helpful_weight;   /* < 0: the scenario's lowest ranked weight (1 when k is 0) */
    double tradeoff;         /* the trade-off weight on efficacy (0: none) */
    size_t *med;             /* count + never */
    double *lack;            /* count + never, beside med[]: each one's lack of efficacy (0 without a trade-off) */
    sdm_acc_cell *cells;     /* count x (k + h) */
    double *pool;            /* the values the cells point into */
    size_t pool_size;
} sdm_acc_problem;

/* A cell drawn in every scenario (it has several values): its place in
 * sdm_acc_work.value and its values. */
typedef struct sdm_acc_draw {
    uint32_t slot;
    uint32_t at;
    uint32_t count;
} sdm_acc_draw;

/* Working storage the engine reuses from row to row (population form). */
typedef struct sdm_acc_work {
    size_t med_cap, cell_cap, pool_cap;
    sdm_acc_problem problem;
    double *value;     /* (k + h) x count, term-major: each cell's value in the scenario */
    double *range;     /* count x (k + h) x 2: each cell's lowest and highest value */
    sdm_acc_draw *draw; /* the cells drawn, candidate by candidate, term by term */
    double *score;     /* count */
    size_t *group;     /* count: the members of a group of ties */
    double *first;     /* count: credit summed */
    double *top3;      /* count */
    double *central;   /* count x k: credit x weight summed */
} sdm_acc_work;

/* The fixed values at the start of every pool: pool[4 * helpful + rating]
 * for a known rating (0..3) on an avoided or a helpful term. */
#define SDM_ACC_FIXED 8

/* Makes the problem of one ranking (terms: k ranked side effects in rank
 * order, then h helpful ones in catalogue order) from a plan. `had` gives
 * the person's own readings (NULL: none): had(ctx, m, effect) is nonzero
 * when they had that side effect on medicine m. */
typedef int (*sdm_acc_had_fn)(const void *ctx, size_t med, size_t effect);
SDM_HIDDEN sdm_status sdm__acc_problem_make(sdm_acc_work *w, const sdm_score_plan *plan, const int32_t *effects,
                                           size_t k, size_t h, sdm_acc_had_fn had, const void *ctx);

/* Draws the scenarios of w->problem and leaves each candidate's summed
 * credits in w->first, w->top3 and w->central (0 for the `never` ones). */
SDM_HIDDEN void sdm__acc_simulate(sdm_acc_work *w, size_t scenarios, uint64_t seed);

SDM_HIDDEN void sdm__acc_work_destroy(sdm_acc_work *w);

/* The number of scenarios and the seed options ask for, with the defaults. */
SDM_HIDDEN size_t sdm__acc_scenarios_of(const sdm_match_options *o);

typedef struct sdm_acc_entry {
    size_t med;       /* formulary index */
    double first, top3;
    double *central;  /* k weights; NaN when never first */
} sdm_acc_entry;

typedef struct sdm_acc_driver {
    size_t med;       /* formulary index */
    size_t effect;    /* catalogue index */
    int spread;       /* -1: unknown */
} sdm_acc_driver;

struct sdm_acceptability {
    sdm_formulary *formulary; /* a reference */
    size_t scenarios;
    uint64_t seed;
    size_t k;
    size_t count;
    sdm_acc_entry *entries;
    double *central;          /* count x k, the entries' */
    size_t driver_count;
    sdm_acc_driver *drivers;
};

/* acceptability-text.c: one sentence (or two or three) on how sure the place
 * of medicine `med` (a formulary index) is, for its reason and its card in a
 * match: "<subject> is the best fit in 38 % of the plausible readings of the
 * evidence and of your priorities and among the best three in 71 %." For the
 * first of the match (`first_of_match`), also when another medicine is the
 * best fit more often or the first two are not separated, and the cells that
 * drive it. Nothing when the analysis did not assess it. */
SDM_HIDDEN void sdm__acc_append_place(sdm_strbuf *sb, const sdm_acceptability *a, size_t med, const char *subject,
                                      int first_of_match);

#endif /* SDM_LIB_ACCEPTABILITY_H */
