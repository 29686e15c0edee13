"""The ``mcimpact`` command line: it parses the options, plans a run's analyses
(:mod:`mcimpact.analysis`: one pass of a :class:`~mcimpact.run.Run` for everything a
command shows, here or on a dask cluster), renders them (:mod:`mcimpact.present`, in the
language of ``--lang``) and maps every ending to an exit code: 2 for a bad scenario,
option or output target (before any work), 1 for an internal error, 3 for a problem of the
system, 128 + N for signal N (docs/reliability.md)."""

from __future__ import annotations

import contextlib
import datetime
import functools
import itertools
import math
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from ._version import __version__
from .errors import ClusterError, OutputError, ResourceError, ResultsError, ScenarioError
from .limits import MAX_DRAW_COUNT, MAX_DRAWS, MAX_SEED
from .model.scenario import DEFAULT_DRAWS, DEFAULT_SEED
from .present import terminal
from .present.locale import DEFAULT_LANGUAGE, Locale, languages
from .present.text import for_json

if TYPE_CHECKING:
    from .analysis.voi import Study
    from .model.scenario import Scenario
    from .run.backends import Backend
    from .run.run import Run

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
    from .readers.formats import load

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
          *, inputs: bool = False) -> Run:
    """The run of a scenario file or of a results file (``inputs``: which must hold the
    sampled inputs)."""
    from .analysis.api import is_results, open_run

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
    from .analysis.api import simulate

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
    from .run.backends.dask import Dask, connect

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
    from .analysis.voi import DEFAULT_STUDY_SIZE, Study

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


@command()
def validate(scenario: Annotated[Path, typer.Argument(help=_h("validate.scenario"))],
             lang: LangEn = "en") -> None:
    """Check a scenario file without running it."""
    words = _words(lang)
    model = _load(words, scenario)
    counts = ", ".join(_count(words, kind, n) for kind, n in (
        ("initiative", len(model.initiatives)), ("activity", len(model.activities)),
        ("chain", len(model.chains))))
    terminal.clamps(err, model, words)
    terminal.line(out, words.text("term.valid", file=scenario, counts=counts,
                                  first=model.meta.start_year, last=model.meta.end_year))


def _count(words: Locale, kind: str, n: int) -> str:
    return words.text(f"term.count.{kind}_one" if n == 1 else f"term.count.{kind}", n=n)


@command()
def convert(source: Annotated[Path, typer.Argument(help=_h("convert.source"))],
            target: Annotated[Path, typer.Argument(help=_h("convert.target"))],
            force: Force = False, lang: LangEn = "en") -> None:
    """Convert a scenario between TOML and a spreadsheet (.xlsx)."""
    from .readers.formats import SUFFIXES, write
    from .readers.xlsx import WorkbookError
    from .run.output import atomic, check_target

    words = _words(lang)
    check_target(target, force=force, suffixes=SUFFIXES)
    model = _load(words, source)
    try:
        with atomic(target, force=force) as staged:
            left_out = write(model, staged)
    except WorkbookError as exc:
        raise Refused("error.workbook", path=target, reason=exc) from None
    if left_out:
        shown = ", ".join(left_out[:5])
        if len(left_out) > 5:
            shown = words.text("term.and_more", shown=shown, n=len(left_out) - 5)
        terminal.note(err, words.text("term.empty_cells", keys=shown))
    terminal.line(out, words.text("term.converted", target=target, source=source,
                                  chains=_count(words, "chain", len(model.chains))))


@command()
def init(target: Annotated[Path, typer.Argument(help=_h("init.target"))],
         template: Annotated[str, _option("--template", "-t", key="init.template")] = "arena",
         force: Force = False, lang: LangEn = "en") -> None:
    """Write an annotated starter scenario that validates."""
    from .readers.formats import SUFFIXES, TEMPLATES, write
    from .readers.formats import template as starter
    from .run.output import atomic, check_target

    words = _words(lang)
    if template not in TEMPLATES:
        raise Refused("error.template", name=template, known=", ".join(TEMPLATES))
    check_target(target, force=force, suffixes=SUFFIXES)
    with atomic(target, force=force) as staged:
        write(starter(template, target.name), staged)
    terminal.line(out, words.text("term.starter", target=target,
                                  what=words.text(f"template.{template}")))


