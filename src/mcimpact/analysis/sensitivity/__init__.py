"""Sensitivity: which activity, chain or input moves the multiplier, the total benefits and
the break-even year.

Three estimators, from cheap and exact to general:

- :func:`variance_shares` — total benefits are a sum over chains, ``T = Σ_e B_e``. With
  independent chains a group ``G`` of chains has first-order = total-order Sobol index
  ``Σ_{e∈G} Var(B_e) / Σ_e Var(B_e)``: the shares follow from per-chain (or per-group)
  totals of an ordinary run, without extra model runs. The multiplier ``T / costs`` has
  the same shares. Confidence intervals by batch means.
- :func:`input_shares` — one level down, each chain is a product of independent inputs,
  so the indices per input kind and per chain and input follow exactly from the inputs'
  first two moments, without sampling.
- :func:`pick_freeze` — the general grouped estimator (:func:`scipy.stats.sobol_indices`
  on precomputed evaluations) for outputs that are not additive (the break-even year) and
  for correlated inputs. The counter-based generator makes the "A with the group's
  columns from B" samples a matter of swapping stream keys; the kernel is unchanged.

Besides: one-way swings (:func:`tornado`), what drives a late break-even
(:func:`late_break_even`), and :func:`analyse`, which runs them for a report. Every result
is an :class:`xarray.Dataset` (or a dataclass of them); nothing here prints.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import xarray as xr

from ...core.compile import CoreArrays, Keys, core_arrays, sample, stream_key, stream_keys
from ...core.kernels import DURATION, N_SLOTS
from ...model.distributions import Input
from ...model.scenario import DEFAULT_DRAWS, DEFAULT_SEED, INPUT_NAMES, Chain, Scenario
from ...run.dataset import break_even_year, never_year, yearly_costs
from ...run.engine import DEFAULT_CHUNK, run_monte_carlo

PICK_FREEZE_DRAWS = 1 << 14
OUTPUTS_DEFAULT = ("multiplier", "benefits_total", "break_even_year")

# How chains are grouped into factors: a name → the chain's label in that grouping.
GROUPINGS: dict[str, Callable[[Chain], str]] = {
    "chain": lambda c: c.id,
    "activity": lambda c: c.activity_key,
    "initiative": lambda c: c.initiative,
    "beneficiary": lambda c: c.beneficiary,
    "domain": lambda c: c.domain,
}

# A group member: a chain (row index or id: all its inputs), one input of a chain
# ((chain, input name)), a correlation factor by its name in ``CoreArrays.factor_names``,
# or RENEWAL: whether funding is renewed (the renewal draws of every initiative).
Member = int | str | tuple[int | str, str]
RENEWAL = "funding-renewal"


def one_financing(scenario: Scenario, financing: str | None = None) -> Scenario:
    """The scenario with one financing scenario: ``financing``, or the first. Every
    function here analyses one financing scenario at a time."""
    return scenario.select_financing([financing or scenario.financing[0].id])


def _certain_funding(core: CoreArrays) -> bool:
    """Whether every initiative's funding pattern is certain (no renewal risk)."""
    return bool(np.all(core.fixed_pattern >= 0))


def _pattern_row(core: CoreArrays, e: int) -> int:
    """The profile row of chain ``e`` under certain funding (one financing scenario)."""
    i = core.chain_initiative[e]
    return int(core.row_start[0, i] + core.fixed_pattern[0, i])


def chain_groups(scenario: Scenario, by: str = "activity") -> dict[str, list[int]]:
    """Chain rows per group of :data:`GROUPINGS`, groups in order of first appearance.

    Groups without chains (an activity with no effect chain) are left out: they have no
    variance to explain.
    """
    key = _lookup(GROUPINGS, by, "grouping")
    groups: dict[str, list[int]] = {}
    for e, chain in enumerate(scenario.chains):
        groups.setdefault(key(chain), []).append(e)
    return groups


def _lookup(table: Mapping[str, Any], name: str, what: str) -> Any:
    try:
        return table[name]
    except KeyError:
        raise ValueError(f"unknown {what} '{name}'; expected one of: {', '.join(table)}") from None


# --------------------------------------------------------------------------------------
# Per-chain totals and their variance shares


def chain_totals(
    scenario: Scenario, inputs: np.ndarray | xr.DataArray | xr.Dataset, *,
    patterns: np.ndarray | None = None, financing: str | None = None,
    core: CoreArrays | None = None,
) -> np.ndarray:
    """Present value of each chain's benefits per draw, from sampled inputs.

    ``B_e = a_e · N · δ · v · (p · PV_e[r, D] + PV⁰_e[r, D])`` with ``a_e`` the SROI
    adjustment, ``D = clip(round(duration), 1, T)``, ``r`` the row of the draw's funding
    pattern, ``PV_e`` the discounted sum of the chain's profile over its cohorts and
    ``PV⁰_e`` that of the continuity uplift (0 without one; docs/methodology.md §9) — the
    core's arithmetic (:func:`mcimpact.core.kernels.simulate`), so
    ``chain_totals(...).sum(axis=1)`` is the run's ``benefits_total``.

    Parameters
    ----------
    scenario : Scenario
        The scenario the inputs were sampled from.
    inputs : array_like (draw, chain, input), or a results dataset
        The ``inputs`` of ``run_monte_carlo(..., keep_inputs=True)``, in the order of
        :data:`~mcimpact.model.scenario.INPUT_NAMES` (durations before rounding).
    patterns : array_like (draw, initiative), optional
        The funding patterns (``added_years``) of the draws; needed when funding renewal is
        uncertain (taken from the dataset when ``inputs`` is one).
    financing : str, optional
        The financing scenario (default: the first).
    core : CoreArrays, optional
        The compiled arrays of ``one_financing(scenario, financing)``, if at hand.

    Returns
    -------
    totals : ndarray (draw, chain)
        [EUR, present value at the start year]
    """
    scenario = one_financing(scenario, financing)
    fid = scenario.financing[0].id
    if isinstance(inputs, xr.Dataset):
        if "inputs" not in inputs:
            raise ValueError("the dataset has no sampled inputs: run it with keep_inputs=True")
        if patterns is None:
            added = inputs["added_years"]
            patterns = (added.sel(financing=fid) if "financing" in added.dims else added).values
        inputs = inputs["inputs"]
    x = np.asarray(inputs.values if isinstance(inputs, xr.DataArray) else inputs, dtype=float)
    if core is None:
        core = core_arrays(scenario)
    n_chains = len(core.chain_ids)
    if x.ndim != 3 or x.shape[1:] != (n_chains, N_SLOTS):
        raise ValueError(f"inputs must have shape (draw, {n_chains}, {N_SLOTS}), "
                         f"got {x.shape}")
    if patterns is None:
        if not _certain_funding(core):
            raise ValueError(f"funding renewal is uncertain in financing scenario '{fid}': "
                             "pass the draws' patterns (added_years)")
        patterns = np.broadcast_to(core.fixed_pattern[0], (len(x), core.row_start.shape[1]))
    rows = core.row_start[0][core.chain_initiative] + np.asarray(patterns)[
        :, core.chain_initiative]  # (draw, chain)
    max_duration = core.pv_profiles.shape[2] - 1
    # np.rint rounds halves to even, like the kernel's round().
    duration = np.clip(np.rint(x[:, :, DURATION]), 1, max_duration).astype(np.int64)
    chain = np.arange(n_chains)
    amount = core.adjustment * x[:, :, 0] * x[:, :, 1] * x[:, :, 2] * x[:, :, 3]
    amount_np = core.adjustment * x[:, :, 0] * x[:, :, 2] * x[:, :, 3]
    return (amount * core.pv_profiles[chain, rows, duration]
            + amount_np * core.pv_uplift[chain, rows, duration])


