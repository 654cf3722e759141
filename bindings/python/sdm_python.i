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
 *   match are copied. So proxies may be collected in any order;
 * - text the library allocates is returned as str and freed with sdm_free();
 * - JSON is passed as str or bytes (with its length), arrays as sequences;
 * - the batch call takes numpy arrays (or any buffer) and runs without the GIL,
 *   on a copy of the rankings that no other thread can reach.
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

/*
 * sdm_match_batch() on arrays: `rankings` n x k int32, `best` n x top int32
 * and `scores` n x top float64 (both written). Returns None.
 *
 * The rankings are the caller's memory, which another Python thread may
 * write while the GIL is released: the batch checks a row and then reads it
 * again to score it, so a value changed in between would reach the library
 * unchecked. So the library never reads them: they are copied, with the GIL
 * held, into a buffer only this call knows (4 bytes a cell, about a tenth of
 * the time the batch takes), and matched from there without the GIL, in one
 * release (a release per chunk would wait for the GIL again each time
 * another thread holds it). The outputs are only written by the library,
 * never read back, and the held buffer views keep all three arrays from
 * being freed or resized meanwhile.
 */
static PyObject *sdm_python_match_batch(const sdm_formulary *f, const sdm_match_options *opts,
                                        PyObject *rankings, PyObject *best, PyObject *scores)
{
    Py_buffer in, out_best, out_scores;
    if (sdm_python_matrix(rankings, "the rankings", 'i', 0, &in) != 0)
        return NULL;
    if (sdm_python_matrix(best, "best", 'i', 1, &out_best) != 0) {
        PyBuffer_Release(&in);
        return NULL;
    }
    if (sdm_python_matrix(scores, "scores", 'd', 1, &out_scores) != 0) {
        PyBuffer_Release(&in);
        PyBuffer_Release(&out_best);
        return NULL;
    }
    size_t n = (size_t)in.shape[0], k = (size_t)in.shape[1], top = (size_t)out_best.shape[1];
    int shapes_agree = (size_t)out_best.shape[0] == n && (size_t)out_scores.shape[0] == n &&
                       (size_t)out_scores.shape[1] == top;
    /* (A buffer's size fits in Py_ssize_t, so n * k does not overflow.) */
    size_t cells = n * k;
    int32_t *rows = shapes_agree ? PyMem_Malloc(cells ? cells * sizeof *rows : 1) : NULL;
    int no_memory = shapes_agree && !rows;
    sdm_status status = SDM_OK;
    if (rows) {
        if (cells)
            memcpy(rows, in.buf, cells * sizeof *rows);
        Py_BEGIN_ALLOW_THREADS
        status = sdm_match_batch(f, opts, rows, n, k, top, (int32_t *)out_best.buf, (double *)out_scores.buf);
        Py_END_ALLOW_THREADS
        PyMem_Free(rows);
    }
    PyBuffer_Release(&in);
    PyBuffer_Release(&out_best);
    PyBuffer_Release(&out_scores);
    if (!shapes_agree) {
        sdm_python_raise_message(SDM_ERR_INVALID_ARGUMENT,
                                 "best and scores must both have one row per ranking and the same columns");
        return NULL;
    }
    if (no_memory)
        return PyErr_NoMemory();
    if (status < 0) {
        sdm_python_raise(status);
        return NULL;
    }
    Py_RETURN_NONE;
}
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

%typemap(in, numinputs=0) char **out (char *tmp = NULL), char **data_version (char *tmp = NULL) "$1 = &tmp;";
%typemap(argout) char **out, char **data_version {
  PyObject *text = PyUnicode_FromString(*$1);
  sdm_free(*$1);
  *$1 = NULL;
  if (!text)
    SWIG_fail;
  $result = SWIG_Python_AppendOutput($result, text);
}
%typemap(freearg) char **out, char **data_version {
  if ($1)
    sdm_free(*$1);
}

/* ---- other out parameters ----------------------------------------------------- */

%typemap(in, numinputs=0) size_t *index (size_t tmp = 0), size_t *effect_index (size_t tmp = 0) "$1 = &tmp;";
%typemap(argout) size_t *index, size_t *effect_index {
  $result = SWIG_Python_AppendOutput($result, PyLong_FromSize_t(*$1));
}

%typemap(in, numinputs=0) sdm_weight_scheme *scheme (sdm_weight_scheme tmp = SDM_WEIGHTS_ROC) "$1 = &tmp;";
%typemap(argout) sdm_weight_scheme *scheme {
  $result = SWIG_Python_AppendOutput($result, PyLong_FromLong((long)*$1));
}

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

/* The batch call takes arrays: sdm_python_match_batch() instead. */
%ignore sdm_match_batch;

PyObject *sdm_python_set_errors(PyObject *errors);
PyObject *sdm_python_match_batch(const sdm_formulary *f, const sdm_match_options *opts,
                                 PyObject *rankings, PyObject *best, PyObject *scores);
