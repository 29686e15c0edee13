"""Compiling a scenario for the numba core, and running the core on a range of draws.

:func:`core_arrays` turns the frozen scenario into the plain arrays of :class:`CoreArrays`
(compiled distributions, copula loadings, funding patterns, profile rows); :func:`sample`
runs :func:`mcimpact.core.kernels.simulate` on draws ``first .. first + n − 1``, with the
arrays of :func:`kernel_in` that :func:`check_kernel_args` has checked. The profile rows
implement

    B_e[t] = Σ_c N_e · p_e · δ_e · v_e · a_e · w_e[t − c]

with ``a_e`` the SROI adjustment factor and ``w_e`` the chain's time profile (drop-off
included). A chain whose drop-off is sampled gets, instead of rows, the list of its
cohort terms per row (``term_*``) and its weights without drop-off, which the kernel
combines with each draw's drop-off. Under a financing scenario the sum runs over the base
cohorts and the funded added years, whose cohorts carry the continuity effects
(docs/methodology.md §9); each (financing scenario, funding pattern) pair is a
precomputed profile row, and a draw's pattern is sampled per initiative.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np

from ..model.distributions import (
    DISCRETE,
    DISCRETE_LATTICE,
    GUIDE_FACTOR,
    TABLE,
    Compiled,
    Input,
    fixed,
)
from ..model.profiles import profile_weights
from ..model.scenario import INPUT_NAMES, Funding, Initiative, Scenario
from .jit import prepare, register
from .kernels import (
    BLOCK,
    IN_SPECS,
    N_SLOTS,
    OUT_SPECS,
    SIZES,
    KernelIn,
    KernelOut,
    Spec,
    compiled,
    fill_quantiles,
    fill_uniforms,
)
from .threads import run_all


def pattern_rows(rows: np.ndarray, patterns: np.ndarray) -> np.ndarray:
    """``rows[f, i, patterns[..., f, i]]``: per (financing, initiative) the row of each
    draw's funding pattern; ``rows`` is (financing, initiative, pattern, ...)."""
    f = np.arange(rows.shape[0])[:, None]
    i = np.arange(rows.shape[1])[None, :]
    return rows[f, i, patterns]


@dataclass(frozen=True)
class CoreArrays:
    """Everything the core needs except the stream keys (which depend on the seed)."""

    chain_ids: tuple[str, ...]
    kinds: np.ndarray  # (chain, slot) int64
    params: np.ndarray  # (chain, slot, 4)
    tables: np.ndarray  # (table, half, octave + 1, bin + 1): quantile tables
    cdf: np.ndarray  # concatenated discrete CDFs
    cdf_points: np.ndarray  # the k of each of their entries
    guide: np.ndarray  # their guide tables (same offsets)
    cdf_offsets: np.ndarray  # (n_cdf + 1,)
    factor_of: np.ndarray  # (chain, slot) int64, -1: independent
    loading: np.ndarray  # (chain, slot)
    factor_names: tuple[str, ...]
    adjustment: np.ndarray  # (chain,) Π (1 − share) of the fixed adjustments (not drop-off)
    chain_initiative: np.ndarray  # (chain,) int64
    financing_ids: tuple[str, ...]
    row_start: np.ndarray  # (financing, initiative) int64: first profile row
    fixed_pattern: np.ndarray  # (financing, initiative) int64: certain pattern, else -1
    pattern_cdf: np.ndarray  # (financing, initiative, pattern)
    renewal_groups: tuple[tuple[str, ...], ...]  # (financing, initiative): stream names
    profiles: np.ndarray  # (chain, row, duration 0..T, year)
    uplift_profiles: np.ndarray  # (chain, row, duration 0..T, year)
    pv_profiles: np.ndarray  # (chain, row, duration)
    pv_uplift: np.ndarray  # (chain, row, duration)
    has_uplift: np.ndarray  # (chain, financing) bool
    group_columns: np.ndarray  # (chain, 5 + tag keys) int64
    dropoff_chain: np.ndarray  # (chain,) int64: row in the arrays below, -1: fixed drop-off
    dropoff_lag: np.ndarray  # (dropoff,) int64
    shape_weights: np.ndarray  # (dropoff, duration 0..T, year): weights without drop-off
    term_offsets: np.ndarray  # (dropoff · row + 1,) int64
    term_cohort: np.ndarray  # (term,) int64: cohort year index
    term_extra: np.ndarray  # (term,) int64: extra duration [years]
    term_reach: np.ndarray  # (term,): weight on the full product
    term_uplift: np.ndarray  # (term,): weight on the product without the slagingskans
    # The sharing of the financing scenarios (the kernel's base and added cohorts):
    chain_follows: np.ndarray  # (chain,) bool: financing scenarios add cohorts to it
    cohort_weights: np.ndarray  # (chain, duration 0..T, year): one cohort's profile
    pv_added: np.ndarray  # (chain, row, duration): present value of the added cohorts'
    #   part of profiles (the row less its base cohorts)
    row_cohort_offsets: np.ndarray  # (initiative · row + 1,) int64: the added cohorts of
    #   each initiative's rows (rows are numbered per initiative, as the chains' profiles)
    row_cohort_year: np.ndarray  # (row cohort,) int64: year index
    row_cohort_extra: np.ndarray  # (row cohort,) int64: extra duration [years]
    row_cohort_reach: np.ndarray  # (row cohort,): weight on the full product
    row_cohort_uplift: np.ndarray  # (row cohort,): weight on the product without p
    # GROUPS and "tag:<key>" (Scenario.tag_members) → columns of the group output; the
    # last, "claimable"
    group_slices: dict[str, slice]
    cost_rows: np.ndarray  # (financing, initiative, pattern, year) nominal costs
    discount: np.ndarray  # (year,)
    # The uncertain costs (none in a point run): compiled distributions (cost,) and
    # (cost, 4) in the same tables as the chains' inputs; each one's point value (its
    # mean, which cost_rows hold), its (initiative, year index) and the factor it is
    # raised by (1 + optimism bias), and the names of its stream.
    cost_kinds: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    cost_params: np.ndarray = field(default_factory=lambda: np.zeros((0, 4)))
    cost_points: np.ndarray = field(default_factory=lambda: np.zeros(0))
    cost_cells: np.ndarray = field(default_factory=lambda: np.zeros((0, 2), dtype=np.int64))
    cost_factors: np.ndarray = field(default_factory=lambda: np.zeros(0))
    cost_names: tuple[tuple[str, int], ...] = ()
    # (initiative,) residual values [EUR, nominal], benefits in the horizon's last year.
    residual_values: np.ndarray = field(default_factory=lambda: np.zeros(0))

    def pv_costs(self, patterns: np.ndarray) -> np.ndarray:
        """Present value of costs per (draw, financing, initiative) for funding patterns
        (draw, financing, initiative)."""
        return pattern_rows(self.cost_rows @ self.discount, patterns)


