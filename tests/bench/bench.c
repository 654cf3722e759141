/*
 * libsdm - benchmarks (issue 6): the C side of tests/bench/run.sh.
 * SPDX-License-Identifier: MIT
 *
 *   sdm-bench latency    [--iterations N] [--seed S]
 *       sdm_match_run() on the default data, one call at a time, over a pool
 *       of random 5-item rankings: median, 99th percentile, min, mean.
 *   sdm-bench batch      [--rows N] [--k K] [--repeat R] [--seed S] [--verify V] [--out DIR]
 *       sdm_match_batch(top = 1) over N random K-item rankings (fixed seed),
 *       timed R times; the first V rows are checked against sdm_match_run().
 *       --out writes the rankings, the results and the medicine ids for the
 *       numpy / R references and the bindings (rankings.i32: N x K int32,
 *       best.i32: N int32, scores.f64: N float64, medicines.txt: one id a line),
 *       and the model the references compute with, as the library reads the
 *       data (so they need not read the formulary's format): severity.f64
 *       (items x medicines in name order, float64: each rating's severity under
 *       the default options, unknown 0.5), by_name.txt (the ids in name order),
 *       weights.f64 (the K weights) and tie.f64 (the tie tolerance of a
 *       K-item ranking, sdm_match_tie_tolerance()).
 *   sdm-bench exhaustive [--items M] [--repeat R] [--synthesis RULE]
 *       every ordered 5-tuple of the first M side effects (all 45,239,040 of
 *       the 36 by default), in chunks, with sdm_match_batch_ext(top = 1),
 *       which also says how many medicines share first place: the time of
 *       the whole run (generating the rows, the calls, counting), best of R,
 *       and the part spent in the batch in the fastest run. Then, once and
 *       timed on its own, who comes first with the credit of a tie shared:
 *       the rows where t medicines tie for first again with top = t, each of
 *       them credited 1/t (exactly: in units of 1/lcm(1..19)). --synthesis
 *       takes another synthesis rule than the default (consensus).
 *   sdm-bench growth     [--rows N] [--rounds R] [--verify V] [--data FILE]
 *       the cost-growth table: k, top, options, medicines, threads, as
 *       ratios to the default top-1 batch in the same run (see run_growth()).
 *   sdm-bench ehr        [--iterations N] [--rounds R] [--seed S]
 *   sdm-bench ehr-callgrind [--iterations N] [--seed S]
 *       an EHR request end to end (issue 15): see ehr.c.
 *   sdm-bench callgrind  [--rows N] [--seed S]
 *       generates N rankings, then one sdm_match_batch(top = 1) call: run it
 *       under valgrind --tool=callgrind --toggle-collect=sdm_match_batch.
 *
 * Output: one line per result, `<what> key=value key=value ...`, for run.sh.
 * Timing: clock_gettime(CLOCK_MONOTONIC); everything runs on one thread.
 */
#define _GNU_SOURCE /* RTLD_DEFAULT */

#include <dlfcn.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <sdm/sdm.h>

#include "ehr.h"

/* ---- helpers ---------------------------------------------------------------- */

static void die(const char *what, sdm_status st)
{
    fprintf(stderr, "sdm-bench: %s: %s (%s)\n", what, sdm_strerror(st), sdm_last_error());
    exit(1);
}

static void die_msg(const char *msg)
{
    fprintf(stderr, "sdm-bench: %s\n", msg);
    exit(1);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The CPU time of this thread: unlike the wall clock, it does not count the
 * time other processes had the core (on a shared machine). */
static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void *xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        die_msg("out of memory");
    return p;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The value below which `q` of the sorted values fall (nearest rank). */
static double quantile(const double *sorted, size_t n, double q)
{
    size_t rank = (size_t)ceil(q * (double)n);
    if (rank < 1)
        rank = 1;
    return sorted[rank - 1];
}

/* xoshiro256**, seeded with splitmix64: the same rankings on every machine. */
typedef struct rng {
    uint64_t s[4];
} rng;

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static void rng_seed(rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* A number in [0, bound) (multiply-shift; the bias is below 2^-32 * bound). */
static uint32_t rng_below(rng *r, uint32_t bound)
{
    return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)bound) >> 32);
}

/* n rankings of k distinct side effects out of `items`, row-major: a partial
 * Fisher-Yates shuffle of one permutation that carries over between rows. */
static void random_rankings(int32_t *out, size_t n, size_t k, size_t items, uint64_t seed)
{
    rng r;
    rng_seed(&r, seed);
    int32_t perm[SDM_MAX_ITEMS];
    for (size_t i = 0; i < items; i++)
        perm[i] = (int32_t)i;
    for (size_t row = 0; row < n; row++) {
        for (size_t c = 0; c < k; c++) {
            size_t j = c + rng_below(&r, (uint32_t)(items - c));
            int32_t t = perm[c];
            perm[c] = perm[j];
            perm[j] = t;
            out[row * k + c] = perm[c];
        }
    }
}

typedef struct setup {
    sdm_catalogue *cat;
    sdm_formulary *f;
    size_t items;
    size_t meds;
} setup;

static void setup_default(setup *s)
{
    sdm_status st = sdm_catalogue_default(&s->cat);
    if (st != SDM_OK)
        die("sdm_catalogue_default", st);
    st = sdm_formulary_default(s->cat, &s->f);
    if (st != SDM_OK)
        die("sdm_formulary_default", st);
    s->items = sdm_catalogue_count(s->cat);
    s->meds = sdm_formulary_count(s->f);
}

static void setup_free(setup *s)
{
    sdm_formulary_free(s->f);
    sdm_catalogue_free(s->cat);
}

