"""Time and size the search at N papers: index build, download, first result in Chromium.

    python bench/search_scale.py [N] [--keep DIR [--reuse]] [--runs 5] [--profile F]   # default 10000

Generates N papers with ``bench/gen_corpus.py``, tags them with the project's taxonomy,
writes the search page and its data files (no other page), then opens the page from disk
in headless Chromium, types queries and times the first result. Each query is typed into a
freshly opened page (its shards not yet loaded), ``--runs`` times; medians are printed.
``--profile out.cpuprofile`` records a CPU profile (open it in Chromium's DevTools). Numbers,
not assertions.
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import gen_corpus  # noqa: E402
from site_src.abstract import plain  # noqa: E402
from site_src.config import Config  # noqa: E402
from site_src.errors import Report  # noqa: E402
from site_src.links.survey import make_survey  # noqa: E402
from site_src.links.tagging import load_site_taxonomy, tag, tag_infos  # noqa: E402
from site_src.links.taxonomy import assign_tags  # noqa: E402
from site_src.model import CrossLinks, Paper  # noqa: E402
from site_src.render.renderer import PROJECT_TEMPLATES, Renderer, paper_path  # noqa: E402
from site_src.search.index import Facets, index_terms, payload, search_files  # noqa: E402
from site_src.sources import read_sources  # noqa: E402
from site_src.sources.merge import merge_records  # noqa: E402

QUERIES = ["mamba", "medical image segmentation", "zero-shot", "remote sensing", "diffusion", '"state space"',
           "segmentaton", "image -medical", "image", "classificaton netwrk", "vision transformer -medical -remote"]
# Times one query typed into a freshly loaded page: the first result on screen, the results final
# (every index the query needs has arrived: the count and order no longer change), snippets shown.
TIME_TYPED = """async q => {
  const box = document.getElementById('q'), list = document.getElementById('results');
  const status = document.getElementById('search-status');
  const t0 = performance.now(), until = t0 + 10000;
  const wait = async ok => { while (!ok() && performance.now() < until) await new Promise(r => setTimeout(r, 1)); };
  box.value = q; box.dispatchEvent(new Event('input'));
  await wait(() => list.querySelector('li'));
  const first = performance.now() - t0;
  await wait(() => !/Searching/.test(status.textContent));
  const final = performance.now() - t0;
  await wait(() => !list.querySelector('li') || list.querySelector('li .snippet'));
  return [first, final, performance.now() - t0, parseInt(status.textContent, 10)];
}"""


def with_bibliography(papers: list[Paper]) -> list[Paper]:
    """The generated dumps carry author counts only: give each paper names, a venue and ids as a
    BibTeX export would, so the payload measured holds what a real survey's does."""
    rng = random.Random(13)
    syllables = ["ka", "ming", "he", "zhang", "li", "ro", "ber", "to", "an", "na", "sch", "mid", "wei", "vas",
                 "wa", "ni", "gar", "cia", "lo", "pez", "kim", "park", "ng", "yu", "chen", "mar", "tin", "ez"]
    surnames = sorted({"".join(rng.choice(syllables) for _ in range(rng.randint(1, 3))).title() for _ in range(4000)})
    given = sorted({"".join(rng.choice(syllables) for _ in range(rng.randint(1, 2))).title() for _ in range(800)})
    venues = ["CVPR", "ICCV", "ECCV", "NeurIPS", "ICLR", "ICML", "MICCAI", "TPAMI", "IEEE TGRS", "AAAI", ""]
    out = []
    for i, p in enumerate(papers):
        count = min(p.author_count or rng.randint(2, 8), 12)
        authors = tuple(f"{rng.choice(given)} {rng.choice(surnames)}" for _ in range(count))
        ids = [("arxiv", f"{rng.randint(15, 25):02d}{rng.randint(1, 12):02d}.{rng.randint(0, 99999):05d}")]
        if rng.random() < 0.4:
            ids.append(("doi", f"10.{rng.randint(1000, 9999)}/{rng.choice(venues).lower() or 'x'}.{i}"))
        out.append(replace(p, authors=authors, venue=rng.choice(venues), ids=tuple(ids)))
    return out


