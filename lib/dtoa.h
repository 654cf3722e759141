/*
 * libsdm - doubles as the JSON writer prints them: the shortest text that
 * reads back as the same double. Not installed.
 * SPDX-License-Identifier: MIT
 */
#ifndef SDM_DTOA_H
#define SDM_DTOA_H

#include <stddef.h>

#include "internal.h"

/* Enough for any double in the form below, with its NUL. */
#define SDM_DOUBLE_TEXT 32

/* Writes `x` with the digits of the shortest "%.{p}g" (p = 1..17) that
 * strtod() reads back as the same double, laid out as jansson lays out
 * "%.17g" (the library's JSON before): positional from 1e-4 to below 1e17,
 * with ".0" after an integer ("1.0", "10.0", "-0.0"), else an exponent with
 * no "+" and no leading zero ("1e-300", "1.5e17"). The digits are
 * worked out in integers (or, outside the range that fits, in the "C" locale),
 * so LC_NUMERIC never changes them. Returns the length, or 0 for a value that
 * is not finite (which JSON cannot hold) or when the "C" locale cannot be
 * made. */
SDM_HIDDEN size_t sdm__format_double(double x, char buf[SDM_DOUBLE_TEXT]);

#endif /* SDM_DTOA_H */
