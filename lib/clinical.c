/*
 * libsdm - a medicine's serious risks, restrictions, licences and products
 * together: their lifetime (each concept's getters are in its own file).
 * SPDX-License-Identifier: MIT
 */
#include "clinical-private.h"

void sdm__profile_clinical_destroy(sdm_profile *p)
{
    sdm__risks_destroy(p->risks, p->risk_count);
    sdm__free(p->shown_risks);
    sdm__restrictions_destroy(p->restrictions, p->restriction_count);
    sdm__licences_destroy(p->licence_details, p->licence_detail_count);
    sdm__products_destroy(p->products, p->product_count);
}
