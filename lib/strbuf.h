/*
 * libsdm - a growable text buffer for building card text, reasons and JSON.
 * Not installed.
 * SPDX-License-Identifier: MIT
 */
#ifndef SDM_STRBUF_H
#define SDM_STRBUF_H

#include <stddef.h>
#include <string.h>

#include "internal.h"

/* Appends never fail loudly: the first failed allocation sets `failed`, later
 * appends do nothing, and sdm__strbuf_finish() reports SDM_ERR_NO_MEMORY.
 * That keeps the code that writes text free of an error check per line. */
typedef struct sdm_strbuf {
    char *data;
    size_t len;
    size_t cap;
    int failed;
} sdm_strbuf;

#define SDM_STRBUF_INIT {NULL, 0, 0, 0}

SDM_HIDDEN void sdm__strbuf_append(sdm_strbuf *sb, const char *s);
SDM_HIDDEN void sdm__strbuf_append_n_grow(sdm_strbuf *sb, const char *s, size_t n);
/* Inline where there is room (the reasons append some 300 pieces a record). */
static inline void sdm__strbuf_append_n(sdm_strbuf *sb, const char *s, size_t n)
{
    if (sb->failed || sb->len + n + 1 > sb->cap) {
        sdm__strbuf_append_n_grow(sb, s, n);
        return;
    }
    memcpy(sb->data + sb->len, s, n);
    sb->len += n;
    sb->data[sb->len] = '\0';
}
SDM_HIDDEN void sdm__strbuf_appendf(sdm_strbuf *sb, const char *fmt, ...) SDM_PRINTF(2, 3);
/* The text of the hot paths (reasons, readings, evidence), without parsing a
 * format each time: strings up to a NULL; an integer as "%lld" writes it; a
 * double as "%.{decimals}f" writes it (decimals 0 to 3, the same digits,
 * rounding and "-0.00"). */
#if defined(__GNUC__)
SDM_HIDDEN void sdm__strbuf_cat(sdm_strbuf *sb, ...) __attribute__((sentinel));
#else
SDM_HIDDEN void sdm__strbuf_cat(sdm_strbuf *sb, ...);
#endif
SDM_HIDDEN void sdm__strbuf_append_int(sdm_strbuf *sb, long long v);
SDM_HIDDEN void sdm__strbuf_append_fixed(sdm_strbuf *sb, double v, int decimals);
/* Hands the text to *out (NUL-terminated, to free with sdm_free()) or, on an
 * earlier allocation failure, frees it and returns SDM_ERR_NO_MEMORY. */
SDM_HIDDEN sdm_status sdm__strbuf_finish(sdm_strbuf *sb, char **out);
SDM_HIDDEN void sdm__strbuf_dispose(sdm_strbuf *sb);

#endif /* SDM_STRBUF_H */
