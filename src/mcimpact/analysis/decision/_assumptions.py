"""Sensitivity over fixed assumptions (deterministic sensitivity analysis): each
setting re-run on common random numbers, one-way and two-way.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from ...model.scenario import Scenario
from ...run.run import Run
from ..plan import Got, Kept, Needs, execute
from ..types import clean


def _fundings(scenario: Scenario, change: Any) -> Scenario:
    """The scenario with ``change(funding)`` applied to every funding of every financing
    scenario."""
    return dataclasses.replace(scenario, financing=tuple(
        dataclasses.replace(f, funding=tuple((i, change(fu)) for i, fu in f.funding))
        for f in scenario.financing))


def with_discount_rate(scenario: Scenario, rate: float) -> Scenario:
    """A flat yearly discount rate [1/year]."""
    meta = dataclasses.replace(scenario.meta,
                               discount_rates=(float(rate),) * scenario.meta.horizon)
    return dataclasses.replace(scenario, meta=meta)


def with_optimism_bias(scenario: Scenario, bias: float) -> Scenario:
    """Every initiative's own costs raised by ``bias`` (the Green Book's optimism bias)."""
    return dataclasses.replace(scenario, initiatives=tuple(
        dataclasses.replace(i, optimism_bias=float(bias)) for i in scenario.initiatives))


def with_uplift_factor(scenario: Scenario, factor: float) -> Scenario:
    """Every funding's continuity uplift and its maximum times ``factor`` (the maximum
    kept below 1)."""
    return _fundings(scenario, lambda fu: dataclasses.replace(
        fu, uplift=min(fu.uplift * factor, 0.99), uplift_max=min(fu.uplift_max * factor, 0.99)))


def with_saturation(scenario: Scenario, saturation: float) -> Scenario:
    """Every funding's saturation (the k-th added cohort reaches saturation^k of the
    count) set to ``saturation``, where it saturates at all (below 1)."""
    return _fundings(scenario, lambda fu: dataclasses.replace(
        fu, saturation=float(saturation)) if fu.saturation < 1 else fu)


def with_non_renewal(scenario: Scenario, probability: float) -> Scenario:
    """Every renewable funding's chance of not being renewed set to ``probability``."""
    return _fundings(scenario, lambda fu: dataclasses.replace(
        fu, non_renewal=float(probability)) if fu.renewal != "fixed" else fu)


#: A fixed assumption: how to set it on a scenario, and its (low, high) values as a
#: function of the scenario (the defaults, with their sources in docs/methodology.md).
ASSUMPTIONS: dict[str, tuple[Any, Any]] = {
    # 0 (the report) … 3.5 % (HM Treasury Green Book STPR); the Dutch MKBA rate 2.25 %
    # lies between.
    "discount_rate": (with_discount_rate, lambda s: (0.0, 0.035)),
    # As given … 25 percentage points more (Green Book supplementary guidance: optimism
    # bias of operating costs and outsourced services runs up to ~40 %).
    "optimism_bias": (with_optimism_bias, lambda s: (
        min(i.optimism_bias for i in s.initiatives),
        max(i.optimism_bias for i in s.initiatives) + 0.25)),
    "uplift_factor": (with_uplift_factor, lambda s: (0.0, 2.0)),
    "saturation": (with_saturation, lambda s: (0.8, 1.0)),
    "non_renewal": (with_non_renewal, lambda s: (0.0, 0.5)),
}


def assumption_ranges(scenario: Scenario) -> dict[str, tuple[float, float]]:
    """The (low, high) of every fixed assumption: the scenario file's ``[[sensitivity]]``
    range where it gives one, else the default of :data:`ASSUMPTIONS`."""
    given = {s.assumption: (s.low, s.high) for s in scenario.sensitivity}
    out: dict[str, tuple[float, float]] = {}
    for name, (_, default) in ASSUMPTIONS.items():
        low, high = given.get(name) or default(scenario)
        out[name] = (float(low), float(high))
    return out


@dataclass(frozen=True)
class AssumptionRun:
    """The expected figures per option with one or two fixed assumptions changed."""

    settings: Mapping[str, float]  # assumption → value
    multiplier: Mapping[str, float]  # option → E[B] / E[C] [EUR per EUR]
    net_benefit: Mapping[str, float]  # option → E[NB] [EUR]
    best: str

    def to_json(self) -> dict[str, Any]:
        return {"settings": dict(self.settings),
                "multiplier": {k: clean(v) for k, v in self.multiplier.items()},
                "net_benefit": {k: clean(v) for k, v in self.net_benefit.items()},
                "best": self.best}


def _expected(run: Run, draws: int, settings: Mapping[str, float]) -> AssumptionRun:
    """The expected figures of the run with ``settings`` changed: the run's variant of
    the changed scenario (the same seed: common random numbers) over ``draws`` draws."""
    changed = run.scenario
    for name, value in settings.items():
        changed = ASSUMPTIONS[name][0](changed, value)
    ds = execute(run.variant(changed) if settings else run, draws,
                 {"totals": Kept(("benefits_total", "costs_total"))})["totals"]
    options = [str(f) for f in ds["financing"].values]
    b = ds["benefits_total"].transpose("draw", "financing").values.mean(axis=0)
    c = ds["costs_total"].transpose("draw", "financing").values.mean(axis=0)
    nb = b - c
    return AssumptionRun(dict(settings),
                         {o: float(b[a] / c[a]) if c[a] > 0 else math.nan
                          for a, o in enumerate(options)},
                         {o: float(nb[a]) for a, o in enumerate(options)},
                         options[int(np.argmax(nb))])


