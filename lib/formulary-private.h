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
    char *label;      /* a short name for people ("Maudsley"); the key when the document gives none */
    char *citation;
    char *url;
    char *note;
    char *edition;
    sdm_reliability reliability;
    int decides;      /* its reading of a cell is the rating under every rule */
} sdm_source;

struct sdm_reading {
    const sdm_source *source;
    char *printed;
    char *note;       /* "" when none */
    signed char value; /* the high end of a range */
    signed char low;
};

struct sdm_evidence {
    const sdm_source *source;
    char *outcome;
    char *label;      /* the outcome in words for people; the outcome when the document gives none */
    char *unit;       /* "" for a risk ratio */
    char *versus;
    char *note;       /* "" when none */
    double value;
    sdm_measure measure;
    sdm_confidence confidence;
};

/* Everything known about one medicine and one side effect. */
typedef struct sdm_cell {
    size_t reading_count;
    sdm_reading *readings;  /* in the order of the formulary's sources */
    size_t evidence_count;
    sdm_evidence *evidence;
    signed char spread;     /* -1 when no source reads the cell */
    signed char given_by;   /* the reading whose value is the default rule's rating, -1 when unknown */
} sdm_cell;

/* A list of short strings (formulations, licence countries). */
typedef struct sdm_tags {
    size_t count;
    char **items;
} sdm_tags;

/* The depths at which an entry of a match is written in the documents: 3 in
 * a match's own JSON, 4 inside a record (fragment.h). */
#define SDM_ENTRY_TEXT_DEPTH 3
#define SDM_ENTRY_TEXT_DEPTHS 2

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
    sdm_cell *cells;  /* one per catalogue item */
    /* What a clinician must see beside the ratings (clinical-private.h); never scored. */
    size_t risk_count;
    sdm_risk *risks;               /* the medicine's own, in the document's order */
    size_t shown_risk_count;
    const sdm_risk **shown_risks;  /* its own, then the formulary's class risks that apply */
    size_t restriction_count;
    sdm_restriction *restrictions;
    size_t licence_detail_count;
    sdm_licence *licence_details;  /* by country; the ones that say yes are `licences` */
    size_t product_count;
    sdm_product *products;
    sdm_efficacy *efficacy;        /* effect on overall symptoms (efficacy-private.h), or NULL: none given */
    /* Its text in documents, written once on first use (fragment.h): the
     * only part of a loaded formulary that changes, atomically, without
     * changing what any reader sees. The card; an entry of a match at depth
     * SDM_ENTRY_TEXT_DEPTH + d (a record's, a match's own). */
    _Atomic(struct sdm_fragments *) card_text;
    _Atomic(struct sdm_fragments *) entry_text[SDM_ENTRY_TEXT_DEPTHS];
    /* Plain text, a piece per side effect: "; sources disagree: ..." in a
     * reason, for the side effects whose sources spread (explain.c). */
    _Atomic(struct sdm_fragments *) disagreement_text;
};

struct sdm_formulary {
    sdm_refcount refs;
    sdm_catalogue *catalogue;
    char *name;
    char *title;
    char *version;
    char *notice;
    char *catalogue_id; /* as the document names it, "" if it does not */
    int format_version; /* of the document it was loaded from */
    size_t source_count;
    sdm_source *sources;
    size_t count;
    sdm_profile *profiles;
    size_t class_risk_count;
    sdm_risk *class_risks;         /* serious risks of every medicine it holds */
};

/* The number of synthesis rules (enum sdm_synthesis runs 0..SDM_SYNTHESIS_COUNT - 1). */
#define SDM_SYNTHESIS_COUNT 3

/* The ratings of every catalogue item of a profile under a rule (a valid rule). */
static inline const signed char *sdm__profile_ratings(const sdm_profile *p, sdm_synthesis rule)
{
    return p->by_rule + (size_t)rule * p->formulary->catalogue->count;
}

/* An empty formulary over a catalogue (referenced), or NULL when out of memory;
 * the loader fills it, and sdm__formulary_destroy() frees what it holds. */
SDM_HIDDEN sdm_formulary *sdm__formulary_new(const sdm_catalogue *cat);
SDM_HIDDEN void sdm__formulary_destroy(sdm_formulary *f);

/* The position of a medicine by id, or (size_t)-1; sets no error. */
SDM_HIDDEN size_t sdm__formulary_index(const sdm_formulary *f, const char *id);
/* Fails with SDM_ERR_NOT_FOUND naming the id and the closest one. */
SDM_HIDDEN sdm_status sdm__formulary_not_found(const sdm_formulary *f, const char *what, const char *id);
SDM_HIDDEN int sdm__tags_contain(const sdm_tags *tags, const char *s);
SDM_HIDDEN void sdm__tags_destroy(sdm_tags *tags);

#endif /* SDM_LIB_FORMULARY_H */
