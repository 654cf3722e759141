/*
 * libsdm - serious risks as JSON: a medicine's "serious_risks" and the
 * formulary's "class_risks" (format 2).
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "clinical-private.h"
#include "vocabulary.h"

static sdm_status load_risk(const sdm_clinical_loader *l, json_t *value, const char *path, void *entry)
{
    static const char *const keys[] = {"id", "words", "frequency", "formulation", "source", "document", NULL};
    sdm_risk *r = entry;
    char where[SDM_JSON_PATH];
    sdm__path(where, sizeof where, "%s.formulation", path);
    sdm_status st = sdm__json_check_object(l->doc, value, path, keys);
    if (st == SDM_OK)
        st = sdm__json_copy_word(l, value, path, "id", 1, sdm__check_risk, &r->id);
    if (st == SDM_OK)
        st = sdm__json_copy_text(l, value, path, "words", 1, &r->words);
    if (st == SDM_OK)
        st = sdm__json_copy_text(l, value, path, "frequency", 0, &r->frequency);
    if (st == SDM_OK)
        st = sdm__json_copy_word(l, value, path, "formulation", 0, sdm__check_formulation, &r->formulation);
    if (st == SDM_OK)
        st = sdm__json_check_own_formulation(l, where, r->formulation);
    if (st == SDM_OK)
        st = sdm__json_cited(l, value, path, &r->source, &r->document);
    return st;
}

sdm_status sdm__load_risks(const sdm_clinical_loader *l, json_t *obj, const char *path, const char *key,
                           sdm_risk **risks, size_t *count)
{
    sdm_status st = sdm__json_entries(l, obj, path, key, sizeof **risks, load_risk, (void **)risks, count);
    /* One entry per risk and formulation: two would say different things of one risk. */
    for (size_t i = 1; st == SDM_OK && i < *count; i++)
        for (size_t j = 0; j < i; j++) {
            const sdm_risk *a = &(*risks)[i], *b = &(*risks)[j];
            if (strcmp(a->id, b->id) == 0 && strcmp(a->formulation, b->formulation) == 0) {
                char where[SDM_JSON_PATH];
                sdm__path(where, sizeof where, "%s%s%s[%zu]", path, *path ? "." : "", key, i);
                return sdm__json_fail(l->doc, SDM_ERR_DUPLICATE, NULL, where,
                                      "the serious risk '%s'%s%s is given twice (as %s[%zu] too)", a->id,
                                      *a->formulation ? " of the formulation " : "", a->formulation, key, j);
            }
        }
    return st;
}

json_t *sdm__risks_json(const sdm_risk *risks, size_t count, int *bad)
{
    if (count == 0)
        return NULL;
    json_t *arr = json_array();
    for (size_t i = 0; i < count; i++) {
        const sdm_risk *r = &risks[i];
        json_t *obj = json_object();
        sdm__jset(obj, "id", json_string(r->id), bad);
        sdm__jset(obj, "words", json_string(r->words), bad);
        sdm__jset_text(obj, "frequency", r->frequency, bad);
        sdm__jset_text(obj, "formulation", r->formulation, bad);
        sdm__jset_cited(obj, r->source, r->document, bad);
        sdm__jpush(arr, obj, bad);
    }
    return arr;
}
