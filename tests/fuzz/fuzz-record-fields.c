/*
 * libsdm - fuzz target: decision records that look valid (issue 16). The
 * seeds are real records written by the library (corpus/record-fields/), and
 * under libFuzzer a structure-aware mutator changes one field of the parsed
 * JSON at a time (a value of another type or out of range, a key removed, an
 * entry copied, moved or swapped, an id replaced by another real one) and
 * writes the JSON again, so that the loader's checks of each field and of
 * their agreement are what gets exercised, not the JSON parser.
 *
 * Invariants: a record either re-opens or is refused with a message, and the
 * two ways in agree (sdm_record_from_json, sdm_record_load_json); a record
 * that re-opens has a result whose ranks run in order; it runs again on the
 * built-in formulary (or says why not), with changes that are JSON; and the
 * new match writes a record that re-opens, with the same ranking and options.
 * SPDX-License-Identifier: MIT
 */
#include <jansson.h>
#include <limits.h>
#include <math.h>

#include "fuzz.h"

static void check_own_result(const sdm_record *rec)
{
    size_t ranked = sdm_record_ranked_count(rec), excluded = sdm_record_excluded_count(rec);
    FUZZ_CHECK(ranked + excluded <= SDM_MAX_MEDICATIONS);
    for (size_t i = 0; i < ranked; i++) {
        int rank = sdm_record_entry_rank(rec, i);
        FUZZ_CHECK(rank == (int)i + 1 || (i > 0 && rank == sdm_record_entry_rank(rec, i - 1)));
        FUZZ_CHECK(isfinite(sdm_record_entry_score(rec, i)));
        FUZZ_CHECK(sdm_record_entry_reason(rec, i) == NULL);
    }
    for (size_t i = ranked; i < ranked + excluded; i++) {
        FUZZ_CHECK(sdm_record_entry_rank(rec, i) == 0);
        FUZZ_CHECK(sdm_record_entry_reason(rec, i) != NULL && *sdm_record_entry_reason(rec, i));
    }
    FUZZ_CHECK(sdm_record_entry_id(rec, ranked + excluded) == NULL);
}

static void check_rerun(const sdm_record *rec)
{
    sdm_match *m = NULL;
    char *changes = NULL;
    sdm_status st = sdm_record_rerun(rec, fuzz_formulary(), &m, &changes);
    if (st != SDM_OK) {
        fuzz_failed(st);
        FUZZ_CHECK(m == NULL && changes == NULL);
        return;
    }
    fuzz_check_match(m, fuzz_formulary(), sdm_record_ranking(rec));
    json_error_t err;
    json_t *doc = json_loads(changes, 0, &err);
    FUZZ_CHECK(doc != NULL);
    FUZZ_CHECK(json_is_string(json_object_get(doc, "summary")));
    json_decref(doc);
    /* today's match writes a record that re-opens to the same ranking and options */
    char *again = NULL, *a = NULL, *b = NULL;
    FUZZ_OK(sdm_record_to_json(m, "later", &again));
    sdm_record *rec2 = NULL;
    FUZZ_OK(sdm_record_from_json(fuzz_catalogue(), again, strlen(again), &rec2));
    FUZZ_OK(sdm_ranking_to_json(sdm_record_ranking(rec), &a));
    FUZZ_OK(sdm_ranking_to_json(sdm_record_ranking(rec2), &b));
    fuzz_same_text(a, b);
    sdm_free(a);
    sdm_free(b);
    FUZZ_OK(sdm_match_options_to_json(sdm_match_options_used(m), &a));
    FUZZ_OK(sdm_match_options_to_json(sdm_record_options(rec2), &b));
    fuzz_same_text(a, b);
    sdm_free(a);
    sdm_free(b);
    sdm_record_free(rec2);
    sdm_free(again);
    sdm_free(changes);
    sdm_match_free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sdm_record *rec = NULL;
    sdm_status st = sdm_record_from_json(fuzz_catalogue(), (const char *)data, size, &rec);
    sdm_ranking *r = NULL;
    sdm_status st2 = sdm_record_load_json(fuzz_catalogue(), (const char *)data, size, &r, NULL, NULL);
    FUZZ_CHECK(st == st2);
    sdm_ranking_free(r);
    if (st != SDM_OK) {
        fuzz_failed(st);
        FUZZ_CHECK(rec == NULL);
        return 0;
    }
    check_own_result(rec);
    check_rerun(rec);
    sdm_record_free(rec);
    return 0;
}

/* ---- the structure-aware mutator (libFuzzer only) -------------------------- */

/* Provided by libFuzzer; absent (NULL) when the target runs under the replay driver. */
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size) __attribute__((weak));
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);

