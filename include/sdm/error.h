/*
 * libsdm - shared decision making about antipsychotic medication
 * SPDX-License-Identifier: MIT
 */
/**
 * @file error.h
 * @brief Error text: a static description of every status and the detail of the last failure.
 */
#ifndef SDM_ERROR_H
#define SDM_ERROR_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief A short, static description of a status.
 *
 * Defined for every value, including values this version does not know
 * (they give "unknown status").
 * @param status any value.
 * @return static text, never NULL.
 */
SDM_API const char *sdm_strerror(sdm_status status);

/**
 * @brief A stable id for a status, for logs, JSON and the bindings' exception
 *        classes: "ok", "invalid_argument", "no_memory", "not_found",
 *        "duplicate", "conflict", "parse", "schema", "io" or "limit".
 * @param status a status.
 * @return static text, or NULL for a value that is not a status.
 */
SDM_API const char *sdm_status_id(sdm_status status);

/**
 * @brief The detail of the last failure in the calling thread.
 *
 * Every function that returns a negative status sets this text first; it names
 * the offending thing, for example
 * `formulary.json:12:7: unknown side effect 'weight_gian' in medications[2].ratings (did you mean 'weight_gain'?)`.
 * Successful calls leave it unchanged, like `errno`. The text is thread-local:
 * a failure in one thread never changes what another thread reads.
 *
 * The text is valid UTF-8 and at most 1,023 bytes: a longer one is cut
 * between two characters, and a byte of the caller's text that is not
 * UTF-8 (an id given in Latin-1) is shown as `?`.
 *
 * @return the text, valid until the next failing libsdm call in this thread;
 *         never NULL ("" before any failure).
 */
SDM_API const char *sdm_last_error(void);

/**
 * @brief Forgets the last failure of the calling thread; sdm_last_error() then returns "".
 */
SDM_API void sdm_clear_error(void);

#ifdef __cplusplus
}
#endif

#endif /* SDM_ERROR_H */
