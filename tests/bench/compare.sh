#!/usr/bin/env bash
# libsdm - benchmarks: two builds side by side, in one run, rounds interleaved
# (old, new, new, old, old, new, ...), so that both see the same machine and
# load; the median of the rounds of each. For "before and after" figures in BENCHMARKS.md.
# SPDX-License-Identifier: MIT
#
#   tests/bench/compare.sh [--rounds N] OLD-BUILD-DIR NEW-BUILD-DIR
#
# Each build directory must hold tests/bench/sdm-bench (a release build:
# meson setup DIR -Dbuildtype=release; meson compile -C DIR tests/bench/sdm-bench).
# To build an older commit beside the worktree:
#   git archive COMMIT | tar -x -C /tmp/old && meson setup /tmp/old-build /tmp/old -Dbuildtype=release
# Per round and build: `sdm-bench batch` (1,000,000 random 5-item rankings,
# sdm_match_batch(top = 1), the best of 5 calls: ns per ranking) and
# `sdm-bench latency` (sdm_match_run, 100,000 calls: the median ns).
set -euo pipefail

rounds=11
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=${2:?--rounds needs a number}; shift ;;
    -h|--help) sed -n '2,16p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) break ;;
  esac
  shift
done
if [ $# -ne 2 ]; then
  echo "usage: $0 [--rounds N] OLD-BUILD-DIR NEW-BUILD-DIR" >&2
  exit 2
fi
old=$1/tests/bench/sdm-bench
new=$2/tests/bench/sdm-bench
for b in "$old" "$new"; do
  [ -x "$b" ] || { echo "compare.sh: $b is not built" >&2; exit 1; }
done
py=${SDM_BENCH_PYTHON:-/usr/bin/python3}
[ -x "$py" ] || py=$(command -v python3)

work=$(mktemp -d "${TMPDIR:-/tmp}/sdm-compare.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((i = 1; i <= rounds; i++)); do
  order="old new"
  [ $((i % 2)) = 0 ] && order="new old" # neither always goes first
  for which in $order; do
    b=$old
    [ "$which" = new ] && b=$new
    "$b" batch --rows 1000000 --repeat 5 --verify 100 | sed -n 's/.*ns_per_ranking=\([0-9.]*\).*checksum=\([0-9a-f]*\).*/\1 \2/p' \
      >> "$work/batch.$which"
    "$b" latency --iterations 100000 | sed -n 's/.*median_ns=\([0-9.]*\).*/\1/p' >> "$work/latency.$which"
  done
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
"$py" - "$work" "$rounds" <<'PY'
import statistics, sys
work, rounds = sys.argv[1], int(sys.argv[2])
def read(name):
    with open("%s/%s" % (work, name)) as fp:
        return [line.split() for line in fp if line.strip()]
batch = {w: read("batch." + w) for w in ("old", "new")}
latency = {w: [float(x[0]) for x in read("latency." + w)] for w in ("old", "new")}
if {b[1] for b in batch["old"] + batch["new"]} and len({b[1] for b in batch["old"] + batch["new"]}) != 1:
    print("the two builds give different results (checksums differ)")
    sys.exit(1)
ns = {w: [float(b[0]) for b in batch[w]] for w in batch}
for what, values, unit in (("batch, top 1, ns per ranking (best of 5 calls)", ns, "ns"),
                           ("sdm_match_run latency, median of 100,000 calls", latency, "ns")):
    old, new = statistics.median(values["old"]), statistics.median(values["new"])
    print("%s: old %.2f %s, new %.2f %s, new/old %.3f (medians of %d rounds; old %s; new %s)"
          % (what, old, unit, new, unit, new / old, rounds,
             " ".join("%.1f" % v for v in values["old"]), " ".join("%.1f" % v for v in values["new"])))
PY
