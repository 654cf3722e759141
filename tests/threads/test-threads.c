/*
 * libsdm - 8 threads share one catalogue and formulary: each creates,
 * matches, renders and frees thousands of rankings, while the objects they
 * share lose their other references one by one. Run under ThreadSanitizer by
 * scripts/test.sh (and plainly by meson test); it also checks every result.
 *
 * Two threads also write the cards and a record of one fresh formulary at
 * the same moment: the text kept per medicine (lib/fragment.h) is made by
 * both at once, and every document must be the one written alone.
 *
 * Then the batch against a caller that breaks the rules (issue 16, defect 2):
 * another thread writes bad values into the input arrays while the batch
 * reads them. The batch reads each cell once, into its own copy, and checks
 * the copy, so the answer may be wrong or an error, but no unchecked index is
 * ever used (before, the batch checked a row and read it again to score it:
 * a crash). That part is a data race on purpose, so it is skipped under
 * ThreadSanitizer; the AddressSanitizer build of scripts/test.sh runs it.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
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
    /* Ties share a rank and lie within the tie tolerance (listed by name, so
     * their scores may differ in the last bits either way); a new rank means
     * a higher score. */
    double tie = sdm_match_tie_tolerance(m);
    for (size_t i = 1; i < sdm_match_count(m); i++) {
        double step = sdm_match_score(m, i) - sdm_match_score(m, i - 1);
        int same = sdm_match_rank(m, i) == sdm_match_rank(m, i - 1);
        if (same ? (step > tie || step < -tie) : (step <= 0 || sdm_match_rank(m, i) != (int)i + 1))
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

/* ---- the batch while another thread writes its input ----------------------- */

#if defined(__SANITIZE_THREAD__)
#define UNDER_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define UNDER_TSAN 1
#endif
#endif

#ifndef UNDER_TSAN
#define ROWS 512
#define K 5
#define H 3

struct flipper {
    int32_t *cells;
    size_t count;
    atomic_int stop;
    uint64_t seed;
    unsigned long flips;
};

/* Spoils one cell at a time, as fast as it can: a value out of range,
 * negative, -1 where the row goes on, or a duplicate; mostly only for a
 * moment (then the cell is as it was, so that a row can be read valid once
 * and spoilt the next time: what broke the batch before), now and then for
 * good. */
static void *flip(void *arg)
{
    struct flipper *f = arg;
    static const int32_t bad[] = {36, 1000, INT32_MAX, -2, INT32_MIN, 1 << 30, -1, 0, 35};
    volatile int32_t *cells = f->cells; /* a racing write, on purpose */
    while (!atomic_load_explicit(&f->stop, memory_order_relaxed)) {
        size_t at = next(&f->seed) % f->count;
        int32_t was = cells[at];
        cells[at] = bad[next(&f->seed) % (sizeof bad / sizeof bad[0])];
        for (volatile int spin = 0; spin < 20; spin++)
            ;
        if (next(&f->seed) % 8)
            cells[at] = was;
        f->flips++;
    }
    return NULL;
}

/* A call's result is sane: OK with every place a medicine or no result, or a
 * failure the documentation names, with a message. */
static int sane(sdm_status st, size_t meds, size_t n, size_t top, const int32_t *best, const double *scores,
                const int32_t *ranks, const int32_t *tied)
{
    if (st != SDM_OK)
        return (st == SDM_ERR_INVALID_ARGUMENT || st == SDM_ERR_DUPLICATE || st == SDM_ERR_CONFLICT) &&
               sdm_last_error()[0] != '\0';
    for (size_t at = 0; at < n * top; at++) {
        if (best[at] < -1 || best[at] >= (int32_t)meds)
            return 0;
        if (best[at] < 0 ? !isnan(scores[at]) : !isfinite(scores[at]))
            return 0;
        if (ranks && (best[at] < 0 ? ranks[at] != 0 || tied[at] != 0 : ranks[at] < 1 || tied[at] < 1))
            return 0;
    }
    return 1;
}

#endif /* UNDER_TSAN */

static int batch_under_attack(int calls)
{
#ifdef UNDER_TSAN
    (void)calls;
    printf("the batch with its input written meanwhile: skipped under ThreadSanitizer (a race on purpose)\n");
    return 0;
#else
    sdm_catalogue *cat;
    sdm_formulary *f;
    if (sdm_catalogue_default(&cat) != SDM_OK || sdm_formulary_default(cat, &f) != SDM_OK) {
        fprintf(stderr, "setup: %s\n", sdm_last_error());
        return 1;
    }
    size_t meds = sdm_formulary_count(f);
    static int32_t cells[ROWS * (K + H)], best[ROWS * 3], ranks[ROWS * 3], tied[ROWS * 3];
    static double scores[ROWS * 3];
    int32_t *rows = cells, *helpful = cells + ROWS * K;
    struct flipper flipper = {cells, sizeof cells / sizeof cells[0], 0, 77, 0};
    pthread_t writer;
    pthread_create(&writer, NULL, flip, &flipper);
    uint64_t seed = 5;
    int failures = 0, refused = 0;
    for (int call = 0; call < calls; call++) {
        /* valid rows again (five distinct side effects, helpful ones not
         * ranked), which the other thread spoils while the batch reads them */
        for (size_t r = 0; r < ROWS; r++) {
            int32_t first = (int32_t)(next(&seed) % 28);
            for (int c = 0; c < K; c++)
                rows[r * K + c] = first + c;
            for (int c = 0; c < H; c++)
                helpful[r * H + c] = (first + 5 + 2 * c) % 36;
        }
        sdm_status st;
        int ok;
        switch (call % 3) {
        case 0: /* the vectorised path */
            st = sdm_match_batch(f, NULL, rows, ROWS, K, 1, best, scores);
            ok = sane(st, meds, ROWS, 1, best, scores, NULL, NULL);
            break;
        case 1: /* the same, counting ties */
            st = sdm_match_batch_ext(f, NULL, rows, ROWS, K, NULL, 0, 1, best, scores, ranks, tied);
            ok = sane(st, meds, ROWS, 1, best, scores, ranks, tied);
            break;
        default: /* the general path, with helpful side effects */
            st = sdm_match_batch_ext(f, NULL, rows, ROWS, K, helpful, H, 3, best, scores, ranks, tied);
            ok = sane(st, meds, ROWS, 3, best, scores, ranks, tied);
            break;
        }
        refused += st != SDM_OK;
        if (!ok) {
            fprintf(stderr, "batch call %d: status %d, '%s': not a result the documentation allows\n", call, (int)st,
                    sdm_last_error());
            failures++;
        }
    }
    atomic_store_explicit(&flipper.stop, 1, memory_order_relaxed);
    pthread_join(writer, NULL);
    printf("the batch with its input written meanwhile: %d calls (%d refused a spoilt row, the others answered), "
           "%lu cells written by the other thread, %d failures\n",
           calls, refused, flipper.flips, failures);
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
    return failures;
#endif
}

/* ---- two threads make a fresh formulary's per-medicine text at once ---------
 * A card or record keeps the text that depends only on a medicine in the
 * formulary, made by whichever thread writes it first (lib/fragment.h). Two
 * threads write every card and a record of one fresh formulary at the same
 * moment, so both make that text at once; every document must be the one
 * written on a formulary of its own, alone. */

#define PAIR 2

struct writer {
    sdm_formulary *formulary;
    sdm_ranking *ranking;
    char **texts;           /* one card per medicine, then the record */
    pthread_barrier_t *started;
};

/* Every card (with the ranking) and the record of the ranking; NULL on failure. */
static char **write_all(sdm_formulary *f, sdm_ranking *r)
{
    size_t n = sdm_formulary_count(f);
    char **texts = calloc(n + 1, sizeof *texts);
    sdm_match *m = NULL;
    int ok = texts != NULL;
    for (size_t i = 0; ok && i < n; i++)
        ok = sdm_card_to_json(sdm_formulary_profile(f, (n - 1 + i * 7) % n), r, &texts[i]) == SDM_OK;
    ok = ok && sdm_match_run(f, r, NULL, &m) == SDM_OK && sdm_record_to_json(m, NULL, &texts[n]) == SDM_OK;
    sdm_match_free(m);
    if (!ok && texts) {
        for (size_t i = 0; i <= n; i++)
            sdm_free(texts[i]);
        free(texts);
        texts = NULL;
    }
    return texts;
}

static void free_all(char **texts, size_t n)
{
    for (size_t i = 0; texts && i <= n; i++)
        sdm_free(texts[i]);
    free(texts);
}

static void *write_together(void *arg)
{
    struct writer *w = arg;
    pthread_barrier_wait(w->started);
    w->texts = write_all(w->formulary, w->ranking);
    return NULL;
}

static int fragments_together(sdm_catalogue *cat, int times)
{
    sdm_ranking *r;
    sdm_formulary *alone;
    if (sdm_ranking_new(cat, &r) != SDM_OK || sdm_ranking_avoid(r, "weight_gain", 1) != SDM_OK ||
        sdm_ranking_avoid(r, "dry_mouth", 2) != SDM_OK || sdm_ranking_helpful(r, "night_sleepiness") != SDM_OK ||
        sdm_formulary_default(cat, &alone) != SDM_OK) {
        fprintf(stderr, "fragments: setup: %s\n", sdm_last_error());
        return 1;
    }
    size_t n = sdm_formulary_count(alone);
    char **want = write_all(alone, r);
    sdm_formulary_free(alone);
    int failures = want == NULL;
    for (int round = 0; round < times && !failures; round++) {
        sdm_formulary *f;
        if (sdm_formulary_default(cat, &f) != SDM_OK) {
            failures++;
            break;
        }
        pthread_barrier_t started;
        pthread_barrier_init(&started, NULL, PAIR);
        pthread_t tid[PAIR];
        struct writer w[PAIR];
        for (int t = 0; t < PAIR; t++) {
            w[t] = (struct writer){f, r, NULL, &started};
            pthread_create(&tid[t], NULL, write_together, &w[t]);
        }
        for (int t = 0; t < PAIR; t++) {
            pthread_join(tid[t], NULL);
            if (!w[t].texts) {
                fprintf(stderr, "fragments: round %d, thread %d: %s\n", round, t, sdm_last_error());
                failures++;
                continue;
            }
            for (size_t i = 0; i <= n; i++)
                if (strcmp(w[t].texts[i], want[i]) != 0) {
                    fprintf(stderr, "fragments: round %d, thread %d: document %zu differs\n", round, t, i);
                    failures++;
                }
            free_all(w[t].texts, n);
        }
        pthread_barrier_destroy(&started);
        sdm_formulary_free(f);
    }
    free_all(want, n);
    sdm_ranking_free(r);
    printf("%d threads writing one fresh formulary's cards and record, %d times: %d failures\n", PAIR, times,
           failures);
    return failures;
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
    int together = fragments_together(cat, rounds >= 200 ? 20 : 3);
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
    failures += together;
    failures += batch_under_attack(rounds);
    return failures ? EXIT_FAILURE : EXIT_SUCCESS;
}
