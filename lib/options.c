/*
 * libsdm - match options: defaults, setters, filters and JSON.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "options-private.h"

static const sdm_match_options defaults = {
    .scheme = SDM_WEIGHTS_ROC,
    .scale = {0.0, 1.0, 2.0, 3.0},
    .unknown = SDM_UNKNOWN_MIDDLE,
    .helpful_weight = SDM_HELPFUL_WEIGHT_AUTO,
};

const sdm_match_options *sdm__options_default(void)
{
    return &defaults;
}

/* New options with the defaults, or NULL when out of memory. (Callers test
 * the pointer, not a status, so that the compiler too can see that it is
 * never NULL where it is used.) */
static sdm_match_options *new_options(void)
{
    sdm_match_options *o = sdm__malloc(sizeof *o);
    if (o)
        *o = defaults;
    return o;
}

sdm_status sdm_match_options_new(sdm_match_options **out)
{
    if (!out)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_match_options_new: the out pointer is NULL");
    sdm_match_options *o = new_options();
    if (!o)
        return sdm__fail_no_memory();
    *out = o;
    return SDM_OK;
}

static void free_lists(sdm_match_options *o)
{
    for (size_t i = 0; i < o->exclude_count; i++) {
        sdm__free(o->excludes[i].id);
        sdm__free(o->excludes[i].reason);
    }
    sdm__free(o->excludes);
    sdm__tags_destroy(&o->formulations);
    sdm__tags_destroy(&o->licences);
}

void sdm_match_options_free(sdm_match_options *opts)
{
    if (!opts)
        return;
    free_lists(opts);
    sdm__free(opts);
}

sdm_status sdm_match_options_copy(const sdm_match_options *opts, sdm_match_options **out)
{
    if (!opts || !out)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_match_options_copy: %s is NULL",
                         !opts ? "the options pointer" : "the out pointer");
    sdm_match_options *o = new_options();
    if (!o)
        return sdm__fail_no_memory();
    sdm_status st = SDM_OK;
    memcpy(o->custom, opts->custom, sizeof o->custom);
    memcpy(o->scale, opts->scale, sizeof o->scale);
    o->scheme = opts->scheme;
    o->custom_count = opts->custom_count;
    o->unknown = opts->unknown;
    o->helpful_weight = opts->helpful_weight;
    for (size_t i = 0; st == SDM_OK && i < opts->exclude_count; i++)
        st = sdm_match_options_exclude(o, opts->excludes[i].id, opts->excludes[i].reason);
    for (size_t i = 0; st == SDM_OK && i < opts->formulations.count; i++)
        st = sdm_match_options_require_formulation(o, opts->formulations.items[i]);
    for (size_t i = 0; st == SDM_OK && i < opts->licences.count; i++)
        st = sdm_match_options_require_licence(o, opts->licences.items[i]);
    if (st != SDM_OK) {
        sdm_match_options_free(o);
        return st;
    }
    *out = o;
    return SDM_OK;
}

/* ---- scoring settings --------------------------------------------------- */

static sdm_status null_options(const char *fn)
{
    return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "%s: the options are NULL", fn);
}

sdm_status sdm_match_options_set_scheme(sdm_match_options *opts, sdm_weight_scheme scheme)
{
    if (!opts)
        return null_options("sdm_match_options_set_scheme");
    if (!sdm_weight_scheme_id(scheme))
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "%d is not a weighting scheme", (int)scheme);
    if (scheme == SDM_WEIGHTS_CUSTOM && opts->custom_count == 0)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT,
                         "the custom scheme needs weights: call sdm_match_options_set_custom_weights()");
    opts->scheme = scheme;
    return SDM_OK;
}

sdm_weight_scheme sdm_match_options_scheme(const sdm_match_options *opts)
{
    return opts ? opts->scheme : SDM_WEIGHTS_ROC;
}

