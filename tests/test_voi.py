"""The value of information (mcimpact.analysis.voi): EVPI, EVPPI (exact from the additive
structure, and by regression), EVSI of a monitoring study.

References: closed forms for normal net-benefit differences (EVPI and EVPPI of a normal
part: σφ(μ/σ) − |μ|Φ(−|μ|/σ)); the identities EVPPI(everything that determines the
difference) = EVPI and EVPPI(an irrelevant subset) = 0; EVSI → EVPPI as the study grows
and = 0 without participants; an independent Monte Carlo of the conjugate update written
here; and, on a simulated scenario, the exact additive EVPPI against the regression
estimator on the same draws. Tolerances: 4 standard errors.
"""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest
from scipy import stats

from mcimpact.analysis import voi
from mcimpact.readers.toml import parse
from mcimpact.run.engine import run_deterministic, run_monte_carlo
from mcimpact.testing.synthetic import synthetic_toml


def closed_evpi(mu: float, sigma: float) -> float:
    """E[max(0, D)] − max(0, μ) for D ~ N(μ, σ²)."""
    return sigma * stats.norm.pdf(mu / sigma) - abs(mu) * stats.norm.cdf(-abs(mu) / sigma)


def two_options(difference: np.ndarray) -> np.ndarray:
    return np.stack([np.zeros_like(difference), difference], axis=1)


@pytest.mark.parametrize(("mu", "sigma"), [(0.0, 1.0), (0.5, 2.0), (-1.5, 1.0)])
def test_evpi_of_a_normal_difference_has_its_closed_form(mu, sigma):
    rng = np.random.default_rng(11)
    nb = two_options(rng.normal(mu, sigma, 100_000)) + 5.0  # a common shift changes nothing
    est = voi.evpi(nb)
    assert abs(est.value - closed_evpi(mu, sigma)) < 4 * est.se


def test_evppi_of_a_normal_part_has_its_closed_form_exact_and_by_regression():
    # D = θ1 + θ2, independent normals: E(D | θ1) = θ1 + E θ2 ~ N(μ, s1²).
    mu, s1, s2, n = 0.4, 1.0, 2.0, 20_000
    rng = np.random.default_rng(5)
    t1, t2 = rng.normal(mu, s1, n), rng.normal(0.0, s2, n)
    nb = two_options(t1 + t2)
    closed = closed_evpi(mu, s1)
    exact = voi.additive_evppi(nb, two_options(t1))
    assert abs(exact.value - closed) < 4 * exact.se
    reg = voi.regression_evppi(nb, t1[:, None], replicates=100)
    assert abs(reg.value - closed) < 4 * max(reg.se, exact.se)


def test_evppi_of_what_determines_the_difference_is_the_evpi():
    rng = np.random.default_rng(6)
    theta = rng.normal(0.2, 1.0, (20_000, 2))
    d = theta[:, 0] * (1 + 0.5 * theta[:, 1])
    nb = two_options(d)
    total = voi.evpi(nb)
    # Exact: the parts are the whole net benefit.
    assert voi.additive_evppi(nb, nb).value == pytest.approx(total.value, rel=1e-12)
    # By regression on both inputs (an additive model misses the interaction, so on the
    # difference itself, a function of them).
    reg = voi.regression_evppi(nb, d[:, None], replicates=100)
    assert abs(reg.value - total.value) < 4 * max(reg.se, total.se)


def test_evppi_of_an_irrelevant_subset_is_zero():
    rng = np.random.default_rng(8)
    n = 20_000
    nb = two_options(rng.normal(0.1, 1.0, n))
    assert voi.additive_evppi(nb, np.zeros_like(nb)).value == 0.0
    noise = rng.normal(size=(n, 2))
    reg = voi.regression_evppi(nb, noise, replicates=100)
    assert reg.value < 4 * reg.se
    assert reg.value < 0.05 * voi.evpi(nb).value


def linear_world(n: int = 40_000, seed: int = 9, a: float = 3.0, b: float = 5.0):
    """p ~ Beta(a, b); option 2 gains k (p − m) + μ plus noise independent of p."""
    rng = np.random.default_rng(seed)
    p = rng.beta(a, b, n)
    m = a / (a + b)
    mu, k = 0.02, 4.0
    nb = two_options(mu + k * (p - m) + rng.normal(0.0, 0.3, n))
    return nb, p, a, b, mu, k, m


