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
and every problem is located by file, line and column, as for scenario files
(:class:`~mcimpact.errors.ScenarioError`). The file is data: it is parsed, never
evaluated.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import math
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from ..errors import Problem, ScenarioError
from ..model.monitoring import MEASURES, Monitoring, Observation
from ..model.scenario import MAX_COUNT, Chain, Scenario
from ._files import MAX_FILE_BYTES as MAX_FILE_BYTES  # the limit of docs/monitoring.md
from ._files import read_file

REQUIRED = ("chain", "year", "measure", "value", "n")
OPTIONAL = ("se", "note", "pool")
# Text shown of a value in a message [characters].
MAX_SHOWN = 60


def _clip(text: str) -> str:
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


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


def _rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) of each row that is not empty or a comment (``#`` first)."""
    lines = text.split("\n")
    header = next((ln for ln in lines if ln.strip() and not ln.lstrip().startswith("#")), "")
    delimiter = ";" if ";" in header and "," not in header else ","
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            cells = next(csv.reader(io.StringIO(line), delimiter=delimiter, strict=True), [])
        except csv.Error as exc:
            raise ScenarioError([Problem("", f"not a CSV row: {exc} (a quoted cell must "
                                         "end on its own line)", line=number)]) from None
        yield number, [c.strip() for c in cells]


def parse(text: str, scenario: Scenario, path: str = "<string>",
          sha256: str | None = None) -> Monitoring:
    """Check monitoring CSV text against a scenario (see :func:`load`)."""
    problems: list[Problem] = []
    if "\x00" in text:
        raise ScenarioError([Problem(path, "the file contains a NUL character; it is not "
                                     "a CSV text file", line=text.count("\n", 0,
                                                                       text.index("\x00")) + 1)])
    try:
        rows = list(_rows(text))
    except ScenarioError as exc:
        raise ScenarioError([Problem(path, p.message, line=p.line)
                             for p in exc.problems]) from None
    if not rows:
        raise ScenarioError([Problem(path, "the file has no header; expected the columns "
                                     + ", ".join(REQUIRED) + " (and optionally se, note, pool)",
                                     line=1)])
    header_line, header = rows[0]
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        key = name.lower()
        if key not in REQUIRED + OPTIONAL:
            problems.append(Problem(path, f"unknown column '{_clip(name)}'; expected "
                                    f"{', '.join(REQUIRED + OPTIONAL)}", line=header_line,
                                    entry=f"header, column {index + 1}"))
        elif key in columns:
            problems.append(Problem(path, f"column '{key}' given twice", line=header_line,
                                    entry=f"header, column {index + 1}"))
        else:
            columns[key] = index
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        problems.append(Problem(path, f"missing column{'s' if len(missing) > 1 else ''} "
                                f"{', '.join(missing)}; the header needs "
                                f"{', '.join(REQUIRED)} (and optionally se, note, pool)",
                                line=header_line, entry="header"))
    if problems:
        raise ScenarioError(problems)

    chains = {c.id: c for c in scenario.chains}
    activities: dict[str, list[Chain]] = {}
    for c in scenario.chains:
        activities.setdefault(c.activity_key, []).append(c)
    meta = scenario.meta
    observations: list[Observation] = []
    counted: dict[tuple[str, int], int] = {}  # (chain, cohort year) → line of its count
    pools: dict[str, tuple[str, int]] = {}  # chain → (its pool, the line that set it)
    n_rows = 0
    for line, cells in rows[1:]:
        n_rows += 1

        def cell(name: str, cells: list[str] = cells) -> str:
            index = columns.get(name)
            return cells[index] if index is not None and index < len(cells) else ""

        def bad(column: str, message: str, line: int = line) -> None:
            problems.append(Problem(path, message, line=line, entry=f"column '{column}'"))

        if len(cells) > len(header):
            problems.append(Problem(path, f"{len(cells)} cells, but the header has "
                                    f"{len(header)} columns", line=line))
            continue
        target, measure = cell("chain"), cell("measure")
        if target in chains:
            targets = [chains[target]]
        elif target in activities:
            targets = activities[target]
        else:
            targets = []
            if not target:
                bad("chain", "a chain id (or an activity, initiative:activity) is needed")
            else:
                close = difflib.get_close_matches(target, [*chains, *activities], n=3)
                known = close or list(chains)[:8]
                more = ", …" if not close and len(chains) > 8 else ""
                bad("chain", f"unknown chain or activity '{_clip(target)}'; expected a chain "
                    f"id or an activity as initiative:activity ("
                    f"{'closest: ' if close else 'e.g. '}{', '.join(known)}{more})")
        if measure not in MEASURES:
            bad("measure", f"unknown measure '{_clip(measure)}'; expected one of: "
                f"{', '.join(MEASURES)}")
            continue
        year = _whole(cell("year"), "year", bad, required=True)
        if year is not None and not meta.start_year <= year <= meta.end_year:
            bad("year", f"year {year} outside the horizon {meta.start_year}–{meta.end_year}")
            year = None
        value_text, n_text, se_text = cell("value"), cell("n"), cell("se")
        n = se = None
        value: float | None
        if measure == "successes":
            value = _whole(value_text, "value", bad, required=True)
            n = _whole(n_text, "n", bad, required=True, least=1)
            if se_text:
                bad("se", "only an effect takes a standard error; leave se empty")
            if value is not None and n is not None and value > n:
                bad("value", f"{value} successes among n = {n} people followed; successes "
                    "cannot exceed n")
                value = None
        elif measure == "participants":
            value = _whole(value_text, "value", bad, required=True)
            if n_text:
                bad("n", "a participants count takes no n; leave it empty")
            if se_text:
                bad("se", "only an effect takes a standard error; leave se empty")
        else:
            value = _number(value_text, "value", bad)
            se = _number(se_text, "se", bad, positive=True)
            if n_text:
                n = _whole(n_text, "n", bad, required=True, least=1)
        pool = cell("pool")
        if pool and measure != "successes":
            bad("pool", "only successes can be pooled; leave pool empty")
            pool = ""
        if pool and not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", pool):
            bad("pool", f"a pool name must match ^[a-z0-9][a-z0-9_-]*$, got '{_clip(pool)}'")
            continue
        if not targets or year is None or value is None or (measure == "successes" and n is None) \
                or (measure == "effect" and se is None):
            continue
        input_name = MEASURES[measure]
        for c in targets:
            inp = getattr(c, input_name)
            if inp.is_fixed:
                fixed = inp.p["value"]
                bad("measure", f"chain '{c.id}': its {input_name} is fixed at {fixed:g}, and a "
                    "fixed input cannot learn from data; give it a label or a distribution "
                    "in the scenario")
                continue
            if measure == "participants":
                first = counted.get((c.id, year))
                if first is not None:
                    bad("year", f"chain '{c.id}': the participants of cohort year {year} are "
                        f"already given on line {first}")
                    continue
                counted[c.id, year] = line
            if measure == "successes":
                before = pools.setdefault(c.id, (pool, line))
                if before[0] != pool:
                    bad("pool", f"chain '{c.id}': every successes row of a chain needs the "
                        f"same pool; line {before[1]} gives "
                        f"{repr(before[0]) if before[0] else 'none'}, this row "
                        f"{repr(pool) if pool else 'none'}")
                    continue
            observations.append(Observation(line, target, c.id, year, measure, float(value),
                                            n, se, cell("note"), path, pool))
    members: dict[str, list[str]] = {}
    for chain_id, (pool, _) in pools.items():
        if pool:
            members.setdefault(pool, []).append(chain_id)
    for pool, ids in members.items():
        if len(ids) < 2:
            problems.append(Problem(path, f"pool '{pool}' has one chain ('{ids[0]}'); a pool "
                                    "needs at least two chains to borrow strength from",
                                    line=pools[ids[0]][1], entry="column 'pool'"))
    if problems:
        raise ScenarioError(problems)
    if not observations:
        raise ScenarioError([Problem(path, "the file has no measurements (only a header)",
                                     line=header_line)])
    digest = sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
    order = {c.id: i for i, c in enumerate(scenario.chains)}
    observations.sort(key=lambda o: (order[o.chain], list(MEASURES).index(o.measure)))
    return Monitoring(path, digest, n_rows, tuple(observations))


Bad = Callable[[str, str], None]  # bad(column, message) records a problem of the row


def _whole(text: str, column: str, bad: Bad, *, required: bool, least: int = 0
           ) -> int | None:
    """A whole number ≥ ``least`` (at most MAX_COUNT) from a cell; None after a problem."""
    if not text:
        if required:
            bad(column, "missing value")
        return None
    try:
        number = float(text) if not text.isdigit() else int(text)
    except ValueError:
        bad(column, f"expected a whole number, got '{_clip(text)}'"
            + ("; use a decimal point" if "," in text else ""))
        return None
    if not math.isfinite(number) or number != int(number):
        bad(column, f"expected a whole number, got '{_clip(text)}'")
        return None
    if number < least:
        what = "a negative count" if number < 0 else f"at least {least}"
        bad(column, f"expected a whole number >= {least}, got {_clip(text)} "
            f"({what})")
        return None
    if number > MAX_COUNT:
        bad(column, f"{_clip(text)} is beyond the largest count, "
            f"MAX_COUNT = 2**53 = {MAX_COUNT}")
        return None
    return int(number)


def _number(text: str, column: str, bad: Bad, *, positive: bool = False) -> float | None:
    """A finite number (> 0 if ``positive``) from a cell; None after a problem."""
    if not text:
        need = "an effect needs its standard error se (> 0)" if column == "se" else \
            "missing value"
        bad(column, need)
        return None
    try:
        number = float(text)
    except ValueError:
        bad(column, f"expected a number, got '{_clip(text)}'"
            + ("; use a decimal point" if "," in text else ""))
        return None
    if not math.isfinite(number):
        bad(column, f"expected a finite number, got '{_clip(text)}'")
        return None
    if positive and not number > 0:
        bad(column, f"expected a number > 0, got {_clip(text)}")
        return None
    return number
