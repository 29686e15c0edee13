"""What every estimator of the sensitivity analysis shares.

- One financing scenario at a time (:func:`one_financing`), compiled for the core once per
  mode (:func:`compile_cores`) and handed down as :class:`CoreArrays`.
- How chains group into factors (:data:`GROUPINGS`) and which (chain, input) cells a
  factor moves.
- The outputs per draw (:data:`OUTPUTS`), computed from the core's yearly benefits and
  costs exactly as the results dataset computes them.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from ...core.compile import CoreArrays, Keys, core_arrays, sample
from ...model.scenario import INPUT_NAMES, Chain, Scenario
from ...run.dataset import break_even_year, never_year, yearly_costs
from ...run.derive import cost_deviations

# How chains are grouped into factors: a name → the chain's label in that grouping.
GROUPINGS: dict[str, Callable[[Chain], str]] = {
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


# --------------------------------------------------------------------------------------
# The compiled core, once per mode


@dataclass(frozen=True)
class Cores:
    """One financing scenario compiled for the core: for sampling (``monte_carlo``) and
    with every input at its point value and every renewal granted (``point``)."""

    monte_carlo: CoreArrays
    point: CoreArrays


def compile_cores(scenario: Scenario) -> dict[str, Cores]:
    """The cores of each financing scenario of ``scenario`` (by id), from one compilation
    per mode.

    Compiling costs about 0.1 s for the bundled scenario (quantile tables, profile rows);
    the profile rows of every financing scenario are computed independently of the others,
    so the rows of one financing scenario in the whole scenario's arrays are, bit for bit,
    those of that financing scenario compiled alone (a test checks that the draws agree).
    """
    monte_carlo = core_arrays(scenario)
    point = core_arrays(scenario, point=True)
    return {fid: Cores(financing_core(monte_carlo, f), financing_core(point, f))
            for f, fid in enumerate(monte_carlo.financing_ids)}


def financing_core(core: CoreArrays, f: int) -> CoreArrays:
    """The core of financing scenario ``f`` alone, as :func:`core_arrays` of
    ``one_financing(scenario, id)`` would compile it.

    The profile tables stay whole (every row of the other financing scenarios too); only
    the per-financing arrays that point into them are cut to ``f``. They are made
    contiguous: numba compiles (and caches) the kernel for contiguous arrays, and a strided
    view would cost a new compilation.
    """
    def cut(a: np.ndarray, axis: int = 0) -> np.ndarray:
        return np.ascontiguousarray(np.take(a, [f], axis=axis))

    return dataclasses.replace(
        core,
        financing_ids=(core.financing_ids[f],),
        row_start=cut(core.row_start),
        fixed_pattern=cut(core.fixed_pattern),
        pattern_cdf=cut(core.pattern_cdf),
        renewal_groups=(core.renewal_groups[f],),
        has_uplift=cut(core.has_uplift, axis=1),
        cost_rows=cut(core.cost_rows),
    )


def check_core(core: CoreArrays, scenario: Scenario) -> None:
    """Raise unless ``core`` is compiled from ``scenario``, which has one financing
    scenario: a core of another financing scenario would give that one's numbers."""
    if (core.chain_ids != tuple(c.id for c in scenario.chains)
            or core.financing_ids != tuple(f.id for f in scenario.financing)):
        raise ValueError(f"core is compiled for financing scenario(s) "
                         f"{', '.join(core.financing_ids)}, not for "
                         f"'{scenario.financing[0].id}' of this scenario")


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
_LATE = re.compile(r"break_even_after_(\d+)")


def output_function(name: str) -> Output:
    """The function of :data:`OUTPUTS` called ``name``, or the late-break-even indicator."""
    late = _LATE.fullmatch(name)
    if late:
        year = int(late.group(1))
        return lambda b, c, m: (_break_even(b, c, m) > year).astype(float)
    return lookup(OUTPUTS, name, "output (or break_even_after_YYYY)")


def flows(core: CoreArrays, keys: Keys, first: int, n: int,
          params: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Yearly benefits and costs (draw, year) [EUR, nominal] of draws first .. first + n − 1
    of the one financing scenario of ``core``, with the given stream keys (and, optionally,
    other fixed parameters)."""
    d = sample(core, 0, first, n, keys=keys, params=params)
    costs = yearly_costs(core.cost_rows, d.patterns)[:, 0]
    extra = cost_deviations(core, d)  # the uncertain costs, where keys.costs draws them
    if extra is not None:
        costs = costs + extra.sum(axis=1)
    benefits = d.benefits[:, 0]
    if np.any(core.residual_values):  # a benefit in the last year, as in run.derive
        benefits = benefits.copy()
        benefits[:, -1] += core.residual_values.sum()
    return benefits, costs
