/*
 * libsdm - shared decision making about antipsychotic medication
 * SPDX-License-Identifier: MIT
 */
/**
 * @file efficacy.h
 * @brief How well a medicine works, shown beside what its side effects cost
 *        the person, and the optional trade-off weight that lets it count.
 *
 * A formulary may give each medicine its effect on overall symptoms against
 * placebo (format 2, `medications[].efficacy`; the default data gives Huhn
 * 2019's standardised mean difference, SMD, with its 95 % credible interval
 * and the number of studies). A Trust's formulary may give its own or none.
 * A medicine without one is said to have "no efficacy data in this
 * formulary"; it is never shown or counted as average without saying so.
 *
 * **Words.** The effect is e = -SMD (larger is better). Its band is set by
 * fixed cut-offs taken from the distribution of the 19 medicines of the
 * default data (Huhn 2019: median e 0.42, quartiles 0.36 and 0.51):
 *
 * | band | e | words | default data |
 * |---|---|---|---|
 * | #SDM_EFFICACY_NO_BETTER | e <= 0 | "did no better than placebo in trials" | none |
 * | #SDM_EFFICACY_LESS | 0 < e < 0.35 | "works less well than most" | trifluoperazine, brexpiprazole, iloperidone, cariprazine |
 * | #SDM_EFFICACY_AVERAGE | 0.35 <= e < 0.50 | "works about as well as most" | ten, lurasidone to paliperidone |
 * | #SDM_EFFICACY_LITTLE_BETTER | 0.50 <= e < 0.65 | "works a little better than most" | zuclopenthixol, risperidone, olanzapine |
 * | #SDM_EFFICACY_BETTER | e >= 0.65 | "works better than most" | amisulpride, clozapine |
 *
 * Honesty: where the interval reaches 0 or beyond (it includes no effect),
 * the words say "but the trials do not rule out that it works no better than
 * placebo"; where it is #SDM_EFFICACY_WIDE wide or wider, "the estimate is
 * uncertain"; fewer than 10 studies read "based on only N studies".
 *
 * **Trade-off.** With a trade-off weight λ > 0
 * (sdm_match_options_set_tradeoff()), a medicine's score is its side-effect
 * score plus λ times its *lack of efficacy*:
 *
 *     lack(m) = (e_max - e(m)) / (e_max - e_min)
 *
 * over the medicines of the formulary that have efficacy data (0 for the
 * best, 1 for the least effective; 0 for all when they are equal). With the
 * default weights (summing to 1), λ = 1 makes being the least effective
 * medicine of the formulary weigh as much as +++ on every ranked side effect.
 * A medicine without efficacy data gets a lack by the unknown policy: the
 * middle (0.5), the worst (1), the mean of the others' lack, or is excluded
 * (#SDM_EXCLUDED_UNKNOWN_RATING, with the reason "no efficacy data in this
 * formulary, ..."); the explanation and the JSON say which.
 */
#ifndef SDM_EFFICACY_H
#define SDM_EFFICACY_H

#include "common.h"
#include "evidence.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief A medicine's effect on overall symptoms against placebo. Owned by its formulary. */
typedef struct sdm_efficacy sdm_efficacy;

/** @brief How a medicine's effect compares, in words (see the table in efficacy.h). */
typedef enum sdm_efficacy_band {
    SDM_EFFICACY_NO_DATA = 0,       /**< The formulary gives no efficacy for it. */
    SDM_EFFICACY_NO_BETTER = 1,     /**< SMD >= 0: no better than placebo in trials. */
    SDM_EFFICACY_LESS = 2,          /**< 0 < -SMD < 0.35: works less well than most. */
    SDM_EFFICACY_AVERAGE = 3,       /**< 0.35 <= -SMD < 0.50: works about as well as most. */
    SDM_EFFICACY_LITTLE_BETTER = 4, /**< 0.50 <= -SMD < 0.65: works a little better than most. */
    SDM_EFFICACY_BETTER = 5         /**< -SMD >= 0.65: works better than most. */
} sdm_efficacy_band;

