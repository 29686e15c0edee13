"""One :class:`Locale` per language: all text of the figures and the report, and the way
numbers are written, from one catalogue file per language.

A catalogue is a module in :mod:`mcimpact.present.catalogues` named by its language code
(``nl.py``, ``en.py``); a new language is one new file with exactly the keys of the Dutch
one (``tests/test_locale.py`` checks this). It holds:

- ``NAME`` — the language's name in itself ("Nederlands");
- ``NUMBERS`` — the number style: the ``decimal`` and ``thousands`` separators, and
  patterns for a ``percent``, an amount of ``money`` with its unit, amounts
  ``in_thousands`` and ``in_millions``, and estimated probabilities ``below`` 1 % or
  ``above`` 99 %;
- ``UNITS`` — how a unit is written beside an amount (English writes "euro" and a
  currency's code "EUR" as "EUR", Dutch as "euro"); a currency code it does not list is
  written as the code;
- ``CURRENCIES`` — per currency code (``meta.currency``) its name in sentences, one and
  many ("each pound invested returns … pounds") and its symbol, and where the language's
  grammar asks for it its own ``each`` and ``each_invested`` forms (Dutch "elk pond"); a
  code it does not list is its own name;
- ``SCALES`` — per power of a thousand (10³, 10⁶, 10⁹) its short form in tables ("k",
  "M", "bn") and its word in text and axis labels ("thousand", "million", "billion");
- ``MONTHS`` — the twelve month names;
- ``TEXT`` — every sentence, title and label, filled in with :meth:`str.format`.

Numbers are written the same on any machine (no ``locale`` module). Rounding is half away
from zero on the number as Python prints it (the float's shortest repr), as a reader would
round it by hand: 2.5 → "3", 2.675 → "2,68", 999.95 → "1.000,0"; 0.995 as a percentage is
"100 %". A number and its unit are joined by a no-break space (U+00A0), so a line never
breaks between them. A missing value (``None``, NaN or ±infinity) is written "–".

>>> nl = Locale.get("nl")
>>> nl.money(9_434_000)
'9.434.000\\xa0euro'
>>> Locale.get("en").percent(0.9)
'90%'
"""

from __future__ import annotations

import datetime as dt
import math
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from importlib import import_module, resources
from typing import TYPE_CHECKING, Any, SupportsFloat, TypeGuard

from ..model.scenario import NOUNS

if TYPE_CHECKING:
    from matplotlib.ticker import FuncFormatter

    from ..analysis.types import Summary
    from ..errors import ClusterError, OutputError, ResourceError

#: The language of the report and the figures unless another is asked for.
DEFAULT_LANGUAGE = "nl"
MISSING = "–"
CATALOGUES = "mcimpact.present.catalogues"
#: What every catalogue module defines.
PARTS = ("NAME", "NUMBERS", "UNITS", "CURRENCIES", "SCALES", "MONTHS", "TEXT")
#: The factors a table or an axis may be written in: the unit itself, thousands, millions
#: and billions.
FACTORS = (1.0, 1e3, 1e6, 1e9)

_loaded: dict[str, Locale] = {}


def languages() -> tuple[str, ...]:
    """The language codes that have a catalogue, sorted."""
    return tuple(sorted(entry.name.removesuffix(".py")
                        for entry in resources.files(CATALOGUES).iterdir()
                        if entry.name.endswith(".py") and not entry.name.startswith("_")))


@dataclass(frozen=True)
class Scale:
    """How the amounts of one table or axis are written: divided by ``factor`` (1, 10³,
    10⁶ or 10⁹) with ``decimals`` places (:func:`scale_for`)."""

    factor: float = 1.0
    decimals: int = 0

    def __call__(self, x: SupportsFloat | None) -> float | None:
        """``x`` in this scale (None stays None)."""
        return None if x is None else float(x) / self.factor


