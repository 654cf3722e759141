/*
 * libsdm - the text a card or record keeps per medicine (lib/fragment.h): the
 * parts that depend only on the medicine are written once, on the first card
 * or record of a formulary, and copied after. Nothing a caller can see may
 * change: every card and record has the same bytes whether that text is being
 * made (a fresh formulary), made already, or not used at all (SDM_NO_FRAGMENTS
 * in the environment, in a process of its own: this program run with
 * --direct), and an allocation that fails while it is made only means the
 * text is written directly.
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>
#include <stdio.h>

#include "common.h"

static const char *self; /* argv[0], to run this program again with --direct */
static int in_direct;    /* running as --direct: outside Check, no ck_assert */

/* A call that must succeed, in a test or in --direct alike. */
#define NEED(expr) need((expr) == SDM_OK, #expr)

static void need(int ok, const char *what)
{
    if (ok)
        return;
    if (in_direct) {
        fprintf(stderr, "--direct: %s failed: %s\n", what, sdm_last_error());
        exit(5);
    }
    ck_abort_msg("%s failed: %s", what, sdm_last_error());
}

static sdm_catalogue *default_catalogue(void)
{
    sdm_catalogue *cat = NULL;
    NEED(sdm_catalogue_default(&cat));
    return cat;
}

static sdm_formulary *default_formulary(const sdm_catalogue *cat)
{
    sdm_formulary *f = NULL;
    NEED(sdm_formulary_default(cat, &f));
    return f;
}

/* ---- the documents compared ------------------------------------------------ */

#define RANKINGS 4 /* none; ranked; ranked with a helpful one; with a history */
#define OPTIONS 5  /* default; trade-off, unknown as worst; the highest reading, a context; numbers; precedence, unknown excluded */

typedef struct cases {
    sdm_ranking *r[RANKINGS];
    sdm_match_options *o[OPTIONS];
} cases;

static void make_cases(const sdm_catalogue *cat, cases *c)
{
    memset(c, 0, sizeof *c);
    NEED(sdm_ranking_new(cat, &c->r[1]));
    NEED(sdm_ranking_avoid(c->r[1], "weight_gain", 1));
    NEED(sdm_ranking_avoid(c->r[1], "dry_mouth", 2));
    NEED(sdm_ranking_new(cat, &c->r[2]));
    NEED(sdm_ranking_avoid(c->r[2], "weight_gain", 1));
    NEED(sdm_ranking_avoid(c->r[2], "dry_mouth", 2));
    NEED(sdm_ranking_avoid(c->r[2], "less_sex_drive", 3));
    NEED(sdm_ranking_avoid(c->r[2], "tremor", 4));
    NEED(sdm_ranking_avoid(c->r[2], "constipation", 5));
    NEED(sdm_ranking_helpful(c->r[2], "night_sleepiness"));
    NEED(sdm_ranking_new(cat, &c->r[3]));
    NEED(sdm_ranking_avoid(c->r[3], "weight_gain", 1));
    NEED(sdm_ranking_avoid(c->r[3], "restlessness", 2));
    NEED(sdm_ranking_helpful(c->r[3], "night_sleepiness"));
    NEED(sdm_ranking_add_history(c->r[3], "olanzapine", SDM_OUTCOME_STOPPED, "felt slowed"));
    NEED(sdm_ranking_history_had(c->r[3], "olanzapine", "weight_gain"));
    NEED(sdm_ranking_add_history(c->r[3], "aripiprazole", SDM_OUTCOME_STOPPED, NULL));
    NEED(sdm_ranking_history_had(c->r[3], "aripiprazole", "restlessness"));
    NEED(sdm_match_options_new(&c->o[1]));
    NEED(sdm_match_options_set_tradeoff(c->o[1], 0.5));
    NEED(sdm_match_options_set_unknown_policy(c->o[1], SDM_UNKNOWN_WORST));
    NEED(sdm_match_options_new(&c->o[2]));
    NEED(sdm_match_options_set_synthesis(c->o[2], SDM_SYNTHESIS_HIGHEST));
    NEED(sdm_match_options_allow_context(c->o[2], "treatment_resistant"));
    NEED(sdm_match_options_new(&c->o[3]));
    NEED(sdm_match_options_set_evidence(c->o[3], SDM_EVIDENCE_NUMERIC));
    NEED(sdm_match_options_set_tradeoff(c->o[3], 1.0));
    NEED(sdm_match_options_new(&c->o[4]));
    NEED(sdm_match_options_set_unknown_policy(c->o[4], SDM_UNKNOWN_EXCLUDE));
    NEED(sdm_match_options_set_synthesis(c->o[4], SDM_SYNTHESIS_PRECEDENCE));
}

