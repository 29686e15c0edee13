"""The typed results of the sensitivity analysis: what :func:`analyse` returns.

Every piece is a frozen dataclass. JSON is made only by the ``to_json`` methods, in the
schema of docs/methodology.md §8, where numbers that are not defined (NaN) are null. The
estimators return :class:`xarray.Dataset` objects (for notebooks and ``groupby``); each
type's ``from_dataset`` reads the dataset of its estimator.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from ..types import Estimate, clean

if TYPE_CHECKING:
    import xarray as xr


def _interval(value: float, low: float, high: float) -> Estimate:
    """An index or an effect with the bounds of its confidence interval [its unit]."""
    return Estimate(value, low=low, high=high)


def _flat_json(obj: Any) -> dict[str, Any]:
    """The fields of a record in their order: floats cleaned for JSON, estimates flattened
    (``{name: value, name_low: low, name_high: high}``: the schema keeps them flat)."""
    out: dict[str, Any] = {}
    for f in fields(obj):
        value = getattr(obj, f.name)
        if isinstance(value, Estimate):
            out.update({f.name: clean(value.value), f"{f.name}_low": clean(value.low),
                        f"{f.name}_high": clean(value.high)})
        elif isinstance(value, float):
            out[f.name] = clean(value)
        else:
            out[f.name] = value
    return out


def _column(ds: xr.Dataset, name: str) -> list[Any]:
    """A variable or coordinate along the dataset's one dimension, as Python scalars."""
    return ds[name].values.tolist()


# --------------------------------------------------------------------------------------
# Sobol indices of factors


@dataclass(frozen=True)
class SobolIndex:
    """The Sobol indices of one factor for one output [1]: first order (what the factor
    explains of the output's variance on its own) and total order (with its interactions),
    each with its confidence interval."""

    factor: str
    first_order: Estimate
    total_order: Estimate

    def to_json(self) -> dict[str, Any]:
        return _flat_json(self)


@dataclass(frozen=True)
class VarianceShare(SobolIndex):
    """An exact variance share of an additive part (first order = total order [1]), with
    its batch-means ``standard_error`` [1] and the ``mean`` [EUR] and ``variance``
    [EUR^2] of the part's total."""

    standard_error: float
    mean: float
    variance: float


def _sobol_rows(ds: xr.Dataset) -> tuple[SobolIndex, ...]:
    """One index per factor of a dataset with the one dimension ``factor``."""
    col = {name: _column(ds, name) for name in (
        "factor", "first_order", "first_order_low", "first_order_high",
        "total_order", "total_order_low", "total_order_high")}

    def estimates(k: int) -> tuple[str, Estimate, Estimate]:
        return (str(col["factor"][k]),
                _interval(col["first_order"][k], col["first_order_low"][k],
                          col["first_order_high"][k]),
                _interval(col["total_order"][k], col["total_order_low"][k],
                          col["total_order_high"][k]))

    n = len(col["factor"])
    if "standard_error" not in ds:
        return tuple(SobolIndex(*estimates(k)) for k in range(n))
    se, mean, var = (_column(ds, name) for name in ("standard_error", "mean", "variance"))
    return tuple(VarianceShare(*estimates(k), se[k], mean[k], var[k]) for k in range(n))


@dataclass(frozen=True)
class Indices:
    """Sobol indices of factors (activities, initiatives, input kinds, …) for one or more
    outputs, from one estimator.

    ``outputs`` maps an output name (``multiplier``, ``benefits_total``, …) to the indices
    of its factors, in the estimator's order of the factors. Exact variance shares hold
    for total benefits and the multiplier alike (:class:`VarianceShare`); pick-freeze
    estimates each output separately (:class:`SobolIndex`).
    """

    method: str
    draws: int  # per sample [draws]
    confidence_level: float  # of the intervals [1]
    outputs: Mapping[str, tuple[SobolIndex, ...]]

    @property
    def factors(self) -> tuple[str, ...]:
        """The factors' names, in order."""
        return tuple(i.factor for i in next(iter(self.outputs.values()), ()))

    def to_json(self) -> dict[str, Any]:
        return {"method": self.method, "draws": self.draws,
                "confidence_level": self.confidence_level,
                "outputs": {name: [i.to_json() for i in rows]
                            for name, rows in self.outputs.items()}}

    @classmethod
    def from_dataset(cls, ds: xr.Dataset) -> Indices:
        """From :func:`variance_shares` (every output of its ``outputs`` attribute has the
        same indices) or :func:`pick_freeze` (dimension ``output``)."""
        if "output" in ds.dims:
            outputs = {str(o): _sobol_rows(ds.sel(output=o)) for o in ds["output"].values}
        else:
            rows = _sobol_rows(ds)
            outputs = {o.strip(): rows for o in str(ds.attrs["outputs"]).split(",")}
        return cls(str(ds.attrs["method"]), int(ds.attrs["draws"]),
                   ds.attrs["confidence_level"], outputs)


