"""Figures for the council report, in any language with a catalogue (Dutch by default).

Every function takes a typed :class:`~mcimpact.analysis.types.Summary` (and, for the
sensitivity figures, one
:class:`~mcimpact.analysis.sensitivity.SensitivityReport`) and a
:class:`~mcimpact.present.locale.Locale`, and returns a
:class:`matplotlib.figure.Figure` built directly, without pyplot: no global state, no GUI
backend. Plotting computes no statistics: quantiles, probabilities and the multiplier's
histogram come from the summary, so no figure needs the per-draw dataset. A
deterministic summary's figures are degenerate distributions: they are drawn as lines
and points, without bands.

Money is plotted in the run's currency, with each axis labelled in the unit its amounts
ask for (:func:`~mcimpact.present.locale.scale_for`: thousands, millions, …). Colours
are the Okabe–Ito palette (safe for colour-blind readers); every financing scenario
keeps one colour in every figure (:func:`financing_colours`). Text from the scenario is
shown literally: it passes :func:`mcimpact.present.text.for_figure` (no control
characters), and every text artist is drawn without mathtext or TeX
(``parse_math=False``, also for tick labels made while drawing), so "$x^2$" or "\\frac"
is drawn as typed and ``get_text()`` returns it as typed. :func:`all_figures` makes the
set for a report and :func:`save` writes one as PNG and SVG, each atomically, byte for
byte the same on every run.
"""

from __future__ import annotations

import functools
import io
import math
import os
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, ParamSpec

import matplotlib
import numpy as np
from matplotlib.colors import to_hex, to_rgb
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text
from matplotlib.ticker import Formatter, FuncFormatter, MaxNLocator

from ..errors import OutputError
from ..run import output
from ..run.output import atomic
from .locale import Locale, Scale, one_year, period_label, scale_for
from .text import FIGURE_RC, for_figure

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.axis import Axis

    from ..analysis.api import ReportResults
    from ..analysis.sensitivity import SensitivityReport, TornadoBar
    from ..analysis.types import Distribution, FinancingSummary, Summary

FIGSIZE = (8.0, 4.5)  # inches
TALL = (8.0, 5.2)  # for ten rows of two-line labels
DPI = 150
MILLION = 1e6

# Okabe & Ito (2008), "Color Universal Design". Yellow comes last: it is faint on white.
OKABE_ITO = {
    "blue": "#0072B2", "vermillion": "#D55E00", "green": "#009E73", "purple": "#CC79A7",
    "orange": "#E69F00", "sky-blue": "#56B4E9", "black": "#000000", "yellow": "#F0E442",
}
_SCENARIO_COLOURS = tuple(OKABE_ITO.values())
INK = "#222222"  # text, cost lines, reference lines
MUTED = "#555555"  # subtitles, notes
GRID = "#E0E0E0"
POINT_LINE = (0, (4, 2))  # the dashes of a point estimate
# A fixed salt for SVG output makes the ids of clip paths and the like stable across runs.
SVG_HASHSALT = "mcimpact"

BREAKDOWNS = ("beneficiary", "domain", "period")
# The x-axis label of the tornado per output.
_TORNADO_AXES = {"multiplier": "figure.multiplier_axis",
                 "benefits_total": "figure.tornado.benefits_total_axis",
                 "net_benefit": "figure.tornado.net_benefit_axis"}


# --------------------------------------------------------------------------------------
# Shared helpers


def financing_colours(summary: Summary) -> dict[str, str]:
    """One Okabe–Ito colour per financing scenario, by its position in
    ``summary.financing`` (the reference is blue)."""
    return {fid: _SCENARIO_COLOURS[k % len(_SCENARIO_COLOURS)]
            for k, fid in enumerate(summary.financing)}


def _tint(colour: str, amount: float) -> str:
    """``colour`` mixed with white: ``amount`` = 0 is white, 1 the colour itself."""
    r, g, b = (1 - amount * (1 - c) for c in to_rgb(colour))
    return to_hex((r, g, b))


def _block(summary: Summary, financing: str | None) -> tuple[str, FinancingSummary]:
    """The id and figures of a financing scenario (default: the reference)."""
    fid = summary.reference if financing is None else financing
    try:
        return fid, summary.financing[fid]
    except KeyError:
        known = ", ".join(summary.financing)
        raise KeyError(f"unknown financing scenario {fid!r}; expected one of {known}") from None


_P = ParamSpec("_P")


def _no_math(fig: Figure) -> None:
    """Every text artist of ``fig`` drawn as typed: no mathtext, no TeX."""
    for text in fig.findobj(Text):
        text.set_parse_math(False)
        text.set_usetex(False)


class LiteralFigure(Figure):
    """A figure whose text is drawn as typed however and whenever it is drawn: the text
    artists made while drawing (tick labels) are made under :data:`FIGURE_RC`, and every
    text artist is set to ``parse_math=False`` and no TeX before it is drawn."""

    def draw(self, renderer: Any) -> None:
        with matplotlib.rc_context(FIGURE_RC):
            _no_math(self)
            super().draw(renderer)


