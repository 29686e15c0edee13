"""One object owns a run: the scenario, compiled for the core once, sampled in fixed chunks
of draws, each chunk's per-draw figures handed to the consumers (the summary's reducers,
the analyses' reducers, the dataset's sinks) in draw order.

Chunks are fixed by draw index: the first holds the reducers' pilot (the first
:data:`~mcimpact.run.reducers.PILOT` draws, or all of them), the others ``chunk_size``
draws each. Draw i is the same number whatever the chunking or the thread count, and
every consumer merges in draw order, so no result depends on either. A backend
(:mod:`mcimpact.run.backends`: here, or a dask cluster) decides only *where* a chunk is
computed.

The run is also the one place other draws come from: its compiled cores (the sampling
core and the point core, once each), its view of one financing scenario (:meth:`Run.one`,
sharing the compiled arrays), the yearly flows of draws with other stream keys or fixed
inputs (:meth:`Run.flows`: pick-freeze samples, one-way swings) and the same run of a
changed scenario (:meth:`Run.variant`: another assumption). No analysis compiles the core
or calls the kernel itself.
"""

from __future__ import annotations

import copy
import dataclasses
import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..core.compile import CoreArrays, Draws, Keys, allocate, core_arrays, sample, stream_keys
from ..errors import ResultsError
from ..limits import MAX_DRAWS, MAX_SEED
from ..model.scenario import DEFAULT_SEED, Scenario
from .backends import Backend, Local
from .consumers import (
    DEFAULT_CHUNK,
    Chunk,
    Consumer,
    Progress,
    Reserving,
    chunk_bounds,
)
from .derive import cost_deviations, derive, yearly_costs
from .reducers import BLOCK, ColumnStats

if TYPE_CHECKING:
    from distributed import Client

    from .sinks import StoredDraws

#: Beyond any draw index.
EVERY_DRAW = 2**63 - 1
#: The suffixes of a results file (``mcimpact sim --out``).
RESULTS = (".nc", ".zarr")

__all__ = ["DEFAULT_CHUNK", "MAX_DRAWS", "Chunk", "Consumer", "Progress", "Run",
           "chunk_bounds", "financing_core"]


