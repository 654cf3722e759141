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
    sdm_strbuf scratch; /* see sdm__jw_scratch() */
    int depth;
    int failed;
    const char *failure; /* why, when the document failed for a reason other than memory (the first) */
    unsigned char has_member[SDM_JSONW_DEPTH]; /* at each depth: a value written already */
} sdm_jsonw;

SDM_HIDDEN void sdm__jw_init(sdm_jsonw *w);
/* The same, with room for `expected` bytes made at once: a document whose
 * size its writer can tell beforehand is not copied as it grows. */
SDM_HIDDEN void sdm__jw_init_sized(sdm_jsonw *w, size_t expected);

/* Containers. Inside an object every value follows sdm__jw_key(). */
SDM_HIDDEN void sdm__jw_object(sdm_jsonw *w);
SDM_HIDDEN void sdm__jw_object_end(sdm_jsonw *w);
SDM_HIDDEN void sdm__jw_array(sdm_jsonw *w);
SDM_HIDDEN void sdm__jw_array_end(sdm_jsonw *w);
/* A key from elsewhere (a value written with sdm__jw_value()), escaped as any
 * string is. */
SDM_HIDDEN void sdm__jw_key_n(sdm_jsonw *w, const char *key, size_t n);
/* The library's own keys: a string literal (the macro takes nothing else) of
 * printable ASCII without '"' or '\\', written as it is, with no look at its
 * bytes. tests/keys.py checks every key the library's sources write. */
#define sdm__jw_key(w, key) sdm__jw_key_plain((w), "" key "", sizeof(key) - 1)
SDM_HIDDEN void sdm__jw_key_plain(sdm_jsonw *w, const char *key, size_t n);

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
    static inline void sdm__jw_k##type##_n(sdm_jsonw *w, const char *key, size_t n, value_type v)          \
    {                                                                                                          \
        sdm__jw_key_plain(w, key, n);                                                                          \
        sdm__jw_##type(w, v);                                                                                  \
    }
SDM_JW_MEMBER(string, const char *)
SDM_JW_MEMBER(int, long long)
SDM_JW_MEMBER(real, double)
SDM_JW_MEMBER(bool, int)
#undef SDM_JW_MEMBER
#define sdm__jw_kstring(w, key, s) sdm__jw_kstring_n((w), "" key "", sizeof(key) - 1, (s))
#define sdm__jw_kint(w, key, v) sdm__jw_kint_n((w), "" key "", sizeof(key) - 1, (v))
#define sdm__jw_kreal(w, key, v) sdm__jw_kreal_n((w), "" key "", sizeof(key) - 1, (v))
#define sdm__jw_kbool(w, key, v) sdm__jw_kbool_n((w), "" key "", sizeof(key) - 1, (v))

/* Text a describe function builds, written as a string value without an
 * allocation per string: sdm__jw_scratch() empties the writer's own scratch
 * buffer and lends it, sdm__jw_scratch_string() writes what it holds. */
SDM_HIDDEN sdm_strbuf *sdm__jw_scratch(sdm_jsonw *w);
SDM_HIDDEN void sdm__jw_scratch_string(sdm_jsonw *w);

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
SDM_HIDDEN int sdm__jw_splice(sdm_jsonw *w, const char *text, size_t len, int depth, int in_object);
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
