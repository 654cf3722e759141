# libsdm - the exceptions of the Python binding.
# SPDX-License-Identifier: MIT
"""Every failure of the C library becomes one of these exceptions.

Each subclasses :class:`Error` and the built-in exception that fits, carries
the library's own explanation (``sdm_last_error()``) as its message, and
its C status as ``.status``.
"""

from . import core


class Error(Exception):
    """A libsdm failure. ``str(error)`` is the library's message; ``.status`` its C status."""

    status = None

    def __str__(self):
        # KeyError would show the message quoted; every libsdm error shows it as is.
        return str(self.args[0]) if self.args else ""


class InvalidArgumentError(Error, ValueError):
    """A value out of range, a bad rank, a gap in the ranks, a bad option (SDM_ERR_INVALID_ARGUMENT)."""


class NoMemoryError(Error, MemoryError):
    """The library could not allocate memory (SDM_ERR_NO_MEMORY)."""


class NotFoundError(Error, KeyError):
    """An unknown side effect, medicine, formulation or country (SDM_ERR_NOT_FOUND); the message suggests the
    closest one."""


class DuplicateError(Error, ValueError):
    """An id, key or rank given twice (SDM_ERR_DUPLICATE)."""


class ConflictError(Error, ValueError):
    """A side effect both avoided and helpful (SDM_ERR_CONFLICT)."""


class ParseError(Error, ValueError):
    """Text that is not well-formed JSON; the message says where (SDM_ERR_PARSE)."""


class SchemaError(Error, ValueError):
    """Well-formed JSON that is not a valid document, or an option with a value outside its vocabulary (an
    unknown scheme, policy or synthesis rule, weights that contradict the scheme); the message names the key
    (SDM_ERR_SCHEMA)."""


class FileError(Error, OSError):
    """A file that could not be opened or read (SDM_ERR_IO)."""


class LimitError(Error, ValueError):
    """Input over one of the library's size limits, or weights double precision cannot tell apart
    (SDM_ERR_LIMIT)."""


# The class of each status, by the library's stable id of the status (sdm_status_id()).
_BY_ID = {
    "invalid_argument": InvalidArgumentError, "no_memory": NoMemoryError, "not_found": NotFoundError,
    "duplicate": DuplicateError, "conflict": ConflictError, "parse": ParseError, "schema": SchemaError,
    "io": FileError, "limit": LimitError,
}

ERRORS = tuple(_BY_ID.values())


def _statuses():
    """Every error status the library knows, with its id: -1, -2, ... until sdm_status_id() knows no more."""
    status = -1
    while core.sdm_status_id(status) is not None:
        yield status, core.sdm_status_id(status)
        status -= 1


_REGISTERED = {}
for _status, _id in _statuses():
    # A status newer than this package raises the base class, with the library's message.
    _cls = _BY_ID.get(_id, Error)
    if _cls is not Error:
        _cls.status = _status
    _REGISTERED[_status] = _cls

for _cls in (Error,) + ERRORS:
    _cls.__module__ = "libsdm"

# The generated module raises these for the statuses of failed calls.
core.sdm_python_set_errors(_REGISTERED)
