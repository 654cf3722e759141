/*
 * libsdm - shared decision making about antipsychotic medication
 * SPDX-License-Identifier: MIT
 */
/**
 * @file options.h
 * @brief Match options: how rankings are weighted, ratings scaled, unknowns treated and medicines filtered.
 *
 * The defaults follow the design: rank-order centroid weights, the card's
 * linear scale (none 0, + 1, ++ 2, +++ 3, divided by 3), unknown counted as the
 * middle of the scale, each helpful side effect weighing as much as the lowest
 * ranked one, and no filters.
 *
 * The score of a medicine is
 * `sum over ranked i of w_i * s(rating_i)  -  sum over helpful h of w_h * s(rating_h)`,
 * where `s` maps a rating onto [0, 1] ((v[r] - v[0]) / (v[3] - v[0]) for the
 * scale v). Lower is better. Options objects are not thread-safe while being
 * changed; sdm_match_run() copies them.
 *
 * An unknown rating counts as 0.5 (#SDM_UNKNOWN_MIDDLE), as 1 avoided and 0
 * helpful (#SDM_UNKNOWN_WORST), or (#SDM_UNKNOWN_MEAN) as the mean of the
 * values the side effect's known cells count as, over every medicine of the
 * formulary (whatever the filters): `mean_i = (1/n_i) sum over m with a
 * known cell i of s(m, i)`, and 0.5 when no medicine rates it.
 *
 * Two optional terms change the score (numeric.h and efficacy.h):
 * under `"evidence": "numeric"` (sdm_match_options_set_evidence()) a cell with
 * numeric trial evidence counts as its effect normalised across the
 * formulary instead of `s(rating)`; with a trade-off weight λ > 0
 * (sdm_match_options_set_tradeoff()) the score becomes
 * `side-effect score + λ * lack of efficacy`, the lack being
 * `(e_max - e(m)) / (e_max - e_min)` on e = -SMD over the formulary's
 * medicines with efficacy data (0 for the most effective, 1 for the least).
 */
#ifndef SDM_OPTIONS_H
#define SDM_OPTIONS_H

#include "common.h"
#include "evidence.h"
#include "restriction.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief How the ranks 1..k are turned into weights. All but #SDM_WEIGHTS_CUSTOM sum to 1. */
typedef enum sdm_weight_scheme {
    SDM_WEIGHTS_ROC = 0,           /**< Rank-order centroid: w_i = (1/k) sum_{j=i..k} 1/j (the default). */
    SDM_WEIGHTS_RANK_SUM = 1,      /**< Rank sum: w_i = 2 (k + 1 - i) / (k (k + 1)). */
    SDM_WEIGHTS_RECIPROCAL = 2,    /**< Reciprocal of rank: w_i = (1/i) / sum_j 1/j. */
    SDM_WEIGHTS_EQUAL = 3,         /**< Every rank alike: w_i = 1/k. */
    SDM_WEIGHTS_LEXICOGRAPHIC = 4, /**< Rank 1 decides; rank 2 only breaks ties of rank 1; and so on. */
    SDM_WEIGHTS_CUSTOM = 5         /**< The caller's weights (sdm_match_options_set_custom_weights()). */
} sdm_weight_scheme;

/** @brief How a rating that no source gives is counted. Never as none. */
typedef enum sdm_unknown_policy {
    SDM_UNKNOWN_MIDDLE = 0,   /**< As the middle of the scale (0.5), flagged in the result (the default). */
    SDM_UNKNOWN_WORST = 1,    /**< As the worst case: +++ on an avoided side effect, no benefit on a helpful one. */
    SDM_UNKNOWN_EXCLUDE = 2,  /**< The medicine is moved to the excluded list, with the side effect named. */
    SDM_UNKNOWN_MEAN = 3      /**< As the side effect's mean over the formulary's medicines that rate it, flagged
                                   (the middle of the scale where none does); see options.h. */
} sdm_unknown_policy;

/** @brief Passed to sdm_match_options_set_helpful_weight(): the weight of the lowest ranked side effect. */
#define SDM_HELPFUL_WEIGHT_AUTO (-1.0)

/**
 * @brief The largest custom or helpful weight: with at most #SDM_MAX_RANK ranked
 *        and #SDM_MAX_ITEMS helpful side effects, every score stays finite.
 */
#define SDM_MAX_WEIGHT 1e300

/**
 * @brief Creates options with the defaults.
 * @param[out] out receives the options; free them with sdm_match_options_free().
 * @return #SDM_OK, #SDM_ERR_INVALID_ARGUMENT or #SDM_ERR_NO_MEMORY.
 */
