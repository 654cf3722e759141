# libsdm - the Python classes over the generated module libsdm.core.
# SPDX-License-Identifier: MIT
"""Catalogue, Formulary, Medication, Ranking and Match.

Each object holds a handle of the generated module, which frees the C object
when Python collects it; the library's reference counts make any order safe.
"""

import collections.abc
import json
import operator
import os
from typing import (TYPE_CHECKING, Any, Dict, Iterable, Iterator, List, Mapping, NamedTuple, Optional, Sequence,
                    Tuple, Union, overload)

from . import _html, _tables, core
from ._errors import InvalidArgumentError, NotFoundError

if TYPE_CHECKING:  # only for the annotations: numpy and pandas are optional
    import numpy
    import pandas

# A path or JSON text (str starting with "{", or bytes).
PathOrJson = Union[str, bytes, bytearray, "os.PathLike[str]"]


def _load(source, load_json, load_file, *args):
    """Loads JSON text (str starting with '{', or bytes) or a file (a path)."""
    if isinstance(source, (bytes, bytearray)):
        return load_json(*args, bytes(source))
    if isinstance(source, str) and source.lstrip().startswith("{"):
        return load_json(*args, source)
    if isinstance(source, (str, os.PathLike)):
        return load_file(*args, os.fsdecode(source))
    raise TypeError("expected a path or JSON text, not %s" % type(source).__name__)


def _handle(obj, cls, name):
    if not isinstance(obj, cls):
        raise TypeError("%s must be a libsdm.%s, not %s" % (name, cls.__name__, type(obj).__name__))
    return obj._h


def _index(key, length):
    """A position from an int key, counting from the end when negative."""
    i = key + length if key < 0 else key
    if not 0 <= i < length:
        raise IndexError("index %d is out of range (%d)" % (key, length))
    return i


# ---- catalogue -----------------------------------------------------------------


class Item(NamedTuple):
    """A side effect of the catalogue."""

    index: int
    id: str
    label: str
    group: str
    group_label: str
    dimension: str
    commonly_helpful: bool


class Group(NamedTuple):
    """A group of side effects (sleep, weight, ...)."""

    id: str
    label: str


class Catalogue:
    """The side effects of the form, each with a stable id, a label and a group.

    ``Catalogue.default()`` is the 36 side effects of the Manchester form;
    ``Catalogue.load(path_or_json)`` reads a catalogue of one's own.
    Iterating yields :class:`Item`; ``catalogue["weight_gain"]`` is an item
    and ``catalogue.index("weight_gain")`` its position.
    """

    __slots__ = ("_h", "_items")

    def __init__(self, _handle: Any) -> None:
        self._h = _handle
        self._items: Optional[Tuple["Item", ...]] = None

    @classmethod
    def default(cls) -> "Catalogue":
        """The built-in catalogue (no file is read)."""
        return cls(core.sdm_catalogue_default())

    @classmethod
    def load(cls, source: PathOrJson) -> "Catalogue":
        """Loads a catalogue from a file (a path) or from JSON text (str or bytes)."""
        return cls(_load(source, core.sdm_catalogue_load_json, core.sdm_catalogue_load_file))

    def _all(self) -> Tuple["Item", ...]:
        if self._items is None:
            h = self._h
            groups = self.groups
            self._items = tuple(
                Item(i, core.sdm_catalogue_id(h, i), core.sdm_catalogue_label(h, i),
                     *groups[core.sdm_catalogue_item_group(h, i)],
                     core.sdm_catalogue_dimension(h, i), bool(core.sdm_catalogue_commonly_helpful(h, i)))
                for i in range(core.sdm_catalogue_count(h)))
        return self._items

    def index(self, effect_id: str) -> int:
        """The position of a side effect; NotFoundError (a KeyError) suggests the closest id."""
        return core.sdm_catalogue_find(self._h, effect_id)

    def __len__(self) -> int:
        return core.sdm_catalogue_count(self._h)

    def __iter__(self) -> Iterator["Item"]:
        return iter(self._all())

    def __getitem__(self, key: Union[str, int]) -> "Item":
        """An item by id or by position."""
        if isinstance(key, str):
            key = self.index(key)
        return self._all()[key]

    def __contains__(self, effect_id: object) -> bool:
        return any(item.id == effect_id for item in self._all())

    @property
    def groups(self) -> Tuple["Group", ...]:
        """The groups, in order of first use: a tuple of :class:`Group`."""
        h = self._h
        return tuple(Group(core.sdm_catalogue_group_id(h, g), core.sdm_catalogue_group_label(h, g))
                     for g in range(core.sdm_catalogue_group_count(h)))

    @property
    def name(self) -> str:
        """The catalogue's id."""
        return core.sdm_catalogue_name(self._h)

    @property
    def title(self) -> str:
        """Its title."""
        return core.sdm_catalogue_title(self._h)

    @property
    def version(self) -> str:
        """The version of its data."""
        return core.sdm_catalogue_version(self._h)

    @property
    def citation(self) -> str:
        """The form it comes from."""
        return core.sdm_catalogue_citation(self._h)

    def to_pandas(self) -> "pandas.DataFrame":
        """The side effects as a pandas DataFrame, one row each, with the catalogue's provenance in ``attrs``."""
        import pandas

        frame = pandas.DataFrame([item._asdict() for item in self._all()], columns=list(Item._fields))
        frame.attrs.update(_tables.catalogue_provenance(self))
        return frame

    def __eq__(self, other: object) -> bool:
        """Catalogues are equal when they have the same ids in the same order."""
        if not isinstance(other, Catalogue):
            return NotImplemented
        return bool(core.sdm_catalogue_equal(self._h, other._h))

    def __hash__(self) -> int:
        return hash(tuple(item.id for item in self._all()))

    def __repr__(self) -> str:
        return "<libsdm.Catalogue %s %s: %d side effects>" % (self.name, self.version, len(self))