static sdm_ranking *make_ranking(const setup *s, const int32_t *row, size_t k)
{
    sdm_ranking *r;
    sdm_status st = sdm_ranking_new(s->cat, &r);
    if (st != SDM_OK)
        die("sdm_ranking_new", st);
    for (size_t c = 0; c < k; c++) {
        st = sdm_ranking_avoid(r, sdm_catalogue_id(s->cat, (size_t)row[c]), (int)c + 1);
        if (st != SDM_OK)
            die("sdm_ranking_avoid", st);
    }
    return r;
}

/* ---- options ---------------------------------------------------------------- */

typedef struct args {
    size_t iterations;
    size_t rows;
    size_t k;
    size_t repeat;
    size_t verify;
    size_t items;
    uint64_t seed;
    const char *out;
    const char *synthesis;
    const char *data;
} args;

static size_t parse_size(const char *flag, const char *value)
{
    if (!value)
        die_msg("a flag needs a value");
    char *end;
    errno = 0;
    unsigned long long v = strtoull(value, &end, 10);
    if (errno || *end || end == value) {
        fprintf(stderr, "sdm-bench: %s: '%s' is not a number\n", flag, value);
        exit(2);
    }
    return (size_t)v;
}

static void parse_args(int argc, char **argv, args *a)
{
    for (int i = 2; i < argc; i += 2) { /* each flag and its value */
        const char *flag = argv[i], *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(flag, "--iterations") == 0)
            a->iterations = parse_size(flag, value);
        else if (strcmp(flag, "--rows") == 0)
            a->rows = parse_size(flag, value);
        else if (strcmp(flag, "--k") == 0)
            a->k = parse_size(flag, value);
        else if (strcmp(flag, "--repeat") == 0)
            a->repeat = parse_size(flag, value);
        else if (strcmp(flag, "--verify") == 0)
            a->verify = parse_size(flag, value);
        else if (strcmp(flag, "--items") == 0)
            a->items = parse_size(flag, value);
        else if (strcmp(flag, "--seed") == 0)
            a->seed = parse_size(flag, value);
        else if (strcmp(flag, "--synthesis") == 0) {
            if (!value)
                die_msg("--synthesis needs a rule");
            a->synthesis = value;
        } else if (strcmp(flag, "--data") == 0) {
            if (!value)
                die_msg("--data needs a formulary");
            a->data = value;
        } else if (strcmp(flag, "--rounds") == 0) {
            a->repeat = parse_size(flag, value);
        } else if (strcmp(flag, "--out") == 0) {
            if (!value)
                die_msg("--out needs a directory");
            a->out = value;
        } else {
            fprintf(stderr, "sdm-bench: unknown flag '%s'\n", flag);
            exit(2);
        }
    }
}

/* ---- 1. latency of sdm_match_run ------------------------------------------ */

#define POOL 1024

static int run_latency(const args *a)
{
    setup s;
    setup_default(&s);
    size_t k = 5, n = a->iterations;
    int32_t *rows = xmalloc(POOL * k * sizeof *rows);
    random_rankings(rows, POOL, k, s.items, a->seed);
    sdm_ranking *pool[POOL];
    for (size_t i = 0; i < POOL; i++)
        pool[i] = make_ranking(&s, &rows[i * k], k);

    /* Warm up the caches and the allocator. */
    for (size_t i = 0; i < POOL; i++) {
        sdm_match *m;
        sdm_status st = sdm_match_run(s.f, pool[i], NULL, &m);
        if (st != SDM_OK)
            die("sdm_match_run", st);
        sdm_match_free(m);
    }
    double *ns = xmalloc(n * sizeof *ns);
    double total = 0.0;
    for (size_t i = 0; i < n; i++) {
        sdm_match *m;
        double t0 = now();
        sdm_status st = sdm_match_run(s.f, pool[i % POOL], NULL, &m);
        double t1 = now();
        if (st != SDM_OK)
            die("sdm_match_run", st);
        sdm_match_free(m);
        ns[i] = (t1 - t0) * 1e9;
        total += ns[i];
    }
    qsort(ns, n, sizeof *ns, cmp_double);
    printf("latency calls=%zu k=%zu medicines=%zu median_ns=%.0f p99_ns=%.0f min_ns=%.0f mean_ns=%.0f\n", n, k,
           s.meds, quantile(ns, n, 0.5), quantile(ns, n, 0.99), ns[0], total / (double)n);
    free(ns);
    for (size_t i = 0; i < POOL; i++)
        sdm_ranking_free(pool[i]);
    free(rows);
    setup_free(&s);
    return 0;
}

/* ---- 2. batch throughput ----------------------------------------------------- */

static const sdm_formulary *name_order_of;

static int by_name(const void *a, const void *b)
{
    const sdm_profile *pa = sdm_formulary_profile(name_order_of, *(const size_t *)a);
    const sdm_profile *pb = sdm_formulary_profile(name_order_of, *(const size_t *)b);
    int c = strcmp(sdm_profile_name(pa), sdm_profile_name(pb));
    return c ? c : strcmp(sdm_profile_id(pa), sdm_profile_id(pb));
}

static void write_file(const char *dir, const char *name, const void *data, size_t size)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "wb");
    if (!fp || fwrite(data, 1, size, fp) != size || fclose(fp) != 0) {
        fprintf(stderr, "sdm-bench: cannot write %s: %s\n", path, strerror(errno));
        exit(1);
    }
}

/* The first `count` rows again with sdm_match_run(): the same medicine first, the same score to the last bit. */
static void verify_rows(const setup *s, const int32_t *rows, size_t k, size_t count, const int32_t *best,
                        const double *scores)
{
    for (size_t r = 0; r < count; r++) {
        sdm_ranking *ranking = make_ranking(s, &rows[r * k], k);
        sdm_match *m;
        sdm_status st = sdm_match_run(s->f, ranking, NULL, &m);
        if (st != SDM_OK)
            die("sdm_match_run", st);
        const sdm_profile *first = sdm_match_profile(m, 0);
        double score = sdm_match_score(m, 0);
        if (first != sdm_formulary_profile(s->f, (size_t)best[r]) || score != scores[r]) {
            fprintf(stderr, "sdm-bench: row %zu: sdm_match_batch gives %s (%.17g), sdm_match_run %s (%.17g)\n", r,
                    sdm_profile_id(sdm_formulary_profile(s->f, (size_t)best[r])), scores[r], sdm_profile_id(first),
                    score);
            exit(1);
        }
        sdm_match_free(m);
        sdm_ranking_free(ranking);
    }
}

