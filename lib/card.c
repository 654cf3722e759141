/*
 * libsdm - the information card of a medicine (Appendix 2 of the paper tool).
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "evidence-private.h"
#include "json-values.h"
#include "ranking-private.h"

static const char legend[] = "+ uncommon or mild; ++ commoner or moderately severe; +++ common or more severe.";

const char *sdm_card_legend(void)
{
    return legend;
}

static sdm_status check_args(const char *fn, const sdm_profile *p, const sdm_ranking *r)
{
    if (!p)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "%s: the medicine is NULL", fn);
    if (r && !sdm_catalogue_equal(r->catalogue, p->formulary->catalogue))
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "%s: the ranking uses the catalogue '%s', the formulary '%s'",
                         fn, r->catalogue->name, p->formulary->catalogue->name);
    return SDM_OK;
}

/* " [your rank 2]", " [helpful for you]" or "": the person's own mark. */
static void append_marker(sdm_strbuf *sb, const sdm_ranking *r, size_t item)
{
    if (!r)
        return;
    int rank = sdm_ranking_rank_of(r, item);
    if (rank)
        sdm__strbuf_appendf(sb, " [your rank %d]", rank);
    else if (r->helpful[item])
        sdm__strbuf_append(sb, " [helpful for you]");
}

static int is_own(const sdm_ranking *r, size_t item)
{
    return r && (sdm_ranking_rank_of(r, item) || r->helpful[item]);
}

/* Under a line of the card, what a person should know of its evidence: that
 * the sources disagree (a spread of two steps or more), and, for the person's
 * own side effects, the numbers from trials. */
static void append_evidence_lines(sdm_strbuf *sb, const sdm_profile *p, const sdm_ranking *r, size_t item)
{
    const sdm_cell *c = &p->cells[item];
    if (c->spread >= SDM_DISAGREEMENT_SPREAD) {
        sdm__strbuf_append(sb, "      Sources disagree: ");
        sdm__describe_readings(sb, p, item);
        sdm__strbuf_append(sb, "\n");
    }
    for (size_t e = 0; is_own(r, item) && e < c->evidence_count; e++) {
        sdm__strbuf_append(sb, "      ");
        size_t start = sb->len;
        sdm__describe_evidence(sb, &c->evidence[e]);
        if (!sb->failed && sb->len > start && sb->data[start] == 'i')
            sb->data[start] = 'I'; /* "In trials ...": a sentence of its own here */
        sdm__strbuf_append(sb, "\n");
    }
}

static void append_marked(sdm_strbuf *sb, const sdm_profile *p, const sdm_ranking *r)
{
    const sdm_catalogue *cat = p->formulary->catalogue;
    int any = 0;
    for (int rating = SDM_RATING_HIGH; rating >= SDM_RATING_LOW; rating--)
        for (size_t i = 0; i < cat->count; i++) {
            if (p->ratings[i] != rating)
                continue;
            sdm__strbuf_appendf(sb, "  * %s %s", cat->items[i].label, sdm_rating_mark(rating));
            append_marker(sb, r, i);
            sdm__strbuf_append(sb, "\n");
            append_evidence_lines(sb, p, r, i);
            any = 1;
        }
    if (!any)
        sdm__strbuf_append(sb, "  (no side effect is rated above none)\n");
}

/* A line listing the side effects with one rating, or nothing if there are none. */
static void append_list(sdm_strbuf *sb, const char *title, const sdm_profile *p, const sdm_ranking *r,
                        int rating, int own_only)
{
    const sdm_catalogue *cat = p->formulary->catalogue;
    int n = 0;
    for (size_t i = 0; i < cat->count; i++) {
        if (p->ratings[i] != rating || (own_only && !is_own(r, i)))
            continue;
        sdm__strbuf_append(sb, n++ ? "; " : title);
        sdm__strbuf_append(sb, cat->items[i].label);
        append_marker(sb, r, i);
    }
    if (n)
        sdm__strbuf_append(sb, "\n");
    /* what the sources or trials say of the person's own side effects in the list */
    for (size_t i = 0; i < cat->count; i++) {
        const sdm_cell *c = &p->cells[i];
        int evidence = is_own(r, i) && c->evidence_count;
        if (p->ratings[i] != rating || (own_only && !is_own(r, i)) ||
            (c->spread < SDM_DISAGREEMENT_SPREAD && !evidence))
            continue;
        sdm__strbuf_appendf(sb, "    %s:\n", cat->items[i].label);
        append_evidence_lines(sb, p, r, i);
    }
}

