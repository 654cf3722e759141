/*
 * libsdm - a medicine's efficacy beside its side effects (efficacy.h): the
 * getters, the bands and words, and format 2's `medications[].efficacy`.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <string.h>

#include "efficacy-private.h"
#include "evidence-private.h"
#include "ids.h"

/* ---- getters ------------------------------------------------------------ */

const sdm_efficacy *sdm_profile_efficacy(const sdm_profile *p)
{
    return p ? p->efficacy : NULL;
}

double sdm_efficacy_smd(const sdm_efficacy *e)
{
    return e ? e->smd : NAN;
}

double sdm_efficacy_ci_low(const sdm_efficacy *e)
{
    return e ? e->ci_low : NAN;
}

double sdm_efficacy_ci_high(const sdm_efficacy *e)
{
    return e ? e->ci_high : NAN;
}

int sdm_efficacy_studies(const sdm_efficacy *e)
{
    return e ? e->studies : 0;
}

const char *sdm_efficacy_source(const sdm_efficacy *e)
{
    return e ? e->source->key : NULL;
}

const char *sdm_efficacy_outcome(const sdm_efficacy *e)
{
    return e ? e->outcome : NULL;
}

sdm_confidence sdm_efficacy_confidence(const sdm_efficacy *e)
{
    return e ? e->confidence : SDM_CONFIDENCE_NOT_GRADED;
}

const char *sdm_efficacy_note(const sdm_efficacy *e)
{
    return e ? e->note : NULL;
}

int sdm_efficacy_includes_no_effect(const sdm_efficacy *e)
{
    return e && e->ci_high >= 0.0;
}

int sdm_efficacy_uncertain(const sdm_efficacy *e)
{
    return e && e->ci_high - e->ci_low >= SDM_EFFICACY_WIDE;
}

/* The cut-offs of efficacy.h, on e = -SMD: from the default data's 19
 * medicines (median 0.42, quartiles 0.36 and 0.51), rounded. */
sdm_efficacy_band sdm_efficacy_band_of(const sdm_efficacy *e)
{
    if (!e)
        return SDM_EFFICACY_NO_DATA;
    double effect = -e->smd;
    if (effect <= 0.0)
        return SDM_EFFICACY_NO_BETTER;
    if (effect < 0.35)
        return SDM_EFFICACY_LESS;
    if (effect < 0.50)
        return SDM_EFFICACY_AVERAGE;
    if (effect < 0.65)
        return SDM_EFFICACY_LITTLE_BETTER;
    return SDM_EFFICACY_BETTER;
}

static const char *const band_ids[] = {"no_data", "no_better", "less", "average", "little_better", "better"};
static const sdm_id_table bands = SDM_ID_TABLE("efficacy band", SDM_EFFICACY_NO_DATA, band_ids);

const char *sdm_efficacy_band_id(sdm_efficacy_band band)
{
    return sdm__id_of(&bands, (int)band);
}

/* ---- words -------------------------------------------------------------- */

static const char *const band_words[] = {
    "no efficacy data in this formulary",
    "did no better than placebo in trials",
    "works less well than most",
    "works about as well as most",
    "works a little better than most",
    "works better than most",
};

static const char *const confidence_words[] = {"confidence not graded", "very low confidence", "low confidence",
                                               "moderate confidence", "high confidence"};

void sdm__describe_efficacy_short(sdm_strbuf *sb, const sdm_profile *p)
{
    const sdm_efficacy *e = p->efficacy;
    sdm_efficacy_band band = sdm_efficacy_band_of(e);
    sdm__strbuf_append(sb, band_words[band]);
    if (!e)
        return;
    /* A band above "no better" whose interval reaches 0 must say so. */
    if (band != SDM_EFFICACY_NO_BETTER && sdm_efficacy_includes_no_effect(e))
        sdm__strbuf_append(sb, ", but the trials do not rule out that it works no better than placebo");
    if (sdm_efficacy_uncertain(e))
        sdm__strbuf_append(sb, "; the estimate is uncertain");
    if (e->studies > 0) {
        sdm__strbuf_append(sb, e->studies < SDM_EFFICACY_FEW_STUDIES ? "; based on only " : "; based on ");
        sdm__strbuf_append_int(sb, e->studies);
        sdm__strbuf_append(sb, e->studies == 1 ? " study" : " studies");
    }
}

