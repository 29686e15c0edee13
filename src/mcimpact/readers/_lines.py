"""Where things are in a TOML scenario file: the line of every table, key and array
element, counted as TOML counts lines (for :mod:`mcimpact.readers.toml`'s messages)."""

from __future__ import annotations

import bisect
import contextlib
import re
import tomllib
from collections import Counter

from ..errors import say

# The deepest nesting of tables and arrays (counted from the top of the file) that a file
# may have; the format itself needs 5 (financing[0].initiatives.ID.cycle).
MAX_NESTING = 16
# The problem of a file nested deeper than that.
TOO_DEEP = say("too_deep", "tables and arrays nested more than MAX_NESTING = {limit} deep",
               limit=MAX_NESTING)

Loc = tuple[str | int, ...]

_WS = re.compile(r"[ \t\r]*")
_SPACE = re.compile(r"(?:[ \t\r\n]|#[^\n]*)*")  # whitespace, newlines and comments
_BARE = re.compile(r"[A-Za-z0-9_-]+")
_STRINGS = {  # each TOML string form, from its opening quote(s) to its end
    '"""': re.compile(r'"""(?:[^\\]|\\.)*?"""(?!")', re.S),
    "'''": re.compile(r"'''.*?'''(?!')", re.S),
    '"': re.compile(r'"(?:[^"\\\n]|\\.)*"'),
    "'": re.compile(r"'[^'\n]*'"),
}
_SCALAR = re.compile(r"[^,\]}\n#]*")  # a number, boolean or date-time, to its end
# The common statement, read in one step: a bare key = a scalar or a one-line string.
_SIMPLE = re.compile(r"""([A-Za-z0-9_-]+)[ \t]*=[ \t]*(?:"(?:[^"\\\n]|\\.)*"|'[^'\n]*'|"""
                     r"""[^\n#"'\[{,\]}]+)[ \t\r]*(?:#[^\n]*)?(?=\n|\Z)""")


class _Stop(Exception):
    """The scan cannot go on (text it does not understand, or nesting too deep)."""


class _Scanner:
    """A walk over TOML text that records the line of every table, key and array element.

    Lines are counted as TOML counts them: only ``\\n`` ends a line (U+2028, U+0085, ``\\r``,
    ``\\v`` and ``\\f`` do not). Array-of-tables entries get their index
    (``('chains', 3, 'domain')``); a dotted key (``profile.duration = 3``) records each
    of its prefixes at its own line; keys inside inline tables and the elements of arrays
    are recorded too. The first definition of a path counts. The scan stops, keeping what
    it found, at text it does not understand or at arrays and inline tables nested more
    than :data:`MAX_NESTING` deep (:attr:`deep` is then that line).
    """

    def __init__(self, text: str):
        self.s = text
        self.i = 0
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.lines: dict[Loc, int] = {}
        self.counts: Counter[Loc] = Counter()
        self.deep: int | None = None
        with contextlib.suppress(_Stop, IndexError):
            self._statements()

    def lineno(self) -> int:
        return bisect.bisect_left(self.newlines, self.i) + 1

    def _record(self, path: Loc, line: int) -> None:
        """The line of a path and of its prefixes (those a location may be cut to)."""
        self.lines.setdefault(path, line)
        for n in range(1, min(len(path), MAX_NESTING + 2)):
            self.lines.setdefault(path[:n], line)

    def _skip(self, pattern: re.Pattern[str]) -> str:
        m = pattern.match(self.s, self.i)
        if m is None:
            raise _Stop
        self.i = m.end()
        return m.group()

    def _expect(self, char: str) -> None:
        if not self.s.startswith(char, self.i):
            raise _Stop
        self.i += len(char)

    def _statements(self) -> None:
        current: Loc = ()
        while True:
            self._skip(_SPACE)
            if self.i >= len(self.s):
                return
            simple = _SIMPLE.match(self.s, self.i)
            if simple:
                self._record((*current, simple.group(1)), self.lineno())
                self.i = simple.end()
            elif self.s[self.i] == "[":
                current = self._header()
            else:
                line, key = self.lineno(), self._key()
                self._record(current + key, line)
                self._skip(_WS)
                self._expect("=")
                self._value(current + key, 0)

    def _header(self) -> Loc:
        line = self.lineno()
        array = self.s.startswith("[[", self.i)
        self.i += 2 if array else 1
        names = self._key()
        self._skip(_WS)
        self._expect("]]" if array else "]")
        resolved: list[str | int] = []
        for name in names:
            resolved.append(name)
            if self.counts[tuple(resolved)]:  # an array of tables seen before: its last entry
                resolved.append(self.counts[tuple(resolved)] - 1)
        if array:  # [[array]]: a new entry
            prefix = tuple(resolved[:-1]) if isinstance(resolved[-1], int) else tuple(resolved)
            resolved = [*prefix, self.counts[prefix]]
            self.counts[prefix] += 1
        self._record(tuple(resolved), line)
        return tuple(resolved)

    def _key(self) -> tuple[str, ...]:
        parts = []
        while True:
            self._skip(_WS)
            quote = self.s[self.i]
            if quote in "\"'":
                parts.append(_key_text(self._skip(_STRINGS[quote])))
            else:
                parts.append(self._skip(_BARE))
            self._skip(_WS)
            if not self.s.startswith(".", self.i):
                return tuple(parts)
            self.i += 1

    def _value(self, path: Loc, depth: int) -> None:
        self._skip(_WS)
        self._record(path, self.lineno())
        char = self.s[self.i]
        if char in "\"'":
            triple = char * 3
            self._skip(_STRINGS[triple if self.s.startswith(triple, self.i) else char])
        elif char in "[{":
            if depth >= MAX_NESTING:
                self.deep = self.lineno()
                raise _Stop
            (self._array if char == "[" else self._inline_table)(path, depth + 1)
        else:
            self._skip(_SCALAR)

    def _array(self, path: Loc, depth: int) -> None:
        self.i += 1
        for index in range(len(self.s)):
            self._skip(_SPACE)
            if self.s[self.i] == "]":
                break
            self._value((*path, index), depth)
            self._skip(_SPACE)
            if self.s[self.i] == ",":
                self.i += 1
        self._expect("]")

    def _inline_table(self, path: Loc, depth: int) -> None:
        self.i += 1
        while True:
            self._skip(_WS)
            if self.s[self.i] == "}":
                break
            line, key = self.lineno(), self._key()
            self._record(path + key, line)
            self._skip(_WS)
            self._expect("=")
            self._value(path + key, depth)
            self._skip(_WS)
            if self.s[self.i] == ",":
                self.i += 1
        self._expect("}")


def _key_text(quoted: str) -> str:
    """A quoted key as TOML reads it (escapes resolved in a basic string)."""
    if quoted.startswith('"') and "\\" in quoted:
        try:
            return str(tomllib.loads(f"k = {quoted}")["k"])
        except (tomllib.TOMLDecodeError, ValueError):
            pass
    return quoted[1:-1]
