"""The Monte Carlo core: agreement with the NumPy twin, reproducibility, and statistics
checked against analytic results with tolerances from the Monte Carlo standard error."""

from __future__ import annotations

import dataclasses
import hashlib
import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import xarray as xr
from scipy import stats

from conftest import build, chain
from mcimpact import testing
from mcimpact.core.compile import core_arrays, sample
from mcimpact.model import distributions
from mcimpact.model.distributions import beta_ab, fixed
from mcimpact.readers.toml import load, parse
from mcimpact.run import engine
from mcimpact.testing.synthetic import synthetic_toml

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def all_kinds():
    return load(DATA / "all-kinds.toml")


@pytest.fixture(scope="module")
def groningen():
    return load()


def test_core_matches_the_numpy_twin_draw_by_draw(all_kinds):
    # Every distribution kind, a rank correlation and an uncertain duration; the twin uses
    # the same uniforms but scipy's exact inverse CDFs, so the only difference is the Beta
    # tables' interpolation (< 1e-5 relative, see test_kernels).
    core = core_arrays(all_kinds)
    got = sample(core, 7, 1000, 20_000, keep_inputs=True)
    want = testing.twin(all_kinds, 7, 1000, 20_000)
    assert got.benefits.shape == want.benefits.shape == (20_000, 1, 10)  # one financing
    np.testing.assert_allclose(got.inputs, want.inputs, rtol=1e-5)
    np.testing.assert_allclose(got.benefits, want.benefits, rtol=1e-5, atol=1e-9)
    np.testing.assert_allclose(got.groups, want.groups, rtol=1e-5, atol=1e-9)
    np.testing.assert_array_equal(got.patterns, want.patterns)


def test_quantiles_match_the_numpy_twin(groningen):
    core = core_arrays(groningen)
    got = sample(core, 11, 0, 5_000)
    want = testing.twin(groningen, 11, 0, 5_000)
    q = [0.05, 0.1, 0.5, 0.9, 0.95]
    # Per financing scenario (axis 1), of the sum over the years.
    assert got.benefits.shape == want.benefits.shape == (5_000, 4, 20)
    np.testing.assert_allclose(np.quantile(got.benefits.sum(axis=-1), q, axis=0),
                               np.quantile(want.benefits.sum(axis=-1), q, axis=0), rtol=1e-6)


def _fingerprint(ds: xr.Dataset) -> str:
    h = hashlib.sha256()
    for name in sorted(ds.data_vars):
        h.update(np.ascontiguousarray(ds[name].values).tobytes())
    return h.hexdigest()


def test_same_seed_same_numbers_whatever_the_chunk_size(all_kinds):
    runs = [engine.run_monte_carlo(all_kinds, 5_000, seed=3, chunk_size=size, keep_inputs=True)
            for size in (5_000, 1_024, 777)]
    for other in runs[1:]:
        xr.testing.assert_identical(runs[0], other)


def test_a_shorter_run_is_a_prefix_of_a_longer_one(all_kinds):
    short = engine.run_monte_carlo(all_kinds, 1_000, seed=3)
    long = engine.run_monte_carlo(all_kinds, 3_000, seed=3)
    for name in ("benefits", "multiplier", "benefits_by_domain", "break_even_year"):
        np.testing.assert_array_equal(short[name].values, long[name].values[:1_000])


def test_different_seeds_give_different_numbers(all_kinds):
    a = engine.run_monte_carlo(all_kinds, 100, seed=1)
    b = engine.run_monte_carlo(all_kinds, 100, seed=2)
    assert not np.array_equal(a["benefits"].values, b["benefits"].values)


_THREADS_SCRIPT = """
import hashlib, sys, numba
from mcimpact.run import engine
from mcimpact.core.compile import core_arrays, sample
from mcimpact.readers.toml import load
ds = engine.run_monte_carlo(load(sys.argv[1]), 20_000, seed=5, chunk_size=int(sys.argv[2]))
h = hashlib.sha256()
for name in sorted(ds.data_vars):
    h.update(ds[name].values.tobytes())
print(numba.get_num_threads(), h.hexdigest())
"""


def test_same_numbers_on_one_thread_or_two():
    digests = set()
    for threads, chunk in (("1", "20000"), ("2", "3000"), ("2", "20000")):
        env = {**os.environ, "NUMBA_NUM_THREADS": threads}
        out = subprocess.run(
            [sys.executable, "-c", _THREADS_SCRIPT, str(DATA / "all-kinds.toml"), chunk],
            capture_output=True, text=True, env=env, check=True).stdout.split()
        assert out[0] == threads
        digests.add(out[1])
    assert len(digests) == 1