void sdm__describe_efficacy(sdm_strbuf *sb, const sdm_profile *p)
{
    const sdm_efficacy *e = p->efficacy;
    sdm__describe_efficacy_short(sb, p);
    if (!e) {
        sdm__strbuf_append(sb, " (how well it works is not shown here and is not assumed to be average)");
        return;
    }
    sdm__strbuf_appendf(sb, " (overall symptoms, %s: SMD %.2f against placebo, 95 %% interval %.2f to %.2f; %s)",
                        e->source->label, e->smd, e->ci_low, e->ci_high, confidence_words[e->confidence]);
}

sdm_status sdm_profile_describe_efficacy(const sdm_profile *p, char **out)
{
    if (!p || !out)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_profile_describe_efficacy: %s is NULL",
                         !p ? "the profile" : "the out pointer");
    sdm_strbuf sb = SDM_STRBUF_INIT;
    sdm__describe_efficacy(&sb, p);
    return sdm__strbuf_finish(&sb, out);
}

/* ---- JSON --------------------------------------------------------------- */

void sdm__efficacy_destroy(sdm_efficacy *e)
{
    if (!e)
        return;
    sdm__free(e->outcome);
    sdm__free(e->note);
    sdm__free(e);
}

static sdm_status read_number(const sdm_json_doc *doc, json_t *obj, const char *path, const char *key, double *out)
{
    json_t *v = json_object_get(obj, key);
    if (!v)
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, path, "the key '%s' is missing", key);
    if (!json_is_number(v) || !isfinite(json_number_value(v)) || fabs(json_number_value(v)) > 5.0)
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, path,
                              "'%s' must be a standardised mean difference from -5 to 5", key);
    *out = json_number_value(v);
    return SDM_OK;
}

static sdm_status read_source(const sdm_json_doc *doc, const sdm_formulary *f, json_t *obj, const char *path,
                              sdm_efficacy *e)
{
    const char *key;
    sdm_status st = sdm__json_id(doc, obj, path, "source", 1, &key);
    if (st != SDM_OK)
        return st;
    for (size_t s = 0; s < f->source_count; s++)
        if (strcmp(f->sources[s].key, key) == 0) {
            e->source = &f->sources[s];
            return SDM_OK;
        }
    return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, path, "the source '%s' is not listed in \"sources\"", key);
}

static sdm_status read_fixed(const sdm_json_doc *doc, json_t *obj, const char *path, const char *key,
                             const char *only, const char **out)
{
    sdm_status st = sdm__json_string(doc, obj, path, key, 1, out);
    if (st == SDM_OK && strcmp(*out, only) != 0)
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, *out, path, "'%s' is '%s'; this version reads '%s' only", key,
                              *out, only);
    return st;
}

static sdm_status read_confidence(const sdm_json_doc *doc, json_t *obj, const char *path, sdm_efficacy *e)
{
    const char *id;
    int v = 0;
    sdm_status st = sdm__json_id(doc, obj, path, "confidence", 1, &id);
    if (st == SDM_OK && sdm__id_find(sdm__confidence_table(), "confidence", id, &v, &v) != SDM_OK)
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, id, path, "confidence: %s", sdm_last_error());
    e->confidence = (sdm_confidence)v;
    return st;
}

