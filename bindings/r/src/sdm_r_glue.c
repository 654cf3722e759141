/*
 * libsdm - R binding: finalizers, errors and the batch call (see sdm_r_glue.h).
 * SPDX-License-Identifier: MIT
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <R.h>
#include <Rinternals.h>
/* After Rinternals.h, which it needs. */
#include <R_ext/Altrep.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "sdm_r_glue.h"

/* The batch call lets sdm_match_batch() write R's integer vectors. */
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

static void finalize_record(SEXP ptr)
{
    sdm_record *obj = R_ExternalPtrAddr(ptr);
    if (obj) {
        R_ClearExternalPtr(ptr);
        sdm_record_free(obj);
        live[SDM_R_RECORD]--;
    }
}

static void finalize_feedback(SEXP ptr)
{
    sdm_feedback *obj = R_ExternalPtrAddr(ptr);
    if (obj) {
        R_ClearExternalPtr(ptr);
        sdm_feedback_free(obj);
        live[SDM_R_FEEDBACK]--;
    }
}

static const R_CFinalizer_t finalizers[SDM_R_KINDS] = {
    finalize_catalogue, finalize_formulary, finalize_ranking, finalize_options, finalize_match, finalize_record,
    finalize_feedback,
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

/* Signals the "libsdm_error" condition through .sdm_stop() in the package's namespace. */
#if defined(__GNUC__)
__attribute__((noreturn))
#endif
static void raise_message(sdm_status status, const char *detail)
{
    /* Copy the text into R before anything else can run. */
    SEXP msg = PROTECT(Rf_ScalarString(Rf_mkCharCE(detail, CE_UTF8)));
    SEXP code = PROTECT(Rf_ScalarInteger((int)status));
    SEXP ns = PROTECT(R_FindNamespace(PROTECT(Rf_mkString("libsdm"))));
    SEXP call = PROTECT(Rf_lang3(Rf_install(".sdm_stop"), code, msg));
    Rf_eval(call, ns);
    /* .sdm_stop() always signals an error; this is only a safety net. */
    UNPROTECT(5);
    Rf_error("%s", detail);
}

void sdm_r_raise(sdm_status status)
{
    const char *detail = sdm_last_error();
    if (!detail || !*detail)
        detail = sdm_strerror(status);
    raise_message(status, detail);
}

SEXP sdm_r_live_objects(void)
{
    static const char *const names[SDM_R_KINDS] = {
        "catalogue", "formulary", "ranking", "options", "match", "record", "feedback",
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

/* ---- the batch call ------------------------------------------------------ */

/*
 * sdm_match_many()'s medicine ids: a character vector (an ALTREP) over the
 * formulary indices that sdm_match_batch() wrote. R fills a character vector
 * at about 15 ns an element, for a million rows more than the match itself
 * takes; this class makes an element only when it is read, and the whole
 * ordinary character vector only when R asks for its data pointer (or an
 * element is set). data1 is the indices: an integer vector (-1 for NA), or,
 * when the formulary has at most 255 medicines, a raw vector of index + 1
 * (0 for NA), a quarter of the memory for R to collect; afterwards the
 * ordinary vector. data2 is the ids of the formulary's medicines.
 */
static R_altrep_class_t ids_class;

static R_xlen_t ids_length(SEXP x)
{
    return XLENGTH(R_altrep_data1(x));
}

/* The formulary index of element i (-1 for NA) of the indices. */
static int ids_index(SEXP data, R_xlen_t i)
{
    return TYPEOF(data) == RAWSXP ? (int)RAW(data)[i] - 1 : INTEGER(data)[i];
}

static SEXP ids_elt(SEXP x, R_xlen_t i)
{
    SEXP data = R_altrep_data1(x);
    if (TYPEOF(data) == STRSXP)
        return STRING_ELT(data, i);
    int m = ids_index(data, i);
    return m < 0 ? NA_STRING : STRING_ELT(R_altrep_data2(x), m);
}

/* Replaces the indices with the ordinary character vector. */
static SEXP ids_materialize(SEXP x)
{
    SEXP data = R_altrep_data1(x);
    if (TYPEOF(data) == STRSXP)
        return data;
    R_xlen_t n = XLENGTH(data);
    SEXP ids = R_altrep_data2(x);
    SEXP out = PROTECT(Rf_allocVector(STRSXP, n));
    for (R_xlen_t i = 0; i < n; i++) {
        int m = ids_index(data, i);
        SET_STRING_ELT(out, i, m < 0 ? NA_STRING : STRING_ELT(ids, m));
    }
    R_set_altrep_data1(x, out);
    UNPROTECT(1);
    return out;
}

static void *ids_dataptr(SEXP x, Rboolean writeable)
{
    (void)writeable;
    return DATAPTR(ids_materialize(x));
}

static const void *ids_dataptr_or_null(SEXP x)
{
    SEXP data = R_altrep_data1(x);
    return TYPEOF(data) == STRSXP ? DATAPTR(data) : NULL;
}

static void ids_set_elt(SEXP x, R_xlen_t i, SEXP v)
{
    SET_STRING_ELT(ids_materialize(x), i, v);
}

static Rboolean ids_inspect(SEXP x, int pre, int deep, int pvec, void (*inspect_subtree)(SEXP, int, int, int))
{
    (void)pre;
    (void)deep;
    (void)pvec;
    (void)inspect_subtree;
    Rprintf(" libsdm medicine ids (%s)\n", TYPEOF(R_altrep_data1(x)) == STRSXP ? "materialized" : "indices");
    return TRUE;
}

/*
 * A top-1 batch's `rank` and `tied`: integer vectors (an ALTREP) that are one
 * value almost everywhere (rank 1; tied 1, as 95 % of random rankings under
 * the default rule have no tie for first), held as that value and the
 * exceptions, rows in increasing order with their values. R would otherwise
 * allocate and fill 8 MB for a million rows, and collect it, on every call;
 * the ordinary vector is made only when R asks for its data pointer. data1 is
 * list(rows, values, c(length, fill)); data2 is R_NilValue, afterwards the
 * ordinary vector. The vectors own their data: nothing refers back to the
 * batch, and they serialize as ordinary integer vectors.
 */
static R_altrep_class_t sparse_class;

enum { SPARSE_ROWS, SPARSE_VALUES, SPARSE_SHAPE };

static R_xlen_t sparse_length(SEXP x)
{
    return INTEGER(VECTOR_ELT(R_altrep_data1(x), SPARSE_SHAPE))[0];
}

/* The first exception at or after row i. */
static R_xlen_t sparse_lower_bound(SEXP state, R_xlen_t i)
{
    SEXP rows = VECTOR_ELT(state, SPARSE_ROWS);
    const int *at = INTEGER(rows);
    R_xlen_t lo = 0, hi = XLENGTH(rows);
    while (lo < hi) {
        R_xlen_t mid = lo + (hi - lo) / 2;
        if (at[mid] < i)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Elements [i, i + m) into buf, from the state (not the materialized vector). */
static void sparse_fill(SEXP state, R_xlen_t i, R_xlen_t m, int *buf)
{
    int fill = INTEGER(VECTOR_ELT(state, SPARSE_SHAPE))[1];
    for (R_xlen_t j = 0; j < m; j++)
        buf[j] = fill;
    SEXP rows = VECTOR_ELT(state, SPARSE_ROWS);
    const int *at = INTEGER(rows), *value = INTEGER(VECTOR_ELT(state, SPARSE_VALUES));
    for (R_xlen_t e = sparse_lower_bound(state, i); e < XLENGTH(rows) && at[e] < i + m; e++)
        buf[at[e] - i] = value[e];
}

static int sparse_elt(SEXP x, R_xlen_t i)
{
    SEXP plain = R_altrep_data2(x);
    if (plain != R_NilValue)
        return INTEGER(plain)[i];
    int v;
    sparse_fill(R_altrep_data1(x), i, 1, &v);
    return v;
}

static R_xlen_t sparse_get_region(SEXP x, R_xlen_t i, R_xlen_t n, int *buf)
{
    R_xlen_t length = sparse_length(x);
    R_xlen_t m = i >= length ? 0 : (n < length - i ? n : length - i);
    SEXP plain = R_altrep_data2(x);
    if (plain != R_NilValue)
        memcpy(buf, INTEGER(plain) + i, (size_t)m * sizeof *buf);
    else
        sparse_fill(R_altrep_data1(x), i, m, buf);
    return m;
}

/* The ordinary vector, without attributes. */
static SEXP sparse_plain(SEXP x)
{
    R_xlen_t n = sparse_length(x);
    SEXP out = PROTECT(Rf_allocVector(INTSXP, n));
    sparse_get_region(x, 0, n, INTEGER(out));
    UNPROTECT(1);
    return out;
}

static void *sparse_dataptr(SEXP x, Rboolean writeable)
{
    (void)writeable;
    if (R_altrep_data2(x) == R_NilValue)
        R_set_altrep_data2(x, sparse_plain(x));
    return DATAPTR(R_altrep_data2(x));
}

static const void *sparse_dataptr_or_null(SEXP x)
{
    SEXP plain = R_altrep_data2(x);
    return plain == R_NilValue ? NULL : DATAPTR(plain);
}

/* A copy (to be changed) is an ordinary vector; R copies the attributes. */
static SEXP sparse_duplicate(SEXP x, Rboolean deep)
{
    (void)deep;
    return sparse_plain(x);
}

static Rboolean sparse_inspect(SEXP x, int pre, int deep, int pvec, void (*inspect_subtree)(SEXP, int, int, int))
{
    (void)pre;
    (void)deep;
    (void)pvec;
    (void)inspect_subtree;
    SEXP state = R_altrep_data1(x);
    Rprintf(" libsdm batch column (%d everywhere but %ld rows%s)\n", INTEGER(VECTOR_ELT(state, SPARSE_SHAPE))[1],
            (long)XLENGTH(VECTOR_ELT(state, SPARSE_ROWS)), R_altrep_data2(x) == R_NilValue ? "" : "; materialized");
    return TRUE;
}

void sdm_r_init(DllInfo *dll)
{
    ids_class = R_make_altstring_class("libsdm_medicine_ids", "libsdm", dll);
    R_set_altrep_Length_method(ids_class, ids_length);
    R_set_altrep_Inspect_method(ids_class, ids_inspect);
    R_set_altvec_Dataptr_method(ids_class, ids_dataptr);
    R_set_altvec_Dataptr_or_null_method(ids_class, ids_dataptr_or_null);
    R_set_altstring_Elt_method(ids_class, ids_elt);
    R_set_altstring_Set_elt_method(ids_class, ids_set_elt);

    sparse_class = R_make_altinteger_class("libsdm_batch_column", "libsdm", dll);
    R_set_altrep_Length_method(sparse_class, sparse_length);
    R_set_altrep_Inspect_method(sparse_class, sparse_inspect);
    R_set_altrep_Duplicate_method(sparse_class, sparse_duplicate);
    R_set_altvec_Dataptr_method(sparse_class, sparse_dataptr);
    R_set_altvec_Dataptr_or_null_method(sparse_class, sparse_dataptr_or_null);
    R_set_altinteger_Elt_method(sparse_class, sparse_elt);
    R_set_altinteger_Get_region_method(sparse_class, sparse_get_region);
}

/* Rows per call of sdm_match_batch(): the converted rankings and the results
 * of one call stay in the cache, and the fixed cost of a call (its plan,
 * about 81,000 instructions) stays small: twenty calls for a million rows of
 * 5. The glue's buffers hold 1 MiB of converted cells (rankings and helpful
 * side effects together) and, with top = 1, 8 bytes a row of the chunk for
 * the medicines and ties (0.4 MiB for rows of 5). Chunks of 2^17 and 2^19
 * cells took as long as these, of 2^16 and 2^21 longer (the plans; the
 * cache). */
#define CHUNK_CELLS ((size_t)1 << 18)

/*
 * The conversion of the rankings, a chunk of rows at a time: rows [start,
 * start + m) of the n x k column-major R matrix (integer or double; 1-based,
 * NA ending a ranking) become row-major 0-based int32 rows, -1 for NA. It
 * returns 0 if a cell is not a 1-based index (0 or less, not whole, beyond
 * 2^31 - 1): the R code then finds it and says what is wrong. Indices beyond
 * the catalogue, and a cell that follows an NA in its row (-1 then an index),
 * are sdm_match_batch()'s to find; either way R then names the cell itself
 * (sdm_match_many()'s recheck), so the message is the same as if the glue
 * had found it.
 *
 * A double becomes the integer it equals (NaN, R's NA, becomes NA_INTEGER;
 * anything not a whole number from 1 to 2^31 - 1 becomes 0, which is wrong).
 * For an integer v, u = v - 1 (unsigned) is 0..2^31 - 2 for v = 1..2^31 - 1,
 * 2^31 - 1 for NA (INT_MIN) and has its top bit set for every other v; v >> 31
 * is all ones for NA. So the cell is u | (v >> 31), and the top bit of u says
 * it is wrong.
 */
static inline int32_t real_cell(double v)
{
    if (ISNAN(v))
        return NA_INTEGER;
    if (!(v >= 1.0 && v <= 2147483647.0))
        return 0;
    int32_t i = (int32_t)v;
    return (double)i == v ? i : 0;
}

static inline int32_t load_cell(const void *x, int real, size_t at)
{
    return real ? real_cell(((const double *)x)[at]) : ((const int *)x)[at];
}

static inline int32_t convert_cell(int32_t v, uint32_t *bad)
{
    uint32_t u = (uint32_t)v - 1u;
    *bad |= u;
    return (int32_t)(u | (uint32_t)(v >> 31));
}

#if defined(__SSE2__)
/* real_cell() on four doubles (two vectors): cvttpd2dq truncates, and the
 * cell is whole if the truncation converts back to it; NaN and anything out
 * of range never does. */
static inline __m128i real_cells(__m128d lo, __m128d hi)
{
    __m128i ilo = _mm_cvttpd_epi32(lo), ihi = _mm_cvttpd_epi32(hi);
    __m128d one = _mm_set1_pd(1.0);
    __m128d wlo = _mm_and_pd(_mm_cmpeq_pd(_mm_cvtepi32_pd(ilo), lo), _mm_cmpge_pd(lo, one));
    __m128d whi = _mm_and_pd(_mm_cmpeq_pd(_mm_cvtepi32_pd(ihi), hi), _mm_cmpge_pd(hi, one));
    __m128 whole = _mm_shuffle_ps(_mm_castpd_ps(wlo), _mm_castpd_ps(whi), _MM_SHUFFLE(2, 0, 2, 0));
    __m128 nan = _mm_shuffle_ps(_mm_castpd_ps(_mm_cmpunord_pd(lo, lo)), _mm_castpd_ps(_mm_cmpunord_pd(hi, hi)),
                                _MM_SHUFFLE(2, 0, 2, 0));
    __m128i i = _mm_and_si128(_mm_unpacklo_epi64(ilo, ihi), _mm_castps_si128(whole));
    __m128i na = _mm_castps_si128(nan);
    return _mm_or_si128(_mm_andnot_si128(na, i), _mm_and_si128(na, _mm_set1_epi32(NA_INTEGER)));
}

static inline __m128i load_cells(const void *x, int real, size_t at)
{
    if (real) {
        const double *d = (const double *)x + at;
        return real_cells(_mm_loadu_pd(d), _mm_loadu_pd(d + 2));
    }
    return _mm_loadu_si128((const __m128i *)((const int *)x + at));
}

/* convert_cell() on four cells (four rows of one column). */
static inline __m128i convert_cells(__m128i v, __m128i *bad)
{
    __m128i u = _mm_sub_epi32(v, _mm_set1_epi32(1));
    *bad = _mm_or_si128(*bad, u);
    return _mm_or_si128(u, _mm_srai_epi32(v, 31));
}

/* Column c of four rows, each `k` cells from the next. */
static inline void store_column(int32_t *row, size_t k, __m128i v)
{
    row[0] = _mm_cvtsi128_si32(v);
    row[k] = _mm_cvtsi128_si32(_mm_shuffle_epi32(v, 1));
    row[2 * k] = _mm_cvtsi128_si32(_mm_shuffle_epi32(v, 2));
    row[3 * k] = _mm_cvtsi128_si32(_mm_shuffle_epi32(v, 3));
}
#endif

/* The conversion for one element type and, for the usual rankings, one
 * number of columns: `real` is a constant in each caller, and so is `k` in
 * all but two (convert_for()), so that each loop is compiled without a test
 * of `real` per cell and, for k up to 8, with its columns unrolled. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline int convert_rows(const void *x, const int real, size_t n, const size_t k, size_t start, size_t m,
                               int32_t *out)
{
    uint32_t bad = 0;
    size_t r = 0;
#if defined(__SSE2__)
    /* Four rows at a time: four columns at a time transposed (SSE2 is part of
     * x86-64), the columns left over one by one. */
    __m128i vbad = _mm_setzero_si128();
    for (; r + 4 <= m; r += 4) {
        size_t at = start + r;
        int32_t *row = out + r * k;
        size_t c = 0;
        for (; c + 4 <= k; c += 4) {
            size_t p = at + c * n;
            __m128i a = convert_cells(load_cells(x, real, p), &vbad);
            __m128i b = convert_cells(load_cells(x, real, p + n), &vbad);
            __m128i d = convert_cells(load_cells(x, real, p + 2 * n), &vbad);
            __m128i e = convert_cells(load_cells(x, real, p + 3 * n), &vbad);
            __m128i ab0 = _mm_unpacklo_epi32(a, b), de0 = _mm_unpacklo_epi32(d, e);
            __m128i ab1 = _mm_unpackhi_epi32(a, b), de1 = _mm_unpackhi_epi32(d, e);
            _mm_storeu_si128((__m128i *)(row + c), _mm_unpacklo_epi64(ab0, de0));
            _mm_storeu_si128((__m128i *)(row + k + c), _mm_unpackhi_epi64(ab0, de0));
            _mm_storeu_si128((__m128i *)(row + 2 * k + c), _mm_unpacklo_epi64(ab1, de1));
            _mm_storeu_si128((__m128i *)(row + 3 * k + c), _mm_unpackhi_epi64(ab1, de1));
        }
        for (; c < k; c++)
            store_column(row + c, k, convert_cells(load_cells(x, real, at + c * n), &vbad));
    }
    uint32_t lanes[4];
    _mm_storeu_si128((__m128i *)lanes, vbad);
    bad = lanes[0] | lanes[1] | lanes[2] | lanes[3];
#endif
    for (; r < m; r++)
        for (size_t c = 0; c < k; c++)
            out[r * k + c] = convert_cell(load_cell(x, real, start + r + c * n), &bad);
    return !(bad >> 31);
}

/* The conversion of rows [start, start + m) of one matrix (see convert_rows()). */
typedef int converter(const void *x, size_t n, size_t k, size_t start, size_t m, int32_t *out);

/* With its columns unrolled the conversion of a million rows of 5 takes
 * about half the instructions it takes with k a variable (14 rather than 28
 * a row), and the whole call about 4 % of the C batch's time less (timed in
 * rounds interleaved with the C batch). */
#define CONVERTERS(K)                                                                                        \
    static int convert_integers_##K(const void *x, size_t n, size_t k, size_t start, size_t m, int32_t *out) \
    {                                                                                                        \
        (void)k;                                                                                             \
        return convert_rows(x, 0, n, K, start, m, out);                                                      \
    }                                                                                                        \
    static int convert_doubles_##K(const void *x, size_t n, size_t k, size_t start, size_t m, int32_t *out)  \
    {                                                                                                        \
        (void)k;                                                                                             \
        return convert_rows(x, 1, n, K, start, m, out);                                                      \
    }
CONVERTERS(1)
CONVERTERS(2)
CONVERTERS(3)
CONVERTERS(4)
CONVERTERS(5)
CONVERTERS(6)
CONVERTERS(7)
CONVERTERS(8)

static int convert_integers_any(const void *x, size_t n, size_t k, size_t start, size_t m, int32_t *out)
{
    return convert_rows(x, 0, n, k, start, m, out);
}

static int convert_doubles_any(const void *x, size_t n, size_t k, size_t start, size_t m, int32_t *out)
{
    return convert_rows(x, 1, n, k, start, m, out);
}

/* The conversion of a matrix of k columns, integers or doubles (`real`). */
static converter *convert_for(int real, size_t k)
{
    static converter *const integers[] = {convert_integers_any, convert_integers_1, convert_integers_2,
                                          convert_integers_3,   convert_integers_4, convert_integers_5,
                                          convert_integers_6,   convert_integers_7, convert_integers_8};
    static converter *const doubles[] = {convert_doubles_any, convert_doubles_1, convert_doubles_2,
                                         convert_doubles_3,   convert_doubles_4, convert_doubles_5,
                                         convert_doubles_6,   convert_doubles_7, convert_doubles_8};
    size_t at = k < sizeof integers / sizeof *integers ? k : 0;
    return real ? doubles[at] : integers[at];
}

/* The glue's buffers: the converted rows (the rankings, the helpful side
 * effects) and a top-1 batch's best medicines and ties, kept from call to
 * call (R calls the glue from its main thread only): a fresh one would cost
 * page faults and, counted by R's allocator, garbage collections. Each holds
 * one chunk. */
enum { BUFFER_RANKINGS, BUFFER_HELPFUL, BUFFER_BEST, BUFFER_TIED, BUFFERS };

static int32_t *rows_buffer(int which, size_t cells)
{
    static int32_t *buffer[BUFFERS];
    static size_t capacity[BUFFERS];
    if (cells > capacity[which]) {
        free(buffer[which]);
        buffer[which] = malloc(cells * sizeof *buffer[which]);
        capacity[which] = buffer[which] ? cells : 0;
        if (!buffer[which])
            Rf_error("sdm_r_match_many: out of memory");
    }
    return buffer[which];
}

/* Raises the library's error for the chunk of rows [start, ...) with its
 * "row N" (counted from 0 in the chunk) renumbered as R counts: from 1 in the
 * whole batch ("row 0: ..." of the first chunk becomes "row 1: ..."). The
 * rest of the message is the library's (columns and indices from 0: the R
 * code names a wrong cell itself, in R's terms, before such a message is seen). */
#if defined(__GNUC__)
__attribute__((noreturn))
#endif
static void raise_batch_error(sdm_status status, size_t start)
{
    const char *detail = sdm_last_error();
    if (!detail || !*detail)
        detail = sdm_strerror(status);
    char *end = NULL;
    if (strncmp(detail, "row ", 4) == 0) {
        unsigned long long row = strtoull(detail + 4, &end, 10);
        if (end != detail + 4) {
            size_t size = strlen(end) + 32;
            char *text = R_alloc(size, 1);
            snprintf(text, size, "row %llu%s", row + (unsigned long long)start + 1u, end);
            raise_message(status, text);
        }
    }
    raise_message(status, detail);
}

/* The rows [start, start + m) of one input matrix (rankings or helpful side
 * effects), converted into `rows` (row-major, 0-based, -1 for NA). */
typedef struct batch_input {
    const void *values; /* R's column-major integers or doubles */
    converter *convert;
    size_t columns;
    int32_t *rows;
} batch_input;

static batch_input input_of(SEXP x, size_t chunk, int which)
{
    batch_input in = {NULL, NULL, 0, NULL};
    if (Rf_isNull(x))
        return in;
    int real = TYPEOF(x) == REALSXP;
    in.values = real ? (const void *)REAL(x) : (const void *)INTEGER(x);
    in.columns = (size_t)INTEGER(Rf_getAttrib(x, R_DimSymbol))[1];
    in.convert = convert_for(real, in.columns);
    if (in.columns)
        in.rows = rows_buffer(which, chunk * in.columns);
    return in;
}

/* Checks one input matrix: integer or double, n rows. */
static void check_matrix(SEXP x, size_t n, const char *what)
{
    SEXP dim = Rf_getAttrib(x, R_DimSymbol);
    if ((TYPEOF(x) != INTSXP && TYPEOF(x) != REALSXP) || TYPEOF(dim) != INTSXP || Rf_length(dim) != 2)
        Rf_error("sdm_r_match_many: %s must be an integer or numeric matrix", what);
    if ((size_t)INTEGER(dim)[0] != n)
        Rf_error("sdm_r_match_many: %s must have one row per ranking", what);
}

/* 0 (no result: a row with no side effect) becomes NA, as the best medicine's -1 does. */
static void na_where_no_result(const int32_t *best, double *score, int *rank, int *tied, size_t at)
{
    if (best[at] < 0) {
        score[at] = NA_REAL;
        rank[at] = NA_INTEGER;
        tied[at] = NA_INTEGER;
    }
}

/* The rows of a top-1 batch whose rank or tied is not 1, with their values,
 * in increasing order; kept from call to call, as the row buffers are. */
typedef struct exceptions {
    int *row;
    int *value;
    size_t count, capacity;
} exceptions;

/* Makes room for more exceptions: twice as many each time. */
static void exceptions_grow(exceptions *e)
{
    size_t capacity = e->capacity ? 2 * e->capacity : 4096;
    int *rows = realloc(e->row, capacity * sizeof *rows);
    if (rows)
        e->row = rows;
    int *values = rows ? realloc(e->value, capacity * sizeof *values) : NULL;
    if (values)
        e->value = values;
    if (!rows || !values)
        Rf_error("sdm_r_match_many: out of memory");
    e->capacity = capacity;
}

static inline void exceptions_add(exceptions *e, size_t row, int value)
{
    if (e->count == e->capacity)
        exceptions_grow(e);
    e->row[e->count] = (int)row;
    e->value[e->count++] = value;
}

/* Row r of a top-1 chunk starting at row `start`: a tie for first is kept
 * (tied > 1), and a row with no result (best -1, tied 0) gets NA in all
 * three. */
static inline void keep_if_not_one(const int32_t *best, const int32_t *tied, size_t start, size_t r, double *score,
                                   exceptions *ranks, exceptions *ties)
{
    if (tied[r] == 1)
        return;
    if (best[r] < 0) {
        score[start + r] = NA_REAL;
        exceptions_add(ranks, start + r, NA_INTEGER);
        exceptions_add(ties, start + r, NA_INTEGER);
    } else {
        exceptions_add(ties, start + r, tied[r]);
    }
}

/*
 * The results of one chunk of a top-1 batch, rows [start, start + m), that
 * the library wrote into the glue's buffers (best, tied) and R's scores, in
 * one pass: the medicines go into R's indices when they are bytes (index +
 * 1; an integer vector the library wrote itself), and the rows whose rank or
 * tied is not 1 into the exceptions. Rank is 1 in every row with a result:
 * the first place is never preceded by a tie.
 */
static void keep_top1_chunk(const int32_t *best, const int32_t *tied, size_t start, size_t m, SEXP indices,
                            double *score, exceptions *ranks, exceptions *ties)
{
    Rbyte *to = TYPEOF(indices) == RAWSXP ? RAW(indices) + start : NULL;
    size_t r = 0;
#if defined(__SSE2__)
    /* Sixteen rows at a time, visiting only those with tied != 1 (about one
     * in twenty under the default rule). The counts are narrowed to bytes
     * with saturation, which keeps 1 apart from every other count; index + 1
     * is 0 to 255, which both packs keep. */
    const __m128i one = _mm_set1_epi32(1);
    for (; r + 16 <= m; r += 16) {
        const __m128i *t = (const __m128i *)(tied + r);
        __m128i t01 = _mm_packs_epi32(_mm_loadu_si128(t), _mm_loadu_si128(t + 1));
        __m128i t23 = _mm_packs_epi32(_mm_loadu_si128(t + 2), _mm_loadu_si128(t + 3));
        __m128i same = _mm_cmpeq_epi8(_mm_packs_epi16(t01, t23), _mm_set1_epi8(1));
        if (to) {
            const __m128i *b = (const __m128i *)(best + r);
            __m128i b01 = _mm_packs_epi32(_mm_add_epi32(_mm_loadu_si128(b), one),
                                          _mm_add_epi32(_mm_loadu_si128(b + 1), one));
            __m128i b23 = _mm_packs_epi32(_mm_add_epi32(_mm_loadu_si128(b + 2), one),
                                          _mm_add_epi32(_mm_loadu_si128(b + 3), one));
            _mm_storeu_si128((__m128i *)(to + r), _mm_packus_epi16(b01, b23));
        }
        for (unsigned other = ~(unsigned)_mm_movemask_epi8(same) & 0xFFFFu; other; other &= other - 1)
            keep_if_not_one(best, tied, start, r + (size_t)__builtin_ctz(other), score, ranks, ties);
    }
#endif
    for (; r < m; r++) {
        if (to)
            to[r] = (Rbyte)(best[r] + 1);
        keep_if_not_one(best, tied, start, r, score, ranks, ties);
    }
}

/* A top-1 batch's rank or tied: 1 but at the exceptions. An ALTREP
 * (sparse_class) unless a quarter of the rows or more are exceptions (8
 * bytes each): then the ordinary vector, 4 bytes a row, is smaller. */
static SEXP top1_column(size_t n, const exceptions *e)
{
    if (e->count >= n / 4) {
        SEXP out = PROTECT(Rf_allocVector(INTSXP, (R_xlen_t)n));
        int *v = INTEGER(out);
        for (size_t i = 0; i < n; i++)
            v[i] = 1;
        for (size_t i = 0; i < e->count; i++)
            v[e->row[i]] = e->value[i];
        UNPROTECT(1);
        return out;
    }
    SEXP state = PROTECT(Rf_allocVector(VECSXP, 3));
    SEXP rows = Rf_allocVector(INTSXP, (R_xlen_t)e->count);
    SET_VECTOR_ELT(state, SPARSE_ROWS, rows);
    SEXP values = Rf_allocVector(INTSXP, (R_xlen_t)e->count);
    SET_VECTOR_ELT(state, SPARSE_VALUES, values);
    SEXP shape = Rf_allocVector(INTSXP, 2);
    SET_VECTOR_ELT(state, SPARSE_SHAPE, shape);
    if (e->count) {
        memcpy(INTEGER(rows), e->row, e->count * sizeof *e->row);
        memcpy(INTEGER(values), e->value, e->count * sizeof *e->value);
    }
    INTEGER(shape)[0] = (int)n;
    INTEGER(shape)[1] = 1;
    SEXP out = R_new_altrep(sparse_class, state, R_NilValue);
    UNPROTECT(1);
    return out;
}

SEXP sdm_r_match_many(const sdm_formulary *f, const sdm_match_options *opts, SEXP rankings, SEXP helpful, int top)
{
    if (!f)
        Rf_error("sdm_r_match_many: the formulary is NULL");
    SEXP dim = Rf_getAttrib(rankings, R_DimSymbol);
    if ((TYPEOF(rankings) != INTSXP && TYPEOF(rankings) != REALSXP) || TYPEOF(dim) != INTSXP ||
        Rf_length(dim) != 2)
        Rf_error("sdm_r_match_many: the rankings must be an integer or numeric matrix");
    if (top < 1)
        Rf_error("sdm_r_match_many: top must be at least 1");
    size_t n = (size_t)INTEGER(dim)[0];
    size_t k = (size_t)INTEGER(dim)[1];
    /* (sdm_match_many() says so first, in R's terms.) */
    if (n > 0 && k == 0)
        Rf_error("sdm_r_match_many: the rankings must have at least one column");
    if (!Rf_isNull(helpful))
        check_matrix(helpful, n, "the helpful side effects");
    R_xlen_t cells = (R_xlen_t)n * (R_xlen_t)top;
    if (n > 0 && (R_xlen_t)((size_t)cells / n) != (R_xlen_t)top)
        Rf_error("sdm_r_match_many: the result would be too large");

    size_t meds = sdm_formulary_count(f);
    SEXP ids = PROTECT(Rf_allocVector(STRSXP, (R_xlen_t)meds));
    for (size_t i = 0; i < meds; i++)
        SET_STRING_ELT(ids, (R_xlen_t)i, Rf_mkCharCE(sdm_profile_id(sdm_formulary_profile(f, i)), CE_UTF8));
    /* A top-1 batch (what research runs on millions of rows) allocates in R
     * only what must be there: the scores and the medicines (as bytes when
     * they fit), its ranks and ties afterwards as exceptions to 1. Fewer bytes
     * allocated, fewer of R's garbage collections (issue 15). */
    int top1 = top == 1;
    SEXP best = PROTECT(Rf_allocVector(top1 && meds <= UCHAR_MAX ? RAWSXP : INTSXP, cells));
    SEXP score = PROTECT(Rf_allocVector(REALSXP, cells));
    PROTECT_INDEX rank_at, tied_at;
    SEXP rank = top1 ? R_NilValue : Rf_allocVector(INTSXP, cells);
    PROTECT_WITH_INDEX(rank, &rank_at);
    SEXP tied = top1 ? R_NilValue : Rf_allocVector(INTSXP, cells);
    PROTECT_WITH_INDEX(tied, &tied_at);
    double *s = REAL(score);
    static exceptions ranks_of_top1, ties_of_top1;
    ranks_of_top1.count = ties_of_top1.count = 0;

    if (n > 0) {
        /* sdm_match_batch_ext() checks k's upper bound itself. */
        size_t h = Rf_isNull(helpful) ? 0 : (size_t)INTEGER(Rf_getAttrib(helpful, R_DimSymbol))[1];
        size_t width = k + h > (size_t)top ? k + h : (size_t)top;
        size_t chunk = CHUNK_CELLS / width > 0 ? CHUNK_CELLS / width : 1;
        if (chunk > n)
            chunk = n;
        /* The library reads only the glue's own buffers, never R's matrices
         * (unlike Python's, whose other threads may write the caller's array
         * while the batch runs: issue 16). R runs no code of its own during
         * this call either (no callback, no interrupt check, no allocation
         * between converting a chunk and matching it), so the matrices cannot
         * change under the batch. */
        batch_input in = input_of(rankings, chunk, BUFFER_RANKINGS), help = input_of(helpful, chunk, BUFFER_HELPFUL);
        /* With top = 1 the scores go straight into R's vector, and so do the
         * medicines when R keeps them as integers; the ties, and medicines
         * kept as bytes, through the glue's buffers (kept from call to call);
         * otherwise everything through buffers, transposed. */
        size_t buffered = top1 ? 0 : chunk * (size_t)top;
        int32_t *chunk_best = top1 ? rows_buffer(BUFFER_BEST, chunk) : (int32_t *)R_alloc(buffered, sizeof *chunk_best);
        int32_t *chunk_tied = top1 ? rows_buffer(BUFFER_TIED, chunk) : (int32_t *)R_alloc(buffered, sizeof *chunk_tied);
        double *chunk_score = buffered ? (double *)R_alloc(buffered, sizeof *chunk_score) : NULL;
        int32_t *chunk_rank = buffered ? (int32_t *)R_alloc(buffered, sizeof *chunk_rank) : NULL;
        for (size_t start = 0; start < n; start += chunk) {
            size_t m = n - start < chunk ? n - start : chunk;
            if (!in.convert(in.values, n, k, start, m, in.rows) ||
                (help.columns && !help.convert(help.values, n, h, start, m, help.rows))) {
                UNPROTECT(5);
                return R_NilValue;
            }
            double *out_score = top1 ? s + start : chunk_score;
            int32_t *out_best = top1 && TYPEOF(best) == INTSXP ? INTEGER(best) + start : chunk_best;
            sdm_status st = sdm_match_batch_ext(f, opts, in.rows, m, k, help.columns ? help.rows : NULL,
                                                help.columns, (size_t)top, out_best, out_score, chunk_rank,
                                                chunk_tied);
            if (st != SDM_OK)
                raise_batch_error(st, start);
            if (top1) {
                keep_top1_chunk(out_best, chunk_tied, start, m, best, s, &ranks_of_top1, &ties_of_top1);
                continue;
            }
            int *b = INTEGER(best), *rk = INTEGER(rank), *td = INTEGER(tied);
            for (size_t r = 0; r < m; r++)
                for (size_t t = 0; t < (size_t)top; t++) {
                    size_t to = t * n + start + r, from = r * (size_t)top + t;
                    b[to] = chunk_best[from];
                    s[to] = chunk_score[from];
                    rk[to] = chunk_rank[from];
                    td[to] = chunk_tied[from];
                    na_where_no_result(b, s, rk, td, to);
                }
        }
    }
    if (top1) {
        REPROTECT(rank = top1_column(n, &ranks_of_top1), rank_at);
        REPROTECT(tied = top1_column(n, &ties_of_top1), tied_at);
    }

    SEXP medicines = PROTECT(R_new_altrep(ids_class, best, ids));
    SEXP shape = PROTECT(Rf_allocVector(INTSXP, 2));
    INTEGER(shape)[0] = (int)n;
    INTEGER(shape)[1] = top;
    SEXP dimnames = Rf_getAttrib(rankings, R_DimNamesSymbol);
    SEXP rownames = Rf_isNull(dimnames) ? R_NilValue : VECTOR_ELT(dimnames, 0);
    SEXP names = PROTECT(Rf_allocVector(VECSXP, 2));
    SET_VECTOR_ELT(names, 0, rownames);
    static const char *const parts[] = {"best", "score", "rank", "tied"};
    SEXP out = PROTECT(Rf_allocVector(VECSXP, 4));
    SET_VECTOR_ELT(out, 0, medicines);
    SET_VECTOR_ELT(out, 1, score);
    SET_VECTOR_ELT(out, 2, rank);
    SET_VECTOR_ELT(out, 3, tied);
    for (int i = 0; i < 4; i++) {
        Rf_setAttrib(VECTOR_ELT(out, i), R_DimSymbol, shape);
        if (!Rf_isNull(rownames))
            Rf_setAttrib(VECTOR_ELT(out, i), R_DimNamesSymbol, names);
    }
    SEXP labels = PROTECT(Rf_allocVector(STRSXP, 4));
    for (int i = 0; i < 4; i++)
        SET_STRING_ELT(labels, i, Rf_mkChar(parts[i]));
    Rf_setAttrib(out, R_NamesSymbol, labels);
    UNPROTECT(10);
    return out;
}

/* ---- JSON as R values -------------------------------------------------- */

static SEXP json_value(json_t *value)
{
    switch (json_typeof(value)) {
    case JSON_OBJECT: {
        SEXP out = PROTECT(Rf_allocVector(VECSXP, (R_xlen_t)json_object_size(value)));
        SEXP names = PROTECT(Rf_allocVector(STRSXP, (R_xlen_t)json_object_size(value)));
        const char *key;
        json_t *member;
        R_xlen_t i = 0;
        json_object_foreach(value, key, member) {
            SET_STRING_ELT(names, i, Rf_mkCharCE(key, CE_UTF8));
            SET_VECTOR_ELT(out, i++, json_value(member));
        }
        Rf_setAttrib(out, R_NamesSymbol, names);
        UNPROTECT(2);
        return out;
    }
    case JSON_ARRAY: {
        SEXP out = PROTECT(Rf_allocVector(VECSXP, (R_xlen_t)json_array_size(value)));
        for (size_t i = 0; i < json_array_size(value); i++)
            SET_VECTOR_ELT(out, (R_xlen_t)i, json_value(json_array_get(value, i)));
        UNPROTECT(1);
        return out;
    }
    case JSON_STRING:
        return Rf_ScalarString(Rf_mkCharLenCE(json_string_value(value), (int)json_string_length(value), CE_UTF8));
    case JSON_INTEGER: {
        json_int_t v = json_integer_value(value);
        return v > INT32_MIN && v <= INT32_MAX ? Rf_ScalarInteger((int)v) : Rf_ScalarReal((double)v);
    }
    case JSON_REAL:
        return Rf_ScalarReal(json_real_value(value));
    case JSON_TRUE:
        return Rf_ScalarLogical(TRUE);
    case JSON_FALSE:
        return Rf_ScalarLogical(FALSE);
    default:
        return R_NilValue;
    }
}

/* The parsed document is freed when R's error or the conversion's unwinds:
 * R_UnwindProtect's clean-up runs either way. */
typedef struct parsed {
    json_t *root;
} parsed;

static SEXP convert_parsed(void *data)
{
    return json_value(((parsed *)data)->root);
}

static void free_parsed(void *data, Rboolean jump)
{
    (void)jump;
    json_decref(((parsed *)data)->root);
}

SEXP sdm_r_parse_json(SEXP text)
{
    if (TYPEOF(text) != STRSXP || XLENGTH(text) != 1 || STRING_ELT(text, 0) == NA_STRING)
        Rf_error("sdm_r_parse_json: the text must be one string");
    json_error_t error;
    const char *chars = Rf_translateCharUTF8(STRING_ELT(text, 0));
    parsed doc = {json_loads(chars, JSON_DECODE_ANY | JSON_ALLOW_NUL, &error)};
    if (!doc.root) {
        char message[sizeof error.text + 64];
        snprintf(message, sizeof message, "<json>:%d:%d: %s", error.line, error.column, error.text);
        raise_message(SDM_ERR_PARSE, message);
    }
    SEXP cont = PROTECT(R_MakeUnwindCont());
    SEXP out = R_UnwindProtect(convert_parsed, &doc, free_parsed, &doc, cont);
    UNPROTECT(1);
    return out;
}
