/*
 * libsdm - match options as JSON: the `sdm-options` format, read and written (also
 * inside decision records).
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "acceptability-json.h"
#include "json-values.h"
#include "vocabulary.h"

static void numbers_jw(sdm_jsonw *w, const double *values, size_t n)
{
    sdm__jw_array(w);
    for (size_t i = 0; i < n; i++)
        sdm__jw_real(w, values[i]);
    sdm__jw_array_end(w);
}

void sdm__options_jw(sdm_jsonw *w, const sdm_match_options *o)
{
    sdm__jw_object(w);
    sdm__jw_kstring(w, "format", "sdm-options");
    sdm__jw_kint(w, "format_version", 1);
    sdm__jw_kstring(w, "scheme", sdm_weight_scheme_id(o->scheme));
    /* Custom weights kept from before another scheme was chosen are not in
     * effect: writing them would give a document with two answers. */
    if (o->scheme == SDM_WEIGHTS_CUSTOM) {
        sdm__jw_key(w, "weights");
        numbers_jw(w, o->custom, o->custom_count);
    }
    sdm__jw_key(w, "severity_scale");
    numbers_jw(w, o->scale, 4);
    sdm__jw_kstring(w, "unknown", sdm_unknown_policy_id(o->unknown));
    sdm__jw_kstring(w, "synthesis", sdm_synthesis_id(o->synthesis));
    if (o->helpful_weight < 0.0)
        sdm__jw_kstring(w, "helpful_weight", "auto");
    else
        sdm__jw_kreal(w, "helpful_weight", o->helpful_weight);
    /* Written only when not the default, so that earlier documents and records read as they were. */
    if (o->evidence != SDM_EVIDENCE_ORDINAL)
        sdm__jw_kstring(w, "evidence", sdm_evidence_mode_id(o->evidence));
    if (o->tradeoff > 0.0)
        sdm__jw_kreal(w, "tradeoff", o->tradeoff);
    sdm__jw_key(w, "exclude");
    sdm__jw_array(w);
    for (size_t i = 0; i < o->exclude_count; i++) {
        sdm__jw_object(w);
        sdm__jw_kstring(w, "id", o->excludes[i].id);
        if (o->excludes[i].reason)
            sdm__jw_kstring(w, "reason", o->excludes[i].reason);
        sdm__jw_object_end(w);
    }
    sdm__jw_array_end(w);
    sdm__jw_key(w, "require_formulations");
    sdm__tags_jw(w, &o->formulations);
    sdm__jw_key(w, "require_licences");
    sdm__tags_jw(w, &o->licences);
    sdm__jw_key(w, "contexts");
    sdm__tags_jw(w, &o->contexts);
    sdm__jw_kbool(w, "detained", o->detained);
    if (o->limits)
        sdm__jw_kstring(w, "limits", o->limits);
    if (*o->revisit)
        sdm__jw_kstring(w, "revisit", o->revisit);
    if (o->acceptability_scenarios) {
        /* Not on the common path: built with jansson (acceptability-json.c). */
        int acc_bad = 0;
        json_t *acc = sdm__acc_options_value(o, &acc_bad);
        sdm__jw_key(w, "acceptability");
        sdm__jw_value(w, acc_bad ? NULL : acc);
        json_decref(acc);
    }
    sdm__jw_object_end(w);
}

json_t *sdm__options_to_value(const sdm_match_options *o, int *bad)
{
    sdm_jsonw w;
    char *text = NULL;
    sdm__jw_init(&w);
    sdm__options_jw(&w, o);
    if (sdm__jw_finish(&w, &text) != SDM_OK) {
        *bad = 1;
        return NULL;
    }
    json_t *value = json_loads(text, 0, NULL);
    sdm__free(text);
    if (!value)
        *bad = 1;
    return value;
}

sdm_status sdm_match_options_to_json(const sdm_match_options *opts, char **out)
{
    if (!out)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_match_options_to_json: the out pointer is NULL");
    sdm_jsonw w;
    sdm__jw_init(&w);
    sdm__options_jw(&w, opts ? opts : sdm__options_default());
    return sdm__jw_finish(&w, out);
}

