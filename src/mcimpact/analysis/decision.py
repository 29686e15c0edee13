"""Choosing among options: which financing scenario to choose, and how sure that is.

The options are the financing scenarios of a run, evaluated on the same draws (common
random numbers), so every per-draw comparison is paired (docs/methodology.md §
"Decisions and the value of information"). From the per-draw net benefit
``NB[draw, option]`` [EUR] and multiplier ``M[draw, option]`` [EUR per EUR]:

- :func:`p_best` — P(option has the largest net benefit), with its binomial standard error;
- :func:`expected_loss` — E[max_a NB_a − NB_option] [EUR]: what choosing the option costs,
  on average, against always choosing the best in hindsight; the option with the least
  expected loss is the one with the largest expected net benefit, and its loss is the EVPI;
- :func:`frontier` — the efficiency frontier on (expected costs, expected benefits), with
  dominated and extendedly dominated options marked and the incremental multiplier
  ΔB / ΔC between adjacent frontier options;
- :func:`acceptability` — the acceptability curve P(M ≥ x) for every threshold x;
- :func:`value_for_money` — the probability of each value-for-money category (bands of
  the multiplier; by default those of the UK Department for Transport).

:func:`decide` runs them all on a results dataset and returns a :class:`Decision`.
:func:`assumption_sensitivity` is the deterministic sensitivity over fixed assumptions
(discount rate, optimism bias, a factor on the continuity uplift, saturation, renewal
risk): one-way and two-way, each setting re-run on common random numbers. Nothing here
prints.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ..model.scenario import Scenario
from ..run.run import Run
from .plan import Got, Keep, Kept, Needs, execute
from .types import Estimate, Interval, clean

if TYPE_CHECKING:
    import xarray as xr

#: The value-for-money categories of the multiplier (benefit-cost ratio), lower bounds
#: inclusive: the UK Department for Transport's "Value for Money Framework" (2015, updated
#: 2017), §2: poor 0–1, low 1–1.5, medium 1.5–2, high 2–4, very high ≥ 4; below 0 negative.
DFT_BANDS: tuple[tuple[str, float], ...] = (
    ("negative", -math.inf), ("poor", 0.0), ("low", 1.0), ("medium", 1.5), ("high", 2.0),
    ("very_high", 4.0),
)
DFT_BANDS_SOURCE = ("UK Department for Transport, Value for Money Framework (2015, "
                    "updated 2017): benefit-cost ratio categories")

#: Thresholds of the acceptability curve by default [EUR per EUR]: 0 … 10 in steps of 0.1.
ACCEPTABILITY_THRESHOLDS = tuple(round(0.1 * k, 1) for k in range(101))


#: The estimates of a decision are :class:`~mcimpact.analysis.types.Estimate` (a value
#: and its Monte Carlo standard error); ``Value`` is its former name, still imported by
#: the value-of-information modules.
Value = Estimate


def _nb(net_benefit: np.ndarray) -> np.ndarray:
    nb = np.asarray(net_benefit, dtype=float)
    if nb.ndim != 2 or nb.shape[0] < 2 or nb.shape[1] < 1:
        raise ValueError(f"net benefit must be a (draw, option) array of at least 2 draws, "
                         f"got shape {nb.shape}")
    if not np.all(np.isfinite(nb)):
        raise ValueError("net benefit has non-finite values")
    return nb


def best_option(net_benefit: np.ndarray) -> np.ndarray:
    """Per draw, the index of the option with the largest net benefit (the first of equals)."""
    return np.argmax(_nb(net_benefit), axis=1)


def p_best(net_benefit: np.ndarray) -> list[Value]:
    """P(option is best) per option: the share of draws in which its net benefit is the
    largest (ties to the first option), with the binomial standard error √(p(1−p)/n)."""
    nb = _nb(net_benefit)
    n = len(nb)
    counts = np.bincount(best_option(nb), minlength=nb.shape[1])
    p = counts / n
    return [Value(float(x), math.sqrt(x * (1 - x) / n)) for x in p]


def expected_loss(net_benefit: np.ndarray) -> list[Value]:
    """E[max_a NB_a − NB_option] per option [EUR], with the standard error of a mean of
    the draws' losses (sd / √n)."""
    nb = _nb(net_benefit)
    loss = nb.max(axis=1, keepdims=True) - nb
    n = len(nb)
    return [Value(float(col.mean()), float(col.std(ddof=1) / math.sqrt(n))) for col in loss.T]


