#!/usr/bin/env bash
# libsdm - executes the research examples headlessly, as a researcher would
# run them, and checks that they drew their plots. Outputs go to OUT_DIR (in
# the build tree), never next to the sources.
# Usage: test-research.sh notebook|rmarkdown|dask|evidence-policies SOURCE_DIR BUILD_ROOT OUT_DIR
# Exits 77 (skipped) when the binding the example needs is not built.
# SPDX-License-Identifier: MIT
set -eu
kind=$1 src=$2 build=$3 out=$4
mkdir -p "$out"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sdm-research.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# Jupyter, IPython and matplotlib keep state under $HOME: give them this run's
# own directories, so that parallel or unattended runs never share or lack one.
export JUPYTER_RUNTIME_DIR=$tmp/jupyter IPYTHONDIR=$tmp/ipython MPLCONFIGDIR=$tmp/matplotlib

# Counts the plots embedded in a file (PNG images as base64 data).
plots() { grep -o 'iVBORw0KGgo' "$1" | wc -l; }

case $kind in
notebook)
    export PYTHONPATH=$build/bindings/python PYDEVD_DISABLE_FILE_VALIDATION=1
    /usr/bin/python3 -c 'import libsdm' 2>/dev/null || { echo "SKIP: the Python binding is not built"; exit 77; }
    # Debian's nbconvert; its python3 kernel runs /usr/bin/python3 too.
    /usr/bin/python3 -m nbconvert --to notebook --execute --ExecutePreprocessor.timeout=600 \
        --output-dir "$out" "$src/preferences.ipynb"
    result=$out/preferences.ipynb
    want=4
    ;;
rmarkdown)
    export R_LIBS=$build/bindings/r/library
    Rscript -e 'library(libsdm)' >/dev/null 2>&1 || { echo "SKIP: the R binding is not built"; exit 77; }
    # Rendered from a copy: knitr writes its intermediate files beside the input.
    cp "$src/preferences.Rmd" "$tmp/"
    Rscript -e 'rmarkdown::render(commandArgs(TRUE)[1], output_dir = commandArgs(TRUE)[2], quiet = TRUE)' \
        "$tmp/preferences.Rmd" "$out"
    result=$out/preferences.html
    want=4
    ;;
dask)
    # The population's acceptability analyses on a LocalCluster of two worker
    # processes (which inherit PYTHONPATH and so find the built binding),
    # required equal to the single-process computation, bit for bit.
    export PYTHONPATH=$build/bindings/python
    /usr/bin/python3 -c 'import libsdm' 2>/dev/null || { echo "SKIP: the Python binding is not built"; exit 77; }
    /usr/bin/python3 -c 'import distributed' 2>/dev/null || { echo "SKIP: python3-distributed is not installed"; exit 77; }
    cd "$tmp"
    /usr/bin/python3 "$src/acceptability_dask.py" --check --rows 2000 --scenarios 1000 --chunk-rows 250
    exit
    ;;
evidence-policies)
    # The C research example's figures, recomputed from single matches through
    # the Python binding (check-evidence-policies.py says how).
    export PYTHONPATH=$build/bindings/python
    /usr/bin/python3 -c 'import libsdm' 2>/dev/null || { echo "SKIP: the Python binding is not built"; exit 77; }
    /usr/bin/python3 "$src/check-evidence-policies.py" "$out/evidence-policies" 400 14
    exit
    ;;
*)
    echo "usage: $0 notebook|rmarkdown|dask|evidence-policies SOURCE_DIR BUILD_ROOT OUT_DIR" >&2
    exit 2
    ;;
esac

n=$(plots "$result")
echo "$result: $n plots"
[ "$n" -ge "$want" ] || { echo "FAIL: $n plots in $result, expected at least $want"; exit 1; }
