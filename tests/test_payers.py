"""Costs assigned to payers (``payer`` on an initiative) in who pays, who gains
(mcimpact.analysis.decision.who_gains, ``mcimpact voi``).

References: the costs each group bears and its net benefit against NumPy sums of the
dataset's own ``costs_by_initiative`` and ``benefits_by_beneficiary`` written here; the
costs per initiative against the file's costs (no uncertain costs, no discounting: the
sum of the costs table, closed form).
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from mcimpact.analysis.decision import who_gains
from mcimpact.cli import main
from mcimpact.errors import ScenarioError
from mcimpact.readers.toml import parse
from mcimpact.run.engine import run_monte_carlo
from mcimpact.testing.synthetic import synthetic_toml


def text(payer: str = "overheid") -> str:
    # synthetic_toml: initiative i{k} costs 200,000 + 50,000 k in each of 2021 and 2022.
    t = synthetic_toml(6, seed=2, initiatives=2, activities=2, horizon=8)
    return t.replace('id = "i1"\n', f'id = "i1"\npayer = "{payer}"\n', 1)


@pytest.fixture(scope="module")
def world():
    s = parse(text(), "p.toml")
    return s, run_monte_carlo(s, 500, 4)


def test_the_payer_is_read_and_an_unknown_group_is_located():
    s = parse(text(), "p.toml")
    assert [i.payer for i in s.initiatives] == [None, "overheid"]
    with pytest.raises(ScenarioError) as err:
        parse(text("gemeente"), "p.toml")
    (problem,) = err.value.problems
    line = text("gemeente").splitlines().index('payer = "gemeente"') + 1
    assert str(problem).startswith(f"p.toml:{line}: initiatives[1] (id 'i1'): field 'payer'")
    assert "unknown beneficiary 'gemeente'" in str(problem)


def test_each_group_bears_its_initiatives_costs_and_the_rest_is_the_funders(world):
    _, ds = world
    w = who_gains(ds, payers={"i1": "overheid"})
    o = w.options[0]
    by_ini = ds["costs_by_initiative"].isel(financing=0).values  # (draw, initiative)
    by_group = ds["benefits_by_beneficiary"].isel(financing=0).values
    groups = list(w.groups)
    # i1's costs, from the file: 2 × 250,000, undiscounted, certain.
    assert by_ini[:, 1] == pytest.approx(500_000.0)
    assert w.costs_borne[o]["overheid"].mean == pytest.approx(by_ini[:, 1].mean())
    assert w.unassigned[o].mean == pytest.approx(by_ini[:, 0].mean())
    for g in groups:
        paid = by_ini[:, 1] if g == "overheid" else np.zeros(len(by_ini))
        net = by_group[:, groups.index(g)] - paid
        assert w.net[o][g].mean == pytest.approx(net.mean())
        assert w.net[o][g].p5 == pytest.approx(np.quantile(net, 0.05))
        assert w.costs_borne[o][g].mean == pytest.approx(paid.mean())
    j = w.to_json()
    assert j["payers"] == {"i1": "overheid"}
    assert j["options"][o]["costs_borne"]["overheid"]["mean"] == pytest.approx(500_000.0)
    with pytest.raises(ValueError, match="unknown beneficiary 'x'"):
        who_gains(ds, payers={"i1": "x"})
    with pytest.raises(ValueError, match="unknown initiative 'z'"):
        who_gains(ds, payers={"z": "overheid"})


def test_without_payers_every_cost_is_the_funders(world):
    _, ds = world
    w = who_gains(ds)
    o = w.options[0]
    assert w.unassigned[o].mean == pytest.approx(ds["costs_total"].isel(financing=0).mean())
    assert all(w.costs_borne[o][g].mean == 0 for g in w.groups)


def test_voi_shows_and_writes_the_costs_borne(tmp_path, capsys):
    path = tmp_path / "p.toml"
    path.write_text(text(), encoding="utf-8")
    assert main(["voi", str(path), "-n", "200", "-q", "--lang", "en"]) == 0
    shown = capsys.readouterr().out
    assert "Costs borne and net benefit per group" in shown
    assert "EUR 500,000" in shown  # i1's costs, borne by overheid
    assert main(["voi", str(path), "-n", "200", "-q", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["who_gains"]["payers"] == {"i1": "overheid"}


FINANCING = """
[[financing]]
id = "basis"
name = "basis"

