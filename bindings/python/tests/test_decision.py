# libsdm - the decision in Python (issue 13): its context (contexts that hold, detention and the limits of
# choice, a carer's part, the date to revisit), the person's own history, feedback on how shared the decision
# was, and two decision records compared. Expected values are worked by hand in the comments.
# SPDX-License-Identifier: MIT
import json

import pytest

import libsdm


def _formulary(catalogue, version, amberine_weight):
    """Three medicines in format 1 (one source): ratings 0..3, None left out (unknown).

    amberine: tremor 0, weight_gain `amberine_weight`, dry_mouth 3
    borolide: tremor 1, weight_gain 0, night_sleepiness 3
    cytrane:  tremor 2 (nothing else known)
    """
    def ratings(**cells):
        return {effect: {"rating": value, "source": "s"} for effect, value in cells.items()}
    return libsdm.Formulary.load(json.dumps({
        "format": "sdm-formulary", "format_version": 1, "id": "rec", "version": version,
        "notice": "Record test data.", "sources": [{"key": "s", "citation": "S"}],
        "medications": [
            {"id": "amberine", "name": "Amberine",
             "ratings": ratings(tremor=0, weight_gain=amberine_weight, dry_mouth=3)},
            {"id": "borolide", "name": "Borolide", "ratings": ratings(tremor=1, weight_gain=0, night_sleepiness=3)},
            {"id": "cytrane", "name": "Cytrane", "ratings": ratings(tremor=2)},
        ]}), catalogue)


@pytest.fixture
def small(catalogue):
    return _formulary(catalogue, "2026.11-r", 1)


# ---- the decision context ------------------------------------------------------------------------------


CLOZAPINE_REASON = ("only where schizophrenia has not responded to two other antipsychotics, or they caused severe "
                    "side effects that could not be treated")
LIMITS = "Detained under section 3: the team proposes a long-acting injection; you choose which."


def test_clozapine_excluded_by_default_ranked_with_its_context(catalogue, formulary):
    ranking = libsdm.Ranking(catalogue, avoid=["stiff_muscles", "restlessness"])
    # By default clozapine's context does not hold: left out, the reason in words, 18 of the 19 ranked.
    m = formulary.match(ranking)
    assert len(m) == 18
    assert [(x.medication.id, x.kind, x.reason) for x in m.excluded] == [
        ("clozapine", "restriction", CLOZAPINE_REASON)]
    assert m.context.contexts == ()
    # With the context, it is ranked (all 19) and its requirements come with it: the UK's registration and
    # blood counts first (the order of restrictions.csv: UK, EU, DE, US).
    m = formulary.match(ranking, contexts="treatment_resistant")
    assert len(m) == 19 and m.excluded == []
    clozapine = next(e for e in m if e.medication.id == "clozapine")
    assert [(r.context, r.country) for r in clozapine.requirements] == [
        ("treatment_resistant", "UK"), ("treatment_resistant", "EU"), ("treatment_resistant", "DE"),
        ("treatment_resistant", "US")]
    assert clozapine.requirements[0].requirement.startswith("The person, the prescriber and a nominated pharmacist "
                                                            "register with a clozapine patient monitoring service")
    # Its serious risks by id, its own then the class risks of every medicine; agranulocytosis first.
    assert [r.id for r in clozapine.serious_risks] == [
        "agranulocytosis", "myocarditis", "seizures", "ileus", "dementia_mortality", "orthostatic_hypotension",
        "neuroleptic_malignant_syndrome", "venous_thromboembolism", "hyperglycaemia", "falls"]
    assert all("neuroleptic_malignant_syndrome" in {r.id for r in e.serious_risks} for e in m)
    # The document of the match says the same by id.
    entry = next(e for e in json.loads(m.to_json())["ranked"] if e["id"] == "clozapine")
    assert entry["serious_risks"][0] == "agranulocytosis" and entry["requirements"][0]["country"] == "UK"
    # The batch follows the same plan: the restricted medicine is ranked only with its context.
    stiff, restless = catalogue.index("stiff_muscles"), catalogue.index("restlessness")
    best = formulary.match_many([[stiff, restless]], top=19)
    assert "clozapine" not in list(best.medications[0]) and best.medications[0][18] is None
    best = formulary.match_many([[stiff, restless]], top=19, contexts=["treatment_resistant"])
    assert "clozapine" in list(best.medications[0])
    assert best.options["contexts"] == ["treatment_resistant"]


