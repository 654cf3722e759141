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

/* ---- dates --------------------------------------------------------------- */

static int digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

static int number(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

/* "2023", "2023-04" or "2023-04-25": as much of a date as the source gives,
 * and a day that the month has. */
int sdm__iso_date(const char *s, int full)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    size_t n = strlen(s);
    if ((full ? n != 10 : n != 4 && n != 7 && n != 10) || !digits(s, 4) || (n > 4 && (s[4] != '-' || !digits(s + 5, 2))) ||
        (n > 7 && (s[7] != '-' || !digits(s + 8, 2))))
        return 0;
    int year = number(s, 4), month = n > 4 ? number(s + 5, 2) : 1, day = n > 7 ? number(s + 8, 2) : 1;
    if (month < 1 || month > 12)
        return 0;
    int leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    return day >= 1 && day <= days[month - 1] + (month == 2 && leap);
}
