"""What every command of the command line shares: the Typer app, the options and their
--help from the catalogue, the language of a command line, loading and opening
what a command reads, the refusals worded in the command's language, and the exit
codes."""

from __future__ import annotations

import contextlib
import functools
import itertools
import math
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from .._version import __version__
from ..errors import OutputError, ResourceError, ResultsError, ScenarioError
from ..limits import MAX_DRAW_COUNT, MAX_SEED
from ..present import terminal
from ..present.locale import DEFAULT_LANGUAGE, Locale, languages, refusal
from ..present.text import for_json

if TYPE_CHECKING:
    from ..analysis.voi import Study
    from ..model.scenario import Scenario
    from ..run.backends import Backend
    from ..run.run import Run



#: The language of a command's words unless --lang says otherwise.
DEFAULT_LANG = {"report": DEFAULT_LANGUAGE, "plot": DEFAULT_LANGUAGE,
                "voi": DEFAULT_LANGUAGE, "update": DEFAULT_LANGUAGE}


def _language(argv: list[str]) -> Locale:
    """The language of a command line's messages (and --help): its --lang, else its
    command's."""
    lang = next((argv[k + 1] for k, a in enumerate(argv[:-1]) if a == "--lang"),
                next((a.partition("=")[2] for a in argv if a.startswith("--lang=")), None))
    if lang is None:
        command = next((a for a in argv if not a.startswith("-")), "")
        lang = DEFAULT_LANG.get(command, "en")
    return Locale.get(lang if lang in languages() else "en")


_HELP = _language(sys.argv[1:])


def _h(key: str, default: str = "en") -> str:
    """A --help text in the language of the command line (the catalogue's ``help.*``)."""
    return _HELP.text(f"help.{key}", languages=", ".join(languages()), default=default)


app = typer.Typer(name="mcimpact", no_args_is_help=True, add_completion=False,
                  pretty_exceptions_enable=False, help=_h("app"))
out = terminal.console()
err = terminal.console(stderr=True)
#: Values per fixed assumption of the spider chart (``voi --assumptions --figures``).
SPIDER_POINTS = 5


class Refused(Exception):
    """An option or input the command refuses: a catalogue key and its values."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key, self.values = key, values


# -- options shared by the commands ----------------------------------------------------

def _draw_count(ctx: typer.Context, param: typer.CallbackParam, value: int) -> int:
    """Every --draws and --max-draws: a count a run can address (at most
    :data:`~mcimpact.limits.MAX_DRAW_COUNT`), checked before any work (one line, exit 2,
    in the command's language as far as it is parsed)."""
    if value > MAX_DRAW_COUNT:
        lang = ctx.params.get("lang") or DEFAULT_LANG.get(ctx.info_name or "", "en")
        words = Locale.get(lang) if lang in languages() else Locale.get("en")
        def whole(n: int) -> str:  # exactly, however large (not through a float)
            return f"{n:,}".replace(",", words.numbers["thousands"])

        _fail(words, "error.draw_count", option=max(param.opts, key=len), draws=whole(value),
              most=whole(MAX_DRAW_COUNT))
    return value


ScenarioArg = Annotated[Path | None, typer.Argument(help=_h("scenario"), show_default=False)]
SourceArg = Annotated[Path | None, typer.Argument(help=_h("source"), show_default=False)]
Draws = Annotated[int, typer.Option("--draws", "-n", min=100, callback=_draw_count,
                                    help=_h("draws"))]
Seed = Annotated[int, typer.Option("--seed", min=0, max=MAX_SEED, help=_h("seed"))]
Financing = Annotated[list[str] | None, typer.Option("--financing", "-f", help=_h("financing"),
                                                     show_default=False)]
Workers = Annotated[int | None, typer.Option("--workers", min=1, help=_h("workers"),
                                             show_default=False)]
Scheduler = Annotated[str | None, typer.Option("--scheduler", help=_h("scheduler"),
                                               show_default=False)]
Force = Annotated[bool, typer.Option("--force", help=_h("force"))]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help=_h("quiet"))]
AsJson = Annotated[bool, typer.Option("--json", help=_h("json"))]
LangEn = Annotated[str, typer.Option("--lang", help=_h("lang"))]
LangNl = Annotated[str, typer.Option("--lang", help=_h("lang", DEFAULT_LANGUAGE))]


