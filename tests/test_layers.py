"""The one-direction architecture of DESIGN.md, kept by reading the modules' imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "mcimpact"
MODULES = {p.stem: ast.parse(p.read_text(encoding="utf-8")) for p in SRC.glob("*.py")}


def imports(tree: ast.Module) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: .engine → engine
                found.add((node.module or "").split(".")[0] or "__init__")
            else:
                found.add((node.module or "").split(".")[0])
    return found


@pytest.mark.parametrize("package", ["typer", "rich"])
def test_only_the_cli_talks_to_the_terminal(package):
    assert [m for m, tree in MODULES.items() if package in imports(tree)] == ["cli"]


def test_only_the_cli_prints():
    printing = [m for m, tree in MODULES.items()
                if any(isinstance(n, ast.Call) and getattr(n.func, "id", None) == "print"
                       for n in ast.walk(tree))]
    assert printing == ["cli"]


def test_only_the_scenario_module_reads_scenario_files():
    assert [m for m, tree in MODULES.items() if "tomllib" in imports(tree)] == ["scenario"]


def test_the_kernels_see_plain_arrays_only():
    assert imports(MODULES["kernels"]) <= {"__future__", "math", "numba", "numpy",
                                           "distributions"}


def test_no_stage_imports_a_later_one():
    order = ["errors", "formatting", "profiles", "distributions", "model", "scenario", "kernels",
             "results", "engine", "reference", "summaries", "sensitivity", "io", "htmlutil",
             "figures", "report", "cli"]
    assert set(order) >= set(MODULES) - {"__init__", "__main__", "synthetic"}
    for k, module in enumerate(order):
        later = set(order[k + 1:])
        assert not (imports(MODULES[module]) & later), module
