"""Scenario files (TOML) → validated :class:`~mcimpact.model.scenario.Scenario`.

The entry points of the scenario reader, the only code that reads scenario files.
Validation runs in passes: the file itself (a regular file of at most
:data:`MAX_FILE_BYTES`, UTF-8, TOML: :mod:`._files`, :mod:`._source`), the values
(nesting, dates, integer range, NUL characters) and a typed schema (pydantic) for keys,
types, ranges and NaN/inf (:mod:`._schema`), then the cross-references (ids, labels,
years) and the limits of the model that need the whole file, section by section
(:mod:`.sections`). Every problem becomes a :class:`~mcimpact.errors.Problem` naming the
file, the line, the entry and the field (:mod:`._locate`, lines by :mod:`._lines`); all
problems of a pass are reported together (at most :data:`~mcimpact.errors.MAX_PROBLEMS`).
Scenario files are data: they are parsed, never evaluated. The limits are described in
docs/scenario-format.md#limits.
"""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import Problem
from ..model.scenario import Scenario
from ._files import MAX_FILE_BYTES
from ._lines import MAX_NESTING, Loc
from ._locate import MAX_SHOWN, Locator
from ._schema import ID_PATTERN, first_pass
from ._source import check_text, decode, parse_toml, read_bytes
from .sections import build
from .sections.values import MAX_INCLUDES

__all__ = ["BUNDLED", "ID_PATTERN", "MAX_FILE_BYTES", "MAX_INCLUDES", "MAX_NESTING",
           "MAX_SHOWN", "load", "parse", "validate"]

BUNDLED = "groningen-noord.toml"


def parse(text: str, path: str = "<string>") -> Scenario:
    """Validate scenario text; raise :class:`ScenarioError` listing every problem.

    Parameters
    ----------
    text : str
        The TOML text, at most :data:`MAX_FILE_BYTES` bytes in UTF-8.
    path : str
        The name that messages give the text (its file).
    """
    check_text(text, path)
    data = parse_toml(text, path)
    return validate(data, Locator(path, text, data), text)


def validate(data: dict[str, Any], where: Locator, text: str, *,
             known: Sequence[Problem] = (), flagged: AbstractSet[Loc] = frozenset()
             ) -> Scenario:
    """Validate parsed scenario data (the values, the schema, the cross-references);
    ``where`` places each problem in the file (the spreadsheet reader brings its own),
    ``text`` is the scenario's TOML text, kept with the model. ``known`` are problems
    found before (a workbook's cells that hold no value), reported with those of every
    pass; nothing more is reported at or under their ``flagged`` locations."""
    return build(first_pass(data, where, known, flagged), where, text, known, flagged)


def load(path: str | Path | None = None) -> Scenario:
    """Load and validate a scenario file; ``None`` loads the bundled Groningen scenario.

    Only a regular file of at most :data:`MAX_FILE_BYTES` is read (a directory, a FIFO or
    a device is refused before anything is read from it, so nothing blocks).
    """
    if path is None:
        text = resources.files("mcimpact.scenarios").joinpath(BUNDLED).read_text("utf-8")
        return parse(text, f"<bundled>/{BUNDLED}")
    name = str(path)
    return parse(decode(read_bytes(name), name), name)
