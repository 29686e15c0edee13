"""Shared helpers of the asv suite and of ``measure.py`` (no benchmarks in here).

Everything is imported lazily inside functions where it is heavy, so that asv's benchmark
discovery stays cheap.
"""

from __future__ import annotations

import functools
import math
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

# Scenarios the NumPy peer also models (one financing scenario, the base funding).
SCENARIOS = ("groningen", "synthetic-96")
# The bundled Groningen scenario with all four financing scenarios on the same draws (what
# `mcimpact sim` runs by default); mcimpact only.
FINANCING = "groningen-financing"
SEED = 20210101


@functools.cache
def scenario(name: str) -> Any:
    """Groningen under the report's own funding (``regiodeal``), Groningen with its four
    financing scenarios, or the synthetic 96-chain benchmark scenario."""
    from mcimpact import load, parse
    from mcimpact.testing.synthetic import synthetic_toml

    if name == "groningen":
        return load().select_financing(["regiodeal"])
    if name == FINANCING:
        return load()
    if name == "synthetic-96":
        return parse(synthetic_toml(96))
    raise ValueError(name)


@functools.cache
def core(name: str) -> Any:
    """The scenario compiled for the numba core (quantile tables, CDFs, profiles)."""
    from mcimpact.core import core_arrays

    return core_arrays(scenario(name))


def allocate(core_arrays: Any, n: int) -> Any:
    """Output buffers for ``n`` draws, as ``sample`` allocates them."""
    from mcimpact.core.compile import allocate

    return allocate(core_arrays, n, False)


def set_threads(threads: int) -> None:
    """numba threads for the core; NotImplementedError (asv: skipped) if not available."""
    import numba

    if threads > numba.config.NUMBA_NUM_THREADS:
        raise NotImplementedError(
            f"{threads} threads requested, numba has {numba.config.NUMBA_NUM_THREADS}")
    numba.set_num_threads(threads)


def costs_pv(core_arrays: Any) -> float:
    """Present value of the base costs (no added years) in the first financing scenario:
    the costs of a scenario without ``[[financing]]`` and of Groningen's ``regiodeal``."""
    return float(core_arrays.cost_rows[0, :, 0].sum(axis=0) @ core_arrays.discount)


def totals(draws: Any, core_arrays: Any) -> Any:
    """Total benefits per draw in the first financing scenario (present value; a plain
    sum at the default rate 0). The NumPy peer models that one only."""
    return (draws.benefits @ core_arrays.discount)[:, 0]


def mean_se(x: Any) -> tuple[float, float]:
    """Mean and its Monte Carlo standard error."""
    return float(x.mean()), float(x.std(ddof=1) / math.sqrt(len(x)))


def uniforms_per_draw(core_arrays: Any) -> dict[str, int]:
    """How many uniforms a draw needs, by kernel kind of the sampled inputs."""
    import numpy as np

    from mcimpact.model import distributions as d

    names = {d.UNIFORM: "uniform", d.TRIANGULAR: "triangular", d.TABLE: "table (Beta/PERT)",
             d.TRUNCNORM: "truncnormal", d.LOGNORM: "lognormal", d.DISCRETE: "discrete (counts)",
             d.DISCRETE_LATTICE: "discrete lattice (large counts)"}
    kinds = np.asarray(core_arrays.kinds).ravel()
    out = {names.get(int(k), str(int(k))): int((kinds == k).sum())
           for k in np.unique(kinds) if k != d.FIXED}
    out["total"] = int((kinds != d.FIXED).sum()) + len(core_arrays.factor_names)
    return out


