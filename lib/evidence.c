/*
 * libsdm - the evidence behind a rating: every source's reading of a cell,
 * numeric evidence, and the synthesis rules that make one rating from the
 * readings (EVIDENCE.md, rules of version 2).
 * SPDX-License-Identifier: MIT
 */
#include <math.h>

#include "evidence-private.h"

/* ---- ids ---------------------------------------------------------------- */

static const char *const synthesis_ids[] = {"consensus", "highest", "precedence"};
static const sdm_id_table syntheses = SDM_ID_TABLE("synthesis rule", SDM_SYNTHESIS_CONSENSUS, synthesis_ids);
static const char *const reliability_ids[] = {"unstated", "regulatory", "peer_reviewed", "secondary",
                                              "local_review"};
static const sdm_id_table reliabilities = SDM_ID_TABLE("reliability", SDM_RELIABILITY_UNSTATED, reliability_ids);
static const char *const measure_ids[] = {"risk_ratio", "mean_difference"};
static const sdm_id_table measures = SDM_ID_TABLE("kind of numeric evidence", SDM_MEASURE_RISK_RATIO, measure_ids);
static const char *const confidence_ids[] = {"not_graded", "very_low", "low", "moderate", "high"};
static const sdm_id_table confidences = SDM_ID_TABLE("confidence", SDM_CONFIDENCE_NOT_GRADED, confidence_ids);

/* The enum and the private count must agree: the tables are sized by it. */
_Static_assert(sizeof synthesis_ids / sizeof synthesis_ids[0] == SDM_SYNTHESIS_COUNT, "one id per rule");

const sdm_id_table *sdm__reliability_table(void) { return &reliabilities; }
const sdm_id_table *sdm__measure_table(void) { return &measures; }
const sdm_id_table *sdm__confidence_table(void) { return &confidences; }

const char *sdm_synthesis_id(sdm_synthesis rule)
{
    return sdm__id_of(&syntheses, (int)rule);
}

sdm_status sdm_synthesis_from_id(const char *id, sdm_synthesis *rule)
{
    int value;
    sdm_status st = sdm__id_find(&syntheses, "sdm_synthesis_from_id", id, rule, &value);
    if (st == SDM_OK)
        *rule = (sdm_synthesis)value;
    return st;
}

const char *sdm_reliability_id(sdm_reliability reliability)
{
    return sdm__id_of(&reliabilities, (int)reliability);
}

sdm_status sdm_reliability_from_id(const char *id, sdm_reliability *reliability)
{
    int value;
    sdm_status st = sdm__id_find(&reliabilities, "sdm_reliability_from_id", id, reliability, &value);
    if (st == SDM_OK)
        *reliability = (sdm_reliability)value;
    return st;
}

const char *sdm_measure_id(sdm_measure measure)
{
    return sdm__id_of(&measures, (int)measure);
}

const char *sdm_confidence_id(sdm_confidence confidence)
{
    return sdm__id_of(&confidences, (int)confidence);
}

/* ---- synthesis ---------------------------------------------------------- */

static size_t source_rank(const sdm_profile *p, const sdm_reading *r)
{
    return (size_t)(r->source - p->formulary->sources);
}

/* The first source (in the formulary's order) with a reading in the cell that
 * `wanted` accepts, and the highest of that source's readings there; NULL
 * when there is none. Several readings of one source (product information's
 * several documents) give their highest: the source warns at its strongest. */
static const sdm_reading *first_source_reading(const sdm_profile *p, const sdm_cell *c, int deciding_only)
{
    const sdm_reading *best = NULL;
    for (size_t i = 0; i < c->reading_count; i++) {
        const sdm_reading *r = &c->readings[i];
        if (deciding_only && !r->source->decides)
            continue;
        if (!best || source_rank(p, r) < source_rank(p, best) ||
            (source_rank(p, r) == source_rank(p, best) && r->value > best->value))
            best = r;
    }
    return best;
}

/* The median of the values; of an even number, the higher middle one. A
 * count of each value, since there are four: no sorting, no allocation. */