static sdm_status card_text(const sdm_profile *p, const sdm_ranking *r, char **out)
{
    sdm_strbuf sb = SDM_STRBUF_INIT;
    sdm__strbuf_append(&sb, p->name);
    if (*p->atc)
        sdm__strbuf_appendf(&sb, " (%s)", p->atc);
    sdm__strbuf_append(&sb, "\n\n");
    append_marked(&sb, p, r);
    sdm__strbuf_append(&sb, "\n");
    if (r)
        append_list(&sb, "Rated none: ", p, r, SDM_RATING_NONE, 1);
    append_list(&sb, "Not known (no source rates it): ", p, r, SDM_RATING_UNKNOWN, 0);
    sdm__strbuf_appendf(&sb, "%s\nData version %s.", legend, p->formulary->version);
    if (*p->formulary->notice)
        sdm__strbuf_appendf(&sb, " %s", p->formulary->notice);
    sdm__strbuf_append(&sb, "\n");
    return sdm__strbuf_finish(&sb, out);
}

sdm_status sdm_card_text(const sdm_profile *p, const sdm_ranking *r, char **out)
{
    sdm_status st = check_args("sdm_card_text", p, r);
    if (st == SDM_OK && !out)
        st = sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_card_text: the out pointer is NULL");
    return st != SDM_OK ? st : card_text(p, r, out);
}

sdm_status sdm_card_format(const sdm_profile *p, const sdm_ranking *r, char *buf, size_t size, size_t *needed)
{
    sdm_status st = check_args("sdm_card_format", p, r);
    if (st == SDM_OK && !buf && size > 0)
        st = sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_card_format: the buffer is NULL but its size is %zu", size);
    char *text;
    if (st != SDM_OK || (st = card_text(p, r, &text)) != SDM_OK)
        return st;
    size_t len = strlen(text);
    if (size > 0) {
        size_t n = len < size - 1 ? len : size - 1;
        memcpy(buf, text, n);
        buf[n] = '\0';
    }
    if (needed)
        *needed = len;
    sdm__free(text);
    return SDM_OK;
}

/* ---- JSON --------------------------------------------------------------- */

/* Text built by a describe function as a JSON string. */
static json_t *described(const sdm_profile *p, size_t item, const sdm_evidence *e, int *bad)
{
    sdm_strbuf sb = SDM_STRBUF_INIT;
    char *text = NULL;
    if (e)
        sdm__describe_evidence(&sb, e);
    else
        sdm__describe_readings(&sb, p, item);
    if (sdm__strbuf_finish(&sb, &text) != SDM_OK) {
        *bad = 1;
        return NULL;
    }
    json_t *value = json_string(text);
    sdm__free(text);
    return value;
}

json_t *sdm__readings_json(const sdm_profile *p, size_t item, int *bad)
{
    const sdm_cell *c = &p->cells[item];
    json_t *arr = json_array();
    for (size_t i = 0; i < c->reading_count; i++) {
        const sdm_reading *rd = &c->readings[i];
        json_t *obj = json_object();
        sdm__jset(obj, "source", json_string(rd->source->key), bad);
        sdm__jset(obj, "source_label", json_string(rd->source->label), bad);
        sdm__jset(obj, "printed", json_string(rd->printed), bad);
        sdm__jset(obj, "value", json_integer(rd->value), bad);
        if (rd->low != rd->value)
            sdm__jset(obj, "low", json_integer(rd->low), bad);
        sdm__jpush(arr, obj, bad);
    }
    return arr;
}

