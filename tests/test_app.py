"""The workbench (mcimpact app) through its HTTP interface, in this process: the token
gate and the page's own files (Jupyter's model; docs/app.md#security), loading and
editing validated by the scenario reader, uploads as data, the calculator file, the
worker's cancellation, the command line's start and stop, and the numbers it hands out
equal to the command line's for the same scenario, seed and draws."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import tomllib
import warnings
from pathlib import Path

import pytest

# Starlette 1.x asks for httpx2 in its test client; httpx serves it as well.
warnings.filterwarnings("ignore", message=r".*install `httpx2`")
from starlette.testclient import TestClient  # noqa: E402

from mcimpact.app import calculator as calc  # noqa: E402
from mcimpact.app.jobs import Job, Worker  # noqa: E402
from mcimpact.app.serve import prepare  # noqa: E402
from mcimpact.app.server import create_app  # noqa: E402
from mcimpact.app.workspace import CellError, cell_text, cell_value  # noqa: E402
from mcimpact.errors import ScenarioError  # noqa: E402
from mcimpact.readers import toml  # noqa: E402
from mcimpact.readers.formats import write  # noqa: E402
from mcimpact.readers.toml import MAX_FILE_BYTES  # noqa: E402

TOKEN = "test-token"
H = {"x-mcimpact-token": TOKEN}
CHAIN = "floreshuis-huiskamer-eenzaamheid"  # the report's worked chain (244 participants)


@pytest.fixture
def client():
    """A workbench on the bundled scenario, without its warm-up (a run warms up)."""
    state = prepare(None, "en", token=TOKEN)
    with TestClient(create_app(state, hosts=set(), port=1)) as c:
        c.state = state  # type: ignore[attr-defined]
        yield c
    state.worker.close()


def upload(client, name: str, data: bytes) -> dict:
    r = client.post("/api/upload", headers={**H, "x-file-name": name}, content=data)
    assert r.status_code == 200, r.text
    return r.json()


def edit(client, cell: str, text: str, entry: str = CHAIN, table: str = "chains") -> dict:
    r = client.post("/api/edit", headers=H, json={"table": table, "id": entry, "cell": cell,
                                                  "text": text})
    assert r.status_code == 200, r.text
    return r.json()


# -- private by default ----------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/api/state", "/static/app.js",
                                  "/download/scenario.toml"])
def test_every_request_without_the_token_is_refused_and_a_wrong_one_forbidden(client, path):
    assert client.get(path).status_code == 401
    assert client.get(path, params={"token": "wrong"}).status_code == 403
    assert client.get(path, headers={"x-mcimpact-token": "wrong"}).status_code == 403
    assert client.get(path, headers=H).status_code == 200


def test_the_token_in_the_address_sets_a_cookie_that_serves_later_pages(client):
    first = client.get("/", params={"token": TOKEN})
    assert first.status_code == 200
    cookie = first.headers["set-cookie"]
    assert cookie.startswith(f"mcimpact-token-1={TOKEN};") and "HttpOnly" in cookie \
        and "SameSite=Strict" in cookie
    assert client.get("/api/state").status_code == 200  # the cookie alone reads


def test_a_change_needs_the_token_header_not_only_the_cookie(client):
    client.get("/", params={"token": TOKEN})  # the cookie is set
    r = client.post("/api/load", json={"what": "bundled"})
    assert r.status_code == 403  # another site's form could send the cookie; not the header
    assert client.post("/api/load", json={"what": "bundled"}, headers=H).status_code == 200


def test_another_host_name_is_refused_as_dns_rebinding_would_send_it():
    state = prepare(None, "en", token=TOKEN)
    try:
        with TestClient(create_app(state, hosts={"127.0.0.1:8123"}, port=8123),
                        base_url="http://127.0.0.1:8123") as c:
            assert c.get("/", headers=H).status_code == 200
            evil = c.get("/", headers={**H, "host": "attacker.example:8123"})
            assert evil.status_code == 403
    finally:
        state.worker.close()


def test_every_response_forbids_foreign_scripts_framing_and_sniffing(client):
    r = client.get("/", headers=H)
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp and "connect-src 'self'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert client.get("/api/state").headers["content-security-policy"] == csp  # 401 too


def test_the_page_needs_nothing_from_the_network(client):
    """Offline: the page, its script and its style name no other server (no CDN, no
    font service), and the page loads only the app's own script and style."""
    page = client.get("/", headers=H).text
    script = client.get("/static/app.js", headers=H).text
    style = client.get("/static/app.css", headers=H).text
    for text in (page, script, style):
        assert not re.search(r"https?:|//[a-z]|@import|url\(", text), text[:200]
    assert not re.search(r"\{\{ (t\[|lang|token|boot)", page)  # every slot filled
    assert re.findall(r'<script src="([^"]+)"', page) == ["/static/app.js"]
    assert re.findall(r'<link rel="stylesheet" href="([^"]+)"', page) == ["/static/app.css"]


