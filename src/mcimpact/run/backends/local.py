"""The local backend: the run's chunks computed in this process, one after the other, each
on all of the core's threads."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..consumers import Consumer, Progress, chunk_bounds, holder

if TYPE_CHECKING:
    from ..run import Run


class Local:
    """Chunks computed here (:meth:`~mcimpact.run.run.Run.chunk`), in draw order. A
    consumer that holds a chunk already (a store being resumed) gives it to the others
    instead of the core computing it again."""

    def check(self, consumers: Sequence[object]) -> None:
        """Every consumer runs here."""

    def feed(self, run: Run, first: int, stop: int, consumers: Sequence[Consumer],
             progress: Progress | None = None) -> None:
        source = holder(consumers)
        for start, n in chunk_bounds(first, stop, run.chunk_size):
            if source is not None and source.holds(start, n):
                chunk = source.read(start, n)
                targets = [c for c in consumers if c is not source]
            else:
                chunk, targets = run.chunk(start, n), list(consumers)
            for consumer in targets:
                consumer.consume(chunk)
            if progress:
                progress(start + n, stop)
