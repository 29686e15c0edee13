"""The terminal's view of a run: rich tables of a :class:`~mcimpact.analysis.types.Summary`
and of a sensitivity report, error messages, notes and a progress bar.

Everything is written to a :class:`rich.console.Console` the caller owns (the CLI's
stdout and stderr, made by :func:`console`). Text from a scenario (names, descriptions,
file contents in error messages) is shown literally on any console: every string passes
:func:`mcimpact.present.text.for_terminal` (escape sequences and control characters
removed) and reaches rich as a :class:`rich.text.Text`, never as a string, so console
markup (``[bold]``) and emoji shortcodes (``:100:``) in it are printed as typed. The
terminal speaks the language of the locale it is given (English by default) and the
run's currency, each table in the unit its magnitudes ask for; beneficiary groups and
domains are named in the language given (Dutch by default, as in the report).
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from ..model.scenario import UNTAGGED
from .locale import (
    DEFAULT_LANGUAGE,
    MISSING,
    Locale,
    _finite,
    name_in,
    one_year,
    period_label,
    scale_for,
)
from .text import CONSOLE_OPTIONS, for_terminal

if TYPE_CHECKING:
    from ..analysis.sensitivity import SensitivityReport, TornadoBar
    from ..analysis.types import BreakEven, Distribution, Estimate, FinancingSummary, Summary
    from ..model.scenario import Scenario

#: Text as the terminal shows it (:func:`mcimpact.present.text.for_terminal`).
literal = for_terminal


def console(*, stderr: bool = False) -> Console:
    """A console for the CLI: no markup, emoji shortcodes or highlighting of numbers and
    paths (:data:`~mcimpact.present.text.CONSOLE_OPTIONS`); 120 columns wide when the
    output is not a terminal (a file, a pipe), so tables are not squeezed."""
    stream = sys.stderr if stderr else sys.stdout
    return Console(stderr=stderr, width=None if stream.isatty() else 120, **CONSOLE_OPTIONS)


def _text(*parts: object | tuple[object, str]) -> Text:
    """Literal text from ``parts``, each a value or a (value, style) pair: no markup, no
    emoji shortcodes, no control characters."""
    text = Text()
    for part in parts:
        value, style = part if isinstance(part, tuple) else (part, "")
        text.append(for_terminal(value), style=style)
    return text


# --------------------------------------------------------------------------------------
# Messages


def error(err: Console, message: str, words: Locale | None = None) -> None:
    """One error line, e.g. ``error: FILE: exists; use --force to overwrite``, with the
    prefix in the words of ``words`` (English by default)."""
    prefix = (words or Locale.get("en")).text("term.error")
    err.print(_text((prefix, "bold red"), " ", message), soft_wrap=True)


def warning(err: Console, message: str, words: Locale | None = None) -> None:
    """One warning line, e.g. ``warning: chain 'a': its effect year 2029 lies past …``,
    with the prefix in the words of ``words`` (English by default)."""
    prefix = (words or Locale.get("en")).text("term.warning")
    err.print(_text((prefix, "bold yellow"), " ", message), soft_wrap=True)


def clamps(err: Console, scenario: Scenario, words: Locale) -> None:
    """A warning line for each cut the model applies to ``scenario``
    (:func:`mcimpact.model.clamps.clamps`), its values in the scenario's currency."""
    from ..model.clamps import clamps as cuts
    from .clamps import clamp_text

    money = words.for_currency(scenario.meta.currency)
    for clamp in cuts(scenario):
        warning(err, clamp_text(clamp, money, scenario), words)


def note(err: Console, message: str, *, dim: bool = False) -> None:
    err.print(_text((message, "dim") if dim else message), soft_wrap=True)


def line(out: Console, message: str = "") -> None:
    """A plain line of output."""
    out.print(_text(message), soft_wrap=True)


def problems(err: Console, found: Iterable[object], total: int | None = None,
             words: Locale | None = None) -> None:
    """The problems of a scenario file, one a line, and how many there were (``total``,
    when more were found than listed)."""
    words = words or Locale.get("en")
    listed = [words.problem(problem) if hasattr(problem, "parts") else words.message(problem)
              for problem in found]
    for problem in listed:
        error(err, problem, words)
    n = len(listed) if total is None else total
    err.print(_text(words.text("term.problems_one" if n == 1 else "term.problems", n=n)))


