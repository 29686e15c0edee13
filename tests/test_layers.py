"""The one-direction architecture of docs/architecture.md, kept by reading the modules'
imports: the import-linter contracts of pyproject.toml, and what only one module may do."""

from __future__ import annotations

import ast
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "mcimpact"
MODULES = {".".join(p.relative_to(SRC).with_suffix("").parts): ast.parse(p.read_text("utf-8"))
           for p in SRC.rglob("*.py")}


def imports(tree: ast.Module) -> set[str]:
    """Top-level names of the absolute imports, and the last part of relative ones."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                found |= {(node.module or "").split(".")[-1] or a.name for a in node.names}
            else:
                found.add((node.module or "").split(".")[0])
    return found


def test_import_contracts_hold():
    """Layers cli → present → analysis → run → core → readers → model → errors, and no
    runtime module imports mcimpact.testing (pyproject.toml, [tool.importlinter])."""
    exe = shutil.which("lint-imports")
    assert exe, "import-linter is part of the test extra"
    done = subprocess.run([exe, "--config", str(ROOT / "pyproject.toml")], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


@pytest.mark.parametrize("package", ["typer", "rich"])
def test_only_the_cli_and_the_terminal_renderer_talk_to_the_terminal(package):
    users = {m for m, tree in MODULES.items() if package in imports(tree)}
    assert all(m == "present.terminal" or m.startswith("cli.") for m in users), users


def test_only_the_cli_prints():
    printing = [m for m, tree in MODULES.items()
                if any(isinstance(n, ast.Call) and getattr(n.func, "id", None) == "print"
                       for n in ast.walk(tree))]
    assert printing and all(m.startswith("cli.") for m in printing), printing


def test_only_the_readers_read_scenario_files():
    reading = {m for m, tree in MODULES.items() if "tomllib" in imports(tree)}
    assert "readers._source" in reading and all(m.startswith("readers.") for m in reading)


def test_only_the_presentation_draws():
    drawing = {m for m, tree in MODULES.items() if {"matplotlib", "jinja2"} & imports(tree)}
    assert drawing and all(m.startswith("present.") for m in drawing)


def test_the_kernels_see_plain_arrays_only():
    assert imports(MODULES["core.kernels"]) <= {"__future__", "functools", "math", "numba",
                                                "numpy", "distributions", "extending",
                                                "typing"}
