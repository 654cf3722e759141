/*
 * libsdm - the Python part of the SWIG interface: included by bindings/sdm.i
 * inside #ifdef SWIGPYTHON, before the headers are wrapped.
 * SPDX-License-Identifier: MIT
 *
 * It makes the generated module libsdm.core safe for the package libsdm to build on:
 *
 * - a function returning sdm_status raises the exception class that the
 *   package registers for the status (libsdm.NotFoundError, ...; RuntimeError
 *   before registration) with sdm_last_error() as its message, and
 *   otherwise returns its out parameters (one value, or a tuple);
 * - every object handed over through an out parameter is owned by its proxy,
 *   whose destructor calls the library's free function;
 * - a pointer the library lends is turned into an owned proxy too: a profile,
 *   catalogue or formulary takes a reference on the object that owns it (the
 *   library counts references atomically), and the ranking or options of a
 *   match or a record are copied. So proxies may be collected in any order;
 * - the small records a formulary lends (a reading, numeric evidence, a
 *   serious risk, a restriction, a licence, a product) are returned as tuples
 *   of their fields, read at once: no pointer into a formulary ever reaches
 *   Python, so none can outlive it (their field getters are not wrapped);
 * - text the library allocates is returned as str and freed with sdm_free();
 * - JSON is passed as str or bytes (with its length), arrays as sequences;
 * - the batch call takes numpy arrays (or any buffer) and runs without the GIL,
 *   on a copy of the rankings (and helpful side effects) that no other thread
 *   can reach.
 */

%feature("autodoc", "1");