/* The medicines the default options leave in (clozapine's restriction leaves
 * it out unless its context holds): those an empty ranking ranks. */
static size_t candidates_of(const setup *s, size_t *order)
{
    sdm_ranking *r = NULL;
    sdm_match *m = NULL;
    sdm_status st = sdm_ranking_new(s->cat, &r);
    if (st == SDM_OK)
        st = sdm_match_run(s->f, r, NULL, &m);
    if (st != SDM_OK)
        die("sdm_match_run", st);
    size_t count = sdm_match_count(m);
    for (size_t i = 0; i < count; i++)
        order[i] = sdm_profile_index(sdm_match_profile(m, i));
    sdm_match_free(m);
    sdm_ranking_free(r);
    return count;
}

/* The references' model, from the library's own reading of the data: the
 * medicines the batch may answer (not those a restriction leaves out). */
static void write_model(const setup *s, const char *dir, size_t k, const int32_t *a_row)
{
    size_t *order = xmalloc(s->meds * sizeof *order);
    size_t meds = candidates_of(s, order);
    name_order_of = s->f;
    qsort(order, meds, sizeof *order, by_name);
    double *severity = xmalloc(s->items * meds * sizeof *severity);
    for (size_t i = 0; i < s->items; i++)
        for (size_t j = 0; j < meds; j++) {
            int rating = sdm_profile_rating(sdm_formulary_profile(s->f, order[j]), i);
            severity[i * meds + j] = rating == SDM_RATING_UNKNOWN ? 0.5 : sdm_match_options_severity(NULL, rating);
        }
    write_file(dir, "severity.f64", severity, s->items * meds * sizeof *severity);
    double weights[SDM_MAX_RANK];
    sdm_status st = sdm_match_options_weights(NULL, (int)k, weights);
    if (st != SDM_OK)
        die("sdm_match_options_weights", st);
    write_file(dir, "weights.f64", weights, k * sizeof *weights);
    sdm_ranking *r = make_ranking(s, a_row, k);
    sdm_match *m;
    st = sdm_match_run(s->f, r, NULL, &m);
    if (st != SDM_OK)
        die("sdm_match_run", st);
    double tie = sdm_match_tie_tolerance(m);
    write_file(dir, "tie.f64", &tie, sizeof tie);
    sdm_match_free(m);
    sdm_ranking_free(r);
    char path[4096];
    snprintf(path, sizeof path, "%s/by_name.txt", dir);
    FILE *fp = fopen(path, "w");
    if (!fp)
        die_msg("cannot write by_name.txt");
    for (size_t j = 0; j < meds; j++)
        fprintf(fp, "%s\n", sdm_profile_id(sdm_formulary_profile(s->f, order[j])));
    if (fclose(fp) != 0)
        die_msg("cannot write by_name.txt");
    free(severity);
    free(order);
}

static int run_batch(const args *a)
{
    setup s;
    setup_default(&s);
    size_t n = a->rows, k = a->k;
    if (k < 1 || k > s.items || k > SDM_MAX_RANK)
        die_msg("--k is out of range");
    int32_t *rows = xmalloc(n * k * sizeof *rows);
    int32_t *best = xmalloc(n * sizeof *best);
    double *scores = xmalloc(n * sizeof *scores);
    random_rankings(rows, n, k, s.items, a->seed);

    /* One untimed call first: page in the output arrays and warm the code. */
    sdm_status st = sdm_match_batch(s.f, NULL, rows, n, k, 1, best, scores);
    if (st != SDM_OK)
        die("sdm_match_batch", st);
    size_t repeat = a->repeat ? a->repeat : 1;
    double *seconds = xmalloc(repeat * sizeof *seconds), *cpu = xmalloc(repeat * sizeof *cpu);
    for (size_t i = 0; i < repeat; i++) {
        double t0 = now(), c0 = cpu_now();
        st = sdm_match_batch(s.f, NULL, rows, n, k, 1, best, scores);
        cpu[i] = cpu_now() - c0;
        seconds[i] = now() - t0;
        if (st != SDM_OK)
            die("sdm_match_batch", st);
    }
    qsort(seconds, repeat, sizeof *seconds, cmp_double);
    qsort(cpu, repeat, sizeof *cpu, cmp_double);
    verify_rows(&s, rows, k, a->verify < n ? a->verify : n, best, scores);

    /* A checksum of the results, so runs can be compared at a glance. */
    uint64_t sum = 0;
    for (size_t r = 0; r < n; r++)
        sum = sum * 31 + (uint64_t)best[r];
    printf("batch rows=%zu k=%zu medicines=%zu repeat=%zu best_s=%.6f median_s=%.6f ns_per_ranking=%.2f "
           "cpu_ns_per_ranking=%.2f rankings_per_s=%.0f verified=%zu checksum=%016" PRIx64 "\n",
           n, k, s.meds, repeat, seconds[0], seconds[repeat / 2], seconds[0] * 1e9 / (double)(n ? n : 1),
           cpu[0] * 1e9 / (double)(n ? n : 1),
           seconds[0] > 0 ? (double)n / seconds[0] : 0.0, a->verify < n ? a->verify : n, sum);

    if (a->out) {
        write_file(a->out, "rankings.i32", rows, n * k * sizeof *rows);
        write_file(a->out, "best.i32", best, n * sizeof *best);
        write_file(a->out, "scores.f64", scores, n * sizeof *scores);
        char path[4096];
        snprintf(path, sizeof path, "%s/medicines.txt", a->out);
        FILE *fp = fopen(path, "w");
        if (!fp)
            die_msg("cannot write medicines.txt");
        for (size_t m = 0; m < s.meds; m++)
            fprintf(fp, "%s\n", sdm_profile_id(sdm_formulary_profile(s.f, m)));
        if (fclose(fp) != 0)
            die_msg("cannot write medicines.txt");
        write_model(&s, a->out, k, rows);
    }
    free(seconds);
    free(cpu);
    free(scores);
    free(best);
    free(rows);
    setup_free(&s);
    return 0;
}

