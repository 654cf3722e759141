/*
 * libsdm - a JSON writer straight into a growing buffer, for the documents the
 * library writes (record, match, card, ranking, options). It writes what
 * jansson's json_dumps(JSON_INDENT(2)) wrote for the same values, byte for
 * byte, except for numbers that are not integers: those have the shortest
 * digits that read back as the same double (dtoa.h). Reading stays with
 * jansson (json.h). Not installed.
 * SPDX-License-Identifier: MIT
 */
#ifndef SDM_JSONW_H
#define SDM_JSONW_H

#include <jansson.h>
#include <stdint.h>
#include <string.h>

#include "strbuf.h"

/* Deepest nesting the writer keeps track of; the documents go 7 deep. */
#define SDM_JSONW_DEPTH 32

/* Like the strbuf below it, a writer never fails loudly: the first failure
 * (no memory, a number JSON cannot hold, nesting too deep) sticks, later calls
 * do nothing, and sdm__jw_finish() reports it. So the code that writes a
 * document has no error check per value, and nothing half-written escapes. */
/* Numbers recently written, by their bits: a record repeats its weights and
 * values (a term's weight in every entry), and working the digits out again
 * is most of what a number costs. */
#define SDM_JSONW_NUMBERS 16

typedef struct sdm_jsonw_number {
    uint64_t bits;
    size_t len; /* 0: empty */
    char text[32];
} sdm_jsonw_number;

typedef struct sdm_jsonw {
    sdm_jsonw_number numbers[SDM_JSONW_NUMBERS];
    sdm_strbuf sb;
    sdm_strbuf scratch; /* see sdm__jw_text_begin() */
    size_t text_at;     /* sdm__jw_text_begin(): where the text starts in sb, or SIZE_MAX: in scratch */
    int depth;
    int failed;
    const char *failure; /* why, when the document failed for a reason other than memory (the first) */
    unsigned char has_member[SDM_JSONW_DEPTH]; /* at each depth: a value written already */
} sdm_jsonw;

SDM_HIDDEN void sdm__jw_init(sdm_jsonw *w);
/* The same, with room for `expected` bytes made at once: a document whose
 * size its writer can tell beforehand is not copied as it grows. */
SDM_HIDDEN void sdm__jw_init_sized(sdm_jsonw *w, size_t expected);

/* ---- the common steps, inline --------------------------------------------
 * Keys, brackets and copied pieces are most of the calls a record makes (some
 * 900), so each has a quick side here: where the writer has not failed, the
 * buffer has room and the depth is at most SDM_JSONW_QUICK_DEPTH, "\n" and
 * the indentation are one 16-byte copy and the rest a few stores. Anything
 * else goes to the function in jsonw.c (the *_any ones), which writes the
 * same bytes the long way and handles growth and failures. */
#define SDM_JSONW_QUICK_DEPTH 7 /* "\n" and 14 spaces: 15 bytes */
#define SDM_JSONW_HAS_MEMBER 1  /* has_member[]: a value written already at that depth */
#define SDM_JSONW_IN_OBJECT 2   /* has_member[]: the container at that depth is an object */

/* Where n more bytes (and 16 of slack) go, or NULL: the long way. */
static inline char *sdm__jw_quick_room(sdm_jsonw *w, size_t n)
{
    if ((w->failed | w->sb.failed) || w->sb.len + n + 17 > w->sb.cap)
        return NULL;
    return w->sb.data + w->sb.len;
}

/* At o: "," when the container at `flags` has a member already (then it has
 * one), "\n" and the indentation of depth d (<= SDM_JSONW_QUICK_DEPTH);
 * returns the end. */
static inline char *sdm__jw_quick_line(char *o, unsigned char *flags, int d)
{
    *o = ',';
    o += *flags & SDM_JSONW_HAS_MEMBER;
    *flags |= SDM_JSONW_HAS_MEMBER;
    memcpy(o, "\n                ", 16);
    return o + 1 + 2 * d;
}

/* Containers. Inside an object every value follows sdm__jw_key(). */
SDM_HIDDEN void sdm__jw_open_any(sdm_jsonw *w, char bracket, unsigned char kind);
SDM_HIDDEN void sdm__jw_close_any(sdm_jsonw *w, char bracket);

static inline void sdm__jw_open(sdm_jsonw *w, char bracket, unsigned char kind)
{
    const int d = w->depth;
    char *o = sdm__jw_quick_room(w, 1);
    if (!o || (unsigned)d > SDM_JSONW_QUICK_DEPTH) {
        sdm__jw_open_any(w, bracket, kind);
        return;
    }
    char *start = o;
    if (d > 0 && !(w->has_member[d] & SDM_JSONW_IN_OBJECT)) /* in an array: a line of its own */
        o = sdm__jw_quick_line(o, &w->has_member[d], d);
    *o++ = bracket;
    w->has_member[d + 1] = kind;
    w->depth = d + 1;
    w->sb.len += (size_t)(o - start);
}

