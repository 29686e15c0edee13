"""The promises of docs/reliability.md that are about how a run ends: exit codes, output
that is atomic under every ending (errors, Ctrl-C, SIGTERM, SIGKILL), leftovers cleaned
up, options checked before any work, and a precision that was not reached said so."""

from __future__ import annotations

import errno
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import mcimpact
from mcimpact.cli import EXIT_BUG, EXIT_INPUT, EXIT_SYSTEM, main
from mcimpact.run import sinks
from mcimpact.run.output import remove_stale, staging_pattern
from mcimpact.run.run import Run
from mcimpact.run.sinks import read

POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and paths")


def _leftovers(directory: Path, target: Path) -> list[str]:
    pattern = staging_pattern(target)
    return sorted(p.name for p in directory.iterdir() if pattern.fullmatch(p.name))


def _one_line_error(text: str) -> None:
    assert "Traceback" not in text
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), text


# -- exit codes -----------------------------------------------------------------------


def test_a_usage_error_is_exit_2(capsys):
    assert main(["sim", "--no-such-option"]) == EXIT_INPUT
    assert "No such option" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["nan", "inf", "0", "1", "-0.5", "2"])
def test_precision_must_be_a_finite_number_in_0_1(value, capsys):
    assert main(["sim", "-q", "-n", "100", "--precision", value]) == EXIT_INPUT
    assert "must be a number in (0, 1)" in capsys.readouterr().err


def test_a_seed_outside_its_range_is_refused(capsys):
    # The range: 0 … 2⁶³ − 1 (mcimpact.limits.MAX_SEED; the dataset stores it as int64).
    assert main(["sim", "-q", "-n", "100", "--seed", str(2**63)]) == EXIT_INPUT
    assert main(["sim", "-q", "-n", "100", "--seed", "-1"]) == EXIT_INPUT
    with pytest.raises(ValueError, match="seed"):
        Run(mcimpact.load(), seed=2**63)


@POSIX
def test_a_file_where_a_directory_should_be_is_a_system_problem(tmp_path, capsys):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    target = tmp_path / "file" / "r.nc"
    assert main(["sim", "-q", "-n", "100", "--out", str(target)]) == EXIT_SYSTEM
    err = capsys.readouterr().err
    _one_line_error(err)
    assert "not a directory" in err.lower()


@POSIX
@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="root may write anywhere")
def test_a_directory_without_write_permission_is_a_system_problem(tmp_path, capsys):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    try:
        assert main(["sim", "-q", "-n", "100", "--out", str(locked / "r.nc")]) == EXIT_SYSTEM
        _one_line_error(capsys.readouterr().err)
    finally:
        locked.chmod(0o755)


def test_a_full_disk_while_writing_leaves_the_old_output_and_no_temporary(
        tmp_path, monkeypatch, capsys):
    target = tmp_path / "r.nc"
    target.write_bytes(b"old")
    calls = []

    def full(self, chunk):  # the second chunk does not fit on the disk
        calls.append(chunk.first)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self._staged))
        return original(self, chunk)

    original = sinks.DatasetFile.consume
    monkeypatch.setattr(sinks.DatasetFile, "consume", full)
    code = main(["sim", "-q", "-n", "40000", "--out", str(target), "--force"])
    assert code == EXIT_SYSTEM
    err = capsys.readouterr().err
    _one_line_error(err)
    assert "No space left on device" in err
    assert target.read_bytes() == b"old" and _leftovers(tmp_path, target) == []


def test_ctrl_c_mid_run_is_exit_130_and_keeps_the_old_output(tmp_path, monkeypatch, capsys):
    target = tmp_path / "r.nc"
    target.write_bytes(b"old")
    original = Run.chunk

    def interrupted(self, first, n):
        if first > 0:
            raise KeyboardInterrupt
        return original(self, first, n)

    monkeypatch.setattr(Run, "chunk", interrupted)
    assert main(["sim", "-q", "-n", "40000", "--out", str(target), "--force"]) == 130
    err = capsys.readouterr().err
    _one_line_error(err)  # typer turns a KeyboardInterrupt into exit 130 without a word
    assert err.strip() == "error: interrupted"
    assert target.read_bytes() == b"old" and _leftovers(tmp_path, target) == []


def test_a_bug_is_one_line_and_exit_1(monkeypatch, capsys):
    def broken(self, first, n):
        raise RuntimeError("something the code did not expect")

    monkeypatch.setattr(Run, "chunk", broken)
    assert main(["sim", "-q", "-n", "100"]) == EXIT_BUG
    err = capsys.readouterr().err
    _one_line_error(err)
    assert "internal error" in err and "MCIMPACT_DEBUG" in err


