/*
 * libsdm - doubles as the shortest text that reads back the same.
 *
 * The digits are the plain definition's: those of the shortest "%.{p}g",
 * p = 1..17, that strtod() reads back as the same double. They are laid out as
 * jansson laid out "%.17g" (the library's JSON before), so that a number that
 * needs 17 digits is written as before, and 10 stays "10.0", not "1e1". printf() and strtod() would give it
 * by trying each p, but a decision record holds some 300 numbers and most need
 * 16 or 17 digits, so trying every p would cost more than the rest of the
 * record; and both follow LC_NUMERIC, which may put a comma in a JSON number.
 *
 * So, for the numbers a record holds (1e-5 <= |x| < 2^53), the digits are
 * worked out exactly in 128-bit integers: x = m 2^e (e <= 0) times 10^s is
 * m 10^s / 2^-e, which fits in 128 bits for s <= 21; its first 17 digits N and
 * the remainder give every shorter rounding, and a candidate C reads back as x
 * exactly when |C - x 10^s| is within half the gap to the next double (a tie
 * goes to the even significand, as strtod rounds). Only three p need trying:
 * when any p <= 15 reads back, the 15-digit rounding does too and is that
 * same number with zeros after it (half a unit in the 15th digit is wider
 * than the gap between doubles, so no other 15-digit number reads back);
 * else 16; else 17, which always reads back. Other numbers (zero aside) go through
 * snprintf() and strtod() in the "C" locale, set for this thread only.
 * SPDX-License-Identifier: MIT
 */
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dtoa.h"

__extension__ typedef unsigned __int128 u128;

static const uint64_t pow10_u64[20] = {
    1u, 10u, 100u, 1000u, 10000u, 100000u, 1000000u, 10000000u, 100000000u, 1000000000u,
    10000000000u, 100000000000u, 1000000000000u, 10000000000000u, 100000000000000u,
    1000000000000000u, 10000000000000000u, 100000000000000000u, 1000000000000000000u,
    10000000000000000000u};

static u128 pow10_wide(int s)
{
    return s <= 19 ? (u128)pow10_u64[s] : (u128)pow10_u64[19] * pow10_u64[s - 19];
}

/* ---- the text ---------------------------------------------------------------- */

/* `digits` (nd of them, no zero at the end) times 10^(exponent - nd + 1),
 * laid out as jansson lays out "%.17g": positional from 1e-4 to below 1e17,
 * with ".0" after an integer; else "d.ddde-X". */
static size_t write_g(char *buf, int negative, const char *digits, int nd, int exponent)
{
    const int precision = 17;
    char *o = buf;
    if (negative)
        *o++ = '-';
    if (exponent < -4 || exponent >= precision) {
        *o++ = digits[0];
        if (nd > 1) {
            *o++ = '.';
            memcpy(o, digits + 1, (size_t)nd - 1);
            o += nd - 1;
        }
        *o++ = 'e';
        if (exponent < 0) {
            *o++ = '-';
            exponent = -exponent;
        }
        if (exponent >= 100)
            *o++ = (char)('0' + exponent / 100);
        if (exponent >= 10)
            *o++ = (char)('0' + exponent / 10 % 10);
        *o++ = (char)('0' + exponent % 10);
    } else if (exponent < 0) {
        *o++ = '0';
        *o++ = '.';
        for (int i = 0; i < -exponent - 1; i++)
            *o++ = '0';
        memcpy(o, digits, (size_t)nd);
        o += nd;
    } else {
        for (int i = 0; i <= exponent; i++)
            *o++ = i < nd ? digits[i] : '0';
        *o++ = '.';
        if (nd > exponent + 1) {
            memcpy(o, digits + exponent + 1, (size_t)(nd - exponent - 1));
            o += nd - exponent - 1;
        } else {
            *o++ = '0'; /* jansson: a real keeps a point, or it would read back as an integer */
        }
    }
    *o = '\0';
    return (size_t)(o - buf);
}

/* ---- exact, for 1e-5 <= |x| < 2^53 ------------------------------------------ */

typedef struct exact {
    uint64_t m;     /* the significand, with its leading bit */
    int shift;      /* x = m / 2^shift */
    int lower_half; /* m is a power of two: the gap below x is half the gap above */
    int k;          /* 10^k <= x < 10^(k+1) */
    u128 scaled;    /* m 10^(16-k): x 10^(16-k) = scaled / 2^shift */
    uint64_t n17;   /* floor(x 10^(16-k)): the first 17 digits */
    u128 rem;       /* scaled mod 2^shift */
} exact;

