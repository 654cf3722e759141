# libsdm - libsdm.Formulary and libsdm.Medication.
# SPDX-License-Identifier: MIT
import json

import pytest

import libsdm
from conftest import cell_rating, giving_reading


def test_default_medications_in_document_order(formulary, formulary_data):
    assert len(formulary) == 19
    assert [m.id for m in formulary] == [m["id"] for m in formulary_data["medications"]]
    assert [m.name for m in formulary] == [m["name"] for m in formulary_data["medications"]]
    assert [m.atc for m in formulary] == [m["atc"] for m in formulary_data["medications"]]


def test_metadata_and_sources(formulary, formulary_data):
    assert formulary.name == "libsdm-default"
    assert formulary.title == formulary_data["title"]
    assert formulary.version == "2026.12"
    assert formulary.notice == formulary_data["notice"]
    assert formulary.format_version == 2
    assert formulary.sources == tuple(libsdm.Source(s["key"], s["citation"], s.get("url", ""), s.get("label", s["key"]),
                                                    s.get("note", ""), s.get("edition", ""), s["reliability"],
                                                    s.get("decides", False))
                                      for s in formulary_data["sources"])
    # Ten sources: the six of the readings, Huhn 2019's efficacy, then the three of the serious risks,
    # restrictions and licences; only the paper's card decides its cells.
    assert [s.key for s in formulary.sources] == ["card", "maudsley", "s3", "uptodate", "product-information",
                                                  "huhn2019", "huhn2019-efficacy", "regulatory-texts",
                                                  "peer-reviewed-papers", "secondary-reports"]
    assert [s.key for s in formulary.sources if s.decides] == ["card"]
    assert repr(formulary) == "<libsdm.Formulary libsdm-default 2026.12: 19 medications>"


def test_every_rating_source_and_note(formulary, formulary_data):
    for med, data in zip(formulary, formulary_data["medications"]):
        # Each rating is the consensus of the cell's readings; its source and note are those of the
        # reading that gives it (the first, in the order of the sources, whose value is the rating).
        ratings = data["ratings"]
        givers = {k: giving_reading(formulary_data, v) for k, v in ratings.items()}
        assert med.ratings == {k: cell_rating(formulary_data, v) for k, v in ratings.items()}
        assert med.sources == {k: g and g["source"] for k, g in givers.items()}
        assert med.notes == {k: g.get("note", "") if g else "" for k, g in givers.items()}
        assert med.formulations == tuple(data["formulations"])
        assert med.licences == tuple(data["licensed_in"])


def test_one_medication(formulary, catalogue):
    med = formulary["cariprazine"]
    assert (med.id, med.name, med.atc) == ("cariprazine", "Cariprazine", "N05AX15")
    # Weight gain: Maudsley + (1), S3 0/+ (1, low 0), UpToDate ++ (2); sorted 1, 1, 2: the median is 1, and
    # Maudsley, the first source reading 1, gives it.
    assert med.ratings["weight_gain"] == 1
    assert med.ratings["poor_sleep"] is None  # no source reads it: unknown, never 0
    assert med.sources["weight_gain"] == "maudsley"
    assert med.sources["poor_sleep"] is None
    assert med.formulations == ("tablet",)
    # The countries whose licence for adult schizophrenia says yes: EU, UK and US.
    assert med.licences == ("EU", "UK", "US")
    assert med.formulary is formulary
    assert formulary[4] is med and formulary[-15] is med
    assert repr(med) == "<libsdm.Medication cariprazine: Cariprazine, N05AX15>"
    ratings = med.ratings
    ratings["weight_gain"] = 3  # a copy: the medication is not changed
    assert med.ratings["weight_gain"] == 1


def test_membership_and_unknown_medication(formulary):
    assert "olanzapine" in formulary
    assert "olanzapin" not in formulary
    with pytest.raises(libsdm.NotFoundError) as info:
        formulary["olanzapin"]
    assert isinstance(info.value, KeyError)
    assert str(info.value) == "the medicine 'olanzapin' is not in the formulary (did you mean 'olanzapine'?)"
    with pytest.raises(IndexError):
        formulary[19]


def test_default_without_a_catalogue():
    formulary = libsdm.Formulary.default()
    assert len(formulary) == 19
    assert formulary.catalogue == libsdm.Catalogue.default()


def test_load_and_round_trip(source_root, formulary, catalogue):
    path = source_root / "data" / "formulary.json"
    for source in (path, str(path), path.read_text(encoding="utf-8"), path.read_bytes(), formulary.to_json()):
        loaded = libsdm.Formulary.load(source, catalogue)
        assert loaded.catalogue is catalogue
        assert [(m.id, m.ratings, m.formulations, m.licences) for m in loaded] == \
               [(m.id, m.ratings, m.formulations, m.licences) for m in formulary]
    assert len(libsdm.Formulary.load(path)) == 19
    document = json.loads(formulary.to_json())
    assert document["format"] == "sdm-formulary"
    assert [m["id"] for m in document["medications"]] == [m.id for m in formulary]


