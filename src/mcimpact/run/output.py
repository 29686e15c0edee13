"""Output files and directories, written atomically: one target check, one writer.

Every output of mcimpact (a NetCDF file, a Zarr directory, an HTML or PDF report, a PNG
or SVG figure, a JSON file) goes the same way:

1. :func:`check_target` before any work, so a bad target costs nothing: a known suffix,
   a parent directory that exists, no existing target unless ``force``, and an existing
   target only of the same kind (a file for a file, a directory for a directory);
2. :func:`atomic` around the writing: the writer writes a temporary sibling, which is
   renamed into place only when it is complete.

What a reader can rely on:

- the target is either the old output or the complete new one, never a part of either;
  the old output stays in place until the new one is complete;
- when the writing fails — an exception, Ctrl-C (KeyboardInterrupt), SIGTERM or SIGHUP
  (turned into :class:`SystemExit` while the writing runs in the main thread), a full
  disk — the temporary is removed and the old output is untouched. Only SIGKILL or a
  power cut leaves a temporary, named ``.NAME.PID.*.tmp`` beside the target, and the next
  write to the same target removes it (when process PID no longer runs);
- a signal is never lost: its exception may be swallowed where Python runs the handler
  inside a library (a weakref callback of h5py's object registry, HDF5's error walker),
  so every signal is also recorded (:func:`raise_on_signals`), raised again at the next
  :func:`check_signals` (a sink checks once per chunk) and, at the latest, before the
  rename: a write during which a signal came is never renamed into place;
- ``force`` replaces only an output of the same kind, never a directory with a file or a
  file with a directory (and, with ``same_kind``, never a directory that is not an
  output of that kind, such as a folder that merely ends in ``.zarr``);
- the output gets the permissions of any new file or directory (``0o666`` or ``0o777``
  less the umask), not those of a private temporary.

>>> from pathlib import Path
>>> def write_report(html: str, path: Path, force: bool = False) -> None:
...     check_target(path, force=force, suffixes=(".html",))
...     with atomic(path, force=force) as tmp:
...         tmp.write_text(html, encoding="utf-8")

A directory output (``directory=True``) is written the same way: the writer creates the
directory at the temporary path it is given (e.g. ``ds.to_zarr(tmp)``).
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from ..errors import OutputError

__all__ = ["atomic", "check_directory", "check_signals", "check_target", "deferred_signals",
           "partial_path", "raise_on_signals", "remove_stale", "resumable"]

#: The signals that end a run: SIGINT raises KeyboardInterrupt (as Python's own handler
#: does), SIGTERM and SIGHUP raise SystemExit(128 + number), and each is recorded
#: (:func:`raise_on_signals`).
ENDING_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP")
                       if hasattr(signal, name))


def check_target(path: str | os.PathLike[str], *, force: bool, suffixes: Collection[str],
                 directory: bool = False,
                 same_kind: Callable[[Path], bool] | None = None) -> None:
    """Fail early, before any work, on a target that would not be written.

    Parameters
    ----------
    path : path
        The output file or directory.
    force : bool
        Whether an existing output of the same kind may be replaced.
    suffixes : collection of str
        The suffixes this kind of output has, e.g. ``(".html", ".htm")`` (compared
        exactly: ``.HTML`` is not ``.html``).
    directory : bool
        Whether the output is a directory (a Zarr store) rather than a file.
    same_kind : callable, optional
        ``same_kind(existing)`` tells whether an existing target is an output of this
        kind (e.g. a Zarr store has ``zarr.json``); one that is not is never replaced.

    Raises
    ------
    OutputError
        Naming the path and what is wrong with it.
    """
    path = Path(path)
    if path.suffix not in suffixes:
        raise OutputError(reason="format", path=path, suffix=path.suffix,
                          suffixes=tuple(suffixes))
    check_directory(path.parent)
    _check_existing(path, force=force, directory=directory, same_kind=same_kind)


def check_directory(directory: str | os.PathLike[str]) -> None:
    """Fail early on a directory that outputs cannot be written into: one that does not
    exist (:class:`~mcimpact.errors.OutputError`, a wrong path), or that the system will
    not let us write — a file where a directory should be, no write permission, a
    read-only file system (:class:`OSError` with its errno: not the user's input)."""
    directory = Path(directory)
    parts = [directory, *directory.parents]
    blocker = next((d for d in parts if d.exists() and not d.is_dir()), None)
    if blocker is not None:
        raise NotADirectoryError(errno.ENOTDIR, "not a directory", str(blocker))
    if not directory.is_dir():
        raise OutputError(reason="no-directory", directory=directory)
    try:
        read_only = bool(os.statvfs(directory).f_flag & os.ST_RDONLY)
    except (AttributeError, OSError):  # no statvfs: the write itself will tell
        read_only = False
    if read_only:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(directory))
    if not os.access(directory, os.W_OK | os.X_OK):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(directory))


