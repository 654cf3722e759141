#!/usr/bin/env bash
# libsdm - installs what is missing, builds, and runs the quick-start
# demonstration on the built-in data (build/examples/quickstart).
#   scripts/quickstart.sh              the C library and its demonstration
#   scripts/quickstart.sh --bindings   also builds the Python and R bindings
#                                      (installing swig, python3-dev, numpy,
#                                      pandas and r-base-dev if missing) and
#                                      shows the same person in each
# BUILD_DIR (default build) is the build directory; it is configured afresh.
# SPDX-License-Identifier: MIT
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/deps.sh

bindings=0
case "${1:-}" in
    "") ;;
    --bindings) bindings=1 ;;
    -h|--help) sed -n '2,9p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "quickstart.sh: unknown argument '$1' (try --bindings)" >&2; exit 2 ;;
esac
build=${BUILD_DIR:-build}

if [ "$bindings" = 1 ]; then
    install_missing "${SDM_BUILD_DEPS[@]}" "${SDM_BINDING_DEPS[@]}"
    setup_build "$build" -Dtests=false -Dpython=enabled -Dr=enabled
else
    install_missing "${SDM_BUILD_DEPS[@]}"
    setup_build "$build" -Dtests=false
fi
meson compile -C "$build"
echo
"$build/examples/quickstart"

if [ "$bindings" = 0 ]; then
    echo
    echo "To build and try the Python and R bindings too: $0 --bindings"
    exit 0
fi

# The same person in each binding: the three best medicines.
echo
echo "== Python: PYTHONPATH=$build/bindings/python /usr/bin/python3"
PYTHONPATH="$build/bindings/python" /usr/bin/python3 - <<'PY'
import libsdm

catalogue = libsdm.Catalogue.default()
ranking = libsdm.Ranking(catalogue, avoid=["weight_gain", "day_sleepiness", "stiff_muscles", "less_sex_drive",
                                           "dry_mouth"], helpful=["night_sleepiness"])
match = libsdm.Formulary.default(catalogue).match(ranking)
for entry in match[:3]:
    print(entry.rank, entry.name, round(entry.score, 3))
print("libsdm", libsdm.__version__, "- data version", match.data_version)
PY
echo
echo "== R: R_LIBS=$build/bindings/r/library R"
R_LIBS="$build/bindings/r/library" Rscript -e '
suppressPackageStartupMessages(library(libsdm))
m <- sdm_match(avoid = c("weight_gain", "day_sleepiness", "stiff_muscles", "less_sex_drive", "dry_mouth"),
               helpful = "night_sleepiness")
print(head(m, 3))'
