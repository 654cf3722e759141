/*
 * libsdm - the decision record as JSON (`sdm-record`): writing it, and
 * reading it back with every field checked, and the changes since a record
 * (`sdm-record-changes`).
 *
 * A record is evidence of what a person was shown, so re-opening one checks
 * everything it holds and that the parts agree: a record whose result was
 * edited, whose versions disagree or whose result does not follow from its
 * own ranking is refused with the key that is wrong, never loaded as valid.
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <string.h>

#include "acceptability-json.h"
#include "catalogue-private.h"
#include "json-values.h"
#include "match-private.h"
#include "record-private.h"
#include "strbuf.h"
#include "text.h"

/* ---- writing ------------------------------------------------------------ */

static sdm_status check_timestamp(const char *timestamp)
{
    char why[96];
    if (timestamp && strlen(timestamp) > SDM_MAX_STRING)
        return sdm__fail(SDM_ERR_LIMIT, "the timestamp is longer than %d bytes", SDM_MAX_STRING);
    if (timestamp && sdm__text_problem(timestamp, 1, why, sizeof why))
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "the timestamp %s", why);
    return SDM_OK;
}

static void formulary_jw(sdm_jsonw *w, const sdm_formulary *f)
{
    sdm__jw_object(w);
    sdm__jw_kstring(w, "id", f->name);
    sdm__jw_kstring(w, "title", f->title);
    sdm__jw_kstring(w, "version", f->version);
    sdm__jw_kstring(w, "catalogue", f->catalogue->name);
    sdm__jw_kstring(w, "catalogue_version", f->catalogue->version);
    sdm__jw_object_end(w);
}

static void feedback_jw(sdm_jsonw *w, const sdm_feedback *fb)
{
    sdm__jw_object(w);
    sdm__jw_kstring(w, "instrument", sdm_instrument_id(fb->instrument));
    if (*fb->version)
        sdm__jw_kstring(w, "version", fb->version);
    sdm__jw_key(w, "items");
    sdm__jw_array(w);
    for (size_t i = 0; i < fb->count; i++)
        sdm__jw_int(w, fb->items[i]);
    sdm__jw_array_end(w);
    sdm__jw_kreal(w, "score", sdm_feedback_score(fb));
    if (fb->instrument == SDM_INSTRUMENT_COLLABORATE)
        sdm__jw_kbool(w, "top_score", sdm_feedback_top_score(fb));
    sdm__jw_object_end(w);
}

sdm_status sdm_record_to_json(const sdm_match *m, const char *timestamp, char **out)
{
    return sdm_record_to_json_with_feedback(m, timestamp, NULL, out);
}

sdm_status sdm_record_to_json_with_feedback(const sdm_match *m, const char *timestamp, const sdm_feedback *fb,
                                            char **out)
{
    if (!m || !out)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_record_to_json: %s is NULL",
                         !m ? "the match" : "the out pointer");
    sdm_status st = check_timestamp(timestamp);
    if (st != SDM_OK)
        return st;
    const sdm_formulary *f = m->formulary;
    sdm_jsonw w;
    /* About 1.5 KB a ranked medicine besides its ratings and some 300 bytes
     * a rating (six terms: 3.3 KB), and a few KB besides, so the buffer is
     * sized once rather than doubled (a copy of some 60 KB). */
    sdm__jw_init_sized(&w, 4096 + (1536 + 384 * m->term_count) * m->count + 256 * m->excluded_count);
    sdm__jw_object(&w);
    sdm__jw_kstring(&w, "format", "sdm-record");
    sdm__jw_kint(&w, "format_version", 1);
    if (timestamp)
        sdm__jw_kstring(&w, "timestamp", timestamp);
    sdm__jw_kstring(&w, "library_version", SDM_VERSION_STRING);
    sdm__jw_kstring(&w, "data_version", f->version);
    sdm__jw_key(&w, "formulary");
    formulary_jw(&w, f);
    sdm__jw_kstring(&w, "notice", f->notice);
    sdm__jw_kstring(&w, "completed_by", sdm_completed_by_id(m->ranking->completed_by));
    sdm__jw_key(&w, "ranking");
    sdm__ranking_jw(&w, m->ranking);
    sdm__jw_key(&w, "options");
    sdm__options_jw(&w, m->options);
    /* The readings and numbers of each rating are the data's, which the data
     * version names; the record keeps what the person was shown. */
    sdm__jw_key(&w, "result");
    sdm__match_jw(&w, m, 0);
    if (fb) {
        sdm__jw_key(&w, "feedback");
        feedback_jw(&w, fb);
    }
    /* The match's own analysis (none for a ranking with nothing to be sure of). */
    if (m->acceptability)
        sdm__acc_jw(&w, m->acceptability);
    sdm__jw_object_end(&w);
    /* What the loaders cannot read back is not written. */
    size_t n = w.sb.len;
    if ((st = sdm__jw_finish(&w, out)) != SDM_OK)
        return st;
    if (n > SDM_MAX_DOCUMENT) {
        sdm__free(*out);
        *out = NULL;
        return sdm__fail(SDM_ERR_LIMIT,
                         "the decision record would be %zu bytes, more than the %u a record may have "
                         "(SDM_MAX_DOCUMENT) to be read back", n, SDM_MAX_DOCUMENT);
    }
    return SDM_OK;
}

