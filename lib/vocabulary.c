/*
 * libsdm - the fixed vocabularies of the formats (see vocabulary.h).
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
                     "United Kingdom, or EU)", SDM_MAX_ID, country);
}
