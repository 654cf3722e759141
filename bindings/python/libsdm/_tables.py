# libsdm - results as pandas tables that keep their provenance, and CSV files that keep it too.
# SPDX-License-Identifier: MIT
"""Provenance travels with every table the package makes.

Each ``to_pandas()`` puts in the frame's ``attrs`` what the result was
computed from: the library and its version, the formulary (id, title, data
version, notice and the sources its ratings cite), the catalogue and, for a
match, the ranking and the options. A CSV written by :func:`to_csv` starts
with these as ``# key: JSON`` lines, and :func:`read_csv` puts them back, so
a table saved for a paper still says which data and which version made it.
"""

import io
import json
import os
from typing import IO, TYPE_CHECKING, Any, Dict, Union

from . import core

if TYPE_CHECKING:
    import pandas

PathOrBuffer = Union[str, "os.PathLike[str]", IO[str]]

_PREFIX = "# "


def provenance(formulary: Any, **more: Any) -> Dict[str, Any]:
    """The attrs of a table computed from `formulary` (a :class:`libsdm.Formulary`), plus `more`."""
    catalogue = formulary.catalogue
    attrs = {
        "library": "libsdm",
        "library_version": core.sdm_version(),
        "formulary": formulary.name,
        "formulary_title": formulary.title,
        "data_version": formulary.version,
        "notice": formulary.notice,
        "sources": [source._asdict() for source in formulary.sources],
        "catalogue": catalogue.name,
        "catalogue_version": catalogue.version,
    }
    attrs.update(more)
    return attrs


def catalogue_provenance(catalogue: Any) -> Dict[str, Any]:
    """The attrs of a table of the catalogue itself."""
    return {
        "library": "libsdm",
        "library_version": core.sdm_version(),
        "catalogue": catalogue.name,
        "catalogue_title": catalogue.title,
        "catalogue_version": catalogue.version,
        "citation": catalogue.citation,
    }


def to_csv(frame: "pandas.DataFrame", path_or_buffer: PathOrBuffer, **kwargs: Any) -> None:
    """Writes a table with its provenance: one ``# key: JSON`` line per item of ``frame.attrs``, then the CSV.

    `path_or_buffer` is a path or a text file; `kwargs` go to
    ``DataFrame.to_csv`` (``index`` defaults to False). :func:`read_csv`
    reads the file back with its ``attrs``.
    """
    kwargs.setdefault("index", False)
    for key in frame.attrs:
        if not isinstance(key, str) or ": " in key or "\n" in key or "\r" in key:
            raise ValueError("attrs key %r cannot be written as a '# key: value' line" % (key,))
    header = "".join("%s%s: %s\n" % (_PREFIX, key, json.dumps(value, ensure_ascii=False))
                     for key, value in frame.attrs.items())
    if isinstance(path_or_buffer, (str, os.PathLike)):
        with open(path_or_buffer, "w", encoding="utf-8", newline="") as f:
            f.write(header)
            frame.to_csv(f, **kwargs)
    else:
        path_or_buffer.write(header)
        frame.to_csv(path_or_buffer, **kwargs)


def read_csv(path_or_buffer: PathOrBuffer, **kwargs: Any) -> "pandas.DataFrame":
    """Reads a CSV file that :func:`to_csv` wrote: the table, with its ``attrs`` back.

    `kwargs` go to ``pandas.read_csv``. A file without provenance lines is
    read as it is, with empty ``attrs``.
    """
    import pandas

    if isinstance(path_or_buffer, (str, os.PathLike)):
        with open(path_or_buffer, encoding="utf-8", newline="") as f:
            text = f.read()
    else:
        text = path_or_buffer.read()
    attrs: Dict[str, Any] = {}
    lines = text.splitlines(keepends=True)
    start = 0
    while start < len(lines) and lines[start].startswith(_PREFIX):
        key, sep, value = lines[start][len(_PREFIX):].partition(": ")
        if not sep:
            break
        attrs[key] = json.loads(value)
        start += 1
    kwargs.setdefault("float_precision", "round_trip")  # scores back to the last bit
    frame = pandas.read_csv(io.StringIO("".join(lines[start:])), **kwargs)
    frame.attrs.update(attrs)
    return frame
