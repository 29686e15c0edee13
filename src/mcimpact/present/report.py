"""A self-contained HTML report for a council: Dutch by default, English on request.

:func:`context` gathers what the report shows from a Monte Carlo result (its summary,
the sensitivity per financing scenario and the figures), :func:`render` fills the
template ``templates/report.html.j2`` (jinja2, autoescaped: text from a scenario file
cannot inject markup), and :func:`write` puts the page in place atomically. Figures are
embedded as PNG data; the page references nothing outside itself.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import OutputError
from .locale import Lang, number, probability

if TYPE_CHECKING:
    import xarray as xr

    from ..model.scenario import Scenario

LANGS: tuple[Lang, ...] = ("nl", "en")

# How to read each figure, one sentence per language.
READING: dict[str, dict[Lang, str]] = {
    "fan": {
        "nl": "De lijn is de middelste uitkomst (mediaan) van de opgetelde baten; de banden "
              "geven aan waar die met 50, 80 en 90 % zekerheid liggen. Waar de baten de "
              "kostenlijn kruisen, is de investering terugverdiend.",
        "en": "The line is the middle outcome (median) of the cumulative benefits; the bands "
              "show where they lie with 50, 80 and 90% certainty. Where the benefits cross "
              "the cost line, the investment has paid for itself.",
    },
    "multiplier": {
        "nl": "Hoe vaak elke multiplier voorkomt in de simulaties, per "
              "financieringsscenario; het gemarkeerde interval bevat 90 % van de uitkomsten, "
              "de verticale lijn is de puntschatting zonder onzekerheid.",
        "en": "How often each multiplier occurs in the simulations, per financing scenario; "
              "the marked interval holds 90% of the outcomes, the vertical line is the "
              "point estimate without uncertainty.",
    },
    "break-even": {
        "nl": "De staven geven de kans dat de investering in dat jaar wordt terugverdiend, "
              "de lijn de kans dat dat uiterlijk in dat jaar is gebeurd.",
        "en": "The bars give the probability that the investment pays for itself in that "
              "year, the line the probability that it has done so by that year.",
    },
    "by-beneficiary": {
        "nl": "Wie de baten ontvangt: het gemiddelde per groep, met het 90 %-interval.",
        "en": "Who receives the benefits: the mean per group, with the 90% interval.",
    },
    "by-domain": {
        "nl": "In welk leefdomein van het Kompas de baten vallen, met het 90 %-interval.",
        "en": "In which life domain of the Kompas the benefits fall, with the 90% interval.",
    },
    "by-period": {
        "nl": "Wanneer de baten vallen, per periode van vijf jaar, met het 90 %-interval.",
        "en": "When the benefits fall, per five-year period, with the 90% interval.",
    },
    "initiatives": {
        "nl": "De multiplier per wijkbedrijf: de stip is de middelste uitkomst, de lijn het "
              "90 %-interval. Rechts van de streep bij 1 levert elke euro meer dan een euro op.",
        "en": "The multiplier per initiative: the dot is the middle outcome, the line the "
              "90% interval. Right of the line at 1, each euro returns more than a euro.",
    },
    "financing-difference": {
        "nl": "Hoeveel meer netto baten (baten min kosten) elk scenario oplevert dan het "
              "referentiescenario, berekend op dezelfde simulaties; rechts van 0 is beter.",
        "en": "How much more net benefit (benefits minus costs) each scenario yields than "
              "the reference, computed on the same simulations; right of 0 is better.",
    },
    "sensitivity": {
        "nl": "Welke activiteiten de onzekerheid in de multiplier het meest bepalen: het "
              "aandeel van de variantie dat verdwijnt als je de activiteit precies kende.",
        "en": "Which activities drive the uncertainty in the multiplier most: the share of "
              "its variance that would vanish if the activity were known exactly.",
    },
    "tornado": {
        "nl": "Wat er met de multiplier gebeurt als één invoer laag (P10) of hoog (P90) "
              "uitvalt en de rest op de puntschatting blijft.",
        "en": "What happens to the multiplier when one input comes out low (P10) or high "
              "(P90) and the rest stays at the point estimate.",
    },
}


@dataclass(frozen=True)
class Figure:
    stem: str
    title: str
    reading: str
    png: str  # data: URI


def context(
    scenario: Scenario,
    ds: xr.Dataset,
    summary: dict[str, Any],
    sensitivity: dict[str, dict[str, Any]] | None,
    point: float | None,
    lang: Lang = "nl",
    generated: dt.date | None = None,
) -> dict[str, Any]:
    """Everything the template shows (plain data; numbers are formatted in the template)."""
    from . import figures
    from .html import png_data_uri

    if summary["mode"] == "deterministic":
        raise ValueError("the report needs a Monte Carlo result, not a deterministic one")
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of: {', '.join(LANGS)}")
    figs = figures.all_figures(ds, summary, sensitivity, point=point, lang=lang)
    embedded = []
    for stem, fig in figs.items():
        key = stem.split("-")[0] if stem.startswith(("sensitivity-", "tornado-")) else stem
        if stem.startswith(("sensitivity-", "tornado-")) and not stem.endswith(
                "-" + summary["reference"]):
            continue  # the report shows the reference scenario's sensitivity charts
        title = fig.get_suptitle() or stem
        embedded.append(Figure(stem, title, READING[key][lang], png_data_uri(fig)))
    ref = summary["financing"][summary["reference"]]
    return {
        "lang": lang,
        "s": summary,
        "ref": ref,
        "ref_name": summary["labels"]["financing"][summary["reference"]],
        "figures": {f.stem: f for f in embedded},
        "financing": [
            {"id": f.id, "name": f.name, "description": f.description,
             "block": summary["financing"][f.id]}
            for f in scenario.financing if f.id in summary["financing"]
        ],
        "comparisons": [c for c in summary["comparisons"] if c["b"] == summary["reference"]],
        "drivers": {fid: [summary["labels"]["activity"].get(a, a) for a in r["ranking"][:3]]
                    for fid, r in (sensitivity or {}).items()},
        "labels_table": _labels_table(scenario),
        "meta": scenario.meta,
        "meta_cv": scenario.participants_cv,
        "point": point,
        "generated": (generated or dt.date.today()).isoformat(),
        "generated_text": long_date(generated or dt.date.today(), lang),
        "headline": headline(summary, lang),
    }


_MONTHS = {
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}


def long_date(day: dt.date, lang: Lang = "nl") -> str:
    """"23 november 2026" (nl) / "23 November 2026" (en), without the locale module."""
    return f"{day.day} {_MONTHS[lang][day.month - 1]} {day.year}"


# The opening sentences per language; "90 %" is written the language's way below.
_HEADLINE: dict[Lang, dict[str, str]] = {
    "nl": {
        "range": "Met 90 % zekerheid levert elke geïnvesteerde euro tussen {lo} en {hi} euro "
                 "op; de middelste uitkomst is {mid} euro.",
        "never": "De investering verdient zich naar verwachting niet terug binnen de horizon.",
        "year": "De investering verdient zich naar verwachting terug in {year} (met 90 % "
                "zekerheid uiterlijk in {late}).",
        "chance": "De kans dat de baten hoger zijn dan de kosten is {p}.",
    },
    "en": {
        "range": "With 90 % certainty each euro invested returns between {lo} and {hi} euro; "
                 "the middle outcome is {mid} euro.",
        "never": "The investment is not expected to pay for itself within the horizon.",
        "year": "The investment is expected to pay for itself in {year} (with 90 % certainty "
                "by {late}).",
        "chance": "The probability that the benefits exceed the costs is {p}.",
    },
}


def headline(summary: dict[str, Any], lang: Lang = "nl") -> list[str]:
    """The report's opening sentences, for the reference financing scenario."""
    ref = summary["financing"][summary["reference"]]
    m, be = ref["multiplier"], ref["break_even_year"]
    text = _HEADLINE[lang]
    lo, hi, mid = (number(m[k], 1, lang) for k in ("p5", "p95", "p50"))
    sentences = [
        text["range"].format(lo=lo, hi=hi, mid=mid),
        text["never"] if be["p50"] is None else
        text["year"].format(year=be["p50"], late=_year(be["p95"], lang)),
        text["chance"].format(p=probability(m["p_gt_1"], lang)),
    ]
    pct = "\u00a0%" if lang == "nl" else "%"  # Dutch: "90 %"; English: "90%"
    return [sentence.replace(" %", pct) for sentence in sentences]


