/*
 * libsdm - error texts, thread-local last error, version, sdm_free, allocator hooks.
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L

#include "common.h"

#include <pthread.h>

static const sdm_status all_statuses[] = {
    SDM_OK, SDM_ERR_INVALID_ARGUMENT, SDM_ERR_NO_MEMORY, SDM_ERR_NOT_FOUND,
    SDM_ERR_DUPLICATE, SDM_ERR_CONFLICT, SDM_ERR_PARSE, SDM_ERR_SCHEMA,
    SDM_ERR_IO, SDM_ERR_LIMIT,
};
#define N_STATUSES (sizeof all_statuses / sizeof all_statuses[0])

START_TEST(status_values_fixed)
{
    /* The values are part of the ABI. */
    ck_assert_int_eq(SDM_OK, 0);
    ck_assert_int_eq(SDM_ERR_INVALID_ARGUMENT, -1);
    ck_assert_int_eq(SDM_ERR_NO_MEMORY, -2);
    ck_assert_int_eq(SDM_ERR_NOT_FOUND, -3);
    ck_assert_int_eq(SDM_ERR_DUPLICATE, -4);
    ck_assert_int_eq(SDM_ERR_CONFLICT, -5);
    ck_assert_int_eq(SDM_ERR_PARSE, -6);
    ck_assert_int_eq(SDM_ERR_SCHEMA, -7);
    ck_assert_int_eq(SDM_ERR_IO, -8);
    ck_assert_int_eq(SDM_ERR_LIMIT, -9);
}
END_TEST

START_TEST(status_ids)
{
    /* one id per status, fixed like the values; NULL outside them */
    const char *ids[] = {"ok", "invalid_argument", "no_memory", "not_found", "duplicate",
                         "conflict", "parse", "schema", "io", "limit"};
    for (int v = 0; v >= -9; v--)
        ck_assert_str_eq(sdm_status_id((sdm_status)v), ids[-v]);
    ck_assert_ptr_null(sdm_status_id((sdm_status)1));
    ck_assert_ptr_null(sdm_status_id((sdm_status)-10));
}
END_TEST

START_TEST(strerror_every_status)
{
    for (size_t i = 0; i < N_STATUSES; i++) {
        const char *text = sdm_strerror(all_statuses[i]);
        ck_assert_ptr_nonnull(text);
        ck_assert_msg(text[0] != '\0', "empty text for status %d", (int)all_statuses[i]);
        ck_assert_msg(strcmp(text, "unknown status") != 0, "status %d is called unknown",
                      (int)all_statuses[i]);
        /* static: the same pointer every time */
        ck_assert_ptr_eq(text, sdm_strerror(all_statuses[i]));
        /* distinct texts */
        for (size_t j = 0; j < i; j++)
            ck_assert_msg(strcmp(text, sdm_strerror(all_statuses[j])) != 0,
                          "statuses %d and %d share the text '%s'",
                          (int)all_statuses[i], (int)all_statuses[j], text);
    }
}
END_TEST

START_TEST(strerror_out_of_range)
{
    const int values[] = {1, 2, 77, -10, -100, 1000, -2147483647 - 1, 2147483647};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        const char *text = sdm_strerror((sdm_status)values[i]);
        ck_assert_ptr_nonnull(text);
        ck_assert_str_eq(text, "unknown status");
    }
}
END_TEST

/* ---- last error ---------------------------------------------------------- */

START_TEST(last_error_initially_empty)
{
    const char *e = sdm_last_error();
    ck_assert_ptr_nonnull(e);
    /* each test is a new process unless CK_FORK=no (as under valgrind) */
    const char *fork_env = getenv("CK_FORK");
    if (fork_env == NULL || strcmp(fork_env, "no") != 0)
        ck_assert_str_eq(e, "");
}
END_TEST

static void provoke_not_found(const char *id)
{
    sdm_catalogue *cat = test_default_catalogue();
    size_t index = 0;
    ck_assert_status(sdm_catalogue_find(cat, id, &index), SDM_ERR_NOT_FOUND);
    sdm_catalogue_free(cat);
}

START_TEST(last_error_set_and_kept_on_success)
{
    provoke_not_found("weight_gian");
    char *saved = strdup(sdm_last_error());
    ck_assert_ptr_nonnull(strstr(saved, "weight_gian"));

    /* a successful call leaves the text unchanged, like errno */
    sdm_catalogue *cat = test_default_catalogue();
    size_t index;
    ck_assert_ok(sdm_catalogue_find(cat, "weight_gain", &index));
    ck_assert_str_eq(sdm_last_error(), saved);

    /* the next failure replaces it */
    ck_assert_status(sdm_catalogue_find(cat, "dry_mouht", &index), SDM_ERR_NOT_FOUND);
    ck_assert_ptr_nonnull(strstr(sdm_last_error(), "dry_mouht"));
    ck_assert_ptr_null(strstr(sdm_last_error(), "weight_gian"));

    sdm_clear_error();
    ck_assert_str_eq(sdm_last_error(), "");

    sdm_catalogue_free(cat);
    free(saved);
}
END_TEST