# --------------------------------------------------------------------------------------
# Exact indices of the inputs


@dataclass(frozen=True)
class InputIndex:
    """The exact Sobol indices [1] of one input kind (that input in every chain) for total
    benefits and the multiplier."""

    input: str
    first_order: float
    total_order: float

    def to_json(self) -> dict[str, Any]:
        return _flat_json(self)


@dataclass(frozen=True)
class ChainInputs:
    """One chain: its ``share`` of the variance of total benefits [1] (its Sobol index as a
    group of inputs) and, within the chain, each input's first- and total-order index [1],
    by input name."""

    chain: str
    activity: str
    share: float
    first_order: Mapping[str, float]
    total_order: Mapping[str, float]

    def to_json(self) -> dict[str, Any]:
        return {"chain": self.chain, "activity": self.activity, "share": clean(self.share),
                "first_order": {k: clean(v) for k, v in self.first_order.items()},
                "total_order": {k: clean(v) for k, v in self.total_order.items()}}


@dataclass(frozen=True)
class InputShares:
    """Exact indices per input kind (``factors``) and per chain and input (``chains``) of a
    sum of independent products (:func:`input_shares`)."""

    method: str
    factors: tuple[InputIndex, ...]
    chains: tuple[ChainInputs, ...]

    def to_json(self) -> dict[str, Any]:
        return {"method": self.method, "factors": [f.to_json() for f in self.factors],
                "chains": [c.to_json() for c in self.chains]}

    @classmethod
    def from_dataset(cls, ds: xr.Dataset) -> InputShares:
        """From :func:`input_shares`."""
        inputs = [str(i) for i in _column(ds, "input")]
        factors = tuple(InputIndex(name, first, total) for name, first, total in zip(
            inputs, _column(ds, "first_order"), _column(ds, "total_order"), strict=True))
        first = ds["chain_first_order"].values.tolist()
        total = ds["chain_total_order"].values.tolist()
        chains = tuple(
            ChainInputs(str(chain), str(activity), share,
                        dict(zip(inputs, first[k], strict=True)),
                        dict(zip(inputs, total[k], strict=True)))
            for k, (chain, activity, share) in enumerate(zip(
                _column(ds, "chain"), _column(ds, "activity"), _column(ds, "chain_share"),
                strict=True)))
        return cls(str(ds.attrs["method"]), factors, chains)


# --------------------------------------------------------------------------------------
# Tornado


@dataclass(frozen=True)
class TornadoBar:
    """One bar of the tornado: the output with one input (``factor``, ``<chain>:<input>``)
    at its low and its high quantile and every other input at its point value.

    ``output_low``, ``output_high`` and ``swing = |output_high − output_low|`` are in the
    output's unit ([EUR per EUR] for the multiplier); ``low_value``, ``point_value`` and
    ``high_value`` in the input's (participants [people], value [EUR per person per
    year], duration [years], probabilities [1]). ``rank`` 1 is the largest swing.
    """

    factor: str
    chain: str
    input: str
    activity: str
    initiative: str
    output_low: float
    output_high: float
    swing: float
    rank: int
    low_value: float
    point_value: float
    high_value: float

    def to_json(self) -> dict[str, Any]:
        return _flat_json(self)