#: An uncertain cost: (initiative index, initiative, year, its input).
_UncertainCost = tuple[int, Initiative, int, Input]


def core_arrays(scenario: Scenario, *, point: bool = False) -> CoreArrays:
    """Compile a scenario for the core; ``point=True`` fixes every input at its point."""
    chains = scenario.chains
    inputs, uncertain_costs = _input_tables(scenario, point)
    kinds, params, tables, cdf, cdf_points, guide, cdf_offsets, cost_kinds, cost_params = inputs
    factor_of, loading, factor_names = _correlation_factors(scenario, point)
    funding = _funding_arrays(scenario, point)
    profiles, uplift_profiles, added, cohort_weights = _profile_rows(scenario, funding)
    dropoff = _dropoff_terms(scenario, funding, point)
    discount = scenario.meta.discount_factors
    group_slices, group_columns = _group_columns(scenario)
    initiative_index = {x.id: k for k, x in enumerate(scenario.initiatives)}
    cost_points, cost_cells, cost_factors, cost_names = _cost_inputs(scenario,
                                                                     uncertain_costs)

    return CoreArrays(
        chain_ids=tuple(c.id for c in chains),
        kinds=kinds.reshape(len(chains), N_SLOTS),
        params=params.reshape(len(chains), N_SLOTS, 4),
        tables=tables, cdf=cdf, cdf_points=cdf_points, guide=guide,
        cdf_offsets=cdf_offsets, factor_of=factor_of, loading=loading,
        factor_names=tuple(factor_names),
        adjustment=np.array([_fixed_adjustment(c.adjustments.inputs) for c in chains],
                            dtype=float),
        chain_initiative=np.array([initiative_index[c.initiative] for c in chains],
                                  dtype=np.int64),
        financing_ids=tuple(f.id for f in scenario.financing),
        row_start=funding.row_start, fixed_pattern=funding.fixed_pattern,
        pattern_cdf=funding.pattern_cdf, renewal_groups=funding.renewal_groups,
        profiles=profiles, uplift_profiles=uplift_profiles,
        pv_profiles=profiles @ discount, pv_uplift=uplift_profiles @ discount,
        has_uplift=_has_uplift(uplift_profiles, funding, [initiative_index[c.initiative]
                                                           for c in chains]),
        group_columns=group_columns, **dropoff,
        chain_follows=np.array([c.follows_funding for c in chains], dtype=np.bool_),
        cohort_weights=cohort_weights, pv_added=added @ discount,
        **_row_cohorts(scenario, funding), group_slices=group_slices,
        cost_rows=funding.cost_rows, discount=discount,
        cost_kinds=np.ascontiguousarray(cost_kinds),
        cost_params=np.ascontiguousarray(cost_params),
        cost_points=cost_points, cost_cells=cost_cells, cost_factors=cost_factors,
        cost_names=cost_names,
        residual_values=np.array([ini.residual_value for ini in scenario.initiatives],
                                 dtype=float),
    )


def _input_tables(scenario: Scenario, point: bool
                  ) -> tuple[tuple[np.ndarray, ...], list[_UncertainCost]]:
    """The compiled distributions of the chains' inputs and of the uncertain costs:
    (kinds, params, tables, cdf, cdf_points, guide, cdf_offsets) of the chains' inputs
    with the cost inputs' kinds and params (n, 4) after them, and the uncertain costs
    as (initiative index, initiative, year, input). The cost inputs come after the
    chains' inputs in the same tables; a point run has none (its costs are the means in
    cost_rows)."""
    compiled = Compiled()
    for chain in scenario.chains:
        for inp in chain.inputs:
            compiled.add(fixed(inp.point) if point else inp)
    n_inputs = len(compiled.kind)
    uncertain_costs: list[_UncertainCost] = [] if point else [
        (i, ini, year, inp) for i, ini in enumerate(scenario.initiatives)
        for year, inp in ini.cost_inputs]
    for *_, inp in uncertain_costs:
        compiled.add(inp)
    kinds, params, tables, cdf, cdf_points, guide, cdf_offsets = compiled.arrays()
    cost_kinds, cost_params = kinds[n_inputs:], params[n_inputs:].reshape(-1, 4)
    return ((kinds[:n_inputs], params[:n_inputs], tables, cdf, cdf_points, guide,
             cdf_offsets, cost_kinds, cost_params), uncertain_costs)


