# libsdm - the Python classes over the generated module libsdm.core.
# SPDX-License-Identifier: MIT
"""Catalogue, Formulary, Medication, Ranking, Match, BatchResult, Record and Feedback.

Each object holds a handle of the generated module, which frees the C object
when Python collects it; the library's reference counts make any order safe.
"""

import collections.abc
import json
import math
import operator
import os
import re
from typing import (TYPE_CHECKING, Any, Dict, Iterable, Iterator, List, Mapping, NamedTuple, Optional, Sequence,
                    Tuple, Union, overload)

from . import _acceptability, _html, _tables, core
from ._errors import Error, InvalidArgumentError

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


def _document_fields(cls: Any, docs: Dict[str, str]) -> None:
    """Gives each field of a named tuple its words, which help() shows."""
    for field, doc in docs.items():
        getattr(cls, field).__doc__ = doc


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


_document_fields(Item, {
    "index": "its position in the catalogue, from 0",
    "id": 'the stable id, e.g. "weight_gain"',
    "label": 'the words of the form, e.g. "Weight gain"',
    "group": 'the id of its group, e.g. "weight"',
    "group_label": "the label of its group",
    "dimension": 'the clinical dimension it takes its default rating from, e.g. "sedation" ("" when none)',
    "commonly_helpful": "whether people commonly find it helpful (sleepiness at night, weight loss)",
})


class Group(NamedTuple):
    """A group of side effects (sleep, weight, ...)."""

    id: str
    label: str


_document_fields(Group, {
    "id": 'the group\'s id, e.g. "sleep"',
    "label": "its label",
})


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
    """A published source that readings and clinical entries cite, in the formulary's order of precedence."""

    key: str
    citation: str
    url: str
    label: str
    note: str
    edition: str
    reliability: str
    decides: bool


_document_fields(Source, {
    "key": "the key that readings and entries cite it by",
    "citation": "the citation in full",
    "url": 'a link to it ("" when none)',
    "label": 'a short name for people, e.g. "Maudsley"',
    "note": 'known caveats ("" when none)',
    "edition": 'the edition, release, date or commit used ("" when none was given)',
    "reliability": '"regulatory", "peer_reviewed", "secondary", "local_review" or "unstated"',
    "decides": "where it reads a cell, its reading is the rating under every synthesis rule",
})


class Reading(NamedTuple):
    """One source's reading of a cell (a medicine and a side effect)."""

    source: str
    printed: str
    value: int
    low: int
    note: str


_document_fields(Reading, {
    "source": "the key of a Source",
    "printed": 'the cell as the source prints it, e.g. "0/+", "common"',
    "value": "0 (none) to 3 (+++); for a range, its high end",
    "low": 'the low end of a range ("0/+": 0); the value itself otherwise',
    "note": "where exactly (table and column, document and page)",
})


class Evidence(NamedTuple):
    """A number from trials for a cell, e.g. Huhn 2019's risk ratio against placebo; never turned into a rating."""

    source: str
    outcome: str
    kind: str
    value: float
    unit: str
    versus: str
    confidence: str
    note: str
    words: str


_document_fields(Evidence, {
    "source": "the key of a Source",
    "outcome": 'the source\'s outcome, e.g. "akathisia", "weight_gain"',
    "kind": '"risk_ratio" or "mean_difference"',
    "value": "the risk ratio or the mean difference",
    "unit": 'of a mean difference ("kg", "ng/mL", "ms"); "" for a risk ratio',
    "versus": 'the comparator, e.g. "placebo"',
    "confidence": 'CINeMA: "high", "moderate", "low", "very_low" or "not_graded"',
    "note": "where exactly it was read",
    "words": "the number in plain words, with its source and confidence",
})


class Risk(NamedTuple):
    """A serious risk of a medicine (never scored; shown on every card)."""

    id: str
    name: str
    words: str
    frequency: str
    formulation: str
    source: str
    reliability: str
    document: str
    is_class: bool


_document_fields(Risk, {
    "id": 'e.g. "agranulocytosis"',
    "name": 'e.g. "Agranulocytosis"',
    "words": "a plain-words sentence for the person",
    "frequency": 'as the source gives it ("" when none)',
    "formulation": 'the one formulation it belongs to ("" for every form)',
    "source": "the key of a Source",
    "reliability": 'the source\'s reliability, e.g. "regulatory"',
    "document": "where exactly it was read",
    "is_class": "a class risk of the formulary (of every medicine), not the medicine's own",
})


class Efficacy(NamedTuple):
    """How well a medicine works on overall symptoms (a standardised mean difference against placebo)."""

    smd: float
    ci_low: float
    ci_high: float
    studies: Optional[int]
    source: str
    outcome: str
    confidence: str
    note: str
    includes_no_effect: bool
    uncertain: bool
    band: str
    words: str


_document_fields(Efficacy, {
    "smd": "standardised mean difference against placebo (negative: symptoms fell more than with placebo)",
    "ci_low": "the low end of its 95 % credible interval",
    "ci_high": "the high end of its 95 % credible interval",
    "studies": "how many studies it rests on, or None when the source does not say",
    "source": "the key of a Source",
    "outcome": 'what was measured, e.g. "overall_symptoms"',
    "confidence": 'CINeMA: "high", "moderate", "low", "very_low" or "not_graded"',
    "note": "where exactly it was read",
    "includes_no_effect": "its interval reaches no effect (0): the trials do not rule out that it works no better",
    "uncertain": "its interval is wide",
    "band": 'the words band\'s id, e.g. "about_as_well"',
    "words": "the library's plain words for the person",
})


class Restriction(NamedTuple):
    """The context that allows a medicine to be offered, and what it then requires."""

    context: str
    context_words: str
    requirement: str
    country: str
    formulation: str
    source: str
    reliability: str
    document: str


_document_fields(Restriction, {
    "context": 'e.g. "treatment_resistant"',
    "context_words": 'what the context means, words that follow "only where"',
    "requirement": "what the medicine requires where it is given, in plain words",
    "country": 'where it applies, e.g. "UK" ("" everywhere)',
    "formulation": 'the one formulation it concerns ("" every form)',
    "source": "the key of a Source",
    "reliability": "the source's reliability",
    "document": "where exactly it was read",
})


class Licence(NamedTuple):
    """What a country's licence says of adult schizophrenia."""

    country: str
    status: str
    date: str
    note: str
    source: str
    reliability: str
    document: str


_document_fields(Licence, {
    "country": 'an ISO 3166-1 alpha-2 code (UK for the United Kingdom), or "EU"',
    "status": '"yes", "no" or "not_marketed"',
    "date": 'ISO 8601 ("" when not known)',
    "note": 'what else the licence says, e.g. "its licence covers bipolar mania only"',
    "source": "the key of a Source",
    "reliability": "the source's reliability",
    "document": "where exactly it was read",
})


class Product(NamedTuple):
    """A preparation of a medicine in detail, e.g. a long-acting injection and how often it is given."""

    formulation: str
    name: str
    interval: str
    country: str
    note: str
    source: str
    reliability: str
    document: str


_document_fields(Product, {
    "formulation": 'its formulation, e.g. "long_acting_injection"',
    "name": "the product's name",
    "interval": 'e.g. "every 3 months" ("" when not given)',
    "country": 'where it applies ("" everywhere)',
    "note": 'what else to know ("" when none)',
    "source": "the key of a Source",
    "reliability": "the source's reliability",
    "document": "where exactly it was read",
})