# ---- formulary and medications ---------------------------------------------------


class Source(NamedTuple):
    """A published source that ratings cite."""

    key: str
    citation: str
    url: str


class Medication:
    """A medicine of a formulary: names, ratings with their sources, formulations, licences."""

    __slots__ = ("_h", "formulary", "_ratings")

    def __init__(self, _handle: Any, formulary: "Formulary") -> None:
        self._h = _handle
        self.formulary = formulary
        self._ratings: Optional[Dict[str, Optional[int]]] = None

    @property
    def id(self) -> str:
        """The stable id, e.g. "aripiprazole"."""
        return core.sdm_profile_id(self._h)

    @property
    def name(self) -> str:
        """The name, e.g. "Aripiprazole"."""
        return core.sdm_profile_name(self._h)

    @property
    def atc(self) -> str:
        """The ATC code, e.g. "N05AX12"."""
        return core.sdm_profile_atc(self._h)

    def _per_item(self, getter: Any) -> Dict[str, Any]:
        return {item.id: getter(self._h, item.index) for item in self.formulary.catalogue}

    @property
    def ratings(self) -> Dict[str, Optional[int]]:
        """{side-effect id: 0, 1 (+), 2 (++), 3 (+++) or None when no source rates it}."""
        if self._ratings is None:
            self._ratings = {effect: (None if rating == core.SDM_RATING_UNKNOWN else rating)
                             for effect, rating in self._per_item(core.sdm_profile_rating).items()}
        return dict(self._ratings)

    @property
    def sources(self) -> Dict[str, Optional[str]]:
        """{side-effect id: key of the source of its rating (see Formulary.sources), or None}."""
        return self._per_item(core.sdm_profile_rating_source)

    @property
    def notes(self) -> Dict[str, str]:
        """{side-effect id: the note on its rating ("" when none)}."""
        return self._per_item(core.sdm_profile_rating_note)

    @property
    def formulations(self) -> Tuple[str, ...]:
        """The formulations, e.g. ("liquid", "tablet")."""
        return tuple(core.sdm_profile_formulation(self._h, i)
                     for i in range(core.sdm_profile_formulation_count(self._h)))

    @property
    def licences(self) -> Tuple[str, ...]:
        """The countries where it is licensed, e.g. ("DE", "UK")."""
        return tuple(core.sdm_profile_licence(self._h, i) for i in range(core.sdm_profile_licence_count(self._h)))

    def card(self, ranking: Optional["Ranking"] = None) -> "Card":
        """The information card: a :class:`Card`, the text (a str) that a notebook shows as a table.

        With a ranking, the person's side effects are marked.
        """
        r = None if ranking is None else _handle(ranking, Ranking, "ranking")
        return Card(core.sdm_card_text(self._h, r), core.sdm_card_to_json(self._h, r))

    def card_json(self, ranking: Optional["Ranking"] = None) -> str:
        """The information card as JSON text."""
        return core.sdm_card_to_json(self._h, None if ranking is None else _handle(ranking, Ranking, "ranking"))

    def __repr__(self) -> str:
        return "<libsdm.Medication %s: %s, %s>" % (self.id, self.name, self.atc)


