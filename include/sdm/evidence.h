/*
 * libsdm - shared decision making about antipsychotic medication
 * SPDX-License-Identifier: MIT
 */
/**
 * @file evidence.h
 * @brief The evidence behind a rating: every source's reading of a cell, and
 *        the synthesis rule that makes one rating from them.
 *
 * A cell (one medicine, one side effect) keeps the reading of every source
 * that rates it. Its rating is made from those readings by a synthesis rule
 * chosen when the data is used (a match option), so that a researcher can see
 * how much the choice matters. A cell no source reads is unknown under every
 * rule: unknown is never none.
 */
#ifndef SDM_EVIDENCE_H
#define SDM_EVIDENCE_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief How a cell's rating is made from its readings.
 *
 * Where a deciding source (the paper's own card, a Trust's reviewed rating)
 * reads the cell, its reading is the rating under every rule.
 */
typedef enum sdm_synthesis {
    SDM_SYNTHESIS_CONSENSUS = 0,  /**< The median of the readings; of an even number, the higher middle one (the default). */
    SDM_SYNTHESIS_HIGHEST = 1,    /**< The highest reading: never understates any source's warning. */
    SDM_SYNTHESIS_PRECEDENCE = 2  /**< The first source in the formulary's order of sources (the rule of data 2026.11). */
} sdm_synthesis;

/**
 * @brief The id used in JSON for a synthesis rule: "consensus", "highest" or "precedence".
 * @param rule a rule.
 * @return static text, or NULL for a value out of range.
 */
SDM_API const char *sdm_synthesis_id(sdm_synthesis rule);

/**
 * @brief The synthesis rule with a JSON id (see sdm_synthesis_id()).
 * @param id the id.
 * @param[out] rule receives the rule.
 * @return #SDM_OK, #SDM_ERR_NOT_FOUND (with the closest id in the message) or #SDM_ERR_INVALID_ARGUMENT.
 */
SDM_API sdm_status sdm_synthesis_from_id(const char *id, sdm_synthesis *rule);

/** @brief One source's reading of a cell (one medicine, one side effect). Owned by its formulary. */
typedef struct sdm_reading sdm_reading;

/** @brief A numeric effect against a comparator (e.g. a risk ratio from a trial synthesis). Owned by its formulary. */
typedef struct sdm_evidence sdm_evidence;

/** @brief How far a source can be relied on, as the formulary states it. */
typedef enum sdm_reliability {
    SDM_RELIABILITY_UNSTATED = 0,      /**< Not stated (every source of a format-1 formulary). */
    SDM_RELIABILITY_REGULATORY = 1,    /**< A regulator's text: SmPC, label, EPAR, Fachinformation. */
    SDM_RELIABILITY_PEER_REVIEWED = 2, /**< A journal paper, or a guideline table published in one. */
    SDM_RELIABILITY_SECONDARY = 3,     /**< A copy or reproduction of a source (a web copy, values packaged by an app). */
    SDM_RELIABILITY_LOCAL_REVIEW = 4   /**< A Trust's own reviewed rating. */
} sdm_reliability;

/** @brief What a number of numeric evidence measures. */
typedef enum sdm_measure {
    SDM_MEASURE_RISK_RATIO = 1,       /**< How many times as common as with the comparator. */
    SDM_MEASURE_MEAN_DIFFERENCE = 2   /**< The mean difference from the comparator, in a unit (kg, ng/mL, ms). */
} sdm_measure;

/** @brief The confidence in a number, on the CINeMA scale. */
typedef enum sdm_confidence {
    SDM_CONFIDENCE_NOT_GRADED = 0,  /**< The source grades no confidence. */
    SDM_CONFIDENCE_VERY_LOW = 1,    /**< Very low. */
    SDM_CONFIDENCE_LOW = 2,         /**< Low. */
    SDM_CONFIDENCE_MODERATE = 3,    /**< Moderate. */
    SDM_CONFIDENCE_HIGH = 4         /**< High. */
} sdm_confidence;

/** @brief The spread at which sources are said to disagree: a cell whose readings differ by two steps or more. */
#define SDM_DISAGREEMENT_SPREAD 2

