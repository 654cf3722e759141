# libsdm - how sure is the match: the acceptability analysis (SMAA-2) for Python.
# SPDX-License-Identifier: MIT
"""How sure is the match: :meth:`Formulary.acceptability` and :meth:`Formulary.acceptability_many`.

A person's form gives an order of concerns, not exact weights, and each
rating is one reading of sources that may disagree or be missing. The
library draws many scenarios (10,000 by default), each a plausible reading of
the person's priorities and of the evidence, scores every medicine in each,
and counts how often each comes first and how often among the first three.
The same seed (2026 by default) gives the same numbers on every build and in
every binding. See ``include/sdm/acceptability.h`` for what a scenario is.
"""

import collections.abc
import json
import re
from typing import TYPE_CHECKING, Any, Dict, Iterator, NamedTuple, Optional, Tuple, Union, overload

from . import _tables, core
from ._errors import Error, InvalidArgumentError

if TYPE_CHECKING:
    import numpy
    import pandas

    from ._api import Formulary, Ranking

DEFAULT_SCENARIOS: int = 10000
"""The number of scenarios drawn when none is given."""
DEFAULT_SEED: int = 2026
"""The seed used when none is given."""
FRAGILE_MARGIN: float = 0.10
"""A first place is fragile when the first medicine's share of first places exceeds the second's by less."""

_EXACT_IN_DOUBLE = 2 ** 53


def _seed_value(seed: Any) -> Any:
    """The seed as the sdm-options JSON holds it: an integer up to 2^53, a string of digits above. Anything
    else is passed on as it is, for the library to refuse with its own message."""
    if isinstance(seed, bool) or not hasattr(seed, "__index__"):
        return seed
    value = int(seed)
    return str(value) if value > _EXACT_IN_DOUBLE else value


def _scenarios_value(scenarios: Any) -> Any:
    if isinstance(scenarios, bool) or not hasattr(scenarios, "__index__"):
        return scenarios  # the library names the key and the expected range
    return int(scenarios)


def _read_options(document: Dict[str, Any]) -> Any:
    """The C options of an sdm-options document, with the library's message without the "<json>: " of a
    document the caller never wrote."""
    try:
        return core.sdm_match_options_from_json(json.dumps(document, ensure_ascii=False))
    except Error as error:
        message = re.sub(r"^<json>(:\d+:\d+)?: ", "", str(error))
        raise type(error)(message) from None


def options(scenarios: Any = DEFAULT_SCENARIOS, seed: Any = DEFAULT_SEED, **match_options: Any) -> Any:
    """The C options of the keywords of :meth:`Formulary.match` with an acceptability analysis of
    `scenarios` scenarios and `seed` (read by the library, which checks them)."""
    from ._api import _options_document

    document = _options_document(**match_options)
    document["acceptability"] = {"scenarios": _scenarios_value(scenarios), "seed": _seed_value(seed)}
    return _read_options(document)


def with_acceptability(handle: Any, acceptability: Any) -> Any:
    """C options `handle` with the acceptability analysis `acceptability` asked for: a pair (scenarios, seed)
    or a number of scenarios (with the default seed)."""
    if isinstance(acceptability, tuple):
        if len(acceptability) != 2:
            raise InvalidArgumentError("acceptability must be (scenarios, seed) or a number of scenarios, "
                                       "not %r" % (acceptability,))
        scenarios, seed = acceptability
    else:
        scenarios, seed = acceptability, DEFAULT_SEED
    document = json.loads(core.sdm_match_options_to_json(handle))
    document["acceptability"] = {"scenarios": _scenarios_value(scenarios), "seed": _seed_value(seed)}
    return _read_options(document)


class AcceptabilityEntry(NamedTuple):
    """A medicine assessed: its shares of first places and of top-three places, and its central weights."""

    medication: str
    name: str
    index: int
    first: float
    top3: float
    central_weights: Optional[Tuple[float, ...]]


