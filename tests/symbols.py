#!/usr/bin/python3
# libsdm - the exported ABI is exactly what the headers promise.
#
# Three sets must be equal: the dynamic symbols libsdm.so defines, the
# functions the public headers declare with SDM_API, and the names the linker
# version script lists. Every exported symbol starts with sdm_ and carries a
# version node of the script. Every global symbol of the static library starts
# with sdm_ (public) or sdm__ (internal), so linking it pollutes no namespace.
# SPDX-License-Identifier: MIT

import argparse
import glob
import os
import re
import subprocess
import sys


def strip_c_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"//[^\n]*", " ", text)
    return re.sub(r"^\s*#.*$", " ", text, flags=re.M)  # and preprocessor lines


def header_functions(header_dir):
    """Names of the functions declared with SDM_API in the public headers."""
    names = {}
    for path in sorted(glob.glob(os.path.join(header_dir, "*.h"))):
        with open(path, encoding="utf-8") as f:
            text = strip_c_comments(f.read())
        for m in re.finditer(r"\bSDM_API\b[^;{]*?\b([A-Za-z_]\w*)\s*\(", text):
            names[m.group(1)] = os.path.basename(path)
    return names


def script_symbols(path):
    """Names of the version script's global: sections, and its node names."""
    with open(path, encoding="utf-8") as f:
        text = strip_c_comments(f.read())
    names, nodes = set(), []
    for node, body in re.findall(r"([A-Za-z_][\w.]*)\s*\{(.*?)\}", text, flags=re.S):
        nodes.append(node)
        scope = None
        for token in re.findall(r"[\w.*]+:|[\w.*]+", body):
            if token.endswith(":"):
                scope = token[:-1]
            elif scope == "global":
                names.add(token)
    return names, nodes


def nm(*args):
    out = subprocess.run(["nm", *args], check=True, capture_output=True, text=True).stdout
    return [line.split() for line in out.splitlines() if line.strip()]


def exported_symbols(shared):
    """Defined dynamic symbols of the shared library: {name: version}."""
    result = {}
    for fields in nm("-D", "--defined-only", shared):
        if len(fields) < 3 or fields[1] == "A":  # "A": the version nodes themselves
            continue
        name, _, version = fields[2].partition("@")
        result[name] = version.lstrip("@")
    return result


def static_globals(static):
    names = set()
    for fields in nm("-g", "--defined-only", static):
        if len(fields) >= 3:
            names.add(fields[2])
    return names


def report(title, names):
    if names:
        print(title)
        for name in sorted(names):
            print("    " + name)
    return bool(names)


def main():
    ap = argparse.ArgumentParser(description="Check the exported symbols of libsdm.")
    ap.add_argument("--shared", required=True)
    ap.add_argument("--static")
    ap.add_argument("--headers", required=True, help="include/sdm")
    ap.add_argument("--version-script", required=True)
    args = ap.parse_args()

    declared = header_functions(args.headers)
    listed, nodes = script_symbols(args.version_script)
    exported = exported_symbols(args.shared)
    bad = False

    if not declared:
        print("no SDM_API function found in " + args.headers)
        return 1
    bad |= report("exported, but not starting with sdm_:",
                  {n for n in exported if not n.startswith("sdm_")})
    bad |= report("exported, but not declared with SDM_API in a public header:",
                  set(exported) - set(declared))
    bad |= report("exported, but not in the version script:", set(exported) - listed)
    bad |= report("declared with SDM_API, but not exported by the library:",
                  {"%s (%s)" % (n, declared[n]) for n in set(declared) - set(exported)})
    bad |= report("declared with SDM_API, but not in the version script:",
                  set(declared) - listed)
    bad |= report("in the version script, but not declared with SDM_API:",
                  listed - set(declared))
    bad |= report("exported without a version node of the script:",
                  {"%s@%s" % (n, v) for n, v in exported.items() if v not in nodes})

    if args.static:
        bad |= report("global symbols of the static library without the sdm_ prefix:",
                      {n for n in static_globals(args.static) if not n.startswith("sdm_")})
        bad |= report("internal (sdm__) symbols exported by the shared library:",
                      {n for n in exported if n.startswith("sdm__")})

    print("%d declared, %d exported, %d listed in %s"
          % (len(declared), len(exported), len(listed), os.path.basename(args.version_script)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
