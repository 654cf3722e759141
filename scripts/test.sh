#!/usr/bin/env bash
# libsdm - installs what is missing, builds with warnings as errors, runs every
# test, and ends with one line: "N passed, N failed[, N skipped]".
# Exits non-zero if the build or any test fails. BUILD_DIR overrides build-ci.
# SPDX-License-Identifier: MIT
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/deps.sh
build=${BUILD_DIR:-build-ci}

install_missing "${SDM_BUILD_DEPS[@]}" "${SDM_TEST_DEPS[@]}" || exit 1
install_web_test_deps || exit 1

if ! setup_build "$build" -Dwerror=true || ! meson compile -C "$build"; then
    echo "The build failed; no test was run." >&2
    echo "0 passed, 1 failed"   # the build itself counts as the failure
    exit 1
fi

meson test -C "$build" --print-errorlogs
status=$?
logs=("$build/meson-logs/testlog.json")

# The C suites again under AddressSanitizer and UndefinedBehaviorSanitizer:
# any report fails its test (-fno-sanitize-recover, halt_on_error). The
# sanitizers make code 2 to 3 times slower, so the timeouts are 3 times longer.
asan="$build-asan"
if setup_build "$asan" -Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false \
       -Dc_args=-fno-sanitize-recover=all -Dpython=disabled -Dr=disabled -Ddocs=disabled &&
   meson compile -C "$asan"; then
    ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=1 \
    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    CK_TIMEOUT_MULTIPLIER=3 \
        meson test -C "$asan" --print-errorlogs --timeout-multiplier 3 --suite unit --suite reliability --suite threads \
        || status=1
    logs+=("$asan/meson-logs/testlog.json")
else
    echo "The AddressSanitizer build failed." >&2
    status=1
fi

# Threads sharing one catalogue and formulary, under ThreadSanitizer.
tsan="$build-tsan"
if setup_build "$tsan" -Dwerror=true -Db_sanitize=thread -Dpython=disabled -Dr=disabled -Ddocs=disabled &&
   meson compile -C "$tsan" tests/threads/test-threads; then
    TSAN_OPTIONS=halt_on_error=1 SDM_THREAD_ROUNDS=1000 \
        meson test -C "$tsan" --no-rebuild --print-errorlogs --suite threads || status=1
    logs+=("$tsan/meson-logs/testlog.json")
else
    echo "The ThreadSanitizer build failed." >&2
    status=1
fi

# The library and every C test built by clang too, with warnings as errors
# (gcc and clang warn about different things), and the unit suites run on it:
# the batch's kernels are vectorised differently by each compiler. A build
# that fails leaves no test log, which the summary counts as a failure.
clang_build="$build-clang"
rm -f "$clang_build/meson-logs/testlog.json"
if CC=clang setup_build "$clang_build" -Dwerror=true -Dpython=disabled -Dr=disabled -Ddocs=disabled &&
   meson compile -C "$clang_build"; then
    meson test -C "$clang_build" --no-rebuild --print-errorlogs --suite unit || status=1
else
    echo "The clang build failed." >&2
    status=1
fi
logs+=("$clang_build/meson-logs/testlog.json")

# Line and branch coverage of lib/ by the C suites (at least 97 % and 90 %),
# counted in the totals as one check (a result line of meson's log format).
coverage_log=$(mktemp)
if scripts/coverage.sh "$build-coverage" | tail -n 1; then
    echo '{"name": "coverage", "result": "OK"}' > "$coverage_log"
else
    echo '{"name": "coverage", "result": "FAIL"}' > "$coverage_log"
    status=1
fi
logs+=("$coverage_log")

summary=$(/usr/bin/python3 - "${logs[@]}" <<'PY'
import json, sys
counts = {"passed": 0, "failed": 0, "skipped": 0}
kind = {"OK": "passed", "EXPECTEDFAIL": "passed", "SKIP": "skipped",
        "FAIL": "failed", "ERROR": "failed", "TIMEOUT": "failed", "UNEXPECTEDPASS": "failed"}
for path in sys.argv[1:]:
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    counts[kind.get(json.loads(line).get("result"), "failed")] += 1
    except OSError:
        counts["failed"] += 1  # no log: that meson test did not run
text = "%d passed, %d failed" % (counts["passed"], counts["failed"])
if counts["skipped"]:
    text += ", %d skipped" % counts["skipped"]
print(text)
sys.exit(1 if counts["failed"] else 0)
PY
)
parse_status=$?
echo "$summary"
[ $status -eq 0 ] && [ $parse_status -eq 0 ]