/* ---- reading ------------------------------------------------------------ */

typedef struct reader {
    const sdm_json_doc *doc;
    const sdm_catalogue *cat;
    sdm_record *rec;
} reader;

/* A copy of loaded text into the record; "" for NULL. */
static sdm_status keep(char **to, const char *s)
{
    *to = sdm__strdup_or_empty(s);
    return *to ? SDM_OK : sdm__fail_no_memory();
}

/* "formulary": {"id", "title", "version", "catalogue", "catalogue_version"}. */
static sdm_status read_formulary(reader *r, const char *data_version)
{
    static const char *const keys[] = {"id", "title", "version", "catalogue", "catalogue_version", NULL};
    const sdm_json_doc *doc = r->doc;
    json_t *data = json_object_get(doc->root, "formulary");
    const char *id, *title, *version, *catalogue, *catalogue_version;
    if (!data)
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, "", "the key 'formulary' is missing");
    sdm_status st = sdm__json_check_object(doc, data, "formulary", keys);
    if (st == SDM_OK)
        st = sdm__json_string(doc, data, "formulary", "id", 1, &id);
    if (st == SDM_OK)
        st = sdm__json_string(doc, data, "formulary", "title", 1, &title);
    if (st == SDM_OK)
        st = sdm__json_string(doc, data, "formulary", "version", 1, &version);
    if (st == SDM_OK)
        st = sdm__json_id(doc, data, "formulary", "catalogue", 1, &catalogue);
    if (st == SDM_OK)
        st = sdm__json_string(doc, data, "formulary", "catalogue_version", 1, &catalogue_version);
    if (st != SDM_OK)
        return st;
    if (strcmp(version, data_version) != 0)
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, "formulary.version",
                              "the data version is '%s' here and '%s' at the top of the record", version, data_version);
    if (strcmp(catalogue, r->cat->name) != 0)
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, catalogue, "formulary.catalogue",
                              "the record was made with the catalogue '%s', not '%s'", catalogue, r->cat->name);
    return keep(&r->rec->formulary_id, id);
}

static sdm_status read_header(reader *r)
{
    static const char *const keys[] = {"format", "format_version", "timestamp", "library_version",
                                       "data_version", "formulary", "notice", "completed_by", "ranking",
                                       "options", "result", "feedback", "acceptability", NULL};
    const sdm_json_doc *doc = r->doc;
    const char *data_version, *library_version, *timestamp, *notice;
    sdm_status st = sdm__json_check_format(doc, "sdm-record");
    if (st == SDM_OK)
        st = sdm__json_check_object(doc, doc->root, "", keys);
    if (st == SDM_OK)
        st = sdm__json_string(doc, doc->root, "", "data_version", 1, &data_version);
    if (st == SDM_OK)
        st = sdm__json_string(doc, doc->root, "", "library_version", 1, &library_version);
    if (st == SDM_OK)
        st = sdm__json_string(doc, doc->root, "", "timestamp", 0, &timestamp);
    if (st == SDM_OK)
        st = sdm__json_string(doc, doc->root, "", "notice", 1, &notice);
    if (st == SDM_OK)
        st = read_formulary(r, data_version);
    if (st == SDM_OK)
        st = keep(&r->rec->data_version, data_version);
    if (st == SDM_OK)
        st = keep(&r->rec->library_version, library_version);
    if (st == SDM_OK)
        st = keep(&r->rec->timestamp, timestamp);
    if (st == SDM_OK)
        st = keep(&r->rec->notice, notice);
    return st;
}

