#!/usr/bin/python3
# libsdm - benchmarks (issue 14): a vectorised numpy version of the
# acceptability analysis (SMAA-2) of sdm_acceptability_batch(), on the model
# and rows `sdm-bench-acceptability population --out DIR` wrote, timed and
# checked against the C shares. Run by tests/bench/run.sh.
# SPDX-License-Identifier: MIT
#
# Output line (for run.sh):
#   acceptability_numpy rows=N scenarios=S repeat=R best_s=T best_cpu_s=C scenarios_per_s=X
#       cpu_scenarios_per_s=Y mean_abs_diff=D max_abs_diff=M tolerance=E ok=1
"""numpy version of the acceptability analysis, for tests/bench/run.sh."""

import argparse
import json
import os
import sys
import time

import numpy


def load(data):
    with open(os.path.join(data, "acceptability.json"), encoding="utf-8") as fp:
        return json.load(fp)


def row_model(model, row, candidates):
    """The cells of one ranking as padded arrays: values[m, c, i] is the
    severity of the i-th reading of candidate m on the c-th ranked side effect
    (an unknown cell has the four ratings), count[m, c] how many there are."""
    severity = numpy.array(model["severity"])
    k = len(row)
    width = max(4, max(len(model["readings"][m][e]) for m in candidates for e in row))
    values = numpy.zeros((len(candidates), k, width))
    count = numpy.zeros((len(candidates), k), dtype=numpy.int64)
    for j, m in enumerate(candidates):
        for c, e in enumerate(row):
            readings = model["readings"][m][e] or [0, 1, 2, 3]
            values[j, c, :len(readings)] = severity[readings]
            count[j, c] = len(readings)
    return values, count


def analyse(values, count, scenarios, rng):
    """First-place and top-three acceptability of each candidate over
    `scenarios` scenarios, every step vectorised over the scenarios."""
    meds, k, _ = values.shape
    # weights uniform on w1 >= ... >= wk >= 0, sum 1: gaps of sorted uniforms, then suffix sums of x_j / j
    u = numpy.sort(rng.random((scenarios, k - 1)), axis=1)
    edges = numpy.concatenate([numpy.zeros((scenarios, 1)), u, numpy.ones((scenarios, 1))], axis=1)
    x = numpy.diff(edges, axis=1) / numpy.arange(1, k + 1)
    w = numpy.cumsum(x[:, ::-1], axis=1)[:, ::-1]
    # each cell's value: one of its readings, uniformly
    pick = (rng.random((scenarios, meds, k)) * count).astype(numpy.int64)
    drawn = numpy.take_along_axis(values[None, :, :, :], pick[..., None], axis=3)[..., 0]
    score = numpy.einsum("sc,smc->sm", w, drawn)
    tie = k * (w.sum(axis=1) * 2.0 ** -50 + 2.0 ** -1072)
    # groups of ties, as the match forms them: within tie of the lowest remaining score
    first = numpy.zeros(meds)
    top3 = numpy.zeros(meds)
    remaining = numpy.ones((scenarios, meds), dtype=bool)
    places = numpy.zeros(scenarios)
    for g in range(3):
        lowest = numpy.where(remaining, score, numpy.inf).min(axis=1)
        group = remaining & (score - lowest[:, None] <= tie[:, None])
        size = group.sum(axis=1)
        covered = numpy.clip(numpy.minimum(size, 3 - places), 0, None)
        with numpy.errstate(invalid="ignore", divide="ignore"):
            share = numpy.where(size > 0, 1.0 / size, 0.0)
        if g == 0:
            first = (group * share[:, None]).sum(axis=0)
        top3 += (group * (covered * share)[:, None]).sum(axis=0)
        places += size
        remaining &= ~group
    return first / scenarios, top3 / scenarios


def run_all(model, rng):
    meds = len(model["readings"])
    shares = numpy.full((len(model["rows"]), meds), numpy.nan)
    for r, row in enumerate(model["rows"]):
        candidates = [m for m in range(meds) if model["first"][r][m] is not None]
        values, count = row_model(model, row, candidates)
        first, _ = analyse(values, count, model["scenarios"], rng)
        shares[r, candidates] = first
    return shares


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", required=True, help="the directory sdm-bench-acceptability population --out wrote")
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    model = load(a.data)
    best = best_cpu = float("inf")
    shares = None
    for i in range(a.repeat):
        rng = numpy.random.default_rng(2026 + i)
        t0, c0 = time.perf_counter(), time.thread_time()
        shares = run_all(model, rng)
        best = min(best, time.perf_counter() - t0)
        best_cpu = min(best_cpu, time.thread_time() - c0)
    c = numpy.array([[numpy.nan if v is None else v for v in row] for row in model["first"]])
    diff = numpy.abs(shares - c)[~numpy.isnan(c)]
    # Two independent estimates of a share p from S scenarios differ by at most
    # sqrt(2 p (1 - p) / S) <= sqrt(0.5 / S) per standard error; allow six.
    tolerance = 6 * (0.5 / model["scenarios"]) ** 0.5
    ok = bool(numpy.isnan(shares).sum() == numpy.isnan(c).sum() and diff.max() <= tolerance)
    rows, scenarios = len(model["rows"]), model["scenarios"]
    print("acceptability_numpy rows=%d scenarios=%d repeat=%d best_s=%.4f best_cpu_s=%.4f scenarios_per_s=%.4g "
          "cpu_scenarios_per_s=%.4g mean_abs_diff=%.5f max_abs_diff=%.5f tolerance=%.5f ok=%d"
          % (rows, scenarios, a.repeat, best, best_cpu, rows * scenarios / best, rows * scenarios / best_cpu,
             diff.mean(), diff.max(), tolerance, ok))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
