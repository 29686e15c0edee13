"""EVPI and EVPPI from per-draw values: the net benefit per (draw, option) and, for
EVPPI, the conditional expectations per draw; standard errors by batch means.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..decision import Value

#: Contiguous blocks of draws for batch-means standard errors.
BATCHES = 20


def _nb(net_benefit: np.ndarray) -> np.ndarray:
    nb = np.asarray(net_benefit, dtype=float)
    if nb.ndim != 2 or len(nb) < 2 * BATCHES:
        raise ValueError(f"net benefit must be (draw, option) with at least {2 * BATCHES} "
                         f"draws, got shape {nb.shape}")
    return nb


def evpi(net_benefit: np.ndarray) -> Value:
    """EVPI = E[max_a NB_a] − max_a E[NB_a] [EUR]: the expected loss of the option with the
    largest mean, with the standard error of that mean loss (sd / √n)."""
    nb = _nb(net_benefit)
    star = int(np.argmax(nb.mean(axis=0)))
    loss = nb.max(axis=1) - nb[:, star]
    return Value(float(loss.mean()), float(loss.std(ddof=1) / math.sqrt(len(nb))))


def evppi_of_fitted(fitted: np.ndarray) -> float:
    """E[max_a g_a] − max_a E[g_a] of the per-draw conditional expectations ``fitted``
    (draw, option) [EUR]."""
    g = np.asarray(fitted, dtype=float)
    # As the mean loss of the option with the largest mean: the same number, never
    # below 0 by rounding, exactly 0 where that option is best in every draw.
    star = int(np.argmax(g.mean(axis=0)))
    return float((g.max(axis=1) - g[:, star]).mean())


def _batch_se(estimate: Any, n: int, batches: int = BATCHES) -> float:
    """Batch-means standard error of a statistic ``estimate(slice)`` of the draws: its sd
    over contiguous batches / √batches."""
    edges = np.linspace(0, n, batches + 1).astype(int)
    values = np.array([estimate(slice(edges[k], edges[k + 1])) for k in range(batches)])
    return float(values.std(ddof=1) / math.sqrt(batches))


def additive_evppi(net_benefit: np.ndarray, parts: np.ndarray) -> Value:
    """EVPPI from the additive structure: ``parts`` (draw, option) is the subset's own
    contribution to each option's net benefit (a function of the subset alone, whose
    complement is independent of it), so ``E(NB_a | φ) = parts_a − E[parts_a] + E[NB_a]``.
    The means are those of the draws; the standard error is by batch means."""
    nb = _nb(net_benefit)
    parts = np.asarray(parts, dtype=float)
    if parts.shape != nb.shape:
        raise ValueError(f"parts {parts.shape} and net benefit {nb.shape} differ in shape")

    def estimate(s: slice) -> float:
        return evppi_of_fitted(parts[s] - parts[s].mean(axis=0) + nb[s].mean(axis=0))

    return Value(estimate(slice(None)), _batch_se(estimate, len(nb)))
