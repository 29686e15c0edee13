"""The workbench's one door to :mod:`mcimpact.present`: every word, number format, figure,
report, workbook and JSON the page shows or hands out is made here, from the typed
results of the analyses, by the renderers the command line uses.

Keep every call into ``present/`` in this module: when the renderers change their
signatures, this is the one file to adapt. The page gets plain JSON: text (shown by the
browser as text, never as markup), numbers, and figures as ``data:`` URIs of SVG (drawn
by matplotlib with its text as paths: nothing in them is script or markup of the page).
"""

from __future__ import annotations

import math
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..present.locale import DEFAULT_LANGUAGE, Locale, languages
from ..present.text import clean, for_json

if TYPE_CHECKING:
    from ..analysis.api import ReportResults
    from ..analysis.types import Distribution, Summary
    from ..errors import Problem
    from ..model.scenario import Scenario

__all__ = ["DEFAULT_LANGUAGE", "Locale", "can_print_pdf", "figure_uri", "languages",
           "live_view", "page_texts", "problems", "report_html", "report_pdf",
           "results_view", "summary_json", "summary_workbook", "words"]

#: The rows of a breakdown table in the page (largest first).
TOP_ROWS = 12


def words(lang: str, currency: str = "EUR") -> Locale:
    """The locale of ``lang`` (the default language where it has no catalogue)."""
    code = lang if lang in languages() else DEFAULT_LANGUAGE
    return Locale.get(code).for_currency(currency)


def page_texts(locale: Locale) -> dict[str, str]:
    """Every text of the page (the catalogue's ``app.*`` keys, with their
    ``{placeholders}`` for the page to fill), and the language names for the switch."""
    texts = {k: v for k, v in locale.texts.items() if k.startswith("app.")}
    for code in languages():
        texts[f"language.{code}"] = Locale.get(code).name
    texts["term.error"] = locale.text("term.error")
    return texts


def problems(found: Sequence[Problem], total: int, locale: Locale) -> dict[str, Any]:
    """A scenario's problems as the command line shows them (one line each, the file,
    the line or sheet/row/column, the entry and the field; then how many there were),
    with each problem's place for the page to point at its cell."""
    import re

    items = []
    for p in found:
        place = re.match(r"(chains|initiatives|financing)\[(\d+)\]", p.entry or "")
        items.append({"text": clean(locale.problem(p), breaks="\n"), "file": p.file,
                      "line": p.line,
                      "entry": p.entry, "field": p.field,
                      "table": place.group(1) if place else None,
                      "index": int(place.group(2)) if place else None})
    n = total or len(items)
    return {"items": items, "count": locale.text(
        "term.problems_one" if n == 1 else "term.problems", n=n)}


def figure_uri(fig: Any) -> str:
    """A figure as an SVG ``data:`` URI (its text drawn as paths, deterministic ids)."""
    from ..present.html import svg_data_uri

    return svg_data_uri(fig)


def _figure(key: str, fig: Any, reading: str = "") -> dict[str, str]:
    return {"id": key, "title": fig.get_suptitle() or key, "reading": reading,
            "src": figure_uri(fig)}


def _interval(locale: Locale, d: Distribution, decimals: int = 2) -> str:
    return (f"{locale.number(d.p50, decimals)} [{locale.number(d.p5, decimals)} – "
            f"{locale.number(d.p95, decimals)}]")


def live_view(summary: Summary, locale: Locale) -> dict[str, Any]:
    """What the live what-if redraws: the headline's sentences on the simulations, the
    fan chart and the multiplier's distribution, and the multiplier's interval."""
    from ..present import figures
    from ..present.report import headline

    locale = locale.speaking_of(summary)
    m = summary.ref.multiplier
    return {
        "headline": headline(summary, locale),
        "multiplier": {"p5": m.p5, "p50": m.p50, "p95": m.p95, "mean": m.mean,
                       "text": _interval(locale, m)},
        "draws": summary.provenance.draws,
        "figures": [_figure("fan", figures.fan_chart(summary, locale=locale)),
                    _figure("multiplier", figures.multiplier_chart(summary, locale=locale))],
    }


def _scaled_rows(locale: Locale, items: Iterable[tuple[str, Distribution]]
                 ) -> dict[str, Any]:
    """Rows (name, median, 90 % interval) of a money breakdown, largest first, in one
    unit."""
    from ..present.locale import scale_for

    ranked = sorted(items, key=lambda kv: -(kv[1].mean if math.isfinite(kv[1].mean) else 0))
    scale = scale_for((x for _, d in ranked for x in (d.p5, d.p50, d.p95)), lead=1.0)
    return {"unit": locale.unit(scale),
            "rows": [[name, locale.scaled(d.p50, scale),
                      f"{locale.scaled(d.p5, scale)} – {locale.scaled(d.p95, scale)}"]
                     for name, d in ranked[:TOP_ROWS]],
            "more": max(0, len(ranked) - TOP_ROWS)}


