"""The per-draw dataset streamed into a Zarr v3 store chunk by chunk — by this process or,
on a cluster, by the workers themselves — and resumable after any interruption
(docs/results.md, "Streaming to Zarr and resuming").

The store is written at ``DIR.zarr.partial`` (:func:`mcimpact.run.output.resumable`) and
renamed to ``DIR.zarr`` when the last draw is in. Its attributes hold, from the first
chunk on:

- ``run_identity``: what the numbers depend on (scenario hash, seed, draws, financing
  scenarios, the inputs kept, the store's chunk, the mcimpact version) — a resumed run
  must match it exactly;
- ``chunks_complete``: the draw ranges ``[first, stop)`` known to be written, updated
  after each chunk (each update replaces ``zarr.json`` in one rename).

A chunk is recorded only after its arrays are written, so whatever ends a run (Ctrl-C, a
killed worker, SIGKILL, a power cut), the recorded draws are complete and the others are
recomputed on ``--resume``; draw i depends only on the seed and i, so the resumed store and
summaries are identical to an uninterrupted run's. On resume the recorded draws are read
back, not recomputed, and fed to the summary's reducers in draw order.

On a cluster every task covers whole chunks of the store along ``draw``
(:func:`store_chunk` divides every task boundary), so workers write their own draws side
by side without touching each other's files.
"""

from __future__ import annotations

import contextlib
import copy
import math
import secrets
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from .._version import __version__
from ..errors import OutputError
from . import output
from .backends.dask import TASK_DRAWS, returning_task_draws
from .consumers import Chunk
from .derive import PerDraw
from .reducers import PILOT
from .sinks import chunk_dataset, for_zarr, is_zarr, zarr_encoding

if TYPE_CHECKING:
    import xarray as xr
    from distributed import Client

    from .run import Run

#: Margin on the disk a store is estimated to take (measured on its first chunk).
DISK_MARGIN = 1.1
#: The per-draw variables' integer types in the store (the run's arrays are int64).
_INTEGERS = {"added_years": np.int64, "break_even_year": np.int64}


def store_chunk() -> int:
    """Draws per chunk of the store: a divisor of the pilot and of a cluster task, so that
    no two workers ever write one chunk (within a process, writes that cover a chunk in
    part are sequential: the run's own chunks need not line up with the store's)."""
    return math.gcd(PILOT, TASK_DRAWS)


def identity(run: Run, draws: int) -> dict[str, object]:
    """What a run's numbers depend on: a resumed run must have the same."""
    return {"scenario_sha256": run.scenario.sha256, "seed": run.seed, "draws": draws,
            "financing": [f.id for f in run.scenario.financing],
            "keep_inputs": int(run.keep_inputs), "store_chunk": store_chunk(),
            "mcimpact_version": __version__}


def bytes_per_draw(run: Run) -> float:
    """Disk bytes a draw takes in the store, measured by compressing the first chunk of
    the run in memory (with :data:`DISK_MARGIN`): before anything is written."""
    import zarr

    chunk = run.chunk(0, min(PILOT, store_chunk()))
    ds = for_zarr(chunk_dataset(run, chunk, run.attrs(len(chunk.per))))
    stored: dict[str, Any] = {}
    ds.to_zarr(zarr.storage.MemoryStore(store_dict=stored), mode="w", zarr_format=3,
               consolidated=False, encoding=zarr_encoding(ds, len(chunk.per)))
    per_draw = tuple(f"{name}/" for name, v in ds.data_vars.items()
                     if v.dims[:1] == ("draw",))
    written = sum(len(value) for key, value in stored.items()
                  if key.startswith(per_draw) and not key.endswith("zarr.json"))
    return DISK_MARGIN * written / len(chunk.per)


def _ranges_add(ranges: list[list[int]], first: int, stop: int) -> list[list[int]]:
    # The union of ``ranges`` and [first, stop), as sorted disjoint ranges.
    out: list[list[int]] = []
    for a, b in sorted([*ranges, [first, stop]]):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return out


