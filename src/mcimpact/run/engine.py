"""Running a scenario: the deterministic point run and the Monte Carlo run, into a results
dataset. The point run is the Monte Carlo core with every input fixed at its point value,
every renewal granted and one draw, so the two cannot disagree on a definition.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import xarray as xr

from ..core.compile import CoreArrays, Draws, _allocate, core_arrays, group_sizes, sample
from ..core.kernels import N_SLOTS
from ..model.scenario import DEFAULT_DRAWS, DEFAULT_SEED, INPUT_NAMES, Scenario
from .dataset import GROUPS, DrawAggregates, assemble

DEFAULT_CHUNK = 1 << 16


def _dataset(scenario: Scenario, core: CoreArrays, draws: Draws, attrs: dict[str, object],
             keep_inputs: bool) -> xr.Dataset:
    s = core.group_slices
    agg = DrawAggregates(
        benefits=draws.benefits,
        pv_by_group={g: draws.groups[:, :, s[g]] for g in GROUPS},
        pv_claimable=draws.groups[:, :, s["claimable"]][:, :, 0],
        added_years=draws.patterns,
    )
    ds = assemble(scenario, core.cost_rows, core.discount, agg, attrs)
    if keep_inputs and draws.inputs is not None:
        ds["inputs"] = (("draw", "chain", "input"), draws.inputs, {
            "long_name": "sampled inputs per draw and chain",
            "comment": "participants [people], success_probability [1], effect_size [1], "
                       "value [EUR per person per year], duration [years, before rounding]",
        })
        ds = ds.assign_coords(chain=list(core.chain_ids), input=list(INPUT_NAMES))
    return ds


def run_deterministic(scenario: Scenario) -> xr.Dataset:
    """Run the scenario with every input at its point value (one draw)."""
    core = core_arrays(scenario, point=True)
    draws = sample(core, 0, 0, 1)
    return _dataset(scenario, core, draws, {"mode": "deterministic", "draws": 1}, False)


Progress = Callable[[int, int], None]


def run_monte_carlo(
    scenario: Scenario,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    *,
    chunk_size: int = DEFAULT_CHUNK,
    keep_inputs: bool = False,
    precision: float | None = None,
    max_draws: int = 10_000_000,
    progress: Progress | None = None,
) -> xr.Dataset:
    """Sample ``draws`` trajectories (draw indices 0 .. draws − 1).

    With ``precision``, keep drawing chunks after the first ``draws`` until the 95 %
    half-width of the mean multiplier is below ``precision`` times the mean (at most
    ``max_draws``). Draw ``i`` is the same number whatever the chunking, so a run that
    stops at n draws equals a run asked for n draws.
    """
    if draws < 1:
        raise ValueError("draws must be at least 1")
    core = core_arrays(scenario)
    target = draws
    out = _allocate(core, target, keep_inputs)
    done = 0
    while True:
        while done < target:
            n = min(chunk_size, target - done)
            sample(core, seed, done, n, keep_inputs=keep_inputs, out=out, offset=done)
            done += n
            if progress:
                progress(done, target)
        if precision is None or done >= max_draws:
            break
        # Every financing scenario's mean multiplier must meet the precision (those
        # without costs have none: their total benefits must).
        benefits = out.benefits[:done] @ core.discount
        costs = core.pv_costs(out.patterns[:done]).sum(axis=2)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(np.all(costs > 0, axis=0), benefits / costs, benefits)
        mean = np.abs(ratio.mean(axis=0))
        half_width = 1.96 * ratio.std(axis=0, ddof=1) / math.sqrt(done)
        if np.all(half_width <= precision * mean):
            break
        worst = float(np.max(half_width / (precision * mean)))
        # Grow to the draw count the current variance says is needed (at least a chunk).
        needed = int(done * worst**2 * 1.1)
        target = min(max_draws, max(done + chunk_size, needed))
        out = _grow(out, target)
    attrs: dict[str, object] = {"mode": "monte-carlo", "draws": done, "seed": seed}
    if precision is not None:
        attrs["precision"] = precision
    return _dataset(scenario, core, out, attrs, keep_inputs)


def bytes_per_draw(scenario: Scenario, keep_inputs: bool = False) -> int:
    """A conservative estimate of the memory a run needs per draw, results dataset and
    summaries included: twice the core's raw outputs (benefits, costs, group values and
    funding patterns per financing scenario; docs/performance.md has measured peaks).
    Cheap: it needs only the scenario's sizes, not its compiled arrays."""
    n_cols = sum(group_sizes(scenario).values()) + 1  # + the claimable column
    raw = len(scenario.financing) * (2 * scenario.meta.horizon + n_cols
                                     + len(scenario.initiatives))
    if keep_inputs:
        raw += len(scenario.chains) * N_SLOTS
    return 2 * 8 * raw


def _grow(out: Draws, n: int) -> Draws:
    def grow(a: np.ndarray) -> np.ndarray:
        b = np.empty((n, *a.shape[1:]), dtype=a.dtype)
        b[: len(a)] = a
        return b

    return Draws(grow(out.benefits), grow(out.groups), grow(out.patterns),
                 grow(out.inputs) if out.inputs is not None else None)
