"""Reproduce every number of docs/performance.md (no asv needed).

    .venv/bin/python benchmarks/measure.py            # full run, ~15 min on 2 cores
    .venv/bin/python benchmarks/measure.py --quick    # fewer repeats, no 10^7 runs

Prints Markdown to stdout (progress to stderr). Every measurement runs in a fresh
subprocess of this script, so thread counts are set the way a user sets them
(``NUMBA_NUM_THREADS``; ``OPENBLAS_NUM_THREADS``/``OMP_NUM_THREADS`` for the peer's BLAS)
and peak memory is the child's own ``ru_maxrss``. Times are the best of N repeats, which
is the number least disturbed by other work on a shared machine; the core's medians are
printed beside them and every repeat is in the ``--json`` output.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

try:  # imported as benchmarks.measure by asv's discovery
    from . import _common as c
except ImportError:  # run as a script
    import _common as c  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parent.parent
SIZES = (100_000, 1_000_000)
THREADS = (1, 2)
TARGET_SPEEDUP = 20.0
TARGET_RATE = 1_000_000.0
TARGET_SIM_S = 5.0  # "a few seconds"


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------
# Workers (run in a child process: ``measure.py --worker '{"kind": ...}'``)


def _w_throughput(spec: dict[str, Any]) -> dict[str, Any]:
    import statistics

    import numba

    from mcimpact import testing
    from mcimpact.core.compile import sample

    name, n = spec["scenario"], spec["draws"]
    core = c.core(name)
    model = c.scenario(name)
    out = c.allocate(core, n)
    sample(core, c.SEED, 0, n, out=out)  # JIT (from the cache) + first touch
    result: dict[str, Any] = {"numba_threads": numba.get_num_threads(),
                              "threading_layer": numba.threading_layer()}
    runs = {
        "core": (lambda: sample(core, c.SEED, 0, n, out=out), spec["repeats"]),
        "core_fresh": (lambda: sample(core, c.SEED, 0, n), spec["repeats"]),
    }
    if spec.get("peer_repeats", 0) > 0:
        testing.peer(model, 1000)
        runs["peer"] = (lambda: testing.peer(model, n), spec["peer_repeats"])
    for key, (fn, repeats) in runs.items():
        best, times = c.best_time(fn, repeats)
        result[key] = {"best_s": best, "median_s": statistics.median(times), "times": times,
                       "rate": n / best}
    return result


_COLD_SCRIPT = """
import json, time
t0 = time.perf_counter()
from mcimpact.run import engine
from mcimpact.core.compile import core_arrays, sample
from mcimpact.readers.toml import load
t1 = time.perf_counter()
core = core_arrays(load())
t2 = time.perf_counter()
sample(core, 1, 0, 1000)
t3 = time.perf_counter()
sample(core, 1, 0, 1000)
t4 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "core_arrays_s": t2 - t1,
                  "first_call_s": t3 - t2, "second_call_s": t4 - t3}))
