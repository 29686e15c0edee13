"""Scenario files (TOML) → validated :class:`~mcimpact.model.scenario.Scenario`.

The only module that reads scenario files. Validation runs in passes: the file itself (a
regular file of at most :data:`MAX_FILE_BYTES`, UTF-8, TOML), the values (nesting, dates,
integer range, NUL characters), a typed schema (pydantic) for keys, types, ranges and
NaN/inf, then the cross-references (ids, labels, years) and the limits of the model that
need the whole file. Every problem becomes a :class:`~mcimpact.errors.Problem` naming the
file, the line, the entry and the field; all problems of a pass are reported together (at
most :data:`~mcimpact.errors.MAX_PROBLEMS`). Scenario files are data: they are parsed,
never evaluated. The limits are described in docs/scenario-format.md#limits.
"""

from __future__ import annotations

import datetime
import hashlib
import math
import re
import tomllib
import typing
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import MAX_PROBLEMS, Problem, ScenarioError
from ..model import distributions
from ..model.distributions import Input
from ..model.profiles import SHAPES
from ..model.scenario import (
    ADJUSTMENT_NAMES,
    BASE_FINANCING,
    CONVENTION_LAG,
    DEFAULT_BENEFICIARIES,
    DEFAULT_DOMAINS,
    DEFAULT_LABELS,
    DEFAULT_PARTICIPANTS_CV,
    DISCOUNT_PRESETS,
    FIXED_ASSUMPTIONS,
    INPUT_NAMES,
    MAX_AMOUNT,
    MAX_COUNT,
    MIN_COST,
    RENEWALS,
    SCALED_INPUTS,
    TIME_CONVENTIONS,
    UNTAGGED,
    Activity,
    Adjustments,
    Chain,
    Correlation,
    Financing,
    Funding,
    Group,
    Initiative,
    Meta,
    Profile,
    Scenario,
    SensitivityRange,
    UnitValue,
)
from ._files import MAX_FILE_BYTES, read_file, too_large
from ._lines import MAX_NESTING, Loc, _Scanner

BUNDLED = "groningen-noord.toml"
ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
# Text shown of a value or key in a message [characters].
MAX_SHOWN = 60
# The most value libraries a scenario includes (each at most MAX_FILE_BYTES).
MAX_INCLUDES = 16


# ---------------------------------------------------------------------------------------
# Schema (first pass)


class _Schema(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, frozen=True)


Id = Annotated[str, Field(pattern=ID_PATTERN)]
Share = Annotated[float, Field(ge=0.0, le=1.0)]
Amount = Annotated[float, Field(ge=0.0, le=MAX_AMOUNT)]  # a cost [currency]
Years = Annotated[int, Field(ge=1, le=MAX_COUNT)]  # a number of years
# An uplift on costs [1]: Green Book upper bounds reach 2 (200 %); 10 is far beyond them.
OptimismBias = Annotated[float, Field(ge=0.0, le=10.0)]


class MetaIn(_Schema):
    name: str
    description: str = ""
    source: str = ""
    currency: str = "EUR"
    institution: str = ""
    start_year: Annotated[int, Field(ge=1900, le=2200)]
    horizon: Annotated[int, Field(ge=1, le=200)] = 20
    # A rate, a schedule {year = rate} or a preset's name (DISCOUNT_PRESETS).
    discount_rate: Annotated[float, Field(ge=0.0, lt=1.0)] | dict[str, float] | str = 0.0
    period_length: Years = 5
    time_convention: str = "arena"  # one of TIME_CONVENTIONS
    base_year: int | None = None  # the price base year (time_convention = "base-year")
    optimism_bias: OptimismBias = 0.0  # the initiatives' default


class GroupIn(_Schema):
    id: Id
    # A name in one language is used for every language; at least one is needed.
    nl: str | None = None
    en: str | None = None


class ScaleIn(_Schema):
    labels: Annotated[dict[str, Share], Field(min_length=1)]
    # Standard deviation of every label's Beta; default: from the neighbouring labels.
    sd: Annotated[float, Field(gt=0.0, lt=0.5)] | None = None


class UncertaintyIn(_Schema):
    # Default uncertainty of participant counts given as a number: negative binomial with
    # the count as mean and sd = participants_cv × count; 0 keeps counts fixed.
    participants_cv: Annotated[float, Field(ge=0.0, le=10.0)] = DEFAULT_PARTICIPANTS_CV


class CorrelationIn(_Schema):
    input: str
    rank_correlation: Annotated[float, Field(ge=0.0, le=1.0)]
    by: str | None = None
    chains: list[str] | None = None


class SensitivityIn(_Schema):
    """A ``[[sensitivity]]`` entry: the range of a fixed assumption."""

    assumption: str
    low: float
    high: float


class ScalesIn(_Schema):
    success_probability: ScaleIn | None = None
    effect_size: ScaleIn | None = None
    # The adjustments have no default scale: labels for one need its scale.
    deadweight: ScaleIn | None = None
    attribution: ScaleIn | None = None
    displacement: ScaleIn | None = None
    drop_off: ScaleIn | None = None


class InitiativeIn(_Schema):
    id: Id
    name: str
    neighbourhood: str = ""
    description: str = ""
    # A cost per year: a number, or a distribution table (checked in the second pass).
    costs: dict[str, Amount | dict[str, Any]]
    optimism_bias: OptimismBias | None = None  # default: [meta] optimism_bias
    residual_value: Amount = 0.0  # benefit in the horizon's last year [currency, nominal]
    activities: Annotated[dict[str, str], Field(min_length=1)]
    tags: dict[str, str] = {}  # {key = value}, inherited by the chains (checked later)
    payer: str | None = None  # a beneficiary id: the group that bears the costs


class ProfileIn(_Schema):
    shape: str
    lag: Annotated[int, Field(ge=0)] = 0
    duration: Any = None  # a number of years or a distribution table
    half_life: Annotated[float, Field(gt=0.0)] | None = None


# An adjustment: a share (checked here, so a number out of range is a first-pass
# problem), a label of its scale or a distribution table (checked in the second pass).
AdjustmentIn = Share | str | dict[str, Any]


class AdjustmentsIn(_Schema):
    deadweight: AdjustmentIn = 0.0
    attribution: AdjustmentIn = 0.0
    displacement: AdjustmentIn = 0.0
    drop_off: AdjustmentIn = 0.0


class ChainIn(_Schema):
    id: Id
    initiative: str
    activity: str
    beneficiary: str
    domain: str | None = None  # none in any chain: the scenario has no domains
    result: str = ""
    effect: str = ""
    note: str = ""
    # Uncertain inputs: a number, a label (slagingskans and delta) or a distribution
    # table; checked in the second pass, which knows the scales and the distributions.
    participants: Any = None  # required unless participants_by_year
    # A count per cohort year {year = count}, each uncertain (instead of participants).
    participants_by_year: dict[str, Any] | None = None
    success_probability: Any = None  # default 1: certain (an SROI line has none)
    effect_size: Any = None  # default 1
    value: Any
    # This chain's count uncertainty, instead of [uncertainty] participants_cv.
    participants_cv: Annotated[float, Field(ge=0.0, le=10.0)] | None = None
    profile: ProfileIn
    cohorts: list[int] | None = None
    claimable: bool = True
    adjustments: AdjustmentsIn = AdjustmentsIn()
    tags: dict[str, str] = {}  # {key = value}, over the initiative's (checked later)