static sdm_status read_person(reader *r)
{
    const sdm_json_doc *doc = r->doc;
    json_t *ranking = json_object_get(doc->root, "ranking"), *options = json_object_get(doc->root, "options");
    const char *completed_by;
    if (!ranking)
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, "", "the key 'ranking' is missing");
    if (!options)
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, "", "the key 'options' is missing");
    sdm_status st = sdm__ranking_from_value(r->cat, doc, ranking, "ranking", &r->rec->ranking);
    if (st == SDM_OK)
        st = sdm__options_from_value(doc, options, "options", &r->rec->options);
    if (st == SDM_OK)
        st = sdm__json_id(doc, doc->root, "", "completed_by", 1, &completed_by);
    if (st != SDM_OK)
        return st;
    const char *in_ranking = sdm_completed_by_id(r->rec->ranking->completed_by);
    if (strcmp(completed_by, in_ranking) != 0)
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, "completed_by",
                              "who completed the form: '%s' here, '%s' in the record's ranking", completed_by,
                              in_ranking);
    return SDM_OK;
}

/* The result's terms are the ranking's: ranked side effects in rank order,
 * then the helpful ones in catalogue order. Returns their count. */
static sdm_status read_terms(const reader *r, json_t *result, size_t *count)
{
    static const char *const keys[] = {"effect", "label", "rank", "helpful", "weight", NULL};
    const sdm_json_doc *doc = r->doc;
    const sdm_ranking *rk = r->rec->ranking;
    size_t expected[SDM_MAX_ITEMS + SDM_MAX_RANK];
    int ranks[SDM_MAX_ITEMS + SDM_MAX_RANK];
    size_t n = 0;
    for (int rank = 1; rank <= rk->max_rank; rank++)
        if (rk->by_rank[rank] != SDM_NO_ITEM) {
            ranks[n] = rank;
            expected[n++] = rk->by_rank[rank];
        }
    for (size_t i = 0; i < r->cat->count; i++)
        if (rk->helpful[i]) {
            ranks[n] = 0;
            expected[n++] = i;
        }
    json_t *terms;
    sdm_status st = sdm__json_array(doc, result, "result", "terms", 1, &terms);
    if (st != SDM_OK)
        return st;
    if (json_array_size(terms) != n)
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, "result.terms",
                              "%zu terms, but the record's ranking has %zu side effects ranked or helpful",
                              json_array_size(terms), n);
    for (size_t t = 0; t < n; t++) {
        char path[SDM_JSON_PATH];
        const char *effect;
        json_t *term = json_array_get(terms, t);
        sdm__path(path, sizeof path, "result.terms[%zu]", t);
        st = sdm__json_check_object(doc, term, path, keys);
        if (st == SDM_OK)
            st = sdm__json_id(doc, term, path, "effect", 1, &effect);
        if (st != SDM_OK)
            return st;
        json_t *rank = json_object_get(term, "rank");
        int given = json_is_integer(rank) ? (int)json_integer_value(rank) : 0;
        if (strcmp(effect, r->cat->items[expected[t]].id) != 0 || given != ranks[t] ||
            (ranks[t] == 0) != json_is_true(json_object_get(term, "helpful")))
            return sdm__json_fail(doc, SDM_ERR_SCHEMA, effect, path,
                                  "the term '%s' is not the ranking's: expected '%s' %s %d", effect,
                                  r->cat->items[expected[t]].id, ranks[t] ? "at rank" : "helpful, term",
                                  ranks[t] ? ranks[t] : (int)t + 1);
    }
    if (n) { /* a record with no term at all keeps none (and copies nothing: memcpy wants a buffer) */
        if (!(r->rec->terms = sdm__malloc(n * sizeof *r->rec->terms)))
            return sdm__fail_no_memory();
        memcpy(r->rec->terms, expected, n * sizeof *expected);
    }
    r->rec->term_count = n;
    *count = n;
    return SDM_OK;
}

