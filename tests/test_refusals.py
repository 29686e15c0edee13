"""Refusals of the library (OutputError, ResourceError) carry a reason and its values:
the library's message names no command-line flag, and the command line words each reason
in its --lang with the flag to use (the catalogues' error.output.*, error.resource.*)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mcimpact.cli import app, refusal
from mcimpact.errors import OutputError, ResourceError
from mcimpact.present.locale import Locale, languages

SRC = Path(__file__).resolve().parents[1] / "src" / "mcimpact"
runner = CliRunner()


def raised_reasons() -> set[tuple[str, str]]:
    """(kind, reason) of every ``raise OutputError/ResourceError(reason=...)`` in the
    package, read from its source."""
    found = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
                    node.func.id in ("OutputError", "ResourceError"):
                for kw in node.keywords:
                    if kw.arg == "reason" and isinstance(kw.value, ast.Constant):
                        kind = "output" if node.func.id == "OutputError" else "resource"
                        found.add((kind, kw.value.value))
    return found


def test_every_refusal_of_the_package_has_a_reason():
    # Every raise site of the two errors gives a reason (a message alone would reach a
    # Dutch user in English).
    bare = []
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and \
                    isinstance(node.exc.func, ast.Name) and \
                    node.exc.func.id in ("OutputError", "ResourceError") and \
                    not any(kw.arg == "reason" for kw in node.exc.keywords):
                bare.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert bare == []


@pytest.mark.parametrize("lang", languages())
def test_every_reason_has_words_in_every_language(lang):
    words = Locale.get(lang)
    reasons = raised_reasons()
    assert len(reasons) >= 19  # source: the raise sites of run/, analysis/ and present/
    missing = [f"error.{kind}.{reason}" for kind, reason in reasons
               if f"error.{kind}.{reason}" not in words.texts]
    assert missing == []


def test_library_messages_name_no_flag():
    for kind, reason in raised_reasons():
        cls = OutputError if kind == "output" else ResourceError
        messages = cls.MESSAGES
        assert reason in messages, reason
        assert "--" not in messages[reason], reason


def test_the_command_line_words_a_refusal_with_its_flag():
    en, nl = Locale.get("en"), Locale.get("nl")
    exc = OutputError(reason="exists", path=Path("r.html"))
    assert str(exc) == "r.html: exists (force=True replaces it)"
    assert refusal(en, exc) == "r.html: exists; use --force to overwrite"
    assert refusal(nl, exc) == "r.html: bestaat al; gebruik --force om het te overschrijven"
    big = ResourceError(reason="draws", draws=2_000_000, financing=2,
                        where="disk space at /data", fit=1_500_000)
    assert refusal(nl, big).startswith(
        "2.000.000 trekkingen van 2 financieringsscenario('s) vragen meer schijfruimte in "
        "/data dan deze computer vrij heeft (ruimte voor ongeveer 1.500.000)")
    assert "--financing" in refusal(en, big) and "--" not in str(big)
    kind = OutputError(reason="other-kind", path=Path("x.zarr"), what="directory")
    assert "is a directory" in refusal(en, kind) and "is een map" in refusal(nl, kind)
    # Raised with a message only (as before reasons), it is shown as it is.
    assert refusal(nl, OutputError("as written")) == "as written"


def test_a_dutch_command_says_in_dutch_that_its_output_exists(tmp_path):
    target = tmp_path / "report.html"
    target.write_text("old", encoding="utf-8")
    result = runner.invoke(app, ["report", "--out", str(target), "-n", "200"])
    assert result.exit_code == 2
    assert "bestaat al; gebruik --force om het te overschrijven" in result.output
    result = runner.invoke(app, ["report", "--out", str(target), "-n", "200", "--lang",
                                 "en"])
    assert result.exit_code == 2 and "exists; use --force to overwrite" in result.output
