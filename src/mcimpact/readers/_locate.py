"""Where a problem of a scenario is, and how its values are shown: the locator that turns
a location in the data (``("chains", 3, "profile", "duration")``) into a
:class:`~mcimpact.errors.Problem` naming the file, the line, the entry and the field, and
the words every message shares (:func:`clip`, :func:`describe`, :func:`unknown`).

The TOML reader's locator counts lines in the file's text (:mod:`mcimpact.readers._lines`);
the workbook reader brings its own (sheet, row, column) with the same interface.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from ..errors import Problem, say
from ._lines import MAX_NESTING, Loc, _Scanner

# Text shown of a value or key in a message [characters].
MAX_SHOWN = 60

#: ``bad(location, message)`` records a problem at a location of the data.
Bad = Callable[[Loc, str], None]


def clip(text: str, limit: int = MAX_SHOWN) -> str:
    """Text cut to ``limit`` characters (the last one an ellipsis)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(value: Any) -> str:
    """A value as a message shows it: TOML's words, long text cut short (a text or a
    number as it is, quoted; the words for any other value a :class:`Message`)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        if value.tzinfo:
            return say("value.offset_datetime", "the offset date-time {value}",
                       value=value.isoformat())
        return say("value.local_datetime", "the local date-time {value}",
                   value=value.isoformat())
    if isinstance(value, datetime.date):
        return say("value.date", "the local date {value}", value=value.isoformat())
    if isinstance(value, datetime.time):
        return say("value.time", "the local time {value}", value=value.isoformat())
    if isinstance(value, dict):
        return say("value.table", "a table") if value else say("value.empty_table",
                                                               "an empty table")
    if isinstance(value, list):
        return say("value.array", "an array") if value else say("value.empty_array",
                                                                "an empty array")
    if isinstance(value, int) and abs(value) >= 10**MAX_SHOWN:
        return say("value.digits", "an integer of {n} digits", n=len(str(abs(value))))
    return repr(clip(value)) if isinstance(value, str) else repr(value)


def reason_of(exc: Exception) -> str:
    """What an exception says: its message as raised (a :class:`Message` stays one)."""
    said = exc.args[0] if len(exc.args) == 1 else None
    return said if isinstance(said, str) else str(exc)


def listed(known: list[str]) -> str:
    """Names in a message: the first dozen, and how many there are in all."""
    shown = ", ".join(clip(k) for k in known[:12])
    if len(known) > 12:
        return say("listed.more", "{shown}, … ({n} in all)", shown=shown, n=len(known))
    return shown


def unknown(what: str, got: str, known: list[str], where: str = "") -> str:
    """An unknown name, and (the first dozen of) the names it could have been; ``what``
    is what the name names, a :class:`Message` (or a field of the file, as it is)."""
    return say("unknown", "unknown {what} '{got}'{where}; expected one of: {known}",
               what=what, got=clip(got), where=where, known=listed(known))


class Locator:
    """Problems of scenario data ``data`` parsed from the TOML text ``text`` of ``path``,
    located by line, entry and field."""

    def __init__(self, path: str, text: str, data: dict[str, Any]):
        self.path = path
        self.lines = _Scanner(text).lines
        self.data = data

    def line(self, loc: Loc) -> int:
        """The line of ``loc``, or of its nearest ancestor in the file."""
        if loc in self.lines:
            return self.lines[loc]
        for n in range(min(len(loc), MAX_NESTING + 2), 0, -1):
            if loc[:n] in self.lines:
                return self.lines[loc[:n]]
        return 1  # the top-level table starts at the top of the file

    def entry(self, loc: Loc) -> tuple[str | None, Loc]:
        """Split a location into the entry it is in and the field within that entry."""
        if len(loc) >= 2 and isinstance(loc[1], int):
            name = f"{clip(str(loc[0]))}[{loc[1]}]"
            try:
                item = self.data[str(loc[0])][loc[1]]
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    return say("entry.id", "{entry} (id '{id}')", entry=name,
                               id=clip(item["id"])), loc[2:]
            except (KeyError, IndexError, TypeError):
                pass
            return name, loc[2:]
        if len(loc) >= 2:
            return f"[{clip(str(loc[0]))}]", loc[1:]
        return None, loc

    def problem(self, loc: Loc, message: str) -> Problem:
        """The problem ``message`` at ``loc``."""
        entry, field = self.entry(loc)
        shown = [clip(str(f)) for f in field[:MAX_NESTING]]
        if len(field) > MAX_NESTING:
            shown.append("…")
        return Problem(
            file=self.path,
            message=message,
            line=self.line(loc),
            entry=entry,
            field=".".join(shown) or None,
        )
