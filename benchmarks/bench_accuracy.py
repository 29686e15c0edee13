"""Statistical accuracy, tracked nightly beside the speed.

The z-scores are in Monte Carlo standard errors, with fixed seeds, so each is a
deterministic number for a given version of the code: it changes only when the numbers
change. For a correct sampler they behave like draws of a standard normal, so |z| above
~4 means a bias, not bad luck.

- ``Accuracy.track_mean_vs_deterministic``: (mean MC multiplier − deterministic
  multiplier) / MCSE, at 10⁶ draws of the core. With independent inputs and fixed
  durations (both scenarios, one financing scenario each), the expected multiplier equals
  the point multiplier exactly, because the point values are the inputs' means and the
  benefit of a chain is a product of independent inputs.
- ``Accuracy.track_core_vs_peer``: (core mean − peer mean) / √(SE_core² + SE_peer²) of the
  multiplier at 10⁵ draws, on independent random numbers (the peer draws with numpy's
  Generator, the core by inversion of counter-based uniforms).
- ``Simulate.track_mean_vs_analytic``: the same z for what a user gets,
  ``mcimpact.simulate(mcimpact.load(), 10⁵, seed)``: the summary's mean multiplier of each
  of the bundled file's four financing scenarios against its exact expectation
  (``_common.analytic_multipliers``; the deterministic multiplier where the funding is
  certain, a mixture over the funding patterns where renewal is random).
- ``Simulate.track_mcse``: the summary's Monte Carlo standard error of the mean
  multiplier at 10⁵ draws [EUR per EUR]. It is σ/√n, so it moves only when the spread of
  the results moves (a changed input distribution, a lost correlation) or when the
  summary's estimator of it changes (its blocks of 4,096 draws); a jump of more than 10 %
  is a change of the model's uncertainty, not of speed.
"""

from __future__ import annotations

import math
from typing import Any

from . import _common as c

# The financing scenarios of the bundled file, in its order (tests/test_benchmarks.py
# checks them against mcimpact.load()); parameters must be known without loading it.
FINANCING_IDS = ("regiodeal", "voortzetting-2024-2026", "structureel-4j", "incidenteel")
SIMULATE_DRAWS = 100_000


class Accuracy:
    params = (list(c.SCENARIOS),)
    param_names = ("scenario",)
    unit = "standard errors"
    timeout = 300
    processes = 1

    def track_mean_vs_deterministic(self, scenario: str) -> float:
        import mcimpact
        from mcimpact.core.compile import sample

        model = c.scenario(scenario)
        det = mcimpact.simulate(model, deterministic=True).summary.ref.multiplier.mean
        core = c.core(scenario)
        draws = sample(core, c.SEED, 0, 1_000_000)
        mean, se = c.mean_se(c.totals(draws, core) / c.costs_pv(core))
        return (mean - det) / se

    def track_core_vs_peer(self, scenario: str) -> float:
        from mcimpact import testing
        from mcimpact.core.compile import sample

        core = c.core(scenario)
        n = 100_000
        m_core, se_core = c.mean_se(
            c.totals(sample(core, c.SEED, 0, n), core) / c.costs_pv(core))
        m_peer, se_peer = c.mean_se(
            c.totals(testing.peer(c.scenario(scenario), n, seed=c.SEED), core)
            / c.costs_pv(core))
        return (m_core - m_peer) / math.hypot(se_core, se_peer)


class Simulate:
    """Accuracy of ``mcimpact.simulate`` on the bundled scenario: one run of 10⁵ draws
    (all four financing scenarios on the same draws) in ``setup_cache``, shared by both
    trackers and every parameter."""

    params = (list(FINANCING_IDS),)
    param_names = ("financing",)
    timeout = 300
    processes = 1

    def setup_cache(self) -> dict[str, Any]:
        import mcimpact

        model = mcimpact.load()
        summary = mcimpact.simulate(model, SIMULATE_DRAWS, c.SEED).summary
        analytic = c.analytic_multipliers(model)
        return {fin: {"mean": s.multiplier.mean, "mcse": s.multiplier.mcse,
                      "analytic": analytic[fin]}
                for fin, s in summary.financing.items()}

    def _get(self, cache: dict[str, Any], financing: str) -> dict[str, float]:
        if financing not in cache:
            raise NotImplementedError(f"no financing scenario {financing!r} in the bundled file")
        return cache[financing]

    def track_mean_vs_analytic(self, cache: dict[str, Any], financing: str) -> float:
        r = self._get(cache, financing)
        return (r["mean"] - r["analytic"]) / r["mcse"]

    track_mean_vs_analytic.unit = "standard errors"  # type: ignore[attr-defined]

    def track_mcse(self, cache: dict[str, Any], financing: str) -> float:
        return self._get(cache, financing)["mcse"]

    track_mcse.unit = "EUR per EUR"  # type: ignore[attr-defined]
