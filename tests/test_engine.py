"""The point engine against hand calculations on small scenarios.

Every expected number is worked out by hand from the model in DESIGN.md:
B_e[t] = Σ_c N·p·δ·v·a·w[t − c]; here N·p·δ·v = 10 · 0.5 · 0.4 · 100 = 200 EUR unless noted.
"""

from __future__ import annotations

import numpy as np
import pytest

from conftest import INITIATIVE, build, chain
from mcimpact.analysis.summaries import summarize
from mcimpact.run.engine import run_deterministic


def yearly(ds) -> list[float]:
    # Without [[financing]] a scenario has one financing scenario, its base funding.
    assert ds["financing"].values.tolist() == ["base"]
    return ds["benefits"].isel(draw=0).sel(financing="base").values.tolist()


def test_one_off_with_lag_lands_in_one_year():
    ds = run_deterministic(build([chain(profile={"shape": "one-off", "lag": 1})]))
    assert yearly(ds) == [0, 200, 0, 0, 0]


def test_constant_profile_over_two_cohorts_overlaps():
    # Cohorts 2021 and 2022, each 3 years of full value: 1, 2, 2, 1, 0 cohort-years.
    c = chain(profile={"shape": "constant", "duration": 3}, cohorts=[2021, 2022])
    assert yearly(run_deterministic(build([c]))) == [200, 400, 400, 200, 0]


def test_linear_decline_steps_down_by_one_over_duration():
    c = chain(profile={"shape": "linear-decline", "duration": 4})
    assert yearly(run_deterministic(build([c]))) == [200, 150, 100, 50, 0]


def test_exponential_decline_halves_every_half_life_until_the_horizon():
    c = chain(profile={"shape": "exponential-decline", "half_life": 2.0, "lag": 1})
    expected = [0] + [200 * 0.5 ** (j / 2) for j in range(4)]
    np.testing.assert_allclose(yearly(run_deterministic(build([c]))), expected, rtol=1e-15)


def test_effects_past_the_horizon_are_cut_off():
    c = chain(profile={"shape": "constant", "duration": 10}, cohorts=[2024])
    assert yearly(run_deterministic(build([c]))) == [0, 0, 0, 200, 200]


def test_sroi_adjustments_and_drop_off():
    # (1 − 0.2)(1 − 0.25)(1 − 0.5) = 0.3 → 60 EUR; drop-off 10 % a year after the first.
    c = chain(profile={"shape": "constant", "duration": 3},
              adjustments={"deadweight": 0.2, "attribution": 0.25, "displacement": 0.5,
                           "drop_off": 0.1})
    np.testing.assert_allclose(yearly(run_deterministic(build([c]))),
                               [60, 54, 48.6, 0, 0], rtol=1e-14)


def test_labels_take_the_scale_values_from_the_report():
    # laag-middel = 0.35, middel = 0.50 (report, "Uitkomsten impactanalyse").
    c = chain(success_probability="laag-middel", effect_size="middel", value=50,
              participants=100, profile={"shape": "one-off"})
    assert yearly(run_deterministic(build([c])))[0] == pytest.approx(100 * 0.35 * 0.5 * 50)


def test_multiplier_break_even_at_the_edge_and_cost_claim():
    # Costs 100 in 2021; benefits 50 a year for 3 years → cumulative 50, 100: equal in 2022.
    c = chain(participants=1, success_probability=1.0, effect_size=1.0, value=50,
              profile={"shape": "constant", "duration": 3})
    s = summarize(run_deterministic(build([c]))).to_json()
    assert s["benefits_total"] == 150
    assert s["multiplier"] == 1.5
    assert s["break_even_year"] == 2022
    # Cost claim = domain benefits / multiplier = 150 / 1.5: all costs land in rondkomen.
    assert s["cost_claim_by_domain"]["rondkomen"] == pytest.approx(100)
    assert s["cost_claim_by_domain"]["gezondheid"] == 0


def test_break_even_never_within_the_horizon_is_null():
    c = chain(participants=1, success_probability=1.0, effect_size=1.0, value=19,
              profile={"shape": "constant", "duration": 5})
    ds = run_deterministic(build([c]))
    s = summarize(ds).to_json()
    assert s["benefits_total"] == 95 and s["break_even_year"] is None
    never = ds["break_even_year"].attrs["never"]
    assert int(ds["break_even_year"].isel(draw=0).sel(financing="base")) == never == 2026


