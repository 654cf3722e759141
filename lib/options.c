/*
 * libsdm - match options: defaults, setters and filters (JSON: options-json.c).
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ids.h"
#include "options-private.h"
#include "text.h"
#include "vocabulary.h"

static const sdm_match_options defaults = {
    .scheme = SDM_WEIGHTS_ROC,
    .scale = {0.0, 1.0, 2.0, 3.0},
    .unknown = SDM_UNKNOWN_MIDDLE,
    .synthesis = SDM_SYNTHESIS_CONSENSUS,
    .helpful_weight = SDM_HELPFUL_WEIGHT_AUTO,
    .acceptability_seed = SDM_ACCEPTABILITY_DEFAULT_SEED,
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
    sdm__tags_destroy(&o->contexts);
    sdm__free(o->limits);
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
    o->synthesis = opts->synthesis;
    o->helpful_weight = opts->helpful_weight;
    o->evidence = opts->evidence;
    o->tradeoff = opts->tradeoff;
    for (size_t i = 0; st == SDM_OK && i < opts->exclude_count; i++)
        st = sdm_match_options_exclude(o, opts->excludes[i].id, opts->excludes[i].reason);
    for (size_t i = 0; st == SDM_OK && i < opts->formulations.count; i++)
        st = sdm_match_options_require_formulation(o, opts->formulations.items[i]);
    for (size_t i = 0; st == SDM_OK && i < opts->licences.count; i++)
        st = sdm_match_options_require_licence(o, opts->licences.items[i]);
    for (size_t i = 0; st == SDM_OK && i < opts->contexts.count; i++)
        st = sdm_match_options_allow_context(o, opts->contexts.items[i]);
    if (st == SDM_OK)
        st = sdm_match_options_set_detained(o, opts->detained, opts->limits);
    memcpy(o->revisit, opts->revisit, sizeof o->revisit);
    o->acceptability_scenarios = opts->acceptability_scenarios;
    o->acceptability_seed = opts->acceptability_seed;
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

sdm_status sdm_match_options_set_synthesis(sdm_match_options *opts, sdm_synthesis rule)
{
    if (!opts)
        return null_options("sdm_match_options_set_synthesis");
    if (!sdm_synthesis_id(rule))
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "%d is not a synthesis rule", (int)rule);
    opts->synthesis = rule;
    return SDM_OK;
}

sdm_synthesis sdm_match_options_synthesis(const sdm_match_options *opts)
{
    return opts ? opts->synthesis : SDM_SYNTHESIS_CONSENSUS;
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
    /* A reason that would show nothing is no reason: the default one is shown. */
    if (reason && reason[strspn(reason, " \t\r\n")] == '\0')
        reason = NULL;
    char why[96];
    if (reason && sdm__text_problem(reason, 1, why, sizeof why))
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "the reason for excluding '%s' %s", medication_id, why);
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

void sdm__options_drop_exclude(sdm_match_options *o, size_t i)
{
    sdm__free(o->excludes[i].id);
    sdm__free(o->excludes[i].reason);
    memmove(&o->excludes[i], &o->excludes[i + 1], (o->exclude_count - i - 1) * sizeof *o->excludes);
    o->exclude_count--;
}

static sdm_status add_tag(sdm_tags *tags, const char *s, const char *what, const char *what_plural)
{
    if (sdm__tags_contain(tags, s))
        return sdm__fail(SDM_ERR_DUPLICATE, "the %s '%s' is already required", what, s);
    if (tags->count >= SDM_MAX_TAGS)
        return sdm__fail(SDM_ERR_LIMIT, "more than %d %s required", SDM_MAX_TAGS, what_plural);
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
    if (st == SDM_OK)
        st = sdm__check_formulation(formulation);
    return st != SDM_OK ? st : add_tag(&opts->formulations, formulation, "formulation", "formulations");
}

sdm_status sdm_match_options_require_licence(sdm_match_options *opts, const char *country)
{
    sdm_status st = check_filter_id("sdm_match_options_require_licence", opts, country, "the country");
    if (st == SDM_OK)
        st = sdm__check_country(country);
    return st != SDM_OK ? st : add_tag(&opts->licences, country, "licence country", "licence countries");
}

sdm_status sdm_match_options_allow_context(sdm_match_options *opts, const char *context)
{
    sdm_status st = check_filter_id("sdm_match_options_allow_context", opts, context, "the context");
    if (st == SDM_OK)
        st = sdm_context_id_check(context);
    return st != SDM_OK ? st : add_tag(&opts->contexts, context, "context", "contexts");
}

size_t sdm_match_options_context_count(const sdm_match_options *opts)
{
    return opts ? opts->contexts.count : 0;
}

const char *sdm_match_options_context(const sdm_match_options *opts, size_t index)
{
    return (opts && index < opts->contexts.count) ? opts->contexts.items[index] : NULL;
}