@command()
def sim(
    scenario: ScenarioArg = None,
    draws: Annotated[int, _option("--draws", "-n", key="draws", min=1,
                                  callback=_draw_count)] = DEFAULT_DRAWS,
    seed: Seed = DEFAULT_SEED,
    deterministic: Annotated[bool, _option("--deterministic", key="sim.deterministic")] = False,
    precision: Annotated[float | None, _option("--precision", key="sim.precision",
                                               show_default=False)] = None,
    max_draws: Annotated[int, _option("--max-draws", key="sim.max_draws", min=1,
                                      callback=_draw_count)] = MAX_DRAWS,
    out_path: Annotated[Path | None, _option("--out", "-o", key="sim.out",
                                             show_default=False)] = None,
    force: Force = False,
    keep_inputs: Annotated[bool, _option("--keep-inputs", key="sim.keep_inputs")] = False,
    threads: Annotated[int | None, _option("--threads", key="sim.threads", min=1,
                                           show_default=False)] = None,
    financing: Financing = None, workers: Workers = None, scheduler: Scheduler = None,
    resume: Annotated[bool, _option("--resume", key="sim.resume")] = False,
    as_json: AsJson = False,
    quiet: Annotated[bool, _option("--quiet", "-q", key="sim.quiet")] = False,
    lang: Annotated[str | None, _option("--lang", key="sim.lang", show_default=False)] = None,
) -> None:
    """Simulate a scenario under each of its financing scenarios and summarise it."""
    from .analysis.api import simulate
    from .present import workbook

    words = _words(lang or "en")
    if precision is not None and not (math.isfinite(precision) and 0 < precision < 1):
        raise typer.BadParameter(words.text("error.precision", value=precision),
                                 param_hint="'--precision'")
    model = _load(words, scenario)
    _check_financing(model, financing)
    out_path, summary_path = _summary_target(out_path, force)
    chosen = model.select_financing(financing) if financing else model
    if not quiet:
        terminal.clamps(err, chosen, words)
    if threads is not None:
        import numba

        numba.set_num_threads(min(threads, numba.config.NUMBA_NUM_THREADS))  # type: ignore[attr-defined]
    if deterministic:
        ignored = [name for name, given in (("--draws", draws != DEFAULT_DRAWS),
                                            ("--seed", seed != DEFAULT_SEED),
                                            ("--precision", precision is not None),
                                            ("--keep-inputs", keep_inputs)) if given]
        if ignored:
            terminal.note(err, words.text("term.ignored_many" if len(ignored) > 1
                                          else "term.ignored", flags=", ".join(ignored)))
        results = simulate(model, deterministic=True, financing=financing, out=out_path,
                           force=force, resume=resume)
    else:
        with _backend(workers, scheduler, out_path) as backend, _resumable(words, out_path), \
                terminal.progress(err, enabled=not quiet, words=words) as bar:
            progress = terminal.watched(err, bar, words,
                                        timed=backend is None and precision is None)
            results = simulate(model, draws, seed, financing=financing, precision=precision,
                               max_draws=max(max_draws, draws), keep_inputs=keep_inputs,
                               progress=progress, out=out_path, force=force, resume=resume,
                               backend=backend)
    if summary_path is not None:
        workbook.write(results.summary, summary_path, force=force)
        if not (quiet or as_json):
            terminal.line(out, words.text("term.summary_written", path=summary_path))
    terminal.precision_notes(err, results.summary, precision, words)
    if as_json:
        from .model.clamps import clamps
        from .readers.posterior import provenance

        found = provenance(model.text)  # a posterior file (mcimpact update) says so
        _json({**results.summary.to_json(), "clamps": [c.to_json() for c in clamps(chosen)],
               **({} if found is None else {"posterior": found})})
    elif not quiet:
        terminal.summary(out, results.summary, locale=None if lang is None else words)
        if out_path is not None:
            terminal.line(out)
            terminal.line(out, words.text("term.written", path=out_path))


def _summary_target(out_path: Path | None, force: bool) -> tuple[Path | None, Path | None]:
    """``--out`` as (the per-draw dataset's target, the summary tables' target): FILE.xlsx
    and FILE.csv are summary tables, checked here before any work."""
    from .present import workbook
    from .run.sinks import FORMATS

    if out_path is None or out_path.suffix in FORMATS:
        return out_path, None
    if out_path.suffix not in workbook.SUFFIXES:
        raise Refused("error.output_format", path=out_path, suffix=out_path.suffix,
                      formats=", ".join(FORMATS + workbook.SUFFIXES))
    workbook.check_target(out_path, force)
    return None, out_path