def _literal_text(make: Callable[_P, Figure]) -> Callable[_P, Figure]:
    """A figure function whose figure is built under :data:`FIGURE_RC` and has no text
    artist that reads mathtext or TeX."""

    @functools.wraps(make)
    def literal(*args: _P.args, **kwargs: _P.kwargs) -> Figure:
        with matplotlib.rc_context(FIGURE_RC):
            fig = make(*args, **kwargs)
            _no_math(fig)
        return fig

    return literal


def _speaking(locale: Locale | None, summary: Summary) -> Locale:
    """The figure's language (default Dutch), speaking of the run's currency."""
    return (locale or Locale.get()).speaking_of(summary)


def _money_scale(*values: Iterable[float]) -> Scale:
    """The scale of a money axis from the amounts it shows (thousands, millions, …)."""
    return scale_for((x for v in values for x in v), lead=1.0, digits=None)


def _draws_note(summary: Summary, locale: Locale) -> str:
    if not summary.monte_carlo:
        return locale.text("figure.point_estimate")
    return locale.text("figure.draws", n=locale.number(summary.provenance.draws))


def _subtitle(summary: Summary, block: FinancingSummary, locale: Locale) -> str:
    return f"{for_figure(block.name)} · {_draws_note(summary, locale)}"


def _short(x: float, locale: Locale) -> str:
    """A value such as a multiplier with one decimal, or two where it needs them."""
    return locale.number(x, 1 if round(x, 1) == round(x, 2) else 2)


def _wrap(text: str, width: int = 30) -> str:
    return textwrap.fill(text, width, break_on_hyphens=False, break_long_words=False)


def _row_label(text: str, width: int, lines: int = 3) -> str:
    """A row's label: ``text`` wrapped at ``width`` characters on at most ``lines``
    lines, the last ending in "…" where the text is longer (a word longer than a line is
    broken), so that a long name neither overlaps its neighbours nor squeezes the axes."""
    return textwrap.fill(text, width, max_lines=lines, placeholder=" …",
                         break_on_hyphens=False)


def _cut(text: str, width: int) -> str:
    """``text`` of at most ``width`` characters: a longer one cut and ended with "…"
    (the initiative's name in a row label, so that what tells the rows apart, the
    activity or the chain and input after it, stays in view)."""
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


def _rows_height(labels: Sequence[str], *, extra: float, least: float) -> float:
    """The height [in] of a figure with one row per label: each row as high as the
    tallest label's lines need (0.17 in per line of 8.5–9 pt, 0.12 in between rows, at
    least 0.42 in), plus ``extra`` for the title, subtitle, axis and legend; at least
    ``least``."""
    lines = max((label.count("\n") + 1 for label in labels), default=1)
    return max(least, extra + len(labels) * max(0.42, 0.17 * lines + 0.12))


def _series(by_year: Mapping[str, Distribution], stat: str) -> np.ndarray:
    return np.array([getattr(d, stat) for d in by_year.values()], dtype=float)


def _decimals(values: np.ndarray) -> int:
    """The fewest decimals that write every value exactly (at most 6)."""
    for d in range(7):
        scaled = values * 10.0**d
        if np.all(np.abs(scaled - np.round(scaled)) < 1e-6 * np.maximum(1, np.abs(scaled))):
            return d
    return 6


class _Ticks(Formatter):
    """Tick labels in the locale's number style, with as many decimals as the ticks'
    spacing needs: 2,5 – 5,0 – 7,5."""

    def __init__(self, locale: Locale, scale: float = 1.0, as_percent: bool = False) -> None:
        self.locale, self.scale, self.as_percent = locale, scale, as_percent
        self._format: Formatter = locale.tick_formatter(scale)

    def set_locs(self, locs: Any) -> None:
        super().set_locs(locs)
        if self.as_percent:
            d = _decimals(np.asarray(locs, dtype=float) * 100)
            self._format = FuncFormatter(lambda v, _pos: self.locale.percent(v, d))
        else:
            d = _decimals(np.asarray(locs, dtype=float) / self.scale)
            self._format = self.locale.tick_formatter(self.scale, d)

    def __call__(self, x: float, pos: int | None = None) -> str:
        return self._format(x, pos)


def _value_axis(axis: Axis, locale: Locale, scale: float = 1.0,
                as_percent: bool = False) -> None:
    axis.set_major_formatter(_Ticks(locale, scale, as_percent))
    axis.set_major_locator(MaxNLocator(nbins=7, steps=[1, 2, 5, 10]))


def _year_axis(axis: Axis) -> None:
    # At least one tick: a one-year axis has a single whole year in view, not 2021
    # written under six fractional ticks (MaxNLocator's default asks for two).
    axis.set_major_locator(MaxNLocator(nbins=12, steps=[1, 2, 5, 10], integer=True,
                                       min_n_ticks=1))
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: str(round(v))))


