"""Scenario workbooks (.xlsx) ↔ scenario data, with problems located by sheet, row and
column (docs/scenario-format.md#spreadsheets).

A workbook holds the same data as a TOML scenario file, one sheet per top-level table,
derived from the data's structure rather than from a list of known keys, so that every
key of the format — also one added later — has its place:

- an array of tables (``[[initiatives]]``, ``[[chains]]``, ``[[financing]]``, ...) is a
  sheet with one row per entry and one column per key; a nested key is a dotted column
  (``profile.shape``, ``costs.2021``, ``participants.dist``);
- a table of scalars (``[meta]``, ``[uncertainty]``) is a sheet of two columns, ``key``
  and ``value``, one key a row (dotted keys for nested tables: ``discount_rate.2031``);
- a table of tables (``[scales]``, ``[values]``) is a sheet with a first column ``key``
  (the inner table's name) and one column per key of the inner tables;
- keys outside any table are rows of the key/value sheet ``scenario``.

A column or key ending in ``[]`` holds an array written as TOML (``[2021, 2022]``; the
brackets, and quotes around ids, may be left out), one ending in ``{}`` a table written
as TOML (``{ 2021 = 100 }``). An empty cell leaves its key out; columns whose header
starts with ``#`` are comments. Formulas are read by the value the spreadsheet program
last computed and saved.

Reading turns the workbook into the data that :func:`tomllib.loads` would give for the
same scenario, then validates it with the TOML reader's passes
(:func:`mcimpact.readers.toml.validate`), whose problems this module's locator places at
the cell they come from. The validated scenario carries the TOML text of the data
(:func:`mcimpact.readers._writer.dumps`), so a results file holds a scenario that the TOML
reader reads back, and converting TOML → xlsx → TOML gives the same data.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import math
import re
import tomllib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Problem, ScenarioError, say
from ..model.scenario import Scenario
from . import _writer
from ._files import MAX_FILE_BYTES, read_file
from ._lines import Loc
from ._locate import Locator, clip, describe
from ._schema import takes_anything
from .toml import validate

SUFFIXES = (".xlsx",)
#: The sheet of keys outside any table.
ROOT_SHEET = "scenario"
KEY, VALUE = "key", "value"
ARRAY_MARK, TABLE_MARK, COMMENT_MARK = "[]", "{}", "#"
#: The most a workbook may unpack to [bytes] (a zip of 4 MiB could unpack to gigabytes);
#: the bundled scenario unpacks to about 0.2 MiB.
MAX_UNPACKED_BYTES = 64 * 2**20
#: The most rows and columns a sheet may use, and filled cells a workbook may have.
MAX_ROWS = 100_000
MAX_COLUMNS = 1_000
MAX_CELLS = 200_000


@dataclass(frozen=True)
class Cell:
    """Where a value of the data is in the workbook (row and column from 1)."""

    sheet: str
    row: int
    column: int | None = None

    def describe(self, name: str | None = None) -> str:
        """"sheet 'S', row R (NAME), column C", as far as it is known (a
        :class:`~mcimpact.errors.Message`; ``name`` is one too: an entry's id or key)."""
        from openpyxl.utils import get_column_letter

        return say("xlsx.sheet", "sheet '{sheet}'{row}{name}{column}", sheet=clip(self.sheet),
                   row=say("xlsx.row", ", row {row}", row=self.row) if self.row else "",
                   name=say("xlsx.named", " ({name})", name=name) if name else "",
                   column=say("xlsx.column", ", column {column}",
                              column=get_column_letter(self.column)) if self.column else "")


@dataclass
class Places:
    """The cell of every value of the data, by its location (``("chains", 3, "value")``),
    and the row of every entry (``("chains", 3)``)."""

    sheets: list[str] = field(default_factory=list)  # in workbook order
    cells: dict[Loc, Cell] = field(default_factory=dict)
    rows: dict[Loc, Cell] = field(default_factory=dict)
    top: dict[str, str] = field(default_factory=dict)  # top-level key → its sheet
    # The locations of cells whose value cannot be read (a spreadsheet error, a formula
    # without a saved value, an array or table that is no TOML): nothing more is
    # reported there.
    flagged: set[Loc] = field(default_factory=set)
    _under: dict[Loc, Cell] | None = None

    def under(self, loc: Loc) -> Cell | None:
        """The first cell of a value at or under ``loc``."""
        if self._under is None:
            self._under = {}
            for where, cell in self.cells.items():
                for n in range(1, len(where) + 1):
                    self._under.setdefault(where[:n], cell)
        return self._under.get(loc)


class _SheetLocator(Locator):
    """The TOML reader's locator for data read from a workbook: a problem names the
    file, the sheet, the row (and the entry's id), the column and the field."""

    def __init__(self, path: str, data: dict[str, Any], places: Places):
        self.path, self.data, self.places = path, data, places
        self.lines: dict[Loc, int] = {}

    def _place(self, loc: Loc) -> Cell | None:
        """The cell of ``loc`` (or of the first value under it), else the row or the
        sheet of its nearest ancestor (a missing field: its entry's row)."""
        cell = self.places.under(loc)
        if cell is not None:
            return cell
        for n in range(len(loc) - 1, 0, -1):
            row = self.places.rows.get(loc[:n])
            if row is not None:
                return row
        top = self.places.top.get(str(loc[0])) if loc else None
        return Cell(top, 0) if top else None

    def line(self, loc: Loc) -> int:
        # The order of problems: by sheet, then row, then column.
        cell = self._place(loc)
        if cell is None:
            return 0
        sheet = self.places.sheets.index(cell.sheet) + 1 if cell.sheet in \
            self.places.sheets else len(self.places.sheets) + 1
        return (sheet * (MAX_ROWS + 1) + cell.row) * (MAX_COLUMNS + 1) + (cell.column or 0)

    def problem(self, loc: Loc, message: str) -> Problem:
        cell = self._place(loc)
        if cell is None:  # a required table that has no sheet
            sheet = str(loc[0]) if loc else ""
            if message == "missing required field":
                message = say("xlsx.no_sheet", "no sheet '{sheet}' (a required table)",
                              sheet=clip(sheet))
            return Problem(self.path, message, entry=say("xlsx.workbook", "workbook"),
                           field=".".join(clip(str(p)) for p in loc[1:]) or None)
        top = str(loc[0])
        name: str | None = None
        inner = 1
        if cell.sheet == ROOT_SHEET:
            inner = 0
        elif len(loc) >= 2 and isinstance(loc[1], int):  # an array's entry: its id
            item = _get(self.data, loc[:2])
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                name = say("xlsx.id", "id '{id}'", id=clip(item["id"]))
            inner = 2
        elif len(loc) >= 2 and (top, loc[1]) in self.places.rows:  # a table's table
            name, inner = say("xlsx.key", "key '{name}'", name=clip(str(loc[1]))), 2
        fields = ".".join(clip(str(p)) for p in loc[inner:])
        return Problem(self.path, message, entry=cell.describe(name), field=fields or None)


def _get(data: Any, loc: Loc) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


# ---------------------------------------------------------------------------------------
# Reading


def load(path: str | Path) -> Scenario:
    """Load and validate a scenario workbook (.xlsx); every problem is located by sheet,
    row and column (:class:`~mcimpact.errors.ScenarioError`). A cell whose value cannot
    be read (a spreadsheet error such as ``#REF!``, a formula without a saved value) is
    reported with every problem of the rest of the workbook, not alone."""
    name = str(path)
    got = _read(name)
    if len(got.problems) > len(got.cell_problems):  # the workbook's structure is unclear
        raise ScenarioError(got.problems)
    data, places = got.data, got.places
    locator = _SheetLocator(name, data, places)
    text = HEADER + _writer.dumps(data)
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise ScenarioError([Problem(name, say(
            "xlsx.too_large", "the workbook holds a scenario of more than {limit:,} bytes as "
            "TOML (MAX_FILE_BYTES)", limit=MAX_FILE_BYTES))])
    for loc in places.flagged:
        _stand_in(data, loc)
    return validate(data, locator, text, known=got.problems, flagged=places.flagged)


def _stand_in(data: dict[str, Any], loc: Loc) -> None:
    """A stand-in for an unreadable cell that the schema requires and takes any value
    of (a chain's ``value``): so that the rest of the workbook is checked too, while
    nothing is reported at the cell but its own problem."""
    parent = _get(data, loc[:-1])
    if isinstance(parent, dict) and loc[-1] not in parent and takes_anything(loc):
        parent[loc[-1]] = 0


#: The first line of the TOML text of a scenario read from a workbook.
HEADER = "# Read from a spreadsheet (docs/scenario-format.md#spreadsheets).\n"


def read(path: str) -> tuple[dict[str, Any], Places]:
    """The data of a workbook and where each value is; every problem (a header, a cell
    that is no value, a key given twice) raises :class:`ScenarioError`."""
    got = _read(path)
    if got.problems:
        raise ScenarioError(got.problems)
    return got.data, got.places


@dataclass
class _Workbook:
    """What reading a workbook gives: its data, where each value is, and the problems
    of reading it, in order; of these, ``cell_problems`` concern the value of one cell
    only (its location is in ``places.flagged``)."""

    data: dict[str, Any] = field(default_factory=dict)
    places: Places = field(default_factory=Places)
    problems: list[Problem] = field(default_factory=list)
    cell_problems: list[Problem] = field(default_factory=list)


def _read(path: str) -> _Workbook:
    raw = read_file(path, expected=say("expected.xlsx", "an .xlsx workbook"),
                    kind=say("kind.workbook", "workbook"))
    values, formulas = _open(raw, path)
    got = _Workbook()
    cells = 0
    try:
        for ws in values.worksheets:
            got.places.sheets.append(ws.title)
            grid, pending, unreadable = _grid(ws, formulas[ws.title], path)
            cells += sum(len(row) for _, row in grid)
            if cells > MAX_CELLS:
                raise ScenarioError([Problem(path, say(
                    "xlsx.max_cells", "more than MAX_CELLS = {limit:,} filled cells",
                    limit=MAX_CELLS), entry=Cell(ws.title, 0).describe())])
            got.problems += pending
            got.cell_problems += unreadable.values()
            if grid:  # an empty sheet (a spreadsheet's default "Sheet1") holds nothing
                _Sheet(ws.title, got, path, unreadable).read(grid)
    finally:
        values.close()
        formulas.close()
    return got


def _open(raw: bytes, path: str) -> tuple[Any, Any]:
    """The workbook twice: with the values a spreadsheet program last computed, and with
    its formulas (to tell a formula without a saved value from an empty cell)."""
    import openpyxl

    not_xlsx = say("xlsx.not_xlsx", "not an .xlsx workbook (an Office Open XML spreadsheet); "
                   "save it as 'Excel Workbook (.xlsx)'")
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ScenarioError([Problem(path, not_xlsx)]) from None
    if "xl/workbook.xml" not in {m.filename for m in members}:
        raise ScenarioError([Problem(path, not_xlsx)])
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise ScenarioError([Problem(path, say(
            "xlsx.unpacked", "the workbook unpacks to {size:,} bytes; at most {limit:,} "
            "(MAX_UNPACKED_BYTES)", size=unpacked, limit=MAX_UNPACKED_BYTES))])
    try:
        return (openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True),
                openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=False))
    except Exception as exc:  # openpyxl raises many kinds on a malformed workbook
        raise ScenarioError([Problem(path, say("xlsx.unreadable", "cannot read the workbook: "
                                               "{detail}", detail=clip(str(exc))))]) from None