static int seen_before(const sdm_record *rec, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(rec->entries[i].id, id) == 0)
            return 1;
    return 0;
}

static sdm_status read_entry_names(const reader *r, json_t *entry, const char *path, size_t at)
{
    const char *id, *name;
    sdm_status st = sdm__json_id(r->doc, entry, path, "id", 1, &id);
    if (st == SDM_OK)
        st = sdm__json_label(r->doc, entry, path, "name", 1, &name);
    if (st != SDM_OK)
        return st;
    if (seen_before(r->rec, at, id))
        return sdm__json_fail(r->doc, SDM_ERR_DUPLICATE, NULL, path, "the medicine '%s' is in the result twice", id);
    sdm_record_entry *e = &r->rec->entries[at];
    if (keep(&e->id, id) != SDM_OK || keep(&e->name, name) != SDM_OK)
        return sdm__fail_no_memory();
    return SDM_OK;
}

/* Each term's rating of a ranked entry: the term's side effect, and a rating
 * 0..3 or "unknown". */
static sdm_status read_entry_ratings(const reader *r, json_t *ratings, const char *path, sdm_record_entry *e)
{
    const sdm_json_doc *doc = r->doc;
    if (r->rec->term_count && !(e->ratings = sdm__malloc(r->rec->term_count)))
        return sdm__fail_no_memory();
    for (size_t t = 0; t < r->rec->term_count; t++) {
        char where[SDM_JSON_PATH];
        json_t *rating = json_array_get(ratings, t);
        const char *effect;
        sdm__path(where, sizeof where, "%s.ratings[%zu]", path, t);
        if (!json_is_object(rating))
            return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, where, "expected an object");
        sdm_status st = sdm__json_id(doc, rating, where, "effect", 1, &effect);
        if (st != SDM_OK)
            return st;
        if (strcmp(effect, r->cat->items[r->rec->terms[t]].id) != 0)
            return sdm__json_fail(doc, SDM_ERR_SCHEMA, effect, where, "the rating of '%s' where the term is '%s'",
                                  effect, r->cat->items[r->rec->terms[t]].id);
        json_t *v = json_object_get(rating, "rating");
        if (json_is_string(v) && strcmp(json_string_value(v), "unknown") == 0)
            e->ratings[t] = SDM_RATING_UNKNOWN;
        else if (json_is_integer(v) && json_integer_value(v) >= 0 && json_integer_value(v) <= 3)
            e->ratings[t] = (signed char)json_integer_value(v);
        else
            return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, where, "the rating must be 0, 1, 2, 3 or \"unknown\"");
    }
    return SDM_OK;
}

/* One ranked entry: its rank follows the one before (the same for a tie, its
 * position + 1 otherwise), its score is finite and not below the one before,
 * and it rates the result's terms. */
