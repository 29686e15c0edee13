"""What the model cuts from a scenario's inputs, and how much value that held.

The model counts only the years of the horizon and keeps every duration within
[1, horizon] (docs/scenario-format.md, "What is cut"). Both are silent in the arithmetic;
:func:`clamps` lists them so that ``validate``, ``sim`` and the report can say so:

- ``clamp.horizon``: a chain's effect years that lie past the horizon's end, over the
  chain's own cohorts (its years of the base scenario);
- ``clamp.duration``: a point duration longer than the horizon, which the model runs as
  the horizon (for ``linear-decline`` that changes the weights within the horizon too);
- ``clamp.duration_draws``: an uncertain duration whose distribution reaches past the
  horizon: its draws above the horizon are run as the horizon;
- ``clamp.financing``: the effect years past the horizon's end of the cohorts that a
  financing scenario adds (all its added years funded, as its point run takes them), one
  per financing scenario.

The value a cut held is computed from the point inputs with the model's own weights
(:func:`~mcimpact.model.profiles.profile_weights`), per cohort ``c`` of the chain:

    A · Σ_k w_D[k]   over the effect years k that are cut,

with ``A = N · p · δ · v · (1 − deadweight)(1 − attribution)(1 − displacement)`` at the
point values and ``w_D`` the profile at the point duration ``D`` as given (drop-off
included), undiscounted [currency]. For a cut duration the value is what the cut changes
within the horizon: ``A · (Σ w_D[k] − Σ w_H[k])`` over the years of the horizon, with
``w_H`` the profile the model runs. Added up, the two are the point value of the chain
with a horizon long enough for every effect year, less its point value as the model
counts it. A duration is counted up to :data:`MAX_COUNTED_DURATION` years for this sum.
An added cohort counts ``reach · ((1 − uplift) · A + uplift · A₀)``, ``A₀`` being ``A``
without p (its count after saturation, its success probability raised by the continuity
uplift), and runs ``D + extra duration`` years, which the model keeps within the horizon;
its cut is its point value over all those years less its point value as the model counts
it. An ``exponential-decline`` without a duration runs to the end of the horizon by
definition (:attr:`~mcimpact.model.scenario.Profile.to_horizon_end`): nothing of it is
cut.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .profiles import profile_weights
from .scenario import Chain, Financing, Scenario

# The longest duration the value of a cut is summed over [year]: durations up to
# MAX_COUNT (2**53) are accepted, but a sum over them would not fit in memory.
MAX_COUNTED_DURATION = 10_000


@dataclass(frozen=True)
class Clamp:
    """One cut the model applies to a chain's inputs.

    Attributes
    ----------
    chain : str or None
        The chain's id; None for ``clamp.financing``.
    key : str
        What was cut, a catalogue key: ``clamp.horizon``, ``clamp.duration``,
        ``clamp.duration_draws`` or ``clamp.financing``.
    values : tuple of (str, int) pairs
        What the key's text names: ``first``, ``last`` (the effect years cut [calendar
        year]) and ``end`` (the horizon's last year) for ``clamp.horizon`` and
        ``clamp.financing`` (with ``chains``, how many chains' added cohorts are cut);
        ``given`` and ``kept`` [year] for ``clamp.duration``; ``kept`` for
        ``clamp.duration_draws``.
    value : float or None
        What the cut held at the point values, undiscounted [currency]; None for
        ``clamp.duration_draws`` (the point value runs uncut).
    financing : str or None
        The financing scenario's id for ``clamp.financing``; else None.
    """

    chain: str | None
    key: str
    values: tuple[tuple[str, int], ...] = field(default_factory=tuple)
    value: float | None = None
    financing: str | None = None

    def to_json(self) -> dict[str, object]:
        return {"chain": self.chain, "financing": self.financing,
                "kind": self.key.removeprefix("clamp."), **dict(self.values),
                "value": self.value}


def clamps(scenario: Scenario) -> tuple[Clamp, ...]:
    """Every cut the model applies to the chains of ``scenario``, in the chains' order
    (per chain: its duration, its draws, its years past the horizon), then to the
    cohorts of each financing scenario, in their order."""
    out: list[Clamp] = []
    for chain in scenario.chains:
        out.extend(_chain_clamps(chain, scenario))
    for financing in scenario.financing:
        out.extend(_financing_clamps(financing, scenario))
    return tuple(out)


def _amount(chain: Chain) -> float:
    """N · p · δ · v times the fixed-share adjustments, at the point values [currency]."""
    return (chain.participants.point * chain.success_probability.point
            * chain.effect_size.point * chain.value.point * chain.adjustments.factor)


def _chain_clamps(chain: Chain, scenario: Scenario) -> list[Clamp]:
    meta = scenario.meta
    horizon = meta.horizon
    p = chain.profile
    given = max(p.point_duration, 1)
    kept = min(given, horizon)
    counted = min(given, MAX_COUNTED_DURATION)
    drop_off = chain.adjustments.point_drop_off
    amount = _amount(chain)
    out: list[Clamp] = []
    past_value, within_change = 0.0, 0.0
    past_years: list[int] = []
    for cohort in chain.cohorts:
        c = cohort - meta.start_year
        inside = horizon - c  # effect offsets k < inside lie in the horizon
        full = profile_weights(p.shape, p.lag, counted, p.half_life, drop_off, p.lag + counted)
        run = profile_weights(p.shape, p.lag, kept, p.half_life, drop_off, horizon)[:inside]
        within_change += amount * (float(full[:inside].sum()) - float(run.sum()))
        if not p.to_horizon_end:
            cut = np.flatnonzero(full[inside:]) + inside
            if cut.size:
                past_value += amount * float(full[inside:].sum())
                past_years += [cohort + int(cut[0]), cohort + int(cut[-1])]
    if given > horizon:
        out.append(Clamp(chain.id, "clamp.duration", (("given", given), ("kept", kept)),
                         within_change))
    elif not p.duration.is_fixed and p.duration.support[1] >= horizon + 0.5:
        out.append(Clamp(chain.id, "clamp.duration_draws", (("kept", horizon),)))
    if past_years:
        out.append(Clamp(chain.id, "clamp.horizon", (
            ("first", min(past_years)), ("last", max(past_years)), ("end", meta.end_year)),
            past_value))
    return out


def _financing_clamps(financing: Financing, scenario: Scenario) -> list[Clamp]:
    """The cut of the cohorts that ``financing`` adds (none where nothing is cut)."""
    meta = scenario.meta
    horizon = meta.horizon
    funded = {i.id: set(i.funded_years) for i in scenario.initiatives}
    value = 0.0
    years: list[int] = []
    chains: set[str] = set()
    for chain in scenario.chains:
        plan = financing.of(chain.initiative)
        p = chain.profile
        if plan is None or not chain.follows_funding or p.to_horizon_end:
            continue
        kept = min(max(p.point_duration, 1), horizon)
        drop_off = chain.adjustments.point_drop_off
        amount = _amount(chain)
        # The product without the slagingskans (what the continuity uplift scales).
        amount_np = (chain.participants.point * chain.effect_size.point
                     * chain.value.point * chain.adjustments.factor)
        for cohort, extra, reach, uplift in plan.added_cohorts(len(plan.years),
                                                               funded[chain.initiative]):
            c = cohort - meta.start_year
            inside = horizon - c
            counted = min(max(p.point_duration, 1) + extra, MAX_COUNTED_DURATION)
            full = profile_weights(p.shape, p.lag, counted, p.half_life, drop_off,
                                   p.lag + counted)
            run = profile_weights(p.shape, p.lag, min(kept + extra, horizon), p.half_life,
                                  drop_off, horizon)[:inside]
            cut = np.flatnonzero(full[inside:]) + inside
            if not cut.size:
                continue
            share = reach * ((1 - uplift) * amount + uplift * amount_np)
            value += share * (float(full.sum()) - float(run.sum()))
            years += [cohort + int(cut[0]), cohort + int(cut[-1])]
            chains.add(chain.id)
    if not years:
        return []
    return [Clamp(None, "clamp.financing", (("first", min(years)), ("last", max(years)),
                                            ("end", meta.end_year), ("chains", len(chains))),
                  value, financing=financing.id)]
