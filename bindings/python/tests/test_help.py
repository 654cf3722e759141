# libsdm - help() is complete (issue 17): every public class and function of the package, every public method
# and property of its classes and every field of its named tuples has words of its own, which help() shows.
# SPDX-License-Identifier: MIT
import inspect
import pydoc

import libsdm


def _undocumented(name, obj):
    """The public parts of a public object that have no docstring of their own."""
    if not inspect.isclass(obj):
        return [] if (obj.__doc__ or "").strip() else [name]
    # A class's own docstring (inspect.getdoc would take tuple's, or a named tuple's made-up one).
    own = vars(obj).get("__doc__") or ""
    missing = [] if own.strip() and not own.startswith(obj.__name__ + "(") else [name]
    for attr, value in vars(obj).items():
        if attr.startswith("_"):
            continue  # the class's docstring says how to make one; the protocols (len, iter, ...) are Python's
        if isinstance(value, (staticmethod, classmethod)):
            value = value.__func__
        doc = getattr(value, "__doc__", None) or ""
        if type(value).__name__ == "_tuplegetter" and doc.startswith("Alias for field number"):
            doc = ""  # the named tuple's default words say nothing
        if (callable(value) or isinstance(value, property) or type(value).__name__ == "_tuplegetter") \
                and not doc.strip():
            missing.append("%s.%s" % (name, attr))
    return missing


def test_every_public_name_has_words():
    assert libsdm.__all__, "the package names its public API"
    missing = [part for name in libsdm.__all__ for part in _undocumented(name, getattr(libsdm, name))]
    assert missing == []


def test_named_tuple_fields_are_described():
    assert libsdm.Term.personal.__doc__ == "the rating is the person's own: they had this side effect on the medicine"
    assert libsdm.HistoryEntry.outcome.__doc__ == '"helped", "did_not_help", "stopped", or None when not said'
    assert libsdm.Item.dimension.__doc__.startswith("the clinical dimension")


def test_help_shows_the_words():
    text = pydoc.render_doc(libsdm.Feedback, renderer=pydoc.plaintext)
    assert "CollaboRATE" in text and "The score on 0 to 100" in text
    text = pydoc.render_doc(libsdm.DecisionContext, renderer=pydoc.plaintext)
    assert "the clinician's statement of the limits of choice (when detained)" in text
    module = pydoc.render_doc(libsdm, renderer=pydoc.plaintext)
    assert "Shared decision making about antipsychotic medication." in module
