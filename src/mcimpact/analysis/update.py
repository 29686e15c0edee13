"""Bayes' rule for a scenario's inputs: monitoring data → posterior distributions.

Each (chain, input) with data gets a posterior from its prior (the scenario's
distribution) and the likelihood of its observations (docs/monitoring.md):

=====================  ===================  ==========================================
measure → input        prior                posterior
=====================  ===================  ==========================================
successes →            beta (a label is     beta(a + Σ successes, b + Σ (n − successes))
success_probability    one)                 — exact (beta–binomial)
participants →         negbinomial          the count is Poisson(λ) per cohort year with
participants                                λ ~ gamma(r, rate β) matched exactly to the
                                            negative binomial (r = m²/(s² − m),
                                            β = m/(s² − m)); posterior gamma(r + Σ y,
                                            β + k), whose count is again a negative
                                            binomial — exact (gamma–Poisson)
effect → effect_size   truncnormal          normal–normal with the prior's bounds kept:
                                            precision 1/σ² + Σ 1/se², mean weighted by
                                            precision — exact
any                    any other            the general method: a grid posterior, fitted
                                            to the closest of a beta ([0, 1] inputs),
                                            a lognormal (counts), a PERT on a bounded
                                            prior's range and a normal truncated to
                                            the prior's range; refused when the fit's
                                            Kolmogorov distance to the grid posterior
                                            exceeds MAX_FIT_ERROR
=====================  ===================  ==========================================

Success probabilities of chains in a pool (the ``pool`` column) are updated together by
a hierarchical beta–binomial (:func:`pooled`). A Poisson or fixed count, and a fixed
input, are refused: their mean is known, so data cannot move it.

Every update starts from the original prior: updating a posterior file starts again
from the prior and the data recorded in its provenance, with the new data added, so
updating with 2023 and then 2024 gives the same file inputs as updating once with both,
exactly, for every method.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import Problem, ResourceError, ScenarioError
from ..model import distributions
from ..model.distributions import Input, beta_ab
from ..model.monitoring import DataFile, Monitoring, Observation, Record
from ..model.scenario import Chain, Scenario
from ..run.run import Progress, Run
from .basic import SUMMARY, Summarize, summary_reducer
from .plan import Got, Keep, Kept, Needs, execute
from .summaries import SummaryReducer
from .types import Summary

if TYPE_CHECKING:
    from ..run.backends import Backend

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


# ---------------------------------------------------------------------------------------
# Exact (conjugate) updates


def beta_binomial(prior: Input, ev: Evidence) -> Input:
    """beta(a, b) and s successes of n → beta(a + s, b + n − s)."""
    a, b = beta_ab(prior.p)
    return distributions.make("beta", {"a": a + ev.successes,
                                       "b": b + ev.followed - ev.successes})


def gamma_poisson(prior: Input, ev: Evidence) -> Input:
    """A negative binomial count NB(m, s) = Poisson(λ), λ ~ gamma(shape r, rate β) with
    r = m²/(s² − m), β = m/(s² − m); k cohorts with Σ y people → λ ~ gamma(r + Σ y,
    β + k), whose count is NB(mean (r + Σ y)/(β + k), sd² = mean + mean/(β + k))."""
    m, s = prior.p["mean"], prior.p["sd"]
    excess = s * s - m
    shape, rate = m * m / excess + ev.counted, m / excess + ev.cohorts
    mean = shape / rate
    return distributions.make("negbinomial", {"mean": mean,
                                              "sd": math.sqrt(mean + mean / rate)})


def normal_normal(prior: Input, ev: Evidence) -> Input:
    """A (truncated) normal prior N(μ, σ²) on [lo, hi] and normal evidence with precision
    Σ 1/se² and weighted sum Σ y/se² → N(μ', σ'²) on the same [lo, hi], with
    1/σ'² = 1/σ² + Σ 1/se² and μ' = σ'² (μ/σ² + Σ y/se²): truncation multiplies the
    density by the same indicator before and after."""
    p = prior.p
    precision = 1 / p["sd"] ** 2 + ev.precision
    mean = (p["mean"] / p["sd"] ** 2 + ev.weighted) / precision
    params = {"mean": mean, "sd": 1 / math.sqrt(precision)}
    params.update({k: p[k] for k in ("min", "max") if k in p})
    return distributions.make("truncnormal", params)


# (measure, prior kind) → the exact update; every other pair takes the general method.
CONJUGATE: dict[tuple[str, str], tuple[str, Callable[[Input, Evidence], Input]]] = {
    ("successes", "beta"): ("beta-binomial", beta_binomial),
    ("participants", "negbinomial"): ("gamma-Poisson", gamma_poisson),
    ("effect", "truncnormal"): ("normal-normal (truncated)", normal_normal),
}


# ---------------------------------------------------------------------------------------
# The general method: a grid posterior, fitted back to a distribution


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
    why)."""


