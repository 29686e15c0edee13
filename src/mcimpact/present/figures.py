"""Figures for the council report, in Dutch (default) or English.

Every function takes the summaries (:func:`mcimpact.analysis.summaries.summarize`, one
:meth:`~mcimpact.analysis.sensitivity.SensitivityReport.to_dict`) and returns a
:class:`matplotlib.figure.Figure` built directly, without pyplot: no global state, no GUI
backend. Plotting computes no statistics: quantiles and probabilities come from the
summary; only :func:`multiplier_chart` bins the raw draws into a histogram.

Money is plotted in euros, with the axis labelled in millions. Colours are the
Okabe–Ito palette (safe for colour-blind readers); every financing scenario keeps one
colour in every figure (:func:`financing_colours`). :func:`all_figures` makes the set for
a report and :func:`save` writes one as PNG and SVG, byte for byte the same on every run.
"""

from __future__ import annotations

import math
import os
import tempfile
import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import matplotlib
import numpy as np
from matplotlib.colors import to_hex, to_rgb
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import Formatter, FuncFormatter, MaxNLocator

from .html import SVG_HASHSALT
from .locale import Lang, number, percent, probability, tick_formatter

if TYPE_CHECKING:
    import xarray as xr
    from matplotlib.axes import Axes
    from matplotlib.axis import Axis

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

BREAKDOWNS = ("beneficiary", "domain", "period")

