r"""Numbers in the report, written out by hand: these strings are the specification.

Dutch convention: "." groups thousands, "," is the decimal sign, the amount comes before
its unit ("9.434.000 euro") and a percent sign is set off by a space ("90 %"); English
convention: "," groups thousands, "." is the decimal sign, "EUR" precedes the amount and
"%" follows the number directly. Between a number and its unit a no-break space
(U+00A0, written "\u00a0" below) keeps them on one line.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from mcimpact.present.locale import Locale

NL, EN = Locale.get("nl"), Locale.get("en")


@pytest.mark.parametrize(("x", "decimals", "nl", "en"), [
    (0, 0, "0", "0"),
    (7, 0, "7", "7"),
    (1234, 0, "1.234", "1,234"),
    (9434000, 0, "9.434.000", "9,434,000"),
    (-9434000, 0, "-9.434.000", "-9,434,000"),
    (3.6, 1, "3,6", "3.6"),
    (3.64, 1, "3,6", "3.6"),
    (1234.5678, 2, "1.234,57", "1,234.57"),
    (999.95, 1, "1.000,0", "1,000.0"),  # the carry reaches the thousands
    (-999.95, 1, "-1.000,0", "-1,000.0"),
    (999_999.5, 0, "1.000.000", "1,000,000"),
    # Half away from zero, on the number as written: as a reader rounds by hand.
    (2.5, 0, "3", "3"),
    (-2.5, 0, "-3", "-3"),
    (0.125, 2, "0,13", "0.13"),
    (2.675, 2, "2,68", "2.68"),
    (-0.04, 1, "0,0", "0.0"),  # no "-0,0"
    (12, 2, "12,00", "12.00"),
])
def test_number(x, decimals, nl, en):
    assert NL.number(x, decimals) == nl
    assert EN.number(x, decimals) == en


def test_dutch_is_the_default_locale():
    assert Locale.get() is NL
    assert Locale.get().number(1234.5, 1) == "1.234,5"


def test_number_takes_numpy_scalars():
    assert NL.number(np.float64(1234.5), 1) == "1.234,5"
    assert NL.number(np.int64(1234567)) == "1.234.567"


@pytest.mark.parametrize("missing", [None, math.nan, math.inf, -math.inf])
def test_missing_values_are_a_dash(missing):
    for locale in (NL, EN):
        assert locale.number(missing, 1) == "–"
        assert locale.money(missing) == "–"
        assert locale.money_short(missing) == "–"
        assert locale.percent(missing) == "–"


def test_money():
    assert NL.money(9434000) == "9.434.000\u00a0euro"
    assert EN.money(9434000) == "EUR\u00a09,434,000"
    assert NL.money(-261_499.5) == "-261.500\u00a0euro"
    assert EN.money(-261_499.5) == "EUR\u00a0-261,500"
    assert NL.money(0.4) == "0\u00a0euro"
    assert NL.money(12, unit="euro per deelnemer") == "12\u00a0euro per deelnemer"


@pytest.mark.parametrize(("x", "nl", "en"), [
    (9_434_000, "9,4\u00a0mln\u00a0euro", "EUR\u00a09.4\u00a0million"),
    (12_000_000, "12,0\u00a0mln\u00a0euro", "EUR\u00a012.0\u00a0million"),
    (1_234_567_890, "1.234,6\u00a0mln\u00a0euro", "EUR\u00a01,234.6\u00a0million"),
    (-2_350_000, "-2,4\u00a0mln\u00a0euro", "EUR\u00a0-2.4\u00a0million"),
    (261_000, "261\u00a0duizend\u00a0euro", "EUR\u00a0261\u00a0thousand"),
    (261_499, "261\u00a0duizend\u00a0euro", "EUR\u00a0261\u00a0thousand"),
    (1_000, "1\u00a0duizend\u00a0euro", "EUR\u00a01\u00a0thousand"),
    (850, "850\u00a0euro", "EUR\u00a0850"),
    # The scale is chosen after rounding: never "1.000 duizend" or "1.000 euro".
    (999_600, "1,0\u00a0mln\u00a0euro", "EUR\u00a01.0\u00a0million"),
    (999_499, "999\u00a0duizend\u00a0euro", "EUR\u00a0999\u00a0thousand"),
    (999.6, "1\u00a0duizend\u00a0euro", "EUR\u00a01\u00a0thousand"),
])
def test_money_short(x, nl, en):
    assert NL.money_short(x) == nl
    assert EN.money_short(x) == en


@pytest.mark.parametrize(("p", "decimals", "nl", "en"), [
    (0.9, 0, "90\u00a0%", "90%"),
    (0.0, 0, "0\u00a0%", "0%"),
    (1.0, 0, "100\u00a0%", "100%"),
    (0.1234, 1, "12,3\u00a0%", "12.3%"),
    (0.995, 0, "100\u00a0%", "100%"),
    (0.994, 0, "99\u00a0%", "99%"),
    (0.0005, 1, "0,1\u00a0%", "0.1%"),
])
def test_percent(p, decimals, nl, en):
    assert NL.percent(p, decimals) == nl
    assert EN.percent(p, decimals) == en


def test_year_or_never():
    assert NL.year_or_never(2024) == "2024"
    assert NL.year_or_never(np.int64(2031), 2036) == "2031"
    assert NL.year_or_never(2036, 2036) == "niet binnen de horizon"
    assert EN.year_or_never(2036, 2036) == "not within the horizon"
    # A summary writes "not within the horizon" as None.
    assert NL.year_or_never(None) == "niet binnen de horizon"
    assert EN.year_or_never(None) == "not within the horizon"
    assert NL.year_or_never(math.nan) == "–"


def test_tick_formatter():
    assert NL.tick_formatter()(2_500_000, 0) == "2.500.000"
    assert EN.tick_formatter()(2_500_000, 0) == "2,500,000"
    assert NL.tick_formatter(scale=1e6, decimals=1)(2_500_000, 0) == "2,5"
    assert EN.tick_formatter(scale=1e3)(-261_000, 0) == "-261"


def test_probability_never_claims_certainty():
    # A Monte Carlo share of 0 or 1 only says "rare" or "nearly sure": the report writes
    # "< 1 %" and "> 99 %" (Dutch convention: no-break space before %).
    assert NL.probability(1.0) == "> 99\u00a0%"
    assert EN.probability(0.9996) == "> 99%"
    assert NL.probability(0.0) == "< 1\u00a0%"
    assert NL.probability(0.42) == "42\u00a0%"
    assert NL.probability(None) == "–"


def test_long_dates_name_the_month_in_the_reports_language():
    import datetime as dt

    assert NL.date(dt.date(2026, 3, 5)) == "5 maart 2026"
    assert EN.date(dt.date(2026, 3, 5)) == "5 March 2026"


@pytest.mark.parametrize(("low", "high", "nl", "en"), [
    # By hand: whole amounts from 100 on, as written by the tornado's value column.
    (563.2, 1294.4, "563 – 1.294\u00a0euro", "EUR\u00a0563 – 1,294"),
    (1200, 2800, "1.200 – 2.800\u00a0euro", "EUR\u00a01,200 – 2,800"),
    # Below 10 two decimals (a per-person value of a few euro keeps its cents).
    (3.5, 7.25, "3,50 – 7,25\u00a0euro", "EUR\u00a03.50 – 7.25"),
    # Never in a power of ten, however large.
    (1.31e7, 2.39e7, "13.100.000 – 23.900.000\u00a0euro", "EUR\u00a013,100,000 – 23,900,000"),
])
def test_a_money_range_carries_its_currency_once(low, high, nl, en):
    assert NL.money_range(low, high) == nl
    assert EN.money_range(low, high) == en


@pytest.mark.parametrize(("x", "en"), [
    (1314, "1310"),  # format(1314, ".3g") is "1.31e+03": the same digits, no exponent
    (2.8e7, "28000000"),
    (0.00064, "0.00064"),
    (0.425, "0.425"),
    (1e-7, "0.0000001"),
])
def test_significant_digits_are_never_written_in_a_power_of_ten(x, en):
    assert EN.significant(x, 3) == en


def test_a_first_order_share_above_its_total_gets_a_note_in_both_languages():
    # 80.2 % against 79.3 % (issue 22): noise, said once under the table.
    assert EN.first_order_note([(0.5, 0.6), (0.802, 0.793)]) == (
        "A first-order share above its total is estimation noise: in truth it is never "
        "larger.")
    assert "schattingsruis" in NL.first_order_note([(0.802, 0.793)])
    assert EN.first_order_note([(0.5, 0.6), (0.7, 0.7), (math.nan, 0.1)]) is None


@pytest.mark.parametrize(("value", "en"), [
    (0.035, "0.035"),  # the decimals it has, by hand
    (0.04, "0.04"),
    (3.0, "3"),
    (1_234_567.5, "1,234,567.5"),  # f"{x:g}" is "1.23457e+06": nine "decimals" before
    (2.5e7, "25,000,000"),
])
def test_an_assumptions_setting_has_its_own_decimals_and_no_power_of_ten(value, en):
    from mcimpact.present.decision_figures import _setting

    assert _setting(EN, value) == en
