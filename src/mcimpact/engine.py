"""The point engine: every input at its point value, one trajectory.

    B_e[t] = Σ_c N_e · p_e · δ_e · v_e · a_e · w_e[t − c]

with ``a_e`` the SROI adjustment factor and ``w_e`` the chain's time profile (drop-off
included). The result has the same layout as a Monte Carlo run with a single draw.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from .model import ChainArrays, Scenario, chain_arrays
from .results import GROUPS, DrawAggregates, assemble


def chain_benefits(arrays: ChainArrays) -> np.ndarray:
    """Benefits per chain per year (nominal EUR), shape (chain, year)."""
    return arrays.amount[:, None] * arrays.profile_matrix


def aggregate_chains(
    arrays: ChainArrays, benefits: np.ndarray, group_sizes: dict[str, int]
) -> DrawAggregates:
    """Aggregate per-chain yearly benefits of one or more draws, shape (draw, chain, year)."""
    pv_chain = benefits @ arrays.discount  # (draw, chain)
    pv_by_group = {}
    for group in GROUPS:
        index = getattr(arrays, group)
        one_hot = np.zeros((len(index), group_sizes[group]))
        one_hot[np.arange(len(index)), index] = 1.0
        pv_by_group[group] = pv_chain @ one_hot
    return DrawAggregates(
        benefits=benefits.sum(axis=1),
        pv_by_group=pv_by_group,
        pv_claimable=pv_chain[:, arrays.claimable].sum(axis=-1),
    )


def group_sizes(scenario: Scenario) -> dict[str, int]:
    return {
        "initiative": len(scenario.initiatives),
        "activity": len(scenario.activities),
        "beneficiary": len(scenario.beneficiaries),
        "domain": len(scenario.domains),
    }


def run_deterministic(scenario: Scenario) -> xr.Dataset:
    """Run the scenario with every input at its point value (one draw)."""
    arrays = chain_arrays(scenario)
    agg = aggregate_chains(arrays, chain_benefits(arrays)[None], group_sizes(scenario))
    return assemble(scenario, arrays, agg, {"mode": "deterministic", "draws": 1})