# All words on the figures. Placeholders are filled with str.format.
_TEXT: dict[str, dict[str, str]] = {
    "year": {"nl": "Jaar", "en": "Year"},
    "draws": {"nl": "{n} simulaties", "en": "{n} draws"},
    "point_estimate": {"nl": "puntschatting", "en": "point estimate"},
    "interval": {"nl": "{p}-interval", "en": "{p} interval"},
    "median": {"nl": "mediaan", "en": "median"},
    "multiplier_axis": {"nl": "Multiplier: maatschappelijke baten per euro kosten",
                        "en": "Multiplier: social benefits per euro of costs"},
    # fan_chart
    "fan_title": {"nl": "Maatschappelijke baten en kosten, opgeteld over de jaren",
                  "en": "Social benefits and costs, cumulative over the years"},
    "fan_axis": {"nl": "Cumulatief bedrag (miljoen euro)",
                 "en": "Cumulative amount (million EUR)"},
    "benefits_median": {"nl": "Baten (mediaan)", "en": "Benefits (median)"},
    "benefits_band": {"nl": "Baten, {p}-interval", "en": "Benefits, {p} interval"},
    "benefits": {"nl": "Baten", "en": "Benefits"},
    "costs_median": {"nl": "Kosten (mediaan)", "en": "Costs (median)"},
    "costs_band": {"nl": "Kosten, {p}-interval", "en": "Costs, {p} interval"},
    "costs": {"nl": "Kosten", "en": "Costs"},
    "break_even_at": {"nl": "Terugverdiend in {year}", "en": "Break-even in {year}"},
    "break_even_at_median": {"nl": "Terugverdiend in {year} (mediaan;\n{p}-interval {lo}–{hi})",
                             "en": "Break-even in {year} (median;\n{p} interval {lo}–{hi})"},
    "after": {"nl": "na {year}", "en": "after {year}"},
    "break_even_none": {"nl": "Niet terugverdiend binnen de horizon",
                        "en": "No break-even within the horizon"},
    # multiplier_chart
    "multiplier_title": {"nl": "Hoe zeker is de opbrengst per euro?",
                         "en": "How certain is the return per euro?"},
    "multiplier_subtitle": {"nl": "Verdeling van de multiplier per financieringsscenario · {n}",
                            "en": "Distribution of the multiplier per financing scenario · {n}"},
    "point": {"nl": "Puntschatting: {x}", "en": "Point estimate: {x}"},
    # break_even_chart
    "be_title": {"nl": "Wanneer verdient de investering zich terug?",
                 "en": "When does the investment pay for itself?"},
    "be_subtitle": {"nl": "{name} · terugverdiend: opgetelde baten ≥ opgetelde kosten",
                    "en": "{name} · break-even: cumulative benefits ≥ cumulative costs"},
    "be_axis": {"nl": "Kans", "en": "Probability"},
    "be_bars": {"nl": "Terugverdiend in dat jaar", "en": "Break-even in that year"},
    "be_line": {"nl": "Terugverdiend in of vóór dat jaar",
                "en": "Break-even in or before that year"},
    "be_never": {"nl": "Niet binnen de horizon ({year}): {p}",
                 "en": "Not within the horizon ({year}): {p}"},
    # breakdown_chart
    "by_beneficiary_title": {"nl": "Wie profiteert? Baten per incasseerder",
                             "en": "Who benefits? Benefits by beneficiary"},
    "by_domain_title": {"nl": "Baten per leefdomein", "en": "Benefits by life domain"},
    "by_period_title": {"nl": "Baten per periode", "en": "Benefits by period"},
    "breakdown_axis": {"nl": "Baten, gemiddelde (miljoen euro); lijn: {p}-interval",
                       "en": "Benefits, mean (million EUR); line: {p} interval"},
    "breakdown_axis_point": {"nl": "Baten (miljoen euro)", "en": "Benefits (million EUR)"},
    # initiative_forest
    "forest_title": {"nl": "Opbrengst per euro, per initiatief",
                     "en": "Return per euro, by initiative"},
    "forest_one": {"nl": "break-even: 1 euro levert 1 euro op",
                   "en": "break-even: 1 euro returns 1 euro"},
    "forest_all": {"nl": "alle initiatieven samen: {x}", "en": "all initiatives together: {x}"},
    # sensitivity_chart
    "sens_title": {"nl": "Welke activiteiten bepalen de onzekerheid?",
                   "en": "Which activities drive the uncertainty?"},
    "sens_subtitle": {"nl": "{name} · de {top} grootste van {n} activiteiten",
                      "en": "{name} · the {top} largest of {n} activities"},
    "sens_axis": {"nl": "Aandeel in de onzekerheid (variantie) van de multiplier",
                  "en": "Share of the uncertainty (variance) of the multiplier"},
    "sens_total": {"nl": "Totaal, met wisselwerkingen (lijn: {p}-betrouwbaarheidsinterval)",
                   "en": "Total, with interactions (line: {p} confidence interval)"},
    "sens_first": {"nl": "Alleen de activiteit zelf", "en": "The activity alone"},
    # tornado_chart
    "tornado_title": {"nl": "Welke aannames wegen het zwaarst?",
                      "en": "Which assumptions matter most?"},
    "tornado_subtitle": {"nl": "{name} · één aanname op P{lo} of P{hi}, de rest op de "
                               "puntschatting",
                         "en": "{name} · one assumption at P{lo} or P{hi}, the rest at the "
                               "point estimate"},
    "tornado_low": {"nl": "Aanname laag (P{q})", "en": "Assumption low (P{q})"},
    "tornado_high": {"nl": "Aanname hoog (P{q})", "en": "Assumption high (P{q})"},
    "tornado_base": {"nl": "Puntschatting: {x}", "en": "Point estimate: {x}"},
    "benefits_total_axis": {"nl": "Totale baten (miljoen euro)",
                            "en": "Total benefits (million EUR)"},
    "net_benefit_axis": {"nl": "Netto baten (miljoen euro)", "en": "Net benefit (million EUR)"},
    # financing_difference_chart
    "diff_title": {"nl": "Wat levert andere financiering extra op?",
                   "en": "What does other financing add?"},
    "diff_subtitle": {"nl": "Verschil met {name}, op dezelfde simulaties",
                      "en": "Difference from {name}, on the same draws"},
    "diff_subtitle_point": {"nl": "Verschil met {name} · puntschatting",
                            "en": "Difference from {name} · point estimate"},
    "diff_axis": {"nl": "Extra netto baten (miljoen euro)",
                  "en": "Extra net benefit (million EUR)"},
    "diff_p": {"nl": "kans op meer netto baten: {p}", "en": "probability of more net benefit: {p}"},
}

# Input names of the tornado's bars.
_INPUTS = {
    "participants": {"nl": "deelnemers", "en": "participants"},
    "success_probability": {"nl": "slagingskans", "en": "success probability"},
    "effect_size": {"nl": "delta", "en": "effect size (delta)"},
    "value": {"nl": "waarde", "en": "value"},
    "duration": {"nl": "duur", "en": "duration"},
}


def _t(key: str, lang: Lang, **values: Any) -> str:
    if lang not in ("nl", "en"):
        raise ValueError(f"unknown language {lang!r}; expected 'nl' or 'en'")
    return _TEXT[key][lang].format(**values)


# --------------------------------------------------------------------------------------
# Shared helpers


def financing_colours(summary: Mapping[str, Any]) -> dict[str, str]:
    """One Okabe–Ito colour per financing scenario, by its position in
    ``summary["financing"]`` (the reference is blue)."""
    return {fid: _SCENARIO_COLOURS[k % len(_SCENARIO_COLOURS)]
            for k, fid in enumerate(summary["financing"])}


