# libsdm - the exceptions: one per status, each an libsdm.Error and the fitting built-in.
# SPDX-License-Identifier: MIT
import os
import subprocess
import sys
import textwrap

import pytest

import libsdm
from libsdm import core

EXPECTED = {
    libsdm.InvalidArgumentError: (core.SDM_ERR_INVALID_ARGUMENT, ValueError),
    libsdm.NoMemoryError: (core.SDM_ERR_NO_MEMORY, MemoryError),
    libsdm.NotFoundError: (core.SDM_ERR_NOT_FOUND, KeyError),
    libsdm.DuplicateError: (core.SDM_ERR_DUPLICATE, ValueError),
    libsdm.ConflictError: (core.SDM_ERR_CONFLICT, ValueError),
    libsdm.ParseError: (core.SDM_ERR_PARSE, ValueError),
    libsdm.SchemaError: (core.SDM_ERR_SCHEMA, ValueError),
    libsdm.FileError: (core.SDM_ERR_IO, OSError),
    libsdm.LimitError: (core.SDM_ERR_LIMIT, ValueError),
}


def test_every_status_has_its_class():
    assert len(EXPECTED) == 9
    statuses = [core.SDM_ERR_INVALID_ARGUMENT, core.SDM_ERR_NO_MEMORY, core.SDM_ERR_NOT_FOUND,
                core.SDM_ERR_DUPLICATE, core.SDM_ERR_CONFLICT, core.SDM_ERR_PARSE, core.SDM_ERR_SCHEMA,
                core.SDM_ERR_IO, core.SDM_ERR_LIMIT]
    assert statuses == list(range(-1, -10, -1))
    for cls, (status, builtin) in EXPECTED.items():
        assert cls.status == status
        assert issubclass(cls, libsdm.Error) and issubclass(cls, builtin)
        assert cls.__module__ == "libsdm"
        error = cls("message")
        assert str(error) == "message" and error.status == status
    assert issubclass(libsdm.Error, Exception) and libsdm.Error.status is None


def test_each_status_raised_by_the_library(catalogue, formulary, tmp_path):
    """One real failure per status; the message is sdm_last_error()."""
    ranking = libsdm.Ranking(catalogue, avoid=["weight_gain"])
    failures = [
        (libsdm.InvalidArgumentError, lambda: ranking.add_avoid("dry_mouth", rank=9)),
        (libsdm.NotFoundError, lambda: catalogue.index("nausea")),
        (libsdm.DuplicateError, lambda: ranking.add_avoid("weight_gain", rank=2)),
        (libsdm.ConflictError, lambda: ranking.add_helpful("weight_gain")),
        (libsdm.ParseError, lambda: libsdm.Formulary.load(b"{]")),
        (libsdm.SchemaError, lambda: libsdm.Formulary.load("{}")),
        (libsdm.FileError, lambda: libsdm.Formulary.load(tmp_path / "nothing.json")),
        # Custom weights 10^15 apart: a step of rank 2's rating could not be told from rounding error.
        (libsdm.LimitError, lambda: formulary.match(libsdm.Ranking(catalogue, avoid=["weight_gain", "tiredness"]),
                                                    weights=[1, 1e-15])),
    ]
    for cls, call in failures:
        with pytest.raises(cls) as info:
            call()
        assert type(info.value) is cls
        assert str(info.value) == core.sdm_last_error() != ""
        assert info.value.args == (core.sdm_last_error(),)


def test_no_memory(tmp_path):
    """Out of address space (a subprocess with a low RLIMIT_AS), the library raises NoMemoryError."""
    big = tmp_path / "big.json"
    big.write_bytes(b'{"id": "' + b"a" * 12_000_000 + b'"}')
    program = textwrap.dedent("""
        import resource, sys
        import libsdm
        size = int(open("/proc/self/statm").read().split()[0]) * resource.getpagesize()
        resource.setrlimit(resource.RLIMIT_AS, (size + 4 * 1024 * 1024, resource.RLIM_INFINITY))
        try:
            libsdm.Catalogue.load(sys.argv[1])
        except libsdm.NoMemoryError as error:
            assert isinstance(error, MemoryError) and error.status == libsdm.core.SDM_ERR_NO_MEMORY
            print("NoMemoryError:", error)
    """)
    result = subprocess.run([sys.executable, "-c", program, str(big)], capture_output=True, text=True,
                            env=dict(os.environ), timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "NoMemoryError: out of memory\n"


def test_the_message_survives_later_calls(catalogue):
    with pytest.raises(libsdm.NotFoundError) as info:
        catalogue.index("weight_gian")
    core.sdm_clear_error()
    assert core.sdm_last_error() == ""
    assert str(info.value) == "unknown side effect 'weight_gian' (did you mean 'weight_gain'?)"


def test_status_texts():
    assert core.sdm_strerror(core.SDM_OK) == "success"
    assert core.sdm_strerror(core.SDM_ERR_NOT_FOUND) == "not found"
    assert core.sdm_strerror(-100) == "unknown status"
