# libsdm - create and drop 100,000 catalogues, rankings and matches: the resident set stays flat.
# SPDX-License-Identifier: MIT
import os
import time

import pytest

import libsdm
from conftest import QUICKSTART_AVOID, QUICKSTART_HELPFUL

ITERATIONS = int(os.environ.get("SDM_MEMORY_ITERATIONS", "100000"))


def resident_bytes():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@pytest.mark.memory
def test_objects_are_freed_when_dropped():
    formulary = libsdm.Formulary.default()
    warm, rss = ITERATIONS // 10, {}
    started = time.perf_counter()
    for i in range(1, ITERATIONS + 1):
        catalogue = libsdm.Catalogue.default()
        ranking = libsdm.Ranking(catalogue, avoid=QUICKSTART_AVOID, helpful=QUICKSTART_HELPFUL, completed_by="carer")
        match = formulary.match(ranking, exclude={"olanzapine": "tried before"})
        # Also what hands over text (the reason) and lends pointers (the excluded medication).
        assert libsdm.core.sdm_match_reason(match._h, 0).startswith("Weight gain +")
        # excluded in the formulary's order: clozapine (its restriction), then olanzapine (the request)
        assert libsdm.core.sdm_profile_id(libsdm.core.sdm_match_excluded_profile(match._h, 1)) == "olanzapine"
        # And what hands over tuples of a formulary's records (a reading, a number with its words).
        assert libsdm.core.sdm_profile_reading(formulary["cariprazine"]._h, 6, 0)[0] == "maudsley"
        assert libsdm.core.sdm_profile_evidence(formulary["cariprazine"]._h, 6, 0)[-1].startswith("in trials")
        if i % 100 == 0:  # a decision record re-opened and run again
            assert libsdm.Record(match.record()).rerun(formulary).changes["summary"] == "Nothing has changed."
        if i in (warm, ITERATIONS):
            rss[i] = resident_bytes()
    growth = rss[ITERATIONS] - rss[warm]
    print("\nresident set after %d iterations: %.1f MB; after %d: %.1f MB; growth %+.2f MB; %.1f s"
          % (warm, rss[warm] / 1e6, ITERATIONS, rss[ITERATIONS] / 1e6, growth / 1e6,
             time.perf_counter() - started))
    assert growth < 5 * 1024 * 1024
