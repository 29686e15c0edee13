"""NumPy implementations of the model, for tests and benchmarks.

- :func:`twin` is the slow, obviously-correct twin of the numba core: the same uniforms
  (same stream keys, same counter-based generator, written in NumPy uint64 arithmetic),
  but every inverse CDF from :mod:`scipy.stats` (a count too large for an exact table:
  the lattice inverse of :func:`mcimpact.model.distributions.lattice_quantile`, on the
  same lattice) and the benefit arithmetic spelled out.
  The tests compare the core with it draw by draw.
- :func:`peer` is the well-vectorised NumPy implementation the benchmarks measure the core
  against: ``numpy.random.Generator`` draws per input, then a matmul of the per-chain
  amounts with the profile matrix. Its random numbers differ from the core's, so it is
  compared statistically.

Both return the raw per-draw arrays of :class:`mcimpact.core.compile.Draws`: benefits
(draw, financing, year), groups (draw, financing, column), funding patterns (draw,
financing, initiative). :func:`twin` models every financing scenario of the scenario
(renewal draws, added cohorts with uplift, extra duration and saturation), spelled out
from the model's definition rather than from the core's precomputed profile rows;
:func:`peer` models the base funding only (one financing scenario).
"""

from __future__ import annotations

import math

import numpy as np
from scipy import special

from ..core.compile import Draws, core_arrays, stream_key
from ..model.distributions import (
    DISCRETE_LATTICE,
    Input,
    beta_ab,
    count_table,
    frozen,
    lattice_quantile,
)
from ..model.profiles import profile_weights
from ..model.scenario import INPUT_NAMES, Scenario

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def uniforms(key: int, first: int, n: int) -> np.ndarray:
    """The core's uniforms of one stream for draws first .. first + n − 1."""
    with np.errstate(over="ignore"):
        z = np.uint64(key) + (np.arange(first, first + n, dtype=np.uint64) + np.uint64(1)) * _GOLDEN
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return np.minimum(((z >> np.uint64(11)).astype(np.float64) + 0.5) * 2.0**-53,
                      1.0 - 2.0**-53)


def _base_rows(scenario: Scenario) -> np.ndarray:
    """(chain, duration 0..T, year): Σ over the chain's own cohorts of the shifted profile
    weights (the base funding; :func:`peer` only)."""
    meta = scenario.meta
    n_years = meta.horizon
    rows = np.zeros((len(scenario.chains), n_years + 1, n_years))
    for e, chain in enumerate(scenario.chains):
        p = chain.profile
        for duration in range(1, n_years + 1):
            w = profile_weights(p.shape, p.lag, duration, p.half_life,
                                chain.adjustments.point_drop_off, n_years)
            for cohort in chain.cohorts:
                for t in range(cohort - meta.start_year, n_years):
                    rows[e, duration, t] += w[t - (cohort - meta.start_year)]
    return rows


def renewals(scenario: Scenario, seed: int, first: int, n: int) -> np.ndarray:
    """K per (draw, financing, initiative): the number of added years funded.

    K is drawn by inversion of P(K = k) (:meth:`Funding.added_years_probabilities`):
    the smallest k with u < P(K ≤ k), u the uniform of stream ``("renewal", group)``,
    group ``"all"`` for a joint financing scenario, else the initiative's id.
    """
    fins, inis = scenario.financing, scenario.initiatives
    out = np.zeros((n, len(fins), len(inis)), dtype=np.int64)
    for f, fin in enumerate(fins):
        for i, ini in enumerate(inis):
            plan = fin.of(ini.id)
            if plan is None:
                continue  # nothing added: K = 0
            u = uniforms(stream_key(seed, "renewal", "all" if fin.joint else ini.id),
                         first, n)
            cdf = np.cumsum(plan.added_years_probabilities())
            k = np.array([next((j for j, c in enumerate(cdf) if x < c), len(cdf) - 1)
                          for x in u], dtype=np.int64)
            out[:, f, i] = np.minimum(k, len(plan.years))
    return out


def granted(scenario: Scenario) -> np.ndarray:
    """K per (financing, initiative) when every renewal is granted (the point run)."""
    return np.array([[len(plan.years) if (plan := fin.of(ini.id)) else 0
                      for ini in scenario.initiatives] for fin in scenario.financing],
                    dtype=np.int64).reshape(len(scenario.financing), len(scenario.initiatives))


def _shifted(weights: np.ndarray, cohort: int, n_years: int) -> np.ndarray:
    """Weights ``(draw, k)`` of a cohort in year index ``cohort`` → ``(draw, year)``."""
    out = np.zeros((len(weights), n_years))
    out[:, cohort:] = weights[:, : n_years - cohort]
    return out


