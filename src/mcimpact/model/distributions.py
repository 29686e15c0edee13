"""Probability distributions for uncertain inputs: a registry of kinds.

Each kind knows its parameters, checks them, gives its point value (the mean: the
deterministic engine runs on means, so that for independent inputs the expected benefits
equal the point result), its support, and how the numba core samples it from a uniform.

The core samples every input by inversion (``x = F⁻¹(u)``) so that any source of uniforms
— the counter-based generator, a copula, later quasi-Monte Carlo — drives every kind:

=============  ==========================================================================
kernel kind    how ``F⁻¹(u)`` is evaluated
=============  ==========================================================================
``FIXED``      the value
``UNIFORM``    ``lo + u (hi − lo)``
``TRIANGULAR`` closed form
``TABLE``      ``lo + (hi − lo) · Q(u)``; Q a Beta quantile table on an octave grid
``TRUNCNORM``  ``μ + σ Φ⁻¹(Φ(α) + u (Φ(β) − Φ(α)))``
``LOGNORM``    ``exp(μ + σ Φ⁻¹(u))``
``DISCRETE``   exact: the smallest k with ``u ≤ F(k)`` (indexed search: a guide table
               points each of L equal bins of u at its first candidate k)
``DISCRETE_    counts whose exact table would exceed MAX_DISCRETE_TABLE entries: F at
LATTICE``      at most that many integer points k_0 < k_1 < …, placed where F bends
               (:func:`lattice_cdf`); the cell with ``F(k_{j-1}) < u ≤ F(k_j)`` is found
               as for ``DISCRETE``, and the result is the smallest integer k whose F,
               interpolated linearly in the cell, is ≥ u
=============  ==========================================================================

Both count kinds are inversions of u, so copulas and the counter-based streams drive them
as every other kind; the lattice's compile time and memory are bounded by
MAX_DISCRETE_TABLE whatever the mean (docs/methodology.md, "Counts").
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from ..errors import say

if TYPE_CHECKING:
    from scipy import stats

FIXED, UNIFORM, TRIANGULAR, TABLE, TRUNCNORM, LOGNORM, DISCRETE, DISCRETE_LATTICE = range(8)

# Beta quantile tables. A quantile function bends most near its ends (≈ u^(1/a) for a
# Beta), where linear interpolation on a plain grid is off by percents in the end bins.
# So each half of (0, 1), measured from its end as v = min(u, 1 − u), is split into
# octaves v ∈ [2^-(r+1), 2^-r) of TABLE_BINS equal bins each (r = 1 .. TABLE_OCTAVES;
# row 0 only serves v = 1/2), and below 2^-(TABLE_OCTAVES+1) one plain row runs to the
# end point. No bin is wider than 1/TABLE_BINS of its distance to the end, so the
# interpolation error stays near 1e-6 relative everywhere, and the kernel reads octave
# and bin straight from the bits of v, without branches.
TABLE_BINS = 256
TABLE_OCTAVES = 40
# Discrete CDFs run until the remaining tail mass is below this.
DISCRETE_TAIL = 1e-14
# Guide-table entries per CDF entry for the indexed search of discrete inverses.
GUIDE_FACTOR = 2
# The most entries of a count's table. A count whose exact table (one entry per k between
# its tail quantiles of mass DISCRETE_TAIL, about 15 sd for a near-normal count) would be
# longer is tabulated on a lattice of at most this many points instead.
MAX_DISCRETE_TABLE = 2**16
# Lattice cells at the start, before the refinement splits the cells where F bends most,
# and the interpolation error (in F) below which a cell is not split further.
LATTICE_START = 2**12
LATTICE_TOL = 1e-13


@dataclass(frozen=True)
class Input:
    """An input of a chain: a distribution kind and its parameters (or a fixed value)."""

    dist: str
    params: tuple[tuple[str, float], ...]
    label: str | None = None  # the scale label it came from, if any

    @property
    def p(self) -> dict[str, float]:
        return dict(self.params)

    @property
    def point(self) -> float:
        return KINDS[self.dist].mean(self.p)

    @property
    def support(self) -> tuple[float, float]:
        return KINDS[self.dist].support(self.p)

    @property
    def is_fixed(self) -> bool:
        return self.dist == "fixed"


def fixed(value: float) -> Input:
    return Input("fixed", (("value", float(value)),))


@dataclass(frozen=True)
class Kind:
    description: str
    required: tuple[str, ...]
    optional: dict[str, float] = field(default_factory=dict)
    alternatives: tuple[tuple[str, ...], ...] = ()  # other accepted required sets
    check: Callable[[dict[str, float]], str | None] = lambda p: None
    mean: Callable[[dict[str, float]], float] = lambda p: math.nan
    support: Callable[[dict[str, float]], tuple[float, float]] = lambda p: (-math.inf, math.inf)
    discrete: bool = False


def _ordered(p: dict[str, float]) -> str | None:
    if not p["min"] < p["max"]:
        return say("min_max", "min ({min:g}) must be below max ({max:g})", min=p["min"],
                   max=p["max"])
    if "mode" in p and not p["min"] <= p["mode"] <= p["max"]:
        return say("mode_within", "mode ({mode:g}) must lie within [min, max] = [{min:g}, "
                   "{max:g}]", mode=p["mode"], min=p["min"], max=p["max"])
    return None


def _pert_ab(p: dict[str, float]) -> tuple[float, float]:
    lam = p.get("lambda", 4.0)
    width = p["max"] - p["min"]
    return 1 + lam * (p["mode"] - p["min"]) / width, 1 + lam * (p["max"] - p["mode"]) / width


def beta_ab(p: dict[str, float]) -> tuple[float, float]:
    """(a, b) of a Beta given by a/b, mean/concentration or mean/sd."""
    if "a" in p:
        return p["a"], p["b"]
    mean = p["mean"]
    kappa = p["concentration"] if "concentration" in p else mean * (1 - mean) / p["sd"] ** 2 - 1
    return mean * kappa, (1 - mean) * kappa


def _beta_mean(a: float, b: float) -> float:
    return a / (a + b)


def _beta_check(p: dict[str, float]) -> str | None:
    if "a" in p:
        if not (p["a"] > 0 and p["b"] > 0):
            return say("beta_ab", "a and b must be > 0, got a = {a:g}, b = {b:g}", a=p["a"],
                       b=p["b"])
        return None
    if not 0 < p["mean"] < 1:
        return say("beta_mean", "a Beta mean must lie in (0, 1), got {mean:g}",
                   mean=p["mean"])
    if "concentration" in p and not p["concentration"] > 0:
        return say("positive", "{name} must be > 0, got {value:g}", name="concentration",
                   value=p["concentration"])
    if "sd" in p and not 0 < p["sd"] ** 2 < p["mean"] * (1 - p["mean"]):
        limit = math.sqrt(p["mean"] * (1 - p["mean"]))
        return say("beta_sd", "sd must lie in (0, {limit:.4g}) for mean {mean:g}, got "
                   "{sd:g}", limit=limit, mean=p["mean"], sd=p["sd"])
    return None


def _truncnorm_bounds(p: dict[str, float]) -> tuple[float, float]:
    return p.get("min", -math.inf), p.get("max", math.inf)


def _phi(x: float) -> float:
    return math.exp(-0.5 * x * x) / math.sqrt(2 * math.pi) if math.isfinite(x) else 0.0


def _cdf(x: float) -> float:
    return 0.5 * math.erfc(-x / math.sqrt(2))


def _truncnorm_mean(p: dict[str, float]) -> float:
    lo, hi = _truncnorm_bounds(p)
    a, b = (lo - p["mean"]) / p["sd"], (hi - p["mean"]) / p["sd"]
    return p["mean"] + p["sd"] * (_phi(a) - _phi(b)) / (_cdf(b) - _cdf(a))


def _truncnorm_check(p: dict[str, float]) -> str | None:
    lo, hi = _truncnorm_bounds(p)
    if not p["sd"] > 0:
        return say("positive", "{name} must be > 0, got {value:g}", name="sd", value=p["sd"])
    if not lo < hi:
        return say("min_max", "min ({min:g}) must be below max ({max:g})", min=lo, max=hi)
    a, b = (lo - p["mean"]) / p["sd"], (hi - p["mean"]) / p["sd"]
    if _cdf(b) - _cdf(a) < 1e-9:
        return say("tail", "[min, max] lies too far in the tail of the normal distribution")
    return None


def _positive(*names: str) -> Callable[[dict[str, float]], str | None]:
    def check(p: dict[str, float]) -> str | None:
        for name in names:
            if not p[name] > 0:
                return say("positive", "{name} must be > 0, got {value:g}", name=name,
                           value=p[name])
        return None

    return check


def _negbin_check(p: dict[str, float]) -> str | None:
    if not p["mean"] > 0:
        return say("positive", "{name} must be > 0, got {value:g}", name="mean",
                   value=p["mean"])
    if not p["sd"] ** 2 > p["mean"]:
        return say("negbin_sd", "sd² ({variance:g}) must exceed the mean ({mean:g}); use "
                   "poisson for sd² = mean", variance=p["sd"] ** 2, mean=p["mean"])
    return None


KINDS: dict[str, Kind] = {
    "fixed": Kind("a single value", ("value",), mean=lambda p: p["value"],
                  support=lambda p: (p["value"], p["value"])),
    "uniform": Kind("uniform on [min, max]", ("min", "max"), check=_ordered,
                    mean=lambda p: (p["min"] + p["max"]) / 2,
                    support=lambda p: (p["min"], p["max"])),
    "triangular": Kind("triangular with min, mode, max", ("min", "mode", "max"), check=_ordered,
                       mean=lambda p: (p["min"] + p["mode"] + p["max"]) / 3,
                       support=lambda p: (p["min"], p["max"])),
    "pert": Kind("PERT (a Beta on [min, max]) with min, mode, max; lambda = 4 by default",
                 ("min", "mode", "max"), optional={"lambda": 4.0},
                 check=lambda p: _ordered(p) or (None if p.get("lambda", 4.0) > 0
                                                 else say("lambda", "lambda must be > 0")),
                 mean=lambda p: (p["min"] + p.get("lambda", 4.0) * p["mode"] + p["max"])
                 / (p.get("lambda", 4.0) + 2),
                 support=lambda p: (p["min"], p["max"])),
    "beta": Kind("Beta on [0, 1] by mean and concentration, mean and sd, or a and b",
                 ("mean", "concentration"), alternatives=(("mean", "sd"), ("a", "b")),
                 check=_beta_check, mean=lambda p: _beta_mean(*beta_ab(p)),
                 support=lambda p: (0.0, 1.0)),
    "truncnormal": Kind("normal with mean and sd, truncated to [min, max] (each optional)",
                        ("mean", "sd"), optional={"min": -math.inf, "max": math.inf},
                        check=_truncnorm_check, mean=_truncnorm_mean,
                        support=_truncnorm_bounds),
    "lognormal": Kind("lognormal by the mean and sd of the variable itself", ("mean", "sd"),
                      check=_positive("mean", "sd"), mean=lambda p: p["mean"],
                      support=lambda p: (0.0, math.inf)),
    "poisson": Kind("Poisson count with the given mean", ("mean",), check=_positive("mean"),
                    mean=lambda p: p["mean"], support=lambda p: (0.0, math.inf),
                    discrete=True),
    "negbinomial": Kind("negative binomial count by mean and sd (sd² > mean)", ("mean", "sd"),
                        check=_negbin_check, mean=lambda p: p["mean"],
                        support=lambda p: (0.0, math.inf), discrete=True),
}


def make(dist: str, params: dict[str, float], label: str | None = None) -> Input:
    """Build an input; raise ValueError with a user-facing message when it is invalid."""
    kind = KINDS.get(dist)
    if kind is None:
        raise ValueError(say("dist_unknown", "unknown distribution '{dist}'; expected one "
                             "of: {kinds}", dist=dist, kinds=", ".join(KINDS)))
    accepted = (kind.required, *kind.alternatives)
    for required in accepted:
        if set(required) <= set(params):
            break
    else:
        forms: str = "{" + ", ".join(accepted[-1]) + "}"
        for r in reversed(accepted[:-1]):
            forms = say("or", "{first} or {then}", first="{" + ", ".join(r) + "}", then=forms)
        raise ValueError(say("dist_needs", "'{dist}' needs {forms}; got {{{given}}}",
                             dist=dist, forms=forms, given=", ".join(params)))
    allowed = set(required) | set(kind.optional)
    extra = sorted(set(params) - allowed)
    if extra:
        raise ValueError(say("dist_extra", "'{dist}' takes no parameter {extra} (parameters: "
                             "{allowed})", dist=dist, extra=", ".join(extra),
                             allowed=", ".join(sorted(allowed))))
    problem = kind.check(params)
    if problem:
        raise ValueError(say("dist_problem", "'{dist}': {problem}", dist=dist,
                             problem=problem))
    return Input(dist, tuple(sorted(params.items())), label)


def label_beta(label: str, mean: float, sd: float) -> Input:
    """The Beta a scale label stands for: the label's value as mean, the scale's sd."""
    return make("beta", {"mean": mean, "sd": sd}, label=label)


# --------------------------------------------------------------------------------------
# Compilation to the numba core's plain arrays


def table_grid() -> np.ndarray:
    """The u values of a quantile table, shape (half, TABLE_OCTAVES + 2, bin + 1).

    ``[0, r, j]`` is v = 2^-(r+1) (1 + j / TABLE_BINS) for r ≤ TABLE_OCTAVES, and
    ``[1, r, j]`` is 1 − v; the last row runs plainly from v = 0 (the end point) to the
    bottom of the last octave, v = 2^-(TABLE_OCTAVES+1).
    """
    j = np.arange(TABLE_BINS + 1, dtype=float)
    r = np.arange(TABLE_OCTAVES + 1, dtype=float)[:, None]
    v = np.empty((TABLE_OCTAVES + 2, TABLE_BINS + 1))
    v[:-1] = np.minimum(2.0 ** -(r + 1) * (1 + j / TABLE_BINS), 1.0)
    v[-1] = j / TABLE_BINS * 2.0 ** -(TABLE_OCTAVES + 1)
    return np.stack([v, 1.0 - v])


def beta_table(a: float, b: float) -> np.ndarray:
    """The quantile table of a Beta(a, b) on :func:`table_grid`."""
    from scipy.special import betaincinv

    return betaincinv(a, b, table_grid())


def count_cdf(inp: Input) -> Callable[[np.ndarray], np.ndarray]:
    """F(k) of a count (Poisson or negative binomial) for an array of k (whole floats or
    ints), from the regularised incomplete gamma and beta functions: Poisson
    F(k) = Q(k + 1, λ), negative binomial F(k) = I_q(r, k + 1) with q = r / (r + mean)."""
    from scipy.special import betainc, gammaincc

    p = inp.p
    mean = p["mean"]
    if inp.dist == "poisson":
        return lambda k: gammaincc(k + 1.0, mean)
    r = mean**2 / (p["sd"] ** 2 - mean)
    q = r / (r + mean)
    return lambda k: betainc(r, k + 1.0, q)


def _count_sd(inp: Input) -> float:
    return math.sqrt(inp.p["mean"]) if inp.dist == "poisson" else inp.p["sd"]


def discrete_cdf(inp: Input) -> tuple[int, np.ndarray]:
    """(k_low, F(k_low .. k_high)): the CDF between the quantiles of mass DISCRETE_TAIL.

    The tails beyond are put on the end values, so the inverse is exact but for draws in
    tails of mass 1e-14; the table stays short, which keeps it in cache. F is
    :func:`count_cdf`. The table has about 15 sd entries: for counts whose table would
    exceed MAX_DISCRETE_TABLE, :func:`count_table` takes :func:`lattice_cdf` instead.
    """
    cdf_of = count_cdf(inp)
    mean, sd = inp.p["mean"], _count_sd(inp)
    k_min, k_max = max(0, int(mean - 40 * sd - 10)), int(mean + 40 * sd + 60)
    while True:  # widen until the range holds the upper tail quantile (skewed counts)
        k = np.arange(k_min, k_max)
        cdf = cdf_of(k)
        if cdf[-1] >= 1.0 - DISCRETE_TAIL:
            break
        k_max *= 2
    low = max(int(np.searchsorted(cdf, DISCRETE_TAIL)) - 1, 0)
    high = int(np.searchsorted(cdf, 1.0 - DISCRETE_TAIL)) + 1
    cdf = cdf[low : high + 1].copy()
    cdf[-1] = 1.0  # the tail beyond k_high is put on k_high
    return int(k[low]), cdf


def _first_at_least(cdf_of: Callable[[np.ndarray], np.ndarray], target: float, lo: int,
                    hi: int) -> int:
    """The smallest k in [lo, hi] with F(k) ≥ target (hi if none), by bisection."""
    if cdf_of(np.array([float(lo)]))[0] >= target:
        return lo
    while hi - lo > 1:  # F(lo) < target ≤ F(hi), or hi the end
        mid = (lo + hi) // 2
        if cdf_of(np.array([float(mid)]))[0] >= target:
            hi = mid
        else:
            lo = mid
    return hi


def count_range(inp: Input) -> tuple[int, int]:
    """(k_low, k_high) of :func:`discrete_cdf` without its table: one below the first k
    with F(k) ≥ DISCRETE_TAIL (at least 0), one above the first k with F(k) ≥
    1 − DISCRETE_TAIL. O(1) memory, some hundred evaluations of F."""
    cdf_of = count_cdf(inp)
    mean, sd = inp.p["mean"], _count_sd(inp)
    k_min, k_max = max(0, int(mean - 40 * sd - 10)), int(mean + 40 * sd + 60)
    while cdf_of(np.array([float(k_max)]))[0] < 1.0 - DISCRETE_TAIL:
        k_max *= 2
    low = max(_first_at_least(cdf_of, DISCRETE_TAIL, k_min, k_max) - 1, 0)
    return low, _first_at_least(cdf_of, 1.0 - DISCRETE_TAIL, k_min, k_max) + 1


@dataclass(frozen=True)
class Lattice:
    """A count's CDF on integer points: ``cdf[j] = F(points[j])`` (the last put to 1),
    and ``error``, the largest |F − its linear interpolation| at the cells' midpoints."""

    points: np.ndarray  # float64, whole numbers, increasing
    cdf: np.ndarray
    error: float


