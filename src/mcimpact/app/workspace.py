"""The scenario on the workbench: where it came from, its data as the editor's tables, and
every change validated by the scenario reader — the same model as a file.

A scenario is loaded from the bundled file, a file named on the command line, an upload
(TOML or a workbook) or a calculator file (:mod:`mcimpact.app.calculator`). Its data are
what :func:`tomllib.loads` gives for its TOML text; an edit sets one cell of one entry
(a chain's participants, success probability, …; an initiative's costs; a financing
scenario's funding) to a value written as in a scenario file, writes the data as TOML
(:func:`mcimpact.readers._writer.dumps`) and parses that text with the reader
(:func:`mcimpact.readers.toml.parse`). A scenario with problems keeps them, located as the
command line shows them, and nothing runs until they are fixed.

An uploaded file is data from the page: it may not include value libraries
(``include_values``), which would read files on the server; it is read from memory (a
workbook from a private temporary directory) and named by its file name alone.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from ..errors import Message, Problem, ScenarioError, say
from ..model.scenario import DEFAULT_LABELS, Scenario
from ..present.text import clean
from ..readers import _writer, toml
from ..readers._files import MAX_FILE_BYTES, too_large
from ..readers._source import parse_toml
from ..readers.formats import data as data_of

#: The cells of a chain in the editor: (cell id, key path in the chain's entry).
CHAIN_CELLS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("participants", ("participants",)),
    ("success_probability", ("success_probability",)),
    ("effect_size", ("effect_size",)),
    ("value", ("value",)),
    ("profile", ("profile",)),
    ("deadweight", ("adjustments", "deadweight")),
    ("attribution", ("adjustments", "attribution")),
    ("displacement", ("adjustments", "displacement")),
    ("drop_off", ("adjustments", "drop_off")),
)
#: The cells of an initiative and of a financing scenario.
INITIATIVE_CELLS = (("costs", ("costs",)), ("optimism_bias", ("optimism_bias",)))
FINANCING_CELLS = (("funding", ("funding",)),)
TABLES = {"chains": CHAIN_CELLS, "initiatives": INITIATIVE_CELLS,
          "financing": FINANCING_CELLS}
#: The chain inputs that may be a label of a scale.
LABELLED = ("success_probability", "effect_size", "deadweight", "attribution",
            "displacement", "drop_off")
#: The inputs that are shares in [0, 1].
SHARES = LABELLED
#: What an uploaded file may be called (its suffix picks the reader).
UPLOAD_NAME = re.compile(r"[^\\/]{1,120}")
_BARE = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*")
_DECIMAL_COMMA = re.compile(r"-?\d+,\d+")
#: The first line of a scenario's TOML text once it is edited.
EDITED_HEADER = ("# Edited in the mcimpact workbench (mcimpact app); the comments of the "
                 "original file are not kept.\n")


class CellError(ValueError):
    """A cell's text that is no value (its catalogue key and values)."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key, self.values = key, values


