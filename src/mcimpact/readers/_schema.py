"""The schema of a scenario file (pydantic models: keys, types, ranges, NaN/inf) and the
first pass of validation, before any cross-reference is checked: the values no field
takes (nesting, dates and times, integers beyond 64 bits, NUL characters), then the
schema, each problem located and worded in the terms of the TOML file (pydantic's own
words and locations never reach the user).
"""

from __future__ import annotations

import datetime
import re
import typing
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import MAX_PROBLEMS, Problem, ScenarioError, say
from ..model.scenario import DEFAULT_PARTICIPANTS_CV, MAX_AMOUNT, MAX_COUNT
from ._lines import MAX_NESTING, TOO_DEEP, Loc
from ._locate import Locator, clip, describe

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"


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
    # The scenario's own nouns for its kind of initiative and domain, per language code
    # ({ initiative = { nl = "wijkbedrijf" } }; NOUNS, checked in sections/meta.py).
    nouns: dict[str, dict[str, str]] | None = None


class GroupIn(_Schema):
    id: Id
    # The group's name per language code ({ nl = "…", en = "…", de = "…" }); ``nl`` and
    # ``en`` are also keys of their own. A name in one language is used for every
    # language; at least one is needed (checked in sections/groups.py).
    names: dict[str, str] | None = None
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
    # What a plain number of an input with a label scale is: "fixed", or "label-spread"
    # (a Beta with the spread of the scale's nearest label; NUMBER_SPREADS).
    numbers: str = "fixed"


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
# The values themselves (before the schema): nesting, dates, integers, NUL

_INT64 = 2**63


def _value_problem(value: Any) -> str | None:
    """What is wrong with a scalar in any field of a scenario, if anything."""
    if isinstance(value, datetime.date | datetime.time):
        return say("date", "no field of a scenario takes a date or a time; got {got}",
                   got=describe(value))
    if isinstance(value, int) and not -_INT64 <= value < _INT64:
        return say("int64", "integer outside TOML's 64-bit range, got {got}",
                   got=describe(value))
    if isinstance(value, str) and "\0" in value:
        return say("nul_text", "the text contains a NUL character (U+0000)")
    return None


def value_problems(data: dict[str, Any]) -> list[tuple[Loc, str]]:
    """(location, message) of every value no field can take, walked without recursion."""
    found: list[tuple[Loc, str]] = []
    stack: list[tuple[Any, Loc]] = [(data, ())]
    while stack:
        node, loc = stack.pop()
        if len(loc) > MAX_NESTING:
            found.append((loc, TOO_DEEP))
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
                found.append(((*loc, key), say("nul_key", "the key contains a NUL character "
                                                "(U+0000)")))
            else:
                stack.append((value, (*loc, key)))
    return found


# ---------------------------------------------------------------------------------------
# Pydantic's errors in the words of a TOML file

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


def _model_at(loc: Loc, *, table_keys: bool = False) -> type[BaseModel] | None:
    """The schema's model of the table at ``loc`` (None: the schema has no table there).
    With ``table_keys``, a part after a table of tables (``values``, ``financing[0].
    initiatives``) is a key of that table, not a field."""
    node: Any = ScenarioIn
    keyed = False
    for part in loc:
        if isinstance(part, int) or keyed:
            keyed = False
            continue
        fields = getattr(node, "model_fields", None)
        if fields is None or part not in fields:
            return None
        annotation = fields[part].annotation
        keyed = table_keys and typing.get_origin(annotation) is dict
        node = annotation
        while not (isinstance(node, type) and issubclass(node, BaseModel)):
            args = [a for a in typing.get_args(node) if a is not type(None)]
            if not args:
                return None
            node = args[-1] if typing.get_origin(node) is dict else args[0]
    return node if isinstance(node, type) and issubclass(node, BaseModel) else None


def _allowed_keys(loc: Loc) -> list[str]:
    """The keys the schema allows at ``loc`` (for 'unknown key' messages)."""
    model = _model_at(loc)
    return list(model.model_fields) if model is not None else []


_LIMIT_NAMES = {MAX_AMOUNT: f"MAX_AMOUNT = {MAX_AMOUNT:g}",
                MAX_COUNT: f"MAX_COUNT = 2**53 = {MAX_COUNT}"}


