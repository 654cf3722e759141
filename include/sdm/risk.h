/*
 * libsdm - shared decision making about antipsychotic medication
 * SPDX-License-Identifier: MIT
 */
/**
 * @file risk.h
 * @brief Serious risks: what a person must be told about a medicine that is not one of the form's side effects.
 *
 * A serious risk (agranulocytosis, neuroleptic malignant syndrome, QT
 * prolongation...) is rare but important. Serious risks are never scored: they
 * are shown on every card, in plain words, with their source. A formulary
 * gives each medicine its own serious risks and may give class risks, which
 * apply to every medicine it holds (for instance neuroleptic malignant
 * syndrome, a risk of every antipsychotic). Ids come from a fixed vocabulary
 * (data/README.md lists it), so that a Trust's formulary and the default data
 * name the same risk the same way.
 */
#ifndef SDM_RISK_H
#define SDM_RISK_H

#include "common.h"
#include "evidence.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief One serious risk of a medicine, or a class risk. Owned by its formulary. */
typedef struct sdm_risk sdm_risk;

/**
 * @brief How many serious risks are shown for a medicine.
 *
 * The medicine's own risks, then the formulary's class risks that apply to it
 * (a class risk of one formulation, such as injection-site reactions of a
 * long-acting injection, applies to the medicines that have that formulation),
 * except where an own risk of the same id covers every form the class risk does.
 * @param p a profile.
 * @return the count, 0 if `p` is NULL or no risk is recorded (which does not mean there is none).
 */
SDM_API size_t sdm_profile_risk_count(const sdm_profile *p);

/**
 * @brief One serious risk of a medicine, in the order of sdm_profile_risk_count().
 * @param p a profile.
 * @param index a position below sdm_profile_risk_count().
 * @return the risk (valid as long as the formulary), or NULL if out of range.
 */
SDM_API const sdm_risk *sdm_profile_risk(const sdm_profile *p, size_t index);

/**
 * @brief How many class risks the formulary gives (risks of every medicine it holds).
 * @param f a formulary.
 * @return the count, 0 if `f` is NULL.
 */
SDM_API size_t sdm_formulary_class_risk_count(const sdm_formulary *f);

/**
 * @brief One class risk of the formulary.
 * @param f a formulary.
 * @param index a position below sdm_formulary_class_risk_count().
 * @return the risk, or NULL if out of range.
 */
SDM_API const sdm_risk *sdm_formulary_class_risk(const sdm_formulary *f, size_t index);

/**
 * @brief The stable id of the risk, e.g. "agranulocytosis", "neuroleptic_malignant_syndrome".
 * @param r a risk.
 * @return the id, or NULL if `r` is NULL.
 */
SDM_API const char *sdm_risk_id(const sdm_risk *r);

/**
 * @brief The risk's name, e.g. "Agranulocytosis", "Neuroleptic malignant syndrome".
 * @param r a risk.
 * @return static text, or NULL if `r` is NULL.
 */
SDM_API const char *sdm_risk_name(const sdm_risk *r);

/**
 * @brief The risk in a plain-words sentence for the person.
 * @param r a risk.
 * @return the words, or NULL if `r` is NULL.
 */
SDM_API const char *sdm_risk_words(const sdm_risk *r);

/**
 * @brief How often or when, as the source gives it, e.g. "rare; leukopenia/neutropenia uncommon" ("" when none).
 * @param r a risk.
 * @return the text, or NULL if `r` is NULL.
 */
SDM_API const char *sdm_risk_frequency(const sdm_risk *r);

/**
 * @brief The one formulation the risk belongs to, e.g. "long_acting_injection" ("" for every form).
 * @param r a risk.
 * @return the formulation, or NULL if `r` is NULL.
 */
SDM_API const char *sdm_risk_formulation(const sdm_risk *r);

/**
 * @brief The key of the risk's source, one of the formulary's sources.
 * @param r a risk.
 * @return the key, or NULL if `r` is NULL.
 */
SDM_API const char *sdm_risk_source(const sdm_risk *r);

/**
 * @brief The reliability of the risk's source.
 * @param r a risk.
 * @return the reliability; #SDM_RELIABILITY_UNSTATED if `r` is NULL.
 */
SDM_API sdm_reliability sdm_risk_reliability(const sdm_risk *r);

/**
 * @brief Where exactly the risk was read: the document and its address ("" when not given).
 * @param r a risk.
 * @return the text, or NULL if `r` is NULL.
 */
SDM_API const char *sdm_risk_document(const sdm_risk *r);

/**
 * @brief Whether the risk is a class risk of the formulary (one of every medicine), not the medicine's own.
 * @param r a risk.
 * @return 1 if so, 0 if not or if `r` is NULL.
 */
SDM_API int sdm_risk_is_class(const sdm_risk *r);

#ifdef __cplusplus
}
#endif

#endif /* SDM_RISK_H */