@dataclass
class Workspace:
    """The scenario of a workbench session and its problems.

    ``name`` is the file name shown (and that messages name), ``path`` what the reader
    is given (a file on the command line: its path, so its value libraries are found),
    ``text`` the TOML text the scenario came from (for an unedited download: its own
    bytes), ``data`` its data. ``version`` grows with every change, so a result can say
    which scenario it is of."""

    name: str = ""
    path: str = ""
    origin: str = "none"  # "bundled", "file", "upload", "calculator"
    text: str = ""
    data: dict[str, Any] | None = None
    scenario: Scenario | None = None
    problems: list[Problem] = field(default_factory=list)
    total: int = 0
    edited: bool = False
    version: int = 0
    workbook: bytes | None = None  # an uploaded or given workbook, as it was
    _includes: Any = None  # the include_values of a file given on the command line

    # -- loading ------------------------------------------------------------------------

    def load_bundled(self) -> None:
        self._load(lambda: toml.load(None), "<bundled>/" + toml.BUNDLED, "bundled")

    def load_path(self, path: str | Path) -> None:
        """A file named on the command line (the user's own: its value libraries are
        read, relative to it)."""
        from ..readers._source import decode, read_bytes
        from ..readers.formats import is_workbook, load

        self._load(lambda: load(path), str(path), "file")
        if is_workbook(path) and self.scenario is not None:
            self.workbook = Path(path).read_bytes()
        elif self.scenario is None and not is_workbook(path):
            with contextlib.suppress(ScenarioError):
                self._salvage(decode(read_bytes(str(path)), str(path)), uploaded=False)

    def load_upload(self, name: str, raw: bytes) -> None:
        """A file sent by the page: ``name`` (its file name, no directories) and its
        bytes; a workbook by its suffix ``.xlsx``, anything else as TOML."""
        name = upload_name(name)
        if len(raw) > MAX_FILE_BYTES:
            kind = say("kind.scenario", "scenario file")
            self._failed(name, "upload", [too_large(name, len(raw), kind)])
            return
        if PurePath(name).suffix.lower() == ".xlsx":
            self._load(lambda: _read_workbook(name, raw), name, "upload")
            if self.scenario is not None:
                self.workbook = raw
        else:
            self._load(lambda: _read_toml(name, raw), name, "upload")
            if self.scenario is None:
                with contextlib.suppress(UnicodeDecodeError, ScenarioError):
                    self._salvage(raw.decode("utf-8"), uploaded=True)

    def load_text(self, text: str, name: str, origin: str) -> None:
        """Scenario text held by another file (a calculator's), without value
        libraries."""
        self._load(lambda: _read_toml(name, text.encode("utf-8")), name, origin)

    def _load(self, read: Any, name: str, origin: str) -> None:
        self.version += 1
        self.name, self.path, self.origin = _shown_name(name), name, origin
        self.edited, self.workbook = False, None
        try:
            scenario = read()
        except ScenarioError as exc:
            self._failed(name, origin, exc.problems, exc.total)
            return
        self.scenario, self.problems, self.total = scenario, [], 0
        self.text = scenario.text
        self.data = data_of(scenario)
        self._includes = self.data.get("include_values")

    def _salvage(self, text: str, *, uploaded: bool) -> None:
        """The data of a scenario file whose TOML reads but that has problems, so that
        its cells can be fixed in the editor (an upload's only without value
        libraries)."""
        data = parse_toml(text, self.path)
        if uploaded and "include_values" in data:
            return
        self.data, self.text = data, text
        self._includes = data.get("include_values")

    def _failed(self, name: str, origin: str, problems: Sequence[Problem],
                total: int | None = None) -> None:
        self.name, self.path, self.origin = _shown_name(name), name, origin
        self.scenario, self.data, self.text = None, None, ""
        self.problems, self.total = list(problems), total or len(problems)

    # -- editing ------------------------------------------------------------------------

    def edit(self, table: str, entry_id: str, cell: str, text: str, *,
             words: Any = None) -> None:
        """Set one cell (see :data:`TABLES`) to the value ``text`` is (as in a scenario
        file: ``244``, ``laag-middel``, ``{ dist = "pert", min = 1, mode = 2, max = 4 }``;
        empty: the key is left out, its default) and validate the scenario.

        Raises KeyError for a table, entry or cell that does not exist (the page asked
        for something it was not shown)."""
        if self.data is None:
            raise KeyError("no scenario data to edit")
        index, entry = self._entry(table, entry_id)
        keys = dict(TABLES[table])[cell]
        if cell == "participants" and "participants_by_year" in entry:
            keys = ("participants_by_year",)
        self.version += 1
        self.edited = True
        try:
            value = cell_value(text)
        except CellError as exc:
            where = say("entry.id", "{entry} (id '{id}')", entry=f"{table}[{index}]",
                        id=entry_id)
            message = (words.text(exc.key, **exc.values) if words is not None
                       else exc.key)
            self.problems = [Problem(self.name, message, entry=where,
                                     field=".".join(keys))]
            self.total, self.scenario = 1, None
            return
        _set(entry, keys, value)
        self.revalidate()

    def revalidate(self) -> None:
        """The data as TOML text, read by the scenario reader."""
        assert self.data is not None
        self.data = {k: v for k, v in self.data.items() if k != "include_values"}
        if self._includes is not None:  # the command line's file keeps its libraries
            self.data = {"include_values": self._includes, **self.data}
        text = EDITED_HEADER + _writer.dumps(self.data)
        try:
            self.scenario = toml.parse(text, self.path)
        except ScenarioError as exc:
            self.scenario, self.problems, self.total = None, exc.problems, exc.total
            self.text = text
            return
        self.problems, self.total, self.text = [], 0, text

    def with_cell(self, table: str, entry_id: str, cell: str, text: str) -> Scenario:
        """The scenario with one cell changed, validated, leaving this one as it is (the
        distribution picker's preview); a ScenarioError or :class:`CellError` if it is
        not valid."""
        import copy

        other = copy.copy(self)
        other.data = copy.deepcopy(self.data)
        assert other.data is not None
        _, entry = other._entry(table, entry_id)
        keys = dict(TABLES[table])[cell]
        if cell == "participants" and "participants_by_year" in entry:
            keys = ("participants_by_year",)
        _set(entry, keys, cell_value(text))
        other.revalidate()
        if other.scenario is None:
            raise ScenarioError(other.problems)
        return other.scenario

    def _entry(self, table: str, entry_id: str) -> tuple[int, dict[str, Any]]:
        if table not in TABLES or self.data is None:
            raise KeyError(table)
        entries = self.data.get(table)
        if not isinstance(entries, list):
            raise KeyError(table)
        for index, entry in enumerate(entries):
            if isinstance(entry, dict) and entry.get("id") == entry_id:
                return index, entry
        raise KeyError(entry_id)

    # -- what the page shows --------------------------------------------------------------

    def tables(self) -> dict[str, Any]:
        """The editor's tables: per chain, initiative and financing scenario its id, its
        names and the text of each cell (a value as a scenario file writes it, a label
        bare); and the labels each input's scale offers."""
        data = self.data or {}

        def rows(table: str, names: Sequence[str]) -> list[dict[str, Any]]:
            out = []
            for entry in data.get(table) or []:
                if not isinstance(entry, dict):
                    continue
                cells = {}
                for cell, keys in TABLES[table]:
                    if cell == "participants" and "participants_by_year" in entry:
                        keys = ("participants_by_year",)
                    cells[cell] = cell_text(_get(entry, keys))
                out.append({"id": str(entry.get("id", "")),
                            **{n: str(entry.get(n, "")) for n in names},
                            "cells": cells})
            return out

        found = data.get("scales")
        scales: dict[str, Any] = found if isinstance(found, dict) else {}
        labels = {}
        for name in LABELLED:
            scale = scales.get(name)
            values = scale.get("labels") if isinstance(scale, dict) else None
            if isinstance(values, dict):
                labels[name] = sorted(values, key=lambda k: _number(values[k]))
            elif name in ("success_probability", "effect_size"):
                labels[name] = list(DEFAULT_LABELS)
        found = data.get("meta")
        meta: dict[str, Any] = found if isinstance(found, dict) else {}
        return {
            "name": self.name, "origin": self.origin, "edited": self.edited,
            "title": str(meta.get("name", "")),
            "description": str(meta.get("description", "")),
            "version": self.version, "valid": self.scenario is not None,
            "chains": rows("chains", ("initiative", "activity", "beneficiary", "effect")),
            "initiatives": rows("initiatives", ("name",)),
            "financing": rows("financing", ("name",)),
            "labels": labels,
        }

    def download_name(self, suffix: str) -> str:
        stem = PurePath(self.name).stem or "scenario"
        return f"{stem}{'-edited' if self.edited else ''}{suffix}"

    def toml_text(self) -> str:
        """The scenario as TOML: the file's own text unless it was edited."""
        assert self.scenario is not None
        return self.scenario.text


