"""One-way swings (a tornado): the output with one factor's inputs at a low and a high
quantile and every other input at its point value."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np

from ...core.compile import Keys
from ...core.kernels import DROP_OFF, DURATION
from ...model.distributions import fixed, frozen
from ...model.scenario import INPUT_NAMES, Scenario
from ...run.run import Run
from ._common import (
    GROUPINGS,
    Cell,
    cells_by_grouping,
    cells_by_input,
    cells_by_kind,
    lookup,
    money,
    one_run,
    output_function,
)

if TYPE_CHECKING:
    import xarray as xr

# What moves together in a tornado bar: one input, one input kind in all chains, or all
# uncertain inputs of a chain group.
TORNADO_FACTORS: dict[str, Callable[[Scenario], dict[str, list[Cell]]]] = {
    "input": cells_by_input,
    "kind": cells_by_kind,
    **{by: cells_by_grouping(by) for by in GROUPINGS},
}


def _with_drop_off(scenario: Scenario, drop: dict[int, float]) -> Scenario:
    """The scenario with chain e's drop-off fixed at drop[e]."""
    chains = tuple(replace(c, adjustments=replace(c.adjustments, drop_off=fixed(drop[e])))
                   if e in drop else c for e, c in enumerate(scenario.chains))
    return replace(scenario, chains=chains)


def tornado(
    scenario: Scenario,
    output: str = "multiplier",
    *,
    by: str = "input",
    low: float = 0.1,
    high: float = 0.9,
    run: Run | None = None,
) -> xr.Dataset:
    """One-way swings: the output with a factor's inputs at their ``low`` and ``high``
    quantiles (P10, P90) and every other input at its point value.

    Parameters
    ----------
    scenario : Scenario
        Analysed under its first financing scenario.
    output : str
        A key of :data:`~mcimpact.analysis.sensitivity.OUTPUTS` or
        ``break_even_after_YYYY``.
    by : str
        A key of :data:`TORNADO_FACTORS`: ``"input"`` (each uncertain input of each chain),
        ``"kind"`` (one input kind in all chains at once), or a chain grouping such as
        ``"activity"`` (all uncertain inputs of the group's chains at once).
    low, high : float
        The quantiles [1]. Durations are rounded (and kept within [1, horizon]) as in
        sampling.
    run : Run, optional
        A run of the scenario (any financing scenarios that include its first), whose
        point core is used; a new one otherwise.

    Returns
    -------
    xarray.Dataset
        Dimension ``factor``, sorted by ``swing`` (descending): ``output_low``,
        ``output_high``, ``swing = |output_high − output_low|`` [the output's unit],
        ``rank`` (1 = largest). For ``by="input"`` also ``low_value``, ``point_value``,
        ``high_value`` [the input's unit] and the
        coordinates ``chain``, ``input``, ``activity``, ``initiative``. Attribute
        ``base`` is the output at the point values.

    Notes
    -----
    Runs the core in point mode (every input fixed, funding as planned) with one draw per
    bar end, so the numbers are those of ``run_deterministic`` with the factor's inputs
    changed.
    """
    import xarray as xr

    if not 0 < low < high < 1:
        raise ValueError(f"need 0 < low < high < 1, got low = {low}, high = {high}")
    scenario, run = one_run(scenario, run)
    factors = lookup(TORNADO_FACTORS, by, "tornado grouping")(scenario)
    f = output_function(output)
    core = run.point_core
    to_outputs = money(scenario, core)
    max_duration = core.pv_profiles.shape[2] - 1
    # Point mode draws nothing: every input and funding pattern is fixed.
    keys = Keys(np.zeros(core.kinds.shape, dtype=np.uint64), np.zeros(0, dtype=np.uint64),
                np.zeros(core.row_start.shape, dtype=np.uint64))
    quantiles: dict[Cell, tuple[float, float]] = {}
    for cells in factors.values():
        for e, s in cells:
            if (e, s) not in quantiles:
                lo, hi = frozen(scenario.chains[e].inputs[s]).ppf([low, high])
                if s == DURATION:
                    lo, hi = np.clip(np.rint([lo, hi]), 1, max_duration)
                quantiles[e, s] = (float(lo), float(hi))

    def at(cells: list[Cell], end: int) -> float:
        # A fixed drop-off is in the chain's profile rows, not in params: a bar that moves
        # one is run on a core compiled with it at the quantile.
        drop = {e: quantiles[e, s][end] for e, s in cells if s == DROP_OFF}
        bar = run if not drop else run.variant(_with_drop_off(scenario, drop))
        params = bar.point_core.params.copy()
        for e, s in cells:
            params[e, s, 0] = quantiles[e, s][end]
        return float(f(*bar.flows(0, 1, keys=keys, params=params, point=True),
                       to_outputs)[0])

    labels = list(factors)
    out_low = np.array([at(factors[k], 0) for k in labels])
    out_high = np.array([at(factors[k], 1) for k in labels])
    swing = np.abs(out_high - out_low)
    order = np.argsort(-swing, kind="stable")
    data: dict[str, Any] = {
        "output_low": ("factor", out_low[order], {"long_name": f"{output}, factor at P{low:.0%}"}),
        "output_high": ("factor", out_high[order]),
        "swing": ("factor", swing[order], {"long_name": "|output_high − output_low|"}),
        "rank": ("factor", np.arange(1, len(labels) + 1)),
    }
    coords: dict[str, Any] = {"factor": [labels[k] for k in order]}
    if by == "input":
        cells = [factors[labels[k]][0] for k in order]
        chains = [scenario.chains[e] for e, _ in cells]
        data["low_value"] = ("factor", [quantiles[c][0] for c in cells])
        data["point_value"] = ("factor", [
            float(np.clip(np.rint(core.params[e, s, 0]), 1, max_duration)) if s == DURATION
            else core.params[e, s, 0] for e, s in cells])
        data["high_value"] = ("factor", [quantiles[c][1] for c in cells])
        coords.update({
            "chain": ("factor", [c.id for c in chains]),
            "input": ("factor", [INPUT_NAMES[s] for _, s in cells]),
            "activity": ("factor", [c.activity_key for c in chains]),
            "initiative": ("factor", [c.initiative for c in chains]),
        })
    ds = xr.Dataset(data, coords=coords)
    ds.attrs.update({
        "method": "one-way swings around the point values",
        "output": output,
        "by": by,
        "base": float(f(*run.flows(0, 1, keys=keys, point=True), to_outputs)[0]),
        "financing": scenario.financing[0].id,
        "low_quantile": low,
        "high_quantile": high,
    })
    return ds
