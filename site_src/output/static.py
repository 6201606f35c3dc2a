"""Files the user ships as they are: ``static/`` copied into the site's root on every full build.

CNAME, favicon.ico, PDFs, images, nested folders. A static file at the path of a generated
one replaces it, with a warning. Hidden files are skipped, and so are symlinks that point
out of ``static/`` (a link must not publish a file from elsewhere on the machine).
"""
from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath

from site_src.config import Config
from site_src.errors import BuildError, Problem, Report
from site_src.output.write import safe_target


def static_files(config: Config, report: Report | None = None) -> list[tuple[str, Path]]:
    """``(site path, source file)`` for every file under the static folder, sorted by site path."""
    folder = config.root / config.static
    if not folder.is_dir():
        return []
    top = folder.resolve()
    seen = {top}
    found: list[tuple[str, Path]] = []
    for here, dirs, names in os.walk(folder, followlinks=True):
        base = Path(here)
        kept = []
        for name in sorted(dirs):
            path = base / name
            if name.startswith("."):
                continue
            real = path.resolve()
            if not real.is_relative_to(top):
                _skipped_link(path, config, report)
            elif real not in seen:  # a link back up inside static/ is walked once, not forever
                seen.add(real)
                kept.append(name)
        dirs[:] = kept
        for name in names:
            path = base / name
            if name.startswith("."):
                continue
            if path.is_symlink() and not path.resolve().is_relative_to(top):
                _skipped_link(path, config, report)
                continue
            if path.is_file():
                found.append((path.relative_to(folder).as_posix(), path))
    return sorted(found)


def copy_static(staged: Path, config: Config, report: Report) -> int:
    """Copy the static files into a staged site; everything already in it was generated."""
    conflicts: list[Problem] = []
    n = 0
    for rel, source in static_files(config, report):
        shown = _shown(config, rel)
        target = safe_target(staged, rel)
        clash = next((p for p in _ancestors(staged, rel) if p.is_file()), None)
        if clash is not None or target.is_dir():
            what = (clash or target).relative_to(staged).as_posix()
            kind = "file" if clash is not None else "folder"
            conflicts.append(Problem(shown, 0, f"the generated site has a {kind} {what} here "
                                               "(rename or move the static file)"))
            continue
        if target.exists():
            report.warn(shown, 0, f"overrides the generated {rel}")
            target.unlink()
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        n += 1
    if conflicts:
        raise BuildError(conflicts)
    return n


def without_static(files: Iterable[tuple[str, bytes]], config: Config,
                   report: Report) -> Iterator[tuple[str, bytes]]:
    """Rendered outputs minus those a static file replaces, for an incremental build that
    writes into the live site (the full build already put the static file there)."""
    shipped = {rel for rel, _ in static_files(config)}
    for rel, data in files:
        if rel in shipped:
            report.warn(_shown(config, rel), 0, f"overrides the generated {rel}")
            continue
        yield rel, data


def static_digest(config: Config) -> str:
    """Changes whenever a static file is added, removed or touched: the build's settings include it."""
    h = hashlib.sha1()
    for rel, source in static_files(config):
        st = source.stat()
        h.update(f"{rel}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return h.hexdigest()


def _ancestors(staged: Path, rel: str) -> list[Path]:
    parts = PurePosixPath(rel).parts[:-1]
    return [staged.joinpath(*parts[: i + 1]) for i in range(len(parts))]


def _shown(config: Config, rel: str) -> str:
    return (config.static / rel).as_posix()


def _skipped_link(path: Path, config: Config, report: Report | None) -> None:
    if report is not None:
        rel = path.relative_to(config.root / config.static).as_posix()
        report.warn(_shown(config, rel), 0, "skipped: a symlink pointing outside the static folder")
