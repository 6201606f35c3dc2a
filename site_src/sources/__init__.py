"""Source readers: each turns one kind of input file into :class:`~site_src.model.Record` s.

To add a reader, write ``read(path, shown, config, report) -> list[Record]`` in a module
here and register its file suffixes in ``READERS``.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from site_src.cache.state import FileMemo
from site_src.config import Config
from site_src.errors import Report
from site_src.model import Record
from site_src.sources import bibtex, dailypapers, records
from site_src.textfile import shown_path

Reader = Callable[[Path, str, Config, Report], list[Record]]
READERS: dict[str, Reader] = {".txt": dailypapers.read, ".bib": bibtex.read,
                              ".yaml": records.read, ".yml": records.read, ".json": records.read}


def register(suffix: str, reader: Reader) -> None:
    READERS[suffix] = reader


def source_files(folder: Path) -> list[Path]:
    """Input files in ``folder``, sorted by name; a README is documentation, not input."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and p.suffix.lower() in READERS and not p.name.lower().startswith("readme"))


def skipped_files(folder: Path) -> list[Path]:
    """Files in ``folder`` no reader takes; a README and hidden files are left out quietly."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() not in READERS
                  and not p.name.lower().startswith("readme") and not p.name.startswith("."))


def read_sources(config: Config, report: Report, memo: FileMemo | None = None) -> list[Record]:
    folder = config.root / config.seeds
    for path in skipped_files(folder):
        report.warn(shown_path(path, config.root), 0, f"not a source file (readers: {', '.join(sorted(READERS))}); "
                    f"skipped (rename it, or move it out of {config.seeds})")
    records: list[Record] = []
    for path in source_files(folder):
        shown = shown_path(path, config.root)
        reader = READERS[path.suffix.lower()]
        if memo is None:
            got = reader(path, shown, config, report)
        else:
            got = memo.read(path, report, lambda sub, p=path, s=shown, r=reader: r(p, s, config, sub))
        report.count("files read")
        records.extend(got)
    report.count("records read", len(records))
    return records
