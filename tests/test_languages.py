"""Every output in the language asked for, the scenario's currency and a unit that fits
its magnitudes (issue 12, items 4, 5 and 9).

The acceptance test runs a small SROI analysis (tests/data/sroi-meals.toml: English-only
names, GBP, no life domains, no success probability or effect size, an uncertain
deadweight) through the terminal and the report in English: no Dutch word of the
catalogues, no "euro", no "Kompas". Reference values: the deterministic benefits by hand
(the SROI arithmetic written out below), the unit rules' closed forms, the golden files
for the Groningen terminal output.
"""

from __future__ import annotations

import math
import re
import string
from pathlib import Path

import pytest
from typer.testing import CliRunner

import mcimpact
from conftest import build, chain
from mcimpact.analysis import summaries
from mcimpact.cli import app
from mcimpact.model.scenario import DEFAULT_BENEFICIARIES, DEFAULT_DOMAINS, DEFAULT_LABELS
from mcimpact.present import report as reporting
from mcimpact.present.catalogues import en as en_catalogue
from mcimpact.present.catalogues import nl as nl_catalogue
from mcimpact.present.locale import Locale, Scale, period_label, scale_for

DATA = Path(__file__).parent / "data"
SROI = DATA / "sroi-meals.toml"
GOLDEN = DATA / "golden"
EN, NL = Locale.get("en"), Locale.get("nl")


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", text)}


def _catalogue_words(module) -> set[str]:
    texts = [*module.TEXT.values(), *module.MONTHS,
             *(n for c in module.CURRENCIES.values() for n in c.values()),
             *(w for pair in module.SCALES.values() for w in pair)]
    return {w for t in texts
            for w in _words("".join(lit for lit, *_ in string.Formatter().parse(t)))}


#: Dutch words: every word of the Dutch catalogue that its English twin does not use,
#: the default groups' and domains' Dutch names and the default label words.
DUTCH = (_catalogue_words(nl_catalogue) - _catalogue_words(en_catalogue)) | {
    w for _, nl, en in (*DEFAULT_BENEFICIARIES, *DEFAULT_DOMAINS) for w in _words(nl)
    if w not in _words(en)} | set(DEFAULT_LABELS)


def _visible(html: str) -> str:
    """The page's text: no style, no embedded images, no tags; entities unescaped."""
    import html as html_module

    html = re.sub(r"<style.*?</style>", " ", html, flags=re.S)
    html = re.sub(r"<[^>]+>", " ", html)
    return html_module.unescape(re.sub(r"\s+", " ", html)).replace("\u00a0", " ")


def _leaks(text: str) -> list[str]:
    words = _words(text)
    return sorted((words & DUTCH) | {w for w in words if w in ("euro", "euros", "kompas")})


def test_the_list_of_dutch_words_is_meaningful():
    # The check below is only as good as its list: it holds the words an English output
    # must not borrow, and none of the English catalogue's words.
    assert {"baten", "kosten", "slagingskans", "incasseerder", "deelnemers", "overheid",
            "laag", "middel", "hoog", "simulaties", "puntschatting"} <= DUTCH
    assert not DUTCH & _catalogue_words(en_catalogue)


# --------------------------------------------------------------------------------------
# The SROI scenario: deterministic arithmetic, then the English outputs