def _collapsed(scenario):
    """Every input fixed at its point value, and every renewal granted (non_renewal 0)."""
    chains = []
    for c in scenario.chains:
        chains.append(dataclasses.replace(
            c,
            participants=fixed(c.participants.point),
            success_probability=fixed(c.success_probability.point),
            effect_size=fixed(c.effect_size.point),
            value=fixed(c.value.point),
            profile=dataclasses.replace(c.profile, duration=fixed(c.profile.point_duration)),
        ))
    financing = tuple(
        dataclasses.replace(f, funding=tuple((i, dataclasses.replace(plan, non_renewal=0.0))
                                             for i, plan in f.funding))
        for f in scenario.financing)
    return dataclasses.replace(scenario, chains=tuple(chains), correlations=(),
                               financing=financing)


def test_collapsed_monte_carlo_equals_the_deterministic_engine_exactly(groningen):
    mc = engine.run_monte_carlo(_collapsed(groningen), 3, seed=1)
    det = engine.run_deterministic(groningen)
    assert det.sizes["financing"] == 4  # and all four are compared
    for name in det.data_vars:
        if "draw" in det[name].dims:
            for d in range(3):
                np.testing.assert_array_equal(mc[name].isel(draw=d).values,
                                              det[name].isel(draw=0).values)


def test_label_beta_keeps_the_label_value_as_mean_and_the_documented_spread(groningen):
    example = next(c for c in groningen.chains if c.id == "selwerd-ontmoeting-eenzaamheid")
    for inp, value in ((example.success_probability, 0.35), (example.effect_size, 0.50)):
        a, b = beta_ab(inp.p)
        assert stats.beta(a, b).mean() == pytest.approx(value, rel=1e-12)
        # Default spread: sd = (midpoint distance 0.075) / Φ⁻¹(0.9) on the 0.15-step scale,
        # so that about 80 % of the mass lies between the midpoints to the neighbours.
        assert stats.beta(a, b).std() == pytest.approx(0.075 / stats.norm.ppf(0.9), rel=1e-9)
        inside = stats.beta(a, b).cdf(value + 0.075) - stats.beta(a, b).cdf(value - 0.075)
        assert inside == pytest.approx(0.80, abs=0.01)


def test_default_count_uncertainty_keeps_the_count_as_mean(groningen):
    example = next(c for c in groningen.chains if c.id == "selwerd-ontmoeting-eenzaamheid")
    assert example.participants.dist == "negbinomial"
    assert example.participants.p == {"mean": 120.0, "sd": 24.0}  # cv 0.2
    assert distributions.frozen(example.participants).mean() == pytest.approx(120)


def test_mean_and_variance_of_an_independent_product_match_the_analytic_values():
    # B = N·p·δ·v (one-off, one cohort): N ~ Poisson(40), p ~ Beta(2, 3), δ ~ U(0.2, 0.6),
    # v = 100. For independent factors E[B] = Π E[X] and E[B²] = Π E[X²].
    c = chain(participants={"dist": "poisson", "mean": 40},
              success_probability={"dist": "beta", "a": 2.0, "b": 3.0},
              effect_size={"dist": "uniform", "min": 0.2, "max": 0.6}, value=100)
    n = 200_000
    total = engine.run_monte_carlo(build([c]), n, seed=9)["benefits_total"].values
    moments = [(40.0, 40.0 + 40.0**2), (0.4, 0.04 + 0.16), (0.4, 0.4**2 / 12 + 0.16),
               (100.0, 100.0**2)]
    mean = math.prod(m for m, _ in moments)
    second = math.prod(s for _, s in moments)
    var = second - mean**2
    assert abs(total.mean() - mean) < 4 * math.sqrt(var / n)
    # SE of the sample variance: √((μ₄ − σ⁴)/n), μ₄ estimated from the sample.
    mu4 = np.mean((total - total.mean()) ** 4)
    assert abs(total.var(ddof=1) - var) < 4 * math.sqrt((mu4 - var**2) / n)


def test_groningen_means_are_within_4_standard_errors_of_the_point_result(groningen):
    # Label Betas keep the label's mean, counts keep the count as mean, all inputs are
    # independent and enter as products (an added cohort's slagingskans p + Δ(1 − p) is
    # linear in p): given the funding pattern K, E[benefits | K] is the point benefits
    # under K. Where K is certain (regiodeal: nothing added; voortzetting: fixed) that is
    # the deterministic result; where renewal is uncertain K is independent of the inputs,
    # so E[benefits] = Σ_k P(K = k) · point(k) and E[multiplier] = Σ_k P(K = k) ·
    # point(k) / costs(k) (joint renewal: one K for all five initiatives).
    det = engine.run_deterministic(groningen)
    mc = engine.run_monte_carlo(groningen, 100_000, seed=2021)
    discount = groningen.meta.discount_factors
    for f, fin in enumerate(groningen.financing):
        if fin.id in ("regiodeal", "voortzetting-2024-2026"):
            want = {name: float(det[name].isel(draw=0, financing=f))
                    for name in ("benefits_total", "multiplier")}
        else:
            # The same renewal plan for every initiative (only the yearly costs differ).
            (probs,) = {tuple(plan.added_years_probabilities()) for _, plan in fin.funding}
            want = {"benefits_total": 0.0, "multiplier": 0.0}
            for k, prob in enumerate(probs):
                pattern = testing.granted(groningen)
                pattern[f] = k
                b = float(testing.point(groningen, pattern).benefits[0, f] @ discount)
                c = float(testing.costs(groningen, pattern[None])[0, f] @ discount)
                want["benefits_total"] += prob * b
                want["multiplier"] += prob * b / c
        for name, value in want.items():
            x = mc[name].isel(financing=f).values
            se = x.std(ddof=1) / math.sqrt(len(x))
            assert abs(x.mean() - value) < 4 * se, (fin.id, name)
    assert mc["multiplier"].std("draw").min() > 0.05  # and it is uncertain


