/*
 * libsdm - benchmark of the acceptability analysis (SMAA-2, issue 14).
 *
 *   sdm-bench-acceptability single [--rounds R]
 *       the README's quick-start person, 10,000 scenarios (the default), over
 *       the default formulary: R rounds, each timing sdm_acceptability_run()
 *       and then the population form on the same one row (interleaved, so
 *       both see the same machine); the median and the minimum of each, wall
 *       clock and CPU time of the thread.
 *   sdm-bench-acceptability population [--rows N] [--scenarios S] [--repeat R] [--out DIR]
 *       N random 5-item rankings (xoshiro256**, fixed seed) through
 *       sdm_acceptability_batch(), best of R; scenarios per second. With
 *       --out, writes DIR/acceptability.json (the model: every medicine's
 *       reading values on every side effect, the severities, the rows, the C
 *       shares) for tests/bench/acceptability.py, the numpy version.
 *
 * Output: one line `what key=value ...` per measurement, read by run.sh.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sdm/sdm.h>

static void die(const char *what, sdm_status st)
{
    fprintf(stderr, "sdm-bench-acceptability: %s: %s: %s\n", what, sdm_strerror(st), sdm_last_error());
    exit(1);
}

static double clock_s(clockid_t id)
{
    struct timespec t;
    clock_gettime(id, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

/* xoshiro256** seeded by splitmix64: the same rankings on every machine. */
static uint64_t state[4];

static uint64_t next(void)
{
    uint64_t r = ((state[1] * 5) << 7 | (state[1] * 5) >> 57) * 9, t = state[1] << 17;
    state[2] ^= state[0];
    state[3] ^= state[1];
    state[1] ^= state[2];
    state[0] ^= state[3];
    state[2] ^= t;
    state[3] = state[3] << 45 | state[3] >> 19;
    return r;
}

static void seed(uint64_t x)
{
    for (int i = 0; i < 4; i++) {
        uint64_t z = (x += 0x9e3779b97f4a7c15u);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
        state[i] = z ^ (z >> 31);
    }
}

/* n rows of k distinct side effects out of `items` (a partial Fisher-Yates per row). */
static void random_rows(int32_t *out, size_t n, size_t k, size_t items)
{
    int32_t perm[SDM_MAX_ITEMS];
    seed(14);
    for (size_t i = 0; i < items; i++)
        perm[i] = (int32_t)i;
    for (size_t row = 0; row < n; row++)
        for (size_t c = 0; c < k; c++) {
            size_t j = c + (size_t)(((next() >> 32) * (uint64_t)(items - c)) >> 32);
            int32_t t = perm[c];
            perm[c] = perm[j];
            perm[j] = t;
            out[row * k + c] = perm[c];
        }
}

typedef struct setup {
    sdm_catalogue *cat;
    sdm_formulary *f;
    sdm_ranking *person;
    int32_t row[5];
    int32_t helpful[1];
} setup;

static void setup_default(setup *s)
{
    static const char *const avoid[] = {"weight_gain", "day_sleepiness", "stiff_muscles", "less_sex_drive",
                                        "dry_mouth"};
    sdm_status st;
    if ((st = sdm_catalogue_default(&s->cat)) || (st = sdm_formulary_default(s->cat, &s->f)) ||
        (st = sdm_ranking_new(s->cat, &s->person)))
        die("default data", st);
    for (int i = 0; i < 5; i++) {
        size_t index = 0;
        if ((st = sdm_ranking_avoid(s->person, avoid[i], i + 1)) || (st = sdm_catalogue_find(s->cat, avoid[i], &index)))
            die("the quick-start person", st);
        s->row[i] = (int32_t)index;
    }
    size_t night = 0;
    if ((st = sdm_ranking_helpful(s->person, "night_sleepiness")) || (st = sdm_catalogue_find(s->cat, "night_sleepiness", &night)))
        die("the quick-start person", st);
    s->helpful[0] = (int32_t)night;
}

static void setup_free(setup *s)
{
    sdm_ranking_free(s->person);
    sdm_formulary_free(s->f);
    sdm_catalogue_free(s->cat);
}

