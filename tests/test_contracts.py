"""One contract for every consumer of a run and one for every backend, subclassed once per
implementation (as scipy.stats.qmc's ``QMCEngineTests`` is per engine): a new sink or
backend is done when it passes its class.

- :class:`ConsumerContract` — fed a run's chunks in draw order, a consumer's result does
  not depend on how the draws were chunked; a mergeable one gives the same when its parts
  are filled separately and merged in draw order.
- :class:`BackendContract` — the summary, the per-draw dataset and the analyses of a plan
  (sensitivity, the decision and the value of information, a report's results) are
  identical to those of the local backend (the reference is the local run itself: the
  promise is bit-identity, not closeness).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import xarray as xr

import mcimpact
from mcimpact.analysis import api
from mcimpact.analysis.summaries import SummaryReducer
from mcimpact.run.backends import Local
from mcimpact.run.consumers import Mergeable
from mcimpact.run.reducers import BLOCK, PILOT
from mcimpact.run.run import Run
from mcimpact.run.sinks import DatasetFile, DatasetMemory, read
from mcimpact.run.store import ZarrStore

DATA = Path(__file__).parent / "data"
#: The pilot, whole cluster tasks of two blocks and a partial one: every path of a merge.
DRAWS = PILOT + 3 * 2 * BLOCK + 1000


@pytest.fixture(scope="module")
def scenario() -> mcimpact.Scenario:
    """Small, with two financing scenarios (one renewed at random) and paired comparisons."""
    return mcimpact.load(DATA / "two-financing.toml")


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, xr.Dataset):
        a, b = a.drop_attrs(), b.drop_attrs()
        return a.identical(b)
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


# --------------------------------------------------------------------------------------
# Consumers


class ConsumerContract:
    """Subclass with :meth:`make` (a consumer of ``run`` for ``draws`` draws, writing
    under ``tmp``) and :meth:`result` (what it gives, as a dataset or JSON-ready data)."""

    draws = PILOT + 2 * BLOCK + 123

    def make(self, run: Run, draws: int, tmp: Path) -> Any:
        raise NotImplementedError

    def result(self, consumer: Any) -> Any:
        raise NotImplementedError

    def _fed(self, scenario: mcimpact.Scenario, chunk_size: int, tmp: Path) -> Any:
        run = Run(scenario, seed=5, chunk_size=chunk_size)
        consumer = self.make(run, self.draws, tmp)
        run.execute(self.draws, [consumer])
        return self.result(consumer)

    def test_the_chunking_does_not_change_the_result(self, scenario, tmp_path):
        one = self._fed(scenario, 1 << 15, tmp_path / "a")
        many = self._fed(scenario, 1000, tmp_path / "b")
        assert _same(one, many)

    def test_parts_filled_apart_and_merged_in_draw_order_give_the_whole(self, scenario,
                                                                       tmp_path):
        run = Run(scenario, seed=5)
        whole = self.make(run, self.draws, tmp_path / "whole")
        if not isinstance(whole, Mergeable):
            pytest.skip("not mergeable: it runs on the local backend only")
        run.execute(self.draws, [whole])
        merged = self.make(run, self.draws, tmp_path / "merged")
        Local().feed(run, 0, PILOT, [merged])
        cut = PILOT + BLOCK
        parts = [merged.part(PILOT), merged.part(cut)]
        Local().feed(run, PILOT, cut, [parts[0]])
        Local().feed(run, cut, self.draws, [parts[1]])
        for part in parts:
            merged.merge(part)
        self.finish(merged)
        assert _same(self.result(whole), self.result(merged))

    def finish(self, consumer: Any) -> None:
        """After a hand-fed run (a sink closes its file here)."""


class TestSummaryReducer(ConsumerContract):
    def make(self, run, draws, tmp):
        return SummaryReducer(run.scenario, mode=run.mode, seed=run.seed)

    def result(self, consumer):
        return consumer.summary().to_json()


class TestDatasetMemory(ConsumerContract):
    def make(self, run, draws, tmp):
        return DatasetMemory(run, draws=draws)

    def result(self, consumer):
        return consumer.dataset()


class TestKeptVariables(ConsumerContract):
    """What an analysis keeps (:class:`mcimpact.analysis.plan.Keep`): some variables of
    the first draws."""

    def make(self, run, draws, tmp):
        return DatasetMemory(run, draws=draws, variables={"net_benefit", "multiplier"},
                             first=PILOT + 100)

    def result(self, consumer):
        return consumer.dataset()


class _File(ConsumerContract):
    """A sink: a context manager whose file appears when its block ends."""

    def finish(self, consumer):
        consumer.__exit__(None, None, None)

    def result(self, consumer):
        if not consumer.path.exists():
            self.finish(consumer)
        return read(consumer.path)


class TestNetCDF(_File):
    def make(self, run, draws, tmp):
        tmp.mkdir(parents=True, exist_ok=True)
        return DatasetFile(run, tmp / "r.nc").__enter__()


class TestZarr(_File):
    def make(self, run, draws, tmp):
        tmp.mkdir(parents=True, exist_ok=True)
        return ZarrStore(run, tmp / "r.zarr", draws=draws).__enter__()


# --------------------------------------------------------------------------------------
# Backends


class BackendContract:
    """Subclass with a ``backend`` fixture (None: the local backend)."""

    def test_the_summary_and_the_dataset_are_the_local_ones(self, scenario, backend):
        here = mcimpact.simulate(scenario, DRAWS, seed=3, keep_draws=True)
        there = mcimpact.simulate(scenario, DRAWS, seed=3, keep_draws=True, backend=backend)
        assert _same(here.summary.to_json(), there.summary.to_json())
        assert _same(here.dataset, there.dataset)

    def test_the_analyses_of_a_plan_are_the_local_ones(self, scenario, backend):
        """What ``sensitivity``, ``voi`` and ``report`` print as JSON or render."""
        here, there = ({
            "sensitivity": {f: r.to_json() for f, r in api.sensitivity(
                Run(scenario, seed=3), DRAWS, backend=b).items()},
            "voi": api.decisions(Run(scenario, seed=3), DRAWS, backend=b).to_json(),
            "report": _report_json(api.report_results(Run(scenario, seed=3), DRAWS,
                                                      every_financing=False, backend=b)),
        } for b in (None, backend))
        for name in here:
            assert _same(here[name], there[name]), name


def _report_json(r: api.ReportResults) -> dict[str, Any]:
    assert r.measure_first is not None and r.sensitivity is not None
    return {"summary": r.summary.to_json(), "point": r.point.to_json(),
            "sensitivity": {f: s.to_json() for f, s in r.sensitivity.items()},
            "drivers": r.drivers, "decision": r.measure_first.decision.to_json(),
            "voi": r.measure_first.voi.to_json()}


class TestLocal(BackendContract):
    @pytest.fixture
    def backend(self):
        return Local()


@pytest.fixture(scope="module")
def two_workers():
    """A new local dask cluster of two worker processes, tasks of two blocks."""
    dask = pytest.importorskip("mcimpact.run.backends.dask")
    pytest.importorskip("distributed")
    with dask.connect(workers=2) as client:
        yield dask.Dask(client, task_draws=2 * BLOCK)


@pytest.mark.slow
class TestDask(BackendContract):
    @pytest.fixture
    def backend(self, two_workers):
        return two_workers


@pytest.mark.slow
@pytest.mark.parametrize("command", [["sensitivity"], ["voi"]])
def test_the_command_lines_json_with_two_workers_is_the_local_one(command, capsys):
    from mcimpact.cli import main

    args = [*command, str(DATA / "two-financing.toml"), "-n", str(DRAWS), "--seed", "3",
            "--json", "-q"]
    assert main(args) == 0
    here = capsys.readouterr().out
    assert main([*args, "--workers", "2"]) == 0
    assert capsys.readouterr().out == here


def test_a_backend_refuses_a_consumer_it_cannot_run_before_any_work(scenario, tmp_path):
    dask = pytest.importorskip("mcimpact.run.backends.dask")
    run = Run(scenario, seed=1)
    with pytest.raises(ValueError, match="mergeable"), \
            DatasetFile(run, tmp_path / "r.nc") as sink:
        run.execute(DRAWS, [sink], backend=dask.Dask(client=None))
    assert list(tmp_path.iterdir()) == []  # refused before a draw was sampled or written
