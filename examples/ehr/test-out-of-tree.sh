#!/usr/bin/env bash
# libsdm - the EHR example builds out of tree: install the build into a
# temporary DESTDIR (as tests/pkgconfig.sh does), build examples/ehr with its
# plain Makefile and `pkg-config --cflags --libs sdm`, then serve a good and
# a bad request.
# Usage: test-out-of-tree.sh MESON BUILD_DIR PREFIX LIBDIR EHR_SOURCE_DIR
# SPDX-License-Identifier: MIT
set -eu
meson=$1 build=$2 prefix=$3 libdir=$4 src=$5

# meson test runs tests in parallel: everything goes into our own directory.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sdm-ehr-oot.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
dest=$tmp/destdir

"$meson" install -C "$build" --no-rebuild --quiet --destdir "$dest" >"$tmp/install.log" 2>&1 || {
    cat "$tmp/install.log"; exit 1; }

# A copy of the example, as a vendor would take it: nothing of the source
# tree or the build directory is reachable from there.
mkdir "$tmp/ehr"
cp "$src"/*.c "$src"/*.h "$src"/Makefile "$src"/trust-config.json "$src"/trust-formulary.json "$tmp/ehr/"

# SYSROOT prefixes the -I and -L paths of sdm.pc with the DESTDIR; jansson's
# .pc is still found through pkg-config's default path.
export PKG_CONFIG_PATH=$dest$libdir/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}
export PKG_CONFIG_SYSROOT_DIR=$dest
echo "pkg-config --cflags --libs sdm: $(pkg-config --cflags --libs sdm)"
make -C "$tmp/ehr" CFLAGS="-O2 -Werror"

requests='{"id": 1, "ranking": {"avoid": ["weight_gain", "day_sleepiness"], "helpful": ["night_sleepiness"]}}
{"id": 2, "ranking": {"avoid": ["weight_gian"]}}'
out=$(LD_LIBRARY_PATH=$dest$libdir "$tmp/ehr/sdm-ehr" --config "$tmp/ehr/trust-config.json" --threads 2 \
      <<<"$requests")
printf '%s\n' "$out" | cut -c1-200
lines=$(printf '%s\n' "$out" | wc -l)
[ "$lines" -eq 2 ] || { echo "FAIL: $lines responses to 2 requests"; exit 1; }
grep -q '^{"id": *1,.*"status": *"ok"' <<<"$out" || { echo "FAIL: request 1 was not answered"; exit 1; }
grep -q '"id": *2,.*"SDM_ERR_NOT_FOUND"' <<<"$out" || { echo "FAIL: request 2 got no SDM_ERR_NOT_FOUND"; exit 1; }
grep -q 'withdrawn by the Trust' <<<"$out" || { echo "FAIL: the withdrawn medicine is not shown"; exit 1; }
echo "out-of-tree build of examples/ehr: OK"