class FundingIn(_Schema):
    """Added funding for the initiatives (``funding``) or one of them (``initiatives.X``,
    whose keys override ``funding``)."""

    funded: bool = True
    first_year: int | None = None
    last_year: int | None = None
    cost_per_year: Amount | None = None
    renewal: str = "fixed"
    cycle: Years | None = None
    non_renewal: Share = 0.0
    uplift: Share = 0.0
    uplift_max: Share | None = None
    sustained_years: Years | None = None
    extra_duration: Annotated[int, Field(ge=0, le=MAX_COUNT)] = 0
    saturation: Annotated[float, Field(gt=0.0, le=1.0)] = 1.0


class FinancingIn(_Schema):
    id: Id
    name: str
    description: str = ""
    joint: bool = True
    funding: FundingIn | None = None
    initiatives: dict[str, FundingIn] = {}
    payer: str | None = None  # a beneficiary id: the group that bears the added costs


class UnitValueIn(_Schema):
    """A named unit value (financial proxy): a number, a distribution table or a range,
    and where it comes from."""

    value: Any
    source: str = ""
    year: Annotated[int, Field(ge=1000, le=9999)] | None = None
    unit: str = ""
    description: str = ""


class ValueLibraryIn(_Schema):
    """A value library file: only named unit values."""

    values: dict[str, UnitValueIn]


class ScenarioIn(_Schema):
    meta: MetaIn
    beneficiaries: Annotated[list[GroupIn], Field(min_length=1)] | None = None
    domains: Annotated[list[GroupIn], Field(min_length=1)] | None = None
    scales: ScalesIn = ScalesIn()
    uncertainty: UncertaintyIn = UncertaintyIn()
    correlations: list[CorrelationIn] = []
    initiatives: Annotated[list[InitiativeIn], Field(min_length=1)]
    chains: Annotated[list[ChainIn], Field(min_length=1)]
    financing: list[FinancingIn] = []
    sensitivity: list[SensitivityIn] = []
    values: dict[str, UnitValueIn] = {}
    # Value libraries: files with a [values] table, relative to the scenario file.
    include_values: str | list[str] | None = None
    # Written by `mcimpact update` into a posterior file and read there (it does not
    # change what is simulated; docs/monitoring.md#the-provenance-block).
    provenance: dict[str, Any] | None = None


# ---------------------------------------------------------------------------------------
# Locating things in the TOML text (lines: mcimpact.readers._lines)

def _clip(text: str, limit: int = MAX_SHOWN) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Locator:
    def __init__(self, path: str, text: str, data: dict[str, Any]):
        self.path = path
        self.lines = _Scanner(text).lines
        self.data = data

    def line(self, loc: Loc) -> int:
        if loc in self.lines:
            return self.lines[loc]
        for n in range(min(len(loc), MAX_NESTING + 2), 0, -1):
            if loc[:n] in self.lines:
                return self.lines[loc[:n]]
        return 1  # the top-level table starts at the top of the file

    def entry(self, loc: Loc) -> tuple[str | None, Loc]:
        """Split a location into the entry it is in and the field within that entry."""
        if len(loc) >= 2 and isinstance(loc[1], int):
            name = f"{_clip(str(loc[0]))}[{loc[1]}]"
            try:
                item = self.data[str(loc[0])][loc[1]]
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    name += f" (id '{_clip(item['id'])}')"
            except (KeyError, IndexError, TypeError):
                pass
            return name, loc[2:]
        if len(loc) >= 2:
            return f"[{_clip(str(loc[0]))}]", loc[1:]
        return None, loc

    def problem(self, loc: Loc, message: str) -> Problem:
        entry, field = self.entry(loc)
        shown = [_clip(str(f)) for f in field[:MAX_NESTING]]
        if len(field) > MAX_NESTING:
            shown.append("…")
        return Problem(
            file=self.path,
            message=message,
            line=self.line(loc),
            entry=entry,
            field=".".join(shown) or None,
        )


