"""Shared helpers: small scenarios written as TOML text, as an analyst would write them."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from mcimpact.readers.toml import parse


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(v, float) and math.isnan(v):
        return "nan"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, list):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {_value(x)}" for k, x in v.items()) + " }"
    raise TypeError(v)


def toml(meta: dict[str, Any], initiatives: list[dict], chains: list[dict]) -> str:
    lines = ["[meta]", *(f"{k} = {_value(v)}" for k, v in meta.items()), ""]
    for table, entries in (("initiatives", initiatives), ("chains", chains)):
        for entry in entries:
            lines += [f"[[{table}]]", *(f"{k} = {_value(v)}" for k, v in entry.items()), ""]
    return "\n".join(lines)


META = {"name": "test", "start_year": 2021, "horizon": 5}
INITIATIVE = {"id": "a", "name": "A", "costs": {"2021": 100}, "activities": {"x": "X"}}


def chain(**overrides: Any) -> dict[str, Any]:
    """A chain with amount N·p·δ·v = 10 · 0.5 · 0.4 · 100 = 200 EUR per cohort year."""
    base = {
        "id": "c1", "initiative": "a", "activity": "x", "beneficiary": "overheid",
        "domain": "rondkomen", "participants": 10, "success_probability": 0.5,
        "effect_size": 0.4, "value": 100, "profile": {"shape": "one-off"},
    }
    base.update(overrides)
    return base


def build(chains: list[dict], initiatives: list[dict] | None = None, **meta: Any):
    return parse(toml({**META, **meta}, initiatives or [INITIATIVE], chains))


@pytest.fixture
def write(tmp_path: Path):
    def _write(text: str, name: str = "scenario.toml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return _write
