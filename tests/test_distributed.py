"""The same numbers on a dask.distributed cluster (mcimpact[dask]): a local run, a new
local cluster of two workers and a scheduler with two workers started as separate
processes on loopback give identical summaries for the same seed. The reference is the
local run itself (the promise is bit-identity, not closeness)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import mcimpact
from mcimpact.cli import main
from mcimpact.run.backends import dask as distributed
from mcimpact.run.reducers import BLOCK, PILOT

pytest.importorskip("distributed")

DATA = Path(__file__).parent / "data"
#: The pilot, three whole tasks of 2 blocks and a partial one: every merge path.
DRAWS = PILOT + 3 * 2 * BLOCK + 1000


def test_task_bounds_are_fixed_by_draw_index():
    assert list(distributed.task_bounds(PILOT, PILOT + 5 * BLOCK + 7, 2 * BLOCK)) == [
        (PILOT, 2 * BLOCK), (PILOT + 2 * BLOCK, 2 * BLOCK), (PILOT + 4 * BLOCK, BLOCK + 7)]
    # Continuing mid-way (a run to a precision) keeps the same cuts.
    assert list(distributed.task_bounds(PILOT + 3 * BLOCK, PILOT + 5 * BLOCK, 2 * BLOCK)) \
        == [(PILOT + 3 * BLOCK, BLOCK), (PILOT + 4 * BLOCK, BLOCK)]
    with pytest.raises(ValueError):
        list(distributed.task_bounds(PILOT, PILOT + 1, 1000))


@pytest.mark.slow
def test_two_local_workers_give_the_local_numbers(monkeypatch):
    monkeypatch.setattr(distributed, "TASK_DRAWS", 2 * BLOCK)
    kinds = mcimpact.load(DATA / "all-kinds.toml")
    # Two financing scenarios: their paired comparisons are merged too.
    pair = mcimpact.load().select_financing(["regiodeal", "incidenteel"])
    runs = [(kinds, DRAWS, None), (pair, DRAWS, None), (kinds, 5000, 0.01)]
    local = [mcimpact.simulate(s, n, seed=3, precision=p).summary for s, n, p in runs]
    with distributed.connect(workers=2) as client:
        remote = [mcimpact.simulate(s, n, seed=3, precision=p, client=client).summary
                  for s, n, p in runs]
    for a, b in zip(local, remote, strict=True):
        assert json.dumps(a.to_json()) == json.dumps(b.to_json())
    # The run to a precision grew past the pilot, in whole blocks, on the cluster too.
    assert local[2].provenance.draws > PILOT and local[2].provenance.draws % BLOCK == 0


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("dask") is None and not Path(sys.executable).with_name(
    "dask").exists(), reason="the dask command line is part of the dask extra")
def test_a_scheduler_and_two_workers_in_their_own_processes(tmp_path, capsys):
    dask = shutil.which("dask") or str(Path(sys.executable).with_name("dask"))
    file = tmp_path / "scheduler.json"
    procs = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", "0",
                               "--no-dashboard", "--scheduler-file", str(file)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        for _ in range(600):
            if file.exists() and file.stat().st_size:
                break
            time.sleep(0.1)
        procs += [subprocess.Popen([dask, "worker", "--scheduler-file", str(file),
                                    "--nthreads", "1", "--no-dashboard"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                  for _ in range(2)]
        from distributed import Client

        with Client(scheduler_file=str(file), timeout="60s") as client:
            client.wait_for_workers(2, timeout=120)
        args = ["sim", str(DATA / "all-kinds.toml"), "-n", str(DRAWS), "--seed", "5",
                "--json"]
        assert main([*args, "--out", str(tmp_path / "local.zarr")]) == 0
        local = capsys.readouterr().out
        assert main([*args, "--scheduler", str(file), "--out",
                     str(tmp_path / "cluster.zarr")]) == 0
        assert capsys.readouterr().out == local
        from mcimpact.run.sinks import read

        here, there = read(tmp_path / "local.zarr"), read(tmp_path / "cluster.zarr")
        assert [n for n in here.data_vars if not here[n].equals(there[n])] == []
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=60)


def test_cluster_options_are_checked_before_any_work(tmp_path, capsys):
    assert main(["sim", "--workers", "2", "--scheduler", "tcp://127.0.0.1:1"]) == 2
    assert main(["sim", "--workers", "2", "--out", str(tmp_path / "r.nc")]) == 2
    assert "go to a Zarr store" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_scheduler_that_does_not_answer_is_a_system_problem(monkeypatch, capsys):
    monkeypatch.setattr(distributed, "CONNECT_TIMEOUT", "1s")
    assert main(["sim", "-q", "--scheduler", "tcp://127.0.0.1:9"]) == 3
    err = capsys.readouterr().err
    assert "cannot reach the scheduler" in err and "Traceback" not in err


@pytest.mark.slow
def test_the_per_draw_dataset_from_a_cluster_is_the_local_one(tmp_path, monkeypatch, capsys):
    """Streamed by the workers into a Zarr store, sent back through the client (workers
    that cannot see the store), kept in memory for the sensitivity analysis, and a local
    interrupted store resumed on the cluster: every array equals the local run's."""
    import numpy as np

    from mcimpact.run import store
    from mcimpact.run.run import Run
    from mcimpact.run.sinks import read

    monkeypatch.setattr(distributed, "TASK_DRAWS", PILOT)
    pair = mcimpact.load().select_financing(["regiodeal", "incidenteel"])
    draws = 3 * PILOT + 1000
    local = mcimpact.simulate(pair, draws, seed=6, keep_draws=True)

    def same(path):
        stored = read(path)
        return [n for n in local.dataset.data_vars
                if not np.array_equal(stored[n].values, local.dataset[n].values,
                                      equal_nan=True)]

    original = Run.chunk

    def interrupted(self, first, n):
        if first >= 2 * PILOT:
            raise KeyboardInterrupt
        return original(self, first, n)

    monkeypatch.setattr(Run, "chunk", interrupted)
    with pytest.raises(KeyboardInterrupt):
        mcimpact.simulate(pair, draws, seed=6, out=tmp_path / "resumed.zarr")
    monkeypatch.setattr(Run, "chunk", original)

    with distributed.connect(workers=2) as client:
        direct = mcimpact.simulate(pair, draws, seed=6, out=tmp_path / "direct.zarr",
                                   client=client)
        resumed = mcimpact.simulate(pair, draws, seed=6, out=tmp_path / "resumed.zarr",
                                    resume=True, client=client)

        def unseen(self, client):
            self.direct, self.task_draws = False, PILOT

        monkeypatch.setattr(store.ZarrStore, "on_cluster", unseen)
        via = mcimpact.simulate(pair, draws, seed=6, out=tmp_path / "via.zarr",
                                keep_draws=True, client=client)
    for results in (direct, resumed, via):
        assert json.dumps(results.summary.to_json()) == json.dumps(local.summary.to_json())
    for name in ("direct", "resumed", "via"):
        assert same(tmp_path / f"{name}.zarr") == [], name
    assert via.dataset is not None
    assert all(np.array_equal(via.dataset[n].values, local.dataset[n].values, equal_nan=True)
               for n in local.dataset.data_vars)

    args = ["sensitivity", "-n", "2000", "--seed", "2", "-f", "regiodeal", "--json"]
    assert main(args) == 0
    here = capsys.readouterr().out
    assert main([*args, "--workers", "2"]) == 0
    assert capsys.readouterr().out == here


