"""The numba core: plain arrays in, plain arrays out.

Random numbers come from a counter-based generator: the uniform for (stream key, draw) is
the SplitMix64 output at position ``draw + 1`` of the stream, ``mix64(key + (draw + 1)·γ)``.
A stream key is derived from (seed, chain id, input slot) outside the kernel, so every
number depends only on (seed, draw index, chain, input): thread count, block and chunk
boundaries do not change results, and adding a chain leaves the others' draws untouched.
All hash arithmetic stays in uint64 (numba turns uint64 ⊕ int64 into float64).

:func:`simulate` takes two bundles of arrays, :class:`KernelIn` and :class:`KernelOut`,
and has one explicit signature (:data:`SIGNATURE`); its body is a sequence of small loops
over a block of draws, each inlined. :func:`mcimpact.core.compile.sample` builds and
checks the bundles and calls :func:`compiled`.

:mod:`mcimpact.testing.twin` is the slow NumPy twin the tests compare these kernels with.
"""

from __future__ import annotations

import functools
import math
from typing import Annotated, NamedTuple, get_type_hints

import numba as nb
import numpy as np
from numba.extending import intrinsic

from ..model.distributions import (
    DISCRETE,
    DISCRETE_LATTICE,
    FIXED,
    GUIDE_FACTOR,
    LOGNORM,
    TABLE,
    TABLE_BINS,
    TABLE_OCTAVES,
    TRIANGULAR,
    TRUNCNORM,
    UNIFORM,
)

GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31, _S11 = np.uint64(30), np.uint64(27), np.uint64(31), np.uint64(11)
_ONE = np.uint64(1)
_TWO_M53 = 2.0**-53
#: The largest uniform: 1 − 2⁻⁵³ (the core never returns 1, where inverse CDFs diverge).
_BELOW_ONE = 1.0 - 2.0**-53

# Slots of a chain's inputs (mcimpact.model.scenario.INPUT_NAMES): the four factors, the
# duration, the three SROI adjustments that multiply by 1 − share, and the drop-off.
(PARTICIPANTS, SUCCESS, EFFECT, VALUE, DURATION, DEADWEIGHT, ATTRIBUTION, DISPLACEMENT,
 DROP_OFF) = range(9)
N_SLOTS = 9
BLOCK = 512  # draws per block: the block's accumulators stay in cache

# Small helpers called per element are inlined by numba ("always": typed within the
# caller, no compilation of their own); the rest are compiled once each and LLVM inlines
# them where it pays. Inlining everything into the kernel made its compilation take
# ~15 s of the ~40 s a first run spent compiling (docs/performance.md, "Compile time").
_inline = nb.njit(cache=True, nogil=True, error_model="numpy", inline="always")
_jit = nb.njit(cache=True, nogil=True, error_model="numpy")


@_inline
def mix64(z: np.uint64) -> np.uint64:
    """SplitMix64's finaliser (Stafford's variant 13)."""
    z = (z ^ (z >> _S30)) * _M1
    z = (z ^ (z >> _S27)) * _M2
    return z ^ (z >> _S31)


@_inline
def uniform(key: np.uint64, draw: int) -> float:
    """The uniform in (0, 1) of stream ``key`` at ``draw``: (m + ½)·2⁻⁵³ for the top 53
    bits m of the hash, rounded to a double (above ½ the half is rounded away) and kept
    below 1 (m = 2⁵³ − 1 would round to 1 exactly): in [2⁻⁵⁴, 1 − 2⁻⁵³]."""
    x = key + (np.uint64(draw) + _ONE) * GOLDEN
    # The top 53 bits fit an int64, whose conversion to float is one instruction.
    return min((np.float64(np.int64(mix64(x) >> _S11)) + 0.5) * _TWO_M53, _BELOW_ONE)


# Acklam's rational approximation of the standard normal quantile, refined by one Halley
# step to full double precision.
_A = (-3.969683028665376e01, 2.209460984245205e02, -2.759285104469687e02,
      1.383577518672690e02, -3.066479806614716e01, 2.506628277459239e00)
_B = (-5.447609879822406e01, 1.615858368580409e02, -1.556989798598866e02,
      6.680131188771972e01, -1.328068155288572e01)
_C = (-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e00,
      -2.549732539343734e00, 4.374664141464968e00, 2.938163982698783e00)
_D = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e00,
      3.754408661907416e00)
_SQRT2PI = math.sqrt(2.0 * math.pi)


@_jit
def norm_cdf(x: float) -> float:
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


@_jit
def _ndtri_lower(u: float) -> float:
    # For u <= 0.5; the upper half uses the symmetry, where 1 − u is exact for our u.
    if u < 0.02425:
        q = math.sqrt(-2.0 * math.log(u))
        x = (((((_C[0] * q + _C[1]) * q + _C[2]) * q + _C[3]) * q + _C[4]) * q + _C[5]) / (
            (((_D[0] * q + _D[1]) * q + _D[2]) * q + _D[3]) * q + 1.0)
    else:
        q = u - 0.5
        r = q * q
        x = (((((_A[0] * r + _A[1]) * r + _A[2]) * r + _A[3]) * r + _A[4]) * r + _A[5]) * q / (
            ((((_B[0] * r + _B[1]) * r + _B[2]) * r + _B[3]) * r + _B[4]) * r + 1.0)
    e = norm_cdf(x) - u
    d = e * _SQRT2PI * math.exp(0.5 * x * x)
    return x - d / (1.0 + 0.5 * x * d)


@_jit
def ndtri(u: float) -> float:
    """Standard normal quantile Φ⁻¹(u) for u in (0, 1)."""
    if u > 0.5:
        return -_ndtri_lower(1.0 - u)
    return _ndtri_lower(u)


@intrinsic
def _float_bits(typingctx, x):
    """The IEEE-754 bits of a float64 as an int64 (a bit cast, no conversion)."""
    sig = nb.types.int64(nb.types.float64)

    def codegen(context, builder, signature, args):
        return builder.bitcast(args[0], context.get_value_type(nb.types.int64))

    return sig, codegen


