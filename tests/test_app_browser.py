"""The workbench as a user uses it: `mcimpact app` started as a command, driven in a real
browser (playwright's pip package, Debian's chromium): load the bundled scenario, run it
and read the headline; upload another scenario and a broken one; edit an input and watch
the live result move; download the report and open it; switch the language; build a
calculator; and never a request that leaves this computer, never a script from a
scenario's text.

Needs chromium and playwright (the test extra). Without them the tests are skipped,
except in CI (``CI`` set), where they fail: CI must have a browser. With
``MCIMPACT_SCREENSHOTS=DIR`` the main views are saved as DIR/app-*.png (docs/img, the
screenshots of docs/app.md).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from mcimpact.readers import toml

CHAIN = "floreshuis-huiskamer-wmo-begeleiding"  # 12 participants worth 8,000 a year each
DRAWS = 2_000
RUN_MS = 240_000  # a first run compiles the core on a fresh machine
TIMEOUT_MS = 60_000
SHOTS = os.environ.get("MCIMPACT_SCREENSHOTS")
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-default-apps", "--disable-sync"]


def _require() -> str:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        browser = None
    if browser is None:
        message = "needs chromium and playwright (the test extra)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; CI must have them")
        pytest.skip(message)
    return browser


@pytest.fixture(scope="module")
def server():
    """`mcimpact app --no-browser --port 0 --lang en`: its address, with the token."""
    _require()
    proc = subprocess.Popen([sys.executable, "-m", "mcimpact", "app", "--no-browser",
                             "--port", "0", "--lang", "en"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    url = proc.stdout.readline().strip()  # type: ignore[union-attr]
    assert url.startswith("http://127.0.0.1:"), proc.stderr.read()  # type: ignore[union-attr]
    yield url
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(30)
    finally:
        if proc.poll() is None:
            proc.kill()


@pytest.fixture(scope="module")
def browser():
    executable = _require()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def requests_made():
    return []


@pytest.fixture
def page(browser, server, requests_made, tmp_path):
    """A page of the workbench; every request it makes is recorded (and any that would
    leave 127.0.0.1 is aborted, so the test sees it and nothing is sent); a dialog (an
    alert() from injected script) is recorded too."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000},
                                  accept_downloads=True)
    dialogs: list[str] = []

    def record(route):
        requests_made.append(route.request.url)
        host = urlsplit(route.request.url).hostname
        if route.request.url.startswith(("data:", "file:")) or host == "127.0.0.1":
            route.continue_()
        else:
            route.abort()

    context.route("**/*", record)
    p = context.new_page()
    p.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    p.set_default_timeout(TIMEOUT_MS)
    p.goto(server)
    p.wait_for_selector("body[data-ready=true]")
    p.dialogs = dialogs  # type: ignore[attr-defined]
    yield p
    context.close()
    assert not dialogs, dialogs


def shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"app-{name}.png"))


def tid(name: str) -> str:
    return f'[data-testid="{name}"]'


def load_bundled(page) -> None:
    page.click(tid("tab-load"))
    page.click(tid("load-bundled"))
    page.wait_for_selector(f'{tid("scenario-name")}:text-is("groningen-noord.toml")')


def run(page, draws: int = DRAWS) -> str:
    page.click(tid("tab-results"))
    page.fill(tid("draws"), str(draws))
    page.click(tid("run"))
    page.wait_for_selector(f'{tid("headline")} p', timeout=RUN_MS)
    return page.inner_text(tid("headline"))


@pytest.mark.slow
def test_load_the_bundled_scenario_run_it_and_read_the_headline(page, tmp_path):
    load_bundled(page)
    shot(page, "load")
    headline = run(page)
    # The report's headline (present/report.py headline(), en.py "headline.*").
    assert "The analysis's own estimate (every input at its point value): each euro " \
           "invested returns 3.61 euro." in headline
    assert re.search(r"With 90% certainty each euro invested returns between 3\.\d\d and "
                     r"\d\.\d\d euro", headline)
    assert page.locator(f'{tid("figure-fan")} img').count() == 1
    assert page.locator(tid("measure-first")).count() == 1  # four financing scenarios
    # its options table: one row per financing scenario of the bundled file (four)
    assert page.locator(f'{tid("measure-first")} {tid("options")} tbody tr').count() == 4
    shot(page, "results")

    # Take it home: the report downloads, and opens as the council report.
    with page.expect_download() as got:
        page.click(tid("tab-home"))
        page.click(tid("download-report"))
    report = tmp_path / "report.html"
    got.value.save_as(report)
    other = page.context.new_page()
    other.goto(report.as_uri())
    text = other.inner_text("body")
    assert "each euro invested returns 3.61 euro" in text
    assert "Social impact: Wijkbedrijven Groningen-Noord 2021-2022" in text  # report.title
    other.close()