/** @brief An interval at least this wide (ci_high - ci_low, in SMD) is called uncertain. */
#define SDM_EFFICACY_WIDE 0.45

/** @brief Fewer studies than this read "based on only N studies". */
#define SDM_EFFICACY_FEW_STUDIES 10

/** @brief The largest trade-off weight (sdm_match_options_set_tradeoff()). */
#define SDM_MAX_TRADEOFF 1e6

/**
 * @brief A medicine's efficacy.
 * @param p a profile.
 * @return the efficacy (valid as long as the formulary), or NULL when the formulary gives none.
 */
SDM_API const sdm_efficacy *sdm_profile_efficacy(const sdm_profile *p);

/**
 * @brief The standardised mean difference against placebo (negative favours the medicine).
 * @param e efficacy.
 * @return the SMD, or NaN if `e` is NULL.
 */
SDM_API double sdm_efficacy_smd(const sdm_efficacy *e);

/**
 * @brief The lower end of the 95 % interval of the SMD.
 * @param e efficacy.
 * @return the lower end, or NaN if `e` is NULL.
 */
SDM_API double sdm_efficacy_ci_low(const sdm_efficacy *e);

/**
 * @brief The upper end of the 95 % interval of the SMD.
 * @param e efficacy.
 * @return the upper end, or NaN if `e` is NULL.
 */
SDM_API double sdm_efficacy_ci_high(const sdm_efficacy *e);

/**
 * @brief How many studies the estimate rests on.
 * @param e efficacy.
 * @return the number, or 0 when the formulary does not say (or `e` is NULL).
 */
SDM_API int sdm_efficacy_studies(const sdm_efficacy *e);

/**
 * @brief The key of the source of the estimate, e.g. "huhn2019-efficacy".
 * @param e efficacy.
 * @return the key, or NULL if `e` is NULL.
 */
SDM_API const char *sdm_efficacy_source(const sdm_efficacy *e);

/**
 * @brief What was measured: "overall_symptoms".
 * @param e efficacy.
 * @return the outcome, or NULL if `e` is NULL.
 */
SDM_API const char *sdm_efficacy_outcome(const sdm_efficacy *e);

/**
 * @brief The confidence in the estimate (CINeMA); #SDM_CONFIDENCE_NOT_GRADED for the default data.
 * @param e efficacy.
 * @return the confidence; #SDM_CONFIDENCE_NOT_GRADED if `e` is NULL.
 */
SDM_API sdm_confidence sdm_efficacy_confidence(const sdm_efficacy *e);

/**
 * @brief Where exactly the numbers were read, or "".
 * @param e efficacy.
 * @return the note, or NULL if `e` is NULL.
 */
SDM_API const char *sdm_efficacy_note(const sdm_efficacy *e);

/**
 * @brief Whether the 95 % interval includes no effect (its upper end is 0 or more).
 * @param e efficacy.
 * @return 1 or 0 (0 if `e` is NULL).
 */
SDM_API int sdm_efficacy_includes_no_effect(const sdm_efficacy *e);

/**
 * @brief Whether the interval is #SDM_EFFICACY_WIDE wide or wider.
 * @param e efficacy.
 * @return 1 or 0 (0 if `e` is NULL).
 */
SDM_API int sdm_efficacy_uncertain(const sdm_efficacy *e);

/**
 * @brief The band of the effect (see the table in efficacy.h).
 * @param e efficacy, or NULL.
 * @return the band; #SDM_EFFICACY_NO_DATA if `e` is NULL.
 */
SDM_API sdm_efficacy_band sdm_efficacy_band_of(const sdm_efficacy *e);

/**
 * @brief The id used in JSON for a band: "no_data", "no_better", "less",
 *        "average", "little_better" or "better".
 * @param band a band.
 * @return static text, or NULL for a value out of range.
 */
