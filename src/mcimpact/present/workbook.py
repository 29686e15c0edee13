"""The summary of a run as tables for a spreadsheet: ``sim --out summary.xlsx`` (every
table, one sheet each) or ``sim --out summary.csv`` (the headline table); see
docs/results.md#summary-tables.

The tables are laid out from the summary's JSON (docs/json-schema.md), so every figure
the JSON gains appears here too:

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
from pathlib import Path
from typing import Any

from ..run import output
from .text import clean

SUFFIXES = (".xlsx", ".csv")
Table = tuple[list[str], list[list[Any]]]  # (header, rows)


def check_target(path: Path, force: bool) -> None:
    """Fail early (:class:`~mcimpact.errors.OutputError`) on a target that would not be
    written."""
    output.check_target(path, force=force, suffixes=SUFFIXES)


#: Keys that make a table one figure's statistics (a Monte Carlo run's), not a breakdown.
STATISTICS = ("mean", "p50", "p_never", "ratio_of_means")


def _is_stats(item: dict[str, Any]) -> bool:
    return any(key in item for key in STATISTICS)


def _label(labels: dict[str, Any], group: str, key: str) -> dict[str, Any]:
    """The name columns of one group's row."""
    named = labels.get(group, {}).get(key)
    if isinstance(named, dict):
        return {f"name_{lang}": name for lang, name in named.items()}
    return {"name": named} if named is not None else {}


#: The headline's first columns (after the financing scenario): the analysis' figures.
HEADLINE_FIRST = ("multiplier", "net_benefit", "benefits_total", "costs_total")


def _year(key: str) -> int | str:
    """A breakdown's key: a year (JSON keys are text) as a number."""
    return int(key) if key.isascii() and key.isdigit() and len(key) == 4 else key


def _group(key: str, item: dict[str, Any], labels: dict[str, Any]) -> str:
    """The group a breakdown is by: ``benefits_by_domain`` → ``domain``; else the group
    whose labels name every row (``added_years`` → ``initiative``), else ``group``."""
    if "_by_" in key:
        return key.rpartition("_by_")[2]
    return next((g for g, names in labels.items()
                 if isinstance(names, dict) and set(item) <= set(names)), "group")


def tables(summary: dict[str, Any]) -> dict[str, Table]:
    """The summary tables of a summary's JSON (``Summary.to_json()``), by sheet name."""
    labels = summary.get("labels", {})
    headline: list[dict[str, Any]] = []
    breakdowns: dict[str, list[dict[str, Any]]] = {}
    by_year: list[dict[str, Any]] = []
    for fid, block in summary.get("financing", {}).items():
        row: dict[str, Any] = {"financing": fid, "name": block.get("name")}
        for key, item in block.items():
            if not isinstance(item, dict):
                row[key] = item  # a deterministic run's figure
            elif key == "benefits_by_tag":  # {tag key: {tag value: figure}}
                rows = breakdowns.setdefault(key, [])
                for tag, members in item.items():
                    for member, stats in members.items():
                        values = _flat(stats) if isinstance(stats, dict) else {"value": stats}
                        rows.append({"financing": fid, "tag": tag, "tag_value": member,
                                     **values})
            elif not _is_stats(item):  # a breakdown: by year, group or period
                group = _group(key, item, labels)
                rows = breakdowns.setdefault(key, [])
                for gid, stats in item.items():
                    values = _flat(stats) if isinstance(stats, dict) else {"value": stats}
                    rows.append({"financing": fid, group: _year(gid),
                                 **_label(labels, group, gid), **values})
            else:
                for stat, value in item.items():
                    if isinstance(value, dict) and stat == "p_by_year":
                        by_year += [{"financing": fid, "year": _year(year), "p_break_even_by": p}
                                    for year, p in value.items()]
                    elif not isinstance(value, dict | list):
                        row[f"{key}.{stat}"] = value
        first = [k for k in row if k.split(".")[0] in HEADLINE_FIRST]
        first.sort(key=lambda k: HEADLINE_FIRST.index(k.split(".")[0]))
        headline.append({k: row[k] for k in ["financing", "name", *first, *row]})
    out = {"headline": _table(headline)}
    out.update({name[:31]: _table(rows) for name, rows in breakdowns.items()})
    if by_year:
        out["break_even_by_year"] = _table(by_year)
    comparisons = [_flat(c) for c in summary.get("comparisons", [])]
    if comparisons:
        out["comparisons"] = _table(comparisons)
    # The top of the JSON repeats the reference's figures (for readers of its first
    # version): the about sheet keeps what is not a financing scenario's figure.
    figures = set(next(iter(summary.get("financing", {}).values()), {}))
    about = _flat({k: v for k, v in summary.items()
                   if k not in figures | {"financing", "comparisons", "labels"}})
    out["about"] = (["key", "value"], [[k, v] for k, v in about.items()])
    return out


def _flat(item: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in item.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(_flat(v, key + "."))
        elif isinstance(v, list) and all(not isinstance(x, dict | list) for x in v):
            out[key] = ", ".join(str(x) for x in v)
        elif not isinstance(v, list):
            out[key] = v
    return out


def _table(rows: list[dict[str, Any]]) -> Table:
    header = list(dict.fromkeys(k for row in rows for k in row))
    return header, [[row.get(k) for k in header] for row in rows]


def _number(value: Any) -> Any:
    """A cell's value: a finite number, text or a boolean (an array as its items)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, list | tuple):
        return ", ".join(str(x) for x in value)
    if isinstance(value, dict):
        return str(value)
    return value


def write(summary: dict[str, Any], path: Path, *, force: bool = False) -> None:
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
    text = clean(text, breaks="\n", tabs="\t")
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
            cell = ws.cell(row=1, column=c, value=clean(text))
            cell.data_type = "s"
            cell.font = Font(bold=True)
        for r, row in enumerate(rows, start=2):
            for c, value in enumerate(row, start=1):
                value = _number(value)
                if isinstance(value, str):
                    ws.cell(row=r, column=c, value=clean(value, breaks="\n", tabs="\t")
                            ).data_type = "s"
                elif value is not None:
                    ws.cell(row=r, column=c, value=value)
        ws.freeze_panes = "B2" if name != "about" else "A2"
    with exact_numbers():
        book.save(path)
