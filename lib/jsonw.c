/*
 * libsdm - a JSON writer straight into a growing buffer.
 *
 * The layout is jansson's JSON_INDENT(2), which the library's documents had
 * before: "{", then each member on its own line indented two spaces a level,
 * "key": value, "," between members, and the closing bracket on a line of its
 * own at the level of the opening one; an empty object or array is "{}" or
 * "[]". Strings are escaped as jansson escapes valid UTF-8: '"' and '\\',
 * \b \f \n \r \t, other control characters as \u00XX (upper-case hex); '/',
 * DEL and everything beyond ASCII as they are. Text that is not UTF-8 fails,
 * as jansson's json_string() did.
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>
#include <string.h>

#include "dtoa.h"
#include "jsonw.h"

#define HAS_MEMBER 1
#define IN_OBJECT 2

void sdm__jw_init(sdm_jsonw *w)
{
    memset(w, 0, sizeof *w);
}

void sdm__jw_fail(sdm_jsonw *w)
{
    w->failed = 1;
}

static int ok(const sdm_jsonw *w)
{
    return !w->failed && !w->sb.failed;
}

/* First capacity of a document: a record is some 60 KB, a card 25 KB, so the
 * buffer doubles a few times rather than eight. */
#define FIRST_CAPACITY 8192

/* The slow side of room(): grows the buffer. */
static char *grow(sdm_jsonw *w, size_t n)
{
    sdm_strbuf *sb = &w->sb;
    if (sb->failed)
        return NULL;
    size_t cap = sb->cap ? sb->cap : FIRST_CAPACITY;
    while (cap < sb->len + n + 1) {
        if (cap > SIZE_MAX / 2) {
            sb->failed = 1;
            return NULL;
        }
        cap *= 2;
    }
    char *data = sdm__realloc(sb->data, sb->len, cap);
    if (!data) {
        sb->failed = 1;
        return NULL;
    }
    sb->data = data;
    sb->cap = cap;
    return sb->data + sb->len;
}

/* Room for n more bytes (and the NUL) at the end of the text, or NULL after a
 * failure. The caller writes there and adds what it wrote to sb.len. */
static inline char *room(sdm_jsonw *w, size_t n)
{
    sdm_strbuf *sb = &w->sb;
    if (sb->len + n + 1 <= sb->cap)
        return sb->data + sb->len;
    return grow(w, n);
}

static void put(sdm_jsonw *w, const char *s, size_t n)
{
    char *at = room(w, n);
    if (!at)
        return;
    memcpy(at, s, n);
    w->sb.len += n;
}

/* ",\n" (the comma when `comma`) and the indentation of `depth`. */
static void line_after(sdm_jsonw *w, int comma, int depth)
{
    size_t indent = 2 * (size_t)depth;
    char *at = room(w, indent + 2 + 8); /* spaces go eight at a time */
    if (!at)
        return;
    char *o = at;
    if (comma)
        *o++ = ',';
    *o++ = '\n';
    for (size_t i = 0; i < indent; i += 8)
        memcpy(o + i, "        ", 8);
    w->sb.len += (size_t)(o - at) + indent;
}

/* A new line, indented for `depth`. */
static void line(sdm_jsonw *w, int depth)
{
    line_after(w, 0, depth);
}

/* "," after the member before, and a new line, for the next member. */
static void next_member(sdm_jsonw *w)
{
    unsigned char *flags = &w->has_member[w->depth];
    int comma = *flags & HAS_MEMBER;
    *flags |= HAS_MEMBER;
    line_after(w, comma, w->depth);
}

/* Before a value: in an array, its own line; in an object, the key did that. */
static int begin_value(sdm_jsonw *w)
{
    if (!ok(w))
        return 0;
    if (w->depth > 0 && !(w->has_member[w->depth] & IN_OBJECT))
        next_member(w);
    return 1;
}

static void open_container(sdm_jsonw *w, const char *bracket, unsigned char kind)
{
    if (!begin_value(w))
        return;
    if (w->depth + 1 >= SDM_JSONW_DEPTH) {
        w->failed = 1;
        return;
    }
    put(w, bracket, 1);
    w->has_member[++w->depth] = kind;
}

