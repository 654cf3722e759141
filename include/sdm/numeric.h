/*
 * libsdm - shared decision making about antipsychotic medication
 * SPDX-License-Identifier: MIT
 */
/**
 * @file numeric.h
 * @brief Scoring on numeric trial evidence instead of the ordinal tables, and
 *        where the value of each term of a match came from.
 *
 * Under #SDM_EVIDENCE_NUMERIC (sdm_match_options_set_evidence(), JSON
 * `"evidence": "numeric"`), a cell with numeric evidence against placebo (the
 * default data: Huhn 2019 for akathisia, anticholinergic effects,
 * antiparkinson medication, sedation, prolactin, QTc and weight) counts as
 * its effect normalised across the formulary's medicines; every other cell
 * counts as its ordinal rating, as under #SDM_EVIDENCE_ORDINAL. For each
 * outcome (e.g. "akathisia"), over every medicine of the formulary that has a
 * number for it (whatever the filters):
 *
 *     x(m) = ln(risk ratio)  or  the mean difference (kg, ng/mL, ms)
 *     h(m) = max(0, x(m))              no effect or a protective one is 0
 *     n(m) = h(m) / max over m of h    the largest harm is 1 (all 0 when none harms)
 *
 * so a risk ratio of 2 where the largest is 4 counts ln 2 / ln 4 = 0.5. A
 * cell with several numbers uses the first. n(m) takes the place of the
 * severity on [0, 1]; helpful terms use it too. Each term of a match says
 * where its value came from (sdm_match_term_source()) and, for a number, its
 * CINeMA confidence (sdm_match_term_evidence()). A cell with a number is not
 * unknown under #SDM_EVIDENCE_NUMERIC, even where no source rates it: it
 * counts neither in sdm_match_unknown_count() nor towards exclusion under
 * #SDM_UNKNOWN_EXCLUDE, and the warning that no medicine rates a side effect
 * is not given for it.
 */
#ifndef SDM_NUMERIC_H
#define SDM_NUMERIC_H

#include "common.h"
#include "evidence.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief What a cell counts as in a match: its ordinal rating, or its numeric evidence where it has some. */
typedef enum sdm_evidence_mode {
    SDM_EVIDENCE_ORDINAL = 0, /**< The rating under the synthesis rule (the default). */
    SDM_EVIDENCE_NUMERIC = 1  /**< The normalised numeric effect where there is one, the rating elsewhere. */
} sdm_evidence_mode;

/** @brief Where the value of one term of one medicine came from. */
typedef enum sdm_term_source {
    SDM_TERM_RATING = 1,   /**< The cell's ordinal rating under the synthesis rule. */
    SDM_TERM_NUMERIC = 2,  /**< Its numeric evidence, normalised (#SDM_EVIDENCE_NUMERIC). */
    SDM_TERM_IMPUTED = 3,  /**< Unknown: a value given by the unknown policy (middle, worst or mean). */
    SDM_TERM_PERSONAL = 4  /**< The person had it on this medicine: counted as +++. */
} sdm_term_source;

/**
 * @brief Chooses what cells count as.
 * @param opts options.
 * @param mode a mode; #SDM_EVIDENCE_ORDINAL is the default.
 * @return #SDM_OK or #SDM_ERR_INVALID_ARGUMENT.
 */
SDM_API sdm_status sdm_match_options_set_evidence(sdm_match_options *opts, sdm_evidence_mode mode);

/**
 * @brief What cells count as.
 * @param opts options.
 * @return the mode (#SDM_EVIDENCE_ORDINAL if `opts` is NULL).
 */
SDM_API sdm_evidence_mode sdm_match_options_evidence(const sdm_match_options *opts);

/**
 * @brief The id used in JSON for a mode: "ordinal" or "numeric".
 * @param mode a mode.
 * @return static text, or NULL for a value out of range.
 */
SDM_API const char *sdm_evidence_mode_id(sdm_evidence_mode mode);

/**
 * @brief The mode with a JSON id (see sdm_evidence_mode_id()).
 * @param id the id.
 * @param[out] mode receives the mode.
 * @return #SDM_OK, #SDM_ERR_NOT_FOUND (with the closest id) or #SDM_ERR_INVALID_ARGUMENT.
 */
SDM_API sdm_status sdm_evidence_mode_from_id(const char *id, sdm_evidence_mode *mode);

/**
 * @brief The id used in JSON for a term's source: "rating", "numeric", "imputed" or "personal".
 * @param source a source.
 * @return static text, or NULL for a value out of range.
 */
SDM_API const char *sdm_term_source_id(sdm_term_source source);

/**
 * @brief Where the value of a term of a ranked medicine came from.
 * @param m a match.
 * @param i a place below sdm_match_count().
 * @param t a term below sdm_match_term_count().
 * @return the source, or 0 when out of range.
 */
SDM_API sdm_term_source sdm_match_term_source(const sdm_match *m, size_t i, size_t t);

/**
 * @brief The value on [0, 1] a term of a ranked medicine counted as (its
 *        contribution is the term's weight times it, negated when helpful).
 * @param m a match.
 * @param i a place below sdm_match_count().
 * @param t a term below sdm_match_term_count().
 * @return the value, or NaN when out of range.
 */
SDM_API double sdm_match_term_value(const sdm_match *m, size_t i, size_t t);

/**
 * @brief The number a term of a ranked medicine was scored on (#SDM_TERM_NUMERIC),
 *        with its source and CINeMA confidence (sdm_evidence_confidence()).
 * @param m a match.
 * @param i a place below sdm_match_count().
 * @param t a term below sdm_match_term_count().
 * @return the evidence (valid as long as the match), or NULL for any other source.
 */
SDM_API const sdm_evidence *sdm_match_term_evidence(const sdm_match *m, size_t i, size_t t);

#ifdef __cplusplus
}
#endif

#endif /* SDM_NUMERIC_H */
