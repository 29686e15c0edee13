"""``[[chains]]``: the effect chains — what they refer to (initiative, activity,
beneficiary, domain), their uncertain inputs and adjustments, their time profile, tags
and cohort years. A chain given by ``participants_by_year`` becomes one chain per cohort
year (``ID@YEAR``)."""

from __future__ import annotations

from dataclasses import dataclass

from ...errors import say
from ...model import distributions
from ...model.distributions import Input
from ...model.profiles import SHAPES, Shape
from ...model.scenario import (
    ADJUSTMENT_NAMES,
    CONVENTION_LAG,
    SCALED_INPUTS,
    Adjustments,
    Chain,
    Initiative,
    Meta,
    Profile,
    UnitValue,
)
from .._lines import Loc
from .._locate import Bad, describe, unknown
from .._schema import ChainIn, ProfileIn, ScenarioIn
from ._common import duplicates, horizon, valid_tags, year_key
from .inputs import input_of
from .scales import Labels


@dataclass(frozen=True)
class Context:
    """What a chain is checked against: the sections built before the chains."""

    meta: Meta
    initiatives: dict[str, Initiative]  # by id (the first of duplicates)
    beneficiaries: list[str]
    domains: list[str]
    labels: Labels
    named: dict[str, UnitValue]
    participants_cv: float  # [uncertainty] participants_cv, a chain's default
    spread_numbers: bool  # [uncertainty] numbers = "label-spread"
    domains_given: bool  # [[domains]] given with at least one entry
    with_domain: tuple[int, int]  # (the chains that give a domain, all chains)


def context(spec: ScenarioIn, meta: Meta, initiatives: list[Initiative],
            beneficiaries: list[str], domains: list[str], labels: Labels,
            named: dict[str, UnitValue]) -> Context:
    with_domain = [c.domain is not None for c in spec.chains]
    return Context(
        meta=meta, initiatives={i.id: i for i in reversed(initiatives)},
        beneficiaries=beneficiaries, domains=domains, labels=labels, named=named,
        participants_cv=spec.uncertainty.participants_cv,
        spread_numbers=spec.uncertainty.numbers == "label-spread",
        domains_given=bool(spec.domains),
        with_domain=(sum(with_domain), len(with_domain)))


def build_chains(spec: ScenarioIn, ctx: Context, bad: Bad) -> list[Chain]:
    """The model's chains (none of a chain with problems)."""
    for dup in duplicates([c.id for c in spec.chains]):
        bad(("chains", dup, "id"), say("duplicate_id", "duplicate id '{id}'",
                                       id=spec.chains[dup].id))
    chains: list[Chain] = []
    for n, c in enumerate(spec.chains):
        chains += _chain(c, ("chains", n), ctx, bad)
    return chains


def _chain(c: ChainIn, here: Loc, ctx: Context, bad: Bad) -> list[Chain]:
    initiative = ctx.initiatives.get(c.initiative)
    _references(c, here, initiative, ctx, bad)
    cv = ctx.participants_cv if c.participants_cv is None else c.participants_cv
    per_year = _participants_by_year(c, here, ctx, cv, bad)
    inputs = _inputs(c, here, per_year, cv, ctx, bad)
    adjustments = {}
    for name in ADJUSTMENT_NAMES:
        inp = input_of(getattr(c.adjustments, name), name, ctx.labels, 0.0,
                       spread=ctx.spread_numbers)
        if isinstance(inp, str):
            bad((*here, "adjustments", name), inp)
        else:
            adjustments[name] = inp
    profile = build_profile(c.profile, (*here, "profile"), ctx.meta, bad)
    tags = {}
    if initiative is not None:
        if initiative.neighbourhood:
            tags["neighbourhood"] = initiative.neighbourhood
        tags.update(initiative.tags)
    tags.update(valid_tags(c.tags, here, bad))
    cohorts = _cohorts(c, here, per_year, initiative, ctx, bad)
    if profile is None or len(adjustments) != len(ADJUSTMENT_NAMES):
        return []
    parts = _Parts(c, inputs, Adjustments(**adjustments), profile, tuple(tags.items()))
    if per_year and len(inputs) == 3:
        # One chain per cohort year, each with its own count; the other inputs are
        # the same random variables in every year (correlations of rank 1).
        return [parts.chain(f"{c.id}@{year}", count, (year,), follows_funding=False,
                            parent=c.id) for year, count in per_year.items()]
    if len(inputs) == 4:
        return [parts.chain(c.id, inputs["participants"], tuple(sorted(cohorts)),
                            follows_funding=c.cohorts is None)]
    return []


