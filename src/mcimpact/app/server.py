"""The workbench's web application: a small ASGI app (Starlette) that serves one page, its
own scripts and styles, and a JSON interface for the page.

Private by default, as Jupyter is: every request carries the session's token — in the
address the command prints (``?token=…``, then a cookie of this port, HttpOnly and
SameSite=Strict), or in the header ``X-Mcimpact-Token`` — and a request without it is
refused (401; a wrong one 403). Requests that change anything must carry the header
(the page sends it; another site's form cannot), and the ``Host`` must be the one the
server was started on (no DNS rebinding). Every response forbids framing, sniffing and
any script, style or connection that is not the app's own (Content-Security-Policy).

The page only ever gets text as text: the JSON holds strings that the page puts into the
document as text nodes, never as markup; figures are SVG ``data:`` URIs shown as images.
No route takes a path on the server: files reach the server as uploads (at most the
readers' ``MAX_FILE_BYTES``), and leave it as downloads made in memory.
"""

from __future__ import annotations

import hmac
import html
import json
import re
import secrets
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from importlib import resources
from typing import Any
from urllib.parse import parse_qs, quote

import anyio
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..model.scenario import DEFAULT_SEED
from ..readers._files import MAX_FILE_BYTES
from . import _views, runs
from .calculator import Calculator, Slider, slider_for, starting_values
from .calculator import dumps as calculator_file
from .jobs import Job, Worker
from .workspace import CellError, Workspace, upload_name

HEADER = "x-mcimpact-token"
#: The most draws a run of the page may ask for (a run that long is the command line's).
MAX_RUN_DRAWS = 1_000_000
#: The most draws of a live what-if.
MAX_LIVE_DRAWS = 50_000
#: How long a request waits for a live what-if before it answers "still running".
LIVE_WAIT_S = 120.0
SECURITY_HEADERS = {
    "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
                               "img-src 'self' data:; connect-src 'self'; "
                               "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
    "cross-origin-resource-policy": "same-origin",
}
STATIC = {"app.js": "text/javascript; charset=utf-8", "app.css": "text/css; charset=utf-8"}


@dataclass
class State:
    """One workbench session (one per server: the analyst's)."""

    token: str
    lang: str
    workspace: Workspace
    worker: Worker
    draws: int = runs.RUN_DRAWS
    seed: int = DEFAULT_SEED
    live_draws: int = runs.LIVE_DRAWS
    calculator: Calculator | None = None  # opened from a calculator file
    sliders: list[Slider] = field(default_factory=list)  # the calculator being built
    title: str = ""
    warm: Job | None = None
    run: Job | None = None
    results: Any = None  # (version, scenario, ReportResults, recorded) of the last run
    views: dict[str, Any] = field(default_factory=dict)  # language → results view
    reports: dict[str, str] = field(default_factory=dict)  # language → report page
    error: str | None = None  # why the last run failed, in words

    @property
    def words(self) -> _views.Locale:
        return _views.words(self.lang)


def new_token() -> str:
    return secrets.token_urlsafe(32)


async def wait(job: Job, timeout: float | None = None) -> bool:
    """Wait for a job off the event loop; a cancelled request (a closed tab, the server
    stopping) stops waiting without waiting for the job."""
    try:
        return await anyio.to_thread.run_sync(job.wait, timeout, abandon_on_cancel=True)
    except TypeError:  # anyio before 4.1 names it "cancellable"
        return await anyio.to_thread.run_sync(job.wait, timeout, cancellable=True)


# -- the gate ------------------------------------------------------------------------------

