/*
 * libsdm - R-only typemaps, included by bindings/sdm.i inside #ifdef SWIGR,
 * before the headers are wrapped.
 * SPDX-License-Identifier: MIT
 *
 * SWIG's R backend ignores %newobject and never frees what it is handed, maps
 * enums to strings one way and not the other, and treats every pointer
 * parameter as an input array. These typemaps make the generated layer safe
 * for the hand-written R code in bindings/r/R/ to build on:
 *
 * - a function returning sdm_status raises an R error of class "libsdm_error"
 *   with sdm_last_error() when it fails (after its arguments are released),
 *   and otherwise returns its `out` parameter;
 * - every object handed over through `T **out` becomes an external pointer
 *   whose C finalizer calls the library's free function (sdm_r_own());
 * - a borrowed pointer (a profile of a formulary, the ranking of a match, a
 *   reading, a serious risk or a licence of a profile, a record's feedback) keeps its owner alive
 *   (sdm_r_borrow()), so that R can never reach freed memory;
 * - text returned through `char **out` is copied into R and freed with sdm_free();
 * - enums are passed and returned as integers;
 * - nothing is freed by hand (bindings/sdm.i leaves the free functions out).
 */

%{
#include "sdm_r_glue.h"

/* SWIG_R_NewPointerObj() allocates the type tag and then the pointer without
 * protecting the tag in between, so a garbage collection at that moment can
 * free the tag. This makes the same object safely. */
static SEXP sdm_r_pointer(const void *ptr, swig_type_info *type)
{
  if (!ptr)
    return R_NilValue;
  SEXP tag = PROTECT(R_MakeExternalPtr(type, R_NilValue, R_NilValue));
  SEXP obj = R_MakeExternalPtr((void *)ptr, tag, R_NilValue);
  UNPROTECT(1);
  return obj;
}
%}

/* sdm_record_rerun() for R: the new match (owned, with its finalizer) and the
 * changes as an R list (sdm_r_parse_json()): list(match = , changes = ). */
%{
SEXP sdm_r_record_rerun(const sdm_record *rec, const sdm_formulary *f)
{
  sdm_match *m = NULL;
  char *changes = NULL;
  sdm_status status = sdm_record_rerun(rec, f, &m, &changes);
  if (status < 0)
    sdm_r_raise(status);
  /* Owned at once: whatever fails below, the finalizer frees the match. */
  SEXP match = PROTECT(sdm_r_own(sdm_r_pointer(m, SWIGTYPE_p_sdm_match), SDM_R_MATCH));
  SEXP text = PROTECT(sdm_r_take_string(changes));
  SEXP out = PROTECT(Rf_allocVector(VECSXP, 2));
  SET_VECTOR_ELT(out, 0, match);
  SET_VECTOR_ELT(out, 1, sdm_r_parse_json(text));
  SEXP names = PROTECT(Rf_allocVector(STRSXP, 2));
  SET_STRING_ELT(names, 0, Rf_mkChar("match"));
  SET_STRING_ELT(names, 1, Rf_mkChar("changes"));
  Rf_setAttrib(out, R_NamesSymbol, names);
  UNPROTECT(4);
  return out;
}
%}

/* Only the registered entry points may be called (R CMD check's advice);
 * the ALTREP class of sdm_match_many()'s ids is registered with the package. */
%insert("sinitroutine") %{
R_useDynamicSymbols(dll, FALSE);
sdm_r_init(dll);
%}

/* ---- strings ------------------------------------------------------------ */

/* In: one string (used in place, never copied), or NULL. */
%typemap(in) const char * %{
  if (Rf_isNull($input))
    $1 = NULL;
  else if (TYPEOF($input) == STRSXP && XLENGTH($input) == 1 && STRING_ELT($input, 0) != NA_STRING)
    $1 = ($1_ltype)CHAR(STRING_ELT($input, 0));
  else
    Rf_error("'$1_name' must be one string or NULL");
%}
%typemap(freearg) const char * ""
%typemap(scoercein) const char * %{ %}
/* Out: UTF-8 (the library's text is UTF-8 whatever the locale), NULL as NULL. */
%typemap(out) const char * %{
  $result = $1 ? Rf_ScalarString(Rf_mkCharCE($1, CE_UTF8)) : R_NilValue;
%}

/* JSON text: one string, passed with its length in bytes (UTF-8). */
%typemap(in) (const char *json, size_t len) %{
  if (TYPEOF($input) != STRSXP || XLENGTH($input) != 1 || STRING_ELT($input, 0) == NA_STRING)
    Rf_error("'$1_name' must be one string");
  $1 = ($1_ltype)Rf_translateCharUTF8(STRING_ELT($input, 0));
  $2 = strlen($1);
%}
%typemap(freearg) (const char *json, size_t len) ""
%typemap(scoercein) (const char *json, size_t len) %{ %}

