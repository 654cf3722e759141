# libsdm - results as tables that keep their provenance (issue 17): to_pandas(), attrs, to_csv/read_csv,
# and the HTML a notebook shows for a match and a card.
# SPDX-License-Identifier: MIT
import html
import io
import json

import numpy
import pandas
import pytest

import libsdm
from conftest import QUICKSTART_AVOID, QUICKSTART_HELPFUL, cell_rating, giving_reading


def expected_provenance(formulary_data, catalogue_data):
    """What every table computed from the default formulary must say, read from data/*.json independently."""
    return {
        "library": "libsdm",
        "library_version": libsdm.__version__,
        "formulary": formulary_data["id"],
        "formulary_title": formulary_data["title"],
        "data_version": formulary_data["version"],
        "notice": formulary_data["notice"],
        "sources": [{"key": s["key"], "citation": s["citation"], "url": s.get("url", "")}
                    for s in formulary_data["sources"]],
        "catalogue": catalogue_data["id"],
        "catalogue_version": catalogue_data["version"],
    }


QUICKSTART_RANKING = {
    "format": "sdm-ranking", "format_version": 1, "max_rank": 5, "completed_by": "service_user",
    "carer_involved": False,
    "avoid": [{"id": effect, "rank": rank} for rank, effect in enumerate(QUICKSTART_AVOID, 1)],
    "helpful": QUICKSTART_HELPFUL, "history": [],
}


def default_options(**changes):
    options = {"format": "sdm-options", "format_version": 1, "scheme": "roc", "severity_scale": [0.0, 1.0, 2.0, 3.0],
               "unknown": "middle", "synthesis": "consensus", "helpful_weight": "auto", "exclude": [], "require_formulations": [],
               "require_licences": [], "contexts": [], "detained": False}
    options.update(changes)
    return options


# Left out by default: clozapine's restriction (its context, treatment_resistant, does not hold).
CLOZAPINE_RESTRICTION = ("only where schizophrenia has not responded to two other antipsychotics, or they caused "
                         "severe side effects that could not be treated (treatment_resistant)")


def test_match_to_pandas_keeps_its_provenance(formulary, ranking, formulary_data, catalogue_data):
    match = formulary.match(ranking, exclude={"olanzapine": "weight gain last time"}, unknown="worst")
    frame = match.to_pandas()
    assert frame.attrs == dict(
        expected_provenance(formulary_data, catalogue_data),
        ranking=QUICKSTART_RANKING,
        options=default_options(unknown="worst", exclude=[{"id": "olanzapine", "reason": "weight gain last time"}]),
        excluded=[{"id": "clozapine", "kind": "restriction", "reason": CLOZAPINE_RESTRICTION},
                  {"id": "olanzapine", "kind": "request", "reason": "weight gain last time"}])
    assert len(frame) == 17 and "olanzapine" not in set(frame["id"]) and "clozapine" not in set(frame["id"])


def test_the_attrs_survive_a_csv_round_trip(formulary, ranking, tmp_path):
    frame = formulary.match(ranking).to_pandas()
    path = tmp_path / "match.csv"
    libsdm.to_csv(frame, path)
    lines = path.read_text(encoding="utf-8").splitlines()
    # One "# key: JSON" line per item of attrs, in order, then the header of the table.
    assert lines[0] == '# library: "libsdm"'
    assert lines[1] == '# library_version: "%s"' % libsdm.__version__
    assert lines[len(frame.attrs)] == ",".join(frame.columns)
    back = libsdm.read_csv(path)
    assert back.attrs == frame.attrs
    for column in ("rank", "id", "name", "score", "unknown_count", "reason"):
        assert back[column].tolist() == frame[column].tolist()  # scores to the last bit
    assert back["weight_gain"].tolist() == [int(x) for x in frame["weight_gain"]]


