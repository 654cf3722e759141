#!/usr/bin/python3
# libsdm - benchmarks (issue 6): the numpy reference of the C batch, and the
# batch call through the Python binding, on the rankings `sdm-bench batch --out
# DIR` wrote. Both are checked against the C results. Run by tests/bench/run.sh.
# SPDX-License-Identifier: MIT
#
# Output lines (for run.sh):
#   numpy rows=N k=K repeat=R best_s=S median_s=S equal=1 max_score_diff=D
#   numpy_direct ... (the same, written directly, for comparison)
#   python_binding rows=N k=K repeat=R best_s=S median_s=S equal=1
#   python_binding status=pending reason=...
"""numpy reference and Python-binding timing for tests/bench/run.sh."""

import argparse
import json
import os
import sys
import time

import numpy

def load_model(data, k):
    """The default data as the C batch sees it, written by `sdm-bench batch --out`
    from the library's own reading of the formulary: severities (none 0, + 1/3,
    ++ 2/3, +++ 1, unknown 0.5; items x medicines in name order, then id), the
    ids in that order, ROC weights for k, and the tie tolerance of a k-item
    ranking (sdm_match_tie_tolerance(): k (sum of the weights 2^-50 + 2^-1072))."""
    with open(os.path.join(data, "by_name.txt"), encoding="utf-8") as fp:
        ids = numpy.array(fp.read().split())
    severity = numpy.fromfile(os.path.join(data, "severity.f64"), dtype=numpy.float64).reshape(-1, len(ids))
    weights = numpy.fromfile(os.path.join(data, "weights.f64"), dtype=numpy.float64)
    tie = float(numpy.fromfile(os.path.join(data, "tie.f64"), dtype=numpy.float64)[0])
    if len(weights) != k:
        raise ValueError("weights.f64 holds %d weights, not k = %d" % (len(weights), k))
    return {"severity": numpy.ascontiguousarray(severity), "ids": ids, "weights": weights, "tie": tie}


def outputs(n):
    """The result arrays of n rows: (medicine, score). Every version timed
    here writes into arrays made once, outside the timing, as sdm-bench's C
    batch does: the first touch of 12 MB of fresh pages costs about as much as
    the whole C batch on this guest (a cost of the kernel, the same for any
    implementation), and would otherwise be most of what is compared."""
    return numpy.empty(n, dtype=numpy.intp), numpy.empty(n)


def top1_numpy(rankings, model, out, chunk=2048):
    """Top-1 medicine (name-order position) and its score for each row of a
    (n x 5) int32 array of catalogue indices, as sdm_match_batch(top = 1) does,
    written into out = (medicine, score) (see outputs()).

    The per-rank products w[c] * severity are summed ahead into two tables,
    one for ranks 1-3 (items^3 rows) and one for ranks 4-5 (items^2 rows), so a
    row costs two row gathers and one add; rows go in cache-sized chunks into
    preallocated buffers. The row minimum is taken column by column (numpy's
    reduction along a short last axis is three times slower); the first
    medicine in name order within the tie tolerance of it wins.
    """
    n, k = rankings.shape
    if k != 5:
        raise ValueError("the reference is written for k = 5")
    sev, w = model["severity"], model["weights"]
    items, meds = sev.shape
    per_rank = [w[c] * sev for c in range(k)]  # items x medicines each
    first3 = ((per_rank[0][:, None, :] + per_rank[1][None, :, :])[:, :, None, :]
              + per_rank[2][None, None, :, :]).reshape(items ** 3, meds)
    last2 = (per_rank[3][:, None, :] + per_rank[4][None, :, :]).reshape(items * items, meds)
    cols = numpy.ascontiguousarray(rankings.T)
    triple = (cols[0] * numpy.int32(items) + cols[1]) * numpy.int32(items) + cols[2]
    pair = cols[3] * numpy.int32(items) + cols[4]

    best, score = out
    acc_buf = numpy.empty((chunk, meds))
    tmp_buf = numpy.empty((chunk, meds))
    near_buf = numpy.empty((chunk, meds), dtype=bool)
    low_buf = numpy.empty(chunk)
    row_start = numpy.arange(chunk) * meds  # flat index of each row's first medicine
    for start in range(0, n, chunk):
        m = min(chunk, n - start)
        acc, tmp, low = acc_buf[:m], tmp_buf[:m], low_buf[:m]
        numpy.take(first3, triple[start:start + m], axis=0, out=acc)
        numpy.take(last2, pair[start:start + m], axis=0, out=tmp)
        acc += tmp
        numpy.copyto(low, acc[:, 0])
        for j in range(1, meds):
            numpy.minimum(low, acc[:, j], out=low)
        numpy.subtract(acc, low[:, None], out=tmp)
        idx = numpy.less_equal(tmp, model["tie"], out=near_buf[:m]).argmax(axis=1)
        best[start:start + m] = idx
        score[start:start + m] = acc.ravel()[row_start[:m] + idx]
    return best, score


