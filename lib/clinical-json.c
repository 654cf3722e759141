/*
 * libsdm - what the JSON of serious risks, restrictions, licences and
 * products shares: a medicine's lists (and the formulary's class risks) are
 * read and written here, each entry by its concept's *-json.c file.
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "clinical-private.h"
#include "vocabulary.h"

/* ---- reading ------------------------------------------------------------ */

sdm_status sdm__json_entries(const sdm_clinical_loader *l, json_t *obj, const char *path, const char *key,
                             size_t size, sdm_entry_loader load, void **items, size_t *count)
{
    json_t *array;
    sdm_status st = sdm__json_array(l->doc, obj, path, key, 0, &array);
    if (st != SDM_OK || !array)
        return st;
    size_t n = json_array_size(array);
    if (n > SDM_MAX_READINGS)
        return sdm__json_fail(l->doc, SDM_ERR_LIMIT, NULL, path, "'%s' has %zu entries, more than the limit of %d",
                              key, n, SDM_MAX_READINGS);
    if (n && !(*items = sdm__calloc(n, size)))
        return sdm__fail_no_memory();
    for (size_t i = 0; i < n; i++) {
        char where[SDM_JSON_PATH];
        sdm__path(where, sizeof where, "%s%s%s[%zu]", path, *path ? "." : "", key, i);
        *count = i + 1; /* a failure frees what this entry has so far */
        st = load(l, json_array_get(array, i), where, (char *)*items + i * size);
        if (st != SDM_OK)
            return st;
    }
    return SDM_OK;
}

sdm_status sdm__json_cited(const sdm_clinical_loader *l, json_t *value, const char *path,
                           const sdm_source **source, char **document)
{
    const char *key, *text;
    sdm_status st = sdm__json_id(l->doc, value, path, "source", 1, &key);
    if (st == SDM_OK)
        st = sdm__json_string(l->doc, value, path, "document", 0, &text);
    if (st != SDM_OK)
        return st;
    for (size_t s = 0; s < l->f->source_count && !*source; s++)
        if (strcmp(l->f->sources[s].key, key) == 0)
            *source = &l->f->sources[s];
    if (!*source)
        return sdm__json_fail(l->doc, SDM_ERR_SCHEMA, NULL, path, "the source '%s' is not listed in \"sources\"",
                              key);
    *document = sdm__strdup_or_empty(text);
    return *document ? SDM_OK : sdm__fail_no_memory();
}

sdm_status sdm__json_copy_text(const sdm_clinical_loader *l, json_t *value, const char *path, const char *key,
                               int label, char **out)
{
    const char *text;
    sdm_status st = label ? sdm__json_label(l->doc, value, path, key, 1, &text)
                          : sdm__json_string(l->doc, value, path, key, 0, &text);
    if (st != SDM_OK)
        return st;
    *out = sdm__strdup_or_empty(text);
    return *out ? SDM_OK : sdm__fail_no_memory();
}

sdm_status sdm__json_copy_word(const sdm_clinical_loader *l, json_t *value, const char *path, const char *key,
                               int required, sdm_status (*check)(const char *), char **out)
{
    const char *word;
    sdm_status st = sdm__json_id(l->doc, value, path, key, required, &word);
    if (st != SDM_OK)
        return st;
    if (word && (st = check(word)) != SDM_OK) {
        char where[SDM_JSON_PATH];
        sdm__path(where, sizeof where, "%s.%s", path, key);
        return sdm__json_fail(l->doc, st, word, where, "%s", sdm_last_error());
    }
    *out = sdm__strdup_or_empty(word);
    return *out ? SDM_OK : sdm__fail_no_memory();
}

sdm_status sdm__json_check_own_formulation(const sdm_clinical_loader *l, const char *path, const char *formulation)
{
    if (!l->p || !*formulation || sdm__tags_contain(&l->p->formulations, formulation))
        return SDM_OK;
    return sdm__json_fail(l->doc, SDM_ERR_SCHEMA, NULL, path,
                          "the formulation '%s' is not one the medicine lists in 'formulations'", formulation);
}

sdm_status sdm__load_class_risks(const sdm_json_doc *doc, sdm_formulary *f, json_t *root)
{
    sdm_clinical_loader l = {doc, f, NULL};
    sdm_status st = sdm__load_risks(&l, root, "", "class_risks", &f->class_risks, &f->class_risk_count);
    for (size_t i = 0; i < f->class_risk_count; i++)
        f->class_risks[i].is_class = 1;
    return st;
}

sdm_status sdm__load_profile_clinical(const sdm_json_doc *doc, const sdm_formulary *f, json_t *med,
                                      const char *med_path, sdm_profile *p)
{
    sdm_clinical_loader l = {doc, f, p};
    sdm_status st = sdm__load_licences(&l, med, med_path, p);
    if (st == SDM_OK)
        st = sdm__load_products(&l, med, med_path, p);
    if (st == SDM_OK)
        st = sdm__load_restrictions(&l, med, med_path, p);
    if (st == SDM_OK)
        st = sdm__load_risks(&l, med, med_path, "serious_risks", &p->risks, &p->risk_count);
    if (st == SDM_OK)
        st = sdm__profile_show_risks(p);
    return st;
}

/* ---- writing ------------------------------------------------------------ */

void sdm__jset_text(json_t *obj, const char *key, const char *text, int *bad)
{
    if (text && *text)
        sdm__jset(obj, key, json_string(text), bad);
}

void sdm__jset_cited(json_t *obj, const sdm_source *source, const char *document, int *bad)
{
    sdm__jset(obj, "source", json_string(source->key), bad);
    sdm__jset_text(obj, "document", document, bad);
}

/* Sets `key` to a list, or leaves it out when the list is empty (NULL). */
static void set_list(json_t *obj, const char *key, json_t *list, int *bad)
{
    if (list)
        sdm__jset(obj, key, list, bad);
}

void sdm__profile_clinical_json(json_t *obj, const sdm_profile *p, int *bad)
{
    set_list(obj, "licences", sdm__licences_json(p, bad), bad);
    set_list(obj, "products", sdm__products_json(p, bad), bad);
    set_list(obj, "restrictions", sdm__restrictions_json(p, bad), bad);
    set_list(obj, "serious_risks", sdm__risks_json(p->risks, p->risk_count, bad), bad);
}