def _grid(ws: Any, formulas: Any, path: str
          ) -> tuple[list[tuple[int, list[Any]]], list[Problem], dict[tuple[int, int], Problem]]:
    """The sheet's rows that hold anything, as (row number, values); the sheet's
    problems, in order; of these, those of the cells that hold no value (a spreadsheet
    error, a formula never computed; their value is None) by (row, column)."""
    pending: list[Problem] = []
    unreadable: dict[tuple[int, int], Problem] = {}
    grid = []
    computed = _formulas(formulas)
    for r, row in enumerate(ws.iter_rows(), start=1):
        if r > MAX_ROWS:
            pending.append(Problem(path, say("xlsx.max_rows", "more than MAX_ROWS = {limit:,} "
                                             "rows", limit=MAX_ROWS),
                                   entry=Cell(ws.title, 0).describe()))
            break
        values = []
        for c, cell in enumerate(row, start=1):
            if c > MAX_COLUMNS:
                if cell.value is not None:
                    pending.append(Problem(path, say(
                        "xlsx.max_columns", "more than MAX_COLUMNS = {limit:,} columns",
                        limit=MAX_COLUMNS), entry=Cell(ws.title, r, c).describe()))
                    break
                continue
            problem = _no_value(cell, computed.get((r, c)), Cell(ws.title, r, c), path)
            if problem is not None:
                unreadable[r, c] = problem
                pending.append(problem)
            values.append(None if problem is not None else cell.value)
        while values and values[-1] is None:
            values.pop()
        if values:
            grid.append((r, values))
    return grid, pending, unreadable


