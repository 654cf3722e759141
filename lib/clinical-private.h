/*
 * libsdm - what a clinician must see beside the ratings (EVIDENCE.md rule 9):
 * serious risks, restrictions, licences and products. Their private layout,
 * the loaders' shared pieces and the functions the match calls. Not installed.
 *
 * Every entry names its source (one of the formulary's "sources", whose
 * reliability it carries) and, in `document`, where exactly it was read, so a
 * reviewing pharmacist can check it. None of it is ever scored.
 * SPDX-License-Identifier: MIT
 */
#ifndef SDM_LIB_CLINICAL_H
#define SDM_LIB_CLINICAL_H

#include "formulary-private.h"
#include "json.h"
#include "strbuf.h"

struct sdm_risk {
    const sdm_source *source;
    char *id;          /* of the vocabulary of serious risks (vocabulary.c) */
    char *words;       /* a sentence for the person */
    char *frequency;   /* how often or when, as the source gives it; "" when none */
    char *formulation; /* the one formulation it belongs to; "" for every form */
    char *document;    /* where it was read; "" when none */
    int is_class;      /* a class risk: the formulary's, for every medicine */
};

struct sdm_restriction {
    const sdm_source *source;
    char *context;     /* of the vocabulary of contexts: what must hold for the medicine to be offered */
    char *requirement; /* what is needed if it is given, in plain words */
    char *country;     /* where it applies; "" everywhere */
    char *formulation; /* the one formulation it concerns; "" every form */
    char *document;
};

struct sdm_licence {
    const sdm_source *source;
    char *country;
    sdm_licence_status status;
    char *date;        /* ISO 8601, "2023", "2023-04" or "2023-04-25"; "" when not known */
    char *note;        /* words that can follow "not licensed ... in the UK: "; "" when none */
    char *document;
};

struct sdm_product {
    const sdm_source *source;
    char *formulation;
    char *name;
    char *interval;    /* how often it is given, as the source says; "" when not given */
    char *country;     /* "" when the source names none */
    char *note;
    char *document;
};

/* ---- lifetime (called by formulary.c) ------------------------------------ */

SDM_HIDDEN void sdm__risks_destroy(sdm_risk *risks, size_t count);
SDM_HIDDEN void sdm__restrictions_destroy(sdm_restriction *restrictions, size_t count);
SDM_HIDDEN void sdm__licences_destroy(sdm_licence *licences, size_t count);
SDM_HIDDEN void sdm__products_destroy(sdm_product *products, size_t count);
/* Frees the risks, restrictions, licence details and products of a profile (clinical.c). */
SDM_HIDDEN void sdm__profile_clinical_destroy(sdm_profile *p);
/* Makes p->shown_risks: the medicine's own risks, then each class risk that
 * applies to it (its formulation, if any, is one the medicine has) and that
 * no own risk of the same id covers (an own risk covers a class risk when it
 * belongs to every form the class risk belongs to). */
SDM_HIDDEN sdm_status sdm__profile_show_risks(sdm_profile *p);

/* ---- loading and writing (formulary-json.c calls these) ------------------ */

/* What an entry's loader needs: the document, the formulary (its sources) and
 * the medicine (its formulations), NULL for a class risk. */
typedef struct sdm_clinical_loader {
    const sdm_json_doc *doc;
    const sdm_formulary *f;
    const sdm_profile *p;
} sdm_clinical_loader;

typedef sdm_status (*sdm_entry_loader)(const sdm_clinical_loader *l, json_t *value, const char *path, void *entry);

/* Loads the optional array `key` of `obj`, at most SDM_MAX_READINGS entries
 * of `size` bytes, each by `load`; *count grows as entries load, so that a
 * failure frees only those. */
SDM_HIDDEN sdm_status sdm__json_entries(const sdm_clinical_loader *l, json_t *obj, const char *path, const char *key,
                                        size_t size, sdm_entry_loader load, void **items, size_t *count);
/* "source" (listed in "sources") and the optional "document". */
SDM_HIDDEN sdm_status sdm__json_cited(const sdm_clinical_loader *l, json_t *value, const char *path,
                                      const sdm_source **source, char **document);
/* A copy of the text member `key` ("" when absent); `label`: required and not blank. */
SDM_HIDDEN sdm_status sdm__json_copy_text(const sdm_clinical_loader *l, json_t *value, const char *path,
                                          const char *key, int label, char **out);