def test_detained_with_limits_carer_and_revisit_reach_the_record(catalogue, small):
    ranking = libsdm.Ranking(catalogue, avoid=["tremor"], completed_by="together", carer_involved=True)
    assert ranking.carer_involved is True
    assert json.loads(ranking.to_json())["carer_involved"] is True
    m = small.match(ranking, detained=True, limits=LIMITS, revisit="2027-03-01")
    assert m.context == libsdm.DecisionContext("together", True, (), True, LIMITS, "2027-03-01")
    assert m.options["detained"] is True and m.options["limits"] == LIMITS and m.options["revisit"] == "2027-03-01"
    text = m.record("2026-12-06")
    assert json.loads(text)["result"]["context"] == {
        "completed_by": "together", "carer_involved": True, "holds": [], "detained": True, "limits": LIMITS,
        "revisit": "2027-03-01"}
    assert libsdm.Record(text, catalogue).context == m.context
    # Not detained and nothing set: the defaults.
    plain = small.match(libsdm.Ranking(catalogue, avoid=["tremor"]))
    assert plain.context == libsdm.DecisionContext(None, False, (), False, None, None)


def test_bad_decision_context_refused_with_a_message(catalogue, small):
    ranking = libsdm.Ranking(catalogue, avoid=["tremor"])
    with pytest.raises(libsdm.NotFoundError) as error:
        small.match(ranking, contexts=["treatment_resistent"])
    assert str(error.value) == "contexts[0]: unknown context 'treatment_resistent' (did you mean " \
                               "'treatment_resistant'?)"
    with pytest.raises(libsdm.DuplicateError, match=r"^contexts\[1\]: the context 'treatment_resistant' is already"):
        small.match(ranking, contexts=["treatment_resistant", "treatment_resistant"])
    with pytest.raises(libsdm.SchemaError) as error:
        small.match(ranking, detained=True)
    assert str(error.value).startswith("limits: a person who is detained needs the clinician's statement of the "
                                       "limits of choice")
    with pytest.raises(libsdm.SchemaError) as error:
        small.match(ranking, revisit="2027-02-30")
    assert str(error.value) == "revisit: the date to revisit '2027-02-30' is not a date YYYY-MM-DD"
    with pytest.raises(libsdm.SchemaError, match="'detained' must be true or false"):
        small.match(ranking, detained="yes", limits=LIMITS)
    with pytest.raises(TypeError, match="carer_involved takes True or False, not int"):
        libsdm.Ranking(catalogue, carer_involved=1)  # type: ignore[arg-type]


# ---- the person's own history -----------------------------------------------------------------------------


def test_personal_reading_changes_the_result(catalogue, small):
    # Ranking tremor ("Shaking or tremor") 1, weight_gain 2; default options, ROC for k = 2: 3/4, 1/4;
    # a rating r counts r/3, an unknown one 1/2 (middle).
    #   without a history: amberine 3/4*0 + 1/4*1/3 = 1/12; borolide 3/4*1/3 + 1/4*0 = 1/4;
    #                      cytrane 3/4*2/3 + 1/4*1/2 = 5/8
    ranking = libsdm.Ranking(catalogue, avoid=["tremor", "weight_gain"])
    m = small.match(ranking)
    assert [(e.medication.id, e.score) for e in m] == [
        ("amberine", pytest.approx(1 / 12, abs=1e-12)), ("borolide", pytest.approx(1 / 4, abs=1e-12)),
        ("cytrane", pytest.approx(5 / 8, abs=1e-12))]
    # The person had a tremor on amberine (stopped): their own reading +++ counts above the published none:
    # 3/4*1 + 1/4*1/3 = 5/6, last. Borolide did not help: flagged in its reason, still ranked first.
    ranking.add_history("amberine", "stopped", "the shaking", had=["tremor"])
    ranking.add_history("borolide", "did_not_help", "voices stayed")
    assert ranking.history == (libsdm.HistoryEntry("amberine", "stopped", "the shaking", ("tremor",)),
                               libsdm.HistoryEntry("borolide", "did_not_help", "voices stayed", ()))
    m = small.match(ranking)
    assert [(e.medication.id, e.rank, e.score) for e in m] == [
        ("borolide", 1, pytest.approx(1 / 4, abs=1e-12)), ("cytrane", 2, pytest.approx(5 / 8, abs=1e-12)),
        ("amberine", 3, pytest.approx(5 / 6, abs=1e-12))]
    amberine = m[2]
    assert amberine.explanation.reason == ("Shaking or tremor +++ (rank 1; you had this on Amberine); Weight gain + "
                                           "(rank 2); tried before: it was stopped (the shaking)")
    assert [(t.effect, t.rating, t.personal) for t in amberine.explanation.terms] == [
        ("tremor", 3, True), ("weight_gain", 1, False)]
    assert amberine.explanation.terms[0].contribution == pytest.approx(3 / 4, abs=1e-12)
    assert amberine.history == libsdm.HistoryEntry("amberine", "stopped", "the shaking", ("tremor",))
    assert m[0].explanation.reason == ("Shaking or tremor + (rank 1); Weight gain 0 (rank 2); tried before: it did "
                                       "not help (voices stayed)")
    assert m[0].history.outcome == "did_not_help" and m[1].history is None
    assert not any(t.personal for t in m[0].explanation.terms)
    # The ranking's JSON keeps the history; read back, it is the same.
    again = libsdm.Ranking.from_json(catalogue, ranking.to_json())
    assert again.history == ranking.history
    # Given to the constructor, as entries or dicts, it is the same again.
    built = libsdm.Ranking(catalogue, avoid=["tremor", "weight_gain"], history=[
        libsdm.HistoryEntry("amberine", "stopped", "the shaking", ("tremor",)),
        {"medication": "borolide", "outcome": "did_not_help", "why": "voices stayed"}])
    assert built.history == ranking.history
    # The record keeps it.
    assert libsdm.Record(m.record(), catalogue).ranking.history == ranking.history


