"""Numbers as a report writes them, in Dutch (default) or English.

Deterministic on any machine: no ``locale`` module. Rounding is half away from zero on
the number as Python prints it (the float's shortest repr), as a reader would round it
by hand: 2.5 → "3", 2.675 → "2,68", 999.95 → "1.000,0"; percent(0.995) → "100 %".
A number and its unit are joined by a no-break space (U+00A0), so a line never breaks
between them. A missing value (``None``, NaN or ±infinity) is written as an en dash, "–".
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Literal, SupportsFloat, TypeGuard

if TYPE_CHECKING:
    from matplotlib.ticker import FuncFormatter

Lang = Literal["nl", "en"]

MISSING = "–"
NBSP = "\u00a0"

# Dutch convention: "." groups thousands, "," is the decimal sign; English the reverse.
_SEPARATORS = {"nl": (".", ","), "en": (",", ".")}
_NEVER = {"nl": "niet binnen de horizon", "en": "not within the horizon"}
_THOUSANDS = {"nl": "duizend", "en": "thousand"}
_MILLIONS = {"nl": "mln", "en": "million"}
_EN_UNIT = {"euro": "EUR"}


def _separators(lang: str) -> tuple[str, str]:
    try:
        return _SEPARATORS[lang]
    except KeyError:
        raise ValueError(f"unknown language {lang!r}; expected 'nl' or 'en'") from None


def _finite(x: SupportsFloat | None) -> TypeGuard[SupportsFloat]:
    return x is not None and math.isfinite(x)


def _decimal(x: SupportsFloat) -> Decimal:
    return Decimal(repr(float(x)))  # float() first: NumPy 2 scalars repr as np.float64(…)


def _rounded(d: Decimal, decimals: int) -> Decimal:
    d = d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return d.copy_abs() if d == 0 else d  # no "-0"


def _format(d: Decimal, decimals: int, lang: str) -> str:
    group, point = _separators(lang)
    text = f"{_rounded(d, decimals):,.{decimals}f}"
    return text.translate({ord(","): group, ord("."): point})


def number(x: SupportsFloat | None, decimals: int = 0, lang: Lang = "nl") -> str:
    """``x`` rounded to ``decimals`` places with thousands separators: 1234.5 → "1.234,5"
    (nl) / "1,234.5" (en)."""
    _separators(lang)
    if not _finite(x):
        return MISSING
    return _format(_decimal(x), decimals, lang)


def _with_unit(amount: str, unit: str, lang: Lang) -> str:
    if lang == "en":
        return f"{_EN_UNIT.get(unit, unit)}{NBSP}{amount}"
    return f"{amount}{NBSP}{unit}"


def money(x: SupportsFloat | None, lang: Lang = "nl", unit: str = "euro") -> str:
    """Whole amount with its unit: "9.434.000 euro" (nl) / "EUR 9,434,000" (en).

    The unit follows the amount in Dutch and precedes it in English, where "euro" is
    written "EUR"."""
    _separators(lang)
    if not _finite(x):
        return MISSING
    return _with_unit(number(x, 0, lang), unit, lang)


def money_short(x: SupportsFloat | None, lang: Lang = "nl", unit: str = "euro") -> str:
    """Amount in millions (one decimal) or thousands (whole): "9,4 mln euro" /
    "EUR 9.4 million", "261 duizend euro" / "EUR 261 thousand"; below 1_000 as
    :func:`money`. The scale is chosen after rounding, so 999_600 → "1,0 mln euro"."""
    _separators(lang)
    if not _finite(x):
        return MISSING
    d = _decimal(x)
    if _rounded(abs(d).scaleb(-3), 0) >= 1000:
        amount = f"{_format(d.scaleb(-6), 1, lang)}{NBSP}{_MILLIONS[lang]}"
    elif _rounded(abs(d), 0) >= 1000:
        amount = f"{_format(d.scaleb(-3), 0, lang)}{NBSP}{_THOUSANDS[lang]}"
    else:
        amount = _format(d, 0, lang)
    return _with_unit(amount, unit, lang)


def percent(p: SupportsFloat | None, lang: Lang = "nl", decimals: int = 0) -> str:
    """A fraction as a percentage: 0.9 → "90 %" (nl, with a no-break space) / "90%" (en)."""
    _separators(lang)
    if not _finite(p):
        return MISSING
    value = _format(_decimal(p).scaleb(2), decimals, lang)
    return f"{value}{NBSP}%" if lang == "nl" else f"{value}%"


def probability(p: SupportsFloat | None, lang: Lang = "nl") -> str:
    """An estimated probability as a whole percentage, never claiming certainty: below
    0.5 % it is "< 1 %", above 99.5 % "> 99 %" (a Monte Carlo share of 0 or 1 only says
    the event is rare or nearly sure)."""
    if _finite(p) and float(p) < 0.005:
        return "< " + percent(0.01, lang)
    if _finite(p) and float(p) > 0.995:
        return "> " + percent(0.99, lang)
    return percent(p, lang)


def year_or_never(y: SupportsFloat | None, never: int | None = None, lang: Lang = "nl") -> str:
    """A break-even year, or "niet binnen de horizon" / "not within the horizon" when it
    is ``None`` (as in the summaries' JSON) or equals ``never`` (the dataset's code for
    it, ``break_even_year.attrs["never"]``). NaN → "–"."""
    _separators(lang)
    if y is None or (never is not None and y == never):
        return _NEVER[lang]
    if not math.isfinite(y):
        return MISSING
    return str(int(float(y)))


def tick_formatter(lang: Lang = "nl", scale: float = 1.0, decimals: int = 0) -> FuncFormatter:
    """A matplotlib tick formatter writing ``value / scale`` with :func:`number`, e.g.
    ``scale=1e6`` for an axis labelled in millions."""
    _separators(lang)
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda value, _pos: number(value / scale, decimals, lang))
