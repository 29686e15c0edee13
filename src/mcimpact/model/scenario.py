"""The validated, normalised scenario: frozen data that every later stage can trust.

Only the scenario reader builds these objects (from a file: :mod:`mcimpact.readers.toml`,
section by section in :mod:`mcimpact.readers.sections`); the engine turns them into the
plain arrays of the numba core.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from .distributions import Input, fixed

# The report's four beneficiary groups ("incasseerders") and the ten life domains of the
# Kompas van Groningen: (id, Dutch name, English name).
DEFAULT_BENEFICIARIES = (
    ("deelnemers", "Deelnemers", "Participants"),
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
#: The nouns a scenario may name in its own words (``[meta.nouns]``, per language code):
#: what its initiatives are ("wijkbedrijf") and what its domains are ("leefdomein van het
#: Kompas"); a language it does not name speaks of "initiative" and "domain".
NOUNS = ("initiative", "domain")
SCALED_INPUTS = ("success_probability", "effect_size")
#: What a plain number of an input with a label scale stands for (``[uncertainty]
#: numbers``): itself, fixed; or a Beta with that mean and the spread of the scale's
#: label nearest to it.
NUMBER_SPREADS = ("fixed", "label-spread")
# The uncertain inputs of a chain, in the order of the core's slots.
GROUPS = ("initiative", "activity", "beneficiary", "domain")  # the group dimensions
# The member of a tag's breakdown that holds the chains without that tag.
UNTAGGED = "(untagged)"
INPUT_NAMES = ("participants", "success_probability", "effect_size", "value", "duration",
               "deadweight", "attribution", "displacement", "drop_off")
# The SROI adjustments among them: shares in [0, 1] (the first three multiply the benefits
# by 1 − share, drop-off lowers each effect year after the first by that share).
ADJUSTMENT_NAMES = ("deadweight", "attribution", "displacement", "drop_off")
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
    costs: tuple[tuple[int, float], ...]  # (year, EUR), sorted by year; point values
    activities: tuple[Activity, ...]
    description: str = ""
    # The uncertain costs (year, distribution), sorted by year: their years' entries in
    # ``costs`` are the distributions' means (the point run's costs).
    cost_inputs: tuple[tuple[int, Input], ...] = ()
    # Optimism bias [1]: the share by which every cost of ``costs`` is raised (HM
    # Treasury, Green Book supplementary guidance on optimism bias); not a financing
    # scenario's cost_per_year.
    optimism_bias: float = 0.0
    # Residual (terminal) value [EUR, nominal]: what the initiative leaves beyond the
    # horizon, counted as its benefit in the last year of the horizon.
    residual_value: float = 0.0
    # The initiative's own tags (key, value), in the file's order; its chains inherit
    # them, and its neighbourhood as the tag "neighbourhood" (Chain.tags).
    tags: tuple[tuple[str, str], ...] = ()
    # The beneficiary group that bears the initiative's costs (base and added funding),
    # in who pays, who gains; None: the funder, outside the groups.
    payer: str | None = None

    @property
    def funded_years(self) -> tuple[int, ...]:
        return tuple(year for year, cost in self.costs if cost > 0)

    @property
    def cost_factor(self) -> float:
        """What each of the initiative's own costs is multiplied by: 1 + optimism bias."""
        return 1.0 + self.optimism_bias


@dataclass(frozen=True)
class Profile:
    shape: str
    lag: int  # years from the cohort year to the first effect year, the convention's included
    duration: Input  # years; sampled values are rounded and kept within [1, horizon]
    half_life: float | None = None
    convention_lag: int = 0  # of lag, the years the time convention adds (the file's: lag − it)
    # True where the file gives no duration and the shape then runs to the end of the
    # horizon (exponential-decline): its years past the horizon are not cut, by definition.
    to_horizon_end: bool = False

    @property
    def point_duration(self) -> int:
        return round(self.duration.point)


_NONE = fixed(0.0)


@dataclass(frozen=True)
class Adjustments:
    """SROI adjustments, each an uncertain share in [0, 1] (fixed at 0 by default)."""

    deadweight: Input = _NONE
    attribution: Input = _NONE
    displacement: Input = _NONE
    drop_off: Input = _NONE

    @property
    def inputs(self) -> tuple[Input, ...]:
        """In the order of :data:`ADJUSTMENT_NAMES`."""
        return (self.deadweight, self.attribution, self.displacement, self.drop_off)

    @property
    def factor(self) -> float:
        """The share of the gross outcome that counts in every effect year, at the point
        values."""
        return ((1 - self.deadweight.point) * (1 - self.attribution.point)
                * (1 - self.displacement.point))

    @property
    def point_drop_off(self) -> float:
        return self.drop_off.point