def _aggregate(scenario: Scenario, values: np.ndarray, patterns: np.ndarray) -> Draws:
    """Per-draw benefits and group present values from sampled inputs (draw, chain, slot)
    and funding patterns (draw, financing, initiative), from the model's definition:

    - each of the chain's own cohorts c adds  a·N·p·δ·v · w_d[t − c];
    - a chain that follows the funding gets, for the k-th added year y funded (k ≤ K), a
      cohort  a·N·s^k · p_y·δ·v · w_{d_y}[t − y], with run = the number of consecutive
      funded years (base ∪ added) just before y, Δ = min(uplift_max, uplift·run),
      p_y = 1 − (1 − p)(1 − Δ), and d_y = min(d + extra_duration, T) when
      sustained_years > 0 and run ≥ sustained_years, else d;

    d = round(duration) kept within [1, T]; w_d from :func:`profile_weights`.
    """
    core = core_arrays(scenario, point=True)  # for the group column layout only
    meta = scenario.meta
    n_years = meta.horizon
    discount = meta.discount_factors
    initiatives = {x.id: (i, x) for i, x in enumerate(scenario.initiatives)}
    n = values.shape[0]
    n_fin = len(scenario.financing)
    benefits = np.zeros((n, n_fin, n_years))
    groups = np.zeros((n, n_fin, core.group_slices["claimable"].stop))
    for e, chain in enumerate(scenario.chains):
        prof = chain.profile
        # The kept adjustments (slots 5–7: their points where fixed), as the core.
        a = (1 - values[:, e, 5]) * (1 - values[:, e, 6]) * (1 - values[:, e, 7])
        count, p, delta, v = (values[:, e, s] for s in range(4))
        d = np.clip(np.round(values[:, e, 4]).astype(np.int64), 1, n_years)

        # w_k for each effect duration k = 1 .. T (row 0 unused), then per cohort the
        # draws' rows shifted to the cohort year.
        # A sampled drop-off (slot 8) multiplies effect year j by (1 − drop-off)^j per draw.
        sampled_drop = not chain.adjustments.drop_off.is_fixed
        weights = np.zeros((n_years + 1, n_years))
        for k in range(1, n_years + 1):
            weights[k] = profile_weights(prof.shape, prof.lag, k, prof.half_life,
                                         0.0 if sampled_drop else
                                         chain.adjustments.point_drop_off, n_years)
        decay = ((1 - values[:, e, 8])[:, None]
                 ** np.maximum(np.arange(n_years) - prof.lag, 0)[None, :]
                 if sampled_drop else None)

        def cohort(year: int, duration: np.ndarray, w: np.ndarray = weights,
                   decay: np.ndarray | None = decay) -> np.ndarray:
            rows = w[duration] if decay is None else w[duration] * decay
            return _shifted(rows, year - meta.start_year, n_years)

        i, initiative = initiatives[chain.initiative]
        mine = np.zeros((n, n_fin, n_years))
        for f, fin in enumerate(scenario.financing):
            for year in chain.cohorts:
                mine[:, f] += (a * count * p * delta * v)[:, None] * cohort(year, d)
            plan = fin.of(chain.initiative)
            if plan is None or not chain.follows_funding:
                continue
            funded_k = patterns[:, f, i]
            for k, year in enumerate(plan.years, start=1):
                # The years funded before y when y is: the base years and the added years
                # before it (added years are funded in order, so all k − 1 of them).
                funded = set(initiative.funded_years) | set(plan.years[: k - 1])
                run = 0
                while year - 1 - run in funded:
                    run += 1
                uplift = min(plan.uplift_max, plan.uplift * run)
                p_y = 1 - (1 - p) * (1 - uplift)
                sustained = plan.sustained_years > 0 and run >= plan.sustained_years
                d_y = np.minimum(d + plan.extra_duration, n_years) if sustained else d
                amount = a * count * plan.saturation**k * p_y * delta * v
                mine[:, f] += np.where(funded_k >= k, amount, 0.0)[:, None] * cohort(year, d_y)
        benefits += mine
        pv = mine @ discount  # (draw, financing)
        for col in core.group_columns[e]:
            if col >= 0:
                groups[:, :, col] += pv
    return Draws(benefits, groups, patterns, values)


