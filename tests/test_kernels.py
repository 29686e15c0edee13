"""The numba kernels' building blocks against NumPy/SciPy references."""

from __future__ import annotations

import numba as nb
import numpy as np
import pytest
from scipy import special, stats

from mcimpact import testing
from mcimpact.core import kernels
from mcimpact.model import distributions

N = 1_000_000


@nb.njit
def _uniforms(key, first, n):
    out = np.empty(n)
    for i in range(n):
        out[i] = kernels.uniform(key, first + i)
    return out


@nb.njit
def _apply(f_table, u):
    out = np.empty(u.shape[0])
    for i in range(u.shape[0]):
        out[i] = kernels.table_quantile(f_table, u[i])
    return out


@nb.njit
def _ndtri(u):
    out = np.empty(u.shape[0])
    for i in range(u.shape[0]):
        out[i] = kernels.ndtri(u[i])
    return out


@nb.njit
def _discrete(cdf, guide, u):
    out = np.empty(u.shape[0])
    for i in range(u.shape[0]):
        out[i] = kernels.discrete_quantile(cdf, guide, 0, cdf.shape[0], u[i])
    return out


@pytest.mark.parametrize("key", [0, 1, 2**63 + 12345, 2**64 - 1])
@pytest.mark.parametrize("first", [0, 2**40 - 7])
def test_uniforms_are_bit_identical_to_the_numpy_twin(key, first):
    # Keys above 2**63 and large draw indices catch any silent uint64 → float64 promotion.
    got = _uniforms(np.uint64(key), np.int64(first), 10_000)
    np.testing.assert_array_equal(got, testing.uniforms(key, first, 10_000))


def test_uniforms_range_and_moments():
    u = _uniforms(np.uint64(2**63 + 99), np.int64(0), N)
    assert u.min() > 0 and u.max() < 1
    # Mean 1/2 and variance 1/12 within 4 standard errors (SE of the variance estimate:
    # √((μ₄ − σ⁴)/n) with μ₄ = 1/80 for the uniform).
    assert abs(u.mean() - 0.5) < 4 * np.sqrt(1 / 12 / N)
    assert abs(u.var() - 1 / 12) < 4 * np.sqrt((1 / 80 - 1 / 144) / N)
    # No lag-1 correlation, and none between streams whose keys differ in one bit.
    assert abs(np.corrcoef(u[:-1], u[1:])[0, 1]) < 4 / np.sqrt(N)
    v = _uniforms(np.uint64(2**63 + 98), np.int64(0), N)
    assert abs(np.corrcoef(u, v)[0, 1]) < 4 / np.sqrt(N)
    # Equal-width bins are equally full (chi-square with 99 df, 0.9999 quantile ≈ 157).
    counts = np.bincount((u * 100).astype(int), minlength=100)
    assert ((counts - N / 100) ** 2 / (N / 100)).sum() < 157


def test_ndtri_matches_scipy_to_double_precision():
    k = np.arange(1, 17)
    u = np.concatenate([10.0 ** -k, 1 - 10.0 ** -k[:15], 2.0**-53 * np.array([0.5, 1.5]),
                        np.random.default_rng(1).random(10_000)])
    np.testing.assert_allclose(_ndtri(u), special.ndtri(u), rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize(("a", "b"), [(2.0, 5.0), (35.0, 35.0), (0.5, 0.5), (9.0, 36.0),
                                      (1.0, 3.0)])
def test_beta_table_interpolation_error_is_below_1e5_relative(a, b):
    table = distributions.beta_table(a, b)
    rng = np.random.default_rng(2)
    u = np.concatenate([rng.random(200_000), 10.0 ** -rng.uniform(1, 12, 20_000),
                        1 - 10.0 ** -rng.uniform(1, 12, 20_000)])
    u = (np.floor(u * 2**53) + 0.5) * 2.0**-53  # the core's uniforms are on this grid
    exact = special.betaincinv(a, b, u)
    got = _apply(table, u)
    # Relative to the distance to the nearer end of the support, where Q bends most.
    scale = np.minimum(exact, 1 - exact)
    assert np.all(np.abs(got - exact) <= 1e-5 * scale + 1e-15)


@pytest.mark.parametrize("inp", [
    distributions.make("poisson", {"mean": 3.2}),
    distributions.make("poisson", {"mean": 240.0}),
    distributions.make("negbinomial", {"mean": 120.0, "sd": 24.0}),
    distributions.make("negbinomial", {"mean": 5.0, "sd": 4.0}),
])
def test_discrete_inverse_is_exact(inp):
    k_low, cdf = distributions.discrete_cdf(inp)
    guide = distributions.guide_table(cdf)
    rng = np.random.default_rng(3)
    # Random u, and u just either side of every jump of F (scipy's own ppf is not exact
    # to the last bit at a jump, so not on it).
    u = np.concatenate([rng.random(100_000), cdf[:-1] * (1 - 1e-9), cdf[:-1] * (1 + 1e-9)])
    u = u[(u > 1e-13) & (u < 1 - 1e-13)]  # the table ends at tails of mass 1e-14
    expected = distributions.frozen(inp).ppf(u)
    np.testing.assert_array_equal(k_low + _discrete(cdf, guide, u), expected)
    assert stats.describe(expected).mean == pytest.approx(inp.point, rel=0.05)
