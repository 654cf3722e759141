/*
 * libsdm - the catalogue's private layout. Not installed.
 * SPDX-License-Identifier: MIT
 */
#ifndef SDM_LIB_CATALOGUE_H
#define SDM_LIB_CATALOGUE_H

#include "internal.h"

typedef struct sdm_catalogue_item {
    char *id;
    char *label;
    char *dimension;
    size_t group;
    int commonly_helpful;
} sdm_catalogue_item;

typedef struct sdm_catalogue_group {
    char *id;
    char *label;
} sdm_catalogue_group;

struct sdm_catalogue {
    sdm_refcount refs;
    char *name;
    char *title;
    char *version;
    char *citation;
    size_t count;
    sdm_catalogue_item *items;
    size_t group_count;
    sdm_catalogue_group *groups;
};

/* Frees a catalogue and all it holds (its loader uses it on failure). */
SDM_HIDDEN void sdm__catalogue_destroy(sdm_catalogue *cat);

/* The position of an id, or (size_t)-1; sets no error. */
SDM_HIDDEN size_t sdm__catalogue_index(const sdm_catalogue *cat, const char *id);
/* Fails with SDM_ERR_NOT_FOUND: "unknown side effect 'x' (did you mean 'y'?)". */
SDM_HIDDEN sdm_status sdm__catalogue_not_found(const sdm_catalogue *cat, const char *id);
/* The "did you mean" part for an unknown id: " (did you mean 'y'?)" or "". */
SDM_HIDDEN void sdm__catalogue_suggest(const sdm_catalogue *cat, const char *id, char *buf, size_t size);

#endif /* SDM_LIB_CATALOGUE_H */
