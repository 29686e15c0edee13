"""Exact Sobol indices of a sum of independent products, without extra model runs.

Total benefits are a sum over chains, ``T = Σ_e B_e``, and each chain a product of its
inputs. Where the chains are independent (:func:`structure`), a group of chains explains
exactly its share of ``Σ_e Var(B_e)`` (:func:`variance_shares`, from per-draw totals);
where each chain is moreover a product of independent inputs, the indices per input follow
from the inputs' first two moments (:func:`input_shares`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ...core.compile import CoreArrays
from ...core.kernels import DEADWEIGHT, DISPLACEMENT, DROP_OFF, DURATION, N_SLOTS
from ...model.distributions import Input, frozen
from ...model.scenario import INPUT_NAMES, Scenario
from ...run.run import Run
from ._common import certain_funding, one_financing, one_run, pattern_row

if TYPE_CHECKING:
    import xarray as xr


@dataclass(frozen=True)
class Structure:
    """Which exact estimators are valid for one financing scenario.

    ``independent_chains``: the chains' totals are independent (no correlations, certain
    funding), so :func:`variance_shares` gives exact indices of chains and their groups.
    ``product_form``: moreover every chain is a product of independent inputs (no
    continuity uplift, no sampled drop-off), so :func:`input_shares` applies too.
    """

    independent_chains: bool
    product_form: bool


def structure(scenario: Scenario, core: CoreArrays) -> Structure:
    """The :class:`Structure` of ``scenario`` under the one financing scenario of ``core``:
    the one place that decides which estimators are exact."""
    # Uncertain costs make the multiplier a ratio of two random parts: no exact shares.
    independent = (not scenario.correlations and certain_funding(core)
                   and not len(core.cost_kinds))
    return Structure(independent, independent and not core.has_uplift.any()
                     and not np.any(core.dropoff_chain >= 0))


def product_form(scenario: Scenario, financing: str | None = None, *,
                 run: Run | None = None) -> bool:
    """Whether total benefits under the financing scenario (default: the first) are a sum
    of independent products of independent inputs: no correlations, certain funding and
    no continuity uplift. Then :func:`variance_shares` and :func:`input_shares` are exact.
    ``run``: a run of the scenario, whose compiled arrays are used."""
    one, run = one_run(one_financing(scenario, financing), run)
    return structure(one, run.core).product_form


def independent_chains(scenario: Scenario, financing: str | None = None, *,
                       run: Run | None = None) -> bool:
    """Whether the chains' totals are independent: no correlations and certain funding
    (a shared renewal draw couples the chains of the initiatives it funds)."""
    one, run = one_run(one_financing(scenario, financing), run)
    return structure(one, run.core).independent_chains


# --------------------------------------------------------------------------------------
# Per-chain totals and their variance shares


def chain_totals(
    scenario: Scenario, inputs: np.ndarray | xr.DataArray | xr.Dataset, *,
    patterns: np.ndarray | None = None, financing: str | None = None,
    run: Run | None = None,
) -> np.ndarray:
    """Present value of each chain's benefits per draw, from sampled inputs.

    ``B_e = a_e · N · δ · v · (p · PV_e[r, D] + PV⁰_e[r, D])`` with ``a_e`` the SROI
    adjustment ``(1 − deadweight)(1 − attribution)(1 − displacement)`` of the draw,
    ``D = clip(round(duration), 1, T)``, ``r`` the row of the draw's funding pattern,
    ``PV_e`` the discounted sum of the chain's profile over its cohorts and ``PV⁰_e`` that
    of the continuity uplift (0 without one; docs/methodology.md §9) — the core's
    arithmetic (:func:`mcimpact.core.kernels.simulate`), so ``chain_totals(...).sum(axis=1)``
    is the run's ``benefits_total``.

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
    run : Run, optional
        A run of the scenario (with any financing scenarios that include ``financing``),
        whose compiled arrays are used; a new one otherwise.

    Returns
    -------
    totals : ndarray (draw, chain)
        [EUR, present value at the start year]
    """
    import xarray as xr

    scenario, run = one_run(one_financing(scenario, financing), run)
    core = run.core
    fid = scenario.financing[0].id
    if isinstance(inputs, xr.Dataset):
        if "inputs" not in inputs:
            raise ValueError("the dataset has no sampled inputs: run it with keep_inputs=True")
        if patterns is None:
            added = inputs["added_years"]
            patterns = (added.sel(financing=fid) if "financing" in added.dims else added).values
        inputs = inputs["inputs"]
    x = np.asarray(inputs.values if isinstance(inputs, xr.DataArray) else inputs, dtype=float)
    amount, amount_np, duration = chain_factors(core, x)
    if patterns is None:
        if not certain_funding(core):
            raise ValueError(f"funding renewal is uncertain in financing scenario '{fid}': "
                             "pass the draws' patterns (added_years)")
        patterns = np.broadcast_to(core.fixed_pattern[0], (len(x), core.row_start.shape[1]))
    rows = core.row_start[0][core.chain_initiative] + np.asarray(patterns)[
        :, core.chain_initiative]  # (draw, chain)
    chain = np.arange(len(core.chain_ids))
    return (amount * core.pv_profiles[chain, rows, duration]
            + amount_np * core.pv_uplift[chain, rows, duration])


def chain_factors(core: CoreArrays, x: np.ndarray
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The per-draw factors of :func:`chain_totals` from sampled inputs ``x`` (draw, chain,
    input): ``a_e · N · δ · v · p``, ``a_e · N · δ · v`` and the duration's index ``D``,
    each (draw, chain). A chain's present value is then the first times its profile's
    present value at ``D`` plus the second times its continuity uplift's."""
    n_chains = len(core.chain_ids)
    if x.ndim != 3 or x.shape[1:] != (n_chains, N_SLOTS):
        raise ValueError(f"inputs must have shape (draw, {n_chains}, {N_SLOTS}), "
                         f"got {x.shape}")
    if np.any(core.dropoff_chain >= 0):
        raise ValueError("a sampled drop-off changes each chain's profile per draw: use the "
                         "run's breakdowns (benefits_by_*) for per-draw totals")
    max_duration = core.pv_profiles.shape[2] - 1
    slot = np.ascontiguousarray(np.moveaxis(x, 2, 0))  # (input, draw, chain): fast rows
    # np.rint rounds halves to even, like the kernel's round().
    duration = np.clip(np.rint(slot[DURATION]), 1, max_duration).astype(np.int64)
    adjustment = 1.0 - slot[DEADWEIGHT]
    for s in range(DEADWEIGHT + 1, DISPLACEMENT + 1):
        adjustment *= 1.0 - slot[s]
    amount_np = adjustment * slot[0]
    amount = amount_np * slot[1]
    amount *= slot[2]
    amount *= slot[3]
    amount_np *= slot[2]
    amount_np *= slot[3]
    return amount, amount_np, duration


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
    year is not additive: use :func:`~mcimpact.analysis.sensitivity.pick_freeze` for it.

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
        [1]

    Returns
    -------
    xarray.Dataset
        Dimension ``factor``. ``first_order``, ``total_order`` (equal) [1], each with
        ``_low``/``_high`` bounds; ``standard_error`` (batch means) [1]; ``mean`` and
        ``variance`` of the group's total [EUR, EUR²]. Attribute ``covariance_share``,
        ``1 − Σ_e Var(B_e) / Var(T)``, is near 0 when the parts are independent, as the
        formula assumes; far from 0 (correlated inputs), use pick-freeze.
    """
    import xarray as xr
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
    """(mean, variance) of an input's distribution [the input's unit, its square]; a
    fixed input has variance 0."""
    if inp.is_fixed:
        return inp.point, 0.0
    dist = frozen(inp)
    return float(dist.mean()), float(dist.var())


def _duration_moments(inp: Input, pv_row: np.ndarray) -> tuple[float, float]:
    """(mean, variance) of ``PV[clip(round(D), 1, T)]``, the chain's present-value factor
    as a function of its duration: exact, from the probability of each rounded year."""
    max_duration = len(pv_row) - 1
    if inp.is_fixed:
        return float(pv_row[min(max(round(inp.point), 1), max_duration)]), 0.0
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


def input_shares(scenario: Scenario, *, run: Run | None = None) -> xr.Dataset:
    """Exact Sobol indices of total benefits (and the multiplier) per input kind and per
    chain and input, for independent inputs.

    Chain ``e`` contributes ``B_e = Π_i X_{e,i}`` with independent factors
    ``X = (N, p, δ, v, Y, 1 − deadweight, 1 − attribution, 1 − displacement)``, where
    ``Y = PV_e[clip(round(D), 1, T)]`` carries the duration (its moments are exact sums
    over the rounded years) and a fixed drop-off; a share's factor ``1 − X`` has mean
    ``1 − m`` and the share's variance (``a_e = 1`` below: the adjustments are factors).
    With means ``m``, variances ``s²`` and second moments ``q = s² + m²``::

        Var(B_e)  = a_e² (Π_i q_{e,i} − Π_i m_{e,i}²),     Var(T) = Σ_e Var(B_e)
        S_K  = Σ_e a_e² s²_{e,K} Π_{j≠K} m_{e,j}² / Var(T)   (input kind K, all chains)
        ST_K = Σ_e a_e² s²_{e,K} Π_{j≠K} q_{e,j}  / Var(T)
        S_{e,i} = a_e² s²_{e,i} Π_{j≠i} m_{e,j}² / Var(B_e)  (within chain e; ST with q)

    Moments come from the inputs' distributions
    (:func:`mcimpact.model.distributions.frozen`); the core samples these up to its table
    accuracy (about 1e-6 relative).

    Parameters
    ----------
    scenario : Scenario
        Analysed under its first financing scenario.
    run : Run, optional
        A run of the scenario, whose compiled arrays are used; a new one otherwise.

    Returns
    -------
    xarray.Dataset
        ``first_order``, ``total_order`` (input) [1]; ``chain_share`` (chain) [1], the
        chain's ``Var(B_e) / Var(T)`` (also its first- and total-order index as a group);
        ``chain_first_order``, ``chain_total_order`` (chain, input) [1], within the chain;
        ``chain_mean``, ``chain_variance`` (chain) [EUR, EUR²]; ``input_mean``,
        ``input_variance`` (chain, input) of the inputs themselves. Coordinates
        ``activity`` and ``initiative`` on ``chain`` allow ``groupby``. Indices of a
        quantity without variance are 0 (as in :func:`scipy.stats.sobol_indices`).
        ``input`` holds the five inputs of :data:`~mcimpact.model.scenario.INPUT_NAMES`
        up to ``duration``, and an adjustment where it is uncertain in some chain.

    Raises
    ------
    ValueError
        If the scenario correlates inputs, or its (first) financing scenario renews funding
        at random or lifts the slagingskans: the formulas need independent products; use
        pick-freeze.
    """
    import xarray as xr

    scenario, run = one_run(scenario, run)
    core = run.core
    if not structure(scenario, core).product_form:
        raise ValueError("input_shares needs independent products: no correlations, certain "
                         "funding and no continuity uplift; use pick_freeze")
    chains = scenario.chains
    n_chains = len(chains)
    raw = np.zeros((n_chains, N_SLOTS, 2))  # the inputs' (mean, variance)
    factor = np.zeros((n_chains, N_SLOTS, 2))  # the product's factors: duration → Y
    for e, chain in enumerate(chains):
        for s, inp in enumerate(chain.inputs):
            raw[e, s] = input_moments(inp)
            if s == DURATION:
                factor[e, s] = _duration_moments(inp, core.pv_profiles[e, pattern_row(core, e)])
            elif s == DROP_OFF:  # fixed here (product form): it is in the profile, Y
                factor[e, s] = (1.0, 0.0)
            elif s >= DEADWEIGHT:
                factor[e, s] = (1.0 - raw[e, s, 0], raw[e, s, 1])
            else:
                factor[e, s] = raw[e, s]
    a2 = np.ones(n_chains)
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
            "chain_mean": ("chain", factor[:, :, 0].prod(axis=1),
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
    # The adjustments are listed where one of them is uncertain in some chain (a fixed
    # share has no index): a scenario without them reports the five inputs it always did.
    shown = [name for s, name in enumerate(INPUT_NAMES)
             if s <= DURATION or any(not c.inputs[s].is_fixed for c in chains)]
    ds = ds.sel(input=shown)
    ds.attrs.update({
        "method": "exact variance decomposition of a sum of independent products",
        "outputs": "benefits_total, multiplier",
        "variance_total": var_total,
        "mean_total": float(ds["chain_mean"].sum()),
    })
    return ds