SDM_API sdm_status sdm_match_options_new(sdm_match_options **out);

/**
 * @brief Frees options. NULL is ignored.
 * @param opts options, or NULL.
 */
SDM_API void sdm_match_options_free(sdm_match_options *opts);

/**
 * @brief Makes an independent copy of options.
 * @param opts options.
 * @param[out] out receives the copy.
 * @return #SDM_OK, #SDM_ERR_INVALID_ARGUMENT or #SDM_ERR_NO_MEMORY.
 */
SDM_API sdm_status sdm_match_options_copy(const sdm_match_options *opts, sdm_match_options **out);

/**
 * @brief Chooses the weighting scheme.
 * @param opts options.
 * @param scheme a scheme; #SDM_WEIGHTS_CUSTOM only after custom weights were set.
 * @return #SDM_OK or #SDM_ERR_INVALID_ARGUMENT.
 */
SDM_API sdm_status sdm_match_options_set_scheme(sdm_match_options *opts, sdm_weight_scheme scheme);

/**
 * @brief The weighting scheme.
 * @param opts options.
 * @return the scheme (#SDM_WEIGHTS_ROC if `opts` is NULL).
 */
SDM_API sdm_weight_scheme sdm_match_options_scheme(const sdm_match_options *opts);

/**
 * @brief Sets the caller's own weight for each rank and selects #SDM_WEIGHTS_CUSTOM.
 *
 * The weights are used as given (not normalised). A ranking with more ranks
 * than weights is refused by sdm_match_run().
 * @param opts options.
 * @param weights weights[0] for rank 1, weights[1] for rank 2, ...; from 0 to #SDM_MAX_WEIGHT, not all 0.
 * @param count 1 to #SDM_MAX_RANK.
 * @return #SDM_OK or #SDM_ERR_INVALID_ARGUMENT naming the bad weight.
 */
SDM_API sdm_status sdm_match_options_set_custom_weights(sdm_match_options *opts,
                                                        const double *weights, size_t count);

/**
 * @brief The weight each rank gets for a ranking of k side effects.
 *
 * For the default, k = 5 gives .4567 .2567 .1567 .0900 .0400.
 * @param opts options (NULL = defaults).
 * @param k the number of ranked side effects, 1 to #SDM_MAX_RANK.
 * @param[out] weights receives k weights, rank 1 first.
 * @return #SDM_OK or #SDM_ERR_INVALID_ARGUMENT (also when custom weights cover fewer than k ranks).
 */
SDM_API sdm_status sdm_match_options_weights(const sdm_match_options *opts, int k, double *weights);

/**
 * @brief Sets the values of the four ratings (none, +, ++, +++).
 *
 * They are mapped onto [0, 1] by (v - v[0]) / (v[3] - v[0]); (0, 1, 3, 9)
 * punishes marked effects harder than the default (0, 1, 2, 3).
 * @param opts options.
 * @param values four finite values, strictly increasing, whose range (values[3] - values[0]) is finite.
 * @return #SDM_OK or #SDM_ERR_INVALID_ARGUMENT.
 */
SDM_API sdm_status sdm_match_options_set_severity_scale(sdm_match_options *opts, const double values[4]);

/**
 * @brief The severity of a rating on [0, 1] under these options.
 * @param opts options (NULL = defaults).
 * @param rating #SDM_RATING_NONE to #SDM_RATING_HIGH.
 * @return the severity, or -1 if `rating` is out of range.
 */
SDM_API double sdm_match_options_severity(const sdm_match_options *opts, int rating);

/**
 * @brief Chooses how unknown ratings are counted.
 * @param opts options.
 * @param policy a policy.
 * @return #SDM_OK or #SDM_ERR_INVALID_ARGUMENT.
 */
SDM_API sdm_status sdm_match_options_set_unknown_policy(sdm_match_options *opts, sdm_unknown_policy policy);

/**
 * @brief How unknown ratings are counted.
 * @param opts options.
 * @return the policy (#SDM_UNKNOWN_MIDDLE if `opts` is NULL).
 */
SDM_API sdm_unknown_policy sdm_match_options_unknown_policy(const sdm_match_options *opts);

/**
 * @brief Chooses the rule that makes each cell's rating from its sources' readings.
 * @param opts options.
 * @param rule a rule; #SDM_SYNTHESIS_CONSENSUS is the default.
 * @return #SDM_OK or #SDM_ERR_INVALID_ARGUMENT.
 */
SDM_API sdm_status sdm_match_options_set_synthesis(sdm_match_options *opts, sdm_synthesis rule);

/**
 * @brief The synthesis rule.
 * @param opts options.
 * @return the rule (#SDM_SYNTHESIS_CONSENSUS if `opts` is NULL).
 */
