"""HTML building blocks: escaping, the base template, deterministic embedded figures."""

from __future__ import annotations

import base64
import re
from importlib.resources import files

import jinja2
import pytest
from matplotlib.figure import Figure

from mcimpact.present.html import jinja_environment, png_data_uri
from mcimpact.present.locale import Locale

PAGE = """{% extends "base.html.j2" %}
{% block title %}{{ title }}{% endblock %}
{% block content %}<h1>{{ title }}</h1><p>{{ value }}</p>
<table><tr><td class="num">{{ amount|money }}</td>
<td class="num">{{ amount|money_short }}</td>
<td class="num">{{ amount|number(1) }}</td><td class="num">{{ p|percent }}</td>
<td>{{ year|year_or_never(2036) }}</td></tr></table>
<p>{{ t("report.p_never", year=year, p=value) }}</p>
{% endblock %}"""


def figure() -> Figure:
    fig = Figure(figsize=(4, 3))
    ax = fig.add_subplot()
    ax.bar(["2021", "2022", "2023"], [1.0, 2.5, 1.7], color="#d62728")
    ax.set_title("Baten per jaar")
    return fig


def render(lang="nl", **values):
    context = {"lang": lang, "title": "Rapport", "value": "", "amount": 9_434_000,
               "p": 0.9, "year": 2036}
    env = jinja_environment(Locale.get(lang))
    return env.from_string(PAGE).render(**{**context, **values})


def test_values_are_escaped():
    html = render(value="<script>alert(1)</script> & co", title="A & B")
    assert "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</p>" in html
    # Also where a value goes into the catalogue's text.
    assert "is terugverdiend: &lt;script&gt;alert(1)&lt;/script&gt; &amp; co.</p>" in html
    assert "<script>" not in html
    assert "<title>A &amp; B</title>" in html


def test_base_template_is_a_self_contained_page():
    html = render(lang="en")
    assert html.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    assert '<meta charset="utf-8">' in html
    # Nothing is fetched from elsewhere: no URLs, no linked style sheets or scripts.
    assert not re.search(r"https?:|//|<link|<script|@import|url\(", html)


def test_filters_format_numbers_in_the_locales_style():
    html = render()
    assert '<td class="num">9.434.000\u00a0euro</td>' in html
    assert '<td class="num">9,4\u00a0mln\u00a0euro</td>' in html
    assert '<td class="num">9.434.000,0</td>' in html
    assert '<td class="num">90\u00a0%</td>' in html
    assert "<td>niet binnen de horizon</td>" in html
    english = render("en")
    assert '<td class="num">EUR\u00a09.4\u00a0million</td>' in english
    assert '<td class="num">90%</td>' in english
    assert "<td>not within the horizon</td>" in english


def test_text_comes_from_the_locales_catalogue():
    # Source: the catalogues' "report.p_never".
    assert "niet binnen de horizon (2036) is terugverdiend: x.</p>" in render(value="x")
    assert "within the horizon (2036): x.</p>" in render("en", value="x")


def test_undefined_variables_are_an_error():
    with pytest.raises(jinja2.UndefinedError, match="lang"):
        jinja_environment(Locale.get()).get_template("base.html.j2").render()


def test_template_is_package_data():
    assert (files("mcimpact.present") / "templates" / "base.html.j2").is_file()


def test_png_data_uri_is_deterministic():
    uri = png_data_uri(figure())
    assert uri == png_data_uri(figure())
    assert uri.startswith("data:image/png;base64,")
    png = base64.b64decode(uri.removeprefix("data:image/png;base64,"))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert b"Software" not in png and b"atplotlib" not in png
