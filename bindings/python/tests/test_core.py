# libsdm - the generated layer libsdm.core: ownership in any order, lent pointers, out parameters.
# SPDX-License-Identifier: MIT
import gc
import itertools
import shutil
import subprocess

import pytest

import libsdm
from libsdm import core


def make_all():
    cat = core.sdm_catalogue_default()
    f = core.sdm_formulary_default(cat)
    r = core.sdm_ranking_new(cat)
    core.sdm_ranking_avoid(r, "weight_gain", 1)
    o = core.sdm_match_options_new()
    m = core.sdm_match_run(f, r, o)
    return {"cat": cat, "f": f, "r": r, "o": o, "m": m, "p": core.sdm_formulary_profile(f, 4)}


@pytest.mark.parametrize("order", list(itertools.permutations(["cat", "f", "r", "o", "m", "p"]))[::37])
def test_objects_may_be_collected_in_any_order(order):
    objects = make_all()
    for i, name in enumerate(order):
        del objects[name]
        gc.collect()
        # What is left still works: the library's references keep the rest alive.
        if "m" in objects:
            assert core.sdm_profile_id(core.sdm_match_profile(objects["m"], 0)) == "amisulpride"
        if "p" in objects:
            assert core.sdm_profile_name(objects["p"]) == "Cariprazine"
            assert core.sdm_catalogue_count(core.sdm_formulary_catalogue(core.sdm_profile_formulary(objects["p"]))) == 36


def test_lent_pointers_keep_their_owner_alive():
    objects = make_all()
    m = objects["m"]
    profile = core.sdm_match_profile(m, 0)
    formulary = core.sdm_match_formulary(m)
    ranking = core.sdm_match_ranking(m)
    options = core.sdm_match_options_used(m)
    catalogue = core.sdm_ranking_catalogue(ranking)
    del objects, m
    gc.collect()
    assert core.sdm_profile_id(profile) == "amisulpride"
    assert core.sdm_formulary_count(formulary) == 19
    assert core.sdm_ranking_avoid_count(ranking) == 1
    assert core.sdm_match_options_scheme(options) == core.SDM_WEIGHTS_ROC
    assert core.sdm_catalogue_id(catalogue, 6) == "weight_gain"


def test_the_ranking_of_a_match_is_a_copy():
    objects = make_all()
    copy = core.sdm_match_ranking(objects["m"])
    core.sdm_ranking_clear(copy)
    assert core.sdm_ranking_avoid_count(core.sdm_match_ranking(objects["m"])) == 1


def test_out_of_range_is_an_error_not_a_null():
    objects = make_all()
    with pytest.raises(IndexError):
        core.sdm_formulary_profile(objects["f"], 19)
    with pytest.raises(IndexError):
        core.sdm_match_profile(objects["m"], 19)
    with pytest.raises(IndexError):  # one excluded: clozapine, by its restriction
        core.sdm_match_excluded_profile(objects["m"], 1)
    with pytest.raises(libsdm.NotFoundError):
        core.sdm_formulary_find(objects["f"], "nothing")
    with pytest.raises(libsdm.InvalidArgumentError):
        core.sdm_match_run(None, objects["r"], None)
    assert core.sdm_catalogue_id(objects["cat"], 36) is None  # a getter's documented "none"


def test_out_parameters():
    cat = core.sdm_catalogue_default()
    assert core.sdm_catalogue_find(cat, "weight_gain") == 6
    r = core.sdm_ranking_new(cat)
    core.sdm_ranking_avoid(r, "dry_mouth", 1)
    assert core.sdm_ranking_at(r, 1) == core.sdm_catalogue_find(cat, "dry_mouth")
    assert core.sdm_weight_scheme_from_id("rank_sum") == core.SDM_WEIGHTS_RANK_SUM
    assert core.sdm_match_options_weights(None, 5) == pytest.approx((0.45666666666666667, 0.25666666666666665,
                                                                     0.15666666666666665, 0.09, 0.04), abs=1e-15)
    assert core.sdm_match_options_weights(None, 1) == (1.0,)
    with pytest.raises(libsdm.InvalidArgumentError):
        core.sdm_match_options_weights(None, 0)
    with pytest.raises(libsdm.InvalidArgumentError):
        core.sdm_match_options_weights(None, 37)
    text = core.sdm_ranking_to_json(r)
    assert core.sdm_ranking_avoid_count(core.sdm_ranking_from_json(cat, text)) == 1
    assert core.sdm_ranking_avoid_count(core.sdm_ranking_from_json(cat, text.encode())) == 1
    with pytest.raises(TypeError):
        core.sdm_ranking_from_json(cat, 42)


def test_options_round_trip_and_record():
    o = core.sdm_match_options_new()
    core.sdm_match_options_set_severity_scale(o, (0, 1, 3, 9))
    core.sdm_match_options_set_custom_weights(o, [3, 2, 1])
    core.sdm_match_options_set_helpful_weight(o, 0.5)
    again = core.sdm_match_options_from_json(core.sdm_match_options_to_json(o))
    assert core.sdm_match_options_scheme(again) == core.SDM_WEIGHTS_CUSTOM
    assert core.sdm_match_options_weights(again, 3) == (3.0, 2.0, 1.0)
    assert core.sdm_match_options_severity(again, 2) == pytest.approx(3 / 9)
    assert core.sdm_match_options_helpful_weight(again) == 0.5
    with pytest.raises(ValueError):
        core.sdm_match_options_set_severity_scale(o, (0, 1, 2))
    with pytest.raises(TypeError):
        core.sdm_match_options_set_custom_weights(o, 3)


def test_constants_and_static_texts():
    assert core.sdm_version() == libsdm.__version__ == "0.2.0"
    assert core.SDM_VERSION_STRING == "0.2.0"
    assert core.sdm_card_legend() == "+ uncommon or mild; ++ commoner or moderately severe; +++ common or more severe."
    assert [core.sdm_rating_mark(r) for r in range(-1, 4)] == ["?", "0", "+", "++", "+++"]
    assert [core.sdm_completed_by_id(w) for w in range(4)] == ["unspecified", "service_user", "carer", "together"]
    assert [core.sdm_unknown_policy_id(p) for p in range(3)] == ["middle", "worst", "exclude"]
    assert core.SDM_MAX_RANK == 36


def test_what_is_not_wrapped():
    for name in ("sdm_free", "sdm_catalogue_free", "sdm_formulary_free", "sdm_ranking_free",
                 "sdm_match_options_free", "sdm_match_free", "sdm_set_alloc_funcs", "sdm_card_format",
                 "sdm_match_batch", "sdm_catalogue_ref", "sdm_formulary_ref"):
        assert not hasattr(core, name), name


def test_the_extension_is_self_contained():
    """libsdm is linked in statically and none of its symbols is exported: only the module's init."""
    nm, ldd = shutil.which("nm"), shutil.which("ldd")
    if not nm or not ldd:
        pytest.skip("needs nm and ldd")
    extension = libsdm._core.__file__
    symbols = subprocess.run([nm, "-D", "--defined-only", extension], capture_output=True, text=True, check=True)
    assert [line.split()[-1] for line in symbols.stdout.splitlines()] == ["PyInit__core"]
    libraries = subprocess.run([ldd, extension], capture_output=True, text=True, check=True)
    assert "libsdm" not in libraries.stdout