static size_t arg_size(int argc, char **argv, const char *flag, size_t fallback)
{
    for (int i = 2; i + 1 < argc; i++)
        if (strcmp(argv[i], flag) == 0)
            return (size_t)strtoull(argv[i + 1], NULL, 10);
    return fallback;
}

static const char *arg_text(int argc, char **argv, const char *flag)
{
    for (int i = 2; i + 1 < argc; i++)
        if (strcmp(argv[i], flag) == 0)
            return argv[i + 1];
    return NULL;
}

static int run_single(int argc, char **argv)
{
    size_t rounds = arg_size(argc, argv, "--rounds", 101);
    setup s;
    setup_default(&s);
    size_t meds = sdm_formulary_count(s.f);
    double *wall = calloc(rounds, sizeof *wall), *cpu = calloc(rounds, sizeof *cpu);
    double *bwall = calloc(rounds, sizeof *bwall), *first = calloc(meds, sizeof *first);
    if (!wall || !cpu || !bwall || !first)
        die("memory", SDM_ERR_NO_MEMORY);
    size_t assessed = 0;
    for (size_t r = 0; r < rounds; r++) {
        sdm_acceptability *a = NULL;
        double w0 = clock_s(CLOCK_MONOTONIC), c0 = clock_s(CLOCK_THREAD_CPUTIME_ID);
        sdm_status st = sdm_acceptability_run(s.f, s.person, NULL, &a);
        double c1 = clock_s(CLOCK_THREAD_CPUTIME_ID), w1 = clock_s(CLOCK_MONOTONIC);
        if (st)
            die("sdm_acceptability_run", st);
        wall[r] = w1 - w0;
        cpu[r] = c1 - c0;
        assessed = sdm_acceptability_count(a);
        double b0 = clock_s(CLOCK_THREAD_CPUTIME_ID);
        st = sdm_acceptability_batch(s.f, NULL, s.row, 1, 5, s.helpful, 1, first, NULL);
        bwall[r] = clock_s(CLOCK_THREAD_CPUTIME_ID) - b0;
        if (st)
            die("sdm_acceptability_batch", st);
        for (size_t i = 0; i < assessed; i++)
            if (first[sdm_acceptability_formulary_index(a, i)] != sdm_acceptability_first(a, i))
                die("the population form differs from sdm_acceptability_run", SDM_ERR_INVALID_ARGUMENT);
        sdm_acceptability_free(a);
    }
    double wall_median = median(wall, rounds), cpu_median = median(cpu, rounds), batch_median = median(bwall, rounds);
    printf("acceptability_single rounds=%zu scenarios=%d medicines=%zu median_ms=%.3f min_ms=%.3f cpu_median_ms=%.3f "
           "cpu_min_ms=%.3f batch_cpu_median_ms=%.3f\n",
           rounds, SDM_ACCEPTABILITY_DEFAULT_SCENARIOS, assessed, wall_median * 1e3, wall[0] * 1e3, cpu_median * 1e3,
           cpu[0] * 1e3, batch_median * 1e3);
    free(wall), free(cpu), free(bwall), free(first);
    setup_free(&s);
    return 0;
}

