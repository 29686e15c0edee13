"""Text from a scenario is shown literally everywhere: in the terminal (no escape sequences
or control characters reach it, no console markup or emoji shortcodes are read), in the
figures (no mathtext, no TeX) and in the HTML report (escaped, no raw control
characters). One sanitiser, :mod:`mcimpact.present.text`, serves all three."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import matplotlib
import pytest
from matplotlib.text import Text
from rich.console import Console
from typer.testing import CliRunner

import mcimpact
from mcimpact.analysis.sensitivity import analyse_financing
from mcimpact.cli import app
from mcimpact.present import figures, report, terminal
from mcimpact.present.locale import Locale
from mcimpact.present.text import (
    CONSOLE_OPTIONS,
    for_figure,
    for_html,
    for_json,
    for_terminal,
)

DATA = Path(__file__).parent / "data"
runner = CliRunner()

# What a hostile (or careless) analyst may type into a name: console markup, emoji
# shortcodes (":100:" is also how a location "file.toml:100:" reads), mathtext and TeX,
# HTML, an entity written out; then an ANSI colour, a bell, an 8-bit CSI, a right-to-left
# override and other C0 controls (no NUL: TOML has no way to write one in a name).
SHOWN = r"[bold red]x[/] :100: :smile: $x^2$ \frac{a}{b} <script> &amp;"
HIDDEN = "\x1b[31m\x07\x9b1m\u202e\x01\x08\x1f\x7f\x9c"
EVIL = f"{SHOWN}{HIDDEN}!"
VISIBLE = f"{SHOWN}!"  # what every medium shows of EVIL
# Anything that could act on a terminal or has no place in a page: C0 controls but the
# line break, DEL, C1 controls, bidirectional embeddings, overrides and isolates.
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _string(text: str) -> str:
    """A TOML basic string: JSON's escapes (\\uXXXX for every control) are TOML's."""
    return json.dumps(text)


def hostile_scenario() -> str:
    """tests/data/all-kinds.toml with EVIL in every free-text field: the meta name and
    description, the initiative's and activities' names, the beneficiary groups' names
    and two financing scenarios' names and descriptions (ids stay ids)."""
    text = (DATA / "all-kinds.toml").read_text(encoding="utf-8")
    text = text.replace('name = "every distribution kind, a correlation and an uncertain '
                        'duration"', f"name = {_string('scenario ' + EVIL)}\n"
                        f"description = {_string('about ' + EVIL)}")
    text = text.replace('name = "A"', f"name = {_string('initiative ' + EVIL)}")
    text = text.replace('activities = { x = "X", y = "Y" }',
                        f"activities = {{ x = {_string('x ' + EVIL)}, "
                        f"y = {_string('y ' + EVIL)} }}")
    assert EVIL in json.loads(_string(EVIL))  # the escapes round-trip
    groups = "".join(
        f'\n[[beneficiaries]]\nid = "{gid}"\nnl = {_string(gid + " nl " + EVIL)}\n'
        f'en = {_string(gid + " en " + EVIL)}\n' for gid in ("overheid", "deelnemers"))
    funding = "".join(
        f'\n[[financing]]\nid = "{fid}"\nname = {_string(fid + " " + EVIL)}\n'
        f'description = {_string("why " + EVIL)}\n' for fid in ("base", "more"))
    funding += ('\n[financing.funding]\nfirst_year = 2023\nlast_year = 2025\n'
                'renewal = "fixed"\n')
    meta_end = text.index("[[initiatives]]")
    return text[:meta_end] + groups.lstrip("\n") + "\n" + text[meta_end:] + funding