sdm_status sdm_match_options_set_detained(sdm_match_options *opts, int detained, const char *limits)
{
    if (!opts)
        return null_options("sdm_match_options_set_detained");
    char why[96];
    if (detained && (!limits || sdm__text_problem(limits, 0, why, sizeof why)))
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT,
                         "a person who is detained needs the clinician's statement of the limits of choice%s%s",
                         limits ? ": the statement " : " (it is NULL)", limits ? why : "");
    if (!detained && limits)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "a statement of the limits of choice is for a person who is detained");
    if (limits && strlen(limits) > SDM_MAX_STRING)
        return sdm__fail(SDM_ERR_LIMIT, "the statement of the limits of choice is longer than %d bytes",
                         SDM_MAX_STRING);
    char *copy = limits ? sdm__strdup(limits) : NULL;
    if (limits && !copy)
        return sdm__fail_no_memory();
    sdm__free(opts->limits);
    opts->limits = copy;
    opts->detained = detained != 0;
    return SDM_OK;
}

int sdm_match_options_detained(const sdm_match_options *opts)
{
    return opts ? opts->detained : 0;
}

const char *sdm_match_options_limits(const sdm_match_options *opts)
{
    return opts ? opts->limits : NULL;
}

sdm_status sdm_match_options_set_revisit(sdm_match_options *opts, const char *date)
{
    if (!opts)
        return null_options("sdm_match_options_set_revisit");
    if (date && !sdm__iso_date(date, 1))
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "the date to revisit '%.*s' is not a date YYYY-MM-DD",
                         sdm__echo_width(date, 32), date);
    snprintf(opts->revisit, sizeof opts->revisit, "%s", date ? date : "");
    return SDM_OK;
}

const char *sdm_match_options_revisit(const sdm_match_options *opts)
{
    return opts ? opts->revisit : NULL;
}

/* ---- ids ---------------------------------------------------------------- */

static const char *const scheme_ids[] = {"roc", "rank_sum", "reciprocal", "equal", "lexicographic", "custom"};
static const char *const policy_ids[] = {"middle", "worst", "exclude", "mean"};
static const sdm_id_table schemes = SDM_ID_TABLE("weighting scheme", SDM_WEIGHTS_ROC, scheme_ids);
static const sdm_id_table policies = SDM_ID_TABLE("policy for unknown ratings", SDM_UNKNOWN_MIDDLE, policy_ids);

const char *sdm_weight_scheme_id(sdm_weight_scheme scheme)
{
    return sdm__id_of(&schemes, (int)scheme);
}

sdm_status sdm_weight_scheme_from_id(const char *id, sdm_weight_scheme *scheme)
{
    int value;
    sdm_status st = sdm__id_find(&schemes, "sdm_weight_scheme_from_id", id, scheme, &value);
    if (st == SDM_OK)
        *scheme = (sdm_weight_scheme)value;
    return st;
}

const char *sdm_unknown_policy_id(sdm_unknown_policy policy)
{
    return sdm__id_of(&policies, (int)policy);
}

sdm_status sdm_unknown_policy_from_id(const char *id, sdm_unknown_policy *policy)
{
    int value;
    sdm_status st = sdm__id_find(&policies, "sdm_unknown_policy_from_id", id, policy, &value);
    if (st == SDM_OK)
        *policy = (sdm_unknown_policy)value;
    return st;
}

/* ---- numeric evidence and the trade-off (numeric.h, efficacy.h) ------------ */

static const char *const evidence_ids[] = {"ordinal", "numeric"};
static const sdm_id_table evidence_modes = SDM_ID_TABLE("evidence mode", SDM_EVIDENCE_ORDINAL, evidence_ids);

const char *sdm_evidence_mode_id(sdm_evidence_mode mode)
{
    return sdm__id_of(&evidence_modes, (int)mode);
}

sdm_status sdm_evidence_mode_from_id(const char *id, sdm_evidence_mode *mode)
{
    int value;
    sdm_status st = sdm__id_find(&evidence_modes, "sdm_evidence_mode_from_id", id, mode, &value);
    if (st == SDM_OK)
        *mode = (sdm_evidence_mode)value;
    return st;
}

sdm_status sdm_match_options_set_evidence(sdm_match_options *opts, sdm_evidence_mode mode)
{
    if (!opts)
        return null_options("sdm_match_options_set_evidence");
    if (!sdm_evidence_mode_id(mode))
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "%d is not an evidence mode (ordinal 0, numeric 1)", (int)mode);
    opts->evidence = mode;
    return SDM_OK;
}

sdm_evidence_mode sdm_match_options_evidence(const sdm_match_options *opts)
{
    return opts ? opts->evidence : SDM_EVIDENCE_ORDINAL;
}

sdm_status sdm_match_options_set_tradeoff(sdm_match_options *opts, double weight)
{
    if (!opts)
        return null_options("sdm_match_options_set_tradeoff");
    if (!(weight >= 0.0 && weight <= SDM_MAX_TRADEOFF))
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "the trade-off weight %g is not from 0 to %g", weight,
                         SDM_MAX_TRADEOFF);
    opts->tradeoff = weight;
    return SDM_OK;
}

double sdm_match_options_tradeoff(const sdm_match_options *opts)
{
    return opts ? opts->tradeoff : 0.0;
}
