"""The council report as typed sections: what each part of the page shows, made by one
renderer per analysis and read by the templates as attributes.

:func:`mcimpact.present.report.context` makes a :class:`ReportContext` from the typed
results of a run: the opening sentences and the key results, the figures, who benefits,
the financing scenarios, the drivers of the uncertainty, what the measurements changed
(:func:`mcimpact.present.update_report.report_section`), what to measure first
(:func:`mcimpact.present.decision_figures.report_section`), the method and the
provenance. Numbers the templates show from the typed results are formatted there by the
locale's filters; text a section renderer has already written (in the locale's words and
number style) is a plain string. Nothing here computes a statistic.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..analysis.types import Comparison, Distribution, FinancingSummary, Provenance
    from .locale import Locale, Scale


@dataclass(frozen=True)
class Table:
    """A table already written in the report's language: its caption, column headers and
    rows of text, and the columns (from 0) that hold numbers (right-aligned)."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Figure:
    """A figure embedded in the page: its file-name stem, title, how to read it, and the
    PNG as a ``data:`` URI."""

    stem: str
    title: str
    reading: str
    png: str


@dataclass(frozen=True)
class Headline:
    """The opening: the report's title (the scenario's name), how many simulations it
    rests on and the day it was made (written out in the locale: "5 maart 2026"), and the
    sentences in brief (the point estimate, the interval, the break-even year, the chance
    of a multiplier above 1, and what the measurements changed)."""

    name: str
    draws: int
    generated: str
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class KeyResults:
    """The introduction and the key-results table of the reference financing scenario:
    its simulated figures, the point estimate's (None without a deterministic run) and
    the unit of the table's amounts."""

    name: str  # the reference financing scenario's name
    others: int  # the other financing scenarios compared with it
    point: float | None  # the point estimate of the multiplier [EUR per EUR]
    uncertain: str  # the inputs that are uncertain, in words
    years: tuple[int, int]
    draws: int
    ref: FinancingSummary
    point_ref: FinancingSummary | None
    scale: Scale
    initiatives: int = 0  # how many (one has no figure of its own: the headline is it)


@dataclass(frozen=True)
class TagTable:
    """The benefits by the members of one tag key: the key's name, the unit, and each
    member's name with its benefits, largest first."""

    group: str
    scale: Scale
    rows: tuple[tuple[str, Distribution], ...]


@dataclass(frozen=True)
class FinancingRow:
    """One financing scenario of the comparison."""

    id: str
    name: str
    description: str
    block: FinancingSummary


@dataclass(frozen=True)
class Financing:
    """The financing scenarios side by side (shown with two or more): the reference's
    name, their figures, the paired comparisons with the reference (each with the other
    scenario's name) and one unit for both tables."""

    reference: str
    rows: tuple[FinancingRow, ...]
    comparisons: tuple[tuple[str, Comparison], ...]
    scale: Scale


@dataclass(frozen=True)
class Drivers:
    """What drives the uncertainty: the stems of the reference's sensitivity figures and
    the three activities that drive it most in each financing scenario (by name)."""

    figures: tuple[str, ...]
    top: tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class ProvenanceRow:
    """One line of a provenance list; ``code``: a hash, shown as code."""

    name: str
    value: str
    code: bool = False


@dataclass(frozen=True)
class WhatChanged:
    """"What changed after the measurements?" (a posterior scenario's report), every value
    written in the report's language: :func:`mcimpact.present.update_report.
    report_section`."""

    title: str
    sentence: str
    intro: str
    before: str
    figures: Table
    inputs: Table
    figure: Figure
    provenance_title: str
    provenance: tuple[ProvenanceRow, ...]


@dataclass(frozen=True)
class MeasureFirst:
    """"What should we measure first?": the plain sentences, the acceptability figure, the
    options' decision figures, the EVPPI per activity and EVSI per study (None where there
    is nothing to rank) and the best option's switching values (None without any):
    :func:`mcimpact.present.decision_figures.report_section`."""

    title: str
    sentences: tuple[str, ...]
    figure: Figure
    options: Table
    evppi: Table | None
    evsi: Table | None
    switching: Table | None


@dataclass(frozen=True)
class LabelRow:
    """A label word of the scenario's scales: the input it scores (its name, e.g.
    ``success_probability``), the word, its value and the Beta's 90 % interval."""

    input: str
    label: str
    value: float
    p5: float
    p95: float


@dataclass(frozen=True)
class Method:
    """Assumptions and method: which method the scenario follows (an effecten-arena or an
    SROI impact map: a catalogue key), whether benefits are discounted and up to which
    year they count, the label words and their table, the participants' default spread,
    whether there are several financing scenarios, the scenario's own description
    and source, and what the model cuts from the scenario, one line each in the report's
    words (:func:`mcimpact.model.clamps.clamps`; none when it cuts nothing)."""

    method_key: str
    discounted: bool
    last_year: int
    labels: tuple[LabelRow, ...]
    label_words: str
    labels_head: str
    participants_cv: float
    several_financing: bool
    description: str
    source: str
    #: the discount rate in words ("3,5 %", "van 2,25 % tot 1,5 %"), "" when undiscounted
    discount_rate: str = ""
    #: the year present values are taken at
    discount_year: int = 0
    #: the inputs given as fixed numbers where labels are distributions, in words ("")
    fixed_numbers: str = ""
    #: what the scenario writes to give them a spread
    spread_setting: str = ""
    #: an SROI scenario's impact map (the SROI guide's stage 4), None for an arena
    impact_map: Table | None = None
    clamps: tuple[str, ...] = ()


@dataclass(frozen=True)
class RunProvenance:
    """What identifies the run (its :class:`~mcimpact.analysis.types.Provenance`) and the
    day the report was made (ISO)."""

    run: Provenance
    generated: str


@dataclass(frozen=True)
class ReportContext:
    """Everything the report's template shows, one section per part of the page (the
    template reads each as a variable of its name): made by
    :func:`mcimpact.present.report.context`."""

    locale: Locale
    headline: Headline
    key: KeyResults
    figures: Mapping[str, Figure]
    who: tuple[TagTable, ...]
    financing: Financing | None
    drivers: Drivers | None
    method: Method
    provenance: RunProvenance
    what_changed: WhatChanged | None = None
    measure_first: MeasureFirst | None = None
