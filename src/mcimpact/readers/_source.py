"""The text of a scenario file (or of a value library) before its data are validated:
read through the guarded reader, UTF-8, within MAX_FILE_BYTES, no byte-order mark, not
empty, and TOML whose syntax errors are located by line and column."""

from __future__ import annotations

import re
import tomllib
from typing import Any

from ..errors import Problem, ScenarioError, say
from ._files import MAX_FILE_BYTES, read_file, too_large
from ._lines import TOO_DEEP, _Scanner


def read_bytes(name: str) -> bytes:
    """The bytes of a scenario file or a value library (see
    :func:`mcimpact.readers._files.read_file`)."""
    return read_file(name, expected=say("expected.toml", "a .toml file"),
                     kind=say("kind.scenario", "scenario file"))


def decode(raw: bytes, name: str) -> str:
    """A scenario file's bytes as text; else a problem at the first byte that is not
    UTF-8 (its line and column)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - raw.rfind(b"\n", 0, exc.start)
        raise ScenarioError([Problem(name, say(
            "not_utf8", "not UTF-8 text (byte 0x{byte:02x} at column {column}); save the file "
            "as UTF-8", byte=raw[exc.start], column=column), line=line)]) from None


def check_text(text: str, path: str) -> None:
    """The text as a whole: its size, its encoding, a byte-order mark, not empty."""
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as exc:  # a lone surrogate, from a caller's decoding
        raise ScenarioError([Problem(path, say("surrogate", "not UTF-8 text (a lone "
                                               "surrogate code point)"),
                                     line=text.count("\n", 0, exc.start) + 1)]) from None
    if size > MAX_FILE_BYTES:
        raise ScenarioError([too_large(path, size, say("kind.scenario", "scenario file"))])
    if text.startswith("\ufeff"):
        raise ScenarioError([Problem(path, say("bom", "the file starts with a byte-order "
                                               "mark (U+FEFF); save it as UTF-8 without BOM"),
                                     line=1)])
    if not text.strip():
        raise ScenarioError([Problem(path, say("empty", "the file is empty; a scenario needs "
                                               "a [meta] table, [[initiatives]] and "
                                               "[[chains]]"), line=1)])


def parse_toml(text: str, path: str) -> dict[str, Any]:
    """The parsed TOML; a syntax error, or nesting too deep to parse, is located."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        where = re.search(r"\(at line (\d+), column (\d+)\)", message)
        line = int(where.group(1)) if where else None
        at: str = ""
        if "(at end of document)" in message:  # the last line
            line = text.count("\n") + 1
            message = message.replace(" (at end of document)", "")
            at = say("toml.end", " at the end of the file")
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
        if where:
            at = say("toml.column", " (column {column})", column=where.group(2))
        # what the TOML parser said, as it said it (English)
        problem = Problem(path, say("toml", "TOML syntax error: {detail}{at}", detail=message,
                                    at=at), line=line)
    except RecursionError:
        problem = Problem(path, TOO_DEEP, line=_Scanner(text).deep)
    except ValueError:  # an integer of more digits than Python converts (4300)
        digits = re.search(r"[0-9_]{4000,}", text)
        problem = Problem(path, say("long_number", "a number too long to read (thousands "
                                    "of digits)"),
                          line=text.count("\n", 0, digits.start()) + 1 if digits else None)
    raise ScenarioError([problem])