class Card(str):
    """A medicine's information card: the text itself (``str(card)``, ``print(card)``).

    In a notebook it shows as a table (``_repr_html_``); ``card.json`` is
    the same card as a dict in the sdm-card format.
    """

    json: Dict[str, Any]

    def __new__(cls, text: str, json_text: str) -> "Card":
        card = super().__new__(cls, text)
        card.json = json.loads(json_text)
        return card

    def _repr_html_(self) -> str:
        return _html.card_html(self.json)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self))

    def __repr__(self) -> str:
        return "<libsdm.Card %s: %s (%s)>" % (self.json["id"], self.json["name"], self.json["atc"])


class Formulary:
    """The medicines on offer, each with a side-effect profile, and the data's provenance.

    ``Formulary.default()`` is the built-in formulary (for illustration and
    research only); ``Formulary.load(path_or_json)`` reads a Trust's own.
    Iterating yields :class:`Medication`; ``formulary["olanzapine"]`` is one.
    """

    __slots__ = ("_h", "catalogue", "_medications")

    def __init__(self, _handle: Any, catalogue: Catalogue) -> None:
        self._h = _handle
        self.catalogue = catalogue
        self._medications: Optional[Tuple[Medication, ...]] = None

    @classmethod
    def default(cls, catalogue: Optional[Catalogue] = None) -> "Formulary":
        """The built-in formulary over `catalogue` (the default catalogue if None)."""
        catalogue = Catalogue.default() if catalogue is None else catalogue
        return cls(core.sdm_formulary_default(_handle(catalogue, Catalogue, "catalogue")), catalogue)

    @classmethod
    def load(cls, source: PathOrJson, catalogue: Optional[Catalogue] = None) -> "Formulary":
        """Loads a formulary from a file (a path) or JSON text (str or bytes)."""
        catalogue = Catalogue.default() if catalogue is None else catalogue
        handle = _load(source, core.sdm_formulary_load_json, core.sdm_formulary_load_file,
                       _handle(catalogue, Catalogue, "catalogue"))
        return cls(handle, catalogue)

    def _all(self) -> Tuple[Medication, ...]:
        if self._medications is None:
            self._medications = tuple(Medication(core.sdm_formulary_profile(self._h, i), self)
                                      for i in range(core.sdm_formulary_count(self._h)))
        return self._medications

    def __len__(self) -> int:
        return core.sdm_formulary_count(self._h)

    def __iter__(self) -> Iterator[Medication]:
        return iter(self._all())

    def __getitem__(self, key: Union[str, int]) -> Medication:
        """A medication by id (NotFoundError, a KeyError, if unknown) or by position."""
        if isinstance(key, str):
            found = core.sdm_formulary_find(self._h, key)
            return next(m for m in self._all() if m.id == core.sdm_profile_id(found))
        return self._all()[key]

    def __contains__(self, medication_id: object) -> bool:
        return any(m.id == medication_id for m in self._all())

    @property
    def name(self) -> str:
        """The formulary's id."""
        return core.sdm_formulary_name(self._h)

    @property
    def title(self) -> str:
        """Its title."""
        return core.sdm_formulary_title(self._h)

    @property
    def version(self) -> str:
        """The version of its data."""
        return core.sdm_formulary_version(self._h)

    @property
    def notice(self) -> str:
        """The notice that goes with the data."""
        return core.sdm_formulary_notice(self._h)

    @property
    def sources(self) -> Tuple["Source", ...]:
        """The sources its ratings cite: a tuple of :class:`Source`."""
        h = self._h
        return tuple(Source(core.sdm_formulary_source_key(h, i), core.sdm_formulary_source_citation(h, i),
                            core.sdm_formulary_source_url(h, i))
                     for i in range(core.sdm_formulary_source_count(h)))

    def to_json(self) -> str:
        """The formulary as JSON text in the sdm-formulary format."""
        return core.sdm_formulary_to_json(self._h)

    def _readings(self) -> Iterator[Tuple[Medication, "Item", Optional[int], Optional[str], str]]:
        """Each medicine's reading of each side effect: (medication, item, rating, source, note).

        One reading per medicine and side effect today; where the library
        gives several, each is one more tuple here and one more row of
        :meth:`to_pandas`.
        """
        for medication in self._all():
            ratings, sources, notes = medication.ratings, medication.sources, medication.notes
            for item in self.catalogue:
                yield medication, item, ratings[item.id], sources[item.id], notes[item.id]

    def to_pandas(self) -> "pandas.DataFrame":
        """The ratings as a tidy pandas DataFrame: one row per medicine and side effect.

        Columns: medication (id), name, effect (id), label, rating (0..3,
        ``<NA>`` where no source rates it), source (the key of a
        :class:`Source`, None then) and note. ``attrs`` carries the
        provenance (data version, notice, sources, library version).
        """
        import pandas

        rows = list(self._readings())
        frame = pandas.DataFrame({
            "medication": [m.id for m, *_ in rows],
            "name": [m.name for m, *_ in rows],
            "effect": [item.id for _, item, *_ in rows],
            "label": [item.label for _, item, *_ in rows],
            "rating": pandas.array([rating for _, _, rating, _, _ in rows], dtype="Int64"),
            "source": [source for *_, source, _ in rows],
            "note": [note for *_, note in rows],
        })
        frame.attrs.update(_tables.provenance(self))
        return frame

    def match(self, ranking: "Ranking", *, scheme: str = "roc", unknown: str = "middle",
              severity_scale: Optional[Sequence[float]] = None, helpful_weight: Optional[float] = None,
              weights: Optional[Sequence[float]] = None,
              exclude: Union[None, Iterable[str], Mapping[str, Optional[str]]] = None,
              require_formulation: Union[None, str, Iterable[str]] = None,
              require_licence: Union[None, str, Iterable[str]] = None) -> "Match":
        """Ranks every medication for a person's ranking: a :class:`Match`.

        scheme: how ranks become weights: "roc" (rank-order centroid), "rank_sum",
            "reciprocal", "equal" or "lexicographic".
        unknown: how an unrated side effect counts: "middle", "worst" or "exclude".
        severity_scale: the values of none, +, ++, +++ (default (0, 1, 2, 3)).
        helpful_weight: the weight of each helpful side effect (None: that of the lowest rank).
        weights: your own weight per rank (rank 1 first); selects the "custom" scheme.
        exclude: medication ids to leave out: a list, or a dict {id: reason}.
        require_formulation, require_licence: keep only medications recorded in
            these formulations / licensed in these countries (a str or a list).
        """
        options = _options(scheme, unknown, severity_scale, helpful_weight, weights, exclude,
                           require_formulation, require_licence)
        return Match(core.sdm_match_run(self._h, _handle(ranking, Ranking, "ranking"), options), self)

    def match_many(self, rankings: Any, top: int = 1, **options: Any) -> "BatchResult":
        """Matches many rankings at once, in C; `options` as for :meth:`match`.

        `rankings` is an integer array (numpy or nested lists) with one ranking
        per row: catalogue indices, rank 1 first, a negative index ending a
        row early. Any integer array other than a C-contiguous int32 one is
        converted first (its values must fit in 32 bits); the rows are then
        copied once, so another thread may write the array meanwhile without
        harm, and matched in C without the GIL.
        Returns a :class:`BatchResult`: (rows x top) arrays of the best
        medications' positions in the formulary (``.indices``, -1 where fewer
        were ranked), their scores (``.scores``, NaN there) and, computed
        when first asked for, their ids (``.medications``, None there).
        """
        import numpy

        rows = numpy.asarray(rankings)
        if rows.ndim != 2 or (rows.dtype.kind not in "iu" and rows.size):
            raise InvalidArgumentError("the rankings must be a 2-D array of integer catalogue "
                                       "indices (one ranking per row), not %d-D %s" % (rows.ndim, rows.dtype))
        if rows.dtype != numpy.int32 or not rows.flags.c_contiguous:
            # One range check, only for types wider than int32, then one conversion.
            if rows.size and not numpy.can_cast(rows.dtype, numpy.int32) and \
                    (rows.min() < _INT32_MIN or rows.max() > _INT32_MAX):
                raise InvalidArgumentError("a catalogue index in the rankings does not fit in 32 bits")
            rows = numpy.ascontiguousarray(rows, dtype=numpy.int32)
        top = operator.index(top)
        if top < 1:
            raise InvalidArgumentError("top must be at least 1, not %d" % top)
        best = numpy.empty((rows.shape[0], top), dtype=numpy.int32)
        scores = numpy.empty((rows.shape[0], top), dtype=numpy.float64)
        o = _options(**options)
        core.sdm_python_match_batch(self._h, o, rows, best, scores)
        return BatchResult(best, scores, self, json.loads(core.sdm_match_options_to_json(o)))

    def __repr__(self) -> str:
        return "<libsdm.Formulary %s %s: %d medications>" % (self.name, self.version, len(self))


