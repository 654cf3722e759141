/*
 * libsdm - enum <-> id tables (see ids.h).
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <string.h>

#include "ids.h"

const char *sdm__id_of(const sdm_id_table *t, int value)
{
    if (value < t->first || (size_t)(value - t->first) >= t->count)
        return NULL;
    return t->ids[value - t->first];
}

static const char *table_id_at(const void *owner, size_t i)
{
    return ((const sdm_id_table *)owner)->ids[i];
}

int sdm__id_known(const sdm_id_table *t, const char *id)
{
    for (size_t i = 0; id && i < t->count; i++)
        if (strcmp(t->ids[i], id) == 0)
            return 1;
    return 0;
}

/* "did you mean 'a' or 'b'?" for the ids that contain `id` as a part
 * ("injection": short_acting_injection, long_acting_injection); 0 when there
 * is none, or too many to be a hint. */
static int containing(const sdm_id_table *t, const char *id, char *hint, size_t size)
{
    size_t n = 0, len = strlen(id), at = 0;
    for (size_t i = 0; i < t->count; i++)
        n += len >= 3 && strstr(t->ids[i], id) != NULL;
    if (n == 0 || n > 3)
        return 0;
    at += (size_t)snprintf(hint, size, "did you mean ");
    for (size_t i = 0, k = 0; i < t->count && at < size; i++) {
        if (!strstr(t->ids[i], id))
            continue;
        int w = snprintf(hint + at, size - at, "%s'%s'", k == 0 ? "" : k + 1 == n ? " or " : ", ", t->ids[i]);
        at += w > 0 ? (size_t)w : 0;
        k++;
    }
    return 1;
}

sdm_status sdm__id_unknown(const sdm_id_table *t, const char *id)
{
    char hint[256];
    if (containing(t, id, hint, sizeof hint))
        return sdm__fail(SDM_ERR_NOT_FOUND, "unknown %s '%.*s' (%s?)", t->what, sdm__echo_width(id, SDM_MAX_ID), id, hint);
    const char *near = sdm__closest_id(id, t, t->count, table_id_at);
    if (near)
        return sdm__fail(SDM_ERR_NOT_FOUND, "unknown %s '%.*s' (did you mean '%s'?)", t->what, sdm__echo_width(id, SDM_MAX_ID), id,
                         near);
    /* No likely typo: list them all, "(a, b or c)". */
    char list[512];
    size_t at = 0;
    for (size_t i = 0; i < t->count && at < sizeof list; i++) {
        const char *sep = i == 0 ? "" : i + 1 == t->count ? " or " : ", ";
        int n = snprintf(list + at, sizeof list - at, "%s%s", sep, t->ids[i]);
        at += n > 0 ? (size_t)n : 0;
    }
    return sdm__fail(SDM_ERR_NOT_FOUND, "unknown %s '%.*s' (%s)", t->what, sdm__echo_width(id, SDM_MAX_ID), id, list);
}

sdm_status sdm__id_find(const sdm_id_table *t, const char *fn, const char *id, const void *out, int *value)
{
    if (!id || !out)
        return sdm__fail(SDM_ERR_INVALID_ARGUMENT, "%s: %s is NULL", fn, !id ? "the id" : "the out pointer");
    for (size_t i = 0; i < t->count; i++)
        if (strcmp(t->ids[i], id) == 0) {
            *value = t->first + (int)i;
            return SDM_OK;
        }
    return sdm__id_unknown(t, id);
}
