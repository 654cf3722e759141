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
