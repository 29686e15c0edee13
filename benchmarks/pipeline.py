"""The pipeline's targets (docs/performance.md, "The chunked pipeline"): end-to-end wall
and peak memory of ``mcimpact sim -q`` against the core's own sampling time.

    python benchmarks/pipeline.py            # 10⁵, 10⁶ draws (and 10⁷ with --large)
    python benchmarks/pipeline.py --repeat 2 --large --sensitivity   # docs/performance.md
    python benchmarks/pipeline.py --repeat 3 --cold 3 --bound        # issue 20's targets

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


def cold_start() -> tuple[float, float]:
    """(wall, seconds to its first line on stderr) of a first run: ``mcimpact sim -q -n
    1000`` with an empty numba cache (``bench_targets.cold_start``)."""
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from benchmarks.bench_targets import cold_start as measure

    return measure()


def bound_share() -> str:
    """The core's draws/s at 10⁶ draws (reused buffers, best of 3) and its share of the
    random-number bound (the same uniforms from the same hash, nothing else), per
    benchmark scenario, in a child process."""
    code = """
import json, sys
sys.path.insert(0, sys.argv[1])
from benchmarks import _common as c
from mcimpact.core.compile import sample
out = {}
for name in ("synthetic-96", "groningen", c.FINANCING):
    core = c.core(name)
    buf = c.allocate(core, 1_000_000)
    sample(core, c.SEED, 0, 1_000_000, out=buf)
    c.random_bound(core, 1_000)
    core_s, _ = c.best_time(lambda: sample(core, c.SEED, 0, 1_000_000, out=buf), 3)
    bound_s, _ = c.best_time(lambda: c.random_bound(core, 1_000_000), 3)
    out[name] = {"core_draws_per_s": round(1e6 / core_s), "bound_draws_per_s": round(1e6 / bound_s),
                 "share_of_bound": round(bound_s / core_s, 3)}
print(json.dumps(out))
"""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return subprocess.run([sys.executable, "-c", code, root], capture_output=True, text=True,
                          check=True).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--large", action="store_true", help="also 10⁷ draws")
    parser.add_argument("--sensitivity", action="store_true",
                        help="also `mcimpact sensitivity` and the NumPy peer at 10⁶ draws")
    parser.add_argument("--cold", type=int, default=0, metavar="N",
                        help="also N first runs (`sim -n 1000`, empty numba cache)")
    parser.add_argument("--bound", action="store_true",
                        help="also the core's share of the random-number bound")
    a = parser.parse_args()
    os.environ["NUMBA_NUM_THREADS"] = str(a.threads)
    for _ in range(a.cold):
        wall, first = cold_start()
        print(json.dumps({"first_run_s": round(wall, 2), "first_stderr_line_s": round(first, 2)}),
              flush=True)
    if a.bound:
        print(bound_share(), flush=True)
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
