# libsdm - the acceptability analysis (issue 14) from Python: Formulary.acceptability(),
# Formulary.acceptability_many() and match(acceptability=...), against the C library's pinned values.
# SPDX-License-Identifier: MIT
import json
import math
import re
import subprocess
import sys

import numpy
import pytest

import libsdm
from conftest import QUICKSTART_AVOID, QUICKSTART_HELPFUL, SOURCE_ROOT

# tests/unit/test-acceptability.c pins the quick-start person's shares for 10,000 scenarios and seed
# 2026 (the defaults) with %a; the binding must give the very same doubles. They are read from that
# file, so that the C test and this one cannot drift apart, and two are written out here as well.
PINNED_RE = re.compile(r'\{"([a-z]+)", (0x[0-9a-fp.+-]+), (0x[0-9a-fp.+-]+)\}')


def pinned():
    text = (SOURCE_ROOT / "tests" / "unit" / "test-acceptability.c").read_text(encoding="utf-8")
    body = text[text.index("default_data_pinned_for_the_default_seed"):]
    body = body[:body.index("};")]
    return [(m, float.fromhex(a), float.fromhex(b)) for m, a, b in PINNED_RE.findall(body)]


def test_pinned_values_are_those_of_the_c_test(formulary, ranking):
    rows = pinned()
    assert len(rows) == 18
    # Written out too: sulpiride first in 2678.5 of 10,000 (0x1.12474538ef34dp-2 = 0.26785), cariprazine
    # 0x1.00a60647d1086p-2 (0.250633...).
    assert rows[0] == ("sulpiride", 0.26785, float.fromhex("0x1.a1d5acb6f4652p-1"))
    assert rows[1][:2] == ("cariprazine", float.fromhex("0x1.00a60647d1086p-2"))
    analysis = formulary.acceptability(ranking)
    assert analysis.scenarios == 10000 and analysis.seed == 2026
    assert [(e.medication, e.first, e.top3) for e in analysis] == rows  # exact: the same bits


def test_same_seed_same_numbers_other_seed_other_numbers(formulary, ranking):
    a = formulary.acceptability(ranking, scenarios=2000, seed=77)
    b = formulary.acceptability(ranking, scenarios=2000, seed=77)
    c = formulary.acceptability(ranking, scenarios=2000, seed=78)
    assert list(a) == list(b)
    assert a.first != c.first


def test_shares_sum_to_one_and_to_three(formulary, ranking):
    analysis = formulary.acceptability(ranking, scenarios=3000, seed=5)
    assert math.isclose(math.fsum(analysis.first.values()), 1.0, abs_tol=1e-12)
    assert math.isclose(math.fsum(analysis.top3.values()), 3.0, abs_tol=1e-12)
    # The medicines are those match() ranks (clozapine is restricted, so left out of both).
    assert {e.medication for e in analysis} == {e.medication.id for e in formulary.match(ranking)}
    assert len(analysis) == 18 and "clozapine" not in analysis.first
    for e in analysis:
        assert 0.0 <= e.first <= e.top3 <= 1.0
        if e.first > 0:  # central weights: mean weights that keep the order, summing to 1
            w = e.central_weights
            assert len(w) == 5 and all(x >= y for x, y in zip(w, w[1:]))
            assert math.isclose(math.fsum(w), 1.0, abs_tol=1e-12)
        else:
            assert e.central_weights is None
    # listed by first-place share, highest first
    assert [e.first for e in analysis] == sorted((e.first for e in analysis), reverse=True)


def formulary_of(catalogue, medications):
    def reading(source, v):
        return {"source": source, "printed": str(v), "value": v}
    doc = {"format": "sdm-formulary", "format_version": 2, "version": "acc", "catalogue": catalogue.name,
           "sources": [{"key": k, "label": k.upper(), "citation": k, "reliability": "peer_reviewed"}
                       for k in ("x", "y")],
           "medications": [{"id": m, "name": m, "ratings": {
               effect: {"readings": [reading(s, v) for s, v in zip("xy", values)]}
               for effect, values in cells.items()}} for m, cells in medications.items()]}
    return libsdm.Formulary.load(json.dumps(doc), catalogue)


