"""NumPy implementations of the model, for tests and benchmarks.

- :func:`twin` is the slow, obviously-correct twin of the numba core: the same uniforms
  (same stream keys, same counter-based generator, written in NumPy uint64 arithmetic),
  but every inverse CDF from :mod:`scipy.stats` and the benefit arithmetic spelled out.
  The tests compare the core with it draw by draw.
- :func:`peer` is the well-vectorised NumPy implementation the benchmarks measure the core
  against: ``numpy.random.Generator`` draws per input, then a matmul of the per-chain
  amounts with the profile matrix. Its random numbers differ from the core's, so it is
  compared statistically.

Both return the raw per-draw arrays of :class:`mcimpact.engine.Draws`.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import special, stats

from .distributions import Input, beta_ab
from .engine import Draws, core_arrays, stream_key
from .model import INPUT_NAMES, Scenario
from .profiles import profile_weights

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def uniforms(key: int, first: int, n: int) -> np.ndarray:
    """The core's uniforms of one stream for draws first .. first + n − 1."""
    with np.errstate(over="ignore"):
        z = np.uint64(key) + (np.arange(first, first + n, dtype=np.uint64) + np.uint64(1)) * _GOLDEN
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return ((z >> np.uint64(11)).astype(np.float64) + 0.5) * 2.0**-53


def frozen(inp: Input) -> stats.rv_continuous | stats.rv_discrete:
    """The scipy distribution an input stands for."""
    p = inp.p
    d = inp.dist
    if d == "uniform":
        return stats.uniform(p["min"], p["max"] - p["min"])
    if d == "triangular":
        width = p["max"] - p["min"]
        return stats.triang((p["mode"] - p["min"]) / width, p["min"], width)
    if d == "pert":
        lam = p.get("lambda", 4.0)
        width = p["max"] - p["min"]
        a = 1 + lam * (p["mode"] - p["min"]) / width
        b = 1 + lam * (p["max"] - p["mode"]) / width
        return stats.beta(a, b, p["min"], width)
    if d == "beta":
        return stats.beta(*beta_ab(p))
    if d == "truncnormal":
        lo, hi = p.get("min", -math.inf), p.get("max", math.inf)
        return stats.truncnorm((lo - p["mean"]) / p["sd"], (hi - p["mean"]) / p["sd"],
                               p["mean"], p["sd"])
    if d == "lognormal":
        sigma2 = math.log1p((p["sd"] / p["mean"]) ** 2)
        return stats.lognorm(math.sqrt(sigma2), scale=math.exp(math.log(p["mean"]) - sigma2 / 2))
    if d == "poisson":
        return stats.poisson(p["mean"])
    if d == "negbinomial":
        r = p["mean"] ** 2 / (p["sd"] ** 2 - p["mean"])
        return stats.nbinom(r, r / (r + p["mean"]))
    raise ValueError(d)


def _profile_rows(scenario: Scenario) -> np.ndarray:
    """(chain, duration 0..T, year): Σ over cohorts of the shifted profile weights."""
    meta = scenario.meta
    n_years = meta.horizon
    rows = np.zeros((len(scenario.chains), n_years + 1, n_years))
    for e, chain in enumerate(scenario.chains):
        p = chain.profile
        for duration in range(1, n_years + 1):
            w = profile_weights(p.shape, p.lag, duration, p.half_life,
                                chain.adjustments.drop_off, n_years)
            for cohort in chain.cohorts:
                for t in range(cohort - meta.start_year, n_years):
                    rows[e, duration, t] += w[t - (cohort - meta.start_year)]
    return rows


