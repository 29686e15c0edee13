"""One catalogue file per language: every catalogue has exactly the Dutch one's keys (and
per text the same placeholders), so a new language is one new file; an unknown language
is a clear error naming the known ones."""

from __future__ import annotations

import string
from importlib import import_module
from importlib.resources import files

import pytest
from typer.testing import CliRunner

from mcimpact.cli import app
from mcimpact.present.locale import PARTS, Locale, languages

CATALOGUES = sorted(p.name for p in files("mcimpact.present.catalogues").iterdir()
                    if p.name.endswith(".py") and not p.name.startswith("_"))
OTHERS = [name.removesuffix(".py") for name in CATALOGUES if name != "nl.py"]


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def catalogue(code: str):
    return import_module(f"mcimpact.present.catalogues.{code}")


def test_the_catalogue_files_are_the_languages():
    assert "nl.py" in CATALOGUES and "en.py" in CATALOGUES
    assert languages() == tuple(name.removesuffix(".py") for name in CATALOGUES)


@pytest.mark.parametrize("code", OTHERS)
def test_every_catalogue_has_exactly_the_dutch_keys_and_placeholders(code):
    nl, other = catalogue("nl"), catalogue(code)
    for part in PARTS:
        assert hasattr(other, part), part
    for part in ("NUMBERS", "UNITS", "TEXT"):
        assert set(getattr(other, part)) == set(getattr(nl, part)), part
        for key, text in getattr(nl, part).items():
            assert placeholders(getattr(other, part)[key]) == placeholders(text), key
    assert len(other.MONTHS) == len(nl.MONTHS) == 12
    assert other.NAME and other.NAME != nl.NAME


@pytest.mark.parametrize("code", languages())
def test_every_catalogue_loads_and_fills_every_text(code):
    locale = Locale.get(code)
    assert locale.code == code and locale is Locale.get(code)  # loaded once
    for key, text in locale.texts.items():
        # a number where the text formats one ({cost:g}: a problem's message)
        values = {name: 1 if spec else "X" for _, name, spec, _ in string.Formatter().parse(text)
                  if name is not None}
        assert locale.text(key, **values)


def test_an_unknown_language_is_an_error_naming_the_known_ones():
    with pytest.raises(ValueError, match=r"unknown language 'de'; expected one of: en, nl"):
        Locale.get("de")
    for sneaky in ("__init__", "../nl", "", "NL"):
        with pytest.raises(ValueError, match="unknown language"):
            Locale.get(sneaky)


def test_an_unknown_text_is_an_error_naming_the_catalogue():
    with pytest.raises(KeyError, match="the nl catalogue has no text 'nope'"):
        Locale.get("nl").text("nope")


def test_the_lang_option_takes_what_the_catalogues_provide(tmp_path):
    result = CliRunner().invoke(app, ["report", "--lang", "de", "--out",
                                      str(tmp_path / "r.html")])
    assert result.exit_code == 2
    assert "unknown language 'de'; expected one of: en, nl" in result.output
    assert list(tmp_path.iterdir()) == []
    help_text = CliRunner().invoke(app, ["plot", "--help"]).output
    assert "en, nl" in help_text


def test_a_group_name_falls_back_to_the_first_name_then_the_id():
    nl, en = Locale.get("nl"), Locale.get("en")
    names = {"nl": "Overheid", "en": "Government"}
    assert nl.label(names, "overheid") == "Overheid"
    assert en.label(names, "overheid") == "Government"
    assert en.label({"nl": "Overheid"}, "overheid") == "Overheid"
    assert en.label({}, "overheid") == "overheid"


def test_the_number_style_comes_from_the_catalogue():
    # Source: the catalogues' NUMBERS; the strings are those of tests/test_formatting.py.
    nl = Locale.get("nl")
    assert (nl.numbers["decimal"], nl.numbers["thousands"]) == (",", ".")
    assert nl.number(1234.5, 1) == "1.234,5"
    assert nl.percent(0.9) == "90\u00a0%"
    assert Locale.get("en").percent(0.9) == "90%"


def test_a_scenario_group_is_named_per_language_code():
    from mcimpact.model.scenario import Group
    from mcimpact.readers.toml import load

    overheid = {g.id: g for g in load().beneficiaries}["overheid"]
    assert overheid.names == {"nl": "Overheid", "en": "Government"}  # source: the defaults
    assert overheid.name("en") == "Government"
    assert overheid.name("de") == "Overheid"  # the first name given
    assert Group("x").name("nl") == "x"  # no names: the id
