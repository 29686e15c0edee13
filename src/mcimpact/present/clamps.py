"""The cuts of :func:`mcimpact.model.clamps.clamps` in words: one line each, for the
warnings of ``validate`` and ``sim`` and the report's method section."""

from __future__ import annotations

from ..model.clamps import Clamp
from ..model.scenario import Scenario
from .locale import Locale


def clamp_text(clamp: Clamp, words: Locale, scenario: Scenario | None = None) -> str:
    """One cut in the words of ``words`` (which speaks of the scenario's currency), e.g.
    "chain 'outcome': its effect year 2029 lies past the end of the horizon (2028) and is
    not counted; it holds GBP 13,500 at the point values, undiscounted"; a financing
    scenario by its name in ``scenario`` (else by its id)."""
    values: dict[str, object] = dict(clamp.values)
    key = clamp.key
    if key == "clamp.horizon" and values["first"] == values["last"]:
        key = "clamp.horizon_one"
    if "first" in values:  # "2041" or "2041–2048"
        first, last = values["first"], values["last"]
        values["years"] = str(first) if first == last else f"{first}–{last}"
    names = {f.id: f.name for f in scenario.financing} if scenario else {}
    financing = names.get(clamp.financing or "", clamp.financing)
    return words.text(key, chain=clamp.chain, financing=financing,
                      value=words.money(clamp.value), **values)
