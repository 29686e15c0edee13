"""The whole pipeline in one call: a :class:`~mcimpact.run.Run`, the summary's reducers and
the dataset's sink, fed the same chunks of draws."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import OutputError
from ..model.scenario import DEFAULT_DRAWS, DEFAULT_SEED, Scenario
from ..run.resources import check_draws
from ..run.run import DEFAULT_CHUNK, MAX_DRAWS, Consumer, Progress, Run
from ..run.sinks import DatasetFile, DatasetMemory, check_target
from ..run.store import ZarrStore, bytes_per_draw
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
        :func:`mcimpact.run.distributed.connect`): the same numbers as without it. The
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
    reducer = SummaryReducer(run.scenario, mode=run.mode, seed=run.seed, precision=precision)
    consumers: list[Consumer] = [reducer]
    memory = DatasetMemory(run, precision, draws) if keep_draws else None
    if memory is not None:
        consumers.append(memory)
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
            consumers.append(stack.enter_context(
                DatasetFile(run, target, force=force, precision=precision)))
        elif store is not None:
            consumers.append(store)
        run.execute(draws, consumers, precision=precision, max_draws=max_draws,
                    progress=progress, client=client)
    reducer.precision_reached = run.precision_reached
    return Results(reducer.summary(), memory.dataset() if memory is not None else None)
