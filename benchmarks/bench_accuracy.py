"""Statistical accuracy, tracked nightly beside the speed.

All values are in Monte Carlo standard errors (a z-score), with fixed seeds, so each is
a deterministic number for a given version of the code: it changes only when the
numbers change. For a correct sampler they behave like draws of a standard normal, so
|z| above ~4 means a bias, not bad luck.

- ``track_mean_vs_deterministic``: (mean MC multiplier − deterministic multiplier) / MCSE,
  at 10⁶ draws. With independent inputs and fixed durations (both scenarios), the
  expected multiplier equals the point multiplier exactly, because the point values are
  the inputs' means and the benefit of a chain is a product of independent inputs.
- ``track_core_vs_peer``: (core mean − peer mean) / √(SE_core² + SE_peer²) of the
  multiplier at 10⁵ draws, on independent random numbers (the peer draws with numpy's
  Generator, the core by inversion of counter-based uniforms).
"""

from __future__ import annotations

import math

from . import _common as c


class Accuracy:
    params = (list(c.SCENARIOS),)
    param_names = ("scenario",)
    unit = "standard errors"
    timeout = 300
    processes = 1

    def track_mean_vs_deterministic(self, scenario: str) -> float:
        from mcimpact.core.compile import sample
        from mcimpact.run import engine

        model = c.scenario(scenario)
        det = float(engine.run_deterministic(model)["multiplier"].values[0, 0])
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
