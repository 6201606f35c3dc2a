"""Tags end to end: the user's additions and vetoes survive ingest; tag pages; intersections."""
from __future__ import annotations

import json
import re

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from .browser import browser_page
from .conftest import ROOT, dump, run_build

TAXONOMY = (ROOT / "taxonomy.yaml").read_text()


def test_veto_and_added_tag_survive_reingest(make_site):
    root = make_site({"taxonomy.yaml": TAXONOMY, "seeds/a.txt": dump(
        ("RSMamba: Remote Sensing Image Classification with State Space Model",
         "We classify remote sensing images with Mamba, a state space model."))})
    assert run_build(root, "ingest").returncode == 0
    page = root / "content/papers/rsmamba-remote-sensing-image-classification-with-state-space-model.md"
    text = page.read_text()
    assert re.search(r"^tags:\n(- .+\n)*- mamba\n", text, re.M)
    page.write_text(text.replace("my_tags: []", "my_tags:\n- survey").replace("not_tags: []", "not_tags:\n- mamba"))
    for _ in range(2):
        result = run_build(root, "build")
        assert result.returncode == 0, result.stderr
    after = page.read_text()
    assert "my_tags:\n- survey\n" in after and "not_tags:\n- mamba\n" in after
    data = json.loads((root / "_site/papers.json").read_text())[0]
    assert "mamba" not in data["tags"] and "survey" in data["tags"] and "remote-sensing" in data["tags"]


def test_unknown_tag_warns_and_strict_fails(make_site):
    root = make_site({"taxonomy.yaml": TAXONOMY, "seeds/a.txt": dump(("Alpha", "Mamba for images."))})
    assert run_build(root, "ingest").returncode == 0
    page = next((root / "content/papers").glob("*.md"))
    page.write_text(page.read_text().replace("my_tags: []", "my_tags:\n- mamaba"))
    result = run_build(root, "build")
    assert result.returncode == 0
    assert re.search(r"content/papers/alpha.md: warning: tag 'mamaba' is not in the taxonomy \(did you mean 'mamba'\?\)", result.stderr)
    assert run_build(root, "build", "--strict").returncode == 1


def test_tag_page_has_chart_count_and_intersections(seeds_site):
    page = HTMLParser((seeds_site / "_site/tags/mamba.html").read_text())
    data = json.loads((seeds_site / "_site/papers.json").read_text())
    mamba = [d for d in data if "mamba" in d["tags"]]
    assert page.css_first(".count").text().startswith(f"{len(mamba)} papers")
    assert len(page.css(".paper-list > li")) == len(mamba)
    assert page.css_first("svg.chart") is not None
    hrefs = [a.attributes["href"] for a in page.css(".together a")]
    assert hrefs and all(h.startswith("../tags/intersection.html?tags=") for h in hrefs)
    assert (seeds_site / "_site/tags/mamba.xml").is_file()


@pytest.mark.browser
def test_intersection_link_from_disk_shows_exactly_the_papers_with_all_tags(seeds_site):
    data = json.loads((seeds_site / "_site/papers.json").read_text())
    expected = sorted(d["title"] for d in data if {"mamba", "remote-sensing"} <= set(d["tags"]))
    assert len(expected) >= 2
    url = (seeds_site / "_site/tags/intersection.html").as_uri() + "?tags=mamba,remote-sensing"
    with browser_page() as page:
        page.goto(url)
        titles = sorted(page.locator("#results a.paper-title").all_inner_texts())
        summary = page.locator("#search-status").inner_text()
        assert titles == expected
        assert summary.startswith(f"{len(expected)} papers tagged ") and "Mamba" in summary
        with_code = [d["title"] for d in data if {"mamba", "remote-sensing"} <= set(d["tags"]) and d["code"]]
        page.goto(url + "&code=1")
        assert sorted(page.locator("#results a.paper-title").all_inner_texts()) == sorted(with_code)
        assert page.locator("#search-status").inner_text().endswith("with code.")



