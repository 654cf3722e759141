#!/usr/bin/python3
# libsdm - every key the library writes with sdm__jw_key() and its kin
# (lib/jsonw.h) is a string literal of printable ASCII without '"' or '\':
# such keys are copied into the JSON unescaped, so a key that needed an escape
# would make a document that reads back wrong or not at all.
# SPDX-License-Identifier: MIT

import glob
import os
import re
import sys

CALL = re.compile(r'\bsdm__jw_k(?:ey|string|int|real|bool)\s*\(\s*[^,()]+,\s*("(?:[^"\\]|\\.)*")')


def main(lib_dir):
    keys, bad = 0, []
    for path in sorted(glob.glob(os.path.join(lib_dir, "*.c"))):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for match in CALL.finditer(text):
            literal = match.group(1)[1:-1]
            keys += 1
            if "\\" in literal or not all(0x20 <= ord(c) < 0x7F for c in literal):
                line = text.count("\n", 0, match.start()) + 1
                bad.append(f"{os.path.basename(path)}:{line}: key {match.group(1)} needs an escape")
    for message in bad:
        print(message, file=sys.stderr)
    if keys < 100:  # the scan really found the library's keys
        print(f"only {keys} keys found in {lib_dir}", file=sys.stderr)
        return 1
    if bad:
        return 1
    print(f"{keys} keys, all plain")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