def _pydantic_message(err: Any) -> str:
    """A pydantic error's own message in the words of the catalogues (the limit as
    pydantic writes it, the end of its message); one of another kind as pydantic says
    it (English)."""
    kind, msg = err["type"], err["msg"]
    limit = msg.rsplit(" ", 1)[-1]
    if kind == "less_than_equal" and err.get("ctx", {}).get("le") in _LIMIT_NAMES:
        return say("schema.at_most", "input should be at most {limit}",
                   limit=_LIMIT_NAMES[err["ctx"]["le"]])
    if kind == "greater_than":
        return say("schema.gt", "input should be greater than {limit}", limit=limit)
    if kind == "greater_than_equal":
        return say("schema.ge", "input should be greater than or equal to {limit}",
                   limit=limit)
    if kind == "less_than":
        return say("schema.lt", "input should be less than {limit}", limit=limit)
    if kind == "less_than_equal":
        return say("schema.le", "input should be less than or equal to {limit}", limit=limit)
    if kind == "string_pattern_mismatch":
        return say("schema.pattern", "string should match pattern '{pattern}'",
                   pattern=err["ctx"]["pattern"])
    if kind == "int_type":
        return say("schema.int", "input should be a valid integer")
    if kind == "float_type":
        return say("schema.float", "input should be a valid number")
    if kind == "string_type":
        return say("schema.str", "input should be a valid string")
    if kind == "bool_type":
        return say("schema.bool", "input should be a valid boolean")
    return msg[0].lower() + msg[1:]


def _schema_message(err: Any, loc: Loc) -> str:
    """One pydantic error in the words of a TOML file."""
    kind, got = err["type"], err.get("input")
    if kind == "extra_forbidden":
        allowed = _allowed_keys(loc[:-1])
        if allowed:
            return say("unknown_key_allowed", "unknown key '{name}'; allowed here: {allowed}",
                       name=clip(str(loc[-1])), allowed=", ".join(allowed))
        return say("unknown_key", "unknown key '{name}'", name=clip(str(loc[-1])))
    if kind == "missing":
        return say("missing", "missing required field")
    if kind == "finite_number":
        return say("finite", "must be a finite number, got {got}", got=describe(got))
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return say("table", "expected a table, got {got}", got=describe(got))
    if kind == "list_type":
        return say("array", "expected an array, got {got}", got=describe(got))
    if kind == "too_short":
        n = err.get("ctx", {}).get("min_length", 1)
        if n == 1:
            return say("too_short_one", "needs at least 1 entry, got {got}",
                       got=describe(got))
        return say("too_short", "needs at least {n} entries, got {got}", n=n,
                   got=describe(got))
    message = _pydantic_message(err)
    return message if isinstance(got, dict | list) else say(
        "got", "{problem}, got {got}", problem=message, got=describe(got))


def schema_problems(error: ValidationError, where: Locator,
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


def takes_anything(loc: Loc) -> bool:
    """Whether the field at ``loc`` is required and of any type (a chain's ``value``,
    checked in the second pass): a value there can stand in for one that could not be
    read, without a problem of its own in the first pass."""
    model = _model_at(loc[:-1], table_keys=True) if loc else None
    found = model.model_fields.get(str(loc[-1])) if model is not None else None
    return found is not None and found.is_required() and found.annotation is Any


def under(loc: Loc, flagged: typing.AbstractSet[Loc]) -> bool:
    """Whether ``loc`` is at or under one of the ``flagged`` locations."""
    return any(loc[:n] in flagged for n in range(len(loc) + 1))


def first_pass(data: dict[str, Any], where: Locator, known: typing.Sequence[Problem] = (),
               flagged: typing.AbstractSet[Loc] = frozenset()) -> ScenarioIn:
    """The data as the schema's :class:`ScenarioIn`, after the values and the schema are
    checked; every problem of both (at most MAX_PROBLEMS worded) raises one
    :class:`ScenarioError`, with the ``known`` problems found before (a workbook's
    unreadable cells) and none at or under their ``flagged`` locations."""
    found = value_problems(data)
    problems = [*known, *(where.problem(loc, message) for loc, message in found)]
    try:
        spec = ScenarioIn.model_validate(data)
    except ValidationError as exc:
        schema, more = schema_problems(exc, where, {loc for loc, _ in found} | set(flagged))
        raise ScenarioError(problems + schema, more=more) from None
    if found:
        raise ScenarioError(problems)
    return spec
