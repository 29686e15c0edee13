"""Choosing among options (mcimpact.analysis.decision): P(best), expected loss, the
efficiency frontier, the acceptability curve and the value-for-money categories, each
against a reference computed independently here (sample formulas written as loops, a
hand-worked frontier, a closed form)."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from scipy import stats

from mcimpact.analysis.decision import (
    DFT_BANDS,
    acceptability,
    decide,
    expected_loss,
    frontier,
    p_best,
    value_for_money,
)


def _three_options(n: int = 4000, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    common = rng.normal(0, 1, n)
    return np.stack([common + rng.normal(0.0, 1, n), common + rng.normal(0.2, 1.5, n),
                     common + rng.normal(-0.1, 0.5, n)], axis=1)


def test_p_best_and_expected_loss_match_their_sample_formulas_written_as_loops():
    nb = _three_options()
    n, k = nb.shape
    wins = [0] * k
    losses = [0.0] * k
    for row in nb:
        top = max(row)
        wins[list(row).index(top)] += 1
        for a in range(k):
            losses[a] += top - row[a]
    for a, (pb, el) in enumerate(zip(p_best(nb), expected_loss(nb), strict=True)):
        assert pb.value == pytest.approx(wins[a] / n, abs=1e-12)
        assert pb.se == pytest.approx(math.sqrt(pb.value * (1 - pb.value) / n))
        assert el.value == pytest.approx(losses[a] / n, rel=1e-12)


def test_the_least_expected_loss_is_that_of_the_largest_mean():
    # E[max − NB_a] = E[max] − E[NB_a]: the ranking by loss is the ranking by mean.
    nb = _three_options()
    loss = [v.value for v in expected_loss(nb)]
    assert int(np.argmin(loss)) == int(np.argmax(nb.mean(axis=0)))
    assert np.allclose(np.array(loss) + nb.mean(axis=0), nb.max(axis=1).mean())


def test_expected_loss_of_two_normal_options_has_its_closed_form():
    # NB_2 − NB_1 ~ N(μ, σ²): E[max(0, D)] = μΦ(μ/σ) + σφ(μ/σ), so the loss of option 1
    # is that, and of option 2 it is that − μ.
    mu, sigma, n = 0.3, 1.2, 200_000
    rng = np.random.default_rng(7)
    d = rng.normal(mu, sigma, n)
    nb = np.stack([np.zeros(n), d], axis=1)
    closed = mu * stats.norm.cdf(mu / sigma) + sigma * stats.norm.pdf(mu / sigma)
    loss = expected_loss(nb)
    assert abs(loss[0].value - closed) < 4 * loss[0].se
    assert abs(loss[1].value - (closed - mu)) < 4 * loss[1].se
    pb = p_best(nb)
    assert abs(pb[1].value - stats.norm.cdf(mu / sigma)) < 4 * pb[1].se


def test_frontier_marks_dominated_and_extendedly_dominated_options_by_hand():
    # A (1, 3), B (2, 3.5), C (3, 6), D (2.5, 2). D: B costs less and yields more.
    # B: ΔB/ΔC into it 0.5 < out of it 2.5, so a mix of A and C beats it.
    # Frontier from (0, 0): A at 3/1, then C at (6 − 3)/(3 − 1) = 1.5.
    points = {p.option: p for p in frontier("ABCD", [1, 2, 3, 2.5], [3, 3.5, 6, 2])}
    assert points["D"].status == "dominated"
    assert points["B"].status == "extendedly_dominated"
    assert points["A"].status == points["C"].status == "frontier"
    assert points["A"].incremental_multiplier == pytest.approx(3.0)
    assert points["A"].compared_with is None
    assert points["C"].incremental_multiplier == pytest.approx(1.5)
    assert points["C"].compared_with == "A"


def test_frontier_incremental_multipliers_fall_along_the_frontier():
    rng = np.random.default_rng(3)
    costs = rng.uniform(1, 10, 12)
    benefits = rng.uniform(1, 30, 12)
    on = sorted((p for p in frontier([f"o{k}" for k in range(12)], costs, benefits)
                 if p.status == "frontier"), key=lambda p: p.costs)
    ratios = [p.incremental_multiplier for p in on]
    assert all(a >= b for a, b in itertools.pairwise(ratios))
    # Every option lies on or below the frontier's piecewise-linear hull.
    xs = [0.0] + [p.costs for p in on]
    ys = [0.0] + [p.benefits for p in on]
    for c, b in zip(costs, benefits, strict=True):
        if c <= xs[-1]:
            assert b <= np.interp(c, xs, ys) + 1e-9


def test_equal_options_keep_the_first_on_the_frontier():
    points = frontier(["a", "b"], [1.0, 1.0], [2.0, 2.0])
    assert [p.status for p in points] == ["frontier", "dominated"]


def test_acceptability_is_the_share_of_draws_reaching_each_threshold():
    rng = np.random.default_rng(2)
    m = rng.lognormal(0.5, 0.6, (3000, 2))
    m[5, 1] = np.nan  # no costs: reaches no threshold
    x = [0.0, 0.5, 1.0, float(m[10, 0]), 3.0, 100.0]
    curve = acceptability(m, x)
    for k, t in enumerate(x):
        for a in range(2):
            assert curve[k, a] == pytest.approx(np.mean(np.nan_to_num(m[:, a], nan=-1) >= t))


def test_value_for_money_bands_partition_the_draws():
    rng = np.random.default_rng(4)
    m = rng.normal(2.0, 1.5, (5000, 1))
    probs = value_for_money(m)
    lows = [low for _, low in DFT_BANDS] + [math.inf]
    for k in range(len(DFT_BANDS)):
        expected = np.mean((m[:, 0] >= lows[k]) & (m[:, 0] < lows[k + 1]))
        assert probs[k, 0] == pytest.approx(expected)
    assert probs.sum() == pytest.approx(1.0)


def test_parse_bands_reads_names_and_bounds_and_refuses_bad_ones():
    from mcimpact.cli import Refused, parse_bands

    assert parse_bands("poor:-inf, fair:1, good:2.5") == (
        ("poor", -math.inf), ("fair", 1.0), ("good", 2.5))
    for bad, key in (("poor:1,good:1", "order"), ("poor", "format"), ("poor:x", "number"),
                     ("a:1,a:2", "order"), ("a:nan", "bound"), ("a:inf", "bound")):
        with pytest.raises(Refused) as refused:
            parse_bands(bad)
        assert refused.value.key == f"error.bands.{key}"


def test_decide_on_a_dataset_agrees_with_the_array_functions(groningen_draws):
    ds = groningen_draws
    d = decide(ds)
    nb = ds["net_benefit"].transpose("draw", "financing").values
    assert d.best == str(ds.financing.values[int(np.argmax(nb.mean(axis=0)))])
    for a, option in enumerate(d.options):
        assert option.p_best.value == pytest.approx(np.mean(np.argmax(nb, axis=1) == a))
        assert option.expected_loss.value == pytest.approx(
            np.mean(nb.max(axis=1) - nb[:, a]), rel=1e-9, abs=1e-6)
        assert option.p_net_benefit_nonnegative == pytest.approx(np.mean(nb[:, a] >= 0))
        assert sum(option.value_for_money.values()) == pytest.approx(1.0)
    j = d.to_json()
    assert set(j) >= {"p_best", "expected_loss", "frontier", "acceptability",
                      "value_for_money"}
    assert j["value_for_money"]["source"].startswith("UK Department for Transport")
    assert len(j["acceptability"]["thresholds"]) == 101


@pytest.fixture(scope="module")
def groningen_draws():
    from mcimpact.readers.toml import load
    from mcimpact.run.engine import run_monte_carlo

    return run_monte_carlo(load(), 2000, seed=3)


def test_acceptability_chart_draws_the_curve_of_each_option_and_text_literally():
    from mcimpact.analysis.decision import Decision, OptionDecision, Value
    from mcimpact.present.decision_figures import acceptability_chart

    def option(name: str) -> OptionDecision:
        return OptionDecision(name, Value(0.0, 0.0), 1.0, 1.0, Value(0.5, 0.0),
                              Value(0.0, 0.0), 1.0, {})

    curve = ((1.0, 1.0), (0.8, 0.3), (0.1, 0.0))
    d = Decision((option("a"), option("b")), "a", (), (0.0, 1.0, 2.0), curve, DFT_BANDS,
                 "x", 100)
    fig = acceptability_chart(d, names={"a": "$x^2$ \x1b[31mred", "b": "B"})
    lines = {line.get_gid(): line for line in fig.axes[0].get_lines()
             if line.get_gid()}
    assert list(lines["acceptability-1"].get_ydata()) == [1.0, 0.3, 0.0]
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels[0] == "$x^2$ red"  # as typed; the escape sequence removed whole (text.py)


# --------------------------------------------------------------------------------------
# Sensitivity over fixed assumptions: a changed model equals the file with that setting


def _close_scenario_text() -> str:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from test_voi import scenario_text

    return scenario_text().replace('renewal = "fixed"',
                                   'renewal = "incidental"\nnon_renewal = 0.4')


@pytest.fixture(scope="module")
def close_text() -> str:
    return _close_scenario_text()


def _nb(scenario, draws=500, seed=3):
    from mcimpact.run.engine import run_monte_carlo

    return run_monte_carlo(scenario, draws, seed)["net_benefit"].values


@pytest.mark.parametrize(("setter", "value", "edit"), [
    ("with_discount_rate", 0.035,
     lambda t: t.replace("horizon = 10\n", "horizon = 10\ndiscount_rate = 0.035\n", 1)),
    ("with_optimism_bias", 0.25,
     lambda t: t.replace("horizon = 10\n", "horizon = 10\noptimism_bias = 0.25\n", 1)),
    ("with_non_renewal", 0.1, lambda t: t.replace("non_renewal = 0.4", "non_renewal = 0.1")),
])
def test_a_changed_assumption_gives_the_runs_of_the_file_with_it(close_text, setter, value,
                                                                   edit):
    from mcimpact.analysis import decision
    from mcimpact.readers.toml import parse

    assert edit(close_text) != close_text
    base = parse(close_text, "x.toml")
    changed = getattr(decision, setter)(base, value)
    np.testing.assert_allclose(_nb(changed), _nb(parse(edit(close_text), "y.toml")),
                               rtol=1e-12)
    assert not np.allclose(_nb(changed), _nb(base))  # the setting does change the runs


def test_assumption_sensitivity_runs_on_common_random_numbers(close_text):
    from mcimpact.analysis.decision import assumption_sensitivity
    from mcimpact.readers.toml import parse

    s = parse(close_text, "x.toml")
    r = assumption_sensitivity(s, 500, 3, ranges={"discount_rate": (0.0, 0.03),
                                                  "non_renewal": (0.4, 0.8)},
                               two_way=("discount_rate", "non_renewal"), grid=2)
    nb = _nb(s).mean(axis=0)
    base = r.base
    assert base.net_benefit["basis"] == pytest.approx(nb[0], rel=1e-12)
    # The file's own settings (rate 0, non-renewal 0.4) reproduce the base exactly: the
    # same draws.
    assert r.one_way["discount_rate"]["low"].net_benefit == base.net_benefit
    assert r.one_way["non_renewal"]["low"].net_benefit == base.net_benefit
    assert r.two_way.runs[0][0].net_benefit == base.net_benefit
    # Discounting lowers every present value of a benefit stream that outlasts the costs.
    assert r.one_way["discount_rate"]["high"].multiplier["basis"] < base.multiplier["basis"]
    j = r.to_json()
    assert set(j) == {"base", "one_way", "two_way", "ranges", "spider"}
    with pytest.raises(ValueError, match="unknown assumption 'x'"):
        assumption_sensitivity(s, 100, 1, ranges={"x": (0, 1)})


def test_who_gains_against_numpy_on_the_dataset(groningen_draws):
    from mcimpact.analysis.decision import who_gains

    ds = groningen_draws
    w = who_gains(ds)
    assert w.government == "overheid"
    for a, option in enumerate(w.options):
        by = ds["benefits_by_beneficiary"].isel(financing=a).values  # (draw, beneficiary)
        total = ds["benefits_total"].isel(financing=a).values
        for k, g in enumerate(w.groups):
            assert w.share[option][g] == pytest.approx(by[:, k].mean() / total.mean())
            assert w.benefits[option][g].p5 == pytest.approx(np.quantile(by[:, k], 0.05))
        assert sum(w.share[option].values()) == pytest.approx(1.0)
        ratio = by[:, w.groups.index("overheid")] / ds["costs_total"].isel(financing=a).values
        assert w.fiscal_return[option].mean == pytest.approx(ratio.mean())
        assert w.p_fiscal_return_at_least_1[option] == pytest.approx(np.mean(ratio >= 1))
        net = (ds["benefits"] - ds["costs"]).isel(financing=a).values.cumsum(axis=1)
        assert [x.mean for x in w.budget[option]["cumulative_net"]] == pytest.approx(
            list(net.mean(axis=0)))
    j = w.to_json()
    assert j["government"] == "overheid" and len(j["years"]) == len(ds["year"])
    with pytest.raises(ValueError, match="unknown beneficiary 'x'"):
        who_gains(ds, government="x")


def test_assumptions_tornado_draws_each_assumption_from_low_to_high():
    from mcimpact.analysis.decision import AssumptionRun, AssumptionSensitivity
    from mcimpact.present.decision_figures import assumptions_tornado
    from mcimpact.present.locale import Locale

    def run(settings, m):
        return AssumptionRun(settings, {"a": m}, {"a": 0.0}, "a")

    result = AssumptionSensitivity(run({}, 2.0), {
        "discount_rate": {"low": run({"discount_rate": 0.0}, 2.0),
                          "high": run({"discount_rate": 0.035}, 1.5)},
        "saturation": {"low": run({"saturation": 0.8}, 1.2),
                       "high": run({"saturation": 1.0}, 3.0)}}, None, {})
    fig = assumptions_tornado(result, "a", locale=Locale.get("en"))
    ax = fig.axes[0]
    bars = {p.get_gid(): p for p in ax.patches if p.get_gid()}
    # The widest (saturation, 1.2 … 3.0) on top, i.e. last (row 1).
    assert bars["tornado-low-1"].get_x() + bars["tornado-low-1"].get_width() == \
        pytest.approx(1.2)
    assert bars["tornado-high-1"].get_x() + bars["tornado-high-1"].get_width() == \
        pytest.approx(3.0)
    assert bars["tornado-high-0"].get_x() + bars["tornado-high-0"].get_width() == \
        pytest.approx(1.5)
    # Named in words (the catalogue's voi.assumption.*).
    assert [t.get_text() for t in ax.get_yticklabels()] == ["discount rate", "saturation"]
