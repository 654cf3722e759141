/*
 * libsdm - the acceptability analysis (include/sdm/acceptability.h) in the
 * SWIG interface: included by bindings/sdm.i after the language files (whose
 * macros and helpers it uses) and before the headers are wrapped.
 * SPDX-License-Identifier: MIT
 *
 * Python: the analysis is an owned proxy (freed with sdm_acceptability_free()
 * when collected), its medicines owned profile proxies; the analysis a match
 * lends (sdm_match_acceptability()) comes as an owned copy
 * (sdm_acceptability_copy()), or None when the match has none; the population
 * form takes numpy arrays (sdm_python_acceptability_batch(), without the GIL,
 * on a copy of the rows) like sdm_python_match_batch_ext(). The 64-bit seed is
 * a Python int (stdint.i's unsigned long long).
 *
 * R: the analysis never reaches R as a pointer. sdm_r_acceptability() runs it
 * and returns list(json, text, index) (the sdm_acceptability_to_json()
 * document, the words, the formulary positions from 1),
 * sdm_r_match_acceptability() the same of a match's analysis (NULL when it
 * has none), and
 * sdm_r_acceptability_many() the population form as two n x medicines
 * matrices. A seed is a number up to 2^53 (R's doubles hold no more) or a
 * string of decimal digits, both ways.
 */

/* Freed by the proxy; the population form takes arrays, below. */
%ignore sdm_acceptability_free;
%ignore sdm_acceptability_batch;

#ifdef SWIGPYTHON

%{
/*
 * sdm_acceptability_batch() on arrays: `rankings` n x k int32, `helpful`
 * n x h int32 or None, `first` and `top3` n x (the formulary's count) float64
 * (written; `top3` may be None). The rows are copied with the GIL held and
 * analysed from the copy without it, as in sdm_python_match_batch_ext().
 */
static PyObject *sdm_python_acceptability_batch(const sdm_formulary *f, const sdm_match_options *opts,
                                                PyObject *rankings, PyObject *helpful, PyObject *first,
                                                PyObject *top3)
{
    enum { IN, HELPFUL, FIRST, TOP3, VIEWS };
    PyObject *objects[VIEWS] = {rankings, helpful, first, top3};
    static const char *const names[VIEWS] = {"the rankings", "the helpful side effects", "first", "top3"};
    Py_buffer views[VIEWS];
    int held[VIEWS] = {0};
    int32_t *rows = NULL, *helpful_rows = NULL;
    sdm_status status = SDM_OK;
    int ok = 0;
    if (!f) {
        sdm_python_raise_message(SDM_ERR_INVALID_ARGUMENT, "sdm_python_acceptability_batch: the formulary is NULL");
        return NULL;
    }
    for (int v = 0; v < VIEWS; v++) {
        if ((v == HELPFUL || v == TOP3) && objects[v] == Py_None)
            continue;
        if (sdm_python_matrix(objects[v], names[v], v >= FIRST ? 'd' : 'i', v >= FIRST, &views[v]) != 0)
            goto done;
        held[v] = 1;
    }
    size_t n = (size_t)views[IN].shape[0], k = (size_t)views[IN].shape[1];
    size_t h = held[HELPFUL] ? (size_t)views[HELPFUL].shape[1] : 0;
    size_t meds = sdm_formulary_count(f);
    for (int v = HELPFUL; v < VIEWS; v++)
        if (held[v] && ((size_t)views[v].shape[0] != n || (v >= FIRST && (size_t)views[v].shape[1] != meds))) {
            sdm_python_raise_message(SDM_ERR_INVALID_ARGUMENT,
                                     v == HELPFUL ? "the helpful side effects must have one row per ranking"
                                                  : "first and top3 must have one row per ranking and one "
                                                    "column per medicine of the formulary");
            goto done;
        }
    if (!(rows = sdm_python_copy_rows(&views[IN])) ||
        (held[HELPFUL] && !(helpful_rows = sdm_python_copy_rows(&views[HELPFUL]))))
        goto done;
    Py_BEGIN_ALLOW_THREADS
    status = sdm_acceptability_batch(f, opts, rows, n, k, helpful_rows, h, (double *)views[FIRST].buf,
                                     held[TOP3] ? (double *)views[TOP3].buf : NULL);
    Py_END_ALLOW_THREADS
    if (status < 0)
        sdm_python_raise(status);
    else
        ok = 1;
done:
    PyMem_Free(rows);
    PyMem_Free(helpful_rows);
    for (int v = 0; v < VIEWS; v++)
        if (held[v])
            PyBuffer_Release(&views[v]);
    if (!ok)
        return NULL;
    Py_RETURN_NONE;
}
%}

SDM_PYTHON_CLASS(sdm_acceptability, sdm_acceptability_free($self))
SDM_PYTHON_OUT(sdm_acceptability, out, sdm_acceptability_free)
SDM_PYTHON_LENT(const sdm_profile *, sdm_acceptability_profile,
                (sdm_formulary_ref((sdm_formulary *)sdm_profile_formulary($1)), $1))
