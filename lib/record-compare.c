/*
 * libsdm - two decision records compared (the paper's Table 2: the decision
 * revisited over time): what changed in the person's preferences, history
 * and context, in the data and the options, in the ratings of the medicines
 * involved, and in the order of the result; as JSON and in words.
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "catalogue-private.h"
#include "json-values.h"
#include "record-private.h"
#include "strbuf.h"

typedef struct comparison {
    const sdm_record *then, *now;
    sdm_strbuf words;
    int bad;
} comparison;

static const char *label_of(const sdm_ranking *r, size_t item)
{
    return r->catalogue->items[item].label;
}

/* ---- preferences ------------------------------------------------------------ */

static json_t *moved_ranks(comparison *c)
{
    const sdm_ranking *a = c->then->ranking, *b = c->now->ranking;
    json_t *arr = json_array();
    for (size_t i = 0; i < a->catalogue->count; i++) {
        int then = sdm_ranking_rank_of(a, i), now = sdm_ranking_rank_of(b, i);
        if (then == now)
            continue;
        json_t *obj = json_object();
        sdm__jset(obj, "effect", json_string(a->catalogue->items[i].id), &c->bad);
        sdm__jset(obj, "rank_then", then ? json_integer(then) : json_null(), &c->bad);
        sdm__jset(obj, "rank_now", now ? json_integer(now) : json_null(), &c->bad);
        sdm__jpush(arr, obj, &c->bad);
        if (!then)
            sdm__strbuf_appendf(&c->words, "%s is now ranked %d. ", label_of(a, i), now);
        else if (!now)
            sdm__strbuf_appendf(&c->words, "%s, ranked %d then, is not ranked now. ", label_of(a, i), then);
        else
            sdm__strbuf_appendf(&c->words, "%s moved from rank %d to rank %d. ", label_of(a, i), then, now);
    }
    return arr;
}

static json_t *helpful_changes(comparison *c, int added)
{
    const sdm_ranking *a = c->then->ranking, *b = c->now->ranking;
    json_t *arr = json_array();
    for (size_t i = 0; i < a->catalogue->count; i++)
        if ((added ? b : a)->helpful[i] && !(added ? a : b)->helpful[i]) {
            sdm__jpush(arr, json_string(a->catalogue->items[i].id), &c->bad);
            sdm__strbuf_appendf(&c->words, "%s %s helpful. ", label_of(a, i), added ? "is now" : "is no longer");
        }
    return arr;
}

/* ---- history ------------------------------------------------------------------ */

static const sdm_record_entry *entry_of(const sdm_record *rec, const char *id);

/* A medicine's name as a record's result gives it, or its id. */
static const char *name_in(const sdm_record *rec, const char *id)
{
    const sdm_record_entry *e = entry_of(rec, id);
    return e ? e->name : id;
}

static const char *outcome_words(sdm_outcome outcome)
{
    static const char *const words[] = {"tried", "it helped", "it did not help", "it was stopped"};
    return words[outcome];
}

static json_t *history_changes(comparison *c)
{
    const sdm_ranking *a = c->then->ranking, *b = c->now->ranking;
    json_t *obj = json_object(), *added = json_array(), *removed = json_array(), *changed = json_array();
    for (size_t h = 0; h < b->history_count; h++) {
        size_t was = sdm__history_index(a, b->history[h].medicine);
        if (was == (size_t)-1) {
            sdm__jpush(added, json_string(b->history[h].medicine), &c->bad);
            sdm__strbuf_appendf(&c->words, "Tried since: %s (%s). ", name_in(c->now, b->history[h].medicine),
                                outcome_words(b->history[h].outcome));
        } else if (a->history[was].outcome != b->history[h].outcome) {
            json_t *o = json_object();
            sdm__jset(o, "medicine", json_string(b->history[h].medicine), &c->bad);
            sdm__jset(o, "outcome_then", json_string(sdm_outcome_id(a->history[was].outcome)), &c->bad);
            sdm__jset(o, "outcome_now", json_string(sdm_outcome_id(b->history[h].outcome)), &c->bad);
            sdm__jpush(changed, o, &c->bad);
            sdm__strbuf_appendf(&c->words, "%s: %s then, %s now. ", name_in(c->now, b->history[h].medicine),
                                outcome_words(a->history[was].outcome), outcome_words(b->history[h].outcome));
        }
    }
    for (size_t h = 0; h < a->history_count; h++)
        if (sdm__history_index(b, a->history[h].medicine) == (size_t)-1)
            sdm__jpush(removed, json_string(a->history[h].medicine), &c->bad);
    sdm__jset(obj, "added", added, &c->bad);
    sdm__jset(obj, "removed", removed, &c->bad);
    sdm__jset(obj, "changed", changed, &c->bad);
    return obj;
}

