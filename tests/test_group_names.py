"""A beneficiary group or a domain named in any language: ``names = { nl = "…", en = "…",
de = "…" }`` (``nl`` and ``en`` stay keys of their own), shown in the language of the
output wherever a group is named (docs/scenario-format.md#beneficiaries-and-domains,
docs/languages.md)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import mcimpact
from locales import english, register
from mcimpact.cli import app
from mcimpact.errors import ScenarioError
from mcimpact.readers.toml import parse

runner = CliRunner()

SCENARIO = """
[meta]
name = "Drei Sprachen"
start_year = 2024
horizon = 3

[[beneficiaries]]
id = "bewohner"
names = { de = "Bewohner", en = "Residents" }
nl = "Bewoners"

[[beneficiaries]]
id = "staat"
en = "Government"

[[domains]]
id = "wohnen"
names = { de = "Wohnen" }

[[initiatives]]
id = "a"
name = "A"
costs = { 2024 = 1000.0 }
activities = { x = "X" }

[[chains]]
id = "c1"
initiative = "a"
activity = "x"
beneficiary = "bewohner"
domain = "wohnen"
participants = 10
success_probability = 0.5
effect_size = 0.5
value = 100.0
profile = { shape = "constant", duration = 2 }

[[chains]]
id = "c2"
initiative = "a"
activity = "x"
beneficiary = "staat"
domain = "wohnen"
participants = 10
success_probability = 0.5
effect_size = 0.5
value = 50.0
profile = { shape = "constant", duration = 2 }
"""


@pytest.fixture
def path(tmp_path):
    file = tmp_path / "drei.toml"
    file.write_text(SCENARIO, encoding="utf-8")
    return file


def test_names_in_any_language_with_nl_and_en_as_keys_of_their_own():
    s = parse(SCENARIO, "drei.toml")
    assert dict(s.beneficiaries[0].names) == {"de": "Bewohner", "en": "Residents",
                                              "nl": "Bewoners"}
    assert dict(s.beneficiaries[1].names) == {"en": "Government"}
    assert dict(s.domains[0].names) == {"de": "Wohnen"}
    # a name in one language only is used for every language
    assert s.domains[0].name("nl") == "Wohnen" and s.beneficiaries[1].name("de") == \
        "Government"


@pytest.mark.parametrize(("names", "message"), [
    ('names = { Deutsch = "Bewohner" }', "'Deutsch' is not a language code"),
    ('names = { de = " " }', "a name is a text that is not empty"),
    ('names = { nl = "Bewoners" }\nnl = "Bewoners"', "the nl name is given twice"),
    ("", "needs a name"),
])
def test_a_bad_name_is_a_located_problem(names, message):
    text = SCENARIO.replace('names = { de = "Bewohner", en = "Residents" }\nnl = "Bewoners"',
                            names)
    with pytest.raises(ScenarioError) as info:
        parse(text, "drei.toml")
    assert any(message in str(p) and "beneficiaries[0] (id 'bewohner')" in str(p)
               for p in info.value.problems), info.value.problems


def test_the_json_and_the_summary_workbook_name_each_group_in_every_language(path,
                                                                             tmp_path):
    from mcimpact.present import workbook

    summary = mcimpact.simulate(mcimpact.load(path), deterministic=True).summary
    labels = summary.to_json()["labels"]
    assert labels["beneficiary"]["bewohner"] == {"de": "Bewohner", "en": "Residents",
                                                 "nl": "Bewoners"}
    header, rows = workbook.tables(summary)["benefits_by_beneficiary"]
    assert header[:5] == ["financing", "beneficiary", "name_de", "name_en", "name_nl"]
    assert rows[0][2:5] == ["Bewohner", "Residents", "Bewoners"]


def test_the_results_dataset_names_each_group_in_every_language(path):
    # Dutch and English always (a group without a name there: its first name), then
    # every other language a group is named in.
    ds = mcimpact.simulate(mcimpact.load(path), draws=10, keep_draws=True).dataset
    assert list(ds["beneficiary_nl"].values) == ["Bewoners", "Government"]
    assert list(ds["beneficiary_en"].values) == ["Residents", "Government"]
    assert list(ds["beneficiary_de"].values) == ["Bewohner", "Government"]
    assert ds["beneficiary_de"].attrs["long_name"] == "beneficiary group name (de)"
    assert [list(ds[f"domain_{code}"].values) for code in ("nl", "en", "de")] == [
        ["Wohnen"]] * 3


def test_a_workbook_keeps_the_names(path, tmp_path):
    book = tmp_path / "drei.xlsx"
    back = tmp_path / "back.toml"
    assert runner.invoke(app, ["convert", str(path), str(book)]).exit_code == 0
    assert runner.invoke(app, ["convert", str(book), str(back)]).exit_code == 0
    assert mcimpact.load(back).beneficiaries == mcimpact.load(path).beneficiaries


def test_a_third_language_shows_its_own_names(path, monkeypatch):
    """A catalogue for German (here a copy of the English one, registered for the test)
    is all a third language needs: the groups' German names appear in its output."""
    register(monkeypatch, "de", english(NAME="Deutsch"))
    result = runner.invoke(app, ["sim", str(path), "--deterministic", "--lang", "de"])
    assert result.exit_code == 0, result.output
    assert "Bewohner" in result.output and "Wohnen" in result.output
    assert "Residents" not in result.output and "Bewoners" not in result.output
    english_out = runner.invoke(app, ["sim", str(path), "--deterministic", "--lang", "en"])
    assert "Residents" in english_out.output and "Bewohner" not in english_out.output
    # the report's figures name the groups in the report's language too
    from mcimpact.present import figures
    from mcimpact.present.locale import Locale

    summary = mcimpact.simulate(mcimpact.load(path), 500, seed=1).summary
    fig = figures.breakdown_chart(summary, "beneficiary", locale=Locale.get("de"))
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["Bewohner", "Government"]
    assert json.dumps(summary.to_json())  # the JSON stays JSON


