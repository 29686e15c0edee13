"""Alternative scenario files as options (mcimpact.analysis.alternatives, ``mcimpact voi
A.toml B.toml``): common random numbers across files, and the decision figures.

References: the per-draw net-benefit difference of two files that differ only in one
chain's value against the NumPy twin (mcimpact.testing.twin, scipy's inverse CDFs) run on
each file apart; P(best), expected loss and EVPI against their sample formulas written
here.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from mcimpact import testing
from mcimpact.analysis import alternatives
from mcimpact.cli import main
from mcimpact.core.compile import INPUT_NAMES
from mcimpact.readers.toml import parse
from mcimpact.testing.synthetic import synthetic_toml

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
cost_per_year = 150000
"""

DRAWS, SEED = 2_000, 17


def texts() -> tuple[str, str, float, float]:
    """File A, and file B with only chain c3's value per unit changed; both values."""
    a = synthetic_toml(8, seed=3, initiatives=2, activities=2, horizon=10) + FINANCING
    head, block, tail = a.partition('id = "c3"\n')
    rest, sep, after = tail.partition("\n[[")
    value_a = float(re.search(r"^value = (\d+)$", rest, re.M).group(1))
    value_b = value_a * 2.5
    rest_b = re.sub(r"^value = \d+$", f"value = {value_b:g}", rest, flags=re.M)
    return a, head + block + rest_b + sep + after, value_a, value_b


@pytest.fixture(scope="module")
def world():
    a, b, va, vb = texts()
    sa, sb = parse(a, "A.toml"), parse(b, "B.toml")
    ds, runs = alternatives.options_dataset({"A": sa, "B": sb}, DRAWS, SEED,
                                            keep_inputs=True)
    return sa, sb, va, vb, ds, runs


def test_the_options_are_file_and_financing_in_the_files_order(world):
    *_, ds, _ = world
    assert list(ds["financing"].values) == ["A:basis", "A:verlengd", "B:basis", "B:verlengd"]


def test_a_chain_with_the_same_inputs_gets_the_same_draws_in_both_files(world):
    sa, _, va, vb, _, runs = world
    xa, xb = runs["A"]["inputs"].values.copy(), runs["B"]["inputs"].values.copy()
    e, s = [c.id for c in sa.chains].index("c3"), INPUT_NAMES.index("value")
    assert np.all(xa[:, e, s] == va) and np.all(xb[:, e, s] == vb)
    xa[:, e, s] = xb[:, e, s] = 0  # the one input that differs: everything else is equal
    np.testing.assert_array_equal(xa, xb)
    assert np.unique(xa[:, e, INPUT_NAMES.index("participants")]).size > 1  # sampled


def test_the_net_benefit_difference_per_draw_is_the_changed_chains_contribution(world):
    sa, sb, va, vb, ds, _ = world
    # Independent: the NumPy twin on each file apart (scipy's exact inverse CDFs).
    disc = sa.meta.discount_factors
    pv_a = testing.twin(sa, SEED, 0, DRAWS).benefits @ disc  # (draw, financing)
    pv_b = testing.twin(sb, SEED, 0, DRAWS).benefits @ disc
    want = pv_b - pv_a
    nb = ds["net_benefit"].values
    got = nb[:, 2:] - nb[:, :2]
    scale = np.abs(want).max()
    assert scale > 0
    # The core's Beta tables interpolate to < 1e-5 relative (tests/test_kernels.py).
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5 * scale)
    # Only chain c3 changed: the difference is its contribution in A (the twin with its
    # participants set to 0, on the same inputs otherwise) times (vb / va − 1).
    twin_a = testing.twin(sa, SEED, 0, DRAWS)
    without = twin_a.inputs.copy()
    without[:, [c.id for c in sa.chains].index("c3"), INPUT_NAMES.index("participants")] = 0
    contribution = pv_a - testing.twin(sa, SEED, 0, DRAWS, inputs=without).benefits @ disc
    assert np.all(contribution[:, 0] > 0)
    np.testing.assert_allclose(want, (vb / va - 1) * contribution, rtol=1e-9,
                               atol=1e-9 * scale)


def test_p_best_expected_loss_and_evpi_follow_their_sample_formulas(world):
    *_, ds, _ = world
    choice = alternatives.choose(ds, {"A": "A.toml", "B": "B.toml"})
    nb = ds["net_benefit"].values
    n = len(nb)
    best = nb.argmax(axis=1)
    for k, option in enumerate(choice.options):
        p = np.mean(best == k)
        assert choice.p_best[option].value == pytest.approx(p)
        assert choice.p_best[option].se == pytest.approx(np.sqrt(p * (1 - p) / n))
        loss = nb.max(axis=1) - nb[:, k]
        assert choice.expected_loss[option].value == pytest.approx(loss.mean())
    star = int(np.argmax(nb.mean(axis=0)))
    assert choice.best == choice.options[star]
    assert choice.evpi.value == pytest.approx(np.mean(nb.max(axis=1) - nb[:, star]))
    assert choice.evpi.value == pytest.approx(choice.expected_loss[choice.best].value)