static sdm_status read_efficacy(const sdm_json_doc *doc, const sdm_formulary *f, json_t *obj, const char *path,
                                sdm_efficacy *e)
{
    static const char *const keys[] = {"source", "outcome", "value", "ci_low", "ci_high", "studies", "versus",
                                       "confidence", "note", NULL};
    const char *outcome, *versus, *note = NULL;
    long long studies = 0;
    sdm_status st = sdm__json_check_object(doc, obj, path, keys);
    if (st == SDM_OK)
        st = read_source(doc, f, obj, path, e);
    if (st == SDM_OK)
        st = read_fixed(doc, obj, path, "outcome", "overall_symptoms", &outcome);
    if (st == SDM_OK)
        st = read_fixed(doc, obj, path, "versus", "placebo", &versus);
    if (st == SDM_OK)
        st = read_number(doc, obj, path, "value", &e->smd);
    if (st == SDM_OK)
        st = read_number(doc, obj, path, "ci_low", &e->ci_low);
    if (st == SDM_OK)
        st = read_number(doc, obj, path, "ci_high", &e->ci_high);
    if (st == SDM_OK)
        st = sdm__json_integer(doc, obj, path, "studies", 0, 1, 1000000, &studies);
    if (st == SDM_OK)
        st = read_confidence(doc, obj, path, e);
    if (st == SDM_OK)
        st = sdm__json_string(doc, obj, path, "note", 0, &note);
    if (st != SDM_OK)
        return st;
    if (!(e->ci_low <= e->smd && e->smd <= e->ci_high))
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, path,
                              "'value' %g is not within its interval ('ci_low' %g to 'ci_high' %g)", e->smd,
                              e->ci_low, e->ci_high);
    e->studies = (int)studies;
    e->outcome = sdm__strdup(outcome);
    e->note = sdm__strdup_or_empty(note);
    return e->outcome && e->note ? SDM_OK : sdm__fail_no_memory();
}

sdm_status sdm__load_efficacy(const sdm_json_doc *doc, const sdm_formulary *f, json_t *med, const char *med_path,
                              sdm_profile *p)
{
    json_t *obj = json_object_get(med, "efficacy");
    if (!obj)
        return SDM_OK;
    char path[SDM_JSON_PATH];
    sdm__path(path, sizeof path, "%s.efficacy", med_path);
    if (!json_is_object(obj))
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, path, "expected an object");
    p->efficacy = sdm__calloc(1, sizeof *p->efficacy);
    if (!p->efficacy)
        return sdm__fail_no_memory();
    return read_efficacy(doc, f, obj, path, p->efficacy);
}

void sdm__efficacy_json(json_t *obj, const sdm_profile *p, int *bad)
{
    const sdm_efficacy *e = p->efficacy;
    if (!e)
        return;
    json_t *v = json_object();
    sdm__jset(v, "source", json_string(e->source->key), bad);
    sdm__jset(v, "outcome", json_string(e->outcome), bad);
    sdm__jset(v, "value", json_real(e->smd), bad);
    sdm__jset(v, "ci_low", json_real(e->ci_low), bad);
    sdm__jset(v, "ci_high", json_real(e->ci_high), bad);
    if (e->studies)
        sdm__jset(v, "studies", json_integer(e->studies), bad);
    sdm__jset(v, "versus", json_string("placebo"), bad);
    sdm__jset(v, "confidence", json_string(sdm_confidence_id(e->confidence)), bad);
    if (*e->note)
        sdm__jset(v, "note", json_string(e->note), bad);
    sdm__jset(obj, "efficacy", v, bad);
}

void sdm__efficacy_members_jw(sdm_jsonw *w, const sdm_profile *p)
{
    const sdm_efficacy *e = p->efficacy;
    sdm__jw_kstring(w, "band", sdm_efficacy_band_id(sdm_efficacy_band_of(e)));
    if (e) {
        sdm__jw_kreal(w, "smd", e->smd);
        sdm__jw_kreal(w, "ci_low", e->ci_low);
        sdm__jw_kreal(w, "ci_high", e->ci_high);
        if (e->studies)
            sdm__jw_kint(w, "studies", e->studies);
        sdm__jw_kstring(w, "source", e->source->key);
        sdm__jw_kstring(w, "confidence", sdm_confidence_id(e->confidence));
        sdm__jw_kbool(w, "includes_no_effect", sdm_efficacy_includes_no_effect(e));
        sdm__jw_kbool(w, "uncertain", sdm_efficacy_uncertain(e));
    }
    sdm__jw_key(w, "words");
    sdm__describe_efficacy_short(sdm__jw_text_begin(w), p);
    sdm__jw_text_end(w);
}
