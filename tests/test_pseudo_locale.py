"""Pseudo-localisation (the i18n habit of Android's ``en-XA`` and gettext's test
catalogues): a catalogue generated from the English one with every text wrapped in
markers, ``⟦…⟧`` (placeholders kept inside, the number style and the units kept so
numbers still format), registered as the language ``xx`` for the test. Under it, the
terminal output of every command, the report's text and the text of every figure holds
no word outside markers — apart from what the scenario says (names, ids, labels: taken
from the scenario itself) and numbers, units and punctuation. A word that is not wrapped
did not come from a catalogue: a third language would show it in English.

And the same commands in Dutch (``--lang nl``) show none of the common English words of
the outputs.
"""

from __future__ import annotations

import re
import shutil
import tomllib
from collections.abc import Iterable
from pathlib import Path

import pytest
from typer.testing import CliRunner

import mcimpact
from locales import english, register
from mcimpact.cli import app
from mcimpact.present.catalogues import en
from mcimpact.present.locale import Locale

HERE = Path(__file__).parent
TWO = HERE / "data" / "two-financing.toml"
TWO_MONITORING = HERE / "data" / "two-financing-monitoring.csv"
CODE = "xx"
OPEN, CLOSE = "⟦", "⟧"
runner = CliRunner()


# --------------------------------------------------------------------------------------
# The pseudo catalogue


def wrap(text: str) -> str:
    return f"{OPEN}{text}{CLOSE}"


def wrap_words(text: str) -> str:
    """The words of a number pattern wrapped, its placeholders and signs kept: "{amount}
    thousand" → "{amount} ⟦thousand⟧"."""
    return re.sub(r"(?<!\{)\b[^\W\d_]+\b(?![^{]*\})", lambda m: wrap(m.group()), text)


def pseudo() -> object:
    """The English catalogue with every text wrapped: each TEXT, the currencies' names
    and the scales' words and short forms, the months; the number patterns' words
    ("thousand"); separators, units and symbols as they are."""
    return english(
        NAME=wrap("Pseudo"),
        TEXT={key: wrap(text) for key, text in en.TEXT.items()},
        NUMBERS={key: wrap_words(p) for key, p in en.NUMBERS.items()},
        CURRENCIES={code: {k: v if k == "symbol" else wrap(v) for k, v in names.items()}
                    for code, names in en.CURRENCIES.items()},
        SCALES={f: (wrap(short), wrap(word)) for f, (short, word) in en.SCALES.items()},
        MONTHS=tuple(wrap(m) for m in en.MONTHS),
    )


@pytest.fixture
def xx(monkeypatch):
    return register(monkeypatch, CODE, pseudo())


# --------------------------------------------------------------------------------------
# What may stand outside the markers


def unwrapped(text: str) -> str:
    """``text`` without every marked part (markers may nest: a currency's name inside a
    sentence)."""
    previous = None
    while previous != text:
        previous = text
        text = re.sub(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}", " ", text)
    return text


NUMBER = re.compile(r"[-+]?\d[\d.,]*(?:e[-+]?\d+)?")
WORD = re.compile(r"[^\W\d_]+")


def words(text: str) -> set[str]:
    """The words of a text: runs of letters, numbers (with an exponent) taken out
    first."""
    return set(WORD.findall(NUMBER.sub(" ", text)))


def strings(data: object) -> Iterable[str]:
    """Every key and text of parsed TOML data."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield str(key)
            yield from strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from strings(value)
    elif isinstance(data, str):
        yield data


def scenario_words(*paths: Path | None, extra: Iterable[str] = ()) -> set[str]:
    """What a scenario says, as words: every text and key of its file, and the names,
    ids and labels of the model it becomes (the default groups, domains and label
    scales); the kinds of distribution (a posterior is fitted to one, named by it); the
    files' paths; and ``extra`` (the paths of outputs)."""
    from mcimpact.model.distributions import KINDS

    found: set[str] = set()
    for path in paths:
        model = mcimpact.load(path)
        found |= set().union(*(words(s) for s in strings(tomllib.loads(model.text))))
        texts = [model.meta.currency, model.meta.name, model.path,
                 *(n for g in (*model.beneficiaries, *model.domains)
                   for n in (g.id, *g.names.values())),
                 *(label for scale in model.scales.values() for label in scale),
                 *(f"{i.id} {i.name} {i.neighbourhood}" for i in model.initiatives),
                 *(f"{a.key} {a.name}" for a in model.activities),
                 *(c.id for c in model.chains),
                 *(f"{f.id} {f.name} {f.description}" for f in model.financing)]
        found |= set().union(*(words(t) for t in texts))
    found |= set().union(*(words(k) for k in KINDS))
    return found | set().union(set(), *(words(str(e)) for e in extra))