_MANTISSA = np.int64((1 << 52) - 1)
_BIN_SCALE = TABLE_BINS / 2.0**52
_DEEP_SCALE = TABLE_BINS * 2.0 ** (TABLE_OCTAVES + 1)
_DEEP_ROW = TABLE_OCTAVES + 1
_ROWS, _COLS = TABLE_OCTAVES + 2, TABLE_BINS + 1  # a table's rows and bins per half


@_inline
def flat_table_quantile(flat: np.ndarray, base: int, u: float) -> float:
    """Interpolate the quantile table that starts at ``flat[base]`` at u: ``flat`` is the
    tables (table, half, row, bin) of :func:`~mcimpact.model.distributions.table_grid`,
    one after the other (a flat view), each (2, TABLE_OCTAVES + 2, TABLE_BINS + 1).

    With v = min(u, 1 − u) = (1 + frac) · 2^e, the row is r = −e − 1 and the position in
    it frac · TABLE_BINS, read from the float's bits; below the last octave the plain
    deep row takes over. No branches: which half, and which octave, are coin flips. The
    index is unsigned and one-dimensional: numba then checks no negative index and
    multiplies no strides, 3.5 against 5.8 ns a look-up (measured, same numbers).
    """
    h = np.int64(u > 0.5)
    v = min(u, 1.0 - u)  # 1 − u is exact for our u, multiples of 2⁻⁵³
    bits: int = _float_bits(v)  # type: ignore[call-arg]
    r = 1022 - (bits >> 52)
    deep = r >= _DEEP_ROW
    x = v * _DEEP_SCALE if deep else (bits & _MANTISSA) * _BIN_SCALE
    r = min(r, _DEEP_ROW)
    j = min(np.int64(x), TABLE_BINS - 1)
    k = np.uint64(base + (h * _ROWS + r) * _COLS + j)
    q0 = flat[k]
    return q0 + (x - j) * (flat[k + _ONE] - q0)


@_inline
def table_quantile(tab: np.ndarray, u: float) -> float:
    """Interpolate a quantile table (half, row, bin) of
    :func:`~mcimpact.model.distributions.table_grid` at u (:func:`flat_table_quantile`)."""
    return flat_table_quantile(tab.reshape(tab.size), 0, u)


@_inline
def discrete_quantile(cdf: np.ndarray, guide: np.ndarray, start: np.int64, stop: np.int64,
                      u: float) -> float:
    """The smallest k with u <= F(k), counted from the table's start.

    ``guide`` has GUIDE_FACTOR entries per CDF entry, each the first k of its bin of u, so
    the walk from there rarely takes a step; the table's last F is 1, which stops it.
    """
    n_guide = (stop - start) * GUIDE_FACTOR
    # u · L rounds to L for the largest u, 1 − 2⁻⁵⁴: the bin is then the last one.
    j = min(np.int64(u * n_guide), n_guide - 1)
    # Unsigned indices: no negative-index checks (2.2 against 3.0 ns a look-up).
    k = np.uint64(start + guide[np.uint64(start * GUIDE_FACTOR + j)])
    while cdf[k] < u:
        k += _ONE
    return float(np.int64(k) - start)


@_jit
def lattice_quantile(cdf: np.ndarray, points: np.ndarray, guide: np.ndarray,
                     start: np.int64, stop: np.int64, u: float) -> float:
    """F⁻¹(u) of a lattice table (``DISCRETE_LATTICE``): in the cell with
    F(k_{j-1}) < u ≤ F(k_j), the smallest integer k whose linearly interpolated F is ≥ u;
    k_0 for u ≤ F(k_0). As :func:`mcimpact.model.distributions.lattice_quantile`.

    The guide table brackets j between the first entries of u's bin and of the next one;
    a bisection finds it there (cells are uneven in mass, so a walk could be long), and
    the two checks around it keep it exact if u · L rounds into a neighbouring bin.
    """
    n_guide = (stop - start) * GUIDE_FACTOR
    g = min(np.int64(u * n_guide), n_guide - 1)  # as in discrete_quantile
    lo = start + guide[start * GUIDE_FACTOR + g]
    hi = stop - 1 if g + 1 >= n_guide else start + guide[start * GUIDE_FACTOR + g + 1]
    while cdf[hi] < u:  # the last F is 1, which stops it
        hi += 1
    while lo < hi:
        mid = (lo + hi) >> 1
        if cdf[mid] < u:
            lo = mid + 1
        else:
            hi = mid
    while lo > start and cdf[lo - 1] >= u:
        lo -= 1
    if lo == start:
        return points[lo]
    f0 = cdf[lo - 1]
    k0 = points[lo - 1]
    width = points[lo] - k0
    step = math.ceil(width * (u - f0) / (cdf[lo] - f0))
    return k0 + min(max(step, 1.0), width)


@_jit
def fill_uniforms(key: np.uint64, first: int, m: int, factor: int,
                  loading: float, factors: np.ndarray, u: np.ndarray) -> None:
    """Uniforms of one input for draws first .. first + m − 1; through the one-factor
    Gaussian copula (z = loading · F + √(1 − loading²) · ε) when the input has a factor."""
    # uniform(key, first + i), with the counter's multiply turned into an add.
    x = key + (np.uint64(first) + _ONE) * GOLDEN
    for i in range(m):
        u[i] = min((np.float64(np.int64(mix64(x) >> _S11)) + 0.5) * _TWO_M53, _BELOW_ONE)
        x += GOLDEN
    if factor >= 0:
        rest = math.sqrt(1.0 - loading * loading)
        for i in range(m):
            u[i] = norm_cdf(loading * factors[factor, i] + rest * ndtri(u[i]))


