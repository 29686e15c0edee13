"""Results dataset → plain summaries (dicts of numbers, ready for JSON or a report).

A deterministic run gives one number per figure; a Monte Carlo run gives, per figure, a
distribution summary (:func:`distribution`). Every financing scenario gets a block of
figures, and every pair of financing scenarios a paired comparison (:func:`compare`).
The JSON schema is in ``docs/json-schema.md``.
"""

from __future__ import annotations

import math
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import xarray as xr

from .types import (
    BREAKDOWNS,
    BY_YEAR,
    SCALARS,
    BreakEven,
    Comparison,
    Distribution,
    FinancingSummary,
    Incremental,
    Labels,
    Provenance,
    Summary,
)

QUANTILES = {"p5": 0.05, "p10": 0.10, "p25": 0.25, "p50": 0.50, "p75": 0.75, "p90": 0.90,
             "p95": 0.95}


def _clean(x: float) -> float | None:
    return float(x) if math.isfinite(x) else None


def distribution(values: np.ndarray) -> list[dict[str, float | None]]:
    """Mean, sd, Monte Carlo standard error of the mean and quantiles per column of a
    (draw, column) array."""
    n = values.shape[0]
    h = (n - 1) * np.array(list(QUANTILES.values()))
    lo = np.floor(h).astype(np.int64)
    hi = np.minimum(lo + 1, n - 1)
    order_stats = np.unique(np.concatenate([lo, hi]))

    def column(k: int) -> dict[str, float | None]:
        # A contiguous copy of the column; only the order statistics the quantiles need
        # are put in place (a partition, ~3× faster than a sort), and a constant column
        # (e.g. certain costs) needs none. Quantiles are np.quantile's 'linear'.
        x = np.array(values[:, k], dtype=float)
        mean = float(x.mean())
        sd = float(x.std(ddof=1)) if n > 1 else 0.0
        if x.min() != x.max():
            x.partition(order_stats)
        qs = x[lo] + (h - lo) * (x[hi] - x[lo])
        item = {"mean": _clean(mean), "sd": _clean(sd), "mcse": _clean(sd / math.sqrt(n))}
        item.update({name: _clean(q) for name, q in zip(QUANTILES, qs, strict=True)})
        return item

    with ThreadPoolExecutor(os.cpu_count()) as pool:  # NumPy releases the GIL here
        return list(pool.map(column, range(values.shape[1])))


def break_even_summary(years: np.ndarray, be: np.ndarray, never: int) -> dict[str, Any]:
    """Distribution of the break-even year: quantiles (null = not within the horizon),
    P(break-even by year t) for every year, P(never)."""
    qs = np.quantile(be, list(QUANTILES.values()), method="inverted_cdf")
    out: dict[str, Any] = {name: (None if int(q) == never else int(q))
                           for name, q in zip(QUANTILES, qs, strict=True)}
    counts = np.bincount(be - years[0], minlength=len(years) + 1)
    out["p_by_year"] = {str(int(y)): float(c) for y, c in
                        zip(years, np.cumsum(counts[: len(years)]) / len(be), strict=True)}
    out["p_never"] = float(np.mean(be == never))
    return out


def summary_dict(ds: xr.Dataset) -> dict[str, Any]:
    """Summarise a results dataset: run facts, one block per financing scenario (under
    ``financing``, keyed by id), the paired ``comparisons``, and, at the top level, the
    block of the first (reference) financing scenario."""
    monte_carlo = ds.attrs["mode"] != "deterministic"
    years = ds.year.values
    out: dict[str, Any] = {
        "scenario": {
            "name": ds.attrs["scenario_name"],
            "path": ds.attrs["scenario_path"],
            "sha256": ds.attrs["scenario_sha256"],
        },
        "mcimpact_version": ds.attrs["mcimpact_version"],
        "mode": ds.attrs["mode"],
        "draws": int(ds.attrs["draws"]),
        "currency": ds.attrs["currency"],
        "years": [int(years[0]), int(years[-1])],
    }
    if monte_carlo:
        out["seed"] = int(ds.attrs["seed"])
        if "precision" in ds.attrs:
            out["precision"] = float(ds.attrs["precision"])
    out["labels"] = labels(ds)
    ids = [str(f) for f in ds.financing.values]
    blocks = {f: financing_block(ds.sel(financing=f)) for f in ids}
    out["reference"] = ids[0]
    out.update(blocks[ids[0]])
    out["financing"] = blocks
    out["comparisons"] = [compare(ds, a, b) for k, b in enumerate(ids) for a in ids[k + 1:]]
    return out