@pytest.mark.parametrize("path", ["/static/../../../../etc/passwd", "/static/..%2f..%2fcli.py",
                                  "/static/%2e%2e/__init__.py", "/static/app.py",
                                  "/download/..%2f..%2fetc%2fpasswd"])
def test_no_path_on_the_server_is_reachable(client, path):
    r = client.get(path, headers=H)
    assert r.status_code == 404
    assert "root:" not in r.text and "import" not in r.text


# -- loading ---------------------------------------------------------------------------------

def test_the_bundled_scenario_is_loaded_as_tables_of_its_chains(client):
    s = client.get("/api/state", headers=H).json()
    assert s["scenario"]["name"] == "groningen-noord.toml" and s["problems"] is None
    bundled = toml.load()
    assert [r["id"] for r in s["scenario"]["chains"]] == [c.id for c in bundled.chains]
    row = s["scenario"]["chains"][0]
    # As the file writes them (scenarios/groningen-noord.toml, the report's example chain).
    assert row["cells"]["participants"] == "244"
    assert row["cells"]["success_probability"] == "laag-middel"
    assert row["cells"]["profile"] == '{ shape = "constant", lag = 0, duration = 3 }'
    assert s["scenario"]["labels"]["success_probability"][:2] == ["laag", "laag-middel"]


def test_a_broken_upload_shows_the_problems_the_command_line_shows(client):
    text = toml.load().text.replace("participants = 244", "participants = -244", 1)
    text = text.replace('effect_size = "middel"', 'effect_size = "enorm"', 1)
    with pytest.raises(ScenarioError) as reader:
        toml.parse(text, "broken.toml")
    s = upload(client, "broken.toml", text.encode())
    assert [p["text"] for p in s["problems"]["items"]] == [str(p) for p in
                                                           reader.value.problems]
    assert s["problems"]["count"] == "2 problems found; nothing was run."  # en.py
    first = s["problems"]["items"][0]
    assert first["file"] == "broken.toml" and first["line"] is not None
    assert first["field"] == "participants" and first["table"] == "chains"
    assert s["scenario"]["valid"] is False
    # Nothing runs until the problems are fixed.
    assert client.post("/api/run", headers=H, json={"draws": 100}).json()["run"] is None
    assert client.post("/api/live", headers=H, json={}).json()["state"] == "invalid"


def test_a_bad_upload_never_breaks_the_session(client):
    for name, data in [("x.toml", b"\xff\xfe not utf-8"), ("x.xlsx", b"PK not a zip"),
                       ("x.toml", b""), ("x.toml", b"[meta\nname = 1"),
                       ("../../etc/passwd", b"[meta]"), ("x.toml", b"a = " + b"[" * 5000)]:
        s = upload(client, name, data)
        assert s["problems"]["items"] and s["scenario"]["valid"] is False
        assert "/" not in s["scenario"]["name"]
    s = client.post("/api/load", headers=H, json={"what": "bundled"}).json()
    assert s["scenario"]["valid"] and s["problems"] is None