def test_the_cli_compares_two_files_as_json(tmp_path, capsys, world):
    a, b, *_ = texts()
    (tmp_path / "A.toml").write_text(a, encoding="utf-8")
    (tmp_path / "B.toml").write_text(b, encoding="utf-8")
    code = main(["voi", str(tmp_path / "A.toml"), str(tmp_path / "B.toml"), "-n",
                 str(DRAWS), "--seed", str(SEED), "--json", "-q"])
    assert code == 0
    doc = json.loads(capsys.readouterr().out)
    *_, ds, _ = world
    nb = ds["net_benefit"].values
    star = int(np.argmax(nb.mean(axis=0)))
    assert doc["options"] == list(ds["financing"].values)
    assert doc["evpi"]["value"] == pytest.approx(np.mean(nb.max(axis=1) - nb[:, star]))
    assert set(doc["decision"]) >= {"options", "frontier"}


def test_the_cli_refuses_a_file_twice_and_a_study_with_several_files(tmp_path, capsys):
    a, *_ = texts()
    (tmp_path / "A.toml").write_text(a, encoding="utf-8")
    (tmp_path / "B.toml").write_text(a, encoding="utf-8")
    assert main(["voi", str(tmp_path / "A.toml"), str(tmp_path / "A.toml")]) == 2
    assert "A.toml' is twee keer gegeven" in capsys.readouterr().err  # voi speaks Dutch
    assert main(["voi", str(tmp_path / "A.toml"), str(tmp_path / "A.toml"), "--lang",
                 "en"]) == 2
    assert "A.toml' is given twice" in capsys.readouterr().err
    assert main(["voi", str(tmp_path / "A.toml"), str(tmp_path / "B.toml"),
                 "--study", "c3:10"]) == 2
    assert "--study" in capsys.readouterr().err


def _close_text() -> str:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from test_voi import scenario_text

    return scenario_text()  # two financing scenarios close in net benefit


def test_evppi_across_files_equals_the_exact_evppi_of_the_same_options_in_one_file():
    # One file with options basis and verlengd, against two files with one each: the
    # streams are the same, so the options' draws and the exact EVPPI are too (the
    # one-file EVPPI is tested against closed forms and the regression estimator in
    # tests/test_voi.py).
    from mcimpact.analysis import voi
    from mcimpact.run.engine import run_monte_carlo

    s = parse(_close_text(), "close.toml")
    one = run_monte_carlo(s, 4_000, 9, keep_inputs=True)
    v = voi.value_of_information(s, one, studies=[], seed=9)
    parts = {"A": s.select_financing(["basis"]), "B": s.select_financing(["verlengd"])}
    ds, runs = alternatives.options_dataset(parts, 4_000, 9, keep_inputs=True)
    np.testing.assert_array_equal(ds["net_benefit"].values, one["net_benefit"].values)
    c = alternatives.choose(ds, {"A": "A.toml", "B": "B.toml"}, scenarios=parts, runs=runs)
    assert c.evpi.value == pytest.approx(v.evpi.value, rel=1e-12) and c.evpi.value > 0
    assert c.notes == ()
    for grouping in ("activity", "initiative", "chain"):
        got = {e.name: e.value for e in c.evppi[grouping]}
        want = {e.name: e.value for e in v.evppi[grouping]}
        assert got.keys() >= want.keys()
        assert max(want.values()) > 0
        for name, value in want.items():
            assert got[name] == pytest.approx(value, rel=1e-9, abs=1e-6)
    j = c.to_json()
    assert set(j["evppi"]) == {"by_activity", "by_initiative", "by_chain"}


def test_no_evppi_across_files_when_a_chain_changes_its_group():
    a, _, _, _ = texts()
    b = a.replace('id = "c3"\ninitiative = "i1"', 'id = "c3"\ninitiative = "i0"', 1)
    assert b != a
    parts = {"A": parse(a, "A.toml"), "B": parse(b, "B.toml")}
    ds, runs = alternatives.options_dataset(parts, 200, 1, keep_inputs=True)
    c = alternatives.choose(ds, {"A": "A.toml", "B": "B.toml"}, scenarios=parts, runs=runs)
    assert "initiative" not in c.evppi and "chain" in c.evppi
    assert any("chain 'c3' lies in different initiative groups" in n for n in c.notes)