def _synthesis(rule: Optional[str]) -> int:
    """The library's value of a synthesis rule id (None: the default, consensus); the library checks the id."""
    return core.SDM_SYNTHESIS_CONSENSUS if rule is None else core.sdm_synthesis_from_id(rule)


def _restriction(fields: Tuple[str, ...]) -> "Restriction":
    context = fields[0]
    return Restriction(context, core.sdm_context_id_words(context) or "", *fields[1:])


class Medication:
    """A medicine of a formulary: names, ratings with every source's reading, formulations, licences,
    serious risks, restrictions and products."""

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

    def _effect(self, effect: str) -> int:
        return self.formulary.catalogue.index(effect)

    @property
    def ratings(self) -> Dict[str, Optional[int]]:
        """{side-effect id: 0, 1 (+), 2 (++), 3 (+++) or None when no source rates it}, under the default
        synthesis rule, consensus (see :meth:`ratings_by` for the others)."""
        if self._ratings is None:
            self._ratings = self.ratings_by("consensus")
        return dict(self._ratings)

    def ratings_by(self, synthesis: str) -> Dict[str, Optional[int]]:
        """{side-effect id: rating or None} under a synthesis rule: "consensus", "highest" or "precedence"."""
        rule = _synthesis(synthesis)
        return {item.id: _rating(core.sdm_profile_rating_by(self._h, item.index, rule))
                for item in self.formulary.catalogue}

    def rating(self, effect: str, synthesis: Optional[str] = None) -> Optional[int]:
        """The rating of one side effect under a synthesis rule (None: consensus); None when unknown."""
        return _rating(core.sdm_profile_rating_by(self._h, self._effect(effect), _synthesis(synthesis)))

    @property
    def sources(self) -> Dict[str, Optional[str]]:
        """{side-effect id: key of the source whose reading gives the default rating (see Formulary.sources),
        or None}."""
        return self._per_item(core.sdm_profile_rating_source)

    @property
    def notes(self) -> Dict[str, str]:
        """{side-effect id: the note of the reading that gives the default rating ("" when none)}."""
        return self._per_item(core.sdm_profile_rating_note)

    def readings(self, effect: str) -> Tuple[Reading, ...]:
        """Every source's reading of one side effect, in the order of the formulary's sources (empty when no
        source rates it: the rating is unknown)."""
        e = self._effect(effect)
        return tuple(Reading(*core.sdm_profile_reading(self._h, e, i))
                     for i in range(core.sdm_profile_reading_count(self._h, e)))

    def spread(self, effect: str) -> Optional[int]:
        """How far the readings of one side effect lie apart: the highest value minus the lowest low end, 0
        to 3; None when no source rates it. A spread of 2 or more is shown as disagreement."""
        spread = core.sdm_profile_spread(self._h, self._effect(effect))
        return None if spread < 0 else spread

    def describe_readings(self, effect: str) -> str:
        """The readings of one side effect in plain words, lowest first, e.g. "none to ++: Maudsley none,
        UpToDate +, S3 guideline ++"."""
        return core.sdm_profile_describe_readings(self._h, self._effect(effect))

    def evidence(self, effect: str) -> Tuple[Evidence, ...]:
        """The numbers from trials for one side effect (e.g. Huhn 2019's), with their words."""
        e = self._effect(effect)
        return tuple(Evidence(*core.sdm_profile_evidence(self._h, e, i))
                     for i in range(core.sdm_profile_evidence_count(self._h, e)))

    @property
    def formulations(self) -> Tuple[str, ...]:
        """The formulations, e.g. ("liquid", "tablet")."""
        return tuple(core.sdm_profile_formulation(self._h, i)
                     for i in range(core.sdm_profile_formulation_count(self._h)))

    @property
    def licences(self) -> Tuple[str, ...]:
        """The countries whose licence for adult schizophrenia says yes, e.g. ("EU", "UK", "US")."""
        return tuple(core.sdm_profile_licence(self._h, i) for i in range(core.sdm_profile_licence_count(self._h)))

    @property
    def licence_details(self) -> Tuple[Licence, ...]:
        """Every country's licence as recorded, yes or not, with its date and source (empty for a format-1
        formulary)."""
        return tuple(Licence(*core.sdm_profile_licence_detail(self._h, i))
                     for i in range(core.sdm_profile_licence_detail_count(self._h)))

    def licence(self, country: str) -> Optional[Licence]:
        """The licence recorded for one code (e.g. "UK", "EU"), or None; an EU licence is not returned for "DE"."""
        fields = core.sdm_profile_licence_detail_for(self._h, country)
        return None if fields is None else Licence(*fields)

    @property
    def serious_risks(self) -> Tuple[Risk, ...]:
        """The serious risks shown for it: its own, then the formulary's class risks that apply to it. None
        recorded does not mean there is none."""
        return tuple(Risk(*core.sdm_profile_risk(self._h, i)) for i in range(core.sdm_profile_risk_count(self._h)))

    @property
    def efficacy(self) -> Optional[Efficacy]:
        """How well it works on overall symptoms, with the library's words, or None where the formulary gives
        no efficacy for it (the words then say so: :meth:`describe_efficacy`); never treated as average."""
        e = core.sdm_profile_efficacy(self._h)
        if e is None:
            return None
        studies = core.sdm_efficacy_studies(e)
        return Efficacy(core.sdm_efficacy_smd(e), core.sdm_efficacy_ci_low(e), core.sdm_efficacy_ci_high(e),
                        studies if studies > 0 else None, core.sdm_efficacy_source(e) or "",
                        core.sdm_efficacy_outcome(e) or "",
                        core.sdm_confidence_id(core.sdm_efficacy_confidence(e)) or "",
                        core.sdm_efficacy_note(e) or "", bool(core.sdm_efficacy_includes_no_effect(e)),
                        bool(core.sdm_efficacy_uncertain(e)),
                        core.sdm_efficacy_band_id(core.sdm_efficacy_band_of(e)) or "", self.describe_efficacy())

    def describe_efficacy(self) -> str:
        """How well it works, in the library's plain words (also when the formulary has no efficacy for it)."""
        return core.sdm_profile_describe_efficacy(self._h)

    @property
    def restrictions(self) -> Tuple[Restriction, ...]:
        """The contexts that allow it to be offered, each with its requirement."""
        return tuple(_restriction(core.sdm_profile_restriction(self._h, i))
                     for i in range(core.sdm_profile_restriction_count(self._h)))

    @property
    def products(self) -> Tuple[Product, ...]:
        """Its products recorded in detail, e.g. its long-acting injections."""
        return tuple(Product(*core.sdm_profile_product(self._h, i))
                     for i in range(core.sdm_profile_product_count(self._h)))

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


def _rating(value: int) -> Optional[int]:
    return None if value == core.SDM_RATING_UNKNOWN else value


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


# The tables of Formulary.to_pandas(table=...): their columns, and a function giving their rows.
_READING_COLUMNS = ["medication", "name", "effect", "label", "rating", "spread", "source", "printed", "value",
                    "low", "note"]
