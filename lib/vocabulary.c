/*
 * libsdm - the fixed vocabularies of the formats (see vocabulary.h); the
 * public functions of the contexts of restrictions (restriction.h).
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "vocabulary.h"

/* How a medicine can be given. The words of the formats: a Trust that needs
 * another asks for it to be added here, so that every front end knows it. */
static const char *const formulation_ids[] = {
    "tablet", "modified_release_tablet", "orodispersible", "sublingual_tablet", "capsule", "liquid",
    "short_acting_injection", "long_acting_injection", "transdermal_patch", "inhalation",
};
static const sdm_id_table formulations = SDM_ID_TABLE("formulation", 0, formulation_ids);

/* Licence countries: ISO 3166-1 alpha-2 codes, except that the United
 * Kingdom is "UK" (not "GB"), as the formats have always written it, and
 * "EU" for a licence of the European Union (a centralised authorisation). */
static const char *const country_ids[] = {
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ", "BA",
    "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BV",
    "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN", "CO", "CR", "CU",
    "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES",
    "ET", "EU", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM",
    "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM", "HN", "HR", "HT", "HU", "ID", "IE",
    "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM",
    "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY",
    "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT",
    "MU", "MV", "MW", "MX", "MY", "MZ", "NA", "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU",
    "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA",
    "RE", "RO", "RS", "RU", "RW", "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM",
    "SN", "SO", "SR", "SS", "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL",
    "TM", "TN", "TO", "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UK", "UM", "US", "UY", "UZ", "VA", "VC",
    "VE", "VG", "VI", "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
};
static const sdm_id_table countries = SDM_ID_TABLE("licence country", 0, country_ids);

const sdm_id_table *sdm__formulation_table(void)
{
    return &formulations;
}

const sdm_id_table *sdm__country_table(void)
{
    return &countries;
}

sdm_status sdm__check_formulation(const char *formulation)
{
    return sdm__id_known(&formulations, formulation) ? SDM_OK : sdm__id_unknown(&formulations, formulation);
}

sdm_status sdm__check_country(const char *country)
{
    if (sdm__id_known(&countries, country))
        return SDM_OK;
    /* Two letters are too short for "did you mean" by edit distance: any code
     * is one letter from dozens. Only the case and GB are likely slips. */
    char upper[3] = {0};
    if (strlen(country) == 2)
        for (int i = 0; i < 2; i++)
            upper[i] = (char)(country[i] >= 'a' && country[i] <= 'z' ? country[i] - 'a' + 'A' : country[i]);
    const char *near = strcmp(upper, "GB") == 0 ? "UK" : sdm__id_known(&countries, upper) ? upper : NULL;
    if (near)
        return sdm__fail(SDM_ERR_NOT_FOUND, "unknown licence country '%s' (did you mean '%s'?%s)", country, near,
                         strcmp(near, "UK") == 0 ? " the formats write the United Kingdom as UK" : "");
    return sdm__fail(SDM_ERR_NOT_FOUND,
                     "unknown licence country '%.*s' (an ISO 3166-1 alpha-2 code in capitals, with UK for the "
                     "United Kingdom, or EU)", sdm__echo_width(country, SDM_MAX_ID), country);
}

/* Formulations in words, in the order of formulation_ids. */
static const char *const formulation_words[] = {
    "tablet", "modified-release tablet", "orodispersible tablet", "sublingual tablet", "capsule", "liquid",
    "short-acting injection", "long-acting injection", "transdermal patch", "inhalation",
};
_Static_assert(sizeof formulation_words / sizeof formulation_words[0] ==
               sizeof formulation_ids / sizeof formulation_ids[0], "words for every formulation");

static const char *word_of(const sdm_id_table *t, const char *const *words, const char *id)
{
    for (size_t i = 0; id && i < t->count; i++)
        if (strcmp(t->ids[i], id) == 0)
            return words[i];
    return NULL;
}

const char *sdm__formulation_words(const char *formulation)
{
    const char *words = word_of(&formulations, formulation_words, formulation);
    return words ? words : formulation;
}

