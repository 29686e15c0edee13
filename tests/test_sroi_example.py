"""The worked SROI example (docs/examples/sroi-community-meals): it validates, its
deterministic run is the SROI guide's arithmetic (computed here with NumPy), and its
English outputs speak English and pounds: no Dutch word, no "euro", no "Kompas"."""

from __future__ import annotations

import html
import json
import re
import tomllib
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from mcimpact.cli import app
from mcimpact.present.catalogues import en, nl

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "docs" / "examples" / "sroi-community-meals"
SCENARIO = EXAMPLE / "scenario.toml"
pytestmark = pytest.mark.skipif(not SCENARIO.exists(), reason="not in a checkout")

# The impact map of the example's README (its stage 4 table), the point value of every
# input: (line, quantity, financial proxy [GBP], deadweight, attribution, displacement,
# drop-off, duration [years]). The care-home proxy is the triangular 6000/9000/13500's
# mean, (6000 + 9000 + 13500) / 3; the uncertain deadweights and drop-off are at their
# means (Beta mean 0.3; uniform 0.2-0.4: 0.3); attribution labels low/medium/high are
# 0.10/0.25/0.40.
IMPACT_MAP = [
    ("clients-independence", 240, 1100, 0.30, 0.25, 0.0, 0.3, 3),
    ("clients-admissions", 35, 2100, 0.30, 0.40, 0.0, 0.0, 1),
    ("clients-care-home", 14, (6000 + 9000 + 13500) / 3, 0.35, 0.25, 0.0, 0.5, 2),
    ("carers-respite", 110, 620, 0.20, 0.10, 0.0, 0.3, 2),
    ("volunteers-wellbeing", 30, 1800, 0.25, 0.10, 0.0, 0.0, 1),
    ("suppliers-trade", 12, 240, 0.10, 0.0, 0.5, 0.0, 1),
]
INVESTMENT = 185_000.0  # Year 0, not discounted
RATE = 0.035
YEARS = 3  # Years 1-3 of outcomes (horizon 4: Year 0 and three more)


def guide_values_by_year() -> np.ndarray:
    """The SROI guide's arithmetic (Cabinet Office 2012, stage 5), nominal value of each
    line in Years 1..3: quantity x proxy x (1 - deadweight)(1 - attribution)
    (1 - displacement) in Year 1, times (1 - drop-off) for each further year."""
    values = np.zeros((len(IMPACT_MAP), YEARS))
    for i, (_, n, proxy, dw, at, dp, drop, duration) in enumerate(IMPACT_MAP):
        impact = n * proxy * (1 - dw) * (1 - at) * (1 - dp)
        j = np.arange(duration)
        values[i, :duration] = impact * (1 - drop) ** j
    return values


def guide_present_value() -> float:
    discount = (1 + RATE) ** -np.arange(1, YEARS + 1)  # Year t over (1 + r)^t
    return float((guide_values_by_year() * discount).sum())


