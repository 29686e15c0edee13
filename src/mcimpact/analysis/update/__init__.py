"""Bayes' rule for a scenario's inputs: monitoring data → posterior distributions.

Each (chain, input) with data gets a posterior from its prior (the scenario's
distribution) and the likelihood of its observations (docs/monitoring.md):

=====================  ===================  ==========================================
measure → input        prior                posterior
=====================  ===================  ==========================================
successes →            beta (a label is     beta(a + Σ successes, b + Σ (n − successes))
success_probability    one)                 — exact (beta–binomial)
participants →         negbinomial          the count is Poisson(λ) per cohort year with
participants                                λ ~ gamma(r, rate β) matched exactly to the
                                            negative binomial (r = m²/(s² − m),
                                            β = m/(s² − m)); posterior gamma(r + Σ y,
                                            β + k), whose count is again a negative
                                            binomial — exact (gamma–Poisson)
effect → effect_size   truncnormal          normal–normal with the prior's bounds kept:
                                            precision 1/σ² + Σ 1/se², mean weighted by
                                            precision — exact
any                    any other            the general method: a grid posterior, fitted
                                            to the closest of a beta ([0, 1] inputs),
                                            a lognormal (counts), a PERT on a bounded
                                            prior's range and a normal truncated to
                                            the prior's range; refused when the fit's
                                            Kolmogorov distance to the grid posterior
                                            exceeds MAX_FIT_ERROR
=====================  ===================  ==========================================

Success probabilities of chains in a pool (the ``pool`` column) are updated together by
a hierarchical beta–binomial (:func:`pooled`). A Poisson or fixed count, and a fixed
input, are refused: their mean is known, so data cannot move it.

Every update starts from the original prior: updating a posterior file starts again
from the prior and the data recorded in its provenance, with the new data added, so
updating with 2023 and then 2024 gives the same file inputs as updating once with both,
exactly, for every method.

The work is in private modules, one per job (``_types`` for what an update takes and
gives, ``_conjugate`` for the exact updates, ``_general`` for the general method,
``_scenario`` for a scenario and its data, ``_pooled`` for partial pooling,
``_what_changed`` for the prior and posterior runs compared); this module is the public
face. Its settings are read where they are used: a test that changes one (``MAX_FIT_ERROR``,
``execute``) patches that module.
"""

from ._conjugate import (
    CONJUGATE,
    beta_binomial,
    gamma_poisson,
    normal_normal,
)
from ._general import (
    GRID_CELLS,
    GRID_TAIL,
    MAX_FIT_ERROR,
    MIN_CELLS_PER_SD,
    GridPosterior,
    Unreliable,
    fit_error,
    general,
    grid_posterior,
)
from ._pooled import (
    POOL_KAPPA_CELLS,
    POOL_LOG_KAPPA_SD,
    POOL_MU_CELLS,
    pooled,
)
from ._scenario import (
    prior_of,
    recorded_updates,
    update,
    update_input,
)
from ._types import (
    EXACT,
    GENERAL,
    Evidence,
    InputUpdate,
    Posterior,
    moments,
)
from ._what_changed import (
    Change,
    Curve,
    WhatChanged,
    compare,
    compare_updates,
    curves,
    quantiles,
)

__all__ = [
    "CONJUGATE",
    "EXACT",
    "GENERAL",
    "GRID_CELLS",
    "GRID_TAIL",
    "MAX_FIT_ERROR",
    "MIN_CELLS_PER_SD",
    "POOL_KAPPA_CELLS",
    "POOL_LOG_KAPPA_SD",
    "POOL_MU_CELLS",
    "Change",
    "Curve",
    "Evidence",
    "GridPosterior",
    "InputUpdate",
    "Posterior",
    "Unreliable",
    "WhatChanged",
    "beta_binomial",
    "compare",
    "compare_updates",
    "curves",
    "fit_error",
    "gamma_poisson",
    "general",
    "grid_posterior",
    "moments",
    "normal_normal",
    "pooled",
    "prior_of",
    "quantiles",
    "recorded_updates",
    "update",
    "update_input",
]
