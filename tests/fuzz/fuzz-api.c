/*
 * libsdm - fuzz target: the API as a sequence of operations. Each input byte
 * picks an operation (a ranking edit, an option, a match, a card, a JSON round
 * trip, a batch, a copy) and the next bytes its arguments. After every step:
 *  - a failed call changed nothing (the ranking's and options' JSON are as before);
 *  - every match keeps the invariants of fuzz_check_match() (every medicine
 *    ranked or excluded with a reason; ranks consistent with scores);
 *  - ranking and options JSON round trips give the same text;
 *  - a decision record re-opens to the same ranking and options;
 *  - the batch agrees with sdm_match_run() (ranks, ties and helpful side
 *    effects too, sdm_match_batch_ext()), for one row and for a
 *    batch of 4096 rows of five (the screen, or the table of pairs).
 * SPDX-License-Identifier: MIT
 */
#include <float.h>

#include "fuzz.h"

typedef struct input {
    const uint8_t *data;
    size_t size, at;
} input;

static unsigned next(input *in)
{
    return in->at < in->size ? in->data[in->at++] : 0;
}

static const double numbers[] = {0.0, 1.0, 2.0, 3.0, 0.5, 0.1, 10.0, 100.0, 1e-9, 1e-300, 1e300, DBL_MAX,
                                 5e-324, NAN, INFINITY, -1.0, -DBL_MAX};

static double number(input *in)
{
    return numbers[next(in) % (sizeof numbers / sizeof numbers[0])];
}

static const char *effect(input *in)
{
    const sdm_catalogue *cat = fuzz_catalogue();
    unsigned b = next(in) % (unsigned)(sdm_catalogue_count(cat) + 2);
    if (b == sdm_catalogue_count(cat))
        return "weight_gian";
    if (b > sdm_catalogue_count(cat))
        return "";
    return sdm_catalogue_id(cat, b);
}

static const char *medicine(input *in)
{
    const sdm_formulary *f = fuzz_formulary();
    unsigned b = next(in) % (unsigned)(sdm_formulary_count(f) + 1);
    return b < sdm_formulary_count(f) ? sdm_profile_id(sdm_formulary_profile(f, b)) : "olanzepine";
}

static const char *tag(input *in)
{
    static const char *const tags[] = {"tablet", "liquid", "orodispersible", "long_acting_injection",
                                       "sublingual_tablet", "UK", "DE", "US", "FR", "bad tag"};
    return tags[next(in) % (sizeof tags / sizeof tags[0])];
}

static char *ranking_json(const sdm_ranking *r)
{
    char *text = NULL;
    FUZZ_OK(sdm_ranking_to_json(r, &text));
    return text;
}

static char *options_json(const sdm_match_options *o)
{
    char *text = NULL;
    FUZZ_OK(sdm_match_options_to_json(o, &text));
    return text;
}

/* After an edit: on failure, it must have said why and changed nothing. The
 * state before is kept as a copy (cheaper than JSON on every step) and
 * compared as JSON text only when the call failed. */
static void after(sdm_status st, const sdm_ranking *r, const sdm_match_options *o, const sdm_ranking *r_before,
                  const sdm_match_options *o_before)
{
    if (st == SDM_OK)
        return;
    fuzz_failed(st);
    if (r_before) {
        char *was = ranking_json(r_before), *now = ranking_json(r);
        fuzz_same_text(was, now);
        sdm_free(was);
        sdm_free(now);
    }
    if (o_before) {
        char *was = options_json(o_before), *now = options_json(o);
        fuzz_same_text(was, now);
        sdm_free(was);
        sdm_free(now);
    }
}

/* A match and its invariants; with `record`, also its JSON and the decision
 * record's round trip (the slow part, so only when the input asks). */
static void match_step(const sdm_ranking *r, const sdm_match_options *o, int record)
{
    const sdm_formulary *f = fuzz_formulary();
    sdm_match *m = NULL;
    sdm_status st = sdm_match_run(f, r, o, &m);
    if (st != SDM_OK) {
        fuzz_failed(st);
        FUZZ_CHECK(m == NULL);
        FUZZ_CHECK(st == SDM_ERR_INVALID_ARGUMENT || st == SDM_ERR_NOT_FOUND || st == SDM_ERR_LIMIT);
        return;
    }
    fuzz_check_match(m, f, r);
    if (!record) {
        sdm_match_free(m);
        return;
    }
    char *text = NULL;
    FUZZ_OK(sdm_match_to_json(m, &text));
    sdm_free(text);
    FUZZ_OK(sdm_record_to_json(m, "2026-11-22T10:00:00Z", &text));
    sdm_ranking *r2 = NULL;
    sdm_match_options *o2 = NULL;
    FUZZ_OK(sdm_record_load_json(fuzz_catalogue(), text, strlen(text), &r2, &o2, NULL));
    sdm_free(text);
    char *a = ranking_json(r), *b = ranking_json(r2);
    fuzz_same_text(a, b);
    sdm_free(a);
    sdm_free(b);
    a = options_json(o);
    b = options_json(o2);
    fuzz_same_text(a, b);
    sdm_free(a);
    sdm_free(b);
    /* re-opened, the record gives the same result */
    sdm_match *m2 = NULL;
    FUZZ_OK(sdm_match_run(f, r2, o2, &m2));
    FUZZ_CHECK(sdm_match_count(m2) == sdm_match_count(m));
    for (size_t i = 0; i < sdm_match_count(m); i++)
        FUZZ_CHECK(sdm_match_profile(m2, i) == sdm_match_profile(m, i) && sdm_match_rank(m2, i) == sdm_match_rank(m, i));
    sdm_match_free(m2);
    sdm_ranking_free(r2);
    sdm_match_options_free(o2);
    sdm_match_free(m);
}