static unsigned long long next_random(unsigned long long *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* Every value of the tree, with its parent and its key or index. */
typedef struct slot {
    json_t *parent;
    const char *key; /* in an object */
    size_t index;    /* in an array */
    json_t *value;
} slot;

static void collect(json_t *parent, const char *key, size_t index, json_t *value, slot *slots, size_t *n,
                    size_t max)
{
    if (*n >= max)
        return;
    slots[(*n)++] = (slot){parent, key, index, value};
    if (json_is_object(value)) {
        const char *k;
        json_t *v;
        json_object_foreach(value, k, v) collect(value, k, 0, v, slots, n, max);
    } else if (json_is_array(value)) {
        for (size_t i = 0; i < json_array_size(value); i++)
            collect(value, NULL, i, json_array_get(value, i), slots, n, max);
    }
}

/* A value another field might hold: real ids and words of the formats, and the edges. */
static json_t *other_value(unsigned long long *s)
{
    static const char *const words[] = {
        "", " ", "olanzapine", "clozapine", "aripiprazole", "zotepine", "weight_gain", "weight_loss", "tremor",
        "unknown", "roc", "custom", "lexicographic", "auto", "middle", "exclude", "consensus", "precedence",
        "service_user", "carer", "together", "unspecified", "2026.11", "2026.12", "sdm-record", "sdm-match",
        "manchester-36", "libsdm-default", "request", "licence", "UK", "GB", "tablet", "line\nbreak", "\xe2\x80\xae"};
    static const double reals[] = {0.5, -0.0, 1e300, -1e300, 1e-320, 0.1, 1.0 / 3.0, 2.5};
    static const json_int_t ints[] = {0, 1, -1, 2, 3, 5, 36, 37, 4096, 4097, INT_MAX, (json_int_t)INT_MAX + 1};
    switch (next_random(s) % 8) {
    case 0: return json_string(words[next_random(s) % (sizeof words / sizeof words[0])]);
    case 1: return json_real(reals[next_random(s) % (sizeof reals / sizeof reals[0])]);
    case 2: return json_integer(ints[next_random(s) % (sizeof ints / sizeof ints[0])]);
    case 3: return json_true();
    case 4: return json_null();
    case 5: return json_object();
    case 6: return json_array();
    default: return json_string(words[next_random(s) % (sizeof words / sizeof words[0])]);
    }
}

static void put(const slot *at, json_t *value)
{
    if (json_is_object(at->parent))
        json_object_set_new(at->parent, at->key, value);
    else
        json_array_set_new(at->parent, at->index, value);
}

/* One change to one field; the root itself is never replaced. */
static void mutate_tree(json_t *root, unsigned long long *s)
{
    enum { MAX_SLOTS = 8192 };
    static slot slots[MAX_SLOTS];
    size_t n = 0;
    collect(NULL, NULL, 0, root, slots, &n, MAX_SLOTS);
    if (n < 2)
        return;
    const slot *at = &slots[1 + next_random(s) % (n - 1)];
    json_t *v = at->value;
    switch (next_random(s) % 6) {
    case 0: /* another value */
        put(at, other_value(s));
        break;
    case 1: /* removed */
        if (json_is_object(at->parent))
            json_object_del(at->parent, at->key);
        else
            json_array_remove(at->parent, at->index);
        break;
    case 2: /* a number nudged, or a copy of another field */
        if (json_is_integer(v))
            put(at, json_integer(json_integer_value(v) + (next_random(s) % 2 ? 1 : -1)));
        else if (json_is_real(v))
            put(at, json_real(-json_real_value(v) * 2.0));
        else
            put(at, json_deep_copy(slots[1 + next_random(s) % (n - 1)].value));
        break;
    case 3: /* an array entry copied */
        if (json_is_array(v) && json_array_size(v))
            json_array_append_new(v, json_deep_copy(json_array_get(v, next_random(s) % json_array_size(v))));
        break;
    case 4: /* two array entries swapped */
        if (json_is_array(v) && json_array_size(v) > 1) {
            size_t a = next_random(s) % json_array_size(v), b = next_random(s) % json_array_size(v);
            json_t *first = json_incref(json_array_get(v, a));
            json_array_set(v, a, json_array_get(v, b));
            json_array_set_new(v, b, first);
        }
        break;
    default: /* a key added */
        if (json_is_object(v))
            json_object_set_new(v, "extra", other_value(s));
        break;
    }
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
    unsigned long long s = seed | 1ull;
    json_t *root = json_loadb((const char *)data, size, 0, NULL);
    if (!root || next_random(&s) % 16 == 0) { /* not JSON, or now and then: bytes */
        json_decref(root);
        return LLVMFuzzerMutate ? LLVMFuzzerMutate(data, size, max_size) : size;
    }
    size_t changes = 1 + next_random(&s) % 3;
    for (size_t i = 0; i < changes; i++)
        mutate_tree(root, &s);
    char *text = json_dumps(root, JSON_COMPACT);
    json_decref(root);
    if (!text)
        return size;
    size_t len = strlen(text);
    if (len > max_size) {
        free(text);
        return LLVMFuzzerMutate ? LLVMFuzzerMutate(data, size, max_size) : size;
    }
    memcpy(data, text, len);
    free(text);
    return len;
}
