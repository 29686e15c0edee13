"""The general estimator: grouped first- and total-order Sobol indices by pick-freeze
sampling, for any output (the break-even year is not additive) and for correlated inputs
or random renewal (where the exact shares do not apply).

The indices are :func:`scipy.stats.sobol_indices` on precomputed evaluations
(:func:`sobol_from_evaluations`); the counter-based generator makes the "A with the
group's inputs from B" samples a matter of swapping stream keys, so the kernel is
unchanged. Bootstrap intervals come from weighted sums of the same estimators
(:func:`weighted_indices`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from ...core.compile import CoreArrays, Keys, stream_key, stream_keys
from ...model.scenario import DEFAULT_SEED, GROUPS, INPUT_NAMES, Scenario
from ...run.run import DEFAULT_CHUNK, Run
from ._common import (
    OUTPUTS_DEFAULT,
    cells_by_kind,
    certain_funding,
    chain_groups,
    money,
    one_run,
    output_function,
)

if TYPE_CHECKING:
    import xarray as xr

#: Draws per pick-freeze sample (A, B and each AB) [draws].
PICK_FREEZE_DRAWS = 1 << 14

# A group member: a chain (row index or id: all its inputs), one input of a chain
# ((chain, input name)), a correlation factor by its name in ``CoreArrays.factor_names``,
# or RENEWAL: whether funding is renewed (the renewal draws of every initiative), or
# COSTS: the uncertain costs (the draws of every uncertain cost).
Member = int | str | tuple[int | str, str]
RENEWAL = "funding-renewal"
COSTS = "costs"


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
        The outputs at samples A and B [the outputs' units].
    f_AB : ndarray (factor, output, n)
        The outputs at A with the factor's inputs from B.
    weights : ndarray (resample, n)
        The draws' weights, e.g. bootstrap counts [1].

    Returns
    -------
    ndarray (2, output, factor, resample)
        First-order and total-order indices [1]; 0 where the output has no variance.
    """
    return _Terms.of(f_A, f_B, f_AB).indices(weights)


