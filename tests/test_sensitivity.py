"""Sensitivity: the exact variance shares of a sum of independent products against their
analytic values, the general pick-freeze estimator against those and against the Ishigami
function's known indices, tornado swings against closed forms, and the drivers of a late
break-even. Tolerances come from the Monte Carlo error (batch means or bootstrap)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from conftest import build, chain
from golden_analyses import close, settle_ties
from mcimpact.analysis.sensitivity import (
    VarianceShare,
    analyse,
    analyse_financing,
    chain_groups,
    chain_totals,
    input_shares,
    late_break_even,
    one_financing,
    pick_freeze,
    sobol_from_evaluations,
    structure,
    tornado,
    variance_shares,
    weighted_indices,
)
from mcimpact.core.compile import core_arrays, sample
from mcimpact.readers.toml import load
from mcimpact.run import engine
from mcimpact.run.dataset import yearly_costs
from mcimpact.run.run import Run

DATA = Path(__file__).parent / "data"
TWO_ACTIVITIES = [{"id": "a", "name": "A", "costs": {"2021": 1000},
                   "activities": {"x": "X", "y": "Y"}}]


def _run(*args, **kwargs):
    """A Monte Carlo run of a scenario with one (the implicit) financing scenario."""
    return engine.run_monte_carlo(*args, **kwargs).isel(financing=0)


def beta_mv(a: float, b: float) -> tuple[float, float]:
    return a / (a + b), a * b / ((a + b) ** 2 * (a + b + 1))


def uniform_mv(lo: float, hi: float) -> tuple[float, float]:
    return (lo + hi) / 2, (hi - lo) ** 2 / 12


# Three chains, each N·p·δ·v with independent inputs (one-off profile, one cohort, no
# adjustments: B_e is the product itself), beside the moments (mean, variance) of
# N, p, δ, v written out from the distributions' formulas.
PRODUCTS = [
    (dict(id="c1", activity="x", participants={"dist": "poisson", "mean": 40},
          success_probability={"dist": "beta", "a": 2.0, "b": 3.0},
          effect_size={"dist": "uniform", "min": 0.2, "max": 0.6}, value=100),
     [(40.0, 40.0), beta_mv(2, 3), uniform_mv(0.2, 0.6), (100.0, 0.0)]),
    (dict(id="c2", activity="x", participants={"dist": "poisson", "mean": 15},
          success_probability={"dist": "beta", "a": 5.0, "b": 5.0}, effect_size=0.5,
          value={"dist": "uniform", "min": 50, "max": 150}),
     [(15.0, 15.0), beta_mv(5, 5), (0.5, 0.0), uniform_mv(50, 150)]),
    (dict(id="c3", activity="y", participants={"dist": "negbinomial", "mean": 30, "sd": 10},
          success_probability=0.6, effect_size={"dist": "beta", "a": 3.0, "b": 2.0},
          value=80),
     [(30.0, 100.0), (0.6, 0.0), beta_mv(3, 2), (80.0, 0.0)]),
]


def analytic(moments: list[tuple[float, float]]) -> dict[str, object]:
    """Var(Π X) and the within-product indices S_i = Var(X_i) Π_{j≠i} E[X_j]² / Var(Π X),
    ST_i = Var(X_i) Π_{j≠i} E[X_j²] / Var(Π X)."""
    m2 = [m**2 for m, _ in moments]
    q = [v + m**2 for m, v in moments]
    var = math.prod(q) - math.prod(m2)
    first = [v * math.prod(m2[:i] + m2[i + 1:]) / var for i, (_, v) in enumerate(moments)]
    total = [v * math.prod(q[:i] + q[i + 1:]) / var for i, (_, v) in enumerate(moments)]
    return {"var": var, "first": first, "total": total}


@pytest.fixture(scope="module")
def products():
    return build([chain(**c) for c, _ in PRODUCTS], TWO_ACTIVITIES)


@pytest.fixture(scope="module")
def products_run(products):
    return _run(products, 1 << 16, seed=31, keep_inputs=True)


EXPECTED = [analytic(m) for _, m in PRODUCTS]
VAR_TOTAL = sum(e["var"] for e in EXPECTED)  # type: ignore[misc]
CHAIN_SHARES = {c["id"]: e["var"] / VAR_TOTAL for (c, _), e in zip(PRODUCTS, EXPECTED,
                                                                   strict=True)}
ACTIVITY_SHARES = {"a:x": CHAIN_SHARES["c1"] + CHAIN_SHARES["c2"], "a:y": CHAIN_SHARES["c3"]}


@pytest.mark.parametrize("source", ["all-kinds", "discounted"])
def test_chain_totals_add_up_to_the_runs_total_benefits(source):
    # Uncertain durations, adjustments, a correlation (all-kinds); a discount rate and a
    # decline profile (discounted): the per-chain arithmetic is the core's.
    if source == "all-kinds":
        scenario = load(DATA / "all-kinds.toml")
    else:
        scenario = build([
            chain(profile={"shape": "constant",
                           "duration": {"dist": "uniform", "min": 1, "max": 5.8}},
                  adjustments={"deadweight": 0.2, "drop_off": 0.1}),
            chain(id="c2", participants={"dist": "poisson", "mean": 7},
                  profile={"shape": "linear-decline", "duration": 3}, cohorts=[2022, 2023]),
        ], horizon=8, discount_rate=0.03)
    ds = _run(scenario, 3000, seed=5, keep_inputs=True)
    totals = chain_totals(scenario, ds)
    assert totals.shape == (3000, len(scenario.chains))
    np.testing.assert_allclose(totals.sum(axis=1), ds["benefits_total"].values, rtol=1e-12)


def test_per_chain_and_per_activity_shares_equal_the_analytic_values(products, products_run):
    totals = chain_totals(products, products_run["inputs"])
    for by, want in (("chain", CHAIN_SHARES), ("activity", ACTIVITY_SHARES)):
        got = variance_shares(totals, chain_groups(products, by))
        for label, share in want.items():
            est = float(got["first_order"].sel(factor=label))
            se = float(got["standard_error"].sel(factor=label))
            assert abs(est - share) < 4 * se, (by, label, est, share, se)
            assert se < 0.02  # the test has teeth
        np.testing.assert_array_equal(got["first_order"], got["total_order"])
    # The run's own breakdown (sums over the activity's chains, whose sample covariances
    # add noise) agrees within its error.
    from_ds = variance_shares(products_run["benefits_by_activity"])
    for label, share in ACTIVITY_SHARES.items():
        row = from_ds.sel(factor=label)
        assert abs(float(row["first_order"]) - share) < 4 * float(row["standard_error"])
    assert abs(from_ds.attrs["covariance_share"]) < 0.05  # independent chains


def test_input_shares_are_the_exact_formulas(products):
    got = input_shares(products)
    for (c, _), want in zip(PRODUCTS, EXPECTED, strict=True):
        row = got.sel(chain=c["id"])
        assert float(row["chain_share"]) == pytest.approx(CHAIN_SHARES[c["id"]], rel=1e-9)
        assert float(row["chain_variance"]) == pytest.approx(want["var"], rel=1e-9)
        np.testing.assert_allclose(row["chain_first_order"].values[:4], want["first"],
                                   rtol=1e-9, atol=1e-15)
        np.testing.assert_allclose(row["chain_total_order"].values[:4], want["total"],
                                   rtol=1e-9, atol=1e-15)
        assert float(row["chain_total_order"].sel(input="duration")) == 0.0
    # Per input kind: the chains' parts weighted by Var(B_e) / Var(T).
    for i, name in enumerate(("participants", "success_probability", "effect_size", "value")):
        want_first = sum(CHAIN_SHARES[c["id"]] * e["first"][i]
                         for (c, _), e in zip(PRODUCTS, EXPECTED, strict=True))
        assert float(got["first_order"].sel(input=name)) == pytest.approx(want_first, rel=1e-9)


def test_input_shares_include_an_uncertain_duration_exactly():
    # B = N · p · PV[round(D)]: the moments of the rounded, discounted duration factor
    # are sums over years; compare the resulting mean and variance with a large run.
    scenario = build([chain(
        participants={"dist": "poisson", "mean": 20},
        success_probability={"dist": "beta", "a": 2.0, "b": 2.0},
        profile={"shape": "constant", "duration": {"dist": "uniform", "min": 1, "max": 5.8}},
    )], horizon=8, discount_rate=0.05)
    got = input_shares(scenario)
    x = _run(scenario, 1 << 16, seed=2)["benefits_total"].values
    n = len(x)
    assert abs(x.mean() - float(got["chain_mean"][0])) < 4 * x.std() / math.sqrt(n)
    var = float(got["chain_variance"][0])
    mu4 = np.mean((x - x.mean()) ** 4)
    assert abs(x.var(ddof=1) - var) < 4 * math.sqrt((mu4 - var**2) / n)
    assert float(got["chain_total_order"].sel(input="duration")[0]) > 0.1


def test_input_shares_refuse_correlated_inputs():
    with pytest.raises(ValueError, match="correlations"):
        input_shares(load(DATA / "all-kinds.toml"))


def _se(ds, name):
    """Standard error from a 95 % interval."""
    return (ds[f"{name}_high"] - ds[f"{name}_low"]) / (2 * 1.96)


def test_pick_freeze_agrees_with_the_exact_shares(products, products_run):
    pf = pick_freeze(products, 1 << 14, seed=3, by="chain",
                     outputs=("benefits_total", "multiplier"))
    exact = variance_shares(chain_totals(products, products_run["inputs"]),
                            chain_groups(products, "chain"))
    for output in ("benefits_total", "multiplier"):
        res = pf.sel(output=output)
        for label in CHAIN_SHARES:
            for name in ("first_order", "total_order"):
                est = float(res[name].sel(factor=label))
                tol = 4 * math.hypot(float(_se(res, name).sel(factor=label)),
                                     float(exact["standard_error"].sel(factor=label)))
                assert abs(est - float(exact[name].sel(factor=label))) < tol, (label, name)
    # The multiplier is total benefits / costs: the same indices.
    np.testing.assert_allclose(pf["first_order"].sel(output="multiplier"),
                               pf["first_order"].sel(output="benefits_total"), rtol=1e-9)


def test_pick_freeze_by_input_kind_agrees_with_the_exact_input_indices(products):
    kinds = ("participants", "success_probability", "effect_size", "value")
    groups = {k: [(c["id"], k) for c, _ in PRODUCTS] for k in kinds}
    pf = pick_freeze(products, 1 << 14, seed=4, groups=groups,
                     outputs=("benefits_total",)).sel(output="benefits_total")
    exact = input_shares(products)
    for k in kinds:
        for name in ("first_order", "total_order"):
            est, se = float(pf[name].sel(factor=k)), float(_se(pf, name).sel(factor=k))
            assert abs(est - float(exact[name].sel(input=k))) < 4 * se, (k, name)


def test_pick_freeze_is_reproducible_and_serves_correlated_inputs():
    scenario = load(DATA / "all-kinds.toml")
    a = pick_freeze(scenario, 1 << 10, seed=8, n_resamples=50)
    b = pick_freeze(scenario, 1 << 10, seed=8, n_resamples=50)
    assert a.equals(b)
    # The common factor of the correlation group is a factor of its own.
    assert list(a["factor"].values) == ["a:x", "a:y", "correlation:0:a"]
    assert list(a["output"].values) == ["multiplier", "benefits_total", "break_even_year"]
    assert np.isfinite(a["total_order"].values).all()
    # A's evaluations are the first draws of the ordinary run with the same seed.
    run = _run(scenario, 1 << 10, seed=8)
    assert float(a["mean"].sel(output="multiplier")) != pytest.approx(0)
    assert abs(float(a["mean"].sel(output="multiplier")) - float(run["multiplier"].mean())) \
        < 4 * float(run["multiplier"].std()) / math.sqrt(1 << 10)


def test_general_estimator_reproduces_the_ishigami_indices():
    # f = sin x1 + a sin² x2 + b x3⁴ sin x1, x_i ~ U(−π, π), a = 7, b = 0.1. Known:
    # V1 = ½ (1 + bπ⁴/5)², V2 = a²/8, V13 = b²π⁸ (1/18 − 1/50), V = V1 + V2 + V13.
    a, b = 7.0, 0.1
    v1 = 0.5 * (1 + b * math.pi**4 / 5) ** 2
    v2 = a**2 / 8
    v13 = b**2 * math.pi**8 * (1 / 18 - 1 / 50)
    v = v1 + v2 + v13
    first = np.array([v1, v2, 0.0]) / v
    total = np.array([v1 + v13, v2, v13]) / v
    np.testing.assert_allclose(first, [0.3139, 0.4424, 0.0], atol=5e-5)
    np.testing.assert_allclose(total, [0.5576, 0.4424, 0.2437], atol=5e-5)

    def ishigami(x):
        return np.sin(x[0]) + a * np.sin(x[1]) ** 2 + b * x[2] ** 4 * np.sin(x[0])

    n, d = 1 << 14, 3
    rng = np.random.default_rng(2024)
    A, B = rng.uniform(-math.pi, math.pi, (2, d, n))
    AB = np.repeat(A[None], d, axis=0)
    AB[np.arange(d), np.arange(d)] = B
    f_AB = np.stack([ishigami(AB[i]) for i in range(d)])
    got = sobol_from_evaluations(ishigami(A), ishigami(B), f_AB, factors=["x1", "x2", "x3"],
                                 seed=1).isel(output=0)
    for name, want in (("first_order", first), ("total_order", total)):
        se = _se(got, name).values
        assert np.all(np.abs(got[name].values - want) < 4 * se), (name, got[name].values)
        assert np.all(se < 0.015)
    # The point estimates are scipy's, and so are the bootstrap's estimates: bootstrap
    # counts as weights give what sobol_indices gives on the resampled draws.
    f_A, f_B = ishigami(A)[None], ishigami(B)[None]
    ref = stats.sobol_indices(func={"f_A": f_A, "f_B": f_B, "f_AB": f_AB[:, None]}, n=n)
    np.testing.assert_allclose(got["first_order"].values, ref.first_order.ravel(), rtol=1e-12)
    np.testing.assert_allclose(got["total_order"].values, ref.total_order.ravel(), rtol=1e-12)
    unit = weighted_indices(f_A, f_B, f_AB[:, None], np.ones((1, n)))[:, 0, :, 0]
    np.testing.assert_allclose(unit, [ref.first_order.ravel(), ref.total_order.ravel()],
                               rtol=1e-9)
    idx = rng.integers(0, n, n)
    resample = stats.sobol_indices(func={"f_A": f_A[:, idx], "f_B": f_B[:, idx],
                                         "f_AB": f_AB[:, None, idx]}, n=n)
    counts = np.bincount(idx, minlength=n)[None].astype(float)
    weighted = weighted_indices(f_A, f_B, f_AB[:, None], counts)[:, 0, :, 0]
    np.testing.assert_allclose(weighted, [resample.first_order.ravel(),
                                          resample.total_order.ravel()], rtol=1e-9)


def test_tornado_swings_are_the_quantile_range_times_the_other_point_values():
    # One chain, amount = 0.8 (deadweight 0.2) · N · p · δ · 100 per effect year, constant
    # over D years of a 5-year horizon (one cohort), costs 1000.
    scenario = build([chain(
        participants={"dist": "poisson", "mean": 40},
        success_probability={"dist": "beta", "a": 2.0, "b": 3.0},
        effect_size={"dist": "uniform", "min": 0.2, "max": 0.6}, value=100,
        profile={"shape": "constant", "duration": {"dist": "uniform", "min": 1, "max": 5.8}},
        adjustments={"deadweight": 0.2},
    )], [{**TWO_ACTIVITIES[0], "costs": {"2021": 1000}}])
    got = tornado(scenario, "multiplier")
    point = {"participants": 40.0, "success_probability": 0.4, "effect_size": 0.4,
             "value": 100.0}
    years = 3  # round(3.4)
    ranges = {
        "participants": stats.poisson(40).ppf([0.1, 0.9]),
        "success_probability": stats.beta(2, 3).ppf([0.1, 0.9]),
        "effect_size": np.array([0.24, 0.56]),  # 0.2 + 0.4 · (0.1, 0.9)
    }
    for name, (lo, hi) in ranges.items():
        others = math.prod(v for k, v in point.items() if k != name)
        want = (hi - lo) * others * 0.8 * years / 1000
        assert float(got["swing"].sel(factor=f"c1:{name}")) == pytest.approx(want, rel=1e-12)
    # Duration: P10 = 1.48 → 1 year, P90 = 5.32 → 5 years.
    amount = math.prod(point.values()) * 0.8
    assert float(got["swing"].sel(factor="c1:duration")) == pytest.approx(
        (5 - 1) * amount / 1000, rel=1e-12)
    assert list(got["low_value"].sel(factor="c1:duration").values.ravel()) == [1.0]
    assert got.attrs["base"] == pytest.approx(
        float(engine.run_deterministic(scenario)["multiplier"][0, 0]), rel=1e-12)
    assert list(got["rank"].values) == [1, 2, 3, 4]
    assert np.all(np.diff(got["swing"].values) <= 0)


def test_tornado_by_activity_moves_all_inputs_of_the_activity(products):
    got = tornado(products, "benefits_total", by="activity")
    assert set(got["factor"].values) == {"a:x", "a:y"}
    # Activity y is chain c3 alone: all its inputs at P10 give the product of the P10s;
    # activity x stays at its point value 40·0.4·0.4·100 + 15·0.5·0.5·100 = 640 + 375.
    r = 30**2 / (10**2 - 30)  # negative binomial with mean 30, sd 10
    low = stats.nbinom(r, r / (r + 30)).ppf(0.1) * 0.6 * stats.beta(3, 2).ppf(0.1) * 80
    assert float(got["output_low"].sel(factor="a:y")) == pytest.approx(low + 640 + 375,
                                                                        rel=1e-12)
    assert got.attrs["base"] == pytest.approx(640 + 375 + 30 * 0.6 * 0.6 * 80, rel=1e-12)


def test_low_benefits_of_the_driving_activity_make_a_late_break_even_likely():
    # Activity x brings 20·N EUR a year with N ~ U(10, 60), activity y about 100 EUR a
    # year with little spread; costs 1000 in 2021. A late break-even follows from a low
    # N in x, hardly from y.
    scenario = build([
        chain(id="cx", activity="x", participants={"dist": "uniform", "min": 10, "max": 60},
              profile={"shape": "constant", "duration": 5}, value=100),
        chain(id="cy", activity="y", participants={"dist": "uniform", "min": 9, "max": 11},
              profile={"shape": "constant", "duration": 5}, value=50),
    ], TWO_ACTIVITIES)
    ds = _run(scenario, 20_000, seed=6)
    got = late_break_even(ds, year=2022)
    assert list(got["factor"].values) == ["a:x", "a:y"]  # sorted by effect
    x, y = got.sel(factor="a:x"), got.sel(factor="a:y")
    assert float(x["effect_low"]) > 0.3
    assert float(y["effect_low"]) < 0.1
    assert got.attrs["p_late"] == pytest.approx(float((ds["break_even_year"] > 2022).mean()))
    # Arrays in, the same numbers out.
    arrays = late_break_even(ds["benefits_by_activity"].values, ds["break_even_year"].values,
                             year=2022)
    np.testing.assert_array_equal(np.sort(arrays["effect"].values),
                                  np.sort(got["effect"].values))


def test_analyse_returns_a_json_ready_report(products):
    report = analyse(products, draws=20_000, seed=1, pick_freeze_draws=1 << 11, n_resamples=50)
    assert set(report.ranking) == {"a:x", "a:y"}
    assert report.ranking[0] == "a:x"  # 0.53 of the variance against 0.47
    out = report.to_json()
    json.dumps(out, allow_nan=False)
    assert out["ranking"] == list(report.ranking)
    assert set(out["general"]["outputs"]) == {
        "multiplier", "benefits_total", "break_even_year",
        f"break_even_after_{report.late_break_even.year}"}
    assert out["by_input"]["factors"][0]["input"] == "participants"
    assert out["tornado"]["bars"][0]["rank"] == 1


def test_analyse_falls_back_to_pick_freeze_for_correlated_inputs():
    report = analyse(load(DATA / "all-kinds.toml"), draws=5_000, seed=1,
                     pick_freeze_draws=1 << 10, n_resamples=50)
    assert not report.independent and report.by_input is None
    assert set(report.ranking) == {"a:x", "a:y"}  # the copula factor is not an activity
    out = report.to_json()
    json.dumps(out, allow_nan=False)
    assert set(out["by_activity"]["outputs"]) == {"multiplier"}
    assert out["by_input"] is None


@pytest.mark.parametrize(("call", "message"), [
    (lambda s: chain_groups(s, "colour"), "unknown grouping 'colour'"),
    (lambda s: tornado(s, "happiness"), "unknown output"),
    (lambda s: pick_freeze(s, 8, groups={"g": ["nope"]}), "no chain 'nope'"),
    (lambda s: pick_freeze(s, 8, groups={"g": [("c1", "colour")]}), "unknown input"),
])
def test_unknown_names_get_a_clear_message(products, call, message):
    with pytest.raises(ValueError, match=message):
        call(products)


# ---------------------------------------------------------------------------------------
# Sensitivity per financing scenario

# One chain, one-off in each cohort year, N uniform on [5, 15] (E = 10, Var = 100/12) and
# p·δ·v = 0.5 · 0.4 · 100 = 20 EUR per person. Base cohort 2021 (cost 100); incidental
# added funding 2022–2025 (L = 4, 50 a year), each next year not granted with q = 0.4.
RENEWAL_TOML = """
[[financing]]
id = "incidental"
name = "Incidental"
[financing.funding]
first_year = 2022
last_year = 2025
renewal = "incidental"
non_renewal = 0.4
cost_per_year = 50
"""


def _renewal_scenario():
    from conftest import INITIATIVE, META, toml
    from mcimpact.readers.toml import parse

    c = chain(participants={"dist": "uniform", "min": 5, "max": 15})
    return parse(toml(META, [INITIATIVE], [c]) + RENEWAL_TOML)


def test_renewal_is_a_factor_with_its_analytic_sobol_index():
    from mcimpact.analysis.sensitivity import RENEWAL

    # With K added years funded, B = 20·N·(1 + K) (all cohorts within the horizon) and
    # C = 100 + 50·K, so M = N · h(K), h(k) = 20 (1 + k) / (100 + 50 k): a product of
    # independent N and K. P(K = k) = 0.6^(k−1)·0.4 for k < 4, P(K = 4) = 0.6³. Then
    # S_N = Var(N) E[h]² / Var(M), S_K = Var(h) E[N]² / Var(M),
    # ST_N = Var(N) E[h²] / Var(M), ST_K = Var(h) E[N²] / Var(M).
    k = np.arange(1, 5)
    pk = np.array([0.4, 0.6 * 0.4, 0.6**2 * 0.4, 0.6**3])
    h = 20 * (1 + k) / (100 + 50 * k)
    eh, eh2 = pk @ h, pk @ h**2
    en, vn = 10.0, 100 / 12
    en2 = vn + en**2
    vm = en2 * eh2 - en**2 * eh**2
    want = {"first_order": [vn * eh**2 / vm, (eh2 - eh**2) * en**2 / vm],
            "total_order": [vn * eh2 / vm, (eh2 - eh**2) * en2 / vm]}
    scenario = _renewal_scenario()
    got = pick_freeze(scenario, 1 << 14, seed=4,
                      groups={"N": [("c1", "participants")], RENEWAL: [RENEWAL]},
                      outputs=("multiplier",)).sel(output="multiplier")
    for name, values in want.items():
        se = _se(got, name).values
        assert np.all(np.abs(got[name].values - values) < 4 * se), (name, got[name].values,
                                                                    values)
    # The run itself: mean multiplier E[N]·E[h] within 4 standard errors.
    m = engine.run_monte_carlo(scenario, 1 << 15, seed=9)["multiplier"].values[:, 0]
    assert abs(m.mean() - en * eh) < 4 * m.std(ddof=1) / math.sqrt(len(m))


def test_analyse_per_financing_scenario_uses_pick_freeze_where_renewal_couples_chains():
    from mcimpact.analysis.sensitivity import RENEWAL, analyse_financing

    scenario = _renewal_scenario()
    reports = analyse_financing(scenario, 4000, seed=3, pick_freeze_draws=1 << 10,
                                n_resamples=49)
    assert list(reports) == ["incidental"]
    report = reports["incidental"]
    assert report.financing == "incidental" and not report.independent
    assert report.by_input is None  # not a sum of independent products
    kinds = list(report.by_kind.factors)
    assert kinds == ["participants", RENEWAL]
    assert json.dumps(report.to_json(), allow_nan=False)


def test_variance_shares_stay_exact_with_a_continuity_uplift():
    # With certain funding but an uplift, each chain's total is a·N·δ·v·(p·P1 + P0): the
    # chains stay independent, so the variance shares of their totals are exact Sobol
    # indices of total benefits — checked against the general estimator.
    from conftest import META, toml
    from mcimpact.analysis.sensitivity import independent_chains, product_form
    from mcimpact.readers.toml import parse

    chains = [chain(id="c1", activity="x", participants=40, success_probability="middel"),
              chain(id="c2", activity="y", participants=10, success_probability="laag",
                    effect_size={"dist": "uniform", "min": 0.2, "max": 0.6})]
    text = toml(META, TWO_ACTIVITIES, chains) + """