def outside(text: str, allowed: set[str]) -> set[str]:
    return words(unwrapped(text)) - allowed


# --------------------------------------------------------------------------------------
# The commands


def commands(tmp: Path) -> dict[str, list[str]]:
    """Every command, on small runs (``{lang}`` is filled in)."""
    other = tmp / "other-option.toml"
    shutil.copy(TWO, other)
    return {
        "validate": ["validate", str(TWO)],
        "convert": ["convert", str(TWO), str(tmp / "two.xlsx"), "--force"],
        "init": ["init", str(tmp / "starter.toml"), "--force"],
        "init-sroi": ["init", str(tmp / "sroi.toml"), "--template", "sroi", "--force"],
        "sim": ["sim", str(TWO), "-n", "500", "--seed", "3"],
        "sim-deterministic": ["sim", str(TWO), "--deterministic"],
        "sensitivity": ["sensitivity", str(TWO), "-n", "300", "--seed", "3"],
        "plot": ["plot", str(TWO), "-n", "300", "--seed", "3", "-o", str(tmp / "figures"),
                 "--force"],
        "report": ["report", str(TWO), "-n", "300", "--seed", "3", "-o",
                   str(tmp / "report.html"), "--force"],
        "update": ["update", str(TWO), str(TWO_MONITORING), "--report", "-n", "300",
                   "--seed", "3", "--date", "2026-01-01", "-o", str(tmp / "posterior.toml"),
                   "--force", "--figures", str(tmp / "update-figures")],
        "voi": ["voi", str(TWO), "-n", "300", "--seed", "3", "--assumptions", "--figures",
                str(tmp / "voi-figures"), "--force"],
        "voi-files": ["voi", str(TWO), str(other), "-n", "300", "--seed", "3"],
    }


def run(args: list[str], lang: str) -> str:
    result = runner.invoke(app, [*args, "--lang", lang])
    assert result.exit_code == 0, (args, result.output)
    return result.output


HASH = re.compile(r"\b[0-9a-f]{64}\b")


def page_text(html: str) -> str:
    """The text of a page, one line per text node (no styles or figures), without its
    SHA-256 hashes (data)."""
    from golden_analyses import _Text

    parser = _Text()
    parser.feed(html)
    return HASH.sub(" ", "\n".join(parser.lines))


@pytest.mark.parametrize("name", list(commands(Path("/tmp"))))
def test_every_word_of_a_commands_output_comes_from_the_catalogue(name, xx, tmp_path):
    args = commands(tmp_path)[name]
    output = run(args, CODE)
    allowed = scenario_words(TWO, extra=[tmp_path, *args])
    assert outside(output, allowed) == set(), output
    if name == "report":
        html = (tmp_path / "report.html").read_text(encoding="utf-8")
        assert outside(page_text(html), allowed) == set()


def test_every_word_of_a_posterior_scenarios_report_comes_from_the_catalogue(xx,
                                                                              tmp_path):
    posterior = tmp_path / "posterior.toml"
    assert runner.invoke(app, ["update", str(TWO), str(TWO_MONITORING), "-o",
                               str(posterior), "--date", "2026-01-01"]).exit_code == 0
    page = tmp_path / "report.html"
    output = run(["report", str(posterior), "-n", "300", "--seed", "3", "-o", str(page)],
                 CODE)
    allowed = scenario_words(TWO, posterior, extra=[tmp_path, TWO_MONITORING])
    assert outside(output, allowed) == set()
    text = page_text(page.read_text(encoding="utf-8"))
    assert wrap(en.TEXT["changed.title"]) in text  # the section is there
    assert outside(text, allowed) == set()


