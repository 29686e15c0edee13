"""What an update changed, for the terminal: prior and posterior per updated input, the
multiplier and the break-even year before and after, and one plain sentence in Dutch or
English (``mcimpact update --report``).

The words of this view are in :data:`WORDS` (nl, en) rather than in the locale's
catalogues, which hold the council report's texts. The tables are laid out here as plain
lines and printed through :func:`mcimpact.present.terminal.line` (which shows every text
literally: no markup, no control characters).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from . import terminal
from .text import for_terminal

if TYPE_CHECKING:
    from ..analysis.types import BreakEven
    from ..analysis.update import Change, InputUpdate
    from .terminal import Console

WORDS = {
    "nl": {
        "inputs": "Bijgewerkte invoer (prior → posterior: gemiddelde [p5 – p95])",
        "chain": "keten", "input": "invoer", "prior": "prior", "posterior": "posterior",
        "data": "metingen", "method": "methode", "exact": "exact",
        "fit": "fitfout {0:.2g}",
        "figures": "Multiplier en terugverdienjaar voor en na ({0} trekkingen, dezelfde "
                   "trekkingen)",
        "before": "voor", "after": "na",
        "multiplier": "multiplier: gemiddelde [p5 – p95]",
        "p_gt_1": "kans op multiplier > 1", "p_ge_3": "kans op multiplier ≥ 3",
        "break_even": "terugverdienjaar (mediaan)", "never": "na de horizon",
        "p_never": "kans: niet terugverdiend binnen de horizon",
        "sentence": "Na de metingen van {years} is de kans op een multiplier van {above} of "
                    "meer {verb} {before} naar {after}.",
        "same": "Na de metingen van {years} is de kans op een multiplier van {above} of meer "
                "gelijk gebleven: {before}.",
        "p_above": "kans op multiplier ≥ {0}",
        "up": "gestegen van", "down": "gedaald van",
        "success_probability": "slagingskans", "effect_size": "delta",
        "participants": "deelnemers",
    },
    "en": {
        "inputs": "Updated inputs (prior → posterior: mean [p5 – p95])",
        "chain": "chain", "input": "input", "prior": "prior", "posterior": "posterior",
        "data": "data", "method": "method", "exact": "exact",
        "fit": "fit error {0:.2g}",
        "figures": "Multiplier and break-even year before and after ({0} draws, the same "
                   "draws)",
        "before": "before", "after": "after",
        "multiplier": "multiplier: mean [p5 – p95]",
        "p_gt_1": "P(multiplier > 1)", "p_ge_3": "P(multiplier ≥ 3)",
        "break_even": "break-even year (median)", "never": "after the horizon",
        "p_never": "P(no break-even within the horizon)",
        "sentence": "After the measurements of {years} the chance of a multiplier of {above} "
                    "or more {verb} {before} to {after}.",
        "same": "After the measurements of {years} the chance of a multiplier of {above} or "
                "more stayed at {before}.",
        "p_above": "P(multiplier ≥ {0})",
        "up": "rose from", "down": "fell from",
        "success_probability": "success probability", "effect_size": "effect size",
        "participants": "participants",
    },
}


def _num(x: float) -> str:
    if not math.isfinite(x):
        return "–"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    return f"{x:.3g}"


def _pct(p: float | None, lang: str) -> str:
    if p is None or not math.isfinite(p):
        return "–"
    return f"{100 * p:.0f} %"


def _years(years: tuple[str, ...], lang: str) -> str:
    if not years:
        return "?"
    numbers = [int(y) for y in years]
    if len(numbers) > 1 and numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]}–{numbers[-1]}"
    joiner = " en " if lang == "nl" else " and "
    return years[0] if len(years) == 1 else ", ".join(years[:-1]) + joiner + years[-1]


def _cell(u: InputUpdate, which: str) -> str:
    from ..analysis.update import quantiles

    inp = u.prior if which == "prior" else u.posterior
    mean, _ = u.prior_moments if which == "prior" else u.posterior_moments
    lo, hi = quantiles(inp)
    name = f"'{u.prior_label}' " if which == "prior" and u.prior_label else ""
    return f"{name}{_num(mean)} [{_num(lo)} – {_num(hi)}]"


def _break_even(be: BreakEven, words: dict[str, str]) -> str:
    return words["never"] if be.p50 is None else str(be.p50)


def _above(x: float, lang: str) -> str:
    text = f"{x:g}"
    return text.replace(".", ",") if lang == "nl" else text


def sentence(change: Change, lang: str = "nl") -> str:
    """The plain sentence: how the chance of a multiplier of ``change.above`` or more
    changed (the reference financing scenario, the same draws before and after)."""
    words = WORDS[lang]
    before, after = change.p_above
    years = _years(change.years, lang)
    b, a = _pct(before, lang), _pct(after, lang)
    above = _above(change.above, lang)
    if b == a:
        return words["same"].format(years=years, before=b, above=above)
    verb = words["up"] if after > before else words["down"]
    return words["sentence"].format(years=years, verb=verb, before=b, after=a, above=above)


def _lines(title: str, header: list[str], rows: list[list[str]], right: set[int],
           widest: int = 34) -> list[str]:
    """A plain table: a title, a header, a rule and the rows, in columns as wide as their
    widest cell (at most ``widest`` characters; longer cells end in …)."""
    cells = [[for_terminal(c) for c in row] for row in [header, *rows]]
    cells = [[c if len(c) <= widest else c[: widest - 1] + "…" for c in row] for row in cells]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]

    def fmt(row: list[str]) -> str:
        return "  ".join(c.rjust(w) if i in right else c.ljust(w)
                         for i, (c, w) in enumerate(zip(row, widths, strict=True))).rstrip()

    return [for_terminal(title), fmt(cells[0]), "  ".join("─" * w for w in widths),
            *(fmt(row) for row in cells[1:])]


def report(out: Console, change: Change, lang: str = "nl") -> None:
    """Print what changed: the inputs table, the figures before and after, the sentence."""
    words = WORDS[lang]
    rows = []
    for u in change.updates:
        how = words["exact"] if u.exact else words["fit"].format(u.fit_error)
        rows.append([u.chain, words.get(u.input, u.input), _cell(u, "prior"),
                     _cell(u, "posterior"), u.evidence.describe(), f"{u.method} ({how})"])
    header = [words[h] for h in ("chain", "input", "prior", "posterior", "data", "method")]
    for text in _lines(words["inputs"], header, rows, set(), widest=52):
        terminal.line(out, text)
    terminal.line(out)
    draws = f"{change.prior.provenance.draws:,}"
    if lang == "nl":
        draws = draws.replace(",", ".")
    m0, m1 = change.prior.ref.multiplier, change.posterior.ref.multiplier
    b0, b1 = change.prior.ref.break_even_year, change.posterior.ref.break_even_year
    rows = [
        [words["multiplier"], f"{m0.mean:.2f} [{m0.p5:.2f} – {m0.p95:.2f}]",
         f"{m1.mean:.2f} [{m1.p5:.2f} – {m1.p95:.2f}]"],
        [words["p_gt_1"], _pct(m0.probabilities.get("p_gt_1"), lang),
         _pct(m1.probabilities.get("p_gt_1"), lang)],
        [words["p_ge_3"], _pct(m0.probabilities.get("p_ge_3"), lang),
         _pct(m1.probabilities.get("p_ge_3"), lang)],
        [words["p_above"].format(_above(change.above, lang)), _pct(change.p_above[0], lang),
         _pct(change.p_above[1], lang)],
        [words["break_even"], _break_even(b0, words), _break_even(b1, words)],
        [words["p_never"], _pct(b0.p_never, lang), _pct(b1.p_never, lang)],
    ]
    for text in _lines(words["figures"].format(draws), ["", words["before"], words["after"]],
                       rows, {1, 2}, widest=48):
        terminal.line(out, text)
    terminal.line(out)
    terminal.line(out, sentence(change, lang))
