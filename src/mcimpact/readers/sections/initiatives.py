"""``[[initiatives]]``: the initiatives (wijkbedrijven), their yearly costs (numbers or
distributions), activities, tags and the group that pays."""

from __future__ import annotations

import re

from ...errors import say
from ...model.distributions import Input
from ...model.scenario import MIN_COST, Activity, Initiative, Meta
from .._lines import Loc
from .._locate import Bad, unknown
from .._schema import ID_PATTERN, InitiativeIn, ScenarioIn
from ._common import duplicates, horizon, tiny_cost, valid_tags, year_key
from .inputs import input_of


def build_initiatives(spec: ScenarioIn, meta: Meta, beneficiary_ids: list[str], bad: Bad
                      ) -> list[Initiative]:
    """Every initiative (also one with problems, so its chains can be checked), then
    the check of each payer against the beneficiary groups."""
    for dup in duplicates([i.id for i in spec.initiatives]):
        bad(("initiatives", dup, "id"), say("duplicate_id", "duplicate id '{id}'",
                                            id=spec.initiatives[dup].id))
    initiatives = [_initiative(ini, ("initiatives", n), meta, spec.meta.optimism_bias, bad)
                   for n, ini in enumerate(spec.initiatives)]
    for n, ini in enumerate(spec.initiatives):
        if ini.payer is not None and ini.payer not in beneficiary_ids:
            bad(("initiatives", n, "payer"), unknown(
                say("what.beneficiary", "beneficiary"), ini.payer, beneficiary_ids))
    return initiatives


def _initiative(ini: InitiativeIn, here: Loc, meta: Meta, default_bias: float, bad: Bad
                ) -> Initiative:
    costs, cost_inputs = _costs(ini, here, meta, bad)
    for act_id in ini.activities:
        if not re.fullmatch(ID_PATTERN, act_id):
            bad((*here, "activities", act_id), say(
                "activity_id", "activity id '{id}' must match {pattern}", id=act_id,
                pattern=ID_PATTERN))
    tags = valid_tags(ini.tags, here, bad)
    if ini.neighbourhood and "neighbourhood" in tags:
        bad((*here, "tags", "neighbourhood"), say(
            "neighbourhood_twice", "the initiative gives its neighbourhood already (the tag "
            "'neighbourhood'); give it once"))
    return Initiative(
        id=ini.id, name=ini.name, neighbourhood=ini.neighbourhood,
        tags=tuple(tags.items()),
        description=ini.description, costs=tuple(sorted(costs)),
        activities=tuple(Activity(k, v, ini.id) for k, v in ini.activities.items()),
        cost_inputs=tuple(sorted(cost_inputs, key=lambda yc: yc[0])),
        optimism_bias=default_bias if ini.optimism_bias is None else ini.optimism_bias,
        residual_value=ini.residual_value,
        payer=ini.payer,
    )


def _costs(ini: InitiativeIn, here: Loc, meta: Meta, bad: Bad
           ) -> tuple[list[tuple[int, float]], list[tuple[int, Input]]]:
    """(year, point cost) of every year with a cost, and (year, distribution) of the
    uncertain ones (whose point cost is their mean)."""
    years, span = horizon(meta)
    costs, cost_inputs = [], []
    for key, cost in ini.costs.items():
        year = year_key(key)
        loc = (*here, "costs", key)
        if year is None or year not in years:
            bad(loc, say("year_key", "expected a year in {span} as key", span=span))
        elif isinstance(cost, dict):  # an uncertain cost; its mean is the point cost
            got = input_of(cost, "cost", {}, 0.0)
            if isinstance(got, str):
                bad(loc, got)
            elif got.is_fixed:
                costs.append((year, got.point))
            else:
                cost_inputs.append((year, got))
                costs.append((year, got.point))
        else:
            if 0 < cost < MIN_COST:
                bad(loc, tiny_cost(cost))
            costs.append((year, cost))
    return costs, cost_inputs
