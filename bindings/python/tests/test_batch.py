# libsdm - formulary.match_many(): many rankings in one call, no loop in Python.
# SPDX-License-Identifier: MIT
import os
import subprocess
import sys
import time

import numpy
import pytest

import libsdm
from conftest import QUICKSTART_AVOID


def rows_of(catalogue, *rankings, k=5):
    """An int array of catalogue indices, one ranking per row, padded with -1."""
    return numpy.array([[catalogue.index(e) for e in r] + [-1] * (k - len(r)) for r in rankings])


def test_one_row_equals_match(formulary, catalogue):
    result = formulary.match_many(rows_of(catalogue, QUICKSTART_AVOID))
    match = formulary.match(libsdm.Ranking(catalogue, avoid=QUICKSTART_AVOID))
    assert isinstance(result, libsdm.BatchResult)
    assert result.medications.shape == result.scores.shape == result.indices.shape == (1, 1)
    assert result.medications[0, 0] == match[0].medication.id == "cariprazine"
    # Cariprazine's consensus ratings +, 0, +, 0, ++ (worked in test_match.py): (137 + 47 + 2 * 12)/900 = 52/225.
    assert result.scores[0, 0] == match[0].score == pytest.approx(52 / 225, abs=1e-15)
    assert formulary[int(result.indices[0, 0])].id == "cariprazine"
    assert result.indices.dtype == numpy.int32 and result.scores.dtype == numpy.float64


def test_many_rows_top_3_and_short_rows(formulary, catalogue):
    rankings = [QUICKSTART_AVOID, ["dry_mouth", "weight_gain"], ["tremor"], ["weight_loss", "stiff_muscles", "tremor"]]
    result = formulary.match_many(rows_of(catalogue, *rankings), top=3)
    assert result.scores.shape == (4, 3)
    for row, avoid in enumerate(rankings):
        match = formulary.match(libsdm.Ranking(catalogue, avoid=avoid))
        assert list(result.medications[row]) == [e.medication.id for e in match[:3]]
        assert list(result.scores[row]) == [e.score for e in match[:3]]  # the same computation, to the bit


def test_options_apply_as_in_match(formulary, catalogue):
    rows = rows_of(catalogue, QUICKSTART_AVOID, ["weight_gain", "less_sex_drive"])
    for options in (dict(scheme="equal"), dict(severity_scale=(0, 1, 3, 9)), dict(unknown="worst"),
                    dict(unknown="exclude"), dict(require_formulation="long_acting_injection"),
                    dict(exclude=["cariprazine"]), dict(weights=[0.6, 0.3, 0.05, 0.03, 0.02])):
        result = formulary.match_many(rows, top=2, **options)
        for row, avoid in enumerate([QUICKSTART_AVOID, ["weight_gain", "less_sex_drive"]]):
            match = formulary.match(libsdm.Ranking(catalogue, avoid=avoid), **options)
            assert list(result.medications[row]) == [e.medication.id for e in match[:2]], options
            assert list(result.scores[row]) == pytest.approx([e.score for e in match[:2]], abs=1e-15)


def test_fewer_medications_than_top(formulary, catalogue):
    result = formulary.match_many(rows_of(catalogue, ["weight_gain"]), top=21,
                                  require_licence="US", exclude=["olanzapine"])
    ranked = len(formulary.match(libsdm.Ranking(catalogue, avoid=["weight_gain"]), require_licence="US",
                                 exclude=["olanzapine"]))
    # 15 medicines licensed in the US (data 2026.12, licences.csv), less olanzapine (excluded by request)
    # and clozapine (its restriction: treatment-resistant schizophrenia only)
    assert ranked == 13
    assert all(m is not None for m in result.medications[0, :ranked])
    assert list(result.medications[0, ranked:]) == [None] * (21 - ranked)
    assert numpy.isnan(result.scores[0, ranked:]).all()
    assert (result.indices[0, ranked:] == -1).all()


