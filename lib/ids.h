/*
 * libsdm - tables of the ids that stand for enum values in JSON and in the
 * bindings. Not installed.
 *
 * Every enum with a JSON id has one table; its id function and its from-id
 * function are two lines over the table, so an id is written once and a
 * value out of range is caught by the table's count, not by a hand-written
 * bound that could fall out of step with the enum.
 * SPDX-License-Identifier: MIT
 */
#ifndef SDM_LIB_IDS_H
#define SDM_LIB_IDS_H

#include "internal.h"

typedef struct sdm_id_table {
    const char *what;        /* for messages: "weighting scheme" */
    int first;               /* the value of ids[0]; values run first..first + count - 1 */
    size_t count;
    const char *const *ids;
} sdm_id_table;

#define SDM_ID_TABLE(what, first, ids) {(what), (first), sizeof(ids) / sizeof((ids)[0]), (ids)}

/* The id of a value, or NULL when the value is out of the table's range. */
SDM_HIDDEN const char *sdm__id_of(const sdm_id_table *t, int value);
/* The value of an id. Fails with SDM_ERR_NOT_FOUND: "unknown weighting scheme
 * 'rocc' (did you mean 'roc'?)", or the list of ids when none is close; with
 * SDM_ERR_INVALID_ARGUMENT when the public function `fn` was given a NULL id
 * or a NULL `out` (its caller's out pointer, which it then sets from *value). */
SDM_HIDDEN sdm_status sdm__id_find(const sdm_id_table *t, const char *fn, const char *id, const void *out,
                                   int *value);
/* Whether `id` is one of the table's, setting no error. */
SDM_HIDDEN int sdm__id_known(const sdm_id_table *t, const char *id);
/* Fails with SDM_ERR_NOT_FOUND for an id not in the table, with the message
 * of sdm__id_find(); for callers that then add where (a JSON key). */
SDM_HIDDEN sdm_status sdm__id_unknown(const sdm_id_table *t, const char *id);

#endif /* SDM_LIB_IDS_H */