def _correlation_factors(scenario: Scenario, point: bool
                         ) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Per (chain, input slot) the shared factor of its correlation group (-1: none)
    and its loading, and the factors' names; a point run has no factors."""
    chains = scenario.chains
    factor_of = np.full((len(chains), N_SLOTS), -1, dtype=np.int64)
    loading = np.zeros((len(chains), N_SLOTS))
    factor_names: list[str] = []
    if point:
        return factor_of, loading, factor_names
    row = {c.id: e for e, c in enumerate(chains)}
    for n, corr in enumerate(scenario.correlations):
        slot = INPUT_NAMES.index(corr.input)
        # Pearson correlation of the normal scores that gives this Spearman correlation.
        rho = 2 * math.sin(math.pi * corr.rank_correlation / 6)
        if corr.rank_correlation == 1.0:  # 2 sin(π/6) rounds to 1 − 1e-16: keep it 1,
            rho = 1.0  # so that the inputs are equal (participants_by_year's years)
        for label, ids in corr.groups:
            for chain_id in ids:
                factor_of[row[chain_id], slot] = len(factor_names)
                loading[row[chain_id], slot] = math.sqrt(rho)
            factor_names.append(f"correlation:{n}:{label}")
    return factor_of, loading, factor_names


def _group_columns(scenario: Scenario) -> tuple[dict[str, slice], np.ndarray]:
    """The columns of the grouped benefits: each group's slice (the claimable column
    last), and per chain (chain, 5 + tag keys) its column in each group: initiative,
    activity, beneficiary, domain (-1: none), claimable (-1: not), then one per tag key
    (the chain's value, else the untagged member, last)."""
    chains = scenario.chains
    sizes = group_sizes(scenario)
    starts = np.cumsum([0, *sizes.values()])
    group_slices = {g: slice(int(starts[k]), int(starts[k + 1])) for k, g in enumerate(sizes)}
    claim_col = int(starts[-1])
    group_slices["claimable"] = slice(claim_col, claim_col + 1)
    index = {
        "initiative": {x.id: k for k, x in enumerate(scenario.initiatives)},
        "activity": {x.key: k for k, x in enumerate(scenario.activities)},
        "beneficiary": {x.id: k for k, x in enumerate(scenario.beneficiaries)},
        "domain": {x.id: k for k, x in enumerate(scenario.domains)},
    }
    # Per tag key, the column of each value (None: the last member, untagged if any).
    tag_columns = {key: {**{v: group_slices[f"tag:{key}"].start + k
                            for k, v in enumerate(members)},
                         None: group_slices[f"tag:{key}"].stop - 1}
                   for key, members in scenario.tag_members}
    group_columns = np.array([
        [
            group_slices["initiative"].start + index["initiative"][c.initiative],
            group_slices["activity"].start + index["activity"][c.activity_key],
            group_slices["beneficiary"].start + index["beneficiary"][c.beneficiary],
            -1 if c.domain is None else group_slices["domain"].start
            + index["domain"][c.domain],
            claim_col if c.claimable else -1,
            *(tag_columns[key].get(dict(c.tags).get(key), tag_columns[key][None])
              for key in tag_columns),
        ]
        for c in chains
    ], dtype=np.int64).reshape(len(chains), 5 + len(tag_columns))
    return group_slices, group_columns


def _cost_inputs(scenario: Scenario, uncertain_costs: list[_UncertainCost]
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple[tuple[str, int], ...]]:
    """The uncertain costs' fields of :class:`CoreArrays` other than their distributions:
    points, cells (initiative, year index), cost factors and names (initiative, year)."""
    start = scenario.meta.start_year
    return (np.array([inp.point for *_, inp in uncertain_costs], dtype=float),
            np.array([(i, year - start) for i, _, year, _ in uncertain_costs],
                     dtype=np.int64).reshape(-1, 2),
            np.array([ini.cost_factor for _, ini, _, _ in uncertain_costs], dtype=float),
            tuple((ini.id, year) for _, ini, year, _ in uncertain_costs))


@dataclass(frozen=True)
class _Funding:
    n_patterns: np.ndarray  # (financing, initiative)
    row_start: np.ndarray
    fixed_pattern: np.ndarray
    pattern_cdf: np.ndarray
    renewal_groups: tuple[tuple[str, ...], ...]
    cost_rows: np.ndarray


