"""The plans of the workbench: what a live what-if, a full run and the warm-up ask of the
analyses (:mod:`mcimpact.analysis.api`, one pass each) — the plans of ``mcimpact sim`` and
``mcimpact report``, so the numbers are the command line's for the same scenario, seed
and draws."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..analysis.api import ReportResults
    from ..analysis.types import Summary
    from ..model.scenario import Scenario
    from .jobs import Job

#: Draws of a live what-if: a redraw between two keystrokes (docs/app.md#live-what-if).
LIVE_DRAWS = 2_000
#: numba threads of a live what-if: at 2,000 draws one thread is faster than two on a
#: busy 2-core machine (0.79 s against 1.33 s per run, measured), as the threads' start
#: costs more than the little work they share.
LIVE_THREADS = 1
#: Draws of a full run unless the page asks for others (``mcimpact report``'s default is
#: 100,000; the page starts lower so a first run is quick).
RUN_DRAWS = 20_000


class NoCosts(Exception):
    """A financing scenario without costs: there is no multiplier to analyse."""

    def __init__(self, names: str) -> None:
        super().__init__(names)
        self.names = names


def warm_up(scenario: Scenario) -> None:
    """Load (or on a first start compile) the numba core with a run of a few draws."""
    from ..analysis.api import simulate

    simulate(scenario, 100, 1)


def live(scenario: Scenario, draws: int, seed: int, job: Job,
         financing: Sequence[str] | None = None) -> Summary:
    """The summary of ``draws`` draws (``mcimpact sim``'s plan) of the ``financing``
    scenarios shown (default all): the live what-if shows the reference (and the one
    being edited), which is a third of the work of the bundled scenario's four (0.36 s
    against 1.0 s at 2,000 draws, measured on a busy 2-core machine); a financing
    scenario's numbers do not depend on which others run beside it."""
    import numba

    from ..analysis.api import simulate

    threads = numba.get_num_threads()
    numba.set_num_threads(min(LIVE_THREADS, threads))
    try:
        return simulate(scenario, draws, seed, financing=financing,
                        progress=job.progress).summary
    finally:
        numba.set_num_threads(threads)


def full(scenario: Scenario, draws: int, seed: int, job: Job
         ) -> tuple[ReportResults, tuple[Sequence[Any], Mapping[str, Any]] | None]:
    """Everything the council report shows, from one pass (``mcimpact report``'s plan:
    the summary, the point estimate, the reference's sensitivity and the others'
    drivers, what to measure first, and for a posterior scenario what the measurements
    changed); with what the posterior file records."""
    from ..analysis.api import open_run, report_results, simulate

    point = simulate(scenario, deterministic=True).summary
    costless = [f"'{fid}'" for fid, block in point.financing.items()
                if not block.costs_total.mean > 0]
    if costless:
        raise NoCosts(", ".join(costless))
    changed, recorded = what_changed(scenario)
    run = open_run(scenario, seed=seed)
    results = report_results(run, draws, every_financing=False, measure=True,
                             changed=changed, progress=job.progress, stage=job.at_stage)
    return results, recorded


def what_changed(scenario: Scenario) -> tuple[Any, Any]:
    """For a posterior scenario (``mcimpact update``): the analysis of what the
    measurements changed and what its provenance records; (None, None) for any other
    (as ``mcimpact report`` does)."""
    from ..analysis import update as updating
    from ..readers.posterior import provenance, records

    found = provenance(scenario.text)
    if found is None:
        return None, None
    earlier, files = records(scenario.text, scenario.path)
    if not earlier:
        return None, None
    return (updating.WhatChanged(updating.prior_of(scenario, earlier),
                                 updating.recorded_updates(earlier)), (files, found))