json_t *sdm__evidence_json(const sdm_profile *p, size_t item, int *bad)
{
    const sdm_cell *c = &p->cells[item];
    json_t *arr = json_array();
    for (size_t i = 0; i < c->evidence_count; i++) {
        const sdm_evidence *e = &c->evidence[i];
        json_t *obj = json_object();
        sdm__jset(obj, "source", json_string(e->source->key), bad);
        sdm__jset(obj, "outcome", json_string(e->outcome), bad);
        sdm__jset(obj, "kind", json_string(sdm_measure_id(e->measure)), bad);
        sdm__jset(obj, "value", json_real(e->value), bad);
        if (*e->unit)
            sdm__jset(obj, "unit", json_string(e->unit), bad);
        sdm__jset(obj, "versus", json_string(e->versus), bad);
        sdm__jset(obj, "confidence", json_string(sdm_confidence_id(e->confidence)), bad);
        sdm__jset(obj, "words", described(p, item, e, bad), bad);
        sdm__jpush(arr, obj, bad);
    }
    return arr;
}

static json_t *item_json(const sdm_profile *p, const sdm_ranking *r, size_t i, int *bad)
{
    const sdm_catalogue *cat = p->formulary->catalogue;
    int rating = p->ratings[i];
    json_t *obj = json_object();
    sdm__jset(obj, "effect", json_string(cat->items[i].id), bad);
    sdm__jset(obj, "label", json_string(cat->items[i].label), bad);
    sdm__jset(obj, "rating", rating == SDM_RATING_UNKNOWN ? json_string("unknown") : json_integer(rating), bad);
    sdm__jset(obj, "mark", json_string(sdm_rating_mark(rating)), bad);
    sdm__jset(obj, "source", sdm__jstr(sdm_profile_rating_source(p, i)), bad);
    if (r && sdm_ranking_rank_of(r, i))
        sdm__jset(obj, "your_rank", json_integer(sdm_ranking_rank_of(r, i)), bad);
    if (r && r->helpful[i])
        sdm__jset(obj, "helpful_for_you", json_true(), bad);
    sdm__jset(obj, "spread", p->cells[i].spread < 0 ? json_null() : json_integer(p->cells[i].spread), bad);
    if (p->cells[i].spread >= SDM_DISAGREEMENT_SPREAD)
        sdm__jset(obj, "disagreement", described(p, i, NULL, bad), bad);
    sdm__jset(obj, "readings", sdm__readings_json(p, i, bad), bad);
    sdm__jset(obj, "evidence", sdm__evidence_json(p, i, bad), bad);
    return obj;
}

static json_t *items_json(const sdm_profile *p, const sdm_ranking *r, int lowest, int highest, int own_only,
                          int *bad)
{
    const sdm_catalogue *cat = p->formulary->catalogue;
    json_t *arr = json_array();
    for (int rating = highest; rating >= lowest; rating--)
        for (size_t i = 0; i < cat->count; i++)
            if (p->ratings[i] == rating && (!own_only || is_own(r, i)))
                sdm__jpush(arr, item_json(p, r, i, bad), bad);
    return arr;
}

sdm_status sdm_card_to_json(const sdm_profile *p, const sdm_ranking *r, char **out)
{
    sdm_status st = check_args("sdm_card_to_json", p, r);
    if (st == SDM_OK && !out)
        st = sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_card_to_json: the out pointer is NULL");
    if (st != SDM_OK)
        return st;
    int bad = 0;
    json_t *root = json_object();
    sdm__jset(root, "format", json_string("sdm-card"), &bad);
    sdm__jset(root, "format_version", json_integer(1), &bad);
    sdm__jset(root, "id", json_string(p->id), &bad);
    sdm__jset(root, "name", json_string(p->name), &bad);
    sdm__jset(root, "atc", json_string(p->atc), &bad);
    sdm__jset(root, "items", items_json(p, r, SDM_RATING_LOW, SDM_RATING_HIGH, 0, &bad), &bad);
    sdm__jset(root, "rated_none", items_json(p, r, SDM_RATING_NONE, SDM_RATING_NONE, 1, &bad), &bad);
    sdm__jset(root, "not_known", items_json(p, r, SDM_RATING_UNKNOWN, SDM_RATING_UNKNOWN, 0, &bad), &bad);
    sdm__jset(root, "legend", json_string(legend), &bad);
    sdm__jset(root, "data_version", json_string(p->formulary->version), &bad);
    sdm__jset(root, "notice", json_string(p->formulary->notice), &bad);
    return sdm__json_dump(root, bad, out);
}