def test_the_sroi_scenario_reproduces_the_sroi_arithmetic_deterministically():
    # Per line: quantity × financial proxy × (1 − deadweight)(1 − attribution)
    # (1 − displacement), effect year j further × (1 − drop-off)^j; one cohort (2023);
    # no discounting. The uncertain deadweight (uniform 0.1–0.3) counts with its mean 0.2.
    lines = {  # quantity, proxy, deadweight, attribution, drop-off, effect years
        "wellbeing": (60, 450, 0.2, 0.2, 0.2, 2),
        "respite": (25, 900, 0.25, 0.0, 0.0, 1),
        "care-home": (3, 12000, 0.4, 0.3, 0.0, 1),
        "falls": (4, 3000, 0.3, 0.25, 0.5, 2),
    }
    by_line = {k: n * v * (1 - dw) * (1 - at) * sum((1 - d) ** j for j in range(years))
               for k, (n, v, dw, at, d, years) in lines.items()}
    s = mcimpact.simulate(mcimpact.load(SROI), deterministic=True).summary
    assert s.provenance.currency == "GBP"
    assert s.ref.benefits_total.mean == pytest.approx(sum(by_line.values()), rel=1e-12)
    assert s.ref.costs_total.mean == 48000
    assert s.ref.multiplier.mean == pytest.approx(sum(by_line.values()) / 48000, rel=1e-12)
    by_group = s.ref.benefits_by_beneficiary
    assert by_group["service-users"].mean == pytest.approx(by_line["wellbeing"], rel=1e-12)
    assert by_group["nhs"].mean == pytest.approx(by_line["falls"], rel=1e-12)
    assert not s.labels.domain  # no domains: no domain breakdown, no cost claim