/* ---- enums as integers both ways ---------------------------------------- */

%typemap(scoercein) enum SWIGTYPE %{ $input = as.integer($input); %}
%typemap(scoerceout) enum SWIGTYPE %{ %}
%typemap("rtype") enum SWIGTYPE "integer"

/* ---- sdm_status: an R error on failure ---------------------------------- */

%typemap(out) sdm_status %{ $result = R_NilValue; %}
%typemap(scoerceout) sdm_status %{ %}
%typemap("rtype") sdm_status "NULL"
/* "ret" comes after the arguments are released, so raising leaks nothing. */
%typemap(ret) sdm_status %{
  if ($1 < 0)
    sdm_r_raise($1);
%}

/* ---- objects handed over: owned, with a C finalizer --------------------- */

%define SDM_R_OWNED(TYPE, KIND)
%typemap(in, numinputs=0) TYPE **out (TYPE *tmp = NULL) %{ $1 = &tmp; %}
%typemap(argout) TYPE **out %{
  if (*$1)
    r_ans = sdm_r_own(sdm_r_pointer(*$1, $*1_descriptor), KIND);
%}
%typemap(freearg) TYPE **out ""
%typemap(scoerceout) TYPE **out %{ %}
%enddef

SDM_R_OWNED(sdm_catalogue, SDM_R_CATALOGUE)
SDM_R_OWNED(sdm_formulary, SDM_R_FORMULARY)
SDM_R_OWNED(sdm_ranking, SDM_R_RANKING)
SDM_R_OWNED(sdm_match_options, SDM_R_OPTIONS)
SDM_R_OWNED(sdm_match, SDM_R_MATCH)
SDM_R_OWNED(sdm_record, SDM_R_RECORD)
SDM_R_OWNED(sdm_feedback, SDM_R_FEEDBACK)

/* A new reference is owned too. */
%typemap(out) sdm_catalogue *sdm_catalogue_ref
  %{ $result = sdm_r_own(sdm_r_pointer($1, $1_descriptor), SDM_R_CATALOGUE); %}
%typemap(out) sdm_formulary *sdm_formulary_ref
  %{ $result = sdm_r_own(sdm_r_pointer($1, $1_descriptor), SDM_R_FORMULARY); %}

/* ---- borrowed pointers keep their owner alive --------------------------- */
/* OWNER is the name of the wrapper's SEXP parameter, as in the header. */

%define SDM_R_BORROWED(TYPE, FUNCTION, OWNER)
%typemap(out) TYPE FUNCTION
  %{ $result = sdm_r_borrow(sdm_r_pointer($1, $1_descriptor), OWNER); %}
%enddef

SDM_R_BORROWED(const sdm_profile *, sdm_formulary_profile, f)
SDM_R_BORROWED(const sdm_profile *, sdm_formulary_find, f)
SDM_R_BORROWED(const sdm_catalogue *, sdm_formulary_catalogue, f)
SDM_R_BORROWED(const sdm_formulary *, sdm_profile_formulary, p)
SDM_R_BORROWED(const sdm_catalogue *, sdm_ranking_catalogue, r)
SDM_R_BORROWED(const sdm_profile *, sdm_match_profile, m)
SDM_R_BORROWED(const sdm_profile *, sdm_match_excluded_profile, m)
SDM_R_BORROWED(const sdm_formulary *, sdm_match_formulary, m)
SDM_R_BORROWED(const sdm_ranking *, sdm_match_ranking, m)
SDM_R_BORROWED(const sdm_match_options *, sdm_match_options_used, m)
SDM_R_BORROWED(const sdm_ranking *, sdm_record_ranking, rec)
SDM_R_BORROWED(const sdm_match_options *, sdm_record_options, rec)
SDM_R_BORROWED(const sdm_reading *, sdm_profile_reading, p)
SDM_R_BORROWED(const sdm_evidence *, sdm_profile_evidence, p)
SDM_R_BORROWED(const sdm_risk *, sdm_profile_risk, p)
SDM_R_BORROWED(const sdm_risk *, sdm_formulary_class_risk, f)
SDM_R_BORROWED(const sdm_restriction *, sdm_profile_restriction, p)
SDM_R_BORROWED(const sdm_licence *, sdm_profile_licence_detail, p)
SDM_R_BORROWED(const sdm_licence *, sdm_profile_licence_detail_for, p)
SDM_R_BORROWED(const sdm_product *, sdm_profile_product, p)
SDM_R_BORROWED(const sdm_feedback *, sdm_record_feedback, rec)

/* ---- text handed over --------------------------------------------------- */

%typemap(in, numinputs=0) char **out (char *tmp = NULL) %{ $1 = &tmp; %}
%typemap(argout) char **out %{
  if (*$1)
    r_ans = sdm_r_take_string(*$1);
%}
%typemap(freearg) char **out ""

