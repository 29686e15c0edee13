"""One object owns a run: the scenario, compiled for the core once, sampled in fixed chunks
of draws, each chunk's per-draw figures handed to the consumers (the summary's reducers,
the dataset's sinks) in draw order.

Chunks are fixed by draw index: the first holds the reducers' pilot (the first
:data:`~mcimpact.run.reducers.PILOT` draws, or all of them), the others ``chunk_size``
draws each. Draw i is the same number whatever the chunking or the thread count, and
every consumer merges in draw order, so no result depends on either. The core runs a
chunk on all threads; this module decides only *which* draws a chunk holds — the place to
add a backend that runs chunks elsewhere (docs/architecture.md).
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Protocol

import numpy as np

from ..core.compile import CoreArrays, Draws, allocate, core_arrays, sample
from ..limits import MAX_DRAWS, MAX_SEED
from ..model.scenario import DEFAULT_SEED, Scenario
from .derive import PerDraw, derive
from .reducers import BLOCK, PILOT, ColumnStats

if TYPE_CHECKING:
    from distributed import Client

#: Draws per chunk after the first: a chunk's per-draw arrays stay in the tens of MB.
DEFAULT_CHUNK = 1 << 15

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Chunk:
    """Draws ``first … first + len(per) − 1``: their per-draw figures, and the sampled
    inputs (draw, chain, slot) when the run keeps them."""

    first: int
    per: PerDraw
    inputs: np.ndarray | None


class Consumer(Protocol):
    """What a run feeds: a reducer or a sink, called with every chunk in draw order."""

    def consume(self, chunk: Chunk) -> None: ...


class Run:
    """A scenario compiled for the core (once), ready to sample chunks of draws.

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
        Hand the sampled inputs per draw and chain to the consumers.
    chunk_size : int
        Draws per chunk after the first [draws]; results do not depend on it.
    """

    def __init__(self, scenario: Scenario, *, seed: int = DEFAULT_SEED,
                 deterministic: bool = False, financing: Sequence[str] | None = None,
                 keep_inputs: bool = False, chunk_size: int = DEFAULT_CHUNK) -> None:
        if chunk_size < 1:
            raise ValueError("chunk_size must be at least 1")
        if not 0 <= seed <= MAX_SEED:
            raise ValueError(f"seed must be in 0 … {MAX_SEED}, got {seed}")
        self.scenario = scenario.select_financing(financing) if financing else scenario
        self.seed = 0 if deterministic else seed
        self.deterministic = deterministic
        self.keep_inputs = keep_inputs and not deterministic
        self.chunk_size = chunk_size
        self._buffers: Draws | None = None
        #: After :meth:`execute` with a precision: whether it was reached, and the worst
        #: relative 95 % half-width of a mean multiplier at the end.
        self.precision_reached: bool | None = None
        self.half_width: float | None = None

    def __getstate__(self) -> dict[str, object]:
        # Sent to a cluster's workers: the compiled core travels, the chunk buffers do not.
        state = dict(self.__dict__)
        state["_buffers"] = None
        return state

    @property
    def mode(self) -> str:
        return "deterministic" if self.deterministic else "monte-carlo"

    @cached_property
    def core(self) -> CoreArrays:
        """The scenario compiled for the core (once per run)."""
        return core_arrays(self.scenario, point=self.deterministic)

    def attrs(self, draws: int, precision: float | None = None) -> dict[str, object]:
        """The run's provenance for a results dataset's attributes."""
        if self.deterministic:
            return {"mode": "deterministic", "draws": 1}
        out: dict[str, object] = {"mode": "monte-carlo", "draws": draws, "seed": self.seed}
        if precision is not None:
            out["precision"] = precision
            if self.precision_reached is not None:  # once done (0/1: a NetCDF attribute)
                out["precision_reached"] = int(self.precision_reached)
        return out

    def chunk(self, first: int, n: int) -> Chunk:
        """Draws ``first … first + n − 1``.

        The core writes into buffers the run reuses from chunk to chunk (fresh memory is
        slow to touch the first time): a chunk's arrays are valid until the next call,
        and a consumer that keeps them copies them.
        """
        buffers = self._buffers
        if buffers is None or len(buffers.benefits) < n:
            buffers = self._buffers = allocate(self.core, n, self.keep_inputs)
        sample(self.core, self.seed, first, n, out=buffers)
        draws = Draws(buffers.benefits[:n], buffers.groups[:n], buffers.patterns[:n],
                      None if buffers.inputs is None else buffers.inputs[:n],
                      None if buffers.costs is None else buffers.costs[:n])
        return Chunk(first, derive(self.scenario, self.core, draws), draws.inputs)

    def execute(self, draws: int, consumers: Sequence[Consumer], *,
                precision: float | None = None, max_draws: int = MAX_DRAWS,
                progress: Progress | None = None, client: Client | None = None) -> int:
        """Feed draws 0 … n − 1 to every consumer, chunk by chunk; returns n.

        n is ``draws``, or with ``precision`` the first count at or after ``draws`` (at
        most ``max_draws``) at which the 95 % half-width of every financing scenario's
        mean multiplier is below ``precision`` times the mean (of its mean benefits when
        a draw has no costs). Whether it got there is :attr:`precision_reached` (None
        without ``precision``), and the worst relative half-width it reached
        :attr:`half_width`. A run to a precision grows in whole blocks of
        :data:`~mcimpact.run.reducers.BLOCK` draws.

        With a dask.distributed ``client`` the draws after the pilot run on its workers
        (:mod:`mcimpact.run.distributed`), with the same numbers; every consumer must
        then be mergeable (``part``/``merge``: the summary's reducer, the dataset kept in
        memory and the Zarr store are; the NetCDF file is not).
        """
        if draws < 1:
            raise ValueError("draws must be at least 1")
        if precision is not None and not (math.isfinite(precision) and 0 < precision < 1):
            raise ValueError(f"precision must be a number in (0, 1), got {precision}")
        if self.deterministic:
            draws, precision = 1, None
        self.precision_reached = self.half_width = None
        check = _Precision(len(self.scenario.financing)) if precision is not None else None
        everyone = [*consumers, *([check] if check is not None else [])]
        if client is not None and not all(hasattr(c, "part") for c in everyone):
            raise ValueError("on a cluster every consumer must be mergeable (part/merge); "
                             "a NetCDF file is not: write a Zarr store (DIR.zarr)")
        done = 0
        target = draws if check is None else max(draws, min(max_draws, _blocks(draws)))
        while True:
            for consumer in everyone:  # e.g. a store grows its arrays
                if hasattr(consumer, "reserve"):
                    consumer.reserve(target)
            if client is None:
                self.feed_here(done, target, everyone, progress)
            else:
                from .distributed import feed

                feed(self, done, target, everyone, client, progress)  # type: ignore[arg-type]
            done = target
            if check is None:
                return done
            worst = check.worst(precision)  # type: ignore[arg-type]
            if worst <= 1 or done >= max_draws:
                self.precision_reached = bool(worst <= 1)
                self.half_width = worst * precision  # type: ignore[operator]
                return done
            # Grow to the draw count the current variance says is needed (at least a chunk);
            # a mean of 0 is never reached (worst is inf): on to max_draws.
            needed = done * worst**2 * 1.1
            needed = max_draws if not needed < max_draws else int(needed)
            target = min(max_draws, _blocks(max(done + self.chunk_size, needed)))

    def feed_here(self, first: int, stop: int, consumers: Sequence[Consumer],
                  progress: Progress | None = None) -> None:
        """Feed draws ``first … stop − 1`` to ``consumers`` in this process, chunk by
        chunk. A consumer that holds a chunk already (``holds``/``read``: a store being
        resumed) gives it to the others instead of the core computing it again."""
        source = next((c for c in consumers if hasattr(c, "holds")), None)
        for start, n in chunk_bounds(first, stop, self.chunk_size):
            if source is not None and source.holds(start, n):
                chunk = source.read(start, n)  # type: ignore[attr-defined]
                targets = [c for c in consumers if c is not source]
            else:
                chunk, targets = self.chunk(start, n), list(consumers)
            for consumer in targets:
                consumer.consume(chunk)
            if progress:
                progress(start + n, stop)


def _blocks(draws: int) -> int:
    """``draws`` rounded up to whole blocks of the reducers (where a run may continue)."""
    return -(-draws // BLOCK) * BLOCK


def chunk_bounds(first: int, stop: int, chunk_size: int = DEFAULT_CHUNK
                 ) -> Iterable[tuple[int, int]]:
    """(first, n) of the chunks that hold draws ``first … stop − 1``: the pilot's draws
    0 … PILOT − 1 first, then ``chunk_size`` at a time."""
    while first < stop:
        edge = PILOT if first < PILOT else first + chunk_size
        n = min(edge, stop) - first
        yield first, n
        first += n


class _Precision:
    """Running mean and spread of each financing scenario's multiplier (and benefits)."""

    def __init__(self, n_fin: int) -> None:
        self.stats = ColumnStats(2 * n_fin)
        self.costless = np.zeros(n_fin, dtype=bool)

    def consume(self, chunk: Chunk) -> None:
        p = chunk.per
        self.costless |= np.any(p.costs_total <= 0, axis=0)
        self.stats.add(np.concatenate([p.multiplier.T, p.benefits_total.T]))

    def part(self, first: int) -> _Precision:
        part = copy.copy(self)
        part.stats = self.stats.part(first)
        part.costless = np.zeros_like(self.costless)
        return part

    def merge(self, part: _Precision) -> None:
        self.stats.merge(part.stats)
        self.costless |= part.costless

    def worst(self, precision: float) -> float:
        """The largest ratio of half-width to the precision asked for (≤ 1: met).

        A mean of 0 (every benefit zero, also in every draw so far) has no precision
        relative to it: its ratio is inf, never met, and so is one that is not a number."""
        mean, sd = self.stats.moments()
        n_fin = len(self.costless)
        mean = np.where(self.costless, mean[n_fin:], mean[:n_fin])
        sd = np.where(self.costless, sd[n_fin:], sd[:n_fin])
        half_width = 1.96 * sd / math.sqrt(self.stats.n)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = half_width / (precision * np.abs(mean))
        return float(np.max(np.where(np.isnan(ratio) | (mean == 0), np.inf, ratio)))