class _Terms:
    """The per-draw terms of :func:`weighted_indices`, which do not depend on the weights:
    computed once for every resample (the bootstrap weighs them in batches)."""

    def __init__(self, f_A: np.ndarray, f_B: np.ndarray, squares: tuple[np.ndarray, ...],
                 diff: np.ndarray, b_diff: np.ndarray, diff2: np.ndarray, d: int) -> None:
        self.f_A, self.f_B, self.squares = f_A, f_B, squares
        self.diff, self.b_diff, self.diff2, self.d = diff, b_diff, diff2, d

    @classmethod
    def of(cls, f_A: np.ndarray, f_B: np.ndarray, f_AB: np.ndarray) -> _Terms:
        d, n_out, n = f_AB.shape
        diff = (f_AB - f_A).reshape(d * n_out, n)
        b_diff = np.broadcast_to(f_B, f_AB.shape).reshape(d * n_out, n) * diff
        return cls(f_A, f_B, (f_A**2, f_B**2), diff, b_diff, diff**2, d)

    def indices(self, weights: np.ndarray) -> np.ndarray:
        """(2, output, factor, resample): :func:`weighted_indices` with ``weights``."""
        d, n = self.d, self.f_A.shape[1]
        n_out = self.f_A.shape[0]
        w = weights / n
        mu = (w @ self.f_A.T + w @ self.f_B.T) / 2  # (resample, output)
        var = (w @ self.squares[0].T + w @ self.squares[1].T) / 2 - mu**2

        def mean(x: np.ndarray) -> np.ndarray:  # (d·output, n) → (resample, output, factor)
            return np.swapaxes((w @ x.T).reshape(-1, d, n_out), 1, 2)

        with np.errstate(divide="ignore", invalid="ignore"):
            first = (mean(self.b_diff) - mu[:, :, None] * mean(self.diff)) / var[:, :, None]
            total = 0.5 * mean(self.diff2) / var[:, :, None]
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
        Of the intervals [1].
    n_resamples : int
        Percentile-bootstrap resamples of the draws (:func:`scipy.stats.bootstrap` with a
        seeded generator; each resample evaluated by :func:`weighted_indices`); 0: no
        intervals (NaN), the indices alone.
    seed : int
        Seed of the bootstrap's generator: same seed, same intervals.

    Returns
    -------
    xarray.Dataset
        Dimensions ``output``, ``factor``: ``first_order`` (Saltelli 2010),
        ``total_order`` (Jansen) [1], each with ``_low``/``_high``; ``mean`` and
        ``variance`` (output) from A and B together [the output's unit, its square].

    Notes
    -----
    ``SobolResult.bootstrap()`` is not used: it takes no generator (its intervals change
    from call to call), copies every evaluation per resample, and its BCa intervals need a
    jackknife over all n draws — 39 s for n = 2¹⁴, three factors and 99 resamples. Here
    the same estimators run on bootstrap counts (:func:`weighted_indices`), which takes
    well under a second for the Groningen scenario's 24 activities and four outputs.
    """
    import xarray as xr
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

    # sobol_indices squeezes unit axes, and with one factor and one output it fails on the
    # 0-d result (a TypeError inside scipy): one factor goes in twice, and the copy is
    # dropped. Each factor's indices depend only on f_A, f_B and its own f_AB, so the
    # numbers are those of the factor alone.
    given = f_ab if d > 1 else np.concatenate([f_ab, f_ab])
    res = stats.sobol_indices(func={"f_A": f_a, "f_B": f_b, "f_AB": given}, n=n)
    # Shaped back to (output, factor).
    point = np.stack([np.reshape(res.first_order, (n_out, len(given)))[:, :d],
                      np.reshape(res.total_order, (n_out, len(given)))[:, :d]])

    def statistic(idx: np.ndarray, axis: int = -1) -> np.ndarray:
        # idx: (resample, n) draw indices → bootstrap counts per draw.
        idx = np.atleast_2d(idx)
        r = idx.shape[0]
        counts = np.bincount((idx + n * np.arange(r)[:, None]).ravel(), minlength=r * n)
        return terms.indices(counts.reshape(r, n).astype(float))

    if n_resamples > 0:
        terms = _Terms.of(f_a, f_b, f_ab)
        boot = stats.bootstrap((np.arange(n),), statistic, vectorized=True,
                               batch=max(1, (1 << 22) // n), n_resamples=n_resamples,
                               confidence_level=confidence_level, method="percentile",
                               rng=np.random.default_rng(seed))
        low, high = boot.confidence_interval.low, boot.confidence_interval.high
    else:  # the indices alone (a ranking): no interval
        low = high = np.full_like(point, np.nan)
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
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(factor, chain, slot), (factor, copula factor), (factor, financing, initiative)
    and (factor, cost) masks of what each group swaps."""
    row = {cid: e for e, cid in enumerate(core.chain_ids)}
    copula = {name: f for f, name in enumerate(core.factor_names)}
    inputs = np.zeros((len(groups), *core.kinds.shape), dtype=bool)
    factors = np.zeros((len(groups), len(core.factor_names)), dtype=bool)
    renewal = np.zeros((len(groups), *core.row_start.shape), dtype=bool)
    costs = np.zeros((len(groups), len(core.cost_kinds)), dtype=bool)

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
            elif item == COSTS:
                costs[g] = True
            else:
                inputs[g, chain_row(label, item)] = True
    return inputs, factors, renewal, costs


#: The outputs that are functions of the present values of benefits and costs alone
#: (draw,) [EUR], as :data:`~mcimpact.analysis.sensitivity.OUTPUTS` computes them from the
#: yearly flows.
PRESENT_VALUE_OUTPUTS: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "benefits_total": lambda benefits, costs: benefits,
    "multiplier": lambda benefits, costs: benefits / costs,
}