_TABLE_COLUMNS = {
    "readings": _READING_COLUMNS,
    "evidence": ["medication", "name", "effect", "label"] + list(Evidence._fields),
    # (the risk's and the product's own id and name renamed, beside the medicine's)
    "risks": ["medication", "name", "risk", "risk_name"] + list(Risk._fields[2:]),
    "restrictions": ["medication", "name"] + list(Restriction._fields),
    "licences": ["medication", "name"] + list(Licence._fields),
    "products": ["medication", "name", "formulation", "product"] + list(Product._fields[2:]),
}
_INTEGER_COLUMNS = ("rating", "spread", "value", "low")


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
    def format_version(self) -> int:
        """The version of the sdm-formulary format it was loaded from (1 or 2)."""
        return core.sdm_formulary_format_version(self._h)

    @property
    def sources(self) -> Tuple["Source", ...]:
        """The sources its readings and clinical entries cite, in order of precedence: a tuple of :class:`Source`."""
        h = self._h
        return tuple(Source(core.sdm_formulary_source_key(h, i), core.sdm_formulary_source_citation(h, i),
                            core.sdm_formulary_source_url(h, i), core.sdm_formulary_source_label(h, i),
                            core.sdm_formulary_source_note(h, i), core.sdm_formulary_source_edition(h, i),
                            core.sdm_reliability_id(core.sdm_formulary_source_reliability(h, i)),
                            bool(core.sdm_formulary_source_decides(h, i)))
                     for i in range(core.sdm_formulary_source_count(h)))

    @property
    def class_risks(self) -> Tuple[Risk, ...]:
        """The formulary's class risks: serious risks of every medicine it holds."""
        return tuple(Risk(*core.sdm_formulary_class_risk(self._h, i))
                     for i in range(core.sdm_formulary_class_risk_count(self._h)))

    def to_json(self) -> str:
        """The formulary as JSON text in the sdm-formulary format (version 2)."""
        return core.sdm_formulary_to_json(self._h)

    def _table_rows(self, table: str, rule: int) -> Iterator[Tuple[Any, ...]]:
        for m in self._all():
            if table == "readings":
                for item in self.catalogue:
                    rating = _rating(core.sdm_profile_rating_by(m._h, item.index, rule))
                    spread = core.sdm_profile_spread(m._h, item.index)
                    head = (m.id, m.name, item.id, item.label, rating, None if spread < 0 else spread)
                    readings = m.readings(item.id)
                    for reading in readings:
                        yield head + tuple(reading)
                    if not readings:  # unknown: one row, never dropped
                        yield head + (None,) * len(Reading._fields)
            elif table == "evidence":
                for item in self.catalogue:
                    for evidence in m.evidence(item.id):
                        yield (m.id, m.name, item.id, item.label) + tuple(evidence)
            else:
                entries = {"risks": m.serious_risks, "restrictions": m.restrictions, "licences": m.licence_details,
                           "products": m.products}[table]
                for entry in entries:
                    yield (m.id, m.name) + tuple(entry)

    def to_pandas(self, table: str = "readings", synthesis: Optional[str] = None) -> "pandas.DataFrame":
        """The formulary as a tidy pandas DataFrame; ``attrs`` carries the provenance (data version, notice,
        sources, library version) and the table's name.

        table="readings" (the default): one row per reading of a medicine and side effect, and one row,
        with no source, for a side effect no source rates. Columns: medication (id), name, effect (id),
        label, rating (the cell's rating under `synthesis`, default consensus, ``<NA>`` when unknown),
        spread (of the cell's readings, ``<NA>`` when unknown), then the reading: source (the key of a
        :class:`Source`), printed, value, low and note.

        "evidence" (one row per number from trials: medication, name, effect, label and the fields of
        :class:`Evidence`), "risks" (:class:`Risk`, each medicine's serious risks with the class risks that
        apply to it; its id and name in the columns risk and risk_name), "restrictions"
        (:class:`Restriction`), "licences" (:class:`Licence`) and "products" (:class:`Product`, its name in
        the column product): one row per entry, after the medication's id and name.
        """
        import pandas

        if table not in _TABLE_COLUMNS:
            raise InvalidArgumentError("unknown table %r: give one of %s" % (table, ", ".join(_TABLE_COLUMNS)))
        rule = _synthesis(synthesis)
        columns = _TABLE_COLUMNS[table]
        frame = pandas.DataFrame(list(self._table_rows(table, rule)), columns=columns, dtype=object)
        if table == "readings":
            for column in _INTEGER_COLUMNS:  # <NA> where unknown
                frame[column] = pandas.array(frame[column].tolist(), dtype="Int64")
        elif table == "evidence":
            frame["value"] = frame["value"].astype(float)
        elif table == "risks":
            frame["is_class"] = frame["is_class"].astype(bool)
        more = {"table": table}
        if table == "readings":
            more["synthesis"] = core.sdm_synthesis_id(rule)
        frame.attrs.update(_tables.provenance(self, **more))
        return frame

    def match(self, ranking: "Ranking", *, scheme: Optional[str] = None, unknown: Optional[str] = None,
              synthesis: Optional[str] = None, severity_scale: Optional[Sequence[float]] = None,
              helpful_weight: Union[None, str, float] = None, weights: Optional[Sequence[float]] = None,
              exclude: Union[None, str, Iterable[str], Mapping[str, Optional[str]]] = None,
              require_formulation: Union[None, str, Iterable[str]] = None,
              require_licence: Union[None, str, Iterable[str]] = None,
              contexts: Union[None, str, Iterable[str]] = None, detained: Optional[bool] = None,
              limits: Optional[str] = None, revisit: Optional[str] = None, evidence: Optional[str] = None,
              tradeoff: Optional[float] = None,
              acceptability: Union[None, int, Tuple[int, Union[int, str]]] = None) -> "Match":
        """Ranks every medication for a person's ranking: a :class:`Match`.

        scheme: how ranks become weights: "roc" (rank-order centroid, the default), "rank_sum",
            "reciprocal", "equal", "lexicographic" or "custom" (with `weights`).
        unknown: how an unrated side effect counts: "middle" (the default), "worst", "exclude" or "mean"
            (the mean of the medicines that rate it, flagged).
        synthesis: how each cell's rating is made from its sources' readings: "consensus" (the median,
            the default), "highest" or "precedence" (the first source in the formulary's order).
        severity_scale: the values of none, +, ++, +++ (default (0, 1, 2, 3)).
        helpful_weight: the weight of each helpful side effect (None or "auto": that of the lowest rank).
        weights: your own weight per rank (rank 1 first); selects the "custom" scheme.
        exclude: medication ids to leave out: an id, a list, or a dict {id: reason}.
        require_formulation, require_licence: keep only medications recorded in
            these formulations / licensed in these countries (a str or a list).
        contexts: the decision contexts that hold (a str or a list of ids, e.g. "treatment_resistant"), so
            that a medicine restricted to one may be ranked (with its requirement); without it, it is left
            out with the reason in words.
        detained: whether the person is detained (e.g. under the Mental Health Act); then `limits`, the
            clinician's statement of the limits of choice in words for the person, is required, and the
            result and the decision record carry it.
        revisit: the date to revisit the decision, "YYYY-MM-DD".
        evidence: "ordinal" (the ratings, the default) or "numeric" (trial numbers normalised across the
            formulary where the formulary has them, the ratings elsewhere; each term says where it came from).
        tradeoff: a weight (0 by default) that adds each medicine's lack of efficacy to its side-effect score.
        acceptability: (scenarios, seed), or a number of scenarios (seed 2026): the match then makes that
            acceptability analysis once (``match.acceptability``, see :meth:`acceptability`); each reason and
            each entry's card (``entry.card()``) say how sure its place is, and the decision record
            (``match.record()``) carries the analysis.

        The library checks every option (an unknown id is refused with the closest one, weights that
        contradict the scheme are refused); its message names the option as the sdm-options JSON does.
        """
        options = _options(scheme=scheme, unknown=unknown, synthesis=synthesis, severity_scale=severity_scale,
                           helpful_weight=helpful_weight, weights=weights, exclude=exclude,
                           require_formulation=require_formulation, require_licence=require_licence,
                           contexts=contexts, detained=detained, limits=limits, revisit=revisit,
                           evidence=evidence, tradeoff=tradeoff)
        if acceptability is not None:
            options = _acceptability.with_acceptability(options, acceptability)
        return Match(core.sdm_match_run(self._h, _handle(ranking, Ranking, "ranking"), options), self)

    def match_many(self, rankings: Any, top: int = 1, helpful: Any = None, **options: Any) -> "BatchResult":
        """Matches many rankings at once, in C; `options` as for :meth:`match` (``contexts`` too: a
        restricted medicine is ranked only where its context holds, as in a single match).

        `rankings` is an integer array (numpy or nested lists) with one ranking
        per row: catalogue indices, rank 1 first, a negative index ending a
        row early. `helpful` (optional) gives each row's helpful side effects,
        as catalogue indices in any order, padded with negative indices: an
        array with one row per ranking, or one row (1-D) for every ranking.
        Any integer array other than a C-contiguous int32 one is converted
        first (its values must fit in 32 bits). They are matched in C without
        the GIL; the library reads each row once, into its own copy, so
        another thread writing the arrays meanwhile can make a row's result
        wrong or an error, never a crash. A row with no side effect at all (a
        missing answer) gets no result: no medicine, a NaN score, rank and
        tied 0.

        Returns a :class:`BatchResult`: (rows x top) arrays of the best
        medications' positions in the formulary (``.indices``, -1 where fewer
        were ranked), their scores (``.scores``, NaN there), their tie-aware
        ranks (``.ranks``) and how many medicines share each rank
        (``.tied``), and, computed when first asked for, their ids
        (``.medications``, None there).
        """
        import numpy

        rows = _int32_rows(rankings, "rankings")
        helpful_rows = None
        if helpful is not None:
            given = numpy.asarray(helpful)
            if given.ndim == 1:
                given = numpy.broadcast_to(given, (rows.shape[0], given.shape[0]))
            helpful_rows = _int32_rows(given, "helpful side effects")
        top = operator.index(top)
        if top < 1:
            raise InvalidArgumentError("top must be at least 1, not %d" % top)
        shape = (rows.shape[0], top)
        best = numpy.empty(shape, dtype=numpy.int32)
        scores = numpy.empty(shape, dtype=numpy.float64)
        ranks = numpy.empty(shape, dtype=numpy.int32)
        tied = numpy.empty(shape, dtype=numpy.int32)
        o = _options(**options)
        core.sdm_python_match_batch_ext(self._h, o, rows, helpful_rows, best, scores, ranks, tied)
        return BatchResult(best, scores, self, json.loads(core.sdm_match_options_to_json(o)), ranks, tied)

    def acceptability(self, ranking: "Ranking", scenarios: int = 10000, seed: Union[int, str] = 2026,
                      **options: Any) -> "_acceptability.Acceptability":
        """How sure the match is: the acceptability analysis (SMAA-2) of a ranking, in C.

        Draws `scenarios` plausible readings of the person's priorities (weights that keep their order)
        and of the evidence (each cell one of its sources' readings, an unknown cell any rating) from
        `seed` (a 64-bit number; the same seed gives the same numbers everywhere), and counts how often
        each medicine comes first and among the first three. `options` as for :meth:`match` (its
        weighting scheme and weights are not used: the weights are drawn). Returns an
        :class:`~libsdm.Acceptability`; ``.text`` says it in words.
        """
        return _acceptability.acceptability(self, ranking, scenarios, seed, **options)

    def acceptability_many(self, rankings: Any, helpful: Any = None, scenarios: int = 10000,
                           seed: Union[int, str] = 2026, **options: Any) -> "_acceptability.AcceptabilityMany":
        """The acceptability analyses of many rankings at once, in C (the population form).

        `rankings` and `helpful` as for :meth:`match_many`; each row is analysed with `scenarios` and
        `seed` exactly as :meth:`acceptability` analyses the same ranking. Returns an
        :class:`~libsdm.AcceptabilityMany` with (rows x medicines) arrays ``first`` and ``top3``.
        """
        return _acceptability.acceptability_many(self, rankings, helpful, scenarios, seed, **options)

    def __repr__(self) -> str:
        return "<libsdm.Formulary %s %s: %d medications>" % (self.name, self.version, len(self))


