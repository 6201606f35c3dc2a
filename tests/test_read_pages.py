"""What the pages give a reader, parsed: the shared layout (skip link, labelled landmarks,
theme script, favicon), charts that link to what they count, year headings and the
all-papers page, sort switches only where they mean something, the 404 page and the
Pages workflow's URL."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import yaml
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from site_src.links.taxonomy import load_taxonomy
from site_src.render.charts import year_histogram
from site_src.serve.httpd import with_root_base

from .conftest import ROOT, run_build


def parse(path: Path) -> HTMLParser:
    return HTMLParser(path.read_text(encoding="utf-8"))


def papers(site: Path) -> list[dict]:
    return json.loads((site / "_site/papers.json").read_text())


def test_every_page_has_a_skip_link_labelled_landmarks_a_theme_and_a_favicon(seeds_site: Path) -> None:
    out = seeds_site / "_site"
    for path in [out / "index.html", out / "404.html", out / "papers/index.html", *out.glob("*/*.html")]:
        doc = parse(path)
        skip = doc.css_first("body > a.skip-link")
        assert skip is not None and skip.attributes["href"] == "#main", path
        assert doc.css_first("main#main") is not None, path
        assert doc.css_first("header nav").attributes.get("aria-label") == "Site", path
        assert doc.css_first("header form[role=search]").attributes.get("aria-label") == "Site search", path
        head = [n.tag + ":" + (n.attributes.get("src") or n.attributes.get("href") or "") for n in doc.css("head > *")]
        root = "../" if path.parent != out else ""
        assert f"link:{root}assets/favicon.svg" in head, path
        if path.name == "404.html":  # served at any depth: holds its theme and style
            continue
        assert f"script:{root}assets/theme.js" in head, path
        assert head.index(f"script:{root}assets/theme.js") < head.index(f"link:{root}assets/style.css"), path
        assert doc.css_first("button.theme-toggle").attributes.get("aria-pressed") == "false"
    assert (out / "assets/favicon.svg").is_file() and (out / "assets/theme.js").is_file()


def test_home_counts_the_topics_and_says_how_many_papers_are_undated(seeds_site: Path) -> None:
    doc = parse(seeds_site / "_site/index.html")
    topics = len(load_taxonomy(seeds_site / "taxonomy.yaml", "taxonomy.yaml").topical_tags)
    count = doc.css_first(".intro .count").text()
    assert f"{topics} topics" in count and "+" not in count
    every = papers(seeds_site)
    undated = sum(1 for p in every if not p["date"])
    assert undated > 0
    caption = doc.css_first(".years .chart-caption").text()
    assert f"{len(every) - undated} of the {len(every)} papers have a date; {undated} are undated" in caption


def test_home_chart_bars_link_to_their_years_papers(seeds_site: Path) -> None:
    doc = parse(seeds_site / "_site/index.html")
    svg = doc.css_first(".years svg.year-histogram")
    assert svg.attributes["role"] == "group"  # it holds links: an img would hide them
    years = Counter(int(p["date"][:4]) for p in papers(seeds_site) if p["date"])
    links = svg.css("a")
    assert len(links) == len(years)
    for a in links:
        year, count = a.attributes["aria-label"].split(": ")
        assert a.attributes["href"] == f"tags/intersection.html?tags=&from={year}&to={year}"
        assert int(count.split()[0]) == years[int(year)]


def test_tag_chart_bars_name_the_tag_and_the_year(seeds_site: Path) -> None:
    for p in papers(seeds_site):
        if p["date"] and "mamba" in p["tags"]:
            break
    doc = parse(seeds_site / "_site/tags/mamba.html")
    hrefs = [a.attributes["href"] for a in doc.css("svg.year-histogram a")]
    assert hrefs and all(h.startswith("intersection.html?tags=mamba&from=") for h in hrefs)
    year = p["date"][:4]
    assert f"intersection.html?tags=mamba&from={year}&to={year}" in hrefs


def test_matrix_and_graph_expose_their_links(seeds_site: Path) -> None:
    matrix = parse(seeds_site / "_site/tags/index.html").css_first("svg.cooccurrence")
    assert matrix.attributes["role"] == "group"
    cells = matrix.css("a")
    # each cell's <title> ("A + B: 3 papers") is its tooltip and its accessible name
    assert cells and all(" + " in a.css_first("title").text() for a in cells)
    region = parse(seeds_site / "_site/tags/index.html").css_first(".cooccurrence .chart-scroll")
    assert region.attributes["role"] == "region" and region.attributes["aria-labelledby"] == "matrix-heading"
    # the neighbourhood graph is drawn in the browser from a paper's lists (tests/test_neighbourhood.py):
    # a page with neighbours loads the script, one without does not, and no page repeats them in markup
    pages = [parse(p) for p in (seeds_site / "_site/papers").glob("*.html") if "--" not in p.name
             and p.name != "index.html"]
    lists = "section.related li, section.mentions li, section.mentioned-by li"
    with_graph = [bool(doc.css(lists)) for doc in pages]
    scripts = [any(s.attributes.get("src", "").endswith("assets/neighbourhood.js") for s in doc.css("script"))
               for doc in pages]
    assert any(with_graph) and scripts == with_graph
    assert all(doc.css_first("svg") is None for doc in pages)


def test_one_year_is_a_bar_not_a_wall() -> None:
    svg = HTMLParser(year_histogram({2024: 1})).css_first("svg")
    assert float(svg.css_first("rect").attributes["width"]) <= 32
    assert float(svg.attributes["width"]) <= 320


def test_all_papers_page_lists_every_paper_once_under_year_headings(seeds_site: Path) -> None:
    doc = parse(seeds_site / "_site/papers/index.html")
    every = papers(seeds_site)
    titles = [a.text() for a in doc.css(".sortable a.paper-title")]
    assert sorted(titles) == sorted(p["title"] for p in every)
    headings = [h.text().split()[0] for h in doc.css("h2.year")]
    years = sorted({p["date"][:4] for p in every if p["date"]}, reverse=True)
    assert headings == [*years, "Undated"]
    jump = [a.attributes["href"] for a in doc.css("nav.year-jump a")]
    assert jump == [f"#{h.attributes['id']}" for h in doc.css("h2.year")]
    sorts = [b.attributes["data-sort"] for b in doc.css(".sort-switch button")]
    assert sorts == ["date", "upvotes", "title"]


def test_short_lists_stay_flat_and_long_ones_get_year_headings(seeds_site: Path) -> None:
    out = seeds_site / "_site/tags"
    for page in out.glob("*.html"):
        if page.name in ("index.html", "intersection.html"):
            continue
        doc = parse(page)
        n = len(doc.css(".sortable .paper-item"))
        headings = doc.css(".sortable h2.year")
        if n <= 12:
            assert not headings, page.name
        years = [h.text().split()[0] for h in headings]
        assert years == sorted((y for y in years if y != "Undated"), reverse=True) + (
            ["Undated"] if "Undated" in years else []), page.name


YAML_SEED = "\n".join(
    f"- title: Paper number {i} about image classification\n"
    f"  abstract: We classify images with a vision transformer, number {i}.\n"
    f"  date: {2020 + i % 2}-0{1 + i % 9}-10\n"
    + ("  code: https://github.com/Owner/Repo\n  url: https://github.com/owner/repo\n" if i == 0 else "")
    for i in range(14)) + "\n"


def test_no_sort_switch_without_upvotes_and_case_twins_listed_once(make_site) -> None:
    root = make_site({"seeds/list.yaml": YAML_SEED, "site.yaml": "title: T\n"})
    result = run_build(root, "build")
    assert result.returncode == 0, result.stderr
    page = next((root / "_site/collections").glob("*.html"))
    doc = parse(page)
    assert doc.css_first(".sort-switch") is None  # no paper has upvotes: nothing to order by
    assert not [s for s in doc.css("script") if "sort.js" in (s.attributes.get("src") or "")]
    assert [h.text().split()[0] for h in doc.css("h2.year")] == ["2021", "2020"]
    paper = parse(root / "_site/papers/paper-number-0-about-image-classification.html")
    links = [a.attributes["href"].lower().rstrip("/") for a in paper.css(".facts a.code-link, .facts a.project-link")]
    assert len(links) == len(set(links))


def test_404_links_absolutely_when_the_url_is_known(make_site) -> None:
    root = make_site({"seeds/list.yaml": YAML_SEED, "site.yaml": "title: T\n"})
    assert run_build(root, "build", "--base-url", "https://me.github.io/survey").returncode == 0
    doc = parse(root / "_site/404.html")
    refs = [n.attributes.get("href") or n.attributes.get("src") for n in doc.css("link[href], script[src], a[href]")]
    assert refs and all(r.startswith(("https://me.github.io/survey/", "#")) for r in refs)
    assert all("new Image" not in n.text() for n in doc.css("script"))  # its links need no script to find the root
    assert doc.css("head > style")
    assert "https://me.github.io/survey/papers/index.html" in (root / "_site/sitemap.xml").read_text()


def test_the_404_page_holds_its_style_and_theme_and_finds_its_root(seeds_site: Path) -> None:
    doc = parse(seeds_site / "_site/404.html")
    assert doc.css("link[rel=stylesheet]") == [] and doc.css("script[src]") == []
    styles = doc.css("head > style")
    assert len(styles) == 1 and styles[0].text() == (ROOT / "templates/assets/style.css").read_text()
    scripts = [s.text() for s in doc.css("script")]
    assert (ROOT / "templates/assets/theme.js").read_text() in scripts  # in <head>, before the body: no flash
    assert doc.css("head > script")[0].text() == (ROOT / "templates/assets/theme.js").read_text()
    assert (ROOT / "templates/404-root.js").read_text() in scripts  # no URL known: it finds the root
    assert [a.attributes["href"] for a in doc.css("main a")] == [
        "index.html", "papers/index.html", "tags/index.html", "search.html"]


def test_the_dev_server_gives_the_404_page_its_root_as_base() -> None:
    page = b"<!doctype html><html><head><title>x</title></head><body></body></html>"
    fixed = HTMLParser(with_root_base(page).decode())
    assert fixed.css_first("head > base").attributes["href"] == "/"
    assert with_root_base(with_root_base(page)) == with_root_base(page)


def test_the_pages_workflow_builds_with_the_pages_url() -> None:
    flow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text())
    steps = flow["jobs"]["build"]["steps"]
    pages = next(s for s in steps if str(s.get("uses", "")).startswith("actions/configure-pages@"))
    build = next(s for s in steps if "make site" in str(s.get("run", "")))
    assert steps.index(pages) < steps.index(build)
    assert build["env"]["BUILD_FLAGS"] == f"--base-url ${{{{ steps.{pages['id']}.outputs.base_url }}}}"
    assert "BUILD_FLAGS" in (ROOT / "Makefile").read_text()
