# libsdm - the evidence model in Python (issue 12): every source's reading of a cell, its spread and numeric
# evidence, the rating under each synthesis rule, and the synthesis option of a match. Every expected value is
# worked out by hand from data/formulary.json (format 2, /work/notes/format2.md's rules).
# SPDX-License-Identifier: MIT
import pytest

import libsdm
from conftest import QUICKSTART_AVOID, QUICKSTART_HELPFUL, cell_rating

Reading = libsdm.Reading


def test_a_cell_with_three_readings_that_disagree(formulary):
    # Cariprazine, stiff muscles (the example): Maudsley "–" (none), S3 "++", UpToDate "+". Sorted
    # 0, 1, 2: consensus the middle, +; highest ++; precedence the first source in order, Maudsley: none. The
    # readings lie 2 - 0 = 2 steps apart: the card says the sources disagree, lowest first.
    med = formulary["cariprazine"]
    assert med.readings("stiff_muscles") == (
        Reading("maudsley", "\u2013", 0, 0, "Maudsley Table 1.7, column parkinsonism"),
        Reading("s3", "++", 2, 2, "S3 eTable 6, column Parkinsonoid"),
        Reading("uptodate", "+", 1, 1, "UpToDate table, column Parkinsonism"))
    assert [med.rating("stiff_muscles", rule) for rule in ("consensus", "highest", "precedence")] == [1, 2, 0]
    assert med.rating("stiff_muscles") == med.ratings["stiff_muscles"] == 1
    assert med.sources["stiff_muscles"] == "uptodate"  # the first source, in order, that reads +
    assert med.spread("stiff_muscles") == 2
    assert med.describe_readings("stiff_muscles") == "none to ++: Maudsley none, UpToDate +, S3 guideline ++"


def test_an_even_number_of_readings_gives_the_higher_middle(formulary):
    # Cariprazine, dry mouth: Maudsley "–" (0) and UpToDate "++" (2); of two, consensus takes the higher: ++.
    med = formulary["cariprazine"]
    assert [r.value for r in med.readings("dry_mouth")] == [0, 2]
    assert [med.rating("dry_mouth", rule) for rule in ("consensus", "highest", "precedence")] == [2, 2, 0]
    assert med.spread("dry_mouth") == 2


def test_a_range_and_its_numeric_evidence(formulary):
    # Lurasidone, restlessness (the issue: "+ although three sources say more"): Maudsley + (1), S3 "+/++" (a
    # range: low 1, value 2), UpToDate ++ (2). Consensus: 1, 2, 2 -> ++; highest ++; precedence Maudsley's +.
    # Spread: 2 - 1 = 1, no disagreement shown. Huhn 2019: a risk ratio of 3.93 against placebo, moderate
    # confidence; 1.95 or more reads "about N times as common".
    med = formulary["lurasidone"]
    assert med.readings("restlessness")[1] == Reading("s3", "+/++", 2, 1, "S3 eTable 6, column Akathisia")
    assert [med.rating("restlessness", rule) for rule in ("consensus", "highest", "precedence")] == [2, 2, 1]
    assert med.spread("restlessness") == 1
    assert med.evidence("restlessness") == (libsdm.Evidence(
        "huhn2019", "akathisia", "risk_ratio", 3.93, "", "placebo", "moderate", "",
        "in trials (Huhn 2019), restlessness (akathisia): about 3.9 times as common as with placebo (risk ratio "
        "3.93); moderate confidence"),)
    # A mean difference has its unit: cariprazine's weight, 0.73 kg (low confidence), "0.7 kg more".
    weight = formulary["cariprazine"].evidence("weight_gain")[0]
    assert (weight.kind, weight.value, weight.unit, weight.confidence) == ("mean_difference", 0.73, "kg", "low")
    assert weight.words == "in trials (Huhn 2019), weight: on average 0.7 kg more than with placebo; low confidence"