/* ---- 3. the exhaustive run --------------------------------------------------- */

/* Every ordered (i0, i1, i2, i3, i4) of `items` side effects with this i0
 * and i1, row-major; returns how many. */
static size_t chunk_rows(int32_t *rows, int32_t i0, int32_t i1, int32_t items)
{
    size_t n = 0;
    for (int32_t i2 = 0; i2 < items; i2++) {
        if (i2 == i0 || i2 == i1)
            continue;
        for (int32_t i3 = 0; i3 < items; i3++) {
            if (i3 == i0 || i3 == i1 || i3 == i2)
                continue;
            for (int32_t i4 = 0; i4 < items; i4++) {
                if (i4 == i0 || i4 == i1 || i4 == i2 || i4 == i3)
                    continue;
                int32_t *row = &rows[n++ * 5];
                row[0] = i0;
                row[1] = i1;
                row[2] = i2;
                row[3] = i3;
                row[4] = i4;
            }
        }
    }
    return n;
}

/* The credit of first place in units of 1/SHARE_UNIT: a tie of t medicines
 * gives each SHARE_UNIT / t, exactly, for every t up to 19 (the default
 * data's medicines); more medicines tied share with a remainder, counted. */
#define SHARE_UNIT UINT64_C(232792560) /* lcm(1, ..., 19) */

/* Who comes first in one chunk with the credit of ties shared: the rows with
 * t > 1 tied for first, grouped by t, again with top = t. */
static void share_chunk(const setup *s, const sdm_match_options *o, const int32_t *rows, size_t n,
                        const int32_t *best, const int32_t *tied,
                        int32_t *again, int32_t *places, size_t *by_t, uint64_t *credit, uint64_t *remainder)
{
    size_t start[SDM_MAX_MEDICATIONS + 2] = {0};
    for (size_t r = 0; r < n; r++) {
        if (tied[r] == 1)
            credit[best[r]] += SHARE_UNIT;
        else
            start[tied[r] + 1]++;
    }
    size_t most = 0;
    for (size_t t = 2; t <= s->meds; t++)
        if (start[t + 1])
            most = t;
    for (size_t t = 1; t <= s->meds; t++)
        start[t + 1] += start[t];
    size_t at[SDM_MAX_MEDICATIONS + 1];
    memcpy(at, start, sizeof at);
    for (size_t r = 0; r < n; r++)
        if (tied[r] > 1)
            by_t[at[tied[r]]++] = r;
    for (size_t t = 2; t <= most; t++) {
        size_t count = start[t + 1] - start[t];
        if (!count)
            continue;
        for (size_t i = 0; i < count; i++)
            memcpy(&again[i * 5], &rows[by_t[start[t] + i] * 5], 5 * sizeof *again);
        int32_t *ranks = places + count * t, *shared = ranks + count * t;
        sdm_status st = sdm_match_batch_ext(s->f, o, again, count, 5, NULL, 0, t, places, NULL, ranks, shared);
        if (st != SDM_OK)
            die("sdm_match_batch_ext", st);
        for (size_t i = 0; i < count * t; i++) {
            if (ranks[i] != 1 || shared[i] != (int32_t)t)
                die_msg("a tie for first is not the same tie with top = t");
            credit[places[i]] += SHARE_UNIT / t;
        }
        *remainder += count * (SHARE_UNIT % t);
    }
}