SDM_API const char *sdm_efficacy_band_id(sdm_efficacy_band band);

/**
 * @brief A medicine's efficacy in plain words, to show beside its side-effect fit.
 *
 * For example "works about as well as most; based on 15 studies (overall
 * symptoms, Huhn 2019 (efficacy): SMD -0.41 against placebo, 95 % interval
 * -0.51 to -0.32; confidence not graded)", or for trifluoperazine "works less
 * well than most, but the trials do not rule out that it works no better than
 * placebo; the estimate is uncertain; based on only 8 studies (...)". A
 * medicine without efficacy data gives "no efficacy data in this formulary
 * (how well it works is not shown here and is not assumed to be average)".
 * @param p a profile.
 * @param[out] out receives NUL-terminated UTF-8 text; free it with sdm_free().
 * @return #SDM_OK, #SDM_ERR_INVALID_ARGUMENT or #SDM_ERR_NO_MEMORY.
 */
SDM_API sdm_status sdm_profile_describe_efficacy(const sdm_profile *p, char **out);

/**
 * @brief Sets the trade-off weight λ: how much lack of efficacy counts beside
 *        the side effects (see efficacy.h for the formula).
 *
 * 0, the default, leaves the scores as they were: the form is about side effects.
 * @param opts options.
 * @param weight 0 to #SDM_MAX_TRADEOFF.
 * @return #SDM_OK or #SDM_ERR_INVALID_ARGUMENT naming the value.
 */
SDM_API sdm_status sdm_match_options_set_tradeoff(sdm_match_options *opts, double weight);

/**
 * @brief The trade-off weight.
 * @param opts options.
 * @return the weight (0 if `opts` is NULL).
 */
SDM_API double sdm_match_options_tradeoff(const sdm_match_options *opts);

/**
 * @brief The lack of efficacy a ranked medicine was scored with, on [0, 1]
 *        (0 the most effective of the formulary, 1 the least).
 * @param m a match.
 * @param i a place below sdm_match_count().
 * @return the lack; for a medicine without efficacy data, the value its unknown
 *         policy gave it; NaN when out of range or when the trade-off weight is 0.
 */
SDM_API double sdm_match_efficacy_lack(const sdm_match *m, size_t i);

/**
 * @brief What lack of efficacy added to a ranked medicine's score: λ × lack
 *        (0 when the trade-off weight is 0).
 * @param m a match.
 * @param i a place below sdm_match_count().
 * @return the amount, or NaN when out of range.
 */
SDM_API double sdm_match_efficacy_contribution(const sdm_match *m, size_t i);

/**
 * @brief Whether a ranked medicine's lack of efficacy was imputed (the
 *        formulary gives no efficacy for it) under a trade-off weight above 0.
 * @param m a match.
 * @param i a place below sdm_match_count().
 * @return 1 or 0.
 */
SDM_API int sdm_match_efficacy_imputed(const sdm_match *m, size_t i);

/**
 * @brief A ranked medicine's efficacy in plain words, to show on its own line
 *        beside its reason: e.g. "works about as well as most; based on 15
 *        studies", and under a trade-off weight what its lack of efficacy
 *        added ("; lack of efficacy 0.31 (0 the most effective here, 1 the
 *        least) added 0.155 to its score"), or for a medicine without efficacy
 *        data "no efficacy data in this formulary; counted as the middle (lack
 *        of efficacy 0.50): 0.25 added to its score".
 * @param m a match.
 * @param i a place below sdm_match_count().
 * @param[out] out receives NUL-terminated UTF-8 text; free it with sdm_free().
 * @return #SDM_OK, #SDM_ERR_INVALID_ARGUMENT or #SDM_ERR_NO_MEMORY.
 */
SDM_API sdm_status sdm_match_efficacy_text(const sdm_match *m, size_t i, char **out);

#ifdef __cplusplus
}
#endif

#endif /* SDM_EFFICACY_H */
