"""The per-draw figures of a chunk, derived from the core's raw output — the one definition
of costs (uncertain ones and the optimism bias included), totals, periods, the multiplier
(and what zero costs mean), the break-even year, the payback period and the cost claims,
for the summaries, the results dataset and the sensitivity analysis.

Money conventions: ``benefits`` and ``costs`` per year are nominal [EUR] of that year;
every total, breakdown and multiplier is a present value at the discounting year (the
start year; the base year under the "base-year" time convention) at the scenario's
discount rate (with the default rate 0, as in the report, they are plain sums).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

import numba as nb
import numpy as np

from ..core.compile import CoreArrays, Draws
from ..core.jit import register
from ..core.threads import run_all
from ..model.scenario import CONVENTION_LAG, GROUPS, Scenario

if TYPE_CHECKING:
    import xarray as xr


def never_year(scenario: Scenario) -> int:
    """How 'no break-even within the horizon' is encoded: the first year after it."""
    return scenario.meta.end_year + 1


# The per-draw loops. Draws are the last (innermost) axis: the core writes them so, and
# the reducers read them so. Every sum runs in a fixed order (years, initiatives) whatever
# the layout or the number of draws, so a draw's figures never depend on the chunk it is
# in (NumPy's reductions pick their order by memory layout). Compiled for one signature
# each, with arrays of any strides ("A"), on first use; serial, spread over threads by
# the caller (mcimpact.core.threads).

_F1, _F2, _F3 = nb.float64[:], nb.float64[:, :], nb.float64[:, :, :]
_I1, _I2 = nb.int64[:], nb.int64[:, :]


def _read(dtype: nb.types.Type, ndim: int) -> nb.types.Array:
    """A read-only array of any strides: what a loop reads accepts writeable and
    read-only arrays (a broadcast, a memory map) alike, in one compilation."""
    return nb.types.Array(dtype, ndim, "A", readonly=True)


_R1, _R2, _R3 = (_read(nb.float64, d) for d in (1, 2, 3))
_RI1, _RI2 = _read(nb.int64, 1), _read(nb.int64, 2)


# Each loop takes the draws d0 … d1 − 1 of its arrays (the last axis, contiguous): a
# thread's share of a chunk, read and written in place, without slicing it out.


@nb.njit(cache=True, nogil=True, error_model="numpy")
def _block_sum(x, d, lo, hi, r, out, d0, d1):  # pragma: no cover - compiled
    """out[i] = Σ_{t = lo}^{hi − 1} x[t, i] · d[t], 8 ≤ hi − lo ≤ 128, in the order of
    NumPy's pairwise summation (numpy/_core/src/umath/loops_utils.h.src): eight running
    sums, combined as a tree, then the rest one by one; r (8, draw) is scratch."""
    n = hi - lo
    for j in range(8):
        for i in range(d0, d1):
            r[j, i] = x[lo + j, i] * d[lo + j]
    t = lo + 8
    while t < hi - n % 8:
        for j in range(8):
            for i in range(d0, d1):
                r[j, i] += x[t + j, i] * d[t + j]
        t += 8
    for i in range(d0, d1):
        out[i] = ((r[0, i] + r[1, i]) + (r[2, i] + r[3, i])) + (
            (r[4, i] + r[5, i]) + (r[6, i] + r[7, i]))
    while t < hi:
        for i in range(d0, d1):
            out[i] += x[t, i] * d[t]
        t += 1


@nb.njit(cache=True, nogil=True, error_model="numpy")
def _leaf_sum(x, d, lo, hi, r, out, d0, d1):  # pragma: no cover - compiled
    """One block of NumPy's pairwise sum (hi − lo ≤ 128 terms) of x[t, i] · d[t]."""
    if hi - lo < 8:
        for i in range(d0, d1):
            out[i] = 0.0
        for t in range(lo, hi):
            for i in range(d0, d1):
                out[i] += x[t, i] * d[t]
    else:
        _block_sum(x, d, lo, hi, r, out, d0, d1)


