"""Breakdowns by tag: the stored neighbourhood and the user's tags on initiatives (inherited
by their chains) and chains (overriding) give breakdowns of the benefits with intervals,
like the built-in groups (docs/scenario-format.md#tags)."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

import mcimpact
from mcimpact.errors import ScenarioError
from mcimpact.model.scenario import UNTAGGED
from mcimpact.readers.toml import parse

# Three chains with constant profiles of a fixed duration inside the horizon, so that a
# chain's total benefits per draw are N · p · δ · v · cohorts · duration (no discounting,
# no adjustments), and its mean the product of the inputs' means (independent inputs).
TAGGED = """
[meta]
name = "Tagged"
start_year = 2021
horizon = 10

[[initiatives]]
id = "noord"
name = "Noord"
neighbourhood = "Selwerd"
costs = { 2021 = 100000 }
activities = { werk = "Werk", zorg = "Zorg" }
tags = { theme = "werk" }

[[initiatives]]
id = "zuid"
name = "Zuid"
costs = { 2021 = 50000, 2022 = 50000 }
activities = { buurt = "Buurt" }

[[chains]]
id = "a"
initiative = "noord"
activity = "werk"
beneficiary = "deelnemers"
domain = "meedoen"
participants = 40
success_probability = "middel"
effect_size = "laag-middel"
value = 2000
profile = { shape = "constant", duration = 3 }

[[chains]]
id = "b"
initiative = "noord"
activity = "zorg"
beneficiary = "overheid"
domain = "gezondheid"
participants = 25
success_probability = "hoog"
effect_size = "middel"
value = 1500
profile = { shape = "constant", duration = 2 }
tags = { theme = "zorg", funder = "gemeente" }

