"""Peak memory: of the per-draw dataset in memory, of the chunked pipeline in process, and of
``mcimpact sim`` as a child process.

- ``RunMonteCarloMemory.peakmem_run_monte_carlo_groningen``: ``run.engine.run_monte_carlo``
  on Groningen under the report's own funding (one financing scenario), the dataset kept
  in memory. Grows with the draws: the core's per-draw outputs are ~0.7 kB a draw per
  financing scenario (20 yearly benefits, 44 group columns, float64; the funding pattern
  per initiative), the dataset adds derived per-draw variables on top.
- ``SimulateMemory.peakmem_simulate``: ``mcimpact.simulate`` of the bundled scenario (all
  four financing scenarios), summaries only. Memory is bounded by the chunk, so 10⁵ and
  10⁶ draws should peak at about the same figure; a peak that grows with the draws means
  the pipeline holds draws again.
- ``SimMemory.track_peak_rss_sim``: the peak resident set [MiB] of one
  ``python -m mcimpact sim -q -n N`` child process, its own ``ru_maxrss`` from
  ``os.wait4`` (as ``pipeline.py`` measures it): the command a user runs, with nothing of
  the benchmark process in it. 0.69 GiB at 10⁵, 10⁶ and 10⁷ draws when it was measured
  (docs/performance.md, "The chunked pipeline"); holding the draws again would be
  ~4 GiB at 10⁶.

asv's ``peakmem_`` is the peak resident set of the whole benchmark process, ``setup``
included, so it includes the interpreter, numba, scipy and xarray (a few hundred MB)
besides the run itself. ``measure.py`` and ``pipeline.py --large`` also report 10⁷ draws.
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


class SimulateMemory:
    params = ([100_000, 1_000_000],)
    param_names = ("draws",)
    timeout = 300
    processes = 1

    def setup(self, draws: int) -> None:
        import mcimpact

        self.simulate = mcimpact.simulate
        self.scenario = mcimpact.load()
        self.simulate(self.scenario, 1000, c.SEED)  # JIT, imports

    def peakmem_simulate(self, draws: int) -> None:
        self.simulate(self.scenario, draws, c.SEED)


class SimMemory:
    params = ([100_000, 1_000_000],)
    param_names = ("draws",)
    unit = "MiB"
    timeout = 300
    processes = 1

    def setup(self, draws: int) -> None:
        c.child_peak_rss(["sim", "-q", "-n", "1000"])  # warm the numba cache

    def track_peak_rss_sim(self, draws: int) -> float:
        return c.child_peak_rss(["sim", "-q", "-n", str(draws)])