_INT32_MIN, _INT32_MAX = -2 ** 31, 2 ** 31 - 1


class BatchResult:
    """What :meth:`Formulary.match_many` returns, one row per ranking, best first.

    ``indices``: the medicines' positions in the formulary, a (rows x top)
    int32 array, -1 where fewer medicines were ranked (``formulary[i]`` is
    the medication). ``scores``: their scores, float64, NaN there.
    ``medications``: their ids, an object array of str (None there), made
    from ``indices`` when first asked for. Unpacks as
    ``medications, scores, indices``. ``options``: the options used (a
    dict in the sdm-options format).
    """

    __slots__ = ("indices", "scores", "options", "_formulary", "_medications")

    def __init__(self, indices: "numpy.ndarray", scores: "numpy.ndarray", formulary: Formulary,
                 options: Dict[str, Any]) -> None:
        self.indices = indices
        self.scores = scores
        self.options = options
        self._formulary = formulary
        self._medications: Optional["numpy.ndarray"] = None

    @property
    def medications(self) -> "numpy.ndarray":
        """The best medications' ids, (rows x top), None where fewer were ranked."""
        if self._medications is None:
            import numpy

            ids = numpy.array([m.id for m in self._formulary] + [None], dtype=object)
            self._medications = ids[self.indices]  # -1 picks the None at the end
        return self._medications

    def __iter__(self) -> Iterator["numpy.ndarray"]:
        return iter((self.medications, self.scores, self.indices))

    def to_pandas(self) -> "pandas.DataFrame":
        """The results as a tidy pandas DataFrame: one row per ranking and place.

        Columns: ranking (the row of the rankings, from 0), place (1 is the
        best), medication (id, None where fewer were ranked), index (its
        position in the formulary, -1 there) and score (NaN there).
        ``attrs`` carries the provenance and the options.
        """
        import numpy
        import pandas

        rows, top = self.indices.shape
        frame = pandas.DataFrame({
            "ranking": numpy.repeat(numpy.arange(rows, dtype=numpy.int64), top),
            "place": numpy.tile(numpy.arange(1, top + 1, dtype=numpy.int64), rows),
            "medication": self.medications.reshape(-1),
            "index": self.indices.reshape(-1),
            "score": self.scores.reshape(-1),
        })
        frame.attrs.update(_tables.provenance(self._formulary, options=self.options, top=top))
        return frame

    def __repr__(self) -> str:
        return "<libsdm.BatchResult: %d rankings, top %d>" % self.indices.shape


