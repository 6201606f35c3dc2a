"""Watch the survey's inputs and rebuild once per burst of changes, on one worker thread.

A burst (an editor's write-temp-then-rename, a ``git checkout`` touching hundreds of files)
becomes one build: the worker waits for 100 ms of quiet, or 1 s after the first change at
most. A change that arrives while a build runs schedules exactly one more build.

A build must never trigger itself. Its output, cache and temporary ``_site.*`` folders are
ignored by name. The build may also write ``content/*.md`` (which the watcher must watch,
since a person edits them), so each changed file's bytes are compared with what was last
seen: a build that rewrites a file unchanged causes nothing, and one that writes new
content causes at most one more build, which then writes the same bytes.
"""
from __future__ import annotations

import hashlib
import os
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from site_src.config import Config

QUIET = 0.1  # seconds without a change before a burst counts as over
MAX_WAIT = 1.0  # seconds after a burst's first change when the build starts anyway

_IGNORED_NAMES = {"4913", ".DS_Store", "__pycache__", ".git", ".hg", ".svn", ".ruff_cache",
                  ".mypy_cache", ".pytest_cache", "node_modules", ".venv"}
_IGNORED_SUFFIXES = (".swp", ".swo", ".swx", "~", ".tmp", ".temp", ".part", ".crdownload", ".pyc")


class ChangeFilter:
    """Decides which paths are inputs of the build; everything else is ignored."""

    def __init__(self, config: Config) -> None:
        root = config.root.resolve()
        self.root = root
        folders = [root / config.seeds, root / config.content, root / "templates", root / config.static]
        if config.templates is not None:
            folders.append(root / config.templates)
        self.folders = tuple(dict.fromkeys(Path(os.path.abspath(f)) for f in folders))
        self.files = tuple(dict.fromkeys(Path(os.path.abspath(root / name)) for name in
                                         (config.config_path, "site.yaml", config.taxonomy)))
        self.outputs = (Path(os.path.abspath(root / config.out)), Path(os.path.abspath(root / config.cache)))
        self.out_name = Path(config.out).name

    def wants(self, path: str | Path) -> bool:
        p = Path(os.path.abspath(path))
        if any(p.is_relative_to(o) for o in self.outputs):
            return False
        if p in self.files:
            return True
        inside = next((f for f in self.folders if p.is_relative_to(f)), None)
        if inside is None:
            return False
        return not any(_ignored_name(part, self.out_name) for part in p.relative_to(inside).parts)


def _ignored_name(name: str, out_name: str) -> bool:
    return (name in _IGNORED_NAMES or name.startswith(".#") or name.endswith(_IGNORED_SUFFIXES)
            or name.startswith(out_name + ".") or name == ".cache")


class Rebuilder:
    """Runs ``build(paths)`` on its own thread, once per debounced burst of ``notify`` calls.

    ``paths``: every path the burst named (the build may look at just those)."""

    def __init__(self, build: Callable[[frozenset[str]], object], quiet: float = QUIET, max_wait: float = MAX_WAIT) -> None:
        self._build = build
        self._quiet = quiet
        self._max_wait = max_wait
        self._cond = threading.Condition()
        self._pending: set[Path] = set()
        self._first = 0.0
        self._last = 0.0
        self._closed = False
        self._seen: dict[Path, str | None] = {}
        self.builds = 0
        self._thread = threading.Thread(target=self._run, name="rebuild", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def remember(self, paths: Iterable[Path]) -> None:
        """Record the current bytes of ``paths``, so only a real change to them rebuilds."""
        for path in paths:
            self._seen[path] = _digest(path)

    def notify(self, path: str | Path) -> None:
        now = time.monotonic()
        with self._cond:
            if not self._pending:
                self._first = now
            self._pending.add(Path(path))
            self._last = now
            self._cond.notify_all()

    def close(self, timeout: float = 5.0) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            batch = self._next_burst()
            if batch is None:
                return
            if self._changed(batch):
                self.builds += 1
                try:
                    self._build(frozenset(str(p) for p in batch))
                except Exception:  # the worker must outlive a bug in one build
                    traceback.print_exc()

    def _next_burst(self) -> set[Path] | None:
        with self._cond:
            while not self._closed:
                if self._pending:
                    now = time.monotonic()
                    due = min(self._last + self._quiet, self._first + self._max_wait)
                    if now >= due:
                        batch, self._pending = self._pending, set()
                        return batch
                    self._cond.wait(due - now)
                else:
                    self._cond.wait()
            return None

    def _changed(self, batch: set[Path]) -> bool:
        changed = False
        for path in batch:
            now = _digest(path)
            if path not in self._seen or self._seen[path] != now:
                changed = True
            self._seen[path] = now
        return changed


def _digest(path: Path) -> str | None:
    """A fingerprint of a file's bytes; None for a missing file, the folder marker for one."""
    try:
        if path.is_dir():
            return "folder"
        return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    except OSError:
        return None


class _Forward(FileSystemEventHandler):
    def __init__(self, on_path: Callable[[str], None]) -> None:
        self._on_path = on_path

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return  # reading a file (the build does) is not a change
        if event.is_directory and event.event_type == "modified":
            return  # a folder's own mtime; the file events inside it are what count
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            if raw:
                self._on_path(os.fsdecode(raw))


class SourceWatcher:
    """Watches the configured input folders and files with watchdog; feeds a Rebuilder."""

    def __init__(self, config: Config, rebuilder: Rebuilder) -> None:
        self.filter = ChangeFilter(config)
        self._rebuilder = rebuilder
        self._observer = Observer()
        self._watched: set[Path] = set()
        self._lock = threading.Lock()

    def start(self) -> None:
        handler = _Forward(self._on_path)
        # The root, not recursively: site.yaml, taxonomy.yaml, and input folders created later.
        roots = {self.filter.root} | {f.parent for f in self.filter.files}
        for folder in roots:
            if folder.is_dir():
                self._observer.schedule(handler, str(folder), recursive=False)
        self._handler = handler
        self._watch_folders()
        self._rebuilder.remember(p for p in self._input_files())
        self._observer.start()

    def stop(self) -> None:
        self._observer.stop()
        self._observer.join(5.0)

    def _watch_folders(self) -> None:
        with self._lock:
            for folder in self.filter.folders:
                if folder not in self._watched and folder.is_dir():
                    self._observer.schedule(self._handler, str(folder), recursive=True)
                    self._watched.add(folder)

    def _input_files(self) -> Iterable[Path]:
        yield from (f for f in self.filter.files if f.is_file())
        for folder in self.filter.folders:
            for dirpath, dirnames, filenames in os.walk(folder):
                dirnames[:] = [d for d in dirnames if not _ignored_name(d, self.filter.out_name)]
                for name in filenames:
                    path = Path(dirpath, name)
                    if self.filter.wants(path):
                        yield path

    def _on_path(self, raw: str) -> None:
        path = Path(raw)
        if path in self.filter.folders and path not in self._watched:
            self._watch_folders()  # e.g. the first build created content/
        if self.filter.wants(path):
            self._rebuilder.notify(path)