def test_a_dominant_medicine_is_first_in_every_scenario(catalogue):
    # As in the C test dominant_medicine_is_always_first: with weights w1 >= w2 and readings A weight gain
    # 0/1, tremor 0; B 2/3 and 0/1; C 2 and 3, A scores at most w1 and B at least 2 w1, C 2 w1 + 3 w2: A is
    # first in all 10,000 scenarios (exactly 1), and each of the three is among the first three in all.
    f = formulary_of(catalogue, {"A": {"weight_gain": (0, 1), "tremor": (0,)},
                                 "B": {"weight_gain": (2, 3), "tremor": (0, 1)},
                                 "C": {"weight_gain": (2,), "tremor": (3,)}})
    analysis = f.acceptability(libsdm.Ranking(catalogue, avoid=["weight_gain", "tremor"]))
    assert analysis.first == {"A": 1.0, "B": 0.0, "C": 0.0}
    assert analysis.top3 == {"A": 1.0, "B": 1.0, "C": 1.0}
    assert not analysis.fragile and analysis.drivers == ()
    assert analysis["B"].central_weights is None
    assert analysis.text.startswith("A is the best fit for you in every plausible reading")


def test_text_json_and_drivers_are_the_librarys(formulary, ranking):
    analysis = formulary.acceptability(ranking)
    assert str(analysis) == analysis.text
    assert analysis.text.startswith("No medicine clearly comes first: Sulpiride is first in 27 %")
    assert "(10,000 readings drawn, seed 2026)" in analysis.text
    assert analysis.fragile  # 26.8 % against 25.1 %: within ten points
    document = json.loads(analysis.to_json())
    assert document["scenarios"] == 10000 and document["seed"] == 2026 and document["fragile"] is True
    assert [(m["id"], m["first"], m["top3"]) for m in document["medicines"]] == \
        [(e.medication, e.first, e.top3) for e in analysis]
    assert [(d["medicine"], d["side_effect"], d["spread"]) for d in document["drivers"]] == \
        [(d.medication, d.effect, d.spread) for d in analysis.drivers]
    # sulpiride's less sex drive is rated by no source: the first driver, unknown
    assert analysis.drivers[0] == libsdm.Driver("sulpiride", "Sulpiride", "less_sex_drive", "Less sex drive", None)
    assert analysis["cariprazine"] is analysis[1]
    with pytest.raises(KeyError):
        analysis["clozapine"]


def test_to_pandas_keeps_the_provenance(formulary, ranking):
    analysis = formulary.acceptability(ranking, scenarios=500, seed=3)
    frame = analysis.to_pandas()
    assert list(frame.columns) == ["medication", "name", "index", "first", "top3", "weight_1", "weight_2",
                                   "weight_3", "weight_4", "weight_5"]
    assert frame["first"].tolist() == [e.first for e in analysis]
    assert frame.attrs["data_version"] == formulary.version and frame.attrs["notice"] == formulary.notice
    assert frame.attrs["seed"] == 3 and frame.attrs["scenarios"] == 500
    assert frame.attrs["options"]["acceptability"] == {"scenarios": 500, "seed": 3}
    assert frame.attrs["ranking"]["avoid"][0] == {"id": "weight_gain", "rank": 1}
    assert [d["effect"] for d in frame.attrs["drivers"]] == [d.effect for d in analysis.drivers]
    html = analysis._repr_html_()
    first = analysis[0]
    assert "<tr><td>%s</td><td>%.1f %%</td><td>%.1f %%</td></tr>" % (first.name, 100 * first.first,
                                                                     100 * first.top3) in html
    assert formulary.notice in html
    assert repr(analysis) == "<libsdm.Acceptability 18 medicines, 500 scenarios, seed 3, fragile>"
    assert analysis.fragile  # sulpiride and brexpiprazole both about 28 % with this seed


def test_the_record_of_a_match_carries_the_analysis(formulary, ranking):
    match = formulary.match(ranking, acceptability=(1000, 2026))
    record = json.loads(match.record("2026-12-06"))
    assert record["acceptability"] == json.loads(formulary.acceptability(ranking, scenarios=1000).to_json())
    assert libsdm.Record(match.record("2026-12-06")).options["acceptability"] == {"scenarios": 1000, "seed": 2026}
    assert "acceptability" not in json.loads(formulary.match(ranking).record("2026-12-06"))


