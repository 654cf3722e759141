# libsdm - formulary.match() and libsdm.Match: scores checked against a computation from data/formulary.json.
# SPDX-License-Identifier: MIT
import json

import pytest

import libsdm
from conftest import QUICKSTART_AVOID, QUICKSTART_HELPFUL, cell_rating

WEIGHT_SCHEMES = {
    "roc": lambda k: [sum(1 / j for j in range(i, k + 1)) / k for i in range(1, k + 1)],
    "rank_sum": lambda k: [2 * (k + 1 - i) / (k * (k + 1)) for i in range(1, k + 1)],
    "reciprocal": lambda k: [(1 / i) / sum(1 / j for j in range(1, k + 1)) for i in range(1, k + 1)],
    "equal": lambda k: [1 / k] * k,
}


# Clozapine has restrictions (treatment-resistant schizophrenia only) whose context a match does not
# assume: it is left out by default, with the reason, and never scored.
RESTRICTED = {"clozapine"}


def reference_scores(formulary_data, avoid, helpful=(), scheme="roc", weights=None, scale=(0, 1, 2, 3),
                     unknown="middle", helpful_weight=None):
    """{medication id: score}, computed as DESIGN.md describes, straight from the JSON data (each rating
    the consensus of the cell's readings, conftest.cell_rating); the restricted medicines are left out."""
    w = weights if weights is not None else WEIGHT_SCHEMES[scheme](len(avoid))
    hw = helpful_weight if helpful_weight is not None else (w[len(avoid) - 1] if avoid else 1.0)

    def severity(med, effect, is_helpful):
        rating = cell_rating(formulary_data, med["ratings"].get(effect))
        if rating is None:
            return (0.0 if is_helpful else 1.0) if unknown == "worst" else 0.5
        return (scale[rating] - scale[0]) / (scale[3] - scale[0])

    return {med["id"]: sum(w[i] * severity(med, e, False) for i, e in enumerate(avoid))
            - sum(hw * severity(med, h, True) for h in helpful)
            for med in formulary_data["medications"] if med["id"] not in RESTRICTED}


def assert_ranked_like(match, expected):
    """Scores equal the reference; order by score then name; ties (1e-9) share a rank."""
    assert {e.medication.id: e.score for e in match} == pytest.approx(expected, abs=1e-12)
    names = {e.medication.id: e.name for e in match}
    order = sorted(expected, key=lambda m: (round(expected[m], 9), names[m]))
    assert [e.medication.id for e in match] == order
    assert [e.rank for e in match] == [1 + sum(expected[o] < expected[m] - 1e-9 for o in expected) for m in order]


def test_quick_start_scores_by_hand(formulary, ranking):
    match = formulary.match(ranking)
    first = match[0]
    # ROC weights of 5 ranks, w_i = (1/5) sum_{j=i..5} 1/j: 137/300, 77/300, 47/300, 27/300, 12/300; the
    # helpful side effect weighs as rank 5, 12/300. Severity of a rating r: r/3 (unknown 1/2).
    # Cariprazine, each rating the median of the readings (of two, the higher):
    #   weight gain:    Maudsley + (1), S3 0/+ (1), UpToDate ++ (2) -> 1, 1, 2 -> +   137/300 * 1/3 = 137/900
    #   day sleepiness: Maudsley - (0), S3 0 (0), UpToDate ++ (2)   -> 0, 0, 2 -> 0
    #   stiff muscles:  Maudsley - (0), S3 ++ (2), UpToDate + (1)   -> 0, 1, 2 -> +    47/300 * 1/3 =  47/900
    #   less sex drive: S3 0 (0)                                    -> 0
    #   dry mouth:      Maudsley - (0), UpToDate ++ (2)             -> 0, 2    -> ++   12/300 * 2/3 =  24/900
    #   night sleepiness (helpful): as day sleepiness               -> 0
    # score = (137 + 47 + 24)/900 = 208/900 = 52/225 = 0.231111...
    assert first.medication.id == "cariprazine"
    assert first.rank == 1
    assert first.score == pytest.approx(52 / 225, abs=1e-15)
    assert first.score == pytest.approx(0.231111111111111, abs=1e-12)
    # Sulpiride (Maudsley alone): weight gain + and stiff muscles + (137/900 + 47/900), less sex drive unknown,
    # counted as 1/2 (27/300 * 1/2 = 27/600), the rest 0: 184/900 + 27/600 = 449/1800 = 0.249444...
    assert match[1].medication.id == "sulpiride"
    assert match[1].score == pytest.approx(449 / 1800, abs=1e-15)
    assert match[1].rank == 2
    # Aripiprazole: + on all six (every cell's median is 1): (137 + 77 + 47 + 27 + 12)/900 - 12/900 = 8/25.
    assert match[2].medication.id == "aripiprazole"
    assert match[2].score == pytest.approx(8 / 25, abs=1e-15)
    assert match[2].rank == 3