def test_a_broken_upload_shows_the_located_problem_and_another_scenario_replaces_it(
        page, tmp_path):
    text = toml.load().text.replace('effect_size = "middel"', 'effect_size = "enorm"', 1)
    broken = tmp_path / "broken.toml"
    broken.write_text(text, encoding="utf-8")
    from mcimpact.errors import ScenarioError

    with pytest.raises(ScenarioError) as reader:
        toml.load(broken)
    (expected,) = reader.value.problems
    page.click(tid("tab-load"))
    page.set_input_files(tid("scenario-upload"), str(broken))
    page.wait_for_selector(f'{tid("problems")}:not([hidden]) li')
    shown = page.inner_text(f'{tid("problems")} li')
    assert shown == f"error: {str(expected).replace(str(broken), 'broken.toml')}"
    assert "broken.toml:" in shown and "field 'effect_size'" in shown
    assert page.inner_text(f'{tid("problems")} .count') == \
        "1 problem found; nothing was run."
    page.click(tid("tab-edit"))
    bad = page.locator(tid("input-floreshuis-huiskamer-eenzaamheid-effect_size"))
    assert "bad" in (bad.get_attribute("class") or "")
    assert page.is_disabled(tid("run"))

    # Another scenario: the SROI starter (mcimpact init --template sroi).
    from mcimpact.readers.formats import template

    sroi = tmp_path / "meals.toml"
    sroi.write_text(template("sroi").text, encoding="utf-8")
    page.click(tid("tab-load"))
    page.set_input_files(tid("scenario-upload"), str(sroi))
    page.wait_for_selector(f'{tid("scenario-name")}:text-is("meals.toml")')
    assert page.is_hidden(tid("problems"))
    n = len(template("sroi").chains)
    assert page.locator(f'{tid("chains-table")} tbody tr').count() == n


def test_an_edit_moves_the_live_result_without_a_click(page):
    """Live what-if: with live on, ten times the participants of a chain worth 8,000 a
    year each redraws the multiplier (no run button pressed). The times from the edit to
    the redraw are printed (docs/app.md#live-what-if)."""
    load_bundled(page)
    page.click(tid("tab-edit"))
    page.check(tid("live"))
    page.wait_for_selector(f'{tid("live-status")}[data-seconds]', timeout=RUN_MS)
    before = float(page.get_attribute(tid("live-multiplier"), "data-p50"))
    cell = page.locator(tid(f"input-{CHAIN}-participants"))
    assert cell.input_value() == "12"
    cell.fill("120")
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        after = float(page.get_attribute(tid("live-multiplier"), "data-p50"))
        if after != before:
            break
        page.wait_for_timeout(100)
    assert after > before + 0.5
    assert page.is_hidden(tid("problems"))
    # A few more edits, to measure edit → redraw warm.
    for value in ("60", "90", "30"):
        cell.fill(value)
        page.wait_for_timeout(1500)
    timings = page.evaluate("window.mcimpactTimings")
    print("edit to redraw [s]:", [round(t["seconds"], 3) for t in timings])
    # The distribution picker: a workshop range, its 5–95 % range as typed.
    page.click(tid(f"input-{CHAIN}-value"))
    page.select_option(tid("picker-kind"), "range")
    page.fill(tid("picker-low"), "70")
    page.fill(tid("picker-high"), "300")
    page.wait_for_selector(f'{tid("picker-range")}:text("between 70.0 and 300")')
    shot(page, "edit")
    cell.fill("12")
    page.wait_for_timeout(1500)


