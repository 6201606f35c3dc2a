"""A reader in a real browser: open the site from disk, search, follow a result."""
from __future__ import annotations

import pytest

from .browser import browser_page

pytestmark = pytest.mark.browser


def test_search_from_disk_and_follow_a_result(seeds_site):
    index = (seeds_site / "_site/index.html").as_uri()
    with browser_page() as page:
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(index)
        assert page.locator("h1").first.inner_text().strip()
        box = page.locator("header input[name=q]")
        box.fill("mamba remote sensing")
        box.press("Enter")
        page.wait_for_url("**/search.html?q=*")
        page.wait_for_selector("#results li")
        first = page.locator("#results li a.paper-title").first
        assert "RSMamba" in first.inner_text()  # a title match ranks first
        first.click()
        page.wait_for_url("**/papers/*.html")
        assert page.locator("h1").inner_text().startswith("RSMamba")
        assert errors == []


def test_search_query_lives_in_the_url(seeds_site):
    url = (seeds_site / "_site/search.html").as_uri() + "?q=whole+slide"
    with browser_page() as page:
        page.goto(url)
        page.wait_for_selector("#results li")
        assert page.locator("#q").input_value() == "whole slide"
        titles = page.locator("#results li a.paper-title").all_inner_texts()
        assert any("Whole Slide" in t for t in titles[:5])
        status = page.locator("#search-status").inner_text()
        assert status.split()[0].isdigit()
        # results show date or tags and a snippet
        assert page.locator("#results li .snippet").first.inner_text()
