"""Mergeable per-column statistics of per-draw values, fed chunk by chunk in draw order.

:class:`ColumnStats` keeps, for each of K columns, what a distribution summary needs —
and nothing per draw:

- **Moments.** Sums of ``x − s`` and ``(x − s)²`` (``s`` the column's value at the first
  draw, so that a large mean does not cancel the variance away) over fixed blocks of
  :data:`BLOCK` draws *by draw index*, each block's sums folded into the totals with
  Neumaier's compensated addition. The sequence of floating-point operations depends only
  on the draw indices, never on how the draws were chunked or on the number of threads
  (a column is always reduced by one thread), so results are bit-identical either way.
- **Quantiles.** A histogram of :data:`BINS` bins of equal probability under the first
  :data:`PILOT` draws' distribution (their empirical CDF on a grid of :data:`GRID` equal
  steps, linear between them), plus an under- and an overflow bin, with each bin's
  count, least and greatest value: about 1/BINS of the draws per bin, whatever the
  shape. The r-th smallest value is read from its bin by linear interpolation between
  the bin's least and greatest value, so a quantile is exact where it falls on a bin's
  extreme, and for atoms (certain costs, whole years, funding patterns), whose values
  share a bin. Its error is a small fraction of the quantile's own Monte Carlo standard
  error (docs/methodology.md, "Quantiles"; tested in tests/test_run.py and
  tests/test_golden.py). A run of at most :data:`PILOT` draws gets exact quantiles.
- **NaN.** A NaN draw (a multiplier without costs) makes the mean and spread NaN and
  ranks above every number, as in :func:`numpy.partition`; columns marked ``omit``
  leave NaN draws out instead.
"""

from __future__ import annotations

import copy
import functools
import math
import warnings
from collections.abc import Callable

import numba as nb
import numpy as np

from ..core.jit import register

#: Draws per block of the moment sums (fixed by draw index).
BLOCK = 4096
#: Draws of the pilot whose range fixes each column's bins; a run of at most this many
#: draws has exact quantiles.
PILOT = 1 << 15
#: Bins of a column's histogram, of equal probability under the pilot's distribution.
BINS = 1 << 13
#: Steps of the grid on which the pilot's empirical CDF maps a value to its bin.
GRID = 1 << 13

