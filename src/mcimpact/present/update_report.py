"""What an update changed, for the terminal: prior and posterior per updated input, the
multiplier and the break-even year before and after, and one plain sentence in Dutch or
English (``mcimpact update --report``); and the same as the council report's section
"What changed after the measurements?" (:func:`report_section`).

The words of this view are in :data:`WORDS` (nl, en) rather than in the locale's
catalogues, which hold the council report's texts. The tables are laid out here as plain
lines and printed through :func:`mcimpact.present.terminal.line` (which shows every text
literally: no markup, no control characters).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from . import terminal
from .text import for_terminal

if TYPE_CHECKING:
    from ..analysis.types import BreakEven
    from ..analysis.update import Change, Curve, Evidence, InputUpdate
    from ..model.monitoring import DataFile
    from .locale import Locale
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


# ---------------------------------------------------------------------------------------
# The council report's section "What changed after the measurements?"

#: The words of the report's section (``templates/_what_changed.html.j2``); a language
#: without its own falls back to English.
SECTION_WORDS = {
    "nl": {
        "title": "Wat is er veranderd na de metingen?",
        "intro": "Dit rapport gaat over een bijgewerkt scenario (een posterior): {inputs} van "
                 "{chains} zijn met mcimpact update bijgewerkt met de metingen van {years}, "
                 "volgens de regel van Bayes: het oordeel van de analyse (de prior) "
                 "gecombineerd met wat gemeten is. Alle cijfers van dit rapport buiten deze "
                 "paragraaf zijn die van na de metingen.",
        "before": "‘Voor’ is het oordeel zonder de metingen: dit scenario met elke "
                  "bijgewerkte invoer terug op de prior die in de herkomstgegevens van het "
                  "bestand staat (het oorspronkelijke bestand wordt daar alleen met naam en "
                  "SHA-256 genoemd), berekend op dezelfde {draws} trekkingen als ‘na’, de "
                  "berekening van dit rapport. Het verschil komt dus alleen door de metingen.",
        "input_one": "1 invoergrootheid", "input_many": "{n} invoergrootheden",
        "chain_one": "1 effectketen", "chain_many": "{n} effectketens",
        "inputs_caption": "Bijgewerkte invoer: het oordeel vooraf (prior) en na de metingen "
                          "(posterior), gemiddelde (90\u00a0%-interval)",
        "inputs_header": "Keten|Invoer|Vooraf (prior)|Na de metingen (posterior)|Metingen"
                         "|Methode",
        "figures_caption": "Multiplier en terugverdienjaar van ‘{name}’, voor en na de "
                           "metingen (dezelfde {draws} trekkingen)",
        "figures_header": "|Voor de metingen|Na de metingen",
        "multiplier": "Multiplier: mediaan (90\u00a0%-interval)",
        "multiplier_mean": "Multiplier: gemiddelde",
        "p_gt_1": "Kans op een multiplier boven 1",
        "p_above": "Kans op een multiplier van {x} of meer",
        "break_even": "Terugverdienjaar: mediaan (90\u00a0%-interval)",
        "p_never": "Kans: niet terugverdiend binnen de horizon",
        "figure_title": "Oordeel en metingen per bijgewerkte invoer; de multiplier voor en na",
        "figure_reading": "Per bijgewerkte invoer het oordeel vooraf (gestreept) en na de "
                          "metingen (doorgetrokken): hoe smaller en verder verschoven, hoe "
                          "meer de metingen zeggen. Het laatste paneel: de kans op een "
                          "multiplier van x of meer, voor en na de metingen; de stippellijn "
                          "staat bij {x}.",
        "provenance": "Herkomst van de bijwerking",
        "prior_file": "Oorspronkelijk scenario (prior)", "data_file": "Meetgegevens",
        "rows": "{n} rijen", "written_by": "Bijgewerkt door", "date": "Datum van de bijwerking",
        "successes": "{s} van {n} gevolgde mensen geslaagd",
        "participants_one": "{y} mensen bereikt in 1 cohortjaar",
        "participants_many": "{y} mensen bereikt in {k} cohortjaren",
        "effect": "effect {m} ± {se} (gewogen naar precisie)",
        "exact": "exact", "fit": "fitfout {e}",
        "methods": {"beta-binomial": "bèta-binomiaal", "gamma-Poisson": "gamma-Poisson",
                    "normal-normal (truncated)": "normaal-normaal (afgekapt)"},
        "grid": "roosterposterior, benaderd door {kind}",
        "pool": "partiële pooling (pool ‘{name}’)",
    },
    "en": {
        "title": "What changed after the measurements?",
        "intro": "This report is about an updated scenario (a posterior): {inputs} of "
                 "{chains} were updated by mcimpact update with the measurements of {years}, "
                 "by Bayes' rule: the analysis's judgement (the prior) combined with what was "
                 "measured. Every figure of this report outside this section is the one "
                 "after the measurements.",
        "before": "‘Before’ is the judgement without the measurements: this scenario with "
                  "every updated input set back to the prior recorded in the file's "
                  "provenance (which names the original file by its name and SHA-256 only), "
                  "computed on the same {draws} draws as ‘after’, this report's run. So the "
                  "difference comes from the measurements alone.",
        "input_one": "1 input", "input_many": "{n} inputs",
        "chain_one": "1 effect chain", "chain_many": "{n} effect chains",
        "inputs_caption": "Updated inputs: the judgement beforehand (prior) and after the "
                          "measurements (posterior), mean (90% interval)",
        "inputs_header": "Chain|Input|Beforehand (prior)|After the measurements (posterior)"
                         "|Data|Method",
        "figures_caption": "Multiplier and break-even year of ‘{name}’, before and after the "
                           "measurements (the same {draws} draws)",
        "figures_header": "|Before the measurements|After the measurements",
        "multiplier": "Multiplier: median (90% interval)",
        "multiplier_mean": "Multiplier: mean",
        "p_gt_1": "Chance of a multiplier above 1",
        "p_above": "Chance of a multiplier of {x} or more",
        "break_even": "Break-even year: median (90% interval)",
        "p_never": "Chance of no break-even within the horizon",
        "figure_title": "Judgement and measurements per updated input; the multiplier before "
                        "and after",
        "figure_reading": "Per updated input the judgement beforehand (dashed) and after the "
                          "measurements (solid): the narrower and the further moved, the more "
                          "the data say. The last panel: the chance of a multiplier of x or "
                          "more, before and after the measurements; the dotted line is at "
                          "{x}.",
        "provenance": "Provenance of the update",
        "prior_file": "Original scenario (prior)", "data_file": "Monitoring data",
        "rows": "{n} rows", "written_by": "Updated by", "date": "Date of the update",
        "successes": "{s} successes of {n} followed",
        "participants_one": "{y} people reached in 1 cohort year",
        "participants_many": "{y} people reached in {k} cohort years",
        "effect": "effect {m} ± {se} (precision-weighted)",
        "exact": "exact", "fit": "fit error {e}",
        "methods": {},
        "grid": "grid posterior fitted to {kind}",
        "pool": "partial pooling (pool ‘{name}’)",
    },
}


def _section_words(locale: Locale) -> tuple[dict[str, Any], str]:
    """The section's words and the language of :data:`WORDS` and :func:`sentence` (nl or
    en)."""
    lang = locale.code if locale.code in SECTION_WORDS else "en"
    return SECTION_WORDS[lang], lang


def _evidence(ev: Evidence, words: dict[str, Any], loc: Locale) -> str:
    if ev.measure == "successes":
        return words["successes"].format(s=loc.number(ev.successes), n=loc.number(ev.followed))
    if ev.measure == "participants":
        key = "participants_one" if ev.cohorts == 1 else "participants_many"
        return words[key].format(y=loc.number(ev.counted), k=ev.cohorts)
    mean, se = ev.weighted / ev.precision, 1 / math.sqrt(ev.precision)
    return words["effect"].format(m=loc.number(mean, 2), se=loc.number(se, 2))


def _method(u: InputUpdate, words: dict[str, Any], loc: Locale) -> str:
    grid, pool = "grid posterior fitted to ", "partial pooling (pool '"
    if u.method.startswith(grid):
        name = words["grid"].format(kind=u.method[len(grid):])
    elif u.method.startswith(pool) and u.method.endswith("')"):
        name = words["pool"].format(name=u.method[len(pool):-2])
    else:
        name = words["methods"].get(u.method, u.method)
    how = words["exact"] if u.exact else words["fit"].format(
        e=loc.number(u.fit_error, 3 if u.fit_error >= 0.001 else 5))
    return f"{name} ({how})"


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
                   locale: Locale | None = None) -> dict[str, Any]:
    """What the report's partial ``_what_changed.html.j2`` shows, every value formatted
    in the report's language: the intro, the plain :func:`sentence`, the table of the
    updated inputs, the table of the multiplier and break-even year before and after
    (the reference financing scenario, the same draws), the figure of
    :func:`mcimpact.present.update_figures.figure` and the update's provenance (the
    ``[provenance]`` table of the posterior file and its data files). ``names`` maps a
    financing id to the name shown. Put it into the report's context as
    ``what_changed``."""
    from .html import png_data_uri
    from .locale import Locale
    from .update_figures import figure

    loc = (locale or Locale.get()).for_currency(change.prior.provenance.currency)
    words, lang = _section_words(loc)
    chains = len({u.chain for u in change.updates})
    n = len(change.updates)
    draws = loc.number(change.prior.provenance.draws)
    above = loc.number(change.above, 1) if change.above != round(change.above) else \
        loc.number(change.above)
    intro = words["intro"].format(
        inputs=words["input_one"] if n == 1 else words["input_many"].format(n=n),
        chains=words["chain_one"] if chains == 1 else words["chain_many"].format(n=chains),
        years=_years(change.years, lang))
    input_words = WORDS[lang]
    inputs = [[u.chain, input_words.get(u.input, u.input), _input_cell(u, "prior", loc),
               _input_cell(u, "posterior", loc), _evidence(u.evidence, words, loc),
               _method(u, words, loc)] for u in change.updates]
    ref0, ref1 = change.prior.ref, change.posterior.ref

    def interval(d: Any, decimals: int) -> str:
        return (f"{loc.number(d.p50, decimals)} ({loc.number(d.p5, decimals)}–"
                f"{loc.number(d.p95, decimals)})")

    def years(b: BreakEven) -> str:
        return (f"{loc.year_or_never(b.p50)} ({loc.year_or_never(b.p5)} – "
                f"{loc.year_or_never(b.p95)})")

    figures = [
        [words["multiplier"], interval(ref0.multiplier, 2), interval(ref1.multiplier, 2)],
        [words["multiplier_mean"], loc.number(ref0.multiplier.mean, 2),
         loc.number(ref1.multiplier.mean, 2)],
        [words["p_gt_1"], loc.probability(ref0.multiplier.probabilities.get("p_gt_1")),
         loc.probability(ref1.multiplier.probabilities.get("p_gt_1"))],
        [words["p_above"].format(x=above), loc.probability(change.p_above[0]),
         loc.probability(change.p_above[1])],
        [words["break_even"], years(ref0.break_even_year), years(ref1.break_even_year)],
        [words["p_never"], loc.probability(ref0.break_even_year.p_never),
         loc.probability(ref1.break_even_year.p_never)],
    ]
    reference = change.prior.reference
    fig = figure(change, curves, lang)
    prov = [(words["prior_file"], str(provenance.get("prior_file", ""))),
            ("SHA-256", str(provenance.get("prior_sha256", "")))]
    for d in files:
        prov += [(words["data_file"], f"{d.path} ({words['rows'].format(n=d.rows)})"),
                 ("SHA-256", d.sha256)]
    prov += [(words["written_by"], str(provenance.get("written_by", ""))),
             (words["date"], str(provenance.get("date", "")))]
    return {
        "title": words["title"],
        "intro": intro,
        "before": words["before"].format(draws=draws),
        "sentence": sentence(change, lang),
        "inputs_caption": words["inputs_caption"],
        "inputs_header": words["inputs_header"].split("|"),
        "inputs": inputs,
        "figures_caption": words["figures_caption"].format(
            name=(names or {}).get(reference, reference), draws=draws),
        "figures_header": words["figures_header"].split("|"),
        "figures": figures,
        "figure": {"title": words["figure_title"],
                   "reading": words["figure_reading"].format(x=above),
                   "png": png_data_uri(fig)},
        "provenance_title": words["provenance"],
        "provenance": prov,
    }
