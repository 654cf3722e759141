/*
 * libsdm - the batch call's private layout, shared by batch.c (the call,
 * checks and the general path) and batch-lanes.c (the vectorised top-1
 * path). Not installed.
 * SPDX-License-Identifier: MIT
 */
#ifndef SDM_LIB_BATCH_H
#define SDM_LIB_BATCH_H

#include "score.h"

#include <math.h>
#include <stdint.h>

/* The batch's side of a call's plan: the scoring plan (score.h) and what the
 * kernels read from it, laid out for them. Made once per call; the kernels
 * only read it, so threads share it (their scratch is their own). */
typedef struct batch_plan {
    sdm_score_plan scoring;   /* the scoring plan of the call */
    size_t items;
    size_t meds;
    sdm_score_terms terms[SDM_MAX_RANK + 1]; /* [len]: rows of len ranked side effects and no helpful one */
    sdm_score_terms full_helpful; /* rows of k ranked and h helpful side effects (h 1 to SDM_HELPFUL_FAST), else not usable */
    const signed char **ratings; /* meds: each medicine's ratings under the plan's rule */
    unsigned char *candidate; /* meds: 0 when a filter or request leaves the medicine out */
    size_t *name_order;       /* meds: each medicine's place in name order */
    size_t *by_name;          /* meds: the medicines in name order */
    sdm_score_candidate *candidates;
} batch_plan;

/* Medicines laid out in name order, four to a vector, one row of vectors per
 * side effect: see batch-lanes.c. */
#define SDM_LANES 4
typedef double sdm_lanes __attribute__((vector_size(SDM_LANES * sizeof(double))));
typedef long long sdm_lane_mask __attribute__((vector_size(SDM_LANES * sizeof(double))));

/* The same medicines in single precision, eight to a vector: the screen of
 * batch-lanes.c, which only picks the candidates; their scores are then
 * computed exactly, in double precision. */
#define SDM_FLANES 8
typedef float sdm_flanes __attribute__((vector_size(SDM_FLANES * sizeof(float))));
/* The most columns a row may have for the screen. */
#define SDM_SCREEN_COLUMNS 5

typedef struct sdm_lane_plan {
    size_t blocks;       /* vectors per side effect */
    sdm_lanes *severity; /* items x blocks, aligned: the avoided value of each cell */
    sdm_lanes *start;    /* blocks: 0 for a medicine, +inf for padding */
    sdm_lanes *lack;     /* blocks: lambda x lack of efficacy of each lane, added after the terms, or NULL */
    int32_t *medicine;   /* blocks x SDM_LANES (to a multiple of 8): formulary index of each lane, -1 for padding */
    sdm_lanes *helpful;  /* items x blocks: the helpful value of each cell, or NULL (no helpful column) */
    sdm_lane_mask *unknown; /* items x blocks: all ones where the rating is unknown, or NULL (it does not exclude) */
    void *memory;        /* what to free */
    void *extra_memory;
    /* the screen (batch-lanes.c), when fblocks is not 0 */
    size_t fblocks;      /* single-precision vectors per side effect, 0 when the screen is not used */
    sdm_flanes *fseverity; /* (items + 1) x stride, aligned: +inf where an unknown rating excludes; the last side effect is a short row's padding */
    sdm_flanes *fstart;  /* fblocks: 0 for a medicine, +inf for padding */
    unsigned char len_ok[SDM_SCREEN_COLUMNS + 1]; /* [L]: rows of L side effects can be screened */
    float fweight[SDM_SCREEN_COLUMNS + 1][8];     /* [L]: the weights of a row of L, 0 beyond */
    double dweight[SDM_SCREEN_COLUMNS + 1][SDM_SCREEN_COLUMNS];
    float fscreen[SDM_SCREEN_COLUMNS + 1];        /* [L]: a lane less than this above the lowest is a candidate */
    size_t top;          /* the places a row keeps */
    double *by_lane;     /* fblocks x 8 lanes x (items + 1): the double severities, a lane's together */
    uint32_t *same;      /* fblocks x 8 lanes x (items + 1): the lanes with the same severity as this lane (bit = lane) */
    void *screen_memory;
    int picks;           /* rows keeping several places take pick_rows() (batch-lanes.c) */
    int avx2;            /* the AVX2 kernels are used (decided once per process) */
    int wide;            /* the screen is the wide one (more than 32 medicines, batch-lanes.c): no `same` */
} sdm_lane_plan;

