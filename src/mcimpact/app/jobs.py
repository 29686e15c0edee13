"""The workbench's one worker: every run, every figure, one at a time, off the event loop.

The numba core runs its own threads (``parallel=True``) and matplotlib is not thread
safe, so the page's work is done by one thread in submission order: a newer job cancels
the one that runs (at its next chunk or analysis) and replaces the one that waits — a
second run cancels the first, and the live what-if only ever computes the latest edit.
The event loop only waits on a job (:meth:`Job.wait`), so a long run never blocks the
page.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

#: A job's states, in order; a job ends in one of the last three.
STATES = ("waiting", "running", "done", "failed", "cancelled")


class Cancelled(Exception):
    """Raised inside a job's work at its next check once it is cancelled."""


@dataclass
class Job:
    """One piece of work of the page: a run (``kind`` "run"), a live what-if ("live")
    or the warm-up of the core ("warm-up")."""

    kind: str
    work: Callable[[Job], Any]
    id: int = 0
    state: str = "waiting"
    done: int = 0  # draws done
    total: int = 0  # of draws
    stage: str = ""  # the analysis being made after the pass
    result: Any = None
    error: BaseException | None = None
    started: float = 0.0
    ended: float = 0.0
    _cancel: threading.Event = field(default_factory=threading.Event)
    _ended: threading.Event = field(default_factory=threading.Event)

    @property
    def over(self) -> bool:
        return self._ended.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def check(self) -> None:
        """Raise :class:`Cancelled` once the job is cancelled (called between chunks)."""
        if self._cancel.is_set():
            raise Cancelled

    def progress(self, done: int, total: int) -> None:
        """The run's ``progress(done, total)``: records it, and ends a cancelled job."""
        self.done, self.total = done, total
        self.check()

    def at_stage(self, name: str) -> None:
        """The plan's ``stage(name)``: records it, and ends a cancelled job."""
        self.stage = name
        self.check()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the job has ended (in a worker thread of the server, never on the
        event loop); whether it has."""
        return self._ended.wait(timeout)

    def status(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "state": self.state, "done": self.done,
                "total": self.total, "stage": self.stage,
                "seconds": round((self.ended or time.perf_counter()) - self.started, 3)
                if self.started else 0.0}


class Worker:
    """One thread that does the jobs in order; :meth:`submit` cancels the runs that a new
    one makes obsolete."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._waiting: list[Job] = []
        self._running: Job | None = None
        self._ids = itertools.count(1)
        self._closed = False
        self._thread = threading.Thread(target=self._loop, name="mcimpact-app-worker",
                                        daemon=True)
        self._thread.start()

    def submit(self, job: Job, *, cancels: tuple[str, ...] = ("run", "live")) -> Job:
        """Queue ``job``, after cancelling the jobs of the kinds ``cancels`` that run or
        wait (by default every run and live what-if: the newest scenario wins; the
        warm-up and the drawing of views are never cancelled by another job)."""
        with self._lock:
            job.id = next(self._ids)
            for old in [*self._waiting, *([self._running] if self._running else [])]:
                if old.kind in cancels:
                    old.cancel()
            for old in [j for j in self._waiting if j.kind in cancels]:
                self._waiting.remove(old)
                self._end(old, "cancelled")
            self._waiting.append(job)
            self._lock.notify()
        return job

    def busy(self, kind: str) -> bool:
        """Whether a job of ``kind`` runs or waits."""
        with self._lock:
            return any(j.kind == kind for j in
                       [*self._waiting, *([self._running] if self._running else [])])

    def close(self, timeout: float = 10.0) -> None:
        """Cancel everything and stop the thread (Ctrl-C, the end of a test)."""
        with self._lock:
            self._closed = True
            for job in [*self._waiting, *([self._running] if self._running else [])]:
                job.cancel()
            for job in self._waiting:
                self._end(job, "cancelled")
            self._waiting.clear()
            self._lock.notify()
        self._thread.join(timeout)

    @staticmethod
    def _end(job: Job, state: str) -> None:
        job.state = state
        job.ended = time.perf_counter()
        job._ended.set()

    def _loop(self) -> None:
        while True:
            with self._lock:
                while not self._waiting and not self._closed:
                    self._lock.wait()
                if self._closed:
                    return
                job = self._running = self._waiting.pop(0)
                job.state, job.started = "running", time.perf_counter()
            try:
                job.check()
                job.result = job.work(job)
                state = "done"
            except Cancelled:
                state = "cancelled"
            except BaseException as exc:  # reported to the page, never a dead worker
                job.error, state = exc, "failed"
            with self._lock:
                self._running = None
                self._end(job, state)