def grid_posterior(prior: Input, ev: Evidence, cells: int = GRID_CELLS) -> GridPosterior:
    """prior density × likelihood on ``cells`` equal cells (midpoint rule), normalised;
    refined to ±12 posterior sd until a posterior sd spans MIN_CELLS_PER_SD cells."""
    d = distributions.frozen(prior)
    low, high = prior.support
    lo = max(low, float(d.ppf(GRID_TAIL)))
    hi = min(high, float(d.ppf(1 - GRID_TAIL)))
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise Unreliable("the prior's range cannot be put on a grid")
    for _ in range(8):
        edges = np.linspace(lo, hi, cells + 1)
        mids = (edges[:-1] + edges[1:]) / 2
        with np.errstate(divide="ignore", invalid="ignore"):
            log_post = d.logpdf(mids) + ev.log_likelihood(mids)
        log_post = np.where(np.isnan(log_post), -np.inf, log_post)
        top = np.max(log_post)
        if not np.isfinite(top):
            raise Unreliable("the data have no likelihood anywhere the prior allows")
        mass = np.exp(log_post - top)
        mass /= mass.sum()
        grid = GridPosterior(edges, mass)
        width = edges[1] - edges[0]
        mean, sd = grid.mean, grid.sd
        if sd >= MIN_CELLS_PER_SD * width:
            break
        lo, hi = max(lo, mean - 12 * sd), min(hi, mean + 12 * sd)
    else:
        raise Unreliable("the posterior is too narrow for the grid")
    if sd < MIN_CELLS_PER_SD * width / 2:
        raise Unreliable("the posterior is too narrow for the grid")
    return grid


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
        raise Unreliable("none of the distributions it can be written as (beta, lognormal, "
                         "pert, truncnormal) has the posterior's mean and sd")
    error, _, fitted = min(fits)
    if not error <= MAX_FIT_ERROR:
        raise Unreliable(
            f"the grid posterior is not close enough to any distribution it can be written "
            f"as (the closest, a {fitted.dist}, has Kolmogorov distance {error:.3g} > "
            f"MAX_FIT_ERROR = {MAX_FIT_ERROR:g}): the data and the '{prior.dist}' prior "
            "disagree too much for one distribution to describe both")
    return fitted, error


def update_input(prior: Input, measure: str, observations: Sequence[Observation],
                 input_name: str) -> tuple[Input, str, bool, float, Evidence]:
    """(posterior, method, exact, fit error, evidence) of one input. Raises ValueError
    (with a message for the user) when the input cannot be updated."""
    ev = Evidence.of(measure, observations)
    if prior.dist == "poisson" or prior.is_fixed:
        what = (f"a Poisson count (mean {prior.point:g}) has a known mean"
                if prior.dist == "poisson" else f"it is fixed at {prior.point:g}")
        raise ValueError(f"{what}, so data cannot move it; give the count a negative "
                         "binomial or another distribution to learn its mean (a plain "
                         "count N at or below 1/participants_cv² is Poisson)")
    conjugate = CONJUGATE.get((measure, prior.dist))
    if conjugate is not None:
        name, rule = conjugate
        try:
            return rule(prior, ev), name, True, 0.0, ev
        except ValueError as exc:
            raise ValueError(f"the {name} posterior is not a valid distribution "
                             f"({exc})") from None
    try:
        posterior, error = general(prior, ev, input_name)
    except Unreliable as exc:
        raise ValueError(f"the general method refuses: {exc}; give the input a "
                         f"{_conjugate_hint(measure)} prior for an exact update, or check "
                         "the data") from None
    return posterior, f"grid posterior fitted to {posterior.dist}", False, error, ev


def _conjugate_hint(measure: str) -> str:
    return next(kind for (m, kind) in CONJUGATE if m == measure)


# ---------------------------------------------------------------------------------------
# A scenario and its data