@pytest.mark.browser
def test_year_and_collection_tags_lead_to_the_lists_of_their_papers(seeds_site):
    """A year or collection tag has no list of its own (it would copy another list): the tags
    index links it to the page that lists exactly its papers, with the count it shows; its old
    address (a link someone shared) leads there too, and is no page for search engines."""
    site = seeds_site / "_site"
    data = json.loads((site / "papers.json").read_text())
    index = HTMLParser((site / "tags/index.html").read_text())
    counts = {li.css_first("a").attributes["href"]: int(li.css_first(".n").text()) for li in index.css(".facet li")}
    moved = sorted((site / "tags").glob("year-*.html")) + sorted((site / "tags").glob("collection-*.html"))
    assert len(moved) == sum(1 for h in counts if h.startswith(("../collections/", "../search.html?from=")))
    for path in moved:
        page = HTMLParser(path.read_text())
        target = page.css_first("a#moved-to").attributes["href"]
        assert target in counts and page.css_first('meta[name="robots"]').attributes["content"] == "noindex"
        if (site / "sitemap.xml").exists():
            assert f"tags/{path.name}" not in (site / "sitemap.xml").read_text()
    collections = {h: n for h, n in counts.items() if h.startswith("../collections/")}
    assert sorted(collections) == sorted(f"../collections/{p.name}" for p in (site / "collections").glob("*.html")
                                         if "--page-" not in p.name)
    for href, n in collections.items():
        page = HTMLParser((site / "tags" / href).read_text())
        assert page.css_first(".count").text().startswith(f"{n} papers")
    years = {h: n for h, n in counts.items() if h.startswith("../search.html?from=")}
    href, n = next((h, n) for h, n in years.items() if "from=2024" in h)
    assert n == sum(1 for d in data if (d["date"] or "").startswith("2024")) > 0
    with browser_page() as page:
        for address in (href, "year-2024.html"):  # the tags index's link, and the old page's address
            page.goto((site / "tags").as_uri() + "/" + address)
            page.wait_for_selector("#results li")
            assert page.locator("#search-status").inner_text().startswith(f"{n} papers")


@pytest.mark.browser
@pytest.mark.parametrize("page_name", ["tags/mamba.html", "collections/000-a7c0a9eec9c0c9d6.html", "index.html"])
def test_list_items_show_their_tags_by_name_as_links(seeds_site, page_name):
    """Items carry tag ids; the page shows each paper's topical tags by name, linking to
    their pages (a tag's own page leaves itself out), from disk."""
    site = seeds_site / "_site"
    data = {d["url"]: d for d in json.loads((site / "papers.json").read_text())}
    names = {a.attributes["href"].removeprefix("../").removeprefix("tags/").removesuffix(".html"): a.text()
             for a in HTMLParser((site / "tags/index.html").read_text()).css(".facet a")
             if not a.attributes["href"].startswith(("../collections/", "../search.html", "../tags/has-code"))}
    own = page_name.removeprefix("tags/").removesuffix(".html") if page_name.startswith("tags/") else ""
    with browser_page() as page:
        page.goto((site / page_name).as_uri())
        items = page.locator("ol.paper-list > li").evaluate_all("""lis => lis.map(li => ({
            url: li.querySelector('a.paper-title').getAttribute('href'),
            tags: [...li.querySelectorAll('.meta a.tag')].map(a => [a.getAttribute('href'), a.textContent])}))""")
        assert items and any(i["tags"] for i in items)
        prefix = "" if page_name == "index.html" else "../"
        for item in items:
            paper = data[item["url"].removeprefix(prefix)]
            expected = [(f"{prefix}tags/{t}.html", names[t]) for t in paper["tags"] if t in names and t != own]
            assert [tuple(t) for t in item["tags"]] == expected, item["url"]
        first = next(i for i in items if i["tags"])
        page.locator(f'.meta a.tag[href="{first["tags"][0][0]}"]').first.click()
        page.wait_for_url("**/" + first["tags"][0][0].removeprefix("../"))
        assert page.locator("h1").inner_text() == first["tags"][0][1]