def _option(*names: str, key: str, **kwargs: Any) -> Any:
    """A command's own option, its --help from the catalogue (``help.<key>``)."""
    return typer.Option(*names, help=_h(key), show_default=kwargs.pop("show_default", True),
                        **kwargs)


# -- parsing, planning helpers -----------------------------------------------------------

def _words(lang: str) -> Locale:
    try:
        return Locale.get(lang)
    except ValueError as exc:
        raise Refused("error.lang", reason=exc) from None


def _fail(words: Locale, key: str, **values: object) -> NoReturn:
    terminal.error(err, words.text(key, **values), words)
    raise typer.Exit(code=2)


def _problems(words: Locale, exc: ScenarioError) -> NoReturn:
    terminal.problems(err, exc.problems, exc.total, words)
    raise typer.Exit(code=2)


def _load(words: Locale, path: Path | None) -> Scenario:
    from ..readers.formats import load

    try:
        return load(path)
    except ScenarioError as exc:
        _problems(words, exc)


def _check_financing(scenario: Scenario, ids: list[str] | None) -> None:
    known = [f.id for f in scenario.financing]
    unknown = [i for i in ids or () if i not in known]
    if unknown:
        raise Refused("error.financing", id=unknown[0], known=", ".join(known))


def _open(words: Locale, source: Path | None, seed: int, financing: list[str] | None,
          *, inputs: bool = False, quiet: bool = False) -> Run:
    """The run of a scenario file or of a results file (``inputs``: which must hold the
    sampled inputs); unless ``quiet``, a warning for each cut the model applies to it
    (as ``mcimpact sim`` warns)."""
    run = _opened(words, source, seed, financing, inputs=inputs)
    if not quiet:
        terminal.clamps(err, run.scenario, words)
    return run


def _opened(words: Locale, source: Path | None, seed: int, financing: list[str] | None,
            *, inputs: bool) -> Run:
    from ..analysis.api import is_results, open_run

    if is_results(source):
        try:
            run = open_run(source, financing=None)
        except ResultsError as exc:
            raise Refused(f"error.results.{exc.reason}", path=exc.path,
                          detail=exc.detail) from None
        _check_financing(run.scenario, financing)
        if financing:
            run = open_run(source, financing=financing)
        if inputs and "inputs" not in run.stored.ds:  # type: ignore[union-attr]
            raise Refused("error.results.no-inputs", path=source)
        return run
    scenario = _load(words, source)
    _check_financing(scenario, financing)
    return open_run(scenario, seed=seed, financing=financing)


def _needs_costs(words: Locale, run: Run, why: str) -> None:
    """Refuse, before any work, an analysis of the multiplier (benefits / costs) where a
    financing scenario has no costs: there is no multiplier to analyse."""
    from ..analysis.api import simulate

    point = simulate(run.scenario, deterministic=True).summary
    costless = [f"'{fid}'" for fid, block in point.financing.items()
                if not block.costs_total.mean > 0]
    if costless:
        raise Refused("error.no_costs", path=run.scenario.path, names=", ".join(costless),
                      why=words.text(why))


@contextlib.contextmanager
def _backend(workers: int | None, scheduler: str | None, out_path: Path | None = None
             ) -> Iterator[Backend | None]:
    """The dask backend of ``--workers`` or ``--scheduler`` (None without either)."""
    if workers is None and scheduler is None:
        yield None
        return
    if workers is not None and scheduler is not None:
        raise Refused("error.workers_and_scheduler")
    if out_path is not None and out_path.suffix != ".zarr":
        raise Refused("error.cluster_netcdf", path=out_path)
    from ..run.backends.dask import Dask, connect

    with connect(workers, scheduler) as client:
        yield Dask(client)


def _json(data: object) -> None:
    """One JSON object on stdout; a reader that leaves early (``| head``) ends the run
    quietly with 128 + SIGPIPE."""
    try:
        print(for_json(data), flush=True)
    except BrokenPipeError:
        _silence_stdout()
        raise typer.Exit(code=128 + 13) from None


def _lines(lines: list[str]) -> None:
    for text in lines:
        terminal.line(out, text)


