"""Scenario workbooks (.xlsx): the TOML ↔ xlsx round trip keeps the data and the results,
problems are located by sheet, row and column, and ``sim --out`` writes the summary tables
(docs/scenario-format.md#spreadsheets, docs/results.md#summary-tables)."""

from __future__ import annotations

import csv
import json
import tomllib
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from typer.testing import CliRunner

from mcimpact.cli import app
from mcimpact.errors import ScenarioError
from mcimpact.readers import formats, xlsx
from mcimpact.readers._writer import dumps
from mcimpact.readers.toml import load, parse
from mcimpact.run.engine import run_deterministic, run_monte_carlo

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
BUNDLED = REPO / "src" / "mcimpact" / "scenarios" / "groningen-noord.toml"
EXAMPLE = REPO / "docs" / "example-scenario.toml"
# Every scenario file of the repository: a key added to the format is in one of them.
SOURCES = [BUNDLED, *sorted((REPO / "docs").rglob("*.toml")), *sorted(DATA.glob("*.toml"))]


def run(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def toml_data(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def assert_same_results(a, b):
    """Every per-draw variable and coordinate of two runs bit for bit."""
    assert sorted(a.data_vars) == sorted(b.data_vars)
    for name in a.variables:
        np.testing.assert_array_equal(a[name].values, b[name].values, err_msg=name)


def problems(path: Path) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        formats.load(path)
    return [str(p) for p in caught.value.problems]


def book(tmp_path: Path, data: dict, name: str = "book.xlsx") -> Path:
    path = tmp_path / name
    xlsx.save(data, path)
    return path


def edit(path: Path, sheet: str, cell: str, value) -> None:
    wb = openpyxl.load_workbook(path)
    wb[sheet][cell] = value
    wb.save(path)


def column_of(path: Path, sheet: str, header: str) -> str:
    ws = openpyxl.load_workbook(path)[sheet]
    for cell in ws[1]:
        if cell.value == header:
            return cell.column_letter
    raise KeyError(header)


# ---------------------------------------------------------------------------------------
# The round trip


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_toml_to_xlsx_to_toml_keeps_the_data(source, tmp_path):
    try:
        load(source)
    except ScenarioError:
        pytest.skip("not a valid scenario (a file of problems for other tests)")
    assert run("convert", str(source), str(tmp_path / "s.xlsx")).exit_code == 0
    assert run("convert", str(tmp_path / "s.xlsx"), str(tmp_path / "s.toml")).exit_code == 0
    # The reference is the source file as tomllib reads it.
    assert toml_data(tmp_path / "s.toml") == toml_data(source)


@pytest.mark.parametrize("source", [BUNDLED, EXAMPLE], ids=lambda p: p.name)
def test_the_round_trip_gives_identical_results(source, tmp_path):
    run("convert", str(source), str(tmp_path / "s.xlsx"))
    run("convert", str(tmp_path / "s.xlsx"), str(tmp_path / "s.toml"))
    original = load(source)
    for other in (formats.load(tmp_path / "s.xlsx"), load(tmp_path / "s.toml")):
        assert_same_results(run_monte_carlo(original, 2_000, seed=11),
                            run_monte_carlo(other, 2_000, seed=11))
        assert_same_results(run_deterministic(original), run_deterministic(other))


def test_numbers_keep_their_exact_value_and_kind(tmp_path):
    data = toml_data(EXAMPLE)
    data["chains"][0]["value"] = 0.1 + 0.2  # 0.30000000000000004: 17 significant digits
    data["chains"][1]["value"] = 1.0  # a float that looks whole stays a float
    data["chains"][2]["value"] = 1 / 3
    data["meta"]["horizon"] = 20
    back, _ = xlsx.read(str(book(tmp_path, data)))
    assert back == data
    assert back["chains"][0]["value"] == 0.1 + 0.2
    assert type(back["chains"][1]["value"]) is float
    assert type(back["meta"]["horizon"]) is int


def test_the_order_of_each_table_is_kept(tmp_path):
    data = toml_data(EXAMPLE)
    first, second = data["initiatives"][:2]
    # Two initiatives name the same activity ids in opposite orders: no column order
    # keeps both, so their tables are written as TOML cells.
    first["activities"] = {"a": "A", "b": "B"}
    second["activities"] = {"b": "B", "a": "A"}
    path = book(tmp_path, data)
    back, _ = xlsx.read(str(path))
    assert list(back["initiatives"][0]["activities"]) == ["a", "b"]
    assert list(back["initiatives"][1]["activities"]) == ["b", "a"]
    headers = [c.value for c in openpyxl.load_workbook(path)["initiatives"][1]]
    assert "activities{}" in headers


def test_text_is_kept_literally(tmp_path):
    data = toml_data(EXAMPLE)
    data["chains"][0]["note"] = "=HYPERLINK(\"x\")"  # text, never a formula
    data["chains"][1]["note"] = "  spaces  and a\nbreak"
    data["chains"][2]["note"] = "#N/A"
    path = book(tmp_path, data)
    back, _ = xlsx.read(str(path))
    assert back == data
    assert openpyxl.load_workbook(path)["chains"]["A2"].data_type == "s"


def test_the_workbook_has_one_sheet_per_table(tmp_path):
    path = tmp_path / "ex.xlsx"
    run("convert", str(EXAMPLE), str(path))
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["meta", "beneficiaries", "scales", "uncertainty", "initiatives",
                             "chains", "correlations", "financing"]
    assert [c.value for c in wb["meta"][1]] == ["key", "value"]
    assert wb["scales"]["A1"].value == "key"  # a table of tables
    chains = [c.value for c in wb["chains"][1]]
    assert {"id", "participants.dist", "profile.shape", "cohorts[]"} <= set(chains)
    initiatives = [c.value for c in wb["initiatives"][1]]
    assert {"costs.2021", "costs.2022"} <= set(initiatives)


def test_keys_outside_tables_comments_and_lists_written_by_hand(tmp_path):
    path = book(tmp_path, toml_data(EXAMPLE))
    wb = openpyxl.load_workbook(path)
    ws = wb["chains"]
    n = ws.max_column
    ws.cell(row=1, column=n + 1, value="# remarks")
    ws.cell(row=2, column=n + 1, value="ignored")
    cohorts = column_of(path, "chains", "cohorts[]")
    ws[f"{cohorts}2"] = 2021  # one number: an array of one
    root = wb.create_sheet("scenario", 0)
    root.append(["key", "value"])
    root.append(["not_a_key", 1])
    wb.save(path)
    found = problems(path)
    assert len(found) == 1
    assert "sheet 'scenario', row 2, column B: field 'not_a_key': unknown key" in found[0]
    wb = openpyxl.load_workbook(path)
    wb.remove(wb["scenario"])
    wb.save(path)
    data, _ = xlsx.read(str(path))
    assert data["chains"][0]["cohorts"] == [2021]
    assert "# remarks" not in data["chains"][0]


def test_a_spreadsheet_loads_wherever_a_scenario_does(tmp_path):
    path = tmp_path / "ex.xlsx"
    run("convert", str(EXAMPLE), str(path))
    result = run("validate", str(path))
    assert result.exit_code == 0 and "OK" in result.output
    result = run("sim", str(path), "--deterministic", "--json")
    want = run("sim", str(EXAMPLE), "--deterministic", "--json")
    got, ref = json.loads(result.stdout), json.loads(want.stdout)
    assert got["multiplier"] == ref["multiplier"]


# ---------------------------------------------------------------------------------------
# Located problems


def test_a_bad_value_is_located_by_sheet_row_column_and_entry(tmp_path):
    data = toml_data(EXAMPLE)
    path = book(tmp_path, data)
    col = column_of(path, "chains", "success_probability")
    row = next(n for n, c in enumerate(data["chains"], start=2)
               if isinstance(c.get("success_probability"), str))
    edit(path, "chains", f"{col}{row}", 1.4)
    chain_id = data["chains"][row - 2]["id"]
    found = problems(path)
    assert len(found) == 1
    assert found[0].startswith(f"{path}: sheet 'chains', row {row} (id '{chain_id}'), "
                               f"column {col}: field 'success_probability': ")


def test_an_unknown_column_is_located_at_its_header_cell_row(tmp_path):
    path = book(tmp_path, toml_data(EXAMPLE))
    wb = openpyxl.load_workbook(path)
    ws = wb["initiatives"]
    ws.cell(row=1, column=ws.max_column + 1, value="colour")
    ws.cell(row=3, column=ws.max_column, value="red")
    wb.save(path)
    found = problems(path)
    assert len(found) == 1 and "sheet 'initiatives', row 3" in found[0]
    assert "unknown key 'colour'" in found[0]


def test_a_missing_sheet_and_a_missing_field(tmp_path):
    data = toml_data(EXAMPLE)
    del data["chains"]
    data["initiatives"][0].pop("name")
    found = problems(book(tmp_path, data))
    assert any("workbook: no sheet 'chains'" in p for p in found)
    assert any("sheet 'initiatives', row 2 (id 'selwerd'): field 'name': missing" in p
               for p in found)


@pytest.mark.parametrize(("header", "message"), [
    ("participants x", "is not a key"),
    ("id", "also in column A"),
])
def test_a_bad_header_is_located(tmp_path, header, message):
    path = book(tmp_path, toml_data(EXAMPLE))
    wb = openpyxl.load_workbook(path)
    ws = wb["chains"]
    ws.cell(row=1, column=ws.max_column + 1, value=header)
    ws.cell(row=2, column=ws.max_column, value=1)
    wb.save(path)
    found = problems(path)
    assert any("sheet 'chains', row 1, column" in p and message in p for p in found), found


def test_a_value_and_a_table_for_one_key_conflict(tmp_path):
    data = toml_data(EXAMPLE)
    path = book(tmp_path, data)
    n = next(k for k, c in enumerate(data["chains"]) if isinstance(c["participants"], dict))
    edit(path, "chains", f"{column_of(path, 'chains', 'participants')}{n + 2}", 12)
    found = problems(path)
    assert any(f"sheet 'chains', row {n + 2}, column" in p and "give one of them" in p
               for p in found), found


def test_cells_that_hold_no_value(tmp_path):
    path = book(tmp_path, toml_data(EXAMPLE))
    wb = openpyxl.load_workbook(path)
    col = column_of(path, "initiatives", "costs.2021")
    wb["initiatives"][f"{col}2"] = "=1+1"  # a formula never computed by a spreadsheet
    wb["initiatives"][f"{col}3"] = "#DIV/0!"  # a spreadsheet error
    wb.save(path)
    found = problems(path)
    assert any(f"row 2, column {col}: a formula without a saved value" in p for p in found)
    assert any(f"row 3, column {col}: the cell holds the spreadsheet error" in p
               for p in found)


def test_an_unreadable_cell_comes_with_every_other_problem_of_the_workbook(tmp_path):
    """issue 22, point 5: a spreadsheet error no longer hides the other cells' problems.
    A chain's value (required) holds #REF!, another chain's success probability is 1.4
    (found by the second pass, which the missing value would have kept from running);
    a cost holds a formula never computed while the horizon is text (a schema problem)."""
    data = toml_data(EXAMPLE)
    path = book(tmp_path, data)
    value, prob = column_of(path, "chains", "value"), column_of(path, "chains",
                                                                 "success_probability")
    labelled = next(n for n, c in enumerate(data["chains"], start=2)
                    if isinstance(c.get("success_probability"), str))
    other = 2 if labelled != 2 else 3
    edit(path, "chains", f"{value}{other}", "#REF!")
    edit(path, "chains", f"{prob}{labelled}", 1.4)
    found = problems(path)
    ids = {n: c["id"] for n, c in enumerate(data["chains"], start=2)}
    assert found == [
        f"{path}: sheet 'chains', row {other}, column {value}: the cell holds the "
        "spreadsheet error '#REF!'",
        f"{path}: sheet 'chains', row {labelled} (id '{ids[labelled]}'), column {prob}: "
        "field 'success_probability': expected a number in [0, 1], got 1.4",
    ]

    path = book(tmp_path, data, "second.xlsx")
    wb = openpyxl.load_workbook(path)
    cost = column_of(path, "initiatives", "costs.2021")
    wb["initiatives"][f"{cost}2"] = "=1+1"
    horizon = next(r for r in range(2, 20) if wb["meta"][f"A{r}"].value == "horizon")
    wb["meta"][f"B{horizon}"] = "twenty"
    wb.save(path)
    assert problems(path) == [
        f"{path}: sheet 'initiatives', row 2, column {cost}: a formula without a saved "
        "value ('=1+1'); open the workbook in a spreadsheet program and save it",
        f"{path}: sheet 'meta', row {horizon}, column B: field 'horizon': input should be "
        "a valid integer, got 'twenty'",
    ]


def test_a_date_cell_is_refused_where_it_is(tmp_path):
    import datetime

    path = book(tmp_path, toml_data(EXAMPLE))
    col = column_of(path, "meta", "value")
    edit(path, "meta", f"{col}2", datetime.datetime(2021, 1, 1))
    found = problems(path)
    assert any("sheet 'meta', row 2, column B: field 'name': no field of a scenario takes "
               "a date" in p for p in found), found


def test_a_file_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"id,name\n")
    assert problems(path) == [f"{path}: not an .xlsx workbook (an Office Open XML "
                              "spreadsheet); save it as 'Excel Workbook (.xlsx)'"]
    assert problems(tmp_path / "none.xlsx") == [f"{tmp_path / 'none.xlsx'}: no such file"]


def test_a_workbook_that_unpacks_too_large_is_refused(tmp_path, monkeypatch):
    path = book(tmp_path, toml_data(EXAMPLE))
    monkeypatch.setattr(xlsx, "MAX_UNPACKED_BYTES", 1000)
    assert "MAX_UNPACKED_BYTES" in problems(path)[0]


def test_the_cli_reports_problems_with_exit_2_and_no_traceback(tmp_path):
    data = toml_data(EXAMPLE)
    data["chains"][0]["domain"] = "nergens"
    chain_id = data["chains"][0]["id"]
    path = book(tmp_path, data)
    result = run("sim", str(path), "-n", "200", "--out", str(tmp_path / "r.nc"))
    assert result.exit_code == 2
    assert f"sheet 'chains', row 2 (id '{chain_id}')" in result.output
    assert "unknown domain 'nergens'" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "r.nc").exists()


