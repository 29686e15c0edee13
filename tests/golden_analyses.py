"""The analyses' golden outputs (issue 19's step 0): what `voi`, `update --report`,
`sensitivity` and `report` print, saved at a fixed seed before the analyses moved onto the
Run, for the bundled scenario and tests/data/two-financing.toml.

``python tests/golden_analyses.py`` writes them into tests/data/golden/analyses/ (the
commit that wrote them is named in tests/data/golden/README.md); tests/test_golden.py runs
the same commands and compares.
"""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

HERE = Path(__file__).parent
DATA = HERE / "data"
FOLDER = DATA / "golden" / "analyses"
BUNDLED_MONITORING = "src/mcimpact/scenarios/groningen-noord-monitoring.csv"
TWO = "tests/data/two-financing.toml"
TWO_MONITORING = "tests/data/two-financing-monitoring.csv"
#: The date every update's provenance records (else today's).
DATE = "2026-01-01"

#: Two floats of a golden file agree within this much relative to their size, or this much
#: absolutely: a share, probability or multiplier difference has scale 1, so the absolute
#: rule binds for it and the relative one for money. The financing scenarios that add
#: cohorts sum their per-draw benefits in another grouping since issue 20 (≤ 1.6e-15
#: relative per draw; docs/performance.md, "Known: one golden test moves"), which moves
#: sensitivity shares of ~1e-5 — differences of variances of scale 1 — by ~1e-17.
TOLERANCE = 1e-12


def close(got: float, want: float) -> bool:
    """Whether two numbers of a golden comparison agree (:data:`TOLERANCE`)."""
    return abs(got - want) <= TOLERANCE * max(abs(got), abs(want), 1.0)


def settle_ties(doc: object) -> object:
    """``doc`` with every tornado's bars whose swings tie (:func:`close`) in the order of
    their factor, ranked by that place: which of two equal swings is drawn first is
    rounding, not a result."""
    if isinstance(doc, list):
        return [settle_ties(x) for x in doc]
    if not isinstance(doc, dict):
        return doc
    out = {k: settle_ties(v) for k, v in doc.items()}
    bars = out.get("bars")
    if isinstance(bars, list) and all(isinstance(b, dict) and "swing" in b for b in bars):
        runs: list[list[dict]] = []
        for bar in bars:
            if runs and close(bar["swing"], runs[-1][-1]["swing"]):
                runs[-1].append(bar)
            else:
                runs.append([bar])
        out["bars"] = [{**b, "rank": place.get("rank")}  # a rank is a place in the order
                       for run in runs
                       for b, place in zip(sorted(run, key=lambda b: b["factor"]), run,
                                           strict=True)]
    return out


#: name → the command's arguments (run from the repository's root). ``*.json`` compare
#: by number (tests/test_golden.py's contract), ``*.txt`` line by line; a ``report``
#: command's HTML is compared as its text (:func:`report_text`).
COMMANDS: dict[str, list[str]] = {
    "bundled-voi.json": ["voi", "-n", "4000", "--seed", "3", "--json"],
    "bundled-voi.txt": ["voi", "-n", "4000", "--seed", "3", "--lang", "en"],
    "bundled-update.json": ["update", BUNDLED_MONITORING, "--report", "--json", "-n", "4000",
                            "--seed", "3", "--date", DATE],
    "bundled-update-nl.txt": ["update", BUNDLED_MONITORING, "--report", "-n", "4000",
                              "--seed", "3", "--date", DATE],
    "bundled-update-en.txt": ["update", BUNDLED_MONITORING, "--report", "--lang", "en",
                              "-n", "4000", "--seed", "3", "--date", DATE],
    "bundled-sensitivity.json": ["sensitivity", "-n", "4000", "--seed", "3", "--json"],
    "bundled-report-nl.txt": ["report", "-n", "4000", "--seed", "3"],
    "two-voi.json": ["voi", TWO, "-n", "4000", "--seed", "3", "--assumptions", "--json"],
    "two-voi.txt": ["voi", TWO, "-n", "4000", "--seed", "3", "--assumptions", "--lang", "en"],
    "two-update.json": ["update", TWO, TWO_MONITORING, "--report", "--json", "-n", "4000",
                        "--seed", "3", "--date", DATE],
    "two-update-nl.txt": ["update", TWO, TWO_MONITORING, "--report", "-n", "4000", "--seed",
                          "3", "--date", DATE],
    "two-sensitivity.json": ["sensitivity", TWO, "-n", "4000", "--seed", "3", "--json"],
    "two-sensitivity.txt": ["sensitivity", TWO, "-n", "4000", "--seed", "3", "--lang", "en"],
    "two-report-nl.txt": ["report", TWO, "-n", "4000", "--seed", "3"],
    "two-report-en.txt": ["report", TWO, "-n", "4000", "--seed", "3", "--lang", "en"],
}


class _Text(HTMLParser):
    """The text of an HTML page, one line per text node, without styles, scripts and
    inline figures."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in ("style", "script", "svg"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "svg"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.lines.append(" ".join(data.split()))


#: What differs between two runs of the same report: the day it was made, where the file
#: lies, the version.
_VARIES = [
    (re.compile(r"gemaakt op [^.]*\.|made on [^.]*\."), "<made on>."),
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), "<date>"),
    (re.compile(r"^/.*\.toml$"), "<path>"),
]


def report_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    lines = []
    for line in parser.lines:
        for pattern, replacement in _VARIES:
            line = pattern.sub(replacement, line)
        lines.append(line)
    return "\n".join(lines) + "\n"


def output(name: str, tmp: Path) -> str:
    """What the command of ``name`` prints (or, for a report, the text of its page)."""
    from typer.testing import CliRunner

    from mcimpact.cli import app

    args = list(COMMANDS[name])
    report = args[0] == "report"
    if report:
        args += ["--out", str(tmp / "report.html"), "--force", "-q"]
    result = CliRunner().invoke(app, args)
    if result.exit_code != 0:
        raise RuntimeError(f"{' '.join(args)}: exit {result.exit_code}\n{result.output}")
    if report:
        return report_text((tmp / "report.html").read_text(encoding="utf-8"))
    return result.stdout


def main() -> None:
    import os
    import tempfile

    os.chdir(HERE.parent)
    FOLDER.mkdir(parents=True, exist_ok=True)
    names = sys.argv[1:] or list(COMMANDS)
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            (FOLDER / name).write_text(output(name, Path(tmp)), encoding="utf-8")
            print(f"wrote {FOLDER / name}")


if __name__ == "__main__":
    main()
