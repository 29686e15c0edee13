"""Figures and report text of the decision between financing scenarios: the
acceptability curve P(multiplier ≥ x) and the "What should we measure first?" section.

Like :mod:`mcimpact.present.figures`, the figure is built from typed results
(:class:`~mcimpact.analysis.decision.Decision`, :class:`~mcimpact.analysis.voi.
ValueOfInformation`) without computing statistics, drawn without mathtext or TeX, with
scenario text passed through :func:`mcimpact.present.text.for_figure`. The few texts are
kept here per language (Dutch and English) until they move into the catalogues; any
other language falls back to English.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .figures import _SCENARIO_COLOURS, INK, MUTED, _figure, _literal_text, _value_axis
from .locale import Locale
from .text import for_figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ..analysis.decision import AssumptionSensitivity, Decision
    from ..analysis.voi import SwitchingValue, ValueOfInformation

TEXT: dict[str, dict[str, str]] = {
    "nl": {
        "title": "Hoe zeker levert elke euro minstens x op?",
        "subtitle": "Kans dat de multiplier minstens x is, per financieringsscenario "
                    "({n} trekkingen)",
        "x": "multiplier x (euro opbrengst per euro kosten)",
        "y": "kans dat de multiplier ≥ x",
        "break_even": "kosten = baten",
        "reading": "Elke lijn geeft per financieringsscenario de kans dat elke geïnvesteerde "
                   "euro minstens x euro oplevert; links van de stippellijn verdienen de "
                   "kosten zich niet terug.",
        "options_caption": "De keuze tussen de financieringsscenario's (dezelfde trekkingen)",
        "options_header": "scenario|verwachte netto opbrengst|kans beste keuze|verwacht "
                          "verlies|kans netto opbrengst ≥ 0",
        "evppi_caption": "Waarde van perfecte informatie per activiteit (EVPPI)",
        "evsi_caption": "Waarde van een meting: de successen tellen van n deelnemers (EVSI)",
        "col_name": "activiteit",
        "col_study": "meting",
        "col_se": "standaardfout",
        "tornado_title": "Wat als een vaste aanname anders is?",
        "tornado_subtitle": "Verwachte multiplier van ‘{option}’ bij de lage en hoge waarde "
                            "van elke aanname (dezelfde trekkingen); basis {base}",
        "tornado_x": "verwachte multiplier",
        "spider_subtitle": "Verwachte multiplier van ‘{option}’ van de lage naar de hoge "
                           "waarde van elke aanname (dezelfde trekkingen); basis {base}",
        "spider_x": "plaats in het bereik van de aanname (0 = laag, 1 = hoog)",
        "low": "laag",
        "high": "hoog",
        "switching_caption": "Omslagwaarden voor ‘{best}’: met welke factor op de "
                             "schatting de multiplier 1 wordt, of een ander scenario het "
                             "beste",
        "switching_header": "schatting|multiplier 1 bij factor|keuze verandert bij "
                            "factor|dan het beste",
        "section": "Wat moeten we meten?",
        "none": "‘{best}’ heeft in elke trekking de hoogste netto opbrengst: geen meting kan "
                "de keuze veranderen, dus informatie is voor deze keuze niets waard.",
        "evpi": "Alle onzekerheid wegnemen vóór de keuze is ongeveer {evpi} waard.",
        "first": "Het meest waard om eerst te meten is ‘{name}’ (ongeveer {value}).",
        "elsewhere": "De invoer van geen enkele activiteit is meer dan 1 % daarvan waard "
                     "(de hoogste: ‘{name}’, ongeveer {value}): het risico van een "
                     "verkeerde keuze zit elders, zoals in de verlenging of de kosten.",
        "study": "De successen tellen van {n} deelnemers van ‘{chain}’ is ongeveer {value} "
                 "waard vóór de beslissing.",
    },
    "en": {
        "title": "How sure is each euro to return at least x?",
        "subtitle": "Probability that the multiplier is at least x, per financing scenario "
                    "({n} draws)",
        "x": "multiplier x (benefits per unit of cost)",
        "y": "probability that the multiplier ≥ x",
        "break_even": "costs = benefits",
        "reading": "Each line gives, per financing scenario, the probability that every unit "
                   "invested returns at least x; left of the dashed line the costs are not "
                   "recovered.",
        "options_caption": "The choice between the financing scenarios (the same draws)",
        "options_header": "scenario|expected net benefit|probability best|expected "
                          "loss|probability net benefit ≥ 0",
        "evppi_caption": "Value of perfect information per activity (EVPPI)",
        "evsi_caption": "Value of a study: counting the successes of n participants (EVSI)",
        "col_name": "activity",
        "col_study": "study",
        "col_se": "standard error",
        "tornado_title": "What if a fixed assumption is different?",
        "tornado_subtitle": "Expected multiplier of '{option}' at the low and high value of "
                            "each assumption (the same draws); base {base}",
        "tornado_x": "expected multiplier",
        "spider_subtitle": "Expected multiplier of '{option}' from the low to the high value "
                           "of each assumption (the same draws); base {base}",
        "spider_x": "position in the assumption's range (0 = low, 1 = high)",
        "low": "low",
        "high": "high",
        "switching_caption": "Switching values for '{best}': the factor on the estimate at "
                             "which the multiplier reaches 1, or another scenario becomes "
                             "best",
        "switching_header": "estimate|multiplier 1 at factor|choice changes at "
                            "factor|then best",
        "section": "What should we measure first?",
        "none": "'{best}' has the largest net benefit in every draw: no measurement can "
                "change the choice, so information is worth nothing for this decision.",
        "evpi": "Resolving all uncertainty before choosing is worth about {evpi}.",
        "first": "The uncertainty worth reducing first is '{name}' (about {value}).",
        "elsewhere": "No activity's inputs are worth more than 1 % of that (the most: "
                     "'{name}', about {value}): the risk of choosing wrongly lies "
                     "elsewhere, such as in the renewal or the costs.",
        "study": "Counting the successes of {n} participants of '{chain}' is worth about "
                 "{value} before deciding.",
    },
}


#: An EVPPI below this share of the EVPI is not called worth measuring first.
SMALL_SHARE = 0.01


def _words(locale: Locale | None) -> tuple[Locale, Mapping[str, str]]:
    loc = locale or Locale.get()
    return loc, TEXT.get(loc.code, TEXT["en"])


@_literal_text
def acceptability_chart(decision: Decision, *, names: Mapping[str, str] | None = None,
                        locale: Locale | None = None) -> Figure:
    """The acceptability curve: P(M ≥ x) against x for every financing scenario, with
    the line M = 1 (benefits equal costs). ``names`` maps a financing id to the name
    shown (default the id)."""
    loc, words = _words(locale)
    fig, ax = _figure(words["title"], words["subtitle"].format(n=loc.number(decision.draws)))
    xs = list(decision.thresholds)
    for a, option in enumerate(decision.options):
        label = for_figure((names or {}).get(option.option, option.option))
        ax.plot(xs, [row[a] for row in decision.acceptability], lw=2,
                color=_SCENARIO_COLOURS[a % len(_SCENARIO_COLOURS)], label=label,
                gid=f"acceptability-{a}")
    ax.axvline(1.0, color=INK, lw=1, ls="--")
    ax.text(1.0, 0.03, " " + words["break_even"], color=MUTED, fontsize=8.5,
            transform=ax.get_xaxis_transform(), ha="left", va="bottom")
    ax.set_xlim(xs[0], xs[-1])
    ax.set_ylim(0, 1.0)
    ax.set_xlabel(words["x"], fontsize=9.5, color=INK)
    ax.set_ylabel(words["y"], fontsize=9.5, color=INK)
    _value_axis(ax.yaxis, loc, as_percent=True)
    ax.legend(frameon=False, fontsize=9, loc="upper right")
    return fig


def _assumption(loc: Locale, name: str) -> str:
    """A fixed assumption in words (an unknown name as it is, literally)."""
    key = f"voi.assumption.{name}"
    return loc.text(key) if key in loc.texts else for_figure(name)


@_literal_text
def assumptions_tornado(result: AssumptionSensitivity, option: str, *,
                        locale: Locale | None = None) -> Figure:
    """A tornado of :func:`~mcimpact.analysis.decision.assumption_sensitivity`: per fixed
    assumption a bar from the option's expected multiplier at the low end to that at the
    high end, the widest on top, with the base as a line."""
    loc, words = _words(locale)
    base = result.base.multiplier[option]
    rows = []
    for name, ends in result.one_way.items():
        low, high = ends["low"], ends["high"]
        rows.append((_assumption(loc, name), low.multiplier[option],
                     high.multiplier[option],
                     next(iter(low.settings.values())), next(iter(high.settings.values()))))
    rows.sort(key=lambda r: abs(r[2] - r[1]))
    fig, ax = _figure(words["tornado_title"],
                      words["tornado_subtitle"].format(option=for_figure(option),
                                                       base=loc.number(base, 2)), grid="x")
    for k, (_name, lo, hi, x_lo, x_hi) in enumerate(rows):
        ax.barh(k, lo - base, left=base, color=_SCENARIO_COLOURS[0], height=0.6,
                gid=f"tornado-low-{k}")
        ax.barh(k, hi - base, left=base, color=_SCENARIO_COLOURS[1], height=0.6,
                gid=f"tornado-high-{k}")
        for value, setting in ((lo, x_lo), (hi, x_hi)):
            decimals = len(f"{round(setting, 3):g}".partition(".")[2])
            ax.text(value, k, f" {loc.number(setting, decimals)} ", va="center",
                    fontsize=8, color=MUTED, ha="left" if value >= base else "right")
    ends = [base] + [v for r in rows for v in r[1:3]]
    span = (max(ends) - min(ends)) or 1.0
    ax.set_xlim(min(ends) - 0.12 * span, max(ends) + 0.12 * span)  # room for the labels
    ax.axvline(base, color=INK, lw=1)
    ax.set_yticks(range(len(rows)), [r[0] for r in rows])
    ax.set_xlabel(words["tornado_x"], fontsize=9.5, color=INK)
    _value_axis(ax.xaxis, loc)
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(color=_SCENARIO_COLOURS[0], label=words["low"]),
                       Patch(color=_SCENARIO_COLOURS[1], label=words["high"])],
              frameon=False, fontsize=9, loc="lower right")
    return fig


@_literal_text
def assumptions_spider(result: AssumptionSensitivity, option: str, *,
                       locale: Locale | None = None) -> Figure:
    """A spider chart of :func:`~mcimpact.analysis.decision.assumption_sensitivity` run
    with ``spider=``: per fixed assumption a line of the option's expected multiplier
    against the position in its range (0 at the low end, 1 at the high end), labelled
    with the assumption and its two ends, with the base as a line."""
    loc, words = _words(locale)
    if result.spider is None:
        raise ValueError("the result has no spider runs: run assumption_sensitivity with "
                         "spider=")
    base = result.base.multiplier[option]
    fig, ax = _figure(words["tornado_title"],
                      words["spider_subtitle"].format(option=for_figure(option),
                                                      base=loc.number(base, 2)))
    for k, (name, runs) in enumerate(result.spider.items()):
        xs = [j / (len(runs) - 1) for j in range(len(runs))]
        ends = [next(iter(runs[j].settings.values())) for j in (0, -1)]
        label = (f"{_assumption(loc, name)} "
                 f"({loc.number(ends[0], _decimals(ends[0]))} – "
                 f"{loc.number(ends[1], _decimals(ends[1]))})")
        ax.plot(xs, [r.multiplier[option] for r in runs], lw=2, marker="o", ms=3,
                color=_SCENARIO_COLOURS[k % len(_SCENARIO_COLOURS)], label=label,
                gid=f"spider-{k}")
    ax.axhline(base, color=INK, lw=1)
    ax.set_xlim(0, 1)
    _value_axis(ax.xaxis, loc)
    ax.set_xlabel(words["spider_x"], fontsize=9.5, color=INK)
    ax.set_ylabel(words["tornado_x"], fontsize=9.5, color=INK)
    _value_axis(ax.yaxis, loc)
    ax.legend(frameon=False, fontsize=8.5, loc="best")
    return fig


def _decimals(value: float) -> int:
    return len(f"{round(value, 3):g}".partition(".")[2])


def measure_first(voi: ValueOfInformation, *, locale: Locale | None = None,
                  top: int = 5, names: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The report section "Wat moeten we meten?" / "What should we measure first?": its
    title, the plain sentences, and the rankings (EVPPI per activity and EVSI per study)
    as rows of (name, value, standard error) formatted in the locale."""
    loc, words = _words(locale)
    loc = loc.for_currency(voi.currency)

    def money(x: float) -> str:
        return f"{voi.currency} {loc.number(x)}"

    sentences = []
    if voi.evpi.value <= 0:
        sentences.append(words["none"].format(best=(names or {}).get(voi.best, voi.best)))
    else:
        sentences.append(words["evpi"].format(evpi=money(voi.evpi.value)))
        ranking = voi.evppi.get("activity") or ()
        if ranking:
            key = "first" if ranking[0].value > SMALL_SHARE * voi.evpi.value else "elsewhere"
            sentences.append(words[key].format(name=ranking[0].name,
                                               value=money(ranking[0].value)))
        if voi.evsi:
            best = max(voi.evsi, key=lambda s: s.value)
            sentences.append(words["study"].format(n=best.participants, chain=best.chain,
                                                   value=money(best.value)))
    # Without an EVPI every EVPPI is 0: the tables would only repeat it.
    rows = {g: [{"name": e.name, "value": money(e.value), "se": money(e.se)}
                for e in items[:top]] if voi.evpi.value > 0 else []
            for g, items in voi.evppi.items()}
    rows.setdefault("activity", [])
    studies = [{"name": f"{s.chain} (n = {s.participants})", "value": money(s.value),
                "se": money(s.se)} for s in voi.evsi] if voi.evpi.value > 0 else []
    return {"title": words["section"], "sentences": sentences, "evppi": rows,
            "evsi": studies, "evpi": money(voi.evpi.value), "evpi_se": money(voi.evpi.se)}


