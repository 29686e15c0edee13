"""The targets of issue 20, tracked (not asserted; docs/performance.md, "Fast from the first
second"): how near the core the whole run is, how near the random-number bound the core
is, how long a machine's first run takes, and ``mcimpact report``.

asv reads every figure as lower-is-better, so each ratio is the one that should fall:
the run's time over the core's, the core's over the bound's (its share of the bound is the
inverse).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

from . import _common as c

#: Draws of the run/core ratio (the target's count).
RATIO_DRAWS = 1_000_000


class WholeRun:
    """``track_run_over_core``: ``mcimpact.simulate`` of 10⁶ draws in process (JIT warm,
    summaries only) over ``core.sample`` of the same draws into reused buffers, best of 3
    each, on all the machine's threads; the bundled scenario's four financing scenarios or
    ``regiodeal`` alone. The command's wall time adds the interpreter's start and imports
    (``bench_cli``)."""

    params = (["all four", "regiodeal"],)
    param_names = ("financing",)
    number = 1
    repeat = 1
    warmup_time = 0.0
    processes = 1
    timeout = 900
    unit = "run time / core time"

    def setup(self, financing: str) -> None:
        import mcimpact

        scenario = mcimpact.load()
        self.scenario = scenario if financing == "all four" else scenario.select_financing(
            [financing])
        mcimpact.simulate(self.scenario, 40_000, c.SEED)  # JIT, imports

    def track_run_over_core(self, financing: str) -> float:
        import mcimpact
        from mcimpact.core.compile import core_arrays, sample

        core = core_arrays(self.scenario)
        out = c.allocate(core, RATIO_DRAWS)
        sample(core, c.SEED, 0, RATIO_DRAWS, out=out)  # touch the buffers
        core_s, _ = c.best_time(lambda: sample(core, c.SEED, 0, RATIO_DRAWS, out=out), 3)
        run_s, _ = c.best_time(lambda: mcimpact.simulate(self.scenario, RATIO_DRAWS, c.SEED), 3)
        return run_s / core_s


class RandomBound:
    """``track_core_over_bound``: the core's time for 10⁶ draws (reused buffers, all
    threads, best of 3) over the random-number bound's: the same uniforms from the same
    counter hash (:func:`_common.random_bound`), nothing else. Its inverse is the core's
    share of the bound (the issue's target for synthetic-96: ≥ 27 %)."""

    params = (["synthetic-96", "groningen", c.FINANCING],)
    param_names = ("scenario",)
    number = 1
    repeat = 1
    warmup_time = 0.0
    processes = 1
    timeout = 600
    unit = "core time / bound time"

    def setup(self, scenario: str) -> None:
        from mcimpact.core.compile import sample

        self.core = c.core(scenario)
        self.out = c.allocate(self.core, RATIO_DRAWS)
        sample(self.core, c.SEED, 0, RATIO_DRAWS, out=self.out)
        c.random_bound(self.core, 1_000)  # compile

    def track_core_over_bound(self, scenario: str) -> float:
        from mcimpact.core.compile import sample

        core_s, _ = c.best_time(
            lambda: sample(self.core, c.SEED, 0, RATIO_DRAWS, out=self.out), 3)
        bound_s, _ = c.best_time(lambda: c.random_bound(self.core, RATIO_DRAWS), 3)
        return core_s / bound_s


class FirstRun:
    """A machine's first run: ``mcimpact sim -q -n 1000`` with an empty numba cache
    (``NUMBA_CACHE_DIR`` a new directory), [s]: ``track_cold_start`` its wall time,
    ``track_first_word`` the time to its first line on stderr (the first-run note)."""

    number = 1
    repeat = 1
    warmup_time = 0.0
    processes = 1
    timeout = 600
    unit = "seconds"

    def setup(self) -> None:
        self.measured: tuple[float, float] | None = None

    def _measure(self) -> tuple[float, float]:
        if self.measured is None:
            self.measured = cold_start()
        return self.measured

    def track_cold_start(self) -> float:
        return self._measure()[0]

    def track_first_word(self) -> float:
        return self._measure()[1]


def cold_start(draws: int = 1_000) -> tuple[float, float]:
    """(wall, seconds to the first line on stderr) of ``mcimpact sim -q -n draws`` in a new
    process with an empty numba cache."""
    with tempfile.TemporaryDirectory(prefix="numba-cold-") as cache:
        env = {**os.environ, "NUMBA_CACHE_DIR": cache}
        started = time.perf_counter()
        child = subprocess.Popen([*c.mcimpact_command(), "sim", "-q", "-n", str(draws)],
                                 env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                 text=True)
        assert child.stderr is not None
        child.stderr.readline()
        first = time.perf_counter() - started
        child.stderr.read()
        if child.wait():
            raise subprocess.CalledProcessError(child.returncode, child.args)
        return time.perf_counter() - started, first


class Report:
    """``time_report``: ``mcimpact report`` of the bundled scenario (its default draws, HTML,
    figures included) as a user runs it, numba cache warm."""

    number = 1
    repeat = (1, 3, 60.0)
    warmup_time = 0.0
    processes = 1
    timeout = 900

    def setup(self) -> None:
        self.dir = tempfile.TemporaryDirectory(prefix="mcimpact-report-")
        subprocess.run([*c.mcimpact_command(), "sim", "-q", "-n", "1000"], check=True)

    def teardown(self) -> None:
        self.dir.cleanup()

    def time_report(self) -> None:
        target = os.path.join(self.dir.name, "report.html")
        subprocess.run([*c.mcimpact_command(), "report", "-q", "-o", target, "--force"],
                       check=True, stdout=subprocess.DEVNULL)


if __name__ == "__main__":  # pragma: no cover - a quick look by hand
    print(cold_start(), file=sys.stderr)
