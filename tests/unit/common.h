/*
 * libsdm - helpers shared by the Check unit suites.
 * SPDX-License-Identifier: MIT
 */
#ifndef SDM_TEST_COMMON_H
#define SDM_TEST_COMMON_H

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sdm/sdm.h>

/* ---- assertions ---------------------------------------------------------- */

/* Asserts that `expr` returns `expected`; on failure shows both statuses and sdm_last_error(). */
#define ck_assert_status(expr, expected) do { \
        sdm_status st_ = (expr); \
        sdm_status ex_ = (expected); \
        ck_assert_msg(st_ == ex_, "%s: expected %d (%s), got %d (%s); last error: '%s'", \
                      #expr, (int)ex_, sdm_strerror(ex_), (int)st_, sdm_strerror(st_), \
                      sdm_last_error()); \
    } while (0)

#define ck_assert_ok(expr) ck_assert_status((expr), SDM_OK)

/* Asserts that `expr` returns one of two statuses. */
#define ck_assert_status2(expr, a, b) do { \
        sdm_status st_ = (expr); \
        ck_assert_msg(st_ == (a) || st_ == (b), "%s: expected %d or %d, got %d (%s); last error: '%s'", \
                      #expr, (int)(a), (int)(b), (int)st_, sdm_strerror(st_), sdm_last_error()); \
    } while (0)

/* Asserts that sdm_last_error() contains `needle`. */
#define ck_assert_error_has(needle) do { \
        const char *e_ = sdm_last_error(); \
        ck_assert_msg(e_ != NULL && strstr(e_, (needle)) != NULL, \
                      "last error '%s' does not contain '%s'", e_ ? e_ : "(null)", (needle)); \
    } while (0)

/* Asserts that sdm_last_error() contains at least one of two strings. */
#define ck_assert_error_has_any(n1, n2) do { \
        const char *e_ = sdm_last_error(); \
        ck_assert_msg(e_ != NULL && (strstr(e_, (n1)) != NULL || strstr(e_, (n2)) != NULL), \
                      "last error '%s' contains neither '%s' nor '%s'", e_ ? e_ : "(null)", (n1), (n2)); \
    } while (0)

/* Doubles computed on paper: equal to 1e-12. */
#define ck_assert_near(x, y) ck_assert_double_eq_tol((x), (y), 1e-12)

/* ---- JSON written with single quotes ------------------------------------- */

/* Returns a copy of `text` with every ' replaced by ", so that test documents
 * read {'format': 'sdm-catalogue'}; free it with free(). */
char *tj(const char *text);

/* A rating member of a formulary document: R("tremor", 2) gives
 * 'tremor': {'rating': 2, 'source': 's'}. */
#define R(id, v) "'" id "': {'rating': " #v ", 'source': 's'}"
/* An explicitly unknown rating member. */
#define U(id) "'" id "': {'rating': 'unknown'}"

/* ---- the hand-made catalogue "test-6" ------------------------------------
 *
 *  index  id                label                group
 *  0      night_sleepiness  Sleepy at night      sleep   (commonly helpful)
 *  1      weight_gain       Putting on weight    weight
 *  2      dry_mouth         Dry mouth            body
 *  3      tremor            Shaking              body
 *  4      restlessness      Restless feeling     body
 *  5      constipation      Constipation         body
 */
extern const char TEST6_CATALOGUE[];   /* single-quoted JSON, pass through tj() */
#define T6_NIGHT 0
#define T6_WEIGHT 1
#define T6_DRY 2
#define T6_TREMOR 3
#define T6_RESTLESS 4
#define T6_CONSTIPATION 5

/* ---- the default catalogue, from reference/side-effect-items.tsv -------- */
struct test_item {
    const char *id;
    const char *label;
    const char *group;
    const char *dimension;
    int commonly_helpful;
};
extern const struct test_item DEFAULT_ITEMS[36];

/* ---- loading ------------------------------------------------------------- */

/* These fail the test (ck_abort) if the call does not succeed. */
sdm_catalogue *test_default_catalogue(void);
sdm_formulary *test_default_formulary(const sdm_catalogue *cat);
/* `sq_json` in single-quoted form. */
sdm_catalogue *test_catalogue(const char *sq_json);
sdm_formulary *test_formulary(const sdm_catalogue *cat, const char *sq_json);
sdm_catalogue *test6_catalogue(void);

/* Index of a side effect by id (fails the test if unknown). */
size_t test_index(const sdm_catalogue *cat, const char *id);

/* Writes `text` to a new temporary file; returns its path (free with free()). */
char *test_write_temp(const char *text);

/* ---- running ------------------------------------------------------------- */

/* Runs a suite; returns EXIT_SUCCESS or EXIT_FAILURE (never the failure count:
 * meson reads 77 as "skipped"). */
int test_run_suite(Suite *s);

#define SDM_TEST_MAIN(make_suite) \
    int main(void) { return test_run_suite(make_suite()); }

/* Adds a test function to a test case in one line. */
#define ADD(tc, fn) tcase_add_test((tc), fn)

#endif /* SDM_TEST_COMMON_H */
