"""A self-contained HTML report for a council, in any language with a catalogue (Dutch by
default).

:func:`context` gathers what the report shows from a Monte Carlo summary (a
:class:`~mcimpact.analysis.types.Summary`), the sensitivity per financing scenario and
the figures; :func:`render` fills the template ``templates/report.html.j2`` (jinja2,
autoescaped: text from a scenario file cannot inject markup, and it passes
:func:`mcimpact.present.text.for_html`: no control characters; every word from the
locale's catalogue); :func:`check_targets` and :func:`write` put the page (and its PDF)
in place atomically (:mod:`mcimpact.run.output`). Figures are embedded as PNG data; the
page references nothing outside itself.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import OutputError
from ..run.output import atomic, check_target
from .locale import Locale

if TYPE_CHECKING:
    from ..analysis.types import Summary
    from ..model.scenario import Scenario

#: What a report may be called.
SUFFIXES = (".html", ".htm")


@dataclass(frozen=True)
class Figure:
    stem: str
    title: str
    reading: str
    png: str  # data: URI


def context(
    scenario: Scenario,
    summary: Summary,
    sensitivity: Mapping[str, Mapping[str, Any]] | None,
    point: float | None,
    *,
    locale: Locale | None = None,
    generated: dt.date | None = None,
) -> dict[str, Any]:
    """Everything the template shows (numbers are formatted in the template).

    Parameters
    ----------
    scenario : Scenario
        The scenario that was run (descriptions, labels, assumptions).
    summary : Summary
        Of a Monte Carlo run; a deterministic one is a ValueError.
    sensitivity : mapping, optional
        {financing id: :meth:`~mcimpact.analysis.sensitivity.SensitivityReport.to_dict`}.
    point : float, optional
        The point estimate of the multiplier [EUR per EUR].
    locale : Locale, optional
        The report's language (default Dutch).
    generated : date, optional
        The date the report names (default today).
    """
    from . import figures
    from .html import png_data_uri

    if not summary.monte_carlo:
        raise ValueError("the report needs a Monte Carlo result, not a deterministic one")
    locale = locale or Locale.get()
    figs = figures.all_figures(summary, sensitivity, point=point, locale=locale)
    embedded = []
    for stem, fig in figs.items():
        kind, _, fid = stem.partition("-")
        if kind in ("sensitivity", "tornado"):
            if fid != summary.reference:
                continue  # the report shows the reference scenario's sensitivity charts
            stem_key = kind
        else:
            stem_key = stem
        title = fig.get_suptitle() or stem
        embedded.append(Figure(stem, title, locale.text(f"reading.{stem_key}"),
                               png_data_uri(fig)))
    day = generated or dt.date.today()
    return {
        "lang": locale.code,
        "s": summary,
        "prov": summary.provenance,
        "ref": summary.ref,
        "ref_name": summary.labels.financing[summary.reference],
        "figures": {f.stem: f for f in embedded},
        "financing": [
            {"id": f.id, "name": f.name, "description": f.description,
             "block": summary.financing[f.id]}
            for f in scenario.financing if f.id in summary.financing
        ],
        "comparisons": [c for c in summary.comparisons if c.b == summary.reference],
        "drivers": {fid: [summary.labels.activity.get(a, a) for a in r["ranking"][:3]]
                    for fid, r in (sensitivity or {}).items()},
        "labels_table": _labels_table(scenario),
        "meta": scenario.meta,
        "meta_cv": scenario.participants_cv,
        "point": point,
        "generated": day.isoformat(),
        "generated_text": locale.date(day),
        "headline": headline(summary, locale),
        "locale": locale,
    }


def headline(summary: Summary, locale: Locale | None = None) -> list[str]:
    """The report's opening sentences, for the reference financing scenario."""
    locale = locale or Locale.get()
    m, be = summary.ref.multiplier, summary.ref.break_even_year
    late = locale.text("after_horizon") if be.p95 is None else str(be.p95)
    return [
        locale.text("headline.range", lo=locale.number(m.p5, 1), hi=locale.number(m.p95, 1),
                    mid=locale.number(m.p50, 1)),
        locale.text("headline.never") if be.p50 is None else
        locale.text("headline.year", year=be.p50, late=late),
        locale.text("headline.chance", p=locale.probability(m.probabilities.get("p_gt_1"))),
    ]


