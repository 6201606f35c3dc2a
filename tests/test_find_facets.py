"""The explorer's venue and author facets, from disk, on a researcher's messy library (issue 13):
what they select is exactly what papers.json says, alone and with a tag, a year range and
undated papers; the author picker copes with thousands of names; the state is in the URL, the
copied link and the selection's BibTeX."""
from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import urlencode

import bibtexparser
import pytest

from site_src.model import author_id

from .browser import browser_page
from .conftest import ROOT, run_build

LIBRARY = ROOT / "tests/data/library"
pytestmark = pytest.mark.browser

# the same venue spelt two ways, an undated paper, a name with diacritics, shared authors
EXTRA = r"""
@inproceedings{one2023,
  title = {Segment Anything Small},
  author = {M{\"u}ller, J{\"o}rg and He, Kaiming},
  booktitle = {CVPR}, year = {2023}, abstract = {We segment images with a small model.}}
@inproceedings{two2021,
  title = {Another Vision Transformer for Image Classification},
  author = {He, Kaiming and Girshick, Ross},
  booktitle = {cvpr}, year = {2021}, abstract = {A vision transformer classifies images.}}
@inproceedings{three,
  title = {An Undated Vision Transformer Workshop Paper},
  author = {M{\"u}ller, J{\"o}rg},
  booktitle = {CVPR}, abstract = {A vision transformer, undated.}}
"""


@pytest.fixture(scope="module")
def library_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("facets")
    shutil.copytree(LIBRARY, root / "seeds")
    (root / "seeds/extra.bib").write_text(EXTRA, encoding="utf-8")
    shutil.copy(ROOT / "taxonomy.yaml", root / "taxonomy.yaml")
    result = run_build(root, "build")
    assert result.returncode == 0, result.stderr
    return root / "_site"


def _papers(site: Path) -> list[dict]:
    return json.loads((site / "papers.json").read_text(encoding="utf-8"))


def _shown(page) -> list[str]:
    page.wait_for_function("!/Searching|Loading/.test(document.getElementById('search-status').textContent)")
    while page.locator("#more").is_visible():
        page.click("#more")
    return sorted(page.locator("#results a.paper-title").all_inner_texts())


def _year(d: dict) -> int | None:
    return int(d["date"][:4]) if d["date"] else None


def _venue_key(v: str | None) -> str:
    return " ".join((v or "").split()).casefold()


def test_venue_and_author_facets_give_exactly_what_papers_json_says(library_site: Path):
    data = _papers(library_site)
    he, muller = author_id("Kaiming He"), author_id("Jörg Müller")
    assert sum(1 for d in data if "Kaiming He" in d["author_names"]) >= 3
    tagged = next(t for d in data if "Kaiming He" in d["author_names"] for t in d["tags"] if not t.startswith(("year-", "collection-", "has-")))
    cases = [
        ({"author": [he]}, lambda d: "Kaiming He" in d["author_names"]),
        ({"author": [he, muller]}, lambda d: {"Kaiming He", "Jörg Müller"} & set(d["author_names"])),
        ({"venue": ["CVPR"]}, lambda d: _venue_key(d["venue"]) == "cvpr"),
        ({"venue": ["cvpr", "CoRR"]}, lambda d: _venue_key(d["venue"]) in {"cvpr", "corr"}),
        ({"author": [he], "tags": [tagged]}, lambda d: "Kaiming He" in d["author_names"] and tagged in d["tags"]),
        ({"author": [muller], "from": ["2022"], "to": ["2024"]},
         lambda d: "Jörg Müller" in d["author_names"] and (_year(d) is None or 2022 <= _year(d) <= 2024)),
        ({"venue": ["CVPR"], "from": ["2022"], "undated": ["0"]},
         lambda d: _venue_key(d["venue"]) == "cvpr" and _year(d) is not None and _year(d) >= 2022),
    ]
    with browser_page() as page:
        for params, wanted in cases:
            expected = sorted(d["title"] for d in data if wanted(d))
            assert expected, params
            page.goto((library_site / "search.html").as_uri() + "?" + urlencode(params, doseq=True))
            assert _shown(page) == expected, params
            assert int(page.locator("#search-status").inner_text().split()[0]) == len(expected)
    # the undated CVPR paper is in the year-range case above only because undated papers were included
    assert any(d["date"] is None and "Jörg Müller" in d["author_names"] for d in data)


