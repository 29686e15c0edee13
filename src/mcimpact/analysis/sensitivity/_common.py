"""What every estimator of the sensitivity analysis shares.

- One financing scenario at a time (:func:`one_financing`), and its run (:func:`one_run`):
  a view of the whole scenario's :class:`~mcimpact.run.run.Run`, whose compiled arrays it
  shares (every estimator takes the run: none compiles the core or calls the kernel).
- How chains group into factors (:data:`GROUPINGS`) and which (chain, input) cells a
  factor moves.
- The outputs per draw (:data:`OUTPUTS`), computed from the core's yearly benefits and
  costs exactly as the results dataset computes them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from ...core.compile import CoreArrays
from ...model.scenario import DEFAULT_SEED, INPUT_NAMES, Chain, Scenario
from ...run.dataset import break_even_year, never_year
from ...run.run import Run

# How chains are grouped into factors: a name → the chain's label in that grouping.
GROUPINGS: dict[str, Callable[[Chain], str | None]] = {  # None: a chain without a domain
    "chain": lambda c: c.id,
    "activity": lambda c: c.activity_key,
    "initiative": lambda c: c.initiative,
    "beneficiary": lambda c: c.beneficiary,
    "domain": lambda c: c.domain,
}

# A (chain row, input slot) pair: the unit a factor is made of.
Cell = tuple[int, int]


def lookup(table: Mapping[str, Any], name: str, what: str) -> Any:
    """``table[name]``, or a ValueError that lists the names there are."""
    try:
        return table[name]
    except KeyError:
        raise ValueError(f"unknown {what} '{name}'; expected one of: {', '.join(table)}") from None


def one_financing(scenario: Scenario, financing: str | None = None) -> Scenario:
    """The scenario with one financing scenario: ``financing``, or the first. Every
    estimator analyses one financing scenario at a time."""
    return scenario.select_financing([financing or scenario.financing[0].id])


def chain_groups(scenario: Scenario, by: str = "activity") -> dict[str, list[int]]:
    """Chain rows per group of :data:`GROUPINGS`, groups in order of first appearance.

    Groups without chains (an activity with no effect chain) are left out: they have no
    variance to explain.
    """
    key = lookup(GROUPINGS, by, "grouping")
    groups: dict[str, list[int]] = {}
    for e, chain in enumerate(scenario.chains):
        groups.setdefault(key(chain), []).append(e)
    return groups


def one_run(scenario: Scenario, run: Run | None = None, *, seed: int = DEFAULT_SEED
            ) -> tuple[Scenario, Run]:
    """``scenario`` with its first financing scenario, and the run of it: the view of
    ``run`` (a run of the scenario with any financing scenarios that include this one,
    whose compiled arrays the view shares), or a new run with ``seed``."""
    one = one_financing(scenario)
    fid = one.financing[0].id
    if run is None:
        return one, Run(one, seed=seed)
    ids = tuple(f.id for f in run.scenario.financing)
    if (tuple(c.id for c in run.scenario.chains) != tuple(c.id for c in one.chains)
            or fid not in ids):
        raise ValueError(f"the run is of financing scenario(s) {', '.join(ids)}, not of "
                         f"'{fid}' of this scenario")
    return one, run.one(fid)


def certain_funding(core: CoreArrays) -> bool:
    """Whether every initiative's funding pattern is certain (no renewal risk)."""
    return bool(np.all(core.fixed_pattern >= 0))


def pattern_row(core: CoreArrays, e: int) -> int:
    """The profile row of chain ``e`` under certain funding (one financing scenario)."""
    i = core.chain_initiative[e]
    return int(core.row_start[0, i] + core.fixed_pattern[0, i])


# --------------------------------------------------------------------------------------
# Which (chain, input) cells a factor moves


def cells_by_input(scenario: Scenario) -> dict[str, list[Cell]]:
    """One factor per uncertain input of each chain, named ``<chain>:<input>``."""
    return {f"{c.id}:{INPUT_NAMES[s]}": [(e, s)]
            for e, c in enumerate(scenario.chains) for s, inp in enumerate(c.inputs)
            if not inp.is_fixed}


def cells_by_kind(scenario: Scenario) -> dict[str, list[Cell]]:
    """One factor per input kind: that input in every chain where it is uncertain."""
    cells: dict[str, list[Cell]] = {}
    for e, c in enumerate(scenario.chains):
        for s, inp in enumerate(c.inputs):
            if not inp.is_fixed:
                cells.setdefault(INPUT_NAMES[s], []).append((e, s))
    return cells


def cells_by_grouping(by: str) -> Callable[[Scenario], dict[str, list[Cell]]]:
    """One factor per chain group of :data:`GROUPINGS`: the uncertain inputs of its
    chains (groups without any are left out)."""
    def cells(scenario: Scenario) -> dict[str, list[Cell]]:
        out = {label: [(e, s) for e in rows for s, inp in enumerate(scenario.chains[e].inputs)
                       if not inp.is_fixed]
               for label, rows in chain_groups(scenario, by).items()}
        return {label: c for label, c in out.items() if c}

    return cells


# --------------------------------------------------------------------------------------
# Outputs per draw, from the core's yearly benefits and costs

OUTPUTS_DEFAULT = ("multiplier", "benefits_total", "break_even_year")


@dataclass(frozen=True)
class Money:
    """What turns yearly flows into outputs."""

    discount: np.ndarray  # (year,) [1]: discount factor to the start year
    years: np.ndarray  # (year,) calendar years
    never: int  # the break-even year that stands for "not within the horizon"


def money(scenario: Scenario, core: CoreArrays) -> Money:
    return Money(core.discount, scenario.meta.years, never_year(scenario))


def _multiplier(b: np.ndarray, c: np.ndarray, m: Money) -> np.ndarray:
    costs = c @ m.discount
    if np.any(costs <= 0):
        raise ValueError("the scenario has no costs, so no multiplier")
    return (b @ m.discount) / costs


def _break_even(b: np.ndarray, c: np.ndarray, m: Money) -> np.ndarray:
    return break_even_year(b, c, m.discount, m.years, m.never)


Output = Callable[[np.ndarray, np.ndarray, Money], np.ndarray]

# Output name → its per-draw values from yearly benefits and costs (draw, year) [EUR]:
# total benefits [EUR, present value], the multiplier [EUR per EUR], the break-even year
# [year]. Besides these, "break_even_after_YYYY" is the indicator [1] of no break-even by
# year YYYY.
OUTPUTS: dict[str, Output] = {
    "benefits_total": lambda b, c, m: b @ m.discount,
    "multiplier": _multiplier,
    "break_even_year": lambda b, c, m: _break_even(b, c, m).astype(float),
}
#: The outputs and the inputs in money [EUR, or the scenario's currency]: total benefits
#: (and a net benefit), a chain's value per person per year; the others are ratios,
#: years, counts and shares.
MONEY_OUTPUTS = frozenset({"benefits_total", "net_benefit"})
MONEY_INPUTS = frozenset({"value"})
_LATE = re.compile(r"break_even_after_(\d+)")


def output_function(name: str) -> Output:
    """The function of :data:`OUTPUTS` called ``name``, or the late-break-even indicator."""
    late = _LATE.fullmatch(name)
    if late:
        year = int(late.group(1))
        return lambda b, c, m: (_break_even(b, c, m) > year).astype(float)
    return lookup(OUTPUTS, name, "output (or break_even_after_YYYY)")
