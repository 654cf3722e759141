/*
 * libsdm - R binding: finalizers, errors and the batch call (see sdm_r_glue.h).
 * SPDX-License-Identifier: MIT
 */
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
 * integer vector of formulary indices that sdm_match_batch() wrote, -1 for NA.
 * R fills a character vector at about 15 ns an element, for a million rows
 * more than the match itself takes; this class makes an element only when it
 * is read, and the whole ordinary character vector only when R asks for its
 * data pointer (or an element is set). data1 is the indices (afterwards the
 * ordinary vector), data2 the ids of the formulary's medicines.
 */
static R_altrep_class_t ids_class;

static R_xlen_t ids_length(SEXP x)
{
    return XLENGTH(R_altrep_data1(x));
}

static SEXP ids_elt(SEXP x, R_xlen_t i)
{
    SEXP data = R_altrep_data1(x);
    if (TYPEOF(data) == STRSXP)
        return STRING_ELT(data, i);
    int m = INTEGER(data)[i];
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
    const int *index = INTEGER(data);
    for (R_xlen_t i = 0; i < n; i++)
        SET_STRING_ELT(out, i, index[i] < 0 ? NA_STRING : STRING_ELT(ids, index[i]));
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

void sdm_r_init(DllInfo *dll)
{
    ids_class = R_make_altstring_class("libsdm_medicine_ids", "libsdm", dll);
    R_set_altrep_Length_method(ids_class, ids_length);
    R_set_altrep_Inspect_method(ids_class, ids_inspect);
    R_set_altvec_Dataptr_method(ids_class, ids_dataptr);
    R_set_altvec_Dataptr_or_null_method(ids_class, ids_dataptr_or_null);
    R_set_altstring_Elt_method(ids_class, ids_elt);
    R_set_altstring_Set_elt_method(ids_class, ids_set_elt);
}

/* Rows per call of sdm_match_batch(): the converted rankings and the results
 * of one call stay in the cache, and the fixed cost of a call (its plan)
 * stays small. */
#define CHUNK_CELLS ((size_t)1 << 18)

/*
 * The conversion of the rankings, a chunk of rows at a time: rows [start,
 * start + m) of the n x k column-major R matrix (integer or double; 1-based,
 * NA ending a ranking) become row-major 0-based int32 rows, -1 for NA. It
 * returns 0 if a cell is not a 1-based index (0 or less, not whole, beyond
 * 2^31 - 1) or follows an NA in its row: the R code then finds it and says
 * what is wrong. Indices beyond the catalogue are sdm_match_batch()'s to find.
 *
 * A double becomes the integer it equals (NaN, R's NA, becomes NA_INTEGER;
 * anything not a whole number from 1 to 2^31 - 1 becomes 0, which is wrong).
 * For an integer v, u = v - 1 (unsigned) is 0..2^31 - 2 for v = 1..2^31 - 1,
 * 2^31 - 1 for NA (INT_MIN) and has its top bit set for every other v; v >> 31
 * is all ones for NA. So the cell is u | (v >> 31), and the top bit of u or
 * of (an NA before) & ~(this one NA) says it is wrong.
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

static inline int32_t convert_cell(int32_t v, uint32_t *bad, uint32_t *ended)
{
    uint32_t u = (uint32_t)v - 1u;
    uint32_t na = (uint32_t)(v >> 31);
    *bad |= u | (*ended & ~na);
    *ended |= na;
    return (int32_t)(u | na);
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
static inline __m128i convert_cells(__m128i v, __m128i *bad, __m128i *ended)
{
    __m128i u = _mm_sub_epi32(v, _mm_set1_epi32(1));
    __m128i na = _mm_srai_epi32(v, 31);
    *bad = _mm_or_si128(*bad, _mm_or_si128(u, _mm_andnot_si128(na, *ended)));
    *ended = _mm_or_si128(*ended, na);
    return _mm_or_si128(u, na);
}
#endif

static int convert(const void *x, int real, size_t n, size_t k, size_t start, size_t m, int32_t *out)
{
    uint32_t bad = 0;
    size_t r = 0;
#if defined(__SSE2__)
    /* Four rows at a time: four columns at a time transposed (SSE2 is part of
     * x86-64), the columns left over one by one. About 3 times faster than the
     * loop below: an integer matrix is read at close to the speed of memory. */
    __m128i vbad = _mm_setzero_si128();
    for (; r + 4 <= m; r += 4) {
        __m128i ended = _mm_setzero_si128();
        size_t at = start + r;
        int32_t *row = out + r * k;
        size_t c = 0;
        for (; c + 4 <= k; c += 4) {
            size_t p = at + c * n;
            __m128i a = convert_cells(load_cells(x, real, p), &vbad, &ended);
            __m128i b = convert_cells(load_cells(x, real, p + n), &vbad, &ended);
            __m128i d = convert_cells(load_cells(x, real, p + 2 * n), &vbad, &ended);
            __m128i e = convert_cells(load_cells(x, real, p + 3 * n), &vbad, &ended);
            __m128i ab0 = _mm_unpacklo_epi32(a, b), de0 = _mm_unpacklo_epi32(d, e);
            __m128i ab1 = _mm_unpackhi_epi32(a, b), de1 = _mm_unpackhi_epi32(d, e);
            _mm_storeu_si128((__m128i *)(row + c), _mm_unpacklo_epi64(ab0, de0));
            _mm_storeu_si128((__m128i *)(row + k + c), _mm_unpackhi_epi64(ab0, de0));
            _mm_storeu_si128((__m128i *)(row + 2 * k + c), _mm_unpacklo_epi64(ab1, de1));
            _mm_storeu_si128((__m128i *)(row + 3 * k + c), _mm_unpackhi_epi64(ab1, de1));
        }
        for (; c < k; c++) {
            __m128i v = convert_cells(load_cells(x, real, at + c * n), &vbad, &ended);
            row[c] = _mm_cvtsi128_si32(v);
            row[k + c] = _mm_cvtsi128_si32(_mm_shuffle_epi32(v, 1));
            row[2 * k + c] = _mm_cvtsi128_si32(_mm_shuffle_epi32(v, 2));
            row[3 * k + c] = _mm_cvtsi128_si32(_mm_shuffle_epi32(v, 3));
        }
    }
    uint32_t lanes[4];
    _mm_storeu_si128((__m128i *)lanes, vbad);
    bad = lanes[0] | lanes[1] | lanes[2] | lanes[3];
#endif
    for (; r < m; r++) {
        uint32_t ended = 0;
        for (size_t c = 0; c < k; c++)
            out[r * k + c] = convert_cell(load_cell(x, real, start + r + c * n), &bad, &ended);
    }
    return !(bad >> 31);
}