@nb.njit(cache=True, nogil=True, error_model="numpy")
def _sum(x, d, lo, hi, r, out, d0, d1):  # pragma: no cover - compiled
    """out[i] = Σ_{t = lo}^{hi − 1} x[t, i] · d[t] exactly as NumPy's ``(x * d).sum()``
    along t sums a contiguous row: blocks of at most 128 terms (:func:`_block_sum`), a
    longer run halved at a multiple of 8 and its halves added. A draw's totals are then
    the same numbers, bit for bit, whatever the layout of the arrays, and as before they
    were laid out draws last. r (8, draw) is scratch.

    NumPy recurses; this walks the same tree with a stack (numba cannot cache a
    recursive function: a cached one crashed when loaded).
    """
    if hi - lo <= 128:
        _leaf_sum(x, d, lo, hi, r, out, d0, d1)
        return
    depth = 2
    n = hi - lo
    while n > 128:
        n //= 2
        depth += 1
    seg = np.empty((depth, 3), dtype=np.int64)  # lo, hi, step (0 new, 1 left done, 2 both)
    values = np.empty((depth + 1, out.shape[0]))  # partial sums, left before right
    top = 0
    seg[0, 0], seg[0, 1], seg[0, 2] = lo, hi, 0
    sp = 1
    while sp > 0:
        a, b, step = seg[sp - 1, 0], seg[sp - 1, 1], seg[sp - 1, 2]
        half = (b - a) // 2
        half -= half % 8
        if b - a <= 128:
            _leaf_sum(x, d, a, b, r, values[top], d0, d1)
            top += 1
            sp -= 1
        elif step < 2:
            seg[sp - 1, 2] = step + 1
            seg[sp, 0], seg[sp, 1], seg[sp, 2] = ((a, a + half, 0) if step == 0
                                                  else (a + half, b, 0))
            sp += 1
        else:
            for i in range(d0, d1):
                values[top - 2, i] += values[top - 1, i]
            top -= 1
            sp -= 1
    for i in range(d0, d1):
        out[i] = values[0, i]


@nb.njit(cache=True, nogil=True, error_model="numpy")
def _costs(cost_rows, patterns, deviations, out, d0, d1):  # pragma: no cover - compiled
    """out[t, i] = Σ_j cost_rows[j, patterns[j, i], t] (+ Σ_j deviations[j, t, i]):
    nominal costs per year of one financing scenario, initiatives in order."""
    n_init, _, n_years = cost_rows.shape
    for t in range(n_years):
        for i in range(d0, d1):
            out[t, i] = 0.0
    for j in range(n_init):
        for t in range(n_years):
            for i in range(d0, d1):
                out[t, i] += cost_rows[j, patterns[j, i], t]
    if deviations.shape[0]:
        for t in range(n_years):
            for i in range(d0, d1):
                extra = deviations[0, t, i]
                for j in range(1, n_init):
                    extra += deviations[j, t, i]
                out[t, i] += extra


@nb.njit(cache=True, nogil=True, error_model="numpy")
def _running(benefits, costs, discount, years, never, offset, year_out, payback_out, d0,
             d1):  # pragma: no cover - compiled
    """The break-even year and the payback period of each draw (benefits, costs (year,
    draw)): running sums of the discounted flows in year order, the first year in which
    costs have started and cumulative benefits reach cumulative costs; the payback period
    interpolates the crossing linearly within that year (see :func:`payback_years`)."""
    n_years = benefits.shape[0]
    cum_b = np.empty(benefits.shape[1])
    cum_c = np.empty(benefits.shape[1])
    for i in range(d0, d1):
        cum_b[i] = 0.0
        cum_c[i] = 0.0
        year_out[i] = never
        payback_out[i] = np.nan
    for t in range(n_years):
        for i in range(d0, d1):
            if year_out[i] != never:
                continue
            before = cum_b[i] - cum_c[i]
            cum_b[i] += benefits[t, i] * discount[t]
            cum_c[i] += costs[t, i] * discount[t]
            if cum_c[i] > 0 and cum_b[i] >= cum_c[i]:
                now = cum_b[i] - cum_c[i]
                share = -before / (now - before) if before < 0 else 0.0
                year_out[i] = years[t]
                payback_out[i] = max(t + share - offset, 0.0)