def update(scenario: Scenario, data: Monitoring, *, records: Sequence[Record] = (),
           earlier: Sequence[DataFile] = ()) -> Posterior:
    """The posterior of every input with data.

    Parameters
    ----------
    scenario : Scenario
        The prior (a posterior file of an earlier update is a prior too).
    data : Monitoring
        From :func:`mcimpact.readers.monitoring.load` on this scenario.
    records : sequence of Record
        The inputs updated earlier (a posterior file's provenance): an input with new
        data is updated again from its recorded prior with the earlier and the new data.
    earlier : sequence of DataFile
        The data files of the earlier updates.

    Raises
    ------
    ScenarioError
        Each input that cannot be updated, located at its first row in the data file.
    """
    _check_not_again(data, earlier)
    chains = {c.id: c for c in scenario.chains}
    recorded = {(r.chain, r.input): r for r in records}
    problems: list[Problem] = []
    # the earlier posteriors stand until new data come
    updates = {(u.chain, u.input): u for u in recorded_updates(records)}
    new = data.inputs()
    pooled_new = {(o.chain, o.input) for o in data.observations if o.pool}
    for chain_id, input_name in new:
        rec = recorded.get((chain_id, input_name))
        if (chain_id, input_name) in pooled_new or (
                rec is not None and any(o.pool for o in rec.observations)):
            _check_pool_kept(data, chain_id, input_name, rec,
                             (chain_id, input_name) in pooled_new, problems)
            continue
        got = _update_one(chains[chain_id], input_name, data, rec, problems)
        if got is not None:
            updates[chain_id, input_name] = got
    _update_pools(chains, data, recorded, updates, problems)
    if problems:
        raise ScenarioError(problems)
    order = {c.id: i for i, c in enumerate(scenario.chains)}
    inputs = ("participants", "success_probability", "effect_size")
    ordered = sorted(updates.values(), key=lambda u: (order.get(u.chain, 0),
                                                      inputs.index(u.input)))
    return Posterior(scenario, tuple(ordered),
                     (*earlier, DataFile(data.path, data.sha256, data.rows)), tuple(new))


def _check_not_again(data: Monitoring, earlier: Sequence[DataFile]) -> None:
    """Raise ScenarioError if this data file (by its hash) went into an earlier update."""
    again = [d for d in earlier if d.sha256 == data.sha256]
    if again:
        raise ScenarioError([Problem(
            data.path, f"this data file (sha256 {data.sha256[:12]}…) already went into the "
            f"posterior, as {again[0].path} (its [provenance]); its measurements would count "
            "twice")])


def _check_pool_kept(data: Monitoring, chain_id: str, input_name: str, rec: Record | None,
                     pooled: bool, problems: list[Problem]) -> None:
    """Add a problem to ``problems`` if an input updated before changes between pooled
    and not pooled (``pooled``: whether its new rows name a pool)."""
    was_pooled = rec is not None and any(o.pool for o in rec.observations)
    if was_pooled != pooled and rec is not None:
        obs = data.of(chain_id, input_name)
        problems.append(Problem(
            data.path, f"chain '{chain_id}': its success_probability was updated "
            f"{'in a pool' if was_pooled else 'without a pool'} before; give its new "
            f"rows {'that pool' if was_pooled else 'no pool'} too", line=obs[0].line,
            entry="column 'pool'"))


def _update_one(chain: Chain, input_name: str, data: Monitoring, rec: Record | None,
                problems: list[Problem]) -> InputUpdate | None:
    """The update of one input (not pooled) of ``chain`` with its new data, from its
    recorded prior with the earlier data too when ``rec`` names one; None, with a
    problem added to ``problems``, when it cannot be updated."""
    obs = data.of(chain.id, input_name)
    current: Input = getattr(chain, input_name)
    prior, label = current, current.label
    earlier_obs: tuple[Observation, ...] = ()
    if rec is not None:
        prior, label, earlier_obs = rec.prior, rec.prior_label, rec.observations
        if obs[0].measure == "participants":
            years = {o.year for o in earlier_obs}
            counted = [o for o in obs if o.year in years]
            if counted:
                problems.append(Problem(data.path, f"chain '{chain.id}': the participants "
                                        f"of cohort year {counted[0].year} are already in "
                                        "the posterior's earlier data",
                                        line=counted[0].line, entry="column 'year'"))
                return None
    everything = (*earlier_obs, *obs)
    try:
        posterior, method, exact, error, ev = update_input(
            prior, obs[0].measure, everything, input_name)
    except ValueError as exc:
        problems.append(Problem(data.path, f"chain '{chain.id}': {input_name} "
                                f"({_describe(prior)}): {exc}", line=obs[0].line,
                                entry="column 'measure'"))
        return None
    return InputUpdate(chain.id, input_name, prior, posterior, method, exact, error, ev,
                       everything, label)


