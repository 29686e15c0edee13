"""What a machine's first run compiles, function by function (docs/performance.md,
"Compile time"): ``mcimpact sim -q -n 1000`` in this process with an empty numba cache,
numba's compile events recorded.

    python benchmarks/compile_times.py              # the first run (the run's loops)
    python benchmarks/compile_times.py --warm       # mcimpact warm (everything)
    python benchmarks/compile_times.py --sequential # no second process (one compiler)

Each line is a function numba compiled (indented: compiled inside the one above it) and
the seconds its compilation took, its callees included; functions under 0.1 s are left
out. The second process of a first run (mcimpact.core.jit) compiles the run's loops into
the cache meanwhile: they appear here only with ``--sequential``.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--warm", action="store_true", help="mcimpact warm instead")
    parser.add_argument("--sequential", action="store_true",
                        help="compile everything in this process")
    parser.add_argument("--threshold", type=float, default=0.1)
    a = parser.parse_args()
    os.environ["NUMBA_CACHE_DIR"] = tempfile.mkdtemp(prefix="numba-cold-")
    started = time.perf_counter()
    from numba.core import event

    import mcimpact.core.jit as jit
    from mcimpact.cli import main as cli

    if a.sequential:
        prepare = jit.prepare

        def sequential(*, everything: bool = False, concurrent: bool = True) -> float:
            return prepare(everything=everything, concurrent=False)

        jit.prepare = sequential  # type: ignore[assignment]
        import mcimpact.core.compile as compile_module

        compile_module.prepare = sequential  # type: ignore[assignment]
    args = ["warm"] if a.warm else ["sim", "-q", "-n", "1000"]
    with event.install_recorder("numba:compile") as rec, \
            contextlib.redirect_stdout(io.StringIO()):
        cli(args)
    wall = time.perf_counter() - started
    starts: dict[tuple[str, str], tuple[float, int]] = {}
    rows = []
    depth = 0
    for ts, ev in rec.buffer:
        dispatcher = ev.data.get("dispatcher")
        name = (f"{dispatcher.py_func.__module__}.{dispatcher.py_func.__qualname__}"
                if dispatcher is not None else "?")
        key = (name, str(ev.data.get("args")))
        if ev.is_start:
            starts[key] = (ts, depth)
            depth += 1
        else:
            depth -= 1
            begun, level = starts.pop(key)
            rows.append((begun, level, name, ts - begun))
    for _, level, name, seconds in sorted(rows):
        if seconds >= a.threshold:
            print(f"{'  ' * level}{name:<{60 - 2 * level}} {seconds:6.2f} s")
    top = sum(s for _, level, _, s in rows if level == 0)
    print(f"compiled in this process: {top:.2f} s; process wall {wall:.2f} s",
          file=sys.stderr)


if __name__ == "__main__":
    main()