/**
 * @brief The rating of one side effect of a medicine under a synthesis rule.
 *
 * sdm_profile_rating() is the rating under the default rule, #SDM_SYNTHESIS_CONSENSUS.
 * @param p a profile.
 * @param effect_index a position in the formulary's catalogue.
 * @param rule a synthesis rule.
 * @return #SDM_RATING_UNKNOWN (-1) to #SDM_RATING_HIGH (3); #SDM_RATING_UNKNOWN
 *         too if an argument is invalid.
 */
SDM_API int sdm_profile_rating_by(const sdm_profile *p, size_t effect_index, sdm_synthesis rule);

/**
 * @brief How many sources read one cell.
 * @param p a profile.
 * @param effect_index a position in the formulary's catalogue.
 * @return the count; 0 when no source rates it (the cell is unknown) or an argument is invalid.
 */
SDM_API size_t sdm_profile_reading_count(const sdm_profile *p, size_t effect_index);

/**
 * @brief One reading of a cell, in the order of the formulary's sources.
 * @param p a profile.
 * @param effect_index a position in the formulary's catalogue.
 * @param i a position below sdm_profile_reading_count().
 * @return the reading (valid as long as the formulary), or NULL if out of range.
 */
SDM_API const sdm_reading *sdm_profile_reading(const sdm_profile *p, size_t effect_index, size_t i);

/**
 * @brief The spread of a cell: its highest reading minus its lowest (the low end of a range).
 *
 * A spread of #SDM_DISAGREEMENT_SPREAD or more is shown to the person as disagreement.
 * @param p a profile.
 * @param effect_index a position in the formulary's catalogue.
 * @return 0 to 3, or -1 when no source rates the cell or an argument is invalid.
 */
SDM_API int sdm_profile_spread(const sdm_profile *p, size_t effect_index);

/**
 * @brief The readings of a cell in plain words, lowest first, e.g.
 *        "none to ++: Maudsley none, UpToDate +, S3 ++".
 *
 * One reading gives e.g. "++: S3 ++"; none gives "not known: no source rates it".
 * @param p a profile.
 * @param effect_index a position in the formulary's catalogue.
 * @param[out] out receives NUL-terminated UTF-8 text; free it with sdm_free().
 * @return #SDM_OK, #SDM_ERR_INVALID_ARGUMENT or #SDM_ERR_NO_MEMORY.
 */
SDM_API sdm_status sdm_profile_describe_readings(const sdm_profile *p, size_t effect_index, char **out);

/**
 * @brief The key of the source of a reading, e.g. "maudsley".
 * @param r a reading.
 * @return the key, or NULL if `r` is NULL.
 */
SDM_API const char *sdm_reading_source(const sdm_reading *r);

/**
 * @brief The cell or frequency exactly as the source prints it, e.g. "0/+", "common".
 * @param r a reading.
 * @return the text, or NULL if `r` is NULL.
 */
SDM_API const char *sdm_reading_printed(const sdm_reading *r);

/**
 * @brief The ordinal value of a reading, #SDM_RATING_NONE to #SDM_RATING_HIGH; for a range, its high end.
 * @param r a reading.
 * @return the value, or #SDM_RATING_UNKNOWN if `r` is NULL.
 */
SDM_API int sdm_reading_value(const sdm_reading *r);

/**
 * @brief The low end of a reading that prints a range ("0/+": 0); the value itself otherwise.
 * @param r a reading.
 * @return the low end, or #SDM_RATING_UNKNOWN if `r` is NULL.
 */
SDM_API int sdm_reading_low(const sdm_reading *r);

/**
 * @brief Where exactly the reading comes from (table and column, page), or "".
 * @param r a reading.
 * @return the note, or NULL if `r` is NULL.
 */
SDM_API const char *sdm_reading_note(const sdm_reading *r);

/**
 * @brief How many numbers of numeric evidence a cell has.
 * @param p a profile.
 * @param effect_index a position in the formulary's catalogue.
 * @return the count; 0 when there is none or an argument is invalid.
 */
SDM_API size_t sdm_profile_evidence_count(const sdm_profile *p, size_t effect_index);

/**
 * @brief One number of numeric evidence of a cell.
 * @param p a profile.
 * @param effect_index a position in the formulary's catalogue.
 * @param i a position below sdm_profile_evidence_count().
 * @return the evidence (valid as long as the formulary), or NULL if out of range.
 */
