"""Peak memory of ``engine.run_monte_carlo`` on Groningen under the report's own funding
(one financing scenario).

asv's ``peakmem_`` is the peak resident set of the whole benchmark process, so it includes
the interpreter, numba, scipy and xarray (a few hundred MB) besides the run itself. The
core's per-draw outputs are ~0.7 kB a draw per financing scenario (20 yearly benefits, 20
yearly costs, 44 group columns, float64; the funding pattern per initiative), the
dataset adds derived per-draw variables on top. ``measure.py`` also reports 10⁷ draws.
"""

from __future__ import annotations

from . import _common as c


class RunMonteCarloMemory:
    params = ([1_000_000],)
    param_names = ("draws",)
    timeout = 300
    processes = 1

    def setup(self, draws: int) -> None:
        from mcimpact.run import engine

        self.engine = engine
        self.scenario = c.scenario("groningen")
        engine.run_monte_carlo(self.scenario, 1000)  # JIT, imports

    def peakmem_run_monte_carlo_groningen(self, draws: int) -> None:
        self.engine.run_monte_carlo(self.scenario, draws)
