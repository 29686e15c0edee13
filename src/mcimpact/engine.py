"""The engine: a scenario → the numba core's plain arrays → a results dataset.

    B_e[t] = Σ_c N_e · p_e · δ_e · v_e · a_e · w_e[t − c]

with ``a_e`` the SROI adjustment factor and ``w_e`` the chain's time profile (drop-off
included). The point run is the Monte Carlo core with every input fixed at its point
value and one draw, so the two cannot disagree on a definition.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import xarray as xr

from .distributions import Compiled, fixed
from .kernels import N_SLOTS, simulate
from .model import DEFAULT_DRAWS, DEFAULT_SEED, INPUT_NAMES, Scenario
from .profiles import profile_weights
from .results import GROUPS, DrawAggregates, assemble

DEFAULT_CHUNK = 1 << 16


@dataclass(frozen=True)
class CoreArrays:
    """Everything the core needs except the stream keys (which depend on the seed)."""

    chain_ids: tuple[str, ...]
    kinds: np.ndarray  # (chain, slot) int64
    params: np.ndarray  # (chain, slot, 4)
    tables: np.ndarray  # (table, half, octave + 1, bin + 1): quantile tables
    cdf: np.ndarray  # concatenated discrete CDFs
    guide: np.ndarray  # their guide tables (same offsets)
    cdf_offsets: np.ndarray  # (n_cdf + 1,)
    factor_of: np.ndarray  # (chain, slot) int64, -1: independent
    loading: np.ndarray  # (chain, slot)
    factor_names: tuple[str, ...]
    adjustment: np.ndarray  # (chain,)
    profiles: np.ndarray  # (chain, duration 0..T, year)
    pv_profiles: np.ndarray  # (chain, duration)
    group_columns: np.ndarray  # (chain, 5) int64
    group_slices: dict[str, slice]  # GROUPS → columns of the group output; "claimable"
    costs: np.ndarray  # (initiative, year)
    discount: np.ndarray  # (year,)


def core_arrays(scenario: Scenario, *, point: bool = False) -> CoreArrays:
    """Compile a scenario for the core; ``point=True`` fixes every input at its point."""
    meta = scenario.meta
    n_years = meta.horizon
    chains = scenario.chains
    compiled = Compiled()
    for chain in chains:
        for inp in chain.inputs:
            compiled.add(fixed(inp.point) if point else inp)
    kinds, params, tables, cdf, guide, cdf_offsets = compiled.arrays()

    factor_of = np.full((len(chains), N_SLOTS), -1, dtype=np.int64)
    loading = np.zeros((len(chains), N_SLOTS))
    factor_names: list[str] = []
    if not point:
        row = {c.id: e for e, c in enumerate(chains)}
        for n, corr in enumerate(scenario.correlations):
            slot = INPUT_NAMES.index(corr.input)
            # Pearson correlation of the normal scores that gives this Spearman correlation.
            rho = 2 * math.sin(math.pi * corr.rank_correlation / 6)
            for label, ids in corr.groups:
                for chain_id in ids:
                    factor_of[row[chain_id], slot] = len(factor_names)
                    loading[row[chain_id], slot] = math.sqrt(rho)
                factor_names.append(f"correlation:{n}:{label}")

    profiles = np.zeros((len(chains), n_years + 1, n_years))
    for e, chain in enumerate(chains):
        p = chain.profile
        for duration in range(1, n_years + 1):
            w = profile_weights(p.shape, p.lag, duration, p.half_life,
                                chain.adjustments.drop_off, n_years)
            for cohort in chain.cohorts:
                c = cohort - meta.start_year
                profiles[e, duration, c:] += w[: n_years - c]
    discount = meta.discount_factors

    sizes = group_sizes(scenario)
    starts = np.cumsum([0, *sizes.values()])
    group_slices = {g: slice(int(starts[k]), int(starts[k + 1])) for k, g in enumerate(GROUPS)}
    claim_col = int(starts[-1])
    group_slices["claimable"] = slice(claim_col, claim_col + 1)
    index = {
        "initiative": {x.id: k for k, x in enumerate(scenario.initiatives)},
        "activity": {x.key: k for k, x in enumerate(scenario.activities)},
        "beneficiary": {x.id: k for k, x in enumerate(scenario.beneficiaries)},
        "domain": {x.id: k for k, x in enumerate(scenario.domains)},
    }
    group_columns = np.array([
        [
            group_slices["initiative"].start + index["initiative"][c.initiative],
            group_slices["activity"].start + index["activity"][c.activity_key],
            group_slices["beneficiary"].start + index["beneficiary"][c.beneficiary],
            group_slices["domain"].start + index["domain"][c.domain],
            claim_col if c.claimable else -1,
        ]
        for c in chains
    ], dtype=np.int64)

    costs = np.zeros((len(scenario.initiatives), n_years))
    for i, initiative in enumerate(scenario.initiatives):
        for year, cost in initiative.costs:
            costs[i, year - meta.start_year] = cost

    return CoreArrays(
        chain_ids=tuple(c.id for c in chains),
        kinds=kinds.reshape(len(chains), N_SLOTS),
        params=params.reshape(len(chains), N_SLOTS, 4),
        tables=tables, cdf=cdf, guide=guide, cdf_offsets=cdf_offsets,
        factor_of=factor_of, loading=loading, factor_names=tuple(factor_names),
        adjustment=np.array([c.adjustments.factor for c in chains], dtype=float),
        profiles=profiles, pv_profiles=profiles @ discount,
        group_columns=group_columns, group_slices=group_slices,
        costs=costs, discount=discount,
    )


def group_sizes(scenario: Scenario) -> dict[str, int]:
    return {
        "initiative": len(scenario.initiatives),
        "activity": len(scenario.activities),
        "beneficiary": len(scenario.beneficiaries),
        "domain": len(scenario.domains),
    }


def stream_key(seed: int, *names: object) -> int:
    """A 64-bit stream key from the seed and stable names (never from threads or chunks)."""
    text = "\x1f".join(str(x) for x in (seed, *names))
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")


def stream_keys(seed: int, core: CoreArrays) -> tuple[np.ndarray, np.ndarray]:
    keys = np.array([[stream_key(seed, "input", chain_id, INPUT_NAMES[s])
                      for s in range(N_SLOTS)] for chain_id in core.chain_ids], dtype=np.uint64)
    factor_keys = np.array([stream_key(seed, name) for name in core.factor_names],
                           dtype=np.uint64)
    return keys.reshape(len(core.chain_ids), N_SLOTS), factor_keys


@dataclass
class Draws:
    """Raw per-draw outputs of the core for draws ``[0, n)``."""

    benefits: np.ndarray  # (draw, year)
    groups: np.ndarray  # (draw, column)
    inputs: np.ndarray | None  # (draw, chain, slot)


def sample(
    core: CoreArrays, seed: int, first: int, n: int, *, keep_inputs: bool = False,
    out: Draws | None = None, offset: int = 0,
    keys: tuple[np.ndarray, np.ndarray] | None = None, params: np.ndarray | None = None,
) -> Draws:
    """Run the core for draws ``first .. first + n - 1``; write into ``out`` at ``offset``.

    ``keys`` (input keys, factor keys) replaces the seed's stream keys and ``params`` the
    compiled parameters; the sensitivity analysis mixes streams and fixes inputs with them.
    """
    if out is None:
        out, offset = _allocate(core, n, keep_inputs), 0
    input_keys, factor_keys = stream_keys(seed, core) if keys is None else keys
    inputs = out.inputs[offset: offset + n] if out.inputs is not None else np.empty((0, 0, 0))
    simulate(
        np.int64(first), np.int64(n), input_keys, core.kinds,
        core.params if params is None else params, core.tables, core.cdf,
        core.guide, core.cdf_offsets, core.factor_of, core.loading, factor_keys, core.adjustment,
        core.profiles, core.pv_profiles, core.group_columns, core.discount,
        out.benefits[offset: offset + n], out.groups[offset: offset + n],
        out.inputs is not None, inputs,
    )
    return out


def _dataset(scenario: Scenario, core: CoreArrays, draws: Draws, attrs: dict[str, object],
             keep_inputs: bool) -> xr.Dataset:
    s = core.group_slices
    agg = DrawAggregates(
        benefits=draws.benefits,
        pv_by_group={g: draws.groups[:, s[g]] for g in GROUPS},
        pv_claimable=draws.groups[:, s["claimable"]][:, 0],
    )
    ds = assemble(scenario, core.costs, core.discount, agg, attrs)
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
    costs_pv = float(core.costs.sum(axis=0) @ core.discount)
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
        total = out.benefits[:done] @ core.discount
        mean = total.mean()
        half_width = 1.96 * total.std(ddof=1) / math.sqrt(done)
        if costs_pv <= 0 or half_width <= precision * abs(mean):
            break
        # Grow to the draw count the current variance says is needed (at least a chunk).
        needed = int(done * (half_width / (precision * abs(mean))) ** 2 * 1.1)
        target = min(max_draws, max(done + chunk_size, needed))
        out = _grow(out, target)
    attrs: dict[str, object] = {"mode": "monte-carlo", "draws": done, "seed": seed}
    if precision is not None:
        attrs["precision"] = precision
    return _dataset(scenario, core, out, attrs, keep_inputs)


def _allocate(core: CoreArrays, n: int, keep_inputs: bool) -> Draws:
    n_years = core.profiles.shape[2]
    return Draws(
        np.empty((n, n_years)),
        np.empty((n, core.group_slices["claimable"].stop)),
        np.empty((n, len(core.chain_ids), N_SLOTS)) if keep_inputs else None,
    )


def _grow(out: Draws, n: int) -> Draws:
    def grow(a: np.ndarray) -> np.ndarray:
        b = np.empty((n, *a.shape[1:]))
        b[: len(a)] = a
        return b

    return Draws(grow(out.benefits), grow(out.groups),
                 grow(out.inputs) if out.inputs is not None else None)