/* ---- context and options ------------------------------------------------------ */

static void context_field(comparison *c, json_t *arr, const char *field, const char *words, json_t *then,
                          json_t *now)
{
    if (json_equal(then, now)) {
        json_decref(then);
        json_decref(now);
        return;
    }
    json_t *obj = json_object();
    sdm__jset(obj, "field", json_string(field), &c->bad);
    sdm__jset(obj, "then", then, &c->bad);
    sdm__jset(obj, "now", now, &c->bad);
    sdm__jpush(arr, obj, &c->bad);
    sdm__strbuf_appendf(&c->words, "%s changed. ", words);
}

static json_t *text_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

static json_t *context_changes(comparison *c)
{
    const sdm_ranking *ra = c->then->ranking, *rb = c->now->ranking;
    const sdm_match_options *oa = c->then->options, *ob = c->now->options;
    json_t *arr = json_array();
    context_field(c, arr, "completed_by", "Who completed the form", json_string(sdm_completed_by_id(ra->completed_by)),
                  json_string(sdm_completed_by_id(rb->completed_by)));
    context_field(c, arr, "carer_involved", "Whether a carer took part", json_boolean(ra->carer_involved),
                  json_boolean(rb->carer_involved));
    context_field(c, arr, "contexts", "The contexts that hold", sdm__tags_json(&oa->contexts, &c->bad),
                  sdm__tags_json(&ob->contexts, &c->bad));
    context_field(c, arr, "detained", "Whether the person is detained", json_boolean(oa->detained),
                  json_boolean(ob->detained));
    context_field(c, arr, "limits", "The statement of the limits of choice", text_or_null(oa->limits),
                  text_or_null(ob->limits));
    context_field(c, arr, "revisit", "The date to revisit", text_or_null(oa->revisit), text_or_null(ob->revisit));
    return arr;
}

/* The keys of the options JSON whose values differ (the context's keys are above). */
static json_t *options_changes(comparison *c)
{
    static const char *const context_keys[] = {"contexts", "detained", "limits", "revisit"};
    json_t *a = sdm__options_to_value(c->then->options, &c->bad), *b = sdm__options_to_value(c->now->options, &c->bad);
    json_t *arr = json_array();
    const char *key;
    json_t *value;
    json_object_foreach(a, key, value) {
        int context = 0;
        for (size_t i = 0; i < sizeof context_keys / sizeof context_keys[0]; i++)
            context |= strcmp(key, context_keys[i]) == 0;
        if (!context && !json_equal(value, json_object_get(b, key)))
            sdm__jpush(arr, json_string(key), &c->bad);
    }
    json_object_foreach(b, key, value)
        if (!json_object_get(a, key) && strcmp(key, "limits") != 0 && strcmp(key, "revisit") != 0)
            sdm__jpush(arr, json_string(key), &c->bad);
    if (json_array_size(arr))
        sdm__strbuf_append(&c->words, "The options of the match changed. ");
    json_decref(a);
    json_decref(b);
    return arr;
}

/* ---- ratings and result ------------------------------------------------------- */

static const sdm_record_entry *entry_of(const sdm_record *rec, const char *id)
{
    for (size_t i = 0; i < rec->ranked_count + rec->excluded_count; i++)
        if (strcmp(rec->entries[i].id, id) == 0)
            return &rec->entries[i];
    return NULL;
}

/* The term of `rec` for a side effect, or (size_t)-1. */
static size_t term_of(const sdm_record *rec, size_t item)
{
    for (size_t t = 0; t < rec->term_count; t++)
        if (rec->terms[t] == item)
            return t;
    return (size_t)-1;
}

/* Ratings of the medicines ranked in both records, on the side effects both chose. */
static json_t *rating_changes(comparison *c)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < c->then->ranked_count; i++) {
        const sdm_record_entry *a = &c->then->entries[i], *b = entry_of(c->now, a->id);
        if (!b || !b->ratings)
            continue;
        for (size_t t = 0; t < c->then->term_count; t++) {
            size_t u = term_of(c->now, c->then->terms[t]);
            if (u == (size_t)-1 || a->ratings[t] == b->ratings[u])
                continue;
            json_t *obj = json_object();
            sdm__jset(obj, "medicine", json_string(a->id), &c->bad);
            sdm__jset(obj, "effect", json_string(c->then->ranking->catalogue->items[c->then->terms[t]].id), &c->bad);
            sdm__jset(obj, "then", json_string(sdm_rating_mark(a->ratings[t])), &c->bad);
            sdm__jset(obj, "now", json_string(sdm_rating_mark(b->ratings[u])), &c->bad);
            sdm__jpush(arr, obj, &c->bad);
            sdm__strbuf_appendf(&c->words, "%s's %s was %s, now %s. ", a->name,
                                label_of(c->then->ranking, c->then->terms[t]), sdm_rating_mark(a->ratings[t]),
                                sdm_rating_mark(b->ratings[u]));
        }
    }
    return arr;
}

