#!/usr/bin/env python3
"""Related papers' grid of statistics: how many vectors an addition moves, and how far the lists move.

    python bench/related_grid.py PROJECT [--additions 50] [--grids 16:4,8:4,16:2] [--quality]

PROJECT is a folder with ``seeds/`` (``gen_corpus.py N PROJECT/seeds``; copy ``taxonomy.yaml``
beside it). Its survey is built in memory (no site written). ``--additions`` papers are
picked at random (seeded) and left out; each is then added alone to the rest, and the
script counts the papers whose vector the addition changes: the new one, and those whose
title or abstract holds a term whose rounded document count or kept status moved, or whose
topics hold a tag whose rounded count moved (all of them when the rounded paper count or
an average length moved). Each grid is ``EXACT_UP_TO:GRID_STEPS`` (counts up to the first
as they are, then GRID_STEPS points per doubling; ``0:0`` the exact statistics).
``--quality``: for each grid, the related lists of the whole survey against the exact
statistics' (identical top-5 lists, mean overlap of the two lists).
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from site_src.config import load_config  # noqa: E402
from site_src.errors import Report  # noqa: E402
from site_src.links import related  # noqa: E402
from site_src.model import Paper  # noqa: E402
from site_src.pipeline import build_site  # noqa: E402


def set_grid(grid: str) -> None:
    exact, steps = grid.split(":")
    related.EXACT_UP_TO, related.GRID_STEPS = float(exact), int(steps)


def survey_papers(project: Path) -> list[Paper]:
    survey = build_site(load_config(None, project), Report(), write_site=False, clean=True).survey
    assert survey is not None
    return list(survey.papers)


class Counts:
    """Document counts of terms and tags over a set of papers, and who holds each."""

    def __init__(self, papers: list[Paper]) -> None:
        self.n = len(papers)
        self.df: defaultdict[str, int] = defaultdict(int)
        self.tag_df: defaultdict[str, int] = defaultdict(int)
        self.holders: defaultdict[str, set[int]] = defaultdict(set)  # title or abstract holds the term
        self.tag_holders: defaultdict[str, set[int]] = defaultdict(set)
        self.lengths = np.zeros((self.n, 2))
        for i, p in enumerate(papers):
            title, abstract, across = related.paper_terms(p)
            self.lengths[i] = len(title), len(abstract)
            for term in {*title, *abstract, *across}:
                self.df[term] += 1
            for term in {*title, *abstract}:
                self.holders[term].add(i)
            for tag in set(related._topics(p)):
                self.tag_df[tag] += 1
                self.tag_holders[tag].add(i)

    def kept(self, df: int, n: int) -> bool:
        most = related.MAX_DOC_SHARE * related.stable(np.array([n]))[0] if n >= 20 else n
        return df >= 2 and related.stable(np.array([df]))[0] <= most

    def moved_by(self, paper: Paper) -> int:
        """How many papers' vectors adding ``paper`` changes (itself included)."""
        n = self.n + 1
        if related.stable(np.array([n]))[0] != related.stable(np.array([self.n]))[0]:
            return n
        title, abstract, across = related.paper_terms(paper)
        lengths = np.vstack([self.lengths, [len(title), len(abstract)]])
        if any(related.average(int(lengths[:, c].sum()), n) != related.average(int(self.lengths[:, c].sum()), self.n)
               for c in (0, 1)):
            return n
        moved: set[int] = set()
        for term in {*title, *abstract, *across}:
            old = self.df.get(term, 0)
            before = (self.kept(old, self.n), related.stable(np.array([old]))[0])
            after = (self.kept(old + 1, n), related.stable(np.array([old + 1]))[0])
            if before != after and (before[0] or after[0]):
                moved |= self.holders.get(term, set())
        for tag in set(related._topics(paper)):
            old = self.tag_df.get(tag, 0)
            if related.stable(np.array([old]))[0] != related.stable(np.array([old + 1]))[0]:
                moved |= self.tag_holders.get(tag, set())
        return len(moved) + 1


def overlap(a: dict[str, tuple[related.Related, ...]], b: dict[str, tuple[related.Related, ...]]) -> tuple[float, float]:
    """(share of identical lists, mean share of a list's slugs the other list has) over papers with any."""
    same, shares = 0, []
    for slug in a:
        x, y = [r.slug for r in a[slug]], [r.slug for r in b.get(slug, ())]
        if not x and not y:
            continue
        same += [(r.slug, r.reason) for r in a[slug]] == [(r.slug, r.reason) for r in b.get(slug, ())]
        shares.append(len(set(x) & set(y)) / max(len(x), len(y)))
    return same / len(shares), statistics.fmean(shares)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("project", type=Path)
    ap.add_argument("--additions", type=int, default=50)
    ap.add_argument("--grids", default="16:4,8:4,32:4,16:2,16:8")
    ap.add_argument("--quality", action="store_true")
    args = ap.parse_args(argv)
    papers = survey_papers(args.project)
    rng = random.Random(15)
    picked = set(rng.sample(range(len(papers)), args.additions)) if args.additions else set()
    base = [p for i, p in enumerate(papers) if i not in picked]
    added = [papers[i] for i in sorted(picked)]
    print(f"{len(papers)} papers; {len(added)} additions to the other {len(base)}")
    counts = Counts(base) if added else None
    reference = None
    if args.quality:
        set_grid("0:0")
        started = time.perf_counter()
        reference = related.related_papers(papers)
        print(f"exact statistics: {time.perf_counter() - started:.1f} s")
    for grid in args.grids.split(","):
        set_grid(grid)
        line = f"grid {grid:>5}:"
        if counts is not None:
            moved = [counts.moved_by(p) for p in added]
            line += (f" an addition moves {statistics.fmean(moved):.0f} vectors on average, median "
                     f"{statistics.median(moved):.0f}, at worst {max(moved)}")
        if reference is not None:
            same, mean = overlap(reference, related.related_papers(papers))
            line += f"; against exact statistics: {same:.1%} of the lists identical, mean overlap {mean:.3f}"
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