@_jit
def fill_quantiles(kind: int, p0: float, p1: float, p2: float, p3: float,
                   u: np.ndarray, m: int, tables: np.ndarray,
                   cdf: np.ndarray, cdf_points: np.ndarray, guide: np.ndarray,
                   cdf_offsets: np.ndarray, out: np.ndarray) -> None:
    """out[i] = F⁻¹(u[i]) of one input with parameters p0..p3 (see distributions.py);
    one loop per kind."""
    if kind == UNIFORM:
        for i in range(m):
            out[i] = p0 + u[i] * (p1 - p0)
    elif kind == TRIANGULAR:
        for i in range(m):
            if u[i] * (p2 - p0) < p1 - p0:
                out[i] = p0 + math.sqrt(u[i] * (p2 - p0) * (p1 - p0))
            else:
                out[i] = p2 - math.sqrt((1.0 - u[i]) * (p2 - p0) * (p2 - p1))
    elif kind == TABLE:
        flat = tables.reshape(tables.size)
        base = int(p2) * (2 * _ROWS * _COLS)
        for i in range(m):
            out[i] = p0 + (p1 - p0) * flat_table_quantile(flat, base, u[i])
    elif kind == TRUNCNORM:
        for i in range(m):
            out[i] = p0 + p1 * ndtri(p2 + u[i] * (p3 - p2))
    elif kind == LOGNORM:
        for i in range(m):
            out[i] = math.exp(p0 + p1 * ndtri(u[i]))
    elif kind == DISCRETE:
        k = np.int64(p0)
        start, stop = cdf_offsets[k], cdf_offsets[k + 1]
        for i in range(m):
            out[i] = p1 + discrete_quantile(cdf, guide, start, stop, u[i])
    elif kind == DISCRETE_LATTICE:
        k = np.int64(p0)
        start, stop = cdf_offsets[k], cdf_offsets[k + 1]
        for i in range(m):
            out[i] = lattice_quantile(cdf, cdf_points, guide, start, stop, u[i])
    else:
        for i in range(m):
            out[i] = p0 if kind == FIXED else math.nan


# --------------------------------------------------------------------------------------
# The kernel's arguments: two bundles of plain arrays, each field declared once with its
# dtype and axes. The declarations give the kernel its numba signature and
# :func:`mcimpact.core.compile.check_kernel_args` its checks; axes with the same name
# must have the same length.


class Spec(NamedTuple):
    """The dtype and the named axes of one array of a bundle."""

    dtype: type
    axes: tuple[str, ...]


# Axes whose length the kernel fixes.
SIZES = {"slot": N_SLOTS, "param": 4, "half": 2, "octave": TABLE_OCTAVES + 2,
         "bin": TABLE_BINS + 1}

_U64, _I64, _I32, _F64 = np.uint64, np.int64, np.int32, np.float64


