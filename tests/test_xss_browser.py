"""A real browser opens pages built from hostile input: no script from the data ever runs."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

from .browser import browser_page
from .test_hostile import ROWS, by_title, hostile  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

# Every payload in the hostile table calls alert(), confirm() or prompt(), so a dialog means script ran.
PAYLOAD_QUERIES = ["scripted", "alert", "<img src=x onerror=alert(1)>", "\"><script>alert(1)</script>",
                   "javascript:alert(1)", "{{ 7*7 }}"]


def _pages(site: Path, titles: dict[str, dict]) -> list[str]:
    urls = [site / titles[" ".join(ROWS[row][0].split())]["url"] for row in ("script", "img", "markdown", "url")]
    urls += [site / "papers/own-page.html", site / "index.html", site / "tags/index.html"]
    urls += sorted((site / "tags").glob("*.html"))[:3] + sorted((site / "collections").glob("*.html"))[:1]
    pages = [p.as_uri() for p in urls]
    pages += [(site / "search.html").as_uri() + "?q=" + quote(q) for q in PAYLOAD_QUERIES]
    pages.append((site / "tags/intersection.html").as_uri() + "?tags=" + quote("<script>alert(1)</script>"))
    return pages


def test_no_script_from_the_data_runs_in_a_browser(hostile, by_title):  # noqa: F811
    site = hostile / "_site"
    dialogs: list[str] = []
    errors: list[str] = []
    with browser_page() as page:
        page.on("dialog", lambda d: (dialogs.append(f"{page.url}: {d.type} {d.message}"), d.dismiss()))
        page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
        page.on("console", lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
        for url in _pages(site, by_title):
            page.goto(url)
            page.wait_for_load_state("load")
            if "search.html?q=scripted" in url:
                page.wait_for_selector("#results li")
                titles = page.locator("#results li a.paper-title").all_inner_texts()
                assert any("<script>alert('title')</script>" in t for t in titles), titles
            page.wait_for_timeout(50)  # let an injected onerror/onload fire
        # typing a payload into the search box runs nothing either
        page.goto((site / "search.html").as_uri())
        page.fill("#q", "<img src=x onerror=alert('typed')>")
        page.wait_for_timeout(100)
    assert dialogs == []
    assert errors == []