def test_bad_history_refused_with_a_message(catalogue, small):
    ranking = libsdm.Ranking(catalogue, avoid=["tremor"])
    ranking.add_history("amberin", "helped")
    with pytest.raises(libsdm.NotFoundError) as error:
        small.match(ranking)
    assert str(error.value) == ("the medicine of the person's history 'amberin' is not in the formulary (did you "
                                "mean 'amberine'?)")
    with pytest.raises(libsdm.NotFoundError) as error:
        ranking.add_history("borolide", "didnt_help")
    assert str(error.value) == "unknown outcome 'didnt_help' (did you mean 'did_not_help'?)"
    with pytest.raises(libsdm.DuplicateError):
        ranking.add_history("amberin")
    with pytest.raises(libsdm.NotFoundError, match="did you mean 'tremor'"):
        ranking.add_history("cytrane", had=["tremer"])
    with pytest.raises(TypeError, match="had takes a list"):
        ranking.add_history("borolide", had="tremor")


# ---- feedback on how shared the decision was ----------------------------------------------------------------


def test_feedback_scores_by_hand():
    # SDM-Q-9: 5+4+3+5+5+2+4+5+3 = 36 of 45; x 20/9 = 80.
    q9 = libsdm.Feedback("sdm_q9", [5, 4, 3, 5, 5, 2, 4, 5, 3], version="SDM-Q-9 (Kriston 2010)")
    assert (q9.instrument, q9.version, q9.items, q9.score, q9.top_score) == (
        "sdm_q9", "SDM-Q-9 (Kriston 2010)", (5, 4, 3, 5, 5, 2, 4, 5, 3), 80.0, False)
    # CollaboRATE: 9+9+8 = 26 of 27: x 100/27 = 2600/27; not every item 9: no top score. 9, 9, 9: 100, top.
    almost = libsdm.Feedback("collaborate", [9, 9, 8])
    assert almost.score == pytest.approx(2600 / 27, abs=1e-12) and not almost.top_score and almost.version is None
    top = libsdm.Feedback("collaborate", (9, 9, 9))
    assert (top.score, top.top_score) == (100.0, True)


def test_feedback_out_of_range_refused():
    with pytest.raises(libsdm.InvalidArgumentError) as error:
        libsdm.Feedback("collaborate", [9, 10, 0])
    assert str(error.value) == "item 2 of collaborate is 10: each item is scored 0 to 9"
    with pytest.raises(libsdm.InvalidArgumentError) as error:
        libsdm.Feedback("sdm_q9", [5, 4, 3])
    assert str(error.value) == "sdm_q9 has 9 items, not 3"
    with pytest.raises(libsdm.InvalidArgumentError, match="item 5 of sdm_q9 is 6: each item is scored 0 to 5"):
        libsdm.Feedback("sdm_q9", [5, 5, 5, 5, 6, 5, 5, 5, 5])
    with pytest.raises(libsdm.InvalidArgumentError, match="item 1 of collaborate is -1"):
        libsdm.Feedback("collaborate", [-1, 0, 0])
    with pytest.raises(libsdm.InvalidArgumentError) as error:
        libsdm.Feedback("collaborative", [9, 9, 9])
    assert str(error.value) == "unknown instrument 'collaborative': give collaborate or sdm_q9"
    with pytest.raises(TypeError):
        libsdm.Feedback("collaborate", [9.5, 9, 9])  # type: ignore[list-item]