def recorded_updates(records: Sequence[Record]) -> tuple[InputUpdate, ...]:
    """The updates a posterior file's provenance records (:func:`mcimpact.readers.
    posterior.records`), in its order, with their evidence summed again from their
    data."""
    return tuple(InputUpdate(r.chain, r.input, r.prior, r.posterior, r.method, r.exact,
                             r.fit_error, Evidence.of(r.observations[0].measure,
                                                      r.observations),
                             r.observations, r.prior_label) for r in records)


def prior_of(posterior: Scenario, records: Sequence[Record]) -> Scenario:
    """The judgement before any measurement: the posterior scenario with every recorded
    input set back to its recorded prior (the prior file itself is named by its hash in
    the provenance, not kept). Every other part of the scenario, its financing scenarios
    as selected included, is the posterior's, so both run on the same draws."""
    from dataclasses import replace

    priors: dict[str, dict[str, Input]] = {}
    for r in records:
        priors.setdefault(r.chain, {})[r.input] = r.prior
    inputs: dict[str, dict[str, Any]] = priors
    return replace(posterior, chains=tuple(
        replace(c, **inputs[c.id]) if c.id in inputs else c for c in posterior.chains))


def _describe(inp: Input) -> str:
    if inp.label is not None:
        return f"label '{inp.label}'"
    return f"'{inp.dist}'"


# ---------------------------------------------------------------------------------------
# Partial pooling: a hierarchical beta-binomial over a group of chains

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
        raise Unreliable("the chains' priors give no population mean and spread")
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
            raise Unreliable(f"the pooled posterior of chain {name} is not close enough to a "
                             f"beta (Kolmogorov distance {error:.3g} > MAX_FIT_ERROR = "
                             f"{MAX_FIT_ERROR:g}): a chain with few data keeps the population's "
                             "spread, which one beta does not describe; follow up more people, "
                             "or update the chains without a pool")
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
            problems.append(Problem(data.path, f"pool '{pool}': partial pooling refuses: "
                                    f"{exc}", line=first.line, entry="column 'pool'"))
            continue
        for chain_id, prior, label, ev, (posterior, error) in zip(
                ids, priors, labels, evidence, fits, strict=True):
            updates[chain_id, name] = InputUpdate(
                chain_id, name, prior, posterior, f"partial pooling (pool '{pool}')", False,
                error, ev, tuple(members[chain_id]), label)


# ---------------------------------------------------------------------------------------
# What changed: prior and posterior runs on the same draws


@dataclass(frozen=True)
class Change:
    """The prior and the posterior scenario simulated on the same draws (same seed, so
    every chain without data has the same draws in both): their summaries, the updated
    inputs, and the reference financing scenario's P(multiplier ≥ ``above``) before and
    after."""

    prior: Summary
    posterior: Summary
    updates: tuple[InputUpdate, ...]
    years: tuple[str, ...]  # the calendar years of the data, e.g. ("2023", "2024")
    above: float
    p_above: tuple[float, float]  # (prior, posterior)

    def to_json(self) -> dict[str, Any]:
        """The JSON object of ``mcimpact update --report --json`` (docs/monitoring.md)."""
        inputs = []
        for u in self.updates:
            (m0, s0), (m1, s1) = u.prior_moments, u.posterior_moments
            q0, q1 = quantiles(u.prior), quantiles(u.posterior)
            inputs.append({
                "chain": u.chain, "input": u.input, "method": u.method, "exact": u.exact,
                "fit_error": u.fit_error, "evidence": u.evidence.describe(),
                "prior": {"label": u.prior_label, "distribution": _table(u.prior),
                          "mean": m0, "sd": s0, "p5": q0[0], "p95": q0[1]},
                "posterior": {"distribution": _table(u.posterior), "mean": m1, "sd": s1,
                              "p5": q1[0], "p95": q1[1]},
            })
        figures = {}
        for i, (name, s) in enumerate((("prior", self.prior), ("posterior", self.posterior))):
            ref = s.ref
            figures[name] = {"multiplier": ref.multiplier.to_json(),
                             "break_even_year": ref.break_even_year.to_json(),
                             "p_multiplier_above": self.p_above[i]}
        return {"years": list(self.years), "above": self.above, "inputs": inputs,
                **figures, "financing": self.prior.reference,
                "draws": self.prior.provenance.draws, "seed": self.prior.provenance.seed}