/* The model the numpy version needs, and the C shares to check it against. */
static void write_model(const setup *s, const char *dir, const int32_t *rows, size_t n, size_t k, size_t scenarios,
                        const double *first)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/acceptability.json", dir);
    FILE *fp = fopen(path, "w");
    if (!fp)
        die(path, SDM_ERR_IO);
    size_t meds = sdm_formulary_count(s->f), items = sdm_catalogue_count(s->cat);
    fprintf(fp, "{\"k\": %zu, \"scenarios\": %zu, \"severity\": [", k, scenarios);
    for (int r = 0; r <= 3; r++)
        fprintf(fp, "%s%.17g", r ? ", " : "", sdm_match_options_severity(NULL, r));
    fprintf(fp, "],\n \"readings\": [");
    for (size_t m = 0; m < meds; m++) {
        const sdm_profile *p = sdm_formulary_profile(s->f, m);
        fprintf(fp, "%s\n  [", m ? "," : "");
        for (size_t e = 0; e < items; e++) {
            fprintf(fp, "%s[", e ? ", " : "");
            for (size_t i = 0; i < sdm_profile_reading_count(p, e); i++)
                fprintf(fp, "%s%d", i ? ", " : "", sdm_reading_value(sdm_profile_reading(p, e, i)));
            fprintf(fp, "]");
        }
        fprintf(fp, "]");
    }
    fprintf(fp, "],\n \"rows\": [");
    for (size_t row = 0; row < n; row++) {
        fprintf(fp, "%s[", row ? ", " : "");
        for (size_t c = 0; c < k; c++)
            fprintf(fp, "%s%d", c ? ", " : "", (int)rows[row * k + c]);
        fprintf(fp, "]");
    }
    fprintf(fp, "],\n \"first\": [");
    for (size_t row = 0; row < n; row++) {
        fprintf(fp, "%s\n  [", row ? "," : "");
        for (size_t m = 0; m < meds; m++) {
            double v = first[row * meds + m];
            if (isnan(v))
                fprintf(fp, "%snull", m ? ", " : "");
            else
                fprintf(fp, "%s%.17g", m ? ", " : "", v);
        }
        fprintf(fp, "]");
    }
    fprintf(fp, "]}\n");
    if (fclose(fp) != 0)
        die(path, SDM_ERR_IO);
}

static int run_population(int argc, char **argv)
{
    size_t n = arg_size(argc, argv, "--rows", 200), scenarios = arg_size(argc, argv, "--scenarios", 10000);
    size_t repeat = arg_size(argc, argv, "--repeat", 3), k = 5;
    const char *out = arg_text(argc, argv, "--out");
    setup s;
    setup_default(&s);
    size_t meds = sdm_formulary_count(s.f);
    int32_t *rows = calloc(n * k, sizeof *rows);
    double *first = calloc(n * meds, sizeof *first), *top3 = calloc(n * meds, sizeof *top3);
    sdm_match_options *o = NULL;
    sdm_status st;
    if (!rows || !first || !top3)
        die("memory", SDM_ERR_NO_MEMORY);
    if ((st = sdm_match_options_new(&o)) || (st = sdm_match_options_set_acceptability(o, scenarios, 2026)))
        die("options", st);
    random_rows(rows, n, k, sdm_catalogue_count(s.cat));
    double best = INFINITY, best_cpu = INFINITY;
    for (size_t r = 0; r < repeat; r++) {
        double t0 = clock_s(CLOCK_MONOTONIC), c0 = clock_s(CLOCK_THREAD_CPUTIME_ID);
        if ((st = sdm_acceptability_batch(s.f, o, rows, n, k, NULL, 0, first, top3)))
            die("sdm_acceptability_batch", st);
        double t = clock_s(CLOCK_MONOTONIC) - t0, c = clock_s(CLOCK_THREAD_CPUTIME_ID) - c0;
        best = t < best ? t : best;
        best_cpu = c < best_cpu ? c : best_cpu;
    }
    printf("acceptability_population rows=%zu k=%zu scenarios=%zu repeat=%zu best_s=%.4f best_cpu_s=%.4f "
           "scenarios_per_s=%.4g cpu_scenarios_per_s=%.4g\n",
           n, k, scenarios, repeat, best, best_cpu, (double)n * (double)scenarios / best,
           (double)n * (double)scenarios / best_cpu);
    if (out)
        write_model(&s, out, rows, n, k, scenarios, first);
    sdm_match_options_free(o);
    free(rows), free(first), free(top3);
    setup_free(&s);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "single") == 0)
        return run_single(argc, argv);
    if (argc >= 2 && strcmp(argv[1], "population") == 0)
        return run_population(argc, argv);
    fprintf(stderr, "usage: sdm-bench-acceptability single [--rounds R] | population [--rows N] [--scenarios S] "
                    "[--repeat R] [--out DIR]\n");
    return 2;
}