def _formulas(formulas: Any) -> dict[tuple[int, int], str]:
    """The formula of each cell that has one, by (row, column)."""
    computed = {}
    for r, row in enumerate(formulas.iter_rows(values_only=True), start=1):
        for c, value in enumerate(row, start=1):
            if isinstance(value, str) and value.startswith("="):
                computed[r, c] = value
        if r > MAX_ROWS:
            break
    return computed


def _no_value(cell: Any, formula: str | None, where: Cell, path: str) -> Problem | None:
    """The problem of a cell that holds no value: a spreadsheet error, or a formula no
    spreadsheet program computed and saved."""
    if getattr(cell, "data_type", None) == "e":
        return Problem(path, say("xlsx.cell_error", "the cell holds the spreadsheet error "
                                 "{error}", error=describe(cell.value)), entry=where.describe())
    if cell.value is None and formula is not None:
        return Problem(path, say("xlsx.not_computed", "a formula without a saved value "
                                 "({formula}); open the workbook in a spreadsheet program and "
                                 "save it", formula=describe(formula)), entry=where.describe())
    return None


Column = tuple[int, tuple[str, ...], str]  # (column number, key path, mark)
Row = tuple[int, list[Any]]  # (row number, values)


class _Sheet:
    """The reading of one sheet into the workbook's data: its header's columns, then its
    rows as the kind of table the header says (key/value pairs, a table of tables, or an
    array of tables)."""

    def __init__(self, title: str, book: _Workbook, path: str,
                 unreadable: dict[tuple[int, int], Problem]):
        self.title, self.book, self.path, self.unreadable = title, book, path, unreadable
        self.data, self.places, self.problems = book.data, book.places, book.problems

    def bad(self, r: int, c: int | None, message: str) -> None:
        self.problems.append(Problem(self.path, message,
                                     entry=Cell(self.title, r, c).describe()))

    def read(self, grid: list[Row]) -> None:
        header_row, header = grid[0]
        if header_row != 1:
            self.bad(1, None, say("xlsx.no_header", "the first row must be the header (column "
                                  "names); it is empty"))
            return
        body = grid[1:]
        width = max(len(row) for _, row in grid)
        header = [*header, *[None] * (width - len(header))]  # values beyond the header
        columns = self._columns(header, body)
        names = [col[1] for col in columns if col is not None]
        key_value = names == [(KEY,), (VALUE,)] and columns[0] is not None
        keyed = bool(names) and columns[0] is not None and names[0] == (KEY,) and not key_value
        if not self._placed(key_value):
            return
        if key_value:
            self._key_values(body, columns)
        elif keyed:
            self._keyed(body, columns)
        else:
            self._entries(body, columns)

    def _columns(self, header: list[Any], body: list[Row]) -> list[Column | None]:
        """Each header cell's column (None: a comment, or a header with a problem)."""
        from openpyxl.utils import get_column_letter

        columns: list[Column | None] = []
        seen: dict[str, int] = {}
        for c, text in enumerate(header, start=1):
            got = self._header_cell(c, text, body)
            if got is not None and text in seen:
                self.bad(1, c, say("xlsx.column_twice", "column '{name}' also in column "
                                   "{other}", name=clip(text),
                                   other=get_column_letter(seen[text])))
                got = None
            elif got is not None:
                seen[text] = c
            columns.append(None if got is None else (c, *got))
        return columns

    def _header_cell(self, c: int, text: Any, body: list[Row]
                     ) -> tuple[tuple[str, ...], str] | None:
        """The key path and mark of a header cell; None for a comment or a problem."""
        if isinstance(text, str) and text.strip().startswith(COMMENT_MARK):
            return None
        if text is None:
            if any(c <= len(row) and row[c - 1] is not None for _, row in body):
                self.bad(1, c, say("xlsx.no_column_header", "a column with values but no "
                                   "header (a key)"))
            return None
        if not isinstance(text, str):
            self.bad(1, c, say("xlsx.header_text", "a header must be a key (text), got {got}",
                               got=describe(text)))
            return None
        got = _key_path(text)
        if isinstance(got, str):
            self.bad(1, c, got)
            return None
        return got

    def _placed(self, key_value: bool) -> bool:
        """Whether the sheet has a place in the data: the root sheet holds key/value
        pairs; another sheet's name is no key of the root sheet."""
        if self.title == ROOT_SHEET and not key_value:
            self.bad(1, None, say("xlsx.root_header", "the sheet '{sheet}' holds keys outside "
                                  "any table: its header must be '{first}' and '{second}'",
                                  sheet=ROOT_SHEET, first=KEY, second=VALUE))
            return False
        if self.title != ROOT_SHEET:
            if self.title in self.data:
                self.bad(1, None, say("xlsx.sheet_is_key", "'{name}' is also a key of the "
                                      "sheet '{sheet}'", name=clip(self.title),
                                      sheet=ROOT_SHEET))
                return False
            self.places.top[self.title] = self.title
        return True

    def _key_values(self, body: list[Row], columns: list[Column | None]) -> None:
        """A sheet of key/value pairs: ``[meta]``, or the root sheet's keys."""
        root = self.title == ROOT_SHEET
        target = self.data if root else self.data.setdefault(self.title, {})
        base: Loc = () if root else (self.title,)
        key_col = columns[0][0] if columns[0] is not None else 1
        value_col = columns[1][0] if columns[1] is not None else 2
        for r, row in body:
            raw_key = row[key_col - 1] if key_col <= len(row) else None
            raw_value = row[value_col - 1] if value_col <= len(row) else None
            keys = self._key(r, key_col, raw_key, raw_value)
            if keys is None:
                continue
            if root and keys[0][0] in self.places.top:
                self.bad(r, key_col, say("xlsx.key_is_sheet", "'{name}' is also a sheet",
                                         name=clip(keys[0][0])))
                continue
            if root:
                self.places.top[keys[0][0]] = ROOT_SHEET
            if raw_value is not None:
                self._put(target, base, *keys, raw_value, Cell(self.title, r, value_col))
            elif (r, value_col) in self.unreadable:
                self.places.flagged.add((*base, *keys[0]))

    def _key(self, r: int, key_col: int, raw_key: Any, raw_value: Any
             ) -> tuple[tuple[str, ...], str] | None:
        """The key path and mark of a key/value row's key cell; None for none or a
        problem."""
        if raw_key is None:
            if raw_value is not None:
                self.bad(r, key_col, say("xlsx.no_key", "a value without a key"))
            return None
        if not isinstance(raw_key, str):
            self.bad(r, key_col, say("xlsx.key_text", "a key must be text, got {got}",
                                     got=describe(raw_key)))
            return None
        got = _key_path(raw_key)
        if isinstance(got, str):
            self.bad(r, key_col, got)
            return None
        return got

    def _keyed(self, body: list[Row], columns: list[Column | None]) -> None:
        """A table of tables (``[scales]``, ``[values]``): the first column names each
        row's table."""
        table = self.data.setdefault(self.title, {})
        for r, row in body:
            name = row[0] if row else None
            if not any(v is not None for k, v in enumerate(row) if columns[k] is not None):
                continue
            if not isinstance(name, str) or not name:
                self.bad(r, 1, say("xlsx.row_key", "a row of a keyed sheet needs its key "
                                   "(text) in column A, got {got}", got=describe(name)))
                continue
            if name in table:
                self.bad(r, 1, say("xlsx.key_twice", "key '{name}' given twice",
                                   name=clip(name)))
                continue
            inner: dict[str, Any] = {}
            table[name] = inner
            self.places.rows[(self.title, name)] = Cell(self.title, r)
            self._row(inner, (self.title, name), columns[1:], row[1:], r)

    def _entries(self, body: list[Row], columns: list[Column | None]) -> None:
        """An array of tables (``[[chains]]``, ...): one entry per row that holds a
        value."""
        entries = self.data.setdefault(self.title, [])
        for r, row in body:
            if not any(v is not None for k, v in enumerate(row) if columns[k] is not None):
                continue
            loc = (self.title, len(entries))
            entry: dict[str, Any] = {}
            entries.append(entry)
            self.places.rows[loc] = Cell(self.title, r)
            self._row(entry, loc, columns, row, r)

    def _row(self, entry: dict[str, Any], loc: Loc, columns: list[Column | None],
             row: list[Any], r: int) -> None:
        for k, col in enumerate(columns):
            if col is None:
                continue
            c, keys, mark = col
            if k < len(row) and row[k] is not None:
                self._put(entry, loc, keys, mark, row[k], Cell(self.title, r, c))
            elif (r, c) in self.unreadable:
                self.places.flagged.add((*loc, *keys))

    def _put(self, target: dict[str, Any], base: Loc, keys: tuple[str, ...], mark: str,
             raw: Any, cell: Cell) -> None:
        """One cell's value at ``keys`` in ``target`` (the entry at ``base``)."""
        def bad(message: str) -> None:  # a Message
            self.problems.append(Problem(self.path, message, entry=cell.describe()))

        value = _cell_value(raw, mark)
        if isinstance(value, _Bad):  # a problem of this cell alone
            bad(value.message)
            self.book.cell_problems.append(self.problems[-1])
            self.places.flagged.add((*base, *keys))
            return
        node = target
        for n, part in enumerate(keys[:-1]):
            inner = node.setdefault(part, {})
            if not isinstance(inner, dict):
                bad(say("xlsx.value_then_table", "'{keys}' is given as a single value in "
                        "another cell and as a table here (dotted key); give one of them",
                        keys=".".join(keys[:n + 1])))
                return
            node = inner
        last = keys[-1]
        if last in node:
            dotted = ".".join(keys)
            bad(say("xlsx.also_table", "'{keys}' is also given as a table (dotted keys) in "
                    "another cell; give one of them", keys=dotted)
                if isinstance(node[last], dict) else
                say("xlsx.also_value", "'{keys}' is also given as a value in another cell; "
                    "give one of them", keys=dotted))
            return
        node[last] = value
        self.places.cells[(*base, *keys)] = cell


