/*
 * libsdm - text that people read (see text.h).
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include "text.h"

/* Decodes the code point at `p` (valid UTF-8, checked before); returns its length. */
static size_t decode(const unsigned char *p, unsigned *code)
{
    if (p[0] < 0x80) {
        *code = p[0];
        return 1;
    }
    size_t more = p[0] >= 0xF0 ? 3 : p[0] >= 0xE0 ? 2 : 1;
    unsigned c = p[0] & (0x3Fu >> more);
    for (size_t i = 1; i <= more; i++)
        c = (c << 6) | (p[i] & 0x3Fu);
    *code = c;
    return more + 1;
}

static int is_control(unsigned c)
{
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029;
}

/* The controls of the Unicode bidirectional algorithm: marks, embeddings,
 * overrides and isolates. */
static int is_bidi_control(unsigned c)
{
    return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2066 && c <= 0x2069);
}

int sdm__text_problem(const char *s, int blank_ok, char *why, size_t size)
{
    if (!sdm__valid_utf8(s)) {
        snprintf(why, size, "is not valid UTF-8");
        return 1;
    }
    int blank = 1;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        unsigned c;
        size_t n = decode(p, &c);
        const char *what = is_control(c) ? "a control character or a line break"
                         : is_bidi_control(c) ? "a bidirectional control character" : NULL;
        if (what) {
            snprintf(why, size, "holds %s (U+%04X) at byte %zu", what, c, (size_t)(p - (const unsigned char *)s));
            return 1;
        }
        blank &= c == ' ';
        p += n;
    }
    if (blank && !blank_ok) {
        snprintf(why, size, "is %s", *s ? "blank" : "empty");
        return 1;
    }
    return 0;
}
