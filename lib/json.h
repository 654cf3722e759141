/*
 * libsdm - reading and writing the JSON formats with jansson: error positions,
 * key paths, strict keys, ids and limits. Not installed.
 * SPDX-License-Identifier: MIT
 */
#ifndef SDM_JSON_H
#define SDM_JSON_H

#include <jansson.h>

#include "internal.h"

/* A document being read: where it came from, for messages that say where. */
typedef struct sdm_json_doc {
    const char *source; /* file path, or "<json>" for text */
    const char *text;
    size_t len;
    json_t *root;
} sdm_json_doc;

/* Longest key path kept in a message, e.g. "medications[12].ratings.weight_gain". */
#define SDM_JSON_PATH 192

/* Parses text into doc->root. Errors: SDM_ERR_PARSE "source:line:column: ...",
 * SDM_ERR_DUPLICATE naming a repeated key, SDM_ERR_LIMIT for a large document. */
SDM_HIDDEN sdm_status sdm__json_parse(sdm_json_doc *doc, const char *source, const char *text, size_t len);
/* Reads a whole file (at most SDM_MAX_DOCUMENT bytes) into memory to free with sdm__free. */
SDM_HIDDEN sdm_status sdm__read_file(const char *path, char **text, size_t *len);

/* Fails with a message "source[:line:column]: path: what". When `locate` is
 * given and occurs exactly once in the text as a quoted string, its line and
 * column are added. */
SDM_HIDDEN sdm_status sdm__json_fail(const sdm_json_doc *doc, sdm_status status, const char *locate,
                                     const char *path, const char *fmt, ...) SDM_PRINTF(5, 6);

/* Checks that `value` is an object whose keys are all in the NULL-terminated `allowed`. */
SDM_HIDDEN sdm_status sdm__json_check_object(const sdm_json_doc *doc, json_t *value, const char *path,
                                             const char *const *allowed);
/* What a string must be (the `must_be_id` of sdm__json_string_value()): text
 * for people (no control or bidirectional characters; see text.h), an id, or a
 * label or name (text that is not blank). */
#define SDM_JSON_TEXT 0
#define SDM_JSON_ID 1
#define SDM_JSON_LABEL 2

/* Member getters. A missing optional member leaves *out NULL (or untouched for
 * numbers) and succeeds; a missing required one is SDM_ERR_SCHEMA. */
SDM_HIDDEN sdm_status sdm__json_string(const sdm_json_doc *doc, json_t *obj, const char *path,
                                       const char *key, int required, const char **out);
SDM_HIDDEN sdm_status sdm__json_id(const sdm_json_doc *doc, json_t *obj, const char *path,
                                   const char *key, int required, const char **out);
SDM_HIDDEN sdm_status sdm__json_label(const sdm_json_doc *doc, json_t *obj, const char *path,
                                      const char *key, int required, const char **out);
SDM_HIDDEN sdm_status sdm__json_array(const sdm_json_doc *doc, json_t *obj, const char *path,
                                      const char *key, int required, json_t **out);
SDM_HIDDEN sdm_status sdm__json_integer(const sdm_json_doc *doc, json_t *obj, const char *path,
                                        const char *key, int required, long long min, long long max,
                                        long long *out);
/* Checks "format" and "format_version" (1) at the top of a document. */
SDM_HIDDEN sdm_status sdm__json_check_format(const sdm_json_doc *doc, const char *format);
/* The same for a format with versions 1..highest; *version receives the document's. */
SDM_HIDDEN sdm_status sdm__json_check_format_version(const sdm_json_doc *doc, const char *format, long long highest,
                                                     long long *version);
/* Checks a string value for length and type; used for array elements. */
SDM_HIDDEN sdm_status sdm__json_string_value(const sdm_json_doc *doc, json_t *value, const char *path,
                                             int must_be_id, const char **out);

/* Formats a key path for a message; a path too long to keep is cut (vsnprintf). */
SDM_HIDDEN void sdm__path(char *buf, size_t size, const char *fmt, ...) SDM_PRINTF(3, 4);
/* The paths of a member, "path.key" ("key" when path is ""), and of an
 * element, "path.key[i]": the same text as sdm__path() with those formats,
 * without a format read for each member of every document. */
SDM_HIDDEN void sdm__path_member(char *buf, size_t size, const char *path, const char *key);
SDM_HIDDEN void sdm__path_element(char *buf, size_t size, const char *path, const char *key, size_t i);

/* Writing: set or append, remembering an allocation failure in *bad. */
static inline void sdm__jset(json_t *obj, const char *key, json_t *value, int *bad)
{
    if (json_object_set_new(obj, key, value) != 0)
        *bad = 1;
}
static inline void sdm__jpush(json_t *arr, json_t *value, int *bad)
{
    if (json_array_append_new(arr, value) != 0)
        *bad = 1;
}
/* A JSON string, or JSON null for NULL. */
SDM_HIDDEN json_t *sdm__jstr(const char *s);
/* Dumps `root` (indented, keys in insertion order) into sdm-allocated text and
 * drops the reference; `bad` reports an earlier failure while building it. */
SDM_HIDDEN sdm_status sdm__json_dump(json_t *root, int bad, char **out);

#endif /* SDM_JSON_H */