[[financing]]
id = "verlengd"
name = "verlengd"
payer = "overheid"
[financing.funding]
first_year = 2023
last_year = 2026
renewal = "incidental"
non_renewal = 0.4
cost_per_year = 120000
"""


@pytest.fixture(scope="module")
def funded():
    t = text("wijkbewoners").replace("horizon = 8\n", "horizon = 8\ndiscount_rate = 0.03\n",
                                     1) + FINANCING
    s = parse(t, "f.toml")
    return s, run_monte_carlo(s, 800, 6)


def test_a_financing_scenarios_payer_is_read_and_an_unknown_group_is_located(funded):
    s, _ = funded
    assert [f.payer for f in s.financing] == [None, "overheid"]
    bad = FINANCING.replace('payer = "overheid"', 'payer = "rijk"')
    t = text() + bad
    with pytest.raises(ScenarioError) as err:
        parse(t, "f.toml")
    (problem,) = err.value.problems
    line = t.splitlines().index('payer = "rijk"') + 1
    assert str(problem).startswith(f"f.toml:{line}: financing[1] (id 'verlengd'): field "
                                   "'payer'")


def test_the_added_costs_are_what_the_funding_adds_to_the_initiatives_costs(funded):
    from mcimpact.analysis.decision import added_costs

    s, ds = funded
    got = added_costs(s, ds)
    # Independent: the core's costs per initiative under 'verlengd' minus those under
    # 'basis' (no added funding), on the same draws (the same cost streams).
    by_ini = ds["costs_by_initiative"].transpose("draw", "financing", "initiative").values
    np.testing.assert_allclose(got[:, 1, :], by_ini[:, 1, :] - by_ini[:, 0, :], rtol=1e-12,
                               atol=1e-6)
    assert np.all(got[:, 0, :] == 0)
    assert len(np.unique(got[:, 1, 0])) > 2  # incidental renewal: several lengths
    disc = s.meta.discount_factors
    assert got[:, 1, 0].max() == pytest.approx(120_000 * disc[2:6].sum())  # 2023-2026


def test_the_financing_payer_bears_the_added_costs_and_the_initiatives_payer_its_own(funded):
    from mcimpact.analysis.decision import added_costs

    s, ds = funded
    extra = added_costs(s, ds)
    w = who_gains(ds, payers={"i1": "wijkbewoners"}, financing_payers={"verlengd": "overheid"},
                  added=extra)
    by_ini = ds["costs_by_initiative"].transpose("draw", "financing", "initiative").values
    own = by_ini[:, 1, :] - extra[:, 1, :]
    assert w.costs_borne["verlengd"]["overheid"].mean == pytest.approx(
        extra[:, 1, :].sum(axis=1).mean())
    assert w.costs_borne["verlengd"]["wijkbewoners"].mean == pytest.approx(own[:, 1].mean())
    assert w.unassigned["verlengd"].mean == pytest.approx(own[:, 0].mean())
    # Without added funding the financing payer bears nothing.
    assert w.costs_borne["basis"]["overheid"].mean == 0
    total = sum(w.costs_borne["verlengd"][g].mean for g in w.groups) \
        + w.unassigned["verlengd"].mean
    assert total == pytest.approx(ds["costs_total"].sel(financing="verlengd").mean())
    assert w.to_json()["financing_payers"] == {"verlengd": "overheid"}
    with pytest.raises(ValueError, match="needs the added costs"):
        who_gains(ds, financing_payers={"verlengd": "overheid"})