static int consensus(const sdm_cell *c)
{
    size_t count[4] = {0, 0, 0, 0};
    for (size_t i = 0; i < c->reading_count; i++)
        count[c->readings[i].value]++;
    size_t wanted = c->reading_count / 2 + 1, seen = 0; /* the (n/2 + 1)-th smallest, 1-based */
    int value = 0;
    while (seen + count[value] < wanted)
        seen += count[value++];
    return value;
}

/* The reading named as the source of the default rating: the decider, or the
 * first (in the sources' order) whose value is that rating. */
static const sdm_reading *giver_of(const sdm_profile *p, const sdm_cell *c, const sdm_reading *decider, int rating)
{
    const sdm_reading *giver = decider;
    for (size_t i = 0; !decider && i < c->reading_count; i++) {
        const sdm_reading *r = &c->readings[i];
        if (r->value == rating && (!giver || source_rank(p, r) < source_rank(p, giver)))
            giver = r;
    }
    return giver;
}

static void set_all_rules(sdm_profile *p, size_t item, int rating)
{
    size_t items = p->formulary->catalogue->count;
    for (int rule = 0; rule < SDM_SYNTHESIS_COUNT; rule++)
        p->by_rule[(size_t)rule * items + item] = (signed char)rating;
}

void sdm__cell_synthesise(sdm_profile *p, size_t item)
{
    sdm_cell *c = &p->cells[item];
    size_t items = p->formulary->catalogue->count;
    c->spread = -1;
    c->given_by = -1;
    if (c->reading_count == 0) {
        set_all_rules(p, item, SDM_RATING_UNKNOWN);
        return;
    }
    int highest = 0, lowest = SDM_RATING_HIGH;
    for (size_t i = 0; i < c->reading_count; i++) {
        highest = c->readings[i].value > highest ? c->readings[i].value : highest;
        lowest = c->readings[i].low < lowest ? c->readings[i].low : lowest;
    }
    c->spread = (signed char)(highest - lowest);
    const sdm_reading *decider = first_source_reading(p, c, 1);
    if (decider) {
        set_all_rules(p, item, decider->value);
    } else {
        p->by_rule[SDM_SYNTHESIS_CONSENSUS * items + item] = (signed char)consensus(c);
        p->by_rule[SDM_SYNTHESIS_HIGHEST * items + item] = (signed char)highest;
        p->by_rule[SDM_SYNTHESIS_PRECEDENCE * items + item] = first_source_reading(p, c, 0)->value;
    }
    c->given_by = (signed char)(giver_of(p, c, decider, p->ratings[item]) - c->readings);
}

void sdm__cell_destroy(sdm_cell *c)
{
    for (size_t i = 0; i < c->reading_count; i++) {
        sdm__free(c->readings[i].printed);
        sdm__free(c->readings[i].note);
    }
    for (size_t i = 0; i < c->evidence_count; i++) {
        sdm__free(c->evidence[i].outcome);
        sdm__free(c->evidence[i].label);
        sdm__free(c->evidence[i].unit);
        sdm__free(c->evidence[i].versus);
        sdm__free(c->evidence[i].note);
    }
    sdm__free(c->readings);
    sdm__free(c->evidence);
}

/* ---- getters ------------------------------------------------------------ */

static const sdm_cell *cell_at(const sdm_profile *p, size_t item)
{
    return (p && item < p->formulary->catalogue->count) ? &p->cells[item] : NULL;
}

int sdm_profile_rating_by(const sdm_profile *p, size_t effect_index, sdm_synthesis rule)
{
    if (!cell_at(p, effect_index) || !sdm_synthesis_id(rule))
        return SDM_RATING_UNKNOWN;
    return sdm__profile_ratings(p, rule)[effect_index];
}

size_t sdm_profile_reading_count(const sdm_profile *p, size_t effect_index)
{
    const sdm_cell *c = cell_at(p, effect_index);
    return c ? c->reading_count : 0;
}

