"""Streaming the per-draw dataset into a Zarr store, and resuming an interrupted one
(mcimpact.run.store; docs/results.md "Streaming to Zarr and resuming"). The reference is
always the uninterrupted run itself, in memory: the promise is bit-identity."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

import mcimpact
from mcimpact.cli import main
from mcimpact.errors import OutputError
from mcimpact.run.reducers import PILOT
from mcimpact.run.run import Run
from mcimpact.run.sinks import read

POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
CHUNK = 4096
#: The pilot, five chunks and a partial one.
DRAWS = PILOT + 5 * CHUNK + 100


@pytest.fixture(scope="module")
def scenario():
    return mcimpact.load().select_financing(["regiodeal", "incidenteel"])


@pytest.fixture(scope="module")
def reference(scenario):
    return mcimpact.simulate(scenario, DRAWS, seed=4, keep_draws=True, keep_inputs=True,
                             chunk_size=CHUNK)


def _same_arrays(path: Path, dataset) -> list[str]:
    stored = read(path)
    return [name for name in dataset.data_vars
            if not np.array_equal(stored[name].values, dataset[name].values, equal_nan=True)]


def _interrupt_at(monkeypatch, draw: int) -> None:
    original = Run.chunk

    def interrupted(self, first, n):
        if first >= draw:
            raise KeyboardInterrupt
        return original(self, first, n)

    monkeypatch.setattr(Run, "chunk", interrupted)


def test_a_streamed_store_is_the_dataset_in_memory(scenario, reference, tmp_path):
    target = tmp_path / "r.zarr"
    results = mcimpact.simulate(scenario, DRAWS, seed=4, keep_inputs=True, chunk_size=CHUNK,
                                out=target)
    assert results.summary.to_json() == reference.summary.to_json()
    assert _same_arrays(target, reference.dataset) == []
    attrs = read(target).attrs
    assert attrs["chunks_complete"] == [[0, DRAWS]] and attrs["draws"] == DRAWS
    assert attrs["run_identity"]["seed"] == 4 and "run_token" not in attrs
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.zarr"]


def test_an_interrupted_store_resumes_to_the_uninterrupted_results(
        scenario, reference, tmp_path, monkeypatch):
    target = tmp_path / "r.zarr"
    _interrupt_at(monkeypatch, PILOT + 3 * CHUNK)
    with pytest.raises(KeyboardInterrupt):
        mcimpact.simulate(scenario, DRAWS, seed=4, keep_inputs=True, chunk_size=CHUNK,
                          out=target)
    monkeypatch.undo()
    partial = tmp_path / "r.zarr.partial"
    assert not target.exists() and partial.is_dir()
    import zarr

    assert zarr.open_group(partial, mode="r").attrs["chunks_complete"] == [
        [0, PILOT + 3 * CHUNK]]

    computed: list[int] = []
    original = Run.chunk

    def counting(self, first, n):
        computed.append(first)
        return original(self, first, n)

    monkeypatch.setattr(Run, "chunk", counting)
    results = mcimpact.simulate(scenario, DRAWS, seed=4, keep_inputs=True, chunk_size=CHUNK,
                                out=target, resume=True)
    # Only the missing chunks are computed (and the first, to measure the disk a draw
    # takes in the store).
    assert computed == [0, PILOT + 3 * CHUNK, PILOT + 4 * CHUNK, PILOT + 5 * CHUNK]
    assert results.summary.to_json() == reference.summary.to_json()
    assert _same_arrays(target, reference.dataset) == []
    assert not partial.exists()


def test_a_resume_of_another_run_is_refused_with_the_differences(scenario, tmp_path,
                                                                 monkeypatch):
    target = tmp_path / "r.zarr"
    _interrupt_at(monkeypatch, PILOT)
    with pytest.raises(KeyboardInterrupt):
        mcimpact.simulate(scenario, DRAWS, seed=4, chunk_size=CHUNK, out=target)
    monkeypatch.undo()
    with pytest.raises(OutputError, match=r"another run.*seed 5 \(the store has 4\)"):
        mcimpact.simulate(scenario, DRAWS, seed=5, chunk_size=CHUNK, out=target,
                          resume=True)
    with pytest.raises(OutputError, match=r"draws"):
        mcimpact.simulate(scenario, DRAWS + 1, seed=4, chunk_size=CHUNK, out=target,
                          resume=True)
    # Without --resume the interrupted run is not silently overwritten …
    with pytest.raises(OutputError, match=r"resume=True continues it, force=True starts"):
        mcimpact.simulate(scenario, DRAWS, seed=5, chunk_size=CHUNK, out=target)
    # … and nothing to resume is said so.
    with pytest.raises(OutputError, match="nothing to resume"):
        mcimpact.simulate(scenario, DRAWS, seed=4, out=tmp_path / "other.zarr", resume=True)
    with pytest.raises(OutputError, match="needs a fixed number of draws"):
        mcimpact.simulate(scenario, DRAWS, seed=4, out=target, resume=True, precision=0.01)
    # A store of another layout (an older version) is refused, not half-read.
    import zarr

    del zarr.open_group(tmp_path / "r.zarr.partial", mode="r+")["payback_years"]
    with pytest.raises(OutputError, match=r"another version.*payback_years"):
        mcimpact.simulate(scenario, DRAWS, seed=4, chunk_size=CHUNK, out=target,
                          resume=True)
    # --force starts anew.
    mcimpact.simulate(scenario, 2000, seed=5, out=target, force=True)
    assert read(target).attrs["draws"] == 2000


def test_a_store_grows_with_a_run_to_a_precision(scenario, tmp_path):
    target = tmp_path / "r.zarr"
    kept = mcimpact.simulate(scenario, 1000, seed=2, precision=0.001, chunk_size=CHUNK,
                             keep_draws=True)
    streamed = mcimpact.simulate(scenario, 1000, seed=2, precision=0.001, chunk_size=CHUNK,
                                 out=target)
    draws = kept.summary.provenance.draws
    assert draws > PILOT  # it grew past the first round
    assert streamed.summary.to_json() == kept.summary.to_json()
    assert _same_arrays(target, kept.dataset) == []
    assert read(target).attrs["chunks_complete"] == [[0, draws]]


_SLOW_RUN = textwrap.dedent("""
    import sys, time
    from mcimpact.run.run import Run
    original = Run.chunk
    def slow(self, first, n):  # a run slow enough to be killed mid-way
        time.sleep(0.4)
        return original(self, first, n)
    Run.chunk = slow
    from mcimpact.cli import main
    sys.exit(main(sys.argv[1:]))