def test_an_upload_over_the_readers_limit_is_refused_as_the_reader_words_it(client):
    s = upload(client, "big.toml", b"#" * (MAX_FILE_BYTES + 10))
    (problem,) = s["problems"]["items"]
    assert "MAX_FILE_BYTES" in problem["text"] and problem["file"] == "big.toml"


def test_an_uploaded_scenario_cannot_read_files_on_the_server(client, tmp_path):
    """Value libraries are files: an upload naming one (even one that exists) is refused
    before anything is read."""
    secret = tmp_path / "values.toml"
    secret.write_text('[values.secret]\nvalue = 1\nsource = "the server"\n')
    text = f'include_values = ["{secret}"]\n' + toml.load().text
    s = upload(client, "sneaky.toml", text.encode())
    (problem,) = s["problems"]["items"]
    assert problem["field"] == "include_values" and problem["line"] == 1
    assert "cannot include value libraries" in problem["text"]
    book = tmp_path / "sneaky.xlsx"
    write(toml.parse(toml.load().text), book)
    import openpyxl

    wb = openpyxl.load_workbook(book)
    root = wb.create_sheet("scenario")  # the sheet of keys outside any table
    root.append(["key", "value"])
    root.append(["include_values[]", str(secret)])
    wb.save(book)
    s = upload(client, "sneaky.xlsx", book.read_bytes())
    assert [p["field"] for p in s["problems"]["items"]] == ["include_values"]


def test_a_workbook_upload_is_the_same_scenario(client, tmp_path):
    book = tmp_path / "book.xlsx"
    write(toml.load(), book)
    s = upload(client, "book.xlsx", book.read_bytes())
    assert s["problems"] is None and s["scenario"]["name"] == "book.xlsx"
    assert len(s["scenario"]["chains"]) == len(toml.load().chains)
    # The workbook downloads as it came.
    assert client.get("/download/scenario.xlsx", headers=H).content == book.read_bytes()


# -- editing ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "value"), [
    ("244", 244), ("0.35", 0.35), ("0,35", 0.35), ("laag-middel", "laag-middel"),
    ('"laag-middel"', "laag-middel"), ("", None),
    ("{ low = 70, high = 300 }", {"low": 70, "high": 300}),
    ('{ dist = "pert", min = 1, mode = 2, max = 4 }',
     {"dist": "pert", "min": 1, "mode": 2, "max": 4}),
])
def test_a_cell_is_a_value_as_a_scenario_file_writes_it(text, value):
    got = cell_value(text)
    assert (got is not None and repr(got) == "MISSING") if value is None else got == value
    if value is not None:
        assert cell_value(cell_text(got)) == got  # the editor shows what it reads


@pytest.mark.parametrize("text", ["1 2", "laag middel", "1\n[meta]\nname = 'x'",
                                  "{ a = 1 } \n b = 2", "[1, 2", "<script>"])
def test_a_cell_that_is_no_one_value_is_refused(text):
    with pytest.raises(CellError):
        cell_value(text)


def test_an_edit_is_validated_by_the_reader_as_a_file_is(client):
    s = edit(client, "participants", "-5")
    (problem,) = s["problems"]["items"]
    # The same value in the file: the reader's message for it (scenario-format.md#limits).
    text = toml.load().text.replace("participants = 244", "participants = -5", 1)
    with pytest.raises(ScenarioError) as reader:
        toml.parse(text, "x.toml")
    (expected,) = reader.value.problems
    assert problem["entry"] == expected.entry and problem["field"] == expected.field
    assert problem["text"].endswith(f": {expected.message}")
    s = edit(client, "participants", "300")
    assert s["problems"] is None and s["scenario"]["valid"] and s["scenario"]["edited"]
    assert s["scenario"]["chains"][0]["cells"]["participants"] == "300"


