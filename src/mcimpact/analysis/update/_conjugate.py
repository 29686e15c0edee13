"""Exact (conjugate) updates: beta–binomial, gamma–Poisson, normal–normal.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from ...model import distributions
from ...model.distributions import Input, beta_ab
from ._types import Evidence


def beta_binomial(prior: Input, ev: Evidence) -> Input:
    """beta(a, b) and s successes of n → beta(a + s, b + n − s)."""
    a, b = beta_ab(prior.p)
    return distributions.make("beta", {"a": a + ev.successes,
                                       "b": b + ev.followed - ev.successes})


def gamma_poisson(prior: Input, ev: Evidence) -> Input:
    """A negative binomial count NB(m, s) = Poisson(λ), λ ~ gamma(shape r, rate β) with
    r = m²/(s² − m), β = m/(s² − m); k cohorts with Σ y people → λ ~ gamma(r + Σ y,
    β + k), whose count is NB(mean (r + Σ y)/(β + k), sd² = mean + mean/(β + k))."""
    m, s = prior.p["mean"], prior.p["sd"]
    excess = s * s - m
    shape, rate = m * m / excess + ev.counted, m / excess + ev.cohorts
    mean = shape / rate
    return distributions.make("negbinomial", {"mean": mean,
                                              "sd": math.sqrt(mean + mean / rate)})


def normal_normal(prior: Input, ev: Evidence) -> Input:
    """A (truncated) normal prior N(μ, σ²) on [lo, hi] and normal evidence with precision
    Σ 1/se² and weighted sum Σ y/se² → N(μ', σ'²) on the same [lo, hi], with
    1/σ'² = 1/σ² + Σ 1/se² and μ' = σ'² (μ/σ² + Σ y/se²): truncation multiplies the
    density by the same indicator before and after."""
    p = prior.p
    precision = 1 / p["sd"] ** 2 + ev.precision
    mean = (p["mean"] / p["sd"] ** 2 + ev.weighted) / precision
    params = {"mean": mean, "sd": 1 / math.sqrt(precision)}
    params.update({k: p[k] for k in ("min", "max") if k in p})
    return distributions.make("truncnormal", params)


# (measure, prior kind) → the exact update; every other pair takes the general method.
CONJUGATE: dict[tuple[str, str], tuple[str, Callable[[Input, Evidence], Input]]] = {
    ("successes", "beta"): ("beta-binomial", beta_binomial),
    ("participants", "negbinomial"): ("gamma-Poisson", gamma_poisson),
    ("effect", "truncnormal"): ("normal-normal (truncated)", normal_normal),
}