class Driver(NamedTuple):
    """An unknown or disputed cell of a top medicine that drives the uncertainty."""

    medication: str
    name: str
    effect: str
    label: str
    spread: Optional[int]


# help() shows these words for the fields (a comment would not be seen).
for _cls, _docs in ((AcceptabilityEntry, {
        "medication": "the medicine's id",
        "name": "its name",
        "index": "its position in the formulary (``formulary[index]``)",
        "first": "the share of scenarios in which it is first (t tied medicines get 1/t each)",
        "top3": "the share of scenarios in which it is among the first three (ties share the places they cover)",
        "central_weights": "the mean weights per rank (rank 1 first) of the scenarios in which it is first; "
                           "None if it is never first",
        }), (Driver, {
        "medication": "the id of the medicine whose cell drives the uncertainty",
        "name": "its name",
        "effect": "the side effect's id",
        "label": "the side effect's words",
        "spread": "how far its sources' readings lie apart (2 or 3); None when no source rates it",
        })):
    for _field, _doc in _docs.items():
        getattr(_cls, _field).__doc__ = _doc
del _cls, _docs, _field, _doc


class Acceptability(collections.abc.Sequence[AcceptabilityEntry]):
    """The acceptability analysis of one ranking (:meth:`Formulary.acceptability`).

    A sequence of :class:`AcceptabilityEntry`, one per medicine assessed (those
    :meth:`Formulary.match` ranks with the same options), by share of first
    places, highest first; ``analysis["cariprazine"]`` is one by id.
    ``scenarios`` and ``seed`` say what was drawn; ``fragile`` whether the
    first two medicines are within ten percentage points of first places;
    ``drivers`` the unknown or disputed cells of the top medicines that drive
    the uncertainty; ``text`` (also ``str(analysis)``) the library's words for
    the person; :meth:`to_json` the library's JSON and :meth:`to_pandas` a
    table with the provenance. In a notebook it shows as a table.
    """

    __slots__ = ("_h", "formulary", "ranking", "options", "scenarios", "seed", "fragile", "rank_count",
                 "_entries", "drivers", "text")

    def __init__(self, handle: Any, formulary: "Formulary", ranking: "Ranking", options: Dict[str, Any]) -> None:
        catalogue = formulary.catalogue
        self._h = handle
        self.formulary = formulary
        self.ranking = ranking
        self.options = options
        self.scenarios: int = core.sdm_acceptability_scenarios(handle)
        self.seed: int = core.sdm_acceptability_seed(handle)
        self.fragile: bool = bool(core.sdm_acceptability_fragile(handle))
        self.rank_count: int = core.sdm_acceptability_rank_count(handle)
        entries = []
        for i in range(core.sdm_acceptability_count(handle)):
            index = core.sdm_acceptability_formulary_index(handle, i)
            medication = formulary[index]
            first = core.sdm_acceptability_first(handle, i)
            central = tuple(core.sdm_acceptability_central_weight(handle, i, rank)
                            for rank in range(1, self.rank_count + 1)) if first > 0 else None
            entries.append(AcceptabilityEntry(medication.id, medication.name, index, first,
                                              core.sdm_acceptability_top3(handle, i), central))
        self._entries: Tuple[AcceptabilityEntry, ...] = tuple(entries)
        drivers = []
        for i in range(core.sdm_acceptability_driver_count(handle)):
            profile = core.sdm_acceptability_driver_profile(handle, i)
            item = catalogue[core.sdm_acceptability_driver_effect(handle, i)]
            spread = core.sdm_acceptability_driver_spread(handle, i)
            drivers.append(Driver(core.sdm_profile_id(profile), core.sdm_profile_name(profile), item.id, item.label,
                                  None if spread < 0 else spread))
        self.drivers: Tuple[Driver, ...] = tuple(drivers)
        self.text: str = core.sdm_acceptability_text(handle)

    def __len__(self) -> int:
        return len(self._entries)

    @overload
    def __getitem__(self, key: int) -> AcceptabilityEntry: ...

    @overload
    def __getitem__(self, key: str) -> AcceptabilityEntry: ...

    @overload
    def __getitem__(self, key: slice) -> Tuple[AcceptabilityEntry, ...]: ...

    def __getitem__(self, key: Union[int, str, slice]) -> Union[AcceptabilityEntry, Tuple[AcceptabilityEntry, ...]]:
        """An entry by position (highest share of first places first) or by medicine id (KeyError if the
        medicine was not assessed), or a slice of them."""
        if isinstance(key, str):
            for entry in self._entries:
                if entry.medication == key:
                    return entry
            raise KeyError("%s was not assessed: it is not in the formulary or was left out" % key)
        return self._entries[key]

    def __iter__(self) -> Iterator[AcceptabilityEntry]:
        return iter(self._entries)

    @property
    def first(self) -> Dict[str, float]:
        """Each medicine's share of first places, by id; they sum to 1."""
        return {e.medication: e.first for e in self._entries}

    @property
    def top3(self) -> Dict[str, float]:
        """Each medicine's share of top-three places, by id; they sum to min(3, medicines)."""
        return {e.medication: e.top3 for e in self._entries}

    def to_json(self) -> str:
        """The analysis as the library writes it (the sdm-record's "acceptability")."""
        return str(core.sdm_acceptability_to_json(self._h))

    def to_pandas(self) -> "pandas.DataFrame":
        """The analysis as a pandas DataFrame: one row per medicine assessed, in the order of the analysis.

        Columns: medication (id), name, index (its position in the formulary), first, top3 and one column
        ``weight_<rank>`` per rank with its central weight (NaN for a medicine never first). ``attrs``
        carries the provenance (library and data versions, formulary, notice, sources), the ranking, the
        options, scenarios, seed, fragile and the drivers.
        """
        import pandas

        nan = float("nan")
        data: Dict[str, Any] = {
            "medication": [e.medication for e in self._entries],
            "name": [e.name for e in self._entries],
            "index": [e.index for e in self._entries],
            "first": [e.first for e in self._entries],
            "top3": [e.top3 for e in self._entries],
        }
        for rank in range(self.rank_count):
            data["weight_%d" % (rank + 1)] = [nan if e.central_weights is None else e.central_weights[rank]
                                              for e in self._entries]
        frame = pandas.DataFrame(data)
        frame.attrs.update(_tables.provenance(
            self.formulary, ranking=json.loads(self.ranking.to_json()), options=self.options,
            scenarios=self.scenarios, seed=self.seed, fragile=self.fragile,
            drivers=[d._asdict() for d in self.drivers]))
        return frame

    def _repr_html_(self) -> str:
        from html import escape

        rows = "\n".join("<tr><td>%s</td><td>%.1f %%</td><td>%.1f %%</td></tr>" % (
            escape(e.name), 100 * e.first, 100 * e.top3) for e in self._entries)
        return ("<div class=\"libsdm-acceptability\">\n<p>%s</p>\n<table>\n<thead><tr><th>Medicine</th>"
                "<th>First</th><th>Among the first three</th></tr></thead>\n<tbody>\n%s\n</tbody>\n</table>\n"
                "<p><small>Data version %s. %s</small></p>\n</div>" % (
                    escape(self.text), rows, escape(self.formulary.version), escape(self.formulary.notice)))

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return "<libsdm.Acceptability %d medicines, %d scenarios, seed %d%s>" % (
            len(self), self.scenarios, self.seed, ", fragile" if self.fragile else "")