class KernelIn(NamedTuple):
    """What :func:`simulate` reads: a scenario compiled by
    :func:`~mcimpact.core.compile.core_arrays` (fields of the same name) and the stream
    keys of a run (``*_keys``), in the order of :class:`~mcimpact.core.compile.CoreArrays`
    and :class:`~mcimpact.core.compile.Keys`. All C-contiguous, read-only in the kernel.

    Attributes
    ----------
    kinds, params : int64 (chain, slot), float64 (chain, slot, 4)
        Compiled distributions (:mod:`mcimpact.model.distributions`).
    tables : float64 (table, half, octave + 1, bin + 1)
        Quantile tables of the ``TABLE`` kind, indexed by its ``params[..., 2]``.
    cdf, cdf_points : float64 (cdf,), float64 (cdf,)
        Concatenated CDFs of the ``DISCRETE`` and ``DISCRETE_LATTICE`` kinds (indexed by
        their ``params[..., 0]``) and the whole number k each entry is F of.
    guide, cdf_offsets : int32 (guide,), int64 (n_cdf + 1,)
        The CDFs' guide tables (``GUIDE_FACTOR`` entries per CDF entry) and offsets.
    factor_of : int64 (chain, slot)
        Index of the input's copula factor, -1 for none.
    loading : float64 (chain, slot)
        The input's loading on its factor [1].
    chain_initiative : int64 (chain,)
        The chain's initiative.
    row_start : int64 (financing, initiative)
        First profile row of the pair; the row of a trajectory is row_start + its
        funding pattern.
    fixed_pattern : int64 (financing, initiative)
        The pattern when it is certain, else -1.
    pattern_cdf : float64 (financing, initiative, pattern)
        P(pattern ≤ k), 1.0-padded.
    profiles : float64 (chain, row, duration, year)
        Σ_c m_c (1 − Δ_c) w[t − c] [1], multiplied by the full product of the inputs.
    uplift_profiles : float64 (chain, row, duration, year)
        Σ_c m_c Δ_c w[t − c] [1], multiplied by the product without the slagingskans.
    pv_profiles, pv_uplift : float64 (chain, row, duration)
        The same, discounted and summed over the years.
    has_uplift : bool (chain, financing)
        Whether uplift_profiles are in use.
    group_columns : int64 (chain, group kind)
        Columns of :attr:`KernelOut.groups` each chain adds to, -1 for none.
    dropoff_chain : int64 (chain,)
        For a chain whose drop-off is sampled, its row in the arrays below; else -1 (its
        fixed drop-off is in its profiles).
    dropoff_lag : int64 (dropoff,)
        The chain's lag [years].
    shape_weights : float64 (dropoff, duration, year)
        Its profile weights w[k] without drop-off, k years after a cohort year [1].
    term_offsets : int64 (dropoff · row + 1,)
        The cohort terms of (dropoff chain d, profile row r) are
        ``term_offsets[d · rows + r] .. term_offsets[d · rows + r + 1] − 1``.
    term_cohort, term_extra : int64 (term,)
        A term's cohort year (index into the years) and extra duration [years].
    term_reach, term_uplift : float64 (term,)
        A term's weight on the full product and on the product without the slagingskans
        (the continuity uplift) [1].
    chain_follows : bool (chain,)
        Whether financing scenarios add cohorts to the chain.
    cohort_weights : float64 (chain, duration, year)
        One cohort's profile, k years after its cohort year [1].
    pv_added : float64 (chain, row, duration)
        The present value of the added cohorts' part of ``profiles`` (the row less its
        base cohorts) [1].
    row_cohort_offsets : int64 (initiative · row + 1,)
        The added cohorts of initiative j's row r are ``row_cohort_offsets[q] ..
        row_cohort_offsets[q + 1] − 1``, q = j · rows + r, in the order of the added years
        (rows are numbered per initiative, as the chains' profile rows).
    row_cohort_year, row_cohort_extra : int64 (row cohort,)
        Their year index and extra duration [years].
    row_cohort_reach, row_cohort_uplift : float64 (row cohort,)
        Their weight on the full product and on the product without the slagingskans [1].
    discount : float64 (year,)
        Present-value factors [1].
    input_keys : uint64 (chain, slot)
        Stream keys of the inputs.
    factor_keys : uint64 (factor,)
        Stream keys of the copula factors.
    renewal_keys : uint64 (financing, initiative)
        Stream keys of the renewal uniforms.
    """

    kinds: Annotated[np.ndarray, Spec(_I64, ("chain", "slot"))]
    params: Annotated[np.ndarray, Spec(_F64, ("chain", "slot", "param"))]
    tables: Annotated[np.ndarray, Spec(_F64, ("table", "half", "octave", "bin"))]
    cdf: Annotated[np.ndarray, Spec(_F64, ("cdf",))]
    cdf_points: Annotated[np.ndarray, Spec(_F64, ("cdf",))]
    guide: Annotated[np.ndarray, Spec(_I32, ("guide",))]
    cdf_offsets: Annotated[np.ndarray, Spec(_I64, ("cdf_offset",))]
    factor_of: Annotated[np.ndarray, Spec(_I64, ("chain", "slot"))]
    loading: Annotated[np.ndarray, Spec(_F64, ("chain", "slot"))]
    chain_initiative: Annotated[np.ndarray, Spec(_I64, ("chain",))]
    row_start: Annotated[np.ndarray, Spec(_I64, ("financing", "initiative"))]
    fixed_pattern: Annotated[np.ndarray, Spec(_I64, ("financing", "initiative"))]
    pattern_cdf: Annotated[np.ndarray, Spec(_F64, ("financing", "initiative", "pattern"))]
    profiles: Annotated[np.ndarray, Spec(_F64, ("chain", "row", "duration", "year"))]
    uplift_profiles: Annotated[np.ndarray, Spec(_F64, ("chain", "row", "duration", "year"))]
    pv_profiles: Annotated[np.ndarray, Spec(_F64, ("chain", "row", "duration"))]
    pv_uplift: Annotated[np.ndarray, Spec(_F64, ("chain", "row", "duration"))]
    has_uplift: Annotated[np.ndarray, Spec(np.bool_, ("chain", "financing"))]
    group_columns: Annotated[np.ndarray, Spec(_I64, ("chain", "group_kind"))]
    dropoff_chain: Annotated[np.ndarray, Spec(_I64, ("chain",))]
    dropoff_lag: Annotated[np.ndarray, Spec(_I64, ("dropoff",))]
    shape_weights: Annotated[np.ndarray, Spec(_F64, ("dropoff", "duration", "year"))]
    term_offsets: Annotated[np.ndarray, Spec(_I64, ("term_offset",))]
    term_cohort: Annotated[np.ndarray, Spec(_I64, ("term",))]
    term_extra: Annotated[np.ndarray, Spec(_I64, ("term",))]
    term_reach: Annotated[np.ndarray, Spec(_F64, ("term",))]
    term_uplift: Annotated[np.ndarray, Spec(_F64, ("term",))]
    chain_follows: Annotated[np.ndarray, Spec(np.bool_, ("chain",))]
    cohort_weights: Annotated[np.ndarray, Spec(_F64, ("chain", "duration", "year"))]
    pv_added: Annotated[np.ndarray, Spec(_F64, ("chain", "row", "duration"))]
    row_cohort_offsets: Annotated[np.ndarray, Spec(_I64, ("row_offset",))]
    row_cohort_year: Annotated[np.ndarray, Spec(_I64, ("row_cohort",))]
    row_cohort_extra: Annotated[np.ndarray, Spec(_I64, ("row_cohort",))]
    row_cohort_reach: Annotated[np.ndarray, Spec(_F64, ("row_cohort",))]
    row_cohort_uplift: Annotated[np.ndarray, Spec(_F64, ("row_cohort",))]
    discount: Annotated[np.ndarray, Spec(_F64, ("year",))]
    input_keys: Annotated[np.ndarray, Spec(_U64, ("chain", "slot"))]
    factor_keys: Annotated[np.ndarray, Spec(_U64, ("factor",))]
    renewal_keys: Annotated[np.ndarray, Spec(_U64, ("financing", "initiative"))]


class KernelOut(NamedTuple):
    """What :func:`simulate` writes: the draw axis last, so that a block of draws is
    written (and later read, by the run's per-draw figures and reducers) contiguously.
    All C-contiguous; a call writes the columns ``offset .. offset + n − 1``.

    Attributes
    ----------
    benefits : float64 (financing, year, draw)
        Nominal benefits per year [EUR].
    groups : float64 (financing, column, draw)
        Present value per group column [EUR].
    patterns : int64 (financing, initiative, draw)
        Funding pattern: the number of added years funded.
    inputs : float64 (kept, chain, slot): a row per draw, or none
        The sampled inputs; without rows, none are kept.
    """

    benefits: Annotated[np.ndarray, Spec(_F64, ("financing", "year", "draw"))]
    groups: Annotated[np.ndarray, Spec(_F64, ("financing", "column", "draw"))]
    patterns: Annotated[np.ndarray, Spec(_I64, ("financing", "initiative", "draw"))]
    inputs: Annotated[np.ndarray, Spec(_F64, ("kept", "chain", "slot"))]


def specs(bundle: type) -> dict[str, Spec]:
    """Field name → :class:`Spec` of a bundle class, in field order."""
    hints = get_type_hints(bundle, include_extras=True)
    return {name: hints[name].__metadata__[0] for name in bundle._fields}  # type: ignore[attr-defined]


