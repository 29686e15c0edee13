"""Everything for a report: :func:`analyse` for one financing scenario and
:func:`analyse_financing` for all of them on one shared run, whose compiled arrays (once
per mode) every estimator uses through the run's view of its financing scenario."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ...model.scenario import DEFAULT_DRAWS, DEFAULT_SEED, Scenario
from ...run.engine import run_monte_carlo
from ...run.run import Run
from ..plan import Got, Keep, Needs
from ._common import OUTPUTS_DEFAULT, one_financing
from ._exact import Structure, input_shares, structure, variance_shares
from ._late_break_even import late_break_even
from ._pick_freeze import PICK_FREEZE_DRAWS, Member, kind_factors, pick_freeze
from ._tornado import tornado
from ._types import Indices, InputShares, LateBreakEven, SensitivityReport, Tornado

if TYPE_CHECKING:
    import xarray as xr


@dataclass(frozen=True)
class _Basis:
    """What the estimators of one financing scenario work from."""

    scenario: Scenario  # with the one financing scenario
    run: Run  # its run (a view of the whole scenario's)
    results: xr.Dataset  # the run, per draw (any financing scenarios that include this one)
    seed: int
    pick_freeze_draws: int
    n_resamples: int
    general: xr.Dataset  # pick-freeze by activity for every output

    def per_draw(self, name: str) -> xr.DataArray:
        """One per-draw variable of the run, under this financing scenario: the analysis
        reads only the variables it needs."""
        return self.results[name].sel(financing=self.scenario.financing[0].id)

    def multiplier_indices(self, groups: dict[str, list[Member]] | None = None, *,
                           by: str = "activity") -> xr.Dataset:
        """Pick-freeze indices of the multiplier alone."""
        return pick_freeze(self.scenario, self.pick_freeze_draws, self.seed, groups, by=by,
                           outputs=("multiplier",), n_resamples=self.n_resamples,
                           run=self.run)


Estimator = Callable[[_Basis], Any]


@dataclass(frozen=True)
class _Part:
    """A part of the report: ``exact`` where ``exact_when`` holds for the scenario's
    :class:`Structure`, ``general`` otherwise; None leaves the part empty."""

    exact_when: Callable[[Structure], bool]
    exact: Estimator | None
    general: Estimator | None


# The parts of the report whose estimator depends on the structure (:func:`structure`
# decides): chain groups get exact variance shares where the chains are independent, and
# pick-freeze indices of the multiplier otherwise (by activity: read off ``general``);
# inputs get exact indices where the chains are independent products, and pick-freeze
# indices per input kind otherwise (by_input and by_kind: exactly one is filled).
REPORT_PARTS: dict[str, _Part] = {
    "by_activity": _Part(
        lambda s: s.independent_chains,
        lambda b: Indices.from_dataset(variance_shares(b.per_draw("benefits_by_activity"))),
        lambda b: Indices.from_dataset(b.general.sel(output=["multiplier"]))),
    "by_initiative": _Part(
        lambda s: s.independent_chains,
        lambda b: Indices.from_dataset(variance_shares(b.per_draw("benefits_by_initiative"))),
        lambda b: Indices.from_dataset(b.multiplier_indices(by="initiative"))),
    "by_input": _Part(
        lambda s: s.product_form,
        lambda b: InputShares.from_dataset(input_shares(b.scenario, run=b.run)),
        None),
    "by_kind": _Part(
        lambda s: s.product_form,
        None,
        lambda b: Indices.from_dataset(b.multiplier_indices(kind_factors(b.scenario, b.run)))),
}


def _estimate(part: _Part, shape: Structure, basis: _Basis) -> Any:
    estimator = part.exact if part.exact_when(shape) else part.general
    return None if estimator is None else estimator(basis)


def _ranking(by_activity: Indices, scenario: Scenario) -> tuple[str, ...]:
    """Activities by total-order index of the multiplier, largest first (ties in the
    estimator's order); pick-freeze factors that are no activity (a correlation group's
    common factor, funding renewal) are left out."""
    rows = by_activity.outputs["multiplier"]
    total = np.array([r.total_order.value for r in rows])
    activities = {c.activity_key for c in scenario.chains}
    return tuple(rows[k].factor for k in np.argsort(-total, kind="stable")
                 if rows[k].factor in activities)


def drivers(scenario: Scenario, run: Run, results: xr.Dataset, seed: int, *,
            pick_freeze_draws: int = PICK_FREEZE_DRAWS, n_resamples: int = 999
            ) -> tuple[str, ...]:
    """The activities of the one financing scenario of ``run`` (a view of a run of
    ``scenario``) by total-order index of the multiplier, largest first: the ``ranking``
    of :func:`analyse`, without the rest of its report (the same estimator: exact shares
    of the run's ``benefits_by_activity`` where the chains are independent, else
    pick-freeze by activity of the multiplier alone, whose indices and intervals are those
    of the report's ``general``: every output's are computed on their own)."""
    one = run.scenario
    shape = structure(scenario, run.core)
    general = None if shape.independent_chains else pick_freeze(
        one, pick_freeze_draws, seed, by="activity", outputs=("multiplier",),
        n_resamples=n_resamples, run=run)
    basis = _Basis(one, run, results, seed, pick_freeze_draws, n_resamples,
                   general)  # type: ignore[arg-type]
    return _ranking(_estimate(REPORT_PARTS["by_activity"], shape, basis), scenario)


def _analyse(scenario: Scenario, run: Run, results: xr.Dataset, seed: int, *,
             pick_freeze_draws: int, late_year: int | None, tornado_output: str,
             n_resamples: int) -> SensitivityReport:
    """:func:`analyse` of the one financing scenario of ``run`` (a view of a run of
    ``scenario``)."""
    one = run.scenario
    fid = one.financing[0].id
    break_even = results["break_even_year"].sel(financing=fid)
    year = int(np.median(break_even.values)) if late_year is None else late_year
    general = pick_freeze(one, pick_freeze_draws, seed, by="activity",
                          outputs=(*OUTPUTS_DEFAULT, f"break_even_after_{year}"),
                          n_resamples=n_resamples, run=run)
    basis = _Basis(one, run, results, seed, pick_freeze_draws, n_resamples, general)
    shape = structure(scenario, run.core)
    parts = {name: _estimate(part, shape, basis) for name, part in REPORT_PARTS.items()}
    late = late_break_even(basis.per_draw("benefits_by_activity"), break_even, year=year)
    return SensitivityReport(
        scenario_name=scenario.meta.name,
        scenario_sha256=scenario.sha256,
        financing=fid,
        draws=int(break_even.sizes["draw"]),
        seed=seed,
        independent=shape.independent_chains,
        general=Indices.from_dataset(general),
        tornado=Tornado.from_dataset(tornado(one, tornado_output, run=run)),
        late_break_even=LateBreakEven.from_dataset(late),
        ranking=_ranking(parts["by_activity"], scenario),
        **parts,
    )


def analyse(
    scenario: Scenario,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    *,
    financing: str | None = None,
    results: xr.Dataset | None = None,
    pick_freeze_draws: int = PICK_FREEZE_DRAWS,
    late_year: int | None = None,
    tornado_output: str = "multiplier",
    n_resamples: int = 999,
    run: Run | None = None,
) -> SensitivityReport:
    """The sensitivity analysis of one financing scenario (default: the first) for a
    report (``mcimpact sensitivity``).

    - ``by_activity``, ``by_initiative``: indices of the multiplier from
      :func:`variance_shares` of the run's ``benefits_by_*`` (``draws`` draws) where the
      chains are independent (:func:`independent_chains`); otherwise (correlated inputs,
      random renewal) from :func:`pick_freeze`.
    - ``by_input``: :func:`input_shares` (exact) where :func:`product_form` holds; else
      None and ``by_kind``: :func:`pick_freeze` per input kind (and funding renewal).
    - ``general``: :func:`pick_freeze` by activity (``pick_freeze_draws`` per sample) for
      the multiplier, total benefits, the break-even year and the indicator of a late
      break-even.
    - ``tornado``: :func:`tornado` by input for ``tornado_output``.
    - ``late_break_even``: :func:`late_break_even` by activity; ``late_year`` defaults to
      the median break-even year of the run.
    - ``ranking``: activities by total-order index of the multiplier, largest first.

    Parameters
    ----------
    scenario : Scenario
    draws : int
        Draws of the run [draws], when ``results`` is not given.
    seed : int
        Of the run, of pick-freeze sample A and of the bootstrap.
    financing : str, optional
        The financing scenario's id (default: the first).
    results : xarray.Dataset, optional
        A run of the scenario (:func:`~mcimpact.run.engine.run_monte_carlo`, any
        financing scenarios that include this one) to use instead of a new run; only its
        ``benefits_by_activity``, ``benefits_by_initiative`` and ``break_even_year`` are
        read.
    pick_freeze_draws : int
        Draws per pick-freeze sample [draws].
    late_year : int, optional
        Late break-even means none by this year [year]; default the run's median
        break-even year.
    tornado_output : str
        A key of :data:`~mcimpact.analysis.sensitivity.OUTPUTS` or ``break_even_after_YYYY``.
    n_resamples : int
        Bootstrap resamples of the pick-freeze intervals.
    run : Run, optional
        A run of ``scenario`` (any financing scenarios that include this one), whose
        compiled arrays every estimator uses; a new one otherwise.

    Returns
    -------
    SensitivityReport
        Typed; ``to_json()`` gives JSON-ready data (docs/methodology.md §8).
    """
    one = one_financing(scenario, financing)
    if results is None:
        results = run_monte_carlo(one, draws, seed)
    view = (run or Run(one, seed=seed)).one(one.financing[0].id)
    return _analyse(scenario, view, results, seed, pick_freeze_draws=pick_freeze_draws,
                    late_year=late_year, tornado_output=tornado_output,
                    n_resamples=n_resamples)


def analyse_financing(
    scenario: Scenario,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    *,
    results: xr.Dataset | None = None,
    pick_freeze_draws: int = PICK_FREEZE_DRAWS,
    late_year: int | None = None,
    tornado_output: str = "multiplier",
    n_resamples: int = 999,
    run: Run | None = None,
) -> dict[str, SensitivityReport]:
    """:func:`analyse` for every financing scenario of ``scenario``, by id, on one shared
    run (``results``, or a new one of ``draws`` draws).

    The scenario is compiled for the core once per mode (sampling, point values), by
    ``run`` (a run of ``scenario``; a new one otherwise), and each financing scenario
    analysed with the run's view of it (:meth:`~mcimpact.run.run.Run.one`), which shares
    those arrays.
    """
    if results is None:
        results = run_monte_carlo(scenario, draws, seed)
    run = run or Run(scenario, seed=seed)
    return {f.id: _analyse(scenario, run.one(f.id), results, seed,
                           pick_freeze_draws=pick_freeze_draws, late_year=late_year,
                           tornado_output=tornado_output, n_resamples=n_resamples)
            for f in scenario.financing}


#: The per-draw variables the report's estimators read from the run.
VARIABLES = ("benefits_by_activity", "benefits_by_initiative", "break_even_year")
#: The most draws of a run those estimators read: a longer run's first draws (kept in
#: memory, so a run of any length holds at most this many: 0.2 GB for the bundled
#: scenario's four financing scenarios and 24 activities). At this many draws an exact
#: share's Monte Carlo error is far below its bootstrap interval.
KEPT_DRAWS = 1 << 18


def kept(*variables: str, draws: int) -> Keep:
    """The variables of a pass of ``draws`` draws the estimators read: of every draw, or of
    the first :data:`KEPT_DRAWS`."""
    return Keep.of(*variables, first=None if draws <= KEPT_DRAWS else KEPT_DRAWS)


@dataclass(frozen=True)
class Sensitivity:
    """:func:`analyse_financing` as an analysis of a plan
    (:mod:`mcimpact.analysis.plan`): every financing scenario of the run (or those of
    ``financing``), from the variables of :data:`VARIABLES` of the pass's draws (at most
    its first :data:`KEPT_DRAWS`; the report's ``draws`` says how many), the run's
    compiled arrays and its seed."""

    pick_freeze_draws: int = PICK_FREEZE_DRAWS
    late_year: int | None = None
    tornado_output: str = "multiplier"
    n_resamples: int = 999
    financing: tuple[str, ...] | None = None

    def needs(self, run: Run, draws: int) -> Needs:
        return Needs(keep=kept(*VARIABLES, draws=draws))

    def result(self, got: Got) -> dict[str, SensitivityReport]:
        assert got.kept is not None
        scenario = got.run.scenario
        return {f.id: _analyse(scenario, got.run.one(f.id), got.kept, got.run.seed,
                               pick_freeze_draws=self.pick_freeze_draws,
                               late_year=self.late_year, tornado_output=self.tornado_output,
                               n_resamples=self.n_resamples)
                for f in scenario.financing
                if self.financing is None or f.id in self.financing}


@dataclass(frozen=True)
class Drivers:
    """:func:`drivers` of every financing scenario of the run (or those of ``financing``)
    as an analysis of a plan: what a report's table of the activities that drive the
    uncertainty most shows."""

    pick_freeze_draws: int = PICK_FREEZE_DRAWS
    #: a ranking reads the indices alone: no bootstrap of their intervals
    n_resamples: int = 0
    financing: tuple[str, ...] | None = None

    def needs(self, run: Run, draws: int) -> Needs:
        return Needs(keep=kept("benefits_by_activity", draws=draws))

    def result(self, got: Got) -> dict[str, tuple[str, ...]]:
        assert got.kept is not None
        scenario = got.run.scenario
        return {f.id: drivers(scenario, got.run.one(f.id), got.kept, got.run.seed,
                              pick_freeze_draws=self.pick_freeze_draws,
                              n_resamples=self.n_resamples)
                for f in scenario.financing
                if self.financing is None or f.id in self.financing}
