/*
 * libsdm - the fixed vocabularies of the formats: formulations and licence
 * countries. A value outside them is refused with the closest one, so that a
 * typo ("injection", "GB") is an error, not a filter that quietly matches
 * nothing. Not installed.
 * SPDX-License-Identifier: MIT
 */
#ifndef SDM_LIB_VOCABULARY_H
#define SDM_LIB_VOCABULARY_H

#include "ids.h"

SDM_HIDDEN const sdm_id_table *sdm__formulation_table(void);
SDM_HIDDEN const sdm_id_table *sdm__country_table(void);
/* Fails with SDM_ERR_NOT_FOUND naming the closest formulation or country (and
 * saying that the United Kingdom is "UK"), or succeeds for a known one. */
SDM_HIDDEN sdm_status sdm__check_formulation(const char *formulation);
SDM_HIDDEN sdm_status sdm__check_country(const char *country);

#endif /* SDM_LIB_VOCABULARY_H */
