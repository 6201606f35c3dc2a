"""Writing the site atomically: build a new folder beside the old, swap only on success.

A build that fails or is killed half-way leaves the previous site untouched; every
path is checked to land inside the output folder before anything is written.
"""
from __future__ import annotations

import ctypes
import errno
import json
import os
import shutil
import sys
import time
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any

from site_src.errors import BuildError, Problem
from site_src.files import write_atomic, write_new

__all__ = ["clean_stale", "copy_assets", "live_dir", "safe_target", "staging_dir", "swap_in", "write_atomic",
           "write_files", "write_in_place", "FileWriter", "SITE_MARK", "SITE_MARK_TEXT"]

MARKER = ".survey-site-build"  # JSON in a folder this build made: {"pid", "started", "state"}
SITE_MARK = ".survey-site"  # in every site this program writes: a folder with files but no mark is not ours
SITE_MARK_TEXT = b"This folder is a site built by survey-site. A build replaces all of it.\n"


def safe_target(base: Path, rel: str, checked: dict[Path, bool] | None = None) -> Path:
    """``base/rel``, refusing any path that lands outside ``base`` (``..``, or a symlink).

    ``checked`` remembers folders already found inside ``base``, so a build that writes
    thousands of files resolves each folder once, not each file."""
    pure = PurePosixPath(rel)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts or "\\" in rel or "\x00" in rel:
        raise BuildError([Problem(rel, 0, "refusing to write outside the output folder")])
    target = base.joinpath(*pure.parts)
    if checked is None:
        inside = target.resolve().is_relative_to(base.resolve())
    else:
        folder = target.parent
        if folder not in checked:
            checked[folder] = folder.resolve().is_relative_to(base.resolve())
        inside = checked[folder] and not target.is_symlink()
    if not inside:
        raise BuildError([Problem(rel, 0, "refusing to write outside the output folder")])
    return target


def live_dir(out: Path) -> Path:
    """The folder the site lives in: a symlinked ``_site`` is swapped where it points, so the
    link and the folder it names both survive."""
    return out.resolve() if out.is_symlink() else out


def staging_dir(out: Path) -> Path:
    """A new, empty folder beside ``out`` for a full build, marked as this build's own."""
    live = live_dir(out)
    staged = live.with_name(f"{live.name}.tmp-{os.getpid()}")
    try:
        staged.mkdir(parents=True)
    except FileExistsError:
        raise BuildError([Problem(str(staged), 0, "a folder of this name is in the way and was not "
                                  "made by this build (move it elsewhere)")]) from None
    _mark(staged, "staging")
    return staged


def write_files(base: Path, files: Iterable[tuple[str, bytes]]) -> int:
    return FileWriter(base).write(files)