def test_input_types(formulary, catalogue):
    lists = [[catalogue.index(e) for e in QUICKSTART_AVOID]]
    int32 = numpy.array(lists * 3, dtype=numpy.int32)
    for rows in (lists, numpy.array(lists, dtype=numpy.int64), numpy.array(lists, dtype=numpy.uint8),
                 numpy.array(lists, dtype=numpy.uint64), numpy.array(lists, dtype=">i4"),
                 numpy.asfortranarray(int32), int32[::2], numpy.array(lists + [[-1] * 5], dtype=numpy.int64)):
        assert formulary.match_many(rows).medications[0, 0] == "cariprazine"
    empty = formulary.match_many(numpy.empty((0, 5), dtype=numpy.int32), top=2)
    assert empty.medications.shape == empty.scores.shape == (0, 2)


def test_ids_are_made_when_asked_for(formulary, catalogue):
    """The indices and scores come from C; the ids only when first read (then kept)."""
    rows = rows_of(catalogue, QUICKSTART_AVOID, ["weight_gain"])
    result = formulary.match_many(rows, top=20)
    assert result._medications is None
    ids = result.medications
    assert result.medications is ids
    assert ids.dtype == object and ids.shape == (2, 20)
    # 18 ranked (clozapine is left out by its restriction), then no medicine
    assert list(ids[0, :18]) == [formulary[int(i)].id for i in result.indices[0, :18]]
    assert list(ids[:, 18]) == list(ids[:, 19]) == [None, None]
    medications, scores, indices = result  # unpacks as the three arrays
    assert medications is ids and scores is result.scores and indices is result.indices
    assert repr(result) == "<libsdm.BatchResult: 2 rankings, top 20>"


def test_errors(formulary, catalogue):
    good = rows_of(catalogue, QUICKSTART_AVOID)
    cases = [
        (numpy.array([[6, 0], [99, 1]]), libsdm.InvalidArgumentError,
         "row 1, column 0: side effect index 99 is out of range (0..35)"),
        (numpy.array([[6, 1, 6]]), libsdm.DuplicateError, "row 0: side effect index 6 is given twice (columns 0 and 2)"),
        (numpy.array([6, 1]), libsdm.InvalidArgumentError, None),
        (numpy.array([[6.0, 1.0]]), libsdm.InvalidArgumentError, None),
        (numpy.array([[6, 2 ** 40]]), libsdm.InvalidArgumentError,
         "a catalogue index in the rankings does not fit in 32 bits"),
        (numpy.array([[6, -2 ** 31 - 1]]), libsdm.InvalidArgumentError,
         "a catalogue index in the rankings does not fit in 32 bits"),
        (numpy.array([[6, 2 ** 31]], dtype=numpy.uint32), libsdm.InvalidArgumentError,
         "a catalogue index in the rankings does not fit in 32 bits"),
        (numpy.array([[6, 2 ** 63]], dtype=numpy.uint64), libsdm.InvalidArgumentError,
         "a catalogue index in the rankings does not fit in 32 bits"),
        (numpy.empty((2, 0), dtype=numpy.int32), libsdm.InvalidArgumentError,
         "sdm_match_batch_ext: k = 0; it must be 1 to 36"),
        (numpy.zeros((1, 37), dtype=numpy.int32), libsdm.InvalidArgumentError,
         "sdm_match_batch_ext: k = 37; it must be 1 to 36"),
    ]
    for rows, error, message in cases:
        with pytest.raises(error) as info:
            formulary.match_many(rows)
        if message is not None:
            assert str(info.value) == message
    with pytest.raises(libsdm.InvalidArgumentError) as info:
        formulary.match_many(good, top=0)
    assert str(info.value) == "top must be at least 1, not 0"
    with pytest.raises(libsdm.NotFoundError):
        formulary.match_many(good, exclude=["olanzapin"])
    with pytest.raises(libsdm.SchemaError) as info:  # the library reads the options from an sdm-options document
        formulary.match_many(good, scheme="best")
    assert str(info.value) == "scheme: unknown weighting scheme 'best' (roc, rank_sum, reciprocal, equal, " \
                              "lexicographic or custom)"