def _describe(value: Any) -> str:
    """A value as a message shows it: TOML's words, long text cut short."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        kind = "offset date-time" if value.tzinfo else "local date-time"
        return f"the {kind} {value.isoformat()}"
    if isinstance(value, datetime.date):
        return f"the local date {value.isoformat()}"
    if isinstance(value, datetime.time):
        return f"the local time {value.isoformat()}"
    if isinstance(value, dict):
        return "a table" if value else "an empty table"
    if isinstance(value, list):
        return "an array" if value else "an empty array"
    if isinstance(value, int) and abs(value) >= 10**MAX_SHOWN:
        return f"an integer of {len(str(abs(value)))} digits"
    return repr(_clip(value)) if isinstance(value, str) else repr(value)


# ---------------------------------------------------------------------------------------
# The values themselves (before the schema): nesting, dates, integers, NUL

_INT64 = 2**63
_TOO_DEEP = f"tables and arrays nested more than MAX_NESTING = {MAX_NESTING} deep"


def _value_problem(value: Any) -> str | None:
    """What is wrong with a scalar in any field of a scenario, if anything."""
    if isinstance(value, datetime.date | datetime.time):
        return f"no field of a scenario takes a date or a time; got {_describe(value)}"
    if isinstance(value, int) and not -_INT64 <= value < _INT64:
        return f"integer outside TOML's 64-bit range, got {_describe(value)}"
    if isinstance(value, str) and "\0" in value:
        return "the text contains a NUL character (U+0000)"
    return None


def _value_problems(data: dict[str, Any]) -> list[tuple[Loc, str]]:
    """(location, message) of every value no field can take, walked without recursion."""
    found: list[tuple[Loc, str]] = []
    stack: list[tuple[Any, Loc]] = [(data, ())]
    while stack:
        node, loc = stack.pop()
        if len(loc) > MAX_NESTING:
            found.append((loc, _TOO_DEEP))
            continue
        items = node.items() if isinstance(node, dict) else (
            enumerate(node) if isinstance(node, list) else None)
        if items is None:
            message = _value_problem(node)
            if message:
                found.append((loc, message))
            continue
        for key, value in items:
            if isinstance(key, str) and "\0" in key:
                found.append(((*loc, key), "the key contains a NUL character (U+0000)"))
            else:
                stack.append((value, (*loc, key)))
    return found


# ---------------------------------------------------------------------------------------
# Turning pydantic's errors into ours

# Parts of a pydantic location that name a member of a union, not a key of the file.
_UNION_TAG = re.compile(r"(?:float|int|str|bool|dict\[.*\]|list\[.*\]|constrained-.*|"
                        r"function-.*|[A-Z]\w*In)")


def _file_loc(raw: tuple[str | int, ...], data: Any) -> Loc:
    """A pydantic location without its union tags (a key 'int' of the file stays)."""
    loc: list[str | int] = []
    node = data
    for part in raw:
        present = isinstance(node, dict | list) and _has(node, part)
        if isinstance(part, str) and not present and _UNION_TAG.fullmatch(part):
            continue
        loc.append(part)
        node = node[part] if present else None
    return tuple(loc)


def _has(node: dict[str, Any] | list[Any], part: str | int) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(part, int) and 0 <= part < len(node)


def _allowed_keys(loc: Loc) -> list[str]:
    """The keys the schema allows at ``loc`` (for 'unknown key' messages)."""
    node: Any = ScenarioIn
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(node, "model_fields", None)
        if fields is None or part not in fields:
            return []
        node = fields[part].annotation
        while not (isinstance(node, type) and issubclass(node, BaseModel)):
            args = [a for a in typing.get_args(node) if a is not type(None)]
            if not args:
                return []
            node = args[-1] if typing.get_origin(node) is dict else args[0]
    return list(getattr(node, "model_fields", {}))


_LIMIT_NAMES = {MAX_AMOUNT: f"MAX_AMOUNT = {MAX_AMOUNT:g}",
                MAX_COUNT: f"MAX_COUNT = 2**53 = {MAX_COUNT}"}


def _schema_message(err: Any, loc: Loc) -> str:
    """One pydantic error in the words of a TOML file."""
    kind, got = err["type"], err.get("input")
    if kind == "extra_forbidden":
        allowed = _allowed_keys(loc[:-1])
        message = f"unknown key '{_clip(str(loc[-1]))}'"
        return message + (f"; allowed here: {', '.join(allowed)}" if allowed else "")
    if kind == "missing":
        return "missing required field"
    if kind == "finite_number":
        return f"must be a finite number, got {_describe(got)}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"expected a table, got {_describe(got)}"
    if kind == "list_type":
        return f"expected an array, got {_describe(got)}"
    if kind == "too_short":
        n = err.get("ctx", {}).get("min_length", 1)
        return f"needs at least {n} entr{'y' if n == 1 else 'ies'}, got {_describe(got)}"
    message = err["msg"][0].lower() + err["msg"][1:]
    limit = err.get("ctx", {}).get("le")
    if kind == "less_than_equal" and limit in _LIMIT_NAMES:
        message = f"input should be at most {_LIMIT_NAMES[limit]}"
    return message if isinstance(got, dict | list) else f"{message}, got {_describe(got)}"


def _schema_problems(error: ValidationError, where: _Locator,
                     flagged: set[Loc]) -> tuple[list[Problem], int]:
    """Pydantic's errors as problems, and how many more were found: the first
    MAX_PROBLEMS by line are worded. None is under a location in ``flagged`` (reported
    already) or above another error's location (a union's other member said less)."""
    errors = []
    for err in error.errors():
        loc = _file_loc(err["loc"], where.data)
        if not any(loc[:n] in flagged for n in range(len(loc) + 1)):
            errors.append((loc, err))
    deeper = {loc[:n] for loc in [*(e[0] for e in errors), *flagged] for n in range(len(loc))}
    kept, seen = [], set()
    for loc, err in errors:
        # A field typed 'number or table' fails once per alternative: report it once.
        key = (loc, err["type"] == "extra_forbidden")
        if loc in deeper or key in seen:
            continue
        seen.add(key)
        line = where.line(loc)
        kept.append((line is None, line or 0, loc, err))
    kept.sort(key=lambda k: k[:2])
    problems = [where.problem(loc, _schema_message(err, loc))
                for *_, loc, err in kept[:MAX_PROBLEMS]]
    return problems, len(kept) - len(problems)


# ---------------------------------------------------------------------------------------
# Second pass: cross-references, and building the model


def _year_key(key: str) -> int | None:
    """The year a key names: four ASCII digits (not other scripts' digits)."""
    return int(key) if re.fullmatch(r"[0-9]{4}", key) else None


def _build(spec: ScenarioIn, where: _Locator, text: str) -> Scenario:
    problems: list[Problem] = []

    def bad(loc: tuple[str | int, ...], message: str) -> None:
        problems.append(where.problem(loc, message))

    m = spec.meta
    years = range(m.start_year, m.start_year + m.horizon)
    span = f"{m.start_year}–{m.start_year + m.horizon - 1}"

    convention = m.time_convention
    if convention not in TIME_CONVENTIONS:
        bad(("meta", "time_convention"),
            _unknown("time convention", convention, list(TIME_CONVENTIONS)))
        convention = "arena"
    base_year = m.base_year
    if convention == "base-year" and base_year is None:
        bad(("meta", "base_year"), "time_convention = 'base-year' needs the price base year "
            f"base_year, a year in {span}")
    elif base_year is not None and convention != "base-year":
        bad(("meta", "base_year"), "only time_convention = 'base-year' takes a base_year "
            f"(it is '{convention}')")
        base_year = None
    elif base_year is not None and base_year not in years:
        bad(("meta", "base_year"), f"expected a year in {span}, got {base_year}")
        base_year = None
    discount_year = (base_year if convention == "base-year" and base_year is not None
                     else m.start_year)

    # Discounting: a single rate, a schedule {from_year = rate} or a preset.
    preset = None
    if isinstance(m.discount_rate, str):
        if m.discount_rate not in DISCOUNT_PRESETS:
            bad(("meta", "discount_rate"), _unknown("discount rate preset", m.discount_rate,
                                                    list(DISCOUNT_PRESETS)))
            rates = [0.0] * m.horizon
        else:
            preset = m.discount_rate
            rate_of = DISCOUNT_PRESETS[preset]
            # The rate of year t discounts t against t − 1: the step to year t − base.
            rates = [rate_of(year - discount_year) for year in years]
    elif isinstance(m.discount_rate, dict):
        schedule: dict[int, float] = {}
        if not m.discount_rate:
            bad(("meta", "discount_rate"), "an empty discount schedule; give the rate from "
                f"the start year on, e.g. {{ {m.start_year} = 0.03 }}, or a single rate")
        for key, rate in m.discount_rate.items():
            year = _year_key(key)
            if year is None or year not in years:
                bad(("meta", "discount_rate", key), f"expected a year in {span} as key")
            elif not 0.0 <= rate < 1.0:
                bad(("meta", "discount_rate", key), f"expected a rate in [0, 1), got {rate!r}")
            else:
                schedule[year] = rate
        if schedule and min(schedule) != m.start_year:
            bad(("meta", "discount_rate"),
                f"a discount schedule must start at the start year {m.start_year}")
        rates, rate = [], 0.0
        for year in years:
            rate = schedule.get(year, rate)
            rates.append(rate)
    else:
        rates = [m.discount_rate] * m.horizon
    meta = Meta(
        name=m.name, description=m.description, source=m.source, currency=m.currency,
        institution=m.institution,
        start_year=m.start_year, horizon=m.horizon, discount_rates=tuple(rates),
        period_length=m.period_length, time_convention=convention,
        base_year=base_year if convention == "base-year" else None, discount_preset=preset,
    )

    def groups(
        name: str, given: list[GroupIn] | None, defaults: tuple[tuple[str, str, str], ...]
    ) -> tuple[Group, ...]:
        if given is None:
            return tuple(Group(gid, {"nl": nl, "en": en}) for gid, nl, en in defaults)
        for dup in _duplicates([g.id for g in given]):
            bad((name, dup, "id"), f"duplicate id '{given[dup].id}'")
        for k, g in enumerate(given):
            if g.nl is None and g.en is None:
                bad((name, k), "needs a name: nl, en or both (one is used for every "
                    "language)")
        unique = {g.id: g for g in reversed(given)}  # the first of duplicates counts
        return tuple(Group(g.id, {lang: text for lang, text in (("nl", g.nl), ("en", g.en))
                                  if text is not None})
                     for g in unique.values())[::-1]

    beneficiaries = groups("beneficiaries", spec.beneficiaries, DEFAULT_BENEFICIARIES)
    # Domains are optional: without [[domains]] and without a domain in any chain, the
    # scenario has none (no domain breakdown, no cost claim).
    with_domain = [c.domain is not None for c in spec.chains]
    no_domains = spec.domains is None and not any(with_domain)
    domains = () if no_domains else groups("domains", spec.domains, DEFAULT_DOMAINS)

    scales: dict[str, dict[str, float]] = {}
    label_inputs: dict[str, dict[str, Input]] = {}
    for input_name in SCALED_INPUTS:
        given_scale = getattr(spec.scales, input_name)
        scales[input_name] = dict(given_scale.labels) if given_scale else dict(DEFAULT_LABELS)
        sds = _label_sds(scales[input_name], given_scale.sd if given_scale else None)
        label_inputs[input_name] = {}
        for label, mean in scales[input_name].items():
            try:
                label_inputs[input_name][label] = _label_input(label, mean, sds[label])
            except (ValueError, ArithmeticError) as exc:
                bad(("scales", input_name, "labels", label), f"label '{_clip(label)}': {exc}")
    for input_name in ADJUSTMENT_NAMES:
        given_scale = getattr(spec.scales, input_name)
        if given_scale is None:
            continue
        scales[input_name] = dict(given_scale.labels)
        sds = _label_sds(scales[input_name], given_scale.sd)
        label_inputs[input_name] = {}
        for label, mean in scales[input_name].items():
            try:
                label_inputs[input_name][label] = _label_input(label, mean, sds[label])
            except (ValueError, ArithmeticError) as exc:
                bad(("scales", input_name, "labels", label), f"label '{_clip(label)}': {exc}")

    named, included = _unit_values(spec, where, bad, problems.append)

    initiatives = []
    for dup in _duplicates([i.id for i in spec.initiatives]):
        bad(("initiatives", dup, "id"), f"duplicate id '{spec.initiatives[dup].id}'")
    for n, ini in enumerate(spec.initiatives):
        costs, cost_inputs = [], []
        for key, cost in ini.costs.items():
            year = _year_key(key)
            if year is None or year not in years:
                bad(("initiatives", n, "costs", key), f"expected a year in {span} as key")
            elif isinstance(cost, dict):  # an uncertain cost; its mean is the point cost
                got = _input(cost, "cost", {}, 0.0)
                if isinstance(got, str):
                    bad(("initiatives", n, "costs", key), got)
                elif got.is_fixed:
                    costs.append((year, got.point))
                else:
                    cost_inputs.append((year, got))
                    costs.append((year, got.point))
            else:
                if 0 < cost < MIN_COST:
                    bad(("initiatives", n, "costs", key), _tiny_cost(cost))
                costs.append((year, cost))
        for act_id in ini.activities:
            if not re.fullmatch(ID_PATTERN, act_id):
                bad(("initiatives", n, "activities", act_id),
                    f"activity id '{act_id}' must match {ID_PATTERN}")
        ini_tags = _tags(ini.tags, ("initiatives", n), bad)
        if ini.neighbourhood and "neighbourhood" in ini_tags:
            bad(("initiatives", n, "tags", "neighbourhood"), "the initiative gives its "
                "neighbourhood already (the tag 'neighbourhood'); give it once")
        initiatives.append(Initiative(
            id=ini.id, name=ini.name, neighbourhood=ini.neighbourhood,
            tags=tuple(ini_tags.items()),
            description=ini.description, costs=tuple(sorted(costs)),
            activities=tuple(Activity(k, v, ini.id) for k, v in ini.activities.items()),
            cost_inputs=tuple(sorted(cost_inputs, key=lambda yc: yc[0])),
            optimism_bias=(m.optimism_bias if ini.optimism_bias is None
                           else ini.optimism_bias),
            residual_value=ini.residual_value,
            payer=ini.payer,
        ))
    by_id = {i.id: i for i in reversed(initiatives)}  # the first of duplicates counts
    beneficiary_ids = [g.id for g in beneficiaries]
    for n, ini in enumerate(spec.initiatives):
        if ini.payer is not None and ini.payer not in beneficiary_ids:
            bad(("initiatives", n, "payer"), _unknown("beneficiary", ini.payer,
                                                      beneficiary_ids))
    domain_ids = [g.id for g in domains]

    chains = []
    for dup in _duplicates([c.id for c in spec.chains]):
        bad(("chains", dup, "id"), f"duplicate id '{spec.chains[dup].id}'")
    for n, c in enumerate(spec.chains):
        here = ("chains", n)
        initiative = by_id.get(c.initiative)
        if initiative is None:
            bad((*here, "initiative"), _unknown("initiative", c.initiative, list(by_id)))
        elif c.activity not in {a.id for a in initiative.activities}:
            bad((*here, "activity"), _unknown(
                "activity", c.activity, [a.id for a in initiative.activities],
                f" of initiative '{initiative.id}'"))
        if c.beneficiary not in beneficiary_ids:
            bad((*here, "beneficiary"), _unknown("beneficiary", c.beneficiary, beneficiary_ids))
        if c.domain is None:
            if not no_domains:
                bad((*here, "domain"), "missing required field" if spec.domains else
                    f"give a domain in every chain or in none "
                    f"({sum(with_domain)} of {len(with_domain)} chains give one)")
        elif c.domain not in domain_ids:
            bad((*here, "domain"), _unknown("domain", c.domain, domain_ids))

        inputs = {}
        cv = (spec.uncertainty.participants_cv if c.participants_cv is None
              else c.participants_cv)
        per_year = _participants_by_year(c, here, years, span, label_inputs, cv, bad)
        for input_name in ("participants", *SCALED_INPUTS, "value"):
            raw = getattr(c, input_name)
            if input_name == "participants" and (raw is None or per_year is not None):
                if raw is None and c.participants_by_year is None:
                    bad((*here, input_name), "missing required field (or give "
                        "participants_by_year)")
                continue
            if input_name == "value" and isinstance(raw, str):  # a named unit value
                inp = (named[raw].value if raw in named else
                       _unknown("value", raw, list(named)) if named else
                       "expected a number or a distribution table, got the text "
                       f"{_describe(raw)}; a text names a unit value of [values], and the "
                       "scenario has none")
            else:
                inp = (distributions.fixed(1.0) if raw is None
                       else _input(raw, input_name, label_inputs, cv))
            if isinstance(inp, str):
                bad((*here, input_name), inp)
            else:
                inputs[input_name] = inp
        adjustments = {}
        for input_name in ADJUSTMENT_NAMES:
            inp = _input(getattr(c.adjustments, input_name), input_name, label_inputs, 0.0)
            if isinstance(inp, str):
                bad((*here, "adjustments", input_name), inp)
            else:
                adjustments[input_name] = inp

        profile = _profile(c.profile, (*here, "profile"), meta, bad)
        tags = {}
        if initiative is not None:
            if initiative.neighbourhood:
                tags["neighbourhood"] = initiative.neighbourhood
            tags.update(initiative.tags)
        tags.update(_tags(c.tags, here, bad))

        if per_year is not None:  # the years of the counts are the cohorts
            cohorts = tuple(per_year)
            if c.cohorts is not None:
                bad((*here, "cohorts"), "participants_by_year names the cohort years; "
                    "leave out cohorts")
        elif c.cohorts is None:
            cohorts = initiative.funded_years if initiative else ()
            if initiative and not cohorts:
                bad((*here, "cohorts"), f"initiative '{initiative.id}' has no funded years "
                    "(costs > 0), so give the chain's cohort years explicitly")
        else:
            cohorts = tuple(c.cohorts)
            if not cohorts:
                bad((*here, "cohorts"), "needs at least one cohort year (or leave it out to "
                    "use the initiative's funded years)")
            for year in cohorts:
                if year not in years:
                    bad((*here, "cohorts"), f"cohort year {year} outside the horizon {span}")
            for dup in _duplicates(list(cohorts)):
                bad((*here, "cohorts"), f"cohort year {cohorts[dup]} listed twice")

        if per_year and len(inputs) == 3 and len(adjustments) == 4 and profile is not None:
            # One chain per cohort year, each with its own count; the other inputs are
            # the same random variables in every year (correlations of rank 1 below).
            for year, count in per_year.items():
                chains.append(Chain(
                    id=f"{c.id}@{year}", initiative=c.initiative, activity=c.activity,
                    beneficiary=c.beneficiary, domain=c.domain, profile=profile,
                    cohorts=(year,), claimable=c.claimable, follows_funding=False,
                    adjustments=Adjustments(**adjustments),
                    value_name=c.value if isinstance(c.value, str) else None,
                    result=c.result, effect=c.effect, note=c.note, participants=count,
                    parent=c.id, tags=tuple(tags.items()), **inputs,
                ))
        elif len(inputs) == 4 and len(adjustments) == 4 and profile is not None:
            chains.append(Chain(
                id=c.id, initiative=c.initiative, activity=c.activity,
                beneficiary=c.beneficiary, domain=c.domain, profile=profile,
                cohorts=tuple(sorted(cohorts)), claimable=c.claimable,
                follows_funding=c.cohorts is None,
                adjustments=Adjustments(**adjustments),
                value_name=c.value if isinstance(c.value, str) else None,
                result=c.result, effect=c.effect, note=c.note,
                tags=tuple(tags.items()), **inputs,
            ))

    correlations = _correlations(spec, chains, bad) + _cohort_correlations(chains)
    financing = _financing(spec, initiatives, meta, bad)
    payer_of = {f.id: f.payer for f in spec.financing}
    for n, f in enumerate(spec.financing):
        if f.payer is not None and f.payer not in beneficiary_ids:
            bad(("financing", n, "payer"), _unknown("beneficiary", f.payer, beneficiary_ids))
    financing = tuple(replace(f, payer=payer_of.get(f.id)) for f in financing)
    sensitivity = _sensitivity(spec, bad)

    if problems:
        raise ScenarioError(problems)
    return Scenario(
        meta=meta, beneficiaries=beneficiaries, domains=domains, scales=scales,
        initiatives=tuple(initiatives), chains=tuple(chains), correlations=correlations,
        financing=financing, participants_cv=spec.uncertainty.participants_cv,
        path=where.path, text=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        values=tuple(named.values()), included=included, sensitivity=sensitivity,
    )


def _unit_values(spec: ScenarioIn, where: _Locator, bad: Any, add: Any
                 ) -> tuple[dict[str, UnitValue], tuple[tuple[str, str], ...]]:
    """The named unit values: those of the value libraries (``include_values``, each a
    TOML file with a ``[values]`` table, its path relative to the scenario file), then
    the scenario's own ``[values]``. A name is defined once. Problems in a library are
    located in that file (``add``), the rest in the scenario (``bad``)."""
    named: dict[str, UnitValue] = {}
    included: list[tuple[str, str]] = []
    paths = ([spec.include_values] if isinstance(spec.include_values, str)
             else spec.include_values or [])
    base = Path(where.path).parent if not where.path.startswith("<") else Path.cwd()
    if len(paths) > MAX_INCLUDES:
        bad(("include_values",), f"{len(paths)} value libraries; a scenario includes at most "
            f"MAX_INCLUDES = {MAX_INCLUDES}")
        paths = []
    for k, given in enumerate(paths):
        here = ("include_values", k) if isinstance(spec.include_values, list) else (
            "include_values",)
        path = base / given
        try:
            raw = _read(str(path))
            text = raw.decode("utf-8")
            _check_text(text, str(path))
            data = _parse_toml(text, str(path))
        except ScenarioError as exc:
            reason = "; ".join(p.message for p in exc.problems)
            bad(here, f"cannot read the value library '{_clip(given)}' ({path}): {reason}")
            continue
        except UnicodeDecodeError:
            bad(here, f"cannot read the value library '{_clip(given)}' ({path}): not UTF-8 "
                "text")
            continue
        lib = _Locator(str(path), text, data)
        try:
            library = ValueLibraryIn.model_validate(data)
        except ValidationError as exc:
            for problem in _schema_problems(exc, lib, set())[0]:
                add(problem)
            continue
        included.append((str(path), hashlib.sha256(raw).hexdigest()))

        def in_library(loc: Loc, message: str, lib: _Locator = lib) -> None:
            add(lib.problem(loc, message))

        for name, entry in library.values.items():
            value = _unit_value(name, entry, str(path), in_library)
            if value is None:
                continue
            if name in named:
                add(lib.problem(("values", name), f"value '{_clip(name)}' is also defined in "
                                f"{named[name].file}; a name is defined once"))
            named[name] = value
    for name, entry in spec.values.items():
        value = _unit_value(name, entry, where.path, bad)
        if value is None:
            continue
        if name in named:
            bad(("values", name), f"value '{_clip(name)}' is also defined in the value "
                f"library {named[name].file}; a name is defined once")
        named[name] = value
    return named, tuple(included)


def _unit_value(name: str, entry: UnitValueIn, file: str, bad: Any) -> UnitValue | None:
    if not re.fullmatch(ID_PATTERN, name):
        bad(("values", name), f"value name '{_clip(name)}' must match {ID_PATTERN}")
        return None
    if isinstance(entry.value, str):
        bad(("values", name, "value"), "expected a number, a distribution table or a range, "
            f"got the text {_describe(entry.value)}")
        return None
    inp = _input(entry.value, "value", {}, 0.0)
    if isinstance(inp, str):
        bad(("values", name, "value"), inp)
        return None
    return UnitValue(name=name, value=inp, source=entry.source, year=entry.year,
                     unit=entry.unit, description=entry.description, file=file)


def _profile(p: ProfileIn, loc: tuple[str | int, ...], meta: Meta, bad: Any) -> Profile | None:
    shape = SHAPES.get(p.shape)
    if shape is None:
        bad((*loc, "shape"), _unknown("profile shape", p.shape, list(SHAPES)))
        return None
    ok = True
    if p.half_life is not None and not shape.accepts_half_life:
        bad((*loc, "half_life"), f"shape '{p.shape}' takes no half_life")
        ok = False
    if shape.accepts_half_life and p.half_life is None:
        bad((*loc, "half_life"), f"shape '{p.shape}' needs a half_life (years, > 0)")
        ok = False
    if shape.needs_duration and p.duration is None:
        bad((*loc, "duration"), f"shape '{p.shape}' needs a duration (years, >= 1)")
        ok = False
    if shape.default_duration is not None and p.duration not in (None, shape.default_duration):
        bad((*loc, "duration"),
            f"shape '{p.shape}' lasts {shape.default_duration} year; got duration {p.duration}")
        ok = False
    duration = distributions.fixed(shape.default_duration or meta.horizon)
    if p.duration is not None and ok:
        got = _input(p.duration, "duration", {}, 0.0)
        if isinstance(got, str):
            bad((*loc, "duration"), got)
            ok = False
        else:
            duration = got
    shift = CONVENTION_LAG[meta.time_convention]
    if p.lag + shift >= meta.horizon:
        later = (f" (time_convention '{meta.time_convention}' starts effects {shift} year "
                 "after the cohort year)" if shift else "")
        bad((*loc, "lag"), f"lag {p.lag} puts the whole effect beyond the {meta.horizon}-year "
            f"horizon{later}")
        ok = False
    if not ok:
        return None
    return Profile(shape=p.shape, lag=p.lag + shift, duration=duration, half_life=p.half_life,
                   convention_lag=shift)


# Where each input's values may lie, (low, high). Plain numbers for participants and
# duration must be whole (sampled durations are rounded; see the docs).
_WHOLE = ("participants", "duration")
_INPUT_RANGE = {
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


def _label_sds(labels: dict[str, float], sd: float | None) -> dict[str, float]:
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


def _label_input(label: str, mean: float, sd: float) -> Input:
    if mean in (0.0, 1.0):  # a Beta cannot have its mean on the edge: the label is certain
        return distributions.make("fixed", {"value": mean}, label=label)
    return distributions.label_beta(label, mean, sd)


def _input(
    raw: Any, name: str, labels: dict[str, dict[str, Input]], participants_cv: float
) -> Input | str:
    """One uncertain input from its file form; a string is the problem with it."""
    if isinstance(raw, bool) or not isinstance(raw, int | float | str | dict):
        forms = "a number, a label or" if name in labels else "a number or"
        return f"expected {forms} a distribution table {{ dist = ... }}, got {_describe(raw)}"
    if isinstance(raw, str):
        if name not in labels:
            hint = (f" (labels need a scale: [scales.{name}])"
                    if name in ADJUSTMENT_NAMES else "")
            return (f"expected a number or a distribution table, got the text "
                    f"{_describe(raw)}{hint}")
        if raw not in labels[name]:
            return _unknown(f"{name} label", _clip(raw), list(labels[name]))
        return labels[name][raw]
    if isinstance(raw, int | float):
        return _number_input(raw, name, participants_cv)
    if "label" in raw and "dist" not in raw:
        return _label_table(raw, name, labels)
    if ("low" in raw or "high" in raw) and "dist" not in raw:
        return _range_input(raw, name)
    return _table_input(raw, name)


def _range_family(name: str, low: float) -> str | None:
    """The family a workshop range of input ``name`` is fitted to (see RANGE_FITS)."""
    lo, hi = _INPUT_RANGE[name]
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
        return (f"a range takes low, high and confidence, not "
                f"{', '.join(map(_clip, extra))} (a distribution table needs dist = ...)")
    if "low" not in raw or "high" not in raw:
        return "a range needs both low and high"
    given = {"confidence": distributions.DEFAULT_RANGE_CONFIDENCE, **raw}
    for key, value in given.items():
        problem = _parameter_problem(name, "range", key, value)
        if problem:
            return problem
    low, high, confidence = float(given["low"]), float(given["high"]), float(
        given["confidence"])
    if not low < high:
        return f"range: low ({low:g}) must be below high ({high:g})"
    if not 0.0 < confidence < 1.0:
        return f"range: confidence must lie in (0, 1), got {confidence:g}"
    family = _range_family(name, low)
    if family is None:
        return f"a range cannot be given for {name}; give a distribution table"
    if family == "beta" and not 0.0 < low < high < 1.0:
        return f"range: low and high of {name} must lie strictly within (0, 1)"
    if family == "lognormal" and not low > 0.0:
        return f"range: low of {name} must be > 0 (it is fitted to a lognormal)"
    try:
        fitted = distributions.RANGE_FITS[family](low, high, confidence)
    except (ValueError, ArithmeticError) as exc:
        return f"range: {exc}"
    for key, value in fitted.params:
        too_large = _too_large_number(name, key, value)
        if too_large:
            return f"range: the fitted {fitted.dist}'s {too_large}"
    return fitted


def _label_table(raw: dict[str, Any], name: str,
                 labels: dict[str, dict[str, Input]]) -> Input | str:
    """A label with a spread of its own: ``{ label = "hoog", sd = 0.1 }``, the Beta with
    the label's value as mean and this sd (instead of the scale's)."""
    extra = sorted(set(raw) - {"label", "sd"})
    if extra:
        return (f"a label table takes label and sd, not {', '.join(map(_clip, extra))} "
                "(a distribution table needs dist = ...)")
    label, sd = raw["label"], raw.get("sd")
    if not isinstance(label, str):
        return f"'label' must be a label (text), got {_describe(label)}"
    base = _input(label, name, labels, 0.0)
    if isinstance(base, str) or sd is None:
        return base
    if isinstance(sd, bool) or not isinstance(sd, int | float) or not math.isfinite(sd):
        return f"'sd' must be a finite number, got {_describe(sd)}"
    mean = base.point
    if mean in (0.0, 1.0):
        return f"label '{_clip(label)}' has the value {mean:g}, which is certain: no sd"
    try:
        return distributions.label_beta(label, mean, float(sd))
    except ValueError as exc:
        return f"label '{_clip(label)}': {exc}"


def _number_input(raw: float, name: str, participants_cv: float) -> Input | str:
    """An input given as a plain number."""
    lo, hi = _INPUT_RANGE[name]
    if not math.isfinite(raw):
        return f"must be a finite number, got {raw!r}"
    if not lo <= raw <= hi:
        return f"expected a number in [{lo:g}, {hi:g}], got {_describe(raw)}"
    too_large = _too_large_number(name, "", raw)
    if too_large:
        return too_large
    if name in _WHOLE and raw != int(raw):
        unit = "years" if name == "duration" else "people"
        return f"expected a whole number of {unit}, got {raw!r}"
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
        return f"{what} parameter '{key}' must be a number, got {_describe(value)}"
    if not math.isfinite(value):
        return f"{what} parameter '{key}' must be a finite number, got {value!r}"
    too_large = _too_large_number(name, key, value)
    return f"{what}: {too_large}" if too_large else None


def _too_large_number(name: str, key: str, value: float) -> str | None:
    """The problem with a number beyond what the model holds, if it is."""
    if name in ("value", "cost") and key in _AMOUNT_PARAMETERS:
        if abs(value) > MAX_AMOUNT:
            return (f"{_describe(value)} is beyond the largest amount, "
                    f"MAX_AMOUNT = {MAX_AMOUNT:g}")
    elif abs(value) > MAX_COUNT:
        what = f"'{key}' parameter {_describe(value)}" if key else _describe(value)
        return f"{what} is beyond the largest count, MAX_COUNT = 2**53 = {MAX_COUNT}"
    return None


def _table_input(raw: dict[str, Any], name: str) -> Input | str:
    """An input given as a distribution table ``{ dist = KIND, PARAMETER = number, … }``."""
    params = dict(raw)
    dist = params.pop("dist", None)
    if not isinstance(dist, str):
        return (f"a distribution table needs dist = one of: "
                f"{', '.join(distributions.KINDS)}")
    dist = _clip(dist)
    for key, value in params.items():
        problem = _parameter_problem(name, f"'{dist}'", _clip(key), value)
        if problem:
            return problem
    try:
        inp = distributions.make(dist, {k: float(v) for k, v in params.items()})
        low, high = inp.support
    except (ValueError, ArithmeticError) as exc:
        return str(exc) if isinstance(exc, ValueError) else (
            f"'{dist}': parameters this distribution cannot use ({exc})")
    lo, hi = _INPUT_RANGE[name]
    if low < lo or high > hi:
        return (f"'{dist}' takes values in [{low:g}, {high:g}]; {name} must lie in "
                f"[{lo:g}, {hi:g}]")
    return inp



def _participants_by_year(c: ChainIn, here: Loc, years: range, span: str,
                          labels: dict[str, dict[str, Input]], cv: float,
                          bad: Any) -> dict[int, Input] | None:
    """The counts of ``participants_by_year`` by cohort year (sorted), each as a
    ``participants`` input; None when the chain has none (or they have problems)."""
    if c.participants_by_year is None:
        return None
    loc = (*here, "participants_by_year")
    if c.participants is not None:
        bad(loc, "give participants or participants_by_year, not both")
        return None
    if not c.participants_by_year:
        bad(loc, f"needs at least one cohort year, e.g. {{ {years[0]} = 40 }}")
        return None
    out: dict[int, Input] = {}
    ok = True
    for key, raw in c.participants_by_year.items():
        year = _year_key(key)
        if year is None or year not in years:
            bad((*loc, key), f"expected a year in {span} as key")
            ok = False
            continue
        inp = _input(raw, "participants", labels, cv)
        if isinstance(inp, str):
            bad((*loc, key), inp)
            ok = False
        else:
            out[year] = inp
    return dict(sorted(out.items())) if ok else None


def _cohort_correlations(chains: list[Chain]) -> tuple[Correlation, ...]:
    """Rank correlation 1 between the cohort years of a chain given by
    participants_by_year, for each of its uncertain inputs but the count: one success
    probability, effect size, value, duration and adjustment for all its years."""
    years: dict[str, list[Chain]] = {}
    for c in chains:
        if c.parent:
            years.setdefault(c.parent, []).append(c)
    out = []
    for parent, subs in years.items():
        if len(subs) < 2:
            continue
        for name, inp in zip(INPUT_NAMES, subs[0].inputs, strict=True):
            if name != "participants" and not inp.is_fixed:
                out.append(Correlation(name, 1.0, ((parent, tuple(s.id for s in subs)),)))
    return tuple(out)


def _correlations(spec: ScenarioIn, chains: list[Chain], bad: Any) -> tuple[Correlation, ...]:
    out = []
    # A chain given by participants_by_year is its cohort years' chains: its count
    # correlates per year; its other inputs are one per chain already (rank 1).
    cohorts: dict[str, tuple[str, ...]] = {}
    for c in chains:
        if c.parent:
            cohorts[c.parent] = (*cohorts.get(c.parent, ()), c.id)
    claimed: dict[tuple[str, str], int] = {}
    known = {c.id for c in spec.chains}  # also those with problems of their own
    for n, corr in enumerate(spec.correlations):
        here = ("correlations", n)
        if corr.input not in INPUT_NAMES:
            bad((*here, "input"), _unknown("input", corr.input, list(INPUT_NAMES)))
            continue
        if (corr.by is None) == (corr.chains is None):
            bad(here, "give either 'by' (a group) or 'chains' (a list of chain ids)")
            continue
        if corr.chains is not None:
            unknown = [c for c in corr.chains if c not in known]
            if unknown:
                listed = sorted(known)
                listed = [*listed[:8], "…"] if len(listed) > 8 else listed
                bad((*here, "chains"), _unknown("chain", unknown[0], listed))
                continue
            twice = _duplicates(list(corr.chains))
            if twice:
                bad((*here, "chains"), f"chain '{corr.chains[twice[0]]}' listed twice")
                continue
            groups = {"chains": tuple(x for chain_id in corr.chains
                                      for x in cohorts.get(chain_id, (chain_id,)))}
        else:
            attribute = {"initiative": "initiative", "activity": "activity_key",
                         "beneficiary": "beneficiary", "domain": "domain", "all": None}
            if corr.by not in attribute:
                bad((*here, "by"), _unknown("grouping", str(corr.by), list(attribute)))
                continue
            if corr.by == "domain" and any(c.domain is None for c in chains):
                bad((*here, "by"), "the scenario has no domains to group by")
                continue
            key = attribute[corr.by]
            grouped: dict[str, list[str]] = {}
            for c in chains:
                grouped.setdefault(getattr(c, key) if key else "all", []).append(c.id)
            groups = {k: tuple(v) for k, v in grouped.items() if len(v) > 1}
        split = sorted({c.split("@")[0] for ids in groups.values() for c in ids} & set(cohorts))
        if split and corr.input != "participants":
            bad(here, f"chain '{split[0]}' gives participants_by_year: only its participants "
                f"can be correlated (its {corr.input} is one for all its cohort years)")
            continue
        for ids in groups.values():
            for chain_id in ids:
                if (chain_id, corr.input) in claimed:
                    bad(here, f"chain '{chain_id}' input '{corr.input}' is already in "
                        f"correlations[{claimed[chain_id, corr.input]}]")
                claimed[chain_id, corr.input] = n
        # With problems elsewhere, the model is not built.
        if len({c.parent or c.id for c in chains}) == len(spec.chains):
            out.append(Correlation(corr.input, corr.rank_correlation, tuple(groups.items())))
    return tuple(out)


def _sensitivity(spec: ScenarioIn, bad: Any) -> tuple[SensitivityRange, ...]:
    """The ``[[sensitivity]]`` ranges: a known assumption, once, low ≤ high, both within
    what the assumption may take (:data:`FIXED_ASSUMPTIONS`)."""
    out: list[SensitivityRange] = []
    seen: dict[str, int] = {}
    for n, s in enumerate(spec.sensitivity):
        here = ("sensitivity", n)
        if s.assumption not in FIXED_ASSUMPTIONS:
            bad((*here, "assumption"), _unknown("assumption", s.assumption,
                                                list(FIXED_ASSUMPTIONS)))
            continue
        if s.assumption in seen:
            bad((*here, "assumption"), f"'{s.assumption}' already has a range in "
                                       f"sensitivity[{seen[s.assumption]}]")
            continue
        seen[s.assumption] = n
        least, most, open_top = FIXED_ASSUMPTIONS[s.assumption]
        top = ")" if open_top else "]"
        bottom = "(" if s.assumption == "saturation" else "["
        fine = True
        for key, value in (("low", s.low), ("high", s.high)):
            inside = (math.isfinite(value) and value >= least
                      and (value > least or bottom == "[")
                      and (value < most or (value == most and not open_top)))
            if not inside:
                bad((*here, key), f"expected {s.assumption} in {bottom}{least:g}, "
                                  f"{most:g}{top}, got {value!r}")
                fine = False
        if fine and s.low > s.high:
            bad((*here, "high"), f"expected high ≥ low ({s.low:g}), got {s.high:g}")
            fine = False
        if fine:
            out.append(SensitivityRange(s.assumption, float(s.low), float(s.high)))
    return tuple(out)


def _financing(
    spec: ScenarioIn, initiatives: list[Initiative], meta: Meta, bad: Any
) -> tuple[Financing, ...]:
    """The ``[[financing]]`` scenarios; none given: the base funding only."""
    if not spec.financing:
        return (BASE_FINANCING,)
    for dup in _duplicates([f.id for f in spec.financing]):
        bad(("financing", dup, "id"), f"duplicate id '{spec.financing[dup].id}'")
    known = {i.id: i for i in initiatives}
    out = []
    for n, fin in enumerate(spec.financing):
        here: tuple[str | int, ...] = ("financing", n)
        for key in fin.initiatives:
            if key not in known:
                bad((*here, "initiatives", key), _unknown("initiative", key, list(known)))
        default = fin.funding.model_dump(exclude_unset=True) if fin.funding else None
        funding = []
        for ini in initiatives:
            override = fin.initiatives.get(ini.id)
            if default is None and override is None:
                continue
            own = override.model_dump(exclude_unset=True) if override else {}
            inherited = dict(default or {})
            if "renewal" in own:  # another kind of renewal: its own cycle and risk
                inherited.pop("cycle", None)
                inherited.pop("non_renewal", None)
            fields = {**inherited, **own}
            loc = (*here, "initiatives", ini.id) if override else (*here, "funding")
            got = _funding(FundingIn(**fields), ini, meta, loc, bad)
            if got is not None:
                funding.append((ini.id, got))
        out.append(Financing(fin.id, fin.name, fin.description, tuple(funding), fin.joint))
    return tuple(out)


def _funding(f: FundingIn, ini: Initiative, meta: Meta, loc: tuple[str | int, ...],
             bad: Any) -> Funding | None:
    """One initiative's added funding, checked; None when it adds nothing or is wrong."""
    if not f.funded:
        return None
    ok = True

    def fail(field: str, message: str) -> None:
        nonlocal ok
        ok = False
        bad((*loc, field), f"initiative '{ini.id}': {message}")

    if f.first_year is None:
        fail("first_year", "added funding needs a first_year")
        return None
    last = meta.end_year if f.last_year is None else f.last_year
    span = f"{meta.start_year}–{meta.end_year}"
    if not meta.start_year <= f.first_year <= meta.end_year:
        fail("first_year", f"year {f.first_year} outside the horizon {span}")
    elif not meta.start_year <= last <= meta.end_year:
        fail("last_year", f"year {last} outside the horizon {span}")
    elif last < f.first_year:
        fail("last_year", f"last_year {last} is before first_year {f.first_year}")
    years = tuple(range(f.first_year, last + 1))
    if ini.funded_years and f.first_year <= max(ini.funded_years):
        fail("first_year", f"added funding must start after the initiative's funded years "
             f"(its costs run to {max(ini.funded_years)}), got {f.first_year}")
    if f.renewal not in RENEWALS:
        fail("renewal", _unknown("renewal", f.renewal, list(RENEWALS)))
    elif f.renewal == "structural" and f.cycle is None:
        fail("cycle", "structural renewal needs a cycle (years per funding period)")
    elif f.renewal != "structural" and f.cycle is not None:
        fail("cycle", f"only structural renewal takes a cycle (renewal is '{f.renewal}')")
    if f.renewal == "fixed" and f.non_renewal > 0:
        fail("non_renewal", "fixed funding is never stopped; use renewal = 'structural' or "
             "'incidental' for a renewal risk")
    if f.non_renewal >= 1:
        fail("non_renewal", "must be below 1 (at 1 nothing after the first period is funded; "
             "shorten last_year instead)")
    if f.uplift > 0 and f.uplift_max is None:
        fail("uplift_max", "an uplift needs its ceiling uplift_max (a share in [0, 1])")
    if (f.extra_duration > 0) != (f.sustained_years is not None):
        fail("extra_duration" if f.sustained_years is not None else "sustained_years",
             "extra_duration and sustained_years go together")
    cost = f.cost_per_year
    if cost is not None and 0 < cost < MIN_COST:
        fail("cost_per_year", _tiny_cost(cost))
    if cost is None:
        base = [c for _, c in ini.costs if c > 0]
        if not base:
            fail("cost_per_year", "the initiative has no base costs to take the yearly cost "
                 "from; give cost_per_year")
        else:
            cost = sum(base) / len(base)
    if not ok or cost is None:
        return None
    return Funding(
        years=years, cost_per_year=cost, renewal=f.renewal,
        cycle=1 if f.renewal == "incidental" else (f.cycle or len(years)),
        non_renewal=f.non_renewal, uplift=f.uplift, uplift_max=f.uplift_max or 0.0,
        sustained_years=f.sustained_years or 0, extra_duration=f.extra_duration,
        saturation=f.saturation,
    )


def _tags(given: dict[str, str], here: Loc, bad: Any) -> dict[str, str]:
    """The valid tags of an initiative or a chain at ``here``; each other one is a
    problem: a key must be an id (it names a breakdown), a value a non-empty text other
    than the name of the untagged member."""
    tags = {}
    for key, value in given.items():
        if not re.fullmatch(ID_PATTERN, key):
            bad((*here, "tags", key), f"tag key '{_clip(key)}' must match {ID_PATTERN}")
        elif not value.strip():
            bad((*here, "tags", key), "expected a non-empty text as the tag's value")
        elif value == UNTAGGED:
            bad((*here, "tags", key), f"'{UNTAGGED}' names the chains without the tag; "
                "choose another value")
        else:
            tags[key] = value
    return tags


def _duplicates(ids: list[Any]) -> list[int]:
    """Positions of entries whose id appeared earlier in the list."""
    seen: set[Any] = set()
    dups = []
    for n, key in enumerate(ids):
        if key in seen:
            dups.append(n)
        seen.add(key)
    return dups


def _unknown(what: str, got: str, known: list[str], where: str = "") -> str:
    """An unknown name, and (the first dozen of) the names it could have been."""
    listed = [_clip(k) for k in known[:12]] + ([f"… ({len(known)} in all)"]
                                               if len(known) > 12 else [])
    return f"unknown {what} '{_clip(got)}'{where}; expected one of: {', '.join(listed)}"


def _tiny_cost(cost: float) -> str:
    return (f"a cost is 0 or at least MIN_COST = {MIN_COST:g} (so that no multiplier "
            f"overflows), got {cost:g}")


# ---------------------------------------------------------------------------------------
# Entry points


def parse(text: str, path: str = "<string>") -> Scenario:
    """Validate scenario text; raise :class:`ScenarioError` listing every problem.

    Parameters
    ----------
    text : str
        The TOML text, at most :data:`MAX_FILE_BYTES` bytes in UTF-8.
    path : str
        The name that messages give the text (its file).
    """
    _check_text(text, path)
    data = _parse_toml(text, path)
    return validate(data, _Locator(path, text, data), text)


def validate(data: dict[str, Any], where: _Locator, text: str) -> Scenario:
    """Validate parsed scenario data (the values, the schema, the cross-references);
    ``where`` places each problem in the file (the spreadsheet reader brings its own),
    ``text`` is the scenario's TOML text, kept with the model."""
    found = _value_problems(data)
    problems = [where.problem(loc, message) for loc, message in found]
    try:
        spec = ScenarioIn.model_validate(data)
    except ValidationError as exc:
        schema, more = _schema_problems(exc, where, {loc for loc, _ in found})
        raise ScenarioError(problems + schema, more=more) from None
    if problems:
        raise ScenarioError(problems)
    return _build(spec, where, text)


def _check_text(text: str, path: str) -> None:
    """The text as a whole: its size, its encoding, a byte-order mark, not empty."""
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as exc:  # a lone surrogate, from a caller's decoding
        raise ScenarioError([Problem(path, "not UTF-8 text (a lone surrogate code point)",
                                     line=text.count("\n", 0, exc.start) + 1)]) from None
    if size > MAX_FILE_BYTES:
        raise ScenarioError([too_large(path, size, "scenario file")])
    if text.startswith("\ufeff"):
        raise ScenarioError([Problem(path, "the file starts with a byte-order mark (U+FEFF); "
                                     "save it as UTF-8 without BOM", line=1)])
    if not text.strip():
        raise ScenarioError([Problem(path, "the file is empty; a scenario needs a [meta] "
                                     "table, [[initiatives]] and [[chains]]", line=1)])


def _parse_toml(text: str, path: str) -> dict[str, Any]:
    """The parsed TOML; a syntax error, or nesting too deep to parse, is located."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        where = re.search(r"\(at line (\d+), column (\d+)\)", message)
        line = int(where.group(1)) if where else None
        if "(at end of document)" in message:  # the last line
            line = text.count("\n") + 1
            message = message.replace(" (at end of document)", " at the end of the file")
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
        if where:
            message += f" (column {where.group(2)})"
        problem = Problem(path, f"TOML syntax error: {message}", line=line)
    except RecursionError:
        problem = Problem(path, _TOO_DEEP, line=_Scanner(text).deep)
    except ValueError:  # an integer of more digits than Python converts (4300)
        digits = re.search(r"[0-9_]{4000,}", text)
        problem = Problem(path, "a number too long to read (thousands of digits)",
                          line=text.count("\n", 0, digits.start()) + 1 if digits else None)
    raise ScenarioError([problem])


def load(path: str | Path | None = None) -> Scenario:
    """Load and validate a scenario file; ``None`` loads the bundled Groningen scenario.

    Only a regular file of at most :data:`MAX_FILE_BYTES` is read (a directory, a FIFO or
    a device is refused before anything is read from it, so nothing blocks).
    """
    if path is None:
        text = resources.files("mcimpact.scenarios").joinpath(BUNDLED).read_text("utf-8")
        return parse(text, f"<bundled>/{BUNDLED}")
    name = str(path)
    raw = _read(name)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - raw.rfind(b"\n", 0, exc.start)
        raise ScenarioError([Problem(
            name, f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at column {column}); save "
            "the file as UTF-8", line=line)]) from None
    return parse(text, name)


def _read(name: str) -> bytes:
    """The bytes of a scenario file or a value library (see :func:`read_file`)."""
    return read_file(name, expected="a .toml file", kind="scenario file")
