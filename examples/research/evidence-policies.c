/*
 * libsdm research example - how much the way of scoring moves the answer.
 *
 * Over a population of random rankings (five side effects of the 36, drawn
 * uniformly without repetition from a seed by splitmix64), the medicines
 * first for each ranking over the default formulary (no filter) under:
 *
 *   ordinal/middle   the default: ratings, an unknown cell counts 0.5 (1.5 of 3)
 *   numeric/middle   Huhn 2019's numbers where a cell has one (numeric.h)
 *   ordinal/worst    an unknown cell counts as +++
 *   ordinal/mean     an unknown cell counts as its side effect's mean
 *   ordinal/exclude  a medicine with an unknown ranked cell is left out
 *   numeric/mean     both
 *
 * "First" is every medicine of the library's rank 1 (sdm_match_batch_ext()):
 * a tie for first shares its credit, 1/t to each of the t tied medicines, so
 * that the alphabet (ties are listed by name) counts for nothing. It prints,
 * for each policy, the share of rankings whose first place (the set of
 * medicines tied for it) differs from the default's, the share of first
 * places held by a medicine with an unknown cell among the person's five on
 * a side effect that another medicine has a value for (a poorly documented
 * medicine first; a cell with a number is not unknown under numeric
 * evidence), the share of rankings with a tie for first and with no
 * medicine left; each medicine's share of first places; and, for ordinal
 * against numeric, the commonest changes of first place (ordinal first a,
 * numeric first b, not tied for first under both; a changed ranking's credit
 * shared equally among its pairs) with the
 * side effect that drives each: the ranked side effect whose weighted term
 * moved most in b's favour, w * ((num(a) - num(b)) - (ord(a) - ord(b))), with
 * the values on [0, 1] of a and b on it under each evidence. A medicine's
 * value on a side effect is its score when that side effect is ranked alone
 * (weight 1), so every figure comes from the library.
 *
 * Built (not installed) with the examples; the test research-evidence-policies
 * (examples suite) runs it on a small population and recomputes every figure
 * through the Python binding, one sdm_match_run() per ranking and policy
 * (check-evidence-policies.py), and requires the same text. By hand:
 *   BUILD/examples/research/evidence-policies [ROWS [SEED]]   (100000, 20261206)
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sdm/sdm.h>

#define K 5
#define MAX_MEDS 64
#define CHUNK 1024
#define SHOWN_CHANGES 8
#define SHOWN_DRIVERS 3

static uint64_t state;

/* splitmix64: the same rows on every machine for one seed */
static uint64_t next_random(void)
{
    uint64_t z = (state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* K distinct side effects per row: a partial Fisher-Yates shuffle */
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

static void *allocate(size_t count, size_t size)
{
    void *p = calloc(count, size);
    if (!p) {
        fprintf(stderr, "out of memory\n");
        exit(EXIT_FAILURE);
    }
    return p;
}

struct policy {
    const char *name;
    sdm_evidence_mode evidence;
    sdm_unknown_policy unknown;
};

static sdm_match_options *options_for(const struct policy *p)
{
    sdm_match_options *o;
    check(sdm_match_options_new(&o), "options");
    check(sdm_match_options_set_evidence(o, p->evidence), "evidence");
    check(sdm_match_options_set_unknown_policy(o, p->unknown), "unknown");
    return o;
}

/* The medicines of rank 1 in each of `n` rows of `k` side effects, as bit
 * sets over the formulary (0: no medicine left). Every medicine is kept
 * (top = meds), so no tie for first is cut off. */
static void first_places(const sdm_formulary *f, const sdm_match_options *o, const int32_t *rows, size_t n,
                         size_t k, size_t meds, uint64_t *sets)
{
    int32_t *best = allocate(CHUNK * meds, sizeof *best), *ranks = allocate(CHUNK * meds, sizeof *ranks);
    for (size_t r0 = 0; r0 < n; r0 += CHUNK) {
        size_t m = n - r0 < CHUNK ? n - r0 : CHUNK;
        check(sdm_match_batch_ext(f, o, rows + r0 * k, m, k, NULL, 0, meds, best, NULL, ranks, NULL), "batch");
        for (size_t r = 0; r < m; r++) {
            uint64_t set = 0;
            for (size_t p = 0; p < meds && best[r * meds + p] >= 0 && ranks[r * meds + p] == 1; p++)
                set |= UINT64_C(1) << best[r * meds + p];
            sets[r0 + r] = set;
        }
    }
    free(best);
    free(ranks);
}

/* Each medicine's value on [0, 1] on each side effect under options `o`:
 * its score with that side effect ranked alone (weight 1). values[i * meds + m]. */
static void item_values(const sdm_formulary *f, const sdm_match_options *o, size_t items, size_t meds,
                        double *values)
{
    int32_t *rows = allocate(items, sizeof *rows), *best = allocate(items * meds, sizeof *best);
    double *scores = allocate(items * meds, sizeof *scores);
    for (size_t i = 0; i < items; i++)
        rows[i] = (int32_t)i;
    check(sdm_match_batch_ext(f, o, rows, items, 1, NULL, 0, meds, best, scores, NULL, NULL), "values");
    for (size_t i = 0; i < items; i++)
        for (size_t p = 0; p < meds; p++)
            if (best[i * meds + p] >= 0)
                values[i * meds + (size_t)best[i * meds + p]] = scores[i * meds + p];
    free(rows);
    free(best);
    free(scores);
}

/* The weights of the ranks 1..K (the default scheme), as a match gives them. */
static void rank_weights(const sdm_formulary *f, const sdm_catalogue *cat, double *w)
{
    sdm_ranking *r;
    sdm_match *m;
    check(sdm_ranking_new(cat, &r), "ranking");
    for (size_t c = 0; c < K; c++)
        check(sdm_ranking_avoid(r, sdm_catalogue_id(cat, c), (int)c + 1), "ranking");
    check(sdm_match_run(f, r, NULL, &m), "match");
    for (size_t c = 0; c < K; c++)
        w[c] = sdm_match_term_weight(m, c);
    sdm_match_free(m);
    sdm_ranking_free(r);
}

/* Whether a cell has a value: a rating, or a number under numeric evidence. */
static int known(const sdm_profile *p, size_t item, sdm_evidence_mode evidence)
{
    return sdm_profile_rating(p, item) != SDM_RATING_UNKNOWN ||
           (evidence == SDM_EVIDENCE_NUMERIC && sdm_profile_evidence_count(p, item) > 0);
}

/* Whether a medicine has a ranked cell with no value in a row on a side
 * effect that another medicine of the formulary has a value for (a side
 * effect that no medicine has one for counts alike for all, or leaves none
 * under exclusion: it cannot favour one). */
static int has_unknown(const sdm_formulary *f, size_t m, const int32_t *row, sdm_evidence_mode evidence)
{
    for (size_t c = 0; c < K; c++) {
        size_t item = (size_t)row[c];
        if (known(sdm_formulary_profile(f, m), item, evidence))
            continue;
        for (size_t other = 0; other < sdm_formulary_count(f); other++)
            if (known(sdm_formulary_profile(f, other), item, evidence))
                return 1;
    }
    return 0;
}

static int members(uint64_t set)
{
    int count = 0;
    for (; set; set &= set - 1)
        count++;
    return count;
}

static const char *med_id(const sdm_formulary *f, size_t m)
{
    return sdm_profile_id(sdm_formulary_profile(f, m));
}

/* Whether (a, b) is a change of first place from the set `sa` (ordinal) to
 * `sb` (numeric): a first in `sa`, b in `sb`, and not the two tied for first
 * under both (then nothing changed between them). b's weighted terms then
 * gain on a's in sum (strictly: a left b's tie or b left a's). */
static int changed_pair(uint64_t sa, uint64_t sb, size_t a, size_t b)
{
    int a_first = sa >> a & 1, b_first = sb >> b & 1;
    return a != b && a_first && b_first && !((sb >> a & 1) && (sa >> b & 1));
}

/* The largest cell of an array, and its index. */
static size_t largest(const double *a, size_t count)
{
    size_t top = 0;
    for (size_t i = 1; i < count; i++)
        if (a[i] > a[top])
            top = i;
    return top;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 100000;
    const char *seed = argc > 2 ? argv[2] : "20261206";
    state = strtoull(seed, NULL, 10);
    static const struct policy policies[] = {
        {"ordinal/middle", SDM_EVIDENCE_ORDINAL, SDM_UNKNOWN_MIDDLE},
        {"numeric/middle", SDM_EVIDENCE_NUMERIC, SDM_UNKNOWN_MIDDLE},
        {"ordinal/worst", SDM_EVIDENCE_ORDINAL, SDM_UNKNOWN_WORST},
        {"ordinal/mean", SDM_EVIDENCE_ORDINAL, SDM_UNKNOWN_MEAN},
        {"ordinal/exclude", SDM_EVIDENCE_ORDINAL, SDM_UNKNOWN_EXCLUDE},
        {"numeric/mean", SDM_EVIDENCE_NUMERIC, SDM_UNKNOWN_MEAN},
    };
    enum { POLICIES = sizeof policies / sizeof policies[0] };
    if (n == 0) {
        fprintf(stderr, "usage: %s [ROWS (at least 1) [SEED]]\n", argv[0]);
        return EXIT_FAILURE;
    }
    sdm_catalogue *cat;
    sdm_formulary *f;
    check(sdm_catalogue_default(&cat), "catalogue");
    check(sdm_formulary_default(cat, &f), "formulary");
    size_t items = sdm_catalogue_count(cat), meds = sdm_formulary_count(f);
    if (meds > MAX_MEDS || items < K)
        return EXIT_FAILURE;
    int32_t *rows = allocate(n * K, sizeof *rows);
    uint64_t *first[POLICIES];
    random_rows(rows, n, items);
    for (size_t q = 0; q < POLICIES; q++) {
        sdm_match_options *o = options_for(&policies[q]);
        first[q] = allocate(n, sizeof *first[q]);
        first_places(f, o, rows, n, K, meds, first[q]);
        sdm_match_options_free(o);
    }

    printf("%zu random rankings of %d side effects (seed %s), default formulary %s, no filter;\n"
           "a tie for first shares its credit\n\n",
           n, K, seed, sdm_formulary_version(f));
    printf("%-16s %12s %12s %14s %10s\n", "policy", "first moved", "first has ?", "tie for first", "no result");
    for (size_t q = 0; q < POLICIES; q++) {
        size_t moved = 0, tie = 0, none = 0;
        double unknown = 0;
        for (size_t r = 0; r < n; r++) {
            uint64_t set = first[q][r];
            int t = members(set);
            moved += set != first[0][r];
            none += t == 0;
            tie += t > 1;
            for (size_t m = 0; m < meds; m++)
                if (set >> m & 1)
                    unknown += (double)has_unknown(f, m, &rows[r * K], policies[q].evidence) / t;
        }
        printf("%-16s %11.1f%% %11.1f%% %13.1f%% %9.1f%%\n", policies[q].name, 100.0 * moved / n,
               100.0 * unknown / n, 100.0 * tie / n, 100.0 * none / n);
    }

    printf("\nshare of first places\n%-16s", "medicine");
    for (size_t q = 0; q < POLICIES; q++)
        printf(" %15s", policies[q].name);
    printf("\n");
    for (size_t m = 0; m < meds; m++) {
        printf("%-16s", med_id(f, m));
        for (size_t q = 0; q < POLICIES; q++) {
            double credit = 0;
            for (size_t r = 0; r < n; r++)
                if (first[q][r] >> m & 1)
                    credit += 1.0 / members(first[q][r]);
            printf(" %14.1f%%", 100.0 * credit / n);
        }
        printf("\n");
    }

    /* ordinal -> numeric: each changed ranking shares 1 equally among its
     * pairs (changed_pair()) of ordinal and numeric firsts, and gives each
     * pair's credit to the side effect that drives it. */
    double w[K];
    double *ordinal = allocate(items * meds, sizeof *ordinal), *numeric = allocate(items * meds, sizeof *numeric);
    double *pairs = allocate(meds * meds, sizeof *pairs), *drivers = allocate(meds * meds * items, sizeof *drivers);
    sdm_match_options *oo = options_for(&policies[0]), *on = options_for(&policies[1]);
    rank_weights(f, cat, w);
    item_values(f, oo, items, meds, ordinal);
    item_values(f, on, items, meds, numeric);
    sdm_match_options_free(oo);
    sdm_match_options_free(on);
    for (size_t r = 0; r < n; r++) {
        uint64_t sa = first[0][r], sb = first[1][r];
        if (sa == sb || !sa || !sb)
            continue;
        size_t count = 0;
        for (size_t a = 0; a < meds; a++)
            for (size_t b = 0; b < meds; b++)
                count += changed_pair(sa, sb, a, b);
        double credit = 1.0 / (double)count;
        const int32_t *row = &rows[r * K];
        for (size_t a = 0; a < meds; a++)
            for (size_t b = 0; b < meds; b++) {
                if (!changed_pair(sa, sb, a, b))
                    continue;
                size_t driver = 0;
                double most = 0;
                for (size_t c = 0; c < K; c++) {
                    size_t i = (size_t)row[c];
                    double d = w[c] * ((numeric[i * meds + a] - numeric[i * meds + b]) -
                                       (ordinal[i * meds + a] - ordinal[i * meds + b]));
                    if (c == 0 || d > most) {
                        most = d;
                        driver = i;
                    }
                }
                pairs[a * meds + b] += credit;
                drivers[(a * meds + b) * items + driver] += credit;
            }
    }
    printf("\nordinal/middle -> numeric/middle: the commonest changes of first place (share of all rankings)\n"
           "and the side effects that drive them (share of that change; value of each medicine on it,\n"
           "ordinal -> numeric)\n");
    for (int shown = 0; shown < SHOWN_CHANGES; shown++) {
        size_t top = largest(pairs, meds * meds), a = top / meds, b = top % meds;
        if (pairs[top] <= 0)
            break;
        printf("  %-15s -> %-15s %5.1f%%\n", med_id(f, a), med_id(f, b), 100.0 * pairs[top] / n);
        double *d = &drivers[top * items];
        for (int k = 0; k < SHOWN_DRIVERS; k++) {
            size_t i = largest(d, items);
            if (d[i] <= 0)
                break;
            printf("      %-24s %5.1f%%   %s %.2f -> %.2f, %s %.2f -> %.2f\n", sdm_catalogue_id(cat, i),
                   100.0 * d[i] / pairs[top], med_id(f, a), ordinal[i * meds + a], numeric[i * meds + a],
                   med_id(f, b), ordinal[i * meds + b], numeric[i * meds + b]);
            d[i] = 0;
        }
        pairs[top] = 0;
    }

    for (size_t q = 0; q < POLICIES; q++)
        free(first[q]);
    free(ordinal);
    free(numeric);
    free(pairs);
    free(drivers);
    free(rows);
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
    return EXIT_SUCCESS;
}
