/*
 * libsdm - the formulary's and profiles' private layout. Not installed.
 * SPDX-License-Identifier: MIT
 */
#ifndef SDM_LIB_FORMULARY_H
#define SDM_LIB_FORMULARY_H

#include "catalogue-private.h"
#include "internal.h"

typedef struct sdm_source {
    char *key;
    char *citation;
    char *url;
    char *note;
} sdm_source;

/* A list of short strings (formulations, licence countries). */
typedef struct sdm_tags {
    size_t count;
    char **items;
} sdm_tags;

struct sdm_profile {
    const sdm_formulary *formulary; /* the owner; a profile never outlives it */
    char *id;
    char *name;
    char *atc;
    sdm_tags formulations;
    sdm_tags licences;
    /* The rating of each catalogue item under each synthesis rule:
     * by_rule[rule * items + item], SDM_RATING_UNKNOWN..SDM_RATING_HIGH, kept
     * compact and contiguous because matching reads nothing else. `ratings`
     * is the row of the default rule (consensus). */
    signed char *by_rule;
    signed char *ratings;
    int *sources;   /* index into the formulary's sources, -1 when unknown */
    char **notes;   /* NULL when there is none */
};

struct sdm_formulary {
    sdm_refcount refs;
    sdm_catalogue *catalogue;
    char *name;
    char *title;
    char *version;
    char *notice;
    char *catalogue_id; /* as the document names it, "" if it does not */
    size_t source_count;
    sdm_source *sources;
    size_t count;
    sdm_profile *profiles;
};

/* The number of synthesis rules (enum sdm_synthesis runs 0..SDM_SYNTHESIS_COUNT - 1). */
#define SDM_SYNTHESIS_COUNT 3

/* The ratings of every catalogue item of a profile under a rule (a valid rule). */
static inline const signed char *sdm__profile_ratings(const sdm_profile *p, sdm_synthesis rule)
{
    return p->by_rule + (size_t)rule * p->formulary->catalogue->count;
}

/* The position of a medicine by id, or (size_t)-1; sets no error. */
SDM_HIDDEN size_t sdm__formulary_index(const sdm_formulary *f, const char *id);
/* Fails with SDM_ERR_NOT_FOUND naming the id and the closest one. */
SDM_HIDDEN sdm_status sdm__formulary_not_found(const sdm_formulary *f, const char *what, const char *id);
SDM_HIDDEN int sdm__tags_contain(const sdm_tags *tags, const char *s);
SDM_HIDDEN void sdm__tags_destroy(sdm_tags *tags);

#endif /* SDM_LIB_FORMULARY_H */
