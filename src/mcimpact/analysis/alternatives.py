"""Alternative scenario files as the options of one decision (the afwegingskader).

Each file is run with the same seed and the same draw indices 0 … n − 1, and its
financing scenarios become the options ``"FILE:financing"``. The core names every random
stream by the seed and stable names (:func:`mcimpact.core.compile.stream_key`), never by
the file or its position in it, so the draws are common wherever the names and the
distributions agree:

- a chain's input (participants, success probability, effect size, …) is drawn from the
  stream ``("input", chain id, input name)``: the same chain id with the same distribution
  in both files gets the same value in every draw;
- a funding's renewal from ``("renewal", initiative id)`` (``"all"`` for a joint
  financing scenario), an uncertain cost from ``("cost", initiative id, year)``;
- a correlation's common factor from ``("correlation:<n>:<label>")``, with ``n`` the
  ``[[correlations]]`` entry's position: the same position and label in both files.

A chain whose input has a different distribution in the other file gets the other
distribution's value at the same uniform (coupled, not equal); a chain in one file only
has no counterpart. The per-draw comparison of the options is paired exactly as between
the financing scenarios of one file (docs/methodology.md §10).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .decision import Value, expected_loss, p_best
from .voi import evpi

if TYPE_CHECKING:
    import xarray as xr

    from ..model.scenario import Scenario

#: The per-draw variables of the options' dataset: what :func:`~mcimpact.analysis.
#: decision.decide` reads.
VARIABLES = ("net_benefit", "multiplier", "costs_total", "benefits_total")


def labels(paths: Sequence[str | Path]) -> list[str]:
    """A label per file: its stem (``A`` for ``dir/A.toml``), or the path as given where
    two stems are equal. Raises ValueError for a file given twice."""
    texts = [str(p) for p in paths]
    if len(set(texts)) != len(texts):
        twice = next(t for t in texts if texts.count(t) > 1)
        raise ValueError(f"the file '{twice}' is given twice")
    stems = [Path(p).stem for p in paths]
    return stems if len(set(stems)) == len(stems) else texts


def options_dataset(scenarios: Mapping[str, Scenario], draws: int, seed: int, *,
                    keep_inputs: bool = False) -> tuple[xr.Dataset, dict[str, xr.Dataset]]:
    """Run every scenario with ``draws`` draws of ``seed`` and return the options' dataset
    (``VARIABLES`` on dimensions ``draw`` and ``financing``, the financing coordinate
    ``"LABEL:financing"`` in the files' order) and each file's own dataset.

    ``scenarios`` maps a label (:func:`labels`) to its scenario. Raises ValueError when
    the files' currencies differ (their money could not be compared)."""
    import xarray as xr

    from ..run.engine import run_monte_carlo

    if not scenarios:
        raise ValueError("no scenario files to compare")
    runs = {label: run_monte_carlo(s, draws, seed, keep_inputs=keep_inputs)
            for label, s in scenarios.items()}
    currencies = {label: str(ds.attrs.get("currency", "EUR")) for label, ds in runs.items()}
    if len(set(currencies.values())) > 1:
        raise ValueError("the files' currencies differ ("
                         + ", ".join(f"{k}: {v}" for k, v in currencies.items())
                         + "): their options cannot be compared")
    names = [f"{label}:{f}" for label, ds in runs.items() for f in ds["financing"].values]
    data = {v: (("draw", "financing"), np.concatenate(
        [ds[v].transpose("draw", "financing").values for ds in runs.values()], axis=1))
        for v in VARIABLES}
    first = next(iter(runs.values()))
    combined = xr.Dataset(data, coords={"draw": first["draw"].values, "financing": names},
                          attrs={"seed": int(seed),
                                 "currency": next(iter(currencies.values()))})
    return combined, runs


@dataclass(frozen=True)
class FileChoice:
    """The decision between the options of several scenario files: EVPI, P(best) and
    the expected loss per option [EUR], on common random numbers."""

    options: tuple[str, ...]  # "LABEL:financing"
    files: Mapping[str, str]  # label → the file's path
    best: str  # the option with the largest expected net benefit
    evpi: Value
    p_best: Mapping[str, Value]
    expected_loss: Mapping[str, Value]
    draws: int
    seed: int
    currency: str

    def to_json(self) -> dict[str, Any]:
        return {
            "options": list(self.options), "files": dict(self.files), "best": self.best,
            "draws": self.draws, "seed": self.seed, "currency": self.currency,
            "evpi": self.evpi.to_json(),
            "p_best": {k: v.to_json() for k, v in self.p_best.items()},
            "expected_loss": {k: v.to_json() for k, v in self.expected_loss.items()},
        }


def choose(ds: xr.Dataset, files: Mapping[str, str]) -> FileChoice:
    """EVPI, P(best) and expected loss of the options' dataset of
    :func:`options_dataset`; ``files`` maps each label to its path."""
    options = tuple(str(f) for f in ds["financing"].values)
    nb = np.asarray(ds["net_benefit"].transpose("draw", "financing").values, dtype=float)
    return FileChoice(
        options=options, files=dict(files), best=options[int(np.argmax(nb.mean(axis=0)))],
        evpi=evpi(nb), p_best=dict(zip(options, p_best(nb), strict=True)),
        expected_loss=dict(zip(options, expected_loss(nb), strict=True)),
        draws=len(nb), seed=int(ds.attrs["seed"]),
        currency=str(ds.attrs.get("currency", "EUR")))
