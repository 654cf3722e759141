/*
 * libsdm - 8 threads share one catalogue and formulary: each creates,
 * matches, renders and frees thousands of rankings, while the objects they
 * share lose their other references one by one. Run under ThreadSanitizer by
 * scripts/test.sh (and plainly by meson test); it also checks every result.
 * SPDX-License-Identifier: MIT
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sdm/sdm.h>

#define THREADS 8

static int rounds = 2000;

struct worker {
    sdm_catalogue *cat;     /* this thread's own references */
    sdm_formulary *formulary;
    uint64_t seed;
    const char *first;      /* the first medicine for the quick-start ranking */
    int failures;
    pthread_barrier_t *started;
};

static uint32_t next(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(*s >> 33);
}

static int fail(struct worker *w, const char *what, sdm_status st)
{
    fprintf(stderr, "thread: %s: %s: %s\n", what, sdm_strerror(st), sdm_last_error());
    w->failures++;
    return 0;
}

/* A random ranking of 1 to 5 side effects, perhaps with a helpful one. */
static sdm_ranking *random_ranking(struct worker *w)
{
    sdm_ranking *r;
    if (sdm_ranking_new(w->cat, &r) != SDM_OK)
        return fail(w, "ranking", SDM_ERR_NO_MEMORY), NULL;
    int k = 1 + (int)(next(&w->seed) % 5);
    size_t n = sdm_catalogue_count(w->cat);
    for (int rank = 1; rank <= k;) {
        const char *id = sdm_catalogue_id(w->cat, next(&w->seed) % n);
        if (sdm_ranking_avoid(r, id, rank) == SDM_OK)
            rank++;
    }
    if (next(&w->seed) % 2)
        sdm_ranking_helpful(r, "night_sleepiness"); /* may conflict with a ranked one: fine */
    return r;
}

/* Every medicine is ranked or excluded, ranks follow the scores, and the
 * result's card and record render. */
static void check_one(struct worker *w, sdm_ranking *r)
{
    sdm_match *m;
    sdm_status st = sdm_match_run(w->formulary, r, NULL, &m);
    if (st != SDM_OK) {
        fail(w, "match", st);
        return;
    }
    if (sdm_match_count(m) + sdm_match_excluded_count(m) != sdm_formulary_count(w->formulary))
        fail(w, "a medicine went missing", SDM_ERR_INVALID_ARGUMENT);
    /* Ties share a rank and lie within 1e-9 (listed by name, so their scores
     * may differ in the last bits either way); a new rank means a higher score. */
    for (size_t i = 1; i < sdm_match_count(m); i++) {
        double step = sdm_match_score(m, i) - sdm_match_score(m, i - 1);
        int same = sdm_match_rank(m, i) == sdm_match_rank(m, i - 1);
        if (same ? (step > 1e-9 || step < -1e-9) : (step <= 0 || sdm_match_rank(m, i) != (int)i + 1))
            fail(w, "ranks and scores disagree", SDM_ERR_INVALID_ARGUMENT);
    }
    char *card = NULL, *record = NULL;
    if ((st = sdm_card_text(sdm_match_profile(m, 0), r, &card)) != SDM_OK)
        fail(w, "card", st);
    else if ((st = sdm_record_to_json(m, NULL, &record)) != SDM_OK)
        fail(w, "record", st);
    sdm_free(card);
    sdm_free(record);
    sdm_match_free(m);
}

static void check_quickstart(struct worker *w)
{
    static const char *const avoid[] = {"weight_gain", "day_sleepiness", "stiff_muscles", "less_sex_drive",
                                        "dry_mouth"};
    sdm_ranking *r;
    sdm_match *m;
    if (sdm_ranking_new(w->cat, &r) != SDM_OK) {
        fail(w, "ranking", SDM_ERR_NO_MEMORY);
        return;
    }
    for (int i = 0; i < 5; i++)
        sdm_ranking_avoid(r, avoid[i], i + 1);
    sdm_ranking_helpful(r, "night_sleepiness");
    if (sdm_match_run(w->formulary, r, NULL, &m) == SDM_OK) {
        if (strcmp(sdm_profile_id(sdm_match_profile(m, 0)), w->first) != 0)
            fail(w, "the quick-start ranking changed its first medicine", SDM_ERR_INVALID_ARGUMENT);
        sdm_match_free(m);
    }
    sdm_ranking_free(r);
}

static void *work(void *arg)
{
    struct worker *w = arg;
    pthread_barrier_wait(w->started);
    for (int i = 0; i < rounds; i++) {
        sdm_ranking *r = random_ranking(w);
        if (r)
            check_one(w, r);
        sdm_ranking_free(r);
        if (i % 100 == 0)
            check_quickstart(w);
    }
    /* Drop this thread's references while the others still work. */
    sdm_formulary_free(w->formulary);
    sdm_catalogue_free(w->cat);
    return NULL;
}

int main(int argc, char **argv)
{
    /* fewer under ThreadSanitizer, which is slow: scripts/test.sh sets it */
    const char *env = getenv("SDM_THREAD_ROUNDS");
    if (argc > 1)
        rounds = atoi(argv[1]);
    else if (env)
        rounds = atoi(env);
    sdm_catalogue *cat;
    sdm_formulary *formulary;
    if (sdm_catalogue_default(&cat) != SDM_OK || sdm_formulary_default(cat, &formulary) != SDM_OK) {
        fprintf(stderr, "setup: %s\n", sdm_last_error());
        return EXIT_FAILURE;
    }
    pthread_barrier_t started;
    pthread_barrier_init(&started, NULL, THREADS + 1);
    pthread_t tid[THREADS];
    struct worker w[THREADS];
    for (int t = 0; t < THREADS; t++) {
        w[t] = (struct worker){sdm_catalogue_ref(cat), sdm_formulary_ref(formulary), 1000u + (uint64_t)t,
                               "cariprazine", 0, &started};
        pthread_create(&tid[t], NULL, work, &w[t]);
    }
    /* The main thread lets go first: the threads' references keep the data alive. */
    sdm_formulary_free(formulary);
    sdm_catalogue_free(cat);
    pthread_barrier_wait(&started);
    int failures = 0;
    for (int t = 0; t < THREADS; t++) {
        pthread_join(tid[t], NULL);
        failures += w[t].failures;
    }
    pthread_barrier_destroy(&started);
    printf("%d threads x %d rankings: %d failures\n", THREADS, rounds, failures);
    return failures ? EXIT_FAILURE : EXIT_SUCCESS;
}
