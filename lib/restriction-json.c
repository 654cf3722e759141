/*
 * libsdm - a medicine's restrictions as JSON ("restrictions", format 2).
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "clinical-private.h"
#include "vocabulary.h"

static sdm_status load_restriction(const sdm_clinical_loader *l, json_t *value, const char *path, void *entry)
{
    static const char *const keys[] = {"context", "requirement", "country", "formulation", "source", "document",
                                       NULL};
    sdm_restriction *r = entry;
    char where[SDM_JSON_PATH];
    sdm__path(where, sizeof where, "%s.formulation", path);
    sdm_status st = sdm__json_check_object(l->doc, value, path, keys);
    if (st == SDM_OK)
        st = sdm__json_copy_word(l, value, path, "context", 1, sdm__check_context, &r->context);
    if (st == SDM_OK)
        st = sdm__json_copy_text(l, value, path, "requirement", 1, &r->requirement);
    if (st == SDM_OK)
        st = sdm__json_copy_word(l, value, path, "country", 0, sdm__check_country, &r->country);
    if (st == SDM_OK)
        st = sdm__json_copy_word(l, value, path, "formulation", 0, sdm__check_formulation, &r->formulation);
    if (st == SDM_OK)
        st = sdm__json_check_own_formulation(l, where, r->formulation);
    if (st == SDM_OK)
        st = sdm__json_cited(l, value, path, &r->source, &r->document);
    return st;
}

sdm_status sdm__load_restrictions(const sdm_clinical_loader *l, json_t *med, const char *path, sdm_profile *p)
{
    sdm_status st = sdm__json_entries(l, med, path, "restrictions", sizeof *p->restrictions, load_restriction,
                                      (void **)&p->restrictions, &p->restriction_count);
    /* One requirement per context, country and formulation: two would contradict each other. */
    for (size_t i = 1; st == SDM_OK && i < p->restriction_count; i++)
        for (size_t j = 0; j < i; j++) {
            const sdm_restriction *a = &p->restrictions[i], *b = &p->restrictions[j];
            if (strcmp(a->context, b->context) == 0 && strcmp(a->country, b->country) == 0 &&
                strcmp(a->formulation, b->formulation) == 0) {
                char where[SDM_JSON_PATH];
                sdm__path(where, sizeof where, "%s.restrictions[%zu]", path, i);
                return sdm__json_fail(l->doc, SDM_ERR_DUPLICATE, NULL, where,
                                      "the restriction '%s'%s%s is given twice (as restrictions[%zu] too)",
                                      a->context, *a->country ? " in " : "", a->country, j);
            }
        }
    return st;
}

json_t *sdm__restrictions_json(const sdm_profile *p, int *bad)
{
    if (p->restriction_count == 0)
        return NULL;
    json_t *arr = json_array();
    for (size_t i = 0; i < p->restriction_count; i++) {
        const sdm_restriction *r = &p->restrictions[i];
        json_t *obj = json_object();
        sdm__jset(obj, "context", json_string(r->context), bad);
        sdm__jset(obj, "requirement", json_string(r->requirement), bad);
        sdm__jset_text(obj, "country", r->country, bad);
        sdm__jset_text(obj, "formulation", r->formulation, bad);
        sdm__jset_cited(obj, r->source, r->document, bad);
        sdm__jpush(arr, obj, bad);
    }
    return arr;
}
