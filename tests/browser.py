"""Test helper: screenshots of HTML pages with a headless Chromium, and a blank-page check.

Chromium is Debian's ``chromium`` package (``.ci/run`` installs it). Reading the PNG back
goes through matplotlib, which the project depends on anyway.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import numpy as np

from mcimpact.present.report import BROWSERS, HEADLESS_FLAGS, chromium

TIMEOUT_S = 60
find_chromium = chromium  # the report's own lookup: the one `--pdf` uses


def screenshot(html_path: Path | str, png_path: Path | str, width: int = 1280,
               height: int = 2000) -> Path:
    """Render ``html_path`` in a headless Chromium window of ``width`` × ``height`` CSS
    pixels and write what it shows to ``png_path``."""
    browser = chromium()
    if browser is None:
        raise RuntimeError(f"no browser found on PATH (looked for {', '.join(BROWSERS)})")
    html_path, png_path = Path(html_path).resolve(), Path(png_path).resolve()
    png_path.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        command = [
            browser, *HEADLESS_FLAGS, "--hide-scrollbars",
            f"--user-data-dir={profile}", f"--window-size={width},{height}",
            f"--screenshot={png_path}", html_path.as_uri(),
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S,
                              check=False)
    if done.returncode != 0 or not png_path.is_file():
        raise RuntimeError(f"{browser} exited with {done.returncode} and wrote no "
                           f"{png_path.name}:\n{done.stderr[-2000:]}")
    return png_path


def is_blank(png_path: Path | str, tolerance: float = 0.02) -> bool:
    """Whether the image is (nearly) one colour: every pixel within ``tolerance`` (on a 0–1
    scale, per channel) of the top-left pixel."""
    import matplotlib.image

    image = np.asarray(matplotlib.image.imread(png_path), dtype=float)
    if image.ndim == 2:  # grey scale
        image = image[..., np.newaxis]
    pixels = image[..., :3].reshape(-1, min(image.shape[-1], 3))
    return bool(np.all(np.abs(pixels - pixels[0]) <= tolerance))
