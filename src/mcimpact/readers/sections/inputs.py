"""The uncertain inputs of a scenario in each of their file forms: a plain number, a label
of a scale (alone or with its own spread), a workshop range ``{ low, high, confidence }``
or a distribution table ``{ dist = KIND, … }``. Each form is checked against the range
its input may take and the largest numbers the model holds; a problem is returned as its
message (a string), for the caller to locate.
"""

from __future__ import annotations

import math
from typing import Any

from ...errors import say
from ...model import distributions
from ...model.distributions import Input
from ...model.scenario import ADJUSTMENT_NAMES, MAX_AMOUNT, MAX_COUNT
from .._locate import clip, describe, reason_of, unknown

# Where each input's values may lie, (low, high). Plain numbers for participants and
# duration must be whole (sampled durations are rounded; see the docs).
_WHOLE = ("participants", "duration")
INPUT_RANGE = {
    "participants": (0.0, math.inf),
    "success_probability": (0.0, 1.0),
    "effect_size": (0.0, 1.0),
    "value": (-math.inf, math.inf),
    "duration": (1.0, math.inf),
    **dict.fromkeys(ADJUSTMENT_NAMES, (0.0, 1.0)),
    "cost": (0.0, MAX_AMOUNT),
}
# The parameters of a value distribution that are amounts (bounded by MAX_AMOUNT); every
# other parameter is bounded by MAX_COUNT.
_AMOUNT_PARAMETERS = ("", "value", "min", "mode", "max", "mean", "sd", "low", "high")
# The quantile that the default label spread puts at each neighbouring midpoint.
LABEL_Z = 1.2815515655446004  # Φ⁻¹(0.9): 80 % of a label's mass between the midpoints


def label_sds(labels: dict[str, float], sd: float | None) -> dict[str, float]:
    """Each label's Beta sd: the scale's ``sd``, or by default half the distance between
    the midpoints to its neighbouring labels divided by Φ⁻¹(0.9)."""
    if sd is not None:
        return dict.fromkeys(labels, sd)
    ordered = sorted(labels.items(), key=lambda kv: kv[1])
    values = [v for _, v in ordered]
    out = {}
    for k, (label, _) in enumerate(ordered):
        gaps = [values[k] - values[k - 1]] if k > 0 else []
        gaps += [values[k + 1] - values[k]] if k + 1 < len(values) else []
        half_width = sum(g / 2 for g in gaps) / len(gaps) if gaps else 0.1
        out[label] = half_width / LABEL_Z
    return out


def label_input(label: str, mean: float, sd: float) -> Input:
    if mean in (0.0, 1.0):  # a Beta cannot have its mean on the edge: the label is certain
        return distributions.make("fixed", {"value": mean}, label=label)
    return distributions.label_beta(label, mean, sd)


def input_of(
    raw: Any, name: str, labels: dict[str, dict[str, Input]], participants_cv: float,
    *, spread: bool = False
) -> Input | str:
    """One uncertain input from its file form; a string is the problem with it. With
    ``spread`` a plain number of an input with a label scale is a Beta with the spread
    of the scale's nearest label (:func:`spread_number`)."""
    if isinstance(raw, bool) or not isinstance(raw, int | float | str | dict):
        if name in labels:
            return say("expected_label_form", "expected a number, a label or a distribution "
                       "table {{ dist = ... }}, got {got}", got=describe(raw))
        return say("expected_form", "expected a number or a distribution table {{ dist = "
                   "... }}, got {got}", got=describe(raw))
    if isinstance(raw, str):
        if name not in labels:
            hint = (say("needs_scale", " (labels need a scale: [scales.{name}])", name=name)
                    if name in ADJUSTMENT_NAMES else "")
            return say("text_not_label", "expected a number or a distribution table, got the "
                       "text {text}{hint}", text=describe(raw), hint=hint)
        if raw not in labels[name]:
            return unknown(say("what.label", "{name} label", name=name), clip(raw),
                           list(labels[name]))
        return labels[name][raw]
    if isinstance(raw, int | float):
        got = _number_input(raw, name, participants_cv)
        if spread and name in labels and labels[name] and not isinstance(got, str):
            return spread_number(float(raw), labels[name])
        return got
    if "label" in raw and "dist" not in raw:
        return _label_table(raw, name, labels)
    if ("low" in raw or "high" in raw) and "dist" not in raw:
        return _range_input(raw, name)
    return _table_input(raw, name)