static void free_cases(cases *c)
{
    for (int i = 0; i < RANKINGS; i++)
        sdm_ranking_free(c->r[i]);
    for (int i = 0; i < OPTIONS; i++)
        sdm_match_options_free(c->o[i]);
}

/* Every card (each medicine, each ranking) and each ranking's record and
 * match under each options: `count` documents, in this order. */
static char **write_documents(const sdm_formulary *f, const cases *c, size_t *count)
{
    size_t meds = sdm_formulary_count(f), n = 0;
    size_t total = meds * RANKINGS + (RANKINGS - 1) * OPTIONS * 2;
    char **docs = calloc(total, sizeof *docs);
    need(docs != NULL, "calloc");
    for (size_t i = 0; i < meds; i++)
        for (int r = 0; r < RANKINGS; r++)
            NEED(sdm_card_to_json(sdm_formulary_profile(f, i), c->r[r], &docs[n++]));
    for (int r = 1; r < RANKINGS; r++)
        for (int o = 0; o < OPTIONS; o++) {
            sdm_match *m;
            NEED(sdm_match_run(f, c->r[r], c->o[o], &m));
            NEED(sdm_record_to_json(m, "2026-12-01T10:00:00Z", &docs[n++]));
            NEED(sdm_match_to_json(m, &docs[n++]));
            sdm_match_free(m);
        }
    need(n == total, "the count of documents");
    *count = total;
    return docs;
}

static void free_documents(char **docs, size_t count)
{
    for (size_t i = 0; i < count; i++)
        sdm_free(docs[i]);
    free(docs);
}

static void assert_same(char **got, char **want, size_t count, const char *how)
{
    for (size_t i = 0; i < count; i++)
        ck_assert_msg(strcmp(got[i], want[i]) == 0, "document %zu differs %s", i, how);
}

/* ---- counting and failing allocators -------------------------------------- */

static long allocations, live;
static long fail_at = -1; /* the allocation (0-based, from the last reset) that fails; -1: none */

static void *test_malloc(size_t size)
{
    if (fail_at >= 0 && allocations == fail_at) {
        allocations++;
        return NULL;
    }
    allocations++;
    void *p = malloc(size);
    if (p)
        live++;
    return p;
}

static void test_free(void *p)
{
    if (p)
        live--;
    free(p);
}

/* The allocations of one card of medicine i (ranking r) on formulary f. */
static long card_allocations(const sdm_formulary *f, size_t i, const sdm_ranking *r)
{
    char *text;
    allocations = 0;
    NEED(sdm_card_to_json(sdm_formulary_profile(f, i), r, &text));
    long n = allocations;
    sdm_free(text);
    return n;
}

/* ---- --direct: the documents written with SDM_NO_FRAGMENTS ---------------- */

/* Run as `test-fragments --direct` with SDM_NO_FRAGMENTS=1: checks that no
 * text is kept (a card on a fresh formulary allocates the same the second
 * time) and writes every document to stdout, each ended by a NUL. */
