#!/usr/bin/python3
"""Checks evidence-policies (the C research example) against the library, a second way.

Usage: check-evidence-policies.py PROGRAM ROWS SEED

Runs PROGRAM (the built evidence-policies) on ROWS random rankings from SEED, then makes the same
rankings here (splitmix64, the same partial shuffle) and matches each one on its own through the
Python binding (sdm_match_run(), not the batch the program uses), once per policy. From those
matches alone it recomputes every figure the program prints: the medicines of rank 1, the flag of
an imputed cell ("from": "imputed" in the match's JSON), the weights of the ranks and each
medicine's value on each ranked side effect (the terms' "value"), with the definitions of the
program's header and its order of summation (so that the doubles are the same), and requires the
program's output to be that text exactly. Exits 1, with a diff, when it is not.
SPDX-License-Identifier: MIT
"""
import difflib
import json
import subprocess
import sys

import libsdm

K = 5
MASK = (1 << 64) - 1
POLICIES = [("ordinal/middle", "ordinal", "middle"), ("numeric/middle", "numeric", "middle"),
            ("ordinal/worst", "ordinal", "worst"), ("ordinal/mean", "ordinal", "mean"),
            ("ordinal/exclude", "ordinal", "exclude"), ("numeric/mean", "numeric", "mean")]
SHOWN_CHANGES, SHOWN_DRIVERS = 8, 3


def random_rows(n, seed, items):
    state = seed

    def next_random():
        nonlocal state
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    rows = []
    for _ in range(n):
        pool = list(range(items))
        for c in range(K):
            pick = c + next_random() % (items - c)
            pool[c], pool[pick] = pool[pick], pool[c]
        rows.append(pool[:K])
    return rows


class Row:
    """One ranking matched on its own under one policy: who is first, who has an imputed cell, the values."""

    def __init__(self, formulary, ranking, evidence, unknown):
        match = formulary.match(ranking, evidence=evidence, unknown=unknown)
        document = json.loads(match.to_json())
        self.first = {e["id"] for e in document["ranked"] if e["rank"] == 1}
        self.imputed = {e["id"]: [r["from"] == "imputed" for r in e["ratings"]] for e in document["ranked"]}
        self.values = {e["id"]: [r["value"] for r in e["ratings"]] for e in document["ranked"]}
        self.weights = [t["weight"] for t in document["terms"]]


def largest(cells):
    """The key of the first largest value, in the order given (as the program's largest())."""
    top = None
    for key, value in cells:
        if top is None or value > top[1]:
            top = (key, value)
    return top


def expected(formulary, catalogue, rows, seed):
    meds = [m.id for m in formulary]
    items = [i.id for i in catalogue]
    # A side effect another medicine has a value for: a rating, or (numeric) a number.
    known = {ev: {i: [m.id for m in formulary if m.ratings[i] is not None or (ev == "numeric" and m.evidence(i))]
                  for i in items} for ev in ("ordinal", "numeric")}
    matched = [[Row(formulary, libsdm.Ranking(catalogue, avoid=[items[i] for i in row]), ev, unknown)
                for (_, ev, unknown) in POLICIES] for row in rows]
    n = len(rows)
    out = ["%d random rankings of %d side effects (seed %d), default formulary %s, no filter;" %
           (n, K, seed, formulary.version), "a tie for first shares its credit", "",
           "%-16s %12s %12s %14s %10s" % ("policy", "first moved", "first has ?", "tie for first", "no result")]
    for q, (name, ev, _) in enumerate(POLICIES):
        moved = tie = none = 0
        unknown = 0.0
        for r, row in enumerate(rows):
            first = matched[r][q].first
            moved += first != matched[r][0].first
            none += not first
            tie += len(first) > 1
            for m in meds:
                if m in first:
                    flags = matched[r][q].imputed[m]
                    has = any(flags[c] and any(o != m for o in known[ev][items[row[c]]]) for c in range(K))
                    unknown += float(has) / len(first)
        out.append("%-16s %11.1f%% %11.1f%% %13.1f%% %9.1f%%" % (name, 100.0 * moved / n, 100.0 * unknown / n,
                                                               100.0 * tie / n, 100.0 * none / n))
    out += ["", "share of first places", "%-16s" % "medicine" + "".join(" %15s" % p[0] for p in POLICIES)]
    for m in meds:
        line = "%-16s" % m
        for q in range(len(POLICIES)):
            credit = 0.0
            for r in range(n):
                if m in matched[r][q].first:
                    credit += 1.0 / len(matched[r][q].first)
            line += " %14.1f%%" % (100.0 * credit / n)
        out.append(line)

    pairs, drivers, values = {}, {}, {}
    for r, row in enumerate(rows):
        ordinal, numeric = matched[r][0], matched[r][1]
        sa, sb = ordinal.first, numeric.first
        if sa == sb or not sa or not sb:
            continue
        def changed(a, b):  # a first by the ratings, b by the numbers, not the two tied first under both
            return a != b and a in sa and b in sb and not (a in sb and b in sa)

        credit = 1.0 / sum(changed(a, b) for a in meds for b in meds)
        w = ordinal.weights
        for a in meds:
            for b in meds:
                if not changed(a, b):
                    continue
                driver, most = None, 0.0
                for c in range(K):
                    d = w[c] * ((numeric.values[a][c] - numeric.values[b][c]) -
                                (ordinal.values[a][c] - ordinal.values[b][c]))
                    if c == 0 or d > most:
                        most, driver = d, row[c]
                    for m in (a, b):
                        values[(m, row[c], "ordinal")] = ordinal.values[m][c]
                        values[(m, row[c], "numeric")] = numeric.values[m][c]
                pairs[(a, b)] = pairs.get((a, b), 0.0) + credit
                drivers[(a, b, driver)] = drivers.get((a, b, driver), 0.0) + credit
    out += ["", "ordinal/middle -> numeric/middle: the commonest changes of first place (share of all rankings)",
            "and the side effects that drive them (share of that change; value of each medicine on it,",
            "ordinal -> numeric)"]
    order = [(a, b) for a in meds for b in meds]
    for _ in range(SHOWN_CHANGES):
        top = largest((p, pairs.get(p, 0.0)) for p in order)
        if top[1] <= 0:
            break
        (a, b), total = top
        out.append("  %-15s -> %-15s %5.1f%%" % (a, b, 100.0 * total / n))
        shown = set()
        for _ in range(SHOWN_DRIVERS):
            i, share = largest((i, 0.0 if i in shown else drivers.get((a, b, i), 0.0)) for i in range(len(items)))
            if share <= 0:
                break
            shown.add(i)
            out.append("      %-24s %5.1f%%   %s %.2f -> %.2f, %s %.2f -> %.2f" % (
                items[i], 100.0 * share / total, a, values[(a, i, "ordinal")], values[(a, i, "numeric")],
                b, values[(b, i, "ordinal")], values[(b, i, "numeric")]))
        pairs[(a, b)] = 0.0
    return "\n".join(out) + "\n"


def main():
    program, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    got = subprocess.run([program, str(n), str(seed)], check=True, capture_output=True, text=True).stdout
    catalogue = libsdm.Catalogue.default()
    formulary = libsdm.Formulary.default(catalogue)
    want = expected(formulary, catalogue, random_rows(n, seed, len(catalogue)), seed)
    if got != want:
        sys.stdout.writelines(difflib.unified_diff(want.splitlines(True), got.splitlines(True),
                                                   "recomputed through the Python binding", program))
        print("FAIL: %s does not print what the library says" % program)
        return 1
    sys.stdout.write(got)
    print("OK: every figure recomputed from %d single matches per policy" % n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