def _funding_arrays(scenario: Scenario, point: bool) -> _Funding:
    """Funding patterns per (financing, initiative): pattern k funds the first k added
    years. A point run takes the plan as intended (every renewal granted)."""
    meta = scenario.meta
    fins, inis = scenario.financing, scenario.initiatives
    plans = [[fin.of(ini.id) for ini in inis] for fin in fins]
    n_patterns = np.array([[1 + (len(p.years) if p else 0) for p in row] for row in plans],
                          dtype=np.int64).reshape(len(fins), len(inis))
    row_start = np.zeros_like(n_patterns)
    row_start[1:] = np.cumsum(n_patterns, axis=0)[:-1]
    width = int(n_patterns.max())
    cdf = np.ones((len(fins), len(inis), width))
    fixed_pattern = np.full((len(fins), len(inis)), -1, dtype=np.int64)
    cost_rows = np.zeros((len(fins), len(inis), width, meta.horizon))
    for f, row in enumerate(plans):
        for i, plan in enumerate(row):
            base = np.zeros(meta.horizon)
            for year, cost in inis[i].costs:  # point values, raised by the optimism bias
                base[year - meta.start_year] = cost * inis[i].cost_factor
            cost_rows[f, i] = base
            if plan is None:
                fixed_pattern[f, i] = 0
                continue
            probs = plan.added_years_probabilities()
            c = np.cumsum(probs)
            c[-1] = 1.0
            cdf[f, i, : len(c)] = c
            if point:
                fixed_pattern[f, i] = len(plan.years)
            elif np.count_nonzero(probs) == 1:
                fixed_pattern[f, i] = int(np.flatnonzero(probs)[0])
            for k, year in enumerate(plan.years, start=1):
                cost_rows[f, i, k:, year - meta.start_year] += plan.cost_per_year
    groups = tuple(tuple("all" if fin.joint else ini.id for ini in inis) for fin in fins)
    return _Funding(n_patterns, row_start, fixed_pattern, cdf, groups, cost_rows)


def _added_cohorts(plan: Funding, k: int, base_funded: set[int]
                   ) -> Iterator[tuple[int, int, float, float]]:
    """The cohorts that the first ``k`` added funding years of ``plan`` bring
    (:meth:`~mcimpact.model.scenario.Funding.added_cohorts`)."""
    return plan.added_cohorts(k, base_funded)


