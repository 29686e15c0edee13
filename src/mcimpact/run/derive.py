"""The per-draw figures of a chunk, derived from the core's raw output — the one definition
of costs (uncertain ones and the optimism bias included), totals, periods, the multiplier
(and what zero costs mean), the break-even year, the payback period and the cost claims,
for the summaries, the results dataset and the sensitivity analysis.

Money conventions: ``benefits`` and ``costs`` per year are nominal [EUR] of that year;
every total, breakdown and multiplier is a present value at the discounting year (the
start year; the base year under the "base-year" time convention) at the scenario's
discount rate (with the default rate 0, as in the report, they are plain sums).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

import numba as nb
import numpy as np

from ..core.compile import CoreArrays, Draws, pattern_rows
from ..model.scenario import CONVENTION_LAG, GROUPS, Scenario

if TYPE_CHECKING:
    import xarray as xr


def never_year(scenario: Scenario) -> int:
    """How 'no break-even within the horizon' is encoded: the first year after it."""
    return scenario.meta.end_year + 1


def yearly_costs(cost_rows: np.ndarray, patterns: np.ndarray) -> np.ndarray:
    """Nominal costs per (draw, financing, year) [EUR]: the sum over initiatives of each
    draw's pattern row of ``cost_rows`` (financing, initiative, pattern, year)."""
    out = np.empty((len(patterns), cost_rows.shape[0], cost_rows.shape[3]))
    _yearly_costs(np.ascontiguousarray(cost_rows, dtype=np.float64),
                  np.ascontiguousarray(patterns, dtype=np.int64), out)
    return out


@nb.njit(cache=True, nogil=True, parallel=True, error_model="numpy")
def _yearly_costs(cost_rows, patterns, out):  # pragma: no cover - compiled
    n_fin, n_init, _, n_years = cost_rows.shape
    for d in nb.prange(len(patterns)):
        for f in range(n_fin):
            for t in range(n_years):
                out[d, f, t] = 0.0
            for i in range(n_init):  # initiatives in order: the same sums as a loop of +=
                row = cost_rows[f, i, patterns[d, f, i]]
                for t in range(n_years):
                    out[d, f, t] += row[t]


def cost_deviations(core: CoreArrays, draws: Draws) -> np.ndarray | None:
    """How far each draw's uncertain costs lie from their point values, raised by the
    optimism bias, per (draw, initiative, year) [EUR, nominal]; None without uncertain
    costs. The point values are in ``core.cost_rows``: costs = rows + deviations."""
    if draws.costs is None or not len(core.cost_kinds):
        return None
    n_init = core.row_start.shape[1]
    out = np.zeros((len(draws.costs), n_init, core.discount.shape[0]))
    for k, (i, t) in enumerate(core.cost_cells):
        out[:, i, t] += (draws.costs[:, k] - core.cost_points[k]) * core.cost_factors[k]
    return out


def break_even_year(
    benefits: np.ndarray, costs: np.ndarray, discount: np.ndarray, years: np.ndarray, never: int
) -> np.ndarray:
    """First year in which cumulative (discounted) benefits reach cumulative costs.

    Years before the first cost are not counted (nothing has been invested yet).
    ``benefits`` is (..., year); ``costs`` is (year,) or broadcasts against ``benefits``.
    Returns int64 years, ``never`` where it does not happen within the horizon.
    """
    costs = np.broadcast_to(costs, benefits.shape)
    flat_b = np.ascontiguousarray(benefits, dtype=np.float64).reshape(-1, benefits.shape[-1])
    flat_c = np.ascontiguousarray(costs, dtype=np.float64).reshape(flat_b.shape)
    out = np.empty(len(flat_b), dtype=np.int64)
    _break_even(flat_b, flat_c, np.asarray(discount, dtype=np.float64),
                np.asarray(years, dtype=np.int64), never, out)
    return out.reshape(benefits.shape[:-1])


@nb.njit(cache=True, nogil=True, parallel=True, error_model="numpy")
def _break_even(benefits, costs, discount, years, never, out):  # pragma: no cover
    # Running sums of the discounted flows in year order (the sums of numpy.cumsum).
    for d in nb.prange(len(benefits)):
        cum_b = 0.0
        cum_c = 0.0
        out[d] = never
        for t in range(len(discount)):
            cum_b += benefits[d, t] * discount[t]
            cum_c += costs[d, t] * discount[t]
            if cum_c > 0 and cum_b >= cum_c:
                out[d] = years[t]
                break


def payback_years(
    benefits: np.ndarray, costs: np.ndarray, discount: np.ndarray, offset: int = 0
) -> np.ndarray:
    """The payback period [years]: when cumulative (discounted) benefits reach cumulative
    costs, counted from the start of the horizon, with the flows of each year spread
    evenly over it (so the crossing is interpolated linearly within the break-even year:
    year index t plus −N[t−1] / (N[t] − N[t−1]), N the cumulative net benefit), less
    ``offset`` years (1 under the SROI convention, whose Year k is the k-th year after the
    investment of Year 0), at least 0. NaN where there is no break-even within the
    horizon; the same running sums and rule as :func:`break_even_year`."""
    costs = np.broadcast_to(costs, benefits.shape)
    flat_b = np.ascontiguousarray(benefits, dtype=np.float64).reshape(-1, benefits.shape[-1])
    flat_c = np.ascontiguousarray(costs, dtype=np.float64).reshape(flat_b.shape)
    out = np.empty(len(flat_b))
    _payback(flat_b, flat_c, np.asarray(discount, dtype=np.float64), float(offset), out)
    return out.reshape(benefits.shape[:-1])


