/*
 * libsdm - shared decision making about antipsychotic medication
 * SPDX-License-Identifier: MIT
 */
/**
 * @file alloc.h
 * @brief Allocator hooks: let libsdm allocate through the host's own functions.
 */
#ifndef SDM_ALLOC_H
#define SDM_ALLOC_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @brief An allocation function with the contract of `malloc`. */
typedef void *(*sdm_malloc_fn)(size_t size);
/** @brief A release function with the contract of `free` (it must accept NULL). */
typedef void (*sdm_free_fn)(void *ptr);

/**
 * @brief Sets the functions libsdm allocates and frees its own memory with.
 *
 * Call it once, before any other libsdm call and before any thread uses the
 * library: objects allocated with one pair must be freed with the same pair.
 * JSON parsing inside the loaders uses jansson's allocator, which this call
 * does not change.
 *
 * @param malloc_fn the allocation function, or NULL to restore `malloc`.
 * @param free_fn   the matching release function, or NULL to restore `free`.
 * @return #SDM_OK, or #SDM_ERR_INVALID_ARGUMENT if exactly one of the two is NULL.
 */
SDM_API sdm_status sdm_set_alloc_funcs(sdm_malloc_fn malloc_fn, sdm_free_fn free_fn);

/**
 * @brief The functions libsdm currently allocates with.
 * @param[out] malloc_fn receives the allocation function (may be NULL).
 * @param[out] free_fn   receives the release function (may be NULL).
 */
SDM_API void sdm_get_alloc_funcs(sdm_malloc_fn *malloc_fn, sdm_free_fn *free_fn);

#ifdef __cplusplus
}
#endif

#endif /* SDM_ALLOC_H */
