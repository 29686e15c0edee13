"""The threads the compiled loops run on.

The core and the run's per-draw loops are compiled serial (``parallel=True`` makes
numba's parfor passes compile a function's body a second time, for little gain here:
docs/performance.md, "Compile time") and release the GIL; :func:`run_all` runs
independent calls of them on a pool of Python threads. Which thread runs which call never
changes a result: each call writes only its own part of the output, and every number in
it depends only on its inputs.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def threads() -> int:
    """How many threads the compiled loops use: numba's setting (``NUMBA_NUM_THREADS``,
    :func:`numba.set_num_threads`, ``mcimpact sim --threads``), by default every core."""
    import numba

    return max(1, int(numba.get_num_threads()))


def _executor() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=max(1, os.cpu_count() or 1),
                                       thread_name_prefix="mcimpact")
        return _pool


def run_all(calls: Sequence[Callable[[], None]], workers: int | None = None) -> None:
    """Run every call once, on up to ``workers`` threads (default :func:`threads`), the
    calling thread included; each thread takes the next call in order when it is free,
    so threads of unequal speed (a shared machine) finish together. The first error is
    raised once all threads have stopped; after an error (or Ctrl-C) no call starts."""
    n = len(calls)
    workers = min(threads() if workers is None else workers, n)
    if workers <= 1:
        for call in calls:
            call()
        return
    lock = threading.Lock()
    stop = threading.Event()
    state = {"next": 0}

    def worker() -> None:
        while not stop.is_set():
            with lock:
                k = state["next"]
                state["next"] = k + 1
            if k >= n:
                return
            try:
                calls[k]()
            except BaseException:
                stop.set()
                raise

    helpers = [_executor().submit(worker) for _ in range(workers - 1)]
    try:
        worker()
    finally:
        stop.set()
        for helper in helpers:
            helper.result()