# ---- ranking ----------------------------------------------------------------------

_COMPLETED_BY = {core.sdm_completed_by_id(v): v for v in range(core.SDM_COMPLETED_BY_TOGETHER + 1)}


class Ranking:
    """A person's preferences: side effects ranked to avoid (rank 1 first) and helpful ones.

    ``Ranking(catalogue, avoid=["weight_gain", "day_sleepiness"],
    helpful=["night_sleepiness"], completed_by="service_user")``: the order
    of `avoid` is the rank; `completed_by` is "service_user", "carer",
    "together" or None; `max_rank` (default 5) is how many may be ranked.
    """

    __slots__ = ("_h", "catalogue")

    def __init__(self, catalogue: Catalogue, avoid: Iterable[str] = (), helpful: Iterable[str] = (),
                 completed_by: Optional[str] = None, max_rank: Optional[int] = None) -> None:
        self._h = core.sdm_ranking_new(_handle(catalogue, Catalogue, "catalogue"))
        self.catalogue = catalogue
        if max_rank is not None:
            self.max_rank = max_rank
        if isinstance(avoid, str) or isinstance(helpful, str):
            raise TypeError("avoid and helpful take lists of side-effect ids")
        for rank, effect in enumerate(avoid, 1):
            core.sdm_ranking_avoid(self._h, effect, rank)
        for effect in helpful:
            core.sdm_ranking_helpful(self._h, effect)
        self.completed_by = completed_by

    @classmethod
    def from_json(cls, catalogue: Catalogue, text: Union[str, bytes]) -> "Ranking":
        """Reads a ranking from JSON text in the sdm-ranking format."""
        ranking = cls.__new__(cls)
        ranking._h = core.sdm_ranking_from_json(_handle(catalogue, Catalogue, "catalogue"), text)
        ranking.catalogue = catalogue
        return ranking

    def to_json(self) -> str:
        """The ranking as JSON text in the sdm-ranking format."""
        return core.sdm_ranking_to_json(self._h)

    @property
    def avoid(self) -> Tuple[str, ...]:
        """The side effects ranked to avoid, rank 1 first: a tuple of ids."""
        ranked = sorted((core.sdm_ranking_rank_of(self._h, item.index), item.id) for item in self.catalogue)
        return tuple(effect for rank, effect in ranked if rank)

    @property
    def helpful(self) -> Tuple[str, ...]:
        """The side effects ticked as helpful, in catalogue order: a tuple of ids."""
        return tuple(core.sdm_catalogue_id(self.catalogue._h, core.sdm_ranking_helpful_at(self._h, i))
                     for i in range(core.sdm_ranking_helpful_count(self._h)))

    @property
    def completed_by(self) -> Optional[str]:
        """Who completed the form: "service_user", "carer", "together" or None."""
        who = core.sdm_completed_by_id(core.sdm_ranking_completed_by(self._h))
        return None if who == "unspecified" else who

    @completed_by.setter
    def completed_by(self, who: Optional[str]) -> None:
        if who is not None and (not isinstance(who, str) or who == "unspecified" or who not in _COMPLETED_BY):
            raise InvalidArgumentError("completed_by is %r; give one of service_user, carer, together or None"
                                       % (who,))
        core.sdm_ranking_set_completed_by(self._h, _COMPLETED_BY["unspecified" if who is None else who])

    @property
    def max_rank(self) -> int:
        """The highest rank allowed (5 on the form)."""
        return core.sdm_ranking_max_rank(self._h)

    @max_rank.setter
    def max_rank(self, value: int) -> None:
        core.sdm_ranking_set_max_rank(self._h, value)

    def add_avoid(self, effect_id: str, rank: Optional[int] = None) -> None:
        """Ranks a side effect to avoid, by default after the last one ranked."""
        core.sdm_ranking_avoid(self._h, effect_id, len(self.avoid) + 1 if rank is None else rank)

    def add_helpful(self, effect_id: str) -> None:
        """Ticks a side effect as helpful."""
        core.sdm_ranking_helpful(self._h, effect_id)

    def remove(self, effect_id: str) -> None:
        """Takes a side effect out, whether ranked or helpful (the ranks below are not moved up)."""
        core.sdm_ranking_remove(self._h, effect_id)

    def clear(self) -> None:
        """Empties the ranking; who completed it and the maximum rank stay."""
        core.sdm_ranking_clear(self._h)

    def rank_of(self, effect_id: str) -> Optional[int]:
        """The rank of a side effect, or None if it is not ranked."""
        return core.sdm_ranking_rank_of(self._h, self.catalogue.index(effect_id)) or None

    def validate(self) -> None:
        """Raises InvalidArgumentError if the ranks have a gap."""
        core.sdm_ranking_validate(self._h)

    def __repr__(self) -> str:
        return "<libsdm.Ranking avoid=%r helpful=%r completed_by=%r>" % (
            list(self.avoid), list(self.helpful), self.completed_by)


