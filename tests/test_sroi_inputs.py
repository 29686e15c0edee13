"""The inputs of SROI and MKBA scenarios: uncertain adjustments, optional arena fields,
per-chain overrides, unit values and workshop ranges (docs/scenario-format.md).

Reference values come from closed forms worked out in each test, or from the NumPy twin
of the core (mcimpact.testing.twin), never from the code under test.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from conftest import INITIATIVE, META, build, chain, toml
from mcimpact.analysis.sensitivity import input_shares, kind_factors, tornado
from mcimpact.core.compile import core_arrays, sample
from mcimpact.errors import ScenarioError
from mcimpact.model.distributions import beta_ab
from mcimpact.model.scenario import INPUT_NAMES
from mcimpact.readers.toml import parse
from mcimpact.run.engine import run_deterministic, run_monte_carlo
from mcimpact.testing import twin

SLOT = {name: s for s, name in enumerate(INPUT_NAMES)}


def total(ds) -> float:
    return float(ds["benefits_total"].isel(draw=0).sel(financing="base"))


# --------------------------------------------------------------------------------------
# 2. The SROI adjustments are uncertain inputs


UNCERTAIN_ADJUSTMENTS = {
    "deadweight": {"dist": "beta", "mean": 0.3, "sd": 0.1},
    "attribution": {"dist": "uniform", "min": 0.1, "max": 0.3},
    "displacement": "middel",
    "drop_off": {"dist": "uniform", "min": 0.1, "max": 0.5},
}


def adjusted(**overrides):
    """Ten people, p = 0.5, δ = 0.4, v = 100 for 4 constant years in 2021: 200 a year
    before the adjustments; the displacement scale has one label, middel = 0.25."""
    c = chain(profile={"shape": "constant", "duration": 4}, adjustments=UNCERTAIN_ADJUSTMENTS,
              participants={"dist": "fixed", "value": 10}, **overrides)
    text_scale = '\n[scales.displacement]\nlabels = { middel = 0.25 }\nsd = 0.05\n'
    return parse(toml(META, [INITIATIVE], [c]).replace("[[initiatives]]",
                                                      text_scale + "\n[[initiatives]]", 1))


def test_adjustments_take_numbers_labels_and_distributions():
    s = adjusted()
    a = s.chains[0].adjustments
    assert a.deadweight.dist == "beta" and a.deadweight.point == pytest.approx(0.3)
    assert a.attribution.dist == "uniform" and a.attribution.point == pytest.approx(0.2)
    assert a.displacement.label == "middel" and a.displacement.point == pytest.approx(0.25)
    assert a.drop_off.point == pytest.approx(0.3)


def test_deterministic_mode_uses_the_adjustments_point_values():
    # 200 · (1 − 0.3)(1 − 0.2)(1 − 0.25) = 84 in the first effect year, then × (1 − 0.3)
    # per year (the point drop-off): 84 · (1 + 0.7 + 0.49 + 0.343).
    ds = run_deterministic(adjusted())
    np.testing.assert_allclose(ds["benefits"].isel(draw=0).sel(financing="base").values,
                               [84, 84 * 0.7, 84 * 0.49, 84 * 0.343, 0], rtol=1e-13)


def test_the_core_samples_the_adjustments_as_the_numpy_twin_does():
    s = adjusted(cohorts=[2021, 2022])
    core = core_arrays(s)
    got = sample(core, 11, 100, 4000, keep_inputs=True)
    # The twin computes the benefits from the core's own kept inputs (the arithmetic),
    # and from its own inverse CDFs of the same uniforms (the sampling).
    want = twin(s, 11, 100, 4000, inputs=got.inputs)
    np.testing.assert_allclose(got.benefits, want.benefits, rtol=1e-12)
    np.testing.assert_allclose(got.groups, want.groups, rtol=1e-12)
    sampled = twin(s, 11, 100, 4000)
    for name in ("deadweight", "attribution", "drop_off"):
        np.testing.assert_allclose(got.inputs[:, 0, SLOT[name]],
                                   sampled.inputs[:, 0, SLOT[name]], rtol=1e-5, atol=1e-9)


def test_monte_carlo_mean_of_uncertain_adjustments_matches_the_closed_form():
    # E[B] = 200 · E[1 − dw] E[1 − at] E[1 − di] · Σ_j E[(1 − d)^j], j = 0..3, with
    # d ~ U(0.1, 0.5): E[(1 − d)^j] = (0.9^(j+1) − 0.5^(j+1)) / ((j + 1) · 0.4).
    s = adjusted()
    n = 40_000
    ds = run_monte_carlo(s, n, seed=3)
    x = ds["benefits_total"].sel(financing="base").values
    decay = sum((0.9 ** (j + 1) - 0.5 ** (j + 1)) / ((j + 1) * 0.4) for j in range(4))
    expected = 200 * 0.7 * 0.8 * 0.75 * decay
    mcse = x.std(ddof=1) / math.sqrt(n)
    assert abs(x.mean() - expected) < 4 * mcse


def test_fixed_adjustments_leave_the_other_inputs_draws_unchanged():
    # Streams are named by (seed, chain, input): sampling the deadweight must not shift
    # the participants' draws.
    fixed_dw = build([chain(participants=40, adjustments={"deadweight": 0.3})])
    sampled_dw = build([chain(participants=40, adjustments={
        "deadweight": {"dist": "uniform", "min": 0.2, "max": 0.4}})])
    a = sample(core_arrays(fixed_dw), 5, 0, 2000, keep_inputs=True).inputs
    b = sample(core_arrays(sampled_dw), 5, 0, 2000, keep_inputs=True).inputs
    np.testing.assert_array_equal(a[:, :, :SLOT["deadweight"]], b[:, :, :SLOT["deadweight"]])
    assert np.all(a[:, 0, SLOT["deadweight"]] == 0.3)
    assert 0.2 <= b[:, 0, SLOT["deadweight"]].min() < b[:, 0, SLOT["deadweight"]].max() <= 0.4


def test_adjustments_appear_in_the_tornado_and_by_input_kind():
    s = adjusted()
    bars = tornado(s, "benefits_total")
    factors = set(bars["factor"].values.tolist())
    assert {"c1:deadweight", "c1:attribution", "c1:displacement", "c1:drop_off"} <= factors
    # The deadweight bar: 200 · (1 − q)(0.8)(0.75) · (1 + 0.7 + 0.49 + 0.343) at its P10
    # and P90, q the Beta(mean 0.3, sd 0.1) quantiles (scipy).
    kappa = 0.3 * 0.7 / 0.1**2 - 1
    lo, hi = stats.beta(0.3 * kappa, 0.7 * kappa).ppf([0.1, 0.9])
    bar = bars.sel(factor="c1:deadweight")
    point_rest = 200 * 0.8 * 0.75 * (1 + 0.7 + 0.49 + 0.343)
    assert float(bar["output_low"]) == pytest.approx((1 - lo) * point_rest, rel=1e-6)
    assert float(bar["output_high"]) == pytest.approx((1 - hi) * point_rest, rel=1e-6)
    # The drop-off bar: the profile with the drop-off at its quantiles 0.14 and 0.46.
    bar = bars.sel(factor="c1:drop_off")
    base = 200 * 0.7 * 0.8 * 0.75
    for end, q in (("output_low", 0.14), ("output_high", 0.46)):
        assert float(bar[end]) == pytest.approx(base * sum((1 - q) ** j for j in range(4)),
                                                rel=1e-9)
    kinds = kind_factors(s)
    assert {"deadweight", "attribution", "displacement", "drop_off"} <= set(kinds)


def test_exact_input_shares_count_an_uncertain_deadweight():
    # B = N p δ v · (1 − dw) · PV with only N ~ Poisson(40) and dw ~ U(0.2, 0.4) uncertain:
    # Var(B) ∝ q_N q_W − m_N² m_W², S_W = s²_W m_N² / (q_N q_W − m_N² m_W²).
    s = build([chain(participants={"dist": "poisson", "mean": 40}, adjustments={
        "deadweight": {"dist": "uniform", "min": 0.2, "max": 0.4}})])
    shares = input_shares(s)
    m_n, v_n = 40.0, 40.0
    m_w, v_w = 0.7, 0.2**2 / 12
    var = (v_n + m_n**2) * (v_w + m_w**2) - m_n**2 * m_w**2
    assert float(shares["first_order"].sel(input="deadweight")) == pytest.approx(
        v_w * m_n**2 / var, rel=1e-9)
    assert float(shares["total_order"].sel(input="deadweight")) == pytest.approx(
        v_w * (v_n + m_n**2) / var, rel=1e-9)


def test_an_adjustment_out_of_range_or_an_unknown_label_is_located():
    with pytest.raises(ScenarioError) as err:
        build([chain(adjustments={"deadweight": 1.2})])
    assert "field 'adjustments.deadweight': input should be less than or equal to 1" in str(
        err.value)
    with pytest.raises(ScenarioError) as err:
        build([chain(adjustments={"attribution": "hoog"})])
    assert ("field 'adjustments.attribution': expected a number or a distribution table, "
            "got the text 'hoog' (labels need a scale: [scales.attribution])") in str(err.value)
    with pytest.raises(ScenarioError) as err:
        build([chain(adjustments={"drop_off": {"dist": "uniform", "min": 0.5, "max": 1.5}})])
    assert ("field 'adjustments.drop_off': 'uniform' takes values in [0.5, 1.5]; drop_off "
            "must lie in [0, 1]") in str(err.value)


def test_a_sampled_drop_off_under_financing_matches_the_twin():
    # The financing test's scenario (renewal risk, uplift, extra duration, saturation)
    # with chain c2's drop-off uncertain: the core's cohort terms against the twin's
    # profiles times (1 − d)^j.
    from test_financing import _built_text

    text = _built_text()
    assert text.count("drop_off = 0.1") == 1
    s = parse(text.replace("drop_off = 0.1",
                           'drop_off = { dist = "uniform", min = 0.05, max = 0.3 }'))
    core = core_arrays(s)
    assert core.dropoff_chain.tolist() == [-1, 0, -1]
    got = sample(core, 5, 200, 3000, keep_inputs=True)
    want = twin(s, 5, 200, 3000)
    np.testing.assert_allclose(got.inputs, want.inputs, rtol=1e-12)
    np.testing.assert_array_equal(got.patterns, want.patterns)
    np.testing.assert_allclose(got.benefits, want.benefits, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(got.groups, want.groups, rtol=1e-9, atol=1e-9)


# --------------------------------------------------------------------------------------
# 3. Arena-only fields are optional


def sroi_line(**overrides):
    """An SROI line: no slagingskans, no delta, no domain."""
    c = chain(**overrides)
    for key in ("success_probability", "effect_size", "domain"):
        c.pop(key)
    return c


def test_success_probability_and_effect_size_default_to_one_and_certain():
    s = build([sroi_line(participants={"dist": "fixed", "value": 10})])
    c = s.chains[0]
    assert c.success_probability.is_fixed and c.success_probability.point == 1.0
    assert c.effect_size.is_fixed and c.effect_size.point == 1.0
    # N · v = 10 · 100, once.
    assert total(run_deterministic(s)) == 1000.0


def test_a_scenario_without_domains_has_no_domain_breakdown_and_no_cost_claim():
    from mcimpact.analysis.summaries import summarize

    s = build([sroi_line()])
    assert s.domains == ()
    ds = run_monte_carlo(s, 2000, seed=1)
    assert ds.sizes["domain"] == 0
    out = summarize(ds).to_json()
    assert out["benefits_by_domain"] == {}
    assert out["cost_claim_by_domain"] == {}
    assert out["benefits_total"]["mean"] == pytest.approx(
        float(ds["benefits_total"].mean()), rel=1e-12)


def test_domains_in_some_chains_only_are_located():
    with pytest.raises(ScenarioError) as err:
        build([chain(), sroi_line(id="c2")])
    assert ("chains[1] (id 'c2'): field 'domain': give a domain in every chain or in none "
            "(1 of 2 chains give one)") in str(err.value)


def test_group_names_in_one_language_serve_every_language():
    text = toml(META, [INITIATIVE], [sroi_line(beneficiary="clients")])
    s = parse('[[beneficiaries]]\nid = "clients"\nen = "Meal clients"\n\n' + text)
    group = s.beneficiaries[0]
    assert group.names == {"en": "Meal clients"}
    assert group.name("nl") == group.name("en") == "Meal clients"
    with pytest.raises(ScenarioError) as err:
        parse('[[beneficiaries]]\nid = "clients"\n\n' + text)
    assert "beneficiaries[0] (id 'clients'): needs a name: nl, en or both" in str(err.value)


# --------------------------------------------------------------------------------------
# 8. Per-chain overrides


def test_participants_cv_per_chain_overrides_the_default():
    s = build([chain(id="c1", participants=100, participants_cv=0),
               chain(id="c2", participants=100, participants_cv=0.5),
               chain(id="c3", participants=100)])
    c1, c2, c3 = s.chains
    assert c1.participants.is_fixed and c1.participants.point == 100
    # cv 0.5: sd 50, sd² = 2500 > 100: a negative binomial with that mean and sd.
    assert c2.participants.dist == "negbinomial" and c2.participants.p == {
        "mean": 100.0, "sd": 50.0}
    # The default cv 0.2: sd 20, sd² = 400 > 100.
    assert c3.participants.p == {"mean": 100.0, "sd": 20.0}


def test_a_label_with_its_own_spread():
    s = build([chain(success_probability={"label": "hoog", "sd": 0.1})])
    p = s.chains[0].success_probability
    assert p.label == "hoog" and p.dist == "beta"
    assert p.point == pytest.approx(0.8)
    dist = stats.beta(*beta_ab(p.p))
    assert dist.std() == pytest.approx(0.1, rel=1e-12)
    # Without sd it is the scale's label.
    plain = build([chain(success_probability={"label": "hoog"})]).chains[0]
    assert plain.success_probability == build([chain(success_probability="hoog")]).chains[
        0].success_probability
    with pytest.raises(ScenarioError) as err:
        build([chain(effect_size={"label": "hoog", "sd": 0.5})])
    assert "field 'effect_size': label 'hoog': 'beta': sd must lie in (0, 0.4)" in str(err.value)
    with pytest.raises(ScenarioError) as err:
        build([chain(effect_size={"label": "heel-hoog", "sd": 0.1})])
    assert "field 'effect_size': unknown effect_size label 'heel-hoog'" in str(err.value)


# --------------------------------------------------------------------------------------
# 13. Workshop ranges, fitted by quantile matching


def test_a_positive_range_is_the_lognormal_of_the_closed_form():
    # μ = (ln 70 + ln 300) / 2, σ = (ln 300 − ln 70) / (2 · 1.6448536269514722), z the
    # 95 % normal quantile; mean exp(μ + σ²/2), sd mean · √(exp(σ²) − 1).
    s = build([chain(value={"low": 70, "high": 300, "confidence": 0.9})])
    v = s.chains[0].value
    z = 1.6448536269514722
    mu = (math.log(70) + math.log(300)) / 2
    sigma = (math.log(300) - math.log(70)) / (2 * z)
    mean = math.exp(mu + sigma**2 / 2)
    assert v.dist == "lognormal"
    assert v.p["mean"] == pytest.approx(mean, rel=1e-14)
    assert v.p["sd"] == pytest.approx(mean * math.sqrt(math.expm1(sigma**2)), rel=1e-13)
    # Its 5 % and 95 % quantiles are the range (scipy's lognormal of μ and σ).
    np.testing.assert_allclose(stats.lognorm(sigma, scale=math.exp(mu)).ppf([0.05, 0.95]),
                               [70, 300], rtol=1e-12)


def test_a_probability_range_is_a_beta_with_those_quantiles():
    s = build([chain(success_probability={"low": 0.2, "high": 0.6, "confidence": 0.8},
                     adjustments={"deadweight": {"low": 0.1, "high": 0.4}})])
    c = s.chains[0]
    assert c.success_probability.dist == "beta"
    np.testing.assert_allclose(stats.beta(*beta_ab(c.success_probability.p)).cdf([0.2, 0.6]),
                               [0.1, 0.9], atol=1e-10)
    # The default confidence is 0.9.
    np.testing.assert_allclose(stats.beta(*beta_ab(c.adjustments.deadweight.p)).cdf(
        [0.1, 0.4]), [0.05, 0.95], atol=1e-10)


def test_a_range_that_may_be_negative_is_a_normal():
    # μ = (−50 + 150) / 2, σ = 200 / (2 z) with z the 90 % normal quantile 1.2815515655446004.
    v = build([chain(value={"low": -50, "high": 150, "confidence": 0.8})]).chains[0].value
    assert v.dist == "truncnormal"
    assert v.p == pytest.approx({"mean": 50.0, "sd": 100 / 1.2815515655446004}, rel=1e-14)


@pytest.mark.parametrize(("field", "given", "message"), [
    ("value", {"low": 300, "high": 70}, "range: low (300) must be below high (70)"),
    ("value", {"low": 70}, "a range needs both low and high"),
    ("value", {"low": 1, "high": 2, "confidence": 1.0},
     "range: confidence must lie in (0, 1), got 1"),
    ("effect_size", {"low": 0.0, "high": 0.5},
     "range: low and high of effect_size must lie strictly within (0, 1)"),
    ("participants", {"low": 0, "high": 50},
     "range: low of participants must be > 0 (it is fitted to a lognormal)"),
    ("value", {"low": 1, "high": 2, "mode": 1.5},
     "a range takes low, high and confidence, not mode"),
])
def test_bad_ranges_are_located(field, given, message):
    with pytest.raises(ScenarioError) as err:
        build([chain(**{field: given})])
    assert f"chains[0] (id 'c1'): field '{field}': {message}" in str(err.value)


def test_a_range_for_a_duration_is_refused():
    with pytest.raises(ScenarioError) as err:
        build([chain(profile={"shape": "constant", "duration": {"low": 2, "high": 6}})])
    assert ("field 'profile.duration': a range cannot be given for duration; give a "
            "distribution table") in str(err.value)


# --------------------------------------------------------------------------------------
# 12. Named unit values and value libraries

VALUES = '''
[values.wmo-indicatie]
value = 2500
source = "Kengetallen sociaal domein"
year = 2022
unit = "per person per year"

[values.gp-visit]
value = { dist = "lognormal", mean = 39, sd = 8 }
source = "Unit Costs of Health and Social Care 2021"
year = 2021
'''


def with_values(chains, values: str = VALUES, head: str = "") -> str:
    return head + toml(META, [INITIATIVE], chains) + "\n" + values


def test_chains_refer_to_named_unit_values():
    s = parse(with_values([chain(id="c1", value="wmo-indicatie"),
                           chain(id="c2", value="gp-visit")]))
    c1, c2 = s.chains
    assert c1.value.is_fixed and c1.value.point == 2500 and c1.value_name == "wmo-indicatie"
    assert c2.value.dist == "lognormal" and c2.value.p == {"mean": 39.0, "sd": 8.0}
    wmo = s.values[0]
    assert (wmo.name, wmo.source, wmo.year, wmo.unit) == (
        "wmo-indicatie", "Kengetallen sociaal domein", 2022, "per person per year")
    # N · p · δ · v = 10 · 0.5 · 0.4 · 2500, once.
    assert total(run_deterministic(parse(with_values([chain(value="wmo-indicatie")])))) == (
        10 * 0.5 * 0.4 * 2500)


def test_an_unknown_value_name_is_located():
    with pytest.raises(ScenarioError) as err:
        parse(with_values([chain(value="wmo")]))
    assert ("chains[0] (id 'c1'): field 'value': unknown value 'wmo'; expected one of: "
            "wmo-indicatie, gp-visit") in str(err.value)
    with pytest.raises(ScenarioError) as err:
        parse(with_values([chain(value="wmo")], values=""))
    assert ("field 'value': expected a number or a distribution table, got the text 'wmo'; "
            "a text names a unit value of [values], and the scenario has none") in str(
        err.value)


def test_a_value_library_is_shared_relative_to_the_scenario_file(tmp_path):
    from mcimpact.readers.toml import load

    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "values.toml").write_text(VALUES, encoding="utf-8")
    scenario = tmp_path / "a.toml"
    scenario.write_text(with_values([chain(value="gp-visit")], values="",
                                    head='include_values = "lib/values.toml"\n'),
                        encoding="utf-8")
    s = load(scenario)
    assert s.chains[0].value.dist == "lognormal"
    assert s.values[1].file == str(tmp_path / "lib" / "values.toml")
    assert [p for p, _ in s.included] == [str(tmp_path / "lib" / "values.toml")]


def test_a_missing_library_or_a_bad_entry_in_it_is_located(tmp_path):
    from mcimpact.readers.toml import load

    scenario = tmp_path / "a.toml"
    scenario.write_text(with_values([chain(value="gp-visit")], values="",
                                    head='include_values = "values.toml"\n'),
                        encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        load(scenario)
    text = str(err.value)
    assert f"{scenario}:1: field 'include_values': cannot read the value library " in text
    assert "no such file" in text
    (tmp_path / "values.toml").write_text(
        '[values.gp-visit]\nvalue = { dist = "lognormal", mean = 39 }\n', encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        load(scenario)
    assert (f"{tmp_path / 'values.toml'}:2: [values]: field 'gp-visit.value': 'lognormal' "
            "needs {mean, sd}; got {mean}") in str(err.value)


def test_a_name_in_the_scenario_and_its_library_is_an_error(tmp_path):
    from mcimpact.readers.toml import load

    (tmp_path / "values.toml").write_text(VALUES, encoding="utf-8")
    scenario = tmp_path / "a.toml"
    scenario.write_text(with_values([chain(value="gp-visit")], values=VALUES,
                                    head='include_values = "values.toml"\n'),
                        encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        load(scenario)
    assert "[values]: field 'wmo-indicatie': value 'wmo-indicatie' is also defined in the " \
           "value library" in str(err.value)


def test_an_adjustment_can_be_correlated_across_chains():
    # A one-factor Gaussian copula keeps each deadweight uniform and gives the pair the
    # rank correlation asked for; its standard error for n draws is about
    # (1 − ρ²) / √n (Fisher), so 4 MCSE at n = 20,000 is about 0.01.
    dw = {"dist": "uniform", "min": 0.1, "max": 0.5}
    text = toml(META, [INITIATIVE], [chain(id="c1", adjustments={"deadweight": dw}),
                                     chain(id="c2", adjustments={"deadweight": dw})])
    s = parse(text + '\n[[correlations]]\ninput = "deadweight"\nrank_correlation = 0.8\n'
              'chains = ["c1", "c2"]\n')
    n = 20_000
    x = sample(core_arrays(s), 2, 0, n, keep_inputs=True).inputs[:, :, SLOT["deadweight"]]
    rho = stats.spearmanr(x[:, 0], x[:, 1]).statistic
    assert abs(rho - 0.8) < 4 * (1 - 0.8**2) / math.sqrt(n)


# --------------------------------------------------------------------------------------
# All of it: an SROI impact map as an SROI practitioner writes it

SROI = '''
[meta]
name = "Community meals"
currency = "GBP"
start_year = 2021
horizon = 5

[[beneficiaries]]
id = "clients"
en = "Meal clients"

[[beneficiaries]]
id = "nhs"
en = "NHS"

[values.independence]
value = 400
source = "Illustrative financial proxy"
year = 2021

[[initiatives]]
id = "meals"
name = "Community meals"
costs = { 2021 = 50000 }
activities = { delivery = "Meal delivery" }

[[chains]]
id = "independence"
initiative = "meals"
activity = "delivery"
beneficiary = "clients"
participants = 120
value = "independence"
profile = { shape = "constant", duration = 3 }

[chains.adjustments]
deadweight = { dist = "uniform", min = 0.1, max = 0.3 }
attribution = 0.2
drop_off = 0.1

[[chains]]
id = "admissions"
initiative = "meals"
activity = "delivery"
beneficiary = "nhs"
participants = 30
participants_cv = 0
value = 1500
profile = { shape = "one-off" }
adjustments = { deadweight = 0.25 }
'''


def test_an_sroi_impact_map_reproduces_the_sroi_arithmetic():
    # The SROI guide's impact: quantity × proxy × (1 − deadweight)(1 − attribution), with
    # drop-off in the later years; no discounting here. Independence: 120 · 400 · 0.8 ·
    # 0.8 = 30,720 in 2021, then × 0.9 and × 0.81; admissions: 30 · 1500 · 0.75 = 33,750.
    s = parse(SROI)
    assert s.domains == () and s.meta.currency == "GBP"
    ds = run_deterministic(s)
    yearly = ds["benefits"].isel(draw=0).sel(financing="base").values
    np.testing.assert_allclose(yearly, [30720 + 33750, 30720 * 0.9, 30720 * 0.81, 0, 0],
                               rtol=1e-13)
    multiplier = float(ds["multiplier"].isel(draw=0).sel(financing="base"))
    assert multiplier == pytest.approx((30720 * 2.71 + 33750) / 50000, rel=1e-13)
    # Monte Carlo: the deadweight is uniform, so E[1 − dw] = 0.8 and the mean equals the
    # point result; the count is a negative binomial of mean 120 (cv 0.2).
    n = 20_000
    x = run_monte_carlo(s, n, seed=9)["benefits_total"].sel(financing="base").values
    assert abs(x.mean() - (30720 * 2.71 + 33750)) < 4 * x.std(ddof=1) / math.sqrt(n)


def test_sampled_adjustments_give_the_same_numbers_in_any_chunks():
    # Draw i depends only on (seed, draw, chain, input): cutting the draws elsewhere (not
    # at the kernel's blocks of 512) must not change a sampled adjustment or drop-off.
    core = core_arrays(adjusted(cohorts=[2021, 2022]))
    whole = sample(core, 4, 0, 3000, keep_inputs=True)
    first = sample(core, 4, 0, 777, keep_inputs=True)
    rest = sample(core, 4, 777, 3000 - 777, keep_inputs=True)
    for name in ("benefits", "groups", "inputs"):
        np.testing.assert_array_equal(
            getattr(whole, name), np.concatenate([getattr(first, name), getattr(rest, name)]))


def test_at_most_max_includes_value_libraries():
    from mcimpact.readers.toml import MAX_INCLUDES

    head = f"include_values = {['v.toml'] * (MAX_INCLUDES + 1)!r}\n".replace("'", '"')
    with pytest.raises(ScenarioError) as err:
        parse(with_values([chain()], values="", head=head))
    assert (f"field 'include_values': {MAX_INCLUDES + 1} value libraries; a scenario "
            f"includes at most MAX_INCLUDES = {MAX_INCLUDES}") in str(err.value)
