"""The public face of the analyses: :func:`simulate` (the summary, the per-draw dataset,
its sinks) and the analyses of a run — :func:`sensitivity`, :func:`decisions` (the
decision between the financing scenarios and the value of information) — each one pass of
a plan (:mod:`mcimpact.analysis.plan`) over a :class:`~mcimpact.run.Run`, on any backend.
The analyses of a plan that the command line and the workbench combine (the summary, the
point estimate, the per-draw dataset) are defined here too."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import OutputError
from ..model.scenario import DEFAULT_DRAWS, DEFAULT_SEED, Scenario
from ..run.backends.dask import Dask
from ..run.resources import check_draws
from ..run.run import DEFAULT_CHUNK, MAX_DRAWS, Consumer, Progress, Run
from ..run.sinks import DatasetFile, check_target
from ..run.store import ZarrStore, bytes_per_draw
from .plan import Got, Keep, Needs, execute
from .summaries import SummaryReducer
from .types import Summary

if TYPE_CHECKING:
    import xarray as xr
    from distributed import Client


@dataclass(frozen=True)
class Results:
    """What a run returns: the typed summary, and the per-draw results dataset when it was
    asked for (``keep_draws=True``; docs/results.md), else None."""

    summary: Summary
    dataset: xr.Dataset | None = None


@dataclass(frozen=True)
class Summarize:
    """The run's typed :class:`~mcimpact.analysis.types.Summary` (the summary's reducers,
    fed every draw) as an analysis of a plan; ``precision`` is the precision asked for
    (provenance)."""

    precision: float | None = None

    def needs(self, run: Run, draws: int) -> Needs:
        return Needs(consumers={"summary": lambda: SummaryReducer(
            run.scenario, mode=run.mode, seed=run.seed, precision=self.precision)})

    def result(self, got: Got) -> Summary:
        reducer = got.consumers["summary"]
        assert isinstance(reducer, SummaryReducer)
        reducer.precision_reached = got.run.precision_reached
        return reducer.summary()


@dataclass(frozen=True)
class PerDrawDataset:
    """The per-draw results dataset of every draw (docs/results.md), with the sampled
    inputs where the run keeps them."""

    def needs(self, run: Run, draws: int) -> Needs:
        from ..run.derive import PerDraw

        names = (*PerDraw.names(), "inputs") if run.keep_inputs else PerDraw.names()
        return Needs(keep=Keep(frozenset(names)))

    def result(self, got: Got) -> xr.Dataset:
        assert got.kept is not None
        return got.kept


@dataclass(frozen=True)
class PointSummary:
    """The summary of the run's deterministic twin (every input at its point value: the
    analysis' own estimate), from the run's point core; nothing from the pass."""

    def needs(self, run: Run, draws: int) -> Needs:
        return Needs()

    def result(self, got: Got) -> Summary:
        point = got.run.point()
        return execute(point, 1, {"summary": Summarize()})["summary"]


def simulate(scenario: Scenario, draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED, *,
             deterministic: bool = False, financing: Sequence[str] | None = None,
             precision: float | None = None, max_draws: int = MAX_DRAWS,
             keep_draws: bool = False, keep_inputs: bool = False,
             out: str | Path | None = None, force: bool = False, resume: bool = False,
             chunk_size: int = DEFAULT_CHUNK, progress: Progress | None = None,
             client: Client | None = None) -> Results:
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
        :func:`mcimpact.run.backends.dask.connect`): the same numbers as without it. The
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
        raise OutputError("--resume continues a Zarr store (--out DIR.zarr)")
    if client is not None and target is not None and target.suffix != ".zarr":
        raise OutputError(f"{target}: on a cluster the per-draw results go to a Zarr store "
                          "(--out DIR.zarr), not NetCDF")
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
                      max_draws=max_draws, progress=progress,
                      backend=None if client is None else Dask(client))
    return Results(got["summary"], got.get("dataset"))
