/*
 * libsdm - shared decision making about antipsychotic medication
 * SPDX-License-Identifier: MIT
 */
/**
 * @file licence.h
 * @brief Licences for adult schizophrenia, country by country, with their source and date.
 *
 * A licence is a fact with a date, read from a regulator's text where one was
 * found: whether a medicine is licensed for adult schizophrenia in a country
 * (or the EU, for a central authorisation), not licensed for it (asenapine in
 * the UK: its licence covers bipolar mania only), or not marketed there. It
 * says nothing of the medicine's other indications. The countries whose
 * licence says yes are also the medicine's licence list (sdm_profile_licence()).
 */
#ifndef SDM_LICENCE_H
#define SDM_LICENCE_H

#include "common.h"
#include "evidence.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief One country's licence of a medicine. Owned by its formulary. */
typedef struct sdm_licence sdm_licence;

/** @brief What a licence says of adult schizophrenia in a country. */
typedef enum sdm_licence_status {
    SDM_LICENCE_NOT_RECORDED = 0,  /**< Nothing is recorded (returned for a NULL licence). */
    SDM_LICENCE_YES = 1,           /**< Licensed for adult schizophrenia. */
    SDM_LICENCE_NO = 2,            /**< Marketed, but not licensed for adult schizophrenia (or its licence was refused). */
    SDM_LICENCE_NOT_MARKETED = 3   /**< Not on the market in the country. */
} sdm_licence_status;

/**
 * @brief How many countries a medicine's licences are recorded for.
 * @param p a profile.
 * @return the count, 0 if `p` is NULL or the formulary records none (a format-1 file).
 */
SDM_API size_t sdm_profile_licence_detail_count(const sdm_profile *p);

/**
 * @brief One country's licence of a medicine, in the order of the formulary.
 * @param p a profile.
 * @param index a position below sdm_profile_licence_detail_count().
 * @return the licence (valid as long as the formulary), or NULL if out of range.
 */
SDM_API const sdm_licence *sdm_profile_licence_detail(const sdm_profile *p, size_t index);

/**
 * @brief The licence of a medicine in one country, as recorded for that code.
 *
 * Only the code itself is looked up: an EU licence is not returned for "DE".
 * @param p a profile.
 * @param country a code, e.g. "UK", "EU".
 * @return the licence, or NULL if none is recorded for the code or an argument is NULL.
 */
SDM_API const sdm_licence *sdm_profile_licence_detail_for(const sdm_profile *p, const char *country);

/**
 * @brief The country of a licence: an ISO 3166-1 alpha-2 code (UK for the United Kingdom), or "EU".
 * @param l a licence.
 * @return the code, or NULL if `l` is NULL.
 */
SDM_API const char *sdm_licence_country(const sdm_licence *l);

/**
 * @brief What the licence says of adult schizophrenia.
 * @param l a licence.
 * @return the status; #SDM_LICENCE_NOT_RECORDED if `l` is NULL.
 */
SDM_API sdm_licence_status sdm_licence_get_status(const sdm_licence *l);

/**
 * @brief The date of the document the licence was read from, ISO 8601: "2023-04-25", "2023-04" or "2023" ("" when not known).
 * @param l a licence.
 * @return the date, or NULL if `l` is NULL.
 */
SDM_API const char *sdm_licence_date(const sdm_licence *l);

/**
 * @brief What to know with the licence, e.g. "its licence covers bipolar mania only" ("" when none).
 * @param l a licence.
 * @return the note, or NULL if `l` is NULL.
 */
SDM_API const char *sdm_licence_note(const sdm_licence *l);

/**
 * @brief The key of the licence's source, one of the formulary's sources.
 * @param l a licence.
 * @return the key, or NULL if `l` is NULL.
 */
SDM_API const char *sdm_licence_source(const sdm_licence *l);

/**
 * @brief The reliability of the licence's source.
 * @param l a licence.
 * @return the reliability; #SDM_RELIABILITY_UNSTATED if `l` is NULL.
 */
SDM_API sdm_reliability sdm_licence_reliability(const sdm_licence *l);

/**
 * @brief Where exactly the licence was read: the documents and their addresses ("" when not given).
 * @param l a licence.
 * @return the text, or NULL if `l` is NULL.
 */
SDM_API const char *sdm_licence_document(const sdm_licence *l);

/**
 * @brief The id used in JSON for a licence status: "yes", "no" or "not_marketed".
 * @param status a status.
 * @return static text, or NULL for #SDM_LICENCE_NOT_RECORDED or a value out of range.
 */
SDM_API const char *sdm_licence_status_id(sdm_licence_status status);

/**
 * @brief The licence status with a JSON id (see sdm_licence_status_id()).
 * @param id the id.
 * @param[out] status receives the status.
 * @return #SDM_OK, #SDM_ERR_NOT_FOUND (with the closest id in the message) or #SDM_ERR_INVALID_ARGUMENT.
 */
SDM_API sdm_status sdm_licence_status_from_id(const char *id, sdm_licence_status *status);

#ifdef __cplusplus
}
#endif

#endif /* SDM_LICENCE_H */