def costs(scenario: Scenario, patterns: np.ndarray, seed: int | None = None,
          first: int = 0) -> np.ndarray:
    """Nominal costs (draw, financing, year) for funding patterns (draw, financing,
    initiative): the initiatives' own costs times (1 + optimism bias) plus cost_per_year
    in each added year funded. With a ``seed``, the uncertain costs of draws first …
    are sampled (scipy's inverse CDF of the uniforms of stream ("cost", initiative,
    year)); without one they are at their means (the point run)."""
    meta = scenario.meta
    n = patterns.shape[0]
    out = np.zeros((n, len(scenario.financing), meta.horizon))
    for f, fin in enumerate(scenario.financing):
        for i, ini in enumerate(scenario.initiatives):
            uncertain = dict(ini.cost_inputs) if seed is not None else {}
            for year, cost in ini.costs:
                if year in uncertain:
                    assert seed is not None  # uncertain costs are drawn with a seed only
                    u = uniforms(stream_key(seed, "cost", ini.id, year), first, n)
                    drawn = _inverse(uncertain[year], u)
                else:
                    drawn = np.full(n, cost)
                out[:, f, year - meta.start_year] += drawn * (1 + ini.optimism_bias)
            plan = fin.of(ini.id)
            if plan is None:
                continue
            for k, year in enumerate(plan.years, start=1):
                out[:, f, year - meta.start_year] += np.where(patterns[:, f, i] >= k,
                                                              plan.cost_per_year, 0.0)
    return out


def twin(scenario: Scenario, seed: int, first: int, n: int, *,
         inputs: np.ndarray | None = None) -> Draws:
    """The core's draws first .. first + n − 1, computed with NumPy and scipy.

    ``inputs`` (draw, chain, slot), e.g. the core's own kept inputs, replaces the sampled
    inputs: the benefit arithmetic is then checked apart from the inverse CDFs (the
    core's Beta tables interpolate, to < 1e-5 relative).
    """
    patterns = renewals(scenario, seed, first, n)
    if inputs is not None:
        return _aggregate(scenario, np.asarray(inputs, dtype=float), patterns)
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
            values[:, e, s] = _inverse(inp, u)
    return _aggregate(scenario, values, patterns)


def _inverse(inp: Input, u: np.ndarray) -> np.ndarray:
    """F⁻¹(u) of an input: scipy's, or a large count's lattice inverse."""
    if inp.dist in ("poisson", "negbinomial"):
        table = count_table(inp)
        if table.kind == DISCRETE_LATTICE:
            return lattice_quantile(table.points, table.cdf, u)
    return np.asarray(frozen(inp).ppf(u), dtype=float)


def point(scenario: Scenario, patterns: np.ndarray | None = None) -> Draws:
    """The point run (one draw): every input at its point value; ``patterns``
    (financing, initiative) the added years funded, by default every renewal granted."""
    values = np.array([[[inp.point for inp in chain.inputs] for chain in scenario.chains]],
                      dtype=float).reshape(1, len(scenario.chains), len(INPUT_NAMES))
    k = granted(scenario) if patterns is None else np.asarray(patterns, dtype=np.int64)
    return _aggregate(scenario, values, k[None])


def peer(scenario: Scenario, n: int, seed: int = 0) -> Draws:
    """The benchmarks' NumPy peer: Generator draws for independent inputs, a matmul with
    the profile matrix. Durations and correlations are not sampled (point values).

    Financing scenarios are not modelled: the peer gives the base funding only (the
    chains' own cohorts, no added years), as one financing scenario: benefits
    (draw, 1, year), groups (draw, 1, column), patterns zeros (draw, 1, initiative). That
    equals the core's first financing scenario when that one adds no funding (every
    scenario without ``[[financing]]``; the bundled Groningen file's ``regiodeal``).
    """
    rng = np.random.default_rng(seed)
    meta = scenario.meta
    n_years = meta.horizon
    chains = scenario.chains
    amount = np.empty((n, len(chains)))
    profile = np.empty((len(chains), n_years))
    rows = _base_rows(scenario)
    for e, chain in enumerate(chains):
        x = np.full(n, chain.adjustments.factor)
        for inp in chain.inputs[:4]:
            x *= _generator_draws(rng, inp, n)
        amount[:, e] = x
        profile[e] = rows[e, min(max(chain.profile.point_duration, 1), n_years)]
    benefits = amount @ profile
    core = core_arrays(scenario, point=True)
    pv = amount * (profile @ meta.discount_factors)
    groups = np.zeros((n, core.group_slices["claimable"].stop))
    for k in range(core.group_columns.shape[1]):
        cols = core.group_columns[:, k]
        one_hot = np.zeros((len(chains), groups.shape[1]))
        one_hot[np.arange(len(chains))[cols >= 0], cols[cols >= 0]] = 1.0
        groups += pv @ one_hot
    patterns = np.zeros((n, 1, len(scenario.initiatives)), dtype=np.int64)
    return Draws(benefits[:, None], groups[:, None], patterns, None)


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