def test_evsi_is_zero_without_participants_and_grows_to_the_evppi():
    nb, p, a, b, *_ = linear_world()
    limit = voi.linear_evppi(nb, p)
    assert voi.linear_evsi(nb, p, a, b, 0).value == 0.0
    values = [voi.linear_evsi(nb, p, a, b, n).value for n in (1, 5, 20, 100, 1000)]
    assert all(x < y for x, y in itertools.pairwise(values))
    big = voi.linear_evsi(nb, p, a, b, 100_000)
    assert abs(big.value - limit.value) < 4 * max(big.se, limit.se)
    # The EVPPI of p in closed form: with the line's true μ and k, E[max(0, μ + k(p − m))].
    _, _, _, _, mu, k, m = linear_world()
    grid = np.linspace(0, 1, 200_001)
    closed = np.trapezoid(np.maximum(0, mu + k * (grid - m)) * stats.beta.pdf(grid, a, b),
                          grid) - max(0.0, mu)
    assert abs(limit.value - closed) < 4 * limit.se


def test_conjugate_evsi_against_an_independent_monte_carlo_of_the_study():
    nb, p, a, b, mu, k, m = linear_world()
    n_study = 30
    est = voi.linear_evsi(nb, p, a, b, n_study)
    # Simulate the study: p from its prior, X ~ Binomial, the Beta posterior mean.
    rng = np.random.default_rng(21)
    p_sim = rng.beta(a, b, 400_000)
    x = rng.binomial(n_study, p_sim)
    post = (a + x) / (a + b + n_study)
    gain = np.maximum(0.0, mu + k * (post - m))
    reference = gain.mean() - max(0.0, mu)
    ref_se = gain.std(ddof=1) / np.sqrt(len(gain))
    assert abs(est.value - reference) < 4 * np.hypot(est.se, ref_se)
    reg = voi.regression_evsi(nb, p, n_study, seed=3, replicates=100)
    assert abs(reg.value - reference) < 4 * np.hypot(reg.se, ref_se)


# --------------------------------------------------------------------------------------
# On a simulated scenario

FINANCING = """
[[financing]]
id = "basis"
name = "basis"

[[financing]]
id = "verlengd"
name = "verlengd"
[financing.funding]
first_year = 2023
last_year = 2024
renewal = "fixed"
cost_per_year = COST
"""


def scenario_text(extra: str = "") -> str:
    """8 chains, 2 initiatives, and an extension whose yearly cost is set so that its
    point net benefit equals the base's: a close decision."""
    text = synthetic_toml(8, seed=3, initiatives=2, activities=2, horizon=10) + extra
    det = run_deterministic(parse(text + FINANCING.replace("COST", "100000"), "x.toml"))
    gain = float(det.benefits_total.values[0, 1] - det.benefits_total.values[0, 0])
    return text + FINANCING.replace("COST", str(round(gain / 4)))


@pytest.fixture(scope="module")
def world():
    s = parse(scenario_text(), "synthetic.toml")
    ds = run_monte_carlo(s, 20_000, seed=5, keep_inputs=True)
    return s, ds, voi.value_of_information(s, ds, replicates=100)


def test_expected_chain_totals_add_up_to_the_runs_benefits_under_certain_funding(world):
    s, ds, _ = world
    x = ds["inputs"].values
    for fid in ("basis", "verlengd"):
        b = voi.expected_chain_totals(s, x, fid)
        np.testing.assert_allclose(b.sum(axis=1), ds["benefits_total"].sel(financing=fid),
                                   rtol=1e-10)


def test_the_decision_is_close_so_the_evpi_is_not_zero(world):
    _, ds, v = world
    assert 0.2 < v.p_best["verlengd"].value < 0.8
    nb = ds["net_benefit"].values
    assert v.evpi.value == pytest.approx(np.mean(nb.max(axis=1) - nb[:, np.argmax(nb.mean(0))]))
    for a, option in enumerate(v.options):
        assert v.expected_loss[option].value == pytest.approx(
            np.mean(nb.max(axis=1) - nb[:, a]))
        assert v.p_best[option].value == pytest.approx(np.mean(np.argmax(nb, axis=1) == a))


