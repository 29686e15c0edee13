"""A catalogue of bad scenario files: each exits 2 with one located message, no traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from conftest import INITIATIVE, META, chain, toml
from mcimpact.cli import app

GOOD = toml(META, [INITIATIVE], [chain()])


def _replace(old: str, new: str) -> str:
    assert old in GOOD, old
    return GOOD.replace(old, new, 1)


def _line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


# (case, file text, the line's marker or None for no line, expected words in the message)
CATALOGUE = [
    ("empty file", "", None, ["empty"]),
    ("toml syntax error", _replace("[meta]", "[meta"), "[meta", ["TOML syntax error"]),
    ("unknown key", _replace('value = 100', 'value = 100\nvalu = 3'), "valu =",
     ["chains[0] (id 'c1')", "unknown key 'valu'", "allowed here"]),
    ("wrong type", _replace('value = 100', 'value = "veel"'), "value =",
     ["field 'value'", "expected a number"]),
    ("probability above one", _replace("success_probability = 0.5", "success_probability = 1.4"),
     "success_probability", ["field 'success_probability'", "[0, 1]", "1.4"]),
    ("negative count", _replace("participants = 10", "participants = -3"), "participants",
     ["field 'participants'", "expected a number in [0, inf], got -3"]),
    ("negative cost", _replace("2021 = 100", "2021 = -100"),
     "costs", ["initiatives[0] (id 'a')", "costs.2021"]),
    ("unknown label", _replace("effect_size = 0.4", 'effect_size = "enorm"'), "effect_size",
     ["unknown effect_size label 'enorm'", "laag-middel"]),
    ("unknown domain", _replace('domain = "rondkomen"', 'domain = "rondkomn"'), "domain =",
     ["unknown domain 'rondkomn'", "samen-leven"]),
    ("unknown beneficiary", _replace('beneficiary = "overheid"', 'beneficiary = "gemeente"'),
     "beneficiary =", ["unknown beneficiary 'gemeente'"]),
    ("unknown initiative", _replace('initiative = "a"', 'initiative = "z"'), 'initiative = "z"',
     ["unknown initiative 'z'"]),
    ("unknown activity", _replace('activity = "x"', 'activity = "q"'), 'activity = "q"',
     ["unknown activity 'q' of initiative 'a'"]),
    ("duplicate chain id", GOOD + "\n" + GOOD[GOOD.index("[[chains]]"):], None,
     ["chains[1] (id 'c1')", "duplicate id 'c1'"]),
    ("wrong type in meta", _replace("horizon = 5", 'horizon = "5"'), "horizon",
     ["[meta]: field 'horizon'", "valid integer"]),
    ("nan", _replace("value = 100", "value = nan"), "value =", ["finite number"]),
    ("inf", _replace("effect_size = 0.4", "effect_size = inf"), "effect_size",
     ["field 'effect_size'", "inf"]),
    ("unknown profile shape", _replace('shape = "one-off"', 'shape = "gauss"'), "profile",
     ["field 'profile.shape'", "exponential-decline"]),
    ("half-life missing", _replace('shape = "one-off"', 'shape = "exponential-decline"'),
     "profile", ["needs a half_life"]),
    ("cohort outside horizon", _replace("value = 100", "value = 100\ncohorts = [2030]"),
     "cohorts", ["cohort year 2030 outside the horizon 2021–2025"]),
    # (domain, success_probability and effect_size are optional: docs/scenario-format.md)
    ("missing field", _replace("value = 100\n", ""), "[[chains]]",
     ["field 'value'", "missing required field"]),
    ("pert mode outside [min, max]",
     _replace("participants = 10",
              'participants = { dist = "pert", min = 10, mode = 40, max = 30 }'),
     "participants", ["field 'participants'", "mode (40) must lie within [min, max] = [10, 30]"]),
    ("beta mean outside (0, 1)",
     _replace("effect_size = 0.4",
              'effect_size = { dist = "beta", mean = 1.2, concentration = 5 }'),
     "effect_size", ["field 'effect_size'", "a Beta mean must lie in (0, 1), got 1.2"]),
    ("negative binomial without overdispersion",
     _replace("participants = 10", 'participants = { dist = "negbinomial", mean = 50, sd = 5 }'),
     "participants", ["sd² (25) must exceed the mean (50)"]),
    ("unknown distribution", _replace("value = 100", 'value = { dist = "gamma", mean = 3 }'),
     "value =", ["unknown distribution 'gamma'", "negbinomial"]),
    ("missing distribution parameter",
     _replace("value = 100", 'value = { dist = "uniform", min = 3 }'), "value =",
     ["'uniform' needs {min, max}"]),
    ("support outside the input's range",
     _replace("success_probability = 0.5",
              'success_probability = { dist = "lognormal", mean = 0.3, sd = 0.1 }'),
     "success_probability", ["success_probability must lie in [0, 1]"]),
    ("label where none is allowed", _replace("value = 100", 'value = "hoog"'), "value =",
     ["expected a number or a distribution table, got the text 'hoog'"]),
    ("duration not a whole number",
     _replace('shape = "one-off"', 'shape = "constant", duration = 2.5'), "profile",
     ["field 'profile.duration'", "whole number of years"]),
    ("correlation of an unknown input",
     GOOD + '\n[[correlations]]\ninput = "kosten"\nby = "initiative"\nrank_correlation = 0.5\n',
     'input = "kosten"', ["correlations[0]", "unknown input 'kosten'"]),
    ("correlation above one",
     GOOD + '\n[[correlations]]\ninput = "value"\nby = "all"\nrank_correlation = 1.5\n',
     "rank_correlation", ["field 'rank_correlation'", "less than or equal to 1"]),
    ("fractional count", _replace("participants = 10", "participants = 10.5"), "participants",
     ["expected a whole number of people, got 10.5"]),
    ("empty cohort list", _replace("value = 100", "value = 100\ncohorts = []"), "cohorts",
     ["at least one cohort year"]),
    ("id with spaces", _replace('id = "c1"', 'id = "c 1"'), 'id = "c 1"',
     ["field 'id'", "pattern"]),
    # SROI and MKBA inputs (docs/scenario-format.md#adjustments, #workshop-ranges, #values)
    ("adjustment label without a scale",
     _replace("value = 100", 'value = 100\nadjustments = { deadweight = "hoog" }'),
     "adjustments =", ["field 'adjustments.deadweight'", "labels need a scale"]),
    ("adjustment distribution beyond one",
     _replace("value = 100", 'value = 100\nadjustments = { drop_off = { dist = "uniform", '
              'min = 0.5, max = 1.5 } }'), "adjustments =",
     ["field 'adjustments.drop_off'", "drop_off must lie in [0, 1]"]),
    ("workshop range upside down",
     _replace("value = 100", "value = { low = 300, high = 70 }"), "value =",
     ["field 'value'", "range: low (300) must be below high (70)"]),
    ("unknown unit value",
     _replace("value = 100", 'value = "wmo"') + '\n[values.gp]\nvalue = 39\n', "value =",
     ["field 'value'", "unknown value 'wmo'; expected one of: gp"]),
    ("label with a spread too wide",
     _replace("success_probability = 0.5", 'success_probability = { label = "hoog", sd = 0.5 }'),
     "success_probability", ["field 'success_probability'", "label 'hoog'", "sd must lie"]),
]


@pytest.mark.parametrize(("text", "marker", "words"), [c[1:] for c in CATALOGUE],
                         ids=[c[0] for c in CATALOGUE])
def test_bad_file_exits_2_with_a_located_message(write, text, marker, words):
    path = write(text)
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    message = result.output.replace("\n", " ")
    assert "Traceback" not in message
    place = str(path) if marker is None else f"{path}:{_line_of(text, marker)}:"
    assert place in message.replace("  ", " ")
    for word in words:
        assert word in message


def test_catalogue_is_large_enough():
    assert len(CATALOGUE) >= 12


def test_missing_file_and_directory(tmp_path):
    for target, words in ((tmp_path / "nope.toml", "no such file"), (tmp_path, "is a directory")):
        result = CliRunner().invoke(app, ["validate", str(target)])
        assert result.exit_code == 2 and words in result.output


def test_real_process_prints_no_traceback(write):
    path = write(_replace("success_probability = 0.5", "success_probability = 1.4"))
    proc = subprocess.run([sys.executable, "-m", "mcimpact", "validate", str(path)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    assert f"{path}:{_line_of(path.read_text(), 'success_probability')}:" in proc.stderr


def test_good_file_validates(write):
    result = CliRunner().invoke(app, ["validate", str(write(GOOD))])
    assert result.exit_code == 0 and "OK" in result.output
