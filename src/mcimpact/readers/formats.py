"""Scenario files by their suffix: TOML (``.toml``, any other suffix) or a spreadsheet
(``.xlsx``); the one entry point of the commands that read a scenario."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from ..model.scenario import Scenario

#: The suffixes a scenario file may have when it is written (``mcimpact convert``).
SUFFIXES = (".toml", ".xlsx")
#: The starter scenarios of ``mcimpact init`` (``src/mcimpact/scenarios/templates``).
TEMPLATES = {
    "arena": "an effecten-arena: labels for success probability and effect size, life "
             "domains, a financing scenario",
    "sroi": "an SROI impact map: GBP, outcomes from Year 1, deadweight, attribution and "
            "drop-off, no domains",
}


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


def template(name: str, file_name: str = "", lang: str = "en") -> Scenario:
    """The starter scenario ``name`` (one of :data:`TEMPLATES`), validated, with its
    comments, names and texts in the language ``lang`` where it is written in it
    (``templates/NAME.LANG.toml``; else in English); its comments name ``file_name``
    where they show commands (when it is a plain file name)."""
    from importlib import resources

    from . import toml

    folder = resources.files("mcimpact.scenarios").joinpath("templates")
    own = folder.joinpath(f"{name}.{lang}.toml")
    text = (own if own.is_file() else folder.joinpath(f"{name}.toml")).read_text("utf-8")
    if re.fullmatch(r"[A-Za-z0-9._-]+", file_name):
        text = text.replace("THIS-FILE", file_name)
    return toml.parse(text, f"<template>/{name}.toml")


def data(scenario: Scenario) -> dict[str, Any]:
    """The data of a validated scenario (its TOML text, parsed)."""
    return tomllib.loads(scenario.text)


def write(scenario: Scenario, path: Path) -> list[str]:
    """Write a validated scenario to ``path`` in the format its suffix names: the
    scenario's TOML text (comments kept) or a workbook of its data. The caller makes the
    write atomic and checks the target. Returns the keys a workbook leaves out: those of
    empty text (an empty cell is a key not given)."""
    if is_workbook(path):
        from . import xlsx

        return xlsx.save(data(scenario), path)
    path.write_text(scenario.text, encoding="utf-8")
    return []
