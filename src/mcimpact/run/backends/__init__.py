"""Where a run's chunks are computed: a backend feeds draws ``first … stop − 1`` of a
:class:`~mcimpact.run.run.Run` to its consumers, in draw order, and decides nothing else —
chunks are fixed by draw index, so the numbers never depend on the backend.

- :mod:`.local` — in this process, on the core's threads (the default);
- :mod:`.dask` — on a dask.distributed cluster (``mcimpact[dask]``), every consumer
  :class:`~mcimpact.run.consumers.Mergeable`.

A new backend (a GPU, another scheduler) is one module with a class that has the
:class:`Backend` methods, tested by subclassing the contract tests in
``tests/test_contracts.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from .local import Local

if TYPE_CHECKING:
    from ..consumers import Consumer, Progress
    from ..run import Run

__all__ = ["Backend", "Local"]


class Backend(Protocol):
    """Feeds a run's draws to its consumers."""

    def check(self, consumers: Sequence[object]) -> None:
        """Raise ValueError, before any work, if a consumer cannot run here."""
        ...

    def feed(self, run: Run, first: int, stop: int, consumers: Sequence[Consumer],
             progress: Progress | None = None) -> None:
        """Feed draws ``first … stop − 1`` of ``run`` to ``consumers`` in draw order."""
        ...