class FileWriter:
    """Writes files into a new folder (a staging one), each folder checked and made once
    however many calls write into it (a full build writes tens of thousands of files)."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self._made: set[Path] = set()
        self._checked: dict[Path, bool] = {}
        self._folders: dict[str, str] = {}  # a folder part of a path, checked and made once: where it is

    def write(self, files: Iterable[tuple[str, bytes]]) -> int:
        n = 0
        for rel, data in files:
            folder, _, name = rel.rpartition("/")
            made = self._folders.get(folder)
            if made is None or name in ("", ".", "..") or "\\" in name or "\x00" in name:
                self._write_checked(rel, data)  # the first file of a folder, or an odd name
            else:
                try:  # a new file in a folder already checked: created, never written through a symlink
                    write_new(os.path.join(made, name), data)
                except FileExistsError:  # written twice, or something put there: as safe_target says
                    self._write_checked(rel, data)
            n += 1
        return n

    def _write_checked(self, rel: str, data: bytes) -> None:
        target = safe_target(self.base, rel, self._checked)
        if target.parent not in self._made:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._made.add(target.parent)
        target.write_bytes(data)
        self._folders[rel.rpartition("/")[0]] = str(target.parent)


def write_in_place(base: Path, files: Iterable[tuple[str, bytes]]) -> int:
    """An incremental build: replace single files of the live site, each atomically,
    after every one of them was rendered (a failure before this point writes nothing)."""
    checked: dict[Path, bool] = {}  # each folder resolved once, not each file
    ready = [(safe_target(base, rel, checked), data) for rel, data in files]  # all refused, or none
    n = 0
    for target, data in ready:
        try:
            if target.read_bytes() == data:
                continue
        except FileNotFoundError:
            target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, data)
        n += 1
    return n


def copy_assets(base: Path, folders: list[Path]) -> None:
    """Static assets: the project's first, then the user's on top (same name wins)."""
    for folder in folders:
        if folder.is_dir():
            shutil.copytree(folder, base / "assets", dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("*.md", ".*"))


def swap_in(staged: Path, out: Path) -> None:
    """Put the complete ``staged`` site in place of ``out`` in one step: a reader of ``out``
    sees the old site or the new one, never neither and never half of one.

    On Linux the two folders are exchanged by one ``renameat2(RENAME_EXCHANGE)``; elsewhere
    two renames leave a moment without ``out``, which :func:`clean_stale` repairs if the build
    is killed in it. Either way the old copy keeps a marker until it is deleted."""
    out = live_dir(out)
    _mark(staged, "complete")
    _pause("swap")
    if not os.path.lexists(out):
        staged.rename(out)
        _unmark(out)
        return
    _mark(out, "old")  # the copy that leaves is recognisably ours, wherever it is when killed
    try:
        exchanged = _exchange(staged, out)
    except BaseException:
        _unmark(out)
        raise
    if exchanged:
        _pause("swapped")
        _unmark(out)
        _remove_marked(staged)  # the old site, now under the staging name
        return
    old = out.with_name(f"{out.name}.old-{os.getpid()}")
    out.rename(old)
    try:
        _pause("half-swapped")
        staged.rename(out)
    except BaseException:
        old.rename(out)
        _unmark(out)
        raise
    _unmark(out)
    _remove_marked(old)


def clean_stale(out: Path) -> None:
    """Tidy what killed builds left beside ``out``: only folders carrying this program's marker,
    of builds no longer running. If ``out`` itself is missing (a build killed between two
    renames), the newest complete copy is put back first: the only whole site is never deleted."""
    out = live_dir(out)
    stale: list[tuple[Path, dict[str, Any]]] = []
    for pattern in (f"{out.name}.tmp-*", f"{out.name}.old-*"):
        for folder in sorted(out.parent.glob(pattern)):
            marker = _read_marker(folder)
            if marker is None or str(marker["pid"]) != folder.name.rsplit("-", 1)[-1]:
                continue  # not made by this program: someone else's folder
            if _running(marker["pid"]):
                continue
            stale.append((folder, marker))
    if not os.path.lexists(out):
        whole = [(m["state"] == "complete", m["started"], f) for f, m in stale if m["state"] in ("complete", "old")]
        if whole:
            best = max(whole)[2]
            best.rename(out)
            _unmark(out)
            stale = [(f, m) for f, m in stale if f != best]
    for folder, _ in stale:
        _remove_marked(folder)
    marker = _read_marker(out)
    if marker is not None and not _running(marker["pid"]):  # killed just after its swap
        _unmark(out)


def _mark(folder: Path, state: str) -> None:
    marker = {"pid": os.getpid(), "started": time.time(), "state": state}
    if state != "staging":
        previous = _read_marker(folder)
        if previous is not None and previous["pid"] == os.getpid():
            marker["started"] = previous["started"]
    write_atomic(folder / MARKER, json.dumps(marker).encode())


def _unmark(folder: Path) -> None:
    (folder / MARKER).unlink(missing_ok=True)


def _read_marker(folder: Path) -> dict[str, Any] | None:
    if folder.is_symlink() or not folder.is_dir():
        return None
    try:
        marker = json.loads((folder / MARKER).read_bytes())
    except (OSError, ValueError):
        return None
    if (not isinstance(marker, dict) or not isinstance(marker.get("pid"), int)
            or not isinstance(marker.get("started"), (int, float)) or not isinstance(marker.get("state"), str)):
        return None
    return marker


def _remove_marked(folder: Path) -> None:
    """Delete a folder of ours, its marker last: a delete cut short stays recognisable."""
    for child in folder.iterdir():
        if child.name == MARKER:
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)
    _unmark(folder)
    try:
        folder.rmdir()
    except OSError:
        pass  # something could not be deleted; it is no longer marked, so it is left alone


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # an earlier build of this same process (the dev server) that failed
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process: leave its folder alone
    return True


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_UNSUPPORTED = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV}


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders' names in one step; False where the system cannot."""
    if not sys.platform.startswith("linux") or os.environ.get("SURVEY_SITE_NO_EXCHANGE"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


def _pause(point: str) -> None:
    """A test hook: ``SURVEY_SITE_PAUSE_AT=swap,swapped`` makes the build announce each named
    point on stderr and sleep there (``SURVEY_SITE_PAUSE_SECONDS``, default 60), so a test can
    kill it exactly in the swap. Unset, as in any real build, it does nothing."""
    points = os.environ.get("SURVEY_SITE_PAUSE_AT")
    if points and point in points.split(","):
        print(f"paused at {point}", file=sys.stderr, flush=True)
        time.sleep(float(os.environ.get("SURVEY_SITE_PAUSE_SECONDS", "60")))
