"""Source readers: each turns one kind of input file into :class:`~site_src.model.Record` s.

To add a reader, write ``read(path, shown, config, report) -> list[Record]`` in a module
here and add its file suffixes to ``READERS``.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from site_src.config import Config
from site_src.errors import Report
from site_src.model import Record
from site_src.sources import bibtex, dailypapers, records
from site_src.textfile import shown_path

Reader = Callable[[Path, str, Config, Report], list[Record]]
READERS: Mapping[str, Reader] = MappingProxyType({".txt": dailypapers.read, ".bib": bibtex.read,
                              ".yaml": records.read, ".yml": records.read, ".json": records.read})


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


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One input file, as the build found it; ``key`` changes whenever reading it could give another result."""

    path: Path
    shown: str
    key: str


def source_files_of(config: Config, report: Report) -> list[SourceFile]:
    """The source files to read, each with its key; files no reader takes are warned about."""
    folder = config.root / config.seeds
    for path in skipped_files(folder):
        report.warn(shown_path(path, config.root), 0, f"not a source file (readers: {', '.join(sorted(READERS))}); "
                    f"skipped (rename it, or move it out of {config.seeds})")
    settings = repr(sorted(config.collections.items()))  # what a reader reads of the config
    found = []
    for path in source_files(folder):
        st = path.stat()
        found.append(SourceFile(path, shown_path(path, config.root),
                                f"{path}|{st.st_mtime_ns}|{st.st_size}|{settings}"))
    report.count("files read", len(found))
    stems = {f.path.stem for f in found}
    for cid in config.collections:
        if cid not in stems:
            report.warn(config.config_path, 0, f"collections: '{cid}' names no file in {config.seeds}/ "
                        f"(the files there: {', '.join(sorted(stems)) or 'none'}); its settings are unused")
    return found


def read_source(source: SourceFile, config: Config, report: Report) -> list[Record]:
    """The records of one source file, by the reader of its suffix."""
    records = READERS[source.path.suffix.lower()](source.path, source.shown, config, report)
    report.count("records read", len(records))
    return records


def read_sources(config: Config, report: Report) -> list[Record]:
    """Every record of every source file (the pipeline reads them one file at a time)."""
    return [r for f in source_files_of(config, report) for r in read_source(f, config, report)]