def test_quick_start_every_score(formulary, ranking, formulary_data):
    match = formulary.match(ranking)
    assert len(match) == 18
    assert [(e.medication.id, e.kind) for e in match.excluded] == [("clozapine", "restriction")]
    assert_ranked_like(match, reference_scores(formulary_data, QUICKSTART_AVOID, QUICKSTART_HELPFUL))
    # Two ties: paliperidone and risperidone (the same consensus ratings: ++, +, ++, ++, +; helpful +:
    # (274 + 77 + 94 + 54 + 12)/900 - 12/900 = 499/900) share rank 10, asenapine and iloperidone
    # (++, ++, +, unknown, +; helpful ++: (274 + 154 + 47 + 12)/900 + 27/600 - 24/900 = 1007/1800) rank 12.
    assert [(e.rank, e.name) for e in match if e.rank in (10, 12)] == [
        (10, "Paliperidone"), (10, "Risperidone"), (12, "Asenapine"), (12, "Iloperidone")]
    assert match[13].rank == 14


def test_entry_and_explanation(formulary, ranking):
    match = formulary.match(ranking)
    entry = match[0]
    assert entry.medication is formulary["cariprazine"]
    assert entry.name == "Cariprazine"
    assert entry.unknown_count == 0
    assert entry.match is match
    assert repr(entry) == "<libsdm.Entry 1. Cariprazine score 0.231111>"
    explanation = entry.explanation
    # The consensus ratings worked out in test_quick_start_scores_by_hand: +, 0, +, 0, ++; helpful 0. Where
    # the readings spread two steps or more (the readings listed there), the explanation says so, lowest
    # first; less sex drive has S3's reading alone.
    assert str(explanation) == explanation.reason == (
        "Weight gain + (rank 1; sources disagree: none to ++: S3 guideline none to +, Maudsley +, UpToDate ++); "
        "Difficulty staying awake during the day 0 (rank 2; sources disagree: none to ++: Maudsley none, "
        "S3 guideline none, UpToDate ++); "
        "Stiff muscles + (rank 3; sources disagree: none to ++: Maudsley none, UpToDate +, S3 guideline ++); "
        "Less sex drive 0 (rank 4); "
        "Dry mouth ++ (rank 5; sources disagree: none to ++: Maudsley none, UpToDate ++); "
        "Sleepy in the evening or at night 0 (helpful; sources disagree: none to ++: Maudsley none, "
        "S3 guideline none, UpToDate ++)")
    roc = WEIGHT_SCHEMES["roc"](5)
    assert [(t.effect, t.rank, t.rating) for t in explanation.terms] == [
        ("weight_gain", 1, 1), ("day_sleepiness", 2, 0), ("stiff_muscles", 3, 1), ("less_sex_drive", 4, 0),
        ("dry_mouth", 5, 2), ("night_sleepiness", None, 0)]
    assert [t.weight for t in explanation.terms] == pytest.approx(roc + [roc[4]], abs=1e-15)
    assert [t.contribution for t in explanation.terms] == pytest.approx([137 / 900, 0, 47 / 900, 0, 24 / 900, 0],
                                                                        abs=1e-15)
    assert sum(t.contribution for t in explanation.terms) == pytest.approx(entry.score, abs=1e-15)


