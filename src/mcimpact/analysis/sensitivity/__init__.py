"""Sensitivity: which activity, chain or input moves the multiplier, the total benefits and
the break-even year (docs/methodology.md §8).

Three estimators, from cheap and exact to general:

- :func:`variance_shares` — total benefits are a sum over chains, ``T = Σ_e B_e``. With
  independent chains a group ``G`` of chains has first-order = total-order Sobol index
  ``Σ_{e∈G} Var(B_e) / Σ_e Var(B_e)``: the shares follow from per-chain (or per-group)
  totals of an ordinary run, without extra model runs. The multiplier ``T / costs`` has
  the same shares. Confidence intervals by batch means.
- :func:`input_shares` — one level down, each chain is a product of independent inputs,
  so the indices per input kind and per chain and input follow exactly from the inputs'
  first two moments, without sampling.
- :func:`pick_freeze` — the general grouped estimator (:func:`scipy.stats.sobol_indices`
  on precomputed evaluations) for outputs that are not additive (the break-even year) and
  for correlated inputs. The counter-based generator makes the "A with the group's
  columns from B" samples a matter of swapping stream keys; the kernel is unchanged.

Besides: one-way swings (:func:`tornado`), what drives a late break-even
(:func:`late_break_even`), and :func:`analyse` / :func:`analyse_financing`, which run them
for a report and return a typed :class:`SensitivityReport`. The estimators return
:class:`xarray.Dataset` objects; nothing here prints.

The work is in private modules, one per method (``_exact``, ``_pick_freeze``,
``_tornado``, ``_late_break_even``; ``_common`` for what they share, ``_report`` for the
report, ``_types`` for its types); this module is the public face.
"""

from ._common import (
    GROUPINGS,
    MONEY_INPUTS,
    MONEY_OUTPUTS,
    OUTPUTS,
    OUTPUTS_DEFAULT,
    chain_groups,
    one_financing,
    one_run,
)
from ._exact import (
    Structure,
    chain_factors,
    chain_totals,
    independent_chains,
    input_moments,
    input_shares,
    product_form,
    structure,
    variance_shares,
)
from ._late_break_even import late_break_even
from ._pick_freeze import (
    COSTS,
    PICK_FREEZE_DRAWS,
    RENEWAL,
    Member,
    default_factors,
    kind_factors,
    pick_freeze,
    sobol_from_evaluations,
    weighted_indices,
)
from ._report import REPORT_PARTS, Drivers, Sensitivity, analyse, analyse_financing, drivers
from ._tornado import TORNADO_FACTORS, tornado
from ._types import (
    ChainInputs,
    Estimate,
    Indices,
    InputIndex,
    InputShares,
    LateBreakEven,
    LateFactor,
    SensitivityReport,
    SobolIndex,
    Tornado,
    TornadoBar,
    VarianceShare,
)

__all__ = [
    "COSTS",
    "GROUPINGS",
    "MONEY_INPUTS",
    "MONEY_OUTPUTS",
    "OUTPUTS",
    "OUTPUTS_DEFAULT",
    "PICK_FREEZE_DRAWS",
    "RENEWAL",
    "REPORT_PARTS",
    "TORNADO_FACTORS",
    "ChainInputs",
    "Drivers",
    "Estimate",
    "Indices",
    "InputIndex",
    "InputShares",
    "LateBreakEven",
    "LateFactor",
    "Member",
    "Sensitivity",
    "SensitivityReport",
    "SobolIndex",
    "Structure",
    "Tornado",
    "TornadoBar",
    "VarianceShare",
    "analyse",
    "analyse_financing",
    "chain_factors",
    "chain_groups",
    "chain_totals",
    "default_factors",
    "drivers",
    "independent_chains",
    "input_moments",
    "input_shares",
    "kind_factors",
    "late_break_even",
    "one_financing",
    "one_run",
    "pick_freeze",
    "product_form",
    "sobol_from_evaluations",
    "structure",
    "tornado",
    "variance_shares",
    "weighted_indices",
]
