/*
 * libsdm - R binding: the hand-written C glue under the SWIG-generated wrapper.
 * SPDX-License-Identifier: MIT
 *
 * The typemaps of bindings/r/sdm_r.i call these functions: every object the
 * library hands over gets an external pointer whose C finalizer calls the
 * library's own free function, borrowed pointers keep their owner alive, and
 * a failed call ends in an R condition of class "libsdm_error" carrying
 * sdm_last_error(). sdm_r_live_objects(), sdm_r_match_many() and
 * sdm_r_parse_json() are wrapped by SWIG too (and sdm_r_record_rerun(),
 * written in sdm_r.i); sdm_r_init() runs when the package is loaded.
 */
#ifndef SDM_R_GLUE_H
#define SDM_R_GLUE_H

#include <R_ext/Rdynload.h>
#include <Rinternals.h>

#include <sdm/sdm.h>

/** @brief The kinds of object the binding owns, one finalizer each. */
enum sdm_r_kind {
    SDM_R_CATALOGUE = 0,
    SDM_R_FORMULARY = 1,
    SDM_R_RANKING = 2,
    SDM_R_OPTIONS = 3,
    SDM_R_MATCH = 4,
    SDM_R_RECORD = 5,
    SDM_R_FEEDBACK = 6,
    SDM_R_KINDS = 7
};

/**
 * @brief Takes ownership of the object behind an external pointer.
 *
 * Registers the C finalizer that calls the kind's free function (also at the
 * end of the R session) and counts the object as live.
 * @param ptr an external pointer made by SWIG, or R_NilValue (returned as is).
 * @param kind an sdm_r_kind.
 * @return `ptr`.
 */
SEXP sdm_r_own(SEXP ptr, int kind);

/**
 * @brief Keeps `owner` alive as long as the borrowed pointer `ptr` is reachable.
 * @param ptr an external pointer made by SWIG, or R_NilValue (returned as is).
 * @param owner the external pointer (or SWIG reference object) it was borrowed from.
 * @return `ptr`.
 */
SEXP sdm_r_borrow(SEXP ptr, SEXP owner);

/**
 * @brief Turns text the library allocated into an R string and frees it with sdm_free().
 * @param text NUL-terminated UTF-8 text, or NULL (gives NULL).
 * @return a character vector of length 1, or R_NilValue.
 */
SEXP sdm_r_take_string(char *text);

/**
 * @brief Signals an R error of class "libsdm_error" with sdm_last_error() (or
 *        sdm_strerror() if that is empty) and the status. Does not return.
 * @param status a negative status.
 */
#if defined(__GNUC__)
__attribute__((noreturn))
#endif
void sdm_r_raise(sdm_status status);

/**
 * @brief The number of objects of each kind the binding owns and has not freed yet.
 * @return a named integer vector (catalogue, formulary, ranking, options, match, record).
 */
SEXP sdm_r_live_objects(void);

/**
 * @brief Registers the binding's ALTREP class (from R_init_libsdm()).
 * @param dll the package's DLL.
 */
void sdm_r_init(DllInfo *dll);

/**
 * @brief sdm_match_many() in C: converts the rankings (and helpful side
 *        effects) and calls sdm_match_batch_ext().
 *
 * The rankings are converted and matched a chunk of rows at a time; there is
 * no check in R unless this fails.
 * @param f the formulary.
 * @param opts options, or NULL for the defaults.
 * @param rankings an n x k integer or double matrix as R holds it (column-major),
 *        one ranking per row: 1-based catalogue indices, NA ending a ranking early.
 * @param helpful NULL, or an n x h integer or double matrix of each row's helpful
 *        side effects (1-based, in any order, NA ending a row early).
 * @param top how many of the best medicines to keep per ranking.
 * @return a list: "best", an n x top character matrix of medicine ids (NA where
 *         fewer medicines were ranked, and in every place of a row with no side
 *         effect; an ALTREP that makes its strings when they are read); "score",
 *         an n x top double matrix (NA there); "rank", the tie-aware rank of each
 *         place (tied medicines share the rank of the first of them: 1, 1, 3), and
 *         "tied", how many medicines share that rank (counting those beyond
 *         `top`), two n x top integer matrices (NA there); all with the row names
 *         of `rankings`. With top = 1, rank and tied are kept as their
 *         exceptions to 1 (an ALTREP that makes the ordinary vector only when
 *         R asks for its data pointer) unless a quarter of the rows are
 *         exceptions, and best's indices are bytes when the formulary has
 *         at most 255 medicines: 9 MB of R vectors for a million rows
 *         rather than 20, as many fewer for R's garbage collector. R_NilValue if a
 *         cell is not a whole number from 1 to 2^31 - 1 (found before its chunk
 *         of rows is matched): the caller then finds the cell and names it. The
 *         library's own errors (an index beyond the catalogue, an index after an
 *         NA, a side effect twice in a row or both ranked and helpful, k,
 *         options) are signalled as for any call, with rows
 *         numbered from 1 as R counts them ("row 1: the custom weights cover 1
 *         ranks, ...").
 */
SEXP sdm_r_match_many(const sdm_formulary *f, const sdm_match_options *opts, SEXP rankings, SEXP helpful, int top);

/**
 * @brief The record's ranking and options run again (sdm_record_rerun()): list(match, changes).
 *
 * Written in bindings/r/sdm_r.i, where SWIG's type of a match is known.
 * @param rec a record.
 * @param f the formulary as it is now.
 * @return a list: "match", the new match (owned), and "changes", the
 *         sdm-record-changes document as R values (sdm_r_parse_json()).
 */
SEXP sdm_r_record_rerun(const sdm_record *rec, const sdm_formulary *f);

/**
 * @brief JSON text (the library's own output) as R values, with the library's jansson.
 *
 * An object becomes a named list, an array a list, a string a character(1),
 * an integer an integer(1) (a double beyond R's integers), a real a double(1),
 * true and false a logical(1) and null NULL.
 * @param text a character(1) of JSON.
 * @return the value; an error of class "libsdm_error_parse" if it is not JSON.
 */
SEXP sdm_r_parse_json(SEXP text);

#endif /* SDM_R_GLUE_H */