def _tint(colour: str, amount: float) -> str:
    """``colour`` mixed with white: ``amount`` = 0 is white, 1 the colour itself."""
    r, g, b = (1 - amount * (1 - c) for c in to_rgb(colour))
    return to_hex((r, g, b))


def _monte_carlo(summary: Mapping[str, Any]) -> bool:
    return summary["mode"] != "deterministic"


def _block(summary: Mapping[str, Any], financing: str | None) -> tuple[str, dict[str, Any]]:
    """The id and figures of a financing scenario (default: the reference)."""
    fid = summary["reference"] if financing is None else financing
    try:
        return fid, summary["financing"][fid]
    except KeyError:
        known = ", ".join(summary["financing"])
        raise KeyError(f"unknown financing scenario {fid!r}; expected one of {known}") from None


def _stat(value: Any, key: str) -> float:
    """A statistic of a distribution summary; a deterministic summary's plain number
    stands for every statistic. Missing → NaN."""
    v = value.get(key) if isinstance(value, Mapping) else value
    return math.nan if v is None else float(v)


def _draws_note(summary: Mapping[str, Any], lang: Lang) -> str:
    if not _monte_carlo(summary):
        return _t("point_estimate", lang)
    return _t("draws", lang, n=number(summary["draws"], 0, lang))


def _short(x: float, lang: Lang) -> str:
    """A value such as a multiplier with one decimal, or two where it needs them."""
    return number(x, 1 if round(x, 1) == round(x, 2) else 2, lang)


def _wrap(text: str, width: int = 30) -> str:
    return textwrap.fill(text, width, break_on_hyphens=False, break_long_words=False)


def _decimals(values: np.ndarray) -> int:
    """The fewest decimals that write every value exactly (at most 6)."""
    for d in range(7):
        scaled = values * 10.0**d
        if np.all(np.abs(scaled - np.round(scaled)) < 1e-6 * np.maximum(1, np.abs(scaled))):
            return d
    return 6


class _Ticks(Formatter):
    """Tick labels with :func:`~mcimpact.present.locale.tick_formatter` (Dutch or English
    separators), with as many decimals as the ticks' spacing needs: 2,5 – 5,0 – 7,5."""

    def __init__(self, lang: Lang, scale: float = 1.0, as_percent: bool = False) -> None:
        self.lang, self.scale, self.as_percent = lang, scale, as_percent
        self._format: Formatter = tick_formatter(lang, scale)

    def set_locs(self, locs: Any) -> None:
        super().set_locs(locs)
        if self.as_percent:
            d = _decimals(np.asarray(locs, dtype=float) * 100)
            self._format = FuncFormatter(lambda v, _pos: percent(v, self.lang, d))
        else:
            d = _decimals(np.asarray(locs, dtype=float) / self.scale)
            self._format = tick_formatter(self.lang, self.scale, d)

    def __call__(self, x: float, pos: int | None = None) -> str:
        return self._format(x, pos)


def _value_axis(axis: Axis, lang: Lang, scale: float = 1.0, as_percent: bool = False) -> None:
    axis.set_major_formatter(_Ticks(lang, scale, as_percent))
    axis.set_major_locator(MaxNLocator(nbins=7, steps=[1, 2, 5, 10]))


def _year_axis(axis: Axis) -> None:
    axis.set_major_locator(MaxNLocator(nbins=12, steps=[1, 2, 5, 10], integer=True))
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: str(round(v))))


def _figure(title: str, subtitle: str | None = None, *, grid: Literal["x", "y"] = "y",
            figsize: tuple[float, float] = FIGSIZE,
            subtitle_width: int = 90) -> tuple[Figure, Axes]:
    """A figure with the report's styling: bold title on the left, grey subtitle (wrapped
    at ``subtitle_width`` characters: it starts at the axes, so less where the labels on
    the left are long), no top or right frame, a light grid along the value axis
    (``grid``: "x" or "y")."""
    fig = Figure(figsize=figsize, dpi=DPI, layout="constrained")
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
                      markersize=7, markeredgewidth=width, gid=gid)
    return line


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


