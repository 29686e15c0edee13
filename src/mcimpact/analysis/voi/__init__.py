"""The value of information: what the uncertainty costs the decision between the financing
scenarios, and which uncertainty is worth reducing first (docs/methodology.md §
"Decisions and the value of information").

With options ``a`` (the financing scenarios, on common random numbers), net benefit
``NB_a`` [EUR] per draw, and θ the sampled inputs:

- **EVPI** = E[max_a NB_a] − max_a E[NB_a] (:func:`evpi`): what deciding with every input
  known would gain.
- **EVPPI** of a subset φ of the inputs = E_φ[max_a E(NB_a | φ)] − max_a E[NB_a]: what
  knowing φ alone would gain. Two ways to get E(NB_a | φ) per draw:

  * *exact from the additive structure* (:func:`additive_evppi`): benefits are a sum over
    chains, each a function of its own inputs and the draw's funding pattern, and the
    funding patterns (renewal) and uncertain costs are independent of the chains' inputs.
    With independent inputs (no ``[[correlations]]``)
    ``E(NB_a | θ_G) = Σ_{e∈G} B̄_{e,a}(θ_e) + Σ_{e∉G} E[B_{e,a}] − E[C_a]``, where
    ``B̄_{e,a}`` is the chain's present value averaged over the funding patterns
    (:func:`expected_chain_totals`); for an input kind ``K`` (all chains' ``p``, say) the
    chain's term is ``E[B_{e,a} | X_{e,K}]``, affine in ``X_{e,K}`` for counts,
    slagingskans, delta and value and a table in the duration (:func:`kind_terms`).
  * *nonparametric regression* (:func:`regression_evppi`), the method of Strong, Oakley &
    Brennan (2014) as in the R packages voi and BCEA: each option's net benefit is
    regressed on functions of φ with an additive penalised regression spline
    (a generalised additive model, smoothness by GCV), the fitted values stand for
    E(NB_a | φ); the standard error comes from replicate EVPPIs with the coefficients
    drawn from their approximate posterior (as voi's ``se=TRUE``). Used where the inputs
    are correlated.

- **EVSI** of a monitoring study (:func:`evsi_binomial`): follow ``n`` participants of a
  chain and count the successes ``X ~ Binomial(n, p_e)``. With ``p_e`` independent of the
  other inputs, ``E(NB_a | p_e)`` is affine in ``p_e`` (benefits are linear in the
  slagingskans), so ``E(NB_a | X)`` is that line at the posterior mean of ``p_e``; with
  the prior a Beta(α, β) (the label's Beta, or one with ``p_e``'s mean and variance),
  the posterior mean is ``(α + X) / (α + β + n)`` (conjugate) and X is beta-binomial, so
  EVSI is an exact sum over x = 0 … n.

Standard errors of the additive and EVSI estimates are by batch means over contiguous
blocks of draws; of EVPI, the sd of the optimal option's loss / √n. Nothing here prints.

The work is in private modules, one per job (``_evpi`` for EVPI and EVPPI from per-draw
values, ``_regression`` for the regression estimator, ``_additive`` for the model's
additive parts, ``_evsi`` for monitoring studies, ``_analysis`` for the whole analysis,
``_switching`` for switching values); this module is the public face.
"""

from ._additive import (
    NODES,
    NONLINEAR,
    expected_chain_totals,
    kind_terms,
    pattern_probabilities,
    uncertain_cells,
)
from ._analysis import (
    GROUPINGS,
    Evppi,
    Evsi,
    InformationValue,
    ValueOfInformation,
    evppi_table,
    value_of_information,
)
from ._evpi import (
    BATCHES,
    additive_evppi,
    evpi,
    evppi_of_fitted,
)
from ._evsi import (
    DEFAULT_STUDIES,
    DEFAULT_STUDY_SIZE,
    Study,
    beta_prior,
    linear_evppi,
    linear_evsi,
    regression_evsi,
)
from ._regression import (
    LAMBDAS,
    REPLICATES,
    Fit,
    regression_evppi,
    regression_fit,
)
from ._switching import (
    PROPORTIONAL,
    SWITCHING_VARIABLES,
    SwitchingValue,
    SwitchingValues,
    decision_switch,
    switching_factor,
    switching_values,
)

__all__ = [
    "BATCHES",
    "DEFAULT_STUDIES",
    "DEFAULT_STUDY_SIZE",
    "GROUPINGS",
    "LAMBDAS",
    "NODES",
    "NONLINEAR",
    "PROPORTIONAL",
    "REPLICATES",
    "SWITCHING_VARIABLES",
    "Evppi",
    "Evsi",
    "Fit",
    "InformationValue",
    "Study",
    "SwitchingValue",
    "SwitchingValues",
    "ValueOfInformation",
    "additive_evppi",
    "beta_prior",
    "decision_switch",
    "evpi",
    "evppi_of_fitted",
    "evppi_table",
    "expected_chain_totals",
    "kind_terms",
    "linear_evppi",
    "linear_evsi",
    "pattern_probabilities",
    "regression_evppi",
    "regression_evsi",
    "regression_fit",
    "switching_factor",
    "switching_values",
    "uncertain_cells",
    "value_of_information",
]