def _range_family(name: str, low: float) -> str | None:
    """The family a workshop range of input ``name`` is fitted to (see RANGE_FITS)."""
    lo, hi = INPUT_RANGE[name]
    if (lo, hi) == (0.0, 1.0):
        return "beta"
    if hi == math.inf and (lo == 0.0 or (lo == -math.inf and low > 0.0)):
        return "lognormal"
    if lo == -math.inf:
        return "normal"
    return None


def _range_input(raw: dict[str, Any], name: str) -> Input | str:
    """A workshop range ``{ low = 70, high = 300, confidence = 0.9 }``: the distribution
    of the input's family whose quantiles at (1 ∓ confidence) / 2 are low and high."""
    extra = sorted(set(raw) - {"low", "high", "confidence"})
    if extra:
        return say("range_keys", "a range takes low, high and confidence, not {keys} (a "
                   "distribution table needs dist = ...)", keys=", ".join(map(clip, extra)))
    if "low" not in raw or "high" not in raw:
        return say("range_low_high", "a range needs both low and high")
    given = {"confidence": distributions.DEFAULT_RANGE_CONFIDENCE, **raw}
    for key, value in given.items():
        problem = _parameter_problem(name, say("what.range", "range"), key, value)
        if problem:
            return problem
    low, high, confidence = float(given["low"]), float(given["high"]), float(
        given["confidence"])
    if not low < high:
        return say("range_order", "range: low ({low:g}) must be below high ({high:g})",
                   low=low, high=high)
    if not 0.0 < confidence < 1.0:
        return say("range_confidence", "range: confidence must lie in (0, 1), got "
                   "{confidence:g}", confidence=confidence)
    family = _range_family(name, low)
    if family is None:
        return say("range_not_for", "a range cannot be given for {name}; give a "
                   "distribution table", name=name)
    if family == "beta" and not 0.0 < low < high < 1.0:
        return say("range_within", "range: low and high of {name} must lie strictly within "
                   "(0, 1)", name=name)
    if family == "lognormal" and not low > 0.0:
        return say("range_positive", "range: low of {name} must be > 0 (it is fitted to a "
                   "lognormal)", name=name)
    try:
        fitted = distributions.RANGE_FITS[family](low, high, confidence)
    except (ValueError, ArithmeticError) as exc:
        return say("range", "range: {problem}", problem=reason_of(exc))
    for key, value in fitted.params:
        too_large = _too_large_number(name, key, value)
        if too_large:
            return say("range_fitted", "range: the fitted {dist}'s {problem}",
                       dist=fitted.dist, problem=too_large)
    return fitted


def _label_table(raw: dict[str, Any], name: str,
                 labels: dict[str, dict[str, Input]]) -> Input | str:
    """A label with a spread of its own: ``{ label = "hoog", sd = 0.1 }``, the Beta with
    the label's value as mean and this sd (instead of the scale's)."""
    extra = sorted(set(raw) - {"label", "sd"})
    if extra:
        return say("label_keys", "a label table takes label and sd, not {keys} (a "
                   "distribution table needs dist = ...)", keys=", ".join(map(clip, extra)))
    label, sd = raw["label"], raw.get("sd")
    if not isinstance(label, str):
        return say("label_text", "'label' must be a label (text), got {got}",
                   got=describe(label))
    base = input_of(label, name, labels, 0.0)
    if isinstance(base, str) or sd is None:
        return base
    if isinstance(sd, bool) or not isinstance(sd, int | float) or not math.isfinite(sd):
        return say("sd_number", "'sd' must be a finite number, got {got}", got=describe(sd))
    mean = base.point
    if mean in (0.0, 1.0):
        return say("label_certain", "label '{label}' has the value {mean:g}, which is "
                   "certain: no sd", label=clip(label), mean=mean)
    try:
        return distributions.label_beta(label, mean, float(sd))
    except ValueError as exc:
        return say("label_problem", "label '{label}': {problem}", label=clip(label),
                   problem=reason_of(exc))