const sdm_reading *sdm_profile_reading(const sdm_profile *p, size_t effect_index, size_t i)
{
    const sdm_cell *c = cell_at(p, effect_index);
    return (c && i < c->reading_count) ? &c->readings[i] : NULL;
}

int sdm_profile_spread(const sdm_profile *p, size_t effect_index)
{
    const sdm_cell *c = cell_at(p, effect_index);
    return c ? c->spread : -1;
}

size_t sdm_profile_evidence_count(const sdm_profile *p, size_t effect_index)
{
    const sdm_cell *c = cell_at(p, effect_index);
    return c ? c->evidence_count : 0;
}

const sdm_evidence *sdm_profile_evidence(const sdm_profile *p, size_t effect_index, size_t i)
{
    const sdm_cell *c = cell_at(p, effect_index);
    return (c && i < c->evidence_count) ? &c->evidence[i] : NULL;
}

const char *sdm_reading_source(const sdm_reading *r)
{
    return r ? r->source->key : NULL;
}

const char *sdm_reading_printed(const sdm_reading *r)
{
    return r ? r->printed : NULL;
}

int sdm_reading_value(const sdm_reading *r)
{
    return r ? r->value : SDM_RATING_UNKNOWN;
}

int sdm_reading_low(const sdm_reading *r)
{
    return r ? r->low : SDM_RATING_UNKNOWN;
}

const char *sdm_reading_note(const sdm_reading *r)
{
    return r ? r->note : NULL;
}

const char *sdm_evidence_source(const sdm_evidence *e)
{
    return e ? e->source->key : NULL;
}

const char *sdm_evidence_outcome(const sdm_evidence *e)
{
    return e ? e->outcome : NULL;
}

sdm_measure sdm_evidence_measure(const sdm_evidence *e)
{
    return e ? e->measure : (sdm_measure)0;
}

double sdm_evidence_value(const sdm_evidence *e)
{
    return e ? e->value : NAN;
}

const char *sdm_evidence_unit(const sdm_evidence *e)
{
    return e ? e->unit : NULL;
}

const char *sdm_evidence_versus(const sdm_evidence *e)
{
    return e ? e->versus : NULL;
}

sdm_confidence sdm_evidence_confidence(const sdm_evidence *e)
{
    return e ? e->confidence : SDM_CONFIDENCE_NOT_GRADED;
}

const char *sdm_evidence_note(const sdm_evidence *e)
{
    return e ? e->note : NULL;
}

/* ---- plain words -------------------------------------------------------- */

/* The card's words for an ordinal value: "none", "+", "++", "+++". */
static const char *value_words(int value)
{
    return value == SDM_RATING_NONE ? "none" : sdm_rating_mark(value);
}

static void append_range(sdm_strbuf *sb, int low, int high)
{
    sdm__strbuf_append(sb, value_words(low));
    if (high != low) {
        sdm__strbuf_append(sb, " to ");
        sdm__strbuf_append(sb, value_words(high));
    }
}

static int reading_order(const sdm_profile *p, const sdm_reading *a, const sdm_reading *b)
{
    if (a->value != b->value)
        return a->value - b->value;
    if (a->low != b->low)
        return a->low - b->low;
    return (int)source_rank(p, a) - (int)source_rank(p, b);
}

void sdm__describe_readings(sdm_strbuf *sb, const sdm_profile *p, size_t item)
{
    const sdm_cell *c = &p->cells[item];
    if (c->reading_count == 0) {
        sdm__strbuf_append(sb, "not known: no source rates it");
        return;
    }
    int highest = 0;
    for (size_t i = 0; i < c->reading_count; i++)
        highest = c->readings[i].value > highest ? c->readings[i].value : highest;
    append_range(sb, highest - c->spread, highest);
    sdm__strbuf_append(sb, ":");
    /* Lowest first, each reading once: a selection sort over a handful. */
    const sdm_reading *previous = NULL;
    for (size_t n = 0; n < c->reading_count; n++) {
        const sdm_reading *next = NULL;
        for (size_t i = 0; i < c->reading_count; i++) {
            const sdm_reading *r = &c->readings[i];
            int after_previous = !previous || reading_order(p, r, previous) > 0 ||
                                 (reading_order(p, r, previous) == 0 && r > previous);
            int before_next = !next || reading_order(p, r, next) < 0 ||
                              (reading_order(p, r, next) == 0 && r < next);
            if (after_previous && before_next)
                next = r;
        }
        sdm__strbuf_cat(sb, n ? ", " : " ", next->source->label, " ", (const char *)NULL);
        append_range(sb, next->low, next->value);
        previous = next;
    }
}

