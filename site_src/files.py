"""Replacing one file whole, from any stage: a reader sees the old bytes or the new, never half.

A build killed mid-write leaves the old file; a file the user edited while the build ran
is left as the user wrote it (:func:`replace_if_unchanged`).
"""
from __future__ import annotations

import ctypes
import errno
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

from site_src.errors import BuildError, Problem

CODE_ROOT = Path(__file__).resolve().parent  # the generator's code: every output depends on it
PROJECT_TEMPLATES = CODE_ROOT / "bundled_templates"  # the templates and assets it ships


def _temp_beside(target: Path) -> Path:
    return target.with_name(f".{target.name}.tmp-{os.getpid()}")  # hidden: never read as a page


def write_atomic(target: Path, data: bytes) -> list[int]:
    """Replace one file whole: a build killed mid-write leaves the old bytes, not half of the new.

    Returns the new file's :func:`stamp` (a rename keeps it), so that no caller stats it again."""
    tmp = _temp_beside(target)
    try:
        made = _write_file(tmp, data, os.O_TRUNC)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return made


@contextmanager
def open_atomic(target: Path) -> Iterator[BinaryIO]:
    """:func:`write_atomic` for a file written in pieces: it replaces ``target`` when the block ends."""
    tmp = _temp_beside(target)
    try:
        with open(tmp, "wb") as f:
            yield f
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def create_new(target: Path, data: bytes) -> list[int] | None:
    """Create ``target``, which must not exist, so that it never shows half-written under its
    name; returns its :func:`stamp`, or None, with nothing written, when the name is taken
    (a file someone saved meanwhile is never replaced)."""
    tmp = _temp_beside(target)
    try:
        made = _write_file(tmp, data, os.O_TRUNC)
        if _move_new(tmp, target):
            return made
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    tmp.unlink(missing_ok=True)
    return None


def replace_if_unchanged(target: Path, data: bytes, expected: bytes | None) -> bool:
    """Replace ``target`` with ``data`` only if it still holds ``expected`` (``None``: it must
    not exist); False, with nothing written, when someone changed it since it was read.

    The new bytes are written beside it first, so only a read and a rename lie between the
    check and the replacement; creating a file that must not exist has no window at all
    (:func:`create_new`)."""
    if expected is None:
        return create_new(target, data) is not None
    tmp = _temp_beside(target)
    try:
        tmp.write_bytes(data)
        try:
            current = target.read_bytes()
        except FileNotFoundError:
            return False
        if current != expected:
            return False
        os.replace(tmp, target)
        return True
    finally:
        tmp.unlink(missing_ok=True)


_WRITE = os.O_WRONLY | os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def _write_file(path: Path | str, data: bytes, flags: int) -> list[int]:
    """Write ``data`` as the file ``path`` (``flags``: ``O_TRUNC``, or ``O_EXCL`` for a file
    that must be new) in four system calls, open, write, stat and close; returns its stamp."""
    fd = os.open(path, _WRITE | flags, 0o666)
    try:
        _write_all(fd, data)
        st = os.fstat(fd)
    finally:
        os.close(fd)
    return [st.st_mtime_ns, st.st_size]


def write_new(path: str, data: bytes) -> None:
    """A new file holding ``data`` (``FileExistsError`` if anything is there, a symlink too),
    in three system calls, where ``open(path, "xb")`` makes six and two Python objects."""
    fd = os.open(path, _WRITE | os.O_EXCL, 0o666)
    try:
        _write_all(fd, data)
    finally:
        os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _move_new(src: Path | str, dst: Path | str) -> bool:
    """Rename ``src`` to ``dst`` unless ``dst`` exists (False, ``src`` left): one
    ``renameat2(RENAME_NOREPLACE)`` on Linux; elsewhere a hard link, which fails on a taken
    name too; on a file system without hard links, a check then a rename (a short window)."""
    done = _rename_noreplace(src, dst)
    if done is not None:
        return done
    try:
        os.link(src, dst)
    except FileExistsError:
        return False
    except OSError:  # a file system without hard links: the short check-then-rename window
        if os.path.lexists(dst):
            return False
        os.replace(src, dst)
        return True
    os.unlink(src)
    return True


_RENAME_NOREPLACE = 1
_AT_FDCWD = -100
_NO_RENAMEAT2 = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP}
_renameat2: list[Any] = []  # libc's renameat2, once looked up (empty: not looked up yet; [None]: none)


