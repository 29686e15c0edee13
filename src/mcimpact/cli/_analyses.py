"""The analyses of a run: sensitivity, plot, report."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from ..model.scenario import DEFAULT_DRAWS, DEFAULT_SEED
from ..present import terminal
from ..present.locale import DEFAULT_LANGUAGE, Locale
from ._shared import (
    AsJson,
    Draws,
    Financing,
    Force,
    LangEn,
    LangNl,
    Quiet,
    Scheduler,
    Seed,
    SourceArg,
    Workers,
    _backend,
    _json,
    _needs_costs,
    _open,
    _option,
    _words,
    command,
    err,
    out,
    refusal,
)

if TYPE_CHECKING:
    from ..model.scenario import Scenario


@command()
def sensitivity(source: SourceArg = None, draws: Draws = DEFAULT_DRAWS,
                seed: Seed = DEFAULT_SEED,
                top: Annotated[int, _option("--top", key="top", min=1)] = 10,
                financing: Financing = None, as_json: AsJson = False,
                workers: Workers = None, scheduler: Scheduler = None,
                quiet: Quiet = False, lang: LangEn = "en") -> None:
    """What drives the multiplier and the break-even year, per financing scenario."""
    from ..analysis.api import sensitivity as analyse

    words = _words(lang)
    run = _open(words, source, seed, financing, quiet=quiet)
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
    from ..analysis.api import report_results
    from ..present import figures

    words = _words(lang)
    figures.check_directory(out_dir, force=force)
    run = _open(words, source, seed, financing, quiet=quiet)
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
    from ..analysis.api import report_results
    from ..present import report as reporting

    words = _words(lang)
    reporting.check_targets(out_path, force=force, pdf=pdf)
    run = _open(words, source, seed, financing, quiet=quiet)
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
    from ..analysis import update as updating
    from ..readers.posterior import provenance, records

    found = provenance(scenario.text)
    if found is None:
        return None, None
    earlier, files = records(scenario.text, scenario.path)
    if not earlier:
        terminal.note(err, words.text("term.edited_after_update"))
        return None, None
    return (updating.WhatChanged(updating.prior_of(scenario, earlier),
                                 updating.recorded_updates(earlier)), (files, found))


