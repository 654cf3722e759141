/*
 * libsdm - helpers shared by the fuzz targets: the built-in data, made once,
 * and the invariants every result must keep. A broken invariant aborts, which
 * libFuzzer (and the replay driver) reports as a crash with its input.
 * SPDX-License-Identifier: MIT
 */
#ifndef SDM_FUZZ_H
#define SDM_FUZZ_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sdm/sdm.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond) do { \
        if (!(cond)) { \
            fprintf(stderr, "%s:%d: invariant broken: %s\n  last error: %s\n", __FILE__, __LINE__, #cond, \
                    sdm_last_error()); \
            abort(); \
        } \
    } while (0)

/* The call must succeed (any failure here is a bug, not bad input). */
#define FUZZ_OK(expr) do { \
        sdm_status st_ = (expr); \
        if (st_ != SDM_OK) { \
            fprintf(stderr, "%s:%d: %s failed: %d (%s): %s\n", __FILE__, __LINE__, #expr, (int)st_, \
                    sdm_strerror(st_), sdm_last_error()); \
            abort(); \
        } \
    } while (0)

/* A failing call must say why. */
static inline void fuzz_failed(sdm_status st)
{
    FUZZ_CHECK(st < 0 && st >= SDM_ERR_LIMIT);
    FUZZ_CHECK(sdm_last_error()[0] != '\0');
}

static inline const sdm_catalogue *fuzz_catalogue(void)
{
    static sdm_catalogue *cat;
    if (!cat)
        FUZZ_OK(sdm_catalogue_default(&cat));
    return cat;
}

static inline const sdm_formulary *fuzz_formulary(void)
{
    static sdm_formulary *form;
    if (!form)
        FUZZ_OK(sdm_formulary_default(fuzz_catalogue(), &form));
    return form;
}

/* Two texts from the library are equal (for JSON round trips). */
static inline void fuzz_same_text(const char *a, const char *b)
{
    if (strcmp(a, b) != 0) {
        fprintf(stderr, "texts differ:\n--- first:\n%s\n--- second:\n%s\n", a, b);
        abort();
    }
}

/* Position of a profile in its formulary. */
static inline size_t fuzz_profile_index(const sdm_formulary *f, const sdm_profile *p)
{
    for (size_t i = 0; i < sdm_formulary_count(f); i++)
        if (sdm_formulary_profile(f, i) == p)
            return i;
    FUZZ_CHECK(!"a profile that is not in its formulary");
    return (size_t)-1;
}

/* Every invariant of a match result (match.h and the design):
 *  - every medicine is ranked or excluded with a reason, exactly once;
 *  - scores are finite and the sum of the contributions;
 *  - ranks are 1-based and follow the scores: tied entries (within
 *    sdm_match_tie_tolerance() of the lowest score of their group) share the
 *    group's rank and are listed by name; the next group scores above all of
 *    them and its rank is its position;
 *  - the terms are the ranked side effects in rank order, then the helpful ones;
 *  - the reason and the JSON of the result can be written. */
static inline void fuzz_check_match(const sdm_match *m, const sdm_formulary *f, const sdm_ranking *r)
{
    size_t n = sdm_match_count(m), x = sdm_match_excluded_count(m), count = sdm_formulary_count(f);
    FUZZ_CHECK(sdm_match_formulary(m) == f);
    FUZZ_CHECK(n + x == count);
    unsigned char *seen = calloc(count ? count : 1, 1);
    FUZZ_CHECK(seen != NULL);
    for (size_t i = 0; i < n; i++) {
        size_t at = fuzz_profile_index(f, sdm_match_profile(m, i));
        FUZZ_CHECK(!seen[at]);
        seen[at] = 1;
    }
    for (size_t i = 0; i < x; i++) {
        size_t at = fuzz_profile_index(f, sdm_match_excluded_profile(m, i));
        FUZZ_CHECK(!seen[at]);
        seen[at] = 1;
        const char *why = sdm_match_excluded_reason(m, i);
        FUZZ_CHECK(why != NULL && why[strspn(why, " \t\r\n")] != '\0'); /* it shows something */
        sdm_exclusion kind = sdm_match_excluded_kind(m, i);
        FUZZ_CHECK(kind >= SDM_EXCLUDED_BY_REQUEST && kind <= SDM_EXCLUDED_RESTRICTION);
    }
    free(seen);

    size_t terms = sdm_match_term_count(m);
    FUZZ_CHECK(terms == sdm_ranking_avoid_count(r) + sdm_ranking_helpful_count(r));
    for (size_t t = 0; t < terms; t++) {
        int rank = sdm_match_term_rank(m, t);
        size_t effect = sdm_match_term_effect(m, t);
        double w = sdm_match_term_weight(m, t);
        FUZZ_CHECK(isfinite(w) && w >= 0.0);
        if (t < sdm_ranking_avoid_count(r)) {
            FUZZ_CHECK(rank == (int)t + 1);
            FUZZ_CHECK(sdm_ranking_rank_of(r, effect) == rank);
        } else {
            FUZZ_CHECK(rank == 0);
            FUZZ_CHECK(sdm_ranking_is_helpful(r, effect));
        }
    }

    /* Groups of ties, as the ranks say: a group is the entries sharing a rank,
     * which is the group's position + 1. Within a group the scores are within
     * the tie tolerance of the group's lowest and the entries are listed by
     * name (then id); every score of the next group is above all of them and
     * more than the tolerance above the group's lowest. */
    double prev_low = 0.0, prev_high = 0.0, tie = sdm_match_tie_tolerance(m);
    FUZZ_CHECK(tie >= 0.0 && isfinite(tie));
    for (size_t first = 0, end; first < n; first = end) {
        int rank = sdm_match_rank(m, first);
        FUZZ_CHECK(rank == (int)first + 1);
        for (end = first + 1; end < n && sdm_match_rank(m, end) == rank; end++)
            ;
        double low = INFINITY, high = -INFINITY;
        for (size_t i = first; i < end; i++) {
            double score = sdm_match_score(m, i);
            FUZZ_CHECK(isfinite(score));
            double sum = 0.0, magnitude = 0.0;
            for (size_t t = 0; t < terms; t++) {
                double c = sdm_match_contribution(m, i, t);
                FUZZ_CHECK(isfinite(c));
                sum += c;
                magnitude += fabs(c);
            }
            FUZZ_CHECK(fabs(sum - score) <= 1e-9 * (1.0 + magnitude));
            FUZZ_CHECK(sdm_match_unknown_count(m, i) <= terms);
            low = score < low ? score : low;
            high = score > high ? score : high;
            if (i > first) {
                const sdm_profile *a = sdm_match_profile(m, i - 1), *b = sdm_match_profile(m, i);
                int c = strcmp(sdm_profile_name(a), sdm_profile_name(b));
                FUZZ_CHECK(c < 0 || (c == 0 && strcmp(sdm_profile_id(a), sdm_profile_id(b)) < 0));
            }
        }
        FUZZ_CHECK(high - low <= tie);
        if (first > 0)
            FUZZ_CHECK(low >= prev_high && low - prev_low > tie);
        prev_low = low;
        prev_high = high;
    }
    for (size_t i = 0; i < n && i < 3; i++) {
        char *reason = NULL;
        FUZZ_OK(sdm_match_reason(m, i, &reason));
        FUZZ_CHECK(reason[0] != '\0');
        sdm_free(reason);
    }
}

