"""The general method: a grid posterior, fitted back to the closest distribution it can
be written as; refused above MAX_FIT_ERROR.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ...errors import say
from ...model import distributions
from ...model.distributions import Input
from ._types import Evidence

# The general method: grid cells over the posterior's range, and the largest Kolmogorov
# distance (sup |F_grid − F_fit|) between the grid posterior and the distribution it is
# fitted to that is accepted. A distance of 0.01 moves no quantile between the 1st and the
# 99th percentile by more than one percentile.
GRID_CELLS = 20_000
MAX_FIT_ERROR = 0.01
# Cells per posterior standard deviation below which the grid is refined (zoomed).
MIN_CELLS_PER_SD = 200
# Prior tail mass left out of the grid's first range, on each side.
GRID_TAIL = 1e-12


@dataclass(frozen=True)
class GridPosterior:
    """The posterior on a grid of equal cells: ``edges`` (cells + 1), ``mass`` per cell."""

    edges: np.ndarray
    mass: np.ndarray

    @property
    def mids(self) -> np.ndarray:
        return (self.edges[:-1] + self.edges[1:]) / 2

    @property
    def mean(self) -> float:
        return float(np.sum(self.mass * self.mids))

    @property
    def sd(self) -> float:
        # Within a cell the mass is spread evenly: its variance width²/12 is added.
        width = self.edges[1] - self.edges[0]
        return float(math.sqrt(max(np.sum(self.mass * (self.mids - self.mean) ** 2)
                                   + width**2 / 12, 0.0)))


class Unreliable(ValueError):
    """The general method cannot give a posterior it can vouch for (the message says
    why: a :class:`~mcimpact.errors.Message`, ``args[0]``, that a front end words in its
    language)."""


def grid_posterior(prior: Input, ev: Evidence, cells: int = GRID_CELLS) -> GridPosterior:
    """prior density × likelihood on ``cells`` equal cells (midpoint rule), normalised;
    refined to ±12 posterior sd until a posterior sd spans MIN_CELLS_PER_SD cells."""
    d = distributions.frozen(prior)
    low, high = prior.support
    lo = max(low, float(d.ppf(GRID_TAIL)))
    hi = min(high, float(d.ppf(1 - GRID_TAIL)))
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise Unreliable(say("update.no_grid", "the prior's range cannot be put on a grid"))
    for _ in range(8):
        edges = np.linspace(lo, hi, cells + 1)
        mids = (edges[:-1] + edges[1:]) / 2
        with np.errstate(divide="ignore", invalid="ignore"):
            log_post = d.logpdf(mids) + ev.log_likelihood(mids)
        log_post = np.where(np.isnan(log_post), -np.inf, log_post)
        top = np.max(log_post)
        if not np.isfinite(top):
            raise Unreliable(say("update.no_likelihood", "the data have no likelihood anywhere "
                                 "the prior allows"))
        mass = np.exp(log_post - top)
        mass /= mass.sum()
        grid = GridPosterior(edges, mass)
        width = edges[1] - edges[0]
        mean, sd = grid.mean, grid.sd
        if sd >= MIN_CELLS_PER_SD * width:
            break
        lo, hi = max(lo, mean - 12 * sd), min(hi, mean + 12 * sd)
    else:
        raise Unreliable(_too_narrow())
    if sd < MIN_CELLS_PER_SD * width / 2:
        raise Unreliable(_too_narrow())
    return grid


def _too_narrow() -> str:
    return say("update.too_narrow", "the posterior is too narrow for the grid")


def _candidates(prior: Input, grid: GridPosterior, input_name: str) -> list[Input]:
    """The distributions the grid posterior may be fitted to, each by its own rule:

    - a beta on [0, 1] (success_probability, effect_size) with the posterior's mean and
      sd; for a prior on another bounded [min, max], also a PERT on [min, max] (a beta
      stretched over it) with that mean and sd, where its shapes are at least 1;
    - a lognormal with the posterior's mean and sd (participants);
    - a normal truncated to the prior's support, whose mean and sd come from a
      quadratic fit of the log posterior density (exact for a normal likelihood on a
      uniform or truncated normal prior).
    """
    mean, sd = grid.mean, grid.sd
    low, high = prior.support
    found: list[Input] = []

    def add(dist: str, params: dict[str, float]) -> None:
        try:
            found.append(distributions.make(dist, {k: float(v) for k, v in params.items()}))
        except (ValueError, ArithmeticError):
            return

    if input_name == "participants":
        add("lognormal", {"mean": mean, "sd": sd})
    else:
        kappa = mean * (1 - mean) / sd**2 - 1
        add("beta", {"a": mean * kappa, "b": (1 - mean) * kappa})
    if math.isfinite(low) and math.isfinite(high) and (low, high) != (0.0, 1.0):
        width = high - low
        m, v = (mean - low) / width, (sd / width) ** 2
        k = m * (1 - m) / v - 1
        a, b = m * k, (1 - m) * k
        lam = a + b - 2
        if a >= 1 and b >= 1 and lam > 0:
            add("pert", {"min": low, "mode": low + (a - 1) / lam * width, "max": high,
                         "lambda": lam})
    mids, mass = grid.mids, grid.mass
    keep = mass > 1e-9 * mass.max()
    if keep.sum() >= 3:
        x = mids[keep]
        centre = (x - mean) / sd
        c2, c1, _ = np.polyfit(centre, np.log(mass[keep]), 2, w=np.sqrt(mass[keep]))
        if c2 < 0:
            var = -1 / (2 * c2)
            params = {"mean": mean + sd * c1 * var, "sd": sd * math.sqrt(var)}
            if math.isfinite(low):
                params["min"] = low
            if math.isfinite(high):
                params["max"] = high
            add("truncnormal", params)
    return found


def fit_error(grid: GridPosterior, fitted: Input) -> float:
    """sup |F_grid − F_fit| over the cell edges (the Kolmogorov distance)."""
    cdf = np.concatenate([[0.0], np.cumsum(grid.mass)])
    return float(np.max(np.abs(cdf - distributions.frozen(fitted).cdf(grid.edges))))


def general(prior: Input, ev: Evidence, input_name: str) -> tuple[Input, float]:
    """The grid posterior fitted to the closest of :func:`_candidates`; (the fit, its
    Kolmogorov distance to the grid posterior). Raises :class:`Unreliable` when the
    distance exceeds MAX_FIT_ERROR or the grid cannot resolve the posterior."""
    grid = grid_posterior(prior, ev)
    fits = [(fit_error(grid, c), i, c) for i, c in enumerate(_candidates(prior, grid,
                                                                         input_name))]
    if not fits:
        raise Unreliable(say("update.no_candidate", "none of the distributions it can be "
                             "written as (beta, lognormal, pert, truncnormal) has the "
                             "posterior's mean and sd"))
    error, _, fitted = min(fits)
    if not error <= MAX_FIT_ERROR:
        raise Unreliable(say(
            "update.not_close", "the grid posterior is not close enough to any distribution "
            "it can be written as (the closest, a {dist}, has Kolmogorov distance {error:.3g} "
            "> MAX_FIT_ERROR = {limit:g}): the data and the '{prior}' prior disagree too much "
            "for one distribution to describe both", dist=fitted.dist, error=error,
            limit=MAX_FIT_ERROR, prior=prior.dist))
    return fitted, error