def test_feedback_in_the_record(catalogue, small):
    m = small.match(libsdm.Ranking(catalogue, avoid=["tremor"]))
    # CollaboRATE 9, 7, 9: 25 of 27, x 100/27 = 2500/27.
    feedback = libsdm.Feedback("collaborate", [9, 7, 9], "CollaboRATE 3-item")
    text = m.record("2026-12-06", feedback=feedback)
    written = json.loads(text)["feedback"]
    assert written["instrument"] == "collaborate" and written["items"] == [9, 7, 9]
    assert written["score"] == pytest.approx(2500 / 27, abs=1e-12) and written["top_score"] is False
    back = libsdm.Record(text, catalogue).feedback
    assert back == feedback and back.score == pytest.approx(2500 / 27, abs=1e-12)
    assert back.version == "CollaboRATE 3-item"
    assert libsdm.Record(m.record(), catalogue).feedback is None
    # A score that is not the items' own is refused: a record is evidence.
    forged = json.loads(text)
    forged["feedback"]["score"] = 93.0
    with pytest.raises(libsdm.SchemaError, match="feedback.score: the score must be that of the items"):
        libsdm.Record(json.dumps(forged), catalogue)
    with pytest.raises(TypeError, match="feedback must be a libsdm.Feedback"):
        m.record(feedback=[9, 7, 9])  # type: ignore[arg-type]


# ---- two records compared -----------------------------------------------------------------------------------


def test_two_records_compared(catalogue, small):
    # Then (2025-12-01, data 2026.11-r): tremor 1, weight_gain 2, night_sleepiness helpful, completed together,
    # cytrane excluded by request; ROC 3/4, 1/4, the helpful weight that of the lowest rank, 1/4, taken off;
    # an unknown rating counts 1/2:
    #   amberine 3/4*0 + 1/4*1/3 - 1/4*1/2 = -1/24  -> 1
    #   borolide 3/4*1/3 + 1/4*0 - 1/4*1   = 0      -> 2
    then_ranking = libsdm.Ranking(catalogue, avoid=["tremor", "weight_gain"], helpful=["night_sleepiness"],
                                  completed_by="together")
    then_match = small.match(then_ranking, exclude="cytrane")
    assert [(e.medication.id, e.score) for e in then_match] == [
        ("amberine", pytest.approx(-1 / 24, abs=1e-12)), ("borolide", pytest.approx(0, abs=1e-12))]
    then = libsdm.Record(then_match.record("2025-12-01"), catalogue)
    # Now (2026-12-06, data 2026.12-r: amberine's weight gain re-rated ++): weight_gain 1, dry_mouth 2, nothing
    # helpful, completed by nobody said, a carer took part, borolide tried (it did not help), revisit 2027-06-01:
    #   borolide 3/4*0 + 1/4*1/2 (dry mouth unknown) = 1/8 -> 1
    #   cytrane  3/4*1/2 + 1/4*1/2                   = 1/2 -> 2
    #   amberine 3/4*2/3 + 1/4*1                     = 3/4 -> 3
    revised = _formulary(catalogue, "2026.12-r", 2)
    now_ranking = libsdm.Ranking(catalogue, avoid=["weight_gain", "dry_mouth"], carer_involved=True,
                                 history=[libsdm.HistoryEntry("borolide", "did_not_help")])
    now_match = revised.match(now_ranking, revisit="2027-06-01")
    assert [(e.medication.id, e.score) for e in now_match] == [
        ("borolide", pytest.approx(1 / 8, abs=1e-12)), ("cytrane", pytest.approx(1 / 2, abs=1e-12)),
        ("amberine", pytest.approx(3 / 4, abs=1e-12))]
    now = libsdm.Record(now_match.record("2026-12-06"), catalogue)

    comparison = then.compare(now)
    assert comparison["format"] == "sdm-record-comparison"
    assert comparison["then"]["timestamp"] == "2025-12-01" and comparison["now"]["timestamp"] == "2026-12-06"
    assert [(x["effect"], x["rank_then"], x["rank_now"]) for x in comparison["preferences"]["avoid"]] == [
        ("weight_gain", 2, 1), ("dry_mouth", None, 2), ("tremor", 1, None)]
    assert comparison["preferences"]["helpful_removed"] == ["night_sleepiness"]
    assert comparison["history"]["added"] == ["borolide"]
    assert comparison["data_changed"] is True
    assert comparison["options"] == ["exclude"]
    assert [(x["medicine"], x["effect"], x["then"], x["now"]) for x in comparison["ratings"]] == [
        ("amberine", "weight_gain", "+", "++")]
    assert comparison["summary"] == (
        "Weight gain moved from rank 2 to rank 1. Dry mouth is now ranked 2. Shaking or tremor, ranked 1 then, is "
        "not ranked now. Sleepy in the evening or at night is no longer helpful. Tried since: Borolide (it did not "
        "help). Who completed the form changed. Whether a carer took part changed. The date to revisit changed. "
        "The data was version 2026.11-r, now 2026.12-r. The options of the match changed. Amberine's Weight gain "
        "was +, now ++. Amberine was 1, now 3. Borolide was 2, now 1. Cytrane is ranked now: 2.")
    assert now.compare(now)["summary"] == "Nothing has changed."
    with pytest.raises(TypeError, match="now must be a libsdm.Record"):
        then.compare(now_match)  # type: ignore[arg-type]