def _rename_noreplace(src: Path | str, dst: Path | str) -> bool | None:
    """True: renamed; False: ``dst`` exists; None: this system cannot say (no ``renameat2``)."""
    if not _renameat2:
        _renameat2.append(_libc_renameat2())
    call = _renameat2[0]
    if call is None:
        return None
    if call(_AT_FDCWD, os.fsencode(src), _AT_FDCWD, os.fsencode(dst), _RENAME_NOREPLACE) == 0:
        return True
    code = ctypes.get_errno()
    if code == errno.EEXIST or (code == errno.ENOTEMPTY and os.path.isdir(src)):
        return False
    if code in _NO_RENAMEAT2:
        return None
    raise OSError(code, os.strerror(code), str(src), None, str(dst))


def _libc_renameat2() -> Any:
    """libc's ``renameat2`` with its argument types set, or None (not Linux, or turned off)."""
    if sys.platform != "linux" or os.environ.get("SURVEY_SITE_NO_RENAMEAT2"):
        return None
    call = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if call is not None:
        call.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    return call


class NewFolder:
    """The files of a folder that does not exist yet (a first build's content pages), written
    into a hidden folder beside it, ``.<name>.tmp-<pid>``, and renamed into place whole by
    :meth:`commit`: one file creation each, no temporary file, and a build killed midway
    leaves no half folder under the real name (the next one deletes what it left).

    If the folder appeared meanwhile (someone saved a file into it), each file moves in on
    its own, never over a file that is there: :meth:`commit` returns those names, not moved."""

    def __init__(self, final: Path) -> None:
        self.final = final
        final.parent.mkdir(parents=True, exist_ok=True)
        clean_new_folders(final)
        self.staged = final.with_name(f".{final.name}.tmp-{os.getpid()}")
        try:
            self.staged.mkdir()
        except FileExistsError:  # what clean_new_folders left: not a folder as this program leaves one
            raise BuildError([Problem(str(self.staged), 0, "a folder of this name is in the way and was not "
                                      "made by this build (move it elsewhere)")]) from None
        self._prefix = os.path.join(self.staged, "")

    def create(self, name: str, data: bytes) -> list[int]:
        """Write one new file (``name``: no separator); returns its stamp, which it keeps in place."""
        return _write_file(self._prefix + name, data, os.O_EXCL)

    def commit(self) -> set[str]:
        """Put the files in place; returns the names left out because a file of that name was there."""
        if not os.path.lexists(self.final) and _move_new(self.staged, self.final):
            return set()
        taken = {name for name in sorted(os.listdir(self.staged))
                 if not _move_new(self._prefix + name, os.path.join(self.final, name))}
        self.discard()
        return taken

    def discard(self) -> None:
        _remove_new_folder(self.staged)


def clean_new_folders(final: Path) -> None:
    """Delete the hidden folders :class:`NewFolder` left beside ``final`` in builds that were
    killed. Builds of a project take turns (:mod:`site_src.cache.lock`), so one found now is
    no running build's; only a folder as this program leaves it is deleted, one holding
    nothing but regular files (anything else is someone's, and left alone)."""
    try:
        entries = list(os.scandir(final.parent))
    except OSError:
        return
    stem = f".{final.name}.tmp-"
    for entry in entries:
        if entry.name.startswith(stem) and entry.name[len(stem):].isdigit() and entry.is_dir(follow_symlinks=False):
            _remove_new_folder(Path(entry.path))


def _remove_new_folder(folder: Path) -> None:
    try:
        children = list(os.scandir(folder))
        if any(not child.is_file(follow_symlinks=False) for child in children):
            return  # not as this program leaves one: someone else's
        for child in children:
            os.unlink(child.path)
        folder.rmdir()
    except OSError:
        return


def stamp(path: Path) -> list[int] | None:
    """A file's (mtime_ns, size) as JSON-ready data, or None when it is missing: a file saved since has another."""
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_mtime_ns, st.st_size]


def restamp(path: Path) -> None:
    """Give ``path`` a stamp no earlier state of it had: a later time than it has.

    A build that changes a site in place restamps its index page, so a record kept of an
    earlier state (the cache of a dev server killed before it saved) no longer matches."""
    try:
        before = path.stat().st_mtime_ns
        later = max(time.time_ns(), before + 1)
        os.utime(path, ns=(later, later))
        if path.stat().st_mtime_ns <= before:  # a file system with coarse times: a second on
            os.utime(path, ns=(before + 1_000_000_000,) * 2)
    except OSError:
        return
