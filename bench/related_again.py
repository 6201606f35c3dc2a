#!/usr/bin/env python3
"""Related papers after one change, made again from the kept state and made from scratch.

    python bench/related_again.py PROJECT [--runs 9]

PROJECT is a folder with ``seeds/`` (``gen_corpus.py N PROJECT/seeds``; copy ``taxonomy.yaml``
beside it). Its survey is built in memory (no site written), ``--runs`` papers picked at
random (seeded) are left out, and the related papers of the rest are made once with a
state kept (as the dev server's first build does). Then, ``--runs`` times: one left-out
paper is added, then one paper's abstract is edited, then one paper is removed; each time
``related_again`` (from the kept state) and ``related_papers`` (from scratch) are timed,
interleaved, and their results compared (they must be equal). Prints each run, how many
vectors moved and whether the update was incremental, and the medians.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(BENCH), str(ROOT)]

from related_grid import survey_papers  # noqa: E402

from site_src.links.related import paper_terms, related_papers  # noqa: E402
from site_src.links.related_again import related_again  # noqa: E402
from site_src.model import Paper  # noqa: E402


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("project", type=Path)
    ap.add_argument("--runs", type=int, default=9)
    args = ap.parse_args(argv)
    papers = survey_papers(args.project)
    rng = random.Random(15)
    out = set(rng.sample(range(len(papers)), args.runs))
    pool = [papers[i] for i in sorted(out)]
    now = [p for i, p in enumerate(papers) if i not in out]
    own = {p.slug: paper_terms(p) for p in papers}

    def terms(state: list[Paper]) -> list[tuple[tuple[str, ...], ...]]:
        return [own[p.slug] for p in state]

    started = time.perf_counter()
    _, kept = related_again(now, terms(now), None)
    print(f"{len(now)} papers; first, with the state kept: {time.perf_counter() - started:.2f} s", flush=True)
    times: dict[str, tuple[list[float], list[float]]] = {w: ([], []) for w in ("added", "edited", "removed")}
    for run in range(args.runs):
        for what in ("added", "edited", "removed"):
            if what == "added":
                now = [*now, pool[run]]
            elif what == "edited":
                at, donor = rng.randrange(len(now)), rng.choice(papers)
                now = list(now)
                now[at] = replace(now[at], abstract=donor.abstract)
                own[now[at].slug] = paper_terms(now[at])
            else:
                gone = rng.randrange(len(now))
                now = [p for i, p in enumerate(now) if i != gone]
            started = time.perf_counter()
            found, state = related_again(now, terms(now), kept)
            again = time.perf_counter() - started
            started = time.perf_counter()
            clean = related_papers(now, own=terms(now))
            scratch = time.perf_counter() - started
            if found != clean:
                raise SystemExit(f"run {run + 1}, {what}: related_again differs from related_papers")
            path = f"incremental, {int(state.is_moved.sum())} vectors moved" if state is kept else "everything again"
            kept = state
            times[what][0].append(again)
            times[what][1].append(scratch)
            print(f"run {run + 1} {what}: again {again * 1000:.0f} ms ({path}), from scratch {scratch:.2f} s", flush=True)
    for what, (again_times, scratch_times) in times.items():
        print(f"{what}: median again {statistics.median(again_times) * 1000:.0f} ms, "
              f"from scratch {statistics.median(scratch_times):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
