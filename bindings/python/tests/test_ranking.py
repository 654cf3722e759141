# libsdm - libsdm.Ranking.
# SPDX-License-Identifier: MIT
import json

import pytest

import libsdm
from conftest import QUICKSTART_AVOID


def test_the_order_of_avoid_is_the_rank(ranking, catalogue):
    assert ranking.avoid == tuple(QUICKSTART_AVOID)
    assert ranking.helpful == ("night_sleepiness",)
    assert ranking.completed_by == "service_user"
    assert ranking.max_rank == 5
    assert ranking.catalogue is catalogue
    assert [ranking.rank_of(e) for e in QUICKSTART_AVOID] == [1, 2, 3, 4, 5]
    assert ranking.rank_of("night_sleepiness") is None
    ranking.validate()
    assert repr(ranking) == ("<libsdm.Ranking avoid=['weight_gain', 'day_sleepiness', 'stiff_muscles', "
                             "'less_sex_drive', 'dry_mouth'] helpful=['night_sleepiness'] "
                             "completed_by='service_user'>")


def test_empty_ranking(catalogue):
    ranking = libsdm.Ranking(catalogue)
    assert (ranking.avoid, ranking.helpful, ranking.completed_by) == ((), (), None)
    ranking.validate()


def test_helpful_items_are_in_catalogue_order(catalogue):
    ranking = libsdm.Ranking(catalogue, helpful=["weight_loss", "night_sleepiness"])
    assert ranking.helpful == ("night_sleepiness", "weight_loss")


def test_editing(catalogue):
    ranking = libsdm.Ranking(catalogue, avoid=["weight_gain"])
    ranking.add_avoid("dry_mouth")
    ranking.add_avoid("tremor", rank=3)
    ranking.add_helpful("night_sleepiness")
    assert ranking.avoid == ("weight_gain", "dry_mouth", "tremor")
    assert ranking.rank_of("tremor") == 3
    ranking.remove("dry_mouth")
    assert ranking.avoid == ("weight_gain", "tremor")
    with pytest.raises(libsdm.InvalidArgumentError) as info:
        ranking.validate()
    assert str(info.value) == "rank 2 is missing: ranks must run from 1 to 3 without a gap"
    ranking.remove("night_sleepiness")
    assert ranking.helpful == ()
    ranking.completed_by = "carer"
    ranking.clear()
    assert (ranking.avoid, ranking.helpful, ranking.completed_by) == ((), (), "carer")


def test_completed_by(catalogue):
    for who in ("service_user", "carer", "together", None):
        assert libsdm.Ranking(catalogue, completed_by=who).completed_by == who
    # The library's id of "not recorded" is the same as None.
    assert libsdm.Ranking(catalogue, completed_by="unspecified").completed_by is None
    # The library knows the ids and suggests the closest one.
    for bad, message in (("doctor", "unknown completed_by value 'doctor' (unspecified, service_user, carer or "
                                    "together)"),
                         ("carers", "unknown completed_by value 'carers' (did you mean 'carer'?)")):
        with pytest.raises(libsdm.NotFoundError) as info:
            libsdm.Ranking(catalogue, completed_by=bad)
        assert str(info.value) == message and info.value.status == libsdm.core.SDM_ERR_NOT_FOUND
    with pytest.raises(TypeError):
        libsdm.Ranking(catalogue, completed_by=1)


def test_max_rank(catalogue):
    six = ["weight_gain", "day_sleepiness", "stiff_muscles", "less_sex_drive", "dry_mouth", "tremor"]
    ranking = libsdm.Ranking(catalogue, avoid=six, max_rank=6)
    assert ranking.max_rank == 6 and ranking.avoid == tuple(six)
    with pytest.raises(libsdm.InvalidArgumentError) as info:
        ranking.max_rank = 5
    assert str(info.value) == "the maximum rank 5 is below rank 6, which is given to 'tremor'"
    with pytest.raises(libsdm.InvalidArgumentError) as info:
        ranking.max_rank = 0
    assert str(info.value) == "the maximum rank 0 is out of range: it runs from 1 to 36"


def test_errors_carry_the_library_message(catalogue):
    six = ["weight_gain", "day_sleepiness", "stiff_muscles", "less_sex_drive", "dry_mouth", "tremor"]
    cases = [
        (dict(avoid=six), libsdm.InvalidArgumentError,
         "rank 6 for 'tremor' is out of range: ranks run from 1 to 5"),
        (dict(avoid=["weight_gain", "weight_gain"]), libsdm.DuplicateError, "'weight_gain' is already ranked 1"),
        (dict(helpful=["weight_loss", "weight_loss"]), libsdm.DuplicateError,
         "'weight_loss' is already ticked as helpful"),
        (dict(avoid=["weight_gain"], helpful=["weight_gain"]), libsdm.ConflictError,
         "'weight_gain' is ranked 1 to avoid, so it cannot also be helpful"),
        (dict(avoid=["weight_gian"]), libsdm.NotFoundError,
         "unknown side effect 'weight_gian' (did you mean 'weight_gain'?)"),
    ]
    for kwargs, error, message in cases:
        with pytest.raises(error) as info:
            libsdm.Ranking(catalogue, **kwargs)
        assert str(info.value) == message
        assert str(info.value) == libsdm.core.sdm_last_error()
        assert isinstance(info.value, libsdm.Error)
    ranking = libsdm.Ranking(catalogue, helpful=["night_sleepiness"])
    with pytest.raises(libsdm.ConflictError) as info:
        ranking.add_avoid("night_sleepiness")
    assert str(info.value) == "'night_sleepiness' is ticked as helpful, so it cannot also be avoided"
    ranking.add_avoid("weight_gain", rank=1)
    with pytest.raises(libsdm.DuplicateError) as info:
        ranking.add_avoid("dry_mouth", rank=1)
    assert str(info.value) == "rank 1 is already given to 'weight_gain'"
    with pytest.raises(libsdm.NotFoundError) as info:
        ranking.remove("tremor")
    assert str(info.value) == "'tremor' is neither ranked nor ticked as helpful"
    with pytest.raises(libsdm.NotFoundError):
        ranking.rank_of("nothing")
    with pytest.raises(TypeError):
        libsdm.Ranking(catalogue, avoid="weight_gain")
    with pytest.raises(TypeError):
        libsdm.Ranking("manchester-36")


def test_json_round_trip(ranking, catalogue):
    text = ranking.to_json()
    document = json.loads(text)
    assert document["format"] == "sdm-ranking"
    assert document["completed_by"] == "service_user"
    again = libsdm.Ranking.from_json(catalogue, text)
    assert (again.avoid, again.helpful, again.completed_by, again.catalogue) == (
        ranking.avoid, ranking.helpful, "service_user", catalogue)
    with pytest.raises(libsdm.ParseError):
        libsdm.Ranking.from_json(catalogue, "[")
    with pytest.raises(libsdm.SchemaError):
        libsdm.Ranking.from_json(catalogue, '{"format": "sdm-options"}')