def test_a_cell_left_empty_takes_its_default_and_a_required_one_is_a_problem(client):
    s = edit(client, "deadweight", "0.1")
    assert s["scenario"]["chains"][0]["cells"]["deadweight"] == "0.1"
    s = edit(client, "deadweight", "")
    assert s["problems"] is None and s["scenario"]["chains"][0]["cells"]["deadweight"] == ""
    s = edit(client, "value", "")
    assert s["problems"]["items"][0]["field"] == "value"


def test_the_picker_previews_a_distribution_by_its_quantiles(client):
    r = client.post("/api/preview", headers=H, json={
        "table": "chains", "id": CHAIN, "cell": "value",
        "text": "{ low = 70, high = 300, confidence = 0.9 }"}).json()
    # docs/scenario-format.md#workshop-ranges: the lognormal whose 5 % and 95 % quantiles
    # are 70 and 300, mean 159.81.
    assert r["ok"] and r["kind"] == "lognormal"
    assert r["p5"] == pytest.approx(70, rel=1e-9) and r["p95"] == pytest.approx(300, rel=1e-9)
    assert r["point"] == pytest.approx(159.81, abs=0.005)
    assert r["text"] == "mean 160; 90% between 70.0 and 300"
    assert r["quantiles"] == sorted(r["quantiles"]) and len(r["quantiles"]) == 49
    bad = client.post("/api/preview", headers=H, json={
        "table": "chains", "id": CHAIN, "cell": "success_probability", "text": "1.4"}).json()
    assert not bad["ok"] and "success_probability" in bad["problems"][0]["text"]
    # A preview changes nothing.
    assert client.get("/api/state", headers=H).json()["scenario"]["edited"] is False


def test_costs_and_financing_are_cells_too(client):
    s = edit(client, "costs", "{ 2021 = 400000, 2022 = 400000 }", "floreshuis", "initiatives")
    assert s["problems"] is None
    s = edit(client, "funding", "{ first_year = 2024, last_year = 2025 }",
             "voortzetting-2024-2026", "financing")
    assert s["problems"] is None
    assert client.post("/api/edit", headers=H, json={"table": "meta", "id": "x", "cell": "name",
                                                    "text": "1"}).status_code == 404


def test_the_edited_scenario_downloads_as_toml_and_xlsx_that_the_cli_reads(client, tmp_path):
    from typer.testing import CliRunner

    from mcimpact.cli import app

    edit(client, "participants", "300")
    r = client.get("/download/scenario.toml", headers=H)
    assert r.headers["content-disposition"].startswith(
        'attachment; filename="groningen-noord-edited.toml"')
    path = tmp_path / "edited.toml"
    path.write_bytes(r.content)
    scenario = toml.load(path)
    assert scenario.chains[0].participants.point == 300
    book = tmp_path / "edited.xlsx"
    book.write_bytes(client.get("/download/scenario.xlsx", headers=H).content)
    for f in (path, book):
        done = CliRunner().invoke(app, ["validate", str(f)])
        assert done.exit_code == 0, done.output
    from mcimpact.readers.formats import data, load

    assert data(load(book)) == data(scenario)


# -- the calculator -------------------------------------------------------------------------

