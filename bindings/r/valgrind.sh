#!/usr/bin/env bash
# libsdm - runs the R binding's testthat tests (all but the memory loop) under
# valgrind and fails on any memory error or definite leak.
#   bindings/r/valgrind.sh BUILD-DIR      (a build with the R binding, e.g. build)
# About 5 minutes; also the meson test `r-valgrind` (suites r and valgrind).
# SPDX-License-Identifier: MIT
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=$(cd "${1:?usage: $0 BUILD-DIR}" && pwd)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
SDM_SOURCE_ROOT=$root LC_ALL=C.UTF-8 R --vanilla --slave \
    -d "valgrind --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite --error-exitcode=99 --num-callers=30" \
    -f "$root/bindings/r/run-tests.R" \
    --args "$build/bindings/r/library" "$root/bindings/r/tests/testthat" '^(?!memory$)' 2>&1 | tee "$log" |
    grep -E "tests \(|definitely lost|ERROR SUMMARY" || true
status=${PIPESTATUS[0]}
if grep -q "definitely lost: [1-9]" "$log" || ! grep -q "ERROR SUMMARY: 0 errors" "$log"; then
    echo "valgrind found memory errors or a definite leak (status $status)" >&2
    exit 1
fi
exit "$status"