def variance_shares(
    totals: np.ndarray | xr.DataArray,
    groups: Mapping[str, Sequence[int]] | None = None,
    *,
    batches: int = 20,
    confidence_level: float = 0.95,
) -> xr.Dataset:
    """Sobol indices of groups of additive parts, from their per-draw totals.

    For an output ``T = Σ_e B_e`` with independent parts ``B_e`` (chains with independent
    inputs), conditioning on a group ``G`` of parts removes exactly their variance, so
    first-order and total-order index are equal::

        S_G = ST_G = Σ_{e∈G} Var(B_e) / Σ_e Var(B_e)

    The multiplier ``T / costs`` has the same indices (costs are certain). The break-even
    year is not additive: use :func:`pick_freeze` for it.

    Parameters
    ----------
    totals : array_like (draw, part) or DataArray (draw, part)
        Per-draw totals of the parts [EUR]: :func:`chain_totals`, or a breakdown of the
        results such as ``ds["benefits_by_activity"]`` (its coordinate labels the parts).
        A part may itself be a sum of independent chains: its variance is then estimated
        as that of the sum (same expectation, the chains' sample covariances add noise).
    groups : mapping of label → column indices, optional
        The factors as groups of parts. Default: every part is a factor.
    batches : int
        For the confidence intervals the draws are split into this many contiguous
        batches; the shares are computed per batch, and the interval is the full-sample
        share ± t_{(1+level)/2, batches−1} · sd(batch shares) / √batches.
    confidence_level : float

    Returns
    -------
    xarray.Dataset
        Dimension ``factor``. ``first_order``, ``total_order`` (equal), each with
        ``_low``/``_high`` bounds; ``standard_error`` (batch means); ``mean`` and
        ``variance`` of the group's total [EUR, EUR²]. Attribute ``covariance_share``,
        ``1 − Σ_e Var(B_e) / Var(T)``, is near 0 when the parts are independent, as the
        formula assumes; far from 0 (correlated inputs), use :func:`pick_freeze`.
    """
    from scipy import stats

    labels: list[str]
    if isinstance(totals, xr.DataArray):
        part_dim = [d for d in totals.dims if d != "draw"]
        if totals.ndim != 2 or "draw" not in totals.dims:
            raise ValueError(f"totals must have dims (draw, part), got {totals.dims}")
        labels = [str(v) for v in totals[part_dim[0]].values]
        grouping = str(part_dim[0])
        x = np.asarray(totals.transpose("draw", part_dim[0]).values, dtype=float)
    else:
        x = np.asarray(totals, dtype=float)
        if x.ndim != 2:
            raise ValueError(f"totals must be a (draw, part) array, got shape {x.shape}")
        labels = [str(k) for k in range(x.shape[1])]
        grouping = "part"
    n, n_parts = x.shape
    if groups is None:
        groups = {label: [k] for k, label in enumerate(labels)}
    if not 2 <= batches <= n // 2:
        raise ValueError(f"batches must lie in [2, draws / 2] = [2, {n // 2}], got {batches}")
    names = list(groups)
    member = np.zeros((n_parts, len(names)))
    for g, name in enumerate(names):
        member[list(groups[name]), g] = 1.0

    def shares(block: np.ndarray) -> np.ndarray:
        var = block.var(axis=0, ddof=1)
        total = var.sum()
        return var @ member / total if total > 0 else np.zeros(len(names))

    share = shares(x)
    per_batch = np.stack([shares(b) for b in np.array_split(x, batches)])
    se = per_batch.std(axis=0, ddof=1) / math.sqrt(batches)
    half = stats.t.ppf(0.5 + confidence_level / 2, batches - 1) * se
    var_parts = x.var(axis=0, ddof=1)
    var_total = x.sum(axis=1).var(ddof=1)
    covariance_share = 1.0 - var_parts.sum() / var_total if var_total > 0 else 0.0
    ds = xr.Dataset(
        {
            "first_order": ("factor", share, {"long_name": "first-order Sobol index"}),
            "first_order_low": ("factor", share - half),
            "first_order_high": ("factor", share + half),
            "total_order": ("factor", share, {"long_name": "total-order Sobol index"}),
            "total_order_low": ("factor", share - half),
            "total_order_high": ("factor", share + half),
            "standard_error": ("factor", se, {"long_name": "batch-means standard error"}),
            "mean": ("factor", x.mean(axis=0) @ member, {"long_name": "mean of the group"}),
            "variance": ("factor", var_parts @ member, {"long_name": "variance of the group"}),
        },
        coords={"factor": names},
    )
    ds.attrs.update({
        "method": "variance shares of independent additive parts (first order = total "
                  "order); confidence intervals by batch means",
        "outputs": "benefits_total, multiplier",
        "grouping": grouping,
        "draws": n,
        "batches": batches,
        "confidence_level": confidence_level,
        "covariance_share": float(covariance_share),
    })
    return ds


# --------------------------------------------------------------------------------------
# Exact indices of sums of independent products


def input_moments(inp: Input) -> tuple[float, float]:
    """(mean, variance) of an input's distribution; a fixed input has variance 0."""
    if inp.is_fixed:
        return inp.point, 0.0
    from ...model.distributions import frozen

    dist = frozen(inp)
    return float(dist.mean()), float(dist.var())


def _duration_moments(inp: Input, pv_row: np.ndarray) -> tuple[float, float]:
    """(mean, variance) of ``PV[clip(round(D), 1, T)]``, the chain's present-value factor
    as a function of its duration: exact, from the probability of each rounded year."""
    max_duration = len(pv_row) - 1
    if inp.is_fixed:
        return float(pv_row[min(max(round(inp.point), 1), max_duration)]), 0.0
    from ...model.distributions import frozen

    dist = frozen(inp)
    k = np.arange(1, max_duration + 1)
    # P(round(D) = k) = F(k + ½) − F(k − ½); the same formula serves counts, whose CDF is
    # flat between integers. Mass outside [1, T] goes to the end years (the clip).
    upper = dist.cdf(k + 0.5)
    lower = dist.cdf(k - 0.5)
    upper[-1], lower[0] = 1.0, 0.0
    prob = upper - lower
    y = pv_row[k]
    mean = float(prob @ y)
    return mean, max(float(prob @ y**2) - mean**2, 0.0)