def scale_for(values: Iterable[SupportsFloat | None], *, lead: float = 1.0,
              digits: int | None = 2) -> Scale:
    """The scale of a table or axis from the magnitudes it shows: the largest factor of
    :data:`FACTORS` in which the largest amount is at least ``lead`` (the report and the
    figures: ``lead = 1``, e.g. 9.4 million; the terminal: ``lead = 1000``, e.g. 9,434
    thousand), and enough decimals for two or three significant digits of the largest
    amount: in a factor above 1, one decimal below 100 (2.6 million) and none from 100
    on; in the unit itself two decimals below 10 (3.50), one below 100, none from 100 on.
    So a 50,000 investment is "50.0 thousand" (not "0.1 million") and a per-100 analysis
    keeps its pence.

    The smallest amount under one unit of the scale keeps ``digits`` significant digits
    (a table: 190,000 beside 9.4 million is "0.19 million", not "0.2"); where that asks
    for more than two decimals the next smaller factor is taken (5,000 beside 9.4
    million: thousands). Amounts under a thousandth of the largest are left out of this
    (a 5 % quantile of a difference near zero), and so is the unit itself: it never has
    more than its two decimals. ``digits=None``: the largest amount alone decides (an
    axis, whose ticks carry their own decimals). Missing values (None, NaN, ±infinity)
    are ignored; none at all give the unit itself, whole."""
    amounts = [abs(float(x)) for x in values if _finite(x)]
    top = max(amounts, default=0.0)
    least = min((a for a in amounts if a > 0 and a >= top / 1000), default=top)
    factor = max(f for f in FACTORS if f == 1.0 or top / f >= lead)
    while True:
        shown = top / factor
        if factor == 1.0:
            return Scale(factor, 0 if shown >= 100 else 1 if shown >= 10 else 2)
        decimals = 0 if shown >= 100 else 1
        need = 0 if digits is None else _decimals_for(least / factor, digits)
        if need <= 2:
            return Scale(factor, max(decimals, need))
        factor = FACTORS[FACTORS.index(factor) - 1]


def _decimals_for(shown: float, digits: int) -> int:
    """The decimals that give an amount under 1 ``digits`` significant digits (0.19 → 2
    for two); 0 from 1 on."""
    if shown >= 1 or shown <= 0:
        return 0
    return digits - 1 - math.floor(math.log10(shown))


def name_in(names: Mapping[str, str], code: str, fallback: str) -> str:
    """A name given per language code (a beneficiary group or a domain: ``{"nl": …,
    "en": …, "de": …}``) in the language ``code``, else the first given, else
    ``fallback`` (the id)."""
    return names.get(code) or next(iter(names.values()), fallback)


def period_label(period: str) -> str:
    """A breakdown period as shown: "2021-2025", and a period of one year as its year
    ("2023"; older datasets label it "2023-2023")."""
    first, sep, last = period.partition("-")
    return first if sep and first == last else period


def one_year(period: str) -> bool:
    """Whether a breakdown period is one year: "2023" (or "2023-2023", as older datasets
    label it), not "2021-2025"."""
    return "-" not in period_label(period)


def _finite(x: SupportsFloat | None) -> TypeGuard[SupportsFloat]:
    return x is not None and math.isfinite(x)


def _decimal(x: SupportsFloat) -> Decimal:
    return Decimal(repr(float(x)))  # float() first: NumPy 2 scalars repr as np.float64(…)


def _rounded(d: Decimal, decimals: int) -> Decimal:
    d = d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return d.copy_abs() if d == 0 else d  # no "-0"


class _Formatter(string.Formatter):
    """:meth:`str.format` that writes a thousands separator (``{n:,}``) and a number's
    decimal sign in that format as the locale does; every other format as Python does (a
    value of a scenario as the file wrote it: ``{x:g}``)."""

    def __init__(self, locale: Locale) -> None:
        self.numbers = locale.numbers

    def format_field(self, value: Any, format_spec: str) -> str:
        shown = format(value, format_spec)
        if "," in format_spec and isinstance(value, int | float):
            shown = shown.translate({ord(","): self.numbers["thousands"],
                                     ord("."): self.numbers["decimal"]})
        return shown