class Run:
    """A scenario compiled for the core (once), ready to sample chunks of draws.

    Parameters
    ----------
    scenario : Scenario
        The validated scenario (:func:`mcimpact.load`).
    seed : int
        Same seed, same numbers: results do not depend on threads or chunks.
    deterministic : bool
        Every input at its point value, every renewal granted, one draw (the report's
        method).
    financing : sequence of str, optional
        Only these financing scenarios, in this order (the first is the reference).
    keep_inputs : bool or int
        Hand the sampled inputs per draw and chain to the consumers: of every draw, or
        (an int) of the chunks that hold the first that many draws (what an analysis of
        the first draws needs).
    chunk_size : int
        Draws per chunk after the first [draws]; results do not depend on it.
    """

    def __init__(self, scenario: Scenario, *, seed: int = DEFAULT_SEED,
                 deterministic: bool = False, financing: Sequence[str] | None = None,
                 keep_inputs: bool | int = False, chunk_size: int = DEFAULT_CHUNK) -> None:
        if chunk_size < 1:
            raise ValueError("chunk_size must be at least 1")
        if not 0 <= seed <= MAX_SEED:
            raise ValueError(f"seed must be in 0 … {MAX_SEED}, got {seed}")
        self.scenario = scenario.select_financing(financing) if financing else scenario
        self.seed = 0 if deterministic else seed
        self.deterministic = deterministic
        #: The chunks that start before this draw carry the sampled inputs.
        self.inputs_until = (0 if deterministic or keep_inputs is False
                             else EVERY_DRAW if keep_inputs is True else int(keep_inputs))
        #: Whether every chunk carries the inputs (what a dataset of every draw holds).
        self.keep_inputs = self.inputs_until == EVERY_DRAW
        self.chunk_size = chunk_size
        self._buffers: Draws | None = None
        self._cores: dict[bool, CoreArrays] = {}  # point → compiled arrays
        self._whole: tuple[Run, int] | None = None  # a view: (the whole run, financing)
        #: The draws of a results file this run is made from (:meth:`from_results`).
        self.stored: StoredDraws | None = None
        #: After :meth:`execute` with a precision: whether it was reached, and the worst
        #: relative 95 % half-width of a mean multiplier at the end.
        self.precision_reached: bool | None = None
        self.half_width: float | None = None

    @classmethod
    def open(cls, source: str | Path | Scenario | None = None, *, seed: int = DEFAULT_SEED,
             financing: Sequence[str] | None = None) -> Run:
        """The run of a source: a scenario (or its file, TOML or .xlsx; None: the bundled
        Groningen scenario) with ``seed``, or a results file of a Monte Carlo run
        (``.nc``, ``.zarr``: :meth:`from_results`, its own scenario, seed and draws); only
        the financing scenarios ``financing``, in that order (default all).

        Raises ScenarioError (a scenario file with problems), ResultsError (a results
        file that cannot serve) and KeyError (an unknown financing scenario)."""
        if isinstance(source, Scenario):
            return cls(source, seed=seed, financing=financing)
        if source is not None and Path(source).suffix in RESULTS:
            return cls.from_results(source, financing)
        from ..readers.formats import load

        return cls(load(source), seed=seed, financing=financing)

    @classmethod
    def from_results(cls, path: str | Path, financing: Sequence[str] | None = None) -> Run:
        """The run whose draws a results file holds (``mcimpact sim --out``, a Monte Carlo
        run): its scenario, seed and draws; only the financing scenarios ``financing``
        (default all it has), in that order. Its consumers get the stored draws
        (:attr:`stored`, :attr:`draws_held`); nothing is computed.

        Raises
        ------
        ResultsError
            The file cannot be read, is not of a Monte Carlo run, or has no results of a
            financing scenario asked for.
        KeyError
            A financing scenario that the scenario does not have.
        """
        from ..readers.toml import parse
        from .sinks import StoredDraws, read

        where = str(path)
        try:
            ds = read(Path(path))
        except (OSError, ValueError) as exc:
            raise ResultsError(where, "unreadable", str(exc)) from None
        if ds.attrs.get("mode") != "monte-carlo":
            raise ResultsError(where, "not-monte-carlo")
        scenario = parse(str(ds.attrs["scenario_text"]), f"{where} (scenario)")
        ids = [str(f) for f in ds["financing"].values]
        scenario = scenario.select_financing(list(financing or ids))
        missing = [f.id for f in scenario.financing if f.id not in ids]
        if missing:
            raise ResultsError(where, "no-financing", missing[0])
        run = cls(scenario, seed=int(ds.attrs["seed"]))
        run.stored = StoredDraws(ds.sel(financing=[f.id for f in scenario.financing]))
        return run

    @property
    def draws_held(self) -> int | None:
        """The draws of a run made from a results file (None for a run that samples)."""
        return None if self.stored is None else self.stored.draws

    def __getstate__(self) -> dict[str, object]:
        # Sent to a cluster's workers: the compiled core travels, the chunk buffers and the
        # point core do not.
        state = dict(self.__dict__)
        state["_buffers"] = None
        state["_cores"] = {self.deterministic: self.core}
        state["_whole"] = None
        state["stored"] = None
        return state

    @property
    def mode(self) -> str:
        return "deterministic" if self.deterministic else "monte-carlo"

    # -- the compiled cores, once each -------------------------------------------------

    def _compiled(self, point: bool) -> CoreArrays:
        core = self._cores.get(point)
        if core is None:
            if self._whole is not None:
                whole, f = self._whole
                core = financing_core(whole._compiled(point), f)
            else:
                core = core_arrays(self.scenario, point=point)
            self._cores[point] = core
        return core

    @property
    def core(self) -> CoreArrays:
        """The scenario compiled for the core (once per run): the point core of a
        deterministic run."""
        return self._compiled(self.deterministic)

    @property
    def point_core(self) -> CoreArrays:
        """The scenario compiled with every input at its point value and every renewal
        granted (once per run): what one-way swings vary."""
        return self._compiled(True)

    @property
    def keys(self) -> Keys:
        """The stream keys of the run's seed."""
        return stream_keys(self.seed, self.core)

    # -- variants of the run --------------------------------------------------------

    def one(self, financing: str | None = None) -> Run:
        """The run of one financing scenario (default: the reference): the same seed and
        draws, the compiled arrays cut from this run's (nothing compiled again; bit for
        bit those of the financing scenario compiled alone)."""
        ids = [f.id for f in self.scenario.financing]
        fid = financing or ids[0]
        if len(ids) == 1 and fid == ids[0]:
            return self
        if fid not in ids:
            raise KeyError(f"unknown financing scenario '{fid}'; expected one of: "
                           f"{', '.join(ids)}")
        view = copy.copy(self)
        view.scenario = self.scenario.select_financing([fid])
        view._buffers, view._cores, view._whole = None, {}, (self, ids.index(fid))
        view.stored = None  # a view samples its draws (the same numbers)
        return view

    def point(self) -> Run:
        """The deterministic run of the same scenario (every input at its point value,
        every renewal granted, one draw), with this run's point core."""
        if self.deterministic:
            return self
        point = Run(self.scenario, deterministic=True, chunk_size=self.chunk_size)
        point._cores[True] = self.point_core
        return point

    def variant(self, scenario: Scenario) -> Run:
        """The same run (seed, mode, chunks) of a changed scenario: another assumption
        (a discount rate, a fixed drop-off), compiled once for it."""
        return Run(scenario, seed=self.seed, deterministic=self.deterministic,
                   chunk_size=self.chunk_size)

    def flows(self, first: int, n: int, *, keys: Keys | None = None,
              params: np.ndarray | None = None, point: bool = False
              ) -> tuple[np.ndarray, np.ndarray]:
        """Yearly benefits and costs (draw, year) [EUR, nominal] of draws ``first … first +
        n − 1`` of a run of one financing scenario (:meth:`one`), with other stream keys
        (default: the seed's; pick-freeze mixes two seeds' keys), other fixed parameters
        (one-way swings), or on the point core (``point``)."""
        benefits, costs, _ = self.flows_and_groups(first, n, keys=keys, params=params,
                                                   point=point)
        return benefits, costs

    def flows_and_groups(self, first: int, n: int, *, keys: Keys | None = None,
                         params: np.ndarray | None = None, point: bool = False
                         ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """:meth:`flows`, and the present values of the grouped benefits (draw, column)
        [EUR]: the core's group output (by initiative, activity, …; columns as in
        ``CoreArrays.group_columns``), without residual values."""
        core = self._compiled(point or self.deterministic)
        if len(core.financing_ids) != 1:
            raise ValueError("flows are of one financing scenario: use run.one(id)")
        d = sample(core, self.seed, first, n, keys=keys, params=params)
        costs = yearly_costs(core.cost_rows, d.patterns)[:, 0]
        extra = cost_deviations(core, d)  # the uncertain costs, where the keys draw them
        if extra is not None:
            costs = costs + extra.sum(axis=1)
        benefits = d.benefits[:, 0]
        if np.any(core.residual_values):  # a benefit in the last year, as in run.derive
            benefits = benefits.copy()
            benefits[:, -1] += core.residual_values.sum()
        return benefits, costs, d.groups[:, 0]

    def attrs(self, draws: int, precision: float | None = None) -> dict[str, object]:
        """The run's provenance for a results dataset's attributes."""
        if self.deterministic:
            return {"mode": "deterministic", "draws": 1}
        out: dict[str, object] = {"mode": "monte-carlo", "draws": draws, "seed": self.seed}
        if precision is not None:
            out["precision"] = precision
            if self.precision_reached is not None:  # once done (0/1: a NetCDF attribute)
                out["precision_reached"] = int(self.precision_reached)
        return out

    # -- the draws --------------------------------------------------------------------

    def chunk(self, first: int, n: int) -> Chunk:
        """Draws ``first … first + n − 1``.

        The core writes into buffers the run reuses from chunk to chunk (fresh memory is
        slow to touch the first time): a chunk's arrays are valid until the next call,
        and a consumer that keeps them copies them.
        """
        keep = first < self.inputs_until
        buffers = self._buffers
        if buffers is None or len(buffers.benefits) < n or (keep and buffers.inputs is None):
            buffers = self._buffers = allocate(self.core, n, keep)
        out = buffers if keep else dataclasses.replace(buffers, inputs=None)
        sample(self.core, self.seed, first, n, out=out)
        draws = Draws(out.benefits[:n], out.groups[:n], out.patterns[:n],
                      None if out.inputs is None else out.inputs[:n],
                      None if out.costs is None else out.costs[:n])
        return Chunk(first, derive(self.scenario, self.core, draws), draws.inputs)

    def execute(self, draws: int, consumers: Sequence[Consumer], *,
                precision: float | None = None, max_draws: int = MAX_DRAWS,
                progress: Progress | None = None, backend: Backend | None = None,
                client: Client | None = None) -> int:
        """Feed draws 0 … n − 1 to every consumer, chunk by chunk; returns n.

        n is ``draws``, or with ``precision`` the first count at or after ``draws`` (at
        most ``max_draws``) at which the 95 % half-width of every financing scenario's
        mean multiplier is below ``precision`` times the mean (of its mean benefits when
        a draw has no costs). Whether it got there is :attr:`precision_reached` (None
        without ``precision``), and the worst relative half-width it reached
        :attr:`half_width`. A run to a precision grows in whole blocks of
        :data:`~mcimpact.run.reducers.BLOCK` draws.

        ``backend`` decides where the chunks are computed (:mod:`mcimpact.run.backends`;
        default here); a dask.distributed ``client`` stands for its backend
        (:class:`mcimpact.run.backends.dask.Dask`). The numbers are the same on every
        backend; one other than the local needs every consumer mergeable.
        """
        if draws < 1:
            raise ValueError("draws must be at least 1")
        if precision is not None and not (math.isfinite(precision) and 0 < precision < 1):
            raise ValueError(f"precision must be a number in (0, 1), got {precision}")
        if backend is None and client is not None:
            from .backends.dask import Dask

            backend = Dask(client)
        backend = backend or Local()
        if self.deterministic:
            draws, precision = 1, None
        self.precision_reached = self.half_width = None
        check = _Precision(len(self.scenario.financing)) if precision is not None else None
        everyone = [*consumers, *([check] if check is not None else []),
                    *([self.stored] if self.stored is not None else [])]
        backend.check(everyone)
        target = draws if check is None else max(draws, min(max_draws, _blocks(draws)))
        try:
            return self._feed(backend, everyone, target, check, precision, max_draws,
                              progress)
        finally:
            self._buffers = None  # the chunks' buffers serve one pass (hundreds of MB)

    def _feed(self, backend: Backend, everyone: list[Consumer], target: int,
              check: _Precision | None, precision: float | None, max_draws: int,
              progress: Progress | None) -> int:
        done = 0
        while True:
            for consumer in everyone:  # e.g. a store grows its arrays
                if isinstance(consumer, Reserving):
                    consumer.reserve(target)
            backend.feed(self, done, target, everyone, progress)
            done = target
            if check is None:
                return done
            worst = check.worst(precision)  # type: ignore[arg-type]
            if worst <= 1 or done >= max_draws:
                self.precision_reached = bool(worst <= 1)
                self.half_width = worst * precision  # type: ignore[operator]
                return done
            # Grow to the draw count the current variance says is needed (at least a chunk);
            # a mean of 0 is never reached (worst is inf): on to max_draws.
            needed = done * worst**2 * 1.1
            needed = max_draws if not needed < max_draws else int(needed)
            target = min(max_draws, _blocks(max(done + self.chunk_size, needed)))


def financing_core(core: CoreArrays, f: int) -> CoreArrays:
    """The core of financing scenario ``f`` alone, as :func:`core_arrays` of the scenario
    with that one financing scenario would compile it.

    The profile tables stay whole (every row of the other financing scenarios too); only
    the per-financing arrays that point into them are cut to ``f``. They are made
    contiguous: numba compiles (and caches) the kernel for contiguous arrays, and a strided
    view would cost a new compilation. The profile rows of every financing scenario are
    computed independently of the others, so these are, bit for bit, the arrays of that
    financing scenario compiled alone (tests/test_sensitivity.py checks the draws).
    """
    def cut(a: np.ndarray, axis: int = 0) -> np.ndarray:
        return np.ascontiguousarray(np.take(a, [f], axis=axis))

    return dataclasses.replace(
        core,
        financing_ids=(core.financing_ids[f],),
        row_start=cut(core.row_start),
        fixed_pattern=cut(core.fixed_pattern),
        pattern_cdf=cut(core.pattern_cdf),
        renewal_groups=(core.renewal_groups[f],),
        has_uplift=cut(core.has_uplift, axis=1),
        cost_rows=cut(core.cost_rows),
    )


def _blocks(draws: int) -> int:
    """``draws`` rounded up to whole blocks of the reducers (where a run may continue)."""
    return -(-draws // BLOCK) * BLOCK


class _Precision:
    """Running mean and spread of each financing scenario's multiplier (and benefits)."""

    def __init__(self, n_fin: int) -> None:
        self.stats = ColumnStats(2 * n_fin)
        self.costless = np.zeros(n_fin, dtype=bool)

    def consume(self, chunk: Chunk) -> None:
        p = chunk.per
        self.costless |= np.any(p.costs_total <= 0, axis=0)
        self.stats.add(np.concatenate([p.multiplier.T, p.benefits_total.T]))

    def part(self, first: int) -> _Precision:
        part = copy.copy(self)
        part.stats = self.stats.part(first)
        part.costless = np.zeros_like(self.costless)
        return part

    def merge(self, part: _Precision) -> None:
        self.stats.merge(part.stats)
        self.costless |= part.costless

    def worst(self, precision: float) -> float:
        """The largest ratio of half-width to the precision asked for (≤ 1: met).

        A mean of 0 (every benefit zero, also in every draw so far) has no precision
        relative to it: its ratio is inf, never met, and so is one that is not a number."""
        mean, sd = self.stats.moments()
        n_fin = len(self.costless)
        mean = np.where(self.costless, mean[n_fin:], mean[:n_fin])
        sd = np.where(self.costless, sd[n_fin:], sd[:n_fin])
        half_width = 1.96 * sd / math.sqrt(self.stats.n)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = half_width / (precision * np.abs(mean))
        return float(np.max(np.where(np.isnan(ratio) | (mean == 0), np.inf, ratio)))
