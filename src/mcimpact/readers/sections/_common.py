"""What several sections check alike: years as keys, duplicate ids, tiny costs, tags."""

from __future__ import annotations

import re
from typing import Any

from ...errors import say
from ...model.scenario import MIN_COST, UNTAGGED, Meta
from .._lines import Loc
from .._locate import Bad, clip
from .._schema import ID_PATTERN


def horizon(meta: Meta) -> tuple[range, str]:
    """The years of the horizon, and how a message writes them (``2021–2040``)."""
    return range(meta.start_year, meta.end_year + 1), f"{meta.start_year}–{meta.end_year}"


def year_key(key: str) -> int | None:
    """The year a key names: four ASCII digits (not other scripts' digits)."""
    return int(key) if re.fullmatch(r"[0-9]{4}", key) else None


def duplicates(ids: list[Any]) -> list[int]:
    """Positions of entries whose id appeared earlier in the list."""
    seen: set[Any] = set()
    dups = []
    for n, key in enumerate(ids):
        if key in seen:
            dups.append(n)
        seen.add(key)
    return dups


def tiny_cost(cost: float) -> str:
    return say("tiny_cost", "a cost is 0 or at least MIN_COST = {least:g} (so that no "
               "multiplier overflows), got {cost:g}", least=MIN_COST, cost=cost)


def valid_tags(given: dict[str, str], here: Loc, bad: Bad) -> dict[str, str]:
    """The valid tags of an initiative or a chain at ``here``; each other one is a
    problem: a key must be an id (it names a breakdown), a value a non-empty text other
    than the name of the untagged member."""
    tags = {}
    for key, value in given.items():
        if not re.fullmatch(ID_PATTERN, key):
            bad((*here, "tags", key), say("tag_key", "tag key '{tag}' must match {pattern}",
                                          tag=clip(key), pattern=ID_PATTERN))
        elif not value.strip():
            bad((*here, "tags", key), say("tag_empty", "expected a non-empty text as the "
                                          "tag's value"))
        elif value == UNTAGGED:
            bad((*here, "tags", key), say("tag_untagged", "'{value}' names the chains "
                                          "without the tag; choose another value",
                                          value=UNTAGGED))
        else:
            tags[key] = value
    return tags
