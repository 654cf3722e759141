/*
 * libsdm - shared decision making about antipsychotic medication
 * SPDX-License-Identifier: MIT
 */
/**
 * @file profile.h
 * @brief One medicine of a formulary: its names, formulations, licences and side-effect ratings.
 *
 * Profiles belong to their formulary and are valid as long as it is; they
 * are never freed on their own.
 */
#ifndef SDM_PROFILE_H
#define SDM_PROFILE_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief A rating on the information card's scale.
 *
 * "+ uncommon or mild; ++ commoner or moderately severe; +++ common or more
 * severe." Unknown means no source rates the side effect for the medicine; it
 * is never the same as none.
 */
typedef enum sdm_rating {
    SDM_RATING_UNKNOWN = -1,   /**< No source rates it. */
    SDM_RATING_NONE = 0,       /**< Rated as not a side effect of this medicine. */
    SDM_RATING_LOW = 1,        /**< `+`: uncommon or mild. */
    SDM_RATING_MODERATE = 2,   /**< `++`: commoner or moderately severe. */
    SDM_RATING_HIGH = 3        /**< `+++`: common or more severe. */
} sdm_rating;

/**
 * @brief The stable id of the medicine, e.g. "aripiprazole".
 * @param p a profile.
 * @return the id, or NULL if `p` is NULL.
 */
SDM_API const char *sdm_profile_id(const sdm_profile *p);

/**
 * @brief The medicine's display name, e.g. "Aripiprazole".
 * @param p a profile.
 * @return the name, or NULL if `p` is NULL.
 */
SDM_API const char *sdm_profile_name(const sdm_profile *p);

/**
 * @brief The WHO ATC code, e.g. "N05AX12" ("" when none was given).
 * @param p a profile.
 * @return the code, or NULL if `p` is NULL.
 */
SDM_API const char *sdm_profile_atc(const sdm_profile *p);

/**
 * @brief The rating of one side effect.
 * @param p a profile.
 * @param effect_index a position in the formulary's catalogue.
 * @return an #sdm_rating value: #SDM_RATING_UNKNOWN (-1) to #SDM_RATING_HIGH (3);
 *         #SDM_RATING_UNKNOWN too if `p` is NULL or the index is out of range.
 */
SDM_API int sdm_profile_rating(const sdm_profile *p, size_t effect_index);

/**
 * @brief The key of the source of one rating, e.g. "maudsley".
 * @param p a profile.
 * @param effect_index a position in the formulary's catalogue.
 * @return the key, or NULL if the rating is unknown or the arguments are invalid.
 */
SDM_API const char *sdm_profile_rating_source(const sdm_profile *p, size_t effect_index);

/**
 * @brief The note on one rating, e.g. the source's own cell ("" when none).
 * @param p a profile.
 * @param effect_index a position in the formulary's catalogue.
 * @return the note, or NULL if the arguments are invalid.
 */
SDM_API const char *sdm_profile_rating_note(const sdm_profile *p, size_t effect_index);

/**
 * @brief Number of formulations the medicine is recorded in.
 * @param p a profile.
 * @return the count, 0 if `p` is NULL.
 */
SDM_API size_t sdm_profile_formulation_count(const sdm_profile *p);

/**
 * @brief A formulation, e.g. "tablet", "orodispersible", "liquid", "long_acting_injection".
 * @param p a profile.
 * @param index a position below sdm_profile_formulation_count().
 * @return the formulation, or NULL if out of range.
 */
SDM_API const char *sdm_profile_formulation(const sdm_profile *p, size_t index);

/**
 * @brief Whether the medicine is recorded in a formulation.
 * @param p a profile.
 * @param formulation e.g. "long_acting_injection".
 * @return 1 if so, 0 if not or on invalid arguments.
 */
SDM_API int sdm_profile_has_formulation(const sdm_profile *p, const char *formulation);

/**
 * @brief Number of countries the medicine is recorded as licensed in.
 * @param p a profile.
 * @return the count, 0 if `p` is NULL.
 */
SDM_API size_t sdm_profile_licence_count(const sdm_profile *p);

/**
 * @brief A country the medicine is licensed in, e.g. "UK", "DE", "US".
 * @param p a profile.
 * @param index a position below sdm_profile_licence_count().
 * @return the country code, or NULL if out of range.
 */
SDM_API const char *sdm_profile_licence(const sdm_profile *p, size_t index);

/**
 * @brief Whether the medicine is recorded as licensed in a country.
 * @param p a profile.
 * @param country e.g. "UK".
 * @return 1 if so, 0 if not or on invalid arguments.
 */
SDM_API int sdm_profile_licensed_in(const sdm_profile *p, const char *country);

/**
 * @brief The position of the medicine in its formulary (as sdm_formulary_profile() takes it).
 * @param p a profile.
 * @return the position, or (size_t)-1 if `p` is NULL.
 */
SDM_API size_t sdm_profile_index(const sdm_profile *p);

/**
 * @brief The formulary the profile belongs to.
 * @param p a profile.
 * @return the formulary (borrowed), or NULL if `p` is NULL.
 */
SDM_API const sdm_formulary *sdm_profile_formulary(const sdm_profile *p);

/**
 * @brief The card's mark for a rating: "0", "+", "++", "+++" or "?" for unknown.
 * @param rating an #sdm_rating value.
 * @return static text, never NULL ("?" for values out of range).
 */
SDM_API const char *sdm_rating_mark(int rating);

#ifdef __cplusplus
}
#endif

#endif /* SDM_PROFILE_H */
