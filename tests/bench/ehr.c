/*
 * libsdm - benchmarks (issue 15): an EHR request end to end, the `ehr` case
 * of sdm-bench (kept in its own file: the batch cases are bench.c's).
 * SPDX-License-Identifier: MIT
 *
 *   sdm-bench ehr [--iterations N] [--rounds R] [--seed S]
 *       What an EHR integration does per consultation, as examples/ehr does
 *       it: sdm_ranking_from_json() on a request (five side effects to avoid,
 *       one helpful, a medicine tried before), sdm_match_run() with the
 *       default options on the default data, sdm_card_to_json() of the first
 *       medicine and sdm_record_to_json() of the result, everything freed.
 *       Requests cycle through a pool of random rankings (fixed seed).
 *       Prints, over N requests after a warm-up:
 *         ehr          median and p99 of the whole request, and its split
 *                      (median of each part), the bytes it writes;
 *         ehr_allocs   allocations per request, counted exactly through the
 *                      allocator hooks (libsdm's sdm_set_alloc_funcs() and
 *                      jansson's json_set_alloc_funcs(), which the readers
 *                      use), each library's share;
 *         ehr_after    sdm_match_run() alone, right after a request, and after
 *                      two controls: merely writing as many bytes as the
 *                      request's card and record into fresh buffers, and other
 *                      code with almost no data (jansson reading the request's
 *                      text, no libsdm call), in R
 *                      interleaved rounds: the median of each round's ratio.
 *   sdm-bench ehr-callgrind [--iterations N] [--seed S]
 *       N requests through ehr_request() after a warm-up that callgrind does
 *       not count (the text kept per medicine made first), for
 *       valgrind --tool=callgrind --toggle-collect=ehr_request (run.sh).
 *
 * Timing: CLOCK_MONOTONIC around each part; one thread.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <sdm/sdm.h>

#include "ehr.h"

/* ---- counting allocators ------------------------------------------------------ */

static size_t sdm_allocs, jansson_allocs;

static void *count_sdm_malloc(size_t size)
{
    sdm_allocs++;
    return malloc(size);
}

static void *count_jansson_malloc(size_t size)
{
    jansson_allocs++;
    return malloc(size);
}

/* ---- the request ---------------------------------------------------------------- */

#define EHR_POOL 64
#define EHR_K 5

typedef struct ehr_setup {
    sdm_catalogue *cat;
    sdm_formulary *f;
    char *requests[EHR_POOL];
    size_t lengths[EHR_POOL];
    sdm_ranking *rankings[EHR_POOL]; /* the same rankings, made once, for sdm_match_run() alone */
    size_t written[EHR_POOL][2];     /* the sizes of each request's card and record, with their '\0' */
} ehr_setup;

/* The parts of one request, in seconds, and what it wrote. */
typedef struct ehr_times {
    double parse, match, card, record, total;
    size_t bytes, card_bytes, record_bytes;
} ehr_times;

static void ehr_die(const char *what, sdm_status st)
{
    fprintf(stderr, "sdm-bench ehr: %s: %s (%s)\n", what, sdm_strerror(st), sdm_last_error());
    exit(1);
}

