"""Time cross-linking (mentions and related papers) on the seeds scaled to N papers.

    python bench/crosslink_scale.py [N]        # default 10000

Each copy of the seed corpus renames every short name consistently inside the copy
(``RSMamba`` -> ``RSMambaK3``), so names stay unambiguous and mentions still form, and
drops a few abstract sentences (seeded), so copies are near but not exact duplicates.
"""
from __future__ import annotations

import random
import re
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from site_src.config import Config  # noqa: E402
from site_src.errors import Report  # noqa: E402
from site_src.links.mentions import find_mentions, short_names  # noqa: E402
from site_src.links.related import related_papers  # noqa: E402
from site_src.model import Paper  # noqa: E402
from site_src.sources import read_sources  # noqa: E402
from site_src.sources.merge import merge_records  # noqa: E402

SEED = 4


def _tag(i: int) -> str:
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    return letters[i % len(letters)] + str(i // len(letters))


def scale(papers: list[Paper], n: int) -> list[Paper]:
    names = sorted({name for p in papers for name in short_names(p)}, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, names)) + r")(?![\w])")
    rng = random.Random(SEED)
    out: list[Paper] = []
    copy = 0
    while len(out) < n:
        tag = _tag(copy)
        for paper in papers:
            if len(out) == n:
                break
            if copy == 0:
                out.append(paper)
                continue

            def rename(m: re.Match[str], t: str = tag) -> str:
                return m.group(1) + t

            sentences = re.split(r"(?<=[.!?])\s+", paper.abstract)
            kept = [s for s in sentences if rng.random() > 0.15] or sentences[:1]
            out.append(
                replace(
                    paper,
                    slug=f"{paper.slug}-{tag.lower()}",
                    title=pattern.sub(rename, paper.title),
                    abstract=pattern.sub(rename, " ".join(kept)),
                )
            )
        copy += 1
    return out


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    report = Report()
    seeds = merge_records(read_sources(Config(root=ROOT), report), report)
    papers = scale(seeds, n)
    words = sum(len(p.abstract.split()) for p in papers)
    print(f"{len(papers)} papers, {words} abstract words")

    start = time.perf_counter()
    mentions = find_mentions(papers)
    took = time.perf_counter() - start
    links = sum(len(v) for v in mentions.links.values())
    print(f"find_mentions:  {took:6.2f} s  ({links} links, {len(mentions.ambiguous)} ambiguous names)")

    start = time.perf_counter()
    related = related_papers(papers)
    took = time.perf_counter() - start
    pairs = sum(len(v) for v in related.values())
    print(f"related_papers: {took:6.2f} s  ({pairs} related links)")


if __name__ == "__main__":
    main()
