"""Partial pooling: a hierarchical beta–binomial over a group of chains' success
probabilities.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from ...errors import Problem, say
from ...model import distributions
from ...model.distributions import Input
from ...model.monitoring import Monitoring, Observation, Record
from ._general import MAX_FIT_ERROR, Unreliable
from ._types import Evidence, InputUpdate, moments

# The population's concentration κ: lognormal around the concentration of the chains'
# prior judgement κ0, with this sd of log κ (κ within a factor e^±0.5 ≈ 0.6–1.6 of κ0 with
# 68 %), on a grid of ±4 such sd.
POOL_LOG_KAPPA_SD = 0.5
POOL_MU_CELLS = 150
POOL_KAPPA_CELLS = 60


def pooled(priors: Sequence[Input], evidence: Sequence[Evidence],
           names: Sequence[str] | None = None) -> list[tuple[Input, float]]:
    """The success probabilities of a pool of chains under a hierarchical beta–binomial.

    Model: given the population mean μ and concentration κ, each chain's p_j is
    Beta(μκ, (1 − μ)κ), independently, and its data binomial. Hyperpriors, from the
    chains' own priors: m = the mean of their prior means, v = the mean of their prior
    variances, κ0 = m (1 − m) / v − 1; μ ~ Beta(m κ0, (1 − m) κ0) (the prior judgement of
    the typical level, as uncertain as one chain's); log κ ~ N(log κ0, POOL_LOG_KAPPA_SD²)
    (the chains differ about as much as the prior judgement says each is uncertain); μ
    and κ independent. The posterior of (μ, κ) is computed on a grid (POOL_MU_CELLS ×
    POOL_KAPPA_CELLS, the μ cells refined once around the posterior); each p_j's
    posterior is the mixture over the grid of Beta(μκ + s_j, (1 − μ)κ + f_j), written as
    the Beta with the mixture's exact mean and variance.

    Returns
    -------
    list of (Input, float)
        Per chain, the fitted Beta and its Kolmogorov distance to the mixture (at 201
        quantiles of the fit). Raises :class:`Unreliable` above MAX_FIT_ERROR.
    """
    from scipy import stats
    from scipy.special import betainc, betaln

    prior_moments = [moments(p) for p in priors]
    m = float(np.mean([mean for mean, _ in prior_moments]))
    v = float(np.mean([sd**2 for _, sd in prior_moments]))
    if not (0 < m < 1 and 0 < v < m * (1 - m)):
        raise Unreliable(say("update.pool_no_population", "the chains' priors give no "
                             "population mean and spread"))
    k0 = m * (1 - m) / v - 1
    mu_prior = stats.beta(m * k0, (1 - m) * k0)
    s = np.array([e.successes for e in evidence], dtype=float)
    f = np.array([e.followed - e.successes for e in evidence], dtype=float)
    half = 4 * POOL_LOG_KAPPA_SD
    log_kappa = np.linspace(math.log(k0) - half, math.log(k0) + half, POOL_KAPPA_CELLS + 1)
    centres = (log_kappa[:-1] + log_kappa[1:]) / 2
    kappa = np.exp(centres)[None, :]
    log_kappa_prior = (-0.5 * ((centres - math.log(k0)) / POOL_LOG_KAPPA_SD) ** 2)[None, :]
    lo, hi = float(mu_prior.ppf(1e-10)), float(mu_prior.ppf(1 - 1e-10))
    for _ in range(2):
        edges = np.linspace(lo, hi, POOL_MU_CELLS + 1)
        mu = ((edges[:-1] + edges[1:]) / 2)[:, None]
        a, b = mu * kappa, (1 - mu) * kappa
        log_post = mu_prior.logpdf(mu) + log_kappa_prior + sum(
            betaln(a + s[j], b + f[j]) - betaln(a, b) for j in range(len(s)))
        w = np.exp(log_post - log_post.max())
        w /= w.sum()
        mu_mean = float(np.sum(w * mu))
        mu_sd = float(np.sqrt(np.sum(w * (mu - mu_mean) ** 2)))
        if mu_sd >= 20 * (edges[1] - edges[0]):
            break
        lo, hi = max(lo, mu_mean - 12 * mu_sd), min(hi, mu_mean + 12 * mu_sd)
    keep = w > 1e-7 * w.max()
    weights = w[keep] / w[keep].sum()
    a_keep, b_keep = a[keep], b[keep]
    levels = np.linspace(0.0005, 0.9995, 201)
    out = []
    for j in range(len(s)):
        alpha, beta = a_keep + s[j], b_keep + f[j]
        mean = float(np.sum(weights * alpha / (alpha + beta)))
        second = float(np.sum(weights * alpha * (alpha + 1)
                              / ((alpha + beta) * (alpha + beta + 1))))
        var = second - mean**2
        kappa_j = mean * (1 - mean) / var - 1
        fitted = distributions.make("beta", {"a": mean * kappa_j, "b": (1 - mean) * kappa_j})
        x = distributions.frozen(fitted).ppf(levels)
        mixture = weights @ betainc(alpha[:, None], beta[:, None], x[None, :])
        error = float(np.max(np.abs(mixture - levels)))
        if not error <= MAX_FIT_ERROR:
            name = f"'{names[j]}'" if names is not None else str(j + 1)
            raise Unreliable(say(
                "update.pool_not_close", "the pooled posterior of chain {name} is not close "
                "enough to a beta (Kolmogorov distance {error:.3g} > MAX_FIT_ERROR = "
                "{limit:g}): a chain with few data keeps the population's spread, which one "
                "beta does not describe; follow up more people, or update the chains without "
                "a pool", name=name, error=error, limit=MAX_FIT_ERROR))
        out.append((fitted, error))
    return out


def _update_pools(chains: dict[str, Any], data: Monitoring,
                  recorded: dict[tuple[str, str], Record],
                  updates: dict[tuple[str, str], InputUpdate],
                  problems: list[Problem]) -> None:
    """Every pool with new data: all its chains (with the data recorded earlier) again."""
    name = "success_probability"
    pools: dict[str, dict[str, list[Observation]]] = {}
    for r in recorded.values():
        for o in r.observations:
            if o.pool:
                pools.setdefault(o.pool, {}).setdefault(r.chain, []).append(o)
    fresh = {o.pool for o in data.observations if o.pool}
    for o in data.observations:
        if o.pool:
            pools.setdefault(o.pool, {}).setdefault(o.chain, []).append(o)
    for pool in sorted(fresh):
        members = pools[pool]
        ids = list(members)
        priors, labels = [], []
        for chain_id in ids:
            rec = recorded.get((chain_id, name))
            inp = rec.prior if rec is not None else getattr(chains[chain_id], name)
            priors.append(inp)
            labels.append(rec.prior_label if rec is not None else inp.label)
        evidence = [Evidence.of("successes", members[c]) for c in ids]
        try:
            fits = pooled(priors, evidence, ids)
        except Unreliable as exc:
            first = min((o for c in ids for o in members[c] if o.file == data.path),
                        key=lambda o: o.line)
            problems.append(Problem(data.path, say(
                "update.pool_refuses", "pool '{pool}': partial pooling refuses: {detail}",
                pool=pool, detail=exc.args[0]), line=first.line,
                entry=say("csv.column", "column '{name}'", name="pool")))
            continue
        for chain_id, prior, label, ev, (posterior, error) in zip(
                ids, priors, labels, evidence, fits, strict=True):
            updates[chain_id, name] = InputUpdate(
                chain_id, name, prior, posterior, f"partial pooling (pool '{pool}')", False,
                error, ev, tuple(members[chain_id]), label)