class AcceptabilityMany:
    """What :meth:`Formulary.acceptability_many` returns: one row per ranking, one column per medicine.

    ``first``: a (rows x medicines) float64 array, each medicine's share of
    first places in the row's analysis, by position in the formulary
    (``formulary[j]``); NaN for a medicine the row leaves out, and in every
    place of a row with no side effect. ``top3``: the same for the
    top-three places. ``medications``: the formulary's ids, the columns.
    ``scenarios``, ``seed`` and ``options`` (a dict in the sdm-options format)
    say how they were drawn. Each row equals :meth:`Formulary.acceptability`
    of the same ranking to the last bit.
    """

    __slots__ = ("first", "top3", "formulary", "options", "scenarios", "seed")

    def __init__(self, first: "numpy.ndarray", top3: "numpy.ndarray", formulary: "Formulary",
                 options: Dict[str, Any]) -> None:
        self.first = first
        self.top3 = top3
        self.formulary = formulary
        self.options = options
        self.scenarios: int = int(options["acceptability"]["scenarios"])
        self.seed: int = int(options["acceptability"]["seed"])

    @property
    def medications(self) -> Tuple[str, ...]:
        """The formulary's medication ids: the columns of ``first`` and ``top3``."""
        return tuple(m.id for m in self.formulary)

    def to_pandas(self) -> "pandas.DataFrame":
        """The results as a tidy pandas DataFrame: one row per ranking and medicine assessed.

        Columns: ranking (the row, from 0), medication (id), index (its position in the formulary), first
        and top3. Medicines a row leaves out, and rows with no side effect, have no rows. ``attrs`` carries
        the provenance, the options, scenarios and seed.
        """
        import numpy
        import pandas

        rows, columns = numpy.nonzero(~numpy.isnan(self.first))
        ids = numpy.array(self.medications, dtype=object)
        frame = pandas.DataFrame({
            "ranking": rows.astype(numpy.int64),
            "medication": ids[columns] if len(columns) else numpy.array([], dtype=object),
            "index": columns.astype(numpy.int64),
            "first": self.first[rows, columns],
            "top3": self.top3[rows, columns],
        })
        frame.attrs.update(_tables.provenance(self.formulary, options=self.options, scenarios=self.scenarios,
                                              seed=self.seed))
        return frame

    def __repr__(self) -> str:
        return "<libsdm.AcceptabilityMany: %d rankings, %d scenarios each, seed %d>" % (
            self.first.shape[0], self.scenarios, self.seed)