def fan_chart(summary: Mapping[str, Any], financing: str | None = None,
              lang: Lang = "nl") -> Figure:
    """Cumulative benefits over the horizon as a fan (90, 80 and 50 % bands, median),
    cumulative costs as a line (with its 90 % band if the costs vary), and the median
    break-even year marked. A deterministic summary gives lines only."""
    fid, block = _block(summary, financing)
    colour = financing_colours(summary)[fid]
    mc = _monte_carlo(summary)
    fig, ax = _figure(_t("fan_title", lang), f"{block['name']} · {_draws_note(summary, lang)}")
    benefits = block["cumulative_benefits_by_year"]
    costs = block["cumulative_costs_by_year"]
    years = np.array([int(y) for y in benefits])

    def series(by_year: Mapping[str, Any], key: str) -> np.ndarray:
        return np.array([_stat(v, key) for v in by_year.values()])

    centre = "p50" if mc else "mean"
    if mc:
        for (lo, hi), level, amount in ((("p5", "p95"), 0.9, 0.22), (("p10", "p90"), 0.8, 0.38),
                                        (("p25", "p75"), 0.5, 0.6)):
            ax.fill_between(years, series(benefits, lo), series(benefits, hi), linewidth=0,
                            color=_tint(colour, amount), gid=f"benefits-{lo}-{hi}",
                            label=_t("benefits_band", lang, p=percent(level, lang)))
    ax.plot(years, series(benefits, centre), color=colour, linewidth=2.2, gid="benefits",
            label=_t("benefits_median" if mc else "benefits", lang))
    costs_vary = mc and bool(np.any(series(costs, "p95") > series(costs, "p5")))
    if costs_vary:
        ax.fill_between(years, series(costs, "p5"), series(costs, "p95"), facecolor="none",
                        edgecolor="#999999", hatch="///", linewidth=0, gid="costs-p5-p95",
                        label=_t("costs_band", lang, p=percent(0.9, lang)))
    cost_line = series(costs, centre)
    ax.plot(years, cost_line, color=INK, linewidth=1.8, linestyle=(0, (5, 2)), gid="costs",
            label=_t("costs_median" if costs_vary else "costs", lang))

    # The break-even year (median) is marked on the cost line and named in the legend.
    be = block["break_even_year"]
    year = be.get("p50") if isinstance(be, Mapping) else be
    if year is None:
        ax.plot([], [], linestyle="none", label=_t("break_even_none", lang))
    else:
        if isinstance(be, Mapping):
            later = _t("after", lang, year=years[-1])
            label = _t("break_even_at_median", lang, year=year, p=percent(0.9, lang), lo=be["p5"],
                       hi=later if be["p95"] is None else be["p95"])
        else:
            label = _t("break_even_at", lang, year=year)
        ax.plot([year], [cost_line[year - years[0]]], marker="o", markersize=8, color=INK,
                markerfacecolor="white", markeredgewidth=2, linestyle="none", zorder=5,
                gid="break-even", label=label)
    ax.set_xlim(years[0], years[-1])
    ax.set_ylim(bottom=0)
    ax.set_xlabel(_t("year", lang))
    ax.set_ylabel(_t("fan_axis", lang))
    _year_axis(ax.xaxis)
    _value_axis(ax.yaxis, lang, scale=MILLION)
    _legend(ax, loc="upper left")
    return fig


def multiplier_chart(ds: xr.Dataset, summary: Mapping[str, Any], point: float | None = None,
                     lang: Lang = "nl") -> Figure:
    """Histogram of the multiplier's draws per financing scenario, one row each on a
    shared axis, with the 90 % interval and median from the summary marked under it, and
    a vertical line at ``point`` (the report's point value) when given."""
    if not _monte_carlo(summary):
        raise ValueError("the multiplier chart needs a Monte Carlo run (one draw is no "
                         "distribution)")
    ids = list(summary["financing"])
    colours = financing_colours(summary)
    draws = {}
    for fid in ids:  # a multiplier without costs is NaN: left out
        d = np.asarray(ds["multiplier"].sel(financing=fid).values, dtype=float)
        draws[fid] = d[np.isfinite(d)]
    edges = np.histogram_bin_edges(np.concatenate(list(draws.values())), bins=60)
    fig, ax = _figure(_t("multiplier_title", lang),
                     _t("multiplier_subtitle", lang, n=_draws_note(summary, lang)),
                     grid="x", figsize=(8.0, 1.0 + 0.85 * len(ids) + 0.6))
    height = 0.72  # of the row spacing 1; the interval sits just below each row
    for row, fid in enumerate(ids):
        base = len(ids) - 1 - row  # the reference on top
        counts, _ = np.histogram(draws[fid], bins=edges)
        heights = base + height * counts / max(counts.max(), 1)
        used = np.flatnonzero(counts)  # from the first to the last bin with draws
        bins = slice(used[0], used[-1] + 1) if used.size else slice(0, 0)
        ax.stairs(heights[bins], edges[bins.start:bins.stop + 1], baseline=base, fill=True,
                  color=_tint(colours[fid], 0.45), gid=f"histogram-{fid}")
        ax.stairs(heights[bins], edges[bins.start:bins.stop + 1], baseline=base,
                  color=colours[fid], linewidth=1.2)
        m = summary["financing"][fid]["multiplier"]
        _interval(ax, m["p5"], m["p95"], base - 0.1, colours[fid], 3, f"interval-{fid}",
                  ends=True)
        ax.plot([m["p50"]], [base - 0.1], marker="o", markersize=6, color="white",
                markeredgecolor=colours[fid], markeredgewidth=1.5, linestyle="none")
    handles: list[Any] = [
        Line2D([], [], color=MUTED, linewidth=3, marker="|", markersize=7,
               label=_t("interval", lang, p=percent(0.9, lang))),
        Line2D([], [], color="white", marker="o", markeredgecolor=MUTED, linestyle="none",
               label=_t("median", lang)),
    ]
    if point is not None:
        label = _t("point", lang, x=_short(point, lang))
        ax.axvline(point, color=INK, linewidth=1.2, linestyle=(0, (4, 2)), gid="point")
        ax.text(point, len(ids) - 1 + height + 0.12, f" {label}", ha="left", va="bottom",
                fontsize=9, color=INK)
    ax.set_yticks(np.arange(len(ids))[::-1],
                  [_wrap(summary["labels"]["financing"][fid], 24) for fid in ids])
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(-0.35, len(ids) - 1 + height + 0.5)
    ax.set_xlabel(_t("multiplier_axis", lang))
    _value_axis(ax.xaxis, lang)
    _legend(ax, handles, loc="upper left")
    return fig


