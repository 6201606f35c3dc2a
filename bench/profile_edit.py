#!/usr/bin/env python3
"""Profile the dev server's build after a one-paper edit, in this process.

    python bench/profile_edit.py PROJECT [--runs 5] [--profile cprofile|pyinstrument|none] [--limit N] [--add]

PROJECT is a folder with ``seeds/`` (``gen_corpus.py N PROJECT/seeds``) and a built site or
not. Builds once with an in-memory memo, as the dev server does (the first build, cold or
from ``.cache/``), then ``--runs`` times appends a line to one paper's notes (a different
page each time) and builds again with ``changed={that page}``, the watcher's view. Prints
each build's time and the median; the last run is profiled (cProfile sorted by cumulative
time, or pyinstrument's tree), so the numbers printed before it are unprofiled. ``--add``:
each change appends a new paper to a seed file instead (the change is kept: the project
grows by one paper a run).
"""
from __future__ import annotations

import argparse
import cProfile
import gc
import io
import pstats
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(BENCH), str(ROOT)]

from incremental_scale import NEW_PAPER  # noqa: E402

from site_src.cache.memo import Memo  # noqa: E402
from site_src.config import load_config  # noqa: E402
from site_src.errors import Report  # noqa: E402
from site_src.heap import building  # noqa: E402
from site_src.pipeline import build_site  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("project", type=Path)
    ap.add_argument("--runs", type=int, default=5, help="unprofiled edit builds (default 5)")
    ap.add_argument("--profile", choices=("cprofile", "pyinstrument", "none"), default="cprofile")
    ap.add_argument("--limit", type=int, default=40)
    ap.add_argument("--sort", default="cumulative")
    ap.add_argument("--add", action="store_true", help="add a paper to a seed file, not edit a page's notes")
    ap.add_argument("--freeze", action="store_true", help="collect garbage as the dev server does (site_src/heap.py building)")
    args = ap.parse_args(argv)
    config = load_config(None, args.project)
    memo = Memo()

    collecting: list[float] = []
    cpus: list[float] = []

    def watch_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collecting.append(-time.perf_counter())
        else:
            collecting[-1] += time.perf_counter()

    gc.callbacks.append(watch_gc)

    def build(changed: frozenset[str] | None) -> float:
        collecting.clear()
        started, cpu = time.perf_counter(), time.process_time()
        report = Report()
        if args.freeze:  # as the dev server builds: fewer collections, then what lives on frozen
            with building():
                build_site(config, report, memo=memo, changed=changed)
        else:
            build_site(config, report, memo=memo, changed=changed)
        if report.errors:
            raise SystemExit("\n".join(map(str, report.errors)))
        took = time.perf_counter() - started
        cpus.append(time.process_time() - cpu)
        print(f"  (CPU {cpus[-1] * 1000:.0f} ms; gc: {len(collecting)} collections, {sum(collecting) * 1000:.0f} ms)",
              flush=True)
        return took

    print(f"first build: {build(None):.2f} s", flush=True)
    pages = sorted((args.project / config.content / "papers").glob("*.md"))
    times = []
    for i in range(args.runs + 1):
        if args.add:
            page = sorted((args.project / config.seeds).glob("*.txt"))[0]
            text = NEW_PAPER.format(i=f"{time.time_ns()}")
        else:
            page = pages[(i * 7919 + len(pages) // 2) % len(pages)]
            text = f"\nprofile edit {i}\n"
        with page.open("a", encoding="utf-8") as f:
            f.write(text)
        changed = frozenset({str(page)})
        if i < args.runs or args.profile == "none":
            times.append(build(changed))
            print(f"edit {i + 1}: {times[-1] * 1000:.0f} ms", flush=True)
        elif args.profile == "cprofile":
            prof = cProfile.Profile()
            prof.enable()
            took = build(changed)
            prof.disable()
            out = io.StringIO()
            pstats.Stats(prof, stream=out).sort_stats(args.sort).print_stats(args.limit)
            print(f"profiled edit: {took * 1000:.0f} ms\n{out.getvalue()}")
        else:
            from pyinstrument import Profiler
            profiler = Profiler(interval=0.0005)
            profiler.start()
            took = build(changed)
            profiler.stop()
            print(f"profiled edit: {took * 1000:.0f} ms")
            print(profiler.output_text(unicode=False, color=False))
        gc.collect()
    if times:
        print(f"median edit build: {statistics.median(times) * 1000:.0f} ms over {len(times)} "
              f"(CPU {statistics.median(cpus[1:len(times) + 1]) * 1000:.0f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