sdm_status sdm_match_options_set_custom_weights(sdm_match_options *opts, const double *weights, size_t count)
{
    if (!opts || !weights)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_match_options_set_custom_weights: %s is NULL",
                         !opts ? "the options pointer" : "the weights pointer");
    if (count < 1 || count > SDM_MAX_RANK)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "%zu custom weights: give 1 to %d", count, SDM_MAX_RANK);
    double sum = 0.0;
    for (size_t i = 0; i < count; i++) {
        if (!isfinite(weights[i]) || weights[i] < 0.0 || weights[i] > SDM_MAX_WEIGHT)
            return sdm__fail(SDM_ERR_INVALID_ARGUMENT,
                             "the custom weight of rank %zu is %g: weights must be finite and not negative, "
                             "at most %g", i + 1, weights[i], SDM_MAX_WEIGHT);
        sum += weights[i];
    }
    if (sum <= 0.0)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "the custom weights are all 0");
    memcpy(opts->custom, weights, count * sizeof *weights);
    opts->custom_count = count;
    opts->scheme = SDM_WEIGHTS_CUSTOM;
    return SDM_OK;
}

sdm_status sdm_match_options_set_severity_scale(sdm_match_options *opts, const double values[4])
{
    if (!opts || !values)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_match_options_set_severity_scale: %s is NULL",
                         !opts ? "the options pointer" : "the values pointer");
    for (int r = 0; r < 4; r++) {
        if (!isfinite(values[r]))
            return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "the severity of rating %d is not a finite number", r);
        if (r > 0 && !(values[r] > values[r - 1]))
            return sdm__fail(SDM_ERR_INVALID_ARGUMENT,
                             "the severity scale must increase: rating %d is %g, rating %d is %g", r - 1,
                             values[r - 1], r, values[r]);
    }
    /* (v - v[0]) / (v[3] - v[0]) is NaN when the range overflows */
    if (!isfinite(values[3] - values[0]))
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT,
                         "the severity scale runs from %g to %g: its range is too large to compute with", values[0],
                         values[3]);
    memcpy(opts->scale, values, sizeof opts->scale);
    return SDM_OK;
}

sdm_status sdm_match_options_set_unknown_policy(sdm_match_options *opts, sdm_unknown_policy policy)
{
    if (!opts)
        return null_options("sdm_match_options_set_unknown_policy");
    if (!sdm_unknown_policy_id(policy))
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "%d is not an unknown-rating policy", (int)policy);
    opts->unknown = policy;
    return SDM_OK;
}

sdm_unknown_policy sdm_match_options_unknown_policy(const sdm_match_options *opts)
{
    return opts ? opts->unknown : SDM_UNKNOWN_MIDDLE;
}

sdm_status sdm_match_options_set_helpful_weight(sdm_match_options *opts, double weight)
{
    if (!opts)
        return null_options("sdm_match_options_set_helpful_weight");
    if (weight != SDM_HELPFUL_WEIGHT_AUTO && (!isfinite(weight) || weight < 0.0 || weight > SDM_MAX_WEIGHT))
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT,
                         "the helpful weight %g must be finite and not negative, at most %g (or SDM_HELPFUL_WEIGHT_AUTO)",
                         weight, SDM_MAX_WEIGHT);
    opts->helpful_weight = weight;
    return SDM_OK;
}

double sdm_match_options_helpful_weight(const sdm_match_options *opts)
{
    return opts ? opts->helpful_weight : SDM_HELPFUL_WEIGHT_AUTO;
}

/* ---- filters ------------------------------------------------------------ */

static sdm_status check_filter_id(const char *fn, const sdm_match_options *opts, const char *id, const char *what)
{
    if (!opts || !id)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "%s: %s is NULL", fn, !opts ? "the options pointer" : what);
    if (!sdm__valid_id(id))
        return sdm__fail(strlen(id) > SDM_MAX_ID ? SDM_ERR_LIMIT : SDM_ERR_INVALID_ARGUMENT,
                         "%s: '%.*s' is not a valid id", fn, sdm__echo_width(id, SDM_MAX_ID * 2), id);
    return SDM_OK;
}

