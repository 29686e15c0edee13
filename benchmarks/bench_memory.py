"""Peak memory of ``engine.run_monte_carlo`` on Groningen.

asv's ``peakmem_`` is the peak resident set of the whole benchmark process, so it includes
the interpreter, numba, scipy and xarray (a few hundred MB) besides the run itself. The
per-draw outputs are ~0.5 kB a draw (20 yearly totals + 44 group columns, float64), the
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
        from mcimpact import engine

        self.engine = engine
        self.scenario = c.scenario("groningen")
        engine.run_monte_carlo(self.scenario, 1000)  # JIT, imports

    def peakmem_run_monte_carlo_groningen(self, draws: int) -> None:
        self.engine.run_monte_carlo(self.scenario, draws)
