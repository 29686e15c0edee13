"""A property-based fuzz test of hostile scenario files (docs/reliability.md, "How each
promise is tested").

Hypothesis mutates two valid scenario files — values changed to other types and to
extremes, lines deleted or duplicated (keys, table headers, whole entries), unicode,
control characters and console markup injected, the file truncated — and for every
mutant ``validate`` and ``sim`` must: exit 0 or 2 (never 1, never a signal), print no
traceback, write no output file unless they exit 0, and for exit 2 name the file and a
line (``file:LINE``). Derandomised, with a bounded number of examples, so CI stays fast and
every run tries the same files.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mcimpact.cli import main

DATA = Path(__file__).parent / "data"
SEEDS = [(DATA / "all-kinds.toml").read_text(encoding="utf-8"),
         (Path(__file__).parents[1] / "docs" / "example-scenario.toml").read_text(
             encoding="utf-8")]

#: Values a careless user, a spreadsheet export or an attacker might put anywhere.
HOSTILE_VALUES = [
    "0", "-1", "1e308", "-1e308", "1e-320", "nan", "inf", "-inf", "18446744073709551616",
    "9007199254740993", "1e15", "true", '""', '"x"', "[]", "{}", "[1, 2]", "{ dist = 1 }",
    '{ dist = "poisson", mean = 1e12 }', '{ dist = "negbinomial", mean = 1e9, sd = 1e9 }',
    '{ dist = "uniform", min = 5, max = 1 }', "1979-05-27", "07:32:00",
    "1979-05-27T07:32:00Z", "1979-05-27T00:32:00.999999-07:00", '"\\u001b[31mred"',
    '"[bold]x[/]"', '":100: :smile:"', '"$x^2$ \\\\frac{a}{b}"', '"\\u202eevil"',
    '"a\\u2028b\\u2029c\\u0085d"', '"<script>alert(1)</script>"',
]
INJECTED = ["\x1b[31m", "\u2028", "\u2029", "\u0085", "\x0b", "\x0c", "\r", "[bold]",
            ":100:", "$", "\\", '"', "'", "=", "[", "]", "{", "}", "#", "\ufeff", "é", "😀"]
VALUE = re.compile(r"(=\s*)([^\n]+)$", re.M)


@st.composite
def mutants(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["value", "delete", "duplicate", "inject", "truncate"]))
        lines = text.split("\n")
        i = draw(st.integers(0, len(lines) - 1))
        matches = list(VALUE.finditer(text))
        if kind == "value" and matches:
            m = matches[draw(st.integers(0, len(matches) - 1))]
            text = (text[: m.start(2)] + draw(st.sampled_from(HOSTILE_VALUES))
                    + text[m.end(2):])
        elif kind == "delete":
            text = "\n".join(lines[:i] + lines[i + 1:])
        elif kind == "duplicate":
            j = draw(st.integers(i, min(i + 8, len(lines))))
            text = "\n".join(lines[:j] + lines[i:j] + lines[j:])
        elif kind == "inject":
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(st.sampled_from(INJECTED)) + text[at:]
        else:
            text = text[: draw(st.integers(0, len(text)))]
    return text


@pytest.mark.slow
@settings(max_examples=200, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=mutants())
def test_a_mutated_scenario_is_run_or_refused_with_a_located_message(text, tmp_path, capsys):
    source = tmp_path / "mutant.toml"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "r.nc"
    out.unlink(missing_ok=True)
    for args in (["validate", str(source)],
                 ["sim", str(source), "-q", "-n", "300", "--out", str(out), "--force"]):
        code = main(args)
        captured = capsys.readouterr()
        shown = captured.out + captured.err
        assert code in (0, 2), (args[0], code, shown)
        assert "Traceback" not in shown
        if args[0] == "sim":
            assert out.exists() == (code == 0), shown
        if code == 2:
            assert re.search(rf"{re.escape(str(source))}:\d+", captured.err), captured.err