/* Applies a setter's failure to a JSON key: "<json>: options.weights: ...". */
static sdm_status key_failed(const sdm_json_doc *doc, sdm_status st, const char *path, const char *key)
{
    char prefix[SDM_JSON_PATH + 64];
    sdm__path(prefix, sizeof prefix, "%s: %s%s%s: ", doc->source, path, *path ? "." : "", key);
    return sdm__fail_prefix(st, prefix);
}

static sdm_status read_numbers(const sdm_json_doc *doc, json_t *value, const char *path, const char *key,
                               size_t max, double *out, size_t *count)
{
    json_t *arr;
    sdm_status st = sdm__json_array(doc, value, path, key, 0, &arr);
    if (st != SDM_OK || !arr)
        return st;
    size_t n = json_array_size(arr);
    if (n == 0 || n > max)
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, path, "'%s' needs 1 to %zu numbers, found %zu", key, max, n);
    for (size_t i = 0; i < n; i++) {
        json_t *v = json_array_get(arr, i);
        if (!json_is_number(v))
            return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, path, "%s[%zu] must be a number", key, i);
        out[i] = json_number_value(v);
    }
    *count = n;
    return SDM_OK;
}

static sdm_status read_scoring(const sdm_json_doc *doc, json_t *value, const char *path, sdm_match_options *o)
{
    const char *scheme = NULL, *unknown = NULL, *synthesis = NULL, *evidence = NULL;
    double weights[SDM_MAX_RANK], scale[4];
    size_t n_weights = 0, n_scale = 0;
    sdm_status st = read_numbers(doc, value, path, "weights", SDM_MAX_RANK, weights, &n_weights);
    if (st == SDM_OK && n_weights && (st = sdm_match_options_set_custom_weights(o, weights, n_weights)) != SDM_OK)
        return key_failed(doc, st, path, "weights");
    if (st == SDM_OK)
        st = read_numbers(doc, value, path, "severity_scale", 4, scale, &n_scale);
    if (st == SDM_OK && n_scale && n_scale != 4)
        st = sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, path, "'severity_scale' needs 4 numbers, found %zu", n_scale);
    if (st == SDM_OK && n_scale && (st = sdm_match_options_set_severity_scale(o, scale)) != SDM_OK)
        return key_failed(doc, st, path, "severity_scale");
    if (st == SDM_OK)
        st = sdm__json_id(doc, value, path, "scheme", 0, &scheme);
    if (st == SDM_OK && scheme) {
        sdm_weight_scheme s = SDM_WEIGHTS_ROC; /* set by the call; gcc -O3 cannot tell */
        if ((st = sdm_weight_scheme_from_id(scheme, &s)) == SDM_OK)
            st = sdm_match_options_set_scheme(o, s);
        if (st != SDM_OK)
            return key_failed(doc, st == SDM_ERR_NOT_FOUND ? SDM_ERR_SCHEMA : st, path, "scheme");
        /* Custom weights with another scheme: two answers to one question. */
        if (n_weights && s != SDM_WEIGHTS_CUSTOM)
            return sdm__json_fail(doc, SDM_ERR_SCHEMA, scheme, path,
                                  "'weights' are custom weights, but 'scheme' is '%s': give the scheme 'custom' "
                                  "(or leave it out) with weights, or no weights", scheme);
    }
    if (st == SDM_OK)
        st = sdm__json_id(doc, value, path, "unknown", 0, &unknown);
    if (st == SDM_OK && unknown && sdm_unknown_policy_from_id(unknown, &o->unknown) != SDM_OK)
        return key_failed(doc, SDM_ERR_SCHEMA, path, "unknown");
    if (st == SDM_OK)
        st = sdm__json_id(doc, value, path, "synthesis", 0, &synthesis);
    if (st == SDM_OK && synthesis && sdm_synthesis_from_id(synthesis, &o->synthesis) != SDM_OK)
        return key_failed(doc, SDM_ERR_SCHEMA, path, "synthesis");
    if (st == SDM_OK)
        st = sdm__json_id(doc, value, path, "evidence", 0, &evidence);
    if (st == SDM_OK && evidence && sdm_evidence_mode_from_id(evidence, &o->evidence) != SDM_OK)
        return key_failed(doc, SDM_ERR_SCHEMA, path, "evidence");
    return st;
}