def _numba_type(bundle: type, readonly: bool) -> nb.types.NamedTuple:
    return nb.types.NamedTuple(
        [nb.types.Array(nb.from_dtype(np.dtype(s.dtype)), len(s.axes), "C", readonly=readonly)
         for s in specs(bundle).values()], bundle)


IN_SPECS, OUT_SPECS = specs(KernelIn), specs(KernelOut)
IN_TYPE = _numba_type(KernelIn, readonly=True)
OUT_TYPE = _numba_type(KernelOut, readonly=False)
SIGNATURE = nb.void(nb.int64, nb.int64, nb.int64, IN_TYPE, OUT_TYPE)


# --------------------------------------------------------------------------------------
# The loops of a block of draws. ``m`` draws of the block are in use; arrays with a
# BLOCK axis keep it last. They take whole arrays and indices rather than slices: a
# slice is a new array (reference counted) on every call, and with a call per chain and
# input per block that cost ~0.25 µs a draw at 256 draws a block.


@_jit
def draw_factors(keys: np.ndarray, start: int, m: int, factors: np.ndarray) -> None:
    """factors[f, i] = Φ⁻¹(u) of copula factor f at draw start + i: the common normal
    scores, (factor, BLOCK)."""
    for f in range(keys.shape[0]):
        for i in range(m):
            factors[f, i] = ndtri(uniform(keys[f], start + i))


@_jit
def draw_patterns(fixed: np.ndarray, cdf: np.ndarray, keys: np.ndarray, start: int,
                  m: int, pattern: np.ndarray) -> None:
    """pattern[f, j, i]: the funding pattern of (financing f, initiative j) at draw
    start + i, (financing, initiative, BLOCK): the certain one, or the first k with
    u < P(pattern ≤ k)."""
    n_patterns = cdf.shape[2]
    for f in range(fixed.shape[0]):
        for j in range(fixed.shape[1]):
            k = fixed[f, j]
            if k >= 0:
                for i in range(m):
                    pattern[f, j, i] = k
                continue
            for i in range(m):
                v = uniform(keys[f, j], start + i)
                k = 0
                while k < n_patterns - 1 and v >= cdf[f, j, k]:
                    k += 1
                pattern[f, j, i] = k


@_jit
def chain_constants(kinds: np.ndarray, params: np.ndarray, max_duration: int,
                    constant: np.ndarray, constant_np: np.ndarray,
                    fixed_duration: np.ndarray) -> None:
    """The part of each chain that is the same for every draw, from its kinds (chain,
    slot) and params (chain, slot, 4): the product of its fixed adjustments' 1 − share
    (in the order deadweight, attribution, displacement) times its fixed inputs, with
    and without the slagingskans, and its duration if fixed (else 1) [years, 1 ..
    max_duration]."""
    for e in range(kinds.shape[0]):
        adjustment = 1.0
        for s in range(DEADWEIGHT, DISPLACEMENT + 1):
            if kinds[e, s] == FIXED:
                adjustment *= 1.0 - params[e, s, 0]
        full = adjustment
        partial = adjustment
        duration = 1
        for s in range(DURATION + 1):  # the adjustments are in, the drop-off in the profile
            if kinds[e, s] != FIXED:
                continue
            v = params[e, s, 0]
            if s == DURATION:
                duration = round(min(max(v, 1.0), float(max_duration)))  # clamp, round
            else:
                full *= v
                if s != SUCCESS:
                    partial *= v
        constant[e] = full
        constant_np[e] = partial
        fixed_duration[e] = duration


@_jit
def keep_fixed(kinds: np.ndarray, params: np.ndarray, e: int, lo: int, m: int,
               inputs: np.ndarray) -> None:
    """Write chain e's fixed inputs into rows lo .. lo + m − 1 of inputs (draw, chain,
    slot)."""
    for s in range(N_SLOTS):
        if kinds[e, s] == FIXED:
            v = params[e, s, 0]
            for i in range(m):
                inputs[lo + i, e, s] = v


@_jit
def keep_sampled(values: np.ndarray, lo: int, m: int, e: int, s: int,
                 inputs: np.ndarray) -> None:
    """Write input (e, s)'s draws values (BLOCK,) into rows lo .. lo + m − 1 of inputs."""
    for i in range(m):
        inputs[lo + i, e, s] = values[i]


@_jit
def multiply_in(s: int, values: np.ndarray, m: int, max_duration: int,
                amount: np.ndarray, amount_np: np.ndarray, duration: np.ndarray,
                dropoff: np.ndarray) -> None:
    """Fold the draws values (BLOCK,) of slot s into the block: the duration, rounded and
    clamped to 1 .. max_duration; the drop-off, kept for the profile; an adjustment's
    1 − share, or a factor, into amount (and amount_np, the product without the
    slagingskans)."""
    if s == DURATION:
        for i in range(m):
            # Clamped before the rounding (a float → int64 conversion cannot overflow).
            duration[i] = round(min(max(values[i], 1.0), float(max_duration)))
    elif s == DROP_OFF:
        for i in range(m):
            dropoff[i] = values[i]
    elif s >= DEADWEIGHT:
        for i in range(m):
            amount[i] *= 1.0 - values[i]
            amount_np[i] *= 1.0 - values[i]
    else:
        for i in range(m):
            amount[i] *= values[i]
        if s != SUCCESS:
            for i in range(m):
                amount_np[i] *= values[i]


@_jit
def add_profile(acc: np.ndarray, a: int, rows: np.ndarray, e: int, r: int, d: int,
                amount: np.ndarray, m: int) -> None:
    """acc[a, t, i] += amount[i] · rows[e, r, d, t] for the years t with weight."""
    for t in range(acc.shape[1]):
        w = rows[e, r, d, t]
        if w != 0.0:
            for i in range(m):
                acc[a, t, i] += amount[i] * w