struct thread_result {
    char initial[256];
    char after[256];
};

static void *thread_initial(void *arg)
{
    struct thread_result *res = arg;
    const char *e = sdm_last_error();
    snprintf(res->initial, sizeof res->initial, "%s", e ? e : "(null)");
    return NULL;
}

START_TEST(last_error_empty_in_new_thread)
{
    /* even when the main thread has an error */
    provoke_not_found("weight_gian");
    ck_assert_str_ne(sdm_last_error(), "");

    struct thread_result res;
    memset(&res, 'x', sizeof res);
    pthread_t t;
    ck_assert_int_eq(pthread_create(&t, NULL, thread_initial, &res), 0);
    ck_assert_int_eq(pthread_join(t, NULL), 0);
    ck_assert_str_eq(res.initial, "");
}
END_TEST

/* Thread B fails, then waits until thread A (main) has failed differently,
 * then reads its own text again. */
static pthread_barrier_t barrier;

static void *thread_b(void *arg)
{
    struct thread_result *res = arg;
    sdm_catalogue *cat = NULL;
    if (sdm_catalogue_default(&cat) != SDM_OK)
        return NULL;
    size_t index;
    (void)sdm_catalogue_find(cat, "tremmor", &index);
    snprintf(res->initial, sizeof res->initial, "%s", sdm_last_error());
    pthread_barrier_wait(&barrier);   /* 1: B has failed */
    pthread_barrier_wait(&barrier);   /* 2: A has failed */
    snprintf(res->after, sizeof res->after, "%s", sdm_last_error());
    sdm_catalogue_free(cat);
    return NULL;
}

START_TEST(last_error_thread_local)
{
    struct thread_result res;
    memset(&res, 0, sizeof res);
    sdm_clear_error();   /* this thread starts clean (also with CK_FORK=no) */
    ck_assert_int_eq(pthread_barrier_init(&barrier, NULL, 2), 0);
    pthread_t t;
    ck_assert_int_eq(pthread_create(&t, NULL, thread_b, &res), 0);

    pthread_barrier_wait(&barrier);   /* 1 */
    /* B's failure did not reach this thread */
    ck_assert_str_eq(sdm_last_error(), "");
    provoke_not_found("weight_gian");
    char *mine = strdup(sdm_last_error());
    pthread_barrier_wait(&barrier);   /* 2 */
    ck_assert_int_eq(pthread_join(t, NULL), 0);
    pthread_barrier_destroy(&barrier);

    ck_assert_msg(strstr(res.initial, "tremmor") != NULL, "B's error: '%s'", res.initial);
    ck_assert_str_eq(res.after, res.initial);
    ck_assert_ptr_null(strstr(res.after, "weight_gian"));
    /* and A's text is still A's */
    ck_assert_str_eq(sdm_last_error(), mine);
    ck_assert_ptr_null(strstr(mine, "tremmor"));
    free(mine);
}
END_TEST

