/*
 * libsdm - fragments: text that depends only on a medicine, written once and
 * copied after (fragment.h).
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "fragment.h"

/* Whether SDM_NO_FRAGMENTS switched them off, read once per process: -1 until
 * then. Threads that race here read the same environment. */
static int switched_off = -1;

static int fragments_off(void)
{
    int off = __atomic_load_n(&switched_off, __ATOMIC_RELAXED);
    if (off < 0) {
        const char *v = getenv("SDM_NO_FRAGMENTS");
        off = v && *v && strcmp(v, "0") != 0;
        __atomic_store_n(&switched_off, off, __ATOMIC_RELAXED);
    }
    return off;
}

/* Ends the piece being written: its length, and a check that its containers
 * were closed (the writer is back at its depth). */
static void end_piece(sdm_fragment_maker *mk)
{
    if (mk->made == 0)
        return;
    sdm_fragment_piece *piece = &mk->set->pieces[mk->made - 1];
    if (piece->depth < 0)
        return; /* left out */
    if (mk->w.depth != piece->depth || mk->w.sb.len > UINT32_MAX)
        sdm__jw_fail(&mk->w);
    piece->len = (uint32_t)(mk->w.sb.len - piece->at);
}

sdm_jsonw *sdm__fragment_piece(sdm_fragment_maker *mk, int depth, int in_object)
{
    end_piece(mk);
    if (mk->made == mk->set->count) { /* more pieces than the set has room for */
        sdm__jw_fail(&mk->w);
        return &mk->w;
    }
    sdm_fragment_piece *piece = &mk->set->pieces[mk->made++];
    if (mk->w.sb.len > UINT32_MAX || depth < 0 || depth >= SDM_JSONW_DEPTH)
        sdm__jw_fail(&mk->w);
    piece->at = (uint32_t)mk->w.sb.len;
    piece->depth = (signed char)depth;
    piece->in_object = (signed char)(in_object != 0);
    sdm__jw_piece_start(&mk->w, depth, in_object);
    return &mk->w;
}

void sdm__fragment_skip(sdm_fragment_maker *mk)
{
    end_piece(mk);
    if (mk->made == mk->set->count) {
        sdm__jw_fail(&mk->w);
        return;
    }
    /* at no depth: never at the writer's place */
    mk->set->pieces[mk->made++] = (sdm_fragment_piece){0, 0, -1, 0};
}

static void destroy(sdm_fragments *set)
{
    if (set)
        sdm__free(set->text);
    sdm__free(set);
}

/* A new set, or NULL: any failure while writing it (no memory above all). */
static sdm_fragments *make(size_t count, size_t expected, sdm_fragment_build build, const void *arg)
{
    sdm_fragment_maker mk = {.made = 0};
    mk.set = sdm__malloc(sizeof *mk.set + count * sizeof mk.set->pieces[0]);
    if (!mk.set)
        return NULL;
    mk.set->text = NULL;
    mk.set->count = count;
    sdm__jw_init_sized(&mk.w, expected);
    build(&mk, arg);
    end_piece(&mk);
    if (mk.made != count)
        sdm__jw_fail(&mk.w);
    char *text = NULL;
    if (sdm__jw_take(&mk.w, &text) != 0) {
        sdm__free(mk.set);
        return NULL;
    }
    mk.set->text = text;
    return mk.set;
}

const sdm_fragments *sdm__fragments_get(sdm_fragment_slot *slot, size_t count, size_t expected,
                                        sdm_fragment_build build, const void *arg)
{
    sdm_fragments *set = atomic_load_explicit(slot, memory_order_acquire);
    if (set || fragments_off())
        return set;
    sdm_fragments *made = make(count, expected, build, arg);
    if (!made)
        return NULL;
    /* Publish it, unless another thread was first: then use theirs. */
    if (atomic_compare_exchange_strong_explicit(slot, &set, made, memory_order_acq_rel, memory_order_acquire))
        return made;
    destroy(made);
    return set;
}

const char *sdm__fragment_text(const sdm_fragments *set, size_t i, size_t *len)
{
    if (!set || set->pieces[i].depth < 0)
        return NULL;
    *len = set->pieces[i].len;
    return set->text + set->pieces[i].at;
}

void sdm__fragments_free(sdm_fragment_slot *slot)
{
    destroy(atomic_load_explicit(slot, memory_order_relaxed));
    atomic_store_explicit(slot, NULL, memory_order_relaxed);
}
