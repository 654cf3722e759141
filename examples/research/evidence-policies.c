/*
 * libsdm research example - how much the way of scoring moves the answer.
 *
 * Over a population of random rankings (five side effects of the 36, drawn
 * uniformly without repetition, a fixed seed), the best medicine of the
 * default formulary (no filter) under:
 *
 *   ordinal/middle   the default: ratings, an unknown cell counts 0.5
 *   numeric/middle   Huhn 2019's numbers where a cell has one (numeric.h)
 *   ordinal/worst    an unknown cell counts as +++
 *   ordinal/mean     an unknown cell counts as its side effect's mean
 *   ordinal/exclude  a medicine with an unknown ranked cell is left out
 *
 * For each it prints how often the first medicine differs from the default's,
 * how often the first medicine has an unknown cell among the person's five
 * (a poorly documented medicine ranked first), each medicine's share of first
 * places, and for ordinal against numeric the commonest changes of first
 * place with the side effects that drive them (the ranked side effects with
 * a Huhn number in those rows).
 *
 * Not wired into the build yet; from a build directory BUILD:
 *   cc -std=c11 -O2 -Iinclude examples/research/evidence-policies.c -LBUILD/lib -lsdm -lm \
 *      -o /tmp/evidence-policies && LD_LIBRARY_PATH=BUILD/lib /tmp/evidence-policies [ROWS] [SEED]
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sdm/sdm.h>

#define K 5
#define MAX_MEDS 64

static uint64_t state;

/* splitmix64: the same rows on every machine for one seed */
static uint64_t next_random(void)
{
    uint64_t z = (state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static void random_rows(int32_t *rows, size_t n, size_t items)
{
    for (size_t r = 0; r < n; r++) {
        int32_t pool[SDM_MAX_ITEMS];
        for (size_t i = 0; i < items; i++)
            pool[i] = (int32_t)i;
        for (size_t c = 0; c < K; c++) {
            size_t pick = c + (size_t)(next_random() % (items - c));
            int32_t x = pool[c];
            pool[c] = pool[pick];
            pool[pick] = x;
            rows[r * K + c] = pool[c];
        }
    }
}

static void check(sdm_status st, const char *what)
{
    if (st != SDM_OK) {
        fprintf(stderr, "%s: %s\n", what, sdm_last_error());
        exit(EXIT_FAILURE);
    }
}

struct policy {
    const char *name;
    sdm_evidence_mode evidence;
    sdm_unknown_policy unknown;
};

/* Whether the best medicine of a row has a ranked cell with no value (no
 * rating, and no number under numeric evidence). */
static int best_has_unknown(const sdm_profile *p, const int32_t *row, sdm_evidence_mode evidence)
{
    for (size_t c = 0; c < K; c++) {
        size_t item = (size_t)row[c];
        int numbered = evidence == SDM_EVIDENCE_NUMERIC && sdm_profile_evidence_count(p, item) > 0;
        if (!numbered && sdm_profile_rating(p, item) == SDM_RATING_UNKNOWN)
            return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 100000;
    state = argc > 2 ? strtoull(argv[2], NULL, 10) : 20261206;
    static const struct policy policies[] = {
        {"ordinal/middle", SDM_EVIDENCE_ORDINAL, SDM_UNKNOWN_MIDDLE},
        {"numeric/middle", SDM_EVIDENCE_NUMERIC, SDM_UNKNOWN_MIDDLE},
        {"ordinal/worst", SDM_EVIDENCE_ORDINAL, SDM_UNKNOWN_WORST},
        {"ordinal/mean", SDM_EVIDENCE_ORDINAL, SDM_UNKNOWN_MEAN},
        {"ordinal/exclude", SDM_EVIDENCE_ORDINAL, SDM_UNKNOWN_EXCLUDE},
        {"numeric/mean", SDM_EVIDENCE_NUMERIC, SDM_UNKNOWN_MEAN},
    };
    enum { POLICIES = sizeof policies / sizeof policies[0] };
    sdm_catalogue *cat;
    sdm_formulary *f;
    check(sdm_catalogue_default(&cat), "catalogue");
    check(sdm_formulary_default(cat, &f), "formulary");
    size_t items = sdm_catalogue_count(cat), meds = sdm_formulary_count(f);
    if (meds > MAX_MEDS)
        return EXIT_FAILURE;
    int32_t *rows = malloc(n * K * sizeof *rows);
    int32_t *best[POLICIES];
    double *scores = malloc(n * sizeof *scores);
    random_rows(rows, n, items);
    for (size_t q = 0; q < POLICIES; q++) {
        sdm_match_options *o;
        check(sdm_match_options_new(&o), "options");
        check(sdm_match_options_set_evidence(o, policies[q].evidence), "evidence");
        check(sdm_match_options_set_unknown_policy(o, policies[q].unknown), "unknown");
        best[q] = malloc(n * sizeof *best[q]);
        check(sdm_match_batch(f, o, rows, n, K, 1, best[q], scores), policies[q].name);
        sdm_match_options_free(o);
    }
    printf("%zu random rankings of %d side effects (seed %s), default formulary %s, no filter\n\n", n, K,
           argc > 2 ? argv[2] : "20261206", sdm_formulary_version(f));
    printf("%-16s %12s %16s %12s\n", "policy", "first moved", "first has ?", "no result");
    for (size_t q = 0; q < POLICIES; q++) {
        size_t moved = 0, unknown = 0, none = 0;
        for (size_t r = 0; r < n; r++) {
            if (best[q][r] < 0) {
                none++;
                continue;
            }
            moved += best[q][r] != best[0][r];
            unknown += best_has_unknown(sdm_formulary_profile(f, (size_t)best[q][r]), &rows[r * K],
                                        policies[q].evidence);
        }
        printf("%-16s %11.1f%% %15.1f%% %11.1f%%\n", policies[q].name, 100.0 * moved / n, 100.0 * unknown / n,
               100.0 * none / n);
    }
    printf("\nshare of first places\n%-16s", "medicine");
    for (size_t q = 0; q < POLICIES; q++)
        printf(" %15s", policies[q].name);
    printf("\n");
    for (size_t m = 0; m < meds; m++) {
        printf("%-16s", sdm_profile_id(sdm_formulary_profile(f, m)));
        for (size_t q = 0; q < POLICIES; q++) {
            size_t count = 0;
            for (size_t r = 0; r < n; r++)
                count += best[q][r] == (int32_t)m;
            printf(" %14.1f%%", 100.0 * count / n);
        }
        printf("\n");
    }
    /* ordinal -> numeric: the commonest changes, and the side effects with a
     * Huhn number among the rows where they happen */
    static size_t pairs[MAX_MEDS][MAX_MEDS];
    size_t *numbered = calloc(items, sizeof *numbered);
    for (size_t r = 0; r < n; r++) {
        int32_t a = best[0][r], b = best[1][r];
        if (a < 0 || b < 0 || a == b)
            continue;
        pairs[a][b]++;
        for (size_t c = 0; c < K; c++)
            if (sdm_profile_evidence_count(sdm_formulary_profile(f, (size_t)b), (size_t)rows[r * K + c]) ||
                sdm_profile_evidence_count(sdm_formulary_profile(f, (size_t)a), (size_t)rows[r * K + c]))
                numbered[rows[r * K + c]]++;
    }
    printf("\nordinal/middle -> numeric/middle: the commonest changes of first place\n");
    for (int shown = 0; shown < 8; shown++) {
        size_t top = 0, ta = 0, tb = 0;
        for (size_t a = 0; a < meds; a++)
            for (size_t b = 0; b < meds; b++)
                if (pairs[a][b] > top) {
                    top = pairs[a][b];
                    ta = a;
                    tb = b;
                }
        if (!top)
            break;
        printf("  %-15s -> %-15s %6.1f%%\n", sdm_profile_id(sdm_formulary_profile(f, ta)),
               sdm_profile_id(sdm_formulary_profile(f, tb)), 100.0 * top / n);
        pairs[ta][tb] = 0;
    }
    printf("ranked side effects with a Huhn number in the rows that changed (count of rows)\n");
    for (int shown = 0; shown < 8; shown++) {
        size_t top = 0, ti = 0;
        for (size_t i = 0; i < items; i++)
            if (numbered[i] > top) {
                top = numbered[i];
                ti = i;
            }
        if (!top)
            break;
        printf("  %-24s %zu\n", sdm_catalogue_id(cat, ti), top);
        numbered[ti] = 0;
    }
    for (size_t q = 0; q < POLICIES; q++)
        free(best[q]);
    free(numbered);
    free(rows);
    free(scores);
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
    return EXIT_SUCCESS;
}