def test_a_calculator_file_holds_the_scenario_and_its_sliders_exactly(client, tmp_path):
    s = client.post("/api/calculator", headers=H, json={"title": "Wat als?", "sliders": [
        {"chain": CHAIN, "input": "participants"},
        {"chain": CHAIN, "input": "success_probability"},
        {"chain": CHAIN, "input": "profile"}]}).json()  # a profile is no slider
    assert [(x["input"], x["min"], x["max"]) for x in s["sliders"]] == [
        ("participants", 122.0, 488.0), ("success_probability", 0, 4)]
    assert s["sliders"][1]["labels"] == ["laag", "laag-middel", "middel", "middel-hoog",
                                         "hoog"]
    text = client.get("/download/calculator.toml", headers=H).text
    got = calc.loads(text, "calc.toml")
    assert got.scenario_text == toml.load().text and got.title == "Wat als?"
    assert tomllib.loads(text)["calculator"]["format"] == calc.FORMAT
    path = tmp_path / "calc.toml"
    path.write_text(text, encoding="utf-8")
    state = prepare(path, "nl", token=TOKEN)  # mcimpact app calc.toml
    try:
        assert state.calculator is not None and state.workspace.origin == "calculator"
        assert state.workspace.scenario is not None
        assert [x.input for x in state.calculator.sliders] == ["participants",
                                                                "success_probability"]
    finally:
        state.worker.close()


def test_a_broken_calculator_file_is_a_located_problem(client):
    s = upload(client, "calc.toml", b"[calculator]\nformat = 1\ndraws = 5\n")
    (problem,) = s["problems"]["items"]
    assert problem["file"] == "calc.toml" and problem["field"] == "calculator.scenario.text"


def test_a_calculator_text_reads_back_whatever_the_scenario_holds():
    tricky = 'a = "x\\"\\"\\"y"\nb = """\nline\\\\\n"""\n# ends with a quote "'
    text = calc.dumps(calc.Calculator("t", (), scenario_text=tricky))
    assert tomllib.loads(text)["calculator"]["scenario"]["text"] == tricky


# -- the worker -----------------------------------------------------------------------------

def _slow(log: list[str], name: str, chunks: int = 200):
    def work(job: Job) -> str:
        log.append(f"{name} started")
        for k in range(chunks):
            time.sleep(0.01)
            job.progress(k + 1, chunks)
        return name
    return work


def test_a_second_run_cancels_the_first_and_a_cancelled_run_ends_at_its_next_chunk():
    worker = Worker()
    log: list[str] = []
    try:
        first = worker.submit(Job("run", _slow(log, "first")))
        while first.state != "running":
            time.sleep(0.005)
        second = worker.submit(Job("run", _slow(log, "second", 5)))
        assert second.wait(10) and second.state == "done" and second.result == "second"
        assert first.state == "cancelled" and first.done < first.total
        third = worker.submit(Job("run", _slow(log, "third")))
        third.cancel()
        assert third.wait(10) and third.state == "cancelled"
        view = worker.submit(Job("view", lambda j: "drawn"), cancels=())
        assert view.wait(10) and view.result == "drawn"
        # A live what-if (server.py: cancels=("live",)) waits for a run, never ends it.
        run = worker.submit(Job("run", _slow(log, "run", 20)))
        live = worker.submit(Job("live", lambda j: "live"), cancels=("live",))
        assert live.wait(10) and live.result == "live" and run.state == "done"
    finally:
        worker.close()


def test_a_run_of_the_page_can_be_cancelled(client):
    r = client.post("/api/run", headers=H, json={"draws": 1_000_000, "seed": 1}).json()
    assert r["run"]["state"] in ("waiting", "running")
    client.post("/api/cancel", headers=H, json={})
    for _ in range(600):
        s = client.get("/api/state", headers=H).json()
        if s["run"]["state"] not in ("waiting", "running"):
            break
        time.sleep(0.1)
    assert s["run"]["state"] == "cancelled" and s["results"] is None
    assert s["run"]["done"] < 1_000_000


def test_a_failing_job_is_reported_and_the_worker_goes_on():
    worker = Worker()
    try:
        bad = worker.submit(Job("run", lambda j: 1 / 0))
        assert bad.wait(10) and bad.state == "failed"
        assert isinstance(bad.error, ZeroDivisionError)
        ok = worker.submit(Job("run", lambda j: 42))
        assert ok.wait(10) and ok.result == 42
    finally:
        worker.close()


# -- the command line -----------------------------------------------------------------------

def test_app_refuses_another_computers_address_without_allow_remote():

    from mcimpact.cli import main

    assert main(["app", "--host", "0.0.0.0", "--no-browser"]) == 2