static void scale(exact *x)
{
    for (;;) {
        x->scaled = (u128)x->m * pow10_wide(16 - x->k);
        x->n17 = (uint64_t)(x->scaled >> x->shift);
        x->rem = x->scaled & (((u128)1 << x->shift) - 1);
        if (x->n17 >= pow10_u64[17])
            x->k++;
        else if (x->n17 < pow10_u64[16])
            x->k--;
        else
            return;
    }
}

/* The p-digit rounding of x (half to even, as printf), times 10^(17-p). */
static uint64_t rounded(const exact *x, int p, uint64_t *q_out)
{
    uint64_t t = pow10_u64[17 - p], q = x->n17 / t, r = x->n17 % t;
    int up;
    if (t == 1) {
        u128 twice = x->rem << 1, den = (u128)1 << x->shift;
        up = twice > den || (twice == den && (q & 1));
    } else {
        up = 2 * r > t || (2 * r == t && (x->rem != 0 || (q & 1)));
    }
    q += (uint64_t)up;
    *q_out = q;
    return q * t;
}

/* Whether strtod() reads the candidate c 10^(k-16) back as x. */
static int reads_back(const exact *x, uint64_t c)
{
    u128 at = (u128)c << x->shift, gap = pow10_wide(16 - x->k);
    int below = at < x->scaled;
    u128 distance = below ? x->scaled - at : at - x->scaled;
    u128 twice = distance << (below && x->lower_half ? 2 : 1);
    return twice < gap || (twice == gap && !(x->m & 1));
}

/* The decimal digits of q, without a NUL; returns their count. Two digits a
 * step, from the end. */
static int decimal(uint64_t q, char *digits)
{
    static const char pairs[] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
                                "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
                                "8081828384858687888990919293949596979899";
    char buffer[24], *end = buffer + sizeof buffer, *p = end;
    while (q >= 100) {
        unsigned pair = (unsigned)(q % 100);
        q /= 100;
        p -= 2;
        memcpy(p, pairs + 2 * pair, 2);
    }
    if (q >= 10) {
        p -= 2;
        memcpy(p, pairs + 2 * q, 2);
    } else {
        *--p = (char)('0' + q);
    }
    memcpy(digits, p, (size_t)(end - p));
    return (int)(end - p);
}

static size_t format_exact(uint64_t bits, char *buf)
{
    int biased = (int)((bits >> 52) & 0x7ff);
    exact x;
    x.m = (bits & ((UINT64_C(1) << 52) - 1)) | (UINT64_C(1) << 52);
    x.shift = 1075 - biased;
    x.lower_half = (bits & ((UINT64_C(1) << 52) - 1)) == 0 && biased > 1;
    x.k = (int)(((biased - 1023) * 78913) >> 18); /* about (e2) log10(2); scale() corrects it */
    scale(&x);
    static const int tries[3] = {15, 16, 17};
    for (int i = 0; i < 3; i++) {
        uint64_t q, c = rounded(&x, tries[i], &q);
        if (!reads_back(&x, c))
            continue;
        char digits[24];
        int nd = decimal(q, digits), exponent = x.k + (nd - tries[i]);
        while (nd > 1 && digits[nd - 1] == '0')
            nd--;
        return write_g(buf, (int)(bits >> 63), digits, nd, exponent);
    }
    return 0; /* unreachable: 17 digits always read back */
}

/* ---- everything else: printf and strtod in the "C" locale ------------------- */

static size_t format_printf(double x, char *buf)
{
    locale_t c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    if (c_locale == (locale_t)0)
        return 0;
    locale_t before = uselocale(c_locale);
    char text[SDM_DOUBLE_TEXT];
    int p = 1;
    for (; p < 17; p++) {
        snprintf(text, sizeof text, "%.*g", p, x);
        if (strtod(text, NULL) == x)
            break;
    }
    snprintf(text, sizeof text, "%.*e", p - 1, x);
    uselocale(before);
    freelocale(c_locale);
    /* "d.ddde-XX": the digits and the exponent, for write_g. */
    char digits[24];
    const char *s = text + (x < 0);
    int nd = 0;
    for (; *s && *s != 'e'; s++)
        if (*s >= '0' && *s <= '9')
            digits[nd++] = *s;
    int exponent = atoi(s + 1);
    while (nd > 1 && digits[nd - 1] == '0')
        nd--;
    return write_g(buf, x < 0, digits, nd, exponent);
}

size_t sdm__format_double(double x, char buf[SDM_DOUBLE_TEXT])
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    int biased = (int)((bits >> 52) & 0x7ff);
    if (biased == 0x7ff)
        return 0;
    if ((bits << 1) == 0) {
        strcpy(buf, bits ? "-0.0" : "0.0");
        return strlen(buf);
    }
    double magnitude = x < 0 ? -x : x;
    if (magnitude >= 1e-5 && biased <= 1075)
        return format_exact(bits, buf);
    return format_printf(x, buf);
}
