"""Who pays, who gains: benefits per beneficiary group, the fiscal return, the costs
each group bears and the budget impact per year.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ...model.scenario import Scenario
from ...run.run import Run
from ..plan import Got, Keep, Needs
from ..types import Interval, clean

if TYPE_CHECKING:
    import xarray as xr


#: Beneficiary ids (or English names) taken as the government by default.
GOVERNMENT = ("overheid", "government")


@dataclass(frozen=True)
class WhoGains:
    """Per option: the benefits of each beneficiary group and its share of all benefits,
    the fiscal return (the government group's benefits per unit of all costs), the
    costs each group bears (the initiatives with ``payer``; the rest is borne by the
    funder, ``unassigned``) and its net benefit, and the budget impact per year (costs,
    benefits and cumulative net benefit, nominal)."""

    options: tuple[str, ...]
    groups: tuple[str, ...]
    benefits: Mapping[str, Mapping[str, Interval]]  # option → group → [EUR, PV]
    share: Mapping[str, Mapping[str, float]]  # option → group → E[group] / E[all] [1]
    government: str | None
    fiscal_return: Mapping[str, Interval]  # option → government benefits / costs
    p_fiscal_return_at_least_1: Mapping[str, float]
    years: tuple[int, ...]
    # option → "costs" | "benefits" | "cumulative_net" → per year [EUR, nominal]
    budget: Mapping[str, Mapping[str, tuple[Interval, ...]]]
    # initiative → the group that bears its costs (only those with a payer)
    payers: Mapping[str, str] = dataclasses.field(default_factory=dict)
    # option → group → its costs borne [EUR, PV], and its benefits − those costs
    costs_borne: Mapping[str, Mapping[str, Interval]] = dataclasses.field(
        default_factory=dict)
    net: Mapping[str, Mapping[str, Interval]] = dataclasses.field(default_factory=dict)
    # option → the costs of the initiatives without a payer (the funder's) [EUR, PV]
    unassigned: Mapping[str, Interval] = dataclasses.field(default_factory=dict)
    # financing scenario → the group that bears its added costs
    financing_payers: Mapping[str, str] = dataclasses.field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "groups": list(self.groups),
            "government": self.government,
            "years": list(self.years),
            "payers": dict(self.payers),
            "financing_payers": dict(self.financing_payers),
            "options": {o: {
                "benefits": {g: self.benefits[o][g].to_json() for g in self.groups},
                "costs_borne": {g: self.costs_borne[o][g].to_json() for g in self.groups},
                "net": {g: self.net[o][g].to_json() for g in self.groups},
                "costs_unassigned": self.unassigned[o].to_json(),
                "share": {g: clean(self.share[o][g]) for g in self.groups},
                "fiscal_return": (self.fiscal_return[o].to_json()
                                  if o in self.fiscal_return else None),
                "p_fiscal_return_at_least_1": clean(self.p_fiscal_return_at_least_1[o])
                if o in self.p_fiscal_return_at_least_1 else None,
                "budget": {k: [v.to_json() for v in row]
                           for k, row in self.budget[o].items()},
            } for o in self.options},
        }


def added_costs(scenario: Scenario, ds: xr.Dataset) -> np.ndarray:
    """The added funding's costs per (draw, financing, initiative) [EUR, present value]:
    ``cost_per_year`` of each added year funded, discounted to the start year; a draw's
    ``added_years`` k funds the first k of the funding's years (they are funded in
    order). The rest of ``costs_by_initiative`` is the initiative's own costs."""
    k = ds["added_years"].transpose("draw", "financing", "initiative").values
    options = [str(f) for f in ds["financing"].values]
    initiatives = [str(i) for i in ds["initiative"].values]
    by_id = {f.id: f for f in scenario.financing}
    disc, start = scenario.meta.discount_factors, scenario.meta.start_year
    out = np.zeros(k.shape)
    for a, option in enumerate(options):
        for i, ini in enumerate(initiatives):
            fu = by_id[option].of(ini)
            if fu is None or not fu.years:
                continue
            pv = np.cumsum([fu.cost_per_year * disc[y - start] for y in fu.years])
            n = k[:, a, i].astype(int)
            out[:, a, i] = np.where(n > 0, pv[np.clip(n - 1, 0, len(pv) - 1)], 0.0)
    return out


