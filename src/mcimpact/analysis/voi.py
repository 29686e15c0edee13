"""The value of information: what the uncertainty costs the decision between the financing
scenarios, and which uncertainty is worth reducing first (docs/methodology.md §
"Decisions and the value of information").

With options ``a`` (the financing scenarios, on common random numbers), net benefit
``NB_a`` [EUR] per draw, and θ the sampled inputs:

- **EVPI** = E[max_a NB_a] − max_a E[NB_a] (:func:`evpi`): what deciding with every input
  known would gain.
- **EVPPI** of a subset φ of the inputs = E_φ[max_a E(NB_a | φ)] − max_a E[NB_a]: what
  knowing φ alone would gain. Two ways to get E(NB_a | φ) per draw:

  * *exact from the additive structure* (:func:`additive_evppi`): benefits are a sum over
    chains, each a function of its own inputs and the draw's funding pattern, and the
    funding patterns (renewal) and uncertain costs are independent of the chains' inputs.
    With independent inputs (no ``[[correlations]]``)
    ``E(NB_a | θ_G) = Σ_{e∈G} B̄_{e,a}(θ_e) + Σ_{e∉G} E[B_{e,a}] − E[C_a]``, where
    ``B̄_{e,a}`` is the chain's present value averaged over the funding patterns
    (:func:`expected_chain_totals`); for an input kind ``K`` (all chains' ``p``, say) the
    chain's term is ``E[B_{e,a} | X_{e,K}]``, affine in ``X_{e,K}`` for counts,
    slagingskans, delta and value and a table in the duration (:func:`kind_terms`).
  * *nonparametric regression* (:func:`regression_evppi`), the method of Strong, Oakley &
    Brennan (2014) as in the R packages voi and BCEA: each option's net benefit is
    regressed on functions of φ with an additive penalised regression spline
    (a generalised additive model, smoothness by GCV), the fitted values stand for
    E(NB_a | φ); the standard error comes from replicate EVPPIs with the coefficients
    drawn from their approximate posterior (as voi's ``se=TRUE``). Used where the inputs
    are correlated.

- **EVSI** of a monitoring study (:func:`evsi_binomial`): follow ``n`` participants of a
  chain and count the successes ``X ~ Binomial(n, p_e)``. With ``p_e`` independent of the
  other inputs, ``E(NB_a | p_e)`` is affine in ``p_e`` (benefits are linear in the
  slagingskans), so ``E(NB_a | X)`` is that line at the posterior mean of ``p_e``; with
  the prior a Beta(α, β) (the label's Beta, or one with ``p_e``'s mean and variance),
  the posterior mean is ``(α + X) / (α + β + n)`` (conjugate) and X is beta-binomial, so
  EVSI is an exact sum over x = 0 … n.

Standard errors of the additive and EVSI estimates are by batch means over contiguous
blocks of draws; of EVPI, the sd of the optimal option's loss / √n. Nothing here prints.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from ..core.compile import CoreArrays
from ..core.kernels import N_SLOTS
from ..model.scenario import INPUT_NAMES, Scenario
from ..run.run import Run
from .decision import Value, expected_loss, p_best
from .plan import INPUTS, Got, Keep, Needs
from .sensitivity import chain_groups, chain_totals, input_moments, one_financing
from .types import clean

if TYPE_CHECKING:
    import xarray as xr

#: Contiguous blocks of draws for batch-means standard errors.
BATCHES = 20
#: Replicates of the regression coefficients for the regression estimator's standard error.
REPLICATES = 200
#: Participants of a monitoring study by default, and how many studies are proposed.
DEFAULT_STUDY_SIZE = 50
DEFAULT_STUDIES = 5
#: The groupings of EVPPI in their JSON order.
GROUPINGS = ("activity", "initiative", "kind", "chain")


# --------------------------------------------------------------------------------------
# EVPI and EVPPI from per-draw values


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


# --------------------------------------------------------------------------------------
# The regression estimator (Strong, Oakley & Brennan 2014)


def _bspline_basis(x: np.ndarray, n_basis: int) -> np.ndarray:
    """Cubic B-splines (draw, ≤ n_basis) on knots at quantiles of ``x``; rows sum to 1."""
    from scipy.interpolate import BSpline

    inner = np.unique(np.quantile(x, np.linspace(0, 1, n_basis - 2)))
    t = np.concatenate([[inner[0]] * 3, inner, [inner[-1]] * 3])
    return BSpline.design_matrix(x, t, 3).toarray()


def _design(regressors: np.ndarray, n_basis: int) -> tuple[np.ndarray, np.ndarray]:
    """The design matrix of an additive spline model and its penalty: an intercept, then
    per regressor a cubic B-spline basis reparametrised to sum to zero over the draws
    (mgcv's identifiability constraint, by QR) with its second-difference penalty; a
    regressor with at most 3 distinct values enters linearly, a constant not at all."""
    n = len(regressors)
    columns = [np.ones((n, 1))]
    blocks = [np.zeros((1, 1))]
    for x in regressors.T:
        distinct = len(np.unique(x))
        if distinct < 2:
            continue  # a constant says nothing
        if distinct <= 3:
            columns.append(((x - x.mean()) / x.std())[:, None])
            blocks.append(np.zeros((1, 1)))
            continue
        b = _bspline_basis(x, min(n_basis, distinct))
        q, _ = np.linalg.qr(b.sum(axis=0)[:, None], mode="complete")
        z = q[:, 1:]
        d = np.diff(np.eye(b.shape[1]), n=2, axis=0)
        columns.append(b @ z)
        blocks.append(z.T @ d.T @ d @ z)
    x = np.hstack(columns)
    penalty = np.zeros((x.shape[1], x.shape[1]))
    k = 0
    for block in blocks:
        m = len(block)
        penalty[k:k + m, k:k + m] = block
        k += m
    return x, penalty


@dataclass(frozen=True)
class Fit:
    """Fitted conditional expectations (draw, option) [EUR], replicate EVPPIs with the
    coefficients drawn from their approximate posterior, and each fit's effective degrees
    of freedom."""

    fitted: np.ndarray
    replicates: np.ndarray
    effective_df: tuple[float, ...]


@dataclass(frozen=True)
class _Model:
    """A fitted penalised regression: ``x`` (draw, p), ``beta``; the posterior covariance
    σ² (XᵀX + λS)⁻¹ = σ² L⁻ᵀ U W Uᵀ L⁻¹ with XᵀX = L Lᵀ, L⁻¹ S L⁻ᵀ = U D Uᵀ and
    W = (I + λD)⁻¹ (the Demmler–Reinsch form)."""

    x: np.ndarray
    beta: np.ndarray
    chol: np.ndarray  # L
    basis: np.ndarray  # U
    weights: np.ndarray  # diag W
    sigma2: float
    edf: float

    def deviations(self, z: np.ndarray) -> np.ndarray:
        """Coefficient deviations (p, replicates) with the posterior covariance, from
        standard normals ``z`` (p, replicates)."""
        from scipy.linalg import solve_triangular

        return math.sqrt(self.sigma2) * solve_triangular(
            self.chol.T, self.basis @ (np.sqrt(self.weights)[:, None] * z), lower=False)


#: The grid of smoothing parameters, relative to trace(XᵀX) / trace(S).
LAMBDAS = np.logspace(-8, 2, 21)


def _fit(x: np.ndarray, penalty: np.ndarray, y: np.ndarray) -> _Model:
    """A penalised least-squares fit, λ by GCV = n · RSS / (n − edf)² over :data:`LAMBDAS`.

    One Cholesky factor and one eigendecomposition serve every λ (Demmler–Reinsch): with
    XᵀX = L Lᵀ and L⁻¹ S L⁻ᵀ = U D Uᵀ, β(λ) = L⁻ᵀ U (I + λD)⁻¹ Uᵀ L⁻¹ Xᵀy and
    edf(λ) = Σ 1 / (1 + λ dᵢ).
    """
    from scipy.linalg import solve_triangular

    n, p = x.shape
    xtx = x.T @ x
    # A tiny ridge keeps the factor defined where columns are (nearly) collinear.
    chol = np.linalg.cholesky(xtx + 1e-10 * np.trace(xtx) / p * np.eye(p))
    half = solve_triangular(chol, penalty, lower=True)  # L⁻¹ S
    m = solve_triangular(chol, half.T, lower=True)  # L⁻¹ S L⁻ᵀ
    d, u = np.linalg.eigh((m + m.T) / 2)
    d = np.clip(d, 0.0, None)
    c = u.T @ solve_triangular(chol, x.T @ y, lower=True)
    scale = np.trace(xtx) / max(np.trace(penalty), 1e-300)
    best: tuple[float, _Model] | None = None
    for lam in scale * LAMBDAS:
        w = 1.0 / (1.0 + lam * d)
        beta = solve_triangular(chol.T, u @ (w * c), lower=False)
        rss = float(np.sum((y - x @ beta) ** 2))
        edf = float(w.sum())
        gcv = n * rss / max(n - edf, 1.0) ** 2
        if best is None or gcv < best[0]:
            best = (gcv, _Model(x, beta, chol, u, w, rss / max(n - edf, 1.0), edf))
    assert best is not None
    return best[1]


def regression_fit(net_benefit: np.ndarray,
                   regressors: np.ndarray | Sequence[np.ndarray], *, n_basis: int = 8,
                   replicates: int = REPLICATES, seed: int = 0) -> Fit:
    """E(NB_a | φ) by an additive penalised regression spline of each option's net benefit
    on the columns of ``regressors`` (draw, k) — or, given a sequence, on the option's own
    regressors — with one smoothing parameter per option chosen by generalised
    cross-validation over a grid.

    The replicates follow voi's ``se=TRUE``: coefficients drawn from
    N(β̂, σ̂² (XᵀX + λS)⁻¹) (the Bayesian covariance of a penalised regression, mgcv's
    ``Vp``), the EVPPI recomputed from each draw's fitted values. The options' draws are
    independent (the covariance between their coefficients is left out).
    """
    nb = _nb(net_benefit)
    per_option = not isinstance(regressors, np.ndarray)
    designs: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    models = []
    for a in range(nb.shape[1]):
        key = a if per_option else 0
        if key not in designs:
            z = np.asarray(regressors[a] if per_option else regressors, dtype=float)
            designs[key] = _design(z[:, None] if z.ndim == 1 else z, n_basis)
        x, penalty = designs[key]
        models.append(_fit(x, penalty, nb[:, a]))
    fitted = np.stack([m.x @ m.beta for m in models], axis=1)
    rng = np.random.default_rng(seed)
    deviations = [m.x @ m.deviations(rng.standard_normal((len(m.beta), replicates)))
                  for m in models]
    reps = np.array([evppi_of_fitted(fitted + np.stack([d[:, r] for d in deviations], axis=1))
                     for r in range(replicates)])
    return Fit(fitted, reps, tuple(m.edf for m in models))


def regression_evppi(net_benefit: np.ndarray, regressors: np.ndarray | Sequence[np.ndarray],
                     *, n_basis: int = 8, replicates: int = REPLICATES, seed: int = 0
                     ) -> Value:
    """EVPPI by nonparametric regression (Strong, Oakley & Brennan 2014), with the standard
    deviation of the replicates as its standard error (:func:`regression_fit`)."""
    fit = regression_fit(net_benefit, regressors, n_basis=n_basis, replicates=replicates,
                         seed=seed)
    se = float(fit.replicates.std(ddof=1)) if len(fit.replicates) > 1 else math.nan
    return Value(evppi_of_fitted(fit.fitted), se)


# --------------------------------------------------------------------------------------
# The model's additive parts


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
    probs = pattern_probabilities(core)
    n_init = probs.shape[0]
    last = np.array([int(np.flatnonzero(row > 0).max()) for row in probs])
    out = np.zeros(inputs.shape[:2])
    weight_by_chain = probs[core.chain_initiative]  # (chain, pattern)
    for k in range(probs.shape[1]):
        w = weight_by_chain[:, k]
        if not np.any(w > 0):
            continue
        pattern = np.broadcast_to(np.minimum(k, last), (len(inputs), n_init))
        out += w * chain_totals(scenario, inputs, patterns=pattern, financing=financing,
                                run=run)
    return out


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


# --------------------------------------------------------------------------------------
# EVSI of a monitoring study


@dataclass(frozen=True)
class Study:
    """Follow ``participants`` people of chain ``chain`` for a year and count the
    successes."""

    chain: str
    participants: int


def beta_prior(scenario: Scenario, chain: int) -> tuple[float, float]:
    """(α, β) of the chain's slagingskans: its Beta if it is one, else the Beta with its
    mean and variance (moment matching)."""
    inp = scenario.chains[chain].inputs[INPUT_NAMES.index("success_probability")]
    mean, var = input_moments(inp)
    if var <= 0 or not 0 < mean < 1 or var >= mean * (1 - mean):
        raise ValueError(f"chain '{scenario.chains[chain].id}': the slagingskans is not "
                         "uncertain in (0, 1), so a study cannot inform it")
    common = mean * (1 - mean) / var - 1
    return mean * common, (1 - mean) * common


def _betabinom_pmf(n: int, a: float, b: float) -> np.ndarray:
    from scipy import stats

    return stats.betabinom.pmf(np.arange(n + 1), n, a, b)


def linear_evsi(net_benefit: np.ndarray, p: np.ndarray, alpha: float, beta: float,
                n: int) -> Value:
    """EVSI of X ~ Binomial(n, p) when E(NB_a | p) is affine in p and p ~ Beta(α, β):
    ``E(NB_a | X) = μ_a + k_a (E[p | X] − m)`` with ``k_a = Cov(NB_a, p) / Var(p)``,
    ``m = α / (α + β)`` and ``E[p | X = x] = (α + x) / (α + β + n)``, summed exactly over
    the beta-binomial x = 0 … n. μ_a and k_a are those of the draws (batch-means SE).
    With ``n = 0`` it is 0; as n grows it tends to EVPPI of p (:func:`linear_evppi`)."""
    nb = _nb(net_benefit)
    p = np.asarray(p, dtype=float)
    m = alpha / (alpha + beta)
    pmf = _betabinom_pmf(n, alpha, beta)
    post = (alpha + np.arange(n + 1)) / (alpha + beta + n) - m

    def estimate(s: slice) -> float:
        mu = nb[s].mean(axis=0)
        dp = p[s] - p[s].mean()
        k = dp @ (nb[s] - mu) / (dp @ dp)
        g = mu + post[:, None] * k
        return float(pmf @ (g.max(axis=1) - g[:, int(np.argmax(mu))]))

    return Value(estimate(slice(None)), _batch_se(estimate, len(nb)))


def linear_evppi(net_benefit: np.ndarray, p: np.ndarray) -> Value:
    """EVPPI of p when E(NB_a | p) is affine in p: E_p[max_a(μ_a + k_a (p − m))] −
    max_a μ_a over the draws of p (batch-means SE)."""
    nb = _nb(net_benefit)
    p = np.asarray(p, dtype=float)

    def estimate(s: slice) -> float:
        mu = nb[s].mean(axis=0)
        dp = p[s] - p[s].mean()
        k = dp @ (nb[s] - mu) / (dp @ dp)
        return evppi_of_fitted(mu + dp[:, None] * k)

    return Value(estimate(slice(None)), _batch_se(estimate, len(nb)))


def regression_evsi(net_benefit: np.ndarray, p: np.ndarray, n: int, *, seed: int = 0,
                    replicates: int = REPLICATES) -> Value:
    """EVSI by regression on simulated study data (Strong, Oakley, Brennan & Breeze 2015):
    X_i ~ Binomial(n, p_i) per draw (a fixed stream from ``seed``), each option's net
    benefit regressed on X."""
    if n == 0:
        return Value(0.0, 0.0)
    rng = np.random.default_rng(seed)
    x = rng.binomial(n, np.clip(np.asarray(p, dtype=float), 0.0, 1.0)).astype(float)
    return regression_evppi(net_benefit, x[:, None], replicates=replicates, seed=seed)


# --------------------------------------------------------------------------------------
# The whole analysis


@dataclass(frozen=True)
class Evppi:
    """EVPPI of one subset of the inputs [EUR], with its standard error and method
    (``additive`` or ``regression``), and the share of the EVPI it is."""

    name: str
    value: float
    se: float
    method: str
    share_of_evpi: float | None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "value": clean(self.value), "se": clean(self.se),
                "method": self.method, "share_of_evpi": (None if self.share_of_evpi is None
                                                         else clean(self.share_of_evpi))}


@dataclass(frozen=True)
class Evsi:
    """EVSI of a monitoring study [EUR]: its chain, participants, value, standard error
    and method (``conjugate`` or ``regression``)."""

    chain: str
    participants: int
    value: float
    se: float
    method: str
    evppi: float  # EVPPI of the chain's slagingskans, the limit as the study grows

    def to_json(self) -> dict[str, Any]:
        return {"chain": self.chain, "participants": self.participants,
                "value": clean(self.value), "se": clean(self.se), "method": self.method,
                "evppi_success_probability": clean(self.evppi)}


@dataclass(frozen=True)
class ValueOfInformation:
    """What the uncertainty costs the decision: EVPI, EVPPI per grouping (sorted from the
    largest), P(best) and expected loss per option, and EVSI per proposed study."""

    options: tuple[str, ...]
    best: str
    evpi: Value
    evppi: Mapping[str, tuple[Evppi, ...]]  # grouping → subsets
    p_best: Mapping[str, Value]
    expected_loss: Mapping[str, Value]
    evsi: tuple[Evsi, ...]
    draws: int
    seed: int | None
    exact: bool
    currency: str = "EUR"
    notes: tuple[str, ...] = field(default_factory=tuple)

    def ranking(self, grouping: str = "activity") -> tuple[Evppi, ...]:
        return self.evppi[grouping]

    def to_json(self) -> dict[str, Any]:
        return {
            "options": list(self.options),
            "best": self.best,
            "draws": self.draws,
            "seed": self.seed,
            "currency": self.currency,
            "method": "additive" if self.exact else "regression",
            "evpi": self.evpi.to_json(),
            "evppi": {f"by_{g}": [e.to_json() for e in items]
                      for g, items in self.evppi.items()},
            "p_best": {k: v.to_json() for k, v in self.p_best.items()},
            "expected_loss": {k: v.to_json() for k, v in self.expected_loss.items()},
            "evsi": [s.to_json() for s in self.evsi],
            "notes": list(self.notes),
        }


def _rank(items: list[Evppi]) -> tuple[Evppi, ...]:
    return tuple(sorted(items, key=lambda e: (-e.value, e.name)))


def value_of_information(scenario: Scenario, ds: xr.Dataset, *,
                         studies: Sequence[Study] | None = None,
                         study_size: int = DEFAULT_STUDY_SIZE,
                         groupings: Sequence[str] = GROUPINGS,
                         replicates: int = REPLICATES, seed: int = 0,
                         run: Run | None = None) -> ValueOfInformation:
    """EVPI, EVPPI per activity, initiative, input kind and chain, P(best), expected loss
    and EVSI of monitoring studies, for the decision between the financing scenarios of a
    Monte Carlo results dataset with kept inputs (``run_monte_carlo(...,
    keep_inputs=True)``). ``scenario`` has the dataset's financing scenarios, in its order.

    EVPPI is exact from the additive structure when the scenario has no
    ``[[correlations]]``, else by regression. ``studies`` default: ``study_size``
    participants in each of the :data:`DEFAULT_STUDIES` chains with the largest EVPPI.
    ``run``: a run of ``scenario``, whose compiled arrays are used (a new one otherwise).
    """
    if "inputs" not in ds:
        raise ValueError("the results have no sampled inputs: run with keep_inputs=True "
                         "(mcimpact sim --keep-inputs)")
    options = tuple(str(f) for f in ds["financing"].values)
    if tuple(f.id for f in scenario.financing) != options:
        raise ValueError("the scenario's financing scenarios differ from the results'")
    nb = np.asarray(ds["net_benefit"].transpose("draw", "financing").values, dtype=float)
    x = np.asarray(ds["inputs"].transpose("draw", "chain", "input").values, dtype=float)
    n = len(nb)
    exact = not scenario.correlations
    run = run or Run(scenario)
    chain_ids = [c.id for c in scenario.chains]
    cells = uncertain_cells(scenario)
    notes: list[str] = []
    # Per option, each chain's pattern-averaged present value: a function of its inputs.
    bbar: np.ndarray | None
    try:
        bbar = np.stack([expected_chain_totals(scenario, x, fid, run)
                         for fid in options], axis=2)  # (draw, chain, option)
    except ValueError as exc:  # e.g. a sampled drop-off: no closed chain totals
        bbar, exact = None, False
        notes.append(f"no exact chain totals ({exc}); EVPPI by regression on the inputs")
    total_evpi = evpi(nb)
    best_index = int(np.argmax(nb.mean(axis=0)))
    if len(options) == 1:
        notes.append("one option: there is nothing to choose, so every value of "
                     "information is 0")

    def share(v: float) -> float | None:
        return v / total_evpi.value if total_evpi.value > 0 else None

    # One option best in every draw: its net benefit is the largest in every world, so
    # also in every conditional expectation, and every EVPPI and EVSI is exactly 0.
    dominant = total_evpi.value == 0 and bool(np.all(nb.max(axis=1) == nb[:, best_index]))
    if dominant:
        notes.append(f"'{options[best_index]}' is best in every draw: every EVPPI and EVSI "
                     "is 0 (no estimate needed)")

    def of_chains(name: str, rows: list[int]) -> Evppi:
        rows = [e for e in rows if cells[e].any()]
        if dominant:
            return Evppi(name, 0.0, 0.0, "additive" if exact else "regression", None)
        if not rows:
            return Evppi(name, 0.0, 0.0, "additive" if exact else "regression", share(0.0))
        if exact and bbar is not None:
            est = additive_evppi(nb, bbar[:, rows, :].sum(axis=1))
            method = "additive"
        else:
            regressors: np.ndarray | list[np.ndarray] = (
                [bbar[:, rows, a] for a in range(len(options))] if bbar is not None
                else x[:, rows][:, cells[rows]])
            est = regression_evppi(nb, regressors, replicates=replicates, seed=seed)
            method = "regression"
        return Evppi(name, est.value, est.se, method, share(est.value))

    def of_kind(kind: str) -> Evppi:
        slot = INPUT_NAMES.index(kind)
        rows = np.flatnonzero(cells[:, slot])
        if dominant:
            return Evppi(kind, 0.0, 0.0, "additive" if exact else "regression", None)
        if len(rows) == 0:
            return Evppi(kind, 0.0, 0.0, "additive" if exact else "regression", share(0.0))
        if exact:
            parts = np.stack([kind_terms(scenario, x, fid, kind, run)[:, rows].sum(axis=1)
                              for fid in options], axis=1)
            est = additive_evppi(nb, parts)
            method = "additive"
        else:
            est = regression_evppi(nb, x[:, rows, slot], replicates=replicates, seed=seed)
            method = "regression"
        return Evppi(kind, est.value, est.se, method, share(est.value))

    evppi: dict[str, tuple[Evppi, ...]] = {}
    for g in groupings:
        if g == "kind":  # the kinds sampled somewhere
            evppi[g] = _rank([of_kind(k) for s, k in enumerate(INPUT_NAMES)
                              if cells[:, s].any()])
        else:
            evppi[g] = _rank([of_chains(label, rows)
                              for label, rows in chain_groups(scenario, g).items()
                              if cells[rows].any()])
    if studies is None:
        ranked = evppi.get("chain") or _rank([of_chains(c, [e]) for e, c in enumerate(chain_ids)])
        p_slot = INPUT_NAMES.index("success_probability")
        studies = [Study(e.name, study_size) for e in ranked
                   if cells[chain_ids.index(e.name), p_slot]][:DEFAULT_STUDIES]
    evsi = tuple(_study(scenario, nb, x, s, exact, replicates, seed, dominant)
                 for s in studies)
    pb = p_best(nb)
    loss = expected_loss(nb)
    return ValueOfInformation(
        options=options, best=options[int(np.argmax(nb.mean(axis=0)))], evpi=total_evpi,
        evppi=evppi, p_best=dict(zip(options, pb, strict=True)),
        expected_loss=dict(zip(options, loss, strict=True)), evsi=evsi, draws=n,
        seed=int(ds.attrs["seed"]) if "seed" in ds.attrs else None, exact=exact,
        currency=str(ds.attrs.get("currency", "EUR")), notes=tuple(notes))


def _study(scenario: Scenario, nb: np.ndarray, x: np.ndarray, study: Study, exact: bool,
           replicates: int, seed: int, dominant: bool = False) -> Evsi:
    ids = [c.id for c in scenario.chains]
    if study.chain not in ids:
        raise ValueError(f"study: unknown chain '{study.chain}'")
    if study.participants < 0:
        raise ValueError(f"study of '{study.chain}': participants must be ≥ 0")
    e = ids.index(study.chain)
    p = x[:, e, INPUT_NAMES.index("success_probability")]
    a, b = beta_prior(scenario, e)
    if dominant:
        return Evsi(study.chain, study.participants, 0.0, 0.0,
                    "conjugate" if exact else "regression", 0.0)
    if exact:
        est = linear_evsi(nb, p, a, b, study.participants)
        limit = linear_evppi(nb, p).value
        method = "conjugate"
    else:
        est = regression_evsi(nb, p, study.participants, seed=seed, replicates=replicates)
        limit = regression_evppi(nb, p[:, None], replicates=2, seed=seed).value
        method = "regression"
    return Evsi(study.chain, study.participants, est.value, est.se, method, limit)


def parse_study(text: str) -> Study:
    """A study from ``CHAIN:N`` (or ``CHAIN`` for the default size)."""
    chain, sep, size = text.rpartition(":")
    if not sep:
        return Study(text.strip(), DEFAULT_STUDY_SIZE)
    try:
        n = int(size)
    except ValueError:
        raise ValueError(f"'{text}': the participants after ':' must be a whole number") from None
    if n < 0:
        raise ValueError(f"'{text}': participants must be ≥ 0")
    return Study(chain.strip(), n)


def evppi_table(voi: ValueOfInformation, grouping: str) -> Mapping[str, Evppi]:
    """The EVPPI of a grouping by name."""
    return {e.name: e for e in voi.evppi[grouping]}



# --------------------------------------------------------------------------------------
# Switching values


#: Input kinds that scale a chain's benefits in proportion (a · N · δ · v · …).
PROPORTIONAL = ("participants", "effect_size", "value")


@dataclass(frozen=True)
class SwitchingValue:
    """How far a factor must change, as a factor λ on it [1] (1 = as estimated), for
    the multiplier of expected values of ``option`` to reach 1 (``multiplier_one``), and
    for another option to become the one with the largest expected net benefit
    (``decision``, with ``overtaken_by``). None where no λ ≥ 0 does it."""

    grouping: str  # activity, initiative, kind or assumption (costs)
    name: str
    option: str
    multiplier_one: float | None
    decision: float | None
    overtaken_by: str | None

    def to_json(self) -> dict[str, Any]:
        return {"grouping": self.grouping, "name": self.name, "option": self.option,
                "multiplier_one": (None if self.multiplier_one is None
                                   else clean(self.multiplier_one)),
                "decision": None if self.decision is None else clean(self.decision),
                "overtaken_by": self.overtaken_by}


def switching_factor(benefits: float, costs: float, part: float) -> float | None:
    """λ with ``benefits + (λ − 1) · part = costs``: the factor on the part of the
    benefits that moves with a factor at which benefits equal costs (multiplier 1);
    None when no λ ≥ 0 does it (or the part is 0)."""
    if part == 0:
        return None
    lam = float(1.0 - (benefits - costs) / part)
    return lam if lam >= 0 else None


def decision_switch(net_benefit: Sequence[float], part: Sequence[float]
                    ) -> tuple[float | None, int | None]:
    """The factor λ ≥ 0 nearest to 1 at which another option's expected net benefit
    ``net_benefit[b] + (λ − 1) · part[b]`` overtakes that of the best option, and that
    option; (None, None) if none does."""
    nb = np.asarray(net_benefit, dtype=float)
    d = np.asarray(part, dtype=float)
    star = int(np.argmax(nb))
    best: tuple[float, int] | None = None
    for b in range(len(nb)):
        if b == star or d[b] == d[star]:
            continue
        lam = float(1.0 - (nb[star] - nb[b]) / (d[star] - d[b]))
        if lam >= 0 and (best is None or abs(lam - 1) < abs(best[0] - 1)):
            best = (lam, b)
    return (None, None) if best is None else best


def switching_values(scenario: Scenario, ds: xr.Dataset, run: Run | None = None
                     ) -> tuple[SwitchingValue, ...]:
    """Switching values of every activity, initiative and proportional input kind (and
    the slagingskans when the inputs were kept) and of the costs, for every option, on
    the expected values of a Monte Carlo results dataset.

    A factor scales a part of each option's benefits: an activity's or initiative's own
    benefits (``benefits_by_activity``, ``benefits_by_initiative``); participants, delta
    or value in every chain all of them (benefits are proportional to each); the
    slagingskans the part ``B − B(p = 0)`` (the continuity uplift does not scale with it);
    a factor on the costs scales them (its ``multiplier_one`` is E[B] / E[C]). Expected
    net benefits are affine in the factor, so the switching values are closed forms
    (:func:`switching_factor`, :func:`decision_switch`). ``run``: a run of ``scenario``,
    whose compiled arrays are used (a new one otherwise).
    """
    options = [str(f) for f in ds["financing"].values]
    benefits = ds["benefits_total"].transpose("draw", "financing").values.mean(axis=0)
    costs = ds["costs_total"].transpose("draw", "financing").values.mean(axis=0)
    parts: list[tuple[str, str, np.ndarray]] = []
    for grouping in ("activity", "initiative"):
        by = ds[f"benefits_by_{grouping}"].transpose("draw", "financing", grouping)
        means = by.values.mean(axis=0)  # (financing, group)
        for g, name in enumerate(by[grouping].values):
            parts.append((grouping, str(name), means[:, g]))
    for kind in PROPORTIONAL:
        parts.append(("kind", kind, benefits))
    if "inputs" in ds:
        # A copy: the dataset's inputs stay as drawn.
        x = np.array(ds["inputs"].transpose("draw", "chain", "input").values, dtype=float)
        x[:, :, INPUT_NAMES.index("success_probability")] = 0.0
        run = run or Run(scenario)
        try:
            without = np.array([expected_chain_totals(scenario, x, fid, run).sum(axis=1).mean()
                                for fid in options])
        except ValueError:  # no closed chain totals (a sampled drop-off)
            without = None
        if without is not None:
            parts.append(("kind", "success_probability", benefits - without))
    out = []
    for grouping, name, part in parts:
        lam, b = decision_switch(benefits - costs, part)
        for a, option in enumerate(options):
            out.append(SwitchingValue(grouping, name, option,
                                      switching_factor(benefits[a], costs[a], part[a]),
                                      lam, None if b is None else options[b]))
    # The costs: a factor λ on every cost, NB = B − λC.
    lam, b = decision_switch(benefits - costs, -costs)
    for a, option in enumerate(options):
        out.append(SwitchingValue("assumption", "costs", option,
                                  float(benefits[a] / costs[a]) if costs[a] > 0 else None,
                                  lam, None if b is None else options[b]))
    return tuple(out)


# --------------------------------------------------------------------------------------
# As analyses of a plan (mcimpact.analysis.plan)

#: The per-draw variables :func:`switching_values` reads.
SWITCHING_VARIABLES = ("benefits_total", "costs_total", "benefits_by_activity",
                       "benefits_by_initiative", INPUTS)


@dataclass(frozen=True)
class InformationValue:
    """:func:`value_of_information` of the run's first ``first`` draws (None: every
    draw), with their sampled inputs."""

    studies: tuple[Study, ...] | None = None
    first: int | None = None

    def needs(self, run: Run, draws: int) -> Needs:
        return Needs(keep=Keep.of("net_benefit", INPUTS, first=self.first))

    def result(self, got: Got) -> ValueOfInformation:
        assert got.kept is not None
        return value_of_information(got.run.scenario, got.kept, studies=self.studies,
                                    seed=got.run.seed, run=got.run)


@dataclass(frozen=True)
class SwitchingValues:
    """:func:`switching_values` of the run's first ``first`` draws (None: every draw)."""

    first: int | None = None

    def needs(self, run: Run, draws: int) -> Needs:
        return Needs(keep=Keep.of(*SWITCHING_VARIABLES, first=self.first))

    def result(self, got: Got) -> tuple[SwitchingValue, ...]:
        assert got.kept is not None
        return switching_values(got.run.scenario, got.kept, run=got.run)
