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
=============  ==========================================================================
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from scipy import stats

FIXED, UNIFORM, TRIANGULAR, TABLE, TRUNCNORM, LOGNORM, DISCRETE = range(7)

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
        return f"min ({p['min']:g}) must be below max ({p['max']:g})"
    if "mode" in p and not p["min"] <= p["mode"] <= p["max"]:
        return f"mode ({p['mode']:g}) must lie within [min, max] = [{p['min']:g}, {p['max']:g}]"
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
            return f"a and b must be > 0, got a = {p['a']:g}, b = {p['b']:g}"
        return None
    if not 0 < p["mean"] < 1:
        return f"a Beta mean must lie in (0, 1), got {p['mean']:g}"
    if "concentration" in p and not p["concentration"] > 0:
        return f"concentration must be > 0, got {p['concentration']:g}"
    if "sd" in p and not 0 < p["sd"] ** 2 < p["mean"] * (1 - p["mean"]):
        limit = math.sqrt(p["mean"] * (1 - p["mean"]))
        return f"sd must lie in (0, {limit:.4g}) for mean {p['mean']:g}, got {p['sd']:g}"
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
        return f"sd must be > 0, got {p['sd']:g}"
    if not lo < hi:
        return f"min ({lo:g}) must be below max ({hi:g})"
    a, b = (lo - p["mean"]) / p["sd"], (hi - p["mean"]) / p["sd"]
    if _cdf(b) - _cdf(a) < 1e-9:
        return "[min, max] lies too far in the tail of the normal distribution"
    return None


def _positive(*names: str) -> Callable[[dict[str, float]], str | None]:
    def check(p: dict[str, float]) -> str | None:
        for name in names:
            if not p[name] > 0:
                return f"{name} must be > 0, got {p[name]:g}"
        return None

    return check


def _negbin_check(p: dict[str, float]) -> str | None:
    if not p["mean"] > 0:
        return f"mean must be > 0, got {p['mean']:g}"
    if not p["sd"] ** 2 > p["mean"]:
        return (f"sd² ({p['sd'] ** 2:g}) must exceed the mean ({p['mean']:g}); "
                "use poisson for sd² = mean")
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
                                                 else "lambda must be > 0"),
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
        raise ValueError(f"unknown distribution '{dist}'; expected one of: {', '.join(KINDS)}")
    accepted = (kind.required, *kind.alternatives)
    for required in accepted:
        if set(required) <= set(params):
            break
    else:
        forms = " or ".join("{" + ", ".join(r) + "}" for r in accepted)
        raise ValueError(f"'{dist}' needs {forms}; got {{{', '.join(params)}}}")
    allowed = set(required) | set(kind.optional)
    extra = sorted(set(params) - allowed)
    if extra:
        raise ValueError(f"'{dist}' takes no parameter {', '.join(extra)} "
                         f"(parameters: {', '.join(sorted(allowed))})")
    problem = kind.check(params)
    if problem:
        raise ValueError(f"'{dist}': {problem}")
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


def discrete_cdf(inp: Input) -> tuple[int, np.ndarray]:
    """(k_low, F(k_low .. k_high)): the CDF between the quantiles of mass DISCRETE_TAIL.

    The tails beyond are put on the end values, so the inverse is exact but for draws in
    tails of mass 1e-14; the table stays short, which keeps it in cache. F comes from the
    regularised incomplete gamma and beta functions: Poisson F(k) = Q(k + 1, λ), negative
    binomial F(k) = I_q(r, k + 1) with q = r / (r + mean).
    """
    from scipy.special import betainc, gammaincc

    p = inp.p
    mean = p["mean"]
    sd = math.sqrt(mean) if inp.dist == "poisson" else p["sd"]
    k_min, k_max = max(0, int(mean - 40 * sd - 10)), int(mean + 40 * sd + 60)
    while True:  # widen until the range holds the upper tail quantile (skewed counts)
        k = np.arange(k_min, k_max)
        if inp.dist == "poisson":
            cdf = gammaincc(k + 1.0, mean)
        else:
            r = mean**2 / (sd**2 - mean)
            cdf = betainc(r, k + 1.0, r / (r + mean))
        if cdf[-1] >= 1.0 - DISCRETE_TAIL:
            break
        k_max *= 2
    low = max(int(np.searchsorted(cdf, DISCRETE_TAIL)) - 1, 0)
    high = int(np.searchsorted(cdf, 1.0 - DISCRETE_TAIL)) + 1
    cdf = cdf[low : high + 1].copy()
    cdf[-1] = 1.0  # the tail beyond k_high is put on k_high
    return int(k[low]), cdf


@dataclass
class Compiled:
    """Kernel representation of many inputs: kind codes, parameters, shared tables."""

    kind: list[int] = field(default_factory=list)
    params: list[tuple[float, float, float, float]] = field(default_factory=list)
    tables: list[np.ndarray] = field(default_factory=list)
    cdfs: list[np.ndarray] = field(default_factory=list)
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
        k_low, cdf = discrete_cdf(inp)
        self.push(DISCRETE, float(len(self.cdfs)), float(k_low))
        self.cdfs.append(cdf)

    def push(self, kind: int, *params: float) -> None:
        self.kind.append(kind)
        self.params.append(tuple((*params, 0.0, 0.0, 0.0, 0.0)[:4]))  # type: ignore[arg-type]

    def arrays(self) -> tuple[np.ndarray, ...]:
        """(kind, params, tables (n, half, octave + 1, bin + 1), cdf values, guide,
        cdf offsets)."""
        tables = (np.stack(self.tables) if self.tables
                  else np.zeros((1, 2, TABLE_OCTAVES + 2, TABLE_BINS + 1)))
        offsets = np.zeros(len(self.cdfs) + 1, dtype=np.int64)
        for n, cdf in enumerate(self.cdfs):
            offsets[n + 1] = offsets[n] + len(cdf)
        values = np.concatenate(self.cdfs) if self.cdfs else np.ones(1)
        guide = (np.concatenate([guide_table(c) for c in self.cdfs]) if self.cdfs
                 else np.zeros(1, dtype=np.int32))
        return (np.array(self.kind, dtype=np.int64), np.array(self.params, dtype=np.float64),
                tables, values, guide, offsets)


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


def frozen(inp: Input) -> stats.rv_continuous | stats.rv_discrete:
    """The scipy distribution an input stands for (scipy is imported here, when needed)."""
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
