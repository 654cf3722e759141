#!/usr/bin/env bash
# libsdm - builds the Python wheel offline with Debian's meson-python (from a
# copy of the source tree), installs it into a temporary directory with pip
# --target and imports it from there. Registered as the meson test
# `python-wheel`; by hand: bindings/python/test_wheel.sh [SOURCE_DIR].
# PYTHON overrides /usr/bin/python3 (Debian's: python3-mesonpy, python3-pip).
# SPDX-License-Identifier: MIT
set -euo pipefail
src=$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")/../..}" && pwd)
python=${PYTHON:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A copy, so that meson-python's files never land in the source tree.
mkdir "$tmp/src"
if git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    (cd "$src" && git ls-files -z --cached --others --exclude-standard |
        tar --null --files-from=- --ignore-failed-read -cf -) | tar -C "$tmp/src" -xf -
else
    tar -C "$src" --exclude='./build*' -cf - . | tar -C "$tmp/src" -xf -
fi

echo "== building the wheel"
"$python" -m pip wheel --no-build-isolation --no-deps --no-index -w "$tmp/dist" "$tmp/src"
wheel=$(ls "$tmp"/dist/libsdm-*.whl)
echo "== $(basename "$wheel")"
"$python" -m zipfile -l "$wheel"
if "$python" -m zipfile -l "$wheel" | grep -q '\.data/'; then
    echo "FAIL: the wheel carries files of the C library (headers or data)" >&2
    exit 1
fi

echo "== installing it with pip --target"
"$python" -m pip install --no-deps --no-index --target "$tmp/site" "$wheel"
extension=$(ls "$tmp"/site/libsdm/_core*.so)
if ldd "$extension" | grep -q 'libsdm\.so'; then
    echo "FAIL: the extension needs libsdm.so; it must link libsdm statically" >&2
    exit 1
fi

echo "== importing it"
cd "$tmp"
PYTHONPATH="$tmp/site" PYTHONDONTWRITEBYTECODE=1 "$python" - "$tmp/site" <<'PY'
import sys
import numpy
import libsdm

assert libsdm.__file__.startswith(sys.argv[1]), libsdm.__file__
catalogue = libsdm.Catalogue.default()
ranking = libsdm.Ranking(catalogue, avoid=["weight_gain", "day_sleepiness", "stiff_muscles", "less_sex_drive",
                                        "dry_mouth"], helpful=["night_sleepiness"])
match = libsdm.Formulary.default(catalogue).match(ranking)
assert match[0].name == "Cariprazine" and abs(match[0].score - 137 / 900) < 1e-12, match[0]
batch = match.formulary.match_many(numpy.array([[6, 0, 24, 16, 10]]))
assert batch.medications[0, 0] == "cariprazine", batch
print("libsdm", libsdm.__version__, "from", libsdm.__file__, "OK:", match[0])
PY
