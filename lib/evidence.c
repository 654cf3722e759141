/*
 * libsdm - the evidence behind a rating: readings, synthesis rules.
 * SPDX-License-Identifier: MIT
 */
#include "formulary-private.h"
#include "ids.h"

static const char *const synthesis_ids[] = {"consensus", "highest", "precedence"};
static const sdm_id_table syntheses = SDM_ID_TABLE("synthesis rule", SDM_SYNTHESIS_CONSENSUS, synthesis_ids);

/* The enum and the private count must agree: the tables are sized by it. */
_Static_assert(sizeof synthesis_ids / sizeof synthesis_ids[0] == SDM_SYNTHESIS_COUNT, "one id per rule");

const char *sdm_synthesis_id(sdm_synthesis rule)
{
    return sdm__id_of(&syntheses, (int)rule);
}

sdm_status sdm_synthesis_from_id(const char *id, sdm_synthesis *rule)
{
    int value;
    sdm_status st = sdm__id_find(&syntheses, "sdm_synthesis_from_id", id, rule, &value);
    if (st == SDM_OK)
        *rule = (sdm_synthesis)value;
    return st;
}

int sdm_profile_rating_by(const sdm_profile *p, size_t effect_index, sdm_synthesis rule)
{
    if (!p || effect_index >= p->formulary->catalogue->count || !sdm_synthesis_id(rule))
        return SDM_RATING_UNKNOWN;
    return sdm__profile_ratings(p, rule)[effect_index];
}
