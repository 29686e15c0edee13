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
from .limits import MAX_DRAWS, MAX_SEED
from .model.scenario import DEFAULT_DRAWS, DEFAULT_SEED
from .present import terminal
from .present.locale import DEFAULT_LANGUAGE, Locale, languages
from .present.text import for_json

if TYPE_CHECKING:
    from .analysis.voi import Study
    from .model.scenario import Scenario
    from .run.backends import Backend
    from .run.run import Run

app = typer.Typer(name="mcimpact", no_args_is_help=True, add_completion=False,
                  pretty_exceptions_enable=False,
                  help="Monte Carlo uncertainty for social cost-benefit analysis "
                       "(effecten-arena).")
out = terminal.console()
err = terminal.console(stderr=True)
#: The language of a command's words unless --lang says otherwise.
DEFAULT_LANG = {"report": DEFAULT_LANGUAGE, "plot": DEFAULT_LANGUAGE,
                "voi": DEFAULT_LANGUAGE, "update": DEFAULT_LANGUAGE}
#: Values per fixed assumption of the spider chart (``voi --assumptions --figures``).
SPIDER_POINTS = 5


class Refused(Exception):
    """An option or input the command refuses: a catalogue key and its values."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key, self.values = key, values


# -- options shared by the commands ----------------------------------------------------

def _lang_help(default: str) -> str:
    return f"Language of the text: {', '.join(languages())} (default {default})."


ScenarioArg = Annotated[Path | None, typer.Argument(
    help="Scenario file (TOML or .xlsx). Default: the bundled Groningen scenario.",
    show_default=False)]
SourceArg = Annotated[Path | None, typer.Argument(
    help="Scenario file (TOML or .xlsx), or results (.nc/.zarr) written by 'mcimpact sim' "
         "(its scenario, seed and draws are used). Default: the bundled Groningen scenario.",
    show_default=False)]
Draws = Annotated[int, typer.Option("--draws", "-n", min=100,
                                    help="Monte Carlo draws (when simulating a scenario).")]
Seed = Annotated[int, typer.Option("--seed", min=0, max=MAX_SEED,
                                   help="Seed: same seed, same numbers.")]
Financing = Annotated[list[str] | None, typer.Option(
    "--financing", "-f", help="Only this financing scenario (repeatable; the first is the "
                              "reference). Default: all in the file.", show_default=False)]
Workers = Annotated[int | None, typer.Option(
    "--workers", min=1, help="Run on a new local dask cluster of this many worker processes "
                             "(mcimpact[dask]); the same numbers.", show_default=False)]
Scheduler = Annotated[str | None, typer.Option(
    "--scheduler", help="Run on the running dask cluster at this address (e.g. "
                        "tcp://127.0.0.1:8786) or scheduler file; the same numbers.",
    show_default=False)]
Force = Annotated[bool, typer.Option("--force", help="Overwrite the output.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print one JSON object.")]
LangEn = Annotated[str, typer.Option("--lang", help=_lang_help("en"))]
LangNl = Annotated[str, typer.Option("--lang", help=_lang_help(DEFAULT_LANGUAGE))]


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


def _check(call: Any, *args: Any, **kwargs: Any) -> None:
    """An output target's check (a refusal is an OutputError: exit 2, before any work)."""
    call(*args, **kwargs)


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

        return app.command(name)(run)

    return register


def _version(value: bool) -> None:
    if value:
        terminal.line(out, f"mcimpact {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="Show the version and exit.")]
          = False) -> None:
    """Monte Carlo uncertainty for social cost-benefit analysis (effecten-arena)."""


@command()
def validate(scenario: Annotated[Path, typer.Argument(help="Scenario file (TOML or .xlsx).")],
             lang: LangEn = "en") -> None:
    """Check a scenario file without running it (exit 2 on problems)."""
    words = _words(lang)
    model = _load(words, scenario)
    counts = ", ".join(_count(words, kind, n) for kind, n in (
        ("initiative", len(model.initiatives)), ("activity", len(model.activities)),
        ("chain", len(model.chains))))
    terminal.line(out, words.text("term.valid", file=scenario, counts=counts,
                                  first=model.meta.start_year, last=model.meta.end_year))


def _count(words: Locale, kind: str, n: int) -> str:
    return words.text(f"term.count.{kind}_one" if n == 1 else f"term.count.{kind}", n=n)