def test_evppi_of_every_chain_together_is_the_evpi(world):
    # Costs are certain, so the inputs of all chains determine the net benefit.
    s, ds, v = world
    x = ds["inputs"].values
    nb = ds["net_benefit"].transpose("draw", "financing").values
    parts = np.stack([voi.expected_chain_totals(s, x, f).sum(axis=1)
                      for f in ("basis", "verlengd")], axis=1)
    assert voi.additive_evppi(nb, parts).value == pytest.approx(v.evpi.value, rel=1e-9)


def test_exact_evppi_per_activity_agrees_with_the_regression_estimator(world):
    s, ds, v = world
    x = ds["inputs"].values
    nb = ds["net_benefit"].transpose("draw", "financing").values
    bbar = np.stack([voi.expected_chain_totals(s, x, f) for f in ("basis", "verlengd")],
                    axis=2)
    from mcimpact.analysis.sensitivity import chain_groups

    exact = voi.evppi_table(v, "activity")
    for label, rows in chain_groups(s, "activity").items():
        reg = voi.regression_evppi(nb, [bbar[:, rows, a] for a in range(2)], replicates=100)
        e = exact[label]
        assert e.method == "additive"
        assert abs(reg.value - e.value) < 4 * np.hypot(reg.se, e.se), label


def test_exact_evppi_per_input_kind_agrees_with_the_regression_estimator(world):
    _s, ds, v = world
    x = ds["inputs"].values
    nb = ds["net_benefit"].transpose("draw", "financing").values
    kinds = voi.evppi_table(v, "kind")
    slot = list(ds["input"].values).index("success_probability")
    reg = voi.regression_evppi(nb, x[:, :, slot], replicates=100)
    e = kinds["success_probability"]
    assert abs(reg.value - e.value) < 4 * np.hypot(reg.se, e.se)


def test_evppi_is_between_zero_and_the_evpi_and_grows_with_the_subset(world):
    _s, _, v = world
    for items in v.evppi.values():
        for e in items:
            assert -4 * e.se <= e.value <= v.evpi.value + 4 * (e.se + v.evpi.se)
    by_initiative = voi.evppi_table(v, "initiative")
    for a in v.evppi["activity"]:
        parent = by_initiative[a.name.split(":")[0]]
        assert parent.value >= a.value - 4 * np.hypot(parent.se, a.se)


def test_evsi_of_the_proposed_studies_lies_below_its_limit(world):
    _, _, v = world
    assert len(v.evsi) == voi.DEFAULT_STUDIES
    for study in v.evsi:
        assert study.participants == voi.DEFAULT_STUDY_SIZE
        assert study.method == "conjugate"
        assert 0 <= study.value <= study.evppi + 4 * study.se


def test_same_seed_same_numbers_whatever_the_chunk_size(world):
    s, _ds, v = world
    again = run_monte_carlo(s, 20_000, seed=5, keep_inputs=True, chunk_size=3_000)
    other = voi.value_of_information(s, again, replicates=100)
    assert json.dumps(other.to_json()) == json.dumps(v.to_json())


def test_json_has_the_keys_of_the_schema(world):
    _, _, v = world
    j = v.to_json()
    assert set(j) >= {"evpi", "evppi", "p_best", "expected_loss", "evsi"}
    assert set(j["evppi"]) == {"by_activity", "by_initiative", "by_kind", "by_chain"}
    assert set(j["evpi"]) == {"value", "se"}


def test_correlated_inputs_use_the_regression_estimator():
    extra = ('\n[[correlations]]\ninput = "success_probability"\nrank_correlation = 0.6\n'
             'by = "initiative"\n')
    s = parse(scenario_text(extra), "corr.toml")
    ds = run_monte_carlo(s, 2_000, seed=2, keep_inputs=True)
    v = voi.value_of_information(s, ds, groupings=("initiative", "kind"), replicates=20,
                                 studies=[voi.Study("c1", 20)])
    assert not v.exact
    for items in v.evppi.values():
        for e in items:
            assert e.method == "regression"
            assert np.isfinite(e.value) and np.isfinite(e.se)
            assert e.value <= v.evpi.value + 4 * (e.se + v.evpi.se)
    assert v.evsi[0].method == "regression"