def _labels_table(scenario: Scenario) -> list[dict[str, Any]]:
    """Per label used for slagingskans or delta: its value and the Beta's 90 % interval."""
    from ..model.distributions import frozen

    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for chain in scenario.chains:
        for name in ("success_probability", "effect_size"):
            inp = getattr(chain, name)
            if inp.label is None or (name, inp.label) in rows:
                continue
            dist = frozen(inp) if not inp.is_fixed else None
            rows[name, inp.label] = {
                "input": name, "label": inp.label, "value": inp.point,
                "sd": float(dist.std()) if dist else 0.0,
                "p5": float(dist.ppf(0.05)) if dist else inp.point,
                "p95": float(dist.ppf(0.95)) if dist else inp.point,
            }
    return sorted(rows.values(), key=lambda r: (r["input"], r["value"]))


def render(ctx: Mapping[str, Any]) -> str:
    """The report page from :func:`context`."""
    from .html import jinja_environment

    return jinja_environment(ctx["locale"]).get_template("report.html.j2").render(**ctx)


def pdf_path(path: Path) -> Path:
    """Where ``--pdf`` puts the PDF of the report at ``path``: the same name, ``.pdf``."""
    return path.with_suffix(".pdf")


def check_targets(path: Path, *, force: bool, pdf: bool = False) -> None:
    """Fail early, before any work, on a report (and with ``pdf`` its PDF) that would not
    be written: see :func:`mcimpact.run.output.check_target`; a PDF also needs a
    headless Chromium."""
    check_target(path, force=force, suffixes=SUFFIXES)
    if pdf:
        check_target(pdf_path(path), force=force, suffixes=(".pdf",))
        if chromium() is None:
            raise OutputError("--pdf needs a headless Chromium on PATH (Debian: apt-get "
                              "install chromium)")


def write(html: str, path: Path, *, force: bool = False, pdf: bool = False) -> Path | None:
    """Write the page (and with ``pdf`` the same name with .pdf, printed by a headless
    Chromium from the page), each atomically; an existing file is replaced only with
    ``force``. Returns the PDF's path."""
    check_targets(path, force=force, pdf=pdf)
    with atomic(path, force=force) as staged:
        staged.write_text(html, encoding="utf-8")
        if pdf:  # printed from the staged page; in place before the page is
            with atomic(pdf_path(path), force=force) as staged_pdf:
                print_pdf(staged, staged_pdf)
    return pdf_path(path) if pdf else None


BROWSERS = ("chromium", "chromium-browser", "google-chrome")
# Headless, no sandbox (containers), no GPU, and nothing that reaches the network.
HEADLESS_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-default-apps", "--disable-sync", "--no-first-run")


def chromium() -> str | None:
    """A headless-capable Chromium on PATH, if any."""
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def print_pdf(html: Path, pdf: Path) -> None:
    """Print an HTML file to PDF with a headless Chromium (no network, no profile)."""
    browser = chromium()
    if browser is None:
        raise OutputError("--pdf needs a headless Chromium on PATH (Debian: apt-get install "
                          "chromium)")
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [browser, *HEADLESS_FLAGS, f"--user-data-dir={profile}", "--no-pdf-header-footer",
             f"--print-to-pdf={pdf}", html.resolve().as_uri()],
            capture_output=True, text=True, timeout=120, check=False)
    if result.returncode != 0 or not pdf.exists():
        raise OutputError(f"printing the PDF failed: {result.stderr.strip()[-500:]}")