%{
#include <limits.h>
#include <string.h>

/* {status: exception class}, registered by libsdm/_errors.py. */
static PyObject *sdm_python_errors = NULL;

/* Raises the registered exception for `status` with `message`. */
static void sdm_python_raise_message(sdm_status status, const char *message)
{
    PyObject *cls = NULL;
    if (sdm_python_errors) {
        PyObject *key = PyLong_FromLong((long)status);
        if (!key)
            return;
        cls = PyDict_GetItemWithError(sdm_python_errors, key);
        Py_DECREF(key);
        if (!cls && PyErr_Occurred())
            return;
    }
    PyErr_SetString(cls ? cls : PyExc_RuntimeError, message);
}

/* Raises the registered exception for a failed call, with sdm_last_error(). */
static void sdm_python_raise(sdm_status status)
{
    const char *message = sdm_last_error();
    sdm_python_raise_message(status, message[0] ? message : sdm_strerror(status));
}

static PyObject *sdm_python_set_errors(PyObject *errors)
{
    if (!PyDict_Check(errors)) {
        PyErr_SetString(PyExc_TypeError, "sdm_python_set_errors: expected a dict {status: exception class}");
        return NULL;
    }
    Py_INCREF(errors);
    Py_XSETREF(sdm_python_errors, errors);
    Py_RETURN_NONE;
}

/* Whether a buffer's struct format is the single native code `code`. */
static int sdm_python_format_is(const char *format, char code)
{
    if (!format)
        return code == 'B';
    if (*format == '@' || *format == '=')
        format++;
    return format[0] == code && format[1] == '\0';
}

/* Gets a C-contiguous 2-D buffer of int32 ('i') or float64 ('d') values. */
static int sdm_python_matrix(PyObject *obj, const char *what, char code, int writable, Py_buffer *view)
{
    int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0);
    if (PyObject_GetBuffer(obj, view, flags) != 0)
        return -1;
    size_t itemsize = code == 'i' ? sizeof(int32_t) : sizeof(double);
    if (view->ndim != 2 || (size_t)view->itemsize != itemsize || !sdm_python_format_is(view->format, code)) {
        PyErr_Format(PyExc_TypeError, "%s must be a C-contiguous 2-D array of %s", what,
                     code == 'i' ? "int32" : "float64");
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

/* A copy of a C-contiguous 2-D int32 buffer, made with the GIL held (NULL
 * and a MemoryError if it cannot be allocated): for the acceptability
 * batch (acceptability.i), whose rows the library does not promise to read
 * only once. */
static int32_t *sdm_python_copy_rows(const Py_buffer *view)
{
    size_t cells = (size_t)view->shape[0] * (size_t)view->shape[1];
    int32_t *rows = PyMem_Malloc(cells ? cells * sizeof *rows : 1);
    if (!rows) {
        PyErr_NoMemory();
        return NULL;
    }
    if (cells)
        memcpy(rows, view->buf, cells * sizeof *rows);
    return rows;
}

/*
 * sdm_match_batch_ext() on arrays: `rankings` n x k int32, `helpful` n x h
 * int32 or None, `best` n x top int32 and `scores` n x top float64 (both
 * written), `ranks` and `tied` n x top int32 or None (written when given).
 * Returns None.
 *
 * The rankings are the caller's memory, which another Python thread may
 * write while the GIL is released. The library reads each cell of them
 * exactly once, into a buffer of its own, and checks and scores that copy
 * (sdm_match_batch_ext(), "Reading the input"; tests/threads and
 * test_batch.py's writer thread), so a value changed meanwhile can make a
 * result wrong or an error, never an unchecked index. So they are handed
 * over as they are (a copy here cost about a sixth of the batch's time), and
 * matched without the GIL, in one release (a release per chunk would wait
 * for the GIL again each time another thread holds it). The outputs are only
 * written by the library, never read back, and the held buffer views keep
 * the arrays from being freed or resized meanwhile.
 */
static PyObject *sdm_python_match_batch_ext(const sdm_formulary *f, const sdm_match_options *opts,
                                            PyObject *rankings, PyObject *helpful, PyObject *best,
                                            PyObject *scores, PyObject *ranks, PyObject *tied)
{
    enum { IN, HELPFUL, BEST, SCORES, RANKS, TIED, VIEWS };
    PyObject *objects[VIEWS] = {rankings, helpful, best, scores, ranks, tied};
    static const char *const names[VIEWS] = {"the rankings", "the helpful side effects", "best", "scores",
                                             "ranks", "tied"};
    Py_buffer views[VIEWS];
    int held[VIEWS] = {0};
    sdm_status status = SDM_OK;
    int ok = 0;
    for (int v = 0; v < VIEWS; v++) {
        if ((v == HELPFUL || v == RANKS || v == TIED) && objects[v] == Py_None)
            continue;
        if (sdm_python_matrix(objects[v], names[v], v == SCORES ? 'd' : 'i', v >= BEST, &views[v]) != 0)
            goto done;
        held[v] = 1;
    }
    size_t n = (size_t)views[IN].shape[0], k = (size_t)views[IN].shape[1];
    size_t top = (size_t)views[BEST].shape[1];
    size_t h = held[HELPFUL] ? (size_t)views[HELPFUL].shape[1] : 0;
    for (int v = HELPFUL; v < VIEWS; v++)
        if (held[v] && ((size_t)views[v].shape[0] != n || (v >= BEST && (size_t)views[v].shape[1] != top))) {
            sdm_python_raise_message(SDM_ERR_INVALID_ARGUMENT,
                                     v == HELPFUL ? "the helpful side effects must have one row per ranking"
                                                  : "best, scores, ranks and tied must all have one row per "
                                                    "ranking and the same columns");
            goto done;
        }
    const int32_t *rows = views[IN].buf, *helpful_rows = held[HELPFUL] ? views[HELPFUL].buf : NULL;
    Py_BEGIN_ALLOW_THREADS
    status = sdm_match_batch_ext(f, opts, rows, n, k, helpful_rows, h, top, (int32_t *)views[BEST].buf,
                                 (double *)views[SCORES].buf, held[RANKS] ? (int32_t *)views[RANKS].buf : NULL,
                                 held[TIED] ? (int32_t *)views[TIED].buf : NULL);
    Py_END_ALLOW_THREADS
    if (status < 0)
        sdm_python_raise(status);
    else
        ok = 1;
done:
    for (int v = 0; v < VIEWS; v++)
        if (held[v])
            PyBuffer_Release(&views[v]);
    if (!ok)
        return NULL;
    Py_RETURN_NONE;
}

/* sdm_match_batch() on arrays: sdm_python_match_batch_ext() without helpful side effects, ranks or ties. */
static PyObject *sdm_python_match_batch(const sdm_formulary *f, const sdm_match_options *opts,
                                        PyObject *rankings, PyObject *best, PyObject *scores)
{
    return sdm_python_match_batch_ext(f, opts, rankings, Py_None, best, scores, Py_None, Py_None);
}

/* A tuple made by Py_BuildValue, or NULL (with an exception) when `ptr` is NULL: out of range. */
#define SDM_PYTHON_RECORD(ptr, symname, ...) \
    ((ptr) ? Py_BuildValue(__VA_ARGS__) : (PyErr_SetString(PyExc_IndexError, symname ": out of range"), NULL))
%}

/* ---- errors ------------------------------------------------------------------ */

%typemap(out) sdm_status {
  if ($1 < 0) {
    sdm_python_raise($1);
    SWIG_fail;
  }
  $result = SWIG_Py_Void();
}

/* ---- owned objects: a proxy class each, whose destructor frees ---------------- */

%define SDM_PYTHON_CLASS(TYPE, DESTRUCTOR)
%nodefaultctor TYPE;
struct TYPE {};
%extend TYPE {
  ~TYPE() { DESTRUCTOR; }
}
%enddef

SDM_PYTHON_CLASS(sdm_catalogue, sdm_catalogue_free($self))
SDM_PYTHON_CLASS(sdm_formulary, sdm_formulary_free($self))
SDM_PYTHON_CLASS(sdm_ranking, sdm_ranking_free($self))
SDM_PYTHON_CLASS(sdm_match_options, sdm_match_options_free($self))
SDM_PYTHON_CLASS(sdm_match, sdm_match_free($self))
SDM_PYTHON_CLASS(sdm_record, sdm_record_free($self))
SDM_PYTHON_CLASS(sdm_feedback, sdm_feedback_free($self))
/* A profile proxy holds a reference on the formulary that owns the profile. */
SDM_PYTHON_CLASS(sdm_profile, sdm_formulary_free((sdm_formulary *)sdm_profile_formulary($self)))

/* Handed over through an out parameter NAME; freed here if not handed on. */
%define SDM_PYTHON_OUT(TYPE, NAME, FREE)
%typemap(in, numinputs=0) TYPE **NAME (TYPE *tmp = NULL) "$1 = &tmp;";
%typemap(argout) TYPE **NAME {
  $result = SWIG_Python_AppendOutput($result, SWIG_NewPointerObj(*$1, $*1_descriptor, SWIG_POINTER_OWN));
  *$1 = NULL;
}
%typemap(freearg) TYPE **NAME {
  if ($1 && *$1)
    FREE(*$1);
}
%enddef

SDM_PYTHON_OUT(sdm_catalogue, out, sdm_catalogue_free)
SDM_PYTHON_OUT(sdm_formulary, out, sdm_formulary_free)
SDM_PYTHON_OUT(sdm_ranking, out, sdm_ranking_free)
SDM_PYTHON_OUT(sdm_ranking, ranking, sdm_ranking_free)
SDM_PYTHON_OUT(sdm_match_options, out, sdm_match_options_free)
SDM_PYTHON_OUT(sdm_match_options, options, sdm_match_options_free)
SDM_PYTHON_OUT(sdm_match, out, sdm_match_free)
SDM_PYTHON_OUT(sdm_match, match, sdm_match_free)
SDM_PYTHON_OUT(sdm_record, out, sdm_record_free)
SDM_PYTHON_OUT(sdm_feedback, out, sdm_feedback_free)

/* Lent pointers become owned proxies: ACQUIRE takes a reference (or a copy
 * into `copy`); NULL means an index out of range or a NULL argument. */
%define SDM_PYTHON_LENT(TYPE, FUNCTION, ACQUIRE)
%typemap(out) TYPE FUNCTION {
  if (!$1) {
    PyErr_SetString(PyExc_IndexError, "$symname: out of range");
    SWIG_fail;
  }
  $result = SWIG_NewPointerObj((void *)ACQUIRE, $1_descriptor, SWIG_POINTER_OWN);
}
%enddef

%define SDM_PYTHON_COPY(TYPE, FUNCTION, COPY)
%typemap(out) const TYPE *FUNCTION {
  TYPE *copy = NULL;
  sdm_status status = $1 ? COPY($1, &copy) : SDM_ERR_INVALID_ARGUMENT;
  if (status < 0) {
    sdm_python_raise(status);
    SWIG_fail;
  }
  $result = SWIG_NewPointerObj(copy, $descriptor(TYPE *), SWIG_POINTER_OWN);
}
%enddef

SDM_PYTHON_LENT(const sdm_profile *, sdm_formulary_profile,
                (sdm_formulary_ref((sdm_formulary *)sdm_profile_formulary($1)), $1))
SDM_PYTHON_LENT(const sdm_profile *, sdm_match_profile,
                (sdm_formulary_ref((sdm_formulary *)sdm_profile_formulary($1)), $1))
SDM_PYTHON_LENT(const sdm_profile *, sdm_match_excluded_profile,
                (sdm_formulary_ref((sdm_formulary *)sdm_profile_formulary($1)), $1))
SDM_PYTHON_LENT(const sdm_catalogue *, sdm_formulary_catalogue, sdm_catalogue_ref((sdm_catalogue *)$1))
SDM_PYTHON_LENT(const sdm_catalogue *, sdm_ranking_catalogue, sdm_catalogue_ref((sdm_catalogue *)$1))
SDM_PYTHON_LENT(const sdm_formulary *, sdm_profile_formulary, sdm_formulary_ref((sdm_formulary *)$1))
SDM_PYTHON_LENT(const sdm_formulary *, sdm_match_formulary, sdm_formulary_ref((sdm_formulary *)$1))
SDM_PYTHON_COPY(sdm_ranking, sdm_match_ranking, sdm_ranking_copy)
SDM_PYTHON_COPY(sdm_match_options, sdm_match_options_used, sdm_match_options_copy)
SDM_PYTHON_COPY(sdm_ranking, sdm_record_ranking, sdm_ranking_copy)
SDM_PYTHON_COPY(sdm_match_options, sdm_record_options, sdm_match_options_copy)

/* The feedback a record holds: an owned copy (made again from its items), or
 * None when the record has none; so no pointer into a record reaches Python. */
%typemap(out) const sdm_feedback *sdm_record_feedback {
  if (!$1) {
    $result = SWIG_Py_Void();
  } else {
    int items[16];
    size_t n = sdm_feedback_item_count($1);
    sdm_feedback *copy = NULL;
    sdm_status status = SDM_ERR_LIMIT;
    if (n <= sizeof items / sizeof items[0]) {
      for (size_t i = 0; i < n; i++)
        items[i] = sdm_feedback_item($1, i);
      status = sdm_feedback_new(sdm_feedback_instrument($1), sdm_feedback_version($1), items, n, &copy);
    }
    if (status < 0) {
      sdm_python_raise(status);
      SWIG_fail;
    }
    $result = SWIG_NewPointerObj(copy, $descriptor(sdm_feedback *), SWIG_POINTER_OWN);
  }
}

/* ---- records a formulary lends, as tuples of their fields ------------------------ */

/* (source, printed, value, low, note) */
%typemap(out) const sdm_reading *sdm_profile_reading {
  $result = SDM_PYTHON_RECORD($1, "$symname", "(ssiis)", sdm_reading_source($1), sdm_reading_printed($1),
                              sdm_reading_value($1), sdm_reading_low($1), sdm_reading_note($1));
  if (!$result)
    SWIG_fail;
}

/* (source, outcome, measure, value, unit, versus, confidence, note, words): the
 * measure and confidence as their JSON ids, the words of sdm_evidence_describe(). */
%typemap(out) const sdm_evidence *sdm_profile_evidence {
  char *words = NULL;
  sdm_status status = $1 ? sdm_evidence_describe($1, &words) : SDM_OK;
  if (status < 0) {
    sdm_python_raise(status);
    SWIG_fail;
  }
  $result = SDM_PYTHON_RECORD($1, "$symname", "(sssdsssss)", sdm_evidence_source($1), sdm_evidence_outcome($1),
                              sdm_measure_id(sdm_evidence_measure($1)), sdm_evidence_value($1),
                              sdm_evidence_unit($1), sdm_evidence_versus($1),
                              sdm_confidence_id(sdm_evidence_confidence($1)), sdm_evidence_note($1), words);
  sdm_free(words);
  if (!$result)
    SWIG_fail;
}

/* (id, name, words, frequency, formulation, source, reliability, document, is_class) */
%typemap(out) const sdm_risk *sdm_profile_risk, const sdm_risk *sdm_formulary_class_risk {
  $result = SDM_PYTHON_RECORD($1, "$symname", "(ssssssssN)", sdm_risk_id($1), sdm_risk_name($1),
                              sdm_risk_words($1), sdm_risk_frequency($1), sdm_risk_formulation($1),
                              sdm_risk_source($1), sdm_reliability_id(sdm_risk_reliability($1)),
                              sdm_risk_document($1), PyBool_FromLong(sdm_risk_is_class($1)));
  if (!$result)
    SWIG_fail;
}

/* (context, requirement, country, formulation, source, reliability, document) */
%typemap(out) const sdm_restriction *sdm_profile_restriction {
  $result = SDM_PYTHON_RECORD($1, "$symname", "(sssssss)", sdm_restriction_context($1),
                              sdm_restriction_requirement($1), sdm_restriction_country($1),
                              sdm_restriction_formulation($1), sdm_restriction_source($1),
                              sdm_reliability_id(sdm_restriction_reliability($1)), sdm_restriction_document($1));
  if (!$result)
    SWIG_fail;
}

/* (country, status, date, note, source, reliability, document); for a country
 * with nothing recorded, sdm_profile_licence_detail_for() gives None. */
%typemap(out) const sdm_licence *sdm_profile_licence_detail, const sdm_licence *sdm_profile_licence_detail_for {
  if (!$1 && strcmp("$symname", "sdm_profile_licence_detail_for") == 0) {
    $result = SWIG_Py_Void();
  } else {
    $result = SDM_PYTHON_RECORD($1, "$symname", "(sssssss)", sdm_licence_country($1),
                                sdm_licence_status_id(sdm_licence_get_status($1)), sdm_licence_date($1),
                                sdm_licence_note($1), sdm_licence_source($1),
                                sdm_reliability_id(sdm_licence_reliability($1)), sdm_licence_document($1));
    if (!$result)
      SWIG_fail;
  }
}

/* (formulation, name, interval, country, note, source, reliability, document) */
%typemap(out) const sdm_product *sdm_profile_product {
  $result = SDM_PYTHON_RECORD($1, "$symname", "(ssssssss)", sdm_product_formulation($1), sdm_product_name($1),
                              sdm_product_interval($1), sdm_product_country($1), sdm_product_note($1),
                              sdm_product_source($1), sdm_reliability_id(sdm_product_reliability($1)),
                              sdm_product_document($1));
  if (!$result)
    SWIG_fail;
}

/* Their field getters take pointers that Python never holds. */
%rename("$ignore", regextarget=1) "^sdm_reading_";
%rename("$ignore", regextarget=1) "^sdm_evidence_";
%rename("$ignore", regextarget=1) "^sdm_risk_";
%rename("$ignore", regextarget=1) "^sdm_restriction_";
%rename("$ignore", regextarget=1) "^sdm_product_";
%ignore sdm_licence_country;
%ignore sdm_licence_get_status;
%ignore sdm_licence_date;
%ignore sdm_licence_note;
%ignore sdm_licence_source;
%ignore sdm_licence_reliability;
%ignore sdm_licence_document;

/* sdm_formulary_find() says which medicine is unknown, with a suggestion. */
%typemap(out) const sdm_profile *sdm_formulary_find {
  if (!$1) {
    sdm_python_raise(SDM_ERR_NOT_FOUND);
    SWIG_fail;
  }
  sdm_formulary_ref((sdm_formulary *)sdm_profile_formulary($1));
  $result = SWIG_NewPointerObj((void *)$1, $1_descriptor, SWIG_POINTER_OWN);
}

/* New references: the proxies above already take them. */
%ignore sdm_catalogue_ref;
%ignore sdm_formulary_ref;

/* ---- text handed over --------------------------------------------------------- */

%typemap(in, numinputs=0) char **out (char *tmp = NULL), char **data_version (char *tmp = NULL),
                           char **changes (char *tmp = NULL) "$1 = &tmp;";
%typemap(argout) char **out, char **data_version, char **changes {
  PyObject *text = PyUnicode_FromString(*$1);
  sdm_free(*$1);
  *$1 = NULL;
  if (!text)
    SWIG_fail;
  $result = SWIG_Python_AppendOutput($result, text);
}
%typemap(freearg) char **out, char **data_version, char **changes {
  if ($1)
    sdm_free(*$1);
}

/* ---- other out parameters ----------------------------------------------------- */

%typemap(in, numinputs=0) size_t *index (size_t tmp = 0), size_t *effect_index (size_t tmp = 0) "$1 = &tmp;";
%typemap(argout) size_t *index, size_t *effect_index {
  $result = SWIG_Python_AppendOutput($result, PyLong_FromSize_t(*$1));
}

/* The value an id names (sdm_weight_scheme_from_id(), ...): an int. */
%define SDM_PYTHON_ENUM_OUT(TYPE, NAME, FIRST)
%typemap(in, numinputs=0) TYPE *NAME (TYPE tmp = FIRST) "$1 = &tmp;";
%typemap(argout) TYPE *NAME {
  $result = SWIG_Python_AppendOutput($result, PyLong_FromLong((long)*$1));
}
%enddef

SDM_PYTHON_ENUM_OUT(sdm_weight_scheme, scheme, SDM_WEIGHTS_ROC)
SDM_PYTHON_ENUM_OUT(sdm_unknown_policy, policy, SDM_UNKNOWN_MIDDLE)
SDM_PYTHON_ENUM_OUT(sdm_synthesis, rule, SDM_SYNTHESIS_CONSENSUS)
SDM_PYTHON_ENUM_OUT(sdm_completed_by, who, SDM_COMPLETED_BY_UNSPECIFIED)
SDM_PYTHON_ENUM_OUT(sdm_reliability, reliability, SDM_RELIABILITY_UNSTATED)
SDM_PYTHON_ENUM_OUT(sdm_licence_status, status, SDM_LICENCE_NOT_RECORDED)
SDM_PYTHON_ENUM_OUT(sdm_outcome, outcome, SDM_OUTCOME_UNSPECIFIED)

/* The weights of a ranking of k: a tuple of k floats. */
%typemap(in) (int k, double *weights) (double array[SDM_MAX_RANK]) {
  long k = PyLong_AsLong($input);
  if (k == -1 && PyErr_Occurred())
    SWIG_fail;
  $1 = (k < 0 || k > INT_MAX) ? 0 : (int)k; /* the library refuses 0 */
  $2 = array;
}
%typemap(argout) (int k, double *weights) {
  PyObject *weights = PyTuple_New($1);
  if (!weights)
    SWIG_fail;
  for (int i = 0; i < $1; i++)
    PyTuple_SET_ITEM(weights, i, PyFloat_FromDouble($2[i]));
  $result = SWIG_Python_AppendOutput($result, weights);
}

/* ---- input ------------------------------------------------------------------------ */

/* JSON text: str (encoded as UTF-8) or bytes, with its length. */
%typemap(in) (const char *json, size_t len) {
  Py_ssize_t size = 0;
  char *text = NULL;
  if (PyUnicode_Check($input)) {
    text = (char *)PyUnicode_AsUTF8AndSize($input, &size);
  } else if (PyBytes_Check($input)) {
    if (PyBytes_AsStringAndSize($input, &text, &size) != 0)
      text = NULL;
  } else {
    PyErr_SetString(PyExc_TypeError, "$symname: the JSON text must be str or bytes");
  }
  if (!text)
    SWIG_fail;
  $1 = text;
  $2 = (size_t)size;
}
%typemap(typecheck) (const char *json, size_t len) "$1 = PyUnicode_Check($input) || PyBytes_Check($input);";

/* Custom weights: a sequence of numbers. */
%typemap(in) (const double *weights, size_t count) (double *array = NULL) {
  PyObject *seq = PySequence_Fast($input, "$symname: the weights must be a sequence of numbers");
  if (!seq)
    SWIG_fail;
  Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
  array = PyMem_Malloc((size_t)(n ? n : 1) * sizeof *array);
  for (Py_ssize_t i = 0; array && i < n; i++) {
    array[i] = PyFloat_AsDouble(PySequence_Fast_GET_ITEM(seq, i));
    if (array[i] == -1.0 && PyErr_Occurred())
      break;
  }
  Py_DECREF(seq);
  if (!array)
    PyErr_NoMemory();
  if (PyErr_Occurred())
    SWIG_fail;
  $1 = array;
  $2 = (size_t)n;
}
%typemap(freearg) (const double *weights, size_t count) {
  PyMem_Free(array$argnum);
}

/* Item scores of feedback: a sequence of ints (each must fit in a C int; the
 * library checks the instrument's range and count). */
%typemap(in) (const int *items, size_t count) (int *array = NULL) {
  PyObject *seq = PySequence_Fast($input, "$symname: the item scores must be a sequence of whole numbers");
  if (!seq)
    SWIG_fail;
  Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
  array = PyMem_Malloc((size_t)(n ? n : 1) * sizeof *array);
  for (Py_ssize_t i = 0; array && i < n; i++) {
    long value = PyLong_AsLong(PySequence_Fast_GET_ITEM(seq, i));
    if (value == -1 && PyErr_Occurred())
      break;
    if (value < INT_MIN || value > INT_MAX) {
      PyErr_Format(PyExc_OverflowError, "$symname: item %zd is %ld, beyond any score", i + 1, value);
      break;
    }
    array[i] = (int)value;
  }
  Py_DECREF(seq);
  if (!array)
    PyErr_NoMemory();
  if (PyErr_Occurred())
    SWIG_fail;
  $1 = array;
  $2 = (size_t)n;
}
%typemap(freearg) (const int *items, size_t count) {
  PyMem_Free(array$argnum);
}

/* The severity scale: four numbers. */
%typemap(in) const double values[4] (double array[4]) {
  PyObject *seq = PySequence_Fast($input, "$symname: the severity scale must be a sequence of 4 numbers");
  if (!seq)
    SWIG_fail;
  if (PySequence_Fast_GET_SIZE(seq) != 4)
    PyErr_SetString(PyExc_ValueError, "$symname: the severity scale must be 4 numbers");
  for (Py_ssize_t i = 0; !PyErr_Occurred() && i < 4; i++)
    array[i] = PyFloat_AsDouble(PySequence_Fast_GET_ITEM(seq, i));
  Py_DECREF(seq);
  if (PyErr_Occurred())
    SWIG_fail;
  $1 = array;
}

/* ---- Python-only functions and what is replaced by them ---------------------------- */

/* The batch calls take arrays: sdm_python_match_batch() and sdm_python_match_batch_ext() instead. */
%ignore sdm_match_batch;
%ignore sdm_match_batch_ext;

PyObject *sdm_python_set_errors(PyObject *errors);
PyObject *sdm_python_match_batch(const sdm_formulary *f, const sdm_match_options *opts,
                                 PyObject *rankings, PyObject *best, PyObject *scores);
PyObject *sdm_python_match_batch_ext(const sdm_formulary *f, const sdm_match_options *opts,
                                     PyObject *rankings, PyObject *helpful, PyObject *best, PyObject *scores,
                                     PyObject *ranks, PyObject *tied);