@_jit
def add_profiles_at(acc: np.ndarray, a: int, rows: np.ndarray, e: int, r: int,
                    index: np.ndarray, amount: np.ndarray, m: int) -> None:
    """acc[a, t, i] += amount[i] · rows[e, r, index[i], t]: a row per draw. Years outside,
    draws inside: a draw-outer loop would stride the accumulator by BLOCK doubles."""
    for t in range(acc.shape[1]):
        for i in range(m):
            acc[a, t, i] += amount[i] * rows[e, r, index[i], t]


@_jit
def add_columns(gacc: np.ndarray, a: int, columns: np.ndarray, e: int, values: np.ndarray,
                m: int) -> None:
    """gacc[a, col, i] += values[i] for each group column col of chain e (-1: none)."""
    for k in range(columns.shape[1]):
        col = columns[e, k]
        if col >= 0:
            for i in range(m):
                gacc[a, col, i] += values[i]


@_jit
def add_dropoff_terms(acc: np.ndarray, gacc: np.ndarray, f: int, e: int, j: int,
                      d_row: int, lag: int, first_row: int, fixed: int, uplift: bool,
                      n_rows: int, shape_weights: np.ndarray, offsets: np.ndarray,
                      cohorts: np.ndarray, extras: np.ndarray, reaches: np.ndarray,
                      uplifts: np.ndarray, discount: np.ndarray, columns: np.ndarray,
                      pattern: np.ndarray, duration: np.ndarray, dropoff: np.ndarray,
                      amount: np.ndarray, amount_np: np.ndarray, max_duration: int, m: int
                      ) -> None:
    """Chain e, whose drop-off is sampled, under financing scenario f: per draw, each
    cohort term of its profile row adds ``amount · reach + amount_np · uplift`` times its
    weights without drop-off (duration, year) at its duration, with effect year k
    multiplied by (1 − drop-off)^k, into acc[f] (year, BLOCK), and its present value into
    the chain's group columns of gacc[f] (column, BLOCK). The term arrays are
    :class:`KernelIn`'s ``term_*``; d_row its row in them (``dropoff_chain``).
    """
    n_years = acc.shape[1]
    base = d_row * n_rows  # the chain's first entry in term_offsets
    for i in range(m):
        r = first_row + (fixed if fixed >= 0 else pattern[f, j, i])
        q = 1.0 - dropoff[i]
        pv = 0.0
        for k in range(offsets[base + r], offsets[base + r + 1]):
            coef = amount[i] * reaches[k]
            if uplift:
                coef += amount_np[i] * uplifts[k]
            d = min(duration[i] + extras[k], max_duration)
            year = cohorts[k]
            power = 1.0
            for t in range(year + lag, n_years):
                value = coef * shape_weights[d_row, d, t - year] * power
                acc[f, t, i] += value
                pv += value * discount[t]
                power *= q
        for g in range(columns.shape[1]):
            col = columns[e, g]
            if col >= 0:
                gacc[f, col, i] += pv