"""


def _w_memory(spec: dict[str, Any]) -> dict[str, Any]:
    import resource

    from mcimpact.run import engine

    model = c.scenario("groningen")
    t = time.perf_counter()
    ds = engine.run_monte_carlo(model, spec["draws"])
    wall = time.perf_counter() - t
    return {"run_s": wall, "dataset_bytes": int(ds.nbytes),
            "maxrss_self_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}


def _w_agreement(spec: dict[str, Any]) -> dict[str, Any]:
    from mcimpact import testing
    from mcimpact.core.compile import sample

    name, n = spec["scenario"], spec["draws"]
    core = c.core(name)
    costs = c.costs_pv(core)
    t_core = c.totals(sample(core, c.SEED, 0, n), core)
    t_peer = c.totals(testing.peer(c.scenario(name), n, seed=12345), core)
    out: dict[str, Any] = {"costs_pv": costs}
    for label, a, b in (("total benefits", t_core, t_peer),
                        ("multiplier", t_core / costs, t_peer / costs)):
        (m1, s1), (m2, s2) = c.mean_se(a), c.mean_se(b)
        out[label] = {"core": [m1, s1], "peer": [m2, s2], "z": (m1 - m2) / math.hypot(s1, s2)}
    return out


def _w_deterministic(spec: dict[str, Any]) -> dict[str, Any]:
    from mcimpact.core.compile import sample
    from mcimpact.run import engine

    name, n = spec["scenario"], spec["draws"]
    det = float(engine.run_deterministic(c.scenario(name))["multiplier"].values[0, 0])
    core = c.core(name)
    mean, se = c.mean_se(c.totals(sample(core, c.SEED, 0, n), core) / c.costs_pv(core))
    return {"deterministic": det, "mean": mean, "se": se, "z": (mean - det) / se}


def _w_pagefault(spec: dict[str, Any]) -> dict[str, Any]:
    import numpy as np

    n = spec["bytes"] // 8
    t = time.perf_counter()
    a = np.empty(n)
    a.fill(1.0)  # first touch: every 4 KiB page faults in
    first = time.perf_counter() - t
    t = time.perf_counter()
    a.fill(2.0)  # the same pages again
    again = time.perf_counter() - t
    return {"first_touch_s": first, "rewrite_s": again, "bytes": spec["bytes"]}


def _w_stages(spec: dict[str, Any]) -> dict[str, Any]:
    """Where the time of ``mcimpact sim -n N -q`` goes (warm numba cache), stage by stage."""
    t0 = time.perf_counter()
    from mcimpact.analysis.summaries import summarize
    from mcimpact.core.compile import core_arrays, sample
    from mcimpact.readers.toml import load
    from mcimpact.run import engine

    t1 = time.perf_counter()
    model = load()
    engine.run_monte_carlo(model, 1000)  # loads the core from the numba cache
    t2 = time.perf_counter()
    core = core_arrays(model)
    t3 = time.perf_counter()
    n = spec["draws"]
    sample(core, c.SEED, 0, n)  # into freshly allocated outputs, as a run does
    t4 = time.perf_counter()
    ds = engine.run_monte_carlo(model, n)
    t5 = time.perf_counter()
    summarize(ds)
    t6 = time.perf_counter()
    return {"import_s": t1 - t0, "first_run_1000_s": t2 - t1, "core_arrays_s": t3 - t2,
            "sample_s": t4 - t3, "run_monte_carlo_s": t5 - t4,
            "assemble_s": (t5 - t4) - (t3 - t2) - (t4 - t3), "summarize_s": t6 - t5}


def _w_uniforms(spec: dict[str, Any]) -> dict[str, Any]:
    return {name: c.uniforms_per_draw(c.core(name)) for name in c.SCENARIOS}


WORKERS = {"throughput": _w_throughput, "memory": _w_memory, "agreement": _w_agreement,
           "deterministic": _w_deterministic, "pagefault": _w_pagefault,
           "uniforms": _w_uniforms, "stages": _w_stages}


# --------------------------------------------------------------------------------------
# The parent: run children, collect, print


def run_child(cmd: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run ``cmd``; its wall time, its own peak RSS (wait4 rusage) and stdout."""
    with tempfile.TemporaryFile() as stdout:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=stdout, env=env, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        proc.returncode = os.waitstatus_to_exitcode(status)
        stdout.seek(0)
        text = stdout.read().decode()
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd} exited with {proc.returncode}:\n{text}")
    return {"wall_s": wall, "maxrss_kib": usage.ru_maxrss, "stdout": text}


def env_for(threads: int | None = None, cache_dir: str | None = None) -> dict[str, str]:
    env = dict(os.environ)
    if threads is not None:
        for var in ("NUMBA_NUM_THREADS", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS",
                    "MKL_NUM_THREADS"):
            env[var] = str(threads)
    if cache_dir is not None:
        env["NUMBA_CACHE_DIR"] = cache_dir
    return env


