/*
 * libsdm - the formulary: lifetime, lookup and provenance (its JSON is in
 * formulary-json.c).
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include "clinical-private.h"
#include "efficacy-private.h"
#include "evidence-private.h"
#include "fragment.h"

/* ---- lifetime ----------------------------------------------------------- */

void sdm__tags_destroy(sdm_tags *tags)
{
    for (size_t i = 0; i < tags->count; i++)
        sdm__free(tags->items[i]);
    sdm__free(tags->items);
}

static void profile_destroy(sdm_profile *p, size_t item_count)
{
    sdm__free(p->id);
    sdm__free(p->name);
    sdm__free(p->atc);
    sdm__tags_destroy(&p->formulations);
    sdm__tags_destroy(&p->licences);
    if (p->cells)
        for (size_t i = 0; i < item_count; i++)
            sdm__cell_destroy(&p->cells[i]);
    sdm__free(p->cells);
    sdm__free(p->by_rule);
    sdm__profile_clinical_destroy(p);
    sdm__efficacy_destroy(p->efficacy);
    sdm__fragments_free(&p->card_text);
    for (size_t d = 0; d < SDM_ENTRY_TEXT_DEPTHS; d++)
        sdm__fragments_free(&p->entry_text[d]);
    sdm__fragments_free(&p->disagreement_text);
}

sdm_formulary *sdm__formulary_new(const sdm_catalogue *cat)
{
    sdm_formulary *f = sdm__calloc(1, sizeof *f);
    if (!f)
        return NULL;
    sdm__ref_init(&f->refs);
    /* The formulary only reads the catalogue; the reference keeps it alive. */
    f->catalogue = sdm_catalogue_ref((sdm_catalogue *)cat);
    return f;
}

void sdm__formulary_destroy(sdm_formulary *f)
{
    size_t items = sdm_catalogue_count(f->catalogue);
    for (size_t i = 0; i < f->count; i++)
        profile_destroy(&f->profiles[i], items);
    for (size_t s = 0; s < f->source_count; s++) {
        sdm__free(f->sources[s].key);
        sdm__free(f->sources[s].label);
        sdm__free(f->sources[s].citation);
        sdm__free(f->sources[s].url);
        sdm__free(f->sources[s].note);
        sdm__free(f->sources[s].edition);
    }
    sdm__free(f->sources);
    sdm__free(f->profiles);
    sdm__risks_destroy(f->class_risks, f->class_risk_count);
    sdm__free(f->name);
    sdm__free(f->title);
    sdm__free(f->version);
    sdm__free(f->notice);
    sdm__free(f->catalogue_id);
    sdm_catalogue_free(f->catalogue);
    sdm__free(f);
}

sdm_formulary *sdm_formulary_ref(sdm_formulary *f)
{
    if (f)
        sdm__ref_inc(&f->refs);
    return f;
}

void sdm_formulary_free(sdm_formulary *f)
{
    if (f && sdm__ref_dec(&f->refs))
        sdm__formulary_destroy(f);
}

/* ---- lookup and getters ------------------------------------------------- */

size_t sdm__formulary_index(const sdm_formulary *f, const char *id)
{
    for (size_t i = 0; i < f->count; i++)
        if (strcmp(f->profiles[i].id, id) == 0)
            return i;
    return (size_t)-1;
}

static const char *profile_id_at(const void *owner, size_t i)
{
    return ((const sdm_formulary *)owner)->profiles[i].id;
}

sdm_status sdm__formulary_not_found(const sdm_formulary *f, const char *what, const char *id)
{
    const char *near = sdm__closest_id(id, f, f->count, profile_id_at);
    return sdm__fail(SDM_ERR_NOT_FOUND, "%s '%.*s' is not in the formulary%s%s%s", what, sdm__echo_width(id, SDM_MAX_ID * 2), id,
                     near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
}

int sdm__tags_contain(const sdm_tags *tags, const char *s)
{
    for (size_t i = 0; i < tags->count; i++)
        if (tags->items[i] && strcmp(tags->items[i], s) == 0)
            return 1;
    return 0;
}

size_t sdm_formulary_count(const sdm_formulary *f)
{
    return f ? f->count : 0;
}

const sdm_profile *sdm_formulary_profile(const sdm_formulary *f, size_t index)
{
    return (f && index < f->count) ? &f->profiles[index] : NULL;
}

const sdm_profile *sdm_formulary_find(const sdm_formulary *f, const char *id)
{
    if (!f || !id) {
        sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_formulary_find: %s is NULL", !f ? "the formulary" : "the id");
        return NULL;
    }
    size_t i = sdm__formulary_index(f, id);
    if (i == (size_t)-1) {
        sdm__formulary_not_found(f, "the medicine", id);
        return NULL;
    }
    return &f->profiles[i];
}

const sdm_catalogue *sdm_formulary_catalogue(const sdm_formulary *f)
{
    return f ? f->catalogue : NULL;
}

const char *sdm_formulary_version(const sdm_formulary *f)
{
    return f ? f->version : NULL;
}

const char *sdm_formulary_name(const sdm_formulary *f)
{
    return f ? f->name : NULL;
}

const char *sdm_formulary_title(const sdm_formulary *f)
{
    return f ? f->title : NULL;
}

const char *sdm_formulary_notice(const sdm_formulary *f)
{
    return f ? f->notice : NULL;
}

size_t sdm_formulary_source_count(const sdm_formulary *f)
{
    return f ? f->source_count : 0;
}

static const sdm_source *source_at(const sdm_formulary *f, size_t index)
{
    return (f && index < f->source_count) ? &f->sources[index] : NULL;
}

const char *sdm_formulary_source_key(const sdm_formulary *f, size_t index)
{
    const sdm_source *s = source_at(f, index);
    return s ? s->key : NULL;
}

const char *sdm_formulary_source_citation(const sdm_formulary *f, size_t index)
{
    const sdm_source *s = source_at(f, index);
    return s ? s->citation : NULL;
}

const char *sdm_formulary_source_url(const sdm_formulary *f, size_t index)
{
    const sdm_source *s = source_at(f, index);
    return s ? s->url : NULL;
}

const char *sdm_formulary_source_label(const sdm_formulary *f, size_t index)
{
    const sdm_source *s = source_at(f, index);
    return s ? s->label : NULL;
}

const char *sdm_formulary_source_note(const sdm_formulary *f, size_t index)
{
    const sdm_source *s = source_at(f, index);
    return s ? s->note : NULL;
}

const char *sdm_formulary_source_edition(const sdm_formulary *f, size_t index)
{
    const sdm_source *s = source_at(f, index);
    return s ? s->edition : NULL;
}

sdm_reliability sdm_formulary_source_reliability(const sdm_formulary *f, size_t index)
{
    const sdm_source *s = source_at(f, index);
    return s ? s->reliability : SDM_RELIABILITY_UNSTATED;
}

int sdm_formulary_source_decides(const sdm_formulary *f, size_t index)
{
    const sdm_source *s = source_at(f, index);
    return s ? s->decides : 0;
}

int sdm_formulary_format_version(const sdm_formulary *f)
{
    return f ? f->format_version : 0;
}
