"""What drives a late break-even: per group, how much more likely no break-even by a year
is when the group's benefits are low than when they are high."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import xarray as xr


def late_break_even(
    data: xr.Dataset | xr.DataArray | np.ndarray,
    break_even_year: np.ndarray | xr.DataArray | None = None,
    *,
    year: int,
    by: str = "activity",
    confidence_level: float = 0.95,
) -> xr.Dataset:
    """Which group's benefits make a break-even after ``year`` more likely.

    Per group: ``effect = P(late | group's benefits below their median) −
    P(late | above their median)``, late meaning no break-even by ``year``. Draws at the
    median itself (ties, e.g. counts) are left out of both halves. A positive effect says
    that low benefits of the group go with late break-even.

    Parameters
    ----------
    data : results Dataset, DataArray (draw, group) or array (draw, group)
        Benefits per group and draw [EUR]; with a Dataset (one financing scenario), its
        ``benefits_by_<by>`` and ``break_even_year``.
    break_even_year : array (draw,), optional
        [year]; needed unless ``data`` is a Dataset.
    year : int
        Late means no break-even by this year [year].
    by : str
        The breakdown of a Dataset to use.
    confidence_level : float
        Of the normal-approximation interval of the effect [1].

    Returns
    -------
    xarray.Dataset
        Dimension ``factor``, sorted by ``effect`` (descending): ``effect`` with
        ``_low``/``_high``, ``p_late_lower``, ``p_late_upper`` [1], ``n_lower``,
        ``n_upper`` [draws]. Attributes ``year``, ``p_late`` (all draws) and ``draws``.
    """
    import xarray as xr
    from scipy import stats

    if isinstance(data, xr.Dataset):
        if break_even_year is None:
            break_even_year = data["break_even_year"]
        data = data[f"benefits_by_{by}"]
    if break_even_year is None:
        raise ValueError("break_even_year is needed unless data is a results dataset")
    if isinstance(data, xr.DataArray):
        dim = next(d for d in data.dims if d != "draw")
        labels = [str(v) for v in data[dim].values]
        x = np.asarray(data.transpose("draw", dim).values, dtype=float)
    else:
        x = np.asarray(data, dtype=float)
        labels = [str(k) for k in range(x.shape[1])]
    be = np.asarray(getattr(break_even_year, "values", break_even_year))
    if x.ndim != 2 or be.shape != (x.shape[0],):
        raise ValueError(f"need benefits (draw, group) and break-even years (draw,); got "
                         f"{x.shape} and {be.shape}")
    late = be > year
    median = np.median(x, axis=0)
    below, above = x < median, x > median
    n_lower, n_upper = below.sum(axis=0), above.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        p_lower = (late[:, None] & below).sum(axis=0) / n_lower
        p_upper = (late[:, None] & above).sum(axis=0) / n_upper
        se = np.sqrt(p_lower * (1 - p_lower) / n_lower + p_upper * (1 - p_upper) / n_upper)
    effect = p_lower - p_upper
    half = stats.norm.ppf(0.5 + confidence_level / 2) * se
    order = np.argsort(-np.nan_to_num(effect, nan=-np.inf), kind="stable")
    ds = xr.Dataset(
        {
            "effect": ("factor", effect[order],
                       {"long_name": "P(late | benefits below median) − P(late | above)"}),
            "effect_low": ("factor", (effect - half)[order]),
            "effect_high": ("factor", (effect + half)[order]),
            "p_late_lower": ("factor", p_lower[order]),
            "p_late_upper": ("factor", p_upper[order]),
            "n_lower": ("factor", n_lower[order]),
            "n_upper": ("factor", n_upper[order]),
        },
        coords={"factor": [labels[k] for k in order]},
    )
    ds.attrs.update({
        "method": "difference of conditional probabilities, median split",
        "year": int(year),
        "p_late": float(late.mean()),
        "draws": int(x.shape[0]),
        "confidence_level": confidence_level,
    })
    return ds
