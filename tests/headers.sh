#!/usr/bin/env bash
# libsdm - every public header compiles on its own, twice included, as strict
# C99 and C11 (gcc, and clang if installed) and as C++11 (g++/clang++).
# Usage: headers.sh INCLUDE_DIR
# SPDX-License-Identifier: MIT
set -u
inc=${1:?usage: headers.sh INCLUDE_DIR}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sdm-headers.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

failures=0
checks=0

# check COMPILER LANG FLAGS... : compiles $tmp/tu.$LANG
check() {
    local compiler=$1 lang=$2; shift 2
    checks=$((checks + 1))
    if ! "$compiler" "$@" -I"$inc" -c "$tmp/tu.$lang" -o "$tmp/tu.o" 2>"$tmp/err"; then
        echo "FAIL: $compiler $* : $header"
        sed 's/^/    /' "$tmp/err"
        failures=$((failures + 1))
    fi
}

strict=(-pedantic -Werror -Wall -Wextra)
c_compilers=()
cxx_compilers=()
for c in gcc clang; do command -v "$c" >/dev/null && c_compilers+=("$c"); done
for c in g++ clang++; do command -v "$c" >/dev/null && cxx_compilers+=("$c"); done
if [ ${#c_compilers[@]} -eq 0 ]; then
    echo "no C compiler found"
    exit 1
fi

for path in "$inc"/sdm/*.h; do
    header=sdm/$(basename "$path")
    # Included twice: the include guard must work. main() uses nothing, so the
    # header alone must bring in everything it needs.
    printf '#include <%s>\n#include <%s>\nint main(void) { return 0; }\n' \
        "$header" "$header" > "$tmp/tu.c"
    cp "$tmp/tu.c" "$tmp/tu.cpp"
    for cc in "${c_compilers[@]}"; do
        for std in c99 c11; do
            check "$cc" c -x c -std=$std "${strict[@]}"
        done
    done
    for cxx in "${cxx_compilers[@]}"; do
        check "$cxx" cpp -x c++ -std=c++11 "${strict[@]}"
    done
done

echo "$checks compilations, $failures failed (C: ${c_compilers[*]}; C++: ${cxx_compilers[*]:-none})"
[ "$failures" -eq 0 ]