START_TEST(invalid_argument_sets_text)
{
    ck_assert_status(sdm_catalogue_default(NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_str_ne(sdm_last_error(), "");
}
END_TEST

/* ---- version, sdm_free --------------------------------------------------- */

START_TEST(version_matches_header)
{
    const char *v = sdm_version();
    ck_assert_ptr_nonnull(v);
    ck_assert_str_eq(v, SDM_VERSION_STRING);
    char expected[32];
    snprintf(expected, sizeof expected, "%d.%d.%d", SDM_VERSION_MAJOR, SDM_VERSION_MINOR,
             SDM_VERSION_PATCH);
    ck_assert_str_eq(v, expected);
}
END_TEST

START_TEST(free_null)
{
    sdm_free(NULL);
    sdm_catalogue_free(NULL);
    sdm_formulary_free(NULL);
    sdm_ranking_free(NULL);
    sdm_match_options_free(NULL);
    sdm_match_free(NULL);
    sdm_ranking_clear(NULL);
    ck_assert_ptr_null(sdm_catalogue_ref(NULL));
    ck_assert_ptr_null(sdm_formulary_ref(NULL));
}
END_TEST

START_TEST(free_returned_text)
{
    sdm_catalogue *cat = test_default_catalogue();
    sdm_ranking *r = NULL;
    ck_assert_ok(sdm_ranking_new(cat, &r));
    char *json = NULL;
    ck_assert_ok(sdm_ranking_to_json(r, &json));
    ck_assert_ptr_nonnull(json);
    sdm_free(json);
    sdm_ranking_free(r);
    sdm_catalogue_free(cat);
}
END_TEST

/* ---- allocator hooks ----------------------------------------------------- */

static size_t n_malloc, n_free;

static void *counting_malloc(size_t size)
{
    n_malloc++;
    return malloc(size);
}

static void counting_free(void *ptr)
{
    if (ptr != NULL)
        n_free++;
    free(ptr);
}

START_TEST(alloc_funcs)
{
    sdm_malloc_fn m = NULL;
    sdm_free_fn f = NULL;

    ck_assert_status(sdm_set_alloc_funcs(counting_malloc, NULL), SDM_ERR_INVALID_ARGUMENT);
    ck_assert_status(sdm_set_alloc_funcs(NULL, counting_free), SDM_ERR_INVALID_ARGUMENT);

    ck_assert_ok(sdm_set_alloc_funcs(counting_malloc, counting_free));
    sdm_get_alloc_funcs(&m, &f);
    ck_assert(m == counting_malloc);
    ck_assert(f == counting_free);
    sdm_get_alloc_funcs(NULL, NULL);   /* allowed */

    sdm_catalogue *cat = test_default_catalogue();
    sdm_formulary *form = test_default_formulary(cat);
    sdm_ranking *r = NULL;
    ck_assert_ok(sdm_ranking_new(cat, &r));
    ck_assert_ok(sdm_ranking_avoid(r, "weight_gain", 1));
    sdm_match *match = NULL;
    ck_assert_ok(sdm_match_run(form, r, NULL, &match));
    char *text = NULL;
    ck_assert_ok(sdm_match_to_json(match, &text));
    sdm_free(text);
    sdm_match_free(match);
    sdm_ranking_free(r);
    sdm_formulary_free(form);
    sdm_catalogue_free(cat);

    ck_assert_msg(n_malloc > 0, "the library never used the allocator it was given");
    ck_assert_msg(n_malloc == n_free, "%zu allocations but %zu frees", n_malloc, n_free);

    /* restore */
    ck_assert_ok(sdm_set_alloc_funcs(NULL, NULL));
    sdm_get_alloc_funcs(&m, &f);
    ck_assert(m != NULL);
    ck_assert(f != NULL);
}
END_TEST

/* sdm_match_run() allocates as its documentation says: 4 times with the
 * defaults, +3 for an exclusion with a reason in the options' copy, +1 for
 * the text of each excluded medicine's reason. On the default data (2026.12)
 * clozapine is excluded by its restriction (treatment-resistant
 * schizophrenia only) unless the context holds: one reason with the defaults. */
START_TEST(match_run_allocations)
{
    sdm_catalogue *cat = test_default_catalogue();
    sdm_formulary *form = test_default_formulary(cat);
    sdm_ranking *r = NULL;
    sdm_match_options *o = NULL;
    sdm_match *match = NULL;
    ck_assert_ok(sdm_ranking_new(cat, &r));
    ck_assert_ok(sdm_ranking_avoid(r, "weight_gain", 1));
    ck_assert_ok(sdm_ranking_avoid(r, "dry_mouth", 2));
    ck_assert_ok(sdm_ranking_helpful(r, "night_sleepiness"));
    ck_assert_ok(sdm_match_options_new(&o));
    ck_assert_ok(sdm_match_options_exclude(o, "clozapine", "failed before"));
    ck_assert_ok(sdm_set_alloc_funcs(counting_malloc, counting_free));
    n_malloc = 0;
    ck_assert_ok(sdm_match_run(form, r, NULL, &match));
    ck_assert_uint_eq(n_malloc, 4 + 1);
    sdm_match_free(match);
    n_malloc = 0;
    ck_assert_ok(sdm_match_run(form, r, o, &match));
    ck_assert_uint_eq(n_malloc, 4 + 3 + 1);
    sdm_match_free(match);
    ck_assert_ok(sdm_set_alloc_funcs(NULL, NULL));
    sdm_match_options_free(o);
    sdm_ranking_free(r);
    sdm_formulary_free(form);
    sdm_catalogue_free(cat);
}
END_TEST

/* ---- allocation failures: every one is reported, nothing leaks ------------ */

static long fail_at = -1;   /* the allocation (0-based) that fails; -1: none */
static long n_allocs, n_live;

static void *failing_malloc(size_t size)
{
    if (fail_at >= 0 && n_allocs++ == fail_at)
        return NULL;
    void *p = malloc(size);
    if (p != NULL)
        n_live++;
    return p;
}

static void failing_free(void *ptr)
{
    if (ptr != NULL)
        n_live--;
    free(ptr);
}

#define STEP(call) do { st = (call); if (st != SDM_OK) goto out; } while (0)

#define SMALL_CATALOGUE \
    "{\"format\": \"sdm-catalogue\", \"format_version\": 1, \"id\": \"c\", \"version\": \"1\"," \
    " \"groups\": [{\"id\": \"g\", \"label\": \"G\"}]," \
    " \"items\": [{\"id\": \"a\", \"label\": \"A\", \"group\": \"g\"}, {\"id\": \"b\", \"label\": \"B\", \"group\": \"g\"}," \
    "  {\"id\": \"c\", \"label\": \"C\", \"group\": \"g\"}, {\"id\": \"d\", \"label\": \"D\", \"group\": \"g\"}," \
    "  {\"id\": \"e\", \"label\": \"E\", \"group\": \"g\"}]}"
#define SMALL_FORMULARY \
    "{\"format\": \"sdm-formulary\", \"format_version\": 1, \"version\": \"1\", \"notice\": \"N\"," \
    " \"sources\": [{\"key\": \"s\", \"citation\": \"S\", \"url\": \"u\"}]," \
    " \"medications\": [" \
    "  {\"id\": \"m1\", \"name\": \"M1\", \"atc\": \"N05AX12\", \"formulations\": [\"tablet\"], \"licensed_in\": [\"UK\"]," \
    "   \"ratings\": {\"a\": {\"rating\": 1, \"source\": \"s\", \"note\": \"n\"}, \"b\": {\"rating\": 0, \"source\": \"s\"}}}," \
    "  {\"id\": \"m2\", \"name\": \"M2\", \"formulations\": [\"tablet\", \"liquid\"], \"licensed_in\": [\"UK\", \"DE\"]," \
    "   \"ratings\": {\"a\": {\"rating\": 3, \"source\": \"s\"}, \"c\": {\"rating\": \"unknown\"}}}," \
    "  {\"id\": \"m3\", \"name\": \"M3\", \"ratings\": {\"e\": {\"rating\": 2, \"source\": \"s\"}}}]}"

/* Everything a consultation does, on small data; frees all it made. */
static sdm_status consultation(void)
{
    sdm_status st;
    sdm_catalogue *cat = NULL;
    sdm_formulary *f = NULL;
    sdm_ranking *r = NULL, *r2 = NULL, *r3 = NULL;
    sdm_match_options *o = NULL, *o2 = NULL, *o3 = NULL;
    sdm_match *m = NULL;
    char *t1 = NULL, *t2 = NULL, *t3 = NULL, *t4 = NULL, *t5 = NULL, *t6 = NULL, *t7 = NULL, *t8 = NULL, *v = NULL;
    char buf[64];

    STEP(sdm_catalogue_load_json(SMALL_CATALOGUE, strlen(SMALL_CATALOGUE), &cat));
    STEP(sdm_formulary_load_json(cat, SMALL_FORMULARY, strlen(SMALL_FORMULARY), &f));
    STEP(sdm_ranking_new(cat, &r));
    STEP(sdm_ranking_avoid(r, "a", 1));
    STEP(sdm_ranking_avoid(r, "c", 2));
    STEP(sdm_ranking_helpful(r, "b"));
    STEP(sdm_ranking_copy(r, &r2));
    STEP(sdm_match_options_new(&o));
    STEP(sdm_match_options_exclude(o, "m3", "no"));
    STEP(sdm_match_options_require_licence(o, "UK"));
    STEP(sdm_match_options_copy(o, &o2));
    STEP(sdm_match_run(f, r, o, &m));
    STEP(sdm_match_reason(m, 0, &t1));
    STEP(sdm_match_to_json(m, &t2));
    STEP(sdm_card_text(sdm_formulary_profile(f, 1), r, &t3));
    STEP(sdm_card_format(sdm_formulary_profile(f, 1), r, buf, sizeof buf, NULL));
    STEP(sdm_card_to_json(sdm_formulary_profile(f, 1), r, &t4));
    STEP(sdm_record_to_json(m, "now", &t5));
    STEP(sdm_record_load_json(cat, t5, strlen(t5), &r3, &o3, &v));
    STEP(sdm_formulary_to_json(f, &t6));
    STEP(sdm_ranking_to_json(r, &t7));
    STEP(sdm_match_options_to_json(o, &t8));
out:
    if (st != SDM_OK)
        ck_assert_msg(st == SDM_ERR_NO_MEMORY, "an allocation failure gave %d (%s): %s", (int)st,
                      sdm_strerror(st), sdm_last_error());
    sdm_free(v);
    sdm_free(t8);
    sdm_free(t7);
    sdm_free(t6);
    sdm_free(t5);
    sdm_free(t4);
    sdm_free(t3);
    sdm_free(t2);
    sdm_free(t1);
    sdm_match_free(m);
    sdm_match_options_free(o3);
    sdm_match_options_free(o2);
    sdm_match_options_free(o);
    sdm_ranking_free(r3);
    sdm_ranking_free(r2);
    sdm_ranking_free(r);
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
    return st;
}

/* Runs `steps` with its 1st, 2nd, 3rd, ... allocation failing until it
 * succeeds: each failure is reported as such and leaves nothing allocated.
 * The one kind of allocation whose failure is not reported is that of the
 * text a card or record keeps per medicine (lib/fragment.h): without it the
 * same text is written directly. Returns how many failures were so absorbed. */
static long fail_each_allocation(sdm_status (*steps)(void))
{
    long absorbed = 0;
    ck_assert_ok(sdm_set_alloc_funcs(failing_malloc, failing_free));
    for (long n = 0;; n++) {
        fail_at = n;
        n_allocs = 0;
        n_live = 0;
        sdm_status st = steps();
        ck_assert_msg(n_live == 0, "failing allocation %ld: %ld blocks left allocated", n, n_live);
        if (st == SDM_OK && n_allocs > n) {
            absorbed++; /* a fragment's, written directly instead */
            continue;
        }
        if (st == SDM_OK) {
            ck_assert_msg(n > 100, "only %ld allocations", n);   /* the loop really ran */
            break;
        }
        ck_assert_error_has("out of memory");
        ck_assert_msg(n < 100000, "no end to the allocations");
    }
    sdm_set_alloc_funcs(NULL, NULL);
    return absorbed;
}

START_TEST(no_memory_everywhere)
{
    /* The card and the record of a fresh formulary make their medicines'
     * fragments: a failure there is absorbed (the text written directly). */
    ck_assert_int_gt(fail_each_allocation(consultation), 0);
}
END_TEST

START_TEST(no_memory_default_data)
{
    /* the built-in data, every 37th allocation */
    ck_assert_ok(sdm_set_alloc_funcs(failing_malloc, failing_free));
    for (long n = 0;; n += 37) {
        fail_at = n;
        n_allocs = 0;
        n_live = 0;
        sdm_catalogue *cat = NULL;
        sdm_formulary *f = NULL;
        sdm_status st = sdm_catalogue_default(&cat);
        if (st == SDM_OK)
            st = sdm_formulary_default(cat, &f);
        if (st != SDM_OK) {
            ck_assert_msg(st == SDM_ERR_NO_MEMORY, "allocation %ld: %d (%s): %s", n, (int)st,
                          sdm_strerror(st), sdm_last_error());
            ck_assert_ptr_null(f);
        }
        sdm_formulary_free(f);
        sdm_catalogue_free(cat);
        ck_assert_msg(n_live == 0, "failing allocation %ld: %ld blocks left allocated", n, n_live);
        if (st == SDM_OK)
            break;
    }
    sdm_set_alloc_funcs(NULL, NULL);
}
END_TEST

/* A person's history, feedback, records and their comparison, on small
 * data; frees all it made. */
static sdm_status revisited(void)
{
    sdm_status st;
    sdm_catalogue *cat = NULL;
    sdm_formulary *f = NULL;
    sdm_ranking *r = NULL, *r2 = NULL, *r3 = NULL;
    sdm_match_options *o = NULL;
    sdm_feedback *fb = NULL;
    sdm_match *m = NULL, *m2 = NULL, *m3 = NULL;
    sdm_record *rec = NULL, *rec2 = NULL;
    char *t1 = NULL, *t2 = NULL, *t3 = NULL, *t4 = NULL, *t5 = NULL, *t6 = NULL;
    static const int scores[3] = {9, 8, 9};

    STEP(sdm_catalogue_load_json(SMALL_CATALOGUE, strlen(SMALL_CATALOGUE), &cat));
    STEP(sdm_formulary_load_json(cat, SMALL_FORMULARY, strlen(SMALL_FORMULARY), &f));
    STEP(sdm_ranking_new(cat, &r));
    STEP(sdm_ranking_avoid(r, "a", 1));
    STEP(sdm_ranking_avoid(r, "c", 2));
    STEP(sdm_ranking_helpful(r, "b"));
    STEP(sdm_ranking_add_history(r, "m1", SDM_OUTCOME_STOPPED, "felt slowed"));
    STEP(sdm_ranking_history_had(r, "m1", "a"));
    STEP(sdm_ranking_add_history(r, "m2", SDM_OUTCOME_HELPED, NULL));
    STEP(sdm_ranking_set_carer_involved(r, 1));
    STEP(sdm_ranking_copy(r, &r2));
    STEP(sdm_ranking_to_json(r, &t1));
    STEP(sdm_ranking_from_json(cat, t1, strlen(t1), &r3));
    STEP(sdm_match_options_new(&o));
    STEP(sdm_match_options_set_detained(o, 1, "tablets or liquid only"));
    STEP(sdm_match_options_set_revisit(o, "2027-01-01"));
    STEP(sdm_feedback_new(SDM_INSTRUMENT_COLLABORATE, "CollaboRATE 3-item", scores, 3, &fb));
    STEP(sdm_match_run(f, r, o, &m));
    STEP(sdm_record_to_json_with_feedback(m, "then", fb, &t2));
    STEP(sdm_record_from_json(cat, t2, strlen(t2), &rec));
    STEP(sdm_ranking_add_history(r3, "m3", SDM_OUTCOME_HELPED, "calmer"));
    STEP(sdm_ranking_avoid(r3, "e", 3));
    STEP(sdm_match_run(f, r3, NULL, &m2));
    STEP(sdm_record_to_json(m2, "now", &t3));
    STEP(sdm_record_from_json(cat, t3, strlen(t3), &rec2));
    STEP(sdm_record_compare(rec, rec2, &t4));
    STEP(sdm_record_rerun(rec, f, &m3, &t5));
    STEP(sdm_profile_describe_readings(sdm_formulary_profile(f, 0), 0, &t6));
out:
    if (st != SDM_OK)
        ck_assert_msg(st == SDM_ERR_NO_MEMORY, "an allocation failure gave %d (%s): %s", (int)st,
                      sdm_strerror(st), sdm_last_error());
    sdm_free(t6);
    sdm_free(t5);
    sdm_free(t4);
    sdm_free(t3);
    sdm_free(t2);
    sdm_free(t1);
    sdm_record_free(rec2);
    sdm_record_free(rec);
    sdm_match_free(m3);
    sdm_match_free(m2);
    sdm_match_free(m);
    sdm_feedback_free(fb);
    sdm_match_options_free(o);
    sdm_ranking_free(r3);
    sdm_ranking_free(r2);
    sdm_ranking_free(r);
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
    return st;
}

START_TEST(no_memory_history_and_records)
{
    fail_each_allocation(revisited);
}
END_TEST

/* A format-2 formulary over test-6 with all it can hold: sources with every
 * field, a class risk, licences, products, restrictions, serious risks,
 * readings from two sources, numeric evidence and efficacy. */
static const char RICH_FORMULARY[] =
    "{'format': 'sdm-formulary', 'format_version': 2, 'version': 'r1', 'catalogue': 'test-6',"
    " 'sources': [{'key': 'spc', 'label': 'SmPC', 'citation': 'An SmPC', 'url': 'https://example.org/spc',"
    "              'note': 'read 2026', 'edition': '2025', 'reliability': 'regulatory', 'decides': true},"
    "             {'key': 'h', 'citation': 'Trials H', 'reliability': 'secondary'}],"
    " 'class_risks': [{'id': 'neuroleptic_malignant_syndrome', 'words': 'A rare, dangerous reaction.',"
    "                  'source': 'spc'}],"
    " 'medications': ["
    "  {'id': 'm', 'name': 'M', 'formulations': ['long_acting_injection', 'tablet'],"
    "   'licences': [{'country': 'UK', 'status': 'yes', 'date': '2023-04-25', 'note': 'adults',"
    "                 'source': 'spc', 'document': 'SmPC'}],"
    "   'products': [{'formulation': 'long_acting_injection', 'name': 'M depot', 'interval': 'every 4 weeks',"
    "                 'country': 'UK', 'note': 'after a test dose', 'source': 'spc'}],"
    "   'restrictions': [{'context': 'observation_available', 'requirement': 'Watched for 3 hours.',"
    "                     'country': 'UK', 'formulation': 'long_acting_injection', 'source': 'spc'}],"
    "   'serious_risks': [{'id': 'agranulocytosis', 'words': 'Fewer white cells.', 'frequency': 'rare',"
    "                      'source': 'spc'}],"
    "   'efficacy': {'source': 'h', 'outcome': 'overall_symptoms', 'value': -0.4, 'ci_low': -0.6,"
    "                'ci_high': -0.2, 'studies': 12, 'versus': 'placebo', 'confidence': 'low', 'note': 'n'},"
    "   'ratings': {'tremor': {'readings': [{'source': 'spc', 'printed': '++', 'value': 2},"
    "                                       {'source': 'h', 'printed': 'common', 'value': 1, 'note': 'n'}],"
    "                          'evidence': [{'source': 'h', 'outcome': 'tremor', 'kind': 'risk_ratio',"
    "                                        'value': 2.5, 'versus': 'placebo', 'confidence': 'moderate'}]},"
    "               'weight_gain': {'readings': [], 'evidence': [{'source': 'h', 'outcome': 'weight_gain',"
    "                               'kind': 'mean_difference', 'value': 1.5, 'unit': 'kg', 'versus': 'placebo',"
    "                               'confidence': 'high'}]},"
    "               'dry_mouth': {'readings': [{'source': 'spc', 'printed': '0', 'value': 0}]}}},"
    "  {'id': 'n', 'name': 'N', 'formulations': ['tablet'], 'licensed_in': ['UK'],"
    "   'ratings': {'tremor': {'readings': [{'source': 'spc', 'printed': '+', 'value': 1}],"
    "                          'evidence': [{'source': 'h', 'outcome': 'tremor', 'kind': 'risk_ratio',"
    "                                        'value': 1.2, 'versus': 'placebo', 'confidence': 'low'}]},"
    "               'weight_gain': {'readings': [], 'evidence': [{'source': 'h', 'outcome': 'weight_gain',"
    "                               'kind': 'mean_difference', 'value': 0.5, 'unit': 'kg', 'versus': 'placebo',"
    "                               'confidence': 'low'}]},"
    "               'dry_mouth': {'readings': [{'source': 'spc', 'printed': '+++', 'value': 3}]}}}]}";

static char *rich_text; /* RICH_FORMULARY in double quotes */

/* The rich formulary read, written, described and matched on its numbers
 * with a trade-off; frees all it made. */
static sdm_status rich_consultation(void)
{
    sdm_status st;
    sdm_catalogue *cat = NULL;
    sdm_formulary *f = NULL;
    sdm_ranking *r = NULL;
    sdm_match_options *o = NULL;
    sdm_match *m = NULL;
    char *t1 = NULL, *t2 = NULL, *t3 = NULL, *t4 = NULL, *t5 = NULL, *t6 = NULL, *t7 = NULL, *t8 = NULL;
    char *c6 = tj(TEST6_CATALOGUE);

    STEP(sdm_catalogue_load_json(c6, strlen(c6), &cat));
    STEP(sdm_formulary_load_json(cat, rich_text, strlen(rich_text), &f));
    STEP(sdm_formulary_to_json(f, &t1));
    const sdm_profile *p = sdm_formulary_find(f, "m");
    STEP(sdm_card_text(p, NULL, &t2));
    STEP(sdm_card_to_json(p, NULL, &t3));
    STEP(sdm_profile_describe_readings(p, 3, &t4));
    STEP(sdm_evidence_describe(sdm_profile_evidence(p, 3, 0), &t5));
    STEP(sdm_ranking_new(cat, &r));
    STEP(sdm_ranking_avoid(r, "tremor", 1));
    STEP(sdm_ranking_avoid(r, "weight_gain", 2));
    STEP(sdm_match_options_new(&o));
    STEP(sdm_match_options_set_evidence(o, SDM_EVIDENCE_NUMERIC));
    STEP(sdm_match_options_set_tradeoff(o, 0.5));
    STEP(sdm_match_options_allow_context(o, "observation_available"));
    STEP(sdm_match_run(f, r, o, &m));
    STEP(sdm_match_to_json(m, &t6));
    STEP(sdm_match_efficacy_text(m, 0, &t7));
    STEP(sdm_record_to_json(m, "now", &t8));
out:
    if (st != SDM_OK)
        ck_assert_msg(st == SDM_ERR_NO_MEMORY, "an allocation failure gave %d (%s): %s", (int)st,
                      sdm_strerror(st), sdm_last_error());
    free(c6);
    sdm_free(t8);
    sdm_free(t7);
    sdm_free(t6);
    sdm_free(t5);
    sdm_free(t4);
    sdm_free(t3);
    sdm_free(t2);
    sdm_free(t1);
    sdm_match_free(m);
    sdm_match_options_free(o);
    sdm_ranking_free(r);
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
    return st;
}

START_TEST(no_memory_rich_formulary)
{
    rich_text = tj(RICH_FORMULARY);
    fail_each_allocation(rich_consultation);
    free(rich_text);
}
END_TEST

/* ---- messages stay valid UTF-8 -------------------------------------------- */

/* The message sdm_ranking_add_history() leaves for the medicine id `id`,
 * which is not a valid id, so it is echoed: "...: '<id>' is not a valid id". */
static const char *echo_of(const char *id)
{
    static char echoed[1024];
    sdm_catalogue *cat = test_default_catalogue();
    sdm_ranking *r;
    ck_assert_ok(sdm_ranking_new(cat, &r));
    ck_assert_status(sdm_ranking_add_history(r, id, SDM_OUTCOME_HELPED, NULL), SDM_ERR_INVALID_ARGUMENT);
    const char *e = sdm_last_error(), *open = strchr(e, '\''), *close = strrchr(e, '\'');
    ck_assert_ptr_nonnull(open);
    ck_assert_ptr_ne(open, close);
    ck_assert_str_eq(close, "' is not a valid id");
    snprintf(echoed, sizeof echoed, "%.*s", (int)(close - open - 1), open + 1);
    sdm_ranking_free(r);
    sdm_catalogue_free(cat);
    return echoed;
}

/* A caller's text that is not UTF-8 is echoed with '?' for each byte of
 * what is not a character (an overlong form, a surrogate, a code point past
 * U+10FFFF, a stray continuation, a lead byte that cannot start one), and a
 * long one is cut between characters, never inside one. */
START_TEST(echoed_text_stays_utf8)
{
    ck_assert_str_eq(echo_of("caf\xC3\xA9!"), "caf\xC3\xA9!");             /* é, then a character ids refuse */
    ck_assert_str_eq(echo_of("a\xC0\xAF" "b"), "a??b");                      /* overlong '/' */
    ck_assert_str_eq(echo_of("a\xE0\x80\xAF" "b"), "a???b");                 /* overlong '/' in 3 bytes */
    ck_assert_str_eq(echo_of("a\xED\xA0\x80" "b"), "a???b");                 /* the surrogate U+D800 */
    ck_assert_str_eq(echo_of("a\xF4\x90\x80\x80" "b"), "a????b");            /* U+110000 */
    ck_assert_str_eq(echo_of("a\xF5\x80\x80\x80" "b"), "a????b");            /* no such lead byte */
    ck_assert_str_eq(echo_of("a\x80" "b"), "a?b");                           /* a stray continuation */
    ck_assert_str_eq(echo_of("a\xE2\x82" "b"), "a??b");                      /* cut short, then 'b' */
    ck_assert_str_eq(echo_of("\xF0\x9F\x98\x80!"), "\xF0\x9F\x98\x80!");     /* U+1F600, 4 bytes */
    /* 70 x "é" (140 bytes) is echoed up to SDM_MAX_ID * 2 = 128 bytes: 64 whole
     * characters; 'x' then 70 x "é" (141 bytes) also to 64 characters and
     * the 'x' (127 bytes), the 128th byte being the first of a character */
    char id[256];
    size_t n = 0;
    for (int i = 0; i < 70; i++)
        n += (size_t)snprintf(id + n, sizeof id - n, "\xC3\xA9");
    ck_assert_uint_eq(strlen(echo_of(id)), 128);
    memmove(id + 1, id, n + 1);
    id[0] = 'x';
    ck_assert_uint_eq(strlen(echo_of(id)), 127);
}
END_TEST

static Suite *errors_suite(void)
{
    Suite *s = suite_create("errors");
    TCase *tc = tcase_create("errors");
    ADD(tc, status_values_fixed);
    ADD(tc, status_ids);
    ADD(tc, strerror_every_status);
    ADD(tc, strerror_out_of_range);
    ADD(tc, last_error_initially_empty);
    ADD(tc, last_error_set_and_kept_on_success);
    ADD(tc, last_error_empty_in_new_thread);
    ADD(tc, last_error_thread_local);
    ADD(tc, invalid_argument_sets_text);
    ADD(tc, version_matches_header);
    ADD(tc, free_null);
    ADD(tc, free_returned_text);
    ADD(tc, alloc_funcs);
    ADD(tc, match_run_allocations);
    ADD(tc, echoed_text_stays_utf8);
    suite_add_tcase(s, tc);

    tc = tcase_create("no_memory");
    tcase_set_timeout(tc, 120);
    ADD(tc, no_memory_everywhere);
    ADD(tc, no_memory_default_data);
    ADD(tc, no_memory_history_and_records);
    ADD(tc, no_memory_rich_formulary);
    suite_add_tcase(s, tc);
    return s;
}

SDM_TEST_MAIN(errors_suite)
