"""Results dataset → plain summaries (dicts of numbers, ready for JSON or a report).

The JSON schema is documented in ``docs/json-schema.md``.
"""

from __future__ import annotations

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


def _point(values: np.ndarray) -> float | None:
    value = float(values.reshape(-1)[0])
    return value if np.isfinite(value) else None


def summarize(ds: xr.Dataset) -> dict[str, Any]:
    """Summarise a deterministic results dataset as numbers keyed like the dataset."""
    never = int(ds["break_even_year"].attrs["never"])
    be = int(ds["break_even_year"].values.reshape(-1)[0])
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
        "years": [int(ds.year[0]), int(ds.year[-1])],
        "costs_total": float(ds["costs_total"]),
        "costs_by_initiative": {
            str(k): float(v)
            for k, v in zip(ds.initiative.values,
                            (ds["costs_by_initiative"] * ds["discount_factor"]).sum("year").values,
                            strict=True)
        },
        "break_even_year": None if be == never else be,
        "benefits_by_year": {
            str(int(y)): float(v)
            for y, v in zip(ds.year.values, ds["benefits"].values.reshape(-1), strict=True)
        },
    }
    for name in SCALARS:
        out[name] = _point(ds[name].values)
    for name, dim in BREAKDOWNS:
        values = ds[name].values.reshape(-1)
        out[name] = {str(k): _point(np.asarray(v)) for k, v in zip(ds[dim].values, values,
                                                                  strict=True)}
    return out
