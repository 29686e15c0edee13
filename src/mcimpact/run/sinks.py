"""Sinks: the per-draw results dataset, written chunk by chunk as the run goes, or kept
in memory on request.

:class:`DatasetFile` streams to NetCDF (``FILE.nc``, through h5netcdf, the draw dimension
unlimited and grown per chunk), at a temporary sibling renamed into place when the run is
complete (:func:`mcimpact.run.output.atomic`): memory is bounded by the chunk, and a
reader never sees a half-written result. A Zarr store (``DIR.zarr``) is streamed by
:class:`mcimpact.run.store.ZarrStore`, resumably and from a cluster's workers too.
:class:`DatasetMemory` gathers the chunks into one dataset (here, or from a cluster).
"""

from __future__ import annotations

import contextlib
from collections.abc import Collection, Mapping
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import numpy as np

from ..model.scenario import INPUT_NAMES
from . import output
from .consumers import Chunk
from .dataset import assemble
from .derive import PerDraw
from .reducers import PILOT

if TYPE_CHECKING:
    import xarray as xr

    from .run import Run

FORMATS = (".nc", ".zarr")
#: What a chunk adds along ``draw``; everything else is written with the first chunk.
INPUTS_ATTRS = {
    "long_name": "sampled inputs per draw and chain",
    "comment": "participants [people], success_probability [1], effect_size [1], "
               "value [EUR per person per year], duration [years, before rounding]",
}


def is_zarr(path: Path) -> bool:
    """Whether ``path`` is a Zarr v3 store (what ``--force`` may replace)."""
    return (path / "zarr.json").is_file()


def check_target(path: Path, force: bool) -> None:
    """Fail early, before any work, on a results target that would not be written."""
    output.check_target(path, force=force, suffixes=FORMATS, directory=path.suffix == ".zarr",
                        same_kind=is_zarr if path.suffix == ".zarr" else None)


def chunk_dataset(run: Run, chunk: Chunk, attrs: dict[str, object]) -> xr.Dataset:
    """The results dataset of one chunk (docs/results.md)."""
    return arrays_dataset(run, chunk.per, chunk.inputs, attrs)


def arrays_dataset(run: Run, per: PerDraw | Mapping[str, np.ndarray],
                   inputs: np.ndarray | None, attrs: dict[str, object]) -> xr.Dataset:
    """The results dataset (docs/results.md) of per-draw figures (all, or some by name)
    and the sampled inputs, if any."""
    ds = assemble(run.scenario, per, run.core.discount, attrs)
    if inputs is not None:
        ds["inputs"] = (("draw", "chain", "input"), inputs, INPUTS_ATTRS)
        ds = ds.assign_coords(chain=list(run.core.chain_ids), input=list(INPUT_NAMES))
    return ds


def for_zarr(ds: xr.Dataset) -> xr.Dataset:
    """``ds`` as Zarr v3 stores it: variable-length strings, not NumPy's fixed-width ones.

    NumPy's own variable-length strings, not Python objects: an empty array of objects
    (the tags of a scenario without tags) would be stored as float64."""
    ds = ds.copy()
    for name, var in ds.variables.items():
        if var.dtype.kind == "U":
            ds[name] = var.astype(np.dtypes.StringDType())
    return ds


def zarr_encoding(ds: xr.Dataset, chunk: int) -> dict[str, dict[str, Any]]:
    """The layout of a results store: per-draw arrays in chunks of ``chunk`` draws (whole
    along every other dimension), byte-shuffled and zstd-compressed."""
    from zarr.codecs import BloscCodec

    # Byte shuffling before zstd: ~10 % smaller than zstd alone on these floats.
    compressor = BloscCodec(cname="zstd", clevel=3, shuffle="shuffle")
    return {str(name): {"chunks": (min(chunk, max(1, var.shape[0])), *var.shape[1:]),
                        "compressors": (compressor,)}
            for name, var in ds.data_vars.items() if var.dims[:1] == ("draw",)}


