"""The explorer from disk, as a researcher uses it (issue 13, items 1 and 2): authors, DOIs and
arXiv ids find their papers, terms are AND-ed, phrases and -exclusion work, compound names are
found from their parts, every result can be reached, facets agree with papers.json, a copied link
reopens the same view from disk and under a sub-path, and the selection's BibTeX is the selection."""
from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from pathlib import Path
from urllib.parse import quote

import bibtexparser
import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from site_src.search.terms import compound_parts, positioned_terms

from .browser import browser_page
from .conftest import run_build

RECORDS = """papers:
  - title: "Attention Is All You Need"
    abstract: "The dominant sequence transduction models are based on recurrent networks. We propose the Transformer."
    date: 2017-06-12
    authors: [Ashish Vaswani, Noam Shazeer, Niki Parmar]
    doi: 10.48550/arXiv.1706.03762
    arxiv: "1706.03762"
    venue: NeurIPS
  - title: Deep Residual Learning for Image Recognition
    abstract: Deeper neural networks are more difficult to train. We present a residual learning framework.
    date: 2016-06-01
    authors: [Kaiming He, Xiangyu Zhang, Shaoqing Ren, Jian Sun]
    venue: CVPR
    code: https://github.com/KaimingHe/deep-residual-networks
  - title: "Grad-CAM: Visual Explanations from Deep Networks"
    abstract: We propose a technique for producing visual explanations for decisions from CNN-based models.
    authors: [Ramprasaath R. Selvaraju]
"""


def test_compound_names_yield_their_parts_at_their_position():
    assert compound_parts("RSMamba") == ["RS", "Mamba"]
    assert compound_parts("ResNet50") == ["Res", "Net", "50"]
    assert compound_parts("mamba") == []
    terms, pos = positioned_terms("RSMamba beats Grad-CAM today")
    assert {"rsmamba", "rs", "mamba", "grad", "cam", "gradcam"} <= set(terms)
    assert pos["mamba"] == [0] and pos["gradcam"] == [2] and pos["cam"] == [3] and pos[next(t for t in terms if t.startswith("toda"))] == [4]
    assert "he" in positioned_terms("Kaiming He", stop_words=False)[0]


@pytest.fixture(scope="module")
def small_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("records")
    (root / "seeds").mkdir()
    (root / "seeds/list.yaml").write_text(RECORDS)
    result = run_build(root, "build")
    assert result.returncode == 0, result.stderr
    return root / "_site"


def _titles(page, url: str) -> list[str]:
    page.goto(url)
    page.wait_for_function("!/Searching abstracts/.test(document.getElementById('search-status').textContent)")
    return page.locator("#results a.paper-title").all_inner_texts()


def _count(page) -> int:
    return int(page.locator("#search-status").inner_text().split()[0])


@pytest.mark.browser
@pytest.mark.parametrize("query, title", [
    ("vaswani", "Attention Is All You Need"), ("He", "Deep Residual Learning"), ("Kaiming He", "Deep Residual"),
    ("10.48550/arXiv.1706.03762", "Attention"), ("1706.03762", "Attention"), ("arXiv:1706.03762", "Attention"),
    ("neurips", "Attention"), ("gradcam", "Grad-CAM"), ("grad-cam", "Grad-CAM"), ("residul learning", "Deep Residual"),
    ('"residual learning framework"', "Deep Residual"), ("deep-residual-networks", "Deep Residual"),
])
def test_names_ids_compounds_and_typos_find_their_paper(small_site: Path, query: str, title: str):
    with browser_page() as page:
        titles = _titles(page, (small_site / "search.html").as_uri() + "?q=" + quote(query))
    assert len(titles) == 1 and titles[0].startswith(title), (query, titles)


@pytest.mark.browser
def test_phrases_and_exclusion(small_site: Path):
    with browser_page() as page:
        url = (small_site / "search.html").as_uri() + "?q="
        assert len(_titles(page, url + quote("deep"))) == 2
        assert [t[:4] for t in _titles(page, url + quote("deep -residual"))] == ["Grad"]
        assert _titles(page, url + quote('"framework learning"')) == []
        assert _titles(page, url + quote('deep -"visual explanations"'))[0].startswith("Deep Residual")