/* Whether any of x[0..m) is negative. */
static int any_negative(const int32_t *x, size_t m)
{
    size_t i = 0;
    int32_t any = 0;
#if defined(__SSE2__)
    __m128i acc = _mm_setzero_si128();
    for (; i + 4 <= m; i += 4)
        acc = _mm_or_si128(acc, _mm_loadu_si128((const __m128i *)(x + i)));
    any = _mm_movemask_ps(_mm_castsi128_ps(acc));
#endif
    for (; i < m; i++)
        any |= x[i] < 0;
    return any != 0;
}

/* The buffers of converted rows (0: the rankings, 1: the helpful side
 * effects), kept from call to call (R calls the glue from its main thread
 * only): a fresh one would cost page faults and, counted by R's allocator,
 * garbage collections. Each holds one chunk. */
static int32_t *rows_buffer(int which, size_t cells)
{
    static int32_t *buffer[2];
    static size_t capacity[2];
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
    int real;
    size_t columns;
    int32_t *rows;
} batch_input;

static batch_input input_of(SEXP x, size_t chunk, int which)
{
    batch_input in = {NULL, 0, 0, NULL};
    if (Rf_isNull(x))
        return in;
    in.real = TYPEOF(x) == REALSXP;
    in.values = in.real ? (const void *)REAL(x) : (const void *)INTEGER(x);
    in.columns = (size_t)INTEGER(Rf_getAttrib(x, R_DimSymbol))[1];
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
    if (!Rf_isNull(helpful))
        check_matrix(helpful, n, "the helpful side effects");
    R_xlen_t cells = (R_xlen_t)n * (R_xlen_t)top;
    if (n > 0 && (R_xlen_t)((size_t)cells / n) != (R_xlen_t)top)
        Rf_error("sdm_r_match_many: the result would be too large");

    size_t meds = sdm_formulary_count(f);
    SEXP ids = PROTECT(Rf_allocVector(STRSXP, (R_xlen_t)meds));
    for (size_t i = 0; i < meds; i++)
        SET_STRING_ELT(ids, (R_xlen_t)i, Rf_mkCharCE(sdm_profile_id(sdm_formulary_profile(f, i)), CE_UTF8));
    SEXP best = PROTECT(Rf_allocMatrix(INTSXP, (int)n, top));
    SEXP score = PROTECT(Rf_allocMatrix(REALSXP, (int)n, top));
    SEXP rank = PROTECT(Rf_allocMatrix(INTSXP, (int)n, top));
    SEXP tied = PROTECT(Rf_allocMatrix(INTSXP, (int)n, top));
    int *b = INTEGER(best), *rk = INTEGER(rank), *td = INTEGER(tied);
    double *s = REAL(score);

    if (n > 0 && k > 0) {
        /* sdm_match_batch_ext() checks k itself; the buffers need at least one column. */
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
        batch_input in = input_of(rankings, chunk, 0), help = input_of(helpful, chunk, 1);
        /* With top = 1 the results go straight into R's vectors (one column:
         * row-major is column-major); otherwise through buffers, transposed. */
        size_t buffered = top == 1 ? 0 : chunk * (size_t)top;
        int32_t *chunk_best = buffered ? (int32_t *)R_alloc(buffered, sizeof *chunk_best) : NULL;
        double *chunk_score = buffered ? (double *)R_alloc(buffered, sizeof *chunk_score) : NULL;
        int32_t *chunk_rank = buffered ? (int32_t *)R_alloc(buffered, sizeof *chunk_rank) : NULL;
        int32_t *chunk_tied = buffered ? (int32_t *)R_alloc(buffered, sizeof *chunk_tied) : NULL;
        for (size_t start = 0; start < n; start += chunk) {
            size_t m = n - start < chunk ? n - start : chunk;
            if (!convert(in.values, in.real, n, k, start, m, in.rows) ||
                (help.columns && !convert(help.values, help.real, n, h, start, m, help.rows))) {
                UNPROTECT(5);
                return R_NilValue;
            }
            int32_t *out_best = top == 1 ? (int32_t *)b + start : chunk_best;
            double *out_score = top == 1 ? s + start : chunk_score;
            int32_t *out_rank = top == 1 ? (int32_t *)rk + start : chunk_rank;
            int32_t *out_tied = top == 1 ? (int32_t *)td + start : chunk_tied;
            sdm_status st = sdm_match_batch_ext(f, opts, in.rows, m, k, help.columns ? help.rows : NULL,
                                                help.columns, (size_t)top, out_best, out_score, out_rank,
                                                out_tied);
            if (st != SDM_OK)
                raise_batch_error(st, start);
            if (top == 1) {
                /* NA where no medicine was left, if anywhere. */
                if (any_negative(out_best, m))
                    for (size_t r = 0; r < m; r++)
                        na_where_no_result(out_best, out_score, out_rank, out_tied, r);
            } else {
                for (size_t r = 0; r < m; r++)
                    for (size_t t = 0; t < (size_t)top; t++) {
                        size_t to = t * n + start + r, from = r * (size_t)top + t;
                        b[to] = out_best[from];
                        s[to] = out_score[from];
                        rk[to] = out_rank[from];
                        td[to] = out_tied[from];
                        na_where_no_result(b, s, rk, td, to);
                    }
            }
        }
    }

    SEXP medicines = PROTECT(R_new_altrep(ids_class, best, ids));
    Rf_setAttrib(medicines, R_DimSymbol, Rf_getAttrib(best, R_DimSymbol));
    SEXP dimnames = Rf_getAttrib(rankings, R_DimNamesSymbol);
    SEXP rownames = Rf_isNull(dimnames) ? R_NilValue : VECTOR_ELT(dimnames, 0);
    if (!Rf_isNull(rownames)) {
        SEXP names = PROTECT(Rf_allocVector(VECSXP, 2));
        SET_VECTOR_ELT(names, 0, rownames);
        Rf_setAttrib(medicines, R_DimNamesSymbol, names);
        Rf_setAttrib(score, R_DimNamesSymbol, names);
        Rf_setAttrib(rank, R_DimNamesSymbol, names);
        Rf_setAttrib(tied, R_DimNamesSymbol, names);
        UNPROTECT(1);
    }
    static const char *const parts[] = {"best", "score", "rank", "tied"};
    SEXP out = PROTECT(Rf_allocVector(VECSXP, 4));
    SET_VECTOR_ELT(out, 0, medicines);
    SET_VECTOR_ELT(out, 1, score);
    SET_VECTOR_ELT(out, 2, rank);
    SET_VECTOR_ELT(out, 3, tied);
    SEXP names = PROTECT(Rf_allocVector(STRSXP, 4));
    for (int i = 0; i < 4; i++)
        SET_STRING_ELT(names, i, Rf_mkChar(parts[i]));
    Rf_setAttrib(out, R_NamesSymbol, names);
    UNPROTECT(8);
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