@dataclass(frozen=True)
class FrontierPoint:
    """One option on the (expected costs, expected benefits) plane [EUR].

    ``status`` is ``frontier``, ``dominated`` (another option costs no more and yields
    more, or the same for less) or ``extendedly_dominated`` (a mix of two frontier options
    beats it). On the frontier, ``incremental_multiplier`` is ΔB / ΔC against
    ``compared_with`` (the previous frontier option; for the cheapest, doing nothing at
    (0, 0), ``compared_with`` None).
    """

    option: str
    costs: float
    benefits: float
    status: str
    compared_with: str | None = None
    incremental_multiplier: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {"option": self.option, "costs": clean(self.costs),
                "benefits": clean(self.benefits), "status": self.status,
                "compared_with": self.compared_with,
                "incremental_multiplier": (None if self.incremental_multiplier is None
                                           else clean(self.incremental_multiplier))}


def frontier(options: Sequence[str], costs: Sequence[float], benefits: Sequence[float]
             ) -> list[FrontierPoint]:
    """The efficiency frontier of options with expected ``costs`` and ``benefits`` [EUR].

    The options are sorted by costs; an option is dominated when another costs no more and
    yields more benefits (or the same benefits for less); of the rest, an option is
    extendedly dominated when the incremental multiplier ΔB / ΔC into it is below that
    out of it — a mix of its neighbours on the frontier would give more benefits for the
    same costs. The check repeats until the incremental multipliers fall along the
    frontier (benefits are concave in costs). Doing nothing, at (0, 0), starts the
    frontier, so the cheapest frontier option's incremental multiplier is its own
    multiplier. Returns the points in the order of ``options``.
    """
    c = np.asarray(costs, dtype=float)
    b = np.asarray(benefits, dtype=float)
    if not (len(options) == len(c) == len(b)):
        raise ValueError("options, costs and benefits must have the same length")
    status = _dominance(c, b)
    on, ratios = _extended_dominance(status, c, b)
    incremental = dict(zip(on, ratios, strict=True))
    previous = {k: (on[i - 1] if i > 0 else None) for i, k in enumerate(on)}
    out = []
    for k, name in enumerate(options):
        if status[k] == "frontier":
            prev = previous[k]
            out.append(FrontierPoint(name, float(c[k]), float(b[k]), "frontier",
                                     None if prev is None else options[prev],
                                     float(incremental[k])))
        else:
            out.append(FrontierPoint(name, float(c[k]), float(b[k]), status[k]))
    return out


def _dominance(c: np.ndarray, b: np.ndarray) -> dict[int, str]:
    """The status of each option, by index, after (strict) dominance: ``dominated`` when
    another option costs no more and yields more benefits (or the same for less), or when
    it equals an earlier option; else ``frontier``."""
    status = {k: "frontier" for k in range(len(c))}
    for k in range(len(c)):
        for j in range(len(c)):
            if j != k and c[j] <= c[k] and b[j] >= b[k] and (c[j] < c[k] or b[j] > b[k]):
                status[k] = "dominated"
                break
    # Equal points: the first in file order stays.
    for k in range(len(c)):
        for j in range(k):
            if status[j] == "frontier" and c[j] == c[k] and b[j] == b[k]:
                status[k] = "dominated"
    return status


def _extended_dominance(status: dict[int, str], c: np.ndarray, b: np.ndarray
                        ) -> tuple[list[int], list[float]]:
    """Mark ``extendedly_dominated`` in ``status`` (in place) until the incremental
    multipliers fall along the frontier; return the frontier options by index, sorted by
    costs, and the incremental multiplier into each from the previous one (the first
    from doing nothing at (0, 0))."""
    while True:
        on = sorted((k for k in status if status[k] == "frontier"), key=lambda k: (c[k], -b[k]))
        xs = [0.0] + [c[k] for k in on]
        ys = [0.0] + [b[k] for k in on]
        ratios = [(ys[i + 1] - ys[i]) / (xs[i + 1] - xs[i]) if xs[i + 1] > xs[i] else math.inf
                  for i in range(len(on))]
        drop = next((on[i] for i in range(len(on) - 1) if ratios[i] < ratios[i + 1]), None)
        if drop is None:
            return on, ratios
        status[drop] = "extendedly_dominated"


def acceptability(multiplier: np.ndarray, thresholds: Sequence[float] = ACCEPTABILITY_THRESHOLDS
                  ) -> np.ndarray:
    """The acceptability curve: P(M ≥ x) per (threshold, option) [1], the share of draws
    whose multiplier reaches x. ``multiplier`` is (draw, option); NaN (no costs) never
    reaches a threshold."""
    m = np.asarray(multiplier, dtype=float)
    if m.ndim != 2:
        raise ValueError(f"multiplier must be a (draw, option) array, got shape {m.shape}")
    x = np.asarray(thresholds, dtype=float)
    # Sorted draws per option: the share ≥ x is one search per threshold.
    return _reaching(m, x) / len(m)


