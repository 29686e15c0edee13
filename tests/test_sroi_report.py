"""An SROI analysis speaks SROI (issue 22): its SROI ratio by name in the report's
headline and the terminal, the discount rate stated, the payback period in the terminal
and the impact map in the report (the SROI guide's stage 4), in English and in Dutch."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

import mcimpact
from mcimpact.cli import app
from mcimpact.present import report as reporting
from mcimpact.present.locale import Locale
from mcimpact.readers.formats import template

runner = CliRunner()
EN, NL = Locale.get("en"), Locale.get("nl")


@pytest.fixture(scope="module")
def sroi():
    return template("sroi")


def test_the_impact_map_holds_the_files_outcomes_at_their_point_values(sroi):
    table = reporting.impact_map(sroi, EN)
    assert table.header == ("stakeholder", "outcome", "quantity", "financial proxy",
                            "duration (years)", "deadweight", "attribution", "displacement",
                            "drop-off", "impact in the first year")
    # Source: templates/sroi.toml by hand. Impact = quantity × proxy × (1 − deadweight)
    # × (1 − attribution) × (1 − displacement), each at its point value (a uniform
    # deadweight on [0.15, 0.35]: 0.25; a triangular proxy (100, 180, 300): its mean
    # 193.33).
    assert table.rows == (
        ("Participants", "Improved wellbeing", "40", "GBP\u00a01,200", "3", "25%", "20%", "0%",
         "30%", "GBP\u00a028,800"),                      # 40 × 1200 × 0.75 × 0.8
        ("Families", "Less time spent on care", "25", "GBP\u00a0600", "2", "30%", "25%", "0%",
         "50%", "GBP\u00a07,875"),                       # 25 × 600 × 0.7 × 0.75
        ("Local and central government", "Fewer GP visits", "15", "GBP\u00a0193", "1", "40%",
         "30%", "0%", "0%", "GBP\u00a01,218"),           # 15 × 193.33 × 0.6 × 0.7 = 1218.0
    )
    assert reporting.impact_map(sroi, NL).header[-1] == "impact in het eerste jaar"


def test_an_arena_has_no_impact_map():
    scenario = mcimpact.load()
    summary = mcimpact.simulate(scenario, 300, seed=1).summary
    ctx = reporting.context(scenario, summary, None, None, locale=NL)
    assert ctx.method.impact_map is None and ctx.method.discount_rate == ""


@pytest.mark.parametrize(("rates", "locale", "words"), [
    ((0.035,) * 6, EN, "3.5%"),                       # the SROI template's rate
    ((0.035,) * 6, NL, "3,5\u00a0%"),
    ((0.0225,) * 3 + (0.015,) * 3, NL, "van 2,25\u00a0% tot 1,5\u00a0%"),
    ((0.03,), EN, "3%"),
    ((0.0,) * 4, EN, ""),                             # undiscounted: no rate to state
])
def test_the_discount_rate_in_words(rates, locale, words):
    assert reporting.rate_words(rates, locale) == words


def test_the_report_names_the_sroi_ratio_and_the_rate(sroi, tmp_path):
    path = tmp_path / "sroi.toml"
    assert runner.invoke(app, ["init", str(path), "-t", "sroi"]).exit_code == 0
    page = tmp_path / "sroi.html"
    result = runner.invoke(app, ["report", str(path), "-n", "500", "--seed", "1", "--lang",
                                 "en", "-o", str(page)])
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    # one headline figure: the point estimate, as the sentence before it rounds it
    point = re.search(r"each pound invested returns (\d\.\d\d) pounds\.", html).group(1)
    assert (f"In SROI terms: an SROI ratio of {point} : 1, the present value of the outcomes "
            "for each pound invested (the analysis&#39;s own estimate).") in html
    # the template's meta: start_year 2025, horizon 6, discount_rate 0.035, SROI convention
    assert ("Benefits and costs count up to and including 2030, discounted at 3.5% a year "
            "to their present value in 2025.") in html
    assert "The impact map at the point values (one row per outcome)" in html


def test_the_terminal_names_the_sroi_ratio_and_the_payback_period(tmp_path):
    path = tmp_path / "sroi.toml"
    runner.invoke(app, ["init", str(path), "-t", "sroi"])
    out = runner.invoke(app, ["sim", str(path), "-n", "500", "--seed", "1"]).output
    assert re.search(r"^  SROI ratio  +\d\.\d\d \[", out, re.M), out
    assert re.search(r"^  payback  +median \d\.\d years, 90 % interval \d\.\d – \d\.\d years$",
                     out, re.M), out
    dutch = runner.invoke(app, ["sim", str(path), "-n", "500", "--seed", "1", "--lang",
                                "nl"]).output
    assert re.search(r"^  SROI-ratio  +\d,\d\d \[", dutch, re.M), dutch
    # an arena speaks of its multiplier
    arena = runner.invoke(app, ["sim", "-n", "500", "--seed", "1"]).output
    assert re.search(r"^  multiplier +\d\.\d\d \[", arena, re.M) and "SROI" not in arena


def test_the_labels_of_an_adjustment_scale_have_their_table(tmp_path):
    # docs/languages.md: the label table is shown where a chain uses labels, any input's
    path = tmp_path / "sroi.toml"
    runner.invoke(app, ["init", str(path), "-t", "sroi"])
    text = path.read_text(encoding="utf-8").replace(
        "attribution = 0.2,", 'attribution = "some",').replace(
        "[uncertainty]", '[scales.attribution]\nlabels = { little = 0.1, some = 0.25 }\n\n'
        "[uncertainty]")
    path.write_text(text, encoding="utf-8")
    scenario = mcimpact.load(path)
    summary = mcimpact.simulate(scenario, 300, seed=1).summary
    method = reporting.context(scenario, summary, None, None, locale=EN).method
    assert [(r.input, r.label, r.value) for r in method.labels] == [
        ("attribution", "some", 0.25)]  # the file's own scale: "some" = 0.25
    assert method.labels_head == "Attribution"
    assert reporting.labels_head(method.labels, NL) == "Attributie"


def test_a_payback_whose_interval_ends_after_the_horizon_says_so():
    from mcimpact.analysis.types import Distribution
    from mcimpact.present import terminal

    # 10 % of the draws never pay back: the 95 % quantile is NaN (types.py, payback_years)
    d = Distribution(mean=float("nan"), sd=float("nan"), p5=1.2, p10=1.5, p25=2.0, p50=2.5,
                     p75=3.5, p90=float("nan"), p95=float("nan"), mcse=float("nan"))
    cells = terminal._Cells(EN)
    assert terminal._payback(d, cells) == (
        "median 2.5 years, 90 % interval from 1.2 years to after the horizon")
