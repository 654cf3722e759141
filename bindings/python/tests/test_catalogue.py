# libsdm - libsdm.Catalogue.
# SPDX-License-Identifier: MIT
import json
import pathlib

import pytest

import libsdm


def test_default_has_the_36_items_of_the_form_in_order(catalogue, catalogue_data):
    groups = {g["id"]: g["label"] for g in catalogue_data["groups"]}
    assert len(catalogue) == 36
    expected = [libsdm.Item(i, x["id"], x["label"], x["group"], groups[x["group"]], x["dimension"],
                         x["commonly_helpful"])
                for i, x in enumerate(catalogue_data["items"])]
    assert list(catalogue) == expected


def test_first_items_and_weight_gain(catalogue):
    first = catalogue[0]
    assert (first.id, first.label, first.group, first.group_label) == (
        "day_sleepiness", "Difficulty staying awake during the day", "sleep", "Sleep")
    item = catalogue["weight_gain"]
    assert (item.index, item.id, item.label, item.group, item.dimension, item.commonly_helpful) == (
        6, "weight_gain", "Weight gain", "weight", "weight_gain", False)
    assert catalogue.index("weight_gain") == 6
    assert catalogue["night_sleepiness"].commonly_helpful is True


def test_lookup_by_position_and_slice(catalogue):
    assert catalogue[-1] == list(catalogue)[35]
    assert [i.id for i in catalogue[6:8]] == ["weight_gain", "weight_loss"]
    with pytest.raises(IndexError):
        catalogue[36]


def test_membership(catalogue):
    assert "weight_gain" in catalogue
    assert "weight_gian" not in catalogue
    assert 6 not in catalogue


def test_groups_and_metadata(catalogue, catalogue_data):
    assert catalogue.groups == tuple(libsdm.Group(g["id"], g["label"]) for g in catalogue_data["groups"])
    assert catalogue.groups[0] == ("sleep", "Sleep")
    assert catalogue.name == "manchester-36"
    assert catalogue.title == catalogue_data["title"]
    assert catalogue.version == "2026.11"
    assert catalogue.citation == catalogue_data["citation"]
    assert repr(catalogue) == "<libsdm.Catalogue manchester-36 2026.11: 36 side effects>"


def test_unknown_id_is_a_key_error_with_a_suggestion(catalogue):
    with pytest.raises(libsdm.NotFoundError) as info:
        catalogue.index("weight_gian")
    assert isinstance(info.value, KeyError)
    assert str(info.value) == "unknown side effect 'weight_gian' (did you mean 'weight_gain'?)"
    assert info.value.status == libsdm.core.SDM_ERR_NOT_FOUND
    with pytest.raises(KeyError):
        catalogue["weight_gian"]


def test_load_from_a_path_text_or_bytes(source_root, catalogue):
    path = source_root / "data" / "catalogue.json"
    for source in (path, str(path), path.read_text(encoding="utf-8"), path.read_bytes()):
        loaded = libsdm.Catalogue.load(source)
        assert loaded == catalogue
        assert hash(loaded) == hash(catalogue)
        assert list(loaded) == list(catalogue)


def test_a_different_catalogue_is_not_equal(catalogue_data, catalogue):
    data = json.loads(json.dumps(catalogue_data))
    data["items"] = data["items"][:3]
    small = libsdm.Catalogue.load(json.dumps(data))
    assert len(small) == 3
    assert small != catalogue
    assert catalogue != "manchester-36"


def test_load_errors(tmp_path):
    with pytest.raises(libsdm.ParseError) as info:
        libsdm.Catalogue.load("{ not json")
    assert isinstance(info.value, ValueError)
    assert str(info.value) == "<json>:1:5: string or '}' expected near 'not'"
    with pytest.raises(libsdm.SchemaError):
        libsdm.Catalogue.load('{"format": "sdm-formulary"}')
    missing = tmp_path / "missing.json"
    with pytest.raises(libsdm.FileError) as info:
        libsdm.Catalogue.load(missing)
    assert isinstance(info.value, OSError)
    assert str(missing) in str(info.value)
    with pytest.raises(TypeError):
        libsdm.Catalogue.load(42)


def test_over_the_size_limit(catalogue):
    text = b"{" + b" " * (16 * 1024 * 1024) + b"}"
    with pytest.raises(libsdm.LimitError) as info:
        libsdm.Catalogue.load(text)
    assert info.value.status == libsdm.core.SDM_ERR_LIMIT
    assert "more than the limit" in str(info.value)


def test_path_like(tmp_path, source_root):
    copy = tmp_path / "c.json"
    copy.write_bytes((source_root / "data" / "catalogue.json").read_bytes())
    assert len(libsdm.Catalogue.load(pathlib.PurePath(copy))) == 36
