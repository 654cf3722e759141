# libsdm - shared decision making about antipsychotic medication, for Python.
# SPDX-License-Identifier: MIT
"""Shared decision making about antipsychotic medication.

Turns a person's side-effect preferences into a ranked, explained list of
medicines, so that a service user, their carer and a prescriber can talk
about the choice together::

    import libsdm

    catalogue = libsdm.Catalogue.default()
    ranking = libsdm.Ranking(catalogue, avoid=["weight_gain", "day_sleepiness"], helpful=["night_sleepiness"])
    for entry in libsdm.Formulary.default(catalogue).match(ranking)[:3]:
        print(entry.rank, entry.name, round(entry.score, 3))

The built-in data is for illustration and research, not clinical use.
Failures raise subclasses of :class:`libsdm.Error` (and of the fitting built-in
exception) carrying the library's message. The generated layer underneath,
the C API itself, is ``libsdm.core``.

Every ``to_pandas()`` (of a match, a batch result, the formulary and the
catalogue) keeps the provenance in the frame's ``attrs``: the library and
data versions, the formulary and its notice and sources, and the ranking and
options where there are any. :func:`to_csv` writes them at the head of a CSV
file and :func:`read_csv` reads them back.
"""

from . import core
from ._errors import (ConflictError, DuplicateError, Error, FileError, InvalidArgumentError, LimitError,
                      NoMemoryError, NotFoundError, ParseError, SchemaError)
from ._api import (BatchResult, Card, Catalogue, Entry, Excluded, Explanation, Formulary, Group, Item, Match,
                   Medication, Ranking, Source, Term)
from ._tables import read_csv, to_csv

__version__: str = core.sdm_version()

__all__ = [
    "Catalogue", "Item", "Group", "Formulary", "Medication", "Source", "Ranking", "Match", "Entry",
    "Explanation", "Term", "Excluded", "BatchResult", "Card", "to_csv", "read_csv",
    "Error", "InvalidArgumentError", "NoMemoryError", "NotFoundError", "DuplicateError", "ConflictError",
    "ParseError", "SchemaError", "FileError", "LimitError",
]
