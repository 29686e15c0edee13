"""Start the workbench: bind, print the address with its token, open the browser, serve
until Ctrl-C (or SIGTERM), then stop the runs and leave cleanly."""

from __future__ import annotations

import contextlib
import ipaddress
import signal
import socket
import threading
import webbrowser
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

from .jobs import Job, Worker
from .server import State, create_app, new_token, open_calculator
from .workspace import Workspace

#: How long open requests (a live what-if being waited for) may take to finish once the
#: server is asked to stop [s].
GRACE_S = 2


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this machine only (127.0.0.0/8, ::1, "localhost")."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port`` (0: any free port); OSError if taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def prepare(scenario: Path | None, lang: str, token: str | None = None) -> State:
    """The session's state with the scenario loaded (its problems kept, not raised) and
    the core's warm-up started in the background."""
    from .calculator import is_calculator

    state = State(token or new_token(), lang, Workspace(), Worker())
    ws = state.workspace
    if scenario is None:
        ws.load_bundled()
    else:
        text = _text_of(scenario)
        if text is not None and is_calculator(text):
            from .calculator import loads
            from .server import loads_or_problems

            open_calculator(state, loads_or_problems(state, loads, text, str(scenario)))
        else:
            ws.load_path(scenario)
    from ..readers.toml import load
    from . import runs

    warm = ws.scenario or load(None)
    state.warm = state.worker.submit(Job("warm-up", lambda _j: runs.warm_up(warm)),
                                     cancels=())
    return state


def _text_of(path: Path) -> str | None:
    from ..readers._files import MAX_FILE_BYTES

    try:
        if path.suffix.lower() == ".xlsx" or not path.is_file() \
                or path.stat().st_size > MAX_FILE_BYTES:
            return None
        return path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def serve(scenario: Path | None = None, *, host: str = "127.0.0.1", port: int = 0,
          open_browser: bool = True, lang: str = "nl",
          say: Callable[[str], None] = print, ready: Callable[[str], None] | None = None
          ) -> int:
    """Serve the workbench until Ctrl-C or SIGTERM; returns 0 (stopped as asked).

    ``say`` gets the one line with the address (and its token); ``ready(url)`` is
    called once the server listens (tests). Raises OSError when the port is taken."""
    import uvicorn

    sock = bind(host, port)
    port = sock.getsockname()[1]
    state = prepare(scenario, lang)
    shown = host if is_loopback(host) else socket.gethostname()
    shown = f"[{shown}]" if ":" in shown else shown
    hosts = ({f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}",
              f"{shown}:{port}".lower()} if is_loopback(host) else set())
    url = f"http://{shown}:{port}/?token={state.token}"
    config = uvicorn.Config(create_app(state, hosts=hosts, port=port), log_level="warning",
                            access_log=False, lifespan="on",
                            timeout_graceful_shutdown=GRACE_S)
    server = _Server(config)
    say(url)
    if ready is not None:
        threading.Thread(target=_when_started, args=(server, ready, url), daemon=True).start()
    if open_browser:
        threading.Thread(target=_when_started, args=(server, _open, url), daemon=True).start()
    try:
        server.run(sockets=[sock])
    finally:
        state.worker.close()
        sock.close()
    return 0


def _open(url: str) -> None:
    with contextlib.suppress(Exception):  # no browser: the printed address is enough
        webbrowser.open(url)


def _when_started(server: Any, then: Callable[[str], None], url: str) -> None:
    import time

    while not server.started and not server.should_exit:
        time.sleep(0.05)
    if server.started:
        then(url)


class _Server:
    """uvicorn's server, stopped by SIGINT or SIGTERM without raising the signal again
    afterwards: stopping the workbench is its normal end, not an interruption."""

    def __new__(cls, config: Any) -> Any:
        import uvicorn

        class Server(uvicorn.Server):
            def handle_exit(self, sig: int, frame: FrameType | None) -> None:
                if self.should_exit and sig == signal.SIGINT:
                    self.force_exit = True
                else:
                    self.should_exit = True

        return Server(config)
