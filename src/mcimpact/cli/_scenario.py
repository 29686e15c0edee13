"""The commands on a scenario file: validate, convert, init."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..present import terminal
from ..present.locale import Locale
from ._shared import (
    Force,
    LangEn,
    Refused,
    _h,
    _load,
    _option,
    _words,
    command,
    err,
    out,
)


@command()
def validate(scenario: Annotated[Path, typer.Argument(help=_h("validate.scenario"))],
             lang: LangEn = "en") -> None:
    """Check a scenario file without running it."""
    words = _words(lang)
    model = _load(words, scenario)
    counts = ", ".join(_count(words, kind, n) for kind, n in (
        ("initiative", len(model.initiatives)), ("activity", len(model.activities)),
        ("chain", len(model.chains))))
    terminal.clamps(err, model, words)
    terminal.line(out, words.text("term.valid", file=scenario, counts=counts,
                                  first=model.meta.start_year, last=model.meta.end_year))


def _count(words: Locale, kind: str, n: int) -> str:
    return words.text(f"term.count.{kind}_one" if n == 1 else f"term.count.{kind}", n=n)


@command()
def convert(source: Annotated[Path, typer.Argument(help=_h("convert.source"))],
            target: Annotated[Path, typer.Argument(help=_h("convert.target"))],
            force: Force = False, lang: LangEn = "en") -> None:
    """Convert a scenario between TOML and a spreadsheet (.xlsx)."""
    from ..readers._locate import reason_of
    from ..readers.formats import SUFFIXES, write
    from ..readers.xlsx import WorkbookError
    from ..run.output import atomic, check_target

    words = _words(lang)
    check_target(target, force=force, suffixes=SUFFIXES)
    model = _load(words, source)
    try:
        with atomic(target, force=force) as staged:
            left_out = write(model, staged)
    except WorkbookError as exc:
        raise Refused("error.workbook", path=target,
                      reason=words.message(reason_of(exc))) from None
    if left_out:
        shown = ", ".join(left_out[:5])
        if len(left_out) > 5:
            shown = words.text("term.and_more", shown=shown, n=len(left_out) - 5)
        terminal.note(err, words.text("term.empty_cells", keys=shown))
    terminal.line(out, words.text("term.converted", target=target, source=source,
                                  chains=_count(words, "chain", len(model.chains))))


@command()
def init(target: Annotated[Path, typer.Argument(help=_h("init.target"))],
         template: Annotated[str, _option("--template", "-t", key="init.template")] = "arena",
         force: Force = False, lang: LangEn = "en") -> None:
    """Write an annotated starter scenario that validates."""
    from ..readers.formats import SUFFIXES, TEMPLATES, write
    from ..readers.formats import template as starter
    from ..run.output import atomic, check_target

    words = _words(lang)
    if template not in TEMPLATES:
        raise Refused("error.template", name=template, known=", ".join(TEMPLATES))
    check_target(target, force=force, suffixes=SUFFIXES)
    with atomic(target, force=force) as staged:
        write(starter(template, target.name, lang), staged)
    terminal.line(out, words.text("term.starter", target=target,
                                  what=words.text(f"template.{template}")))


