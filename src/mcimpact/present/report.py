"""A self-contained HTML report for a council, in any language with a catalogue (Dutch by
default).

:func:`context` gathers what the report shows from a Monte Carlo summary (a
:class:`~mcimpact.analysis.types.Summary`), the sensitivity per financing scenario and
the figures; :func:`render` fills the template ``templates/report.html.j2`` (jinja2,
autoescaped: text from a scenario file cannot inject markup, and it passes
:func:`mcimpact.present.text.for_html`: no control characters; every word from the
locale's catalogue); :func:`check_targets` and :func:`write` put the page (and its PDF)
in place atomically (:mod:`mcimpact.run.output`). Figures are embedded as PNG data; the
page references nothing outside itself.
"""

from __future__ import annotations

import datetime as dt
import math
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import OutputError
from ..model.scenario import UNTAGGED
from ..run.output import atomic, check_target
from .locale import Locale, Scale, scale_for

if TYPE_CHECKING:
    from ..analysis.api import ReportResults
    from ..analysis.sensitivity import SensitivityReport
    from ..analysis.types import Distribution, FinancingSummary, Summary
    from ..model.scenario import Scenario
    from .sections import WhatChanged

#: What a report may be called.
SUFFIXES = (".html", ".htm")


@dataclass(frozen=True)
class Figure:
    stem: str
    title: str
    reading: str
    png: str  # data: URI


def context(
    scenario: Scenario,
    summary: Summary,
    sensitivity: Mapping[str, SensitivityReport] | None,
    point: float | None,
    *,
    locale: Locale | None = None,
    generated: dt.date | None = None,
    point_summary: Summary | None = None,
) -> dict[str, Any]:
    """Everything the template shows (numbers are formatted in the template).

    Parameters
    ----------
    scenario : Scenario
        The scenario that was run (descriptions, labels, assumptions).
    summary : Summary
        Of a Monte Carlo run; a deterministic one is a ValueError.
    sensitivity : mapping, optional
        {financing id: :class:`~mcimpact.analysis.sensitivity.SensitivityReport`}.
    point : float, optional
        The point estimate of the multiplier [EUR per EUR].
    locale : Locale, optional
        The report's language (default Dutch); it speaks of the run's currency.
    generated : date, optional
        The date the report names (default today).
    point_summary : Summary, optional
        The deterministic run (every input at its point value): the analysis's own
        figures, shown beside the simulations' median and interval in the key results.

    Every money table is written in one unit chosen from its magnitudes
    (:func:`~mcimpact.present.locale.scale_for`): a 50,000 investment in thousands, a
    regional programme in millions.
    """
    from . import figures
    from .html import png_data_uri

    if not summary.monte_carlo:
        raise ValueError("the report needs a Monte Carlo result, not a deterministic one")
    locale = (locale or Locale.get()).for_currency(summary.provenance.currency)
    if point is None and point_summary is not None:
        point = _finite_or_none(point_summary.ref.multiplier.mean)
    figs = figures.all_figures(summary, sensitivity, point=point, locale=locale)
    readings = {"by-period": {"period": period_words(scenario.meta.period_length, locale)}}
    embedded = []
    for stem, fig in figs.items():
        kind, _, fid = stem.partition("-")
        if kind in ("sensitivity", "tornado"):
            if fid != summary.reference:
                continue  # the report shows the reference scenario's sensitivity charts
            stem_key = kind
        else:
            stem_key = stem
        title = fig.get_suptitle() or stem
        if stem_key == "by-domain" and kompas_domains(scenario):
            stem_key = "by-domain-kompas"
        embedded.append(Figure(stem, title,
                               locale.text(f"reading.{stem_key}",
                                           **readings.get(stem_key, {})),
                               png_data_uri(fig)))
    day = generated or dt.date.today()
    labels_table = _labels_table(scenario)
    ref = summary.ref
    blocks = [summary.financing[f.id] for f in scenario.financing if f.id in summary.financing]
    comparisons = [c for c in summary.comparisons if c.b == summary.reference]
    key = [ref.benefits_total, ref.costs_total, ref.net_benefit]
    if point_summary is not None:
        pref = point_summary.ref
        key += [pref.benefits_total, pref.costs_total, pref.net_benefit]
    return {
        "lang": locale.code,
        "s": summary,
        "prov": summary.provenance,
        "ref": summary.ref,
        "ref_name": summary.labels.financing[summary.reference],
        "figures": {f.stem: f for f in embedded},
        "financing": [
            {"id": f.id, "name": f.name, "description": f.description,
             "block": summary.financing[f.id]}
            for f in scenario.financing if f.id in summary.financing
        ],
        "comparisons": comparisons,
        "scale_key": _scale(key),
        # One unit for both financing tables (their introduction names it once).
        "scale_financing": _scale([*(d for b in blocks for d in (b.costs_total,
                                                                 b.benefits_total)),
                                   *(d for c in comparisons for d in (
                                       c.costs_difference, c.net_benefit_difference))]),
        "point_ref": point_summary.ref if point_summary is not None else None,
        "tags": _tag_tables(ref, locale),
        "drivers": {fid: [summary.labels.activity.get(a, a) for a in r.ranking[:3]]
                    for fid, r in (sensitivity or {}).items()},
        "labels_table": labels_table,
        "label_words": label_words(labels_table),
        "uncertain": uncertain_inputs(scenario, locale),
        "method_key": "report.method" if arena_inputs(scenario) else "report.method_sroi",
        "meta": scenario.meta,
        "meta_cv": scenario.participants_cv,
        "point": point,
        "generated": day.isoformat(),
        "generated_text": locale.date(day),
        "headline": headline(summary, locale, point),
        "locale": locale,
    }