@POSIX
def test_a_reader_that_leaves_early_is_not_an_error():
    # `mcimpact sim --json | head -c 1`: the pipe closes under the writer.
    proc = subprocess.Popen([sys.executable, "-m", "mcimpact", "sim", "-n", "2000", "--json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(1)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) in (0, 128 + 13)
    assert "Traceback" not in err and "Exception ignored" not in err


# -- leftovers of killed runs ----------------------------------------------------------


def test_staging_left_by_a_dead_process_is_removed_by_the_next_write(tmp_path):
    target = tmp_path / "r.nc"
    dead = tmp_path / f".r.nc.{_dead_pid()}.abc123.tmp"
    alive = tmp_path / f".r.nc.{os.getpid()}.def456.tmp"
    other = tmp_path / f".s.nc.{_dead_pid()}.abc123.tmp"  # another target's: not ours
    for d in (dead, alive, other):
        d.mkdir()
        (d / "r.nc").write_bytes(b"partial")
    assert main(["sim", "-q", "-n", "200", "--out", str(target)]) == 0
    assert not dead.exists() and alive.is_dir() and other.is_dir()
    assert read(target).attrs["draws"] == 200
    assert remove_stale(target) == []  # nothing more to remove


def _dead_pid() -> int:
    # A pid that no process has: above the kernel's maximum (2²² on Linux).
    return 2**22 + 12345


# -- precision ---------------------------------------------------------------------


def test_a_precision_not_reached_within_the_cap_says_so(capsys):
    code = main(["sim", "-n", "1000", "--seed", "1", "--precision", "0.00001",
                 "--max-draws", "40000", "--json"])
    assert code == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["precision_reached"] is False and data["draws"] == 40000
    assert "was not reached" in captured.err
    reached = mcimpact.simulate(mcimpact.load(), 1000, seed=1, precision=0.05).summary
    assert reached.provenance.precision_reached is True
    assert reached.to_json()["precision_reached"] is True
    assert "precision_reached" not in mcimpact.simulate(mcimpact.load(), 500).summary.to_json()


# -- signals at random moments -----------------------------------------------------------


def _start(args: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "mcimpact", *args], text=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _target_is_old_or_complete(target: Path, draws: int) -> str:
    if target.read_bytes()[:3] == b"old":
        return "old"
    assert read(target).attrs["draws"] == draws  # a complete new one, never a part
    return "new"


@POSIX
@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL],
                         ids=["SIGINT", "SIGTERM", "SIGKILL"])
def test_a_signal_at_any_moment_never_leaves_a_partial_output(tmp_path, sig):
    """Signals at seeded random moments of `sim --out` (start-up, sampling, writing,
    renaming): the target is the old file or the complete new one; SIGINT and SIGTERM end
    with 128 + N and remove the staging; after SIGKILL the next run removes it."""
    draws = 150_000
    target = tmp_path / "r.nc"
    rng = random.Random(sig)
    for delay in (rng.uniform(0.2, 1.0), rng.uniform(1.0, 2.5), rng.uniform(2.5, 5.0)):
        target.write_bytes(b"old")
        proc = _start(["sim", "-q", "-n", str(draws), "-f", "regiodeal", "--out",
                       str(target), "--force"])
        time.sleep(delay)
        proc.send_signal(sig)
        err = proc.communicate(timeout=120)[1]
        state = _target_is_old_or_complete(target, draws)
        if proc.returncode == 0:
            assert state == "new"
        elif sig == signal.SIGKILL:
            assert proc.returncode == -sig
        else:
            # 128 + N from our handler; −N if it came before Python could install one.
            assert proc.returncode in (128 + sig, -sig), err
            assert "Traceback" not in err
        if sig != signal.SIGKILL:
            assert _leftovers(tmp_path, target) == []
    # Whatever SIGKILL left, the next run into the same place removes.
    assert main(["sim", "-q", "-n", "200", "--out", str(target), "--force"]) == 0
    assert _leftovers(tmp_path, target) == []


def test_a_command_that_keeps_every_draw_refuses_what_does_not_fit(tmp_path, capsys):
    from mcimpact.run.resources import available_memory

    if available_memory() is None:
        pytest.skip("this system does not say how much memory is free")
    # voi keeps every draw's net benefit per financing scenario: 10¹² draws of the
    # bundled scenario's four need ~21 million GiB (plan.check_memory)
    # -q: without the warnings of what the model cuts (tests/test_clamps.py), the error
    # is all stderr says.
    assert main(["voi", "-n", str(10**12), "--lang", "en", "-q"]) == EXIT_INPUT
    err = capsys.readouterr().err
    _one_line_error(err)
    assert "need more memory than this machine has free" in err
    assert list(tmp_path.iterdir()) == []


