/*
 * libsdm - the person's feedback on how shared the decision was (see feedback.h).
 * SPDX-License-Identifier: MIT
 */
#include <math.h>
#include <string.h>

#include "ids.h"
#include "record-private.h"
#include "text.h"

static const char *const instrument_ids[] = {"collaborate", "sdm_q9"};
static const sdm_id_table instruments = SDM_ID_TABLE("instrument", SDM_INSTRUMENT_COLLABORATE, instrument_ids);

/* Items and the highest score of each, per instrument. */
static size_t items_of(sdm_instrument instrument)
{
    return instrument == SDM_INSTRUMENT_COLLABORATE ? 3 : 9;
}

static int highest_of(sdm_instrument instrument)
{
    return instrument == SDM_INSTRUMENT_COLLABORATE ? 9 : 5;
}

const char *sdm_instrument_id(sdm_instrument instrument)
{
    return sdm__id_of(&instruments, (int)instrument);
}

sdm_status sdm__instrument_from_id(const char *id, sdm_instrument *instrument)
{
    int value;
    sdm_status st = sdm__id_find(&instruments, "instrument", id, instrument, &value);
    if (st == SDM_OK)
        *instrument = (sdm_instrument)value;
    return st;
}

sdm_status sdm_feedback_new(sdm_instrument instrument, const char *version, const int *items, size_t count,
                            sdm_feedback **out)
{
    char why[96];
    if (!items || !out)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "sdm_feedback_new: %s is NULL", !items ? "the items" : "the out pointer");
    if (!sdm_instrument_id(instrument))
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "%d is not an instrument", (int)instrument);
    if (count != items_of(instrument))
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "%s has %zu items, not %zu", sdm_instrument_id(instrument),
                         items_of(instrument), count);
    for (size_t i = 0; i < count; i++)
        if (items[i] < 0 || items[i] > highest_of(instrument))
            return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "item %zu of %s is %d: each item is scored 0 to %d", i + 1,
                             sdm_instrument_id(instrument), items[i], highest_of(instrument));
    if (version && (strlen(version) > SDM_MAX_STRING || sdm__text_problem(version, 1, why, sizeof why)))
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "the version of the instrument %s",
                         strlen(version) > SDM_MAX_STRING ? "is too long" : why);
    sdm_feedback *fb = sdm__calloc(1, sizeof *fb);
    char *copy = sdm__strdup_or_empty(version);
    if (!fb || !copy) {
        sdm__free(fb);
        sdm__free(copy);
        return sdm__fail_no_memory();
    }
    fb->instrument = instrument;
    fb->version = copy;
    fb->count = count;
    memcpy(fb->items, items, count * sizeof *items);
    *out = fb;
    return SDM_OK;
}

void sdm_feedback_free(sdm_feedback *fb)
{
    if (!fb)
        return;
    sdm__free(fb->version);
    sdm__free(fb);
}

sdm_instrument sdm_feedback_instrument(const sdm_feedback *fb)
{
    return fb ? fb->instrument : (sdm_instrument)0;
}

const char *sdm_feedback_version(const sdm_feedback *fb)
{
    return fb ? fb->version : NULL;
}

size_t sdm_feedback_item_count(const sdm_feedback *fb)
{
    return fb ? fb->count : 0;
}

int sdm_feedback_item(const sdm_feedback *fb, size_t i)
{
    return (fb && i < fb->count) ? fb->items[i] : -1;
}

double sdm_feedback_score(const sdm_feedback *fb)
{
    if (!fb)
        return NAN;
    int total = 0;
    for (size_t i = 0; i < fb->count; i++)
        total += fb->items[i];
    /* the total over the highest total, on 0 to 100: x 20/9 for the SDM-Q-9 (45), x 100/27 for CollaboRATE */
    return total * 100.0 / (double)(highest_of(fb->instrument) * (int)fb->count);
}

int sdm_feedback_top_score(const sdm_feedback *fb)
{
    if (!fb || fb->instrument != SDM_INSTRUMENT_COLLABORATE)
        return 0;
    for (size_t i = 0; i < fb->count; i++)
        if (fb->items[i] != 9)
            return 0;
    return 1;
}

const sdm_feedback *sdm_record_feedback(const sdm_record *rec)
{
    return rec ? rec->feedback : NULL;
}
