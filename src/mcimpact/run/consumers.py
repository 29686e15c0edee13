"""What a run hands out and to whom: :class:`Chunk` (the per-draw figures of a range of
draws), the chunks' bounds (fixed by draw index), and the abilities of the consumers that
take them, as :class:`typing.Protocol` classes (a consumer has the abilities whose methods
it defines; the run and the backends ask with ``isinstance``):

- :class:`Consumer` — ``consume(chunk)``, called with every chunk in draw order: a reducer
  or a sink. Every consumer is one.
- :class:`Mergeable` — ``part(first)`` and ``merge(part)``: the same consumer filled
  elsewhere (a cluster's worker) and merged back in draw order; what a backend other than
  the local one needs.
- :class:`Reserving` — ``reserve(stop)``: told how many draws are coming before a pass
  (a Zarr store grows its arrays).
- :class:`Holding` — ``holds``/``read`` and its ``chunk``: holds some draws already (a
  store being resumed), which are read instead of computed.
- :class:`ClusterAware` — ``on_cluster(client)``, and :class:`SmallTasks` —
  ``task_draws``: take part in cutting a cluster's tasks (a store the workers write
  themselves; a sink that sends its arrays back asks for smaller tasks).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import numpy as np

from .derive import PerDraw
from .reducers import PILOT

if TYPE_CHECKING:
    from typing import Self

#: Draws per chunk after the first: a chunk's per-draw arrays stay in the tens of MB.
DEFAULT_CHUNK = 1 << 15

#: ``progress(done, total)`` after each chunk [draws].
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Chunk:
    """Draws ``first … first + len(per) − 1``: their per-draw figures, and the sampled
    inputs (draw, chain, slot) when the run keeps them."""

    first: int
    per: PerDraw
    inputs: np.ndarray | None


def chunk_bounds(first: int, stop: int, chunk_size: int = DEFAULT_CHUNK
                 ) -> Iterable[tuple[int, int]]:
    """(first, n) of the chunks that hold draws ``first … stop − 1``: the pilot's draws
    0 … PILOT − 1 first, then ``chunk_size`` at a time."""
    while first < stop:
        edge = PILOT if first < PILOT else first + chunk_size
        n = min(edge, stop) - first
        yield first, n
        first += n


@runtime_checkable
class Consumer(Protocol):
    """Takes every chunk of a run, in draw order."""

    def consume(self, chunk: Chunk) -> None: ...


@runtime_checkable
class Mergeable(Protocol):
    """A consumer that can be filled elsewhere and merged back in draw order."""

    def consume(self, chunk: Chunk) -> None: ...

    def part(self, first: int) -> Self:
        """An empty consumer of draws ``first …`` with this one's calibration."""
        ...

    def merge(self, part: Any) -> None:
        """Add a :meth:`part` filled with the draws that follow those here."""
        ...


@runtime_checkable
class Reserving(Protocol):
    """Told before a pass how many draws the run will have (``stop``)."""

    def reserve(self, stop: int) -> None: ...


@runtime_checkable
class Holding(Protocol):
    """Holds some draws already (a store being resumed): they are read, not computed.
    Its holdings come in whole ``chunk`` s of draws."""

    chunk: int

    def holds(self, first: int, n: int) -> bool: ...

    def read(self, first: int, n: int) -> Chunk: ...


@runtime_checkable
class ClusterAware(Protocol):
    """Told a cluster's client before the tasks are cut (a store that the workers may
    write themselves checks that they see it)."""

    def on_cluster(self, client: Any) -> None: ...


@runtime_checkable
class SmallTasks(Protocol):
    """Asks for cluster tasks of at most ``task_draws`` draws (a sink that sends its
    per-draw arrays back; None: any size)."""

    @property
    def task_draws(self) -> int | None: ...


def holder(consumers: Iterable[object]) -> Holding | None:
    """The consumer that holds draws already, or None."""
    return next((c for c in consumers if isinstance(c, Holding)), None)
