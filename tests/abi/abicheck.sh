#!/usr/bin/env bash
# libsdm - compares the built shared library with the committed ABI baseline
# (tests/abi/libsdm.abi, written by abidw). Added functions are fine; a
# removed or changed function, variable or type fails, as does anything
# abidiff itself calls incompatible. See doc/abi.md for refreshing the baseline
# after a deliberate change.
#
#   abicheck.sh ABIDIFF BASELINE LIBRARY HEADERS-DIR
#
# Exits 77 (skipped) when the comparison cannot be made: a library without
# debug information (abidiff reads DWARF) or a machine other than the
# baseline's (x86-64).
# SPDX-License-Identifier: MIT
set -u
if [ $# -ne 4 ]; then
    echo "usage: $0 ABIDIFF BASELINE LIBRARY HEADERS-DIR" >&2
    exit 2
fi
abidiff=$1 baseline=$2 library=$3 headers=$4

if [ "$(uname -m)" != x86_64 ] || ! grep -q "architecture='elf-amd-x86_64'" "$baseline"; then
    echo "SKIP: the baseline is for x86-64, this is $(uname -m)"
    exit 77
fi
if ! LC_ALL=C readelf -S "$library" 2>/dev/null | grep -q '\.debug_info'; then
    echo "SKIP: $library has no debug information (build with -g, e.g. buildtype=debugoptimized)"
    exit 77
fi

report=$("$abidiff" --headers-dir2 "$headers" --drop-private-types "$baseline" "$library" 2>&1)
rc=$?
echo "abidiff $baseline $library: exit status $rc"
printf '%s\n' "$report"

# abidiff's status is a bit mask: 1 error, 2 usage error, 4 ABI change, 8 incompatible change.
if (( rc & 3 )); then
    echo "FAIL: abidiff could not compare"
    exit 1
fi
if (( rc & 8 )); then
    echo "FAIL: an incompatible ABI change (see above)"
    exit 1
fi
# A change abidiff cannot judge (e.g. a parameter's type) is reported as
# "N Changed" with status 4: a break for us too. Additions are not.
if printf '%s\n' "$report" | grep -Eq '(^|[^0-9])[1-9][0-9]* (Removed|Changed)'; then
    echo "FAIL: a function, variable or symbol was removed or changed (see above)"
    exit 1
fi
echo "OK: the ABI is compatible with the baseline${report:+ (additions only)}"
exit 0