@dataclass(frozen=True)
class Locale:
    """A language: its catalogue's text and number style (see the module's docstring),
    and the currency it speaks of (default EUR).

    Get one with :meth:`get` (and :meth:`for_currency` for a scenario's currency);
    :func:`languages` lists the codes. The texts' placeholders ``{cur}`` and ``{curs}``
    are filled in with the currency's name, one and many ("euro", "pounds")."""

    code: str
    name: str
    numbers: Mapping[str, str]
    units: Mapping[str, str]
    months: tuple[str, ...]
    texts: Mapping[str, str]
    currencies: Mapping[str, Mapping[str, str]]
    scales: Mapping[float, tuple[str, str]]
    currency: str = "EUR"
    #: the scenario's own nouns in this language (:meth:`with_nouns`)
    nouns: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def get(cls, code: str = DEFAULT_LANGUAGE) -> Locale:
        """The locale of a language code, e.g. ``"nl"``; a ValueError names the known
        codes for any other."""
        if code in _loaded:
            return _loaded[code]
        known = languages()
        if code not in known:
            raise ValueError(f"unknown language {code!r}; expected one of: {', '.join(known)}")
        locale = cls.of_catalogue(code, import_module(f"{CATALOGUES}.{code}"))
        _loaded[code] = locale
        return locale

    @classmethod
    def of_catalogue(cls, code: str, catalogue: Any) -> Locale:
        """The locale of a catalogue: a module (or any object) with the parts of
        :data:`PARTS`, as a file in :mod:`mcimpact.present.catalogues` has them."""
        missing = [part for part in PARTS if not hasattr(catalogue, part)]
        if missing:
            raise ValueError(f"the {code} catalogue lacks {', '.join(missing)}")
        if len(catalogue.MONTHS) != 12:
            raise ValueError(f"the {code} catalogue has {len(catalogue.MONTHS)} months, "
                             "not 12")
        return cls(code, catalogue.NAME, dict(catalogue.NUMBERS), dict(catalogue.UNITS),
                   tuple(catalogue.MONTHS), dict(catalogue.TEXT),
                   {k: dict(v) for k, v in catalogue.CURRENCIES.items()},
                   {float(k): tuple(v) for k, v in catalogue.SCALES.items()})

    def for_currency(self, code: str) -> Locale:
        """This language speaking of the currency ``code`` (a scenario's
        ``meta.currency``, e.g. ``"GBP"``)."""
        return self if code == self.currency else replace(self, currency=code)

    def speaking_of(self, summary: Summary) -> Locale:
        """This language speaking of a run's currency and its scenario's nouns."""
        return self.for_currency(summary.provenance.currency).with_nouns(summary.labels.nouns)

    def with_nouns(self, nouns: Mapping[str, Mapping[str, str]]) -> Locale:
        """This language speaking of a scenario's initiatives and domains in its own words
        (``[meta.nouns]``: {noun: {language code: word}}, a summary's ``labels.nouns``):
        the texts' ``{initiative}`` and ``{domain}``; a noun the scenario does not name in
        this language is the catalogue's (``noun.*``: "initiative", "domain")."""
        own = {noun: words[self.code] for noun, words in nouns.items() if self.code in words}
        return self if own == dict(self.nouns) else replace(self, nouns=own)

    # ----------------------------------------------------------------------------------
    # Currency and scales

    def currency_name(self, *, many: bool = False) -> str:
        """The currency's name in a sentence: "euro", "pound" / "pounds"; a code the
        catalogue does not know is its own name."""
        names = self.currencies.get(self.currency, {})
        return names.get("many" if many else "one", self.currency)

    def currency_symbol(self) -> str:
        """"€", "£"; the code where the catalogue knows no symbol."""
        return self.currencies.get(self.currency, {}).get("symbol", self.currency)

    def currency_unit(self) -> str:
        """The currency as written beside an amount: "EUR" (en), "euro" (nl), "GBP"."""
        return self.units.get(self.currency, self.currency)

    def unit(self, scale: Scale | float = 1.0) -> str:
        """An amount's unit in words, for a table's caption or an axis: "million euro",
        "thousand pounds", "pounds" (en); "miljoen euro" (nl)."""
        factor = scale.factor if isinstance(scale, Scale) else float(scale)
        name = self.currency_name(many=True)
        if factor == 1.0:
            return name
        return self.text("unit", scale=self.scales[factor][1], currency=name)

    def unit_short(self, scale: Scale | float = 1.0) -> str:
        """An amount's unit in a terminal table: "k EUR", "M GBP", "GBP"."""
        factor = scale.factor if isinstance(scale, Scale) else float(scale)
        if factor == 1.0:
            return self.currency
        return f"{self.scales[factor][0]} {self.currency}"

    def scaled(self, x: SupportsFloat | None, scale: Scale) -> str:
        """``x`` written in ``scale`` (its factor and decimals)."""
        if not _finite(x):
            return MISSING
        return self.number(float(x) / scale.factor, scale.decimals)

    # ----------------------------------------------------------------------------------
    # Text

    def template(self, key: str) -> str:
        """The catalogue's text ``key`` as written, with its ``{placeholders}``."""
        try:
            return self.texts[key]
        except KeyError:
            raise KeyError(f"the {self.code} catalogue has no text {key!r}") from None

    @property
    def fills(self) -> dict[str, str]:
        """What every text's ``{cur}``, ``{curs}``, ``{each}`` and ``{each_invested}`` are
        filled in with: the currency's name, one and many, and "each pound" / "each pound
        invested" (the catalogue's patterns of those names, or the currency's own forms
        where its grammar asks for them: Dutch "elk pond")."""
        cur = self.currency_name()
        own = self.currencies.get(self.currency, {})
        return {"cur": cur, "curs": self.currency_name(many=True),
                **{noun: self.nouns.get(noun) or self.template(f"noun.{noun}")
                   for noun in NOUNS},
                **{key: own.get(key) or self.template(key).format(cur=cur)
                   for key in ("each", "each_invested")}}

    def text(self, key: str, **values: object) -> str:
        """The catalogue's text ``key`` with its ``{placeholders}`` filled in (``{cur}``
        and ``{curs}``: :attr:`fills`)."""
        return self.template(key).format(**{**self.fills, **values})

    def message(self, said: object) -> str:
        """A message of the library in this language: a
        :class:`~mcimpact.errors.Message` as the catalogue's text ``problem.<reason>``,
        its values shown as they are (numbers with the format the text gives them; a
        thousands separator ``{n:,}`` in this language's) and a value that is itself a
        Message worded in turn; any other text as it is (a message the library made
        without a reason)."""
        reason = getattr(said, "reason", None)
        values = getattr(said, "values", None)
        key = f"problem.{reason}"
        if reason is None or values is None or key not in self.texts:
            return str(said)
        shown = {k: "; ".join(map(self.message, v)) if isinstance(v, tuple) else
                 self.message(v) if hasattr(v, "reason") else v for k, v in values.items()}
        return _Formatter(self).format(self.texts[key], **shown)

    def problem(self, found: Any) -> str:
        """A :class:`~mcimpact.errors.Problem` as one line in this language: its file (and
        line), entry and field, and its message."""
        return ": ".join(self.message(part) for part in found.parts())

    def listing(self, words: Sequence[str]) -> str:
        """Words as a list in a sentence: "a", "a and b", "a, b and c" (nl: "en")."""
        if len(words) <= 1:
            return "".join(words)
        return ", ".join(words[:-1]) + self.text("and") + words[-1]

    def label(self, names: Mapping[str, str], fallback: str) -> str:
        """A name given per language code (a beneficiary group, a domain): the one in this
        language, else the first given, else ``fallback`` (the id)."""
        return name_in(names, self.code, fallback)

    def date(self, day: dt.date) -> str:
        """A date written out: "5 maart 2026" (nl), "5 March 2026" (en)."""
        return f"{day.day} {self.months[day.month - 1]} {day.year}"

    # ----------------------------------------------------------------------------------
    # Numbers

    def _format(self, d: Decimal, decimals: int) -> str:
        text = f"{_rounded(d, decimals):,.{decimals}f}"
        return text.translate({ord(","): self.numbers["thousands"],
                               ord("."): self.numbers["decimal"]})

    def number(self, x: SupportsFloat | None, decimals: int = 0) -> str:
        """``x`` rounded to ``decimals`` places with thousands separators: 1234.5 →
        "1.234,5" (nl) / "1,234.5" (en)."""
        if not _finite(x):
            return MISSING
        return self._format(_decimal(x), decimals)

    def _with_unit(self, amount: str, unit: str | None) -> str:
        shown = self.currency_unit() if unit is None else self.units.get(unit, unit)
        return self.numbers["money"].format(amount=amount, unit=shown)

    def significant(self, x: SupportsFloat | None, digits: int = 3) -> str:
        """``x`` with at most ``digits`` significant digits and no trailing zeros, as
        ``format(x, ".3g")`` rounds it, in the locale's decimal sign and never in a power
        of ten: 0.00064 → "0,00064" (nl), 0.35 → "0.35" (en), 1314 → "1310". For a value
        read as it is (an input, a fit error), not an amount: no thousands separator."""
        if not _finite(x):
            return MISSING
        # Through Decimal: "1.31e+03" is written 1310, never in a power of ten.
        shown = format(Decimal(format(float(x), f".{digits}g")), "f")
        return shown.translate({ord("."): self.numbers["decimal"]})

    def money_range(self, low: SupportsFloat | None, high: SupportsFloat | None,
                    unit: str | None = None) -> str:
        """Two amounts with one unit, in the unit itself (never a power of ten) with the
        decimals of :func:`scale_for` for the larger: "1.310 – 2.390 euro" (nl) / "EUR
        1,310 – 2,390" (en), "3,50 – 7,25 euro"."""
        decimals = scale_for([low, high], lead=math.inf).decimals
        return self._with_unit(f"{self.number(low, decimals)} – "
                               f"{self.number(high, decimals)}", unit)

    def first_order_note(self, shares: Iterable[tuple[SupportsFloat, SupportsFloat]]
                         ) -> str | None:
        """The note under shares of variance (first-order, total-order) where a
        first-order share is above its total: estimation noise, for in truth it never is;
        None where none is."""
        above = any(_finite(first) and _finite(total) and float(first) > float(total)
                    for first, total in shares)
        return self.text("sens.first_above_total") if above else None

    def money(self, x: SupportsFloat | None, unit: str | None = None) -> str:
        """A whole amount with its unit (default: the currency's): "9.434.000 euro" (nl) /
        "EUR 9,434,000" (en)."""
        if not _finite(x):
            return MISSING
        return self._with_unit(self.number(x, 0), unit)

    def money_short(self, x: SupportsFloat | None, unit: str | None = None) -> str:
        """An amount in millions (one decimal) or thousands (whole): "9,4 mln euro" /
        "EUR 9.4 million", "261 duizend euro" / "EUR 261 thousand"; below 1,000 as
        :meth:`money`. The scale is chosen after rounding, so 999_600 → "1,0 mln euro"."""
        if not _finite(x):
            return MISSING
        d = _decimal(x)
        if _rounded(abs(d).scaleb(-3), 0) >= 1000:
            amount = self.numbers["in_millions"].format(amount=self._format(d.scaleb(-6), 1))
        elif _rounded(abs(d), 0) >= 1000:
            amount = self.numbers["in_thousands"].format(amount=self._format(d.scaleb(-3), 0))
        else:
            amount = self._format(d, 0)
        return self._with_unit(amount, unit)

    def percent(self, p: SupportsFloat | None, decimals: int = 0) -> str:
        """A fraction as a percentage: 0.9 → "90 %" (nl, with a no-break space) / "90%"
        (en)."""
        if not _finite(p):
            return MISSING
        return self.numbers["percent"].format(value=self._format(_decimal(p).scaleb(2),
                                                                 decimals))

    def probability(self, p: SupportsFloat | None) -> str:
        """An estimated probability as a whole percentage, never claiming certainty: below
        0.5 % it is "< 1 %", above 99.5 % "> 99 %" (a Monte Carlo share of 0 or 1 only
        says the event is rare or nearly sure)."""
        if _finite(p) and float(p) < 0.005:
            return self.numbers["below"].format(p=self.percent(0.01))
        if _finite(p) and float(p) > 0.995:
            return self.numbers["above"].format(p=self.percent(0.99))
        return self.percent(p)

    def year_or_never(self, y: SupportsFloat | None, never: int | None = None) -> str:
        """A break-even year, or "niet binnen de horizon" / "not within the horizon" when
        it is ``None`` (a summary's "not within the horizon") or equals ``never`` (the
        dataset's code for it, ``break_even_year.attrs["never"]``). NaN → "–"."""
        if y is None or (never is not None and y == never):
            return self.text("never")
        if not math.isfinite(y):
            return MISSING
        return str(int(float(y)))

    def tick_formatter(self, scale: float = 1.0, decimals: int = 0) -> FuncFormatter:
        """A matplotlib tick formatter writing ``value / scale`` with :meth:`number`, e.g.
        ``scale=1e6`` for an axis labelled in millions."""
        from matplotlib.ticker import FuncFormatter

        return FuncFormatter(lambda value, _pos: self.number(value / scale, decimals))