class ZarrStore:
    """Streams the run's per-draw dataset into ``path`` (``DIR.zarr``), resumably.

    A context manager: the store is renamed into place when the block ends without an
    exception. With ``resume`` it continues the interrupted store at ``DIR.zarr.partial``
    (refusing, with the differences, one of another run); :meth:`holds` and :meth:`read`
    then give the recorded draws back to the run, which recomputes only the others.
    """

    def __init__(self, run: Run, path: Path, *, draws: int, force: bool = False,
                 resume: bool = False, precision: float | None = None) -> None:
        if resume and precision is not None:
            raise OutputError(reason="resume-precision")
        self.run, self.path, self.force, self.resume = run, path, force, resume
        self.precision = precision
        self.identity = identity(run, draws)
        self.chunk = store_chunk()
        self.complete: list[list[int]] = []
        self.size = 0  # draws the arrays have room for
        self.planned = draws
        self.direct = True  # on a cluster: the workers write the store themselves
        self.task_draws: int | None = None
        self.partial = output.partial_path(path)
        self._group: Any = None
        self._token = secrets.token_hex(8)
        self._stack = contextlib.ExitStack()

    # -- opening and finishing -------------------------------------------------------

    def __enter__(self) -> ZarrStore:
        with self._stack:
            self.partial, resuming = self._stack.enter_context(output.resumable(
                self.path, force=self.force, resume=self.resume, same_kind=is_zarr))
            if resuming:
                self._reopen()
            self._stack = self._stack.pop_all()
        return self

    def _reopen(self) -> None:
        import zarr

        try:
            group = zarr.open_group(self.partial, mode="r+", zarr_format=3)
            stored = dict(group.attrs)
            theirs = cast(dict[str, object], stored["run_identity"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise OutputError(reason="not-resumable", partial=self.partial,
                              detail=exc) from None
        differ = [f"{key} {self.identity[key]!r} (the store has {theirs.get(key)!r})"
                  for key in self.identity if theirs.get(key) != self.identity[key]]
        if differ:
            raise OutputError(reason="another-run", partial=self.partial,
                              detail="; ".join(differ))
        missing = sorted(set(PerDraw.names()) - {name for name, _ in group.arrays()})
        if missing:
            raise OutputError(reason="other-version", partial=self.partial,
                              missing=", ".join(missing))
        self._group = group
        self.complete = [list(map(int, r)) for r in cast(list, stored.get("chunks_complete",
                                                                           []))]
        self.size = int(cast(Any, group["multiplier"]).shape[0])
        group.attrs["run_token"] = self._token

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> bool | None:
        if exc is None:
            try:
                self._finish()
            except BaseException as error:
                return self._stack.__exit__(type(error), error, error.__traceback__)
        return self._stack.__exit__(kind, exc, tb)

    def _finish(self) -> None:
        draws = self.size
        if self.complete != [[0, draws]]:
            raise RuntimeError(f"the store holds draws {self.complete}, not 0 … {draws - 1}")
        attrs = {**self.run.attrs(draws, self.precision), "chunks_complete": self.complete}
        with output.deferred_signals():
            self._group.attrs.update(cast(Any, attrs))
            with contextlib.suppress(KeyError):
                del self._group.attrs["run_token"]

    @property
    def draws_held(self) -> int:
        """Draws already in the store (those of an interrupted run, when resuming)."""
        return sum(b - a for a, b in self.complete)

    # -- what the run calls ------------------------------------------------------------

    def reserve(self, stop: int) -> None:
        """The run will feed draws up to ``stop``: the arrays grow to hold them."""
        self.planned = max(self.planned, stop)
        if self._group is not None and stop > self.size:
            for name in self._per_draw():
                self._group[name].resize((stop, *self._group[name].shape[1:]))
            self.size = stop

    def holds(self, first: int, n: int) -> bool:
        """Whether draws ``first … first + n − 1`` are in the store already."""
        return any(a <= first and first + n <= b for a, b in self.complete)

    def read(self, first: int, n: int) -> Chunk:
        """Draws ``first … first + n − 1`` as the run computed them (for :meth:`holds`)."""
        g, window = self._group, slice(first, first + n)
        arrays = {name: np.asarray(g[name][window], dtype=_INTEGERS.get(name))
                  for name in PerDraw.names()}
        inputs = np.asarray(g["inputs"][window]) if self.run.keep_inputs else None
        return Chunk(first, PerDraw(**arrays), inputs)

    def consume(self, chunk: Chunk) -> None:
        # A signal is raised once the chunk is written and recorded (kept for --resume),
        # not while zarr's IO thread writes it: an interrupted wait would leave that
        # thread writing, and a swallowed exception would let the run go on.
        with output.deferred_signals():
            if self._group is None:
                self._create(chunk_dataset(self.run, chunk, self.run.attrs(len(chunk.per))))
            _write(self._group, chunk)
            self._done(chunk.first, chunk.first + len(chunk.per))

    def _create(self, ds: xr.Dataset) -> None:
        # The first chunk creates the store (coordinates, attributes, every array).
        import zarr

        ds = for_zarr(ds)
        ds.attrs.update({"run_identity": self.identity, "chunks_complete": [],
                         "run_token": self._token})
        ds.to_zarr(self.partial, mode="w", zarr_format=3, consolidated=False,
                   encoding=zarr_encoding(ds, self.chunk))
        self._group = zarr.open_group(self.partial, mode="r+", zarr_format=3)
        self.size = ds.sizes["draw"]
        self.reserve(self.planned)

    def _done(self, first: int, stop: int) -> None:
        self.complete = _ranges_add(self.complete, first, stop)
        self._group.attrs["chunks_complete"] = self.complete

    def _per_draw(self) -> list[str]:
        return [name for name, array in self._group.arrays()
                if "draw" in array.metadata.dimension_names[:1]]

    # -- on a cluster -----------------------------------------------------------------

    def on_cluster(self, client: Client) -> None:
        """Let the workers write the store where they all see it (a shared file system),
        otherwise send their draws here (in smaller tasks)."""
        seen = client.run(_sees, str(self.partial.absolute()), self._token)
        self.direct = bool(seen) and all(seen.values())
        if not self.direct:
            self.task_draws = returning_task_draws(self.run)

    def part(self, first: int) -> StorePart:
        return StorePart(str(self.partial.absolute()), first, self.direct)

    def merge(self, part: StorePart) -> None:
        if part.chunks:  # sent back by the workers: written here
            for chunk in part.chunks:
                self.consume(chunk)
        else:
            with output.deferred_signals():
                self._done(part.first, part.stop)


def _sees(path: str, token: str) -> bool:
    # On a worker: whether it sees this run's store.
    import zarr

    try:
        return zarr.open_group(path, mode="r", zarr_format=3).attrs.get("run_token") == token
    except (OSError, ValueError, KeyError):
        return False


def _write(group: Any, chunk: Chunk) -> None:
    # The chunk's arrays into their region of the store (as the dataset names them:
    # docs/results.md; the store casts to its types, e.g. added_years to int16).
    window = slice(chunk.first, chunk.first + len(chunk.per))
    for name in PerDraw.names():
        group[name][window] = getattr(chunk.per, name)
    if chunk.inputs is not None:
        group["inputs"][window] = chunk.inputs


class StorePart:
    """A task's share of the store: on a worker that sees the store it writes its draws
    there itself (``direct``); otherwise it keeps them for the client to write."""

    def __init__(self, path: str, first: int, direct: bool) -> None:
        self.path, self.first, self.stop, self.direct = path, first, first, direct
        self.chunks: list[Chunk] = []
        self._group: Any = None

    def __getstate__(self) -> dict[str, object]:
        return {**self.__dict__, "_group": None}

    def part(self, first: int) -> StorePart:
        return StorePart(self.path, first, self.direct)

    def consume(self, chunk: Chunk) -> None:
        if chunk.first != self.stop:
            raise ValueError(f"a part takes its draws in order: {self.stop}, not {chunk.first}")
        self.stop = chunk.first + len(chunk.per)
        if not self.direct:  # the client writes: keep a copy (the run reuses its buffers)
            self.chunks.append(copy.deepcopy(chunk))
            return
        if self._group is None:
            import zarr

            self._group = zarr.open_group(self.path, mode="r+", zarr_format=3)
        _write(self._group, chunk)
