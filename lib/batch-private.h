/*
 * libsdm - the batch call's private layout, shared by batch.c (the call,
 * checks and the general path) and batch-lanes.c (the vectorised top-1
 * path). Not installed.
 * SPDX-License-Identifier: MIT
 */
#ifndef SDM_LIB_BATCH_H
#define SDM_LIB_BATCH_H

#include "score.h"

/* The batch's side of a call's plan: the scoring plan (score.h) and what the
 * kernels read from it, laid out for them. Made once per call; the kernels
 * only read it (the scratch is batch.c's). */
typedef struct batch_plan {
    sdm_score_plan scoring;   /* the scoring plan of the call */
    size_t items;
    size_t meds;
    sdm_score_terms terms[SDM_MAX_RANK + 1]; /* [len]: rows of len ranked side effects and no helpful one */
    const signed char **ratings; /* meds: each medicine's ratings under the plan's rule */
    double *severity;         /* meds x items: what each cell counts as on an avoided term */
    unsigned char *candidate; /* meds: 0 when a filter or request leaves the medicine out */
    size_t *name_order;       /* meds: each medicine's place in name order */
    sdm_score_candidate *candidates;
    double *score;            /* meds: scratch for one row */
    size_t *order;            /* meds: scratch for one row */
    int32_t *rank;            /* meds: scratch for one row */
    int32_t *tied;            /* meds: scratch for one row */
} batch_plan;

/* Medicines laid out in name order, four to a vector, one row of vectors per
 * side effect: see batch-lanes.c. */
#define SDM_LANES 4
typedef double sdm_lanes __attribute__((vector_size(SDM_LANES * sizeof(double))));

/* The same medicines in single precision, eight to a vector: the screen of
 * batch-lanes.c (filter_rows), which only picks the candidates; their scores
 * are then computed exactly, in double precision. */
#define SDM_FLANES 8
typedef float sdm_flanes __attribute__((vector_size(SDM_FLANES * sizeof(float))));

typedef struct sdm_lane_plan {
    size_t blocks;       /* vectors per side effect */
    sdm_lanes *severity; /* items x blocks, aligned */
    sdm_lanes *start;    /* blocks: 0 for a medicine, +inf for padding */
    int32_t *medicine;   /* blocks x SDM_LANES: formulary index of each lane, -1 for padding */
    sdm_lanes *pairs;    /* items x items x blocks: the first two terms of a row of five, or NULL */
    void *memory;        /* what to free */
    void *pair_memory;
    size_t fblocks;      /* single-precision vectors per side effect, 0 when the screen is not used */
    sdm_flanes *fseverity; /* items x fblocks, aligned */
    sdm_flanes *fstart;  /* fblocks: 0 for a medicine, +inf for padding */
    float screen;        /* a lane within this of the lowest single-precision score is a candidate */
    double *by_lane;     /* fblocks x 8 lanes x items: the double severities, a lane's together */
    uint32_t *same;      /* fblocks x 8 lanes x items: the lanes with the same severity as this lane (bit = lane) */
    void *screen_memory;
    int avx2;            /* the AVX2 kernels are used (decided once per call) */
} sdm_lane_plan;

/* `rows` and `k` decide whether a table of the first two terms pays for itself. */
SDM_HIDDEN sdm_status sdm__lane_plan_make(sdm_lane_plan *lp, const batch_plan *p, size_t rows, size_t k);
SDM_HIDDEN void sdm__lane_plan_dispose(sdm_lane_plan *lp);
/* The best medicine, its score and (unless `tied` is NULL) how many
 * medicines tie with it, for the leading plain rows (k distinct side effects
 * of the catalogue; p->terms[k] usable); returns how many rows it did,
 * stopping at the first row that is not plain. The rows must be the batch's
 * own copy: a kernel may read a row more than once. */
SDM_HIDDEN size_t sdm__lanes_top1(const sdm_lane_plan *lp, const batch_plan *p, const int32_t *rankings, size_t n,
                                  size_t k, int32_t *best, double *scores, int32_t *tied);
/* The same for one checked row of `len` side effects (1 to k). */
SDM_HIDDEN void sdm__lanes_top1_row(const sdm_lane_plan *lp, const batch_plan *p, const int32_t *row, size_t len,
                                    int32_t *best, double *score, int32_t *tied);

#endif /* SDM_LIB_BATCH_H */