class DatasetFile:
    """Writes the run's per-draw dataset to the NetCDF file ``path`` chunk by chunk (a
    context manager: the file appears when the block ends without an exception, with
    ``draws`` and the other attributes of the finished run)."""

    def __init__(self, run: Run, path: Path, *, force: bool = False,
                 precision: float | None = None) -> None:
        check_target(path, force)
        self.run, self.path, self.force, self.precision = run, path, force, precision
        self.draws = 0
        self._stack = contextlib.ExitStack()
        self._staged: Path | None = None

    def __enter__(self) -> DatasetFile:
        self._staged = self._stack.enter_context(output.atomic(self.path, force=self.force))
        return self

    def consume(self, chunk: Chunk) -> None:
        assert self._staged is not None, "use DatasetFile as a context manager"
        # h5py swallows a KeyboardInterrupt raised inside it (in a weakref callback of
        # its object registry, in HDF5's error walker): a signal is raised after the
        # chunk is written, or before it when an earlier one was swallowed.
        with output.deferred_signals():
            if self.draws == 0:
                ds = chunk_dataset(self.run, chunk,
                                   self.run.attrs(len(chunk.per), self.precision))
                ds.to_netcdf(self._staged, engine="h5netcdf", invalid_netcdf=False,
                             unlimited_dims=["draw"])
            else:
                import h5netcdf

                with h5netcdf.File(self._staged, "a") as f:
                    stop = self.draws + len(chunk.per)
                    f.resize_dimension("draw", stop)
                    for name in PerDraw.names():
                        f.variables[name][self.draws: stop] = getattr(chunk.per, name)
                    if chunk.inputs is not None:
                        f.variables["inputs"][self.draws: stop] = chunk.inputs
        self.draws += len(chunk.per)

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> bool | None:
        if exc is None and self._staged is not None:
            try:
                self._finish()
            except BaseException as error:  # the staged file is removed on the way out
                return self._stack.__exit__(type(error), error, error.__traceback__)
        return self._stack.__exit__(kind, exc, tb)

    def _finish(self) -> None:
        import h5netcdf

        assert self._staged is not None
        with output.deferred_signals(), h5netcdf.File(self._staged, "a") as f:
            for key, value in self.run.attrs(self.draws, self.precision).items():
                f.attrs[key] = value


class DatasetMemory:
    """Gathers the run's per-draw dataset in memory (``keep_draws=True``), or the part of
    it an analysis needs: some ``variables`` (names of the dataset's per-draw variables,
    ``"inputs"`` for the sampled inputs; default all) of the first ``first`` draws
    (default all).

    Where the draw count is known before the run (``draws`` asked, no ``precision``; one
    for a deterministic run), each variable is allocated once and every chunk copied
    into place: the peak is the dataset and one chunk. Otherwise the chunks are kept and
    joined one variable at a time at the end.
    """

    def __init__(self, run: Run, precision: float | None = None,
                 draws: int | None = None, *, variables: Collection[str] | None = None,
                 first: int | None = None) -> None:
        self.run, self.precision = run, precision
        self.names = tuple(name for name in (*PerDraw.names(), "inputs")
                           if variables is None or name in variables)
        self.limit = first
        expected = (None if precision is not None or draws is None
                    else 1 if run.deterministic else draws)
        if first is not None:
            expected = first if expected is None else min(expected, first)
            if precision is not None:
                expected = None  # the run may stop short of the first draws asked for
        self.expected = expected
        self.parts: dict[str, list[np.ndarray]] = {name: [] for name in self.names}
        self.draws = 0

    def consume(self, chunk: Chunk) -> None:
        output.check_signals()  # one whose exception was swallowed ends the run here
        n = len(chunk.per)
        if self.limit is not None:
            n = min(n, self.limit - chunk.first)
            if n <= 0:
                return
        for name in self.names:
            x = chunk.inputs if name == "inputs" else getattr(chunk.per, name)
            if x is None:
                continue
            x = x[:n]
            parts = self.parts[name]
            if self.expected is None:
                parts.append(x.copy())  # the run reuses its buffers for the next chunk
                continue
            if not parts:
                parts.append(np.empty((self.expected, *x.shape[1:]), dtype=x.dtype))
            parts[0][chunk.first: chunk.first + n] = x
        self.draws += n

    # -- on a cluster: parts filled by the workers, merged here in draw order ----------

    @property
    def task_draws(self) -> int:
        """Draws per cluster task (a task sends its per-draw arrays back)."""
        from .backends.dask import returning_task_draws

        return returning_task_draws(self.run)

    def part(self, first: int) -> _MemoryPart:
        return _MemoryPart(first, self.names, self.limit)

    def merge(self, part: _MemoryPart) -> None:
        for chunk in part.chunks:
            self.consume(chunk)

    def dataset(self) -> xr.Dataset:
        """The dataset of the draws consumed so far (the chunks are released)."""
        if self.expected is not None and self.draws != self.expected:
            raise ValueError(f"expected {self.expected:,} draws, got {self.draws:,}")
        joined = {name: _join(parts) for name, parts in self.parts.items() if parts}
        inputs = joined.pop("inputs", None)
        return arrays_dataset(self.run, joined, inputs,
                              self.run.attrs(self.draws, self.precision))