def refusal(words: Locale, exc: OutputError | ResourceError | ClusterError) -> str:
    """A library's refusal in the words of ``words``, with the flag to use (the
    catalogue's ``error.output.<reason>``, ``error.resource.<reason>``,
    ``error.cluster.<reason>``); one without a reason as the library wrote it. The
    command line and the workbench word them alike."""
    from ..errors import ClusterError, OutputError

    if exc.reason is None:
        return str(exc)
    kind = ("output" if isinstance(exc, OutputError) else
            "cluster" if isinstance(exc, ClusterError) else "resource")
    key = f"error.{kind}.{exc.reason}"
    values: dict[str, object] = {}
    for name, value in exc.values.items():
        if name == "where":  # "memory" or "disk space at DIR" (run/resources.py)
            where = str(value)
            disk = where.removeprefix("disk space at ")
            value = (words.text("error.resource.where.memory") if where == "memory"
                     else words.text("error.resource.where.disk", path=disk))
        elif name == "what" and value:  # an existing directory or file
            key = f"{key}.{value}"
        elif name == "differ":  # the workers' other versions (run/backends/dask.py)
            value = "; ".join(words.message(v) for v in value)  # type: ignore[attr-defined]
        elif isinstance(value, tuple | list):
            value = words.text("or").join(str(v) for v in value)
        elif isinstance(value, float):
            value = words.number(value, 1)
        elif isinstance(value, int) and not isinstance(value, bool):
            value = words.number(value)
        values[name] = value
    return words.text(key if key in words.texts else f"error.{kind}.{exc.reason}", **values)
