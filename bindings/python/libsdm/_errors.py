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

    status = core.SDM_ERR_INVALID_ARGUMENT


class NoMemoryError(Error, MemoryError):
    """The library could not allocate memory (SDM_ERR_NO_MEMORY)."""

    status = core.SDM_ERR_NO_MEMORY


class NotFoundError(Error, KeyError):
    """An unknown side effect, medicine, scheme or policy id (SDM_ERR_NOT_FOUND)."""

    status = core.SDM_ERR_NOT_FOUND


class DuplicateError(Error, ValueError):
    """An id, key or rank given twice (SDM_ERR_DUPLICATE)."""

    status = core.SDM_ERR_DUPLICATE


class ConflictError(Error, ValueError):
    """A side effect both avoided and helpful (SDM_ERR_CONFLICT)."""

    status = core.SDM_ERR_CONFLICT


class ParseError(Error, ValueError):
    """Text that is not well-formed JSON; the message says where (SDM_ERR_PARSE)."""

    status = core.SDM_ERR_PARSE


class SchemaError(Error, ValueError):
    """Well-formed JSON that is not a valid document; the message names the key (SDM_ERR_SCHEMA)."""

    status = core.SDM_ERR_SCHEMA


class FileError(Error, OSError):
    """A file that could not be opened or read (SDM_ERR_IO)."""

    status = core.SDM_ERR_IO


class LimitError(Error, ValueError):
    """Input over one of the library's size limits (SDM_ERR_LIMIT)."""

    status = core.SDM_ERR_LIMIT


ERRORS = (InvalidArgumentError, NoMemoryError, NotFoundError, DuplicateError, ConflictError,
          ParseError, SchemaError, FileError, LimitError)

for _cls in (Error,) + ERRORS:
    _cls.__module__ = "libsdm"

# The generated module raises these for the statuses of failed calls.
core.sdm_python_set_errors({cls.status: cls for cls in ERRORS})