static sdm_status read_tradeoff(const sdm_json_doc *doc, json_t *value, const char *path, sdm_match_options *o)
{
    json_t *w = json_object_get(value, "tradeoff");
    if (!w)
        return SDM_OK;
    if (!json_is_number(w))
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, path, "'tradeoff' must be a number from 0 to %g",
                              SDM_MAX_TRADEOFF);
    sdm_status st = sdm_match_options_set_tradeoff(o, json_number_value(w));
    return st == SDM_OK ? st : key_failed(doc, SDM_ERR_SCHEMA, path, "tradeoff");
}

static sdm_status read_helpful_weight(const sdm_json_doc *doc, json_t *value, const char *path,
                                      sdm_match_options *o)
{
    json_t *w = json_object_get(value, "helpful_weight");
    if (!w || (json_is_string(w) && strcmp(json_string_value(w), "auto") == 0))
        return SDM_OK;
    if (!json_is_number(w))
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, path, "'helpful_weight' must be a number or \"auto\"");
    /* In C, SDM_HELPFUL_WEIGHT_AUTO is -1; in JSON "auto" says it, and a
     * negative number is a mistake, not a code. */
    if (json_number_value(w) < 0.0)
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, path,
                              "'helpful_weight' is %g: a weight is not negative (write \"auto\" for the weight of "
                              "the lowest rank)", json_number_value(w));
    sdm_status st = sdm_match_options_set_helpful_weight(o, json_number_value(w));
    return st == SDM_OK ? st : key_failed(doc, st, path, "helpful_weight");
}

/* "detained" (true or false), "limits" (the clinician's statement when
 * detained) and "revisit" (a date). */
static sdm_status read_decision_context(const sdm_json_doc *doc, json_t *value, const char *path,
                                        sdm_match_options *o)
{
    json_t *detained = json_object_get(value, "detained");
    const char *limits = NULL, *revisit = NULL;
    if (detained && !json_is_boolean(detained))
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, path, "'detained' must be true or false");
    sdm_status st = sdm__json_string(doc, value, path, "limits", 0, &limits);
    /* a bad statement is the document's fault; running out of memory is not */
    if (st == SDM_OK && (st = sdm_match_options_set_detained(o, json_is_true(detained), limits)) != SDM_OK)
        return key_failed(doc, st == SDM_ERR_NO_MEMORY ? st : SDM_ERR_SCHEMA, path, "limits");
    if (st == SDM_OK)
        st = sdm__json_string(doc, value, path, "revisit", 0, &revisit);
    if (st == SDM_OK && (st = sdm_match_options_set_revisit(o, revisit)) != SDM_OK)
        return key_failed(doc, SDM_ERR_SCHEMA, path, "revisit");
    return st;
}

static sdm_status read_excludes(const sdm_json_doc *doc, json_t *value, const char *path, sdm_match_options *o)
{
    static const char *const keys[] = {"id", "reason", NULL};
    json_t *arr;
    sdm_status st = sdm__json_array(doc, value, path, "exclude", 0, &arr);
    for (size_t i = 0; st == SDM_OK && i < json_array_size(arr); i++) {
        char where[SDM_JSON_PATH];
        const char *id = NULL, *reason = NULL;
        json_t *entry = json_array_get(arr, i);
        sdm__path(where, sizeof where, "%s%sexclude[%zu]", path, *path ? "." : "", i);
        if (json_is_string(entry)) {
            st = sdm__json_string_value(doc, entry, where, 1, &id);
        } else {
            st = sdm__json_check_object(doc, entry, where, keys);
            if (st == SDM_OK)
                st = sdm__json_id(doc, entry, where, "id", 1, &id);
            if (st == SDM_OK)
                st = sdm__json_string(doc, entry, where, "reason", 0, &reason);
        }
        if (st == SDM_OK && (st = sdm_match_options_exclude(o, id, reason)) != SDM_OK)
            st = key_failed(doc, st, "", where);
    }
    return st;
}

