"""The per-draw results dataset of a run, in one call (docs/results.md): a
:class:`~mcimpact.run.run.Run` whose chunks are gathered in memory. Memory grows with the
draws (about 4 kB a draw for the bundled scenario's four financing scenarios); for
summaries alone use :func:`mcimpact.simulate`, whose memory is bounded by the chunk.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model.scenario import DEFAULT_DRAWS, DEFAULT_SEED, Scenario
from .resources import check_draws
from .run import DEFAULT_CHUNK, MAX_DRAWS, Progress, Run
from .sinks import DatasetMemory

if TYPE_CHECKING:
    import xarray as xr


def run_deterministic(scenario: Scenario) -> xr.Dataset:
    """The dataset of the scenario with every input at its point value (one draw)."""
    run = Run(scenario, deterministic=True)
    memory = DatasetMemory(run, draws=1)
    run.execute(1, [memory])
    return memory.dataset()


def run_monte_carlo(
    scenario: Scenario,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    *,
    chunk_size: int = DEFAULT_CHUNK,
    keep_inputs: bool = False,
    precision: float | None = None,
    max_draws: int = MAX_DRAWS,
    progress: Progress | None = None,
) -> xr.Dataset:
    """The dataset of ``draws`` trajectories (draw indices 0 … draws − 1); with
    ``precision``, of as many as :meth:`Run.execute` takes to reach it."""
    run = Run(scenario, seed=seed, keep_inputs=keep_inputs, chunk_size=chunk_size)
    max_draws = check_draws(run.scenario, draws, max_draws, keep_draws=True,
                            keep_inputs=run.keep_inputs)
    memory = DatasetMemory(run, precision, draws)
    run.execute(draws, [memory], precision=precision, max_draws=max_draws, progress=progress)
    return memory.dataset()
