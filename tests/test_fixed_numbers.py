"""Inputs given as plain numbers where labels are distributions (issue 22): `sim` and the
report say which are fixed, and ``[uncertainty] numbers = "label-spread"`` gives them the
spread of the scale's nearest label (docs/scenario-format.md#uncertainty)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from typer.testing import CliRunner

import mcimpact
from mcimpact.cli import app
from mcimpact.errors import ScenarioError
from mcimpact.model.scenario import fixed_numbers
from mcimpact.present import report as reporting
from mcimpact.present.locale import Locale
from mcimpact.readers.toml import parse

TWO = Path(__file__).parent / "data" / "two-financing.toml"
runner = CliRunner()


def text(numbers: str | None = None) -> str:
    """tests/data/two-financing.toml with the first chain's success probability written
    as the number 0.42 instead of the label "laag-middel"."""
    s = TWO.read_text(encoding="utf-8").replace('success_probability = "laag-middel"',
                                               "success_probability = 0.42", 1)
    if numbers is not None:
        s = s.replace("[[beneficiaries]]", f'[uncertainty]\nnumbers = "{numbers}"\n\n'
                      "[[beneficiaries]]", 1)
    return s


def test_the_fixed_numbers_are_counted():
    assert fixed_numbers(parse(text(), "x.toml")) == (("success_probability", 1, 5),)
    assert fixed_numbers(mcimpact.load(TWO)) == ()  # every input a label or a distribution
    assert fixed_numbers(mcimpact.load()) == ()


def test_a_number_takes_the_spread_of_the_nearest_label():
    chain = parse(text("label-spread"), "x.toml").chains[0]
    inp = chain.success_probability
    # Source: the default scale's laag-middel (0.35) is nearer 0.42 than middel (0.50);
    # its default sd is half the distance between the midpoints to its neighbours
    # ((0.425 − 0.275) / 2 = 0.075) over Φ⁻¹(0.9) = 1.2815516 (docs/scenario-format.md,
    # "Label distributions"): 0.0585228.
    assert inp.dist == "beta" and inp.label is None
    assert inp.p["mean"] == 0.42
    assert inp.p["sd"] == pytest.approx(0.075 / 1.2815515655446004, rel=1e-12)
    assert fixed_numbers(parse(text("label-spread"), "x.toml")) == ()


def test_a_number_too_near_an_edge_for_the_labels_spread_keeps_a_beta():
    s = text("label-spread").replace("success_probability = 0.42",
                                     "success_probability = 0.002", 1)
    inp = parse(s, "x.toml").chains[0].success_probability
    # capped at 0.9 of the largest sd a Beta of mean 0.002 has: 0.9 √(0.002 · 0.998)
    assert inp.p["sd"] == pytest.approx(0.9 * math.sqrt(0.002 * 0.998), rel=1e-12)


def test_an_unknown_setting_is_a_located_problem():
    with pytest.raises(ScenarioError) as info:
        parse(text("spread"), "x.toml")
    [problem] = info.value.problems
    assert (problem.entry, problem.field) == ("[uncertainty]", "numbers")
    assert "unknown numbers 'spread'; expected one of: fixed, label-spread" in problem.message


@pytest.mark.parametrize(("lang", "words"), [
    ("en", "fixed: the success probability of 1 of 5 chains given as numbers"),
    ("nl", "vast: de slagingskans van 1 van de 5 effectketens als getal gegeven"),
])
def test_sim_says_which_inputs_are_fixed(tmp_path, lang, words):
    path = tmp_path / "x.toml"
    path.write_text(text(), encoding="utf-8")
    result = runner.invoke(app, ["sim", str(path), "-n", "300", "--lang", lang])
    assert result.exit_code == 0 and words in result.output
    assert '[uncertainty] numbers = "label-spread"' in result.output
    path.write_text(text("label-spread"), encoding="utf-8")
    spread = runner.invoke(app, ["sim", str(path), "-n", "300", "--lang", lang])
    assert spread.exit_code == 0 and words not in spread.output


def test_the_report_says_which_inputs_are_fixed():
    scenario = parse(text(), "x.toml")
    summary = mcimpact.simulate(scenario, 300, seed=1).summary
    ctx = reporting.context(scenario, summary, None, None, locale=Locale.get("nl"))
    assert ctx.method.fixed_numbers == "de slagingskans van 1 van de 5 effectketens"
    page = reporting.render(ctx)
    assert "Getallen in plaats van woorden" in page
    assert "numbers = &#34;label-spread&#34;" in page  # the setting, shown literally
