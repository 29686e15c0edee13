"""The validated, normalised scenario: frozen data that every later stage can trust.

Only :mod:`mcimpact.readers.toml` builds these objects (from a file); the engine turns them
into the plain arrays of the numba core.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from .distributions import Input

# The report's four beneficiary groups ("incasseerders") and the ten life domains of the
# Kompas van Groningen: (id, Dutch name, English name).
DEFAULT_BENEFICIARIES = (
    ("deelnemers", "Deelnemers aan het wijkbedrijf", "Participants"),
    ("wijkbewoners", "Overige wijkbewoners", "Other residents"),
    ("overheid", "Overheid", "Government"),
    ("overig", "Overige partijen", "Other parties"),
)
DEFAULT_DOMAINS = (
    ("wonen", "Wonen", "Housing"),
    ("woonomgeving", "Woonomgeving", "Living environment"),
    ("mobiliteit", "Mobiliteit", "Mobility"),
    ("rondkomen", "Rondkomen", "Making ends meet"),
    ("opgroeien", "Opgroeien", "Growing up"),
    ("gezondheid", "Gezondheid", "Health"),
    ("meedoen", "Meedoen", "Participation"),
    ("voorzieningen", "Voorzieningen", "Facilities"),
    ("samen-leven", "Samen leven", "Living together"),
    ("veiligheid", "Veiligheid", "Safety"),
)
# Label scales for slagingskans and delta. The report fixes laag-middel = 0.35 and
# middel = 0.50; the other labels continue that step of 0.15 symmetrically around 0.5.
DEFAULT_LABELS = {
    "laag": 0.20,
    "laag-middel": 0.35,
    "middel": 0.50,
    "middel-hoog": 0.65,
    "hoog": 0.80,
}
SCALED_INPUTS = ("success_probability", "effect_size")
# The uncertain inputs of a chain, in the order of the core's slots.
GROUPS = ("initiative", "activity", "beneficiary", "domain")  # the group dimensions
INPUT_NAMES = ("participants", "success_probability", "effect_size", "value", "duration")
# Default uncertainty of a participant count: negative binomial with the count as mean and
# sd = DEFAULT_PARTICIPANTS_CV · count.
DEFAULT_PARTICIPANTS_CV = 0.2
# What the model can simulate meaningfully (checked by the readers; docs/scenario-format.md
# #limits). Counts — participants, years (durations, cycles, extra years) and every
# distribution parameter — stay within the integers that float64 holds exactly, so no
# count wraps or rounds when it becomes a float or an int64.
MAX_COUNT = 2**53
# Every amount (a value per person per year, a yearly cost, a value distribution's
# location and spread parameters) in meta.currency: at most 10^15 in size, so that
# N · p · δ · v summed over 200 years and cohorts stays far inside float64.
MAX_AMOUNT = 1e15
# A cost that is not 0 is at least this (one cent), so that no multiplier (benefits per
# unit of cost) overflows to inf.
MIN_COST = 0.01
# Monte Carlo defaults (here, not in the engine, so the CLI can show them without numba).
DEFAULT_DRAWS = 100_000
DEFAULT_SEED = 20210101


@dataclass(frozen=True)
class Group:
    """A beneficiary group or a life domain, with its display name per language code
    (``{"nl": "Overheid", "en": "Government"}``)."""

    id: str
    names: Mapping[str, str] = field(default_factory=dict)

    def name(self, lang: str) -> str:
        """The name in language ``lang``; else the first name given; else the id."""
        return self.names.get(lang) or next(iter(self.names.values()), self.id)


@dataclass(frozen=True)
class Activity:
    id: str
    name: str
    initiative: str

    @property
    def key(self) -> str:
        """Scenario-wide activity id: ``initiative:activity``."""
        return f"{self.initiative}:{self.id}"


@dataclass(frozen=True)
class Initiative:
    id: str
    name: str
    neighbourhood: str
    costs: tuple[tuple[int, float], ...]  # (year, EUR), sorted by year
    activities: tuple[Activity, ...]
    description: str = ""

    @property
    def funded_years(self) -> tuple[int, ...]:
        return tuple(year for year, cost in self.costs if cost > 0)


@dataclass(frozen=True)
class Profile:
    shape: str
    lag: int
    duration: Input  # years; sampled values are rounded and kept within [1, horizon]
    half_life: float | None = None

    @property
    def point_duration(self) -> int:
        return round(self.duration.point)


@dataclass(frozen=True)
class Adjustments:
    """SROI adjustments, each a share in [0, 1]."""

    deadweight: float = 0.0
    attribution: float = 0.0
    displacement: float = 0.0
    drop_off: float = 0.0

    @property
    def factor(self) -> float:
        """The share of the gross outcome that counts in every effect year."""
        return (1 - self.deadweight) * (1 - self.attribution) * (1 - self.displacement)


@dataclass(frozen=True)
class Chain:
    """One line of the effecten-arena; each uncertain input is an :class:`Input`."""

    id: str
    initiative: str
    activity: str
    beneficiary: str
    domain: str
    participants: Input  # people reached per funded (cohort) year
    success_probability: Input  # slagingskans
    effect_size: Input  # delta
    value: Input  # EUR per person per year
    profile: Profile
    cohorts: tuple[int, ...]
    claimable: bool = True
    adjustments: Adjustments = field(default_factory=Adjustments)
    # False when the chain lists its own cohorts (a one-time effect): financing scenarios
    # then add no cohorts to it.
    follows_funding: bool = True
    result: str = ""
    effect: str = ""
    note: str = ""

    @property
    def activity_key(self) -> str:
        return f"{self.initiative}:{self.activity}"

    @property
    def inputs(self) -> tuple[Input, ...]:
        """The uncertain inputs in the order of :data:`INPUT_NAMES`."""
        return (self.participants, self.success_probability, self.effect_size, self.value,
                self.profile.duration)


@dataclass(frozen=True)
class Meta:
    name: str
    start_year: int
    horizon: int
    description: str = ""
    source: str = ""
    currency: str = "EUR"
    institution: str = ""  # who made the analysis (the results' CF attribute)
    # Rate per year of the horizon; the rate of year t discounts year t against t - 1.
    discount_rates: tuple[float, ...] = ()
    period_length: int = 5

    @property
    def years(self) -> np.ndarray:
        return np.arange(self.start_year, self.start_year + self.horizon)

    @property
    def end_year(self) -> int:
        return self.start_year + self.horizon - 1

    @property
    def discount_factors(self) -> np.ndarray:
        """Present-value factor per year; the start year has factor 1."""
        rates = np.asarray(self.discount_rates or (0.0,) * self.horizon, dtype=float)
        growth = np.concatenate([[1.0], 1.0 + rates[1:]])
        return 1.0 / np.cumprod(growth)

    @property
    def periods(self) -> tuple[str, ...]:
        starts = range(self.start_year, self.end_year + 1, self.period_length)
        return tuple(f"{s}-{min(s + self.period_length - 1, self.end_year)}" for s in starts)

    @property
    def period_index(self) -> np.ndarray:
        """Index into :attr:`periods` for each year."""
        return (self.years - self.start_year) // self.period_length


@dataclass(frozen=True)
class Correlation:
    """Inputs of one kind that move together: within each group, every pair of chains has
    this rank correlation (Spearman) in the named input (a one-factor Gaussian copula)."""

    input: str  # one of INPUT_NAMES
    rank_correlation: float
    groups: tuple[tuple[str, tuple[str, ...]], ...]  # (group label, chain ids)


RENEWALS = ("fixed", "structural", "incidental")


@dataclass(frozen=True)
class Funding:
    """Funding that a financing scenario adds to one initiative (beyond its base costs).

    The candidate ``years`` are funded in cycles of ``cycle`` years; at the end of each
    cycle funding is not renewed with probability ``non_renewal`` (per trajectory), after
    which nothing more is funded. ``fixed`` is one cycle over all years, ``incidental``
    cycles of one year. Added cohorts get the continuity effects: ``uplift`` (share of the
    remaining failure chance removed per consecutive funded year before the cohort, at
    most ``uplift_max``), ``extra_duration`` years of effect after ``sustained_years``
    consecutive funded years, and saturation (the k-th added cohort reaches
    ``saturation ** k`` of the count). See docs/methodology.md.
    """

    years: tuple[int, ...]
    cost_per_year: float
    renewal: str = "fixed"
    cycle: int = 1
    non_renewal: float = 0.0
    uplift: float = 0.0
    uplift_max: float = 0.0
    sustained_years: int = 0  # 0: no duration extension
    extra_duration: int = 0
    saturation: float = 1.0

    @property
    def cycle_length(self) -> int:
        return len(self.years) if self.renewal == "fixed" else self.cycle

    def added_years_probabilities(self) -> np.ndarray:
        """P(K = k) for k = 0 .. len(years): K is the number of candidate years funded.

        The first cycle is always funded; cycle c (c ≥ 2) only if every renewal before it
        was granted, probability (1 − non_renewal) ** (c − 1).
        """
        n, length = len(self.years), self.cycle_length
        probs = np.zeros(n + 1)
        if n == 0:
            probs[0] = 1.0
            return probs
        q = self.non_renewal if self.renewal != "fixed" else 0.0
        n_cycles = -(-n // length)
        for c in range(1, n_cycles + 1):  # exactly c cycles funded
            p = (1 - q) ** (c - 1) * (q if c < n_cycles else 1.0)
            probs[min(n, c * length)] += p
        return probs


@dataclass(frozen=True)
class Financing:
    """A financing scenario: the funding added per initiative (none: base costs only)."""

    id: str
    name: str
    description: str = ""
    funding: tuple[tuple[str, Funding], ...] = ()  # (initiative id, funding)
    # True: one renewal decision for all initiatives (a council decides on the package);
    # False: each initiative's renewal is drawn on its own.
    joint: bool = True

    def of(self, initiative: str) -> Funding | None:
        return dict(self.funding).get(initiative)


BASE_FINANCING = Financing("base", "Base funding (the initiatives' costs)")


@dataclass(frozen=True)
class Scenario:
    meta: Meta
    beneficiaries: tuple[Group, ...]
    domains: tuple[Group, ...]
    scales: dict[str, dict[str, float]]
    initiatives: tuple[Initiative, ...]
    chains: tuple[Chain, ...]
    correlations: tuple[Correlation, ...] = ()
    financing: tuple[Financing, ...] = (BASE_FINANCING,)
    participants_cv: float = DEFAULT_PARTICIPANTS_CV  # default spread of plain counts
    path: str = "<memory>"
    text: str = ""
    sha256: str = ""

    @property
    def activities(self) -> tuple[Activity, ...]:
        return tuple(a for i in self.initiatives for a in i.activities)

    def select_financing(self, ids: Sequence[str]) -> Scenario:
        """The scenario with only the named financing scenarios, in the order given."""
        known = {f.id: f for f in self.financing}
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise KeyError(f"unknown financing scenario '{unknown[0]}'; expected one of: "
                           f"{', '.join(known)}")
        return replace(self, financing=tuple(known[i] for i in dict.fromkeys(ids)))
