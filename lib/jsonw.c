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
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "dtoa.h"
#include "jsonw.h"

_Static_assert(sizeof(((sdm_jsonw_number *)0)->text) == SDM_DOUBLE_TEXT, "a number's text as dtoa.h writes it");
_Static_assert(SDM_JSONW_NUMBERS == 16, "the index of a number is the top four bits of its hash");

#define HAS_MEMBER SDM_JSONW_HAS_MEMBER
#define IN_OBJECT SDM_JSONW_IN_OBJECT

void sdm__jw_init(sdm_jsonw *w)
{
    memset(w, 0, sizeof *w);
}

void sdm__jw_init_sized(sdm_jsonw *w, size_t expected)
{
    sdm__jw_init(w);
    if (expected == 0)
        return;
    if ((w->sb.data = sdm__malloc(expected)) != NULL)
        w->sb.cap = expected;
    else
        w->sb.failed = 1; /* as any failed allocation: reported by sdm__jw_finish() */
}

void sdm__jw_fail(sdm_jsonw *w)
{
    w->failed = 1;
}

/* The document fails for a reason other than memory, which `why` names
 * (the first such reason is kept): see sdm__jw_finish(). */
static void refuse(sdm_jsonw *w, const char *why)
{
    if (!w->failure)
        w->failure = why;
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

void sdm__jw_open_any(sdm_jsonw *w, char bracket, unsigned char kind)
{
    if (!begin_value(w))
        return;
    if (w->depth + 1 >= SDM_JSONW_DEPTH) {
        refuse(w, "containers nested deeper than the writer allows");
        return;
    }
    put(w, &bracket, 1);
    w->has_member[++w->depth] = kind;
}

void sdm__jw_close_any(sdm_jsonw *w, char bracket)
{
    if (!ok(w))
        return;
    if (w->has_member[w->depth] & HAS_MEMBER)
        line(w, w->depth - 1);
    w->depth--;
    put(w, &bracket, 1);
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
 * below n sets its top bit in (x - n..n) & ~x, a zero byte likewise). A false
 * alarm comes only with a true one in the same word (a borrow runs from a byte
 * that needs a look into the next), so the byte that needs it is in the word. */
static int needs_look(uint64_t x)
{
    const uint64_t ones = UINT64_C(0x0101010101010101), tops = UINT64_C(0x8080808080808080);
    uint64_t quote = x ^ (ones * '"'), backslash = x ^ (ones * '\\');
    return ((((x - ones * 0x20) & ~x) | ((quote - ones) & ~quote) | ((backslash - ones) & ~backslash) | x) & tops) != 0;
}

#if defined(__SSE2__)
/* needs_look() for 16 bytes at once: a control character or a byte of a UTF-8
 * sequence is below 0x20 as a signed byte. */
static __m128i look16(__m128i x)
{
    return _mm_or_si128(_mm_cmplt_epi8(x, _mm_set1_epi8(0x20)),
                        _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')), _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'))));
}

static int needs_look16(__m128i x)
{
    return _mm_movemask_epi8(look16(x)) != 0;
}
#endif