_INT32_MIN, _INT32_MAX = -2 ** 31, 2 ** 31 - 1


def _int32_rows(values: Any, what: str) -> "numpy.ndarray":
    """A C-contiguous 2-D int32 array of catalogue indices (one row per ranking)."""
    import numpy

    rows = numpy.asarray(values)
    if rows.ndim != 2 or (rows.dtype.kind not in "iu" and rows.size):
        raise InvalidArgumentError("the %s must be a 2-D array of integer catalogue indices (one ranking per row), "
                                   "not %d-D %s" % (what, rows.ndim, rows.dtype))
    if rows.dtype != numpy.int32 or not rows.flags.c_contiguous:
        # One range check, only for types wider than int32, then one conversion.
        if rows.size and not numpy.can_cast(rows.dtype, numpy.int32) and \
                (rows.min() < _INT32_MIN or rows.max() > _INT32_MAX):
            raise InvalidArgumentError("a catalogue index in the %s does not fit in 32 bits" % what)
        rows = numpy.ascontiguousarray(rows, dtype=numpy.int32)
    return rows


class BatchResult:
    """What :meth:`Formulary.match_many` returns, one row per ranking, best first.

    ``indices``: the medicines' positions in the formulary, a (rows x top)
    int32 array, -1 where fewer medicines were ranked and in every place of
    a row with no side effect (``formulary[i]`` is the medication).
    ``scores``: their scores, float64, NaN there. ``ranks``: the tie-aware
    rank of each place (tied medicines share the rank of the first of them:
    1, 1, 3), 0 there. ``tied``: how many ranked medicines share the rank of
    each place, counting those beyond `top` (1 when not tied), 0 there: with
    ``tied[r, 0] > 1`` the best medicine of row r is only the first by name
    of that many equally good ones. ``medications``: their ids, an object
    array of str (None there), made from ``indices`` when first asked for.
    Unpacks as ``medications, scores, indices``. ``options``: the options
    used (a dict in the sdm-options format).
    """

    __slots__ = ("indices", "scores", "ranks", "tied", "options", "_formulary", "_medications")

    def __init__(self, indices: "numpy.ndarray", scores: "numpy.ndarray", formulary: Formulary,
                 options: Dict[str, Any], ranks: "numpy.ndarray", tied: "numpy.ndarray") -> None:
        self.indices = indices
        self.scores = scores
        self.ranks = ranks
        self.tied = tied
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

    @property
    def tied_first(self) -> int:
        """How many rankings have a tie for first place (``tied[:, 0] > 1``)."""
        return int((self.tied[:, 0] > 1).sum())

    def first_places(self) -> "pandas.DataFrame":
        """Who comes first, with the credit of a tie shared: each ranking gives 1 to its best medicine, or
        1/t to each of the t medicines tied for first place.

        Returns a pandas DataFrame, one row per medicine of the formulary (in its order): medication, name,
        first (the shared credit, a float), and share (first / the rankings with a result). ``attrs`` has
        the provenance, ``rankings`` (rows with a result), ``no_result`` (rows with no side effect) and
        ``tied_first`` (rows with a tie for first). Every tied medicine must be among the places kept: an
        InvalidArgumentError says which `top` is needed when a tie for first is wider than `top`.
        """
        import numpy
        import pandas

        result = self.indices[:, 0] >= 0
        widest = int(self.tied[:, 0].max()) if len(self.tied) else 0
        top = self.indices.shape[1]
        if widest > top:
            row = int(numpy.argmax(self.tied[:, 0]))
            raise InvalidArgumentError("row %d has %d medicines tied for first place, more than top = %d: match "
                                       "with top = %d or more to share the credit" % (row, widest, top, widest))
        credit = numpy.zeros(len(self._formulary))
        first = (self.ranks == 1) & (self.indices >= 0)  # the places tied for first, all within top
        shares = numpy.where(first, 1.0 / numpy.maximum(self.tied[:, :1], 1), 0.0)
        numpy.add.at(credit, self.indices[first], shares[first])
        rankings = int(result.sum())
        frame = pandas.DataFrame({
            "medication": [m.id for m in self._formulary],
            "name": [m.name for m in self._formulary],
            "first": credit,
            "share": credit / rankings if rankings else numpy.full(len(credit), numpy.nan),
        })
        frame.attrs.update(_tables.provenance(self._formulary, options=self.options, rankings=rankings,
                                              no_result=int((~result).sum()), tied_first=self.tied_first))
        return frame

    def to_pandas(self) -> "pandas.DataFrame":
        """The results as a tidy pandas DataFrame: one row per ranking and place.

        Columns: ranking (the row of the rankings, from 0), place (1 is the
        best), medication (id, None where fewer were ranked), index (its
        position in the formulary, -1 there), score (NaN there), rank (the
        tie-aware rank, 0 there) and tied (how many medicines share that
        rank, 0 there). ``attrs`` carries the provenance and the options.
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
            "rank": self.ranks.reshape(-1),
            "tied": self.tied.reshape(-1),
        })
        frame.attrs.update(_tables.provenance(self._formulary, options=self.options, top=top))
        return frame

    def __repr__(self) -> str:
        return "<libsdm.BatchResult: %d rankings, top %d>" % self.indices.shape


# ---- ranking ----------------------------------------------------------------------


class Ranking:
    """A person's preferences: side effects ranked to avoid (rank 1 first) and helpful ones.

    ``Ranking(catalogue, avoid=["weight_gain", "day_sleepiness"],
    helpful=["night_sleepiness"], completed_by="service_user")``: the order
    of `avoid` is the rank; `completed_by` is "service_user", "carer",
    "together" or None; `max_rank` (default 5) is how many may be ranked;
    `carer_involved` says whether a carer took part in the decision (whoever
    filled in the form).

    `history` is the medicines the person has tried before: a list of
    :class:`HistoryEntry` (or of dicts with its fields), e.g.
    ``[HistoryEntry("olanzapine", "stopped", "I put on weight", ("weight_gain",))]``.
    A side effect the person had on a medicine is their own reading, which
    counts above the published ones (the explanation says "you had this on
    Olanzapine"); a medicine that did not help is flagged, never left out.
    The match checks the medicines against the formulary.
    """

    __slots__ = ("_h", "catalogue")

    def __init__(self, catalogue: Catalogue, avoid: Iterable[str] = (), helpful: Iterable[str] = (),
                 completed_by: Optional[str] = None, max_rank: Optional[int] = None,
                 carer_involved: bool = False,
                 history: Iterable[Union["HistoryEntry", Mapping[str, Any]]] = ()) -> None:
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
        self.carer_involved = carer_involved
        for entry in history:
            if isinstance(entry, Mapping):
                self.add_history(**entry)
            else:
                self.add_history(*entry)

    @classmethod
    def _of(cls, handle: Any, catalogue: Catalogue) -> "Ranking":
        ranking = cls.__new__(cls)
        ranking._h = handle
        ranking.catalogue = catalogue
        return ranking

    @classmethod
    def from_json(cls, catalogue: Catalogue, text: Union[str, bytes]) -> "Ranking":
        """Reads a ranking from JSON text in the sdm-ranking format."""
        return cls._of(core.sdm_ranking_from_json(_handle(catalogue, Catalogue, "catalogue"), text), catalogue)

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
        if who is not None and not isinstance(who, str):
            raise TypeError("completed_by takes an id (service_user, carer, together) or None, not %s"
                            % type(who).__name__)
        # The library knows the ids and suggests the closest one.
        core.sdm_ranking_set_completed_by(self._h, core.sdm_completed_by_from_id("unspecified" if who is None
                                                                                 else who))

    @property
    def carer_involved(self) -> bool:
        """Whether a carer took part in the decision (the paper's Table 2), whoever filled in the form."""
        return bool(core.sdm_ranking_carer_involved(self._h))

    @carer_involved.setter
    def carer_involved(self, involved: bool) -> None:
        if not isinstance(involved, bool):
            raise TypeError("carer_involved takes True or False, not %s" % type(involved).__name__)
        core.sdm_ranking_set_carer_involved(self._h, int(involved))

    @property
    def history(self) -> Tuple["HistoryEntry", ...]:
        """The medicines the person has tried before, in the order they were added: a tuple of
        :class:`HistoryEntry`."""
        h, cat = self._h, self.catalogue
        return tuple(HistoryEntry(core.sdm_ranking_history_medication(h, i),
                                  _outcome_id(core.sdm_ranking_history_outcome(h, i)),
                                  core.sdm_ranking_history_why(h, i) or None,
                                  tuple(item.id for item in cat if core.sdm_ranking_history_had_effect(h, i, item.index)))
                     for i in range(core.sdm_ranking_history_count(h)))

    def add_history(self, medication: str, outcome: Optional[str] = None, why: Optional[str] = None,
                    had: Iterable[str] = ()) -> None:
        """Records a medicine the person has tried before: how it went (`outcome`: "helped", "did_not_help",
        "stopped" or None when not said), why in their words, and the side effects they `had` on it (ids)."""
        if isinstance(had, str):
            raise TypeError("had takes a list of side-effect ids")
        value = core.sdm_outcome_from_id("unspecified" if outcome is None else outcome)
        core.sdm_ranking_add_history(self._h, medication, value, why)
        for effect in had:
            core.sdm_ranking_history_had(self._h, medication, effect)

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


class HistoryEntry(NamedTuple):
    """A medicine the person has tried before: how it went, why, and the side effects they had on it."""

    medication: str
    outcome: Optional[str] = None
    why: Optional[str] = None
    had: Tuple[str, ...] = ()


_document_fields(HistoryEntry, {
    "medication": "the medicine's id",
    "outcome": '"helped", "did_not_help", "stopped", or None when not said',
    "why": "in the person's words, or None",
    "had": "the side effects (ids) the person had on it",
})


def _outcome_id(outcome: int) -> Optional[str]:
    word = core.sdm_outcome_id(outcome)
    return None if word == "unspecified" else word


class DecisionContext(NamedTuple):
    """The context of a decision, which the result and the decision record carry."""

    completed_by: Optional[str]
    carer_involved: bool
    contexts: Tuple[str, ...]
    detained: bool
    limits: Optional[str]
    revisit: Optional[str]


_document_fields(DecisionContext, {
    "completed_by": '"service_user", "carer", "together" or None',
    "carer_involved": "whether a carer took part",
    "contexts": 'the decision contexts stated to hold, e.g. ("treatment_resistant",)',
    "detained": "whether the person is detained",
    "limits": "the clinician's statement of the limits of choice (when detained)",
    "revisit": 'the date to revisit the decision, "YYYY-MM-DD", or None',
})


def _context(ranking: Any, options: Any) -> DecisionContext:
    """The decision context of a ranking and options (handles of the generated module)."""
    who = core.sdm_completed_by_id(core.sdm_ranking_completed_by(ranking))
    return DecisionContext(None if who == "unspecified" else who, bool(core.sdm_ranking_carer_involved(ranking)),
                           tuple(core.sdm_match_options_context(options, i)
                                 for i in range(core.sdm_match_options_context_count(options))),
                           bool(core.sdm_match_options_detained(options)),
                           core.sdm_match_options_limits(options), core.sdm_match_options_revisit(options) or None)


# The instruments of feedback by their JSON ids ("collaborate", "sdm_q9"), from the library.
_INSTRUMENTS = {core.sdm_instrument_id(value): value
                for value in (core.SDM_INSTRUMENT_COLLABORATE, core.SDM_INSTRUMENT_SDM_Q9)}


class Feedback:
    """The person's feedback on how shared the decision was, kept in the decision record.

    ``Feedback("collaborate", [9, 7, 9])`` (CollaboRATE: three items, each 0
    to 9) or ``Feedback("sdm_q9", [5, 4, 3, 5, 5, 2, 4, 5, 3])`` (SDM-Q-9:
    nine items, each 0 to 5), with the `version` of the instrument used if
    wanted. The library stores the item scores and the instrument's name and
    version and computes the score; the wording of the items is licensed by
    their authors and stays with the front end. ``match.record(feedback=...)``
    writes it into the record; ``Record(text).feedback`` reads it back.
    """

    __slots__ = ("_h",)

    def __init__(self, instrument: str, items: Sequence[int], version: Optional[str] = None) -> None:
        if instrument not in _INSTRUMENTS:
            raise InvalidArgumentError("unknown instrument %r: give %s" % (instrument, " or ".join(_INSTRUMENTS)))
        scores = [operator.index(item) for item in items]
        self._h = core.sdm_feedback_new(_INSTRUMENTS[instrument], version, scores)

    @classmethod
    def _of(cls, handle: Any) -> "Feedback":
        feedback = cls.__new__(cls)
        feedback._h = handle
        return feedback

    @property
    def instrument(self) -> str:
        """The instrument: "collaborate" or "sdm_q9"."""
        return core.sdm_instrument_id(core.sdm_feedback_instrument(self._h))

    @property
    def version(self) -> Optional[str]:
        """The version of the instrument as given, or None."""
        return core.sdm_feedback_version(self._h) or None

    @property
    def items(self) -> Tuple[int, ...]:
        """The item scores, in the instrument's order."""
        return tuple(core.sdm_feedback_item(self._h, i) for i in range(core.sdm_feedback_item_count(self._h)))

    @property
    def score(self) -> float:
        """The score on 0 to 100: the SDM-Q-9's total x 20/9; CollaboRATE's total x 100/27."""
        return core.sdm_feedback_score(self._h)

    @property
    def top_score(self) -> bool:
        """CollaboRATE's top score: True when every item is 9 (the form its authors recommend reporting);
        False otherwise, and for the SDM-Q-9."""
        return bool(core.sdm_feedback_top_score(self._h))

    def __eq__(self, other: object) -> bool:
        """Feedback is equal when the instrument, version and items are."""
        if not isinstance(other, Feedback):
            return NotImplemented
        return (self.instrument, self.version, self.items) == (other.instrument, other.version, other.items)

    def __hash__(self) -> int:
        return hash((self.instrument, self.version, self.items))

    def __repr__(self) -> str:
        return "<libsdm.Feedback %s %r: score %.1f>" % (self.instrument, list(self.items), self.score)


# ---- options ------------------------------------------------------------------------


def _strings(value: Any) -> List[Any]:
    return [value] if isinstance(value, str) else list(value)


def _number(value: Any, key: str) -> Any:
    """A number as JSON writes it (numpy's too); the library checks its range, JSON cannot hold inf or NaN."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) and not hasattr(value, "__float__"):
        return value  # not a number: the library names the key
    number = int(value) if hasattr(value, "__index__") else float(value)
    if not math.isfinite(number):
        raise InvalidArgumentError("%s: %r is not a finite number" % (key, value))
    return number


def _options_document(scheme: Optional[str] = None, unknown: Optional[str] = None, synthesis: Optional[str] = None,
                      severity_scale: Optional[Sequence[float]] = None, helpful_weight: Union[None, str, float] = None,
                      weights: Optional[Sequence[float]] = None,
                      exclude: Union[None, str, Iterable[str], Mapping[str, Optional[str]]] = None,
                      require_formulation: Union[None, str, Iterable[str]] = None,
                      require_licence: Union[None, str, Iterable[str]] = None,
                      contexts: Union[None, str, Iterable[str]] = None, detained: Optional[bool] = None,
                      limits: Optional[str] = None, revisit: Optional[str] = None, evidence: Optional[str] = None,
                      tradeoff: Optional[float] = None) -> Dict[str, Any]:
    """The sdm-options document of the keywords of Formulary.match(); options not given are left out."""
    document: Dict[str, Any] = {"format": "sdm-options", "format_version": 1}
    for key, value in (("scheme", scheme), ("unknown", unknown), ("synthesis", synthesis), ("evidence", evidence)):
        if value is not None:
            document[key] = value
    if weights is not None:
        document["weights"] = [_number(w, "weights[%d]" % i) for i, w in enumerate(weights)]
    if severity_scale is not None:
        document["severity_scale"] = [_number(v, "severity_scale[%d]" % i) for i, v in enumerate(severity_scale)]
    if helpful_weight is not None:
        document["helpful_weight"] = _number(helpful_weight, "helpful_weight")
    if exclude is not None:
        if isinstance(exclude, Mapping):
            document["exclude"] = [{"id": m} if reason is None else {"id": m, "reason": reason}
                                   for m, reason in exclude.items()]
        else:
            document["exclude"] = _strings(exclude)
    if require_formulation is not None:
        document["require_formulations"] = _strings(require_formulation)
    if require_licence is not None:
        document["require_licences"] = _strings(require_licence)
    if contexts is not None:
        document["contexts"] = _strings(contexts)
    if detained is not None:
        document["detained"] = detained  # the library says if it is not true or false
    if limits is not None:
        document["limits"] = limits
    if revisit is not None:
        document["revisit"] = revisit
    if tradeoff is not None:
        document["tradeoff"] = _number(tradeoff, "tradeoff")
    return document


def _options(**keywords: Any) -> Any:
    """The C options for the keywords of Formulary.match(), read by the library from an sdm-options document,
    so that its vocabularies, suggestions and checks apply. Its message loses the "<json>: " of a document
    the caller never wrote, and keeps the key."""
    text = json.dumps(_options_document(**keywords), ensure_ascii=False)
    try:
        return core.sdm_match_options_from_json(text)
    except Error as error:
        message = re.sub(r"^<json>(:\d+:\d+)?: ", "", str(error))
        raise type(error)(message) from None


# ---- match --------------------------------------------------------------------------


class Term(NamedTuple):
    """One side effect's part in a score."""

    effect: str
    rank: Optional[int]
    weight: float
    rating: Optional[int]
    contribution: float
    spread: Optional[int]
    disagreement: Optional[str]
    personal: bool = False


_document_fields(Term, {
    "effect": "the side-effect id",
    "rank": "1..k when avoided, None when helpful",
    "weight": "the weight of its rank (the helpful weight for a helpful side effect)",
    "rating": "0..3 under the match's synthesis rule, None when unknown (then imputed)",
    "contribution": "what it adds to the score (negative when helpful)",
    "spread": "how far its sources' readings lie apart (None when unknown)",
    "disagreement": "the readings in words where they are 2 or more steps apart, else None",
    "personal": "the rating is the person's own: they had this side effect on the medicine",
})


class Explanation(NamedTuple):
    """The reason for an entry's place: the text and, per side effect, rating and contribution."""

    reason: str
    terms: Tuple["Term", ...]

    def __str__(self) -> str:
        return self.reason


_document_fields(Explanation, {
    "reason": "the reason for the entry's place, in words",
    "terms": "each side effect's part in its score: a tuple of Term",
})


class Excluded(NamedTuple):
    """A medication left out of the ranked list, and why."""

    medication: Medication
    kind: str
    reason: str


_document_fields(Excluded, {
    "medication": "the Medication left out",
    "kind": '"request", "formulation", "licence", "unknown_rating" or "restriction"',
    "reason": "why, in words",
})


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
        profile = core.sdm_match_profile(m, i)
        ratings = self._document()["ratings"]
        terms = []
        for t in range(core.sdm_match_term_count(m)):
            effect = core.sdm_match_term_effect(m, t)
            spread = core.sdm_profile_spread(profile, effect)
            terms.append(Term(core.sdm_catalogue_id(cat, effect), core.sdm_match_term_rank(m, t) or None,
                              core.sdm_match_term_weight(m, t), _rating(core.sdm_match_rating(m, i, t)),
                              core.sdm_match_contribution(m, i, t), None if spread < 0 else spread,
                              core.sdm_profile_describe_readings(profile, effect)
                              if spread >= core.SDM_DISAGREEMENT_SPREAD else None,
                              bool(ratings[t].get("personal", False))))
        return Explanation(core.sdm_match_reason(m, i), tuple(terms))

    def _document(self) -> Dict[str, Any]:
        return self.match._document()["ranked"][self._i]

    @property
    def history(self) -> Optional["HistoryEntry"]:
        """The person's history with this medicine (how it went, why, the side effects they had on it), or
        None if they have not tried it. A medicine that did not help is flagged here and in the reason, never
        left out silently."""
        medication = self.medication.id
        return next((h for h in self.match.ranking.history if h.medication == medication), None)

    @property
    def serious_risks(self) -> Tuple[Risk, ...]:
        """The medicine's serious risks (never scored, always shown), in the order of the result's JSON; their
        words are on its card."""
        risks = {risk.id: risk for risk in self.medication.serious_risks}
        return tuple(risks[risk_id] for risk_id in self._document()["serious_risks"])

    @property
    def efficacy(self) -> str:
        """How well the medicine works, in words beside its side-effect fit, and its part in the score under a
        trade-off weight (the library's line: sdm_match_efficacy_text)."""
        return core.sdm_match_efficacy_text(self.match._h, self._i)

    def card(self) -> Card:
        """Its information card with the person's side effects marked (a :class:`Card`); when the match's
        options asked for an acceptability analysis, a line says how sure its place is (the library's
        sdm_match_card_text)."""
        m = self.match
        return Card(core.sdm_match_card_text(m._h, self._i),
                    core.sdm_card_to_json(core.sdm_match_profile(m._h, self._i), core.sdm_match_ranking(m._h)))

    @property
    def requirements(self) -> Tuple[Restriction, ...]:
        """What giving the medicine requires (clozapine's registration and blood counts, the olanzapine
        injection's observation): its restrictions, country by country, as the result's JSON lists them. A
        restricted medicine is ranked only where its context holds, so its requirement is shown wherever it
        appears."""
        return self.medication.restrictions

    def __repr__(self) -> str:
        return "<libsdm.Entry %d. %s score %.6f>" % (self.rank, self.name, self.score)


class Match(collections.abc.Sequence[Entry]):
    """Every medication of a formulary, ranked for a person: a sequence of :class:`Entry`.

    Medications a filter removed are in ``.excluded`` with the reason.
    """

    __slots__ = ("_h", "formulary", "_json")

    def __init__(self, _handle: Any, formulary: Formulary) -> None:
        self._h = _handle
        self.formulary = formulary
        self._json: Optional[Dict[str, Any]] = None

    def _document(self) -> Dict[str, Any]:
        """The result's JSON as a dict, parsed once (the personal readings and the history per entry)."""
        if self._json is None:
            self._json = json.loads(self.to_json())
        return self._json

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
                         core.sdm_exclusion_id(core.sdm_match_excluded_kind(m, i)) or "unknown",
                         core.sdm_match_excluded_reason(m, i))
                for i in range(core.sdm_match_excluded_count(m))]

    @property
    def data_version(self) -> str:
        """The version of the data the match was computed from."""
        return core.sdm_match_data_version(self._h)

    @property
    def ranking(self) -> Ranking:
        """A copy of the ranking the match was run with."""
        return Ranking._of(core.sdm_match_ranking(self._h), self.formulary.catalogue)

    @property
    def options(self) -> Dict[str, Any]:
        """The options the match was run with, as a dict in the sdm-options format."""
        return json.loads(core.sdm_match_options_to_json(core.sdm_match_options_used(self._h)))

    @property
    def synthesis(self) -> str:
        """The synthesis rule the ratings were made with: "consensus", "highest" or "precedence"."""
        return core.sdm_synthesis_id(core.sdm_match_options_synthesis(core.sdm_match_options_used(self._h)))

    @property
    def context(self) -> "DecisionContext":
        """The decision context the match was made in: who completed the form, whether a carer took part,
        the contexts that hold, whether the person is detained (with the limits of choice), the date to
        revisit."""
        return _context(core.sdm_match_ranking(self._h), core.sdm_match_options_used(self._h))

    @property
    def acceptability(self) -> Optional["_acceptability.Acceptability"]:
        """How sure the match is: the acceptability analysis that :meth:`Formulary.match` made when asked
        (``acceptability=(scenarios, seed)``), the same numbers as :meth:`Formulary.acceptability` with the
        same options; None when none was asked for, or the ranking has no side effect to be sure of."""
        handle = core.sdm_match_acceptability(self._h)
        if handle is None:
            return None
        return _acceptability.Acceptability(handle, self.formulary, self.ranking, self.options)

    def to_json(self) -> str:
        """The result as JSON text: versions, notice, entries with explanations, excluded medications."""
        return core.sdm_match_to_json(self._h)

    def record(self, timestamp: Optional[str] = None, feedback: Optional["Feedback"] = None) -> str:
        """The decision record (JSON text) for an EHR to store; `timestamp` e.g. ISO 8601; `feedback` the
        person's :class:`Feedback` on how shared the decision was, if given. :class:`Record` re-opens it."""
        if feedback is None:
            return core.sdm_record_to_json(self._h, timestamp)
        return core.sdm_record_to_json_with_feedback(self._h, timestamp, _handle(feedback, Feedback, "feedback"))

    def to_pandas(self) -> "pandas.DataFrame":
        """The ranked entries as a pandas DataFrame, with a column of ratings per side effect of the ranking.

        ``attrs`` carries the provenance (library and data versions,
        formulary, notice, sources), the ranking, the options (with the
        synthesis rule) and the medicines left out with the reasons;
        :func:`libsdm.to_csv` writes them with the table.
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
            options=self.options,
            excluded=[{"id": x.medication.id, "kind": x.kind, "reason": x.reason} for x in self.excluded]))
        return frame

    def _repr_html_(self) -> str:
        return _html.match_html(self)

    def __repr__(self) -> str:
        return "<libsdm.Match %d ranked, %d excluded, data version %s>" % (
            len(self), core.sdm_match_excluded_count(self._h), self.data_version)


# ---- decision records -------------------------------------------------------------------


class RecordEntry(NamedTuple):
    """A medicine of a record's result: ranked (rank and score) or excluded (reason)."""

    id: str
    name: str
    rank: Optional[int]
    score: Optional[float]
    reason: Optional[str]


