"""The site's data outputs: search index, papers.json, feeds, BibTeX and CSL-JSON, sitemap.

Each is a function of the survey as a :class:`~site_src.render.reads.Reader` hands it out,
so what it read is recorded like any page's.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from site_src.config import Config
from site_src.reads import Reader
from site_src.render.cite import Entry, bibtex_file, csl_item
from site_src.render.feeds import atom_feed, robots, sitemap
from site_src.render.paths import (
    MIN_AUTHOR_PAPERS,
    MIN_LINKED_AUTHOR_PAPERS,
    author_path,
    collection_path,
    paper_path,
    tag_has_page,
    tag_path,
)
from site_src.search.index import Facets, PaperTerms, js_assign
from site_src.search.update import search_index

Files = list[tuple[str, bytes]]
TAG_NAMES_FILE = "assets/tag-names.js"
SEARCH_JOB = "search"  # the job that makes the explorer's files
SEARCH_STATE = "search"  # what the search job carries from build to build (Reader.carry)
# what the explorer finds and filters by; adding a field (keywords) is adding it here and in search_files
SEARCHED = ("title", "date", "date_precision", "abstract", "auto_tags", "user_tags", "vetoed_tags", "authors",
            "author_count", "venue", "ids", "links", "upvotes", "collections", "keywords")


def job(r: Reader, config: Config, entry: Callable[..., Entry], name: str,
        search_terms: Mapping[str, PaperTerms] | None = None) -> Files:
    """The files of one data job (see ``Renderer.job_names``); ``search_terms``: see :class:`Renderer`."""
    kind, _, arg = name.partition(":")
    url = config.url
    if name == SEARCH_JOB:  # the explorer: text, tags, year, code, collection, and the BibTeX of a selection
        # A selection's BibTeX is the entries to cite, as each paper page shows them: the
        # abstracts are in papers.bib, and a second copy of them here was a sixth of the site.
        papers = list(r.every(SEARCHED))
        tagged = {p.slug: _without_derived(p.auto_tags, p.user_tags, p.vetoed_tags) for p in papers}
        infos = [r.tag(t) for t in sorted({t for ts in tagged.values() for t in ts})]
        order = {t: i for i, t in enumerate(r.tag_ids())}
        infos.sort(key=lambda t: order.get(t.id, len(order)))
        facets = Facets(tags=[(t.id, t.name, t.facet_name, t.topical) for t in infos],
                        collections=[(c, r.collection_title(c)) for c in r.collection_ids()],
                        bibtex=lambda p: entry(p.slug).citation(r.citekey(p.slug)))
        # each paper's terms kept by the caller (the dev server): the last build's search files are
        # then carried to this one, which makes again only what the changed papers are in
        files, state = search_index(papers, {t.id: t.name for t in infos}, {p.slug: paper_path(p.slug) for p in papers},
                                    tags_of=tagged, facets=facets, terms=search_terms,
                                    last=r.carried(SEARCH_STATE) if search_terms is not None else None)
        if state is not None:
            r.carry(SEARCH_STATE, state)
        return files
    if name == "tag-names":  # what assets/tag-chips.js shows for the tag ids of list items
        names = {t: r.tag(t).name for t in r.tag_ids() if not r.tag(t).derived}
        return [(TAG_NAMES_FILE, js_assign("TAG_NAMES", names))]
    if name == "papers.json":  # a line a paper, each made once and kept while the paper is as it was
        lines = [r.shared(("papers.json", p.slug), partial(_papers_json_line, r, p.slug)) for p in r.papers()]
        return [("papers.json", (_listed(lines) + "\n").encode("utf-8"))]
    if name == "feed":
        papers = r.papers()
        return [("feed.xml", atom_feed(
            title=config.title, subtitle="Newest papers", feed_path="feed.xml", page_path="index.html",
            papers=papers, base_url=url, tag_names=_names(r, papers), feed_id="urn:survey-site:feed:all"))]
    if kind == "feed":
        info = r.tag(arg)
        papers = [r.paper(x) for x in r.tagged(arg)]
        return [(f"tags/{arg}.xml", atom_feed(
            title=f"{info.name} · {config.title}", subtitle=info.description or info.name,
            feed_path=f"tags/{arg}.xml", page_path=tag_path(arg), papers=papers,
            base_url=url, tag_names=_names(r, papers), feed_id=f"urn:survey-site:feed:tag:{arg}"))]
    if name == "bib:all":
        papers = r.papers()
        csl = [r.shared(("csl", p.slug), partial(_csl_line, r, p.slug)) for p in papers]
        return [("papers.bib", bibtex_file([entry(p.slug, abstract=True) for p in papers]).encode("utf-8")),
                ("papers.csl.json", (_listed(csl) + "\n").encode("utf-8"))]
    if name == "robots":
        return [("robots.txt", robots(url))]
    if name == "sitemap":
        return sitemap(url, page_paths(r))
    raise KeyError(f"no such output job: {name}")


def _line(item: Any) -> str:
    return json.dumps(item, ensure_ascii=False, separators=(",", ":"))


def _listed(lines: list[str]) -> str:
    """A JSON list, one compact item a line: a third smaller than indented, and still one
    paper a line to read or diff."""
    return "[\n" + ",\n".join(lines) + "\n]"


# A piece (see Reader.shared) reads its paper itself: what it read is then its own, and a
# later build reuses it while that is unchanged.

def _csl_line(r: Reader, slug: str) -> str:
    """One paper's line of papers.csl.json, filed under its site-wide key (which :func:`csl_json` makes the same)."""
    return _line(csl_item(r.paper(slug), r.citekey(slug)))


