"""What an update changed, in the words of a :class:`~mcimpact.present.locale.Locale`:
for the terminal (``mcimpact update --report``: prior and posterior per updated input,
the multiplier and the break-even year before and after, and one plain sentence) and as
the council report's section "What changed after the measurements?"
(:func:`report_section`).

Every word is a catalogue key (``update.*``, ``changed.*``); the data on an input are
worded from their typed sufficient statistics (:func:`evidence`), the method of its
update from its name (:func:`method`), and every number is written in the locale's
style. The terminal's tables are laid out here as plain lines and printed through
:func:`mcimpact.present.terminal.line` (which shows every text literally: no markup, no
control characters).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from . import terminal
from .locale import MISSING, Locale
from .sections import Figure, ProvenanceRow, Table, WhatChanged
from .text import for_terminal

if TYPE_CHECKING:
    from ..analysis.types import BreakEven, Distribution
    from ..analysis.update import Change, Curve, Evidence, InputUpdate
    from ..model.monitoring import DataFile
    from .terminal import Console

#: The catalogue key of each exact method of an update (docs/monitoring.md); the general
#: method and partial pooling are named by their prefix, any other method literally.
METHODS = {"beta-binomial": "update.method.beta_binomial",
           "gamma-Poisson": "update.method.gamma_poisson",
           "normal-normal (truncated)": "update.method.normal_normal"}
_GRID, _POOL = "grid posterior fitted to ", "partial pooling (pool '"


def _speaking(locale: Locale | None, change: Change) -> Locale:
    return (locale or Locale.get()).for_currency(change.prior.provenance.currency)


def _plain(text: str) -> str:
    """Text for a terminal column: a no-break space as a plain one."""
    return text.replace("\u00a0", " ")


def years(change: Change, locale: Locale) -> str:
    """The calendar years of the data: "2021–2023" for a run of years, else "2021 and
    2023" in the locale's words."""
    given = change.years
    if not given:
        return locale.text("update.years.none")
    numbers = [int(y) for y in given]
    if len(numbers) > 1 and numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]}–{numbers[-1]}"
    return locale.listing(given)


def sentence(change: Change, locale: Locale | None = None) -> str:
    """The plain sentence: how the chance of a multiplier of ``change.above`` or more
    changed (the reference financing scenario, the same draws before and after). It is
    also the ``sentence`` of ``update --report --json``: its percentages are set off by
    a plain space."""
    loc = _speaking(locale, change)
    before, after = change.p_above
    b, a = (_plain(loc.percent(p)) for p in (before, after))
    values = {"years": years(change, loc), "before": b, "after": a,
              "above": loc.significant(change.above, 6)}
    if b == a:
        return loc.text("update.sentence.same", **values)
    return loc.text("update.sentence.up" if after > before else "update.sentence.down",
                    **values)


def evidence(ev: Evidence, locale: Locale) -> str:
    """The data on one input in words, from their sufficient statistics: "31 successes of
    80 followed", "127 people reached in 2 cohort years", "effect 0.3 ± 0.07
    (precision-weighted)"."""
    if ev.measure == "successes":
        return locale.text("update.evidence.successes", s=locale.number(ev.successes),
                           n=locale.number(ev.followed))
    if ev.measure == "participants":
        key = ("update.evidence.participants_one" if ev.cohorts == 1
               else "update.evidence.participants")
        return locale.text(key, y=locale.number(ev.counted), k=locale.number(ev.cohorts))
    mean, se = ev.weighted / ev.precision, ev.precision ** -0.5
    return locale.text("update.evidence.effect", m=locale.significant(mean, 4),
                       se=locale.significant(se, 2))


def method(u: InputUpdate, locale: Locale) -> str:
    """How the posterior was found, and how exactly: "beta-binomial (exact)", "grid
    posterior fitted to beta (fit error 0.00064)"."""
    t = locale.text
    if u.method.startswith(_GRID):
        name = t("update.method.grid", kind=u.method[len(_GRID):])
    elif u.method.startswith(_POOL) and u.method.endswith("')"):
        name = t("update.method.pool", name=u.method[len(_POOL):-2])
    elif u.method in METHODS:
        name = t(METHODS[u.method])
    else:
        name = u.method
    how = t("update.exact") if u.exact else t("update.fit",
                                               e=locale.significant(u.fit_error, 2))
    return t("update.method", method=name, how=how)


def _input(u: InputUpdate, locale: Locale) -> str:
    key = f"input.{u.input}"
    return locale.text(key) if key in locale.texts else u.input


