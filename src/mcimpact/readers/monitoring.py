"""Monitoring data (CSV) → a validated :class:`~mcimpact.model.monitoring.Monitoring`:
what was measured, per chain.

A monitoring file has one measurement per row, in the columns ``chain, year, measure,
value, n`` and optionally ``se``, ``note`` and ``pool`` (docs/monitoring.md):

- ``successes``: ``value`` successes among ``n`` people followed (binomial evidence on
  the chain's ``success_probability``);
- ``participants``: ``value`` people reached in cohort year ``year`` (Poisson evidence
  on the mean of the chain's ``participants`` count);
- ``effect``: ``value`` an estimated effect size with standard error ``se`` (normal
  evidence on the chain's ``effect_size``).

A row may name an activity (``initiative:activity``) instead of a chain: it then applies
to each chain of that activity. ``successes`` rows with the same ``pool`` name pool their
chains' success probabilities (a hierarchical beta–binomial, :func:`mcimpact.analysis.
update.pooled`). The file is checked against the scenario it will update,
and every problem — of the header and of every row — is located by file, line and column
and reported in one pass, as for scenario files (:class:`~mcimpact.errors.ScenarioError`).

A file whose header has ``;`` and no ``,`` is a spreadsheet's CSV in a language with a
decimal comma: its cells are separated by ``;`` and its numbers may have a decimal comma
(``0,42``). The file is data: it is parsed, never evaluated.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem, ScenarioError
from ..model.monitoring import MEASURES, Monitoring, Observation
from ..model.scenario import MAX_COUNT, Chain, Scenario
from ._files import MAX_FILE_BYTES as MAX_FILE_BYTES  # the limit of docs/monitoring.md
from ._files import read_file
from ._locate import clip

REQUIRED = ("chain", "year", "measure", "value", "n")
OPTIONAL = ("se", "note", "pool")
def load(path: str | Path, scenario: Scenario) -> Monitoring:
    """Read and check a monitoring file against the scenario it is to update.

    Raises
    ------
    ScenarioError
        Listing every problem, each with the file, the line and the column.
    """
    name = str(path)
    raw = read_file(name, expected="a .csv file", kind="monitoring file")
    try:
        text = raw.decode("utf-8-sig")  # a spreadsheet's byte-order mark is accepted
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ScenarioError([Problem(name, f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); "
                                     "save the file as UTF-8 CSV", line=line)]) from None
    return parse(text, scenario, name, hashlib.sha256(raw).hexdigest())


#: The separator of the columns where the header has it (and no comma): a spreadsheet's
#: CSV in a language with a decimal comma (Dutch Excel's "CSV (puntkomma-gescheiden)"),
#: whose numbers may then have a decimal comma (``0,42``).
SEMICOLON = ";"


@dataclass(frozen=True)
class _Text:
    """The rows of a file's text that are not empty or a comment (``#`` first): (line,
    cells), or (line, the problem) for a line that is no CSV row; and its separator."""

    rows: list[tuple[int, list[str] | str]]
    delimiter: str


def _split(text: str) -> _Text:
    lines = text.split("\n")
    header = next((ln for ln in lines if ln.strip() and not ln.lstrip().startswith("#")), "")
    delimiter = SEMICOLON if SEMICOLON in header and "," not in header else ","
    rows: list[tuple[int, list[str] | str]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            cells = next(csv.reader(io.StringIO(line), delimiter=delimiter, strict=True), [])
        except csv.Error as exc:
            rows.append((number, f"not a CSV row: {exc} (a quoted cell must end on its own "
                                 "line)"))
            continue
        rows.append((number, [c.strip() for c in cells]))
    return _Text(rows, delimiter)


def parse(text: str, scenario: Scenario, path: str = "<string>",
          sha256: str | None = None) -> Monitoring:
    """Check monitoring CSV text against a scenario (see :func:`load`); every problem of
    the header and the rows is reported together."""
    if "\x00" in text:
        raise ScenarioError([Problem(path, "the file contains a NUL character; it is not "
                                     "a CSV text file", line=text.count("\n", 0,
                                                                       text.index("\x00")) + 1)])
    split = _split(text)
    if not split.rows:
        raise ScenarioError([Problem(path, "the file has no header; expected the columns "
                                     + ", ".join(REQUIRED) + " (and optionally se, note, pool)",
                                     line=1)])
    header_line, header = split.rows[0]
    if isinstance(header, str):  # without its header no row can be read
        raise ScenarioError([Problem(path, header, line=header_line)])
    columns, problems = _columns(header, header_line, path)
    reader = _Reader(scenario, path, columns, len(header), split.delimiter == SEMICOLON,
                     problems)
    for line, cells in split.rows[1:]:
        if isinstance(cells, str):
            problems.append(Problem(path, cells, line=line))
        else:
            reader.row(line, cells)
    reader.check_pools()
    if problems:
        raise ScenarioError(problems)
    if not reader.observations:
        raise ScenarioError([Problem(path, "the file has no measurements (only a header)",
                                     line=header_line)])
    digest = sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
    order = {c.id: i for i, c in enumerate(scenario.chains)}
    observations = sorted(reader.observations,
                          key=lambda o: (order[o.chain], list(MEASURES).index(o.measure)))
    return Monitoring(path, digest, len(split.rows) - 1, tuple(observations))


def _columns(header: list[str], line: int, path: str
             ) -> tuple[dict[str, int], list[Problem]]:
    """The index of each known column of the header, and the header's problems."""
    problems: list[Problem] = []
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        key = name.lower()
        if key not in REQUIRED + OPTIONAL:
            problems.append(Problem(path, f"unknown column '{clip(name)}'; expected "
                                    f"{', '.join(REQUIRED + OPTIONAL)}", line=line,
                                    entry=f"header, column {index + 1}"))
        elif key in columns:
            problems.append(Problem(path, f"column '{key}' given twice", line=line,
                                    entry=f"header, column {index + 1}"))
        else:
            columns[key] = index
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        problems.append(Problem(path, f"missing column{'s' if len(missing) > 1 else ''} "
                                f"{', '.join(missing)}; the header needs "
                                f"{', '.join(REQUIRED)} (and optionally se, note, pool)",
                                line=line, entry="header"))
    return columns, problems