# -- values of cells ---------------------------------------------------------------------

def cell_value(text: str) -> Any:
    """The value a cell's text stands for, as in a scenario file (a number, a label, an
    inline table); bare words are labels, a decimal comma is a decimal point ("0,35");
    empty: :data:`MISSING` (the key is left out). Raises :class:`CellError`."""
    text = text.strip()
    if not text:
        return MISSING
    if len(text) > 2000 or "\n" in text or "\r" in text:
        raise CellError("app.cell.not_value", text=clean(text)[:60])
    if _DECIMAL_COMMA.fullmatch(text):
        return float(text.replace(",", "."))
    try:
        got = parse_toml(f"v = {text}", "<cell>")
    except ScenarioError:
        if _BARE.fullmatch(text):
            return text
        raise CellError("app.cell.not_value", text=clean(text)[:60]) from None
    if set(got) != {"v"}:
        raise CellError("app.cell.not_value", text=clean(text)[:60])
    return got["v"]


def cell_text(value: Any) -> str:
    """A cell's value as its text: a label bare, anything else as TOML writes it."""
    if value is MISSING:
        return ""
    if isinstance(value, str) and _BARE.fullmatch(value):
        return value
    return _writer.value(value)


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


#: A key that is not given (its default applies).
MISSING: Any = _Missing()


def _get(entry: Mapping[str, Any], keys: Sequence[str]) -> Any:
    item: Any = entry
    for k in keys:
        if not isinstance(item, Mapping) or k not in item:
            return MISSING
        item = item[k]
    return item


def _set(entry: dict[str, Any], keys: Sequence[str], value: Any) -> None:
    item = entry
    for k in keys[:-1]:
        if not isinstance(item.get(k), dict):
            if value is MISSING:
                return
            item[k] = {}
        item = item[k]
    if value is MISSING:
        item.pop(keys[-1], None)
        if len(keys) > 1 and not item:
            _set(entry, keys[:-1], MISSING)
    else:
        item[keys[-1]] = value


def _number(x: Any) -> float:
    return float(x) if isinstance(x, int | float) and not isinstance(x, bool) else 0.0


def upload_name(name: str) -> str:
    """The name of an uploaded file as it is shown: its last path part, without control
    characters, at most 120 characters; "upload.toml" where nothing is left."""
    name = clean(name).replace("\\", "/").rsplit("/", 1)[-1].strip()
    name = name[:120]
    return name if UPLOAD_NAME.fullmatch(name) and name not in (".", "..") else "upload.toml"


