"""The whole value-of-information analysis of a run: EVPI, EVPPI per grouping and the
EVSI of monitoring studies, with its analysis of a plan.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from ...model.scenario import INPUT_NAMES, Scenario
from ...run.run import Run
from ..decision import Value, expected_loss, p_best
from ..plan import INPUTS, Got, Keep, Needs
from ..sensitivity import chain_groups
from ..types import clean
from ._additive import expected_chain_totals, kind_terms, uncertain_cells
from ._evpi import additive_evppi, evpi
from ._evsi import (
    DEFAULT_STUDIES,
    DEFAULT_STUDY_SIZE,
    Study,
    beta_prior,
    linear_evppi,
    linear_evsi,
    regression_evsi,
)
from ._regression import REPLICATES, regression_evppi

if TYPE_CHECKING:
    import xarray as xr


#: The groupings of EVPPI in their JSON order.
GROUPINGS = ("activity", "initiative", "kind", "chain")


@dataclass(frozen=True)
class Evppi:
    """EVPPI of one subset of the inputs [EUR], with its standard error and method
    (``additive`` or ``regression``), and the share of the EVPI it is."""

    name: str
    value: float
    se: float
    method: str
    share_of_evpi: float | None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "value": clean(self.value), "se": clean(self.se),
                "method": self.method, "share_of_evpi": (None if self.share_of_evpi is None
                                                         else clean(self.share_of_evpi))}


@dataclass(frozen=True)
class Evsi:
    """EVSI of a monitoring study [EUR]: its chain, participants, value, standard error
    and method (``conjugate`` or ``regression``)."""

    chain: str
    participants: int
    value: float
    se: float
    method: str
    evppi: float  # EVPPI of the chain's slagingskans, the limit as the study grows

    def to_json(self) -> dict[str, Any]:
        return {"chain": self.chain, "participants": self.participants,
                "value": clean(self.value), "se": clean(self.se), "method": self.method,
                "evppi_success_probability": clean(self.evppi)}


@dataclass(frozen=True)
class ValueOfInformation:
    """What the uncertainty costs the decision: EVPI, EVPPI per grouping (sorted from the
    largest), P(best) and expected loss per option, and EVSI per proposed study."""

    options: tuple[str, ...]
    best: str
    evpi: Value
    evppi: Mapping[str, tuple[Evppi, ...]]  # grouping → subsets
    p_best: Mapping[str, Value]
    expected_loss: Mapping[str, Value]
    evsi: tuple[Evsi, ...]
    draws: int
    seed: int | None
    exact: bool
    currency: str = "EUR"
    notes: tuple[str, ...] = field(default_factory=tuple)

    def ranking(self, grouping: str = "activity") -> tuple[Evppi, ...]:
        return self.evppi[grouping]

    def to_json(self) -> dict[str, Any]:
        return {
            "options": list(self.options),
            "best": self.best,
            "draws": self.draws,
            "seed": self.seed,
            "currency": self.currency,
            "method": "additive" if self.exact else "regression",
            "evpi": self.evpi.to_json(),
            "evppi": {f"by_{g}": [e.to_json() for e in items]
                      for g, items in self.evppi.items()},
            "p_best": {k: v.to_json() for k, v in self.p_best.items()},
            "expected_loss": {k: v.to_json() for k, v in self.expected_loss.items()},
            "evsi": [s.to_json() for s in self.evsi],
            "notes": list(self.notes),
        }


def _rank(items: list[Evppi]) -> tuple[Evppi, ...]:
    return tuple(sorted(items, key=lambda e: (-e.value, e.name)))


def value_of_information(scenario: Scenario, ds: xr.Dataset, *,
                         studies: Sequence[Study] | None = None,
                         study_size: int = DEFAULT_STUDY_SIZE,
                         groupings: Sequence[str] = GROUPINGS,
                         replicates: int = REPLICATES, seed: int = 0,
                         run: Run | None = None) -> ValueOfInformation:
    """EVPI, EVPPI per activity, initiative, input kind and chain, P(best), expected loss
    and EVSI of monitoring studies, for the decision between the financing scenarios of a
    Monte Carlo results dataset with kept inputs (``run_monte_carlo(...,
    keep_inputs=True)``). ``scenario`` has the dataset's financing scenarios, in its order.

    EVPPI is exact from the additive structure when the scenario has no
    ``[[correlations]]``, else by regression. ``studies`` default: ``study_size``
    participants in each of the :data:`DEFAULT_STUDIES` chains with the largest EVPPI.
    ``run``: a run of ``scenario``, whose compiled arrays are used (a new one otherwise).
    """
    if "inputs" not in ds:
        raise ValueError("the results have no sampled inputs: run with keep_inputs=True "
                         "(mcimpact sim --keep-inputs)")
    options = tuple(str(f) for f in ds["financing"].values)
    if tuple(f.id for f in scenario.financing) != options:
        raise ValueError("the scenario's financing scenarios differ from the results'")
    nb = np.asarray(ds["net_benefit"].transpose("draw", "financing").values, dtype=float)
    x = np.asarray(ds["inputs"].transpose("draw", "chain", "input").values, dtype=float)
    n = len(nb)
    exact = not scenario.correlations
    run = run or Run(scenario)
    chain_ids = [c.id for c in scenario.chains]
    cells = uncertain_cells(scenario)
    notes: list[str] = []
    # Per option, each chain's pattern-averaged present value: a function of its inputs.
    bbar: np.ndarray | None
    try:
        bbar = np.stack([expected_chain_totals(scenario, x, fid, run)
                         for fid in options], axis=2)  # (draw, chain, option)
    except ValueError as exc:  # e.g. a sampled drop-off: no closed chain totals
        bbar, exact = None, False
        notes.append(f"no exact chain totals ({exc}); EVPPI by regression on the inputs")
    total_evpi = evpi(nb)
    best_index = int(np.argmax(nb.mean(axis=0)))
    if len(options) == 1:
        notes.append("one option: there is nothing to choose, so every value of "
                     "information is 0")

    def share(v: float) -> float | None:
        return v / total_evpi.value if total_evpi.value > 0 else None

    # One option best in every draw: its net benefit is the largest in every world, so
    # also in every conditional expectation, and every EVPPI and EVSI is exactly 0.
    dominant = total_evpi.value == 0 and bool(np.all(nb.max(axis=1) == nb[:, best_index]))
    if dominant:
        notes.append(f"'{options[best_index]}' is best in every draw: every EVPPI and EVSI "
                     "is 0 (no estimate needed)")

    def of_chains(name: str, rows: list[int]) -> Evppi:
        rows = [e for e in rows if cells[e].any()]
        if dominant:
            return Evppi(name, 0.0, 0.0, "additive" if exact else "regression", None)
        if not rows:
            return Evppi(name, 0.0, 0.0, "additive" if exact else "regression", share(0.0))
        if exact and bbar is not None:
            est = additive_evppi(nb, bbar[:, rows, :].sum(axis=1))
            method = "additive"
        else:
            regressors: np.ndarray | list[np.ndarray] = (
                [bbar[:, rows, a] for a in range(len(options))] if bbar is not None
                else x[:, rows][:, cells[rows]])
            est = regression_evppi(nb, regressors, replicates=replicates, seed=seed)
            method = "regression"
        return Evppi(name, est.value, est.se, method, share(est.value))

    def of_kind(kind: str) -> Evppi:
        slot = INPUT_NAMES.index(kind)
        rows = np.flatnonzero(cells[:, slot])
        if dominant:
            return Evppi(kind, 0.0, 0.0, "additive" if exact else "regression", None)
        if len(rows) == 0:
            return Evppi(kind, 0.0, 0.0, "additive" if exact else "regression", share(0.0))
        if exact:
            parts = np.stack([kind_terms(scenario, x, fid, kind, run)[:, rows].sum(axis=1)
                              for fid in options], axis=1)
            est = additive_evppi(nb, parts)
            method = "additive"
        else:
            est = regression_evppi(nb, x[:, rows, slot], replicates=replicates, seed=seed)
            method = "regression"
        return Evppi(kind, est.value, est.se, method, share(est.value))

    evppi: dict[str, tuple[Evppi, ...]] = {}
    for g in groupings:
        if g == "kind":  # the kinds sampled somewhere
            evppi[g] = _rank([of_kind(k) for s, k in enumerate(INPUT_NAMES)
                              if cells[:, s].any()])
        else:
            evppi[g] = _rank([of_chains(label, rows)
                              for label, rows in chain_groups(scenario, g).items()
                              if cells[rows].any()])
    if studies is None:
        ranked = evppi.get("chain") or _rank([of_chains(c, [e]) for e, c in enumerate(chain_ids)])
        p_slot = INPUT_NAMES.index("success_probability")
        studies = [Study(e.name, study_size) for e in ranked
                   if cells[chain_ids.index(e.name), p_slot]][:DEFAULT_STUDIES]
    evsi = tuple(_study(scenario, nb, x, s, exact, replicates, seed, dominant)
                 for s in studies)
    pb = p_best(nb)
    loss = expected_loss(nb)
    return ValueOfInformation(
        options=options, best=options[int(np.argmax(nb.mean(axis=0)))], evpi=total_evpi,
        evppi=evppi, p_best=dict(zip(options, pb, strict=True)),
        expected_loss=dict(zip(options, loss, strict=True)), evsi=evsi, draws=n,
        seed=int(ds.attrs["seed"]) if "seed" in ds.attrs else None, exact=exact,
        currency=str(ds.attrs.get("currency", "EUR")), notes=tuple(notes))


def _study(scenario: Scenario, nb: np.ndarray, x: np.ndarray, study: Study, exact: bool,
           replicates: int, seed: int, dominant: bool = False) -> Evsi:
    ids = [c.id for c in scenario.chains]
    if study.chain not in ids:
        raise ValueError(f"study: unknown chain '{study.chain}'")
    if study.participants < 0:
        raise ValueError(f"study of '{study.chain}': participants must be ≥ 0")
    e = ids.index(study.chain)
    p = x[:, e, INPUT_NAMES.index("success_probability")]
    a, b = beta_prior(scenario, e)
    if dominant:
        return Evsi(study.chain, study.participants, 0.0, 0.0,
                    "conjugate" if exact else "regression", 0.0)
    if exact:
        est = linear_evsi(nb, p, a, b, study.participants)
        limit = linear_evppi(nb, p).value
        method = "conjugate"
    else:
        est = regression_evsi(nb, p, study.participants, seed=seed, replicates=replicates)
        limit = regression_evppi(nb, p[:, None], replicates=2, seed=seed).value
        method = "regression"
    return Evsi(study.chain, study.participants, est.value, est.se, method, limit)


def evppi_table(voi: ValueOfInformation, grouping: str) -> Mapping[str, Evppi]:
    """The EVPPI of a grouping by name."""
    return {e.name: e for e in voi.evppi[grouping]}


@dataclass(frozen=True)
class InformationValue:
    """:func:`value_of_information` of the run's first ``first`` draws (None: every
    draw), with their sampled inputs."""

    studies: tuple[Study, ...] | None = None
    first: int | None = None

    def needs(self, run: Run, draws: int) -> Needs:
        return Needs(keep=Keep.of("net_benefit", INPUTS, first=self.first))

    def result(self, got: Got) -> ValueOfInformation:
        assert got.kept is not None
        return value_of_information(got.run.scenario, got.kept, studies=self.studies,
                                    seed=got.run.seed, run=got.run)
