/*
 * libsdm - a growable text buffer.
 * SPDX-License-Identifier: MIT
 */
#include <float.h>
#include <math.h>
#include <stdarg.h>
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

void sdm__strbuf_append_n_grow(sdm_strbuf *sb, const char *s, size_t n)
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

void sdm__strbuf_cat(sdm_strbuf *sb, ...)
{
    va_list ap;
    va_start(ap, sb);
    for (const char *s; (s = va_arg(ap, const char *)) != NULL;)
        sdm__strbuf_append_n(sb, s, strlen(s));
    va_end(ap);
}

/* The digits of u at the end of buf (24 bytes); returns where they start. */
static char *digits_of(unsigned long long u, char *end)
{
    char *p = end;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    return p;
}

void sdm__strbuf_append_int(sdm_strbuf *sb, long long v)
{
    char buf[24], *end = buf + sizeof buf;
    char *p = digits_of(v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v, end);
    if (v < 0)
        *--p = '-';
    sdm__strbuf_append_n(sb, p, (size_t)(end - p));
}

void sdm__strbuf_append_fixed(sdm_strbuf *sb, double v, int decimals)
{
    static const long double scale[4] = {1.0L, 10.0L, 100.0L, 1000.0L};
    /* |v| 10^decimals is exact in a long double of 64 bits or more (53 bits
     * times at most 10 bits), and nearbyintl() rounds it as printf() rounds
     * the exact value: to nearest, a tie to even, in the current rounding
     * mode. Elsewhere (a long double no wider than a double, a huge or not
     * finite number), printf() itself. */
    if (LDBL_MANT_DIG < 64 || decimals < 0 || decimals > 3 || !(fabs(v) < 1e15)) {
        sdm__strbuf_appendf(sb, "%.*f", decimals, v);
        return;
    }
    unsigned long long q = (unsigned long long)nearbyintl(fabsl((long double)v) * scale[decimals]);
    char buf[32], *end = buf + sizeof buf, *p = end;
    for (int i = 0; i < decimals; i++) {
        *--p = (char)('0' + q % 10);
        q /= 10;
    }
    if (decimals > 0)
        *--p = '.';
    p = digits_of(q, p);
    if (signbit(v))
        *--p = '-';
    sdm__strbuf_append_n(sb, p, (size_t)(end - p));
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
