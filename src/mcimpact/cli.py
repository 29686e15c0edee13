"""The ``mcimpact`` command line: the only module that prints.

It parses the options, calls the run (:func:`mcimpact.analysis.api.simulate`) and the
sensitivity analysis, renders through :mod:`mcimpact.present` (the terminal's tables,
figures, the report) and maps exceptions to exit codes: 2 for a bad scenario, option or
output target (before any work), 1 for an output that could not be written afterwards.
"""

from __future__ import annotations

import contextlib
import math
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from ._version import __version__
from .errors import ClusterError, OutputError, ResourceError, ScenarioError
from .limits import MAX_DRAWS, MAX_SEED
from .model.scenario import DEFAULT_DRAWS, DEFAULT_SEED
from .present import terminal
from .present.locale import DEFAULT_LANGUAGE, Locale, languages
from .present.text import for_json

if TYPE_CHECKING:
    import xarray as xr

    from .analysis.api import Results
    from .model.scenario import Scenario

app = typer.Typer(
    name="mcimpact",
    help="Monte Carlo uncertainty for social cost-benefit analysis (effecten-arena).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = terminal.console()
err = terminal.console(stderr=True)

ScenarioArg = Annotated[
    Path | None,
    typer.Argument(help="Scenario file (TOML or .xlsx). Default: the bundled Groningen "
                        "scenario.",
                   show_default=False),
]


def _precision(value: float | None) -> float | None:
    if value is not None and not (math.isfinite(value) and 0 < value < 1):
        raise typer.BadParameter(f"must be a number in (0, 1), e.g. 0.01; got {value}")
    return value


def _fail(message: str, code: int = 2) -> NoReturn:
    terminal.error(err, message)
    raise typer.Exit(code=code)


def _version(value: bool) -> None:
    if value:
        terminal.line(out, f"mcimpact {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Monte Carlo uncertainty for social cost-benefit analysis (effecten-arena)."""


def _load(path: Path | None) -> Scenario:
    from .readers.formats import load  # TOML, or a spreadsheet (.xlsx)

    try:
        return load(path)
    except ScenarioError as exc:
        terminal.problems(err, exc.problems, exc.total)
        raise typer.Exit(code=2) from None


@app.command()
def validate(scenario: Annotated[Path, typer.Argument(
        help="Scenario file (TOML or .xlsx).")],
             lang: LangNoneOpt = None) -> None:
    """Check a scenario file without running it (exit 2 on problems)."""
    words = None if lang is None else _locale(lang)
    model = _load(scenario)
    if words is not None:
        counts = ", ".join(
            words.text(f"term.count.{kind}_one" if n == 1 else f"term.count.{kind}", n=n)
            for n, kind in ((len(model.initiatives), "initiative"),
                            (len(model.activities), "activity"), (len(model.chains), "chain")))
        terminal.line(out, words.text("term.valid", file=scenario, counts=counts,
                                      first=model.meta.start_year, last=model.meta.end_year))
        return
    counts = ", ".join(_plural(n, word) for n, word in (
        (len(model.initiatives), "initiative"), (len(model.activities), "activity"),
        (len(model.chains), "chain")))
    terminal.line(out, f"{scenario}: OK — {counts}, "
                       f"{model.meta.start_year}–{model.meta.end_year}")


WorkersOpt = Annotated[int | None, typer.Option(
    "--workers", min=1, help="Run on a new local dask cluster of this many worker processes "
                             "(mcimpact[dask]); the same numbers.", show_default=False)]
SchedulerOpt = Annotated[str | None, typer.Option(
    "--scheduler", help="Run on the running dask cluster at this address (e.g. "
                        "tcp://127.0.0.1:8786) or scheduler file; the same numbers.",
    show_default=False)]


@app.command()
def convert(
    source: Annotated[Path, typer.Argument(
        help="Scenario file: TOML or a spreadsheet (.xlsx).", show_default=False)],
    target: Annotated[Path, typer.Argument(
        help="The converted scenario: FILE.xlsx (one sheet per table) or FILE.toml.",
        show_default=False)],
    force: Annotated[bool, typer.Option("--force", help="Overwrite TARGET.")] = False,
) -> None:
    """Convert a scenario between TOML and a spreadsheet (.xlsx: one sheet per table), both
    ways; the scenario is validated first, and the converted file simulates the same."""
    from .readers.formats import SUFFIXES, write
    from .readers.xlsx import WorkbookError
    from .run.output import atomic, check_target

    try:
        check_target(target, force=force, suffixes=SUFFIXES)
    except OutputError as exc:
        _fail(str(exc))
    model = _load(source)
    try:
        with atomic(target, force=force) as staged:
            left_out = write(model, staged)
    except WorkbookError as exc:
        _fail(f"{target}: {exc}")
    if left_out:
        shown = ", ".join(left_out[:5]) + (f" and {len(left_out) - 5} more"
                                           if len(left_out) > 5 else "")
        terminal.note(err, f"note: empty text is an empty cell, a key not given: {shown}")
    terminal.line(out, f"{target}: written from {source} ({_plural(len(model.chains), 'chain')})")


@app.command()
def init(
    target: Annotated[Path, typer.Argument(
        help="The new scenario file: FILE.toml (annotated) or FILE.xlsx.", show_default=False)],
    template: Annotated[str, typer.Option(
        "--template", "-t", help="arena (an effecten-arena: labels, life domains, a "
                                 "financing scenario) or sroi (an SROI impact map: GBP, "
                                 "outcomes from Year 1, adjustments).")] = "arena",
    force: Annotated[bool, typer.Option("--force", help="Overwrite TARGET.")] = False,
) -> None:
    """Write an annotated starter scenario that validates: replace its illustrative
    numbers by your own."""
    from .readers.formats import SUFFIXES, TEMPLATES, write
    from .readers.formats import template as starter
    from .run.output import atomic, check_target

    if template not in TEMPLATES:
        _fail(f"--template: unknown template '{template}'; use one of: "
              f"{', '.join(TEMPLATES)}")
    try:
        check_target(target, force=force, suffixes=SUFFIXES)
    except OutputError as exc:
        _fail(str(exc))
    model = starter(template, target.name)
    with atomic(target, force=force) as staged:
        write(model, staged)
    terminal.line(out, f"{target}: a starter scenario ({TEMPLATES[template]}); check it "
                       f"with 'mcimpact validate', run it with 'mcimpact sim'")


def _select_financing(model: Scenario, ids: list[str] | None) -> Scenario:
    if not ids:
        return model
    try:
        return model.select_financing(ids)
    except KeyError as exc:
        _fail(f"--financing: {exc.args[0]}")


@contextlib.contextmanager
def _cluster(workers: int | None, scheduler: str | None, out_path: Path | None = None
             ) -> Iterator[Any]:
    """A dask client for ``--workers`` or ``--scheduler`` (None without either)."""
    if workers is None and scheduler is None:
        yield None
        return
    if workers is not None and scheduler is not None:
        _fail("--workers and --scheduler: give one (a new local cluster, or a running one)")
    if out_path is not None and out_path.suffix != ".zarr":
        _fail(f"--out {out_path}: on a cluster the per-draw results go to a Zarr store "
              "(DIR.zarr), not NetCDF")
    from .run.distributed import connect

    with connect(workers, scheduler) as client:
        yield client


@contextlib.contextmanager
def _resumable_note(out_path: Path | None) -> Iterator[None]:
    """When a run into a Zarr store ends early, say how to continue it."""
    from .run.output import partial_path

    try:
        yield
    except (KeyboardInterrupt, SystemExit, OSError, MemoryError):
        partial = None if out_path is None else partial_path(out_path)
        if partial is not None and out_path is not None and out_path.suffix == ".zarr" \
                and (partial / "zarr.json").is_file():
            terminal.note(err, f"the draws done so far are kept in {partial}; continue "
                               "with the same command and --resume")
        raise


def _print_json(data: object) -> None:
    """One JSON object on stdout; a reader that leaves early (``| head``) ends the run
    quietly with 128 + SIGPIPE."""
    try:
        print(for_json(data), flush=True)
    except BrokenPipeError:
        _silence_stdout()
        raise typer.Exit(code=128 + 13) from None


def _plural(n: int, word: str) -> str:
    if n == 1:
        return f"1 {word}"
    return f"{n} {word[:-1] + 'ies' if word.endswith('y') else word + 's'}"


def _simulate(model: Scenario, *args: Any, **options: Any) -> Results:
    """:func:`~mcimpact.analysis.api.simulate`; its refusals before any work (an output
    target, or a dataset that would not fit the free memory or disk) as exit 2."""
    from .analysis.api import simulate

    try:
        return simulate(model, *args, **options)
    except (OutputError, ResourceError) as exc:
        _fail(str(exc))


@app.command()
def sim(
    scenario: ScenarioArg = None,
    draws: Annotated[int, typer.Option("--draws", "-n", min=1,
                                       help="Monte Carlo draws.")] = DEFAULT_DRAWS,
    seed: Annotated[int, typer.Option("--seed", min=0, max=MAX_SEED,
                                      help="Seed: same seed, same numbers.")] = DEFAULT_SEED,
    deterministic: Annotated[bool, typer.Option(
        "--deterministic", help="Run every input at its point value (the report's method)."
    )] = False,
    precision: Annotated[float | None, typer.Option(
        "--precision", callback=lambda value: _precision(value),
        help="Keep drawing until the 95 % half-width of the mean multiplier is below this "
             "fraction of the mean (e.g. 0.01; a number in (0, 1)), at most --max-draws "
             "draws.", show_default=False)] = None,
    max_draws: Annotated[int, typer.Option(
        "--max-draws", min=1, help="With --precision: the most draws to take.")
    ] = MAX_DRAWS,
    out_path: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Write the results dataset: FILE.nc (NetCDF) or DIR.zarr (Zarr v3); "
                            "or the summary tables: FILE.xlsx (every table) or FILE.csv (the "
                            "headline).",
        show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite --out.")] = False,
    keep_inputs: Annotated[bool, typer.Option(
        "--keep-inputs", help="Store the sampled inputs per draw and chain in --out.")] = False,
    threads: Annotated[int | None, typer.Option(
        "--threads", min=1, help="Threads for the sampler (default: all cores). Results do "
                                 "not depend on it.", show_default=False)] = None,
    financing: Annotated[list[str] | None, typer.Option(
        "--financing", "-f", help="Run only this financing scenario (repeatable; the first "
                                  "is the reference). Default: all in the file.",
        show_default=False)] = None,
    workers: WorkersOpt = None,
    scheduler: SchedulerOpt = None,
    resume: Annotated[bool, typer.Option(
        "--resume", help="Continue the interrupted run into --out DIR.zarr (kept at "
                         "DIR.zarr.partial): the same scenario, seed and draws; only the "
                         "missing draws are computed.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q",
                                        help="No progress bar, no summary.")] = False,
    lang: Annotated[str | None, typer.Option(
        "--lang", help=f"Language of the summary, one of: {', '.join(languages())} "
                       "(default: English words, groups named in Dutch).",
        show_default=False)] = None,
) -> None:
    """Simulate a scenario (Monte Carlo by default) under each of its financing scenarios
    (on the same draws) and summarise the result."""
    locale = None if lang is None else _locale(lang)
    model = _select_financing(_load(scenario), financing)
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
            terminal.note(err, f"note: {', '.join(ignored)} "
                               f"ha{'s' if len(ignored) == 1 else 've'} no effect with "
                               "--deterministic (one run at the point values)")
        results = _simulate(model, deterministic=True, out=out_path, force=force,
                            resume=resume)
    else:
        with _cluster(workers, scheduler, out_path) as client, _resumable_note(out_path), \
                terminal.progress(err, enabled=not quiet) as progress:
            results = _simulate(model, draws, seed, precision=precision,
                                max_draws=max(max_draws, draws), keep_inputs=keep_inputs,
                                progress=progress, out=out_path, force=force,
                                resume=resume, client=client)
    if summary_path is not None:
        _write_summary(results.summary, summary_path, force, quiet=quiet or as_json)
    if results.summary.provenance.precision_reached is False:
        terminal.note(err, f"warning: --precision {precision} was not reached within "
                           f"{results.summary.provenance.draws:,} draws (--max-draws); "
                           "the results are those of these draws (precision_reached: "
                           "false)")
    if as_json:
        _print_json(_with_posterior(model, results.summary.to_json()))
    elif not quiet:
        terminal.summary(out, results.summary, locale=locale)
        if out_path is not None:
            terminal.line(out)
            terminal.line(out, (locale or Locale.get("en")).text("term.written",
                                                                 path=out_path))


def _summary_target(out_path: Path | None, force: bool) -> tuple[Path | None, Path | None]:
    """``--out`` as (the per-draw dataset's target, the summary tables' target): FILE.xlsx
    and FILE.csv are summary tables, checked here before any work."""
    from .present import workbook
    from .run.sinks import FORMATS

    if out_path is None or out_path.suffix in FORMATS:
        return out_path, None
    if out_path.suffix not in workbook.SUFFIXES:
        _fail(f"{out_path}: unknown output format '{out_path.suffix}'; use "
              f"{', '.join(FORMATS + workbook.SUFFIXES[:-1])} or {workbook.SUFFIXES[-1]}")
    try:
        workbook.check_target(out_path, force)
    except OutputError as exc:
        _fail(str(exc))
    return None, out_path


def _write_summary(summary: Any, path: Path, force: bool, *, quiet: bool) -> None:
    from .present import workbook

    workbook.write(summary.to_json(), path, force=force)
    if not quiet:
        terminal.line(out, f"summary tables written to {path}")


@app.command()
def sensitivity(
    source: Annotated[Path | None, typer.Argument(
        help="Scenario file (TOML), or results (.nc/.zarr) written by 'mcimpact sim' (its "
             "scenario, seed and draws are used). Default: the bundled Groningen scenario.",
        show_default=False)] = None,
    draws: Annotated[int, typer.Option("--draws", "-n", min=100,
                                       help="Monte Carlo draws.")] = DEFAULT_DRAWS,
    seed: Annotated[int, typer.Option("--seed", min=0, max=MAX_SEED)] = DEFAULT_SEED,
    top: Annotated[int, typer.Option("--top", min=1, help="Rows per table.")] = 10,
    financing: Annotated[list[str] | None, typer.Option(
        "--financing", "-f", help="Analyse only this financing scenario (repeatable). "
                                  "Default: all in the file.", show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    workers: WorkersOpt = None,
    scheduler: SchedulerOpt = None,
    lang: LangNoneOpt = None,
) -> None:
    """Which activities and inputs drive the multiplier and the break-even year, per
    financing scenario."""
    locale = None if lang is None else _locale(lang)
    model, results = _monte_carlo(source, draws, seed, financing, quiet=as_json,
                                  keep_draws=True, workers=workers, scheduler=scheduler)
    ds = results.dataset
    reports = _sensitivity(model, ds)
    if as_json:
        first = next(iter(reports))
        _print_json({**reports[first], "reference": first, "financing": reports})
        return
    for report in reports.values():
        terminal.sensitivity(out, report, model, top, locale=locale)


SourceArg = Annotated[Path | None, typer.Argument(
    help="Results (.nc/.zarr) written by 'mcimpact sim' (a Monte Carlo run), or a scenario "
         "file (TOML) to simulate first. Default: the bundled Groningen scenario.",
    show_default=False)]
FinancingOpt = Annotated[list[str] | None, typer.Option(
    "--financing", "-f", help="Only this financing scenario (repeatable; the first is the "
                              "reference). Default: all.", show_default=False)]
LangOpt = Annotated[str, typer.Option(
    "--lang", help=f"Language, one of: {', '.join(languages())}.")]
#: --lang of a command whose words are English unless a language is asked for.
LangNoneOpt = Annotated[str | None, typer.Option(
    "--lang", help=f"Language of the text, one of: {', '.join(languages())} (default: "
                   "English).", show_default=False)]


def _is_results(source: Path | None) -> bool:
    return source is not None and source.suffix in (".nc", ".zarr")


def _read_results(source: Path, financing: list[str] | None) -> tuple[Scenario, xr.Dataset]:
    """The scenario and the per-draw dataset of a results file of a Monte Carlo run."""
    from .readers.toml import parse
    from .run.sinks import read

    try:
        ds = read(source)
    except (OSError, ValueError) as exc:
        _fail(f"{source}: cannot read results: {exc}")
    if ds.attrs.get("mode") != "monte-carlo":
        _fail(f"{source}: not a Monte Carlo result")
    try:
        model = parse(str(ds.attrs["scenario_text"]), f"{source} (scenario)")
    except ScenarioError as exc:  # pragma: no cover - it was valid when it was run
        terminal.problems(err, exc.problems, exc.total)
        raise typer.Exit(code=2) from None
    ids = [str(f) for f in ds.financing.values]
    model = _select_financing(model, financing or ids)
    missing = [f.id for f in model.financing if f.id not in ids]
    if missing:
        _fail(f"{source} has no results for financing scenario '{missing[0]}'")
    return model, ds.sel(financing=[f.id for f in model.financing])


def _monte_carlo(source: Path | None, draws: int, seed: int, financing: list[str] | None,
                 *, quiet: bool = False, keep_draws: bool = False,
                 workers: int | None = None, scheduler: str | None = None
                 ) -> tuple[Scenario, Results]:
    """The scenario and its Monte Carlo results, from a results file (which has the
    per-draw dataset) or by simulating a scenario (with the dataset if ``keep_draws``;
    on a cluster with ``workers`` or ``scheduler``)."""
    if _is_results(source):
        from .analysis.api import Results
        from .analysis.summaries import summarize

        model, ds = _read_results(source, financing)  # type: ignore[arg-type]
        return model, Results(summarize(ds), ds)
    model = _select_financing(_load(source), financing)
    with _cluster(workers, scheduler) as client, \
            terminal.progress(err, enabled=not quiet) as progress:
        return model, _simulate(model, draws, seed, keep_draws=keep_draws, progress=progress,
                                client=client)


def _sensitivity(model: Scenario, ds: xr.Dataset | None, quiet: bool = True,
                 locale: Locale | None = None) -> dict[str, dict[str, Any]]:
    """The sensitivity report per financing scenario, as
    :meth:`~mcimpact.analysis.sensitivity.SensitivityReport.to_dict`."""
    from .analysis.sensitivity import analyse_financing

    if ds is None:
        raise ValueError("the sensitivity analysis needs the per-draw results")
    if not quiet:
        terminal.note(err, (locale or Locale.get("en")).text("term.sensitivity_running"),
                      dim=True)
    reports = analyse_financing(model, results=ds, seed=int(ds.attrs["seed"]))
    return {fid: r.to_dict() for fid, r in reports.items()}


def _point(model: Scenario) -> float | None:
    """The point estimate of the reference multiplier (None without costs)."""
    value = _simulate(model, deterministic=True).summary.ref.multiplier.mean
    return None if math.isnan(value) else value


def _locale(lang: str) -> Locale:
    try:
        return Locale.get(lang)
    except ValueError as exc:
        _fail(f"--lang: {exc}")


@app.command()
def plot(
    source: SourceArg = None,
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Directory for the figures "
                                          "(PNG and SVG); created if missing.")] = Path("figures"),
    lang: LangOpt = DEFAULT_LANGUAGE,
    draws: Annotated[int, typer.Option("--draws", "-n", min=100, help="Monte Carlo draws "
                                       "(when simulating a scenario).")] = DEFAULT_DRAWS,
    seed: Annotated[int, typer.Option("--seed", min=0, max=MAX_SEED)] = DEFAULT_SEED,
    financing: FinancingOpt = None,
    sensitivity: Annotated[bool, typer.Option(
        "--sensitivity/--no-sensitivity", help="Include the sensitivity figures.")] = True,
    force: Annotated[bool, typer.Option("--force", help="Write into a non-empty directory "
                                        "(overwriting figures of the same name).")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress.")] = False,
    workers: WorkersOpt = None,
    scheduler: SchedulerOpt = None,
) -> None:
    """Figures of a Monte Carlo result: fan chart, multiplier, break-even, breakdowns,
    initiatives, financing comparison and sensitivity, as PNG and SVG."""
    from .present import figures

    locale = _locale(lang)
    try:
        figures.check_directory(out_dir, force=force)
    except OutputError as exc:
        _fail(str(exc))
    model, results = _monte_carlo(source, draws, seed, financing, quiet=quiet,
                                  keep_draws=sensitivity, workers=workers,
                                  scheduler=scheduler)
    sens = _sensitivity(model, results.dataset, quiet, locale) if sensitivity else None
    drawn = figures.all_figures(results.summary, sens, point=_point(model), locale=locale)
    written = []
    for stem, fig in drawn.items():
        written += figures.save(fig, out_dir, stem, force=force)
    if not quiet:
        terminal.line(out, locale.text("term.figures_written", n=len(written),
                                       path=out_dir))


@app.command()
def report(
    source: SourceArg = None,
    out_path: Annotated[Path, typer.Option("--out", "-o", help="The report: FILE.html.")
                        ] = Path("report.html"),
    lang: LangOpt = DEFAULT_LANGUAGE,
    pdf: Annotated[bool, typer.Option("--pdf", help="Also print FILE.pdf (needs a headless "
                                      "Chromium).")] = False,
    draws: Annotated[int, typer.Option("--draws", "-n", min=100, help="Monte Carlo draws "
                                       "(when simulating a scenario).")] = DEFAULT_DRAWS,
    seed: Annotated[int, typer.Option("--seed", min=0, max=MAX_SEED)] = DEFAULT_SEED,
    financing: FinancingOpt = None,
    workers: WorkersOpt = None,
    scheduler: SchedulerOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite --out (and with --pdf "
                                        "its PDF).")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress.")] = False,
    measure: Annotated[bool, typer.Option(
        "--voi/--no-voi", help="Include 'What should we measure first?' (the decision "
                               "between the financing scenarios and the value of "
                               "information, on the first min(--draws, 20000) draws).")
    ] = True,
) -> None:
    """A self-contained HTML report for a council (Dutch by default): headline, figures with
    how to read them, financing comparison, assumptions, method and provenance."""
    from .present import report as reporting

    locale = _locale(lang)
    try:
        reporting.check_targets(out_path, force=force, pdf=pdf)
    except OutputError as exc:
        _fail(str(exc))
    model, results = _monte_carlo(source, draws, seed, financing, quiet=quiet,
                                  keep_draws=True, workers=workers, scheduler=scheduler)
    sens = _sensitivity(model, results.dataset, quiet, locale)
    point = _simulate(model, deterministic=True).summary
    ctx = reporting.context(model, results.summary, sens, None, locale=locale,
                            point_summary=point)
    ctx = _with_what_changed(ctx, model, results, locale, quiet)
    if measure and len(model.financing) > 1:
        ctx = _with_measure_first(ctx, model, results.dataset, source, draws, seed,
                                  locale, quiet)
    html = reporting.render(ctx)
    pdf_path = reporting.write(html, out_path, force=force, pdf=pdf)
    if not quiet:
        terminal.line(out, locale.text("term.report_written", path=out_path)
                           if pdf_path is None else
                           locale.text("term.report_pdf_written", path=out_path, pdf=pdf_path))


def _with_what_changed(ctx: dict[str, Any], model: Scenario, results: Results,
                       locale: Locale, quiet: bool) -> dict[str, Any]:
    """The report's context with the section "What changed after the measurements?" when
    the scenario is a posterior file of ``mcimpact update``: the scenario with its
    recorded priors (docs/monitoring.md) simulated on the report's draws and seed, against
    the report's own run."""
    from .readers.posterior import provenance, records

    found = provenance(model.text)
    if found is None:
        return ctx
    from .analysis import update as updating
    from .present.report import with_what_changed
    from .present.update_report import report_section

    try:
        earlier, files = records(model.text, model.path)
    except ScenarioError as exc:
        terminal.problems(err, exc.problems, exc.total)
        raise typer.Exit(code=2) from None
    if not earlier:
        terminal.note(err, "note: every updated input of the posterior file was edited "
                           "after the update, so the report leaves out 'What changed after "
                           "the measurements?'")
        return ctx
    if not quiet:
        terminal.note(err, "the prior judgement on the same draws …", dim=True)
    prov = results.summary.provenance
    assert prov.seed is not None  # a Monte Carlo run has its seed
    try:
        change = updating.compare_updates(
            updating.prior_of(model, earlier), model, updating.recorded_updates(earlier),
            prov.draws, prov.seed, after=results)
    except ResourceError as exc:
        terminal.note(err, f"note: {exc}; so the report leaves out 'What changed after the "
                           "measurements?'")
        return ctx
    return with_what_changed(ctx, report_section(
        change, updating.curves(change.updates), files, found,
        names={f.id: f.name for f in model.financing}, locale=locale))


def _with_measure_first(ctx: dict[str, Any], model: Scenario, dataset: xr.Dataset | None,
                        source: Path | None, draws: int, seed: int, locale: Locale,
                        quiet: bool) -> dict[str, Any]:
    """The report's context with the section "What should we measure first?": from the
    results file when it has the sampled inputs, else from the first min(draws,
    VOI_DRAWS) draws of the same seed (the same worlds as the report's first draws)."""
    from .analysis import voi
    from .analysis.decision import decide
    from .present.decision_figures import report_section

    if _is_results(source):
        if dataset is None or "inputs" not in dataset:
            terminal.note(err, "note: the results have no sampled inputs, so the report "
                               "leaves out 'What should we measure first?' (write them "
                               "with 'mcimpact sim --keep-inputs')")
            return ctx
        ds = dataset
    else:
        from .run.engine import run_monte_carlo

        try:
            ds = run_monte_carlo(model, min(draws, VOI_DRAWS), seed, keep_inputs=True)
        except ResourceError as exc:
            _fail(str(exc))
    if not quiet:
        terminal.note(err, locale.text("term.voi_running"), dim=True)
    result = voi.value_of_information(model, ds, seed=int(ds.attrs.get("seed", seed)))
    names = {f.id: f.name for f in model.financing}
    return {**ctx, "measure_first": report_section(
        decide(ds), result, names=names, locale=locale,
        switching=voi.switching_values(model, ds))}


def _with_posterior(model: Scenario, document: dict[str, Any]) -> dict[str, Any]:
    """The JSON of a run, with the provenance of a posterior file (``mcimpact update``)
    under ``posterior``."""
    from .readers.posterior import provenance

    found = provenance(model.text)
    return document if found is None else {**document, "posterior": found}


@app.command()
def update(
    first: Annotated[Path, typer.Argument(
        metavar="SCENARIO", help="The scenario file (TOML); given alone, the monitoring "
        "data (CSV) for the bundled Groningen scenario.",
        show_default=False)],
    second: Annotated[Path | None, typer.Argument(
        metavar="DATA", help="The monitoring data (CSV, docs/monitoring.md).",
        show_default=False)] = None,
    out_path: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Write the posterior scenario: FILE.toml.", show_default=False)
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite --out.")] = False,
    show: Annotated[bool, typer.Option(
        "--report", help="Show what changed: prior and posterior per updated input, the "
                         "multiplier and break-even year before and after (the same draws), "
                         "and a plain sentence.")] = False,
    lang: Annotated[str, typer.Option("--lang", help="Language of --report: nl or en.")
                    ] = "nl",
    draws: Annotated[int, typer.Option("--draws", "-n", min=100,
                                       help="Monte Carlo draws of --report.")] = 20_000,
    seed: Annotated[int, typer.Option("--seed", min=0, max=MAX_SEED)] = DEFAULT_SEED,
    figures_dir: Annotated[Path | None, typer.Option(
        "--figures", help="With --report: also write the figure update.png and update.svg "
                          "(prior and posterior per input, P(multiplier >= x) before and "
                          "after) into this directory.", show_default=False)] = None,
    above: Annotated[float | None, typer.Option(
        "--above", help="--report compares P(multiplier >= this) before and after "
                        "(default: the prior's median multiplier, to one decimal).",
        show_default=False)] = None,
    date: Annotated[str | None, typer.Option(
        "--date", help="Date written into the provenance, YYYY-MM-DD (default: today, "
                       "UTC).", show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the --report as one JSON "
                                                          "object.")] = False,
) -> None:
    """Update a scenario with monitoring data (Bayes' rule per input) and write the
    posterior scenario, with its provenance."""
    import datetime
    import hashlib

    from .analysis import update as updating
    from .readers import monitoring
    from .readers.posterior import PosteriorFileError, records, render
    from .readers.toml import parse
    from .run.output import atomic, check_target

    scenario_path, data_path = (None, first) if second is None else (first, second)
    if out_path is None and not show:
        _fail("give --out POSTERIOR.toml to write the posterior scenario, and/or --report "
              "to see what the data change")
    if lang not in ("nl", "en"):
        _fail(f"--lang: expected nl or en, got {lang!r}")
    if date is None:
        date = datetime.datetime.now(datetime.UTC).date().isoformat()
    else:
        try:
            date = datetime.date.fromisoformat(date).isoformat()
        except ValueError:
            _fail(f"--date: expected YYYY-MM-DD, got {date!r}")
    if out_path is not None:
        try:
            check_target(out_path, force=force, suffixes=(".toml",))
        except OutputError as exc:
            _fail(str(exc))
    if figures_dir is not None:
        from .present import figures

        if not show:
            _fail("--figures needs --report (the figure shows what the report compares)")
        try:
            figures.check_directory(figures_dir, force=force)
        except OutputError as exc:
            _fail(str(exc))
    model = _load(scenario_path)
    try:
        data = monitoring.load(data_path, model)
        earlier, files = records(model.text, model.path)
        post = updating.update(model, data, records=earlier, earlier=files)
        text = render(post, prior_path=model.path, prior_sha256=model.sha256, date=date,
                      version=f"mcimpact {__version__}")
        posterior = parse(text, str(out_path or "<posterior>"))
    except ScenarioError as exc:
        terminal.problems(err, exc.problems, exc.total)
        raise typer.Exit(code=2) from None
    except PosteriorFileError as exc:
        _fail(str(exc))
    if out_path is not None:
        with atomic(out_path, force=force) as tmp:
            tmp.write_text(text, encoding="utf-8")
        sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
        terminal.note(err, f"posterior written to {out_path} ({len(post.updates)} updated "
                           f"input{'s' if len(post.updates) != 1 else ''}; sha256 "
                           f"{sha[:12]}…)")
    if show:
        from .present import update_report

        # "before" is the judgement before every measurement, also on a posterior file
        change = updating.compare(updating.prior_of(model, earlier), posterior, post, draws,
                                  seed, above)
        if figures_dir is not None:
            from .present import figures, update_figures

            fig = update_figures.figure(change, updating.curves(change.updates), lang)
            written = figures.save(fig, figures_dir, "update", force=force)
            terminal.note(err, f"figure written to {written[0]} and {written[1]}")
        if as_json:
            _print_json({**change.to_json(), "sentence": update_report.sentence(change, lang)})
        else:
            update_report.report(out, change, lang)


VOI_DRAWS = 20_000
#: Values per fixed assumption of the spider chart (``voi --assumptions --figures``).
SPIDER_POINTS = 5


def _money(x: float, currency: str) -> str:
    return f"{currency} {x:,.0f}"


def _decision_table(d: Any, evpi: Any, cur: str, width: int) -> list[str]:
    """The options (expected net benefit, P(best), expected loss, P(NB ≥ 0)), the
    efficiency frontier and the EVPI, as plain lines; option names ``width`` wide."""
    lines = [f"{'option':<{width}} {'E[net benefit]':>16} {'P(best)':>8} "
             f"{'expected loss':>16} {'P(NB >= 0)':>10}"]
    for o in d.options:
        lines.append(f"{o.option:<{width}} {_money(o.expected_net_benefit.value, cur):>16} "
                     f"{o.p_best.value:>8.1%} {_money(o.expected_loss.value, cur):>16} "
                     f"{o.p_net_benefit_nonnegative:>10.1%}")
    lines += ["", "Efficiency frontier (expected costs, expected benefits):"]
    for p in sorted(d.frontier, key=lambda p: p.costs):
        extra = (f"incremental multiplier {p.incremental_multiplier:.2f} against "
                 f"{p.compared_with or 'no funding'}" if p.status == "frontier"
                 else p.status.replace("_", " "))
        lines.append(f"  {p.option:<{width}} {_money(p.costs, cur):>16} "
                     f"{_money(p.benefits, cur):>16}  {extra}")
    return [*lines, "", f"EVPI: {_money(evpi.value, cur)} (± {_money(evpi.se, cur)} standard "
                        "error)"]


def _voi_lines(v: Any, d: Any, top: int) -> list[str]:
    """The value of information as plain lines (scenario text shown literally)."""
    cur = v.currency
    method = "additive (exact)" if v.exact else "regression"
    lines = [f"Decision between {len(v.options)} financing scenarios "
             f"({v.draws:,} draws, EVPPI method: {method})", ""]
    lines += _decision_table(d, v.evpi, cur, width=28)
    if v.evpi.value <= 0:  # every EVPPI and EVSI is 0 too
        return [*lines, "", _voi_sentence(v)]
    for grouping in v.evppi:
        items = v.evppi[grouping][:top]
        if not items:
            continue
        lines += ["", f"EVPPI by {grouping}:"]
        for e in items:
            share = "" if e.share_of_evpi is None else f"  {e.share_of_evpi:.0%} of EVPI"
            lines.append(f"  {e.name:<40} {_money(e.value, cur):>14} "
                         f"(± {_money(e.se, cur)}){share}")
    if v.evsi:
        lines += ["", "EVSI of monitoring studies (count the successes of n participants):"]
        for s in v.evsi:
            lines.append(f"  {s.chain:<40} n = {s.participants:<5} "
                         f"{_money(s.value, cur):>14} (± {_money(s.se, cur)})")
    lines += ["", _voi_sentence(v)]
    return lines


def _voi_sentence(v: Any) -> str:
    cur = v.currency
    if len(v.options) == 1:
        return (f"There is one financing scenario ('{v.best}'): nothing to choose between, "
                "so information cannot change a choice; add [[financing]] scenarios to "
                "compare.")
    if v.evpi.value <= 0:
        return (f"'{v.best}' has the largest net benefit in every draw: no measurement can "
                "change the choice, so information is worth nothing for this decision.")
    first = v.evppi.get("activity") or v.evppi.get("chain") or ()
    sentence = (f"Resolving all uncertainty before choosing is worth about "
                f"{_money(v.evpi.value, cur)}")
    if first and first[0].value <= 0.01 * v.evpi.value:
        sentence += (f"; no activity's inputs are worth more than 1 % of that (the most: "
                     f"'{first[0].name}', about {_money(first[0].value, cur)}), so the "
                     "risk of choosing wrongly lies elsewhere, such as in the renewal or "
                     "the costs")
    elif first:
        sentence += (f"; the uncertainty worth reducing first is '{first[0].name}' "
                     f"(about {_money(first[0].value, cur)})")
    if v.evsi:
        best = max(v.evsi, key=lambda s: s.value)
        sentence += (f"; counting the successes of {best.participants} participants of "
                     f"'{best.chain}' is worth about {_money(best.value, cur)} before deciding")
    return sentence + "."


@app.command("voi")
def value_of_information(
    sources: Annotated[list[Path] | None, typer.Argument(
        metavar="[SOURCE]...",
        help="Scenario file (TOML), or results (.nc/.zarr) written by 'mcimpact sim "
             "--keep-inputs' (its scenario, seed and draws are used). Default: the bundled "
             "Groningen scenario. Several scenario files: their financing scenarios are "
             "the options 'FILE:financing', run on common random numbers (P(best), "
             "expected loss, the frontier, the acceptability curve, EVPI, EVPPI).",
        show_default=False)] = None,
    draws: Annotated[int, typer.Option("--draws", "-n", min=100,
                                       help="Monte Carlo draws.")] = VOI_DRAWS,
    seed: Annotated[int, typer.Option("--seed", min=0, max=MAX_SEED)] = DEFAULT_SEED,
    financing: FinancingOpt = None,
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
                              "optimism bias, uplift, saturation, renewal risk): one-way "
                              "and discount rate x optimism bias, each re-run on the first "
                              "min(--draws, 5000) draws.")] = False,
    figures_dir: Annotated[Path | None, typer.Option(
        "--figures", help="Also write the acceptability curve (and with --assumptions their "
                          "tornado and spider chart) as PNG and SVG into this directory.",
        show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Write --figures into a non-empty "
                                        "directory.")] = False,
    lang: LangOpt = DEFAULT_LANGUAGE,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress.")] = False,
) -> None:
    """Which financing scenario to choose, and what measuring first is worth: P(best),
    expected loss, the efficiency frontier, EVPI, EVPPI per activity, initiative, input
    kind and chain, and EVSI of monitoring studies (EUR, with standard errors)."""
    from .analysis import voi
    from .analysis.decision import DFT_BANDS, decide, parse_bands, who_gains

    source = sources[0] if sources else None
    try:
        studies = None if not study else [voi.parse_study(s) for s in study]
    except ValueError as exc:
        _fail(f"--study: {exc}")
    try:
        chosen = DFT_BANDS if bands is None else parse_bands(bands)
    except ValueError as exc:
        _fail(f"--bands: {exc}")
    locale = _locale(lang)
    if figures_dir is not None:
        from .present import figures as figs

        try:
            figs.check_directory(figures_dir, force=force)
        except OutputError as exc:
            _fail(str(exc))
    if sources and len(sources) > 1:
        _voi_of_files(sources, draws, seed, financing, chosen, study, assumptions,
                      figures_dir, force, locale, as_json)
        return
    if _is_results(source):
        model, ds = _read_results(source, financing)  # type: ignore[arg-type]
        if "inputs" not in ds:
            _fail(f"{source}: the results have no sampled inputs; write them with "
                  "'mcimpact sim --keep-inputs'")
    else:
        from .run.engine import run_monte_carlo

        model = _select_financing(_load(source), financing)
        with terminal.progress(err, enabled=not (quiet or as_json)) as progress:
            try:
                ds = run_monte_carlo(model, draws, seed, keep_inputs=True, progress=progress)
            except ResourceError as exc:
                _fail(str(exc))
    chain_ids = {c.id for c in model.chains}
    for s in studies or ():
        if s.chain not in chain_ids:
            _fail(f"--study: unknown chain '{s.chain}'")
    try:
        result = voi.value_of_information(model, ds, studies=studies,
                                          seed=int(ds.attrs.get("seed", seed)))
    except ValueError as exc:
        _fail(str(exc))
    decision = decide(ds, bands=chosen)
    switching = voi.switching_values(model, ds)
    from .analysis.decision import added_costs

    fpayers = {f.id: f.payer for f in model.financing if f.payer is not None}
    gains = who_gains(ds, payers={i.id: i.payer for i in model.initiatives
                                  if i.payer is not None}, financing_payers=fpayers,
                      added=added_costs(model, ds) if fpayers else None)
    fixed = None
    if assumptions:
        from .analysis.decision import assumption_sensitivity, assumption_sensitivity_json

        fixed = assumption_sensitivity(model, min(len(ds["draw"]), 5_000),
                                       int(ds.attrs.get("seed", seed)),
                                       spider=SPIDER_POINTS if figures_dir else 0)
    if figures_dir is not None:
        _voi_figures(figures_dir, force, decision, fixed, result.best, model, locale)
    if as_json:
        document = {**result.to_json(), "decision": decision.to_json(),
                    "switching_values": [v.to_json() for v in switching],
                    "who_gains": gains.to_json()}
        if fixed is not None:
            document["assumptions"] = assumption_sensitivity_json(fixed)
        _print_json(document)
        return
    lines = (_voi_lines(result, decision, top) + _switching_lines(switching, result.best, top)
             + _gains_lines(gains, result.best, result.currency))
    if fixed is not None:
        lines += _assumption_lines(fixed, result.best)
    for text in lines:
        terminal.line(out, text)


def _voi_of_files(sources: list[Path], draws: int, seed: int, financing: list[str] | None,
                  bands: Any, study: list[str] | None, assumptions: bool,
                  figures_dir: Path | None, force: bool, locale: Locale,
                  as_json: bool) -> None:
    """``mcimpact voi A.toml B.toml …``: the options of several scenario files on common
    random numbers (docs/methodology.md §10)."""
    from .analysis import alternatives
    from .analysis.decision import decide

    if study:
        _fail("--study: with several scenario files there is no study to value (give one "
              "file)")
    if assumptions:
        _fail("--assumptions: with several scenario files, run it on each file")
    results = [s for s in sources if _is_results(s)]
    if results:
        _fail(f"{results[0]}: several sources must all be scenario files (TOML); a "
              "results file holds one scenario's draws")
    try:
        names = alternatives.labels(sources)
    except ValueError as exc:
        _fail(str(exc))
    scenarios = {label: _select_financing(_load(path), financing)
                 for label, path in zip(names, sources, strict=True)}
    try:
        ds, runs = alternatives.options_dataset(scenarios, draws, seed, keep_inputs=True)
    except ResourceError as exc:
        _fail(str(exc))
    except ValueError as exc:
        _fail(str(exc))
    choice = alternatives.choose(ds, {k: str(p) for k, p in zip(names, sources, strict=True)},
                                 scenarios=scenarios, runs=runs)
    decision = decide(ds, bands=bands)
    if figures_dir is not None:
        from .present import figures as figs
        from .present.decision_figures import acceptability_chart

        figs.save(acceptability_chart(decision, locale=locale), figures_dir,
                  "acceptability", force=force)
    if as_json:
        _print_json({**choice.to_json(), "decision": decision.to_json()})
        return
    cur = choice.currency
    lines = [f"Decision between {len(choice.options)} options of {len(names)} scenario "
             f"files ({choice.draws:,} draws, seed {choice.seed}, common random numbers)", ""]
    lines += [f"  {label}: {path}" for label, path in choice.files.items()]
    lines += ["", *_decision_table(decision, choice.evpi, cur, width=40)]
    if choice.evpi.value > 0:
        for grouping, items in choice.evppi.items():
            if grouping == "chain" or not items:
                continue
            lines += ["", f"EVPPI by {grouping} (over the files):"]
            for e in items[:10]:
                share = "" if e.share_of_evpi is None else f"  {e.share_of_evpi:.0%} of EVPI"
                lines.append(f"  {e.name:<40} {_money(e.value, cur):>14} "
                             f"(± {_money(e.se, cur)}){share}")
    lines += [f"note: {n}" for n in choice.notes] + [""]
    lines.append(f"'{choice.best}' has the largest expected net benefit; "
                 + ("it is best in every draw, so no measurement can change the choice."
                    if choice.evpi.value <= 0 else
                    f"resolving all uncertainty before choosing is worth about "
                    f"{_money(choice.evpi.value, cur)}."))
    for text in lines:
        terminal.line(out, text)


def _assumption_lines(fixed: Any, best: str) -> list[str]:
    """One-way sensitivity over fixed assumptions: the best option's expected multiplier
    at each end of each range, and which option is best there."""
    base = fixed["base"]
    lines = ["", f"Fixed assumptions (expected multiplier of '{best}', base "
                 f"{base.multiplier[best]:.2f}; the best option at each end):"]
    for name, ends in fixed["one_way"].items():
        low, high = ends["low"], ends["high"]
        lines.append(f"  {name:<16} {next(iter(low.settings.values())):>7.3g} -> "
                     f"{low.multiplier[best]:5.2f} ({low.best})   "
                     f"{next(iter(high.settings.values())):>7.3g} -> "
                     f"{high.multiplier[best]:5.2f} ({high.best})"
                     + ("   [range from the file]" if fixed.get("ranges", {}).get(
                         name, {}).get("source") == "file" else ""))
    two = fixed.get("two_way")
    if two is not None:
        first, second = two["factors"]
        xs, ys = two["values"]
        lines += ["", f"Two-way: expected multiplier of '{best}' by {first} (rows) and "
                      f"{second} (columns); * where another option is best"]
        lines.append(f"  {first + ' / ' + second:<32}"
                     + "".join(f"{y:>10.3g}" for y in ys))
        for x, row in zip(xs, two["runs"], strict=True):
            cells = "".join(f"{run.multiplier[best]:>9.2f}{'*' if run.best != best else ' '}"
                            for run in row)
            lines.append(f"  {x:<32.3g}{cells}")
    return lines


def _voi_figures(directory: Path, force: bool, decision: Any, fixed: Any, best: str,
                 model: Scenario, locale: Locale) -> None:
    """The decision's figures into ``directory`` (checked before any work)."""
    from .present import figures as figs
    from .present.decision_figures import (
        acceptability_chart,
        assumptions_spider,
        assumptions_tornado,
    )

    names = {f.id: f.name for f in model.financing}
    drawn = {"acceptability": acceptability_chart(decision, names=names, locale=locale)}
    if fixed is not None:
        drawn["assumptions-tornado"] = assumptions_tornado(fixed, best, locale=locale)
        drawn["assumptions-spider"] = assumptions_spider(fixed, best, locale=locale)
    for stem, fig in drawn.items():
        figs.save(fig, directory, stem, force=force)


def _gains_lines(gains: Any, best: str, cur: str = "EUR") -> list[str]:
    """Who gains under the best option: each group's share of the benefits, and the
    government's benefits per unit of cost (the fiscal return)."""
    shares = ", ".join(f"{g} {gains.share[best][g]:.0%}" for g in gains.groups)
    lines = ["", f"Who gains under '{best}': {shares} of the benefits"]
    if best in gains.fiscal_return:
        f = gains.fiscal_return[best]
        lines.append(f"Fiscal return ('{gains.government}' benefits per unit of cost): "
                     f"{f.mean:.2f} [{f.p5:.2f}-{f.p95:.2f}], P(>= 1) = "
                     f"{gains.p_fiscal_return_at_least_1[best]:.0%}")
    if gains.payers or gains.financing_payers:
        lines.append(f"Costs borne and net benefit per group under '{best}' (the "
                     "costs given a payer; the rest is the funder's):")
        for g in gains.groups:
            c, n = gains.costs_borne[best][g], gains.net[best][g]
            lines.append(f"  {g:<24} costs {_money(c.mean, cur):>16}   net "
                         f"{_money(n.mean, cur):>16} [{_money(n.p5, cur)} – "
                         f"{_money(n.p95, cur)}]")
        lines.append(f"  {'(the funder)':<24} costs "
                     f"{_money(gains.unassigned[best].mean, cur):>16}")
    return lines


def _switching_lines(values: Any, best: str, top: int) -> list[str]:
    """The switching values of the best option: the factor on each estimate at which its
    multiplier reaches 1, and at which another option becomes best."""
    rows = [v for v in values if v.option == best
            and (v.multiplier_one is not None or v.decision is not None)]
    rows.sort(key=lambda v: min(abs((v.multiplier_one if v.multiplier_one is not None
                                     else math.inf) - 1),
                                abs((v.decision if v.decision is not None else math.inf) - 1)))
    if not rows:
        return []
    lines = ["", f"Switching values for '{best}' (a factor on the estimate; 1 = as estimated):"]
    for v in rows[:top]:
        m1 = "-" if v.multiplier_one is None else f"x {v.multiplier_one:.2f}"
        sw = ("-" if v.decision is None
              else f"x {v.decision:.2f} ('{v.overtaken_by}' becomes best)")
        lines.append(f"  {v.grouping + ' ' + v.name:<40} multiplier 1 at {m1:<8} "
                     f"decision changes at {sw}")
    return lines


#: Exit codes (docs/reliability.md): 0 done; 1 an internal error (a bug: please report
#: it); 2 bad input — a scenario, an option, an output target, or a run that does not fit
#: the free memory or disk — found before any work; 3 a problem of the system outside the
#: user's input (disk full, permission denied, read-only file system, a file where a
#: directory should be); 128 + N ended by signal N (130 Ctrl-C, 143 SIGTERM, 129 SIGHUP).
EXIT_OK, EXIT_BUG, EXIT_INPUT, EXIT_SYSTEM = 0, 1, 2, 3


def describe(exc: OSError) -> str:
    """One line for an operating-system error: the path, then what the system said."""
    what = exc.strerror or str(exc) or type(exc).__name__
    where = exc.filename if exc.filename is not None else None
    return f"{where}: {what}" if where is not None else what


@app.command()
def warm() -> None:
    """Compile the sampler for this machine ahead, into numba's cache (for an image or a CI
    cache): later runs start at once."""
    from .core.jit import prepare
    from .run import run  # noqa: F401 - its modules list the run's compiled loops

    seconds = prepare(everything=True)
    terminal.note(err, Locale.get("en").text("term.warm_done", seconds=f"{seconds:.1f}"))


@contextlib.contextmanager
def _announce_compiling(argv: list[str] | None) -> Iterator[None]:
    """A machine's first run compiles the sampler (seconds): say so at once, on stderr
    (before the scenario is read, for a command that samples), with a spinner while it
    compiles when stderr is a terminal."""
    from rich.errors import LiveError

    from .core.jit import cold, on_compile

    words = Locale.get("en")
    state: dict[str, Any] = {"said": False, "status": None}
    command = next((a for a in (sys.argv[1:] if argv is None else argv)
                    if not a.startswith("-")), None)
    if command in {"sim", "sensitivity", "plot", "report", "update", "voi", "warm"} and cold():
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

    try:
        with raise_on_signals(ENDING_SIGNALS), _announce_compiling(argv):
            code = app(args=argv, standalone_mode=False)
        return code if isinstance(code, int) else EXIT_OK
    except typer.Exit as exc:
        return int(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):  # Ctrl-C (click makes it an Abort)
        terminal.error(err, "interrupted")
        return 128 + 2
    except typer.TyperException as exc:  # a usage error: an unknown option, a bad value
        exc.show()  # type: ignore[attr-defined]
        return EXIT_INPUT
    except SystemExit as exc:  # a signal (raise_on_signals), after the cleanup has run
        if isinstance(exc.code, int) and exc.code > 128:
            terminal.error(err, f"ended by signal {exc.code - 128}")
        return exc.code if isinstance(exc.code, int) else EXIT_BUG
    except (OutputError, ResourceError) as exc:
        terminal.error(err, str(exc))
        return EXIT_INPUT
    except ClusterError as exc:
        terminal.error(err, str(exc))
        return EXIT_SYSTEM
    except BrokenPipeError:  # e.g. `mcimpact sim --json | head`: the reader left
        _silence_stdout()
        return 128 + 13
    except OSError as exc:
        terminal.error(err, describe(exc))
        return EXIT_SYSTEM
    except MemoryError:
        terminal.error(err, "out of memory; use fewer draws, or fewer financing scenarios "
                            "with --financing")
        return EXIT_SYSTEM
    except Exception as exc:  # a bug: one line, the traceback only on request
        if os.environ.get("MCIMPACT_DEBUG"):
            raise
        terminal.error(err, f"internal error: {type(exc).__name__}: {exc} (please report "
                            "it; MCIMPACT_DEBUG=1 shows the traceback)")
        return EXIT_BUG


def _silence_stdout() -> None:
    # Python flushes stdout at exit; with the reader gone that would fail again.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass

