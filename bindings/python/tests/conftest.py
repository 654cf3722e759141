# libsdm - shared fixtures of the Python tests.
# SPDX-License-Identifier: MIT
import json
import os
import pathlib

import pytest

import libsdm

SOURCE_ROOT = pathlib.Path(os.environ.get("SDM_SOURCE_ROOT", pathlib.Path(__file__).resolve().parents[3]))

# The quick-start person: avoid these, in this order; sleepiness at night would help.
QUICKSTART_AVOID = ["weight_gain", "day_sleepiness", "stiff_muscles", "less_sex_drive", "dry_mouth"]
QUICKSTART_HELPFUL = ["night_sleepiness"]


def pytest_configure(config):
    config.addinivalue_line("markers", "memory: the long create-and-drop loop that watches the resident set")


def cell_rating(formulary_data, cell, rule="consensus"):
    """A cell's rating under a synthesis rule, computed from its readings in data/formulary.json as
    /work/notes/format2.md (and EVIDENCE.md) state the rules, independently of the library.

    A deciding source's reading decides under every rule; `consensus` is the median of the values
    (of an even number, the higher middle one), `highest` the maximum, `precedence` the first source
    in the order of the sources (its highest reading if it has several). No reading: None (unknown).
    """
    readings = (cell or {}).get("readings", [])
    if not readings:
        return None
    order = [s["key"] for s in formulary_data["sources"]]
    deciding = {s["key"] for s in formulary_data["sources"] if s.get("decides")}

    def first_source(candidates):
        first = min(order.index(r["source"]) for r in candidates)
        return max(r["value"] for r in candidates if order.index(r["source"]) == first)
    if any(r["source"] in deciding for r in readings):
        return first_source([r for r in readings if r["source"] in deciding])
    values = sorted(r["value"] for r in readings)
    if rule == "consensus":
        return values[len(values) // 2]  # 1-based v_{floor(n/2)+1}
    if rule == "highest":
        return values[-1]
    assert rule == "precedence", rule
    return first_source(readings)


def giving_reading(formulary_data, cell):
    """The reading named as the source of a cell's default (consensus) rating: the deciding source's, or
    the first reading, in the order of the sources, whose value is the rating; None for an unknown cell."""
    rating = cell_rating(formulary_data, cell)
    if rating is None:
        return None
    order = [s["key"] for s in formulary_data["sources"]]
    deciding = {s["key"] for s in formulary_data["sources"] if s.get("decides")}
    candidates = [r for r in cell["readings"] if r["source"] in deciding] or \
        [r for r in cell["readings"] if r["value"] == rating]
    return min(candidates, key=lambda r: (order.index(r["source"]), -r["value"]))


@pytest.fixture(scope="session")
def source_root():
    return SOURCE_ROOT


@pytest.fixture(scope="session")
def formulary_data():
    """data/formulary.json, read independently of the library."""
    return json.loads((SOURCE_ROOT / "data" / "formulary.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def catalogue_data():
    return json.loads((SOURCE_ROOT / "data" / "catalogue.json").read_text(encoding="utf-8"))


@pytest.fixture
def catalogue():
    return libsdm.Catalogue.default()


@pytest.fixture
def formulary(catalogue):
    return libsdm.Formulary.default(catalogue)


@pytest.fixture
def ranking(catalogue):
    return libsdm.Ranking(catalogue, avoid=QUICKSTART_AVOID, helpful=QUICKSTART_HELPFUL, completed_by="service_user")