def labels(ds: xr.Dataset) -> dict[str, dict[str, Any]]:
    """Display names per id: ``financing``, ``initiative``, ``activity`` (names from the
    scenario), ``beneficiary`` and ``domain`` (``{"nl": ..., "en": ...}``)."""
    def names(dim: str, coord: str) -> dict[str, str]:
        return {str(k): str(v) for k, v in zip(ds[dim].values, ds[coord].values, strict=True)}

    out: dict[str, dict[str, Any]] = {
        "financing": names("financing", "financing_name"),
        "initiative": names("initiative", "initiative_name"),
        "activity": names("activity", "activity_name"),
    }
    for dim in ("beneficiary", "domain"):
        nl, en = names(dim, f"{dim}_nl"), names(dim, f"{dim}_en")
        out[dim] = {k: {"nl": nl[k], "en": en[k]} for k in nl}
    return out


def financing_block(ds: xr.Dataset) -> dict[str, Any]:
    """The figures of one financing scenario (``ds`` without the financing dimension)."""
    monte_carlo = ds.attrs["mode"] != "deterministic"
    never = int(ds["break_even_year"].attrs["never"])
    years = ds.year.values
    # With certain funding every draw has the same costs: their summaries need no sort.
    added = ds["added_years"].values
    certain_costs = bool((added == added[:1]).all())

    def column_stats(values: np.ndarray, constant: bool = False) -> list[Any]:
        values = values.reshape(values.shape[0], -1)
        if monte_carlo and constant:
            return [{"mean": _clean(v), "sd": 0.0, "mcse": 0.0,
                     **{name: _clean(v) for name in QUANTILES}} for v in values[0]]
        if monte_carlo:
            return distribution(values)
        return [_clean(v) for v in values[0]]

    def by_year(values: np.ndarray, constant: bool = False) -> dict[str, Any]:
        return dict(zip([str(int(y)) for y in years], column_stats(values, constant),
                        strict=True))

    discount = ds["discount_factor"].values
    out: dict[str, Any] = {"name": str(ds["financing_name"].values)}
    be = ds["break_even_year"].values
    if monte_carlo:
        out["break_even_year"] = break_even_summary(years, be, never)
    else:
        out["break_even_year"] = None if int(be[0]) == never else int(be[0])
    out["benefits_by_year"] = by_year(ds["benefits"].values)
    out["costs_by_year"] = by_year(ds["costs"].values, certain_costs)
    out["cumulative_benefits_by_year"] = by_year(np.cumsum(ds["benefits"].values * discount,
                                                           axis=-1))
    costs = ds["costs"].values
    cum_costs = np.cumsum((costs[:1] if certain_costs else costs) * discount, axis=-1)
    out["cumulative_costs_by_year"] = by_year(cum_costs, certain_costs)
    for name in SCALARS:
        out[name] = column_stats(ds[name].values, certain_costs and name == "costs_total")[0]
    if monte_carlo:
        m = ds["multiplier"].values
        defined = bool(np.isfinite(m).all())  # no multiplier without costs
        out["multiplier"]["p_gt_1"] = float(np.mean(m > 1)) if defined else None
        out["multiplier"]["p_ge_3"] = float(np.mean(m >= 3)) if defined else None
    for name, dim in BREAKDOWNS.items():
        constant = certain_costs and name in ("costs_by_initiative", "added_years")
        out[name] = dict(zip([str(k) for k in ds[dim].values],
                             column_stats(ds[name].values, constant), strict=True))
    return out