def test_renewal_risk_is_averaged_out_of_the_chains_terms():
    text = scenario_text().replace('renewal = "fixed"',
                                   'renewal = "incidental"\nnon_renewal = 0.4')
    s = parse(text, "renewal.toml")
    ds = run_monte_carlo(s, 20_000, seed=4, keep_inputs=True)
    b = voi.expected_chain_totals(s, ds["inputs"].values, "verlengd").sum(axis=1)
    total = ds["benefits_total"].sel(financing="verlengd").values
    mcse = (total - b).std(ddof=1) / np.sqrt(len(b))
    assert abs(b.mean() - total.mean()) < 4 * mcse
    v = voi.value_of_information(s, ds, groupings=("activity",), replicates=20,
                                 studies=[])
    assert all(e.method == "additive" for e in v.evppi["activity"])


def test_a_study_of_an_unknown_chain_or_a_bad_size_is_refused(world):
    s, ds, _ = world
    with pytest.raises(ValueError, match="unknown chain 'nope'"):
        voi.value_of_information(s, ds, groupings=(), studies=[voi.Study("nope", 5)])
    from mcimpact.cli import Refused, parse_study

    assert parse_study("c1:30") == voi.Study("c1", 30)
    assert parse_study("c1") == voi.Study("c1", voi.DEFAULT_STUDY_SIZE)
    for bad in ("c1:x", "c1:-3"):
        with pytest.raises(Refused):
            parse_study(bad)


def test_results_without_inputs_are_refused(world):
    s, _, _ = world
    ds = run_monte_carlo(s, 100, seed=1)
    with pytest.raises(ValueError, match="keep_inputs"):
        voi.value_of_information(s, ds)


# --------------------------------------------------------------------------------------
# The command line


@pytest.fixture(scope="module")
def scenario_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("voi") / "close.toml"
    path.write_text(scenario_text(), encoding="utf-8")
    return path


def _cli(*args: str):
    from typer.testing import CliRunner

    from mcimpact.cli import app

    return CliRunner().invoke(app, list(args))


def test_cli_voi_json_on_a_scenario_file(scenario_file, world):
    result = _cli("voi", str(scenario_file), "-n", "20000", "--seed", "5", "--json",
                  "--study", "c7:10", "--study", "c6:200")
    assert result.exit_code == 0, result.output
    j = json.loads(result.stdout)
    assert set(j) >= {"evpi", "evppi", "p_best", "expected_loss", "evsi", "decision",
                      "switching_values", "who_gains"}
    # The same draws as the module's run (same scenario, seed and draws).
    _, _, v = world
    assert j["evpi"]["value"] == pytest.approx(v.evpi.value, rel=1e-12)
    assert [(s["chain"], s["participants"]) for s in j["evsi"]] == [("c7", 10), ("c6", 200)]
    assert j["decision"]["value_for_money"]["source"].startswith("UK Department")


