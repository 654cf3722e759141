#!/usr/bin/python3
# libsdm - benchmarks (issue 6): turns the lines tests/bench/run.sh collected
# into the table of BENCHMARKS.md (between its markers), with the machine
# description and the command to repeat them. Standard library only.
# SPDX-License-Identifier: MIT
"""Writes the benchmark table: --print (to stdout) or --write BENCHMARKS.md."""

import argparse
import datetime
import json
import os
import platform
import re
import subprocess
import sys

BEGIN = "<!-- bench:begin (written by tests/bench/run.sh; edits between these markers are lost) -->"
END = "<!-- bench:end -->"
COMMAND = "tests/bench/run.sh"

# The targets of issue 6.
TARGET_REFERENCE_SPEEDUP = 10.0   # the C batch at least 10x faster than numpy and R
TARGET_BINDING_RATIO = 1.3        # the Python and R batch within 1.3x of the C batch
TARGET_EXHAUSTIVE_S = 5.0         # the exhaustive run under 5 s on one core
TARGET_INSTRUCTIONS = 150.0       # instructions per ranking, top 1, 19 medicines
TARGET_ACCEPTABILITY_MS = 5.0     # issue 14: 10,000 scenarios for one person on one core
TARGET_ACCEPTABILITY_SPEEDUP = 10.0  # issue 14: the population form against numpy
TARGET_DIRECT_SPEEDUP = 15.0      # issue 15: the C batch at least 15x the direct numpy
# Issue 15: the most each case may cost, as a ratio to the default top-1 batch.
GROWTH_TARGETS = {"k1": 1.2, "k2": 1.2, "k3": 1.2, "k4": 1.2, "short": 1.3, "top3": 2.0, "exclude": 1.5,
                  "meds200": 12.0}


def parse(path):
    """{what: {key: value}}; `reason` and `name` run to the end of the line.
    Repeated `what`s (the exhaustive run's `first` lines) become lists."""
    out = {}
    with open(path, encoding="utf-8") as fp:
        for line in fp:
            line = line.rstrip("\n")
            if not line.strip():
                continue
            what, _, rest = line.partition(" ")
            fields = {}
            while rest:
                m = re.match(r"(\w+)=", rest)
                if not m:
                    break
                key = m.group(1)
                if key in ("reason", "name", "label"):
                    fields[key] = rest[m.end():]
                    break
                value, _, rest = rest[m.end():].partition(" ")
                fields[key] = value
            if what == "growth":
                out.setdefault("growth", []).append(fields)
                continue
            if what in ("first", "first_precedence"):
                out.setdefault(what, []).append(fields)
            else:
                out[what] = fields
    return out