def test_seeds_above_two_to_the_53(formulary, ranking):
    seed = 2 ** 64 - 1
    analysis = formulary.acceptability(ranking, scenarios=200, seed=seed)
    assert analysis.seed == seed
    assert json.loads(analysis.to_json())["seed"] == str(seed)  # a string of digits, as the library writes it
    assert formulary.acceptability(ranking, scenarios=200, seed=str(seed)).first == analysis.first
    assert formulary.acceptability(ranking, scenarios=200, seed=numpy.uint64(seed)).first == analysis.first


@pytest.mark.parametrize("bad, message", [
    ({"scenarios": -1}, "acceptability: 'scenarios' is -1, outside 1..100000000"),
    ({"scenarios": 100000001}, "acceptability: 'scenarios' is 100000001, outside 1..100000000"),
    ({"seed": -1}, "acceptability.seed: the seed must be an integer from 0 to 2^64 - 1 (above 2^53 as a string "
                   "of digits)"),
    ({"seed": 2 ** 64}, "acceptability.seed: the seed must be an integer"),
    ({"seed": "12a"}, "acceptability.seed: the seed must be an integer"),
    ({"seed": 1.5}, "acceptability.seed: the seed must be an integer"),
])
def test_bad_input_is_refused_with_the_librarys_message(formulary, ranking, bad, message):
    with pytest.raises(libsdm.SchemaError) as error:
        formulary.acceptability(ranking, **bad)
    assert str(error.value).startswith(message)
    with pytest.raises(libsdm.SchemaError):
        formulary.acceptability_many([[0]], **bad)


def test_an_empty_ranking_is_refused(formulary, catalogue):
    with pytest.raises(libsdm.InvalidArgumentError):
        formulary.acceptability(libsdm.Ranking(catalogue))


def test_the_population_form_equals_one_by_one(formulary, catalogue, ranking):
    idx = [catalogue.index(e) for e in QUICKSTART_AVOID]
    night = catalogue.index(QUICKSTART_HELPFUL[0])
    rows = [idx, idx[::-1], [idx[2], -1, -1, -1, -1], [-1] * 5]
    helpful = [[night], [-1], [night], [-1]]
    many = formulary.acceptability_many(rows, helpful=helpful, scenarios=1500, seed=11)
    assert many.first.shape == (4, len(formulary)) and many.top3.shape == (4, len(formulary))
    assert many.scenarios == 1500 and many.seed == 11
    rankings = [ranking, libsdm.Ranking(catalogue, avoid=QUICKSTART_AVOID[::-1]),
                libsdm.Ranking(catalogue, avoid=[QUICKSTART_AVOID[2]], helpful=QUICKSTART_HELPFUL)]
    for row, r in enumerate(rankings):
        one = formulary.acceptability(r, scenarios=1500, seed=11)
        expected = numpy.full(len(formulary), numpy.nan)
        expected3 = numpy.full(len(formulary), numpy.nan)
        for e in one:
            expected[e.index], expected3[e.index] = e.first, e.top3
        assert numpy.array_equal(many.first[row], expected, equal_nan=True)  # bit for bit, NaN left out
        assert numpy.array_equal(many.top3[row], expected3, equal_nan=True)
    assert numpy.isnan(many.first[3]).all()  # no side effect: no result
    frame = many.to_pandas()
    assert set(frame["ranking"]) == {0, 1, 2} and len(frame) == 3 * 18
    assert frame.attrs["seed"] == 11 and frame.attrs["data_version"] == formulary.version
    assert many.medications == tuple(m.id for m in formulary)
    # The pinned person again, through the population form: the same bits.
    default = formulary.acceptability_many([idx], helpful=[night])
    assert [(formulary[int(j)].id, default.first[0, j], default.top3[0, j])
            for j in numpy.argsort(-default.first[0], kind="stable") if not numpy.isnan(default.first[0, j])
            ][:4] == pinned()[:4]