def _structure(scenario: Scenario, core: CoreArrays) -> tuple[bool, bool]:
    """(independent chains, sum of independent products) for the one financing scenario
    of ``core``: see :func:`independent_chains` and :func:`product_form`."""
    independent = not scenario.correlations and _certain_funding(core)
    return independent, independent and not core.has_uplift.any()


def product_form(scenario: Scenario, financing: str | None = None) -> bool:
    """Whether total benefits under the financing scenario (default: the first) are a sum
    of independent products of independent inputs: no correlations, certain funding and
    no continuity uplift. Then :func:`variance_shares` and :func:`input_shares` are exact."""
    return _structure(scenario, core_arrays(one_financing(scenario, financing)))[1]


def independent_chains(scenario: Scenario, financing: str | None = None) -> bool:
    """Whether the chains' totals are independent: no correlations and certain funding
    (a shared renewal draw couples the chains of the initiatives it funds)."""
    return _structure(scenario, core_arrays(one_financing(scenario, financing)))[0]


def input_shares(scenario: Scenario, *, core: CoreArrays | None = None) -> xr.Dataset:
    """Exact Sobol indices of total benefits (and the multiplier) per input kind and per
    chain and input, for independent inputs.

    Chain ``e`` contributes ``B_e = a_e · Π_i X_{e,i}`` with independent factors
    ``X = (N, p, δ, v, Y)``, where ``Y = PV_e[clip(round(D), 1, T)]`` carries the
    duration (its moments are exact sums over the rounded years). With means ``m``,
    variances ``s²`` and second moments ``q = s² + m²``::

        Var(B_e)  = a_e² (Π_i q_{e,i} − Π_i m_{e,i}²),     Var(T) = Σ_e Var(B_e)
        S_K  = Σ_e a_e² s²_{e,K} Π_{j≠K} m_{e,j}² / Var(T)   (input kind K, all chains)
        ST_K = Σ_e a_e² s²_{e,K} Π_{j≠K} q_{e,j}  / Var(T)
        S_{e,i} = a_e² s²_{e,i} Π_{j≠i} m_{e,j}² / Var(B_e)  (within chain e; ST with q)

    Moments come from the inputs' distributions (:func:`mcimpact.testing.twin.frozen`); the
    core samples these up to its table accuracy (about 1e-6 relative).

    Returns
    -------
    xarray.Dataset
        ``first_order``, ``total_order`` (input); ``chain_share`` (chain), the chain's
        ``Var(B_e) / Var(T)`` (also its first- and total-order index as a group);
        ``chain_first_order``, ``chain_total_order`` (chain, input), within the chain;
        ``chain_mean``, ``chain_variance`` (chain) [EUR, EUR²]; ``input_mean``,
        ``input_variance`` (chain, input) of the inputs themselves. Coordinates
        ``activity`` and ``initiative`` on ``chain`` allow ``groupby``. Indices of a
        quantity without variance are 0 (as in :func:`scipy.stats.sobol_indices`).

    Raises
    ------
    ValueError
        If the scenario correlates inputs, or its (first) financing scenario renews funding
        at random or lifts the slagingskans: the formulas need independent products; use
        :func:`pick_freeze`.
    """
    if not product_form(scenario):
        raise ValueError("input_shares needs independent products: no correlations, certain "
                         "funding and no continuity uplift; use pick_freeze")
    scenario = one_financing(scenario)
    if core is None:
        core = core_arrays(scenario)
    chains = scenario.chains
    n_chains = len(chains)
    raw = np.zeros((n_chains, N_SLOTS, 2))  # the inputs' (mean, variance)
    factor = np.zeros((n_chains, N_SLOTS, 2))  # the product's factors: duration → Y
    for e, chain in enumerate(chains):
        for s, inp in enumerate(chain.inputs):
            raw[e, s] = input_moments(inp)
            factor[e, s] = (_duration_moments(inp, core.pv_profiles[e, _pattern_row(core, e)])
                            if s == DURATION else raw[e, s])
    a2 = core.adjustment**2
    m2 = factor[:, :, 0] ** 2
    var = factor[:, :, 1]
    q = var + m2
    # Π_{j≠i}: the product with factor i replaced by 1.
    others_m2 = np.stack([np.prod(np.delete(m2, i, axis=1), axis=1) for i in range(N_SLOTS)],
                         axis=1)
    others_q = np.stack([np.prod(np.delete(q, i, axis=1), axis=1) for i in range(N_SLOTS)],
                        axis=1)
    chain_var = a2 * (q.prod(axis=1) - m2.prod(axis=1))
    chain_var = np.maximum(chain_var, 0.0)  # rounding when every factor is fixed
    first_part = a2[:, None] * var * others_m2
    total_part = a2[:, None] * var * others_q
    var_total = float(chain_var.sum())

    def ratio(num: np.ndarray, den: np.ndarray | float) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            out = np.asarray(num / den, dtype=float)
        return np.where(np.isfinite(out), out, 0.0)

    cd = ("chain", "input")
    ds = xr.Dataset(
        {
            "first_order": ("input", ratio(first_part.sum(axis=0), var_total),
                            {"long_name": "first-order Sobol index of the input kind"}),
            "total_order": ("input", ratio(total_part.sum(axis=0), var_total),
                            {"long_name": "total-order Sobol index of the input kind"}),
            "chain_share": ("chain", ratio(chain_var, var_total),
                            {"long_name": "Var(B_e) / Var(T): the chain's Sobol index"}),
            "chain_first_order": (cd, ratio(first_part, chain_var[:, None]),
                                  {"long_name": "first-order index within the chain"}),
            "chain_total_order": (cd, ratio(total_part, chain_var[:, None]),
                                  {"long_name": "total-order index within the chain"}),
            "chain_mean": ("chain", core.adjustment * factor[:, :, 0].prod(axis=1),
                           {"units": scenario.meta.currency}),
            "chain_variance": ("chain", chain_var,
                               {"units": f"{scenario.meta.currency}^2"}),
            "input_mean": (cd, raw[:, :, 0]),
            "input_variance": (cd, raw[:, :, 1]),
        },
        coords={
            "input": list(INPUT_NAMES),
            "chain": [c.id for c in chains],
            "activity": ("chain", [c.activity_key for c in chains]),
            "initiative": ("chain", [c.initiative for c in chains]),
        },
    )
    ds.attrs.update({
        "method": "exact variance decomposition of a sum of independent products",
        "outputs": "benefits_total, multiplier",
        "variance_total": var_total,
        "mean_total": float(ds["chain_mean"].sum()),
    })
    return ds