def test_the_generated_call_checks_its_arrays(formulary):
    f = formulary._h
    rows = numpy.arange(6, dtype=numpy.int32).reshape(2, 3)
    best = numpy.empty((2, 1), dtype=numpy.int32)
    scores = numpy.empty((2, 1))
    assert libsdm.core.sdm_python_match_batch(f, None, rows, best, scores) is None
    with pytest.raises(TypeError):
        libsdm.core.sdm_python_match_batch(f, None, rows.astype(numpy.int64), best, scores)
    with pytest.raises(TypeError):
        libsdm.core.sdm_python_match_batch(f, None, rows, best, scores.astype(numpy.float32))
    with pytest.raises(TypeError):
        libsdm.core.sdm_python_match_batch(f, None, rows, best[:, 0], scores)
    with pytest.raises(ValueError):  # read-only output
        libsdm.core.sdm_python_match_batch(f, None, rows, numpy.frombuffer(bytes(8), dtype=numpy.int32).reshape(2, 1),
                                        scores)
    with pytest.raises(libsdm.InvalidArgumentError):
        libsdm.core.sdm_python_match_batch(f, None, rows, numpy.empty((3, 1), dtype=numpy.int32), scores)


def test_a_large_batch_runs_in_c(formulary, catalogue):
    generator = numpy.random.default_rng(2026)
    rows = numpy.argsort(generator.random((200_000, 36)), axis=1)[:, :5].astype(numpy.int32)
    started = time.perf_counter()
    result = formulary.match_many(rows)
    elapsed = time.perf_counter() - started
    if not os.environ.get("SDM_UNDER_VALGRIND"):
        assert elapsed < 2.0, elapsed  # a Python loop over match() would take tens of seconds
    for row in (0, 1, 99_999, 199_999):
        match = formulary.match(libsdm.Ranking(catalogue, avoid=[catalogue[int(i)].id for i in rows[row]]))
        assert result.medications[row, 0] == match[0].medication.id
        assert result.scores[row, 0] == match[0].score


def test_threads_share_a_formulary(formulary):
    """The batch call runs without the GIL; threads on one formulary get the same results as one thread."""
    from concurrent.futures import ThreadPoolExecutor

    generator = numpy.random.default_rng(7)
    rows = numpy.argsort(generator.random((20_000, 36)), axis=1)[:, :5].astype(numpy.int32)
    alone = formulary.match_many(rows, top=3)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda chunk: formulary.match_many(chunk, top=3), numpy.array_split(rows, 8)))
    assert (numpy.concatenate([r.indices for r in results]) == alone.indices).all()
    assert (numpy.concatenate([r.scores for r in results]) == alone.scores).all()


WRITER_SCRIPT = r"""
import sys, threading
import numpy
import libsdm

rounds, top = int(sys.argv[1]), int(sys.argv[2])
formulary = libsdm.Formulary.default()
rows = numpy.argsort(numpy.random.default_rng(16).random((100_000, 36)), axis=1)[:, :5].astype(numpy.int32)
good = rows.copy()
stop = threading.Event()

def writer():
    # Out-of-range and negative values into one column at a time, and back.
    bad = (2 ** 30, -2 ** 30, 2 ** 31 - 1, -2 ** 31, 36)
    i = 0
    while not stop.is_set():
        rows[:, i % 5] = bad[i % len(bad)]
        rows[:, i % 5] = good[:, i % 5]
        i += 1

thread = threading.Thread(target=writer)
thread.start()
ok = errors = 0
try:
    for _ in range(rounds):
        try:
            result = formulary.match_many(rows, top=top)
        except libsdm.Error as error:
            assert str(error).startswith("row "), str(error)
            errors += 1
        else:
            ranked = result.indices[result.indices >= 0]
            assert ((0 <= ranked) & (ranked < len(formulary))).all()
            ok += 1
finally:
    stop.set()
    thread.join()
print(ok + errors, "calls")
"""


