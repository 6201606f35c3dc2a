"""One build at a time in a project: the command line's and the dev server's.

Two builds writing the same output and cache at once would each record a site the other
changed, and the next incremental build would trust a record that is not the site on
disk. So a build holds an exclusive lock on ``.cache/build.lock`` from its first read to
its last write; a second one says whose build it waits for, then waits. The lock is the
kernel's (``flock``): a build that is killed releases it with its last file.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # not a POSIX system: builds are not serialised
    fcntl = None  # type: ignore[assignment]

NAME = "build.lock"


@contextmanager
def one_build(cache_dir: Path) -> Iterator[None]:
    """Hold the project's build lock for the ``with`` block, waiting for it if another build has it."""
    if fcntl is None:
        yield
        return
    cache_dir.mkdir(parents=True, exist_ok=True)
    with open(cache_dir / NAME, "a+", encoding="utf-8") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            f.seek(0)
            holder = f.read().strip() or "another process"
            print(f"waiting for another build of this project to finish ({holder})", file=sys.stderr, flush=True)
            fcntl.flock(f, fcntl.LOCK_EX)
        f.seek(0)
        f.truncate()
        f.write(f"pid {os.getpid()}")
        f.flush()
        try:
            yield
        finally:
            f.seek(0)
            f.truncate()
            f.flush()
            fcntl.flock(f, fcntl.LOCK_UN)