# --------------------------------------------------------------------------------------
# Outputs per draw, computed from the core's yearly benefits


@dataclass(frozen=True)
class _Money:
    discount: np.ndarray  # (year,)
    years: np.ndarray
    never: int


def _money(scenario: Scenario, core: CoreArrays) -> _Money:
    return _Money(core.discount, scenario.meta.years, never_year(scenario))


def _multiplier(b: np.ndarray, c: np.ndarray, m: _Money) -> np.ndarray:
    costs = c @ m.discount
    if np.any(costs <= 0):
        raise ValueError("the scenario has no costs, so no multiplier")
    return (b @ m.discount) / costs


def _break_even(b: np.ndarray, c: np.ndarray, m: _Money) -> np.ndarray:
    return break_even_year(b, c, m.discount, m.years, m.never)


# Output name → its per-draw values from yearly benefits and costs (draw, year). Besides
# these, "break_even_after_YYYY" is the indicator of no break-even by year YYYY.
OUTPUTS: dict[str, Callable[[np.ndarray, np.ndarray, _Money], np.ndarray]] = {
    "benefits_total": lambda b, c, m: b @ m.discount,
    "multiplier": _multiplier,
    "break_even_year": lambda b, c, m: _break_even(b, c, m).astype(float),
}
_LATE = re.compile(r"break_even_after_(\d+)")


def _output(name: str) -> Callable[[np.ndarray, np.ndarray, _Money], np.ndarray]:
    late = _LATE.fullmatch(name)
    if late:
        year = int(late.group(1))
        return lambda b, c, m: (_break_even(b, c, m) > year).astype(float)
    return _lookup(OUTPUTS, name, "output (or break_even_after_YYYY)")


