"""Reading the site in a real browser: accessibility (axe-core), dark mode, phones, the
nested 404 page under the dev server, and chart bars that open the papers they count.

axe-core comes from npm (``make axe``, run by ``make test``) into ``node_modules/``,
ignored by git; it is injected into each page here and never shipped with the site.
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from .browser import browser_page
from .conftest import ROOT

pytestmark = pytest.mark.browser
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
SERIOUS = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => v.id + " (" + v.impact + "): " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | "));
}"""


def page_types(site: Path) -> dict[str, Path]:
    """One page of every kind, the fullest of its kind where it matters (a paper with a
    neighbourhood graph, the largest tag and collection)."""
    out = site / "_site"
    lists = "section.related li, section.mentions li, section.mentioned-by li"  # what the graph is drawn from
    with_graph = next(p for p in sorted((out / "papers").glob("*.html"))
                      if len(HTMLParser(p.read_text()).css(lists)) > 3)
    tags = [p for p in (out / "tags").glob("*.html") if p.name not in ("index.html", "intersection.html")]
    return {
        "home": out / "index.html",
        "paper": with_graph,
        "tags-index": out / "tags/index.html",
        "tag": max(tags, key=lambda p: p.stat().st_size),
        "collection": max((out / "collections").glob("*.html"), key=lambda p: p.stat().st_size),
        "all-papers": out / "papers/index.html",
        "search": out / "search.html",
        "intersection": out / "tags/intersection.html",
        "404": out / "404.html",
    }


def background(page: Any) -> str:
    return str(page.evaluate("getComputedStyle(document.body).backgroundColor"))


def is_dark(colour: str) -> bool:
    r, g, b = (int(x) for x in colour[colour.index("(") + 1:colour.index(")")].split(",")[:3])
    return r + g + b < 3 * 80


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_serious_on_any_page_type(seeds_site: Path, scheme: str) -> None:
    if not AXE.is_file():
        pytest.fail("axe-core is not installed: run `make axe` (npm)")
    found: dict[str, list[str]] = {}
    with browser_page() as page:
        page.emulate_media(color_scheme=scheme)
        for kind, path in page_types(seeds_site).items():
            page.goto(path.as_uri() + ("?q=mamba" if kind == "search" else "?tags=mamba" if kind == "intersection" else ""))
            page.wait_for_load_state("load")
            assert is_dark(background(page)) == (scheme == "dark"), kind
            page.add_script_tag(path=str(AXE))
            problems = page.evaluate(SERIOUS)
            if problems:
                found[kind] = problems
    assert found == {}


def test_no_sideways_scroll_on_a_phone_and_a_compact_header(seeds_site: Path) -> None:
    wide: dict[str, int] = {}
    with browser_page() as page:
        page.set_viewport_size(PHONE)
        for kind, path in page_types(seeds_site).items():
            page.goto(path.as_uri())
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                wide[kind] = width
            if kind == "home":
                header = page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")
                assert header <= 130, header  # of 844: the page starts in the first screen
        page.goto(page_types(seeds_site)["tags-index"].as_uri())
        # the matrix keeps readable labels and scrolls in its own labelled box
        box = page.locator(".cooccurrence .chart-scroll")
        assert box.get_attribute("role") == "region" and box.get_attribute("tabindex") == "0"
        size = page.evaluate("getComputedStyle(document.querySelector('svg.cooccurrence text')).fontSize")
        scale = page.evaluate("(() => { const s = document.querySelector('svg.cooccurrence');"
                              " return s.getBoundingClientRect().width / s.viewBox.baseVal.width; })()")
        assert float(size.removesuffix("px")) * scale >= 10
    assert wide == {}


def test_dark_mode_follows_the_system_then_the_toggle_and_is_remembered(seeds_site: Path) -> None:
    kinds = page_types(seeds_site)
    with browser_page() as page:
        page.emulate_media(color_scheme="dark")
        page.goto(kinds["home"].as_uri())
        assert is_dark(background(page))
        bar = page.evaluate("getComputedStyle(document.querySelector('.chart-bar')).fill")
        page.emulate_media(color_scheme="light")
        assert not is_dark(background(page))
        assert page.evaluate("getComputedStyle(document.querySelector('.chart-bar')).fill") != bar  # SVG follows
        toggle = page.locator(".theme-toggle")
        assert toggle.is_visible() and toggle.get_attribute("aria-pressed") == "false"
        toggle.click()
        assert is_dark(background(page)) and toggle.get_attribute("aria-pressed") == "true"
        assert page.evaluate("getComputedStyle(document.querySelector('.chart-bar')).fill") == bar
        page.goto(kinds["paper"].as_uri())  # another page, another folder, from disk
        assert is_dark(background(page))
        edge = page.evaluate("getComputedStyle(document.querySelector('svg.neighbourhood circle')).fill")
        assert edge != "rgb(31, 111, 235)"  # the light theme's inline colour was replaced
        page.locator(".theme-toggle").click()
        page.goto(kinds["tag"].as_uri())
        assert not is_dark(background(page))  # light, chosen, although... the system is light too
        page.emulate_media(color_scheme="dark")
        assert not is_dark(background(page))  # the reader's choice beats the system's


