"""Nothing from the data becomes code: tag ids are checked wherever they come from, reserved page
names cannot be tags, and the explorer builds only relative, encoded URLs (issue 13, item 3)."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import pytest

from site_src.links.taxonomy import RESERVED_TAG_IDS, tag_id_problem
from site_src.model import Link, Paper
from site_src.render.paths import paper_path
from site_src.search.index import Facets, search_files

from .browser import browser_page
from .conftest import dump, run_build

HOSTILE_IDS = ["javascript:alert(1)", "JavaScript:alert(2)", "index", "intersection", "../x", "a b",
               '"><img src=x onerror=alert(3)>', "data:text/html,x", "-lead", "x--y"]


@pytest.mark.parametrize("tag", HOSTILE_IDS)
def test_hostile_tag_ids_are_refused(tag):
    assert tag_id_problem(tag)


@pytest.mark.parametrize("tag", ["mamba", "medical-imaging", "year-2024", "s4", "has-code"])
def test_ordinary_tag_ids_pass(tag):
    assert tag_id_problem(tag) is None


PAGE = """---
title: Own Page
slug: own-page
date: 2024-01-02
my_tags: ['javascript:alert(1)', index, mamba]
not_tags: ['<script>']
---

## Abstract
About mamba.
"""


def test_my_tags_that_are_no_tag_ids_are_errors_naming_the_page(make_site):
    root = make_site({"seeds/a.txt": dump(("Alpha", "About alpha.")), "content/papers/own-page.md": PAGE})
    result = run_build(root, "build")
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("content/papers/own-page.md")]
    assert any("my_tags: tag id 'javascript:alert(1)' must be lower-case" in line for line in lines), result.stderr
    assert any("my_tags: tag id 'index' is reserved" in line for line in lines), result.stderr
    assert any("not_tags: tag id '<script>'" in line for line in lines), result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("tag", sorted(RESERVED_TAG_IDS & {"index", "intersection", "explorer"}))
def test_a_taxonomy_tag_cannot_take_a_reserved_page_name(make_site, tag):
    taxonomy = f"facets:\n  - id: method\n    name: Method\n    tags:\n      - id: {tag}\n        name: X\n        words: [alpha]\n"
    root = make_site({"seeds/a.txt": dump(("Alpha", "About alpha.")), "taxonomy.yaml": taxonomy})
    result = run_build(root, "build")
    assert result.returncode == 1
    assert f"taxonomy.yaml:5: tag id '{tag}' is reserved" in result.stderr


# ------------------------------------------------------------------ the explorer, with hostile data planted
def _hostile_papers() -> list[Paper]:
    titles = ["<script>alert('t')</script> Mamba one", 'Mamba <img src=x onerror=alert(4)> two',
              "javascript:alert(5) Mamba three"]
    return [Paper(slug=f"p{i}", title=t, abstract="Mamba <script>alert(6)</script> [x](javascript:alert(7))",
                  authors=("<b onmouseover=alert(8)>Eve</b>",), venue="<svg onload=alert(9)>",
                  links=(Link("code", "javascript:alert(10)"),), collections=("c<script>",),
                  auto_tags=tuple(HOSTILE_IDS)) for i, t in enumerate(titles)]


@pytest.mark.browser
def test_planted_hostile_tags_titles_and_names_run_nothing_in_the_explorer(seeds_site: Path, tmp_path: Path):
    """Tags that slipped past every check still become encoded relative links, never script."""
    import shutil
    site = tmp_path / "_site"
    shutil.copytree(seeds_site / "_site", site)
    papers = _hostile_papers()
    facets = Facets(tags=[(t, f"<img src=x onerror=alert('{i}')> {t}", "<b>facet</b>", True)
                          for i, t in enumerate(HOSTILE_IDS)],
                    collections=[("c<script>", "<script>alert(11)</script>")],
                    bibtex=lambda p: "@misc{" + p.slug + ",\n  title = {</textarea><script>alert(12)</script>}\n}\n")
    url_of = {p.slug: paper_path(p.slug) for p in papers}
    url_of["p2"] = "javascript:alert(13)"  # a URL that is no site path must stay relative too
    for path, data in search_files(papers, {t: t for t in HOSTILE_IDS}, url_of, facets=facets):
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_bytes(data)
    dialogs: list[str] = []
    errors: list[str] = []
    pages = [(site / "search.html").as_uri() + q for q in
             ["?q=mamba", "?q=" + quote("<img src=x onerror=alert(14)>"), "?tags=" + quote(",".join(HOSTILE_IDS)),
              "?coll=" + quote("c<script>") + "&q=mamba"]]
    pages.append((site / "tags/intersection.html").as_uri() + "?tags=" + quote("javascript:alert(15)") + "&x=%22%3E")
    with browser_page() as page:
        page.on("dialog", lambda d: (dialogs.append(f"{d.type} {d.message}"), d.dismiss()))
        page.on("pageerror", lambda e: errors.append(str(e)))
        for url in pages:
            page.goto(url)
            page.wait_for_load_state("load")
            page.wait_for_timeout(150)
            hrefs = page.evaluate("Array.from(document.querySelectorAll('[href],[src]'))"
                                  ".map(e => e.getAttribute('href') || e.getAttribute('src'))")
            resolved = page.evaluate("Array.from(document.links).map(a => a.href)")
            assert not [h for h in hrefs + resolved if h.strip().lower().startswith(("javascript:", "data:"))], url
            assert all(h.startswith(("file:", "blob:")) for h in resolved), resolved
        page.goto((site / "search.html").as_uri() + "?q=mamba")
        page.wait_for_selector("#results li")
        assert page.locator("#results li").count() == 3
        for box in page.locator("#f-tags input").all():
            box.check()
        page.locator("#results a.paper-title").first.hover()
        page.click("#get-bibtex")
        page.wait_for_function("document.getElementById('bibtex-out').value.length > 0")
        assert "</textarea><script>" in page.locator("#bibtex-out").input_value()
        page.wait_for_timeout(150)
    assert dialogs == [] and errors == []


def test_search_docs_are_plain_data(seeds_site: Path):
    text = (seeds_site / "_site/assets/search-docs.js").read_text()
    assert text.startswith("window.SEARCH_DOCS = ") and "<" not in text
    data = json.loads(text.removeprefix("window.SEARCH_DOCS = ").rstrip().rstrip(";"))
    assert all(tag_id_problem(t[0]) is None for t in data["tags"])
