"""The run's own analyses, as analyses of a plan (:mod:`mcimpact.analysis.plan`): its typed
summary, its point estimate, its per-draw dataset."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..run.run import Run
from .plan import Got, Keep, Needs, execute
from .summaries import SummaryReducer
from .types import Summary

if TYPE_CHECKING:
    import xarray as xr

#: The name under which the plan shares the summary's reducers between analyses.
SUMMARY = "summary"


def summary_reducer(run: Run, precision: float | None = None, draws: int | None = None
                    ) -> SummaryReducer:
    """The summary's reducers for a pass of ``draws`` draws (at least, with ``precision``)
    of ``run`` (a factory of :class:`~mcimpact.analysis.plan.Needs`)."""
    return SummaryReducer(run.scenario, mode=run.mode, seed=run.seed, precision=precision,
                          draws=draws)


@dataclass(frozen=True)
class Summarize:
    """The run's typed :class:`~mcimpact.analysis.types.Summary` (the summary's reducers,
    fed every draw) as an analysis of a plan; ``precision`` is the precision asked for
    (provenance)."""

    precision: float | None = None

    def needs(self, run: Run, draws: int) -> Needs:
        return Needs(consumers={SUMMARY: lambda: summary_reducer(run, self.precision, draws)})

    def result(self, got: Got) -> Summary:
        reducer = got.consumers[SUMMARY]
        assert isinstance(reducer, SummaryReducer)
        reducer.precision_reached = got.run.precision_reached
        return reducer.summary()


@dataclass(frozen=True)
class PerDrawDataset:
    """The per-draw results dataset of every draw (docs/results.md), with the sampled
    inputs where the run keeps them."""

    def needs(self, run: Run, draws: int) -> Needs:
        from ..run.derive import PerDraw

        names = (*PerDraw.names(), "inputs") if run.keep_inputs else PerDraw.names()
        return Needs(keep=Keep(frozenset(names)))

    def result(self, got: Got) -> xr.Dataset:
        assert got.kept is not None
        return got.kept


@dataclass(frozen=True)
class PointSummary:
    """The summary of the run's deterministic twin (every input at its point value: the
    analysis' own estimate), from the run's point core; nothing from the pass."""

    def needs(self, run: Run, draws: int) -> Needs:
        return Needs()

    def result(self, got: Got) -> Summary:
        point = got.run.point()
        return execute(point, 1, {"summary": Summarize()})["summary"]
