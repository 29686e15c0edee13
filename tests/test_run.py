"""The run's pipeline: chunk by chunk, the same numbers whatever the chunk size or the
thread count, the summary's reducers against NumPy on the same draws, streaming output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import mcimpact
from mcimpact.analysis.summaries import summarize
from mcimpact.run import reducers
from mcimpact.run.engine import run_monte_carlo
from mcimpact.run.reducers import PILOT, ColumnStats
from mcimpact.run.sinks import read

DATA = Path(__file__).parent / "data"
P = np.array([0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95])


@pytest.fixture(scope="module")
def all_kinds():
    return mcimpact.load(DATA / "all-kinds.toml")


def _summary(scenario, draws, **kw) -> dict:
    return mcimpact.simulate(scenario, draws, seed=4, **kw).summary.to_json()


def test_summary_does_not_depend_on_the_chunk_size(all_kinds):
    draws = PILOT + 9_000  # past the pilot: quantiles from the histograms
    want = _summary(all_kinds, draws)
    for chunk in (1_000, reducers.BLOCK + 7, 3 * PILOT):
        assert _summary(all_kinds, draws, chunk_size=chunk) == want


_SCRIPT = """
import json, sys, mcimpact
s = mcimpact.simulate(mcimpact.load(sys.argv[1]), int(sys.argv[2]), seed=4).summary
print(json.dumps(s.to_json()))
"""


def test_summary_is_the_same_on_one_thread_or_two():
    out = []
    for threads in ("1", "2"):
        env = {**os.environ, "NUMBA_NUM_THREADS": threads}
        done = subprocess.run([sys.executable, "-c", _SCRIPT, str(DATA / "all-kinds.toml"),
                               str(PILOT + 5_000)], env=env, capture_output=True, text=True,
                              check=True)
        out.append(done.stdout)
    assert out[0] == out[1]


def test_a_summary_of_the_kept_draws_equals_the_runs_own(all_kinds):
    results = mcimpact.simulate(all_kinds, PILOT + 3_000, seed=4, keep_draws=True)
    assert summarize(results.dataset).to_json() == results.summary.to_json()


@pytest.mark.parametrize("tagged", [False, True], ids=["without-tags", "with-tags"])
def test_streamed_output_equals_the_dataset_in_memory(all_kinds, tmp_path, tagged):
    """NetCDF and Zarr give back the dataset in memory: every variable and coordinate,
    with its type — also the empty tag coordinates of a scenario without tags (Zarr
    stored them as float64: issue 23)."""
    scenario = mcimpact.load().select_financing(["regiodeal"]) if tagged else all_kinds
    draws = PILOT + 3_000
    want = run_monte_carlo(scenario, draws, seed=4, keep_inputs=True)
    assert (want.sizes["tag"] > 0) == tagged
    for name in ("r.nc", "r.zarr"):
        mcimpact.simulate(scenario, draws, seed=4, keep_inputs=True, out=tmp_path / name,
                          chunk_size=10_000)
        got = read(tmp_path / name)
        assert got.attrs["draws"] == draws
        assert set(got.variables) == set(want.variables)
        for var in want.variables:
            assert got[var].dtype == want[var].dtype, (name, var)
            np.testing.assert_array_equal(got[var].values, want[var].values, err_msg=var)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.nc", "r.zarr"]  # no temporaries


def test_a_failed_run_leaves_no_output(all_kinds, tmp_path):
    def fail(done, total):
        if done > PILOT:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        mcimpact.simulate(all_kinds, 3 * PILOT, seed=4, out=tmp_path / "r.nc", progress=fail)
    assert list(tmp_path.iterdir()) == []


def test_moments_match_numpy_and_the_column_order_does_not_matter():
    rng = np.random.default_rng(5)
    x = rng.normal(1e7, 1e3, (3, 100_000))  # a large mean: the shift keeps the variance
    stats = ColumnStats(3)
    stats.add(x[:, :PILOT])
    stats.add(x[:, PILOT:])
    mean, sd = stats.moments()
    np.testing.assert_allclose(mean, x.mean(axis=1), rtol=1e-14)
    np.testing.assert_allclose(sd, x.std(axis=1, ddof=1), rtol=1e-11)


@pytest.mark.parametrize("draw", [
    lambda rng, n: rng.normal(5, 1, n),
    lambda rng, n: rng.lognormal(0, 0.5, n),
    lambda rng, n: rng.exponential(1.0, n),
    lambda rng, n: rng.beta(2, 5, n),
], ids=["normal", "lognormal", "exponential", "beta"])
def test_quantiles_are_within_a_tenth_of_their_standard_error(draw):
    """Against np.quantile of the same draws, at 10⁶ draws (the contract's size); the
    quantile's standard error is the half-distance of the order statistics ±√(np(1 − p))
    around it (the binomial interval of the rank)."""
    n = 1_000_000
    x = draw(np.random.default_rng(6), n)
    stats = ColumnStats(1)
    for lo in range(0, n, PILOT):
        stats.add(x[None, lo: lo + PILOT])
    got = stats.quantiles(P)[0]
    xs = np.sort(x)
    half = np.sqrt(n * P * (1 - P))
    se = (xs[(n * P + half).astype(int)] - xs[(n * P - half).astype(int)]) / 2
    assert np.all(np.abs(got - np.quantile(x, P)) < 0.1 * se)


def test_atoms_and_whole_numbers_have_exact_quantiles():
    rng = np.random.default_rng(7)
    n = 3 * PILOT
    x = np.stack([np.full(n, 2.61e6), rng.integers(2021, 2041, n).astype(float),
                  np.where(rng.random(n) < 0.15, 7.83e6, 1.305e7)])
    stats = ColumnStats(3)
    stats.add(x[:, :PILOT])
    stats.add(x[:, PILOT:])
    np.testing.assert_array_equal(stats.quantiles(P), np.quantile(x, P, axis=1).T)
    np.testing.assert_array_equal(stats.moments()[1][0], 0.0)


def test_the_pilots_cdf_is_numpys_searchsorted_on_the_sorted_pilot():
    """reducers._pilot counts without sorting; the reference is the definition itself:
    numpy.searchsorted(sorted pilot, grid, side="right") (ties, atoms, NaN, wide ranges)."""
    rng = np.random.default_rng(11)
    n = PILOT
    pilot = np.stack([rng.normal(size=n), np.round(rng.normal(size=n), 2),
                      rng.integers(2021, 2041, n).astype(float), np.full(n, 3.0),
                      rng.lognormal(size=n) * 1e7, rng.standard_cauchy(size=n),
                      np.linspace(0.1, 0.7, n), np.where(rng.random(n) < 0.1, np.nan, 1.5)])
    stats = ColumnStats(len(pilot))
    stats.add(pilot)
    steps = np.arange(reducers.GRID + 1)
    for k, x in enumerate(pilot):
        x = np.sort(x[~np.isnan(x)])
        assert (stats.lo[k], stats.hi[k]) == (x[0], x[-1])
        width = x[-1] - x[0]
        want = (reducers.BINS * np.searchsorted(x, x[0] + steps * (width / reducers.GRID),
                                                side="right") / len(x)
                if width > 0 else np.zeros(len(steps)))
        np.testing.assert_array_equal(stats.cdf[k], want)


def test_a_column_constant_in_the_pilot_may_vary_later():
    """The constant-column fast path gives the general loop's numbers: the same whatever
    the chunks (bit for bit), and NumPy's moments and exact extremes."""
    rng = np.random.default_rng(12)
    n = 4 * PILOT + 123
    x = np.full((2, n), 2.61e6)
    x[0, 3 * PILOT - 50:] += rng.normal(0, 1e3, n - 3 * PILOT + 50)  # varies mid-block
    results = []
    for size in (PILOT, 1000, 4096):
        stats = ColumnStats(2)
        stats.add(x[:, :PILOT])
        for lo in range(PILOT, n, size):
            stats.add(x[:, lo: lo + size])
        results.append((*stats.moments(), stats.quantiles(P), *stats.extremes()))
    for other in results[1:]:
        for a, b in zip(results[0], other, strict=True):
            np.testing.assert_array_equal(a, b)
    mean, sd, q, least, most = results[0]
    np.testing.assert_allclose(mean, x.mean(axis=1), rtol=1e-14)
    np.testing.assert_allclose(sd[0], x[0].std(ddof=1), rtol=1e-11)
    assert sd[1] == 0.0 and q[1].tolist() == [2.61e6] * len(P)
    np.testing.assert_array_equal(least, x.min(axis=1))
    np.testing.assert_array_equal(most, x.max(axis=1))


def test_nan_ranks_last_or_is_left_out():
    x = np.array([[1.0, np.nan, 3.0, 2.0], [1.0, np.nan, 3.0, 2.0]])
    stats = ColumnStats(2, omit=np.array([False, True]))
    stats.add(x)
    mean, _ = stats.moments()
    assert np.isnan(mean[0]) and mean[1] == 2.0
    q = stats.quantiles(np.array([0.5]))
    # NaN ranks last, as in np.partition: the median of (1, 2, 3, NaN) is between 2 and 3.
    assert q[0, 0] == 2.5
    assert q[1, 0] == 2.0


def test_deterministic_run_is_one_point():
    s = mcimpact.simulate(mcimpact.load(), deterministic=True).summary
    assert not s.monte_carlo and s.ref.multiplier.point
    # The report: 9.434 M EUR of benefits for 2.61 M EUR of costs, a multiplier of 3.6.
    assert round(s.ref.multiplier.mean, 1) == 3.6
    assert json.loads(json.dumps(s.to_json()))["draws"] == 1


def test_inverted_cdf_ranks_are_numpys_without_the_values():
    """Against numpy.quantile(arange(n), p, method="inverted_cdf") itself, which takes the
    order statistics of 0 … n − 1 (so the values are the ranks); the reducers compute them
    without allocating n values (a 10⁸-draw run would need 0.8 GB for that arange)."""
    p = np.array([0.0, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 1.0, 1 / 3, 0.999])
    for n in [*range(1, 300), 4096, 32768, 100_000, 999_999, 1_000_000, 1_234_567]:
        want = np.quantile(np.arange(n), p, method="inverted_cdf").astype(np.int64)
        np.testing.assert_array_equal(reducers.inverted_cdf_ranks(n, p), want, err_msg=n)


# --------------------------------------------------------------------------------------
# The summary's quantiles: windows around the pilot's quantiles (reducers.WindowStats)

WINDOWED = {
    "normal": lambda rng, n: rng.normal(5, 1, n),
    "lognormal": lambda rng, n: rng.lognormal(0, 0.5, n),
    "exponential": lambda rng, n: rng.exponential(1.0, n),
    "beta": lambda rng, n: rng.beta(2, 5, n),
    # A zero with probability 0.3 (years without benefits), then a long tail.
    "zero-inflated": lambda rng, n: np.where(rng.random(n) < 0.3, 0.0,
                                             rng.lognormal(3, 1, n)),
    # Lumpy: sums of few whole counts.
    "lumpy": lambda rng, n: rng.poisson(3, n) * 1_000.0 + rng.poisson(2, n) * 350.0,
}


@pytest.mark.parametrize("draw", WINDOWED.values(), ids=WINDOWED.keys())
def test_windowed_quantiles_are_within_a_tenth_of_their_standard_error(draw):
    """The contract (docs/methodology.md, "Quantiles") at 10⁶ draws, against np.quantile
    of the same draws, as for ColumnStats above; an atom's quantile is exact."""
    n = 1_000_000
    x = draw(np.random.default_rng(16), n)
    stats = reducers.WindowStats(1, P)
    for lo in range(0, n, PILOT):
        stats.add(x[None, lo: lo + PILOT])
    got = stats.quantiles(P)[0]
    want = np.quantile(x, P)
    xs = np.sort(x)
    half = np.sqrt(n * P * (1 - P))
    se = (xs[(n * P + half).astype(int)] - xs[(n * P - half).astype(int)]) / 2
    assert np.all(np.where(se > 0, np.abs(got - want) < 0.1 * se, got == want))
    assert stats.missed == 0
    mean, sd = stats.moments()
    np.testing.assert_allclose(mean, x.mean(), rtol=1e-13)
    np.testing.assert_allclose(sd, x.std(ddof=1), rtol=1e-11)
    assert stats.extremes() == (x.min(), x.max())


def test_windowed_statistics_do_not_depend_on_the_chunks_or_parts():
    """Bit for bit: whatever the chunk sizes after the pilot, and a part filled elsewhere
    and merged (the dask backend), including a column that varies only after the pilot
    and NaN draws (ranked last, or left out with ``omit``)."""
    rng = np.random.default_rng(17)
    n = 4 * PILOT + 123
    x = np.stack([rng.lognormal(0, 1, n), np.full(n, 2.61e6),
                  np.where(rng.random(n) < 0.01, np.nan, rng.normal(0, 1, n)),
                  np.where(rng.random(n) < 0.01, np.nan, rng.normal(0, 1, n))])
    x[1, 3 * PILOT - 50:] += rng.normal(0, 1e3, n - 3 * PILOT + 50)
    omit = np.array([False, False, False, True])

    def summary(stats):
        return (*stats.moments(), stats.quantiles(P), *stats.extremes(), stats.count())

    results = []
    for size in (PILOT, 1000, reducers.BLOCK + 7):
        stats = reducers.WindowStats(4, P, omit=omit)
        stats.add(x[:, :PILOT])
        for lo in range(PILOT, n, size):
            stats.add(x[:, lo: lo + size])
        results.append(summary(stats))
    # Told the draws to come, it keeps no sorted pilot (memory: a chunk of every column).
    stats = reducers.WindowStats(4, P, omit=omit, draws=n)
    stats.add(x[:, :PILOT])
    assert stats.pilot is None
    for lo in range(PILOT, n, PILOT):
        stats.add(x[:, lo: lo + PILOT])
    results.append(summary(stats))
    stats = reducers.WindowStats(4, P, omit=omit)
    stats.add(x[:, :PILOT])
    part = stats.part(2 * PILOT)
    stats.add(x[:, PILOT: 2 * PILOT])
    part.add(x[:, 2 * PILOT:])
    stats.merge(part)
    results.append(summary(stats))
    for other in results[1:]:
        for a, b in zip(results[0], other, strict=True):
            np.testing.assert_array_equal(a, b)
    mean, _, q, least, most, count = results[0]
    assert np.isnan(mean[2]) and mean[3] == pytest.approx(np.nanmean(x[3]), abs=1e-12)
    np.testing.assert_array_equal(least, np.nanmin(x, axis=1))
    np.testing.assert_array_equal(most, np.nanmax(x, axis=1))
    # NaN ranks last: column 2's p95 is the 0.95 (n − 1)-th of all n draws, NaN included.
    ranked = np.sort(x[2])
    assert q[2, -1] == pytest.approx(ranked[round(0.95 * (n - 1))], abs=0.01)
    assert q[3, -1] == pytest.approx(np.nanquantile(x[3], 0.95), abs=0.01)
    assert count[3] == np.count_nonzero(~np.isnan(x[3]))
    np.testing.assert_allclose(mean[:2], x[:2].mean(axis=1), rtol=1e-13)


def test_windowed_quantiles_of_a_short_run_are_exact():
    rng = np.random.default_rng(18)
    x = np.stack([rng.lognormal(0, 1, 5_000), np.where(rng.random(5_000) < 0.1, np.nan,
                                                       rng.random(5_000))])
    stats = reducers.WindowStats(2, P, draws=5_000)  # told it is all: the pilot is kept
    stats.add(x)
    np.testing.assert_array_equal(stats.quantiles(P)[0], np.quantile(x[0], P))
    # NaN ranks last, as in np.partition (and ColumnStats): linear between the order
    # statistics of the sorted draws, NaN where one of them is NaN.
    ranked = np.sort(x[1])
    h = (len(ranked) - 1) * P
    lo = np.floor(h).astype(int)
    want = ranked[lo] + (h - lo) * (ranked[lo + 1] - ranked[lo])
    np.testing.assert_array_equal(stats.quantiles(P)[1], want)


def test_atoms_and_whole_numbers_have_exact_windowed_quantiles():
    rng = np.random.default_rng(7)
    n = 3 * PILOT
    x = np.stack([np.full(n, 2.61e6), rng.integers(2021, 2041, n).astype(float),
                  np.where(rng.random(n) < 0.15, 7.83e6, 1.305e7)])
    stats = reducers.WindowStats(3, P)
    stats.add(x[:, :PILOT])
    stats.add(x[:, PILOT:])
    np.testing.assert_array_equal(stats.quantiles(P), np.quantile(x, P, axis=1).T)
    np.testing.assert_array_equal(stats.moments()[1][0], 0.0)


def test_the_figures_histogram_matches_numpys_and_merges_in_draw_order():
    """reducers.FineHistogram (the multiplier's histogram for the figures): np.histogram
    of the same draws but for the draws of the fine bin an edge cuts (spread evenly over
    it), whatever the chunks and parts; draws outside the pilot's range are counted
    exactly, NaN not at all."""
    rng = np.random.default_rng(19)
    n = 3 * PILOT + 11
    x = np.stack([rng.lognormal(1, 0.4, n), np.full(n, 3.0)])
    x[0, -5:] = [0.01, 50.0, np.nan, 60.0, 0.02]  # beyond the pilot's range, and a NaN
    whole = reducers.FineHistogram(2)
    whole.add(x[:, :PILOT])
    whole.add(x[:, PILOT:])
    parted = reducers.FineHistogram(2)
    parted.add(x[:, :PILOT])
    part = parted.part(2 * PILOT)
    parted.add(x[:, PILOT: 2 * PILOT])
    part.add(x[:, 2 * PILOT:])
    parted.merge(part)
    least, most = whole.extremes()
    assert (least[0], most[0]) == (np.nanmin(x[0]), np.nanmax(x[0]))
    for k in range(2):
        edges = np.histogram_bin_edges([np.nanmin(x[k]) - 1, np.nanmax(x[k]) + 1], bins=60)
        got = whole.histogram(k, edges)
        np.testing.assert_array_equal(got, parted.histogram(k, edges))
        want = np.histogram(x[k][~np.isnan(x[k])], bins=edges)[0]
        assert np.all(np.abs(got - want) <= 2 + 0.001 * want)  # (each bin rounded)
        assert abs(got.sum() - want.sum()) <= len(got) // 2
