"""What the last build knew: kept in memory while serving, on disk (``.cache/``) between runs.

The cache is an optimisation only: every entry is keyed by what it was computed from
(a file's size and modification time, the generator's own code and templates, the
config), so a stale entry is never used, and ``--clean`` ignores it all.
"""
from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from site_src.errors import Problem, Report

FORMAT = 3  # bump when the cached objects change shape
CODE_ROOT = Path(__file__).resolve().parents[1]
Stamp = tuple[int, int]  # (mtime_ns, size)


def stamp(path: Path) -> Stamp | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


def tree_digest(*folders: Path) -> str:
    """A digest of every file's bytes under ``folders`` (the generator and its templates)."""
    h = hashlib.sha1()
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                h.update(str(path.relative_to(folder)).encode())
                h.update(path.read_bytes())
    return h.hexdigest()


@dataclass
class FileMemo:
    """Per input file: what reading it gave, and the problems it had, by its stamp."""

    entries: dict[str, tuple[Stamp, Any, list[Problem], dict[str, int]]] = field(default_factory=dict)

    def read(self, path: Path | str, report: Report, compute: Any, now: Stamp | None = None) -> Any:
        """``compute(sub_report)`` on a miss; on a hit the cached result and its problems."""
        key = str(path)
        now = now or stamp(Path(path))
        hit = self.entries.get(key)
        if hit is not None and now is not None and hit[0] == now:
            _, value, problems, counts = hit
        else:
            sub = Report()
            value = compute(sub)
            problems, counts = sub.problems, sub.counts
            if now is not None:
                self.entries[key] = (now, value, problems, counts)
        if problems:
            report.problems.extend(problems)
        for name, n in counts.items():
            report.count(name, n)
        return value

    def forget_missing(self, alive: set[str]) -> None:
        for key in [k for k in self.entries if k not in alive]:
            del self.entries[key]


@dataclass
class BuildState:
    """Everything an incremental build compares against."""

    settings: str = ""  # digest of code, templates, config and taxonomy
    sources: FileMemo = field(default_factory=FileMemo)
    pages: FileMemo = field(default_factory=FileMemo)
    tags: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)  # (title, abstract) -> tags
    text_key: str = ""  # digest of what cross-links are computed from
    links: Any = None  # CrossLinks of the last build
    papers: dict[str, Any] = field(default_factory=dict)  # slug -> final Paper of the last build
    inputs: dict[str, Stamp] = field(default_factory=dict)  # every input file after the last build
    outputs: set[str] = field(default_factory=set)  # non-empty once a whole site was written
    out_stamp: Stamp | None = None  # of the output folder's index.html when the last build ended
    links_used: Any = None  # the CrossLinks the last site was rendered with
    link_notes: list[str] = field(default_factory=list)
    tag_ids: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)  # replayed when nothing changed
    paper_count: int = 0
    merged: Any = None  # (ids of the records, papers, problems, count) of the last merge
    bib_keys: Any = None  # slug -> citation key of the last build
    synced: dict[str, Any] = field(default_factory=dict)  # content.sync_content's memo
    tagged: dict[str, Any] = field(default_factory=dict)  # slug -> (untagged paper, tagged paper)


@dataclass
class Summary:
    """The little a no-change rebuild needs, in a file of its own (the state is ~4 KB a paper)."""

    settings: str
    inputs: dict[str, Stamp]
    out_stamp: Stamp | None
    problems: list[Problem]
    paper_count: int


_MEMORY: dict[str, BuildState] = {}


def cache_file(cache_dir: Path) -> Path:
    return cache_dir / f"build-v{FORMAT}.pickle"


def summary_file(cache_dir: Path) -> Path:
    return cache_dir / f"summary-v{FORMAT}.pickle"


def load_summary(cache_dir: Path) -> Summary | None:
    state = _MEMORY.get(str(cache_dir.resolve()))
    if state is not None:
        return Summary(state.settings, state.inputs, state.out_stamp, state.problems, state.paper_count)
    try:
        with summary_file(cache_dir).open("rb") as f:
            summary = pickle.load(f)
        return summary if isinstance(summary, Summary) else None
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return None


def load_state(cache_dir: Path) -> BuildState:
    key = str(cache_dir.resolve())
    if key in _MEMORY:
        return _MEMORY[key]
    try:
        with cache_file(cache_dir).open("rb") as f:
            state = pickle.load(f)
        if isinstance(state, BuildState):
            _MEMORY[key] = state
            return state
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        pass  # no cache, or one from another version: build from scratch
    return BuildState()


def remember(cache_dir: Path, state: BuildState) -> None:
    """Keep the state in memory (the dev server builds again and again in one process)."""
    _MEMORY[str(cache_dir.resolve())] = state


def save_state(cache_dir: Path, state: BuildState) -> None:
    remember(cache_dir, state)
    cache_dir.mkdir(parents=True, exist_ok=True)
    summary = Summary(state.settings, state.inputs, state.out_stamp, state.problems, state.paper_count)
    for target, value in ((cache_file(cache_dir), state), (summary_file(cache_dir), summary)):
        tmp = target.with_suffix(f".tmp-{os.getpid()}")
        with tmp.open("wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)


def forget(cache_dir: Path) -> None:
    _MEMORY.pop(str(cache_dir.resolve()), None)