def top1_numpy_direct(rankings, model, out, chunk=4096):
    """The same, written directly in float64 and adding the terms in the
    library's order (0 + w1 s1, then + w2 s2, ...: each product and each sum
    rounded once, as sdm_match_run() does), so that it agrees with the C batch
    on every row, ties included, to the last bit."""
    n, k = rankings.shape
    sev, w = model["severity"], model["weights"][:k]
    best, score = out
    cols = numpy.ascontiguousarray(rankings.T)
    for start in range(0, n, chunk):
        stop = min(n, start + chunk)
        acc = w[0] * sev[cols[0, start:stop]]  # (m, medicines); 0 + x is x
        for c in range(1, k):
            acc += w[c] * sev[cols[c, start:stop]]
        low = acc.min(axis=1)
        idx = (acc - low[:, None] <= model["tie"]).argmax(axis=1)
        best[start:stop] = idx
        score[start:stop] = acc[numpy.arange(len(idx)), idx]
    return best, score


def c_batch(library):
    """sdm_match_batch(top = 1) of the C library, called through ctypes in this
    process, so that its rounds interleave with numpy's on the same machine."""
    import ctypes
    lib = ctypes.CDLL(library)
    cat, form = ctypes.c_void_p(), ctypes.c_void_p()
    if lib.sdm_catalogue_default(ctypes.byref(cat)) != 0 or lib.sdm_formulary_default(cat, ctypes.byref(form)) != 0:
        raise RuntimeError("the default data did not load")
    lib.sdm_match_batch.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
                                    ctypes.c_size_t, ctypes.c_size_t, ctypes.c_void_p, ctypes.c_void_p]

    def run(rankings, out):
        n, k = rankings.shape
        best, score = out
        if lib.sdm_match_batch(form, None, rankings.ctypes.data, n, k, 1, best.ctypes.data, score.ctypes.data) != 0:
            raise RuntimeError("sdm_match_batch failed")
        return best, score
    return run


def interleaved(fns, rounds):
    """Each function once per round, the order turned by one each round, after
    one untimed round: {name: [seconds per round]}."""
    names = list(fns)
    for name in names:
        fns[name]()
    seconds = {name: [] for name in names}
    for r in range(rounds):
        for j in range(len(names)):
            name = names[(j + r) % len(names)]
            t0 = time.perf_counter()
            fns[name]()
            seconds[name].append(time.perf_counter() - t0)
    return seconds


