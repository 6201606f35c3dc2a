"""Writing the site atomically: build a new folder beside the old, swap only on success.

A build that fails or is killed half-way leaves the previous site untouched; every
path is checked to land inside the output folder before anything is written.
"""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from site_src.errors import BuildError, Problem


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


def staging_dir(out: Path) -> Path:
    return out.with_name(f"{out.name}.tmp-{os.getpid()}")


def write_files(base: Path, files: Iterable[tuple[str, bytes]]) -> int:
    made: set[Path] = set()
    checked: dict[Path, bool] = {}
    n = 0
    for rel, data in files:
        target = safe_target(base, rel, checked)
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_bytes(data)
        n += 1
    return n


def write_in_place(base: Path, files: Iterable[tuple[str, bytes]]) -> int:
    """An incremental build: replace single files of the live site, each atomically,
    after every one of them was rendered (a failure before this point writes nothing)."""
    ready = list(files)
    n = 0
    for rel, data in ready:
        target = safe_target(base, rel)
        try:
            if target.read_bytes() == data:
                continue
        except FileNotFoundError:
            target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, data)
        n += 1
    return n


def write_atomic(target: Path, data: bytes) -> None:
    """Replace one file whole: a build killed mid-write leaves the old bytes, not half of the new."""
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")  # hidden: never read as a page
    try:
        tmp.write_bytes(data)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def copy_assets(base: Path, folders: list[Path]) -> None:
    """Static assets: the project's first, then the user's on top (same name wins)."""
    for folder in folders:
        if folder.is_dir():
            shutil.copytree(folder, base / "assets", dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("*.md", ".*"))


def swap_in(staged: Path, out: Path) -> None:
    """Replace ``out`` with ``staged``; the old site stays until the new one is in place."""
    old = out.with_name(f"{out.name}.old-{os.getpid()}")
    if out.exists():
        out.rename(old)
    staged.rename(out)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def clean_stale(out: Path) -> None:
    """Remove staging folders left by builds that were killed."""
    for pattern in (f"{out.name}.tmp-*", f"{out.name}.old-*"):
        for stale in out.parent.glob(pattern):
            pid = stale.name.rsplit("-", 1)[-1]
            if pid.isdigit() and _alive(int(pid)) and int(pid) != os.getpid():
                continue
            shutil.rmtree(stale, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True
