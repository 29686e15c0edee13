"""Ctrl-C, SIGTERM and SIGHUP while a run streams its results (docs/reliability.md,
"Output is atomic, however the run ends"): the run stops within the chunk it is on, says
so in one line and ends with 128 + N; a NetCDF file's staging is removed and a Zarr
store's draws are kept at DIR.zarr.partial for --resume; the target never appears, and
an existing one is untouched.

Real processes, as a user's shell or a scheduler sends the signal. Two ways a signal could
be lost are reproduced exactly: Python runs a signal's handler wherever the main thread
is, and where that is a weakref callback (h5py's object registry drops objects all the
time while it writes) the exception is "unraisable": printed, dropped, and the run used to
go on to rename its output into place with exit 0 (issue 23)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import weakref
from pathlib import Path

import pytest

from mcimpact.run.output import atomic, raise_on_signals, staging_pattern
from mcimpact.run.reducers import PILOT
from mcimpact.testing.synthetic import synthetic_toml

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

#: Seconds a run may take to stop after the signal: the chunk it is on (about 0.5 s for
#: the 100-chain scenario on two busy cores) and the clean-up, with room for a slow
#: machine; the run itself would take minutes.
PROMPT = 20
#: Draws of the long run: ~3 minutes on two cores if it were not stopped.
LONG = 3_000_000


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Path:
    """A scenario with 100 chains: a chunk of 32,768 draws takes long enough (~0.5 s)
    for a signal to come while one is sampled or written."""
    path = tmp_path_factory.mktemp("scenario") / "big.toml"
    path.write_text(synthetic_toml(100), encoding="utf-8")
    return path


def _leftovers(target: Path) -> list[str]:
    pattern = staging_pattern(target)
    return sorted(p.name for p in target.parent.iterdir() if pattern.fullmatch(p.name))


def _one_line(err: str) -> str:
    assert "Traceback" not in err and "Exception ignored" not in err, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    return lines[0]


def _wait(proc: subprocess.Popen[str], ready, what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        if proc.poll() is not None:
            pytest.fail(f"the run ended ({proc.returncode}) before {what}: "
                        f"{proc.communicate()[1]}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"no {what} within {timeout} s")
        time.sleep(0.02)


def _staged_bytes(target: Path) -> int:
    # The staged file's size (the writer holds it open: not read, only measured).
    for name in _leftovers(target):
        staged = target.parent / name / target.name
        try:
            return staged.stat().st_size
        except OSError:
            pass
    return 0


def _chunks_complete(partial: Path) -> int:
    try:
        attrs = json.loads((partial / "zarr.json").read_text(encoding="utf-8"))["attributes"]
        return max((stop for _, stop in attrs["chunks_complete"]), default=0)
    except (OSError, ValueError, KeyError):
        return 0


def _old_store(target: Path) -> dict[str, bytes]:
    """An earlier output at a Zarr target (what --force may replace: it has zarr.json)."""
    target.mkdir()
    (target / "zarr.json").write_text("{}", encoding="utf-8")
    (target / "old").write_bytes(b"old")
    return _contents(target)


def _contents(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


# Every signal with each format, and each format with and without --force over an
# earlier output (pairwise: six runs instead of twelve).
CASES = [
    (".nc", signal.SIGINT, True), (".nc", signal.SIGTERM, False),
    (".nc", signal.SIGHUP, True),
    (".zarr", signal.SIGINT, False), (".zarr", signal.SIGTERM, True),
    (".zarr", signal.SIGHUP, False),
]


@pytest.mark.parametrize(("suffix", "sig", "force"), CASES,
                         ids=[f"{s[1:]}-{g.name}-{'force' if f else 'new'}"
                              for s, g, f in CASES])
def test_a_signal_well_into_a_streamed_run_stops_it_in_one_chunk(big, tmp_path, suffix,
                                                                   sig, force):
    target = tmp_path / f"r{suffix}"
    old: dict[str, bytes] | bytes | None = None
    if force:
        if suffix == ".nc":
            target.write_bytes(b"old")
            old = b"old"
        else:
            old = _old_store(target)
    partial = tmp_path / "r.zarr.partial"
    # Well into the run: two chunks are written (the pilot and one more).
    if suffix == ".nc":
        from mcimpact import load
        from mcimpact.run.resources import dataset_bytes_per_draw

        chunk_bytes = PILOT * dataset_bytes_per_draw(load(big))

        def ready() -> bool:
            return _staged_bytes(target) > 1.5 * chunk_bytes
    else:
        def ready() -> bool:
            return _chunks_complete(partial) >= 2 * PILOT

    proc = subprocess.Popen([sys.executable, "-m", "mcimpact", "sim", str(big), "-q",
                             "-n", str(LONG), "--out", str(target),
                             *(["--force"] if force else [])],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _wait(proc, ready, "two chunks written")
    proc.send_signal(sig)
    sent = time.monotonic()
    try:
        err = proc.communicate(timeout=PROMPT)[1]
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail(f"{sig.name} did not stop the run within {PROMPT} s")
    assert proc.returncode == 128 + sig, err
    line = _one_line(err)
    assert line.startswith("error: interrupted" if sig == signal.SIGINT
                           else f"error: ended by signal {int(sig)}"), line
    if suffix == ".nc":
        assert _leftovers(target) == []
        assert target.read_bytes() == old if force else not target.exists()
    else:
        # The store's draws are kept for --resume, and the line says so.
        assert f"kept in {partial}" in line and "--resume" in line, line
        assert _chunks_complete(partial) >= 2 * PILOT
        assert _contents(target) == old if force else not target.exists()
        assert _leftovers(target) == []
    assert time.monotonic() - sent < PROMPT


# -- a signal whose exception a library swallows ------------------------------------------

#: ``python -c`` of the command line in which the signal comes while a weakref callback
#: runs — in the sampling of a chunk, or inside the library's write (h5netcdf's, zarr's)
#: — exactly as when h5py's object registry drops an object at that moment.
_SWALLOWED = textwrap.dedent("""
    import os, signal, sys, weakref
    import h5netcdf
    from mcimpact.run import store
    from mcimpact.run.run import Run

    where, sig = sys.argv[1], getattr(signal, sys.argv[2])
    calls = []

    class Thing:
        pass

    def swallowed():
        def callback(_ref):
            os.kill(os.getpid(), sig)
            for _ in range(10_000):  # the handler runs here
                pass
        thing = Thing()
        ref = weakref.ref(thing, callback)
        del thing

    def on_third_call(function):
        def wrapped(*args, **kwargs):
            calls.append(None)
            if len(calls) == 3:
                swallowed()
            return function(*args, **kwargs)
        return wrapped

    if where == "sampling":
        Run.chunk = on_third_call(Run.chunk)
    else:
        h5netcdf.File.resize_dimension = on_third_call(h5netcdf.File.resize_dimension)
        store._write = on_third_call(store._write)
    from mcimpact.cli import main
    sys.exit(main(sys.argv[3:]))