def lattice_cdf(inp: Input, size: int = MAX_DISCRETE_TABLE) -> Lattice:
    """F of a count at at most ``size`` integer points between the ends of
    :func:`count_range`, placed where linear interpolation of F errs most.

    The points start as LATTICE_START + 1 evenly spaced ones; then every cell whose
    midpoint error ``|F(m) − F_lin(m)|`` is above a quarter of the largest (and above
    LATTICE_TOL) is split at its midpoint, worst first while points are left, until none
    are. Splitting a cell quarters its error where F is smooth, so the errors even out:
    about 0.03 (s / sd)² for a near-normal count with cells of s, and the cells grow fine
    wherever F bends sharply (near 0 for a negative binomial with r < 1). Cells of width 1
    are exact. Memory and time are O(size), whatever the mean.
    """
    cdf_of = count_cdf(inp)
    low, high = count_range(inp)
    points = np.unique(np.round(np.linspace(low, high, min(LATTICE_START, size - 1) + 1)))
    a, b = points[:-1], points[1:]
    fa, fb = cdf_of(a), cdf_of(b)
    m, err = _midpoint_errors(cdf_of, a, b, fa, fb)
    while len(a) < size - 1:
        worst = err.max()
        if worst <= LATTICE_TOL:
            break
        split = np.flatnonzero(err > max(worst / 4, LATTICE_TOL))
        split = split[np.argsort(-err[split], kind="stable")[: size - 1 - len(a)]]
        fm = cdf_of(m[split])
        keep = np.ones(len(a), dtype=bool)
        keep[split] = False
        new_a, new_b = np.concatenate([a[split], m[split]]), np.concatenate([m[split], b[split]])
        new_fa = np.concatenate([fa[split], fm])
        new_fb = np.concatenate([fm, fb[split]])
        new_m, new_err = _midpoint_errors(cdf_of, new_a, new_b, new_fa, new_fb)
        order = np.argsort(np.concatenate([a[keep], new_a]), kind="stable")
        a, b, fa, fb, m, err = (np.concatenate([x[keep], y])[order] for x, y in (
            (a, new_a), (b, new_b), (fa, new_fa), (fb, new_fb), (m, new_m), (err, new_err)))
    points = np.append(a, b[-1])
    cdf = np.maximum.accumulate(np.append(fa, 1.0))  # the tail beyond k_high on k_high
    return Lattice(points, cdf, float(err.max()))


