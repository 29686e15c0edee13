"""``[[sensitivity]]``: the ranges over which the fixed (not sampled) assumptions are
varied (``mcimpact voi --assumptions``)."""

from __future__ import annotations

import math

from ...errors import say
from ...model.scenario import FIXED_ASSUMPTIONS, SensitivityRange
from .._locate import Bad, unknown
from .._schema import ScenarioIn, SensitivityIn


def build_sensitivity(spec: ScenarioIn, bad: Bad) -> tuple[SensitivityRange, ...]:
    """The ``[[sensitivity]]`` ranges: a known assumption, once, low ≤ high, both within
    what the assumption may take (:data:`FIXED_ASSUMPTIONS`)."""
    out: list[SensitivityRange] = []
    seen: dict[str, int] = {}
    for n, s in enumerate(spec.sensitivity):
        here = ("sensitivity", n)
        if s.assumption not in FIXED_ASSUMPTIONS:
            bad((*here, "assumption"), unknown(say("what.assumption", "assumption"),
                                               s.assumption, list(FIXED_ASSUMPTIONS)))
            continue
        if s.assumption in seen:
            bad((*here, "assumption"), say("range_twice", "'{assumption}' already has a "
                                           "range in sensitivity[{n}]", assumption=s.assumption,
                                           n=seen[s.assumption]))
            continue
        seen[s.assumption] = n
        if _within(s, here, bad):
            out.append(SensitivityRange(s.assumption, float(s.low), float(s.high)))
    return tuple(out)


def _within(s: SensitivityIn, here: tuple[str, int], bad: Bad) -> bool:
    """Whether low and high lie in the assumption's interval, low ≤ high."""
    least, most, open_top = FIXED_ASSUMPTIONS[s.assumption]
    top = ")" if open_top else "]"
    bottom = "(" if s.assumption == "saturation" else "["
    fine = True
    for key, value in (("low", s.low), ("high", s.high)):
        inside = (math.isfinite(value) and value >= least
                  and (value > least or bottom == "[")
                  and (value < most or (value == most and not open_top)))
        if not inside:
            bad((*here, key), say("assumption_in", "expected {assumption} in {bottom}"
                                  "{least:g}, {most:g}{top}, got {value!r}",
                                  assumption=s.assumption, bottom=bottom, least=least,
                                  most=most, top=top, value=value))
            fine = False
    if fine and s.low > s.high:
        bad((*here, "high"), say("high_below_low", "expected high ≥ low ({low:g}), got "
                                 "{high:g}", low=s.low, high=s.high))
        fine = False
    return fine