def context_of(scenario: Scenario, results: ReportResults, *, locale: Locale | None = None,
               recorded: tuple[Sequence[Any], Mapping[str, Any]] | None = None,
               generated: dt.date | None = None) -> dict[str, Any]:
    """The report's context of :func:`~mcimpact.analysis.api.report_results`: every
    section of the analyses it holds (:func:`context`, what the measurements changed with
    the posterior file's ``recorded`` data files and provenance, what to measure
    first)."""
    from ..analysis.update import curves
    from .decision_figures import report_section as measure_first
    from .update_report import report_section as what_changed

    ctx = context(scenario, results.summary, results.sensitivity, None, locale=locale,
                  generated=generated, point_summary=results.point)
    names = {f.id: f.name for f in scenario.financing}
    if results.changed is not None and recorded is not None:
        files, found = recorded
        ctx = with_what_changed(ctx, what_changed(
            results.changed, curves(results.changed.updates), files, found, names=names,
            locale=locale))
    first = results.measure_first
    if first is not None:
        ctx["measure_first"] = measure_first(first.decision, first.voi,
                                             labels=results.summary.labels,
                                             locale=locale, switching=first.switching)
    return ctx


def with_what_changed(ctx: Mapping[str, Any], section: WhatChanged) -> dict[str, Any]:
    """The context of a posterior scenario's report: ``section``
    (:func:`mcimpact.present.update_report.report_section`) as ``what_changed``, and its
    plain sentence also at the end of the headline."""
    return {**ctx, "what_changed": section,
            "headline": [*ctx["headline"], section.sentence]}


def headline(summary: Summary, locale: Locale | None = None,
             point: float | None = None) -> list[str]:
    """The report's opening sentences, for the reference financing scenario: the point
    estimate (the analysis's own multiplier, every input at its point value), when given,
    then the simulations' 90 % interval and median, named as such, each with one
    decimal."""
    locale = (locale or Locale.get()).for_currency(summary.provenance.currency)
    m, be = summary.ref.multiplier, summary.ref.break_even_year
    late = locale.text("after_horizon") if be.p95 is None else str(be.p95)
    first = [] if point is None else [locale.text("headline.point",
                                                  x=locale.number(point, 1))]
    return [
        *first,
        locale.text("headline.range", lo=locale.number(m.p5, 1), hi=locale.number(m.p95, 1),
                    mid=locale.number(m.p50, 1)),
        locale.text("headline.never") if be.p50 is None else
        locale.text("headline.year", year=be.p50, late=late),
        locale.text("headline.chance", p=locale.probability(m.probabilities.get("p_gt_1"))),
    ]


def _tag_tables(ref: FinancingSummary, locale: Locale) -> list[dict[str, Any]]:
    """A table per tag key: its name (the neighbourhood in the locale's word, another
    key literally), its unit and its members' names and benefits, largest first."""
    tables = []
    for key, breakdown in ref.benefits_by_tag.items():
        items = sorted(breakdown.items(),
                       key=lambda kv: -(kv[1].mean if math.isfinite(kv[1].mean) else 0.0))
        tables.append({
            "group": locale.text("term.group.neighbourhood") if key == "neighbourhood"
            else key,
            "scale": _scale(d for _, d in items),
            "rows": [(locale.text("term.untagged") if member == UNTAGGED else member, d)
                     for member, d in items]})
    return tables


def _finite_or_none(x: float) -> float | None:
    return x if math.isfinite(x) else None


def _scale(distributions: Iterable[Distribution]) -> Scale:
    """One unit for a table's money cells: from the medians and interval ends shown."""
    return scale_for((x for d in distributions for x in (d.p5, d.p50, d.p95, d.mean)),
                     lead=1.0)


def period_words(length: int, locale: Locale) -> str:
    """A breakdown period in words: "year", "five-year period", "period of 3 years"."""
    if length == 1:
        return locale.text("period.one")
    if length == 5:
        return locale.text("period.five")
    return locale.text("period.many", n=length)


def kompas_domains(scenario: Scenario) -> bool:
    """Whether the scenario's domains are the ten life domains of the Kompas van
    Groningen (the default), so the report may name the Kompas."""
    from ..model.scenario import DEFAULT_DOMAINS

    return bool(scenario.domains) and (
        tuple(d.id for d in scenario.domains) == tuple(d[0] for d in DEFAULT_DOMAINS))


#: The order in which the report names the uncertain inputs.
UNCERTAIN_ORDER = ("success_probability", "effect_size", "participants", "value", "duration",
                   "deadweight", "attribution", "displacement", "drop_off", "costs")