def timed(fn, repeat):
    """Runs fn() once to warm up, then `repeat` times: (sorted seconds, last result)."""
    result = fn()
    seconds = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        seconds.append(time.perf_counter() - t0)
    seconds.sort()
    return seconds, result


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--source-root", required=True)
    ap.add_argument("--data", required=True, help="the directory sdm-bench batch --out wrote")
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--library", help="the C library (libsdm.so.0) for the interleaved rounds")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--binding", help="the directory holding the built Python package libsdm (- or none: not built)")
    a = ap.parse_args()

    rankings = numpy.fromfile(os.path.join(a.data, "rankings.i32"), dtype=numpy.int32).reshape(-1, a.k)
    c_best = numpy.fromfile(os.path.join(a.data, "best.i32"), dtype=numpy.int32)
    c_scores = numpy.fromfile(os.path.join(a.data, "scores.f64"), dtype=numpy.float64)
    with open(os.path.join(a.data, "medicines.txt"), encoding="utf-8") as fp:
        c_ids = numpy.array(fp.read().split())
    n = rankings.shape[0]
    status = 0

    model = load_model(a.data, a.k)
    for name, fn in (("numpy", top1_numpy), ("numpy_direct", top1_numpy_direct)):
        out = outputs(n)
        seconds, (best, score) = timed(lambda: fn(rankings, model, out), a.repeat)
        equal = bool(numpy.array_equal(model["ids"][best], c_ids[c_best]))
        diff = float(numpy.max(numpy.abs(score - c_scores))) if n else 0.0
        if name == "numpy_direct":  # the library's order: every score to the last bit
            equal = equal and bool(numpy.array_equal(score, c_scores))
        if not equal or diff > 1e-12:
            print("reference.py: %s disagrees with the C batch" % name, file=sys.stderr)
            status = 1
        print("%s rows=%d k=%d repeat=%d best_s=%.6f median_s=%.6f equal=%d max_score_diff=%.3g"
              % (name, n, a.k, a.repeat, seconds[0], seconds[len(seconds) // 2], int(equal and diff <= 1e-12),
                 diff))
        sys.stdout.flush()

    if a.library and a.library != "-":
        run_c = c_batch(a.library)
        c_out = numpy.empty(n, dtype=numpy.int32), numpy.empty(n)
        c_best_again, c_scores_again = run_c(rankings, c_out)
        if not (numpy.array_equal(c_best_again, c_best) and numpy.array_equal(c_scores_again, c_scores)):
            print("reference.py: the C library through ctypes disagrees with sdm-bench", file=sys.stderr)
            status = 1
        np_out, direct_out = outputs(n), outputs(n)
        seconds = interleaved({"c": lambda: run_c(rankings, c_out), "numpy": lambda: top1_numpy(rankings, model, np_out),
                               "numpy_direct": lambda: top1_numpy_direct(rankings, model, direct_out)}, a.rounds)
        for name in ("numpy", "numpy_direct"):
            ratios = sorted(x / c for x, c in zip(seconds[name], seconds["c"]))
            print("%s_rounds rows=%d rounds=%d c_median_s=%.6f median_s=%.6f ratio=%.2f ratio_low=%.2f "
                  "ratio_high=%.2f" % (name, n, a.rounds, sorted(seconds["c"])[a.rounds // 2],
                                       sorted(seconds[name])[a.rounds // 2], ratios[a.rounds // 2], ratios[0],
                                       ratios[-1]))
        sys.stdout.flush()

    if not a.binding or a.binding == "-":
        print("python_binding status=pending reason=the Python binding is not built")
        return status
    sys.path.insert(0, a.binding)
    try:
        import libsdm  # noqa: E402 (the built package, from --binding)
        formulary = libsdm.Formulary.default()
        match_many = formulary.match_many
    except (ImportError, AttributeError) as e:
        print("python_binding status=pending reason=%s" % str(e).replace("\n", " "))
        return status
    if a.library and a.library != "-":
        # The binding against the C batch in the same process, rounds interleaved: robust against the
        # swings of a shared machine that the "best of" figures (in two processes, minutes apart) are not.
        seconds = interleaved({"c": lambda: run_c(rankings, c_out), "binding": lambda: match_many(rankings, top=1)},
                              a.rounds)
        ratios = sorted(x / c for x, c in zip(seconds["binding"], seconds["c"]))
        print("python_binding_rounds rows=%d rounds=%d c_median_s=%.6f median_s=%.6f ratio=%.2f ratio_low=%.2f "
              "ratio_high=%.2f" % (n, a.rounds, sorted(seconds["c"])[a.rounds // 2],
                                   sorted(seconds["binding"])[a.rounds // 2], ratios[a.rounds // 2], ratios[0],
                                   ratios[-1]))
    seconds, result = timed(lambda: match_many(rankings, top=1), a.repeat)
    equal = bool(numpy.array_equal(result.indices[:, 0], c_best)
                 and numpy.array_equal(result.medications[:, 0].astype(str), c_ids[c_best])
                 and numpy.array_equal(result.scores[:, 0], c_scores))
    if not equal:
        print("reference.py: the Python binding's batch disagrees with the C batch", file=sys.stderr)
        status = 1
    print("python_binding rows=%d k=%d repeat=%d best_s=%.6f median_s=%.6f equal=%d"
          % (n, a.k, a.repeat, seconds[0], seconds[len(seconds) // 2], int(equal)))
    return status


if __name__ == "__main__":
    sys.exit(main())
