#!/usr/bin/env python3
"""What an N-paper site weighs: bytes per paper by kind of file, the total, the largest pages.

    python bench/site_size.py [N] [--keep DIR] [--no-authors] [--site DIR]

Generates N papers with ``gen_corpus.py`` and builds them cold with ``build.py build``
(a new process, timed). By default the generated dumps become JSON seeds that also carry
author names, a venue and ids, as a library export would (the dumps give author counts
only, and author pages are a large share of a real site): about five authors a paper,
drawn from a pool of 3N names, so most authors have one or two papers. ``--no-authors``
keeps the plain dumps. ``--site DIR`` only measures a site already built.

Prints a Markdown table: for each kind of file, the number of files, megabytes, bytes
per paper and the largest file; then the total, the largest HTML pages, and what a paper
page is made of (the chrome every page repeats: head, header and footer; the abstract; the
lists of mentions and related papers; the BibTeX block). Numbers, not assertions (GitHub
Pages refuses a site over 1 GB).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(BENCH), str(ROOT)]

import gen_corpus  # noqa: E402
import measure  # noqa: E402

from site_src.config import Config  # noqa: E402
from site_src.errors import Report  # noqa: E402
from site_src.sources import read_sources  # noqa: E402
from site_src.sources.merge import title_key  # noqa: E402

# (kind, test on the site path), first match wins; the order is the table's
KINDS: list[tuple[str, object]] = [
    ("paper pages", lambda p: p.startswith("papers/") and p.endswith(".html") and not _is_list(p)),
    ("per-paper BibTeX", lambda p: p.startswith("papers/") and p.endswith(".bib")),
    ("all-papers and backlink lists", lambda p: p.startswith("papers/") and _is_list(p)),
    ("tags index", lambda p: p == "tags/index.html"),
    ("tag pages", lambda p: p.startswith("tags/") and p.endswith(".html")),
    ("tag feeds", lambda p: p.startswith("tags/") and p.endswith(".xml")),
    ("per-tag BibTeX", lambda p: p.startswith("tags/") and p.endswith(".bib")),
    ("collection pages", lambda p: p.startswith("collections/") and p.endswith(".html")),
    ("per-collection BibTeX", lambda p: p.startswith("collections/") and p.endswith(".bib")),
    ("author pages", lambda p: p.startswith("authors/")),
    ("papers.bib", lambda p: p == "papers.bib"),
    ("papers.csl.json", lambda p: p == "papers.csl.json"),
    ("papers.json", lambda p: p == "papers.json"),
    ("search index and data", lambda p: p.startswith("assets/search") or p == "assets/tag-data.js"),
    ("feed, sitemap, robots", lambda p: p in ("feed.xml", "robots.txt") or p.startswith("sitemap")),
    ("home, search, 404", lambda p: p.endswith(".html") and "/" not in p),
    ("assets (CSS, JS, lunr)", lambda p: p.startswith("assets/")),
    ("other", lambda p: True),
]


def _is_list(path: str) -> bool:
    """The all-papers page and its continuation pages (papers/index--page-2.html), and the
    lists of the papers that mention a famous one (papers/<slug>--mentioned-by.html)."""
    name = path.removeprefix("papers/")
    return name == "index.html" or name.startswith("index--page-") or "--mentioned-by" in name


# parts of a paper page, by the markup that starts and ends them (the chrome is what is outside <main>)
PAGE_PARTS = {"abstract": ('<section class="abstract"', "</section>"),
              "facts": ('<dl class="facts"', "</dl>"),
              "related": ('<section class="related"', "</section>"),
              "mentions": ('<section class="mentions"', "</section>"),
              "mentioned by": ('<section class="mentioned-by"', "</section>"),
              "neighbourhood graph": ("<svg", "</svg>"),
              "BibTeX block": ('<section class="cite"', "</section>")}


@dataclass
class Kind:
    files: int = 0
    bytes: int = 0
    largest: tuple[int, str] = (0, "")


@dataclass
class Measured:
    papers: int
    kinds: dict[str, Kind] = field(default_factory=dict)
    pages: list[tuple[int, str]] = field(default_factory=list)  # (bytes, path) of every .html
    parts: dict[str, int] = field(default_factory=lambda: dict.fromkeys([*PAGE_PARTS, "chrome"], 0))  # paper pages

    @property
    def total(self) -> int:
        return sum(k.bytes for k in self.kinds.values())


def measure_site(out: Path, papers: int) -> Measured:
    m = Measured(papers, {name: Kind() for name, _ in KINDS})
    for folder, _, names in os.walk(out):
        for name in names:
            full = Path(folder) / name
            path = full.relative_to(out).as_posix()
            size = full.stat().st_size
            kind = next(k for k, test in KINDS if test(path))  # type: ignore[operator]
            k = m.kinds[kind]
            k.files += 1
            k.bytes += size
            k.largest = max(k.largest, (size, path))
            if path.endswith(".html"):
                m.pages.append((size, path))
                if kind == "paper pages":
                    text = full.read_text(encoding="utf-8")
                    for part, (start, end) in PAGE_PARTS.items():
                        m.parts[part] += _span(text, start, end)
                    m.parts["chrome"] += _span(text, "<!doctype", "<main") + _span(text, "</main>", "</html>")
    m.pages.sort(reverse=True)
    return m


def _span(text: str, start: str, end: str) -> int:
    i = text.find(start)
    if i < 0:
        return 0
    j = text.find(end, i)
    return (j + len(end) - i) if j >= 0 else 0


def table(m: Measured) -> str:
    n = max(m.papers, 1)
    lines = ["| kind of file | files | MB | bytes per paper | largest file |", "|---|---:|---:|---:|---|"]
    for name, k in m.kinds.items():
        if k.files:
            lines.append(f"| {name} | {k.files:,} | {k.bytes / 1e6:.1f} | {k.bytes / n:,.0f} "
                         f"| {k.largest[1]} ({k.largest[0] / 1024:,.0f} KB) |")
    files = sum(k.files for k in m.kinds.values())
    lines.append(f"| **total** | {files:,} | {m.total / 1e6:.1f} | {m.total / n:,.0f} | |")
    papers_kind = m.kinds["paper pages"]
    lines += ["", "Largest HTML pages: " + ", ".join(f"{p} ({s / 1024:,.0f} KB)" for s, p in m.pages[:5]),
              f"Pages over 1 MB: {sum(1 for s, _ in m.pages if s > 1_000_000)}; "
              f"over 500 KB: {sum(1 for s, _ in m.pages if s > 500_000)}",
              f"Inside paper pages ({papers_kind.bytes / max(papers_kind.files, 1) / 1024:.1f} KB each), bytes per "
              "paper: " + ", ".join(f"{part} {size / n:,.0f}" for part, size in m.parts.items())]
    return "\n".join(lines)


# ---------------------------------------------------------------------- the corpus

def with_authors(seeds: Path, n: int) -> None:
    """The generated dumps as JSON seeds that also name authors, a venue and ids: the same
    paper in two files gets the same names, so it still merges into one."""
    config = Config(root=seeds.parent, seeds=Path(seeds.name))
    records = read_sources(config, Report())
    rng = random.Random(7)
    syllables = ["ka", "ming", "he", "zhang", "li", "ro", "ber", "to", "an", "na", "sch", "mid", "wei", "vas",
                 "wa", "ni", "gar", "cia", "lo", "pez", "kim", "park", "ng", "yu", "chen", "mar", "tin", "ez"]
    pool = sorted({"".join(rng.choice(syllables) for _ in range(rng.randint(1, 2))).title() + " "
                   + "".join(rng.choice(syllables) for _ in range(rng.randint(2, 3))).title()
                   for _ in range(3 * n)})
    venues = ["CVPR", "ICCV", "ECCV", "NeurIPS", "ICLR", "ICML", "MICCAI", "TPAMI", "IEEE TGRS", "AAAI", ""]
    by_file: dict[str, list[dict[str, object]]] = defaultdict(list)
    for rec in records:
        key = title_key(rec.title)
        mine = random.Random(key)
        count = min(rec.author_count or mine.randint(2, 8), 12)
        item: dict[str, object] = {
            "title": rec.title, "abstract": rec.abstract,
            "authors": [pool[mine.randrange(len(pool))] for _ in range(count)],
            "venue": mine.choice(venues),
            "arxiv": f"{mine.randint(15, 24):02d}{mine.randint(1, 12):02d}.{mine.randint(10000, 99999)}",
        }
        if rec.date:
            item["date"] = rec.date.isoformat()
        if rec.upvotes is not None:
            item["upvotes"] = rec.upvotes
        codes = [link.url for link in rec.links if link.kind == "code"]
        if codes:
            item["code"] = codes
        by_file[rec.collection].append(item)
    for old in seeds.glob("*.txt"):
        old.unlink()
    for name, items in by_file.items():
        (seeds / f"{name}.json").write_text(json.dumps(items, ensure_ascii=False, indent=0), encoding="utf-8")


def make_project(n: int, project: Path, authors: bool) -> None:
    project.mkdir(parents=True, exist_ok=True)
    for stale in ("_site", "content", ".cache", "seeds"):
        shutil.rmtree(project / stale, ignore_errors=True)
    shutil.copy2(ROOT / "taxonomy.yaml", project / "taxonomy.yaml")
    (project / "site.yaml").write_text("title: Site size benchmark\nurl: https://example.org/survey/\n",
                                       encoding="utf-8")
    gen_corpus.write_corpus(n, project / "seeds")
    if authors:
        with_authors(project / "seeds", n)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", type=int, nargs="?", default=10_000, help="papers (default 10000)")
    ap.add_argument("--keep", type=Path, help="project folder to use and keep (default: a temporary one)")
    ap.add_argument("--no-authors", action="store_true", help="the plain dumps: author counts, no names")
    ap.add_argument("--site", type=Path, help="only measure this built site (N is its number of papers)")
    args = ap.parse_args(argv)
    if args.site:
        print(table(measure_site(args.site, args.n)))
        return 0
    project = args.keep or Path(tempfile.mkdtemp(prefix="site-size-bench-"))
    try:
        make_project(args.n, project, authors=not args.no_authors)
        run = measure.timed([sys.executable, str(ROOT / "build.py"), "build", "--clean"], project, 7200)
        if run.returncode != 0:
            raise SystemExit(f"build failed (exit {run.returncode}):\n{run.output}")
        built = json.loads((project / "_site/papers.json").read_text(encoding="utf-8"))
        print(f"{len(built):,} papers ({'with' if not args.no_authors else 'without'} author names), "
              f"cold build {run.seconds:.0f} s, peak RSS {run.max_rss_kb / 1024:.0f} MB\n")
        print(table(measure_site(project / "_site", len(built))))
    finally:
        if not args.keep:
            shutil.rmtree(project, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