#: What the one error line of a run that ended early adds (where its draws are kept).
_ending_notes: list[str] = []


@contextlib.contextmanager
def _resumable(words: Locale, out_path: Path | None) -> Iterator[None]:
    """When a run into a Zarr store ends early, say how to continue it (on the line that
    says how it ended: :func:`main`)."""
    from .run.output import partial_path

    try:
        yield
    except (KeyboardInterrupt, SystemExit, OSError, MemoryError):
        partial = None if out_path is None else partial_path(out_path)
        if partial is not None and out_path is not None and out_path.suffix == ".zarr" \
                and (partial / "zarr.json").is_file():
            _ending_notes.append(words.text("term.resume", partial=partial))
        raise


@command()
def sensitivity(source: SourceArg = None, draws: Draws = DEFAULT_DRAWS,
                seed: Seed = DEFAULT_SEED,
                top: Annotated[int, _option("--top", key="top", min=1)] = 10,
                financing: Financing = None, as_json: AsJson = False,
                workers: Workers = None, scheduler: Scheduler = None,
                quiet: Quiet = False, lang: LangEn = "en") -> None:
    """What drives the multiplier and the break-even year, per financing scenario."""
    from .analysis.api import sensitivity as analyse

    words = _words(lang)
    run = _open(words, source, seed, financing)
    _needs_costs(words, run, "why.sensitivity")
    with _backend(workers, scheduler) as backend, \
            terminal.progress(err, enabled=not (quiet or as_json), words=words) as progress:
        reports = analyse(run, draws, progress=progress, backend=backend)
    if as_json:
        first = next(iter(reports))
        every = {fid: r.to_json() for fid, r in reports.items()}
        _json({**every[first], "reference": first, "financing": every})
        return
    for report in reports.values():
        terminal.sensitivity(out, report, run.scenario, top, locale=words)


@command()
def plot(source: SourceArg = None,
         out_dir: Annotated[Path, _option("--out", "-o", key="plot.out")] = Path("figures"),
         lang: LangNl = DEFAULT_LANGUAGE, draws: Draws = DEFAULT_DRAWS,
         seed: Seed = DEFAULT_SEED, financing: Financing = None,
         sensitivity: Annotated[bool, _option("--sensitivity/--no-sensitivity",
                                              key="plot.sensitivity")] = True,
         force: Force = False, quiet: Quiet = False, workers: Workers = None,
         scheduler: Scheduler = None) -> None:
    """Figures of a Monte Carlo result, as PNG and SVG."""
    from .analysis.api import report_results
    from .present import figures

    words = _words(lang)
    figures.check_directory(out_dir, force=force)
    run = _open(words, source, seed, financing)
    if sensitivity:
        _needs_costs(words, run, "why.plot")
    with _backend(workers, scheduler) as backend, \
            terminal.progress(err, enabled=not quiet, words=words) as progress:
        got = report_results(run, draws, sensitivity=sensitivity, measure=False,
                             progress=progress, backend=backend)
    written = figures.save_all(got, out_dir, locale=words, force=force)
    if not quiet:
        terminal.line(out, words.text("term.figures_written", n=len(written), path=out_dir))