static int direct(void)
{
    in_direct = 1;
    if (sdm_set_alloc_funcs(test_malloc, test_free) != SDM_OK)
        return 2;
    sdm_catalogue *cat = default_catalogue();
    sdm_formulary *f = default_formulary(cat);
    if (card_allocations(f, 0, NULL) != card_allocations(f, 0, NULL)) {
        fprintf(stderr, "--direct: the card still keeps text per medicine: SDM_NO_FRAGMENTS was not read\n");
        return 3;
    }
    cases c;
    make_cases(cat, &c);
    size_t count;
    char **docs = write_documents(f, &c, &count);
    for (size_t i = 0; i < count; i++)
        fwrite(docs[i], 1, strlen(docs[i]) + 1, stdout);
    free_documents(docs, count);
    free_cases(&c);
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
    return fflush(stdout) == 0 ? 0 : 4;
}

/* The documents of a run with --direct, split at their NULs. */
static char **read_direct(size_t count)
{
    char command[4096];
    ck_assert_msg(strchr(self, '\'') == NULL, "the path of the test has a quote: %s", self);
    snprintf(command, sizeof command, "SDM_NO_FRAGMENTS=1 '%s' --direct", self);
    FILE *p = popen(command, "r");
    ck_assert_ptr_nonnull(p);
    size_t len = 0, cap = 1 << 20;
    char *all = malloc(cap);
    for (size_t got; all && (got = fread(all + len, 1, cap - len, p)) > 0;)
        if ((len += got) == cap)
            all = realloc(all, cap *= 2);
    ck_assert_int_eq(pclose(p), 0);
    ck_assert_ptr_nonnull(all);
    char **docs = calloc(count, sizeof *docs);
    size_t at = 0;
    for (size_t i = 0; i < count; i++) {
        ck_assert_msg(at < len, "--direct wrote %zu documents, not %zu", i, count);
        size_t n = strlen(all + at);
        docs[i] = malloc(n + 1);
        memcpy(docs[i], all + at, n + 1);
        at += n + 1;
    }
    ck_assert_uint_eq(at, len);
    free(all);
    return docs;
}

/* ---- the tests -------------------------------------------------------------- */

/* Every document written while the text is made (a fresh formulary), again
 * once it is made, on another fresh formulary, and without it: the same
 * bytes. */
START_TEST(same_bytes_every_way)
{
    sdm_catalogue *cat = test_default_catalogue();
    sdm_formulary *f = test_default_formulary(cat), *other = test_default_formulary(cat);
    cases c;
    make_cases(cat, &c);
    size_t count, count2, count3;
    char **cold = write_documents(f, &c, &count);
    char **warm = write_documents(f, &c, &count2);
    char **fresh = write_documents(other, &c, &count3);
    ck_assert_uint_eq(count, count2);
    ck_assert_uint_eq(count, count3);
    assert_same(warm, cold, count, "once the text was made");
    assert_same(fresh, cold, count, "on another formulary");
    char **plain = read_direct(count);
    for (size_t i = 0; i < count; i++)
        ck_assert_msg(strcmp(cold[i], plain[i]) == 0, "document %zu differs from the one written directly", i);
    for (size_t i = 0; i < count; i++)
        free(plain[i]);
    free(plain);
    free_documents(fresh, count);
    free_documents(warm, count);
    free_documents(cold, count);
    free_cases(&c);
    sdm_formulary_free(other);
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
}
END_TEST

/* The text is made once: a second card of a medicine allocates only the
 * document it returns (everything else is copied), the first more; freeing
 * the formulary frees it. */
START_TEST(made_once_and_freed)
{
    ck_assert_ok(sdm_set_alloc_funcs(test_malloc, test_free));
    live = 0;
    sdm_catalogue *cat = test_default_catalogue();
    sdm_formulary *f = test_default_formulary(cat);
    sdm_ranking *r;
    ck_assert_ok(sdm_ranking_new(cat, &r));
    ck_assert_ok(sdm_ranking_avoid(r, "weight_gain", 1));
    long cold = card_allocations(f, 3, r), warm = card_allocations(f, 3, r);
    ck_assert_int_eq(warm, 1);
    ck_assert_int_gt(cold, warm);
    ck_assert_int_eq(card_allocations(f, 3, NULL), 1); /* the same text, with no ranking */
    sdm_ranking_free(r);
    sdm_formulary_free(f);
    sdm_catalogue_free(cat);
    ck_assert_int_eq(live, 0);
    ck_assert_ok(sdm_set_alloc_funcs(NULL, NULL));
}
END_TEST

