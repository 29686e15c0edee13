"""A horizon of one year (docs/reliability.md, "No raw library warning"): every command
runs on it, its figures make sense for one year, and no warning of a library reaches the
user unworded (matplotlib's "Attempting to set identical low and high xlims" did: issue
23)."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import mcimpact
from mcimpact.cli import main
from mcimpact.readers.formats import load

#: One year (2021), two initiatives and two financing scenarios (so that report and voi
#: have a decision to show); B is funded only by the financing scenario 'meer'.
ONE_YEAR = """
[meta]
name = "one year"
start_year = 2021
horizon = 1

[[initiatives]]
id = "a"
name = "A"
costs = { 2021 = 100 }
activities = { x = "X" }

[[initiatives]]
id = "b"
name = "B"
costs = { 2021 = 0 }
activities = { y = "Y" }

[[chains]]
id = "c1"
initiative = "a"
activity = "x"
beneficiary = "overheid"
domain = "rondkomen"
participants = 10
success_probability = "middel"
effect_size = 0.4
value = 100
profile = { shape = "one-off" }

[[chains]]
id = "c2"
initiative = "b"
activity = "y"
beneficiary = "deelnemers"
domain = "gezondheid"
participants = 12
success_probability = "laag-middel"
effect_size = "middel"
value = 60
profile = { shape = "one-off" }
cohorts = [2021]

[[financing]]
id = "basis"
name = "Basis"

[[financing]]
id = "meer"
name = "Meer"
[financing.initiatives.b]
first_year = 2021
cost_per_year = 40
"""

#: What Python's default filters show (the others are hidden from users anyway).
HIDDEN = (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning)


@pytest.fixture(scope="module")
def scenario(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("one-year")
    (directory / "data.csv").write_text("chain,year,measure,value,n,se\n"
                                        "c1,2021,successes,6,10,\n", encoding="utf-8")
    path = directory / "one-year.toml"
    path.write_text(ONE_YEAR, encoding="utf-8")
    return path


COMMANDS = {
    "sim": ["sim", "{s}", "-n", "2000"],
    "sim --out": ["sim", "{s}", "-q", "-n", "2000", "--out", "{t}/r.nc"],
    "sensitivity": ["sensitivity", "{s}", "-n", "2000"],
    "plot": ["plot", "{s}", "-q", "-n", "2000", "--out", "{t}/figures"],
    "report": ["report", "{s}", "-q", "-n", "2000", "--out", "{t}/report.html"],
    "voi": ["voi", "{s}", "-q", "-n", "2000", "--assumptions", "--figures", "{t}/voi"],
    "update --report": ["update", "{s}", "{d}", "--report", "-n", "2000", "--figures",
                        "{t}/update"],
}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_runs_on_one_year_without_a_raw_library_warning(
        command, scenario, tmp_path, capsys):
    args = [a.format(s=scenario, t=tmp_path, d=scenario.parent / "data.csv")
            for a in COMMANDS[command]]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")  # every warning, also one already shown once
        code = main(args)
    err = capsys.readouterr().err
    assert code == 0, err
    shown = [f"{w.filename}:{w.lineno}: {w.category.__name__}: {w.message}"
             for w in caught if not issubclass(w.category, HIDDEN)]
    assert shown == []
    assert "Warning" not in err and "Traceback" not in err


def test_a_one_year_fan_chart_draws_the_year_as_a_span(scenario):
    from mcimpact.present.figures import break_even_chart, fan_chart

    summary = mcimpact.simulate(load(scenario), 2000, seed=3).summary
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fan = fan_chart(summary)
        bars = break_even_chart(summary)
    ax = fan.axes[0]
    assert ax.get_xlim() == pytest.approx((2020.4, 2021.6))
    # The 90 % band covers the year: an area, not a vertical line at 2021.
    band = next(c for c in ax.collections if c.get_gid() == "benefits-p5-p95")
    xs = band.get_paths()[0].vertices[:, 0]
    assert xs.min() == pytest.approx(2020.6) and xs.max() == pytest.approx(2021.4)
    # Both year axes name the one year once, as a whole year.
    for fig in (fan, bars):
        axis = fig.axes[0].xaxis
        lo, hi = fig.axes[0].get_xlim()
        ticks = [t for t in axis.get_majorticklocs() if lo <= t <= hi]
        assert ticks == [2021]


def test_a_one_year_period_is_named_by_its_year(scenario, capsys):
    """The period of a one-year horizon (with the default period length of five) is
    "2021", in the model, the summary and the terminal; never "2021-2021"."""
    model = load(scenario)
    assert model.meta.periods == ("2021",)
    summary = mcimpact.simulate(model, deterministic=True).summary
    assert list(summary.ref.benefits_by_period) == ["2021"]
    assert main(["sim", str(scenario), "--deterministic"]) == 0
    out = capsys.readouterr().out
    assert "2021" in out and "2021-2021" not in out