def test_app_on_a_port_that_is_taken_says_so_and_ends_with_2(capsys):
    import socket

    from mcimpact.cli import main

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        assert main(["app", "--port", str(port), "--no-browser", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert f"cannot listen on 127.0.0.1:{port}" in err and "--port 0" in err


def test_app_prints_one_address_serves_the_page_and_stops_cleanly_on_ctrl_c(tmp_path):
    """`mcimpact app --no-browser --port 0`: one line, http://127.0.0.1:PORT/?token=…,
    the page answers within seconds (while the core warms up), and SIGINT ends it with
    exit 0 and a last line."""
    import httpx

    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "mcimpact", "app", "--no-browser",
                             "--port", "0", "--lang", "en"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        line = proc.stdout.readline().strip()  # type: ignore[union-attr]
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/\?token=[A-Za-z0-9_-]{40,}", line), line
        for _ in range(200):
            try:
                r = httpx.get(line, timeout=5)
                break
            except httpx.ConnectError:
                time.sleep(0.05)
        usable = time.perf_counter() - started
        assert r.status_code == 200 and "mcimpact workbench" in r.text
        assert usable < 20, usable  # "within a few seconds"; generous for a busy CI
        base = line.split("?")[0]
        assert httpx.get(base).status_code == 401
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert out == "" and err.strip().endswith("workbench stopped.")


# -- numbers equal to the command line's ----------------------------------------------------

DRAWS, SEED = 2_000, 7


@pytest.mark.slow
def test_what_it_hands_out_equals_the_command_lines_for_the_same_scenario_seed_draws(
        client, tmp_path):
    """The JSON, the summary workbook and the council report of a run in the workbench
    against `mcimpact sim --json`, `sim --out summary.xlsx` and `mcimpact report`
    (English, the same day): equal, the report byte for byte."""
    import openpyxl
    from typer.testing import CliRunner

    from mcimpact.cli import app as cli

    client.post("/api/lang", headers=H, json={"lang": "en"})
    r = client.post("/api/run", headers=H, json={"draws": DRAWS, "seed": SEED}).json()
    assert r["run"]["kind"] == "run"
    for _ in range(1200):
        s = client.get("/api/state", headers=H).json()
        if s["run"]["state"] not in ("running", "waiting") and s["results"]:
            break
        time.sleep(0.25)
    assert s["run"]["state"] == "done" and s["error"] is None, s
    runner = CliRunner()
    sim = runner.invoke(cli, ["sim", "--json", "-n", str(DRAWS), "--seed", str(SEED)])
    assert sim.exit_code == 0
    got = client.get("/download/summary.json", headers=H)
    assert json.loads(got.text) == json.loads(sim.stdout)
    assert got.text.strip() == sim.stdout.strip()

    book = tmp_path / "summary.xlsx"
    assert runner.invoke(cli, ["sim", "-q", "-n", str(DRAWS), "--seed", str(SEED), "--out",
                               str(book)]).exit_code == 0
    mine = tmp_path / "mine.xlsx"
    mine.write_bytes(client.get("/download/summary.xlsx", headers=H).content)

    def cells(path: Path) -> dict[str, list[tuple]]:
        wb = openpyxl.load_workbook(path)
        return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}

    assert cells(mine) == cells(book)

    page = tmp_path / "report.html"
    done = runner.invoke(cli, ["report", "-n", str(DRAWS), "--seed", str(SEED), "--lang", "en",
                               "--out", str(page), "-q"])
    assert done.exit_code == 0, done.output
    html = client.get("/download/report.html", headers=H)
    assert html.headers["content-type"].startswith("text/html")
    assert html.content == page.read_bytes()
    from mcimpact.present.report import chromium

    if chromium() is not None:  # --pdf: the same page, printed
        pdf = client.get("/download/report.pdf", headers=H)
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")


def test_the_live_what_if_moves_with_an_input(client):
    """A live run of the bundled scenario, then one with ten times the participants of a
    chain worth 8,000 a year each: the median multiplier rises."""
    before = client.post("/api/live", headers=H, json={"draws": 500}).json()
    assert before["state"] == "done", before
    edit(client, "participants", "120", "floreshuis-huiskamer-wmo-begeleiding")
    after = client.post("/api/live", headers=H, json={"draws": 500}).json()
    assert after["view"]["multiplier"]["p50"] > before["view"]["multiplier"]["p50"] + 0.5
    assert after["version"] > before["version"]
    assert [f["id"] for f in after["view"]["figures"]] == ["fan", "multiplier"]
    assert all(f["src"].startswith("data:image/svg+xml;base64,")
               for f in after["view"]["figures"])


def test_threads_of_the_server_do_not_outlive_it():
    state = prepare(None, "en", token=TOKEN)
    state.worker.close()
    assert not any(t.name == "mcimpact-app-worker" and t.is_alive()
                   for t in threading.enumerate() if t is state.worker._thread)


# -- every word from the catalogues ---------------------------------------------------------

def test_every_text_the_page_names_is_in_every_catalogue():
    """The page's words are catalogue keys (app.*): every key its template and script
    name, literally or as one of a known set, is in the Dutch and the English
    catalogue, so no key shows instead of a word."""
    from importlib.resources import files

    from mcimpact.app.workspace import CHAIN_CELLS
    from mcimpact.present.catalogues import en, nl

    app = files("mcimpact.app")
    page = app.joinpath("templates", "index.html").read_text("utf-8")
    script = app.joinpath("static", "app.js").read_text("utf-8")
    named = set(re.findall(r't\["(app\.[a-z0-9_.]+)"\]', page))
    named |= set(re.findall(r'\bt\("(app\.[a-z0-9_.]+)"', script))
    dynamic = {
        "app.col": [c for c, _ in CHAIN_CELLS],
        "app.origin": ["bundled", "file", "upload", "calculator", "none"],
        "app.stage": ["summary", "point", "sensitivity", "drivers", "decision", "voi",
                      "switching", "changed", "figures"],
        "app.picker.kind": ["default", "number", "label", "range", "toml",
                            *re.findall(r"(\w+): \[", script.split("DISTRIBUTIONS = {")[1]
                                        .split("};")[0])],
    }
    for prefix, names in dynamic.items():
        assert f"`{prefix}.${{" in script, prefix  # the script builds these keys
        named |= {f"{prefix}.{n}" for n in names}
    assert len(named) > 100
    for catalogue in (nl, en):
        assert named <= set(catalogue.TEXT), sorted(named - set(catalogue.TEXT))


# -- the refusals a user can meet, in the page's language ----------------------------------

def test_the_refusals_a_user_can_meet_are_in_the_pages_language(client):
    assert client.post("/api/lang", headers=H, json={"lang": "nl"}).status_code == 200
    r = client.get("/download/summary.json", headers=H)
    assert (r.status_code, r.text) == (409, "nog geen uitkomsten: reken eerst\n")
    r = client.post("/api/run", headers=H, json={"draws": 5, "seed": 1})
    assert r.status_code == 400
    # server.MAX_RUN_DRAWS, 10⁶, with the Dutch thousands separator.
    assert r.text == "Trekkingen: een geheel getal van 100 tot en met 1.000.000\n"
    upload(client, "broken.toml", b"[meta]\nname = 'x'\n")
    r = client.get("/download/scenario.toml", headers=H)
    assert (r.status_code, r.text) == (409, "het scenario bevat fouten: herstel die eerst\n")
    assert client.post("/api/lang", headers=H, json={"lang": "en"}).status_code == 200
    r = client.get("/download/scenario.toml", headers=H)
    assert (r.status_code, r.text) == (409, "the scenario has problems: fix them first\n")