/* The layout of a call of k ranked and h helpful columns keeping `top`
 * places (the screen is made only where it can be used). */
SDM_HIDDEN sdm_status sdm__lane_plan_make(sdm_lane_plan *lp, const batch_plan *p, size_t k, size_t h, size_t top);
SDM_HIDDEN void sdm__lane_plan_dispose(sdm_lane_plan *lp);

/* The best lp->top medicines of rows of k columns by the screen (lp->fblocks
 * not 0), with their scores, ranks and counts of ties (each may be NULL),
 * row r's at r * lp->top. The rows it cannot take (see batch-lanes.c) are
 * left unwritten and listed in `odd` (room for n); returns how many. The
 * rows must be the batch's own copy: a row is read more than once; and
 * SDM_SCREEN_SLACK cells after the last row must be readable and set (the
 * lengths of rows that end early are read eight cells at a time, from each
 * row's first: batch-lanes.c). */
#define SDM_SCREEN_SLACK 8
SDM_HIDDEN size_t sdm__screen_rows(const sdm_lane_plan *lp, const batch_plan *p, const int32_t *rankings, size_t n,
                                   size_t k, int32_t *best, double *scores, int32_t *ranks, int32_t *tied,
                                   uint32_t *odd);

/* Places 0..top-1 of one checked row (batch-general.c): `effects` holds its
 * len ranked side effects, then its hc helpful ones in catalogue order; t
 * its terms; `score` lp->blocks vectors of scratch. scores, ranks and tied
 * may be NULL. */
SDM_HIDDEN void sdm__lanes_row(const sdm_lane_plan *lp, const sdm_score_terms *t, const int32_t *effects, size_t len,
                               size_t hc, size_t top, sdm_lanes *score, int32_t *best, double *scores, int32_t *ranks,
                               int32_t *tied);

/* The most helpful columns sdm__helpful_rows() takes. */
#define SDM_HELPFUL_FAST 8

/* Rows of k ranked and h helpful columns (h 1 to SDM_HELPFUL_FAST) whose
 * cells are all given and valid, checked in passing, by batch-general.c: t
 * the terms of that shape (usable), `score` lp->blocks vectors of scratch;
 * row r's places at r * top (scores, ranks and tied may be NULL). The rows
 * it does not take (any cell -1, out of range, given twice) are left
 * unwritten and listed in `odd` (room for n), in row order; returns how
 * many. */
SDM_HIDDEN size_t sdm__helpful_rows(const sdm_lane_plan *lp, const sdm_score_terms *t, const int32_t *rankings,
                                    const int32_t *helpful, size_t n, size_t k, size_t h, size_t items, size_t top,
                                    sdm_lanes *score, int32_t *best, double *scores, int32_t *ranks, int32_t *tied,
                                    uint32_t *odd);

/* Reads a row's k ranked cells and h helpful ones into `effects`, the
 * helpful ones in catalogue order (an insertion sort: h is at most
 * SDM_HELPFUL_FAST); returns whether they are k + h different side effects
 * of the catalogue, which batch.c's checks would pass. One bit per index
 * modulo 64 tells different indices apart: two 64 apart look the same and
 * send the row to batch.c, which checks it exactly, as any other row it
 * does not pass. */