class _MemoryPart:
    """A task's draws on a worker, kept to be sent back to :class:`DatasetMemory` (only
    the variables and draws it keeps)."""

    def __init__(self, first: int, names: tuple[str, ...], limit: int | None) -> None:
        self.first, self.names, self.limit = first, names, limit
        self.chunks: list[Chunk] = []

    def part(self, first: int) -> _MemoryPart:
        return _MemoryPart(first, self.names, self.limit)

    def consume(self, chunk: Chunk) -> None:
        if self.limit is not None and chunk.first >= self.limit:
            return
        kept = {name: getattr(chunk.per, name).copy() if name in self.names
                else np.zeros((len(chunk.per), 0)) for name in PerDraw.names()}
        inputs = chunk.inputs.copy() if "inputs" in self.names and chunk.inputs is not None \
            else None  # the run reuses its buffers
        self.chunks.append(Chunk(chunk.first, PerDraw(**kept), inputs))


def _join(parts: list[np.ndarray]) -> np.ndarray:
    # One array of the chunks' arrays, emptying the list as it goes.
    out = parts[0] if len(parts) == 1 else np.concatenate(parts)
    parts.clear()
    return out


def write(ds: xr.Dataset, path: Path, *, force: bool = False) -> None:
    """Write a dataset in memory (``keep_draws=True``) to ``path`` (.nc or .zarr),
    atomically; a run streams its own with :class:`DatasetFile` instead."""
    check_target(path, force)
    zarr = path.suffix == ".zarr"
    with output.atomic(path, force=force, directory=zarr,
                       same_kind=is_zarr if zarr else None) as staged, \
            output.deferred_signals():
        if zarr:
            for_zarr(ds).to_zarr(staged, mode="w", zarr_format=3, consolidated=False,
                                 encoding=zarr_encoding(ds, PILOT))
        else:
            ds.to_netcdf(staged, engine="h5netcdf", invalid_netcdf=False)


def read(path: Path) -> xr.Dataset:
    """A results dataset written by :class:`DatasetFile` (or ``mcimpact sim --out``), the
    same from either format: text as NumPy's fixed-width strings, as in memory."""
    import xarray as xr

    if path.suffix != ".zarr":
        return xr.load_dataset(path, engine="h5netcdf")
    ds = xr.open_zarr(path, consolidated=False).load()
    for name, var in ds.variables.items():
        if var.dtype.kind == "T" or (var.size == 0 and var.dims == (name,)
                                     and var.dtype.kind == "f"):
            # Zarr gives its text back as variable-length strings; a store of an earlier
            # version has an empty text coordinate (a scenario without tags) as float64.
            ds[name] = var.copy(data=np.array(var.values.tolist(), dtype=str
                                              ).reshape(var.shape))
    return ds


class StoredDraws:
    """The draws of a results dataset (:func:`read`), handed out as the chunks of a run
    made from it (:meth:`~mcimpact.run.run.Run.from_results`): such a run computes
    nothing, its consumers get the stored draws in draw order
    (:class:`~mcimpact.run.consumers.Holding`)."""

    chunk = PILOT

    def __init__(self, ds: xr.Dataset) -> None:
        self.ds = ds
        self.draws = int(ds.sizes["draw"])

    def consume(self, chunk: Chunk) -> None:
        """Nothing to take: the draws are held already."""

    def holds(self, first: int, n: int) -> bool:
        return first + n <= self.draws

    def read(self, first: int, n: int) -> Chunk:
        window = slice(first, first + n)
        inputs = (np.asarray(self.ds["inputs"][window].values) if "inputs" in self.ds
                  else None)
        return Chunk(first, PerDraw.from_dataset(self.ds, window), inputs)