static int run_exhaustive(const args *a)
{
    setup s;
    setup_default(&s);
    size_t items = a->items ? a->items : s.items;
    const size_t k = 5;
    if (items < k || items > s.items)
        die_msg("--items is out of range (5 to the catalogue's size)");
    sdm_match_options *o = NULL;
    sdm_synthesis rule = SDM_SYNTHESIS_CONSENSUS;
    sdm_status st = sdm_match_options_new(&o);
    if (st == SDM_OK && a->synthesis)
        st = sdm_synthesis_from_id(a->synthesis, &rule);
    if (st == SDM_OK)
        st = sdm_match_options_set_synthesis(o, rule);
    if (st != SDM_OK)
        die("--synthesis", st);
    /* One chunk per ordered pair (first, second): (items-2)(items-3)(items-4) rows. */
    size_t chunk = (items - 2) * (items - 3) * (items - 4);
    int32_t *rows = xmalloc(chunk * k * sizeof *rows);
    int32_t *best = xmalloc(chunk * sizeof *best), *tied = xmalloc(chunk * sizeof *tied);
    uint64_t *firsts = calloc(s.meds, sizeof *firsts), *credit = calloc(s.meds, sizeof *credit);
    if (!firsts || !credit)
        die_msg("out of memory");
    size_t repeat = a->repeat ? a->repeat : 1;
    double *seconds = xmalloc(repeat * sizeof *seconds);
    double in_batch = 0.0, fastest = 0.0;
    uint64_t total = 0, tied_first = 0;
    for (size_t pass = 0; pass < repeat; pass++) {
        memset(firsts, 0, s.meds * sizeof *firsts);
        total = tied_first = 0;
        double pass_in_batch = 0.0;
        double t0 = now();
        for (int32_t i0 = 0; i0 < (int32_t)items; i0++) {
            for (int32_t i1 = 0; i1 < (int32_t)items; i1++) {
                if (i1 == i0)
                    continue;
                size_t n = chunk_rows(rows, i0, i1, (int32_t)items);
                double b0 = now();
                sdm_status st = sdm_match_batch_ext(s.f, o, rows, n, k, NULL, 0, 1, best, NULL, NULL, tied);
                pass_in_batch += now() - b0;
                if (st != SDM_OK)
                    die("sdm_match_batch_ext", st);
                for (size_t r = 0; r < n; r++) {
                    firsts[best[r]]++;
                    tied_first += tied[r] > 1;
                }
                total += n;
            }
        }
        seconds[pass] = now() - t0;
        if (pass == 0 || seconds[pass] < fastest) { /* the batch share of the fastest pass */
            fastest = seconds[pass];
            in_batch = pass_in_batch;
        }
    }
    uint64_t expected = 1;
    for (size_t c = 0; c < k; c++)
        expected *= items - c;
    uint64_t counted = 0;
    for (size_t m = 0; m < s.meds; m++)
        counted += firsts[m];
    if (total != expected || counted != expected)
        die_msg("the exhaustive run did not count every ranking once");

    /* Once more, sharing the credit of every tie for first. */
    int32_t *again = xmalloc(chunk * k * sizeof *again);
    int32_t *places = xmalloc(3 * chunk * s.meds * sizeof *places);
    size_t *by_t = xmalloc(chunk * sizeof *by_t);
    uint64_t remainder = 0;
    double t0 = now();
    for (int32_t i0 = 0; i0 < (int32_t)items; i0++)
        for (int32_t i1 = 0; i1 < (int32_t)items; i1++) {
            if (i1 == i0)
                continue;
            size_t n = chunk_rows(rows, i0, i1, (int32_t)items);
            sdm_status st = sdm_match_batch_ext(s.f, o, rows, n, k, NULL, 0, 1, best, NULL, NULL, tied);
            if (st != SDM_OK)
                die("sdm_match_batch_ext", st);
            share_chunk(&s, o, rows, n, best, tied, again, places, by_t, credit, &remainder);
        }
    double share_s = now() - t0;
    uint64_t credited = remainder;
    for (size_t m = 0; m < s.meds; m++)
        credited += credit[m];
    if (credited != expected * SHARE_UNIT)
        die_msg("the shared credit does not add up to one per ranking");

    qsort(seconds, repeat, sizeof *seconds, cmp_double);
    printf("exhaustive items=%zu k=%zu rankings=%" PRIu64 " calls=%zu repeat=%zu best_s=%.6f median_s=%.6f "
           "batch_s=%.6f ns_per_ranking=%.2f tied_first=%" PRIu64 " share_s=%.6f synthesis=%s\n",
           items, k, total, items * (items - 1), repeat, seconds[0], seconds[repeat / 2], in_batch,
           seconds[0] * 1e9 / (double)total, tied_first, share_s, sdm_synthesis_id(rule));
    for (size_t m = 0; m < s.meds; m++)
        /* The name last: it may hold spaces. */
        printf("first id=%s count=%" PRIu64 " share=%.6f shared=%.6f shared_share=%.6f name=%s\n",
               sdm_profile_id(sdm_formulary_profile(s.f, m)), firsts[m], (double)firsts[m] / (double)total,
               (double)credit[m] / (double)SHARE_UNIT, (double)credit[m] / (double)SHARE_UNIT / (double)total,
               sdm_profile_name(sdm_formulary_profile(s.f, m)));
    sdm_match_options_free(o);
    free(by_t);
    free(places);
    free(again);
    free(seconds);
    free(credit);
    free(firsts);
    free(tied);
    free(best);
    free(rows);
    setup_free(&s);
    return 0;
}

/* ---- 7. the cost-growth table ------------------------------------------------ */

/*
 * sdm-bench growth [--rows N] [--rounds R] [--verify V] [--data FILE]
 *
 * Every case of the table below on the same random rows, in one run: each
 * round runs every case once, in an order that turns by one case each round
 * (so that none always follows the same one), after one untimed round. Per
 * case: the median over the rounds of its time per ranking as a ratio to the
 * default top-1 batch's in the same round, with the range, and the median
 * time. Single-thread cases are timed in CPU time of the thread (which other
 * processes on a shared machine do not inflate); the threaded ones, and the
 * default against which they are compared, in wall-clock time. Every result of
 * the first V rows of every case is checked against sdm_match_run() (the
 * medicine, the score to the last bit, the rank and the count of the tie).
 * --data: a formulary of format 1 (tests/data/formulary-2026.11.json), which
 * the cases with more medicines copy (each copy's ratings turned round the
 * catalogue by its number, and a name and id of its own) up to 33, 200 and 2,000.
 */

typedef sdm_status threads_fn(const sdm_formulary *, const sdm_match_options *, const int32_t *, size_t, size_t,
                              const int32_t *, size_t, size_t, int32_t *, double *, int32_t *, int32_t *, size_t);

typedef struct gcase {
    const char *name;   /* the key of the case, for run.sh */
    const char *label;  /* what it is, for BENCHMARKS.md */
    const sdm_formulary *f;
    const setup *s;     /* the catalogue, to verify */
    sdm_match_options *o;
    const int32_t *rows, *helpful;
    size_t n, k, h, top;
    int ext;            /* ranks and ties asked for */
    size_t threads;     /* 0: sdm_match_batch_ext on one thread; else sdm_match_batch_threads */
    int floor;          /* the streaming loop, not a batch */
    int setup_only;     /* one row: the cost of a call's plan */
    int32_t *best, *ranks, *tied;
    double *scores;
    double *cpu, *wall; /* per round */
    int available;
} gcase;

static threads_fn *batch_threads;

/* A loop that only streams what the batch reads and writes: the rows in, a
 * medicine and a score per row out (the floor of this machine's memory). */