# ---------------------------------------------------------------------------------------
# The terminal


def _num(x: float, loc: Locale) -> str:
    """A value of an input: whole from 100 on, else three significant digits."""
    if x != x or x in (float("inf"), float("-inf")):
        return MISSING
    return loc.number(x) if abs(x) >= 100 else loc.significant(x, 3)


def _cell(u: InputUpdate, which: str, loc: Locale) -> str:
    from ..analysis.update import quantiles

    inp = u.prior if which == "prior" else u.posterior
    mean, _ = u.prior_moments if which == "prior" else u.posterior_moments
    lo, hi = quantiles(inp)
    name = f"'{u.prior_label}' " if which == "prior" and u.prior_label else ""
    return f"{name}{_num(mean, loc)} [{_num(lo, loc)} – {_num(hi, loc)}]"


def _lines(title: str, header: list[str], rows: list[list[str]], right: set[int],
           widest: int = 34) -> list[str]:
    """A plain table: a title, a header, a rule and the rows, in columns as wide as their
    widest cell (at most ``widest`` characters; longer cells end in …)."""
    cells = [[for_terminal(_plain(c)) for c in row] for row in [header, *rows]]
    cells = [[c if len(c) <= widest else c[: widest - 1] + "…" for c in row] for row in cells]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]

    def fmt(row: list[str]) -> str:
        return "  ".join(c.rjust(w) if i in right else c.ljust(w)
                         for i, (c, w) in enumerate(zip(row, widths, strict=True))).rstrip()

    return [for_terminal(title), fmt(cells[0]), "  ".join("─" * w for w in widths),
            *(fmt(row) for row in cells[1:])]


def lines(change: Change, locale: Locale | None = None) -> list[str]:
    """What ``update --report`` prints: the inputs table, the figures before and after,
    the sentence."""
    loc = _speaking(locale, change)
    t = loc.text
    rows = [[u.chain, _input(u, loc), _cell(u, "prior", loc), _cell(u, "posterior", loc),
             evidence(u.evidence, loc), method(u, loc)] for u in change.updates]
    header = [t(f"update.col.{h}") for h in ("chain", "input", "prior", "posterior", "data",
                                             "method")]
    out = _lines(t("update.inputs"), header, rows, set(), widest=60)
    m0, m1 = change.prior.ref.multiplier, change.posterior.ref.multiplier
    b0, b1 = change.prior.ref.break_even_year, change.posterior.ref.break_even_year

    def mean(m: Distribution) -> str:
        return f"{loc.number(m.mean, 2)} [{loc.number(m.p5, 2)} – {loc.number(m.p95, 2)}]"

    def year(b: BreakEven) -> str:
        return t("after_horizon") if b.p50 is None else str(b.p50)

    p = loc.probability
    rows = [
        [t("update.multiplier"), mean(m0), mean(m1)],
        [t("update.p_gt_1"), p(m0.probabilities.get("p_gt_1")),
         p(m1.probabilities.get("p_gt_1"))],
        [t("update.p_ge_3"), p(m0.probabilities.get("p_ge_3")),
         p(m1.probabilities.get("p_ge_3"))],
        [t("update.p_above", x=loc.significant(change.above, 6)), p(change.p_above[0]),
         p(change.p_above[1])],
        [t("update.break_even"), year(b0), year(b1)],
        [t("update.p_never"), p(b0.p_never), p(b1.p_never)],
    ]
    out += [""]
    out += _lines(t("update.figures", draws=loc.number(change.prior.provenance.draws)),
                  ["", t("update.col.before"), t("update.col.after")], rows, {1, 2},
                  widest=48)
    return [*out, "", sentence(change, loc)]


def report(out: Console, change: Change, locale: Locale | None = None) -> None:
    """Print :func:`lines`."""
    for text in lines(change, locale):
        terminal.line(out, text)


# ---------------------------------------------------------------------------------------
# The council report's section "What changed after the measurements?"


def _input_cell(u: InputUpdate, which: str, loc: Locale) -> str:
    """Mean (p5–p95) of the prior or the posterior; a count in whole people, a share
    with two decimals; the prior's label before it."""
    from ..analysis.update import quantiles

    inp = u.prior if which == "prior" else u.posterior
    mean, _ = u.prior_moments if which == "prior" else u.posterior_moments
    lo, hi = quantiles(inp)
    decimals = 0 if u.input == "participants" else 2
    label = f"‘{u.prior_label}’ " if which == "prior" and u.prior_label else ""
    return (f"{label}{loc.number(mean, decimals)} ({loc.number(lo, decimals)}–"
            f"{loc.number(hi, decimals)})")