@dataclass(frozen=True)
class Curve:
    """The prior and posterior density (a count: probability mass) of one updated input
    on common points ``x``, for a figure."""

    chain: str
    input: str
    x: np.ndarray
    prior: np.ndarray
    posterior: np.ndarray
    discrete: bool


def curves(updates: Sequence[InputUpdate], points: int = 400) -> list[Curve]:
    """Prior and posterior of each update on the union of their central 99.8 %."""
    out = []
    for u in updates:
        d0, d1 = distributions.frozen(u.prior), distributions.frozen(u.posterior)
        lo = min(float(d0.ppf(0.001)), float(d1.ppf(0.001)))
        hi = max(float(d0.ppf(0.999)), float(d1.ppf(0.999)))
        discrete = distributions.KINDS[u.prior.dist].discrete and \
            distributions.KINDS[u.posterior.dist].discrete
        if discrete:
            x = np.unique(np.round(np.linspace(math.floor(lo), math.ceil(hi), points)))
            y0, y1 = d0.pmf(x), d1.pmf(x)
        else:
            x = np.linspace(lo, hi, points)
            y0, y1 = d0.pdf(x), d1.pdf(x)
        out.append(Curve(u.chain, u.input, x, np.asarray(y0, float), np.asarray(y1, float),
                         discrete))
    return out


def quantiles(inp: Input) -> tuple[float, float]:
    """The 5 % and 95 % quantiles of an input's distribution."""
    if inp.is_fixed:
        return inp.point, inp.point
    d = distributions.frozen(inp)
    return float(d.ppf(0.05)), float(d.ppf(0.95))


def _table(inp: Input) -> dict[str, Any]:
    return {"dist": inp.dist, **inp.p}


def compare(prior: Scenario, posterior: Scenario, post: Posterior, draws: int,
            seed: int, above: float | None = None, *, progress: Progress | None = None,
            backend: Backend | None = None) -> Change:
    """Simulate the prior and the posterior scenario on the same draws; ``above`` is the
    multiplier whose exceedance is compared (default: the prior's median multiplier of
    the reference financing scenario, rounded to one decimal)."""
    return compare_updates(prior, posterior, post.updates, draws, seed, above,
                           progress=progress, backend=backend)


def compare_updates(prior: Scenario, posterior: Scenario, updates: Sequence[InputUpdate],
                    draws: int, seed: int, above: float | None = None, *,
                    progress: Progress | None = None, backend: Backend | None = None
                    ) -> Change:
    """:func:`compare` for the given updates: the posterior's run of ``draws`` draws with
    ``seed`` and :class:`WhatChanged` on it."""
    got = execute(Run(posterior, seed=seed), draws,
                  {"changed": WhatChanged(prior, tuple(updates), above)},
                  progress=progress, backend=backend)
    if isinstance(got["changed"], ResourceError):
        raise got["changed"]
    return got["changed"]


@dataclass(frozen=True)
class WhatChanged:
    """What the measurements changed, as an analysis of a plan whose run is the
    posterior's: its summary and multipliers come from the pass, the prior's from the
    run's variant of the ``prior`` scenario on the same draws (the same seed, so every
    chain without data has the same draws in both). Where the prior's run would not fit
    the free memory, the result is that :class:`~mcimpact.errors.ResourceError`."""

    prior: Scenario
    updates: tuple[InputUpdate, ...]
    above: float | None = None

    def needs(self, run: Run, draws: int) -> Needs:
        return Needs(consumers={SUMMARY: lambda: summary_reducer(run)},
                     keep=Keep.of("multiplier"))

    def result(self, got: Got) -> Change | ResourceError:
        reducer = got.consumers[SUMMARY]
        assert isinstance(reducer, SummaryReducer) and got.kept is not None
        after = reducer.summary()
        try:
            before = execute(got.run.variant(self.prior), got.draws,
                             {"summary": Summarize(), "kept": Kept(("multiplier",))})
        except ResourceError as exc:
            return exc
        reference = before["summary"].reference
        above = self.above
        if above is None:
            above = round(before["summary"].ref.multiplier.p50, 1)
        shares = [float(np.mean(kept.multiplier.sel(financing=reference).values >= above))
                  for kept in (before["kept"], got.kept)]
        years = sorted({str(o.year) for u in self.updates for o in u.observations})
        return Change(before["summary"], after, self.updates, tuple(years), float(above),
                      (shares[0], shares[1]))