def test_sensitivity_plot_and_report_keep_a_bounded_number_of_draws():
    # What they keep does not grow past KEPT_DRAWS (the sensitivity's estimators) and
    # VOI_DRAWS (the report's decision), so 10¹² draws are a long run, as for sim, not a
    # refusal (docs/reliability.md, "Resources are checked before they are used").
    import mcimpact
    from mcimpact.analysis.api import VOI_DRAWS
    from mcimpact.analysis.decision import Decide
    from mcimpact.analysis.sensitivity._report import KEPT_DRAWS, Drivers, Sensitivity
    from mcimpact.run.run import Run

    run = Run(mcimpact.load(), seed=1)
    for analysis, most in ((Sensitivity(), KEPT_DRAWS), (Drivers(), KEPT_DRAWS),
                           (Decide(first=VOI_DRAWS), VOI_DRAWS)):
        assert analysis.needs(run, 10**12).keep.first == most
        assert analysis.needs(run, 1000).keep.first in (None, most)


# -- draw counts (issue 23) ----------------------------------------------------------------

#: Every option that takes a draw count, with what its command needs besides (in English:
#: the Dutch commands are asked for --lang en, parsed before the count).
DRAW_OPTIONS = {
    "sim --draws": ["sim", "-q", "--draws"],
    "sim --max-draws": ["sim", "-q", "--precision", "0.01", "--max-draws"],
    "sensitivity --draws": ["sensitivity", "--draws"],
    "plot --draws": ["plot", "-q", "--lang", "en", "--out", "{tmp}/figures", "--draws"],
    "report --draws": ["report", "-q", "--lang", "en", "--out", "{tmp}/r.html", "--draws"],
    "voi --draws": ["voi", "-q", "--lang", "en", "--draws"],
    "update --draws": ["update", "{tmp}/data.csv", "--report", "--lang", "en", "--draws"],
}


@pytest.mark.parametrize("option", list(DRAW_OPTIONS))
def test_every_draw_count_beyond_what_a_run_can_count_is_refused_before_any_work(
        option, tmp_path, monkeypatch, capsys):
    from mcimpact import cli
    from mcimpact.limits import MAX_DRAW_COUNT

    def no_work(*args, **kwargs):  # nothing is read, let alone run
        raise AssertionError("the scenario was loaded")

    for module in (cli._scenario, cli._simulate, cli._analyses, cli._decide):
        for name in ("_load", "_open"):  # where each command looks them up
            if hasattr(module, name):
                monkeypatch.setattr(module, name, no_work)
    args = [a.format(tmp=tmp_path) for a in DRAW_OPTIONS[option]]
    assert main([*args, "99999999999999999999999"]) == EXIT_INPUT  # the count
    err = capsys.readouterr().err
    _one_line_error(err)
    assert f"error: {option.split()[1]}: 99,999,999,999,999,999,999,999 draws" in err
    assert f"at most {MAX_DRAW_COUNT:,}" in err
    assert main([*args, str(MAX_DRAW_COUNT + 1)]) == EXIT_INPUT
    capsys.readouterr()
    assert list(tmp_path.iterdir()) == []


def test_the_draw_count_limit_is_2_to_the_53():
    # limits.MAX_DRAW_COUNT: whole numbers are exact in float64 up to 2⁵³ (IEEE 754).
    from mcimpact.limits import MAX_DRAW_COUNT, check_draw_count

    assert MAX_DRAW_COUNT == 2**53 and float(MAX_DRAW_COUNT - 1) != float(MAX_DRAW_COUNT)
    check_draw_count(MAX_DRAW_COUNT)
    with pytest.raises(ValueError, match="more than a run can count"):
        check_draw_count(MAX_DRAW_COUNT + 1)
    with pytest.raises(ValueError, match="more than a run can count"):
        mcimpact.simulate(mcimpact.load(), MAX_DRAW_COUNT + 1)


def test_a_rate_is_measured_on_the_second_chunk_and_a_long_run_said_once():
    from mcimpact.run.resources import RateWatch

    clock = iter([10.0, 11.0, 30.0, 31.0])  # the pilot ends at 10 s; the next chunk takes 1 s
    said, seen = [], []
    watch = RateWatch(said.append, progress=lambda d, t: seen.append(d), threshold=60,
                      clock=lambda: next(clock))
    for done in (32_768, 65_536, 98_304, 131_072):
        watch(done, 32_768 * 1000)
    assert seen == [32_768, 65_536, 98_304, 131_072]
    assert len(said) == 1  # once
    assert said[0].rate == 32_768 and said[0].seconds == 1000  # 1000 chunks of 1 s
    short = RateWatch(said.append, threshold=2000, clock=iter([0.0, 1.0]).__next__)
    short(32_768, 32_768 * 1000)
    short(65_536, 32_768 * 1000)
    assert len(said) == 1 and short.duration is not None  # measured, not long: no note


