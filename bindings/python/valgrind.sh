#!/usr/bin/env bash
# libsdm - runs the Python tests under valgrind and fails on a definite leak
# or a memory error that involves libsdm or the binding's extension.
#
# Usage: bindings/python/valgrind.sh BUILD_DIR [PYTEST ARGS...]
#   e.g. bindings/python/valgrind.sh build
#        bindings/python/valgrind.sh build -k test_match
# (also registered as the meson test `python-valgrind`).
#
# Python is run with PYTHONMALLOC=malloc so that valgrind sees every block.
# CPython, numpy and pandas keep memory until exit and valgrind reports some
# of it; instead of a suppression file, the report (XML) is filtered: only
# errors with a stack frame in libsdm (sdm_* functions, linked statically
# into libsdm/_core*.so), in the binding's helpers (sdm_python_*) or in a
# generated wrapper (_wrap_*, delete_sdm_*) count. (SWIG 4.1's runtime leaks
# one 24-byte object at exit, in SWIG_Python_DestroyModule: not counted.)
# The memory loop test is left out (slow under valgrind; it measures the
# resident set itself).
# PYTHON overrides /usr/bin/python3.
# SPDX-License-Identifier: MIT
set -uo pipefail
build=$(cd "${1:?usage: valgrind.sh BUILD_DIR [PYTEST ARGS...]}" && pwd)
shift
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
python=${PYTHON:-/usr/bin/python3}
package_dir=$build/bindings/python
if [ ! -d "$package_dir/libsdm" ]; then
    echo "no Python package in $package_dir: build with -Dpython=enabled first" >&2
    exit 1
fi
xml=$(mktemp)
trap 'rm -f "$xml"' EXIT

cd "$package_dir"
PYTHONMALLOC=malloc PYTHONPATH="$package_dir" PYTHONDONTWRITEBYTECODE=1 SDM_UNDER_VALGRIND=1 \
SDM_SOURCE_ROOT="${SDM_SOURCE_ROOT:-$(cd "$here/../.." && pwd)}" \
valgrind --tool=memcheck --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite \
         --num-callers=40 --xml=yes --xml-file="$xml" \
    "$python" -m pytest -p no:cacheprovider -q -m 'not memory' "$here/tests" "$@"
pytest_status=$?

"$python" - "$xml" <<'PY'
import sys
import xml.etree.ElementTree as ET

def ours(frame):
    fn = frame.findtext("fn") or ""
    return fn.startswith(("sdm_", "_wrap_", "delete_sdm_")) or "libsdm.so" in (frame.findtext("obj") or "")  # not the package directory libsdm/

errors = ET.parse(sys.argv[1]).getroot().findall("error")
found = [e for e in errors if any(ours(f) for f in e.iter("frame"))]
leaks = sum(e.findtext("kind") == "Leak_DefinitelyLost" for e in errors)
for e in found:
    what = e.findtext("xwhat/text") or e.findtext("what") or e.findtext("kind")
    print("valgrind:", e.findtext("kind"), "-", what)
    for f in list(e.iter("frame"))[:12]:
        print("    ", f.findtext("fn") or "?", "(%s:%s)" % (f.findtext("file") or f.findtext("obj") or "?",
                                                     f.findtext("line") or ""))
print("valgrind: %d error(s) involving libsdm or the binding; %d definite leak record(s) in all "
      "(those outside libsdm belong to Python and its modules)" % (len(found), leaks))
sys.exit(1 if found else 0)
PY
valgrind_status=$?
[ "$pytest_status" -eq 0 ] && [ "$valgrind_status" -eq 0 ]
