"""The model's additive parts: per chain its present value averaged over the funding
patterns, and the terms of one input kind, from which EVPPI is exact.
"""

from __future__ import annotations

import numpy as np

from ...core.compile import CoreArrays
from ...core.kernels import N_SLOTS
from ...model.scenario import INPUT_NAMES, Scenario
from ...run.run import Run
from ..sensitivity import chain_factors, one_financing


def pattern_probabilities(core: CoreArrays) -> np.ndarray:
    """P(funding pattern k) per (initiative, pattern) of the one financing scenario of
    ``core``: the certain pattern, or the differences of the renewal CDF."""
    cdf = core.pattern_cdf[0]
    probs = np.diff(cdf, prepend=0.0, axis=1)
    for i, k in enumerate(core.fixed_pattern[0]):
        if k >= 0:
            probs[i] = 0.0
            probs[i, k] = 1.0
    return np.clip(probs, 0.0, 1.0)


def expected_chain_totals(scenario: Scenario, inputs: np.ndarray, financing: str,
                          run: Run | None = None) -> np.ndarray:
    """B̄_{e,a}(θ_e): each chain's present value per draw [EUR] averaged over the funding
    patterns of ``financing`` (renewal is independent of the inputs), from sampled inputs
    (draw, chain, input) — a function of the chain's own inputs alone. ``run``: a run of
    the scenario, whose compiled arrays are used (a new one otherwise).

    ``chain_totals`` with every initiative at funding pattern k, weighted by P(k).
    """
    run = (run or Run(one_financing(scenario, financing))).one(financing)
    core = run.core
    amount, amount_np, duration = chain_factors(core, np.asarray(inputs, dtype=float))
    profiles, uplift = expected_profiles(core)
    n_durations = profiles.shape[1]
    at = np.arange(len(core.chain_ids)) * n_durations + duration  # (draw, chain)
    return (amount * np.take(profiles.ravel(), at)
            + amount_np * np.take(uplift.ravel(), at))


def expected_profiles(core: CoreArrays) -> tuple[np.ndarray, np.ndarray]:
    """Per (chain, duration) the present value of the chain's profile and of its
    continuity uplift averaged over the funding patterns of the one financing scenario of
    ``core``: ``Σ_k P(k) · PV_e[row_k, D]`` (a pattern past an initiative's last possible
    one counts as its last)."""
    probs = pattern_probabilities(core)
    last = np.array([int(np.flatnonzero(row > 0).max()) for row in probs])
    weight = probs[core.chain_initiative]  # (chain, pattern)
    k = np.minimum(np.arange(probs.shape[1]), last[core.chain_initiative][:, None])
    rows = core.row_start[0][core.chain_initiative][:, None] + k  # (chain, pattern)
    chain = np.arange(len(core.chain_ids))[:, None]
    return tuple(np.einsum("ck,ckd->cd", weight, table[chain, rows])
                 for table in (core.pv_profiles, core.pv_uplift))


#: Inputs in which a chain's benefits are not affine: the duration (through the profile)
#: and the drop-off (geometric over the effect years).
NONLINEAR = ("duration", "drop_off")
#: Quadrature nodes (equal-weight quantiles) over the other nonlinear input.
NODES = 64


def kind_terms(scenario: Scenario, inputs: np.ndarray, financing: str, kind: str,
               run: Run | None = None) -> np.ndarray:
    """E[B̄_{e,a} | X_{e,K}] per (draw, chain) [EUR] for the input kind ``K``, with the
    chain's inputs independent.

    B̄ is affine in each input but the duration and the drop-off (benefits are
    ``a · N · δ · v · (p · PV + PV⁰)`` with the adjustments' 1 − share as factors), so
    for such an input E[B̄ | X_K = x] = α + γ x, with α and γ the means over the draws
    of B̄ at X_K = 0 and 1 and the other inputs as drawn. B̄ is multilinear in the
    affine inputs jointly, so for the duration or the drop-off E[B̄ | X_K = x] is B̄ at
    x with the affine inputs at their means, averaged over the other nonlinear input
    where that is uncertain (at :data:`NODES` equal-weight quantiles of its draws).
    """
    slot = INPUT_NAMES.index(kind)
    x = np.array(inputs, dtype=float)
    if kind in NONLINEAR:
        affine = [s for s, name in enumerate(INPUT_NAMES) if name not in NONLINEAR]
        x[:, :, affine] = x[:, :, affine].mean(axis=0)
        others = [INPUT_NAMES.index(n) for n in NONLINEAR if n != kind]
        varying = [o for o in others if np.ptp(x[:, :, o], axis=0).max() > 0]
        if not varying:
            return expected_chain_totals(scenario, x, financing, run)
        other = varying[0]
        nodes = np.quantile(x[:, :, other], (np.arange(NODES) + 0.5) / NODES, axis=0)
        out = np.zeros(x.shape[:2])
        for node in nodes:  # (chain,)
            x[:, :, other] = node
            out += expected_chain_totals(scenario, x, financing, run)
        return out / NODES
    x[:, :, slot] = 0.0
    alpha = expected_chain_totals(scenario, x, financing, run).mean(axis=0)
    x[:, :, slot] = 1.0
    gamma = expected_chain_totals(scenario, x, financing, run).mean(axis=0) - alpha
    return alpha + gamma * np.asarray(inputs, dtype=float)[:, :, slot]


def uncertain_cells(scenario: Scenario) -> np.ndarray:
    """(chain, input) bool: which inputs are sampled."""
    return np.array([[not inp.is_fixed for inp in c.inputs] for c in scenario.chains],
                    dtype=bool).reshape(len(scenario.chains), N_SLOTS)
