"""``[values]`` and ``include_values``: named unit values (financial proxies) with their
source, from the scenario itself and from value libraries shared between scenarios."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError

from ...errors import Problem, ScenarioError, say
from ...model.scenario import UnitValue
from .._lines import Loc
from .._locate import Bad, Locator, clip, describe
from .._schema import ID_PATTERN, ScenarioIn, UnitValueIn, ValueLibraryIn, schema_problems
from .._source import check_text, parse_toml, read_bytes
from .inputs import input_of

# The most value libraries a scenario includes (each at most MAX_FILE_BYTES).
MAX_INCLUDES = 16

Included = tuple[tuple[str, str], ...]  # (path, sha256) of each value library


def build_values(spec: ScenarioIn, where: Locator, bad: Bad,
                 add: Callable[[Problem], None]) -> tuple[dict[str, UnitValue], Included]:
    """The named unit values: those of the value libraries (``include_values``, each a
    TOML file with a ``[values]`` table, its path relative to the scenario file), then
    the scenario's own ``[values]``. A name is defined once. Problems in a library are
    located in that file (``add``), the rest in the scenario (``bad``)."""
    named: dict[str, UnitValue] = {}
    included: list[tuple[str, str]] = []
    paths = ([spec.include_values] if isinstance(spec.include_values, str)
             else spec.include_values or [])
    base = Path(where.path).parent if not where.path.startswith("<") else Path.cwd()
    if len(paths) > MAX_INCLUDES:
        bad(("include_values",), say("includes", "{n} value libraries; a scenario includes "
                                     "at most MAX_INCLUDES = {limit}", n=len(paths),
                                     limit=MAX_INCLUDES))
        paths = []
    for k, given in enumerate(paths):
        here = ("include_values", k) if isinstance(spec.include_values, list) else (
            "include_values",)
        _include(given, here, base / given, named, included, bad, add)
    for name, entry in spec.values.items():
        value = _unit_value(name, entry, where.path, bad)
        if value is None:
            continue
        if name in named:
            bad(("values", name), say("value_in_library", "value '{name}' is also defined "
                                      "in the value library {file}; a name is defined once",
                                      name=clip(name), file=named[name].file))
        named[name] = value
    return named, tuple(included)


def _include(given: str, here: Loc, path: Path, named: dict[str, UnitValue],
             included: list[tuple[str, str]], bad: Bad,
             add: Callable[[Problem], None]) -> None:
    """The unit values of one value library into ``named`` (and the library into
    ``included``)."""
    try:
        raw = read_bytes(str(path))
        text = raw.decode("utf-8")
        check_text(text, str(path))
        data = parse_toml(text, str(path))
    except ScenarioError as exc:
        bad(here, say("library_unreadable", "cannot read the value library '{given}' "
                      "({path}): {reason}", given=clip(given), path=str(path),
                      reason=tuple(p.message for p in exc.problems)))
        return
    except UnicodeDecodeError:
        bad(here, say("library_not_utf8", "cannot read the value library '{given}' "
                      "({path}): not UTF-8 text", given=clip(given), path=str(path)))
        return
    lib = Locator(str(path), text, data)
    try:
        library = ValueLibraryIn.model_validate(data)
    except ValidationError as exc:
        for problem in schema_problems(exc, lib, set())[0]:
            add(problem)
        return
    included.append((str(path), hashlib.sha256(raw).hexdigest()))

    def in_library(loc: Loc, message: str) -> None:
        add(lib.problem(loc, message))

    for name, entry in library.values.items():
        value = _unit_value(name, entry, str(path), in_library)
        if value is None:
            continue
        if name in named:
            add(lib.problem(("values", name), say(
                "value_twice", "value '{name}' is also defined in {file}; a name is defined "
                "once", name=clip(name), file=named[name].file)))
        named[name] = value


def _unit_value(name: str, entry: UnitValueIn, file: str, bad: Bad) -> UnitValue | None:
    if not re.fullmatch(ID_PATTERN, name):
        bad(("values", name), say("value_name", "value name '{name}' must match "
                                  "{pattern}", name=clip(name), pattern=ID_PATTERN))
        return None
    if isinstance(entry.value, str):
        bad(("values", name, "value"), say("value_text", "expected a number, a "
                                           "distribution table or a range, got the text "
                                           "{text}", text=describe(entry.value)))
        return None
    inp = input_of(entry.value, "value", {}, 0.0)
    if isinstance(inp, str):
        bad(("values", name, "value"), inp)
        return None
    return UnitValue(name=name, value=inp, source=entry.source, year=entry.year,
                     unit=entry.unit, description=entry.description, file=file)