""")


@POSIX
@pytest.mark.slow
def test_a_killed_command_line_run_resumes_to_identical_results(tmp_path, capsys):
    import zarr

    target = tmp_path / "r.zarr"
    args = ["sim", "-n", str(PILOT + 4 * 32768), "-f", "regiodeal", "--seed", "9", "--json"]
    proc = subprocess.Popen([sys.executable, "-c", _SLOW_RUN, *args, "-q", "--out",
                             str(target)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    partial = tmp_path / "r.zarr.partial"
    deadline = time.monotonic() + 120
    complete: list[list[int]] = []
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            complete = zarr.open_group(partial, mode="r").attrs["chunks_complete"]
        except (OSError, ValueError, KeyError):
            complete = []
        if complete and complete[0][1] >= 2 * 32768:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read() if proc.stderr else ""
    assert complete and not target.exists()

    assert main([*args, "--out", str(target), "--resume"]) == 0
    resumed = capsys.readouterr().out
    assert main(args) == 0
    assert capsys.readouterr().out == resumed  # the same JSON as an uninterrupted run
    ds = mcimpact.simulate(mcimpact.load(), PILOT + 4 * 32768, seed=9,
                           financing=["regiodeal"], keep_draws=True).dataset
    assert _same_arrays(target, ds) == []
    assert json.loads(resumed)["draws"] == PILOT + 4 * 32768


def test_ctrl_c_keeps_the_draws_and_says_how_to_continue(tmp_path, monkeypatch, capsys):
    target = tmp_path / "r.zarr"
    _interrupt_at(monkeypatch, PILOT)
    args = ["sim", "-q", "-n", str(PILOT + 1000), "-f", "regiodeal", "--out", str(target)]
    assert main(args) == 130
    err = capsys.readouterr().err
    assert "kept in" in err and "--resume" in err and "Traceback" not in err
    monkeypatch.undo()
    assert main([*args, "--resume"]) == 0
    assert read(target).attrs["chunks_complete"] == [[0, PILOT + 1000]]
