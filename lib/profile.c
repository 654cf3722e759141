/*
 * libsdm - getters of one medicine's profile.
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "formulary-private.h"

const char *sdm_profile_id(const sdm_profile *p)
{
    return p ? p->id : NULL;
}

const char *sdm_profile_name(const sdm_profile *p)
{
    return p ? p->name : NULL;
}

const char *sdm_profile_atc(const sdm_profile *p)
{
    return p ? p->atc : NULL;
}

static int valid_item(const sdm_profile *p, size_t effect_index)
{
    return p && effect_index < p->formulary->catalogue->count;
}

int sdm_profile_rating(const sdm_profile *p, size_t effect_index)
{
    return valid_item(p, effect_index) ? p->ratings[effect_index] : SDM_RATING_UNKNOWN;
}

/* The reading that gives the default rule's rating: the first source (in the
 * formulary's order) whose reading is that rating, or the deciding source's. */
static const sdm_reading *giving_reading(const sdm_profile *p, size_t effect_index)
{
    if (!valid_item(p, effect_index) || p->cells[effect_index].given_by < 0)
        return NULL;
    return &p->cells[effect_index].readings[p->cells[effect_index].given_by];
}

const char *sdm_profile_rating_source(const sdm_profile *p, size_t effect_index)
{
    const sdm_reading *r = giving_reading(p, effect_index);
    return r ? r->source->key : NULL;
}

const char *sdm_profile_rating_note(const sdm_profile *p, size_t effect_index)
{
    if (!valid_item(p, effect_index))
        return NULL;
    const sdm_reading *r = giving_reading(p, effect_index);
    return r ? r->note : "";
}

size_t sdm_profile_formulation_count(const sdm_profile *p)
{
    return p ? p->formulations.count : 0;
}

const char *sdm_profile_formulation(const sdm_profile *p, size_t index)
{
    return (p && index < p->formulations.count) ? p->formulations.items[index] : NULL;
}

int sdm_profile_has_formulation(const sdm_profile *p, const char *formulation)
{
    return p && formulation && sdm__tags_contain(&p->formulations, formulation);
}

size_t sdm_profile_licence_count(const sdm_profile *p)
{
    return p ? p->licences.count : 0;
}

const char *sdm_profile_licence(const sdm_profile *p, size_t index)
{
    return (p && index < p->licences.count) ? p->licences.items[index] : NULL;
}

int sdm_profile_licensed_in(const sdm_profile *p, const char *country)
{
    return p && country && sdm__tags_contain(&p->licences, country);
}

size_t sdm_profile_index(const sdm_profile *p)
{
    return p ? (size_t)(p - p->formulary->profiles) : (size_t)-1;
}

const sdm_formulary *sdm_profile_formulary(const sdm_profile *p)
{
    return p ? p->formulary : NULL;
}

const char *sdm_rating_mark(int rating)
{
    switch (rating) {
    case SDM_RATING_NONE: return "0";
    case SDM_RATING_LOW: return "+";
    case SDM_RATING_MODERATE: return "++";
    case SDM_RATING_HIGH: return "+++";
    default: return "?";
    }
}
