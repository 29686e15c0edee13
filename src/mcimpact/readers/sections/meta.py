"""``[meta]``: the horizon, the time convention and its price base year, discounting."""

from __future__ import annotations

from ...errors import say
from ...model.scenario import DISCOUNT_PRESETS, NOUNS, TIME_CONVENTIONS, Meta
from .._locate import Bad, unknown
from .._schema import MetaIn
from ._common import year_key
from .groups import LANGUAGE


def build_meta(m: MetaIn, bad: Bad) -> Meta:
    """The scenario's :class:`Meta`; a problem leaves a usable default in its place (the
    'arena' convention, no base year, rate 0) so the other sections can be checked."""
    years = range(m.start_year, m.start_year + m.horizon)
    span = f"{m.start_year}–{m.start_year + m.horizon - 1}"
    convention, base_year = _time_convention(m, years, span, bad)
    discount_year = (base_year if convention == "base-year" and base_year is not None
                     else m.start_year)
    rates, preset = _discount_rates(m, years, span, discount_year, bad)
    return Meta(
        name=m.name, description=m.description, source=m.source, currency=m.currency,
        institution=m.institution,
        start_year=m.start_year, horizon=m.horizon, discount_rates=tuple(rates),
        period_length=m.period_length, time_convention=convention,
        base_year=base_year if convention == "base-year" else None, discount_preset=preset,
        nouns=_nouns(m, bad),
    )


def _nouns(m: MetaIn, bad: Bad) -> dict[str, dict[str, str]]:
    """``[meta.nouns]``: each of :data:`NOUNS` the scenario names, by language code."""
    out: dict[str, dict[str, str]] = {}
    for noun, words in (m.nouns or {}).items():
        if noun not in NOUNS:
            bad(("meta", "nouns", noun), unknown(say("what.noun", "noun"), noun,
                                                 list(NOUNS)))
            continue
        for lang, word in words.items():
            if not LANGUAGE.fullmatch(lang):
                bad(("meta", "nouns", noun, lang), say(
                    "language_code", "'{code}' is not a language code (two or three "
                    "lower-case letters, e.g. nl, en, de)", code=lang))
            elif not word.strip():
                bad(("meta", "nouns", noun, lang), say("noun_empty", "a noun is a text that "
                                                       "is not empty"))
            else:
                out.setdefault(noun, {})[lang] = word
    return out


def _time_convention(m: MetaIn, years: range, span: str, bad: Bad
                     ) -> tuple[str, int | None]:
    """The time convention and the price base year it takes (None: none, or wrong)."""
    convention = m.time_convention
    if convention not in TIME_CONVENTIONS:
        bad(("meta", "time_convention"),
            unknown(say("what.time_convention", "time convention"), convention,
                    list(TIME_CONVENTIONS)))
        convention = "arena"
    base_year = m.base_year
    if convention == "base-year" and base_year is None:
        bad(("meta", "base_year"), say("needs_base_year", "time_convention = 'base-year' "
                                       "needs the price base year base_year, a year in "
                                       "{span}", span=span))
    elif base_year is not None and convention != "base-year":
        bad(("meta", "base_year"), say("base_year_unused", "only time_convention = "
                                       "'base-year' takes a base_year (it is '{convention}')",
                                       convention=convention))
        base_year = None
    elif base_year is not None and base_year not in years:
        bad(("meta", "base_year"), say("year_in", "expected a year in {span}, got {year}",
                                       span=span, year=base_year))
        base_year = None
    return convention, base_year


def _discount_rates(m: MetaIn, years: range, span: str, discount_year: int, bad: Bad
                    ) -> tuple[list[float], str | None]:
    """The rate of each year of the horizon, and the preset named (if one is): from a
    single rate, a schedule {from_year = rate} or a preset."""
    if isinstance(m.discount_rate, str):
        if m.discount_rate not in DISCOUNT_PRESETS:
            bad(("meta", "discount_rate"), unknown(
                say("what.discount_preset", "discount rate preset"), m.discount_rate,
                list(DISCOUNT_PRESETS)))
            return [0.0] * m.horizon, None
        rate_of = DISCOUNT_PRESETS[m.discount_rate]
        # The rate of year t discounts t against t − 1: the step to year t − base.
        return [rate_of(year - discount_year) for year in years], m.discount_rate
    if isinstance(m.discount_rate, dict):
        return _discount_schedule(m, m.discount_rate, years, span, bad), None
    return [m.discount_rate] * m.horizon, None


def _discount_schedule(m: MetaIn, given: dict[str, float], years: range, span: str,
                       bad: Bad) -> list[float]:
    """A schedule {from_year = rate}: each rate holds from its year to the next one's."""
    schedule: dict[int, float] = {}
    if not given:
        bad(("meta", "discount_rate"), say(
            "empty_schedule", "an empty discount schedule; give the rate from the start year "
            "on, e.g. {{ {year} = 0.03 }}, or a single rate", year=m.start_year))
    for key, rate in given.items():
        year = year_key(key)
        if year is None or year not in years:
            bad(("meta", "discount_rate", key), say("year_key", "expected a year in {span} "
                                                    "as key", span=span))
        elif not 0.0 <= rate < 1.0:
            bad(("meta", "discount_rate", key), say("rate", "expected a rate in [0, 1), got "
                                                    "{rate!r}", rate=rate))
        else:
            schedule[year] = rate
    if schedule and min(schedule) != m.start_year:
        bad(("meta", "discount_rate"), say("schedule_start", "a discount schedule must "
                                           "start at the start year {year}",
                                           year=m.start_year))
    rates, rate = [], 0.0
    for year in years:
        rate = schedule.get(year, rate)
        rates.append(rate)
    return rates