def _year(y: int | None, lang: Lang) -> str:
    if y is None:
        return "na de horizon" if lang == "nl" else "after the horizon"
    return str(y)


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


def render(ctx: dict[str, Any]) -> str:
    """The report page from :func:`context`."""
    from .html import jinja_environment

    return jinja_environment().get_template("report.html.j2").render(**ctx)


def check_target(path: Path, force: bool) -> None:
    """Fail early, before any work, on a target we would not write."""
    if path.suffix.lower() not in (".html", ".htm"):
        raise OutputError(f"{path}: the report is an HTML file; name it .html")
    if path.exists() and not force:
        raise OutputError(f"{path}: exists; use --force to overwrite")
    if not path.parent.exists():
        raise OutputError(f"{path}: directory {path.parent} does not exist")


def write(html: str, path: Path, *, pdf: bool = False) -> Path | None:
    """Write the page (and with ``pdf`` the same name with .pdf, printed by a headless
    Chromium) atomically. Returns the PDF's path."""
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    try:
        staged = tmp / path.name
        staged.write_text(html, encoding="utf-8")
        pdf_path = None
        if pdf:
            pdf_path = path.with_suffix(".pdf")
            print_pdf(staged, tmp / pdf_path.name)
            os.replace(tmp / pdf_path.name, pdf_path)
        os.replace(staged, path)
        return pdf_path
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


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