def _reaching(m: np.ndarray, x: np.ndarray) -> np.ndarray:
    """How many draws reach each threshold, per (threshold, option)."""
    filled = np.where(np.isnan(m), -np.inf, m)
    s = np.sort(filled, axis=0)
    return np.stack([len(m) - np.searchsorted(s[:, a], x, side="left")
                     for a in range(m.shape[1])], axis=1)


def value_for_money(multiplier: np.ndarray,
                    bands: Sequence[tuple[str, float]] = DFT_BANDS) -> np.ndarray:
    """P(category) per (category, option) [1]: the share of draws whose multiplier lies in
    [lower bound of the band, lower bound of the next). ``bands`` are (name, lower bound)
    in increasing order; the first band's bound may be −inf. Draws without a multiplier
    (NaN) count in no band."""
    names = [name for name, _ in bands]
    lows = np.asarray([low for _, low in bands], dtype=float)
    if len(set(names)) != len(names) or np.any(np.diff(lows) <= 0):
        raise ValueError("bands must have distinct names and increasing lower bounds")
    m = np.asarray(multiplier, dtype=float)
    if m.ndim != 2:
        raise ValueError(f"multiplier must be a (draw, option) array, got shape {m.shape}")
    reach = _reaching(m, lows)  # how many reach low_k: whole numbers, exact differences
    upper = np.vstack([reach[1:], np.zeros((1, m.shape[1]), dtype=reach.dtype)])
    return (reach - upper) / len(m)


def parse_bands(text: str) -> tuple[tuple[str, float], ...]:
    """Bands from ``"name:low,name:low,…"`` (increasing lower bounds; the first may be
    ``-inf``); raises ValueError with what is wrong."""
    bands = []
    for part in text.split(","):
        name, sep, low = part.strip().partition(":")
        if not sep or not name.strip():
            raise ValueError(f"'{part.strip()}' is not NAME:LOWER_BOUND")
        try:
            value = float(low)
        except ValueError:
            raise ValueError(f"'{low.strip()}' in '{part.strip()}' is not a number") from None
        if math.isnan(value) or value == math.inf:
            raise ValueError(f"'{part.strip()}': the lower bound must be a number or -inf")
        bands.append((name.strip(), value))
    if len({n for n, _ in bands}) != len(bands) or any(
            b[1] >= a[1] for b, a in itertools.pairwise(bands)):
        raise ValueError("bands need distinct names and increasing lower bounds")
    return tuple(bands)


@dataclass(frozen=True)
class OptionDecision:
    """The decision figures of one option (financing scenario)."""

    option: str
    expected_net_benefit: Value  # [EUR]
    expected_costs: float  # [EUR]
    expected_benefits: float  # [EUR]
    p_best: Value  # [1]
    expected_loss: Value  # [EUR]
    p_net_benefit_nonnegative: float  # [1]
    value_for_money: Mapping[str, float]  # category → probability [1]

    def to_json(self) -> dict[str, Any]:
        return {"option": self.option,
                "expected_net_benefit": self.expected_net_benefit.to_json(),
                "expected_costs": clean(self.expected_costs),
                "expected_benefits": clean(self.expected_benefits),
                "p_best": self.p_best.to_json(), "expected_loss": self.expected_loss.to_json(),
                "p_net_benefit_nonnegative": clean(self.p_net_benefit_nonnegative),
                "value_for_money": {k: clean(v) for k, v in self.value_for_money.items()}}


@dataclass(frozen=True)
class Decision:
    """Which option to choose: per option its figures, the frontier, the acceptability
    curve (``acceptability[k][a]`` = P(M_a ≥ ``thresholds[k]``)), the bands used and
    their source, and the option with the largest expected net benefit."""

    options: tuple[OptionDecision, ...]
    best: str
    frontier: tuple[FrontierPoint, ...]
    thresholds: tuple[float, ...]
    acceptability: tuple[tuple[float, ...], ...]
    bands: tuple[tuple[str, float], ...]
    bands_source: str
    draws: int
    currency: str = "EUR"

    def option(self, name: str) -> OptionDecision:
        for o in self.options:
            if o.option == name:
                return o
        raise KeyError(name)

    def to_json(self) -> dict[str, Any]:
        names = [o.option for o in self.options]
        return {
            "best": self.best,
            "draws": self.draws,
            "currency": self.currency,
            "options": [o.to_json() for o in self.options],
            "p_best": {o.option: o.p_best.to_json() for o in self.options},
            "expected_loss": {o.option: o.expected_loss.to_json() for o in self.options},
            "frontier": [p.to_json() for p in self.frontier],
            "acceptability": {
                "thresholds": list(self.thresholds),
                "p_multiplier_at_least": {name: [clean(row[a]) for row in self.acceptability]
                                          for a, name in enumerate(names)},
                "p_net_benefit_nonnegative": {o.option: clean(o.p_net_benefit_nonnegative)
                                              for o in self.options},
            },
            "value_for_money": {
                "bands": [{"category": n, "lower": clean(low)} for n, low in self.bands],
                "source": self.bands_source,
            },
        }