[[financing]]
id = "more"
name = "More"
[financing.funding]
first_year = 2022
last_year = 2024
uplift = 0.2
uplift_max = 0.5
saturation = 0.8
"""
    scenario = parse(text)
    assert independent_chains(scenario) and not product_form(scenario)
    run = engine.run_monte_carlo(scenario, 1 << 16, seed=12)["benefits_by_activity"]
    exact = variance_shares(run.isel(financing=0))
    pf = pick_freeze(scenario, 1 << 14, seed=5, by="activity",
                     outputs=("benefits_total",)).sel(output="benefits_total")
    for name in ("first_order", "total_order"):
        se = np.hypot(_se(pf, name).values, _se(exact, name).values)
        assert np.all(np.abs(pf[name].values - exact[name].values) < 4 * se)


# ---------------------------------------------------------------------------------------
# Compiled once, typed results, the JSON of before the redesign

GOLDEN = DATA / "golden" / "sensitivity-n100000-seed3.json"


def json_differences(got, want, path: str = "") -> list[str]:
    """Where two JSON values differ: keys or their order, types, and numbers beyond 1e-12
    relative (absolute below 1: golden_analyses.close)."""
    if isinstance(want, dict):
        if not isinstance(got, dict) or list(got) != list(want):
            return [f"{path}: keys {list(got) if isinstance(got, dict) else got!r} "
                    f"vs {list(want)}"]
        return [d for k in want for d in json_differences(got[k], want[k], f"{path}.{k}")]
    if isinstance(want, list):
        if not isinstance(got, list) or len(got) != len(want):
            return [f"{path}: {got!r} vs {want!r}"]
        return [d for k, (g, w) in enumerate(zip(got, want, strict=True))
                for d in json_differences(g, w, f"{path}[{k}]")]
    if type(got) is not type(want):
        return [f"{path}: {type(got).__name__} {got!r} vs {type(want).__name__} {want!r}"]
    if isinstance(want, float):
        return [] if close(got, want) else [f"{path}: {got!r} vs {want!r}"]
    return [] if got == want else [f"{path}: {got!r} vs {want!r}"]


@pytest.mark.slow  # about 40 s on 2 shared cores: a run of 100,000 draws, four analyses
def test_the_report_reproduces_the_json_of_before_the_redesign():
    # Source: `mcimpact sensitivity -n 100000 --seed 3 --json` at commit 066ba1d
    # (tests/data/golden/README.md), on the bundled scenario's four financing scenarios
    # (exact shares, uplift, random renewal). The CLI prints the first financing scenario's
    # report with "reference" and "financing" ({id: report}) over it. The draws come from
    # the same seeds and the same core, so every number agrees to rounding, and every key,
    # its place and its type are the same.
    scenario = load()
    ds = engine.run_monte_carlo(scenario, 100_000, seed=3)
    reports = analyse_financing(scenario, results=ds, seed=3)
    results = {fid: r.to_json() for fid, r in reports.items()}
    first = next(iter(results))
    got = json.loads(json.dumps({**results[first], "reference": first, "financing": results},
                                allow_nan=False))
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert json_differences(settle_ties(got), settle_ties(want)) == []


def test_a_financing_scenario_cut_from_the_whole_compilation_draws_as_if_compiled_alone():
    # A run compiles the whole scenario once per mode; its view of one financing scenario
    # (Run.one) cuts that scenario out of it. Its draws, costs and structure must be, bit
    # for bit, those of the financing scenario compiled alone. The bundled scenario has
    # certain funding, a continuity uplift and random renewal among its four.
    scenario = load()
    run = Run(scenario, seed=7)
    for f in scenario.financing:
        one = one_financing(scenario, f.id)
        view = run.one(f.id)
        for cut, point in ((view.core, False), (view.point_core, True)):
            alone = core_arrays(one, point=point)
            got, want = sample(cut, 7, 100, 3000), sample(alone, 7, 100, 3000)
            for name in ("benefits", "groups", "patterns"):
                np.testing.assert_array_equal(getattr(got, name), getattr(want, name),
                                              err_msg=f"{f.id} {name} point={point}")
            np.testing.assert_array_equal(yearly_costs(cut.cost_rows, got.patterns),
                                          yearly_costs(alone.cost_rows, want.patterns))
            assert structure(scenario, cut) == structure(scenario, alone)
    assert len(scenario.financing) > 1


def test_analyse_financing_compiles_the_scenario_once_per_mode(monkeypatch):
    # The run is the one place that compiles (mcimpact.run.run.core_arrays): count its
    # calls for the whole sensitivity analysis of four financing scenarios.
    import mcimpact.run.run as running

    scenario = load()
    ds = engine.run_monte_carlo(scenario, 2000, seed=1)
    calls: list[bool] = []

    def counting(s, *, point=False, _compile=running.core_arrays):
        calls.append(point)
        return _compile(s, point=point)

    monkeypatch.setattr(running, "core_arrays", counting)
    reports = analyse_financing(scenario, results=ds, seed=1, pick_freeze_draws=1 << 8,
                                n_resamples=19)
    assert len(reports) == 4
    assert sorted(calls) == [False, True]


@pytest.mark.parametrize("call", [
    lambda one, run: pick_freeze(one, 8, run=run),
    lambda one, run: input_shares(one, run=run),
    lambda one, run: chain_totals(one, np.zeros((2, len(one.chains), 5)), run=run),
    lambda one, run: tornado(one, run=run),
])
def test_a_run_of_something_else_is_refused(call):
    # A run of another financing scenario would give that one's numbers without a word.
    scenario = load()
    other = Run(one_financing(scenario, "incidenteel"))
    with pytest.raises(ValueError, match="not of 'regiodeal'"):
        call(one_financing(scenario, "regiodeal"), other)


def test_the_typed_report_carries_the_estimators_numbers(products):
    report = analyse(products, draws=20_000, seed=1, pick_freeze_draws=1 << 11,
                     n_resamples=50)
    exact = input_shares(products)
    assert [f.input for f in report.by_input.factors] == list(exact["input"].values)
    assert [f.total_order for f in report.by_input.factors] == list(
        exact["total_order"].values)
    multiplier = report.by_activity.outputs["multiplier"]
    assert report.by_activity.outputs["benefits_total"] == multiplier  # the same shares
    assert isinstance(multiplier[0], VarianceShare)
    assert multiplier[0].first_order == multiplier[0].total_order  # exact: S = ST
    ranked = sorted(multiplier, key=lambda i: -i.total_order.value)
    assert report.ranking == tuple(i.factor for i in ranked)
    bars = report.tornado.bars
    assert [b.rank for b in bars] == list(range(1, len(bars) + 1))
    assert all(b.swing == abs(b.output_high - b.output_low) for b in bars)
    assert all(isinstance(f.n_lower, int) for f in report.late_break_even.factors)


# Two chains whose participant counts are the only uncertain input, correlated
# (issue 12, item 1: scipy.stats.sobol_indices failed with a TypeError on its one factor
# and one output).
ONE_KIND_CORRELATED = """\
[meta]
name = "one uncertain kind"
start_year = 2021
horizon = 5