def _government(groups: Sequence[str], names_en: Sequence[str],
                government: str | None) -> str | None:
    """The government group: ``government`` checked against ``groups``, or by default
    the first group whose id or English name is in :data:`GOVERNMENT` (None if none)."""
    if government is None:
        return next((g for g, en in zip(groups, names_en, strict=True)
                     if g.lower() in GOVERNMENT or en.lower() in GOVERNMENT), None)
    if government not in groups:
        raise ValueError(f"unknown beneficiary '{government}'; expected one of: "
                         f"{', '.join(groups)}")
    return government


def _check_payers(payers: Mapping[str, str], initiatives: Sequence[str],
                  groups: Sequence[str]) -> None:
    """Raise ValueError unless every payer maps a known initiative to a known group."""
    for ini, group in payers.items():
        if ini not in initiatives:
            raise ValueError(f"payer of an unknown initiative '{ini}'; expected one of: "
                             f"{', '.join(initiatives)}")
        if group not in groups:
            raise ValueError(f"unknown beneficiary '{group}' as the payer of '{ini}'; "
                             f"expected one of: {', '.join(groups)}")


def _check_financing_payers(financing_payers: Mapping[str, str], options: Sequence[str],
                            groups: Sequence[str], added: np.ndarray | None) -> None:
    """Raise ValueError unless every financing payer maps a known financing scenario to
    a known group, and the added costs are given when there is one."""
    for option, group in financing_payers.items():
        if option not in options:
            raise ValueError(f"payer of an unknown financing scenario '{option}'")
        if group not in groups:
            raise ValueError(f"unknown beneficiary '{group}' as the payer of '{option}'; "
                             f"expected one of: {', '.join(groups)}")
    if financing_payers and added is None:
        raise ValueError("financing_payers needs the added costs (added_costs)")


def _borne(ini_costs: np.ndarray, extra: np.ndarray, owner: np.ndarray, to: int,
           n_groups: int) -> tuple[np.ndarray, np.ndarray]:
    """The costs each group bears (draw, group) and the unassigned costs (draw) [EUR] of
    one financing scenario. Per initiative (``ini_costs``, (draw, initiative)) the costs
    of each part: its own go to its payer (``owner``: a group index, -1 for none), the
    added funding's (``extra``) to the financing scenario's payer (``to``), else with its
    own."""
    own = ini_costs - extra
    paid = np.stack([own[:, owner == k].sum(axis=1) + (extra.sum(axis=1) if to == k
                                                        else 0.0)
                     for k in range(n_groups)], axis=1)
    unassigned = own[:, owner < 0].sum(axis=1) + (extra.sum(axis=1) if to < 0 else 0.0)
    return paid, unassigned


def _budget(yearly_b: np.ndarray, yearly_c: np.ndarray) -> dict[str, tuple[Interval, ...]]:
    """The budget impact per year of one financing scenario: costs, benefits (nominal,
    (draw, year)) and the cumulative net benefit, each an interval per year."""
    cum = np.cumsum(yearly_b - yearly_c, axis=1)
    return {
        "costs": tuple(Interval.of(yearly_c[:, t]) for t in range(cum.shape[1])),
        "benefits": tuple(Interval.of(yearly_b[:, t]) for t in range(cum.shape[1])),
        "cumulative_net": tuple(Interval.of(cum[:, t]) for t in range(cum.shape[1])),
    }