def test_picking_authors_and_a_venue_is_in_the_link_and_the_bibtex(library_site: Path):
    data = _papers(library_site)
    with browser_page() as page:
        base = (library_site / "search.html").as_uri()
        page.goto(base)
        page.wait_for_selector("#f-authors input[type=checkbox]")
        page.fill("#f-author-filter", "kaim")
        options = [t.strip() for t in page.locator("#f-authors label").all_inner_texts()]
        assert len(options) == 1 and options[0].startswith("Kaiming He"), options
        page.locator("#f-authors input").first.check()
        page.fill("#f-author-filter", "jorg")  # diacritics folded: Jörg
        page.locator("#f-authors label", has_text="Jörg Müller").locator("input").check()
        page.locator("#f-venues label", has_text="CVPR").locator("input").check()
        shown = _shown(page)
        expected = sorted(d["title"] for d in data if {"Kaiming He", "Jörg Müller"} & set(d["author_names"])
                          and _venue_key(d["venue"]) == "cvpr")
        assert shown == expected and len(expected) == 3
        status = page.locator("#search-status").inner_text()
        assert "by Kaiming He or Jörg Müller" in status and "at CVPR" in status
        page.click("#copy-link")
        link = page.locator("#link-out").input_value()
        assert "author=kaiming-he" in link and "venue=CVPR" in link
        page.click("#get-bibtex")
        page.wait_for_function("document.getElementById('bibtex-out').value.length > 0")
        library = bibtexparser.parse_string(page.locator("#bibtex-out").input_value())
        keys = page.locator("#keys-out").input_value().split(", ")
        page.goto("about:blank")
        page.goto(link)
        assert _shown(page) == shown
        assert page.locator("#f-authors input:checked").count() == 2
    titles = sorted(e.fields_dict["title"].value.replace("{", "").replace("}", "") for e in library.entries)
    assert titles == shown and keys == [e.key for e in library.entries]


def test_the_author_picker_copes_with_thousands_of_authors(tmp_path: Path):
    root = tmp_path / "many"
    (root / "seeds").mkdir(parents=True)
    entries = []
    for i in range(600):
        names = " and ".join(f"Surname{i * 5 + k:04d}, Given{k}" for k in range(5))
        entries.append(f"@article{{p{i},\n  title = {{Paper number {i} on vision}},\n  author = {{{names} and Common, Shared}},\n"
                       f"  journal = {{Journal {i % 7}}},\n  year = {{{2015 + i % 10}}}\n}}\n")
    (root / "seeds/big.bib").write_text("\n".join(entries), encoding="utf-8")
    assert run_build(root, "build").returncode == 0
    with browser_page() as page:
        page.goto((root / "_site/search.html").as_uri())
        page.wait_for_selector("#f-authors input[type=checkbox]")
        labels = [t.strip() for t in page.locator("#f-authors label").all_inner_texts()]
        assert len(labels) <= 12 and labels[0].startswith("Shared Common") and "(600)" in labels[0]
        assert "2,989 more authors" in page.locator("#f-authors .more-options").inner_text()
        page.fill("#f-author-filter", "surname2047")
        labels = [t.strip() for t in page.locator("#f-authors label").all_inner_texts()]
        assert labels == ["Given2 Surname2047 (1)"]
        page.locator("#f-authors input").first.check()
        assert _shown(page) == ["Paper number 409 on vision"]


def test_an_author_or_venue_the_survey_lacks_is_named_and_matches_nothing(seeds_site: Path, library_site: Path):
    with browser_page() as page:
        for site in (seeds_site / "_site", library_site):  # the seeds have no authors nor venues
            page.goto((site / "search.html").as_uri() + "?author=no-such-person&venue=Nowhere")
            page.wait_for_function("!/Loading|Searching/.test(document.getElementById('search-status').textContent)")
            status = page.locator("#search-status").inner_text()
            assert status.startswith("0 papers") and "Unknown author: no-such-person" in status
            assert "Unknown venue: Nowhere" in status and page.locator("#results li").count() == 0