def run(*cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return ""


def machine(build_dir, source_root):
    lscpu = run("lscpu")
    field = lambda name: next((l.split(":", 1)[1].strip() for l in lscpu.splitlines()
                               if l.startswith(name + ":")), "")
    cpu = field("Model name") or platform.processor() or "unknown CPU"
    hypervisor = field("Hypervisor vendor")
    mem_kib = 0
    try:
        with open("/proc/meminfo", encoding="utf-8") as fp:
            mem_kib = int(next(l for l in fp if l.startswith("MemTotal:")).split()[1])
    except (OSError, StopIteration, ValueError):
        pass
    os_name = ""
    try:
        with open("/etc/os-release", encoding="utf-8") as fp:
            os_name = next((l.split("=", 1)[1].strip().strip('"') for l in fp if l.startswith("PRETTY_NAME=")), "")
    except OSError:
        pass
    info = os.path.join(build_dir, "meson-info")
    compiler, buildtype, optimization = "unknown compiler", "?", "?"
    try:
        # The compiler the build uses: the one that compiled the bench.
        with open(os.path.join(info, "intro-targets.json"), encoding="utf-8") as fp:
            exe = next(src["compiler"][0] for t in json.load(fp) if t["name"] == "sdm-bench"
                       for src in t["target_sources"] if src.get("language") == "c")
        compiler = run(exe, "--version").splitlines()[0]
    except (OSError, KeyError, ValueError, StopIteration, IndexError):
        pass
    try:
        with open(os.path.join(info, "intro-buildoptions.json"), encoding="utf-8") as fp:
            opts = {o["name"]: o["value"] for o in json.load(fp)}
        buildtype, optimization = opts.get("buildtype", "?"), opts.get("optimization", "?")
    except (OSError, KeyError, ValueError):
        pass
    try:
        import numpy
        numpy_version = numpy.__version__
    except ImportError:
        numpy_version = "not installed"
    r_version = run("Rscript", "-e", "cat(R.version$major, R.version$minor, sep = '.')") or "not installed"
    valgrind = run("valgrind", "--version") or "not installed"
    commit = run("git", "-C", source_root, "rev-parse", "--short", "HEAD") or "unknown"
    if run("git", "-C", source_root, "status", "--porcelain", "--untracked-files=no"):
        commit += " with local changes"
    return {
        "cpu": cpu + (" (%s guest)" % hypervisor if hypervisor else ""),
        "cores": os.cpu_count() or 0,
        "memory": "%.0f GiB" % (mem_kib / 1024 / 1024) if mem_kib else "?",
        "os": "%s, Linux %s" % (os_name or platform.system(), platform.release()),
        "compiler": compiler,
        "build": "buildtype=%s (-O%s)" % (buildtype, optimization),
        "python": "Python %s (%s), numpy %s" % (platform.python_version(), sys.executable, numpy_version),
        "r": "R %s" % r_version,
        "valgrind": valgrind,
        "commit": commit,
    }


def f(value, digits=3):
    return ("%%.%dg" % digits) % value


def status(ok):
    return "met" if ok else "**missed**"


def table(res, m):
    rows = []
    lat, batch, exh = res.get("latency"), res.get("batch"), res.get("exhaustive")
    c_s = float(batch["best_s"]) if batch else None

    def missing(what, label):
        r = res.get(what, {})
        if "status" in r:
            return "%s (%s)" % (r["status"], r.get("reason", ""))
        return label

    if lat:
        rows.append(("1", "`sdm_match_run` latency, default data (%s medicines), random 5-item rankings, %s calls"
                     % (lat["medicines"], format(int(lat["calls"]), ",")),
                     "median **%s µs**, p99 **%s µs** (min %s µs)"
                     % (f(float(lat["median_ns"]) / 1e3), f(float(lat["p99_ns"]) / 1e3), f(float(lat["min_ns"]) / 1e3)),
                     "—", ""))
    if batch:
        rows.append(("2", "C batch `sdm_match_batch(top = 1)`, %s random rankings, k = %s (best of %s)"
                     % (format(int(batch["rows"]), ","), batch["k"], batch["repeat"]),
                     "**%s s**: %s ns per ranking, %s M rankings/s"
                     % (f(c_s), f(float(batch["ns_per_ranking"])), f(float(batch["rankings_per_s"]) / 1e6)),
                     "—", ""))
    if exh:
        s = float(exh["best_s"])
        rows.append(("3", "exhaustive: all %s ordered %s-item rankings of %s side effects, one core, "
                     "firsts and ties for first counted, `sdm_match_batch_ext(top = 1)` with `tied` (best of %s)"
                     % (format(int(exh["rankings"]), ","), exh["k"], exh["items"], exh["repeat"]),
                     "**%s s** (%s s in the batch; %s ns per ranking)"
                     % (f(s), f(float(exh["batch_s"])), f(float(exh["ns_per_ranking"]))),
                     "< %g s" % TARGET_EXHAUSTIVE_S, status(s < TARGET_EXHAUSTIVE_S)))
    for key, label, goal in (("numpy_rounds", "numpy reference (lookup tables, chunked), its best", TARGET_REFERENCE_SPEEDUP),
                             ("numpy_direct_rounds", "numpy written directly in float64, the terms added in the "
                              "library's order (equal on every row, ties included, to the last bit)",
                              TARGET_DIRECT_SPEEDUP)):
        r = res.get(key, {})
        if "ratio" in r:
            ratio = float(r["ratio"])
            rows.append(("4", "%s: C batch and numpy in the same process, %s interleaved rounds (C through ctypes)"
                         % (label, r["rounds"]),
                         "the C batch is **%s× faster** (median; range %s–%s×)"
                         % (f(ratio), f(float(r["ratio_low"])), f(float(r["ratio_high"]))),
                         "≥ %g×" % goal, status(ratio >= goal)))
    for key, label, target in (
            ("numpy", "numpy reference (lookup tables, chunked; tests/bench/reference.py)", True),
            ("numpy_direct", "numpy written directly in the library's order: for comparison", False),
            ("r", "R reference (lookup tables, `pmin`, `max.col`; tests/bench/reference.R)", True)):
        r = res.get(key, {})
        if "best_s" in r and c_s:
            ratio = float(r["best_s"]) / c_s
            rows.append(("4", "%s, same rankings (best of %s)" % (label, r["repeat"]),
                         "%s s: the C batch is **%s× faster**" % (f(float(r["best_s"])), f(ratio)),
                         "≥ %g×" % TARGET_REFERENCE_SPEEDUP if target else "—",
                         status(ratio >= TARGET_REFERENCE_SPEEDUP) if target else ""))
        elif target:
            rows.append(("4", label, missing(key, "not measured"), "≥ %g×" % TARGET_REFERENCE_SPEEDUP, ""))
    for key, label in (("python_binding", "Python binding `Formulary.default().match_many(rows, top=1)`"),
                       ("r_binding", "R binding `sdm_match_many(rows, top = 1)`")):
        r = res.get(key, {})
        if "best_s" in r and c_s:
            ratio = float(r["best_s"]) / c_s
            rows.append(("5", "%s, same rankings (best of %s)" % (label, r["repeat"]),
                         "%s s: **%s×** the C batch's time" % (f(float(r["best_s"])), f(ratio)),
                         "≤ %g×" % TARGET_BINDING_RATIO, status(ratio <= TARGET_BINDING_RATIO)))
        else:
            rows.append(("5", label, missing(key, "pending"), "≤ %g×" % TARGET_BINDING_RATIO, "pending"))
    r = res.get("python_binding_rounds", {})
    if "ratio" in r:
        ratio = float(r["ratio"])
        rows.append(("5", "Python binding `match_many(rows, top=1)` and the C batch in the same process, %s "
                     "interleaved rounds (C through ctypes)" % r["rounds"],
                     "**%s×** the C batch's time (median; range %s–%s×)"
                     % (f(ratio), f(float(r["ratio_low"])), f(float(r["ratio_high"]))),
                     "≤ %g×" % TARGET_BINDING_RATIO, status(ratio <= TARGET_BINDING_RATIO)))
    r = res.get("r_binding_rounds", {})
    label = ("R binding `sdm_match_many(rows, top = 1)` and the C batch in the same process, %sinterleaved "
             "rounds, `gc()` before each call (C through a `.Call` shim, tests/bench/r-c-batch.c)")
    if "ratio" in r:
        ratio = float(r["ratio"])
        rows.append(("5", label % ("%s " % r["rounds"]),
                     "**%s×** the C batch's time (median; range %s–%s×)"
                     % (f(ratio), f(float(r["ratio_low"])), f(float(r["ratio_high"]))),
                     "≤ %g×" % TARGET_BINDING_RATIO, status(ratio <= TARGET_BINDING_RATIO)))
    elif "status" in r:
        rows.append(("5", label % "", missing("r_binding_rounds", "skipped"), "≤ %g×" % TARGET_BINDING_RATIO, ""))
    cg = res.get("callgrind", {})
    if "per_ranking" in cg:
        per = float(cg["per_ranking"])
        rows.append(("6", "instructions per ranking, (2) on %s rankings, `valgrind --tool=callgrind "
                     "--toggle-collect=sdm_match_batch` (Ir / n)" % format(int(cg["rows"]), ","),
                     "**%s** (%s per extra ranking + %s per call)"
                     % (f(per, 4), f(float(cg["marginal"]), 4), format(int(float(cg["fixed"])), ",")),
                     "≤ %g" % TARGET_INSTRUCTIONS, status(per <= TARGET_INSTRUCTIONS)))
    else:
        rows.append(("6", "instructions per ranking (callgrind)", missing("callgrind", "not measured"),
                     "≤ %g" % TARGET_INSTRUCTIONS, ""))

    rows += acceptability_rows(res, missing)

    out = ["| # | measurement | result | target | |", "|---|---|---|---|---|"]
    out += ["| %s |" % " | ".join(r) for r in rows]
    return out


def acceptability_rows(res, missing):
    """Rows 7 and 8: the acceptability analysis (issue 14). Times are CPU time
    of the thread (C: CLOCK_THREAD_CPUTIME_ID; numpy: time.thread_time), which
    other processes on a shared machine do not inflate; wall clock beside."""
    rows = []
    one, pop, ref = res.get("acceptability_single"), res.get("acceptability_population"), \
        res.get("acceptability_numpy", {})
    if one:
        ms = float(one["cpu_median_ms"])
        rows.append(("7", "acceptability analysis (SMAA-2), the README's quick-start person, %s scenarios over the "
                     "default formulary (%s medicines assessed), one core: `sdm_acceptability_run`, median of %s "
                     "rounds interleaved with the population form on the same row"
                     % (format(int(one["scenarios"]), ","), one["medicines"], one["rounds"]),
                     "**%s ms** CPU (min %s ms; wall median %s ms); population form on that row %s ms CPU"
                     % (f(ms), f(float(one["cpu_min_ms"])), f(float(one["median_ms"])),
                        f(float(one["batch_cpu_median_ms"]))),
                     "≤ %g ms" % TARGET_ACCEPTABILITY_MS, status(ms <= TARGET_ACCEPTABILITY_MS)))
    else:
        rows.append(("7", "acceptability analysis, one person", missing("acceptability_single", "not measured"),
                     "≤ %g ms" % TARGET_ACCEPTABILITY_MS, ""))
    if pop and "cpu_scenarios_per_s" in ref:
        c, py = float(pop["cpu_scenarios_per_s"]), float(ref["cpu_scenarios_per_s"])
        rows.append(("8", "acceptability, population form `sdm_acceptability_batch`, %s random 5-item rankings x %s "
                     "scenarios (best of %s), against the vectorised numpy version (tests/bench/acceptability.py; "
                     "its shares within %s of the C ones, max %s)"
                     % (pop["rows"], format(int(pop["scenarios"]), ","), pop["repeat"], ref["tolerance"],
                        ref["max_abs_diff"]),
                     "C %s M scenarios/s, numpy %s k scenarios/s (CPU): C is **%s× faster** (wall: %s M and %s k)"
                     % (f(c / 1e6), f(py / 1e3), f(c / py), f(float(pop["scenarios_per_s"]) / 1e6),
                        f(float(ref["scenarios_per_s"]) / 1e3)),
                     "≥ %g×" % TARGET_ACCEPTABILITY_SPEEDUP, status(c / py >= TARGET_ACCEPTABILITY_SPEEDUP)))
    else:
        rows.append(("8", "acceptability, population form against numpy",
                     missing("acceptability_numpy", "not measured"), "≥ %g×" % TARGET_ACCEPTABILITY_SPEEDUP, ""))
    return rows


def growth(res):
    """The cost-growth table (issue 15): each case as a ratio to the default
    top-1 batch in the same run (median of interleaved rounds, with the range)."""
    rows = res.get("growth", [])
    if not rows:
        return []
    d = next((r for r in rows if r.get("case") == "default"), None)
    out = ["Cost growth (`sdm-bench growth`): every case on the same random rows, each round running every case "
           "once in a turning order; the median over %s rounds of each case's time per ranking as a ratio to the "
           "default top-1 batch's in the same round (CPU time of the thread; wall clock for the threaded cases), "
           "with the range; every result of the first rows of every case checked against `sdm_match_run`."
           % (d["rounds"] if d else "?"),
           "", "| case | rows | ns per ranking | × default (median) | range | target | |",
           "|---|---:|---:|---:|---|---|---|"]
    for r in rows:
        if "status" in r:
            out.append("| %s | — | — | %s | | | |" % (r.get("label", r["case"]), r["status"]))
            continue
        name, ns = r["case"], float(r["ns_per_ranking"])
        target = GROWTH_TARGETS.get(name)
        if name.startswith("setup"):
            value = "%s µs per call" % f(ns / 1e3)
            verdict = ("≤ 1 ms", status(ns <= 1e6)) if name == "setup2000" else ("", "")
            out.append("| %s | %s | %s | — | | %s | %s |" % (r["label"], r["rows"], value, verdict[0], verdict[1]))
            continue
        out.append("| %s | %s | %s | **%s** | %s–%s | %s | %s |"
                   % (r["label"], format(int(r["rows"]), ","), f(ns), f(float(r["ratio"])), f(float(r["ratio_low"])),
                      f(float(r["ratio_high"])), "≤ %g×" % target if target else "",
                      status(float(r["ratio"]) <= target) if target else ""))
    return out


def firsts(res, suffix="", rule="consensus, the default synthesis rule"):
    rows = res.get("first" + suffix, [])
    if not rows:
        return []
    exh = res["exhaustive" + suffix]
    total = int(exh["rankings"])
    tied = int(exh.get("tied_first", 0))
    out = ["How often each medicine ranks first over the %s rankings of the exhaustive run (default data "
           "under %s, ROC weights, unknown = middle). In %s of them (%.1f %%) several medicines tie for first: "
           "*first, ties shared* gives each of the t tied medicines 1/t of that ranking (the rankings with a "
           "tie run again with top = t, %s s); *first by name* gives the whole ranking to the first of them "
           "by name, as a count of `best` alone would." % (format(total, ","), rule, format(tied, ","),
                                                            100.0 * tied / total if total else 0.0,
                                                            f(float(exh.get("share_s", 0)))),
           "", "| medicine | first, ties shared | share | first by name | share |", "|---|---:|---:|---:|---:|"]
    for r in sorted(rows, key=lambda r: (-float(r.get("shared", r["count"])), -int(r["count"]))):
        shared = float(r.get("shared", r["count"]))
        out.append("| %s | %s | %.2f %% | %s | %.2f %% |"
                   % (r.get("name", r["id"]), format(round(shared, 1), ",.1f"),
                      100 * float(r.get("shared_share", r["share"])), format(int(r["count"]), ","),
                      100 * float(r["share"])))
    return out


def section(res, m, small=False):
    load = res.get("machine", {}).get("load", "?").replace(",", " ")
    lines = [
        BEGIN,
        "",
    ]
    if small:
        lines += ["**Smoke test (run.sh --small): tiny sizes, so the verdicts below mean nothing.**", ""]
    lines += [
        "Measured %s UTC on commit %s, with `%s`; load average %s when it started."
        % (datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M"), m["commit"], COMMAND, load),
        "",
        "- machine: %s, %s cores, %s memory; %s" % (m["cpu"], m["cores"], m["memory"], m["os"]),
        "- build: %s, %s, C11; the bench links the shared library" % (m["compiler"], m["build"]),
        "- references: %s; %s; %s" % (m["python"], m["r"], m["valgrind"]),
        "- times are wall-clock (`CLOCK_MONOTONIC`, `time.perf_counter`, R's `Sys.time`), one thread, "
        "the best of the repeats after a warm-up call; every result is checked equal to the C batch",
        "",
    ]
    lines += table(res, m)
    lines.append("")
    if res.get("growth"):
        lines += growth(res)
        lines.append("")
    lines += firsts(res)
    if res.get("first_precedence"):
        lines.append("")
        lines += firsts(res, "_precedence", "precedence, the rule that reproduces the ratings of data 2026.11")
    lines += ["", END]
    return "\n".join(lines) + "\n"


# ---- the EHR request (issue 15): its own table, between its own markers -----------------

EHR_BEGIN = "<!-- bench-ehr:begin (written by tests/bench/run.sh --ehr-only; edits between these markers are lost) -->"
EHR_END = "<!-- bench-ehr:end -->"
TARGET_EHR_US = 40.0          # median of a whole request
TARGET_EHR_ALLOCS = 100       # allocations per request
TARGET_EHR_AFTER = 1.1        # sdm_match_run() right after a request, to alone


def parse_ehr(path):
    """{what: [fields, ...]} for the ehr lines, which run.sh repeats (runs
    alternating between this library and the baseline)."""
    out = {}
    with open(path, encoding="utf-8") as fp:
        for line in fp:
            what, _, rest = line.strip().partition(" ")
            if not what.startswith("ehr"):
                continue
            out.setdefault(what, []).append(dict(kv.split("=", 1) for kv in rest.split() if "=" in kv))
    return out


def ehr_median(runs, key):
    values = sorted(float(r[key]) for r in runs if key in r)
    return values[len(values) // 2] if values else None


def ehr_rows(res, prefix):
    """The figures of one library: median over the runs of each run's figure."""
    runs, allocs, after, cg = (res.get(prefix + s, []) for s in ("", "_allocs", "_after", "_callgrind"))
    if not runs or "median_us" not in runs[0]:
        return None
    g = lambda key, rows=runs: ehr_median(rows, key)
    row = {
        "runs": len(runs), "requests": runs[0]["requests"], "median": g("median_us"), "p99": g("p99_us"),
        "parse": g("parse_us"), "match": g("match_us"), "card": g("card_us"), "record": g("record_us"),
        "bytes": g("bytes"), "allocs": allocs[0] if allocs else None,
        "alone": g("alone_us", after), "after": g("after_us", after), "ratio": g("ratio", after),
        "ratio_low": min((float(r["ratio_low"]) for r in after), default=None),
        "ratio_high": max((float(r["ratio_high"]) for r in after), default=None),
        "after_bytes": g("after_bytes_us", after), "after_code": g("after_code_us", after),
    }
    for name in ("bytes_", "code_", "request_code_"):
        row[name + "ratio"] = g(name + "ratio", after)
        row[name + "ratio_low"] = min((float(r[name + "ratio_low"]) for r in after if name + "ratio_low" in r),
                                      default=None)
        row[name + "ratio_high"] = max((float(r[name + "ratio_high"]) for r in after if name + "ratio_high" in r),
                                       default=None)
    row.update({
        "rounds": after[0]["rounds"] if after else "?",
        "cg": cg[0] if cg and "ir" in cg[0] else None,
    })
    return row


def ehr_section(res, m, command, small=False):
    now, before = ehr_rows(res, "ehr"), ehr_rows(res, "ehr_before")
    base = res.get("ehr_baseline", [{}])[0].get("rev")
    load = res.get("machine_load", "?")
    lines = [EHR_BEGIN, ""]
    if small:
        lines += ["**Smoke test (run.sh --small): tiny sizes, so the verdicts below mean nothing.**", ""]
    if not now:
        return "\n".join(lines + ["The EHR request was not measured.", "", EHR_END]) + "\n"
    lines += [
        "### An EHR request end to end (issue 15)",
        "",
        "Measured %s UTC on commit %s, with `%s`; load average %s when it started; %s, %s."
        % (datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M"), m["commit"], command,
           load, m["cpu"], m["build"]),
        "",
        "One request as `examples/ehr` makes it: `sdm_ranking_from_json` on a request (five side effects to avoid, "
        "one helpful, a medicine tried before), `sdm_match_run` (default options, the default %s medicines), "
        "`sdm_card_to_json` of the first medicine and `sdm_record_to_json`, everything freed; requests cycle "
        "through 64 random rankings. Times: the median over %s runs of each run's median (and 99th percentile) of "
        "%s requests, wall clock; this and the *before* library alternate run by run, on the same bench program "
        "(the other library through `LD_LIBRARY_PATH`). Allocations: counted exactly through libsdm's and "
        "jansson's allocator hooks. Instructions: callgrind, `--toggle-collect=ehr_request`, per request: the "
        "figure a busy machine does not change. %s"
        % (res.get("ehr", [{}])[0].get("medicines", "19"), now["runs"], format(int(now["requests"]), ","),
           "*Before* is commit %s, the last before the JSON writer." % base if base else
           "*Before* is not measured by this command (`tests/bench/run.sh --ehr-only` measures the last commit "
           "before the JSON writer beside it)."),
        "",
        "| | before | now | target | |",
        "|---|---:|---:|---|---|",
    ]

    def cell(r, fmt):
        try:
            return fmt(r) if r else "—"
        except (TypeError, KeyError, ValueError):
            return "—"

    def row(label, fmt, target="", verdict=""):
        lines.append("| %s | %s | %s | %s | %s |" % (label, cell(before, fmt), cell(now, fmt), target, verdict))

    us = lambda v: "%s µs" % f(v)
    row("request, median", lambda r: "**%s**" % us(r["median"]), "≤ %g µs" % TARGET_EHR_US,
        status(now["median"] <= TARGET_EHR_US))
    row("request, 99th percentile", lambda r: us(r["p99"]))
    row("allocations per request (libsdm + jansson)",
        lambda r: "**%s** (%s + %s)" % (f(float(r["allocs"]["mean"]), 4), f(float(r["allocs"]["libsdm_mean"]), 4),
                                         f(float(r["allocs"]["jansson_mean"]), 4)),
        "≤ %d" % TARGET_EHR_ALLOCS,
        status(now["allocs"] is not None and float(now["allocs"]["mean"]) <= TARGET_EHR_ALLOCS))
    row("allocations: parse, match, card, record",
        lambda r: "%s, %s, %s, %s" % tuple(r["allocs"][k] for k in ("parse", "match", "card", "record")))
    row("instructions per request (callgrind)", lambda r: "**%s**" % format(int(float(r["cg"]["ir"])), ","))
    row("instructions: parse, match, card, record",
        lambda r: ", ".join(format(int(float(r["cg"][k])), ",") for k in ("parse", "match", "card", "record")))
    row("time: parse, match, card, record (medians)",
        lambda r: ", ".join(f(r[k]) for k in ("parse", "match", "card", "record")) + " µs")
    row("bytes written (card + record)", lambda r: format(int(r["bytes"]), ","))
    row("`sdm_match_run` alone, and right after a request (median of %s interleaved rounds)" % now["rounds"],
        lambda r: "%s and %s" % (us(r["alone"]), us(r["after"])))
    row("`sdm_match_run` after a request ÷ alone", lambda r: "**%s×** (%s–%s)" % (
        f(r["ratio"]), f(r["ratio_low"]), f(r["ratio_high"])), "≤ %g×" % TARGET_EHR_AFTER,
        status(now["ratio"] <= TARGET_EHR_AFTER))
    ratio = lambda name: lambda r: "%s× (%s–%s)" % (f(r[name + "ratio"]), f(r[name + "ratio_low"]),
                                                   f(r[name + "ratio_high"]))
    row("control 1: `sdm_match_run` right after only writing as many bytes (memset into fresh buffers of the "
        "card's and record's sizes, no library call) ÷ alone", ratio("bytes_"))
    row("control 2: `sdm_match_run` right after other code with almost no data (jansson reading the request's "
        "text, no libsdm call) ÷ alone", ratio("code_"))
    row("`sdm_match_run` after a request ÷ after control 2 (what the request leaves behind beyond running other "
        "code)", ratio("request_code_"), "≤ %g×" % TARGET_EHR_AFTER,
        status(now.get("request_code_ratio") is not None and now["request_code_ratio"] <= TARGET_EHR_AFTER))
    lines += ["", EHR_END]
    return "\n".join(lines) + "\n"


def replace_between(old, begin, end, text):
    if begin in old and end in old:
        return old[:old.index(begin)] + text + old[old.index(end) + len(end):].lstrip("\n")
    return old.rstrip("\n") + "\n\n" + text


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--results", required=True)
    ap.add_argument("--build-dir", required=True)
    ap.add_argument("--source-root", required=True)
    what = ap.add_mutually_exclusive_group(required=True)
    what.add_argument("--print", action="store_true")
    what.add_argument("--write", metavar="BENCHMARKS.md")
    ap.add_argument("--ehr-only", action="store_true", help="only the EHR table (its own markers)")
    a = ap.parse_args()
    ehr = parse_ehr(a.results)
    if a.ehr_only:
        ehr["machine_load"] = parse(a.results).get("machine", {}).get("load", "?").replace(",", " ")
        text = ehr_section(ehr, machine(a.build_dir, a.source_root), "tests/bench/run.sh --ehr-only", small=a.print)
        if a.print:
            sys.stdout.write(text)
            return 0
        try:
            with open(a.write, encoding="utf-8") as fp:
                old = fp.read()
        except FileNotFoundError:
            old = "# Benchmarks\n\n"
        with open(a.write + ".tmp", "w", encoding="utf-8") as fp:
            fp.write(replace_between(old, EHR_BEGIN, EHR_END, text))
        os.replace(a.write + ".tmp", a.write)
        return 0

    res = parse(a.results)
    for needed in ("latency", "batch", "exhaustive"):
        if needed not in res:
            print("report.py: no '%s' line in %s" % (needed, a.results), file=sys.stderr)
            return 1
    text = section(res, machine(a.build_dir, a.source_root), small=a.print)
    ehr_text = ""
    if ehr.get("ehr"):
        ehr["machine_load"] = res.get("machine", {}).get("load", "?").replace(",", " ")
        ehr_text = ehr_section(ehr, machine(a.build_dir, a.source_root), "tests/bench/run.sh", small=a.print)
    if a.print:
        sys.stdout.write(text + ("\n" + ehr_text if ehr_text else ""))
        return 0
    try:
        with open(a.write, encoding="utf-8") as fp:
            old = fp.read()
    except FileNotFoundError:
        old = "# Benchmarks\n\n"
    if BEGIN in old and END in old:
        new = old[:old.index(BEGIN)] + text + old[old.index(END) + len(END):].lstrip("\n")
    else:
        new = old.rstrip("\n") + "\n\n" + text
    if ehr_text:
        new = replace_between(new, EHR_BEGIN, EHR_END, ehr_text)
    with open(a.write + ".tmp", "w", encoding="utf-8") as fp:
        fp.write(new)
    os.replace(a.write + ".tmp", a.write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