@command()
def convert(source: Annotated[Path, typer.Argument(help="Scenario file: TOML or .xlsx.")],
            target: Annotated[Path, typer.Argument(
                help="The converted scenario: FILE.xlsx (one sheet per table) or FILE.toml.")],
            force: Force = False, lang: LangEn = "en") -> None:
    """Convert a scenario between TOML and a spreadsheet (.xlsx), both ways; the scenario
    is validated first, and the converted file simulates the same."""
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
def init(target: Annotated[Path, typer.Argument(
             help="The new scenario file: FILE.toml (annotated) or FILE.xlsx.")],
         template: Annotated[str, typer.Option(
             "--template", "-t", help="arena (an effecten-arena) or sroi (an SROI impact "
                                      "map).")] = "arena",
         force: Force = False, lang: LangEn = "en") -> None:
    """Write an annotated starter scenario that validates: replace its illustrative
    numbers by your own."""
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
    draws: Annotated[int, typer.Option("--draws", "-n", min=1,
                                       help="Monte Carlo draws.")] = DEFAULT_DRAWS,
    seed: Seed = DEFAULT_SEED,
    deterministic: Annotated[bool, typer.Option(
        "--deterministic", help="Run every input at its point value (the report's method)."
    )] = False,
    precision: Annotated[float | None, typer.Option(
        "--precision", help="Keep drawing until the 95 % half-width of the mean multiplier "
                            "is below this fraction of the mean (e.g. 0.01; in (0, 1)), at "
                            "most --max-draws draws.", show_default=False)] = None,
    max_draws: Annotated[int, typer.Option("--max-draws", min=1, max=MAX_DRAWS, help=(
        "With --precision: the most draws to take."))] = MAX_DRAWS,
    out_path: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Write the results dataset: FILE.nc (NetCDF) or DIR.zarr (Zarr "
                            "v3); or the summary tables: FILE.xlsx (every table) or FILE.csv "
                            "(the headline).", show_default=False)] = None,
    force: Force = False,
    keep_inputs: Annotated[bool, typer.Option(
        "--keep-inputs", help="Store the sampled inputs per draw and chain in --out.")] = False,
    threads: Annotated[int | None, typer.Option(
        "--threads", min=1, help="Threads for the sampler (default: all cores). Results do "
                                 "not depend on it.", show_default=False)] = None,
    financing: Financing = None, workers: Workers = None, scheduler: Scheduler = None,
    resume: Annotated[bool, typer.Option(
        "--resume", help="Continue the interrupted run into --out DIR.zarr (kept at "
                         "DIR.zarr.partial): the same scenario, seed and draws.")] = False,
    as_json: AsJson = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar, no "
                                                                "summary.")] = False,
    lang: Annotated[str | None, typer.Option(
        "--lang", help=f"Language of the summary: {', '.join(languages())} (default: English "
                       "words, groups named in Dutch).", show_default=False)] = None,
) -> None:
    """Simulate a scenario (Monte Carlo by default) under each of its financing scenarios
    (on the same draws) and summarise the result."""
    from .analysis.api import simulate
    from .present import workbook

    words = _words(lang or "en")
    if precision is not None and not (math.isfinite(precision) and 0 < precision < 1):
        raise typer.BadParameter(words.text("error.precision", value=precision),
                                 param_hint="'--precision'")
    model = _load(words, scenario)
    _check_financing(model, financing)
    out_path, summary_path = _summary_target(out_path, force)
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
                terminal.progress(err, enabled=not quiet, words=words) as progress:
            results = simulate(model, draws, seed, financing=financing, precision=precision,
                               max_draws=max(max_draws, draws), keep_inputs=keep_inputs,
                               progress=progress, out=out_path, force=force, resume=resume,
                               backend=backend)
    if summary_path is not None:
        workbook.write(results.summary, summary_path, force=force)
        if not (quiet or as_json):
            terminal.line(out, words.text("term.summary_written", path=summary_path))
    prov = results.summary.provenance
    if prov.precision_reached is False:
        terminal.note(err, words.text("term.precision_not_reached", precision=precision,
                                      draws=words.number(prov.draws)))
    if as_json:
        from .readers.posterior import provenance

        found = provenance(model.text)  # a posterior file (mcimpact update) says so
        _json({**results.summary.to_json(), **({} if found is None else {"posterior": found})})
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


@contextlib.contextmanager
def _resumable(words: Locale, out_path: Path | None) -> Iterator[None]:
    """When a run into a Zarr store ends early, say how to continue it."""
    from .run.output import partial_path

    try:
        yield
    except (KeyboardInterrupt, SystemExit, OSError, MemoryError):
        partial = None if out_path is None else partial_path(out_path)
        if partial is not None and out_path is not None and out_path.suffix == ".zarr" \
                and (partial / "zarr.json").is_file():
            terminal.note(err, words.text("term.resume", partial=partial))
        raise