static json_t *result_changes(comparison *c)
{
    json_t *obj = json_object(), *moved = json_array(), *only_then = json_array(), *only_now = json_array();
    for (size_t i = 0; i < c->then->ranked_count; i++) {
        const sdm_record_entry *a = &c->then->entries[i], *b = entry_of(c->now, a->id);
        if (!b || !b->rank) {
            sdm__jpush(only_then, json_string(a->id), &c->bad);
            sdm__strbuf_appendf(&c->words, "%s was %d, now not ranked. ", a->name, a->rank);
        } else if (a->rank != b->rank) {
            json_t *m = json_object();
            sdm__jset(m, "medicine", json_string(a->id), &c->bad);
            sdm__jset(m, "rank_then", json_integer(a->rank), &c->bad);
            sdm__jset(m, "rank_now", json_integer(b->rank), &c->bad);
            sdm__jpush(moved, m, &c->bad);
            sdm__strbuf_appendf(&c->words, "%s was %d, now %d. ", a->name, a->rank, b->rank);
        }
    }
    for (size_t i = 0; i < c->now->ranked_count; i++) {
        const sdm_record_entry *e = entry_of(c->then, c->now->entries[i].id);
        if (!e || !e->rank) {
            sdm__jpush(only_now, json_string(c->now->entries[i].id), &c->bad);
            sdm__strbuf_appendf(&c->words, "%s is ranked now: %d. ", c->now->entries[i].name, c->now->entries[i].rank);
        }
    }
    sdm__jset(obj, "moved", moved, &c->bad);
    sdm__jset(obj, "only_then", only_then, &c->bad);
    sdm__jset(obj, "only_now", only_now, &c->bad);
    return obj;
}

static json_t *when(const sdm_record *rec, int *bad)
{
    json_t *obj = json_object();
    sdm__jset(obj, "timestamp", text_or_null(rec->timestamp), bad);
    sdm__jset(obj, "data_version", json_string(rec->data_version), bad);
    sdm__jset(obj, "library_version", json_string(rec->library_version), bad);
    return obj;
}

sdm_status sdm_record_compare(const sdm_record *then, const sdm_record *now, char **out)
{
    if (!then || !now || !out)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_record_compare: %s is NULL",
                         !then ? "the first record" : !now ? "the second record" : "the out pointer");
    if (!sdm_catalogue_equal(then->ranking->catalogue, now->ranking->catalogue))
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "the records use the catalogues '%s' and '%s'; they differ",
                         then->ranking->catalogue->name, now->ranking->catalogue->name);
    comparison c = {then, now, SDM_STRBUF_INIT, 0};
    json_t *root = json_object(), *preferences = json_object();
    sdm__jset(root, "format", json_string("sdm-record-comparison"), &c.bad);
    sdm__jset(root, "format_version", json_integer(1), &c.bad);
    sdm__jset(root, "then", when(then, &c.bad), &c.bad);
    sdm__jset(root, "now", when(now, &c.bad), &c.bad);
    sdm__jset(preferences, "avoid", moved_ranks(&c), &c.bad);
    sdm__jset(preferences, "helpful_added", helpful_changes(&c, 1), &c.bad);
    sdm__jset(preferences, "helpful_removed", helpful_changes(&c, 0), &c.bad);
    sdm__jset(root, "preferences", preferences, &c.bad);
    sdm__jset(root, "history", history_changes(&c), &c.bad);
    sdm__jset(root, "context", context_changes(&c), &c.bad);
    if (strcmp(then->data_version, now->data_version) != 0)
        sdm__strbuf_appendf(&c.words, "The data was version %s, now %s. ", then->data_version, now->data_version);
    sdm__jset(root, "data_changed", json_boolean(strcmp(then->data_version, now->data_version) != 0), &c.bad);
    sdm__jset(root, "options", options_changes(&c), &c.bad);
    sdm__jset(root, "ratings", rating_changes(&c), &c.bad);
    sdm__jset(root, "result", result_changes(&c), &c.bad);
    if (c.words.len == 0)
        sdm__strbuf_append(&c.words, "Nothing has changed. ");
    char *words = NULL;
    if (sdm__strbuf_finish(&c.words, &words) != SDM_OK)
        c.bad = 1;
    else
        words[strlen(words) - 1] = '\0'; /* the last space */
    sdm__jset(root, "summary", sdm__jstr(words), &c.bad);
    sdm__free(words);
    return sdm__json_dump(root, c.bad, out);
}