@dataclass(frozen=True)
class _Parts:
    """The checked parts of a file's chain, that make one chain of the model or one per
    cohort year."""

    given: ChainIn
    inputs: dict[str, Input]
    adjustments: Adjustments
    profile: Profile
    tags: tuple[tuple[str, str], ...]

    def chain(self, chain_id: str, participants: Input, cohorts: tuple[int, ...], *,
              follows_funding: bool, parent: str = "") -> Chain:
        c = self.given
        return Chain(
            id=chain_id, initiative=c.initiative, activity=c.activity,
            beneficiary=c.beneficiary, domain=c.domain, participants=participants,
            success_probability=self.inputs["success_probability"],
            effect_size=self.inputs["effect_size"], value=self.inputs["value"],
            profile=self.profile, cohorts=cohorts, claimable=c.claimable,
            adjustments=self.adjustments, follows_funding=follows_funding,
            value_name=c.value if isinstance(c.value, str) else None,
            result=c.result, effect=c.effect, note=c.note, parent=parent, tags=self.tags)


def _references(c: ChainIn, here: Loc, initiative: Initiative | None, ctx: Context,
                bad: Bad) -> None:
    """The chain's initiative, activity, beneficiary and domain exist."""
    if initiative is None:
        bad((*here, "initiative"), unknown(say("what.initiative", "initiative"),
                                           c.initiative, list(ctx.initiatives)))
    elif c.activity not in {a.id for a in initiative.activities}:
        bad((*here, "activity"), unknown(
            say("what.activity", "activity"), c.activity,
            [a.id for a in initiative.activities],
            say("where.of_initiative", " of initiative '{id}'", id=initiative.id)))
    if c.beneficiary not in ctx.beneficiaries:
        bad((*here, "beneficiary"), unknown(say("what.beneficiary", "beneficiary"),
                                            c.beneficiary, ctx.beneficiaries))
    if c.domain is None:
        given, chains = ctx.with_domain
        if ctx.domains_given or given:
            bad((*here, "domain"), say("missing", "missing required field")
                if ctx.domains_given else
                say("domain_in_some", "give a domain in every chain or in none ({given} of "
                    "{chains} chains give one)", given=given, chains=chains))
    elif c.domain not in ctx.domains:
        bad((*here, "domain"), unknown(say("what.domain", "domain"), c.domain, ctx.domains))


def _inputs(c: ChainIn, here: Loc, per_year: dict[int, Input] | None, cv: float,
            ctx: Context, bad: Bad) -> dict[str, Input]:
    """The chain's participants (unless given per year), success probability, effect
    size and value, each that has no problem."""
    inputs = {}
    for name in ("participants", *SCALED_INPUTS, "value"):
        raw = getattr(c, name)
        if name == "participants" and (raw is None or per_year is not None):
            if raw is None and c.participants_by_year is None:
                bad((*here, name), say("missing_participants", "missing required field (or "
                                       "give participants_by_year)"))
            continue
        if name == "value" and isinstance(raw, str):  # a named unit value
            inp = _named_value(raw, ctx.named)
        else:
            inp = (distributions.fixed(1.0) if raw is None
                   else input_of(raw, name, ctx.labels, cv, spread=ctx.spread_numbers))
        if isinstance(inp, str):
            bad((*here, name), inp)
        else:
            inputs[name] = inp
    return inputs


def _named_value(name: str, named: dict[str, UnitValue]) -> Input | str:
    if name in named:
        return named[name].value
    if named:
        return unknown(say("what.value", "value"), name, list(named))
    return say("text_no_values", "expected a number or a distribution table, got the text "
               "{text}; a text names a unit value of [values], and the scenario has none",
               text=describe(name))


def _participants_by_year(c: ChainIn, here: Loc, ctx: Context, cv: float, bad: Bad
                          ) -> dict[int, Input] | None:
    """The counts of ``participants_by_year`` by cohort year (sorted), each as a
    ``participants`` input; None when the chain has none (or they have problems)."""
    if c.participants_by_year is None:
        return None
    years, span = horizon(ctx.meta)
    loc = (*here, "participants_by_year")
    if c.participants is not None:
        bad(loc, say("participants_both", "give participants or participants_by_year, "
                     "not both"))
        return None
    if not c.participants_by_year:
        bad(loc, say("no_cohort_year", "needs at least one cohort year, e.g. {{ {year} = 40 "
                     "}}", year=years[0]))
        return None
    out: dict[int, Input] = {}
    ok = True
    for key, raw in c.participants_by_year.items():
        year = year_key(key)
        if year is None or year not in years:
            bad((*loc, key), say("year_key", "expected a year in {span} as key", span=span))
            ok = False
            continue
        inp = input_of(raw, "participants", ctx.labels, cv)
        if isinstance(inp, str):
            bad((*loc, key), inp)
            ok = False
        else:
            out[year] = inp
    return dict(sorted(out.items())) if ok else None