@dataclass(frozen=True)
class _Bad:
    message: str  # a Message


def _cell_value(raw: Any, mark: str) -> Any:
    """A cell's value as the data holds it: a number, text, a boolean, or for a column
    marked ``[]``/``{}`` the array or table its TOML text says."""
    if not mark:
        return raw
    if not isinstance(raw, str):
        return [raw] if mark == ARRAY_MARK else _Bad(_table_expected(raw))
    text = raw.strip()
    if mark == TABLE_MARK:
        got = _toml_value(text)
        if isinstance(got, dict):
            return got
        return _Bad(_table_expected(raw))
    got = _toml_value(text if text.startswith("[") else f"[{text}]")
    if isinstance(got, list):
        return got
    if not re.search(r"[\[\]{}\"'=]", text):  # bare words: ids separated by commas
        return [part.strip() for part in text.split(",") if part.strip()]
    return _Bad(say("xlsx.array_expected", "an array written as TOML, e.g. [2021, 2022] or "
                    "\"a\", \"b\", expected; got {got}", got=describe(raw)))


def _table_expected(raw: Any) -> str:
    return say("xlsx.table_expected", "a table written as TOML, e.g. {{ 2021 = 100 }}, "
               "expected; got {got}", got=describe(raw))


def _toml_value(text: str) -> Any:
    try:
        data = tomllib.loads(f"v = {text}")
    except (tomllib.TOMLDecodeError, RecursionError, ValueError):
        return None
    return data["v"] if list(data) == ["v"] else None


