/*
 * libsdm - the acceptability analysis in plain words for the person: how
 * often each medicine is the best fit, whether the first place is fragile,
 * and which unknown or disputed cells drive it; and the sentence on one
 * medicine that ends its reason and its card in a match
 * (sdm__acc_append_place()).
 * SPDX-License-Identifier: MIT
 */
#include <math.h>

#include "acceptability-private.h"
#include "evidence-private.h"
#include "strbuf.h"

/* Medicines named beside the first: at most this many, each first in at
 * least this share of the scenarios; the rest are summed as "others". */
#define NAMED_OTHERS 3
#define NAMED_SHARE 0.05

/* "62 %", never rounded to 0 % or 100 % when it is not. */
static void append_share(sdm_strbuf *sb, double share)
{
    if (share >= 1.0)
        sdm__strbuf_append(sb, "100 %");
    else if (share >= 0.995)
        sdm__strbuf_append(sb, "more than 99 %");
    else if (share > 0.0 && share < 0.005)
        sdm__strbuf_append(sb, "less than 1 %");
    else
        sdm__strbuf_appendf(sb, "%.0f %%", share * 100.0);
}

/* "10,000" */
static void append_count(sdm_strbuf *sb, size_t n)
{
    if (n >= 1000) {
        append_count(sb, n / 1000);
        sdm__strbuf_appendf(sb, ",%03zu", n % 1000);
    } else {
        sdm__strbuf_appendf(sb, "%zu", n);
    }
}

static const char *name_of(const sdm_acceptability *a, size_t i)
{
    return a->formulary->profiles[a->entries[i].med].name;
}

/* "; Amisulpride in 21 %; Olanzapine in 9 %; others together in 8 %" from entry `from` on. */
static void append_others(sdm_strbuf *sb, const sdm_acceptability *a, size_t from, const char *in)
{
    double rest = 0.0;
    size_t named = 0;
    for (size_t i = from; i < a->count; i++) {
        double share = a->entries[i].first;
        if (named < NAMED_OTHERS && share >= NAMED_SHARE) {
            sdm__strbuf_appendf(sb, "; %s%s", name_of(a, i), in);
            append_share(sb, share);
            named++;
        } else {
            rest += share;
        }
    }
    if (rest > 0.0) {
        sdm__strbuf_appendf(sb, "; others together%s", in);
        append_share(sb, rest);
    }
}

static void append_first(sdm_strbuf *sb, const sdm_acceptability *a)
{
    const sdm_acc_entry *best = &a->entries[0];
    if (best->first >= 1.0) {
        sdm__strbuf_appendf(sb, "%s is the best fit for you in every plausible reading of the evidence and of your "
                                "priorities",
                            name_of(a, 0));
    } else if (sdm_acceptability_fragile(a)) {
        sdm__strbuf_appendf(sb, "No medicine clearly comes first: %s is first in ", name_of(a, 0));
        append_share(sb, best->first);
        sdm__strbuf_appendf(sb, " of the plausible readings of the evidence and of your priorities; %s ", name_of(a, 1));
        append_share(sb, a->entries[1].first);
        sdm__strbuf_append(sb, ": the evidence does not separate them");
        append_others(sb, a, 2, " ");
    } else {
        sdm__strbuf_appendf(sb, "%s is the best fit for you in ", name_of(a, 0));
        append_share(sb, best->first);
        sdm__strbuf_append(sb, " of the plausible readings of the evidence and of your priorities");
        append_others(sb, a, 1, " in ");
    }
    sdm__strbuf_append(sb, " (");
    append_count(sb, a->scenarios);
    sdm__strbuf_appendf(sb, " readings drawn, seed %llu). ", (unsigned long long)a->seed);
    sdm__strbuf_appendf(sb, "%s is among the three best fits in ", name_of(a, 0));
    append_share(sb, best->top3);
    sdm__strbuf_append(sb, " of them.");
}

