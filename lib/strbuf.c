/*
 * libsdm - a growable text buffer.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include "strbuf.h"

static int reserve(sdm_strbuf *sb, size_t extra)
{
    if (sb->failed)
        return 0;
    if (sb->len + extra + 1 <= sb->cap)
        return 1;
    size_t cap = sb->cap ? sb->cap : 256;
    while (cap < sb->len + extra + 1)
        cap *= 2;
    char *data = sdm__realloc(sb->data, sb->cap, cap);
    if (!data) {
        sb->failed = 1;
        return 0;
    }
    sb->data = data;
    sb->cap = cap;
    return 1;
}

void sdm__strbuf_append_n(sdm_strbuf *sb, const char *s, size_t n)
{
    if (!reserve(sb, n))
        return;
    memcpy(sb->data + sb->len, s, n);
    sb->len += n;
    sb->data[sb->len] = '\0';
}

void sdm__strbuf_append(sdm_strbuf *sb, const char *s)
{
    sdm__strbuf_append_n(sb, s, strlen(s));
}

void sdm__strbuf_appendf(sdm_strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    if (sb->failed)
        return;
    /* Straight into the room there is; measured first only when it does not fit. */
    size_t spare = sb->cap > sb->len ? sb->cap - sb->len : 0;
    va_start(ap, fmt);
    int n = vsnprintf(spare ? sb->data + sb->len : NULL, spare, fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n < spare) {
        sb->len += (size_t)n;
        return;
    }
    if (n < 0 || !reserve(sb, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb->len += (size_t)n;
}

sdm_status sdm__strbuf_finish(sdm_strbuf *sb, char **out)
{
    if (!reserve(sb, 0)) {
        sdm__strbuf_dispose(sb);
        return sdm__fail_no_memory();
    }
    sb->data[sb->len] = '\0';
    *out = sb->data;
    sb->data = NULL;
    sb->len = sb->cap = 0;
    return SDM_OK;
}

void sdm__strbuf_dispose(sdm_strbuf *sb)
{
    sdm__free(sb->data);
    sb->data = NULL;
    sb->len = sb->cap = 0;
}