# A TOML key: bare or quoted parts joined by dots (tomllib then reads its escapes).
_PART = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\\x00-\x1f\x7f]|\\.)*"|'[^'\x00-\x1f\x7f]*')"""
_KEY = re.compile(rf"{_PART}(?:[ \t]*\.[ \t]*{_PART})*")


def _key_path(text: str) -> tuple[tuple[str, ...], str] | str:
    """The key path of a header or key cell (a TOML dotted key, marked ``[]`` or ``{}``
    for an array or a table written as TOML), or the problem with it."""
    stripped = text.strip()
    mark = ""
    for m in (ARRAY_MARK, TABLE_MARK):
        if stripped.endswith(m):
            mark, stripped = m, stripped[: -len(m)].rstrip()
    problem = say("xlsx.not_key", "'{text}' is not a key: write a.b for a key b in table a, "
                  "and quote a part with spaces or dots: a.\"b c\"", text=clip(text))
    if not _KEY.fullmatch(stripped):
        return problem
    try:
        parsed = tomllib.loads(f"{stripped} = 0")
    except (tomllib.TOMLDecodeError, RecursionError, ValueError):
        return problem
    keys: list[str] = []
    node: Any = parsed
    while isinstance(node, dict):
        if len(node) != 1:
            return problem
        (name, node), = node.items()
        keys.append(name)
    if node != 0 or isinstance(node, bool) or not isinstance(node, int):
        return problem
    return tuple(keys), mark


