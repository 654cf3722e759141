/*
 * libsdm - internal helpers shared by every source file. Not installed.
 * SPDX-License-Identifier: MIT
 */
#ifndef SDM_INTERNAL_H
#define SDM_INTERNAL_H

#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>

#include "sdm/sdm.h"

/* Scores must be equal to the last bit in sdm_match_run() and in every batch
 * kernel, so no multiply and add may be fused into one FMA (which rounds once
 * where the two operations round twice). meson passes -ffp-contract=off; the
 * pragma holds the same when the sources are built with other flags: the R
 * package (R's flags), a vendor's own build, GCC's default in GNU mode
 * (-ffp-contract=fast) on a CPU with FMA such as arm64. Explicit FMA
 * intrinsics, as in the batch's single-precision screen, are not affected.
 * (clang honours it unless told -ffp-contract=fast, which disregards every
 * pragma.) */
#if defined(__FAST_MATH__)
/* -ffast-math assumes there is no NaN or infinity, so the checks that refuse
 * them (weights, scales, documents) would be compiled away, and it reorders
 * sums, so the batch would no longer agree with sdm_match_run(). */
#  error "libsdm must not be built with -ffast-math"
#endif
#if defined(__clang__)
#  pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#  pragma GCC optimize("fp-contract=off")
#endif

/* Functions and data shared between the library's files but not exported. */
#define SDM_HIDDEN __attribute__((visibility("hidden")))

#if defined(__GNUC__)
#  define SDM_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#  define SDM_PRINTF(f, a)
#endif

/* alloc.c: every allocation of the library goes through these, so that the
 * host's allocator hook and the allocation-failure tests see all of them. */
SDM_HIDDEN void *sdm__malloc(size_t size);
SDM_HIDDEN void *sdm__calloc(size_t count, size_t size);
SDM_HIDDEN void sdm__free(void *ptr);
SDM_HIDDEN char *sdm__strdup(const char *s);
/* A copy of `s`, or of "" for NULL: optional text is never NULL once loaded. */
SDM_HIDDEN char *sdm__strdup_or_empty(const char *s);
/* Grows or shrinks a block; on failure the old block is untouched. */
SDM_HIDDEN void *sdm__realloc(void *ptr, size_t old_size, size_t new_size);

/* error.c: set the thread-local message and return the status, so that a
 * failure reads `return sdm__fail(SDM_ERR_NOT_FOUND, "...", id);`. */
SDM_HIDDEN sdm_status sdm__fail(sdm_status status, const char *fmt, ...) SDM_PRINTF(2, 3);
SDM_HIDDEN sdm_status sdm__vfail(sdm_status status, const char *fmt, va_list ap) SDM_PRINTF(2, 0);
SDM_HIDDEN sdm_status sdm__fail_no_memory(void);
/* Prefixes the current message with context ("formulary.json: "), keeping the status. */
SDM_HIDDEN sdm_status sdm__fail_prefix(sdm_status status, const char *prefix);

/* Text cut to a fixed size must not end inside a UTF-8 character (error.c):
 * the length of the longest prefix of `s` of at most `max` bytes that does
 * not; the same as an int, for echoing a caller's text with "%.*s"; and the
 * removal of a character cut short at the end of `buf` by snprintf(). Every
 * message is made valid UTF-8 on the way in (a byte that is not becomes '?'). */
SDM_HIDDEN size_t sdm__utf8_fit(const char *s, size_t max);
SDM_HIDDEN int sdm__echo_width(const char *s, int max);
SDM_HIDDEN void sdm__utf8_trim_cut(char *buf);

/* refcount: atomic, so objects shared between threads may be released in any order. */
typedef atomic_size_t sdm_refcount;
static inline void sdm__ref_init(sdm_refcount *rc) { atomic_init(rc, 1); }
static inline void sdm__ref_inc(sdm_refcount *rc) { atomic_fetch_add_explicit(rc, 1, memory_order_relaxed); }
/* Returns 1 when the last reference was dropped. */
static inline int sdm__ref_dec(sdm_refcount *rc)
{
    return atomic_fetch_sub_explicit(rc, 1, memory_order_acq_rel) == 1;
}

/* suggest.c: the id of `candidates` closest to `id` by edit distance, or NULL
 * when none is close enough to be a likely typo. */
typedef const char *(*sdm_id_at_fn)(const void *owner, size_t index);
SDM_HIDDEN const char *sdm__closest_id(const char *id, const void *owner, size_t count, sdm_id_at_fn id_at);

/* Whether `s` is a valid id: 1..SDM_MAX_ID bytes of [A-Za-z0-9_.-]. */
SDM_HIDDEN int sdm__valid_id(const char *s);

/* Whether `s` is valid UTF-8 (no overlong forms, surrogates or code points
 * above U+10FFFF): text a caller gives that goes into JSON must be. */
SDM_HIDDEN int sdm__valid_utf8(const char *s);

#endif /* SDM_INTERNAL_H */