def _flows(core: CoreArrays, keys: Keys, first: int, n: int,
           params: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Yearly benefits and costs (draw, year) of draws first .. first + n − 1 of the one
    financing scenario of ``core``, with the given stream keys (and, optionally, other
    fixed parameters)."""
    d = sample(core, 0, first, n, keys=keys, params=params)
    costs = yearly_costs(core.cost_rows, d.patterns)[:, 0]
    return d.benefits[:, 0], costs


# --------------------------------------------------------------------------------------
# The general estimator


def weighted_indices(f_A: np.ndarray, f_B: np.ndarray, f_AB: np.ndarray,
                     weights: np.ndarray) -> np.ndarray:
    """The estimators of :func:`scipy.stats.sobol_indices` with weighted draws.

    With weights ``w`` (summing to n per row) and ``⟨·⟩`` the weighted mean, after centring
    by the mean ``μ`` of A and B together::

        S_i  = ⟨(f_B − μ)(f_ABi − f_A)⟩ / V     (Saltelli 2010)
        ST_i = ½ ⟨(f_A − f_ABi)²⟩ / V           (Jansen)
        V    = ½ (⟨f_A²⟩ + ⟨f_B²⟩) − μ²

    Bootstrap counts as weights give the indices of a resample from a few matrix products
    instead of a copy of every evaluation per resample; unit weights give scipy's
    estimates (the tests check both).

    Parameters
    ----------
    f_A, f_B : ndarray (output, n)
    f_AB : ndarray (factor, output, n)
    weights : ndarray (resample, n)

    Returns
    -------
    ndarray (2, output, factor, resample)
        First-order and total-order indices; 0 where the output has no variance.
    """
    d, n_out, n = f_AB.shape
    w = weights / n
    mu = (w @ f_A.T + w @ f_B.T) / 2  # (resample, output)
    var = (w @ (f_A**2).T + w @ (f_B**2).T) / 2 - mu**2
    diff = (f_AB - f_A).reshape(d * n_out, n)

    def mean(x: np.ndarray) -> np.ndarray:  # (d·output, n) → (resample, output, factor)
        return np.swapaxes((w @ x.T).reshape(-1, d, n_out), 1, 2)

    b_diff = mean((np.broadcast_to(f_B, f_AB.shape).reshape(d * n_out, n)) * diff)
    with np.errstate(divide="ignore", invalid="ignore"):
        first = (b_diff - mu[:, :, None] * mean(diff)) / var[:, :, None]
        total = 0.5 * mean(diff**2) / var[:, :, None]
    out = np.moveaxis(np.stack([first, total]), 1, -1)  # (2, output, factor, resample)
    return np.where(np.isfinite(out), out, 0.0)


def sobol_from_evaluations(
    f_A: np.ndarray,
    f_B: np.ndarray,
    f_AB: np.ndarray,
    *,
    factors: Sequence[str] | None = None,
    outputs: Sequence[str] | None = None,
    confidence_level: float = 0.95,
    n_resamples: int = 999,
    seed: int = 0,
) -> xr.Dataset:
    """First- and total-order Sobol indices from pick-freeze evaluations, with bootstrap
    confidence intervals: a thin wrapper of :func:`scipy.stats.sobol_indices`.

    Parameters
    ----------
    f_A, f_B : array_like (output, n) or (n,)
        The outputs at two independent samples A and B.
    f_AB : array_like (factor, output, n) or (factor, n)
        The outputs at A with factor (group) ``k``'s inputs taken from B.
    factors, outputs : sequence of str, optional
        Labels; default ``0, 1, ...``.
    confidence_level : float
    n_resamples : int
        Percentile-bootstrap resamples of the draws (:func:`scipy.stats.bootstrap` with a
        seeded generator; each resample evaluated by :func:`weighted_indices`).
    seed : int
        Seed of the bootstrap's generator: same seed, same intervals.

    Returns
    -------
    xarray.Dataset
        Dimensions ``output``, ``factor``: ``first_order`` (Saltelli 2010),
        ``total_order`` (Jansen), each with ``_low``/``_high``; ``mean`` and
        ``variance`` (output) from A and B together.

    Notes
    -----
    ``SobolResult.bootstrap()`` is not used: it takes no generator (its intervals change
    from call to call), copies every evaluation per resample, and its BCa intervals need a
    jackknife over all n draws — 39 s for n = 2¹⁴, three factors and 99 resamples. Here
    the same estimators run on bootstrap counts (:func:`weighted_indices`), which takes
    well under a second for the Groningen scenario's 24 activities and four outputs.
    """
    from scipy import stats

    f_a = np.atleast_2d(np.asarray(f_A, dtype=float))
    f_b = np.atleast_2d(np.asarray(f_B, dtype=float))
    f_ab = np.asarray(f_AB, dtype=float)
    if f_ab.ndim == 2:
        f_ab = f_ab[:, None, :]
    n_out, n = f_a.shape
    d = f_ab.shape[0]
    if f_b.shape != f_a.shape or f_ab.shape != (d, n_out, n):
        raise ValueError(f"f_A, f_B must have shape (output, n) and f_AB (factor, output, n); "
                         f"got {f_a.shape}, {f_b.shape}, {f_ab.shape}")
    factors = [str(k) for k in range(d)] if factors is None else list(factors)
    outputs = [str(k) for k in range(n_out)] if outputs is None else list(outputs)
    if len(factors) != d or len(outputs) != n_out:
        raise ValueError(f"{len(factors)} factor and {len(outputs)} output labels for "
                         f"{d} factors and {n_out} outputs")
    for k, name in enumerate(outputs):
        if not (np.isfinite(f_a[k]).all() and np.isfinite(f_b[k]).all()
                and np.isfinite(f_ab[:, k]).all()):
            raise ValueError(f"output '{name}' has values that are not finite")

    res = stats.sobol_indices(func={"f_A": f_a, "f_B": f_b, "f_AB": f_ab}, n=n)
    # sobol_indices squeezes unit axes: shape them back to (output, factor).
    point = np.stack([np.reshape(res.first_order, (n_out, d)),
                      np.reshape(res.total_order, (n_out, d))])

    def statistic(idx: np.ndarray, axis: int = -1) -> np.ndarray:
        # idx: (resample, n) draw indices → bootstrap counts per draw.
        idx = np.atleast_2d(idx)
        r = idx.shape[0]
        counts = np.bincount((idx + n * np.arange(r)[:, None]).ravel(), minlength=r * n)
        return weighted_indices(f_a, f_b, f_ab, counts.reshape(r, n).astype(float))

    boot = stats.bootstrap((np.arange(n),), statistic, vectorized=True,
                           batch=max(1, (1 << 22) // n), n_resamples=n_resamples,
                           confidence_level=confidence_level, method="percentile",
                           rng=np.random.default_rng(seed))
    low, high = boot.confidence_interval.low, boot.confidence_interval.high
    dims = ("output", "factor")
    both = np.concatenate([f_a, f_b], axis=1)
    ds = xr.Dataset(
        {
            "first_order": (dims, point[0], {"long_name": "first-order Sobol index"}),
            "first_order_low": (dims, low[0]),
            "first_order_high": (dims, high[0]),
            "total_order": (dims, point[1], {"long_name": "total-order Sobol index"}),
            "total_order_low": (dims, low[1]),
            "total_order_high": (dims, high[1]),
            "mean": ("output", both.mean(axis=1)),
            "variance": ("output", both.var(axis=1)),
        },
        coords={"output": outputs, "factor": factors},
    )
    ds.attrs.update({
        "method": "pick-freeze (scipy.stats.sobol_indices: Saltelli 2010 first order, "
                  "Jansen total order)",
        "ci_method": "percentile bootstrap of the draws (scipy.stats.bootstrap)",
        "draws": n,
        "evaluations": n * (d + 2),
        "confidence_level": confidence_level,
        "n_resamples": n_resamples,
    })
    return ds


def _group_masks(core: CoreArrays, groups: Mapping[str, Iterable[Member]]
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(factor, chain, slot), (factor, copula factor) and (factor, financing, initiative)
    masks of what each group swaps."""
    row = {cid: e for e, cid in enumerate(core.chain_ids)}
    copula = {name: f for f, name in enumerate(core.factor_names)}
    inputs = np.zeros((len(groups), *core.kinds.shape), dtype=bool)
    factors = np.zeros((len(groups), len(core.factor_names)), dtype=bool)
    renewal = np.zeros((len(groups), *core.row_start.shape), dtype=bool)

    def chain_row(label: str, c: int | str) -> int:
        if isinstance(c, int | np.integer) and 0 <= c < len(row):
            return int(c)
        if isinstance(c, str) and c in row:
            return row[c]
        raise ValueError(f"group '{label}': no chain {c!r}")

    for g, (label, members) in enumerate(groups.items()):
        for item in members:
            if isinstance(item, tuple):
                c, name = item
                if name not in INPUT_NAMES:
                    raise ValueError(f"group '{label}': unknown input '{name}'; expected one "
                                     f"of: {', '.join(INPUT_NAMES)}")
                inputs[g, chain_row(label, c), INPUT_NAMES.index(name)] = True
            elif isinstance(item, str) and item in copula:
                factors[g, copula[item]] = True
            elif item == RENEWAL:
                renewal[g] = True
            else:
                inputs[g, chain_row(label, item)] = True
    return inputs, factors, renewal


def default_factors(scenario: Scenario, by: str = "activity",
                    core: CoreArrays | None = None) -> dict[str, list[Member]]:
    """Groups of chains by :data:`GROUPINGS` plus one factor per correlation group (its
    common copula factor, named like ``correlation:0:<group>``) and, where funding is
    renewed at random, the factor :data:`RENEWAL`."""
    groups: dict[str, list[Member]] = {
        label: list(rows) for label, rows in chain_groups(scenario, by).items()}
    core = core or core_arrays(scenario)
    for name in core.factor_names:
        groups[name] = [name]
    if not _certain_funding(core):
        groups[RENEWAL] = [RENEWAL]
    return groups


def kind_factors(scenario: Scenario, core: CoreArrays | None = None
                 ) -> dict[str, list[Member]]:
    """One factor per input kind (that input in every chain), plus :data:`RENEWAL` where
    funding is renewed at random."""
    groups: dict[str, list[Member]] = {}
    for cells in _cells_by_kind(scenario).items():
        groups[cells[0]] = [(e, INPUT_NAMES[s]) for e, s in cells[1]]
    if not _certain_funding(core or core_arrays(scenario)):
        groups[RENEWAL] = [RENEWAL]
    return groups


def pick_freeze(
    scenario: Scenario,
    n: int = PICK_FREEZE_DRAWS,
    seed: int = DEFAULT_SEED,
    groups: Mapping[str, Iterable[Member]] | None = None,
    *,
    by: str = "activity",
    outputs: Sequence[str] = OUTPUTS_DEFAULT,
    confidence_level: float = 0.95,
    n_resamples: int = 999,
    core: CoreArrays | None = None,
) -> xr.Dataset:
    """Grouped first- and total-order Sobol indices by pick-freeze sampling.

    A is draws ``0 .. n − 1`` of the run with ``seed`` (the first n draws of
    ``run_monte_carlo(scenario, seed=seed)``), B the same draws with the stream keys of a
    second seed, ``stream_key(seed, "pick-freeze")``, and AB_g is A with the stream keys
    of group g's inputs taken from B. Every random number depends only on its stream key
    and draw index, so AB_g is A with exactly group g's inputs redrawn. Cost:
    ``n · (groups + 2)`` draws of the core.

    Parameters
    ----------
    scenario : Scenario
        Analysed under its first financing scenario (see :func:`one_financing`).
    n : int
        Draws per sample; a power of 2 is customary, not required.
    seed : int
    groups : mapping of label → members, optional
        Each member is a chain (row or id: all its inputs), ``(chain, input name)``, the
        name of a correlation factor or :data:`RENEWAL`. Default :func:`default_factors`
        (``by``).
    by : str
        Grouping of the default factors (a key of :data:`GROUPINGS`).
    outputs : sequence of str
        Keys of :data:`OUTPUTS`, or ``break_even_after_YYYY``.
    confidence_level, n_resamples :
        Of the bootstrap intervals (:func:`sobol_from_evaluations`).
    core : CoreArrays, optional

    Returns
    -------
    xarray.Dataset
        As :func:`sobol_from_evaluations`, with attributes ``seed`` and ``grouping``.

    Notes
    -----
    With correlated inputs (a one-factor Gaussian copula), an input is driven by its own
    uniform and the common factor of its group. A group swaps only its inputs' own
    uniforms; the common factors stay as in A unless a group lists them. The indices are
    then those of independent variables — each chain's own part, and each common factor
    as a factor of its own (the default groups add one per correlation group) — which
    keeps them well defined.
    """
    if n < 2:
        raise ValueError("n must be at least 2")
    scenario = one_financing(scenario)
    if core is None:
        core = core_arrays(scenario)
    grouping = by if groups is None else "custom"
    if groups is None:
        groups = default_factors(scenario, by, core)
    funcs = [_output(name) for name in outputs]
    money = _money(scenario, core)
    in_mask, factor_mask, renewal_mask = _group_masks(core, groups)
    a = stream_keys(seed, core)
    b = stream_keys(stream_key(seed, "pick-freeze"), core)

    def evaluate(keys: Keys) -> np.ndarray:
        out = np.empty((len(funcs), n))
        for first in range(0, n, DEFAULT_CHUNK):
            m = min(DEFAULT_CHUNK, n - first)
            benefits, costs = _flows(core, keys, first, m)
            for k, f in enumerate(funcs):
                out[k, first: first + m] = f(benefits, costs, money)
        return out

    f_a = evaluate(a)
    f_b = evaluate(b)
    f_ab = np.stack([
        evaluate(Keys(np.where(in_mask[g], b.inputs, a.inputs),
                      np.where(factor_mask[g], b.factors, a.factors),
                      np.where(renewal_mask[g], b.renewal, a.renewal)))
        for g in range(len(groups))
    ])
    ds = sobol_from_evaluations(f_a, f_b, f_ab, factors=list(groups), outputs=list(outputs),
                                confidence_level=confidence_level, n_resamples=n_resamples,
                                seed=seed)
    ds.attrs.update({"seed": seed, "grouping": grouping,
                     "financing": scenario.financing[0].id})
    return ds


# --------------------------------------------------------------------------------------
# One-way swings


def _cells_by_input(scenario: Scenario) -> dict[str, list[tuple[int, int]]]:
    return {f"{c.id}:{INPUT_NAMES[s]}": [(e, s)]
            for e, c in enumerate(scenario.chains) for s, inp in enumerate(c.inputs)
            if not inp.is_fixed}


def _cells_by_kind(scenario: Scenario) -> dict[str, list[tuple[int, int]]]:
    cells: dict[str, list[tuple[int, int]]] = {}
    for e, c in enumerate(scenario.chains):
        for s, inp in enumerate(c.inputs):
            if not inp.is_fixed:
                cells.setdefault(INPUT_NAMES[s], []).append((e, s))
    return cells


def _cells_by_grouping(by: str) -> Callable[[Scenario], dict[str, list[tuple[int, int]]]]:
    def cells(scenario: Scenario) -> dict[str, list[tuple[int, int]]]:
        out = {label: [(e, s) for e in rows for s, inp in enumerate(scenario.chains[e].inputs)
                       if not inp.is_fixed]
               for label, rows in chain_groups(scenario, by).items()}
        return {label: c for label, c in out.items() if c}

    return cells


# What moves together in a tornado bar: one input, one input kind in all chains, or all
# uncertain inputs of a chain group.
TORNADO_FACTORS: dict[str, Callable[[Scenario], dict[str, list[tuple[int, int]]]]] = {
    "input": _cells_by_input,
    "kind": _cells_by_kind,
    **{by: _cells_by_grouping(by) for by in GROUPINGS},
}


def tornado(
    scenario: Scenario,
    output: str = "multiplier",
    *,
    by: str = "input",
    low: float = 0.1,
    high: float = 0.9,
) -> xr.Dataset:
    """One-way swings: the output with a factor's inputs at their ``low`` and ``high``
    quantiles (P10, P90) and every other input at its point value.

    Parameters
    ----------
    scenario : Scenario
    output : str
        A key of :data:`OUTPUTS` or ``break_even_after_YYYY``.
    by : str
        A key of :data:`TORNADO_FACTORS`: ``"input"`` (each uncertain input of each chain),
        ``"kind"`` (one input kind in all chains at once), or a chain grouping such as
        ``"activity"`` (all uncertain inputs of the group's chains at once).
    low, high : float
        The quantiles. Durations are rounded (and kept within [1, horizon]) as in
        sampling.

    Returns
    -------
    xarray.Dataset
        Dimension ``factor``, sorted by ``swing`` (descending): ``output_low``,
        ``output_high``, ``swing = |output_high − output_low|``, ``rank`` (1 = largest).
        For ``by="input"`` also ``low_value``, ``point_value``, ``high_value`` and the
        coordinates ``chain``, ``input``, ``activity``, ``initiative``. Attribute
        ``base`` is the output at the point values.

    Notes
    -----
    Runs the core in point mode (every input fixed, funding as planned) with one draw per
    bar end, so the numbers are those of ``run_deterministic`` with the factor's inputs
    changed. Analysed under the first financing scenario (see :func:`one_financing`).
    """
    from ...model.distributions import frozen

    if not 0 < low < high < 1:
        raise ValueError(f"need 0 < low < high < 1, got low = {low}, high = {high}")
    scenario = one_financing(scenario)
    factors = _lookup(TORNADO_FACTORS, by, "tornado grouping")(scenario)
    f = _output(output)
    core = core_arrays(scenario, point=True)
    money = _money(scenario, core)
    max_duration = core.pv_profiles.shape[2] - 1
    # Point mode draws nothing: every input and funding pattern is fixed.
    keys = Keys(np.zeros(core.kinds.shape, dtype=np.uint64), np.zeros(0, dtype=np.uint64),
                np.zeros(core.row_start.shape, dtype=np.uint64))
    quantiles: dict[tuple[int, int], tuple[float, float]] = {}
    for cells in factors.values():
        for e, s in cells:
            if (e, s) not in quantiles:
                lo, hi = frozen(scenario.chains[e].inputs[s]).ppf([low, high])
                if s == DURATION:
                    lo, hi = np.clip(np.rint([lo, hi]), 1, max_duration)
                quantiles[e, s] = (float(lo), float(hi))

    def run(cells: list[tuple[int, int]], end: int) -> float:
        params = core.params.copy()
        for e, s in cells:
            params[e, s, 0] = quantiles[e, s][end]
        return float(f(*_flows(core, keys, 0, 1, params), money)[0])

    labels = list(factors)
    out_low = np.array([run(factors[k], 0) for k in labels])
    out_high = np.array([run(factors[k], 1) for k in labels])
    swing = np.abs(out_high - out_low)
    order = np.argsort(-swing, kind="stable")
    data: dict[str, Any] = {
        "output_low": ("factor", out_low[order], {"long_name": f"{output}, factor at P{low:.0%}"}),
        "output_high": ("factor", out_high[order]),
        "swing": ("factor", swing[order], {"long_name": "|output_high − output_low|"}),
        "rank": ("factor", np.arange(1, len(labels) + 1)),
    }
    coords: dict[str, Any] = {"factor": [labels[k] for k in order]}
    if by == "input":
        cells = [factors[labels[k]][0] for k in order]
        chains = [scenario.chains[e] for e, _ in cells]
        data["low_value"] = ("factor", [quantiles[c][0] for c in cells])
        data["point_value"] = ("factor", [
            float(np.clip(np.rint(core.params[e, s, 0]), 1, max_duration)) if s == DURATION
            else core.params[e, s, 0] for e, s in cells])
        data["high_value"] = ("factor", [quantiles[c][1] for c in cells])
        coords.update({
            "chain": ("factor", [c.id for c in chains]),
            "input": ("factor", [INPUT_NAMES[s] for _, s in cells]),
            "activity": ("factor", [c.activity_key for c in chains]),
            "initiative": ("factor", [c.initiative for c in chains]),
        })
    ds = xr.Dataset(data, coords=coords)
    ds.attrs.update({
        "method": "one-way swings around the point values",
        "output": output,
        "by": by,
        "base": float(f(*_flows(core, keys, 0, 1), money)[0]),
        "financing": scenario.financing[0].id,
        "low_quantile": low,
        "high_quantile": high,
    })
    return ds


# --------------------------------------------------------------------------------------
# What drives a late break-even


def late_break_even(
    data: xr.Dataset | xr.DataArray | np.ndarray,
    break_even_year: np.ndarray | xr.DataArray | None = None,
    *,
    year: int,
    by: str = "activity",
    confidence_level: float = 0.95,
) -> xr.Dataset:
    """Which group's benefits make a break-even after ``year`` more likely.

    Per group: ``effect = P(late | group's benefits below their median) −
    P(late | above their median)``, late meaning no break-even by ``year``. Draws at the
    median itself (ties, e.g. counts) are left out of both halves. A positive effect says
    that low benefits of the group go with late break-even.

    Parameters
    ----------
    data : results Dataset, DataArray (draw, group) or array (draw, group)
        With a Dataset, its ``benefits_by_<by>`` and ``break_even_year``.
    break_even_year : array (draw,), optional
        Needed unless ``data`` is a Dataset.
    year : int
    by : str
        The breakdown of a Dataset to use.
    confidence_level : float
        Of the normal-approximation interval of the effect.

    Returns
    -------
    xarray.Dataset
        Dimension ``factor``, sorted by ``effect`` (descending): ``effect`` with
        ``_low``/``_high``, ``p_late_lower``, ``p_late_upper``, ``n_lower``, ``n_upper``.
        Attributes ``year``, ``p_late`` (all draws) and ``draws``.
    """
    from scipy import stats

    if isinstance(data, xr.Dataset):
        if break_even_year is None:
            break_even_year = data["break_even_year"]
        data = data[f"benefits_by_{by}"]
    if break_even_year is None:
        raise ValueError("break_even_year is needed unless data is a results dataset")
    if isinstance(data, xr.DataArray):
        dim = next(d for d in data.dims if d != "draw")
        labels = [str(v) for v in data[dim].values]
        x = np.asarray(data.transpose("draw", dim).values, dtype=float)
    else:
        x = np.asarray(data, dtype=float)
        labels = [str(k) for k in range(x.shape[1])]
    be = np.asarray(getattr(break_even_year, "values", break_even_year))
    if x.ndim != 2 or be.shape != (x.shape[0],):
        raise ValueError(f"need benefits (draw, group) and break-even years (draw,); got "
                         f"{x.shape} and {be.shape}")
    late = be > year
    median = np.median(x, axis=0)
    below, above = x < median, x > median
    n_lower, n_upper = below.sum(axis=0), above.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        p_lower = (late[:, None] & below).sum(axis=0) / n_lower
        p_upper = (late[:, None] & above).sum(axis=0) / n_upper
        se = np.sqrt(p_lower * (1 - p_lower) / n_lower + p_upper * (1 - p_upper) / n_upper)
    effect = p_lower - p_upper
    half = stats.norm.ppf(0.5 + confidence_level / 2) * se
    order = np.argsort(-np.nan_to_num(effect, nan=-np.inf), kind="stable")
    ds = xr.Dataset(
        {
            "effect": ("factor", effect[order],
                       {"long_name": "P(late | benefits below median) − P(late | above)"}),
            "effect_low": ("factor", (effect - half)[order]),
            "effect_high": ("factor", (effect + half)[order]),
            "p_late_lower": ("factor", p_lower[order]),
            "p_late_upper": ("factor", p_upper[order]),
            "n_lower": ("factor", n_lower[order]),
            "n_upper": ("factor", n_upper[order]),
        },
        coords={"factor": [labels[k] for k in order]},
    )
    ds.attrs.update({
        "method": "difference of conditional probabilities, median split",
        "year": int(year),
        "p_late": float(late.mean()),
        "draws": int(x.shape[0]),
        "confidence_level": confidence_level,
    })
    return ds


# --------------------------------------------------------------------------------------
# Everything for a report


@dataclass(frozen=True)
class SensitivityReport:
    """The sensitivity analysis of one scenario (see :func:`analyse`)."""

    scenario_name: str
    scenario_sha256: str
    financing: str
    draws: int
    seed: int
    independent: bool  # independent chains: the exact variance shares apply
    by_activity: xr.Dataset  # indices of the multiplier
    by_initiative: xr.Dataset
    by_input: xr.Dataset | None  # input_shares (None unless a sum of independent products)
    by_kind: xr.Dataset | None  # pick-freeze per input kind (where by_input is None)
    general: xr.Dataset  # pick-freeze by activity for every output
    tornado: xr.Dataset
    late_break_even: xr.Dataset
    ranking: tuple[str, ...]  # activities by total-order index of the multiplier

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict (NaN → None); the schema is in docs/methodology.md §8."""
        inputs = None
        if self.by_input is not None:
            b = self.by_input
            inputs = {
                "method": b.attrs["method"],
                "factors": _records(b[["first_order", "total_order"]], "input"),
                "chains": [
                    {"chain": str(c), "activity": str(b["activity"].values[k]),
                     "share": _json(b["chain_share"].values[k]),
                     "first_order": {i: _json(v) for i, v in
                                     zip(INPUT_NAMES, b["chain_first_order"].values[k],
                                         strict=True)},
                     "total_order": {i: _json(v) for i, v in
                                     zip(INPUT_NAMES, b["chain_total_order"].values[k],
                                         strict=True)}}
                    for k, c in enumerate(b["chain"].values)
                ],
            }
        return {
            "scenario": {"name": self.scenario_name, "sha256": self.scenario_sha256},
            "financing": self.financing,
            "draws": self.draws,
            "seed": self.seed,
            "independent": self.independent,
            "ranking": list(self.ranking),
            "by_activity": _indices_dict(self.by_activity),
            "by_initiative": _indices_dict(self.by_initiative),
            "by_input": inputs,
            "by_kind": None if self.by_kind is None else _indices_dict(self.by_kind),
            "general": _indices_dict(self.general),
            "tornado": {"output": self.tornado.attrs["output"],
                        "base": _json(self.tornado.attrs["base"]),
                        "quantiles": [self.tornado.attrs["low_quantile"],
                                      self.tornado.attrs["high_quantile"]],
                        "bars": _records(self.tornado, "factor")},
            "late_break_even": {"year": self.late_break_even.attrs["year"],
                                "p_late": _json(self.late_break_even.attrs["p_late"]),
                                "factors": _records(self.late_break_even, "factor")},
        }


def _json(v: Any) -> Any:
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


def _records(ds: xr.Dataset, dim: str) -> list[dict[str, Any]]:
    """One dict per position along ``dim``: its label, coordinates and variables."""
    names = [n for n in (*ds.coords, *ds.data_vars) if ds[n].dims == (dim,)]
    columns = {n: ds[n].values for n in names}
    return [{n: _json(columns[n][k]) for n in names} for k in range(ds.sizes[dim])]


def _indices_dict(ds: xr.Dataset) -> dict[str, Any]:
    out: dict[str, Any] = {
        "method": ds.attrs["method"],
        "draws": ds.attrs["draws"],
        "confidence_level": ds.attrs["confidence_level"],
    }
    if "output" in ds.dims:
        out["outputs"] = {str(o): _records(ds.sel(output=o), "factor")
                          for o in ds["output"].values}
    else:
        out["outputs"] = {o.strip(): _records(ds, "factor")
                          for o in ds.attrs["outputs"].split(",")}
    return out


def analyse(
    scenario: Scenario,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    *,
    financing: str | None = None,
    results: xr.Dataset | None = None,
    pick_freeze_draws: int = PICK_FREEZE_DRAWS,
    late_year: int | None = None,
    tornado_output: str = "multiplier",
    n_resamples: int = 999,
) -> SensitivityReport:
    """The sensitivity analysis of one financing scenario (default: the first) for a
    report (``mcimpact sensitivity``).

    - ``by_activity``, ``by_initiative``: indices of the multiplier from
      :func:`variance_shares` of the run's ``benefits_by_*`` (``draws`` draws) where the
      chains are independent (:func:`independent_chains`); otherwise (correlated inputs,
      random renewal) from :func:`pick_freeze`.
    - ``by_input``: :func:`input_shares` (exact) where :func:`product_form` holds; else
      None and ``by_kind``: :func:`pick_freeze` per input kind (and funding renewal).
    - ``general``: :func:`pick_freeze` by activity (``pick_freeze_draws`` per sample) for
      the multiplier, total benefits, the break-even year and the indicator of a late
      break-even.
    - ``tornado``: :func:`tornado` by input for ``tornado_output``.
    - ``late_break_even``: :func:`late_break_even` by activity; ``late_year`` defaults to
      the median break-even year of the run.
    - ``ranking``: activities by total-order index of the multiplier, largest first.

    ``results`` is a run of the scenario (:func:`~mcimpact.run.engine.run_monte_carlo`, any
    financing scenarios that include this one) to use instead of a new run.
    """
    one = one_financing(scenario, financing)
    fid = one.financing[0].id
    if results is None:
        results = run_monte_carlo(one, draws, seed)
    ds = results.sel(financing=fid)
    draws = int(ds.sizes["draw"])
    core = core_arrays(one)
    independent, products = _structure(scenario, core)
    be = ds["break_even_year"].values
    year = int(np.median(be)) if late_year is None else late_year
    general = pick_freeze(one, pick_freeze_draws, seed, by="activity",
                          outputs=(*OUTPUTS_DEFAULT, f"break_even_after_{year}"),
                          n_resamples=n_resamples, core=core)
    if independent:
        by_activity = variance_shares(ds["benefits_by_activity"])
        by_initiative = variance_shares(ds["benefits_by_initiative"])
    else:
        by_activity = general.sel(output=["multiplier"])
        by_initiative = pick_freeze(one, pick_freeze_draws, seed, by="initiative",
                                    outputs=("multiplier",), n_resamples=n_resamples,
                                    core=core)
    by_input = input_shares(one, core=core) if products else None
    by_kind = None if products else pick_freeze(
        one, pick_freeze_draws, seed, kind_factors(one, core), outputs=("multiplier",),
        n_resamples=n_resamples, core=core)
    total = by_activity["total_order"]
    if "output" in total.dims:
        total = total.sel(output="multiplier")
    # Only activities that have chains (pick-freeze factors may add copula factors).
    keys = {c.activity_key for c in scenario.chains}
    ranked = [str(f) for f in total.sortby(-total)["factor"].values if str(f) in keys]
    return SensitivityReport(
        scenario_name=scenario.meta.name,
        scenario_sha256=scenario.sha256,
        financing=fid,
        draws=draws,
        seed=seed,
        independent=independent,
        by_activity=by_activity,
        by_initiative=by_initiative,
        by_input=by_input,
        by_kind=by_kind,
        general=general,
        tornado=tornado(one, tornado_output),
        late_break_even=late_break_even(ds, year=year),
        ranking=tuple(ranked),
    )


def analyse_financing(
    scenario: Scenario, draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED, **options: Any
) -> dict[str, SensitivityReport]:
    """:func:`analyse` for every financing scenario of ``scenario`` (one shared run)."""
    results = options.pop("results", None)
    if results is None:
        results = run_monte_carlo(scenario, draws, seed)
    return {f.id: analyse(scenario, draws, seed, financing=f.id, results=results, **options)
            for f in scenario.financing}
