"""Replacing one file whole, from any stage: a reader sees the old bytes or the new, never half.

A build killed mid-write leaves the old file; a file the user edited while the build ran
is left as the user wrote it (:func:`replace_if_unchanged`).
"""
from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

CODE_ROOT = Path(__file__).resolve().parent  # the generator's code: every output depends on it
PROJECT_TEMPLATES = CODE_ROOT / "bundled_templates"  # the templates and assets it ships


def _temp_beside(target: Path) -> Path:
    return target.with_name(f".{target.name}.tmp-{os.getpid()}")  # hidden: never read as a page


def write_atomic(target: Path, data: bytes) -> None:
    """Replace one file whole: a build killed mid-write leaves the old bytes, not half of the new."""
    with open_atomic(target) as f:
        f.write(data)


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


def replace_if_unchanged(target: Path, data: bytes, expected: bytes | None) -> bool:
    """Replace ``target`` with ``data`` only if it still holds ``expected`` (``None``: it must
    not exist); False, with nothing written, when someone changed it since it was read.

    The new bytes are written beside it first, so only a read and a rename lie between the
    check and the replacement; creating a file that must not exist has no window at all (a
    hard link fails if the name was taken meanwhile)."""
    tmp = _temp_beside(target)
    try:
        tmp.write_bytes(data)
        if expected is None:
            return _create_exclusive(tmp, target)
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


def _create_exclusive(tmp: Path, target: Path) -> bool:
    try:
        os.link(tmp, target)
    except FileExistsError:
        return False
    except OSError:  # a file system without hard links: the short check-then-rename window
        if os.path.lexists(target):
            return False
        os.replace(tmp, target)
    return True


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