def _figure(title: str, subtitle: str | None = None, *, grid: Literal["x", "y"] = "y",
            figsize: tuple[float, float] = FIGSIZE,
            subtitle_width: int = 90) -> tuple[Figure, Axes]:
    """A figure with the report's styling: bold title on the left, grey subtitle (wrapped
    at ``subtitle_width`` characters: it starts at the axes, so less where the labels on
    the left are long), no top or right frame, a light grid along the value axis
    (``grid``: "x" or "y")."""
    fig = LiteralFigure(figsize=figsize, dpi=DPI, layout="constrained")
    ax = fig.add_subplot()
    fig.suptitle(title, x=0.01, ha="left", fontsize=13, fontweight="bold", color=INK)
    if subtitle:
        ax.set_title(_wrap(subtitle, subtitle_width), loc="left", fontsize=9.5, color=MUTED,
                     pad=8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(MUTED)
    ax.tick_params(labelsize=9, colors=INK, color=MUTED)
    ax.grid(True, axis=grid, color=GRID, linewidth=0.8)
    ax.set_axisbelow(True)
    return fig, ax


def _interval(ax: Axes, lo: float, hi: float, y: float, colour: str, width: float,
              gid: str, ends: bool = False) -> Line2D:
    """A horizontal interval from ``lo`` to ``hi`` at height ``y``, found again by ``gid``."""
    (line,) = ax.plot([lo, hi], [y, y], color=colour, linewidth=width,
                      solid_capstyle="butt", marker="|" if ends else "",
                      markersize=7, markeredgewidth=width, gid=for_figure(gid))
    return line


def _median_marker(ax: Axes, x: float, y: float, colour: str, gid: str | None = None,
                   size: float = 7, edge: float = 2) -> None:
    ax.plot([x], [y], marker="o", markersize=size, color="white", markeredgecolor=colour,
            markeredgewidth=edge, linestyle="none",
            gid=None if gid is None else for_figure(gid))


def _interval_handles(locale: Locale, colour: str, wide: float, narrow: float
                      ) -> list[Any]:
    """Legend entries for a 90 % and a 50 % interval and a median."""
    return [Line2D([], [], color=colour, linewidth=wide,
                   label=locale.text("figure.interval", p=locale.percent(0.9))),
            Line2D([], [], color=colour, linewidth=narrow,
                   label=locale.text("figure.interval", p=locale.percent(0.5))),
            Line2D([], [], color="white", marker="o", markeredgecolor=colour,
                   markeredgewidth=2, linestyle="none", label=locale.text("figure.median"))]


def _legend(ax: Axes, handles: list[Any] | None = None, below: bool = False,
            **options: Any) -> None:
    """The legend inside the axes, or ``below`` the figure in one row."""
    if handles is None:
        handles = ax.get_legend_handles_labels()[0]
    opts: dict[str, Any] = {"fontsize": 8.5, "frameon": False, "handles": handles}
    if below:
        ax.figure.legend(loc="outside lower center", ncols=len(handles), **opts, **options)
    else:
        ax.legend(**{"loc": "best", **opts, **options})


# --------------------------------------------------------------------------------------
# The figures


@_literal_text
def fan_chart(summary: Summary, financing: str | None = None, *,
              locale: Locale | None = None) -> Figure:
    """Cumulative benefits over the horizon as a fan (90, 80 and 50 % bands, median),
    cumulative costs as a line (with its 90 % band if the costs vary), and the median
    break-even year marked. A deterministic summary gives lines only."""
    locale = _speaking(locale, summary)
    fid, block = _block(summary, financing)
    colour = financing_colours(summary)[fid]
    mc = summary.monte_carlo
    fig, ax = _figure(locale.text("figure.fan.title"), _subtitle(summary, block, locale))
    benefits = block.cumulative_benefits_by_year
    costs = block.cumulative_costs_by_year
    years = np.array([int(y) for y in benefits])
    # A horizon of one year is a span, not a point: its bands and lines are drawn across
    # the year (a point has no area, and its axis no width).
    one = len(years) == 1
    x = np.array([years[0] - 0.4, years[0] + 0.4]) if one else years

    def series(by_year: Mapping[str, Distribution], stat: str) -> np.ndarray:
        values = _series(by_year, stat)
        return np.repeat(values, 2) if one else values

    if mc:
        for (lo, hi), level, amount in ((("p5", "p95"), 0.9, 0.22), (("p10", "p90"), 0.8, 0.38),
                                        (("p25", "p75"), 0.5, 0.6)):
            ax.fill_between(x, series(benefits, lo), series(benefits, hi), linewidth=0,
                            color=_tint(colour, amount), gid=f"benefits-{lo}-{hi}",
                            label=locale.text("figure.fan.benefits_band",
                                              p=locale.percent(level)))
    ax.plot(x, series(benefits, "p50"), color=colour, linewidth=2.2, gid="benefits",
            label=locale.text("figure.fan.benefits_median" if mc else "figure.fan.benefits"))
    costs_vary = bool(np.any(_series(costs, "p95") > _series(costs, "p5")))
    if costs_vary:
        ax.fill_between(x, series(costs, "p5"), series(costs, "p95"), facecolor="none",
                        edgecolor="#999999", hatch="///", linewidth=0, gid="costs-p5-p95",
                        label=locale.text("figure.fan.costs_band", p=locale.percent(0.9)))
    cost_line = _series(costs, "p50")
    ax.plot(x, series(costs, "p50"), color=INK, linewidth=1.8, linestyle=(0, (5, 2)),
            gid="costs",
            label=locale.text("figure.fan.costs_median" if costs_vary else "figure.fan.costs"))

    # The break-even year (median) is marked on the cost line and named in the legend.
    be = block.break_even_year
    if be.p50 is None:
        ax.plot([], [], linestyle="none", label=locale.text("figure.fan.break_even_none"))
    else:
        if be.point:
            label = locale.text("figure.fan.break_even", year=be.p50)
        else:
            later = locale.text("figure.fan.after", year=years[-1])
            label = locale.text("figure.fan.break_even_median", year=be.p50,
                                p=locale.percent(0.9), lo=be.p5,
                                hi=later if be.p95 is None else be.p95)
        ax.plot([be.p50], [cost_line[be.p50 - years[0]]], marker="o", markersize=8,
                color=INK, markerfacecolor="white", markeredgewidth=2, linestyle="none",
                zorder=5, gid="break-even", label=label)
    ax.set_xlim((years[0] - 0.6, years[0] + 0.6) if one else (years[0], years[-1]))
    ax.set_ylim(bottom=0)
    ax.set_xlabel(locale.text("figure.year"))
    scale = _money_scale(_series(benefits, "p95" if mc else "p50"), _series(costs, "p95"))
    ax.set_ylabel(locale.text("figure.fan.axis", unit=locale.unit(scale)))
    _year_axis(ax.xaxis)
    _value_axis(ax.yaxis, locale, scale=scale.factor)
    _legend(ax, loc="upper left")
    return fig


def point_multipliers(point_summary: Summary) -> dict[str, float]:
    """Each financing scenario's point estimate of the multiplier (the mean of a
    deterministic run: every input at its point value), where it is finite."""
    return {fid: block.multiplier.mean for fid, block in point_summary.financing.items()
            if math.isfinite(block.multiplier.mean)}


@_literal_text
def multiplier_chart(summary: Summary, point: float | Mapping[str, float] | None = None, *,
                     locale: Locale | None = None) -> Figure:
    """The multiplier's distribution per financing scenario, one row each on a shared
    axis: its histogram (``FinancingSummary.multiplier_histogram``; a summary without one
    shows the interval and median only), with the 90 % interval and the median marked
    under it, and on each row its own point estimate as a labelled vertical line:
    ``point`` is {financing id: point estimate} (:func:`point_multipliers`), or one
    number, the reference's, drawn on the reference's row alone. A deterministic summary
    has no distribution: a ValueError."""
    if not summary.monte_carlo:
        raise ValueError("the multiplier chart needs a Monte Carlo run (one draw is no "
                         "distribution)")
    locale = _speaking(locale, summary)
    ids = list(summary.financing)
    colours = financing_colours(summary)
    points = (dict(point or {}) if point is None or isinstance(point, Mapping)
              else {summary.reference: float(point)})
    fig, ax = _figure(locale.text("figure.multiplier.title"),
                      locale.text("figure.multiplier.subtitle",
                                  n=_draws_note(summary, locale)),
                      grid="x", figsize=(8.0, 1.0 + 0.85 * len(ids) + 0.6))
    height = 0.72  # of the row spacing 1; the interval sits just below each row
    for row, fid in enumerate(ids):
        base = len(ids) - 1 - row  # the reference on top
        block = summary.financing[fid]
        if block.multiplier_histogram is not None:
            _histogram(ax, block.multiplier_histogram.edges,
                       block.multiplier_histogram.counts, base, height, colours[fid],
                       f"histogram-{fid}")
        m = block.multiplier
        _interval(ax, m.p5, m.p95, base - 0.1, colours[fid], 3, f"interval-{fid}", ends=True)
        _median_marker(ax, m.p50, base - 0.1, colours[fid], f"median-{fid}", size=6, edge=1.5)
        x = points.get(fid)
        if x is not None and math.isfinite(x):
            # Within the row: the line and its number stay off the row above.
            ax.plot([x, x], [base - 0.25, base + height], color=INK, linewidth=1.2,
                    linestyle=POINT_LINE, gid=for_figure(f"point-{fid}"))
            ax.text(x, base + height, _short(x, locale), ha="left", va="top", fontsize=8.5,
                    color=INK, bbox={"facecolor": "white", "edgecolor": "none",
                                     "alpha": 0.8, "pad": 1})
    handles: list[Any] = [
        Line2D([], [], color=MUTED, linewidth=3, marker="|", markersize=7,
               label=locale.text("figure.interval", p=locale.percent(0.9))),
        Line2D([], [], color="white", marker="o", markeredgecolor=MUTED, linestyle="none",
               label=locale.text("figure.median")),
    ]
    if any(points.get(fid) is not None and math.isfinite(points[fid]) for fid in ids):
        handles.append(Line2D([], [], color=INK, linewidth=1.2, linestyle=POINT_LINE,
                              label=locale.text("figure.multiplier.point")))
    ax.set_yticks(np.arange(len(ids))[::-1],
                  [_wrap(for_figure(summary.labels.financing[fid]), 24) for fid in ids])
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(-0.35, len(ids) - 1 + height + 0.5)
    ax.set_xlabel(locale.text("figure.multiplier_axis"))
    _value_axis(ax.xaxis, locale)
    _legend(ax, handles, loc="upper left")
    return fig


def _histogram(ax: Axes, edges: Sequence[float], counts: Sequence[int], base: float,
               height: float, colour: str, gid: str) -> None:
    """Counts as a filled outline on the row at ``base``, scaled to ``height``; from the
    first to the last bin with draws."""
    edges_ = np.asarray(edges, dtype=float)
    counts_ = np.asarray(counts, dtype=float)
    used = np.flatnonzero(counts_)
    if not used.size:
        return
    bins = slice(used[0], used[-1] + 1)
    heights = base + height * counts_[bins] / counts_.max()
    outline = edges_[bins.start:bins.stop + 1]
    ax.stairs(heights, outline, baseline=base, fill=True, color=_tint(colour, 0.45),
              gid=for_figure(gid))
    ax.stairs(heights, outline, baseline=base, color=colour, linewidth=1.2)


@_literal_text
def break_even_chart(summary: Summary, financing: str | None = None, *,
                     locale: Locale | None = None) -> Figure:
    """P(break-even in year t) as bars and P(break-even in or before t) as a line, with
    P(no break-even within the horizon) in the legend. Needs a Monte Carlo summary."""
    fid, block = _block(summary, financing)
    be = block.break_even_year
    if be.point:
        raise ValueError("the break-even chart needs a Monte Carlo run")
    locale = _speaking(locale, summary)
    colour = financing_colours(summary)[fid]
    years = np.array(list(be.p_by_year), dtype=int)
    cumulative = np.array(list(be.p_by_year.values()), dtype=float)
    in_year = np.diff(cumulative, prepend=0.0)
    fig, ax = _figure(locale.text("figure.break_even.title"),
                      locale.text("figure.break_even.subtitle", name=for_figure(block.name)))
    ax.bar(years, in_year, width=0.7, color=_tint(colour, 0.55), gid="in-year",
           label=locale.text("figure.break_even.bars"))
    ax.plot(years, cumulative, color=colour, linewidth=2, marker="o", markersize=4,
            gid="cumulative", label=locale.text("figure.break_even.line"))
    ax.set_xlim(years[0] - 0.6, years[-1] + 0.6)
    ax.set_ylim(0, 1.05)
    ax.set_xlabel(locale.text("figure.year"))
    ax.set_ylabel(locale.text("figure.break_even.axis"))
    _year_axis(ax.xaxis)
    _value_axis(ax.yaxis, locale, as_percent=True)
    never: dict[str, Any] = {"title": locale.text("figure.break_even.never", year=years[-1],
                                                  p=locale.probability(be.p_never)),
                             "title_fontsize": 8.5}
    if len(years) == 1:  # one bar fills the axes: the legend goes below them
        _legend(ax, below=True, **never)
    else:
        _legend(ax, loc="center right", **never)
    return fig


@_literal_text
def breakdown_chart(summary: Summary, by: str, financing: str | None = None, *,
                    locale: Locale | None = None) -> Figure:
    """Mean benefits per beneficiary group, domain or period (``by``) as horizontal bars
    with 90 % intervals; groups without benefits are left out. Sorted by size, periods
    chronologically."""
    if by not in BREAKDOWNS:
        raise ValueError(f"unknown breakdown {by!r}; expected one of {', '.join(BREAKDOWNS)}")
    locale = _speaking(locale, summary)
    fid, block = _block(summary, financing)
    colour = financing_colours(summary)[fid]
    groups = [(gid, d) for gid, d in block.breakdown(f"benefits_by_{by}").items()
              if not (d.mean == 0 and d.p95 == 0)]
    if by != "period":
        groups = sorted(groups, key=lambda g: -g[1].mean)
    names = {"period": {}, "beneficiary": summary.labels.beneficiary,
             "domain": summary.labels.domain}[by]
    yearly = by == "period" and bool(groups) and all(one_year(g) for g, _ in groups)
    fig, ax = _figure(locale.text("figure.by_year.title" if yearly else f"figure.by_{by}.title"),
                      _subtitle(summary, block, locale), grid="x")
    y = np.arange(len(groups))[::-1]  # the first on top
    ax.barh(y, [d.mean for _, d in groups], height=0.6, color=_tint(colour, 0.7), gid="means")
    if summary.monte_carlo:
        for row, (gid, d) in zip(y, groups, strict=True):
            _interval(ax, d.p5, d.p95, row, INK, 1.2, f"interval-{gid}", ends=True)
    ax.set_yticks(y, [_wrap(for_figure(period_label(gid) if by == "period" else
                                       locale.label(names.get(gid, {}), gid)), 34)
                      for gid, _ in groups])
    ax.tick_params(axis="y", length=0)
    ax.set_xlim(left=0)
    scale = _money_scale([d.mean for _, d in groups],
                         [d.p95 for _, d in groups] if summary.monte_carlo else [])
    ax.set_xlabel(locale.text("figure.breakdown.axis" if summary.monte_carlo
                              else "figure.breakdown.axis_point", p=locale.percent(0.9),
                              unit=locale.unit(scale)))
    _value_axis(ax.xaxis, locale, scale=scale.factor)
    return fig


@_literal_text
def initiative_forest(summary: Summary, financing: str | None = None, *,
                      locale: Locale | None = None) -> Figure:
    """Each initiative's multiplier: median, 50 % and 90 % intervals, with a line at 1
    (break-even) and one at the multiplier of all initiatives together."""
    locale = _speaking(locale, summary)
    fid, block = _block(summary, financing)
    colour = financing_colours(summary)[fid]
    mc = summary.monte_carlo
    items = sorted(block.multiplier_by_initiative.items(), key=lambda i: -i[1].p50)
    labels = [_row_label(for_figure(summary.labels.initiative.get(iid, iid)), 34)
              for iid, _ in items]
    fig, ax = _figure(locale.text("figure.forest.title"), _subtitle(summary, block, locale),
                      grid="x", figsize=(FIGSIZE[0], _rows_height(labels, extra=2.2,
                                                                  least=FIGSIZE[1])))
    y = np.arange(len(items))[::-1]
    for row, (iid, m) in zip(y, items, strict=True):
        if mc:
            _interval(ax, m.p5, m.p95, row, colour, 1.5, f"interval-{iid}")
            _interval(ax, m.p25, m.p75, row, colour, 5, f"interval50-{iid}")
        _median_marker(ax, m.p50, row, colour, f"median-{iid}")
    # The two lines' names on two levels above the rows: they never overlap, however
    # near the multiplier of all initiatives is to 1.
    top = len(items) - 0.4
    ax.axvline(1, color=INK, linewidth=1.2, gid="break-even")
    ax.text(1, top, " " + locale.text("figure.forest.one"), ha="left", va="bottom",
            fontsize=8.5, color=INK)
    overall = block.multiplier.p50
    ax.axvline(overall, color=MUTED, linewidth=1, linestyle=(0, (4, 2)), gid="overall")
    ax.text(overall, top + 0.4, " " + locale.text("figure.forest.all",
                                                  x=_short(overall, locale)),
            ha="left", va="bottom", fontsize=8.5, color=MUTED)
    if mc:
        _legend(ax, _interval_handles(locale, colour, 1.5, 5), below=True)
    ax.set_yticks(y, labels)
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(-0.6, len(items) - 0.4 + 0.9)
    ax.set_xlim(0, np.nanmax([*(m.p95 for _, m in items), overall, 1]) * 1.12)
    ax.set_xlabel(locale.text("figure.multiplier_axis"))
    _value_axis(ax.xaxis, locale)
    return fig


def _activity_name(summary: Summary, key: str) -> str:
    initiative = key.split(":", 1)[0]
    labels = summary.labels
    return for_figure(f"{_cut(labels.initiative.get(initiative, initiative), 30)}: "
                      f"{labels.activity.get(key, key)}")


@_literal_text
def sensitivity_chart(report: SensitivityReport, summary: Summary, top: int = 10, *,
                      locale: Locale | None = None) -> Figure:
    """The ``top`` activities by total-order Sobol index of the multiplier (bars, with
    confidence intervals), their first-order index as a marker, from one financing
    scenario's sensitivity ``report``; where a first-order index is above its total, the
    subtitle says that is estimation noise (:meth:`Locale.first_order_note`)."""
    locale = _speaking(locale, summary)
    fid = report.financing
    colour = financing_colours(summary).get(fid, OKABE_ITO["blue"])
    indices = report.by_activity
    records = {r.factor: r for r in indices.outputs["multiplier"]}
    ranking = list(report.ranking)
    shown = ranking[:top]
    level = locale.percent(indices.confidence_level)
    labels = [_row_label(_activity_name(summary, k), 44) for k in shown]
    subtitle = locale.text("figure.sensitivity.subtitle",
                           name=for_figure(summary.labels.financing[fid]),
                           top=len(shown), n=len(ranking))
    note = locale.first_order_note((records[k].first_order.value,
                                    records[k].total_order.value) for k in shown)
    fig, ax = _figure(locale.text("figure.sensitivity.title"),
                      subtitle if note is None else f"{subtitle}. {note}",
                      grid="x", subtitle_width=66,
                      figsize=(TALL[0], _rows_height(labels, extra=2.0, least=TALL[1])))
    y = np.arange(len(shown))[::-1]
    ax.barh(y, [records[k].total_order.value for k in shown], height=0.6,
            color=_tint(colour, 0.7), gid="total-order")
    for row, key in zip(y, shown, strict=True):
        total = records[key].total_order
        _interval(ax, total.low, total.high, row, INK, 1.2, f"interval-{key}", ends=True)
    ax.plot([records[k].first_order.value for k in shown], y, marker="D", markersize=6,
            color=INK, markeredgecolor="white", linestyle="none", gid="first-order")
    handles = [Patch(color=_tint(colour, 0.7),
                     label=locale.text("figure.sensitivity.total", p=level)),
               Line2D([], [], marker="D", markersize=6, color=INK, markeredgecolor="white",
                      linestyle="none", label=locale.text("figure.sensitivity.first"))]
    _legend(ax, handles, below=True)
    ax.set_yticks(y, labels, fontsize=8.5)
    ax.tick_params(axis="y", length=0)
    ax.set_xlim(left=0)
    ax.set_xlabel(locale.text("figure.sensitivity.axis"))
    _value_axis(ax.xaxis, locale, as_percent=True)
    return fig


def _tornado_label(bar: TornadoBar, summary: Summary, locale: Locale) -> str:
    name = _cut(summary.labels.initiative.get(bar.initiative, bar.initiative), 30)
    chain = bar.chain.removeprefix(f"{bar.initiative}-")
    key = f"input.{bar.input}"
    what = locale.text(key) if key in locale.texts else bar.input
    return for_figure(f"{name} · {chain}: {what}")


@_literal_text
def tornado_chart(report: SensitivityReport, summary: Summary, top: int = 10, *,
                  locale: Locale | None = None) -> Figure:
    """One-way swings of the ``top`` inputs: the output with one chain's input at its
    low and high quantile, every other input at its point value (one financing
    scenario's sensitivity ``report``)."""
    locale = _speaking(locale, summary)
    fid = report.financing
    tornado = report.tornado
    base, output = tornado.base, tornado.output
    q_low, q_high = (round(100 * q) for q in tornado.quantiles)
    bars = sorted(tornado.bars, key=lambda b: b.rank)[:top]
    labels = [_row_label(_tornado_label(b, summary, locale), 48) for b in bars]
    fig, ax = _figure(locale.text("figure.tornado.title"),
                      locale.text("figure.tornado.subtitle",
                                  name=for_figure(summary.labels.financing[fid]),
                                  lo=q_low, hi=q_high),
                      grid="x", subtitle_width=66,
                      figsize=(TALL[0], _rows_height(labels, extra=2.0, least=TALL[1])))
    y = np.arange(len(bars))[::-1]
    low = np.array([b.output_low for b in bars], dtype=float)
    high = np.array([b.output_high for b in bars], dtype=float)
    ax.barh(y, low - base, left=base, height=0.6, color=OKABE_ITO["blue"], gid="low",
            label=locale.text("figure.tornado.low", q=q_low))
    ax.barh(y, high - base, left=base, height=0.6, color=OKABE_ITO["orange"], gid="high",
            label=locale.text("figure.tornado.high", q=q_high))
    from ..analysis.sensitivity import MONEY_OUTPUTS

    money = output in MONEY_OUTPUTS
    scale = _money_scale([base], low, high).factor if money else 1.0
    ax.axvline(base, color=INK, linewidth=1.2, gid="base",
               label=locale.text("figure.tornado.base", x=locale.number(base / scale, 2)))
    ax.set_yticks(y, labels, fontsize=8.5)
    ax.tick_params(axis="y", length=0)
    ax.set_xlabel(locale.text(_TORNADO_AXES[output], unit=locale.unit(scale))
                  if output in _TORNADO_AXES else for_figure(output))
    _value_axis(ax.xaxis, locale, scale=scale)
    _legend(ax, below=True)
    return fig


@_literal_text
def financing_difference_chart(summary: Summary, *, locale: Locale | None = None) -> Figure:
    """Net benefit of each financing scenario minus that of the reference, on the same
    draws: median with 50 % and 90 % intervals, and P(net benefit higher)."""
    ref = summary.reference
    comparisons = [c for c in summary.comparisons if c.b == ref]
    if not comparisons:
        raise ValueError("the difference chart needs at least two financing scenarios")
    locale = _speaking(locale, summary)
    colours = financing_colours(summary)
    mc = summary.monte_carlo
    fig, ax = _figure(locale.text("figure.difference.title"),
                      locale.text("figure.difference.subtitle" if mc
                                  else "figure.difference.subtitle_point",
                                  name=for_figure(summary.labels.financing[ref])),
                      grid="x")
    y = np.arange(len(comparisons))[::-1]
    for row, c in zip(y, comparisons, strict=True):
        d, colour = c.net_benefit_difference, colours[c.a]
        if mc:
            _interval(ax, d.p5, d.p95, row, colour, 1.5, f"interval-{c.a}")
            _interval(ax, d.p25, d.p75, row, colour, 6, f"interval50-{c.a}")
            ax.text(d.p50, row + 0.22,
                    locale.text("figure.difference.p",
                                p=locale.probability(c.p_net_benefit_greater)),
                    ha="center", va="bottom", fontsize=8.5, color=INK)
        _median_marker(ax, d.p50, row, colour, f"median-{c.a}")
    ax.axvline(0, color=INK, linewidth=1.2, gid="zero")
    if mc:
        _legend(ax, _interval_handles(locale, MUTED, 1.5, 6), below=True)
    ax.set_yticks(y, [_wrap(for_figure(summary.labels.financing[c.a]), 26) for c in comparisons])
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(-0.6, len(comparisons) - 0.4 + 0.2)
    lo = min(0.0, *(c.net_benefit_difference.p5 for c in comparisons))
    hi = max(0.0, *(c.net_benefit_difference.p95 for c in comparisons))
    pad = 0.06 * (hi - lo or 1.0)
    ax.set_xlim(lo - pad, hi + pad)
    scale = _money_scale([lo, hi])
    ax.set_xlabel(locale.text("figure.difference.axis", unit=locale.unit(scale)))
    _value_axis(ax.xaxis, locale, scale=scale.factor)
    return fig


# --------------------------------------------------------------------------------------
# The set for a report, and writing


def all_figures(summary: Summary,
                sensitivity: Mapping[str, SensitivityReport] | None = None, *,
                point: float | Mapping[str, float] | None = None,
                locale: Locale | None = None) -> dict[str, Figure]:
    """Every figure of the report, keyed by a file-name stem, in reading order.

    The fan, break-even, breakdown and initiative figures are of the reference
    financing scenario; ``financing-difference`` needs two or more financing scenarios;
    ``sensitivity-<id>`` and ``tornado-<id>`` come with ``sensitivity`` ({financing id:
    :class:`~mcimpact.analysis.sensitivity.SensitivityReport`}). A deterministic
    summary has no multiplier or break-even distribution, so no figures of them.
    ``point``: the point estimates of the multiplier (:func:`multiplier_chart`)."""
    locale = _speaking(locale, summary)
    figures = {"fan": fan_chart(summary, locale=locale)}
    if summary.monte_carlo:
        figures["multiplier"] = multiplier_chart(summary, point, locale=locale)
        figures["break-even"] = break_even_chart(summary, locale=locale)
    for by in BREAKDOWNS:
        if by == "domain" and not any(d.mean or d.p95 for d in
                                      summary.ref.benefits_by_domain.values()):
            continue  # a scenario without domains: no domain figure
        figures[f"by-{by}"] = breakdown_chart(summary, by, locale=locale)
    figures["initiatives"] = initiative_forest(summary, locale=locale)
    if len(summary.financing) >= 2:
        figures["financing-difference"] = financing_difference_chart(summary, locale=locale)
    for fid, report in (sensitivity or {}).items():
        figures[f"sensitivity-{fid}"] = sensitivity_chart(report, summary, locale=locale)
        figures[f"tornado-{fid}"] = tornado_chart(report, summary, locale=locale)
    return figures


def save_all(results: ReportResults, directory: str | os.PathLike[str], *,
             locale: Locale | None = None, force: bool = False) -> list[Path]:
    """Every figure of :func:`~mcimpact.analysis.api.report_results` (:func:`all_figures`,
    with each financing scenario's point estimate) written as PNG and SVG into
    ``directory``; the paths."""
    drawn = all_figures(results.summary, results.sensitivity,
                        point=point_multipliers(results.point), locale=locale)
    return [path for stem, fig in drawn.items()
            for path in save(fig, directory, stem, force=force)]


def check_directory(directory: str | os.PathLike[str], *, force: bool) -> None:
    """Fail early, before any work, on a directory the figures would not be written to:
    one that exists and is not a directory, or is not empty (without ``force``, which
    lets figures of the same name be replaced), or whose parent does not exist."""
    directory = Path(directory)
    if directory.exists() and (not directory.is_dir()
                               or (any(directory.iterdir()) and not force)):
        raise OutputError(reason="not-empty", directory=directory)
    # Its parent (or itself) must exist (OutputError); a file in the way, no permission or
    # a read-only file system are the system's problems (OSError).
    output.check_directory(directory if directory.is_dir() else directory.parent)


def png(fig: Figure) -> bytes:
    """The figure as PNG bytes at its own dpi, the same bytes on every run. One draw on
    an Agg canvas: ``savefig`` draws a figure with a layout engine twice (once without
    rendering, for the layout), for the same pixels."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    buf = io.BytesIO()
    FigureCanvasAgg(fig).print_png(buf, metadata={"Software": None})
    return buf.getvalue()


def save(fig: Figure, directory: str | os.PathLike[str], stem: str, *,
         force: bool = False) -> list[Path]:
    """Write ``stem.png`` and ``stem.svg`` to ``directory`` (created if missing), each
    atomically (:func:`mcimpact.run.output.atomic`; an existing figure is replaced only
    with ``force``), with the same bytes on every run (no dates, versions or random ids).
    Returns the two paths."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    png_path, svg = directory / f"{stem}.png", directory / f"{stem}.svg"
    with atomic(png_path, force=force) as tmp:
        tmp.write_bytes(png(fig))
    with (matplotlib.rc_context({"svg.hashsalt": SVG_HASHSALT, "svg.fonttype": "path"}),
          atomic(svg, force=force) as tmp):
        fig.savefig(tmp, format="svg", metadata={"Date": None})
    return [png_path, svg]