@command()
def sensitivity(source: SourceArg = None, draws: Draws = DEFAULT_DRAWS,
                seed: Seed = DEFAULT_SEED,
                top: Annotated[int, typer.Option("--top", min=1, help="Rows per table.")] = 10,
                financing: Financing = None, as_json: AsJson = False,
                workers: Workers = None, scheduler: Scheduler = None,
                quiet: Quiet = False, lang: LangEn = "en") -> None:
    """Which activities and inputs drive the multiplier and the break-even year, per
    financing scenario."""
    from .analysis.api import sensitivity as analyse

    words = _words(lang)
    run = _open(words, source, seed, financing)
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
         out_dir: Annotated[Path, typer.Option("--out", "-o", help=(
             "Directory for the figures (PNG and SVG); created if missing."))] = Path("figures"),
         lang: LangNl = DEFAULT_LANGUAGE, draws: Draws = DEFAULT_DRAWS,
         seed: Seed = DEFAULT_SEED, financing: Financing = None,
         sensitivity: Annotated[bool, typer.Option(
             "--sensitivity/--no-sensitivity", help="Include the sensitivity figures.")] = True,
         force: Force = False, quiet: Quiet = False, workers: Workers = None,
         scheduler: Scheduler = None) -> None:
    """Figures of a Monte Carlo result: fan chart, multiplier, break-even, breakdowns,
    initiatives, financing comparison and sensitivity, as PNG and SVG."""
    from .analysis.api import report_results
    from .present import figures

    words = _words(lang)
    figures.check_directory(out_dir, force=force)
    run = _open(words, source, seed, financing)
    with _backend(workers, scheduler) as backend, \
            terminal.progress(err, enabled=not quiet, words=words) as progress:
        got = report_results(run, draws, sensitivity=sensitivity, measure=False,
                             progress=progress, backend=backend)
    written = figures.save_all(got, out_dir, locale=words, force=force)
    if not quiet:
        terminal.line(out, words.text("term.figures_written", n=len(written), path=out_dir))


@command()
def report(source: SourceArg = None,
           out_path: Annotated[Path, typer.Option("--out", "-o", help="The report: FILE.html.")
                               ] = Path("report.html"),
           lang: LangNl = DEFAULT_LANGUAGE,
           pdf: Annotated[bool, typer.Option("--pdf", help="Also print FILE.pdf (needs a "
                                                           "headless Chromium).")] = False,
           draws: Draws = DEFAULT_DRAWS, seed: Seed = DEFAULT_SEED, financing: Financing = None,
           workers: Workers = None, scheduler: Scheduler = None, force: Force = False,
           quiet: Quiet = False,
           measure: Annotated[bool, typer.Option(
               "--voi/--no-voi", help="Include 'What should we measure first?' (the decision "
                                      "between the financing scenarios and the value of "
                                      "information, on the first min(--draws, 20000) draws)."
           )] = True) -> None:
    """A self-contained HTML report for a council (Dutch by default): headline, figures with
    how to read them, financing comparison, assumptions, method and provenance."""
    from .analysis.api import report_results
    from .present import report as reporting

    words = _words(lang)
    reporting.check_targets(out_path, force=force, pdf=pdf)
    run = _open(words, source, seed, financing)
    changed, recorded = _what_changed(words, run.scenario)
    if measure and run.stored is not None and "inputs" not in run.stored.ds \
            and len(run.scenario.financing) > 1:
        terminal.note(err, words.text("term.no_inputs_measure"))
    with _backend(workers, scheduler) as backend, \
            terminal.progress(err, enabled=not quiet, words=words) as progress:
        got = report_results(run, draws, measure=measure, changed=changed,
                             progress=progress, backend=backend,
                             stage=None if quiet else _stage(words))
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


