/*
 * libsdm - what the card's text and its JSON share. Not installed.
 * SPDX-License-Identifier: MIT
 */
#ifndef SDM_LIB_CARD_H
#define SDM_LIB_CARD_H

#include "formulary-private.h"
#include "ranking-private.h"

/* The checks of every card function `fn`: a medicine, and a ranking (or NULL)
 * over the medicine's catalogue. */
SDM_HIDDEN sdm_status sdm__card_check_args(const char *fn, const sdm_profile *p, const sdm_ranking *r);
/* Whether a side effect is the person's own: ranked, or ticked as helpful. */
SDM_HIDDEN int sdm__card_is_own(const sdm_ranking *r, size_t item);

#endif /* SDM_LIB_CARD_H */
