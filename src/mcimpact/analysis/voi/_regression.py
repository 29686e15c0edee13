"""The regression estimator of EVPPI (Strong, Oakley & Brennan 2014): an additive
penalised regression spline of each option's net benefit on the inputs, smoothness
by GCV, the standard error from replicate coefficients.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..decision import Value
from ._evpi import _nb, evppi_of_fitted

#: Replicates of the regression coefficients for the regression estimator's standard error.
REPLICATES = 200


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