class _Bar:
    """A progress bar on stderr that appears only once a run has taken over a second."""

    def __init__(self, err: Console, enabled: bool, words: Locale):
        self.err = err
        self.enabled = enabled
        self.words = words
        self.started = time.perf_counter()
        self.bar: Progress | None = None
        self.task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            if time.perf_counter() - self.started < 1.0 or done >= total:
                return
            t = self.words.text
            self.bar = Progress(
                TextColumn(t("term.sampling"), markup=False), BarColumn(),
                MofNCompleteColumn(), TextColumn(t("term.draws_unit"), markup=False),
                TimeRemainingColumn(), console=self.err, transient=True)
            self.bar.start()
            self.task = self.bar.add_task("sampling", total=total)
        self.bar.update(self.task, completed=done, total=total)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def watched(err: Console, progress: Any, words: Locale, *, timed: bool) -> Any:
    """``progress``, which also ends the run at the next chunk after a signal whose
    exception a library swallowed (:func:`~mcimpact.run.output.check_signals`); when
    ``timed``, once the run's rate is measured (its second chunk), a note on ``err`` when
    the run takes more than a few minutes here (:data:`~mcimpact.run.resources.LONG_RUN`):
    how long, and how a cluster would share it."""
    from ..run.output import check_signals
    from ..run.resources import Duration, RateWatch

    def say(d: Duration) -> None:
        note(err, words.text("term.long_run", draws=words.number(d.draws),
                             time=duration(d.seconds, words), rate=words.number(d.rate),
                             time10=duration(d.seconds / 10, words)))

    shown = RateWatch(say, progress=progress) if timed else progress

    def step(done: int, total: int) -> None:
        check_signals()
        shown(done, total)

    return step


def duration(seconds: float, words: Locale) -> str:
    """A duration in words: seconds, minutes, hours and minutes, days or years."""
    if seconds < 60:
        return words.text("term.duration.seconds", n=max(1, round(seconds)))
    if seconds < 3600:
        return words.text("term.duration.minutes", n=round(seconds / 60))
    if seconds < 2 * 86400:
        hours, minutes = divmod(round(seconds / 60), 60)
        return words.text("term.duration.hours", h=hours, m=minutes)
    if seconds < 2 * 365 * 86400:
        return words.text("term.duration.days", n=words.number(round(seconds / 86400)))
    return words.text("term.duration.years",
                      n=words.number(round(seconds / (365.25 * 86400))))


#: The analyses of a plan that take a while once the draws are in, and their notes.
STAGES = {"sensitivity": "term.sensitivity_running", "voi": "term.voi_running",
          "changed": "term.prior_running"}


def stages(err: Console, words: Locale) -> Any:
    """A ``stage(name)`` callable of :func:`mcimpact.analysis.plan.execute`: a note on
    ``err`` as each slow analysis starts, once the draws are in."""
    def stage(name: str) -> None:
        if name in STAGES:
            note(err, words.text(STAGES[name]), dim=True)

    return stage


def precision_notes(err: Console, summary: Summary, precision: float | None,
                    words: Locale) -> None:
    """Where a run to a precision did not reach it: a warning, and why where a mean
    multiplier (without costs: the mean benefits) is 0."""
    prov = summary.provenance
    if prov.precision_reached is not False:
        return
    note(err, words.text("term.precision_not_reached", precision=precision,
                         draws=words.number(prov.draws)))
    zero = [f"'{fid}'" for fid, block in summary.financing.items()
            if (block.multiplier.mean if math.isfinite(block.multiplier.mean)
                else block.benefits_total.mean) == 0]
    if zero:  # no precision relative to a mean of 0
        note(err, words.text("term.precision_zero_mean", names=", ".join(zero)))


@contextmanager
def progress(err: Console, *, enabled: bool = True, words: Locale | None = None
             ) -> Iterator[_Bar]:
    """A ``progress(done, total)`` callable for a run, drawn on ``err`` in the words of
    ``words`` (English by default); removed when the block ends."""
    bar = _Bar(err, enabled, words or Locale.get("en"))
    try:
        yield bar
    finally:
        bar.close()


# --------------------------------------------------------------------------------------
# The summary of a run


