#!/usr/bin/env bash
# libsdm - benchmarks (issue 6): runs every measurement and rewrites the table
# in BENCHMARKS.md.
# SPDX-License-Identifier: MIT
#
#   tests/bench/run.sh            configure build-bench (release) if needed, build,
#                                 measure at full size, rewrite BENCHMARKS.md
#   tests/bench/run.sh --small    the CI smoke test (meson test --suite bench):
#                                 tiny sizes, prints the table, BENCHMARKS.md untouched
#   --build-dir DIR               use this build directory (default: <source>/build-bench;
#                                 with --small it must already be built)
#
# Needs: meson, ninja, a C compiler; optional (a row is marked "not measured"
# or "pending" without them): /usr/bin/python3 with numpy, Rscript with
# jsonlite, valgrind, the Python and R bindings in the build directory.
# Everything runs on one thread; measure when the machine is quiet (the load
# average is recorded with the figures).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$(cd "$here/../.." && pwd)
small=0
build=""
while [ $# -gt 0 ]; do
  case "$1" in
    --small) small=1 ;;
    --build-dir) build=${2:?--build-dir needs a directory}; shift ;;
    -h|--help) sed -n '2,18p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "run.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
  shift
done
build=${build:-$src/build-bench}
build=$(mkdir -p "$build" && cd "$build" && pwd)
# Debian's interpreter (numpy is a Debian package), not whatever python3 is first on PATH.
py=${SDM_BENCH_PYTHON:-/usr/bin/python3}
[ -x "$py" ] || py=$(command -v python3)
export PYTHONDONTWRITEBYTECODE=1

if [ "$small" = 1 ]; then
  latency_calls=200 rows=2000 repeat=2 ref_repeat=1 items=8 exhaustive_repeat=1 cg_rows=1000
  acc_rounds=5 acc_rows=4
  growth_rows=2000 growth_rounds=3 growth_verify=2000 ref_rounds=1
else
  latency_calls=100000 rows=1000000 repeat=5 ref_repeat=3 items=0 exhaustive_repeat=3 cg_rows=100000
  acc_rounds=101 acc_rows=100
  growth_rows=500000 growth_rounds=7 growth_verify=1000 ref_rounds=5
  if [ ! -f "$build/build.ninja" ]; then
    meson setup "$build" "$src" -Dbuildtype=release
  fi
  meson compile -C "$build"
fi

bench=$build/tests/bench/sdm-bench
if [ ! -x "$bench" ]; then
  echo "run.sh: $bench is not built" >&2
  exit 1
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/sdm-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
results=$work/results.txt
: > "$results"

# Runs a measurement, echoing its lines and keeping them for the report.
record() {
  "$@" | tee -a "$results"
}
note() {
  echo "$*" | tee -a "$results"
}

note "machine load=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' ,)"

# 1. sdm_match_run latency.
record "$bench" latency --iterations "$latency_calls"
# 2. The C batch (and the rankings, results and ids for the references).
record "$bench" batch --rows "$rows" --repeat "$repeat" --out "$work"
# 3. The exhaustive run (--items 8 for the smoke test: 6,720 rankings); then
# once more under the synthesis rule precedence (the ratings of data 2026.11),
# for its table of who comes first.
record "$bench" exhaustive --items "$items" --repeat "$exhaustive_repeat"
"$bench" exhaustive --items "$items" --repeat 1 --synthesis precedence |
  sed 's/^exhaustive /exhaustive_precedence /; s/^first /first_precedence /' | tee -a "$results"

# 3b. The cost-growth table: every path (k, top, options, medicines, threads),
# as ratios to the default batch in interleaved rounds; every result of the
# first rows of every case checked against sdm_match_run().
record "$bench" growth --rows "$growth_rows" --rounds "$growth_rounds" --verify "$growth_verify" \
  --data "$src/tests/data/formulary-2026.11.json"

# 4 and 5. numpy and the Python binding; R and the R binding.
python_pkg=$build/bindings/python
[ -f "$python_pkg/libsdm/__init__.py" ] || python_pkg=-
r_library=$build/bindings/r/library
[ -d "$r_library/libsdm" ] || r_library=-
if "$py" -c 'import numpy' 2>/dev/null; then
  record "$py" "$here/reference.py" --source-root "$src" --data "$work" --repeat "$ref_repeat" --binding "$python_pkg" \
    --library "$build/lib/libsdm.so.0" --rounds "$ref_rounds"
else
  note "numpy status=skipped reason=no numpy for $py"
  note "python_binding status=skipped reason=no numpy for $py"
fi
if command -v Rscript >/dev/null && Rscript --vanilla -e 'quit(status = !requireNamespace("jsonlite", quietly = TRUE))' 2>/dev/null; then
  record Rscript --vanilla "$here/reference.R" "$src" "$work" "$ref_repeat" "$r_library"
else
  note "r status=skipped reason=no Rscript with jsonlite"
  note "r_binding status=skipped reason=no Rscript with jsonlite"
fi

# 6. Instructions per ranking: one sdm_match_batch call on n and on 2n rows,
# counted by callgrind from its entry to its return (generation excluded).
if ! command -v valgrind >/dev/null; then
  note "callgrind status=skipped reason=no valgrind"
elif ldd "$bench" | grep -q 'lib[at]san'; then
  note "callgrind status=skipped reason=a sanitizer build"
else
  ir=()
  for n in "$cg_rows" $((2 * cg_rows)); do
    if ! valgrind --tool=callgrind --toggle-collect=sdm_match_batch \
      --callgrind-out-file="$work/callgrind.$n" "$bench" callgrind --rows "$n" > /dev/null 2> "$work/callgrind.$n.log"; then
      cat "$work/callgrind.$n.log" >&2
      exit 1
    fi
    ir+=("$(awk '/^(summary|totals):/ { print $2; exit }' "$work/callgrind.$n")")
  done
  note "callgrind rows=$cg_rows ir=${ir[0]} rows2=$((2 * cg_rows)) ir2=${ir[1]} $(awk -v n="$cg_rows" -v a="${ir[0]}" -v b="${ir[1]}" \
    'BEGIN { printf "per_ranking=%.1f marginal=%.1f fixed=%.0f", a / n, (b - a) / n, a - (b - a) }')"
fi

# 7 and 8. The acceptability analysis (issue 14): one person, rounds of
# sdm_acceptability_run() and the population form interleaved; then the
# population form on random rankings, and the numpy version of it.
acceptability=$build/tests/bench/sdm-bench-acceptability
record "$acceptability" single --rounds "$acc_rounds"
record "$acceptability" population --rows "$acc_rows" --repeat "$ref_repeat" --out "$work"
if "$py" -c 'import numpy' 2>/dev/null; then
  record "$py" "$here/acceptability.py" --data "$work" --repeat "$ref_repeat"
else
  note "acceptability_numpy status=skipped reason=no numpy for $py"
fi

report=("$py" "$here/report.py" --results "$results" --build-dir "$build" --source-root "$src")
if [ "$small" = 1 ]; then
  "${report[@]}" --print
else
  "${report[@]}" --write "$src/BENCHMARKS.md"
  echo "run.sh: the table in $src/BENCHMARKS.md is rewritten"
fi
