"""Scenario data (as :func:`tomllib.loads` returns it) → TOML text: the one TOML writer,
for a scenario read from a workbook (:func:`dumps`) and for the values and the provenance
block of a posterior file (:func:`value`, :mod:`mcimpact.readers.posterior`).

The inverse of the parser for the data a scenario holds: ``tomllib.loads(dumps(data)) ==
data`` for tables, arrays, text, booleans, integers and finite floats (floats are written
with :func:`repr`, the shortest text that reads back as the same double). Top-level
tables become ``[name]`` sections and arrays of tables ``[[name]]`` entries, in the order
of ``data``; everything inside an entry is written inline (``profile = { shape = ... }``),
one key a line. Comments of a source file are not data and are not kept.
"""

from __future__ import annotations

import datetime
import math
import re
from typing import Any

_BARE = re.compile(r"[A-Za-z0-9_-]+")
# Characters a TOML basic string must escape; every other control character as \uXXXX.
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f",
            "\r": "\\r"}


def key(name: str) -> str:
    """A key as TOML writes it: bare where it may be, else a quoted basic string."""
    return name if _BARE.fullmatch(name) else string(name)


def string(text: str) -> str:
    """A TOML basic string."""
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def value(item: Any) -> str:
    """One value, inline."""
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, int):
        return str(item)
    if isinstance(item, float):
        if not math.isfinite(item):
            return "nan" if math.isnan(item) else ("inf" if item > 0 else "-inf")
        return repr(item)
    if isinstance(item, str):
        return string(item)
    if isinstance(item, datetime.datetime | datetime.date | datetime.time):
        return item.isoformat()
    if isinstance(item, dict):
        if not item:
            return "{}"
        return "{ " + ", ".join(f"{key(k)} = {value(v)}" for k, v in item.items()) + " }"
    if isinstance(item, list | tuple):
        return "[" + ", ".join(value(v) for v in item) + "]"
    raise TypeError(f"no TOML form for {type(item).__name__}")


def _is_array_of_tables(item: Any) -> bool:
    return isinstance(item, list) and bool(item) and all(isinstance(v, dict) for v in item)


def dumps(data: dict[str, Any]) -> str:
    """TOML text of ``data``."""
    head, sections = [], []
    for name, item in data.items():
        if isinstance(item, dict):
            sections.append(f"[{key(name)}]\n" + _body(item))
        elif _is_array_of_tables(item):
            sections.extend(f"[[{key(name)}]]\n" + _body(entry) for entry in item)
        else:
            head.append(f"{key(name)} = {value(item)}\n")
    parts = (["".join(head)] if head else []) + sections
    return "\n".join(parts)


def _body(table: dict[str, Any]) -> str:
    return "".join(f"{key(k)} = {value(v)}\n" for k, v in table.items())
