"""One target check and one atomic writer for every output: a known suffix, an existing
output replaced only with force and only by one of its kind, the old output kept until the
new one is complete, nothing left behind when the writing fails — an exception, Ctrl-C or
SIGTERM — and the permissions of a normal file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from mcimpact.errors import OutputError
from mcimpact.run.output import atomic, check_target


@pytest.fixture
def umask():
    """A known umask for the test (and the old one back after it)."""
    old = os.umask(0o022)
    yield 0o022
    os.umask(old)


def names(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


# --------------------------------------------------------------------------------------
# check_target


def test_check_target_takes_a_new_file_with_a_known_suffix(tmp_path):
    check_target(tmp_path / "r.nc", force=False, suffixes=(".nc", ".zarr"))
    with pytest.raises(OutputError, match=r"unknown output format '\.csv'; use \.nc or \.zarr"):
        check_target(tmp_path / "r.csv", force=False, suffixes=(".nc", ".zarr"))
    with pytest.raises(OutputError, match="unknown output format ''"):
        check_target(tmp_path / "report", force=False, suffixes=(".html",))


def test_check_target_needs_the_parent_directory(tmp_path):
    with pytest.raises(OutputError, match="does not exist"):
        check_target(tmp_path / "missing" / "r.html", force=False, suffixes=(".html",))


def test_check_target_refuses_an_existing_output_without_force(tmp_path):
    target = tmp_path / "r.html"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(OutputError, match=r"exists \(force=True replaces it\)") as refused:
        check_target(target, force=False, suffixes=(".html",))
    assert refused.value.reason == "exists"  # the command line words it with --force
    check_target(target, force=True, suffixes=(".html",))


def test_force_replaces_only_an_output_of_the_same_kind(tmp_path):
    (tmp_path / "a.html").mkdir()
    with pytest.raises(OutputError, match="is a directory"):
        check_target(tmp_path / "a.html", force=True, suffixes=(".html",))
    (tmp_path / "b.zarr").write_text("", encoding="utf-8")
    with pytest.raises(OutputError, match="is a file"):
        check_target(tmp_path / "b.zarr", force=True, suffixes=(".zarr",), directory=True)
    (tmp_path / "c.zarr").mkdir()  # a directory, but not a Zarr store
    with pytest.raises(OutputError, match="not an output of this kind"):
        check_target(tmp_path / "c.zarr", force=True, suffixes=(".zarr",), directory=True,
                     same_kind=lambda p: (p / "zarr.json").is_file())
    (tmp_path / "c.zarr" / "zarr.json").write_text("{}", encoding="utf-8")
    check_target(tmp_path / "c.zarr", force=True, suffixes=(".zarr",), directory=True,
                 same_kind=lambda p: (p / "zarr.json").is_file())


# --------------------------------------------------------------------------------------
# atomic


def test_atomic_writes_a_file_with_the_permissions_of_a_normal_file(tmp_path, umask):
    target = tmp_path / "r.html"
    with atomic(target, force=False) as tmp:
        assert tmp.name == "r.html" and tmp.parent.parent == tmp_path  # a sibling
        tmp.write_text("new", encoding="utf-8")
        assert not target.exists()  # not before the block ends
    assert target.read_text(encoding="utf-8") == "new"
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask  # 0644, not mkstemp's 0600
    assert names(tmp_path) == ["r.html"]


def test_an_exception_mid_write_leaves_no_file_and_no_temporary(tmp_path):
    target = tmp_path / "r.nc"
    with pytest.raises(RuntimeError, match="disk full"), atomic(target, force=False) as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("disk full")
    assert names(tmp_path) == []


def test_ctrl_c_mid_write_keeps_the_old_output(tmp_path):
    target = tmp_path / "r.nc"
    target.write_bytes(b"old")
    with pytest.raises(KeyboardInterrupt), atomic(target, force=True) as tmp:
        tmp.write_bytes(b"half")
        raise KeyboardInterrupt
    assert target.read_bytes() == b"old"
    assert names(tmp_path) == ["r.nc"]


def test_atomic_refuses_an_existing_output_without_force(tmp_path):
    target = tmp_path / "r.pdf"
    target.write_bytes(b"old")
    with pytest.raises(OutputError, match="exists"), atomic(target, force=False):
        pytest.fail("the block must not run")  # pragma: no cover
    assert target.read_bytes() == b"old" and names(tmp_path) == ["r.pdf"]


def test_an_output_that_appears_during_the_writing_is_not_replaced(tmp_path):
    target = tmp_path / "r.pdf"
    with pytest.raises(OutputError, match="exists"), atomic(target, force=False) as tmp:
        tmp.write_bytes(b"new")
        target.write_bytes(b"someone else's")
    assert target.read_bytes() == b"someone else's" and names(tmp_path) == ["r.pdf"]


def test_force_keeps_the_old_file_until_the_new_one_is_complete(tmp_path):
    target = tmp_path / "r.nc"
    target.write_bytes(b"old")
    with atomic(target, force=True) as tmp:
        tmp.write_bytes(b"new, ")
        assert target.read_bytes() == b"old"  # a reader still sees the old file
        with tmp.open("ab") as f:
            f.write(b"complete")
        assert target.read_bytes() == b"old"
    assert target.read_bytes() == b"new, complete"
    assert names(tmp_path) == ["r.nc"]


def test_a_block_that_writes_nothing_is_an_error_and_keeps_the_old_output(tmp_path):
    target = tmp_path / "r.nc"
    target.write_bytes(b"old")
    with pytest.raises(OutputError, match="nothing was written"), atomic(target, force=True):
        pass
    assert target.read_bytes() == b"old" and names(tmp_path) == ["r.nc"]


def test_a_directory_output_replaces_the_old_one_only_when_complete(tmp_path, umask):
    target = tmp_path / "r.zarr"
    target.mkdir()
    (target / "old").write_text("old", encoding="utf-8")
    with atomic(target, force=True, directory=True) as tmp:
        tmp.mkdir()
        (tmp / "new").write_text("new", encoding="utf-8")
        assert names(target) == ["old"]
    assert names(target) == ["new"]
    assert target.stat().st_mode & 0o777 == 0o777 & ~umask
    assert names(tmp_path) == ["r.zarr"]


def test_a_failed_directory_output_keeps_the_old_one(tmp_path):
    target = tmp_path / "r.zarr"
    target.mkdir()
    (target / "old").write_text("old", encoding="utf-8")
    with pytest.raises(ValueError), atomic(target, force=True, directory=True) as tmp:
        tmp.mkdir()
        raise ValueError
    assert names(target) == ["old"] and names(tmp_path) == ["r.zarr"]


def test_a_file_never_replaces_a_directory_nor_the_reverse(tmp_path):
    (tmp_path / "a.nc").mkdir()
    with pytest.raises(OutputError, match="same kind"), atomic(tmp_path / "a.nc", force=True):
        pass  # pragma: no cover
    (tmp_path / "b.zarr").write_bytes(b"")
    with (pytest.raises(OutputError, match="same kind"),
          atomic(tmp_path / "b.zarr", force=True, directory=True)):
        pass  # pragma: no cover
    assert names(tmp_path) == ["a.nc", "b.zarr"] and (tmp_path / "a.nc").is_dir()


@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or sys.platform == "win32",
                    reason="POSIX signals")
def test_sigterm_mid_write_leaves_no_file_and_no_temporary(tmp_path):
    # A real process that is sent SIGTERM while it writes: it ends (128 + 15), and
    # neither the target nor a temporary is left.
    code = textwrap.dedent(f"""
        import os, signal
        from pathlib import Path
        from mcimpact.run.output import atomic

        target = Path({str(tmp_path / "r.nc")!r})
        target.write_bytes(b"old")
        with atomic(target, force=True) as tmp:
            tmp.write_bytes(b"half")
            os.kill(os.getpid(), signal.SIGTERM)
            tmp.write_bytes(b"never reached")
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 128 + signal.SIGTERM, done.stderr
    assert "Traceback" not in done.stderr
    assert (tmp_path / "r.nc").read_bytes() == b"old"
    assert names(tmp_path) == ["r.nc"]
    # Outside the block, SIGTERM has its default action again.
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


def test_a_handler_someone_installed_is_left_alone(tmp_path):
    seen = []
    previous = signal.signal(signal.SIGTERM, lambda *_: seen.append("mine"))
    try:
        with atomic(tmp_path / "r.nc", force=False) as tmp:
            assert signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL
            os.kill(os.getpid(), signal.SIGTERM)
            tmp.write_bytes(b"new")
        assert seen == ["mine"] and (tmp_path / "r.nc").read_bytes() == b"new"
    finally:
        signal.signal(signal.SIGTERM, previous)