def test_unknown_ratings_are_counted_as_the_middle_and_flagged(formulary, ranking):
    match = formulary.match(ranking)
    brex = next(e for e in match if e.medication.id == "brexpiprazole")
    assert brex.unknown_count == 1
    term = brex.explanation.terms[3]
    assert (term.effect, term.rating) == ("less_sex_drive", None)
    assert term.contribution == pytest.approx(0.09 * 0.5, abs=1e-15)
    assert "Less sex drive not known (rank 4; counted as the middle of the scale)" in brex.explanation.reason


@pytest.mark.parametrize("scheme", ["roc", "rank_sum", "reciprocal", "equal"])
def test_weight_schemes(formulary, ranking, formulary_data, scheme):
    match = formulary.match(ranking, scheme=scheme)
    assert_ranked_like(match, reference_scores(formulary_data, QUICKSTART_AVOID, QUICKSTART_HELPFUL, scheme))


def test_lexicographic_compares_rank_1_first(formulary, catalogue, formulary_data):
    avoid = ["weight_gain", "day_sleepiness", "stiff_muscles"]
    match = formulary.match(libsdm.Ranking(catalogue, avoid=avoid), scheme="lexicographic")
    meds = {m["id"]: m for m in formulary_data["medications"]}

    def key(entry):
        ratings = [cell_rating(formulary_data, meds[entry.medication.id]["ratings"].get(e)) for e in avoid]
        return [0.5 if r is None else r / 3 for r in ratings]
    keys = [key(e) for e in match]
    assert keys == sorted(keys)
    assert [e.rank for e in match][:1] == [1]


def test_custom_weights_severity_scale_and_helpful_weight(formulary, ranking, formulary_data):
    weights = [0.5, 0.2, 0.1, 0.1, 0.1]
    assert_ranked_like(formulary.match(ranking, weights=weights),
                       reference_scores(formulary_data, QUICKSTART_AVOID, QUICKSTART_HELPFUL, weights=weights))
    # With these weights sulpiride comes first: weight gain + and stiff muscles + (0.5/3 + 0.1/3), less sex
    # drive unknown (0.1 * 1/2): 0.2 + 0.05 = 0.25; cariprazine has (0.5 + 0.1)/3 + 0.1 * 2/3 = 0.8/3 = 0.2667.
    custom = formulary.match(ranking, weights=weights, scheme="custom")
    assert (custom[0].medication.id, custom[0].score) == ("sulpiride", pytest.approx(0.25, abs=1e-15))
    assert custom[0].score == pytest.approx(
        reference_scores(formulary_data, QUICKSTART_AVOID, QUICKSTART_HELPFUL, weights=weights)["sulpiride"])
    convex = formulary.match(ranking, severity_scale=[0, 1, 3, 9])
    assert_ranked_like(convex, reference_scores(formulary_data, QUICKSTART_AVOID, QUICKSTART_HELPFUL,
                                                scale=(0, 1, 3, 9)))
    # On the scale (0, 1, 3, 9) + weighs 1/9 and ++ 3/9: cariprazine (+, 0, +, 0, ++; helpful 0) stays first,
    # (137 + 47)/300 * 1/9 + 12/300 * 3/9 = 184/2700 + 36/2700 = 220/2700 = 11/135.
    assert convex[0].medication.id == "cariprazine"
    assert convex[0].score == pytest.approx(11 / 135, abs=1e-15)
    assert_ranked_like(formulary.match(ranking, helpful_weight=0.25),
                       reference_scores(formulary_data, QUICKSTART_AVOID, QUICKSTART_HELPFUL, helpful_weight=0.25))
    assert_ranked_like(formulary.match(ranking, unknown="worst"),
                       reference_scores(formulary_data, QUICKSTART_AVOID, QUICKSTART_HELPFUL, unknown="worst"))


