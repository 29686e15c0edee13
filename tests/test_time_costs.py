"""Uncertain costs and the optimism bias, time conventions (arena, SROI, base year),
discount-rate presets and the payback period.

Every reference value is a hand computation in the test (closed forms), an independent
NumPy computation (the twin's costs, cumulative sums here), or the Green Book's own
definition of its discount factors.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import mcimpact
from mcimpact.errors import ScenarioError
from mcimpact.readers.toml import parse
from mcimpact.run.run import Run
from mcimpact.testing import costs as twin_costs


def scenario_text(*, meta: str = "", costs: str = "{ 2021 = 100 }", initiative: str = "",
                  chain: str = "", profile: str = 'shape = "one-off"',
                  more: str = "") -> str:
    """A scenario with one initiative (funded in 2021 unless ``costs`` says otherwise) and
    one chain of N·p·δ·v = 10 · 0.5 · 0.4 · 100 = 200 per cohort year, counts certain."""
    return f"""
[meta]
name = "t"
start_year = 2021
horizon = 5
{meta}

[uncertainty]
participants_cv = 0

[[initiatives]]
id = "a"
name = "A"
costs = {costs}
activities = {{ x = "X" }}
{initiative}

[[chains]]
id = "c1"
initiative = "a"
activity = "x"
beneficiary = "overheid"
domain = "rondkomen"
participants = 10
success_probability = 0.5
effect_size = 0.4
value = 100
profile = {{ {profile} }}
{chain}
{more}
"""


def per_draw(text: str, n: int, seed: int = 7, chunk_size: int = 1 << 15):
    run = Run(parse(text), seed=seed, chunk_size=chunk_size)
    return run, run.chunk(0, n).per


def point(text: str):
    return mcimpact.simulate(parse(text), deterministic=True).summary.ref


# --------------------------------------------------------------------------------------
# Uncertain costs and the optimism bias


def test_uncertain_cost_gives_the_closed_form_mean_multiplier():
    # Benefits are a certain 200; the cost C ~ U(50, 150): E[200 / C] = 200 ln(3) / 100.
    text = scenario_text(costs='{ 2021 = { dist = "uniform", min = 50, max = 150 } }')
    _, per = per_draw(text, 40_000)
    m = per.multiplier[:, 0]
    expected = 200 * math.log(150 / 50) / 100
    mcse = m.std(ddof=1) / math.sqrt(len(m))
    assert abs(m.mean() - expected) < 4 * mcse
    assert np.ptp(per.costs_total[:, 0]) > 50  # the costs do vary per draw


def test_each_draw_has_the_twins_costs_and_its_own_multiplier_and_break_even():
    text = scenario_text(
        costs='{ 2021 = { dist = "pert", min = 60, mode = 90, max = 200 }, '
              '2022 = { dist = "triangular", min = 10, mode = 20, max = 60 }, 2023 = 5 }',
        initiative="optimism_bias = 0.25", profile='shape = "constant", duration = 3')
    run, per = per_draw(text, 5_000)
    scenario = run.scenario
    expected = twin_costs(scenario, per.added_years, seed=7, first=0)
    # The PERT cost is read from a Beta quantile table (< 1e-5 relative, see methodology).
    np.testing.assert_allclose(per.costs, expected, rtol=1e-5)
    assert np.all(expected[:, 0, 2] == 5 * 1.25)  # a certain cost, raised by the bias
    # Multiplier and break-even of each draw, from its own costs (plain NumPy here).
    b, c = per.benefits[:, 0], per.costs[:, 0]
    np.testing.assert_allclose(per.multiplier[:, 0], b.sum(axis=1) / c.sum(axis=1),
                               rtol=1e-12)
    cum_b, cum_c = np.cumsum(b, axis=1), np.cumsum(c, axis=1)
    reached = (cum_c > 0) & (cum_b >= cum_c)
    years = scenario.meta.years
    be = np.where(reached.any(axis=1), years[np.argmax(reached, axis=1)], years[-1] + 1)
    np.testing.assert_array_equal(per.break_even_year[:, 0], be)
    assert len(np.unique(be)) > 1  # the costs move the break-even year


def test_uncertain_costs_do_not_depend_on_the_chunking():
    text = scenario_text(costs='{ 2021 = { dist = "uniform", min = 50, max = 150 } }')
    run = Run(parse(text), seed=3, chunk_size=1000)
    whole = run.chunk(0, 3000).per.costs.copy()
    parts = np.concatenate([run.chunk(first, 1000).per.costs.copy()
                            for first in (0, 1000, 2000)])
    np.testing.assert_array_equal(whole, parts)


def test_point_run_takes_the_cost_means_raised_by_the_optimism_bias():
    # Triangular mean (60 + 90 + 150) / 3 = 100; bias 0.2: costs 120; benefits 200.
    text = scenario_text(costs='{ 2021 = { dist = "triangular", min = 60, mode = 90, '
                               'max = 150 } }', initiative="optimism_bias = 0.2")
    ref = point(text)
    assert ref.costs_total.mean == pytest.approx(120.0, rel=1e-12)
    assert ref.multiplier.mean == pytest.approx(200 / 120, rel=1e-12)


def test_meta_optimism_bias_is_the_default_and_an_initiative_overrides_it():
    scenario = parse(scenario_text(meta="optimism_bias = 0.44", more="""
