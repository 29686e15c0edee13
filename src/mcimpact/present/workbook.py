"""The summary of a run as tables for a spreadsheet: ``sim --out summary.xlsx`` (every
table, one sheet each) or ``sim --out summary.csv`` (the headline table); see
docs/results.md#summary-tables.

The tables are laid out from the typed :class:`~mcimpact.analysis.types.Summary`, with the
names and statistics of its JSON (docs/json-schema.md): every figure of a financing
scenario is in :data:`FIGURES`, which a test holds to the fields of
:class:`~mcimpact.analysis.types.FinancingSummary`, so a figure the summary gains appears
here too:

- ``headline``: one row per financing scenario; a column per statistic of each total
  (``multiplier.mean``, ``multiplier.p5``, ``multiplier.p_gt_1``, ``net_benefit.p50``,
  ``break_even_year.p50``, ``break_even_year.p_never``, ...);
- one sheet per breakdown (``benefits_by_year``, ``benefits_by_initiative``,
  ``cost_claim_by_domain``, ...): a row per financing scenario and group, with the
  group's name;
- ``break_even_by_year``: the probability of having broken even by each year;
- ``comparisons``: one row per pair of financing scenarios;
- ``about``: the scenario, its SHA-256, the version, mode, draws, seed and currency.

Scenario text is written literally as text cells (never a formula); in CSV a text cell
that a spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``, ``@``) is
preceded by ``'``, as spreadsheets themselves do.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..analysis.types import BREAKDOWNS, BY_YEAR, QUANTILES, SCALARS, clean
from ..run import output
from .text import clean as clean_text

if TYPE_CHECKING:
    from ..analysis.types import (
        Breakdown,
        BreakEven,
        Comparison,
        Distribution,
        FinancingSummary,
        Incremental,
        Labels,
        Summary,
    )

SUFFIXES = (".xlsx", ".csv")
Table = tuple[list[str], list[list[Any]]]  # (header, rows)


def check_target(path: Path, force: bool) -> None:
    """Fail early (:class:`~mcimpact.errors.OutputError`) on a target that would not be
    written."""
    output.check_target(path, force=force, suffixes=SUFFIXES)


#: The headline's first columns (after the financing scenario): the analysis' figures.
HEADLINE_FIRST = ("multiplier", "net_benefit", "benefits_total", "costs_total")
#: Every figure of a financing scenario, in the order of its JSON (the ``name`` is a
#: column of its own; the multiplier's histogram is not in the JSON).
FIGURES = ("break_even_year", "payback_years", *BY_YEAR, *SCALARS, *BREAKDOWNS,
           "benefits_by_tag")
#: The group a breakdown is by (its rows' ids): the dimension of the results dataset.
GROUPS = {**dict.fromkeys(BY_YEAR, "year"), **BREAKDOWNS}


def _year(key: str) -> int | str:
    """A breakdown's key: a year (JSON keys are text) as a number."""
    return int(key) if key.isascii() and key.isdigit() and len(key) == 4 else key


def _statistics(d: Distribution, prefix: str = "") -> dict[str, Any]:
    """A figure's cells: its value (a point run), or its mean, sd, MCSE, quantiles and
    probabilities, each named ``prefix`` + the statistic's JSON name."""
    if d.point:
        return {prefix.rstrip(".") or "value": clean(d.mean)}
    return {f"{prefix}{name}": value for name, value in (
        ("mean", clean(d.mean)), ("sd", clean(d.sd)), ("mcse", clean(d.mcse)),
        *((q, clean(getattr(d, q))) for q in QUANTILES), *d.probabilities.items())}


def _break_even(be: BreakEven) -> dict[str, Any]:
    """The break-even year's headline cells (its probabilities by year are a sheet)."""
    if be.point:
        return {"break_even_year": be.p50}
    return {**{f"break_even_year.{q}": be.quantile(q) for q in QUANTILES},
            "break_even_year.p_never": be.p_never}


def _names(labels: Labels, group: str, key: str) -> dict[str, Any]:
    """The name columns of one group's row: ``name``, or one per language of a
    beneficiary group's or domain's names (``name_nl``, ``name_en``, …)."""
    if group in ("beneficiary", "domain"):
        named: Mapping[str, str] | None = getattr(labels, group).get(key)
        return {} if named is None else {f"name_{lang}": n for lang, n in named.items()}
    if group in ("initiative", "activity"):
        name = getattr(labels, group).get(key)
        return {} if name is None else {"name": name}
    return {}


def _breakdown(fid: str, group: str, breakdown: Breakdown, labels: Labels
               ) -> list[dict[str, Any]]:
    return [{"financing": fid, group: _year(key), **_names(labels, group, key),
             **_statistics(d)} for key, d in breakdown.items()]


def _financing(fid: str, block: FinancingSummary, labels: Labels,
               sheets: dict[str, list[dict[str, Any]]], by_year: list[dict[str, Any]]
               ) -> dict[str, Any]:
    """The headline row of one financing scenario; its breakdowns into ``sheets``."""
    row: dict[str, Any] = {"financing": fid, "name": block.name}
    for key in FIGURES:
        figure = getattr(block, key)
        if key == "break_even_year":
            row |= _break_even(figure)
            if not figure.point:
                by_year += [{"financing": fid, "year": year, "p_break_even_by": p}
                            for year, p in figure.p_by_year.items()]
        elif key == "payback_years":
            if figure is not None:
                row |= _statistics(figure, f"{key}.")
        elif key in SCALARS:
            row |= _statistics(figure, f"{key}.")
        elif key == "benefits_by_tag":
            if figure:
                sheets.setdefault(key, []).extend(
                    {"financing": fid, "tag": tag, "tag_value": member, **_statistics(d)}
                    for tag, members in figure.items() for member, d in members.items())
        else:
            sheets.setdefault(key, []).extend(_breakdown(fid, GROUPS[key], figure, labels))
    first = [k for k in row if k.split(".")[0] in HEADLINE_FIRST]
    first.sort(key=lambda k: HEADLINE_FIRST.index(k.split(".")[0]))
    return {k: row[k] for k in ["financing", "name", *first, *row]}