/* A batch of 4096 rankings of five (the screen's two passes, or, when the
 * options turn the screen off, the batch's table of pairs), drawn from a
 * seed, under the current options; a sample of its rows is checked against
 * sdm_match_run(). */
static void large_batch_step(input *in, const sdm_match_options *o)
{
    enum { ROWS = 4096, K = 5 };
    const sdm_formulary *f = fuzz_formulary();
    const sdm_catalogue *cat = fuzz_catalogue();
    size_t items = sdm_catalogue_count(cat);
    uint32_t seed = next(in) * 2654435761u + 1u;
    int32_t *rows = malloc(ROWS * K * sizeof *rows), *best = malloc(ROWS * sizeof *best);
    int32_t *tied = malloc(ROWS * sizeof *tied);
    double *scores = malloc(ROWS * sizeof *scores);
    FUZZ_CHECK(rows && best && scores && tied);
    for (size_t r = 0; r < ROWS; r++)
        for (size_t c = 0; c < K; c++) {
            int32_t e;
            int again;
            do {
                seed = seed * 1103515245u + 12345u;
                e = (int32_t)((seed >> 8) % items);
                again = 0;
                for (size_t d = 0; d < c; d++)
                    again |= rows[r * K + d] == e;
            } while (again);
            rows[r * K + c] = e;
        }
    sdm_status st = sdm_match_batch_ext(f, o, rows, ROWS, K, NULL, 0, 1, best, scores, NULL, tied);
    for (size_t r = 0; r < ROWS; r += ROWS / 16) {
        sdm_ranking *ranking = NULL;
        FUZZ_OK(sdm_ranking_new(cat, &ranking));
        for (size_t c = 0; c < K; c++)
            FUZZ_OK(sdm_ranking_avoid(ranking, sdm_catalogue_id(cat, (size_t)rows[r * K + c]), (int)c + 1));
        sdm_match *m = NULL;
        sdm_status mst = sdm_match_run(f, ranking, o, &m);
        FUZZ_CHECK(mst == st);
        if (st == SDM_OK && sdm_match_count(m) > 0) {
            int32_t sharing = 0;
            for (size_t i = 0; i < sdm_match_count(m); i++)
                sharing += sdm_match_rank(m, i) == 1;
            FUZZ_CHECK(best[r] == (int32_t)fuzz_profile_index(f, sdm_match_profile(m, 0)));
            FUZZ_CHECK(scores[r] == sdm_match_score(m, 0));
            FUZZ_CHECK(tied[r] == sharing);
        } else if (st == SDM_OK) {
            FUZZ_CHECK(best[r] == -1 && tied[r] == 0);
        }
        sdm_match_free(m);
        sdm_ranking_free(ranking);
    }
    free(rows);
    free(best);
    free(tied);
    free(scores);
}

