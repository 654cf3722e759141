/*
 * libsdm - a medicine's products as JSON ("products", format 2).
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "clinical-private.h"
#include "vocabulary.h"

static sdm_status load_product(const sdm_clinical_loader *l, json_t *value, const char *path, void *entry)
{
    static const char *const keys[] = {"formulation", "name", "interval", "country", "note", "source", "document",
                                       NULL};
    sdm_product *pr = entry;
    char where[SDM_JSON_PATH];
    sdm__path(where, sizeof where, "%s.formulation", path);
    sdm_status st = sdm__json_check_object(l->doc, value, path, keys);
    if (st == SDM_OK)
        st = sdm__json_copy_word(l, value, path, "formulation", 1, sdm__check_formulation, &pr->formulation);
    if (st == SDM_OK)
        st = sdm__json_check_own_formulation(l, where, pr->formulation);
    if (st == SDM_OK)
        st = sdm__json_copy_text(l, value, path, "name", 1, &pr->name);
    if (st == SDM_OK)
        st = sdm__json_copy_text(l, value, path, "interval", 0, &pr->interval);
    if (st == SDM_OK)
        st = sdm__json_copy_word(l, value, path, "country", 0, sdm__check_country, &pr->country);
    if (st == SDM_OK)
        st = sdm__json_copy_text(l, value, path, "note", 0, &pr->note);
    if (st == SDM_OK)
        st = sdm__json_cited(l, value, path, &pr->source, &pr->document);
    return st;
}

sdm_status sdm__load_products(const sdm_clinical_loader *l, json_t *med, const char *path, sdm_profile *p)
{
    sdm_status st = sdm__json_entries(l, med, path, "products", sizeof *p->products, load_product,
                                      (void **)&p->products, &p->product_count);
    for (size_t i = 1; st == SDM_OK && i < p->product_count; i++)
        for (size_t j = 0; j < i; j++) {
            const sdm_product *a = &p->products[i], *b = &p->products[j];
            if (strcmp(a->name, b->name) == 0 && strcmp(a->country, b->country) == 0) {
                char where[SDM_JSON_PATH];
                sdm__path(where, sizeof where, "%s.products[%zu]", path, i);
                return sdm__json_fail(l->doc, SDM_ERR_DUPLICATE, NULL, where,
                                      "the product '%s'%s%s is given twice (as products[%zu] too)", a->name,
                                      *a->country ? " in " : "", a->country, j);
            }
        }
    return st;
}

json_t *sdm__products_json(const sdm_profile *p, int *bad)
{
    if (p->product_count == 0)
        return NULL;
    json_t *arr = json_array();
    for (size_t i = 0; i < p->product_count; i++) {
        const sdm_product *pr = &p->products[i];
        json_t *obj = json_object();
        sdm__jset(obj, "formulation", json_string(pr->formulation), bad);
        sdm__jset(obj, "name", json_string(pr->name), bad);
        sdm__jset_text(obj, "interval", pr->interval, bad);
        sdm__jset_text(obj, "country", pr->country, bad);
        sdm__jset_text(obj, "note", pr->note, bad);
        sdm__jset_cited(obj, pr->source, pr->document, bad);
        sdm__jpush(arr, obj, bad);
    }
    return arr;
}
