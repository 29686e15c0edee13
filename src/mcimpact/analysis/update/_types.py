"""What an update takes and gives: the evidence of one input's observations, the update
of one input, the posterior of a scenario.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ...model import distributions
from ...model.distributions import Input
from ...model.monitoring import DataFile, Observation
from ...model.scenario import Scenario

EXACT, GENERAL = "exact", "general"


@dataclass(frozen=True)
class Evidence:
    """The sufficient statistics of the observations on one input.

    Attributes
    ----------
    successes, followed : int
        Σ successes and Σ n of ``successes`` rows (binomial).
    counted, cohorts : int
        Σ people reached and the number of cohort years of ``participants`` rows.
    precision, weighted : float
        Σ 1/se² [1] and Σ value/se² of ``effect`` rows, each summed exactly rounded
        (``math.fsum``), so the order of the rows does not matter.
    """

    measure: str
    successes: int = 0
    followed: int = 0
    counted: int = 0
    cohorts: int = 0
    precision: float = 0.0
    weighted: float = 0.0

    @classmethod
    def of(cls, measure: str, observations: Sequence[Observation]) -> Evidence:
        if measure == "successes":
            return cls(measure, successes=sum(int(o.value) for o in observations),
                       followed=sum(int(o.n or 0) for o in observations))
        if measure == "participants":
            return cls(measure, counted=sum(int(o.value) for o in observations),
                       cohorts=len(observations))
        return cls(measure, precision=math.fsum(1 / o.se**2 for o in observations),  # type: ignore[operator]
                   weighted=math.fsum(o.value / o.se**2 for o in observations))  # type: ignore[operator]

    def log_likelihood(self, x: np.ndarray) -> np.ndarray:
        """log L(x) up to a constant, for values x of the input."""
        x = np.asarray(x, dtype=np.float64)
        out = np.zeros_like(x)
        with np.errstate(divide="ignore", invalid="ignore"):
            if self.measure == "successes":
                s, f = self.successes, self.followed - self.successes
                if s:
                    out += s * np.log(x)
                if f:
                    out += f * np.log1p(-x)
            elif self.measure == "participants":
                if self.counted:
                    out += self.counted * np.log(x)
                out -= self.cohorts * x
            else:
                mean = self.weighted / self.precision
                out -= 0.5 * self.precision * (x - mean) ** 2
        return out

    def describe(self) -> str:
        """A plain summary, e.g. '12 successes of 40 followed'."""
        if self.measure == "successes":
            return f"{self.successes} successes of {self.followed} followed"
        if self.measure == "participants":
            return (f"{self.counted} people reached in {self.cohorts} cohort "
                    f"year{'s' if self.cohorts != 1 else ''}")
        return (f"effect {self.weighted / self.precision:.4g} ± "
                f"{1 / math.sqrt(self.precision):.2g} (precision-weighted)")


@dataclass(frozen=True)
class InputUpdate:
    """The update of one input of one chain.

    Attributes
    ----------
    prior, posterior : Input
        The distributions before and after the data.
    method : str
        How the posterior was found (docs/monitoring.md), e.g. ``beta-binomial``.
    exact : bool
        True for a conjugate (closed-form) posterior.
    fit_error : float
        The general method's Kolmogorov distance between the grid posterior and the
        fitted distribution [1]; 0 for an exact posterior.
    observations : tuple of Observation
        All data on the input, earlier (recorded in a posterior file) and new.
    """

    chain: str
    input: str
    prior: Input
    posterior: Input
    method: str
    exact: bool
    fit_error: float
    evidence: Evidence
    observations: tuple[Observation, ...]
    prior_label: str | None = None

    @property
    def prior_moments(self) -> tuple[float, float]:
        return moments(self.prior)

    @property
    def posterior_moments(self) -> tuple[float, float]:
        return moments(self.posterior)


@dataclass(frozen=True)
class Posterior:
    """The result of an update: every updated input (those of earlier updates of a
    posterior file included) and the data files, oldest first."""

    scenario: Scenario
    updates: tuple[InputUpdate, ...]
    data: tuple[DataFile, ...]
    new: tuple[tuple[str, str], ...] = field(default=())  # (chain, input) updated now


def moments(inp: Input) -> tuple[float, float]:
    """(mean, sd) of an input's distribution."""
    if inp.is_fixed:
        return inp.point, 0.0
    d = distributions.frozen(inp)
    return float(d.mean()), float(d.std())
