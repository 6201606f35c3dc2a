#!/usr/bin/env python3
"""Finding mentions from scratch, and again after one paper is added, removed or edited.

    python bench/mentions_again.py PROJECT [--runs 5]

Reads PROJECT's sources (``gen_corpus.py N PROJECT/seeds`` makes them), then times, in this
process: :func:`find_mentions` from the papers alone (a one-shot build's), and from each
paper's kept part; then, with the last scan handed in as the dev server does, a paper added
(the one ``bench/addition.py`` adds), the same removed, and one abstract edited. Prints medians.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from site_src.config import load_config  # noqa: E402
from site_src.errors import Report  # noqa: E402
from site_src.links.mentions import find_mentions, paper_names  # noqa: E402
from site_src.model import Paper  # noqa: E402
from site_src.sources import read_sources  # noqa: E402
from site_src.sources.merge import merge_records  # noqa: E402

ADDED = Paper("addition-benchmark-1", "Addition Benchmark 1: Selective State Space Models for Remote Sensing Scene "
              "Classification", "We propose a selective state space model for remote sensing scene classification. "
              "Satellite images are scanned in four directions; run 1 adds one paper to a seed file.")


def timed(what: str, runs: int, fn: Callable[[], object]) -> None:
    took = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        took.append(time.perf_counter() - started)
    print(f"{what:<44} median {statistics.median(took):7.3f} s  ({', '.join(f'{t:.3f}' for t in took)})")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("project", type=Path)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    report = Report()
    papers = merge_records(read_sources(load_config(None, args.project.resolve()), report), report)
    own = [paper_names(p) for p in papers]
    print(f"{len(papers)} papers")
    timed("find_mentions (from the papers)", args.runs, lambda: find_mentions(papers))
    timed("find_mentions (from kept parts)", args.runs, lambda: find_mentions(papers, own))
    try:
        from site_src.links.mention_scan import find_mentions_again
    except ImportError:
        return 0  # an older generator: no incremental scan to time
    _, scan = find_mentions_again(papers, own)
    added, added_own = [*papers, ADDED], [*own, paper_names(ADDED)]
    _, with_added = find_mentions_again(added, added_own, scan)
    edited = replace(papers[7], abstract=papers[7].abstract + " We compare with RSMamba.")
    timed("again: one paper added", args.runs, lambda: find_mentions_again(added, added_own, scan))
    timed("again: the same removed", args.runs, lambda: find_mentions_again(papers, own, with_added))
    timed("again: one abstract edited", args.runs, lambda: find_mentions_again(
        [*papers[:7], edited, *papers[8:]], [*own[:7], paper_names(edited), *own[8:]], scan))
    assert find_mentions_again(added, added_own, scan)[0] == find_mentions(added)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
