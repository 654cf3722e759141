#!/usr/bin/env bash
# libsdm - rewrites the ABI baseline tests/abi/libsdm.abi from a build's shared
# library, with the flags the comparison expects. Only after a deliberate ABI
# change, recorded in CHANGELOG.md (see doc/abi.md).
#
#   tests/abi/update.sh BUILD-DIR
#
# The build needs debug information (buildtype debug or debugoptimized, the
# default) and must be on x86-64, the baseline's machine.
# SPDX-License-Identifier: MIT
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
if [ $# -ne 1 ]; then
    echo "usage: $0 BUILD-DIR" >&2
    exit 2
fi
library=$(find "$1/lib" -maxdepth 1 -name 'libsdm.so.*.*.*' -type f | sort | tail -n 1)
if [ -z "$library" ]; then
    echo "no lib/libsdm.so.X.Y.Z in $1: build it first (meson compile -C $1)" >&2
    exit 1
fi
abidw --headers-dir include/sdm --drop-private-types --exported-interfaces-only --no-corpus-path --no-comp-dir-path --no-show-locs \
    --type-id-style hash --out-file tests/abi/libsdm.abi "$library"
echo "tests/abi/libsdm.abi now describes $library:"
grep -c '<elf-symbol ' tests/abi/libsdm.abi | sed 's/$/ exported symbols/'