def _amounts(*ds: Distribution) -> list[float]:
    """What a money cell shows of each distribution: the mean, and p5 and p95 of a
    distribution that is not a point."""
    return [x for d in ds for x in ((d.mean,) if d.point else (d.mean, d.p5, d.p95))]


class _Cells:
    """How one table writes its cells: the language (words, separators) and the table's
    scale, chosen from the magnitudes it shows (:func:`~mcimpact.present.locale.scale_for`
    with a lead of 1,000: whole thousands or millions with four or more digits)."""

    def __init__(self, words: Locale, amounts: Iterable[float] = ()):
        self.words = words
        self.scale = scale_for(amounts, lead=1000)

    @property
    def unit(self) -> str:
        return self.words.unit_short(self.scale)

    def money(self, d: Distribution) -> str:
        """A money figure; for a distribution: mean [p5 – p95]."""
        w, sc = self.words, self.scale
        if d.point:
            return w.scaled(d.mean, sc)
        return f"{w.scaled(d.mean, sc)} [{w.scaled(d.p5, sc)} – {w.scaled(d.p95, sc)}]"

    def ratio(self, d: Distribution) -> str:
        """A ratio (a multiplier); for a distribution: mean [p5 – p95]."""
        if d.point:
            return self.two(d.mean)
        return f"{self.two(d.mean)} [{self.two(d.p5)} – {self.two(d.p95)}]"

    def two(self, x: float | None) -> str:
        return self.words.number(x, 2)

    def percent(self, x: float | None) -> str:
        return MISSING if x is None else self.words.percent(x, 1)

    def year(self, year: int | None, words: str | None = None) -> str:
        """A break-even year, or ``words`` (default "after") when it is None."""
        if year is not None:
            return str(year)
        return self.words.text("term.after") if words is None else words


def _words(locale: Locale | None, currency: str) -> Locale:
    """The terminal's language: ``locale``, or English when none is asked for."""
    return (locale or Locale.get("en")).for_currency(currency)


def _table(title: str, *columns: tuple[str, str]) -> Table:
    """A table with a literal ``title`` and ``columns``, each a (header, justify) pair."""
    table = Table(title=_text((title, "table.title")), title_justify="left",
                  show_edge=False, pad_edge=False)
    for header, justify in columns:
        table.add_column(_text(header), justify=justify)  # type: ignore[arg-type]
    return table


def _row(table: Table, *cells: object) -> None:
    table.add_row(*(_text(cell) for cell in cells))


def summary(out: Console, s: Summary, *, names: str | None = None,
            locale: Locale | None = None) -> None:
    """The summary of a run: the reference financing scenario's totals, multiplier and
    break-even year, its benefits by initiative, beneficiary, domain (where the scenario
    has domains) and period, and with several financing scenarios a table of them and
    their paired comparisons.

    The words are those of ``locale`` (English when none is given), the amounts in the
    run's currency, each table in the unit its magnitudes ask for (EUR, k EUR, M EUR,
    bn EUR). Groups are named in the language ``names`` (default: the locale's, or Dutch,
    the report's default language, when no locale is given); initiatives and domains in
    the scenario's own nouns where it gives them ([meta.nouns])."""
    words = _words(locale, s.provenance.currency).with_nouns(s.labels.nouns)
    names = names or (locale.code if locale is not None else DEFAULT_LANGUAGE)
    _head(out, s, words)
    _breakdowns(out, s, words, names)
    _tags(out, s.ref, words)
    if len(s.financing) > 1:
        _financing(out, s, words)