static inline void sdm__jw_close(sdm_jsonw *w, char bracket)
{
    const int d = w->depth;
    char *o = sdm__jw_quick_room(w, 1);
    if (!o || d < 1 || d > SDM_JSONW_QUICK_DEPTH + 1) {
        sdm__jw_close_any(w, bracket);
        return;
    }
    /* the bracket on a line of its own at the level of the opening one, but
     * right after it in an empty container */
    memcpy(o, "\n                ", 16);
    const size_t line = (size_t)(w->has_member[d] & SDM_JSONW_HAS_MEMBER) * (size_t)(2 * d - 1);
    o[line] = bracket;
    w->depth = d - 1;
    w->sb.len += line + 1;
}

static inline void sdm__jw_object(sdm_jsonw *w)
{
    sdm__jw_open(w, '{', SDM_JSONW_IN_OBJECT);
}

static inline void sdm__jw_object_end(sdm_jsonw *w)
{
    sdm__jw_close(w, '}');
}

static inline void sdm__jw_array(sdm_jsonw *w)
{
    sdm__jw_open(w, '[', 0);
}

static inline void sdm__jw_array_end(sdm_jsonw *w)
{
    sdm__jw_close(w, ']');
}

/* A key from elsewhere (a value written with sdm__jw_value()), escaped as any
 * string is. */
SDM_HIDDEN void sdm__jw_key_n(sdm_jsonw *w, const char *key, size_t n);
/* The library's own keys: a string literal (the macro takes nothing else) of
 * printable ASCII without '"' or '\\', written as it is, with no look at its
 * bytes. tests/keys.py checks every key the library's sources write. The
 * macro also makes the key's text as written, quoted and followed by ": ", at
 * compile time: the quick side copies it with constant-size stores. */
#define sdm__jw_key(w, key) sdm__jw_key_quick((w), "\"" key "\": ", sizeof(key) + 3, "" key "", sizeof(key) - 1)
SDM_HIDDEN void sdm__jw_key_plain(sdm_jsonw *w, const char *key, size_t n);

/* `quoted` is key (n bytes) in quotes with ": " after it (n + 4 bytes). */
static inline void sdm__jw_key_quick(sdm_jsonw *w, const char *quoted, size_t quoted_n, const char *key, size_t n)
{
    const int d = w->depth;
    char *o = sdm__jw_quick_room(w, quoted_n + 1);
    if (!o || (unsigned)d > SDM_JSONW_QUICK_DEPTH) {
        sdm__jw_key_plain(w, key, n);
        return;
    }
    char *start = o;
    o = sdm__jw_quick_line(o, &w->has_member[d], d);
    memcpy(o, quoted, quoted_n);
    w->sb.len += (size_t)(o - start) + quoted_n;
}

/* Values. A NULL string is written as null. */
SDM_HIDDEN void sdm__jw_string(sdm_jsonw *w, const char *s);
SDM_HIDDEN void sdm__jw_int(sdm_jsonw *w, long long v);
SDM_HIDDEN void sdm__jw_real(sdm_jsonw *w, double v);
SDM_HIDDEN void sdm__jw_bool(sdm_jsonw *w, int v);
SDM_HIDDEN void sdm__jw_null(sdm_jsonw *w);
/* A value built with jansson (for the parts still built that way), written
 * at this place; NULL is a failure (jansson's constructors return NULL when
 * out of memory). The reference is not taken. */
SDM_HIDDEN void sdm__jw_value(sdm_jsonw *w, const json_t *v);

/* Key and value in one call, for the common members of an object; the key a
 * literal as for sdm__jw_key(), the writer evaluated once. */
#define SDM_JW_MEMBER(type, value_type)                                                                        \
    static inline void sdm__jw_k##type##_n(sdm_jsonw *w, const char *quoted, size_t quoted_n, const char *key,   \
                                           size_t n, value_type v)                                             \
    {                                                                                                          \
        sdm__jw_key_quick(w, quoted, quoted_n, key, n);                                                        \
        sdm__jw_##type(w, v);                                                                                  \
    }
