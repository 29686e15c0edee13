"""Text from a scenario, shown literally: the one sanitiser of the terminal, the figures,
the HTML report and the JSON output.

Names, ids, labels, descriptions and the values in messages come from a scenario file
that anyone may have written. Wherever they are shown they appear as typed, and nothing
in them can act on the medium:

- **Control characters** are removed in every medium (:func:`clean`): whole escape
  sequences first (ANSI/VT: CSI ``ESC [ … final``, OSC ``ESC ] … BEL or ST``, DCS/SOS/
  PM/APC strings, the two-character ``ESC x``; and their 8-bit forms with C1 CSI U+009B
  and OSC U+009D), then any control character left: C0 (U+0000–U+001F), DEL (U+007F),
  C1 (U+0080–U+009F), the bidirectional embeddings, overrides and isolates (U+202A–U+202E,
  U+2066–U+2069, which reorder what the reader sees: "Trojan source"), and lone
  surrogates (which cannot be encoded). Whitespace controls are kept as whitespace: in
  the terminal and the figures a tab, line or paragraph break becomes a space (a name
  stays on its line); in HTML a tab and a line break stay (``\\r\\n`` and ``\\r`` become
  ``\\n``; HTML folds them anyway).
- **The terminal** (:func:`for_terminal`) also never interprets the text: the terminal
  module hands rich :class:`rich.text.Text` objects, never strings, so console markup
  (``[bold]``, ``[/]``, ``[link=…]``) and emoji shortcodes (``:100:``, ``:smile:``) are
  printed as typed whatever the console's settings; :data:`CONSOLE_OPTIONS` turn rich's
  markup, emoji and highlighting off as well.
- **Figures** (:func:`for_figure`) are drawn with matplotlib's mathtext and TeX off
  (:data:`FIGURE_RC`, ``parse_math=False`` on every text artist): a ``$``, ``\\frac``,
  ``_`` or ``^`` is drawn as typed and the artist's ``get_text()`` is the text as typed
  (no ``\\$`` escaping).
- **HTML** (:func:`for_html`) is escaped by jinja2's autoescaping; every value the
  templates show passes :func:`for_html` first (the environment's ``finalize``), so the
  page has no raw control characters.
- **JSON** (:func:`for_json`, the ``--json`` output) keeps every value exactly: JSON
  escapes C0 controls itself, and :func:`for_json` writes the other controls (DEL, C1,
  the bidirectional controls, the line and paragraph separators) as ``\\uXXXX`` too, so
  the document is safe to print and reads back the same.
"""

from __future__ import annotations

import json
import re
from typing import Any, Final, TypedDict

__all__ = ["CONSOLE_OPTIONS", "FIGURE_RC", "clean", "for_figure", "for_html", "for_json",
           "for_terminal"]

# Whole escape sequences, removed as a unit so no parameters ("31m", a window title) are
# left behind: CSI, OSC and the string commands (DCS, SOS, PM, APC; ended by BEL or ST,
# or the end of the text), any other two-character ESC sequence; and the 8-bit CSI and
# OSC/DCS/SOS/PM/APC introducers (C1) with what they carry.
_SEQUENCES: Final = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[ -/]*[0-~]?"
    r"|\x9b[0-?]*[ -/]*[@-~]?"
    r"|[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"
)
# Every control character left after the sequences: C0, DEL, C1, the bidirectional
# embeddings/overrides/isolates, and lone surrogates.
_CONTROLS: Final = re.compile(
    "[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# What JSON leaves unescaped (with ensure_ascii=False) that should not reach a terminal.
_JSON_UNSAFE: Final = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_BREAKS: Final = re.compile("\r\n?|[\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")

class ConsoleOptions(TypedDict):
    markup: bool
    emoji: bool
    highlight: bool


#: Options of every :class:`rich.console.Console` the CLI prints to: no markup, no emoji
#: shortcodes, no highlighting of numbers or paths (the terminal module prints rich
#: ``Text`` objects, which are literal on any console; these make strings literal too).
CONSOLE_OPTIONS: Final[ConsoleOptions] = {"markup": False, "emoji": False, "highlight": False}

#: matplotlib settings for the figures: text is never mathtext, never TeX.
FIGURE_RC: Final[dict[Any, bool]] = {"text.parse_math": False, "text.usetex": False}


def clean(text: object, *, breaks: str = " ", tabs: str = " ") -> str:
    """``text`` (``str()`` of any object) without escape sequences or control
    characters; tabs become ``tabs`` and line breaks ``breaks`` (see the module's
    docstring)."""
    s = _SEQUENCES.sub("", str(text))
    s = _BREAKS.sub(breaks, s).replace("\t", tabs)
    return _CONTROLS.sub(lambda m: m.group() if m.group() in (breaks, tabs) else "", s)


def for_terminal(text: object) -> str:
    """Text for the terminal, on one line: :func:`clean` with tabs and breaks as spaces.
    Print it as a :class:`rich.text.Text` (as the terminal module does), never as a
    string with markup."""
    return clean(text)


def for_figure(text: object) -> str:
    """Text for a figure, on one line (labels are wrapped by the figures): :func:`clean`
    with tabs and breaks as spaces. Draw it with :data:`FIGURE_RC` (the figures do)."""
    return clean(text)


def for_html(text: object) -> str:
    """Text for HTML before it is escaped: :func:`clean` keeping tabs and line breaks
    (as ``\\n``)."""
    return clean(text, breaks="\n", tabs="\t")


def for_json(data: object) -> str:
    """``data`` as an indented JSON document (non-ASCII text as it is, no NaN), with the
    controls JSON leaves as they are written as ``\\uXXXX``: it reads back as ``data``."""
    document = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)
    # Outside strings JSON is ASCII without controls: every match is inside a string.
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", document)