class Gate:
    """Refuses every request without the token (401) or with a wrong one (403), with a
    Host that is not the server's (403), or that changes something without the token
    header (403); adds the security headers to every response, and sets the token's
    cookie when the token came in the address."""

    def __init__(self, app: ASGIApp, token: str, hosts: set[str], port: int) -> None:
        self.app, self.token, self.hosts = app, token.encode(), hosts
        self.cookie = f"mcimpact-token-{port}"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            if scope["type"] == "lifespan":
                await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v for k, v in scope["headers"]}
        host = headers.get("host", b"").decode("latin-1").lower()
        if self.hosts and host not in self.hosts:
            return await self._refuse(send, 403, "this server answers only to "
                                      f"{', '.join(sorted(self.hosts))}")
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        from_query = (query.get("token") or [""])[0].encode()
        from_header = headers.get(HEADER, b"")
        cookies = SimpleCookie()
        try:
            cookies.load(headers.get("cookie", b"").decode("latin-1"))
        except Exception:  # a malformed cookie header is no token
            cookies = SimpleCookie()
        from_cookie = cookies[self.cookie].value.encode() if self.cookie in cookies else b""
        given = from_header or from_query or from_cookie
        if not given:
            return await self._refuse(send, 401, "a token is required: open the address "
                                      "that `mcimpact app` printed")
        if not hmac.compare_digest(given, self.token):
            return await self._refuse(send, 403, "wrong token")
        if scope["method"] not in ("GET", "HEAD") and not hmac.compare_digest(
                from_header, self.token):
            return await self._refuse(send, 403, "a change needs the token header")
        set_cookie = bool(from_query) and not from_cookie

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                if set_cookie:
                    extra.append((b"set-cookie", (
                        f"{self.cookie}={self.token.decode()}; Path=/; HttpOnly; "
                        "SameSite=Strict").encode()))
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)

    @staticmethod
    async def _refuse(send: Send, status: int, message: str) -> None:
        body = (message + "\n").encode()
        await send({"type": "http.response.start", "status": status, "headers": [
            (b"content-type", b"text/plain; charset=utf-8"),
            (b"content-length", str(len(body)).encode()),
            *((k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items())]})
        await send({"type": "http.response.body", "body": body})


# -- the page --------------------------------------------------------------------------------

def _template(name: str) -> str:
    return resources.files("mcimpact.app").joinpath("templates", name).read_text("utf-8")


def _json_for_script(data: Any) -> str:
    """JSON to put inside ``<script type="application/json">``: no ``<`` (so no
    ``</script>``), ``>`` or ``&`` in it."""
    return (json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
            .replace(">", "\\u003e").replace("&", "\\u0026"))


_SLOT = re.compile(r'\{\{ (?:t\["([a-z0-9_.]+)"\]|(lang|token|boot)) \}\}')


def page(state: State) -> str:
    """The page: its template's slots ``{{ t["key"] }}`` (a catalogue text), ``{{ lang }}``
    and ``{{ token }}`` filled in escaped, ``{{ boot }}`` with the page's texts as JSON
    for its script (:func:`_json_for_script`); a slot without a text is an error."""
    words = state.words
    texts = _views.page_texts(words)
    values = {"lang": words.code, "token": state.token}
    boot = _json_for_script({"texts": texts, "languages": list(_views.languages()),
                             "numbers": {k: words.numbers[k] for k in ("thousands",
                                                                        "decimal")}})

    def fill(m: re.Match[str]) -> str:
        if m.group(2) == "boot":
            return boot
        return html.escape(texts[m.group(1)] if m.group(1) else values[m.group(2)])

    return _SLOT.sub(fill, _template("index.html"))


# -- what the page asks ----------------------------------------------------------------------

def status(state: State) -> dict[str, Any]:
    ws = state.workspace
    words = state.words
    results = state.results
    return {
        "lang": words.code,
        "warming": state.warm is not None and not state.warm.over,
        "scenario": ws.tables(),
        "problems": _views.problems(ws.problems, ws.total, words) if ws.problems else None,
        "draws": state.draws, "seed": state.seed, "live_draws": state.live_draws,
        "run": state.run.status() if state.run is not None else None,
        "error": state.error,
        "results": None if results is None else {
            "version": results[0], "current": results[0] == ws.version,
            "draws": results[2].summary.provenance.draws},
        "pdf": _views.can_print_pdf(),
        "calculator": None if state.calculator is None else {
            **state.calculator.to_json(),
            "values": starting_values(state.calculator, ws.tables())},
        "sliders": [s.to_json() for s in state.sliders], "title": state.title,
        "workbook": ws.scenario is not None,
    }


async def _body(request: Request, limit: int = 64 * 1024) -> Any:
    raw = b""
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > limit:
            raise _Bad(413, "request too large")
    try:
        return json.loads(raw or b"{}")
    except (ValueError, RecursionError):
        raise _Bad(400, "not JSON") from None


class _Bad(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def _int(value: Any, least: int, most: int, name: str, words: _views.Locale) -> int:
    """A whole number in [least, most] from the page, else a 400 in the page's words
    (``name``: the catalogue key of the field's label)."""
    if not isinstance(value, int) or isinstance(value, bool) or not least <= value <= most:
        raise _Bad(400, words.text("app.error.whole_number", name=words.text(name),
                                   least=words.number(least), most=words.number(most)))
    return value


def create_app(state: State, *, hosts: set[str], port: int) -> ASGIApp:
    """The workbench's ASGI application for ``state``, answering to ``hosts``
    (``host:port`` as a browser sends them; empty: any, for tests)."""

    async def index(request: Request) -> Response:
        return Response(page(state), media_type="text/html; charset=utf-8")

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in STATIC:  # a fixed set of names: no path reaches the disk
            return PlainTextResponse("not found\n", status_code=404)
        text = resources.files("mcimpact.app").joinpath("static", name).read_text("utf-8")
        return Response(text, media_type=STATIC[name])

    async def get_state(request: Request) -> Response:
        return JSONResponse(status(state))

    async def set_lang(request: Request) -> Response:
        lang = (await _body(request)).get("lang")
        if lang not in _views.languages():
            raise _Bad(400, "unknown language")
        state.lang = lang
        return JSONResponse(status(state))

    def loaded() -> None:
        state.results, state.views, state.reports, state.error = None, {}, {}, None
        state.sliders, state.calculator = [], None

    async def load(request: Request) -> Response:
        what = (await _body(request)).get("what")
        if what != "bundled":
            raise _Bad(400, "what: bundled")
        state.workspace.load_bundled()
        loaded()
        return JSONResponse(status(state))

    async def upload(request: Request) -> Response:
        from urllib.parse import unquote

        name = upload_name(unquote(request.headers.get("x-file-name", "upload.toml")))
        raw = b""
        async for chunk in request.stream():
            raw += chunk
            if len(raw) > MAX_FILE_BYTES:
                break  # the reader's limit: refused as the reader words it
        await anyio.to_thread.run_sync(_load_upload, state, name, raw)
        loaded()
        if name.lower().endswith(".toml") and state.workspace.scenario is None:
            _maybe_calculator(state, name, raw)
        return JSONResponse(status(state))

    async def edit(request: Request) -> Response:
        body = await _body(request)
        try:
            state.workspace.edit(str(body.get("table")), str(body.get("id")),
                                 str(body.get("cell")), str(body.get("text", "")),
                                 words=state.words)
        except KeyError:
            raise _Bad(404, "no such cell") from None
        state.error = None
        return JSONResponse(status(state))

    async def preview(request: Request) -> Response:
        body = await _body(request)
        return JSONResponse(await anyio.to_thread.run_sync(
            _preview, state, str(body.get("table")), str(body.get("id")),
            str(body.get("cell")), str(body.get("text", ""))))

    async def start_run(request: Request) -> Response:
        body = await _body(request)
        draws = _int(body.get("draws", state.draws), 100, MAX_RUN_DRAWS, "app.run.draws",
                     state.words)
        seed = _int(body.get("seed", state.seed), 0, 2**63 - 1, "app.run.seed", state.words)
        ws = state.workspace
        if ws.scenario is None:
            return JSONResponse(status(state))
        state.draws, state.seed, state.error = draws, seed, None
        scenario, version, lang = ws.scenario, ws.version, state.lang

        def work(job: Job) -> Any:
            results, recorded = runs.full(scenario, draws, seed, job)
            job.stage = "figures"
            view = _views.results_view(scenario, results, _views.words(lang))
            return (version, scenario, results, recorded), {lang: view}

        job = state.worker.submit(Job("run", work))
        state.run = job

        async def settle() -> None:
            await wait(job)
            if state.run is job:
                if job.state == "done":
                    state.results, state.views = job.result
                    state.reports = {}
                elif job.state == "failed":
                    state.error = _failure(state, job.error)

        request.app.state.tasks.start_soon(settle)
        return JSONResponse(status(state))

    async def cancel(request: Request) -> Response:
        if state.run is not None:
            state.run.cancel()
        return JSONResponse(status(state))

    async def results(request: Request) -> Response:
        if state.results is None:
            return JSONResponse({"results": None})
        lang = state.lang
        if lang not in state.views:
            _, scenario, got, _ = state.results
            job = state.worker.submit(Job("view", lambda _j: _views.results_view(
                scenario, got, _views.words(lang))), cancels=())
            await wait(job)
            if job.state != "done":
                raise _Bad(500, _failure(state, job.error))
            state.views[lang] = job.result
        return JSONResponse({"results": state.views[lang],
                             "current": state.results[0] == state.workspace.version})

    async def live(request: Request) -> Response:
        body = await _body(request)
        draws = _int(body.get("draws", state.live_draws), 100, MAX_LIVE_DRAWS,
                     "app.run.draws", state.words)
        ws = state.workspace
        if ws.scenario is None:
            return JSONResponse({"state": "invalid", **status(state)})
        state.live_draws = draws
        seed = state.calculator.seed if state.calculator and state.calculator.seed \
            is not None else state.seed
        scenario, version, lang = ws.scenario, ws.version, state.lang
        ids = [f.id for f in scenario.financing]
        shown = [ids[0], *(f for f in [body.get("financing")] if f in ids[1:])]

        def work(job: Job) -> Any:
            summary = runs.live(scenario, draws, seed, job, financing=shown)
            job.stage = "figures"
            return _views.live_view(summary, _views.words(lang))

        # A live what-if replaces the one before, never a run the analyst started.
        job = state.worker.submit(Job("live", work), cancels=("live",))
        await wait(job, LIVE_WAIT_S)
        if job.state == "done":
            return JSONResponse({"state": "done", "version": version, "view": job.result,
                                 "seconds": job.status()["seconds"]})
        if job.state == "failed":
            return JSONResponse({"state": "failed", "error": _failure(state, job.error)})
        return JSONResponse({"state": job.state})

    async def calculator(request: Request) -> Response:
        body = await _body(request)
        tables = state.workspace.tables()
        sliders = []
        for pick in body.get("sliders", [])[:12]:
            try:
                sliders.append(slider_for(tables, str(pick.get("chain")),
                                          str(pick.get("input"))))
            except (KeyError, AttributeError):
                continue
        state.sliders = sliders
        state.title = str(body.get("title", ""))[:200]
        return JSONResponse(status(state))

    async def download(request: Request) -> Response:
        what = request.path_params["what"]
        ws = state.workspace
        if what in ("scenario.toml", "scenario.xlsx", "calculator.toml"):
            if ws.scenario is None:
                raise _Bad(409, state.words.text("app.error.problems"))
            if what == "scenario.toml":
                return _attachment(ws.toml_text().encode("utf-8"),
                                   ws.download_name(".toml"), "application/toml")
            if what == "scenario.xlsx":
                data = await anyio.to_thread.run_sync(_workbook_of, ws, state.words)
                return _attachment(data, ws.download_name(".xlsx"), "application/vnd."
                                   "openxmlformats-officedocument.spreadsheetml.sheet")
            return _attachment(_calculator_text(state).encode("utf-8"),
                               ws.download_name("-calculator.toml"), "application/toml")
        if state.results is None:
            raise _Bad(409, state.words.text("app.error.no_results"))
        _, scenario, got, recorded = state.results
        stem = ws.download_name("")
        if what == "summary.json":
            return _attachment(_views.summary_json(got.summary, scenario).encode("utf-8"),
                               f"{stem}-summary.json", "application/json")
        if what == "summary.xlsx":
            data = await anyio.to_thread.run_sync(_views.summary_workbook, got.summary)
            return _attachment(data, f"{stem}-summary.xlsx", "application/vnd."
                               "openxmlformats-officedocument.spreadsheetml.sheet")
        if what in ("report.html", "report.pdf"):
            html = await _report(state, scenario, got, recorded)
            if what == "report.html":
                return _attachment(html.encode("utf-8"), f"{stem}-report.html",
                                   "text/html; charset=utf-8")
            if not _views.can_print_pdf():
                raise _Bad(404, state.words.text("app.error.no_pdf"))
            pdf = await anyio.to_thread.run_sync(_views.report_pdf, html)
            return _attachment(pdf, f"{stem}-report.pdf", "application/pdf")
        return PlainTextResponse("not found\n", status_code=404)

    def bad(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, _Bad)
        return PlainTextResponse(exc.message + "\n", status_code=exc.status)

    def guarded(endpoint: Any) -> Any:
        async def call(request: Request) -> Response:
            try:
                response: Response = await endpoint(request)
                return response
            except _Bad as exc:
                return bad(request, exc)
        return call

    routes = [
        Route("/", index), Route("/static/{name}", static),
        Route("/api/state", guarded(get_state)),
        Route("/api/lang", guarded(set_lang), methods=["POST"]),
        Route("/api/load", guarded(load), methods=["POST"]),
        Route("/api/upload", guarded(upload), methods=["POST"]),
        Route("/api/edit", guarded(edit), methods=["POST"]),
        Route("/api/preview", guarded(preview), methods=["POST"]),
        Route("/api/run", guarded(start_run), methods=["POST"]),
        Route("/api/cancel", guarded(cancel), methods=["POST"]),
        Route("/api/results", guarded(results)),
        Route("/api/live", guarded(live), methods=["POST"]),
        Route("/api/calculator", guarded(calculator), methods=["POST"]),
        Route("/download/{what}", guarded(download)),
    ]

    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def lifespan(app: Starlette) -> Any:
        async with anyio.create_task_group() as tasks:
            app.state.tasks = tasks
            yield
            for job in (state.run, state.warm):  # stopping: no run goes on
                if job is not None:
                    job.cancel()
            tasks.cancel_scope.cancel()

    inner = Starlette(routes=routes, lifespan=lifespan)
    return Gate(inner, state.token, hosts, port)


# -- helpers ---------------------------------------------------------------------------------

def _attachment(data: bytes, name: str, media: str) -> Response:
    safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in name) or "download"
    return Response(data, media_type=media, headers={
        "content-disposition": f"attachment; filename=\"{safe}\"; "
                               f"filename*=UTF-8''{quote(name)}"})


def _load_upload(state: State, name: str, raw: bytes) -> None:
    state.workspace.load_upload(name, raw)


def _maybe_calculator(state: State, name: str, raw: bytes) -> None:
    """An uploaded calculator file opens as a calculator."""
    from .calculator import is_calculator, loads

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return
    if is_calculator(text):
        open_calculator(state, loads_or_problems(state, loads, text, name))


def loads_or_problems(state: State, loads: Any, text: str, name: str) -> Calculator | None:
    from ..errors import ScenarioError

    try:
        calc: Calculator = loads(text, name)
        return calc
    except ScenarioError as exc:
        state.workspace._failed(name, "calculator", exc.problems, exc.total)
        return None


def open_calculator(state: State, calc: Calculator | None) -> None:
    if calc is None:
        return
    state.workspace.load_text(calc.scenario_text, calc.scenario_name, "calculator")
    state.calculator = calc
    state.live_draws = calc.draws


def _calculator_text(state: State) -> str:
    ws = state.workspace
    if ws.data is not None and "include_values" in ws.data:
        raise _Bad(409, state.words.text("app.error.calculator_alone"))
    calc = Calculator(state.title or ws.name, tuple(state.sliders), state.live_draws,
                      state.seed, ws.download_name(".toml"), ws.toml_text())
    return calculator_file(calc, ws.download_name("-calculator.toml"))


def _workbook_of(ws: Workspace, words: Any) -> bytes:
    """The scenario as a workbook; a scenario a workbook cannot hold is a 409 that says
    why in the page's language."""
    import tempfile
    from pathlib import Path

    from ..readers._locate import reason_of
    from ..readers.formats import write
    from ..readers.xlsx import WorkbookError

    assert ws.scenario is not None
    if ws.workbook is not None and not ws.edited:
        return ws.workbook
    with tempfile.TemporaryDirectory(prefix="mcimpact-app-") as folder:
        path = Path(folder) / "scenario.xlsx"
        try:
            write(ws.scenario, path)
        except WorkbookError as exc:
            raise _Bad(409, words.message(reason_of(exc))) from None
        return path.read_bytes()


def _preview(state: State, table: str, entry: str, cell: str, text: str) -> dict[str, Any]:
    """The distribution picker's preview of one cell: its point value, its 5–95 % range
    and its shape (quantiles), or the problems of the scenario with it."""
    from ..errors import ScenarioError
    from .workspace import shape

    words = state.words
    try:
        scenario = state.workspace.with_cell(table, entry, cell, text)
    except CellError as exc:
        return {"ok": False, "problems": [words.text(exc.key, **exc.values)]}
    except ScenarioError as exc:
        return {"ok": False, "problems": _views.problems(exc.problems, exc.total,
                                                          words)["items"]}
    except KeyError:
        raise _Bad(404, "no such cell") from None
    return {"ok": True, **shape(scenario, table, entry, cell, words)}


async def _report(state: State, scenario: Any, got: Any, recorded: Any) -> str:
    lang = state.lang
    if lang not in state.reports:
        job = state.worker.submit(Job("view", lambda _j: _views.report_html(
            scenario, got, _views.words(lang), recorded)), cancels=())
        await wait(job)
        if job.state != "done":
            raise _Bad(500, _failure(state, job.error))
        state.reports[lang] = job.result
    return state.reports[lang]


def _failure(state: State, error: BaseException | None) -> str:
    """Why a job failed, in words (never a traceback)."""
    from ..errors import OutputError, ResourceError, ScenarioError
    from ..present.locale import refusal

    words = state.words
    if isinstance(error, runs.NoCosts):
        return words.text("error.no_costs", path=state.workspace.name, names=error.names,
                          why=words.text("why.report"))
    if isinstance(error, ScenarioError):
        return "\n".join(words.problem(p) for p in error.problems)
    if isinstance(error, OutputError | ResourceError):
        return refusal(words, error)
    if isinstance(error, MemoryError):
        return words.text("error.memory")
    return words.text("error.internal", kind=type(error).__name__, detail=error)
