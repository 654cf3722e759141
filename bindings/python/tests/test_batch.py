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
         "sdm_match_batch: k = 0; it must be 1 to 36"),
        (numpy.zeros((1, 37), dtype=numpy.int32), libsdm.InvalidArgumentError,
         "sdm_match_batch: k = 37; it must be 1 to 36"),
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
    with pytest.raises(libsdm.NotFoundError):
        formulary.match_many(good, scheme="best")


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
