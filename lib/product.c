/*
 * libsdm - a medicine's products: its preparations in detail, such as its
 * long-acting injections (their JSON: product-json.c).
 * SPDX-License-Identifier: MIT
 */
#include "clinical-private.h"

void sdm__products_destroy(sdm_product *products, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        sdm__free(products[i].formulation);
        sdm__free(products[i].name);
        sdm__free(products[i].interval);
        sdm__free(products[i].country);
        sdm__free(products[i].note);
        sdm__free(products[i].document);
    }
    sdm__free(products);
}

size_t sdm_profile_product_count(const sdm_profile *p)
{
    return p ? p->product_count : 0;
}

const sdm_product *sdm_profile_product(const sdm_profile *p, size_t index)
{
    return (p && index < p->product_count) ? &p->products[index] : NULL;
}

const char *sdm_product_formulation(const sdm_product *pr)
{
    return pr ? pr->formulation : NULL;
}

const char *sdm_product_name(const sdm_product *pr)
{
    return pr ? pr->name : NULL;
}

const char *sdm_product_interval(const sdm_product *pr)
{
    return pr ? pr->interval : NULL;
}

const char *sdm_product_country(const sdm_product *pr)
{
    return pr ? pr->country : NULL;
}

const char *sdm_product_note(const sdm_product *pr)
{
    return pr ? pr->note : NULL;
}

const char *sdm_product_source(const sdm_product *pr)
{
    return pr ? pr->source->key : NULL;
}

sdm_reliability sdm_product_reliability(const sdm_product *pr)
{
    return pr ? pr->source->reliability : SDM_RELIABILITY_UNSTATED;
}

const char *sdm_product_document(const sdm_product *pr)
{
    return pr ? pr->document : NULL;
}
