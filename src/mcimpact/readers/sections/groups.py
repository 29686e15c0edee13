"""``[[beneficiaries]]`` and ``[[domains]]``: the groups benefits are broken down by, with
their names per language; the defaults when a scenario gives none."""

from __future__ import annotations

from ...model.scenario import DEFAULT_BENEFICIARIES, DEFAULT_DOMAINS, Group
from .._locate import Bad
from .._schema import GroupIn, ScenarioIn
from ._common import duplicates


def has_domains(spec: ScenarioIn) -> bool:
    """Domains are optional: without [[domains]] and without a domain in any chain, the
    scenario has none (no domain breakdown, no cost claim)."""
    return spec.domains is not None or any(c.domain is not None for c in spec.chains)


def build_groups(spec: ScenarioIn, bad: Bad) -> tuple[tuple[Group, ...], tuple[Group, ...]]:
    """The beneficiary groups and the domains."""
    beneficiaries = _groups("beneficiaries", spec.beneficiaries, DEFAULT_BENEFICIARIES, bad)
    domains = (_groups("domains", spec.domains, DEFAULT_DOMAINS, bad) if has_domains(spec)
               else ())
    return beneficiaries, domains


def _groups(name: str, given: list[GroupIn] | None,
            defaults: tuple[tuple[str, str, str], ...], bad: Bad) -> tuple[Group, ...]:
    if given is None:
        return tuple(Group(gid, {"nl": nl, "en": en}) for gid, nl, en in defaults)
    for dup in duplicates([g.id for g in given]):
        bad((name, dup, "id"), f"duplicate id '{given[dup].id}'")
    for k, g in enumerate(given):
        if g.nl is None and g.en is None:
            bad((name, k), "needs a name: nl, en or both (one is used for every "
                "language)")
    unique = {g.id: g for g in reversed(given)}  # the first of duplicates counts
    return tuple(Group(g.id, {lang: text for lang, text in (("nl", g.nl), ("en", g.en))
                              if text is not None})
                 for g in unique.values())[::-1]