@pytest.fixture(scope="module")
def scenario_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "hostile.toml"
    path.write_text(hostile_scenario(), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def run(scenario_file: Path):
    """The scenario, a small Monte Carlo run with its draws, and its sensitivity."""
    model = mcimpact.load(scenario_file)
    assert model.meta.name == "scenario " + EVIL  # the reader keeps free text as typed
    results = mcimpact.simulate(model, 2000, seed=5, keep_draws=True)
    sens = analyse_financing(
        model, results=results.dataset, seed=5, pick_freeze_draws=1 << 9,
        n_resamples=19)
    return model, results.summary, sens


def assert_literal(text: str) -> None:
    """The terminal/page text shows EVIL's visible part as typed and nothing of the rest."""
    assert VISIBLE in text
    assert "\N{HUNDRED POINTS SYMBOL}" not in text and "\N{SMILING FACE WITH SMILING EYES}" \
        not in text  # no emoji from ":100:" or ":smile:"
    assert not CONTROL.search(text), repr(CONTROL.search(text))


# --------------------------------------------------------------------------------------
# The sanitiser's rules


@pytest.mark.parametrize(("given", "terminal_", "html"), [
    # Whole escape sequences go, parameters and all: colour, a window title (OSC ended by
    # BEL), a hyperlink (OSC 8 ended by ST), an 8-bit CSI.
    ("a\x1b[1;31mb\x1b[0m", "ab", "ab"),
    ("a\x1b]0;title\x07b", "ab", "ab"),
    ("\x1b]8;;https://x\x1b\\link\x1b]8;;\x1b\\", "link", "link"),
    ("a\x9b2Jb", "ab", "ab"),
    # Any other control goes: C0, DEL, C1, bidi overrides and isolates, lone surrogates.
    ("a\x00\x07\x08\x7f\x80\x9f\u202e\u2066\ud800b", "ab", "ab"),
    # Whitespace stays whitespace: one line in the terminal, tabs and breaks in HTML.
    ("a\tb\nc\r\nd\re\x85f\u2028g", "a b c d e f g", "a\tb\nc\nd\ne\nf\ng"),
    # Everything else is kept exactly: markup, shortcodes, maths, HTML, Unicode.
    (VISIBLE, VISIBLE, VISIBLE),
    ("Wijkbedrijf – 3,6 × (p ≥ 0.5) \u200f", "Wijkbedrijf – 3,6 × (p ≥ 0.5) \u200f",
     "Wijkbedrijf – 3,6 × (p ≥ 0.5) \u200f"),
])
def test_one_sanitiser_per_medium(given: str, terminal_: str, html: str):
    assert for_terminal(given) == terminal_ == for_figure(given)
    assert for_html(given) == html
    assert terminal.literal is for_terminal  # the terminal's own name for it


def test_json_keeps_every_value_and_has_no_control_character(run):
    # `--json` is data: the values stay exact, but what JSON leaves unescaped (DEL, C1,
    # bidi controls) is written as \uXXXX, so printing the document is safe.
    _, summary, _ = run
    data = summary.to_json()
    printed = for_json(data)
    assert not CONTROL.search(printed)
    assert json.loads(printed) == json.loads(json.dumps(data))
    assert json.loads(printed)["scenario"]["name"] == "scenario " + EVIL


# --------------------------------------------------------------------------------------
# (a) The terminal


def _consoles() -> list[Console]:
    # The CLI's console (markup, emoji and highlighting off) and rich's default one: the
    # terminal module hands rich Text, so even a console with markup and emoji on shows
    # the text as typed.
    return [Console(file=io.StringIO(), width=300, color_system=None, **CONSOLE_OPTIONS),
            Console(file=io.StringIO(), width=300)]


def test_terminal_summary_and_sensitivity_show_the_names_as_typed(run):
    model, summary, sens = run
    for console in _consoles():
        terminal.summary(console, summary)
        for result in sens.values():
            terminal.sensitivity(console, result, model, top=5)
        terminal.error(console, f"{model.meta.name}: {EVIL}")
        terminal.note(console, EVIL, dim=True)
        terminal.line(console, EVIL)
        terminal.problems(console, [EVIL])
        with terminal.progress(console) as progress:
            progress(1, 2)
        text = console.file.getvalue()  # type: ignore[attr-defined]
        assert_literal(text)
        for name in ("scenario", "initiative", "x", "y", "base", "more"):
            assert f"{name} {VISIBLE}" in text, name
        assert f"deelnemers nl {VISIBLE}" in text  # the groups, in the language asked for
        assert "error: scenario " in text and "1 problem found" in text


def test_the_cli_console_reads_no_markup_and_no_emoji():
    console = terminal.console()
    assert console._markup is False and console._emoji is False


def test_cli_sim_prints_the_names_as_typed(scenario_file: Path):
    result = runner.invoke(app, ["sim", "-n", "2000", str(scenario_file)])
    assert result.exit_code == 0, result.output
    assert_literal(result.output)
    assert f"initiative {VISIBLE}" in result.output


# --------------------------------------------------------------------------------------
# (b) Error messages: a location "file.toml:100:" is no emoji shortcode


def test_a_problem_on_line_100_is_located_literally(tmp_path: Path):
    lines = (DATA / "all-kinds.toml").read_text(encoding="utf-8").splitlines()
    bad = next(n for n, line in enumerate(lines) if line == "participants = 30")
    lines[bad:bad + 1] = ["# -"] * (99 - bad) + ["participants = -5"]  # now line 100
    path = tmp_path / "file.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert f"error: {path}:100: chains[2]" in result.output, result.output
    assert "\N{HUNDRED POINTS SYMBOL}" not in result.output


# --------------------------------------------------------------------------------------
# (c) Figures


def test_figures_draw_the_names_as_typed_without_mathtext(run, monkeypatch):
    _, summary, sens = run
    parsed: list[str] = []
    real = matplotlib.mathtext.MathTextParser.parse

    def spy(self, s, *args, **kwargs):  # every mathtext parse, which must not happen
        parsed.append(s)
        return real(self, s, *args, **kwargs)

    monkeypatch.setattr(matplotlib.mathtext.MathTextParser, "parse", spy)
    # Even where a user's matplotlibrc asks for mathtext and TeX, the figures use neither.
    with matplotlib.rc_context({"text.usetex": True, "text.parse_math": True}):
        drawn = figures.all_figures(summary, sens, point=1.0, locale=Locale.get("en"))
        assert {"fan", "multiplier", "initiatives", "financing-difference",
                "sensitivity-base", "tornado-more"} <= set(drawn)
        shown: list[str] = []
        for stem, fig in drawn.items():
            for fmt in ("png", "svg"):
                buf = io.BytesIO()
                fig.savefig(buf, format=fmt)  # does not raise on "$x^2$" or "\frac"
                if fmt == "svg":
                    svg = buf.getvalue().decode("utf-8")
                    assert not CONTROL.search(svg), stem
            for artist in fig.findobj(Text):  # after drawing: tick labels made then too
                assert not artist.get_parse_math() and not artist.get_usetex(), stem
                assert not CONTROL.search(artist.get_text()), (stem, artist.get_text())
                shown.append(" ".join(artist.get_text().split()))  # labels are wrapped
    assert parsed == []
    text = "\n".join(shown)
    for name in ("initiative", "base", "more", "deelnemers en", "overheid en"):
        assert f"{name} {VISIBLE}" in text, name  # as typed: no "\$" escaping
    assert f"y {VISIBLE}" in text  # an activity, in the sensitivity chart


def test_figures_are_literal_whenever_they_are_drawn(run):
    # A figure drawn later, outside any setting of ours, still reads no mathtext: the
    # tick labels matplotlib makes while drawing are made without it.
    _, summary, _ = run
    fig = figures.initiative_forest(summary)
    with matplotlib.rc_context({"text.parse_math": True}):
        fig.axes[0].set_ylim(-5, 5)
        fig.savefig(io.BytesIO(), format="png")
    assert all(not t.get_parse_math() for t in fig.findobj(Text))


# --------------------------------------------------------------------------------------
# (d) The HTML report


def test_the_report_escapes_the_names_and_has_no_control_characters(run):
    # As `mcimpact report FILE --out x.html` renders it (cli.report), with a smaller
    # sensitivity analysis than the command's.
    model, summary, sens = run
    page = report.render(report.context(model, summary, sens, 1.0))
    assert not CONTROL.search(page.replace("\t", " ")), repr(CONTROL.search(page))
    assert "<script>" not in page and "&lt;script&gt;" in page
    escaped = (VISIBLE.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
    for name in ("scenario", "about", "base", "more", "why", "x", "y"):  # initiatives: in figures
        assert f"{name} {escaped}" in page, name
    assert "&amp;amp;" in page  # "&amp;" as typed, not read as "&"