def _head(out: Console, s: Summary, words: Locale) -> None:
    """The summary's head: the scenario, the run and its years, the reference financing
    scenario, and its totals, multiplier, break-even year and payback period."""
    p = s.provenance
    ref = s.ref
    mc = s.monte_carlo
    t = words.text
    run = (t("term.draws", draws=words.number(p.draws), seed=p.seed) if mc
           else t("term.deterministic"))
    out.print(_text((p.scenario_name, "bold"), f" — {run}, {p.years[0]}–{p.years[1]}"))
    if len(s.financing) > 1 or s.reference != "base":
        out.print(_text("  ", t("term.financing", name=s.labels.financing[s.reference]),
                        t("term.reference") if len(s.financing) > 1 else ""), soft_wrap=True)
    if mc:
        out.print(_text("  " + t("term.figures")))
    labels = {key: t(f"term.{key}") for key in
              ("costs", "benefits", "claimable", "multiplier", "break_even", "payback")}
    if p.time_convention == "sroi":  # an SROI analysis: the multiplier is its SROI ratio
        labels["multiplier"] = t("term.sroi_ratio")
    width = max(len(label) for label in labels.values()) + 2
    head = _Cells(words, _amounts(ref.costs_total, ref.benefits_total, ref.benefits_claimable))
    for key, d in (("costs", ref.costs_total), ("benefits", ref.benefits_total),
                   ("claimable", ref.benefits_claimable)):
        out.print(_text(f"  {labels[key]:<{width}}{head.money(d)} {head.unit}"))
    out.print(_text(f"  {labels['multiplier']:<{width}}{head.ratio(ref.multiplier)}"))
    if mc:
        m = ref.multiplier
        out.print(_text(" " * (2 + width) + t(
            "term.probabilities", p1=head.percent(m.probabilities.get("p_gt_1")),
            p3=head.percent(m.probabilities.get("p_ge_3")), se=words.number(m.mcse, 4))))
    out.print(_text(f"  {labels['break_even']:<{width}}"
                    f"{_break_even(ref.break_even_year, head)}"))
    if ref.payback_years is not None and _finite(ref.payback_years.p50):
        out.print(_text(f"  {labels['payback']:<{width}}{_payback(ref.payback_years, head)}"))


def _breakdowns(out: Console, s: Summary, words: Locale, names: str) -> None:
    """The reference financing scenario's benefits by initiative, beneficiary, domain
    (where the scenario has domains) and period, a table each; groups named in the
    language ``names``."""
    group_names = {
        "benefits_by_initiative": dict(s.labels.initiative),
        "benefits_by_beneficiary": {k: name_in(v, names, k)
                                    for k, v in s.labels.beneficiary.items()},
        "benefits_by_domain": {k: name_in(v, names, k) for k, v in s.labels.domain.items()},
    }
    for key, group in (("benefits_by_initiative", "initiative"),
                       ("benefits_by_beneficiary", "beneficiary"),
                       ("benefits_by_domain", "domain"),
                       ("benefits_by_period", "period")):
        table = _breakdown(s.ref, key, group, words, group_names.get(key, {}))
        if table is not None:
            out.print()
            out.print(table)


def _breakdown(ref: FinancingSummary, key: str, group: str, words: Locale,
               group_names: Mapping[str, str]) -> Table | None:
    """The table of one breakdown ``key`` of ``ref`` (benefits by ``group``), largest
    first except by period; by initiative with its multiplier, by domain with its cost
    claim. None for the domains of a scenario without domains."""
    t = words.text
    items = list(ref.breakdown(key).items())
    if key == "benefits_by_domain":
        items = [(k, d) for k, d in items if _or_zero(d.mean)]
        if not items:
            return None  # a scenario without domains: no table, no cost claim
    if key != "benefits_by_period":
        items.sort(key=lambda kv: -_or_zero(kv[1].mean))
    amounts = _amounts(*(d for _, d in items))
    if key == "benefits_by_domain":
        amounts += _amounts(*(ref.cost_claim_by_domain[k] for k, _ in items))
    cells = _Cells(words, amounts)
    if key == "benefits_by_period" and all(one_year(k) for k, _ in items):
        group = "year"  # periods of one year
    columns = [(t(f"term.group.{group}"), "left"), (t("term.col.benefits"), "right")]
    if key == "benefits_by_initiative":
        columns.append((t("term.col.multiplier"), "right"))
    if key == "benefits_by_domain":
        columns.append((t("term.col.cost_claim"), "right"))
    table = _table(t("term.by", group=t(f"term.group.{group}"), unit=cells.unit), *columns)
    for k, d in items:
        row = [period_label(k) if key == "benefits_by_period" else group_names.get(k, k),
               cells.money(d)]
        if key == "benefits_by_initiative":
            row.append(cells.ratio(ref.multiplier_by_initiative[k]))
        if key == "benefits_by_domain":
            row.append(cells.money(ref.cost_claim_by_domain[k]))
        _row(table, *row)
    return table


