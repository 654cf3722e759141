/*
 * libsdm - the information card of a medicine (Appendix 2 of the paper tool)
 * as text (its JSON: card-json.c): its side effects, then what a clinician
 * must see beside them (serious risks, restrictions, products, licences).
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "acceptability-private.h"
#include "card-private.h"
#include "clinical-private.h"
#include "efficacy-private.h"
#include "evidence-private.h"
#include "match-private.h"
#include "ranking-private.h"
#include "vocabulary.h"

static const char legend[] = "+ uncommon or mild; ++ commoner or moderately severe; +++ common or more severe.";

const char *sdm_card_legend(void)
{
    return legend;
}

sdm_status sdm__card_check_args(const char *fn, const sdm_profile *p, const sdm_ranking *r)
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

int sdm__card_is_own(const sdm_ranking *r, size_t item)
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
    for (size_t e = 0; sdm__card_is_own(r, item) && e < c->evidence_count; e++) {
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
        if (p->ratings[i] != rating || (own_only && !sdm__card_is_own(r, i)))
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
        int evidence = sdm__card_is_own(r, i) && c->evidence_count;
        if (p->ratings[i] != rating || (own_only && !sdm__card_is_own(r, i)) ||
            (c->spread < SDM_DISAGREEMENT_SPREAD && !evidence))
            continue;
        sdm__strbuf_appendf(sb, "    %s:\n", cat->items[i].label);
        append_evidence_lines(sb, p, r, i);
    }
}

/* ---- what a clinician must see beside the ratings ------------------------ */

/* Text that may end a sentence already, followed by one full stop. */
static void append_sentence(sdm_strbuf *sb, const char *text)
{
    size_t n = strlen(text);
    sdm__strbuf_append(sb, text);
    if (n && text[n - 1] != '.')
        sdm__strbuf_append(sb, ".");
}

/* Every serious risk, on every card: saying that none is recorded is part of
 * the card too, so that a formulary without them never reads as "no risk". */
static void append_risks(sdm_strbuf *sb, const sdm_profile *p)
{
    if (p->shown_risk_count == 0) {
        sdm__strbuf_append(sb, "\nSerious risks: none is recorded in this formulary, which does not mean that "
                               "there is none.\n");
        return;
    }
    sdm__strbuf_append(sb, "\nSerious risks (rare but important; they are not part of the ranking):\n");
    for (size_t i = 0; i < p->shown_risk_count; i++) {
        const sdm_risk *k = p->shown_risks[i];
        sdm__strbuf_appendf(sb, "  * %s", sdm__risk_name(k->id));
        if (k->is_class && *k->formulation)
            sdm__strbuf_appendf(sb, " (a risk of every antipsychotic given as a %s)",
                                sdm__formulation_words(k->formulation));
        else if (k->is_class)
            sdm__strbuf_append(sb, " (a risk of every antipsychotic)");
        else if (*k->formulation)
            sdm__strbuf_appendf(sb, " (%s only)", sdm__formulation_words(k->formulation));
        sdm__strbuf_append(sb, ": ");
        append_sentence(sb, k->words);
        if (*k->frequency) {
            sdm__strbuf_append(sb, " How often or when: ");
            append_sentence(sb, k->frequency);
        }
        sdm__strbuf_appendf(sb, " Source: %s.\n", k->source->label);
    }
    sdm__strbuf_append(sb, "  A serious risk that is not listed can still happen.\n");
}

/* Each context with what it then requires, country by country. */
static void append_restrictions(sdm_strbuf *sb, const sdm_profile *p)
{
    if (p->restriction_count == 0)
        return;
    sdm__strbuf_append(sb, "\nRestrictions (when it may be offered, and what it then needs):\n");
    for (size_t i = 0; i < p->restriction_count; i++) {
        const sdm_restriction *r = &p->restrictions[i];
        const sdm_restriction *before = i ? &p->restrictions[i - 1] : NULL;
        if (!before || strcmp(before->context, r->context) != 0 || strcmp(before->formulation, r->formulation) != 0) {
            sdm__strbuf_append(sb, "  * ");
            if (*r->formulation)
                sdm__strbuf_appendf(sb, "As %s %s, only", sdm__formulation_article(r->formulation),
                                    sdm__formulation_words(r->formulation));
            else
                sdm__strbuf_append(sb, "Only");
            sdm__strbuf_appendf(sb, " where %s. What it needs:\n", sdm__context_words(r->context));
        }
        sdm__strbuf_appendf(sb, "      %s: ", *r->country ? r->country : "Everywhere");
        append_sentence(sb, r->requirement);
        sdm__strbuf_appendf(sb, " Source: %s.\n", r->source->label);
    }
}

