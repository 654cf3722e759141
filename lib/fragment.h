/*
 * libsdm - fragments: the parts of a document that depend only on a medicine
 * (most of its card; its serious risks, requirements and efficacy in a
 * record), written once by the ordinary writer and copied after. Not
 * installed.
 *
 * A set of fragments belongs to a profile (formulary-private.h: one slot per
 * kind of document), made on first use and published with an atomic
 * compare-exchange, so that a formulary stays safe to share between threads
 * without a lock: a thread sees either no set (and makes one; of two that
 * race, the loser frees its own) or a whole one. The sets are freed with the
 * formulary. Making a set can fail (no memory); the caller then writes the
 * same text directly, so the document has the same bytes either way.
 *
 * SDM_NO_FRAGMENTS set (not "" or "0") in the environment when the library
 * first writes one switches them off for the process: the tests compare the
 * text written both ways.
 * SPDX-License-Identifier: MIT
 */
#ifndef SDM_FRAGMENT_H
#define SDM_FRAGMENT_H

#include <stdint.h>

#include "jsonw.h"

/* A piece: members of an object, or elements of an array, as the writer wrote
 * them at `depth` as the first things of their container (so with no leading
 * comma): it may only be copied at that depth, into that kind of container. */
typedef struct sdm_fragment_piece {
    uint32_t at, len;      /* in the set's text (a set over 4 GB fails to be made) */
    signed char depth;     /* -1: left out (sdm__fragment_skip()) */
    signed char in_object;
} sdm_fragment_piece;

typedef struct sdm_fragments {
    char *text;
    size_t count;
    sdm_fragment_piece pieces[];
} sdm_fragments;

/* Where a profile keeps a set (NULL until made). */
typedef _Atomic(sdm_fragments *) sdm_fragment_slot;

/* What a set is made with: a writer whose text is the pieces, one after the
 * other. */
typedef struct sdm_fragment_maker {
    sdm_jsonw w;
    sdm_fragments *set;
    size_t made; /* pieces begun */
} sdm_fragment_maker;

/* Writes the pieces of a set, in order, each begun with sdm__fragment_piece(). */
typedef void (*sdm_fragment_build)(sdm_fragment_maker *mk, const void *arg);

/* Begins the next piece, at `depth` in an object (in_object) or an array, and
 * returns the writer to write it with. */
SDM_HIDDEN sdm_jsonw *sdm__fragment_piece(sdm_fragment_maker *mk, int depth, int in_object);

/* Leaves the next piece out: sdm__fragment_put() of it returns 0 (a piece a
 * set has room for but that no document asks for). */
SDM_HIDDEN void sdm__fragment_skip(sdm_fragment_maker *mk);

/* The set in `slot`, made with `build` (which writes `count` pieces) when
 * there is none yet; NULL when it cannot be made or fragments are switched
 * off: the caller then writes directly. `expected` is about the size of the
 * text. */
SDM_HIDDEN const sdm_fragments *sdm__fragments_get(sdm_fragment_slot *slot, size_t count, size_t expected,
                                                   sdm_fragment_build build, const void *arg);

/* Copies piece i of the set into w at its place and returns 1; returns 0 (and
 * writes nothing) when there is no set or w is not at the piece's depth in
 * the piece's kind of container: the caller writes the piece directly.
 * Inline: a record copies some 400 pieces. */
static inline int sdm__fragment_put(sdm_jsonw *w, const sdm_fragments *set, size_t i)
{
    if (!set)
        return 0;
    const sdm_fragment_piece *piece = &set->pieces[i];
    return sdm__jw_splice(w, set->text + piece->at, piece->len, piece->depth, piece->in_object);
}

/* Piece i's text and length, for a set of plain text (each piece written
 * straight into the maker's buffer, mk->w.sb, at depth 0), or NULL when there
 * is no set or the piece was left out. */
SDM_HIDDEN const char *sdm__fragment_text(const sdm_fragments *set, size_t i, size_t *len);

/* Frees the set in a slot (the formulary being freed: no other user). */
SDM_HIDDEN void sdm__fragments_free(sdm_fragment_slot *slot);

#endif /* SDM_FRAGMENT_H */
