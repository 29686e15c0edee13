"""The workbench: mcimpact in the browser (``mcimpact app``; docs/app.md).

A local web application for analysts who do not live in a terminal: load a scenario (the
bundled one, a file, an upload), edit its inputs as tables with a distribution picker,
run it and see the report's headline and figures, watch a live what-if redraw as an
input changes, build a calculator for a council, and take home the council report, the
summary workbook, the JSON and the scenario — with the numbers of the command line.

It only parses, plans and renders: the scenario reader validates every change
(:mod:`.workspace`), the analyses' plans make the numbers (:mod:`.runs`), and the
renderers of :mod:`mcimpact.present` make every word and figure, reached through one
module (:mod:`._views`). :func:`serve` starts it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .serve import serve

__all__ = ["serve"]


def __getattr__(name: str) -> object:
    if name == "serve":
        from .serve import serve

        return serve
    raise AttributeError(name)
