"""The dask backend: a run's chunks on a dask.distributed cluster, with the same numbers as
on one machine.

The pilot (draws 0 … PILOT − 1) runs here and calibrates the consumers; the draws after
it are cut into tasks of :data:`TASK_DRAWS` draws **by draw index** (never by the number
of workers). A task runs the run's own chunks of its draws on a worker into a *part* of
each consumer (``consumer.part(first)``: the same reducer, empty, with the pilot's
calibration) and returns the parts; here they are merged in draw order
(``consumer.merge(part)``). Every floating-point sum is folded in the same order as on
one machine, so summaries are bit-identical for any number of workers and tasks; a task
retried after a worker died returns the same numbers (draw i depends only on the seed
and i).

dask and distributed are the optional extra ``mcimpact[dask]``; nothing else in the
package imports them.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..._version import __version__
from ...errors import ClusterError, say
from ..consumers import (
    ClusterAware,
    Consumer,
    Holding,
    Mergeable,
    Progress,
    SmallTasks,
    chunk_bounds,
    holder,
)
from ..reducers import BLOCK, PILOT

if TYPE_CHECKING:
    from distributed import Client

    from ..run import Run

#: Draws per task after the pilot (a multiple of the reducers' BLOCK).
TASK_DRAWS = 1 << 20
#: How long to wait for a running cluster's scheduler to answer.
CONNECT_TIMEOUT = "20s"
#: Bytes of per-draw arrays a task may send back to the client (the per-draw dataset
#: kept in memory, or a store the workers cannot reach): such tasks are smaller.
RETURNED_BYTES = 1 << 28


def returning_task_draws(run: Run) -> int:
    """Draws per task when a task sends its per-draw arrays back: about
    :data:`RETURNED_BYTES` of them, in whole pilots (so every task boundary stays a
    boundary of the store's chunks)."""
    from ..resources import dataset_bytes_per_draw

    per_draw = dataset_bytes_per_draw(run.scenario, run.keep_inputs)
    return max(PILOT, RETURNED_BYTES // per_draw // PILOT * PILOT)


def task_bounds(first: int, stop: int, task_draws: int = TASK_DRAWS
                ) -> Iterable[tuple[int, int]]:
    """(first, n) of the tasks that hold draws ``first … stop − 1`` (after the pilot):
    cut at PILOT + k × task_draws, so a task's draws do not depend on the workers."""
    if task_draws % BLOCK:
        raise ValueError(f"task_draws must be a multiple of {BLOCK}")
    while first < stop:
        edge = PILOT + ((first - PILOT) // task_draws + 1) * task_draws
        n = min(edge, stop) - first
        yield first, n
        first += n


def _task(run: Run, templates: Sequence[Any], first: int, n: int) -> list[Any]:
    # On a worker: the chunks of draws first … first + n − 1 into parts of the consumers.
    _use_worker_threads()
    parts = [t.part(first) for t in templates]
    for start, m in chunk_bounds(first, first + n, run.chunk_size):
        chunk = run.chunk(start, m)
        for part in parts:
            part.consume(chunk)
    return parts


def _use_worker_threads() -> None:
    # The core runs on as many threads as the worker has (not on every core of the
    # machine, which other workers share).
    import numba
    from distributed import get_worker

    with contextlib.suppress(ValueError, AttributeError):
        numba.set_num_threads(max(1, min(get_worker().state.nthreads,
                                         numba.config.NUMBA_NUM_THREADS)))  # type: ignore[attr-defined]


class Dask:
    """The backend of a dask.distributed ``client``: the pilot here, every later task on a
    worker, merged in draw order (see the module).

    A consumer may take part: ``on_cluster(client)`` before the tasks are cut
    (:class:`~mcimpact.run.consumers.ClusterAware`), ``task_draws`` to ask for smaller
    tasks (:class:`~mcimpact.run.consumers.SmallTasks`: one that sends per-draw arrays
    back), and ``holds``/``read`` (:class:`~mcimpact.run.consumers.Holding`, a store
    being resumed): the draws it holds are read here, in their turn, instead of being
    computed on a worker."""

    def __init__(self, client: Client, task_draws: int = TASK_DRAWS) -> None:
        self.client = client
        self.task_draws = task_draws

    def check(self, consumers: Sequence[object]) -> None:
        if not all(isinstance(c, Mergeable) for c in consumers):
            raise ValueError("on a cluster every consumer must be mergeable (part/merge); "
                             "a NetCDF file is not: write a Zarr store (DIR.zarr)")

    def feed(self, run: Run, first: int, stop: int, consumers: Sequence[Consumer],
             progress: Progress | None = None) -> None:
        from ..backends.local import Local

        self.check(consumers)
        if first < PILOT:
            pilot_stop = min(PILOT, stop)
            Local().feed(run, first, pilot_stop, consumers)
            first = pilot_stop
            if progress:
                progress(first, stop)
        if first >= stop:
            return
        if first % BLOCK:
            raise ValueError(f"a distributed run continues at a block boundary, not at "
                             f"{first}")
        _feed(run, first, stop, consumers, self.client, progress, self.task_draws)


def _feed(run: Run, first: int, stop: int, consumers: Sequence[Any], client: Client,
          progress: Progress | None, task_draws: int) -> None:
    from distributed import as_completed

    from ..backends.local import Local

    for consumer in consumers:
        if isinstance(consumer, ClusterAware):
            consumer.on_cluster(client)
    task_draws = min([task_draws, *(c.task_draws for c in consumers
                                    if isinstance(c, SmallTasks) and c.task_draws)])
    pieces = list(_pieces(run, first, stop, task_draws, holder(consumers)))
    # The consumers travel as empty parts: their calibration, not their state.
    templates = [consumer.part(first) for consumer in consumers]
    shared = client.scatter([run, templates], broadcast=True, hash=False)
    token = uuid.uuid4().hex[:12]
    futures = {client.submit(_task, shared[0], shared[1], start, n, pure=False,
                             key=f"mcimpact-draws-{start}-{start + n}-{token}"): (start, n)
               for start, n, held in pieces if not held}
    held_pieces = {start: n for start, n, held in pieces if held}
    done: dict[int, tuple[int, list[Any] | None]] = {s: (n, None) for s, n in held_pieces.items()}
    merged, finished = first, first + sum(held_pieces.values())
    if progress and held_pieces:
        progress(finished, stop)

    def merge_prefix() -> None:
        nonlocal merged
        while merged in done:  # merge the finished prefix, in draw order
            n, parts = done.pop(merged)
            if parts is None:  # held: read here
                Local().feed(run, merged, merged + n, consumers)
            else:
                for consumer, part in zip(consumers, parts, strict=True):
                    consumer.merge(part)
            merged += n

    merge_prefix()
    for future, parts in as_completed(futures, with_results=True):
        start, n = futures[future]
        done[start] = (n, parts)
        finished += n
        merge_prefix()
        if progress:
            progress(finished, stop)
    client.cancel(shared)


def _pieces(run: Run, first: int, stop: int, task_draws: int, source: Holding | None
            ) -> Iterator[tuple[int, int, bool]]:
    """(first, n, held) of the pieces of draws ``first … stop − 1``: the tasks, each cut
    further where ``source`` holds some of its draws already (held pieces are read, not
    computed). The cuts fall on the source's chunks (``source.chunk``: a store's), so
    that two tasks never write one chunk of it."""
    for start, n in task_bounds(first, stop, task_draws):
        if source is None:
            yield start, n, False
            continue
        piece: list[int] | None = None  # [first, n, held]
        for a in range(start, start + n, source.chunk):
            m = min(source.chunk, start + n - a)
            held = int(source.holds(a, m))
            if piece is not None and piece[2] == held:
                piece[1] += m
                continue
            if piece is not None:
                yield piece[0], piece[1], bool(piece[2])
            piece = [a, m, held]
        if piece is not None:
            yield piece[0], piece[1], bool(piece[2])


def versions() -> dict[str, str]:
    """The versions that must agree between the client and every worker."""
    import numba
    import numpy
    import scipy

    return {"mcimpact": __version__, "numpy": numpy.__version__, "numba": numba.__version__,
            "scipy": scipy.__version__}


def check_versions(client: Client) -> None:
    """Refuse (:class:`~mcimpact.errors.ClusterError`) a cluster whose workers run other
    versions of mcimpact, NumPy, numba or SciPy than this process (and let
    ``client.get_versions(check=True)`` check dask's own packages)."""
    try:
        client.get_versions(check=True)
    except ValueError as exc:
        raise ClusterError(reason="dask-differs", detail=str(exc)) from None
    here = versions()
    workers = client.run(versions)
    if not workers:
        raise ClusterError(reason="no-workers")
    differ = tuple(say("cluster.differ", "{worker}: {package} {theirs} (here {here})",
                       worker=worker, package=name, theirs=theirs[name], here=version)
                   for worker, theirs in workers.items()
                   for name, version in here.items() if theirs.get(name) != version)
    if differ:
        raise ClusterError(reason="other-versions", differ=differ)


@contextlib.contextmanager
def connect(workers: int | None = None, scheduler: str | None = None
            ) -> Iterator[Client]:
    """A client of a new local cluster of ``workers`` processes (one thread each), or of
    the running cluster at ``scheduler`` (an address such as ``tcp://127.0.0.1:8786``,
    or a scheduler file); its versions checked (:func:`check_versions`)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ClusterError(reason="no-dask") from None
    with contextlib.ExitStack() as stack:
        if scheduler is not None:
            where = ({"scheduler_file": scheduler} if Path(scheduler).is_file()
                     else {"address": scheduler})
            try:
                client = stack.enter_context(Client(**where, timeout=CONNECT_TIMEOUT))
            except (OSError, TimeoutError) as exc:
                raise ClusterError(reason="unreachable", scheduler=scheduler,
                                   detail=str(exc)) from None
        else:
            cluster = stack.enter_context(LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True,
                dashboard_address=":0"))  # any free port: no warning when 8787 is taken
            client = stack.enter_context(Client(cluster))
        check_versions(client)
        yield client