/* ---- scalar out parameters ---------------------------------------------- */

%typemap(in, numinputs=0) size_t *index (size_t tmp = 0), size_t *effect_index (size_t tmp = 0)
  %{ $1 = &tmp; %}
%typemap(argout) size_t *index, size_t *effect_index
  %{ r_ans = Rf_ScalarInteger((int)*$1); %}
%typemap(freearg) size_t *index, size_t *effect_index ""
%typemap(scoerceout) size_t *index, size_t *effect_index %{ %}

/* The value an id names (sdm_weight_scheme_from_id(), ...): an integer. */
%define SDM_R_ENUM_OUT(TYPE, NAME, FIRST)
%typemap(in, numinputs=0) TYPE *NAME (TYPE tmp = FIRST) %{ $1 = &tmp; %}
%typemap(argout) TYPE *NAME %{ r_ans = Rf_ScalarInteger((int)*$1); %}
%typemap(freearg) TYPE *NAME ""
%typemap(scoerceout) TYPE *NAME %{ %}
%enddef

SDM_R_ENUM_OUT(sdm_weight_scheme, scheme, SDM_WEIGHTS_ROC)
SDM_R_ENUM_OUT(sdm_unknown_policy, policy, SDM_UNKNOWN_MIDDLE)
SDM_R_ENUM_OUT(sdm_synthesis, rule, SDM_SYNTHESIS_CONSENSUS)
SDM_R_ENUM_OUT(sdm_completed_by, who, SDM_COMPLETED_BY_UNSPECIFIED)
SDM_R_ENUM_OUT(sdm_reliability, reliability, SDM_RELIABILITY_UNSTATED)
SDM_R_ENUM_OUT(sdm_licence_status, status, SDM_LICENCE_NOT_RECORDED)
SDM_R_ENUM_OUT(sdm_outcome, outcome, SDM_OUTCOME_UNSPECIFIED)

/* ---- arrays in ---------------------------------------------------------- */

/* Custom weights: one numeric vector. */
%typemap(in) (const double *weights, size_t count) %{
  if (TYPEOF($input) != REALSXP)
    Rf_error("the weights must be a numeric vector");
  $1 = REAL($input);
  $2 = (size_t)XLENGTH($input);
%}
%typemap(freearg) (const double *weights, size_t count) ""
%typemap(scoercein) (const double *weights, size_t count) %{ $input = as.numeric($input); %}

/* Item scores of feedback: one integer vector (the library checks the range). */
%typemap(in) (const int *items, size_t count) %{
  if (TYPEOF($input) != INTSXP)
    Rf_error("the item scores must be whole numbers");
  $1 = INTEGER($input);
  $2 = (size_t)XLENGTH($input);
%}
%typemap(freearg) (const int *items, size_t count) ""
%typemap(scoercein) (const int *items, size_t count) %{ $input = as.integer($input); %}

/* The severity scale: exactly four numbers. */
%typemap(in) const double values[4] %{
  if (TYPEOF($input) != REALSXP || XLENGTH($input) != 4)
    Rf_error("the severity scale must be four numbers");
  $1 = REAL($input);
%}
%typemap(freearg) const double values[4] ""
%typemap(scoercein) const double values[4] %{ $input = as.numeric($input); %}

/* ---- not wrapped for R -------------------------------------------------- */

/* (bindings/sdm.i leaves out the free functions, sdm_free(), the allocator
 * hooks and sdm_card_format() for every language.) */
/* C arrays: R gets the weights from the match (sdm_match_term_weight()) and
 * batches through sdm_r_match_many() below. */
%ignore sdm_match_options_weights;
%ignore sdm_match_batch;
%ignore sdm_match_batch_ext;
/* Several outputs at once: sdm_record_from_json() re-opens a record, and
 * sdm_r_record_rerun() below runs it again. */
%ignore sdm_record_load_json;
%ignore sdm_record_rerun;
/* The exported sdm_record_compare() of the R code takes records as
 * sdm_record() returns them; the C function is wrapped under another name. */
%rename(sdm_r_record_compare) sdm_record_compare;

/* ---- the hand-written glue that R calls directly ------------------------ */

/* SWIG's R module has no #define constants: the one R needs, as a function. */
%inline %{
int sdm_r_disagreement_spread(void) { return SDM_DISAGREEMENT_SPREAD; }
%}

SEXP sdm_r_live_objects(void);
SEXP sdm_r_match_many(const sdm_formulary *f, const sdm_match_options *opts, SEXP rankings, SEXP helpful,
                      int top);
SEXP sdm_r_record_rerun(const sdm_record *rec, const sdm_formulary *f);
SEXP sdm_r_parse_json(SEXP text);