static void append_drivers(sdm_strbuf *sb, const sdm_acceptability *a)
{
    if (a->driver_count == 0) {
        sdm__strbuf_append(sb, " No unknown or disputed rating of these medicines on your side effects drives this: "
                               "the uncertainty comes from how much each of your concerns weighs.");
        return;
    }
    sdm__strbuf_append(sb, " What makes it uncertain:");
    size_t med = (size_t)-1;
    for (size_t i = 0; i < a->driver_count; i++) {
        const sdm_acc_driver *d = &a->drivers[i];
        const sdm_profile *p = &a->formulary->profiles[d->med];
        if (d->med != med)
            sdm__strbuf_appendf(sb, "%s for %s, ", i ? ";" : "", p->name);
        else
            sdm__strbuf_append(sb, ", ");
        med = d->med;
        sdm__strbuf_appendf(sb, "%s ", a->formulary->catalogue->items[d->effect].label);
        if (d->spread < 0) {
            sdm__strbuf_append(sb, "is not known (it could be anything from none to +++)");
        } else {
            sdm__strbuf_append(sb, "is disputed (");
            sdm__describe_readings(sb, p, d->effect);
            sdm__strbuf_append(sb, ")");
        }
    }
    sdm__strbuf_append(sb, ".");
}

sdm_status sdm_acceptability_text(const sdm_acceptability *a, char **out)
{
    if (!a || !out)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_acceptability_text: %s is NULL",
                         !a ? "the analysis" : "the out pointer");
    sdm_strbuf sb = SDM_STRBUF_INIT;
    if (a->count == 0) {
        sdm__strbuf_append(&sb, "No medicine is left to compare: every one is excluded (see the reasons).");
    } else {
        append_first(&sb, a);
        append_drivers(&sb, a);
    }
    return sdm__strbuf_finish(&sb, out) == SDM_OK ? SDM_OK : sdm__fail_no_memory();
}

/* ---- one medicine of a match ---------------------------------------------- */

static const sdm_acc_entry *entry_of(const sdm_acceptability *a, size_t med)
{
    for (size_t j = 0; j < a->count; j++)
        if (a->entries[j].med == med)
            return &a->entries[j];
    return NULL;
}

/* "... and among the best three in 71 %": only when there are more than
 * three medicines (with three or fewer every one is always among them). */
static void append_top3(sdm_strbuf *sb, const sdm_acceptability *a, const sdm_acc_entry *e, const char *but)
{
    if (a->count <= 3)
        return;
    if (e->top3 >= 1.0) {
        sdm__strbuf_appendf(sb, "%samong the best three in every one", but);
    } else if (e->top3 > 0.0) {
        sdm__strbuf_appendf(sb, "%samong the best three in ", but);
        append_share(sb, e->top3);
    }
}

/* "Weight gain, Stiff muscles and Dry mouth": the side effects of the
 * driving cells of medicine `med` that are unknown (`unknown`) or disputed. */
static size_t count_of(const sdm_acceptability *a, size_t med, int unknown);

static void append_labels(sdm_strbuf *sb, const sdm_acceptability *a, size_t med, int unknown)
{
    size_t n = 0, total = count_of(a, med, unknown);
    for (size_t i = 0; i < a->driver_count; i++) {
        const sdm_acc_driver *d = &a->drivers[i];
        if (d->med != med || (d->spread < 0) != unknown)
            continue;
        sdm__strbuf_appendf(sb, "%s%s", n == 0 ? "" : n + 1 == total ? " and " : ", ",
                            a->formulary->catalogue->items[d->effect].label);
        n++;
    }
}

static size_t count_of(const sdm_acceptability *a, size_t med, int unknown)
{
    size_t n = 0;
    for (size_t i = 0; i < a->driver_count; i++)
        n += a->drivers[i].med == med && (a->drivers[i].spread < 0) == unknown;
    return n;
}