static void stream_floor(const int32_t *rows, size_t n, size_t k, int32_t *best, double *scores)
{
    for (size_t r = 0; r < n; r++) {
        int32_t x = 0;
        for (size_t c = 0; c < k; c++)
            x ^= rows[r * k + c];
        best[r] = x;
        scores[r] = (double)x;
    }
}

static sdm_status run_case(gcase *c)
{
    if (c->floor) {
        stream_floor(c->rows, c->n, c->k, c->best, c->scores);
        return SDM_OK;
    }
    if (c->threads)
        return batch_threads(c->f, c->o, c->rows, c->n, c->k, c->helpful, c->h, c->top, c->best, c->scores,
                             c->ranks, c->tied, c->threads);
    if (!c->ext && c->h == 0)
        return sdm_match_batch(c->f, c->o, c->rows, c->n, c->k, c->top, c->best, c->scores);
    return sdm_match_batch_ext(c->f, c->o, c->rows, c->n, c->k, c->helpful, c->h, c->top, c->best, c->scores,
                               c->ext ? c->ranks : NULL, c->ext ? c->tied : NULL);
}

/* Every place of the first `count` rows against sdm_match_run(). */
static void verify_case(const gcase *c, size_t count)
{
    const sdm_catalogue *cat = c->s->cat;
    for (size_t r = 0; r < count && r < c->n; r++) {
        sdm_ranking *ranking;
        sdm_status st = sdm_ranking_new(cat, &ranking);
        if (st == SDM_OK)
            st = sdm_ranking_set_max_rank(ranking, (int)c->k);
        for (size_t j = 0; st == SDM_OK && j < c->k && c->rows[r * c->k + j] >= 0; j++)
            st = sdm_ranking_avoid(ranking, sdm_catalogue_id(cat, (size_t)c->rows[r * c->k + j]), (int)j + 1);
        for (size_t j = 0; st == SDM_OK && j < c->h && c->helpful[r * c->h + j] >= 0; j++)
            st = sdm_ranking_helpful(ranking, sdm_catalogue_id(cat, (size_t)c->helpful[r * c->h + j]));
        sdm_match *m = NULL;
        if (st == SDM_OK)
            st = sdm_match_run(c->f, ranking, c->o, &m);
        if (st != SDM_OK)
            die("sdm_match_run", st);
        for (size_t j = 0; j < c->top; j++) {
            size_t at = r * c->top + j;
            int ok;
            if (j >= sdm_match_count(m)) {
                ok = c->best[at] == -1 && isnan(c->scores[at]) && (!c->ext || (c->ranks[at] == 0 && c->tied[at] == 0));
            } else {
                int rank = sdm_match_rank(m, j);
                int32_t sharing = 0;
                for (size_t i = 0; i < sdm_match_count(m); i++)
                    sharing += sdm_match_rank(m, i) == rank;
                ok = c->best[at] >= 0 && sdm_formulary_profile(c->f, (size_t)c->best[at]) == sdm_match_profile(m, j) &&
                     c->scores[at] == sdm_match_score(m, j) &&
                     (!c->ext || (c->ranks[at] == rank && c->tied[at] == sharing));
            }
            if (!ok) {
                fprintf(stderr, "sdm-bench: growth case %s, row %zu, place %zu differs from sdm_match_run\n", c->name,
                        r, j);
                exit(1);
            }
        }
        sdm_match_free(m);
        sdm_ranking_free(ranking);
    }
}

/* The format-1 formulary at `path` with its medicines copied up to `count`
 * (see above), or NULL when `path` is NULL. */
static sdm_formulary *formulary_of(const setup *s, const char *path, size_t count)
{
    if (!path)
        return NULL;
    json_error_t err;
    json_t *root = json_load_file(path, 0, &err);
    if (!root)
        die_msg("growth: cannot read the --data formulary");
    json_t *meds = json_object_get(root, "medications");
    size_t base = json_array_size(meds);
    const char *items[SDM_MAX_ITEMS];
    for (size_t i = 0; i < s->items; i++)
        items[i] = sdm_catalogue_id(s->cat, i);
    for (size_t copy = base; copy < count; copy++) {
        json_t *from = json_array_get(meds, copy % base), *med = json_deep_copy(from);
        size_t turn = copy / base;
        char text[160];
        snprintf(text, sizeof text, "%s_%zu", json_string_value(json_object_get(from, "id")), turn);
        json_object_set_new(med, "id", json_string(text));
        snprintf(text, sizeof text, "%s %zu", json_string_value(json_object_get(from, "name")), turn);
        json_object_set_new(med, "name", json_string(text));
        json_t *ratings = json_object_get(from, "ratings"), *turned = json_object();
        for (size_t i = 0; i < s->items; i++)
            json_object_set(turned, items[i], json_object_get(ratings, items[(i + turn) % s->items]));
        json_object_set_new(med, "ratings", turned);
        json_array_append_new(meds, med);
    }
    char *text = json_dumps(root, JSON_COMPACT);
    json_decref(root);
    sdm_formulary *f;
    sdm_status st = sdm_formulary_load_json(s->cat, text, strlen(text), &f);
    free(text);
    if (st != SDM_OK)
        die("growth: the copied formulary", st);
    return f;
}

/* n rows of k columns: half the rows (every other one) end early, after 1 to k - 1 side effects. */
static int32_t *short_rows(const int32_t *full, size_t n, size_t k, uint64_t seed)
{
    rng r;
    rng_seed(&r, seed);
    int32_t *rows = xmalloc(n * k * sizeof *rows);
    memcpy(rows, full, n * k * sizeof *rows);
    for (size_t row = 1; row < n; row += 2) {
        size_t len = 1 + rng_below(&r, (uint32_t)(k - 1));
        for (size_t c = len; c < k; c++)
            rows[row * k + c] = -1;
    }
    return rows;
}