SDM_API sdm_synthesis sdm_match_options_synthesis(const sdm_match_options *opts);

/**
 * @brief Sets the weight of each helpful side effect.
 * @param opts options.
 * @param weight a value from 0 to #SDM_MAX_WEIGHT, or #SDM_HELPFUL_WEIGHT_AUTO for the
 *        weight of the lowest ranked side effect (1 when nothing is ranked).
 * @return #SDM_OK or #SDM_ERR_INVALID_ARGUMENT.
 */
SDM_API sdm_status sdm_match_options_set_helpful_weight(sdm_match_options *opts, double weight);

/**
 * @brief The weight of each helpful side effect as set.
 * @param opts options.
 * @return the weight, or #SDM_HELPFUL_WEIGHT_AUTO.
 */
SDM_API double sdm_match_options_helpful_weight(const sdm_match_options *opts);

/**
 * @brief Leaves a medicine out of the ranked list, e.g. one that failed before.
 *
 * The medicine appears in the excluded list with the reason. Whether it is in
 * the formulary is checked by sdm_match_run().
 * @param opts options.
 * @param medication_id the medicine's id.
 * @param reason why, in words for the person, in UTF-8; NULL, or text that is
 *        empty or only white space, gives "excluded by the prescriber". Text with
 *        control characters (a line break inside it), line separators or
 *        bidirectional controls is refused: it could forge a line of the output.
 * @return #SDM_OK, #SDM_ERR_DUPLICATE, #SDM_ERR_LIMIT or #SDM_ERR_INVALID_ARGUMENT.
 */
SDM_API sdm_status sdm_match_options_exclude(sdm_match_options *opts, const char *medication_id,
                                             const char *reason);

/**
 * @brief Keeps only medicines recorded in a formulation; the others are excluded with the reason.
 *
 * Several calls require all of the formulations.
 * @param opts options.
 * @param formulation one of the formats' formulations: "tablet", "modified_release_tablet",
 *        "orodispersible", "sublingual_tablet", "capsule", "liquid", "short_acting_injection",
 *        "long_acting_injection", "transdermal_patch", "inhalation".
 * @return #SDM_OK, #SDM_ERR_DUPLICATE, #SDM_ERR_LIMIT, #SDM_ERR_INVALID_ARGUMENT, or
 *         #SDM_ERR_NOT_FOUND for a word not in that list (with the closest one).
 */
SDM_API sdm_status sdm_match_options_require_formulation(sdm_match_options *opts, const char *formulation);

/**
 * @brief Keeps only medicines recorded as licensed in a country; the others are excluded with the reason.
 *
 * Several calls require all of the countries.
 * @param opts options.
 * @param country an ISO 3166-1 alpha-2 code in capitals, except "UK" (not "GB") for the
 *        United Kingdom, or "EU" for a licence of the European Union.
 * @return #SDM_OK, #SDM_ERR_DUPLICATE, #SDM_ERR_LIMIT, #SDM_ERR_INVALID_ARGUMENT, or
 *         #SDM_ERR_NOT_FOUND for another code ("GB": "did you mean 'UK'?").
 */
SDM_API sdm_status sdm_match_options_require_licence(sdm_match_options *opts, const char *country);

/**
 * @brief States that a decision context holds, so that a medicine restricted
 *        to it may be offered (and its requirement is shown wherever it appears).
 *
 * A restricted medicine whose context does not hold is excluded with the
 * reason in words (#SDM_EXCLUDED_RESTRICTION): clozapine is offered only where
 * schizophrenia has not responded to two other antipsychotics
 * ("treatment_resistant"). Several calls state several contexts.
 * @param opts options.
 * @param context a context of the vocabulary (see sdm_context_id_at()).
 * @return #SDM_OK, #SDM_ERR_DUPLICATE, #SDM_ERR_LIMIT, #SDM_ERR_INVALID_ARGUMENT, or
 *         #SDM_ERR_NOT_FOUND for a word not of the vocabulary (with the closest one).
 */
SDM_API sdm_status sdm_match_options_allow_context(sdm_match_options *opts, const char *context);

/**
 * @brief How many decision contexts are stated to hold.
 * @param opts options.
 * @return the count, 0 if `opts` is NULL.
 */
SDM_API size_t sdm_match_options_context_count(const sdm_match_options *opts);

/**
 * @brief A decision context stated to hold.
 * @param opts options.
 * @param index a position below sdm_match_options_context_count().
 * @return the context's id, or NULL if out of range.
 */
SDM_API const char *sdm_match_options_context(const sdm_match_options *opts, size_t index);