def test_csv_helpers_take_buffers_and_files_without_provenance(formulary):
    frame = formulary.match_many(numpy.array([[6, 0, 24, 16, 10]]), top=2).to_pandas()
    buffer = io.StringIO()
    libsdm.to_csv(frame, buffer)
    buffer.seek(0)
    back = libsdm.read_csv(buffer)
    assert back.attrs == frame.attrs
    assert back["medication"].tolist() == frame["medication"].tolist()
    plain = libsdm.read_csv(io.StringIO("a,b\n1,2\n"))
    assert plain.attrs == {} and plain.to_dict("list") == {"a": [1], "b": [2]}
    frame.attrs["bad: key"] = 1
    with pytest.raises(ValueError):
        libsdm.to_csv(frame, io.StringIO())


def test_batch_to_pandas(formulary, catalogue, formulary_data, catalogue_data):
    rows = numpy.array([[catalogue.index(e) for e in QUICKSTART_AVOID], [catalogue.index("weight_gain")] + [-1] * 4])
    result = formulary.match_many(rows, top=2, scheme="equal", require_licence="US")
    frame = result.to_pandas()
    assert list(frame.columns) == ["ranking", "place", "medication", "index", "score"]
    expected = []
    for row, avoid in enumerate([QUICKSTART_AVOID, ["weight_gain"]]):
        match = formulary.match(libsdm.Ranking(catalogue, avoid=avoid), scheme="equal", require_licence="US")
        for place, entry in enumerate(match[:2], 1):
            expected.append((row, place, entry.medication.id, list(formulary).index(entry.medication), entry.score))
    assert list(frame.itertuples(index=False, name=None)) == expected
    assert frame.attrs == dict(expected_provenance(formulary_data, catalogue_data),
                               options=default_options(scheme="equal", require_licences=["US"]), top=2)


def test_batch_to_pandas_where_fewer_were_ranked(formulary, catalogue):
    frame = formulary.match_many(numpy.array([[6]]), top=20).to_pandas()
    assert frame["place"].tolist() == list(range(1, 21))
    # 18 ranked: clozapine is left out by its restriction
    assert frame["medication"].iloc[18] is None and frame["index"].iloc[18] == -1
    assert numpy.isnan(frame["score"].iloc[18]) and frame["medication"].iloc[:18].notna().all()


def test_formulary_to_pandas_is_one_row_per_medicine_and_side_effect(formulary, formulary_data, catalogue_data):
    frame = formulary.to_pandas()
    assert list(frame.columns) == ["medication", "name", "effect", "label", "rating", "source", "note"]
    assert len(frame) == len(formulary_data["medications"]) * len(catalogue_data["items"]) == 19 * 36
    labels = {item["id"]: item["label"] for item in catalogue_data["items"]}
    expected = []
    for med in formulary_data["medications"]:
        for item in catalogue_data["items"]:
            cell = med["ratings"][item["id"]]
            giver = giving_reading(formulary_data, cell) or {}
            expected.append((med["id"], med["name"], item["id"], labels[item["id"]], cell_rating(formulary_data, cell),
                             giver.get("source"), giver.get("note", "")))
    got = [tuple(None if v is pandas.NA else v for v in row) for row in frame.itertuples(index=False, name=None)]
    assert got == expected
    assert str(frame["rating"].dtype) == "Int64"
    assert frame.attrs == expected_provenance(formulary_data, catalogue_data)


def test_catalogue_to_pandas(catalogue, catalogue_data):
    frame = catalogue.to_pandas()
    assert list(frame.columns) == ["index", "id", "label", "group", "group_label", "dimension", "commonly_helpful"]
    assert frame["id"].tolist() == [item["id"] for item in catalogue_data["items"]]
    assert tuple(frame.iloc[6]) == tuple(catalogue["weight_gain"])
    assert frame.attrs == {"library": "libsdm", "library_version": libsdm.__version__,
                           "catalogue": catalogue_data["id"], "catalogue_title": catalogue_data["title"],
                           "catalogue_version": catalogue_data["version"], "citation": catalogue.citation}