@dataclass(frozen=True)
class AssumptionRange:
    """The range of a fixed assumption: its ``low`` and ``high`` values and where they
    come from (``"file"``: the scenario's ``[[sensitivity]]``, ``"default"``)."""

    low: float
    high: float
    source: str

    def to_json(self) -> dict[str, Any]:
        return {"low": self.low, "high": self.high, "source": self.source}


@dataclass(frozen=True)
class TwoWay:
    """The two-way table: ``runs[i][j]`` at ``values[0][i]`` of ``factors[0]`` and
    ``values[1][j]`` of ``factors[1]``."""

    factors: tuple[str, str]
    values: tuple[tuple[float, ...], tuple[float, ...]]
    runs: tuple[tuple[AssumptionRun, ...], ...]

    def to_json(self) -> dict[str, Any]:
        return {"factors": list(self.factors), "values": [list(v) for v in self.values],
                "runs": [[run.to_json() for run in row] for row in self.runs]}


@dataclass(frozen=True)
class AssumptionSensitivity:
    """The sensitivity over fixed assumptions (:func:`assumption_sensitivity`): the
    ``base`` run, per assumption its ``low`` and ``high`` run (``one_way``), the two-way
    table, the ranges shown, and for a spider chart the runs at evenly spaced values
    (None unless asked for)."""

    base: AssumptionRun
    one_way: Mapping[str, Mapping[str, AssumptionRun]]  # name → "low" | "high" → run
    two_way: TwoWay | None
    ranges: Mapping[str, AssumptionRange]
    spider: Mapping[str, tuple[AssumptionRun, ...]] | None = None

    def to_json(self) -> dict[str, Any]:
        """The ``assumptions`` object of ``mcimpact voi --json``."""
        return {
            "base": self.base.to_json(),
            "one_way": {name: {end: run.to_json() for end, run in ends.items()}
                        for name, ends in self.one_way.items()},
            "two_way": None if self.two_way is None else self.two_way.to_json(),
            "ranges": {name: r.to_json() for name, r in self.ranges.items()},
            "spider": None if self.spider is None else {
                name: [run.to_json() for run in runs] for name, runs in self.spider.items()},
        }


def assumption_sensitivity(
    scenario: Scenario, draws: int = 5_000, seed: int = 20210101, *,
    ranges: Mapping[str, tuple[float, float]] | None = None,
    two_way: tuple[str, str] | None = ("discount_rate", "optimism_bias"),
    grid: int = 3, spider: int = 0, run: Run | None = None,
) -> AssumptionSensitivity:
    """One-way (and two-way) sensitivity over fixed assumptions: each re-run on common
    random numbers (the same seed, so the same inputs in every draw), the expected
    multiplier and net benefit of every option and the best option at each setting.

    ``ranges`` maps an assumption of :data:`ASSUMPTIONS` to its (low, high); the default
    is every assumption at its range of :func:`assumption_ranges` (the file's
    ``[[sensitivity]]`` range, else the default one). Assumptions that do not apply (no
    renewable funding, no saturation, no uplift) give the base figures at both ends. With
    ``spider`` ≥ 2 also the runs at ``spider`` evenly spaced values from low to high per
    assumption (the ends are the one-way runs), for a spider chart. ``run``: a Monte
    Carlo run of ``scenario`` with ``seed``, whose variants the re-runs are (a new one
    otherwise).
    """
    full = assumption_ranges(scenario)
    if ranges is None:
        ranges = full
    unknown = [n for n in ranges if n not in ASSUMPTIONS]
    if unknown:
        raise ValueError(f"unknown assumption '{unknown[0]}'; expected one of: "
                         f"{', '.join(ASSUMPTIONS)}")
    if run is None:
        run = Run(scenario, seed=seed)
    base = _expected(run, draws, {})
    one_way = {name: {"low": _expected(run, draws, {name: low}),
                      "high": _expected(run, draws, {name: high})}
               for name, (low, high) in ranges.items()}
    from_file = {s.assumption for s in scenario.sensitivity}
    shown = {**{k: v for k, v in full.items() if k in (two_way or ())}, **ranges}
    spiders = None
    if spider >= 2:
        spiders = {
            name: (one_way[name]["low"],
                   *(_expected(run, draws, {name: float(v)})
                     for v in np.linspace(low, high, spider)[1:-1]),
                   one_way[name]["high"])
            for name, (low, high) in ranges.items()}
    table = None
    if two_way is not None:
        first, second = two_way
        xs = np.linspace(*ranges.get(first, full[first]), grid)
        ys = np.linspace(*ranges.get(second, full[second]), grid)
        table = TwoWay((first, second), (tuple(float(x) for x in xs),
                                         tuple(float(y) for y in ys)),
                       tuple(tuple(_expected(run, draws, {first: float(x), second: float(y)})
                                   for y in ys) for x in xs))
    return AssumptionSensitivity(
        base, one_way, table,
        {name: AssumptionRange(float(low), float(high),
                               "file" if name in from_file else "default")
         for name, (low, high) in shown.items()}, spiders)


@dataclass(frozen=True)
class FixedAssumptions:
    """:func:`assumption_sensitivity` on the first min(draws, ``draws``) draws of the
    run's variants (nothing from the pass itself)."""

    draws: int = 5_000
    spider: int = 0

    def needs(self, run: Run, draws: int) -> Needs:
        return Needs()

    def result(self, got: Got) -> AssumptionSensitivity:
        return assumption_sensitivity(got.run.scenario, min(got.draws, self.draws),
                                      got.run.seed, spider=self.spider, run=got.run)
