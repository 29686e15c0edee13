"""mcimpact: Monte Carlo uncertainty for social cost-benefit analysis (effecten-arena).

The public API, importable from here (loaded on first use, so ``import mcimpact`` stays
cheap):

- :func:`load` — a scenario file (TOML or a spreadsheet, .xlsx; ``None`` for the bundled
  Groningen scenario) →
  a validated :class:`Scenario`;
- :func:`simulate` / :class:`Run` — the Monte Carlo (or deterministic) run →
  :class:`Results` with a typed :class:`Summary` (and the per-draw dataset on request);
- the analyses of a run, each one pass of its draws: :func:`sensitivity` (what drives the
  multiplier and the break-even year → :class:`SensitivityReport` per financing
  scenario), :func:`decisions` (which financing scenario to choose and what measuring
  first is worth → :class:`Decisions`), :func:`report_results` (everything a council
  report shows → :class:`ReportResults`);
- the estimate family every result is made of: :class:`Distribution` (a quantity over
  the draws), :class:`Estimate` (a value, its Monte Carlo standard error and interval),
  :class:`Interval` (a mean and its 5–95 % range);

>>> import mcimpact
>>> results = mcimpact.simulate(mcimpact.load(), draws=20_000, seed=1)  # doctest: +SKIP
>>> results.summary.ref.multiplier.p50  # doctest: +SKIP
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from ._version import __version__

_PUBLIC = {
    "load": "mcimpact.readers.formats",
    "parse": "mcimpact.readers.toml",
    "Scenario": "mcimpact.model.scenario",
    "Run": "mcimpact.run.run",
    "Results": "mcimpact.analysis.api",
    "simulate": "mcimpact.analysis.api",
    "sensitivity": "mcimpact.analysis.api",
    "decisions": "mcimpact.analysis.api",
    "report_results": "mcimpact.analysis.api",
    "Decisions": "mcimpact.analysis.api",
    "ReportResults": "mcimpact.analysis.api",
    "SensitivityReport": "mcimpact.analysis.sensitivity",
    "Summary": "mcimpact.analysis.types",
    "FinancingSummary": "mcimpact.analysis.types",
    "Distribution": "mcimpact.analysis.types",
    "Estimate": "mcimpact.analysis.types",
    "Interval": "mcimpact.analysis.types",
    "BreakEven": "mcimpact.analysis.types",
    "Comparison": "mcimpact.analysis.types",
    "ScenarioError": "mcimpact.errors",
    "OutputError": "mcimpact.errors",
    "ResourceError": "mcimpact.errors",
}

__all__ = [
    "BreakEven",
    "Comparison",
    "Decisions",
    "Distribution",
    "Estimate",
    "FinancingSummary",
    "Interval",
    "OutputError",
    "ReportResults",
    "ResourceError",
    "Results",
    "Run",
    "Scenario",
    "ScenarioError",
    "SensitivityReport",
    "Summary",
    "__version__",
    "decisions",
    "load",
    "parse",
    "report_results",
    "sensitivity",
    "simulate",
]

if TYPE_CHECKING:
    from .analysis.api import (
        Decisions,
        ReportResults,
        Results,
        decisions,
        report_results,
        sensitivity,
        simulate,
    )
    from .analysis.sensitivity import SensitivityReport
    from .analysis.types import (
        BreakEven,
        Comparison,
        Distribution,
        Estimate,
        FinancingSummary,
        Interval,
        Summary,
    )
    from .errors import OutputError, ResourceError, ScenarioError
    from .model.scenario import Scenario
    from .readers.formats import load
    from .readers.toml import parse
    from .run.run import Run


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        value = getattr(import_module(_PUBLIC[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'mcimpact' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