def test_load_errors(tmp_path, catalogue, formulary_data):
    with pytest.raises(libsdm.ParseError):
        libsdm.Formulary.load("{", catalogue)
    bad = json.loads(json.dumps(formulary_data))
    bad["medications"][0]["ratings"]["weight_gian"] = bad["medications"][0]["ratings"].pop("weight_gain")
    with pytest.raises(libsdm.Error) as info:
        libsdm.Formulary.load(json.dumps(bad), catalogue)
    assert "weight_gian" in str(info.value) and "weight_gain" in str(info.value)
    duplicate = json.loads(json.dumps(formulary_data))
    duplicate["medications"].append(duplicate["medications"][0])
    with pytest.raises(libsdm.DuplicateError) as info:
        libsdm.Formulary.load(json.dumps(duplicate), catalogue)
    assert "amisulpride" in str(info.value)
    with pytest.raises(libsdm.FileError):
        libsdm.Formulary.load(tmp_path / "missing.json", catalogue)
    with pytest.raises(TypeError):
        libsdm.Formulary.default("manchester-36")


def test_card_text(formulary, catalogue):
    card = formulary["cariprazine"].card()
    assert card.startswith("Cariprazine (N05AX15)\n")
    assert "  * Weight gain +\n" in card
    assert "+ uncommon or mild; ++ commoner or moderately severe; +++ common or more severe." in card
    assert "Not known (no source rates it): Difficulty getting off to sleep;" in card
    ranking = libsdm.Ranking(catalogue, avoid=["weight_gain", "day_sleepiness"], helpful=["night_sleepiness"])
    marked = formulary["cariprazine"].card(ranking)
    assert "  * Weight gain + [your rank 1]\n" in marked
    assert ("Rated none: Difficulty staying awake during the day [your rank 2]; "
            "Sleepy in the evening or at night [helpful for you]") in marked


def test_card_json(formulary, catalogue):
    ranking = libsdm.Ranking(catalogue, avoid=["weight_gain"])
    card = json.loads(formulary["cariprazine"].card_json(ranking))
    assert (card["format"], card["id"], card["name"], card["atc"]) == ("sdm-card", "cariprazine", "Cariprazine",
                                                                       "N05AX15")
    # The card lists the ++ side effects first (dry mouth, catalogue position 10, is the first of them), then
    # the + ones, among them weight gain: Maudsley + (1), S3 0/+ (1, low 0), UpToDate ++ (2); consensus 1
    # (sorted 1, 1, 2), given by Maudsley; spread 2 - 0 = 2, so the card says the sources disagree, listing
    # the readings from the lowest; Huhn 2019's mean difference of 0.73 kg (low confidence) is in words.
    assert card["items"][0]["effect"] == "dry_mouth"
    weight_gain = next(item for item in card["items"] if item["effect"] == "weight_gain")
    assert weight_gain == {
        "effect": "weight_gain", "label": "Weight gain", "rating": 1, "mark": "+", "source": "maudsley",
        "your_rank": 1, "spread": 2,
        "disagreement": "none to ++: S3 guideline none to +, Maudsley +, UpToDate ++",
        "readings": [
            {"source": "maudsley", "source_label": "Maudsley", "printed": "+", "value": 1},
            {"source": "s3", "source_label": "S3 guideline", "printed": "0/+", "value": 1, "low": 0},
            {"source": "uptodate", "source_label": "UpToDate", "printed": "++", "value": 2}],
        "evidence": [
            {"source": "huhn2019", "outcome": "weight_gain", "kind": "mean_difference", "value": 0.73, "unit": "kg",
             "versus": "placebo", "confidence": "low",
             "words": "in trials (Huhn 2019), weight: on average 0.7 kg more than with placebo; low confidence"}]}
    assert all("your_rank" not in item for item in json.loads(formulary["cariprazine"].card_json())["items"])


def test_card_with_a_ranking_of_another_catalogue(formulary, catalogue_data):
    data = json.loads(json.dumps(catalogue_data))
    data["items"] = data["items"][:3]
    other = libsdm.Ranking(libsdm.Catalogue.load(json.dumps(data)), avoid=["day_sleepiness"])
    with pytest.raises(libsdm.InvalidArgumentError):
        formulary["cariprazine"].card(other)
    with pytest.raises(libsdm.InvalidArgumentError):
        formulary["cariprazine"].card_json(other)
    with pytest.raises(TypeError):
        formulary["cariprazine"].card("weight_gain")
