"""Per-draw figures → the results :class:`xarray.Dataset` (docs/results.md).

The figures themselves are defined once, in :mod:`mcimpact.run.derive`; this module only
names them, with units, long names, coordinates and provenance.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .._version import __version__
from ..model.scenario import GROUPS, Scenario
from .derive import PerDraw, break_even_year, never_year, yearly_costs

if TYPE_CHECKING:
    import xarray as xr

# Re-exported: the sensitivity analysis takes these definitions from here.
__all__ = ["assemble", "break_even_year", "never_year", "yearly_costs"]


def assemble(scenario: Scenario, per_draw: PerDraw, discount: np.ndarray,
             attrs: dict[str, object]) -> xr.Dataset:
    """The results dataset of per-draw figures (docs/results.md), with the scenario's
    coordinates and the run's provenance in ``attrs``."""
    import xarray as xr  # only when a dataset is asked for (it takes ~0.3 s to import)

    meta = scenario.meta
    years = meta.years
    never = never_year(scenario)
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
        "beneficiary_nl": ("beneficiary", [g.name("nl") for g in scenario.beneficiaries]),
        "beneficiary_en": ("beneficiary", [g.name("en") for g in scenario.beneficiaries]),
        "domain": ("domain", [g.id for g in scenario.domains]),
        "domain_nl": ("domain", [g.name("nl") for g in scenario.domains]),
        "domain_en": ("domain", [g.name("en") for g in scenario.domains]),
    }
    per = ("draw", "financing")
    p = per_draw
    data = {
        "benefits": ((*per, "year"), p.benefits,
                     {**eur, "long_name": "benefits per year (nominal)"}),
        "costs": ((*per, "year"), p.costs, {**eur, "long_name": "costs per year (nominal)"}),
        "added_years": ((*per, "initiative"), p.added_years.astype(np.int16), {
            "units": "years",
            "long_name": "years of added funding granted (beyond the initiative's costs)"}),
        "discount_factor": ("year", discount, {"units": "1", "long_name": "present-value factor"}),
        "benefits_total": (per, p.benefits_total, {**eur, "long_name": f"total benefits, {pv}"}),
        "benefits_claimable": (per, p.benefits_claimable,
                               {**eur, "long_name": f"claimable benefits, {pv}"}),
        "costs_total": (per, p.costs_total, {**eur, "long_name": f"total costs, {pv}"}),
        "costs_by_initiative": ((*per, "initiative"), p.costs_by_initiative,
                                {**eur, "long_name": f"costs per initiative, {pv}"}),
        "net_benefit": (per, p.net_benefit,
                        {**eur, "long_name": f"benefits − costs, {pv}"}),
        "multiplier": (per, p.multiplier,
                       {"units": "EUR per EUR", "long_name": "benefits / costs"}),
        "break_even_year": (per, p.break_even_year, {
            "long_name": "first year cumulative benefits >= cumulative costs",
            "never": never,
            "comment": f"{never} (the first year after the horizon) means no break-even "
                       "within the horizon",
        }),
        "benefits_by_period": ((*per, "period"), p.benefits_by_period,
                               {**eur, "long_name": f"benefits per period, {pv}"}),
        "multiplier_by_initiative": ((*per, "initiative"), p.multiplier_by_initiative,
                                     {"units": "EUR per EUR",
                                      "long_name": "initiative benefits / initiative costs"}),
        "cost_claim_by_domain": ((*per, "domain"), p.cost_claim_by_domain, {
            **eur, "long_name": "costs allotted in proportion to benefits (domain benefits / "
                                "multiplier)"}),
    }
    for group in GROUPS:
        data[f"benefits_by_{group}"] = (((*per, group)), getattr(p, f"benefits_by_{group}"),
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