@pytest.mark.browser
def test_all_terms_must_match_on_the_seeds(seeds_site: Path):
    url = (seeds_site / "_site/search.html").as_uri() + "?q="
    with browser_page() as page:
        for a, b in [("vision", "transformer"), ("mamba", "remote"), ("medical", "segmentation"), ("zero-shot", "clip")]:
            both, only_a, only_b = (set(_titles(page, url + quote(q)) + []) for q in (f"{a} {b}", a, b))
            page.goto(url + quote(f"{a} {b}"))
            assert _count(page) <= min(_count_of(page, url, a), _count_of(page, url, b))
            assert both <= only_a | both and both  # shown titles of "a b" are papers of both
            assert both & only_a or len(only_a) == 50


def _count_of(page, url: str, q: str) -> int:
    _titles(page, url + quote(q))
    return _count(page)


@pytest.mark.browser
def test_every_result_of_a_broad_query_can_be_reached(seeds_site: Path):
    with browser_page() as page:
        _titles(page, (seeds_site / "_site/search.html").as_uri() + "?q=image")
        total = _count(page)
        assert total > 100
        while page.locator("#more").is_visible():
            page.click("#more")
        assert page.locator("#results li").count() == total


@pytest.mark.browser
def test_compound_name_finds_its_papers_on_the_seeds(seeds_site: Path):
    data = json.loads((seeds_site / "_site/papers.json").read_text())
    rs = [d["title"] for d in data if "RSMamba" in d["title"]]
    # papers named by a compound with Mamba in it (RSMamba, Mamba-FSCIL, MorpMamba) come first
    named = {d["title"] for d in data if re.match(r"\S*Mamba\S*:", d["title"]) and d["title"].split(":")[0] != "Mamba"}
    with browser_page() as page:
        titles = _titles(page, (seeds_site / "_site/search.html").as_uri() + "?q=mamba")
    assert rs and set(rs) <= set(titles) and titles[0] in named and set(rs) <= set(titles[:5])


@pytest.mark.browser
@pytest.mark.parametrize("params", ["tags=mamba", "tags=mamba,remote-sensing&code=1", "tags=Medical-Imaging&from=2023",
                                    "from=2023&to=2024&undated=0", "code=1&from=2024", "tags=diffusion-models"])
def test_facets_give_exactly_what_papers_json_says(seeds_site: Path, params: str):
    data = json.loads((seeds_site / "_site/papers.json").read_text())
    q = dict(kv.split("=") for kv in params.split("&"))
    tags = {t.lower() for t in q.get("tags", "").split(",") if t}
    lo, hi = int(q.get("from", 0)), int(q.get("to", 9999))

    def wanted(d) -> bool:
        year = int(d["date"][:4]) if d["date"] else None
        in_years = (q.get("undated") != "0") if year is None else lo <= year <= hi
        return tags <= set(d["tags"]) and in_years and (q.get("code") != "1" or bool(d["code"]))
    expected = sorted(d["title"] for d in data if wanted(d))
    with browser_page() as page:
        page.goto((seeds_site / "_site/search.html").as_uri() + "?" + params)
        while page.locator("#more").is_visible():
            page.click("#more")
        assert sorted(page.locator("#results a.paper-title").all_inner_texts()) == expected
        assert _count(page) == len(expected)


@pytest.mark.browser
def test_old_intersection_links_open_the_explorer_with_undated_papers_counted(seeds_site: Path):
    data = json.loads((seeds_site / "_site/papers.json").read_text())
    expected = sorted(d["title"] for d in data if {"mamba", "medical-imaging"} <= set(d["tags"])
                      and (not d["date"] or int(d["date"][:4]) >= 2022))
    with browser_page() as page:
        page.goto((seeds_site / "_site/tags/intersection.html").as_uri() + "?tags=mamba,medical-imaging&from=2022")
        page.wait_for_url("**/search.html?*")
        assert sorted(page.locator("#results a.paper-title").all_inner_texts()) == expected
        assert "undated included" in page.locator("#search-status").inner_text()