static sdm_status read_ranked(const reader *r, json_t *entry, const char *path, size_t at, size_t terms)
{
    static const char *const keys[] = {"id", "name", "rank", "score", "unknown_count", "reason", "ratings",
                                       "serious_risks", "requirements", "history", "efficacy", NULL};
    const sdm_json_doc *doc = r->doc;
    sdm_record_entry *e = &r->rec->entries[at];
    long long rank, unknown;
    const char *reason;
    json_t *ratings;
    sdm_status st = sdm__json_check_object(doc, entry, path, keys);
    if (st == SDM_OK)
        st = read_entry_names(r, entry, path, at);
    if (st == SDM_OK)
        st = sdm__json_integer(doc, entry, path, "rank", 1, 1, SDM_MAX_MEDICATIONS, &rank);
    if (st == SDM_OK)
        st = sdm__json_integer(doc, entry, path, "unknown_count", 1, 0, (long long)terms, &unknown);
    if (st == SDM_OK)
        st = sdm__json_string(doc, entry, path, "reason", 1, &reason);
    if (st == SDM_OK)
        st = sdm__json_array(doc, entry, path, "ratings", 1, &ratings);
    if (st != SDM_OK)
        return st;
    json_t *efficacy = json_object_get(entry, "efficacy"); /* efficacy.h: shown, never read back */
    if (efficacy && !json_is_object(efficacy))
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, path, "'efficacy' must be an object");
    json_t *score = json_object_get(entry, "score");
    if (!json_is_number(score) || !isfinite(json_number_value(score)))
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, path, "'score' must be a finite number");
    e->rank = (int)rank;
    e->score = json_number_value(score);
    const sdm_record_entry *prev = at ? &r->rec->entries[at - 1] : NULL;
    int tie = prev && e->rank == prev->rank;
    if (e->rank != (tie ? prev->rank : (int)at + 1))
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, path,
                              "rank %d at place %zu: ranks run 1, 2, 3, ... with ties sharing the first place of their "
                              "group", e->rank, at + 1);
    /* Tied scores are listed by name, so only a new place must not score lower. */
    if (prev && !tie && e->score < prev->score)
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, path,
                              "the score %.17g is below the one before (%.17g): the result is in order of score",
                              e->score, prev->score);
    if (json_array_size(ratings) != terms)
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, path, "%zu ratings for %zu terms",
                              json_array_size(ratings), terms);
    return read_entry_ratings(r, ratings, path, e);
}

static sdm_status read_excluded(const reader *r, json_t *entry, const char *path, size_t at)
{
    static const char *const keys[] = {"id", "name", "kind", "reason", NULL};
    const sdm_json_doc *doc = r->doc;
    sdm_record_entry *e = &r->rec->entries[at];
    const char *kind, *reason;
    sdm_status st = sdm__json_check_object(doc, entry, path, keys);
    if (st == SDM_OK)
        st = read_entry_names(r, entry, path, at);
    if (st == SDM_OK)
        st = sdm__json_id(doc, entry, path, "kind", 1, &kind);
    if (st == SDM_OK)
        st = sdm__json_label(doc, entry, path, "reason", 1, &reason);
    if (st != SDM_OK)
        return st;
    int k = 1;
    while (sdm_exclusion_id((sdm_exclusion)k) && strcmp(sdm_exclusion_id((sdm_exclusion)k), kind) != 0)
        k++;
    if (!sdm_exclusion_id((sdm_exclusion)k))
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, kind, path, "'%s' is not a kind of exclusion", kind);
    e->kind = (sdm_exclusion)k;
    e->score = NAN;
    return keep(&e->reason, reason);
}

