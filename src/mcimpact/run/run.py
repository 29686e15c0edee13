"""One object owns a run: the scenario, compiled for the core once, sampled in fixed chunks
of draws, each chunk handed to the consumers (reducers, sinks) in draw order.

The summaries' reducers are in :mod:`mcimpact.analysis`; :func:`mcimpact.simulate` puts
the two together.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ..model.scenario import DEFAULT_DRAWS, DEFAULT_SEED, Scenario

if TYPE_CHECKING:
    import xarray as xr

#: Draws per chunk: a chunk's per-draw arrays stay in the tens of MB.
DEFAULT_CHUNK = 1 << 16
#: The most draws a run to a precision (``precision=``) takes.
MAX_DRAWS = 10_000_000

Progress = Callable[[int, int], None]


class Run:
    """A scenario compiled for the core, ready to sample.

    Parameters
    ----------
    scenario : Scenario
        The validated scenario (:func:`mcimpact.load`).
    seed : int
        Same seed, same numbers: results do not depend on threads or chunks.
    deterministic : bool
        Every input at its point value, every renewal granted, one draw (the report's
        method).
    financing : sequence of str, optional
        Only these financing scenarios, in this order (the first is the reference).
    keep_inputs : bool
        Keep the sampled inputs per draw and chain in the per-draw dataset.
    chunk_size : int
        Draws per chunk [draws]; results do not depend on it.
    """

    def __init__(self, scenario: Scenario, *, seed: int = DEFAULT_SEED,
                 deterministic: bool = False, financing: Sequence[str] | None = None,
                 keep_inputs: bool = False, chunk_size: int = DEFAULT_CHUNK) -> None:
        if chunk_size < 1:
            raise ValueError("chunk_size must be at least 1")
        self.scenario = scenario.select_financing(financing) if financing else scenario
        self.seed = seed
        self.deterministic = deterministic
        self.keep_inputs = keep_inputs
        self.chunk_size = chunk_size

    def dataset(self, draws: int = DEFAULT_DRAWS, *, precision: float | None = None,
                max_draws: int = MAX_DRAWS, progress: Progress | None = None) -> xr.Dataset:
        """The per-draw results dataset of ``draws`` draws (docs/results.md)."""
        from . import engine

        if draws < 1:
            raise ValueError("draws must be at least 1")
        if self.deterministic:
            return engine.run_deterministic(self.scenario)
        return engine.run_monte_carlo(self.scenario, draws, self.seed,
                                      chunk_size=self.chunk_size, keep_inputs=self.keep_inputs,
                                      precision=precision, max_draws=max_draws,
                                      progress=progress)
