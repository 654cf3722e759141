# libsdm - sourced by scripts/quickstart.sh and scripts/test.sh.
# install_missing PACKAGE... : installs the Debian packages that are not
# installed yet (checked with dpkg -s), with apt-get, as root or through sudo.
# SPDX-License-Identifier: MIT

# What building the library needs.
SDM_BUILD_DEPS=(gcc g++ libc6-dev python3 meson ninja-build pkg-config libjansson-dev)
# What building the Python and R bindings needs on top (numpy for
# match_many(), pandas for to_pandas()); README.md lists them too.
SDM_BINDING_DEPS=(swig python3-dev python3-numpy python3-pandas r-base-dev)
# What every test needs on top (unit tests, docs, ABI check, coverage, data
# check, bindings, examples).
SDM_TEST_DEPS=(check doxygen abigail-tools gcovr python3-jsonschema python3-pytest
               "${SDM_BINDING_DEPS[@]}" r-cran-testthat
               make chromium chromium-driver python3-selenium jupyter-nbconvert
               python3-ipykernel python3-matplotlib r-cran-knitr r-cran-rmarkdown pandoc
               python3-dev python3-mesonpy python3-pip valgrind python3-yaml mypy tmux
               poppler-utils clang
               python3-distributed  # the research example's dask scale-out (issue 14)
               locales)  # the de_DE source unit-jsonw builds a comma-decimal locale from (issue 15)

install_missing() {
    local missing=() pkg sudo=()
    for pkg in "$@"; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "Installing: ${missing[*]}"
    if [ "$(id -u)" -ne 0 ]; then
        if ! command -v sudo >/dev/null; then
            echo "Missing packages and not root (and no sudo): ${missing[*]}" >&2
            return 1
        fi
        sudo=(sudo)
    fi
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update &&
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y --no-install-recommends "${missing[@]}"
}

# install_web_test_deps : the web example's test tools from npm (axe-core, the
# version pinned in examples/frontend/web/package-lock.json) with `npm ci`,
# into examples/frontend/web/node_modules/; test-web.py injects axe into the
# page under test (the page itself loads nothing from the network). npm comes
# with Debian's nodejs/npm where the machine has no npm yet.
install_web_test_deps() {
    local web=examples/frontend/web want have
    want=$(sed -n 's/^ *"axe-core": "\(.*\)"$/\1/p' "$web/package.json")
    have=$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$web/node_modules/axe-core/package.json" 2>/dev/null)
    [ -n "$want" ] && [ "$want" = "$have" ] && return 0
    command -v npm >/dev/null || install_missing nodejs npm || return 1
    (cd "$web" && npm ci --ignore-scripts --no-audit --no-fund)
}

# setup_build DIR [MESON OPTIONS...] : a fresh configuration in DIR.
setup_build() {
    local dir=$1; shift
    if [ -d "$dir/meson-private" ]; then
        meson setup --wipe "$dir" "$@"
    else
        rm -rf "$dir"
        meson setup "$dir" "$@"
    fi
}