def _incremental(inc: Incremental) -> dict[str, Any]:
    key = "incremental_multiplier"
    if inc.point:
        return {key: inc.ratio_of_means}
    out = {f"{key}.ratio_of_means": inc.ratio_of_means, f"{key}.mcse": inc.mcse}
    if inc.per_draw is not None:
        out |= {f"{key}.{q}": clean(getattr(inc.per_draw, q)) for q in QUANTILES}
        out[f"{key}.draws"] = inc.draws
    return out


def _comparison(c: Comparison) -> dict[str, Any]:
    row: dict[str, Any] = {"a": c.a, "b": c.b}
    for key in ("net_benefit_difference", "benefits_difference", "costs_difference"):
        row |= _statistics(getattr(c, key), f"{key}.")
    if c.p_multiplier_greater is not None or not c.net_benefit_difference.point:
        row |= {"p_multiplier_greater": c.p_multiplier_greater,
                "p_net_benefit_greater": c.p_net_benefit_greater}
    return row | _incremental(c.incremental_multiplier)


def _about(summary: Summary) -> list[list[Any]]:
    """What identifies the run, as the top of its JSON names it."""
    p = summary.provenance
    rows: list[list[Any]] = [
        ["scenario.name", p.scenario_name], ["scenario.path", p.scenario_path],
        ["scenario.sha256", p.scenario_sha256], ["mcimpact_version", p.version],
        ["mode", p.mode], ["draws", p.draws], ["currency", p.currency],
        ["years", ", ".join(str(y) for y in p.years)]]
    if p.discount_year is not None:
        rows += [["time_convention", p.time_convention], ["discount_year", p.discount_year]]
    if p.seed is not None:
        rows.append(["seed", p.seed])
    if p.precision is not None:
        rows += [["precision", p.precision], ["precision_reached", p.precision_reached]]
    return [*rows, ["reference", summary.reference]]


def tables(summary: Summary) -> dict[str, Table]:
    """The summary tables of a run's summary, by sheet name."""
    headline: list[dict[str, Any]] = []
    sheets: dict[str, list[dict[str, Any]]] = {}
    by_year: list[dict[str, Any]] = []
    for fid, block in summary.financing.items():
        headline.append(_financing(fid, block, summary.labels, sheets, by_year))
    out = {"headline": _table(headline)}
    out.update({name[:31]: _table(rows) for name, rows in sheets.items()})
    if by_year:
        out["break_even_by_year"] = _table(by_year)
    comparisons = [_comparison(c) for c in summary.comparisons]
    if comparisons:
        out["comparisons"] = _table(comparisons)
    out["about"] = (["key", "value"], _about(summary))
    return out


def _table(rows: list[dict[str, Any]]) -> Table:
    header = list(dict.fromkeys(k for row in rows for k in row))
    return header, [[row.get(k) for k in header] for row in rows]


def _number(value: Any) -> Any:
    """A cell's value: a finite number (NaN and infinities are empty cells), text or a
    boolean."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def write(summary: Summary, path: Path, *, force: bool = False) -> None:
    """Write the summary tables: every table to ``FILE.xlsx``, or the headline table to
    ``FILE.csv``; atomically (:func:`mcimpact.run.output.atomic`)."""
    check_target(path, force)
    made = tables(summary)
    with output.atomic(path, force=force) as staged:
        if path.suffix == ".csv":
            _write_csv(made["headline"], staged)
        else:
            _write_xlsx(made, staged)


def _write_csv(table: Table, path: Path) -> None:
    header, rows = table
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow([_csv_text(h) for h in header])
        for row in rows:
            writer.writerow(["" if v is None else _csv_text(v) if isinstance(v, str)
                             else repr(v) if isinstance(v, float) else v
                             for v in (_number(x) for x in row)])


def _csv_text(text: str) -> str:
    text = clean_text(text, breaks="\n", tabs="\t")
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _write_xlsx(made: dict[str, Table], path: Path) -> None:
    import openpyxl
    from openpyxl.styles import Font

    from ..readers.xlsx import exact_numbers

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, (header, rows) in made.items():
        ws = book.create_sheet(name)
        for c, text in enumerate(header, start=1):
            cell = ws.cell(row=1, column=c, value=clean_text(text))
            cell.data_type = "s"
            cell.font = Font(bold=True)
        for r, row in enumerate(rows, start=2):
            for c, value in enumerate(row, start=1):
                value = _number(value)
                if isinstance(value, str):
                    ws.cell(row=r, column=c, value=clean_text(value, breaks="\n", tabs="\t")
                            ).data_type = "s"
                elif value is not None:
                    ws.cell(row=r, column=c, value=value)
        ws.freeze_panes = "B2" if name != "about" else "A2"
    with exact_numbers():
        book.save(path)