@pytest.mark.slow
def test_a_worker_killed_mid_run_changes_no_number(tmp_path, monkeypatch):
    """The first worker to start a task dies on the spot (os._exit, as a killed process);
    the scheduler runs the task again and the summary equals the local one."""
    from distributed.diagnostics.plugin import WorkerPlugin

    class DieOnce(WorkerPlugin):
        def __init__(self, flag: str) -> None:
            self.flag = flag

        def transition(self, key, start, finish, **kwargs):
            if finish == "executing" and str(key).startswith("mcimpact-draws"):
                try:
                    fd = os.open(self.flag, os.O_CREAT | os.O_EXCL)
                except FileExistsError:
                    return  # died once already
                os.close(fd)
                os._exit(1)

    monkeypatch.setattr(distributed, "TASK_DRAWS", PILOT)
    pair = mcimpact.load().select_financing(["regiodeal", "incidenteel"])
    draws = 5 * PILOT
    local = mcimpact.simulate(pair, draws, seed=8).summary
    flag = tmp_path / "died"
    with distributed.connect(workers=2) as client:
        client.register_plugin(DieOnce(str(flag)))
        remote = mcimpact.simulate(pair, draws, seed=8, client=client).summary
    assert flag.exists()  # a worker did die mid-run
    assert json.dumps(remote.to_json()) == json.dumps(local.to_json())