static void append_products(sdm_strbuf *sb, const sdm_profile *p)
{
    if (p->product_count == 0)
        return;
    sdm__strbuf_append(sb, "\nProducts recorded (such as long-acting injections):\n");
    for (size_t i = 0; i < p->product_count; i++) {
        const sdm_product *pr = &p->products[i];
        sdm__strbuf_appendf(sb, "  * %s (%s%s%s)", pr->name, sdm__formulation_words(pr->formulation),
                            *pr->country ? ", " : "", pr->country);
        if (*pr->interval)
            sdm__strbuf_appendf(sb, ": %s", pr->interval);
        if (*pr->note)
            sdm__strbuf_appendf(sb, "; %s", pr->note);
        sdm__strbuf_appendf(sb, ". Source: %s.\n", pr->source->label);
    }
}

static const char *licence_words(sdm_licence_status status)
{
    return status == SDM_LICENCE_YES ? "licensed" : status == SDM_LICENCE_NO ? "not licensed for it" : "not marketed";
}

static void append_licences(sdm_strbuf *sb, const sdm_profile *p)
{
    if (p->licence_detail_count == 0 && p->licences.count == 0)
        return;
    sdm__strbuf_append(sb, "\nLicences for adult schizophrenia");
    if (p->licence_detail_count == 0) {
        sdm__strbuf_append(sb, ": ");
        for (size_t i = 0; i < p->licences.count; i++)
            sdm__strbuf_appendf(sb, "%s%s", i ? ", " : "", p->licences.items[i]);
        sdm__strbuf_append(sb, " (no details recorded).\n");
        return;
    }
    sdm__strbuf_append(sb, " (a licence is a country's approval, with its date; it says nothing of other uses):\n");
    for (size_t i = 0; i < p->licence_detail_count; i++) {
        const sdm_licence *l = &p->licence_details[i];
        sdm__strbuf_appendf(sb, "  * %s: %s", l->country, licence_words(l->status));
        if (*l->date)
            sdm__strbuf_appendf(sb, " (%s)", l->date);
        if (*l->note)
            sdm__strbuf_appendf(sb, ": %s", l->note);
        sdm__strbuf_appendf(sb, ". Source: %s.\n", l->source->label);
    }
}

/* How sure a medicine's place in a match is, when the match has the analysis:
 * `place` is its entry, -1 for a card outside a match. */
static void append_how_sure(sdm_strbuf *sb, const sdm_match *m, const sdm_profile *p, size_t place)
{
    if (!m || !m->acceptability)
        return;
    sdm__strbuf_append(sb, "How sure its place is: ");
    sdm__acc_append_place(sb, m->acceptability, (size_t)(p - m->formulary->profiles), p->name, place == 0);
    sdm__strbuf_append(sb, "\n");
}

static sdm_status card_text(const sdm_profile *p, const sdm_ranking *r, const sdm_match *m, size_t place, char **out)
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
    sdm__strbuf_appendf(&sb, "%s\n", legend);
    sdm__strbuf_append(&sb, "\nHow well it works (beside the side effects above): ");
    sdm__describe_efficacy(&sb, p);
    sdm__strbuf_append(&sb, ".\n");
    append_how_sure(&sb, m, p, place);
    append_risks(&sb, p);
    append_restrictions(&sb, p);
    append_products(&sb, p);
    append_licences(&sb, p);
    sdm__strbuf_appendf(&sb, "\nData version %s.", p->formulary->version);
    if (*p->formulary->notice)
        sdm__strbuf_appendf(&sb, " %s", p->formulary->notice);
    sdm__strbuf_append(&sb, "\n");
    return sdm__strbuf_finish(&sb, out);
}

sdm_status sdm_card_text(const sdm_profile *p, const sdm_ranking *r, char **out)
{
    sdm_status st = sdm__card_check_args("sdm_card_text", p, r);
    if (st == SDM_OK && !out)
        st = sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_card_text: the out pointer is NULL");
    return st != SDM_OK ? st : card_text(p, r, NULL, (size_t)-1, out);
}

sdm_status sdm_match_card_text(const sdm_match *m, size_t i, char **out)
{
    if (!m || !out || i >= m->count)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_match_card_text: %s",
                         !m     ? "the match is NULL"
                         : !out ? "the out pointer is NULL"
                                : "the entry is out of range");
    return card_text(m->entries[i].profile, m->ranking, m, i, out);
}

sdm_status sdm_card_format(const sdm_profile *p, const sdm_ranking *r, char *buf, size_t size, size_t *needed)
{
    sdm_status st = sdm__card_check_args("sdm_card_format", p, r);
    if (st == SDM_OK && !buf && size > 0)
        st = sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_card_format: the buffer is NULL but its size is %zu", size);
    char *text;
    if (st != SDM_OK || (st = card_text(p, r, NULL, (size_t)-1, &text)) != SDM_OK)
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
