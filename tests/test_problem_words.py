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


BAD = ["schema.toml", "cross.toml", "syntax.toml", "empty.toml", "bom.toml", "nested.toml",
       "latin1.toml", "a-directory.toml", "missing.toml", "data.csv", "no-header.csv"]


def bad_inputs(tmp: Path) -> dict[str, list[str]]:
    """Commands on bad inputs written into ``tmp`` (``--lang`` is added): many problems
    of every kind."""
    files = {"schema.toml": SCHEMA, "cross.toml": CROSS,
             "syntax.toml": '[meta]\nname = "x\n', "empty.toml": "\n",
             "bom.toml": "\ufeff[meta]\n", "nested.toml": "a = " + "[" * 40 + "]" * 40 + "\n",
             "data.csv": MONITORING, "no-header.csv": "# only a comment\n"}
    for name, text in files.items():
        (tmp / name).write_text(text, encoding="utf-8")
    (tmp / "latin1.toml").write_bytes(b'[meta]\nname = "caf\xe9"\n')
    (tmp / "a-directory.toml").mkdir()
    commands = {name: ["validate", str(tmp / name)] for name in files if name.endswith(".toml")}
    commands |= {n: ["validate", str(tmp / n)] for n in ("latin1.toml", "a-directory.toml",
                                                         "missing.toml")}
    commands |= {n: ["update", str(TWO), str(tmp / n), "-o", str(tmp / "post.toml")]
                 for n in ("data.csv", "no-header.csv")}
    assert list(commands) == BAD or set(commands) == set(BAD)
    return commands


def failing(args: list[str], lang: str) -> str:
    result = runner.invoke(app, [*args, "--lang", lang])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return result.output


def allowed_words(args: list[str], english: bool = True) -> set[str]:
    """What a bad file says (its keys and values, every word of its text; without
    ``english``, none of the common English words) and the paths."""
    found: set[str] = set()
    for arg in args:
        path = Path(arg)
        if path.is_file():
            found |= words(path.read_text("utf-8", errors="replace"))
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
    from mcimpact.readers import monitoring

    for name, args in bad_inputs(tmp_path).items():
        with pytest.raises(ScenarioError) as caught:
            if name.endswith(".csv"):
                monitoring.load(args[2], mcimpact.load(TWO))
            else:
                mcimpact.load(args[1])
        for p in caught.value.problems:
            for part in (p.entry, p.message):
                collect(part)
    assert len(reasons) >= 80, sorted(reasons)


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