SDM_JW_MEMBER(string, const char *)
SDM_JW_MEMBER(int, long long)
SDM_JW_MEMBER(real, double)
SDM_JW_MEMBER(bool, int)
#undef SDM_JW_MEMBER
#define sdm__jw_kstring(w, key, s) sdm__jw_kstring_n((w), "\"" key "\": ", sizeof(key) + 3, "" key "", sizeof(key) - 1, (s))
#define sdm__jw_kint(w, key, v) sdm__jw_kint_n((w), "\"" key "\": ", sizeof(key) + 3, "" key "", sizeof(key) - 1, (v))
#define sdm__jw_kreal(w, key, v) sdm__jw_kreal_n((w), "\"" key "\": ", sizeof(key) + 3, "" key "", sizeof(key) - 1, (v))
#define sdm__jw_kbool(w, key, v) sdm__jw_kbool_n((w), "\"" key "\": ", sizeof(key) + 3, "" key "", sizeof(key) - 1, (v))

/* Text a describe function builds, written as a string value with no copy:
 * sdm__jw_text_begin() writes the opening quote and lends the document's own
 * buffer, to append the text to (nothing else may be written to the writer
 * until sdm__jw_text_end()); sdm__jw_text_end() looks at what was appended
 * and closes the string. Text that is all printable ASCII but '"' and '\\'
 * (the reasons, the words of the data) stays where it is; any other is taken
 * out again, into the writer's scratch buffer, and written escaped, as
 * sdm__jw_string() writes it. After a failure the text goes to the scratch
 * buffer and is dropped. */
SDM_HIDDEN sdm_strbuf *sdm__jw_text_begin(sdm_jsonw *w);
SDM_HIDDEN void sdm__jw_text_end(sdm_jsonw *w);

/* Marks the document failed (a part that could not be made). */
SDM_HIDDEN void sdm__jw_fail(sdm_jsonw *w);

/* Fragments (fragment.h): members or elements written once and copied after.
 * sdm__jw_piece_start() puts the writer at `depth` (0 to SDM_JSONW_DEPTH - 1),
 * inside an object (in_object) or an array with nothing in it yet, to write a
 * piece there.
 * sdm__jw_splice() copies such a piece (len bytes of text, written at `depth`
 * in the same kind of container) at the writer's place, with the comma the
 * member before needs, and returns 1; it returns 0, writing nothing, when the
 * writer is not at that depth in that kind of container. */
SDM_HIDDEN void sdm__jw_piece_start(sdm_jsonw *w, int depth, int in_object);
SDM_HIDDEN int sdm__jw_splice_any(sdm_jsonw *w, const char *text, size_t len, int depth, int in_object);
static inline int sdm__jw_splice(sdm_jsonw *w, const char *text, size_t len, int depth, int in_object)
{
    const int d = w->depth;
    unsigned char *flags = &w->has_member[d];
    if (d != depth || !(*flags & SDM_JSONW_IN_OBJECT) != !in_object)
        return 0;
    char *o = sdm__jw_quick_room(w, len + 1);
    if (!o || len == 0)
        return sdm__jw_splice_any(w, text, len, depth, in_object);
    char *start = o;
    *o = ',';
    o += *flags & SDM_JSONW_HAS_MEMBER;
    *flags |= SDM_JSONW_HAS_MEMBER;
    memcpy(o, text, len);
    w->sb.len += (size_t)(o - start) + len;
    return 1;
}
/* Where the text ends now, and the text written since such an end (its
 * length in *len), or NULL after a failure: for a caller that keeps members
 * it wrote to copy them again with sdm__jw_splice(). */
static inline size_t sdm__jw_end(const sdm_jsonw *w)
{
    return w->sb.len;
}
static inline const char *sdm__jw_since(const sdm_jsonw *w, size_t end, size_t *len)
{
    if (w->failed || w->sb.failed || !w->sb.data || end > w->sb.len)
        return NULL;
    *len = w->sb.len - end;
    return w->sb.data + end;
}
/* Hands the text written to *out (to free with sdm_free()), its buffer cut to
 * size, and returns 0; or frees it and returns -1 when the writer failed.
 * Unlike sdm__jw_finish(), it leaves no error message: a fragment that cannot
 * be made is written directly instead. */
SDM_HIDDEN int sdm__jw_take(sdm_jsonw *w, char **out);

/* Hands the text to *out (to free with sdm_free()), or frees it and fails:
 * SDM_ERR_NO_MEMORY when an allocation failed (or sdm__jw_fail() was
 * called), otherwise SDM_ERR_INVALID_ARGUMENT with a message that names
 * what the writer could not write (text that is not UTF-8, a number that is
 * not finite, a missing value, nesting too deep, a container left open). */
SDM_HIDDEN sdm_status sdm__jw_finish(sdm_jsonw *w, char **out);
/* Frees what was written (a document abandoned for another reason). */
SDM_HIDDEN void sdm__jw_dispose(sdm_jsonw *w);

#endif /* SDM_JSONW_H */