static void card_step(input *in, const sdm_ranking *r)
{
    const sdm_formulary *f = fuzz_formulary();
    const sdm_profile *p = sdm_formulary_profile(f, next(in) % sdm_formulary_count(f));
    const sdm_ranking *mark = next(in) & 1 ? r : NULL;
    char *text = NULL, buf[32];
    size_t needed = 0, size = next(in) % sizeof buf;
    FUZZ_OK(sdm_card_text(p, mark, &text));
    FUZZ_OK(sdm_card_format(p, mark, size ? buf : NULL, size, &needed));
    FUZZ_CHECK(needed == strlen(text));
    if (size)
        FUZZ_CHECK(strlen(buf) == (needed < size ? needed : size - 1) && strncmp(buf, text, size - 1) == 0);
    sdm_free(text);
    FUZZ_OK(sdm_card_to_json(p, mark, &text));
    sdm_free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    input in = {data, size, 0};
    sdm_ranking *r = NULL;
    sdm_match_options *o = NULL;
    FUZZ_OK(sdm_ranking_new(fuzz_catalogue(), &r));
    FUZZ_OK(sdm_match_options_new(&o));
    /* The batch of 4096 rows costs as much as hundreds of other steps: once
     * per input is enough to reach the screen and the table of pairs, and
     * keeps the target fast enough to run millions of inputs. */
    int large_batch_done = 0;
    for (int steps = 0; in.at < in.size && steps < 64; steps++) {
        unsigned op = next(&in) % 22;
        /* what a failing edit must leave as it was: ops 0-5 edit the
         * ranking, 6-13 the options */
        sdm_ranking *r_before = NULL;
        sdm_match_options *o_before = NULL;
        if (op <= 5)
            FUZZ_OK(sdm_ranking_copy(r, &r_before));
        else if (op <= 13)
            FUZZ_OK(sdm_match_options_copy(o, &o_before));
        sdm_status st = SDM_OK;
        switch (op) {
        case 0: {
            const char *e = effect(&in);
            st = sdm_ranking_avoid(r, e, (int)(next(&in) % 9) - 1);
            break;
        }
        case 1: st = sdm_ranking_helpful(r, effect(&in)); break;
        case 2: st = sdm_ranking_remove(r, effect(&in)); break;
        case 3: sdm_ranking_clear(r); break;
        case 4: st = sdm_ranking_set_max_rank(r, (int)(next(&in) % 40) - 1); break;
        case 5: st = sdm_ranking_set_completed_by(r, (sdm_completed_by)((int)(next(&in) % 6) - 1)); break;
        case 6: st = sdm_match_options_set_scheme(o, (sdm_weight_scheme)((int)(next(&in) % 8) - 1)); break;
        case 7: {
            double w[SDM_MAX_RANK + 1];
            size_t n = next(&in) % (SDM_MAX_RANK + 2);
            for (size_t i = 0; i < n; i++)
                w[i] = number(&in);
            st = sdm_match_options_set_custom_weights(o, w, n);
            break;
        }
        case 8: {
            double v[4];
            for (int i = 0; i < 4; i++)
                v[i] = number(&in);
            st = sdm_match_options_set_severity_scale(o, v);
            break;
        }
        case 9: st = sdm_match_options_set_unknown_policy(o, (sdm_unknown_policy)((int)(next(&in) % 5) - 1)); break;
        case 10: st = sdm_match_options_set_helpful_weight(o, next(&in) & 1 ? SDM_HELPFUL_WEIGHT_AUTO : number(&in)); break;
        case 11: {
            static const char *const reasons[] = {NULL, "tried before", "caf\xc3\xa9 \xe2\x80\x93 ok", "bad \xff byte",
                                                  "cut \xe2\x80"};
            const char *id = medicine(&in);
            st = sdm_match_options_exclude(o, id, reasons[next(&in) % (sizeof reasons / sizeof reasons[0])]);
            break;
        }
        case 12: st = sdm_match_options_require_formulation(o, tag(&in)); break;
        case 13: st = sdm_match_options_require_licence(o, tag(&in)); break;
        case 14: match_step(r, o, 0); break;
        case 15: card_step(&in, r); break;
        case 16: {
            sdm_ranking *again = NULL;
            char *was = ranking_json(r);
            FUZZ_OK(sdm_ranking_from_json(fuzz_catalogue(), was, strlen(was), &again));
            char *text = ranking_json(again);
            fuzz_same_text(was, text);
            sdm_free(text);
            sdm_free(was);
            sdm_ranking_free(r);
            r = again;
            break;
        }
        case 17: {
            sdm_match_options *again = NULL;
            char *was = options_json(o);
            FUZZ_OK(sdm_match_options_from_json(was, strlen(was), &again));
            char *text = options_json(again);
            fuzz_same_text(was, text);
            sdm_free(text);
            sdm_free(was);
            sdm_match_options_free(o);
            o = again;
            break;
        }
        case 18: fuzz_check_batch(fuzz_formulary(), r, o); break;
        case 19: {
            sdm_ranking *rc = NULL;
            sdm_match_options *oc = NULL;
            FUZZ_OK(sdm_ranking_copy(r, &rc));
            FUZZ_OK(sdm_match_options_copy(o, &oc));
            sdm_ranking_free(r);
            sdm_match_options_free(o);
            r = rc;
            o = oc;
            break;
        }
        case 20: match_step(r, o, 1); break;
        case 21:
            if (!large_batch_done)
                large_batch_step(&in, o);
            large_batch_done = 1;
            break;
        }
        if (op <= 13)
            after(st, r, o, r_before, o_before);
        else
            FUZZ_CHECK(st == SDM_OK);
        sdm_ranking_free(r_before);
        sdm_match_options_free(o_before);
    }
    match_step(r, o, 0);
    sdm_ranking_free(r);
    sdm_match_options_free(o);
    return 0;
}
