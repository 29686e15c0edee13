"""Time profiles ("verloopcurves"): the share of a chain's yearly value realised k years
after its cohort year.

Each shape is an entry in :data:`SHAPES`; the scenario layer validates a profile against
the entry's parameters and the engine asks the entry for weights. Weights are indexed by
``k = t - c`` (years since the cohort year ``c``) and are cut off at ``n_years``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Shape:
    """A profile shape: its weight function and which parameters it needs or accepts."""

    description: str
    weights: Callable[[int, int, float | None, int], np.ndarray]
    needs_duration: bool
    accepts_half_life: bool
    default_duration: int | None = None  # None: must be given (when needs_duration)


def _one_off(lag: int, duration: int, half_life: float | None, n_years: int) -> np.ndarray:
    w = np.zeros(n_years)
    if lag < n_years:
        w[lag] = 1.0
    return w


def _constant(lag: int, duration: int, half_life: float | None, n_years: int) -> np.ndarray:
    w = np.zeros(n_years)
    w[lag : lag + duration] = 1.0
    return w


def _linear_decline(lag: int, duration: int, half_life: float | None, n_years: int) -> np.ndarray:
    # Full value in the first effect year, falling by 1/duration a year: (n - j) / n.
    j = np.arange(duration)
    w = np.zeros(n_years + lag + duration)
    w[lag : lag + duration] = (duration - j) / duration
    return w[:n_years]


def _exponential_decline(
    lag: int, duration: int, half_life: float | None, n_years: int
) -> np.ndarray:
    assert half_life is not None  # guaranteed by validation
    j = np.arange(duration)
    w = np.zeros(n_years + lag + duration)
    w[lag : lag + duration] = 0.5 ** (j / half_life)
    return w[:n_years]


SHAPES: dict[str, Shape] = {
    "one-off": Shape("the full value once, `lag` years after the cohort year", _one_off,
                     needs_duration=False, accepts_half_life=False, default_duration=1),
    "constant": Shape("the full value for `duration` years", _constant,
                      needs_duration=True, accepts_half_life=False),
    "linear-decline": Shape("(duration - j) / duration in effect year j", _linear_decline,
                            needs_duration=True, accepts_half_life=False),
    "exponential-decline": Shape("0.5 ** (j / half_life) in effect year j, for `duration` "
                                 "years (default: to the end of the horizon)",
                                 _exponential_decline, needs_duration=False,
                                 accepts_half_life=True),
}


def profile_weights(
    shape: str, lag: int, duration: int, half_life: float | None, drop_off: float, n_years: int
) -> np.ndarray:
    """Weights ``w[k]`` for ``k = 0 .. n_years-1`` including the SROI drop-off.

    Drop-off reduces the outcome by the fraction ``drop_off`` in each year after the first
    effect year: effect year ``j`` (``k = lag + j``) is multiplied by ``(1 - drop_off) ** j``.
    """
    w = SHAPES[shape].weights(lag, duration, half_life, n_years)
    if drop_off:
        j = np.maximum(np.arange(n_years) - lag, 0)
        w = w * (1.0 - drop_off) ** j
    return w
