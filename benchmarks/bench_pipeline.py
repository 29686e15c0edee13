"""The chunked pipeline in process: ``mcimpact.simulate`` of the bundled scenario (all four
financing scenarios on the same draws, summaries only), JIT warm, no subprocess.

``bench_cli.SimEndToEnd`` times the same work as a user's command (interpreter start,
imports, loading the compiled core); ``bench_memory`` tracks its memory. The difference
between ``time_simulate`` and ``bench_throughput.CoreThroughput`` (groningen-financing) is
what the pipeline adds to the core: the per-draw figures and the summary's reduction
(docs/performance.md, "The chunked pipeline").

Backends: ``backend="threads"`` is the in-process run; ``"dask-2"`` the same run on a
``LocalCluster`` of two single-threaded worker processes started in ``setup``
(:mod:`mcimpact.run.backends.dask`, ``mcimpact[dask]``), whose summaries equal the threaded
ones bit for bit (tests/test_distributed.py); the ratio of the two is the cluster's
overhead, or its gain where the machine has the cores.
"""

from __future__ import annotations

from . import _common as c


class Simulate:
    params = ([100_000, 1_000_000], ["threads", "dask-2"])
    param_names = ("draws", "backend")
    number = 1
    repeat = (1, 3, 60.0)
    warmup_time = 0.0
    processes = 1
    timeout = 900

    def setup(self, draws: int, backend: str) -> None:
        import mcimpact

        self.simulate = mcimpact.simulate
        self.scenario = mcimpact.load()
        self.client = None
        if backend.startswith("dask"):
            try:
                from mcimpact.run.backends.dask import connect
            except ImportError as exc:  # pragma: no cover - without the dask extra
                raise NotImplementedError("needs mcimpact[dask]") from exc
            self._cluster = connect(workers=int(backend.split("-")[1]))
            self.client = self._cluster.__enter__()
        self.simulate(self.scenario, 40_000, c.SEED, client=self.client)  # JIT, imports

    def teardown(self, draws: int, backend: str) -> None:
        if self.client is not None:
            self._cluster.__exit__(None, None, None)

    def time_simulate(self, draws: int, backend: str) -> None:
        self.simulate(self.scenario, draws, c.SEED, client=self.client)