def _tags(out: Console, ref: FinancingSummary, words: Locale) -> None:
    """A table per tag key of the scenario's ``tags`` (its key, literal, names the
    group). The neighbourhood's breakdown is left to --json, the dataset and the
    workbook: each initiative has one, so the table by initiative shows it already."""
    t = words.text
    for key, breakdown in ref.benefits_by_tag.items():
        if key == "neighbourhood":
            continue
        items = sorted(breakdown.items(), key=lambda kv: -_or_zero(kv[1].mean))
        cells = _Cells(words, _amounts(*(d for _, d in items)))
        table = _table(t("term.by", group=key, unit=cells.unit), (key, "left"),
                       (t("term.col.benefits"), "right"))
        for member, d in items:
            _row(table, t("term.untagged") if member == UNTAGGED else member, cells.money(d))
        out.print()
        out.print(table)


def _or_zero(x: float) -> float:
    return 0.0 if math.isnan(x) else x


def _break_even(be: BreakEven, cells: _Cells) -> str:
    t = cells.words.text
    if be.point:
        return str(be.p50) if be.p50 is not None else t("never")
    return t("term.break_even_mc", median=cells.year(be.p50, t("after_horizon")),
             lo=cells.year(be.p5), hi=cells.year(be.p95, t("after_horizon")),
             p=cells.percent(be.p_never))


def _payback(d: Distribution, cells: _Cells) -> str:
    """The payback period [years, one decimal]: a point run's, or the median and the 90 %
    interval (its upper end after the horizon where more than 5 % never pay back)."""
    words = cells.words
    if d.p5 == d.p95:  # a point run, or a payback no draw changes
        return words.text("term.payback_point", years=words.number(d.p50, 1))
    key = "term.payback_mc" if _finite(d.p95) else "term.payback_mc_late"
    return words.text(key, median=words.number(d.p50, 1), lo=words.number(d.p5, 1),
                      hi=words.number(d.p95, 1))


def _financing(out: Console, s: Summary, words: Locale) -> None:
    mc = s.monte_carlo
    t = words.text
    blocks = s.financing
    cells = _Cells(words, _amounts(*(d for b in blocks.values()
                                     for d in (b.costs_total, b.benefits_total))))
    table = _table(t("term.financing_table_mc" if mc else "term.financing_table",
                     unit=cells.unit),
                   (t("term.col.scenario"), "left"),
                   *((t(f"term.col.{column}"), "right") for column in
                     ("costs", "benefits", "multiplier", "break_even")))
    for fid, b in blocks.items():
        be = b.break_even_year
        if be.point:
            year = cells.year(be.p50, t("after_horizon"))
        else:
            year = f"{cells.year(be.p50)} [{cells.year(be.p5)} – {cells.year(be.p95)}]"
        _row(table, fid, cells.money(b.costs_total), cells.money(b.benefits_total),
             cells.ratio(b.multiplier), year)
    out.print()
    out.print(table)
    diffs = _Cells(words, _amounts(*(c.net_benefit_difference for c in s.comparisons)))
    pairs = _table(t("term.pairs", unit=diffs.unit), (t("term.col.a"), "left"),
                   (t("term.col.b"), "left"),
                   *((t(f"term.col.{column}"), "right") for column in
                     ("net_difference", "p_greater", "incremental")))
    for c in s.comparisons:
        inc = c.incremental_multiplier
        if inc.point:
            p, ratio = "", diffs.two(inc.ratio_of_means)
        else:
            p = "" if c.p_multiplier_greater is None else diffs.percent(c.p_multiplier_greater)
            ratio = MISSING if inc.ratio_of_means is None else (
                f"{diffs.two(inc.ratio_of_means)} "
                f"[{diffs.two(inc.per_draw.p5 if inc.per_draw else None)}"
                f" – {diffs.two(inc.per_draw.p95 if inc.per_draw else None)}]")
        _row(pairs, c.a, c.b, diffs.money(c.net_benefit_difference), p, ratio)
    out.print()
    out.print(pairs)


# --------------------------------------------------------------------------------------
# Sensitivity


