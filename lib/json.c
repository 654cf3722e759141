/*
 * libsdm - JSON reading helpers with exact error positions, and writing helpers.
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "json.h"
#include "text.h"
#include "strbuf.h"

void sdm__path(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    sdm__utf8_trim_cut(buf);
}

/* "path." (nothing when path is "") and key at buf, when they fit with `more`
 * bytes after; returns where they end, or NULL. */
static char *path_and_key(char *buf, size_t size, const char *path, const char *key, size_t more)
{
    size_t p = strlen(path), k = strlen(key), dot = p != 0;
    if (p + dot + k + more >= size)
        return NULL;
    memcpy(buf, path, p);
    buf[p] = '.';
    memcpy(buf + p + dot, key, k);
    return buf + p + dot + k;
}

void sdm__path_member(char *buf, size_t size, const char *path, const char *key)
{
    char *end = path_and_key(buf, size, path, key, 0);
    if (end)
        *end = '\0';
    else /* cut as vsnprintf() cuts */
        sdm__path(buf, size, "%s%s%s", path, *path ? "." : "", key);
}

void sdm__path_element(char *buf, size_t size, const char *path, const char *key, size_t i)
{
    char digits[24], *d = digits + sizeof digits;
    size_t v = i;
    do {
        *--d = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    size_t n = (size_t)(digits + sizeof digits - d);
    char *end = path_and_key(buf, size, path, key, n + 2);
    if (!end) {
        sdm__path(buf, size, "%s%s%s[%zu]", path, *path ? "." : "", key, i);
        return;
    }
    *end = '[';
    memcpy(end + 1, d, n);
    end[n + 1] = ']';
    end[n + 2] = '\0';
}

/* ---- positions ---------------------------------------------------------- */

/* Line and column (1-based, counting characters, as jansson does) of a byte offset. */
static void position_of(const char *text, size_t offset, int *line, int *column)
{
    *line = 1;
    *column = 1;
    for (size_t i = 0; i < offset; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\n') {
            (*line)++;
            *column = 1;
        } else if ((c & 0xC0) != 0x80) {
            (*column)++;
        }
    }
}

/* The offset of the only occurrence of "needle" (quoted) in the text, or -1
 * when it is absent or occurs more than once (then a position would mislead). */
static long unique_quoted(const char *text, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    long found = -1;
    if (n + 2 > len)
        return -1;
    for (size_t i = 0; i + n + 2 <= len; i++) {
        if (text[i] == '"' && text[i + n + 1] == '"' && memcmp(text + i + 1, needle, n) == 0) {
            if (found >= 0)
                return -1;
            found = (long)i;
        }
    }
    return found;
}

sdm_status sdm__json_fail(const sdm_json_doc *doc, sdm_status status, const char *locate,
                          const char *path, const char *fmt, ...)
{
    char what[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    sdm__utf8_trim_cut(what);

    long at = (locate && doc->text) ? unique_quoted(doc->text, doc->len, locate) : -1;
    const char *sep = (path && *path) ? ": " : "";
    if (at >= 0) {
        int line, column;
        position_of(doc->text, (size_t)at, &line, &column);
        return sdm__fail(status, "%s:%d:%d: %s%s%s", doc->source, line, column, path ? path : "", sep, what);
    }
    return sdm__fail(status, "%s: %s%s%s", doc->source, path ? path : "", sep, what);
}

/* ---- parsing ------------------------------------------------------------ */

/* jansson reports a repeated key without its name; the key is the last quoted
 * string before the error position. */
static void last_key_before(const char *text, size_t offset, char *key, size_t size)
{
    key[0] = '\0';
    if (offset == 0)
        return;
    size_t end = offset;
    while (end > 0 && text[end - 1] != '"')
        end--;
    if (end == 0)
        return;
    size_t start = end - 1;
    while (start > 0 && !(text[start - 1] == '"' && (start < 2 || text[start - 2] != '\\')))
        start--;
    if (start == 0)
        return;
    size_t n = end - 1 - start;
    if (n >= size)
        n = sdm__utf8_fit(text + start, size - 1);
    memcpy(key, text + start, n);
    key[n] = '\0';
}

sdm_status sdm__json_parse(sdm_json_doc *doc, const char *source, const char *text, size_t len)
{
    doc->source = source;
    doc->text = text;
    doc->len = len;
    doc->root = NULL;
    if (!text)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "%s: the JSON text is NULL", source);
    if (len > SDM_MAX_DOCUMENT)
        return sdm__fail(SDM_ERR_LIMIT, "%s: the document has %zu bytes, more than the limit of %u",
                         source, len, (unsigned)SDM_MAX_DOCUMENT);
    json_error_t error;
    memset(&error, 0, sizeof error);
    /* Any value is well-formed JSON; that the top is an object is a schema matter. */
    doc->root = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &error);
    if (doc->root)
        return SDM_OK;
    /* When an allocation fails, jansson returns NULL without setting the error
     * (its code is then whatever the memory held): no text means no memory. */
    if (error.text[0] == '\0')
        return sdm__fail_no_memory();
    if (json_error_code(&error) == json_error_duplicate_key) {
        char key[SDM_MAX_ID + 1];
        last_key_before(text, (size_t)error.position, key, sizeof key);
        return sdm__fail(SDM_ERR_DUPLICATE, "%s:%d:%d: key '%s' appears twice in one object",
                         source, error.line, error.column, key);
    }
    if (json_error_code(&error) == json_error_out_of_memory)
        return sdm__fail_no_memory();
    return sdm__fail(SDM_ERR_PARSE, "%s:%d:%d: %s", source, error.line, error.column, error.text);
}