[[chains]]
id = "c"
initiative = "zuid"
activity = "buurt"
beneficiary = "wijkbewoners"
domain = "samen-leven"
participants = 60
success_probability = "laag-middel"
effect_size = "middel"
value = 800
profile = { shape = "constant", duration = 4 }
tags = { neighbourhood = "Oosterpark", funder = "gemeente" }
"""

# The labels' values (docs/scenario-format.md, the default scale) and each chain's
# (participants, slagingskans, delta, value, cohorts · duration).
LABEL = {"laag-middel": 0.35, "middel": 0.50, "hoog": 0.80}
CHAINS = {
    "a": (40, LABEL["middel"], LABEL["laag-middel"], 2000, 1 * 3),
    "b": (25, LABEL["hoog"], LABEL["middel"], 1500, 1 * 2),
    "c": (60, LABEL["laag-middel"], LABEL["middel"], 800, 2 * 4),
}
# The members each chain falls in, per tag key, as the docs define them.
MEMBERS = {
    "neighbourhood": {"Selwerd": ["a", "b"], "Oosterpark": ["c"]},
    "theme": {"werk": ["a"], "zorg": ["b"], UNTAGGED: ["c"]},
    "funder": {"gemeente": ["b", "c"], UNTAGGED: ["a"]},
}


def closed_form(chain: str) -> float:
    n, p, d, v, years = CHAINS[chain]
    return n * p * d * v * years


@pytest.fixture(scope="module")
def scenario():
    return parse(TAGGED, "tagged.toml")


def test_chains_inherit_the_initiative_tags_and_override_them(scenario):
    tags = {c.id: dict(c.tags) for c in scenario.chains}
    assert tags == {"a": {"neighbourhood": "Selwerd", "theme": "werk"},
                    "b": {"neighbourhood": "Selwerd", "theme": "zorg", "funder": "gemeente"},
                    "c": {"neighbourhood": "Oosterpark", "funder": "gemeente"}}
    assert dict(scenario.tag_members) == {k: tuple(v) for k, v in MEMBERS.items()}


def test_deterministic_tag_breakdown_is_the_sum_of_its_chains_closed_forms(scenario):
    s = mcimpact.simulate(scenario, deterministic=True).summary
    for key, members in MEMBERS.items():
        got = s.ref.benefits_by_tag[key]
        assert list(got) == list(members)
        for member, chains in members.items():
            want = sum(closed_form(c) for c in chains)
            assert got[member].mean == pytest.approx(want, rel=1e-12), (key, member)


def test_monte_carlo_tag_means_match_the_chains_means_within_4_mcse(scenario):
    n = 40_000
    s = mcimpact.simulate(scenario, n, seed=11).summary
    for key, members in MEMBERS.items():
        for member, chains in members.items():
            d = s.ref.benefits_by_tag[key][member]
            want = sum(closed_form(c) for c in chains)  # E of a product of independents
            assert abs(d.mean - want) < 4 * d.sd / math.sqrt(n), (key, member)
            assert d.p5 < want < d.p95  # an interval, as for the built-in groups


def test_tag_members_are_the_sums_of_their_chains_per_draw_from_the_kept_inputs(scenario):
    r = mcimpact.simulate(scenario, 2_000, seed=5, keep_draws=True, keep_inputs=True)
    ds = r.dataset
    inputs = ds["inputs"].values  # (draw, chain, input): N, p, δ, v first
    chain_ids = [str(c) for c in ds["chain"].values]
    per_chain = {c: inputs[:, k, 0] * inputs[:, k, 1] * inputs[:, k, 2] * inputs[:, k, 3]
                 * CHAINS[c][4] for k, c in enumerate(chain_ids)}
    tags = ds["benefits_by_tag"].isel(financing=0)
    for key, members in MEMBERS.items():
        for member, chains in members.items():
            col = tags.sel(tag=f"{key}={member}")
            assert str(col["tag_key"].values) == key
            assert str(col["tag_value"].values) == member
            want = sum(per_chain[c] for c in chains)
            np.testing.assert_allclose(col.values, want, rtol=1e-12)


def test_members_of_every_tag_partition_the_total_benefits_per_draw(scenario):
    ds = mcimpact.simulate(scenario, 3_000, seed=2, keep_draws=True).dataset
    total = ds["benefits_total"].values
    for key in MEMBERS:
        part = ds["benefits_by_tag"].where(ds["tag_key"] == key, drop=True).sum("tag")
        np.testing.assert_allclose(part.values, total, rtol=1e-12)


def test_json_has_the_tag_breakdown_only_where_tags_exist(scenario):
    tagged = mcimpact.simulate(scenario, deterministic=True).summary.to_json()
    assert set(tagged["benefits_by_tag"]) == set(MEMBERS)
    assert tagged["financing"]["base"]["benefits_by_tag"] == tagged["benefits_by_tag"]
    plain = parse(TAGGED.replace('neighbourhood = "Selwerd"\n', "")
                  .replace('tags = { theme = "werk" }\n', "")
                  .replace('tags = { theme = "zorg", funder = "gemeente" }\n', "")
                  .replace('tags = { neighbourhood = "Oosterpark", funder = "gemeente" }\n',
                           ""), "plain.toml")
    assert plain.tag_members == ()
    out = mcimpact.simulate(plain, deterministic=True).summary.to_json()
    assert "benefits_by_tag" not in out
    assert "benefits_by_tag" not in out["financing"]["base"]


def test_groningen_neighbourhoods_partition_the_deterministic_total():
    # The bundled scenario's initiatives each give a neighbourhood (the report's wijken);
    # two initiatives share the Indische Buurt.
    sc = mcimpact.load()
    s = json.loads(json.dumps(mcimpact.simulate(sc, deterministic=True).summary.to_json()))
    by = s["benefits_by_tag"]["neighbourhood"]
    assert list(by) == ["Indische Buurt", "Selwerd", "De Hoogte", "Vinkhuizen"]
    assert sum(by.values()) == pytest.approx(s["benefits_total"], rel=1e-12)
    per_initiative = s["benefits_by_initiative"]
    for name, value in by.items():
        ids = [i.id for i in sc.initiatives if i.neighbourhood == name]
        assert value == pytest.approx(sum(per_initiative[i] for i in ids), rel=1e-12)


def problems_of(text: str):
    with pytest.raises(ScenarioError) as info:
        parse(text, "bad.toml")
    return info.value.problems


@pytest.mark.parametrize(("old", "new", "message"), [
    ('tags = { theme = "werk" }', "tags = { theme = 3 }", "valid string"),
    ('tags = { theme = "werk" }', 'tags = { theme = { a = "b" } }', "valid string"),
    ('tags = { theme = "werk" }', 'tags = { "The Theme" = "werk" }', "must match"),
    ('tags = { theme = "werk" }', 'tags = { theme = "  " }', "non-empty"),
    ('tags = { theme = "werk" }', f'tags = {{ theme = "{UNTAGGED}" }}', "without the tag"),
    ('tags = { theme = "werk" }', 'tags = { neighbourhood = "Noord" }', "give it once"),
    ('tags = { theme = "werk" }', 'tags = "werk"', "table"),
])
def test_an_unknown_tag_form_is_a_located_error(old, new, message):
    problems = problems_of(TAGGED.replace(old, new))
    assert len(problems) == 1
    p = problems[0]
    assert message in p.message
    assert p.file == "bad.toml"
    assert p.line == TAGGED.splitlines().index(old) + 1
    assert p.entry == "initiatives[0] (id 'noord')"
    assert p.field is not None and p.field.startswith("tags")


def test_a_bad_chain_tag_names_the_chain():
    old = 'tags = { theme = "zorg", funder = "gemeente" }'
    p, = problems_of(TAGGED.replace(old, 'tags = { theme = "zorg", funder = 1 }'))
    assert p.entry == "chains[1] (id 'b')"
    assert p.field == "tags.funder"
    assert p.line == TAGGED.splitlines().index(old) + 1


def test_cli_refuses_a_bad_tag_with_exit_2_and_no_traceback(tmp_path):
    from typer.testing import CliRunner

    from mcimpact.cli import app

    path = tmp_path / "bad.toml"
    path.write_text(TAGGED.replace('tags = { theme = "werk" }', "tags = { theme = 3 }"),
                    encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "tags.theme" in result.output


def sim_output(tmp_path, text: str, *args: str) -> str:
    from typer.testing import CliRunner

    from mcimpact.cli import app

    path = tmp_path / "tagged.toml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["sim", str(path), "--deterministic", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_terminal_shows_a_table_per_tag_with_the_untagged_member_in_its_language(tmp_path):
    en = sim_output(tmp_path, TAGGED, "--lang", "en")
    nl = sim_output(tmp_path, TAGGED, "--lang", "nl")
    assert "benefits by theme" in en and "benefits by funder" in en
    assert "baten per theme" in nl and "baten per funder" in nl
    assert "(untagged)" in en and "(untagged)" not in nl and "(zonder tag)" in nl
    # theme: c alone is untagged, 60 · 0.35 · 0.5 · 800 · 8 = 67,200 (closed_form).
    assert closed_form("c") == 67_200
    line = next(x for x in en.splitlines() if x.startswith("(untagged)"))
    assert "67,200" in line
    # The neighbourhood repeats the initiatives: the terminal leaves it to --json.
    assert "by neighbourhood" not in en


def test_terminal_shows_a_tag_value_literally(tmp_path):
    text = TAGGED.replace('theme = "werk"', 'theme = "[bold]werk\\u001b[31m"')
    out = sim_output(tmp_path, text, "--lang", "en")
    assert "[bold]werk" in out
    assert "\x1b" not in out


def test_the_summary_workbook_has_a_row_per_tag_value(scenario):
    from mcimpact.present.workbook import tables

    summary = mcimpact.simulate(scenario, deterministic=True).summary
    header, rows = tables(summary)["benefits_by_tag"]
    assert header == ["financing", "tag", "tag_value", "value"]
    got = {(tag, member): value for _, tag, member, value in rows}
    want = {(key, member): sum(closed_form(c) for c in chains)
            for key, members in MEMBERS.items() for member, chains in members.items()}
    assert got.keys() == want.keys()
    for k, value in want.items():
        assert got[k] == pytest.approx(value, rel=1e-12)


def report_html(scenario, lang: str) -> str:
    from mcimpact.present import report
    from mcimpact.present.locale import Locale

    summary = mcimpact.simulate(scenario, 2_000, seed=3).summary
    return report.render(report.context(scenario, summary, None, None,
                                        locale=Locale.get(lang)))


def test_the_report_has_a_table_per_tag_in_its_language(scenario):
    en = report_html(scenario, "en")
    assert "Benefits by theme" in en and "Benefits by funder" in en
    assert "Benefits by neighbourhood" in en and "(untagged)" in en
    nl = report_html(scenario, "nl")
    assert "Baten per wijk" in nl and "(zonder tag)" in nl and "(untagged)" not in nl


def test_the_report_escapes_a_tag_value():
    text = TAGGED.replace('theme = "werk"', 'theme = "<b>werk</b>"')
    html = report_html(parse(text, "t.toml"), "en")
    assert "&lt;b&gt;werk&lt;/b&gt;" in html
    assert "<b>werk" not in html


def test_tags_survive_the_spreadsheet_round_trip_and_a_bad_cell_is_located(tmp_path):
    from typer.testing import CliRunner

    from mcimpact.cli import app

    source = tmp_path / "tagged.toml"
    source.write_text(TAGGED, encoding="utf-8")
    book, back = tmp_path / "tagged.xlsx", tmp_path / "back.toml"
    runner = CliRunner()
    assert runner.invoke(app, ["convert", str(source), str(book)]).exit_code == 0
    assert runner.invoke(app, ["convert", str(book), str(back)]).exit_code == 0
    again = mcimpact.load(back)
    assert [c.tags for c in again.chains] == [c.tags for c in parse(TAGGED).chains]

    import openpyxl

    wb = openpyxl.load_workbook(book)
    sheet = wb["chains"]
    header = [cell.value for cell in sheet[1]]
    column = header.index("tags.funder") + 1
    sheet.cell(row=3, column=column, value=7)  # chain b's funder: a number
    wb.save(book)
    result = runner.invoke(app, ["validate", str(book)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    letter = openpyxl.utils.get_column_letter(column)
    assert f"sheet 'chains', row 3 (id 'b'), column {letter}" in result.output


def test_a_written_dataset_gives_back_the_same_tag_breakdown(scenario, tmp_path):
    import xarray as xr

    from mcimpact.analysis.summaries import summarize

    path = tmp_path / "out.nc"
    run = mcimpact.simulate(scenario, 3_000, seed=4, out=path)
    with xr.open_dataset(path, engine="h5netcdf") as ds:
        assert [str(x) for x in ds["tag_value"].values] == [
            m for members in MEMBERS.values() for m in members]
        again = summarize(ds.load())
    assert again.ref.benefits_by_tag == run.summary.ref.benefits_by_tag