def _group_columns(core: CoreArrays, inputs: np.ndarray, factors: np.ndarray,
                   renewal: np.ndarray, costs: np.ndarray) -> list[int | None]:
    """Per group of :func:`_group_masks`: the column of the core's group output (by
    initiative, activity, beneficiary or domain) that holds the benefits of exactly the
    group's chains, where the group is whole chains and nothing else; None otherwise."""
    out: list[int | None] = []
    for g in range(len(inputs)):
        whole = inputs[g].all(axis=1)
        found = None
        if (whole.any() and not (inputs[g].any(axis=1) & ~whole).any()
                and not factors[g].any() and not renewal[g].any() and not costs[g].any()):
            for k in range(len(GROUPS)):  # initiative, activity, beneficiary, domain
                column = core.group_columns[:, k]
                picked = np.unique(column[whole])
                if (len(picked) == 1 and picked[0] >= 0
                        and np.array_equal(column == picked[0], whole)):
                    found = int(picked[0])
                    break
        out.append(found)
    return out


def default_factors(scenario: Scenario, by: str = "activity",
                    run: Run | None = None) -> dict[str, list[Member]]:
    """Groups of chains by :data:`~mcimpact.analysis.sensitivity.GROUPINGS` plus one
    factor per correlation group (its common copula factor, named like
    ``correlation:0:<group>``) and, where funding is renewed at random, the factor
    :data:`RENEWAL`."""
    groups: dict[str, list[Member]] = {
        label: list(rows) for label, rows in chain_groups(scenario, by).items()}
    core = one_run(scenario, run)[1].core
    for name in core.factor_names:
        groups[name] = [name]
    if not certain_funding(core):
        groups[RENEWAL] = [RENEWAL]
    if len(core.cost_kinds):
        groups[COSTS] = [COSTS]
    return groups