TYPED = '''
from typing import Dict, Optional, Tuple
import libsdm
catalogue = libsdm.Catalogue.default()
formulary = libsdm.Formulary.default(catalogue)
ranking = libsdm.Ranking(catalogue, avoid=["weight_gain", "tremor"])
analysis: libsdm.Acceptability = formulary.acceptability(ranking, scenarios=100, seed=7, unknown="worst")
best: libsdm.AcceptabilityEntry = analysis[0]
share: float = best.first
weights: Optional[Tuple[float, ...]] = analysis["cariprazine"].central_weights
firsts: Dict[str, float] = analysis.first
driver: Tuple[libsdm.Driver, ...] = analysis.drivers
words: str = analysis.text
fragile: bool = analysis.fragile
many: libsdm.AcceptabilityMany = formulary.acceptability_many([[0, 1]], helpful=[2], scenarios=100, seed="7")
table = many.first.shape
match = formulary.match(ranking, acceptability=(100, 7))
print(share, weights, firsts, driver, words, fragile, table, match, analysis.to_pandas(), many.to_pandas())
'''
BAD_TYPED = '''
import libsdm
catalogue = libsdm.Catalogue.default()
analysis = libsdm.Formulary.default(catalogue).acceptability(libsdm.Ranking(catalogue, avoid=["tremor"]))
share: str = analysis[0].first
'''


def test_the_type_hints_serve_a_typed_program(tmp_path):
    from test_typing import mypy  # the same mypy run as test_typing's

    if subprocess.run([sys.executable, "-m", "mypy", "--version"], capture_output=True).returncode != 0:
        pytest.skip("Debian's mypy is not installed (scripts/deps.sh)")
    result = mypy(tmp_path, "good.py", TYPED)
    assert result.returncode == 0, result.stdout + result.stderr
    result = mypy(tmp_path, "bad.py", BAD_TYPED)
    assert result.stdout.splitlines() == [
        'bad.py:5: error: Incompatible types in assignment (expression has type "float", variable has type "str")  '
        "[assignment]"]


def test_every_public_name_has_a_docstring():
    for obj in (libsdm.Acceptability, libsdm.AcceptabilityEntry, libsdm.AcceptabilityMany, libsdm.Driver,
                libsdm.Formulary.acceptability, libsdm.Formulary.acceptability_many):
        assert obj.__doc__ and len(obj.__doc__) > 30, obj
    for cls in (libsdm.Acceptability, libsdm.AcceptabilityMany):
        for name, member in vars(cls).items():
            if not name.startswith("_") and callable(member) or isinstance(member, property):
                assert member.__doc__, "%s.%s" % (cls.__name__, name)


def test_the_generated_layer_takes_64_bit_seeds():
    core = libsdm.core
    o = core.sdm_match_options_new()
    assert core.sdm_match_options_acceptability_scenarios(o) == 0 and core.sdm_match_options_acceptability_seed(o) == 2026
    core.sdm_match_options_set_acceptability(o, 100, 2 ** 64 - 1)
    assert core.sdm_match_options_acceptability_seed(o) == 2 ** 64 - 1
    for bad in (-1, 2 ** 64):
        with pytest.raises(OverflowError):
            core.sdm_match_options_set_acceptability(o, 100, bad)
    with pytest.raises(libsdm.InvalidArgumentError, match=r"the number of scenarios of the acceptability analysis "
                       r"\(1000000000\) is over the limit of 100000000"):
        core.sdm_match_options_set_acceptability(o, 10 ** 9, 1)
    assert not hasattr(core, "sdm_acceptability_free") and not hasattr(core, "sdm_acceptability_batch")


def test_the_analysis_outlives_its_formulary_and_ranking(catalogue, ranking):
    # The entries are read at once and the profile proxies hold their formulary: nothing dangles.
    analysis = libsdm.Formulary.default(catalogue).acceptability(ranking, scenarios=100)
    import gc
    gc.collect()
    assert analysis[0].medication == json.loads(analysis.to_json())["medicines"][0]["id"]
    profile = libsdm.core.sdm_acceptability_profile(analysis._h, 0)
    del analysis
    gc.collect()
    assert libsdm.core.sdm_profile_id(profile)
    with pytest.raises(IndexError):
        libsdm.core.sdm_acceptability_profile(libsdm.Formulary.default(catalogue).acceptability(
            ranking, scenarios=10)._h, 99)


