"""The documentation's examples run as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mcimpact.cli import app
from mcimpact.readers.toml import load
from mcimpact.run.engine import run_deterministic, run_monte_carlo

REPO = Path(__file__).resolve().parents[1]
needs_repo = pytest.mark.skipif(not (REPO / "docs").exists(), reason="not in a checkout")


@needs_repo
def test_the_annotated_example_scenario_validates_and_runs():
    scenario = load(REPO / "docs" / "example-scenario.toml")
    multiplier = run_deterministic(scenario)["multiplier"].isel(draw=0)
    assert multiplier.sizes["financing"] == len(scenario.financing)
    assert bool((multiplier > 0).all())
    assert run_monte_carlo(scenario, 500, seed=1).attrs["draws"] == 500


@needs_repo
def test_every_sim_option_in_the_readme_exists():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    used = set(re.findall(r"mcimpact sim[^\n#]*", readme))
    options = {o for line in used for o in re.findall(r"(--[a-z-]+|-[a-z]\b)", line)}
    help_text = CliRunner().invoke(app, ["sim", "--help"], terminal_width=200).output
    assert options, "the README shows no options"
    for option in options:
        assert option in help_text, option


@needs_repo
def test_the_readmes_python_examples_run(monkeypatch, tmp_path):
    """Every ```python block of the README, in order in one namespace, at 2,000 draws (the
    README shows larger counts; the calls are the same), in a directory of its own (the
    examples write figures) beside the repository's scenarios."""
    (tmp_path / "scenarios").symlink_to(REPO / "scenarios")
    monkeypatch.chdir(tmp_path)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, flags=re.S)
    assert blocks, "the README shows no Python"
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(re.sub(r"draws=[\d_]+", "draws=2_000", block), namespace)