def _profile_rows(scenario: Scenario, funding: _Funding
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per chain and (financing, pattern) row, per duration: Σ over cohorts of the cohort's
    weight times its profile, split into the part that scales with the slagingskans and
    the continuity uplift (see docs/methodology.md §9); the first part's share of the
    added cohorts alone (the row less its base cohorts); and one cohort's profile per
    chain (chain, duration, year).

    Pattern k's row is pattern k − 1's plus the k-th added cohort (the same sums, in the
    same order, as adding the base and the first k added cohorts to zeros: an added
    cohort depends only on the years before it)."""
    meta = scenario.meta
    n_years = meta.horizon
    n_rows = int((funding.row_start + funding.n_patterns).max())
    index = {x.id: k for k, x in enumerate(scenario.initiatives)}
    shape = (len(scenario.chains), n_rows, n_years + 1, n_years)
    profiles, uplifts, added = np.zeros(shape), np.zeros(shape), np.zeros(shape)
    cohort_weights = np.zeros((len(scenario.chains), n_years + 1, n_years))
    durations = np.arange(1, n_years + 1)
    for e, chain in enumerate(scenario.chains):
        p = chain.profile
        weights = cohort_weights[e]
        for duration in range(1, n_years + 1):
            weights[duration] = profile_weights(p.shape, p.lag, duration, p.half_life,
                                                chain.adjustments.point_drop_off, n_years)
        base = np.zeros((n_years + 1, n_years))
        for cohort in chain.cohorts:
            c = cohort - meta.start_year
            base[1:, c:] += weights[1:, : n_years - c]
        i = index[chain.initiative]
        base_funded = set(scenario.initiatives[i].funded_years)
        for f, fin in enumerate(scenario.financing):
            plan = fin.of(chain.initiative)
            row, row_added, row_uplift = base.copy(), np.zeros_like(base), np.zeros_like(base)
            done: list[tuple[int, int, float, float]] = []
            for k in range(funding.n_patterns[f, i]):
                r = funding.row_start[f, i] + k
                if plan is not None and chain.follows_funding and k > 0:
                    terms = list(_added_cohorts(plan, k, base_funded))
                    if terms[:-1] != done:  # not the cohorts before plus one: start over
                        row, row_added = base.copy(), np.zeros_like(base)
                        row_uplift, done = np.zeros_like(base), []
                    for year, extra, reach, uplift in terms[len(done):]:
                        w = weights[np.minimum(durations + extra, n_years)]
                        c = year - meta.start_year
                        row[1:, c:] += reach * (1 - uplift) * w[:, : n_years - c]
                        row_added[1:, c:] += reach * (1 - uplift) * w[:, : n_years - c]
                        row_uplift[1:, c:] += reach * uplift * w[:, : n_years - c]
                    done = terms
                profiles[e, r], added[e, r], uplifts[e, r] = row, row_added, row_uplift
    return profiles, uplifts, added, cohort_weights


def _row_cohorts(scenario: Scenario, funding: _Funding) -> dict[str, np.ndarray]:
    """The cohorts that the funding pattern of each profile row adds to the chains that
    follow funding, in the order of the added years: their year index, extra duration and
    weights on the full product and on the product without the slagingskans (as
    :func:`_profile_rows` adds them). Rows are numbered per initiative (as the chains'
    profile rows): entry ``i · rows + row_start[f, i] + k`` has the first k added years
    of financing scenario f for initiative i."""
    meta = scenario.meta
    n_rows = int((funding.row_start + funding.n_patterns).max())
    n_init = len(scenario.initiatives)
    rows: list[list[tuple[int, int, float, float]]] = [[] for _ in range(n_init * n_rows)]
    for f, fin in enumerate(scenario.financing):
        for i, ini in enumerate(scenario.initiatives):
            plan = fin.of(ini.id)
            if plan is None:
                continue
            base_funded = set(ini.funded_years)
            for k in range(funding.n_patterns[f, i]):
                rows[i * n_rows + funding.row_start[f, i] + k] = [
                    (year - meta.start_year, min(extra, meta.horizon), reach * (1 - uplift),
                     reach * uplift)
                    for year, extra, reach, uplift in _added_cohorts(plan, k, base_funded)]
    terms = [t for row in rows for t in row]
    return {
        "row_cohort_offsets": np.cumsum([0, *map(len, rows)], dtype=np.int64),
        "row_cohort_year": np.array([t[0] for t in terms], dtype=np.int64),
        "row_cohort_extra": np.array([t[1] for t in terms], dtype=np.int64),
        "row_cohort_reach": np.array([t[2] for t in terms], dtype=np.float64),
        "row_cohort_uplift": np.array([t[3] for t in terms], dtype=np.float64),
    }


def _fixed_adjustment(adjustments: tuple) -> float:
    """Π (1 − share) over the fixed ones of deadweight, attribution, displacement, in that
    order (the kernel's :func:`~mcimpact.core.kernels.chain_constant`)."""
    factor = 1.0
    for inp in adjustments[:3]:
        if inp.is_fixed:
            factor *= 1.0 - inp.point
    return factor


def _dropoff_terms(scenario: Scenario, funding: _Funding, point: bool) -> dict[str, np.ndarray]:
    """The cohort terms of the chains whose drop-off is sampled (none in a point run): per
    chain and profile row, every cohort's (year, extra duration, reach, uplift) as
    :func:`_profile_rows` adds them, and the chain's weights without drop-off."""
    meta = scenario.meta
    n_years = meta.horizon
    n_rows = int((funding.row_start + funding.n_patterns).max())
    index = {x.id: k for k, x in enumerate(scenario.initiatives)}
    chain_row = np.full(len(scenario.chains), -1, dtype=np.int64)
    lags: list[int] = []
    weights: list[np.ndarray] = []
    offsets = [0]
    cohort: list[int] = []
    extra: list[int] = []
    reach: list[float] = []
    uplift: list[float] = []
    for e, chain in enumerate(scenario.chains):
        if point or chain.adjustments.drop_off.is_fixed:
            continue
        chain_row[e] = len(lags)
        p = chain.profile
        lags.append(p.lag)
        w = np.zeros((n_years + 1, n_years))
        for duration in range(1, n_years + 1):
            w[duration] = profile_weights(p.shape, p.lag, duration, p.half_life, 0.0, n_years)
        weights.append(w)
        i = index[chain.initiative]
        base_funded = set(scenario.initiatives[i].funded_years)
        rows: list[list[tuple[int, int, float, float]]] = [[] for _ in range(n_rows)]
        for f, fin in enumerate(scenario.financing):
            plan = fin.of(chain.initiative)
            for k in range(funding.n_patterns[f, i]):
                r = funding.row_start[f, i] + k
                rows[r] = [(year - meta.start_year, 0, 1.0, 0.0) for year in chain.cohorts]
                if plan is None or not chain.follows_funding:
                    continue
                for year, more, share, lift in _added_cohorts(plan, k, base_funded):
                    rows[r].append((year - meta.start_year, more, share * (1 - lift),
                                    share * lift))
        for terms in rows:
            for c, x, a, b in terms:
                cohort.append(c)
                extra.append(min(x, n_years))
                reach.append(a)
                uplift.append(b)
            offsets.append(len(cohort))
    return {
        "dropoff_chain": chain_row,
        "dropoff_lag": np.array(lags, dtype=np.int64),
        "shape_weights": (np.stack(weights) if weights
                          else np.zeros((0, n_years + 1, n_years))),
        "term_offsets": np.array(offsets, dtype=np.int64),
        "term_cohort": np.array(cohort, dtype=np.int64),
        "term_extra": np.array(extra, dtype=np.int64),
        "term_reach": np.array(reach, dtype=np.float64),
        "term_uplift": np.array(uplift, dtype=np.float64),
    }


def _has_uplift(uplifts: np.ndarray, funding: _Funding, initiative: list[int]) -> np.ndarray:
    n_fin = funding.row_start.shape[0]
    out = np.zeros((len(initiative), n_fin), dtype=np.bool_)
    for e, i in enumerate(initiative):
        for f in range(n_fin):
            start = funding.row_start[f, i]
            out[e, f] = np.any(uplifts[e, start: start + funding.n_patterns[f, i]])
    return out


def group_sizes(scenario: Scenario) -> dict[str, int]:
    """Columns of the group output per group (:data:`GROUPS`, then ``"tag:<key>"`` per
    tag key), without the claimable column that follows them."""
    return {
        "initiative": len(scenario.initiatives),
        "activity": len(scenario.activities),
        "beneficiary": len(scenario.beneficiaries),
        "domain": len(scenario.domains),
        **{f"tag:{key}": len(members) for key, members in scenario.tag_members},
    }


def stream_key(seed: int, *names: object) -> int:
    """A 64-bit stream key from the seed and stable names (never from threads or chunks)."""
    text = "\x1f".join(str(x) for x in (seed, *names))
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")


@dataclass(frozen=True)
class Keys:
    """The stream keys of a run: per (chain, slot), per copula factor and per (financing,
    initiative) renewal. Renewal streams are named by the renewal group only (not by the
    financing scenario), so all financing scenarios share them: common random numbers."""

    inputs: np.ndarray  # uint64 (chain, slot)
    factors: np.ndarray  # uint64 (factor,)
    renewal: np.ndarray  # uint64 (financing, initiative)
    # uint64 (cost,): the uncertain costs' streams; None keeps costs at their point values
    # (the sensitivity analysis, which varies the chains' inputs).
    costs: np.ndarray | None = None


def stream_keys(seed: int, core: CoreArrays) -> Keys:
    keys = np.array([[stream_key(seed, "input", chain_id, INPUT_NAMES[s])
                      for s in range(N_SLOTS)] for chain_id in core.chain_ids], dtype=np.uint64)
    factor_keys = np.array([stream_key(seed, name) for name in core.factor_names],
                           dtype=np.uint64)
    renewal = np.array([[stream_key(seed, "renewal", group) for group in row]
                        for row in core.renewal_groups], dtype=np.uint64)
    costs = np.array([stream_key(seed, "cost", initiative, year)
                      for initiative, year in core.cost_names], dtype=np.uint64)
    return Keys(keys.reshape(len(core.chain_ids), N_SLOTS), factor_keys,
                renewal.reshape(core.row_start.shape), costs)


@dataclass
class Draws:
    """Raw per-draw outputs of the core for draws ``[0, n)``."""

    benefits: np.ndarray  # (draw, financing, year)
    groups: np.ndarray  # (draw, financing, column)
    patterns: np.ndarray  # (draw, financing, initiative) int64: added years funded
    inputs: np.ndarray | None  # (draw, chain, slot)
    # (draw, cost): the uncertain costs [EUR, before the optimism bias]; None: at their
    # point values (a point run, a scenario without them, the sensitivity analysis).
    costs: np.ndarray | None = None


def sample(
    core: CoreArrays, seed: int, first: int, n: int, *, keep_inputs: bool = False,
    out: Draws | None = None, offset: int = 0, keys: Keys | None = None,
    params: np.ndarray | None = None,
) -> Draws:
    """Run the core for draws ``first .. first + n - 1``; write into ``out`` at ``offset``.

    ``keys`` replaces the seed's stream keys and ``params`` the compiled parameters; the
    sensitivity analysis mixes streams and fixes inputs with them. The inputs are kept if
    ``out.inputs`` is not None (for a new ``out``: if ``keep_inputs``).

    Raises
    ------
    ValueError
        If the arrays do not fit the kernel (:func:`check_kernel_args`), or rows
        ``offset .. offset + n − 1`` are not in ``out``.
    """
    if n < 0 or offset < 0:
        raise ValueError(f"sample: n and offset must be >= 0, got n={n}, offset={offset}")
    if out is None:  # (draw, …) C-contiguous, the layout the analyses have always had
        out, offset = allocate(core, n, keep_inputs, draws_last=False), 0
    if offset + n > len(out.benefits):
        raise ValueError(f"sample: out has {len(out.benefits)} draws, rows {offset} .. "
                         f"{offset + n - 1} asked for")
    keys = stream_keys(seed, core) if keys is None else keys
    args = kernel_in(core, keys, params)
    rows = slice(offset, offset + n)
    # The kernel writes the draw axis last: into the arrays behind an ``out`` of
    # allocate(), else into new ones, copied to ``out``'s rows.
    dest = KernelOut(out.benefits.transpose(1, 2, 0), out.groups.transpose(1, 2, 0),
                     out.patterns.transpose(1, 2, 0),
                     np.empty((0, *core.kinds.shape)) if out.inputs is None else out.inputs)
    direct = all(a.flags.c_contiguous for a in dest)
    if not direct:  # the kernel's layout, of out's shapes and types; copied to out after
        def fresh(a: np.ndarray) -> np.ndarray:
            return np.empty((*a.shape[:2], n), dtype=a.dtype)

        dest = KernelOut(fresh(dest.benefits), fresh(dest.groups), fresh(dest.patterns),
                         dest.inputs[rows])
    check_kernel_args(args, dest)
    run_kernel(np.int64(first), offset if direct else 0, n,
               KernelIn._make(_read_only(a) for a in args), dest)
    if not direct:
        out.benefits[rows] = dest.benefits.transpose(2, 0, 1)
        out.groups[rows] = dest.groups.transpose(2, 0, 1)
        out.patterns[rows] = dest.patterns.transpose(2, 0, 1)
    if len(core.cost_kinds):
        if out.costs is None or out.costs.shape[1:] != core.cost_kinds.shape:
            raise ValueError("sample: out has no room for the uncertain costs (allocate)")
        if keys.costs is None:
            out.costs[rows] = core.cost_points
        else:
            sample_costs(core, keys.costs, first, out.costs[rows])
    return out


#: Draws per call of the kernel on a thread: whole blocks, small enough that threads of
#: unequal speed (a shared machine) finish together, large enough that a call's overhead
#: (~40 µs to hand over the arrays) stays below 1 %.
TASK = 16 * BLOCK


def run_kernel(first: np.int64, offset: int, n: int, args: KernelIn, dest: KernelOut
               ) -> None:
    """:func:`~mcimpact.core.kernels.compiled` on draws ``first … first + n − 1`` into the
    columns ``offset …`` of ``dest``, in tasks of :data:`TASK` draws spread over
    :func:`~mcimpact.core.threads.threads` threads. Each task writes only its own draws and
    every number depends only on its draw index, so the result depends neither on the
    number of threads nor on which thread ran which task."""
    prepare()  # the run's compiled loops, at once (a first run compiles them: seconds)
    kernel = compiled()

    def task(lo: int) -> Callable[[], None]:
        return lambda: kernel(first + np.int64(lo), np.int64(offset + lo),
                              np.int64(min(TASK, n - lo)), args, dest)

    run_all([task(lo) for lo in range(0, n, TASK)])


def sample_costs(core: CoreArrays, keys: np.ndarray, first: int, out: np.ndarray) -> None:
    """The uncertain costs (draw, cost) of draws ``first …`` into ``out``: the inverse
    CDF of each cost's own stream of uniforms (stream ``("cost", initiative, year)``), as
    the core samples a chain's inputs."""
    n = len(out)
    u, values = np.empty(n), np.empty(n)
    no_factors = np.zeros((1, max(n, 1)))
    for k, kind in enumerate(core.cost_kinds):
        p = core.cost_params[k]
        fill_uniforms(np.uint64(keys[k]), first, n, -1, 0.0, no_factors, u)
        fill_quantiles(int(kind), p[0], p[1], p[2], p[3], u, n, core.tables, core.cdf,
                       core.cdf_points, core.guide, core.cdf_offsets, values)
        out[:, k] = values


def _warm_cost_loops() -> None:
    """Compile :func:`sample_costs`' loops (a scenario with uncertain costs) into numba's
    cache, for ``mcimpact warm``."""
    u, values = np.empty(1), np.empty(1)
    fill_uniforms(np.uint64(1), 0, 1, -1, 0.0, np.zeros((1, 1)), u)
    fill_quantiles(0, 1.0, 0.0, 0.0, 0.0, u, 1, np.zeros((1, 2, 1, 1)), np.ones(1),
                   np.zeros(1), np.zeros(1, dtype=np.int32), np.zeros(2, dtype=np.int64),
                   values)


register(__name__, "_warm_cost_loops", run=False)


def kernel_in(core: CoreArrays, keys: Keys, params: np.ndarray | None = None) -> KernelIn:
    """The kernel's inputs: the arrays of ``core`` (its fields of the same name) and
    ``keys``, with ``params`` (chain, slot, 4) in place of ``core.params`` if given.
    Nothing is copied or checked."""
    given = {"input_keys": keys.inputs, "factor_keys": keys.factors,
             "renewal_keys": keys.renewal}
    if params is not None:
        given["params"] = params
    return KernelIn(**{name: given[name] if name in given else getattr(core, name)
                       for name in KernelIn._fields})


def check_kernel_args(args: KernelIn, out: KernelOut) -> None:
    """Check that the bundles fit :data:`~mcimpact.core.kernels.SIGNATURE` and each
    other, so that the kernel neither fails to dispatch nor reads or writes out of bounds.

    Checks every array's type, dtype, dimensions, C-contiguity and alignment (and that
    ``out`` is writeable); that axes of the same name (:class:`~mcimpact.core.kernels.Spec`)
    have the same length, and those the kernel fixes theirs
    (:data:`~mcimpact.core.kernels.SIZES`); that ``out.inputs`` has a row per draw or
    none; and that the indices into other arrays are in range.

    Raises
    ------
    ValueError
        Naming the first array that does not fit, and how.
    """
    # Axis name → (length, the first array with that axis).
    sizes = {axis: (length, "the kernel") for axis, length in SIZES.items()}
    for bundle, bundle_specs in ((args, IN_SPECS), (out, OUT_SPECS)):
        for (name, spec), a in zip(bundle_specs.items(), bundle, strict=True):
            label = f"{type(bundle).__name__}.{name}"
            if not (isinstance(a, np.ndarray) and a.dtype == spec.dtype
                    and a.ndim == len(spec.axes)):
                got = (f"{a.dtype} with shape {a.shape}" if isinstance(a, np.ndarray)
                       else type(a).__name__)
                raise ValueError(f"{label} must be {_wanted(spec)}, got {got}")
            if not (a.flags.c_contiguous and a.flags.aligned):
                raise ValueError(f"{label} must be {_wanted(spec)}, got a non-contiguous or "
                                 "unaligned one (np.ascontiguousarray makes a contiguous copy)")
            if bundle is out and not a.flags.writeable:
                raise ValueError(f"{label} is read-only; the kernel writes it")
            for axis, length in zip(spec.axes, a.shape, strict=True):
                if axis == "kept":  # a row per draw, or none
                    if not length:
                        continue
                    axis = "draw"
                known, where = sizes.setdefault(axis, (length, label))
                if length != known:
                    raise ValueError(f"{label} has shape {a.shape}: its {axis} axis has "
                                     f"length {length}, but {known} in {where}")
    _check_indices(args, sizes["column"][0])


def _wanted(spec: Spec) -> str:
    return f"a C-contiguous {np.dtype(spec.dtype)} array ({', '.join(spec.axes)})"


def _check_indices(c: KernelIn, n_columns: int) -> None:
    """The indices the kernel reads other arrays at, which it does not check."""

    def within(name: str, values: np.ndarray, low: int, stop: int) -> None:
        if values.size and (values.min() < low or values.max() >= stop):
            raise ValueError(f"KernelIn.{name} must be in {low} .. {stop - 1}, got values "
                             f"from {values.min()} to {values.max()}")

    n_initiatives = c.row_start.shape[1]
    within("chain_initiative", c.chain_initiative, 0, n_initiatives)
    n_dropoff, n_years = len(c.dropoff_lag), c.profiles.shape[3]
    within("dropoff_chain", c.dropoff_chain, -1, n_dropoff)
    within("dropoff_lag", c.dropoff_lag, 0, n_years)
    if len(c.term_offsets) != n_dropoff * c.profiles.shape[1] + 1:
        raise ValueError(f"KernelIn.term_offsets must have dropoff · row + 1 = "
                         f"{n_dropoff * c.profiles.shape[1] + 1} entries, got "
                         f"{len(c.term_offsets)}")
    within("term_offsets", c.term_offsets, 0, len(c.term_cohort) + 1)
    if np.any(np.diff(c.term_offsets) < 0):
        raise ValueError("KernelIn.term_offsets must not decrease")
    within("term_cohort", c.term_cohort, 0, n_years)
    within("term_extra", c.term_extra, 0, n_years + 1)
    n_rows = c.profiles.shape[1] * n_initiatives
    if len(c.row_cohort_offsets) != n_rows + 1:
        raise ValueError(f"KernelIn.row_cohort_offsets must have initiative · row + 1 = "
                         f"{n_rows + 1} entries, got {len(c.row_cohort_offsets)}")
    within("row_cohort_offsets", c.row_cohort_offsets, 0, len(c.row_cohort_year) + 1)
    if np.any(np.diff(c.row_cohort_offsets) < 0):
        raise ValueError("KernelIn.row_cohort_offsets must not decrease")
    within("row_cohort_year", c.row_cohort_year, 0, n_years)
    within("row_cohort_extra", c.row_cohort_extra, 0, n_years + 1)
    within("factor_of", c.factor_of, -1, len(c.factor_keys))
    within("group_columns", c.group_columns, -1, n_columns)
    n_patterns = c.pattern_cdf.shape[2]
    within("fixed_pattern", c.fixed_pattern, -1, n_patterns)
    # The last pattern a draw can take: the certain one, or the first k with
    # P(pattern ≤ k) = 1, where the kernel's search stops.
    last = np.where(c.fixed_pattern >= 0, c.fixed_pattern,
                    np.where(np.any(c.pattern_cdf >= 1.0, axis=2),
                             np.argmax(c.pattern_cdf >= 1.0, axis=2), n_patterns - 1))
    within("row_start", c.row_start, 0, c.profiles.shape[1])
    within("row_start + funding pattern", c.row_start + last, 0, c.profiles.shape[1])
    # The kernel reads a row's first k added cohorts for funding pattern k.
    rows = np.arange(n_initiatives) * c.profiles.shape[1] + c.row_start + last
    short = np.diff(c.row_cohort_offsets)[rows] < last
    if np.any(short):
        raise ValueError("KernelIn.row_cohort_offsets must give the row of funding pattern "
                         "k at least k added cohorts")
    within("cdf_offsets", c.cdf_offsets, 0, len(c.cdf) + 1)
    if len(c.guide) < GUIDE_FACTOR * c.cdf_offsets[-1]:
        raise ValueError(f"KernelIn.guide has {len(c.guide)} entries, the CDFs need "
                         f"{GUIDE_FACTOR} per CDF entry, {GUIDE_FACTOR * c.cdf_offsets[-1]}")
    for kind, label, p, stop, name in (
            (TABLE, "TABLE", 2, len(c.tables), "tables"),
            (DISCRETE, "DISCRETE", 0, len(c.cdf_offsets) - 1, "cdf_offsets"),
            (DISCRETE_LATTICE, "DISCRETE_LATTICE", 0, len(c.cdf_offsets) - 1, "cdf_offsets")):
        index = c.params[..., p][c.kinds == kind]
        field = f"params[..., {p}] of the {label} kind (an index into {name})"
        if np.any(index != np.floor(index)):
            raise ValueError(f"KernelIn.{field} must be a whole number, got "
                             f"{index[index != np.floor(index)][0]}")
        within(field, index, 0, stop)


def _read_only(a: np.ndarray) -> np.ndarray:
    """A read-only view of ``a``: the signature types the kernel's inputs read-only, so
    that read-only arrays (memory-mapped, say) dispatch as well as writeable ones."""
    if not a.flags.writeable:
        return a
    view = a.view()
    view.flags.writeable = False
    return view


def allocate(core: CoreArrays, n: int, keep_inputs: bool, *, draws_last: bool = True
             ) -> Draws:
    """Uninitialised outputs of the core for ``n`` draws (``sample(..., out=)``).

    The arrays are (draw, financing, …); with ``draws_last`` (the default, what a run's
    chunks use) they are views of arrays that hold the draws last, the kernel's layout
    (:class:`~mcimpact.core.kernels.KernelOut`): the kernel writes them directly and the
    per-draw figures and reducers read each figure's draws contiguously. Else they are
    C-contiguous, and :func:`sample` copies the kernel's columns into them.
    """
    n_fin, n_init = core.row_start.shape

    def empty(*shape: int, dtype: type = np.float64) -> np.ndarray:
        if draws_last:
            return np.empty((*shape, n), dtype=dtype).transpose(2, 0, 1)
        return np.empty((n, *shape), dtype=dtype)

    return Draws(
        empty(n_fin, core.profiles.shape[3]),
        empty(n_fin, core.group_slices["claimable"].stop),
        empty(n_fin, n_init, dtype=np.int64),
        np.empty((n, len(core.chain_ids), N_SLOTS)) if keep_inputs else None,
        np.empty((n, len(core.cost_kinds))) if len(core.cost_kinds) else None,
    )