@dataclass(frozen=True)
class Chain:
    """One line of the effecten-arena; each uncertain input is an :class:`Input`."""

    id: str
    initiative: str
    activity: str
    beneficiary: str
    domain: str | None  # None: the scenario has no domains
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
    # The named unit value (``[values]``) the chain's value is, if any.
    value_name: str | None = None
    # The file's chain this is one cohort year of (participants_by_year: one chain per
    # year, id "parent@year", its other inputs moving with the parent's other years);
    # "" for a chain of its own.
    parent: str = ""
    # The chain's tags (key, value): its initiative's neighbourhood as "neighbourhood",
    # then its initiative's tags, overridden and extended by its own.
    tags: tuple[tuple[str, str], ...] = ()

    @property
    def activity_key(self) -> str:
        return f"{self.initiative}:{self.activity}"

    @property
    def inputs(self) -> tuple[Input, ...]:
        """The uncertain inputs in the order of :data:`INPUT_NAMES`."""
        return (self.participants, self.success_probability, self.effect_size, self.value,
                self.profile.duration, *self.adjustments.inputs)


# How years are counted and discounted (docs/methodology.md, "Time conventions"):
# - "arena": the report's way: costs and effects in the calendar years they occur, effects
#   from the cohort year on (after the profile's lag), present values at the start year;
# - "sroi": the SROI guide's: the investment in Year 0 (the start year, not discounted),
#   the outcomes of a cohort from the year after it (Year 1, discounted once) on;
# - "base-year": the MKBA / Green Book way: as "arena", with present values at a price
#   base year (meta.base_year) at real rates, years before it compounded up to it.
TIME_CONVENTIONS = ("arena", "sroi", "base-year")
# Years the convention puts between a cohort and its first effect year, before the lag.
CONVENTION_LAG = {"arena": 0, "sroi": 1, "base-year": 0}


def _green_book_rate(n: int) -> float:
    """The Green Book's real rate of the step from year n − 1 to year n after the base
    year (HM Treasury, The Green Book 2022, A6 "Discounting"): 3.5 % for years 0–30,
    3.0 % for 31–75, 2.5 % for 76–125, 2.0 % for 126–200, 1.5 % for 201–300 and 1.0 %
    beyond; steps before the base year take the first rate."""
    for last, rate in ((30, 0.035), (75, 0.030), (125, 0.025), (200, 0.020), (300, 0.015)):
        if n <= last:
            return rate
    return 0.010


# Named discount rates (docs/scenario-format.md#discounting): name → the rate of the step
# to year n after the discounting year (the base year, else the start year).
DISCOUNT_PRESETS = {
    # Werkgroep discontovoet 2020 (advice adopted by the Dutch cabinet, 2020): 2.25 %
    # real for the MKBA, the same for every year.
    "nl-mkba": lambda n: 0.0225,
    "uk-green-book": _green_book_rate,
}


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
    time_convention: str = "arena"  # one of TIME_CONVENTIONS
    base_year: int | None = None  # the price base year of "base-year"
    discount_preset: str | None = None  # the DISCOUNT_PRESETS name the rates came from
    # NOUNS in the scenario's words: {noun: {language code: word}}
    nouns: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    @property
    def years(self) -> np.ndarray:
        return np.arange(self.start_year, self.start_year + self.horizon)

    @property
    def end_year(self) -> int:
        return self.start_year + self.horizon - 1

    @property
    def discount_year(self) -> int:
        """The year present values are taken at (factor 1): the base year of the
        "base-year" convention, else the start year."""
        if self.time_convention == "base-year" and self.base_year is not None:
            return self.base_year
        return self.start_year

    @property
    def discount_factors(self) -> np.ndarray:
        """Present-value factor per year; the discounting year (:attr:`discount_year`,
        by default the start year) has factor 1, years before it are compounded up."""
        rates = np.asarray(self.discount_rates or (0.0,) * self.horizon, dtype=float)
        growth = np.concatenate([[1.0], 1.0 + rates[1:]])
        factors = 1.0 / np.cumprod(growth)
        base = self.discount_year - self.start_year
        return factors / factors[base] if base else factors

    @property
    def periods(self) -> tuple[str, ...]:
        """The breakdown periods' labels: "2021-2025", and a period of one year (a
        ``period_length`` of 1, or the horizon's last year left over) its year, "2025"."""
        starts = range(self.start_year, self.end_year + 1, self.period_length)
        ends = (min(s + self.period_length - 1, self.end_year) for s in starts)
        return tuple(str(s) if s == e else f"{s}-{e}" for s, e in zip(starts, ends, strict=True))

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

    def added_cohorts(self, k: int, base_funded: set[int]
                      ) -> Iterator[tuple[int, int, float, float]]:
        """The cohorts that the first ``k`` added years bring, given the initiative's own
        funded years: per year, (year, extra duration [years], reach = saturation^n,
        continuity uplift) (docs/methodology.md §9)."""
        funded = base_funded | set(self.years[:k])
        for n, year in enumerate(self.years[:k], start=1):
            run = 0  # consecutive funded years just before this cohort
            while year - run - 1 in funded:
                run += 1
            uplift = min(self.uplift_max, self.uplift * run)
            extra = (self.extra_duration if self.sustained_years
                     and run >= self.sustained_years else 0)
            yield year, extra, self.saturation**n, uplift

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
    # The beneficiary group that bears the added funding's costs in who pays, who gains
    # (None: as the initiative's own costs: its payer, or the funder).
    payer: str | None = None

    def of(self, initiative: str) -> Funding | None:
        return dict(self.funding).get(initiative)


