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

import numba as nb
import numpy as np

#: Draws per block of the moment sums (fixed by draw index).
BLOCK = 4096
#: Draws of the pilot whose range fixes each column's bins; a run of at most this many
#: draws has exact quantiles.
PILOT = 1 << 15
#: Bins of a column's histogram, of equal probability under the pilot's distribution.
BINS = 1 << 13
#: Steps of the grid on which the pilot's empirical CDF maps a value to its bin.
GRID = 1 << 13

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
        _accumulate(values, np.int64(self.n), self.shift, self.block, finished, self.nan,
                    self.lo, self.hi, self.cdf, self.cell, self.counts, self.low, self.high)
        if self.kept is None:
            _fold_blocks(self.sums, self.comps, finished)
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
            _fold_blocks(self.sums, self.comps, finished)
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
        _pilot(pilot, self.lo, self.hi, self.cell, self.cdf)
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
        n = self.n - self.nan
        with np.errstate(invalid="ignore", divide="ignore"):
            mean_d = s1 / n
            var = np.maximum(s2 - s1 * mean_d, 0.0) / (n - 1)
            mean = self.shift + mean_d
            sd = np.where(n > 1, np.sqrt(var), 0.0)
        undefined = (self.nan > 0) & ~self.omit | (n == 0)
        return np.where(undefined, np.nan, mean), np.where(undefined, np.nan, sd)

    def _totals(self) -> tuple[np.ndarray, np.ndarray]:
        # The open block folded into copies of the totals (the state is not changed, so
        # more draws may follow).
        sums, comps = self.sums.copy(), self.comps.copy()
        for k in range(len(sums)):
            for m in range(2):
                _fold(sums[k], comps[k], m, float(self.block[k, m]))
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


def inverted_cdf_ranks(n: int, probabilities: np.ndarray) -> np.ndarray:
    """The 0-based order statistics of n values that ``numpy.quantile(...,
    method="inverted_cdf")`` takes, by numpy's own formula (the index n·p − 1, rounded up
    unless it is whole; at least 0), without the n values: memory does not grow with n."""
    index = n * np.asarray(probabilities, dtype=float) - 1
    previous = np.floor(index)
    ranks = np.where(index - previous == 0, previous, previous + 1).astype(np.int64)
    return np.clip(ranks, 0, n - 1)


def put_columns(columns: np.ndarray, first: int, values: np.ndarray,
                discount: np.ndarray | None = None) -> None:
    """Write ``values`` (draw, k) as rows ``first … first + k − 1`` of ``columns`` (column,
    draw) — or, given ``discount`` (k,), the running sums of ``values × discount`` along
    k (as :func:`numpy.cumsum` adds them)."""
    if values.dtype != np.float64:
        values = values.astype(np.float64)
    if discount is None:
        _put(columns, first, values)
    else:
        _put_cumulative(columns, first, values, np.asarray(discount, dtype=np.float64))


#: Draws per tile of :func:`put_columns` (its reads and writes stay in the cache).
_TILE = 64


@nb.njit(cache=True, nogil=True, parallel=True, error_model="numpy")
def _put(columns, first, values):  # pragma: no cover - compiled
    n, k = values.shape
    for tile in nb.prange((n + _TILE - 1) // _TILE):
        start = tile * _TILE
        stop = min(start + _TILE, n)
        for j in range(k):
            for i in range(start, stop):
                columns[first + j, i] = values[i, j]


@nb.njit(cache=True, nogil=True, parallel=True, error_model="numpy")
def _put_cumulative(columns, first, values, discount):  # pragma: no cover - compiled
    n, k = values.shape
    for tile in nb.prange((n + _TILE - 1) // _TILE):
        start = tile * _TILE
        stop = min(start + _TILE, n)
        for i in range(start, stop):
            columns[first, i] = values[i, 0] * discount[0]
        for j in range(1, k):
            for i in range(start, stop):
                columns[first + j, i] = columns[first + j - 1, i] + values[i, j] * discount[j]


def mcse(sd: np.ndarray, n: np.ndarray | int) -> np.ndarray:
    """Monte Carlo standard error of a mean [the quantity's unit]."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(sd) / np.sqrt(n)


