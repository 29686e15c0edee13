"""The one resource guard: what a run will hold in memory and write to disk, checked
against what is free before the run starts, and how long it will take.

A run's own memory is bounded by its chunk (:mod:`mcimpact.run.run`); only the per-draw
results dataset grows with the draws — in memory when it is kept (``keep_draws``: the
sensitivity analysis, figures and reports), on disk when it is written (``out``). Both
are estimated from the scenario's sizes alone (docs/reliability.md, "Limits"). Its time
is measured on the run itself (:class:`RateWatch`).
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..core.compile import group_sizes
from ..core.kernels import N_SLOTS
from ..errors import ResourceError
from ..limits import check_draw_count
from ..model.scenario import Scenario

#: Memory a kept dataset needs beyond its own bytes (gathering the chunks copies them).
MEMORY_FACTOR = 2
#: The share of the free memory or disk a run may plan to use.
HEADROOM = 0.9


def dataset_bytes_per_draw(scenario: Scenario, keep_inputs: bool = False) -> int:
    """The bytes a draw takes in the results dataset (docs/results.md): per financing
    scenario the yearly benefits and costs, every breakdown, the totals and the funding
    pattern per initiative; with ``keep_inputs`` the sampled inputs per chain."""
    n_cols = sum(group_sizes(scenario).values()) + 1  # + the claimable column
    per_financing = (2 * scenario.meta.horizon + n_cols + 2 * len(scenario.initiatives)
                     + len(scenario.meta.periods) + 8)
    raw = len(scenario.financing) * per_financing
    if keep_inputs:
        raw += len(scenario.chains) * N_SLOTS
    return 8 * raw


def available_memory() -> int | None:
    """Bytes of memory available to a new allocation now (None where unknown)."""
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            info = dict(line.split(":", 1) for line in f)
        return int(info["MemAvailable"].split()[0]) * 1024
    except (OSError, KeyError, ValueError):
        pass
    try:  # other POSIX systems: the physical pages free
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, OSError, ValueError):
        return None


def free_disk(path: Path) -> int | None:
    """Bytes free on the file system that would hold ``path`` (None where unknown)."""
    parent = Path(path).absolute().parent
    try:
        return shutil.disk_usage(parent).free
    except OSError:
        return None


def _limits(scenario: Scenario, keep_draws: bool, keep_inputs: bool,
            out: Path | None, out_bytes_per_draw: float | None = None,
            out_held: int = 0) -> dict[str, int]:
    # The most draws each resource holds, by what to call it in a message.
    per_draw = dataset_bytes_per_draw(scenario, keep_inputs)
    limits = {}
    memory = available_memory() if keep_draws else None
    if memory is not None:
        limits["memory"] = int(HEADROOM * memory) // (MEMORY_FACTOR * per_draw)
    if out is not None:
        disk = free_disk(out)
        if disk is not None:
            on_disk = per_draw if out_bytes_per_draw is None else out_bytes_per_draw
            limits[f"disk space at {Path(out).absolute().parent}"] = (
                out_held + int(HEADROOM * disk / on_disk))
    return limits


def draws_that_fit(scenario: Scenario, *, keep_draws: bool = False,
                   keep_inputs: bool = False, out: Path | None = None) -> int | None:
    """The most draws whose dataset fits the free memory (if kept) and disk (if written);
    None when nothing grows with the draws."""
    limits = _limits(scenario, keep_draws, keep_inputs, out)
    return min(limits.values()) if limits else None


def check_draws(scenario: Scenario, draws: int, max_draws: int, *, keep_draws: bool = False,
                keep_inputs: bool = False, out: Path | None = None,
                out_bytes_per_draw: float | None = None, out_held: int = 0) -> int:
    """Refuse (:class:`~mcimpact.errors.ResourceError`) a draw count whose dataset does
    not fit; returns ``max_draws`` capped at :func:`draws_that_fit` (where a run to a
    precision stops growing).

    ``out_bytes_per_draw`` is what a draw takes on disk when it is known better than
    :func:`dataset_bytes_per_draw` (a compressed store, measured:
    :func:`mcimpact.run.store.bytes_per_draw`), ``out_held`` the draws already written
    (a store being resumed). A count beyond :data:`~mcimpact.limits.MAX_DRAW_COUNT` is a
    :class:`ValueError`."""
    check_draw_count(draws)
    check_draw_count(max_draws)
    limits = _limits(scenario, keep_draws, keep_inputs, out, out_bytes_per_draw, out_held)
    if not limits:
        return max_draws
    where, fit = min(limits.items(), key=lambda item: item[1])
    if draws > fit:
        raise ResourceError(reason="draws", draws=draws, financing=len(scenario.financing),
                            where=where, fit=fit)
    return min(max_draws, fit)


#: A run that would take longer than this on one machine [s] is said so while it starts.
LONG_RUN = 300.0


@dataclass(frozen=True)
class Duration:
    """What a run will take at the rate measured on it."""

    draws: int  # [draws] of the whole run
    rate: float  # [draws/s] measured
    seconds: float  # [s] of the whole run at that rate


class RateWatch:
    """A run's ``progress(done, total)`` that measures its rate on its second chunk (the
    first, the pilot, also compiles and calibrates) and then, once, when the whole run
    would take longer than ``threshold`` seconds at that rate, calls ``on_long`` with
    the :class:`Duration`. ``progress`` is called first, as the run would."""

    def __init__(self, on_long: Callable[[Duration], object], *,
                 progress: Callable[[int, int], object] | None = None,
                 threshold: float | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.on_long, self.progress, self.clock = on_long, progress, clock
        self.threshold = LONG_RUN if threshold is None else threshold
        self._first: tuple[int, float] | None = None
        self.duration: Duration | None = None

    def __call__(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(done, total)
        now = self.clock()
        if self._first is None:
            self._first = (done, now)
            return
        first, then = self._first
        if self.duration is not None or done <= first or now <= then:
            return
        rate = (done - first) / (now - then)
        self.duration = Duration(total, rate, total / rate)
        if self.duration.seconds > self.threshold:
            self.on_long(self.duration)