def results_view(scenario: Scenario, results: ReportResults,
                 locale: Locale) -> dict[str, Any]:
    """Everything a full run shows: the headline as the report says it, the key figures
    per financing scenario, the report's figures (fan chart, multiplier, break-even,
    breakdowns, initiatives, financing difference, the sensitivity ranking and the
    tornado), the breakdowns by activity and by tag, and with several financing
    scenarios the decision between them (P(best), the acceptability curve) and what to
    measure first."""
    from ..present import figures
    from ..present.decision_figures import report_section
    from ..present.report import headline

    s = results.summary
    locale = locale.speaking_of(s)
    mean = results.point.ref.multiplier.mean
    point = mean if math.isfinite(mean) else None
    drawn = figures.all_figures(s, results.sensitivity,
                                point=figures.point_multipliers(results.point), locale=locale)
    shown = []
    for stem, fig in drawn.items():
        kind, _, fid = stem.partition("-")
        if kind in ("sensitivity", "tornado") and fid != s.reference:
            continue
        shown.append(_figure(stem, fig))
    ref = s.ref
    labels = s.labels
    financing = [[labels.financing[fid], _interval(locale, b.multiplier),
                  locale.money_short(b.costs_total.mean),
                  locale.money_short(b.benefits_total.mean),
                  locale.year_or_never(b.break_even_year.p50),
                  locale.probability(b.multiplier.probabilities.get("p_gt_1"))]
                 for fid, b in s.financing.items()]
    activity = _scaled_rows(locale, ((labels.activity.get(k, k), d)
                                     for k, d in ref.benefits_by_activity.items()))
    tags = [{"key": locale.text("term.group.neighbourhood") if key == "neighbourhood"
             else key, **_scaled_rows(locale, breakdown.items())}
            for key, breakdown in ref.benefits_by_tag.items()]
    view: dict[str, Any] = {
        "headline": headline(s, locale, point),
        "draws": s.provenance.draws, "seed": s.provenance.seed,
        "reference": labels.financing[s.reference],
        "financing": financing, "activity": activity, "tags": tags,
        "figures": shown, "measure_first": None, "ranking": [],
    }
    if results.sensitivity is not None and s.reference in results.sensitivity:
        ranking = results.sensitivity[s.reference].ranking
        view["ranking"] = [labels.activity.get(a, a) for a in ranking[:TOP_ROWS]]
    first = results.measure_first
    if first is not None:
        section = report_section(first.decision, first.voi, labels=labels, locale=locale,
                                 switching=first.switching)
        view["measure_first"] = {
            "title": section.title, "sentences": list(section.sentences),
            "figure": {"png": section.figure.png, "title": section.figure.title,
                       "reading": section.figure.reading},
            "tables": [{"id": name, "caption": table.caption, "header": list(table.header),
                        "rows": [list(row) for row in table.rows]}
                       for name, table in (("options", section.options),
                                           ("evppi", section.evppi), ("evsi", section.evsi),
                                           ("switching", section.switching))
                       if table is not None]}
    return view


# -- what the analyst takes home ------------------------------------------------------------

def report_html(scenario: Scenario, results: ReportResults, locale: Locale,
                recorded: tuple[Sequence[Any], Mapping[str, Any]] | None = None) -> str:
    """The council report of ``mcimpact report`` (the same renderer, the same page)."""
    from ..present import report as reporting

    return reporting.render(reporting.context_of(scenario, results, locale=locale,
                                                 recorded=recorded))


def can_print_pdf() -> bool:
    """Whether a headless Chromium is there to print the report as PDF."""
    from ..present.report import chromium

    return chromium() is not None


def report_pdf(html: str) -> bytes:
    """The report printed to PDF by a headless Chromium (``mcimpact report --pdf``)."""
    from ..present.report import print_pdf

    with tempfile.TemporaryDirectory(prefix="mcimpact-app-") as folder:
        page, pdf = Path(folder) / "report.html", Path(folder) / "report.pdf"
        page.write_text(html, encoding="utf-8")
        print_pdf(page, pdf)
        return pdf.read_bytes()


def summary_json(summary: Summary, scenario: Scenario) -> str:
    """The JSON of ``mcimpact sim --json`` for this summary (what the model cuts from
    ``scenario`` included)."""
    from ..model.clamps import clamps
    from ..readers.posterior import provenance

    found = provenance(scenario.text)
    return for_json({**summary.to_json(), "clamps": [c.to_json() for c in clamps(scenario)],
                     **({} if found is None else {"posterior": found})})


def summary_workbook(summary: Summary) -> bytes:
    """The summary tables of ``mcimpact sim --out summary.xlsx``."""
    from ..present import workbook

    with tempfile.TemporaryDirectory(prefix="mcimpact-app-") as folder:
        path = Path(folder) / "summary.xlsx"
        workbook.write(summary, path)
        return path.read_bytes()
