#!/usr/bin/env bash
# libsdm - runs a program and checks that what it prints contains a text.
# Usage: expect-output.sh TEXT PROGRAM [ARGS...]
# SPDX-License-Identifier: MIT
set -u
text=$1; shift
out=$("$@" 2>&1)
status=$?
printf '%s\n' "$out"
if [ $status -ne 0 ]; then
    echo "FAIL: $1 exited with status $status"
    exit 1
fi
if ! grep -qF -- "$text" <<<"$out"; then
    echo "FAIL: the output does not contain '$text'"
    exit 1
fi