def report_section(change: Change, curves: list[Curve], files: Sequence[DataFile],
                   provenance: Mapping[str, Any], *, names: Mapping[str, str] | None = None,
                   locale: Locale | None = None) -> WhatChanged:
    """The report's section "What changed after the measurements?", every value written
    in the report's language: the intro, the plain :func:`sentence`, the table of the
    updated inputs, the table of the multiplier and break-even year before and after
    (the reference financing scenario, the same draws), the figure of
    :func:`mcimpact.present.update_figures.figure` and the update's provenance (the
    ``[provenance]`` table of the posterior file and its data files). ``names`` maps a
    financing id to the name shown."""
    from .html import png_data_uri
    from .update_figures import figure

    loc = _speaking(locale, change)
    t = loc.text
    chains = len({u.chain for u in change.updates})
    n = len(change.updates)
    draws = loc.number(change.prior.provenance.draws)
    above = loc.number(change.above, 1) if change.above != round(change.above) else \
        loc.number(change.above)
    intro = t("changed.intro",
              inputs=t("changed.input_one") if n == 1 else t("changed.input_many", n=n),
              chains=t("changed.chain_one") if chains == 1 else t("changed.chain_many",
                                                                  n=chains),
              years=years(change, loc))
    inputs = tuple((u.chain, _input(u, loc), _input_cell(u, "prior", loc),
                    _input_cell(u, "posterior", loc), evidence(u.evidence, loc),
                    method(u, loc)) for u in change.updates)
    ref0, ref1 = change.prior.ref, change.posterior.ref

    def interval(d: Distribution, decimals: int) -> str:
        return (f"{loc.number(d.p50, decimals)} ({loc.number(d.p5, decimals)}–"
                f"{loc.number(d.p95, decimals)})")

    def span(b: BreakEven) -> str:
        return (f"{loc.year_or_never(b.p50)} ({loc.year_or_never(b.p5)} – "
                f"{loc.year_or_never(b.p95)})")

    figures = (
        (t("changed.multiplier"), interval(ref0.multiplier, 2), interval(ref1.multiplier, 2)),
        (t("changed.multiplier_mean"), loc.number(ref0.multiplier.mean, 2),
         loc.number(ref1.multiplier.mean, 2)),
        (t("changed.p_gt_1"), loc.probability(ref0.multiplier.probabilities.get("p_gt_1")),
         loc.probability(ref1.multiplier.probabilities.get("p_gt_1"))),
        (t("changed.p_above", x=above), loc.probability(change.p_above[0]),
         loc.probability(change.p_above[1])),
        (t("changed.break_even"), span(ref0.break_even_year), span(ref1.break_even_year)),
        (t("changed.p_never"), loc.probability(ref0.break_even_year.p_never),
         loc.probability(ref1.break_even_year.p_never)),
    )
    reference = change.prior.reference
    prov = [ProvenanceRow(t("changed.prior_file"), str(provenance.get("prior_file", ""))),
            ProvenanceRow(t("changed.prior_sha256"), str(provenance.get("prior_sha256", "")),
                          code=True)]
    for d in files:
        prov += [ProvenanceRow(t("changed.data_file"), t("changed.rows", path=d.path,
                                                         n=loc.number(d.rows))),
                 ProvenanceRow(t("changed.data_sha256"), d.sha256, code=True)]
    prov += [ProvenanceRow(t("changed.written_by"), str(provenance.get("written_by", ""))),
             ProvenanceRow(t("changed.date"), str(provenance.get("date", "")))]
    return WhatChanged(
        title=t("changed.title"),
        sentence=sentence(change, loc),
        intro=intro,
        before=t("changed.before", draws=draws),
        inputs=Table(t("changed.inputs_caption"),
                     tuple(t(f"changed.col.{c}") for c in ("chain", "input", "prior",
                                                           "posterior", "data", "method")),
                     inputs, frozenset({2, 3})),
        figures=Table(t("changed.figures_caption",
                        name=(names or {}).get(reference, reference), draws=draws),
                      ("", t("changed.col.before"), t("changed.col.after")), figures,
                      frozenset({1, 2})),
        figure=Figure("what-changed", t("changed.figure_title"),
                      t("changed.figure_reading", x=above),
                      png_data_uri(figure(change, curves, loc))),
        provenance_title=t("changed.provenance"),
        provenance=tuple(prov),
    )
