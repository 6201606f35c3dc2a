"""The built seeds' site: pages parsed as HTML, papers.json, and every internal link."""
from __future__ import annotations

import json
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser as HTMLParser

from site_src.config import Config
from site_src.errors import Report
from site_src.output.check import check_links
from site_src.sources import read_sources

from .conftest import ROOT


def _html(path: Path) -> HTMLParser:
    return HTMLParser(path.read_text(encoding="utf-8"))


def test_papers_json_holds_every_paper(seeds_site):
    data = json.loads((seeds_site / "_site/papers.json").read_text())
    assert len(data) == 319
    assert {"slug", "title", "url", "date", "authors", "upvotes", "tags", "collections", "code", "mentions",
            "mentioned_by", "related"} <= set(data[0])
    for item in data:
        assert (seeds_site / "_site" / item["url"]).is_file()
        assert item["date"] is None or len(item["date"]) == 10
    three = [d for d in data if len(d["collections"]) == 3]
    assert len(three) == 10


def test_every_seed_title_has_its_page(seeds_site):
    records = read_sources(Config(root=ROOT), Report())
    data = json.loads((seeds_site / "_site/papers.json").read_text())
    by_title = {d["title"]: d for d in data}
    for record in records:
        page = _html(seeds_site / "_site" / by_title[record.title]["url"])
        assert page.css_first("h1").text() == record.title


def test_a_paper_page_shows_its_facts(seeds_site):
    page = _html(seeds_site / "_site/papers/diffusion-models-beat-gans-on-image-classification.html")
    facts = {dt.text(): dd.text() for dt, dd in zip(page.css(".facts dt"), page.css(".facts dd"))}
    assert facts["Date"] == "Jul 17, 2023"
    assert facts["Authors"] == "8 authors"
    assert facts["Upvotes"] == "1"
    assert len(page.css(".facts dd.collections a")) == 3
    assert page.css_first("title").text().startswith("Diffusion Models Beat GANs on Image Classification")


def test_code_link_is_shown_and_safe(seeds_site):
    page = _html(seeds_site / "_site/papers/rsmamba-remote-sensing-image-classification-with-state-space-model.html")
    assert [a.attributes["href"] for a in page.css("a.code-link")] == ["https://github.com/KyanChen/RSMamba"]


def test_home_page_lists_collections_and_recent_papers(seeds_site):
    page = _html(seeds_site / "_site/index.html")
    assert len(page.css(".collections li")) == 5
    recent = page.css_first("section.recent").css(".paper-item time")
    dates = [t.attributes["datetime"] for t in recent]
    assert dates and dates == sorted(dates, reverse=True)


def test_every_internal_link_resolves_and_names_a_file(seeds_site):
    assert check_links(seeds_site / "_site") == []


def test_no_page_loads_anything_from_the_network(seeds_site):
    for page in (seeds_site / "_site").rglob("*.html"):
        tree = _html(page)
        for node in tree.css("script[src], link[href], img[src]"):
            ref = node.attributes.get("src") or node.attributes.get("href") or ""
            assert "://" not in ref and not ref.startswith("//"), (page, ref)


def test_search_index_ships_as_script_not_fetch(seeds_site):
    search = _html(seeds_site / "_site/search.html")
    scripts = [s.attributes["src"] for s in search.css("script[src]")]
    assert "assets/search-index.js" in scripts and "assets/vendor/lunr/lunr.min.js" in scripts
    js = (ROOT / "templates/assets/explorer.js").read_text()
    assert "fetch(" not in js and "XMLHttpRequest" not in js and "innerHTML" not in js


def test_user_template_overrides_the_project_one(make_site):
    from .conftest import dump, run_build
    root = make_site({"seeds/a.txt": dump(("Alpha", "About alpha.")),
                      "mytemplates/404.html": "{% extends 'base.html' %}{% block main %}<h1>Lost!</h1>{% endblock %}"})
    assert run_build(root, "build", "--templates", "mytemplates").returncode == 0
    assert _html(root / "_site/404.html").css_first("h1").text() == "Lost!"
    assert _html(root / "_site/index.html").css_first("h1").text() == "Literature survey"


def test_check_fails_on_a_template_that_breaks_the_page(make_site):
    from .conftest import dump, run_build
    root = make_site({"seeds/a.txt": dump(("Alpha", "About alpha.")),
                      "mytemplates/404.html": "{% extends 'base.html' %}{% block main %}<div><h1>Lost</h1>{% endblock %}"})
    result = run_build(root, "check", "--templates", "mytemplates")
    assert result.returncode == 1
    assert any(line.startswith("404.html:") and "<div> is never closed" in line for line in result.stderr.splitlines())
    assert run_build(root, "check").returncode == 0
