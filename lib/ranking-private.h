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
};


#endif /* SDM_LIB_RANKING_H */
