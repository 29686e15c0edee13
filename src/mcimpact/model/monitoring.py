"""What was measured, and what an update recorded: the typed values that the monitoring
reader (:mod:`mcimpact.readers.monitoring`) and the posterior file
(:mod:`mcimpact.readers.posterior`) produce and the Bayes update
(:mod:`mcimpact.analysis.update`) consumes (docs/monitoring.md).

They live with the model, not with the readers, so that an analysis never imports a
reader: a reader builds them from a file, an analysis only reads them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .distributions import Input

# What each measure is evidence on: the chain input it updates.
MEASURES = {
    "successes": "success_probability",
    "participants": "participants",
    "effect": "effect_size",
}


@dataclass(frozen=True)
class Observation:
    """One measurement, applied to one chain (a row naming an activity gives one per
    chain of that activity).

    Attributes
    ----------
    line : int
        The row's line in the file (the header is line 1 unless comments precede it).
    target : str
        The chain or activity (``initiative:activity``) as written in the row.
    chain : str
        The chain whose input it updates.
    year : int
        The calendar year of the measurement [calendar year]; for ``participants`` the
        cohort year.
    measure : str
        One of :data:`MEASURES`.
    value : float
        Successes [persons], people reached [persons] or an effect size [1].
    n : int or None
        People followed (``successes``; for ``effect`` the study's size, if given).
    se : float or None
        Standard error of an ``effect`` [1].
    note : str
        Free text.
    file : str
        The monitoring file it came from.
    pool : str
        ``successes`` only: the name of the group of chains whose success probabilities
        are pooled (a hierarchical beta–binomial); empty for none.
    """

    line: int
    target: str
    chain: str
    year: int
    measure: str
    value: float
    n: int | None = None
    se: float | None = None
    note: str = ""
    file: str = ""
    pool: str = ""

    @property
    def input(self) -> str:
        """The chain input this observation is evidence on."""
        return MEASURES[self.measure]


@dataclass(frozen=True)
class Monitoring:
    """A validated monitoring file: its name, hash, and its observations per chain."""

    path: str
    sha256: str
    rows: int  # data rows in the file (an activity row counts once)
    observations: tuple[Observation, ...]

    def inputs(self) -> list[tuple[str, str]]:
        """The (chain, input) pairs with data, in scenario order of first appearance."""
        return list(dict.fromkeys((o.chain, o.input) for o in self.observations))

    def of(self, chain: str, input: str) -> tuple[Observation, ...]:
        """The observations on one input of one chain, in file order."""
        return tuple(o for o in self.observations if o.chain == chain and o.input == input)


@dataclass(frozen=True)
class DataFile:
    """A monitoring file that went into a posterior: its name, hash and data rows."""

    path: str
    sha256: str
    rows: int


@dataclass(frozen=True)
class Record:
    """An input updated earlier, as a posterior file's provenance records it."""

    chain: str
    input: str
    prior: Input
    posterior: Input
    observations: tuple[Observation, ...]
    prior_label: str | None = None
    method: str = ""
    exact: bool = False
    fit_error: float = 0.0
