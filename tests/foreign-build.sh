#!/usr/bin/env bash
# libsdm - the library's sources built without meson's flags, the way the R
# package and a vendor's own build system build them: GCC in GNU mode
# (-std=gnu11, whose default is -ffp-contract=fast), -O3, not position
# independent, with FMA where the CPU has it. Two things must hold:
#  - no warning (-Wall -Wextra -Werror), at -O3 too;
#  - the batch suite passes: its scores are equal to sdm_match_run()'s to the
#    last bit, so no multiply and add may have been fused (lib/internal.h).
# Usage: foreign-build.sh SOURCE_ROOT DEFAULT_DATA_C TEST_COMMON_C TEST_BATCH_C
# Exits 77 (skipped) without gcc.
# SPDX-License-Identifier: MIT
set -eu
root=$1 default_data=$2 common=$3 batch=$4
cc=${FOREIGN_CC:-gcc}
command -v "$cc" >/dev/null || { echo "no $cc"; exit 77; }

flags=(-std=gnu11 -O3 -ffp-contract=fast -Wall -Wextra -Werror -pthread -D_POSIX_C_SOURCE=200809L)
case $(uname -m) in
    x86_64)
        # FMA is what makes contraction possible; without it the check below
        # would prove nothing (and code built with -mfma would not run).
        if grep -qw fma /proc/cpuinfo; then
            flags+=(-mavx2 -mfma)
        else
            echo "this CPU has no FMA: contraction cannot happen here"; exit 77
        fi ;;
esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sdm-foreign.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

objects=()
for src in "$root"/lib/*.c "$default_data"; do
    obj=$tmp/$(basename "${src%.c}").o
    "$cc" "${flags[@]}" -DSDM_BUILDING -I"$root/include" -I"$root/lib" -c "$src" -o "$obj"
    objects+=("$obj")
done
"$cc" "${flags[@]}" -I"$root/include" -I"$(dirname "$common")" \
    $(pkg-config --cflags check) "$batch" "$common" "${objects[@]}" \
    $(pkg-config --libs check jansson) -lm -o "$tmp/test-batch"
echo "built with: $cc ${flags[*]}"

# The fused version of the double-precision kernels differs from
# sdm_match_run() in the last bit on the suite's rows; every kernel is run.
for env in "" SDM_NO_SCREEN=1 SDM_NO_AVX2=1; do
    echo "== test-batch ${env:-(default kernels)}"
    env $env SDM_TEST_TMPDIR="$tmp" CK_FORK=no "$tmp/test-batch"
done