def _aggregate(scenario: Scenario, values: np.ndarray) -> Draws:
    """Per-draw benefits and group present values from sampled inputs (draw, chain, slot)."""
    core = core_arrays(scenario, point=True)  # for the group column layout only
    rows = _profile_rows(scenario)
    discount = scenario.meta.discount_factors
    n = values.shape[0]
    n_years = scenario.meta.horizon
    benefits = np.zeros((n, n_years))
    groups = np.zeros((n, core.group_slices["claimable"].stop))
    for e, chain in enumerate(scenario.chains):
        amount = chain.adjustments.factor * values[:, e, :4].prod(axis=1)
        duration = np.clip(np.round(values[:, e, 4]).astype(int), 1, n_years)
        profile = rows[e, duration]  # (draw, year)
        benefits += amount[:, None] * profile
        pv = amount * (profile @ discount)
        for col in core.group_columns[e]:
            if col >= 0:
                groups[:, col] += pv
    return Draws(benefits, groups, values)


def twin(scenario: Scenario, seed: int, first: int, n: int) -> Draws:
    """The core's draws first .. first + n − 1, computed with NumPy and scipy."""
    core = core_arrays(scenario)  # factor layout (which chain loads on which factor)
    values = np.empty((n, len(scenario.chains), len(INPUT_NAMES)))
    factors = {name: special.ndtri(uniforms(stream_key(seed, name), first, n))
               for name in core.factor_names}
    for e, chain in enumerate(scenario.chains):
        for s, inp in enumerate(chain.inputs):
            if inp.is_fixed:
                values[:, e, s] = inp.point
                continue
            u = uniforms(stream_key(seed, "input", chain.id, INPUT_NAMES[s]), first, n)
            f = core.factor_of[e, s]
            if f >= 0:
                a = core.loading[e, s]
                z = a * factors[core.factor_names[f]] + math.sqrt(1 - a * a) * special.ndtri(u)
                u = special.ndtr(z)
            values[:, e, s] = frozen(inp).ppf(u)
    return _aggregate(scenario, values)


def peer(scenario: Scenario, n: int, seed: int = 0) -> Draws:
    """The benchmarks' NumPy peer: Generator draws for independent inputs, a matmul with
    the profile matrix. Durations and correlations are not sampled (point values)."""
    rng = np.random.default_rng(seed)
    meta = scenario.meta
    n_years = meta.horizon
    chains = scenario.chains
    amount = np.empty((n, len(chains)))
    profile = np.empty((len(chains), n_years))
    rows = _profile_rows(scenario)
    for e, chain in enumerate(chains):
        x = np.full(n, chain.adjustments.factor)
        for inp in chain.inputs[:4]:
            x *= _generator_draws(rng, inp, n)
        amount[:, e] = x
        profile[e] = rows[e, chain.profile.point_duration]
    benefits = amount @ profile
    core = core_arrays(scenario, point=True)
    pv = amount * (profile @ meta.discount_factors)
    groups = np.zeros((n, core.group_slices["claimable"].stop))
    for k in range(core.group_columns.shape[1]):
        cols = core.group_columns[:, k]
        one_hot = np.zeros((len(chains), groups.shape[1]))
        one_hot[np.arange(len(chains))[cols >= 0], cols[cols >= 0]] = 1.0
        groups += pv @ one_hot
    return Draws(benefits, groups, None)


def _generator_draws(rng: np.random.Generator, inp: Input, n: int) -> np.ndarray:
    p = inp.p
    d = inp.dist
    if d == "fixed":
        return np.full(n, p["value"])
    if d == "beta":
        return rng.beta(*beta_ab(p), size=n)
    if d == "poisson":
        return rng.poisson(p["mean"], size=n).astype(float)
    if d == "negbinomial":
        r = p["mean"] ** 2 / (p["sd"] ** 2 - p["mean"])
        return rng.negative_binomial(r, r / (r + p["mean"]), size=n).astype(float)
    if d == "uniform":
        return rng.uniform(p["min"], p["max"], size=n)
    if d == "triangular":
        return rng.triangular(p["min"], p["mode"], p["max"], size=n)
    # The remaining kinds by inversion of a uniform.
    return np.asarray(frozen(inp).ppf(rng.random(n)), dtype=float)
