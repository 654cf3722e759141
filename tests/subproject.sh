#!/usr/bin/env bash
# libsdm - works as a meson subproject: a tiny consumer project (tests/subproject/)
# gets it with dependency('sdm'), builds and runs.
# Usage: subproject.sh MESON SOURCE_ROOT CONSUMER_DIR
# SPDX-License-Identifier: MIT
set -eu
meson=$1 source=$2 consumer=$3

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sdm-subproject.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

cp "$consumer"/meson.build "$consumer"/*.c "$tmp"/
mkdir "$tmp/subprojects"
ln -s "$source" "$tmp/subprojects/sdm"

run() {
    if ! "$@" >"$tmp/log" 2>&1; then
        echo "failed: $*"; cat "$tmp/log"; exit 1
    fi
}
run "$meson" setup "$tmp/build" "$tmp"
run "$meson" compile -C "$tmp/build"
"$tmp/build/consumer"
