/*
 * libsdm - a medicine's licences as JSON ("licences", format 2), kept in step
 * with its list "licensed_in".
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "clinical-private.h"
#include "text.h"
#include "vocabulary.h"

static sdm_status read_status(const sdm_clinical_loader *l, json_t *value, const char *path, sdm_licence *d)
{
    const char *id;
    sdm_status st = sdm__json_id(l->doc, value, path, "status", 1, &id);
    if (st == SDM_OK && sdm_licence_status_from_id(id, &d->status) != SDM_OK)
        return sdm__json_fail(l->doc, SDM_ERR_SCHEMA, id, path, "status: %s", sdm_last_error());
    return st;
}

static sdm_status load_licence(const sdm_clinical_loader *l, json_t *value, const char *path, void *entry)
{
    static const char *const keys[] = {"country", "status", "date", "note", "source", "document", NULL};
    sdm_licence *d = entry;
    sdm_status st = sdm__json_check_object(l->doc, value, path, keys);
    if (st == SDM_OK)
        st = sdm__json_copy_word(l, value, path, "country", 1, sdm__check_country, &d->country);
    if (st == SDM_OK)
        st = read_status(l, value, path, d);
    if (st == SDM_OK)
        st = sdm__json_copy_text(l, value, path, "date", 0, &d->date);
    if (st == SDM_OK && *d->date && !sdm__iso_date(d->date, 0))
        return sdm__json_fail(l->doc, SDM_ERR_SCHEMA, d->date, path,
                              "date: '%s' is not an ISO 8601 date (2023, 2023-04 or 2023-04-25)", d->date);
    if (st == SDM_OK)
        st = sdm__json_copy_text(l, value, path, "note", 0, &d->note);
    if (st == SDM_OK)
        st = sdm__json_cited(l, value, path, &d->source, &d->document);
    return st;
}

static const sdm_licence *detail_for(const sdm_profile *p, const char *country, size_t upto)
{
    for (size_t i = 0; i < upto; i++)
        if (strcmp(p->licence_details[i].country, country) == 0)
            return &p->licence_details[i];
    return NULL;
}

/* A document that gives "licensed_in" too must agree with its details. */
static sdm_status check_licensed_in(const sdm_clinical_loader *l, const char *where, const sdm_profile *p)
{
    for (size_t i = 0; i < p->licence_detail_count; i++) {
        const sdm_licence *d = &p->licence_details[i];
        if (d->status == SDM_LICENCE_YES && !sdm__tags_contain(&p->licences, d->country))
            return sdm__json_fail(l->doc, SDM_ERR_SCHEMA, NULL, where,
                                  "the licence of '%s' says yes, but 'licensed_in' does not list it", d->country);
    }
    for (size_t i = 0; i < p->licences.count; i++) {
        const sdm_licence *d = detail_for(p, p->licences.items[i], p->licence_detail_count);
        if (!d || d->status != SDM_LICENCE_YES)
            return sdm__json_fail(l->doc, SDM_ERR_SCHEMA, NULL, where, "'licensed_in' lists '%s', but %s%s",
                                  p->licences.items[i], d ? "its licence says " : "'licences' has no licence for it",
                                  d ? sdm_licence_status_id(d->status) : "");
    }
    return SDM_OK;
}

/* A document that gives the details alone: "licensed_in" is their yes. */
static sdm_status fill_licensed_in(const sdm_clinical_loader *l, const char *where, sdm_profile *p)
{
    size_t yes = 0;
    for (size_t i = 0; i < p->licence_detail_count; i++)
        yes += p->licence_details[i].status == SDM_LICENCE_YES;
    if (yes > SDM_MAX_TAGS)
        return sdm__json_fail(l->doc, SDM_ERR_LIMIT, NULL, where,
                              "%zu licences say yes, more than the limit of %d countries", yes, SDM_MAX_TAGS);
    if (yes && !(p->licences.items = sdm__calloc(yes, sizeof *p->licences.items)))
        return sdm__fail_no_memory();
    for (size_t i = 0; i < p->licence_detail_count; i++)
        if (p->licence_details[i].status == SDM_LICENCE_YES) {
            char *copy = sdm__strdup(p->licence_details[i].country);
            if (!copy)
                return sdm__fail_no_memory();
            p->licences.items[p->licences.count++] = copy;
        }
    return SDM_OK;
}

sdm_status sdm__load_licences(const sdm_clinical_loader *l, json_t *med, const char *path, sdm_profile *p)
{
    sdm_status st = sdm__json_entries(l, med, path, "licences", sizeof *p->licence_details, load_licence,
                                      (void **)&p->licence_details, &p->licence_detail_count);
    for (size_t i = 1; st == SDM_OK && i < p->licence_detail_count; i++)
        if (detail_for(p, p->licence_details[i].country, i)) {
            char where[SDM_JSON_PATH];
            sdm__path(where, sizeof where, "%s.licences[%zu]", path, i);
            return sdm__json_fail(l->doc, SDM_ERR_DUPLICATE, NULL, where, "the licence of '%s' is given twice",
                                  p->licence_details[i].country);
        }
    if (st != SDM_OK || p->licence_detail_count == 0)
        return st;
    char where[SDM_JSON_PATH];
    sdm__path(where, sizeof where, "%s.licensed_in", path);
    return json_object_get(med, "licensed_in") ? check_licensed_in(l, where, p) : fill_licensed_in(l, where, p);
}

json_t *sdm__licences_json(const sdm_profile *p, int *bad)
{
    if (p->licence_detail_count == 0)
        return NULL;
    json_t *arr = json_array();
    for (size_t i = 0; i < p->licence_detail_count; i++) {
        const sdm_licence *d = &p->licence_details[i];
        json_t *obj = json_object();
        sdm__jset(obj, "country", json_string(d->country), bad);
        sdm__jset(obj, "status", json_string(sdm_licence_status_id(d->status)), bad);
        sdm__jset_text(obj, "date", d->date, bad);
        sdm__jset_text(obj, "note", d->note, bad);
        sdm__jset_cited(obj, d->source, d->document, bad);
        sdm__jpush(arr, obj, bad);
    }
    return arr;
}