static inline __attribute__((always_inline)) int sdm__full_helpful_row(const int32_t *ranked, size_t k,
                                                                       const int32_t *helpful, size_t h,
                                                                       uint32_t items, int32_t *effects)
{
    uint64_t bits = 0;
    uint32_t outside = 0;
    for (size_t c = 0; c < k; c++) {
        uint32_t v = (uint32_t)ranked[c];
        outside |= v >= items; /* -1 too */
        bits |= (uint64_t)1 << (v & 63);
        effects[c] = (int32_t)v;
    }
    for (size_t c = 0; c < h; c++) {
        uint32_t v = (uint32_t)helpful[c];
        outside |= v >= items;
        bits |= (uint64_t)1 << (v & 63);
        size_t j = k + c;
        for (; j > k && effects[j - 1] > (int32_t)v; j--)
            effects[j] = effects[j - 1];
        effects[j] = (int32_t)v;
    }
    return !outside && (size_t)__builtin_popcountll(bits) == k + h;
}

/* The single-precision screen of rows with helpful side effects
 * (batch-helpful.c), made when it can be used (fblocks not 0). */
typedef struct sdm_helpful_screen {
    size_t fblocks;        /* vectors of eight per side effect (1 to 4) */
    sdm_flanes *severity;  /* items x fblocks: each cell's avoided value */
    sdm_flanes *helpful;   /* items x fblocks: each cell's helpful value */
    sdm_flanes *start;     /* fblocks: 0 for a medicine, +inf for padding */
    double *by_lane;       /* lanes x 2 x items: a lane's avoided values, then its helpful ones */
    float weight[SDM_MAX_RANK]; /* the ranked weights of a full row */
    float helpful_weight;  /* -helpful_weight */
    float screen;          /* a lane less than this above the lowest is a candidate */
    void *memory;
} sdm_helpful_screen;

/* The screen of a call of k ranked and h helpful columns keeping `top`
 * places, when it can be used (`allowed`: the CPU has AVX2 and FMA and the
 * environment allows the screen); else fblocks stays 0. */
SDM_HIDDEN sdm_status sdm__helpful_screen_make(sdm_helpful_screen *hs, const batch_plan *p, const sdm_lane_plan *lp,
                                               size_t k, size_t h, size_t top, int allowed);
SDM_HIDDEN void sdm__helpful_screen_dispose(sdm_helpful_screen *hs);

/* sdm__helpful_rows() by the screen (top 1): the same rows taken, the same
 * answers, the others listed in `odd`. */
SDM_HIDDEN size_t sdm__helpful_screen_rows(const sdm_helpful_screen *hs, const sdm_lane_plan *lp,
                                           const sdm_score_terms *t, const int32_t *rankings, const int32_t *helpful,
                                           size_t n, size_t k, size_t h, size_t items, int32_t *best, double *scores,
                                           int32_t *ranks, int32_t *tied, uint32_t *odd);

/* Whether the single-precision screens may be used (batch-lanes.c: AVX2 and
 * FMA, and SDM_NO_SCREEN not set). */
SDM_HIDDEN int sdm__screen_allowed(void);

/* Of the candidates' exact scores (exact[lane] for each lane of `candidates`,
 * at most 32, the lowest `lowest`): the first lane, in lane order (name
 * order), within the tie tolerance of the lowest (sdm__score_tied()), its
 * score in *score, and in *count how many are. */
static inline size_t sdm__batch_first_tied(const double *exact, uint32_t candidates, double lowest, double tie,
                                           double *score, int32_t *count)
{
    size_t first = 32;
    int32_t near = 0;
    for (uint32_t m = candidates; m; m &= m - 1) {
        unsigned lane = (unsigned)__builtin_ctz(m);
        if (exact[lane] - lowest <= tie) {
            first = first < lane ? first : lane;
            near++;
        }
    }
    *score = exact[first];
    *count = near;
    return first;
}

/* Places `from` to `to` (excluded) of a batch's outputs get no result:
 * medicine -1, score NaN, rank and tied 0 (each output that was asked for). */
static inline void sdm__batch_no_result(int32_t *best, double *scores, int32_t *ranks, int32_t *tied, size_t from,
                                        size_t to)
{
    for (size_t j = from; j < to; j++) {
        best[j] = -1;
        if (scores)
            scores[j] = NAN;
        if (ranks)
            ranks[j] = 0;
        if (tied)
            tied[j] = 0;
    }
}

#endif /* SDM_LIB_BATCH_H */
