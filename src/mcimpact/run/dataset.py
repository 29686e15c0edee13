"""Per-draw aggregates → the results :class:`xarray.Dataset`.

The point engine and the Monte Carlo core both produce, per draw, the benefits per year and
the present value of benefits per group; :func:`assemble` derives everything else
(totals, periods, multipliers, break-even year, cost claims) the same way for both, so the
two can never disagree on a definition.

Money conventions: ``benefits`` and ``costs`` per year are nominal EUR of that year; every
total, breakdown and multiplier is a present value at the start year at the scenario's
discount rate (with the default rate 0, as in the report, they are plain sums).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import xarray as xr

from .._version import __version__
from ..core.compile import pattern_rows
from ..model.scenario import GROUPS, Scenario

_CHUNK = 1 << 14


@dataclass(frozen=True)
class DrawAggregates:
    """What a sampler hands over, per draw and financing scenario."""

    benefits: np.ndarray  # (draw, financing, year) nominal EUR per year
    pv_by_group: dict[str, np.ndarray]  # group dim -> (draw, financing, group) present values
    pv_claimable: np.ndarray  # (draw, financing) present value of claimable benefits
    added_years: np.ndarray  # (draw, financing, initiative) funding pattern


def never_year(scenario: Scenario) -> int:
    """How 'no break-even within the horizon' is encoded: the first year after it."""
    return scenario.meta.end_year + 1


def yearly_costs(cost_rows: np.ndarray, patterns: np.ndarray) -> np.ndarray:
    """Nominal costs per (draw, financing, year): the sum over initiatives of each draw's
    pattern row of ``cost_rows`` (financing, initiative, pattern, year)."""
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


def assemble(
    scenario: Scenario,
    cost_rows: np.ndarray,
    discount: np.ndarray,
    agg: DrawAggregates,
    attrs: dict[str, object],
) -> xr.Dataset:
    """Build the dataset; ``cost_rows`` is (financing, initiative, pattern, year): nominal
    costs per year of each funding pattern."""
    meta = scenario.meta
    years = meta.years
    benefits = agg.benefits
    n, n_fin, _ = benefits.shape
    never = never_year(scenario)
    starts = np.flatnonzero(np.diff(meta.period_index, prepend=-1))
    benefits_total = np.empty((n, n_fin))
    by_period = np.empty((n, n_fin, len(starts)))
    be_year = np.empty((n, n_fin), dtype=np.int64)
    costs = np.empty_like(benefits)
    pv_costs_by_initiative = pattern_rows(cost_rows @ discount, agg.added_years)
    # In chunks, so the (draw, financing, year) temporaries stay small and in cache; the
    # chunks write disjoint rows, and NumPy releases the GIL, so they run on threads.
    def per_chunk(lo: int) -> None:
        chunk = slice(lo, lo + _CHUNK)
        costs[chunk] = yearly_costs(cost_rows, agg.added_years[chunk])
        pv_year = benefits[chunk] * discount
        benefits_total[chunk] = pv_year.sum(axis=-1)
        by_period[chunk] = np.add.reduceat(pv_year, starts, axis=-1)
        be_year[chunk] = break_even_year(benefits[chunk], costs[chunk], discount, years, never)

    with ThreadPoolExecutor(os.cpu_count()) as pool:
        list(pool.map(per_chunk, range(0, n, _CHUNK)))
    costs_total = pv_costs_by_initiative.sum(axis=-1)
    # Without costs there is no multiplier (NaN, reported as null), nor a cost claim.
    with np.errstate(divide="ignore", invalid="ignore"):
        multiplier = np.where(costs_total > 0, benefits_total / costs_total, np.nan)
        multiplier_by_initiative = np.where(pv_costs_by_initiative > 0,
                                            agg.pv_by_group["initiative"]
                                            / pv_costs_by_initiative, np.nan)
        # Costs in proportion to where benefits land; a draw without benefits has nothing
        # to allot costs to, so its claims are 0.
        cost_claim = np.where(benefits_total[..., None] > 0,
                              agg.pv_by_group["domain"] / multiplier[..., None], 0.0)

    eur = {"units": scenario.meta.currency}
    pv = "present value at the start year" if np.any(discount != 1) else "sum over the horizon"
    coords = {
        "financing": ("financing", [f.id for f in scenario.financing],
                      {"long_name": "financing scenario"}),
        "financing_name": ("financing", [f.name for f in scenario.financing]),
        "year": ("year", years, {"long_name": "calendar year"}),
        "period": ("period", list(meta.periods),
                   {"long_name": f"{meta.period_length}-year period"}),
        "initiative": ("initiative", [i.id for i in scenario.initiatives]),
        "initiative_name": ("initiative", [i.name for i in scenario.initiatives]),
        "activity": ("activity", [a.key for a in scenario.activities]),
        "activity_name": ("activity", [a.name for a in scenario.activities]),
        "beneficiary": ("beneficiary", [g.id for g in scenario.beneficiaries]),
        "beneficiary_nl": ("beneficiary", [g.nl for g in scenario.beneficiaries]),
        "beneficiary_en": ("beneficiary", [g.en for g in scenario.beneficiaries]),
        "domain": ("domain", [g.id for g in scenario.domains]),
        "domain_nl": ("domain", [g.nl for g in scenario.domains]),
        "domain_en": ("domain", [g.en for g in scenario.domains]),
    }
    per = ("draw", "financing")
    data = {
        "benefits": ((*per, "year"), benefits,
                     {**eur, "long_name": "benefits per year (nominal)"}),
        "costs": ((*per, "year"), costs, {**eur, "long_name": "costs per year (nominal)"}),
        "added_years": ((*per, "initiative"), agg.added_years.astype(np.int16), {
            "units": "years",
            "long_name": "years of added funding granted (beyond the initiative's costs)"}),
        "discount_factor": ("year", discount, {"units": "1", "long_name": "present-value factor"}),
        "benefits_total": (per, benefits_total, {**eur, "long_name": f"total benefits, {pv}"}),
        "benefits_claimable": (per, agg.pv_claimable,
                               {**eur, "long_name": f"claimable benefits, {pv}"}),
        "costs_total": (per, costs_total, {**eur, "long_name": f"total costs, {pv}"}),
        "costs_by_initiative": ((*per, "initiative"), pv_costs_by_initiative,
                                {**eur, "long_name": f"costs per initiative, {pv}"}),
        "net_benefit": (per, benefits_total - costs_total,
                        {**eur, "long_name": f"benefits − costs, {pv}"}),
        "multiplier": (per, multiplier,
                       {"units": "EUR per EUR", "long_name": "benefits / costs"}),
        "break_even_year": (per, be_year, {
            "long_name": "first year cumulative benefits >= cumulative costs",
            "never": never,
            "comment": f"{never} (the first year after the horizon) means no break-even "
                       "within the horizon",
        }),
        "benefits_by_period": ((*per, "period"), by_period,
                               {**eur, "long_name": f"benefits per period, {pv}"}),
        "multiplier_by_initiative": ((*per, "initiative"), multiplier_by_initiative,
                                     {"units": "EUR per EUR",
                                      "long_name": "initiative benefits / initiative costs"}),
        "cost_claim_by_domain": ((*per, "domain"), cost_claim, {
            **eur, "long_name": "costs allotted in proportion to benefits (domain benefits / "
                                "multiplier)"}),
    }
    for group in GROUPS:
        data[f"benefits_by_{group}"] = (((*per, group)), agg.pv_by_group[group],
                                        {**eur, "long_name": f"benefits per {group}, {pv}"})
    ds = xr.Dataset(data, coords=coords)
    ds.attrs.update({
        "title": f"mcimpact results: {meta.name}",
        "scenario_name": meta.name,
        "scenario_path": scenario.path,
        "scenario_sha256": scenario.sha256,
        "scenario_text": scenario.text,
        "mcimpact_version": __version__,
        "start_year": meta.start_year,
        "horizon": meta.horizon,
        "currency": meta.currency,
        **attrs,
    })
    return ds
