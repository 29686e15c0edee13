"""``[[beneficiaries]]`` and ``[[domains]]``: the groups benefits are broken down by, with
their names per language (``names = { nl = "…", en = "…", de = "…" }``; ``nl`` and ``en``
are keys of their own too); the defaults when a scenario gives none."""

from __future__ import annotations

import re

from ...errors import say
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


#: A language code of a group's names: two or three lower-case letters (ISO 639), as
#: the catalogues of mcimpact.present are named.
LANGUAGE = re.compile(r"[a-z]{2,3}")


def _names(name: str, k: int, g: GroupIn, bad: Bad) -> dict[str, str]:
    """A group's names by language code: ``names`` in the file's order, then ``nl`` and
    ``en`` given as keys of their own."""
    out: dict[str, str] = {}
    for lang, text in (g.names or {}).items():
        if not LANGUAGE.fullmatch(lang):
            bad((name, k, "names", lang), say(
                "language_code", "'{code}' is not a language code (two or three "
                "lower-case letters, e.g. nl, en, de)", code=lang))
        elif not text.strip():
            bad((name, k, "names", lang), say("name_empty", "a name is a text that is not "
                                              "empty"))
        else:
            out[lang] = text
    for lang, alias in (("nl", g.nl), ("en", g.en)):
        if alias is None:
            continue
        if g.names is not None and lang in g.names:
            bad((name, k, lang), say("name_twice", "the {code} name is given twice: as "
                                     "{code} and in names", code=lang))
        else:
            out[lang] = alias
    if not out and g.names is None and g.nl is None and g.en is None:
        bad((name, k), say("needs_name", "needs a name: nl, en or both, or names = {{ de = "
                           "…, … }} (one is used for every language)"))
    return out


def _groups(name: str, given: list[GroupIn] | None,
            defaults: tuple[tuple[str, str, str], ...], bad: Bad) -> tuple[Group, ...]:
    if given is None:
        return tuple(Group(gid, {"nl": nl, "en": en}) for gid, nl, en in defaults)
    for dup in duplicates([g.id for g in given]):
        bad((name, dup, "id"), say("duplicate_id", "duplicate id '{id}'", id=given[dup].id))
    named = [(g, _names(name, k, g, bad)) for k, g in enumerate(given)]
    unique = {g.id: names for g, names in reversed(named)}  # the first of duplicates counts
    return tuple(Group(gid, names) for gid, names in unique.items())[::-1]