@functools.cache
def _compiled_costs() -> nb.core.dispatcher.Dispatcher:
    return nb.njit(nb.void(_R3, _RI2, _R3, _F2, nb.int64, nb.int64), cache=True, nogil=True,
                   error_model="numpy")(_costs.py_func)


@functools.cache
def _compiled_running() -> nb.core.dispatcher.Dispatcher:
    return nb.njit(nb.void(_R2, _R2, _R1, _RI1, nb.int64, nb.float64, _I1, _F1, nb.int64,
                           nb.int64),
                   cache=True, nogil=True, error_model="numpy")(_running.py_func)


def yearly_costs(cost_rows: np.ndarray, patterns: np.ndarray) -> np.ndarray:
    """Nominal costs per (draw, financing, year) [EUR]: the sum over initiatives of each
    draw's pattern row of ``cost_rows`` (financing, initiative, pattern, year)."""
    cost_rows = np.ascontiguousarray(cost_rows, dtype=np.float64)
    patterns = np.asarray(patterns, dtype=np.int64)
    n_fin, n_years = cost_rows.shape[0], cost_rows.shape[3]
    out = np.empty((n_fin, n_years, len(patterns)))
    none = np.zeros((0, n_years, len(patterns)))
    for f in range(n_fin):
        _compiled_costs()(cost_rows[f], patterns[:, f].T, none, out[f], 0, len(patterns))
    return out.transpose(2, 0, 1)


def cost_deviations(core: CoreArrays, draws: Draws) -> np.ndarray | None:
    """How far each draw's uncertain costs lie from their point values, raised by the
    optimism bias, per (draw, initiative, year) [EUR, nominal]; None without uncertain
    costs. The point values are in ``core.cost_rows``: costs = rows + deviations."""
    if draws.costs is None or not len(core.cost_kinds):
        return None
    n_init = core.row_start.shape[1]
    out = np.zeros((len(draws.costs), n_init, core.discount.shape[0]))
    for k, (i, t) in enumerate(core.cost_cells):
        out[:, i, t] += (draws.costs[:, k] - core.cost_points[k]) * core.cost_factors[k]
    return out


def _running_of(benefits: np.ndarray, costs: np.ndarray, discount: np.ndarray,
                years: np.ndarray, never: int, offset: float) -> tuple[np.ndarray, np.ndarray]:
    costs = np.broadcast_to(costs, benefits.shape)
    flat_b = np.asarray(benefits, dtype=np.float64).reshape(-1, benefits.shape[-1])
    flat_c = np.asarray(costs, dtype=np.float64).reshape(flat_b.shape)
    year = np.empty(len(flat_b), dtype=np.int64)
    payback = np.empty(len(flat_b))
    _compiled_running()(flat_b.T, flat_c.T, np.asarray(discount, dtype=np.float64),
                        np.asarray(years, dtype=np.int64), never, float(offset), year, payback,
                        0, len(flat_b))
    return year.reshape(benefits.shape[:-1]), payback.reshape(benefits.shape[:-1])


def break_even_year(
    benefits: np.ndarray, costs: np.ndarray, discount: np.ndarray, years: np.ndarray, never: int
) -> np.ndarray:
    """First year in which cumulative (discounted) benefits reach cumulative costs.

    Years before the first cost are not counted (nothing has been invested yet).
    ``benefits`` is (..., year); ``costs`` is (year,) or broadcasts against ``benefits``.
    Returns int64 years, ``never`` where it does not happen within the horizon.
    """
    return _running_of(benefits, costs, discount, years, never, 0.0)[0]


