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

from ..errors import Problem, ScenarioError, say
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
    raw = read_file(name, expected=say("expected.csv", "a .csv file"),
                    kind=say("kind.monitoring", "monitoring file"))
    try:
        text = raw.decode("utf-8-sig")  # a spreadsheet's byte-order mark is accepted
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ScenarioError([Problem(name, say(
            "csv.not_utf8", "not UTF-8 text (byte 0x{byte:02x}); save the file as UTF-8 CSV",
            byte=raw[exc.start]), line=line)]) from None
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
            # what the CSV reader said, as it said it (English)
            rows.append((number, say("csv.row", "not a CSV row: {detail} (a quoted cell must "
                                     "end on its own line)", detail=str(exc))))
            continue
        rows.append((number, [c.strip() for c in cells]))
    return _Text(rows, delimiter)


def parse(text: str, scenario: Scenario, path: str = "<string>",
          sha256: str | None = None) -> Monitoring:
    """Check monitoring CSV text against a scenario (see :func:`load`); every problem of
    the header and the rows is reported together."""
    if "\x00" in text:
        raise ScenarioError([Problem(path, say("csv.nul", "the file contains a NUL "
                                               "character; it is not a CSV text file"),
                                     line=text.count("\n", 0, text.index("\x00")) + 1)])
    split = _split(text)
    if not split.rows:
        raise ScenarioError([Problem(path, say(
            "csv.no_header", "the file has no header; expected the columns {columns} (and "
            "optionally se, note, pool)", columns=", ".join(REQUIRED)), line=1)])
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
        raise ScenarioError([Problem(path, say("csv.no_rows", "the file has no measurements "
                                               "(only a header)"), line=header_line)])
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
            problems.append(Problem(path, say(
                "csv.unknown_column", "unknown column '{name}'; expected {columns}",
                name=clip(name), columns=", ".join(REQUIRED + OPTIONAL)), line=line,
                entry=say("csv.header_column", "header, column {n}", n=index + 1)))
        elif key in columns:
            problems.append(Problem(path, say("csv.column_twice", "column '{name}' given "
                                              "twice", name=key), line=line,
                                    entry=say("csv.header_column", "header, column {n}",
                                              n=index + 1)))
        else:
            columns[key] = index
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        needs = {"missing": ", ".join(missing), "columns": ", ".join(REQUIRED)}
        problems.append(Problem(path, say(
            "csv.missing_columns", "missing columns {missing}; the header needs {columns} "
            "(and optionally se, note, pool)", **needs) if len(missing) > 1 else say(
            "csv.missing_column", "missing column {missing}; the header needs {columns} "
            "(and optionally se, note, pool)", **needs),
            line=line, entry=say("csv.header", "header")))
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
                                     entry=say("csv.column", "column '{name}'", name=column)))

    def whole(self, column: str, *, required: bool = True, least: int = 0) -> int | None:
        """A whole number ≥ ``least`` (at most MAX_COUNT) from a cell; None after a
        problem."""
        text = self.cell(column)
        if not text:
            if required:
                self.bad(column, say("csv.missing", "missing value"))
            return None
        try:
            number = float(self._decimal(text)) if not text.isdigit() else int(text)
        except ValueError:
            self.bad(column, say("csv.whole", "expected a whole number, got '{got}'{hint}",
                                 got=clip(text), hint=self._hint(text)))
            return None
        if not math.isfinite(number) or number != int(number):
            self.bad(column, say("csv.whole", "expected a whole number, got '{got}'{hint}",
                                 got=clip(text), hint=self._hint(text)))
            return None
        if number < least:
            what = say("csv.negative", "a negative count") if number < 0 else say(
                "csv.at_least", "at least {least}", least=least)
            self.bad(column, say("csv.whole_least", "expected a whole number >= {least}, got "
                                 "{got} ({what})", least=least, got=clip(text), what=what))
            return None
        if number > MAX_COUNT:
            self.bad(column, say("beyond_count", "{got} is beyond the largest count, "
                                 "MAX_COUNT = 2**53 = {limit}", got=clip(text),
                                 limit=MAX_COUNT))
            return None
        return int(number)

    def number(self, column: str, *, positive: bool = False) -> float | None:
        """A finite number (> 0 if ``positive``) from a cell; None after a problem."""
        text = self.cell(column)
        if not text:
            self.bad(column, say("csv.needs_se", "an effect needs its standard error se "
                                 "(> 0)") if column == "se" else say("csv.missing",
                                                                     "missing value"))
            return None
        try:
            number = float(self._decimal(text))
        except ValueError:
            self.bad(column, say("csv.number", "expected a number, got '{got}'{hint}",
                                 got=clip(text), hint=self._hint(text)))
            return None
        if not math.isfinite(number):
            self.bad(column, say("csv.finite", "expected a finite number, got '{got}'",
                                 got=clip(text)))
            return None
        if positive and not number > 0:
            self.bad(column, say("csv.positive", "expected a number > 0, got {got}",
                                 got=clip(text)))
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
            return say("csv.decimal_point", "; use a decimal point") if "," in text else ""
        if "," in text or re.fullmatch(r"[+-]?[0-9]{1,3}(?:\.[0-9]{3})+", text):
            return say("csv.no_thousands", "; write the number without a thousands "
                       "separator")
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
            self.problems.append(Problem(self.path, say(
                "csv.width", "{n} cells, but the header has {width} columns", n=len(cells),
                width=self.width), line=line))
            return
        row = _Row(line, cells, self.columns, self.path, self.problems, self.decimal_comma)
        targets = self._targets(row)
        measure = row.cell("measure")
        if measure not in MEASURES:
            row.bad("measure", say("csv.unknown_measure", "unknown measure '{measure}'; "
                                   "expected one of: {known}", measure=clip(measure),
                                   known=", ".join(MEASURES)))
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
            row.bad("chain", say("csv.needs_chain", "a chain id (or an activity, "
                                 "initiative:activity) is needed"))
            return []
        close = difflib.get_close_matches(target, [*self.chains, *self.activities], n=3)
        known = close or list(self.chains)[:8]
        more = ", …" if not close and len(self.chains) > 8 else ""
        found = {"target": clip(target), "known": ", ".join(known), "more": more}
        row.bad("chain", say(
            "csv.unknown_chain_close", "unknown chain or activity '{target}'; expected a "
            "chain id or an activity as initiative:activity (closest: {known}{more})",
            **found) if close else say(
            "csv.unknown_chain", "unknown chain or activity '{target}'; expected a chain id "
            "or an activity as initiative:activity (e.g. {known}{more})", **found))
        return []

    def _year(self, row: _Row) -> int | None:
        meta = self.scenario.meta
        year = row.whole("year")
        if year is not None and not meta.start_year <= year <= meta.end_year:
            row.bad("year", say("year_outside", "year {year} outside the horizon {span}",
                                year=year, span=f"{meta.start_year}–{meta.end_year}"))
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
            row.bad("measure", say("csv.fixed", "chain '{chain}': its {input} is fixed at "
                                   "{value:g}, and a fixed input cannot learn from data; give "
                                   "it a label or a distribution in the scenario",
                                   chain=c.id, input=input_name, value=fixed))
            return
        if measure == "participants" and year is not None:
            first = self.counted.get((c.id, year))
            if first is not None:
                row.bad("year", say("csv.counted_twice", "chain '{chain}': the participants "
                                    "of cohort year {year} are already given on line {line}",
                                    chain=c.id, year=year, line=first))
                return
            self.counted[c.id, year] = row.line
        if measure == "successes" and pool is not None:
            before = self.pools.setdefault(c.id, (pool, row.line))
            if before[0] != pool:
                none = say("csv.no_pool", "none")
                row.bad("pool", say("csv.pool_differs", "chain '{chain}': every successes row "
                                    "of a chain needs the same pool; line {line} gives "
                                    "{before}, this row {pool}", chain=c.id, line=before[1],
                                    before=repr(before[0]) if before[0] else none,
                                    pool=repr(pool) if pool else none))
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
                    self.path, say("csv.pool_one", "pool '{pool}' has one chain ('{chain}'); "
                                   "a pool needs at least two chains to borrow strength from",
                                   pool=pool, chain=ids[0]), line=self.pools[ids[0]][1],
                    entry=say("csv.column", "column '{name}'", name="pool")))


def _successes(row: _Row) -> Measured | None:
    value = row.whole("value")
    n = row.whole("n", least=1)
    if row.cell("se"):
        row.bad("se", say("csv.se_unused", "only an effect takes a standard error; leave se "
                          "empty"))
    if value is not None and n is not None and value > n:
        row.bad("value", say("csv.successes_n", "{value} successes among n = {n} people "
                             "followed; successes cannot exceed n", value=value, n=n))
        return None
    return None if value is None or n is None else (value, n, None)


def _participants(row: _Row) -> Measured | None:
    value = row.whole("value")
    if row.cell("n"):
        row.bad("n", say("csv.n_unused", "a participants count takes no n; leave it empty"))
    if row.cell("se"):
        row.bad("se", say("csv.se_unused", "only an effect takes a standard error; leave se "
                          "empty"))
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
        row.bad("pool", say("csv.pool_unused", "only successes can be pooled; leave pool "
                            "empty"))
        pool = ""
    if pool and not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", pool):
        row.bad("pool", say("csv.pool_name", "a pool name must match {pattern}, got "
                            "'{pool}'", pattern="^[a-z0-9][a-z0-9_-]*$", pool=clip(pool)))
        return None
    return pool