def break_even_chart(summary: Mapping[str, Any], financing: str | None = None,
                     lang: Lang = "nl") -> Figure:
    """P(break-even in year t) as bars and P(break-even in or before t) as a line, with
    P(no break-even within the horizon) in the legend."""
    fid, block = _block(summary, financing)
    be = block["break_even_year"]
    if not isinstance(be, Mapping):
        raise ValueError("the break-even chart needs a Monte Carlo run")
    colour = financing_colours(summary)[fid]
    by_year = be["p_by_year"]
    years = np.array([int(y) for y in by_year])
    cumulative = np.array(list(by_year.values()), dtype=float)
    in_year = np.diff(cumulative, prepend=0.0)
    fig, ax = _figure(_t("be_title", lang), _t("be_subtitle", lang, name=block["name"]))
    ax.bar(years, in_year, width=0.7, color=_tint(colour, 0.55), gid="in-year",
           label=_t("be_bars", lang))
    ax.plot(years, cumulative, color=colour, linewidth=2, marker="o", markersize=4,
            gid="cumulative", label=_t("be_line", lang))
    ax.set_xlim(years[0] - 0.6, years[-1] + 0.6)
    ax.set_ylim(0, 1.05)
    ax.set_xlabel(_t("year", lang))
    ax.set_ylabel(_t("be_axis", lang))
    _year_axis(ax.xaxis)
    _value_axis(ax.yaxis, lang, as_percent=True)
    _legend(ax, loc="center right",
            title=_t("be_never", lang, year=years[-1], p=probability(be["p_never"], lang)),
            title_fontsize=8.5)
    return fig


def breakdown_chart(summary: Mapping[str, Any], by: str, financing: str | None = None,
                    lang: Lang = "nl") -> Figure:
    """Mean benefits per beneficiary group, domain or period (``by``) as horizontal bars
    with 90 % intervals; groups without benefits are left out. Sorted by size, periods
    chronologically."""
    if by not in BREAKDOWNS:
        raise ValueError(f"unknown breakdown {by!r}; expected one of {', '.join(BREAKDOWNS)}")
    fid, block = _block(summary, financing)
    colour = financing_colours(summary)[fid]
    mc = _monte_carlo(summary)
    groups = [(gid, v) for gid, v in block[f"benefits_by_{by}"].items()
              if not (_stat(v, "mean") == 0 and _stat(v, "p95") == 0)]
    if by != "period":
        groups = sorted(groups, key=lambda g: -_stat(g[1], "mean"))
    names = [gid if by == "period" else summary["labels"][by][gid][lang] for gid, _ in groups]
    fig, ax = _figure(_t(f"by_{by}_title", lang),
                     f"{block['name']} · {_draws_note(summary, lang)}", grid="x")
    y = np.arange(len(groups))[::-1]  # the first on top
    means = [_stat(v, "mean") for _, v in groups]
    ax.barh(y, means, height=0.6, color=_tint(colour, 0.7), gid="means")
    if mc:
        for row, (gid, v) in zip(y, groups, strict=True):
            _interval(ax, _stat(v, "p5"), _stat(v, "p95"), row, INK, 1.2, f"interval-{gid}",
                      ends=True)
    ax.set_yticks(y, [_wrap(n, 34) for n in names])
    ax.tick_params(axis="y", length=0)
    ax.set_xlim(left=0)
    ax.set_xlabel(_t("breakdown_axis" if mc else "breakdown_axis_point", lang,
                     p=percent(0.9, lang)))
    _value_axis(ax.xaxis, lang, scale=MILLION)
    return fig