# ---- options ------------------------------------------------------------------------

_UNKNOWN = {core.sdm_unknown_policy_id(p): p for p in range(core.SDM_UNKNOWN_EXCLUDE + 1)}


def _strings(value):
    return [value] if isinstance(value, str) else list(value)


def _options(scheme="roc", unknown="middle", severity_scale=None, helpful_weight=None, weights=None,
             exclude=None, require_formulation=None, require_licence=None):
    """The C options for the keywords of Formulary.match()."""
    o = core.sdm_match_options_new()
    if weights is not None:
        if scheme not in ("roc", "custom"):
            raise InvalidArgumentError("weights select the custom scheme; scheme=%r contradicts them" % (scheme,))
        core.sdm_match_options_set_custom_weights(o, weights)
    else:
        core.sdm_match_options_set_scheme(o, core.sdm_weight_scheme_from_id(scheme))
    if unknown not in _UNKNOWN:
        raise NotFoundError("unknown policy %r: give middle, worst or exclude" % (unknown,))
    core.sdm_match_options_set_unknown_policy(o, _UNKNOWN[unknown])
    if severity_scale is not None:
        scale = tuple(severity_scale)
        if len(scale) != 4:
            raise InvalidArgumentError("severity_scale needs 4 values (none, +, ++, +++), not %d" % len(scale))
        core.sdm_match_options_set_severity_scale(o, scale)
    if helpful_weight is not None:
        core.sdm_match_options_set_helpful_weight(o, helpful_weight)
    if exclude is not None:
        reasons = exclude.items() if isinstance(exclude, dict) else ((m, None) for m in _strings(exclude))
        for medication_id, reason in reasons:
            core.sdm_match_options_exclude(o, medication_id, reason)
    for formulation in _strings(require_formulation or ()):
        core.sdm_match_options_require_formulation(o, formulation)
    for country in _strings(require_licence or ()):
        core.sdm_match_options_require_licence(o, country)
    return o


