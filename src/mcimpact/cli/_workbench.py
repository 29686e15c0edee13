"""mcimpact app: the workbench in the browser (mcimpact.app)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..present import terminal
from ..present.locale import DEFAULT_LANGUAGE, languages
from ._shared import (
    _HELP,
    Refused,
    _words,
    app,
    err,
    out,
)

# -- the workbench (mcimpact.app) ---------------------------------------------------------

def _ah(key: str, default: str = "en") -> str:
    return _HELP.text(f"app.help.{key}", languages=", ".join(languages()))


@app.command("app", help=_ah("command"))
def workbench(
    scenario: Annotated[Path | None, typer.Argument(help=_ah("scenario"),
                                                    show_default=False)] = None,
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help=_ah("port"))] = 0,
    host: Annotated[str, typer.Option("--host", help=_ah("host"))] = "127.0.0.1",
    allow_remote: Annotated[bool, typer.Option("--allow-remote",
                                               help=_ah("allow_remote"))] = False,
    no_browser: Annotated[bool, typer.Option("--no-browser", help=_ah("no_browser"))
                          ] = False,
    lang: Annotated[str, typer.Option("--lang", help=_ah("lang"))] = DEFAULT_LANGUAGE,
) -> None:
    """The workbench in the browser (docs/app.md): one line with its address and token,
    then it serves until Ctrl-C."""
    from ..app.serve import is_loopback, serve

    words = _words(lang)
    if not is_loopback(host):
        if not allow_remote:
            raise Refused("app.remote_refused", host=host)
        terminal.note(err, words.text("app.remote_warning", host=host))
    try:
        serve(scenario, host=host, port=port, open_browser=not no_browser, lang=lang,
              say=lambda url: terminal.line(out, url))
    except OSError as exc:
        raise Refused("app.port_taken", host=host, port=port,
                      reason=exc.strerror or exc) from None
    terminal.note(err, words.text("app.stopped"))