SDM_API const sdm_evidence *sdm_profile_evidence(const sdm_profile *p, size_t effect_index, size_t i);

/**
 * @brief The key of the source of a number, e.g. "huhn2019".
 * @param e numeric evidence.
 * @return the key, or NULL if `e` is NULL.
 */
SDM_API const char *sdm_evidence_source(const sdm_evidence *e);

/**
 * @brief The source's name for what was measured, e.g. "akathisia", "weight_gain".
 * @param e numeric evidence.
 * @return the outcome, or NULL if `e` is NULL.
 */
SDM_API const char *sdm_evidence_outcome(const sdm_evidence *e);

/**
 * @brief What the number measures.
 * @param e numeric evidence.
 * @return the measure, or 0 if `e` is NULL.
 */
SDM_API sdm_measure sdm_evidence_measure(const sdm_evidence *e);

/**
 * @brief The number: a risk ratio (> 0) or a mean difference in sdm_evidence_unit().
 * @param e numeric evidence.
 * @return the value, or NaN if `e` is NULL.
 */
SDM_API double sdm_evidence_value(const sdm_evidence *e);

/**
 * @brief The unit of a mean difference ("kg", "ng/mL", "ms"); "" for a risk ratio.
 * @param e numeric evidence.
 * @return the unit, or NULL if `e` is NULL.
 */
SDM_API const char *sdm_evidence_unit(const sdm_evidence *e);

/**
 * @brief The comparator, e.g. "placebo".
 * @param e numeric evidence.
 * @return the comparator, or NULL if `e` is NULL.
 */
SDM_API const char *sdm_evidence_versus(const sdm_evidence *e);

/**
 * @brief The confidence in the number (CINeMA).
 * @param e numeric evidence.
 * @return the confidence; #SDM_CONFIDENCE_NOT_GRADED if `e` is NULL.
 */
SDM_API sdm_confidence sdm_evidence_confidence(const sdm_evidence *e);

/**
 * @brief A note on the number (where it comes from), or "".
 * @param e numeric evidence.
 * @return the note, or NULL if `e` is NULL.
 */
SDM_API const char *sdm_evidence_note(const sdm_evidence *e);

/**
 * @brief The number in plain words with its source and confidence, e.g. "in
 *        trials (Huhn 2019), restlessness (akathisia): about 3.9 times as common
 *        as with placebo (risk ratio 3.93); moderate confidence", "in trials
 *        (Huhn 2019), weight: on average 2.8 kg more than with placebo; high
 *        confidence". A risk ratio of 1.95 or more reads "about N times as
 *        common", from 1.05 "about N% more common", from 0.95 "about as
 *        common", below that "about N% less common".
 * @param e numeric evidence.
 * @param[out] out receives NUL-terminated UTF-8 text; free it with sdm_free().
 * @return #SDM_OK, #SDM_ERR_INVALID_ARGUMENT or #SDM_ERR_NO_MEMORY.
 */
SDM_API sdm_status sdm_evidence_describe(const sdm_evidence *e, char **out);

/**
 * @brief The id used in JSON for a reliability: "unstated", "regulatory",
 *        "peer_reviewed", "secondary" or "local_review".
 * @param reliability a reliability.
 * @return static text, or NULL for a value out of range.
 */
SDM_API const char *sdm_reliability_id(sdm_reliability reliability);

/**
 * @brief The reliability with a JSON id (see sdm_reliability_id()).
 * @param id the id.
 * @param[out] reliability receives the value.
 * @return #SDM_OK, #SDM_ERR_NOT_FOUND or #SDM_ERR_INVALID_ARGUMENT.
 */
SDM_API sdm_status sdm_reliability_from_id(const char *id, sdm_reliability *reliability);

/**
 * @brief The id used in JSON for a measure: "risk_ratio" or "mean_difference".
 * @param measure a measure.
 * @return static text, or NULL for a value out of range.
 */
SDM_API const char *sdm_measure_id(sdm_measure measure);

/**
 * @brief The id used in JSON for a confidence: "not_graded", "very_low", "low", "moderate" or "high".
 * @param confidence a confidence.
 * @return static text, or NULL for a value out of range.
 */
SDM_API const char *sdm_confidence_id(sdm_confidence confidence);

#ifdef __cplusplus
}
#endif

#endif /* SDM_EVIDENCE_H */
