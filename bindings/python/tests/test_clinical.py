# libsdm - what a clinician must see, in Python (issue 13): serious risks, restrictions, licences and products,
# each with its source; and decision records re-opened and run again (issue 12/13: sdm_record_from_json,
# sdm_record_rerun). Expected values are read by hand from data/formulary.json.
# SPDX-License-Identifier: MIT
import json

import pytest

import libsdm
from conftest import QUICKSTART_AVOID, QUICKSTART_HELPFUL


def test_serious_risks_own_then_class(formulary, formulary_data):
    # The formulary's five class risks; the injection-site reactions only of long-acting injections.
    assert [(r.id, r.formulation, r.is_class) for r in formulary.class_risks] == [
        ("neuroleptic_malignant_syndrome", "", True), ("venous_thromboembolism", "", True),
        ("hyperglycaemia", "", True), ("falls", "", True), ("injection_site_reactions", "long_acting_injection", True)]
    # Cariprazine: its own two (dementia mortality, the US warning on suicidal thoughts), then the four class
    # risks of every form (no long-acting injection).
    assert [r.id for r in formulary["cariprazine"].serious_risks] == [
        "dementia_mortality", "suicidality_warning_us", "neuroleptic_malignant_syndrome", "venous_thromboembolism",
        "hyperglycaemia", "falls"]
    # Aripiprazole: its own three; its own hyperglycaemia covers the class risk of the same id; it has a
    # long-acting injection, so the injection-site reactions apply.
    risks = formulary["aripiprazole"].serious_risks
    assert [(r.id, r.is_class) for r in risks] == [
        ("dementia_mortality", False), ("hyperglycaemia", False), ("suicidality_warning_us", False),
        ("neuroleptic_malignant_syndrome", True), ("venous_thromboembolism", True), ("falls", True),
        ("injection_site_reactions", True)]
    own = formulary_data["medications"][1]["serious_risks"][0]
    assert risks[0] == libsdm.Risk("dementia_mortality", "Higher mortality in dementia", own["words"],
                                   own.get("frequency", ""), "", own["source"], "regulatory", own["document"], False)
    # Every medicine shows neuroleptic malignant syndrome.
    assert all("neuroleptic_malignant_syndrome" in {r.id for r in m.serious_risks} for m in formulary)


def test_restrictions_with_their_context_in_words(formulary, formulary_data):
    clozapine = formulary["clozapine"]
    data = next(m for m in formulary_data["medications"] if m["id"] == "clozapine")["restrictions"]
    assert [(r.context, r.country, r.source) for r in clozapine.restrictions] == [
        ("treatment_resistant", "UK", "regulatory-texts"), ("treatment_resistant", "EU", "regulatory-texts"),
        ("treatment_resistant", "DE", "regulatory-texts"), ("treatment_resistant", "US", "secondary-reports")]
    first = clozapine.restrictions[0]
    assert first.context_words == ("schizophrenia has not responded to two other antipsychotics, or they caused "
                                   "severe side effects that could not be treated")
    assert first.requirement == data[0]["requirement"] and first.requirement.startswith("The person, the prescriber")
    assert (first.formulation, first.reliability, first.document) == ("", "regulatory", data[0]["document"])
    assert formulary["cariprazine"].restrictions == ()


def test_licences_by_country(formulary):
    asenapine = formulary["asenapine"]
    # Licensed for adult schizophrenia in the US only; in the UK and the EU its licence covers bipolar mania.
    assert asenapine.licences == ("US",)
    assert [(x.country, x.status) for x in asenapine.licence_details] == [("EU", "no"), ("UK", "no"), ("US", "yes")]
    uk = asenapine.licence("UK")
    assert (uk.status, uk.date, uk.note, uk.source, uk.reliability) == (
        "no", "2023-04-25", "its licence covers bipolar mania only", "regulatory-texts", "regulatory")
    assert asenapine.licence("DE") is None  # only the code itself: an EU entry is not returned for DE
    assert isinstance(uk, libsdm.Licence)


def test_products(formulary):
    assert [(p.formulation, p.name, p.interval, p.country) for p in formulary["aripiprazole"].products] == [
        ("long_acting_injection", "Abilify Maintena 960 mg", "every 2 months (56 days)", "UK"),
        ("long_acting_injection", "aripiprazole monohydrate LAI (Abilify Maintena)", "monthly", "EU")]
    assert formulary["cariprazine"].products == ()