def compare(ds: xr.Dataset, a: str, b: str) -> dict[str, Any]:
    """Financing scenario ``a`` against ``b`` on the same draws (paired differences).

    - ``net_benefit_difference``, ``benefits_difference``, ``costs_difference``: a − b;
    - ``p_multiplier_greater``: P(multiplier of a > multiplier of b), and
      ``p_net_benefit_greater`` likewise;
    - ``incremental_multiplier``: what the extra money returns, ΔB / ΔC. Its
      ``ratio_of_means`` E[ΔB] / E[ΔC] (with a delta-method standard error) is the
      headline (None when the cost difference changes sign between draws); the quantiles
      are those of the per-draw ratio over draws where the costs differ.
    """
    x, y = ds.sel(financing=a), ds.sel(financing=b)
    db = x["benefits_total"].values - y["benefits_total"].values
    dc = x["costs_total"].values - y["costs_total"].values
    out: dict[str, Any] = {"a": a, "b": b}
    if ds.attrs["mode"] == "deterministic":
        out["net_benefit_difference"] = _clean(db[0] - dc[0])
        out["benefits_difference"] = _clean(db[0])
        out["costs_difference"] = _clean(dc[0])
        out["incremental_multiplier"] = _clean(db[0] / dc[0]) if dc[0] != 0 else None
        return out
    stats = distribution(np.column_stack([db - dc, db, dc]))
    out["net_benefit_difference"], out["benefits_difference"], out["costs_difference"] = stats
    with np.errstate(invalid="ignore"):
        out["p_multiplier_greater"] = float(np.mean(x["multiplier"].values
                                                    > y["multiplier"].values))
    out["p_net_benefit_greater"] = float(np.mean(db - dc > 0))
    mean_dc = float(dc.mean())
    incremental: dict[str, Any] = {"ratio_of_means": None, "mcse": None}
    # A ratio of means needs extra costs of one sign (else its denominator can vanish).
    if mean_dc != 0 and (np.all(dc >= 0) or np.all(dc <= 0)):
        ratio = float(db.mean()) / mean_dc
        n = len(db)
        residual = db - ratio * dc
        incremental["ratio_of_means"] = _clean(ratio)
        incremental["mcse"] = (_clean(float(residual.std(ddof=1)) / math.sqrt(n)
                                      / abs(mean_dc)) if n > 1 else None)
    differ = dc != 0
    if differ.any():
        per_draw = distribution((db[differ] / dc[differ])[:, None])[0]
        incremental.update({k: per_draw[k] for k in QUANTILES})
        incremental["draws"] = int(differ.sum())
    out["incremental_multiplier"] = incremental
    return out


def summarize(ds: xr.Dataset) -> Summary:
    """The typed summary of a results dataset."""
    return _typed(summary_dict(ds))


def _dist(v: Any) -> Distribution:
    if not isinstance(v, dict):
        return Distribution.of_point(math.nan if v is None else v)
    nan = math.nan
    probs = {k: v[k] for k in v if k.startswith("p_")}
    values = {k: nan if v[k] is None else v[k] for k in ("mean", "sd", "mcse", *QUANTILES)}
    return Distribution(**values, probabilities=probs)


def _typed(d: dict[str, Any]) -> Summary:
    def block(b: dict[str, Any]) -> FinancingSummary:
        be = b["break_even_year"]
        if isinstance(be, dict):
            bev = BreakEven(**{k: be[k] for k in QUANTILES},
                            p_by_year={int(y): p for y, p in be["p_by_year"].items()},
                            p_never=be["p_never"])
        else:
            years = range(d["years"][0], d["years"][1] + 1)
            bev = BreakEven(**dict.fromkeys(QUANTILES, be), p_by_year={y: float(be is not None and y >= be)
                                                   for y in years},
                            p_never=float(be is None), point=True)
        fields: dict[str, Any] = {k: {kk: _dist(vv) for kk, vv in b[k].items()}
                                  for k in (*BY_YEAR, *BREAKDOWNS)}
        fields.update({k: _dist(b[k]) for k in SCALARS})
        return FinancingSummary(name=b["name"], break_even_year=bev, **fields)

    def comparison(c: dict[str, Any]) -> Comparison:
        inc = c["incremental_multiplier"]
        if isinstance(inc, dict):
            per = (Distribution(nan := math.nan, nan, nan, *(inc[k] for k in QUANTILES))
                   if "draws" in inc else None)
            incremental = Incremental(inc["ratio_of_means"], inc["mcse"], per,
                                      inc.get("draws", 0))
        else:
            incremental = Incremental(inc, None, None, 0, point=True)
        return Comparison(c["a"], c["b"], _dist(c["net_benefit_difference"]),
                          _dist(c["benefits_difference"]), _dist(c["costs_difference"]),
                          c.get("p_multiplier_greater"), c.get("p_net_benefit_greater"),
                          incremental)

    labels = Labels(**d["labels"])
    prov = Provenance(d["scenario"]["name"], d["scenario"]["path"], d["scenario"]["sha256"],
                      d["mcimpact_version"], d["mode"], d["draws"], d.get("seed"),
                      d.get("precision"), d["currency"], tuple(d["years"]))
    return Summary(prov, labels, {k: block(v) for k, v in d["financing"].items()},
                   tuple(comparison(c) for c in d["comparisons"]))
