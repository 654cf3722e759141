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
from conftest import QUICKSTART_AVOID, QUICKSTART_HELPFUL, cell_rating


def expected_provenance(formulary_data, catalogue_data):
    """What every table computed from the default formulary must say, read from data/*.json independently."""
    return {
        "library": "libsdm",
        "library_version": libsdm.__version__,
        "formulary": formulary_data["id"],
        "formulary_title": formulary_data["title"],
        "data_version": formulary_data["version"],
        "notice": formulary_data["notice"],
        "sources": [{"key": s["key"], "citation": s["citation"], "url": s.get("url", ""),
                     "label": s.get("label", s["key"]), "note": s.get("note", ""), "edition": s.get("edition", ""),
                     "reliability": s["reliability"], "decides": s.get("decides", False)}
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
                         "severe side effects that could not be treated")


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
    assert list(frame.columns) == ["ranking", "place", "medication", "index", "score", "rank", "tied"]
    expected = []
    for row, avoid in enumerate([QUICKSTART_AVOID, ["weight_gain"]]):
        match = formulary.match(libsdm.Ranking(catalogue, avoid=avoid), scheme="equal", require_licence="US")
        for place, entry in enumerate(match[:2], 1):
            tied = sum(e.rank == entry.rank for e in match)
            expected.append((row, place, entry.medication.id, list(formulary).index(entry.medication), entry.score,
                             entry.rank, tied))
    # Weight gain alone: the six licensed in the US that rate it + (aripiprazole, brexpiprazole, cariprazine,
    # haloperidol, lurasidone, ziprasidone) tie for first, 1/3 each.
    assert expected[2:] == [(1, 1, "aripiprazole", 1, pytest.approx(1 / 3), 1, 6),
                            (1, 2, "brexpiprazole", 3, pytest.approx(1 / 3), 1, 6)]
    assert list(frame.itertuples(index=False, name=None)) == expected
    assert frame.attrs == dict(expected_provenance(formulary_data, catalogue_data),
                               options=default_options(scheme="equal", require_licences=["US"]), top=2)


def test_batch_to_pandas_where_fewer_were_ranked(formulary, catalogue):
    frame = formulary.match_many(numpy.array([[6]]), top=20).to_pandas()
    assert frame["place"].tolist() == list(range(1, 21))
    # 18 ranked: clozapine is left out by its restriction
    assert frame["medication"].iloc[18] is None and frame["index"].iloc[18] == -1
    assert numpy.isnan(frame["score"].iloc[18]) and frame["medication"].iloc[:18].notna().all()


def test_formulary_to_pandas_is_one_row_per_reading(formulary, formulary_data, catalogue_data):
    frame = formulary.to_pandas()
    assert list(frame.columns) == ["medication", "name", "effect", "label", "rating", "spread", "source", "printed",
                                   "value", "low", "note"]
    # data/README.md: of the 684 cells 182 have no reading, 182 one, 189 two, 129 three and 2 four:
    # 182 + 189 * 2 + 129 * 3 + 2 * 4 = 955 readings, and one row for each cell without a reading.
    assert len(frame) == 955 + 182
    labels = {item["id"]: item["label"] for item in catalogue_data["items"]}
    expected = []
    for med in formulary_data["medications"]:
        for item in catalogue_data["items"]:
            cell = med["ratings"].get(item["id"], {"readings": []})
            readings = cell["readings"]
            spread = max(r["value"] for r in readings) - min(r.get("low", r["value"]) for r in readings) \
                if readings else None
            head = (med["id"], med["name"], item["id"], labels[item["id"]], cell_rating(formulary_data, cell), spread)
            expected += [head + (r["source"], r["printed"], r["value"], r.get("low", r["value"]), r.get("note", ""))
                         for r in readings] or [head + (None,) * 5]
    got = [tuple(None if v is pandas.NA else v for v in row) for row in frame.itertuples(index=False, name=None)]
    assert got == expected
    for column in ("rating", "spread", "value", "low"):
        assert str(frame[column].dtype) == "Int64"
    assert frame.attrs == dict(expected_provenance(formulary_data, catalogue_data), table="readings",
                               synthesis="consensus")
    # Under another rule only the ratings differ: cariprazine's stiff muscles (Maudsley -, S3 ++, UpToDate +)
    # is + by consensus, ++ by the highest reading, none by precedence (Maudsley first).
    for rule, rating in (("consensus", 1), ("highest", 2), ("precedence", 0)):
        rows = formulary.to_pandas(synthesis=rule).query("medication == 'cariprazine' and effect == 'stiff_muscles'")
        assert rows["rating"].tolist() == [rating] * 3 and rows["source"].tolist() == ["maudsley", "s3", "uptodate"]
    with pytest.raises(libsdm.InvalidArgumentError):
        formulary.to_pandas("cells")


def test_the_clinical_tables(formulary, formulary_data, catalogue_data):
    """Evidence, serious risks, restrictions, licences and products, one row per entry, as data/formulary.json
    has them (a medicine's risks followed by the class risks that apply to it)."""
    labels = {item["id"]: item["label"] for item in catalogue_data["items"]}
    evidence = formulary.to_pandas("evidence")
    assert list(evidence.columns) == ["medication", "name", "effect", "label", "source", "outcome", "kind", "value",
                                      "unit", "versus", "confidence", "note", "words"]
    expected = [(m["id"], m["name"], effect, labels[effect], e["source"], e["outcome"], e["kind"], e["value"],
                 e.get("unit", ""), e["versus"], e["confidence"], e.get("note", ""))
                for m in formulary_data["medications"] for effect in labels
                for e in m["ratings"].get(effect, {}).get("evidence", [])]
    assert [row[:-1] for row in evidence.itertuples(index=False, name=None)] == expected
    assert evidence.attrs["table"] == "evidence"
    licences = formulary.to_pandas("licences")
    assert [row[:4] for row in licences.itertuples(index=False, name=None)] == [
        (m["id"], m["name"], x["country"], x["status"]) for m in formulary_data["medications"] for x in m["licences"]]
    restrictions = formulary.to_pandas("restrictions")
    assert [(row.medication, row.context, row.country) for row in restrictions.itertuples()] == [
        (m["id"], r["context"], r.get("country", "")) for m in formulary_data["medications"]
        for r in m.get("restrictions", [])]
    products = formulary.to_pandas("products")
    assert [(row.medication, row.product, row.interval) for row in products.itertuples()] == [
        (m["id"], p["name"], p.get("interval", "")) for m in formulary_data["medications"]
        for p in m.get("products", [])]
    risks = formulary.to_pandas("risks")
    assert list(risks.columns) == ["medication", "name", "risk", "risk_name", "words", "frequency", "formulation",
                                   "source", "reliability", "document", "is_class"]
    own = [(row.medication, row.risk) for row in risks.itertuples() if not row.is_class]
    assert own == [(m["id"], r["id"]) for m in formulary_data["medications"] for r in m["serious_risks"]]
    # Every medicine shows neuroleptic malignant syndrome, a class risk of the formulary (or its own entry).
    assert set(risks.loc[risks["risk"] == "neuroleptic_malignant_syndrome", "medication"]) == \
        {m["id"] for m in formulary_data["medications"]}


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
    assert "<tr><th>Side effect</th><th>Rating</th><th>For you</th><th>Source</th><th>Evidence</th></tr>" in page
    # Weight gain: Maudsley +, S3 0/+, UpToDate ++ -> + (median of 1, 1, 2), first read as + by Maudsley; the
    # readings lie two steps apart (S3's range starts at none), and it is the person's: with Huhn 2019's number.
    assert ("<tr><td>Weight gain</td><td>+</td><td>your rank 1</td><td>maudsley</td><td>Sources disagree: none to "
            "++: S3 guideline none to +, Maudsley +, UpToDate ++; in trials (Huhn 2019), weight: on average 0.7 kg "
            "more than with placebo; low confidence</td></tr>") in page
    # Tension: Maudsley + (1), S3 ++ (2), UpToDate ++ (2) -> ++ (median of 1, 2, 2), first read as ++ by S3;
    # one step apart, and not the person's: nothing more.
    assert "<tr><td>Tension</td><td>++</td><td></td><td>s3</td><td></td></tr>" in page
    # The serious risks (cariprazine's own two, then the class risks) and the licences, as on the text card.
    assert "<p>Serious risks (rare but important; they are not part of the ranking):</p>" in page
    assert "<li>Neuroleptic malignant syndrome (a risk of every antipsychotic): A rare but life-threatening" in page
    assert "<li>EU: licensed. Source: regulatory texts.</li>" in page
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
                           "<th>Score</th><th>Unknown ratings</th><th>Reason</th><th>Sources disagree</th></tr></thead>")
    # Cariprazine's readings lie two steps apart on five of the person's six side effects (less sex drive has
    # one reading, S3's 0): weight gain (S3 0/+, Maudsley +, UpToDate ++), both sleepiness cells (Maudsley -,
    # S3 0, UpToDate ++), stiff muscles (Maudsley -, UpToDate +, S3 ++) and dry mouth (Maudsley -, UpToDate ++).
    disagree = ("Weight gain: none to ++: S3 guideline none to +, Maudsley +, UpToDate ++; "
                "Difficulty staying awake during the day: none to ++: Maudsley none, S3 guideline none, UpToDate ++; "
                "Stiff muscles: none to ++: Maudsley none, UpToDate +, S3 guideline ++; "
                "Dry mouth: none to ++: Maudsley none, UpToDate ++; "
                "Sleepy in the evening or at night: none to ++: Maudsley none, S3 guideline none, UpToDate ++")
    assert "<tr><td>1</td><td>Cariprazine</td><td>0.231</td><td>%d</td><td>%s</td><td>%s</td></tr>" % (
        first.unknown_count, html.escape(first.explanation.reason), html.escape(disagree)) in page
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