def worker(spec: dict[str, Any], env: dict[str, str] | None = None) -> dict[str, Any]:
    res = run_child([sys.executable, str(Path(__file__).resolve()), "--worker",
                     json.dumps(spec)], env)
    out = json.loads(res["stdout"].strip().splitlines()[-1])
    out["wall_s"], out["maxrss_kib"] = res["wall_s"], res["maxrss_kib"]
    return out


def machine() -> dict[str, str]:
    info = {"python": platform.python_version(), "platform": platform.platform()}
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        for line in lscpu.splitlines():
            key, _, value = line.partition(":")
            if key.strip() in ("Model name", "CPU(s)", "Hypervisor vendor", "L2 cache",
                               "L3 cache"):
                info[key.strip()] = value.strip()
    except OSError:
        pass
    try:
        with open("/proc/meminfo") as f:
            kib = int(f.readline().split()[1])
        info["memory"] = f"{kib / 2**20:.1f} GiB"
    except OSError:
        pass
    import numba
    import numpy

    info["numpy"], info["numba"] = numpy.__version__, numba.__version__
    try:
        import mcimpact

        info["mcimpact"] = mcimpact.__version__
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True, cwd=ROOT).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "src"], capture_output=True,
                               text=True, cwd=ROOT).stdout.strip()
        info["commit"] = rev + (" + uncommitted changes in src/" if dirty else "")
    except Exception:
        pass
    return info


def rate(x: float) -> str:
    if not math.isfinite(x):
        return "–"
    return f"{x / 1e6:.2f} M" if x >= 1e6 else f"{x / 1e3:,.0f} k"


def mib(kib: float) -> str:
    return f"{kib / 1024:,.0f} MiB" if kib < 2**20 else f"{kib / 2**20:.2f} GiB"


SECTIONS = ("throughput", "pagefault", "start", "memory", "stats")


def warm_numba_cache() -> None:
    """Compile the core into the default numba cache if the source changed since."""
    run_child([*SIM, "1000"])