def site(n: int, where: Path) -> tuple[Path, dict[str, float], list]:
    gen_corpus.main([str(n), str(where / "seeds")])
    for name in ("site.yaml", "taxonomy.yaml"):
        shutil.copy(ROOT / name, where / name)
    config = Config(root=where)
    report = Report()
    papers = merge_records(read_sources(config, report), report)
    taxonomy = load_site_taxonomy(Config(root=ROOT))
    papers = with_bibliography(papers)
    assigned = {p.slug: assign_tags(taxonomy, p.title, p.abstract) for p in papers}
    papers = tag(papers, assigned, taxonomy, config, report)
    survey = make_survey(papers, config, tag_infos(papers, taxonomy, config), CrossLinks())
    papers = list(survey.papers)
    for p in papers:
        plain(p.abstract)  # the render stage has made these already in a real build
    infos = [info for info in survey.tags.values() if not info.derived]
    names = {info.id: info.name for info in infos}
    facets = Facets(tags=[(t.id, t.name, t.facet_name, t.topical) for t in infos],
                    collections=[(c.id, c.title) for c in survey.collections])
    shown = {p.slug: tuple(t for t in p.tags if t in names) for p in papers}
    clock = time.perf_counter()
    files = search_files(papers, names, {p.slug: paper_path(p.slug) for p in papers}, tags_of=shown, facets=facets)
    times = {"index build s": time.perf_counter() - clock}
    out = where / "_site"
    shutil.copytree(PROJECT_TEMPLATES / "assets", out / "assets")
    (out / "search.html").write_bytes(Renderer(survey, config).page("search.html", "search.html", title="Search"))
    for path, data in files:
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_bytes(data)
    sizes = payload(files, PROJECT_TEMPLATES)
    times |= {"papers": len(papers), "first-result download KB gzip": sizes.first_result_gzip / 1024,
              "all search files KB gzip": sizes.total_gzip / 1024, "search files": sizes.files,
              "largest shard KB gzip": sizes.largest_shard_gzip / 1024}
    return out, times, papers


def read_back(where: Path) -> list[Paper]:
    """The papers of a corpus generated before (for their abstracts' words)."""
    report = Report()
    return merge_records(read_sources(Config(root=where), report), report)


def browse(out: Path, papers: list, runs: int, profile: Path | None = None) -> dict[str, float]:
    """Medians over ``runs`` cold page loads: each query is typed into a page just opened, so no
    shard it needs is loaded yet (a visitor's first query)."""
    from playwright.sync_api import sync_playwright

    abstract_word = next(w for p in papers for w in plain(p.abstract).split()
                         if w.isalpha() and len(w) > 8 and index_terms(w)[0] not in index_terms(p.title))
    samples: dict[str, list[float]] = {}
    url = (out / "search.html").as_uri()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                     args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                           "--disable-background-networking", "--disable-component-update",
                                           "--disable-sync"])
        try:
            page = browser.new_page()
            cdp = page.context.new_cdp_session(page) if profile else None
            if cdp:
                cdp.send("Profiler.enable")
                cdp.send("Profiler.setSamplingInterval", {"interval": 200})
                cdp.send("Profiler.start")
            for _ in range(runs):
                for q in [None, *QUERIES, abstract_word]:
                    page.goto("about:blank")
                    start = time.perf_counter()
                    page.goto(url)
                    page.wait_for_function("window.EXPLORER_READY === true")
                    if q is None:
                        samples.setdefault("page load to ready ms", []).append((time.perf_counter() - start) * 1000)
                        continue
                    first, final, snippets, shown = page.evaluate(TIME_TYPED, q)
                    samples.setdefault(f"'{q}' first result ms", []).append(first)
                    samples.setdefault(f"'{q}' results final ms", []).append(final)
                    samples.setdefault(f"'{q}' with snippets ms", []).append(snippets)
                    samples.setdefault(f"'{q}' papers found", []).append(shown)
            if cdp and profile:
                profile.write_text(json.dumps(cdp.send("Profiler.stop")["profile"]))
        finally:
            browser.close()
    return {name: statistics.median(values) for name, values in samples.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=10000)
    parser.add_argument("--keep", type=Path, help="build here and keep it (default: a temporary folder)")
    parser.add_argument("--runs", type=int, default=5, help="cold page loads per query; medians are printed")
    parser.add_argument("--reuse", action="store_true", help="with --keep: reuse the site built there before")
    parser.add_argument("--profile", type=Path, help="write a Chrome CPU profile (.cpuprofile) of the runs here")
    args = parser.parse_args(argv)
    where = args.keep or Path(tempfile.mkdtemp(prefix="search-scale-"))
    try:
        if args.reuse and args.keep and (where / "_site/search.html").is_file():
            papers = read_back(where)
            out, numbers = where / "_site", {}
        else:
            out, numbers, papers = site(args.n, where)
        numbers |= browse(out, papers, args.runs, args.profile)
        for name, value in numbers.items():
            print(f"{name:45} {value:10.1f}" if isinstance(value, float) else f"{name:45} {value:>10}")
    finally:
        if not args.keep:
            shutil.rmtree(where, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
