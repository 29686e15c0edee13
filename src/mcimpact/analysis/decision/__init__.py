"""Choosing among options: which financing scenario to choose, and how sure that is.

The options are the financing scenarios of a run, evaluated on the same draws (common
random numbers), so every per-draw comparison is paired (docs/methodology.md §
"Decisions and the value of information"). From the per-draw net benefit
``NB[draw, option]`` [EUR] and multiplier ``M[draw, option]`` [EUR per EUR]:

- :func:`p_best` — P(option has the largest net benefit), with its binomial standard error;
- :func:`expected_loss` — E[max_a NB_a − NB_option] [EUR]: what choosing the option costs,
  on average, against always choosing the best in hindsight; the option with the least
  expected loss is the one with the largest expected net benefit, and its loss is the EVPI;
- :func:`frontier` — the efficiency frontier on (expected costs, expected benefits), with
  dominated and extendedly dominated options marked and the incremental multiplier
  ΔB / ΔC between adjacent frontier options;
- :func:`acceptability` — the acceptability curve P(M ≥ x) for every threshold x;
- :func:`value_for_money` — the probability of each value-for-money category (bands of
  the multiplier; by default those of the UK Department for Transport).

:func:`decide` runs them all on a results dataset and returns a :class:`Decision`.
:func:`assumption_sensitivity` is the deterministic sensitivity over fixed assumptions
(discount rate, optimism bias, a factor on the continuity uplift, saturation, renewal
risk): one-way and two-way, each setting re-run on common random numbers. Nothing here
prints.

The work is in private modules, one per job (``_choice`` for the choice among options
and :func:`decide`, ``_assumptions`` for the fixed assumptions, ``_who_gains`` for who
pays and who gains), each with its analysis of a plan; this module is the public face.
"""

from ._assumptions import (
    ASSUMPTIONS,
    AssumptionRange,
    AssumptionRun,
    AssumptionSensitivity,
    FixedAssumptions,
    TwoWay,
    assumption_ranges,
    assumption_sensitivity,
    with_discount_rate,
    with_non_renewal,
    with_optimism_bias,
    with_saturation,
    with_uplift_factor,
)
from ._choice import (
    ACCEPTABILITY_THRESHOLDS,
    DECISION_VARIABLES,
    DFT_BANDS,
    DFT_BANDS_SOURCE,
    Decide,
    Decision,
    FrontierPoint,
    OptionDecision,
    Value,
    acceptability,
    best_option,
    decide,
    expected_loss,
    frontier,
    p_best,
    value_for_money,
)
from ._who_gains import (
    GOVERNMENT,
    WHO_GAINS_VARIABLES,
    WhoGains,
    WhoPaysWhoGains,
    added_costs,
    who_gains,
)

__all__ = [
    "ACCEPTABILITY_THRESHOLDS",
    "ASSUMPTIONS",
    "DECISION_VARIABLES",
    "DFT_BANDS",
    "DFT_BANDS_SOURCE",
    "GOVERNMENT",
    "WHO_GAINS_VARIABLES",
    "AssumptionRange",
    "AssumptionRun",
    "AssumptionSensitivity",
    "Decide",
    "Decision",
    "FixedAssumptions",
    "FrontierPoint",
    "OptionDecision",
    "TwoWay",
    "Value",
    "WhoGains",
    "WhoPaysWhoGains",
    "acceptability",
    "added_costs",
    "assumption_ranges",
    "assumption_sensitivity",
    "best_option",
    "decide",
    "expected_loss",
    "frontier",
    "p_best",
    "value_for_money",
    "who_gains",
    "with_discount_rate",
    "with_non_renewal",
    "with_optimism_bias",
    "with_saturation",
    "with_uplift_factor",
]