def test_cli_voi_text_ends_with_a_plain_sentence(scenario_file):
    result = _cli("voi", str(scenario_file), "-n", "2000", "-q", "--top", "2", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "EVPI:" in result.stdout and "EVPPI by activity:" in result.stdout
    assert "counting the successes of 50 participants" in result.stdout


def test_cli_voi_on_results_with_and_without_inputs(scenario_file, tmp_path):
    kept = tmp_path / "kept.nc"
    assert _cli("sim", str(scenario_file), "-n", "1000", "-q", "--keep-inputs",
                "-o", str(kept)).exit_code == 0
    result = _cli("voi", str(kept), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["draws"] == 1000
    bare = tmp_path / "bare.nc"
    assert _cli("sim", str(scenario_file), "-n", "1000", "-q", "-o", str(bare)).exit_code == 0
    result = _cli("voi", str(bare), "--lang", "en")
    assert result.exit_code == 2
    assert "no sampled inputs" in result.output and "--keep-inputs" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("args", "message"), [
    (("--study", "nope:5"), "--study: unknown chain 'nope'"),
    (("--study", "c1:x"), "--study: 'c1:x'"),
    (("--bands", "a:2,b:1"), "--bands: bands need"),
])
def test_cli_voi_refuses_bad_options_with_exit_2(scenario_file, args, message):
    result = _cli("voi", str(scenario_file), "-n", "200", "--lang", "en", *args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_cli_report_has_the_section_what_should_we_measure_first(scenario_file, tmp_path):
    out = tmp_path / "r.html"
    result = _cli("report", str(scenario_file), "-n", "1000", "-o", str(out), "-q",
                  "--lang", "en")
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "What should we measure first?" in html
    assert "Counting the successes of 50 participants" in html
    assert "Value of perfect information per activity (EVPPI)" in html
    assert "Switching values for &#39;verlengd&#39;" in html or \
        "Switching values for &#39;basis&#39;" in html


# --------------------------------------------------------------------------------------
# Switching values, against a direct root search on the re-evaluated model


_RUNS: dict[int, object] = {}


def _run(s):
    """A run of the scenario, whose compiled arrays serve every call, once per object."""
    from mcimpact.run.run import Run

    if id(s) not in _RUNS:
        _RUNS[id(s)] = Run(s)
    return _RUNS[id(s)]


def _expected_nb(s, x, ds, scale_slot: int, chains, lam: float) -> np.ndarray:
    """Each option's expected net benefit with input ``scale_slot`` of ``chains`` scaled
    by λ, re-evaluated from the kept inputs (costs are certain here)."""
    y = np.array(x)
    y[:, chains, scale_slot] *= lam
    run = _run(s)
    benefits = np.array([voi.expected_chain_totals(s, y, f, run).sum(axis=1).mean()
                         for f in ("basis", "verlengd")])
    return benefits - ds["costs_total"].values.mean(axis=0)


@pytest.mark.parametrize(("grouping", "name", "slot"), [
    ("kind", "participants", "participants"), ("kind", "effect_size", "effect_size"),
    ("kind", "success_probability", "success_probability"),
    ("activity", "i1:a1", "participants"), ("initiative", "i0", "effect_size"),
])
def test_switching_values_match_a_root_search(world, grouping, name, slot):
    from scipy.optimize import brentq

    from mcimpact.analysis.sensitivity import chain_groups

    s, ds, _ = world
    ds = ds.isel(draw=slice(0, 4000))  # the closed forms hold for any sample
    x = ds["inputs"].values
    k = list(ds["input"].values).index(slot)
    chains = (list(range(len(s.chains))) if grouping == "kind"
              else chain_groups(s, grouping)[name])
    values = {v.option: v for v in voi.switching_values(s, ds)
              if v.grouping == grouping and v.name == name}
    costs = ds["costs_total"].values.mean(axis=0)
    for a, option in enumerate(("basis", "verlengd")):
        v = values[option]

        def surplus(lam: float, a: int = a) -> float:
            return float(_expected_nb(s, x, ds, k, chains, lam)[a])

        if surplus(0.0) < 0:  # the multiplier reaches 1 at some λ in (0, 1]
            root = brentq(surplus, 0.0, 1.0, xtol=1e-12)
            assert v.multiplier_one == pytest.approx(root, rel=1e-7)
        else:
            assert v.multiplier_one is None
        assert costs[a] > 0
    nb1 = _expected_nb(s, x, ds, k, chains, 1.0)
    star = int(np.argmax(nb1))

    def gap(lam: float) -> float:
        nb = _expected_nb(s, x, ds, k, chains, lam)
        return float(nb[star] - nb[1 - star])

    v = values["basis"]
    if v.decision is not None:
        lo, hi = sorted((1.0, v.decision))
        margin = 0.5 * (hi - lo) + 1e-6  # past the root on both sides (gap is affine)
        root = brentq(gap, max(lo - margin, 0.0), hi + margin, xtol=1e-14)
        assert v.decision == pytest.approx(root, rel=1e-7)
        assert v.overtaken_by == ("basis", "verlengd")[1 - star]
    else:
        assert gap(0.0) * gap(1.0) > 0 and gap(1e6) * gap(1.0) > 0


def test_switching_value_of_the_costs_is_the_multiplier_of_expected_values(world):
    s, ds, _ = world
    b = ds["benefits_total"].values.mean(axis=0)
    c = ds["costs_total"].values.mean(axis=0)
    values = {v.option: v for v in voi.switching_values(s, ds) if v.name == "costs"}
    for a, option in enumerate(("basis", "verlengd")):
        assert values[option].multiplier_one == pytest.approx(b[a] / c[a])


def test_switching_values_leave_the_datasets_inputs_as_drawn(world):
    s, ds, _ = world
    before = ds["inputs"].values.copy()
    voi.switching_values(s, ds)
    np.testing.assert_array_equal(ds["inputs"].values, before)


def test_cli_voi_assumptions_in_the_json(scenario_file):
    result = _cli("voi", str(scenario_file), "-n", "500", "--json", "--assumptions")
    assert result.exit_code == 0, result.output
    fixed = json.loads(result.stdout)["assumptions"]
    assert set(fixed["one_way"]) == {"discount_rate", "optimism_bias", "uplift_factor",
                                     "saturation", "non_renewal"}
    assert fixed["two_way"]["factors"] == ["discount_rate", "optimism_bias"]
    assert len(fixed["two_way"]["runs"]) == 3 and len(fixed["two_way"]["runs"][0]) == 3


def test_cli_voi_figures_are_written_and_a_full_directory_refused(scenario_file, tmp_path):
    out = tmp_path / "figs"
    result = _cli("voi", str(scenario_file), "-n", "300", "-q", "--figures", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["acceptability.png",
                                                     "acceptability.svg"]
    again = _cli("voi", str(scenario_file), "-n", "300", "-q", "--figures", str(out))
    assert again.exit_code == 2
    assert "gebruik --force" in again.output and "Traceback" not in again.output


def test_cli_report_section_when_one_option_is_best_in_every_draw(tmp_path):
    # The extension at no extra cost is best in every draw: EVPI = 0, no tables.
    text = scenario_text()
    head, _, tail = text.rpartition("cost_per_year = ")
    path = tmp_path / "free.toml"
    path.write_text(head + "cost_per_year = 0\n" + tail.partition("\n")[2], encoding="utf-8")
    out = tmp_path / "r.html"
    result = _cli("report", str(path), "-n", "500", "-o", str(out), "-q", "--lang", "en")
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "no measurement can change the choice" in html
    assert "Value of perfect information per activity (EVPPI)" not in html


def test_an_option_best_in_every_draw_makes_every_value_of_information_zero():
    # NB_a* ≥ NB_b in every draw gives E(NB_a* | φ) ≥ E(NB_b | φ) for every φ: EVPPI = 0.
    text = scenario_text()
    head, _, tail = text.rpartition("cost_per_year = ")
    s = parse(head + "cost_per_year = 0\n" + tail.partition("\n")[2], "free.toml")
    ds = run_monte_carlo(s, 2_000, seed=1, keep_inputs=True)
    nb = ds["net_benefit"].values
    assert np.all(nb[:, 1] >= nb[:, 0])  # the free extension is best in every draw
    v = voi.value_of_information(s, ds)
    assert v.evpi.value == 0.0 and v.p_best["verlengd"].value == 1.0
    assert all(e.value == 0.0 for items in v.evppi.values() for e in items)
    assert all(x.value == 0.0 for x in v.evsi)
    assert any("best in every draw" in note for note in v.notes)
    # The estimator without the shortcut agrees: the additive EVPPI of a group is 0 too.
    bbar = voi.expected_chain_totals(s, ds["inputs"].values, "verlengd")
    parts = np.stack([voi.expected_chain_totals(s, ds["inputs"].values, "basis")[:, :2]
                      .sum(axis=1), bbar[:, :2].sum(axis=1)], axis=1)
    assert voi.additive_evppi(nb, parts).value == pytest.approx(0.0, abs=1e-6)