def test_the_toggle_is_remembered_where_local_storage_is_refused(seeds_site: Path) -> None:
    kinds = page_types(seeds_site)
    with browser_page() as page:
        page.add_init_script("Object.defineProperty(window, 'localStorage', "
                             "{get() { throw new DOMException('denied', 'SecurityError'); }});")
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.emulate_media(color_scheme="light")
        page.goto(kinds["home"].as_uri())
        page.locator(".theme-toggle").click()
        assert is_dark(background(page))
        page.goto(kinds["tags-index"].as_uri())
        assert is_dark(background(page))
        assert errors == []


def test_a_chart_bar_opens_the_papers_it_counts(seeds_site: Path) -> None:
    """A bar links to the explorer's state for its year (and tag); the explorer (issue 13)
    may redirect that URL to its own page, keeping the state."""
    kinds = page_types(seeds_site)
    with browser_page() as page:
        for start, tag in ((seeds_site / "_site/tags/mamba.html", "mamba"), (kinds["home"], "")):
            page.goto(start.as_uri())
            link = page.locator("svg.year-histogram a").last
            year = (link.get_attribute("aria-label") or "").split(": ")[0]
            assert link.get_attribute("href", timeout=1000).endswith(
                f"intersection.html?tags={tag}&from={year}&to={year}")
            link.click()
            page.wait_for_url(f"**from={year}&to={year}*")
            assert tag in page.url


@pytest.fixture
def served(seeds_site: Path, tmp_path: Path) -> Iterator[str]:
    """``build.py serve`` on a private copy of the seeds' project, on a free port."""
    project = tmp_path / "project"
    shutil.copytree(seeds_site, project, symlinks=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port)], cwd=project,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(url + "index.html", timeout=5).close()
                break
            except OSError:  # not up yet (URLError is one), or still building
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_404_page_is_styled_at_any_depth_under_serve(served: str) -> None:
    with browser_page() as page:
        for missing in ("nope.html", "papers/nope/x.html", "a/b/c/d/"):
            response = page.goto(served + missing)
            assert response is not None and response.status == 404
            assert page.locator("h1").inner_text() == "Page not found"
            assert page.evaluate("getComputedStyle(document.querySelector('main')).maxWidth") == "960px", missing
            page.locator("main a", has_text="home page").click()
            page.wait_for_url(served + "index.html")


def test_the_404_page_is_styled_and_links_home_at_any_depth_on_a_static_host(tmp_path: Path) -> None:
    """Published by hand without a URL: GitHub Pages serves 404.html at the missing path."""
    from .conftest import SEEDS, run_build
    from .static_host import pages_host

    project = tmp_path / "survey"
    shutil.copytree(SEEDS, project / "seeds")
    shutil.copy(ROOT / "taxonomy.yaml", project / "taxonomy.yaml")
    (project / "site.yaml").write_text("title: By hand\n", encoding="utf-8")  # no url
    assert run_build(project, "build").returncode == 0
    with pages_host(project / "_site", "survey") as base, browser_page() as page:
        for missing in ("nope.html", "papers/nope/x.html", "a/b/c/d/", "tags/mamba/old.html"):
            for scheme in ("light", "dark"):
                page.emulate_media(color_scheme=scheme)
                response = page.goto(base + missing)
                assert response is not None and response.status == 404
                assert page.locator("h1").inner_text() == "Page not found"
                assert page.evaluate("getComputedStyle(document.querySelector('main')).maxWidth") == "960px", missing
                assert is_dark(background(page)) == (scheme == "dark"), missing
            page.wait_for_function("document.documentElement.dataset.root !== undefined")
            assert page.locator("main a", has_text="list of all papers").get_attribute("href") == "/survey/papers/index.html"
            page.locator("main a", has_text="home page").click()
            page.wait_for_url(base + "index.html")
            assert page.locator("link[rel=stylesheet]").count() >= 1


@pytest.mark.parametrize("page_name", ["tags/mamba.html", "tags/has-code.html", "collections/000-a7c0a9eec9c0c9d6.html"])
def test_a_tag_or_collection_gives_the_bibtex_of_its_papers_through_the_explorer(seeds_site: Path,
                                                                                page_name: str) -> None:
    path = seeds_site / "_site" / page_name
    listed = len(HTMLParser(path.read_text()).css("ol.paper-list > li.paper-item"))
    with browser_page() as page:
        page.goto(path.as_uri())
        page.locator("a", has_text="BibTeX of these papers").click()
        page.wait_for_url("**/search.html?*")
        page.locator("#get-bibtex").click()
        out = page.locator("#bibtex-out")
        out.wait_for(state="visible")
        text = out.input_value()
        assert text.count("\n@") + text.startswith("@") == listed > 0
        assert page.locator("#bibtex-download").get_attribute("href")