@dataclass(frozen=True)
class Tornado:
    """One-way swings per input, largest first (:func:`tornado` by input); ``base`` is the
    output at the point values, ``quantiles`` the low and the high quantile [1]."""

    output: str
    base: float
    quantiles: tuple[float, float]
    bars: tuple[TornadoBar, ...]

    def to_json(self) -> dict[str, Any]:
        return {"output": self.output, "base": clean(self.base),
                "quantiles": list(self.quantiles), "bars": [b.to_json() for b in self.bars]}

    @classmethod
    def from_dataset(cls, ds: xr.Dataset) -> Tornado:
        """From :func:`tornado` with ``by="input"`` (the bars name their chain and input)."""
        if ds.attrs["by"] != "input":
            raise ValueError(f"a Tornado has one bar per input, not per {ds.attrs['by']}")
        names = [f.name for f in fields(TornadoBar)]
        columns = [_column(ds, name) for name in names]
        bars = tuple(TornadoBar(*row) for row in zip(*columns, strict=True))
        return cls(str(ds.attrs["output"]), ds.attrs["base"],
                   (ds.attrs["low_quantile"], ds.attrs["high_quantile"]), bars)


# --------------------------------------------------------------------------------------
# Late break-even


@dataclass(frozen=True)
class LateFactor:
    """How a group's benefits move the chance of a late break-even: ``effect`` =
    P(late | benefits below their median) − P(late | above) [1] with its interval, the two
    probabilities [1] and the draws in each half [draws]."""

    factor: str
    effect: Estimate
    p_late_lower: float
    p_late_upper: float
    n_lower: int
    n_upper: int

    def to_json(self) -> dict[str, Any]:
        return _flat_json(self)


@dataclass(frozen=True)
class LateBreakEven:
    """What drives a break-even after ``year`` [year] (:func:`late_break_even`): ``p_late``
    over all draws [1] and the groups, largest effect first."""

    year: int
    p_late: float
    factors: tuple[LateFactor, ...]

    def to_json(self) -> dict[str, Any]:
        return {"year": self.year, "p_late": clean(self.p_late),
                "factors": [f.to_json() for f in self.factors]}

    @classmethod
    def from_dataset(cls, ds: xr.Dataset) -> LateBreakEven:
        """From :func:`late_break_even`."""
        col = {name: _column(ds, name) for name in (
            "factor", "effect", "effect_low", "effect_high", "p_late_lower", "p_late_upper",
            "n_lower", "n_upper")}
        factors = tuple(
            LateFactor(str(col["factor"][k]),
                       _interval(col["effect"][k], col["effect_low"][k],
                                 col["effect_high"][k]),
                       col["p_late_lower"][k], col["p_late_upper"][k],
                       col["n_lower"][k], col["n_upper"][k])
            for k in range(len(col["factor"])))
        return cls(int(ds.attrs["year"]), ds.attrs["p_late"], factors)


# --------------------------------------------------------------------------------------
# The report


@dataclass(frozen=True)
class SensitivityReport:
    """The sensitivity analysis of one financing scenario (see :func:`analyse`).

    ``independent``: the chains are independent, so ``by_activity`` and ``by_initiative``
    are exact variance shares (else pick-freeze). ``by_input`` holds the exact input
    indices where the scenario is a sum of independent products, else None and
    ``by_kind`` the pick-freeze indices per input kind. ``general``: pick-freeze by
    activity for every output. ``ranking``: the activities by total-order index of the
    multiplier, largest first.
    """

    scenario_name: str
    scenario_sha256: str
    financing: str
    draws: int  # of the run [draws]
    seed: int
    independent: bool
    by_activity: Indices
    by_initiative: Indices
    by_input: InputShares | None
    by_kind: Indices | None
    general: Indices
    tornado: Tornado
    late_break_even: LateBreakEven
    ranking: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """JSON-ready data (NaN → None) in the schema of docs/methodology.md §8."""
        return {
            "scenario": {"name": self.scenario_name, "sha256": self.scenario_sha256},
            "financing": self.financing,
            "draws": self.draws,
            "seed": self.seed,
            "independent": self.independent,
            "ranking": list(self.ranking),
            "by_activity": self.by_activity.to_json(),
            "by_initiative": self.by_initiative.to_json(),
            "by_input": None if self.by_input is None else self.by_input.to_json(),
            "by_kind": None if self.by_kind is None else self.by_kind.to_json(),
            "general": self.general.to_json(),
            "tornado": self.tornado.to_json(),
            "late_break_even": self.late_break_even.to_json(),
        }
