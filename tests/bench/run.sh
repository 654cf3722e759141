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
#   --ehr-only                    only the EHR request (issue 15; `sdm-bench ehr`): its own
#                                 table in BENCHMARKS.md, the rest left as it is
#   --ehr-baseline REV            also measure the EHR request with the library of git
#                                 revision REV (built in a temporary directory), the
#                                 "before" of the table (default with --ehr-only: $ehr_baseline_default)
#
# Needs: meson, ninja, a C compiler; optional (a row is marked "not measured"
# or "pending" without them): /usr/bin/python3 with numpy, Rscript with
# jsonlite (and R CMD SHLIB for the C batch called from R), valgrind, the
# Python and R bindings in the build directory.
# Everything runs on one thread; measure when the machine is quiet (the load
# average is recorded with the figures).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$(cd "$here/../.." && pwd)
small=0
build=""
ehr_only=0
# The last commit before the JSON writer (issue 15): the "before" of the EHR table.
ehr_baseline_default=375e9ce
ehr_baseline=""
while [ $# -gt 0 ]; do
  case "$1" in
    --small) small=1 ;;
    --build-dir) build=${2:?--build-dir needs a directory}; shift ;;
    --ehr-only) ehr_only=1 ;;
    --ehr-baseline) ehr_baseline=${2:?--ehr-baseline needs a git revision}; shift ;;
    -h|--help) sed -n '2,23p' "${BASH_SOURCE[0]}"; exit 0 ;;
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
  ehr_calls=300 ehr_rounds=3 ehr_runs=1 ehr_cg=20
else
  latency_calls=100000 rows=1000000 repeat=5 ref_repeat=3 items=0 exhaustive_repeat=3 cg_rows=100000
  acc_rounds=101 acc_rows=100
  growth_rows=500000 growth_rounds=7 growth_verify=1000 ref_rounds=5
  ehr_calls=20000 ehr_rounds=7 ehr_runs=3 ehr_cg=200
  if [ "$ehr_only" = 1 ] && [ -z "$ehr_baseline" ]; then
    ehr_baseline=$ehr_baseline_default
  fi
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

# 0. The EHR request end to end (issue 15), with the library of this tree and,
# when asked, of an earlier revision (the same bench program, the other
# library through LD_LIBRARY_PATH: the bench links libsdm by RUNPATH, which
# LD_LIBRARY_PATH overrides). Time in alternating runs, so that the load of
# a shared machine falls on both; allocations counted exactly; instructions
# counted by callgrind, which the load does not change.
ehr_callgrind() { # label, then the environment for the bench
  local label=$1; shift
  if ! command -v valgrind >/dev/null || ldd "$bench" | grep -q 'lib[at]san'; then
    note "${label}_callgrind status=skipped reason=no valgrind, or a sanitizer build"
    return
  fi
  env "$@" valgrind --tool=callgrind --toggle-collect=ehr_request --callgrind-out-file="$work/ehr.$label.cg" \
    "$bench" ehr-callgrind --iterations "$ehr_cg" > /dev/null 2> "$work/ehr.$label.log" || { cat "$work/ehr.$label.log" >&2; exit 1; }
  callgrind_annotate --inclusive=yes --threshold=100 "$work/ehr.$label.cg" 2>/dev/null | awk -v label="$label" -v n="$ehr_cg" '
    /PROGRAM TOTALS/ { gsub(",", "", $1); total = $1 }
    { line = $0; gsub(",", "", $1) }
    line ~ /:sdm_ranking_from_json( |$)/ && !p { p = $1 }
    line ~ /:sdm_match_run( |$)/ && !m { m = $1 }
    line ~ /:sdm_card_to_json( |$)/ && !c { c = $1 }
    line ~ /:sdm_record_to_json( |$)/ && !r { r = $1 }
    END { printf "%s_callgrind requests=%d ir=%.0f parse=%.0f match=%.0f card=%.0f record=%.0f\n", label, n,
          total / n, p / n, m / n, c / n, r / n }' | tee -a "$results"
}
run_ehr() {
  local base_lib=""
  if [ -n "$ehr_baseline" ]; then
    local base_src=$work/ehr-base-src base_build=$work/ehr-base-build
    mkdir -p "$base_src"
    if git -C "$src" archive "$ehr_baseline" | tar -x -C "$base_src" &&
       meson setup "$base_build" "$base_src" -Dbuildtype=release -Dtests=false -Dpython=disabled -Dr=disabled \
         -Ddocs=disabled > "$work/ehr-base-setup.log" 2>&1 &&
       meson compile -C "$base_build" > "$work/ehr-base-build.log" 2>&1; then
      base_lib=$base_build/lib
      note "ehr_baseline rev=$(git -C "$src" rev-parse --short "$ehr_baseline")"
    else
      note "ehr_before status=skipped reason=the revision $ehr_baseline could not be built"
    fi
  fi
  for _ in $(seq "$ehr_runs"); do
    record "$bench" ehr --iterations "$ehr_calls" --rounds "$ehr_rounds"
    if [ -n "$base_lib" ]; then
      LD_LIBRARY_PATH=$base_lib "$bench" ehr --iterations "$ehr_calls" --rounds "$ehr_rounds" |
        sed 's/^ehr/ehr_before/' | tee -a "$results"
    fi
  done
  ehr_callgrind ehr
  [ -n "$base_lib" ] && ehr_callgrind ehr_before LD_LIBRARY_PATH="$base_lib"
  return 0
}
run_ehr
if [ "$ehr_only" = 1 ]; then
  report=("$py" "$here/report.py" --results "$results" --build-dir "$build" --source-root "$src" --ehr-only)
  if [ "$small" = 1 ]; then
    "${report[@]}" --print
  else
    "${report[@]}" --write "$src/BENCHMARKS.md"
    echo "run.sh: the EHR table in $src/BENCHMARKS.md is rewritten"
  fi
  exit 0
fi

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
  # The C batch for R's interleaved rounds with the binding: a test-only
  # .Call shim over this build's libsdm.so.0 (the library sdm-bench times),
  # compiled in $work (R CMD SHLIB writes its objects beside the source).
  r_shim=-
  if [ "$r_library" = - ]; then
    :  # reference.R says that the binding is not built
  elif ! command -v R >/dev/null; then
    note "r_binding_rounds status=skipped reason=no R to compile the C batch shim (R CMD SHLIB)"
  else
    cp "$here/r-c-batch.c" "$work/"
    if (cd "$work" && PKG_CPPFLAGS="-I$src/include" \
          PKG_LIBS="-L$build/lib -Wl,-rpath,$build/lib -l:libsdm.so.0" \
          R CMD SHLIB -o r-c-batch.so r-c-batch.c) > "$work/r-c-batch.log" 2>&1; then
      r_shim=$work/r-c-batch.so
    else
      note "r_binding_rounds status=skipped reason=R CMD SHLIB could not compile tests/bench/r-c-batch.c: $(tail -n 1 "$work/r-c-batch.log")"
    fi
  fi
  record Rscript --vanilla "$here/reference.R" "$src" "$work" "$ref_repeat" "$r_library" "$r_shim" "$ref_rounds"
else
  note "r status=skipped reason=no Rscript with jsonlite"
  note "r_binding status=skipped reason=no Rscript with jsonlite"
  note "r_binding_rounds status=skipped reason=no Rscript with jsonlite"
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
