/*
 * libsdm - shared decision making about antipsychotic medication
 * SPDX-License-Identifier: MIT
 */
/**
 * @file common.h
 * @brief Types, status codes, limits and version shared by every part of libsdm.
 */
#ifndef SDM_COMMON_H
#define SDM_COMMON_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Marks a function as part of the public, exported ABI.
 *
 * The library is built with hidden visibility; only functions declared with
 * this macro are exported (and they are also listed in the linker version
 * script). Define `SDM_STATIC` when linking the static library on a platform
 * where that matters.
 */
#if defined(_WIN32) && !defined(SDM_STATIC)
#  ifdef SDM_BUILDING
#    define SDM_API __declspec(dllexport)
#  else
#    define SDM_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__) && __GNUC__ >= 4
#  define SDM_API __attribute__((visibility("default")))
#else
#  define SDM_API
#endif

/** @brief Major version of the library this header belongs to. */
#define SDM_VERSION_MAJOR 0
/** @brief Minor version of the library this header belongs to. */
#define SDM_VERSION_MINOR 2
/** @brief Patch version of the library this header belongs to. */
#define SDM_VERSION_PATCH 0
/** @brief The version of this header as a string, "MAJOR.MINOR.PATCH". */
#define SDM_VERSION_STRING "0.2.0"

/**
 * @brief Result of every libsdm function that can fail.
 *
 * `SDM_OK` is zero, every error is negative. The values are fixed for ever:
 * new errors get new values, old ones never change meaning. After a failure,
 * sdm_last_error() says what went wrong and names the offending thing.
 */
typedef enum sdm_status {
    SDM_OK = 0,                        /**< Success. */
    SDM_ERR_INVALID_ARGUMENT = -1,     /**< A NULL pointer, a value out of range, or an object in a state that does not allow the call. */
    SDM_ERR_NO_MEMORY = -2,            /**< An allocation failed; nothing was changed. */
    SDM_ERR_NOT_FOUND = -3,            /**< An unknown side-effect or medicine id. */
    SDM_ERR_DUPLICATE = -4,            /**< An id, key or rank given twice. */
    SDM_ERR_CONFLICT = -5,             /**< A side effect both avoided and helpful. */
    SDM_ERR_PARSE = -6,                /**< The text is not well-formed JSON. */
    SDM_ERR_SCHEMA = -7,               /**< Well-formed JSON, but not a valid document of the expected format. */
    SDM_ERR_IO = -8,                   /**< A file could not be opened or read. */
    SDM_ERR_LIMIT = -9                 /**< Over one of the documented size limits (SDM_MAX_*). */
} sdm_status;

/** @brief Most side effects a catalogue may hold. */
#define SDM_MAX_ITEMS 1024
/** @brief Most medicines a formulary may hold. */
#define SDM_MAX_MEDICATIONS 4096
/** @brief Longest string (in bytes, without the terminating NUL) in any loaded document. */
#define SDM_MAX_STRING 4096
/** @brief Longest id (in bytes) of a side effect, group, medicine, source or formulation. */
#define SDM_MAX_ID 64
/** @brief Largest JSON document (in bytes) the loaders accept. */
#define SDM_MAX_DOCUMENT (16u * 1024u * 1024u)
/** @brief Most ranks a ranking may allow (see sdm_ranking_set_max_rank()). */
#define SDM_MAX_RANK 36
/** @brief Most formulations or licence countries one medicine may list. */
#define SDM_MAX_TAGS 32
/** @brief Most readings (or numbers of numeric evidence) one cell of a formulary may hold. */
#define SDM_MAX_READINGS 64

/** @brief A list of side effects, the items of the form (see catalogue.h). */
typedef struct sdm_catalogue sdm_catalogue;
/** @brief A set of medicines with their side-effect ratings (see formulary.h). */
typedef struct sdm_formulary sdm_formulary;
/** @brief One medicine of a formulary (see profile.h). Owned by its formulary. */
typedef struct sdm_profile sdm_profile;
/** @brief A person's ranked side effects to avoid and helpful ones (see ranking.h). */
typedef struct sdm_ranking sdm_ranking;
/** @brief How a match is scored and filtered (see options.h). */
typedef struct sdm_match_options sdm_match_options;
/** @brief The ranked, explained result of matching a ranking to a formulary (see match.h). */
typedef struct sdm_match sdm_match;

/**
 * @brief The version of the library that is linked, "MAJOR.MINOR.PATCH".
 *
 * Compare with #SDM_VERSION_STRING to detect a header/library mismatch.
 * @return static text, never NULL.
 */
SDM_API const char *sdm_version(void);

/**
 * @brief Frees memory that libsdm returned to the caller (JSON text, card text).
 *
 * Uses the allocator set with sdm_set_alloc_funcs(). `sdm_free(NULL)` does nothing.
 * @param ptr memory returned by a libsdm function through a `char **out`.
 */
SDM_API void sdm_free(void *ptr);

#ifdef __cplusplus
}
#endif

#endif /* SDM_COMMON_H */
