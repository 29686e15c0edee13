"""The numba core: plain arrays in, plain arrays out.

Random numbers come from a counter-based generator: the uniform for (stream key, draw) is
the SplitMix64 output at position ``draw + 1`` of the stream, ``mix64(key + (draw + 1)·γ)``.
A stream key is derived from (seed, chain id, input slot) outside the kernel, so every
number depends only on (seed, draw index, chain, input): thread count, block and chunk
boundaries do not change results, and adding a chain leaves the others' draws untouched.
All hash arithmetic stays in uint64 (numba turns uint64 ⊕ int64 into float64).

:mod:`mcimpact.reference` is the slow NumPy twin the tests compare these kernels with.
"""

from __future__ import annotations

import math

import numba as nb
import numpy as np
from numba.extending import intrinsic

from .distributions import (
    DISCRETE,
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

# Slots of a chain's inputs, in the order they multiply.
PARTICIPANTS, SUCCESS, EFFECT, VALUE, DURATION = range(5)
N_SLOTS = 5
BLOCK = 512  # draws per block: the block's year accumulators stay in cache

_jit = nb.njit(cache=True, nogil=True, error_model="numpy", inline="always")


@_jit
def mix64(z: np.uint64) -> np.uint64:
    """SplitMix64's finaliser (Stafford's variant 13)."""
    z = (z ^ (z >> _S30)) * _M1
    z = (z ^ (z >> _S27)) * _M2
    return z ^ (z >> _S31)


@_jit
def uniform(key: np.uint64, draw: np.int64) -> float:
    """The uniform in (0, 1) of stream ``key`` at ``draw``; a multiple of 2⁻⁵³ plus 2⁻⁵⁴."""
    x = key + (np.uint64(draw) + _ONE) * GOLDEN
    # The top 53 bits fit an int64, whose conversion to float is one instruction.
    return (np.float64(np.int64(mix64(x) >> _S11)) + 0.5) * _TWO_M53


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


@_jit
def table_quantile(tab: np.ndarray, u: float) -> float:
    """Interpolate a quantile table (half, row, bin) of
    :func:`~mcimpact.distributions.table_grid` at u.

    With v = min(u, 1 − u) = (1 + frac) · 2^e, the row is r = −e − 1 and the position in
    it frac · TABLE_BINS, read from the float's bits; below the last octave the plain
    deep row takes over. No branches: which half, and which octave, are coin flips.
    """
    h = np.int64(u > 0.5)
    v = min(u, 1.0 - u)  # 1 − u is exact for our u, multiples of 2⁻⁵³
    bits: int = _float_bits(v)  # type: ignore[call-arg]
    r = 1022 - (bits >> 52)
    deep = r >= _DEEP_ROW
    x = v * _DEEP_SCALE if deep else (bits & _MANTISSA) * _BIN_SCALE
    r = min(r, _DEEP_ROW)
    j = min(np.int64(x), TABLE_BINS - 1)
    q0 = tab[h, r, j]
    return q0 + (x - j) * (tab[h, r, j + 1] - q0)


@_jit
def discrete_quantile(cdf: np.ndarray, guide: np.ndarray, start: np.int64, stop: np.int64,
                      u: float) -> float:
    """The smallest k with u <= F(k), counted from the table's start.

    ``guide`` has GUIDE_FACTOR entries per CDF entry, each the first k of its bin of u, so
    the walk from there rarely takes a step; the table's last F is 1, which stops it.
    """
    j = np.int64(u * ((stop - start) * GUIDE_FACTOR))
    k = start + guide[start * GUIDE_FACTOR + j]
    while cdf[k] < u:
        k += 1
    return float(k - start)


_loop = nb.njit(cache=True, nogil=True, error_model="numpy")


@_loop
def fill_uniforms(key: np.uint64, first: np.int64, m: np.int64, factor: np.int64,
                  loading: float, factors: np.ndarray, u: np.ndarray) -> None:
    """Uniforms of one input for draws first .. first + m − 1; through the one-factor
    Gaussian copula (z = loading · F + √(1 − loading²) · ε) when the input has a factor."""
    # uniform(key, first + i), with the counter's multiply turned into an add.
    x = key + (np.uint64(first) + _ONE) * GOLDEN
    for i in range(m):
        u[i] = (np.float64(np.int64(mix64(x) >> _S11)) + 0.5) * _TWO_M53
        x += GOLDEN
    if factor >= 0:
        rest = math.sqrt(1.0 - loading * loading)
        for i in range(m):
            u[i] = norm_cdf(loading * factors[factor, i] + rest * ndtri(u[i]))


@_loop
def fill_quantiles(kind: np.int64, p0: float, p1: float, p2: float, p3: float,
                   u: np.ndarray, m: np.int64, tables: np.ndarray,
                   cdf: np.ndarray, guide: np.ndarray, cdf_offsets: np.ndarray,
                   out: np.ndarray) -> None:
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
        tab = tables[np.int64(p2)]
        for i in range(m):
            out[i] = p0 + (p1 - p0) * table_quantile(tab, u[i])
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
    else:
        for i in range(m):
            out[i] = p0 if kind == FIXED else math.nan


@nb.njit(cache=True, nogil=True, parallel=True, error_model="numpy")
def simulate(first_draw, n_draws, keys, kinds, params, tables, cdf, guide, cdf_offsets,
             factor_of, loading, factor_keys, adjustment, profiles, pv_profiles,
             group_columns, discount, out_benefits, out_groups, keep_inputs, out_inputs):
    """Sample ``n_draws`` trajectories starting at draw index ``first_draw``.

    Parameters
    ----------
    keys : uint64 (chain, slot)       stream keys
    kinds, params : (chain, slot), (chain, slot, 4)   compiled distributions
    factor_of : int64 (chain, slot)   index of the copula factor, -1 for none
    loading : (chain, slot)           the input's loading on its factor
    factor_keys : uint64 (factor,)    stream keys of the copula factors
    adjustment : (chain,)             SROI factor (1 − deadweight)(1 − attribution)
                                      (1 − displacement)
    profiles : (chain, duration, year)  Σ_c w[t − c] for each effect duration
    pv_profiles : (chain, duration)   the same, discounted and summed over the years
    group_columns : int64 (chain, k)  columns of ``out_groups`` each chain adds to (-1: none)
    out_benefits : (draw, year)       written: nominal benefits per year
    out_groups : (draw, column)       written: present value per group column
    out_inputs : (draw, chain, slot)  written when ``keep_inputs``: the sampled inputs

    Draws are processed in blocks of BLOCK, chains outside and draws inside, with the
    block's accumulators local; each block writes only its own rows, so the result does
    not depend on how blocks are spread over threads.
    """
    n_chains = keys.shape[0]
    n_years = profiles.shape[2]
    n_cols = out_groups.shape[1]
    n_factors = factor_keys.shape[0]
    n_group_kinds = group_columns.shape[1]
    max_duration = profiles.shape[1] - 1
    n_blocks = (n_draws + BLOCK - 1) // BLOCK
    for b in nb.prange(n_blocks):
        lo = b * BLOCK
        m = min(BLOCK, n_draws - lo)
        amount = np.empty(BLOCK)
        duration = np.empty(BLOCK, dtype=np.int64)
        u = np.empty(BLOCK)
        values = np.empty(BLOCK)
        # Accumulators with the draw axis last, so the per-chain updates run over
        # contiguous draws.
        acc = np.zeros((n_years, BLOCK))
        gacc = np.zeros((n_cols, BLOCK))
        factors = np.zeros((max(n_factors, 1), BLOCK))
        for f in range(n_factors):
            for i in range(m):
                factors[f, i] = ndtri(uniform(factor_keys[f], first_draw + lo + i))
        for e in range(n_chains):
            # Fixed inputs multiply into one constant; sampled ones per draw.
            constant = adjustment[e]
            fixed_duration = 1
            for s in range(N_SLOTS):
                if kinds[e, s] != FIXED:
                    continue
                v = params[e, s, 0]
                if keep_inputs:
                    for i in range(m):
                        out_inputs[lo + i, e, s] = v
                if s == DURATION:
                    fixed_duration = min(max(np.int64(round(v)), 1), max_duration)
                else:
                    constant *= v
            for i in range(m):
                amount[i] = constant
                duration[i] = fixed_duration
            for s in range(N_SLOTS):
                kind = kinds[e, s]
                if kind == FIXED:
                    continue
                fill_uniforms(keys[e, s], first_draw + lo, m, factor_of[e, s], loading[e, s],
                              factors, u)
                fill_quantiles(kind, params[e, s, 0], params[e, s, 1], params[e, s, 2],
                               params[e, s, 3], u, m, tables, cdf, guide,
                               cdf_offsets, values)
                if keep_inputs:
                    for i in range(m):
                        out_inputs[lo + i, e, s] = values[i]
                if s == DURATION:
                    for i in range(m):
                        d = np.int64(round(values[i]))
                        duration[i] = min(max(d, 1), max_duration)
                else:
                    for i in range(m):
                        amount[i] *= values[i]
            if kinds[e, DURATION] == FIXED:
                # One profile row for every draw: scaled adds, skipping years without effect.
                d = duration[0]
                for t in range(n_years):
                    w = profiles[e, d, t]
                    if w != 0.0:
                        for i in range(m):
                            acc[t, i] += amount[i] * w
                pv = pv_profiles[e, d]
                for k in range(n_group_kinds):
                    col = group_columns[e, k]
                    if col >= 0:
                        for i in range(m):
                            gacc[col, i] += amount[i] * pv
            else:
                for i in range(m):
                    d = duration[i]
                    for t in range(n_years):
                        acc[t, i] += amount[i] * profiles[e, d, t]
                    for k in range(n_group_kinds):
                        col = group_columns[e, k]
                        if col >= 0:
                            gacc[col, i] += amount[i] * pv_profiles[e, d]
        for i in range(m):
            for t in range(n_years):
                out_benefits[lo + i, t] = acc[t, i]
            for c in range(n_cols):
                out_groups[lo + i, c] = gacc[c, i]
