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

Each side effect of each medicine keeps every source's reading
(``medication.readings("weight_gain")``); its rating is made from them by a
synthesis rule chosen per match (``synthesis="consensus"``, the median, by
default; ``"highest"``; ``"precedence"``), and where sources disagree the
card and the explanation say so. Serious risks, restrictions, licences and
products come with every medicine, each with its source.

The built-in data is for illustration and research, not clinical use.
Failures raise subclasses of :class:`libsdm.Error` (and of the fitting built-in
exception) carrying the library's message. The generated layer underneath,
the C API itself, is ``libsdm.core``.

Every ``to_pandas()`` (of a match, a batch result, the formulary's readings,
evidence, risks, restrictions, licences and products, and the catalogue)
keeps the provenance in the frame's ``attrs``: the library and
data versions, the formulary and its notice and sources, and the ranking and
options where there are any. :func:`to_csv` writes them at the head of a CSV
file and :func:`read_csv` reads them back.
"""

from . import core
from ._errors import (ConflictError, DuplicateError, Error, FileError, InvalidArgumentError, LimitError,
                      NoMemoryError, NotFoundError, ParseError, SchemaError)
from ._api import (BatchResult, Card, Catalogue, DecisionContext, Efficacy, Entry, Evidence, Excluded, Explanation,
                   Feedback,
                   Formulary, Group, HistoryEntry, Item, Licence, Match, Medication, Product, Ranking, Reading, Record,
                   RecordEntry, Rerun, Restriction, Risk, Source, Term)
from ._tables import read_csv, to_csv
from ._acceptability import Acceptability, AcceptabilityEntry, AcceptabilityMany, Driver

__version__: str = core.sdm_version()

__all__ = [
    "Catalogue", "Item", "Group", "Formulary", "Medication", "Source", "Reading", "Evidence", "Efficacy", "Risk",
    "Restriction",
    "Licence", "Product", "Ranking", "Match", "Entry", "Explanation", "Term", "Excluded", "BatchResult", "Card",
    "Record", "RecordEntry", "Rerun", "HistoryEntry", "DecisionContext", "Feedback", "to_csv", "read_csv",
    "Acceptability", "AcceptabilityEntry", "AcceptabilityMany", "Driver",
    "Error", "InvalidArgumentError", "NoMemoryError", "NotFoundError", "DuplicateError", "ConflictError",
    "ParseError", "SchemaError", "FileError", "LimitError",
]
