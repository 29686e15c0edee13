"""Results dataset → plain summaries (dicts of numbers, ready for JSON or a report).

A deterministic run gives one number per figure; a Monte Carlo run gives, per figure, a
distribution summary (:func:`distribution`). The JSON schema is in ``docs/json-schema.md``.
"""

from __future__ import annotations

import math
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import xarray as xr

BREAKDOWNS = (
    ("benefits_by_initiative", "initiative"),
    ("benefits_by_activity", "activity"),
    ("benefits_by_beneficiary", "beneficiary"),
    ("benefits_by_domain", "domain"),
    ("benefits_by_period", "period"),
    ("multiplier_by_initiative", "initiative"),
    ("cost_claim_by_domain", "domain"),
)
SCALARS = ("benefits_total", "benefits_claimable", "multiplier")
QUANTILES = {"p5": 0.05, "p10": 0.10, "p50": 0.50, "p90": 0.90, "p95": 0.95}


def _clean(x: float) -> float | None:
    return float(x) if math.isfinite(x) else None


def distribution(values: np.ndarray) -> list[dict[str, float | None]]:
    """Mean, sd, Monte Carlo standard error of the mean and quantiles per column of a
    (draw, column) array."""
    n = values.shape[0]
    # One contiguous row per column, sorted: NumPy's vectorised sort beats a partition
    # of strided columns by far; quantiles are then read off as np.quantile's 'linear'.
    cols = np.ascontiguousarray(values.T)
    with ThreadPoolExecutor(os.cpu_count()) as pool:  # NumPy sorts without the GIL
        list(pool.map(np.ndarray.sort, cols))
    mean = cols.mean(axis=1)
    sd = cols.std(axis=1, ddof=1) if n > 1 else np.zeros_like(mean)
    h = (n - 1) * np.array(list(QUANTILES.values()))
    lo = np.floor(h).astype(np.int64)
    hi = np.minimum(lo + 1, n - 1)
    qs = cols[:, lo] + (h - lo) * (cols[:, hi] - cols[:, lo])
    out = []
    for k in range(values.shape[1]):
        item = {"mean": _clean(mean[k]), "sd": _clean(sd[k]),
                "mcse": _clean(sd[k] / math.sqrt(n))}
        item.update({name: _clean(qs[k, j]) for j, name in enumerate(QUANTILES)})
        out.append(item)
    return out


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


def summarize(ds: xr.Dataset) -> dict[str, Any]:
    """Summarise a results dataset, keyed like the dataset's variables."""
    monte_carlo = ds.attrs["mode"] != "deterministic"
    never = int(ds["break_even_year"].attrs["never"])
    years = ds.year.values

    def column_stats(values: np.ndarray) -> list[Any]:
        values = values.reshape(values.shape[0], -1)
        if monte_carlo:
            return distribution(values)
        return [_clean(v) for v in values[0]]

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
        "costs_total": float(ds["costs_total"]),
        "costs_by_initiative": dict(zip(
            [str(k) for k in ds.initiative.values],
            ((ds["costs_by_initiative"] * ds["discount_factor"]).sum("year").values.tolist()),
            strict=True)),
    }
    if monte_carlo:
        out["seed"] = int(ds.attrs["seed"])
        if "precision" in ds.attrs:
            out["precision"] = float(ds.attrs["precision"])
    be = ds["break_even_year"].values
    if monte_carlo:
        out["break_even_year"] = break_even_summary(years, be, never)
    else:
        out["break_even_year"] = None if int(be[0]) == never else int(be[0])
    out["benefits_by_year"] = dict(zip([str(int(y)) for y in years],
                                       column_stats(ds["benefits"].values), strict=True))
    for name in SCALARS:
        out[name] = column_stats(ds[name].values)[0]
    if monte_carlo:
        m = ds["multiplier"].values
        defined = bool(np.isfinite(m).all())  # no multiplier without costs
        out["multiplier"]["p_gt_1"] = float(np.mean(m > 1)) if defined else None
        out["multiplier"]["p_ge_3"] = float(np.mean(m >= 3)) if defined else None
    for name, dim in BREAKDOWNS:
        out[name] = dict(zip([str(k) for k in ds[dim].values],
                             column_stats(ds[name].values), strict=True))
    return out
