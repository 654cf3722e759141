# libsdm Python binding: efficacy beside burden, the trade-off weight and numeric evidence (issue 14).
# SPDX-License-Identifier: MIT
import pytest

import libsdm


def test_a_medicine_whose_interval_includes_no_effect(formulary):
    # Huhn 2019 (data/sources/efficacy-huhn2019.csv): trifluoperazine -0.244 (-0.532 to 0.043), 8 studies. Its
    # interval reaches 0, is 0.575 wide (0.45 or more is "uncertain") and 0.244 is below 0.35: "less well".
    e = formulary["trifluoperazine"].efficacy
    assert isinstance(e, libsdm.Efficacy)
    assert (e.smd, e.ci_low, e.ci_high, e.studies) == (-0.244, -0.532, 0.043, 8)
    assert (e.includes_no_effect, e.uncertain, e.band, e.outcome) == (True, True, "less", "overall_symptoms")
    assert e.source == "huhn2019-efficacy" and e.source in [s.key for s in formulary.sources]
    assert e.words.startswith("works less well than most, but the trials do not rule out that it works no better "
                              "than placebo; the estimate is uncertain; based on only 8 studies")
    assert e.words == formulary["trifluoperazine"].describe_efficacy()


def test_a_medicine_that_works_about_as_well_as_most(formulary):
    # Olanzapine -0.559 (-0.62 to -0.50), 48 studies: 0.50 to 0.65 is "a little better than most"; a narrow
    # interval away from 0 adds nothing.
    e = formulary["olanzapine"].efficacy
    assert (e.includes_no_effect, e.uncertain, e.band) == (False, False, "little_better")
    assert e.words.startswith("works a little better than most; based on 48 studies (overall symptoms")


def test_every_entry_says_how_well_it_works(formulary, ranking):
    match = formulary.match(ranking)
    first = match[0]
    # Cariprazine -0.345, 4 studies: below 0.35, "less well"; fewer than 10 studies.
    assert first.medication.id == "cariprazine"
    assert first.efficacy == "works less well than most; based on only 4 studies"


def test_a_tradeoff_weight_adds_the_lack_of_efficacy(formulary, ranking):
    # lack = (e_max - e) / (e_max - e_min) over the formulary's medicines with e = -SMD: clozapine 0.894 (the
    # most effective), trifluoperazine 0.244 (the least). Amisulpride 0.734: (0.894 - 0.734) / 0.65 = 16/65;
    # with lambda 1/2 it adds 8/65 = 0.123 to its score.
    plain = {e.medication.id: e.score for e in formulary.match(ranking)}
    traded = formulary.match(ranking, tradeoff=0.5)
    amisulpride = next(e for e in traded if e.medication.id == "amisulpride")
    assert amisulpride.score == pytest.approx(plain["amisulpride"] + 8 / 65, abs=1e-12)
    assert amisulpride.efficacy.endswith("lack of efficacy 0.25 (0 the most effective here, 1 the least) "
                                         "added 0.123 to its score")
    lack = {m.id: (0.894 + m.efficacy.smd) / 0.65 for m in formulary}
    for entry in traded:
        assert entry.score == pytest.approx(plain[entry.medication.id] + 0.5 * lack[entry.medication.id], abs=1e-12)
    assert traded.options["tradeoff"] == 0.5
    assert libsdm.Record(traded.record()).options["tradeoff"] == 0.5


def test_bad_evidence_options_are_refused_with_the_key(formulary, ranking):
    with pytest.raises(libsdm.SchemaError) as info:
        formulary.match(ranking, evidence="numerc")
    assert str(info.value) == "evidence: unknown evidence mode 'numerc' (did you mean 'numeric'?)"
    with pytest.raises(libsdm.SchemaError) as info:
        formulary.match(ranking, tradeoff=-1)
    assert str(info.value) == "tradeoff: the trade-off weight -1 is not from 0 to 1e+06"
    with pytest.raises(libsdm.InvalidArgumentError):
        formulary.match(ranking, tradeoff=float("nan"))


def test_numeric_evidence_and_the_mean_policy_are_options_of_the_match(formulary, ranking):
    numeric = formulary.match(ranking, evidence="numeric")
    assert numeric.options["evidence"] == "numeric"
    # A different reading of the same person: the numbers move the order (the research example's finding).
    assert [e.medication.id for e in numeric] != [e.medication.id for e in formulary.match(ranking)]
    mean = formulary.match(ranking, unknown="mean")
    assert mean.options["unknown"] == "mean"


@pytest.mark.parametrize("unknown", ["middle", "mean"])
def test_the_batch_takes_numeric_evidence_as_match_does(formulary, catalogue, unknown):
    import numpy

    rows = numpy.random.default_rng(14).permuted(numpy.tile(numpy.arange(36, dtype=numpy.int32), (40, 1)),
                                                 axis=1)[:, :5]
    batch = formulary.match_many(rows, top=3, evidence="numeric", unknown=unknown)
    assert (batch.options["evidence"], batch.options["unknown"]) == ("numeric", unknown)
    ids = [item.id for item in catalogue]
    for row, best, scores in zip(rows, batch.indices, batch.scores):
        single = formulary.match(libsdm.Ranking(catalogue, avoid=[ids[i] for i in row]), evidence="numeric",
                                 unknown=unknown)
        assert [e.medication.id for e in single][:3] == [formulary[int(i)].id for i in best]
        assert list(scores) == pytest.approx([e.score for e in single][:3], abs=1e-12)
    # The numbers move some first places (the research example counts how many).
    ordinal, numeric = formulary.match_many(rows), formulary.match_many(rows, evidence="numeric")
    assert (ordinal.indices[:, 0] != numeric.indices[:, 0]).any()
