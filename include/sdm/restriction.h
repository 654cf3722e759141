/*
 * libsdm - shared decision making about antipsychotic medication
 * SPDX-License-Identifier: MIT
 */
/**
 * @file restriction.h
 * @brief Restrictions: the context that allows a medicine to be offered, and what it then requires.
 *
 * Some medicines may be offered only in a context: clozapine only where
 * schizophrenia has not responded to two other antipsychotics, and then with
 * registration with a monitoring service and regular blood counts; the
 * olanzapine long-acting injection only where the person can be watched for
 * three hours after each injection. A restriction names its context (an id of
 * a fixed vocabulary, listed by sdm_context_id_at()), its requirement in plain
 * words, where it applies and its source.
 */
#ifndef SDM_RESTRICTION_H
#define SDM_RESTRICTION_H

#include "common.h"
#include "evidence.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief One restriction of a medicine. Owned by its formulary. */
typedef struct sdm_restriction sdm_restriction;

/**
 * @brief How many restrictions a medicine has.
 * @param p a profile.
 * @return the count, 0 if `p` is NULL.
 */
SDM_API size_t sdm_profile_restriction_count(const sdm_profile *p);

/**
 * @brief One restriction of a medicine, in the order of the formulary.
 * @param p a profile.
 * @param index a position below sdm_profile_restriction_count().
 * @return the restriction (valid as long as the formulary), or NULL if out of range.
 */
SDM_API const sdm_restriction *sdm_profile_restriction(const sdm_profile *p, size_t index);

/**
 * @brief The context that must hold for the medicine to be offered, e.g. "treatment_resistant".
 * @param r a restriction.
 * @return the context id, or NULL if `r` is NULL.
 */
SDM_API const char *sdm_restriction_context(const sdm_restriction *r);

/**
 * @brief What the medicine requires where it is given, in plain words (e.g. the blood count schedule).
 * @param r a restriction.
 * @return the text, or NULL if `r` is NULL.
 */
SDM_API const char *sdm_restriction_requirement(const sdm_restriction *r);

/**
 * @brief The country where the restriction applies, e.g. "UK", or "EU" ("" everywhere).
 * @param r a restriction.
 * @return the code, or NULL if `r` is NULL.
 */
SDM_API const char *sdm_restriction_country(const sdm_restriction *r);

/**
 * @brief The one formulation the restriction concerns, e.g. "long_acting_injection" ("" every form).
 * @param r a restriction.
 * @return the formulation, or NULL if `r` is NULL.
 */
SDM_API const char *sdm_restriction_formulation(const sdm_restriction *r);

/**
 * @brief The key of the restriction's source, one of the formulary's sources.
 * @param r a restriction.
 * @return the key, or NULL if `r` is NULL.
 */
SDM_API const char *sdm_restriction_source(const sdm_restriction *r);

/**
 * @brief The reliability of the restriction's source.
 * @param r a restriction.
 * @return the reliability; #SDM_RELIABILITY_UNSTATED if `r` is NULL.
 */
SDM_API sdm_reliability sdm_restriction_reliability(const sdm_restriction *r);

/**
 * @brief Where exactly the restriction was read: the documents and their addresses ("" when not given).
 * @param r a restriction.
 * @return the text, or NULL if `r` is NULL.
 */
SDM_API const char *sdm_restriction_document(const sdm_restriction *r);

/**
 * @brief How many context ids the vocabulary has.
 * @return the count.
 */
SDM_API size_t sdm_context_id_count(void);

/**
 * @brief A context id of the vocabulary, e.g. "treatment_resistant", "observation_available".
 * @param index a position below sdm_context_id_count().
 * @return static text, or NULL if out of range.
 */
SDM_API const char *sdm_context_id_at(size_t index);

/**
 * @brief What a context means, in words that follow "only where", e.g. "schizophrenia has
 *        not responded to two other antipsychotics, or they caused severe side effects that
 *        could not be treated".
 * @param id a context id.
 * @return static text, or NULL if `id` is NULL or not a context id (no error is set).
 */
SDM_API const char *sdm_context_id_words(const char *id);

/**
 * @brief Checks a context id against the vocabulary.
 * @param id a context id.
 * @return #SDM_OK; #SDM_ERR_NOT_FOUND with the closest id in the message
 *         ("unknown context 'treatment_resistent' (did you mean 'treatment_resistant'?)");
 *         #SDM_ERR_INVALID_ARGUMENT if `id` is NULL.
 */
SDM_API sdm_status sdm_context_id_check(const char *id);

#ifdef __cplusplus
}
#endif

#endif /* SDM_RESTRICTION_H */