def _cli(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("mode", [["--deterministic"], ["-n", "2000"]])
def test_the_english_terminal_output_of_an_sroi_analysis_speaks_english_and_pounds(mode):
    text = _cli("sim", str(SROI), "--lang", "en", *mode)
    assert _leaks(text) == []
    assert "GBP" in text and "EUR" not in text
    assert "domain" not in text and "cost claim" not in text  # the scenario has none
    # Its benefits are tens of thousands of pounds: whole pounds, not "0 k" or "73 k".
    assert "benefits by beneficiary (GBP)" in text
    assert re.search(r"costs +48,000", text)
    # One-year periods are named by their year.
    assert re.search(r"^2023 ", text, flags=re.M) and "2023-2023" not in text


def test_validate_and_sensitivity_speak_the_language_asked_for():
    assert _cli("validate", str(SROI), "--lang", "nl").startswith(
        f"{SROI}: in orde — 1 initiatief, 1 activiteit, 4 effectketens")
    assert _cli("validate", str(SROI)).startswith(f"{SROI}: OK — 1 initiative")
    text = _cli("sensitivity", str(SROI), "-n", "500", "--lang", "en", "--top", "3")
    assert _leaks(text) == []
    assert "deadweight" in text  # the uncertain deadweight is an input of its own
    dutch = _cli("sensitivity", str(SROI), "-n", "500", "--lang", "nl", "--top", "3")
    assert "invoer per soort" in dutch and "deelnemers" in dutch


@pytest.fixture(scope="module")
def sroi_report(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("report") / "sroi.html"
    _cli("report", str(SROI), "-n", "2000", "--lang", "en", "-o", str(path), "--quiet")
    return path.read_text(encoding="utf-8")


def test_the_english_report_of_an_sroi_analysis_has_no_dutch_no_euro_no_kompas(sroi_report):
    text = _visible(sroi_report)
    assert _leaks(text) == []
    assert "each pound invested returns" in text
    assert "thousand pounds" in text  # a 48,000 investment, not "0.0 million"
    assert "per year" in text and "five-year" not in text  # period_length = 1
    # No labels are used: no table or sentence explaining laag … hoog.
    assert "From word to probability distribution" not in text
    assert "Success probability and delta" not in text
    # No domains: no domain figure.
    assert 'id="fig-by-domain"' not in sroi_report
    assert "Because participant counts and deadweight are uncertain" in text


# --------------------------------------------------------------------------------------
# The headline: the point estimate and the interval, each named


def test_the_headline_names_the_point_estimate_and_the_median_when_they_differ():
    # A right-skewed value (lognormal, sd 1.5 × mean): the point estimate uses its mean,
    # 100, so the point multiplier is 10 · 0.5 · 0.4 · 100 / 100 = 2.0 (closed form);
    # the simulations' median lies well below it.
    scenario = build([chain(value={"dist": "lognormal", "mean": 100, "sd": 150})])
    mc = mcimpact.simulate(scenario, 4000, seed=2).summary
    point = mcimpact.simulate(scenario, deterministic=True).summary
    assert point.ref.multiplier.mean == pytest.approx(2.0, rel=1e-12)
    m = mc.ref.multiplier
    assert EN.number(m.p50, 2) != EN.number(2.0, 2)
    lines = reporting.headline(mc, EN, point.ref.multiplier.mean)
    assert lines[0] == ("The analysis's own estimate (every input at its point value): each "
                        "euro invested returns 2.00 euro.")
    assert lines[1] == (f"With 90% certainty each euro invested returns between "
                        f"{EN.number(m.p5, 2)} and {EN.number(m.p95, 2)} euro; the middle "
                        f"outcome of the simulations (median) is {EN.number(m.p50, 2)} euro.")
    # Without a point estimate the interval and median stand alone.
    assert reporting.headline(mc, EN)[0] == lines[1]


def test_the_key_results_show_the_point_estimate_beside_the_interval():
    scenario = build([chain(value={"dist": "lognormal", "mean": 100, "sd": 150})])
    mc = mcimpact.simulate(scenario, 2000, seed=2).summary
    point = mcimpact.simulate(scenario, deterministic=True).summary
    ctx = reporting.context(scenario, mc, None, None, locale=EN, point_summary=point)
    assert ctx.key.point == pytest.approx(2.0, rel=1e-12)  # from the deterministic run
    text = _visible(reporting.render(ctx))
    assert "point estimate middle outcome (90% interval)" in text
    # Benefits 200 EUR (point), costs 100 EUR: in the unit itself, two decimals below 10.
    assert re.search(r"Benefits over 2021–2025 \(euro\) 200 ", text)
    assert "The point estimate is the analysis's own number" in text


# --------------------------------------------------------------------------------------
# Units chosen from the magnitudes


@pytest.mark.parametrize(("values", "lead", "scale"), [
    # The report and the figures (lead 1): the largest factor in which the largest
    # amount is at least 1; one decimal below 100 of it, none from 100 on.
    ([9_434_000, 2_610_000], 1, Scale(1e6, 1)),
    ([50_000], 1, Scale(1e3, 1)),  # a 50k investment: 50.0 thousand, not 0.1 million
    ([180_000, 50_000], 1, Scale(1e3, 0)),
    ([35_032_000_000], 1, Scale(1e9, 1)),
    # In the unit itself: two decimals below 10, one below 100, none from 100 on.
    ([350, 100], 1, Scale(1, 0)),
    ([35, 10], 1, Scale(1, 1)),
    ([3.5, 1.0], 1, Scale(1, 2)),  # a per-100 analysis keeps its pence
    # The terminal (lead 1000): four or more digits in the factor.
    ([9_434_000, 7_000], 1000, Scale(1e3, 0)),
    ([35_032_000], 1000, Scale(1e3, 0)),
    ([1_200_000_000], 1000, Scale(1e6, 0)),
    ([72_549], 1000, Scale(1, 0)),
    # Missing values are ignored; none at all: the unit, whole.
    ([math.nan, None, math.inf, 5_000_000], 1, Scale(1e6, 1)),
    ([], 1, Scale(1, 2)),
    ([-2_400_000, 100], 1, Scale(1e6, 1)),
])
def test_the_scale_is_chosen_from_the_largest_amount(values, lead, scale):
    assert scale_for(values, lead=lead) == scale


@pytest.mark.parametrize(("values", "scale", "shown"), [
    # Hand computations: 190,000 beside 9.4 million needs two decimals of a million
    # (0.19); 95,000 would need three (0.095), so the table is in thousands (9,434 and 95).
    ([9_434_000, 190_000], Scale(1e6, 2), ["9.43", "0.19"]),
    ([9_434_000, 95_000], Scale(1e3, 0), ["9,434", "95"]),
    ([9_434_000, 15_000], Scale(1e3, 0), ["9,434", "15"]),
    # One table of costs of 190,000 only: in whole thousands.
    ([190_000, 190_000], Scale(1e3, 0), ["190", "190"]),
    # A 5 % quantile near zero (under a thousandth of the largest) does not decide.
    ([9_434_000, 2_610_000, -120], Scale(1e6, 1), ["9.4", "2.6", "0.0"]),
])
def test_a_tables_smallest_amount_keeps_two_significant_digits(values, scale, shown):
    assert scale_for(values, lead=1) == scale
    assert [EN.scaled(x, scale) for x in values] == shown


def test_an_axis_scale_is_chosen_from_its_largest_amount_alone():
    assert scale_for([9_434_000, 190_000], lead=1, digits=None) == Scale(1e6, 1)


def test_units_in_words_and_in_tables_per_language_and_currency():
    gbp, nl_gbp = EN.for_currency("GBP"), NL.for_currency("GBP")
    assert gbp.unit(Scale(1e3, 1)) == "thousand pounds" and gbp.unit(Scale(1, 0)) == "pounds"
    assert EN.unit(Scale(1e6, 1)) == "million euro"
    assert NL.unit(Scale(1e6, 1)) == "miljoen euro" and nl_gbp.unit(1e9) == "miljard pond"
    assert gbp.unit_short(Scale(1e3, 0)) == "k GBP" and gbp.unit_short(1e6) == "M GBP"
    assert gbp.text("figure.forest.one") == "break-even: 1 pound returns 1 pound"
    assert gbp.money(9434) == "GBP\u00a09,434"
    # A currency no catalogue knows is written as its code.
    chf = EN.for_currency("CHF")
    assert chf.unit(Scale(1e6, 1)) == "million CHF" and chf.currency_name() == "CHF"
    assert EN.for_currency("EUR") is EN


def test_a_small_analysis_is_not_written_in_thousands_in_the_terminal():
    # conftest's chain: 10 · 0.5 · 0.4 · 100 = 200 EUR of benefits for 100 EUR of costs.
    from io import StringIO

    from rich.console import Console

    from mcimpact.present import terminal

    s = mcimpact.simulate(build([chain()]), deterministic=True).summary
    console = Console(file=StringIO(), width=120, color_system=None)
    terminal.summary(console, s, locale=EN)
    text = console.file.getvalue()
    assert re.search(r"costs +100 EUR", text) and re.search(r"benefits +200 EUR", text)
    assert "k EUR" not in text


def test_period_words_and_labels():
    assert reporting.period_words(5, EN) == "five-year period"
    assert reporting.period_words(1, EN) == "year"
    assert reporting.period_words(3, EN) == "period of 3 years"
    assert reporting.period_words(5, NL) == "periode van vijf jaar"
    assert period_label("2023-2023") == "2023" and period_label("2021-2025") == "2021-2025"


def test_a_scenario_names_its_initiatives_and_domains_in_its_own_words():
    # Source: the bundled file's [meta.nouns] (nl: "wijkbedrijf", "leefdomein van het
    # Kompas"; en not given) and the catalogues' noun.* ("initiatief"/"initiative").
    bundled = summaries.labels(mcimpact.load()).nouns
    assert NL.with_nouns(bundled).text("report.h.initiatives") == "Per wijkbedrijf"
    assert NL.with_nouns(bundled).text("figure.by_domain.title") == \
        "Baten per leefdomein van het Kompas"
    assert EN.with_nouns(bundled).text("report.h.initiatives") == "Per initiative"
    own = summaries.labels(mcimpact.load(SROI)).nouns
    assert NL.with_nouns(own).text("report.h.initiatives") == "Per initiatief"


# --------------------------------------------------------------------------------------
# Groningen in Dutch: the same figures as the golden English output


def test_the_dutch_terminal_gives_the_golden_numbers_in_dutch():
    # Source of the numbers: the golden English output (tests/data/golden); in Dutch the
    # separators swap ("2,610" → "2.610") and the words come from the Dutch catalogue.
    # with the payback row added since (tests/test_terminal.py, PAYBACK)
    golden = (GOLDEN / "sim-deterministic.txt").read_text("utf-8").replace(
        "  break-even  2024\n", "  break-even  2024\n  payback     4.0 years\n")
    # The golden file is stdout; stderr warns of what the model cuts (tests/test_clamps.py).
    result = CliRunner().invoke(app, ["sim", "--deterministic", "--lang", "nl"])
    assert result.exit_code == 0, result.output
    dutch = result.stdout
    swap = str.maketrans(",.", ".,")
    numbers = re.compile(r"\d[\d,.]*")
    assert [n.translate(swap) for n in numbers.findall(golden)] == numbers.findall(dutch)
    # the bundled file's noun for its initiatives ([meta.nouns])
    assert "baten per wijkbedrijf (k EUR)" in dutch and "kostenclaim" in dutch
    assert "Overige wijkbewoners" in dutch
    english = _cli("sim", "--deterministic", "--lang", "en")
    assert "Other residents" in english and "Overige wijkbewoners" not in english


def test_the_english_figures_of_an_sroi_analysis_speak_english_and_pounds():
    # Every text of every figure: titles, axis labels, legends, tick labels, notes.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    from mcimpact.analysis.sensitivity import analyse_financing
    from mcimpact.present import figures

    scenario = mcimpact.load(SROI)
    results = mcimpact.simulate(scenario, 2000, seed=3, keep_draws=True)
    sens = analyse_financing(
        scenario, results=results.dataset, seed=3, pick_freeze_draws=1 << 9,
        n_resamples=19)
    drawn = figures.all_figures(results.summary, sens, point=1.5, locale=EN)
    assert "by-domain" not in drawn  # no domains
    texts = []
    for fig in drawn.values():
        FigureCanvasAgg(fig).draw()  # tick labels are made while drawing
        texts += [t.get_text() for t in fig.findobj(Text)]
    text = " ".join(texts)
    assert _leaks(text) == []
    assert "Cumulative amount (thousand pounds)" in texts
    assert "How certain is the return per pound?" in texts


def test_the_label_words_quoted_are_those_the_scenario_uses():
    # The Groningen scenario uses the default scale: the report quotes its first three
    # labels as before ("laag, laag-middel, middel, …"); a scale of English words is
    # quoted in English.
    rows = reporting._labels_table(mcimpact.load())
    assert reporting.label_words(rows) == "laag, laag-middel, middel, …"
    from conftest import INITIATIVE, META, toml
    from mcimpact.readers.toml import parse

    text = toml(META, [INITIATIVE], [chain(success_probability="low", effect_size="high")])
    scenario = parse(text + "\n[scales.success_probability]\nlabels = { low = 0.2, high = 0.8 }"
                     "\n[scales.effect_size]\nlabels = { low = 0.3, high = 0.7 }\n", "s.toml")
    assert reporting.label_words(reporting._labels_table(scenario)) == "low, high"


@pytest.mark.parametrize("command", [["sim", "--deterministic"], ["sensitivity"],
                                     ["validate", str(SROI)]])
def test_an_unknown_language_is_exit_2_before_any_work(command):
    result = CliRunner().invoke(app, [*command, "--lang", "de"])
    assert result.exit_code == 2
    assert "unknown language 'de'; expected one of: en, nl" in result.output
    assert "Wijkbedrijven" not in result.output and "OK" not in result.output


def test_dutch_says_each_pound_with_the_neuter_article():
    # "de euro" → "elke geïnvesteerde euro"; "het pond" → "elk geïnvesteerd pond".
    point = NL.for_currency("GBP").text("headline.point", x="1,5")
    assert point.endswith("elk geïnvesteerd pond levert 1,5 pond op.")
    assert NL.text("headline.point", x="3,6").endswith(
        "elke geïnvesteerde euro levert 3,6 euro op.")
    assert EN.for_currency("GBP").fills["each_invested"] == "each pound invested"


def test_periods_of_one_year_are_called_years():
    text = _cli("sim", str(SROI), "--deterministic", "--lang", "en")
    assert "benefits by year (GBP)" in re.sub(r"\s+", " ", text)
    from mcimpact.present import figures

    s = mcimpact.simulate(mcimpact.load(SROI), deterministic=True).summary
    assert figures.breakdown_chart(s, "period", locale=EN).get_suptitle() == "Benefits by year"
