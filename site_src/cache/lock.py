"""One build at a time in a project, and one long-lived builder.

Two builds writing the same output and cache at once would each record a site the other
changed, and the next incremental build would trust a record that is not the site on
disk. So a build holds an exclusive lock on ``.cache/build.lock`` from its first read to
its last write; a second one says whose build it waits for, then waits. The lock is the
kernel's (``flock``): a build that is killed releases it with its last file.

The dev server and the warm build process keep the cache in memory between builds and
trust it; two of them at once would each trust a record the other made stale, so each
holds ``.cache/live.lock`` while it runs, and a second is refused (or waits).
"""
from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # not a POSIX system: builds are not serialised
    fcntl = None  # type: ignore[assignment]

NAME = "build.lock"
LIVE = "live.lock"


@contextmanager
def one_build(cache_dir: Path) -> Iterator[None]:
    """Hold the project's build lock for the ``with`` block, waiting for it if another build has it."""
    def busy(holder: str) -> None:
        print(f"waiting for another build of this project to finish ({holder})", file=sys.stderr, flush=True)

    with _held(cache_dir / NAME, f"pid {os.getpid()}", busy):
        yield


@contextmanager
def one_live(cache_dir: Path, what: str, wait: bool = False) -> Iterator[None]:
    """Be the project's one long-lived builder (``what``: the dev server, the warm build process).

    A second is refused with the first one's name; with ``wait``, it waits for it to end."""
    def busy(holder: str) -> None:
        if not wait:
            raise SystemExit(f"the {holder} already runs for this project and keeps its build cache: stop it first")
        print(f"waiting for the {holder} to stop", file=sys.stderr, flush=True)

    with _held(cache_dir / LIVE, f"{what} (pid {os.getpid()})", busy):
        yield


@contextmanager
def _held(path: Path, label: str, busy: Callable[[str], None]) -> Iterator[None]:
    """An exclusive flock on ``path`` with ``label`` written in it; ``busy(holder's label)`` first if taken."""
    if fcntl is None:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            f.seek(0)
            busy(f.read().strip() or "another process")
            fcntl.flock(f, fcntl.LOCK_EX)
        f.seek(0)
        f.truncate()
        f.write(label)
        f.flush()
        try:
            yield
        finally:
            f.seek(0)
            f.truncate()
            f.flush()
            fcntl.flock(f, fcntl.LOCK_UN)