# ---- match --------------------------------------------------------------------------

def _exclusion_kind(kind: int) -> str:
    """The library's own id of an exclusion ("request", "restriction", ...): one table, the library's."""
    return core.sdm_exclusion_id(kind) or "unknown"


class Term(NamedTuple):
    """One side effect's part in a score."""

    effect: str                   # the side-effect id
    rank: Optional[int]           # 1..k when avoided, None when helpful
    weight: float
    rating: Optional[int]         # 0..3, None when unknown (then imputed)
    contribution: float           # what it adds to the score (negative when helpful)


class Explanation(NamedTuple):
    """The reason for an entry's place: the text and, per side effect, rating and contribution."""

    reason: str
    terms: Tuple["Term", ...]

    def __str__(self) -> str:
        return self.reason


class Excluded(NamedTuple):
    """A medication left out of the ranked list, and why."""

    medication: Medication
    kind: str                     # "request", "formulation", "licence" or "unknown_rating"
    reason: str


class Entry:
    """A ranked medication of a match: rank, score and the reason for its place."""

    __slots__ = ("match", "_i")

    def __init__(self, match: "Match", i: int) -> None:
        self.match = match
        self._i = i

    @property
    def medication(self) -> Medication:
        """The medication."""
        return self.match.formulary[core.sdm_profile_id(core.sdm_match_profile(self.match._h, self._i))]

    @property
    def name(self) -> str:
        """The medication's name."""
        return self.medication.name

    @property
    def rank(self) -> int:
        """1-based; ties share a rank."""
        return core.sdm_match_rank(self.match._h, self._i)

    @property
    def score(self) -> float:
        """Lower is a better fit."""
        return core.sdm_match_score(self.match._h, self._i)

    @property
    def unknown_count(self) -> int:
        """How many of its ratings on the person's side effects are unknown."""
        return core.sdm_match_unknown_count(self.match._h, self._i)

    @property
    def explanation(self) -> Explanation:
        """The reason for its place, and each side effect's part in its score."""
        m, i, cat = self.match._h, self._i, self.match.formulary.catalogue._h
        terms = []
        for t in range(core.sdm_match_term_count(m)):
            rating = core.sdm_match_rating(m, i, t)
            terms.append(Term(core.sdm_catalogue_id(cat, core.sdm_match_term_effect(m, t)),
                              core.sdm_match_term_rank(m, t) or None, core.sdm_match_term_weight(m, t),
                              None if rating == core.SDM_RATING_UNKNOWN else rating,
                              core.sdm_match_contribution(m, i, t)))
        return Explanation(core.sdm_match_reason(m, i), tuple(terms))

    def __repr__(self) -> str:
        return "<libsdm.Entry %d. %s score %.6f>" % (self.rank, self.name, self.score)