def decide(ds: xr.Dataset, *, thresholds: Sequence[float] = ACCEPTABILITY_THRESHOLDS,
           bands: Sequence[tuple[str, float]] = DFT_BANDS,
           bands_source: str | None = None) -> Decision:
    """The decision figures of a Monte Carlo results dataset (docs/results.md): its
    financing scenarios are the options, compared draw by draw.

    ``bands_source`` names where custom ``bands`` come from (default: the DfT's, for
    :data:`DFT_BANDS`, else "user-defined").
    """
    names = [str(f) for f in ds["financing"].values]
    nb = np.asarray(ds["net_benefit"].transpose("draw", "financing").values, dtype=float)
    mult = np.asarray(ds["multiplier"].transpose("draw", "financing").values, dtype=float)
    costs = np.asarray(ds["costs_total"].transpose("draw", "financing").values, dtype=float)
    benefits = np.asarray(ds["benefits_total"].transpose("draw", "financing").values,
                          dtype=float)
    n = len(nb)
    bands = tuple((str(k), float(v)) for k, v in bands)
    if bands_source is None:
        bands_source = DFT_BANDS_SOURCE if bands == DFT_BANDS else "user-defined"
    pb = p_best(nb)
    loss = expected_loss(nb)
    vfm = value_for_money(mult, bands)
    curve = acceptability(mult, thresholds)
    options = tuple(
        OptionDecision(
            option=name,
            expected_net_benefit=Value(float(nb[:, a].mean()),
                                       float(nb[:, a].std(ddof=1) / math.sqrt(n))),
            expected_costs=float(costs[:, a].mean()),
            expected_benefits=float(benefits[:, a].mean()),
            p_best=pb[a], expected_loss=loss[a],
            p_net_benefit_nonnegative=float(np.mean(nb[:, a] >= 0)),
            value_for_money={band: float(vfm[k, a]) for k, (band, _) in enumerate(bands)},
        )
        for a, name in enumerate(names))
    return Decision(
        options=options,
        best=names[int(np.argmax(nb.mean(axis=0)))],
        frontier=tuple(frontier(names, costs.mean(axis=0), benefits.mean(axis=0))),
        thresholds=tuple(float(x) for x in thresholds),
        acceptability=tuple(tuple(float(v) for v in row) for row in curve),
        bands=bands, bands_source=bands_source, draws=n,
        currency=str(ds.attrs.get("currency", "EUR")),
    )


# --------------------------------------------------------------------------------------
# Sensitivity over fixed assumptions (deterministic sensitivity analysis)


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


# --------------------------------------------------------------------------------------
# Who pays, who gains


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


# --------------------------------------------------------------------------------------
# As analyses of a plan (mcimpact.analysis.plan)

#: The per-draw variables :func:`decide` reads.
DECISION_VARIABLES = ("net_benefit", "multiplier", "costs_total", "benefits_total")
#: The per-draw variables :func:`who_gains` (and :func:`added_costs`) read.
WHO_GAINS_VARIABLES = ("benefits_by_beneficiary", "costs_total", "benefits", "costs",
                       "costs_by_initiative", "added_years")


@dataclass(frozen=True)
class Decide:
    """:func:`decide` of the run's first ``first`` draws (None: every draw)."""

    bands: tuple[tuple[str, float], ...] = DFT_BANDS
    thresholds: tuple[float, ...] = ACCEPTABILITY_THRESHOLDS
    first: int | None = None

    def needs(self, run: Run, draws: int) -> Needs:
        return Needs(keep=Keep.of(*DECISION_VARIABLES, first=self.first))

    def result(self, got: Got) -> Decision:
        assert got.kept is not None
        return decide(got.kept, thresholds=self.thresholds, bands=self.bands)


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