def run(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def test_the_example_validates():
    result = run("validate", str(SCENARIO), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "OK" in result.output and "6 chains" in result.output


def _point(spec, scale: dict[str, float]) -> float:
    """The point value of an input as the file states it, in closed form."""
    if isinstance(spec, str):
        return scale[spec]
    if isinstance(spec, dict):
        kind = spec["dist"]
        if kind == "beta":
            return spec["mean"]
        if kind == "uniform":
            return (spec["min"] + spec["max"]) / 2
        if kind == "triangular":
            return (spec["min"] + spec["mode"] + spec["max"]) / 3
        raise AssertionError(f"no closed form here for {kind}")
    return float(spec)


def test_the_file_is_the_impact_map_of_the_readme():
    """The table above is what the scenario file says (read with tomllib, not mcimpact),
    and the file is an SROI analysis: GBP, the SROI time convention, English-only names,
    no domains, no success probability or effect size, proxies with source and year."""
    data = tomllib.loads(SCENARIO.read_text(encoding="utf-8"))
    meta = data["meta"]
    assert (meta["currency"], meta["time_convention"]) == ("GBP", "sroi")
    assert meta["discount_rate"] == RATE and meta["horizon"] == 1 + YEARS
    assert "domains" not in data
    assert all(set(b) == {"id", "en"} for b in data["beneficiaries"])
    assert all(v["source"] and v["year"] for v in data["values"].values())
    (initiative,) = data["initiatives"]
    assert initiative["costs"] == {str(meta["start_year"]): INVESTMENT}
    scales = {k: s["labels"] for k, s in data.get("scales", {}).items()}
    chains = {c["id"]: c for c in data["chains"]}
    assert list(chains) == [line[0] for line in IMPACT_MAP]
    for line, n, proxy, dw, at, dp, drop, duration in IMPACT_MAP:
        chain = chains[line]
        assert not {"success_probability", "effect_size", "domain"} & set(chain)
        assert chain["participants"] == n
        assert _point(data["values"][chain["value"]]["value"], {}) == pytest.approx(proxy)
        adjustments = chain.get("adjustments", {})
        for key, expected in (("deadweight", dw), ("attribution", at),
                              ("displacement", dp), ("drop_off", drop)):
            got = _point(adjustments.get(key, 0.0), scales.get(key, {}))
            assert got == pytest.approx(expected, abs=1e-12), (line, key)
        profile = chain["profile"]
        assert profile.get("duration", 1) == duration and profile.get("lag", 0) == 0


def test_the_deterministic_ratio_is_the_guides_arithmetic():
    result = run("sim", str(SCENARIO), "--deterministic", "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    pv = guide_present_value()
    assert out["currency"] == "GBP" and out["time_convention"] == "sroi"
    assert out["costs_total"] == pytest.approx(INVESTMENT, rel=1e-12)
    assert out["benefits_total"] == pytest.approx(pv, rel=1e-9)
    assert out["multiplier"] == pytest.approx(pv / INVESTMENT, rel=1e-9)
    # The README's figures, rounded as it quotes them.
    assert round(pv) == 524_471 and round(pv / INVESTMENT, 2) == 2.83
    # Yearly series are nominal: Year 0 (2024) nothing, then the guide's years.
    nominal = guide_values_by_year().sum(axis=0)
    by_year = out["benefits_by_year"]
    assert by_year["2024"] == 0.0
    assert [by_year[str(2025 + k)] for k in range(YEARS)] == pytest.approx(nominal, rel=1e-9)
    # Year 1's discounted value exceeds the investment: payback within Year 1, at the
    # share of it that repays the investment (the guide's "investment / annual impact").
    year1 = nominal[0] / (1 + RATE)
    assert year1 > INVESTMENT
    assert out["payback_years"] == pytest.approx(INVESTMENT / year1, rel=1e-9)
    assert out["benefits_by_domain"] == {}


def test_the_monte_carlo_mean_is_the_point_value_plus_the_drop_off_term():
    """Every distribution has the impact map's number as its mean, so E[benefits] is the
    point value, except that the uniform drop-off d on [0.2, 0.4] of the clients' line
    enters Year 3 as (1 - d)^2: E[(1 - d)^2] = (0.8^3 - 0.6^3) / (3 * 0.2) against
    (1 - 0.3)^2. Tolerance: 4 Monte Carlo standard errors."""
    draws = 20_000
    out = json.loads(run("sim", str(SCENARIO), "-n", str(draws), "--seed", "3", "--json").stdout)
    extra = ((0.8**3 - 0.6**3) / 0.6 - 0.7**2) * 240 * 1100 * 0.7 * 0.75 / (1 + RATE) ** 3
    expected = guide_present_value() + extra
    benefits = out["benefits_total"]
    assert abs(benefits["mean"] - expected) < 4 * benefits["sd"] / np.sqrt(draws)
    assert benefits["p5"] < guide_present_value() < benefits["p95"]


# Words that must not appear in English output. At least these (the list) ...
DUTCH = {"baten", "kosten", "slagingskans", "jaar", "wijk", "levensdomein", "gemeente"}
FORBIDDEN = {"euro", "kompas"}
# ... and every word of the Dutch catalogue's texts that differ from the English ones,
# less the words the English catalogue uses too and Dutch words that are English words.
ENGLISH_TOO = {"basis", "door", "later", "vast", "datum", "pond", "netto", "over"}


def _words(value) -> set[str]:
    if isinstance(value, str):
        return {w.lower() for w in re.findall(r"[^\W\d_]+", re.sub(r"\{[^}]*\}", "", value))}
    if isinstance(value, dict):
        return set().union(set(), *(_words(v) for v in value.values()))
    if isinstance(value, (tuple, list)):
        return set().union(set(), *(_words(v) for v in value))
    return set()


def dutch_words() -> set[str]:
    english = _words(en.TEXT) | _words(en.CURRENCIES) | _words(en.SCALES) | _words(en.MONTHS)
    dutch = set().union(*(_words(v) for k, v in nl.TEXT.items() if en.TEXT.get(k) != v))
    dutch |= _words(nl.CURRENCIES) | _words(nl.SCALES) | _words(nl.MONTHS)
    own = _words(SCENARIO.read_text(encoding="utf-8"))  # the scenario's own text may say anything
    return {w for w in dutch - english - own - ENGLISH_TOO if len(w) >= 4}


def test_the_dutch_word_list_is_a_real_one():
    words = dutch_words()
    assert len(words) > 100
    assert {"baten", "kosten", "slagingskans", "miljoen"} <= words


def assert_english(text: str, where: str) -> None:
    lower = text.lower()
    for word in DUTCH | FORBIDDEN:
        assert word not in lower, f"{where}: {word!r}"
    found = _words(text) & dutch_words()
    assert not found, f"{where}: Dutch words {sorted(found)}"


def report_text(page: str) -> str:
    """What a reader of the page sees, with the attributes' text (alt, title); the
    figures' PNG data are left out (base64 spells words by chance)."""
    page = re.sub(r"data:[a-z/+]+;base64,[A-Za-z0-9+/=]+", "", page)
    page = re.sub(r"<style.*?</style>", "", page, flags=re.S)
    attributes = " ".join(re.findall(r'(?:alt|title|aria-label)="([^"]*)"', page))
    return html.unescape(re.sub(r"<[^>]+>", " ", page) + " " + attributes)


def test_the_english_terminal_output_has_no_dutch_and_no_euro():
    outputs = {
        "sim --deterministic": run("sim", str(SCENARIO), "--deterministic", "--lang", "en"),
        "sim": run("sim", str(SCENARIO), "-n", "2000", "--lang", "en"),
        "sensitivity": run("sensitivity", str(SCENARIO), "-n", "500", "--lang", "en"),
        "validate": run("validate", str(SCENARIO), "--lang", "en"),
    }
    for name, result in outputs.items():
        assert result.exit_code == 0, (name, result.output)
        assert_english(result.output, name)
    assert "GBP" in outputs["sim"].output and "Meal clients" in outputs["sim"].output
    assert "deadweight" in outputs["sensitivity"].output


def test_the_english_report_has_no_dutch_and_no_euro(tmp_path):
    target = tmp_path / "report.html"
    result = run("report", str(SCENARIO), "--lang", "en", "-n", "500", "--quiet",
                 "--out", str(target))
    assert result.exit_code == 0, result.output
    text = report_text(target.read_text(encoding="utf-8"))
    assert_english(text, "report")
    assert "each pound invested returns" in text


def test_the_impact_map_as_a_workbook_gives_the_same_ratio(tmp_path):
    book = tmp_path / "impact-map.xlsx"
    assert run("convert", str(SCENARIO), str(book)).exit_code == 0
    out = json.loads(run("sim", str(book), "--deterministic", "--json").stdout)
    assert out["multiplier"] == pytest.approx(guide_present_value() / INVESTMENT, rel=1e-9)


def test_every_command_of_the_readme_exists():
    readme = (EXAMPLE / "README.md").read_text(encoding="utf-8")
    lines = re.findall(r"^mcimpact (\w+)([^\n#]*)", readme, flags=re.M)
    assert {c for c, _ in lines} >= {"validate", "sim", "sensitivity", "report", "convert"}
    for command, rest in lines:
        help_text = CliRunner().invoke(app, [command, "--help"], terminal_width=200).output
        for option in re.findall(r"(--[a-z-]+|-[a-z]\b)", rest):
            assert option in help_text, (command, option)


def test_the_figures_of_the_english_report_have_no_dutch_and_no_euro():
    """The report's figures are PNG pictures; their text is read from the figures
    themselves (titles, axis labels, tick labels, legends)."""
    import matplotlib.text

    import mcimpact
    from mcimpact.analysis.sensitivity import analyse_financing
    from mcimpact.present import figures
    from mcimpact.present.locale import Locale

    scenario = mcimpact.load(SCENARIO)
    results = mcimpact.simulate(scenario, 500, 5, keep_draws=True)
    sens = analyse_financing(
        scenario, results=results.dataset, seed=5, pick_freeze_draws=256,
        n_resamples=19)
    locale = Locale.get("en").for_currency("GBP")
    drawn = figures.all_figures(results.summary, sens, point=2.83, locale=locale)
    assert {"fan", "multiplier"} <= {stem.partition("-")[0] for stem in drawn}
    for stem, fig in drawn.items():
        text = " ".join(t.get_text() for t in fig.findobj(matplotlib.text.Text))
        assert_english(text, f"figure {stem}")
    assert any("pound" in " ".join(t.get_text() for t in f.findobj(matplotlib.text.Text))
               for f in drawn.values())


def test_the_readme_quotes_the_outputs_as_they_are(monkeypatch):
    monkeypatch.chdir(EXAMPLE)  # the README runs its commands from the example's directory
    readme = (EXAMPLE / "README.md").read_text(encoding="utf-8")
    validate = run("validate", "scenario.toml").output.strip()
    point = run("sim", "scenario.toml", "--deterministic", "--lang", "en").output
    quoted = [validate, *point.splitlines()[:6]]
    for line in quoted:
        assert line.rstrip() in readme, line