@dataclass
class _Row:
    """One data row: its cells by column name, and where its problems go. A problem of a
    required column the header lacks is not reported (the header's problem says it)."""

    line: int
    cells: list[str]
    columns: dict[str, int]
    path: str
    problems: list[Problem]
    decimal_comma: bool = False  # numbers may have a decimal comma (a ';' file)

    def cell(self, name: str) -> str:
        index = self.columns.get(name)
        return self.cells[index] if index is not None and index < len(self.cells) else ""

    def bad(self, column: str, message: str) -> None:
        if column in REQUIRED and column not in self.columns:
            return
        self.problems.append(Problem(self.path, message, line=self.line,
                                     entry=f"column '{column}'"))

    def whole(self, column: str, *, required: bool = True, least: int = 0) -> int | None:
        """A whole number ≥ ``least`` (at most MAX_COUNT) from a cell; None after a
        problem."""
        text = self.cell(column)
        if not text:
            if required:
                self.bad(column, "missing value")
            return None
        try:
            number = float(self._decimal(text)) if not text.isdigit() else int(text)
        except ValueError:
            self.bad(column, f"expected a whole number, got '{clip(text)}'{self._hint(text)}")
            return None
        if not math.isfinite(number) or number != int(number):
            self.bad(column, f"expected a whole number, got '{clip(text)}'"
                     f"{self._hint(text)}")
            return None
        if number < least:
            what = "a negative count" if number < 0 else f"at least {least}"
            self.bad(column, f"expected a whole number >= {least}, got {clip(text)} "
                     f"({what})")
            return None
        if number > MAX_COUNT:
            self.bad(column, f"{clip(text)} is beyond the largest count, "
                     f"MAX_COUNT = 2**53 = {MAX_COUNT}")
            return None
        return int(number)

    def number(self, column: str, *, positive: bool = False) -> float | None:
        """A finite number (> 0 if ``positive``) from a cell; None after a problem."""
        text = self.cell(column)
        if not text:
            self.bad(column, "an effect needs its standard error se (> 0)" if column == "se"
                     else "missing value")
            return None
        try:
            number = float(self._decimal(text))
        except ValueError:
            self.bad(column, f"expected a number, got '{clip(text)}'{self._hint(text)}")
            return None
        if not math.isfinite(number):
            self.bad(column, f"expected a finite number, got '{clip(text)}'")
            return None
        if positive and not number > 0:
            self.bad(column, f"expected a number > 0, got {clip(text)}")
            return None
        return number

    def _decimal(self, text: str) -> str:
        """A number's text with its decimal comma as a point, in a ';' file."""
        if self.decimal_comma and text.count(",") == 1 and "." not in text:
            return text.replace(",", ".")
        return text

    def _hint(self, text: str) -> str:
        """What to do about a number that does not read: a decimal comma where the
        separator is ',' (it can only be a point there); a thousands separator."""
        if not self.decimal_comma:
            return "; use a decimal point" if "," in text else ""
        if "," in text or re.fullmatch(r"[+-]?[0-9]{1,3}(?:\.[0-9]{3})+", text):
            return "; write the number without a thousands separator"
        return ""