/* Grows `*buf` to hold more, within the document limit. */
static sdm_status grow_buffer(const char *path, char **buf, size_t *cap)
{
    if (*cap > SDM_MAX_DOCUMENT)
        return sdm__fail(SDM_ERR_LIMIT, "%s: the file is larger than the limit of %u bytes", path,
                         (unsigned)SDM_MAX_DOCUMENT);
    char *bigger = sdm__realloc(*buf, *cap, *cap * 2);
    if (!bigger)
        return sdm__fail_no_memory();
    *buf = bigger;
    *cap *= 2;
    return SDM_OK;
}

sdm_status sdm__read_file(const char *path, char **text, size_t *len)
{
    if (!path)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "the file path is NULL");
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return sdm__fail(SDM_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    size_t cap = 4096, n = 0;
    char *buf = sdm__malloc(cap);
    sdm_status status = buf ? SDM_OK : sdm__fail_no_memory();
    while (status == SDM_OK) {
        if (n == cap && (status = grow_buffer(path, &buf, &cap)) != SDM_OK)
            break;
        size_t got = fread(buf + n, 1, cap - n, fp);
        n += got;
        if (got == 0) {
            if (ferror(fp))
                status = sdm__fail(SDM_ERR_IO, "%s: read error", path);
            break;
        }
    }
    fclose(fp);
    if (status != SDM_OK) {
        sdm__free(buf);
        return status;
    }
    *text = buf;
    *len = n;
    return SDM_OK;
}

/* ---- schema checks ------------------------------------------------------ */

static const char *type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: return "an integer";
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    case JSON_NULL: return "null";
    }
    return "a value";
}

static const char *allowed_at(const void *owner, size_t i)
{
    return ((const char *const *)owner)[i];
}

sdm_status sdm__json_check_object(const sdm_json_doc *doc, json_t *value, const char *path,
                                  const char *const *allowed)
{
    if (!json_is_object(value))
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, path, "expected an object, found %s",
                              type_name(value));
    const char *key;
    json_t *member;
    json_object_foreach(value, key, member) {
        size_t i = 0;
        while (allowed[i] && strcmp(allowed[i], key) != 0)
            i++;
        if (!allowed[i]) {
            size_t count = 0;
            while (allowed[count])
                count++;
            const char *near = sdm__closest_id(key, allowed, count, allowed_at);
            return sdm__json_fail(doc, SDM_ERR_SCHEMA, key, path, "unknown key '%.*s'%s%s%s", sdm__echo_width(key, SDM_MAX_ID * 2), key,
                                  near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
        }
    }
    return SDM_OK;
}

static sdm_status member(const sdm_json_doc *doc, json_t *obj, const char *path, const char *key,
                         int required, json_t **out)
{
    *out = json_object_get(obj, key);
    if (!*out && required)
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, path, "the key '%s' is missing", key);
    return SDM_OK;
}

sdm_status sdm__json_string_value(const sdm_json_doc *doc, json_t *value, const char *path,
                                  int must_be_id, const char **out)
{
    if (!json_is_string(value))
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, path, "expected a string, found %s",
                              type_name(value));
    const char *s = json_string_value(value);
    size_t n = json_string_length(value);
    if (n > SDM_MAX_STRING)
        return sdm__json_fail(doc, SDM_ERR_LIMIT, NULL, path,
                              "the string has %zu bytes, more than the limit of %d", n, SDM_MAX_STRING);
    if (must_be_id == SDM_JSON_ID && n > SDM_MAX_ID)
        return sdm__json_fail(doc, SDM_ERR_LIMIT, NULL, path,
                              "the id has %zu bytes, more than the limit of %d", n, SDM_MAX_ID);
    if (must_be_id == SDM_JSON_ID && !sdm__valid_id(s))
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, s, path,
                              "'%s' is not a valid id (1 to %d of A-Z a-z 0-9 _ . -)", s, SDM_MAX_ID);
    char why[96];
    if (must_be_id != SDM_JSON_ID && sdm__text_problem(s, must_be_id != SDM_JSON_LABEL, why, sizeof why))
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, path, "the text %s", why);
    *out = s;
    return SDM_OK;
}