/* The driving cells in short, medicine by medicine: " What makes it
 * uncertain: for Sulpiride, Less sex drive is not known; for Cariprazine,
 * the sources disagree on Weight gain and Dry mouth." (the reason and the
 * card give each source's reading beside the rating). */
static void append_drivers_briefly(sdm_strbuf *sb, const sdm_acceptability *a)
{
    if (a->driver_count == 0) {
        sdm__strbuf_append(sb, " No unknown or disputed rating drives this: it comes from how much each of your "
                               "concerns weighs.");
        return;
    }
    sdm__strbuf_append(sb, " What makes it uncertain:");
    for (size_t i = 0; i < a->driver_count; i++) {
        size_t med = a->drivers[i].med;
        if (i > 0 && a->drivers[i - 1].med == med)
            continue;
        size_t unknown = count_of(a, med, 1), disputed = count_of(a, med, 0);
        sdm__strbuf_appendf(sb, "%s for %s, ", i ? ";" : "", a->formulary->profiles[med].name);
        if (unknown) {
            append_labels(sb, a, med, 1);
            sdm__strbuf_append(sb, unknown > 1 ? " are not known" : " is not known");
        }
        if (unknown && disputed)
            sdm__strbuf_append(sb, " and ");
        if (disputed) {
            sdm__strbuf_append(sb, "the sources disagree on ");
            append_labels(sb, a, med, 0);
        }
    }
    sdm__strbuf_append(sb, ".");
}

/* How sure the first place of a match is: said when the first two of the
 * analysis are not separated and it is one of them (naming the other), or
 * else when another medicine is the best fit more often; then what drives it. */
static void append_first_place(sdm_strbuf *sb, const sdm_acceptability *a, const sdm_acc_entry *e)
{
    if (a->count < 2)
        return;
    const sdm_acc_entry *other = e == &a->entries[0] ? &a->entries[1] : &a->entries[0];
    if (sdm_acceptability_fragile(a) && (e == &a->entries[0] || e == &a->entries[1])) {
        sdm__strbuf_appendf(sb, " The evidence does not separate it from %s (the best fit in ",
                            name_of(a, (size_t)(other - a->entries)));
        append_share(sb, other->first);
        sdm__strbuf_append(sb, ").");
    } else if (e != &a->entries[0]) {
        sdm__strbuf_appendf(sb, " %s is the best fit more often (in ", name_of(a, 0));
        append_share(sb, a->entries[0].first);
        sdm__strbuf_append(sb, ").");
    } else {
        return;
    }
    append_drivers_briefly(sb, a);
}

void sdm__acc_append_place(sdm_strbuf *sb, const sdm_acceptability *a, size_t med, const char *subject,
                           int first_of_match)
{
    const sdm_acc_entry *e = entry_of(a, med);
    if (!e)
        return;
    if (e->first >= 1.0) {
        sdm__strbuf_appendf(sb, "%s is the best fit in every plausible reading of the evidence and of your "
                                "priorities.", subject);
    } else if (e->first > 0.0) {
        sdm__strbuf_appendf(sb, "%s is the best fit in ", subject);
        append_share(sb, e->first);
        sdm__strbuf_append(sb, " of the plausible readings of the evidence and of your priorities");
        append_top3(sb, a, e, " and ");
        sdm__strbuf_append(sb, ".");
    } else if (e->top3 > 0.0 && a->count > 3) {
        sdm__strbuf_appendf(sb, "%s is never the best fit in the plausible readings of the evidence and of your "
                                "priorities", subject);
        append_top3(sb, a, e, ", but ");
        sdm__strbuf_append(sb, ".");
    } else {
        sdm__strbuf_appendf(sb, "%s is not the best fit in any plausible reading of the evidence and of your "
                                "priorities%s.", subject, a->count > 3 ? ", nor among the best three" : "");
    }
    if (first_of_match)
        append_first_place(sb, a, e);
}