def figure_texts(fig) -> list[str]:
    """Every text of a figure as drawn (tick labels are made while drawing)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    FigureCanvasAgg(fig).draw()
    return [t.get_text() for t in fig.findobj(Text) if t.get_visible()]


@pytest.fixture(scope="module")
def analyses():
    """The typed results every figure is drawn from: a report's, the decision's with the
    fixed assumptions, and an update's comparison."""
    from mcimpact.analysis import update as updating
    from mcimpact.analysis.api import decisions, report_results
    from mcimpact.readers import monitoring
    from mcimpact.readers.posterior import render
    from mcimpact.readers.toml import parse

    scenario = mcimpact.load(TWO)
    got = report_results(scenario, 400, 3, measure=False)
    made = decisions(scenario, 400, 3, assumptions=True, spider=3)
    post = updating.update(scenario, monitoring.load(TWO_MONITORING, scenario))
    posterior = parse(render(post, prior_path=scenario.path, prior_sha256=scenario.sha256,
                             date="2026-01-01", version="test"), "posterior.toml")
    change = updating.compare(scenario, posterior, post, 400, 3)
    return scenario, got, made, change, updating.curves(change.updates)


def every_figure(analyses, locale: Locale) -> list:
    """Every figure of the package: the report's (also of a point run), the decision's
    and the update's."""
    from mcimpact.present import decision_figures, figures, update_figures

    scenario, got, made, change, curves = analyses
    drawn = list(figures.all_figures(got.summary, got.sensitivity, point=0.9,
                                     locale=locale).values())
    drawn.append(figures.all_figures(got.point, locale=locale)["fan"])
    names = {f.id: f.name for f in scenario.financing}
    best = made.voi.best
    return [*drawn,
            decision_figures.acceptability_chart(made.decision, names=names, locale=locale),
            decision_figures.assumptions_tornado(made.assumptions, best, names=names,
                                                 locale=locale),
            decision_figures.assumptions_spider(made.assumptions, best, names=names,
                                                locale=locale),
            update_figures.figure(change, curves, locale)]


def test_every_word_of_every_figure_comes_from_the_catalogue(xx, analyses):
    allowed = scenario_words(TWO)
    found = {text: outside(text, allowed) for fig in every_figure(analyses, xx)
             for text in figure_texts(fig)}
    assert {text: w for text, w in found.items() if w} == {}
    assert any(OPEN in text for text in found)  # the figures speak the pseudo language


def test_the_pseudo_catalogue_keeps_every_placeholder_and_marks_every_text():
    loc = Locale.of_catalogue(CODE, pseudo())
    for key, text in loc.texts.items():
        assert text.startswith(OPEN) and text.endswith(CLOSE), key
    assert loc.money(1234.5) == "EUR\u00a01,235"  # numbers and units as in English
    assert loc.money_short(2_500_000) == f"EUR\u00a02.5\u00a0{wrap('million')}"
    assert outside(loc.text("report.made", draws="1,000", date="x"), set()) == set()


# --------------------------------------------------------------------------------------
# In Dutch

#: Common English words of the outputs (from the English catalogue's most frequent
#: words), none of which is Dutch (words both languages write alike — "is", "per",
#: "effect", "interval", "horizon", "posterior", "seed" — are left out).
ENGLISH = {"the", "and", "with", "from", "to", "for", "at", "are",
           "not", "no", "or", "by", "between", "within", "after", "before", "written",
           "draws", "benefits", "costs", "net", "benefit", "break", "year",
           "years", "chance", "probability", "expected", "loss", "option",
           "activity", "activities", "input", "inputs", "chain", "chains", "value", "values",
           "participants", "success", "size", "data", "method", "fit",
           "error", "note", "warning", "file", "files", "results", "figure", "figures",
           "report", "summary", "sensitivity", "financing", "initiative", "initiatives",
           "beneficiary", "domain", "period", "median", "mean", "standard",
           "measure", "measurements", "study", "worth", "about", "uncertainty", "decision",
           "choice", "deciding", "changed", "fell", "rose", "stayed", "first", "order",
           "total", "swing", "output", "share", "frontier", "dominated", "discount",
           "rate", "assumption", "assumptions", "low", "high", "base", "who", "gains",
           "funder", "fiscal", "return", "returns", "each", "every", "thousand",
           "million", "billion", "successes", "followed", "people", "reached", "cohort",
           "grid", "fitted", "OK", "starter", "run",
           "check", "points", "point", "estimate"}


