"""The figure of an update (``mcimpact update --report --figures DIR``): the prior and the
posterior of each updated input, and P(multiplier ≥ x) before and after on the same
draws (the reference financing scenario).

Built as the council report's figures are (:mod:`mcimpact.present.figures`): a
:class:`matplotlib.figure.Figure` without pyplot, every word from the locale's catalogue
(``update.figure.*``, the inputs' names), text from the scenario through
:func:`~mcimpact.present.text.for_figure` and drawn without mathtext, the Okabe–Ito
colours, written by :func:`mcimpact.present.figures.save`. The curves come from
:func:`mcimpact.analysis.update.curves` and the histograms from the summaries: nothing
is computed here.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import matplotlib
import numpy as np
from matplotlib.figure import Figure

from .figures import DPI, GRID, INK, MUTED, OKABE_ITO
from .locale import Locale
from .text import FIGURE_RC, for_figure

if TYPE_CHECKING:
    from ..analysis.types import Histogram
    from ..analysis.update import Change, Curve

MAX_PANELS = 12  # inputs shown; the table of --report lists them all


def _exceedance(ax: Any, h: Histogram, colour: str, label: str) -> None:
    """P(multiplier ≥ x) from the summary's histogram counts, at its bin edges."""
    edges, counts = np.asarray(h.edges), np.asarray(h.counts, dtype=float)
    share = 1.0 - np.concatenate([[0.0], np.cumsum(counts)]) / max(counts.sum(), 1.0)
    ax.plot(edges, share, color=colour, linewidth=1.5, label=for_figure(label))


def _ticks(axis: Any, loc: Locale) -> None:
    """Tick labels in the language's number format ("0,25" in Dutch), each with as many
    decimals as the ticks need (the fewest that write every tick exactly)."""
    from matplotlib.ticker import FuncFormatter

    def text(x: float, _pos: int | None) -> str:
        locs = np.asarray(axis.get_majorticklocs(), dtype=float)
        decimals = next((d for d in range(7) if np.allclose(
            np.round(locs * 10**d), locs * 10**d, rtol=0, atol=1e-6)), 6)
        return loc.number(x, decimals)

    axis.set_major_formatter(FuncFormatter(text))


def _input(loc: Locale, name: str) -> str:
    key = f"input.{name}"
    return loc.text(key) if key in loc.texts else name


def figure(change: Change, curves: list[Curve], locale: Locale | None = None) -> Figure:
    """One panel per updated input (at most MAX_PANELS) and one of the multiplier, in the
    words of ``locale`` (default Dutch)."""
    loc = locale or Locale.get()
    t = loc.text
    shown = curves[:MAX_PANELS]
    panels = len(shown) + 1
    cols = min(3, panels)
    rows = math.ceil(panels / cols)
    with matplotlib.rc_context(FIGURE_RC):
        fig = Figure(figsize=(3.4 * cols, 2.6 * rows), dpi=DPI, layout="constrained")
        axes = fig.subplots(rows, cols, squeeze=False).ravel()
        for ax, c in zip(axes, shown, strict=False):
            draw = ax.step if c.discrete else ax.plot
            draw(c.x, c.prior, color=MUTED, linestyle="--", linewidth=1.2,
                 label=for_figure(t("update.figure.prior")))
            draw(c.x, c.posterior, color=OKABE_ITO["blue"], linewidth=1.6,
                 label=for_figure(t("update.figure.posterior")))
            ax.set_title(for_figure(c.chain) + "\n" + for_figure(_input(loc, c.input)),
                         fontsize=8, color=INK)
            ax.set_yticks([])
            ax.grid(True, color=GRID, linewidth=0.6)
            ax.tick_params(labelsize=7)
        ax = axes[len(shown)]
        for summary, colour, key in ((change.prior, MUTED, "before"),
                                     (change.posterior, OKABE_ITO["vermillion"], "after")):
            h = summary.ref.multiplier_histogram
            if h is not None:
                _exceedance(ax, h, colour, t(f"update.figure.{key}"))
        ax.axvline(change.above, color=INK, linewidth=0.8, linestyle=":")
        ax.set_title(for_figure(t("update.figure.exceedance")), fontsize=8, color=INK)
        ax.set_ylim(0, 1)
        ax.grid(True, color=GRID, linewidth=0.6)
        ax.tick_params(labelsize=7)
        ax.legend(fontsize=7, frameon=False)
        if shown:
            axes[0].legend(fontsize=6, frameon=False, loc="best")
        for extra in axes[panels:]:
            extra.set_visible(False)
        for used in axes[:panels]:
            _ticks(used.xaxis, loc)
        _ticks(ax.yaxis, loc)
        for text in fig.findobj(matplotlib.text.Text):
            text.set_parse_math(False)
    return fig
