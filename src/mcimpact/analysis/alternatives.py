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

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import say
from .decision import Value, expected_loss, p_best
from .voi import Evppi, additive_evppi, evpi, expected_chain_totals

if TYPE_CHECKING:
    import xarray as xr

    from ..model.scenario import Scenario

#: The per-draw variables of the options' dataset: what :func:`~mcimpact.analysis.
#: decision.decide` reads.
VARIABLES = ("net_benefit", "multiplier", "costs_total", "benefits_total")


def labels(paths: Sequence[str | Path]) -> list[str]:
    """A label per file: its stem (``A`` for ``dir/A.toml``), or the path as given where
    two stems are equal. Raises ValueError for a file given twice (its message a
    :class:`~mcimpact.errors.Message`, as every ValueError of this module's)."""
    texts = [str(p) for p in paths]
    if len(set(texts)) != len(texts):
        twice = next(t for t in texts if texts.count(t) > 1)
        raise ValueError(say("options.twice", "the file '{path}' is given twice", path=twice))
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
        raise ValueError(say("options.none", "no scenario files to compare"))
    runs = {label: run_monte_carlo(s, draws, seed, keep_inputs=keep_inputs)
            for label, s in scenarios.items()}
    currencies = {label: str(ds.attrs.get("currency", "EUR")) for label, ds in runs.items()}
    if len(set(currencies.values())) > 1:
        raise ValueError(say("options.currencies", "the files' currencies differ "
                             "({currencies}): their options cannot be compared",
                             currencies=", ".join(f"{k}: {v}" for k, v in currencies.items())))
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
    # grouping → EVPPI per group across the files, sorted from the largest (empty where
    # it is not exact: see ``notes``)
    evppi: Mapping[str, tuple[Evppi, ...]] = dataclasses.field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "options": list(self.options), "files": dict(self.files), "best": self.best,
            "draws": self.draws, "seed": self.seed, "currency": self.currency,
            "evpi": self.evpi.to_json(),
            "evppi": {f"by_{g}": [e.to_json() for e in items]
                      for g, items in self.evppi.items()},
            "p_best": {k: v.to_json() for k, v in self.p_best.items()},
            "expected_loss": {k: v.to_json() for k, v in self.expected_loss.items()},
            "notes": list(self.notes),
        }


#: The groupings of the EVPPI across files, in their JSON order.
GROUPINGS = ("activity", "initiative", "chain")
_KEY = {"chain": lambda c: c.id, "activity": lambda c: c.activity_key,
        "initiative": lambda c: c.initiative}


def choose(ds: xr.Dataset, files: Mapping[str, str], *,
           scenarios: Mapping[str, Scenario] | None = None,
           runs: Mapping[str, xr.Dataset] | None = None) -> FileChoice:
    """EVPI, P(best) and expected loss of the options' dataset of
    :func:`options_dataset`; ``files`` maps each label to its path. With ``scenarios``
    and their ``runs`` (with kept inputs) also the EVPPI per activity, initiative and
    chain across the files (:func:`evppi_across`)."""
    options = tuple(str(f) for f in ds["financing"].values)
    nb = np.asarray(ds["net_benefit"].transpose("draw", "financing").values, dtype=float)
    total = evpi(nb)
    evppi: dict[str, tuple[Evppi, ...]] = {}
    notes: list[str] = []
    if scenarios is not None and runs is not None:
        evppi, notes = evppi_across(scenarios, runs, nb, total.value)
    return FileChoice(
        options=options, files=dict(files), best=options[int(np.argmax(nb.mean(axis=0)))],
        evpi=total, p_best=dict(zip(options, p_best(nb), strict=True)),
        expected_loss=dict(zip(options, expected_loss(nb), strict=True)),
        draws=len(nb), seed=int(ds.attrs["seed"]),
        currency=str(ds.attrs.get("currency", "EUR")), evppi=evppi, notes=tuple(notes))


def evppi_across(scenarios: Mapping[str, Scenario], runs: Mapping[str, xr.Dataset],
                 net_benefit: np.ndarray, total: float
                 ) -> tuple[dict[str, tuple[Evppi, ...]], list[str]]:
    """EVPPI per activity, initiative and chain (by id, over all files) of the decision
    between the files' options, exact from the additive structure: a group's part of an
    option is the sum of its file's chains of that group, each chain's present value
    averaged over the funding patterns (:func:`~mcimpact.analysis.voi.
    expected_chain_totals`); the rest of every option is independent of the group's
    inputs because every stream is named by its chain (module docstring). Exact only
    without ``[[correlations]]`` in any file and with every chain id in the same group
    in every file; otherwise that grouping is left out, with a note."""
    notes: list[str] = []
    if any(s.correlations for s in scenarios.values()):
        return {}, ["a file has [[correlations]]: no exact EVPPI across files (not "
                    "estimated by regression across files yet)"]
    parts: list[tuple[Scenario, np.ndarray]] = []  # per option: its scenario, (draw, chain)
    for label, s in scenarios.items():
        x = np.asarray(runs[label]["inputs"].transpose("draw", "chain", "input").values,
                       dtype=float)
        for f in s.financing:
            try:
                parts.append((s, expected_chain_totals(s, x, f.id)))
            except ValueError as exc:
                return {}, [f"'{label}:{f.id}': no exact chain totals ({exc}); no EVPPI "
                            "across files"]
    out: dict[str, tuple[Evppi, ...]] = {}
    for g in GROUPINGS:
        key = _KEY[g]
        where: dict[str, str] = {}
        clash = None
        for s in scenarios.values():
            for c in s.chains:
                if where.setdefault(c.id, key(c)) != key(c):
                    clash = c.id
        if clash is not None:
            notes.append(f"chain '{clash}' lies in different {g} groups in the files: no "
                         f"EVPPI by {g}")
            continue
        names = list(dict.fromkeys(where.values()))
        items = []
        for name in names:
            own = np.stack([b[:, [e for e, c in enumerate(s.chains) if key(c) == name]]
                            .sum(axis=1) for s, b in parts], axis=1)  # (draw, option)
            est = additive_evppi(net_benefit, own)
            items.append(Evppi(name, est.value, est.se, "additive",
                               est.value / total if total > 0 else None))
        out[g] = tuple(sorted(items, key=lambda e: (-e.value, e.name)))
    return out, notes