/* One document on a fresh formulary with its n-th allocation failing, for
 * every n: the same bytes, or SDM_ERR_NO_MEMORY; never a leak. Returns how
 * many of the failures still gave the document. */
static long fail_each(const sdm_catalogue *cat, const sdm_ranking *r, int record, const char *want, long allocs)
{
    long absorbed = 0;
    for (long n = 0; n < allocs; n++) {
        sdm_formulary *f = test_default_formulary(cat);
        sdm_match *m = NULL;
        if (record)
            ck_assert_ok(sdm_match_run(f, r, NULL, &m));
        char *text = NULL;
        allocations = 0;
        fail_at = n;
        sdm_status st = record ? sdm_record_to_json(m, NULL, &text)
                               : sdm_card_to_json(sdm_formulary_profile(f, 5), r, &text);
        fail_at = -1;
        if (st == SDM_OK) {
            ck_assert_msg(strcmp(text, want) == 0, "allocation %ld failed: the document differs", n);
            absorbed++;
        } else {
            ck_assert_int_eq(st, SDM_ERR_NO_MEMORY);
            ck_assert_error_has("out of memory");
        }
        sdm_free(text);
        sdm_match_free(m);
        sdm_formulary_free(f);
    }
    return absorbed;
}

/* The allocations a document makes on a fresh formulary and again on the same
 * one: the difference is the text kept per medicine, and each of those is
 * absorbed when it fails (the part written directly), while each of the
 * others is reported. */
START_TEST(allocation_failure_writes_directly)
{
    ck_assert_ok(sdm_set_alloc_funcs(test_malloc, test_free));
    live = 0;
    sdm_catalogue *cat = test_default_catalogue();
    sdm_ranking *r;
    ck_assert_ok(sdm_ranking_new(cat, &r));
    ck_assert_ok(sdm_ranking_avoid(r, "weight_gain", 1));
    ck_assert_ok(sdm_ranking_helpful(r, "night_sleepiness"));
    for (int record = 0; record < 2; record++) {
        sdm_formulary *f = test_default_formulary(cat);
        sdm_match *m = NULL;
        char *want = NULL, *again = NULL;
        ck_assert_ok(sdm_match_run(f, r, NULL, &m));
        allocations = 0;
        ck_assert_ok(record ? sdm_record_to_json(m, NULL, &want) : sdm_card_to_json(sdm_formulary_profile(f, 5), r, &want));
        long cold = allocations;
        allocations = 0;
        ck_assert_ok(record ? sdm_record_to_json(m, NULL, &again) : sdm_card_to_json(sdm_formulary_profile(f, 5), r, &again));
        long warm = allocations;
        ck_assert_str_eq(again, want);
        sdm_free(again);
        sdm_match_free(m);
        sdm_formulary_free(f);
        ck_assert_int_gt(cold, warm);
        ck_assert_int_eq(fail_each(cat, r, record, want, cold), cold - warm);
        sdm_free(want);
    }
    sdm_ranking_free(r);
    sdm_catalogue_free(cat);
    ck_assert_int_eq(live, 0);
    ck_assert_ok(sdm_set_alloc_funcs(NULL, NULL));
}
END_TEST

static Suite *fragments_suite(void)
{
    Suite *s = suite_create("fragments");
    TCase *tc = tcase_create("fragments");
    tcase_set_timeout(tc, 120);
    ADD(tc, same_bytes_every_way);
    ADD(tc, made_once_and_freed);
    ADD(tc, allocation_failure_writes_directly);
    suite_add_tcase(s, tc);
    return s;
}

int main(int argc, char **argv)
{
    self = argv[0];
    if (argc == 2 && strcmp(argv[1], "--direct") == 0)
        return direct();
    return test_run_suite(fragments_suite());
}