BASE_FINANCING = Financing("base", "Base funding (the initiatives' costs)")


#: The fixed (not sampled) assumptions of the deterministic sensitivity analysis
#: (``mcimpact voi --assumptions``, ``analysis.decision.ASSUMPTIONS``), with the values
#: each may take: (least, most, whether the most is excluded).
FIXED_ASSUMPTIONS: dict[str, tuple[float, float, bool]] = {
    "discount_rate": (0.0, 1.0, True),  # [1/year], flat
    "optimism_bias": (0.0, 10.0, False),  # [1]: costs × (1 + bias)
    "uplift_factor": (0.0, 100.0, False),  # [1]: a factor on the continuity uplift
    "saturation": (0.0, 1.0, False),  # [1]; the least is excluded too (below)
    "non_renewal": (0.0, 1.0, False),  # [1]: the chance a renewable funding stops
}


@dataclass(frozen=True)
class SensitivityRange:
    """A ``[[sensitivity]]`` entry: the range over which a fixed assumption is varied in
    the deterministic sensitivity analysis (one of :data:`FIXED_ASSUMPTIONS`)."""

    assumption: str
    low: float
    high: float


@dataclass(frozen=True)
class UnitValue:
    """A named unit value (a financial proxy, "kengetal"): the money value of an effect
    per person per year [currency], with where it comes from, in ``[values]`` of the
    scenario or of a value library it includes."""

    name: str
    value: Input
    source: str = ""
    year: int | None = None  # the price year of the value [calendar year]
    unit: str = ""
    description: str = ""
    file: str = ""  # the file it is defined in


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
    numbers: str = "fixed"  # [uncertainty] numbers: one of NUMBER_SPREADS
    path: str = "<memory>"
    text: str = ""
    sha256: str = ""
    # The named unit values of the scenario and its value libraries, and the libraries
    # read: (path, sha256 of the file), in the order included.
    values: tuple[UnitValue, ...] = ()
    included: tuple[tuple[str, str], ...] = ()
    # ``[[sensitivity]]``: the file's ranges of fixed assumptions, in the file's order.
    sensitivity: tuple[SensitivityRange, ...] = ()

    @property
    def activities(self) -> tuple[Activity, ...]:
        return tuple(a for i in self.initiatives for a in i.activities)

    @property
    def tag_members(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Per tag key (in the order the chains first give them), the members of its
        breakdown: the values given, in the order first given, then :data:`UNTAGGED`
        when a chain lacks the tag."""
        members: dict[str, dict[str, None]] = {}
        for chain in self.chains:
            for key, value in chain.tags:
                members.setdefault(key, {})[value] = None
        for key, values in members.items():
            if any(key not in dict(c.tags) for c in self.chains):
                values[UNTAGGED] = None
        return tuple((key, tuple(values)) for key, values in members.items())

    def select_financing(self, ids: Sequence[str]) -> Scenario:
        """The scenario with only the named financing scenarios, in the order given."""
        known = {f.id: f for f in self.financing}
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise KeyError(f"unknown financing scenario '{unknown[0]}'; expected one of: "
                           f"{', '.join(known)}")
        return replace(self, financing=tuple(known[i] for i in dict.fromkeys(ids)))


def fixed_numbers(scenario: Scenario) -> tuple[tuple[str, int, int], ...]:
    """The inputs with a label scale that some of the file's chains give as a plain,
    fixed number — a label there is a distribution, a number is not, so the intervals and
    the sensitivity ranking leave them out (``[uncertainty] numbers = "label-spread"``
    spreads them): (input, chains with it fixed, chains) per such input, in the order of
    :data:`INPUT_NAMES`. A success probability or delta of 1 (certain: an SROI line that
    gives neither) and an adjustment of 0 (none) are not counted."""
    own = {chain.parent or chain.id: chain for chain in scenario.chains}  # the file's
    scaled = [name for name in INPUT_NAMES
              if name in SCALED_INPUTS or name in scenario.scales]
    out = []
    for name in scaled:
        k = INPUT_NAMES.index(name)
        fixed_here = sum(1 for chain in own.values()
                         if chain.inputs[k].is_fixed and chain.inputs[k].label is None
                         and chain.inputs[k].point not in (0.0, 1.0))
        if fixed_here:
            out.append((name, fixed_here, len(own)))
    return tuple(out)
