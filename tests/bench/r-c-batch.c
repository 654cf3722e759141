/*
 * libsdm - benchmarks (issue 6): the C batch called from R, for the rounds of
 * tests/bench/reference.R that interleave it with the R binding's
 * sdm_match_many() in one R process. A test-only shim, not part of the
 * binding: run.sh compiles it with `R CMD SHLIB` against the build's
 * libsdm.so.0 (the library the C benchmark times), and R loads it with
 * dyn.load().
 *
 * The call is the one `sdm-bench batch` times: sdm_match_batch(top = 1) with
 * default options on row-major int32 rankings, writing the medicines and the
 * scores into vectors that the caller made once, outside the timing.
 * SPDX-License-Identifier: MIT
 */
#include <stdint.h>

#include <R.h>
#include <Rinternals.h>

#include <sdm/sdm.h>

/* The default data, loaded on the first call and kept for the process. */
static sdm_catalogue *catalogue;
static sdm_formulary *formulary;

static const sdm_formulary *default_formulary(void)
{
    if (!formulary) {
        if (sdm_catalogue_default(&catalogue) != SDM_OK || sdm_formulary_default(catalogue, &formulary) != SDM_OK)
            Rf_error("r-c-batch: the default data did not load: %s", sdm_last_error());
    }
    return formulary;
}

/**
 * @brief sdm_match_batch(top = 1) on R vectors.
 * @param rows a k x n integer matrix: R's t() of the n x k 0-based rankings,
 *        which is the n x k matrix row-major.
 * @param best an integer vector of n, written (0-based formulary indices).
 * @param score a double vector of n, written.
 * @return R_NilValue.
 */
SEXP sdm_bench_c_batch(SEXP rows, SEXP best, SEXP score)
{
    SEXP dim = Rf_getAttrib(rows, R_DimSymbol);
    if (TYPEOF(rows) != INTSXP || TYPEOF(dim) != INTSXP || Rf_length(dim) != 2)
        Rf_error("r-c-batch: rows must be an integer matrix");
    size_t k = (size_t)INTEGER(dim)[0], n = (size_t)INTEGER(dim)[1];
    if (TYPEOF(best) != INTSXP || TYPEOF(score) != REALSXP || (size_t)XLENGTH(best) != n ||
        (size_t)XLENGTH(score) != n)
        Rf_error("r-c-batch: best and score must be an integer and a double vector of %lu", (unsigned long)n);
    if (sdm_match_batch(default_formulary(), NULL, (const int32_t *)INTEGER(rows), n, k, 1, (int32_t *)INTEGER(best),
                        REAL(score)) != SDM_OK)
        Rf_error("r-c-batch: sdm_match_batch failed: %s", sdm_last_error());
    return R_NilValue;
}