@command()
def report(source: SourceArg = None,
           out_path: Annotated[Path, _option("--out", "-o", key="report.out")
                               ] = Path("report.html"),
           lang: LangNl = DEFAULT_LANGUAGE,
           pdf: Annotated[bool, _option("--pdf", key="report.pdf")] = False,
           draws: Draws = DEFAULT_DRAWS, seed: Seed = DEFAULT_SEED, financing: Financing = None,
           workers: Workers = None, scheduler: Scheduler = None, force: Force = False,
           quiet: Quiet = False,
           measure: Annotated[bool, _option("--voi/--no-voi", key="report.voi")] = True,
           ) -> None:
    """A self-contained HTML report for a council."""
    from .analysis.api import report_results
    from .present import report as reporting

    words = _words(lang)
    reporting.check_targets(out_path, force=force, pdf=pdf)
    run = _open(words, source, seed, financing)
    _needs_costs(words, run, "why.report")
    changed, recorded = _what_changed(words, run.scenario)
    if measure and run.stored is not None and "inputs" not in run.stored.ds \
            and len(run.scenario.financing) > 1:
        terminal.note(err, words.text("term.no_inputs_measure"))
    with _backend(workers, scheduler) as backend, \
            terminal.progress(err, enabled=not quiet, words=words) as progress:
        got = report_results(run, draws, every_financing=False, measure=measure,
                             changed=changed, progress=progress, backend=backend,
                             stage=None if quiet else terminal.stages(err, words))
    if got.changed_refused is not None:
        terminal.note(err, words.text("term.changed_left_out",
                                      reason=refusal(words, got.changed_refused)))
    html = reporting.render(reporting.context_of(run.scenario, got, locale=words,
                                                 recorded=recorded))
    pdf_path = reporting.write(html, out_path, force=force, pdf=pdf)
    if not quiet:
        terminal.line(out, words.text("term.report_written", path=out_path)
                      if pdf_path is None else
                      words.text("term.report_pdf_written", path=out_path, pdf=pdf_path))


def _what_changed(words: Locale, scenario: Scenario) -> tuple[Any, Any]:
    """For a posterior scenario (``mcimpact update``): the analysis of what the
    measurements changed, and what its provenance records (its data files, its
    ``[provenance]`` table); (None, None) for any other."""
    from .analysis import update as updating
    from .readers.posterior import provenance, records

    found = provenance(scenario.text)
    if found is None:
        return None, None
    earlier, files = records(scenario.text, scenario.path)
    if not earlier:
        terminal.note(err, words.text("term.edited_after_update"))
        return None, None
    return (updating.WhatChanged(updating.prior_of(scenario, earlier),
                                 updating.recorded_updates(earlier)), (files, found))


@command()
def update(
    first: Annotated[Path, typer.Argument(metavar="SCENARIO", help=_h("update.scenario"))],
    second: Annotated[Path | None, typer.Argument(metavar="DATA", help=_h("update.data"),
                                                  show_default=False)] = None,
    out_path: Annotated[Path | None, _option("--out", "-o", key="update.out",
                                             show_default=False)] = None,
    force: Force = False,
    show: Annotated[bool, _option("--report", key="update.report")] = False,
    lang: LangNl = DEFAULT_LANGUAGE,
    draws: Annotated[int, _option("--draws", "-n", key="update.draws", min=100,
                                  callback=_draw_count)] = 20_000,
    seed: Seed = DEFAULT_SEED,
    figures_dir: Annotated[Path | None, _option("--figures", key="update.figures",
                                                show_default=False)] = None,
    above: Annotated[float | None, _option("--above", key="update.above",
                                           show_default=False)] = None,
    date: Annotated[str | None, _option("--date", key="update.date",
                                        show_default=False)] = None,
    as_json: Annotated[bool, _option("--json", key="update.json")] = False,
    workers: Workers = None, scheduler: Scheduler = None, quiet: Quiet = False,
) -> None:
    """Update a scenario with monitoring data and write the posterior scenario."""
    words = _words(lang)
    scenario_path, data_path = (None, first) if second is None else (first, second)
    if out_path is None and not show:
        raise Refused("error.update_nothing")
    try:
        day = (datetime.datetime.now(datetime.UTC).date() if date is None
               else datetime.date.fromisoformat(date)).isoformat()
    except ValueError:
        raise Refused("error.date", date=date) from None
    if out_path is not None:
        from .run.output import check_target

        check_target(out_path, force=force, suffixes=(".toml",))
    if figures_dir is not None:
        from .present import figures

        if not show:
            raise Refused("error.figures_needs_report")
        figures.check_directory(figures_dir, force=force)
    model = _load(words, scenario_path)
    from .analysis import update as updating
    from .readers import monitoring
    from .readers.posterior import PosteriorFileError, records, render
    from .readers.toml import parse

    earlier, files = records(model.text, model.path)
    post = updating.update(model, monitoring.load(data_path, model), records=earlier,
                           earlier=files)
    try:
        text = render(post, prior_path=model.path, prior_sha256=model.sha256, date=day,
                      version=f"mcimpact {__version__}")
    except PosteriorFileError as exc:
        raise Refused("error.posterior_file", reason=exc) from None
    posterior = parse(text, str(out_path or "<posterior>"))
    if out_path is not None:
        _write_posterior(words, text, out_path, force, len(post.updates))
    if show:
        from .present import update_report

        with _backend(workers, scheduler) as backend, \
                terminal.progress(err, enabled=not (quiet or as_json), words=words) as bar:
            # "before" is the judgement before every measurement, also on a posterior file
            change = updating.compare(updating.prior_of(model, earlier), posterior, post,
                                      draws, seed, above, progress=bar, backend=backend)
        if figures_dir is not None:
            from .present import figures, update_figures

            fig = update_figures.figure(change, updating.curves(change.updates), words)
            png, svg = figures.save(fig, figures_dir, "update", force=force)
            terminal.note(err, words.text("term.figure_written", png=png, svg=svg))
        if as_json:
            _json({**change.to_json(), "sentence": update_report.sentence(change, words)})
        else:
            update_report.report(out, change, words)