def _cohorts(c: ChainIn, here: Loc, per_year: dict[int, Input] | None,
             initiative: Initiative | None, ctx: Context, bad: Bad) -> tuple[int, ...]:
    """The chain's cohort years: those of its counts per year, its own list, or its
    initiative's funded years."""
    if per_year is not None:  # the years of the counts are the cohorts
        if c.cohorts is not None:
            bad((*here, "cohorts"), say("cohorts_by_year", "participants_by_year names the "
                                        "cohort years; leave out cohorts"))
        return tuple(per_year)
    if c.cohorts is None:
        cohorts = initiative.funded_years if initiative else ()
        if initiative and not cohorts:
            bad((*here, "cohorts"), say(
                "no_funded_years", "initiative '{id}' has no funded years (costs > 0), so "
                "give the chain's cohort years explicitly", id=initiative.id))
        return cohorts
    years, span = horizon(ctx.meta)
    cohorts = tuple(c.cohorts)
    if not cohorts:
        bad((*here, "cohorts"), say("cohorts_empty", "needs at least one cohort year (or "
                                    "leave it out to use the initiative's funded years)"))
    for year in cohorts:
        if year not in years:
            bad((*here, "cohorts"), say("cohort_outside", "cohort year {year} outside the "
                                        "horizon {span}", year=year, span=span))
    for dup in duplicates(list(cohorts)):
        bad((*here, "cohorts"), say("cohort_twice", "cohort year {year} listed twice",
                                    year=cohorts[dup]))
    return cohorts


def build_profile(p: ProfileIn, loc: Loc, meta: Meta, bad: Bad) -> Profile | None:
    """A chain's time profile (verloopcurve): a known shape with what it takes, a lag
    that leaves part of the effect within the horizon."""
    shape = SHAPES.get(p.shape)
    if shape is None:
        bad((*loc, "shape"), unknown(say("what.shape", "profile shape"), p.shape, list(SHAPES)))
        return None
    ok = _takes(p, shape, loc, bad)
    duration = distributions.fixed(shape.default_duration or meta.horizon)
    if p.duration is not None and ok:
        got = input_of(p.duration, "duration", {}, 0.0)
        if isinstance(got, str):
            bad((*loc, "duration"), got)
            ok = False
        else:
            duration = got
    shift = CONVENTION_LAG[meta.time_convention]
    if p.lag + shift >= meta.horizon:
        later = say("lag_convention", " (time_convention '{convention}' starts effects "
                    "{shift} year after the cohort year)", convention=meta.time_convention,
                    shift=shift) if shift else ""
        bad((*loc, "lag"), say("lag_beyond", "lag {lag} puts the whole effect beyond the "
                               "{horizon}-year horizon{later}", lag=p.lag,
                               horizon=meta.horizon, later=later))
        ok = False
    if not ok:
        return None
    return Profile(shape=p.shape, lag=p.lag + shift, duration=duration, half_life=p.half_life,
                   convention_lag=shift,
                   to_horizon_end=p.duration is None and shape.default_duration is None)


def _takes(p: ProfileIn, shape: Shape, loc: Loc, bad: Bad) -> bool:
    """Whether the profile gives its shape the half-life and duration it takes."""
    ok = True
    if p.half_life is not None and not shape.accepts_half_life:
        bad((*loc, "half_life"), say("no_half_life", "shape '{shape}' takes no half_life",
                                     shape=p.shape))
        ok = False
    if shape.accepts_half_life and p.half_life is None:
        bad((*loc, "half_life"), say("needs_half_life", "shape '{shape}' needs a half_life "
                                     "(years, > 0)", shape=p.shape))
        ok = False
    if shape.needs_duration and p.duration is None:
        bad((*loc, "duration"), say("needs_duration", "shape '{shape}' needs a duration "
                                    "(years, >= 1)", shape=p.shape))
        ok = False
    if shape.default_duration is not None and p.duration not in (None, shape.default_duration):
        bad((*loc, "duration"), say("shape_lasts", "shape '{shape}' lasts {years} year; got "
                                    "duration {duration}", shape=p.shape,
                                    years=shape.default_duration, duration=p.duration))
        ok = False
    return ok
