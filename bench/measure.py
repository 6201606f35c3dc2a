"""Measuring one build: wall time, peak memory, pages, output size, search payload."""
from __future__ import annotations

import gzip
import os
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path


@dataclass(frozen=True)
class Run:
    seconds: float
    max_rss_kb: int  # the largest resident set of the build process or any child it waited for
    returncode: int
    output: str  # stderr + stdout tail, for the report when a build fails
    user: float = 0.0  # CPU seconds in user mode, of the process and every child it waited for
    system: float = 0.0  # and in the kernel (file creation, page faults)


def timed(cmd: list[str], cwd: Path, timeout: float, env: dict[str, str] | None = None) -> Run:
    """Run ``cmd`` and measure it with ``wait4``, as ``/usr/bin/time -v`` does."""
    log = cwd / ".bench-output.log"
    with log.open("w+b") as sink:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=sink, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, env=env)
        killer = threading.Timer(timeout, proc.kill)
        killer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        killer.cancel()
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        sink.seek(0)
        tail = sink.read()[-4000:].decode("utf-8", "replace")
    log.unlink()
    return Run(seconds, usage.ru_maxrss, proc.returncode, tail, usage.ru_utime, usage.ru_stime)


@dataclass(frozen=True)
class Output:
    pages: int  # .html files written
    bytes: int  # every file in the output folder
    search_gz: int | None  # gzip bytes a visitor downloads before the first search result


def html_count_and_size(out: Path) -> tuple[int, int]:
    pages = size = 0
    for folder, _, files in os.walk(out):
        for name in files:
            size += os.path.getsize(os.path.join(folder, name))
            pages += name.endswith(".html")
    return pages, size


def gzip_size(paths: list[Path]) -> int:
    return sum(len(gzip.compress(p.read_bytes(), compresslevel=6)) for p in paths)


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.srcs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        src = dict(attrs).get("src")
        if tag == "script" and src:
            self.srcs.append(src)


def page_scripts(page: Path) -> list[Path]:
    """The local scripts an HTML page loads, as files next to it."""
    parser = _Scripts()
    parser.feed(page.read_text(encoding="utf-8", errors="replace"))
    found = []
    for src in parser.srcs:
        if "://" in src or src.startswith("//"):
            continue
        path = (page.parent / src.split("?")[0].split("#")[0]).resolve()
        if path.is_file():
            found.append(path)
    return found


def ours_search_files(out: Path) -> list[Path]:
    """What our search page loads; before it exists, the assets named like search files."""
    for candidate in (out / "search.html", out / "search" / "index.html"):
        if candidate.is_file():
            scripts = page_scripts(candidate)
            if scripts:
                return scripts
    globbed = sorted({*out.glob("assets/search*.js"), *out.glob("assets/search*.json"),
                      *out.rglob("lunr*.js")})
    return globbed


def mkdocs_search_files(out: Path) -> list[Path]:
    """The default theme's search: main.js starts worker.js, which loads lunr and the index."""
    return sorted(p for p in (out / "search").glob("*") if p.suffix in (".js", ".json"))


def measure_output(out: Path, search_files: list[Path] | None) -> Output:
    pages, size = html_count_and_size(out)
    return Output(pages, size, gzip_size(search_files) if search_files else None)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")