def initiative_forest(summary: Mapping[str, Any], financing: str | None = None,
                      lang: Lang = "nl") -> Figure:
    """Each initiative's multiplier: median, 50 % and 90 % intervals, with a line at 1
    (break-even) and one at the multiplier of all initiatives together."""
    fid, block = _block(summary, financing)
    colour = financing_colours(summary)[fid]
    mc = _monte_carlo(summary)
    centre = "p50" if mc else "mean"
    items = sorted(block["multiplier_by_initiative"].items(), key=lambda i: -_stat(i[1], centre))
    fig, ax = _figure(_t("forest_title", lang),
                     f"{block['name']} · {_draws_note(summary, lang)}", grid="x")
    y = np.arange(len(items))[::-1]
    for row, (iid, m) in zip(y, items, strict=True):
        if mc:
            _interval(ax, m["p5"], m["p95"], row, colour, 1.5, f"interval-{iid}")
            _interval(ax, m["p25"], m["p75"], row, colour, 5, f"interval50-{iid}")
        ax.plot([_stat(m, centre)], [row], marker="o", markersize=7, color="white",
                markeredgecolor=colour, markeredgewidth=2, linestyle="none", gid=f"median-{iid}")
    top = len(items) - 0.4
    ax.axvline(1, color=INK, linewidth=1.2, gid="break-even")
    ax.text(1, top, " " + _t("forest_one", lang), ha="left", va="bottom", fontsize=8.5,
            color=INK)
    overall = _stat(block["multiplier"], centre)
    ax.axvline(overall, color=MUTED, linewidth=1, linestyle=(0, (4, 2)), gid="overall")
    ax.text(overall, top, " " + _t("forest_all", lang, x=_short(overall, lang)), ha="left",
            va="bottom", fontsize=8.5, color=MUTED)
    handles = [Line2D([], [], color=colour, linewidth=1.5,
                      label=_t("interval", lang, p=percent(0.9, lang))),
               Line2D([], [], color=colour, linewidth=5,
                      label=_t("interval", lang, p=percent(0.5, lang))),
               Line2D([], [], color="white", marker="o", markeredgecolor=colour,
                      markeredgewidth=2, linestyle="none", label=_t("median", lang))]
    if mc:
        _legend(ax, handles, below=True)
    ax.set_yticks(y, [summary["labels"]["initiative"][iid] for iid, _ in items])
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(-0.6, len(items) - 0.4 + 0.5)
    hi = max(_stat(m, "p95" if mc else centre) for _, m in items)
    ax.set_xlim(0, max(hi, overall, 1) * 1.12)
    ax.set_xlabel(_t("multiplier_axis", lang))
    _value_axis(ax.xaxis, lang)
    return fig


def _activity_name(summary: Mapping[str, Any], key: str) -> str:
    initiative = key.split(":", 1)[0]
    labels = summary["labels"]
    return f"{labels['initiative'].get(initiative, initiative)}: {labels['activity'].get(key, key)}"


def sensitivity_chart(sensitivity: Mapping[str, Any], summary: Mapping[str, Any],
                      top: int = 10, lang: Lang = "nl") -> Figure:
    """The ``top`` activities by total-order Sobol index of the multiplier (bars, with
    confidence intervals), their first-order index as a marker."""
    fid = sensitivity["financing"]
    colour = financing_colours(summary).get(fid, OKABE_ITO["blue"])
    indices = sensitivity["by_activity"]
    records = {r["factor"]: r for r in indices["outputs"]["multiplier"]}
    ranking = list(sensitivity["ranking"])
    shown = ranking[:top]
    level = percent(indices["confidence_level"], lang)
    fig, ax = _figure(_t("sens_title", lang),
                     _t("sens_subtitle", lang, name=summary["labels"]["financing"][fid],
                        top=len(shown), n=len(ranking)), grid="x", figsize=TALL,
                     subtitle_width=66)
    y = np.arange(len(shown))[::-1]
    total = [_stat(records[k], "total_order") for k in shown]
    ax.barh(y, total, height=0.6, color=_tint(colour, 0.7), gid="total-order")
    for row, key in zip(y, shown, strict=True):
        r = records[key]
        _interval(ax, _stat(r, "total_order_low"), _stat(r, "total_order_high"), row, INK, 1.2,
                  f"interval-{key}", ends=True)
    ax.plot([_stat(records[k], "first_order") for k in shown], y, marker="D", markersize=6,
            color=INK, markeredgecolor="white", linestyle="none", gid="first-order")
    handles = [Patch(color=_tint(colour, 0.7), label=_t("sens_total", lang, p=level)),
               Line2D([], [], marker="D", markersize=6, color=INK, markeredgecolor="white",
                      linestyle="none", label=_t("sens_first", lang))]
    _legend(ax, handles, below=True)
    ax.set_yticks(y, [_wrap(_activity_name(summary, k), 44) for k in shown], fontsize=8.5)
    ax.tick_params(axis="y", length=0)
    ax.set_xlim(left=0)
    ax.set_xlabel(_t("sens_axis", lang))
    _value_axis(ax.xaxis, lang, as_percent=True)
    return fig


