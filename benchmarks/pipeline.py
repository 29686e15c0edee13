"""The pipeline's targets (docs/performance.md, "The chunked pipeline"): end-to-end wall
and peak memory of ``mcimpact sim -q`` against the core's own sampling time.

    python benchmarks/pipeline.py            # 10⁵, 10⁶ draws (and 10⁷ with --large)
    python benchmarks/pipeline.py --repeat 2 --large --sensitivity   # docs/performance.md

Each figure is the best of ``--repeat`` runs, warm cache, ``--threads`` threads.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time


def core_seconds(draws: int, financing: list[str] | None) -> float:
    """The core alone: ``sample`` of ``draws`` draws into reused buffers (best of 3)."""
    code = f"""
import time, json, mcimpact
from mcimpact.core.compile import core_arrays, sample, allocate
s = mcimpact.load()
s = s.select_financing({financing!r}) if {financing!r} else s
core = core_arrays(s)
out = allocate(core, {draws}, False)
sample(core, 1, 0, {draws}, out=out)
best = 1e9
for _ in range(3):
    t = time.perf_counter()
    sample(core, 1, 0, {draws}, out=out)
    best = min(best, time.perf_counter() - t)
print(json.dumps(best))
"""
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                check=True).stdout)


def peer_seconds(draws: int) -> float:
    """The independent vectorised NumPy script (``mcimpact.testing.peer``) sampling
    ``draws`` draws of the bundled scenario under one financing scenario (best of 2)."""
    code = f"""
import time, json, mcimpact
from mcimpact.testing import peer
s = mcimpact.load().select_financing(["regiodeal"])
peer(s, 1000)
best = 1e9
for _ in range(2):
    t = time.perf_counter()
    peer(s, {draws})
    best = min(best, time.perf_counter() - t)
print(json.dumps(best))
"""
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                check=True).stdout)


def cli_run(args: list[str]) -> tuple[float, float]:
    """Wall [s] and peak RSS [GiB] of one ``mcimpact`` process (its own ``ru_maxrss``,
    from ``wait4``)."""
    t = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "mcimpact", *args],
                             stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - t
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise subprocess.CalledProcessError(child.returncode, child.args)
    return wall, usage.ru_maxrss / 2**20


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--large", action="store_true", help="also 10⁷ draws")
    parser.add_argument("--sensitivity", action="store_true",
                        help="also `mcimpact sensitivity` and the NumPy peer at 10⁶ draws")
    a = parser.parse_args()
    os.environ["NUMBA_NUM_THREADS"] = str(a.threads)
    cli_run(["sim", "-q", "-n", "1000"])  # warm the numba cache
    rows = []
    sizes = [100_000, 1_000_000] + ([10_000_000] if a.large else [])
    for financing in (None, ["regiodeal"]):
        flags = [] if financing is None else ["-f", "regiodeal"]
        for n in sizes:
            runs = [cli_run(["sim", "-q", "-n", str(n), *flags]) for _ in range(a.repeat)]
            wall = min(r[0] for r in runs)
            rss = max(r[1] for r in runs)
            core = core_seconds(n, financing) if n <= 1_000_000 else float("nan")
            rows.append({"financing": "all four" if financing is None else "regiodeal",
                         "draws": n, "wall_s": round(wall, 2), "core_s": round(core, 2),
                         "ratio": round(wall / core, 2), "peak_rss_gib": round(rss, 2)})
            print(json.dumps(rows[-1]), flush=True)
    if not a.sensitivity:
        return
    print(json.dumps({"numpy_peer_s": round(peer_seconds(1_000_000), 2),
                      "draws": 1_000_000}), flush=True)
    for flags in ([], ["-f", "regiodeal"]):
        runs = [cli_run(["sensitivity", "--json", "-n", "1000000", *flags])
                for _ in range(a.repeat)]
        print(json.dumps({"sensitivity": " ".join(flags) or "all four", "draws": 1_000_000,
                          "wall_s": round(min(r[0] for r in runs), 2),
                          "peak_rss_gib": round(max(r[1] for r in runs), 2)}), flush=True)


if __name__ == "__main__":
    main()