def test_the_paper_card_decides_its_three_cells_under_every_rule(formulary):
    # Aripiprazole: the Manchester card reads poor sleep ++, feeling sick + and restlessness ++. Feeling sick's
    # other readings (product information "common" and ">3%": ++ twice) would make ++ under consensus and
    # highest; the card decides.
    med = formulary["aripiprazole"]
    for effect, rating in (("poor_sleep", 2), ("feeling_sick", 1), ("restlessness", 2)):
        assert med.readings(effect)[0].source == "card"
        assert [med.rating(effect, rule) for rule in ("consensus", "highest", "precedence")] == [rating] * 3
        assert med.sources[effect] == "card"
    assert [(r.source, r.printed, r.value) for r in med.readings("feeling_sick")] == [
        ("card", "+", 1), ("product-information", "common", 2), ("product-information", ">3%", 2)]


def test_an_unknown_cell_has_no_reading_under_any_rule(formulary):
    med = formulary["cariprazine"]
    assert med.readings("poor_sleep") == () and med.evidence("poor_sleep") == ()
    assert med.spread("poor_sleep") is None
    assert [med.rating("poor_sleep", rule) for rule in ("consensus", "highest", "precedence")] == [None] * 3
    assert med.describe_readings("poor_sleep") == "not known: no source rates it"
    with pytest.raises(libsdm.NotFoundError):
        med.readings("weight_gian")
    with pytest.raises(libsdm.NotFoundError) as info:
        med.rating("weight_gain", "median")
    assert str(info.value) == "unknown synthesis rule 'median' (consensus, highest or precedence)"


def test_ratings_by_each_rule_follow_the_readings(formulary, formulary_data):
    for med, data in zip(formulary, formulary_data["medications"]):
        for rule in ("consensus", "highest", "precedence"):
            assert med.ratings_by(rule) == {effect: cell_rating(formulary_data, data["ratings"].get(effect), rule)
                                            for effect in med.ratings}


def test_the_synthesis_option_of_a_match(formulary, ranking):
    # ROC weights of 5 ranks (137, 77, 47, 27, 12)/300, the helpful one 12/300; severity rating/3, unknown 1/2.
    # Under precedence (the first source in order, as data 2026.11 was made):
    #   cariprazine: + (Maudsley), 0, 0 (Maudsley -), 0 (S3 0), 0 (Maudsley -) | 0: 137/900
    #   aripiprazole: + (Maudsley), 0 (Maudsley -), 0 (Maudsley -), + (S3 0/+), 0 | 0: (137 + 27)/900 = 41/225
    #   brexpiprazole: + (Maudsley), 0, 0, unknown, 0 | 0 (Maudsley -): 137/900 + 27/600 = 71/360
    match = formulary.match(ranking, synthesis="precedence")
    assert match.synthesis == "precedence" and match.options["synthesis"] == "precedence"
    assert [(e.medication.id, e.rank) for e in match[:3]] == [("cariprazine", 1), ("aripiprazole", 2),
                                                             ("brexpiprazole", 3)]
    assert [e.score for e in match[:3]] == pytest.approx([137 / 900, 41 / 225, 71 / 360], abs=1e-15)
    # Under highest, sulpiride (one source, Maudsley: +, 0, +, unknown, 0 | 0) keeps its 449/1800 and comes
    # first; aripiprazole's readings are never above + (8/25) and amisulpride's (+, +, +, ++, 0 | +) give 101/300.
    match = formulary.match(ranking, synthesis="highest")
    assert [e.medication.id for e in match[:3]] == ["sulpiride", "aripiprazole", "amisulpride"]
    assert [e.score for e in match[:3]] == pytest.approx([449 / 1800, 8 / 25, 101 / 300], abs=1e-15)
    # Consensus is the default.
    assert formulary.match(ranking).synthesis == "consensus"
    assert formulary.match(ranking, synthesis="consensus")[0].score == formulary.match(ranking)[0].score


def test_terms_say_where_the_sources_disagree(formulary, ranking):
    terms = {t.effect: t for t in formulary.match(ranking)[0].explanation.terms}  # cariprazine
    # Weight gain: S3 0/+ starts at none, UpToDate ++: spread 2; less sex drive: S3's 0 alone, spread 0.
    assert (terms["weight_gain"].spread, terms["weight_gain"].disagreement) == (
        2, "none to ++: S3 guideline none to +, Maudsley +, UpToDate ++")
    assert (terms["less_sex_drive"].spread, terms["less_sex_drive"].disagreement) == (0, None)
    assert set(terms) == set(QUICKSTART_AVOID + QUICKSTART_HELPFUL)
