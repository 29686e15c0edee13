"""Cost of the sensitivity step on Groningen, beside the simulation it analyses.

- ``time_run_monte_carlo``: the simulation itself (the reference for the ratios).
- ``time_variance_shares``: exact per-activity shares from the run's
  ``benefits_by_activity`` (batch-means intervals) — no extra model runs.
- ``time_input_shares``: exact shares per input kind from the inputs' moments.
- ``time_pick_freeze``: the general grouped estimator by activity (2 + groups samples of
  ``2**14`` draws, bootstrap intervals).
- ``time_analyse``: everything ``mcimpact sensitivity -f regiodeal`` computes, including
  its own run.
- ``time_analyse_financing``: the same for all four financing scenarios on one shared run
  (what ``mcimpact sensitivity`` computes by default).
"""

from __future__ import annotations

from . import _common as c

SIZES = (100_000, 1_000_000)


class Sensitivity:
    params = (list(SIZES),)
    param_names = ("draws",)
    number = 1
    repeat = (1, 3, 120.0)
    warmup_time = 0.0
    timeout = 600

    def setup(self, draws: int) -> None:
        from mcimpact.analysis import sensitivity
        from mcimpact.run import engine

        self.engine = engine
        self.sensitivity = sensitivity
        self.scenario = c.scenario("groningen")
        self.ds = engine.run_monte_carlo(self.scenario, draws, c.SEED).isel(financing=0)
        sensitivity.pick_freeze(self.scenario, 1024, c.SEED, by="activity")  # warm

    def time_run_monte_carlo(self, draws: int) -> None:
        self.engine.run_monte_carlo(self.scenario, draws, c.SEED)

    def time_variance_shares(self, draws: int) -> None:
        self.sensitivity.variance_shares(self.ds["benefits_by_activity"])

    def time_input_shares(self, draws: int) -> None:
        self.sensitivity.input_shares(self.scenario)

    def time_pick_freeze(self, draws: int) -> None:
        self.sensitivity.pick_freeze(self.scenario, 1 << 14, c.SEED, by="activity")

    def time_analyse(self, draws: int) -> None:
        self.sensitivity.analyse(self.scenario, draws, c.SEED)

    def time_analyse_financing(self, draws: int) -> None:
        self.sensitivity.analyse_financing(c.scenario(c.FINANCING), draws, c.SEED)