class Match(collections.abc.Sequence[Entry]):
    """Every medication of a formulary, ranked for a person: a sequence of :class:`Entry`.

    Medications a filter removed are in ``.excluded`` with the reason.
    """

    __slots__ = ("_h", "formulary")

    def __init__(self, _handle: Any, formulary: Formulary) -> None:
        self._h = _handle
        self.formulary = formulary

    def __len__(self) -> int:
        return core.sdm_match_count(self._h)

    @overload
    def __getitem__(self, key: int) -> Entry: ...

    @overload
    def __getitem__(self, key: slice) -> List[Entry]: ...

    def __getitem__(self, key: Union[int, slice]) -> Union[Entry, List[Entry]]:
        if isinstance(key, slice):
            return [Entry(self, i) for i in range(*key.indices(len(self)))]
        return Entry(self, _index(key, len(self)))

    @property
    def excluded(self) -> List[Excluded]:
        """The medications left out, in formulary order: a list of :class:`Excluded`."""
        m = self._h
        return [Excluded(self.formulary[core.sdm_profile_id(core.sdm_match_excluded_profile(m, i))],
                         _exclusion_kind(core.sdm_match_excluded_kind(m, i)),
                         core.sdm_match_excluded_reason(m, i))
                for i in range(core.sdm_match_excluded_count(m))]

    @property
    def data_version(self) -> str:
        """The version of the data the match was computed from."""
        return core.sdm_match_data_version(self._h)

    @property
    def ranking(self) -> Ranking:
        """A copy of the ranking the match was run with."""
        ranking = Ranking.__new__(Ranking)
        ranking._h = core.sdm_match_ranking(self._h)
        ranking.catalogue = self.formulary.catalogue
        return ranking

    def to_json(self) -> str:
        """The result as JSON text: versions, notice, entries with explanations, excluded medications."""
        return core.sdm_match_to_json(self._h)

    def record(self, timestamp: Optional[str] = None) -> str:
        """The decision record (JSON text) for an EHR to store; `timestamp` e.g. ISO 8601."""
        return core.sdm_record_to_json(self._h, timestamp)

    def to_pandas(self) -> "pandas.DataFrame":
        """The ranked entries as a pandas DataFrame, with a column of ratings per side effect of the ranking.

        ``attrs`` carries the provenance (library and data versions,
        formulary, notice, sources), the ranking, the options and the
        medicines left out with the reasons; :func:`libsdm.to_csv` writes
        them with the table.
        """
        import pandas

        entries = list(self)
        explanations = [e.explanation for e in entries]
        data = {
            "rank": [e.rank for e in entries],
            "id": [e.medication.id for e in entries],
            "name": [e.name for e in entries],
            "score": [e.score for e in entries],
            "unknown_count": [e.unknown_count for e in entries],
            "reason": [x.reason for x in explanations],
        }
        for t in range(core.sdm_match_term_count(self._h)):
            effect = core.sdm_catalogue_id(self.formulary.catalogue._h, core.sdm_match_term_effect(self._h, t))
            data[effect] = pandas.array([x.terms[t].rating for x in explanations], dtype="Int64")
        frame = pandas.DataFrame(data)
        frame.attrs.update(_tables.provenance(
            self.formulary,
            ranking=json.loads(self.ranking.to_json()),
            options=json.loads(core.sdm_match_options_to_json(core.sdm_match_options_used(self._h))),
            excluded=[{"id": x.medication.id, "kind": x.kind, "reason": x.reason} for x in self.excluded]))
        return frame

    def _repr_html_(self) -> str:
        return _html.match_html(self)

    def __repr__(self) -> str:
        return "<libsdm.Match %d ranked, %d excluded, data version %s>" % (
            len(self), core.sdm_match_excluded_count(self._h), self.data_version)
