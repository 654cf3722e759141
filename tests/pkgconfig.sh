#!/usr/bin/env bash
# libsdm - the installed library, headers and sdm.pc work: install the build
# into a temporary DESTDIR, compile and link a program with
# `pkg-config --cflags --libs sdm`, run it.
# Usage: pkgconfig.sh MESON BUILD_DIR PREFIX LIBDIR
# SPDX-License-Identifier: MIT
set -eu
meson=$1 build=$2 prefix=$3 libdir=$4

# meson test runs tests in parallel: everything goes into our own directory.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sdm-pkgconfig.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
dest=$tmp/destdir

"$meson" install -C "$build" --no-rebuild --quiet --destdir "$dest" >"$tmp/install.log" 2>&1 || {
    cat "$tmp/install.log"; exit 1; }

for f in "$prefix/include/sdm/sdm.h" "$libdir/pkgconfig/sdm.pc" "$libdir/libsdm.so.0" \
         "$prefix/share/sdm/catalogue.json" "$prefix/share/sdm/formulary.json" \
         "$prefix/share/sdm/schema/formulary.schema.json"; do
    [ -e "$dest$f" ] || { echo "not installed: $f"; exit 1; }
done

cat > "$tmp/use-sdm.c" <<'C'
#include <stdio.h>
#include <string.h>
#include <sdm/sdm.h>

int main(void)
{
    printf("libsdm %s (headers %s)\n", sdm_version(), SDM_VERSION_STRING);
    return strcmp(sdm_version(), SDM_VERSION_STRING) == 0 ? 0 : 1;
}
C

# SYSROOT prefixes the -I and -L paths of sdm.pc with the DESTDIR; the system
# .pc files (jansson) are still found through pkg-config's default path.
export PKG_CONFIG_PATH=$dest$libdir/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}
export PKG_CONFIG_SYSROOT_DIR=$dest
flags=$(pkg-config --cflags --libs sdm)
echo "pkg-config --cflags --libs sdm: $flags"
# shellcheck disable=SC2086
${CC:-cc} -std=c99 -Wall -Wextra -pedantic -Werror "$tmp/use-sdm.c" -o "$tmp/use-sdm" $flags
LD_LIBRARY_PATH=$dest$libdir "$tmp/use-sdm"