def sensitivity(out: Console, report: SensitivityReport, scenario: Scenario, top: int,
                *, locale: Locale | None = None) -> None:
    """One financing scenario's sensitivity report: activities by Sobol index, inputs by
    kind, the tornado's one-way swings and the drivers of a late break-even; ``top`` rows
    per table, in the words of ``locale`` (English by default; with a locale, inputs and
    outputs by their names in it)."""
    from ..analysis.sensitivity import MONEY_OUTPUTS

    words = _words(locale, scenario.meta.currency)
    t = words.text

    def named(kind: str, key: str) -> str:
        if locale is None or f"{kind}.{key}" not in words.texts:
            return key
        return t(f"{kind}.{key}")

    def pct(x: float, sign: str = "") -> str:
        if not math.isfinite(x):
            return MISSING
        shown = words.percent(x, 1)
        return ("+" if sign and not shown.startswith("-") else "") + shown

    def interval(e: Estimate, sign: str = "") -> str:
        return f"{pct(e.value, sign)} [{pct(e.low, sign)} – {pct(e.high, sign)}]"

    names = {a.key: f"{a.name} ({a.initiative})" for a in scenario.activities}
    fin = {f.id: f.name for f in scenario.financing}[report.financing]
    out.print()
    out.print(_text((scenario.meta.name, "bold"), " — ", t("sens.financing"), ": ", fin,
                    " — ", t("sens.head", draws=words.number(report.draws),
                                seed=report.seed)),
              soft_wrap=True)
    table = _table(t("sens.by_activity"),
                   ("#", "right"), (t("sens.col.activity"), "left"),
                   (t("sens.col.total_order"), "right"), (t("sens.col.first_order"), "right"))
    rows = {r.factor: r for r in report.by_activity.outputs["multiplier"]}
    for n, key in enumerate(report.ranking[:top], start=1):
        r = rows[key]
        _row(table, n, names.get(key, key), interval(r.total_order),
             pct(r.first_order.value))
    shown = [(rows[key].first_order.value, rows[key].total_order.value)
             for key in report.ranking[:top]]
    out.print()
    out.print(table)
    if report.by_input is not None:
        factors = [(f.input, f.first_order, f.total_order) for f in report.by_input.factors]
    else:
        assert report.by_kind is not None
        factors = [(r.factor, r.first_order.value, r.total_order.value)
                   for r in report.by_kind.outputs["multiplier"]]
    kinds = _table(t("sens.by_kind"), (t("sens.col.input"), "left"),
                   (t("sens.col.first_order"), "right"), (t("sens.col.total_order"), "right"))
    for factor, first, total in sorted(factors, key=lambda r: -_finite_or_zero(r[2])):
        _row(kinds, named("input", factor), pct(first), pct(total))
    out.print()
    out.print(kinds)
    note = words.first_order_note([*shown, *((first, total) for _, first, total in factors)])
    if note:
        out.print(_text(note), soft_wrap=True)
    tornado = report.tornado
    money = tornado.output in MONEY_OUTPUTS

    def outcome(x: float) -> str:
        return words.money(x) if money else words.number(x, 2)

    bars = _table(t("sens.tornado", output=named("term", tornado.output),
                    base=outcome(tornado.base)),
                  ("#", "right"), (t("sens.col.chain"), "left"), (t("sens.col.input"), "left"),
                  (t("sens.col.range"), "left"), (t("sens.col.output"), "left"),
                  (t("sens.col.swing"), "right"))
    for bar in tornado.bars[:top]:
        _row(bars, bar.rank, bar.chain, named("input", bar.input),
             _input_range(bar, words),
             words.money_range(bar.output_low, bar.output_high) if money else
             f"{outcome(bar.output_low)} – {outcome(bar.output_high)}",
             words.money(bar.swing) if money else words.number(bar.swing, 3))
    out.print()
    out.print(bars)
    late = report.late_break_even
    drivers = _table(t("sens.late", year=late.year, p=pct(late.p_late)),
                     (t("sens.col.activity"), "left"), (t("sens.col.effect"), "right"))
    for f in late.factors[:top]:
        _row(drivers, names.get(f.factor, f.factor), interval(f.effect, "+"))
    out.print()
    out.print(drivers)


def _finite_or_zero(x: float) -> float:
    return x if math.isfinite(x) else 0.0


def _input_range(bar: TornadoBar, words: Locale) -> str:
    """A tornado bar's input at its low and high quantile: an amount of money with its
    currency ("1.310 – 2.390 euro"), any other input with three significant digits."""
    from ..analysis.sensitivity import MONEY_INPUTS

    if bar.input in MONEY_INPUTS:
        return words.money_range(bar.low_value, bar.high_value)
    return f"{words.significant(bar.low_value, 3)} – {words.significant(bar.high_value, 3)}"
