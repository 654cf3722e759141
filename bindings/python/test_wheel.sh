#!/usr/bin/env bash
# libsdm - builds the Python wheel offline with Debian's meson-python (from a
# copy of the source tree), installs it into a temporary directory with pip
# --target and imports it from there. Registered as the meson test
# `python-wheel`; by hand: bindings/python/test_wheel.sh [SOURCE_DIR]. Then it
# follows the README into a virtual environment registered as a Jupyter kernel.
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
# (Listed once into a variable: with pipefail, `zipfile -l | grep -q` fails
# whenever grep stops reading before Python has written everything.)
listing=$("$python" -m zipfile -l "$wheel")
printf '%s\n' "$listing"
if ! grep -q '^libsdm/py\.typed ' <<<"$listing"; then
    echo "FAIL: the wheel has no libsdm/py.typed (the package's type hints would be ignored)" >&2
    exit 1
fi
if grep -q '\.data/' <<<"$listing"; then
    echo "FAIL: the wheel carries files of the C library (headers or data)" >&2
    exit 1
fi

echo "== installing it with pip --target"
"$python" -m pip install --no-deps --no-index --target "$tmp/site" "$wheel"
extension=$(ls "$tmp"/site/libsdm/_core*.so)
if ldd "$extension" | grep 'libsdm\.so' >/dev/null; then  # (not -q: see above)
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
# Cariprazine's consensus ratings +, 0, +, 0, ++ | 0 (tests/test_match.py): (137 + 47 + 2 * 12)/900 = 52/225.
assert match[0].name == "Cariprazine" and abs(match[0].score - 52 / 225) < 1e-12, match[0]
batch = match.formulary.match_many(numpy.array([[6, 0, 24, 16, 10]]))
assert batch.medications[0, 0] == "cariprazine", batch
print("libsdm", libsdm.__version__, "from", libsdm.__file__, "OK:", match[0])
PY

# The README's steps for a virtual environment and Jupyter: the wheel into a
# venv that sees Debian's packages, the venv registered as a kernel (in this
# run's own HOME), and a notebook executed on that kernel imports libsdm from
# the venv. Skipped (with a message) without Debian's ipykernel and nbconvert.
if ! "$python" -c 'import ipykernel, nbconvert' 2>/dev/null; then
    echo "== no ipykernel or nbconvert for $python: the Jupyter kernel step is not tested"
    exit 0
fi
echo "== a virtual environment registered as a Jupyter kernel"
export HOME=$tmp/home JUPYTER_RUNTIME_DIR=$tmp/jupyter-runtime IPYTHONDIR=$tmp/ipython
export PYDEVD_DISABLE_FILE_VALIDATION=1
mkdir -p "$HOME"
"$python" -m venv --system-site-packages "$tmp/venv"
"$tmp/venv/bin/python" -m pip install --no-deps --no-index --quiet "$wheel"
"$tmp/venv/bin/python" -m ipykernel install --user --name libsdm-env --display-name "Python (libsdm)"
kernel=$HOME/.local/share/jupyter/kernels/libsdm-env/kernel.json
"$python" - "$kernel" "$tmp/venv/bin/python" <<'PY'
import json, sys
spec = json.load(open(sys.argv[1]))
assert spec["argv"][0] == sys.argv[2] and spec["display_name"] == "Python (libsdm)", spec
PY
"$python" - "$tmp/check.ipynb" <<'PY'
import json, sys
code = "import sys, libsdm\nprint(sys.prefix, libsdm.__file__)"
json.dump({"cells": [{"cell_type": "code", "id": "check", "execution_count": None, "metadata": {}, "outputs": [],
                      "source": code}],
           "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, open(sys.argv[1], "w"))
PY
(cd "$tmp" && "$python" -m nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name=libsdm-env \
    --output executed.ipynb check.ipynb)
"$python" - "$tmp/executed.ipynb" "$tmp/venv" <<'PY'
import json, sys
out = json.load(open(sys.argv[1]))["cells"][0]["outputs"][0]["text"]
prefix, module = "".join(out).split()
assert prefix == sys.argv[2] and module.startswith(sys.argv[2] + "/lib/"), out
print("the kernel libsdm-env runs", prefix, "and imports", module)
PY