/* A copy of the member `key` that `check` accepts (a vocabulary: country,
 * formulation, context, risk); "" when absent and not required. A value the
 * vocabulary does not know fails with its status (SDM_ERR_NOT_FOUND) and
 * message, after the key's path. */
SDM_HIDDEN sdm_status sdm__json_copy_word(const sdm_clinical_loader *l, json_t *value, const char *path,
                                          const char *key, int required, sdm_status (*check)(const char *),
                                          char **out);
/* A formulation of an entry of a medicine must be one the medicine lists. */
SDM_HIDDEN sdm_status sdm__json_check_own_formulation(const sdm_clinical_loader *l, const char *path,
                                                      const char *formulation);
/* Writing: "source" and "document"; a member only when its text is not empty. */
SDM_HIDDEN void sdm__jset_cited(json_t *obj, const sdm_source *source, const char *document, int *bad);
SDM_HIDDEN void sdm__jset_text(json_t *obj, const char *key, const char *text, int *bad);

SDM_HIDDEN sdm_status sdm__load_class_risks(const sdm_json_doc *doc, sdm_formulary *f, json_t *root);
/* A medicine's serious risks, restrictions, licences (reconciled with
 * licensed_in, which it fills when the document gives licences alone) and
 * products; `med_path` names the medicine. */
SDM_HIDDEN sdm_status sdm__load_profile_clinical(const sdm_json_doc *doc, const sdm_formulary *f, json_t *med,
                                                 const char *med_path, sdm_profile *p);
SDM_HIDDEN sdm_status sdm__load_risks(const sdm_clinical_loader *l, json_t *obj, const char *path, const char *key,
                                      sdm_risk **risks, size_t *count);
SDM_HIDDEN sdm_status sdm__load_restrictions(const sdm_clinical_loader *l, json_t *med, const char *path,
                                             sdm_profile *p);
SDM_HIDDEN sdm_status sdm__load_licences(const sdm_clinical_loader *l, json_t *med, const char *path,
                                         sdm_profile *p);
SDM_HIDDEN sdm_status sdm__load_products(const sdm_clinical_loader *l, json_t *med, const char *path,
                                         sdm_profile *p);

/* The lists as format 2 writes them (NULL for an empty list: the key is left out). */
SDM_HIDDEN json_t *sdm__risks_json(const sdm_risk *risks, size_t count, int *bad);
SDM_HIDDEN json_t *sdm__restrictions_json(const sdm_profile *p, int *bad);
SDM_HIDDEN json_t *sdm__licences_json(const sdm_profile *p, int *bad);
SDM_HIDDEN json_t *sdm__products_json(const sdm_profile *p, int *bad);
/* Adds a medicine's lists to its JSON object, in format 2's order. */
SDM_HIDDEN void sdm__profile_clinical_json(json_t *obj, const sdm_profile *p, int *bad);

/* ---- what the match calls ------------------------------------------------ */

/* Whether the medicine may be offered given the contexts that hold (ids of
 * the vocabulary of contexts; NULL: none). A restriction counts when it
 * applies in one of `countries` (NULL or none given: every restriction
 * counts; a restriction for the EU counts for its member states) and to the
 * formulations asked for (one that concerns a single formulation counts when
 * `formulations` requires it, or when the medicine has no other). If not
 * allowed, appends the reason to `why` (when not NULL), e.g. "only where
 * schizophrenia has not responded to two other antipsychotics, or they caused
 * severe side effects that could not be treated", every missing context once,
 * joined by "; and ". The reason is read by the person, so it is in words
 * only: the context's id stays in the structured data
 * (sdm_restriction_context(), the match JSON's "restrictions"). */
SDM_HIDDEN int sdm__restrictions_allow(const sdm_profile *p, const sdm_tags *contexts, const sdm_tags *countries,
                                       const sdm_tags *formulations, sdm_strbuf *why);
/* Whether the medicine is licensed for adult schizophrenia in `country` (a
 * code of the vocabulary): its own licence detail for the country, else for an
 * EU member state the EU's, else whether licensed_in lists it (a formulary
 * without details). If not, appends why to `why` (when not NULL): "not
 * licensed for schizophrenia in the UK: its licence covers bipolar mania
 * only", "not marketed in DE: ...", "not recorded as licensed in FR". */
SDM_HIDDEN int sdm__licence_allows(const sdm_profile *p, const char *country, sdm_strbuf *why);
/* "the UK", "the US", "the EU", or the code itself: a country in a sentence. */
SDM_HIDDEN const char *sdm__country_in_words(const char *country);

#endif /* SDM_LIB_CLINICAL_H */
