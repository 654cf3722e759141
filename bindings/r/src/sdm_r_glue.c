/*
 * libsdm - R binding: finalizers, errors and the batch call (see sdm_r_glue.h).
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>
#include <string.h>

#include <R.h>
#include <Rinternals.h>

#include "sdm_r_glue.h"

/* The batch call passes R's integer vectors straight to sdm_match_batch(). */
_Static_assert(sizeof(int) == sizeof(int32_t), "R integers are 32 bits");

/* Objects owned by R and not yet finalized, per kind. Only R's main thread
 * creates and finalizes them, so plain counters are enough. */
static double live[SDM_R_KINDS];

static void finalize_catalogue(SEXP ptr)
{
    sdm_catalogue *obj = R_ExternalPtrAddr(ptr);
    if (obj) {
        R_ClearExternalPtr(ptr);
        sdm_catalogue_free(obj);
        live[SDM_R_CATALOGUE]--;
    }
}

static void finalize_formulary(SEXP ptr)
{
    sdm_formulary *obj = R_ExternalPtrAddr(ptr);
    if (obj) {
        R_ClearExternalPtr(ptr);
        sdm_formulary_free(obj);
        live[SDM_R_FORMULARY]--;
    }
}

static void finalize_ranking(SEXP ptr)
{
    sdm_ranking *obj = R_ExternalPtrAddr(ptr);
    if (obj) {
        R_ClearExternalPtr(ptr);
        sdm_ranking_free(obj);
        live[SDM_R_RANKING]--;
    }
}

static void finalize_options(SEXP ptr)
{
    sdm_match_options *obj = R_ExternalPtrAddr(ptr);
    if (obj) {
        R_ClearExternalPtr(ptr);
        sdm_match_options_free(obj);
        live[SDM_R_OPTIONS]--;
    }
}

static void finalize_match(SEXP ptr)
{
    sdm_match *obj = R_ExternalPtrAddr(ptr);
    if (obj) {
        R_ClearExternalPtr(ptr);
        sdm_match_free(obj);
        live[SDM_R_MATCH]--;
    }
}

static const R_CFinalizer_t finalizers[SDM_R_KINDS] = {
    finalize_catalogue, finalize_formulary, finalize_ranking, finalize_options, finalize_match,
};

/* SWIG may hand over an S4 reference object instead of the pointer itself. */
static SEXP external_pointer(SEXP obj)
{
    if (TYPEOF(obj) != EXTPTRSXP && IS_S4_OBJECT(obj) && R_has_slot(obj, Rf_install("ref")))
        obj = R_do_slot(obj, Rf_install("ref"));
    return obj;
}

SEXP sdm_r_own(SEXP ptr, int kind)
{
    if (ptr == R_NilValue)
        return ptr;
    if (TYPEOF(ptr) != EXTPTRSXP || kind < 0 || kind >= SDM_R_KINDS)
        Rf_error("libsdm R binding: cannot own an object of kind %d", kind);
    R_RegisterCFinalizerEx(ptr, finalizers[kind], TRUE);
    live[kind]++;
    return ptr;
}

SEXP sdm_r_borrow(SEXP ptr, SEXP owner)
{
    if (ptr != R_NilValue && TYPEOF(ptr) == EXTPTRSXP)
        R_SetExternalPtrProtected(ptr, external_pointer(owner));
    return ptr;
}

SEXP sdm_r_take_string(char *text)
{
    if (!text)
        return R_NilValue;
    SEXP s = PROTECT(Rf_allocVector(STRSXP, 1));
    /* Rf_mkCharCE may fail (an R error): free first what R has not copied yet. */
    SEXP c = Rf_mkCharLenCE(text, (int)strlen(text), CE_UTF8);
    sdm_free(text);
    SET_STRING_ELT(s, 0, c);
    UNPROTECT(1);
    return s;
}

void sdm_r_raise(sdm_status status)
{
    const char *detail = sdm_last_error();
    if (!detail || !*detail)
        detail = sdm_strerror(status);
    /* Copy the text into R before anything else can run. */
    SEXP msg = PROTECT(Rf_ScalarString(Rf_mkCharCE(detail, CE_UTF8)));
    SEXP code = PROTECT(Rf_ScalarInteger((int)status));
    SEXP ns = PROTECT(R_FindNamespace(PROTECT(Rf_mkString("sdm"))));
    SEXP call = PROTECT(Rf_lang3(Rf_install(".sdm_stop"), code, msg));
    Rf_eval(call, ns);
    /* .sdm_stop() always signals an error; this is only a safety net. */
    UNPROTECT(5);
    Rf_error("%s", detail);
}

SEXP sdm_r_live_objects(void)
{
    static const char *const names[SDM_R_KINDS] = {
        "catalogue", "formulary", "ranking", "options", "match",
    };
    SEXP counts = PROTECT(Rf_allocVector(REALSXP, SDM_R_KINDS));
    SEXP labels = PROTECT(Rf_allocVector(STRSXP, SDM_R_KINDS));
    for (int i = 0; i < SDM_R_KINDS; i++) {
        REAL(counts)[i] = live[i];
        SET_STRING_ELT(labels, i, Rf_mkChar(names[i]));
    }
    Rf_setAttrib(counts, R_NamesSymbol, labels);
    UNPROTECT(2);
    return counts;
}

SEXP sdm_r_match_batch(const sdm_formulary *f, const sdm_match_options *opts, SEXP rankings, int top)
{
    if (!f)
        Rf_error("sdm_r_match_batch: the formulary is NULL");
    if (TYPEOF(rankings) != INTSXP)
        Rf_error("sdm_r_match_batch: the rankings must be an integer matrix");
    SEXP dim = Rf_getAttrib(rankings, R_DimSymbol);
    if (TYPEOF(dim) != INTSXP || Rf_length(dim) != 2)
        Rf_error("sdm_r_match_batch: the rankings must be an integer matrix");
    if (top < 1)
        Rf_error("sdm_r_match_batch: top must be at least 1");
    /* One ranking per column of the (transposed) matrix: k rows, n columns. */
    size_t k = (size_t)INTEGER(dim)[0];
    size_t n = (size_t)INTEGER(dim)[1];
    R_xlen_t cells = (R_xlen_t)n * (R_xlen_t)top;
    if (n > 0 && (R_xlen_t)((size_t)cells / n) != (R_xlen_t)top)
        Rf_error("sdm_r_match_batch: the result would be too large");

    SEXP best = PROTECT(Rf_allocVector(INTSXP, cells));
    SEXP score = PROTECT(Rf_allocVector(REALSXP, cells));
    if (n > 0) {
        sdm_status st = sdm_match_batch(f, opts, (const int32_t *)INTEGER(rankings), n, k,
                                        (size_t)top, (int32_t *)INTEGER(best), REAL(score));
        if (st != SDM_OK)
            sdm_r_raise(st);
        int *b = INTEGER(best);
        double *s = REAL(score);
        for (R_xlen_t i = 0; i < cells; i++)
            if (b[i] < 0)
                s[i] = NA_REAL;
    }
    SEXP out = PROTECT(Rf_allocVector(VECSXP, 2));
    SET_VECTOR_ELT(out, 0, best);
    SET_VECTOR_ELT(out, 1, score);
    SEXP names = PROTECT(Rf_allocVector(STRSXP, 2));
    SET_STRING_ELT(names, 0, Rf_mkChar("best"));
    SET_STRING_ELT(names, 1, Rf_mkChar("score"));
    Rf_setAttrib(out, R_NamesSymbol, names);
    UNPROTECT(4);
    return out;
}
