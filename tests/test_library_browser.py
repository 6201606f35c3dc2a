"""A reader in a real browser, from disk: the paper's buttons, copying its BibTeX, an author page."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .browser import browser_page
from .conftest import run_build

pytestmark = pytest.mark.browser
LIBRARY = Path(__file__).parent / "data" / "library"


def test_buttons_copy_bibtex_and_author_page_from_disk(tmp_path):
    root = tmp_path / "lib"
    (root / "seeds").mkdir(parents=True)
    shutil.copy(LIBRARY / "dblp.bib", root / "seeds/dblp.bib")
    # a second paper by one of DETR's authors: an author of two papers has a page
    (root / "seeds/more.yaml").write_text(
        "- title: Wide Residual Networks\n  date: 2016-05-23\n  arxiv: '1605.07146'\n"
        "  authors: [Sergey Zagoruyko, Nikos Komodakis]\n", encoding="utf-8")
    assert run_build(root, "build").returncode == 0
    page_url = (root / "_site/papers/end-to-end-object-detection-with-transformers.html").as_uri()
    with browser_page() as page:
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        page.goto(page_url)
        doi = page.locator(".buttons a.doi-button")
        assert doi.get_attribute("href") == "https://doi.org/10.1007/978-3-030-58452-8_13"
        copy = page.locator(".buttons button.copy")
        copy.wait_for(state="visible")
        copy.click()
        page.wait_for_function("document.querySelector('.buttons button.copy').textContent !== 'Copy BibTeX'")
        assert copy.inner_text() == "Copied"
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied.startswith("@inproceedings{DBLP:conf/eccv/CarionMSUKZ20,")
        bib = page.locator(".buttons a.bib-button")  # a .bib file made in the page: no file fetched
        bib.wait_for(state="visible")
        with page.expect_download() as download:
            bib.click()
        saved = Path(download.value.path()).read_text(encoding="utf-8")
        assert download.value.suggested_filename == "end-to-end-object-detection-with-transformers.bib"
        assert saved == copied and "abstract" not in saved  # the entry to cite, as the page shows it
        # two papers: his name opens the explorer's list of them (a page of his own from five)
        page.locator("dd a.author", has_text="Sergey Zagoruyko").click()
        page.wait_for_url("**/search.html?author=sergey-zagoruyko")
        page.wait_for_selector("#results li")
        assert page.locator("#results a.paper-title").count() == 2
        assert "by Sergey Zagoruyko" in page.locator("#search-status").inner_text()
        page.locator("#results a.paper-title", has_text="End-to-End Object Detection").click()
        page.wait_for_url("**/papers/end-to-end-object-detection-with-transformers.html")
        assert page.locator("dd a.author", has_text="Nicolas Carion").count() == 0  # one paper: no link
        page.goto(page.url.replace("papers/end-to-end-object-detection-with-transformers.html", "authors/index.html"))
        assert page.locator(".author-list a.author", has_text="Sergey Zagoruyko").count() == 1
        assert page.locator(".author-list a.author", has_text="Nicolas Carion").count() == 0
        page.locator(".author-list a.author", has_text="Sergey Zagoruyko").click()
        page.wait_for_url("**/search.html?author=sergey-zagoruyko")
        assert errors == []
