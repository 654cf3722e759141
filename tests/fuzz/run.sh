#!/usr/bin/env bash
# libsdm - fuzzes one target with libFuzzer, AddressSanitizer and
# UndefinedBehaviorSanitizer.
#
#   tests/fuzz/run.sh TARGET SECONDS [LIBFUZZER-OPTION...]
#
# TARGET is catalogue, formulary, ranking, options, record, record-fields (records
# that look valid, changed one field at a time), api or ehr (the EHR
# example's request handler, examples/ehr/consultation.c). The library
# and the target are built with clang (CC, default clang) in their own
# directory (FUZZ_BUILD_DIR, default build-fuzz), instrumented for coverage;
# jansson is the system's. The fuzzer starts from tests/fuzz/corpus/TARGET and
# keeps what it finds in $FUZZ_BUILD_DIR/corpus/TARGET; a crash is saved as
# $FUZZ_BUILD_DIR/crash-TARGET-*. After a fix, copy the crashing input into
# tests/fuzz/corpus/TARGET/ so that `meson test` replays it for ever.
# FUZZ_SANITIZE (default address,undefined) and FUZZ_OPT (default 1, for -O1)
# change the build; the batch kernels, the text buffer and the target itself
# are built without comparison tracing (FUZZ_TRACE_BATCH=1 puts it back in the
# library).
# Needs clang and its runtime (Debian: clang libclang-rt-14-dev).
# SPDX-License-Identifier: MIT
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

if [ $# -lt 2 ]; then
    sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi
target=$1 seconds=$2
shift 2
case $target in
    catalogue|formulary|ranking|options|record|record-fields|api|ehr) ;;
    *) echo "unknown target '$target'" >&2; exit 2 ;;
esac

cc=${CC:-clang}
build=${FUZZ_BUILD_DIR:-build-fuzz}
sanitize=(-fsanitize=${FUZZ_SANITIZE:-address,undefined} -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
cflags=(-std=c11 -g -O${FUZZ_OPT:-1} -ffp-contract=off -D_POSIX_C_SOURCE=200809L -Iinclude -Ilib "${sanitize[@]}")
mkdir -p "$build/obj" "$build/corpus/$target"

# The library, instrumented for coverage, rebuilt when a source is newer.
/usr/bin/python3 lib/embed.py --output "$build/default_data.c" \
    sdm__default_catalogue_json=data/catalogue.json sdm__default_formulary_json=data/formulary.json
objects=()
for src in lib/*.c "$build/default_data.c"; do
    obj="$build/obj/$(basename "${src%.c}").o"
    if [ ! -e "$obj" ] || [ "$src" -nt "$obj" ] || [ -n "$(find lib include -newer "$obj" -name '*.h' -print -quit)" ]; then
        # The batch kernels compare numbers in tight loops, and the text
        # buffer compares sizes for every piece of JSON written; tracing
        # those comparisons (trace-cmp) guides no parser and costs a third
        # (batch) and a quarter (text buffer) of the api target's time, so
        # they keep edge coverage only.
        extra=()
        case $src in lib/batch*.c|lib/strbuf.c) [ -n "${FUZZ_TRACE_BATCH:-}" ] || extra=(-fno-sanitize-coverage=trace-cmp) ;; esac
        "$cc" "${cflags[@]}" -DSDM_BUILDING -fsanitize=fuzzer-no-link "${extra[@]}" -c "$src" -o "$obj"
    fi
    objects+=("$obj")
done
# The ehr target fuzzes the EHR example's request handler: its sources are
# built like the library's, and the target reads the example Trust.
target_flags=()
if [ "$target" = ehr ]; then
    target_flags=(-Iexamples/ehr "-DFUZZ_EHR_CONFIG=\"$PWD/examples/ehr/trust-config.json\"")
    for src in examples/ehr/consultation.c examples/ehr/trust.c; do
        obj="$build/obj/ehr-$(basename "${src%.c}").o"
        "$cc" "${cflags[@]}" -Iexamples/ehr -fsanitize=fuzzer-no-link -c "$src" -o "$obj"
        objects+=("$obj")
    done
fi
# The target's own loops (invariant checks, rows drawn for a batch) are not
# what the fuzzer should steer by: their comparisons are not traced either.
"$cc" "${cflags[@]}" "${target_flags[@]}" -fsanitize=fuzzer -fno-sanitize-coverage=trace-cmp \
    "tests/fuzz/fuzz-$target.c" "${objects[@]}" $(pkg-config --libs jansson) -lm -lpthread -o "$build/fuzz-$target"

exec "$build/fuzz-$target" -max_total_time="$seconds" -print_final_stats=1 \
    -dict=tests/fuzz/json.dict -max_len=65536 -timeout=20 -rss_limit_mb=4096 \
    -artifact_prefix="$build/crash-$target-" "$@" \
    "$build/corpus/$target" "tests/fuzz/corpus/$target"