def _write_posterior(words: Locale, text: str, path: Path, force: bool, n: int) -> None:
    import hashlib

    from .run.output import atomic

    with atomic(path, force=force) as staged:
        staged.write_text(text, encoding="utf-8")
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    terminal.note(err, words.text("term.posterior_written_one" if n == 1
                                  else "term.posterior_written", path=path, n=n, sha=sha))


@command("voi")
def value_of_information(
    sources: Annotated[list[Path] | None, typer.Argument(
        metavar="[SOURCE]...", help=_h("voi.sources"), show_default=False)] = None,
    draws: Annotated[int, _option("--draws", "-n", key="draws", min=100,
                                  callback=_draw_count)] = 20_000,
    seed: Seed = DEFAULT_SEED, financing: Financing = None,
    study: Annotated[list[str] | None, _option("--study", key="voi.study",
                                               show_default=False)] = None,
    bands: Annotated[str | None, _option("--bands", key="voi.bands", show_default=False)
                     ] = None,
    top: Annotated[int, _option("--top", key="voi.top", min=1)] = 10,
    assumptions: Annotated[bool, _option("--assumptions", key="voi.assumptions")] = False,
    figures_dir: Annotated[Path | None, _option("--figures", key="voi.figures",
                                                show_default=False)] = None,
    force: Annotated[bool, _option("--force", key="voi.force")] = False,
    lang: LangNl = DEFAULT_LANGUAGE, as_json: AsJson = False, quiet: Quiet = False,
    workers: Workers = None, scheduler: Scheduler = None,
) -> None:
    """Which financing scenario to choose, and what measuring first is worth."""
    from .analysis.decision import DFT_BANDS
    from .present import decision_figures, decision_text

    words = _words(lang)
    studies = None if not study else [parse_study(s) for s in study]
    try:
        chosen = DFT_BANDS if bands is None else parse_bands(bands)
    except Refused as exc:
        raise Refused("error.bands", reason=words.text(exc.key, **exc.values)) from None
    if figures_dir is not None:
        from .present import figures

        figures.check_directory(figures_dir, force=force)
    if sources and len(sources) > 1:
        if study:
            raise Refused("error.study_files")
        if assumptions:
            raise Refused("error.assumptions_files")
        choice, decision = _choose_files(words, sources, draws, seed, financing, chosen)
        if figures_dir is not None:
            decision_figures.save(figures_dir, decision, force=force, locale=words)
        if as_json:
            _json({**choice.to_json(), "decision": decision.to_json()})
        else:
            _lines(decision_text.file_choice(words, choice, decision))
        return
    from .analysis.api import decisions

    run = _open(words, sources[0] if sources else None, seed, financing, inputs=True)
    chains = {c.id for c in run.scenario.chains}
    for s in studies or ():
        if s.chain not in chains:
            raise Refused("error.study_chain", chain=s.chain)
    with _backend(workers, scheduler) as backend, \
            terminal.progress(err, enabled=not (quiet or as_json), words=words) as progress:
        result = decisions(run, draws, studies=studies, bands=chosen, assumptions=assumptions,
                           spider=SPIDER_POINTS if figures_dir else 0, progress=progress,
                           backend=backend)
    if figures_dir is not None:
        decision_figures.save(figures_dir, result.decision, result.assumptions,
                              result.voi.best, names={f.id: f.name for f in
                                                      run.scenario.financing},
                              force=force, locale=words)
    if as_json:
        _json(result.to_json())
    else:
        _lines(decision_text.decisions(words, result, top))


