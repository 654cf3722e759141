/*
 * libsdm - "did you mean" suggestions for unknown ids, and id validation.
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "internal.h"

/* Edit distance with a two-row table; ids are at most SDM_MAX_ID bytes, so
 * longer input is simply not compared. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > SDM_MAX_ID || lb > SDM_MAX_ID)
        return (size_t)-1;
    size_t prev[SDM_MAX_ID + 1], cur[SDM_MAX_ID + 1];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
            size_t best = sub < del ? sub : del;
            cur[j] = best < ins ? best : ins;
        }
        memcpy(prev, cur, (lb + 1) * sizeof prev[0]);
    }
    return prev[lb];
}

const char *sdm__closest_id(const char *id, const void *owner, size_t count, sdm_id_at_fn id_at)
{
    if (!id)
        return NULL;
    /* A typo changes a few letters; beyond a third of the word it is another word. */
    size_t limit = strlen(id) / 3 + 1;
    const char *best = NULL;
    size_t best_distance = limit + 1;
    for (size_t i = 0; i < count; i++) {
        const char *candidate = id_at(owner, i);
        size_t d = edit_distance(id, candidate);
        if (d < best_distance) {
            best_distance = d;
            best = candidate;
        }
    }
    return best;
}

int sdm__valid_id(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++) {
        char c = s[n];
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '_' || c == '-' || c == '.';
        if (!ok || n >= SDM_MAX_ID)
            return 0;
    }
    return n > 0;
}

int sdm__valid_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p++;
        size_t more;
        unsigned min;
        if (c < 0x80)
            continue;
        if (c >= 0xC2 && c <= 0xDF) {
            more = 1;
            min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            more = 2;
            min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            more = 3;
            min = 0x10000;
        } else {
            return 0;
        }
        unsigned code = c & (0x3Fu >> more);
        for (size_t i = 0; i < more; i++, p++) {
            if ((*p & 0xC0) != 0x80)
                return 0;
            code = (code << 6) | (*p & 0x3Fu);
        }
        if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
            return 0;
    }
    return 1;
}