def kind_factors(scenario: Scenario, run: Run | None = None
                 ) -> dict[str, list[Member]]:
    """One factor per input kind (that input in every chain, with the common factors of
    its correlation groups: a correlated input is driven by both), plus :data:`RENEWAL`
    where funding is renewed at random."""
    groups: dict[str, list[Member]] = {}
    for cells in cells_by_kind(scenario).items():
        groups[cells[0]] = [(e, INPUT_NAMES[s]) for e, s in cells[1]]
    core = one_run(scenario, run)[1].core
    for f, name in enumerate(core.factor_names):
        for s in sorted(set(np.nonzero(core.factor_of == f)[1].tolist())):
            if INPUT_NAMES[s] in groups:
                groups[INPUT_NAMES[s]].append(name)
    if not certain_funding(core):
        groups[RENEWAL] = [RENEWAL]
    if len(core.cost_kinds):
        groups[COSTS] = [COSTS]
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
    run: Run | None = None,
) -> xr.Dataset:
    """Grouped first- and total-order Sobol indices by pick-freeze sampling.

    A is draws ``0 .. n − 1`` of the run with ``seed`` (the first n draws of
    ``run_monte_carlo(scenario, seed=seed)``), B the same draws with the stream keys of a
    second seed, ``stream_key(seed, "pick-freeze")``, and AB_g is A with the stream keys
    of group g's inputs taken from B. Every random number depends only on its stream key
    and draw index, so AB_g is A with exactly group g's inputs redrawn. Cost:
    ``n · (groups + 2)`` draws of the core — or, where every output is a present value
    (:data:`PRESENT_VALUE_OUTPUTS`), ``n · 3`` plus ``n`` per group that is not the
    chains of one initiative, activity, beneficiary group or domain: such a group's AB
    takes C's benefits of its chains (every chain's own inputs from B) in place of A's,
    from the core's grouped output.

    Parameters
    ----------
    scenario : Scenario
        Analysed under its first financing scenario (see
        :func:`~mcimpact.analysis.sensitivity.one_financing`).
    n : int
        Draws per sample [draws]; a power of 2 is customary, not required.
    seed : int
        Seed of sample A (and, through ``stream_key``, of B and the bootstrap).
    groups : mapping of label → members, optional
        Each member is a chain (row or id: all its inputs), ``(chain, input name)``, the
        name of a correlation factor or :data:`RENEWAL`. Default :func:`default_factors`
        (``by``).
    by : str
        Grouping of the default factors (a key of
        :data:`~mcimpact.analysis.sensitivity.GROUPINGS`).
    outputs : sequence of str
        Keys of :data:`~mcimpact.analysis.sensitivity.OUTPUTS`, or
        ``break_even_after_YYYY``.
    confidence_level, n_resamples :
        Of the bootstrap intervals (:func:`sobol_from_evaluations`).
    run : Run, optional
        A run of the scenario (any financing scenarios that include its first), whose
        compiled arrays and flows are used; a new one otherwise. Its seed is not used:
        the samples are those of ``seed``.

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
    scenario, run = one_run(scenario, run)
    core = run.core
    grouping = by if groups is None else "custom"
    if groups is None:
        groups = default_factors(scenario, by, run)
    funcs = [output_function(name) for name in outputs]
    to_outputs = money(scenario, core)
    in_mask, factor_mask, renewal_mask, cost_mask = _group_masks(core, groups)
    a = stream_keys(seed, core)
    b = stream_keys(stream_key(seed, "pick-freeze"), core)

    # The groups of whole chains whose benefits are one column of the core's group
    # output: where every output is additive, AB_g needs no run of its own (below).
    columns = (_group_columns(core, in_mask, factor_mask, renewal_mask, cost_mask)
               if all(name in PRESENT_VALUE_OUTPUTS for name in outputs)
               else [None] * len(groups))
    wanted = sorted({c for c in columns if c is not None})

    def evaluate(keys: Keys) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The outputs (output, draw), the present values of benefits and costs (draw,)
        and the wanted group columns (draw, column)."""
        out = np.empty((len(funcs), n))
        pv = np.empty((2, n if wanted else 0))
        grouped = np.empty((n, len(wanted)))
        for first in range(0, n, DEFAULT_CHUNK):
            m = min(DEFAULT_CHUNK, n - first)
            benefits, costs, by_group = run.flows_and_groups(first, m, keys=keys)
            for k, f in enumerate(funcs):
                out[k, first: first + m] = f(benefits, costs, to_outputs)
            if wanted:  # what the shortcut reads; nothing without one
                pv[:, first: first + m] = (benefits @ to_outputs.discount,
                                           costs @ to_outputs.discount)
                grouped[first: first + m] = by_group[:, wanted]
        return out, pv, grouped

    f_a, pv_a, grouped_a = evaluate(a)
    f_b = evaluate(b)[0]
    if wanted:
        # C: every chain's own inputs from B, all else from A. A chain's benefits depend
        # on its own inputs, the copula factors and its initiative's funding only, so in
        # AB_g the chains of g have C's benefits and the others A's: AB_g's benefits are
        # A's plus, for g, C's group column less A's (0 exactly where they are equal).
        grouped_c = evaluate(Keys(b.inputs, a.factors, a.renewal, a.costs))[2]

    def ab(g: int) -> np.ndarray:
        column = columns[g]
        if column is None:
            assert a.costs is not None and b.costs is not None  # stream_keys draws them
            return evaluate(Keys(np.where(in_mask[g], b.inputs, a.inputs),
                                 np.where(factor_mask[g], b.factors, a.factors),
                                 np.where(renewal_mask[g], b.renewal, a.renewal),
                                 np.where(cost_mask[g], b.costs, a.costs)))[0]
        j = wanted.index(column)
        benefits = pv_a[0] + (grouped_c[:, j] - grouped_a[:, j])
        return np.stack([PRESENT_VALUE_OUTPUTS[name](benefits, pv_a[1]) for name in outputs])

    f_ab = np.stack([ab(g) for g in range(len(groups))])
    ds = sobol_from_evaluations(f_a, f_b, f_ab, factors=list(groups), outputs=list(outputs),
                                confidence_level=confidence_level, n_resamples=n_resamples,
                                seed=seed)
    ds.attrs.update({"seed": seed, "grouping": grouping,
                     "financing": scenario.financing[0].id})
    return ds
