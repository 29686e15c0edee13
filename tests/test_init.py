"""``mcimpact init``: each starter scenario validates and simulates, as TOML and as a
workbook; the target is checked like every output."""

from __future__ import annotations

import json
import tomllib

import pytest
from typer.testing import CliRunner

from mcimpact.cli import app
from mcimpact.readers import formats
from mcimpact.readers.formats import TEMPLATES


def run(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


@pytest.mark.parametrize("template", list(TEMPLATES))
def test_each_template_validates_and_simulates(tmp_path, template):
    target = tmp_path / f"{template}.toml"
    result = run("init", str(target), "--template", template)
    assert result.exit_code == 0, result.output
    assert run("validate", str(target)).exit_code == 0
    point = json.loads(run("sim", str(target), "--deterministic", "--json").stdout)
    assert point["multiplier"] > 0
    mc = json.loads(run("sim", str(target), "-n", "500", "--seed", "1", "--json").stdout)
    assert mc["draws"] == 500 and mc["multiplier"]["sd"] > 0  # some input is uncertain


def test_the_file_is_annotated_and_names_itself(tmp_path):
    target = tmp_path / "mine.toml"
    run("init", str(target))
    text = target.read_text(encoding="utf-8")
    assert text.count("\n#") > 10  # comments explain the keys
    assert "mcimpact validate mine.toml" in text and "THIS-FILE" not in text


def test_the_dutch_arena_is_the_same_analysis_in_dutch(tmp_path):
    # Source: templates/arena.toml and arena.nl.toml hold the same numbers, only the
    # words differ, so the point multiplier is the same.
    english, dutch = tmp_path / "en.toml", tmp_path / "nl.toml"
    run("init", str(english))
    assert run("init", str(dutch), "--lang", "nl").exit_code == 0
    text = dutch.read_text(encoding="utf-8")
    assert "# Startscenario: een effectenarena van één initiatief." in text
    assert "mcimpact validate nl.toml" in text
    data = tomllib.loads(text)
    assert data["meta"]["name"] == "Mijn buurtinitiatief"
    assert data["meta"]["nouns"] == {"initiative": {"nl": "buurtinitiatief"}}
    points = [json.loads(run("sim", str(p), "--deterministic", "--json").stdout)["multiplier"]
              for p in (english, dutch)]
    assert points[0] == points[1]
    # a template without a Dutch version is written in English
    sroi = tmp_path / "sroi.toml"
    run("init", str(sroi), "-t", "sroi", "--lang", "nl")
    assert sroi.read_text(encoding="utf-8").startswith("# Starter scenario")


def test_the_sroi_template_is_an_sroi_analysis(tmp_path):
    target = tmp_path / "sroi.toml"
    run("init", str(target), "-t", "sroi")
    data = tomllib.loads(target.read_text(encoding="utf-8"))
    assert data["meta"]["currency"] == "GBP"
    assert data["meta"]["time_convention"] == "sroi"
    assert "domains" not in data
    for chain in data["chains"]:
        assert "success_probability" not in chain and "effect_size" not in chain
        assert "domain" not in chain and "adjustments" in chain
    scenario = formats.load(target)
    assert scenario.domains == ()


def test_a_template_as_a_workbook(tmp_path):
    target = tmp_path / "arena.xlsx"
    assert run("init", str(target)).exit_code == 0
    assert run("validate", str(target)).exit_code == 0
    a = json.loads(run("sim", str(target), "--deterministic", "--json").stdout)
    run("init", str(tmp_path / "arena.toml"))
    b = json.loads(run("sim", str(tmp_path / "arena.toml"), "--deterministic",
                       "--json").stdout)
    # The reference: the same template written as TOML.
    assert a["financing"] == b["financing"]


def test_the_target_is_checked(tmp_path):
    target = tmp_path / "s.toml"
    target.write_text("old", encoding="utf-8")
    result = run("init", str(target))
    assert result.exit_code == 2 and "exists" in result.output
    assert target.read_text(encoding="utf-8") == "old"
    assert run("init", str(target), "--force").exit_code == 0
    result = run("init", str(tmp_path / "s.txt"))
    assert result.exit_code == 2 and "unknown output format" in result.output
    result = run("init", str(tmp_path / "t.toml"), "--template", "cba")
    assert result.exit_code == 2 and "unknown template 'cba'" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.toml"]
