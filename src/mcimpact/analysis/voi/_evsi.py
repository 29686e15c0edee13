"""EVSI of a monitoring study: follow ``n`` participants of a chain and count the
successes; exact by the beta-binomial, or by regression.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...model.scenario import INPUT_NAMES, Scenario
from ..decision import Value
from ..sensitivity import input_moments
from ._evpi import _batch_se, _nb, evppi_of_fitted
from ._regression import REPLICATES, regression_evppi

#: Participants of a monitoring study by default, and how many studies are proposed.
DEFAULT_STUDY_SIZE = 50
DEFAULT_STUDIES = 5


@dataclass(frozen=True)
class Study:
    """Follow ``participants`` people of chain ``chain`` for a year and count the
    successes."""

    chain: str
    participants: int


def beta_prior(scenario: Scenario, chain: int) -> tuple[float, float]:
    """(α, β) of the chain's slagingskans: its Beta if it is one, else the Beta with its
    mean and variance (moment matching)."""
    inp = scenario.chains[chain].inputs[INPUT_NAMES.index("success_probability")]
    mean, var = input_moments(inp)
    if var <= 0 or not 0 < mean < 1 or var >= mean * (1 - mean):
        raise ValueError(f"chain '{scenario.chains[chain].id}': the slagingskans is not "
                         "uncertain in (0, 1), so a study cannot inform it")
    common = mean * (1 - mean) / var - 1
    return mean * common, (1 - mean) * common


def _betabinom_pmf(n: int, a: float, b: float) -> np.ndarray:
    from scipy import stats

    return stats.betabinom.pmf(np.arange(n + 1), n, a, b)


def linear_evsi(net_benefit: np.ndarray, p: np.ndarray, alpha: float, beta: float,
                n: int) -> Value:
    """EVSI of X ~ Binomial(n, p) when E(NB_a | p) is affine in p and p ~ Beta(α, β):
    ``E(NB_a | X) = μ_a + k_a (E[p | X] − m)`` with ``k_a = Cov(NB_a, p) / Var(p)``,
    ``m = α / (α + β)`` and ``E[p | X = x] = (α + x) / (α + β + n)``, summed exactly over
    the beta-binomial x = 0 … n. μ_a and k_a are those of the draws (batch-means SE).
    With ``n = 0`` it is 0; as n grows it tends to EVPPI of p (:func:`linear_evppi`)."""
    nb = _nb(net_benefit)
    p = np.asarray(p, dtype=float)
    m = alpha / (alpha + beta)
    pmf = _betabinom_pmf(n, alpha, beta)
    post = (alpha + np.arange(n + 1)) / (alpha + beta + n) - m

    def estimate(s: slice) -> float:
        mu = nb[s].mean(axis=0)
        dp = p[s] - p[s].mean()
        k = dp @ (nb[s] - mu) / (dp @ dp)
        g = mu + post[:, None] * k
        return float(pmf @ (g.max(axis=1) - g[:, int(np.argmax(mu))]))

    return Value(estimate(slice(None)), _batch_se(estimate, len(nb)))


def linear_evppi(net_benefit: np.ndarray, p: np.ndarray) -> Value:
    """EVPPI of p when E(NB_a | p) is affine in p: E_p[max_a(μ_a + k_a (p − m))] −
    max_a μ_a over the draws of p (batch-means SE)."""
    nb = _nb(net_benefit)
    p = np.asarray(p, dtype=float)

    def estimate(s: slice) -> float:
        mu = nb[s].mean(axis=0)
        dp = p[s] - p[s].mean()
        k = dp @ (nb[s] - mu) / (dp @ dp)
        return evppi_of_fitted(mu + dp[:, None] * k)

    return Value(estimate(slice(None)), _batch_se(estimate, len(nb)))


def regression_evsi(net_benefit: np.ndarray, p: np.ndarray, n: int, *, seed: int = 0,
                    replicates: int = REPLICATES) -> Value:
    """EVSI by regression on simulated study data (Strong, Oakley, Brennan & Breeze 2015):
    X_i ~ Binomial(n, p_i) per draw (a fixed stream from ``seed``), each option's net
    benefit regressed on X."""
    if n == 0:
        return Value(0.0, 0.0)
    rng = np.random.default_rng(seed)
    x = rng.binomial(n, np.clip(np.asarray(p, dtype=float), 0.0, 1.0)).astype(float)
    return regression_evppi(net_benefit, x[:, None], replicates=replicates, seed=seed)
