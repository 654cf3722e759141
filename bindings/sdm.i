/*
 * libsdm - the SWIG interface that every language binding shares.
 * SPDX-License-Identifier: MIT
 *
 * The generated layer is the C API itself, one wrapped function per public
 * function of include/sdm/*.h, with the names and parameters of the headers.
 * What differs between languages lives beside this file and is included
 * below, before the headers are wrapped, so that its typemaps apply to them:
 *
 *   python/sdm_python.i   (SWIGPYTHON)   the Python package `libsdm` builds on it
 *   r/sdm_r.i             (SWIGR)        the R package `libsdm` builds on it
 *
 * Each language file must give the generated layer these properties; they
 * are what lets the hand-written layer on top stay small and safe:
 *
 * - ownership: an object handed over through an out parameter (`T **out`)
 *   belongs to the wrapper, which frees it with the library's free function
 *   when the language collects it. Objects may be collected in any order:
 *   the library's reference counts keep a catalogue alive while a formulary
 *   or ranking uses it, and a formulary while a match uses it. A pointer the
 *   library lends (a profile of a formulary, the catalogue of a ranking) must
 *   keep its owner alive for as long as the language can reach it.
 * - errors: a function returning sdm_status raises the language's own error
 *   when it fails, carrying sdm_last_error() and the status; never a crash,
 *   a NULL handle or a silent missing value.
 * - text the library allocates (`char **out`) is copied and freed with sdm_free().
 * - nothing the caller must free by hand is exposed: the *_free functions,
 *   sdm_free() and the allocator hooks are not wrapped.
 *
 * Build: swig -<language> -I<source>/include -I<source>/bindings bindings/sdm.i
 * (meson does this at build time; nothing generated is committed).
 */

#if defined(SWIGPYTHON)
/* The generated module is libsdm.core (C part libsdm._core), under the hand-written package libsdm. */
%module(package="libsdm") core
#else
%module libsdm
#endif

%{
#include <stdint.h>
#include <sdm/sdm.h>
%}

%include <stdint.i>

/* ---- not wrapped in any language ----------------------------------------- */

/* The wrappers own what the library hands over and free it when collected;
 * an explicit free would free twice. */
%ignore sdm_free;
%ignore sdm_catalogue_free;
%ignore sdm_formulary_free;
%ignore sdm_ranking_free;
%ignore sdm_match_options_free;
%ignore sdm_match_free;
%ignore sdm_record_free;
%ignore sdm_feedback_free;
/* Allocator hooks take C function pointers and must be set before any use:
 * a C program's business, not a binding's. */
%ignore sdm_set_alloc_funcs;
%ignore sdm_get_alloc_funcs;
/* A caller's buffer: the bindings use sdm_card_text(). */
%ignore sdm_card_format;

/* ---- what each language adds ---------------------------------------------- */

#ifdef SWIGPYTHON
%include "python/sdm_python.i"
#endif

#ifdef SWIGR
%include "r/sdm_r.i"
#endif

/* The acceptability analysis, for every language (after the language files: it uses their macros). */
%include "acceptability.i"

/* ---- the public C API ------------------------------------------------------ */

%include "sdm/common.h"
%include "sdm/error.h"
%include "sdm/evidence.h"
%include "sdm/efficacy.h"
%include "sdm/numeric.h"
%include "sdm/catalogue.h"
%include "sdm/formulary.h"
%include "sdm/profile.h"
%include "sdm/risk.h"
%include "sdm/restriction.h"
%include "sdm/licence.h"
%include "sdm/product.h"
%include "sdm/ranking.h"
%include "sdm/options.h"
%include "sdm/match.h"
%include "sdm/card.h"
%include "sdm/record.h"
%include "sdm/history.h"
%include "sdm/feedback.h"
%include "sdm/batch.h"
%include "sdm/acceptability.h"
