"""Compiling the numba code of a run ahead of it: what a machine's first run does in its
first seconds, and what ``mcimpact warm`` does for an image or a CI cache.

numba compiles each function on its first use and keeps the machine code in its cache
(``__pycache__`` beside the source, or ``NUMBA_CACHE_DIR``); later processes load it in
milliseconds. A first run compiles the core and the run's loops (seconds;
docs/performance.md, "Compile time"). :func:`prepare` does that in one go before the first
draw, so that it happens in one phase that a front end can announce (:func:`on_compile`),
and, when the core has to be compiled, compiles the run's other loops in a second process
at the same time (numba compiles one function at a time in a process: its compiler holds
a lock). Modules that own compiled loops list them with :func:`register`; this module
imports them only by name, in that second process.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable

from numba.core import event

_registered: list[tuple[str, str, bool]] = []  # (module, function, used by every run)
_listeners: list[event.Listener] = []
_prepared = threading.Event()
_lock = threading.Lock()


def register(module: str, function: str, *, run: bool = True) -> None:
    """List ``module.function``, a function without arguments that compiles (or loads from
    numba's cache) and returns a compiled loop, for :func:`prepare`: with ``run`` among
    those every run uses, else only for :func:`prepare` with ``everything``."""
    if (module, function, run) not in _registered:
        _registered.append((module, function, run))


def on_compile(listener: Callable[[str], None] | None) -> None:
    """Call ``listener("start")`` when numba starts compiling something it did not find in
    its cache, and ``listener("end")`` when that compilation is done (the outermost ones:
    a function compiles the functions it calls within its own); ``None`` removes the
    listener. A front end announces a first run with it (the command line: a line on
    stderr, and a spinner on a terminal)."""
    for old in _listeners:
        event.unregister("numba:compile", old)
    _listeners.clear()
    if listener is not None:
        hook = _Announce(listener)
        event.register("numba:compile", hook)
        _listeners.append(hook)


class _Announce(event.Listener):
    """A numba event listener that reports the outermost compilations only."""

    def __init__(self, listener: Callable[[str], None]) -> None:
        self.listener = listener
        self.depth = 0

    def on_start(self, ev: event.Event) -> None:
        self.depth += 1
        if self.depth == 1:
            self.listener("start")

    def on_end(self, ev: event.Event) -> None:
        self.depth -= 1
        if self.depth == 0:
            self.listener("end")


class _Start(event.Listener):
    """Calls ``action`` when a compilation starts."""

    def __init__(self, action: Callable[[], None]) -> None:
        self.action = action

    def on_start(self, ev: event.Event) -> None:
        self.action()

    def on_end(self, ev: event.Event) -> None:
        pass


def cold() -> bool:
    """Whether the core is missing from numba's cache, so that this process's first draw
    will compile it (a machine's first run, or the first after an upgrade): a look at
    the cache's index (under a millisecond), before anything is loaded. False where the
    cache cannot be read this way (another numba): the compilation itself is announced
    then (:func:`on_compile`)."""
    try:
        from numba.core.caching import FunctionCache

        from .kernels import simulate

        return not FunctionCache(simulate)._cache_file._load_index()
    except Exception:  # numba's internals differ: no early word, nothing else changes
        return False


def _load(module: str, function: str) -> object:
    return getattr(importlib.import_module(module), function)()


class _Helper:
    """Starts, once, a second process that compiles the run's other loops, as soon as the
    core turns out not to be in numba's cache (its compilation starts)."""

    def __init__(self, targets: list[tuple[str, str, bool]]) -> None:
        self.targets = targets
        self.process: subprocess.Popen[bytes] | None = None

    def on_start(self) -> None:
        if self.process is not None or not self.targets or (os.cpu_count() or 1) < 2:
            return
        names = [f"{m}:{f}" for m, f, _ in self.targets]
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "mcimpact.core.jit", *names],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL)
        except OSError:  # no second process: they are compiled here, after the core
            self.process = None

    def wait(self) -> None:
        if self.process is None:
            return
        try:
            self.process.wait()
        except BaseException:
            self.process.kill()
            raise


def prepare(*, everything: bool = False, concurrent: bool = True) -> float:
    """Compile, or load from numba's cache, the core and the registered loops: those every
    run uses, or with ``everything`` all of them. Returns the seconds it took.

    When the core is not in the cache (a machine's first run), its compilation starts a
    second process (with ``concurrent``, on a machine with more than one CPU) that
    compiles the other loops into the cache meanwhile; this process then loads them.
    Results never depend on it: the same functions are compiled either way.
    """
    from .kernels import compiled

    started = time.perf_counter()
    with _lock:
        if _prepared.is_set() and not everything:
            return 0.0
        targets = [t for t in _registered if t[2] or everything]
        helper = _Helper(targets if concurrent else [])
        try:
            with event.install_listener("numba:compile", _Start(helper.on_start)):
                compiled()
        finally:
            helper.wait()
        for module, function, _ in targets:
            _load(module, function)
        _prepared.set()
    return time.perf_counter() - started


def _child(names: list[str]) -> None:
    """The second process of :func:`prepare`: compile ``module:function`` each into the
    cache (a failure is left to the first process, which compiles it again)."""
    for name in names:
        module, _, function = name.partition(":")
        try:
            _load(module, function)
        except Exception:  # the first process compiles it itself
            continue


if __name__ == "__main__":
    _child(sys.argv[1:])