def test_unknown_exclude_lists_the_medication(formulary, ranking, formulary_data):
    match = formulary.match(ranking, unknown="exclude")
    reference = reference_scores(formulary_data, QUICKSTART_AVOID, QUICKSTART_HELPFUL)
    unrated = [m["id"] for m in formulary_data["medications"]
               if m["id"] not in RESTRICTED and any(cell_rating(formulary_data, m["ratings"].get(e)) is None
                                                    for e in QUICKSTART_AVOID + QUICKSTART_HELPFUL)]
    assert [x.medication.id for x in match.excluded if x.kind != "restriction"] == unrated
    assert {x.kind for x in match.excluded} == {"unknown_rating", "restriction"}
    assert all(isinstance(x.medication, libsdm.Medication) and x.reason for x in match.excluded)
    assert_ranked_like(match, {m: s for m, s in reference.items() if m not in unrated})
    assert len(match) + len(match.excluded) == 19


def test_filters_list_what_they_exclude(formulary, ranking, formulary_data):
    match = formulary.match(ranking, exclude=["olanzapine", "clozapine"])
    assert [(x.medication.id, x.kind, x.reason) for x in match.excluded] == [
        ("clozapine", "request", "excluded by the prescriber"), ("olanzapine", "request", "excluded by the prescriber")]
    match = formulary.match(ranking, exclude={"olanzapine": "weight gain before"})
    assert [(x.medication.name, x.reason) for x in match.excluded] == [
        ("Clozapine", "only where schizophrenia has not responded to two other antipsychotics, or they caused "
                      "severe side effects that could not be treated"),
        ("Olanzapine", "weight gain before")]
    assert len(formulary.match(ranking, exclude="olanzapine")) == 17  # and clozapine, by its restriction
    lai = formulary.match(ranking, require_formulation="long_acting_injection")
    # every medicine with a long-acting injection, but olanzapine's (its pamoate injection needs three hours'
    # observation, a context a match does not assume) and clozapine (no injection anyway)
    with_lai = [m["id"] for m in formulary_data["medications"]
                if "long_acting_injection" in m["formulations"] and m["id"] != "olanzapine"]
    assert sorted(e.medication.id for e in lai) == sorted(with_lai)
    assert {x.kind for x in lai.excluded} == {"formulation", "restriction"}
    assert lai.excluded[0].reason == "not recorded as available as a long-acting injection"
    us = formulary.match(ranking, require_licence=["US", "UK"])
    assert sorted(e.medication.id for e in us) == sorted(
        m["id"] for m in formulary_data["medications"]
        if {"US", "UK"} <= set(m["licensed_in"]) and m["id"] not in RESTRICTED)
    assert {x.kind for x in us.excluded} == {"licence", "restriction"}
    # each licence exclusion says why, from the medicine's licence in that country (licences.csv)
    assert us.excluded[0].reason == ("not licensed for schizophrenia in the US: in the US amisulpride is licensed "
                                     "only as an injection against sickness after surgery")


