#!/usr/bin/env bash
# libsdm - R CMD check of the R package: builds the source package (with its
# vignette) from the directory the build assembled, checks it (--no-manual) in a temporary
# directory, prints the summary, and fails on any ERROR or WARNING. NOTEs are
# printed and allowed. SDM_R_CHECK_LOG=FILE keeps a copy of 00check.log.
# Usage: bindings/r/check.sh [PACKAGE_DIR]
#   PACKAGE_DIR defaults to ${BUILD_DIR:-build}/bindings/r/libsdm (run
#   `meson compile -C build` first: it assembles the package there).
# SPDX-License-Identifier: MIT
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
pkg=${1:-$root/${BUILD_DIR:-build}/bindings/r/libsdm}
if [ ! -f "$pkg/DESCRIPTION" ]; then
    echo "check.sh: no R package in $pkg; build it first (meson compile -C build)" >&2
    exit 1
fi
pkg=$(cd "$pkg" && pwd)
R=${R:-R}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

# Nothing from the user's own R setup: their library, profile or Makevars.
export R_LIBS_USER="$work/none" R_PROFILE_USER="$work/none" R_ENVIRON_USER="$work/none"
export R_MAKEVARS_USER="$work/none"
export MAKEFLAGS=${MAKEFLAGS:--j$(nproc 2>/dev/null || echo 1)}
# The memory test's loop is long; R CMD check runs a shorter one (meson runs it in full).
export SDM_R_MEMORY_ITERATIONS=${SDM_R_MEMORY_ITERATIONS:-20000}

# The vignette is built here (knitr and rmarkdown, with pandoc; nothing from
# the network) and checked again by R CMD check.
"$R" CMD build --no-manual "$pkg" > build.log 2>&1 || {
    cat build.log >&2
    echo "check.sh: R CMD build failed" >&2
    exit 1
}
tarball=$(ls libsdm_*.tar.gz)
# (the listing is read whole: grep -q stopping early would fail the pipe)
if ! tar -tzf "$tarball" | grep '^libsdm/inst/doc/libsdm.html$' > /dev/null; then
    echo "check.sh: R CMD build did not build the vignette (inst/doc/libsdm.html)" >&2
    exit 1
fi

status=0
"$R" CMD check --no-manual "$tarball" > check.log 2>&1 || status=$?
log=libsdm.Rcheck/00check.log
if [ ! -f "$log" ]; then
    cat check.log >&2
    echo "check.sh: R CMD check did not run" >&2
    exit 1
fi

# Every check that did not end in OK, with its explanation.
awk '/^\* / { show = ($0 !~ /\.\.\. *(OK|SKIPPED|NONE)$/ && $0 ~ /(NOTE|WARNING|ERROR)$/) }
     show { print }' "$log"
grep -E '^Status:' "$log" || true
if [ -n "${SDM_R_CHECK_LOG:-}" ]; then
    cp "$log" "$SDM_R_CHECK_LOG"
fi
if grep -qE '^\* .*(WARNING|ERROR)$' "$log" || [ "$status" -ne 0 ]; then
    if [ -f libsdm.Rcheck/tests/testthat.Rout.fail ]; then
        tail -n 60 libsdm.Rcheck/tests/testthat.Rout.fail >&2
    fi
    echo "check.sh: R CMD check found an ERROR or a WARNING" >&2
    exit 1
fi
echo "check.sh: R CMD check passed (no ERROR, no WARNING)"
