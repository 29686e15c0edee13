"""The council report: headline numbers formatted the Dutch way, escaped scenario text, no
external references, and a real headless browser showing a non-blank page."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import mcimpact
from browser import find_chromium, is_blank, screenshot
from conftest import INITIATIVE, META, chain, toml
from mcimpact.analysis.sensitivity import analyse_financing
from mcimpact.cli import app
from mcimpact.present import report
from mcimpact.present.locale import Locale
from mcimpact.readers.toml import parse

DRAWS = 4000


def _page(scenario, lang="nl"):
    results = mcimpact.simulate(scenario, DRAWS, seed=11, keep_draws=True)
    sens = analyse_financing(
        scenario, results=results.dataset, seed=11, pick_freeze_draws=1 << 9,
        n_resamples=19)
    point = mcimpact.simulate(scenario, deterministic=True).summary.ref.multiplier.mean
    ctx = report.context(scenario, results.summary, sens, point, locale=Locale.get(lang))
    return report.render(ctx), results.summary


@pytest.fixture(scope="module")
def groningen():
    scenario = mcimpact.load()
    pages = {lang: _page(scenario, lang) for lang in ("nl", "en")}
    return pages


def _text(html: str) -> str:
    """The page's visible text, roughly: tags and data URIs removed, whitespace folded."""
    html = re.sub(r"<style.*?</style>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("\u00a0", " ")


def test_the_headline_gives_the_90_percent_interval_the_dutch_way(groningen):
    html, s = groningen["nl"]
    m = s.financing["regiodeal"].multiplier
    be = s.financing["regiodeal"].break_even_year
    # Dutch convention: a decimal comma, two decimals for the multiplier (the report's
    # "1 euro levert 3,60 euro op").
    lo, hi = (f"{getattr(m, k):.2f}".replace(".", ",") for k in ("p5", "p95"))
    text = _text(html)
    assert (f"Met 90 % zekerheid levert elke geïnvesteerde euro tussen {lo} en {hi} euro op"
            in text)
    assert f"verdient zich naar verwachting terug in {be.p50}" in text
    # Millions with a decimal comma in the key-results table (summary's benefits_total).
    b = s.financing["regiodeal"].benefits_total
    assert f"{b.p50 / 1e6:.1f}".replace(".", ",") in text
    assert f"{s.provenance.draws:,}".replace(",", ".") + " simulaties" in text
    assert '<html lang="nl">' in html


def test_the_english_report_is_english(groningen):
    html, s = groningen["en"]
    text = _text(html)
    m = s.financing["regiodeal"].multiplier
    # English convention: "90%" without a space, a decimal point.
    assert (f"With 90% certainty each euro invested returns between {m.p5:.2f} and "
            f"{m.p95:.2f} euro") in text
    assert "Assumptions and method" in text and "Aannames" not in text
    assert '<html lang="en">' in html


def test_every_figure_and_the_financing_comparison_are_in_the_report(groningen):
    html, s = groningen["nl"]
    for stem in ("fan", "multiplier", "break-even", "by-beneficiary", "by-domain",
                 "by-period", "initiatives", "financing-difference", "sensitivity-regiodeal",
                 "tornado-regiodeal"):
        assert f'id="fig-{stem}"' in html, stem
    text = _text(html)
    for fid, name in s.labels.financing.items():
        assert name in text, fid
    assert "Verantwoording" in text and s.provenance.scenario_sha256 in text


def test_the_report_references_nothing_outside_itself(groningen):
    for html, _ in groningen.values():
        outside_data = re.sub(r"data:[a-z/+]+;base64,[A-Za-z0-9+/=]+", "", html)
        assert not re.search(r"(?i)(?:https?:|ftp:)?//[a-z0-9]", outside_data)
        for attr in re.findall(r'(?:src|href)="([^"]*)"', html):
            assert attr.startswith(("data:", "#")), attr[:40]
        assert "<script" not in html.lower()
        assert "@import" not in html and "url(" not in html


def test_scenario_text_is_escaped():
    evil = "<script>alert('x')</script> & Co"
    initiative = {**INITIATIVE, "name": evil}
    text = toml({**META, "name": evil, "description": evil}, [initiative],
                [chain(participants=100, success_probability="middel")])
    text += f'\n[[financing]]\nid = "base"\nname = "{evil}"\ndescription = "{evil}"\n'
    html, _ = _page(parse(text))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co" in html


def test_report_command_writes_one_file_atomically_and_refuses_to_overwrite(tmp_path: Path):
    runner = CliRunner()
    target = tmp_path / "rapport.html"
    result = runner.invoke(app, ["report", "-n", "2000", "-q", "-f", "regiodeal",
                                 "--out", str(target)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rapport.html"]
    assert "Maatschappelijke impact" in target.read_text(encoding="utf-8")
    again = runner.invoke(app, ["report", "-n", "2000", "-q", "--out", str(target)])
    assert again.exit_code == 2 and "bestaat al; gebruik --force" in again.output
    wrong = runner.invoke(app, ["report", "--out", str(tmp_path / "r.txt")])
    assert wrong.exit_code == 2 and ".html" in wrong.output
    lang = runner.invoke(app, ["report", "--lang", "de", "--out", str(tmp_path / "d.html")])
    assert lang.exit_code == 2 and "expected one of: en, nl" in lang.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rapport.html"]


def test_report_pdf_is_not_overwritten_without_force(tmp_path: Path):
    # The bug of before: --pdf replaced an existing PDF without --force.
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-old")
    result = CliRunner().invoke(app, ["report", "-n", "100", "-q", "--pdf", "--out",
                                      str(tmp_path / "report.html")])
    assert result.exit_code == 2, result.output
    assert "report.pdf: bestaat al; gebruik --force" in result.output.replace("\n", "")
    assert pdf.read_bytes() == b"%PDF-old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.pdf"]  # nothing was run


def test_the_report_needs_a_monte_carlo_summary():
    scenario = mcimpact.load()
    det = mcimpact.simulate(scenario, deterministic=True).summary
    with pytest.raises(ValueError, match="Monte Carlo"):
        report.context(scenario, det, None, None)


def test_write_is_atomic_and_refuses_to_overwrite(tmp_path: Path):
    target = tmp_path / "r.html"
    assert report.write("<p>one</p>", target) is None
    with pytest.raises(mcimpact.OutputError, match="exists"):
        report.write("<p>two</p>", target)
    assert target.read_text(encoding="utf-8") == "<p>one</p>"
    report.write("<p>two</p>", target, force=True)
    assert target.read_text(encoding="utf-8") == "<p>two</p>"
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]  # no temporary left


def _browser_or_skip() -> None:
    if find_chromium() is None:
        if os.environ.get("CI"):
            pytest.fail("no chromium on PATH (Debian: apt-get install chromium); CI must "
                        "have it to check the HTML report")
        pytest.skip("no chromium on PATH")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_report_renders_in_a_real_headless_browser(groningen, lang, tmp_path: Path):
    _browser_or_skip()
    page = tmp_path / f"report-{lang}.html"
    page.write_text(groningen[lang][0], encoding="utf-8")
    shot = screenshot(page, tmp_path / f"report-{lang}.png", width=1280, height=2400)
    assert not is_blank(shot)


def test_report_pdf_is_printed_by_a_headless_browser(tmp_path: Path):
    _browser_or_skip()
    target = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["report", "-n", "2000", "-q", "-f", "regiodeal",
                                      "--lang", "en", "--pdf", "--out", str(target)])
    assert result.exit_code == 0, result.output
    pdf = target.with_suffix(".pdf")
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 10_000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html", "report.pdf"]


