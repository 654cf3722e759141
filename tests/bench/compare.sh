#!/usr/bin/env bash
# libsdm - benchmarks: two builds side by side, in one run, rounds interleaved
# (old, new, new, old, old, new, ...), so that both see the same machine and
# load; the median of the rounds of each. For "before and after" figures in BENCHMARKS.md.
# SPDX-License-Identifier: MIT
#
#   tests/bench/compare.sh [--rounds N] OLD-BUILD-DIR NEW-BUILD-DIR
#
# Each build directory must hold lib/libsdm.so.0 (a release build: meson
# setup DIR -Dbuildtype=release; meson compile -C DIR); NEW-BUILD-DIR also
# tests/bench/sdm-bench. The one benchmark program, NEW's, runs against each
# library in turn (LD_LIBRARY_PATH), so only the library differs; its batch
# and latency commands call only functions every version has. To build an
# older commit beside the worktree:
#   git archive COMMIT | tar -x -C /tmp/old && meson setup /tmp/old-build /tmp/old -Dbuildtype=release
# Per round and library: `sdm-bench batch` (1,000,000 random 5-item rankings,
# sdm_match_batch(top = 1), the best of 5 calls: ns per ranking of this
# thread's CPU time, which other processes on a shared machine do not
# inflate, and of the wall clock) and `sdm-bench latency` (sdm_match_run,
# 100,000 calls: the median ns).
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
bench=$2/tests/bench/sdm-bench
[ -x "$bench" ] || { echo "compare.sh: $bench is not built" >&2; exit 1; }
for lib in "$1/lib" "$2/lib"; do
  [ -e "$lib/libsdm.so.0" ] || { echo "compare.sh: $lib/libsdm.so.0 is not built" >&2; exit 1; }
done
old_lib=$(cd "$1/lib" && pwd)
new_lib=$(cd "$2/lib" && pwd)
py=${SDM_BENCH_PYTHON:-/usr/bin/python3}
[ -x "$py" ] || py=$(command -v python3)

work=$(mktemp -d "${TMPDIR:-/tmp}/sdm-compare.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((i = 1; i <= rounds; i++)); do
  order="old new"
  [ $((i % 2)) = 0 ] && order="new old" # neither always goes first
  for which in $order; do
    lib=$old_lib
    [ "$which" = new ] && lib=$new_lib
    LD_LIBRARY_PATH=$lib "$bench" batch --rows 1000000 --repeat 5 --verify 100 |
      sed -n 's/.* ns_per_ranking=\([0-9.]*\) cpu_ns_per_ranking=\([0-9.]*\).*checksum=\([0-9a-f]*\).*/\2 \1 \3/p' \
      >> "$work/batch.$which"
    LD_LIBRARY_PATH=$lib "$bench" latency --iterations 100000 | sed -n 's/.*median_ns=\([0-9.]*\).*/\1/p' \
      >> "$work/latency.$which"
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
if len({b[2] for b in batch["old"] + batch["new"]}) != 1:
    print("the two builds give different results (checksums differ)")
    sys.exit(1)
cpu = {w: [float(b[0]) for b in batch[w]] for w in batch}
wall = {w: [float(b[1]) for b in batch[w]] for w in batch}
for what, values, unit in (("batch, top 1, CPU ns per ranking (best of 5 calls)", cpu, "ns"),
                           ("batch, top 1, wall-clock ns per ranking (best of 5 calls)", wall, "ns"),
                           ("sdm_match_run latency, median of 100,000 calls", latency, "ns")):
    old, new = statistics.median(values["old"]), statistics.median(values["new"])
    low_old, low_new = min(values["old"]), min(values["new"])
    print("%s: old %.2f %s, new %.2f %s, new/old %.3f (medians of %d rounds); the fastest rounds (other "
          "work only adds time): old %.2f, new %.2f, new/old %.3f; old %s; new %s"
          % (what, old, unit, new, unit, new / old, rounds, low_old, low_new, low_new / low_old,
             " ".join("%.1f" % v for v in values["old"]), " ".join("%.1f" % v for v in values["new"])))
PY