def _tornado_label(bar: Mapping[str, Any], summary: Mapping[str, Any], lang: Lang) -> str:
    if "chain" not in bar or "input" not in bar:  # bars by kind or by chain group
        return str(bar["factor"])
    initiative = bar.get("initiative", "")
    name = summary["labels"]["initiative"].get(initiative, initiative)
    chain = bar["chain"].removeprefix(f"{initiative}-")
    what = _INPUTS.get(bar["input"], {}).get(lang, bar["input"])
    return f"{name} · {chain}: {what}"


def tornado_chart(sensitivity: Mapping[str, Any], summary: Mapping[str, Any], top: int = 10,
                  lang: Lang = "nl") -> Figure:
    """One-way swings of the ``top`` inputs: the output with one chain's input at its
    low and high quantile, every other input at its point value."""
    fid = sensitivity["financing"]
    tornado = sensitivity["tornado"]
    base, output = tornado["base"], tornado["output"]
    q_low, q_high = (round(100 * q) for q in tornado.get("quantiles", (0.1, 0.9)))
    bars = sorted(tornado["bars"], key=lambda b: b["rank"])[:top]
    fig, ax = _figure(_t("tornado_title", lang),
                     _t("tornado_subtitle", lang, name=summary["labels"]["financing"][fid],
                        lo=q_low, hi=q_high), grid="x", figsize=TALL,
                     subtitle_width=66)
    y = np.arange(len(bars))[::-1]
    low = np.array([b["output_low"] for b in bars], dtype=float)
    high = np.array([b["output_high"] for b in bars], dtype=float)
    ax.barh(y, low - base, left=base, height=0.6, color=OKABE_ITO["blue"], gid="low",
            label=_t("tornado_low", lang, q=q_low))
    ax.barh(y, high - base, left=base, height=0.6, color=OKABE_ITO["orange"], gid="high",
            label=_t("tornado_high", lang, q=q_high))
    money = output in ("benefits_total", "net_benefit")
    scale = MILLION if money else 1.0
    ax.axvline(base, color=INK, linewidth=1.2, gid="base",
               label=_t("tornado_base", lang, x=number(base / scale, 2, lang)))
    ax.set_yticks(y, [_wrap(_tornado_label(b, summary, lang), 48) for b in bars], fontsize=8.5)
    ax.tick_params(axis="y", length=0)
    axis_label = {"multiplier": "multiplier_axis", "benefits_total": "benefits_total_axis",
                  "net_benefit": "net_benefit_axis"}.get(output)
    ax.set_xlabel(_t(axis_label, lang) if axis_label else output)
    _value_axis(ax.xaxis, lang, scale=scale)
    _legend(ax, below=True)
    return fig