def random_bound(core_arrays: Any, n: int, seed: int = SEED) -> float:
    """The random-number bound of a scenario: the uniforms a draw of the core needs (one
    per uncertain input and copula factor), from the same counter hash, for draws
    0 … n − 1 on the core's threads, nothing else (no inverse CDF, no sums). Returns a
    number made from them, so that nothing is optimised away."""
    import numpy as np

    from mcimpact.core.compile import BLOCK, TASK, stream_keys
    from mcimpact.core.threads import run_all

    keys = stream_keys(seed, core_arrays)
    sampled = np.asarray(core_arrays.kinds) != 0
    all_keys = np.concatenate([keys.inputs[sampled], keys.factors]).astype(np.uint64)
    sums = np.zeros(-(-n // TASK))
    fill = _bound_loop()

    def task(k: int) -> Callable[[], None]:
        return lambda: fill(all_keys, k * TASK, min(TASK, n - k * TASK), BLOCK, sums, k)

    run_all([task(k) for k in range(len(sums))])
    return float(sums.sum())


@functools.cache
def _bound_loop() -> Any:
    import numba as nb
    import numpy as np

    from mcimpact.core.kernels import fill_uniforms

    @nb.njit(cache=True, nogil=True)
    def fill(keys, first, n, block, sums, k):  # pragma: no cover - compiled
        u = np.empty(block)
        factors = np.zeros((1, block))
        total = 0.0
        for lo in range(0, n, block):
            m = min(block, n - lo)
            for key in keys:
                fill_uniforms(key, first + lo, m, -1, 0.0, factors, u)
                total += u[m - 1]
        sums[k] = total

    return fill


def best_time(fn: Callable[[], object], repeats: int) -> tuple[float, list[float]]:
    """Best (minimum) wall time of ``repeats`` calls, and all of them."""
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times), times


def mcimpact_command() -> list[str]:
    """The ``mcimpact`` console script of the running interpreter's environment."""
    script = os.path.join(os.path.dirname(sys.executable), "mcimpact")
    if os.path.exists(script):
        return [script]
    found = shutil.which("mcimpact")
    return [found] if found else [sys.executable, "-m", "mcimpact"]


def analytic_multipliers(model: Any) -> dict[str, float]:
    """The expected multiplier of each financing scenario, exactly (no sampling).

    Label Betas keep the label's mean, counts keep the count as mean and the inputs are
    independent and enter as products, so given the funding pattern K the expected
    benefits are the point benefits under K (``tests/test_montecarlo.py``). Where K is
    certain that is the deterministic multiplier; where renewal is uncertain (one K for
    every initiative of the financing scenario, independent of the inputs),
    E[multiplier] = Σ_k P(K = k) · point(k) / costs(k). NotImplementedError (asv: skipped)
    for a financing scenario whose initiatives have different renewal plans.
    """
    from mcimpact import testing

    discount = model.meta.discount_factors
    out = {}
    for f, fin in enumerate(model.financing):
        plans = {tuple(plan.added_years_probabilities()) for _, plan in fin.funding}
        if len(plans) > 1:
            raise NotImplementedError(f"{fin.id}: initiatives with different renewal plans")
        probabilities = plans.pop() if plans else (None,)
        value = 0.0
        for k, p in enumerate(probabilities):
            if p == 0.0:
                continue
            pattern = testing.granted(model)
            if p is not None:
                pattern[f] = k
            benefits = float(testing.point(model, pattern).benefits[0, f] @ discount)
            costs = float(testing.costs(model, pattern[None])[0, f] @ discount)
            value += (1.0 if p is None else float(p)) * benefits / costs
        out[fin.id] = value
    return out


def child_peak_rss(args: list[str]) -> float:
    """Peak resident set [MiB] of one ``python -m mcimpact ARGS`` child process: its own
    ``ru_maxrss`` from ``os.wait4`` (as ``pipeline.py`` measures it), not this process's.
    Output goes to /dev/null; a failing command raises CalledProcessError."""
    child = subprocess.Popen([sys.executable, "-m", "mcimpact", *args],
                             stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise subprocess.CalledProcessError(child.returncode, child.args)
    return usage.ru_maxrss / 1024  # KiB on Linux