def test_a_card_is_its_text_and_shows_as_a_table(formulary, ranking):
    card = formulary["cariprazine"].card(ranking)
    text = libsdm.core.sdm_card_text(formulary["cariprazine"]._h, ranking._h)
    assert isinstance(card, libsdm.Card) and isinstance(card, str)
    assert str(card) == card == text and type(str(card)) is str
    assert repr(card) == "<libsdm.Card cariprazine: Cariprazine (N05AX15)>"
    assert card.json == json.loads(formulary["cariprazine"].card_json(ranking))
    page = card._repr_html_()
    assert page.startswith('<div class="libsdm-card">\n<p><strong>Cariprazine</strong> (N05AX15)</p>\n<table>')
    assert "<tr><th>Side effect</th><th>Rating</th><th>For you</th><th>Source</th></tr>" in page
    # Weight gain: Maudsley +, S3 0/+, UpToDate ++ -> + (median of 1, 1, 2), first read as + by Maudsley.
    assert "<tr><td>Weight gain</td><td>+</td><td>your rank 1</td><td>maudsley</td></tr>" in page
    # Tension: Maudsley + (1), S3 ++ (2), UpToDate ++ (2) -> ++ (median of 1, 2, 2), first read as ++ by S3.
    assert "<tr><td>Tension</td><td>++</td><td></td><td>s3</td></tr>" in page
    # Of the person's side effects cariprazine rates none day sleepiness (Maudsley -, S3 0, UpToDate ++: median
    # 0), sleepiness at night (the same readings) and less sex drive (S3 0), in catalogue order, as the text
    # card's line says; weight gain, stiff muscles (0, 1, 2 -> +) and dry mouth (0, 2 -> ++) are rated.
    rated_none = ("Rated none: Difficulty staying awake during the day [your rank 2]; Sleepy in the evening or at "
                  "night [helpful for you]; Less sex drive [your rank 4]")
    assert "\n%s\n" % rated_none in text
    assert "<p>%s</p>" % rated_none in page
    assert "<p>Not known (no source rates it): Difficulty getting off to sleep; " in page
    assert "<p><small>Data version %s. %s</small></p>" % (formulary.version, formulary.notice) in page


class Printer:
    """IPython's pretty printer, as far as _repr_pretty_ uses it."""

    def __init__(self):
        self.out = []

    def text(self, text):
        self.out.append(text)


def test_a_card_prints_as_text_in_ipython(formulary):
    card = formulary["olanzapine"].card()
    printer = Printer()
    card._repr_pretty_(printer, False)
    assert printer.out == [str(card)]


def test_a_match_shows_as_a_table(formulary, ranking):
    match = formulary.match(ranking, exclude={"olanzapine": "weight gain <last time> & more"})
    page = match._repr_html_()
    first = match[0]
    assert first.name == "Cariprazine" and first.score == pytest.approx(52 / 225, abs=1e-15)  # test_match.py
    assert page.startswith('<div class="libsdm-match">\n<table>\n<thead><tr><th>Rank</th><th>Medicine</th>'
                           "<th>Score</th><th>Unknown ratings</th><th>Reason</th></tr></thead>")
    assert "<tr><td>1</td><td>Cariprazine</td><td>0.231</td><td>%d</td><td>%s</td></tr>" % (
        first.unknown_count, html.escape(first.explanation.reason)) in page
    assert page.count("<tr><td>") == 17  # 19, less olanzapine (the request) and clozapine (its restriction)
    assert "<li>Olanzapine: weight gain &lt;last time&gt; &amp; more</li>" in page
    assert "<li>Clozapine: %s</li>" % CLOZAPINE_RESTRICTION in page
    assert page.endswith("<p><small>Data version %s. %s</small></p>\n</div>" % (match.data_version,
                                                                               formulary.notice))


def test_the_html_escapes_what_the_data_says(catalogue, formulary_data):
    data = json.loads(json.dumps(formulary_data))
    cariprazine = next(m for m in data["medications"] if m["id"] == "cariprazine")
    cariprazine["name"] = "<script>alert(1)</script> & Co"
    formulary = libsdm.Formulary.load(json.dumps(data), catalogue)
    match = formulary.match(libsdm.Ranking(catalogue, avoid=QUICKSTART_AVOID))
    assert "<script>" not in match._repr_html_() and "<script>" not in formulary["cariprazine"].card()._repr_html_()
    assert "<td>&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co</td>" in match._repr_html_()
    assert "<strong>&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co</strong>" in formulary["cariprazine"].card()._repr_html_()
