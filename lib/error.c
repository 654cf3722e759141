/*
 * libsdm - status texts and the thread-local last error.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include "ids.h"
#include "internal.h"

/* Fixed size, so that reporting an out-of-memory failure never allocates. */
#define SDM_ERROR_TEXT 1024

static _Thread_local char last_error[SDM_ERROR_TEXT];

const char *sdm_strerror(sdm_status status)
{
    switch (status) {
    case SDM_OK: return "success";
    case SDM_ERR_INVALID_ARGUMENT: return "invalid argument";
    case SDM_ERR_NO_MEMORY: return "out of memory";
    case SDM_ERR_NOT_FOUND: return "not found";
    case SDM_ERR_DUPLICATE: return "given twice";
    case SDM_ERR_CONFLICT: return "both avoided and helpful";
    case SDM_ERR_PARSE: return "not well-formed JSON";
    case SDM_ERR_SCHEMA: return "not a valid document";
    case SDM_ERR_IO: return "input/output error";
    case SDM_ERR_LIMIT: return "over a size limit";
    }
    return "unknown status";
}

/* From SDM_ERR_LIMIT (-9) up to SDM_OK (0). */
static const char *const status_ids[] = {"limit", "io", "schema", "parse", "conflict", "duplicate",
                                         "not_found", "no_memory", "invalid_argument", "ok"};
static const sdm_id_table statuses = SDM_ID_TABLE("status", SDM_ERR_LIMIT, status_ids);

const char *sdm_status_id(sdm_status status)
{
    return sdm__id_of(&statuses, (int)status);
}

const char *sdm_last_error(void)
{
    return last_error;
}

void sdm_clear_error(void)
{
    last_error[0] = '\0';
}

/* ---- UTF-8 ------------------------------------------------------------------
 * A message is read by people and by the bindings, which decode it as UTF-8
 * (Python raised an error with an empty message, R kept invalid text). So a
 * message is cut only between characters, and bytes of a caller's text that
 * are not UTF-8 are shown as '?'. */

/* The number of bytes of the UTF-8 character that starts at `p`, or 0 when
 * no valid character starts there (a stray continuation byte, an overlong
 * form, a surrogate, a code point above U+10FFFF, or a character cut short). */
static size_t utf8_char_len(const unsigned char *p)
{
    unsigned c = p[0], code, min;
    size_t more;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        more = 1, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF)
        more = 2, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4)
        more = 3, min = 0x10000;
    else
        return 0;
    code = c & (0x3Fu >> more);
    for (size_t i = 1; i <= more; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        code = (code << 6) | (p[i] & 0x3Fu);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
        return 0;
    return more + 1;
}

static int is_continuation(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

size_t sdm__utf8_fit(const char *s, size_t max)
{
    size_t n = strnlen(s, max);
    if (n < max)
        return n;
    /* s[n] continues a character that began before the cut: leave all of it
     * out (at most 3 bytes back; longer runs are not UTF-8 anyway). */
    for (size_t back = 0; back < 3 && n > 0 && is_continuation((unsigned char)s[n]); back++)
        n--;
    return n;
}

int sdm__echo_width(const char *s, int max)
{
    return (int)sdm__utf8_fit(s, (size_t)max);
}

void sdm__utf8_trim_cut(char *buf)
{
    size_t n = strlen(buf), start = n;
    /* Back over the continuation bytes at the end (at most 3) to their lead. */
    while (start > 0 && n - start < 3 && is_continuation((unsigned char)buf[start - 1]))
        start--;
    if (start == 0 || (unsigned char)buf[start - 1] < 0xC2 || (unsigned char)buf[start - 1] > 0xF4)
        return; /* no lead byte there: no character was cut short */
    start--;
    if (utf8_char_len((const unsigned char *)buf + start) == 0)
        buf[start] = '\0';
}

/* Makes the message valid UTF-8 in place: a character cut short at the end
 * (by a fixed buffer) is dropped, any other byte that is not part of a
 * valid character becomes '?'. */
static void make_valid_utf8(char *s)
{
    sdm__utf8_trim_cut(s);
    unsigned char *p = (unsigned char *)s;
    while (*p) {
        size_t n = utf8_char_len(p);
        if (n) {
            p += n;
        } else {
            *p++ = '?';
        }
    }
}

/* ---- failures ------------------------------------------------------------ */

sdm_status sdm__vfail(sdm_status status, const char *fmt, va_list ap)
{
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    make_valid_utf8(last_error);
    return status;
}

sdm_status sdm__fail(sdm_status status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sdm__vfail(status, fmt, ap);
    va_end(ap);
    return status;
}

sdm_status sdm__fail_no_memory(void)
{
    return sdm__fail(SDM_ERR_NO_MEMORY, "out of memory");
}

sdm_status sdm__fail_prefix(sdm_status status, const char *prefix)
{
    char previous[SDM_ERROR_TEXT];
    memcpy(previous, last_error, sizeof previous);
    snprintf(last_error, sizeof last_error, "%s%s", prefix, previous);
    make_valid_utf8(last_error);
    return status;
}