@_jit
def funding_plan(row_start: np.ndarray, fixed_pattern: np.ndarray, pattern_cdf: np.ndarray,
                 n_rows: int, offsets: np.ndarray, extra: np.ndarray, reach: np.ndarray,
                 uplift: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """What the financing scenarios share, once per call: per (financing, initiative) the
    largest funding pattern a draw can have (the row of that pattern lists every added
    cohort, the first k of which are pattern k's); per initiative which one-cohort sums
    its added cohorts use (full product or without the slagingskans, × extra duration).
    Arrays as in :class:`KernelIn` (``row_start``, …, the ``row_cohort_*``), not the
    bundle itself: a function that takes the whole bundle costs ~1 s more to compile.
    """
    n_fin, n_init = row_start.shape
    width = pattern_cdf.shape[2]
    last = np.zeros((n_fin, n_init), dtype=np.int64)
    max_extra = 0
    for f in range(n_fin):
        for j in range(n_init):
            k = fixed_pattern[f, j]
            if k < 0:  # the first k with P(pattern ≤ k) = 1, where draw_patterns stops
                k = width - 1
                for q in range(width):
                    if pattern_cdf[f, j, q] >= 1.0:
                        k = q
                        break
            last[f, j] = k
            r = j * n_rows + row_start[f, j] + k
            for tau in range(offsets[r], offsets[r + 1]):
                max_extra = max(max_extra, extra[tau])
    uses = np.zeros((n_init, 2 * (max_extra + 1)), dtype=np.bool_)
    for f in range(n_fin):
        for j in range(n_init):
            r = j * n_rows + row_start[f, j] + last[f, j]
            for tau in range(offsets[r], offsets[r + 1]):
                x = extra[tau]
                uses[j, x] |= reach[tau] != 0.0
                uses[j, max_extra + 1 + x] |= uplift[tau] != 0.0
    return last, uses


@_jit
def add_cohorts(acc: np.ndarray, sums: np.ndarray, uses: np.ndarray, row_start: np.ndarray,
                fixed_pattern: np.ndarray, n_rows: int, offsets: np.ndarray,
                years: np.ndarray, extra: np.ndarray, reach: np.ndarray,
                uplifts: np.ndarray, j: int, last: np.ndarray, pattern: np.ndarray,
                mask: np.ndarray, m: int) -> None:
    """Initiative j's added cohorts into acc (financing, year, BLOCK): each financing
    scenario's n-th added cohort (year y, reach R, uplift U, extra duration x) adds
    R · sums[j, x] + U · sums[j, X + x] (X extra durations; the one-cohort sums of the
    full product and of the product without the slagingskans) shifted to start in year
    y, for the draws whose funding pattern funds it (pattern > n); then j's sums are
    cleared for the next block."""
    n_years = acc.shape[1]
    n_extra = sums.shape[1] // 2
    for f in range(acc.shape[0]):
        k = last[f, j]
        if k == 0:
            continue
        fixed = fixed_pattern[f, j] >= 0
        first = offsets[j * n_rows + row_start[f, j] + k]
        for n in range(k):
            tau = first + n
            year = years[tau]
            x = extra[tau]
            weight = reach[tau]
            uplift = uplifts[tau]
            for i in range(m):
                mask[i] = 1.0 if fixed or pattern[f, j, i] > n else 0.0
            for t in range(year, n_years):
                for i in range(m):
                    acc[f, t, i] += mask[i] * (weight * sums[j, x, t - year, i])
                if uplift != 0.0:
                    for i in range(m):
                        acc[f, t, i] += mask[i] * (uplift * sums[j, n_extra + x, t - year, i])
    for h in range(uses.shape[1]):
        if uses[j, h]:
            sums[j, h, :, :m] = 0.0


def simulate(first_draw: int, offset: int, n_draws: int, c: KernelIn, out: KernelOut
             ) -> None:
    """Sample ``n_draws`` trajectories starting at draw index ``first_draw`` into the
    columns ``offset …`` of ``out``, each under every financing scenario (the same input
    draws for all: common random numbers).

    Parameters
    ----------
    first_draw : int64
        Draw index of the first column written.
    offset, n_draws : int64
        The columns of ``out`` written (the rows of ``out.inputs``, if it has rows).
    c : KernelIn
        The compiled scenario and the stream keys.
    out : KernelOut
        Written in those columns.

    Notes
    -----
    This is the kernel's source; :func:`compiled` is the kernel. Call it through
    :func:`mcimpact.core.compile.sample`, which checks the bundles (the kernel does not:
    a wrong shape reads or writes out of bounds) and spreads calls over threads.

    Draws are processed in blocks of BLOCK, chains outside and draws inside, with the
    block's accumulators local; each block writes only its own columns, so the result
    does not depend on how blocks are spread over threads.

    What the financing scenarios share is computed once per draw: a chain's base cohorts
    are the same under all of them (one accumulator, added to each at the end), and the
    cohorts a funding pattern adds to an initiative's chains are shifted copies of one
    cohort's profile, so per initiative the chains' one-cohort sums are accumulated once
    and each financing scenario adds its added cohorts (year, reach, uplift, extra
    duration) from them, masked by each draw's funding pattern (:func:`add_cohorts`).
    Only a chain whose drop-off is sampled takes its own rows per financing scenario.
    """
    keep_inputs = out.inputs.shape[0] > 0
    n_chains = c.input_keys.shape[0]
    n_fin, n_init = c.row_start.shape
    n_years = c.profiles.shape[3]
    n_cols = out.groups.shape[1]
    n_factors = c.factor_keys.shape[0]
    n_durations = c.profiles.shape[2]
    max_duration = n_durations - 1
    # Row and accumulator 0 as a number, not a literal: numba compiles a helper again
    # for each literal argument it is called with (0.1–0.3 s each).
    zero: int = np.int64(0)  # type: ignore[assignment]
    n_rows = c.profiles.shape[1]
    last, uses = funding_plan(c.row_start, c.fixed_pattern, c.pattern_cdf, n_rows,
                              c.row_cohort_offsets, c.row_cohort_extra, c.row_cohort_reach,
                              c.row_cohort_uplift)
    n_extra = uses.shape[1] // 2
    adds = np.zeros(n_init, dtype=np.bool_)  # some financing scenario adds cohorts
    last_chain = np.full(n_init, -1, dtype=np.int64)  # its last chain
    own = np.zeros(n_fin, dtype=np.bool_)  # a scenario with more than the base cohorts
    for f in range(n_fin):
        for j in range(n_init):
            adds[j] |= last[f, j] > 0
            own[f] |= last[f, j] > 0
        for e in range(n_chains):
            own[f] |= c.dropoff_chain[e] >= 0
    for e in range(n_chains):
        last_chain[c.chain_initiative[e]] = e
    constant = np.empty(n_chains)
    constant_np = np.empty(n_chains)  # the product without the slagingskans
    fixed_duration = np.empty(n_chains, dtype=np.int64)
    chain_constants(c.kinds, c.params, max_duration, constant, constant_np, fixed_duration)
    # One cohort's profile as rows of a (chain, row, duration, year) table, as profiles.
    weights = c.cohort_weights.reshape((n_chains, 1, n_durations, n_years))
    amount = np.empty(BLOCK)
    amount_np = np.empty(BLOCK)
    duration = np.empty(BLOCK, dtype=np.int64)
    index = np.empty(BLOCK, dtype=np.int64)
    pv = np.empty(BLOCK)
    mask = np.empty(BLOCK)
    dropoff = np.empty(BLOCK)
    u = np.empty(BLOCK)
    values = np.empty(BLOCK)
    # Accumulators with the draw axis last, so the per-chain updates run over contiguous
    # draws: per financing scenario (added cohorts, sampled drop-offs), the base cohorts
    # shared by all (one "scenario"), and an initiative's one-cohort sums (kind · extra).
    acc = np.empty((n_fin, n_years, BLOCK))
    gacc = np.empty((n_fin, n_cols, BLOCK))
    base = np.empty((1, n_years, BLOCK))
    gbase = np.empty((1, n_cols, BLOCK))
    sums = np.zeros((n_init, 2 * n_extra, n_years, BLOCK))
    pattern = np.empty((n_fin, n_init, BLOCK), dtype=np.int64)
    factors = np.zeros((max(n_factors, 1), BLOCK))
    for b in range((n_draws + BLOCK - 1) // BLOCK):
        m = min(BLOCK, n_draws - b * BLOCK)
        start = first_draw + b * BLOCK
        lo = offset + b * BLOCK  # its first column in out
        for f in range(n_fin):
            if own[f]:
                acc[f] = 0.0
                gacc[f] = 0.0
        base[:] = 0.0
        gbase[:] = 0.0
        draw_factors(c.factor_keys, start, m, factors)
        draw_patterns(c.fixed_pattern, c.pattern_cdf, c.renewal_keys, start, m, pattern)
        # Chains in their order, as the profile rows were summed before the financing
        # scenarios shared their base cohorts: a scenario without added cohorts gets the
        # same numbers, bit for bit.
        for e in range(n_chains):
            j = c.chain_initiative[e]
            if keep_inputs:
                keep_fixed(c.kinds, c.params, e, lo, m, out.inputs)
            for i in range(m):
                amount[i] = constant[e]
                amount_np[i] = constant_np[e]
                duration[i] = fixed_duration[e]
            for s in range(N_SLOTS):
                kind = c.kinds[e, s]
                if kind == FIXED:
                    continue
                fill_uniforms(c.input_keys[e, s], start, m, c.factor_of[e, s],
                              c.loading[e, s], factors, u)
                fill_quantiles(kind, c.params[e, s, 0], c.params[e, s, 1], c.params[e, s, 2],
                               c.params[e, s, 3], u, m, c.tables, c.cdf, c.cdf_points,
                               c.guide, c.cdf_offsets, values)
                if keep_inputs:
                    keep_sampled(values, lo, m, e, s, out.inputs)
                multiply_in(s, values, m, max_duration, amount, amount_np, duration,
                            dropoff)
            fixed_d = c.kinds[e, DURATION] == FIXED
            d0 = fixed_duration[e]
            if c.dropoff_chain[e] >= 0:
                # Its own rows under each financing scenario: per draw, the drop-off.
                d_row = c.dropoff_chain[e]
                for f in range(n_fin):
                    add_dropoff_terms(acc, gacc, f, e, j, d_row, c.dropoff_lag[d_row],
                                      c.row_start[f, j], c.fixed_pattern[f, j],
                                      c.has_uplift[e, f], n_rows, c.shape_weights,
                                      c.term_offsets, c.term_cohort, c.term_extra,
                                      c.term_reach, c.term_uplift, c.discount,
                                      c.group_columns, pattern, duration, dropoff, amount,
                                      amount_np, max_duration, m)
            else:
                # The base cohorts, the same under every financing scenario (pattern 0).
                r0 = c.row_start[0, j]
                if fixed_d:
                    add_profile(base, zero, c.profiles, e, r0, d0, amount, m)
                    p0 = c.pv_profiles[e, r0, d0]
                    for i in range(m):
                        pv[i] = amount[i] * p0
                else:
                    add_profiles_at(base, zero, c.profiles, e, r0, duration, amount, m)
                    for i in range(m):
                        pv[i] = amount[i] * c.pv_profiles[e, r0, duration[i]]
                add_columns(gbase, zero, c.group_columns, e, pv, m)
                if c.chain_follows[e] and adds[j]:
                    # One cohort of the chain into its initiative's sums, per kind and
                    # extra duration that the added cohorts use.
                    for h in range(2 * n_extra):
                        if not uses[j, h]:
                            continue
                        coef = amount if h < n_extra else amount_np
                        x = h % n_extra
                        if fixed_d:
                            add_profile(sums[j], h, weights, e, zero,
                                        min(d0 + x, max_duration), coef, m)
                        else:
                            for i in range(m):
                                index[i] = min(duration[i] + x, max_duration)
                            add_profiles_at(sums[j], h, weights, e, zero, index, coef, m)
                    # The added cohorts' present value into the group columns.
                    for f in range(n_fin):
                        if last[f, j] == 0:
                            continue
                        first_row = c.row_start[f, j]
                        k = c.fixed_pattern[f, j]
                        uplift = c.has_uplift[e, f]
                        if k >= 0 and fixed_d:
                            pa = c.pv_added[e, first_row + k, d0]
                            pu = c.pv_uplift[e, first_row + k, d0]
                            for i in range(m):
                                pv[i] = amount[i] * pa
                            if uplift:
                                for i in range(m):
                                    pv[i] += amount_np[i] * pu
                        else:
                            for i in range(m):
                                r = first_row + (k if k >= 0 else pattern[f, j, i])
                                pv[i] = amount[i] * c.pv_added[e, r, duration[i]]
                            if uplift:
                                for i in range(m):
                                    r = first_row + (k if k >= 0 else pattern[f, j, i])
                                    pv[i] += amount_np[i] * c.pv_uplift[e, r, duration[i]]
                        add_columns(gacc, f, c.group_columns, e, pv, m)
            if e == last_chain[j] and adds[j]:
                add_cohorts(acc, sums, uses, c.row_start, c.fixed_pattern, n_rows,
                            c.row_cohort_offsets, c.row_cohort_year, c.row_cohort_extra,
                            c.row_cohort_reach, c.row_cohort_uplift, j, last, pattern, mask, m)
        for f in range(n_fin):
            if own[f]:
                for t in range(n_years):
                    for i in range(m):
                        out.benefits[f, t, lo + i] = acc[f, t, i] + base[0, t, i]
                for col in range(n_cols):
                    for i in range(m):
                        out.groups[f, col, lo + i] = gacc[f, col, i] + gbase[0, col, i]
            else:  # the base cohorts alone
                for t in range(n_years):
                    for i in range(m):
                        out.benefits[f, t, lo + i] = base[0, t, i]
                for col in range(n_cols):
                    for i in range(m):
                        out.groups[f, col, lo + i] = gbase[0, col, i]
            for j in range(n_init):
                for i in range(m):
                    out.patterns[f, j, lo + i] = pattern[f, j, i]


@functools.cache
def compiled() -> nb.core.dispatcher.Dispatcher:
    """:func:`simulate` compiled for :data:`SIGNATURE` alone (a bundle of other types is a
    ``TypeError``), or read from numba's cache.

    Compiled on first use rather than at import: modules that import the core without
    sampling (reading saved results, say) would otherwise pay for it. Serial: a call
    samples its draws on the calling thread (it releases the GIL), and
    :func:`mcimpact.core.compile.sample` runs calls on several threads
    (:mod:`mcimpact.core.threads`). ``parallel=True`` would make numba's parfor passes
    compile the whole body a second time (docs/performance.md, "Compile time").
    """
    return nb.njit(SIGNATURE, cache=True, nogil=True, error_model="numpy")(simulate)
