"""The last build's summary: when no input, setting or output changed, there is nothing to do.

A build from the command line ends by writing what it read (every input file's stamp),
the settings it ran with, the stamp of the site it made, and the problems it reported.
The next one first compares those: all equal, it replays the problems and stops. This
module imports no stage (no numpy, jinja2 or markdown), so that check costs a few stats,
not the half second the stages take to import.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from site_src.cache.memo import load_json, write_json
from site_src.config import Config
from site_src.errors import Problem, Report
from site_src.files import PROJECT_TEMPLATES, stamp
from site_src.output.static import static_digest
from site_src.version import code_digest, tree_digest

__all__ = ["Check", "check", "code_digest", "input_stamps", "save", "settings_digest"]

FILE = "summary-v5.json"


@dataclass(frozen=True)
class Check:
    """What the check read: reused by the build that follows when something did change."""

    settings: str
    inputs: dict[str, list[int]]
    papers: int | None  # the last build's papers when nothing changed; else None
    last_inputs: dict[str, list[int]] | None = None  # the last build's inputs, if it had these settings


def check(config: Config, report: Report) -> Check:
    """Compare the inputs, settings and output with the last build's; replay its report if all are equal."""
    settings = settings_digest(config)
    inputs = input_stamps(config)
    out = config.root / config.out
    summary = load_json(config.root / config.cache / FILE)
    last = summary.get("inputs") if isinstance(summary, dict) and summary.get("settings") == settings else None
    if last == inputs and summary.get("out") == stamp(out / "index.html"):
        for path, line, message, warning in summary.get("problems", []):
            report.add(Problem(path, line, message, warning))
        for name, n in summary.get("counts", {}).items():
            report.count(name, n)
        report.notes.append("nothing changed since the last build")
        return Check(settings, inputs, int(summary.get("papers", 0)))
    return Check(settings, inputs, None, last if isinstance(last, dict) else None)


def save(config: Config, done: Check, written: list[str], papers: int, report: Report) -> None:
    """What the next :func:`check` compares with; ``written``: inputs this build wrote itself."""
    inputs = dict(done.inputs)
    for path in written:  # the build's own writes; a file the user saved meanwhile keeps its old stamp
        inputs[path] = stamp(Path(path))  # type: ignore[assignment]
    write_json(config.root / config.cache / FILE, {
        "settings": done.settings, "inputs": inputs, "out": stamp(config.root / config.out / "index.html"),
        "papers": papers, "problems": [[p.path, p.line, p.message, p.warning] for p in report.problems],
        "counts": report.counts})


def settings_digest(config: Config) -> str:
    """What every output depends on: the generator, its templates, the config and static files."""
    h = hashlib.blake2b(digest_size=16)
    h.update(code_digest().encode())  # the code this process runs: read once
    h.update(tree_digest(PROJECT_TEMPLATES).encode())  # the templates, as they are now
    if config.templates:
        h.update(tree_digest(config.root / config.templates).encode())
    h.update(repr(config).encode())
    h.update(static_digest(config).encode())  # a changed static file: a full build
    try:
        h.update((config.root / config.config_path).read_bytes())
    except OSError:
        h.update(b"-")
    return h.hexdigest()


def input_stamps(config: Config) -> dict[str, list[int]]:
    """Every input file's (mtime_ns, size): equal stamps and settings, nothing to do."""
    stamps: dict[str, list[int]] = {}
    for folder in (config.root / config.seeds, config.root / config.content / "papers"):
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.is_file():
                st = entry.stat()
                stamps[entry.path] = [st.st_mtime_ns, st.st_size]
    st_path = stamp(config.root / config.taxonomy)
    if st_path is not None:
        stamps[str(config.root / config.taxonomy)] = st_path
    return stamps
