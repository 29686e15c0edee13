"""The terminal's view of a decision (``mcimpact voi``): the options, the efficiency
frontier and the value of information, the switching values, who pays and who gains, the
sensitivity over the fixed assumptions — and the same for the options of several scenario
files — as plain lines in the language of a :class:`~mcimpact.present.locale.Locale`.

Every word comes from the locale's catalogue (``voi.*`` keys); names and ids from the
scenario are shown literally (the caller's console strips control characters). Amounts
are written in the run's currency; a no-break space between an amount and its unit is
written as a plain space, so that columns line up in a terminal.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .locale import Locale

if TYPE_CHECKING:
    from ..analysis.alternatives import FileChoice
    from ..analysis.api import Decisions
    from ..analysis.decision import AssumptionSensitivity, Decision, WhoGains
    from ..analysis.voi import Evppi, SwitchingValue, ValueOfInformation

#: Rows per EVPPI table of the options of several files.
FILE_ROWS = 10


def _money(words: Locale, x: float) -> str:
    return words.money(x).replace("\u00a0", " ")


def _decimal(words: Locale, x: float | None, decimals: int = 2) -> str:
    return words.number(x, decimals)


def _general(words: Locale, x: float) -> str:
    """A setting of a fixed assumption: up to three significant digits, no trailing
    zeros (0.035, 0.25, 2)."""
    return words.significant(x, 3)


def decision_table(words: Locale, d: Decision, evpi_value: float, evpi_se: float,
                   width: int) -> list[str]:
    """The options (expected net benefit, P(best), expected loss, P(NB ≥ 0)), the
    efficiency frontier and the EVPI; option names ``width`` wide."""
    t = words.text
    lines = [f"{t('voi.col.option'):<{width}} {t('voi.col.expected'):>16} "
             f"{t('voi.col.p_best'):>8} {t('voi.col.loss'):>16} {t('voi.col.p_nonneg'):>10}"]
    for o in d.options:
        lines.append(f"{o.option:<{width}} {_money(words, o.expected_net_benefit.value):>16} "
                     f"{words.percent(o.p_best.value, 1):>8} "
                     f"{_money(words, o.expected_loss.value):>16} "
                     f"{words.percent(o.p_net_benefit_nonnegative, 1):>10}")
    lines += ["", t("voi.frontier")]
    for p in sorted(d.frontier, key=lambda p: p.costs):
        extra = (t("voi.frontier.incremental", x=_decimal(words, p.incremental_multiplier),
                   other=p.compared_with or t("voi.frontier.nothing"))
                 if p.status == "frontier" else t(f"voi.status.{p.status}"))
        lines.append(f"  {p.option:<{width}} {_money(words, p.costs):>16} "
                     f"{_money(words, p.benefits):>16}  {extra}")
    return [*lines, "", t("voi.evpi", value=_money(words, evpi_value),
                          se=_money(words, evpi_se))]


def _evppi_rows(words: Locale, items: Sequence[Evppi]) -> list[str]:
    out = []
    for e in items:
        share = ("" if e.share_of_evpi is None
                 else "  " + words.text("voi.share", p=words.percent(e.share_of_evpi)))
        out.append(f"  {e.name:<40} {_money(words, e.value):>14} "
                   f"(± {_money(words, e.se)}){share}")
    return out


def _grouping(words: Locale, grouping: str) -> str:
    return words.text(f"voi.grouping.{grouping}")


def _item(words: Locale, grouping: str, name: str) -> str:
    """A factor as named in a table: an input kind in words, anything else (an id of the
    scenario) as it is."""
    return words.text(f"input.{name}") if grouping == "kind" else name


def value_of_information(words: Locale, v: ValueOfInformation, d: Decision,
                         top: int) -> list[str]:
    """The decision table and the value of information (EVPPI per grouping, EVSI of the
    studies) with its plain sentence."""
    t = words.text
    method = t("voi.method.additive" if v.exact else "voi.method.regression")
    head = "voi.head_one" if len(v.options) == 1 else "voi.head"
    lines = [t(head, n=len(v.options), draws=words.number(v.draws), method=method), ""]
    lines += decision_table(words, d, v.evpi.value, v.evpi.se, width=28)
    if v.evpi.value <= 0:  # every EVPPI and EVSI is 0 too
        return [*lines, "", sentence(words, v)]
    for grouping, items in v.evppi.items():
        if not items[:top]:
            continue
        lines += ["", t("voi.evppi_by", grouping=_grouping(words, grouping))]
        lines += _evppi_rows(words, [_named(words, grouping, e) for e in items[:top]])
    if v.evsi:
        lines += ["", t("voi.evsi_head")]
        for s in v.evsi:
            lines.append(f"  {s.chain:<40} n = {s.participants:<5} "
                         f"{_money(words, s.value):>14} (± {_money(words, s.se)})")
    return [*lines, "", sentence(words, v)]


def _named(words: Locale, grouping: str, e: Evppi) -> Evppi:
    import dataclasses

    return dataclasses.replace(e, name=_item(words, grouping, e.name))


def sentence(words: Locale, v: ValueOfInformation) -> str:
    """The value of information in one plain sentence."""
    t = words.text
    if len(v.options) == 1:
        return t("voi.one_option", best=v.best)
    if v.evpi.value <= 0:
        return t("voi.dominant", best=v.best)
    first = v.evppi.get("activity") or v.evppi.get("chain") or ()
    text = t("voi.sentence.evpi", value=_money(words, v.evpi.value))
    if first and first[0].value <= 0.01 * v.evpi.value:
        text += t("voi.sentence.elsewhere", name=first[0].name,
                  value=_money(words, first[0].value))
    elif first:
        text += t("voi.sentence.first", name=first[0].name,
                  value=_money(words, first[0].value))
    if v.evsi:
        best = max(v.evsi, key=lambda s: s.value)
        text += t("voi.sentence.study", n=best.participants, chain=best.chain,
                  value=_money(words, best.value))
    return text + t("voi.sentence.end")


def switching(words: Locale, values: Sequence[SwitchingValue], best: str,
              top: int) -> list[str]:
    """The switching values of the best option: the factor on each estimate at which its
    multiplier reaches 1, and at which another option becomes best."""
    t = words.text
    rows = [v for v in values if v.option == best
            and (v.multiplier_one is not None or v.decision is not None)]
    rows.sort(key=lambda v: min(abs((v.multiplier_one if v.multiplier_one is not None
                                     else math.inf) - 1),
                                abs((v.decision if v.decision is not None else math.inf) - 1)))
    if not rows:
        return []
    lines = ["", t("voi.switching.head", best=best)]
    for v in rows[:top]:
        m1 = ("-" if v.multiplier_one is None
              else t("voi.switching.factor", x=_decimal(words, v.multiplier_one)))
        sw = ("-" if v.decision is None
              else t("voi.switching.overtaken", x=_decimal(words, v.decision),
                     other=v.overtaken_by))
        what = (t(f"voi.assumption.{v.name}") if v.grouping == "assumption"
                else _item(words, v.grouping, v.name))
        lines.append(f"  {t(f'voi.switching.{v.grouping}') + ' ' + what:<40} "
                     f"{t('voi.switching.multiplier_one')} {m1:<8} "
                     f"{t('voi.switching.decision')} {sw}")
    return lines


def who_gains(words: Locale, gains: WhoGains, best: str) -> list[str]:
    """Who gains under the best option: each group's share of the benefits, the fiscal
    return, and with payers the costs borne and the net benefit per group."""
    t = words.text
    shares = ", ".join(f"{g} {words.percent(gains.share[best][g])}" for g in gains.groups)
    lines = ["", t("voi.gains.head", best=best, shares=shares)]
    if best in gains.fiscal_return:
        f = gains.fiscal_return[best]
        lines.append(t("voi.gains.fiscal", government=gains.government,
                       mean=_decimal(words, f.mean), lo=_decimal(words, f.p5),
                       hi=_decimal(words, f.p95),
                       p=words.percent(gains.p_fiscal_return_at_least_1[best])))
    if gains.payers or gains.financing_payers:
        lines.append(t("voi.gains.borne_head", best=best))
        for g in gains.groups:
            c, n = gains.costs_borne[best][g], gains.net[best][g]
            lines.append(f"  {g:<24} {t('voi.gains.costs')} {_money(words, c.mean):>16}   "
                         f"{t('voi.gains.net')} {_money(words, n.mean):>16} "
                         f"[{_money(words, n.p5)} – {_money(words, n.p95)}]")
        lines.append(f"  {t('voi.gains.funder'):<24} {t('voi.gains.costs')} "
                     f"{_money(words, gains.unassigned[best].mean):>16}")
    return lines


def assumptions(words: Locale, fixed: AssumptionSensitivity, best: str) -> list[str]:
    """One-way sensitivity over fixed assumptions: the best option's expected multiplier
    at each end of each range, and which option is best there; the two-way table."""
    t = words.text
    lines = ["", t("voi.assumptions.head", best=best,
                   base=_decimal(words, fixed.base.multiplier[best]))]
    width = max([16, *(len(t(f"voi.assumption.{name}")) for name in fixed.one_way)])
    for name, ends in fixed.one_way.items():
        low, high = ends["low"], ends["high"]
        from_file = name in fixed.ranges and fixed.ranges[name].source == "file"
        lines.append(f"  {t(f'voi.assumption.{name}'):<{width}} "
                     f"{_general(words, next(iter(low.settings.values()))):>7} -> "
                     f"{_decimal(words, low.multiplier[best]):>5} ({low.best})   "
                     f"{_general(words, next(iter(high.settings.values()))):>7} -> "
                     f"{_decimal(words, high.multiplier[best]):>5} ({high.best})"
                     + (f"   {t('voi.assumptions.from_file')}" if from_file else ""))
    two = fixed.two_way
    if two is not None:
        first, second = (t(f"voi.assumption.{f}") for f in two.factors)
        xs, ys = two.values
        lines += ["", t("voi.assumptions.two_way", best=best, first=first, second=second)]
        lines.append(f"  {first + ' / ' + second:<32}"
                     + "".join(f"{_general(words, y):>10}" for y in ys))
        for x, row in zip(xs, two.runs, strict=True):
            cells = "".join(f"{_decimal(words, run.multiplier[best]):>9}"
                            f"{'*' if run.best != best else ' '}" for run in row)
            lines.append(f"  {_general(words, x):<32}{cells}")
    return lines


def decisions(words: Locale, result: Decisions, top: int) -> list[str]:
    """Everything ``mcimpact voi`` prints for one scenario."""
    v = result.voi
    lines = value_of_information(words, v, result.decision, top)
    lines += switching(words, result.switching, v.best, top)
    if result.who_gains is not None:
        lines += who_gains(words, result.who_gains, v.best)
    if result.assumptions is not None:
        lines += assumptions(words, result.assumptions, v.best)
    return lines


def file_choice(words: Locale, choice: FileChoice, decision: Decision) -> list[str]:
    """The options of several scenario files (``mcimpact voi A.toml B.toml``)."""
    t = words.text
    lines = [t("voi.files.head", n=len(choice.options), files=len(choice.files),
               draws=words.number(choice.draws), seed=choice.seed), ""]
    lines += [f"  {label}: {path}" for label, path in choice.files.items()]
    lines += ["", *decision_table(words, decision, choice.evpi.value, choice.evpi.se,
                                  width=40)]
    if choice.evpi.value > 0:
        for grouping, items in choice.evppi.items():
            if grouping == "chain" or not items:
                continue
            lines += ["", t("voi.files.evppi_by", grouping=_grouping(words, grouping))]
            lines += _evppi_rows(words, [_named(words, grouping, e)
                                         for e in items[:FILE_ROWS]])
    lines += [t("voi.note", note=n) for n in choice.notes] + [""]
    lines.append(t("voi.files.best_every", best=choice.best) if choice.evpi.value <= 0
                 else t("voi.files.best_worth", best=choice.best,
                        value=_money(words, choice.evpi.value)))
    return lines
