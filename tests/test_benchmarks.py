"""The asv suite in benchmarks/ and its nightly script: every benchmark is discovered with
a valid signature (``asv check`` in this venv), the script parses, and the accuracy
benchmarks' own set-up runs (on fewer draws). The benchmarks themselves run nightly
(``bash benchmarks/nightly.sh``; docs/performance.md, "The asv suite")."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NIGHTLY = ROOT / "benchmarks" / "nightly.sh"

try:
    import asv  # noqa: F401

    HAVE_ASV = True
except ImportError:
    HAVE_ASV = False

needs_asv = pytest.mark.skipif(
    not HAVE_ASV, reason="asv is not installed (pip install -e '.[test]' or '.[bench]')")


@pytest.fixture(scope="module")
def benchmarks_package():
    """The benchmarks/ package importable as asv imports it (``benchmarks.bench_…``)."""
    sys.path.insert(0, str(ROOT))
    try:
        import benchmarks

        yield benchmarks
    finally:
        sys.path.remove(str(ROOT))


def _asv(*args: str, timeout: float,
         env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "asv", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout,
                          env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})})


@needs_asv
def test_asv_discovers_every_benchmark_with_a_valid_signature():
    r = _asv("check", "--python=same", timeout=120)
    out = r.stdout + r.stderr
    assert r.returncode == 0, out
    assert "No problems found" in out, out


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
def test_nightly_script_parses():
    r = subprocess.run(["bash", "-n", str(NIGHTLY)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    text = NIGHTLY.read_text()
    assert text.startswith("#!/usr/bin/env bash")
    assert "set -euo pipefail" in text


def test_financing_parameters_are_the_bundled_files(benchmarks_package):
    from benchmarks import bench_accuracy

    import mcimpact

    assert tuple(f.id for f in mcimpact.load().financing) == bench_accuracy.FINANCING_IDS


def test_accuracy_benchmark_runs_and_its_z_scores_are_small(benchmarks_package, monkeypatch):
    # Simulate.setup_cache and both trackers, in process, on 20,000 draws instead of 10⁵.
    from benchmarks import bench_accuracy

    monkeypatch.setattr(bench_accuracy, "SIMULATE_DRAWS", 20_000)
    bench = bench_accuracy.Simulate()
    cache = bench.setup_cache()
    for financing in bench_accuracy.FINANCING_IDS:
        mcse = bench.track_mcse(cache, financing)
        assert 0 < mcse < 0.01 * cache[financing]["analytic"]
        assert abs(bench.track_mean_vs_analytic(cache, financing)) < 4, financing


@needs_asv
@pytest.mark.slow
def test_asv_runs_the_pipeline_memory_tracker_in_this_venv(tmp_path):
    # One real asv run of a child-process benchmark (--quick, in this venv, nothing saved),
    # with its machine file and results in tmp_path, not in ~ and .asv/.
    import json

    conf = tmp_path / "asv.conf.json"
    conf.write_text(json.dumps({
        "version": 1, "project": "mcimpact", "repo": str(ROOT), "branches": ["main"],
        "environment_type": "virtualenv", "benchmark_dir": str(ROOT / "benchmarks"),
        "env_dir": str(tmp_path / "env"), "results_dir": str(tmp_path / "results"),
        "html_dir": str(tmp_path / "html")}))
    env = {"HOME": str(tmp_path)}
    r = _asv("--config", str(conf), "machine", "--yes", "--machine", "test", env=env,
             timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr
    r = _asv("--config", str(conf), "run", "--python=same", "--quick", "--dry-run",
             "--show-stderr", "--machine", "test",
             "--bench", r"SimMemory.track_peak_rss_sim\(100000\)", env=env, timeout=300)
    out = r.stdout + r.stderr
    assert r.returncode == 0, out
    assert "track_peak_rss_sim" in out and "failed" not in out, out
