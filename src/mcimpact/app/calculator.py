"""A calculator for a council: a scenario frozen but for a few inputs, each a slider.

The analyst picks the inputs; the calculator is one TOML file that holds them and the
whole scenario, so anyone opens it with ``mcimpact app FILE`` and sees only the sliders
and the live result::

    # An mcimpact calculator: open it with `mcimpact app calculator.toml`.
    [calculator]
    format = 1
    title = "Wat als meer mensen meedoen?"
    draws = 2000
    seed = 20210101

    [[calculator.sliders]]
    chain = "floreshuis-huiskamer-eenzaamheid"
    input = "participants"
    min = 100.0
    max = 400.0
    step = 1.0

    [calculator.scenario]
    name = "groningen-noord.toml"
    text = \"\"\"…the scenario's TOML text…\"\"\"

A slider sets its input to a number (``min`` … ``max``), or for an input given as a
label to one of its scale's labels (``labels``). The scenario may not include value
libraries (a calculator travels alone).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from ..errors import Problem, ScenarioError, say
from ..readers._source import parse_toml
from .workspace import CHAIN_CELLS, SHARES, cell_text

FORMAT = 1
#: The most sliders a calculator has.
MAX_SLIDERS = 12
#: Draws of each live run of a calculator, unless the file says otherwise.
DEFAULT_DRAWS = 2_000
MAX_DRAWS = 50_000
HEADER = "# An mcimpact calculator: open it with `mcimpact app {name}`.\n"


@dataclass(frozen=True)
class Slider:
    """One input of one chain that the council may move."""

    chain: str
    input: str
    min: float = 0.0
    max: float = 1.0
    step: float = 1.0
    labels: tuple[str, ...] = ()  # a label slider: its scale's labels, in order

    def to_json(self) -> dict[str, Any]:
        return {"chain": self.chain, "input": self.input, "min": self.min, "max": self.max,
                "step": self.step, "labels": list(self.labels)}


@dataclass(frozen=True)
class Calculator:
    title: str
    sliders: tuple[Slider, ...]
    draws: int = DEFAULT_DRAWS
    seed: int | None = None
    scenario_name: str = "scenario.toml"
    scenario_text: str = ""
    values: dict[str, str] = field(default_factory=dict)  # the cells' starting texts

    def to_json(self) -> dict[str, Any]:
        return {"title": self.title, "draws": self.draws,
                "sliders": [s.to_json() for s in self.sliders]}


def slider_for(tables: dict[str, Any], chain: str, input_name: str) -> Slider:
    """A slider for a chain's input, with a range around its current value: a label
    input steps through its scale's labels, a share moves in [0, 1], a count or a value
    between half and twice its value (0 … 100 where it is 0). KeyError for an input it
    cannot make a slider of (a distribution: give it a number or a label first)."""
    row = next((r for r in tables["chains"] if r["id"] == chain), None)
    if row is None or input_name not in dict(CHAIN_CELLS):
        raise KeyError(chain)
    text = row["cells"][input_name]
    labels = tables["labels"].get(input_name, [])
    if text in labels:
        return Slider(chain, input_name, 0, len(labels) - 1, 1, tuple(labels))
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise KeyError(input_name) from None
    if input_name in SHARES:
        return Slider(chain, input_name, 0.0, 1.0, 0.01)
    if value == 0:
        return Slider(chain, input_name, 0.0, 100.0, 1.0)
    lo, hi = sorted((value / 2, value * 2))
    step = 1.0 if input_name == "participants" or abs(value) >= 50 else _step(hi - lo)
    return Slider(chain, input_name, _round(lo, step), _round(hi, step), step)


def _step(width: float) -> float:
    return 10.0 ** math.floor(math.log10(width / 100)) if width > 0 else 1.0


def _round(x: float, step: float) -> float:
    return round(round(x / step) * step, 10)


def dumps(calc: Calculator, file_name: str = "calculator.toml") -> str:
    """The calculator file."""
    from ..readers._writer import string, value

    lines = [HEADER.format(name=file_name if _plain(file_name) else "FILE"), "[calculator]\n",
             f"format = {FORMAT}\n", f"title = {string(calc.title)}\n",
             f"draws = {calc.draws}\n"]
    if calc.seed is not None:
        lines.append(f"seed = {calc.seed}\n")
    for s in calc.sliders:
        lines += ["\n[[calculator.sliders]]\n", f"chain = {string(s.chain)}\n",
                  f"input = {string(s.input)}\n", f"min = {value(float(s.min))}\n",
                  f"max = {value(float(s.max))}\n", f"step = {value(float(s.step))}\n"]
        if s.labels:
            lines.append(f"labels = {value(list(s.labels))}\n")
    lines += ["\n[calculator.scenario]\n", f"name = {string(calc.scenario_name)}\n",
              f"text = {_multiline(calc.scenario_text)}\n"]
    text = "".join(lines)
    assert parse_toml(text, "<calculator>")["calculator"]["scenario"]["text"] \
        == calc.scenario_text
    return text


def _plain(name: str) -> bool:
    return all(c.isalnum() or c in "._-" for c in name) and bool(name)


def _multiline(text: str) -> str:
    """A TOML multi-line basic string that reads back as ``text``."""
    from ..readers._writer import string

    if any((ord(c) < 0x20 and c not in "\t\n") or ord(c) == 0x7F for c in text):
        return string(text)
    body = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"""\n' + body + '"""'


def is_calculator(text: str) -> bool:
    """Whether a TOML text is a calculator file (a ``[calculator]`` table)."""
    try:
        return isinstance(parse_toml(text, "<calculator>").get("calculator"), dict)
    except ScenarioError:
        return False


def loads(text: str, name: str) -> Calculator:
    """A calculator file's content; a ScenarioError names the file and the field of
    what is wrong."""
    def bad(message: str, where: str | None = None) -> ScenarioError:
        return ScenarioError([Problem(name, message, field=where)])

    data = parse_toml(text, name)  # a syntax error: located by line
    calc = data.get("calculator")
    if not isinstance(calc, dict):
        raise bad(say("calculator.none", "not a calculator file (no [calculator] table)"))
    if calc.get("format") != FORMAT:
        raise bad(say("calculator.format", "format {given!r}; this version reads format "
                      "{format}", given=calc.get("format"), format=FORMAT), "calculator.format")
    scenario = calc.get("scenario")
    if not isinstance(scenario, dict) or not isinstance(scenario.get("text"), str):
        raise bad(say("calculator.no_text", "the scenario's text is missing"),
                  "calculator.scenario.text")
    draws = calc.get("draws", DEFAULT_DRAWS)
    if not isinstance(draws, int) or isinstance(draws, bool) or not 100 <= draws <= MAX_DRAWS:
        raise bad(say("calculator.draws", "draws must be a whole number from 100 to "
                      "{limit:,}", limit=MAX_DRAWS), "calculator.draws")
    seed = calc.get("seed")
    if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool)
                             or not 0 <= seed < 2**63):
        raise bad(say("calculator.seed", "seed must be a whole number ≥ 0"), "calculator.seed")
    raw = calc.get("sliders", [])
    if not isinstance(raw, list) or len(raw) > MAX_SLIDERS:
        raise bad(say("calculator.sliders", "sliders: a list of at most {limit}",
                      limit=MAX_SLIDERS), "calculator.sliders")
    sliders = []
    for k, s in enumerate(raw):
        where = f"calculator.sliders[{k}]"
        try:
            slider = Slider(str(s["chain"]), str(s["input"]), float(s["min"]),
                            float(s["max"]), float(s.get("step", 1.0)),
                            tuple(str(x) for x in s.get("labels", ())))
        except (KeyError, TypeError, ValueError):
            raise bad(say("calculator.slider", "a slider needs chain, input, min, max "
                          "(numbers)"), where) from None
        if slider.input not in dict(CHAIN_CELLS) or not all(
                math.isfinite(x) for x in (slider.min, slider.max, slider.step)) \
                or slider.min > slider.max or slider.step <= 0:
            raise bad(say("calculator.slider_input", "a slider's input is one of a chain's "
                          "inputs, min ≤ max, step > 0"), where)
        sliders.append(slider)
    return Calculator(str(calc.get("title", "")), tuple(sliders), draws, seed,
                      str(scenario.get("name", "scenario.toml")), scenario["text"])


def starting_values(calc: Calculator, tables: dict[str, Any]) -> dict[str, str]:
    """Each slider's cell text in the scenario as saved (``chain/input`` → text)."""
    rows = {r["id"]: r for r in tables["chains"]}
    return {f"{s.chain}/{s.input}": rows[s.chain]["cells"][s.input]
            for s in calc.sliders if s.chain in rows}


__all__ = ["Calculator", "Slider", "cell_text", "dumps", "is_calculator", "loads",
           "slider_for", "starting_values"]