const char *sdm__formulation_article(const char *formulation)
{
    return strchr("aeiou", *sdm__formulation_words(formulation)) && *formulation ? "an" : "a";
}

/* ---- serious risks ------------------------------------------------------ */

/* The stable ids of serious risks, in the order the card lists a medicine's
 * own risks when the formulary gives them so (data/derive.py writes them in
 * this order). Ids are never renamed; a new one goes at the end. */
static const char *const risk_ids[] = {
    "neuroleptic_malignant_syndrome", "agranulocytosis", "myocarditis", "seizures", "ileus", "qt_prolongation",
    "venous_thromboembolism", "dementia_mortality", "stroke_in_dementia", "post_injection_syndrome",
    "hyperglycaemia", "tardive_dyskinesia", "orthostatic_hypotension", "falls", "hyperprolactinaemia",
    "cataracts", "compulsive_behaviour", "suicidality_warning_us", "injection_site_reactions",
};
static const char *const risk_names[] = {
    "Neuroleptic malignant syndrome", "Agranulocytosis", "Myocarditis", "Seizures", "Ileus (blocked bowel)",
    "QT prolongation", "Venous thromboembolism (blood clots)", "Higher mortality in dementia",
    "Stroke in dementia", "Post-injection syndrome", "High blood sugar (hyperglycaemia)", "Tardive dyskinesia",
    "Low blood pressure on standing (orthostatic hypotension)", "Falls", "High prolactin (hyperprolactinaemia)",
    "Cataracts", "Compulsive behaviour", "US warning on suicidal thoughts", "Injection-site reactions",
};
_Static_assert(sizeof risk_names / sizeof risk_names[0] == sizeof risk_ids / sizeof risk_ids[0],
               "a name for every risk");
static const sdm_id_table risks = SDM_ID_TABLE("serious risk", 0, risk_ids);

const sdm_id_table *sdm__risk_table(void)
{
    return &risks;
}

sdm_status sdm__check_risk(const char *id)
{
    return sdm__id_known(&risks, id) ? SDM_OK : sdm__id_unknown(&risks, id);
}

const char *sdm__risk_name(const char *id)
{
    return word_of(&risks, risk_names, id);
}

/* ---- contexts of restrictions -------------------------------------------- */

static const char *const context_ids[] = {"treatment_resistant", "observation_available", "stabilised_on_oral"};
static const char *const context_words[] = {
    "schizophrenia has not responded to two other antipsychotics, or they caused severe side effects that "
    "could not be treated",
    "the injection can be given where trained staff can watch the person for at least 3 hours afterwards, "
    "with emergency help at hand",
    "the person is already stable on the same medicine taken by mouth",
};
_Static_assert(sizeof context_words / sizeof context_words[0] == sizeof context_ids / sizeof context_ids[0],
               "words for every context");
static const sdm_id_table contexts = SDM_ID_TABLE("context", 0, context_ids);

const sdm_id_table *sdm__context_table(void)
{
    return &contexts;
}

sdm_status sdm__check_context(const char *id)
{
    return sdm__id_known(&contexts, id) ? SDM_OK : sdm__id_unknown(&contexts, id);
}

const char *sdm__context_words(const char *id)
{
    return word_of(&contexts, context_words, id);
}

size_t sdm_context_id_count(void)
{
    return contexts.count;
}

const char *sdm_context_id_at(size_t index)
{
    return index < contexts.count ? contexts.ids[index] : NULL;
}

const char *sdm_context_id_words(const char *id)
{
    return sdm__context_words(id);
}

sdm_status sdm_context_id_check(const char *id)
{
    if (!id)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_context_id_check: the id is NULL");
    return sdm__check_context(id);
}

/* ---- the European Union ------------------------------------------------- */

static const char *const eu_members[] = {
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
};

int sdm__eu_member(const char *country)
{
    for (size_t i = 0; country && i < sizeof eu_members / sizeof eu_members[0]; i++)
        if (strcmp(eu_members[i], country) == 0)
            return 1;
    return 0;
}