def test_a_record_reopened(formulary, ranking):
    match = formulary.match(ranking, exclude={"olanzapine": "weight gain before"}, synthesis="highest")
    record = libsdm.Record(match.record(timestamp="2026-12-06T10:00:00Z"))
    assert (record.timestamp, record.data_version, record.library_version, record.formulary) == (
        "2026-12-06T10:00:00Z", "2026.12", libsdm.__version__, "libsdm-default")
    assert record.ranking.avoid == tuple(QUICKSTART_AVOID) and record.ranking.helpful == tuple(QUICKSTART_HELPFUL)
    assert record.ranking.completed_by == "service_user"
    assert record.options == match.options and record.options["synthesis"] == "highest"
    assert [(e.id, e.name, e.rank, e.score, e.reason) for e in record.ranked] == [
        (e.medication.id, e.name, e.rank, e.score, None) for e in match]
    # excluded in the formulary's order: clozapine (its restriction), then olanzapine (the request)
    assert record.excluded == (
        libsdm.RecordEntry("clozapine", "Clozapine", None, None, match.excluded[0].reason),
        libsdm.RecordEntry("olanzapine", "Olanzapine", None, None, "weight gain before"))
    assert match.excluded[0].kind == "restriction"
    assert repr(record) == "<libsdm.Record 2026-12-06T10:00:00Z, data version 2026.12, 17 ranked, 2 excluded>"
    assert libsdm.Record(match.record()).timestamp is None
    with pytest.raises(libsdm.ParseError):
        libsdm.Record("{")
    broken = json.loads(match.record())
    broken["result"]["ranked"][0]["rank"] = 2
    with pytest.raises(libsdm.Error) as info:
        libsdm.Record(json.dumps(broken))
    assert "result.ranked[0]" in str(info.value)


def test_a_record_run_again_says_what_changed(formulary, ranking, formulary_data):
    match = formulary.match(ranking, exclude={"olanzapine": "weight gain before"})
    record = libsdm.Record(match.record())
    same = record.rerun(formulary)
    assert same.changes["summary"] == "Nothing has changed."
    assert [e.score for e in same.match] == [e.score for e in match]
    # A new version of the data without olanzapine and with cariprazine's weight gain read +++ by all three
    # sources. Cariprazine then scores 137/300 + (47 + 24)/900 = 482/900 = 0.536 (test_match.py's working):
    # after haloperidol (409/900 = 0.454), before trifluoperazine (983/1800 = 0.546), so rank 8; the seven
    # between move up one each. Olanzapine, excluded by request then, is no longer in the formulary: its
    # exclusion is dropped from the options.
    data = json.loads(json.dumps(formulary_data))
    data["version"] = "2026.12-test"
    data["medications"] = [m for m in data["medications"] if m["id"] != "olanzapine"]
    cariprazine = next(m for m in data["medications"] if m["id"] == "cariprazine")
    for reading in cariprazine["ratings"]["weight_gain"]["readings"]:
        reading.update(printed="+++", value=3)
        reading.pop("low", None)
    rerun = record.rerun(libsdm.Formulary.load(json.dumps(data), formulary.catalogue))
    moved = [("cariprazine", 1, 8), ("sulpiride", 2, 1), ("aripiprazole", 3, 2), ("amisulpride", 4, 3),
             ("lurasidone", 5, 4), ("ziprasidone", 6, 5), ("brexpiprazole", 7, 6), ("haloperidol", 8, 7)]
    changes = rerun.changes
    assert changes["format"] == "sdm-record-changes"
    assert changes["data_version"] == {"then": "2026.12", "now": "2026.12-test"}
    assert [(m["id"], m["rank_then"], m["rank_now"]) for m in changes["moved"]] == moved
    assert changes["removed"] == [{"id": "olanzapine", "name": "Olanzapine"}]
    assert changes["exclusions_dropped"] == ["olanzapine"]
    assert changes["added"] == changes["excluded_now"] == changes["ranked_now"] == []
    assert changes["summary"] == (
        "The data was version 2026.12, now 2026.12-test. Cariprazine was 1, now 8. Sulpiride was 2, now 1. "
        "Aripiprazole was 3, now 2. Amisulpride was 4, now 3. Lurasidone was 5, now 4. Ziprasidone was 6, now 5. "
        "Brexpiprazole was 7, now 6. Haloperidol was 8, now 7. Olanzapine is no longer in the formulary.")
    assert rerun.match[7].medication.id == "cariprazine" and rerun.match[7].score == pytest.approx(482 / 900)
    # 18 medicines now, less clozapine (its restriction): 17 ranked
    assert rerun.match.data_version == "2026.12-test" and len(rerun.match) == 17
