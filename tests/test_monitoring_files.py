"""Monitoring files as spreadsheets save them (docs/monitoring.md, "The monitoring file"
and "Problems in the file"): a semicolon CSV with decimal commas, as a Dutch Excel
writes it, is read; every problem of a file comes in one pass, each with its line and
column. The files are written here by hand, byte for byte."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import INITIATIVE, META, chain, toml
from mcimpact.errors import ScenarioError
from mcimpact.readers import monitoring
from mcimpact.readers.toml import load, parse

ROOT = Path(__file__).resolve().parents[1]
# c1: every input can learn (a label is a Beta, a plain count of 100 > 1/0.2² a negative
# binomial); c2: its success probability is fixed at 0.4.
MODEL = parse(toml(META, [INITIATIVE], [
    chain(id="c1", participants=100, success_probability="middel", effect_size="laag"),
    chain(id="c2", success_probability=0.4, effect_size="laag")]), "prior.toml")


def problems(text: str, model=MODEL, name: str = "data.csv") -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        monitoring.parse(text, model, name)
    return [str(p) for p in caught.value.problems]


def test_a_dutch_excel_csv_with_semicolons_and_decimal_commas_is_read(tmp_path):
    """What Excel (nl-NL) writes for "CSV (puntkomma-gescheiden)": a byte-order mark,
    CRLF line ends, ';' between cells, decimal commas, a cell with ';' quoted."""
    path = tmp_path / "metingen.csv"
    path.write_bytes(
        b"\xef\xbb\xbfchain;year;measure;value;n;se;note\r\n"
        b"c1;2021;successes;31;80;;follow-up, after one year\r\n"
        b"c1;2022;participants;61;;;\r\n"
        b'a:x;2023;effect;0,30;60;0,07;"questionnaire; loneliness"\r\n'
        b"c1;2024;effect;-0,05;;0,1;\r\n")
    data = monitoring.load(path, MODEL)
    got = [(o.chain, o.year, o.measure, o.value, o.n, o.se, o.note)
           for o in data.observations]
    assert got == [
        ("c1", 2021, "successes", 31.0, 80, None, "follow-up, after one year"),
        ("c1", 2022, "participants", 61.0, None, None, ""),
        ("c1", 2023, "effect", 0.30, 60, 0.07, "questionnaire; loneliness"),
        ("c1", 2024, "effect", -0.05, None, 0.1, ""),
        ("c2", 2023, "effect", 0.30, 60, 0.07, "questionnaire; loneliness"),
    ]


def test_a_semicolon_file_takes_a_decimal_point_too_but_no_thousands_separator():
    text = ("chain;year;measure;value;n;se;note\n"
            "c1;2021;effect;0.25;;0.1;\n"
            "c1;2022;participants;1.234;;;\n"
            "c1;2023;effect;1.234,5;;0,1;\n"
            "c1;2024;effect;0,1,2;;0,1;\n")
    assert problems(text) == [
        "data.csv:3: column 'value': expected a whole number, got '1.234'; write the number "
        "without a thousands separator",
        "data.csv:4: column 'value': expected a number, got '1.234,5'; write the number "
        "without a thousands separator",
        "data.csv:5: column 'value': expected a number, got '0,1,2'; write the number "
        "without a thousands separator",
    ]
    good = monitoring.parse("chain;year;measure;value;n;se;note\nc1;2021;effect;0.25;;0,1;\n",
                            MODEL, "data.csv")
    assert [(o.value, o.se) for o in good.observations] == [(0.25, 0.1)]


def test_where_the_separator_is_a_comma_a_decimal_comma_is_refused():
    """A comma file can only mean a point: '0,3' there is a quoted cell of a mistake."""
    text = 'chain,year,measure,value,n,se,note\nc1,2021,effect,"0,3",,0.1,\n' \
           'c1,2021,successes,"3,0",10,,\n'
    assert problems(text) == [
        "data.csv:2: column 'value': expected a number, got '0,3'; use a decimal point",
        "data.csv:3: column 'value': expected a whole number, got '3,0'; use a decimal point",
    ]


def test_every_problem_of_a_file_comes_in_one_pass():
    """A header problem, a line that is no CSV row, an unknown measure with a bad year, a
    fixed input with a bad value, a row with too many cells: all at once, in line order
    (before, the header's problem, and then the broken row, hid every other)."""
    text = ("chain,year,measure,value,n,se,note,remark\n"
            "c1,2021,successes,3,10,,,\n"
            'c1,2022,"successes,3,10,,,\n'
            "c1,1999,survey,3,10,,,\n"
            "c2,2021,successes,-1,10,,,\n"
            "c1,2023,successes,3,10,,,,x\n"
            "c1,2024,participants,90,,,,\n")
    assert problems(text) == [
        "data.csv:1: header, column 8: unknown column 'remark'; expected chain, year, "
        "measure, value, n, se, note, pool",
        "data.csv:3: not a CSV row: unexpected end of data (a quoted cell must end on its "
        "own line)",
        "data.csv:4: column 'measure': unknown measure 'survey'; expected one of: "
        "successes, participants, effect",
        "data.csv:4: column 'year': year 1999 outside the horizon 2021–2025",
        "data.csv:5: column 'value': expected a whole number >= 0, got -1 (a negative "
        "count)",
        "data.csv:5: column 'measure': chain 'c2': its success_probability is fixed at 0.4, "
        "and a fixed input cannot learn from data; give it a label or a distribution in "
        "the scenario",
        "data.csv:6: 9 cells, but the header has 8 columns",
    ]


def test_a_missing_column_is_reported_once_not_in_every_row():
    text = ("chain,year,measure,value,note\n"
            "c1,2021,successes,3,\n"
            "zz,2021,successes,3,\n")
    assert problems(text) == [
        "data.csv:1: header: missing column n; the header needs chain, year, measure, "
        "value, n (and optionally se, note, pool)",
        "data.csv:3: column 'chain': unknown chain or activity 'zz'; expected a chain id or "
        "an activity as initiative:activity (e.g. c1, c2)",
    ]


def test_a_cohort_count_given_twice_is_found_also_when_the_first_row_has_another_problem():
    text = ("chain,year,measure,value,n,se,note\n"
            "c1,2021,participants,90,5,,\n"
            "c1,2021,participants,91,,,\n")
    assert problems(text) == [
        "data.csv:2: column 'n': a participants count takes no n; leave it empty",
        "data.csv:3: column 'year': chain 'c1': the participants of cohort year 2021 are "
        "already given on line 2",
    ]


def test_the_problems_docs_monitoring_md_shows_are_the_readers_word_for_word():
    """docs/monitoring.md, "Problems in the file": the file it shows, and what
    `mcimpact update` prints for it (the bundled scenario)."""
    doc = (ROOT / "docs" / "monitoring.md").read_text("utf-8")
    section = doc[doc.index("### Problems in the file"):]
    csv = re.search(r"```\n(chain,year,measure.*?)```", section, re.S).group(1)
    shown = re.findall(r"^    error: (bad\.csv:.*)$", section, re.M)
    assert len(shown) == 6
    assert problems(csv, load(), "bad.csv") == shown
