"""A machine's first run: the compiled loops are prepared in one phase that the command line
announces at once (a line on stderr), ``mcimpact warm`` prepares them ahead, and later
runs load them from numba's cache without a word."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import numba as nb
import numpy as np
import pytest

from mcimpact.core import jit


def test_a_compilation_is_announced_at_its_start_and_end():
    events: list[str] = []
    jit.on_compile(events.append)
    try:
        @nb.njit  # a new function: numba has nothing cached for it
        def twice(x):
            return 2 * x

        assert twice(np.int64(21)) == 42
        assert twice(np.int64(4)) == 8  # compiled once: no more events
    finally:
        jit.on_compile(None)
    assert events == ["start", "end"]


def test_the_run_lists_its_compiled_loops():
    from mcimpact.run import run  # noqa: F401 - importing the run registers them

    names = {(m, f) for m, f, used in jit._registered if used}
    assert ("mcimpact.run.derive", "_compiled_derive") in names
    assert ("mcimpact.run.reducers", "_compiled_window_add") in names


def _mcimpact(cache: str, *args: str) -> tuple[float, str, str]:
    env = {**os.environ, "NUMBA_CACHE_DIR": cache}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "mcimpact", *args], env=env, text=True,
                          capture_output=True, check=True)
    return time.perf_counter() - started, done.stdout, done.stderr


@pytest.mark.slow  # compiles everything into an empty cache: 10-30 s on 2 shared cores
def test_warm_compiles_ahead_and_later_runs_start_without_a_word(tmp_path):
    cache = str(tmp_path / "numba")
    _, _, said = _mcimpact(cache, "warm")
    lines = said.strip().splitlines()
    assert lines[0] == "preparing the sampler for this machine, first run only …"
    assert lines[-1].startswith("sampler ready for this machine")
    _, out, said = _mcimpact(cache, "sim", "-q", "-n", "1000")
    assert out == "" and said == ""