def financing_difference_chart(summary: Mapping[str, Any], lang: Lang = "nl") -> Figure:
    """Net benefit of each financing scenario minus that of the reference, on the same
    draws: median with 50 % and 90 % intervals, and P(net benefit higher)."""
    ref = summary["reference"]
    comparisons = [c for c in summary["comparisons"] if c["b"] == ref]
    if not comparisons:
        raise ValueError("the difference chart needs at least two financing scenarios")
    colours = financing_colours(summary)
    mc = _monte_carlo(summary)
    centre = "p50" if mc else "mean"
    fig, ax = _figure(_t("diff_title", lang),
                     _t("diff_subtitle" if mc else "diff_subtitle_point", lang,
                        name=summary["labels"]["financing"][ref]),
                     grid="x")
    y = np.arange(len(comparisons))[::-1]
    for row, c in zip(y, comparisons, strict=True):
        d, colour = c["net_benefit_difference"], colours[c["a"]]
        if mc:
            _interval(ax, d["p5"], d["p95"], row, colour, 1.5, f"interval-{c['a']}")
            _interval(ax, d["p25"], d["p75"], row, colour, 6, f"interval50-{c['a']}")
            ax.text(_stat(d, centre), row + 0.22,
                    _t("diff_p", lang, p=probability(c["p_net_benefit_greater"], lang)),
                    ha="center", va="bottom", fontsize=8.5, color=INK)
        ax.plot([_stat(d, centre)], [row], marker="o", markersize=7, color="white",
                markeredgecolor=colour, markeredgewidth=2, linestyle="none",
                gid=f"median-{c['a']}")
    ax.axvline(0, color=INK, linewidth=1.2, gid="zero")
    if mc:
        handles = [Line2D([], [], color=MUTED, linewidth=1.5,
                          label=_t("interval", lang, p=percent(0.9, lang))),
                   Line2D([], [], color=MUTED, linewidth=6,
                          label=_t("interval", lang, p=percent(0.5, lang))),
                   Line2D([], [], color="white", marker="o", markeredgecolor=MUTED,
                          markeredgewidth=2, linestyle="none", label=_t("median", lang))]
        _legend(ax, handles, below=True)
    ax.set_yticks(y, [_wrap(summary["labels"]["financing"][c["a"]], 26) for c in comparisons])
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(-0.6, len(comparisons) - 0.4 + 0.2)
    lo = min(0.0, *(_stat(c["net_benefit_difference"], "p5" if mc else centre)
                    for c in comparisons))
    hi = max(0.0, *(_stat(c["net_benefit_difference"], "p95" if mc else centre)
                    for c in comparisons))
    pad = 0.06 * (hi - lo or 1.0)
    ax.set_xlim(lo - pad, hi + pad)
    ax.set_xlabel(_t("diff_axis", lang))
    _value_axis(ax.xaxis, lang, scale=MILLION)
    return fig


# --------------------------------------------------------------------------------------
# The set for a report, and writing


def all_figures(ds: xr.Dataset, summary: Mapping[str, Any],
                sensitivity: Mapping[str, Mapping[str, Any]] | None = None,
                point: float | None = None, lang: Lang = "nl") -> dict[str, Figure]:
    """Every figure of the report, keyed by a file-name stem, in reading order.

    The fan, break-even, breakdown and initiative figures are of the reference
    financing scenario; ``financing-difference`` needs two or more financing scenarios;
    ``sensitivity-<id>`` and ``tornado-<id>`` come with ``sensitivity`` ({financing id:
    :meth:`~mcimpact.analysis.sensitivity.SensitivityReport.to_dict`}). A deterministic summary
    has no multiplier or break-even distribution, so no figures of them."""
    mc = _monte_carlo(summary)
    figures = {"fan": fan_chart(summary, lang=lang)}
    if mc:
        figures["multiplier"] = multiplier_chart(ds, summary, point, lang=lang)
        figures["break-even"] = break_even_chart(summary, lang=lang)
    for by in BREAKDOWNS:
        figures[f"by-{by}"] = breakdown_chart(summary, by, lang=lang)
    figures["initiatives"] = initiative_forest(summary, lang=lang)
    if len(summary["financing"]) >= 2:
        figures["financing-difference"] = financing_difference_chart(summary, lang=lang)
    for fid, report in (sensitivity or {}).items():
        figures[f"sensitivity-{fid}"] = sensitivity_chart(report, summary, lang=lang)
        figures[f"tornado-{fid}"] = tornado_chart(report, summary, lang=lang)
    return figures


def _write_atomic(path: Path, write: Any) -> None:
    """Call ``write(file)`` on a temporary file next to ``path``, then move it there."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp's 0600 would hide the figure from others
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save(fig: Figure, directory: str | os.PathLike[str], stem: str) -> list[Path]:
    """Write ``stem.png`` and ``stem.svg`` to ``directory`` (created if missing), each
    atomically, with the same bytes on every run (no dates, versions or random ids).
    Returns the two paths."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    png, svg = directory / f"{stem}.png", directory / f"{stem}.svg"
    _write_atomic(png, lambda f: fig.savefig(f, format="png", dpi=fig.dpi,
                                             metadata={"Software": None}))
    # A fixed salt makes the ids of clip paths and the like stable across runs.
    with matplotlib.rc_context({"svg.hashsalt": SVG_HASHSALT, "svg.fonttype": "path"}):
        _write_atomic(svg, lambda f: fig.savefig(f, format="svg", metadata={"Date": None}))
    return [png, svg]