def test_a_long_run_says_how_long_it_takes_here_and_how_a_cluster_shares_it(
        monkeypatch, capsys):
    from mcimpact.run import resources

    monkeypatch.setattr(resources, "LONG_RUN", 0.0)  # every run is "long"
    assert main(["sim", "-q", "-n", str(3 * 32_768), "-f", "regiodeal"]) == 0
    err = capsys.readouterr().err
    assert err.count("note: 98,304 draws take about") == 1, err
    assert "--scheduler ADDRESS" in err and "--workers N" in err
    monkeypatch.setattr(resources, "LONG_RUN", 1e9)  # and a short one says nothing
    assert main(["sim", "-q", "-n", str(3 * 32_768), "-f", "regiodeal"]) == 0
    assert capsys.readouterr().err == ""


# -- a mean of zero, no costs (issue 23) ---------------------------------------------------


def _zero(write, *, costs: int) -> Path:
    """Every benefit zero (value 0); with ``costs`` 0 no costs either (cohorts given)."""
    from conftest import INITIATIVE, META, chain, toml

    initiative = {**INITIATIVE, "costs": {"2021": costs}}
    return write(toml(META, [initiative], [chain(value=0, cohorts=[2021])]))


@pytest.mark.parametrize("costs", [100, 0], ids=["with-costs", "without-costs"])
def test_a_precision_of_a_zero_mean_cannot_be_reached_and_says_so(costs, write, capsys):
    path = _zero(write, costs=costs)
    code = main(["sim", str(path), "-n", "1000", "--precision", "0.01", "--max-draws",
                 "40000", "--json"])
    assert code == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["precision_reached"] is False and data["draws"] == 40000
    assert "was not reached" in captured.err and "'base' is 0" in captured.err
    assert "Traceback" not in captured.err and "internal error" not in captured.err
    from mcimpact.readers.formats import load

    summary = mcimpact.simulate(load(path), 1000, precision=0.01, max_draws=40000).summary
    assert summary.provenance.precision_reached is False


def test_the_precision_of_a_constant_or_zero_mean():
    # The check's ratio: half-width / (precision · |mean|); 0 where every draw is the same
    # non-zero value (the mean is exact), inf where the mean is 0 (never reached).
    from types import SimpleNamespace

    import numpy as np

    from mcimpact.run.run import Chunk, _Precision

    def worst(benefits: float, costs: float) -> float:
        n = 4096  # one block of draws, each the same (draw, financing)
        per = SimpleNamespace(multiplier=np.full((n, 1), benefits / costs if costs else np.nan),
                              benefits_total=np.full((n, 1), benefits),
                              costs_total=np.full((n, 1), costs))
        check = _Precision(1)
        check.consume(Chunk(0, per, None))  # type: ignore[arg-type]
        return check.worst(0.01)

    assert worst(300.0, 100.0) == 0
    assert worst(0.0, 100.0) == np.inf and worst(0.0, 0.0) == np.inf


@pytest.mark.parametrize("command", ["sensitivity", "plot", "report"])
def test_an_analysis_of_the_multiplier_refuses_a_scenario_without_costs(
        command, write, tmp_path, monkeypatch, capsys):
    path = _zero(write, costs=0)
    original = Run.chunk

    def point_only(self, first, n):  # the Monte Carlo run never starts
        assert self.deterministic, "the Monte Carlo run started"
        return original(self, first, n)

    monkeypatch.setattr(Run, "chunk", point_only)
    out = {"plot": ["--out", str(tmp_path / "figures")],
           "report": ["--out", str(tmp_path / "r.html")]}.get(command, [])
    assert main([command, str(path), "-n", "1000", "--lang", "en", *out]) == EXIT_INPUT
    err = capsys.readouterr().err
    _one_line_error(err)
    assert "financing scenario 'base' has no costs, so no multiplier" in err
    assert not (tmp_path / "figures").exists() and not (tmp_path / "r.html").exists()
    if command == "plot":  # without the sensitivity figures it has what it needs
        monkeypatch.undo()
        assert main(["plot", str(path), "-q", "-n", "1000", "--no-sensitivity", *out]) == 0