/* The bytes written as they are: printable ASCII but '"' and '\\'. */
static const unsigned char plain[256] = {
    [0x20] = 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x22 is '"' */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, /* 0x5C is '\\' */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

/* The n bytes at s (NUL-terminated after them) escaped at o, where there is
 * room for 6n bytes; returns the end of what it wrote, or NULL for text that is
 * not UTF-8. Plain ASCII goes eight bytes a step, each word copied before it
 * is looked at (the room for 6n covers the copy: every byte read has made room
 * for six); a word that needs a look is then walked to the byte that needs it,
 * which is in that word (needs_look()). */
static char *escape(char *o, const unsigned char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *end = s + n;
    for (;;) {
        while (end - s >= 8) {
            uint64_t word;
            memcpy(&word, s, 8);
            memcpy(o, &word, 8);
            if (needs_look(word))
                break;
            o += 8;
            s += 8;
        }
        while (s < end && plain[*s])
            *o++ = (char)*s++;
        if (s == end)
            return o;
        unsigned c = *s;
        if (c >= 0x80) {
            size_t len = utf8_sequence(s);
            if (len == 0 || len > (size_t)(end - s))
                return NULL;
            for (size_t i = 0; i < len; i++)
                o[i] = (char)s[i];
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
}

/* The common case first: n bytes none of which needs a look, copied to o
 * (where there is room for 6n bytes, and at least 8). Returns the end of the
 * copy, or NULL when some byte needs escape() (what was copied is then
 * written again). Sixteen bytes a step where the vector unit has SSE2 (every
 * x86-64) and the text has sixteen, else eight, the last step overlapping the
 * one before; under eight, a byte at a time. */
static inline __attribute__((always_inline)) char *copy_plain(char *o, const unsigned char *s, size_t n)
{
    uint64_t word;
    if (n < 8) {
        for (size_t i = 0; i < n; i++) {
            if (!plain[s[i]])
                return NULL;
            o[i] = (char)s[i];
        }
        return o + n;
    }
    size_t i = 0;
#if defined(__SSE2__)
    if (n >= 16) { /* sixteen bytes a step in the vector unit, the last step overlapping */
        for (; i + 16 <= n; i += 16) {
            const __m128i x = _mm_loadu_si128((const __m128i *)(s + i));
            _mm_storeu_si128((__m128i *)(o + i), x);
            if (needs_look16(x))
                return NULL;
        }
        if (i < n) {
            const __m128i x = _mm_loadu_si128((const __m128i *)(s + n - 16));
            _mm_storeu_si128((__m128i *)(o + n - 16), x);
            if (needs_look16(x))
                return NULL;
        }
        return o + n;
    }
#endif
    for (; i + 8 <= n; i += 8) {
        memcpy(&word, s + i, 8);
        memcpy(o + i, &word, 8);
        if (needs_look(word))
            return NULL;
    }
    if (i < n) {
        memcpy(&word, s + n - 8, 8);
        memcpy(o + n - 8, &word, 8);
        if (needs_look(word))
            return NULL;
    }
    return o + n;
}

/* The n bytes at text in quotes, escaped, written straight into the buffer:
 * room for the worst case (every byte a \u00XX) is made first. */
static void quoted(sdm_jsonw *w, const char *text, size_t n)
{
    if (n > (SIZE_MAX - 2) / 6) {
        w->failed = 1;
        return;
    }
    char *at = room(w, 6 * n + 2);
    if (!at)
        return;
    at[0] = '"';
    char *o = copy_plain(at + 1, (const unsigned char *)text, n);
    if (!o)
        o = escape(at + 1, (const unsigned char *)text, n);
    if (!o) {
        refuse(w, "a text that is not valid UTF-8");
        return;
    }
    *o++ = '"';
    w->sb.len += (size_t)(o - at);
}

/* The start of a member, at `at` (room made for the indentation and 16 bytes
 * more): ",\n" after the member before, the indentation, and the key's
 * opening quote. Returns where the key goes. */
static char *member_start(sdm_jsonw *w, char *at, size_t indent)
{
    unsigned char *flags = &w->has_member[w->depth];
    char *o = at;
    if (*flags & HAS_MEMBER)
        *o++ = ',';
    *flags |= HAS_MEMBER;
    *o++ = '\n';
    memcpy(o, "                ", 16); /* the documents go 7 deep: 14 spaces */
    for (size_t i = 16; i < indent; i += 8)
        memcpy(o + i, "        ", 8);
    o += indent;
    *o++ = '"';
    return o;
}

void sdm__jw_key_n(sdm_jsonw *w, const char *key, size_t n)
{
    if (!ok(w))
        return;
    size_t indent = 2 * (size_t)w->depth; /* at most 2 SDM_JSONW_DEPTH */
    if (n > SIZE_MAX / 8) {
        w->failed = 1;
        return;
    }
    char *at = room(w, 6 * n + indent + 24); /* ",\n", spaces (16 at least), '"', the key, "\": " */
    if (!at)
        return;
    char *o = member_start(w, at, indent);
    char *end = copy_plain(o, (const unsigned char *)key, n);
    if (!end && !(end = escape(o, (const unsigned char *)key, n))) {
        refuse(w, "a key that is not valid UTF-8");
        return;
    }
    memcpy(end, "\": ", 3);
    w->sb.len += (size_t)(end + 3 - at);
}

void sdm__jw_key_plain(sdm_jsonw *w, const char *key, size_t n)
{
    if (!ok(w))
        return;
    size_t indent = 2 * (size_t)w->depth;
    char *at = room(w, n + indent + 24);
    if (!at)
        return;
    char *o = member_start(w, at, indent);
    memcpy(o, key, n);
    memcpy(o + n, "\": ", 3);
    w->sb.len += (size_t)(o + n + 3 - at);
}

void sdm__jw_string(sdm_jsonw *w, const char *s)
{
    if (!s) {
        sdm__jw_null(w);
        return;
    }
    if (begin_value(w))
        quoted(w, s, strlen(s));
}

void sdm__jw_int(sdm_jsonw *w, long long v)
{
    if (!begin_value(w))
        return;
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v, rest = u;
    size_t n = (v < 0) + 1;
    while (rest >= 10) {
        rest /= 10;
        n++;
    }
    char *at = room(w, n);
    if (!at)
        return;
    char *p = at + n; /* the digits from the last */
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--p = '-';
    w->sb.len += n;
}

void sdm__jw_real(sdm_jsonw *w, double v)
{
    if (!begin_value(w))
        return;
    char *at = room(w, SDM_DOUBLE_TEXT); /* written in place: its NUL goes where the next byte will */
    if (!at)
        return;
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    sdm_jsonw_number *seen = &w->numbers[(bits * UINT64_C(0x9E3779B97F4A7C15)) >> 60];
    if (seen->len != 0 && seen->bits == bits) {
        memcpy(at, seen->text, SDM_DOUBLE_TEXT);
        w->sb.len += seen->len;
        return;
    }
    size_t n = sdm__format_double(v, at);
    if (n == 0) {
        refuse(w, "a number that is not finite (JSON has no such number; jansson refused it too)");
        return;
    }
    seen->bits = bits;
    seen->len = n;
    memcpy(seen->text, at, SDM_DOUBLE_TEXT);
    w->sb.len += n;
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
        refuse(w, "a value that is missing");
        return;
    }
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        const char *key;
        json_t *member;
        sdm__jw_object(w);
        json_object_foreach((json_t *)v, key, member) {
            sdm__jw_key_n(w, key, strlen(key));
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

/* Whether the n bytes at s are all printable ASCII but '"' and '\\' (the
 * look copy_plain() takes, without the copy): 32 bytes a step in the vector
 * unit, then 16, the last step overlapping the one before; under 16 bytes,
 * eight, then one at a time. */
static int all_plain(const unsigned char *s, size_t n)
{
    size_t i = 0;
#if defined(__SSE2__)
    if (n >= 16) {
        for (; i + 32 <= n; i += 32) {
            __m128i look = _mm_or_si128(look16(_mm_loadu_si128((const __m128i *)(s + i))),
                                        look16(_mm_loadu_si128((const __m128i *)(s + i + 16))));
            if (_mm_movemask_epi8(look) != 0)
                return 0;
        }
        if (i + 16 <= n && needs_look16(_mm_loadu_si128((const __m128i *)(s + i))))
            return 0;
        return i == n || !needs_look16(_mm_loadu_si128((const __m128i *)(s + n - 16)));
    }
#endif
    for (; i + 8 <= n; i += 8) {
        uint64_t word;
        memcpy(&word, s + i, 8);
        if (needs_look(word))
            return 0;
    }
    for (; i < n; i++)
        if (!plain[s[i]])
            return 0;
    return 1;
}

static sdm_strbuf *scratch(sdm_jsonw *w)
{
    w->scratch.len = 0;
    if (w->scratch.data)
        w->scratch.data[0] = '\0';
    return &w->scratch;
}

sdm_strbuf *sdm__jw_text_begin(sdm_jsonw *w)
{
    char *at;
    if (begin_value(w) && (at = room(w, 1)) != NULL) {
        *at = '"';
        w->text_at = ++w->sb.len;
        return &w->sb;
    }
    w->text_at = SIZE_MAX;
    return scratch(w);
}

void sdm__jw_text_end(sdm_jsonw *w)
{
    const size_t at = w->text_at;
    if (at == SIZE_MAX || !ok(w))
        return; /* failed: before the text (dropped) or while it was appended */
    const size_t n = w->sb.len - at;
    if (all_plain((const unsigned char *)w->sb.data + at, n)) {
        put(w, "\"", 1);
        return;
    }
    sdm_strbuf *text = scratch(w);
    sdm__strbuf_append_n(text, w->sb.data + at, n);
    w->sb.len = at - 1; /* before the opening quote */
    if (text->failed)
        w->failed = 1;
    else
        quoted(w, text->data, text->len);
}

void sdm__jw_piece_start(sdm_jsonw *w, int depth, int in_object)
{
    if (!ok(w)) /* fragment.c failed the writer for a depth out of range */
        return;
    w->depth = depth;
    w->has_member[depth] = in_object ? IN_OBJECT : 0;
}

int sdm__jw_splice_any(sdm_jsonw *w, const char *text, size_t len, int depth, int in_object)
{
    unsigned char *flags = &w->has_member[w->depth];
    if (w->depth != depth || !(*flags & IN_OBJECT) != !in_object)
        return 0;
    if (!ok(w) || len == 0)
        return 1;
    char *at = room(w, len + 1);
    if (!at)
        return 1;
    char *o = at;
    if (*flags & HAS_MEMBER)
        *o++ = ',';
    *flags |= HAS_MEMBER;
    memcpy(o, text, len);
    w->sb.len += (size_t)(o - at) + len;
    return 1;
}

int sdm__jw_take(sdm_jsonw *w, char **out)
{
    *out = NULL;
    if (w->failed || w->sb.failed || w->scratch.failed || !w->sb.data) {
        sdm__jw_dispose(w);
        return -1;
    }
    sdm__strbuf_dispose(&w->scratch);
    char *text = w->sb.data;
    size_t len = w->sb.len;
    text[len] = '\0';
    if (len + 1 < w->sb.cap) {
        char *cut = sdm__realloc(text, len + 1, len + 1);
        if (cut)
            text = cut; /* otherwise keep the larger block */
    }
    *out = text;
    return 0;
}

sdm_status sdm__jw_finish(sdm_jsonw *w, char **out)
{
    if (w->failed || w->depth != 0) {
        /* an allocation that failed first; then what the writer was given */
        int memory = w->sb.failed || w->scratch.failed || (w->failed && !w->failure);
        const char *why = w->failure ? w->failure : "a container left open";
        sdm__jw_dispose(w);
        if (memory)
            return sdm__fail_no_memory();
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "the JSON document cannot be written: %s", why);
    }
    sdm__strbuf_dispose(&w->scratch);
    return sdm__strbuf_finish(&w->sb, out);
}

void sdm__jw_dispose(sdm_jsonw *w)
{
    sdm__strbuf_dispose(&w->sb);
    sdm__strbuf_dispose(&w->scratch);
}