SDM_PYTHON_LENT(const sdm_profile *, sdm_acceptability_driver_profile,
                (sdm_formulary_ref((sdm_formulary *)sdm_profile_formulary($1)), $1))

/* The analysis a match lends: an owned copy, so that no pointer into the match reaches Python; None when none. */
%typemap(out) const sdm_acceptability *sdm_match_acceptability {
  if (!$1) {
    $result = SWIG_Py_Void();
  } else {
    sdm_acceptability *copy = NULL;
    sdm_status status = sdm_acceptability_copy($1, &copy);
    if (status < 0) {
      sdm_python_raise(status);
      SWIG_fail;
    }
    $result = SWIG_NewPointerObj(copy, $descriptor(sdm_acceptability *), SWIG_POINTER_OWN);
  }
}

PyObject *sdm_python_acceptability_batch(const sdm_formulary *f, const sdm_match_options *opts,
                                         PyObject *rankings, PyObject *helpful, PyObject *first, PyObject *top3);

#endif /* SWIGPYTHON */

#ifdef SWIGR

/* A seed in: a whole number from 0 to 2^53, or a string of decimal digits up to 2^64 - 1. */
%typemap(in) uint64_t seed %{
  {
    int good = 0;
    if (TYPEOF($input) == STRSXP && XLENGTH($input) == 1 && STRING_ELT($input, 0) != NA_STRING) {
      const char *s = CHAR(STRING_ELT($input, 0));
      size_t len = strlen(s);
      if (len > 0 && len <= 20 && strspn(s, "0123456789") == len) {
        errno = 0;
        unsigned long long v = strtoull(s, NULL, 10);
        if (errno == 0) {
          $1 = (uint64_t)v;
          good = 1;
        }
      }
    } else if ((TYPEOF($input) == REALSXP || TYPEOF($input) == INTSXP) && XLENGTH($input) == 1) {
      double v = Rf_asReal($input);
      if (!ISNAN(v) && v >= 0 && v <= 9007199254740992.0 && v == floor(v)) {
        $1 = (uint64_t)v;
        good = 1;
      }
    }
    if (!good)
      Rf_error("the seed must be a whole number from 0 to 2^53 or a string of decimal digits up to "
               "18446744073709551615");
  }
%}
%typemap(scoercein) uint64_t seed %{ %}
/* A seed out: a number up to 2^53, a string of digits above. */
%typemap(out) uint64_t sdm_match_options_acceptability_seed %{
  if ($1 <= 9007199254740992ULL) {
    $result = Rf_ScalarReal((double)$1);
  } else {
    char digits[24];
    snprintf(digits, sizeof digits, "%llu", (unsigned long long)$1);
    $result = Rf_mkString(digits);
  }
%}
%typemap(scoerceout) uint64_t sdm_match_options_acceptability_seed %{ %}
%typemap("rtype") uint64_t sdm_match_options_acceptability_seed "numeric"

/* The analysis itself through the glue below only. */
%rename("$ignore", regextarget=1) "^sdm_acceptability_";
%ignore sdm_match_acceptability;

