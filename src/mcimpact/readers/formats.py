"""Scenario files by their suffix: TOML (``.toml``, any other suffix) or a spreadsheet
(``.xlsx``); the one entry point of the commands that read a scenario."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from ..model.scenario import Scenario

#: The suffixes a scenario file may have when it is written (``mcimpact convert``).
SUFFIXES = (".toml", ".xlsx")


def is_workbook(path: str | Path) -> bool:
    return Path(path).suffix.lower() == ".xlsx"


def load(path: str | Path | None = None) -> Scenario:
    """Load and validate a scenario file: a workbook (.xlsx) through
    :func:`mcimpact.readers.xlsx.load`, anything else as TOML
    (:func:`mcimpact.readers.toml.load`; ``None`` is the bundled scenario)."""
    if path is not None and is_workbook(path):
        from . import xlsx

        return xlsx.load(path)
    from . import toml

    return toml.load(path)


def data(scenario: Scenario) -> dict[str, Any]:
    """The data of a validated scenario (its TOML text, parsed)."""
    return tomllib.loads(scenario.text)


def write(scenario: Scenario, path: Path) -> None:
    """Write a validated scenario to ``path`` in the format its suffix names: the
    scenario's TOML text (comments kept) or a workbook of its data. The caller makes the
    write atomic and checks the target."""
    if is_workbook(path):
        from . import xlsx

        xlsx.save(data(scenario), path)
    else:
        path.write_text(scenario.text, encoding="utf-8")