#: Costs of 190,000 EUR in the reference beside about 12 million in the other financing
#: scenario (issue 22: the financing table showed 190,000 as "0,2 (0,2–0,2)" million).
SMALL_AND_LARGE = toml({**META, "name": "klein en groot"},
                       [{**INITIATIVE, "costs": {"2021": 190_000}}],
                       [chain(participants=10_000, success_probability="middel")]) + """
[[financing]]
id = "basis"
name = "Basis"

[[financing]]
id = "groot"
name = "Groot"
[financing.initiatives.a]
first_year = 2022
cost_per_year = 2_400_000
"""


def test_a_small_amount_beside_millions_keeps_two_significant_digits(capsys):
    """190,000 beside millions: "0,19" million in the report's financing table (hand
    computation: 190,000 / 10⁶), "190" thousand in the terminal's; never "0,2"."""
    scenario = parse(SMALL_AND_LARGE)
    html, summary = _page(scenario)
    assert summary.financing["basis"].costs_total.mean == 190_000  # source: the file
    text = _text(html)
    assert "Basis 0,19 " in text and "0,2 " not in text
    from mcimpact.cli import main

    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"small-{os.getpid()}.toml"
    path.write_text(SMALL_AND_LARGE, encoding="utf-8")
    try:
        assert main(["sim", str(path), "--deterministic"]) == 0
    finally:
        path.unlink()
    out = capsys.readouterr().out
    (row,) = [line for line in out.splitlines() if line.startswith("basis ")]
    assert row.split("│")[1].strip() == "190"
