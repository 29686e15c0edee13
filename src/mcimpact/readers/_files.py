"""The one guarded file reader: every input file — a scenario (TOML), a value library, a
workbook (.xlsx), monitoring data (CSV) — is read through :func:`read_file`.

Only a regular file is read: a directory, a FIFO, a device or a socket is refused before
anything is read from it (opened without blocking, so a FIFO without a writer does not
hang the reader), and at most :data:`MAX_FILE_BYTES` are read, also from a file that grows
while it is read (docs/scenario-format.md#limits, docs/monitoring.md).
"""

from __future__ import annotations

import os
import stat

from ..errors import Problem, ScenarioError, say

# The largest input file [bytes]: the bundled scenario is about 20 KiB; this keeps
# reading, validating and every message fast. The same for every kind of input file.
MAX_FILE_BYTES = 4 * 2**20


def too_large(path: str, size: int, kind: str) -> Problem:
    """The problem of a file (or text) of ``size`` bytes, beyond MAX_FILE_BYTES; ``kind``
    names what the file is ("scenario file", "workbook", "monitoring file": a
    :class:`~mcimpact.errors.Message`)."""
    return Problem(path, say("too_large", "the file has {size:,} bytes; a {kind} may have at "
                             "most {limit:,} (MAX_FILE_BYTES, 4 MiB)", size=size, kind=kind,
                             limit=MAX_FILE_BYTES))


def read_file(name: str, *, expected: str, kind: str) -> bytes:
    """The bytes of a regular file of at most MAX_FILE_BYTES; else a located
    :class:`ScenarioError`. ``expected`` says what was expected in its place (``a .toml
    file``), ``kind`` what the file is (see :func:`too_large`)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(name, flags)  # non-blocking: opening a FIFO does not wait for a writer
    except (OSError, ValueError) as exc:
        raise ScenarioError([Problem(name, _open_error(exc, expected))]) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ScenarioError([Problem(name, say("directory", "is a directory, expected "
                                                   "{expected}", expected=expected))])
        if not stat.S_ISREG(info.st_mode):
            raise ScenarioError([Problem(name, say(
                "not_regular", "is not a regular file (a device, a FIFO or a socket), "
                "expected {expected}", expected=expected))])
        if info.st_size > MAX_FILE_BYTES:
            raise ScenarioError([too_large(name, info.st_size, kind)])
        chunks, size = [], 0
        while size <= MAX_FILE_BYTES:  # the file may grow while it is read
            chunk = os.read(fd, MAX_FILE_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise ScenarioError([Problem(name, say("unreadable", "cannot read: {detail}",
                                               detail=exc.strerror))]) from None
    finally:
        os.close(fd)
    if size > MAX_FILE_BYTES:
        raise ScenarioError([too_large(name, size, kind)])
    return b"".join(chunks)


def _open_error(exc: OSError | ValueError, expected: str) -> str:
    if isinstance(exc, FileNotFoundError):
        return say("no_file", "no such file")
    if isinstance(exc, IsADirectoryError):
        return say("directory", "is a directory, expected {expected}", expected=expected)
    if isinstance(exc, OSError):
        return say("unreadable", "cannot read: {detail}", detail=exc.strerror)
    return say("nul_name", "cannot read: the file name contains a NUL character")
