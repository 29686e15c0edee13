"""mcimpact sim: a run's summary, its results file and its summary tables."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..limits import MAX_DRAWS
from ..model.scenario import DEFAULT_DRAWS, DEFAULT_SEED
from ..present import terminal
from ..present.locale import Locale
from ._shared import (
    AsJson,
    Financing,
    Force,
    Refused,
    ScenarioArg,
    Scheduler,
    Seed,
    Workers,
    _backend,
    _check_financing,
    _draw_count,
    _json,
    _load,
    _option,
    _resumable,
    _words,
    command,
    err,
    out,
)

if TYPE_CHECKING:
    from ..analysis.types import Summary
    from ..model.scenario import Scenario


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
    from ..analysis.api import simulate
    from ..present import workbook

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
    if not (deterministic or quiet):
        _fixed_note(model, words)
    if as_json:
        _sim_json(model, chosen, results.summary)
    elif not quiet:
        terminal.summary(out, results.summary, locale=None if lang is None else words)
        if out_path is not None:
            terminal.line(out)
            terminal.line(out, words.text("term.written", path=out_path))


def _summary_target(out_path: Path | None, force: bool) -> tuple[Path | None, Path | None]:
    """``--out`` as (the per-draw dataset's target, the summary tables' target): FILE.xlsx
    and FILE.csv are summary tables, checked here before any work."""
    from ..present import workbook
    from ..run.sinks import FORMATS

    if out_path is None or out_path.suffix in FORMATS:
        return out_path, None
    if out_path.suffix not in workbook.SUFFIXES:
        raise Refused("error.output_format", path=out_path, suffix=out_path.suffix,
                      formats=", ".join(FORMATS + workbook.SUFFIXES))
    workbook.check_target(out_path, force)
    return None, out_path


def _fixed_note(model: Scenario, words: Locale) -> None:
    """Say on stderr which inputs with a label scale are fixed numbers (none: nothing)."""
    from ..present.report import SPREAD_SETTING, fixed_items

    items = fixed_items(model, words)
    if items:
        terminal.note(err, words.text("term.fixed_numbers", items=items,
                                      setting=SPREAD_SETTING))


def _sim_json(model: Scenario, chosen: Scenario, summary: Summary) -> None:
    """``sim --json``: the summary, what the model cuts of the financing scenarios run,
    and a posterior file's provenance (mcimpact update)."""
    from ..model.clamps import clamps
    from ..readers.posterior import provenance

    found = provenance(model.text)
    _json({**summary.to_json(), "clamps": [c.to_json() for c in clamps(chosen)],
           **({} if found is None else {"posterior": found})})
