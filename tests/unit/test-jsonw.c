/*
 * libsdm - the JSON writer (lib/jsonw.c) and its numbers (lib/dtoa.c):
 * shortest round-trip doubles, the same text as jansson wrote, no locale in
 * the numbers, and records whose numbers read back bit for bit (issue 15).
 * Linked with the static library, whose hidden symbols a test can reach.
 * SPDX-License-Identifier: MIT
 */
#include <float.h>
#include <limits.h>
#include <locale.h>
#include <stdint.h>

#include <jansson.h>

#include "common.h"
#include "dtoa.h"
#include "json.h"
#include "jsonw.h"
#include "strbuf.h"

/* ---- numbers ------------------------------------------------------------------ */

/* The definition, by brute force: the shortest "%.{p}g" that strtod() reads
 * back, its digits laid out as jansson's "%.17g" lays them out (positional
 * from 1e-4 to below 1e17, ".0" after an integer, a bare exponent). Run in
 * the "C" locale. */
static void reference(double x, char *out)
{
    char text[64], digits[32];
    int p = 1;
    for (; p < 17; p++) {
        snprintf(text, sizeof text, "%.*g", p, x);
        if (strtod(text, NULL) == x)
            break;
    }
    snprintf(text, sizeof text, "%.*e", p - 1, x);
    int nd = 0;
    const char *s = text + (x < 0);
    for (; *s != 'e'; s++)
        if (*s >= '0' && *s <= '9')
            digits[nd++] = *s;
    int exponent = atoi(s + 1);
    while (nd > 1 && digits[nd - 1] == '0')
        nd--;
    char *o = out;
    if (signbit(x))
        *o++ = '-';
    if (exponent < -4 || exponent >= 17) {
        *o++ = digits[0];
        if (nd > 1)
            o += sprintf(o, ".%.*s", nd - 1, digits + 1);
        sprintf(o, "e%d", exponent);
        return;
    }
    if (exponent < 0) {
        *o++ = '0';
        *o++ = '.';
        for (int i = 0; i < -exponent - 1; i++)
            *o++ = '0';
        sprintf(o, "%.*s", nd, digits);
        return;
    }
    for (int i = 0; i <= exponent; i++)
        *o++ = i < nd ? digits[i] : '0';
    sprintf(o, ".%.*s", nd > exponent + 1 ? nd - exponent - 1 : 1, nd > exponent + 1 ? digits + exponent + 1 : "0");
}

/* The text of x, without reading it back (strtod() follows the locale). */
static void check_text(double x, const char *expected)
{
    char text[SDM_DOUBLE_TEXT];
    size_t n = sdm__format_double(x, text);
    ck_assert_msg(n == strlen(expected) && strcmp(text, expected) == 0, "%a: '%s', expected '%s'", x, text,
                  expected);
}

static void check_number(double x, const char *expected)
{
    char text[SDM_DOUBLE_TEXT];
    size_t n = sdm__format_double(x, text);
    ck_assert_msg(n == strlen(expected) && strcmp(text, expected) == 0, "%a: '%s', expected '%s'", x, text,
                  expected);
    double back = strtod(text, NULL);
    ck_assert_msg(memcmp(&back, &x, sizeof x) == 0, "%a: '%s' reads back as %a", x, text, back);
}

/* Worked out by hand: the shortest digits that read back, laid out as before. */
START_TEST(test_awkward_numbers)
{
    check_number(0.1, "0.1");                            /* jansson wrote 0.10000000000000001 */
    check_number(0.1 + 0.2, "0.30000000000000004");      /* 17 digits: as before */
    check_number(1.0 / 3.0, "0.3333333333333333");       /* 16 digits */
    check_number(ldexp(5.0, -50), "4.440892098500626e-15"); /* 5 2^-50 */
    check_number(1e-300, "1e-300");
    check_number(DBL_MIN, "2.2250738585072014e-308");    /* the least normal */
    check_number(ldexp(1.0, -1074), "5e-324");           /* the least denormal */
    check_number(ldexp(3.0, -1074), "1.5e-323");
    check_number(-0.0, "-0.0");
    check_number(0.0, "0.0");
    check_number(1.0, "1.0");
    check_number(10.0, "10.0");                          /* not 1e1 */
    check_number(123456.0, "123456.0");
    check_number(9007199254740992.0, "9007199254740992.0"); /* 2^53 */
    check_number(1e17, "1e17");                          /* %.17g's switch to an exponent */
    check_number(1e22, "1e22");
    check_number(1e300, "1e300");
    check_number(DBL_MAX, "1.7976931348623157e308");
    check_number(0.0001, "0.0001");
    check_number(0.00001, "1e-5");
    check_number(-2.5, "-2.5");
    check_number(0.45666666666666667, "0.45666666666666667"); /* the ROC weight of rank 1 of 5 */
    check_number(0.09, "0.09");                          /* jansson wrote 0.089999999999999997 */
    char text[SDM_DOUBLE_TEXT];
    ck_assert_uint_eq(sdm__format_double(NAN, text), 0);
    ck_assert_uint_eq(sdm__format_double(INFINITY, text), 0);
    ck_assert_uint_eq(sdm__format_double(-INFINITY, text), 0);
}
END_TEST