def uncertain_inputs(scenario: Scenario, locale: Locale) -> str:
    """The kinds of input that are uncertain somewhere in the scenario, in words and in
    :data:`UNCERTAIN_ORDER`: "success probabilities, effect sizes and participant
    counts"."""
    from ..model.scenario import INPUT_NAMES

    kinds = {name for chain in scenario.chains
             for name, inp in zip(INPUT_NAMES, chain.inputs, strict=False) if not inp.is_fixed}
    if any(getattr(i, "cost_inputs", ()) for i in scenario.initiatives):
        kinds.add("costs")
    words = [locale.text(f"uncertain.{k}") for k in UNCERTAIN_ORDER if k in kinds]
    if not words:
        return locale.text("uncertain.none")
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + locale.text("and") + words[-1]


def arena_inputs(scenario: Scenario) -> bool:
    """Whether any chain has a success probability or an effect size (an effecten-arena
    line) rather than only a count, a value and the SROI adjustments (both certain 1)."""
    return any(not (inp.is_fixed and inp.point == 1.0) for chain in scenario.chains
               for inp in (chain.success_probability, chain.effect_size))


def label_words(rows: Iterable[Mapping[str, Any]]) -> str:
    """The label words the scenario uses, by value, as the report quotes them: the first
    three and "…" for more ("laag, laag-middel, middel, …")."""
    words: list[str] = []
    for row in sorted(rows, key=lambda r: r["value"]):
        if row["label"] not in words:
            words.append(row["label"])
    return ", ".join(words[:3]) + (", …" if len(words) > 3 else "")


def _labels_table(scenario: Scenario) -> list[dict[str, Any]]:
    """Per label used for slagingskans or delta: its value and the Beta's 90 % interval."""
    from ..model.distributions import frozen

    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for chain in scenario.chains:
        for name in ("success_probability", "effect_size"):
            inp = getattr(chain, name)
            if inp.label is None or (name, inp.label) in rows:
                continue
            dist = frozen(inp) if not inp.is_fixed else None
            rows[name, inp.label] = {
                "input": name, "label": inp.label, "value": inp.point,
                "sd": float(dist.std()) if dist else 0.0,
                "p5": float(dist.ppf(0.05)) if dist else inp.point,
                "p95": float(dist.ppf(0.95)) if dist else inp.point,
            }
    return sorted(rows.values(), key=lambda r: (r["input"], r["value"]))


def render(ctx: Mapping[str, Any]) -> str:
    """The report page from :func:`context`."""
    from .html import jinja_environment

    return jinja_environment(ctx["locale"]).get_template("report.html.j2").render(**ctx)


def pdf_path(path: Path) -> Path:
    """Where ``--pdf`` puts the PDF of the report at ``path``: the same name, ``.pdf``."""
    return path.with_suffix(".pdf")


def check_targets(path: Path, *, force: bool, pdf: bool = False) -> None:
    """Fail early, before any work, on a report (and with ``pdf`` its PDF) that would not
    be written: see :func:`mcimpact.run.output.check_target`; a PDF also needs a
    headless Chromium."""
    check_target(path, force=force, suffixes=SUFFIXES)
    if pdf:
        check_target(pdf_path(path), force=force, suffixes=(".pdf",))
        if chromium() is None:
            raise OutputError("--pdf needs a headless Chromium on PATH (Debian: apt-get "
                              "install chromium)")


def write(html: str, path: Path, *, force: bool = False, pdf: bool = False) -> Path | None:
    """Write the page (and with ``pdf`` the same name with .pdf, printed by a headless
    Chromium from the page), each atomically; an existing file is replaced only with
    ``force``. Returns the PDF's path."""
    check_targets(path, force=force, pdf=pdf)
    with atomic(path, force=force) as staged:
        staged.write_text(html, encoding="utf-8")
        if pdf:  # printed from the staged page; in place before the page is
            with atomic(pdf_path(path), force=force) as staged_pdf:
                print_pdf(staged, staged_pdf)
    return pdf_path(path) if pdf else None


BROWSERS = ("chromium", "chromium-browser", "google-chrome")
# Headless, no sandbox (containers), no GPU, and nothing that reaches the network.
HEADLESS_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-default-apps", "--disable-sync", "--no-first-run")


def chromium() -> str | None:
    """A headless-capable Chromium on PATH, if any."""
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def print_pdf(html: Path, pdf: Path) -> None:
    """Print an HTML file to PDF with a headless Chromium (no network, no profile)."""
    browser = chromium()
    if browser is None:
        raise OutputError("--pdf needs a headless Chromium on PATH (Debian: apt-get install "
                          "chromium)")
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [browser, *HEADLESS_FLAGS, f"--user-data-dir={profile}", "--no-pdf-header-footer",
             f"--print-to-pdf={pdf}", html.resolve().as_uri()],
            capture_output=True, text=True, timeout=120, check=False)
    if result.returncode != 0 or not pdf.exists():
        raise OutputError(f"printing the PDF failed: {result.stderr.strip()[-500:]}")