def section_throughput(args: argparse.Namespace, raw: dict[str, Any]) -> None:
    log("throughput ...")
    warm_numba_cache()
    rows = []
    for name in (*c.SCENARIOS, c.FINANCING):
        for n in SIZES:
            for t in THREADS:
                log(f"  {name} {n:,} draws, {t} thread(s)")
                peer_repeats = args.peer_repeats if name in c.SCENARIOS else 0
                r = worker({"kind": "throughput", "scenario": name, "draws": n,
                            "repeats": args.repeats, "peer_repeats": peer_repeats},
                           env_for(threads=t))
                rows.append({"scenario": name, "draws": n, "threads": t, **r})
    raw["throughput"] = rows
    p = print
    p(f"## Throughput (draws/s; best of {args.repeats} for mcimpact, of "
      f"{args.peer_repeats} for the peer)\n")
    p("`mcimpact` = `sample` on a precompiled `core_arrays`, warm JIT, output buffers "
      "reused (median in brackets); `fresh output` = the same, allocating its outputs on "
      "every call (as `run_monte_carlo` does); peer = `testing.peer` (NumPy Generator + "
      "matmul, BLAS threads = threads); speed-up = best mcimpact / best peer.\n")
    p("| scenario | draws | threads | mcimpact | mcimpact, fresh output | NumPy peer "
      "| speed-up |")
    p("|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        peer = r.get("peer", {}).get("rate", math.nan)
        median = r["draws"] / r["core"]["median_s"]
        speedup = f"{r['core']['rate'] / peer:.1f}×" if math.isfinite(peer) else "–"
        p(f"| {r['scenario']} | {r['draws']:,} | {r['threads']} | {rate(r['core']['rate'])} "
          f"({rate(median)}) | {rate(r['core_fresh']['rate'])} | {rate(peer)} | "
          f"{speedup} |")
    p("")

    uniforms = worker({"kind": "uniforms"})
    raw["uniforms_per_draw"] = uniforms
    p("### What a draw costs (1 thread, 10⁶ draws, reused buffers, best of N)\n")
    p("| scenario | uniforms per draw | ns per draw | ns per uniform (all work included) |")
    p("|---|---|---:|---:|")
    for r in rows:
        if r["draws"] == 1_000_000 and r["threads"] == 1 and r["scenario"] in uniforms:
            u = uniforms[r["scenario"]]
            ns = 1e9 / r["core"]["rate"]
            kinds = ", ".join(f"{v} {k}" for k, v in u.items() if k != "total")
            p(f"| {r['scenario']} | {u['total']} ({kinds}) | {ns:,.0f} | "
              f"{ns / u['total']:.1f} |")
    p("")


def section_pagefault(args: argparse.Namespace, raw: dict[str, Any]) -> None:
    log("page faults ...")
    pf = [worker({"kind": "pagefault", "bytes": 2 * 2**30}) for _ in range(3)]
    raw["pagefault"] = pf
    print("## First touch of fresh memory\n")
    print("Writing 2 GiB into a fresh `np.empty` array, in three fresh processes one after "
          "the other: " + ", ".join(f"{r['first_touch_s']:.2f} s" for r in pf)
          + "; writing the same pages again: "
          + ", ".join(f"{r['rewrite_s']:.2f} s" for r in pf) + ".\n")


def section_start(args: argparse.Namespace, raw: dict[str, Any]) -> None:
    log("cold and warm start ...")
    p = print
    p("## Start-up: cold (empty numba cache) and warm (same cache again)\n")
    p("| | import mcimpact.run.engine | core_arrays (Groningen) | first `sample` (1,000 draws) "
      "| second `sample` | process wall |")
    p("|---|---:|---:|---:|---:|---:|")
    starts: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="mcimpact-numba-cache-") as cache:
        for label in ("cold", "warm"):
            r = run_child([sys.executable, "-c", _COLD_SCRIPT], env_for(cache_dir=cache))
            s = json.loads(r["stdout"].strip().splitlines()[-1])
            s["wall_s"] = r["wall_s"]
            starts[label] = s
            p(f"| {label} | {s['import_s']:.2f} s | {s['core_arrays_s']:.2f} s | "
              f"{s['first_call_s']:.2f} s | {s['second_call_s']:.3f} s | "
              f"{s['wall_s']:.2f} s |")
    p("")
    with tempfile.TemporaryDirectory(prefix="mcimpact-numba-cache-") as cache:
        log("  mcimpact sim -n 1000000 -q, cold then warm")
        cold = run_child([*SIM, "1000000"], env_for(cache_dir=cache))
        warm = [run_child([*SIM, "1000000"], env_for(cache_dir=cache))
                for _ in range(args.sim_repeats)]
    best_warm = min(warm, key=lambda r: r["wall_s"])
    starts["sim_1e6"] = {"cold": cold, "warm": warm, "best_warm_s": best_warm["wall_s"]}
    raw["start"] = starts
    log("  stages")
    stages = [worker({"kind": "stages", "draws": 1_000_000}) for _ in range(args.sim_repeats)]
    st = {k: min(r[k] for r in stages) for k in stages[0] if k.endswith("_s")}
    raw["stages"] = stages
    p("`mcimpact sim -n 1000000 -q` on Groningen, end to end (2 threads): "
      f"cold cache {cold['wall_s']:.1f} s, warm cache {best_warm['wall_s']:.1f} s "
      f"(best of {len(warm)}; all: {', '.join(format(r['wall_s'], '.1f') for r in warm)} s), "
      f"peak RSS {mib(best_warm['maxrss_kib'])}.\n")
    p(f"Where the time goes (the same work stage by stage in one process, warm cache, best "
      f"of {len(stages)} per stage):\n")
    p("| stage | time |")
    p("|---|---:|")
    for key, label in (
        ("import_s", "import mcimpact (numba, scipy, xarray, pydantic)"),
        ("first_run_1000_s", "load scenario + a first 1,000-draw run (core from the cache)"),
        ("core_arrays_s", "core_arrays: quantile tables, CDFs, profiles"),
        ("sample_s", "sampling 10⁶ draws into fresh outputs (`sample`)"),
        ("assemble_s", "rest of `run_monte_carlo`: building the xarray dataset"),
        ("summarize_s", "`summaries.summarize` (quantiles of every breakdown)"),
    ):
        p(f"| {label} | {st[key]:.2f} s |")
    p("")