# ---------------------------------------------------------------------------------------
# Writing


class WorkbookError(ValueError):
    """Data that a workbook cannot hold (text a spreadsheet refuses, a sheet name that
    is not allowed); the message (a :class:`~mcimpact.errors.Message`, ``args[0]``, for a
    front end to word in its language) names the sheet, row and column."""


def workbook(data: dict[str, Any]) -> Any:
    """An openpyxl workbook of scenario data (as :func:`tomllib.loads` gives it)."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    root = [(k, v) for k, v in data.items() if not _is_sheet(v)]
    if root and any(k == ROOT_SHEET for k, v in data.items() if _is_sheet(v)):
        raise WorkbookError(say("xlsx.write.root_clash", "a table named '{sheet}' and keys "
                                "outside any table: the workbook has one sheet of that name",
                                sheet=ROOT_SHEET))
    done_root = False
    for name, item in data.items():
        if _is_sheet(item):
            _table_sheet(book, name, item)
        elif not done_root:  # the keys outside any table, where the first of them is
            _key_value_sheet(book, ROOT_SHEET, dict(root))
            done_root = True
    return book


def _table_sheet(book: Any, name: str, item: dict[str, Any] | list[dict[str, Any]]
                 ) -> None:
    """The sheet of a top-level table: an array of tables, a table of tables (one row
    each, its name in the first column) or a table of key/value pairs."""
    if isinstance(item, list):
        _rows_sheet(book, name, item, keyed=False)
    elif item and all(isinstance(v, dict) and v for v in item.values()) and \
            _columns(list(item.values()))[0] != [((VALUE,), "")]:
        if any(KEY in v for v in item.values()):
            raise WorkbookError(say("xlsx.write.key_in_tables", "{where}: a table of tables "
                                    "whose tables have a key '{name}' (the sheet's first "
                                    "column)", where=Cell(name, 0).describe(), name=KEY))
        _rows_sheet(book, name, [{KEY: k, **v} for k, v in item.items()], keyed=True)
    else:
        _key_value_sheet(book, name, item)


def save(data: dict[str, Any], path: str | Path) -> list[str]:
    """Write scenario data as a workbook at ``path`` (the caller makes it atomic).
    Returns where the data has empty text (``chains[2].note``): an empty cell is a key
    left out, so those keys read back as not given."""
    book = workbook(data)
    with exact_numbers():
        book.save(path)
    return empty_text(data)


def empty_text(item: Any, where: str = "") -> list[str]:
    """The places of empty text in scenario data."""
    if isinstance(item, dict):
        return [p for k, v in item.items()
                for p in empty_text(v, f"{where}.{k}" if where else str(k))]
    if isinstance(item, list):
        return [p for n, v in enumerate(item) for p in empty_text(v, f"{where}[{n}]")]
    return [where] if item == "" else []


@contextlib.contextmanager
def exact_numbers() -> Iterator[None]:
    """While saving: numbers written exactly. openpyxl writes a float with 16 significant
    digits ("%.16g"), so 0.1 + 0.2 reads back as 0.3 and 1.0 as the integer 1; repr() is
    the shortest text that reads back as the same double (and keeps the float a float)."""
    from openpyxl.cell import _writer as cell_writer

    original = cell_writer.safe_string

    def exact(value: Any) -> Any:
        if isinstance(value, float) and math.isfinite(value):
            return repr(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return original(value)

    cell_writer.safe_string = exact
    try:
        yield
    finally:
        cell_writer.safe_string = original


def _is_sheet(item: Any) -> bool:
    return isinstance(item, dict) or (
        isinstance(item, list) and bool(item) and all(isinstance(v, dict) for v in item))


def _flat(table: dict[str, Any], inline: set[tuple[str, ...]], prefix: tuple[str, ...] = ()
          ) -> list[tuple[tuple[str, ...], str, Any]]:
    """(key path, mark, value) of every cell of a table, depth first in its order."""
    out = []
    for k, v in table.items():
        keys = (*prefix, k)
        if isinstance(v, dict) and v and keys not in inline:
            out += _flat(v, inline, keys)
        elif isinstance(v, dict):
            out.append((keys, TABLE_MARK, v))
        elif isinstance(v, list):
            out.append((keys, ARRAY_MARK, v))
        else:
            out.append((keys, "", v))
    return out


_WriteColumn = tuple[tuple[str, ...], str]  # (key path, mark)


def _columns(entries: list[dict[str, Any]]) -> tuple[list[_WriteColumn], set[tuple[str, ...]]]:
    """The columns of a sheet of entries, and the tables written as one TOML cell.

    A table's keys keep their order (the order of an initiative's activities is the
    order of the results): the columns under a table follow an order consistent with
    every entry's (merged as a topological order, ties by first appearance). A table
    whose keys come in contradicting orders in two entries is written as one TOML cell
    (``{}``) instead. A key holding a single value in one entry and a table in another
    gets a column for each."""
    inline: set[tuple[str, ...]] = set()
    while True:
        sequences: dict[tuple[str, ...], list[list[str]]] = {}
        marks: dict[tuple[str, ...], list[str]] = {}
        for entry in entries:
            _walk(entry, (), inline, sequences, marks)
        orders = {prefix: _merge(seqs) for prefix, seqs in sequences.items()}
        cycle = next((prefix for prefix, order in orders.items()
                      if order is None and prefix), None)
        if cycle is None:
            break
        inline.add(cycle)
    columns: list[_WriteColumn] = []

    def emit(prefix: tuple[str, ...]) -> None:
        order = orders[prefix] or list(dict.fromkeys(k for s in sequences[prefix] for k in s))
        for k in order:
            keys = (*prefix, k)
            columns.extend((keys, mark) for mark in marks.get(keys, []))
            if keys in orders:
                emit(keys)

    emit(())
    return columns, inline


def _walk(table: dict[str, Any], prefix: tuple[str, ...], inline: set[tuple[str, ...]],
          sequences: dict[tuple[str, ...], list[list[str]]],
          marks: dict[tuple[str, ...], list[str]]) -> None:
    """Record the order of each table's keys, and the kinds of value at each leaf."""
    sequences.setdefault(prefix, []).append(list(table))
    for k, v in table.items():
        keys = (*prefix, k)
        if isinstance(v, dict) and v and keys not in inline:
            _walk(v, keys, inline, sequences, marks)
        else:
            mark = (TABLE_MARK if isinstance(v, dict) else
                    ARRAY_MARK if isinstance(v, list) else "")
            if mark not in marks.setdefault(keys, []):
                marks[keys].append(mark)


