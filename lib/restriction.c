/*
 * libsdm - restrictions: the context that allows a medicine to be offered,
 * what it then requires, and whether the contexts that hold allow it (its
 * JSON: restriction-json.c).
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "clinical-private.h"
#include "vocabulary.h"

void sdm__restrictions_destroy(sdm_restriction *restrictions, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        sdm__free(restrictions[i].context);
        sdm__free(restrictions[i].requirement);
        sdm__free(restrictions[i].country);
        sdm__free(restrictions[i].formulation);
        sdm__free(restrictions[i].document);
    }
    sdm__free(restrictions);
}

/* ---- allowed? ----------------------------------------------------------- */

/* Whether a restriction counts in the countries asked for: every restriction
 * when none is asked for; one without a country everywhere; one for the EU in
 * its member states too. */
static int counts_in(const sdm_restriction *r, const sdm_tags *countries)
{
    if (!countries || countries->count == 0 || !*r->country || sdm__tags_contain(countries, r->country))
        return 1;
    if (strcmp(r->country, "EU") == 0)
        for (size_t i = 0; i < countries->count; i++)
            if (sdm__eu_member(countries->items[i]))
                return 1;
    return 0;
}

/* Whether a restriction counts for the forms asked for: one of a single
 * formulation (the olanzapine injection's observation) when that formulation
 * is required, or when the medicine comes in no other form; it does not stop
 * the tablets. */
static int counts_for(const sdm_profile *p, const sdm_restriction *r, const sdm_tags *formulations)
{
    if (!*r->formulation)
        return 1;
    if (formulations && sdm__tags_contain(formulations, r->formulation))
        return 1;
    for (size_t i = 0; i < p->formulations.count; i++)
        if (strcmp(p->formulations.items[i], r->formulation) != 0)
            return 0;
    return 1;
}

/* Whether an earlier restriction already gave the same reason. */
static int said_before(const sdm_profile *p, size_t upto, const sdm_restriction *r, const char *said)
{
    for (size_t i = 0; i < upto; i++)
        if (said[i] && strcmp(p->restrictions[i].context, r->context) == 0 &&
            strcmp(p->restrictions[i].formulation, r->formulation) == 0)
            return 1;
    return 0;
}

int sdm__restrictions_allow(const sdm_profile *p, const sdm_tags *contexts, const sdm_tags *countries,
                            const sdm_tags *formulations, sdm_strbuf *why)
{
    char said[SDM_MAX_READINGS] = {0}; /* a profile holds at most SDM_MAX_READINGS restrictions */
    int allowed = 1;
    for (size_t i = 0; i < p->restriction_count; i++) {
        const sdm_restriction *r = &p->restrictions[i];
        if (!counts_in(r, countries) || !counts_for(p, r, formulations) ||
            (contexts && sdm__tags_contain(contexts, r->context)))
            continue;
        if (why && !said_before(p, i, r, said)) {
            sdm__strbuf_append(why, allowed ? "" : "; and ");
            if (*r->formulation)
                sdm__strbuf_appendf(why, "as %s %s, ", sdm__formulation_article(r->formulation),
                                    sdm__formulation_words(r->formulation));
            sdm__strbuf_appendf(why, "only where %s", sdm__context_words(r->context));
        }
        said[i] = 1;
        allowed = 0;
    }
    return allowed;
}

/* ---- getters ------------------------------------------------------------ */

size_t sdm_profile_restriction_count(const sdm_profile *p)
{
    return p ? p->restriction_count : 0;
}

const sdm_restriction *sdm_profile_restriction(const sdm_profile *p, size_t index)
{
    return (p && index < p->restriction_count) ? &p->restrictions[index] : NULL;
}

const char *sdm_restriction_context(const sdm_restriction *r)
{
    return r ? r->context : NULL;
}

const char *sdm_restriction_requirement(const sdm_restriction *r)
{
    return r ? r->requirement : NULL;
}

const char *sdm_restriction_country(const sdm_restriction *r)
{
    return r ? r->country : NULL;
}

const char *sdm_restriction_formulation(const sdm_restriction *r)
{
    return r ? r->formulation : NULL;
}

const char *sdm_restriction_source(const sdm_restriction *r)
{
    return r ? r->source->key : NULL;
}

sdm_reliability sdm_restriction_reliability(const sdm_restriction *r)
{
    return r ? r->source->reliability : SDM_RELIABILITY_UNSTATED;
}

const char *sdm_restriction_document(const sdm_restriction *r)
{
    return r ? r->document : NULL;
}
