"""What the model cuts from a scenario (:func:`mcimpact.model.clamps.clamps`): the cuts
and what they held, against a hand computation and against the same scenario with a
longer horizon; the warnings of ``validate`` and ``sim`` (exit 0, both languages, every
word from the catalogue), the ``clamps`` of ``sim --json`` and the lines of the report's
method section.

tests/data/sroi-horizon.toml: start 2024, horizon 5 (2024–2028), time convention "sroi"
(effects from the year after the cohort), one cohort in 2024 unless a chain lists its own,
GBP, no discounting. Per chain, A = N · p · δ · v · (1 − deadweight) at the point values
(p = δ = 1, an SROI line has neither):

- jobs: A = 15 · 1000 · 0.9 = 13,500; constant, 5 years: 2025–2029, 2029 cut: 13,500.
- confidence: A = 10 · 200 = 2,000; linear-decline, 8 years: weights 1, 7/8, …, 1/8 for
  2025–2032. The model runs 5 years: 1, 0.8, 0.6, 0.4 in 2025–2028 (sum 2.8); 8 years
  give 1 + 0.875 + 0.75 + 0.625 = 3.25 there, so the duration's cut loses
  2,000 · (3.25 − 2.8) = 900, and the years 2029–2032 hold
  2,000 · (0.5 + 0.375 + 0.25 + 0.125) = 2,500.
- wellbeing: A = 20 · 100 = 2,000; cohort 2026, constant 3 years with drop-off 0.5:
  2027, 2028, 2029 at 1, 0.5, 0.25; 2029 cut: 2,000 · 0.25 = 500.
- volunteering: a uniform duration on [2, 7] (point 4.5, run as 4 years: 2025–2028,
  nothing cut at the point); its draws above 5 years are cut to 5.

Point benefits as counted: 13,500 · 4 + 2,000 · 2.8 + 2,000 · 1.5 + 500 · 4 = 64,600; all
cuts together held 13,500 + 900 + 2,500 + 500 = 17,400.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import mcimpact
from locales import register
from mcimpact.cli import app
from mcimpact.model.clamps import Clamp, clamps
from mcimpact.readers.toml import parse
from test_financing import more_funding
from test_pseudo_locale import CODE, ENGLISH, outside, page_text, pseudo, scenario_words, words

DATA = Path(__file__).parent / "data"
FORECAST = DATA / "sroi-horizon.toml"
runner = CliRunner()

# The hand computation of the module's docstring.
EXPECTED = (
    Clamp("jobs", "clamp.horizon", (("first", 2029), ("last", 2029), ("end", 2028)), 13_500.0),
    Clamp("confidence", "clamp.duration", (("given", 8), ("kept", 5)), 900.0),
    Clamp("confidence", "clamp.horizon", (("first", 2029), ("last", 2032), ("end", 2028)),
          2_500.0),
    Clamp("wellbeing", "clamp.horizon", (("first", 2029), ("last", 2029), ("end", 2028)),
          500.0),
    Clamp("volunteering", "clamp.duration_draws", (("kept", 5),), None),
)


def assert_same(got: tuple[Clamp, ...], want: tuple[Clamp, ...]) -> None:
    assert [(c.chain, c.key, c.values) for c in got] == [(c.chain, c.key, c.values)
                                                        for c in want]
    for g, w in zip(got, want, strict=True):
        assert g.value == (None if w.value is None else pytest.approx(w.value, rel=1e-12))


def test_the_forecasts_cuts_are_the_hand_computed_ones():
    assert_same(clamps(mcimpact.load(FORECAST)), EXPECTED)


def test_what_the_cuts_held_is_what_a_longer_horizon_adds():
    """Independent of the clamps' arithmetic: the deterministic run of the same scenario
    with a 20-year horizon (every effect year inside, no duration cut) less the run as
    given is the sum of the point cuts (17,400; the docstring)."""
    scenario = mcimpact.load(FORECAST)
    assert set(scenario.meta.discount_rates) <= {0.0}  # not discounted
    longer = dataclasses.replace(scenario, meta=dataclasses.replace(
        scenario.meta, horizon=20, discount_rates=(0.0,) * 20))
    assert clamps(longer) == ()

    def total(s):
        return mcimpact.simulate(s, deterministic=True).summary.ref.benefits_total.mean

    assert total(scenario) == pytest.approx(64_600.0, rel=1e-12)
    held = sum(c.value for c in clamps(scenario) if c.value is not None)
    assert held == pytest.approx(17_400.0, rel=1e-12)
    assert total(longer) - total(scenario) == pytest.approx(held, rel=1e-12)


@pytest.mark.parametrize("path", [DATA / "two-financing.toml", DATA / "all-kinds.toml",
                                  DATA / "sroi-meals.toml"],
                         ids=["two-financing", "all-kinds", "sroi-meals"])
def test_scenarios_whose_effects_end_within_the_horizon_have_no_cuts(path):
    assert clamps(mcimpact.load(path)) == ()


def test_the_cohorts_a_financing_scenario_adds_past_the_horizon_are_one_cut():
    # The 2024 cohort counts 1.25 people · 0.575 · 0.4 · 100 = 28.75 EUR a year for 3
    # years, 2024–2026 (tests/test_financing.py::test_added_cohorts_by_hand): its 2026 is
    # cut; the 2023 cohort's three years, 2023–2025, lie within the horizon.
    scenario = more_funding()
    assert_same(clamps(scenario), (
        Clamp(None, "clamp.financing", (("first", 2026), ("last", 2026), ("end", 2025),
                                        ("chains", 1)), 28.75, financing="more"),))
    longer = dataclasses.replace(scenario, meta=dataclasses.replace(
        scenario.meta, horizon=10, discount_rates=(0.0,) * 10))

    def total(s):
        return mcimpact.simulate(s, deterministic=True).summary.financing["more"] \
            .benefits_total.mean

    assert total(longer) - total(scenario) == pytest.approx(28.75, rel=1e-12)


def test_the_bundled_scenario_cuts_only_what_its_financing_scenarios_add():
    """Its exponential declines without a duration run to the end of the horizon by
    definition and its chains' own cohorts end by 2040; the cohorts added until 2026
    (voortzetting) and 2031 (structureel, incidenteel) run into 2041–2048."""
    found = clamps(mcimpact.load())
    assert [(c.chain, c.financing, dict(c.values)["first"], dict(c.values)["last"])
            for c in found] == [(None, "voortzetting-2024-2026", 2041, 2041),
                                (None, "structureel-4j", 2041, 2048),
                                (None, "incidenteel", 2041, 2048)]
    assert all(c.value is not None and c.value > 0 for c in found)


def forecast_with(jobs_profile: str):
    text = FORECAST.read_text(encoding="utf-8").replace(
        'profile = { shape = "constant", duration = 5 }', jobs_profile)
    return parse(text, str(FORECAST))


def test_an_exponential_decline_without_a_duration_runs_to_the_horizons_end_uncut():
    open_ended = forecast_with('profile = { shape = "exponential-decline", half_life = 2 }')
    assert [c for c in clamps(open_ended) if c.chain == "jobs"] == []
    # With duration = 5 it runs 2025–2029 at 0.5 ** (j / 2), j = 0 … 4: 2029 is cut,
    # holding 13,500 · 0.5 ** 2 = 3,375.
    given = forecast_with('profile = { shape = "exponential-decline", half_life = 2, '
                          'duration = 5 }')
    assert_same(tuple(c for c in clamps(given) if c.chain == "jobs"), (
        Clamp("jobs", "clamp.horizon", (("first", 2029), ("last", 2029), ("end", 2028)),
              3_375.0),))


WARNINGS = {
    "en": [
        "warning: chain 'jobs': its effect year 2029 lies past the end of the horizon (2028) "
        "and is not counted; it holds GBP 13,500 at the point values, undiscounted",
        "warning: chain 'confidence': its duration of 8 years is cut to the horizon's 5 "
        "years; within the horizon that cut loses GBP 900 of its benefits at the point "
        "values, undiscounted",
        "warning: chain 'confidence': its effect years 2029–2032 lie past the end of the "
        "horizon (2028) and are not counted; they hold GBP 2,500 at the point values, "
        "undiscounted",
        "warning: chain 'wellbeing': its effect year 2029 lies past the end of the horizon "
        "(2028) and is not counted; it holds GBP 500 at the point values, undiscounted",
        "warning: chain 'volunteering': draws of its duration above 5 years are cut to the "
        "horizon's 5 years",
    ],
    "nl": [
        "waarschuwing: keten ‘jobs’: het effectjaar 2029 valt na het einde van de horizon "
        "(2028) en telt niet mee; het is 13.500 GBP waard bij de puntwaarden, zonder "
        "disconteren",
        "waarschuwing: keten ‘confidence’: de duur van 8 jaar wordt afgekapt op de 5 jaar "
        "van de horizon; binnen de horizon gaat daardoor 900 GBP aan baten verloren bij de "
        "puntwaarden, zonder disconteren",
        "waarschuwing: keten ‘confidence’: de effectjaren 2029–2032 vallen na het einde van "
        "de horizon (2028) en tellen niet mee; ze zijn 2.500 GBP waard bij de puntwaarden, "
        "zonder disconteren",
        "waarschuwing: keten ‘wellbeing’: het effectjaar 2029 valt na het einde van de "
        "horizon (2028) en telt niet mee; het is 500 GBP waard bij de puntwaarden, zonder "
        "disconteren",
        "waarschuwing: keten ‘volunteering’: trekkingen van de duur boven 5 jaar worden "
        "afgekapt op de 5 jaar van de horizon",
    ],
}


def warning_lines(stderr: str, lang: str) -> list[str]:
    """The warning lines of ``stderr``, an amount's no-break space (the locale keeps the
    unit with its number) written as a space."""
    prefix = WARNINGS[lang][0].split(" ")[0]
    return [line.replace("\N{NO-BREAK SPACE}", " ") for line in stderr.splitlines()
            if line.startswith(prefix)]


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_validate_warns_of_each_cut_and_exits_0(lang):
    result = runner.invoke(app, ["validate", str(FORECAST), "--lang", lang])
    assert result.exit_code == 0, result.output
    assert warning_lines(result.stderr, lang) == WARNINGS[lang]
    assert "2024–2028" in result.stdout  # the OK line, on stdout as before


def test_validate_warns_of_nothing_where_nothing_is_cut():
    result = runner.invoke(app, ["validate", str(DATA / "two-financing.toml")])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_sim_warns_of_each_cut_and_its_json_lists_them(lang):
    result = runner.invoke(app, ["sim", str(FORECAST), "--deterministic", "--json",
                                 "--lang", lang])
    assert result.exit_code == 0, result.output
    assert warning_lines(result.stderr, lang) == WARNINGS[lang]
    listed = json.loads(result.stdout)["clamps"]
    horizon = {"financing": None, "kind": "horizon", "end": 2028}
    assert listed == [
        {"chain": "jobs", **horizon, "first": 2029, "last": 2029,
         "value": pytest.approx(13_500.0)},
        {"chain": "confidence", "financing": None, "kind": "duration", "given": 8,
         "kept": 5, "value": pytest.approx(900.0)},
        {"chain": "confidence", **horizon, "first": 2029, "last": 2032,
         "value": pytest.approx(2_500.0)},
        {"chain": "wellbeing", **horizon, "first": 2029, "last": 2029,
         "value": pytest.approx(500.0)},
        {"chain": "volunteering", "financing": None, "kind": "duration_draws", "kept": 5,
         "value": None},
    ]


def test_sim_json_lists_no_cuts_where_nothing_is_cut():
    result = runner.invoke(app, ["sim", str(DATA / "two-financing.toml"), "--deterministic",
                                 "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["clamps"] == []


@pytest.mark.parametrize(("lang", "head"), [("en", "Cut by the model"),
                                            ("nl", "Afgekapt door het model")])
def test_the_reports_method_section_names_each_cut(lang, head, tmp_path):
    target = tmp_path / "report.html"
    result = runner.invoke(app, ["report", str(FORECAST), "-n", "300", "--seed", "3", "-o",
                                 str(target), "--lang", lang])
    assert result.exit_code == 0, result.output
    text = page_text(target.read_text(encoding="utf-8"))
    # The method section's text, its bold heads joined to the text that follows them.
    method = text[text.index({"en": "Assumptions and method",
                              "nl": "Aannames en methode"}[lang]):].replace("\n", "")
    # Each warning without its prefix, as a sentence of the method section.
    for warning in WARNINGS[lang]:
        assert f"{head}: {warning.split(' ', 1)[1]}." in method
    assert method.count(f"{head}:") == len(WARNINGS[lang])


@pytest.fixture
def pseudo_locale(monkeypatch):
    """The pseudo-localised catalogue of tests/test_pseudo_locale.py as ``--lang xx``."""
    return register(monkeypatch, CODE, pseudo())


@pytest.mark.parametrize("args", [["validate"], ["sim", "--deterministic"]],
                         ids=["validate", "sim"])
def test_every_word_of_the_warnings_comes_from_the_catalogue(args, pseudo_locale):
    result = runner.invoke(app, [args[0], str(FORECAST), *args[1:], "--lang", CODE])
    assert result.exit_code == 0, result.output
    assert "2029" in result.stderr
    assert outside(result.stderr, scenario_words(FORECAST, extra=[FORECAST])) == set()


@pytest.mark.parametrize("args", [["validate"], ["sim", "--deterministic"]],
                         ids=["validate", "sim"])
def test_the_dutch_warnings_have_no_english_word(args):
    result = runner.invoke(app, [args[0], str(FORECAST), *args[1:], "--lang", "nl"])
    assert result.exit_code == 0, result.output
    allowed = scenario_words(FORECAST, extra=[FORECAST])
    found = {w for w in words(result.stderr) if w.lower() in ENGLISH} - allowed
    assert "2029" in result.stderr
    assert found == set()


@pytest.mark.parametrize(("lang", "line"), [
    ("en", "warning: financing scenario 'More': the cohorts it adds have effects in 2026, "
           "past the end of the horizon (2025), which are not counted; they hold EUR 29 at "
           "the point values, undiscounted"),
    ("nl", "waarschuwing: financieringsscenario ‘More’: de cohorten die het toevoegt hebben "
           "effecten in 2026, na het einde van de horizon (2025), die niet meetellen; ze zijn "
           "29 euro waard bij de puntwaarden, zonder disconteren"),
])
def test_validate_warns_of_the_cohorts_a_financing_scenario_adds_past_the_horizon(
        lang, line, tmp_path):
    # 28.75 EUR (more_funding), written as a whole amount: 29.
    path = tmp_path / "more.toml"
    path.write_text(more_funding().text, encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path), "--lang", lang])
    assert result.exit_code == 0, result.output
    assert [x.replace("\N{NO-BREAK SPACE}", " ") for x in result.stderr.splitlines()] == [line]


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("args", [
    ["sensitivity", "-n", "400", "--json"],
    ["plot", "-n", "300", "--no-sensitivity", "-o", "{tmp}/figures"],
    ["report", "-n", "300", "--no-voi", "-o", "{tmp}/report.html"],
], ids=["sensitivity", "plot", "report"])
def test_every_command_that_samples_warns_of_each_cut(args, lang, tmp_path):
    # As sim and validate do: nothing the model cuts goes unsaid.
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = runner.invoke(app, [args[0], str(FORECAST), *args[1:], "--lang", lang])
    assert result.exit_code == 0, result.output
    assert warning_lines(result.stderr, lang) == WARNINGS[lang]
    quiet = runner.invoke(app, [args[0], str(FORECAST), *args[1:], "--lang", lang, "-q",
                                *(["--force"] if args[0] != "sensitivity" else [])])
    assert quiet.exit_code == 0, quiet.output
    assert warning_lines(quiet.stderr, lang) == []
