"""The per-draw figures of a chunk, derived from the core's raw output — the one definition
of costs, totals, periods, the multiplier (and what zero costs mean), the break-even year
and the cost claims, for the summaries, the results dataset and the sensitivity analysis.

Money conventions: ``benefits`` and ``costs`` per year are nominal [EUR] of that year;
every total, breakdown and multiplier is a present value at the start year at the
scenario's discount rate (with the default rate 0, as in the report, they are plain sums).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from ..core.compile import CoreArrays, Draws, pattern_rows
from ..model.scenario import GROUPS, Scenario


def never_year(scenario: Scenario) -> int:
    """How 'no break-even within the horizon' is encoded: the first year after it."""
    return scenario.meta.end_year + 1


def yearly_costs(cost_rows: np.ndarray, patterns: np.ndarray) -> np.ndarray:
    """Nominal costs per (draw, financing, year) [EUR]: the sum over initiatives of each
    draw's pattern row of ``cost_rows`` (financing, initiative, pattern, year)."""
    n_fin, n_init = cost_rows.shape[:2]
    out = np.zeros((len(patterns), n_fin, cost_rows.shape[3]))
    for f in range(n_fin):
        for i in range(n_init):
            k = patterns[:, f, i]
            if len(k) and k.min() == k.max():  # certain funding: one row for every draw
                out[:, f] += cost_rows[f, i, k[0]]
            else:
                out[:, f] += cost_rows[f, i][k]
    return out


def break_even_year(
    benefits: np.ndarray, costs: np.ndarray, discount: np.ndarray, years: np.ndarray, never: int
) -> np.ndarray:
    """First year in which cumulative (discounted) benefits reach cumulative costs.

    Years before the first cost are not counted (nothing has been invested yet).
    ``benefits`` is (..., year); ``costs`` is (year,) or broadcasts against ``benefits``.
    Returns int64 years, ``never`` where it does not happen within the horizon.
    """
    cum_benefits = np.cumsum(benefits * discount, axis=-1)
    cum_costs = np.cumsum(costs * discount, axis=-1)
    reached = (cum_benefits >= cum_costs) & (cum_costs > 0)
    first = np.argmax(reached, axis=-1)
    return np.where(reached.any(axis=-1), years[first], never).astype(np.int64)


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
    benefits_by_period: np.ndarray  # (…, period)
    multiplier_by_initiative: np.ndarray  # (…, initiative)
    cost_claim_by_domain: np.ndarray  # (…, domain)
    benefits_by_initiative: np.ndarray
    benefits_by_activity: np.ndarray
    benefits_by_beneficiary: np.ndarray
    benefits_by_domain: np.ndarray

    def __len__(self) -> int:
        return len(self.benefits)

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    @classmethod
    def from_dataset(cls, ds: object, draws: slice) -> PerDraw:
        """The draws ``draws`` of a results dataset (an :class:`xarray.Dataset`)."""
        get = ds.__getitem__  # type: ignore[attr-defined]
        return cls(**{name: np.asarray(get(name)[draws].values) for name in cls.names()})


def derive(scenario: Scenario, core: CoreArrays, draws: Draws) -> PerDraw:
    """The per-draw figures of the core's raw output for one chunk."""
    meta = scenario.meta
    discount = core.discount
    benefits = draws.benefits
    s = core.group_slices
    costs = yearly_costs(core.cost_rows, draws.patterns)
    pv_year = benefits * discount
    benefits_total = pv_year.sum(axis=-1)
    starts = np.flatnonzero(np.diff(meta.period_index, prepend=-1))
    by_period = np.add.reduceat(pv_year, starts, axis=-1)
    be_year = break_even_year(benefits, costs, discount, meta.years, never_year(scenario))
    costs_by_initiative = pattern_rows(core.cost_rows @ discount, draws.patterns)
    costs_total = costs_by_initiative.sum(axis=-1)
    mult = multiplier(benefits_total, costs_total)
    by_group = {g: draws.groups[:, :, s[g]] for g in GROUPS}
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
        multiplier_by_initiative=multiplier(by_group["initiative"], costs_by_initiative),
        cost_claim_by_domain=cost_claim,
        **{f"benefits_by_{g}": by_group[g] for g in GROUPS},
    )