sdm_status sdm_profile_describe_readings(const sdm_profile *p, size_t effect_index, char **out)
{
    if (!cell_at(p, effect_index) || !out)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_profile_describe_readings: %s",
                         !p ? "the medicine is NULL" : !out ? "the out pointer is NULL"
                                                              : "the side effect index is out of range");
    sdm_strbuf sb = SDM_STRBUF_INIT;
    sdm__describe_readings(&sb, p, effect_index);
    return sdm__strbuf_finish(&sb, out);
}

static const char *const confidence_words[] = {"confidence not graded", "very low confidence", "low confidence",
                                               "moderate confidence", "high confidence"};

/* "2.5", "3", "1.2": one decimal, none when it is .0. */
static void append_number(sdm_strbuf *sb, double x)
{
    double rounded = round(x * 10.0) / 10.0;
    sdm__strbuf_append_fixed(sb, rounded, rounded == round(rounded) ? 0 : 1);
}

static void append_risk_ratio(sdm_strbuf *sb, const sdm_evidence *e)
{
    double rr = e->value;
    if (rr >= 1.95) {
        sdm__strbuf_append(sb, "about ");
        append_number(sb, rr);
        sdm__strbuf_cat(sb, " times as common as with ", e->versus, (const char *)NULL);
    } else if (rr > 1.05) {
        sdm__strbuf_append(sb, "about ");
        sdm__strbuf_append_fixed(sb, round((rr - 1.0) * 100.0), 0);
        sdm__strbuf_cat(sb, "% more common than with ", e->versus, (const char *)NULL);
    } else if (rr >= 0.95) {
        sdm__strbuf_cat(sb, "about as common as with ", e->versus, (const char *)NULL);
    } else {
        sdm__strbuf_append(sb, "about ");
        sdm__strbuf_append_fixed(sb, round((1.0 - rr) * 100.0), 0);
        sdm__strbuf_cat(sb, "% less common than with ", e->versus, (const char *)NULL);
    }
    sdm__strbuf_append(sb, " (risk ratio ");
    sdm__strbuf_append_fixed(sb, rr, 2);
    sdm__strbuf_append(sb, ")");
}

static void append_mean_difference(sdm_strbuf *sb, const sdm_evidence *e)
{
    double md = e->value;
    sdm__strbuf_append(sb, "on average ");
    append_number(sb, fabs(md));
    sdm__strbuf_cat(sb, " ", e->unit, md < 0 ? " less than with " : " more than with ", e->versus, (const char *)NULL);
}

void sdm__describe_evidence(sdm_strbuf *sb, const sdm_evidence *e)
{
    sdm__strbuf_cat(sb, "in trials (", e->source->label, "), ", e->label, ": ", (const char *)NULL);
    if (e->measure == SDM_MEASURE_RISK_RATIO)
        append_risk_ratio(sb, e);
    else
        append_mean_difference(sb, e);
    sdm__strbuf_cat(sb, "; ", confidence_words[e->confidence], (const char *)NULL);
}

sdm_status sdm_evidence_describe(const sdm_evidence *e, char **out)
{
    if (!e || !out)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_evidence_describe: %s is NULL",
                         !e ? "the evidence" : "the out pointer");
    sdm_strbuf sb = SDM_STRBUF_INIT;
    sdm__describe_evidence(&sb, e);
    return sdm__strbuf_finish(&sb, out);
}