def _shown_name(name: str) -> str:
    return name.removeprefix("<bundled>/")


def _no_includes(name: str, data: Mapping[str, Any], text: str | None) -> None:
    """An uploaded scenario may not name value libraries: they would be files on the
    server."""
    if "include_values" in data:
        line = None
        if text is not None:
            found = re.search(r"^\s*include_values\s*=", text, re.MULTILINE)
            line = text.count("\n", 0, found.start()) + 1 if found else None
        raise ScenarioError([Problem(
            name, say("upload_includes", "an uploaded scenario cannot include value "
                      "libraries (they would be read from the computer the workbench runs "
                      "on); copy their values into [values]"), line=line,
            field="include_values")])


def _read_toml(name: str, raw: bytes) -> Scenario:
    from ..readers._source import decode

    text = decode(raw, name)
    try:
        data = parse_toml(text, name)
    except ScenarioError:
        data = {}  # the reader words it, located, below
    _no_includes(name, data, text)
    return toml.parse(text, name)


def _read_workbook(name: str, raw: bytes) -> Scenario:
    from ..readers import xlsx

    with tempfile.TemporaryDirectory(prefix="mcimpact-app-") as folder:
        staged = Path(folder) / "upload.xlsx"
        staged.write_bytes(raw)
        try:
            data, _ = xlsx.read(str(staged))
            _no_includes(name, data, None)
            scenario = xlsx.load(str(staged))
        except ScenarioError as exc:
            raise Located([_renamed(p, str(staged), name) for p in exc.problems],
                          exc.total) from None
    return dataclasses.replace(scenario, path=name)


class Located(ScenarioError):
    """Problems already sorted and counted (a reader's, renamed)."""

    def __init__(self, problems: Sequence[Problem], total: int) -> None:
        Exception.__init__(self, "\n".join(str(p) for p in problems))
        self.problems, self.total = list(problems), total


def _renamed(problem: Problem, staged: str, name: str) -> Problem:
    return dataclasses.replace(problem, file=name if problem.file == staged else problem.file,
                               message=str(_rename(problem.message, staged, name)))


def _rename(text: object, staged: str, name: str) -> object:
    """A message (or a value of one) with the staged file's name as the upload's."""
    if isinstance(text, Message):
        return Message(text.reason, text.template, {
            k: _rename(v, staged, name) for k, v in text.values.items()})
    if isinstance(text, tuple):
        return tuple(_rename(v, staged, name) for v in text)
    return text.replace(staged, name) if isinstance(text, str) else text


# -- the distribution picker's preview ---------------------------------------------------------

#: The probabilities at which the picker's shape is drawn.
SHAPE_PROBABILITIES = tuple(round(0.01 + 0.98 * k / 48, 6) for k in range(49))


def shape(scenario: Scenario, table: str, entry: str, cell: str, words: Any
          ) -> dict[str, Any]:
    """One cell's input of a validated scenario as the picker shows it: its kind, point
    value (the mean), 5 %, 50 % and 95 % quantiles, and its quantiles at
    :data:`SHAPE_PROBABILITIES` (the page draws the density from their spacing). An
    initiative's or financing scenario's cell has no one distribution: only "valid"."""
    import math

    import numpy as np

    from ..model.distributions import frozen

    if table != "chains":
        return {"kind": None, "text": words.text("app.picker.valid")}
    chain = next(c for c in scenario.chains if c.id == entry or c.parent == entry)
    if cell == "profile":
        inp = chain.profile.duration
    elif cell in ("deadweight", "attribution", "displacement", "drop_off"):
        inp = getattr(chain.adjustments, cell)
    else:
        inp = getattr(chain, cell)
    point = float(inp.point)

    def number(x: float) -> str:
        if not math.isfinite(x) or x == 0:
            return words.number(x)
        decimals = max(0, min(6, 2 - math.floor(math.log10(abs(x)))))
        return words.number(x, decimals)

    if inp.is_fixed:
        return {"kind": "fixed", "point": point, "p5": point, "p50": point, "p95": point,
                "quantiles": [], "discrete": False,
                "text": words.text("app.picker.fixed", point=number(point))}
    dist = frozen(inp)
    p = np.asarray(SHAPE_PROBABILITIES)
    q = np.asarray(dist.ppf(p), dtype=float)
    p5, p50, p95 = (float(x) for x in dist.ppf([0.05, 0.5, 0.95]))
    return {"kind": inp.dist, "label": inp.label, "point": point, "p5": p5, "p50": p50,
            "p95": p95, "probabilities": p.tolist(), "quantiles": q.tolist(),
            "discrete": inp.dist in ("poisson", "negbinomial"),
            "text": words.text("app.picker.range", point=number(point), p5=number(p5),
                               p95=number(p95))}
