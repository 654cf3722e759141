/*
 * libsdm - the fixed vocabularies of the formats: formulations, licence
 * countries, serious risks and the contexts of restrictions. A value outside
 * them is refused with the closest one, so that a typo ("injection", "GB") is
 * an error, not a filter that quietly matches nothing. Not installed.
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

/* A formulation in words for a sentence ("long-acting injection"); the id
 * itself for one the vocabulary does not know. */
SDM_HIDDEN const char *sdm__formulation_words(const char *formulation);
/* "an" when the formulation's words begin with a vowel ("an orodispersible
 * tablet"), else "a". */
SDM_HIDDEN const char *sdm__formulation_article(const char *formulation);

/* The serious risks (data/README.md lists them, with the risk ids of the
 * evidence files each stands for): an id and its name ("Agranulocytosis"). */
SDM_HIDDEN const sdm_id_table *sdm__risk_table(void);
SDM_HIDDEN sdm_status sdm__check_risk(const char *id);
/* The name of a risk id, NULL for an id the vocabulary does not know. */
SDM_HIDDEN const char *sdm__risk_name(const char *id);

/* The contexts that allow a restricted medicine, and what each means in
 * words that follow "only where". */
SDM_HIDDEN const sdm_id_table *sdm__context_table(void);
SDM_HIDDEN sdm_status sdm__check_context(const char *id);
SDM_HIDDEN const char *sdm__context_words(const char *id);

/* Whether a code is one of the 27 member states of the European Union (a
 * central EU authorisation is valid in each). */
SDM_HIDDEN int sdm__eu_member(const char *country);

#endif /* SDM_LIB_VOCABULARY_H */