def spread_number(value: float, scale: dict[str, Input]) -> Input:
    """A plain number on a label scale (``[uncertainty] numbers = "label-spread"``): the
    Beta with the number as its mean and the sd of the scale's label nearest to it (the
    lower of two as near), at most 0.9 of the largest sd a Beta of that mean has; 0 and 1
    stay certain, as a label of that value does."""
    if value in (0.0, 1.0):
        return distributions.fixed(value)
    nearest = min(scale.values(), key=lambda inp: (abs(inp.point - value), inp.point))
    sd = nearest.p.get("sd", 0.0) if nearest.dist == "beta" else 0.0
    if sd <= 0:  # the nearest label is certain: so is the number
        return distributions.fixed(value)
    sd = min(sd, 0.9 * math.sqrt(value * (1 - value)))
    return distributions.make("beta", {"mean": value, "sd": sd})


def _number_input(raw: float, name: str, participants_cv: float) -> Input | str:
    """An input given as a plain number."""
    lo, hi = INPUT_RANGE[name]
    if not math.isfinite(raw):
        return say("finite", "must be a finite number, got {got}", got=repr(raw))
    if not lo <= raw <= hi:
        return say("number_in", "expected a number in [{lo:g}, {hi:g}], got {got}", lo=lo,
                   hi=hi, got=describe(raw))
    too_large = _too_large_number(name, "", raw)
    if too_large:
        return too_large
    if name in _WHOLE and raw != int(raw):
        if name == "duration":
            return say("whole_years", "expected a whole number of years, got {got!r}",
                       got=raw)
        return say("whole_people", "expected a whole number of people, got {got!r}", got=raw)
    if name == "participants" and participants_cv > 0 and raw > 0:
        sd = participants_cv * raw
        if sd * sd > raw:
            return distributions.make("negbinomial", {"mean": float(raw), "sd": sd})
        return distributions.make("poisson", {"mean": float(raw)})
    return distributions.fixed(raw)


def _parameter_problem(name: str, what: str, key: str, value: object) -> str | None:
    """What is wrong with parameter ``key`` of a range or distribution table (``what``:
    ``range`` or the distribution's quoted name), or None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return say("parameter_number", "{what} parameter '{parameter}' must be a number, got "
                   "{got}", what=what, parameter=key, got=describe(value))
    if not math.isfinite(value):
        return say("parameter_finite", "{what} parameter '{parameter}' must be a finite number, "
                   "got {got!r}", what=what, parameter=key, got=value)
    too_large = _too_large_number(name, key, value)
    return say("parameter", "{what}: {problem}", what=what, problem=too_large
               ) if too_large else None


def _too_large_number(name: str, key: str, value: float) -> str | None:
    """The problem with a number beyond what the model holds, if it is."""
    if name in ("value", "cost") and key in _AMOUNT_PARAMETERS:
        if abs(value) > MAX_AMOUNT:
            return say("beyond_amount", "{got} is beyond the largest amount, MAX_AMOUNT = "
                       "{limit:g}", got=describe(value), limit=MAX_AMOUNT)
    elif abs(value) > MAX_COUNT:
        if key:
            return say("parameter_beyond_count", "'{parameter}' parameter {got} is beyond the "
                       "largest count, MAX_COUNT = 2**53 = {limit}", parameter=key,
                       got=describe(value), limit=MAX_COUNT)
        return say("beyond_count", "{got} is beyond the largest count, MAX_COUNT = 2**53 = "
                   "{limit}", got=describe(value), limit=MAX_COUNT)
    return None


def _table_input(raw: dict[str, Any], name: str) -> Input | str:
    """An input given as a distribution table ``{ dist = KIND, PARAMETER = number, … }``."""
    params = dict(raw)
    dist = params.pop("dist", None)
    if not isinstance(dist, str):
        return say("needs_dist", "a distribution table needs dist = one of: {kinds}",
                   kinds=", ".join(distributions.KINDS))
    dist = clip(dist)
    for key, value in params.items():
        problem = _parameter_problem(name, f"'{dist}'", clip(key), value)
        if problem:
            return problem
    try:
        inp = distributions.make(dist, {k: float(v) for k, v in params.items()})
        low, high = inp.support
    except (ValueError, ArithmeticError) as exc:
        return reason_of(exc) if isinstance(exc, ValueError) else say(
            "parameters_unusable", "'{dist}': parameters this distribution cannot use "
            "({detail})", dist=dist, detail=str(exc))
    lo, hi = INPUT_RANGE[name]
    if low < lo or high > hi:
        return say("dist_range", "'{dist}' takes values in [{low:g}, {high:g}]; {name} "
                   "must lie in [{lo:g}, {hi:g}]", dist=dist, low=low, high=high, name=name,
                   lo=lo, hi=hi)
    return inp
