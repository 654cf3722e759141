/*
 * libsdm - the ranking's private layout. Not installed.
 * SPDX-License-Identifier: MIT
 */
#ifndef SDM_LIB_RANKING_H
#define SDM_LIB_RANKING_H

#include "internal.h"

#define SDM_NO_ITEM ((size_t)-1)

struct sdm_ranking {
    sdm_catalogue *catalogue;           /* a reference */
    int max_rank;
    size_t by_rank[SDM_MAX_RANK + 1];   /* [1..max_rank]: catalogue index, or SDM_NO_ITEM */
    unsigned char *helpful;             /* one flag per catalogue item */
    size_t helpful_count;
    sdm_completed_by completed_by;
    int carer_involved;                 /* a carer took part in the decision (whoever filled in the form) */
    size_t history_count;               /* medicines tried before (history.c) */
    struct sdm_history_entry *history;
};


/* One medicine of the person's history. */
typedef struct sdm_history_entry {
    char *medicine;
    sdm_outcome outcome;
    char *why;              /* "" when not said */
    unsigned char *had;     /* one flag per catalogue item: the person had it on this medicine */
} sdm_history_entry;

/* history.c: frees the history; copies it into a ranking that has none. */
SDM_HIDDEN void sdm__history_destroy(sdm_ranking *r);
SDM_HIDDEN sdm_status sdm__history_copy(const sdm_ranking *from, sdm_ranking *to);
/* Removes the i-th medicine of the history (one the formulary no longer has). */
SDM_HIDDEN void sdm__history_drop(sdm_ranking *r, size_t i);
/* The position of a medicine in the history, or (size_t)-1. */
SDM_HIDDEN size_t sdm__history_index(const sdm_ranking *r, const char *medicine);

#endif /* SDM_LIB_RANKING_H */