/* The batch must rank a ranking exactly as sdm_match_run() does (batch.h):
 * the same medicines, the same scores, ranks and ties, and the same
 * failures; a ranking with no side effect at all gets no result. The helpful
 * side effects are given in reverse catalogue order (the batch puts them in
 * catalogue order, as sdm_match_run() adds them). */
static inline void fuzz_check_batch(const sdm_formulary *f, const sdm_ranking *r, const sdm_match_options *o)
{
    if (sdm_ranking_validate(r) != SDM_OK)
        return;
    static int32_t row[SDM_MAX_RANK], helpful[SDM_MAX_ITEMS];
    size_t k = sdm_ranking_avoid_count(r), h = sdm_ranking_helpful_count(r);
    for (size_t c = 0; c < k; c++) {
        size_t e = 0;
        FUZZ_OK(sdm_ranking_at(r, (int)c + 1, &e));
        row[c] = (int32_t)e;
    }
    for (size_t c = 0; c < h; c++)
        helpful[c] = (int32_t)sdm_ranking_helpful_at(r, h - 1 - c);
    int empty = k == 0 && h == 0;
    if (k == 0)
        row[k++] = -1; /* no ranked side effect: a row ended at once */
    sdm_match *m = NULL;
    sdm_status st = sdm_match_run(f, r, o, &m);
    for (size_t top = 1; top <= 3; top += 2) {
        int32_t best[3], ranks[3], tied[3];
        double scores[3];
        sdm_status bst = sdm_match_batch_ext(f, o, row, 1, k, h ? helpful : NULL, h, top, best, scores, ranks, tied);
        if (st != SDM_OK) {
            FUZZ_CHECK(bst == st);
            continue;
        }
        FUZZ_CHECK(bst == SDM_OK);
        for (size_t j = 0; j < top; j++) {
            if (!empty && j < sdm_match_count(m)) {
                int rank = sdm_match_rank(m, j);
                int32_t sharing = 0;
                for (size_t i = 0; i < sdm_match_count(m); i++)
                    sharing += sdm_match_rank(m, i) == rank;
                FUZZ_CHECK(best[j] == (int32_t)fuzz_profile_index(f, sdm_match_profile(m, j)));
                FUZZ_CHECK(scores[j] == sdm_match_score(m, j));
                FUZZ_CHECK(ranks[j] == rank && tied[j] == sharing);
            } else {
                FUZZ_CHECK(best[j] == -1 && isnan(scores[j]) && ranks[j] == 0 && tied[j] == 0);
            }
        }
        if (h == 0) { /* the plain call gives the same */
            int32_t best2[3];
            double scores2[3];
            FUZZ_CHECK(sdm_match_batch(f, o, row, 1, k, top, best2, scores2) == SDM_OK);
            FUZZ_CHECK(memcmp(best, best2, top * sizeof *best) == 0);
            FUZZ_CHECK(memcmp(scores, scores2, top * sizeof *scores) == 0);
        }
    }
    sdm_match_free(m);
}

#endif /* SDM_FUZZ_H */