def _check_existing(path: Path, *, force: bool, directory: bool,
                    same_kind: Callable[[Path], bool] | None) -> None:
    if not (path.exists() or path.is_symlink()):
        return
    if not force:
        raise OutputError(reason="exists", path=path)
    if path.is_dir() != directory or (path.is_symlink() and directory):
        what = "directory" if path.is_dir() else "file"
        raise OutputError(reason="other-kind", path=path, what=what)
    if same_kind is not None and not same_kind(path):
        raise OutputError(reason="other-kind", path=path, what="")


@contextmanager
def atomic(path: str | os.PathLike[str], *, force: bool, directory: bool = False,
           same_kind: Callable[[Path], bool] | None = None) -> Iterator[Path]:
    """Write ``path`` atomically: yields a temporary path beside it, with the same name
    in a private temporary directory, for the caller to write the file (or, with
    ``directory``, create the directory) at; renames it into place when the block ends
    without an exception.

    ``force`` and ``same_kind`` are as in :func:`check_target`, and are checked again
    before the rename (the target may have appeared meanwhile). On any exception — a
    failed writer, KeyboardInterrupt, SIGTERM or SIGHUP (raised as SystemExit while the
    block runs in the main thread) — the temporary is removed, the old output is left as
    it was, and the exception goes on.

    Raises
    ------
    OutputError
        When the target may not be replaced, or the block wrote nothing at the path.
    """
    path = Path(path)
    _check_existing(path, force=force, directory=directory, same_kind=same_kind)
    remove_stale(path)
    with raise_on_signals():
        with _held():
            staging = Path(tempfile.mkdtemp(prefix=f".{path.name}.{os.getpid()}.",
                                            suffix=".tmp", dir=path.parent))
        try:
            check_signals()
            staged = staging / path.name
            yield staged
            if (directory and not staged.is_dir()) or (not directory and not staged.is_file()):
                raise OutputError(reason="not-written", path=path, staged=staged)
            _check_existing(path, force=force, directory=directory, same_kind=same_kind)
            check_signals()  # a signal whose exception was swallowed: never renamed
            _move_into_place(staged, path, staging / (path.name + ".old"))
        finally:
            with _held():
                shutil.rmtree(staging, ignore_errors=True)


def partial_path(path: Path) -> Path:
    """Where :func:`resumable` writes ``path`` until it is complete: ``PATH.partial``."""
    return path.with_name(path.name + ".partial")


@contextmanager
def resumable(path: str | os.PathLike[str], *, force: bool, resume: bool,
              same_kind: Callable[[Path], bool] | None = None) -> Iterator[tuple[Path, bool]]:
    """Write the directory ``path`` so that an interrupted write can be continued: yields
    ``(partial, resuming)``, the directory to write (``PATH.partial``, beside the target)
    and whether it holds an interrupted write to continue; renames it into place when the
    block ends without an exception.

    Unlike :func:`atomic`, the partial directory is **kept** however the block ends (an
    exception, Ctrl-C, SIGTERM, SIGKILL, a power cut): it is the work done so far, and the
    next write with ``resume`` continues it. The target itself is, as with
    :func:`atomic`, either the old output or the complete new one.

    Without ``resume`` an existing partial directory is refused (it may be hours of work),
    unless ``force``, which removes it; with ``resume`` it must exist. ``force`` and
    ``same_kind`` are otherwise as in :func:`check_target`.
    """
    path = Path(path)
    partial = partial_path(path)
    _check_existing(path, force=force, directory=True, same_kind=same_kind)
    exists = partial.is_dir() and not partial.is_symlink()
    if resume and not exists:
        raise OutputError(reason="nothing-to-resume", partial=partial, path=path)
    if partial.exists() and not exists:
        raise OutputError(reason="partial-not-directory", partial=partial)
    if exists and not resume:
        if not force:
            raise OutputError(reason="interrupted", partial=partial, path=path)
        shutil.rmtree(partial)
    with raise_on_signals():
        yield partial, resume
        _check_existing(path, force=force, directory=True, same_kind=same_kind)
        check_signals()  # a signal whose exception was swallowed: kept partial, no rename
        with _held():
            staging = Path(tempfile.mkdtemp(prefix=f".{path.name}.{os.getpid()}.",
                                            suffix=".tmp", dir=path.parent))
        try:
            _move_into_place(partial, path, staging / (path.name + ".old"))
        finally:
            with _held():
                shutil.rmtree(staging, ignore_errors=True)


def staging_pattern(path: Path) -> re.Pattern[str]:
    """The names of the staging directories of writes to ``path``:
    ``.NAME.PID.RANDOM.tmp``, PID the writing process."""
    return re.compile(rf"\.{re.escape(path.name)}\.(\d+)\.[A-Za-z0-9_]+\.tmp")


def remove_stale(path: Path) -> list[Path]:
    """Remove the staging directories a killed write to ``path`` left (SIGKILL, a power
    cut): those whose process no longer runs on this machine. Returns what was removed."""
    pattern = staging_pattern(path)
    removed: list[Path] = []
    try:
        siblings = list(path.parent.iterdir())
    except OSError:
        return removed
    for sibling in siblings:
        match = pattern.fullmatch(sibling.name)
        if match and sibling.is_dir() and not sibling.is_symlink() and not _running(
                int(match.group(1))):
            shutil.rmtree(sibling, ignore_errors=True)
            removed.append(sibling)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True  # ours: a write still open in this process
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # exists (another user's) or cannot tell: leave it
    return True


