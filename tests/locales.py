"""Test helper: a language registered for a test only — a catalogue made in the test (a
copy of the English one, or the pseudo-localised one of tests/test_pseudo_locale.py)
that ``Locale.get`` and ``--lang`` know until the test ends, as a file in
``mcimpact/present/catalogues/`` would be known."""

from __future__ import annotations

import types
from typing import Any

import pytest

from mcimpact import cli
from mcimpact.present import locale as locale_module
from mcimpact.present.catalogues import en
from mcimpact.present.locale import PARTS, Locale


def english(**changed: Any) -> types.SimpleNamespace:
    """The parts of the English catalogue, with ``changed`` ones."""
    return types.SimpleNamespace(**{**{part: getattr(en, part) for part in PARTS},
                                    **changed})


def register(monkeypatch: pytest.MonkeyPatch, code: str, catalogue: Any) -> Locale:
    """``catalogue`` as the language ``code`` until the test ends."""
    loc = Locale.of_catalogue(code, catalogue)
    monkeypatch.setitem(locale_module._loaded, code, loc)
    known = tuple(sorted({*locale_module.languages(), code}))
    monkeypatch.setattr(locale_module, "languages", lambda: known)
    monkeypatch.setattr(cli._shared, "languages", lambda: known)  # the commands' languages
    return loc
