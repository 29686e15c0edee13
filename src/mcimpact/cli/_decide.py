"""Monitoring data and the decision: update and voi."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from .._version import __version__
from ..model.scenario import DEFAULT_SEED
from ..present import terminal
from ..present.locale import DEFAULT_LANGUAGE, Locale
from ._shared import (
    SPIDER_POINTS,
    AsJson,
    Financing,
    Force,
    LangNl,
    Quiet,
    Refused,
    Scheduler,
    Seed,
    Workers,
    _backend,
    _check_financing,
    _draw_count,
    _h,
    _json,
    _lines,
    _load,
    _open,
    _option,
    _words,
    command,
    err,
    out,
    parse_bands,
    parse_study,
)


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
        from ..run.output import check_target

        check_target(out_path, force=force, suffixes=(".toml",))
    if figures_dir is not None:
        from ..present import figures

        if not show:
            raise Refused("error.figures_needs_report")
        figures.check_directory(figures_dir, force=force)
    model = _load(words, scenario_path)
    from ..analysis import update as updating
    from ..readers import monitoring
    from ..readers.posterior import PosteriorFileError, records, render
    from ..readers.toml import parse

    earlier, files = records(model.text, model.path)
    post = updating.update(model, monitoring.load(data_path, model), records=earlier,
                           earlier=files)
    try:
        text = render(post, prior_path=model.path, prior_sha256=model.sha256, date=day,
                      version=f"mcimpact {__version__}")
    except PosteriorFileError as exc:
        raise Refused("error.posterior_file", reason=words.message(exc.args[0])) from None
    posterior = parse(text, str(out_path or "<posterior>"))
    if out_path is not None:
        _write_posterior(words, text, out_path, force, len(post.updates))
    if show:
        from ..present import update_report

        with _backend(workers, scheduler) as backend, \
                terminal.progress(err, enabled=not (quiet or as_json), words=words) as bar:
            # "before" is the judgement before every measurement, also on a posterior file
            change = updating.compare(updating.prior_of(model, earlier), posterior, post,
                                      draws, seed, above, progress=bar, backend=backend)
        if figures_dir is not None:
            from ..present import figures, update_figures

            fig = update_figures.figure(change, updating.curves(change.updates), words)
            png, svg = figures.save(fig, figures_dir, "update", force=force)
            terminal.note(err, words.text("term.figure_written", png=png, svg=svg))
        if as_json:
            _json({**change.to_json(), "sentence": update_report.sentence(change, words)})
        else:
            update_report.report(out, change, words)


def _write_posterior(words: Locale, text: str, path: Path, force: bool, n: int) -> None:
    import hashlib

    from ..run.output import atomic

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
    from ..analysis.decision import DFT_BANDS
    from ..present import decision_figures, decision_text

    words = _words(lang)
    studies = None if not study else [parse_study(s) for s in study]
    try:
        chosen = DFT_BANDS if bands is None else parse_bands(bands)
    except Refused as exc:
        raise Refused("error.bands", reason=words.text(exc.key, **exc.values)) from None
    if figures_dir is not None:
        from ..present import figures

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
    from ..analysis.api import decisions

    run = _open(words, sources[0] if sources else None, seed, financing, inputs=True,
                quiet=quiet)
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
    from ..analysis import alternatives
    from ..analysis.api import is_results
    from ..analysis.decision import decide
    from ..readers._locate import reason_of

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
        raise Refused("error.options", reason=words.message(reason_of(exc))) from None
    choice = alternatives.choose(ds, {k: str(p) for k, p in zip(names, sources, strict=True)},
                                 scenarios=scenarios, runs=runs)
    return choice, decide(ds, bands=bands)