Measured = tuple[float, int | None, float | None]  # (value, n, se) of a row


@dataclass
class _Reader:
    """The rows of one file checked against the scenario, one after the other: the
    observations, and every problem."""

    scenario: Scenario
    path: str
    columns: dict[str, int]
    width: int  # the header's columns
    decimal_comma: bool  # a ';' file: numbers may have a decimal comma
    problems: list[Problem] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)
    counted: dict[tuple[str, int], int] = field(default_factory=dict)  # → its count's line
    pools: dict[str, tuple[str, int]] = field(default_factory=dict)  # chain → (pool, line)

    def __post_init__(self) -> None:
        self.chains = {c.id: c for c in self.scenario.chains}
        self.activities: dict[str, list[Chain]] = {}
        for c in self.scenario.chains:
            self.activities.setdefault(c.activity_key, []).append(c)

    def row(self, line: int, cells: list[str]) -> None:
        """One data row: its observations, or its problems. Each cell is checked that
        can be; what depends on a cell with a problem is not."""
        if len(cells) > self.width:
            self.problems.append(Problem(self.path, f"{len(cells)} cells, but the header "
                                         f"has {self.width} columns", line=line))
            return
        row = _Row(line, cells, self.columns, self.path, self.problems, self.decimal_comma)
        targets = self._targets(row)
        measure = row.cell("measure")
        if measure not in MEASURES:
            row.bad("measure", f"unknown measure '{clip(measure)}'; expected one of: "
                    f"{', '.join(MEASURES)}")
        year = self._year(row)
        if measure not in MEASURES:  # what the other cells should hold is unknown
            return
        measured = _MEASURED[measure](row)
        pool = _pool(row, measure)
        for c in targets:
            self._observe(row, c, measure, year, measured, pool)

    def _targets(self, row: _Row) -> list[Chain]:
        """The chains the row is on: its chain, or each chain of its activity."""
        target = row.cell("chain")
        if target in self.chains:
            return [self.chains[target]]
        if target in self.activities:
            return self.activities[target]
        if not target:
            row.bad("chain", "a chain id (or an activity, initiative:activity) is needed")
            return []
        close = difflib.get_close_matches(target, [*self.chains, *self.activities], n=3)
        known = close or list(self.chains)[:8]
        more = ", …" if not close and len(self.chains) > 8 else ""
        row.bad("chain", f"unknown chain or activity '{clip(target)}'; expected a chain "
                f"id or an activity as initiative:activity ("
                f"{'closest: ' if close else 'e.g. '}{', '.join(known)}{more})")
        return []

    def _year(self, row: _Row) -> int | None:
        meta = self.scenario.meta
        year = row.whole("year")
        if year is not None and not meta.start_year <= year <= meta.end_year:
            row.bad("year", f"year {year} outside the horizon "
                    f"{meta.start_year}–{meta.end_year}")
            return None
        return year

    def _observe(self, row: _Row, c: Chain, measure: str, year: int | None,
                 measured: Measured | None, pool: str | None) -> None:
        """The row's observation on chain ``c``, unless the chain cannot take it (each
        check whose cells are good) or a cell has a problem."""
        input_name = MEASURES[measure]
        inp = getattr(c, input_name)
        if inp.is_fixed:
            fixed = inp.p["value"]
            row.bad("measure", f"chain '{c.id}': its {input_name} is fixed at {fixed:g}, and "
                    "a fixed input cannot learn from data; give it a label or a "
                    "distribution in the scenario")
            return
        if measure == "participants" and year is not None:
            first = self.counted.get((c.id, year))
            if first is not None:
                row.bad("year", f"chain '{c.id}': the participants of cohort year {year} "
                        f"are already given on line {first}")
                return
            self.counted[c.id, year] = row.line
        if measure == "successes" and pool is not None:
            before = self.pools.setdefault(c.id, (pool, row.line))
            if before[0] != pool:
                row.bad("pool", f"chain '{c.id}': every successes row of a chain needs the "
                        f"same pool; line {before[1]} gives "
                        f"{repr(before[0]) if before[0] else 'none'}, this row "
                        f"{repr(pool) if pool else 'none'}")
                return
        if year is None or measured is None or pool is None:
            return
        value, n, se = measured
        self.observations.append(Observation(row.line, row.cell("chain"), c.id, year,
                                             measure, float(value), n, se, row.cell("note"),
                                             self.path, pool))

    def check_pools(self) -> None:
        """Every pool has two chains at least."""
        members: dict[str, list[str]] = {}
        for chain_id, (pool, _) in self.pools.items():
            if pool:
                members.setdefault(pool, []).append(chain_id)
        for pool, ids in members.items():
            if len(ids) < 2:
                self.problems.append(Problem(
                    self.path, f"pool '{pool}' has one chain ('{ids[0]}'); a pool needs at "
                    "least two chains to borrow strength from", line=self.pools[ids[0]][1],
                    entry="column 'pool'"))