def _serve(folder: Path):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.mark.browser
def test_a_copied_link_reopens_the_same_view_from_disk_and_under_a_sub_path(seeds_site: Path, tmp_path: Path):
    import shutil
    shutil.copytree(seeds_site / "_site", tmp_path / "repo")
    server = _serve(tmp_path)
    try:
        with browser_page() as page:
            for base in [(seeds_site / "_site/search.html").as_uri(),
                         f"http://127.0.0.1:{server.server_address[1]}/repo/search.html"]:
                page.goto(base)
                page.fill("#q", "segmentation")
                page.check("#f-code")
                page.fill("#f-from", "2023")
                page.locator("#f-tags input[value=medical-imaging]").check()
                page.select_option("#f-sort", "newest")
                shown = page.locator("#results a.paper-title").all_inner_texts()
                status = page.locator("#search-status").inner_text()
                page.click("#copy-link")
                link = page.locator("#link-out").input_value()
                assert link.startswith(base + "?")
                page.goto("about:blank")
                page.goto(link)
                assert page.locator("#q").input_value() == "segmentation"
                assert page.locator("#f-code").is_checked() and page.locator("#f-from").input_value() == "2023"
                assert page.locator("#results a.paper-title").all_inner_texts() == shown
                assert page.locator("#search-status").inner_text() == status
                href = page.locator("#results a.paper-title").first.get_attribute("href")
                page.locator("#results a.paper-title").first.click()
                page.wait_for_url("**/papers/*.html")
                assert href.startswith("papers/")
    finally:
        server.shutdown()


@pytest.mark.browser
def test_the_selections_bibtex_parses_and_holds_exactly_the_shown_papers(seeds_site: Path):
    with browser_page() as page:
        page.goto((seeds_site / "_site/search.html").as_uri() + "?q=mamba")
        page.wait_for_selector("#results li")
        shown = page.locator("#results a.paper-title").all_inner_texts()
        hrefs = page.locator("#results a.paper-title").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        page.click("#get-bibtex")
        page.wait_for_function("document.getElementById('bibtex-out').value.length > 0")
        text = page.locator("#bibtex-out").input_value()
        keys = page.locator("#keys-out").input_value().split(", ")
        assert page.locator("#bibtex-download").get_attribute("href").startswith("blob:")
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    titles = [e.fields_dict["title"].value.replace("{", "").replace("}", "") for e in library.entries]
    assert sorted(titles) == sorted(shown)
    assert keys == [e.key for e in library.entries]
    # each entry is the one its paper's page gives to cite (no abstract: papers.bib has those)
    cited = {HTMLParser((seeds_site / "_site" / h).read_text()).css_first("pre#bibtex").text() for h in hrefs}
    assert cited == {e.strip() + "\n" for e in re.split(r"\n(?=@)", text.strip())}
    assert not any("abstract" in e.fields_dict for e in library.entries)


@pytest.mark.browser
def test_old_intersection_links_keep_collection_code_and_year_tags(seeds_site: Path):
    data = json.loads((seeds_site / "_site/papers.json").read_text())
    counts: dict[str, int] = {}
    for d in data:
        for t in d["tags"]:
            counts[t] = counts.get(t, 0) + 1
    collection = max((t for t in counts if t.startswith("collection-")), key=lambda t: (counts[t], t))
    year = max((t for t in counts if t.startswith("year-")), key=lambda t: (counts[t], t))
    cases = [[collection], [collection, "mamba"], ["has-code", collection], [year, "has-code"]]
    with browser_page() as page:
        for tags in cases:
            expected = sorted(d["title"] for d in data if set(tags) <= set(d["tags"]))
            assert expected, tags
            page.goto((seeds_site / "_site/tags/intersection.html").as_uri() + "?tags=" + ",".join(tags))
            page.wait_for_url("**/search.html?*")
            while page.locator("#more").is_visible():
                page.click("#more")
            assert sorted(page.locator("#results a.paper-title").all_inner_texts()) == expected, tags
            assert "Unknown tag" not in page.locator("#search-status").inner_text()
            page.click("#copy-link")  # the copied link says it the explorer's way
            link = page.locator("#link-out").input_value()
            assert "collection-" not in link and "has-code" not in link and "year-" not in link


COINED = """papers:
  - title: Efficient Backbones for Tiny Devices
    abstract: "Phones need small models. We propose QuokkaNet, a backbone that runs in a millisecond."
  - title: "A Study of Backbones for Tiny Devices"
    abstract: "We compare QuokkaNet with other backbones. QuokkaNet is fast; QuokkaNet is small; QuokkaNet wins."
  - title: "QuokkaNet Revisited on Phones"
    abstract: "Tiny devices again: we retrain an older backbone for phones."
"""


@pytest.mark.browser
def test_a_name_its_abstract_coins_ranks_the_paper_first(tmp_path: Path):
    """Three papers say QuokkaNet: in a title, four times in an abstract, and once where one coins it."""
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds/list.yaml").write_text(COINED)
    assert run_build(tmp_path, "build").returncode == 0
    with browser_page() as page:
        titles = _titles(page, (tmp_path / "_site/search.html").as_uri() + "?q=quokkanet")
    assert titles[0] == "Efficient Backbones for Tiny Devices" and len(titles) == 3
