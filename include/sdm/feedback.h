/*
 * libsdm - shared decision making about antipsychotic medication
 * SPDX-License-Identifier: MIT
 */
/**
 * @file feedback.h
 * @brief The person's feedback on how shared the decision was, kept in the decision record.
 *
 * Two instruments are known: CollaboRATE (three items scored 0 to 9) and the
 * SDM-Q-9 (nine items scored 0 to 5). The library stores the item scores, the
 * instrument's name and version, and computes its scores; the wording of the
 * items is licensed by their authors and stays with the front end.
 */
#ifndef SDM_FEEDBACK_H
#define SDM_FEEDBACK_H

#include "common.h"
#include "record.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief Feedback on one decision: an instrument and its item scores. */
typedef struct sdm_feedback sdm_feedback;

/** @brief The instruments of feedback. */
typedef enum sdm_instrument {
    SDM_INSTRUMENT_COLLABORATE = 1, /**< CollaboRATE: 3 items, each 0 to 9. */
    SDM_INSTRUMENT_SDM_Q9 = 2       /**< SDM-Q-9: 9 items, each 0 to 5. */
} sdm_instrument;

/**
 * @brief Makes feedback from an instrument's item scores.
 * @param instrument the instrument.
 * @param version the version of the instrument used (e.g. "CollaboRATE 3-item, 2014"), UTF-8
 *        text without control characters, or NULL.
 * @param items the item scores in the instrument's order: 3 of 0..9 for CollaboRATE, 9 of
 *        0..5 for the SDM-Q-9.
 * @param count how many scores `items` holds (3 or 9, as the instrument has).
 * @param[out] out receives the feedback; free it with sdm_feedback_free().
 * @return #SDM_OK, #SDM_ERR_INVALID_ARGUMENT naming the score out of range, or #SDM_ERR_NO_MEMORY.
 */
SDM_API sdm_status sdm_feedback_new(sdm_instrument instrument, const char *version, const int *items, size_t count,
                                    sdm_feedback **out);

/**
 * @brief Frees feedback. NULL is ignored.
 * @param fb feedback, or NULL.
 */
SDM_API void sdm_feedback_free(sdm_feedback *fb);

/**
 * @brief The instrument of the feedback.
 * @param fb feedback.
 * @return the instrument, or 0 if `fb` is NULL.
 */
SDM_API sdm_instrument sdm_feedback_instrument(const sdm_feedback *fb);

/**
 * @brief The version of the instrument as given ("" when none).
 * @param fb feedback.
 * @return the text, or NULL if `fb` is NULL.
 */
SDM_API const char *sdm_feedback_version(const sdm_feedback *fb);

/**
 * @brief How many item scores the feedback holds (3 or 9).
 * @param fb feedback.
 * @return the count, 0 if `fb` is NULL.
 */
SDM_API size_t sdm_feedback_item_count(const sdm_feedback *fb);

/**
 * @brief One item score.
 * @param fb feedback.
 * @param i a position below sdm_feedback_item_count().
 * @return the score, or -1 if out of range.
 */
SDM_API int sdm_feedback_item(const sdm_feedback *fb, size_t i);

/**
 * @brief The instrument's score on 0 to 100: the SDM-Q-9's total x 20/9; CollaboRATE's
 *        mean score, total x 100/27.
 * @param fb feedback.
 * @return the score, or NaN if `fb` is NULL.
 */
SDM_API double sdm_feedback_score(const sdm_feedback *fb);

/**
 * @brief CollaboRATE's top score: 1 when every item is 9, the form the instrument's
 *        authors recommend reporting; 0 otherwise, and for the SDM-Q-9.
 * @param fb feedback.
 * @return 1 or 0.
 */
SDM_API int sdm_feedback_top_score(const sdm_feedback *fb);

/**
 * @brief The id used in JSON for an instrument: "collaborate" or "sdm_q9".
 * @param instrument an instrument.
 * @return static text, or NULL for a value out of range.
 */
SDM_API const char *sdm_instrument_id(sdm_instrument instrument);

/**
 * @brief Writes the decision record of a match with the person's feedback (see sdm_record_to_json()).
 * @param m the match.
 * @param timestamp as for sdm_record_to_json(), or NULL.
 * @param fb the feedback, or NULL for none.
 * @param[out] out receives NUL-terminated text; free it with sdm_free().
 * @return as sdm_record_to_json().
 */
SDM_API sdm_status sdm_record_to_json_with_feedback(const sdm_match *m, const char *timestamp, const sdm_feedback *fb,
                                                    char **out);

/**
 * @brief The feedback a re-opened decision record holds.
 * @param rec a record.
 * @return the feedback (owned by the record), or NULL when it has none.
 */
SDM_API const sdm_feedback *sdm_record_feedback(const sdm_record *rec);

#ifdef __cplusplus
}
#endif

#endif /* SDM_FEEDBACK_H */