def test_record_to_pandas_keeps_its_provenance(catalogue, small, tmp_path):
    # The ranking of test_personal_reading_changes_the_result without a history, cytrane left out:
    # amberine 1/12 (1), borolide 1/4 (2).
    ranking = libsdm.Ranking(catalogue, avoid=["tremor", "weight_gain"], carer_involved=True)
    m = small.match(ranking, exclude={"cytrane": "no response before"}, revisit="2027-03-01")
    feedback = libsdm.Feedback("sdm_q9", [5, 4, 3, 5, 5, 2, 4, 5, 3])
    record = libsdm.Record(m.record("2026-12-06", feedback=feedback), catalogue)
    frame = record.to_pandas()
    assert list(frame.columns) == ["id", "name", "rank", "score", "reason"]
    assert frame["id"].tolist() == ["amberine", "borolide", "cytrane"]
    assert frame["rank"].tolist()[:2] == [1, 2] and frame["rank"].isna().tolist() == [False, False, True]
    assert frame["score"].tolist()[:2] == [pytest.approx(1 / 12, abs=1e-12), pytest.approx(1 / 4, abs=1e-12)]
    assert frame["reason"].tolist() == [None, None, "no response before"]
    attrs = frame.attrs
    assert (attrs["data_version"], attrs["formulary"], attrs["notice"], attrs["timestamp"]) == (
        "2026.11-r", "rec", "Record test data.", "2026-12-06")
    assert attrs["context"]["carer_involved"] is True and attrs["context"]["revisit"] == "2027-03-01"
    assert attrs["feedback"] == {"instrument": "sdm_q9", "version": None, "items": [5, 4, 3, 5, 5, 2, 4, 5, 3],
                                 "score": 80.0, "top_score": False}
    assert attrs["ranking"]["carer_involved"] is True
    # The provenance survives a CSV round trip.
    path = tmp_path / "record.csv"
    libsdm.to_csv(frame, path)
    back = libsdm.read_csv(path)
    assert back.attrs == attrs
    assert back["id"].tolist() == frame["id"].tolist()


def test_the_html_of_a_match_shows_the_decision(catalogue, formulary):
    ranking = libsdm.Ranking(catalogue, avoid=["stiff_muscles"], carer_involved=True,
                             history=[libsdm.HistoryEntry("olanzapine", "stopped", "I put on <weight>")])
    page = formulary.match(ranking, contexts="treatment_resistant", detained=True, limits=LIMITS,
                           revisit="2027-03-01")._repr_html_()
    assert "<p>The decision:</p>" in page
    assert "<li>Detained. The limits of choice: Detained under section 3: the team proposes a long-acting " \
           "injection; you choose which.</li>" in page
    assert "<li>What holds: schizophrenia has not responded to two other antipsychotics, or they caused severe " \
           "side effects that could not be treated</li>" in page  # the context in words, not its id
    assert "<li>A carer took part in the decision.</li>" in page
    assert "<li>Revisit the decision on 2027-03-01.</li>" in page
    assert "<li>Tried before: Olanzapine (it was stopped: I put on &lt;weight&gt;)</li>" in page  # escaped
    assert "<li>Clozapine requires (UK): The person, the prescriber and a nominated pharmacist register" in page
