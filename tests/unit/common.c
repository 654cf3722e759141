/*
 * libsdm - helpers shared by the Check unit suites.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L

#include "common.h"

#include <unistd.h>

const char TEST6_CATALOGUE[] =
    "{'format': 'sdm-catalogue', 'format_version': 1, 'id': 'test-6', 'version': '7',"
    " 'title': 'Six side effects', 'citation': 'Made up for the tests.',"
    " 'groups': [{'id': 'sleep', 'label': 'Sleep'}, {'id': 'weight', 'label': 'Weight'},"
    "            {'id': 'body', 'label': 'Body'}],"
    " 'items': ["
    "  {'id': 'night_sleepiness', 'label': 'Sleepy at night', 'group': 'sleep',"
    "   'dimension': 'sedation', 'commonly_helpful': true},"
    "  {'id': 'weight_gain', 'label': 'Putting on weight', 'group': 'weight', 'dimension': 'weight_gain'},"
    "  {'id': 'dry_mouth', 'label': 'Dry mouth', 'group': 'body'},"
    "  {'id': 'tremor', 'label': 'Shaking', 'group': 'body', 'commonly_helpful': false},"
    "  {'id': 'restlessness', 'label': 'Restless feeling', 'group': 'body'},"
    "  {'id': 'constipation', 'label': 'Constipation', 'group': 'body'}"
    " ]}";

/* The 36 side effects of the default catalogue, copied from
 * reference/side-effect-items.tsv (the form's order). */
const struct test_item DEFAULT_ITEMS[36] = {
    {"day_sleepiness", "Difficulty staying awake during the day", "sleep", "sedation", 0},
    {"sleeping_late", "Sleeping late in the mornings", "sleep", "sedation", 0},
    {"night_sleepiness", "Sleepy in the evening or at night", "sleep", "sedation", 1},
    {"tiredness", "Tiredness", "sleep", "sedation", 0},
    {"poor_sleep", "Difficulty getting off to sleep", "sleep", "insomnia", 0},
    {"increased_dreaming", "Increased dreaming", "sleep", "vivid_dreams", 0},
    {"weight_gain", "Weight gain", "weight", "weight_gain", 0},
    {"weight_loss", "Weight loss", "weight", "weight_loss", 1},
    {"feeling_sick", "Feeling sick", "stomach_and_mouth", "nausea", 0},
    {"drooling", "Over-wet or drooling mouth", "stomach_and_mouth", "hypersalivation", 0},
    {"dry_mouth", "Dry mouth", "stomach_and_mouth", "anticholinergic", 0},
    {"constipation", "Constipation", "stomach_and_mouth", "constipation", 0},
    {"high_blood_sugar", "Risk of high blood sugar/diabetes", "metabolic", "glucose", 0},
    {"high_cholesterol", "Risk of high cholesterol", "metabolic", "lipids", 0},
    {"less_sex_drive", "Less sex drive", "sex_and_periods", "sexual_dysfunction", 0},
    {"erection_difficulty", "Difficulty getting an erection", "sex_and_periods", "sexual_dysfunction", 0},
    {"orgasm_difficulty", "Difficulty having an orgasm", "sex_and_periods", "sexual_dysfunction", 0},
    {"periods_stopping", "Periods stopping", "sex_and_periods", "amenorrhoea", 0},
    {"periods_irregular", "Periods irregular and not often", "sex_and_periods", "prolactin", 0},
    {"sweating", "Increased sweating", "body", "sweating", 0},
    {"urination_difficulty", "Difficulty passing urine", "body", "anticholinergic", 0},
    {"blurred_vision", "Blurred vision", "body", "anticholinergic", 0},
    {"memory_difficulty", "Difficulty remembering things", "body", "anticholinergic", 0},
    {"tension", "Tension", "movement", "akathisia", 0},
    {"slow_movements", "Slowing of movements", "movement", "parkinsonism", 0},
    {"stiff_muscles", "Stiff muscles", "movement", "parkinsonism", 0},
    {"muscle_spasms", "Muscle spasms", "movement", "dystonia", 0},
    {"restlessness", "Restlessness", "movement", "akathisia", 0},
    {"restless_limbs", "Parts of the body restless, seem to move by themselves (e.g. feet)", "movement", "akathisia", 0},
    {"abnormal_movements", "Small risk of abnormal movements", "movement", "tardive_dyskinesia", 0},
    {"tremor", "Shaking or tremor", "movement", "parkinsonism", 0},
    {"dizziness_standing", "Dizziness on standing up", "heart_and_circulation", "hypotension", 0},
    {"high_blood_pressure", "Higher blood pressure", "heart_and_circulation", "hypertension", 0},
    {"sun_sensitivity", "Sensitivity to sun", "body", "photosensitivity", 0},
    {"palpitations", "Noticing your heart beating fast (palpitations)", "heart_and_circulation", "tachycardia", 0},
    {"heart_problems", "Small risk of heart problems", "heart_and_circulation", "qt_prolongation", 0},
};

char *tj(const char *text)
{
    size_t n = strlen(text);
    char *copy = malloc(n + 1);
    ck_assert_ptr_nonnull(copy);
    for (size_t i = 0; i <= n; i++)
        copy[i] = text[i] == '\'' ? '"' : text[i];
    return copy;
}

sdm_catalogue *test_default_catalogue(void)
{
    sdm_catalogue *cat = NULL;
    ck_assert_ok(sdm_catalogue_default(&cat));
    ck_assert_ptr_nonnull(cat);
    return cat;
}

sdm_formulary *test_default_formulary(const sdm_catalogue *cat)
{
    sdm_formulary *f = NULL;
    ck_assert_ok(sdm_formulary_default(cat, &f));
    ck_assert_ptr_nonnull(f);
    return f;
}

sdm_catalogue *test_catalogue(const char *sq_json)
{
    char *json = tj(sq_json);
    sdm_catalogue *cat = NULL;
    ck_assert_ok(sdm_catalogue_load_json(json, strlen(json), &cat));
    ck_assert_ptr_nonnull(cat);
    free(json);
    return cat;
}

sdm_formulary *test_formulary(const sdm_catalogue *cat, const char *sq_json)
{
    char *json = tj(sq_json);
    sdm_formulary *f = NULL;
    ck_assert_ok(sdm_formulary_load_json(cat, json, strlen(json), &f));
    ck_assert_ptr_nonnull(f);
    free(json);
    return f;
}

sdm_catalogue *test6_catalogue(void)
{
    return test_catalogue(TEST6_CATALOGUE);
}

size_t test_index(const sdm_catalogue *cat, const char *id)
{
    size_t index = (size_t)-1;
    ck_assert_ok(sdm_catalogue_find(cat, id, &index));
    return index;
}

char *test_write_temp(const char *text)
{
    const char *dir = getenv("SDM_TEST_TMPDIR");
    if (dir == NULL || *dir == '\0')
        dir = "/tmp";
    size_t n = strlen(dir) + 32;
    char *path = malloc(n);
    ck_assert_ptr_nonnull(path);
    snprintf(path, n, "%s/sdm-unit-XXXXXX", dir);
    int fd = mkstemp(path);
    ck_assert_msg(fd >= 0, "cannot create a temporary file in %s", dir);
    size_t len = strlen(text);
    ck_assert_int_eq((long)write(fd, text, len), (long)len);
    close(fd);
    return path;
}

int test_run_suite(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_ENV);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