def section_memory(args: argparse.Namespace, raw: dict[str, Any]) -> None:
    log("peak memory ...")
    warm_numba_cache()
    p = print
    p("## Peak memory (ru_maxrss of the process) on Groningen\n")
    p("| what | draws | wall | peak RSS |")
    p("|---|---:|---:|---:|")
    mem = {}
    big = [] if args.no_1e7 else [10_000_000]
    for n in [1000, 1_000_000, *big]:
        log(f"  run_monte_carlo {n:,}")
        r = worker({"kind": "memory", "draws": n})
        mem[f"run_monte_carlo_{n}"] = r
        p(f"| `run_monte_carlo` (whole process, incl. imports) | {n:,} | {r['run_s']:.1f} s "
          f"| {mib(r['maxrss_kib'])} |")
    for n in [1_000_000, *big]:
        log(f"  mcimpact sim {n:,}")
        r = run_child([*SIM, str(n)])
        mem[f"sim_{n}"] = r
        p(f"| `mcimpact sim -f regiodeal -n {n} -q` | {n:,} | {r['wall_s']:.1f} s | "
          f"{mib(r['maxrss_kib'])} |")
    log("  mcimpact sim 1,000,000, four financing scenarios")
    r = run_child([*SIM_FINANCING, "1000000"])
    mem["sim_financing_1000000"] = r
    p(f"| `mcimpact sim -n 1000000 -q` (four financing scenarios) | 1,000,000 | "
      f"{r['wall_s']:.1f} s | {mib(r['maxrss_kib'])} |")
    raw["memory"] = mem
    p("")


def section_stats(args: argparse.Namespace, raw: dict[str, Any]) -> None:
    log("statistical checks ...")
    p = print
    agree = worker({"kind": "agreement", "scenario": "synthetic-96", "draws": 100_000})
    det = {name: worker({"kind": "deterministic", "scenario": name, "draws": 1_000_000})
           for name in c.SCENARIOS}
    raw["agreement"], raw["deterministic"] = agree, det
    p("## Statistical checks\n")
    p("mcimpact vs the NumPy peer, synthetic-96, 10⁵ draws each (independent random "
      "numbers); z = difference / √(SE₁² + SE₂²), pass if |z| < 4:\n")
    p("| quantity | mcimpact mean ± SE | peer mean ± SE | z | |")
    p("|---|---:|---:|---:|---|")
    for label in ("total benefits", "multiplier"):
        a = agree[label]
        digits = 0 if label == "total benefits" else 4
        (m1, s1), (m2, s2) = a["core"], a["peer"]
        p(f"| {label} | {m1:,.{digits}f} ± {s1:,.{digits}f} | {m2:,.{digits}f} ± "
          f"{s2:,.{digits}f} | {a['z']:+.2f} | {'pass' if abs(a['z']) < 4 else 'FAIL'} |")
    p("\nMean Monte Carlo multiplier vs the deterministic multiplier (equal in expectation: "
      "independent inputs, point values = means), 10⁶ draws:\n")
    p("| scenario | deterministic | MC mean ± SE | z | |")
    p("|---|---:|---:|---:|---|")
    for name, d in det.items():
        p(f"| {name} | {d['deterministic']:.4f} | {d['mean']:.4f} ± {d['se']:.4f} | "
          f"{d['z']:+.2f} | {'pass' if abs(d['z']) < 4 else 'FAIL'} |")
    p("")