def format_names() -> set[str]:
    """The names of the input files' formats (a scenario's keys, a monitoring file's
    columns and measures), which the catalogues' problems name as they are."""
    from pydantic import BaseModel

    from mcimpact.model.monitoring import MEASURES
    from mcimpact.readers import _schema
    from mcimpact.readers.monitoring import OPTIONAL, REQUIRED

    found = {*MEASURES, *REQUIRED, *OPTIONAL, "low", "high", "confidence", "label", "dist"}
    for model in vars(_schema).values():
        if isinstance(model, type) and issubclass(model, BaseModel):
            found |= set(model.model_fields)
    return found


def test_the_english_word_list_holds_no_dutch_word():
    from mcimpact.present.catalogues import nl

    # the Dutch catalogue's words, without its placeholders and what it quotes of the
    # command line and the files: flags, commands, tables, JSON keys; and in the
    # problems' texts, what they quote and the files' own names (low, high, chains)
    listed = "|".join(sorted(format_names()))
    names = re.compile(rf"'[^']*'|\b(?:{listed})\b")
    texts = (re.sub(r"\{[^}]*\}|--[\w-]+|mcimpact \w+|\[\[?\w+\]\]?|\w+_\w+", " ",
                    names.sub(" ", t) if key.startswith("problem.") else t)
             for key, t in nl.TEXT.items())
    dutch = set().union(*(words(t.lower()) for t in texts))
    # source: the Dutch catalogue; words both languages write alike are left out above
    assert {w.lower() for w in ENGLISH} & dutch == set()


#: The bundled Groningen scenario's own words (its file and the report it reconstructs),
#: which another city's outputs must not use (issue 22): the scenario names them in
#: [meta.nouns] and its groups, the catalogues do not.
GRONINGEN = {"groningen", "groningse", "wijkbedrijf", "wijkbedrijven", "kompas",
             "leefdomein", "leefdomeinen"}


@pytest.mark.parametrize("name", list(commands(Path("/tmp"))))
def test_every_command_in_dutch_has_no_english_word(name, tmp_path):
    args = commands(tmp_path)[name]
    output = run(args, "nl")
    allowed = scenario_words(TWO, extra=[tmp_path, *args])
    found = {w for w in words(output) if w in ENGLISH or w.lower() in ENGLISH} - allowed
    assert found == set(), output
    assert {w.lower() for w in words(output)} & GRONINGEN == set(), output
    if name == "report":
        text = page_text((tmp_path / "report.html").read_text(encoding="utf-8"))
        found = {w for w in words(text) if w.lower() in ENGLISH} - allowed
        assert found == set()
        assert {w.lower() for w in words(text)} & GRONINGEN == set()


def test_every_figure_in_dutch_has_no_english_word(analyses):
    allowed = scenario_words(TWO)
    texts = [text for fig in every_figure(analyses, Locale.get("nl"))
             for text in figure_texts(fig)]
    found = {text: {w for w in words(text) if w.lower() in ENGLISH} - allowed
             for text in texts}
    assert {text: w for text, w in found.items() if w} == {}


def test_the_figures_name_a_financing_scenario_not_its_id(analyses):
    """Where a name exists the figures show it (issue 22): the option of the fixed
    assumptions' tornado and spider chart by its name."""
    scenario, _, made, _, _ = analyses
    name = {f.id: f.name for f in scenario.financing}[made.voi.best]
    assert name != made.voi.best
    for fig in every_figure(analyses, Locale.get("nl"))[-3:-1]:
        subtitle = fig.axes[0].get_title(loc="left")
        assert f"‘{name}’" in subtitle and f"‘{made.voi.best}’" not in subtitle

