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

if ! setup_build "$build" -Dwerror=true || ! meson compile -C "$build"; then
    echo "The build failed; no test was run." >&2
    echo "0 passed, 1 failed"   # the build itself counts as the failure
    exit 1
fi

meson test -C "$build" --print-errorlogs
status=$?

summary=$(/usr/bin/python3 - "$build/meson-logs/testlog.json" <<'PY'
import json, sys
counts = {"passed": 0, "failed": 0, "skipped": 0}
kind = {"OK": "passed", "EXPECTEDFAIL": "passed", "SKIP": "skipped",
        "FAIL": "failed", "ERROR": "failed", "TIMEOUT": "failed", "UNEXPECTEDPASS": "failed"}
try:
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            if line.strip():
                counts[kind.get(json.loads(line).get("result"), "failed")] += 1
except OSError:
    counts["failed"] += 1  # no log: meson test did not run
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
