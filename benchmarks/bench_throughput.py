"""Throughput of the numba core and of the well-vectorised NumPy peer.

- ``CoreThroughput``: ``sample`` on a precompiled ``core_arrays`` (quantile tables
  and CDFs built in ``setup``, JIT warm, output buffers allocated and touched in ``setup``
  and reused), at 1 and 2 numba threads. ``time_sample_fresh_output`` lets ``sample``
  allocate its outputs on every call, as ``run_monte_carlo`` does: the difference is the
  cost of first-touch page faults on fresh memory.
- ``PeerThroughput``: ``testing.peer`` (numpy Generator draws per input, then a matmul
  with the profile matrix). It is not parametrised by threads: its random draws are
  single-threaded and its matmuls use however many BLAS threads NumPy's OpenBLAS has
  (set ``OPENBLAS_NUM_THREADS`` to pin them; ``measure.py`` does so per setting). A call
  includes the peer's own set-up (profile rows, group layout, ~0.05–0.1 s), which is part
  of what a user of a NumPy implementation pays.
- ``Speedup``: draws/s of the core (all threads) over draws/s of the peer, at 10⁶ draws.
"""

from __future__ import annotations

from . import _common as c

SIZES = (100_000, 1_000_000)


class CoreThroughput:
    params = ([*c.SCENARIOS, c.FINANCING], list(SIZES), [1, 2])
    param_names = ("scenario", "draws", "threads")
    number = 1
    repeat = (3, 10, 30.0)
    warmup_time = 0.0  # setup warms the JIT and the buffers
    timeout = 300

    def setup(self, scenario: str, draws: int, threads: int) -> None:
        from mcimpact.core.compile import sample

        c.set_threads(threads)
        self.sample = sample
        self.core = c.core(scenario)
        self.out = c.allocate(self.core, draws)
        sample(self.core, c.SEED, 0, draws, out=self.out)  # JIT + first touch

    def time_sample(self, scenario: str, draws: int, threads: int) -> None:
        self.sample(self.core, c.SEED, 0, draws, out=self.out)

    def time_sample_fresh_output(self, scenario: str, draws: int, threads: int) -> None:
        self.sample(self.core, c.SEED, 0, draws)

    def track_draws_per_second(self, scenario: str, draws: int, threads: int) -> float:
        best, _ = c.best_time(
            lambda: self.sample(self.core, c.SEED, 0, draws, out=self.out), 5)
        return draws / best

    track_draws_per_second.unit = "draws/s"  # type: ignore[attr-defined]


class PeerThroughput:
    params = (list(c.SCENARIOS), list(SIZES))
    param_names = ("scenario", "draws")
    number = 1
    repeat = (1, 3, 60.0)
    warmup_time = 0.0
    processes = 1  # ~20–30 s a call at 10⁶ draws
    timeout = 600

    def setup(self, scenario: str, draws: int) -> None:
        from mcimpact import testing

        self.testing = testing
        self.scenario = c.scenario(scenario)
        testing.peer(self.scenario, 1000)  # imports, scipy set-up

    def time_peer(self, scenario: str, draws: int) -> None:
        self.testing.peer(self.scenario, draws)

    def track_draws_per_second(self, scenario: str, draws: int) -> float:
        repeats = 3 if draws <= 100_000 else 1
        best, _ = c.best_time(lambda: self.testing.peer(self.scenario, draws), repeats)
        return draws / best

    track_draws_per_second.unit = "draws/s"  # type: ignore[attr-defined]


class Speedup:
    """Core draws/s (all numba threads, reused buffers) over peer draws/s at 10⁶ draws."""

    params = (list(c.SCENARIOS),)
    param_names = ("scenario",)
    processes = 1
    timeout = 600
    unit = "x"

    def setup(self, scenario: str) -> None:
        from mcimpact import testing
        from mcimpact.core.compile import sample

        self.sample, self.testing = sample, testing
        self.scenario = c.scenario(scenario)
        self.core = c.core(scenario)
        self.n = 1_000_000
        self.out = c.allocate(self.core, self.n)
        sample(self.core, c.SEED, 0, self.n, out=self.out)
        testing.peer(self.scenario, 1000)

    def track_speedup_over_peer(self, scenario: str) -> float:
        core, _ = c.best_time(
            lambda: self.sample(self.core, c.SEED, 0, self.n, out=self.out), 5)
        peer, _ = c.best_time(lambda: self.testing.peer(self.scenario, self.n), 1)
        return peer / core
