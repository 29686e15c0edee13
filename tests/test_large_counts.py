"""Counts too large for an exact CDF table: the lattice kind (DISCRETE_LATTICE).

Its table is bounded by MAX_DISCRETE_TABLE whatever the mean; it is still an inversion of
u, so it matches the NumPy twin draw by draw, ignores thread counts and chunks, and keeps
the copula's rank correlation. Its distribution is checked twice: exactly (the drawn
count's CDF is the lattice's interpolated F, whose distance from scipy's F is bounded),
and statistically against closed forms (mean, variance) and scipy's CDF, with tolerances
from the Monte Carlo standard error.
"""

from __future__ import annotations

import dataclasses
import math
import tracemalloc
import zlib

import numba
import numpy as np
import pytest
from scipy import stats

from conftest import INITIATIVE, META, build, chain, toml
from mcimpact import testing
from mcimpact.core.compile import core_arrays, sample
from mcimpact.model import distributions as d
from mcimpact.model.scenario import Scenario
from mcimpact.readers.toml import parse

N = 2**16
MEANS = (1e7, 1e9, 1e12, 1e15)
# Poisson: sd = √mean; negative binomial: the reader's default for a plain count, sd =
# 0.2 · mean (docs/methodology.md, "Counts get a default uncertainty").
COUNTS = [pytest.param({"dist": "poisson", "mean": m}, id=f"poisson-{m:g}") for m in MEANS] + [
    pytest.param({"dist": "negbinomial", "mean": m, "sd": 0.2 * m}, id=f"negbinomial-{m:g}")
    for m in MEANS]
# Skewed and heavy-tailed negative binomials (r = 0.11 and r = 1.0), whose F bends sharply
# near 0, and one just past the bound that is not large at all (its long tail is).
SKEWED = [
    pytest.param({"dist": "negbinomial", "mean": 1e9, "sd": 3e9}, id="negbinomial-r0.11"),
    pytest.param({"dist": "negbinomial", "mean": 1e12, "sd": math.sqrt(1e24 + 1e12)},
                 id="negbinomial-r1"),
    pytest.param({"dist": "negbinomial", "mean": 5000.0, "sd": 4000.0}, id="negbinomial-5000"),
]


def _input(spec: dict) -> d.Input:
    return d.make(spec["dist"], {k: v for k, v in spec.items() if k != "dist"})


def _with_counts(scenario: Scenario, specs: list[dict]) -> Scenario:
    """The scenario with chain e's participants given by specs[e]. The reader may refuse
    counts this spread (readers.toml, MAX_COUNT_SD), so they are put in the model here."""
    chains = tuple(dataclasses.replace(c, participants=_input(spec))
                   for c, spec in zip(scenario.chains, specs, strict=True))
    return dataclasses.replace(scenario, chains=chains)


def _scenario(spec: dict) -> Scenario:
    """One chain whose participants are the count ``spec``."""
    return _with_counts(build([chain()]), [spec])


def _draws(spec: dict, seed: int = 5, n: int = N) -> np.ndarray:
    """n draws of the count, with uniforms of their own per spec (the seed is mixed with
    it), so that the specs' checks are independent."""
    core = core_arrays(_scenario(spec))
    seed += zlib.crc32(repr(sorted(spec.items())).encode())
    return sample(core, seed, 0, n, keep_inputs=True).inputs[:, 0, 0]


# --------------------------------------------------------------------------------------
# (a) Bounded tables, bounded memory


@pytest.mark.parametrize("spec", COUNTS + SKEWED)
def test_a_large_count_compiles_to_a_bounded_table(spec):
    scenario = _scenario(spec)
    tracemalloc.start()
    try:
        core = core_arrays(scenario)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(core.cdf) == len(core.cdf_points) <= d.MAX_DISCRETE_TABLE
    assert len(core.guide) == d.GUIDE_FACTOR * len(core.cdf)
    # The bound's tables (cdf, points, guide) and the refinement's cell arrays: tens of MB
    # at most, where an exact table of 80 sd entries would need 2.4e14 bytes at mean 1e15.
    assert peak < 64 * 2**20
    kind = core.kinds[0, 0]
    # Poisson(1e7) has sd 3,162: its exact table (about 15 sd) fits the bound.
    exact = spec["dist"] == "poisson" and spec["mean"] <= 1e7
    assert kind == (d.DISCRETE if exact else d.DISCRETE_LATTICE)
    points = core.cdf_points
    assert np.all(np.diff(points) >= 1) and np.all(points == np.floor(points))
    assert np.all(np.diff(core.cdf) >= 0) and core.cdf[-1] == 1.0