def _successes(row: _Row) -> Measured | None:
    value = row.whole("value")
    n = row.whole("n", least=1)
    if row.cell("se"):
        row.bad("se", "only an effect takes a standard error; leave se empty")
    if value is not None and n is not None and value > n:
        row.bad("value", f"{value} successes among n = {n} people followed; successes "
                "cannot exceed n")
        return None
    return None if value is None or n is None else (value, n, None)


def _participants(row: _Row) -> Measured | None:
    value = row.whole("value")
    if row.cell("n"):
        row.bad("n", "a participants count takes no n; leave it empty")
    if row.cell("se"):
        row.bad("se", "only an effect takes a standard error; leave se empty")
    return None if value is None else (value, None, None)


def _effect(row: _Row) -> Measured | None:
    value = row.number("value")
    se = row.number("se", positive=True)
    n = row.whole("n", least=1) if row.cell("n") else None
    if row.cell("n") and n is None:
        return None
    return None if value is None or se is None else (value, n, se)


# What each measure's row holds: its value, n and se, checked.
_MEASURED: dict[str, Callable[[_Row], Measured | None]] = {
    "successes": _successes, "participants": _participants, "effect": _effect}


def _pool(row: _Row, measure: str) -> str | None:
    """The row's pool ("" for none); None when its name is wrong."""
    pool = row.cell("pool")
    if pool and measure != "successes":
        row.bad("pool", "only successes can be pooled; leave pool empty")
        pool = ""
    if pool and not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", pool):
        row.bad("pool", f"a pool name must match ^[a-z0-9][a-z0-9_-]*$, got '{clip(pool)}'")
        return None
    return pool
