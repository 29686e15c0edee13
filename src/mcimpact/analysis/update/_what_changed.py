"""What changed: prior and posterior runs on the same draws, their figures compared, and
the curves of each updated input.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ...errors import ResourceError
from ...model import distributions
from ...model.distributions import Input
from ...model.scenario import Scenario
from ...run.run import Progress, Run
from ..basic import SUMMARY, Summarize, summary_reducer
from ..plan import Got, Keep, Kept, Needs, execute
from ..summaries import SummaryReducer
from ..types import Summary
from ._types import InputUpdate, Posterior

if TYPE_CHECKING:
    from ...run.backends import Backend


@dataclass(frozen=True)
class Change:
    """The prior and the posterior scenario simulated on the same draws (same seed, so
    every chain without data has the same draws in both): their summaries, the updated
    inputs, and the reference financing scenario's P(multiplier ≥ ``above``) before and
    after."""

    prior: Summary
    posterior: Summary
    updates: tuple[InputUpdate, ...]
    years: tuple[str, ...]  # the calendar years of the data, e.g. ("2023", "2024")
    above: float
    p_above: tuple[float, float]  # (prior, posterior)

    def to_json(self) -> dict[str, Any]:
        """The JSON object of ``mcimpact update --report --json`` (docs/monitoring.md)."""
        inputs = []
        for u in self.updates:
            (m0, s0), (m1, s1) = u.prior_moments, u.posterior_moments
            q0, q1 = quantiles(u.prior), quantiles(u.posterior)
            inputs.append({
                "chain": u.chain, "input": u.input, "method": u.method, "exact": u.exact,
                "fit_error": u.fit_error, "evidence": u.evidence.describe(),
                "prior": {"label": u.prior_label, "distribution": _table(u.prior),
                          "mean": m0, "sd": s0, "p5": q0[0], "p95": q0[1]},
                "posterior": {"distribution": _table(u.posterior), "mean": m1, "sd": s1,
                              "p5": q1[0], "p95": q1[1]},
            })
        figures = {}
        for i, (name, s) in enumerate((("prior", self.prior), ("posterior", self.posterior))):
            ref = s.ref
            figures[name] = {"multiplier": ref.multiplier.to_json(),
                             "break_even_year": ref.break_even_year.to_json(),
                             "p_multiplier_above": self.p_above[i]}
        return {"years": list(self.years), "above": self.above, "inputs": inputs,
                **figures, "financing": self.prior.reference,
                "draws": self.prior.provenance.draws, "seed": self.prior.provenance.seed}


@dataclass(frozen=True)
class Curve:
    """The prior and posterior density (a count: probability mass) of one updated input
    on common points ``x``, for a figure."""

    chain: str
    input: str
    x: np.ndarray
    prior: np.ndarray
    posterior: np.ndarray
    discrete: bool


def curves(updates: Sequence[InputUpdate], points: int = 400) -> list[Curve]:
    """Prior and posterior of each update on the union of their central 99.8 %."""
    out = []
    for u in updates:
        d0, d1 = distributions.frozen(u.prior), distributions.frozen(u.posterior)
        lo = min(float(d0.ppf(0.001)), float(d1.ppf(0.001)))
        hi = max(float(d0.ppf(0.999)), float(d1.ppf(0.999)))
        discrete = distributions.KINDS[u.prior.dist].discrete and \
            distributions.KINDS[u.posterior.dist].discrete
        if discrete:
            x = np.unique(np.round(np.linspace(math.floor(lo), math.ceil(hi), points)))
            y0, y1 = d0.pmf(x), d1.pmf(x)
        else:
            x = np.linspace(lo, hi, points)
            y0, y1 = d0.pdf(x), d1.pdf(x)
        out.append(Curve(u.chain, u.input, x, np.asarray(y0, float), np.asarray(y1, float),
                         discrete))
    return out


def quantiles(inp: Input) -> tuple[float, float]:
    """The 5 % and 95 % quantiles of an input's distribution."""
    if inp.is_fixed:
        return inp.point, inp.point
    d = distributions.frozen(inp)
    return float(d.ppf(0.05)), float(d.ppf(0.95))


def _table(inp: Input) -> dict[str, Any]:
    return {"dist": inp.dist, **inp.p}


def compare(prior: Scenario, posterior: Scenario, post: Posterior, draws: int,
            seed: int, above: float | None = None, *, progress: Progress | None = None,
            backend: Backend | None = None) -> Change:
    """Simulate the prior and the posterior scenario on the same draws; ``above`` is the
    multiplier whose exceedance is compared (default: the prior's median multiplier of
    the reference financing scenario, rounded to one decimal)."""
    return compare_updates(prior, posterior, post.updates, draws, seed, above,
                           progress=progress, backend=backend)


def compare_updates(prior: Scenario, posterior: Scenario, updates: Sequence[InputUpdate],
                    draws: int, seed: int, above: float | None = None, *,
                    progress: Progress | None = None, backend: Backend | None = None
                    ) -> Change:
    """:func:`compare` for the given updates: the posterior's run of ``draws`` draws with
    ``seed`` and :class:`WhatChanged` on it."""
    got = execute(Run(posterior, seed=seed), draws,
                  {"changed": WhatChanged(prior, tuple(updates), above)},
                  progress=progress, backend=backend)
    if isinstance(got["changed"], ResourceError):
        raise got["changed"]
    return got["changed"]


@dataclass(frozen=True)
class WhatChanged:
    """What the measurements changed, as an analysis of a plan whose run is the
    posterior's: its summary and multipliers come from the pass, the prior's from the
    run's variant of the ``prior`` scenario on the same draws (the same seed, so every
    chain without data has the same draws in both). Where the prior's run would not fit
    the free memory, the result is that :class:`~mcimpact.errors.ResourceError`."""

    prior: Scenario
    updates: tuple[InputUpdate, ...]
    above: float | None = None

    def needs(self, run: Run, draws: int) -> Needs:
        return Needs(consumers={SUMMARY: lambda: summary_reducer(run, draws=draws)},
                     keep=Keep.of("multiplier"))

    def result(self, got: Got) -> Change | ResourceError:
        reducer = got.consumers[SUMMARY]
        assert isinstance(reducer, SummaryReducer) and got.kept is not None
        after = reducer.summary()
        try:
            before = execute(got.run.variant(self.prior), got.draws,
                             {"summary": Summarize(), "kept": Kept(("multiplier",))})
        except ResourceError as exc:
            return exc
        reference = before["summary"].reference
        above = self.above
        if above is None:
            above = round(before["summary"].ref.multiplier.p50, 1)
        shares = [float(np.mean(kept.multiplier.sel(financing=reference).values >= above))
                  for kept in (before["kept"], got.kept)]
        years = sorted({str(o.year) for u in self.updates for o in u.observations})
        return Change(before["summary"], after, self.updates, tuple(years), float(above),
                      (shares[0], shares[1]))