def test_option_errors(formulary, ranking):
    """The library reads the keywords as an sdm-options document: its vocabularies, suggestions and checks
    apply, and its message names the option as that document does."""
    cases = [
        (dict(scheme="best"), libsdm.SchemaError,
         "scheme: unknown weighting scheme 'best' (roc, rank_sum, reciprocal, equal, lexicographic or custom)"),
        (dict(unknown="zero"), libsdm.SchemaError,
         "unknown: unknown policy for unknown ratings 'zero' (middle, worst, exclude or mean)"),
        (dict(synthesis="median"), libsdm.SchemaError,
         "synthesis: unknown synthesis rule 'median' (consensus, highest or precedence)"),
        (dict(synthesis="highst"), libsdm.SchemaError,
         "synthesis: unknown synthesis rule 'highst' (did you mean 'highest'?)"),
        (dict(scheme="custom"), libsdm.InvalidArgumentError,
         "scheme: the custom scheme needs weights: call sdm_match_options_set_custom_weights()"),
        (dict(weights=[0.5, 0.5], scheme="equal"), libsdm.SchemaError,
         "'weights' are custom weights, but 'scheme' is 'equal': give the scheme 'custom' (or leave it out) with "
         "weights, or no weights"),
        (dict(weights=[0.2] * 5, scheme="roc"), libsdm.SchemaError,
         "'weights' are custom weights, but 'scheme' is 'roc': give the scheme 'custom' (or leave it out) with "
         "weights, or no weights"),
        (dict(severity_scale=[0, 1, 2]), libsdm.SchemaError, "'severity_scale' needs 4 numbers, found 3"),
        (dict(severity_scale=[0, 2, 1, 3]), libsdm.InvalidArgumentError,
         "severity_scale: the severity scale must increase: rating 1 is 2, rating 2 is 1"),
        (dict(exclude=["olanzapin"]), libsdm.NotFoundError,
         "the medicine to exclude 'olanzapin' is not in the formulary (did you mean 'olanzapine'?)"),
        (dict(exclude=["olanzapine", "olanzapine"]), libsdm.DuplicateError,
         "exclude[1]: 'olanzapine' is already excluded"),
        (dict(exclude={"olanzapine": "two\nlines"}), libsdm.SchemaError,
         "exclude[0].reason: the text holds a control character or a line break (U+000A) at byte 3"),
        (dict(require_formulation=["tablets"]), libsdm.NotFoundError,
         "require_formulations[0]: unknown formulation 'tablets' (did you mean 'tablet'?)"),
        (dict(require_licence="GB"), libsdm.NotFoundError,
         "require_licences[0]: unknown licence country 'GB' (did you mean 'UK'? the formats write the United "
         "Kingdom as UK)"),
        (dict(weights=[1, 1e-15, 0, 0, 0]), libsdm.LimitError, None),
        (dict(weights=[0.5, 0.5]), libsdm.InvalidArgumentError,
         "the custom weights cover 2 ranks, but the ranking has 5"),
        (dict(weights=[-1.0]), libsdm.InvalidArgumentError,
         "weights: the custom weight of rank 1 is -1: weights must be finite and not negative, at most 1e+300"),
        (dict(weights=["a"]), libsdm.SchemaError, "weights[0] must be a number"),
        # JSON has no infinity: the binding says so itself.
        (dict(weights=[float("inf")]), libsdm.InvalidArgumentError, "weights[0]: inf is not a finite number"),
        (dict(helpful_weight=-2.0), libsdm.SchemaError,
         "'helpful_weight' is -2: a weight is not negative (write \"auto\" for the weight of the lowest rank)"),
        (dict(helpful_weight="half"), libsdm.SchemaError, "'helpful_weight' must be a number or \"auto\""),
    ]
    for options, error, message in cases:
        with pytest.raises(error) as info:
            formulary.match(ranking, **options)
        assert type(info.value) is error and info.value.status == error.status, options
        if message is not None:
            assert str(info.value) == message
    with pytest.raises(TypeError):
        formulary.match(ranking, colour="blue")
    with pytest.raises(TypeError):
        formulary.match("ranking")


def test_rankings_that_cannot_be_matched(formulary, catalogue, catalogue_data):
    gap = libsdm.Ranking(catalogue, avoid=["weight_gain"])
    gap.add_avoid("dry_mouth", rank=3)
    with pytest.raises(libsdm.InvalidArgumentError) as info:
        formulary.match(gap)
    assert "rank 2" in str(info.value)
    data = json.loads(json.dumps(catalogue_data))
    data["items"] = data["items"][:3]
    other = libsdm.Ranking(libsdm.Catalogue.load(json.dumps(data)), avoid=["day_sleepiness"])
    with pytest.raises(libsdm.InvalidArgumentError) as info:
        formulary.match(other)
    assert "catalogue" in str(info.value)


