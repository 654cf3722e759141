/*
 * libsdm - the ranking's private layout. Not installed.
 * SPDX-License-Identifier: MIT
 */
#ifndef SDM_LIB_RANKING_H
#define SDM_LIB_RANKING_H

#include "internal.h"
#include "json.h"

#define SDM_NO_ITEM ((size_t)-1)

struct sdm_ranking {
    sdm_catalogue *catalogue;           /* a reference */
    int max_rank;
    size_t by_rank[SDM_MAX_RANK + 1];   /* [1..max_rank]: catalogue index, or SDM_NO_ITEM */
    unsigned char *helpful;             /* one flag per catalogue item */
    size_t helpful_count;
    sdm_completed_by completed_by;
};

/* The ranking as a JSON object, and back; used inside decision records too. */
SDM_HIDDEN json_t *sdm__ranking_to_value(const sdm_ranking *r, int *bad);
SDM_HIDDEN sdm_status sdm__ranking_from_value(const sdm_catalogue *cat, const sdm_json_doc *doc, json_t *value,
                                              const char *path, sdm_ranking **out);

#endif /* SDM_LIB_RANKING_H */
