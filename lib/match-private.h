/*
 * libsdm - the match's private layout. Not installed.
 * SPDX-License-Identifier: MIT
 */
#ifndef SDM_LIB_MATCH_H
#define SDM_LIB_MATCH_H

#include "formulary-private.h"
#include "internal.h"
#include "options-private.h"
#include "ranking-private.h"

/* Scores closer than this are equal: ties share a rank. */
#define SDM_TIE_EPSILON 1e-9

typedef struct sdm_match_entry {
    const sdm_profile *profile;
    double score;
    int rank;
    size_t unknown_count;
    size_t slot; /* row of this entry in `contributions` */
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
};

/* The rating a match uses: the cell's rating under the match's synthesis rule. */
static inline int sdm__match_rating(const sdm_match *m, const sdm_profile *p, size_t effect)
{
    return sdm__profile_ratings(p, m->options->synthesis)[effect];
}


#endif /* SDM_LIB_MATCH_H */