def test_sequence_behaviour(formulary, ranking):
    match = formulary.match(ranking)
    entries = list(match)
    assert len(entries) == 18  # clozapine is left out by its restriction
    assert match[-1].medication.id == entries[17].medication.id
    assert [e.name for e in match[:3]] == ["Cariprazine", "Sulpiride", "Aripiprazole"]  # scores by hand above
    assert [e.name for e in match[16:]] == [entries[16].name, entries[17].name]
    with pytest.raises(IndexError):
        match[18]
    assert repr(match) == "<libsdm.Match 18 ranked, 1 excluded, data version 2026.12>"
    assert match.data_version == "2026.12"
    assert match.formulary is formulary


def test_the_match_keeps_a_copy_of_the_ranking(formulary, ranking):
    match = formulary.match(ranking)
    ranking.clear()
    assert match.ranking.avoid == tuple(QUICKSTART_AVOID)
    assert match.ranking.completed_by == "service_user"
    assert match[0].medication.id == "cariprazine"


def test_to_json(formulary, ranking):
    match = formulary.match(ranking, exclude={"olanzapine": "weight gain before"})
    document = json.loads(match.to_json())
    assert document["data_version"] == "2026.12"
    assert (document["format"], document["library_version"]) == ("sdm-match", libsdm.__version__)
    assert [e["id"] for e in document["ranked"]] == [e.medication.id for e in match]
    assert document["ranked"][0]["score"] == pytest.approx(52 / 225, abs=1e-12)  # by hand above
    assert document["ranked"][0]["reason"] == match[0].explanation.reason
    assert [r["contribution"] for r in document["ranked"][0]["ratings"]] == pytest.approx(
        [t.contribution for t in match[0].explanation.terms], abs=1e-15)
    assert document["excluded"] == [
        {"id": "clozapine", "name": "Clozapine", "kind": "restriction",
         "reason": "only where schizophrenia has not responded to two other antipsychotics, or they caused severe "
                   "side effects that could not be treated"},
        {"id": "olanzapine", "name": "Olanzapine", "kind": "request", "reason": "weight gain before"}]


def test_record(formulary, ranking):
    match = formulary.match(ranking)
    record = json.loads(match.record(timestamp="2026-11-21T10:00:00Z"))
    assert record["format"] == "sdm-record"
    assert record["timestamp"] == "2026-11-21T10:00:00Z"
    assert record["completed_by"] == record["ranking"]["completed_by"] == "service_user"
    assert [a["id"] for a in record["ranking"]["avoid"]] == QUICKSTART_AVOID
    assert record["data_version"] == "2026.12"
    assert "timestamp" not in json.loads(match.record())
    ranking_again, options, version = libsdm.core.sdm_record_load_json(formulary.catalogue._h, match.record())
    assert version == "2026.12"
    assert libsdm.core.sdm_ranking_avoid_count(ranking_again) == 5


def test_to_pandas(formulary, ranking):
    pandas = pytest.importorskip("pandas")
    frame = formulary.match(ranking).to_pandas()
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns) == ["rank", "id", "name", "score", "unknown_count", "reason"] + \
        QUICKSTART_AVOID + QUICKSTART_HELPFUL
    assert len(frame) == 18  # clozapine is left out by its restriction
    first = frame.iloc[0]
    assert (first["rank"], first["id"], first["name"]) == (1, "cariprazine", "Cariprazine")
    assert first["score"] == pytest.approx(52 / 225, abs=1e-15)  # by hand above
    assert first["weight_gain"] == 1
    brex = frame[frame["id"] == "brexpiprazole"].iloc[0]
    assert brex["unknown_count"] == 1 and pandas.isna(brex["less_sex_drive"])
    assert str(frame["weight_gain"].dtype) == "Int64"
