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
