"""Today's outputs against the golden files of commit 066ba1d (tests/data/golden/README.md),
written before the chunked pipeline: every mean, standard deviation, standard error and
probability to 1e-12 relative (absolute below 1: golden_analyses.close); every quantile
within a tenth of its own Monte Carlo standard error (docs/methodology.md, "Quantiles")."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

import mcimpact
from golden_analyses import COMMANDS, FOLDER, close, output, settle_ties
from mcimpact.analysis.types import QUANTILES

GOLDEN = Path(__file__).parent / "data" / "golden"
DATA = Path(__file__).parent / "data"
#: A quantile's error may be at most this share of its Monte Carlo standard error: the
#: contract (docs/methodology.md, "Quantiles"). The window estimator of issue 20 reaches
#: 0.038 on these files (the histogram before it 0.139; docs/performance.md).
QUANTILE_SHARE = 0.1


def quantile_mcse(dist: dict[str, float], name: str, n: int) -> float:
    """The Monte Carlo standard error of a sample quantile, √(p(1 − p)/n) / f, with the
    density f from the neighbouring quantiles of the golden file itself (0 for an atom)."""
    names = list(QUANTILES)
    k = names.index(name)
    lo, hi = names[max(k - 1, 0)], names[min(k + 1, len(names) - 1)]
    dq = dist[hi] - dist[lo]
    dp = QUANTILES[hi] - QUANTILES[lo]
    p = QUANTILES[name]
    return math.sqrt(p * (1 - p) / n) * dq / dp


def compare(got, want, n: int, path: str = "") -> list[str]:
    """Differences beyond the contract, as readable lines."""
    if isinstance(want, dict):
        # The JSON schema only grows (docs/json-schema.md): keys added since are fine.
        assert set(want) <= set(got), f"{path}: keys missing {set(want) - set(got)}"
        quantiles = set(QUANTILES) <= set(want)
        n = want.get("draws", n)  # the per-draw incremental ratio: where the costs differ
        out = []
        for key in want:
            # Whole years (a break-even year's quantiles) and None compare exactly.
            if quantiles and key in QUANTILES and isinstance(want[key], float):
                se = quantile_mcse(want, key, n)
                err = abs(got[key] - want[key])
                scale = max(abs(want[key]), 1.0)
                if err > QUANTILE_SHARE * se + 1e-9 * scale:
                    out.append(f"{path}.{key}: {got[key]!r} vs {want[key]!r} "
                               f"({err / se if se else math.inf:.3f} × its MCSE)")
            else:
                out += compare(got[key], want[key], n, f"{path}.{key}")
        return out
    if isinstance(want, list):
        assert len(got) == len(want), path
        return [line for k, (g, w) in enumerate(zip(got, want, strict=True))
                for line in compare(g, w, n, f"{path}[{k}]")]
    if isinstance(want, float) and isinstance(got, (int, float)):
        if not close(got, want):
            return [f"{path}: {got!r} vs {want!r}"]
        return []
    return [] if got == want else [f"{path}: {got!r} vs {want!r}"]


def golden(name: str) -> dict:
    return json.loads((GOLDEN / name).read_text(encoding="utf-8"))


def today(summary: mcimpact.Summary, like: dict) -> dict:
    out = json.loads(json.dumps(summary.to_json(), allow_nan=False))
    out["scenario"]["path"] = like["scenario"]["path"]  # where the file was, then and now
    return out


@pytest.mark.parametrize(("scenario", "draws", "file"), [
    (None, 200_000, "sim-n200000-seed3.json"),
    (DATA / "all-kinds.toml", 100_000, "all-kinds-n100000-seed3.json"),
])
def test_monte_carlo_summary_reproduces_the_golden_file(scenario, draws, file):
    want = golden(file)
    got = today(mcimpact.simulate(mcimpact.load(scenario), draws, seed=3).summary, want)
    assert compare(got, want, draws) == []


@pytest.mark.parametrize(("scenario", "file"), [
    (None, "sim-deterministic.json"),
    (DATA / "all-kinds.toml", "all-kinds-deterministic.json"),
])
def test_deterministic_summary_reproduces_the_golden_file(scenario, file):
    want = golden(file)
    got = today(mcimpact.simulate(mcimpact.load(scenario), deterministic=True).summary, want)
    assert compare(got, want, 1) == []


# --------------------------------------------------------------------------------------
# The analyses (voi, update --report, sensitivity, report) against the golden files of
# commit 6bbf744, written by tests/golden_analyses.py before the analyses moved onto the
# Run (tests/data/golden/README.md): JSON by the contract above (the JSON only grows),
# text line by line.

@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_analysis_reproduces_the_golden_file(name, tmp_path, monkeypatch):
    monkeypatch.chdir(Path(__file__).parent.parent)  # the commands' paths are relative
    want_text = (FOLDER / name).read_text(encoding="utf-8")
    got_text = output(name, tmp_path)
    if name.endswith(".json"):
        want = json.loads(want_text)
        got = settle_ties(json.loads(got_text))
        assert compare(got, settle_ties(want), want.get("draws", 1)) == []
    else:
        assert got_text.splitlines() == want_text.splitlines()
