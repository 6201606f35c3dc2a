"""Scale the seed corpus to N papers, written as "Daily Papers" dumps like ``seeds/001_*.txt``.

    python bench/gen_corpus.py N OUTDIR [--seed S] [--check]

Deterministic: the same N and seed give byte-identical files. Titles recombine the heads
and tails of real seed titles (sometimes behind a coined name and a colon); abstracts
recombine real seed sentences, so LaTeX-isms, odd characters and code URLs keep their
real frequency. About one paper in six stands in two files, as in the seeds.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from site_src.config import Config  # noqa: E402
from site_src.errors import Report  # noqa: E402
from site_src.model import Paper  # noqa: E402
from site_src.sources import read_sources  # noqa: E402
from site_src.sources.merge import merge_records, title_key  # noqa: E402

DEFAULT_SEED = 20230717
SAVE_YEAR = 2025
PAGE_DATE = (3, 11)  # every dump was "saved" on Mar 11, 2025
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
FURNITURE = ["new", "Get trending papers in your email inbox!", "Subscribe", "Daily Papers",
             "byAK and the research community"]
SENTENCE_END = re.compile(r"(?<=[a-z0-9)\]%][.!?])\s+(?=[A-Z])")
SPLIT_WORDS = (" for ", " with ", " via ", " using ", " in ", " on ", " from ", " through ", " by ")
URL = re.compile(r"(?:https?://|github\.com/)\S+?(?=[.,;]?(?:\s|$))")
SYLLABLES = ["ka", "lo", "mi", "ra", "to", "ve", "zen", "qu", "ix", "or", "pa", "sy", "neo", "tri",
             "flux", "gen", "mor", "vis", "lu", "da", "ar", "cor", "ex", "fi", "sa", "ni", "po"]
DUPLICATE_SHARE = 0.17
ANCHORS = 10  # at least the most dumps file_count() gives


@dataclass(frozen=True)
class SeedPool:
    """What the generator recombines: pieces of the real seed papers."""

    heads: list[str]  # title text before a split word ("Medical Image Classification")
    tails: list[str]  # the split word and what follows (" with KAN-Integrated Transformers")
    plain_titles: list[str]  # titles without a coined "Name:" prefix
    openers: list[str]  # first sentences of abstracts
    middles: list[str]  # other sentences without URLs
    url_sentences: list[str]  # sentences with one code URL, as a template ({url})
    author_counts: list[int]


@dataclass(frozen=True)
class GenPaper:
    title: str
    abstract: str
    authors: int
    date: dt.date
    upvotes: int | None
    with_year: bool


def seed_papers(root: Path = ROOT) -> list[Paper]:
    report = Report()
    return merge_records(read_sources(Config(root=root), report), report)


def build_pool(papers: list[Paper]) -> SeedPool:
    heads: list[str] = []
    tails: list[str] = []
    plain: list[str] = []
    openers: list[str] = []
    middles: list[str] = []
    url_sentences: list[str] = []
    for paper in papers:
        title = paper.title
        if ":" in title and len(title.split(":", 1)[0].split()) <= 3:
            title = title.split(":", 1)[1].strip()
        plain.append(title)
        for word in SPLIT_WORDS:
            if word in title:
                head, tail = title.split(word, 1)
                if head and tail:
                    heads.append(head)
                    tails.append(word + tail)
                break
        sentences = [s.strip() for s in SENTENCE_END.split(paper.abstract) if s.strip()]
        for i, sentence in enumerate(sentences):
            urls = URL.findall(sentence)
            if len(urls) == 1 and "github" in urls[0]:
                url_sentences.append(sentence.replace(urls[0], "{url}"))
            elif not urls and i == 0:
                openers.append(sentence)
            elif not urls:
                middles.append(sentence)
    counts = [p.author_count for p in papers if p.author_count]
    return SeedPool(heads, tails, plain, openers, middles, url_sentences, counts or [3, 4, 5])


def coined_name(rng: random.Random) -> str:
    if rng.random() < 0.5:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))
        word = word.capitalize()
        if rng.random() < 0.4:
            k = rng.randint(2, 4)
            word = word[:k].upper() + word[k:]
        return word + (rng.choice(["", "", "-2", "++", "V2", "-XL"]) if rng.random() < 0.3 else "")
    return "".join(rng.choice("ABCDEFGHIKLMNPRSTVW") for _ in range(rng.randint(3, 6)))


def make_title(rng: random.Random, pool: SeedPool) -> tuple[str, str]:
    """(title, coined name or '')."""
    if pool.heads and rng.random() < 0.8:
        body = rng.choice(pool.heads) + rng.choice(pool.tails)
    else:
        body = rng.choice(pool.plain_titles)
    if ":" not in body and rng.random() < 0.6:
        name = coined_name(rng)
        return f"{name}: {body}", name
    return body, ""


def make_abstract(rng: random.Random, pool: SeedPool, name: str, others: list[str], code: bool) -> str:
    sentences = [rng.choice(pool.openers)]
    sentences += rng.sample(pool.middles, k=min(len(pool.middles), rng.randint(3, 8)))
    if name:
        sentences.insert(rng.randint(1, 2), f"In this paper, we propose {name}, "
                         + rng.choice(["a simple and effective method.", "a new benchmark and baseline.",
                                       "a unified framework for this setting.", "an efficient architecture."]))
    if others and rng.random() < 0.25:
        sentences.insert(len(sentences) - 1, f"Our method outperforms {rng.choice(others)} on all benchmarks.")
    if code and pool.url_sentences:
        user = "".join(rng.choice(SYLLABLES) for _ in range(2)) + str(rng.randint(1, 999))
        repo = name or "".join(w[0] for w in sentences[0].split()[:5] if w[:1].isalpha()).upper()
        url = f"https://github.com/{user}/{repo}"
        sentences.append(rng.choice(pool.url_sentences).replace("{url}", url))
    return " ".join(sentences)


def make_date(rng: random.Random) -> tuple[dt.date, bool]:
    """A date, and whether the dump prints its year (only dates in the save year do not)."""
    if rng.random() < 0.2:
        start = dt.date(SAVE_YEAR, 1, 1)
        end = dt.date(SAVE_YEAR, *PAGE_DATE)
        return start + dt.timedelta(days=rng.randint(0, (end - start).days)), False
    year = rng.choices(range(2016, SAVE_YEAR), weights=[1, 2, 3, 4, 6, 9, 14, 20, 28])[0]
    start = dt.date(year, 1, 1)
    return start + dt.timedelta(days=rng.randint(0, 364)), True


def make_upvotes(rng: random.Random) -> int | None:
    if rng.random() < 0.35:
        return None
    return min(int(rng.paretovariate(1.1)), 900)


def make_authors(rng: random.Random, pool: SeedPool) -> int:
    return rng.randint(12, 120) if rng.random() < 0.03 else rng.choice(pool.author_counts)


def generate(n: int, seed: int = DEFAULT_SEED, pool: SeedPool | None = None) -> list[GenPaper]:
    rng = random.Random(seed)
    pool = pool or build_pool(seed_papers())
    seen: set[str] = set()
    names: list[str] = []
    papers: list[GenPaper] = []
    while len(papers) < n:
        for _ in range(5):
            title, name = make_title(rng, pool)
            key = title_key(title)
            if key not in seen:
                break
        else:  # the recombinations are running out: a coined name makes it new
            name = coined_name(rng)
            title, key = f"{name}: {title}", title_key(f"{name}: {title}")
            if key in seen:
                continue
        seen.add(key)
        date, with_year = make_date(rng)
        if len(papers) < ANCHORS:
            # One anchor per dump: a dated entry late in the year before the save year, so a
            # reader infers the year of "Feb 19" the way it does for the real dumps.
            date, with_year = dt.date(SAVE_YEAR - 1, 12, 20 - len(papers)), True
        abstract = make_abstract(rng, pool, name, names[-200:], code=rng.random() < 0.32)
        papers.append(GenPaper(title, abstract, make_authors(rng, pool), date, make_upvotes(rng), with_year))
        if name:
            names.append(name)
    return papers


def file_count(n: int) -> int:
    return max(5, min(10, n // 1000 + 4))


def assign_files(papers: list[GenPaper], files: int, seed: int) -> list[list[GenPaper]]:
    """Spread papers over ``files`` dumps; some papers go to a second dump too."""
    rng = random.Random(seed + 1)
    buckets: list[list[GenPaper]] = [[] for _ in range(files)]
    for i, paper in enumerate(papers):
        first = i if i < files else rng.randrange(files)  # the anchors: one per dump
        buckets[first].append(paper)
        if rng.random() < DUPLICATE_SHARE:
            second = rng.randrange(files - 1)
            buckets[second + (second >= first)].append(paper)
    for bucket in buckets:
        rng.shuffle(bucket)
    return buckets


def render_dump(papers: list[GenPaper]) -> str:
    lines = list(FURNITURE) + [f"{MONTHS[PAGE_DATE[0] - 1]} {PAGE_DATE[1]}"]
    out = "\n\n".join(lines) + "\n\n"
    for p in papers:
        date = f"{MONTHS[p.date.month - 1]} {p.date.day}"
        if p.with_year:
            date += f", {p.date.year}"
        if p.upvotes is not None:
            date += f" {p.upvotes}"
        out += f"{p.title}\n\n{p.abstract}\n\n  • {p.authors} authors\n·\n{date}\n\n"
    return out


def write_corpus(n: int, outdir: Path, seed: int = DEFAULT_SEED) -> list[Path]:
    papers = generate(n, seed)
    outdir.mkdir(parents=True, exist_ok=True)
    for old in outdir.glob("*.txt"):
        old.unlink()
    written = []
    for i, bucket in enumerate(assign_files(papers, file_count(n), seed)):
        path = outdir / f"{i:03d}_{random.Random(seed + i).getrandbits(64):016x}.txt"
        path.write_text(render_dump(bucket), encoding="utf-8")
        written.append(path)
    return written


def check(outdir: Path, n: int) -> list[str]:
    """Read the corpus back with the project's reader; problems, or a count mismatch."""
    report = Report()
    config = Config(root=outdir.parent, seeds=Path(outdir.name))
    merged = merge_records(read_sources(config, report), report)
    problems = [str(p) for p in report.problems]
    saved = dt.date(SAVE_YEAR, *PAGE_DATE)
    late = [p.title for p in merged if p.date and p.date > saved]
    if late:
        problems.append(f"{outdir}: {len(late)} papers dated after the save date, e.g. {late[0]!r}")
    if len(merged) != n:
        problems.append(f"{outdir}: expected {n} distinct papers, read {len(merged)}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of distinct papers")
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--check", action="store_true", help="read the files back and verify the count")
    args = parser.parse_args(argv)
    if args.n < 10:
        parser.error("N must be at least 10")
    files = write_corpus(args.n, args.outdir, args.seed)
    print(f"wrote {args.n} papers in {len(files)} files to {args.outdir}")
    if args.check:
        problems = check(args.outdir.resolve(), args.n)
        for p in problems[:20]:
            print(p, file=sys.stderr)
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