def _papers_json_line(r: Reader, slug: str) -> str:
    """One paper's line of papers.json: no raw < > & even inside strings."""
    text = _line(paper_json(r, r.paper(slug)))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _without_derived(auto: tuple[str, ...], user: tuple[str, ...], vetoed: tuple[str, ...]) -> tuple[str, ...]:
    out: dict[str, None] = {}
    for t in (*auto, *user):
        if t not in vetoed:
            out.setdefault(t, None)
    return tuple(out)


class _TagNames(dict[str, str]):
    """Tag names looked up (and so recorded as read) only for the tags a feed shows."""

    def __init__(self, r: Reader) -> None:
        super().__init__()
        self.r = r

    def get(self, tag: str, default: Any = None) -> Any:
        return self.r.tag(tag).name if self.r.has_tag(tag) else default


def _names(r: Reader, papers: list[Any]) -> dict[str, str]:
    return _TagNames(r)


def page_paths(r: Reader) -> list[str]:
    counts = [(a, len(r.author(a).slugs)) for a in r.author_ids()]
    authors = [author_path(a) for a, n in counts if n >= MIN_AUTHOR_PAPERS]
    listed = any(n >= MIN_LINKED_AUTHOR_PAPERS for _, n in counts)
    return (["index.html", "papers/index.html", "search.html", "tags/index.html"]
            + [paper_path(p.slug) for p in r.papers()]
            + [tag_path(t) for t in r.tag_ids() if tag_has_page(r.tag(t))] + [collection_path(c) for c in r.collection_ids()]
            + authors + (["authors/index.html"] if listed else []))


def paper_json(r: Reader, p: Any) -> dict[str, Any]:
    """One paper's item of papers.json."""
    mentions_of, mentioned_by, related_of = r.links(p.slug)
    mentions = [t for t, _ in mentions_of]
    related = [t for t, _ in related_of]
    return {
        "slug": p.slug, "title": p.title, "url": paper_path(p.slug),
        "date": p.date.isoformat() if p.date else None, "date_precision": p.date_precision if p.date else None,
        "authors": p.author_count, "author_names": list(p.authors), "venue": p.venue or None,
        "upvotes": p.upvotes, "tags": list(p.tags), "collections": list(p.collections),
        "code": list(p.code_urls), "keywords": list(p.keywords), "mentions": mentions,
        "mentioned_by": list(mentioned_by), "related": related,
    }  # no "links_to": it was mentions and related again, a quarter of the file