def acceptability(formulary: "Formulary", ranking: "Ranking", scenarios: Any = DEFAULT_SCENARIOS,
                  seed: Any = DEFAULT_SEED, **match_options: Any) -> Acceptability:
    """How sure the match of `ranking` is: an :class:`Acceptability` (see :meth:`Formulary.acceptability`)."""
    from ._api import Ranking, _handle

    o = options(scenarios, seed, **match_options)
    handle = core.sdm_acceptability_run(formulary._h, _handle(ranking, Ranking, "ranking"), o)
    return Acceptability(handle, formulary, ranking, json.loads(core.sdm_match_options_to_json(o)))


def acceptability_many(formulary: "Formulary", rankings: Any, helpful: Any = None,
                       scenarios: Any = DEFAULT_SCENARIOS, seed: Any = DEFAULT_SEED,
                       **match_options: Any) -> AcceptabilityMany:
    """The acceptability analyses of many rankings in C (see :meth:`Formulary.acceptability_many`)."""
    import numpy

    from ._api import _int32_rows

    rows = _int32_rows(rankings, "rankings")
    helpful_rows = None
    if helpful is not None:
        given = numpy.asarray(helpful)
        if given.ndim == 1:
            given = numpy.broadcast_to(given, (rows.shape[0], given.shape[0]))
        helpful_rows = _int32_rows(given, "helpful side effects")
    o = options(scenarios, seed, **match_options)
    shape = (rows.shape[0], len(formulary))
    first = numpy.empty(shape, dtype=numpy.float64)
    top3 = numpy.empty(shape, dtype=numpy.float64)
    if rows.shape[0]:
        core.sdm_python_acceptability_batch(formulary._h, o, rows, helpful_rows, first, top3)
    return AcceptabilityMany(first, top3, formulary, json.loads(core.sdm_match_options_to_json(o)))