static sdm_status read_result(reader *r)
{
    static const char *const keys[] = {"format", "format_version", "library_version", "data_version", "formulary",
                                       "notice", "terms", "ranked", "excluded", "warnings", "context", NULL};
    const sdm_json_doc *doc = r->doc;
    json_t *result = json_object_get(doc->root, "result");
    const char *format, *data_version, *formulary;
    json_t *ranked, *excluded;
    size_t terms = 0;
    if (!result)
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, "", "the key 'result' is missing");
    sdm_status st = sdm__json_check_object(doc, result, "result", keys);
    if (st == SDM_OK)
        st = sdm__json_string(doc, result, "result", "format", 1, &format);
    if (st == SDM_OK && strcmp(format, "sdm-match") != 0)
        st = sdm__json_fail(doc, SDM_ERR_SCHEMA, format, "result.format", "expected \"sdm-match\", found \"%s\"", format);
    if (st == SDM_OK)
        st = sdm__json_string(doc, result, "result", "data_version", 1, &data_version);
    if (st == SDM_OK && strcmp(data_version, r->rec->data_version) != 0)
        st = sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, "result.data_version",
                            "the data version is '%s' here and '%s' at the top of the record", data_version,
                            r->rec->data_version);
    if (st == SDM_OK)
        st = sdm__json_string(doc, result, "result", "formulary", 1, &formulary);
    if (st == SDM_OK && strcmp(formulary, r->rec->formulary_id) != 0)
        st = sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, "result.formulary",
                            "the formulary is '%s' here and '%s' in the record's \"formulary\"", formulary,
                            r->rec->formulary_id);
    if (st == SDM_OK)
        st = read_terms(r, result, &terms);
    if (st == SDM_OK)
        st = sdm__json_array(doc, result, "result", "ranked", 1, &ranked);
    if (st == SDM_OK)
        st = sdm__json_array(doc, result, "result", "excluded", 1, &excluded);
    if (st != SDM_OK)
        return st;
    size_t n = json_array_size(ranked), x = json_array_size(excluded);
    if (n + x > SDM_MAX_MEDICATIONS)
        return sdm__json_fail(doc, SDM_ERR_LIMIT, NULL, "result", "%zu medicines, more than the limit of %d", n + x,
                              SDM_MAX_MEDICATIONS);
    sdm_record *rec = r->rec;
    if (n + x && !(rec->entries = sdm__calloc(n + x, sizeof *rec->entries)))
        return sdm__fail_no_memory();
    for (size_t i = 0; st == SDM_OK && i < n + x; i++) {
        char path[SDM_JSON_PATH];
        sdm__path(path, sizeof path, "result.%s[%zu]", i < n ? "ranked" : "excluded", i < n ? i : i - n);
        if (i < n) {
            rec->ranked_count = i + 1; /* what is there to free */
            st = read_ranked(r, json_array_get(ranked, i), path, i, terms);
        } else {
            rec->excluded_count = i - n + 1;
            st = read_excluded(r, json_array_get(excluded, i - n), path, i);
        }
    }
    return st;
}

/* "feedback": the instrument, its items (checked by sdm_feedback_new()), and
 * the scores, which must be the items' own: a record is evidence. */
static sdm_status read_feedback(reader *r)
{
    static const char *const keys[] = {"instrument", "version", "items", "score", "top_score", NULL};
    const sdm_json_doc *doc = r->doc;
    json_t *value = json_object_get(doc->root, "feedback"), *items;
    const char *id, *version;
    sdm_instrument instrument = SDM_INSTRUMENT_COLLABORATE;
    int scores[16];
    if (!value)
        return SDM_OK;
    sdm_status st = sdm__json_check_object(doc, value, "feedback", keys);
    if (st == SDM_OK)
        st = sdm__json_id(doc, value, "feedback", "instrument", 1, &id);
    if (st == SDM_OK && sdm__instrument_from_id(id, &instrument) != SDM_OK)
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, id, "feedback.instrument", "%s", sdm_last_error());
    if (st == SDM_OK)
        st = sdm__json_string(doc, value, "feedback", "version", 0, &version);
    if (st == SDM_OK)
        st = sdm__json_array(doc, value, "feedback", "items", 1, &items);
    if (st != SDM_OK)
        return st;
    size_t n = json_array_size(items);
    for (size_t i = 0; i < n && i < 16; i++) {
        json_t *v = json_array_get(items, i);
        if (!json_is_integer(v) || json_integer_value(v) < -1 || json_integer_value(v) > 100)
            return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, "feedback.items", "item %zu must be a score", i + 1);
        scores[i] = (int)json_integer_value(v);
    }
    if ((st = sdm_feedback_new(instrument, version, scores, n > 16 ? 16 : n, &r->rec->feedback)) != SDM_OK)
        return sdm__json_fail(doc, st == SDM_ERR_NO_MEMORY ? st : SDM_ERR_SCHEMA, NULL, "feedback.items", "%s",
                              sdm_last_error());
    json_t *score = json_object_get(value, "score"), *top = json_object_get(value, "top_score");
    if (!json_is_number(score) || json_number_value(score) != sdm_feedback_score(r->rec->feedback))
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, "feedback.score",
                              "the score must be that of the items (%.17g)", sdm_feedback_score(r->rec->feedback));
    if (instrument == SDM_INSTRUMENT_COLLABORATE &&
        (!json_is_boolean(top) || json_is_true(top) != sdm_feedback_top_score(r->rec->feedback)))
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, "feedback.top_score",
                              "the top score must be that of the items (%s)",
                              sdm_feedback_top_score(r->rec->feedback) ? "true" : "false");
    if (instrument != SDM_INSTRUMENT_COLLABORATE && top)
        return sdm__json_fail(doc, SDM_ERR_SCHEMA, NULL, "feedback.top_score", "only CollaboRATE has a top score");
    return SDM_OK;
}

