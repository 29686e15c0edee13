"""The command line: Monte Carlo by default, JSON schema, output files, exit codes."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
import xarray as xr
from typer.testing import CliRunner

from mcimpact import __version__
from mcimpact.cli import app
from mcimpact.readers.toml import load
from mcimpact.run.sinks import read

DATA = Path(__file__).parent / "data"
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture(scope="module")
def mc_json() -> dict:
    result = run("sim", "--draws", "4000", "--seed", "7", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and result.output.strip() == f"mcimpact {__version__}"


def test_monte_carlo_json_turns_each_number_into_a_distribution(mc_json):
    assert mc_json["mode"] == "monte-carlo" and mc_json["draws"] == 4000
    assert mc_json["seed"] == 7
    # The reference financing scenario (regiodeal) adds no funding: its costs are certain.
    assert mc_json["reference"] == "regiodeal"
    costs = mc_json["costs_total"]
    assert costs["mean"] == costs["p5"] == costs["p95"] == 2_610_000 and costs["sd"] == 0
    stats_keys = {"mean", "sd", "mcse", "p5", "p10", "p25", "p50", "p75", "p90", "p95"}
    m = mc_json["multiplier"]
    assert stats_keys | {"p_gt_1", "p_ge_3"} <= set(m)
    assert m["p5"] < m["p50"] < m["p95"]
    assert 0 <= m["p_gt_1"] <= 1 and 0 <= m["p_ge_3"] <= 1
    for key in ("benefits_by_initiative", "benefits_by_beneficiary", "benefits_by_domain",
                "benefits_by_period", "multiplier_by_initiative", "cost_claim_by_domain",
                "benefits_by_year", "costs_by_initiative", "costs_by_year"):
        for value in mc_json[key].values():
            assert stats_keys <= set(value), key
    be = mc_json["break_even_year"]
    assert set(be["p_by_year"]) == {str(y) for y in range(2021, 2041)}
    p = list(be["p_by_year"].values())
    assert p == sorted(p)  # cumulative
    assert be["p_never"] == pytest.approx(1 - p[-1])
    assert be["p5"] <= be["p50"] <= be["p95"]


def test_deterministic_json_keeps_plain_numbers():
    result = run("sim", "--deterministic", "--json")
    s = json.loads(result.stdout)
    assert s["mode"] == "deterministic" and isinstance(s["multiplier"], float)
    assert isinstance(s["break_even_year"], int)


def test_terminal_summary(tmp_path):
    result = run("sim", "-n", "2000")
    assert result.exit_code == 0
    assert "multiplier" in result.output and "break-even" in result.output
    assert "Het Floreshuis" in result.output
    assert run("sim", "-n", "2000", "--quiet").output == ""


@pytest.mark.parametrize("suffix", [".nc", ".zarr"])
def test_out_writes_the_dataset_with_provenance_and_refuses_to_overwrite(tmp_path, suffix):
    target = tmp_path / f"results{suffix}"
    scenario = DATA / "all-kinds.toml"
    result = run("sim", str(scenario), "-n", "300", "--seed", "4", "--out", str(target),
                 "--keep-inputs", "--quiet")
    assert result.exit_code == 0, result.output
    ds = read(target)
    text = scenario.read_text(encoding="utf-8")
    assert ds.attrs["seed"] == 4 and ds.attrs["draws"] == 300
    assert ds.attrs["scenario_sha256"] == hashlib.sha256(text.encode()).hexdigest()
    assert ds.attrs["scenario_text"] == text
    assert ds.attrs["mcimpact_version"] == __version__
    # The nine inputs of a chain: five and the four adjustments (model.INPUT_NAMES).
    assert ds["inputs"].shape == (300, 3, 9)
    assert ds["input"].values.tolist()[5:] == ["deadweight", "attribution", "displacement",
                                              "drop_off"]
    assert ds["benefits"].attrs["units"] == "EUR"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary left

    again = run("sim", str(scenario), "-n", "300", "--seed", "5", "--out", str(target))
    assert again.exit_code == 2 and "exists" in again.output
    assert read(target).attrs["seed"] == 4
    forced = run("sim", str(scenario), "-n", "300", "--seed", "5", "--out", str(target),
                 "--force", "--quiet")
    assert forced.exit_code == 0 and read(target).attrs["seed"] == 5


def test_written_results_round_trip(tmp_path):
    from mcimpact.run.engine import run_monte_carlo

    ds = run_monte_carlo(load(DATA / "all-kinds.toml"), 200, seed=1)
    from mcimpact.run.sinks import write

    write(ds, tmp_path / "r.nc")
    xr.testing.assert_identical(read(tmp_path / "r.nc"), ds)


def test_bad_output_target_is_refused_before_any_work(tmp_path):
    result = run("sim", "-n", "100", "--out", str(tmp_path / "results.txt"))
    assert result.exit_code == 2 and "unknown output format" in result.output
    result = run("sim", "-n", "100", "--out", str(tmp_path / "missing" / "r.nc"))
    assert result.exit_code == 2 and "does not exist" in result.output
    assert list(tmp_path.iterdir()) == []


def test_bad_scenario_writes_nothing(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[meta]\nname = 1\n", encoding="utf-8")
    result = run("sim", str(bad), "--out", str(tmp_path / "r.nc"))
    assert result.exit_code == 2
    assert not (tmp_path / "r.nc").exists()


def test_precision_option_draws_until_precise(tmp_path):
    result = run("sim", "-n", "2000", "--precision", "0.001", "--json")
    s = json.loads(result.stdout)
    m = s["multiplier"]
    assert s["draws"] > 2000 and 1.96 * m["mcse"] <= 0.001 * m["mean"]


def test_console_script_runs_in_a_real_process():
    proc = subprocess.run([sys.executable, "-m", "mcimpact", "sim", "-n", "1000", "--json"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["draws"] == 1000


def test_sensitivity_ranks_activities_from_a_scenario_or_a_results_file(tmp_path):
    result = run("sensitivity", str(DATA / "all-kinds.toml"), "-n", "2000", "--json")
    assert result.exit_code == 0, result.output
    s = json.loads(result.stdout)
    assert set(s["ranking"]) == {"a:x", "a:y"}
    assert s["independent"] is False  # the file declares a rank correlation
    target = tmp_path / "r.nc"
    assert run("sim", str(DATA / "all-kinds.toml"), "-n", "2000", "--seed", "3", "--out",
               str(target), "--quiet").exit_code == 0
    from_file = json.loads(run("sensitivity", str(target), "--json").stdout)
    assert from_file["seed"] == 3 and from_file["draws"] == 2000
    text = run("sensitivity", str(DATA / "all-kinds.toml"), "-n", "2000").output
    assert "total-order" in text and "one-way swings" in text


def test_a_run_that_cannot_fit_is_refused_before_it_starts(tmp_path):
    from mcimpact.readers.toml import load
    from mcimpact.run.resources import available_memory, dataset_bytes_per_draw

    if available_memory() is None:
        pytest.skip("this system does not say how much memory is free")
    # 10¹² draws of four financing scenarios make a dataset of ~4 PB
    # (resources.dataset_bytes_per_draw): no machine has that memory or disk free.
    assert dataset_bytes_per_draw(load()) * 10**12 > 10**15
    # voi keeps every draw's net benefit per option (the sensitivity keeps at most 2¹⁸
    # draws, sensitivity._report.KEPT_DRAWS: its memory no longer grows with the draws)
    for args, where in ((["voi", "-n", str(10**12), "--lang", "en"], "memory"),
                        (["sim", "-n", str(10**12), "--out", str(tmp_path / "r.nc")], "disk")):
        result = CliRunner().invoke(app, [*args])
        assert result.exit_code == 2, args
        message = result.output.replace("\n", " ")
        assert f"more {where}" in message and "--financing" in message
        assert "Traceback" not in message
    assert list(tmp_path.iterdir()) == []


def test_sim_without_a_dataset_has_no_memory_limit_on_draws():
    from mcimpact.readers.toml import load
    from mcimpact.run.resources import draws_that_fit

    # Its memory is bounded by the chunk: nothing to refuse (docs/reliability.md).
    assert draws_that_fit(load()) is None
    assert draws_that_fit(load(), keep_draws=True) is not None


def test_plot_writes_the_figures_and_refuses_a_non_empty_directory(tmp_path):
    results = tmp_path / "r.nc"
    assert run("sim", str(DATA / "all-kinds.toml"), "-n", "500", "--out", str(results),
               "--quiet").exit_code == 0
    figures = tmp_path / "figures"
    done = run("plot", str(results), "--no-sensitivity", "--lang", "en", "-o", str(figures))
    assert done.exit_code == 0, done.output
    # One financing scenario: no difference chart; no sensitivity asked for.
    stems = ["fan", "multiplier", "break-even", "by-beneficiary", "by-domain", "by-period",
             "initiatives"]
    assert sorted(p.name for p in figures.iterdir()) == sorted(
        f"{stem}.{kind}" for stem in stems for kind in ("png", "svg"))
    assert "14 files written" in done.output
    again = run("plot", str(results), "--no-sensitivity", "-o", str(figures))
    # in plot's own language, Dutch, with the flag to use
    assert again.exit_code == 2 and "geen lege map; gebruik --force" in again.output
    forced = run("plot", str(results), "--no-sensitivity", "-o", str(figures), "--force", "-q")
    assert forced.exit_code == 0, forced.output
    assert len(list(figures.iterdir())) == 14
    assert run("plot", str(results), "--lang", "xx", "-o", str(tmp_path / "f")).exit_code == 2