# --------------------------------------------------------------------------------------
# (b) The distribution


@pytest.mark.parametrize("spec", COUNTS + SKEWED)
def test_the_lattice_cdf_is_within_its_stated_error_of_scipys(spec):
    # The drawn count X is the smallest k with F_lin(k) ≥ u, so P(X ≤ k) = F_lin(k)
    # exactly: the sampled distribution's CDF error is max |F_lin − F| over the integers.
    inp = _input(spec)
    table = d.count_table(inp)
    if table.kind == d.DISCRETE:
        pytest.skip("exact table (test_kernels.test_discrete_inverse_is_exact)")
    lattice = d.lattice_cdf(inp)
    np.testing.assert_array_equal(lattice.points, table.points)
    assert len(lattice.points) <= d.MAX_DISCRETE_TABLE
    assert lattice.error < 1e-9  # the stated error (docs/methodology.md, "Counts")
    rng = np.random.default_rng(1)
    lo, hi = lattice.points[0], lattice.points[-1]
    k = np.unique(np.concatenate([np.floor(rng.uniform(lo, hi, 200_000)),
                                  np.floor((lattice.points[:-1] + lattice.points[1:]) / 2)]))
    j = np.searchsorted(lattice.points, k, side="right") - 1
    j = np.minimum(j, len(lattice.points) - 2)
    f0, f1 = lattice.cdf[j], lattice.cdf[j + 1]
    a, b = lattice.points[j], lattice.points[j + 1]
    f_lin = f0 + (k - a) / (b - a) * (f1 - f0)
    exact = d.frozen(inp).cdf(k)  # scipy's CDF: the reference
    # At the lattice points F is scipy's own; the last point carries the tail of 1e-14.
    assert np.max(np.abs(f_lin - exact)) < 2e-9
    # And the sampled F_lin(k) is what the kernel's draws follow: X ≤ k ⇔ u ≤ F_lin(k).
    u = rng.random(50_000)
    x = d.lattice_quantile(table.points, table.cdf, u)
    jj = np.minimum(np.searchsorted(table.points, x, side="right") - 1,
                    len(table.points) - 2)
    fx = table.cdf[jj] + (x - table.points[jj]) / (table.points[jj + 1] - table.points[jj]) * (
        table.cdf[jj + 1] - table.cdf[jj])
    below = np.maximum(x - 1, table.points[0])
    jb = np.minimum(np.searchsorted(table.points, below, side="right") - 1,
                    len(table.points) - 2)
    fb = table.cdf[jb] + (below - table.points[jb]) / (
        table.points[jb + 1] - table.points[jb]) * (table.cdf[jb + 1] - table.cdf[jb])
    assert np.all(u <= fx * (1 + 1e-15))
    assert np.all((x == table.points[0]) | (fb < u * (1 + 1e-15)))


@pytest.mark.parametrize("spec", COUNTS + SKEWED)
def test_mean_and_variance_match_the_closed_forms(spec):
    x = _draws(spec)
    inp = _input(spec)
    # Closed forms: the scenario's mean; variance λ (Poisson) or sd² (negative binomial);
    # the excess kurtosis from scipy.stats (1/λ; 6/r + p²/(r(1 − p)) for nbinom).
    mean = spec["mean"]
    var = spec["mean"] if spec["dist"] == "poisson" else spec["sd"] ** 2
    kurt = float(d.frozen(inp).stats(moments="k"))
    n = len(x)
    assert abs(x.mean() - mean) <= 4 * math.sqrt(var / n)
    # Standard error of the sample variance: σ² √(2/(n − 1) + κ/n), κ the excess kurtosis.
    se_var = var * math.sqrt(2 / (n - 1) + kurt / n)
    assert abs(x.var(ddof=1) - var) <= 4 * se_var


PROBS = np.array([0.001, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 0.999])