def _choose_files(words: Locale, sources: list[Path], draws: int, seed: int,
                  financing: list[str] | None, bands: Any) -> tuple[Any, Any]:
    """``mcimpact voi A.toml B.toml …``: the options of several scenario files on common
    random numbers (docs/methodology.md §10), and the decision between them."""
    from .analysis import alternatives
    from .analysis.api import is_results
    from .analysis.decision import decide

    stored = [s for s in sources if is_results(s)]
    if stored:
        raise Refused("error.sources_results", path=stored[0])
    try:
        names = alternatives.labels(sources)
        scenarios = {}
        for label, path in zip(names, sources, strict=True):
            scenario = _load(words, path)
            _check_financing(scenario, financing)
            scenarios[label] = scenario.select_financing(financing) if financing else scenario
        ds, runs = alternatives.options_dataset(scenarios, draws, seed, keep_inputs=True)
    except ValueError as exc:
        raise Refused("error.options", reason=exc) from None
    choice = alternatives.choose(ds, {k: str(p) for k, p in zip(names, sources, strict=True)},
                                 scenarios=scenarios, runs=runs)
    return choice, decide(ds, bands=bands)


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
    from .app.serve import is_loopback, serve

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


# -- every ending an exit code ----------------------------------------------------------

#: Exit codes (docs/reliability.md): 0 done; 1 an internal error (a bug: please report
#: it); 2 bad input — a scenario, an option, an output target, or a run that does not fit
#: the free memory or disk — found before any work; 3 a problem of the system outside the
#: user's input (disk full, permission denied, read-only file system, a file where a
#: directory should be); 128 + N ended by signal N (130 Ctrl-C, 143 SIGTERM, 129 SIGHUP).
EXIT_OK, EXIT_BUG, EXIT_INPUT, EXIT_SYSTEM = 0, 1, 2, 3


def refusal(words: Locale, exc: OutputError | ResourceError) -> str:
    """A library's refusal in the command's words, with the flag to use (the catalogue's
    ``error.output.<reason>``, ``error.resource.<reason>``); one without a reason as the
    library wrote it."""
    if exc.reason is None:
        return str(exc)
    kind = "output" if isinstance(exc, OutputError) else "resource"
    key = f"error.{kind}.{exc.reason}"
    values: dict[str, object] = {}
    for name, value in exc.values.items():
        if name == "where":  # "memory" or "disk space at DIR" (run/resources.py)
            where = str(value)
            disk = where.removeprefix("disk space at ")
            value = (words.text("error.resource.where.memory") if where == "memory"
                     else words.text("error.resource.where.disk", path=disk))
        elif name == "what" and value:  # an existing directory or file
            key = f"{key}.{value}"
        elif isinstance(value, tuple | list):
            value = words.text("or").join(str(v) for v in value)
        elif isinstance(value, float):
            value = words.number(value, 1)
        elif isinstance(value, int) and not isinstance(value, bool):
            value = words.number(value)
        values[name] = value
    return words.text(key if key in words.texts else f"error.{kind}.{exc.reason}", **values)


def describe(exc: OSError) -> str:
    """One line for an operating-system error: the path, then what the system said."""
    what = exc.strerror or str(exc) or type(exc).__name__
    return f"{exc.filename}: {what}" if exc.filename is not None else what


@command()
def warm(lang: LangEn = "en") -> None:
    """Compile the sampler for this machine ahead, into numba's cache (for an image or a CI
    cache): later runs start at once."""
    from .core.jit import prepare
    from .run import run  # noqa: F401 - its modules list the run's compiled loops

    words = _words(lang)
    seconds = prepare(everything=True)
    terminal.note(err, words.text("term.warm_done", seconds=words.number(seconds, 1)))


@contextlib.contextmanager
def _announce_compiling(argv: list[str] | None, words: Locale) -> Iterator[None]:
    """A machine's first run compiles the sampler (seconds): say so at once, on stderr
    (before the scenario is read, for a command that samples), with a spinner while it
    compiles when stderr is a terminal."""
    from rich.errors import LiveError

    from .core.jit import cold, on_compile

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
        from .run.output import ENDING_SIGNALS, raise_on_signals
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
        return fail(str(exc), EXIT_SYSTEM)
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


def _silence_stdout() -> None:
    # Python flushes stdout at exit; with the reader gone that would fail again.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
