/*
 * libsdm - serious risks: a medicine's own and the formulary's class risks,
 * and which of them a medicine shows (its JSON: risk-json.c).
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "clinical-private.h"
#include "vocabulary.h"

void sdm__risks_destroy(sdm_risk *risks, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        sdm__free(risks[i].id);
        sdm__free(risks[i].words);
        sdm__free(risks[i].frequency);
        sdm__free(risks[i].formulation);
        sdm__free(risks[i].document);
    }
    sdm__free(risks);
}

/* Whether a risk of the formulary's class applies to a medicine: one of a
 * single formulation (injection-site reactions of a long-acting injection)
 * only where the medicine comes in that form. */
static int class_risk_applies(const sdm_profile *p, const sdm_risk *c)
{
    return !*c->formulation || sdm__tags_contain(&p->formulations, c->formulation);
}

/* Whether one of the medicine's own risks stands for a class risk: the same
 * risk, for every form the class risk is for. An own risk of the long-acting
 * injection alone does not hide a class risk of every form. */
static int covered_by_own(const sdm_profile *p, const sdm_risk *c)
{
    for (size_t i = 0; i < p->risk_count; i++) {
        const sdm_risk *r = &p->risks[i];
        if (strcmp(r->id, c->id) == 0 && (!*r->formulation || strcmp(r->formulation, c->formulation) == 0))
            return 1;
    }
    return 0;
}

sdm_status sdm__profile_show_risks(sdm_profile *p)
{
    const sdm_formulary *f = p->formulary;
    size_t n = p->risk_count + f->class_risk_count;
    if (n == 0)
        return SDM_OK;
    p->shown_risks = sdm__calloc(n, sizeof *p->shown_risks);
    if (!p->shown_risks)
        return sdm__fail_no_memory();
    for (size_t i = 0; i < p->risk_count; i++)
        p->shown_risks[p->shown_risk_count++] = &p->risks[i];
    for (size_t i = 0; i < f->class_risk_count; i++) {
        const sdm_risk *c = &f->class_risks[i];
        if (class_risk_applies(p, c) && !covered_by_own(p, c))
            p->shown_risks[p->shown_risk_count++] = c;
    }
    return SDM_OK;
}

/* ---- getters ------------------------------------------------------------ */

size_t sdm_profile_risk_count(const sdm_profile *p)
{
    return p ? p->shown_risk_count : 0;
}

const sdm_risk *sdm_profile_risk(const sdm_profile *p, size_t index)
{
    return (p && index < p->shown_risk_count) ? p->shown_risks[index] : NULL;
}

size_t sdm_formulary_class_risk_count(const sdm_formulary *f)
{
    return f ? f->class_risk_count : 0;
}

const sdm_risk *sdm_formulary_class_risk(const sdm_formulary *f, size_t index)
{
    return (f && index < f->class_risk_count) ? &f->class_risks[index] : NULL;
}

const char *sdm_risk_id(const sdm_risk *r)
{
    return r ? r->id : NULL;
}

const char *sdm_risk_name(const sdm_risk *r)
{
    return r ? sdm__risk_name(r->id) : NULL;
}

const char *sdm_risk_words(const sdm_risk *r)
{
    return r ? r->words : NULL;
}

const char *sdm_risk_frequency(const sdm_risk *r)
{
    return r ? r->frequency : NULL;
}

const char *sdm_risk_formulation(const sdm_risk *r)
{
    return r ? r->formulation : NULL;
}

const char *sdm_risk_source(const sdm_risk *r)
{
    return r ? r->source->key : NULL;
}

sdm_reliability sdm_risk_reliability(const sdm_risk *r)
{
    return r ? r->source->reliability : SDM_RELIABILITY_UNSTATED;
}

const char *sdm_risk_document(const sdm_risk *r)
{
    return r ? r->document : NULL;
}

int sdm_risk_is_class(const sdm_risk *r)
{
    return r ? r->is_class : 0;
}