def _moments(s1: np.ndarray, s2: np.ndarray, n: np.ndarray, nan: np.ndarray,
             omit: np.ndarray, shift: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean and sample standard deviation (ddof 1) per column from the shifted sums of the
    values and their squares over ``n`` draws; NaN where a column's NaN draws are not
    ``omit``ted, or where it has no draw."""
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_d = s1 / n
        var = np.maximum(s2 - s1 * mean_d, 0.0) / (n - 1)
        mean = shift + mean_d
        sd = np.where(n > 1, np.sqrt(var), 0.0)
    undefined = (nan > 0) & ~omit | (n == 0)
    return np.where(undefined, np.nan, mean), np.where(undefined, np.nan, sd)


def _fold_py(total: np.ndarray, comp: np.ndarray, k: int, x: float) -> None:
    """:func:`_fold` in Python (the same IEEE arithmetic), for the few folds made when a
    summary is read: not worth a compiled function of its own."""
    t = total[k] + x
    if abs(total[k]) >= abs(x):
        comp[k] += (total[k] - t) + x
    else:
        comp[k] += (x - t) + total[k]
    total[k] = t


@nb.njit(cache=True, nogil=True, error_model="numpy", inline="always")
def _fold(total: np.ndarray, comp: np.ndarray, k: int, x: float) -> None:
    """total[k] += x with Neumaier's compensation in comp[k]."""
    t = total[k] + x
    if abs(total[k]) >= abs(x):
        comp[k] += (total[k] - t) + x
    else:
        comp[k] += (x - t) + total[k]
    total[k] = t


@nb.njit(cache=True, nogil=True, error_model="numpy", inline="always")
def _bin(x: float, cdf: np.ndarray, lo: float, hi: float, cell: float) -> int:
    """The histogram bin of x: 0 below the pilot's range, BINS + 1 above it, else
    1 + floor(F(x)), F = BINS × the pilot's empirical CDF, linear between grid points."""
    if x < lo:
        return 0
    if x > hi:
        return BINS + 1
    g = (x - lo) * cell
    c = min(int(g), GRID - 1)
    f = cdf[c] + (g - c) * (cdf[c + 1] - cdf[c])
    return min(int(f) + 1, BINS)


@nb.njit(cache=True, nogil=True, error_model="numpy", inline="always")
def _all_equal(x: np.ndarray, s: float) -> bool:
    for v in x:  # noqa: SIM110 (a loop numba compiles)
        if v != s:
            return False
    return True


@nb.njit(cache=True, nogil=True, parallel=True, error_model="numpy")
def _accumulate(values, first, shift, block, finished, nan, lo, hi, cdf, cell, counts,
                low, high):  # pragma: no cover - compiled
    """Add draws ``first .. first + n − 1`` of K columns (``values`` (K, n)) to the state.

    block : (K, 2)   the open block's running sums of x − shift and (x − shift)²
    finished : (K, m, 2)   out: the sums of the m blocks that end in these draws, in order
    nan : int64 (K,)   NaN draws
    lo, hi : (K,)   the pilot's range
    cdf : (K, GRID + 1)   BINS × the pilot's empirical CDF at GRID + 1 equal steps of it
    cell : (K,)   GRID / (hi − lo), 0 for a constant pilot
    counts : int64 (K, BINS + 2); low, high : (K, BINS + 2)   per bin: draws, least, greatest
    """
    n_cols, n = values.shape
    for k in nb.prange(n_cols):
        s = shift[k]
        b1 = block[k, 0]
        b2 = block[k, 1]
        if cell[k] == 0.0 and lo[k] == s and _all_equal(values[k], s):
            # A column that stays at its pilot's one value (certain costs, years without
            # benefits): the sums of the loop below are unchanged (x − s = 0), only the
            # value's bin counts, and a block boundary folds the carried sums once.
            j = _bin(s, cdf[k], lo[k], hi[k], cell[k])
            if counts[k, j] == 0:
                low[k, j] = s
                high[k, j] = s
            counts[k, j] += n
            if finished.shape[1] > 0:  # the carried sums end a block, zeros the others
                finished[k, :, :] = 0.0
                finished[k, 0, 0] = b1
                finished[k, 0, 1] = b2
                block[k, 0] = 0.0
                block[k, 1] = 0.0
            continue
        m = 0
        for i in range(n):
            x = values[k, i]
            if x != x:
                nan[k] += 1
            else:
                d = x - s
                b1 += d
                b2 += d * d
                j = _bin(x, cdf[k], lo[k], hi[k], cell[k])
                c = counts[k, j]
                if c == 0:
                    low[k, j] = x
                    high[k, j] = x
                else:
                    low[k, j] = min(low[k, j], x)
                    high[k, j] = max(high[k, j], x)
                counts[k, j] = c + 1
            if (first + i + 1) % BLOCK == 0:
                finished[k, m, 0] = b1
                finished[k, m, 1] = b2
                m += 1
                b1 = 0.0
                b2 = 0.0
        block[k, 0] = b1
        block[k, 1] = b2


@nb.njit(cache=True, nogil=True, error_model="numpy")
def _fold_blocks(sums, comps, finished):  # pragma: no cover - compiled
    """Fold the finished blocks' sums (K, m, 2) into the totals, block after block."""
    for k in range(finished.shape[0]):
        for b in range(finished.shape[1]):
            _fold(sums[k], comps[k], 0, finished[k, b, 0])
            _fold(sums[k], comps[k], 1, finished[k, b, 1])


@nb.njit(cache=True, nogil=True, parallel=True, error_model="numpy")
def _pilot(pilot, lo, hi, cell, cdf):  # pragma: no cover - compiled
    """Each column's range and BINS × its empirical CDF at the GRID + 1 equal steps
    ``g_c = lo + c × (hi − lo) / GRID`` of it — ``cdf[k, c] = BINS × #{x ≤ g_c} / n``
    over the column's numbers (as :func:`numpy.searchsorted` on the sorted values with
    ``side="right"``, without sorting)."""
    for k in nb.prange(pilot.shape[0]):
        x = pilot[k]
        n = 0
        least = np.inf
        most = -np.inf
        for v in x:
            if v == v:
                n += 1
                least = min(least, v)
                most = max(most, v)
        if n == 0:
            continue
        lo[k] = least
        hi[k] = most
        width = most - least
        if width <= 0:
            continue
        cell[k] = GRID / width
        step = width / GRID
        # How many values have g_c as the first grid point at or above them.
        first_at = np.zeros(GRID + 2, dtype=np.int64)  # GRID + 1: above g_GRID (rounding)
        for v in x:
            if v != v:
                continue
            c = min(max(int(np.ceil((v - least) * cell[k])), 0), GRID + 1)
            while c > 0 and least + (c - 1) * step >= v:
                c -= 1
            while c <= GRID and least + c * step < v:
                c += 1
            first_at[c] += 1
        total = 0
        for c in range(GRID + 1):
            total += first_at[c]
            cdf[k, c] = BINS * total / n


class ColumnStats:
    """Statistics of K columns of per-draw values, fed in draw order (see the module).

    Parameters
    ----------
    n_columns : int
        K.
    omit : bool array (K,), optional
        Columns whose NaN draws are left out (by default a NaN draw makes the mean NaN).
    """

    def __init__(self, n_columns: int, omit: np.ndarray | None = None) -> None:
        k = n_columns
        self.n = 0
        self.omit = np.zeros(k, dtype=bool) if omit is None else np.asarray(omit, dtype=bool)
        self.shift = np.zeros(k)
        self.block = np.zeros((k, 2))
        self.sums = np.zeros((k, 2))
        self.comps = np.zeros((k, 2))
        self.nan = np.zeros(k, dtype=np.int64)
        self.lo = np.zeros(k)
        self.hi = np.zeros(k)
        self.cdf = np.zeros((k, GRID + 1))
        self.cell = np.zeros(k)
        self.counts = np.zeros((k, BINS + 2), dtype=np.int64)
        self.low = np.zeros((k, BINS + 2))
        self.high = np.zeros((k, BINS + 2))
        self.pilot: np.ndarray | None = None  # the pilot's values (K, n), while it is all
        self.kept: list[np.ndarray] | None = None  # a part's finished blocks (see part())
        self.first = 0  # the first draw of a part

    def add(self, values: np.ndarray) -> None:
        """Add the next draws: ``values`` (K, n), in draw order after those added so far.
        The first call must bring the pilot (min(PILOT, all draws) draws), which is kept
        by reference until more draws follow: do not change it afterwards."""
        values = np.ascontiguousarray(values, dtype=np.float64)
        if values.shape[0] != len(self.shift):
            raise ValueError(f"expected {len(self.shift)} columns, got {values.shape[0]}")
        if values.shape[1] == 0:
            return
        if self.n == 0:
            self._start(values)
        elif self.pilot is not None:
            self.pilot = None  # more than the pilot: quantiles from the histogram
        n = values.shape[1]
        finished = np.empty((len(values), (self.n + n) // BLOCK - self.n // BLOCK, 2))
        _compiled_accumulate()(values, np.int64(self.n), self.shift, self.block, finished,
                               self.nan, self.lo, self.hi, self.cdf, self.cell, self.counts,
                               self.low, self.high)
        if self.kept is None:
            _compiled_fold_blocks()(self.sums, self.comps, finished)
        else:  # a part: its blocks are folded where it is merged, in draw order
            self.kept.append(finished)
        self.n += n

    # -- parts: the same statistics computed elsewhere and merged in draw order ----------

    def part(self, first: int) -> ColumnStats:
        """An empty accumulator of draws ``first …`` with this one's calibration (the
        pilot's bins), to be filled elsewhere (another process, a worker) and merged back
        with :meth:`merge` in draw order. ``first`` must be at a block boundary (a
        multiple of :data:`BLOCK`, after the pilot): the result is then bit-identical to
        adding the same draws here."""
        if self.n == 0:
            raise ValueError("a part needs the pilot's calibration: add the pilot first")
        if first % BLOCK or first < self.n:
            raise ValueError(f"a part starts at a block boundary after draw {self.n}, "
                             f"not at {first}")
        k = len(self.shift)
        part = copy.copy(self)  # the calibration arrays are shared, never written
        part.n = part.first = first
        part.block = np.zeros((k, 2))
        part.sums, part.comps = np.zeros((k, 2)), np.zeros((k, 2))
        part.nan = np.zeros(k, dtype=np.int64)
        part._empty_bins()
        part.pilot, part.kept = None, []
        return part

    def _empty_bins(self) -> None:
        k = len(self.shift)
        self.counts = np.zeros((k, BINS + 2), dtype=np.int64)
        self.low, self.high = np.zeros((k, BINS + 2)), np.zeros((k, BINS + 2))

    def __getstate__(self) -> dict[str, object]:
        # A part not filled yet travels without its (empty) bins: ~24 bytes × BINS a column.
        state = dict(self.__dict__)
        if self.kept == [] and self.n == self.first:
            for name in ("counts", "low", "high"):
                del state[name]
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        if "counts" not in state:
            self._empty_bins()

    def merge(self, part: ColumnStats) -> None:
        """Add a :meth:`part` filled with the draws that follow those here."""
        if part.kept is None or part.first != self.n:
            raise ValueError(f"parts merge in draw order: expected one from draw {self.n}, "
                             f"got {'no part' if part.kept is None else part.first}")
        for finished in part.kept:
            _compiled_fold_blocks()(self.sums, self.comps, finished)
        self.block = part.block.copy()
        self.nan += part.nan
        used = part.counts > 0
        both = used & (self.counts > 0)
        self.low = np.where(both, np.minimum(self.low, part.low),
                            np.where(used, part.low, self.low))
        self.high = np.where(both, np.maximum(self.high, part.high),
                             np.where(used, part.high, self.high))
        self.counts += part.counts
        self.n = part.n
        self.pilot = None

    def _start(self, pilot: np.ndarray) -> None:
        self.shift[:] = np.where(np.isnan(pilot[:, 0]), 0.0, pilot[:, 0])
        _compiled_pilot()(pilot, self.lo, self.hi, self.cell, self.cdf)
        # Kept (not copied) for exact quantiles while the pilot is all: callers hand in
        # fresh arrays and do not change them afterwards.
        self.pilot = pilot if pilot.shape[1] <= PILOT else None

    # -- results ---------------------------------------------------------------------

    def count(self) -> np.ndarray:
        """Draws counted per column (NaN draws of ``omit`` columns left out)."""
        return np.where(self.omit, self.n - self.nan, self.n)

    def moments(self) -> tuple[np.ndarray, np.ndarray]:
        """Mean and sample standard deviation (ddof 1) per column."""
        s1, s2 = self._totals()
        return _moments(s1, s2, self.n - self.nan, self.nan, self.omit, self.shift)

    def _totals(self) -> tuple[np.ndarray, np.ndarray]:
        # The open block folded into copies of the totals (the state is not changed, so
        # more draws may follow).
        sums, comps = self.sums.copy(), self.comps.copy()
        for k in range(len(sums)):
            for m in range(2):
                _fold_py(sums[k], comps[k], m, float(self.block[k, m]))
        total = sums + comps
        return total[:, 0], total[:, 1]

    def extremes(self) -> tuple[np.ndarray, np.ndarray]:
        """Least and greatest number per column (NaN for a column of NaN only)."""
        used = self.counts > 0
        with np.errstate(invalid="ignore"):
            least = np.where(used, self.low, np.inf).min(axis=1)
            most = np.where(used, self.high, -np.inf).max(axis=1)
        none = ~used.any(axis=1)
        return np.where(none, np.nan, least), np.where(none, np.nan, most)

    def quantiles(self, probabilities: np.ndarray) -> np.ndarray:
        """Quantiles (K, len(probabilities)) by NumPy's default ('linear') definition."""
        p = np.asarray(probabilities, dtype=float)
        out = np.full((len(self.shift), len(p)), np.nan)
        n = self.count()
        for k in range(len(out)):
            if n[k] == 0:
                continue
            h = (n[k] - 1) * p
            lo = np.floor(h).astype(np.int64)
            hi = np.minimum(lo + 1, n[k] - 1)
            ranks = np.unique(np.concatenate([lo, hi]))
            values = dict(zip(ranks.tolist(), self._order_statistics(k, ranks), strict=True))
            x_lo = np.array([values[r] for r in lo])
            x_hi = np.array([values[r] for r in hi])
            out[k] = x_lo + (h - lo) * (x_hi - x_lo)
        return out

    def inverted_cdf(self, probabilities: np.ndarray) -> np.ndarray:
        """Quantiles by NumPy's 'inverted_cdf' (an order statistic, for whole numbers)."""
        p = np.asarray(probabilities, dtype=float)
        out = np.full((len(self.shift), len(p)), np.nan)
        n = self.count()
        for k in range(len(out)):
            if n[k]:
                out[k] = self._order_statistics(k, inverted_cdf_ranks(int(n[k]), p))
        return out

    def _order_statistics(self, k: int, ranks: np.ndarray) -> np.ndarray:
        """The r-th smallest values (0-based ranks) of column k; NaN ranks last."""
        if self.pilot is not None:
            x = self.pilot[k]
            x = x[~np.isnan(x)] if self.omit[k] else x
            return np.partition(x, ranks)[ranks]
        counts = self.counts[k]
        cum = np.cumsum(counts)
        out = np.full(len(ranks), np.nan)
        finite = ranks < cum[-1]
        j = np.searchsorted(cum, ranks[finite], side="right")
        before = np.where(j > 0, cum[j - 1], 0)
        position = ranks[finite] - before
        c = counts[j]
        spread = self.high[k, j] - self.low[k, j]
        with np.errstate(invalid="ignore", divide="ignore"):
            out[finite] = self.low[k, j] + np.where(c > 1, spread * position / (c - 1), 0.0)
        return out

    def histogram(self, k: int, edges: np.ndarray) -> np.ndarray:
        """Counts of column k in ``edges`` (as :func:`numpy.histogram`), each fine bin's
        draws spread evenly between its least and greatest value."""
        used = self.counts[k] > 0
        a, b, c = self.low[k, used], self.high[k, used], self.counts[k, used]
        out = np.zeros(len(edges) - 1)
        point = a == b
        at = np.clip(np.searchsorted(edges, a[point], side="right") - 1, 0, len(out) - 1)
        np.add.at(out, at, c[point])
        a, b, c = a[~point], b[~point], c[~point]
        # The share of each bin's [a, b] in each output bin.
        share = np.clip(np.minimum(edges[1:], b[:, None]) - np.maximum(edges[:-1], a[:, None]),
                        0, None)
        out += (c / (b - a)) @ share
        return np.round(out).astype(np.int64)


#: Equal bins over the pilot's range of a :class:`FineHistogram` column.
FINE_BINS = 4096


class FineHistogram:
    """Counts of K columns' draws in :data:`FINE_BINS` equal bins over each column's pilot
    range, and the (few) draws outside it, kept: enough to draw a histogram of any bins
    afterwards (:meth:`histogram`; the multiplier's, for the figures). Fed in draw order;
    NumPy only (no compiled loop of its own); NaN draws are not counted."""

    def __init__(self, n_columns: int) -> None:
        self.n = 0
        self.first = 0
        self.range = np.full((n_columns, 2), np.nan)
        self.counts = np.zeros((n_columns, FINE_BINS), dtype=np.int64)
        self.outside: list[list[np.ndarray]] = [[] for _ in range(n_columns)]

    def add(self, values: np.ndarray) -> None:
        """Add the next draws, ``values`` (K, n)."""
        if self.n == 0:
            with np.errstate(invalid="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)  # a column of NaN only
                self.range[:, 0] = np.nanmin(values, axis=1)
                self.range[:, 1] = np.nanmax(values, axis=1)
        for k, x in enumerate(values):
            x = x[~np.isnan(x)]
            lo, hi = self.range[k]
            inside = (x >= lo) & (x <= hi)
            if np.any(inside):
                # The bin of each draw (any range a float holds: no NumPy histogram, which
                # refuses bins narrower than the values' spacing).
                with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
                    at = (x[inside] - lo) / (hi - lo) * FINE_BINS
                at = np.clip(np.nan_to_num(at, nan=0.0, posinf=FINE_BINS - 1), 0,
                             FINE_BINS - 1).astype(np.int64)
                self.counts[k] += np.bincount(at, minlength=FINE_BINS)
            if not np.all(inside):
                self.outside[k].append(x[~inside])
        self.n += values.shape[1]

    def part(self, first: int) -> FineHistogram:
        """An empty histogram of draws ``first …`` with this one's bins."""
        part = copy.copy(self)
        part.n = part.first = first
        part.counts = np.zeros_like(self.counts)
        part.outside = [[] for _ in self.outside]
        return part

    def merge(self, part: FineHistogram) -> None:
        """Add a :meth:`part` filled with the draws that follow those here."""
        if part.first != self.n:
            raise ValueError(f"parts merge in draw order: expected one from draw {self.n}, "
                             f"got {part.first}")
        self.counts += part.counts
        for mine, theirs in zip(self.outside, part.outside, strict=True):
            mine.extend(theirs)
        self.n = part.n

    def extremes(self) -> tuple[np.ndarray, np.ndarray]:
        """Least and greatest number per column (NaN for a column of NaN only)."""
        least, most = self.range[:, 0].copy(), self.range[:, 1].copy()
        for k, extra in enumerate(self.outside):
            if extra:
                x = np.concatenate(extra)
                least[k], most[k] = min(least[k], x.min()), max(most[k], x.max())
        return least, most

    def histogram(self, k: int, edges: np.ndarray) -> np.ndarray:
        """Counts of column k in ``edges`` (as :func:`numpy.histogram`): each fine bin's
        draws spread evenly over its width, the draws outside the pilot's range exact."""
        out = np.zeros(len(edges) - 1)
        lo, hi = self.range[k]
        if not np.isnan(lo):
            if hi > lo and np.isfinite(hi - lo):
                fine = np.linspace(lo, hi, FINE_BINS + 1)
                share = np.clip(np.minimum(edges[1:], fine[1:, None])
                                - np.maximum(edges[:-1], fine[:-1, None]), 0, None)
                out += (self.counts[k] / (fine[1:] - fine[:-1])) @ share
            else:  # one value in the pilot
                at = np.clip(np.searchsorted(edges, lo, side="right") - 1, 0, len(out) - 1)
                out[at] += self.counts[k].sum()
        if self.outside[k]:
            x = np.clip(np.concatenate(self.outside[k]), edges[0], edges[-1])
            out += np.histogram(x, bins=edges)[0]
        return np.round(out).astype(np.int64)


def inverted_cdf_ranks(n: int, probabilities: np.ndarray) -> np.ndarray:
    """The 0-based order statistics of n values that ``numpy.quantile(...,
    method="inverted_cdf")`` takes, by numpy's own formula (the index n·p − 1, rounded up
    unless it is whole; at least 0), without the n values: memory does not grow with n."""
    index = n * np.asarray(probabilities, dtype=float) - 1
    previous = np.floor(index)
    ranks = np.where(index - previous == 0, previous, previous + 1).astype(np.int64)
    return np.clip(ranks, 0, n - 1)


def mcse(sd: np.ndarray, n: np.ndarray | int) -> np.ndarray:
    """Monte Carlo standard error of a mean [the quantity's unit]."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(sd) / np.sqrt(n)


# --------------------------------------------------------------------------------------
# Quantiles at fixed probabilities, from windows around the pilot's quantiles.

#: Fine bins of a quantile's window (each with its count, least and greatest value).
WINDOW_BINS = 512
#: A window spans the pilot's order statistics WINDOW_Z standard deviations of the rank
#: (√(n p (1 − p)) of the pilot's n values) either side of p: the run's quantile lies
#: outside it only if the pilot's was 6 standard errors off (probability ~2·10⁻⁹).
WINDOW_Z = 6.0
#: Draws of a column per tile of the window loop (its scratch stays in the L1 cache).
_TILE = 1024


@nb.njit(cache=True, nogil=True, error_model="numpy", inline="always")
def _lane(v, s, a, q, lo, hi):  # pragma: no cover - compiled
    """One value v into one lane: the sums a of d = v − s and q of d² (NaN adds 0), and
    the least lo and greatest hi value."""
    d = v - s if v == v else 0.0
    return a + d, q + d * d, v if v < lo else lo, v if v > hi else hi


@nb.njit(cache=True, nogil=True, error_model="numpy")
def _lanes(x, i0, i1, s,  # pragma: no cover - compiled
           a0, a1, a2, a3, a4, a5, a6, a7, q0, q1, q2, q3, q4, q5, q6, q7,
           lo0, lo1, lo2, lo3, lo4, lo5, lo6, lo7, hi0, hi1, hi2, hi3, hi4, hi5, hi6, hi7):
    """Eight lanes (lane l takes i ≡ l mod 8, i1 − i0 a multiple of 8) of the sums of
    d = x − s and d² (NaN left out), and of the least and greatest value, over
    x[i0:i1]: eight independent chains kept in registers, 2.4× a single running sum
    (0.76 against 1.8 ns a value, measured), whose every add waits for the last. Each
    lane is :func:`_lane`, inlined, so the eight stay one unrolled loop body."""
    for i in range(i0, i1, 8):
        a0, q0, lo0, hi0 = _lane(x[i + 0], s, a0, q0, lo0, hi0)
        a1, q1, lo1, hi1 = _lane(x[i + 1], s, a1, q1, lo1, hi1)
        a2, q2, lo2, hi2 = _lane(x[i + 2], s, a2, q2, lo2, hi2)
        a3, q3, lo3, hi3 = _lane(x[i + 3], s, a3, q3, lo3, hi3)
        a4, q4, lo4, hi4 = _lane(x[i + 4], s, a4, q4, lo4, hi4)
        a5, q5, lo5, hi5 = _lane(x[i + 5], s, a5, q5, lo5, hi5)
        a6, q6, lo6, hi6 = _lane(x[i + 6], s, a6, q6, lo6, hi6)
        a7, q7, lo7, hi7 = _lane(x[i + 7], s, a7, q7, lo7, hi7)
    return (a0, a1, a2, a3, a4, a5, a6, a7, q0, q1, q2, q3, q4, q5, q6, q7,
            lo0, lo1, lo2, lo3, lo4, lo5, lo6, lo7, hi0, hi1, hi2, hi3, hi4, hi5, hi6, hi7)


@nb.njit(cache=True, nogil=True, error_model="numpy")
def _lane_tail(x, i0, i1, g, s, lanes, ext):  # pragma: no cover - compiled
    """x[i0:i1] into the lanes (2, 8) and extremes (2,) one by one, x[i] in lane g + i
    mod 8 (the draws before and after a run of whole groups of eight)."""
    for i in range(i0, i1):
        v = x[i]
        if v == v:
            d = v - s
            lane = (g + i) % 8
            lanes[0, lane] += d
            lanes[1, lane] += d * d
            ext[0] = min(ext[0], v)
            ext[1] = max(ext[1], v)


@nb.njit(cache=True, nogil=True, error_model="numpy")
def _fold_lanes(lanes, out):  # pragma: no cover - compiled
    """A block's sums (2,) from its eight lanes (2, 8), in a fixed tree, into out; the
    lanes are cleared."""
    for m in range(2):
        out[m] = ((lanes[m, 0] + lanes[m, 1]) + (lanes[m, 2] + lanes[m, 3])) + (
            (lanes[m, 4] + lanes[m, 5]) + (lanes[m, 6] + lanes[m, 7]))
        for j in range(8):
            lanes[m, j] = 0.0


@nb.njit(cache=True, nogil=True, error_model="numpy")
def _window_add(values, discount, first, lo, shift, lanes, finished, nan, extremes,
                n_win, win_lo, win_hi, win_scale, win_fine, below, upto, bins
                ):  # pragma: no cover - compiled
    """Add draws ``first …`` of columns lo … lo + k − 1 (``values`` (k, n), any strides;
    with ``discount`` (k,), the running sums of values × discount along k instead) to the
    state of :class:`WindowStats`: per column the eight lanes of the open block's moment
    sums and the sums of the blocks that end here (``finished`` (K, m, 2)), NaN draws,
    extremes, and per window the draws below it and up to its top, and its fine bins."""
    k, n = values.shape
    cumulative = discount.shape[0] > 0
    running = np.zeros(n if cumulative else 0)
    x = np.empty(_TILE)
    code = np.empty(_TILE, dtype=np.int64)
    hit = np.empty(_TILE, dtype=np.int64)
    n_bins = bins.shape[2]
    ext = np.empty(2)
    for row in range(k):
        col = lo + row
        s = shift[col]
        lane = lanes[col]
        ext[0] = extremes[col, 0]
        ext[1] = extremes[col, 1]
        m = 0
        nans = 0
        for t0 in range(0, n, _TILE):
            w = min(_TILE, n - t0)
            if cumulative:
                for i in range(w):
                    running[t0 + i] += values[row, t0 + i] * discount[row]
                    x[i] = running[t0 + i]
            else:
                for i in range(w):
                    x[i] = values[row, t0 + i]
            # Moments and extremes, block by block of the draw index, eight lanes; a tile
            # all at the shift (a certain cost, a year without benefits) adds nothing.
            g = first + t0
            same = 0
            for i in range(w):
                same += x[i] == s
            i = w if same == w else 0
            if i == w:
                ext[0] = min(ext[0], s)
                ext[1] = max(ext[1], s)
                for _end in range(BLOCK - g % BLOCK, w + 1, BLOCK):
                    _fold_lanes(lane, finished[col, m])
                    m += 1
            while i < w:
                stop = min(w, i + BLOCK - (g + i) % BLOCK)
                head = min(stop, i + (8 - (g + i) % 8) % 8)
                _lane_tail(x, i, head, g, s, lane, ext)
                body = head + (stop - head) // 8 * 8
                if body > head:
                    t = _lanes(x, head, body, s, lane[0, 0], lane[0, 1], lane[0, 2],
                               lane[0, 3], lane[0, 4], lane[0, 5], lane[0, 6], lane[0, 7],
                               lane[1, 0], lane[1, 1], lane[1, 2], lane[1, 3], lane[1, 4],
                               lane[1, 5], lane[1, 6], lane[1, 7],
                               ext[0], ext[0], ext[0], ext[0], ext[0], ext[0], ext[0], ext[0],
                               ext[1], ext[1], ext[1], ext[1], ext[1], ext[1], ext[1], ext[1])
                    for j in range(8):
                        lane[0, j] = t[j]
                        lane[1, j] = t[8 + j]
                        ext[0] = min(ext[0], t[16 + j])
                        ext[1] = max(ext[1], t[24 + j])
                _lane_tail(x, body, stop, g, s, lane, ext)
                if (g + stop) % BLOCK == 0:
                    _fold_lanes(lane, finished[col, m])
                    m += 1
                i = stop
            # Each window: the draws at or above its bottom and up to its top (NaN counts
            # in neither), and which window a draw is inside (one compare each, which the
            # compiler vectorises; no draw is in two windows).
            tile_nans = 0
            for i in range(w):
                code[i] = 0
                tile_nans += x[i] != x[i]
            nw = n_win[col]
            for v in range(nw):
                a = win_lo[col, v]
                b = win_hi[col, v]
                fine = win_fine[col, v] >= 0
                count_from = 0
                count_upto = 0
                for i in range(w):
                    ge = x[i] >= a
                    le = x[i] <= b
                    count_from += ge
                    count_upto += le
                    code[i] += (v + 1) * (ge & le & fine)
                below[col, v] += w - tile_nans - count_from
                upto[col, v] += count_upto
            nans += tile_nans
            # The draws inside a window with fine bins (about one in six), listed
            # branch-free, then binned: count, least, greatest (the empty bin's ±inf).
            h = 0
            for i in range(w):
                hit[h] = i
                h += code[i] != 0
            for j in range(h):
                i = hit[j]
                v = code[i] - 1
                f = win_fine[col, v]
                xb = x[i]
                b = min(int((xb - win_lo[col, v]) * win_scale[col, v]), n_bins - 1)
                cell = bins[col, f, b]
                cell[0] += 1.0
                cell[1] = min(cell[1], xb)
                cell[2] = max(cell[2], xb)
        nan[col] += nans
        extremes[col, 0] = ext[0]
        extremes[col, 1] = ext[1]


def _empty_bins(k: int, n_fine: int) -> np.ndarray:
    """(k, n_fine, WINDOW_BINS, 3) fine bins: count 0, least inf, greatest -inf."""
    bins = np.zeros((k, n_fine, WINDOW_BINS, 3))
    bins[..., 1] = np.inf
    bins[..., 2] = -np.inf
    return bins


@functools.cache
def _compiled_window_add() -> nb.core.dispatcher.Dispatcher:
    """:func:`_window_add` for one signature: values of any strides (a transposed view of
    a chunk's figures, a contiguous pilot), one compilation."""
    read = nb.types.Array(nb.float64, 2, "A", readonly=True)
    f1, f2, f3 = nb.float64[::1], nb.float64[:, ::1], nb.float64[:, :, ::1]
    i1, i2 = nb.int64[::1], nb.int64[:, ::1]
    sig = nb.void(read, nb.types.Array(nb.float64, 1, "A", readonly=True), nb.int64,
                  nb.int64, f1, f3, f3, i1, f2, i1, f2, f2, f2, i2, i2, i2,
                  nb.float64[:, :, :, ::1])
    return nb.njit(sig, cache=True, nogil=True, error_model="numpy")(_window_add.py_func)


@functools.cache
def _compiled_fold_blocks() -> nb.core.dispatcher.Dispatcher:
    """:func:`_fold_blocks` for the totals (K, 2) and blocks (K, m, 2) of a reducer."""
    return nb.njit(nb.void(nb.float64[:, ::1], nb.float64[:, ::1], nb.float64[:, :, ::1]),
                   cache=True, nogil=True, error_model="numpy")(_fold_blocks.py_func)


@functools.cache
def _compiled_accumulate() -> nb.core.dispatcher.Dispatcher:
    """:func:`_accumulate` for the arrays of :class:`ColumnStats`."""
    f1, f2, f3 = nb.float64[::1], nb.float64[:, ::1], nb.float64[:, :, ::1]
    i1, i2 = nb.int64[::1], nb.int64[:, ::1]
    sig = nb.void(f2, nb.int64, f1, f2, f3, i1, f1, f1, f2, f1, i2, f2, f2)
    return nb.njit(sig, cache=True, nogil=True, parallel=True,
                   error_model="numpy")(_accumulate.py_func)


@functools.cache
def _compiled_pilot() -> nb.core.dispatcher.Dispatcher:
    """:func:`_pilot` for the arrays of :class:`ColumnStats`."""
    f1, f2 = nb.float64[::1], nb.float64[:, ::1]
    return nb.njit(nb.void(f2, f1, f1, f1, f2), cache=True, nogil=True, parallel=True,
                   error_model="numpy")(_pilot.py_func)


# Compiled ahead of a run (mcimpact.core.jit): what every run uses, and (for
# ``mcimpact warm``) ColumnStats' loops, which a run to a precision uses.
register(__name__, "_compiled_window_add")
register(__name__, "_compiled_fold_blocks")
register(__name__, "_compiled_accumulate", run=False)
register(__name__, "_compiled_pilot", run=False)


def _windows(sorted_pilot: np.ndarray, valid: np.ndarray, ranked: np.ndarray,
             probabilities: np.ndarray, n_windows: int
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each column's windows from its sorted pilot (k, n; NaN last; ``valid`` numbers in
    each, of ``ranked`` draws that the quantiles rank: all of them, or the numbers where
    NaN is left out): around each probability the pilot's order statistics WINDOW_Z standard
    deviations of the rank either side; a value repeated in the pilot at a window's edge
    (an atom: a certain cost, a whole year, a zero) split off as a window of its own,
    counted exactly without bins; overlapping windows merged. Returns (count, lo, hi,
    fine): per column its windows' bounds, sorted, and whether each has fine bins."""
    k = len(sorted_pilot)
    count = np.zeros(k, dtype=np.int64)
    lows = np.zeros((k, n_windows))
    highs = np.zeros((k, n_windows))
    fine = np.zeros((k, n_windows), dtype=bool)
    for c in range(k):
        m = int(valid[c])
        if m == 0:
            continue
        x = sorted_pilot[c, :m]
        total = int(ranked[c])
        spans: list[tuple[float, float]] = []
        for p in probabilities:
            h = p * (total - 1)
            if h > m - 1:  # the quantile is NaN (ranked last): no window
                continue
            spread = WINDOW_Z * math.sqrt(total * p * (1 - p))
            i = min(max(math.floor(h - spread), 0), m - 1)
            j = min(max(math.ceil(h + spread), 0), m - 1)
            a, b = float(x[i]), float(x[j])
            if a == b:
                spans.append((a, a))
                continue
            if (i + 1 < m and x[i + 1] == a) or (i > 0 and x[i - 1] == a):  # an atom
                spans.append((a, a))
                a = float(np.nextafter(a, np.inf))
            if (j > 0 and x[j - 1] == b) or (j + 1 < m and x[j + 1] == b):
                spans.append((b, b))
                b = float(np.nextafter(b, -np.inf))
            if a <= b:
                spans.append((a, b))
        spans.sort()
        merged: list[list[float]] = []
        for a, b in spans:
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        count[c] = len(merged)
        for v, (a, b) in enumerate(merged):
            lows[c, v], highs[c, v] = a, b
            fine[c, v] = a < b
    return count, lows, highs, fine


class WindowStats:
    """Statistics of K columns of per-draw values, fed in draw order, for a summary:
    mean and spread, extremes, and the quantiles at fixed probabilities.

    - **Moments** as :class:`ColumnStats` (sums of ``x − s`` and ``(x − s)²`` over fixed
      blocks of :data:`BLOCK` draws by draw index, folded with Neumaier's compensated
      addition), each block's sums taken in eight lanes by draw index (draw g in lane
      g mod 8) and added in a fixed tree: bit-identical whatever the chunks or threads.
    - **Quantiles.** The pilot (the first :data:`PILOT` draws, or all) fixes per column
      and probability p a *window*: the pilot's order statistics :data:`WINDOW_Z`
      standard deviations of the rank either side of p (the run's p-quantile lies
      inside it unless the pilot's was that many standard errors off). Each later draw
      is counted below or inside each window (comparisons the compiler vectorises), and
      a draw inside a window goes to one of its :data:`WINDOW_BINS` fine bins of equal
      width, with the bin's count, least and greatest value. The r-th smallest value is
      read from its bin as :class:`ColumnStats` does (linear between the bin's least and
      greatest value; exact on an extreme), so its error is a small fraction of its own
      Monte Carlo standard error (docs/methodology.md, "Quantiles"). A value repeated in
      the pilot at a window's edge (an atom: a certain cost, a whole year, a zero) is a
      window of its own, counted exactly. About 2·6·√(p(1 − p)/PILOT) of the draws fall in
      p's window (~16 % for p5 … p95): the other draws cost a few comparisons each, not a
      bin look-up (~2 against ~8 ns a value, docs/performance.md). A rank outside every
      window (the pilot's quantile ≥ 6 standard errors off) is interpolated between the
      windows around it, and :attr:`missed` counts such reads. A run of at most
      :data:`PILOT` draws gets exact quantiles from its sorted pilot (kept while the
      draws fed are all of the pilot's, unless ``draws`` says more follow).
    - **NaN** ranks above every number, as in :func:`numpy.partition`; ``omit`` columns
      leave NaN draws out.

    Fed per chunk: :meth:`begin` (the chunk's draw count), then :meth:`feed` for every
    column (tasks that may run in any order, on any thread), then :meth:`end`.
    """

    def __init__(self, n_columns: int, probabilities: np.ndarray,
                 omit: np.ndarray | None = None, draws: int | None = None) -> None:
        k = n_columns
        self.probabilities = np.asarray(probabilities, dtype=float)
        n_p = len(self.probabilities)
        n_w = 3 * n_p  # each probability's window and the atoms split off its edges
        #: The draws it will be fed, where known: a pilot short of them is not kept (its
        #: sorted values serve a run of the pilot alone).
        self.draws = draws
        self.n = 0
        self.omit = np.zeros(k, dtype=bool) if omit is None else np.asarray(omit, dtype=bool)
        self.shift = np.zeros(k)
        self.lanes = np.zeros((k, 2, 8))
        self.sums = np.zeros((k, 2))
        self.comps = np.zeros((k, 2))
        self.nan = np.zeros(k, dtype=np.int64)
        self.ext = np.tile([np.inf, -np.inf], (k, 1))
        self.n_win = np.zeros(k, dtype=np.int64)
        self.win_lo = np.zeros((k, n_w))
        self.win_hi = np.zeros((k, n_w))
        self.win_scale = np.zeros((k, n_w))
        self.win_fine = np.full((k, n_w), -1, dtype=np.int64)
        self.below = np.zeros((k, n_w), dtype=np.int64)
        self.upto = np.zeros((k, n_w), dtype=np.int64)
        self.bins = _empty_bins(k, n_p)
        self.pilot: np.ndarray | None = None  # sorted pilot values (K, n) while they are all
        self.pilot_valid: np.ndarray | None = None  # numbers (not NaN) in each
        self.kept: list[np.ndarray] | None = None  # a part's finished blocks (see part())
        self.first = 0  # the first draw of a part
        self.missed = 0  # order statistics read outside every window
        self._chunk = 0
        self._finished = np.zeros((k, 0, 2))

    # -- feeding ---------------------------------------------------------------------

    def begin(self, n: int) -> None:
        """The next chunk holds ``n`` draws (the first chunk: the pilot, min(PILOT, all
        draws))."""
        k = len(self.shift)
        self._chunk = n
        self._finished = np.empty((k, (self.n + n) // BLOCK - self.n // BLOCK, 2))
        if self.n == 0 and (self.draws is None or self.draws <= n):
            self.pilot = np.empty((k, n))
            self.pilot_valid = np.zeros(k, dtype=np.int64)
        else:  # more than the pilot: quantiles from the windows
            self.pilot = self.pilot_valid = None

    def feed(self, lo: int, values: np.ndarray, discount: np.ndarray | None = None
             ) -> Callable[[], None]:
        """A task that adds this chunk's draws of columns ``lo … lo + k − 1``: ``values``
        (k, n), any strides; with ``discount`` (k,), the running sums of ``values ×
        discount`` along k (each draw's cumulative present values) instead."""
        if values.shape[1] != self._chunk:
            raise ValueError(f"expected {self._chunk} draws, got {values.shape[1]}")
        rows = slice(lo, lo + len(values))
        weights = (np.zeros(0) if discount is None
                   else np.asarray(discount, dtype=np.float64))

        def task() -> None:
            if self.n == 0:
                self._calibrate(rows, values, weights)
            _compiled_window_add()(
                        values, weights, np.int64(self.n), np.int64(lo), self.shift,
                        self.lanes, self._finished, self.nan, self.ext, self.n_win,
                        self.win_lo, self.win_hi, self.win_scale, self.win_fine, self.below,
                        self.upto, self.bins)

        return task

    def end(self) -> None:
        """The chunk's every column has been fed."""
        if self.kept is None:
            _compiled_fold_blocks()(self.sums, self.comps, self._finished)
        else:  # a part: its blocks are folded where it is merged, in draw order
            self.kept.append(self._finished)
        self.n += self._chunk
        self._chunk = 0

    def add(self, values: np.ndarray) -> None:
        """Add the next draws of every column at once: ``values`` (K, n)."""
        if values.shape[0] != len(self.shift):
            raise ValueError(f"expected {len(self.shift)} columns, got {values.shape[0]}")
        if values.shape[1] == 0:
            return
        self.begin(values.shape[1])
        self.feed(0, values)()
        self.end()

    def _calibrate(self, rows: slice, values: np.ndarray, discount: np.ndarray) -> None:
        x = np.asarray(values, dtype=np.float64)
        if len(discount):
            x = np.cumsum(x * discount[:, None], axis=0)
        # The first draw's value shifts the sums (a large mean does not cancel the spread).
        self.shift[rows] = np.where(np.isnan(x[:, 0]), 0.0, x[:, 0])
        ordered = np.sort(x, axis=1)  # NaN last
        valid = np.count_nonzero(~np.isnan(x), axis=1)
        ranked = np.where(self.omit[rows], valid, x.shape[1])
        count, lows, highs, fine = _windows(ordered, valid, ranked, self.probabilities,
                                            self.win_lo.shape[1])
        self.n_win[rows] = count
        self.win_lo[rows] = lows
        self.win_hi[rows] = highs
        with np.errstate(divide="ignore"):
            self.win_scale[rows] = np.where(fine, WINDOW_BINS / np.where(fine, highs - lows,
                                                                         1.0), 0.0)
        self.win_fine[rows] = np.where(fine, np.cumsum(fine, axis=1) - 1, -1)
        if self.pilot is not None and self.pilot_valid is not None:
            self.pilot[rows] = ordered
            self.pilot_valid[rows] = valid

    # -- parts: the same statistics computed elsewhere and merged in draw order ----------

    def part(self, first: int) -> WindowStats:
        """An empty accumulator of draws ``first …`` with this one's calibration (the
        pilot's windows), to be filled elsewhere and merged back with :meth:`merge` in
        draw order; ``first`` at a block boundary after the pilot (as
        :meth:`ColumnStats.part`)."""
        if self.n == 0:
            raise ValueError("a part needs the pilot's calibration: add the pilot first")
        if first % BLOCK or first < self.n:
            raise ValueError(f"a part starts at a block boundary after draw {self.n}, "
                             f"not at {first}")
        k = len(self.shift)
        part = copy.copy(self)  # the calibration arrays are shared, never written
        part.n = part.first = first
        part.lanes = np.zeros((k, 2, 8))
        part.sums, part.comps = np.zeros((k, 2)), np.zeros((k, 2))
        part.nan = np.zeros(k, dtype=np.int64)
        part.ext = np.tile([np.inf, -np.inf], (k, 1))
        part.below = np.zeros_like(self.below)
        part.upto = np.zeros_like(self.upto)
        part.bins = _empty_bins(k, len(self.probabilities))
        part.pilot = part.pilot_valid = None
        part.kept = []
        part.missed = 0
        return part

    def __getstate__(self) -> dict[str, object]:
        # A part not filled yet travels without its (empty) bins.
        state = dict(self.__dict__)
        if self.kept == [] and self.n == self.first:
            del state["bins"]
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        if "bins" not in state:
            self.bins = _empty_bins(len(self.shift), len(self.probabilities))

    def merge(self, part: WindowStats) -> None:
        """Add a :meth:`part` filled with the draws that follow those here."""
        if part.kept is None or part.first != self.n:
            raise ValueError(f"parts merge in draw order: expected one from draw {self.n}, "
                             f"got {'no part' if part.kept is None else part.first}")
        for finished in part.kept:
            _compiled_fold_blocks()(self.sums, self.comps, finished)
        self.lanes = part.lanes.copy()
        self.nan += part.nan
        self.ext[:, 0] = np.minimum(self.ext[:, 0], part.ext[:, 0])
        self.ext[:, 1] = np.maximum(self.ext[:, 1], part.ext[:, 1])
        self.below += part.below
        self.upto += part.upto
        mine, theirs = self.bins, part.bins  # an empty bin's least is inf, greatest -inf
        mine[..., 0] += theirs[..., 0]
        np.minimum(mine[..., 1], theirs[..., 1], out=mine[..., 1])
        np.maximum(mine[..., 2], theirs[..., 2], out=mine[..., 2])
        self.n = part.n
        self.pilot = self.pilot_valid = None

    # -- results ---------------------------------------------------------------------

    def count(self) -> np.ndarray:
        """Draws counted per column (NaN draws of ``omit`` columns left out)."""
        return np.where(self.omit, self.n - self.nan, self.n)

    def moments(self) -> tuple[np.ndarray, np.ndarray]:
        """Mean and sample standard deviation (ddof 1) per column."""
        sums, comps = self.sums.copy(), self.comps.copy()
        for k in range(len(sums)):  # the open block, folded into copies of the totals
            r = self.lanes[k]
            for m in range(2):  # the tree of _fold_lanes
                block = ((r[m, 0] + r[m, 1]) + (r[m, 2] + r[m, 3])) + (
                    (r[m, 4] + r[m, 5]) + (r[m, 6] + r[m, 7]))
                _fold_py(sums[k], comps[k], m, float(block))
        total = sums + comps
        s1, s2 = total[:, 0], total[:, 1]
        return _moments(s1, s2, self.n - self.nan, self.nan, self.omit, self.shift)

    def extremes(self) -> tuple[np.ndarray, np.ndarray]:
        """Least and greatest number per column (NaN for a column of NaN only)."""
        none = self.nan >= self.n
        return (np.where(none, np.nan, self.ext[:, 0]),
                np.where(none, np.nan, self.ext[:, 1]))

    def quantiles(self, probabilities: np.ndarray) -> np.ndarray:
        """Quantiles (K, len(probabilities)) by NumPy's default ('linear') definition;
        the probabilities must be among those the windows were set for."""
        p = np.asarray(probabilities, dtype=float)
        unknown = ~np.isin(p, self.probabilities)
        if np.any(unknown):
            raise ValueError(f"quantiles at {p[unknown].tolist()}: the windows are set for "
                             f"{self.probabilities.tolist()} only")
        out = np.full((len(self.shift), len(p)), np.nan)
        n = self.count()
        for k in range(len(out)):
            if n[k] == 0:
                continue
            h = (n[k] - 1) * p
            lo = np.floor(h).astype(np.int64)
            hi = np.minimum(lo + 1, n[k] - 1)
            x_lo = self._order_statistics(k, lo)
            x_hi = self._order_statistics(k, hi)
            out[k] = x_lo + (h - lo) * (x_hi - x_lo)
        return out

    def _order_statistics(self, k: int, ranks: np.ndarray) -> np.ndarray:
        """The r-th smallest values (0-based ranks) of column k; NaN ranks last."""
        valid = self.n - self.nan[k]
        if self.pilot is not None:
            assert self.pilot_valid is not None
            x = self.pilot[k]
            return np.where(ranks < valid, x[np.minimum(ranks, len(x) - 1)], np.nan)
        out = np.full(len(ranks), np.nan)
        nw = int(self.n_win[k])
        below, upto = self.below[k, :nw], self.upto[k, :nw]
        lows, highs = self.win_lo[k, :nw], self.win_hi[k, :nw]
        least, most = self.ext[k]
        for q, r in enumerate(ranks.tolist()):
            if r >= valid:
                continue
            v = int(np.searchsorted(upto, r, side="right"))  # the first window above r
            if v < nw and below[v] <= r:  # inside window v
                f = self.win_fine[k, v]
                if f < 0:
                    out[q] = lows[v]
                    continue
                bins = self.bins[k, f]
                cum = np.cumsum(bins[:, 0])
                j = int(np.searchsorted(cum, r - below[v], side="right"))
                position = r - below[v] - (cum[j - 1] if j else 0.0)
                c, a, b = bins[j]
                out[q] = a + (b - a) * position / (c - 1) if c > 1 else a
                continue
            # Between windows (rare: see the class): linear in the gap's ranks.
            self.missed += 1
            start = upto[v - 1] if v else 0
            stop = below[v] if v < nw else valid
            a = highs[v - 1] if v else least
            b = lows[v] if v < nw else most
            out[q] = a + (b - a) * (r - start + 0.5) / max(stop - start, 1)
        return out
