#!/usr/bin/env python3
"""Where a cold build's memory peaks: RSS of the build and its workers, sampled by stage.

    python bench/memory_stages.py PROJECT [--every 0.05]

Runs the same cold build as ``build.py build --clean`` in PROJECT, in this process, while a
thread samples the resident memory of this process and of its forked workers (from
``/proc``) every ``--every`` seconds, with the innermost ``site_src`` function the main
thread is in. Prints, per stage (that function's module and name), the largest single
process seen (what ``/usr/bin/time`` reports as maximum resident set size: the main
process or one worker), the main process's, and the largest sum (shared copy-on-write
pages counted twice),
then the stack at the single-process peak. Linux only (``/proc``).
"""
from __future__ import annotations

import argparse
import os
import sys
import threading
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from site_src.config import load_config  # noqa: E402
from site_src.errors import Report  # noqa: E402
from site_src.pipeline import build_site  # noqa: E402


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def stage_of(frame: object) -> tuple[str, list[str]]:
    stack = traceback.extract_stack(frame)  # type: ignore[arg-type]
    ours = [f for f in stack if "/site_src/" in f.filename]
    names = [f"{Path(f.filename).parent.name}/{Path(f.filename).stem}.{f.name}" for f in ours]
    return (names[-1] if names else "(outside site_src)"), names


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("project", type=Path)
    p.add_argument("--every", type=float, default=0.05)
    args = p.parse_args(argv)
    root = args.project.resolve()
    os.chdir(root)
    main_thread = threading.main_thread().ident
    peaks: dict[str, tuple[int, float]] = {}
    sums: dict[str, int] = {}
    mains: dict[str, int] = {}
    top: list[object] = [0, []]
    done = threading.Event()
    started = time.perf_counter()

    def sample() -> None:
        me = os.getpid()
        while not done.wait(args.every):
            each = [rss_kb(me), *(rss_kb(c) for c in children(me))]
            total = max(each)
            frame = sys._current_frames().get(main_thread)  # type: ignore[arg-type]
            stage, names = stage_of(frame) if frame is not None else ("?", [])
            sums[stage] = max(sums.get(stage, 0), sum(each))
            mains[stage] = max(mains.get(stage, 0), each[0])
            if total > peaks.get(stage, (0, 0.0))[0]:
                peaks[stage] = (total, time.perf_counter() - started)
            if total > int(top[0]):  # type: ignore[call-overload]
                top[:] = [total, names]

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    report = Report()
    build_site(load_config(None, root), report, clean=True)
    done.set()
    thread.join()
    print(f"peak {int(top[0]) / 1024:.0f} MB in one process; by stage (one process, the main one, all):")  # type: ignore[call-overload]
    for stage, (kb, at) in sorted(peaks.items(), key=lambda kv: -kv[1][0])[:25]:
        print(f"  {kb / 1024:7.0f} MB {mains[stage] / 1024:7.0f} MB {sums[stage] / 1024:7.0f} MB at {at:6.1f} s  {stage}")
    print("the peak's stack:\n  " + "\n  ".join(top[1]))  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
