"""The numba core: plain arrays in, plain arrays out.

Random numbers come from a counter-based generator: the uniform for (stream key, draw) is
the SplitMix64 output at position ``draw + 1`` of the stream, ``mix64(key + (draw + 1)·γ)``.
A stream key is derived from (seed, chain id, input slot) outside the kernel, so every
number depends only on (seed, draw index, chain, input): thread count, block and chunk
boundaries do not change results, and adding a chain leaves the others' draws untouched.
All hash arithmetic stays in uint64 (numba turns uint64 ⊕ int64 into float64).

:mod:`mcimpact.testing.twin` is the slow NumPy twin the tests compare these kernels with.
"""

from __future__ import annotations

import math

import numba as nb
import numpy as np
from numba.extending import intrinsic

from ..model.distributions import (
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
    :func:`~mcimpact.model.distributions.table_grid` at u.

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


@_jit
def add_rows(acc: np.ndarray, rows: np.ndarray, amount: np.ndarray, row: np.ndarray,
             m: np.int64) -> None:
    """acc[t, i] += amount[i] · rows[row[i], t] for every year t and draw i < m: years
    outside, draws inside, so the accumulator is written contiguously."""
    for t in range(acc.shape[0]):
        for i in range(m):
            acc[t, i] += amount[i] * rows[row[i], t]


@nb.njit(cache=True, nogil=True, parallel=True, error_model="numpy")
def simulate(first_draw, n_draws, keys, kinds, params, tables, cdf, guide, cdf_offsets,
             factor_of, loading, factor_keys, adjustment, chain_initiative, row_start,
             fixed_pattern, pattern_cdf, renewal_keys, profiles, uplift_profiles,
             pv_profiles, pv_uplift, has_uplift, group_columns, out_benefits, out_groups,
             out_patterns, keep_inputs, out_inputs):
    """Sample ``n_draws`` trajectories starting at draw index ``first_draw``, each under
    every financing scenario (the same input draws for all: common random numbers).

    Parameters
    ----------
    keys : uint64 (chain, slot)       stream keys
    kinds, params : (chain, slot), (chain, slot, 4)   compiled distributions
    factor_of : int64 (chain, slot)   index of the copula factor, -1 for none
    loading : (chain, slot)           the input's loading on its factor
    factor_keys : uint64 (factor,)    stream keys of the copula factors
    adjustment : (chain,)             SROI factor (1 − deadweight)(1 − attribution)
                                      (1 − displacement)
    chain_initiative : int64 (chain,) the chain's initiative
    row_start : int64 (financing, initiative)  first profile row of the pair; the row of a
                                      trajectory is row_start + its funding pattern
    fixed_pattern : int64 (financing, initiative)  the pattern when it is certain, else -1
    pattern_cdf : (financing, initiative, pattern)  P(pattern ≤ k), 1.0-padded
    renewal_keys : uint64 (financing, initiative)  stream keys of the renewal uniforms
    profiles : (chain, row, duration, year)   Σ_c m_c (1 − Δ_c) w[t − c], multiplied by
                                      the full product of the inputs
    uplift_profiles : (chain, row, duration, year)  Σ_c m_c Δ_c w[t − c], multiplied by
                                      the product without the slagingskans
    pv_profiles, pv_uplift : (chain, row, duration)  the same, discounted and summed
    has_uplift : bool (chain, financing)  whether uplift_profiles are in use
    group_columns : int64 (chain, k)  columns of ``out_groups`` each chain adds to (-1: none)
    out_benefits : (draw, financing, year)   written: nominal benefits per year
    out_groups : (draw, financing, column)   written: present value per group column
    out_patterns : int64 (draw, financing, initiative)  written: funding pattern (the
                                      number of added years funded)
    out_inputs : (draw, chain, slot)  written when ``keep_inputs``: the sampled inputs

    Draws are processed in blocks of BLOCK, chains outside and draws inside, with the
    block's accumulators local; each block writes only its own rows, so the result does
    not depend on how blocks are spread over threads.
    """
    n_chains = keys.shape[0]
    n_fin, n_init = row_start.shape
    n_patterns = pattern_cdf.shape[2]
    n_years = profiles.shape[3]
    n_cols = out_groups.shape[2]
    n_factors = factor_keys.shape[0]
    n_group_kinds = group_columns.shape[1]
    max_duration = profiles.shape[2] - 1
    n_durations = profiles.shape[2]
    n_rows = profiles.shape[1] * n_durations  # (pattern row, duration) pairs of a chain
    n_blocks = (n_draws + BLOCK - 1) // BLOCK
    for b in nb.prange(n_blocks):
        lo = b * BLOCK
        m = min(BLOCK, n_draws - lo)
        amount = np.empty(BLOCK)
        amount_np = np.empty(BLOCK)  # the product without the slagingskans
        duration = np.empty(BLOCK, dtype=np.int64)
        row = np.empty(BLOCK, dtype=np.int64)
        pv_draw = np.empty(BLOCK)
        u = np.empty(BLOCK)
        values = np.empty(BLOCK)
        # Accumulators with the draw axis last, so the per-chain updates run over
        # contiguous draws.
        acc = np.zeros((n_fin, n_years, BLOCK))
        gacc = np.zeros((n_fin, n_cols, BLOCK))
        pattern = np.empty((n_fin, n_init, BLOCK), dtype=np.int64)
        factors = np.zeros((max(n_factors, 1), BLOCK))
        for f in range(n_factors):
            for i in range(m):
                factors[f, i] = ndtri(uniform(factor_keys[f], first_draw + lo + i))
        for f in range(n_fin):
            for j in range(n_init):
                k = fixed_pattern[f, j]
                if k >= 0:
                    for i in range(m):
                        pattern[f, j, i] = k
                    continue
                for i in range(m):
                    v = uniform(renewal_keys[f, j], first_draw + lo + i)
                    k = 0
                    while k < n_patterns - 1 and v >= pattern_cdf[f, j, k]:
                        k += 1
                    pattern[f, j, i] = k
        for e in range(n_chains):
            # Fixed inputs multiply into one constant; sampled ones per draw.
            constant = adjustment[e]
            constant_np = adjustment[e]
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
                    if s != SUCCESS:
                        constant_np *= v
            for i in range(m):
                amount[i] = constant
                amount_np[i] = constant_np
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
                    if s != SUCCESS:
                        for i in range(m):
                            amount_np[i] *= values[i]
            j = chain_initiative[e]
            for f in range(n_fin):
                uplift = has_uplift[e, f]
                if kinds[e, DURATION] == FIXED and fixed_pattern[f, j] >= 0:
                    # One profile row for every draw: scaled adds, skipping years without
                    # effect.
                    d = duration[0]
                    r = row_start[f, j] + fixed_pattern[f, j]
                    for t in range(n_years):
                        w = profiles[e, r, d, t]
                        if w != 0.0:
                            for i in range(m):
                                acc[f, t, i] += amount[i] * w
                        if uplift:
                            w = uplift_profiles[e, r, d, t]
                            if w != 0.0:
                                for i in range(m):
                                    acc[f, t, i] += amount_np[i] * w
                    pv = pv_profiles[e, r, d]
                    pv0 = pv_uplift[e, r, d]
                    for k in range(n_group_kinds):
                        col = group_columns[e, k]
                        if col >= 0:
                            for i in range(m):
                                gacc[f, col, i] += amount[i] * pv
                            if uplift:
                                for i in range(m):
                                    gacc[f, col, i] += amount_np[i] * pv0
                else:
                    # A profile row per draw: years outside, draws inside, so the
                    # accumulators are written contiguously (a draw-outer loop strides them
                    # by BLOCK doubles, which thrashes the cache).
                    for i in range(m):
                        row[i] = ((row_start[f, j] + pattern[f, j, i]) * n_durations
                                  + duration[i])
                    add_rows(acc[f], profiles[e].reshape(n_rows, n_years), amount, row, m)
                    pvs = pv_profiles[e].reshape(n_rows)
                    for i in range(m):
                        pv_draw[i] = amount[i] * pvs[row[i]]
                    if uplift:
                        add_rows(acc[f], uplift_profiles[e].reshape(n_rows, n_years),
                                 amount_np, row, m)
                        pvs = pv_uplift[e].reshape(n_rows)
                        for i in range(m):
                            pv_draw[i] += amount_np[i] * pvs[row[i]]
                    for k in range(n_group_kinds):
                        col = group_columns[e, k]
                        if col >= 0:
                            for i in range(m):
                                gacc[f, col, i] += pv_draw[i]
        for i in range(m):
            for f in range(n_fin):
                for t in range(n_years):
                    out_benefits[lo + i, f, t] = acc[f, t, i]
                for c in range(n_cols):
                    out_groups[lo + i, f, c] = gacc[f, c, i]
                for j in range(n_init):
                    out_patterns[lo + i, f, j] = pattern[f, j, i]
