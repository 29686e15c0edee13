"""The typed results of a run: what the analysis hands to the presentation and to JSON.

A Monte Carlo run and a deterministic (point) run produce the same types: a point result
is a degenerate distribution (``point=True``: one value, no spread), so consumers read
``summary.ref.multiplier.p50`` either way and never ask which mode made it. JSON is made
only at the edge, by the ``to_json`` methods, in the schema of ``docs/json-schema.md``
(a point result's figures are plain numbers there).

Every "number with its uncertainty" of every analysis is one of a small family:

- :class:`Estimate` — a quantity *estimated* from the draws and how precise the estimate
  is: its Monte Carlo standard error and/or the bounds of a confidence interval (P(best),
  expected loss, EVPI, a Sobol index, the effect on a late break-even);
- :class:`Interval` — a quantity that *varies* over the draws: its mean and the interval
  from its 5 % to its 95 % quantile (who gains, the budget impact per year);
- :class:`Distribution` — the same, in full: moments, every quantile, named
  probabilities (every figure of a summary); :attr:`Distribution.interval` is its
  :class:`Interval`.

Each keeps the JSON of the type it replaced (docs/json-schema.md only grows).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

QUANTILES = {"p5": 0.05, "p10": 0.10, "p25": 0.25, "p50": 0.50, "p75": 0.75, "p90": 0.90,
             "p95": 0.95}


def clean(x: float | None) -> float | None:
    """A float for JSON: None for NaN and infinities (JSON has neither)."""
    return None if x is None or not math.isfinite(x) else float(x)


@dataclass(frozen=True)
class Estimate:
    """A quantity estimated from the draws [the quantity's unit]: its ``value``, the Monte
    Carlo standard error ``se`` of that value, and the bounds ``low`` and ``high`` of its
    confidence interval (the level is the estimator's); NaN where the estimator gives
    none. JSON: ``{"value", "se"}`` (a confidence interval is written by the result that
    holds the estimate, flat beside its other figures)."""

    value: float
    se: float = math.nan
    low: float = math.nan
    high: float = math.nan

    def to_json(self) -> dict[str, float | None]:
        return {"value": clean(self.value), "se": clean(self.se)}


@dataclass(frozen=True)
class Interval:
    """A quantity over the draws [the quantity's unit]: its mean and the interval from its
    5 % to its 95 % quantile."""

    mean: float
    p5: float
    p95: float

    @classmethod
    def of(cls, x: np.ndarray) -> Interval:
        """Of the finite values of per-draw ``x`` (all NaN without any)."""
        import numpy as np

        x = np.asarray(x, dtype=float)
        x = x[np.isfinite(x)]
        if len(x) == 0:
            return cls(math.nan, math.nan, math.nan)
        lo, hi = np.quantile(x, [0.05, 0.95])
        return cls(float(x.mean()), float(lo), float(hi))

    def to_json(self) -> dict[str, float | None]:
        return {"mean": clean(self.mean), "p5": clean(self.p5), "p95": clean(self.p95)}


@dataclass(frozen=True)
class Distribution:
    """A quantity over the draws: mean, standard deviation, Monte Carlo standard error of
    the mean, the quantiles p5 … p95 [the quantity's unit], and named probabilities
    (e.g. ``p_gt_1``). NaN where undefined (a multiplier without costs)."""

    mean: float
    sd: float
    mcse: float
    p5: float
    p10: float
    p25: float
    p50: float
    p75: float
    p90: float
    p95: float
    probabilities: Mapping[str, float | None] = field(default_factory=dict)
    point: bool = False

    @classmethod
    def of_point(cls, value: float) -> Distribution:
        """A point result: one value, no spread."""
        v = float(value)
        return cls(v, 0.0, 0.0, v, v, v, v, v, v, v, point=True)

    @property
    def interval(self) -> Interval:
        """Its mean and 5–95 % interval."""
        return Interval(self.mean, self.p5, self.p95)

    def quantile(self, name: str) -> float:
        """The quantile by its JSON name (``"p5"`` … ``"p95"``)."""
        if name not in QUANTILES:
            raise KeyError(f"unknown quantile {name!r}; expected one of {', '.join(QUANTILES)}")
        return float(getattr(self, name))

    def to_json(self) -> float | dict[str, float | None] | None:
        if self.point:
            return clean(self.mean)
        out = {"mean": clean(self.mean), "sd": clean(self.sd), "mcse": clean(self.mcse)}
        out.update({name: clean(getattr(self, name)) for name in QUANTILES})
        out.update(self.probabilities)
        return out


@dataclass(frozen=True)
class BreakEven:
    """The break-even year [calendar year] as a distribution: quantiles (None: not within
    the horizon), P(break-even by year t) for every year of the horizon, and P(never)."""

    p5: int | None
    p10: int | None
    p25: int | None
    p50: int | None
    p75: int | None
    p90: int | None
    p95: int | None
    p_by_year: Mapping[int, float]
    p_never: float
    point: bool = False

    def quantile(self, name: str) -> int | None:
        if name not in QUANTILES:
            raise KeyError(f"unknown quantile {name!r}; expected one of {', '.join(QUANTILES)}")
        value: int | None = getattr(self, name)
        return value

    def to_json(self) -> int | dict[str, Any] | None:
        if self.point:
            return self.p50
        out: dict[str, Any] = {name: getattr(self, name) for name in QUANTILES}
        out["p_by_year"] = {str(y): p for y, p in self.p_by_year.items()}
        out["p_never"] = self.p_never
        return out


@dataclass(frozen=True)
class Histogram:
    """Counts of draws in bins [the quantity's unit]: ``counts[k]`` draws lie in
    ``[edges[k], edges[k + 1])`` (the last bin closed); NaN draws are not counted."""

    edges: tuple[float, ...]
    counts: tuple[int, ...]


Breakdown = Mapping[str, Distribution]


@dataclass(frozen=True)
class FinancingSummary:
    """The figures of one financing scenario [EUR unless noted; totals and breakdowns are
    present values at the start year, by-year figures nominal]."""

    name: str
    break_even_year: BreakEven
    benefits_by_year: Breakdown
    costs_by_year: Breakdown
    cumulative_benefits_by_year: Breakdown
    cumulative_costs_by_year: Breakdown
    benefits_total: Distribution
    benefits_claimable: Distribution
    costs_total: Distribution
    net_benefit: Distribution
    multiplier: Distribution  # [EUR per EUR]; probabilities p_gt_1, p_ge_3
    benefits_by_initiative: Breakdown
    benefits_by_activity: Breakdown
    benefits_by_beneficiary: Breakdown
    benefits_by_domain: Breakdown
    benefits_by_period: Breakdown
    multiplier_by_initiative: Breakdown
    costs_by_initiative: Breakdown
    added_years: Breakdown  # [years]
    cost_claim_by_domain: Breakdown
    multiplier_histogram: Histogram | None = None  # Monte Carlo runs only
    # [years] from the start of the horizon (SROI: from the investment), interpolated
    # within the break-even year; NaN draws (no break-even) rank last, so a quantile
    # beyond P(break-even) and the mean of a run where some draws never pay back are NaN.
    payback_years: Distribution | None = None
    # Per tag key (Scenario.tag_members), the benefits per value of the tag, the chains
    # without it in the member UNTAGGED; empty without tags.
    benefits_by_tag: Mapping[str, Breakdown] = field(default_factory=dict)

    def breakdown(self, name: str) -> Breakdown:
        """A breakdown by its JSON name, e.g. ``"benefits_by_domain"``."""
        if name not in BREAKDOWNS:
            raise KeyError(f"unknown breakdown {name!r}; expected one of {', '.join(BREAKDOWNS)}")
        value: Breakdown = getattr(self, name)
        return value

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name,
                               "break_even_year": self.break_even_year.to_json()}
        if self.payback_years is not None:
            out["payback_years"] = self.payback_years.to_json()
        for name in BY_YEAR:
            out[name] = _breakdown_json(getattr(self, name))
        for name in SCALARS:
            out[name] = getattr(self, name).to_json()
        for name in BREAKDOWNS:
            out[name] = _breakdown_json(getattr(self, name))
        if self.benefits_by_tag:
            out["benefits_by_tag"] = {key: _breakdown_json(b)
                                      for key, b in self.benefits_by_tag.items()}
        return out


BY_YEAR = ("benefits_by_year", "costs_by_year", "cumulative_benefits_by_year",
           "cumulative_costs_by_year")
SCALARS = ("benefits_total", "benefits_claimable", "costs_total", "net_benefit", "multiplier")
#: Breakdowns of a financing scenario and the dimension of each.
BREAKDOWNS = {
    "benefits_by_initiative": "initiative",
    "benefits_by_activity": "activity",
    "benefits_by_beneficiary": "beneficiary",
    "benefits_by_domain": "domain",
    "benefits_by_period": "period",
    "multiplier_by_initiative": "initiative",
    "costs_by_initiative": "initiative",
    "added_years": "initiative",
    "cost_claim_by_domain": "domain",
}


def _breakdown_json(b: Breakdown) -> dict[str, Any]:
    return {k: v.to_json() for k, v in b.items()}


@dataclass(frozen=True)
class Incremental:
    """What the extra money of A over B returns, ΔB / ΔC [EUR per EUR]: the ratio of the
    means E[ΔB] / E[ΔC] with its delta-method standard error (None when the cost
    difference changes sign between draws, or is 0), and the quantiles of the per-draw
    ratio over the ``draws`` where the costs differ (None when they never do)."""

    ratio_of_means: float | None
    mcse: float | None
    per_draw: Distribution | None
    draws: int
    point: bool = False

    def to_json(self) -> float | dict[str, Any] | None:
        if self.point:
            return self.ratio_of_means
        out: dict[str, Any] = {"ratio_of_means": self.ratio_of_means, "mcse": self.mcse}
        if self.per_draw is not None:
            out.update({name: clean(getattr(self.per_draw, name)) for name in QUANTILES})
            out["draws"] = self.draws
        return out


@dataclass(frozen=True)
class Comparison:
    """Financing scenario ``a`` against ``b`` on the same draws (paired differences a − b
    [EUR]); the probabilities are None for a point result."""

    a: str
    b: str
    net_benefit_difference: Distribution
    benefits_difference: Distribution
    costs_difference: Distribution
    p_multiplier_greater: float | None
    p_net_benefit_greater: float | None
    incremental_multiplier: Incremental

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"a": self.a, "b": self.b}
        for name in ("net_benefit_difference", "benefits_difference", "costs_difference"):
            out[name] = getattr(self, name).to_json()
        if self.p_multiplier_greater is not None or not self.net_benefit_difference.point:
            out["p_multiplier_greater"] = self.p_multiplier_greater
            out["p_net_benefit_greater"] = self.p_net_benefit_greater
        out["incremental_multiplier"] = self.incremental_multiplier.to_json()
        return out


@dataclass(frozen=True)
class Labels:
    """Display names per id; beneficiary groups and domains per language code; the
    scenario's own nouns per language code (``[meta.nouns]``)."""

    financing: Mapping[str, str]
    initiative: Mapping[str, str]
    activity: Mapping[str, str]
    beneficiary: Mapping[str, Mapping[str, str]]
    domain: Mapping[str, Mapping[str, str]]
    nouns: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    #: each chain's outcome as the file says it (its effect, else its result, else its id)
    chain: Mapping[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"financing": dict(self.financing), "initiative": dict(self.initiative),
                "activity": dict(self.activity),
                "beneficiary": {k: dict(v) for k, v in self.beneficiary.items()},
                "domain": {k: dict(v) for k, v in self.domain.items()},
                **({"nouns": {k: dict(v) for k, v in self.nouns.items()}} if self.nouns
                   else {})}


@dataclass(frozen=True)
class Provenance:
    """What identifies a run: the scenario (name, path, SHA-256 of its text), the package
    version, the mode, the draws, the seed (None for a point run) and, for a run to a
    precision, that precision."""

    scenario_name: str
    scenario_path: str
    scenario_sha256: str
    version: str
    mode: str  # "monte-carlo" or "deterministic"
    draws: int
    seed: int | None
    precision: float | None
    currency: str
    years: tuple[int, int]
    precision_reached: bool | None = None  # with a precision: whether the run reached it
    time_convention: str = "arena"  # meta.time_convention: how years are counted
    discount_year: int | None = None  # the year present values are taken at

    @property
    def monte_carlo(self) -> bool:
        return self.mode != "deterministic"


@dataclass(frozen=True)
class Summary:
    """A run's results: provenance, labels, one :class:`FinancingSummary` per financing
    scenario (the first is the reference) and a :class:`Comparison` of every pair."""

    provenance: Provenance
    labels: Labels
    financing: Mapping[str, FinancingSummary]
    comparisons: tuple[Comparison, ...]

    @property
    def reference(self) -> str:
        """The id of the reference (first) financing scenario."""
        return next(iter(self.financing))

    @property
    def ref(self) -> FinancingSummary:
        """The reference financing scenario's figures."""
        return self.financing[self.reference]

    @property
    def monte_carlo(self) -> bool:
        return self.provenance.monte_carlo

    def to_json(self) -> dict[str, Any]:
        """The JSON object of ``mcimpact sim --json`` (docs/json-schema.md)."""
        p = self.provenance
        out: dict[str, Any] = {
            "scenario": {"name": p.scenario_name, "path": p.scenario_path,
                         "sha256": p.scenario_sha256},
            "mcimpact_version": p.version,
            "mode": p.mode,
            "draws": p.draws,
            "currency": p.currency,
            "years": list(p.years),
        }
        if p.discount_year is not None:
            out["time_convention"] = p.time_convention
            out["discount_year"] = p.discount_year
        if p.seed is not None:
            out["seed"] = p.seed
        if p.precision is not None:
            out["precision"] = p.precision
            out["precision_reached"] = p.precision_reached
        out["labels"] = self.labels.to_json()
        blocks = {fid: block.to_json() for fid, block in self.financing.items()}
        out["reference"] = self.reference
        out.update(blocks[self.reference])
        out["financing"] = blocks
        out["comparisons"] = [c.to_json() for c in self.comparisons]
        return out