static sdm_status string_member(const sdm_json_doc *doc, json_t *obj, const char *path,
                                const char *key, int required, int must_be_id, const char **out)
{
    json_t *v;
    *out = NULL;
    sdm_status st = member(doc, obj, path, key, required, &v);
    if (st != SDM_OK || !v)
        return st;
    char where[SDM_JSON_PATH];
    sdm__path_member(where, sizeof where, path, key);
    return sdm__json_string_value(doc, v, where, must_be_id, out);
}

sdm_status sdm__json_string(const sdm_json_doc *doc, json_t *obj, const char *path,
                            const char *key, int required, const char **out)
{
    return string_member(doc, obj, path, key, required, 0, out);
}

sdm_status sdm__json_id(const sdm_json_doc *doc, json_t *obj, const char *path,
                        const char *key, int required, const char **out)
{
    return string_member(doc, obj, path, key, required, SDM_JSON_ID, out);
}

sdm_status sdm__json_label(const sdm_json_doc *doc, json_t *obj, const char *path,
                           const char *key, int required, const char **out)
{
    return string_member(doc, obj, path, key, required, SDM_JSON_LABEL, out);
}

sdm_status sdm__json_array(const sdm_json_doc *doc, json_t *obj, const char *path,
                           const char *key, int required, json_t **out)
{
    sdm_status st = member(doc, obj, path, key, required, out);
    if (st != SDM_OK || !*out)
        return st;
    if (!json_is_array(*out))
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, path, "'%s' must be an array, found %s", key,
                              type_name(*out));
    return SDM_OK;
}

sdm_status sdm__json_integer(const sdm_json_doc *doc, json_t *obj, const char *path,
                             const char *key, int required, long long min, long long max,
                             long long *out)
{
    json_t *v;
    sdm_status st = member(doc, obj, path, key, required, &v);
    if (st != SDM_OK || !v)
        return st;
    if (!json_is_integer(v))
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, path, "'%s' must be an integer, found %s", key,
                              type_name(v));
    long long n = json_integer_value(v);
    if (n < min || n > max)
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, path, "'%s' is %lld, outside %lld..%lld", key, n,
                              min, max);
    *out = n;
    return SDM_OK;
}

sdm_status sdm__json_check_format(const sdm_json_doc *doc, const char *format)
{
    long long version;
    return sdm__json_check_format_version(doc, format, 1, &version);
}

sdm_status sdm__json_check_format_version(const sdm_json_doc *doc, const char *format, long long highest,
                                          long long *version)
{
    const char *found;
    if (!json_is_object(doc->root))
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, "", "expected an %s document (an object), found %s",
                              format, type_name(doc->root));
    sdm_status st = sdm__json_string(doc, doc->root, "", "format", 1, &found);
    if (st != SDM_OK)
        return st;
    if (strcmp(found, format) != 0)
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, found, "format", "expected \"%s\", found \"%s\"", format,
                              found);
    *version = 0;
    st = sdm__json_integer(doc, doc->root, "", "format_version", 1, 0, 1000000, version);
    if (st != SDM_OK)
        return st;
    if (*version < 1 || *version > highest)
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, "format_version",
                              "version %lld is not supported by libsdm %s (it reads version%s 1%s%.0lld)", *version,
                              SDM_VERSION_STRING, highest > 1 ? "s" : "", highest > 1 ? " to " : "",
                              highest > 1 ? highest : 0);
    return SDM_OK;
}

/* ---- writing ------------------------------------------------------------ */

json_t *sdm__jstr(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* jansson's writer appends through this into our own buffer. A failure to
 * grow it sticks (the buffer's `failed`), because jansson ignores the
 * callback's result when it writes a key. */
static int dump_to_strbuf(const char *buffer, size_t size, void *data)
{
    sdm_strbuf *sb = data;
    sdm__strbuf_append_n(sb, buffer, size);
    return sb->failed ? -1 : 0;
}

sdm_status sdm__json_dump(json_t *root, int bad, char **out)
{
    if (!root || bad) {
        json_decref(root);
        return sdm__fail_no_memory();
    }
    /* Not json_dumps(): it grows its buffer with jansson's allocator and,
     * when that fails while a key is written, returns the text without the key
     * (jansson 2.14). 17 digits: every double reads back exactly. */
    sdm_strbuf sb = SDM_STRBUF_INIT;
    int failed = json_dump_callback(root, dump_to_strbuf, &sb, JSON_INDENT(2) | JSON_REAL_PRECISION(17));
    json_decref(root);
    if (failed) {
        sdm__strbuf_dispose(&sb);
        return sdm__fail_no_memory();
    }
    return sdm__strbuf_finish(&sb, out);
}
