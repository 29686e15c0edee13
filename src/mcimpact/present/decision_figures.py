"""Figures and report text of the decision between financing scenarios: the
acceptability curve P(multiplier ≥ x), the sensitivity over the fixed assumptions
(tornado and spider chart) and the report's section "What should we measure first?"
(:func:`report_section`).

Like :mod:`mcimpact.present.figures`, the figures are built from typed results
(:class:`~mcimpact.analysis.decision.Decision`, :class:`~mcimpact.analysis.decision.
AssumptionSensitivity`, :class:`~mcimpact.analysis.voi.ValueOfInformation`) without
computing statistics, drawn without mathtext or TeX, with scenario text passed through
:func:`mcimpact.present.text.for_figure`. Every word is a catalogue key (``decision.*``,
``measure.*``), every amount the locale's money.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from .figures import _SCENARIO_COLOURS, INK, MUTED, _figure, _literal_text, _value_axis
from .locale import MISSING, Locale
from .sections import Figure as Embedded
from .sections import MeasureFirst, Table
from .text import for_figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ..analysis.decision import AssumptionSensitivity, Decision
    from ..analysis.types import Labels
    from ..analysis.voi import SwitchingValue, ValueOfInformation

#: An EVPPI below this share of the EVPI is not called worth measuring first.
SMALL_SHARE = 0.01


def _speaking(locale: Locale | None, currency: str | None = None) -> Locale:
    loc = locale or Locale.get()
    return loc if currency is None else loc.for_currency(currency)


@_literal_text
def acceptability_chart(decision: Decision, *, names: Mapping[str, str] | None = None,
                        locale: Locale | None = None) -> Figure:
    """The acceptability curve: P(M ≥ x) against x for every financing scenario, with
    the line M = 1 (benefits equal costs). ``names`` maps a financing id to the name
    shown (default the id)."""
    loc = _speaking(locale, decision.currency)
    t = loc.text
    fig, ax = _figure(t("decision.title"), t("decision.subtitle",
                                            n=loc.number(decision.draws)))
    xs = list(decision.thresholds)
    for a, option in enumerate(decision.options):
        label = for_figure((names or {}).get(option.option, option.option))
        ax.plot(xs, [row[a] for row in decision.acceptability], lw=2,
                color=_SCENARIO_COLOURS[a % len(_SCENARIO_COLOURS)], label=label,
                gid=f"acceptability-{a}")
    ax.axvline(1.0, color=INK, lw=1, ls="--")
    ax.text(1.0, 0.03, " " + t("decision.break_even"), color=MUTED, fontsize=8.5,
            transform=ax.get_xaxis_transform(), ha="left", va="bottom")
    ax.set_xlim(xs[0], xs[-1])
    ax.set_ylim(0, 1.0)
    ax.set_xlabel(t("decision.x"), fontsize=9.5, color=INK)
    ax.set_ylabel(t("decision.y"), fontsize=9.5, color=INK)
    _value_axis(ax.xaxis, loc)
    _value_axis(ax.yaxis, loc, as_percent=True)
    ax.legend(frameon=False, fontsize=9, loc="upper right")
    return fig


def _assumption(loc: Locale, name: str) -> str:
    """A fixed assumption in words (an unknown name as it is, literally)."""
    key = f"voi.assumption.{name}"
    return loc.text(key) if key in loc.texts else for_figure(name)


def _setting(loc: Locale, value: float) -> str:
    """A setting of an assumption with the decimals it has (up to three), never in a
    power of ten: 0.035 → "0.035", 1234567.5 → "1,234,567.5"."""
    shown = Decimal(repr(round(float(value), 3))).normalize()
    return loc.number(value, max(0, -int(shown.as_tuple().exponent)))


@_literal_text
def assumptions_tornado(result: AssumptionSensitivity, option: str, *,
                        names: Mapping[str, str] | None = None,
                        locale: Locale | None = None) -> Figure:
    """A tornado of :func:`~mcimpact.analysis.decision.assumption_sensitivity`: per fixed
    assumption a bar from the option's expected multiplier at the low end to that at the
    high end, the widest on top, with the base as a line. ``names`` maps a financing id to
    the name shown (default the id)."""
    loc = _speaking(locale)
    t = loc.text
    base = result.base.multiplier[option]
    rows = []
    for name, ends in result.one_way.items():
        low, high = ends["low"], ends["high"]
        rows.append((_assumption(loc, name), low.multiplier[option],
                     high.multiplier[option],
                     next(iter(low.settings.values())), next(iter(high.settings.values()))))
    rows.sort(key=lambda r: abs(r[2] - r[1]))
    fig, ax = _figure(t("decision.tornado_title"),
                      t("decision.tornado_subtitle",
                        option=for_figure((names or {}).get(option, option)),
                        base=loc.number(base, 2)), grid="x")
    for k, (_name, lo, hi, x_lo, x_hi) in enumerate(rows):
        ax.barh(k, lo - base, left=base, color=_SCENARIO_COLOURS[0], height=0.6,
                gid=f"tornado-low-{k}")
        ax.barh(k, hi - base, left=base, color=_SCENARIO_COLOURS[1], height=0.6,
                gid=f"tornado-high-{k}")
        for value, setting in ((lo, x_lo), (hi, x_hi)):
            ax.text(value, k, f" {_setting(loc, setting)} ", va="center",
                    fontsize=8, color=MUTED, ha="left" if value >= base else "right")
    extent = [base] + [v for r in rows for v in r[1:3]]
    span = (max(extent) - min(extent)) or 1.0
    ax.set_xlim(min(extent) - 0.12 * span, max(extent) + 0.12 * span)  # room for labels
    ax.axvline(base, color=INK, lw=1)
    ax.set_yticks(range(len(rows)), [r[0] for r in rows])
    ax.set_xlabel(t("decision.tornado_x"), fontsize=9.5, color=INK)
    _value_axis(ax.xaxis, loc)
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(color=_SCENARIO_COLOURS[0], label=t("decision.low")),
                       Patch(color=_SCENARIO_COLOURS[1], label=t("decision.high"))],
              frameon=False, fontsize=9, loc="lower right")
    return fig


@_literal_text
def assumptions_spider(result: AssumptionSensitivity, option: str, *,
                       names: Mapping[str, str] | None = None,
                       locale: Locale | None = None) -> Figure:
    """A spider chart of :func:`~mcimpact.analysis.decision.assumption_sensitivity` run
    with ``spider=``: per fixed assumption a line of the option's expected multiplier
    against the position in its range (0 at the low end, 1 at the high end), labelled
    with the assumption and its two ends, with the base as a line. ``names`` maps a
    financing id to the name shown (default the id)."""
    loc = _speaking(locale)
    t = loc.text
    if result.spider is None:
        raise ValueError("the result has no spider runs: run assumption_sensitivity with "
                         "spider=")
    base = result.base.multiplier[option]
    fig, ax = _figure(t("decision.tornado_title"),
                      t("decision.spider_subtitle",
                        option=for_figure((names or {}).get(option, option)),
                        base=loc.number(base, 2)))
    for k, (name, runs) in enumerate(result.spider.items()):
        xs = [j / (len(runs) - 1) for j in range(len(runs))]
        low, high = (next(iter(runs[j].settings.values())) for j in (0, -1))
        label = t("decision.spider_label", name=_assumption(loc, name),
                  low=_setting(loc, low), high=_setting(loc, high))
        ax.plot(xs, [r.multiplier[option] for r in runs], lw=2, marker="o", ms=3,
                color=_SCENARIO_COLOURS[k % len(_SCENARIO_COLOURS)], label=label,
                gid=f"spider-{k}")
    ax.axhline(base, color=INK, lw=1)
    ax.set_xlim(0, 1)
    _value_axis(ax.xaxis, loc)
    ax.set_xlabel(t("decision.spider_x"), fontsize=9.5, color=INK)
    ax.set_ylabel(t("decision.tornado_x"), fontsize=9.5, color=INK)
    _value_axis(ax.yaxis, loc)
    ax.legend(frameon=False, fontsize=8.5, loc="best")
    return fig


def _activities(labels: Labels | None) -> dict[str, str]:
    """Each activity's name as the report shows it: "initiative: activity"."""
    if labels is None:
        return {}
    return {key: f"{labels.initiative.get(key.split(':', 1)[0], key.split(':', 1)[0])}: "
                 f"{name}" for key, name in labels.activity.items()}