def _midpoint_errors(cdf_of: Callable[[np.ndarray], np.ndarray], a: np.ndarray,
                     b: np.ndarray, fa: np.ndarray,
                     fb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The cells' integer midpoints and |F − F_lin| there (0 for cells of width 1)."""
    m = np.floor((a + b) / 2)
    err = np.zeros(len(a))
    wide = b - a > 1
    lin = fa[wide] + (m[wide] - a[wide]) / (b[wide] - a[wide]) * (fb[wide] - fa[wide])
    err[wide] = np.abs(cdf_of(m[wide]) - lin)
    return m, err


@dataclass(frozen=True)
class CountTable:
    """How the core samples a count: its kernel kind (DISCRETE or DISCRETE_LATTICE), the
    integer points k of its table and F there."""

    kind: int
    points: np.ndarray
    cdf: np.ndarray


def count_table(inp: Input) -> CountTable:
    """The exact table of :func:`discrete_cdf` where it has at most MAX_DISCRETE_TABLE
    entries, else the lattice of :func:`lattice_cdf`. The choice costs O(1) memory: the
    exact table's length comes from :func:`count_range` first, unless the first range of
    :func:`discrete_cdf` is at most that long and holds the upper tail (one evaluation of F,
    not a bisection: most counts)."""
    mean, sd = inp.p["mean"], _count_sd(inp)
    k_min, k_max = max(0, int(mean - 40 * sd - 10)), int(mean + 40 * sd + 60)
    if (k_max - k_min <= MAX_DISCRETE_TABLE
            and count_cdf(inp)(np.array([float(k_max - 1)]))[0] >= 1.0 - DISCRETE_TAIL):
        low, high = 0, 0  # the table of discrete_cdf is at most the first range
    else:
        low, high = count_range(inp)
    if high - low + 1 <= MAX_DISCRETE_TABLE + 2:  # the exact path, as before
        k_low, cdf = discrete_cdf(inp)
        if len(cdf) <= MAX_DISCRETE_TABLE:
            return CountTable(DISCRETE, k_low + np.arange(len(cdf), dtype=np.float64), cdf)
    lattice = lattice_cdf(inp)
    return CountTable(DISCRETE_LATTICE, lattice.points, lattice.cdf)


def lattice_quantile(points: np.ndarray, cdf: np.ndarray, u: np.ndarray) -> np.ndarray:
    """F⁻¹(u) of a lattice (NumPy): in the cell with F(k_{j-1}) < u ≤ F(k_j), the
    smallest integer k whose linearly interpolated F is ≥ u; k_0 for u ≤ F(k_0)."""
    u = np.asarray(u, dtype=np.float64)
    j = np.searchsorted(cdf, u, side="left")
    prev = np.maximum(j - 1, 0)
    f0, k0 = cdf[prev], points[prev]
    width = points[j] - k0
    with np.errstate(invalid="ignore", divide="ignore"):
        step = np.ceil(width * (u - f0) / (cdf[j] - f0))
    return np.where(j == 0, points[0], k0 + np.minimum(np.maximum(step, 1.0), width))


@dataclass
class Compiled:
    """Kernel representation of many inputs: kind codes, parameters, shared tables."""

    kind: list[int] = field(default_factory=list)
    params: list[tuple[float, float, float, float]] = field(default_factory=list)
    tables: list[np.ndarray] = field(default_factory=list)
    cdfs: list[np.ndarray] = field(default_factory=list)
    points: list[np.ndarray] = field(default_factory=list)  # the k of each cdf entry
    _table_index: dict[tuple[float, float], int] = field(default_factory=dict)

    def add(self, inp: Input) -> None:
        COMPILERS[inp.dist](inp.p, inp, self)

    def beta_table(self, a: float, b: float) -> float:
        """Index of the (shared) quantile table of Beta(a, b)."""
        if (a, b) not in self._table_index:
            self._table_index[a, b] = len(self.tables)
            self.tables.append(beta_table(a, b))
        return float(self._table_index[a, b])

    def discrete(self, inp: Input) -> None:
        table = count_table(inp)
        self.push(table.kind, float(len(self.cdfs)), float(table.points[0]))
        self.cdfs.append(table.cdf)
        self.points.append(table.points)

    def push(self, kind: int, *params: float) -> None:
        self.kind.append(kind)
        self.params.append(tuple((*params, 0.0, 0.0, 0.0, 0.0)[:4]))  # type: ignore[arg-type]

    def arrays(self) -> tuple[np.ndarray, ...]:
        """(kind, params, tables (n, half, octave + 1, bin + 1), cdf values, their points
        k, guide, cdf offsets)."""
        tables = (np.stack(self.tables) if self.tables
                  else np.zeros((1, 2, TABLE_OCTAVES + 2, TABLE_BINS + 1)))
        offsets = np.zeros(len(self.cdfs) + 1, dtype=np.int64)
        for n, cdf in enumerate(self.cdfs):
            offsets[n + 1] = offsets[n] + len(cdf)
        values = np.concatenate(self.cdfs) if self.cdfs else np.ones(1)
        points = np.concatenate(self.points) if self.points else np.zeros(1)
        guide = (np.concatenate([guide_table(c) for c in self.cdfs]) if self.cdfs
                 else np.zeros(1, dtype=np.int32))
        return (np.array(self.kind, dtype=np.int64), np.array(self.params, dtype=np.float64),
                tables, values, points, guide, offsets)


def _compile_truncnormal(p: dict[str, float], c: Compiled) -> None:
    lo, hi = _truncnorm_bounds(p)
    a, b = (lo - p["mean"]) / p["sd"], (hi - p["mean"]) / p["sd"]
    c.push(TRUNCNORM, p["mean"], p["sd"], _cdf(a), _cdf(b))


def _compile_lognormal(p: dict[str, float], c: Compiled) -> None:
    sigma2 = math.log1p((p["sd"] / p["mean"]) ** 2)
    c.push(LOGNORM, math.log(p["mean"]) - sigma2 / 2, math.sqrt(sigma2))


# How each kind becomes the core's (kernel kind, parameters): a dispatch table beside
# KINDS, which it must cover (checked by the tests).
COMPILERS: dict[str, Callable[[dict[str, float], Input, Compiled], None]] = {
    "fixed": lambda p, inp, c: c.push(FIXED, p["value"]),
    "uniform": lambda p, inp, c: c.push(UNIFORM, p["min"], p["max"]),
    "triangular": lambda p, inp, c: c.push(TRIANGULAR, p["min"], p["mode"], p["max"]),
    "pert": lambda p, inp, c: c.push(TABLE, p["min"], p["max"], c.beta_table(*_pert_ab(p))),
    "beta": lambda p, inp, c: c.push(TABLE, 0.0, 1.0, c.beta_table(*beta_ab(p))),
    "truncnormal": lambda p, inp, c: _compile_truncnormal(p, c),
    "lognormal": lambda p, inp, c: _compile_lognormal(p, c),
    "poisson": lambda p, inp, c: c.discrete(inp),
    "negbinomial": lambda p, inp, c: c.discrete(inp),
}


def guide_table(cdf: np.ndarray) -> np.ndarray:
    """For each bin j of L = GUIDE_FACTOR·len(cdf) equal bins of u: the first k with
    F(k) ≥ j / L, so every u in bin j has its answer at or after that k."""
    n = GUIDE_FACTOR * len(cdf)
    return np.minimum(np.searchsorted(cdf, np.arange(n) / n, side="left"),
                      len(cdf) - 1).astype(np.int32)


@functools.lru_cache(maxsize=4096)
def frozen(inp: Input) -> stats.rv_continuous | stats.rv_discrete:
    """The scipy distribution an input stands for (scipy is imported here, when needed).
    One per distinct input (chains share their label's: making one takes ~1 ms); it is
    only read (its quantiles, moments, CDF), never drawn from."""
    from scipy import stats

    p = inp.p
    d = inp.dist
    if d == "uniform":
        return stats.uniform(p["min"], p["max"] - p["min"])
    if d == "triangular":
        width = p["max"] - p["min"]
        return stats.triang((p["mode"] - p["min"]) / width, p["min"], width)
    if d == "pert":
        lam = p.get("lambda", 4.0)
        width = p["max"] - p["min"]
        a = 1 + lam * (p["mode"] - p["min"]) / width
        b = 1 + lam * (p["max"] - p["mode"]) / width
        return stats.beta(a, b, p["min"], width)
    if d == "beta":
        return stats.beta(*beta_ab(p))
    if d == "truncnormal":
        lo, hi = p.get("min", -math.inf), p.get("max", math.inf)
        return stats.truncnorm((lo - p["mean"]) / p["sd"], (hi - p["mean"]) / p["sd"],
                               p["mean"], p["sd"])
    if d == "lognormal":
        sigma2 = math.log1p((p["sd"] / p["mean"]) ** 2)
        return stats.lognorm(math.sqrt(sigma2), scale=math.exp(math.log(p["mean"]) - sigma2 / 2))
    if d == "poisson":
        return stats.poisson(p["mean"])
    if d == "negbinomial":
        r = p["mean"] ** 2 / (p["sd"] ** 2 - p["mean"])
        return stats.nbinom(r, r / (r + p["mean"]))
    raise ValueError(d)


# --------------------------------------------------------------------------------------
# Workshop ranges: a low and a high value with a stated confidence, fitted by quantile
# matching (as SHELF does): the fitted distribution has P(X < low) = (1 − confidence) / 2
# and P(X > high) = (1 − confidence) / 2 (docs/scenario-format.md#workshop-ranges).

DEFAULT_RANGE_CONFIDENCE = 0.9
# How far the fitted Beta's quantiles may miss low and high [in probability].
RANGE_FIT_TOL = 1e-10


def _range_z(confidence: float) -> float:
    """z = Φ⁻¹((1 + confidence) / 2): low and high lie z standard deviations from the
    centre of a normal (on the log scale for a lognormal)."""
    from scipy.special import ndtri

    return float(ndtri((1.0 + confidence) / 2.0))


def fit_lognormal(low: float, high: float, confidence: float) -> Input:
    """The lognormal with quantiles low and high at (1 ∓ confidence) / 2, in closed form:
    ``μ = (ln low + ln high) / 2``, ``σ = (ln high − ln low) / (2 z)``, written as the kind
    ``lognormal`` by its mean ``exp(μ + σ²/2)`` and sd ``mean · √(exp(σ²) − 1)``."""
    z = _range_z(confidence)
    mu = (math.log(low) + math.log(high)) / 2
    sigma = (math.log(high) - math.log(low)) / (2 * z)
    mean = math.exp(mu + sigma**2 / 2)
    return make("lognormal", {"mean": mean, "sd": mean * math.sqrt(math.expm1(sigma**2))})


def fit_normal(low: float, high: float, confidence: float) -> Input:
    """The normal with quantiles low and high at (1 ∓ confidence) / 2, in closed form:
    ``μ = (low + high) / 2``, ``σ = (high − low) / (2 z)`` (kind ``truncnormal`` without
    bounds)."""
    z = _range_z(confidence)
    return make("truncnormal", {"mean": (low + high) / 2, "sd": (high - low) / (2 * z)})


def fit_beta(low: float, high: float, confidence: float) -> Input:
    """The Beta(a, b) with quantiles low and high at (1 ∓ confidence) / 2. There is no
    closed form: Newton's method (scipy.optimize.root) on (ln a, ln b), started from the
    Beta with the mean and sd of the normal fit; the result's quantiles must match to
    RANGE_FIT_TOL in probability, else ValueError."""
    from scipy.optimize import root
    from scipy.special import betainc

    tail = (1.0 - confidence) / 2.0
    z = _range_z(confidence)
    mean, sd = (low + high) / 2, (high - low) / (2 * z)
    kappa = mean * (1 - mean) / sd**2 - 1 if sd**2 < mean * (1 - mean) else 2.0
    start = np.log([max(mean * kappa, 1e-3), max((1 - mean) * kappa, 1e-3)])

    def misfit(x: np.ndarray) -> np.ndarray:
        a, b = np.exp(np.clip(x, -30, 30))
        return np.array([betainc(a, b, low) - tail, betainc(a, b, high) - (1 - tail)])

    found = root(misfit, start, method="hybr", options={"xtol": 1e-14})
    if not np.all(np.abs(misfit(found.x)) <= RANGE_FIT_TOL):
        raise ValueError(say("no_beta", "no Beta distribution has P(X < {low:g}) = P(X > "
                             "{high:g}) = {tail:g}; widen the range or lower the confidence",
                             low=low, high=high, tail=tail))
    a, b = (float(v) for v in np.exp(found.x))
    return make("beta", {"a": a, "b": b})


# Which family a range is fitted to, by the input's range: shares and probabilities
# ([0, 1]) a Beta, positive amounts and counts a lognormal, an amount that may be
# negative a normal.
RANGE_FITS: dict[str, Callable[[float, float, float], Input]] = {
    "beta": fit_beta,
    "lognormal": fit_lognormal,
    "normal": fit_normal,
}