def test_scenario_text_is_shown_literally_never_run(page, tmp_path):
    """The names of tests/test_literal_text.py's hostile scenario (markup, script tags,
    controls) appear as text; no element or dialog comes of them."""
    from test_literal_text import VISIBLE, hostile_scenario

    path = tmp_path / "hostile.toml"
    path.write_text(hostile_scenario().replace("<script>", "<script>alert(1)</script>"),
                    encoding="utf-8")
    scripts = page.locator("script").count()
    page.click(tid("tab-load"))
    page.set_input_files(tid("scenario-upload"), str(path))
    page.wait_for_selector(f'{tid("scenario-name")}:text-is("hostile.toml")')
    about = page.inner_text(tid("scenario-about"))
    assert "<script>alert(1)</script>" in about
    assert VISIBLE.replace("<script>", "<script>alert(1)</script>").removesuffix("!") in about
    assert page.locator("script").count() == scripts
    assert page.locator("img[src^='x'], iframe, object").count() == 0


def test_the_language_switch_speaks_dutch_from_the_catalogue(page):
    from mcimpact.present.catalogues import en, nl

    page.select_option(tid("language"), "nl")
    page.wait_for_selector(f'{tid("tab-edit")}:text-is("{nl.TEXT["app.tab.edit"]}")')
    assert page.inner_text(tid("tab-home")) == nl.TEXT["app.tab.home"]
    assert page.get_attribute("html", "lang") == "nl"
    page.select_option(tid("language"), "en")
    page.wait_for_selector(f'{tid("tab-edit")}:text-is("{en.TEXT["app.tab.edit"]}")')


def test_a_calculator_for_a_council(page, server, tmp_path):
    load_bundled(page)
    page.click(tid("tab-calculator"))
    page.fill(tid("calculator-name"), "Wat als meer mensen meedoen?")
    page.select_option(tid("calculator-input"), f"{CHAIN}/participants")
    page.click(tid("calculator-add"))
    slider = page.locator(tid(f"slider-{CHAIN}-participants"))
    slider.wait_for()
    assert slider.get_attribute("min") == "6" and slider.get_attribute("max") == "24"
    slider.fill("24")
    page.wait_for_selector(f'{tid("calc-multiplier")}[data-p50]', timeout=RUN_MS)
    shot(page, "calculator")
    with page.expect_download() as got:
        page.click(tid("download-calculator"))
    assert got.value.suggested_filename == "groningen-noord-edited-calculator.toml"
    saved = tmp_path / "calculator.toml"
    got.value.save_as(saved)

    # Whoever opens it sees the sliders and the live result, nothing else.
    page.click(tid("tab-load"))
    page.set_input_files(tid("scenario-upload"), str(saved))
    page.wait_for_selector(f'{tid("calculator-title")}:text-is("Wat als meer mensen meedoen?")')
    assert page.is_hidden(tid("tabs")) and page.is_hidden(tid("calculator-build"))
    assert page.locator(tid(f"slider-{CHAIN}-participants")).input_value() == "24"
    page.wait_for_selector(f'{tid("calc-figures")} img', timeout=RUN_MS)
    token = server.split("token=")[1]
    done = page.request.post(server.split("?")[0] + "api/load", data={"what": "bundled"},
                             headers={"x-mcimpact-token": token})
    assert done.ok  # back to the bundled scenario for the tests after this one


def test_a_closed_tab_leaves_the_server_serving_and_a_run_can_be_cancelled(
        browser, server, page):
    load_bundled(page)
    page.click(tid("tab-results"))
    page.fill(tid("draws"), "1000000")
    page.click(tid("run"))
    page.wait_for_selector(f'{tid("cancel")}:not([hidden])')
    page.close()  # the tab goes while the run goes on
    again = page.context.new_page()
    again.goto(server)
    again.wait_for_selector("body[data-ready=true]")
    again.click(tid("tab-results"))
    if again.is_visible(tid("cancel")):
        again.click(tid("cancel"))
    again.wait_for_selector(f'{tid("cancel")}[hidden]', state="attached")
    assert again.inner_text(tid("scenario-name")) == "groningen-noord.toml"


def test_a_request_without_the_token_is_refused(browser, server):
    context = browser.new_context()
    p = context.new_page()
    base = server.split("?")[0]
    response = p.goto(base)
    assert response.status == 401 and "token" in p.inner_text("body")
    assert p.goto(base + "?token=wrong").status == 403
    context.close()


def test_no_request_left_this_computer(requests_made):
    """Every request every page above made (scripts, styles, figures, downloads) went to
    127.0.0.1, or was a data: URI or the downloaded report opened from its file."""
    assert requests_made
    foreign = [u for u in requests_made if not u.startswith(("data:", "file:"))
               and urlsplit(u).hostname != "127.0.0.1"]
    assert not foreign