[[initiatives]]
id = "b"
name = "B"
costs = { 2021 = 10 }
activities = { y = "Y" }
optimism_bias = 0.1
"""))
    bias = {i.id: i.optimism_bias for i in scenario.initiatives}
    assert bias == {"a": 0.44, "b": 0.1}
    # Costs 100 · 1.44 + 10 · 1.1 (hand computation).
    ref = mcimpact.simulate(scenario, deterministic=True).summary.ref
    assert ref.costs_total.mean == pytest.approx(144 + 11, rel=1e-12)


def test_optimism_bias_leaves_a_financing_scenarios_cost_per_year_alone():
    text = scenario_text(initiative="optimism_bias = 0.5", more="""
[[financing]]
id = "more"
name = "More"
funding = { first_year = 2022, last_year = 2023, cost_per_year = 40 }
""")
    ref = point(text)
    assert ref.costs_total.mean == pytest.approx(150 + 2 * 40, rel=1e-12)


@pytest.mark.parametrize(("costs", "initiative", "field", "message"), [
    ('{ 2021 = { dist = "truncnormal", mean = 10, sd = 50 } }', "", "costs.2021",
     "cost must lie in [0, 1e+15]"),
    ('{ 2021 = { dist = "uniform", min = 5 } }', "", "costs.2021", "max"),
    ("{ 2021 = 100 }", "optimism_bias = -0.1", "optimism_bias",
     "greater than or equal to 0"),
])
def test_bad_costs_are_located(costs, initiative, field, message):
    with pytest.raises(ScenarioError) as err:
        parse(scenario_text(costs=costs, initiative=initiative), "s.toml")
    shown = str(err.value)
    assert "s.toml:" in shown and "initiatives[0] (id 'a')" in shown
    assert f"field '{field}'" in shown and message in shown


# --------------------------------------------------------------------------------------
# Time conventions


def test_sroi_convention_reproduces_the_guides_present_value_arithmetic():
    # The SROI guide: the investment (1000) in Year 0, not discounted; the outcome (200 a
    # year for three years) from Year 1 on, discounted by 1.035^t, t = 1, 2, 3.
    text = scenario_text(meta='time_convention = "sroi"\ndiscount_rate = 0.035',
                         costs="{ 2021 = 1000 }",
                         profile='shape = "constant", duration = 3')
    ref = point(text)
    pv = sum(200 / 1.035**t for t in (1, 2, 3))
    assert ref.benefits_total.mean == pytest.approx(pv, rel=1e-12)
    assert ref.costs_total.mean == pytest.approx(1000.0, rel=1e-12)
    assert ref.multiplier.mean == pytest.approx(pv / 1000, rel=1e-12)
    by_year = {int(y): d.mean for y, d in ref.benefits_by_year.items()}
    assert by_year == {2021: 0.0, 2022: 200.0, 2023: 200.0, 2024: 200.0, 2025: 0.0}


def test_sroi_convention_is_the_arena_with_effects_a_year_later():
    sroi = point(scenario_text(meta='time_convention = "sroi"\ndiscount_rate = 0.05',
                               profile='shape = "constant", duration = 2'))
    lagged = point(scenario_text(meta="discount_rate = 0.05",
                                 profile='shape = "constant", duration = 2, lag = 1'))
    assert sroi.multiplier.mean == lagged.multiplier.mean


def test_base_year_convention_discounts_to_the_base_year():
    text = scenario_text(meta='time_convention = "base-year"\nbase_year = 2023\n'
                              "discount_rate = 0.03",
                         costs="{ 2021 = 100 }", profile='shape = "constant", duration = 5')
    scenario = parse(text)
    np.testing.assert_allclose(scenario.meta.discount_factors,
                               [1.03**2, 1.03, 1.0, 1 / 1.03, 1 / 1.03**2], rtol=1e-14)
    ref = mcimpact.simulate(scenario, deterministic=True).summary.ref
    assert ref.costs_total.mean == pytest.approx(100 * 1.03**2, rel=1e-12)
    assert ref.benefits_total.mean == pytest.approx(
        sum(200 * 1.03 ** (2 - k) for k in range(5)), rel=1e-12)


def test_the_default_convention_is_the_arena_with_factor_one_at_the_start_year():
    scenario = parse(scenario_text(meta="discount_rate = 0.03"))
    assert scenario.meta.time_convention == "arena"
    np.testing.assert_allclose(scenario.meta.discount_factors, 1 / 1.03 ** np.arange(5),
                               rtol=1e-14)


@pytest.mark.parametrize(("meta", "field", "message"), [
    ('time_convention = "calendar"', "time_convention", "unknown time convention 'calendar'"),
    ('time_convention = "base-year"', "base_year", "needs the price base year"),
    ('time_convention = "base-year"\nbase_year = 2030', "base_year",
     "expected a year in 2021–2025, got 2030"),
    ("base_year = 2022", "base_year", "only time_convention = 'base-year' takes"),
    ('discount_rate = "nl-mkb"', "discount_rate", "unknown discount rate preset 'nl-mkb'"),
])
def test_bad_time_settings_are_located(meta, field, message):
    with pytest.raises(ScenarioError) as err:
        parse(scenario_text(meta=meta), "s.toml")
    shown = str(err.value)
    assert "s.toml:" in shown and "[meta]" in shown
    assert f"field '{field}'" in shown and message in shown


def test_sroi_convention_counts_the_lag_after_year_one():
    with pytest.raises(ScenarioError, match="starts effects 1 year after the cohort year"):
        parse(scenario_text(meta='time_convention = "sroi"', profile='shape = "one-off", lag = 4'))


# --------------------------------------------------------------------------------------
# Discount-rate presets


def _long(meta: str) -> str:
    return scenario_text(meta=meta).replace("horizon = 5", "horizon = 200")


def test_green_book_preset_gives_the_green_books_discount_factors():
    meta = parse(_long('discount_rate = "uk-green-book"')).meta
    # The Green Book (A6): D_n = 1 / 1.035^n for n = 0 … 30, then each later year at the
    # next band's rate: 3.0 % to year 75, 2.5 % to 125, 2.0 % to 200.
    n = np.arange(200)
    d30, d75, d125 = 1 / 1.035**30, 1 / 1.035**30 / 1.03**45, 1 / 1.035**30 / 1.03**45 / 1.025**50
    expected = np.where(n <= 30, 1 / 1.035**n,
                        np.where(n <= 75, d30 / 1.03 ** (n - 30),
                                 np.where(n <= 125, d75 / 1.025 ** (n - 75),
                                          d125 / 1.02 ** (n - 125))))
    np.testing.assert_allclose(meta.discount_factors, expected, rtol=1e-12)
    # Rounded to four places, as the Green Book's tables give them.
    assert [round(float(meta.discount_factors[k]), 4) for k in (1, 10, 30, 31)] == [
        0.9662, 0.7089, 0.3563, 0.3459]
    assert meta.discount_preset == "uk-green-book"


def test_green_book_schedule_counts_from_the_base_year():
    meta = parse(scenario_text(meta='time_convention = "base-year"\nbase_year = 2022\n'
                                    'discount_rate = "uk-green-book"')).meta
    np.testing.assert_allclose(meta.discount_factors, 1.035 ** -np.arange(-1, 4), rtol=1e-14)


def test_dutch_mkba_preset_is_the_2020_working_groups_real_rate():
    meta = parse(_long('discount_rate = "nl-mkba"')).meta
    assert set(meta.discount_rates[1:]) == {0.0225}
    np.testing.assert_allclose(meta.discount_factors, 1.0225 ** -np.arange(200), rtol=1e-12)


# --------------------------------------------------------------------------------------
# Payback


def test_payback_is_interpolated_within_the_break_even_year():
    # Costs 1000 in 2021, benefits 400 a year from 2021: cumulative net −600, −200, +200,
    # so break-even in 2023 and payback 2 + 200 / 400 = 2.5 years.
    text = scenario_text(costs="{ 2021 = 1000 }",
                         chain="participants = 20", profile='shape = "constant", duration = 5')
    text = text.replace("participants = 10\n", "", 1)
    ref = point(text)
    assert ref.break_even_year.p50 == 2023
    assert ref.payback_years.mean == pytest.approx(2.5, rel=1e-12)


def test_sroi_payback_counts_from_the_investment_as_the_guide_does():
    # The guide's payback: investment / yearly impact = 1000 / 400 = 2.5 years; the
    # outcomes of Years 1, 2, 3 … with the investment in Year 0.
    text = scenario_text(meta='time_convention = "sroi"', costs="{ 2021 = 1000 }",
                         chain="participants = 20", profile='shape = "constant", duration = 4')
    text = text.replace("participants = 10\n", "", 1)
    ref = point(text)
    assert ref.break_even_year.p50 == 2024
    assert ref.payback_years.mean == pytest.approx(2.5, rel=1e-12)


def test_payback_of_each_draw_matches_a_numpy_computation_and_never_is_nan():
    text = scenario_text(costs='{ 2021 = { dist = "uniform", min = 300, max = 1500 } }',
                         meta="discount_rate = 0.04",
                         profile='shape = "constant", duration = 5')
    run, per = per_draw(text, 4_000)
    d = run.scenario.meta.discount_factors
    b, c = per.benefits[:, 0] * d, per.costs[:, 0] * d
    net = np.cumsum(b, axis=1) - np.cumsum(c, axis=1)
    reached = (np.cumsum(c, axis=1) > 0) & (net >= 0)
    expected = np.full(len(net), np.nan)
    for k in np.flatnonzero(reached.any(axis=1)):
        t = int(np.argmax(reached[k]))
        before = net[k, t - 1] if t else 0.0
        expected[k] = t + (-before / (net[k, t] - before) if before < 0 else 0.0)
    np.testing.assert_allclose(per.payback_years[:, 0], expected, rtol=1e-12, equal_nan=True)
    assert np.isnan(expected).any() and not np.isnan(expected).all()


def test_payback_in_the_summary_and_its_json():
    text = scenario_text(costs='{ 2021 = { dist = "uniform", min = 300, max = 1500 } }',
                         profile='shape = "constant", duration = 5')
    s = mcimpact.simulate(parse(text), draws=4_000, seed=2).summary
    block = s.to_json()["financing"]["base"]
    assert set(block["payback_years"]) >= {"mean", "p5", "p50", "p95"}
    # Benefits 200 a year over 5 years pay back a cost of at most 1000 only: the upper
    # quantiles of costs above it are "never" (null), and so is the mean.
    p_never = s.ref.break_even_year.p_never
    assert 0 < p_never < 0.95
    assert block["payback_years"]["p95"] is None and block["payback_years"]["mean"] is None
    assert block["payback_years"]["p5"] == pytest.approx(
        s.ref.payback_years.p5, rel=1e-12)
    point_json = mcimpact.simulate(parse(text), deterministic=True).summary.to_json()
    # The mean cost 900 with 200 a year: break-even in the fifth year, 4 + 100/200.
    assert point_json["payback_years"] == pytest.approx(4.5, rel=1e-12)


# --------------------------------------------------------------------------------------
# Residual value


def test_residual_value_is_a_benefit_of_the_initiative_in_the_last_year():
    text = scenario_text(meta="discount_rate = 0.03", costs="{ 2021 = 1000 }",
                         initiative="residual_value = 900")
    ref = point(text)
    residual = 900 / 1.03**4  # the last year, 2025, discounted to 2021
    assert ref.benefits_total.mean == pytest.approx(200 + residual, rel=1e-12)
    assert ref.benefits_by_year["2025"].mean == pytest.approx(900.0, rel=1e-12)
    assert ref.benefits_by_initiative["a"].mean == pytest.approx(200 + residual, rel=1e-12)
    assert ref.multiplier.mean == pytest.approx((200 + residual) / 1000, rel=1e-12)
    # Of no domain or beneficiary: those breakdowns hold the chains' benefits only.
    assert sum(d.mean for d in ref.benefits_by_domain.values()) == pytest.approx(200.0)
    # 200 + 900 / 1.03^4 = 999.6 < 1000: no break-even; 910 would reach it in 2025.
    assert ref.break_even_year.p50 is None
    more = point(text.replace("residual_value = 900", "residual_value = 910"))
    assert more.break_even_year.p50 == 2025
    # Net position −800 until 2024, then +910 / 1.03^4 − 800 within 2025.
    crossing = 800 / (910 / 1.03**4)
    assert more.payback_years.mean == pytest.approx(4 + crossing, rel=1e-12)


def test_residual_value_is_an_amount():
    with pytest.raises(ScenarioError, match="field 'residual_value'"):
        parse(scenario_text(initiative="residual_value = -1"), "s.toml")


# --------------------------------------------------------------------------------------
# Participants per cohort year


def _by_year(counts: str, **kw) -> str:
    text = scenario_text(costs="{ 2021 = 100, 2022 = 100 }",
                         chain=f"participants_by_year = {counts}", **kw)
    return text.replace("participants = 10\n", "", 1)


def test_participants_by_year_gives_each_cohort_its_count():
    # Certain counts (participants_cv = 0): 10 and 30 people, 0.5 · 0.4 · 100 = 20 each.
    ref = point(_by_year("{ 2021 = 10, 2022 = 30 }"))
    by_year = {int(y): d.mean for y, d in ref.benefits_by_year.items()}
    assert by_year == {2021: 200.0, 2022: 600.0, 2023: 0.0, 2024: 0.0, 2025: 0.0}
    assert ref.benefits_by_activity["a:x"].mean == pytest.approx(800.0, rel=1e-12)


def test_cohort_counts_are_independent_and_the_other_inputs_shared():
    text = _by_year('{ 2021 = { dist = "poisson", mean = 10 }, 2022 = { dist = "poisson", '
                    'mean = 30 } }').replace("success_probability = 0.5",
                                             'success_probability = "middel"')
    scenario = parse(text)
    assert [c.id for c in scenario.chains] == ["c1@2021", "c1@2022"]
    n = 40_000
    run = Run(scenario, seed=5, keep_inputs=True)
    chunk = run.chunk(0, n)
    x = chunk.inputs
    np.testing.assert_array_equal(x[:, 0, 1], x[:, 1, 1])  # one slagingskans for both years
    r = np.corrcoef(x[:, 0, 0], x[:, 1, 0])[0, 1]
    assert abs(r) < 4 / math.sqrt(n)  # the counts are independent
    # B = δ v · p · S = 40 · p · S with p ~ the label's Beta (mean 0.5) and S = N1 + N2 ~
    # Poisson(40): E[B] = 40 · 0.5 · 40 and Var B = 40² (E[p²] E[S²] − E[p]² E[S]²).
    p = scenario.chains[0].success_probability
    ep, vp = p.point, dict(p.params)["sd"] ** 2
    mean = 40 * ep * 40
    var = 40**2 * ((vp + ep**2) * (40 + 40**2) - ep**2 * 40**2)
    b = chunk.per.benefits_total[:, 0]
    assert abs(b.mean() - mean) < 4 * b.std(ddof=1) / math.sqrt(n)
    dev = (b - b.mean()) ** 2
    assert abs(b.var(ddof=1) - var) < 4 * dev.std(ddof=1) / math.sqrt(n)


@pytest.mark.parametrize(("chain", "field", "message"), [
    ("participants_by_year = { 2021 = 10 }\nparticipants = 10", "participants_by_year",
     "give participants or participants_by_year, not both"),
    ("participants_by_year = { 2030 = 10 }", "participants_by_year.2030",
     "expected a year in 2021–2025 as key"),
    ("participants_by_year = { 2021 = 10 }\ncohorts = [2021]", "cohorts",
     "participants_by_year names the cohort years"),
    ("participants_by_year = { 2021 = -3 }", "participants_by_year.2021",
     "expected a number in [0, inf]"),
])
def test_bad_participants_by_year_is_located(chain, field, message):
    text = scenario_text(chain=chain).replace("participants = 10\n", "", 1)
    with pytest.raises(ScenarioError) as err:
        parse(text, "s.toml")
    shown = str(err.value)
    assert "chains[0] (id 'c1')" in shown and f"field '{field}'" in shown and message in shown
    assert "missing required field" not in shown  # the counts were given, by year


def test_a_chain_without_any_count_is_located():
    with pytest.raises(ScenarioError, match="field 'participants': missing required field"):
        parse(scenario_text().replace("participants = 10\n", "", 1), "s.toml")


def test_only_the_counts_of_a_by_year_chain_take_correlations():
    base = _by_year('{ 2021 = 10, 2022 = 30 }').replace("participants_cv = 0",
                                                       "participants_cv = 0.3")
    ok = parse(base + '\n[[correlations]]\ninput = "participants"\nrank_correlation = 0.5\n'
               'chains = ["c1"]\n')
    assert ok.correlations[0].groups == (("chains", ("c1@2021", "c1@2022")),)
    bad = base.replace("success_probability = 0.5", 'success_probability = "middel"') + (
        '\n[[correlations]]\ninput = "success_probability"\nrank_correlation = 0.5\n'
        'by = "all"\n')
    with pytest.raises(ScenarioError, match="only its participants can be correlated"):
        parse(bad)


def test_the_dataset_has_the_payback_and_names_the_base_year():
    text = scenario_text(meta='time_convention = "base-year"\nbase_year = 2023\n'
                              "discount_rate = 0.03",
                         costs='{ 2021 = { dist = "uniform", min = 50, max = 150 } }')
    ds = mcimpact.simulate(parse(text), draws=2_000, seed=1, keep_draws=True).dataset
    assert ds["benefits_total"].attrs["long_name"].endswith("present value at the base year 2023")
    assert ds["payback_years"].attrs["units"] == "years"
    # The costs of each draw are in the dataset: its multiplier is its own B / C.
    d = ds["discount_factor"].values
    np.testing.assert_allclose(ds["multiplier"].values,
                               (ds["benefits"].values @ d) / (ds["costs"].values @ d),
                               rtol=1e-12)


def test_the_json_says_how_years_are_counted():
    sroi = mcimpact.simulate(parse(scenario_text(meta='time_convention = "sroi"')),
                             deterministic=True).summary.to_json()
    assert (sroi["time_convention"], sroi["discount_year"]) == ("sroi", 2021)
    base = mcimpact.simulate(parse(scenario_text(
        meta='time_convention = "base-year"\nbase_year = 2024')), draws=500).summary.to_json()
    assert (base["time_convention"], base["discount_year"]) == ("base-year", 2024)


def test_uncertain_costs_are_a_factor_of_the_sensitivity_analysis():
    # M = 400 p / C with p ~ U(0.4, 0.6) and C ~ U(50, 150) independent: for a product of
    # independent factors S_p = Var(p) E[1/C]² / Var M and S_C = E[p]² Var(1/C) / Var M,
    # with E[1/C] = ln 3 / 100 and E[1/C²] = 1 / (50 · 150) (closed forms).
    from mcimpact.analysis.sensitivity import COSTS, pick_freeze

    text = scenario_text(costs='{ 2021 = { dist = "uniform", min = 50, max = 150 } }').replace(
        "success_probability = 0.5",
        'success_probability = { dist = "uniform", min = 0.4, max = 0.6 }')
    ep, vp = 0.5, 0.2**2 / 12
    e1, e2 = math.log(3) / 100, 1 / (50 * 150)
    var = (vp + ep**2) * e2 - ep**2 * e1**2
    exact = {"c1": vp * e1**2 / var, COSTS: ep**2 * (e2 - e1**2) / var}
    ds = pick_freeze(parse(text), 1 << 15, seed=11, by="chain", outputs=("multiplier",),
                     n_resamples=199).sel(output="multiplier")
    assert list(ds["factor"].values) == ["c1", COSTS]
    for factor, s in exact.items():
        row = ds.sel(factor=factor)
        half = float(row.first_order_high - row.first_order_low) / 2
        assert abs(float(row.first_order) - s) < 2 * half, factor  # ≈ 4 standard errors


def test_mean_multiplier_with_uncertain_costs_is_the_numpy_twins():
    # The summary's mean multiplier against the same draws computed by the NumPy twin
    # (scipy's inverse CDFs for the chain's inputs and the costs), discounted here.
    from mcimpact.testing import twin

    text = scenario_text(
        meta="discount_rate = 0.035\noptimism_bias = 0.1",
        costs='{ 2021 = { dist = "pert", min = 60, mode = 90, max = 200 }, '
              '2022 = { dist = "uniform", min = 10, max = 30 } }',
        profile='shape = "constant", duration = 3').replace(
        "success_probability = 0.5", 'success_probability = "middel"')
    scenario = parse(text)
    n = 3_000
    got = mcimpact.simulate(scenario, draws=n, seed=9).summary.ref.multiplier.mean
    draws = twin(scenario, 9, 0, n)
    d = scenario.meta.discount_factors
    b = draws.benefits[:, 0] @ d
    c = twin_costs(scenario, draws.patterns, seed=9, first=0)[:, 0] @ d
    assert got == pytest.approx(float(np.mean(b / c)), rel=1e-5)  # Beta/PERT tables: 1e-6