@pytest.mark.parametrize("spec", COUNTS + SKEWED)
def test_quantiles_match_scipy(spec):
    # At the sample's p-quantiles q̂, scipy's F(q̂) must be p within the binomial error of
    # the empirical CDF, 4 √(p(1 − p)/n) (plus an atom's mass: F jumps at each integer).
    x = _draws(spec, seed=9)
    dist = d.frozen(_input(spec))
    q = np.quantile(x, PROBS, method="inverted_cdf")
    tol = 4 * np.sqrt(PROBS * (1 - PROBS) / len(x))
    assert np.all(dist.cdf(q - 1) - tol <= PROBS)
    assert np.all(dist.cdf(q) + tol >= PROBS)
    # Kolmogorov–Smirnov: sup |F̂ − F| over the integers, i.e. at each distinct value k
    # and just below it (k − 1), so that atoms count right (scipy's kstest assumes a
    # continuous F). For a discrete F the test is conservative; the limit is the 0.999
    # quantile of the Kolmogorov distribution (scipy.stats.kstwobign), over √n.
    values, counts = np.unique(x, return_counts=True)
    ecdf = np.cumsum(counts) / len(x)
    below = np.concatenate([[0.0], ecdf[:-1]])
    ks = max(np.max(np.abs(ecdf - dist.cdf(values))),
             np.max(np.abs(below - dist.cdf(values - 1))))
    assert ks <= stats.kstwobign.ppf(0.999) / math.sqrt(len(x))


# --------------------------------------------------------------------------------------
# (c) Whole numbers, one stream of uniforms, whatever the threads or chunks


@pytest.mark.parametrize("spec", COUNTS[1::2] + SKEWED[:1])
def test_draws_are_whole_non_negative_and_the_twins(spec):
    scenario = _scenario(spec)
    core = core_arrays(scenario)
    got = sample(core, 3, 1_000, 5_000, keep_inputs=True).inputs[:, 0, 0]
    assert np.all(got >= 0) and np.all(got == np.floor(got)) and np.all(got < 2.0**53)
    want = testing.twin(scenario, 3, 1_000, 5_000).inputs[:, 0, 0]
    np.testing.assert_array_equal(got, want)  # the same inverse, bit for bit


def test_draws_do_not_depend_on_threads_or_chunks():
    spec = {"dist": "negbinomial", "mean": 1e12, "sd": 3e11}
    core = core_arrays(_scenario(spec))
    whole = sample(core, 4, 0, 10_000, keep_inputs=True).inputs
    threads = numba.get_num_threads()
    try:
        numba.set_num_threads(1)
        one = sample(core, 4, 0, 10_000, keep_inputs=True).inputs
    finally:
        numba.set_num_threads(threads)
    np.testing.assert_array_equal(one, whole)
    parts = [sample(core, 4, a, b - a, keep_inputs=True).inputs
             for a, b in ((0, 777), (777, 5_000), (5_000, 10_000))]
    np.testing.assert_array_equal(np.concatenate(parts), whole)


def test_a_copula_drives_large_counts():
    # Two chains of one initiative whose counts are rank-correlated 0.7 (by initiative):
    # the Gaussian copula keeps a Spearman correlation of 0.7 through any monotone F⁻¹
    # (docs/methodology.md §4); its standard error is about (1 − ρ²)/√n = 0.004 here.
    counts = [{"dist": "negbinomial", "mean": 1e12, "sd": 3e11},
              {"dist": "poisson", "mean": 1e9}]
    text = toml(META, [INITIATIVE], [chain(id=f"c{k}", participants=100)
                                     for k in range(len(counts))])
    scenario = _with_counts(
        parse(text + '\n[[correlations]]\ninput = "participants"\nby = "initiative"\n'
              "rank_correlation = 0.7\n"), counts)
    core = core_arrays(scenario)
    got = sample(core, 8, 0, 2**14, keep_inputs=True).inputs
    want = testing.twin(scenario, 8, 0, 2**14).inputs
    # The copula's Φ and Φ⁻¹ (the core's Acklam + Halley, scipy's in the twin) differ in
    # the last bits of u, which can move a count by one across a cell's integer step.
    assert np.max(np.abs(got - want)) <= 1.0
    assert np.mean(got != want) < 1e-3
    rho = stats.spearmanr(got[:, 0, 0], got[:, 1, 0]).statistic
    assert rho == pytest.approx(0.7, abs=0.02)