@nb.njit(cache=True, nogil=True, parallel=True, error_model="numpy")
def _payback(benefits, costs, discount, offset, out):  # pragma: no cover - compiled
    for d in nb.prange(len(benefits)):
        cum_b = 0.0
        cum_c = 0.0
        out[d] = np.nan
        for t in range(len(discount)):
            before = cum_b - cum_c
            cum_b += benefits[d, t] * discount[t]
            cum_c += costs[d, t] * discount[t]
            if cum_c > 0 and cum_b >= cum_c:
                now = cum_b - cum_c
                share = -before / (now - before) if before < 0 else 0.0
                out[d] = max(t + share - offset, 0.0)
                break


def multiplier(benefits: np.ndarray, costs: np.ndarray) -> np.ndarray:
    """Benefits / costs [EUR per EUR]; without costs there is no multiplier (NaN)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(costs > 0, benefits / np.where(costs > 0, costs, 1.0), np.nan)


@dataclass(frozen=True)
class PerDraw:
    """The per-draw figures of a chunk of draws, named as the results dataset's variables
    (docs/results.md); every array is (draw, financing, ...)."""

    benefits: np.ndarray  # (…, year) nominal
    costs: np.ndarray  # (…, year) nominal
    added_years: np.ndarray  # (…, initiative) int
    benefits_total: np.ndarray
    benefits_claimable: np.ndarray
    costs_total: np.ndarray
    costs_by_initiative: np.ndarray  # (…, initiative)
    net_benefit: np.ndarray
    multiplier: np.ndarray
    break_even_year: np.ndarray  # int64 calendar year, never_year() when not reached
    payback_years: np.ndarray  # years (fractional), NaN when not reached
    benefits_by_period: np.ndarray  # (…, period)
    multiplier_by_initiative: np.ndarray  # (…, initiative)
    cost_claim_by_domain: np.ndarray  # (…, domain)
    benefits_by_initiative: np.ndarray
    benefits_by_activity: np.ndarray
    benefits_by_beneficiary: np.ndarray
    benefits_by_domain: np.ndarray
    # (…, tag member): every tag key's members one after the other, in the order of
    # Scenario.tag_members; like the groups, without the residual values.
    benefits_by_tag: np.ndarray

    def __len__(self) -> int:
        return len(self.benefits)

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    @classmethod
    def from_dataset(cls, ds: xr.Dataset, draws: slice) -> PerDraw:
        """The draws ``draws`` of a results dataset."""
        return cls(**{name: np.asarray(ds[name][draws].values) for name in cls.names()})


def derive(scenario: Scenario, core: CoreArrays, draws: Draws) -> PerDraw:
    """The per-draw figures of the core's raw output for one chunk."""
    meta = scenario.meta
    discount = core.discount
    benefits = draws.benefits
    s = core.group_slices
    by_group = {g: draws.groups[:, :, s[g]] for g in GROUPS}
    residual = core.residual_values
    if np.any(residual):
        # The residual values: benefits of their initiatives in the horizon's last year
        # (of no activity, beneficiary, domain or tag).
        benefits = benefits.copy()
        benefits[..., -1] += residual.sum()
        by_group["initiative"] = by_group["initiative"] + residual * discount[-1]
    costs = yearly_costs(core.cost_rows, draws.patterns)
    extra = cost_deviations(core, draws)  # (draw, initiative, year) or None
    if extra is not None:
        costs += extra.sum(axis=1)[:, None, :]
    pv_year = benefits * discount
    benefits_total = pv_year.sum(axis=-1)
    starts = np.flatnonzero(np.diff(meta.period_index, prepend=-1))
    by_period = np.add.reduceat(pv_year, starts, axis=-1)
    be_year = break_even_year(benefits, costs, discount, meta.years, never_year(scenario))
    costs_by_initiative = pattern_rows(core.cost_rows @ discount, draws.patterns)
    if extra is not None:
        costs_by_initiative = costs_by_initiative + (extra @ discount)[:, None, :]
    costs_total = costs_by_initiative.sum(axis=-1)
    mult = multiplier(benefits_total, costs_total)
    # Costs in proportion to where benefits land; a draw without benefits has nothing to
    # allot costs to, so its claims are 0.
    with np.errstate(divide="ignore", invalid="ignore"):
        cost_claim = np.where(benefits_total[..., None] > 0,
                              by_group["domain"] / mult[..., None], 0.0)
    return PerDraw(
        benefits=benefits, costs=costs, added_years=draws.patterns,
        benefits_total=benefits_total,
        benefits_claimable=draws.groups[:, :, s["claimable"]][:, :, 0],
        costs_total=costs_total, costs_by_initiative=costs_by_initiative,
        net_benefit=benefits_total - costs_total, multiplier=mult,
        break_even_year=be_year, benefits_by_period=by_period,
        payback_years=payback_years(benefits, costs, discount,
                                    CONVENTION_LAG[meta.time_convention]),
        multiplier_by_initiative=multiplier(by_group["initiative"], costs_by_initiative),
        cost_claim_by_domain=cost_claim,
        **{f"benefits_by_{g}": by_group[g] for g in GROUPS},
        # The tags' columns lie between the last group's and the claimable column.
        benefits_by_tag=draws.groups[:, :, s[GROUPS[-1]].stop: s["claimable"].start],
    )