def test_years_before_the_first_cost_do_not_count_as_break_even():
    late = {**INITIATIVE, "costs": {"2023": 100}}
    c = chain(participants=1, success_probability=1.0, effect_size=1.0, value=60,
              cohorts=[2021], profile={"shape": "constant", "duration": 5})
    s = summarize(run_deterministic(build([c], [late]))).to_json()
    # Cumulative benefits 60, 120, 180 ≥ costs 0, 0, 100: first year with costs is 2023.
    assert s["break_even_year"] == 2023


def test_constant_discount_rate_gives_present_values():
    # Rate 10 %: factors 1, 1/1.1, 1/1.21 …; costs 100 in 2021 and 2022.
    ini = {**INITIATIVE, "costs": {"2021": 100, "2022": 100}}
    c = chain(profile={"shape": "constant", "duration": 2}, cohorts=[2021])
    s = summarize(run_deterministic(build([c], [ini], discount_rate=0.1))).to_json()
    assert s["benefits_total"] == pytest.approx(200 + 200 / 1.1)
    assert s["costs_total"] == pytest.approx(100 + 100 / 1.1)
    assert s["multiplier"] == pytest.approx(2.0)
    assert s["benefits_by_year"]["2022"] == 200  # yearly benefits stay nominal


def test_discount_schedule_applies_each_rate_from_its_year():
    c = chain(profile={"shape": "constant", "duration": 5}, cohorts=[2021])
    ds = run_deterministic(build([c], discount_rate={"2021": 0.0, "2023": 0.05}))
    np.testing.assert_allclose(ds["discount_factor"].values,
                               [1, 1, 1 / 1.05, 1 / 1.05**2, 1 / 1.05**3], rtol=1e-15)


def test_breakdowns_sum_to_the_total_and_per_initiative_multiplier():
    ini_b = {"id": "b", "name": "B", "costs": {"2021": 50}, "activities": {"y": "Y"}}
    chains = [
        chain(id="c1", profile={"shape": "one-off"}),
        chain(id="c2", initiative="b", activity="y", beneficiary="deelnemers",
              domain="gezondheid", claimable=False, profile={"shape": "one-off", "lag": 4}),
    ]
    s = summarize(run_deterministic(build(chains, [INITIATIVE, ini_b], period_length=2))).to_json()
    assert s["benefits_by_initiative"] == {"a": 200, "b": 200}
    assert s["multiplier_by_initiative"] == {"a": 2.0, "b": 4.0}
    assert s["benefits_by_activity"] == {"a:x": 200, "b:y": 200}
    assert s["benefits_by_beneficiary"]["overheid"] == s["benefits_by_beneficiary"]["deelnemers"]
    # The last period is one year: "2025", not "2025-2025".
    assert s["benefits_by_period"] == {"2021-2022": 200, "2023-2024": 0, "2025": 200}
    assert s["benefits_claimable"] == 200
    assert sum(s["cost_claim_by_domain"].values()) == pytest.approx(s["costs_total"])


def test_the_per_draw_sums_run_in_numpys_order_whatever_the_layout():
    """run.derive sums a draw's years (and initiatives) with the draws laid out last, yet
    in NumPy's pairwise order for a contiguous row (blocks of up to 128 terms, halved at
    multiples of 8 beyond): the totals are the same numbers, bit for bit, as NumPy's
    ``(x * d).sum(axis=-1)``, for any length (a horizon of up to 200 years)."""
    from mcimpact.run.derive import _sum

    rng = np.random.default_rng(3)
    for n in [*range(1, 140), 200, 255, 256, 257, 300, 1000]:
        x = rng.standard_normal((n, 5)) * 10.0 ** rng.integers(-3, 9, (n, 1))
        d = rng.random(n)
        got = np.empty(5)
        _sum(x, d, np.int64(0), n, np.empty((8, 5)), got, 0, 5)
        np.testing.assert_array_equal(got, np.ascontiguousarray(x.T * d).sum(axis=-1),
                                      err_msg=str(n))
