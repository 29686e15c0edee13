"""The cuts of :func:`mcimpact.model.clamps.clamps` in words: one line each, for the
warnings of ``validate`` and ``sim`` and the report's method section."""

from __future__ import annotations

from ..model.clamps import Clamp
from .locale import Locale


def clamp_text(clamp: Clamp, words: Locale) -> str:
    """One cut in the words of ``words`` (which speaks of the scenario's currency), e.g.
    "chain 'outcome': its effect year 2029 lies past the end of the horizon (2028) and is
    not counted; it holds GBP 13,500 at the point values, undiscounted"."""
    values = dict(clamp.values)
    key = clamp.key
    if key == "clamp.horizon" and values["first"] == values["last"]:
        key = "clamp.horizon_one"
    return words.text(key, chain=clamp.chain, value=words.money(clamp.value), **values)
