"""A self-contained HTML report for a council, in any language with a catalogue (Dutch by
default).

:func:`context` gathers what the report shows from the typed results of a run — a Monte
Carlo :class:`~mcimpact.analysis.types.Summary`, the point estimate, the
:class:`~mcimpact.analysis.sensitivity.SensitivityReport` per financing scenario — as a
:class:`~mcimpact.present.sections.ReportContext`: one typed section per part of the page,
each made by one function here (:func:`headline`, the key results, the figures, who
benefits, the financing scenarios, the drivers, the method, the provenance) or by the
renderer of its analysis (what the measurements changed:
:func:`mcimpact.present.update_report.report_section`; what to measure first:
:func:`mcimpact.present.decision_figures.report_section`); :func:`context_of` makes it
from :func:`~mcimpact.analysis.api.report_results`. :func:`render` fills the template
``templates/report.html.j2`` (jinja2, autoescaped: text from a scenario file cannot
inject markup, and it passes :func:`mcimpact.present.text.for_html`: no control
characters; every word from the locale's catalogue), which reads the sections'
attributes; :func:`check_targets` and :func:`write` put the page (and its PDF) in place
atomically (:mod:`mcimpact.run.output`). Figures are embedded as PNG data; the page
references nothing outside itself.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import OutputError
from ..model.scenario import SCALED_INPUTS, UNTAGGED
from ..run.output import atomic, check_target
from .locale import Locale, Scale, scale_for
from .sections import (
    Drivers,
    Figure,
    Financing,
    FinancingRow,
    Headline,
    KeyResults,
    LabelRow,
    Method,
    ReportContext,
    RunProvenance,
    Table,
    TagTable,
    WhatChanged,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure as Drawn

    from ..analysis.api import ReportResults
    from ..analysis.sensitivity import SensitivityReport
    from ..analysis.types import Distribution, FinancingSummary, Summary
    from ..model.scenario import Scenario

#: What a report may be called.
SUFFIXES = (".html", ".htm")


def context(
    scenario: Scenario,
    summary: Summary,
    sensitivity: Mapping[str, SensitivityReport] | None,
    point: float | None,
    *,
    locale: Locale | None = None,
    generated: dt.date | None = None,
    point_summary: Summary | None = None,
    drivers: Mapping[str, Sequence[str]] | None = None,
) -> ReportContext:
    """Every section of the report (numbers of the typed results are formatted in the
    template).

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
    drivers : mapping, optional
        {financing id: its activities by their share of the multiplier's variance,
        largest first}; default the rankings of ``sensitivity``.

    Every money table is written in one unit chosen from its magnitudes
    (:func:`~mcimpact.present.locale.scale_for`): a 50,000 investment in thousands, a
    regional programme in millions.
    """
    from . import figures

    if not summary.monte_carlo:
        raise ValueError("the report needs a Monte Carlo result, not a deterministic one")
    locale = (locale or Locale.get()).speaking_of(summary)
    if point is None and point_summary is not None:
        point = _finite_or_none(point_summary.ref.multiplier.mean)
    points = (point if point_summary is None
              else figures.point_multipliers(point_summary))
    drawn = figures.all_figures(summary, sensitivity, point=points, locale=locale)
    day = generated or dt.date.today()
    return ReportContext(
        locale=locale,
        headline=Headline(scenario.meta.name, summary.provenance.draws, locale.date(day),
                          tuple(headline(summary, locale, point))),
        key=_key_results(scenario, summary, point, point_summary, locale),
        figures=_figures(scenario, summary, drawn, locale),
        who=_tag_tables(summary.ref, locale),
        financing=_financing(scenario, summary),
        drivers=_drivers(summary, sensitivity, drivers),
        method=_method(scenario, summary, locale),
        provenance=RunProvenance(summary.provenance, day.isoformat()),
    )


def context_of(scenario: Scenario, results: ReportResults, *, locale: Locale | None = None,
               recorded: tuple[Sequence[Any], Mapping[str, Any]] | None = None,
               generated: dt.date | None = None) -> ReportContext:
    """The report's context of :func:`~mcimpact.analysis.api.report_results`: every
    section of the analyses it holds (:func:`context`, what the measurements changed with
    the posterior file's ``recorded`` data files and provenance, what to measure
    first)."""
    from ..analysis.update import curves
    from .decision_figures import report_section as measure_first
    from .update_report import report_section as what_changed

    ctx = context(scenario, results.summary, results.sensitivity, None, locale=locale,
                  generated=generated, point_summary=results.point, drivers=results.drivers)
    names = {f.id: f.name for f in scenario.financing}
    if results.changed is not None and recorded is not None:
        files, found = recorded
        ctx = with_what_changed(ctx, what_changed(
            results.changed, curves(results.changed.updates), files, found, names=names,
            locale=locale))
    first = results.measure_first
    if first is not None:
        ctx = dataclasses.replace(ctx, measure_first=measure_first(
            first.decision, first.voi, labels=results.summary.labels, locale=locale,
            switching=first.switching))
    return ctx


def with_what_changed(ctx: ReportContext, section: WhatChanged) -> ReportContext:
    """The context of a posterior scenario's report: ``section``
    (:func:`mcimpact.present.update_report.report_section`) as ``what_changed``, and its
    plain sentence also at the end of the headline."""
    opening = dataclasses.replace(ctx.headline,
                                  sentences=(*ctx.headline.sentences, section.sentence))
    return dataclasses.replace(ctx, what_changed=section, headline=opening)


#: Every multiplier of the report is written with this many decimals, as the report
#: the bundled scenario reconstructs writes it ("1 euro levert 3,60 euro op"): the
#: headline's, the key results' and the tables' figures read the same.
MULTIPLIER_DECIMALS = 2


def headline(summary: Summary, locale: Locale | None = None,
             point: float | None = None) -> list[str]:
    """The report's opening sentences, for the reference financing scenario: the point
    estimate (the analysis's own multiplier, every input at its point value), when given,
    then the simulations' 90 % interval and median, named as such, each with
    :data:`MULTIPLIER_DECIMALS`."""
    locale = (locale or Locale.get()).speaking_of(summary)
    m, be = summary.ref.multiplier, summary.ref.break_even_year
    late = locale.text("after_horizon") if be.p95 is None else str(be.p95)
    first = [] if point is None else [locale.text("headline.point",
                                                  x=locale.number(point, MULTIPLIER_DECIMALS))]
    if summary.provenance.time_convention == "sroi":  # an SROI analysis: its ratio by name
        which = "point" if point is not None else "median"
        first.append(locale.text("headline.sroi", x=locale.number(
            point if point is not None else m.p50, MULTIPLIER_DECIMALS),
            which=locale.text(f"headline.which_{which}")))
    return [
        *first,
        locale.text("headline.range", lo=locale.number(m.p5, MULTIPLIER_DECIMALS),
                    hi=locale.number(m.p95, MULTIPLIER_DECIMALS),
                    mid=locale.number(m.p50, MULTIPLIER_DECIMALS)),
        locale.text("headline.never") if be.p50 is None else
        locale.text("headline.year", year=be.p50, late=late),
        locale.text("headline.chance", p=locale.probability(m.probabilities.get("p_gt_1"))),
    ]


def _key_results(scenario: Scenario, summary: Summary, point: float | None,
                 point_summary: Summary | None, locale: Locale) -> KeyResults:
    """The introduction and the key-results table of the reference financing scenario."""
    ref = summary.ref
    key = [ref.benefits_total, ref.costs_total, ref.net_benefit]
    point_ref = None if point_summary is None else point_summary.ref
    if point_ref is not None:
        key += [point_ref.benefits_total, point_ref.costs_total, point_ref.net_benefit]
    shown = [f for f in scenario.financing if f.id in summary.financing]
    return KeyResults(
        name=summary.labels.financing[summary.reference], others=len(shown) - 1,
        point=point, uncertain=uncertain_inputs(scenario, locale),
        years=summary.provenance.years, draws=summary.provenance.draws, ref=ref,
        point_ref=point_ref, scale=_scale(key), initiatives=len(summary.labels.initiative))


def _figures(scenario: Scenario, summary: Summary, drawn: Mapping[str, Drawn],
             locale: Locale) -> dict[str, Figure]:
    """The figures embedded in the page, each with how to read it; of the sensitivity
    charts only the reference scenario's."""
    from .html import png_data_uri

    readings = {"by-period": {"period": period_words(scenario.meta.period_length, locale)}}
    embedded = {}
    for stem, fig in drawn.items():
        kind, _, fid = stem.partition("-")
        if kind in ("sensitivity", "tornado"):
            if fid != summary.reference:
                continue  # the report shows the reference scenario's sensitivity charts
            stem_key = kind
        else:
            stem_key = stem
        title = fig.get_suptitle() or stem
        embedded[stem] = Figure(stem, title,
                                locale.text(f"reading.{stem_key}",
                                            **readings.get(stem_key, {})),
                                png_data_uri(fig))
    return embedded


def _financing(scenario: Scenario, summary: Summary) -> Financing | None:
    """The financing scenarios side by side, with two or more: their figures and the
    paired comparisons with the reference, in one unit for both tables (their
    introduction names it once)."""
    shown = [f for f in scenario.financing if f.id in summary.financing]
    if len(shown) < 2:
        return None
    rows = tuple(FinancingRow(f.id, f.name, f.description, summary.financing[f.id])
                 for f in shown)
    comparisons = tuple((summary.labels.financing[c.a], c) for c in summary.comparisons
                        if c.b == summary.reference)
    scale = _scale([*(d for r in rows for d in (r.block.costs_total, r.block.benefits_total)),
                    *(d for _, c in comparisons for d in (c.costs_difference,
                                                          c.net_benefit_difference))])
    return Financing(summary.labels.financing[summary.reference], rows, comparisons, scale)


def _drivers(summary: Summary, sensitivity: Mapping[str, SensitivityReport] | None,
             rankings: Mapping[str, Sequence[str]] | None = None) -> Drivers | None:
    """What drives the uncertainty: the reference's sensitivity figures and the three
    activities that drive it most per financing scenario (``rankings``, default those of
    the sensitivity reports)."""
    if not sensitivity:
        return None
    names = summary.labels
    if rankings is None:
        rankings = {fid: r.ranking for fid, r in sensitivity.items()}
    return Drivers(
        figures=(f"sensitivity-{summary.reference}", f"tornado-{summary.reference}"),
        top=tuple((names.financing[fid], tuple(names.activity.get(a, a)
                                                for a in ranking[:3]))
                  for fid, ranking in rankings.items()))


def _method(scenario: Scenario, summary: Summary, locale: Locale) -> Method:
    """Assumptions and method, as the scenario gives them; what the model cuts from it in
    the words of ``locale`` (which speaks of the scenario's currency)."""
    from ..model.clamps import clamps
    from .clamps import clamp_text

    rows = _labels_table(scenario)
    rates = scenario.meta.discount_rates
    arena = arena_inputs(scenario)
    return Method(
        method_key="report.method" if arena else "report.method_sroi",
        discounted=bool(rates) and max(rates) > 0,
        last_year=summary.provenance.years[1], labels=rows, label_words=label_words(rows),
        labels_head=labels_head(rows, locale),
        participants_cv=scenario.participants_cv,
        several_financing=len(scenario.financing) > 1,
        description=scenario.meta.description, source=scenario.meta.source,
        discount_rate=rate_words(rates, locale), discount_year=scenario.meta.discount_year,
        fixed_numbers=fixed_items(scenario, locale), spread_setting=SPREAD_SETTING,
        impact_map=None if arena else impact_map(scenario, locale),
        clamps=tuple(clamp_text(c, locale, scenario) for c in clamps(scenario)))


#: What a scenario writes to spread its plain numbers (docs/scenario-format.md).
SPREAD_SETTING = '[uncertainty] numbers = "label-spread"'


def fixed_items(scenario: Scenario, locale: Locale) -> str:
    """The inputs with a label scale that chains give as fixed numbers, in words ("the
    success probability of 3 of 8 chains and the deadweight of 1 of 8 chains"), or ""
    (:func:`mcimpact.model.scenario.fixed_numbers`)."""
    from ..model.scenario import fixed_numbers

    return locale.listing([locale.text("fixed.item", input=locale.text(f"input.{name}"),
                                       n=n, total=total)
                           for name, n, total in fixed_numbers(scenario)])


def rate_words(rates: Sequence[float], locale: Locale) -> str:
    """The discount rate as the report states it: one rate ("3,5 %"), a schedule from
    its first rate to its last ("van 2,25 % tot 1,5 %"), or "" without discounting."""
    if not rates or max(rates) <= 0:
        return ""

    def percent(rate: float) -> str:  # as many decimals as the rate has, at most two
        decimals = next(d for d in (0, 1, 2) if abs(round(rate * 100, d) - rate * 100) < 1e-9
                        or d == 2)
        return locale.percent(rate, decimals)

    if len(set(rates)) == 1:
        return percent(rates[0])
    return locale.text("report.rate_schedule", first=percent(rates[0]), last=percent(rates[-1]))


def impact_map(scenario: Scenario, locale: Locale) -> Table:
    """An SROI scenario's impact map at the point values, one row per outcome of the
    file (the SROI guide's stage 4): the stakeholder, the outcome, the quantity, the
    financial proxy, the duration, the deadweight, attribution, displacement and drop-off,
    and the impact in the outcome's first year (quantity × proxy × (1 − deadweight) ×
    (1 − attribution) × (1 − displacement))."""
    locale = locale.for_currency(scenario.meta.currency)
    t = locale.text
    groups = {g.id: g for g in scenario.beneficiaries}
    rows, seen = [], set()
    for chain in scenario.chains:
        own = chain.parent or chain.id  # a count per cohort year: the file's one outcome
        if own in seen:
            continue
        seen.add(own)
        adj = chain.adjustments
        proxy = locale.money(chain.value.point)
        group = groups.get(chain.beneficiary)
        rows.append((
            group.name(locale.code) if group is not None else chain.beneficiary,
            chain.effect or chain.result or own,
            locale.number(chain.participants.point),
            f"{proxy} ({chain.value_name})" if chain.value_name else proxy,
            locale.number(chain.profile.point_duration),
            *(locale.percent(x.point) for x in adj.inputs),
            locale.money(chain.participants.point * chain.value.point * adj.factor)))
    header = tuple(t(f"report.map.{k}") for k in (
        "stakeholder", "outcome", "quantity", "proxy", "duration", "deadweight", "attribution",
        "displacement", "drop_off", "impact"))
    return Table(t("report.map.caption"), header, tuple(rows), frozenset(range(2, 10)))


def _tag_tables(ref: FinancingSummary, locale: Locale) -> tuple[TagTable, ...]:
    """A table per tag key: its name (the neighbourhood in the locale's word, another
    key literally), its unit and its members' names and benefits, largest first."""
    tables = []
    for key, breakdown in ref.benefits_by_tag.items():
        items = sorted(breakdown.items(),
                       key=lambda kv: -(kv[1].mean if math.isfinite(kv[1].mean) else 0.0))
        tables.append(TagTable(
            locale.text("term.group.neighbourhood") if key == "neighbourhood" else key,
            _scale(d for _, d in items),
            tuple((locale.text("term.untagged") if member == UNTAGGED else member, d)
                  for member, d in items)))
    return tuple(tables)


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
    return locale.listing(words) if words else locale.text("uncertain.none")


def arena_inputs(scenario: Scenario) -> bool:
    """Whether any chain has a success probability or an effect size (an effecten-arena
    line) rather than only a count, a value and the SROI adjustments (both certain 1)."""
    return any(not (inp.is_fixed and inp.point == 1.0) for chain in scenario.chains
               for inp in (chain.success_probability, chain.effect_size))


def labels_head(rows: Iterable[LabelRow], locale: Locale) -> str:
    """What the label words score, as the report's sentence opens: "Success probability
    and delta" in an arena, else the inputs in words ("Success probabilities and
    attributions")."""
    inputs = [name for name in UNCERTAIN_ORDER if name in {r.input for r in rows}]
    if set(inputs) <= set(SCALED_INPUTS):
        return locale.text("report.labels_head")
    words = locale.listing([locale.text(f"uncertain.{name}") for name in inputs])
    return words[:1].upper() + words[1:]


def label_words(rows: Iterable[LabelRow]) -> str:
    """The label words the scenario uses, by value, as the report quotes them: the first
    three and "…" for more ("laag, laag-middel, middel, …")."""
    words: list[str] = []
    for row in sorted(rows, key=lambda r: r.value):
        if row.label not in words:
            words.append(row.label)
    return ", ".join(words[:3]) + (", …" if len(words) > 3 else "")


def _labels_table(scenario: Scenario) -> tuple[LabelRow, ...]:
    """Per label word used for an input (slagingskans and delta in an arena, any input on
    a scale of the file's own): its value and the Beta's 90 % interval."""
    from ..model.distributions import frozen
    from ..model.scenario import INPUT_NAMES

    rows: dict[tuple[str, str], LabelRow] = {}
    for chain in scenario.chains:
        for name, inp in zip(INPUT_NAMES, chain.inputs, strict=True):
            if inp.label is None or (name, inp.label) in rows:
                continue
            dist = frozen(inp) if not inp.is_fixed else None
            rows[name, inp.label] = LabelRow(
                name, inp.label, inp.point,
                float(dist.ppf(0.05)) if dist else inp.point,
                float(dist.ppf(0.95)) if dist else inp.point)
    return tuple(sorted(rows.values(), key=lambda r: (r.input, r.value)))


def render(ctx: ReportContext) -> str:
    """The page of :func:`context`: the template reads each section as a variable of its
    name (and the page's language as ``lang``)."""
    from .html import jinja_environment

    sections = {f.name: getattr(ctx, f.name) for f in dataclasses.fields(ctx)}
    return jinja_environment(ctx.locale).get_template("report.html.j2").render(
        lang=ctx.locale.code, **sections)


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
            raise OutputError(reason="no-chromium")


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
        raise OutputError(reason="no-chromium")
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [browser, *HEADLESS_FLAGS, f"--user-data-dir={profile}", "--no-pdf-header-footer",
             f"--print-to-pdf={pdf}", html.resolve().as_uri()],
            capture_output=True, text=True, timeout=120, check=False)
    if result.returncode != 0 or not pdf.exists():
        raise OutputError(reason="pdf-failed", detail=result.stderr.strip()[-500:])
