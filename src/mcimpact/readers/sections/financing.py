"""``[[financing]]``: financing scenarios — added funding per initiative (``funding`` for
all, ``initiatives.ID`` for one, overriding it), its renewal, continuity uplift,
sustained effects and saturation — and the group that bears the added costs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ...errors import say
from ...model.scenario import (
    BASE_FINANCING,
    MIN_COST,
    RENEWALS,
    Financing,
    Funding,
    Initiative,
    Meta,
)
from .._lines import Loc
from .._locate import Bad, unknown
from .._schema import FinancingIn, FundingIn, ScenarioIn
from ._common import duplicates, tiny_cost

_Fail = Callable[[str, str], None]  # fail(field, message): a problem of the funding


def build_financing(spec: ScenarioIn, initiatives: list[Initiative], meta: Meta,
                    beneficiary_ids: list[str], bad: Bad) -> tuple[Financing, ...]:
    """The ``[[financing]]`` scenarios with their payers; none given: the base funding
    only."""
    if not spec.financing:
        return (BASE_FINANCING,)
    for dup in duplicates([f.id for f in spec.financing]):
        bad(("financing", dup, "id"), say("duplicate_id", "duplicate id '{id}'",
                                          id=spec.financing[dup].id))
    known = {i.id: i for i in initiatives}
    financing = [_financing(fin, ("financing", n), initiatives, known, meta, bad)
                 for n, fin in enumerate(spec.financing)]
    for n, f in enumerate(spec.financing):
        if f.payer is not None and f.payer not in beneficiary_ids:
            bad(("financing", n, "payer"), unknown(say("what.beneficiary", "beneficiary"),
                                                   f.payer, beneficiary_ids))
    payer_of = {f.id: f.payer for f in spec.financing}
    return tuple(replace(f, payer=payer_of.get(f.id)) for f in financing)


def _financing(fin: FinancingIn, here: Loc, initiatives: list[Initiative],
               known: dict[str, Initiative], meta: Meta, bad: Bad) -> Financing:
    for key in fin.initiatives:
        if key not in known:
            bad((*here, "initiatives", key), unknown(say("what.initiative", "initiative"),
                                                     key, list(known)))
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
    return Financing(fin.id, fin.name, fin.description, tuple(funding), fin.joint)


def _funding(f: FundingIn, ini: Initiative, meta: Meta, loc: Loc, bad: Bad
             ) -> Funding | None:
    """One initiative's added funding, checked; None when it adds nothing or is wrong."""
    if not f.funded:
        return None
    failed = []

    def fail(field: str, message: str) -> None:
        failed.append(field)
        bad((*loc, field), say("of_initiative", "initiative '{id}': {problem}", id=ini.id,
                               problem=message))

    if f.first_year is None:
        fail("first_year", say("needs_first_year", "added funding needs a first_year"))
        return None
    years = _years(f, f.first_year, ini, meta, fail)
    _renewal(f, fail)
    cost = _cost(f, ini, fail)
    if failed or cost is None:
        return None
    return Funding(
        years=years, cost_per_year=cost, renewal=f.renewal,
        cycle=1 if f.renewal == "incidental" else (f.cycle or len(years)),
        non_renewal=f.non_renewal, uplift=f.uplift, uplift_max=f.uplift_max or 0.0,
        sustained_years=f.sustained_years or 0, extra_duration=f.extra_duration,
        saturation=f.saturation,
    )


def _years(f: FundingIn, first: int, ini: Initiative, meta: Meta, fail: _Fail
           ) -> tuple[int, ...]:
    """The funded years: from first_year to last_year (default: the horizon's end),
    within the horizon and after the initiative's own funded years."""
    last = meta.end_year if f.last_year is None else f.last_year
    span = f"{meta.start_year}–{meta.end_year}"
    if not meta.start_year <= first <= meta.end_year:
        fail("first_year", say("year_outside", "year {year} outside the horizon {span}",
                               year=first, span=span))
    elif not meta.start_year <= last <= meta.end_year:
        fail("last_year", say("year_outside", "year {year} outside the horizon {span}",
                              year=last, span=span))
    elif last < first:
        fail("last_year", say("last_before_first", "last_year {last} is before first_year "
                              "{first}", last=last, first=first))
    if ini.funded_years and first <= max(ini.funded_years):
        fail("first_year", say("added_after", "added funding must start after the "
                               "initiative's funded years (its costs run to {last}), got "
                               "{first}", last=max(ini.funded_years), first=first))
    return tuple(range(first, last + 1))


def _renewal(f: FundingIn, fail: _Fail) -> None:
    """Renewal, its cycle and risk; the continuity uplift and sustained effects."""
    if f.renewal not in RENEWALS:
        fail("renewal", unknown(say("what.renewal", "renewal"), f.renewal, list(RENEWALS)))
    elif f.renewal == "structural" and f.cycle is None:
        fail("cycle", say("needs_cycle", "structural renewal needs a cycle (years per "
                          "funding period)"))
    elif f.renewal != "structural" and f.cycle is not None:
        fail("cycle", say("cycle_unused", "only structural renewal takes a cycle (renewal "
                          "is '{renewal}')", renewal=f.renewal))
    if f.renewal == "fixed" and f.non_renewal > 0:
        fail("non_renewal", say("fixed_no_risk", "fixed funding is never stopped; use "
                                "renewal = 'structural' or 'incidental' for a renewal risk"))
    if f.non_renewal >= 1:
        fail("non_renewal", say("non_renewal_one", "must be below 1 (at 1 nothing after the "
                                "first period is funded; shorten last_year instead)"))
    if f.uplift > 0 and f.uplift_max is None:
        fail("uplift_max", say("needs_uplift_max", "an uplift needs its ceiling uplift_max "
                               "(a share in [0, 1])"))
    if (f.extra_duration > 0) != (f.sustained_years is not None):
        fail("extra_duration" if f.sustained_years is not None else "sustained_years",
             say("sustained_together", "extra_duration and sustained_years go together"))


def _cost(f: FundingIn, ini: Initiative, fail: _Fail) -> float | None:
    """The yearly cost of the added funding: cost_per_year, else the mean of the
    initiative's base costs."""
    cost = f.cost_per_year
    if cost is not None and 0 < cost < MIN_COST:
        fail("cost_per_year", tiny_cost(cost))
    if cost is None:
        base = [c for _, c in ini.costs if c > 0]
        if not base:
            fail("cost_per_year", say("no_base_costs", "the initiative has no base costs to "
                                      "take the yearly cost from; give cost_per_year"))
        else:
            cost = sum(base) / len(base)
    return cost
