"""Which option to choose and how sure that is: P(best), expected loss, the efficiency
frontier, the acceptability curve and value for money, gathered by :func:`decide`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ...run.run import Run
from ..plan import Got, Keep, Needs
from ..types import Estimate, clean

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


#: The per-draw variables :func:`decide` reads.
DECISION_VARIABLES = ("net_benefit", "multiplier", "costs_total", "benefits_total")


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