def test_every_scoring_option_is_taken(formulary, ranking):
    # include/sdm/acceptability.h: numeric evidence fixed at its number, 'mean' drawn as 'middle', a trade-off
    # weight added as in the match; the C unit tests work each out by hand (test-acceptability-options.c).
    middle = formulary.acceptability(ranking, scenarios=1000, seed=11)
    assert formulary.acceptability(ranking, scenarios=1000, seed=11, unknown="mean").first == middle.first
    for options in ({"evidence": "numeric"}, {"tradeoff": 0.5}, {"evidence": "numeric", "tradeoff": 1.0}):
        analysis = formulary.acceptability(ranking, scenarios=1000, seed=11, **options)
        assert math.isclose(math.fsum(analysis.first.values()), 1.0, abs_tol=1e-12)
        assert formulary.acceptability(ranking, scenarios=1000, seed=11, **options).first == analysis.first
        assert analysis.first != middle.first
        catalogue = formulary.catalogue
        many = formulary.acceptability_many([[catalogue.index(e) for e in QUICKSTART_AVOID]],
                                            helpful=[catalogue.index(QUICKSTART_HELPFUL[0])],
                                            scenarios=1000, seed=11, **options)
        for entry in analysis:
            assert many.first[0, entry.index] == entry.first


def test_a_match_keeps_the_analysis_it_asks_for(formulary, ranking):
    match = formulary.match(ranking, acceptability=(2000, 7))
    kept = match.acceptability
    assert isinstance(kept, libsdm.Acceptability)
    alone = formulary.acceptability(ranking, scenarios=2000, seed=7)
    assert kept.first == alone.first and kept.top3 == alone.top3
    assert kept.to_json() == alone.to_json() and kept.text == alone.text
    assert (kept.scenarios, kept.seed) == (2000, 7)
    assert formulary.match(ranking).acceptability is None
    # a copy: it outlives the match
    del match
    import gc
    gc.collect()
    assert json.loads(kept.to_json())["scenarios"] == 2000


def test_the_reason_and_the_card_say_how_sure(formulary, ranking):
    match = formulary.match(ranking, acceptability=(10000, 2026))
    shares = match.acceptability
    for entry in match:
        share = shares[entry.medication.id]
        reason = entry.explanation.reason
        if share.first > 0.005:
            assert "). It is the best fit in %.0f %% of the plausible readings" % (100 * share.first) in reason \
                or ". It is the best fit in %.0f %% of the plausible readings" % (100 * share.first) in reason
    first = match[0].explanation.reason
    # the quick-start person: cariprazine first in the match, sulpiride first a little more often
    assert match[0].medication.id == "cariprazine" and shares[0].medication == "sulpiride"
    assert "The evidence does not separate it from Sulpiride (the best fit in 27 %). What makes it uncertain: " \
           "for Sulpiride, Less sex drive is not known;" in first
    card = match[0].card()
    assert isinstance(card, libsdm.Card)
    assert "\nHow sure its place is: Cariprazine is the best fit in 25 % of the plausible readings" in card
    assert card.json == json.loads(match[0].medication.card_json(ranking))
    plain = formulary.match(ranking)
    assert str(plain[0].card()) == str(plain[0].medication.card(ranking))
    assert "plausible readings" not in plain[0].explanation.reason


def test_options_apply_as_in_match(formulary, ranking):
    # The treatment-resistant context lets clozapine be ranked, and so assessed; exclusions leave it out.
    analysis = formulary.acceptability(ranking, scenarios=500, contexts="treatment_resistant")
    assert len(analysis) == len(formulary.match(ranking, contexts="treatment_resistant")) == 19
    assert "clozapine" in analysis.first
    analysis = formulary.acceptability(ranking, scenarios=500, exclude=["sulpiride", "cariprazine"])
    assert len(analysis) == 16 and "sulpiride" not in analysis.first
    assert math.isclose(math.fsum(analysis.first.values()), 1.0, abs_tol=1e-12)
