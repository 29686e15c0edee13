"""A real browser shows our HTML: text and an embedded figure, not an empty page.

Needs Debian's ``chromium``. Without it the test is skipped, except in CI (the ``CI``
environment variable set), where it fails: CI must have a browser.
"""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib.image
import numpy as np
import pytest
from matplotlib.figure import Figure

from browser import find_chromium, is_blank, screenshot
from mcimpact.present.html import png_data_uri

RED = (0xD6 / 255, 0x27 / 255, 0x28 / 255)  # matplotlib's "tab:red"


def require_chromium() -> None:
    if find_chromium() is None:
        message = "no chromium on PATH (Debian: apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; CI must have it to check the HTML report")
        pytest.skip(message)


def page(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "page.html"
    path.write_text(f'<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">'
                    f"<title>test</title></head><body>{body}</body></html>", encoding="utf-8")
    return path


def test_is_blank_on_plain_images(tmp_path):
    plain = np.full((20, 30, 3), 0.5)
    matplotlib.image.imsave(tmp_path / "plain.png", plain)
    assert is_blank(tmp_path / "plain.png")
    plain[10, 15] = RED
    matplotlib.image.imsave(tmp_path / "dot.png", plain)
    assert not is_blank(tmp_path / "dot.png")


def test_a_page_with_text_and_a_figure_is_not_blank(tmp_path):
    require_chromium()
    fig = Figure(figsize=(4, 3), dpi=100)
    fig.add_subplot().bar(["a", "b", "c"], [1, 3, 2], color=RED)
    html = page(tmp_path, "<h1>Maatschappelijke baten</h1><p>Een figuur:</p>"
                          f'<img src="{png_data_uri(fig)}" alt="staafdiagram">')
    png = screenshot(html, tmp_path / "page.png", width=800, height=600)
    assert not is_blank(png)
    # The figure is shown, not only the text: its bars' red fills a good many pixels.
    rgb = matplotlib.image.imread(png)[..., :3]
    assert np.sum(np.all(np.abs(rgb - RED) < 0.05, axis=-1)) > 5000


def test_an_empty_page_is_blank(tmp_path):
    require_chromium()
    png = screenshot(page(tmp_path, ""), tmp_path / "empty.png", width=800, height=600)
    assert is_blank(png)
