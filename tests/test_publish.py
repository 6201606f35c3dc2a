"""Publishing and sharing: GitHub Pages under a sub-path, link previews, feeds, sitemap, citations."""
from __future__ import annotations

import json
import re
import shutil
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urldefrag, urljoin, urlsplit

import bibtexparser
import feedparser
import pytest
import yaml
from pylatexenc.latex2text import LatexNodes2Text
from selectolax.lexbor import LexborHTMLParser

from site_src.config import Config, load_config
from site_src.errors import Report
from site_src.output.check import check_links
from site_src.pipeline import build_site
from site_src.sources import read_sources
from site_src.sources.merge import merge_records

from .conftest import ROOT, dump
from .static_host import pages_host

BASE = "https://example.github.io/survey/"
PREFIX = "/survey/"
ATOM = "{http://www.w3.org/2005/Atom}"
RSMAMBA = "rsmamba-remote-sensing-image-classification-with-state-space-model"


def _html(path: Path) -> LexborHTMLParser:
    return LexborHTMLParser(path.read_text(encoding="utf-8"))


def _papers(site: Path) -> list[dict[str, Any]]:
    return json.loads((site / "papers.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def published(seeds_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds built as for GitHub Pages: ``--base-url https://example.github.io/survey/``."""
    root = tmp_path_factory.mktemp("published")
    for name in ("seeds", "content"):
        shutil.copytree(seeds_site / name, root / name)
    for name in ("site.yaml", "taxonomy.yaml"):
        shutil.copy(seeds_site / name, root / name)
    if (seeds_site / ".cache").is_dir():
        shutil.copytree(seeds_site / ".cache", root / ".cache")
    return _build(root, url=BASE)


def _build(root: Path, **overrides: str) -> Path:
    """Build in this process (what ``build.py build`` does, without a second interpreter's start-up)."""
    config = load_config(None, root).with_overrides(**overrides)
    report = Report()
    build_site(config, report)
    assert report.errors == [], report.errors
    return root / config.out


@pytest.fixture(scope="module")
def plain_site(seeds_site: Path) -> Path:
    """The seeds built with no ``url:`` (the project's own site.yaml leaves it empty)."""
    assert load_config(None, seeds_site).url == "", "site.yaml sets url:, so the seeds' site is not a plain build"
    return seeds_site / "_site"


# ---------------------------------------------------------------- the workflow

def _quick_start_command() -> str:
    """The first command of the README's first ``sh`` block (what a new user runs)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"^```sh\n(.*?)^```", readme, re.MULTILINE | re.DOTALL)
    assert block, "README.md has no ```sh block"
    lines = [line.split("#", 1)[0].strip() for line in block.group(1).splitlines()]
    return next(line for line in lines if line)


def test_workflow_builds_with_the_readme_command_and_deploys_with_pages_actions() -> None:
    workflow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "push" in triggers
    assert workflow["permissions"]["pages"] == "write" and workflow["permissions"]["id-token"] == "write"
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    uses = [step.get("uses", "") for step in steps]
    runs = [step["run"].strip() for step in steps if "run" in step]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert any(_quick_start_command() in run.splitlines() for run in runs)
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    out = load_config(None, ROOT).out
    assert Path(upload["with"]["path"]) == out
    build_job, deploy_job = _jobs(workflow)
    assert build_job == deploy_job or build_job in _needs(workflow["jobs"][deploy_job])
    assert workflow["jobs"][deploy_job]["environment"]["name"] == "github-pages"


def _jobs(workflow: dict[str, Any]) -> tuple[str, str]:
    def has(job: dict[str, Any], action: str) -> bool:
        return any(s.get("uses", "").startswith(action) for s in job["steps"])

    jobs = workflow["jobs"]
    build = next(n for n, j in jobs.items() if has(j, "actions/upload-pages-artifact@"))
    deploy = next(n for n, j in jobs.items() if has(j, "actions/deploy-pages@"))
    return build, deploy


def _needs(job: dict[str, Any]) -> list[str]:
    needs = job.get("needs", [])
    return [needs] if isinstance(needs, str) else list(needs)


# ---------------------------------------------------------------- served under a sub-path

@pytest.fixture(scope="module")
def server(published: Path) -> Iterator[str]:
    with pages_host(published, PREFIX.strip("/")) as url:  # like GitHub Pages for a project site
        yield url


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _internal_refs(html: bytes, page_url: str, served: str) -> Iterator[str]:
    """Every href/src of a page as a served URL; links under the public base URL count as internal."""
    tree = LexborHTMLParser(html.decode("utf-8"))
    for node in tree.css("[href], [src]"):
        for attr in ("href", "src"):
            ref = node.attributes.get(attr)
            if ref is None:
                continue
            if ref.startswith(BASE):
                ref = served + ref[len(BASE):]
            elif urlsplit(ref).scheme or ref.startswith("//"):
                continue  # external
            target = urldefrag(urljoin(page_url, ref))[0]
            yield target.split("?", 1)[0]


def _crawl(start: str, served: str) -> tuple[int, dict[str, tuple[int, str]]]:
    """Follow every internal link from ``start``: (pages read, {broken url: (status, linked from)})."""
    seen = {start: ""}
    queue = [start]
    broken: dict[str, tuple[int, str]] = {}
    pages = 0
    while queue:
        url = queue.pop()
        status, body = _get(url)
        if status != 200:
            broken[url] = (status, seen[url])
            continue
        if not url.endswith(".html"):
            continue
        pages += 1
        for target in _internal_refs(body, url, served):
            if target not in seen:
                seen[target] = url
                queue.append(target)
    return pages, broken


def test_every_internal_link_resolves_when_served_under_a_sub_path(server: str, published: Path) -> None:
    pages, broken = _crawl(server + "index.html", server)
    assert broken == {}
    # every page is linked from another, but 404.html and the old addresses of moved tag pages
    linked = [p for p in published.rglob("*.html")
              if p.name != "404.html" and 'id="moved-to"' not in p.read_text(encoding="utf-8")]
    assert pages == len(linked)
    assert _get(server.replace(PREFIX, "/") + "index.html")[0] == 404  # the server really needs the sub-path


def test_link_check_passes_on_the_published_build(published: Path) -> None:
    assert check_links(published) == []


def test_the_404_page_works_at_any_missing_path(server: str) -> None:
    missing = server + "papers/no-such-paper.html"
    status, body = _get(missing)
    assert status == 404 and LexborHTMLParser(body.decode()).css_first("h1").text() == "Page not found"
    targets = set(_internal_refs(body, missing, server)) - {missing}  # the skip link, #main, is on the page itself
    assert {server + "assets/favicon.svg", server + "index.html"} <= targets  # its style is inside it
    assert {t: _get(t)[0] for t in targets} == dict.fromkeys(targets, 200)


# ---------------------------------------------------------------- link previews

PAGE_KINDS = {
    "home": "index.html", "paper": f"papers/{RSMAMBA}.html", "tag": "tags/mamba.html", "tag index": "tags/index.html",
    "collection": "collections/000-a7c0a9eec9c0c9d6.html", "search": "search.html", "404": "404.html",
    "intersection": "tags/intersection.html",
}


def _meta(tree: LexborHTMLParser) -> dict[str, str]:
    """``name``/``property`` -> content of every <meta>, plus the <title> and the canonical link."""
    out = {m.attributes.get("name") or m.attributes.get("property") or "": m.attributes.get("content") or ""
           for m in tree.css("head meta[content]")}
    title = tree.css_first("head title")
    out["<title>"] = title.text() if title else ""
    canonical = tree.css("head link[rel=canonical]")
    if canonical:
        out["canonical"] = canonical[0].attributes.get("href") or ""
    return out


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_every_page_kind_has_a_link_preview_and_a_canonical_url(published: Path, plain_site: Path, kind: str) -> None:
    path = PAGE_KINDS[kind]
    meta = _meta(_html(published / path))
    for key in ("<title>", "description", "og:title", "og:description", "og:type", "twitter:card"):
        assert meta.get(key, "").strip(), f"{path}: no {key}"
    assert meta["canonical"] == meta["og:url"] == BASE + path
    assert urlsplit(meta["canonical"]).scheme == "https"

    plain = _meta(_html(plain_site / path))
    assert "canonical" not in plain and "og:url" not in plain
    assert plain["og:title"] == meta["og:title"] and plain["description"] == meta["description"]


def test_paper_previews_hold_the_first_sentence_and_the_tags(plain_site: Path) -> None:
    page = _html(plain_site / f"papers/{RSMAMBA}.html")
    description = _meta(page)["og:description"]
    assert description.startswith("Remote sensing image classification forms the foundation of various "
                                   "understanding tasks, serving a crucial function in remote sensing image "
                                   "interpretation.")
    assert "Convolutional Neural Networks" not in description  # the second sentence
    tag_names = [a.text() for a in page.css(".facts dd.tags a")]
    assert "Mamba and state space models" in tag_names
    assert all(name in description for name in tag_names)
    for item in _papers(plain_site):
        tree = _html(plain_site / item["url"])
        description = _meta(tree)["og:description"]
        abstract = " ".join(tree.css_first("section.abstract p").text().split())
        assert description.startswith(abstract[:40]), item["url"]
        assert all(a.text() in description for a in tree.css(".facts dd.tags a")), item["url"]


def test_tag_previews_say_how_many_papers_the_tag_holds(plain_site: Path) -> None:
    for page in sorted((plain_site / "tags").glob("*.html")):
        if page.name in ("index.html", "intersection.html"):
            continue
        tree = _html(page)
        if tree.css_first("a#moved-to"):
            continue  # a year's or collection's old address, leading to its list
        n = len(tree.css("ol.paper-list > li.paper-item"))
        assert n > 0
        assert _meta(tree)["og:description"].startswith(f"{n} paper{'s' if n != 1 else ''} tagged "), page.name


HOSTILE = 'Q&A "quoted" <b>bold</b> & {{ 7*7 }} > less'


def test_previews_escape_titles_once_and_never_run_them(make_site) -> None:
    paper_title = 'A "Quoted" <i>Net</i> & {{ 7*7 }} > Rest'
    root = make_site({
        "site.yaml": yaml.safe_dump({"title": HOSTILE, "description": "About <script>alert(1)</script> & more.",
                                     "url": "https://example.org/x/"}),
        "seeds/esc.txt": dump((paper_title, 'We test "quotes" <b>tags</b> & {{ 7*7 }} here. Then more.')),
    })
    site = _build(root)
    home = _meta(_html(site / "index.html"))
    assert home["<title>"] == home["og:title"] == home["og:site_name"] == HOSTILE
    assert home["description"].startswith("About <script>alert(1)</script> & more.")
    (page_path,) = (p for p in (site / "papers").glob("*.html") if p.name != "index.html")  # not all papers
    tree = _html(page_path)
    meta = _meta(tree)
    assert meta["og:title"] == paper_title and "twitter:title" not in meta  # X reads og:title
    assert meta["<title>"] == f"{paper_title} · {HOSTILE}"
    assert meta["og:description"].startswith('We test "quotes" <b>tags</b> & {{ 7*7 }} here.')
    assert meta["canonical"] == meta["og:url"] == "https://example.org/x/papers/" + page_path.name
    assert tree.css_first("h1").text() == paper_title
    theme = [n for n in tree.css("head script") if n.attributes.get("src") == "../assets/theme.js"]
    assert [n for n in tree.css("head b, head i, head script, h1 i, b, i") if n not in theme] == []  # nothing became markup
    assert tree.css("script:not([src])") == []


# ---------------------------------------------------------------- feeds, sitemap, robots

def _feeds(site: Path) -> list[Path]:
    return [site / "feed.xml", *sorted((site / "tags").glob("*.xml"))]


def _date_key(date: str | None) -> str:
    return date or ""  # undated papers come last in a feed


def _slug_of(link: str) -> str:
    name = urlsplit(link).path.rsplit("/", 1)[-1]
    assert name.endswith(".html"), link
    return unquote(name[:-5])


def test_feeds_parse_and_link_to_existing_pages(published: Path, plain_site: Path) -> None:
    for site, base in ((published, BASE), (plain_site, "")):
        feeds = _feeds(site)
        assert len(feeds) > 20
        for feed in feeds:
            rel = feed.relative_to(site).as_posix()
            root = ET.parse(feed).getroot()
            assert root.tag == f"{ATOM}feed", rel
            entries = root.findall(f"{ATOM}entry")
            assert entries, rel
            for entry in entries:
                assert all(entry.findtext(f"{ATOM}{name}", "").strip() for name in ("id", "title", "updated")), rel
                href = entry.find(f"{ATOM}link").attrib["href"]
                if base:
                    assert href.startswith(base), (rel, href)
                    target = site / unquote(href[len(base):])
                else:
                    assert not urlsplit(href).scheme, (rel, href)
                    target = (feed.parent / unquote(href)).resolve()
                assert target.is_file() and target.suffix == ".html", (rel, href)


def test_feeds_are_valid_atom_for_feed_readers(published: Path) -> None:
    for feed in _feeds(published):
        parsed = feedparser.parse(feed.read_bytes())
        assert parsed.bozo == 0, (feed.name, parsed.get("bozo_exception"))
        assert parsed.version == "atom10"
        assert parsed.feed.title and parsed.entries
        for entry in parsed.entries:
            assert entry.id and entry.title and entry.updated and entry.link.startswith(BASE)


def test_a_tag_feed_holds_exactly_that_tags_newest_papers(plain_site: Path) -> None:
    papers = _papers(plain_site)
    date = {p["slug"]: _date_key(p["date"]) for p in papers}
    tagged: dict[str, set[str]] = {}
    for p in papers:
        for t in p["tags"]:
            tagged.setdefault(t, set()).add(p["slug"])
    assert any(len(slugs) > 50 for slugs in tagged.values())  # the cut at 50 is exercised
    feeds = {f.stem: f for f in (plain_site / "tags").glob("*.xml")}
    # every tag with a page has its feed; a year or collection tag has neither (the explorer's
    # year and the collection page list those papers)
    tagged = {t: slugs for t, slugs in tagged.items() if not t.startswith(("year-", "collection-"))}
    assert set(feeds) == set(tagged)
    for tag, slugs in tagged.items():
        entries = ET.parse(feeds[tag]).getroot().findall(f"{ATOM}entry")
        shown = [_slug_of(e.find(f"{ATOM}link").attrib["href"]) for e in entries]
        assert len(shown) == len(set(shown)) == min(50, len(slugs)), tag
        assert set(shown) <= slugs, tag
        keys = [date[s] for s in shown]
        assert keys == sorted(keys, reverse=True), tag  # newest first
        left_out = slugs - set(shown)
        assert all(date[s] <= keys[-1] for s in left_out), tag  # none left out is newer than one shown
    site_feed = ET.parse(plain_site / "feed.xml").getroot().findall(f"{ATOM}entry")
    newest = sorted(date.values(), reverse=True)[:50]
    assert sorted((date[_slug_of(e.find(f"{ATOM}link").attrib["href"])] for e in site_feed), reverse=True) == newest


def test_sitemap_lists_every_paper_only_when_the_url_is_set(published: Path, plain_site: Path) -> None:
    assert not (plain_site / "sitemap.xml").exists()
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    root = ET.parse(published / "sitemap.xml").getroot()
    assert root.tag == f"{ns}urlset"
    locs = [loc.text or "" for loc in root.iter(f"{ns}loc")]
    assert len(locs) == len(set(locs))
    assert all(loc.startswith(BASE) and (published / unquote(loc[len(BASE):])).is_file() for loc in locs)
    assert {BASE + p["url"] for p in _papers(published)} <= set(locs)
    assert BASE + "index.html" in locs and BASE + "404.html" not in locs
    robots = (published / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in robots and f"Sitemap: {BASE}sitemap.xml" in robots
    assert "User-agent: *" in (plain_site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert (published / ".nojekyll").is_file() and (plain_site / ".nojekyll").is_file()


def test_a_sitemap_past_the_protocols_limit_is_an_index_of_sitemaps() -> None:
    """A search engine reads at most 50,000 URLs from one sitemap: a larger survey's
    sitemap.xml names the files that hold them all, each a valid urlset."""
    from site_src.render.feeds import sitemap

    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    paths = [f"papers/p{i}.html" for i in range(7)]
    assert [name for name, _ in sitemap(BASE, paths, per_file=7)] == ["sitemap.xml"]
    files = dict(sitemap(BASE, paths, per_file=3))
    index = ET.fromstring(files.pop("sitemap.xml"))
    assert index.tag == f"{ns}sitemapindex"
    assert [loc.text for loc in index.iter(f"{ns}loc")] == [BASE + f"sitemap-{k}.xml" for k in (1, 2, 3)]
    parts = [ET.fromstring(files[f"sitemap-{k}.xml"]) for k in (1, 2, 3)]
    assert all(part.tag == f"{ns}urlset" and len(part) <= 3 for part in parts)
    assert [loc.text for part in parts for loc in part.iter(f"{ns}loc")] == [BASE + p for p in paths]


# ---------------------------------------------------------------- citations

_LATEX = LatexNodes2Text()


def _bib_titles(text: str) -> list[str]:
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    return [_decode(entry["title"]) for entry in library.entries]


def _decode(latex: str) -> str:
    if not any(c in latex for c in "\\~$%&#_^-`'"):  # braces are the only markup: skip the slow decoder
        return " ".join(latex.replace("{", "").replace("}", "").split())
    return " ".join(_LATEX.latex_to_text(latex).split())


@pytest.fixture(scope="module")
def seed_titles() -> set[str]:
    report = Report()
    return {p.title for p in merge_records(read_sources(Config(root=ROOT), report), report)}


def test_papers_bib_holds_every_seed_paper(plain_site: Path, seed_titles: set[str]) -> None:
    titles = _bib_titles((plain_site / "papers.bib").read_text(encoding="utf-8"))
    assert len(seed_titles) == 319
    assert len(titles) == 319 and set(titles) == seed_titles


def test_csl_json_has_an_item_per_paper_keyed_like_the_bibtex(plain_site: Path, seed_titles: set[str]) -> None:
    items = json.loads((plain_site / "papers.csl.json").read_text(encoding="utf-8"))
    assert isinstance(items, list) and len(items) == 319
    assert all(item.get("id") and item.get("type") and item.get("title") for item in items)
    assert {item["title"] for item in items} == seed_titles
    keys = [e.key for e in bibtexparser.parse_string((plain_site / "papers.bib").read_text("utf-8")).entries]
    assert sorted(item["id"] for item in items) == sorted(keys) and len(set(keys)) == 319
    # for citing: no abstracts (papers.bib has them)
    assert not any("abstract" in item for item in items)
    assert "abstract = {" in (plain_site / "papers.bib").read_text("utf-8")


def test_each_paper_page_shows_its_entry_to_cite_and_papers_bib_adds_the_abstract(plain_site: Path) -> None:
    full = {e.key: e for e in bibtexparser.parse_string((plain_site / "papers.bib").read_text("utf-8")).entries}
    for item in _papers(plain_site):
        tree = _html(plain_site / item["url"])
        (link,) = tree.css("section.cite a[download]")  # made in the page from the <pre> (copy.js)
        assert link.attributes["data-download"] == "bibtex" and link.attributes["download"] == item["slug"] + ".bib"
        text = tree.css_first("pre#bibtex").text()
        assert _bib_titles(text) == [item["title"]]
        (entry,) = bibtexparser.parse_string(text).entries
        assert "abstract" not in entry.fields_dict, item["url"]  # an entry to cite, as Scholar or DBLP give one
        whole = full[entry.key].fields_dict
        assert {k: f.value for k, f in whole.items() if k != "abstract"} == {
            k: f.value for k, f in entry.fields_dict.items()}, item["url"]


def explorer_selects(state: str, papers: list[dict]) -> list[str]:
    """The titles the explorer shows for a query string with no text: the filters it reads."""
    query = parse_qs(state)
    tags = [t for t in query.get("tags", [""])[0].split(",") if t]
    out = []
    for p in papers:
        year = int(p["date"][:4]) if p["date"] else None
        if not all(t in p["tags"] for t in tags):
            continue
        if "from" in query and (year is None and query.get("undated") == ["0"] or year is not None
                                and year < int(query["from"][0])):
            continue
        if "to" in query and year is not None and year > int(query["to"][0]):
            continue
        if query.get("code") == ["1"] and not p["code"]:
            continue
        if "coll" in query and not set(query["coll"][0].split(",")) & set(p["collections"]):
            continue
        out.append(p["title"])
    return out


def test_each_tag_and_collection_page_offers_the_bibtex_of_its_papers_in_the_explorer(plain_site: Path) -> None:
    pages = [p for p in sorted((plain_site / "tags").glob("*.html")) if p.name not in ("index.html", "intersection.html")
             and 'id="moved-to"' not in p.read_text(encoding="utf-8")]  # an old address, leading to a list
    pages += sorted((plain_site / "collections").glob("*.html"))
    assert len(pages) > 20
    every = _papers(plain_site)
    for page in pages:
        tree = _html(page)
        listed = [a.text() for a in tree.css("ol.paper-list > li.paper-item a.paper-title")]
        (link,) = [a for a in tree.css("a") if a.text() == "BibTeX of these papers"]
        href = link.attributes["href"]
        assert href.startswith("../search.html?"), page.name
        assert sorted(explorer_selects(href.split("?", 1)[1], every)) == sorted(listed), page.name
    assert not list(plain_site.glob("*/*.bib"))  # no stored copies: the explorer assembles them


def test_papers_bib_carries_the_abstract_as_the_page_shows_it(plain_site: Path) -> None:
    """The one export with abstracts, read back by this project's BibTeX reader
    (papers.csl.json is for citing: none there)."""
    from site_src.sources import bibtex

    report = Report()
    back = bibtex.read(plain_site / "papers.bib", "papers.bib", Config(root=plain_site), report)
    assert report.errors == []
    abstracts = {" ".join(r.title.split()): " ".join(r.abstract.split()) for r in back}
    differ = []
    for item in _papers(plain_site):
        shown = " ".join(_html(plain_site / item["url"]).css_first("section.abstract p").text().split())
        if abstracts.get(" ".join(item["title"].split())) != shown:
            differ.append(item["slug"])
    assert differ == []
    assert not any("abstract" in c for c in json.loads((plain_site / "papers.csl.json").read_text("utf-8")))


# ---------------------------------------------------------------- print

def _media_blocks(css: str, media: str) -> list[str]:
    """The bodies of every ``@media <media> { ... }`` block (braces matched, comments dropped)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    bodies = []
    for m in re.finditer(r"@media\s+" + re.escape(media) + r"\s*\{", css):
        depth, i = 1, m.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(css[i], 0)
            i += 1
        bodies.append(css[m.end():i - 1])
    return bodies


def _hidden_selectors(block: str) -> set[str]:
    hidden = set()
    for selectors, declarations in re.findall(r"([^{}]+)\{([^{}]*)\}", block):
        if re.search(r"display\s*:\s*none", declarations):
            hidden |= {s.strip() for s in selectors.split(",")}
    return hidden


def test_print_stylesheet_hides_the_header_navigation_and_search(plain_site: Path) -> None:
    css = (plain_site / "assets/style.css").read_text(encoding="utf-8")
    blocks = _media_blocks(css, "print")
    assert blocks
    hidden = set().union(*(_hidden_selectors(b) for b in blocks))
    tag_page = _html(plain_site / "tags/mamba.html")
    header = [s for s in hidden if tag_page.css(s) and tag_page.css_first(s).css("nav")]
    assert header, f"no hidden selector covers the header's <nav> ({sorted(hidden)})"
    assert any(tag_page.css(s) and tag_page.css_first(s).css("input[type=search]") for s in hidden)
    assert not any(tag_page.css(s) and tag_page.css_first(s).css("ol.paper-list") for s in hidden)


def test_the_build_on_two_workers_gives_the_bytes_of_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """At 2,000+ papers the command line splits tagging, cross-links and rendering between two
    processes; the site and the pages are exactly those of the dev server's one-process build."""
    import shutil

    from site_src import executor, pipeline
    from site_src.cache.memo import Memo
    from site_src.config import load_config
    from site_src.errors import Report

    from .conftest import ROOT, SEEDS

    monkeypatch.setattr(executor, "PARALLEL_MIN_PAPERS", 0)  # the seeds' 319 papers take the parallel path
    trees = []
    for name, memo in (("forked", None), ("serial", Memo())):
        root = tmp_path / name
        shutil.copytree(SEEDS, root / "seeds")
        shutil.copy(ROOT / "taxonomy.yaml", root / "taxonomy.yaml")
        report = Report()
        pipeline.build_site(load_config(None, root), report, memo=memo)
        assert not report.errors
        trees.append({p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
                      if p.is_file() and p.parts[len(root.parts)] in ("_site", "content")})
    assert trees[0] == trees[1]


def test_a_warm_process_whose_first_build_forked_keeps_what_the_search_job_carries(tmp_path: Path, monkeypatch):
    """The warm process renders its first build in two forked workers, whose search state never
    reaches it: its idle second pass makes the search files again here, so the first addition
    after it starts updates them (search/update.py) instead of making them all again."""
    from site_src import executor, pipeline
    from site_src.cache.memo import Memo
    from site_src.reads import Reader
    from site_src.render.data import SEARCH_STATE

    from .conftest import SEEDS

    monkeypatch.setattr(executor, "PARALLEL_MIN_PAPERS", 0)  # the seeds' 319 papers take the parallel path
    shutil.copytree(SEEDS, tmp_path / "seeds")
    shutil.copy(ROOT / "taxonomy.yaml", tmp_path / "taxonomy.yaml")
    memo, report = Memo(), Report()
    result = pipeline.build_held(load_config(None, tmp_path), report, None, memo=memo, fork=True)
    assert not report.errors
    reader = Reader(result.survey, {})
    reader.reuse(memo.kept("pieces"), lambda reads: False)
    assert reader.carried(SEARCH_STATE) is not None


def test_a_dev_server_started_from_the_cache_makes_its_kept_scans_before_the_first_edit(tmp_path: Path):
    """The dev server (or warm process) whose first build takes the cross-links from the cache on
    disk keeps no scan of names and no related-papers state from it: its idle second pass makes
    them, so the first paper added is updated from them, not computed from scratch meanwhile."""
    from site_src import pipeline
    from site_src.cache import summary
    from site_src.cache.memo import load_memo

    from .conftest import SEEDS

    shutil.copytree(SEEDS, tmp_path / "seeds")
    shutil.copy(ROOT / "taxonomy.yaml", tmp_path / "taxonomy.yaml")
    config = load_config(None, tmp_path)
    first = Report()
    pipeline.build_site(config, first)  # the command line's build, which saves the cache
    assert not first.errors
    memo = load_memo(tmp_path / config.cache, Report(), summary.code_digest())
    assert memo.entries.get("links")  # the first build below takes them from here
    report = Report()
    pipeline.build_site(config, report, memo=memo)
    assert not report.errors
    kept = memo.kept("mention-scan")
    assert kept is not None and kept.scan is not None and kept.related is not None


def test_content_pages_begun_while_the_related_papers_are_found_record_what_they_read(tmp_path: Path,
                                                                                    monkeypatch: pytest.MonkeyPatch):
    """On two workers, the content pages' front matter, abstract and links are made while
    another process finds the related papers (pipeline.link's ``meanwhile``). What each page
    read, which the next build compares to decide whether to rewrite it, is then the same as
    when the page is made in one piece."""
    from site_src import executor, pipeline
    from site_src.cache.memo import Memo
    from site_src.config import load_config
    from site_src.errors import Report
    from site_src.executor import ForkExecutor, SerialExecutor

    from .conftest import SEEDS

    monkeypatch.setattr(executor, "PARALLEL_MIN_PAPERS", 0)  # the seeds' 319 papers take the parallel path
    made: list[int] = []
    heads = pipeline.page_heads
    monkeypatch.setattr(pipeline, "page_heads", lambda papers: made.append(len(papers)) or heads(papers))
    records = []
    for name, run in (("forked", ForkExecutor(2)), ("serial", SerialExecutor())):
        root = tmp_path / name
        shutil.copytree(SEEDS, root / "seeds")
        shutil.copy(ROOT / "taxonomy.yaml", root / "taxonomy.yaml")
        memo, report = Memo(), Report()
        memo.in_memory = False  # as the command line builds
        published = pipeline.build(load_config(None, root), memo, run, report)
        assert not report.errors
        records.append({slug: entry[:2] for slug, entry in published.record["content"]["pages"].items()})
    assert made == [319], "the forked build made the pages' heads beside the related papers; the serial one did not"
    assert records[0] == records[1]
    assert all(masks for masks, _ in records[0].values())
