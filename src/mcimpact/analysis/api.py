"""The public face of the analyses: :func:`simulate` (the summary, the per-draw dataset,
its sinks) and the analyses of a run — :func:`sensitivity`, :func:`decisions` (the
decision between the financing scenarios and the value of information) — each one pass of
a plan (:mod:`mcimpact.analysis.plan`) over a :class:`~mcimpact.run.Run`, on any backend.
The analyses of a plan that the command line and the workbench combine (the summary, the
point estimate, the per-draw dataset) are defined here too."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import OutputError, ResourceError, ResultsError
from ..model.scenario import DEFAULT_DRAWS, DEFAULT_SEED, Scenario
from ..run.backends import Local
from ..run.backends.dask import Dask
from ..run.resources import check_draws
from ..run.run import DEFAULT_CHUNK, MAX_DRAWS, RESULTS, Consumer, Progress, Run
from ..run.sinks import DatasetFile, check_target
from ..run.store import ZarrStore, bytes_per_draw
from .basic import PerDrawDataset, PointSummary, Summarize
from .decision import (
    DFT_BANDS,
    AssumptionSensitivity,
    Decide,
    Decision,
    FixedAssumptions,
    WhoGains,
    WhoPaysWhoGains,
)
from .plan import Analysis, execute
from .sensitivity import Drivers, Sensitivity, SensitivityReport
from .types import Summary
from .update import Change, WhatChanged
from .voi import (
    InformationValue,
    Study,
    SwitchingValue,
    SwitchingValues,
    ValueOfInformation,
)

if TYPE_CHECKING:
    import xarray as xr
    from distributed import Client

    from ..run.backends import Backend


@dataclass(frozen=True)
class Results:
    """What a run returns: the typed summary, and the per-draw results dataset when it was
    asked for (``keep_draws=True``; docs/results.md), else None."""

    summary: Summary
    dataset: xr.Dataset | None = None


def simulate(scenario: Scenario, draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED, *,
             deterministic: bool = False, financing: Sequence[str] | None = None,
             precision: float | None = None, max_draws: int = MAX_DRAWS,
             keep_draws: bool = False, keep_inputs: bool = False,
             out: str | Path | None = None, force: bool = False, resume: bool = False,
             chunk_size: int = DEFAULT_CHUNK, progress: Progress | None = None,
             client: Client | None = None, backend: Backend | None = None) -> Results:
    """Simulate a scenario under each of its financing scenarios, on the same draws, and
    summarise it.

    Parameters
    ----------
    scenario : Scenario
        From :func:`mcimpact.load`.
    draws : int
        Monte Carlo draws [draws] (a deterministic run has one).
    seed : int
        Same seed, same numbers, whatever the threads or the chunk size.
    deterministic : bool
        Every input at its point value (the report's method).
    financing : sequence of str, optional
        Only these financing scenarios, in this order; the first is the reference.
    precision : float, optional
        Keep drawing until the 95 % half-width of every mean multiplier is below this
        fraction of the mean (at most ``max_draws``).
    keep_draws : bool
        Also return the per-draw results dataset (its memory grows with the draws).
    keep_inputs : bool
        Put the sampled inputs per draw and chain into that dataset (and ``out``).
    out : path, optional
        Write the per-draw dataset there: ``FILE.nc`` (NetCDF) or ``DIR.zarr`` (Zarr v3),
        chunk by chunk as the run goes (a Zarr store at ``DIR.zarr.partial`` until it is
        complete, kept when the run is interrupted: :mod:`mcimpact.run.store`).
    force : bool
        Replace an earlier output at ``out`` (or start anew over an interrupted one).
    resume : bool
        Continue the interrupted run of the same scenario, seed and draws into
        ``out`` (``DIR.zarr``): only the draws it is missing are computed, and the results
        equal an uninterrupted run's.
    chunk_size : int
        Draws per chunk; results do not depend on it.
    progress : callable, optional
        ``progress(done, total)`` after each chunk.
    client : distributed.Client, optional
        Run the draws after the pilot on this dask cluster (``mcimpact[dask]``;
        :func:`mcimpact.run.backends.dask.connect`; or any ``backend``,
        :mod:`mcimpact.run.backends`): the same numbers as without it. The
        workers write a Zarr ``out`` themselves where they see it (a shared file system),
        else they send their draws here; ``out`` may not be NetCDF.

    Raises
    ------
    ResourceError
        Before any work, when the per-draw dataset kept (``keep_draws``) or written
        (``out``) would not fit the free memory or disk (:mod:`mcimpact.run.resources`).
    OutputError
        Before any work, when ``out`` cannot be written (:mod:`mcimpact.run.output`).

    Examples
    --------
    >>> import mcimpact
    >>> s = mcimpact.simulate(mcimpact.load(), draws=20_000, seed=1).summary
    >>> round(s.ref.multiplier.p50, 1)
    3.6
    >>> s.ref.break_even_year.p_by_year[2025]
    1.0
    """
    run = Run(scenario, seed=seed, deterministic=deterministic, financing=financing,
              keep_inputs=keep_inputs, chunk_size=chunk_size)
    precision = None if deterministic else precision
    target = None if out is None else Path(out)
    if target is not None:
        check_target(target, force)  # the target first: a wrong one costs nothing
    if resume and (target is None or target.suffix != ".zarr"):
        raise OutputError(reason="resume-needs-zarr")
    if backend is None and client is not None:
        backend = Dask(client)
    if not isinstance(backend, Local | None) and target is not None \
            and target.suffix != ".zarr":
        raise OutputError(reason="cluster-netcdf", path=target)
    analyses: dict[str, Any] = {"summary": Summarize(precision)}
    if keep_draws:
        analyses["dataset"] = PerDrawDataset()
    sinks: list[Consumer] = []
    with contextlib.ExitStack() as stack:
        store = None
        if target is not None and target.suffix == ".zarr":
            store = stack.enter_context(ZarrStore(run, target, draws=draws, force=force,
                                                  resume=resume, precision=precision))
        if not deterministic:
            max_draws = check_draws(
                run.scenario, draws, max_draws, keep_draws=keep_draws,
                keep_inputs=run.keep_inputs, out=target,
                out_bytes_per_draw=None if store is None else bytes_per_draw(run),
                out_held=0 if store is None else store.draws_held)
        if target is not None and store is None:
            sinks.append(stack.enter_context(
                DatasetFile(run, target, force=force, precision=precision)))
        elif store is not None:
            sinks.append(store)
        got = execute(run, draws, analyses, consumers=sinks, precision=precision,
                      max_draws=max_draws, progress=progress, backend=backend)
    return Results(got["summary"], got.get("dataset"))


# --------------------------------------------------------------------------------------
# The analyses of a run, each one pass of a plan

#: Draws of "What should we measure first?" in a report: its run's first draws.
VOI_DRAWS = 20_000
def is_results(source: str | Path | None) -> bool:
    """Whether ``source`` names a results file (``.nc``, ``.zarr``), not a scenario."""
    return source is not None and Path(source).suffix in RESULTS


def open_run(source: str | Path | Scenario | None = None, *, seed: int = DEFAULT_SEED,
             financing: Sequence[str] | None = None) -> Run:
    """The run of a source: :meth:`~mcimpact.run.run.Run.open`."""
    return Run.open(source, seed=seed, financing=financing)


def _run(source: str | Path | Scenario | Run | None, seed: int,
         financing: Sequence[str] | None) -> Run:
    return source if isinstance(source, Run) else open_run(source, seed=seed,
                                                           financing=financing)


def sensitivity(source: str | Path | Scenario | Run | None = None,
                draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED, *,
                financing: Sequence[str] | None = None, progress: Progress | None = None,
                backend: Backend | None = None) -> dict[str, SensitivityReport]:
    """What drives the multiplier and the break-even year, per financing scenario
    (docs/methodology.md §8): :class:`~mcimpact.analysis.sensitivity.SensitivityReport`
    by financing id, from one pass of ``draws`` draws (of a results file: its own).

    >>> import mcimpact
    >>> reports = mcimpact.sensitivity(draws=2_000, financing=["regiodeal"])  # doctest: +SKIP
    >>> reports["regiodeal"].ranking[:3]  # doctest: +SKIP
    """
    run = _run(source, seed, financing)
    return execute(run, run.draws_held or draws, {"sensitivity": Sensitivity()},
                   progress=progress, backend=backend)["sensitivity"]


@dataclass(frozen=True)
class Decisions:
    """The decision between the financing scenarios of a run and what information is
    worth (``mcimpact voi``): the value of information, the decision figures, the
    switching values, who pays and who gains, and (on request) the sensitivity over the
    fixed assumptions."""

    voi: ValueOfInformation
    decision: Decision
    switching: tuple[SwitchingValue, ...]
    who_gains: WhoGains | None
    assumptions: AssumptionSensitivity | None = None

    def to_json(self) -> dict[str, Any]:
        """The JSON object of ``mcimpact voi --json`` (docs/json-schema.md)."""
        document = {**self.voi.to_json(), "decision": self.decision.to_json(),
                    "switching_values": [v.to_json() for v in self.switching]}
        if self.who_gains is not None:
            document["who_gains"] = self.who_gains.to_json()
        if self.assumptions is not None:
            document["assumptions"] = self.assumptions.to_json()
        return document


def decisions(source: str | Path | Scenario | Run | None = None, draws: int = VOI_DRAWS,
              seed: int = DEFAULT_SEED, *, financing: Sequence[str] | None = None,
              studies: Sequence[Study] | None = None,
              bands: Sequence[tuple[str, float]] = DFT_BANDS, assumptions: bool = False,
              spider: int = 0, progress: Progress | None = None,
              backend: Backend | None = None) -> Decisions:
    """Which financing scenario to choose, and what measuring first is worth (docs/
    methodology.md §10), from one pass of ``draws`` draws with their sampled inputs (of a
    results file: its own, which must hold the inputs); ``assumptions`` adds the
    sensitivity over the fixed assumptions (re-runs of the first 5,000 draws, with
    ``spider`` values per assumption for a spider chart)."""
    run = _run(source, seed, financing)
    if run.stored is not None and "inputs" not in run.stored.ds:
        raise ResultsError(str(run.scenario.path), "no-inputs")
    analyses: dict[str, Analysis[Any]] = {
        "voi": InformationValue(None if studies is None else tuple(studies)),
        "decision": Decide(bands=tuple(bands)),
        "switching": SwitchingValues(),
        "who_gains": WhoPaysWhoGains(),
    }
    if assumptions:
        analyses["assumptions"] = FixedAssumptions(spider=spider)
    got = execute(run, run.draws_held or draws, analyses, progress=progress, backend=backend)
    return Decisions(got["voi"], got["decision"], got["switching"], got["who_gains"],
                     got.get("assumptions"))


@dataclass(frozen=True)
class MeasureFirst:
    """"What should we measure first?" of a report: the decision, the value of
    information and the switching values of its run's first draws."""

    decision: Decision
    voi: ValueOfInformation
    switching: tuple[SwitchingValue, ...]


@dataclass(frozen=True)
class ReportResults:
    """Everything a council report shows, from one pass: the summary, the point estimate,
    the sensitivity per financing scenario, and where asked for what the measurements
    changed and what to measure first."""

    summary: Summary
    point: Summary
    sensitivity: dict[str, SensitivityReport] | None
    measure_first: MeasureFirst | None = None
    changed: Change | None = None
    #: Why what the measurements changed is left out (its prior's run would not fit).
    changed_left_out: str | None = None
    #: The same as the refusal itself, for a front end to word.
    changed_refused: ResourceError | None = None
    #: Per financing scenario its activities by their share of the multiplier's variance,
    #: largest first (every financing scenario, also where ``sensitivity`` has only the
    #: reference's report).
    drivers: dict[str, tuple[str, ...]] | None = None


def report_results(source: str | Path | Scenario | Run | None = None,
                   draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED, *,
                   financing: Sequence[str] | None = None, sensitivity: bool = True,
                   every_financing: bool = True, measure: bool = True,
                   changed: WhatChanged | None = None,
                   progress: Progress | None = None, backend: Backend | None = None,
                   stage: Callable[[str], None] | None = None) -> ReportResults:
    """The results of a report (``mcimpact report``, ``plot``) in one pass of ``draws``
    draws: the summary and the point estimate, the sensitivity (``sensitivity``: the
    report of every financing scenario, or with ``every_financing=False`` the reference's
    and the others' drivers alone, what a report shows), what
    the measurements ``changed`` (a posterior scenario's :class:`WhatChanged`) and, with
    ``measure`` and several financing scenarios, what to measure first on the first
    :data:`VOI_DRAWS` draws (of a results file: where it holds the sampled inputs).
    ``stage`` is told each analysis' name as it is made (:func:`~mcimpact.analysis.plan.
    execute`)."""
    run = _run(source, seed, financing)
    analyses: dict[str, Analysis[Any]] = {"summary": Summarize(), "point": PointSummary()}
    reference = run.scenario.financing[0].id
    if sensitivity:
        analyses["sensitivity"] = Sensitivity(
            financing=None if every_financing else (reference,))
        if not every_financing and len(run.scenario.financing) > 1:
            analyses["drivers"] = Drivers(financing=tuple(
                f.id for f in run.scenario.financing[1:]))
    if changed is not None:
        analyses["changed"] = changed
    measure = measure and len(run.scenario.financing) > 1 and (
        run.stored is None or "inputs" in run.stored.ds)
    if measure:
        analyses |= {"decision": Decide(first=VOI_DRAWS),
                     "voi": InformationValue(first=VOI_DRAWS),
                     "switching": SwitchingValues(first=VOI_DRAWS)}
    got = execute(run, run.draws_held or draws, analyses, progress=progress,
                  backend=backend, stage=stage)
    change = got.get("changed")
    reports = got.get("sensitivity")
    ranked = None if reports is None else {
        **{fid: r.ranking for fid, r in reports.items()}, **got.get("drivers", {})}
    return ReportResults(
        got["summary"], got["point"], reports,
        MeasureFirst(got["decision"], got["voi"], got["switching"]) if measure else None,
        None if isinstance(change, ResourceError) else change,
        str(change) if isinstance(change, ResourceError) else None,
        change if isinstance(change, ResourceError) else None,
        None if ranked is None else {f.id: ranked[f.id] for f in run.scenario.financing})