def report_section(decision: Decision, voi: ValueOfInformation, *,
                   names: Mapping[str, str] | None = None,
                   locale: Locale | None = None,
                   switching: Sequence[SwitchingValue] = ()) -> dict[str, Any]:
    """What the report's partial ``_measure_first.html.j2`` shows: :func:`measure_first`,
    the acceptability figure as a PNG data URI, the options' decision figures and the
    best option's switching values (:func:`mcimpact.analysis.voi.switching_values`) of
    the input kinds and the costs. Put it into the report's context as
    ``measure_first``."""
    from .html import png_data_uri

    loc, words = _words(locale)
    loc = loc.for_currency(voi.currency)
    section = measure_first(voi, locale=loc, names=names)
    fig = acceptability_chart(decision, names=names, locale=loc)

    def money(x: float) -> str:
        return f"{voi.currency} {loc.number(x)}"

    section.update({
        "figure": {"title": words["title"], "reading": words["reading"],
                   "png": png_data_uri(fig)},
        "options_caption": words["options_caption"],
        "options_header": words["options_header"].split("|"),
        "options": [[(names or {}).get(o.option, o.option),
                     money(o.expected_net_benefit.value), loc.percent(o.p_best.value),
                     money(o.expected_loss.value), loc.percent(o.p_net_benefit_nonnegative)]
                    for o in decision.options],
        "evppi_caption": words["evppi_caption"], "evsi_caption": words["evsi_caption"],
        "col_name": words["col_name"], "col_study": words["col_study"],
        "col_se": words["col_se"],
        "switching_caption": words["switching_caption"].format(
            best=(names or {}).get(voi.best, voi.best)),
        "switching_header": words["switching_header"].split("|"),
        "switching": [[v.name, "–" if v.multiplier_one is None
                       else loc.number(v.multiplier_one, 2),
                       "–" if v.decision is None else loc.number(v.decision, 2),
                       "" if v.overtaken_by is None
                       else (names or {}).get(v.overtaken_by, v.overtaken_by)]
                      for v in switching
                      if v.option == voi.best and v.grouping in ("kind", "assumption")],
    })
    return section


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
        drawn["assumptions-tornado"] = assumptions_tornado(fixed, best, locale=locale)
        drawn["assumptions-spider"] = assumptions_spider(fixed, best, locale=locale)
    return [path for stem, fig in drawn.items()
            for path in save_figure(fig, directory, stem, force=force)]
