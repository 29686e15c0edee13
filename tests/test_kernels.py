"""The numba kernels' building blocks against NumPy/SciPy references, and the checks of
the kernel's interface (the bundles sample hands it)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numba as nb
import numpy as np
import pytest
from scipy import special, stats

from mcimpact import testing
from mcimpact.core import compile as core
from mcimpact.core import kernels
from mcimpact.model import distributions
from mcimpact.readers.toml import load

N = 1_000_000
DATA = Path(__file__).parent / "data"


@nb.njit
def _uniforms(key, first, n):
    out = np.empty(n)
    for i in range(n):
        out[i] = kernels.uniform(key, first + i)
    return out


@nb.njit
def _apply(f_table, u):
    out = np.empty(u.shape[0])
    for i in range(u.shape[0]):
        out[i] = kernels.table_quantile(f_table, u[i])
    return out


@nb.njit
def _ndtri(u):
    out = np.empty(u.shape[0])
    for i in range(u.shape[0]):
        out[i] = kernels.ndtri(u[i])
    return out


@nb.njit
def _discrete(cdf, guide, u):
    out = np.empty(u.shape[0])
    for i in range(u.shape[0]):
        out[i] = kernels.discrete_quantile(cdf, guide, 0, cdf.shape[0], u[i])
    return out


@pytest.mark.parametrize("key", [0, 1, 2**63 + 12345, 2**64 - 1])
@pytest.mark.parametrize("first", [0, 2**40 - 7])
def test_uniforms_are_bit_identical_to_the_numpy_twin(key, first):
    # Keys above 2**63 and large draw indices catch any silent uint64 → float64 promotion.
    got = _uniforms(np.uint64(key), np.int64(first), 10_000)
    np.testing.assert_array_equal(got, testing.uniforms(key, first, 10_000))


def test_uniforms_range_and_moments():
    u = _uniforms(np.uint64(2**63 + 99), np.int64(0), N)
    assert u.min() > 0 and u.max() < 1
    # Mean 1/2 and variance 1/12 within 4 standard errors (SE of the variance estimate:
    # √((μ₄ − σ⁴)/n) with μ₄ = 1/80 for the uniform).
    assert abs(u.mean() - 0.5) < 4 * np.sqrt(1 / 12 / N)
    assert abs(u.var() - 1 / 12) < 4 * np.sqrt((1 / 80 - 1 / 144) / N)
    # No lag-1 correlation, and none between streams whose keys differ in one bit.
    assert abs(np.corrcoef(u[:-1], u[1:])[0, 1]) < 4 / np.sqrt(N)
    v = _uniforms(np.uint64(2**63 + 98), np.int64(0), N)
    assert abs(np.corrcoef(u, v)[0, 1]) < 4 / np.sqrt(N)
    # Equal-width bins are equally full (chi-square with 99 df, 0.9999 quantile ≈ 157).
    counts = np.bincount((u * 100).astype(int), minlength=100)
    assert ((counts - N / 100) ** 2 / (N / 100)).sum() < 157


def test_ndtri_matches_scipy_to_double_precision():
    k = np.arange(1, 17)
    u = np.concatenate([10.0 ** -k, 1 - 10.0 ** -k[:15], 2.0**-53 * np.array([0.5, 1.5]),
                        np.random.default_rng(1).random(10_000)])
    np.testing.assert_allclose(_ndtri(u), special.ndtri(u), rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize(("a", "b"), [(2.0, 5.0), (35.0, 35.0), (0.5, 0.5), (9.0, 36.0),
                                      (1.0, 3.0)])
def test_beta_table_interpolation_error_is_below_1e5_relative(a, b):
    table = distributions.beta_table(a, b)
    rng = np.random.default_rng(2)
    u = np.concatenate([rng.random(200_000), 10.0 ** -rng.uniform(1, 12, 20_000),
                        1 - 10.0 ** -rng.uniform(1, 12, 20_000)])
    u = (np.floor(u * 2**53) + 0.5) * 2.0**-53  # the core's uniforms are on this grid
    exact = special.betaincinv(a, b, u)
    got = _apply(table, u)
    # Relative to the distance to the nearer end of the support, where Q bends most.
    scale = np.minimum(exact, 1 - exact)
    assert np.all(np.abs(got - exact) <= 1e-5 * scale + 1e-15)


@pytest.mark.parametrize("inp", [
    distributions.make("poisson", {"mean": 3.2}),
    distributions.make("poisson", {"mean": 240.0}),
    distributions.make("negbinomial", {"mean": 120.0, "sd": 24.0}),
    distributions.make("negbinomial", {"mean": 5.0, "sd": 4.0}),
])
def test_discrete_inverse_is_exact(inp):
    k_low, cdf = distributions.discrete_cdf(inp)
    guide = distributions.guide_table(cdf)
    rng = np.random.default_rng(3)
    # Random u, and u just either side of every jump of F (scipy's own ppf is not exact
    # to the last bit at a jump, so not on it).
    u = np.concatenate([rng.random(100_000), cdf[:-1] * (1 - 1e-9), cdf[:-1] * (1 + 1e-9)])
    u = u[(u > 1e-13) & (u < 1 - 1e-13)]  # the table ends at tails of mass 1e-14
    expected = distributions.frozen(inp).ppf(u)
    np.testing.assert_array_equal(k_low + _discrete(cdf, guide, u), expected)
    assert stats.describe(expected).mean == pytest.approx(inp.point, rel=0.05)


# --------------------------------------------------------------------------------------
# The kernel's interface


@pytest.fixture(scope="module")
def all_kinds():
    return core.core_arrays(load(DATA / "all-kinds.toml"))


KEY_FIELDS = {"input_keys": "inputs", "factor_keys": "factors", "renewal_keys": "renewal"}


def test_the_bundles_name_the_fields_they_come_from(all_kinds):
    # KernelIn: the kernel's fields of CoreArrays, then those of Keys, in their order.
    keys = core.stream_keys(3, all_kinds)
    core_fields = [f.name for f in dataclasses.fields(core.CoreArrays)]
    n = len(kernels.KernelIn._fields) - len(KEY_FIELDS)
    assert kernels.KernelIn._fields[:n] == tuple(f for f in core_fields
                                                 if f in kernels.KernelIn._fields)
    assert kernels.KernelIn._fields[n:] == tuple(KEY_FIELDS)
    # The uncertain costs' streams and draws are Keys' and Draws' last fields: they are
    # sampled after the kernel (core.sample_costs), not by it.
    assert tuple(KEY_FIELDS.values()) == tuple(f.name for f in dataclasses.fields(core.Keys)
                                               if f.name != "costs")
    assert kernels.KernelOut._fields == tuple(f.name for f in dataclasses.fields(core.Draws)
                                              if f.name != "costs")
    args = core.kernel_in(all_kinds, keys)
    for name, a in zip(kernels.KernelIn._fields, args, strict=True):
        source = keys if name in KEY_FIELDS else all_kinds
        assert a is getattr(source, KEY_FIELDS.get(name, name)), name
    params = all_kinds.params * 2
    assert core.kernel_in(all_kinds, keys, params).params is params


def test_the_kernel_has_one_signature_spelled_out_from_the_bundles():
    assert kernels.compiled().signatures == [kernels.SIGNATURE.args]
    for bundle, ty, readonly in ((kernels.KernelIn, kernels.IN_TYPE, True),
                                 (kernels.KernelOut, kernels.OUT_TYPE, False)):
        assert ty.instance_class is bundle
        for spec, array in zip(kernels.specs(bundle).values(), ty.types, strict=True):
            assert array.dtype == nb.from_dtype(np.dtype(spec.dtype))
            assert (array.ndim, array.layout, array.mutable) == (len(spec.axes), "C",
                                                                  not readonly)


def test_read_only_inputs_give_the_same_draws(all_kinds):
    frozen = {}
    for f in dataclasses.fields(all_kinds):
        a = getattr(all_kinds, f.name)
        if isinstance(a, np.ndarray):
            a = a.copy()
            a.flags.writeable = False
            frozen[f.name] = a
    got = core.sample(dataclasses.replace(all_kinds, **frozen), 5, 10, 3_000, keep_inputs=True)
    want = core.sample(all_kinds, 5, 10, 3_000, keep_inputs=True)
    for name in kernels.KernelOut._fields:
        np.testing.assert_array_equal(getattr(got, name), getattr(want, name))


def _sample(c, n=10, **kwargs):
    return core.sample(c, 1, 0, n, **kwargs)


def _keys(c, **changes):
    return dataclasses.replace(core.stream_keys(1, c), **changes)


def _core(c, **changes):
    return dataclasses.replace(c, **changes)


def _out(c, **changes):
    return dataclasses.replace(core.allocate(c, 10, True), **changes)


def _read_only_out(c):
    out = core.allocate(c, 10, False)
    out.benefits.flags.writeable = False
    return out


TABLE = distributions.TABLE

# What goes wrong: (a call on the all-kinds core, the message it must raise).
MISFITS = {
    "dtype": (lambda c: _sample(c, params=c.params.astype(np.float32)),
              r"KernelIn.params must be a C-contiguous float64 array \(chain, slot, param\), "
              r"got float32"),
    "key dtype": (lambda c: _sample(c, keys=_keys(c, inputs=c.kinds)),
                  r"KernelIn.input_keys must be a C-contiguous uint64 array \(chain, slot\), "
                  r"got int64"),
    "dimensions": (lambda c: _sample(c, params=c.params[..., 0]),
                   r"KernelIn.params must be .*, got float64 with shape \(3, 9\)"),
    "Fortran order": (lambda c: _sample(c, params=np.asfortranarray(c.params)),
                      r"KernelIn.params must be a C-contiguous .* non-contiguous"),
    "chains": (lambda c: _sample(c, keys=_keys(c, inputs=core.stream_keys(1, c).inputs[1:])),
               r"KernelIn.input_keys has shape \(2, 9\): its chain axis has length 2, but 3 "
               r"in KernelIn.kinds"),
    "fixed axis": (lambda c: _sample(_core(c, params=c.params[..., :3].copy())),
                   r"KernelIn.params has shape .*: its param axis has length 3, but 4 in the "
                   r"kernel"),
    "years": (lambda c: _sample(_core(c, profiles=c.profiles[..., 1:].copy())),
              r"KernelIn.uplift_profiles has shape .*: its year axis has length 10, but 9 in "
              r"KernelIn.profiles"),
    "factors": (lambda c: _sample(c, keys=_keys(c, factors=np.zeros(0, np.uint64))),
                r"KernelIn.factor_of must be in -1 .. -1, got values from -1 to 0"),
    "initiative": (lambda c: _sample(_core(c, chain_initiative=c.chain_initiative + 5)),
                   r"KernelIn.chain_initiative must be in 0 .. 0, got values from 5 to 5"),
    "table index": (lambda c: _sample(c, params=np.where(c.kinds[..., None] == TABLE, 0.5,
                                                         c.params)),
                    r"KernelIn.params\[\.\.\., 2\] of the TABLE kind \(an index into "
                    r"tables\) must be a whole number, got 0.5"),
    "out too short": (lambda c: _sample(c, out=core.allocate(c, 5, False)),
                      r"sample: out has 5 draws, rows 0 .. 9 asked for"),
    "read-only out": (lambda c: _sample(c, out=_read_only_out(c)),
                      r"KernelOut.benefits is read-only"),
    "kept inputs": (lambda c: _sample(c, out=_out(c, inputs=np.empty((10, 2, 5)))),
                    r"KernelOut.inputs has shape \(10, 2, 5\): its chain axis has length 2"),
    "group columns": (lambda c: _sample(c, out=_out(c, groups=np.empty((10, 1, 2)))),
                      r"KernelIn.group_columns must be in -1 .. 1, got values from -1 to \d+"),
    "pattern dtype": (lambda c: _sample(c, out=_out(c, patterns=np.empty((10, 1, 1)))),
                      r"KernelOut.patterns must be a C-contiguous int64 array .*, got float64"),
    "negative n": (lambda c: _sample(c, n=-1), r"sample: n and offset must be >= 0"),
}


@pytest.mark.parametrize(("call", "message"), MISFITS.values(), ids=MISFITS.keys())
def test_a_bundle_that_does_not_fit_gets_a_clear_error(all_kinds, call, message):
    # The kernel does not check its arrays (a wrong shape reads or writes out of bounds),
    # and numba's own error for a wrong type is a typing traceback without the field.
    with pytest.raises(ValueError, match=message):
        call(all_kinds)


def test_an_out_of_fitting_shape_is_written_at_its_offset(all_kinds):
    out = core.allocate(all_kinds, 3_000, True)
    core.sample(all_kinds, 5, 1_000, 2_000, out=out, offset=1_000)
    want = core.sample(all_kinds, 5, 1_000, 2_000, keep_inputs=True)
    np.testing.assert_array_equal(out.benefits[1_000:], want.benefits)
    np.testing.assert_array_equal(out.inputs[1_000:], want.inputs)


def _unmix64(z: int) -> int:
    """The inverse of SplitMix64's finaliser (each step is a bijection of 64-bit words)."""
    mask = 2**64 - 1

    def unshift(y: int, s: int) -> int:  # x from y = x ^ (x >> s)
        x = y
        for _ in range(64 // s + 1):
            x = y ^ (x >> s)
        return x & mask

    z = unshift(z, 31)
    z = (z * pow(0x94D049BB133111EB, -1, 2**64)) & mask
    z = unshift(z, 27)
    z = (z * pow(0xBF58476D1CE4E5B9, -1, 2**64)) & mask
    return unshift(z, 30)


def test_the_largest_hash_gives_a_uniform_below_one():
    """(2⁵³ − 1 + ½)·2⁻⁵³ rounds to 1 exactly in double precision, where every inverse CDF
    diverges; the core and the twin keep it at 1 − 2⁻⁵³. The stream key is built so that
    draw 0's hash is all ones (inverting the finaliser)."""
    assert kernels.mix64(np.uint64(_unmix64(2**64 - 1))) == np.uint64(2**64 - 1)
    key = (_unmix64(2**64 - 1) - 0x9E3779B97F4A7C15) % 2**64  # draw 0 adds GOLDEN once
    u = kernels.uniform(np.uint64(key), np.int64(0))
    assert u == 1.0 - 2.0**-53 and (float(2**53 - 1) + 0.5) * 2.0**-53 == 1.0
    assert testing.uniforms(key, 0, 1)[0] == u
    filled = np.empty(1)
    kernels.fill_uniforms(np.uint64(key), np.int64(0), 1, -1, 0.0, np.empty((0, 1)), filled)
    assert filled[0] == u
