/*
 * libsdm - licences for adult schizophrenia by country, and whether a
 * medicine is licensed where a match asks (its JSON: licence-json.c).
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "clinical-private.h"
#include "ids.h"
#include "vocabulary.h"

static const char *const status_ids[] = {"yes", "no", "not_marketed"};
static const sdm_id_table statuses = SDM_ID_TABLE("licence status", SDM_LICENCE_YES, status_ids);

const char *sdm_licence_status_id(sdm_licence_status status)
{
    return sdm__id_of(&statuses, (int)status);
}

sdm_status sdm_licence_status_from_id(const char *id, sdm_licence_status *status)
{
    int value;
    sdm_status st = sdm__id_find(&statuses, "sdm_licence_status_from_id", id, status, &value);
    if (st == SDM_OK)
        *status = (sdm_licence_status)value;
    return st;
}

void sdm__licences_destroy(sdm_licence *licences, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        sdm__free(licences[i].country);
        sdm__free(licences[i].date);
        sdm__free(licences[i].note);
        sdm__free(licences[i].document);
    }
    sdm__free(licences);
}

const char *sdm__country_in_words(const char *country)
{
    static const char *const named[][2] = {{"UK", "the UK"}, {"US", "the US"}, {"EU", "the EU"}};
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
        if (strcmp(named[i][0], country) == 0)
            return named[i][1];
    return country;
}

/* ---- licensed? ---------------------------------------------------------- */

static const sdm_licence *detail_for(const sdm_profile *p, const char *country)
{
    for (size_t i = 0; i < p->licence_detail_count; i++)
        if (strcmp(p->licence_details[i].country, country) == 0)
            return &p->licence_details[i];
    return NULL;
}

/* A licence detail that is not a yes, as a reason: "not licensed for
 * schizophrenia in the UK: its licence covers bipolar mania only". An EU
 * licence read for a member state says so ("in the EU, which covers DE"). */
static void say_why_not(sdm_strbuf *why, const sdm_licence *l, const char *asked)
{
    if (l->status == SDM_LICENCE_NOT_MARKETED)
        sdm__strbuf_appendf(why, "not marketed in %s", sdm__country_in_words(l->country));
    else
        sdm__strbuf_appendf(why, "not licensed for schizophrenia in %s", sdm__country_in_words(l->country));
    if (strcmp(l->country, asked) != 0)
        sdm__strbuf_appendf(why, ", which covers %s", asked);
    if (*l->note)
        sdm__strbuf_appendf(why, ": %s", l->note);
}

int sdm__licence_allows(const sdm_profile *p, const char *country, sdm_strbuf *why)
{
    const sdm_licence *l = detail_for(p, country);
    /* A central EU authorisation is valid in every member state, unless the
     * state's own detail says otherwise (lurasidone: not marketed in DE). */
    if (!l && sdm__eu_member(country))
        l = detail_for(p, "EU");
    if (l && l->status == SDM_LICENCE_YES)
        return 1;
    if (l) {
        if (why)
            say_why_not(why, l, country);
        return 0;
    }
    /* A formulary without details (format 1): its list of licence countries. */
    if (sdm__tags_contain(&p->licences, country) ||
        (sdm__eu_member(country) && sdm__tags_contain(&p->licences, "EU")))
        return 1;
    if (why)
        sdm__strbuf_appendf(why, "not recorded as licensed in %s", country);
    return 0;
}

/* ---- getters ------------------------------------------------------------ */

size_t sdm_profile_licence_detail_count(const sdm_profile *p)
{
    return p ? p->licence_detail_count : 0;
}

const sdm_licence *sdm_profile_licence_detail(const sdm_profile *p, size_t index)
{
    return (p && index < p->licence_detail_count) ? &p->licence_details[index] : NULL;
}

const sdm_licence *sdm_profile_licence_detail_for(const sdm_profile *p, const char *country)
{
    return (p && country) ? detail_for(p, country) : NULL;
}

const char *sdm_licence_country(const sdm_licence *l)
{
    return l ? l->country : NULL;
}

sdm_licence_status sdm_licence_get_status(const sdm_licence *l)
{
    return l ? l->status : SDM_LICENCE_NOT_RECORDED;
}

const char *sdm_licence_date(const sdm_licence *l)
{
    return l ? l->date : NULL;
}

const char *sdm_licence_note(const sdm_licence *l)
{
    return l ? l->note : NULL;
}

const char *sdm_licence_source(const sdm_licence *l)
{
    return l ? l->source->key : NULL;
}

sdm_reliability sdm_licence_reliability(const sdm_licence *l)
{
    return l ? l->source->reliability : SDM_RELIABILITY_UNSTATED;
}

const char *sdm_licence_document(const sdm_licence *l)
{
    return l ? l->document : NULL;
}