def section_targets(raw: dict[str, Any]) -> None:
    p = print
    rows = [(target, measured, verdict) for target, measured, verdict in _targets(raw)]
    if not rows:
        return
    p("## Targets\n")
    p("| target | measured | |")
    p("|---|---:|---|")
    for row in rows:
        p("| " + " | ".join(row) + " |")
    p("")


def _targets(raw: dict[str, Any]) -> list[tuple[str, str, str]]:
    out = []
    syn2 = next((r for r in raw.get("throughput", []) if r["scenario"] == "synthetic-96"
                 and r["draws"] == 1_000_000 and r["threads"] == 2), None)
    if syn2 is not None:
        core = syn2["core"]["rate"]
        out.append(("≥ 1 M draws/s, 2 cores, synthetic-96, 10⁶ draws", rate(core),
                    "met" if core >= TARGET_RATE else f"missed ({core / TARGET_RATE:.0%} "
                    "of the target)"))
        if "peer" in syn2:
            speed = core / syn2["peer"]["rate"]
            out.append(("≥ 20× the NumPy peer, same setting", f"{speed:.1f}×",
                        "met" if speed >= TARGET_SPEEDUP else "missed"))
    if "start" in raw:
        wall = raw["start"]["sim_1e6"]["best_warm_s"]
        out.append(("`mcimpact sim` Groningen, 10⁶ draws, warm cache: a few seconds "
                    f"(read as ≤ {TARGET_SIM_S:.0f} s)", f"{wall:.1f} s",
                    "met" if wall <= TARGET_SIM_S else
                    f"missed ({wall / TARGET_SIM_S:.1f}× the {TARGET_SIM_S:.0f} s)"))
    return out


# `mcimpact sim` under the report's own funding (comparable with the peer and with earlier
# measurements), and with all four financing scenarios of the bundled file (its default).
SIM = [*c.mcimpact_command(), "sim", "-q", "-f", "regiodeal", "-n"]
SIM_FINANCING = [*c.mcimpact_command(), "sim", "-q", "-n"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--quick", action="store_true",
                    help="2 repeats, peer once, sim once, skip the 10^7-draw memory runs")
    ap.add_argument("--repeats", type=int, default=5, help="repeats of the core (default 5)")
    ap.add_argument("--peer-repeats", type=int, default=3,
                    help="repeats of the NumPy peer (default 3; ~30 s a call at 10^6)")
    ap.add_argument("--sim-repeats", type=int, default=3,
                    help="repeats of the warm `mcimpact sim` run (default 3)")
    ap.add_argument("--no-1e7", action="store_true", help="skip the 10^7-draw memory runs")
    ap.add_argument("--only", action="append", choices=SECTIONS,
                    help="run only this section (repeatable); default: all")
    ap.add_argument("--json", type=Path, help="also write all raw results to this file")
    args = ap.parse_args()
    if args.worker:
        spec = json.loads(args.worker)
        print(json.dumps(WORKERS[spec["kind"]](spec)))
        return
    if args.quick:
        args.repeats, args.peer_repeats, args.sim_repeats, args.no_1e7 = 2, 1, 1, True

    raw: dict[str, Any] = {"machine": machine(), "started": time.strftime("%Y-%m-%d %H:%M")}
    print("# mcimpact performance measurements\n")
    print("Machine: " + ", ".join(f"{k} {v}" for k, v in raw["machine"].items()) + "\n")
    print("Every measurement in a fresh process; times are best of N repeats.\n")
    for name in args.only or SECTIONS:
        globals()[f"section_{name}"](args, raw)
    section_targets(raw)
    if args.json:
        args.json.write_text(json.dumps(raw, indent=1, default=str))
        log(f"raw results in {args.json}")


if __name__ == "__main__":
    main()