def _merge(sequences: list[list[str]]) -> list[str] | None:
    """One order of the keys consistent with every sequence (ties by first appearance);
    None when two sequences contradict each other."""
    first = list(dict.fromkeys(k for seq in sequences for k in seq))
    after: dict[str, set[str]] = {k: set() for k in first}
    for seq in sequences:
        for a, b in itertools.pairwise(seq):
            after[b].add(a)
    out: list[str] = []
    left = list(first)
    while left:
        ready = next((k for k in left if not after[k] - set(out)), None)
        if ready is None:
            return None
        out.append(ready)
        left.remove(ready)
    return out


def _header(keys: tuple[str, ...], mark: str) -> str:
    return ".".join(_writer.key(k) for k in keys) + mark


def _cell(ws: Any, row: int, column: int, value: Any) -> None:
    """One cell; text as text (never a formula), arrays and tables as TOML."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, list | dict):
        text = _writer.value(value)
        value = text[1:-1] if isinstance(value, list) and text != "[]" else text
    illegal = ILLEGAL_CHARACTERS_RE.search(value) if isinstance(value, str) else None
    if illegal is not None:
        char = illegal.group()
        raise WorkbookError(say("xlsx.write.control", "{where}: the text {text} holds the "
                                "control character U+{code:04X}, which a spreadsheet cannot "
                                "hold", where=Cell(ws.title, row, column).describe(),
                                text=describe(value), code=ord(char)))
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # "=..." stays text


def _new_sheet(book: Any, name: str) -> Any:
    if len(name) > 31 or not name or re.search(r"[\[\]:*?/\\]", name):
        raise WorkbookError(say("xlsx.write.sheet_name", "'{name}' cannot name a sheet (at "
                                "most 31 characters, none of []:*?/\\)", name=clip(name)))
    return book.create_sheet(name)


def _bold_header(ws: Any, count: int) -> None:
    from openpyxl.styles import Font

    for c in range(1, count + 1):
        ws.cell(row=1, column=c).font = Font(bold=True)
    ws.freeze_panes = "A2"


def _key_value_sheet(book: Any, name: str, table: dict[str, Any]) -> None:
    ws = _new_sheet(book, name)
    _cell(ws, 1, 1, KEY)
    _cell(ws, 1, 2, VALUE)
    for r, (keys, mark, value) in enumerate(_flat(table, set()), start=2):
        _cell(ws, r, 1, _header(keys, mark))
        _cell(ws, r, 2, value)
    _bold_header(ws, 2)
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 60


def _rows_sheet(book: Any, name: str, entries: list[dict[str, Any]], *, keyed: bool) -> None:
    ws = _new_sheet(book, name)
    columns, inline = _columns(entries)
    if not keyed and columns and columns[0] == ((KEY,), ""):
        if len(columns) == 1:
            raise WorkbookError(say("xlsx.write.only_key", "{where}: entries with the one key "
                                    "'{name}' would read as a table of tables",
                                    where=Cell(name, 0).describe(), name=KEY))
        columns[0], columns[1] = columns[1], columns[0]
    for c, (keys, mark) in enumerate(columns, start=1):
        _cell(ws, 1, c, _header(keys, mark))
    at = {column: c for c, column in enumerate(columns, start=1)}
    for r, entry in enumerate(entries, start=2):
        for keys, mark, value in _flat(entry, inline):
            _cell(ws, r, at[keys, mark], value)
    _bold_header(ws, len(columns))