def sentences(voi: ValueOfInformation, *, locale: Locale | None = None,
              labels: Labels | None = None) -> list[str]:
    """The plain sentences of "What should we measure first?": what resolving all
    uncertainty is worth, which activity is worth measuring first (only above
    :data:`SMALL_SHARE` of the EVPI; else that the risk lies elsewhere) and what the most
    valuable study is worth. ``labels`` name the financing scenarios and the activities
    (default: their ids)."""
    loc = _speaking(locale, voi.currency)
    t = loc.text
    financing = {} if labels is None else labels.financing
    activities = _activities(labels)
    if voi.evpi.value <= 0:
        return [t("measure.none", best=financing.get(voi.best, voi.best))]
    out = [t("measure.evpi", evpi=loc.money(voi.evpi.value))]
    ranking = voi.evppi.get("activity") or ()
    if ranking:
        key = "measure.first" if ranking[0].value > SMALL_SHARE * voi.evpi.value \
            else "measure.elsewhere"
        out.append(t(key, name=activities.get(ranking[0].name, ranking[0].name),
                     value=loc.money(ranking[0].value)))
    best = max(voi.evsi, key=lambda s: s.value, default=None)
    if best is not None and round(best.value) >= 1:
        chains = {} if labels is None else labels.chain
        out.append(t("measure.study", n=loc.number(best.participants),
                     chain=chains.get(best.chain, best.chain), value=loc.money(best.value)))
    elif best is not None:  # every study worth nothing: one line instead of a table of 0
        out.append(t("measure.study_none", n=loc.number(best.participants)))
    return out


