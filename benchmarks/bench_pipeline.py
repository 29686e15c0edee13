"""The chunked pipeline in process: ``mcimpact.simulate`` of the bundled scenario (all four
financing scenarios on the same draws, summaries only), JIT warm, no subprocess.

``bench_cli.SimEndToEnd`` times the same work as a user's command (interpreter start,
imports, loading the compiled core); ``bench_memory`` tracks its memory. The difference
between ``time_simulate`` and ``bench_throughput.CoreThroughput`` (groningen-financing) is
what the pipeline adds to the core: the per-draw figures and the summary's reduction
(docs/performance.md, "The chunked pipeline").

Backends (place reserved): the dask.distributed backend that a later change adds
(docs/architecture.md, "Where to add things") goes here, as a ``backend`` parameter of
``Simulate`` (``"threads"``, the in-process run measured now, and ``"dask"`` on a
``LocalCluster`` started in ``setup``) and with a ``peakmem_`` of the client process.
Its results must equal the threaded ones (the chunk bounds fix the numbers), which
``bench_accuracy`` then shows unchanged. Nothing is measured for it until it exists.
"""

from __future__ import annotations

from . import _common as c


class Simulate:
    params = ([100_000, 1_000_000],)
    param_names = ("draws",)
    number = 1
    repeat = (1, 3, 60.0)
    warmup_time = 0.0
    processes = 1
    timeout = 600

    def setup(self, draws: int) -> None:
        import mcimpact

        self.simulate = mcimpact.simulate
        self.scenario = mcimpact.load()
        self.simulate(self.scenario, 1000, c.SEED)  # JIT, imports

    def time_simulate(self, draws: int) -> None:
        self.simulate(self.scenario, draws, c.SEED)
