"""mcimpact warm, and the command line's entry point: every ending an exit code."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import Any

import typer

from ..errors import ClusterError, OutputError, ResourceError, ScenarioError
from ..present import terminal
from ..present.locale import Locale
from ._shared import (
    EXIT_BUG,
    EXIT_INPUT,
    EXIT_OK,
    EXIT_SYSTEM,
    LangEn,
    Refused,
    _ending_notes,
    _language,
    _silence_stdout,
    _words,
    app,
    command,
    describe,
    err,
    refusal,
)


@command()
def warm(lang: LangEn = "en") -> None:
    """Compile the sampler for this machine ahead, into numba's cache (for an image or a CI
    cache): later runs start at once."""
    from ..core.jit import prepare
    from ..run import run  # noqa: F401 - its modules list the run's compiled loops

    words = _words(lang)
    seconds = prepare(everything=True)
    terminal.note(err, words.text("term.warm_done", seconds=words.number(seconds, 1)))


@contextlib.contextmanager
def _announce_compiling(argv: list[str] | None, words: Locale) -> Iterator[None]:
    """A machine's first run compiles the sampler (seconds): say so at once, on stderr
    (before the scenario is read, for a command that samples), with a spinner while it
    compiles when stderr is a terminal."""
    from rich.errors import LiveError

    from ..core.jit import cold, on_compile

    state: dict[str, Any] = {"said": False, "status": None}
    args = sys.argv[1:] if argv is None else argv
    command = next((a for a in args if not a.startswith("-")), None)
    samples = command in {"sim", "sensitivity", "plot", "report", "update", "voi", "warm"}
    if samples and "--help" not in args and cold():
        terminal.note(err, words.text("term.first_run"))
        state["said"] = True

    def listen(event: str) -> None:
        if event == "start" and not state["said"]:
            terminal.note(err, words.text("term.first_run"))
            state["said"] = True
        if event == "start" and err.is_terminal and state["status"] is None:
            status = err.status(words.text("term.compiling"))
            with contextlib.suppress(LiveError):  # a progress bar is on: no spinner
                status.start()
                state["status"] = status
        elif event == "end" and state["status"] is not None:
            state["status"].stop()
            state["status"] = None

    on_compile(listen)
    try:
        yield
    finally:
        on_compile(None)
        if state["status"] is not None:
            state["status"].stop()


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns (and, as the console script, exits with) the exit
    code. Every way a run can end is mapped here: no traceback reaches the user."""
    try:  # loads numba: Ctrl-C may come while it does
        from ..run.output import ENDING_SIGNALS, raise_on_signals
    except KeyboardInterrupt:
        return 128 + 2
    words = _language(sys.argv[1:] if argv is None else argv)

    def fail(message: str, code: int) -> int:  # one line, and where the draws are kept
        terminal.error(err, "; ".join([message, *_ending_notes]), words)
        return code

    _ending_notes.clear()
    try:
        # every signal ends the run, also a swallowed one
        with raise_on_signals(ENDING_SIGNALS), _announce_compiling(argv, words):
            code = app(args=argv, standalone_mode=False)
        if code == 128 + 2:  # typer's own ending of a KeyboardInterrupt (Ctrl-C)
            raise KeyboardInterrupt
        return code if isinstance(code, int) else EXIT_OK
    except typer.Exit as exc:
        return int(exc.exit_code)
    except Refused as exc:
        return fail(words.text(exc.key, **exc.values), EXIT_INPUT)
    except (typer.Abort, KeyboardInterrupt):  # Ctrl-C (click makes it an Abort)
        return fail(words.text("error.interrupted"), 128 + 2)
    except typer.TyperException as exc:  # a usage error: an unknown option, a bad value
        exc.show()  # type: ignore[attr-defined]
        return EXIT_INPUT
    except SystemExit as exc:  # a signal (raise_on_signals), after the cleanup has run
        if isinstance(exc.code, int) and exc.code > 128:
            fail(words.text("error.signal", n=exc.code - 128), exc.code)
        return exc.code if isinstance(exc.code, int) else EXIT_BUG
    except ScenarioError as exc:
        terminal.problems(err, exc.problems, exc.total, words)
        return EXIT_INPUT
    except (OutputError, ResourceError) as exc:
        return fail(refusal(words, exc), EXIT_INPUT)
    except ClusterError as exc:
        return fail(refusal(words, exc), EXIT_SYSTEM)
    except BrokenPipeError:  # e.g. `mcimpact sim --json | head`: the reader left
        _silence_stdout()
        return 128 + 13
    except OSError as exc:
        return fail(describe(exc), EXIT_SYSTEM)
    except MemoryError:
        return fail(words.text("error.memory"), EXIT_SYSTEM)
    except Exception as exc:  # a bug: one line, the traceback only on request
        if os.environ.get("MCIMPACT_DEBUG"):
            raise
        return fail(words.text("error.internal", kind=type(exc).__name__, detail=exc),
                    EXIT_BUG)