[[initiatives]]
id = "a"
name = "A"
costs = { 2021 = 50000 }
activities = { x = "X" }

[[chains]]
id = "c1"
initiative = "a"
activity = "x"
beneficiary = "deelnemers"
domain = "gezondheid"
participants = 100
success_probability = 0.5
effect_size = 0.5
value = 1000
profile = { shape = "constant", duration = 3 }

[[chains]]
id = "c2"
initiative = "a"
activity = "x"
beneficiary = "overheid"
domain = "gezondheid"
participants = 80
success_probability = 0.5
effect_size = 0.5
value = 1000
profile = { shape = "constant", duration = 3 }

[[correlations]]
input = "participants"
rank_correlation = 0.5
by = "all"
"""


def test_one_factor_and_one_output_give_indices_not_a_scipy_type_error():
    # The participant counts (their own uniforms and the correlation's common factor) are
    # all the randomness: swapping them all swaps the whole sample, so both indices are 1
    # (closed form), up to the bootstrap's error.
    from mcimpact.analysis.sensitivity import kind_factors
    from mcimpact.readers.toml import parse

    scenario = parse(ONE_KIND_CORRELATED, "one-kind.toml")
    groups = kind_factors(scenario)
    assert groups == {"participants": [(0, "participants"), (1, "participants"),
                                       "correlation:0:all"]}
    pf = pick_freeze(scenario, 1 << 11, seed=5, groups=groups, outputs=("multiplier",),
                     n_resamples=100).sel(output="multiplier", factor="participants")
    for name in ("first_order", "total_order"):
        se = float(_se(pf, name))
        assert se < 0.05 and abs(float(pf[name]) - 1.0) < 4 * se + 1e-12, (name, se)
    # One factor alone gives, bit for bit, what it gives beside another factor.
    two = pick_freeze(scenario, 1 << 11, seed=5,
                      groups={**groups, "c1": ["c1"]}, outputs=("multiplier",),
                      n_resamples=100).sel(output="multiplier", factor="participants")
    assert float(two["first_order"]) == float(pf["first_order"])
    assert float(two["total_order"]) == float(pf["total_order"])


def test_sensitivity_of_one_correlated_kind_runs_from_the_command_line(write):
    from typer.testing import CliRunner

    from mcimpact.cli import app

    path = write(ONE_KIND_CORRELATED)
    result = CliRunner().invoke(app, ["sensitivity", str(path), "-n", "2000", "--json"])
    assert result.exit_code == 0, result.output
    by_kind = json.loads(result.stdout)["by_kind"]["outputs"]["multiplier"]
    assert [r["factor"] for r in by_kind] == ["participants"]


def test_report_of_one_correlated_kind_is_written(write, tmp_path):
    from typer.testing import CliRunner

    from mcimpact.cli import app

    path, out = write(ONE_KIND_CORRELATED), tmp_path / "report.html"
    result = CliRunner().invoke(app, ["report", str(path), "-n", "500", "--no-voi",
                                      "--quiet", "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert 'id="fig-sensitivity-base"' in html and 'id="fig-tornado-base"' in html


def test_a_long_run_reads_its_first_kept_draws_as_a_run_of_that_many(monkeypatch):
    # Same seed, same draws: the first N draws of a longer run are a run of N draws, so
    # the report of a run of 600 draws with at most 400 kept is the report of 400 draws.
    import mcimpact
    from mcimpact.analysis.sensitivity import _report

    scenario = mcimpact.load(Path(__file__).parent / "data" / "two-financing.toml")
    monkeypatch.setattr(_report, "KEPT_DRAWS", 400)
    long = mcimpact.sensitivity(scenario, 600, seed=5)
    short = mcimpact.sensitivity(scenario, 400, seed=5)
    assert {k: r.to_json() for k, r in long.items()} == \
        {k: r.to_json() for k, r in short.items()}
    assert {r.draws for r in long.values()} == {400}


@pytest.mark.parametrize("make", [lambda: load(DATA / "all-kinds.toml"),
                                  lambda: _renewal_scenario()],
                         ids=["correlated", "random-renewal"])
@pytest.mark.parametrize("by", ["activity", "initiative", "beneficiary", "chain"])
def test_pick_freeze_of_present_values_equals_the_runs_of_every_group(make, by):
    # With only present-value outputs (the multiplier, total benefits), a group of whole
    # chains takes its AB evaluation from the core's group column (A's run plus C's
    # column less A's); with the break-even year beside them every AB is a run of its
    # own. The reference is that second path: the same estimates up to rounding.
    scenario = make()
    outputs = ("multiplier", "benefits_total")
    shortcut = pick_freeze(scenario, 1 << 10, seed=4, by=by, outputs=outputs,
                           n_resamples=30)
    runs = pick_freeze(scenario, 1 << 10, seed=4, by=by,
                       outputs=(*outputs, "break_even_year"),
                       n_resamples=30).sel(output=list(outputs))
    assert list(shortcut["factor"].values) == list(runs["factor"].values)
    for name in ("first_order", "total_order", "first_order_low", "total_order_high"):
        np.testing.assert_allclose(shortcut[name].values, runs[name].values,
                                   rtol=1e-9, atol=1e-12)
