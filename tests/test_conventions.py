"""CF-1.x conventions of the results dataset (docs/results.md#conventions): global
attributes, long names and units, kept when written to NetCDF and Zarr."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import numpy as np
import pytest

from mcimpact.readers.toml import load, parse
from mcimpact.run.engine import run_deterministic, run_monte_carlo
from mcimpact.run.sinks import read, write

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def dataset():
    return run_monte_carlo(load(DATA / "all-kinds.toml"), 200, seed=1)


def test_global_attributes_follow_cf(dataset):
    attrs = dataset.attrs
    assert attrs["Conventions"] == "CF-1.10"
    assert attrs["title"].startswith("mcimpact results: ")
    assert attrs["source"].startswith(f"mcimpact {attrs['mcimpact_version']} (Monte Carlo")
    today = datetime.datetime.now(datetime.UTC).date()
    created = datetime.date.fromisoformat(attrs["date_created"])
    assert abs((created - today).days) <= 1
    assert re.fullmatch(rf"{attrs['date_created']} mcimpact \S+: Monte Carlo simulation of "
                        rf"{re.escape(attrs['scenario_path'])}", attrs["history"])


def test_every_variable_and_coordinate_has_a_long_name_and_numbers_have_units(dataset):
    for name, var in {**dataset.data_vars, **dataset.coords}.items():
        assert var.attrs.get("long_name"), name
        if var.dtype.kind in "fi":
            assert var.attrs.get("units"), name


def test_meta_fills_institution_references_and_comment():
    text = (DATA / "all-kinds.toml").read_text(encoding="utf-8").replace(
        "[meta]\n", '[meta]\ninstitution = "Gemeente Voorbeeld"\n'
                    'source = "Rapport 2024"\ndescription = "Een toelichting"\n', 1)
    attrs = run_deterministic(parse(text, "x.toml")).attrs
    assert attrs["institution"] == "Gemeente Voorbeeld"
    assert attrs["references"] == "Rapport 2024"
    assert attrs["comment"] == "Een toelichting"
    assert attrs["source"].endswith("(deterministic run of a social cost-benefit analysis)")


def test_empty_meta_fields_are_left_out():
    attrs = run_deterministic(load(DATA / "all-kinds.toml")).attrs
    assert "institution" not in attrs


def test_source_date_epoch_fixes_the_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")  # one day after 1970-01-01
    attrs = run_deterministic(load(DATA / "all-kinds.toml")).attrs
    assert attrs["date_created"] == "1970-01-02"
    assert attrs["history"].startswith("1970-01-02 mcimpact ")


@pytest.mark.parametrize("suffix", [".nc", ".zarr"])
def test_the_conventions_survive_writing(dataset, tmp_path, suffix):
    write(dataset, tmp_path / f"r{suffix}")
    back = read(tmp_path / f"r{suffix}")
    assert back.attrs["Conventions"] == "CF-1.10"
    assert back["year"].attrs == {"long_name": "calendar year", "units": "1"}
    # Not decoded as a CF time coordinate: the years themselves.
    np.testing.assert_array_equal(back["year"].values, dataset["year"].values)
    assert back["benefits"].attrs["units"] == dataset.attrs["currency"]


@pytest.mark.parametrize("suffix", [".nc", ".zarr"])
def test_a_streamed_run_carries_the_conventions(tmp_path, suffix):
    from typer.testing import CliRunner

    from mcimpact.cli import app

    target = tmp_path / f"r{suffix}"
    result = CliRunner().invoke(app, ["sim", str(DATA / "all-kinds.toml"), "-n", "300",
                                      "--out", str(target), "-q"])
    assert result.exit_code == 0, result.output
    attrs = read(target).attrs
    assert attrs["Conventions"] == "CF-1.10"
    assert attrs["history"].endswith(f"Monte Carlo simulation of {DATA / 'all-kinds.toml'}")
    assert attrs["draws"] == 300