def _switching_name(loc: Locale, grouping: str, name: str) -> str:
    key = f"input.{name}" if grouping == "kind" else f"voi.assumption.{name}"
    return loc.text(key) if key in loc.texts else name


def report_section(decision: Decision, voi: ValueOfInformation, *,
                   labels: Labels | None = None, locale: Locale | None = None,
                   switching: Sequence[SwitchingValue] = (), top: int = 5) -> MeasureFirst:
    """The report's section "What should we measure first?": the plain
    :func:`sentences`, the acceptability figure, the options' decision figures, the
    ``top`` activities by EVPPI and the studies by EVSI (each with its standard error),
    and the best option's switching values (:func:`mcimpact.analysis.voi.
    switching_values`) of the input kinds and the costs, every value written in the
    locale. ``labels`` (the summary's) name the financing scenarios and the activities."""
    from .html import png_data_uri

    loc = _speaking(locale, voi.currency)
    t = loc.text
    financing = {} if labels is None else dict(labels.financing)
    activities = _activities(labels)
    money = loc.money
    fig = acceptability_chart(decision, names=financing, locale=loc)
    chains = {} if labels is None else dict(labels.chain)
    worth = voi.evpi.value > 0  # without an EVPI every EVPPI is 0: no table repeats it
    ranked = [e for e in (voi.evppi.get("activity") or ()) if round(e.value) >= 1]
    evppi = [(activities.get(e.name, e.name), money(e.value), money(e.se))
             for e in ranked[:top]] if worth else []
    studies = [s for s in voi.evsi if round(s.value) >= 1]
    evsi = [(t("measure.study_name", chain=chains.get(s.chain, s.chain),
               n=loc.number(s.participants)), money(s.value), money(s.se))
            for s in studies] if worth else []

    def caption(key: str, shown: int, given: int) -> str:  # rows worth nothing left out
        return (t(key) if shown == given
                else t("measure.zero_rows", caption=t(key), n=given - shown))
    rows = [(_switching_name(loc, v.grouping, v.name),
             MISSING if v.multiplier_one is None else loc.number(v.multiplier_one, 2),
             MISSING if v.decision is None else loc.number(v.decision, 2),
             "" if v.overtaken_by is None else financing.get(v.overtaken_by, v.overtaken_by))
            for v in switching
            if v.option == voi.best and v.grouping in ("kind", "assumption")]
    return MeasureFirst(
        title=t("measure.title"),
        sentences=tuple(sentences(voi, locale=loc, labels=labels)),
        figure=Embedded("acceptability", t("decision.title"), t("decision.reading"),
                        png_data_uri(fig)),
        options=Table(t("measure.options_caption"),
                      tuple(t(f"measure.col.{c}") for c in ("scenario", "expected", "p_best",
                                                            "loss", "p_nonneg")),
                      tuple((financing.get(o.option, o.option),
                             money(o.expected_net_benefit.value),
                             loc.probability(o.p_best.value), money(o.expected_loss.value),
                             loc.probability(o.p_net_benefit_nonnegative))
                            for o in decision.options),
                      frozenset({1, 2, 3, 4})),
        evppi=Table(caption("measure.evppi_caption", len(evppi),
                            min(top, len(voi.evppi.get("activity") or ()))),
                    (t("measure.col.name"), t("measure.col.evppi"), t("measure.col.se")),
                    tuple(evppi), frozenset({1, 2})) if evppi else None,
        evsi=Table(caption("measure.evsi_caption", len(evsi), len(voi.evsi)),
                   (t("measure.col.study"), t("measure.col.evsi"), t("measure.col.se")),
                   tuple(evsi), frozenset({1, 2})) if evsi else None,
        switching=Table(t("measure.switching_caption",
                          best=financing.get(voi.best, voi.best)),
                        tuple(t(f"measure.col.{c}") for c in ("estimate", "multiplier_one",
                                                              "decision", "then_best")),
                        tuple(rows), frozenset({1, 2})) if rows else None,
    )


def save(directory: str | Path, decision: Decision,
         fixed: AssumptionSensitivity | None = None,
         best: str | None = None, *, names: Mapping[str, str] | None = None,
         force: bool = False, locale: Locale | None = None) -> list[Path]:
    """The decision's figures (``mcimpact voi --figures``) as PNG and SVG in
    ``directory``: the acceptability curve, and with the sensitivity over the ``fixed``
    assumptions of the ``best`` option its tornado and spider chart."""
    from .figures import save as save_figure

    drawn = {"acceptability": acceptability_chart(decision, names=names, locale=locale)}
    if fixed is not None and best is not None:
        drawn["assumptions-tornado"] = assumptions_tornado(fixed, best, names=names,
                                                           locale=locale)
        drawn["assumptions-spider"] = assumptions_spider(fixed, best, names=names,
                                                         locale=locale)
    return [path for stem, fig in drawn.items()
            for path in save_figure(fig, directory, stem, force=force)]