static double median_of(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

#define GROWTH_CASES 24

static int run_growth(const args *a)
{
    setup s;
    setup_default(&s);
    void *symbol = dlsym(RTLD_DEFAULT, "sdm_match_batch_threads"); /* absent from libraries before 0.2 */
    memcpy(&batch_threads, &symbol, sizeof symbol);
    size_t n = a->rows, rounds = a->repeat < 3 ? 3 : a->repeat, big_n = n / 10 ? n / 10 : n;
    const size_t kmax = 5, h = 2;
    /* The full rows: k + h distinct side effects, ranked first then helpful. */
    int32_t *both = xmalloc(n * (kmax + h) * sizeof *both);
    random_rankings(both, n, kmax + h, s.items, a->seed);
    int32_t *rows[kmax + 1], *helpful = xmalloc(n * h * sizeof *helpful);
    for (size_t k = 1; k <= kmax; k++) {
        rows[k] = xmalloc(n * k * sizeof *rows[k]);
        for (size_t r = 0; r < n; r++)
            memcpy(&rows[k][r * k], &both[r * (kmax + h)], k * sizeof *both);
    }
    for (size_t r = 0; r < n; r++)
        memcpy(&helpful[r * h], &both[r * (kmax + h) + kmax], h * sizeof *both);
    int32_t *half_short = short_rows(rows[5], n, 5, a->seed + 1);
    sdm_match_options *exclude = NULL;
    sdm_status st = sdm_match_options_new(&exclude);
    if (st == SDM_OK)
        st = sdm_match_options_set_unknown_policy(exclude, SDM_UNKNOWN_EXCLUDE);
    if (st != SDM_OK)
        die("sdm_match_options", st);
    sdm_formulary *f33 = formulary_of(&s, a->data, 33), *f200 = formulary_of(&s, a->data, 200);
    sdm_formulary *f2000 = formulary_of(&s, a->data, 2000);

    gcase cases[GROWTH_CASES];
    size_t count = 0;
#define CASE(...) (cases[count++] = (gcase){__VA_ARGS__, .s = &s, .available = 1})
    CASE(.name = "default", .label = "default: k = 5, top 1, 19 medicines", .f = s.f, .rows = rows[5], .n = n, .k = 5,
         .top = 1);
    CASE(.name = "k1", .label = "k = 1", .f = s.f, .rows = rows[1], .n = n, .k = 1, .top = 1);
    CASE(.name = "k2", .label = "k = 2", .f = s.f, .rows = rows[2], .n = n, .k = 2, .top = 1);
    CASE(.name = "k3", .label = "k = 3", .f = s.f, .rows = rows[3], .n = n, .k = 3, .top = 1);
    CASE(.name = "k4", .label = "k = 4", .f = s.f, .rows = rows[4], .n = n, .k = 4, .top = 1);
    CASE(.name = "short", .label = "half the rows end early (-1 after 1 to 4 side effects)", .f = s.f,
         .rows = half_short, .n = n, .k = 5, .top = 1);
    CASE(.name = "tied", .label = "top 1 with ranks and counts of ties (`sdm_match_batch_ext`)", .f = s.f,
         .rows = rows[5], .n = n, .k = 5, .top = 1, .ext = 1);
    CASE(.name = "top2", .label = "top = 2", .f = s.f, .rows = rows[5], .n = n, .k = 5, .top = 2);
    CASE(.name = "top3", .label = "top = 3", .f = s.f, .rows = rows[5], .n = n, .k = 5, .top = 3);
    CASE(.name = "top3_ext", .label = "top = 3 with ranks and counts of ties", .f = s.f, .rows = rows[5], .n = n,
         .k = 5, .top = 3, .ext = 1);
    CASE(.name = "top19", .label = "top = 19 (every medicine)", .f = s.f, .rows = rows[5], .n = n, .k = 5, .top = 19);
    CASE(.name = "exclude", .label = "unknown = exclude", .f = s.f, .o = exclude, .rows = rows[5], .n = n, .k = 5,
         .top = 1);
    CASE(.name = "helpful", .label = "2 helpful side effects", .f = s.f, .rows = rows[5], .helpful = helpful, .n = n,
         .k = 5, .h = h, .top = 1);
    if (f33) {
        CASE(.name = "meds33", .label = "33 medicines", .f = f33, .rows = rows[5], .n = n, .k = 5, .top = 1);
        CASE(.name = "meds200", .label = "200 medicines", .f = f200, .rows = rows[5], .n = big_n, .k = 5, .top = 1);
        CASE(.name = "meds2000", .label = "2,000 medicines", .f = f2000, .rows = rows[5], .n = big_n / 10 ? big_n / 10 : 1,
             .k = 5, .top = 1);
        CASE(.name = "setup2000", .label = "one row, 2,000 medicines: the plan of a call", .f = f2000, .rows = rows[5],
             .n = 1, .k = 5, .top = 1, .setup_only = 1);
    }
    CASE(.name = "setup19", .label = "one row, 19 medicines: the plan of a call", .f = s.f, .rows = rows[5], .n = 1,
         .k = 5, .top = 1, .setup_only = 1);
    for (size_t t = 1; t <= 2; t++)
        CASE(.name = t == 1 ? "threads1" : "threads2",
             .label = t == 1 ? "`sdm_match_batch_threads`, 1 thread" : "`sdm_match_batch_threads`, 2 threads",
             .f = s.f, .rows = rows[5], .n = n, .k = 5, .top = 1, .threads = t);
    CASE(.name = "floor", .label = "floor: a loop that only streams the same bytes (rows in, medicine and score out)",
         .f = s.f, .rows = rows[5], .n = n, .k = 5, .top = 1, .floor = 1);
#undef CASE
    for (size_t i = 0; i < count; i++) {
        gcase *c = &cases[i];
        c->best = xmalloc(c->n * c->top * sizeof *c->best);
        c->ranks = xmalloc(c->n * c->top * sizeof *c->ranks);
        c->tied = xmalloc(c->n * c->top * sizeof *c->tied);
        c->scores = xmalloc(c->n * c->top * sizeof *c->scores);
        c->cpu = xmalloc(rounds * sizeof *c->cpu);
        c->wall = xmalloc(rounds * sizeof *c->wall);
        if (c->threads && !batch_threads)
            c->available = 0;
    }
    /* A round untimed, to warm up and to check every result. */
    for (size_t i = 0; i < count; i++) {
        if (!cases[i].available)
            continue;
        st = run_case(&cases[i]);
        if (st != SDM_OK)
            die(cases[i].name, st);
        if (!cases[i].floor)
            verify_case(&cases[i], a->verify);
    }
    for (size_t round = 0; round < rounds; round++)
        for (size_t j = 0; j < count; j++) {
            gcase *c = &cases[(j + round) % count];
            if (!c->available)
                continue;
            double t0 = now(), c0 = cpu_now();
            st = run_case(c);
            c->cpu[round] = cpu_now() - c0;
            c->wall[round] = now() - t0;
            if (st != SDM_OK)
                die(c->name, st);
        }
    /* The threaded cases' results equal the single-threaded default's, bit for bit. */
    for (size_t i = 0; i < count; i++)
        if (cases[i].threads && cases[i].available &&
            (memcmp(cases[i].best, cases[0].best, n * sizeof *cases[0].best) != 0 ||
             memcmp(cases[i].scores, cases[0].scores, n * sizeof *cases[0].scores) != 0))
            die_msg("growth: the threaded batch differs from the single-threaded one");
    const gcase *d = &cases[0];
    double *ratio = xmalloc(rounds * sizeof *ratio), *ns = xmalloc(rounds * sizeof *ns);
    for (size_t i = 0; i < count; i++) {
        const gcase *c = &cases[i];
        if (!c->available) {
            printf("growth case=%s status=skipped reason=no sdm_match_batch_threads in this library label=%s\n",
                   c->name, c->label);
            continue;
        }
        int wall = c->threads != 0;
        for (size_t r = 0; r < rounds; r++) {
            double mine = (wall ? c->wall[r] : c->cpu[r]) / (double)c->n;
            double base = (wall ? d->wall[r] : d->cpu[r]) / (double)d->n;
            ratio[r] = mine / base;
            ns[r] = mine * 1e9;
        }
        double lo = ratio[0], hi = ratio[0];
        for (size_t r = 1; r < rounds; r++) {
            lo = ratio[r] < lo ? ratio[r] : lo;
            hi = ratio[r] > hi ? ratio[r] : hi;
        }
        printf("growth case=%s rows=%zu k=%zu h=%zu top=%zu medicines=%zu threads=%zu rounds=%zu clock=%s "
               "ns_per_ranking=%.2f ratio=%.3f ratio_low=%.3f ratio_high=%.3f label=%s\n",
               c->name, c->n, c->k, c->h, c->top, sdm_formulary_count(c->f), c->threads ? c->threads : 1, rounds,
               wall ? "wall" : "cpu", median_of(ns, rounds), median_of(ratio, rounds), lo, hi, c->label);
    }
    free(ratio);
    free(ns);
    for (size_t i = 0; i < count; i++) {
        free(cases[i].best);
        free(cases[i].ranks);
        free(cases[i].tied);
        free(cases[i].scores);
        free(cases[i].cpu);
        free(cases[i].wall);
    }
    sdm_formulary_free(f33);
    sdm_formulary_free(f200);
    sdm_formulary_free(f2000);
    sdm_match_options_free(exclude);
    for (size_t k = 1; k <= kmax; k++)
        free(rows[k]);
    free(half_short);
    free(helpful);
    free(both);
    setup_free(&s);
    return 0;
}

/* ---- 6. one call, for callgrind ---------------------------------------------- */

static int run_callgrind(const args *a)
{
    setup s;
    setup_default(&s);
    size_t n = a->rows, k = 5;
    int32_t *rows = xmalloc(n * k * sizeof *rows);
    int32_t *best = xmalloc(n * sizeof *best);
    double *scores = xmalloc(n * sizeof *scores);
    random_rankings(rows, n, k, s.items, a->seed);
    sdm_status st = sdm_match_batch(s.f, NULL, rows, n, k, 1, best, scores);
    if (st != SDM_OK)
        die("sdm_match_batch", st);
    printf("callgrind rows=%zu k=%zu medicines=%zu\n", n, k, s.meds);
    free(scores);
    free(best);
    free(rows);
    setup_free(&s);
    return 0;
}

int main(int argc, char **argv)
{
    args a = {
        .iterations = 100000,
        .rows = 1000000,
        .k = 5,
        .repeat = 5,
        .verify = 1000,
        .items = 0,
        .seed = 20261106,
        .out = NULL,
        .synthesis = NULL,
        .data = NULL,
    };
    if (argc < 2) {
        fprintf(stderr, "usage: %s latency|batch|exhaustive|growth|callgrind|ehr|ehr-callgrind [flags]  (see tests/bench/bench.c)\n", argv[0]);
        return 2;
    }
    parse_args(argc, argv, &a);
    if (strcmp(argv[1], "latency") == 0)
        return run_latency(&a);
    if (strcmp(argv[1], "batch") == 0)
        return run_batch(&a);
    if (strcmp(argv[1], "exhaustive") == 0)
        return run_exhaustive(&a);
    if (strcmp(argv[1], "growth") == 0)
        return run_growth(&a);
    if (strcmp(argv[1], "callgrind") == 0)
        return run_callgrind(&a);
    if (strcmp(argv[1], "ehr") == 0 || strcmp(argv[1], "ehr-callgrind") == 0)
        return sdm_bench_ehr(a.iterations, a.repeat, a.seed, strcmp(argv[1], "ehr-callgrind") == 0);
    fprintf(stderr, "sdm-bench: unknown command '%s'\n", argv[1]);
    return 2;
}