def parse_bands(text: str) -> tuple[tuple[str, float], ...]:
    """Value-for-money bands from ``"name:low,name:low,…"`` (increasing lower bounds; the
    first may be ``-inf``); raises :class:`Refused` with what is wrong."""
    bands = []
    for part in (p.strip() for p in text.split(",")):
        name, sep, low = part.partition(":")
        if not sep or not name.strip():
            raise Refused("error.bands.format", part=part)
        try:
            value = float(low)
        except ValueError:
            raise Refused("error.bands.number", low=low.strip(), part=part) from None
        if math.isnan(value) or value == math.inf:
            raise Refused("error.bands.bound", part=part)
        bands.append((name.strip(), value))
    if len({n for n, _ in bands}) != len(bands) or any(
            lower[1] >= upper[1] for lower, upper in itertools.pairwise(bands)):
        raise Refused("error.bands.order")
    return tuple(bands)


def parse_study(text: str) -> Study:
    """A monitoring study from ``CHAIN:N`` (or ``CHAIN`` for the default size); raises
    :class:`Refused` for a size that is no whole number ≥ 0."""
    from ..analysis.voi import DEFAULT_STUDY_SIZE, Study

    chain, sep, size = text.rpartition(":")
    if not sep:
        return Study(text.strip(), DEFAULT_STUDY_SIZE)
    if not size.strip().isdigit():
        raise Refused("error.study", text=text)
    return Study(chain.strip(), int(size))


# -- the commands -------------------------------------------------------------------------

def command(name: str | None = None) -> Any:
    """``app.command``, with the refusals of a command (:class:`Refused`, a scenario's
    problems, an output target or a run that cannot be, found before any work) worded in
    its ``--lang`` and exit 2 — also where the command is called without :func:`main`."""
    def register(fn: Any) -> Any:
        @functools.wraps(fn)
        def run(*args: Any, **kwargs: Any) -> Any:
            lang = kwargs.get("lang") or DEFAULT_LANG.get(name or fn.__name__, "en")
            words = Locale.get(lang) if lang in languages() else Locale.get("en")
            try:
                return fn(*args, **kwargs)
            except Refused as exc:
                _fail(words, exc.key, **exc.values)
            except ScenarioError as exc:
                _problems(words, exc)
            except (OutputError, ResourceError) as exc:
                terminal.error(err, refusal(words, exc), words)
                raise typer.Exit(code=2) from None

        return app.command(name, help=_h(name or fn.__name__))(run)

    return register


def _version(value: bool) -> None:
    if value:
        terminal.line(out, f"mcimpact {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: Annotated[bool, _option("--version", key="version", callback=_version,
                                           is_eager=True)] = False) -> None:
    """Monte Carlo uncertainty for social cost-benefit analysis."""


#: What the one error line of a run that ended early adds (where its draws are kept).
_ending_notes: list[str] = []


@contextlib.contextmanager
def _resumable(words: Locale, out_path: Path | None) -> Iterator[None]:
    """When a run into a Zarr store ends early, say how to continue it (on the line that
    says how it ended: :func:`main`)."""
    from ..run.output import partial_path

    try:
        yield
    except (KeyboardInterrupt, SystemExit, OSError, MemoryError):
        partial = None if out_path is None else partial_path(out_path)
        if partial is not None and out_path is not None and out_path.suffix == ".zarr" \
                and (partial / "zarr.json").is_file():
            _ending_notes.append(words.text("term.resume", partial=partial))
        raise


# -- every ending an exit code ----------------------------------------------------------

#: Exit codes (docs/reliability.md): 0 done; 1 an internal error (a bug: please report
#: it); 2 bad input — a scenario, an option, an output target, or a run that does not fit
#: the free memory or disk — found before any work; 3 a problem of the system outside the
#: user's input (disk full, permission denied, read-only file system, a file where a
#: directory should be); 128 + N ended by signal N (130 Ctrl-C, 143 SIGTERM, 129 SIGHUP).
EXIT_OK, EXIT_BUG, EXIT_INPUT, EXIT_SYSTEM = 0, 1, 2, 3


def describe(exc: OSError) -> str:
    """One line for an operating-system error: the path, then what the system said."""
    what = exc.strerror or str(exc) or type(exc).__name__
    return f"{exc.filename}: {what}" if exc.filename is not None else what


def _silence_stdout() -> None:
    # Python flushes stdout at exit; with the reader gone that would fail again.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