sdm_status sdm_match_options_exclude(sdm_match_options *opts, const char *medication_id, const char *reason)
{
    sdm_status st = check_filter_id("sdm_match_options_exclude", opts, medication_id, "the medicine id");
    if (st != SDM_OK)
        return st;
    if (reason && strlen(reason) > SDM_MAX_STRING)
        return sdm__fail(SDM_ERR_LIMIT, "the reason for excluding '%s' is longer than %d bytes", medication_id,
                         SDM_MAX_STRING);
    if (reason && !sdm__valid_utf8(reason))
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "the reason for excluding '%s' is not valid UTF-8",
                         medication_id);
    /* A reason that would show nothing is no reason: the default one is shown. */
    if (reason && reason[strspn(reason, " \t\r\n")] == '\0')
        reason = NULL;
    for (size_t i = 0; i < opts->exclude_count; i++)
        if (strcmp(opts->excludes[i].id, medication_id) == 0)
            return sdm__fail(SDM_ERR_DUPLICATE, "'%s' is already excluded", medication_id);
    if (opts->exclude_count >= SDM_MAX_MEDICATIONS)
        return sdm__fail(SDM_ERR_LIMIT, "more than %d medicines excluded", SDM_MAX_MEDICATIONS);
    sdm_exclude_request request = {sdm__strdup(medication_id), reason ? sdm__strdup(reason) : NULL};
    sdm_exclude_request *grown = NULL;
    if (request.id && (!reason || request.reason))
        grown = sdm__realloc(opts->excludes, opts->exclude_count * sizeof *grown,
                             (opts->exclude_count + 1) * sizeof *grown);
    if (!grown) {
        sdm__free(request.id);
        sdm__free(request.reason);
        return sdm__fail_no_memory();
    }
    grown[opts->exclude_count++] = request;
    opts->excludes = grown;
    return SDM_OK;
}

static sdm_status add_tag(sdm_tags *tags, const char *s, const char *what)
{
    if (sdm__tags_contain(tags, s))
        return sdm__fail(SDM_ERR_DUPLICATE, "the %s '%s' is already required", what, s);
    if (tags->count >= SDM_MAX_TAGS)
        return sdm__fail(SDM_ERR_LIMIT, "more than %d %ss required", SDM_MAX_TAGS, what);
    char *copy = sdm__strdup(s);
    char **grown = copy ? sdm__realloc(tags->items, tags->count * sizeof *grown, (tags->count + 1) * sizeof *grown)
                        : NULL;
    if (!grown) {
        sdm__free(copy);
        return sdm__fail_no_memory();
    }
    grown[tags->count++] = copy;
    tags->items = grown;
    return SDM_OK;
}

sdm_status sdm_match_options_require_formulation(sdm_match_options *opts, const char *formulation)
{
    sdm_status st = check_filter_id("sdm_match_options_require_formulation", opts, formulation, "the formulation");
    return st != SDM_OK ? st : add_tag(&opts->formulations, formulation, "formulation");
}

sdm_status sdm_match_options_require_licence(sdm_match_options *opts, const char *country)
{
    sdm_status st = check_filter_id("sdm_match_options_require_licence", opts, country, "the country");
    return st != SDM_OK ? st : add_tag(&opts->licences, country, "licence country");
}

/* ---- ids ---------------------------------------------------------------- */

static const char *const scheme_ids[] = {"roc", "rank_sum", "reciprocal", "equal", "lexicographic", "custom"};
static const char *const policy_ids[] = {"middle", "worst", "exclude"};

const char *sdm_weight_scheme_id(sdm_weight_scheme scheme)
{
    return ((int)scheme >= 0 && (int)scheme <= SDM_WEIGHTS_CUSTOM) ? scheme_ids[scheme] : NULL;
}

sdm_status sdm_weight_scheme_from_id(const char *id, sdm_weight_scheme *scheme)
{
    if (!id || !scheme)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_weight_scheme_from_id: %s is NULL",
                         !id ? "the id" : "the scheme pointer");
    for (int s = 0; s <= SDM_WEIGHTS_CUSTOM; s++)
        if (strcmp(id, scheme_ids[s]) == 0) {
            *scheme = (sdm_weight_scheme)s;
            return SDM_OK;
        }
    return sdm__fail(SDM_ERR_NOT_FOUND,
                     "unknown weighting scheme '%.*s' (roc, rank_sum, reciprocal, equal, lexicographic or custom)",
                     sdm__echo_width(id, SDM_MAX_ID), id);
}

const char *sdm_unknown_policy_id(sdm_unknown_policy policy)
{
    return ((int)policy >= 0 && (int)policy <= SDM_UNKNOWN_EXCLUDE) ? policy_ids[policy] : NULL;
}