static sdm_status read_requirements(const sdm_json_doc *doc, json_t *value, const char *path, const char *key,
                                    sdm_match_options *o,
                                    sdm_status (*require)(sdm_match_options *, const char *))
{
    json_t *arr;
    sdm_status st = sdm__json_array(doc, value, path, key, 0, &arr);
    for (size_t i = 0; st == SDM_OK && i < json_array_size(arr); i++) {
        char where[SDM_JSON_PATH];
        const char *id;
        sdm__path(where, sizeof where, "%s%s%s[%zu]", path, *path ? "." : "", key, i);
        st = sdm__json_string_value(doc, json_array_get(arr, i), where, 1, &id);
        if (st == SDM_OK && (st = require(o, id)) != SDM_OK)
            st = key_failed(doc, st, "", where);
    }
    return st;
}

sdm_status sdm__options_from_value(const sdm_json_doc *doc, json_t *value, const char *path,
                                   sdm_match_options **out)
{
    static const char *const keys[] = {"format", "format_version", "scheme", "weights", "severity_scale",
                                       "unknown", "synthesis", "evidence", "tradeoff", "helpful_weight", "exclude",
                                       "require_formulations", "require_licences", "contexts", "detained", "limits",
                                       "revisit", "acceptability", NULL};
    const char *format;
    long long version;
    sdm_match_options *o;
    sdm_status st = sdm__json_check_object(doc, value, path, keys);
    if (st == SDM_OK)
        st = sdm__json_string(doc, value, path, "format", 0, &format);
    if (st == SDM_OK && format && strcmp(format, "sdm-options") != 0)
        st = sdm__json_fail(doc, SDM_ERR_SCHEMA, format, path, "expected the format \"sdm-options\", found \"%s\"",
                            format);
    if (st == SDM_OK)
        st = sdm__json_integer(doc, value, path, "format_version", 0, 1, 1, &version);
    if (st != SDM_OK)
        return st;
    if (sdm_match_options_new(&o) != SDM_OK)
        return sdm__fail_no_memory();
    st = read_scoring(doc, value, path, o);
    if (st == SDM_OK)
        st = read_helpful_weight(doc, value, path, o);
    if (st == SDM_OK)
        st = read_tradeoff(doc, value, path, o);
    if (st == SDM_OK)
        st = read_excludes(doc, value, path, o);
    if (st == SDM_OK)
        st = read_requirements(doc, value, path, "require_formulations", o, sdm_match_options_require_formulation);
    if (st == SDM_OK)
        st = read_requirements(doc, value, path, "require_licences", o, sdm_match_options_require_licence);
    if (st == SDM_OK)
        st = read_requirements(doc, value, path, "contexts", o, sdm_match_options_allow_context);
    if (st == SDM_OK)
        st = read_decision_context(doc, value, path, o);
    if (st == SDM_OK)
        st = sdm__acc_options_read(doc, value, path, o);
    if (st != SDM_OK) {
        sdm_match_options_free(o);
        return st;
    }
    *out = o;
    return SDM_OK;
}

sdm_status sdm_match_options_from_json(const char *json, size_t len, sdm_match_options **out)
{
    if (!out)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_match_options_from_json: the out pointer is NULL");
    sdm_json_doc doc;
    sdm_status st = sdm__json_parse(&doc, "<json>", json, len);
    if (st != SDM_OK)
        return st;
    st = sdm__options_from_value(&doc, doc.root, "", out);
    json_decref(doc.root);
    return st;
}
