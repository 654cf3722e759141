#!/usr/bin/env bash
# libsdm - installs what is missing, builds, and runs the quick-start
# demonstration on the built-in data (build/examples/quickstart).
# SPDX-License-Identifier: MIT
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/deps.sh

install_missing "${SDM_BUILD_DEPS[@]}"
setup_build build -Dtests=false
meson compile -C build
echo
./build/examples/quickstart