# --------------------------------------------------------------------------------------
# The scenario's own nouns ([meta.nouns]; docs/scenario-format.md#nouns)

def test_the_nouns_of_a_scenario_speak_in_its_report_and_figures():
    from mcimpact.present import figures
    from mcimpact.present.locale import Locale

    text = SCENARIO.replace('horizon = 3\n', 'horizon = 3\n\n[meta.nouns]\n'
                            'initiative = { de = "Stadtteilbetrieb", nl = "buurtbedrijf" }\n'
                            'domain = { nl = "levensdomein" }\n')
    summary = mcimpact.simulate(parse(text, "drei.toml"), 200, seed=1).summary
    assert summary.labels.nouns == {"initiative": {"de": "Stadtteilbetrieb",
                                                   "nl": "buurtbedrijf"},
                                    "domain": {"nl": "levensdomein"}}
    nl = Locale.get("nl").speaking_of(summary)
    # the catalogue's "Opbrengst per {cur}, per {initiative}" with the scenario's noun
    assert nl.text("figure.forest.title") == "Opbrengst per euro, per buurtbedrijf"
    assert nl.text("figure.by_domain.title") == "Baten per levensdomein"
    # English is not named: the catalogue's words
    assert Locale.get("en").speaking_of(summary).text("report.h.initiatives") == \
        "Per initiative"
    fig = figures.breakdown_chart(summary, "domain", locale=Locale.get("nl"))
    assert fig.get_suptitle() == "Baten per levensdomein"
    # and the terminal's tables
    import io

    from rich.console import Console

    from mcimpact.present import terminal

    console = Console(file=io.StringIO(), width=120, color_system=None)
    terminal.summary(console, summary, locale=Locale.get("nl"))
    text = console.file.getvalue()
    assert "baten per buurtbedrijf (EUR)" in text and "baten per levensdomein (EUR)" in text


@pytest.mark.parametrize(("nouns", "where", "message"), [
    ('sector = { nl = "sector" }', "nouns.sector", "unknown noun 'sector'"),
    ('initiative = { Nederlands = "x" }', "nouns.initiative.Nederlands",
     "is not a language code"),
    ('initiative = { nl = "" }', "nouns.initiative.nl", "a noun is a text that is not empty"),
])
def test_a_bad_noun_is_a_located_problem(nouns, where, message):
    text = SCENARIO.replace('horizon = 3\n', f'horizon = 3\n\n[meta.nouns]\n{nouns}\n')
    with pytest.raises(ScenarioError) as info:
        parse(text, "drei.toml")
    # located: the file's line 8 (the noun's line), entry [meta], the noun's field
    assert [(p.line, p.entry, p.field) for p in info.value.problems] == [(8, "[meta]", where)]
    assert message in info.value.problems[0].message
