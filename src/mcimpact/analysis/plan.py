"""The plan: one pass over a run's draws feeds every analysis asked for.

An analysis declares what it needs from the draws (:class:`Needs`):

- **consumers** by name, each made by a factory — reducers fed every chunk in draw order:
  everything that is a mean, a count or a histogram per draw (the summary; the means of
  an assumption's re-run). Analyses that ask for the same name share one (the summary
  serves the report and the update comparison alike);
- **per-draw variables** (:class:`Keep`) — some variables of the results dataset
  (docs/results.md) of the run's first draws, for the estimators that need them draw by
  draw (regression EVPPI, the median split of a late break-even, P(best)).

:func:`execute` runs one pass for the union — the consumers of every analysis, and one
kept dataset per distinct number of first draws with the union of the variables asked for
— on any backend (:mod:`mcimpact.run.backends`), then asks each analysis for its typed
result. Every analysis gets the same draws, so the numbers do not depend on which others
run beside it, on the backend, the chunks or the threads.

An analysis never compiles the core or calls the kernel: what it needs beyond the pass
(pick-freeze samples, one-way swings, an assumption's re-run) it asks of the
:class:`~mcimpact.run.run.Run` it is given (:meth:`~mcimpact.run.run.Run.one`,
:meth:`~mcimpact.run.run.Run.flows`, :meth:`~mcimpact.run.run.Run.variant`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from ..core.kernels import N_SLOTS
from ..errors import ResourceError
from ..limits import MAX_DRAWS
from ..model.scenario import Scenario
from ..run.consumers import Consumer, Progress
from ..run.resources import HEADROOM, MEMORY_FACTOR, available_memory
from ..run.run import EVERY_DRAW, Run
from ..run.sinks import DatasetMemory

if TYPE_CHECKING:
    import xarray as xr

    from ..run.backends import Backend

T = TypeVar("T", covariant=True)

#: The name of the sampled inputs among the kept variables.
INPUTS = "inputs"


@dataclass(frozen=True)
class Keep:
    """Per-draw variables an analysis reads draw by draw: names of the results dataset's
    variables (docs/results.md; :data:`INPUTS` for the sampled inputs), of the run's
    first ``first`` draws (None: of every draw)."""

    variables: frozenset[str]
    first: int | None = None

    @classmethod
    def of(cls, *variables: str, first: int | None = None) -> Keep:
        return cls(frozenset(variables), first)


@dataclass(frozen=True)
class Needs:
    """What an analysis needs from the pass: consumers by name (each made once by its
    factory, shared by every analysis that names it), and kept variables."""

    consumers: Mapping[str, Callable[[], Consumer]] = field(default_factory=dict)
    keep: Keep | None = None


@dataclass(frozen=True)
class Got:
    """What a pass got an analysis: the run, the draws taken, the consumers by name (fed
    every draw) and the dataset of its :class:`Keep` (None without one)."""

    run: Run
    draws: int
    consumers: Mapping[str, Consumer]
    kept: xr.Dataset | None


class Analysis(Protocol[T]):
    """One analysis of a run: what it needs from the pass, and its typed result."""

    def needs(self, run: Run, draws: int) -> Needs:
        """What this analysis needs from a pass of ``draws`` draws of ``run``."""
        ...

    def result(self, got: Got) -> T:
        """The result, after the pass."""
        ...


def widths(scenario: Scenario) -> dict[str, int]:
    """Values per draw of each per-draw variable of the results dataset (and of the
    sampled inputs), over every financing scenario."""
    from ..core.compile import group_sizes

    groups = group_sizes(scenario)
    n_fin = len(scenario.financing)
    per_financing = {
        "benefits": scenario.meta.horizon, "costs": scenario.meta.horizon,
        "added_years": len(scenario.initiatives),
        "costs_by_initiative": len(scenario.initiatives),
        "multiplier_by_initiative": len(scenario.initiatives),
        "benefits_by_period": len(scenario.meta.periods),
        "cost_claim_by_domain": groups["domain"],
        "benefits_by_tag": sum(n for g, n in groups.items() if g.startswith("tag:")),
        **{f"benefits_by_{g}": n for g, n in groups.items() if not g.startswith("tag:")},
    }
    out = {name: n_fin * per_financing.get(name, 1) for name in _per_draw_names()}
    out[INPUTS] = len(scenario.chains) * N_SLOTS
    return out


def _per_draw_names() -> tuple[str, ...]:
    from ..run.derive import PerDraw

    return PerDraw.names()


def _first(keep: Keep, draws: int) -> int | None:
    # The first draws of a Keep, None for every draw of a pass of ``draws``.
    return None if keep.first is None or keep.first >= draws else keep.first


def _keepers(run: Run, draws: int, keeps: Iterable[Keep], precision: float | None
             ) -> dict[int | None, DatasetMemory]:
    """One kept dataset per distinct ``first``, with the union of its variables."""
    union: dict[int | None, set[str]] = {}
    for keep in keeps:
        union.setdefault(_first(keep, draws), set()).update(keep.variables)
    return {first: DatasetMemory(run, precision, draws, variables=names, first=first)
            for first, names in union.items()}


def check_memory(run: Run, draws: int, keeps: Iterable[Keep]) -> None:
    """Refuse (:class:`~mcimpact.errors.ResourceError`), before any work, kept variables
    that would not fit the free memory."""
    free = available_memory()
    if free is None:
        return
    size = widths(run.scenario)
    need = 0
    for keep in keeps:
        n = draws if keep.first is None else min(keep.first, draws)
        need += 8 * n * sum(size.get(name, 0) for name in keep.variables)
    if MEMORY_FACTOR * need > HEADROOM * free:
        raise ResourceError(reason="analyses", draws=draws,
                            financing=len(run.scenario.financing),
                            gib=MEMORY_FACTOR * need / 2**30)


def execute(run: Run, draws: int, analyses: Mapping[str, Analysis[Any]], *,
            consumers: Sequence[Consumer] = (), precision: float | None = None,
            max_draws: int = MAX_DRAWS, progress: Progress | None = None,
            backend: Backend | None = None,
            stage: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Run one pass of ``draws`` draws of ``run`` for every analysis (and the extra
    ``consumers``: a sink), and return each analysis' result by name.

    With ``precision`` the pass grows as :meth:`~mcimpact.run.run.Run.execute` says; the
    kept variables of every draw then grow with it. The inputs are sampled for the
    chunks of the first draws a :class:`Keep` of :data:`INPUTS` asks for. ``stage`` is
    told each analysis' name as its result is made, after the pass (some take a while:
    pick-freeze samples, re-runs of variants).
    """
    needs = {name: analysis.needs(run, draws) for name, analysis in analyses.items()}
    shared: dict[str, Consumer] = {}
    for n in needs.values():
        for key, make in n.consumers.items():
            if key not in shared:
                shared[key] = make()
    keeps = [n.keep for n in needs.values() if n.keep is not None]
    check_memory(run, draws, keeps)
    for keep in keeps:
        if INPUTS in keep.variables:
            first = _first(keep, draws)
            run.inputs_until = max(run.inputs_until, EVERY_DRAW if first is None else first)
    keepers = _keepers(run, draws, keeps, precision)
    taken = run.execute(draws, [*consumers, *shared.values(), *keepers.values()],
                        precision=precision, max_draws=max_draws, progress=progress,
                        backend=backend)
    kept = {first: keeper.dataset() for first, keeper in keepers.items()}
    results = {}
    for name, n in needs.items():
        if stage is not None:
            stage(name)
        results[name] = analyses[name].result(Got(
            run, taken, shared, None if n.keep is None else kept[_first(n.keep, draws)]))
    return results


@dataclass(frozen=True)
class Kept:
    """The simplest analysis: the kept dataset of some per-draw variables (of the first
    ``first`` draws; None: every draw)."""

    variables: tuple[str, ...]
    first: int | None = None

    def needs(self, run: Run, draws: int) -> Needs:
        return Needs(keep=Keep(frozenset(self.variables), self.first))

    def result(self, got: Got) -> xr.Dataset:
        assert got.kept is not None
        return got.kept