sdm_status sdm_record_from_json(const sdm_catalogue *cat, const char *json, size_t len, sdm_record **out)
{
    if (!cat || !out)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_record_from_json: %s is NULL",
                         !cat ? "the catalogue" : "the out pointer");
    sdm_json_doc doc;
    sdm_status st = sdm__json_parse(&doc, "<json>", json, len);
    if (st != SDM_OK)
        return st;
    reader r = {&doc, cat, sdm__record_new()};
    if (!r.rec) {
        json_decref(doc.root);
        return sdm__fail_no_memory();
    }
    st = read_header(&r);
    if (st == SDM_OK)
        st = read_person(&r);
    if (st == SDM_OK)
        st = read_result(&r);
    if (st == SDM_OK)
        st = read_feedback(&r);
    if (st == SDM_OK)
        st = sdm__acc_record_check(&doc, r.rec, cat);
    json_decref(doc.root);
    if (st != SDM_OK) {
        sdm_record_free(r.rec);
        return st;
    }
    *out = r.rec;
    return SDM_OK;
}

/* ---- what changed ------------------------------------------------------- */

static json_t *versions_json(const char *then, const char *now, int *bad)
{
    json_t *obj = json_object();
    sdm__jset(obj, "then", json_string(then), bad);
    sdm__jset(obj, "now", json_string(now), bad);
    return obj;
}

static json_t *medicine_json(const char *id, const char *name, int *bad)
{
    json_t *obj = json_object();
    sdm__jset(obj, "id", json_string(id), bad);
    sdm__jset(obj, "name", json_string(name), bad);
    return obj;
}

/* Where a medicine is in a match now: 1-based rank, 0 excluded (`reason` set), -1 absent. */
static int place_now(const sdm_match *m, const char *id, const char **reason)
{
    for (size_t i = 0; i < sdm_match_count(m); i++)
        if (strcmp(sdm_profile_id(sdm_match_profile(m, i)), id) == 0)
            return sdm_match_rank(m, i);
    for (size_t i = 0; i < sdm_match_excluded_count(m); i++)
        if (strcmp(sdm_profile_id(sdm_match_excluded_profile(m, i)), id) == 0) {
            *reason = sdm_match_excluded_reason(m, i);
            return 0;
        }
    return -1;
}

static const sdm_record_entry *entry_of(const sdm_record *rec, const char *id)
{
    for (size_t i = 0; i < rec->ranked_count + rec->excluded_count; i++)
        if (strcmp(rec->entries[i].id, id) == 0)
            return &rec->entries[i];
    return NULL;
}

typedef struct changes {
    json_t *removed, *added, *moved, *now_excluded, *now_ranked;
    sdm_strbuf words;
} changes;

static void compare_record_entries(const sdm_record *rec, const sdm_match *m, changes *c, int *bad)
{
    for (size_t i = 0; i < rec->ranked_count + rec->excluded_count; i++) {
        const sdm_record_entry *e = &rec->entries[i];
        const char *reason = NULL;
        int now = place_now(m, e->id, &reason);
        json_t *obj = medicine_json(e->id, e->name, bad);
        if (now < 0) {
            sdm__jpush(c->removed, obj, bad);
            sdm__strbuf_appendf(&c->words, "%s is no longer in the formulary. ", e->name);
        } else if (e->rank && now && now != e->rank) {
            sdm__jset(obj, "rank_then", json_integer(e->rank), bad);
            sdm__jset(obj, "rank_now", json_integer(now), bad);
            sdm__jpush(c->moved, obj, bad);
            sdm__strbuf_appendf(&c->words, "%s was %d, now %d. ", e->name, e->rank, now);
        } else if (e->rank && !now) {
            sdm__jset(obj, "rank_then", json_integer(e->rank), bad);
            sdm__jset(obj, "reason", json_string(reason), bad);
            sdm__jpush(c->now_excluded, obj, bad);
            sdm__strbuf_appendf(&c->words, "%s was %d, now left out: %s. ", e->name, e->rank, reason);
        } else if (!e->rank && now) {
            sdm__jset(obj, "rank_now", json_integer(now), bad);
            sdm__jpush(c->now_ranked, obj, bad);
            sdm__strbuf_appendf(&c->words, "%s was left out (%s), now %d. ", e->name, e->reason, now);
        } else {
            json_decref(obj);
        }
    }
}