static double ehr_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static uint64_t ehr_random(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* A request as an EHR sends it: five side effects to avoid in order, one
 * helpful, and a medicine tried before with the side effect it gave. */
static void make_request(ehr_setup *s, size_t at, uint64_t *state)
{
    size_t items = sdm_catalogue_count(s->cat), picked[EHR_K + 2];
    for (size_t c = 0; c < EHR_K + 2; c++) {
        size_t j;
        int again;
        do {
            j = (size_t)(ehr_random(state) % items);
            again = 0;
            for (size_t d = 0; d < c; d++)
                again |= picked[d] == j;
        } while (again);
        picked[c] = j;
    }
    const char *tried = sdm_profile_id(sdm_formulary_profile(s->f, (size_t)(ehr_random(state) % sdm_formulary_count(s->f))));
    char text[2048];
    int n = snprintf(text, sizeof text,
                     "{\"format\": \"sdm-ranking\", \"format_version\": 1, \"completed_by\": \"service_user\", "
                     "\"carer_involved\": true, \"max_rank\": 5, \"avoid\": [\"%s\", \"%s\", \"%s\", \"%s\", \"%s\"], "
                     "\"helpful\": [\"%s\"], \"history\": [{\"medicine\": \"%s\", \"outcome\": \"stopped\", "
                     "\"why\": \"gained 8 kg in 3 months\", \"had\": [\"%s\"]}]}",
                     sdm_catalogue_id(s->cat, picked[0]), sdm_catalogue_id(s->cat, picked[1]),
                     sdm_catalogue_id(s->cat, picked[2]), sdm_catalogue_id(s->cat, picked[3]),
                     sdm_catalogue_id(s->cat, picked[4]), sdm_catalogue_id(s->cat, picked[5]), tried,
                     sdm_catalogue_id(s->cat, picked[6]));
    if (n < 0 || (size_t)n >= sizeof text) {
        fprintf(stderr, "sdm-bench ehr: the request does not fit\n");
        exit(1);
    }
    if (!(s->requests[at] = malloc((size_t)n + 1))) {
        fprintf(stderr, "sdm-bench ehr: out of memory\n");
        exit(1);
    }
    memcpy(s->requests[at], text, (size_t)n + 1);
    s->lengths[at] = (size_t)n;
    sdm_status st = sdm_ranking_from_json(s->cat, text, (size_t)n, &s->rankings[at]);
    if (st != SDM_OK)
        ehr_die("sdm_ranking_from_json", st);
}

static void ehr_setup_make(ehr_setup *s, uint64_t seed)
{
    sdm_status st = sdm_catalogue_default(&s->cat);
    if (st == SDM_OK)
        st = sdm_formulary_default(s->cat, &s->f);
    if (st != SDM_OK)
        ehr_die("the default data", st);
    for (size_t i = 0; i < EHR_POOL; i++)
        make_request(s, i, &seed);
}

static void ehr_setup_free(ehr_setup *s)
{
    for (size_t i = 0; i < EHR_POOL; i++) {
        free(s->requests[i]);
        sdm_ranking_free(s->rankings[i]);
    }
    sdm_formulary_free(s->f);
    sdm_catalogue_free(s->cat);
}

/* One request, end to end; `t` receives the time of each part. ehr_request()
 * is the same, not inlined: callgrind counts its instructions by name, and
 * the warm-up calls this one, so that callgrind leaves it out. */
static inline void ehr_request_body(const ehr_setup *s, size_t at, ehr_times *t)
{
    sdm_ranking *r;
    sdm_match *m;
    char *card, *record;
    double t0 = ehr_now();
    sdm_status st = sdm_ranking_from_json(s->cat, s->requests[at], s->lengths[at], &r);
    if (st != SDM_OK)
        ehr_die("sdm_ranking_from_json", st);
    double t1 = ehr_now();
    if ((st = sdm_match_run(s->f, r, NULL, &m)) != SDM_OK)
        ehr_die("sdm_match_run", st);
    double t2 = ehr_now();
    if (sdm_match_count(m) == 0)
        ehr_die("no medicine ranked", SDM_OK);
    if ((st = sdm_card_to_json(sdm_match_profile(m, 0), r, &card)) != SDM_OK)
        ehr_die("sdm_card_to_json", st);
    double t3 = ehr_now();
    if ((st = sdm_record_to_json(m, "2026-12-06T12:00:00Z", &record)) != SDM_OK)
        ehr_die("sdm_record_to_json", st);
    double t4 = ehr_now();
    t->card_bytes = strlen(card) + 1;
    t->record_bytes = strlen(record) + 1;
    t->bytes = t->card_bytes + t->record_bytes - 2;
    sdm_free(record);
    sdm_free(card);
    sdm_match_free(m);
    sdm_ranking_free(r);
    double t5 = ehr_now();
    t->parse = t1 - t0;
    t->match = t2 - t1;
    t->card = t3 - t2;
    t->record = t4 - t3;
    t->total = t5 - t0;
}

static __attribute__((noinline)) void ehr_request(const ehr_setup *s, size_t at, ehr_times *t)
{
    ehr_request_body(s, at, t);
}

/* ---- statistics ----------------------------------------------------------------- */

static int ehr_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The nearest-rank quantile q of v (sorted in place). */
static double ehr_quantile(double *v, size_t n, double q)
{
    qsort(v, n, sizeof *v, ehr_cmp);
    size_t rank = (size_t)ceil(q * (double)n);
    return v[rank < 1 ? 0 : rank - 1];
}

static double *ehr_alloc(size_t n)
{
    double *p = malloc((n ? n : 1) * sizeof *p);
    if (!p) {
        fprintf(stderr, "sdm-bench ehr: out of memory\n");
        exit(1);
    }
    return p;
}

/* ---- the measurements ------------------------------------------------------------ */

static void measure_requests(const ehr_setup *s, size_t n)
{
    double *total = ehr_alloc(n), *parse = ehr_alloc(n), *match = ehr_alloc(n), *card = ehr_alloc(n),
           *record = ehr_alloc(n);
    size_t bytes = 0;
    for (size_t i = 0; i < n; i++) {
        ehr_times t;
        ehr_request(s, i % EHR_POOL, &t);
        total[i] = t.total;
        parse[i] = t.parse;
        match[i] = t.match;
        card[i] = t.card;
        record[i] = t.record;
        bytes += t.bytes;
    }
    double p99 = ehr_quantile(total, n, 0.99);
    printf("ehr requests=%zu medicines=%zu median_us=%.2f p99_us=%.2f min_us=%.2f parse_us=%.2f match_us=%.2f "
           "card_us=%.2f record_us=%.2f bytes=%zu\n",
           n, sdm_formulary_count(s->f), ehr_quantile(total, n, 0.5) * 1e6, p99 * 1e6, total[0] * 1e6,
           ehr_quantile(parse, n, 0.5) * 1e6, ehr_quantile(match, n, 0.5) * 1e6, ehr_quantile(card, n, 0.5) * 1e6,
           ehr_quantile(record, n, 0.5) * 1e6, bytes / n);
    free(record);
    free(card);
    free(match);
    free(parse);
    free(total);
}

/* Allocations of each part, counted over the whole pool, then per request. */
static void measure_allocations(const ehr_setup *s)
{
    size_t sdm_min = SIZE_MAX, sdm_max = 0, js_min = SIZE_MAX, js_max = 0, sdm_sum = 0, js_sum = 0;
    for (size_t i = 0; i < EHR_POOL; i++) {
        ehr_times t;
        size_t a0 = sdm_allocs, j0 = jansson_allocs;
        ehr_request(s, i, &t);
        size_t a = sdm_allocs - a0, j = jansson_allocs - j0;
        sdm_sum += a;
        js_sum += j;
        sdm_min = a < sdm_min ? a : sdm_min;
        sdm_max = a > sdm_max ? a : sdm_max;
        js_min = j < js_min ? j : js_min;
        js_max = j > js_max ? j : js_max;
    }
    /* The split, on the first request of the pool. */
    sdm_ranking *r = NULL;
    sdm_match *m = NULL;
    char *card = NULL, *record = NULL;
    size_t counts[4], a0 = sdm_allocs + jansson_allocs;
    sdm_status st = sdm_ranking_from_json(s->cat, s->requests[0], s->lengths[0], &r);
    counts[0] = sdm_allocs + jansson_allocs - a0;
    if (st == SDM_OK)
        st = sdm_match_run(s->f, r, NULL, &m);
    counts[1] = sdm_allocs + jansson_allocs - a0 - counts[0];
    if (st == SDM_OK)
        st = sdm_card_to_json(sdm_match_profile(m, 0), r, &card);
    counts[2] = sdm_allocs + jansson_allocs - a0 - counts[0] - counts[1];
    if (st == SDM_OK)
        st = sdm_record_to_json(m, "2026-12-06T12:00:00Z", &record);
    counts[3] = sdm_allocs + jansson_allocs - a0 - counts[0] - counts[1] - counts[2];
    if (st != SDM_OK)
        ehr_die("the request", st);
    sdm_free(record);
    sdm_free(card);
    sdm_match_free(m);
    sdm_ranking_free(r);
    printf("ehr_allocs requests=%d mean=%.1f min=%zu max=%zu libsdm_mean=%.1f libsdm_min=%zu libsdm_max=%zu "
           "jansson_mean=%.1f jansson_min=%zu jansson_max=%zu parse=%zu match=%zu card=%zu record=%zu\n",
           EHR_POOL, (double)(sdm_sum + js_sum) / EHR_POOL, sdm_min + js_min, sdm_max + js_max,
           (double)sdm_sum / EHR_POOL, sdm_min, sdm_max, (double)js_sum / EHR_POOL, js_min, js_max, counts[0],
           counts[1], counts[2], counts[3]);
}

/* What comes before each sdm_match_run() of a round. */
typedef enum { BEFORE_NOTHING, BEFORE_REQUEST, BEFORE_BYTES, BEFORE_OTHER_CODE, BEFORE_KINDS } before_kind;

/* The control of the "after" rounds: what a request leaves in the caches and
 * nothing else. Two buffers of the card's and the record's sizes are
 * allocated, written through and freed, with no library call: a match after
 * this is as slow as the memory a request must write makes it. */
static void write_bytes(const ehr_setup *s, size_t at)
{
    for (size_t part = 0; part < 2; part++) {
        size_t size = s->written[at][part];
        volatile unsigned char *buffer = malloc(size);
        if (!buffer) {
            fprintf(stderr, "sdm-bench ehr: out of memory\n");
            exit(1);
        }
        memset((unsigned char *)buffer, ' ', size);
        buffer[size - 1] = '\0';
        free((void *)buffer);
    }
}

/* The other control: other code between two matches, with almost no data
 * and no call of libsdm: jansson parses the request's text, as the EHR's own
 * code might. In a loop of nothing but sdm_match_run(), the match's code and
 * branch history stay in the processor's caches; any other code between two
 * calls displaces some of them, whatever the library does. */
static void other_code(const ehr_setup *s, size_t at)
{
    json_t *parsed = json_loadb(s->requests[at], s->lengths[at], 0, NULL);
    if (!parsed) {
        fprintf(stderr, "sdm-bench ehr: jansson does not read request %zu\n", at);
        exit(1);
    }
    json_decref(parsed);
}

/* The median time of sdm_match_run() over `n` calls, each right after
 * `before`. */
static double match_round(const ehr_setup *s, size_t n, before_kind before, double *scratch, size_t offset)
{
    for (size_t i = 0; i < n; i++) {
        size_t at = (offset + i) % EHR_POOL;
        if (before == BEFORE_REQUEST) {
            ehr_times t;
            ehr_request(s, (at + 1) % EHR_POOL, &t);
        } else if (before == BEFORE_BYTES) {
            write_bytes(s, (at + 1) % EHR_POOL);
        } else if (before == BEFORE_OTHER_CODE) {
            other_code(s, (at + 1) % EHR_POOL);
        }
        sdm_match *m;
        double t0 = ehr_now();
        sdm_status st = sdm_match_run(s->f, s->rankings[at], NULL, &m);
        double t1 = ehr_now();
        if (st != SDM_OK)
            ehr_die("sdm_match_run", st);
        sdm_match_free(m);
        scratch[i] = t1 - t0;
    }
    return ehr_quantile(scratch, n, 0.5);
}

static void measure_match_after(const ehr_setup *s, size_t n, size_t rounds)
{
    double *scratch = ehr_alloc(n), *t[BEFORE_KINDS], *ratio[BEFORE_KINDS + 1];
    for (size_t j = 0; j < BEFORE_KINDS; j++) {
        t[j] = ehr_alloc(rounds);
        ratio[j] = ehr_alloc(rounds);
    }
    ratio[BEFORE_KINDS] = ehr_alloc(rounds); /* after a request / after other code */
    for (size_t r = 0; r < rounds; r++) {
        /* Turn the order each round, so that none always comes first. */
        for (size_t j = 0; j < BEFORE_KINDS; j++) {
            before_kind kind = (before_kind)((j + r) % BEFORE_KINDS);
            t[kind][r] = match_round(s, n, kind, scratch, r * n);
        }
        for (size_t j = 0; j < BEFORE_KINDS; j++)
            ratio[j][r] = t[j][r] / t[BEFORE_NOTHING][r];
        ratio[BEFORE_KINDS][r] = t[BEFORE_REQUEST][r] / t[BEFORE_OTHER_CODE][r];
    }
    static const char *const name[BEFORE_KINDS + 1] = {"", "", "bytes_", "code_", "request_code_"};
    printf("ehr_after rounds=%zu calls=%zu alone_us=%.3f after_us=%.3f after_bytes_us=%.3f after_code_us=%.3f", rounds,
           n, ehr_quantile(t[BEFORE_NOTHING], rounds, 0.5) * 1e6, ehr_quantile(t[BEFORE_REQUEST], rounds, 0.5) * 1e6,
           ehr_quantile(t[BEFORE_BYTES], rounds, 0.5) * 1e6, ehr_quantile(t[BEFORE_OTHER_CODE], rounds, 0.5) * 1e6);
    for (size_t j = BEFORE_REQUEST; j <= BEFORE_KINDS; j++) {
        double median = ehr_quantile(ratio[j], rounds, 0.5); /* sorts them: the lowest first */
        printf(" %sratio=%.3f %sratio_low=%.3f %sratio_high=%.3f", name[j], median, name[j], ratio[j][0], name[j],
               ratio[j][rounds - 1]);
    }
    printf("\n");
    for (size_t j = 0; j < BEFORE_KINDS; j++) {
        free(t[j]);
        free(ratio[j]);
    }
    free(ratio[BEFORE_KINDS]);
    free(scratch);
}

int sdm_bench_ehr(size_t iterations, size_t rounds, uint64_t seed, int callgrind)
{
    /* Before any other call, as sdm_set_alloc_funcs() asks. */
    if (sdm_set_alloc_funcs(count_sdm_malloc, free) != SDM_OK)
        ehr_die("sdm_set_alloc_funcs", SDM_ERR_INVALID_ARGUMENT);
    json_set_alloc_funcs(count_jansson_malloc, free);
    ehr_setup s;
    ehr_setup_make(&s, seed);
    if (callgrind) {
        /* The text the library keeps per medicine (lib/fragment.c) made
         * first, as in a process that has answered requests before: the
         * instructions counted are those of a request like the next one. */
        for (size_t i = 0; i < 2 * EHR_POOL; i++) {
            ehr_times t;
            ehr_request_body(&s, i % EHR_POOL, &t);
        }
        for (size_t i = 0; i < iterations; i++) {
            ehr_times t;
            ehr_request(&s, i % EHR_POOL, &t);
        }
        printf("ehr_callgrind requests=%zu\n", iterations);
        ehr_setup_free(&s);
        return 0;
    }
    /* Warm up the caches and the allocator; note what each request writes. */
    for (size_t i = 0; i < 2 * EHR_POOL; i++) {
        ehr_times t;
        ehr_request(&s, i % EHR_POOL, &t);
        s.written[i % EHR_POOL][0] = t.card_bytes;
        s.written[i % EHR_POOL][1] = t.record_bytes;
    }
    measure_allocations(&s);
    measure_requests(&s, iterations);
    size_t per_round = iterations / rounds < 100 ? 100 : iterations / rounds;
    measure_match_after(&s, per_round, rounds);
    ehr_setup_free(&s);
    return 0;
}
