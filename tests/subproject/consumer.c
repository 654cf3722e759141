/* Uses libsdm through dependency('sdm'): loads the built-in data and matches a ranking. */
#include <stdio.h>
#include <string.h>

#include <sdm/sdm.h>

int main(void)
{
    sdm_catalogue *cat = NULL;
    sdm_formulary *f = NULL;
    sdm_ranking *r = NULL;
    sdm_match *m = NULL;
    int ok = 0;

    if (sdm_catalogue_default(&cat) == SDM_OK &&
        sdm_formulary_default(cat, &f) == SDM_OK &&
        sdm_ranking_new(cat, &r) == SDM_OK &&
        sdm_ranking_avoid(r, "weight_gain", 1) == SDM_OK &&
        sdm_match_run(f, r, NULL, &m) == SDM_OK &&
        sdm_match_count(m) > 0) {
        printf("libsdm %s: %zu medicines ranked, first %s\n", sdm_version(),
               sdm_match_count(m), sdm_profile_name(sdm_match_profile(m, 0)));
        ok = strcmp(sdm_version(), SDM_VERSION_STRING) == 0;
    } else {
        printf("failed: %s\n", sdm_last_error());
    }
    sdm_match_free(m);
    sdm_ranking_free(r);
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
    return ok ? 0 : 1;
}