static uint64_t next_random(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* Against the definition on 100,000 doubles: any bits, ratios of small
 * integers (as scores are), and powers of two times integers. */
START_TEST(test_numbers_match_the_definition)
{
    uint64_t state = 20261206;
    long differ = 0;
    for (long i = 0; i < 100000; i++) {
        uint64_t r = next_random(&state);
        double x;
        switch (i % 4) {
        case 0: memcpy(&x, &r, sizeof x); break;
        case 1: x = (double)(r % 1000000) / (double)(1 + next_random(&state) % 999); break;
        case 2: x = ldexp((double)(r >> 11), -(int)(next_random(&state) % 120)); break;
        default: x = (double)(r % 100000) / 3.0 * 0.01; break;
        }
        if (!isfinite(x))
            continue;
        char text[SDM_DOUBLE_TEXT], expected[64];
        sdm__format_double(x, text);
        reference(x, expected);
        if (strcmp(text, expected) != 0 && differ++ < 5)
            fprintf(stderr, "%a: '%s', the definition gives '%s'\n", x, text, expected);
    }
    ck_assert_int_eq(differ, 0);
}
END_TEST

/* A locale whose decimal point is a comma (built by tests/unit/meson.build
 * with localedef into LOCPATH): printf would write "0,1"; the writer does not. */
START_TEST(test_numbers_ignore_the_locale)
{
    const char *name = setlocale(LC_ALL, "de_DE.UTF-8");
    ck_assert_msg(name != NULL, "the locale de_DE.UTF-8 is not there (LOCPATH=%s)", getenv("LOCPATH"));
    char printed[32];
    snprintf(printed, sizeof printed, "%.1f", 0.5);
    ck_assert_str_eq(printed, "0,5"); /* the locale is in force */
    check_text(0.1, "0.1");
    check_text(1.0 / 3.0, "0.3333333333333333");
    check_text(1e-300, "1e-300");            /* outside the integer range: printf in the "C" locale */
    check_text(ldexp(1.0, -1074), "5e-324");
    check_text(1e22, "1e22");
    check_text(12.5, "12.5");
    sdm_jsonw w;
    char *out = NULL;
    sdm__jw_init(&w);
    sdm__jw_array(&w);
    sdm__jw_real(&w, 0.25);
    sdm__jw_real(&w, 1e-7);
    sdm__jw_array_end(&w);
    ck_assert_ok(sdm__jw_finish(&w, &out));
    ck_assert_str_eq(out, "[\n  0.25,\n  1e-7\n]");
    sdm_free(out);
    setlocale(LC_ALL, "C");
}
END_TEST

/* ---- the text, against jansson's ---------------------------------------------------- */

START_TEST(test_same_text_as_jansson)
{
    /* Every escape jansson makes, and what it leaves alone: '/', DEL, UTF-8. */
    char controls[40];
    for (int c = 1; c < 0x20; c++)
        controls[c - 1] = (char)c;
    strcpy(controls + 0x1F, "\"\\/\x7f");
    json_t *root = json_pack("{s:s, s:s, s:s, s:{}, s:[], s:[i, I, I, b, b, n], s:[f, f, f, f, f], s:{s:{s:[{s:s}]}}}",
                             "controls", controls, "text", "Caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x98\x80 </script>",
                             "", "empty key", "empty object", "empty array", "scalars", 0, (json_int_t)LLONG_MIN,
                             (json_int_t)LLONG_MAX, 1, 0, "numbers", 0.45666666666666667, 0.1 + 0.2,
                             nextafter(-1e-300, -1.0), nextafter(1e22, 2e22), 2.9999999999999997e-05, "deep", "a", "b", "c", "d");
    ck_assert_ptr_nonnull(root);
    char *expected = json_dumps(root, JSON_INDENT(2) | JSON_REAL_PRECISION(17));
    ck_assert_ptr_nonnull(expected);
    sdm_jsonw w;
    char *out = NULL;
    sdm__jw_init(&w);
    sdm__jw_value(&w, root);
    ck_assert_ok(sdm__jw_finish(&w, &out));
    /* Those reals need 17 digits (or have few), so the text is jansson's to the byte. */
    ck_assert_str_eq(out, expected);
    sdm_free(out);
    free(expected);
    json_decref(root);
}
END_TEST

/* Each character that needs a look, at every place of a string long enough
 * to be copied eight bytes at a time: the same text as jansson's. */
START_TEST(test_escapes_at_every_place)
{
    static const char *const specials[] = {"\"", "\\", "\n", "\x01", "\x1f", "\x7f", "/", "\xc3\xa9", "\xe2\x80\x94"};
    for (size_t k = 0; k < sizeof specials / sizeof *specials; k++)
        for (size_t at = 0; at < 24; at++) {
            char text[64];
            memset(text, 'a', 24 + strlen(specials[k]));
            memcpy(text + at, specials[k], strlen(specials[k]));
            text[24 + strlen(specials[k])] = '\0';
            json_t *s = json_string(text);
            ck_assert_ptr_nonnull(s);
            char *expected = json_dumps(s, JSON_ENCODE_ANY);
            sdm_jsonw w;
            char *out = NULL;
            sdm__jw_init(&w);
            sdm__jw_string(&w, text);
            ck_assert_ok(sdm__jw_finish(&w, &out));
            ck_assert_msg(strcmp(out, expected) == 0, "special %zu at %zu: %s, jansson %s", k, at, out, expected);
            sdm_free(out);
            free(expected);
            json_decref(s);
        }
}
END_TEST

/* The same text written as sdm__jw_string() writes it and appended between
 * sdm__jw_text_begin() and sdm__jw_text_end() (in two pieces, into a buffer
 * that starts small, so that it grows in between), as a member and as an
 * element. */
static void check_text_as_string(const char *text)
{
    sdm_jsonw w;
    char *expected = NULL, *out = NULL;
    sdm__jw_init(&w);
    sdm__jw_object(&w);
    sdm__jw_kstring(&w, "a", text);
    sdm__jw_key(&w, "b");
    sdm__jw_array(&w);
    sdm__jw_string(&w, text);
    sdm__jw_array_end(&w);
    sdm__jw_object_end(&w);
    sdm_status st = sdm__jw_finish(&w, &expected);
    size_t n = strlen(text), half = n / 2;
    sdm__jw_init_sized(&w, 8);
    sdm__jw_object(&w);
    sdm__jw_key(&w, "a");
    sdm_strbuf *sb = sdm__jw_text_begin(&w);
    sdm__strbuf_append_n(sb, text, half);
    sdm__strbuf_append(sb, text + half);
    sdm__jw_text_end(&w);
    sdm__jw_key(&w, "b");
    sdm__jw_array(&w);
    sdm__strbuf_append(sdm__jw_text_begin(&w), text);
    sdm__jw_text_end(&w);
    sdm__jw_array_end(&w);
    sdm__jw_object_end(&w);
    ck_assert_int_eq(sdm__jw_finish(&w, &out), st);
    if (st == SDM_OK)
        ck_assert_msg(strcmp(out, expected) == 0, "%s: %s, expected %s", text, out, expected);
    sdm_free(out);
    sdm_free(expected);
}

/* Plain text of every length from 0 to 80 bytes, alone and with each
 * character that needs a look (or makes the text not UTF-8) at every place:
 * the text kept where it was appended when it is plain, escaped when not. */
START_TEST(test_text_as_string)
{
    static const char *const specials[] = {"", "\"", "\\", "\n", "\x01", "\x1f", "\x7f", "/", "\xc3\xa9",
                                           "\xe2\x80\x94", "\xff", "\xc3"};
    for (size_t k = 0; k < sizeof specials / sizeof *specials; k++)
        for (size_t len = 0; len <= 80; len++)
            for (size_t at = 0; at <= len; at++) {
                char text[96];
                memset(text, 'a', len);
                text[len] = '\0';
                if (*specials[k]) {
                    size_t m = strlen(specials[k]);
                    memmove(text + at + m, text + at, len - at + 1);
                    memcpy(text + at, specials[k], m);
                } else if (at > 0) {
                    continue; /* plain: one text of each length */
                }
                check_text_as_string(text);
            }
    /* after a failure: the text goes nowhere */
    sdm_jsonw w;
    char *out = NULL;
    sdm__jw_init(&w);
    sdm__jw_array(&w);
    sdm__jw_fail(&w);
    size_t len = w.sb.len;
    sdm__strbuf_append(sdm__jw_text_begin(&w), "dropped");
    sdm__jw_text_end(&w);
    ck_assert_uint_eq(w.sb.len, len);
    ck_assert_status(sdm__jw_finish(&w, &out), SDM_ERR_NO_MEMORY);
}
END_TEST

/* Awkward strings as values, keys and text appended in place, in an object and an array,
 * against jansson's dump of the same values: every control character, '"',
 * '\\', '/', DEL, UTF-8 of two, three and four bytes, runs of plain ASCII
 * (short ones, whole words of eight, and a tail after them), in lengths from
 * 0 to about 2,000 bytes. The pieces are drawn by a fixed generator. */
static uint64_t draw(uint64_t *state)
{
    uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static size_t awkward_text(char *text, size_t pieces, uint64_t *state)
{
    static const char *const kinds[] = {"\"", "\\", "/", "\x7f", "\xc3\xa9", "\xe2\x80\x94", "\xf0\x9f\x98\x80",
                                        "\xef\xbf\xbf", "\xf4\x8f\xbf\xbf", "plain text", "abcdefgh", "x"};
    size_t n = 0;
    for (size_t i = 0; i < pieces; i++) {
        uint64_t r = draw(state) % (31 + sizeof kinds / sizeof *kinds);
        if (r < 31) { /* a control character, 0x01 to 0x1F */
            text[n++] = (char)(r + 1);
        } else {
            const char *piece = kinds[r - 31];
            memcpy(text + n, piece, strlen(piece));
            n += strlen(piece);
        }
    }
    text[n] = '\0';
    return n;
}

START_TEST(test_awkward_strings_as_jansson)
{
    uint64_t state = 15;
    static char text[16 * 400 + 1];
    /* Lengths 0-40 pieces, then a few long strings of 400 pieces. */
    for (size_t round = 0; round < 300; round++) {
        size_t pieces = round < 280 ? round % 41 : 400;
        size_t n = awkward_text(text, pieces, &state);
        json_t *root = json_object();
        ck_assert_ptr_nonnull(root);
        ck_assert_msg(json_object_set_new(root, text, json_string(text)) == 0, "round %zu: jansson refused %s", round, text);
        ck_assert_int_eq(json_object_set_new(root, "list", json_pack("[s, s, {s:s}]", text, "", text, "x")), 0);
        char *expected = json_dumps(root, JSON_INDENT(2));
        ck_assert_ptr_nonnull(expected);
        /* As values and keys through sdm__jw_value(). */
        sdm_jsonw w;
        char *out = NULL;
        sdm__jw_init(&w);
        sdm__jw_value(&w, root);
        ck_assert_ok(sdm__jw_finish(&w, &out));
        ck_assert_msg(strcmp(out, expected) == 0, "round %zu (%zu bytes): %s\njansson: %s", round, n, out, expected);
        sdm_free(out);
        /* The same document with the text appended in place. */
        sdm__jw_init_sized(&w, 64);
        sdm__jw_object(&w);
        sdm__jw_key_n(&w, text, n);
        sdm__strbuf_append_n(sdm__jw_text_begin(&w), text, n);
        sdm__jw_text_end(&w);
        sdm__jw_key(&w, "list");
        sdm__jw_array(&w);
        sdm__jw_string(&w, text);
        sdm__jw_string(&w, "");
        sdm__jw_object(&w);
        sdm__jw_key_n(&w, text, n);
        sdm__jw_string(&w, "x");
        sdm__jw_object_end(&w);
        sdm__jw_array_end(&w);
        sdm__jw_object_end(&w);
        ck_assert_ok(sdm__jw_finish(&w, &out));
        ck_assert_msg(strcmp(out, expected) == 0, "round %zu (%zu bytes): %s\njansson: %s", round, n, out, expected);
        sdm_free(out);
        free(expected);
        json_decref(root);
    }
}
END_TEST

/* Text that is not UTF-8 after a run of plain ASCII long enough to be copied
 * in words, in a key and in a value: refused, as jansson's json_string() did. */
START_TEST(test_not_utf8_after_plain_words)
{
    static const char *const bad[] = {"abcdefgh\xff", "abcdefghijklmnop\xc3", "abcdefgh\xed\xa0\x80 surrogate",
                                      "abcdefghi\xc0\xaf overlong"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        ck_assert_ptr_null(json_string(bad[i]));
        sdm_jsonw w;
        char *out = NULL;
        sdm__jw_init(&w);
        sdm__jw_array(&w);
        sdm__jw_string(&w, bad[i]);
        sdm__jw_array_end(&w);
        ck_assert_status(sdm__jw_finish(&w, &out), SDM_ERR_INVALID_ARGUMENT);
        ck_assert_error_has("a text that is not valid UTF-8");
        ck_assert_ptr_null(out);
        sdm__jw_init(&w);
        sdm__jw_object(&w);
        sdm__jw_key_n(&w, bad[i], strlen(bad[i]));
        sdm__jw_null(&w);
        sdm__jw_object_end(&w);
        ck_assert_status(sdm__jw_finish(&w, &out), SDM_ERR_INVALID_ARGUMENT);
        ck_assert_error_has("a key that is not valid UTF-8");
        ck_assert_ptr_null(out);
    }
}
END_TEST

/* ---- the text of the reasons: printf's digits without printf ---------------------- */

static void check_fixed(double v, int decimals)
{
    char expected[400]; /* 1e300 has 301 digits */
    snprintf(expected, sizeof expected, "%.*f", decimals, v);
    sdm_strbuf sb = SDM_STRBUF_INIT;
    char *out = NULL;
    sdm__strbuf_append_fixed(&sb, v, decimals);
    ck_assert_ok(sdm__strbuf_finish(&sb, &out));
    ck_assert_msg(strcmp(out, expected) == 0, "%.17g with %d decimals: %s, printf %s", v, decimals, out, expected);
    sdm_free(out);
}

/* The ties of each number of decimals (k/2000 holds every x.xx5 and x.xxx5),
 * the doubles either side of them, the signs, zero and -0, integers, large
 * numbers (the path through printf beyond 1e15), and random doubles. */
START_TEST(test_fixed_as_printf)
{
    for (int decimals = 0; decimals <= 3; decimals++) {
        for (int k = -4000; k <= 4000; k++) {
            double x = k / 2000.0;
            check_fixed(x, decimals);
            check_fixed(nextafter(x, 10.0), decimals);
            check_fixed(nextafter(x, -10.0), decimals);
            check_fixed(k * 0.5, decimals);
        }
        static const double specials[] = {0.0, -0.0, 2.5, 3.5, -2.5, 0.125, 0.375, 1e14 + 0.5, 999999999999999.9,
                                          1e15, 1.5e15, -1e300, 1e-300, 123456.789};
        for (size_t i = 0; i < sizeof specials / sizeof *specials; i++)
            check_fixed(specials[i], decimals);
        uint64_t state = (uint64_t)decimals;
        for (int i = 0; i < 20000; i++) {
            double unit = (double)(draw(&state) >> 11) / 9007199254740992.0; /* [0, 1) */
            check_fixed((unit - 0.5) * 200.0, decimals);
            check_fixed(unit, decimals);
        }
    }
    /* And the integers beside them. */
    static const long long ints[] = {0, 1, -1, 9, 10, 99, 100, 12345, LLONG_MAX, LLONG_MIN};
    for (size_t i = 0; i < sizeof ints / sizeof *ints; i++) {
        char expected[32];
        snprintf(expected, sizeof expected, "%lld", ints[i]);
        sdm_strbuf sb = SDM_STRBUF_INIT;
        char *out = NULL;
        sdm__strbuf_append_int(&sb, ints[i]);
        ck_assert_ok(sdm__strbuf_finish(&sb, &out));
        ck_assert_str_eq(out, expected);
        sdm_free(out);
    }
}
END_TEST

START_TEST(test_failures_leave_nothing)
{
    sdm_jsonw w;
    char *out = NULL;
    /* Text that is not UTF-8, as jansson's json_string() refused it. */
    sdm__jw_init(&w);
    sdm__jw_object(&w);
    sdm__jw_kstring(&w, "bad", "a\xc3(");
    sdm__jw_object_end(&w);
    ck_assert_status(sdm__jw_finish(&w, &out), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("the JSON document cannot be written: a text that is not valid UTF-8");
    ck_assert_ptr_null(out);
    /* A number JSON cannot hold; the first reason is the one named. */
    sdm__jw_init(&w);
    sdm__jw_array(&w);
    sdm__jw_real(&w, NAN);
    sdm__jw_string(&w, "a\xc3(");
    sdm__jw_array_end(&w);
    ck_assert_status(sdm__jw_finish(&w, &out), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("a number that is not finite");
    ck_assert_ptr_null(out);
    /* A container left open. */
    sdm__jw_init(&w);
    sdm__jw_array(&w);
    ck_assert_status(sdm__jw_finish(&w, &out), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("a container left open");
    ck_assert_ptr_null(out);
    /* Containers nested deeper than the writer keeps track of. */
    sdm__jw_init(&w);
    for (int i = 0; i < SDM_JSONW_DEPTH; i++)
        sdm__jw_array(&w);
    for (int i = 0; i < SDM_JSONW_DEPTH; i++)
        sdm__jw_array_end(&w);
    ck_assert_status(sdm__jw_finish(&w, &out), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_error_has("nested deeper");
    ck_assert_ptr_null(out);
    /* A part that could not be made (sdm__jw_fail(): an allocation of its caller's). */
    sdm__jw_init(&w);
    sdm__jw_array(&w);
    sdm__jw_fail(&w);
    sdm__jw_array_end(&w);
    ck_assert_status(sdm__jw_finish(&w, &out), SDM_ERR_NO_MEMORY);
    ck_assert_ptr_null(out);
}
END_TEST

/* ---- the quick side of keys, brackets and pieces (jsonw.h) --------------------------- */

/* Pieces to copy at depth d, as fragment.h keeps them: the members "p": d,
 * "q": "r" of an object, and the elements 7, "e" of an array at depth d. */
typedef struct pieces {
    char *members, *elements;
    size_t members_len, elements_len;
} pieces;

static void make_pieces(pieces *p, int d)
{
    sdm_jsonw w;
    sdm__jw_init(&w);
    sdm__jw_piece_start(&w, d, 1);
    sdm__jw_kint(&w, "p", d);
    sdm__jw_kstring(&w, "q", "r");
    p->members_len = w.sb.len;
    ck_assert_int_eq(sdm__jw_take(&w, &p->members), 0);
    sdm__jw_init(&w);
    sdm__jw_piece_start(&w, d, 0);
    sdm__jw_int(&w, 7);
    sdm__jw_string(&w, "e");
    p->elements_len = w.sb.len;
    ck_assert_int_eq(sdm__jw_take(&w, &p->elements), 0);
}

/* The values built with jansson alongside, or with the container NULL not
 * built (the same document written again): `v` is evaluated only then. */
#define SET_NEW(obj, key, v)                                                                                   \
    do {                                                                                                       \
        if (obj)                                                                                               \
            ck_assert_int_eq(json_object_set_new((obj), (key), (v)), 0);                                       \
    } while (0)
#define PUSH_NEW(array, v)                                                                                     \
    do {                                                                                                       \
        if (array)                                                                                             \
            ck_assert_int_eq(json_array_append_new((array), (v)), 0);                                          \
    } while (0)

/* An object at `depth` (the writer's depth inside it is depth + 1), with keys,
 * empty and full containers, copied pieces and, below max, an object inside
 * its list (depths 0, 4, 8, ...) or under "inner" (the others): the same
 * written and built with jansson (when `build`), which gives the text to
 * expect. */
static json_t *nested(sdm_jsonw *w, int depth, int max, const pieces *p, int build)
{
    json_t *obj = build ? json_object() : NULL, *list = build ? json_array() : NULL, *one = build ? json_array() : NULL;
    ck_assert(!build || (obj && list && one));
    sdm__jw_object(w);
    ck_assert_int_eq(sdm__jw_splice(w, p[depth + 1].members, p[depth + 1].members_len, depth + 1, 1), 1);
    SET_NEW(obj, "p", json_integer(depth + 1));
    SET_NEW(obj, "q", json_string("r"));
    sdm__jw_kint(w, "n", depth);
    SET_NEW(obj, "n", json_integer(depth));
    sdm__jw_key(w, "empty_object");
    sdm__jw_object(w);
    ck_assert_int_eq(sdm__jw_splice(w, p[depth + 2].elements, 0, depth + 2, 1), 1); /* nothing to copy */
    sdm__jw_object_end(w);
    SET_NEW(obj, "empty_object", json_object());
    sdm__jw_key(w, "empty_array");
    sdm__jw_array(w);
    sdm__jw_array_end(w);
    SET_NEW(obj, "empty_array", json_array());
    sdm__jw_key(w, "list");
    sdm__jw_array(w);
    /* not at the piece's depth, nor in its kind of container: nothing copied */
    ck_assert_int_eq(sdm__jw_splice(w, p[depth + 1].elements, p[depth + 1].elements_len, depth + 1, 0), 0);
    ck_assert_int_eq(sdm__jw_splice(w, p[depth + 2].members, p[depth + 2].members_len, depth + 2, 1), 0);
    ck_assert_int_eq(sdm__jw_splice(w, p[depth + 2].elements, p[depth + 2].elements_len, depth + 2, 0), 1);
    PUSH_NEW(list, json_integer(7));
    PUSH_NEW(list, json_string("e"));
    sdm__jw_string(w, "x");
    PUSH_NEW(list, json_string("x"));
    sdm__jw_object(w);
    sdm__jw_object_end(w);
    PUSH_NEW(list, json_object());
    sdm__jw_array(w);
    sdm__jw_int(w, 1);
    sdm__jw_array_end(w);
    PUSH_NEW(one, json_integer(1));
    PUSH_NEW(list, one);
    if (depth < max && depth % 4 == 0) {
        json_t *inner = nested(w, depth + 2, max, p, build);
        PUSH_NEW(list, inner);
    }
    ck_assert_int_eq(sdm__jw_splice(w, p[depth + 2].elements, p[depth + 2].elements_len, depth + 2, 0), 1);
    PUSH_NEW(list, json_integer(7));
    PUSH_NEW(list, json_string("e"));
    sdm__jw_array_end(w);
    SET_NEW(obj, "list", list);
    if (depth < max && depth % 4 != 0) {
        sdm__jw_key(w, "inner");
        json_t *inner = nested(w, depth + 1, max, p, build);
        SET_NEW(obj, "inner", inner);
    }
    sdm__jw_kbool(w, "last", 1);
    SET_NEW(obj, "last", json_true());
    sdm__jw_object_end(w);
    return obj;
}

/* Documents 3, 6, 9, 12 and 15 deep (the quick side writes up to depth 7, the long way
 * beyond), each written into a buffer of every size from 1 byte to more than
 * the document, so that the quick side gives way to the long one at every
 * place: the text is jansson's for the same values, and each piece is copied
 * where it belongs and only there. */
START_TEST(test_quick_side_as_jansson)
{
    pieces p[20];
    for (int d = 0; d < 20; d++)
        make_pieces(&p[d], d);
    for (int max = 0; max <= 12; max += 3) {
        sdm_jsonw w;
        char *first = NULL;
        sdm__jw_init(&w);
        json_t *root = nested(&w, 0, max, p, 1);
        ck_assert_ok(sdm__jw_finish(&w, &first));
        char *expected = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        ck_assert_ptr_nonnull(expected);
        ck_assert_str_eq(first, expected);
        size_t len = strlen(expected);
        for (size_t size = 1; size <= len + 40; size++) {
            char *out = NULL;
            sdm__jw_init_sized(&w, size);
            nested(&w, 0, max, p, 0);
            ck_assert_ok(sdm__jw_finish(&w, &out));
            ck_assert_msg(strcmp(out, expected) == 0, "%d deep, %zu bytes at first: %s", max, size, out);
            sdm_free(out);
        }
        free(expected);
        sdm_free(first);
        json_decref(root);
    }
    for (int d = 0; d < 20; d++) {
        sdm_free(p[d].members);
        sdm_free(p[d].elements);
    }
}
END_TEST

/* After a failure the quick side writes nothing either. */
START_TEST(test_quick_side_after_a_failure)
{
    sdm_jsonw w;
    char *out = NULL;
    sdm__jw_init_sized(&w, 4096);
    sdm__jw_object(&w);
    sdm__jw_key(&w, "a");
    sdm__jw_array(&w);
    sdm__jw_fail(&w);
    size_t len = w.sb.len;
    sdm__jw_array_end(&w);
    sdm__jw_key(&w, "b");
    sdm__jw_object(&w);
    ck_assert_int_eq(sdm__jw_splice(&w, "1", 1, 2, 0), 1); /* the writer stays where it failed: in the array */
    sdm__jw_object_end(&w);
    ck_assert_uint_eq(w.sb.len, len);
    ck_assert_status(sdm__jw_finish(&w, &out), SDM_ERR_NO_MEMORY);
    ck_assert_ptr_null(out);
}
END_TEST

/* ---- records read back bit for bit -------------------------------------------------- */

static int same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

/* Awkward numbers where a record holds them: custom weights of thirds,
 * sevenths and tenths, a severity scale of -0.0, 0.1, 1/3 and 2/3 + 0.001 (a
 * match refuses steps too small to add up, such as 5 2^-50 or 1e-300 beside
 * 1e300: those are the options' test below), a helpful weight of 1/30, and
 * the scores and contributions that follow. The record read back, and rerun,
 * gives the same doubles, bit for bit. */
START_TEST(test_record_numbers_read_back)
{
    sdm_catalogue *cat;
    sdm_formulary *f;
    sdm_ranking *r;
    sdm_match_options *o;
    sdm_match *m, *again;
    sdm_record *rec;
    char *text;
    const double weights[] = {1.0 / 3.0, 0.45666666666666667, 0.1, 1.0 / 7.0, 7e-5 / 3.0, 1e-3};
    const double scale[] = {-0.0, 0.1, 1.0 / 3.0, 2.0 / 3.0 + 1e-3};
    ck_assert_ok(sdm_catalogue_default(&cat));
    ck_assert_ok(sdm_formulary_default(cat, &f));
    ck_assert_ok(sdm_ranking_new(cat, &r));
    ck_assert_ok(sdm_ranking_set_max_rank(r, 6));
    const char *avoid[] = {"weight_gain", "day_sleepiness", "stiff_muscles", "less_sex_drive", "dry_mouth",
                           "restlessness"};
    for (int k = 0; k < 6; k++)
        ck_assert_ok(sdm_ranking_avoid(r, avoid[k], k + 1));
    ck_assert_ok(sdm_ranking_helpful(r, "night_sleepiness"));
    ck_assert_ok(sdm_match_options_new(&o));
    ck_assert_ok(sdm_match_options_set_custom_weights(o, weights, 6));
    ck_assert_ok(sdm_match_options_set_severity_scale(o, scale));
    ck_assert_ok(sdm_match_options_set_helpful_weight(o, 1.0 / 30.0));
    ck_assert_ok(sdm_match_run(f, r, o, &m));
    ck_assert_ok(sdm_record_to_json(m, "2026-12-06T12:00:00Z", &text));
    ck_assert_ok(sdm_record_from_json(cat, text, strlen(text), &rec));
    ck_assert_uint_eq(sdm_record_ranked_count(rec), sdm_match_count(m));
    for (size_t i = 0; i < sdm_match_count(m); i++)
        ck_assert_msg(same_bits(sdm_record_entry_score(rec, i), sdm_match_score(m, i)), "score %zu: %a read back as %a",
                      i, sdm_match_score(m, i), sdm_record_entry_score(rec, i));
    const sdm_match_options *back = sdm_record_options(rec);
    for (int rating = 0; rating <= 3; rating++)
        ck_assert(same_bits(sdm_match_options_severity(back, rating), sdm_match_options_severity(o, rating)));
    ck_assert(same_bits(sdm_match_options_helpful_weight(back), 1.0 / 30.0));
    ck_assert_ok(sdm_record_rerun(rec, f, &again, NULL));
    ck_assert_uint_eq(sdm_match_term_count(again), sdm_match_term_count(m));
    for (size_t t = 0; t < sdm_match_term_count(m); t++)
        ck_assert(same_bits(sdm_match_term_weight(again, t), sdm_match_term_weight(m, t)));
    for (size_t i = 0; i < sdm_match_count(m); i++) {
        ck_assert(same_bits(sdm_match_score(again, i), sdm_match_score(m, i)));
        for (size_t t = 0; t < sdm_match_term_count(m); t++)
            ck_assert(same_bits(sdm_match_contribution(again, i, t), sdm_match_contribution(m, i, t)));
    }
    /* And the numbers in the text are the match's, read by jansson. */
    json_t *doc = json_loads(text, 0, NULL);
    ck_assert_ptr_nonnull(doc);
    json_t *terms = json_object_get(json_object_get(doc, "result"), "terms");
    for (size_t t = 0; t < json_array_size(terms); t++)
        ck_assert(same_bits(json_number_value(json_object_get(json_array_get(terms, t), "weight")),
                            sdm_match_term_weight(m, t)));
    json_t *severity = json_object_get(json_object_get(doc, "options"), "severity_scale");
    ck_assert_uint_eq(json_array_size(severity), 4);
    for (size_t k = 0; k < 4; k++)
        ck_assert(same_bits(json_number_value(json_array_get(severity, k)), scale[k])); /* -0.0 too */
    json_decref(doc);
    sdm_match_free(again);
    sdm_record_free(rec);
    sdm_free(text);
    sdm_match_free(m);
    sdm_match_options_free(o);
    sdm_ranking_free(r);
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

/* Every awkward number as a helpful weight (0 to 1e300, any double there):
 * the options written and read back give it bit for bit. */
START_TEST(test_options_numbers_read_back)
{
    const double values[] = {0.1, 1.0 / 3.0, ldexp(5.0, -50), 1e-300, DBL_MIN, ldexp(1.0, -1074), ldexp(3.0, -1074),
                             -0.0, 0.0, 1e300, 123456789.125, nextafter(1e22, 2e22)};
    for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
        sdm_match_options *o, *back;
        char *text;
        ck_assert_ok(sdm_match_options_new(&o));
        ck_assert_ok(sdm_match_options_set_helpful_weight(o, values[i]));
        ck_assert_ok(sdm_match_options_to_json(o, &text));
        ck_assert_ok(sdm_match_options_from_json(text, strlen(text), &back));
        ck_assert_msg(same_bits(sdm_match_options_helpful_weight(back), values[i]), "%a read back as %a from %s",
                      values[i], sdm_match_options_helpful_weight(back), text);
        sdm_match_options_free(back);
        sdm_match_options_free(o);
        sdm_free(text);
    }
}
END_TEST

/* ---- paths in messages -------------------------------------------------------- */

/* sdm__path_member() and sdm__path_element() write what sdm__path() writes
 * with their formats: at the top ("" path), nested, at 0 and large indices,
 * and cut at every size around the limit (a path of 180 bytes whose last
 * character, an e with an acute accent, is two bytes: a cut inside it drops
 * the whole character). */
START_TEST(test_paths_as_printf)
{
    char nested[181];
    memset(nested, 'p', 178);
    memcpy(nested + 178, "\xc3\xa9", 3);
    const char *paths[] = {"", "ranking", "ranking.history[3]", nested};
    const size_t indices[] = {0, 7, 10, 4096, SIZE_MAX};
    for (size_t p = 0; p < 4; p++)
        for (size_t size = 1; size <= SDM_JSON_PATH; size++) {
            const char *path = paths[p];
            char want[SDM_JSON_PATH], got[SDM_JSON_PATH];
            sdm__path(want, size, "%s%s%s", path, *path ? "." : "", "avoid");
            memset(got, 'x', sizeof got);
            sdm__path_member(got, size, path, "avoid");
            ck_assert_msg(strcmp(want, got) == 0, "path %zu, size %zu: '%s', not '%s'", p, size, got, want);
            for (size_t i = 0; i < 5; i++) {
                sdm__path(want, size, "%s%s%s[%zu]", path, *path ? "." : "", "had", indices[i]);
                memset(got, 'x', sizeof got);
                sdm__path_element(got, size, path, "had", indices[i]);
                ck_assert_msg(strcmp(want, got) == 0, "path %zu, size %zu, index %zu: '%s', not '%s'", p, size,
                              indices[i], got, want);
            }
        }
}
END_TEST

static Suite *jsonw_suite(void)
{
    Suite *s = suite_create("jsonw");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_awkward_numbers);
    tcase_add_test(tc, test_numbers_match_the_definition);
    tcase_add_test(tc, test_numbers_ignore_the_locale);
    tcase_add_test(tc, test_same_text_as_jansson);
    tcase_add_test(tc, test_escapes_at_every_place);
    tcase_add_test(tc, test_text_as_string);
    tcase_add_test(tc, test_awkward_strings_as_jansson);
    tcase_add_test(tc, test_not_utf8_after_plain_words);
    tcase_add_test(tc, test_fixed_as_printf);
    tcase_add_test(tc, test_failures_leave_nothing);
    tcase_add_test(tc, test_quick_side_as_jansson);
    tcase_add_test(tc, test_quick_side_after_a_failure);
    tcase_add_test(tc, test_record_numbers_read_back);
    tcase_add_test(tc, test_options_numbers_read_back);
    tcase_add_test(tc, test_paths_as_printf);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(jsonw_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
