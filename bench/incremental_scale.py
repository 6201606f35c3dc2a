#!/usr/bin/env python3
"""Incremental rebuilds on an N-paper site, each a separate ``build.py build`` process.

    python bench/incremental_scale.py [N] [--runs 5] [--keep DIR] [--warm]

Generates N papers with ``gen_corpus.py``, builds them cold once, then times, ``--runs``
times each: a rebuild with nothing changed; one paper's notes edited (a different page
each run); one new paper appended to a seed file; and that paper removed again (from the
seed file, and its generated page deleted, without which the build keeps the paper). Every
build is a new process (start-up and loading ``.cache/`` included). Files written are
counted by comparing ``mtime_ns`` of every file in ``_site/`` and ``content/`` before and
after the build (new files count as written; removed ones are counted apart). Prints a
Markdown table of medians. ``--warm``: after the cold build, ``build.py warm`` is started
in the project, so each ``build.py build`` is answered by it (the client's start-up
included in the times; its own start and first build are not).
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(BENCH), str(ROOT)]

import gen_corpus  # noqa: E402
import measure  # noqa: E402

from site_src.serve.warm import start_in_background  # noqa: E402

NEW_PAPER = ("Benchmark Paper {i}: Selective State Space Models for Remote Sensing Scene Classification\n\n"
             "We propose a selective state space model for remote sensing scene classification. "
             "Satellite images are scanned in four directions; experiment {i} adds a paper to a seed file.\n\n"
             "  • 3 authors\n·\nJan 7, 2024 2\n\n")


WARM: list[subprocess.Popen[bytes]] = []  # the warm process, when --warm


def start_warm(project: Path, *options: str) -> subprocess.Popen[bytes]:
    """``build.py warm`` in ``project`` (with the build's ``options``), once it answers builds."""
    try:
        return start_in_background(project, "--idle", "120", *options, log=project / "warm.log", timeout=1800)
    except RuntimeError as exc:
        raise SystemExit(str(exc)) from None


@dataclass(frozen=True)
class Sample:
    seconds: float
    rss_kb: int
    site_written: int
    site_removed: int
    content_written: int
    content_removed: int
    path: str  # what the build said it did: incremental, nothing, or full


def stamps(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def written(before: dict[str, int], after: dict[str, int]) -> tuple[int, int]:
    changed = sum(1 for name, ns in after.items() if before.get(name) != ns)
    return changed, sum(1 for name in before if name not in after)


def build_once(project: Path, *extra: str, timeout: float = 3600) -> Sample:
    site, content = project / "_site", project / "content"
    site_before, content_before = stamps(site), stamps(content)
    run = measure.timed([sys.executable, str(ROOT / "build.py"), "build", *extra], project, timeout)
    if run.returncode != 0:
        raise SystemExit(f"build failed (exit {run.returncode}):\n{run.output}")
    site_w, site_r = written(site_before, stamps(site))
    content_w, content_r = written(content_before, stamps(content))
    if "by the warm build process" not in run.output and WARM:
        raise SystemExit(f"the build was not answered by the warm process:\n{run.output}")
    if "nothing changed since the last build" in run.output:
        path = "nothing to do"
    elif "incremental:" in run.output:
        path = "incremental"
    else:
        path = "full"
    return Sample(run.seconds, run.max_rss_kb, site_w, site_r, content_w, content_r, path)


def make_project(n: int, project: Path) -> list[Path]:
    project.mkdir(parents=True, exist_ok=True)
    for stale in ("_site", "content", ".cache"):
        shutil.rmtree(project / stale, ignore_errors=True)
    shutil.copy2(ROOT / "taxonomy.yaml", project / "taxonomy.yaml")
    (project / "site.yaml").write_text(
        "title: Incremental benchmark\nurl: https://example.org/survey/\n", encoding="utf-8")
    return gen_corpus.write_corpus(n, project / "seeds")


def row(name: str, samples: list[Sample]) -> str:
    def med(values: list[float]) -> float:
        return measure.median(values)

    paths = sorted({s.path for s in samples})
    removed = med([s.site_removed for s in samples]), med([s.content_removed for s in samples])
    return (f"| {name} | {med([s.seconds for s in samples]):.2f} | {min(s.seconds for s in samples):.2f}"
            f"–{max(s.seconds for s in samples):.2f} | {max(s.rss_kb for s in samples) / 1024:.0f} "
            f"| {med([s.site_written for s in samples]):.0f} | {med([s.content_written for s in samples]):.0f} "
            f"| {removed[0]:.0f} / {removed[1]:.0f} | {', '.join(paths)} |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", type=int, nargs="?", default=10_000, help="papers (default 10000)")
    ap.add_argument("--runs", type=int, default=5, help="runs per change (default 5)")
    ap.add_argument("--keep", type=Path, help="project folder to use and keep (default: a temporary one)")
    ap.add_argument("--warm", action="store_true", help="answer the builds by `build.py warm`, started after the cold one")
    args = ap.parse_args(argv)
    project = args.keep or Path(tempfile.mkdtemp(prefix="incremental-bench-"))
    try:
        seeds = make_project(args.n, project)
        print(f"{args.n} papers in {len(seeds)} seed files, project {project}", file=sys.stderr, flush=True)
        (project / "_site").mkdir()
        (project / "content").mkdir()
        cold = build_once(project, "--clean")
        print(f"cold build: {cold.seconds:.2f} s", file=sys.stderr, flush=True)
        if args.warm:
            WARM.append(start_warm(project))
        pages = sorted((project / "content/papers").glob("*.md"))
        results: dict[str, list[Sample]] = {"no change": [], "one paper's notes edited": [],
                                           "one paper added to a seed file": [], "that paper removed again": []}
        for i in range(args.runs):
            results["no change"].append(build_once(project))
            page = pages[(i * 7919) % len(pages)]
            with page.open("a", encoding="utf-8") as f:
                f.write(f"\nBenchmark edit {i}: a sentence added to the notes.\n")
            results["one paper's notes edited"].append(build_once(project))
            seed = seeds[i % len(seeds)]
            original = seed.read_bytes()
            known = set((project / "content/papers").glob("*.md"))
            seed.write_bytes(original + NEW_PAPER.format(i=i).encode("utf-8"))
            results["one paper added to a seed file"].append(build_once(project))
            added = set((project / "content/papers").glob("*.md")) - known
            if len(added) != 1:
                raise SystemExit(f"expected one new content page, found {sorted(map(str, added))}")
            # Gone from its source, a paper stays while its page exists (the build warns), so a
            # removal deletes the page too.
            seed.write_bytes(original)
            added.pop().unlink()
            results["that paper removed again"].append(build_once(project))
            print(f"run {i + 1}/{args.runs} done", file=sys.stderr, flush=True)
        print(f"\n{args.n} papers, {args.runs} runs each{', through build.py warm' if args.warm else ''}, "
              f"cold build {cold.seconds:.2f} s "
              f"({cold.site_written} files in _site/, {cold.content_written} in content/)\n")
        print("| change | median s | range s | peak RSS MB | _site/ files written | content/ files written "
              "| removed (_site/ / content/) | build path |")
        print("|---|---:|---:|---:|---:|---:|---:|---|")
        for name, samples in results.items():
            print(row(name, samples))
    finally:
        for proc in WARM:
            proc.terminate()
            proc.wait()
        if args.keep is None:
            shutil.rmtree(project, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