static void close_container(sdm_jsonw *w, const char *bracket)
{
    if (!ok(w))
        return;
    if (w->has_member[w->depth] & HAS_MEMBER)
        line(w, w->depth - 1);
    w->depth--;
    put(w, bracket, 1);
}

void sdm__jw_object(sdm_jsonw *w)
{
    open_container(w, "{", IN_OBJECT);
}

void sdm__jw_object_end(sdm_jsonw *w)
{
    close_container(w, "}");
}

void sdm__jw_array(sdm_jsonw *w)
{
    open_container(w, "[", 0);
}

void sdm__jw_array_end(sdm_jsonw *w)
{
    close_container(w, "]");
}

/* The length of the UTF-8 sequence at s (its lead byte >= 0x80), or 0 when
 * it is not one: overlong forms, surrogates and code points past U+10FFFF are
 * not UTF-8, as jansson's utf8_check_full() says. */
static size_t utf8_sequence(const unsigned char *s)
{
    unsigned c = s[0], n, code;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2, code = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3, code = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4, code = c & 0x07;
    else
        return 0;
    for (unsigned i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        code = (code << 6) | (s[i] & 0x3F);
    }
    if ((n == 3 && code < 0x800) || (n == 4 && (code < 0x10000 || code > 0x10FFFF)) ||
        (code >= 0xD800 && code <= 0xDFFF))
        return 0;
    return n;
}

/* Whether any of the 8 bytes in x needs a look: a control character, '"',
 * '\\' or a byte of a UTF-8 sequence (bit tricks on a 64-bit word: a byte
 * below n sets its top bit in (x - n..n) & ~x, a zero byte likewise). */
static int needs_look(uint64_t x)
{
    const uint64_t ones = UINT64_C(0x0101010101010101), tops = UINT64_C(0x8080808080808080);
    uint64_t quote = x ^ (ones * '"'), backslash = x ^ (ones * '\\');
    return ((((x - ones * 0x20) & ~x) | ((quote - ones) & ~quote) | ((backslash - ones) & ~backslash) | x) & tops) != 0;
}

/* The bytes written as they are: printable ASCII but '"' and '\\'. */
static const unsigned char plain[256] = {
    [0x20] = 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x22 is '"' */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, /* 0x5C is '\\' */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

/* The string in quotes, escaped, written straight into the buffer: room for
 * the worst case (every byte a \u00XX) is made first; runs of plain ASCII go
 * eight bytes at a time. */
static void quoted(sdm_jsonw *w, const char *text)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(text);
    if (n > (SIZE_MAX - 2) / 6) {
        w->failed = 1;
        return;
    }
    char *at = room(w, 6 * n + 2);
    if (!at)
        return;
    const unsigned char *s = (const unsigned char *)text, *end = s + n;
    char *o = at;
    *o++ = '"';
    while (s < end) {
        uint64_t word;
        if (end - s >= 8) {
            memcpy(&word, s, 8);
            if (!needs_look(word)) {
                memcpy(o, s, 8);
                o += 8;
                s += 8;
                continue;
            }
        }
        unsigned c = *s;
        if (plain[c]) {
            *o++ = (char)c;
            s++;
            continue;
        }
        if (c >= 0x80) {
            size_t len = utf8_sequence(s);
            if (len == 0 || len > (size_t)(end - s)) {
                w->failed = 1;
                return;
            }
            memcpy(o, s, len);
            o += len;
            s += len;
            continue;
        }
        *o++ = '\\';
        switch (c) {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '\b': *o++ = 'b'; break;
        case '\f': *o++ = 'f'; break;
        case '\n': *o++ = 'n'; break;
        case '\r': *o++ = 'r'; break;
        case '\t': *o++ = 't'; break;
        default:
            memcpy(o, "u00", 3);
            o[3] = hex[c >> 4];
            o[4] = hex[c & 0xF];
            o += 5;
        }
        s++;
    }
    *o++ = '"';
    w->sb.len += (size_t)(o - at);
}