@pytest.mark.parametrize("top, rounds", [(1, 150), (3, 30)])
def test_a_thread_writing_the_rankings_never_crashes_the_batch(tmp_path, top, rounds):
    """Issue 16: the batch checked a row, then read it again to score it, from the caller's array and
    without the GIL, so another thread writing it made it read an unchecked index (before the fix
    a segfault in 5 of 6 runs of these two cases). Now it reads a copy: each call either returns
    (every medicine a valid position) or raises the library's error for a row it saw out of range."""
    script = tmp_path / "writer.py"
    script.write_text(WRITER_SCRIPT, encoding="utf-8")
    result = subprocess.run([sys.executable, str(script), str(rounds), str(top)], capture_output=True, text=True,
                            env=dict(os.environ), timeout=300)
    assert result.returncode == 0, (result.returncode, result.stderr[-2000:])
    assert result.stdout == "%d calls\n" % rounds


def test_helpful_side_effects_as_in_match(formulary, catalogue):
    """Each row's helpful side effects are scored as match() scores them, to the bit."""
    rankings = [QUICKSTART_AVOID, ["dry_mouth", "weight_gain"], [], ["tremor"]]
    helpful = [["night_sleepiness"], [], ["night_sleepiness", "weight_loss"], ["weight_loss"]]
    result = formulary.match_many(rows_of(catalogue, *rankings), top=4,
                                  helpful=rows_of(catalogue, *helpful, k=2))
    for row, (avoid, good) in enumerate(zip(rankings, helpful)):
        match = formulary.match(libsdm.Ranking(catalogue, avoid=avoid, helpful=good))
        assert list(result.medications[row]) == [e.medication.id for e in match[:4]]
        assert list(result.scores[row]) == [e.score for e in match[:4]]
        assert list(result.ranks[row]) == [e.rank for e in match[:4]]
        assert list(result.tied[row]) == [sum(o.rank == e.rank for o in match) for e in match[:4]]
    # A 1-D array is the same helpful side effects for every row.
    night = catalogue.index("night_sleepiness")
    both = formulary.match_many(rows_of(catalogue, QUICKSTART_AVOID, ["weight_gain"]), helpful=[night])
    assert both.medications[0, 0] == "cariprazine"
    assert both.scores[0, 0] == formulary.match(libsdm.Ranking(catalogue, avoid=QUICKSTART_AVOID,
                                                               helpful=["night_sleepiness"]))[0].score


def test_ties_are_never_hidden(formulary, catalogue):
    # Weight gain alone (weight 1): its consensus is + (1/3) for eight medicines, listed by name, all rank 1
    # and tied 8; ++ (2/3) for nine (asenapine, chlorpromazine, flupentixol, iloperidone, paliperidone,
    # quetiapine, risperidone, trifluoperazine, zuclopenthixol), rank 9 and tied 9.
    result = formulary.match_many(rows_of(catalogue, ["weight_gain"]), top=10)
    assert list(result.medications[0]) == ["amisulpride", "aripiprazole", "brexpiprazole", "cariprazine",
                                           "haloperidol", "lurasidone", "sulpiride", "ziprasidone", "asenapine",
                                           "chlorpromazine"]
    assert list(result.ranks[0]) == [1] * 8 + [9, 9]
    assert list(result.tied[0]) == [8] * 8 + [9, 9]
    assert result.scores[0, :8] == pytest.approx([1 / 3] * 8, abs=1e-15)
    # With top = 1 the tie is still counted: the best is only the first by name of eight. Stiff muscles, then
    # weight gain (weights 3/4, 1/4): six rate both + (1/3; clozapine, none and +++, 1/4, is left out by its
    # restriction), so both rows tie for first.
    one = formulary.match_many(rows_of(catalogue, ["weight_gain"], ["stiff_muscles", "weight_gain"]))
    assert list(one.medications[:, 0]) == ["amisulpride", "amisulpride"]
    assert list(one.tied[:, 0]) == [8, 6] and list(one.ranks[:, 0]) == [1, 1]
    assert one.tied_first == 2
    assert one.ranks.dtype == one.tied.dtype == numpy.int32


