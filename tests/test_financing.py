"""Financing scenarios: renewal draws, added cohorts, common random numbers, validation.

Every reference value names its source: a hand calculation from the model's definition
(docs/methodology.md; :class:`mcimpact.model.scenario.Funding`), a closed form, or the independent
NumPy twin :func:`mcimpact.testing.twin`, which draws the renewals with its own inverse
CDF and spells the added cohorts out cohort by cohort.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from typer.testing import CliRunner

from conftest import INITIATIVE, META, build, chain, toml
from mcimpact import testing
from mcimpact.analysis.summaries import summarize
from mcimpact.cli import app
from mcimpact.core.compile import core_arrays, sample
from mcimpact.model.scenario import BASE_FINANCING, Funding
from mcimpact.readers.toml import load, parse
from mcimpact.run import engine

GRONINGEN_IDS = ["regiodeal", "voortzetting-2024-2026", "structureel-4j", "incidenteel"]
# Per-draw variables (every one with the financing dimension).
PER_DRAW = ("benefits", "costs", "added_years", "benefits_total", "benefits_claimable",
            "costs_total", "costs_by_initiative", "net_benefit", "multiplier",
            "break_even_year", "benefits_by_period", "multiplier_by_initiative",
            "cost_claim_by_domain", "benefits_by_initiative", "benefits_by_activity",
            "benefits_by_beneficiary", "benefits_by_domain")


@pytest.fixture(scope="module")
def groningen():
    return load()


@pytest.fixture(scope="module")
def groningen_mc(groningen):
    return engine.run_monte_carlo(groningen, 4_000, seed=17)


def _without_financing(text: str) -> str:
    """The scenario text cut before its first ``[[financing]]`` entry, together with the
    comment block (banner, assumptions) just above it."""
    lines = text[: text.index("\n[[financing]]")].splitlines()
    while lines and (not lines[-1].strip() or lines[-1].lstrip().startswith("#")):
        lines.pop()
    return "\n".join(lines) + "\n"


def _financing_toml(entries: list[tuple[dict, dict | None, dict[str, dict]]]) -> str:
    """``[[financing]]`` entries: (head keys, funding table or None, per-initiative tables)."""
    out = []
    for head, funding, per_initiative in entries:
        out += ["[[financing]]", *(f"{k} = {_toml_value(v)}" for k, v in head.items())]
        if funding is not None:
            out += ["[financing.funding]", *(f"{k} = {_toml_value(v)}"
                                             for k, v in funding.items())]
        for ini, table in per_initiative.items():
            out += [f"[financing.initiatives.{ini}]",
                    *(f"{k} = {_toml_value(v)}" for k, v in table.items())]
        out.append("")
    return "\n" + "\n".join(out)


def _toml_value(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return f'"{v}"'
    return repr(v)


# ---------------------------------------------------------------------------------------
# The core against the independent twin, draw by draw
# ---------------------------------------------------------------------------------------


def test_core_matches_the_twin_on_groningen_under_every_financing_scenario(groningen):
    assert [f.id for f in groningen.financing] == GRONINGEN_IDS
    core = core_arrays(groningen)
    n = 400
    got = sample(core, 11, 1_000, n, keep_inputs=True)
    # Benefit arithmetic: the twin on the core's own inputs, so only the financing model
    # (renewal draws, added cohorts with uplift, extra duration, saturation) is compared.
    want = testing.twin(groningen, 11, 1_000, n, inputs=got.inputs)
    assert got.benefits.shape == want.benefits.shape == (n, 4, groningen.meta.horizon)
    np.testing.assert_array_equal(got.patterns, want.patterns)
    np.testing.assert_allclose(got.benefits, want.benefits, rtol=1e-9, atol=1e-6)
    np.testing.assert_allclose(got.groups, want.groups, rtol=1e-9, atol=1e-6)
    # The whole twin (scipy's exact inverse CDFs; the core's Beta tables interpolate to
    # < 1e-5 relative, see test_kernels).
    full = testing.twin(groningen, 11, 1_000, n)
    np.testing.assert_allclose(got.inputs, full.inputs, rtol=1e-5)
    np.testing.assert_allclose(got.benefits, full.benefits, rtol=1e-5, atol=1e-6)
    # The renewals are not trivial here: structural stops after 4 or runs 8 years,
    # incidental takes every length; joint: one decision for all five initiatives.
    k = got.patterns
    assert set(np.unique(k[:, 2])) == {4, 8}
    assert len(np.unique(k[:, 3])) >= 6
    assert np.all(k[:, 0] == 0) and np.all(k[:, 1] == 3)
    assert np.all(k == k[:, :, :1])


def test_dataset_costs_and_added_years_match_the_twin(groningen, groningen_mc):
    ds = groningen_mc
    n = ds.sizes["draw"]
    patterns = testing.renewals(groningen, 17, 0, n)
    np.testing.assert_array_equal(ds["added_years"].transpose("draw", "financing",
                                                              "initiative").values, patterns)
    # Costs: base costs plus cost_per_year in each funded added year (testing.costs).
    want = testing.costs(groningen, patterns)
    np.testing.assert_allclose(ds["costs"].transpose("draw", "financing", "year").values,
                               want, rtol=1e-12)
    np.testing.assert_allclose(ds["costs_total"].values, want @ groningen.meta.discount_factors,
                               rtol=1e-12)


def _built_text() -> str:
    """Two initiatives, uncertain durations (the cap at the horizon is reached), a chain
    with its own cohorts, and financing per initiative (joint = false) and joint."""
    meta = {**META, "horizon": 12}  # 2021-2032
    initiatives = [
        {**INITIATIVE, "costs": {"2021": 100, "2022": 100}},
        {"id": "b", "name": "B", "costs": {"2021": 50}, "activities": {"y": "Y"}},
    ]
    chains = [
        chain(id="c1", participants={"dist": "uniform", "min": 5, "max": 15},
              success_probability={"dist": "uniform", "min": 0.2, "max": 0.6},
              effect_size={"dist": "triangular", "min": 0.1, "mode": 0.3, "max": 0.9},
              profile={"shape": "constant",
                       "duration": {"dist": "uniform", "min": 1, "max": 12}}),
        chain(id="c2", initiative="b", activity="y", beneficiary="deelnemers",
              domain="gezondheid", participants=20,
              success_probability={"dist": "triangular", "min": 0.1, "mode": 0.5, "max": 0.8},
              value={"dist": "uniform", "min": 50, "max": 150},
              profile={"shape": "linear-decline", "lag": 1,
                       "duration": {"dist": "uniform", "min": 1, "max": 5}},
              adjustments={"drop_off": 0.1}, claimable=False),
        # Its own cohorts: a one-time effect, no added cohorts.
        chain(id="c3", cohorts=[2021, 2025],
              profile={"shape": "exponential-decline", "half_life": 2.0}),
    ]
    funding = {"first_year": 2023, "last_year": 2030, "renewal": "incidental",
               "non_renewal": 0.25, "uplift": 0.1, "uplift_max": 0.25, "sustained_years": 2,
               "extra_duration": 3, "saturation": 0.85}
    # b's base year is 2021 only: its added years start right after it (a run of 1).
    b = {"first_year": 2022, "renewal": "structural", "cycle": 3, "non_renewal": 0.4,
         "cost_per_year": 70.0}
    return toml(meta, initiatives, chains) + _financing_toml([
        ({"id": "none", "name": "Nothing added"}, None, {}),
        ({"id": "separate", "name": "Per initiative", "joint": False}, funding, {"b": b}),
        ({"id": "together", "name": "Joint", "joint": True}, funding, {"b": b}),
        ({"id": "a-fixed", "name": "A only, fixed"}, None,
         {"a": {"first_year": 2024, "last_year": 2026, "uplift": 0.2, "uplift_max": 0.3,
                "saturation": 0.5}}),
    ])


def test_core_matches_the_twin_on_a_built_scenario_with_separate_renewals():
    scenario = parse(_built_text())
    assert not scenario.chains[2].follows_funding
    n = 3_000
    got = sample(core_arrays(scenario), 5, 200, n, keep_inputs=True)
    # Uniform and triangular inverse CDFs are closed forms in both: the whole twin agrees
    # to rounding.
    want = testing.twin(scenario, 5, 200, n)
    np.testing.assert_allclose(got.inputs, want.inputs, rtol=1e-12)
    np.testing.assert_array_equal(got.patterns, want.patterns)
    np.testing.assert_allclose(got.benefits, want.benefits, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(got.groups, want.groups, rtol=1e-9, atol=1e-9)

    k = got.patterns  # (draw, financing, initiative); initiatives a, b
    ka, kb = k[:, 1, 0], k[:, 1, 1]
    assert set(np.unique(kb)) == {3, 6, 9}  # structural, cycles of 3 over 2022-2030
    # joint = false: a's and b's renewals are drawn apart (discordant pairs exist); joint:
    # both from one uniform, so comonotone (never discordant).
    def discordant(x: np.ndarray, y: np.ndarray) -> bool:
        return bool(np.any((x[:, None] - x[None]) * (y[:, None] - y[None]) < 0))

    assert discordant(ka[:300], kb[:300])
    assert not discordant(k[:300, 2, 0], k[:300, 2, 1])
    # The same stream for the same group: a's renewal uniform is its own ("a") in
    # 'separate' and "all" in 'together'; b has nothing in 'a-fixed'.
    assert np.all(k[:, 3, 0] == 3) and np.all(k[:, 3, 1] == 0) and np.all(k[:, 0] == 0)
    # Durations that reach the horizon cap with the extra duration, and both uplifts.
    d = np.round(got.inputs[:, 0, 4])
    assert np.any(d + 3 > 12)
    # Added cohorts matter: the financed benefits exceed the base ones.
    assert np.all(got.benefits[:, 1].sum(axis=-1) > got.benefits[:, 0].sum(axis=-1))


def more_funding():
    """One chain, 200 EUR per cohort (10 · 0.5 · 0.4 · 100), effect 1 year; base 2021,
    horizon 2021–2025. "more" adds fixed 2022-2024: uplift 0.1 a funded year before, at
    most 0.15; 2 funded years before → 2 extra years of effect; saturation 0.5; 80 EUR a
    year."""
    text = toml(META, [INITIATIVE], [chain(profile={"shape": "constant", "duration": 1})])
    text += _financing_toml([
        ({"id": "base", "name": "Base"}, None, {}),
        ({"id": "more", "name": "More"},
         {"first_year": 2022, "last_year": 2024, "uplift": 0.1, "uplift_max": 0.15,
          "sustained_years": 2, "extra_duration": 2, "saturation": 0.5,
          "cost_per_year": 80.0}, {}),
    ])
    return parse(text)


def test_added_cohorts_by_hand():
    # more_funding():
    #   2022: k = 1, run 1 → Δ = 0.10, p = 0.5 + 0.10·0.5 = 0.550, N = 5    → 110.0, 1 year
    #   2023: k = 2, run 2 → Δ = 0.15, p = 0.575, N = 2.5 → 57.5,  3 years (2023-2025)
    #   2024: k = 3, run 3 → Δ = 0.15, p = 0.575, N = 1.25 → 28.75, 3 years, cut at 2025
    scenario = more_funding()
    det = engine.run_deterministic(scenario)
    more = det.isel(draw=0).sel(financing="more")
    np.testing.assert_allclose(more["benefits"].values, [200, 110, 57.5, 86.25, 86.25],
                               rtol=1e-14)
    np.testing.assert_allclose(more["costs"].values, [100, 80, 80, 80, 0], rtol=0)
    assert float(more["costs_total"]) == 340
    assert float(more["multiplier"]) == pytest.approx(540 / 340, rel=1e-14)
    assert int(more["added_years"].sel(initiative="a")) == 3
    base = det.isel(draw=0).sel(financing="base")
    assert base["benefits"].values.tolist() == [200, 0, 0, 0, 0]
    # A fixed plan has no renewal risk: every Monte Carlo draw is the point result scaled
    # by its participant count N (the only uncertain input here, 10 at the point), as
    # every cohort's count is N·0.5^k.
    mc = engine.run_monte_carlo(scenario, 50, seed=3, keep_inputs=True)
    count = mc["inputs"].sel(chain="c1", input="participants").values
    assert np.ptp(count) > 0
    np.testing.assert_allclose(mc["benefits"].sel(financing="more").values,
                               count[:, None] / 10 * more["benefits"].values, rtol=1e-13)
    assert np.all(mc["added_years"].sel(financing="more").values == 3)
    # The twin's point run agrees.
    np.testing.assert_allclose(testing.point(scenario).benefits[0],
                               det["benefits"].isel(draw=0).values, rtol=1e-14)


# ---------------------------------------------------------------------------------------
# Renewal: closed forms
# ---------------------------------------------------------------------------------------


def _incidental(q: float, n: int) -> np.ndarray:
    # First year always funded; year k (k ≥ 2) only if all k − 1 renewals were granted:
    # P(K = k) = (1 − q)^(k−1) q for 1 ≤ k < L, P(K = L) = (1 − q)^(L−1), P(K = 0) = 0.
    probs = np.array([0.0] + [(1 - q) ** (k - 1) * q for k in range(1, n)]
                     + [(1 - q) ** (n - 1)])
    return probs


@pytest.mark.parametrize(("q", "n"), [(0.3, 8), (0.15, 1), (0.5, 3), (0.0, 5)])
def test_incidental_added_years_distribution_and_mean(q, n):
    plan = Funding(years=tuple(range(2024, 2024 + n)), cost_per_year=1.0,
                   renewal="incidental", cycle=1, non_renewal=q)
    probs = plan.added_years_probabilities()
    np.testing.assert_allclose(probs, _incidental(q, n), rtol=1e-15, atol=0)
    # E[K] = Σ_{k=1..L} P(K ≥ k) = Σ (1 − q)^(k−1) = (1 − (1 − q)^L) / q (geometric
    # series; L at q = 0).
    mean = n if q == 0 else (1 - (1 - q) ** n) / q
    assert probs @ np.arange(n + 1) == pytest.approx(mean, rel=1e-14)


@pytest.mark.parametrize(("q", "n", "cycle"), [(0.15, 8, 4), (0.4, 9, 3), (0.2, 7, 3)])
def test_structural_added_years_distribution_and_mean(q, n, cycle):
    plan = Funding(years=tuple(range(2024, 2024 + n)), cost_per_year=1.0,
                   renewal="structural", cycle=cycle, non_renewal=q)
    probs = plan.added_years_probabilities()
    # Cycle j (j = 1 .. J, J = ⌈L/c⌉) holds ℓ_j = min(c, L − (j−1)c) years and is funded
    # with probability (1 − q)^(j−1): E[K] = Σ_j ℓ_j (1 − q)^(j−1). For L = 8, c = 4:
    # P(K = 4) = q, P(K = 8) = 1 − q, E[K] = 4 + 4(1 − q).
    n_cycles = -(-n // cycle)
    want = np.zeros(n + 1)
    for j in range(1, n_cycles + 1):
        want[min(n, j * cycle)] += (1 - q) ** (j - 1) * (q if j < n_cycles else 1)
    np.testing.assert_allclose(probs, want, rtol=1e-15, atol=0)
    mean = sum(min(cycle, n - (j - 1) * cycle) * (1 - q) ** (j - 1)
               for j in range(1, n_cycles + 1))
    assert probs @ np.arange(n + 1) == pytest.approx(mean, rel=1e-14)
    if (n, cycle) == (8, 4):
        assert mean == pytest.approx(4 + 4 * (1 - q), rel=1e-15)
        assert probs[4] == pytest.approx(q) and probs[8] == pytest.approx(1 - q)


def test_fixed_funding_is_never_stopped():
    plan = Funding(years=(2024, 2025, 2026), cost_per_year=1.0)
    assert plan.added_years_probabilities().tolist() == [0, 0, 0, 1]


def test_sampled_added_years_match_the_closed_forms():
    # Separate renewals for two initiatives: incidental L = 8, q = 0.3 and structural
    # L = 8, c = 4, q = 0.15.
    ini_b = {"id": "b", "name": "B", "costs": {"2021": 100}, "activities": {"y": "Y"}}
    text = toml({**META, "horizon": 12}, [INITIATIVE, ini_b],
                [chain(), chain(id="c2", initiative="b", activity="y")])
    text += _financing_toml([
        ({"id": "f", "name": "F", "joint": False}, None, {
            "a": {"first_year": 2023, "last_year": 2030, "renewal": "incidental",
                  "non_renewal": 0.3},
            "b": {"first_year": 2023, "last_year": 2030, "renewal": "structural",
                  "cycle": 4, "non_renewal": 0.15},
        }),
    ])
    n = 20_000
    k = engine.run_monte_carlo(parse(text), n, seed=12)["added_years"].isel(financing=0)
    for ini, mean, probs in (
            ("a", (1 - 0.7**8) / 0.3, _incidental(0.3, 8)),
            ("b", 4 + 4 * 0.85, np.eye(9)[4] * 0.15 + np.eye(9)[8] * 0.85)):
        x = k.sel(initiative=ini).values.astype(float)
        assert abs(x.mean() - mean) < 4 * x.std(ddof=1) / math.sqrt(n), ini
        # Each P(K = k) within 4 binomial standard errors.
        freq = np.bincount(x.astype(int), minlength=9) / n
        assert np.all(np.abs(freq - probs) <= 4 * np.sqrt(probs * (1 - probs) / n) + 1e-12)


def test_groningen_added_years_means(groningen_mc):
    k = groningen_mc["added_years"].transpose("draw", "financing", "initiative")
    n = k.sizes["draw"]
    # Structural, L = 8, c = 4, q = 0.15: 4 + 4(1 − q); incidental, L = 8, q = 0.3:
    # (1 − 0.7^8) / 0.3.
    for fid, mean in (("structureel-4j", 4 + 4 * 0.85), ("incidenteel", (1 - 0.7**8) / 0.3)):
        x = k.sel(financing=fid).values
        assert np.all(x == x[:, :1])  # joint: one K for the five initiatives
        x = x[:, 0].astype(float)
        assert abs(x.mean() - mean) < 4 * x.std(ddof=1) / math.sqrt(n), fid


# ---------------------------------------------------------------------------------------
# The baseline financing scenario is the scenario without financing
# ---------------------------------------------------------------------------------------


def test_baseline_reproduces_the_scenario_without_financing_bit_for_bit(groningen,
                                                                         groningen_mc):
    plain = parse(_without_financing(groningen.text))
    assert plain.financing == (BASE_FINANCING,)
    assert plain.chains == groningen.chains
    for ours, full in ((engine.run_monte_carlo(plain, 4_000, seed=17), groningen_mc),
                       (engine.run_deterministic(plain), engine.run_deterministic(groningen))):
        for name in PER_DRAW:
            assert np.array_equal(ours[name].sel(financing="base").values,
                                  full[name].sel(financing="regiodeal").values,
                                  equal_nan=True), name


def test_regiodeal_keeps_the_reports_deterministic_figures(groningen):
    # Report: benefits ≈ 9,434 k EUR, costs 2,610 k EUR, multiplier 3.6 (9,434/2,610).
    det = engine.run_deterministic(groningen).isel(draw=0).sel(financing="regiodeal")
    assert float(det["benefits_total"]) / 1000 == pytest.approx(9434, abs=0.5)
    assert float(det["costs_total"]) == 2_610_000
    assert float(det["multiplier"]) == pytest.approx(3.6146, abs=5e-5)


# ---------------------------------------------------------------------------------------
# Paired comparisons: every financing scenario on the same draws
# ---------------------------------------------------------------------------------------


def test_a_subset_of_financing_scenarios_gives_the_same_numbers(groningen, groningen_mc):
    ids = ["incidenteel", "regiodeal"]
    sub = engine.run_monte_carlo(groningen.select_financing(ids), 4_000, seed=17)
    assert sub["financing"].values.tolist() == ids
    for fid in ids:
        for name in PER_DRAW:
            assert np.array_equal(sub[name].sel(financing=fid).values,
                                  groningen_mc[name].sel(financing=fid).values,
                                  equal_nan=True), (fid, name)


def test_a_financing_scenario_without_funding_equals_the_baseline(groningen):
    text = groningen.text + _financing_toml([
        ({"id": "leeg", "name": "Nothing added"}, None, {}),
        ({"id": "niet", "name": "Not funded"}, {"funded": False}, {}),
    ])
    scenario = parse(text)
    ds = engine.run_monte_carlo(scenario, 2_000, seed=4)
    for fid in ("leeg", "niet"):
        for name in PER_DRAW:
            assert np.array_equal(ds[name].sel(financing=fid).values,
                                  ds[name].sel(financing="regiodeal").values,
                                  equal_nan=True), (fid, name)


def test_paired_differences_have_much_less_spread_than_unpaired_ones(groningen_mc):
    # Every financing scenario sees the same input draws: an added cohort carries the same
    # N, p, δ, v as the chain's base cohorts, so benefits under A and B rise and fall
    # together, and Var(A − B) = Var A + Var B − 2 Cov(A, B) is far below the Var A +
    # Var B that independent runs (unpaired) would give. Shifting B by one draw unpairs it.
    bt = groningen_mc["benefits_total"]
    a = bt.sel(financing="voortzetting-2024-2026").values
    b = bt.sel(financing="regiodeal").values
    unpaired = math.sqrt(a.var() + b.var())
    assert (a - b).std() < 0.6 * unpaired  # variance at least 2.7× smaller
    assert (a - np.roll(b, 1)).std() == pytest.approx(unpaired, rel=0.1)
    # The renewals are common too: structural and incidental funding invert one uniform u
    # (joint, group "all"), so their K are comonotone: sorted by the incidental K, the
    # structural K never falls. Structural stops after 4 years for u < 0.15, where the
    # incidental funding stops after the first year (u < P(K = 1) = 0.3).
    k = groningen_mc["added_years"].isel(initiative=0)
    structural = k.sel(financing="structureel-4j").values
    incidental = k.sel(financing="incidenteel").values
    order = np.lexsort((structural, incidental))
    assert np.all(np.diff(structural[order]) >= 0)
    assert np.any(structural == 4) and np.all(incidental[structural == 4] == 1)


# ---------------------------------------------------------------------------------------
# The point run: every renewal granted
# ---------------------------------------------------------------------------------------


def test_point_run_grants_every_renewal_and_costs_add_up(groningen):
    det = engine.run_deterministic(groningen).isel(draw=0)
    candidates = {"regiodeal": 0, "voortzetting-2024-2026": 3, "structureel-4j": 8,
                  "incidenteel": 8}
    for fid, years in candidates.items():
        assert det["added_years"].sel(financing=fid).values.tolist() == [years] * 5
    # 2,610 k of Regiodeal costs; each added year costs every initiative its mean yearly
    # Regiodeal cost, 1,305 k in all: voortzetting 2,610 + 3 · 1,305 = 6,525 k, the
    # 2024-2031 scenarios 2,610 + 8 · 1,305 = 13,050 k (discount rate 0).
    want = {"regiodeal": 2_610_000, "voortzetting-2024-2026": 6_525_000,
            "structureel-4j": 13_050_000, "incidenteel": 13_050_000}
    for fid, total in want.items():
        assert float(det["costs_total"].sel(financing=fid)) == pytest.approx(total, rel=1e-12)
    for ini in groningen.initiatives:
        base = sum(c for _, c in ini.costs)
        per_year = base / len(ini.funded_years)
        got = det["costs_by_initiative"].sel(initiative=ini.id, financing="incidenteel")
        assert float(got) == pytest.approx(base + 8 * per_year, rel=1e-12)
    # Benefits: the twin's point run (its own added cohorts, all renewals granted).
    np.testing.assert_allclose(det["benefits"].transpose("financing", "year").values,
                               testing.point(groningen).benefits[0], rtol=1e-12)


# ---------------------------------------------------------------------------------------
# Validation and the command line
# ---------------------------------------------------------------------------------------

GOOD = toml(META, [INITIATIVE], [chain()])


def _entry(body: str, fid: str = "f1") -> str:
    return f'\n[[financing]]\nid = "{fid}"\nname = "F"\n{body}'


# (case, financing text, (marker, occurrence) of the line, expected words)
BAD = [
    ("unknown initiative key", _entry("[financing.initiatives.zz]\nfirst_year = 2023\n"),
     ("[financing.initiatives.zz]", 1),
     ["financing[0] (id 'f1')", "field 'initiatives.zz'", "unknown initiative 'zz'"]),
    ("structural without cycle",
     _entry('[financing.funding]\nfirst_year = 2022\nrenewal = "structural"\n'),
     ("[financing.funding]", 1), ["field 'funding.cycle'", "needs a cycle"]),
    ("non_renewal with fixed",
     _entry("[financing.funding]\nfirst_year = 2022\nnon_renewal = 0.2\n"),
     ("non_renewal", 1), ["field 'funding.non_renewal'", "fixed funding is never stopped"]),
    ("uplift without uplift_max",
     _entry("[financing.funding]\nfirst_year = 2022\nuplift = 0.1\n"),
     ("[financing.funding]", 1), ["field 'funding.uplift_max'", "needs its ceiling"]),
    ("first_year overlaps the base years",
     _entry("[financing.funding]\nfirst_year = 2021\n"),
     ("first_year", 1), ["field 'funding.first_year'", "must start after the initiative's "
                         "funded years (its costs run to 2021), got 2021"]),
    ("last_year before first_year",
     _entry("[financing.funding]\nfirst_year = 2023\nlast_year = 2022\n"),
     ("last_year", 1), ["field 'funding.last_year'", "2022 is before first_year 2023"]),
    ("duplicate financing id", _entry("") + _entry(""),
     ('id = "f1"', 2), ["financing[1] (id 'f1')", "field 'id'", "duplicate id 'f1'"]),
    ("unknown renewal",
     _entry('[financing.funding]\nfirst_year = 2022\nrenewal = "sometimes"\n'),
     ("renewal", 1), ["field 'funding.renewal'", "unknown renewal 'sometimes'", "incidental"]),
    ("error in a per-initiative override", _entry(
        '[financing.funding]\nfirst_year = 2022\n[financing.initiatives.a]\n'
        'renewal = "structural"\n', fid="f2"),
     ("[financing.initiatives.a]", 1),
     ["financing[0] (id 'f2')", "field 'initiatives.a.cycle'", "needs a cycle"]),
]


def _line_of(text: str, needle: str, occurrence: int) -> int:
    hits = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    return hits[occurrence - 1]


@pytest.mark.parametrize(("body", "marker", "words"), [c[1:] for c in BAD],
                         ids=[c[0] for c in BAD])
def test_bad_financing_exits_2_with_a_located_message(write, body, marker, words):
    text = GOOD + body
    path = write(text)
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    message = result.output.replace("\n", " ").replace("  ", " ")
    assert "Traceback" not in message
    assert f"{path}:{_line_of(text, *marker)}:" in message
    for word in words:
        assert word in message


def test_added_funding_before_the_base_years_is_refused(write):
    text = toml(META, [{**INITIATIVE, "costs": {"2023": 100}}], [chain()]) + _entry(
        "[financing.funding]\nfirst_year = 2021\nlast_year = 2022\ncost_per_year = 10\n")
    result = CliRunner().invoke(app, ["validate", str(write(text))])
    assert result.exit_code == 2
    message = result.output.replace("\n", " ")
    assert "field 'funding.first_year'" in message and "costs run to 2023" in message


def test_an_override_with_another_renewal_does_not_inherit_cycle_and_risk():
    text = GOOD + _entry('[financing.funding]\nfirst_year = 2022\nrenewal = "structural"\n'
                         'cycle = 2\nnon_renewal = 0.5\n[financing.initiatives.a]\n'
                         'renewal = "fixed"\n')
    (fin,) = parse(text).financing
    plan = fin.of("a")
    assert plan.renewal == "fixed" and plan.non_renewal == 0
    assert plan.added_years_probabilities()[-1] == 1.0  # every candidate year funded


def test_a_first_year_outside_the_horizon_is_one_problem(write):
    text = GOOD + _entry("[financing.funding]\nfirst_year = 2030\n")
    result = CliRunner().invoke(app, ["validate", str(write(text))])
    assert result.exit_code == 2
    assert "outside the horizon" in result.output and "last_year" not in result.output
    assert "1 problem found" in result.output


def test_good_financing_validates(write):
    text = GOOD + _entry('[financing.funding]\nfirst_year = 2022\nrenewal = "incidental"\n'
                         "non_renewal = 0.2\n")
    result = CliRunner().invoke(app, ["validate", str(write(text))])
    assert result.exit_code == 0, result.output


def test_unknown_financing_option_exits_2_naming_the_known_ids():
    result = CliRunner().invoke(app, ["sim", "-n", "100", "--financing", "nope"])
    assert result.exit_code == 2
    message = result.output.replace("\n", " ")
    assert "'nope'" in message and "Traceback" not in message
    for fid in GRONINGEN_IDS:
        assert fid in message


def test_financing_option_sets_the_reference_and_the_comparisons():
    result = CliRunner().invoke(app, ["sim", "-n", "2000", "--json", "--financing",
                                      "structureel-4j", "--financing", "regiodeal"])
    assert result.exit_code == 0, result.output
    s = json.loads(result.stdout)
    assert s["reference"] == "structureel-4j"
    assert list(s["financing"]) == ["structureel-4j", "regiodeal"]
    assert len(s["comparisons"]) == 1
    (c,) = s["comparisons"]
    assert {c["a"], c["b"]} == {"structureel-4j", "regiodeal"}
    # The top level is the reference's block; the paired difference is a − b.
    assert s["costs_total"] == s["financing"]["structureel-4j"]["costs_total"]
    mean = {f: b["net_benefit"]["mean"] for f, b in s["financing"].items()}
    assert c["net_benefit_difference"]["mean"] == pytest.approx(mean[c["a"]] - mean[c["b"]],
                                                                rel=1e-9)


def test_summary_of_a_scenario_without_financing_has_one_block():
    s = summarize(engine.run_deterministic(build([chain()]))).to_json()
    assert s["reference"] == "base" and list(s["financing"]) == ["base"]
    assert s["comparisons"] == []