/**
 * @brief Records that the person is detained (e.g. under the Mental Health
 *        Act), with the clinician's statement of the limits of choice, which
 *        the result and the decision record then carry.
 * @param opts options.
 * @param detained 1 if the person is detained, 0 if not (the default).
 * @param limits the clinician's statement, in words for the person (UTF-8, not
 *        blank, no control characters), required when `detained`; NULL otherwise.
 * @return #SDM_OK, #SDM_ERR_INVALID_ARGUMENT, #SDM_ERR_LIMIT or #SDM_ERR_NO_MEMORY.
 */
SDM_API sdm_status sdm_match_options_set_detained(sdm_match_options *opts, int detained, const char *limits);

/**
 * @brief Whether the person is detained.
 * @param opts options.
 * @return 1 or 0 (0 if `opts` is NULL).
 */
SDM_API int sdm_match_options_detained(const sdm_match_options *opts);

/**
 * @brief The clinician's statement of the limits of choice of a detained person.
 * @param opts options.
 * @return the statement, or NULL when the person is not detained.
 */
SDM_API const char *sdm_match_options_limits(const sdm_match_options *opts);

/**
 * @brief Sets the date to revisit the decision (the tool is meant to be used again over time).
 * @param opts options.
 * @param date "YYYY-MM-DD", a day the month has; NULL for none.
 * @return #SDM_OK or #SDM_ERR_INVALID_ARGUMENT.
 */
SDM_API sdm_status sdm_match_options_set_revisit(sdm_match_options *opts, const char *date);

/**
 * @brief The date to revisit the decision.
 * @param opts options.
 * @return "YYYY-MM-DD", or "" when none is set (NULL if `opts` is NULL).
 */
SDM_API const char *sdm_match_options_revisit(const sdm_match_options *opts);

/**
 * @brief The id used in JSON for a weighting scheme: "roc", "rank_sum",
 *        "reciprocal", "equal", "lexicographic" or "custom".
 * @param scheme a scheme.
 * @return static text, or NULL for a value out of range.
 */
SDM_API const char *sdm_weight_scheme_id(sdm_weight_scheme scheme);

/**
 * @brief The scheme with a JSON id (see sdm_weight_scheme_id()).
 * @param id the id.
 * @param[out] scheme receives the scheme.
 * @return #SDM_OK, #SDM_ERR_NOT_FOUND or #SDM_ERR_INVALID_ARGUMENT.
 */
SDM_API sdm_status sdm_weight_scheme_from_id(const char *id, sdm_weight_scheme *scheme);

/**
 * @brief The id used in JSON for an unknown policy: "middle", "worst", "exclude" or "mean".
 * @param policy a policy.
 * @return static text, or NULL for a value out of range.
 */
SDM_API const char *sdm_unknown_policy_id(sdm_unknown_policy policy);

/**
 * @brief The unknown policy with a JSON id (see sdm_unknown_policy_id()).
 * @param id the id.
 * @param[out] policy receives the policy.
 * @return #SDM_OK, #SDM_ERR_NOT_FOUND or #SDM_ERR_INVALID_ARGUMENT.
 */
SDM_API sdm_status sdm_unknown_policy_from_id(const char *id, sdm_unknown_policy *policy);

/**
 * @brief Writes options as JSON in the `sdm-options` format.
 * @param opts options (NULL = defaults).
 * @param[out] out receives NUL-terminated text; free it with sdm_free().
 * @return #SDM_OK or #SDM_ERR_NO_MEMORY.
 */
SDM_API sdm_status sdm_match_options_to_json(const sdm_match_options *opts, char **out);

/**
 * @brief Reads options from JSON in the `sdm-options` format.
 *
 * Keys: "scheme", "weights" (custom), "severity_scale" (4 numbers),
 * "unknown" ("middle", "worst", "exclude", "mean"), "synthesis" ("consensus", "highest",
 * "precedence"), "evidence" ("ordinal", "numeric": numeric.h), "tradeoff" (a number
 * from 0: efficacy.h), "helpful_weight" (a number or
 * "auto"), "exclude" ([{"id": ..., "reason": ...}] or ids),
 * "require_formulations" and "require_licences" (arrays of strings), "contexts"
 * (the decision contexts that hold, an array of ids). All optional.
 * @param json the text; it need not be NUL-terminated.
 * @param len its length in bytes.
 * @param[out] out receives the options.
 * @return #SDM_OK or a negative status naming the key.
 */
SDM_API sdm_status sdm_match_options_from_json(const char *json, size_t len, sdm_match_options **out);

#ifdef __cplusplus
}
#endif

#endif /* SDM_OPTIONS_H */