def _stage(words: Locale) -> Any:
    """A note on stderr as each slow analysis starts, once the draws are in."""
    notes = {"sensitivity": "term.sensitivity_running", "voi": "term.voi_running",
             "changed": "term.prior_running"}

    def stage(name: str) -> None:
        if name in notes:
            terminal.note(err, words.text(notes[name]), dim=True)

    return stage


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
    first: Annotated[Path, typer.Argument(
        metavar="SCENARIO", help="The scenario file (TOML); given alone, the monitoring data "
                                 "(CSV) for the bundled Groningen scenario.")],
    second: Annotated[Path | None, typer.Argument(
        metavar="DATA", help="The monitoring data (CSV, docs/monitoring.md).",
        show_default=False)] = None,
    out_path: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Write the posterior scenario: FILE.toml.", show_default=False)
    ] = None,
    force: Force = False,
    show: Annotated[bool, typer.Option(
        "--report", help="Show what changed: prior and posterior per updated input, the "
                         "multiplier and break-even year before and after (the same draws), "
                         "and a plain sentence.")] = False,
    lang: LangNl = DEFAULT_LANGUAGE,
    draws: Annotated[int, typer.Option("--draws", "-n", min=100,
                                       help="Monte Carlo draws of --report.")] = 20_000,
    seed: Seed = DEFAULT_SEED,
    figures_dir: Annotated[Path | None, typer.Option(
        "--figures", help="With --report: also write the figure update.png and update.svg "
                          "into this directory.", show_default=False)] = None,
    above: Annotated[float | None, typer.Option(
        "--above", help="--report compares P(multiplier >= this) before and after "
                        "(default: the prior's median multiplier, to one decimal).",
        show_default=False)] = None,
    date: Annotated[str | None, typer.Option(
        "--date", help="Date written into the provenance, YYYY-MM-DD (default: today, UTC).",
        show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the --report as one JSON "
                                                          "object.")] = False,
    workers: Workers = None, scheduler: Scheduler = None, quiet: Quiet = False,
) -> None:
    """Update a scenario with monitoring data (Bayes' rule per input) and write the
    posterior scenario, with its provenance."""
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
        metavar="[SOURCE]...",
        help="Scenario file (TOML), or results (.nc/.zarr) written by 'mcimpact sim "
             "--keep-inputs'. Default: the bundled Groningen scenario. Several scenario "
             "files: their financing scenarios are the options 'FILE:financing', run on "
             "common random numbers.", show_default=False)] = None,
    draws: Annotated[int, typer.Option("--draws", "-n", min=100,
                                       help="Monte Carlo draws.")] = 20_000,
    seed: Seed = DEFAULT_SEED, financing: Financing = None,
    study: Annotated[list[str] | None, typer.Option(
        "--study", help="A monitoring study CHAIN:N (count the successes of N participants "
                        "of the chain; repeatable). Default: 50 participants in each of the "
                        "5 chains with the largest EVPPI.", show_default=False)] = None,
    bands: Annotated[str | None, typer.Option(
        "--bands", help="Value-for-money categories of the multiplier as NAME:LOWER,... "
                        "(increasing; the first may be -inf). Default: the UK DfT's.",
        show_default=False)] = None,
    top: Annotated[int, typer.Option("--top", min=1, help="Rows per EVPPI table.")] = 10,
    assumptions: Annotated[bool, typer.Option(
        "--assumptions", help="Also the sensitivity over fixed assumptions (discount rate, "
                              "optimism bias, uplift, saturation, renewal risk), each re-run "
                              "on the first min(--draws, 5000) draws.")] = False,
    figures_dir: Annotated[Path | None, typer.Option(
        "--figures", help="Also write the acceptability curve (and with --assumptions their "
                          "tornado and spider chart) as PNG and SVG into this directory.",
        show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Write --figures into a non-empty "
                                                        "directory.")] = False,
    lang: LangNl = DEFAULT_LANGUAGE, as_json: AsJson = False, quiet: Quiet = False,
    workers: Workers = None, scheduler: Scheduler = None,
) -> None:
    """Which financing scenario to choose, and what measuring first is worth: P(best),
    expected loss, the efficiency frontier, EVPI, EVPPI per activity, initiative, input
    kind and chain, and EVSI of monitoring studies (with standard errors)."""
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


def _language(argv: list[str]) -> Locale:
    """The language of a command line's messages: its --lang, else its command's."""
    lang = next((argv[k + 1] for k, a in enumerate(argv[:-1]) if a == "--lang"),
                next((a.partition("=")[2] for a in argv if a.startswith("--lang=")), None))
    if lang is None:
        command = next((a for a in argv if not a.startswith("-")), "")
        lang = DEFAULT_LANG.get(command, "en")
    try:
        return Locale.get(lang)
    except ValueError:
        return Locale.get("en")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns (and, as the console script, exits with) the exit
    code. Every way a run can end is mapped here: no traceback reaches the user."""
    try:  # loads numba: Ctrl-C may come while it does
        from .run.output import ENDING_SIGNALS, raise_on_signals
    except KeyboardInterrupt:
        return 128 + 2
    words = _language(sys.argv[1:] if argv is None else argv)

    def fail(message: str, code: int) -> int:
        terminal.error(err, message, words)
        return code

    try:
        with raise_on_signals(ENDING_SIGNALS):
            code = app(args=argv, standalone_mode=False)
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
            terminal.error(err, words.text("error.signal", n=exc.code - 128), words)
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
