# libsdm - CITATION.cff (issue 17): the software with its version, the default data with its version, and every
# source the data cites, each saying no more than data/README.md does.
# SPDX-License-Identifier: MIT
import re

import pytest

import libsdm

yaml = pytest.importorskip("yaml")  # Debian's python3-yaml (scripts/deps.sh)


@pytest.fixture(scope="module")
def cff(source_root):
    return yaml.safe_load((source_root / "CITATION.cff").read_text(encoding="utf-8"))


def source_key(reference):
    found = re.findall(r"Source key: ([\w-]+)\.", reference.get("notes", ""))
    return found[0] if found else None


def test_the_software_and_its_version(cff, source_root):
    meson = (source_root / "meson.build").read_text(encoding="utf-8")
    project_version = re.search(r"project\('sdm', 'c',\s*version: '([^']+)'", meson).group(1)
    assert (cff["cff-version"], cff["type"], cff["license"]) == ("1.2.0", "software", "MIT")
    assert cff["version"] == project_version == libsdm.__version__
    assert cff["authors"] == [{"name": "libsdm developers", "email": "libsdm@users.noreply.github.com"}]
    assert cff["title"].startswith("libsdm: ")


def test_the_data_and_its_version(cff, formulary_data):
    data = cff["references"][0]
    assert (data["type"], data["title"]) == ("data", "libsdm default catalogue and formulary")
    assert data["version"] == formulary_data["version"]
    assert "(data version %s)" % formulary_data["version"] in cff["abstract"]
    assert "not reviewed for clinical use" in data["notes"]


def test_every_source_of_the_data_is_cited(cff, formulary_data):
    keys = [source_key(r) for r in cff["references"][1:]]
    assert keys == [s["key"] for s in formulary_data["sources"]]
    citations = {s["key"]: s["citation"] for s in formulary_data["sources"]}
    for reference in cff["references"][1:]:
        assert reference["type"] and reference["title"] and reference["authors"]
        if "doi" in reference:  # the same DOI as the formulary's citation of that source
            assert "doi:" + reference["doi"] in citations[source_key(reference)]
        if "year" in reference:
            assert str(reference["year"]) in citations[source_key(reference)]


def test_no_citation_claims_more_than_was_recorded(cff):
    by_key = {source_key(r): r for r in cff["references"][1:]}
    maudsley = by_key["maudsley"]
    # The edition the data names, with the caveat that the copy read did not print it.
    assert (maudsley["edition"], maudsley["year"]) == ("14", 2021)
    assert maudsley["notes"].startswith("Read from a third-party web reproduction of the table, which did not print its edition")
    assert maudsley["url"] == "https://www.maudsley-prescribing-guidelines.co.uk/"
    # A third-party copy is named as such.
    assert "third-party reproduction" in by_key["uptodate"]["notes"]
    assert "secondary copy" in by_key["huhn2019"]["notes"]
