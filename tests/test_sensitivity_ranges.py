"""``[[sensitivity]]`` in the scenario file: the ranges of the deterministic sensitivity
over fixed assumptions (``mcimpact voi --assumptions``), located problems, and the
two-way table in the terminal.

References: the file's range as written (the runs' settings are those numbers, the other
assumptions keep the documented defaults of analysis.decision.ASSUMPTIONS); the high end
of the discount rate against the run of the file with that rate in [meta] (the same
draws, so equal to rounding).
"""

from __future__ import annotations

import numpy as np
import pytest

from mcimpact.analysis import decision
from mcimpact.cli import main
from mcimpact.errors import ScenarioError
from mcimpact.model.scenario import FIXED_ASSUMPTIONS
from mcimpact.readers.toml import parse
from mcimpact.run.engine import run_monte_carlo
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
renewal = "incidental"
non_renewal = 0.3
cost_per_year = 150000
"""

RANGE = """
[[sensitivity]]
assumption = "discount_rate"
low = 0.01
high = 0.06
"""


def text(extra: str = RANGE) -> str:
    return synthetic_toml(6, seed=2, initiatives=2, activities=2, horizon=10) + FINANCING \
        + extra


def test_every_fixed_assumption_of_the_file_format_is_one_the_analysis_varies():
    assert list(FIXED_ASSUMPTIONS) == list(decision.ASSUMPTIONS)


def test_a_files_range_replaces_the_default_and_the_others_keep_theirs():
    s = parse(text(), "x.toml")
    assert [(r.assumption, r.low, r.high) for r in s.sensitivity] == [
        ("discount_rate", 0.01, 0.06)]
    ranges = decision.assumption_ranges(s)
    assert ranges["discount_rate"] == (0.01, 0.06)
    plain = parse(text(""), "y.toml")
    assert plain.sensitivity == ()
    defaults = decision.assumption_ranges(plain)
    assert defaults["discount_rate"] == (0.0, 0.035)  # the documented default
    for name in ("optimism_bias", "uplift_factor", "saturation", "non_renewal"):
        assert ranges[name] == defaults[name]


def test_the_runs_use_the_files_range_and_its_high_end_is_the_file_with_that_rate():
    s = parse(text(), "x.toml")
    r = decision.assumption_sensitivity(s, 400, 5, grid=2)
    ends = r.one_way["discount_rate"]
    assert ends["low"].settings == {"discount_rate": 0.01}
    assert ends["high"].settings == {"discount_rate": 0.06}
    assert r.two_way.values[0] == (0.01, 0.06)
    assert r.ranges["discount_rate"].to_json() == {"low": 0.01, "high": 0.06,
                                                   "source": "file"}
    assert r.ranges["saturation"].source == "default"
    # Independent of with_discount_rate: the file with the rate written into [meta].
    rated = parse(text("").replace("horizon = 10\n", "horizon = 10\ndiscount_rate = 0.06\n",
                                   1), "z.toml")
    ds = run_monte_carlo(rated, 400, 5)
    nb = (ds["benefits_total"] - ds["costs_total"]).mean("draw").values
    assert [ends["high"].net_benefit[f] for f in ("basis", "verlengd")] == pytest.approx(
        list(nb), rel=1e-12)
    assert r.to_json()["ranges"] == {k: v.to_json() for k, v in r.ranges.items()}


@pytest.mark.parametrize(("extra", "line", "message"), [
    ('\n[[sensitivity]]\nassumption = "discount"\nlow = 0\nhigh = 0.1\n', 3,
     "field 'assumption': unknown assumption 'discount'; expected one of: discount_rate"),
    ('\n[[sensitivity]]\nassumption = "discount_rate"\nlow = 0\nhigh = 1.0\n', 5,
     "field 'high': expected discount_rate in [0, 1), got 1.0"),
    ('\n[[sensitivity]]\nassumption = "saturation"\nlow = 0\nhigh = 0.5\n', 4,
     "field 'low': expected saturation in (0, 1], got 0.0"),
    ('\n[[sensitivity]]\nassumption = "non_renewal"\nlow = 0.6\nhigh = 0.5\n', 5,
     "field 'high': expected high ≥ low (0.6), got 0.5"),
    (RANGE + RANGE, 8,
     "sensitivity[1]: field 'assumption': 'discount_rate' already has a range in "
     "sensitivity[0]"),
    ('\n[[sensitivity]]\nassumption = "non_renewal"\nlow = 0\nhigh = 0.5\nstep = 1\n', 6,
     "field 'step': unknown key 'step'"),
])
def test_a_bad_range_is_located_by_line_entry_and_field(extra, line, message):
    base = text("")
    with pytest.raises(ScenarioError) as err:
        parse(base + extra, "x.toml")
    shown = [str(p) for p in err.value.problems]
    assert len(shown) == 1
    first = base.count("\n") + 1  # the line of the blank line before [[sensitivity]]
    assert shown[0].startswith(f"x.toml:{first + line - 1}: sensitivity[")
    assert message in shown[0]


def test_validate_exits_2_without_a_traceback(tmp_path, capsys):
    path = tmp_path / "bad.toml"
    path.write_text(text('\n[[sensitivity]]\nassumption = "x"\nlow = 0\nhigh = 1\n'),
                    encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "unknown assumption 'x'" in err and "Traceback" not in err


def test_the_terminal_shows_the_two_way_table_and_marks_the_files_range(tmp_path, capsys):
    path = tmp_path / "s.toml"
    path.write_text(text(), encoding="utf-8")
    assert main(["voi", str(path), "-n", "200", "--assumptions", "-q", "--lang", "en"]) == 0
    shown = capsys.readouterr().out
    assert "[range from the file]" in shown
    table = shown.partition("Two-way: expected multiplier of ")[2].splitlines()
    assert "discount rate (rows) and optimism bias (columns)" in table[0]
    assert len([float(x) for x in table[1].split()[5:]]) == 3  # the grid's columns
    rows = [line.split() for line in table[2:5]]
    assert [row[0] for row in rows] == ["0.01", "0.035", "0.06"]
    assert all(len(row) == 4 for row in rows)
    assert np.all(np.diff([float(row[1].rstrip("*")) for row in rows]) < 0)  # discounting


def test_the_spider_runs_go_evenly_from_low_to_high_and_its_middle_is_the_file_with_it():
    s = parse(text(), "x.toml")
    r = decision.assumption_sensitivity(s, 400, 5, two_way=None, spider=3)
    runs = r.spider["discount_rate"]
    assert [run.settings["discount_rate"] for run in runs] == pytest.approx([0.01, 0.035,
                                                                             0.06])
    assert runs[0] is r.one_way["discount_rate"]["low"]
    assert runs[-1] is r.one_way["discount_rate"]["high"]
    rated = parse(text("").replace("horizon = 10\n", "horizon = 10\ndiscount_rate = 0.035\n",
                                   1), "z.toml")
    ds = run_monte_carlo(rated, 400, 5)
    b = ds["benefits_total"].mean("draw").values
    c = ds["costs_total"].mean("draw").values
    assert [runs[1].multiplier[f] for f in ("basis", "verlengd")] == pytest.approx(
        list(b / c), rel=1e-12)
    assert set(r.spider) == set(FIXED_ASSUMPTIONS)
    j = r.to_json()
    assert len(j["spider"]["saturation"]) == 3
    assert decision.assumption_sensitivity(s, 100, 5, two_way=None).spider is None


def test_the_spider_chart_draws_each_assumptions_runs_with_its_ends_in_the_legend():
    import dataclasses

    from mcimpact.analysis.decision import AssumptionRun, AssumptionSensitivity
    from mcimpact.present.decision_figures import assumptions_spider
    from mcimpact.present.locale import Locale

    def run(settings, m):
        return AssumptionRun(settings, {"a": m}, {"a": 0.0}, "a")

    result = AssumptionSensitivity(run({}, 2.0), {}, None, {}, spider={
        "discount_rate": tuple(run({"discount_rate": v}, m)
                               for v, m in ((0.0, 2.0), (0.02, 1.8), (0.04, 1.5))),
        "$x^2$": tuple(run({"$x^2$": v}, m)
                       for v, m in ((0.8, 1.2), (0.9, 2.0), (1.0, 3.0)))})
    fig = assumptions_spider(result, "a", locale=Locale.get("en"))
    ax = fig.axes[0]
    lines = {line.get_gid(): line for line in ax.get_lines() if line.get_gid()}
    assert list(lines["spider-0"].get_xdata()) == [0.0, 0.5, 1.0]
    assert list(lines["spider-0"].get_ydata()) == [2.0, 1.8, 1.5]
    assert list(lines["spider-1"].get_ydata()) == [1.2, 2.0, 3.0]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    # An assumption in words; a name the catalogue does not know, literally.
    assert labels == ["discount rate (0 – 0.04)", "$x^2$ (0.8 – 1)"]
    with pytest.raises(ValueError, match="spider="):
        assumptions_spider(dataclasses.replace(result, spider=None), "a")


def test_voi_figures_with_assumptions_write_the_spider_chart(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(text(), encoding="utf-8")
    out = tmp_path / "fig"
    assert main(["voi", str(path), "-n", "200", "--assumptions", "-q", "--figures",
                 str(out)]) == 0
    assert {p.name for p in out.iterdir()} >= {"assumptions-spider.png",
                                               "assumptions-spider.svg"}