def test_requested_rank_correlation_is_achieved():
    chains = [chain(id=f"c{k}", success_probability={"dist": "uniform", "min": 0.0, "max": 1.0})
              for k in range(5)]
    other = {"id": "b", "name": "B", "costs": {"2021": 100}, "activities": {"x": "X"}}
    chains += [chain(id=f"d{k}", initiative="b",
                     success_probability={"dist": "uniform", "min": 0.0, "max": 1.0})
               for k in range(2)]
    from conftest import INITIATIVE, META, toml

    text = toml(META, [INITIATIVE, other], chains) + (
        '\n[[correlations]]\ninput = "success_probability"\nby = "initiative"\n'
        "rank_correlation = 0.6\n")
    scenario = parse(text)
    n = 40_000
    inputs = engine.run_monte_carlo(scenario, n, seed=4, keep_inputs=True)["inputs"]
    p = inputs.sel(input="success_probability").values
    rho = stats.spearmanr(p).statistic
    # Spearman's SE ≈ (1 − ρ²)/√n ≈ 0.0032 here; 4 SE per pair.
    tol = 4 * (1 - 0.6**2) / math.sqrt(n)
    within_a = rho[np.triu_indices(5, 1)]
    assert np.all(np.abs(within_a - 0.6) < tol)
    assert abs(rho[5, 6] - 0.6) < tol  # initiative b is its own group
    assert np.all(np.abs(rho[:5, 5:]) < 4 / math.sqrt(n))  # no correlation across groups


def test_statistically_indistinguishable_from_the_numpy_peer():
    scenario = parse(synthetic_toml(24, seed=1))
    n = 50_000
    ours = sample(core_arrays(scenario), 8, 0, n)
    peer = testing.peer(scenario, n, seed=8)
    # One financing scenario (the base funding), which is all the peer models.
    assert ours.benefits.shape == peer.benefits.shape == (n, 1, scenario.meta.horizon)
    for a, b in ((ours.benefits[:, 0].sum(axis=-1), peer.benefits[:, 0].sum(axis=-1)),
                 (ours.groups[:, 0, 0], peer.groups[:, 0, 0])):
        se = math.sqrt(a.var() / n + b.var() / n)
        assert abs(a.mean() - b.mean()) < 4 * se
        # sd within 4 SE (SE of a sample sd ≈ sd / √(2n) for near-normal data).
        assert abs(a.std() - b.std()) < 4 * math.sqrt(a.var() / (2 * n) + b.var() / (2 * n))
        assert stats.ks_2samp(a, b).pvalue > 1e-4


def test_precision_mode_stops_when_the_mean_multiplier_is_precise_enough(groningen):
    ds = engine.run_monte_carlo(groningen, 2_000, seed=1, precision=0.002, chunk_size=2_000)
    m = ds["multiplier"].transpose("draw", "financing").values
    assert len(m) == ds.attrs["draws"] > 2_000
    # Every financing scenario's mean multiplier meets the precision.
    assert m.shape[1] == 4
    assert np.all(1.96 * m.std(axis=0, ddof=1) / math.sqrt(len(m)) <= 0.002 * m.mean(axis=0))
    # The draws are the first n of the stream: the same as asking for n draws.
    fixed_n = engine.run_monte_carlo(groningen, len(m), seed=1)
    np.testing.assert_array_equal(fixed_n["multiplier"].values, ds["multiplier"].values)


def test_provenance_and_kept_inputs(all_kinds):
    ds = engine.run_monte_carlo(all_kinds, 500, seed=12, keep_inputs=True)
    assert ds.attrs["seed"] == 12 and ds.attrs["draws"] == 500
    assert ds.attrs["scenario_sha256"] == hashlib.sha256(all_kinds.text.encode()).hexdigest()
    assert ds.attrs["scenario_text"] == all_kinds.text
    assert ds["inputs"].dims == ("draw", "chain", "input")
    want = testing.twin(all_kinds, 12, 0, 500).inputs
    np.testing.assert_allclose(ds["inputs"].values, want, rtol=1e-5)