static void find_added(const sdm_record *rec, const sdm_match *m, changes *c, int *bad)
{
    for (size_t i = 0; i < sdm_match_count(m); i++) {
        const sdm_profile *p = sdm_match_profile(m, i);
        if (entry_of(rec, sdm_profile_id(p)))
            continue;
        json_t *obj = medicine_json(sdm_profile_id(p), sdm_profile_name(p), bad);
        sdm__jset(obj, "rank_now", json_integer(sdm_match_rank(m, i)), bad);
        sdm__jpush(c->added, obj, bad);
        sdm__strbuf_appendf(&c->words, "%s is new to the formulary, now %d. ", sdm_profile_name(p), sdm_match_rank(m, i));
    }
}

sdm_status sdm__record_changes_json(const sdm_record *rec, const sdm_match *m, const sdm_match_options *asked,
                                    char **out)
{
    int bad = 0;
    changes c = {json_array(), json_array(), json_array(), json_array(), json_array(), SDM_STRBUF_INIT};
    const char *version_now = sdm_match_data_version(m);
    if (strcmp(rec->data_version, version_now) != 0)
        sdm__strbuf_appendf(&c.words, "The data was version %s, now %s. ", rec->data_version, version_now);
    compare_record_entries(rec, m, &c, &bad);
    find_added(rec, m, &c, &bad);
    json_t *dropped = json_array();
    const sdm_match_options *used = sdm_match_options_used(m);
    for (size_t i = 0; i < asked->exclude_count; i++) {
        size_t j = 0;
        while (j < used->exclude_count && strcmp(used->excludes[j].id, asked->excludes[i].id) != 0)
            j++;
        if (j == used->exclude_count)
            sdm__jpush(dropped, json_string(asked->excludes[i].id), &bad);
    }
    json_t *history_dropped = json_array();
    for (size_t h = 0; h < rec->ranking->history_count; h++)
        if (sdm__formulary_index(m->formulary, rec->ranking->history[h].medicine) == (size_t)-1)
            sdm__jpush(history_dropped, json_string(rec->ranking->history[h].medicine), &bad);
    if (c.words.len == 0)
        sdm__strbuf_append(&c.words, "Nothing has changed. ");
    char *words = NULL;
    if (sdm__strbuf_finish(&c.words, &words) != SDM_OK)
        bad = 1;
    else if (words[strlen(words) - 1] == ' ')
        words[strlen(words) - 1] = '\0';
    json_t *root = json_object();
    sdm__jset(root, "format", json_string("sdm-record-changes"), &bad);
    sdm__jset(root, "format_version", json_integer(1), &bad);
    sdm__jset(root, "data_version", versions_json(rec->data_version, version_now, &bad), &bad);
    sdm__jset(root, "library_version", versions_json(rec->library_version, SDM_VERSION_STRING, &bad), &bad);
    sdm__jset(root, "removed", c.removed, &bad);
    sdm__jset(root, "added", c.added, &bad);
    sdm__jset(root, "moved", c.moved, &bad);
    sdm__jset(root, "excluded_now", c.now_excluded, &bad);
    sdm__jset(root, "ranked_now", c.now_ranked, &bad);
    sdm__jset(root, "exclusions_dropped", dropped, &bad);
    sdm__jset(root, "history_dropped", history_dropped, &bad);
    sdm__jset(root, "summary", sdm__jstr(words), &bad);
    sdm__free(words);
    return sdm__json_dump(root, bad, out);
}
