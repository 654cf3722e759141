/*
 * libsdm - shared decision making about antipsychotic medication
 * SPDX-License-Identifier: MIT
 */
/**
 * @file product.h
 * @brief Products: a medicine's preparations in detail, such as its long-acting injections and how often they are given.
 *
 * A medicine's formulations (sdm_profile_formulation()) say which forms it
 * comes in; a product says more of one of them: its name, how often it is
 * given, where, and its source. The default data records the long-acting
 * injections that a source confirms.
 */
#ifndef SDM_PRODUCT_H
#define SDM_PRODUCT_H

#include "common.h"
#include "evidence.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief One product of a medicine. Owned by its formulary. */
typedef struct sdm_product sdm_product;

/**
 * @brief How many products a medicine has.
 * @param p a profile.
 * @return the count, 0 if `p` is NULL.
 */
SDM_API size_t sdm_profile_product_count(const sdm_profile *p);

/**
 * @brief One product of a medicine, in the order of the formulary.
 * @param p a profile.
 * @param index a position below sdm_profile_product_count().
 * @return the product (valid as long as the formulary), or NULL if out of range.
 */
SDM_API const sdm_product *sdm_profile_product(const sdm_profile *p, size_t index);

/**
 * @brief The product's formulation, one the medicine lists, e.g. "long_acting_injection".
 * @param pr a product.
 * @return the formulation, or NULL if `pr` is NULL.
 */
SDM_API const char *sdm_product_formulation(const sdm_product *pr);

/**
 * @brief The product's name as the source gives it, e.g. "paliperidone palmitate 3-monthly (Trevicta / Invega Trinza)".
 * @param pr a product.
 * @return the name, or NULL if `pr` is NULL.
 */
SDM_API const char *sdm_product_name(const sdm_product *pr);

/**
 * @brief How often it is given, as the source says, e.g. "every 3 months" ("" when not given).
 * @param pr a product.
 * @return the text, or NULL if `pr` is NULL.
 */
SDM_API const char *sdm_product_interval(const sdm_product *pr);

/**
 * @brief The country the source speaks for, e.g. "UK", "EU" ("" when it names none).
 * @param pr a product.
 * @return the code, or NULL if `pr` is NULL.
 */
SDM_API const char *sdm_product_country(const sdm_product *pr);

/**
 * @brief What else the source says of it, e.g. "only after stabilisation on the 1-monthly injection" ("" when nothing).
 * @param pr a product.
 * @return the note, or NULL if `pr` is NULL.
 */
SDM_API const char *sdm_product_note(const sdm_product *pr);

/**
 * @brief The key of the product's source, one of the formulary's sources.
 * @param pr a product.
 * @return the key, or NULL if `pr` is NULL.
 */
SDM_API const char *sdm_product_source(const sdm_product *pr);

/**
 * @brief The reliability of the product's source.
 * @param pr a product.
 * @return the reliability; #SDM_RELIABILITY_UNSTATED if `pr` is NULL.
 */
SDM_API sdm_reliability sdm_product_reliability(const sdm_product *pr);

/**
 * @brief Where exactly it was read: the document and its address ("" when not given).
 * @param pr a product.
 * @return the text, or NULL if `pr` is NULL.
 */
SDM_API const char *sdm_product_document(const sdm_product *pr);

#ifdef __cplusplus
}
#endif

#endif /* SDM_PRODUCT_H */