%{
#include <errno.h>
#include <math.h>
#include <stdlib.h>

/* list(json, text, index) of an analysis `a`; frees `owned` (a itself when
 * the caller made it, NULL for a match's) once the words are made. */
static SEXP sdm_r_acceptability_values(sdm_acceptability *owned, const sdm_acceptability *a)
{
    char *json = NULL, *text = NULL;
    sdm_status status = sdm_acceptability_to_json(a, &json);
    if (status >= 0)
        status = sdm_acceptability_text(a, &text);
    if (status < 0) {
        sdm_free(json);
        sdm_acceptability_free(owned);
        sdm_r_raise(status);
    }
    size_t count = sdm_acceptability_count(a);
    int *positions = (int *)R_alloc(count ? count : 1, sizeof *positions);
    for (size_t i = 0; i < count; i++)
        positions[i] = (int)sdm_acceptability_formulary_index(a, i) + 1;
    sdm_acceptability_free(owned);
    SEXP index = PROTECT(Rf_allocVector(INTSXP, (R_xlen_t)count));
    for (size_t i = 0; i < count; i++)
        INTEGER(index)[i] = positions[i];
    /* sdm_r_take_string() frees the text even if R cannot allocate. */
    SEXP json_r = PROTECT(sdm_r_take_string(json));
    SEXP text_r = PROTECT(sdm_r_take_string(text));
    SEXP out = PROTECT(Rf_allocVector(VECSXP, 3));
    SET_VECTOR_ELT(out, 0, json_r);
    SET_VECTOR_ELT(out, 1, text_r);
    SET_VECTOR_ELT(out, 2, index);
    SEXP names = PROTECT(Rf_allocVector(STRSXP, 3));
    SET_STRING_ELT(names, 0, Rf_mkChar("json"));
    SET_STRING_ELT(names, 1, Rf_mkChar("text"));
    SET_STRING_ELT(names, 2, Rf_mkChar("index"));
    Rf_setAttrib(out, R_NamesSymbol, names);
    UNPROTECT(5);
    return out;
}

/* list(json, text, index): the analysis of one ranking as R values. */
SEXP sdm_r_acceptability(const sdm_formulary *f, const sdm_ranking *r, const sdm_match_options *opts)
{
    sdm_acceptability *a = NULL;
    sdm_status status = sdm_acceptability_run(f, r, opts, &a);
    if (status < 0)
        sdm_r_raise(status);
    return sdm_r_acceptability_values(a, a);
}

/* The same of the analysis a match keeps, or NULL when it has none. */
SEXP sdm_r_match_acceptability(const sdm_match *m)
{
    const sdm_acceptability *a = sdm_match_acceptability(m);
    return a ? sdm_r_acceptability_values(NULL, a) : R_NilValue;
}

/* An n x k integer matrix (R's column-major order) of 0-based indices, NA as -1, row-major for the library. */
static int32_t *sdm_r_acceptability_rows(SEXP m, const char *what, size_t *n, size_t *k)
{
    SEXP dim = Rf_getAttrib(m, R_DimSymbol);
    if (TYPEOF(m) != INTSXP || TYPEOF(dim) != INTSXP || Rf_length(dim) != 2)
        Rf_error("sdm_r_acceptability_many: %s must be an integer matrix", what);
    *n = (size_t)INTEGER(dim)[0];
    *k = (size_t)INTEGER(dim)[1];
    int32_t *rows = (int32_t *)R_alloc(*n * *k ? *n * *k : 1, sizeof *rows);
    const int *v = INTEGER(m);
    for (size_t i = 0; i < *n; i++)
        for (size_t j = 0; j < *k; j++) {
            int x = v[j * *n + i];
            rows[i * *k + j] = x == NA_INTEGER ? -1 : x;
        }
    return rows;
}

/* list(first, top3): n x (the formulary's count) matrices, NA where the library gives NaN. */
SEXP sdm_r_acceptability_many(const sdm_formulary *f, const sdm_match_options *opts, SEXP rankings, SEXP helpful)
{
    if (!f)
        Rf_error("sdm_r_acceptability_many: the formulary is NULL");
    size_t n = 0, k = 0, hn = 0, h = 0;
    int32_t *rows = sdm_r_acceptability_rows(rankings, "the rankings", &n, &k);
    int32_t *help = Rf_isNull(helpful) ? NULL : sdm_r_acceptability_rows(helpful, "the helpful side effects", &hn, &h);
    if (help && hn != n)
        Rf_error("sdm_r_acceptability_many: the helpful side effects must have one row per ranking");
    size_t meds = sdm_formulary_count(f);
    double *first = (double *)R_alloc(n * meds ? n * meds : 1, sizeof *first);
    double *top3 = (double *)R_alloc(n * meds ? n * meds : 1, sizeof *top3);
    if (n > 0) {
        sdm_status status = sdm_acceptability_batch(f, opts, rows, n, k, help, help ? h : 0, first, top3);
        if (status < 0)
            sdm_r_raise(status);
    }
    SEXP first_r = PROTECT(Rf_allocMatrix(REALSXP, (int)n, (int)meds));
    SEXP top3_r = PROTECT(Rf_allocMatrix(REALSXP, (int)n, (int)meds));
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < meds; j++) {
            double a = first[i * meds + j], b = top3[i * meds + j];
            REAL(first_r)[j * n + i] = isnan(a) ? NA_REAL : a;
            REAL(top3_r)[j * n + i] = isnan(b) ? NA_REAL : b;
        }
    SEXP out = PROTECT(Rf_allocVector(VECSXP, 2));
    SET_VECTOR_ELT(out, 0, first_r);
    SET_VECTOR_ELT(out, 1, top3_r);
    SEXP names = PROTECT(Rf_allocVector(STRSXP, 2));
    SET_STRING_ELT(names, 0, Rf_mkChar("first"));
    SET_STRING_ELT(names, 1, Rf_mkChar("top3"));
    Rf_setAttrib(out, R_NamesSymbol, names);
    UNPROTECT(4);
    return out;
}
%}

SEXP sdm_r_acceptability(const sdm_formulary *f, const sdm_ranking *r, const sdm_match_options *opts);
SEXP sdm_r_match_acceptability(const sdm_match *m);
SEXP sdm_r_acceptability_many(const sdm_formulary *f, const sdm_match_options *opts, SEXP rankings, SEXP helpful);

/* SWIG's R module has no #define constants: the ones R needs, as functions. */
%inline %{
double sdm_r_acceptability_max_scenarios(void) { return SDM_ACCEPTABILITY_MAX_SCENARIOS; }
double sdm_r_acceptability_fragile_margin(void) { return SDM_ACCEPTABILITY_FRAGILE_MARGIN; }
%}

#endif /* SWIGR */