# --------------------------------------------------------------------------------------
# (d) Counts within the bound keep their exact table


@pytest.mark.parametrize("spec", [
    {"dist": "poisson", "mean": 3.2},
    {"dist": "negbinomial", "mean": 600.0, "sd": 120.0},
    {"dist": "negbinomial", "mean": 20_000.0, "sd": 4_000.0},
    {"dist": "poisson", "mean": 1e7},
])
def test_a_count_within_the_bound_takes_the_exact_path(spec):
    inp = _input(spec)
    k_low, cdf = d.discrete_cdf(inp)
    assert len(cdf) <= d.MAX_DISCRETE_TABLE
    core = core_arrays(_scenario(spec))
    assert core.kinds[0, 0] == d.DISCRETE
    assert core.params[0, 0, 1] == k_low
    np.testing.assert_array_equal(core.cdf, cdf)
    np.testing.assert_array_equal(core.cdf_points, k_low + np.arange(len(cdf)))
    low, high = d.count_range(inp)
    assert (low, high - low + 1) == (k_low, len(cdf))


def test_the_bound_splits_exact_and_lattice_tables():
    # An exact table just over the bound goes to the lattice, one under it stays exact.
    # Poisson(λ) tables have about 15.3 √λ entries: 2**16 at λ ≈ 1.8e7.
    under, over = d.make("poisson", {"mean": 1.7e7}), d.make("poisson", {"mean": 2.0e7})
    lo_u, hi_u = d.count_range(under)
    lo_o, hi_o = d.count_range(over)
    assert hi_u - lo_u + 1 <= d.MAX_DISCRETE_TABLE < hi_o - lo_o + 1
    assert d.count_table(under).kind == d.DISCRETE
    assert d.count_table(over).kind == d.DISCRETE_LATTICE


def test_the_kernels_lattice_inverse_is_the_numpy_one_at_every_cell_edge():
    # u on, just below and just above every F(k_j), and the extreme uniforms the
    # generator gives: 2⁻⁵⁴, and 1 itself ((2⁵³ − 1) + 0.5 rounds to 2⁵³ in
    # kernels.uniform), where u · L is L, one past the guide table's last bin.
    from mcimpact.core import kernels

    table = d.count_table(d.make("negbinomial", {"mean": 1e9, "sd": 3e9}))
    guide = d.guide_table(table.cdf)
    inner = table.cdf[:-1]
    u = np.concatenate([inner, np.nextafter(inner, 0), np.nextafter(inner, 1),
                        np.random.default_rng(2).random(20_000), [2.0**-54, 1.0]])
    u = u[(u > 0) & (u <= 1)]
    stop = np.int64(len(table.cdf))
    got = np.array([kernels.lattice_quantile(table.cdf, table.points, guide, np.int64(0),
                                             stop, x) for x in u])
    np.testing.assert_array_equal(got, d.lattice_quantile(table.points, table.cdf, u))
    assert got[-1] == table.points[-1]


@pytest.mark.parametrize("spec", [
    {"dist": "poisson", "mean": 0.3}, {"dist": "poisson", "mean": 40.0},
    {"dist": "poisson", "mean": 2.5e6},
    {"dist": "negbinomial", "mean": 12.0, "sd": 5.0},
    # r ≈ 0.0025: the upper tail lies far past discrete_cdf's first range (it widens).
    {"dist": "negbinomial", "mean": 5.0, "sd": 100.0},
    {"dist": "negbinomial", "mean": 500.0, "sd": 400.0},
])
def test_the_table_of_a_small_count_is_the_one_its_range_gives(spec):
    # count_table skips count_range's bisection where discrete_cdf's first range holds
    # the table; the table is then the one count_range → discrete_cdf gives.
    inp = _input(spec)
    low, high = d.count_range(inp)
    k_low, cdf = d.discrete_cdf(inp)
    assert (k_low, len(cdf)) == (low, high - low + 1)
    table = d.count_table(inp)
    assert table.kind == d.DISCRETE
    np.testing.assert_array_equal(table.cdf, cdf)
    np.testing.assert_array_equal(table.points, k_low + np.arange(len(cdf)))