void sdm__jw_key(sdm_jsonw *w, const char *key)
{
    if (!ok(w))
        return;
    next_member(w);
    quoted(w, key);
    put(w, ": ", 2);
}

void sdm__jw_string(sdm_jsonw *w, const char *s)
{
    if (!s) {
        sdm__jw_null(w);
        return;
    }
    if (begin_value(w))
        quoted(w, s);
}

void sdm__jw_int(sdm_jsonw *w, long long v)
{
    if (!begin_value(w))
        return;
    char digits[24], *end = digits + sizeof digits, *p = end;
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--p = '-';
    put(w, p, (size_t)(end - p));
}

void sdm__jw_real(sdm_jsonw *w, double v)
{
    if (!begin_value(w))
        return;
    char text[SDM_DOUBLE_TEXT];
    size_t n = sdm__format_double(v, text);
    if (n == 0)
        w->failed = 1; /* not finite: JSON has no such number (jansson refused it too) */
    else
        put(w, text, n);
}

void sdm__jw_bool(sdm_jsonw *w, int v)
{
    if (begin_value(w))
        put(w, v ? "true" : "false", v ? 4 : 5);
}

void sdm__jw_null(sdm_jsonw *w)
{
    if (begin_value(w))
        put(w, "null", 4);
}

void sdm__jw_value(sdm_jsonw *w, const json_t *v)
{
    if (!v) {
        w->failed = 1;
        return;
    }
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        const char *key;
        json_t *member;
        sdm__jw_object(w);
        json_object_foreach((json_t *)v, key, member) {
            sdm__jw_key(w, key);
            sdm__jw_value(w, member);
        }
        sdm__jw_object_end(w);
        break;
    }
    case JSON_ARRAY:
        sdm__jw_array(w);
        for (size_t i = 0; i < json_array_size(v); i++)
            sdm__jw_value(w, json_array_get(v, i));
        sdm__jw_array_end(w);
        break;
    case JSON_STRING: sdm__jw_string(w, json_string_value(v)); break;
    case JSON_INTEGER: sdm__jw_int(w, json_integer_value(v)); break;
    case JSON_REAL: sdm__jw_real(w, json_real_value(v)); break;
    case JSON_TRUE: sdm__jw_bool(w, 1); break;
    case JSON_FALSE: sdm__jw_bool(w, 0); break;
    case JSON_NULL: sdm__jw_null(w); break;
    }
}

void sdm__jw_kstring(sdm_jsonw *w, const char *key, const char *s)
{
    sdm__jw_key(w, key);
    sdm__jw_string(w, s);
}

void sdm__jw_kint(sdm_jsonw *w, const char *key, long long v)
{
    sdm__jw_key(w, key);
    sdm__jw_int(w, v);
}

void sdm__jw_kreal(sdm_jsonw *w, const char *key, double v)
{
    sdm__jw_key(w, key);
    sdm__jw_real(w, v);
}

void sdm__jw_kbool(sdm_jsonw *w, const char *key, int v)
{
    sdm__jw_key(w, key);
    sdm__jw_bool(w, v);
}

sdm_strbuf *sdm__jw_scratch(sdm_jsonw *w)
{
    w->scratch.len = 0;
    if (w->scratch.data)
        w->scratch.data[0] = '\0';
    return &w->scratch;
}

void sdm__jw_scratch_string(sdm_jsonw *w)
{
    if (w->scratch.failed)
        w->failed = 1;
    sdm__jw_string(w, w->scratch.data ? w->scratch.data : "");
}

sdm_status sdm__jw_finish(sdm_jsonw *w, char **out)
{
    if (w->failed || w->depth != 0) {
        sdm__jw_dispose(w);
        return sdm__fail_no_memory();
    }
    sdm__strbuf_dispose(&w->scratch);
    return sdm__strbuf_finish(&w->sb, out);
}

void sdm__jw_dispose(sdm_jsonw *w)
{
    sdm__strbuf_dispose(&w->sb);
    sdm__strbuf_dispose(&w->scratch);
}