""")


@pytest.mark.parametrize("suffix", [".nc", ".zarr"])
@pytest.mark.parametrize(("where", "sig"), [("sampling", signal.SIGINT),
                                            ("writing", signal.SIGINT),
                                            ("writing", signal.SIGTERM)],
                         ids=["sampling-SIGINT", "writing-SIGINT", "writing-SIGTERM"])
def test_a_signal_a_library_swallows_still_ends_the_run(tmp_path, suffix, where, sig):
    target = tmp_path / f"r{suffix}"
    done = subprocess.run([sys.executable, "-c", _SWALLOWED, where, sig.name, "sim", "-q",
                           "-f", "regiodeal", "-n", str(8 * PILOT), "--out", str(target)],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 128 + sig, done.stderr
    _one_line(done.stderr)
    assert not target.exists() and _leftovers(target) == []
    if suffix == ".zarr":  # the chunks before the signal are kept for --resume
        assert 0 < _chunks_complete(tmp_path / "r.zarr.partial") < 8 * PILOT


def test_a_swallowed_signal_ends_a_run_without_output_at_the_next_chunk():
    # No sink to check it: sim's progress does, so no summary is printed after it.
    done = subprocess.run([sys.executable, "-c", _SWALLOWED, "sampling", "SIGINT", "sim",
                           "--json", "-f", "regiodeal", "-n", str(8 * PILOT)],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 130, done.stderr
    assert _one_line(done.stderr) == "error: interrupted"
    assert done.stdout == ""


def _swallowed_signal(sig: int) -> None:
    """Send ``sig`` while a weakref callback runs: the handler's exception is dropped."""

    class Thing:
        pass

    def callback(_ref: object) -> None:
        os.kill(os.getpid(), sig)
        for _ in range(10_000):  # the handler runs here
            pass

    thing = Thing()
    ref = weakref.ref(thing, callback)
    del thing
    assert ref() is None


def test_a_write_during_which_a_signal_was_swallowed_is_not_renamed(tmp_path, capfd):
    target = tmp_path / "r.nc"
    target.write_bytes(b"old")
    reached = []
    with pytest.raises(KeyboardInterrupt), atomic(target, force=True) as staged:
        staged.write_bytes(b"new")
        _swallowed_signal(signal.SIGINT)
        reached.append("the end of the block")  # the exception did not come through
    assert reached and target.read_bytes() == b"old" and _leftovers(target) == []
    assert "Exception ignored" not in capfd.readouterr().err  # not printed either


def test_a_swallowed_signal_ends_the_outermost_block(tmp_path):
    # Nothing checked on the way: the block that handles the signals raises it at its end.
    with pytest.raises(SystemExit) as ended, raise_on_signals():
        _swallowed_signal(signal.SIGTERM)
    assert ended.value.code == 128 + signal.SIGTERM
    # Afterwards nothing is left over: the next block runs normally.
    with raise_on_signals():
        pass
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