def who_gains(ds: xr.Dataset, *, government: str | None = None,
              payers: Mapping[str, str] | None = None,
              financing_payers: Mapping[str, str] | None = None,
              added: np.ndarray | None = None) -> WhoGains:
    """Who pays and who gains, per financing scenario of a Monte Carlo results dataset:
    ``benefits_by_beneficiary`` per group, the fiscal return of the government group
    (``government``: a beneficiary id; default the first whose id or English name is in
    :data:`GOVERNMENT`, none if there is none) as its benefits / ``costs_total`` per draw,
    and the budget impact per year from ``costs`` and ``benefits`` (nominal) with the
    cumulative net benefit. ``payers`` maps an initiative to the group that bears its
    costs (``costs_by_initiative``: base and added funding, present value): per group the
    costs it bears and its benefits minus them; the other initiatives' costs are the
    funder's (``unassigned``). ``financing_payers`` maps a financing scenario to the group
    that bears its added costs (``added``: :func:`added_costs`, needed with it) instead."""
    options = tuple(str(f) for f in ds["financing"].values)
    by = ds["benefits_by_beneficiary"].transpose("draw", "financing", "beneficiary")
    groups = tuple(str(g) for g in by["beneficiary"].values)
    names_en = ([str(x) for x in ds["beneficiary_en"].values] if "beneficiary_en" in ds
                else list(groups))
    government = _government(groups, names_en, government)
    values = by.values
    costs = ds["costs_total"].transpose("draw", "financing").values
    yearly_b = ds["benefits"].transpose("draw", "financing", "year").values
    yearly_c = ds["costs"].transpose("draw", "financing", "year").values
    payers = dict(payers or {})
    by_ini = ds["costs_by_initiative"].transpose("draw", "financing", "initiative")
    initiatives = [str(i) for i in by_ini["initiative"].values]
    _check_payers(payers, initiatives, groups)
    ini_costs = by_ini.values
    owner = np.array([groups.index(payers[i]) if i in payers else -1 for i in initiatives])
    financing_payers = dict(financing_payers or {})
    _check_financing_payers(financing_payers, options, groups, added)
    benefits, share, fiscal, p_fiscal, budget = {}, {}, {}, {}, {}
    borne, net, unassigned = {}, {}, {}
    for a, o in enumerate(options):
        extra = (added[:, a, :] if o in financing_payers and added is not None
                 else np.zeros_like(ini_costs[:, a, :]))
        to = groups.index(financing_payers[o]) if o in financing_payers else -1
        paid, rest = _borne(ini_costs[:, a, :], extra, owner, to, len(groups))
        borne[o] = {g: Interval.of(paid[:, k]) for k, g in enumerate(groups)}
        net[o] = {g: Interval.of(values[:, a, k] - paid[:, k]) for k, g in enumerate(groups)}
        unassigned[o] = Interval.of(rest)
        total = values[:, a, :].sum(axis=1).mean()
        benefits[o] = {g: Interval.of(values[:, a, k]) for k, g in enumerate(groups)}
        share[o] = {g: float(values[:, a, k].mean() / total) if total > 0 else math.nan
                    for k, g in enumerate(groups)}
        if government is not None and np.all(costs[:, a] > 0):
            ratio = values[:, a, groups.index(government)] / costs[:, a]
            fiscal[o] = Interval.of(ratio)
            p_fiscal[o] = float(np.mean(ratio >= 1))
        budget[o] = _budget(yearly_b[:, a, :], yearly_c[:, a, :])
    return WhoGains(options, groups, benefits, share, government, fiscal, p_fiscal,
                    tuple(int(y) for y in ds["year"].values), budget, payers, borne, net,
                    unassigned, financing_payers)


#: The per-draw variables :func:`who_gains` (and :func:`added_costs`) read.
WHO_GAINS_VARIABLES = ("benefits_by_beneficiary", "costs_total", "benefits", "costs",
                       "costs_by_initiative", "added_years")


@dataclass(frozen=True)
class WhoPaysWhoGains:
    """:func:`who_gains` of every draw, with the payers the scenario names."""

    def needs(self, run: Run, draws: int) -> Needs:
        return Needs(keep=Keep.of(*WHO_GAINS_VARIABLES))

    def result(self, got: Got) -> WhoGains:
        assert got.kept is not None
        scenario = got.run.scenario
        fpayers = {f.id: f.payer for f in scenario.financing if f.payer is not None}
        return who_gains(got.kept, payers={i.id: i.payer for i in scenario.initiatives
                                           if i.payer is not None},
                         financing_payers=fpayers,
                         added=added_costs(scenario, got.kept) if fpayers else None)