def test_a_row_with_no_side_effect_gets_no_result(formulary, catalogue):
    rows = numpy.array([[-1, -1], [catalogue.index("weight_gain"), -1]])
    result = formulary.match_many(rows, top=2)
    assert list(result.medications[0]) == [None, None] and list(result.indices[0]) == [-1, -1]
    assert numpy.isnan(result.scores[0]).all()
    assert list(result.ranks[0]) == [0, 0] and list(result.tied[0]) == [0, 0]
    assert result.medications[1, 0] == "amisulpride"
    # Nothing ranked but sleepiness at night helpful (weight 1): the four ranked that rate it +++ tie at -1
    # (clozapine, +++ too, is left out by its restriction).
    helpful_only = formulary.match_many(numpy.array([[-1]]), top=6,
                                        helpful=numpy.array([[catalogue.index("night_sleepiness")]]))
    assert list(helpful_only.medications[0, :4]) == ["chlorpromazine", "olanzapine", "quetiapine", "zuclopenthixol"]
    assert list(helpful_only.scores[0, :4]) == [-1.0] * 4
    assert list(helpful_only.tied[0]) == [4] * 4 + [5] * 2  # the fifth and sixth: ++ (-2/3) for five more


def test_first_places_share_the_credit_of_a_tie(formulary, catalogue):
    # Four answers: weight gain alone (eight tied for first, 1/8 each); day sleepiness alone (cariprazine and
    # sulpiride rate it none: 1/2 each); stiff muscles, then weight gain (weights 3/4, 1/4: six rate both +,
    # 1/3, and tie, 1/6 each: amisulpride, aripiprazole, brexpiprazole, cariprazine, sulpiride, ziprasidone;
    # clozapine, 1/4, is left out by its restriction); and a missing answer (no result). Credit: cariprazine
    # and sulpiride 1/8 + 1/2 + 1/6 = 19/24, amisulpride, aripiprazole, brexpiprazole and ziprasidone
    # 1/8 + 1/6 = 7/24, haloperidol and lurasidone 1/8.
    rows = rows_of(catalogue, ["weight_gain"], ["day_sleepiness"], ["stiff_muscles", "weight_gain"], [], k=2)
    result = formulary.match_many(rows, top=19)
    firsts = result.first_places()
    assert list(firsts.columns) == ["medication", "name", "first", "share"]
    assert firsts["medication"].tolist() == [m.id for m in formulary]
    credit = dict(zip(firsts["medication"], firsts["first"]))
    expected = dict.fromkeys((m.id for m in formulary), 0.0)
    expected.update(amisulpride=7 / 24, aripiprazole=7 / 24, brexpiprazole=7 / 24, cariprazine=19 / 24,
                    haloperidol=1 / 8, lurasidone=1 / 8, sulpiride=19 / 24, ziprasidone=7 / 24)
    assert credit == pytest.approx(expected, abs=1e-15)
    assert firsts["first"].sum() == pytest.approx(3.0)  # one per ranking with a result
    assert dict(zip(firsts["medication"], firsts["share"]))["cariprazine"] == pytest.approx(19 / 72)
    assert (firsts.attrs["rankings"], firsts.attrs["no_result"], firsts.attrs["tied_first"]) == (3, 1, 3)
    assert firsts.attrs["data_version"] == formulary.version
    # Fewer places than a tie for first is wide: the credit cannot be shared, and the error says what to do.
    with pytest.raises(libsdm.InvalidArgumentError) as info:
        formulary.match_many(rows, top=2).first_places()
    assert str(info.value) == ("row 0 has 8 medicines tied for first place, more than top = 2: match with top = 8 "
                               "or more to share the credit")


def test_helpful_errors(formulary, catalogue):
    rows = rows_of(catalogue, ["weight_gain", "dry_mouth"])
    with pytest.raises(libsdm.ConflictError) as info:
        formulary.match_many(rows, helpful=numpy.array([[catalogue.index("dry_mouth")]]))
    assert str(info.value) == "row 0: side effect index 10 is both ranked (column 1) and helpful (helpful column 0)"
    with pytest.raises(libsdm.InvalidArgumentError) as info:
        formulary.match_many(rows, helpful=numpy.array([[2], [3]]))
    assert str(info.value) == "the helpful side effects must have one row per ranking"
    with pytest.raises(libsdm.InvalidArgumentError) as info:
        formulary.match_many(rows, helpful=numpy.array([[2.0]]))
    assert str(info.value).startswith("the helpful side effects must be a 2-D array of integer catalogue indices")