def _move_into_place(staged: Path, path: Path, old: Path) -> None:
    """Rename ``staged`` to ``path``. A file replaces a file in one step; a directory
    cannot replace one, so the old one is moved aside first (to ``old``, removed with the
    staging directory) and put back if the new one cannot take its place."""
    if not path.is_dir() or path.is_symlink():
        os.replace(staged, path)
        return
    os.replace(path, old)
    try:
        os.replace(staged, path)
    except BaseException:
        os.replace(old, path)
        raise


class _Signals:
    """What :func:`raise_on_signals` knows in this process (its handlers run in the main
    thread only): how deep the blocks are nested, the signals received in them, the
    exception the first one raised, and whether a block defers them."""

    depth = 0
    received: list[int] = []  # noqa: RUF012 - one per process, reset by the outermost block
    ending: BaseException | None = None
    deferring = 0
    hook: Callable[[sys.UnraisableHookArgs], object] | None = None


def _ending(signum: int) -> BaseException:
    if signum == getattr(signal, "SIGINT", None):
        return KeyboardInterrupt()
    return SystemExit(128 + signum)


def _on_signal(signum: int, _frame: FrameType | None) -> None:
    _Signals.received.append(signum)
    if _Signals.ending is None:
        _Signals.ending = _ending(signum)
    if _Signals.deferring and len(_Signals.received) == 1:
        return  # raised where the deferring block ends; a second signal at once
    raise _Signals.ending.with_traceback(None)


def _unraisable(info: sys.UnraisableHookArgs) -> None:
    # A signal's exception raised inside a finalizer or a weakref callback cannot
    # propagate; it is recorded and raised again at the next check: not printed.
    if _Signals.received and isinstance(info.exc_value, KeyboardInterrupt | SystemExit):
        return
    (_Signals.hook or sys.__unraisablehook__)(info)


def check_signals() -> None:
    """Raise the exception of a signal that came in a :func:`raise_on_signals` block and
    was swallowed on its way (Python runs a signal's handler wherever the main thread
    is, and an exception raised in a finalizer, a weakref callback or a library's own
    ``except`` never reaches the run). Sinks call it once per chunk, :func:`atomic` and
    :func:`resumable` before the rename."""
    if _Signals.ending is not None:
        raise _Signals.ending.with_traceback(None)


@contextmanager
def deferred_signals() -> Iterator[None]:
    """Inside the block an ending signal is recorded but raised only when the block ends
    (a second signal at once): for the calls into h5py and zarr that write a chunk, which
    would otherwise swallow the exception or stop half-way with their files open. A
    signal that came before the block is raised before it starts."""
    check_signals()
    if threading.current_thread() is not threading.main_thread():
        yield  # handlers run in the main thread only: nothing to defer here
        return
    _Signals.deferring += 1
    try:
        yield
    finally:
        _Signals.deferring -= 1
    check_signals()


@contextmanager
def _held() -> Iterator[None]:
    # Clean-up that must run to its end: a signal is recorded, raised by the caller.
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _Signals.deferring += 1
    try:
        yield
    finally:
        _Signals.deferring -= 1


@contextmanager
def raise_on_signals(signals: Collection[int] = ENDING_SIGNALS) -> Iterator[None]:
    """While the block runs, ``signals`` end it with an exception instead of ending the
    process on the spot, so that ``finally`` clauses (a temporary's removal) run: SIGINT
    raises KeyboardInterrupt, SIGTERM and SIGHUP SystemExit(128 + N). The command line
    wraps a whole run in it; :func:`atomic` wraps each write.

    Each signal is also recorded until the outermost block ends: :func:`check_signals`
    raises it again where its exception was swallowed, and the outermost block, ending
    without an exception, raises it too, so a signal always ends the run.

    Only where Python allows it (the main thread) and only for signals left at their
    default action (Python's own KeyboardInterrupt for SIGINT): a handler someone
    installed, or an ignored signal, stays as it is."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {}
    for sig in signals:
        default = signal.default_int_handler if sig == getattr(signal, "SIGINT", None) \
            else signal.SIG_DFL
        if signal.getsignal(sig) is default:
            previous[sig] = signal.signal(sig, _on_signal)
    if _Signals.depth == 0:
        _Signals.hook, sys.unraisablehook = sys.unraisablehook, _unraisable
    _Signals.depth += 1
    completed = False
    try:
        yield
        completed = True
    finally:
        _Signals.depth -= 1
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if _Signals.depth == 0:
            ending = _Signals.ending
            _Signals.received, _Signals.ending = [], None
            sys.unraisablehook = _Signals.hook or sys.__unraisablehook__
            _Signals.hook = None
            if completed and ending is not None:
                raise ending.with_traceback(None)
