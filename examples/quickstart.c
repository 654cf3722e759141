/*
 * libsdm quick start: the built-in data, one person's form, the ranked
 * medicines with their reasons, and the information card of the first.
 *
 * The person wants to avoid, in order: weight gain, day-time sleepiness,
 * stiff muscles, less sex drive and dry mouth; sleepiness at night would
 * help them (they sleep badly).
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>

#include <sdm/sdm.h>

static int fail(const char *what, sdm_status status)
{
    fprintf(stderr, "quickstart: %s: %s: %s\n", what, sdm_strerror(status), sdm_last_error());
    return EXIT_FAILURE;
}

static sdm_status fill_in_the_form(sdm_ranking *r)
{
    static const char *const avoid[] = {"weight_gain", "day_sleepiness", "stiff_muscles", "less_sex_drive",
                                        "dry_mouth"};
    sdm_status st = sdm_ranking_set_completed_by(r, SDM_COMPLETED_BY_SERVICE_USER);
    for (int rank = 1; st == SDM_OK && rank <= 5; rank++)
        st = sdm_ranking_avoid(r, avoid[rank - 1], rank);
    if (st == SDM_OK)
        st = sdm_ranking_helpful(r, "night_sleepiness");
    return st;
}

static void print_ranked(const sdm_match *m)
{
    printf("Ranked medicines (data version %s; lower score = better fit):\n\n", sdm_match_data_version(m));
    for (size_t i = 0; i < sdm_match_count(m); i++) {
        char *reason = NULL;
        sdm_match_reason(m, i, &reason);
        printf("%2d. %-16s score %.3f\n    %s\n", sdm_match_rank(m, i), sdm_profile_name(sdm_match_profile(m, i)),
               sdm_match_score(m, i), reason ? reason : "");
        sdm_free(reason);
    }
    for (size_t i = 0; i < sdm_match_excluded_count(m); i++)
        printf("    excluded: %s (%s)\n", sdm_profile_name(sdm_match_excluded_profile(m, i)),
               sdm_match_excluded_reason(m, i));
}

int main(void)
{
    sdm_catalogue *cat = NULL;
    sdm_formulary *formulary = NULL;
    sdm_ranking *ranking = NULL;
    sdm_match *match = NULL;
    char *card = NULL;
    int rc = EXIT_SUCCESS;
    sdm_status st;

    if ((st = sdm_catalogue_default(&cat)) != SDM_OK)
        rc = fail("catalogue", st);
    else if ((st = sdm_formulary_default(cat, &formulary)) != SDM_OK)
        rc = fail("formulary", st);
    else if ((st = sdm_ranking_new(cat, &ranking)) != SDM_OK || (st = fill_in_the_form(ranking)) != SDM_OK)
        rc = fail("ranking", st);
    else if ((st = sdm_match_run(formulary, ranking, NULL, &match)) != SDM_OK)
        rc = fail("match", st);
    else if ((st = sdm_card_text(sdm_match_profile(match, 0), ranking, &card)) != SDM_OK)
        rc = fail("card", st);
    else {
        printf("libsdm %s\n%s\n\n", sdm_version(), sdm_formulary_notice(formulary));
        print_ranked(match);
        printf("\nInformation card of the first:\n\n%s", card);
    }
    sdm_free(card);
    sdm_match_free(match);
    sdm_ranking_free(ranking);
    sdm_formulary_free(formulary);
    sdm_catalogue_free(cat);
    return rc;
}
