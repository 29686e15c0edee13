"""Building blocks for self-contained HTML reports: figures embedded in the page as PNG
data, and the jinja2 environment with the package's templates, a locale's number
formatting as filters and its text as ``t``.

Figures are embedded deterministically, so the same figure gives the same bytes on every
run (no dates, no software versions). Every value a template shows, and every value put
into a catalogue's text, passes :func:`mcimpact.present.text.for_html` before it is
escaped: the page has no raw control characters.
"""

from __future__ import annotations

import base64
import io
from typing import TYPE_CHECKING

import jinja2
from markupsafe import Markup, escape

from .text import for_html

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from .locale import Locale


def _shown(value: object) -> object:
    """A value as a template shows it: text without control characters (still markup if
    it was markup, so it is not escaped twice); anything else as it is."""
    if isinstance(value, Markup):
        return Markup(for_html(value))
    if isinstance(value, str):
        return for_html(value)
    return value


def png_data_uri(fig: Figure) -> str:
    """The figure as a PNG ``data:`` URI for ``<img src="…">``."""
    from .figures import png

    return "data:image/png;base64," + base64.b64encode(png(fig)).decode("ascii")


def svg_data_uri(fig: Figure) -> str:
    """The figure as an SVG ``data:`` URI, as :func:`mcimpact.present.figures.save` writes
    SVG (text as paths, the same ids on every run): for pages that show figures as images
    (the workbench, :mod:`mcimpact.app`)."""
    import matplotlib

    from .figures import SVG_HASHSALT

    buf = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": SVG_HASHSALT, "svg.fonttype": "path"}):
        fig.savefig(buf, format="svg", metadata={"Date": None})
    return "data:image/svg+xml;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def jinja_environment(locale: Locale) -> jinja2.Environment:
    """Templates from ``mcimpact/present/templates``, autoescaped, undefined variables an
    error, with ``locale``'s formatting as the filters ``number``, ``money``,
    ``money_short``, ``percent``, ``probability``, ``year_or_never`` and ``scaled`` (an
    amount in a table's :class:`~mcimpact.present.locale.Scale`; e.g.
    ``{{ x|money_short }}``, ``{{ x|number(1) }}``, ``{{ x|scaled(sc) }}``) and its text as
    the function
    ``t``: ``{{ t("report.title", name=meta.name) }}``. The catalogue's text and the
    values put into it are escaped, except values that are markup already (a macro's
    output); every value shown, in a template or in a text, passes
    :func:`~mcimpact.present.text.for_html` first."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("mcimpact.present", "templates"),
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html", "j2"), default_for_string=True, default=True
        ),
        undefined=jinja2.StrictUndefined,
        finalize=_shown,
    )
    env.filters.update(money=locale.money, money_short=locale.money_short,
                       number=locale.number, percent=locale.percent,
                       probability=locale.probability, year_or_never=locale.year_or_never,
                       scaled=locale.scaled)

    def text(key: str, **values: object) -> Markup:
        shown = {name: _shown(value) for name, value in {**locale.fills, **values}.items()}
        return Markup(escape(locale.template(key))).format(**shown)

    env.globals["t"] = text
    return env
