"""Every problem of an input file, and every cluster refusal, in the command's language
(issue 19): a problem's message carries its catalogue reason and values
(:class:`mcimpact.errors.Message`); the catalogues word it, the English one exactly as
``str()`` does. Checked three ways: statically (every reason the library says is in both
catalogues, the English word for word), under the pseudo-locale of
tests/test_pseudo_locale.py (the problems of many bad inputs hold no word outside its
markers but what the files say) and in Dutch (``mcimpact validate --lang nl``)."""

from __future__ import annotations

import ast
import re
import string
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from locales import register
from mcimpact.cli import app
from mcimpact.errors import ClusterError, Message, Problem, ScenarioError, say
from mcimpact.present.catalogues import en, nl
from mcimpact.present.locale import Locale
from test_pseudo_locale import CODE, ENGLISH, outside, pseudo, words

SRC = Path(__file__).resolve().parents[1] / "src" / "mcimpact"
TWO = Path(__file__).parent / "data" / "two-financing.toml"
runner = CliRunner()


def said() -> dict[str, set[str]]:
    """Every ``say(reason, english, …)`` of the package: its English by reason."""
    found: dict[str, set[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        text = path.read_text("utf-8")
        if path.name != "errors.py" and not re.search(r"^from \.+errors import .*\bsay\b",
                                                      text, re.M):
            continue  # another say() than mcimpact.errors.say
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "say":
                reason, english = node.args[:2]
                assert isinstance(reason, ast.Constant) and isinstance(english, ast.Constant), (
                    f"{path}:{node.lineno}: say() takes its reason and English as literals")
                found.setdefault(reason.value, set()).add(english.value)
    return found


def test_every_reason_is_in_both_catalogues_the_english_word_for_word():
    found = said()
    assert len(found) > 150  # the readers' problems, the distributions', the cluster's
    for reason, english in found.items():
        assert len(english) == 1, (reason, english)  # one reason, one text
        assert en.TEXT[f"problem.{reason}"] == english.pop(), reason
        assert f"problem.{reason}" in nl.TEXT, reason
    for reason, english in ClusterError.MESSAGES.items():
        assert en.TEXT[f"error.cluster.{reason}"] == english
        assert f"error.cluster.{reason}" in nl.TEXT
    # and nothing else: a catalogue's problem text is one the library says
    assert {k for k in en.TEXT if k.startswith("problem.")} == {
        f"problem.{r}" for r in found}


def test_a_dutch_text_names_what_the_english_one_does():
    for key, text in en.TEXT.items():
        if key.startswith(("problem.", "error.cluster.")):
            fields = {f for _, f, _, _ in string.Formatter().parse(text) if f}
            assert fields == {f for _, f, _, _ in string.Formatter().parse(nl.TEXT[key]) if f}, key


def test_a_message_is_its_english_and_keeps_its_reason_and_values():
    what = say("what.chain", "chain")
    m = say("unknown", "unknown {what} '{got}'{where}; expected one of: {known}", what=what,
            got="x", where="", known="a, b")
    assert m == "unknown chain 'x'; expected one of: a, b"
    assert (m.reason, m.values["what"].reason) == ("unknown", "what.chain")
    problem = Problem("s.toml", m, line=3, entry="[meta]", field="name")
    assert str(problem) == ("s.toml:3: [meta]: field 'name': unknown chain 'x'; expected one "
                            "of: a, b")
    assert Locale.get("en").problem(problem) == str(problem)
    assert Locale.get("nl").problem(problem) == (
        "s.toml:3: [meta]: veld 'name': effectketen 'x' is onbekend; kies uit: a, b")
    import pickle

    again = pickle.loads(pickle.dumps(problem))
    assert again == problem and again.message.reason == "unknown"  # to a worker and back
    assert isinstance(again.message.values["what"], Message)


def test_a_thousands_separator_in_a_message_is_the_languages():
    m = say("too_large", "the file has {size:,} bytes; a {kind} may have at most {limit:,} "
            "(MAX_FILE_BYTES, 4 MiB)", size=5_000_000, kind=say("kind.scenario",
                                                                "scenario file"),
            limit=4_194_304)
    assert "5,000,000 bytes" in m and "5,000,000" in Locale.get("en").message(m)
    assert Locale.get("nl").message(m).startswith(
        "het bestand telt 5.000.000 bytes; een scenariobestand mag er hoogstens 4.194.304")


def test_a_cluster_refusal_is_worded_by_the_command():
    from mcimpact.cli._shared import refusal

    differ = (say("cluster.differ", "{worker}: {package} {theirs} (here {here})",
                  worker="tcp://w:1", package="numpy", theirs="1.0", here="2.0"),)
    exc = ClusterError(reason="other-versions", differ=differ)
    assert str(exc) == ("the workers run other versions than this process: tcp://w:1: numpy "
                        "1.0 (here 2.0)")
    assert refusal(Locale.get("en"), exc) == str(exc)
    assert refusal(Locale.get("nl"), exc) == ("de workers draaien andere versies dan dit "
                                              "proces: tcp://w:1: numpy 1.0 (hier 2.0)")
    assert refusal(Locale.get("nl"), ClusterError(reason="no-workers")) == (
        "het cluster heeft geen workers")


# --------------------------------------------------------------------------------------
# Bad inputs

SCHEMA = """\
[meta]
name = "Schema"
horizon = 0
period_length = "five"
when = 2024-01-01
currency = ["EUR"]

[uncertainty]
participants_cv = -1.0

[[initiatives]]
id = "Not An Id"
name = "I"
costs = { 2024 = -5 }
activities = {}

[[chains]]
initiative = "i"
activity = "a"
beneficiary = "b"
value = 1
claimable = "yes"
profile = { shape = "constant", lag = -1, colour = "red" }
"""

CROSS = """\
[meta]
name = "Cross"
start_year = 2024
horizon = 10
time_convention = "someday"
base_year = 2030
discount_rate = { 2020 = 0.03, 2026 = 1.5 }
nouns = { initiative = { NL = "wijkbedrijf", en = " " }, thing = { nl = "ding" } }

[scales.success_probability.labels]
laag = 0.2

[[beneficiaries]]
id = "a"

[[initiatives]]
id = "i"
name = "I"
costs = { 2024 = 1e-9, 1999 = 5, 2025 = { dist = "uniform", min = 5, max = 1 } }
activities = { act = "A", "Bad Act" = "B" }
tags = { "Bad Key" = "x", empty = " ", other = "(untagged)" }
payer = "nobody"

[[initiatives]]
id = "i"
name = "Again"
costs = { 2024 = 0 }
activities = { act = "A" }

[[chains]]
id = "c1"
initiative = "nope"
activity = "act"
beneficiary = "nobody"
participants = 10.5
success_probability = "heel-hoog"
effect_size = { low = 0.5, high = 0.2 }
value = { dist = "pert", min = 5, mode = 9, max = 6 }
adjustments = { deadweight = "veel", attribution = { dist = "uniform", min = 0, max = 2 } }
cohorts = [2024, 2024, 2050]
profile = { shape = "one-off", duration = 3, half_life = 2 }

[[chains]]
id = "c1"
initiative = "i"
activity = "missing"
beneficiary = "a"
participants_by_year = { 2024 = 5, 1990 = 3 }
participants = 4
value = { dist = "gamma", shape = 2 }
success_probability = { label = 3 }
effect_size = { low = 0.1, high = 0.3, spread = 2 }
profile = { shape = "wobbly" }

[[chains]]
id = "c3"
initiative = "i"
activity = "act"
beneficiary = "a"
participants = 1e30
value = "unit-value"
effect_size = { dist = "beta", mean = 1.5, concentration = 2 }
success_probability = { dist = "triangular", min = 0 }
profile = { shape = "exponential-decline", lag = 40 }

[[correlations]]
input = "mood"
rank_correlation = 0.5
by = "initiative"

[[correlations]]
input = "value"
rank_correlation = 0.5
chains = ["c1", "c1", "ghost"]

[[correlations]]
input = "value"
rank_correlation = 0.5

[[financing]]
id = "f"
name = "F"
funding = { first_year = 2020, renewal = "sometimes", non_renewal = 1.0, uplift = 0.1 }

[[financing]]
id = "f"
name = "G"
initiatives = { ghost = { first_year = 2027 }, i = { last_year = 2026, first_year = 2028, \
cycle = 2, extra_duration = 2 } }

[[sensitivity]]
assumption = "discount_rate"
low = 0.5
high = 0.1

[[sensitivity]]
assumption = "discount_rate"
low = 0.0
high = 0.01

[[sensitivity]]
assumption = "luck"
low = 0.0
high = 1.0
"""

MONITORING = """\
chain,year,measure,value,n,se,note,colour
linde-eenzaamheid,2025,successes,80,70,0.1,too many
linde-schulden,2050,participants,1.5,3,,
,2025,participants,12,,,
linde-eenzamheid,2025,effect,abc,,,
linde-schulden,2025,guess,1,,,
linde-schulden,2025,effect,0.2,,-1,
linde-eenzaamheid,2025,successes,3,1e99,,,x
"""


# Monitoring data that the reader takes but an update refuses: a Poisson count has a
# known mean; effects far out in the tail of a label's beta (the general method refuses).
REFUSED = """\
chain,year,measure,value,n,se
klus-vrijwilligers,2024,participants,14,,
linde-eenzaamheid,2024,effect,0.98,,0.001
"""


def workbooks(tmp: Path) -> None:
    """The bad workbooks, written into ``tmp``: ``cells.xlsx`` (tests/data/two-financing.
    toml as a workbook, with bad values, a spreadsheet error and a formula never
    computed), ``unknown-id.xlsx`` (a chain of an unknown initiative),
    ``no-chains.xlsx`` (a required sheet missing), ``sheets.xlsx`` (a
    problem of every kind with the sheets' headers, keys and cells) and
    ``not-a-workbook.xlsx``."""
    import openpyxl

    from mcimpact.readers import xlsx

    def column(ws, name: str) -> int:
        return [c.value for c in ws[1]].index(name) + 1

    data = tomllib.loads(TWO.read_text("utf-8"))
    book = xlsx.workbook(data)
    meta = book["meta"]
    meta.cell(next(r for r in range(2, meta.max_row + 1)
                   if meta.cell(r, 1).value == "horizon"), 2, 0)
    chains = book["chains"]
    chains.cell(3, column(chains, "value"), "#REF!")  # an error value ("e")
    chains.cell(4, column(chains, "participants"), "=A1*2")  # no saved value
    book["initiatives"].cell(2, column(book["initiatives"], "costs.2024"), "veel")
    book.save(tmp / "cells.xlsx")
    book = xlsx.workbook(data)
    book["chains"].cell(2, column(book["chains"], "initiative"), "ghost")
    book.save(tmp / "unknown-id.xlsx")
    book = xlsx.workbook(data)
    del book["chains"]
    book.save(tmp / "no-chains.xlsx")

    book = openpyxl.Workbook()
    meta = book.active
    meta.title = "meta"
    for row in [("key", "value"), ("name", "X"), (None, "orphan"), (3, "x"),
                ("a b", "x"), ("name", "again"), ("start_year", 2024),
                ("start_year.first", 1)]:
        meta.append(row)
    chains = book.create_sheet("chains")
    for row in [("id", 7, "id", None, "costs{}", "cohorts[]", "profile.shape", "profile"),
                ("c1", 1, "c2", "stray", "no toml", "[2024,", "constant", "flat")]:
        chains.append(row)
    values = book.create_sheet("values")
    for row in [("key", "mean"), (5, 1), ("a", 1), ("a", 2)]:
        values.append(row)
    book.create_sheet("scales").cell(2, 1, "late header")
    root = book.create_sheet("scenario")
    for row in [("key", "value"), ("meta", 1), ("extra", 2)]:
        root.append(row)
    book.create_sheet("extra").append(("key", "value"))
    book.save(tmp / "sheets.xlsx")
    (tmp / "not-a-workbook.xlsx").write_text("name,value\n", encoding="utf-8")


BAD = ["schema.toml", "cross.toml", "syntax.toml", "empty.toml", "bom.toml", "nested.toml",
       "latin1.toml", "a-directory.toml", "missing.toml", "data.csv", "no-header.csv",
       "refused.csv", "cells.xlsx", "unknown-id.xlsx", "no-chains.xlsx", "sheets.xlsx",
       "not-a-workbook.xlsx"]


def bad_inputs(tmp: Path) -> dict[str, list[str]]:
    """Commands on bad inputs written into ``tmp`` (``--lang`` is added): many problems
    of every kind."""
    files = {"schema.toml": SCHEMA, "cross.toml": CROSS,
             "syntax.toml": '[meta]\nname = "x\n', "empty.toml": "\n",
             "bom.toml": "\ufeff[meta]\n", "nested.toml": "a = " + "[" * 40 + "]" * 40 + "\n",
             "data.csv": MONITORING, "no-header.csv": "# only a comment\n",
             "refused.csv": REFUSED}
    for name, text in files.items():
        (tmp / name).write_text(text, encoding="utf-8")
    (tmp / "latin1.toml").write_bytes(b'[meta]\nname = "caf\xe9"\n')
    (tmp / "a-directory.toml").mkdir()
    workbooks(tmp)
    commands = {name: ["validate", str(tmp / name)] for name in files if name.endswith(".toml")}
    commands |= {n: ["validate", str(tmp / n)] for n in ("latin1.toml", "a-directory.toml",
                                                         "missing.toml")}
    commands |= {n: ["update", str(TWO), str(tmp / n), "-o", str(tmp / "post.toml")]
                 for n in ("data.csv", "no-header.csv", "refused.csv")}
    commands |= {n: ["validate", str(tmp / n)] for n in BAD if n.endswith(".xlsx")}
    assert list(commands) == BAD or set(commands) == set(BAD)
    return commands


def failing(args: list[str], lang: str) -> str:
    result = runner.invoke(app, [*args, "--lang", lang])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return result.output


def file_words(path: Path) -> set[str]:
    """Every word of a file's text; of a workbook, of its sheets' names and cells."""
    if path.suffix == ".xlsx":
        import zipfile

        import openpyxl

        try:
            book = openpyxl.load_workbook(path)
        except (zipfile.BadZipFile, OSError, ValueError):
            pass
        else:
            return set().union(*(words(ws.title) | words(" ".join(
                str(c.value) for row in ws.iter_rows() for c in row if c.value is not None))
                for ws in book.worksheets))
    return words(path.read_text("utf-8", errors="replace"))


def allowed_words(args: list[str], english: bool = True) -> set[str]:
    """What a bad file says (its keys and values, every word of its text or its cells;
    without ``english``, none of the common English words), the kinds of distribution
    (a prior or a fit is named by its kind) and the paths."""
    from mcimpact.model.distributions import KINDS

    found: set[str] = set().union(*(words(k) for k in KINDS))
    for arg in args:
        path = Path(arg)
        if path.is_file():
            found |= file_words(path)
    if not english:
        found = {w for w in found if w.lower() not in ENGLISH}
    return found | set().union(*(words(a) for a in args))


@pytest.mark.parametrize("name", BAD)
def test_every_word_of_a_problem_comes_from_the_catalogue(name, monkeypatch, tmp_path):
    register(monkeypatch, CODE, pseudo())
    args = bad_inputs(tmp_path)[name]
    output = failing(args, CODE)
    assert outside(output, allowed_words(args)) == set(), output


def test_the_bad_inputs_show_many_different_problems(tmp_path):
    """The bad inputs above reach most of what the readers say (else the test above
    would check little)."""
    reasons: set[str] = set()

    def collect(message: object) -> None:
        if isinstance(message, Message):
            reasons.add(message.reason)
            for value in message.values.values():
                for v in value if isinstance(value, tuple) else (value,):
                    collect(v)

    import mcimpact
    from mcimpact.analysis import update as updating
    from mcimpact.readers import monitoring

    prior = mcimpact.load(TWO)
    for name, args in bad_inputs(tmp_path).items():
        with pytest.raises(ScenarioError) as caught:
            if name.endswith(".csv"):
                updating.update(prior, monitoring.load(args[2], prior))
            else:
                mcimpact.load(args[1])
        for p in caught.value.problems:
            for part in (p.entry, p.message):
                collect(part)
    assert len(reasons) >= 120, sorted(reasons)
    # every problem of reading a workbook's structure and cells, and of an update
    assert {"xlsx.sheet", "xlsx.row", "xlsx.column", "xlsx.named", "xlsx.id", "xlsx.workbook",
            "xlsx.no_sheet", "xlsx.not_xlsx", "xlsx.cell_error", "xlsx.not_computed",
            "xlsx.no_header", "xlsx.column_twice", "xlsx.no_column_header",
            "xlsx.header_text", "xlsx.not_key", "xlsx.key_is_sheet", "xlsx.sheet_is_key",
            "xlsx.no_key", "xlsx.key_text", "xlsx.row_key", "xlsx.key_twice",
            "xlsx.value_then_table", "xlsx.also_table", "xlsx.also_value",
            "xlsx.table_expected", "xlsx.array_expected", "update.unmoved",
            "update.poisson", "update.general_refuses", "update.not_close",
            "update.prior_label"} <= reasons, sorted(reasons)


# --------------------------------------------------------------------------------------
# In Dutch

def _format_words() -> set[str]:
    from pydantic import BaseModel

    from mcimpact.model.monitoring import MEASURES
    from mcimpact.readers import _schema
    from mcimpact.readers.monitoring import OPTIONAL, REQUIRED

    found: set[str] = {*MEASURES, *REQUIRED, *OPTIONAL}  # a monitoring file's names
    for model in vars(_schema).values():
        if isinstance(model, type) and issubclass(model, BaseModel):
            found |= set(model.model_fields)
    # the scenario format's own names (keys, fields), which a Dutch message names as
    # they are, and the keys of a range and a distribution table
    return found | {"low", "high", "confidence", "label", "sd", "dist"}


def dutch_words(output: str, allowed: set[str]) -> set[str]:
    """The English words of an output, leaving out what it quotes ('…') and the format's
    names (start_year, low)."""
    # what is quoted, the format's names and the names to choose from
    text = re.sub(r"'[^']*'|\w*_\w*|kies uit: [^;\n]*", " ", output)
    names = "|".join(sorted(_format_words(), key=len, reverse=True))
    text = re.sub(rf"\b(?:{names})\b", " ", text)
    return {w for w in words(text) if w.lower() in ENGLISH} - allowed


@pytest.mark.parametrize("name", BAD)
def test_every_problem_in_dutch_has_no_english_word(name, tmp_path):
    args = bad_inputs(tmp_path)[name]
    output = failing(args, "nl")
    assert dutch_words(output, allowed_words(args, english=False)) == set(), output


def test_validate_in_dutch_says_what_is_wrong_in_dutch(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(SCHEMA, encoding="utf-8")
    output = failing(["validate", str(bad)], "nl")
    assert f"fout: {bad}:1: [meta]: veld 'start_year': verplicht veld ontbreekt" in output
    assert "veld 'horizon': de invoer moet groter dan of gelijk aan 1 zijn, gekregen: 0" in output
    assert "veld 'profile.colour': onbekende sleutel 'colour'; hier toegestaan:" in output
    assert "veld 'when': geen veld van een scenario neemt een datum of een tijd; gekregen: " \
           "de lokale datum 2024-01-01" in output
    assert "problemen gevonden; er is niets gerekend." in output
    cross = tmp_path / "cross.toml"
    cross.write_text(CROSS, encoding="utf-8")
    output = failing(["validate", str(cross)], "nl")
    assert "chains[0] (id 'c1'): veld 'initiative': initiatief 'nope' is onbekend; kies uit: i" \
        in output
    assert "veld 'participants': verwacht een geheel aantal mensen, gekregen: 10.5" in output
    assert "id 'c1' komt al eerder voor" in output
    english = runner.invoke(app, ["validate", str(cross), "--lang", "en"]).output
    assert "field 'initiative': unknown initiative 'nope'; expected one of: i" in english


def test_update_in_dutch_says_why_an_input_cannot_be_updated(tmp_path):
    """The refusals of an update — a Poisson count, the general method's — are Dutch
    inside the Dutch sentence, not English."""
    data = tmp_path / "refused.csv"
    data.write_text(REFUSED, encoding="utf-8")
    args = ["update", str(TWO), str(data), "-o", str(tmp_path / "post.toml")]
    output = failing(args, "nl")
    assert ("kolom 'measure': effectketen 'klus-vrijwilligers': participants ('poisson'): een "
            "Poisson-aantal (gemiddelde 15) heeft een bekend gemiddelde, dus gegevens "
            "veranderen er niets aan; geef het aantal een negatief-binomiale") in output
    assert ("effectketen 'linde-eenzaamheid': effect_size (label 'middel'): de algemene "
            "methode weigert: de roosterposterior ligt niet dicht genoeg bij een verdeling "
            "waarin ze geschreven kan worden (de dichtstbijzijnde, een beta, heeft "
            "Kolmogorov-afstand") in output
    assert "geef de invoer een truncnormal-prior voor een exacte bijwerking" in output
    for english in ("known mean", "cannot move", "general method", "refuses", "grid posterior",
                    "not close enough", "exact update", "check the data"):
        assert english not in output, english
    assert "2 problemen gevonden; er is niets gerekend." in output
    output = failing(args, "en")  # the library's English, as before
    assert ("effect_size (label 'middel'): the general method refuses: the grid posterior is "
            "not close enough to any distribution it can be written as") in output
    assert "a Poisson count (mean 15) has a known mean, so data cannot move it" in output


def test_an_update_refusal_keeps_its_reason_for_a_library_user():
    import mcimpact
    from mcimpact.analysis import update as updating
    from mcimpact.model.monitoring import Observation

    chain = next(c for c in mcimpact.load(TWO).chains if c.id == "klus-vrijwilligers")
    row = Observation(line=2, target=chain.id, chain=chain.id, year=2024,
                      measure="participants", value=14.0)
    with pytest.raises(ValueError) as caught:
        updating.update_input(chain.participants, "participants", [row], "participants")
    said = caught.value.args[0]
    assert (said.reason, said.values["what"].reason) == ("update.unmoved", "update.poisson")
    assert str(caught.value).startswith("a Poisson count (mean 15) has a known mean")
    assert Locale.get("nl").message(said).startswith("een Poisson-aantal (gemiddelde 15)")


def test_workbooks_in_dutch_say_sheet_row_and_column_in_dutch(tmp_path):
    workbooks(tmp_path)
    output = failing(["validate", str(tmp_path / "cells.xlsx")], "nl")
    assert ("werkblad 'chains', rij 3, kolom I: de cel bevat de foutwaarde '#REF!' van het "
            "rekenblad") in output
    assert ("werkblad 'initiatives', rij 2 (id 'de-linde'), kolom C: veld 'costs.2024': de "
            "invoer moet een getal zijn, gekregen: 'veel'") in output
    output = failing(["validate", str(tmp_path / "no-chains.xlsx")], "nl")
    assert "werkmap: geen werkblad 'chains' (een verplichte tabel)" in output
    output = failing(["validate", str(tmp_path / "sheets.xlsx")], "nl")
    assert "werkblad 'values', rij 4, kolom A: sleutel 'a' staat er twee keer" in output
    assert "werkblad 'chains', rij 1, kolom C: kolom 'id' staat ook in kolom A" in output
    english = runner.invoke(app, ["validate", str(tmp_path / "sheets.xlsx")]).output
    assert "sheet 'values', row 4, column A: key 'a' given twice" in english


def test_convert_in_dutch_says_what_a_workbook_cannot_hold(tmp_path):
    """The workbook writer's refusal (WorkbookError) is worded by the catalogue."""
    text = TWO.read_text("utf-8").replace('name = "Buurtkamer De Linde en Klusteam Oost"',
                                          'name = "Buurtkamer\\u0001Oost"')
    source = tmp_path / "control.toml"
    source.write_text(text, encoding="utf-8")
    target = tmp_path / "control.xlsx"
    output = failing(["convert", str(source), str(target)], "nl")
    assert (f"{target}: werkblad 'meta', rij 2, kolom B: de tekst 'Buurtkamer\\x01Oost' bevat "
            "het stuurteken U+0001, dat een rekenblad niet kan bevatten") in output
    output = failing(["convert", str(source), str(target)], "en")
    assert ("sheet 'meta', row 2, column B: the text 'Buurtkamer\\x01Oost' holds the control "
            "character U+0001, which a spreadsheet cannot hold") in output
    assert not target.exists()
