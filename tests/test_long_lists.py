"""Long lists split into static pages: a tag, a collection, an author and all papers, each
over several pages with year headings that go on from page to page, page links, and the
same site from an incremental build as from a clean one. Short lists stay one page."""
from __future__ import annotations

import filecmp
import json
import re
from pathlib import Path

import pytest
import yaml
from markupsafe import Markup
from selectolax.lexbor import LexborHTMLParser

from site_src.render.lists import AUTHORS_PER_PAGE, PER_PAGE, ROWS_PER_PAGE, paginate

from .conftest import run_build

TAXONOMY = """facets:
  - id: method
    name: Method
    tags:
      - id: mamba
        name: Mamba
        words: [mamba]
      - id: convolutions
        name: Convolutions
        words: [convolutions]
      - id: transformers
        name: Transformers
        words: [transformers]
      - id: rare
        name: Rare topic
        words: [quokka]
"""
N = 1300  # all papers: 3 pages of rows; mamba: every third paper, 3 pages; the collection: 7 pages
KINDS = ("Mamba", "Convolutions", "Transformers")


def record(i: int) -> dict[str, object]:
    year = 2018 + (i // 3) % 9  # 2018-2025, and one paper in nine undated
    item: dict[str, object] = {
        "title": f"Paper {i:04d}: {KINDS[i % 3]} for "
                 f"{'quokka counting' if i % 100 == 0 else 'image classification'}",
        "abstract": f"We study problem number {i}." + (" We compare with QuokkaNet." if i % 10 == 5 else ""),
        "upvotes": i % 37,
        "authors": ["Ada Prolific", f"Author {i}"] if i % 2 == 0 else [f"Author {i}", f"Other {i}"],
    }
    if year <= 2025:
        item["date"] = f"{year}-{1 + i % 12:02d}-{1 + i % 28:02d}"
    return item


def project(root: Path, papers: range) -> Path:
    (root / "seeds").mkdir(parents=True, exist_ok=True)
    (root / "taxonomy.yaml").write_text(TAXONOMY, encoding="utf-8")
    (root / "site.yaml").write_text("title: Long lists\n", encoding="utf-8")
    cited = {"title": "QuokkaNet: Transformers for Counting Wombats", "abstract": "We count wombats.",
             "date": "2017-01-01"}  # mentioned by one paper in ten
    (root / "seeds/big.yaml").write_text(yaml.safe_dump([record(i) for i in papers] + [cited]), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def long_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = project(tmp_path_factory.mktemp("long"), range(N))
    result = run_build(root, "build")
    assert result.returncode == 0, result.stderr
    return root


def html(path: Path) -> LexborHTMLParser:
    return LexborHTMLParser(path.read_text(encoding="utf-8"))


def pages_of(first: Path) -> list[Path]:
    """A list's pages, found by following its "Next" links from the first."""
    out = [first]
    while (nxt := html(out[-1]).css_first("nav.pager a[rel=next]")) is not None:
        out.append((out[-1].parent / nxt.attributes["href"]).resolve())
        assert len(out) < 100
    return out


def listed(page: Path) -> list[str]:
    return [a.attributes["href"].rsplit("/", 1)[-1] for a in html(page).css(".sortable a.paper-title")]


def papers_json(site: Path) -> list[dict]:
    return json.loads((site / "_site/papers.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("first, tag, per_page", [
    ("tags/mamba.html", "mamba", PER_PAGE), ("collections/big.html", None, PER_PAGE),
    ("papers/index.html", None, ROWS_PER_PAGE), ("authors/ada-prolific.html", "author", ROWS_PER_PAGE)])
def test_a_long_list_is_every_paper_once_newest_first_over_pages(long_site: Path, first: str, tag: str | None,
                                                                  per_page: int) -> None:
    every = papers_json(long_site)  # newest first, undated last
    if tag == "mamba":
        every = [p for p in every if "mamba" in p["tags"]]
    elif tag == "author":
        every = [p for p in every if p["title"].startswith("Paper ") and int(p["title"][6:10]) % 2 == 0]
    expected = [p["url"].rsplit("/", 1)[-1] for p in every]
    pages = pages_of(long_site / "_site" / first)
    assert len(pages) == -(-len(expected) // per_page) > 1
    seen = [listed(p) for p in pages]
    assert all(len(s) == per_page for s in seen[:-1]) and 0 < len(seen[-1]) <= per_page
    assert [slug for s in seen for slug in s] == expected
    for k, page in enumerate(pages, 1):
        doc = html(page)
        assert doc.css_first("nav.pager a[aria-current=page]").text() == str(k)
        assert (doc.css_first("a[rel=prev]") is None) == (k == 1)
        title = doc.css_first("title").text()
        assert (f"page {k} of {len(pages)}" in title) == (k > 1)
        assert doc.css_first(".sort-switch") is None  # sorting one page would sort part of the list
        if k > 1:
            assert page.name == first.rsplit("/", 1)[-1].removesuffix(".html") + f"--page-{k}.html"


def test_years_go_on_across_pages_and_the_index_finds_where_each_starts(long_site: Path) -> None:
    pages = pages_of(long_site / "_site/tags/mamba.html")
    headings = [[h.text().split(" ")[0] for h in html(p).css("h2.year")] for p in pages]
    labels = [" ".join(h.text().split(" ")[:2]).rstrip() for p in pages for h in html(p).css("h2.year")]
    continued = [label for label in labels if label.endswith("continued")]
    assert continued, headings  # 200 a page, ~61 a year: some year runs over a page break
    for k in range(1, len(pages)):
        last = html(pages[k - 1]).css("h2.year")[-1].text().split(" ")[0].rstrip(",")
        first = html(pages[k]).css("h2.year")[0].text()
        if first.split(" ")[0].rstrip(",") == last:
            assert first.startswith(f"{last}, continued")
    years = sorted({p["date"][:4] for p in papers_json(long_site) if p["date"] and "mamba" in p["tags"]},
                   reverse=True)
    for page in pages:  # every page's index: every year, then Undated, each where it starts
        jumps = html(page).css("nav.year-jump a")
        assert [a.text() for a in jumps] == [*years, "Undated"]
        for a in jumps:
            href = a.attributes["href"]
            target = page if href.startswith("#") else (page.parent / href.split("#")[0]).resolve()
            anchor = href.split("#")[1]
            doc = html(target)
            assert doc.css_first(f"h2#{anchor}") is not None
            assert "continued" not in doc.css_first(f"h2#{anchor}").text()


def test_a_year_heading_counts_the_whole_year_and_what_this_page_shows(long_site: Path) -> None:
    in_year: dict[str, int] = {}
    for p in papers_json(long_site):
        if "mamba" in p["tags"]:
            key = p["date"][:4] if p["date"] else "Undated"
            in_year[key] = in_year.get(key, 0) + 1
    for page in pages_of(long_site / "_site/tags/mamba.html"):
        for section in html(page).css("section.year-group"):
            heading = section.css_first("h2.year")
            year = heading.text().split(" ")[0].rstrip(",")
            shown = len(section.css("li.paper-item"))
            count = heading.css_first(".n").text()
            expected = f"{in_year[year]} papers" if shown == in_year[year] else f"{shown} of {in_year[year]} papers"
            assert count == expected


def test_a_short_list_stays_one_page_with_its_sort_switch(long_site: Path) -> None:
    rare = long_site / "_site/tags/rare.html"
    doc = html(rare)
    assert doc.css_first("nav.pager") is None and len(listed(rare)) == N // 100
    assert doc.css_first(".sort-switch button[data-sort=upvotes]") is not None
    assert not list((long_site / "_site/tags").glob("rare--page-*"))


def test_a_split_list_offers_its_other_order_in_the_explorer(long_site: Path) -> None:
    doc = html(long_site / "_site/tags/mamba--page-2.html")
    link = next(a for a in doc.css(".pager-count a") if "upvoted" in a.text())
    assert link.attributes["href"] == "../search.html?tags=mamba&sort=upvotes"
    doc = html(long_site / "_site/collections/big.html")
    link = next(a for a in doc.css(".pager-count a") if "upvoted" in a.text())
    assert link.attributes["href"] == "../search.html?coll=big&sort=upvotes"


def test_only_authors_of_two_papers_are_in_the_index(long_site: Path) -> None:
    names = [a.text() for a in html(long_site / "_site/authors/index.html").css(".author-list a.author")]
    assert names == ["Ada Prolific"]  # "Author 7" wrote one paper: no page, no entry


def test_headings_by_initial_go_on_across_pages() -> None:
    names = sorted(f"{chr(65 + i * 26 // 2500)}{i:04d}" for i in range(2500))
    rows = [Markup(f"<li>{n}</li>") for n in names]
    pages = paginate("authors/index.html", rows, [(n[0], f"authors-{n[0]}") for n in names], AUTHORS_PER_PAGE,
                     index=True)
    assert [p.path for p in pages] == ["authors/index.html", "authors/index--page-2.html",
                                       "authors/index--page-3.html"]
    assert [item for p in pages for _, _, items, _ in p.groups for item in items] == rows
    for k, page in enumerate(pages):
        assert page.pager is not None and page.pager.number == k + 1
        assert [label for label, *_ in page.index] == sorted({n[0] for n in names})
        for label, path, _anchor, n in page.index:
            start = next(i for i, x in enumerate(names) if x[0] == label) // AUTHORS_PER_PAGE
            assert path == ("" if start == k else pages[start].path)
            assert n == sum(1 for x in names if x[0] == label)
    first_on_2 = pages[1].groups[0][0]
    assert first_on_2.endswith(", continued") == (names[999][0] == names[1000][0])


def test_every_link_of_the_split_lists_resolves(long_site: Path) -> None:
    result = run_build(long_site, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" not in result.stdout.lower()


def test_pages_that_come_and_go_incrementally_match_a_clean_build(tmp_path: Path) -> None:
    root = project(tmp_path / "inc", range(700))  # mamba: 234 papers, 2 pages
    assert run_build(root, "build").returncode == 0
    assert (root / "_site/tags/mamba--page-2.html").is_file()
    assert not (root / "_site/tags/mamba--page-3.html").exists()
    for papers in (range(1300), range(500)):  # mamba over 3 pages, then back to 1
        project(root, papers)
        assert run_build(root, "prune").returncode == 0  # a paper gone from its source keeps its page till then
        result = run_build(root, "build")
        assert result.returncode == 0 and "incremental" in result.stdout + result.stderr
        clean = project(tmp_path / f"clean-{len(papers)}", papers)
        assert run_build(clean, "build", "--clean").returncode == 0
        compare(root / "_site", clean / "_site")
    assert not list((root / "_site/tags").glob("mamba--page-*"))


def compare(a: Path, b: Path) -> None:
    files_a = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    assert files_a == files_b
    differ = [str(rel) for rel in sorted(files_a) if not filecmp.cmp(a / rel, b / rel, shallow=False)]
    assert differ == []


def test_list_pages_leave_no_stray_folder(long_site: Path) -> None:
    site = long_site / "_site"
    for folder in ("tags", "collections", "authors", "papers"):
        assert not [p for p in (site / folder).iterdir() if p.is_dir()]
    names = [p.name for p in (site / "tags").glob("*--page-*.html")]
    assert names and all(re.fullmatch(r"[a-z0-9-]+--page-\d+\.html", n) for n in names)


@pytest.mark.browser
@pytest.mark.parametrize("where", ["disk", "pages"])
def test_a_reader_pages_through_a_long_tag_from_disk_and_under_a_repo_path(long_site: Path, where: str) -> None:
    from .browser import browser_page
    from .static_host import pages_host

    site = long_site / "_site"
    with pages_host(site) as base, browser_page() as page:
        root = site.as_uri() + "/" if where == "disk" else base
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(root + "tags/mamba.html")
        assert page.locator("link[rel=stylesheet]").count() >= 1
        assert page.evaluate("getComputedStyle(document.querySelector('nav.pager ol')).display") != "list-item"
        first = page.locator(".sortable a.paper-title").first.inner_text()
        page.locator("nav.pager a[rel=next]").first.click()
        page.wait_for_url("**/tags/mamba--page-2.html")
        assert page.locator(".sortable a.paper-title").first.inner_text() != first
        assert page.locator("nav.pager a[aria-current=page]").first.inner_text() == "2"
        page.locator("nav.pager a", has_text="3").first.click()
        page.wait_for_url("**/tags/mamba--page-3.html")
        page.locator("nav.year-jump a").first.click()  # the newest year starts on page 1
        page.wait_for_url(re.compile(r".*/tags/mamba\.html#y\d{4}$"))
        page.locator("nav.pager a[rel=next]").first.click()
        page.wait_for_url("**/tags/mamba--page-2.html")
        page.locator("nav.pager a[rel=prev]").first.click()
        page.wait_for_url("**/tags/mamba.html")
        page.locator(".sortable a.paper-title").first.click()
        page.wait_for_url("**/papers/*.html")
        assert page.locator("h1").inner_text() == first
        assert errors == []


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_serious_on_split_lists(long_site: Path, scheme: str) -> None:
    from .browser import browser_page
    from .test_read_browser import AXE, PHONE, SERIOUS

    if not AXE.is_file():
        pytest.fail("axe-core is not installed: run `make axe` (npm)")
    site = long_site / "_site"
    found: dict[str, list[str]] = {}
    with browser_page() as page:
        page.emulate_media(color_scheme=scheme)
        for name in ("tags/mamba--page-2.html", "papers/index--page-2.html", "collections/big--page-7.html",
                     "authors/ada-prolific--page-2.html", "authors/index.html"):
            page.goto((site / name).as_uri())
            page.add_script_tag(path=str(AXE))
            if problems := page.evaluate(SERIOUS):
                found[name] = problems
        page.set_viewport_size(PHONE)
        page.goto((site / "tags/mamba--page-2.html").as_uri())
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert found == {}


def test_a_much_mentioned_paper_lists_fifty_and_links_to_all_that_mention_it(long_site: Path) -> None:
    site = long_site / "_site"
    by_title = {p["title"]: p for p in papers_json(long_site)}
    cited = by_title["QuokkaNet: Transformers for Counting Wombats"]
    assert len(cited["mentioned_by"]) == N // 10
    page = site / cited["url"]
    doc = html(page)
    shown = doc.css("section.mentioned-by li a")
    assert len(shown) == 50
    more = doc.css_first("section.mentioned-by p a")
    assert more.text() == f"All {N // 10} papers that mention it"
    pages = pages_of((page.parent / more.attributes["href"]).resolve())
    assert pages[0].name == cited["slug"] + "--mentioned-by.html"
    listed_all = [a.attributes["href"].rsplit("/", 1)[-1][:-5] for p in pages for a in html(p).css("a.paper-title")]
    assert sorted(listed_all) == sorted(cited["mentioned_by"])
    assert {a.attributes["href"].rsplit("/", 1)[-1][:-5] for a in shown} <= set(cited["mentioned_by"])