# ---------------------------------------------------------------------------------------
# convert's targets


def test_convert_refuses_a_target_before_any_work(tmp_path):
    target = tmp_path / "s.xlsx"
    target.write_text("old")
    result = run("convert", str(EXAMPLE), str(target))
    assert result.exit_code == 2 and "exists" in result.output
    assert target.read_text() == "old"
    result = run("convert", str(EXAMPLE), str(tmp_path / "s.json"))
    assert result.exit_code == 2 and "unknown output format '.json'" in result.output
    assert run("convert", str(EXAMPLE), str(target), "--force").exit_code == 0
    assert formats.load(target).meta.name == load(EXAMPLE).meta.name


def test_convert_of_a_bad_scenario_writes_nothing(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(EXAMPLE.read_text(encoding="utf-8").replace(
        "start_year = 2021", "start_year = 1800"), encoding="utf-8")
    result = run("convert", str(bad), str(tmp_path / "s.xlsx"))
    assert result.exit_code == 2 and f"{bad}:" in result.output
    assert list(tmp_path.iterdir()) == [bad]


def test_text_a_spreadsheet_cannot_hold_is_refused(tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        'name = "Voorbeeld: twee wijkbedrijven"', 'name = "Voor\\u0001beeld"')
    source = tmp_path / "ctl.toml"
    source.write_text(text, encoding="utf-8")
    result = run("convert", str(source), str(tmp_path / "s.xlsx"))
    assert result.exit_code == 2
    assert "sheet 'meta', row 2, column B" in result.output and "U+0001" in result.output
    assert not (tmp_path / "s.xlsx").exists()


def test_the_toml_of_a_workbook_is_what_is_simulated(tmp_path):
    path = tmp_path / "ex.xlsx"
    run("convert", str(EXAMPLE), str(path))
    scenario = formats.load(path)
    assert scenario.text.startswith(xlsx.HEADER)
    # A results file keeps this text; the TOML reader reads it back as the same scenario.
    again = parse(scenario.text, "again.toml")
    assert_same_results(run_deterministic(scenario), run_deterministic(again))
    assert tomllib.loads(dumps(toml_data(EXAMPLE))) == toml_data(EXAMPLE)


# ---------------------------------------------------------------------------------------
# The summary tables


def test_sim_writes_the_summary_tables_as_a_workbook(tmp_path):
    target = tmp_path / "summary.xlsx"
    result = run("sim", str(EXAMPLE), "-n", "2000", "--seed", "3", "--out", str(target))
    assert result.exit_code == 0 and f"summary tables written to {target}" in result.output
    ref = json.loads(run("sim", str(EXAMPLE), "-n", "2000", "--seed", "3",
                         "--json").stdout)
    wb = openpyxl.load_workbook(target)
    assert {"headline", "benefits_by_initiative", "benefits_by_domain", "cost_claim_by_domain",
            "break_even_by_year", "comparisons", "about"} <= set(wb.sheetnames)
    head = [c.value for c in wb["headline"][1]]
    rows = {r[0]: dict(zip(head, r, strict=True))
            for r in wb["headline"].iter_rows(min_row=2, values_only=True)}
    assert list(rows) == list(ref["financing"])
    for fid, block in ref["financing"].items():
        # The reference: the JSON summary of the same run (same seed and draws).
        assert rows[fid]["multiplier.mean"] == block["multiplier"]["mean"]
        assert rows[fid]["multiplier.p5"] == block["multiplier"]["p5"]
        assert rows[fid]["break_even_year.p_never"] == block["break_even_year"]["p_never"]
    by_domain = list(wb["benefits_by_domain"].iter_rows(min_row=2, values_only=True))
    assert len(by_domain) == len(ref["financing"]) * len(ref["labels"]["domain"])
    comparison = [c.value for c in wb["comparisons"][2]]
    assert comparison[:2] == [ref["comparisons"][0]["a"], ref["comparisons"][0]["b"]]


def test_sim_writes_the_headline_as_csv_with_formulas_defused(tmp_path):
    source = tmp_path / "s.toml"
    source.write_text(EXAMPLE.read_text(encoding="utf-8").replace(
        'name = "Alleen 2021-2022"', 'name = "=Alleen"'), encoding="utf-8")
    target = tmp_path / "summary.csv"
    assert run("sim", str(source), "--deterministic", "--out", str(target), "-q"
               ).exit_code == 0
    with open(target, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    ref = json.loads(run("sim", str(source), "--deterministic", "--json").stdout)
    assert [r["financing"] for r in rows] == list(ref["financing"])
    assert rows[0]["name"] == "'=Alleen"
    assert float(rows[0]["multiplier"]) == ref["financing"]["basis"]["multiplier"]


def test_an_existing_summary_target_is_refused_before_the_run(tmp_path):
    target = tmp_path / "summary.xlsx"
    target.write_text("old")
    result = run("sim", str(EXAMPLE), "-n", "200", "--out", str(target))
    assert result.exit_code == 2 and "exists" in result.output
    assert target.read_text() == "old"


# ---------------------------------------------------------------------------------------
# Keys of the SROI and MKBA forms: named unit values and libraries, ranges, uncertain
# costs, time conventions

LIBRARY = '''
[values.gp-visit]
value = { dist = "lognormal", mean = 39, sd = 8 }
source = "Unit Costs of Health and Social Care 2021"
year = 2021
'''
VALUES = '''
[values.wellbeing-year]
value = { low = 700, high = 1500, confidence = 0.9 }
source = "Wellbeing valuation, illustrative"
year = 2024
unit = "per person per year"
'''


def sroi_source(tmp_path: Path) -> Path:
    """The sroi starter with named values from the scenario and a library, a workshop
    range and an uncertain cost."""
    (tmp_path / "library.toml").write_text(LIBRARY, encoding="utf-8")
    text = formats.template("sroi").text
    for old, new in [
        ("costs = { 2025 = 50000 }",
         'costs = { 2025 = { dist = "pert", min = 45000, mode = 50000, max = 65000 } }'),
        ("value = 1200  ", 'value = "wellbeing-year"  '),
        ('value = { dist = "triangular", min = 100, mode = 180, max = 300 }',
         'value = "gp-visit"'),
    ]:
        assert text.count(old) == 1
        text = text.replace(old, new)
    source = tmp_path / "sroi.toml"
    source.write_text('include_values = "library.toml"\n' + text + VALUES, encoding="utf-8")
    return source


def test_values_libraries_ranges_and_uncertain_costs_round_trip(tmp_path):
    source = sroi_source(tmp_path)
    original = load(source)
    assert [v.name for v in original.values] == ["gp-visit", "wellbeing-year"]
    assert [c["value"] for c in toml_data(source)["chains"]][::2] == ["wellbeing-year",
                                                                      "gp-visit"]
    assert run("convert", str(source), str(tmp_path / "s.xlsx")).exit_code == 0
    wb = openpyxl.load_workbook(tmp_path / "s.xlsx")
    assert wb.sheetnames[0] == "scenario"  # include_values, outside any table
    assert wb["values"]["A1"].value == "key"  # a row per named value
    assert run("convert", str(tmp_path / "s.xlsx"), str(tmp_path / "back.toml")).exit_code == 0
    assert toml_data(tmp_path / "back.toml") == toml_data(source)
    # The library is found beside the workbook, as beside the TOML file.
    assert_same_results(run_monte_carlo(original, 2_000, seed=5),
                        run_monte_carlo(formats.load(tmp_path / "s.xlsx"), 2_000, seed=5))


# ---------------------------------------------------------------------------------------
# Hostile workbooks

_HOSTILE_CELLS = [
    None, 0, -1, 2**70, -(2**63) - 1, 1e308, -0.0, 5e-324, True, False, "", " ", "x",
    "=1+1", "=A1", "#DIV/0!", "#N/A", "a = 1", "a\nb = 2", "[[[[[[[[[[", "{", "[]", "{}",
    "participants.dist", "x[]", "y{}", '"', "'", "\x1b[31mred", "\u202eevil", "😀",
    "2021, 2022", "[1, {dist = 1}]", "laag", "1e999", "a." * 40 + "b",
]


def _mutant(tmp_path: Path, sheet: int, row: int, column: int, value) -> Path:
    import datetime

    path = tmp_path / "m.xlsx"
    xlsx.save(toml_data(EXAMPLE), path)
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[sheet % len(wb.worksheets)]
    if value == "<date>":
        value = datetime.datetime(2021, 1, 1)
    ws.cell(row=row, column=column, value=value)
    wb.save(path)
    return path


def test_hostile_cells_give_located_problems_never_a_crash(tmp_path, capsys):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from mcimpact.cli import main

    @settings(max_examples=25, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.integers(0, 7), st.integers(1, 8), st.integers(1, 40),
           st.sampled_from([*_HOSTILE_CELLS, "<date>"]))
    def check(sheet, row, column, value):
        path = _mutant(tmp_path, sheet, row, column, value)
        code = main(["validate", str(path)])
        captured = capsys.readouterr()
        assert code in (0, 2), captured.err
        assert "Traceback" not in captured.out + captured.err
        if code == 2:
            assert f"{path}: " in captured.err

    check()


def test_a_header_is_a_key_not_toml_text(tmp_path):
    for text in ("a = 0 #", "a..b", "a b", "x = 1\n[t]\ny"):
        got = xlsx._key_path(text)
        assert isinstance(got, str) and "is not a key" in got
    assert xlsx._key_path('labels."zeer hoog"') == (("labels", "zeer hoog"), "")
    assert xlsx._key_path("cohorts []") == (("cohorts",), "[]")


def test_convert_says_which_empty_texts_a_workbook_leaves_out(tmp_path):
    source = tmp_path / "e.toml"
    source.write_text(EXAMPLE.read_text(encoding="utf-8").replace(
        'description = "Illustrative scenario that uses every field of the format."',
        'description = ""', 1), encoding="utf-8")
    result = run("convert", str(source), str(tmp_path / "e.xlsx"))
    assert result.exit_code == 0
    assert "empty text is an empty cell, a key not given: meta.description" in result.output
    assert "description" not in toml_data_of(tmp_path / "e.xlsx")["meta"]


def toml_data_of(path: Path) -> dict:
    return xlsx.read(str(path))[0]


def test_a_workbook_made_by_hand_reads_as_the_same_scenario_in_toml(tmp_path):
    """An analyst's own workbook, laid out as docs/scenario-format.md#spreadsheets says
    (not written by mcimpact): the reference is the same scenario typed as TOML."""
    wb = openpyxl.Workbook()
    meta = wb.active
    meta.title = "meta"
    for row in (["key", "value", "# why"], ["name", "Meals", "shown in outputs"],
                ["currency", "GBP"], ["start_year", 2023], ["horizon", 5],
                ["time_convention", "sroi"], ["discount_rate", 0.035]):
        meta.append(row)
    groups = wb.create_sheet("beneficiaries")
    for row in (["id", "en"], ["users", "Service users"], ["council", "County council"]):
        groups.append(row)
    ini = wb.create_sheet("initiatives")
    for row in (["id", "name", "costs.2023", "activities.delivery"],
                ["meals", "Community meals", 48000, "Meal delivery"]):
        ini.append(row)
    chains = wb.create_sheet("chains")
    for row in (
        ["id", "initiative", "activity", "beneficiary", "participants", "value",
         "profile.shape", "profile.duration", "adjustments.deadweight",
         "adjustments.deadweight.dist", "adjustments.deadweight.min",
         "adjustments.deadweight.max", "adjustments.attribution"],
        ["wellbeing", "meals", "delivery", "users", 60, 450, "constant", 2, None,
         "uniform", 0.1, 0.3, 0.2],
        ["care-home", "meals", "delivery", "council", 3, 12000, "one-off", None, 0.4,
         None, None, None, 0.3],
    ):
        chains.append(row)
    wb.create_sheet("Sheet2")  # an empty sheet is ignored
    wb.save(tmp_path / "meals.xlsx")
    (tmp_path / "meals.toml").write_text("""
[meta]
name = "Meals"
currency = "GBP"
start_year = 2023
horizon = 5
time_convention = "sroi"
discount_rate = 0.035

[[beneficiaries]]
id = "users"
en = "Service users"

[[beneficiaries]]
id = "council"
en = "County council"

[[initiatives]]
id = "meals"
name = "Community meals"
costs = { 2023 = 48000 }
activities = { delivery = "Meal delivery" }

[[chains]]
id = "wellbeing"
initiative = "meals"
activity = "delivery"
beneficiary = "users"
participants = 60
value = 450
profile = { shape = "constant", duration = 2 }
adjustments = { deadweight = { dist = "uniform", min = 0.1, max = 0.3 }, attribution = 0.2 }

[[chains]]
id = "care-home"
initiative = "meals"
activity = "delivery"
beneficiary = "council"
participants = 3
value = 12000
profile = { shape = "one-off" }
adjustments = { deadweight = 0.4, attribution = 0.3 }
""", encoding="utf-8")
    data, _ = xlsx.read(str(tmp_path / "meals.xlsx"))
    assert data == toml_data(tmp_path / "meals.toml")
    assert_same_results(run_monte_carlo(formats.load(tmp_path / "meals.xlsx"), 1_000, seed=2),
                        run_monte_carlo(load(tmp_path / "meals.toml"), 1_000, seed=2))


def test_the_summary_tables_hold_every_figure_of_a_financing_scenario():
    import dataclasses

    from mcimpact.analysis.types import FinancingSummary
    from mcimpact.present import workbook

    # The figures the JSON has (name and the histogram are not figures of the tables): a
    # field added to FinancingSummary must be laid out by the workbook too.
    fields = {f.name for f in dataclasses.fields(FinancingSummary)}
    assert set(workbook.FIGURES) == fields - {"name", "multiplier_histogram"}


@pytest.mark.parametrize("deterministic", [False, True])
def test_the_summary_tables_are_the_figures_of_the_json(deterministic):
    import mcimpact
    from mcimpact.present import workbook

    summary = mcimpact.simulate(load(DATA / "two-financing.toml"), 500, seed=2,
                                deterministic=deterministic).summary
    made = workbook.tables(summary)
    data = summary.to_json()  # source: the JSON summary (docs/json-schema.md)
    header, rows = made["headline"]
    assert header[:2] == ["financing", "name"]
    headline = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    for fid, block in data["financing"].items():
        for key in ("multiplier", "net_benefit", "benefits_total", "costs_total"):
            if deterministic:
                assert headline[fid][key] == block[key]
            else:
                for stat, value in block[key].items():
                    assert headline[fid][f"{key}.{stat}"] == value
        sheet_header, sheet_rows = made["benefits_by_initiative"]
        by_id = {(r[0], r[1]): dict(zip(sheet_header, r, strict=True)) for r in sheet_rows}
        for iid, figure in block["benefits_by_initiative"].items():
            cells = by_id[fid, iid]
            assert cells["name"] == data["labels"]["initiative"][iid]
            if deterministic:
                assert cells["value"] == figure
            else:
                assert {k: cells[k] for k in figure} == figure
    assert made["about"][1][:3] == [["scenario.name", data["scenario"]["name"]],
                                    ["scenario.path", data["scenario"]["path"]],
                                    ["scenario.sha256", data["scenario"]["sha256"]]]


def test_a_figure_that_is_not_defined_is_an_empty_cell(tmp_path):
    import dataclasses
    import math

    import mcimpact
    from mcimpact.present import workbook

    summary = mcimpact.simulate(load(DATA / "two-financing.toml"), 500, seed=2).summary
    ref = summary.ref
    nan = dataclasses.replace(ref, multiplier=dataclasses.replace(ref.multiplier,
                                                                  p95=math.nan))
    summary = dataclasses.replace(summary, financing={**summary.financing,
                                                      summary.reference: nan})
    workbook.write(summary, tmp_path / "s.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "s.xlsx")
    head = [c.value for c in wb["headline"][1]]
    row = [c.value for c in wb["headline"][2]]
    assert row[head.index("multiplier.p95")] is None  # NaN: an empty cell
    assert row[head.index("multiplier.p5")] == ref.multiplier.p5
    assert wb["benefits_by_year"]["B2"].value == 2024  # a year is a number
