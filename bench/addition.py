#!/usr/bin/env python3
"""One paper added, edited and removed on an N-paper site, as the dev server builds them.

    python bench/addition.py PROJECT [--runs 5] [--profile FILE]

PROJECT is a folder with ``seeds/`` (``gen_corpus.py N PROJECT/seeds`` makes one; copy
``taxonomy.yaml`` beside it). In this one process, with one in-memory memo as the dev
server keeps it, the script builds once (the server's first build, not timed), then
``--runs`` times: appends a new paper to a seed file and builds with that file as the
watcher's change; appends a line to one content page's notes and builds; removes the
paper again (from the seed and its generated page) and builds. Each build's wall time is
``build_site``'s, the time the dev server spends before it sends ``reload``. Prints each
run and the medians of wall and CPU time. ``--profile FILE`` saves a cProfile of the additions (for pstats).
"""
from __future__ import annotations

import argparse
import cProfile
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from site_src.cache.memo import Memo  # noqa: E402
from site_src.config import load_config  # noqa: E402
from site_src.errors import Report  # noqa: E402
from site_src.heap import building  # noqa: E402
from site_src.pipeline import build_site  # noqa: E402

NEW_PAPER = ("Addition Benchmark {i}: Selective State Space Models for Remote Sensing Scene Classification\n\n"
             "We propose a selective state space model for remote sensing scene classification. "
             "Satellite images are scanned in four directions; run {i} adds one paper to a seed file.\n\n"
             "  • 3 authors\n·\nJan 7, 2024 2\n\n")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("project", type=Path)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--profile", type=Path, help="save a cProfile of the additions here")
    args = ap.parse_args(argv)
    root = args.project.resolve()
    config = load_config(None, root)
    memo = Memo()  # the dev server's, kept in memory across builds

    paths: dict[str, list[str]] = {"added": [], "edited": [], "removed": []}

    cpu: dict[str, list[float]] = {"added": [], "edited": [], "removed": []}

    def build(changed: frozenset[str] | None, what: str = "") -> float:
        started, used = time.perf_counter(), time.process_time()
        report = Report()
        with building():  # as the dev server builds: fewer collections, then what lives on frozen
            build_site(config, report, memo=memo, changed=changed)
        if report.errors:
            raise SystemExit("build failed:\n" + "\n".join(map(str, report.errors)))
        if what:
            cpu[what].append(time.process_time() - used)
        if what:  # the path it took: "incremental: N outputs re-rendered", or the whole site
            paths[what].append(next((n.split(": ", 1)[1] for n in report.notes if n.startswith("incremental:")),
                                    "whole site"))
        return time.perf_counter() - started

    print(f"first build: {build(None):.2f} s", flush=True)
    seeds = sorted((root / "seeds").glob("*.txt"))
    pages = sorted((root / "content" / "papers").glob("*.md"))
    profiler = cProfile.Profile() if args.profile else None
    times: dict[str, list[float]] = {"added": [], "edited": [], "removed": []}
    for i in range(args.runs):
        seed = seeds[i % len(seeds)]
        original = seed.read_bytes()
        before = set((root / "content" / "papers").glob("*.md"))
        seed.write_bytes(original + NEW_PAPER.format(i=i).encode())
        if profiler:
            profiler.enable()
        times["added"].append(build(frozenset({str(seed)}), "added"))
        if profiler:
            profiler.disable()
        page = pages[(i * 7919) % len(pages)]
        with page.open("a", encoding="utf-8") as f:
            f.write(f"\nAddition benchmark edit {i}.\n")
        times["edited"].append(build(frozenset({str(page)}), "edited"))
        seed.write_bytes(original)
        new_pages = set((root / "content" / "papers").glob("*.md")) - before
        for new in new_pages:
            new.unlink()
        times["removed"].append(build(frozenset({str(seed), *map(str, new_pages)}), "removed"))
        print(f"run {i + 1}: " + ", ".join(f"{k} {v[-1]:.3f} s ({paths[k][-1]})" for k, v in times.items()), flush=True)
    print("medians: " + ", ".join(f"{k} {statistics.median(v):.3f} s" for k, v in times.items()))
    print("CPU medians (this process, its threads included; steadier than wall time on a shared machine): "
          + ", ".join(f"{k} {statistics.median(v):.3f} s" for k, v in cpu.items()))
    if profiler and args.profile:
        profiler.dump_stats(args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