_document_fields(RecordEntry, {
    "id": "the medicine's id",
    "name": "its name",
    "rank": "None for an excluded medicine",
    "score": "None for an excluded medicine",
    "reason": "why it was excluded; None for a ranked one",
})


class Rerun(NamedTuple):
    """A record's ranking and options run again on a formulary: the new match and what changed."""

    match: "Match"
    changes: Dict[str, Any]


_document_fields(Rerun, {
    "match": "the new Match, on the formulary as it is now",
    "changes": 'the sdm-record-changes document; changes["summary"] says it in words',
})


class Record:
    """A decision record re-opened (``Record(text)``, or ``Record(text, catalogue)`` for a record over a
    catalogue of one's own): what was decided, with which ranking, options and data, and when.

    The library checks every field and that they agree. ``record.rerun(formulary)`` runs the ranking and
    options again on a formulary as it is now and says what changed since.
    """

    __slots__ = ("_h", "catalogue", "_text")

    def __init__(self, text: Union[str, bytes], catalogue: Optional[Catalogue] = None) -> None:
        self.catalogue = Catalogue.default() if catalogue is None else catalogue
        self._h = core.sdm_record_from_json(_handle(self.catalogue, Catalogue, "catalogue"), text)
        self._text = text

    @property
    def ranking(self) -> Ranking:
        """A copy of the ranking the record was made with (with who completed the form)."""
        return Ranking._of(core.sdm_record_ranking(self._h), self.catalogue)

    @property
    def options(self) -> Dict[str, Any]:
        """The options the record was made with, as a dict in the sdm-options format."""
        return json.loads(core.sdm_match_options_to_json(core.sdm_record_options(self._h)))

    @property
    def context(self) -> DecisionContext:
        """The decision context the record was made in (see :class:`DecisionContext`)."""
        return _context(core.sdm_record_ranking(self._h), core.sdm_record_options(self._h))

    @property
    def feedback(self) -> Optional[Feedback]:
        """The person's feedback on how shared the decision was, or None when the record has none."""
        handle = core.sdm_record_feedback(self._h)
        return None if handle is None else Feedback._of(handle)

    @property
    def data_version(self) -> str:
        """The version of the data the record was made with."""
        return core.sdm_record_data_version(self._h)

    @property
    def library_version(self) -> str:
        """The version of libsdm that wrote it."""
        return core.sdm_record_library_version(self._h)

    @property
    def timestamp(self) -> Optional[str]:
        """When the decision was made, as the record says, or None."""
        return core.sdm_record_timestamp(self._h) or None

    @property
    def formulary(self) -> str:
        """The id of the formulary it was made with ("" when it had none)."""
        return core.sdm_record_formulary_id(self._h)

    def _entry(self, i: int) -> RecordEntry:
        h = self._h
        rank = core.sdm_record_entry_rank(h, i)
        return RecordEntry(core.sdm_record_entry_id(h, i), core.sdm_record_entry_name(h, i), rank or None,
                           core.sdm_record_entry_score(h, i) if rank else None, core.sdm_record_entry_reason(h, i))

    @property
    def ranked(self) -> Tuple[RecordEntry, ...]:
        """The medicines its result ranked, best first."""
        return tuple(self._entry(i) for i in range(core.sdm_record_ranked_count(self._h)))

    @property
    def excluded(self) -> Tuple[RecordEntry, ...]:
        """The medicines its result left out, each with the reason."""
        ranked = core.sdm_record_ranked_count(self._h)
        return tuple(self._entry(ranked + i) for i in range(core.sdm_record_excluded_count(self._h)))

    def to_pandas(self) -> "pandas.DataFrame":
        """The record's result as a pandas DataFrame: the ranked medicines, best first, then those left out,
        one row each (id, name, rank and score, ``<NA>`` and NaN for one left out, and the reason it was left
        out, None for a ranked one).

        ``attrs`` carries the record's provenance: the library that wrote it and its version, the data
        version, the formulary and its notice, the timestamp, the ranking, the options, the decision context
        and the feedback (None when there is none), and the library version reading it;
        :func:`libsdm.to_csv` writes them with the table.
        """
        import pandas

        entries = self.ranked + self.excluded
        frame = pandas.DataFrame({
            "id": [e.id for e in entries],
            "name": [e.name for e in entries],
            "rank": pandas.array([e.rank for e in entries], dtype="Int64"),
            "score": [math.nan if e.score is None else e.score for e in entries],
            "reason": [e.reason for e in entries],
        })
        feedback = self.feedback
        frame.attrs.update({
            "library": "libsdm",
            "library_version": core.sdm_version(),
            "record_library_version": self.library_version,
            "data_version": self.data_version,
            "formulary": self.formulary,
            "notice": json.loads(self._text)["notice"],
            "timestamp": self.timestamp,
            "ranking": json.loads(self.ranking.to_json()),
            "options": self.options,
            "context": dict(self.context._asdict(), contexts=list(self.context.contexts)),  # as JSON has it
            "feedback": None if feedback is None else {
                "instrument": feedback.instrument, "version": feedback.version, "items": list(feedback.items),
                "score": feedback.score, "top_score": feedback.top_score},
        })
        return frame

    def rerun(self, formulary: Formulary) -> Rerun:
        """Runs the record's ranking and options again on `formulary` (over the record's catalogue) and says
        what changed: a :class:`Rerun` of the new :class:`Match` and the changes (removed, added, moved,
        excluded_now, ranked_now, exclusions_dropped, the data and library versions then and now, and a
        summary in words). A medicine excluded by request that is no longer in the formulary is dropped from
        the options and named among the changes."""
        match, changes = core.sdm_record_rerun(self._h, _handle(formulary, Formulary, "formulary"))
        return Rerun(Match(match, formulary), json.loads(changes))

    def compare(self, now: "Record") -> Dict[str, Any]:
        """What changed between this record (then) and a later one of the same person (`now`): the
        sdm-record-comparison document as a dict, with the preferences (which ranks moved, helpful side
        effects added or removed), the history, the context, the data version, the options, the ratings
        that changed for the medicines ranked in both, the order of the result, and ``["summary"]``, all of
        it in words for the person ("Nothing has changed." when nothing has)."""
        return json.loads(core.sdm_record_compare(self._h, _handle(now, Record, "now")))

    def __repr__(self) -> str:
        return "<libsdm.Record %s, data version %s, %d ranked, %d excluded>" % (
            self.timestamp or "undated", self.data_version, core.sdm_record_ranked_count(self._h),
            core.sdm_record_excluded_count(self._h))