def payback_years(
    benefits: np.ndarray, costs: np.ndarray, discount: np.ndarray, offset: int = 0
) -> np.ndarray:
    """The payback period [years]: when cumulative (discounted) benefits reach cumulative
    costs, counted from the start of the horizon, with the flows of each year spread
    evenly over it (so the crossing is interpolated linearly within the break-even year:
    year index t plus −N[t−1] / (N[t] − N[t−1]), N the cumulative net benefit), less
    ``offset`` years (1 under the SROI convention, whose Year k is the k-th year after the
    investment of Year 0), at least 0. NaN where there is no break-even within the
    horizon; the same running sums and rule as :func:`break_even_year`."""
    n_years = benefits.shape[-1]
    return _running_of(benefits, costs, discount, np.arange(n_years), n_years,
                       float(offset))[1]


def multiplier(benefits: np.ndarray, costs: np.ndarray) -> np.ndarray:
    """Benefits / costs [EUR per EUR]; without costs there is no multiplier (NaN)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(costs > 0, benefits / np.where(costs > 0, costs, 1.0), np.nan)


@dataclass(frozen=True)
class PerDraw:
    """The per-draw figures of a chunk of draws, named as the results dataset's variables
    (docs/results.md); every array is (draw, financing, ...)."""

    benefits: np.ndarray  # (…, year) nominal
    costs: np.ndarray  # (…, year) nominal
    added_years: np.ndarray  # (…, initiative) int
    benefits_total: np.ndarray
    benefits_claimable: np.ndarray
    costs_total: np.ndarray
    costs_by_initiative: np.ndarray  # (…, initiative)
    net_benefit: np.ndarray
    multiplier: np.ndarray
    break_even_year: np.ndarray  # int64 calendar year, never_year() when not reached
    payback_years: np.ndarray  # years (fractional), NaN when not reached
    benefits_by_period: np.ndarray  # (…, period)
    multiplier_by_initiative: np.ndarray  # (…, initiative)
    cost_claim_by_domain: np.ndarray  # (…, domain)
    benefits_by_initiative: np.ndarray
    benefits_by_activity: np.ndarray
    benefits_by_beneficiary: np.ndarray
    benefits_by_domain: np.ndarray
    # (…, tag member): every tag key's members one after the other, in the order of
    # Scenario.tag_members; like the groups, without the residual values.
    benefits_by_tag: np.ndarray

    def __len__(self) -> int:
        return len(self.benefits)

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    @classmethod
    def from_dataset(cls, ds: xr.Dataset, draws: slice) -> PerDraw:
        """The draws ``draws`` of a results dataset."""
        return cls(**{name: np.asarray(ds[name][draws].values) for name in cls.names()})


@nb.njit(cache=True, nogil=True, error_model="numpy")
def _derive_one(benefits, groups, patterns, cost_rows, cost_pv, deviations, discount, ones,
                years, never, offset, period_starts, residual, residual_total, init0, domain0,
                out_benefits, costs, totals, break_even, by_period, by_initiative,
                costs_by_initiative, multiplier_by_initiative, claims, d0, d1
                ):  # pragma: no cover - compiled
    """The per-draw figures of one financing scenario for draws d0 … d1 − 1, draws last
    (see :func:`derive`): benefits (year, draw) and groups (column, draw) from the core,
    the funding patterns (initiative, draw), the uncertain costs' deviations (initiative,
    year, draw; or none). ``totals`` rows: benefits total, costs total, net benefit,
    multiplier, payback years. ``out_benefits`` is ``benefits`` itself when there are no
    residual values. C-contiguous arrays: the draw loops vectorise.
    """
    n_years = benefits.shape[0]
    n_init = patterns.shape[0]
    if residual_total != 0.0:  # the residual values: benefits of the horizon's last year
        for t in range(n_years):
            for i in range(d0, d1):
                out_benefits[t, i] = benefits[t, i]
        for i in range(d0, d1):
            out_benefits[n_years - 1, i] += residual_total
    # From here on the benefits are read from out_benefits (the core's own array when
    # there are no residual values): one array type for every sum (one compilation).
    _costs(cost_rows, patterns, deviations, costs, d0, d1)
    # Sums in NumPy's order (see _sum): the total as (benefits · discount).sum(axis=-1),
    # a period as np.add.reduceat does it (its first year, plus the sum of the rest).
    r = np.empty((8, benefits.shape[1]))
    zero = np.int64(0)  # not a literal: one compilation of _sum for every call
    _sum(out_benefits, discount, zero, n_years, r, totals[0], d0, d1)
    for p in range(by_period.shape[0]):
        first = period_starts[p]
        _sum(out_benefits, discount, first + 1, period_starts[p + 1], r, by_period[p], d0, d1)
        for i in range(d0, d1):
            by_period[p, i] = out_benefits[first, i] * discount[first] + by_period[p, i]
    _running(out_benefits, costs, discount, years, never, offset, break_even, totals[4], d0,
             d1)
    for j in range(n_init):
        for i in range(d0, d1):
            costs_by_initiative[j, i] = cost_pv[j, patterns[j, i]]
        if deviations.shape[0]:
            for i in range(d0, d1):
                extra = 0.0
                for t in range(n_years):
                    extra += deviations[j, t, i] * discount[t]
                costs_by_initiative[j, i] += extra
    _sum(costs_by_initiative, ones, zero, n_init, r, totals[1], d0, d1)
    for i in range(d0, d1):
        total = totals[1, i]
        totals[2, i] = totals[0, i] - total
        totals[3, i] = totals[0, i] / total if total > 0 else np.nan
    for j in range(n_init):
        for i in range(d0, d1):
            b = groups[init0 + j, i] + residual[j] * discount[n_years - 1]
            by_initiative[j, i] = b
            c = costs_by_initiative[j, i]
            multiplier_by_initiative[j, i] = b / c if c > 0 else np.nan
    # Costs in proportion to where benefits land; a draw without benefits has nothing to
    # allot costs to, so its claims are 0.
    for g in range(claims.shape[0]):
        for i in range(d0, d1):
            claims[g, i] = (groups[domain0 + g, i] / totals[3, i] if totals[0, i] > 0
                            else 0.0)


@functools.cache
def _compiled_derive() -> nb.core.dispatcher.Dispatcher:
    c1, c2, c3 = (nb.types.Array(nb.float64, d, "C", readonly=True) for d in (1, 2, 3))
    i1, i2 = (nb.types.Array(nb.int64, d, "C", readonly=True) for d in (1, 2))
    w2 = nb.float64[:, ::1]
    sig = nb.void(c2, c2, i2, c3, c2, c3, c1, c1, i1, nb.int64, nb.float64, i1, c1,
                  nb.float64, nb.int64, nb.int64, w2, w2, w2, nb.int64[::1], w2, w2, w2, w2,
                  w2, nb.int64, nb.int64)
    return nb.njit(sig, cache=True, nogil=True, error_model="numpy")(_derive_one.py_func)


register(__name__, "_compiled_derive")  # compiled ahead of a run (mcimpact.core.jit)
register(__name__, "_compiled_costs", run=False)
register(__name__, "_compiled_running", run=False)

#: Draws per task of :func:`derive` on a thread.
_TASK = 8192


def _draws_last(a: np.ndarray) -> np.ndarray:
    """A (draw, …) array as a C-contiguous (…, draw) one: the array behind a view of
    :func:`~mcimpact.core.compile.allocate` (its draw axis may be longer: draws past the
    chunk's are not read), else a copy."""
    t = np.moveaxis(a, 0, -1)
    base = a.base
    if (isinstance(base, np.ndarray) and base.flags.c_contiguous and base.ndim == t.ndim
            and base.shape[:-1] == t.shape[:-1] and base.shape[-1] >= t.shape[-1]
            and base.strides == t.strides
            and base.__array_interface__["data"][0] == t.__array_interface__["data"][0]):
        return base
    return np.ascontiguousarray(t)


def derive(scenario: Scenario, core: CoreArrays, draws: Draws) -> PerDraw:
    """The per-draw figures of the core's raw output for one chunk.

    Each figure is computed once, per financing scenario and draw, into arrays that keep
    the draws last (as the core writes them); the :class:`PerDraw` fields are (draw,
    financing, …) views of them. Financing scenarios and blocks of draws run on the
    core's threads; every sum runs in a fixed order, so nothing depends on the chunk.
    """
    meta = scenario.meta
    n = len(draws.benefits)
    n_fin, n_init = core.row_start.shape
    n_years = meta.horizon
    s = core.group_slices
    # The core's arrays with the draws last, C-contiguous (its own buffers, not copied).
    benefits = _draws_last(draws.benefits)
    groups = _draws_last(draws.groups)
    patterns = _draws_last(np.asarray(draws.patterns, dtype=np.int64))
    extra = cost_deviations(core, draws)  # (draw, initiative, year) or None
    deviations = (np.zeros((0, n_years, n)) if extra is None
                  else np.ascontiguousarray(extra.transpose(1, 2, 0)))
    residual = np.asarray(core.residual_values, dtype=np.float64)
    residual_total = float(residual.sum())
    starts = np.flatnonzero(np.diff(meta.period_index, prepend=-1))
    period_starts = np.append(starts, n_years).astype(np.int64)
    cost_rows = np.ascontiguousarray(core.cost_rows, dtype=np.float64)
    cost_pv = cost_rows @ core.discount
    discount = np.ascontiguousarray(core.discount, dtype=np.float64)
    ones = np.ones(n_init)  # the weights of the sum over initiatives
    offset = float(CONVENTION_LAG[meta.time_convention])
    never = never_year(scenario)
    years = meta.years.astype(np.int64)
    n_domain = s["domain"].stop - s["domain"].start

    def empty(*shape: int) -> np.ndarray:
        return np.empty((n_fin, *shape, n))

    out_benefits = empty(n_years) if residual_total != 0.0 else benefits
    costs = empty(n_years)
    totals = empty(5)
    break_even = np.empty((n_fin, n), dtype=np.int64)
    by_period = empty(len(starts))
    by_initiative = empty(n_init) if np.any(residual) else None
    costs_by_initiative = empty(n_init)
    multiplier_by_initiative = empty(n_init)
    claims = empty(n_domain)
    scratch = np.empty((n_init, n))  # by initiative, when it equals the core's groups
    kernel = _compiled_derive()

    def task(f: int, d0: int, d1: int) -> Callable[[], None]:
        return lambda: kernel(
            benefits[f], groups[f], patterns[f], cost_rows[f], cost_pv[f], deviations,
            discount, ones, years, never, offset, period_starts, residual, residual_total,
            s["initiative"].start, s["domain"].start, out_benefits[f], costs[f], totals[f],
            break_even[f], by_period[f], scratch if by_initiative is None else by_initiative[f],
            costs_by_initiative[f], multiplier_by_initiative[f], claims[f], d0, d1)

    run_all([task(f, d0, min(d0 + _TASK, n)) for f in range(n_fin)
             for d0 in range(0, n, _TASK)])

    def draw_first(a: np.ndarray) -> np.ndarray:  # the chunk's draws, first
        return np.moveaxis(a[..., :n], -1, 0)

    return PerDraw(
        benefits=draw_first(out_benefits), costs=draw_first(costs),
        added_years=draws.patterns,
        benefits_total=draw_first(totals[:, 0]),
        benefits_claimable=draw_first(groups[:, s["claimable"].start]),
        costs_total=draw_first(totals[:, 1]),
        costs_by_initiative=draw_first(costs_by_initiative),
        net_benefit=draw_first(totals[:, 2]), multiplier=draw_first(totals[:, 3]),
        break_even_year=draw_first(break_even), benefits_by_period=draw_first(by_period),
        payback_years=draw_first(totals[:, 4]),
        multiplier_by_initiative=draw_first(multiplier_by_initiative),
        cost_claim_by_domain=draw_first(claims),
        benefits_by_initiative=draw_first(groups[:, s["initiative"]] if by_initiative is None
                                          else by_initiative),
        **{f"benefits_by_{g}": draw_first(groups[:, s[g]]) for g in GROUPS[1:]},
        # The tags' columns lie between the last group's and the claimable column.
        benefits_by_tag=draw_first(groups[:, s[GROUPS[-1]].stop: s["claimable"].start]),
    )
