"""Switching values: how far a part of the benefits or costs must move before the
best option changes, with its analysis of a plan.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ...model.scenario import INPUT_NAMES, Scenario
from ...run.run import Run
from ..plan import INPUTS, Got, Keep, Needs
from ..types import clean
from ._additive import expected_chain_totals

if TYPE_CHECKING:
    import xarray as xr


#: Input kinds that scale a chain's benefits in proportion (a · N · δ · v · …).
PROPORTIONAL = ("participants", "effect_size", "value")


@dataclass(frozen=True)
class SwitchingValue:
    """How far a factor must change, as a factor λ on it [1] (1 = as estimated), for
    the multiplier of expected values of ``option`` to reach 1 (``multiplier_one``), and
    for another option to become the one with the largest expected net benefit
    (``decision``, with ``overtaken_by``). None where no λ ≥ 0 does it."""

    grouping: str  # activity, initiative, kind or assumption (costs)
    name: str
    option: str
    multiplier_one: float | None
    decision: float | None
    overtaken_by: str | None

    def to_json(self) -> dict[str, Any]:
        return {"grouping": self.grouping, "name": self.name, "option": self.option,
                "multiplier_one": (None if self.multiplier_one is None
                                   else clean(self.multiplier_one)),
                "decision": None if self.decision is None else clean(self.decision),
                "overtaken_by": self.overtaken_by}


def switching_factor(benefits: float, costs: float, part: float) -> float | None:
    """λ with ``benefits + (λ − 1) · part = costs``: the factor on the part of the
    benefits that moves with a factor at which benefits equal costs (multiplier 1);
    None when no λ ≥ 0 does it (or the part is 0)."""
    if part == 0:
        return None
    lam = float(1.0 - (benefits - costs) / part)
    return lam if lam >= 0 else None


def decision_switch(net_benefit: Sequence[float] | np.ndarray,
                    part: Sequence[float] | np.ndarray) -> tuple[float | None, int | None]:
    """The factor λ ≥ 0 nearest to 1 at which another option's expected net benefit
    ``net_benefit[b] + (λ − 1) · part[b]`` overtakes that of the best option, and that
    option; (None, None) if none does."""
    nb = np.asarray(net_benefit, dtype=float)
    d = np.asarray(part, dtype=float)
    star = int(np.argmax(nb))
    best: tuple[float, int] | None = None
    for b in range(len(nb)):
        if b == star or d[b] == d[star]:
            continue
        lam = float(1.0 - (nb[star] - nb[b]) / (d[star] - d[b]))
        if lam >= 0 and (best is None or abs(lam - 1) < abs(best[0] - 1)):
            best = (lam, b)
    return (None, None) if best is None else best


def switching_values(scenario: Scenario, ds: xr.Dataset, run: Run | None = None
                     ) -> tuple[SwitchingValue, ...]:
    """Switching values of every activity, initiative and proportional input kind (and
    the slagingskans when the inputs were kept) and of the costs, for every option, on
    the expected values of a Monte Carlo results dataset.

    A factor scales a part of each option's benefits: an activity's or initiative's own
    benefits (``benefits_by_activity``, ``benefits_by_initiative``); participants, delta
    or value in every chain all of them (benefits are proportional to each); the
    slagingskans the part ``B − B(p = 0)`` (the continuity uplift does not scale with it);
    a factor on the costs scales them (its ``multiplier_one`` is E[B] / E[C]). Expected
    net benefits are affine in the factor, so the switching values are closed forms
    (:func:`switching_factor`, :func:`decision_switch`). ``run``: a run of ``scenario``,
    whose compiled arrays are used (a new one otherwise).
    """
    options = [str(f) for f in ds["financing"].values]
    benefits = ds["benefits_total"].transpose("draw", "financing").values.mean(axis=0)
    costs = ds["costs_total"].transpose("draw", "financing").values.mean(axis=0)
    parts: list[tuple[str, str, np.ndarray]] = []
    for grouping in ("activity", "initiative"):
        by = ds[f"benefits_by_{grouping}"].transpose("draw", "financing", grouping)
        means = by.values.mean(axis=0)  # (financing, group)
        for g, name in enumerate(by[grouping].values):
            parts.append((grouping, str(name), means[:, g]))
    for kind in PROPORTIONAL:
        parts.append(("kind", kind, benefits))
    if "inputs" in ds:
        # A copy: the dataset's inputs stay as drawn.
        x = np.array(ds["inputs"].transpose("draw", "chain", "input").values, dtype=float)
        x[:, :, INPUT_NAMES.index("success_probability")] = 0.0
        run = run or Run(scenario)
        try:
            without = np.array([expected_chain_totals(scenario, x, fid, run).sum(axis=1).mean()
                                for fid in options])
        except ValueError:  # no closed chain totals (a sampled drop-off)
            without = None
        if without is not None:
            parts.append(("kind", "success_probability", benefits - without))
    out = []
    for grouping, name, part in parts:
        lam, b = decision_switch(benefits - costs, part)
        for a, option in enumerate(options):
            out.append(SwitchingValue(grouping, name, option,
                                      switching_factor(benefits[a], costs[a], part[a]),
                                      lam, None if b is None else options[b]))
    # The costs: a factor λ on every cost, NB = B − λC.
    lam, b = decision_switch(benefits - costs, -costs)
    for a, option in enumerate(options):
        out.append(SwitchingValue("assumption", "costs", option,
                                  float(benefits[a] / costs[a]) if costs[a] > 0 else None,
                                  lam, None if b is None else options[b]))
    return tuple(out)


#: The per-draw variables :func:`switching_values` reads.
SWITCHING_VARIABLES = ("benefits_total", "costs_total", "benefits_by_activity",
                       "benefits_by_initiative", INPUTS)


@dataclass(frozen=True)
class SwitchingValues:
    """:func:`switching_values` of the run's first ``first`` draws (None: every draw)."""

    first: int | None = None

    def needs(self, run: Run, draws: int) -> Needs:
        return Needs(keep=Keep.of(*SWITCHING_VARIABLES, first=self.first))

    def result(self, got: Got) -> tuple[SwitchingValue, ...]:
        assert got.kept is not None
        return switching_values(got.run.scenario, got.kept, run=got.run)