sdm_status sdm_unknown_policy_from_id(const char *id, sdm_unknown_policy *policy)
{
    if (!id || !policy)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_unknown_policy_from_id: %s is NULL",
                         !id ? "the id" : "the policy pointer");
    for (int p = 0; p <= SDM_UNKNOWN_EXCLUDE; p++)
        if (strcmp(id, policy_ids[p]) == 0) {
            *policy = (sdm_unknown_policy)p;
            return SDM_OK;
        }
    return sdm__fail(SDM_ERR_NOT_FOUND, "unknown policy for unknown ratings '%.*s' (middle, worst or exclude)",
                     sdm__echo_width(id, SDM_MAX_ID), id);
}

/* ---- JSON --------------------------------------------------------------- */

static json_t *numbers_json(const double *values, size_t n, int *bad)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        sdm__jpush(arr, json_real(values[i]), bad);
    return arr;
}

json_t *sdm__options_to_value(const sdm_match_options *o, int *bad)
{
    json_t *root = json_object();
    sdm__jset(root, "format", json_string("sdm-options"), bad);
    sdm__jset(root, "format_version", json_integer(1), bad);
    sdm__jset(root, "scheme", json_string(scheme_ids[o->scheme]), bad);
    if (o->custom_count)
        sdm__jset(root, "weights", numbers_json(o->custom, o->custom_count, bad), bad);
    sdm__jset(root, "severity_scale", numbers_json(o->scale, 4, bad), bad);
    sdm__jset(root, "unknown", json_string(policy_ids[o->unknown]), bad);
    sdm__jset(root, "helpful_weight",
              o->helpful_weight < 0.0 ? json_string("auto") : json_real(o->helpful_weight), bad);
    json_t *excludes = json_array();
    for (size_t i = 0; i < o->exclude_count; i++) {
        json_t *entry = json_object();
        sdm__jset(entry, "id", json_string(o->excludes[i].id), bad);
        if (o->excludes[i].reason)
            sdm__jset(entry, "reason", json_string(o->excludes[i].reason), bad);
        sdm__jpush(excludes, entry, bad);
    }
    sdm__jset(root, "exclude", excludes, bad);
    sdm__jset(root, "require_formulations", sdm__tags_json(&o->formulations, bad), bad);
    sdm__jset(root, "require_licences", sdm__tags_json(&o->licences, bad), bad);
    return root;
}

sdm_status sdm_match_options_to_json(const sdm_match_options *opts, char **out)
{
    if (!out)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_match_options_to_json: the out pointer is NULL");
    int bad = 0;
    json_t *root = sdm__options_to_value(opts ? opts : &defaults, &bad);
    return sdm__json_dump(root, bad, out);
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
    const char *scheme = NULL, *unknown = NULL;
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
    }
    if (st == SDM_OK)
        st = sdm__json_id(doc, value, path, "unknown", 0, &unknown);
    if (st == SDM_OK && unknown && sdm_unknown_policy_from_id(unknown, &o->unknown) != SDM_OK)
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, unknown, path,
                              "'unknown' is '%s'; expected middle, worst or exclude", unknown);
    return st;
}

static sdm_status read_helpful_weight(const sdm_json_doc *doc, json_t *value, const char *path,
                                      sdm_match_options *o)
{
    json_t *w = json_object_get(value, "helpful_weight");
    if (!w || (json_is_string(w) && strcmp(json_string_value(w), "auto") == 0))
        return SDM_OK;
    if (!json_is_number(w))
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, path, "'helpful_weight' must be a number or \"auto\"");
    sdm_status st = sdm_match_options_set_helpful_weight(o, json_number_value(w));
    return st == SDM_OK ? st : key_failed(doc, st, path, "helpful_weight");
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
                                       "unknown", "helpful_weight", "exclude", "require_formulations",
                                       "require_licences", NULL};
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
    if (!(o = new_options()))
        return sdm__fail_no_memory();
    st = read_scoring(doc, value, path, o);
    if (st == SDM_OK)
        st = read_helpful_weight(doc, value, path, o);
    if (st == SDM_OK)
        st = read_excludes(doc, value, path, o);
    if (st == SDM_OK)
        st = read_requirements(doc, value, path, "require_formulations", o, sdm_match_options_require_formulation);
    if (st == SDM_OK)
        st = read_requirements(doc, value, path, "require_licences", o, sdm_match_options_require_licence);
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
