"""Rendering: a :class:`Survey` -> named outputs, each ``(site path, bytes)`` files plus what it read.

Every output of the site is a named job (``home``, ``page:<slug>``, ``tag:<id>``,
``search``, ...). A job reads the survey only through a :class:`~site_src.render.reads.Reader`,
so each rendered output comes with its dependencies; the renderer itself knows nothing
of which outputs are stale. Templates hold layout only: every URL, date and snippet is
computed here and handed in.
"""
from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from itertools import islice
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from site_src import abstract as abstract_text
from site_src.config import Config
from site_src.dates import iso, long_text
from site_src.files import PROJECT_TEMPLATES
from site_src.links.taxonomy import collection_tag
from site_src.model import Paper, Survey, TagInfo, author_id, author_index
from site_src.reads import Reader, Reads
from site_src.render import data
from site_src.render.buttons import buttons, venue_line
from site_src.render.charts import cooccurrence_svg, year_histogram
from site_src.render.cite import Entry, abstract_field, entry_of, unique_keys
from site_src.render.env import make_env, notes_html
from site_src.render.lists import AUTHORS_PER_PAGE, PER_PAGE, ROWS_PER_PAGE, ListPage, by_year, paginate
from site_src.render.paths import (
    MIN_AUTHOR_PAPERS,
    MIN_LINKED_AUTHOR_PAPERS,
    author_explore_path,
    author_path,
    backlinks_path,
    collection_path,
    intersection_href,
    paper_path,
    root_of,
    tag_has_page,
    tag_path,
)
from site_src.search.index import PaperTerms

__all__ = ["PROJECT_TEMPLATES", "PaperView", "Rendered", "Renderer", "paper_path"]
PAGE_JOBS = {"home", "search-page", "404", "page", "tags-index", "all-papers", "intersection", "tag", "collection",
             "author", "authors", "backlinks", "moved"}
MAX_BACKLINKS = 50  # papers listed as mentioning a paper on its page; a longer list has a page of its own
Files = list[tuple[str, bytes]]


@dataclass(frozen=True)
class PaperView:
    """What a list or a page shows of a paper; URLs relative to the site root."""

    slug: str
    url: str
    title: str
    date: Any
    date_iso: str  # for <time datetime>: 2023-07-17, 2023-07 or 2023
    date_text: str  # Jul 17, 2023 / Jul 2023 / 2023
    upvotes: int | None
    authors: int | None
    tags: tuple[tuple[str, str], ...]  # (url, name)
    tag_ids: tuple[str, ...]  # the same tags by id, as list items carry them
    has_code: bool
    snippet: str


@dataclass(frozen=True, slots=True)
class _Site:
    """What every page's template knows of the site (``site.title``, ...)."""

    title: str
    description: str
    author: str
    url: str


@dataclass(frozen=True, slots=True)
class _Meta:
    """What a page's template puts in its head (``meta.description``, ...); attributes, which
    Jinja reads at once, where a dictionary's keys cost it a failed attribute look-up each."""

    description: str
    og_type: str
    canonical: str
    feed: str


@dataclass(frozen=True)
class Rendered:
    """One job's output: its files and what it read to make them."""

    name: str
    files: list[tuple[str, bytes]]
    reads: Reads


class Renderer:
    def __init__(self, survey: Survey, config: Config, keys: dict[str, str] | None = None,
                 search_terms: Mapping[str, PaperTerms] | None = None):
        """``search_terms``: each paper's :func:`~site_src.search.index.paper_terms` by slug, when
        the caller kept them from an earlier build (made by the search job otherwise)."""
        self.config = config
        self.search_terms = search_terms
        self.env = make_env(config)
        self._templates: dict[str, jinja2.Template] = {}
        self.keys = unique_keys(list(survey.papers)) if keys is None else keys  # slug -> citation key
        self.r = Reader(survey, self.keys)
        self._survey = survey  # for the list of jobs only; every job reads through self.r
        self._site = _Site(title=config.title, description=config.description, author=config.author, url=config.url)

    # ------------------------------------------------------------------ jobs
    def job_names(self) -> list[str]:
        """Every output of the site as a named job, in build order: pages, then data files."""
        s = self._survey
        every_author = author_index(s.papers).items()
        authors = [aid for aid, a in every_author if len(a.slugs) >= MIN_AUTHOR_PAPERS]
        listed = any(len(a.slugs) >= MIN_LINKED_AUTHOR_PAPERS for _, a in every_author)
        cited = [p.slug for p in s.papers if len(s.links.mentioned_by.get(p.slug, ())) > MAX_BACKLINKS]
        names = ["home", "search-page", "404", *(f"page:{p.slug}" for p in s.papers),
                 *(f"backlinks:{slug}" for slug in cited), "tags-index", "all-papers",
                 "intersection", *(f"tag:{t}" for t, info in s.tags.items() if tag_has_page(info)),
                 *(f"moved:{t}" for t, info in s.tags.items() if not tag_has_page(info)),
                 *(f"collection:{c.id}" for c in s.collections),
                 *(["authors"] if listed else []), *(f"author:{a}" for a in authors),
                 "search", "tag-names", "papers.json", "feed", *(f"feed:{t}" for t, info in s.tags.items() if tag_has_page(info)),
                 "bib:all", "robots"]
        if self.config.url:
            names.append("sitemap")
        return names

    def run(self, names: Iterable[str] | None = None, every: list[str] | None = None) -> Iterator[Rendered]:
        """The named jobs (all of them when ``names`` is None), in build order (``every``: the
        :meth:`job_names`, when the caller has them)."""
        every = self.job_names() if every is None else every
        if names is None:
            order = every
        else:
            wanted = set(names)
            order = [n for n in every if n in wanted]
        for name in order:
            reads = self.r.recording()
            files = self.job(name)
            yield Rendered(name, files, reads)

    def job(self, name: str) -> list[tuple[str, bytes]]:
        """The (site path, bytes) outputs of one named job."""
        kind, _, arg = name.partition(":")
        if kind == "page":
            return [(paper_path(arg), self.paper(arg))]
        if kind == "tag":
            return self.tag(arg)
        if kind == "collection":
            return self.collection(arg)
        if kind == "moved":
            return self.moved(arg)
        if kind == "author":
            return self.author(arg)
        if name == "authors":
            return self.author_index()
        if kind == "backlinks":
            return self.backlinks(arg)
        if name == "home":
            return [("index.html", self.home())]
        if name == "search-page":
            return [("search.html", self.page("search.html", "search.html", title="Search"))]
        if name == "404":
            # GitHub Pages serves 404.html at the missing page's own path: relative links
            # would break there, so it links absolutely when the site's URL is known (the
            # Pages workflow passes it); the dev server gives it a <base> of its root.
            # It holds its own CSS and theme script, so it is styled wherever it is served; without
            # a URL, a small script of its own finds the site's root for its links (404-root.js).
            return [("404.html", self.page("404.html", "404.html", title="Page not found", standalone=True,
                                           root=self.config.url.rstrip("/") + "/" if self.config.url else None))]
        if name == "tags-index":
            return [("tags/index.html", self.tag_index())]
        if name == "all-papers":
            return self.all_papers()
        if name == "intersection":
            return [("tags/intersection.html", self.page(
                "intersection.html", "tags/intersection.html", title="Papers by tags",
                description="Papers that carry several tags at once, optionally by year and with code."))]
        return data.job(self.r, self.config, self.entry, name, self.search_terms)

    # ------------------------------------------------------------------ shared pieces
    def template(self, name: str) -> jinja2.Template:
        """A template, looked up once a build: Jinja checks the file of each it hands out (a
        stat a page), which this build's templates, read once, need not."""
        found = self._templates.get(name)
        if found is None:
            found = self._templates[name] = self.env.get_template(name)
        return found

    def view(self, slug: str) -> PaperView:
        return self.r.shared(("view", slug), lambda: self._view(self.r.paper(slug)))

    def _view(self, p: Paper) -> PaperView:
        r = self.r
        shown = [t for t in p.tags if r.has_tag(t) and not r.tag(t).derived]  # topics; has-code is a badge
        return PaperView(slug=p.slug, url=paper_path(p.slug), title=p.title, date=p.date,
                         date_iso=iso(p.date, p.date_precision), date_text=long_text(p.date, p.date_precision),
                         upvotes=p.upvotes, authors=p.author_count, has_code=bool(p.code_urls),
                         snippet=abstract_text.first_sentence(p.abstract),
                         tags=tuple((tag_path(t), r.tag(t).name) for t in shown),
                         tag_ids=tuple(shown))

    def entry(self, slug: str, abstract: bool = False) -> Entry:
        """A paper's BibTeX entry, made once and used by every output that cites it; ``abstract``:
        with its abstract, as papers.bib files it (the pages and the explorer cite it without)."""
        if abstract:
            return self.r.shared(("entry-abstract", slug), lambda: replace(
                self.entry(slug), abstract=abstract_field(self.r.paper(slug).abstract)))
        return self.r.shared(("entry", slug), lambda: entry_of(self.r.paper(slug), abstract=False))

    def items(self, slugs: Iterable[str], path: str) -> list[Markup]:
        """Each paper's list item as HTML for a page at ``path``, rendered once per root and
        reused by every tag, collection and home list it appears in."""
        root = root_of(path)
        macro = self.template("_macros.html").module.paper_item  # type: ignore[attr-defined]
        return [self.r.shared(("item", slug, root), lambda slug=slug: macro(self.view(slug), root))  # type: ignore[misc]
                for slug in slugs]

    def rows(self, slugs: Iterable[str], path: str) -> list[Markup]:
        """Each paper's one-line row (title, date, upvotes, code) for the all-papers page,
        a third of a list item's size: that page lists every paper."""
        root = root_of(path)
        macro = self.template("_macros.html").module.paper_row  # type: ignore[attr-defined]
        return [self.r.shared(("row", slug, root), lambda slug=slug: macro(self.view(slug), root))  # type: ignore[misc]
                for slug in slugs]

    def listing(self, path: str, slugs: list[str], *, rows: bool = False, index: bool = False) -> list[ListPage]:
        """A list of papers as its pages: under year headings when long, split when longer
        than a page; every page of it sits beside the first, so they share one set of items."""
        items = self.rows(slugs, path) if rows else self.items(slugs, path)
        ordered, headings = by_year(slugs, items, lambda s: _year(self.r.paper(s).date))
        return paginate(path, ordered, headings, ROWS_PER_PAGE if rows else PER_PAGE, index=index)

    def sortable(self, slugs: Iterable[str]) -> bool:
        """Whether ordering by upvotes would tell anything: two papers with different counts
        (the papers read up to the second count are what the answer depends on)."""
        first: int | None = None
        for s in slugs:
            count = self.r.paper(s).upvotes or 0
            if first is None:
                first = count
            elif count != first:
                return True
        return False

    def page(self, template: str, path: str, *, description: str = "", og_type: str = "website",
             feed: str = "", root: str | None = None, **context: Any) -> bytes:
        base = self.config.url.rstrip("/") + "/" if self.config.url else ""
        meta = _Meta(description=" ".join((description or self.config.description).split()), og_type=og_type,
                     canonical=base + path if base else "", feed=feed or "feed.xml")
        html = self.template(template).render(site=self._site, root=root_of(path) if root is None else root,
                                              path=path, meta=meta, **context)
        return html.encode("utf-8")

    # ------------------------------------------------------------------ pages
    def collection(self, cid: str) -> Files:
        c = self.r.collection(cid)
        slugs = list(c.slugs)
        sortable = self.sortable(slugs)
        return [(pg.path, self.page("collection.html", pg.path, title=_numbered(c.title, pg), collection=c,
                                    count=len(slugs), listing=pg, sortable=sortable,
                                    explore=f"search.html?coll={quote(c.id)}",
                                    description=f"{len(c.slugs)} papers in the collection {c.title}. {c.description}"))
                for pg in self.listing(collection_path(c.id), slugs)]

    def all_papers(self) -> Files:
        slugs = [p.slug for p in self.r.papers()]
        sortable = self.sortable(slugs)
        return [(pg.path, self.page("papers.html", pg.path, title=_numbered("All papers", pg), count=len(slugs),
                                    listing=pg, sortable=sortable, explore="search.html?",
                                    description=f"All {len(slugs)} papers of the survey, newest first, by year."))
                for pg in self.listing("papers/index.html", slugs, rows=True, index=True)]

    def home(self) -> bytes:
        r = self.r
        papers = r.papers()
        dated = [p.slug for p in islice((p for p in papers if p.date), 10)]
        upvoted = heapq.nsmallest(10, (p for p in papers if p.upvotes), key=lambda p: (-(p.upvotes or 0), p.title))
        collections = []
        for cid in r.collection_ids():
            c = r.collection(cid)
            collections.append((collection_path(c.id), c.title, c.description, len(c.slugs)))
        topical = [t for t in r.tag_ids() if r.tag(t).topical]
        top_tags = sorted(topical, key=lambda t: (-len(r.tagged(t)), t))[:24]
        years = _years(papers)
        return self.page("index.html", "index.html", title=self.config.title, count=len(papers),
                         description=f"{self.config.description} {len(papers)} papers.",
                         collections=collections, recent=self.items(dated, "index.html"),
                         upvoted=self.items((p.slug for p in upvoted), "index.html"),
                         tags=[(tag_path(t), r.tag(t).name, len(r.tagged(t))) for t in top_tags],
                         tag_count=len(topical), dated=sum(years.values()),
                         chart=Markup(year_histogram(years, href=lambda y: year_href("tags/intersection.html", y))))

    def paper(self, slug: str) -> bytes:
        r = self.r
        p = r.paper(slug)
        path = paper_path(slug)
        mentions_of, mentioned_by_of, related_of = r.links(slug)

        def ref(other: str) -> tuple[str, str]:  # of a paper that exists (each list checks first)
            return paper_path(other), r.paper(other).title

        mine = p.collections
        collections = [(collection_path(cid), r.collection_title(cid)) for cid in r.collection_ids() if cid in mine]
        mentions = [(*ref(t), name) for t, name in mentions_of if r.has_paper(t)]
        backlinks = [t for t in mentioned_by_of if r.has_paper(t)]
        mentioned_by = [ref(t) for t in backlinks[:MAX_BACKLINKS]]  # the rest on a list of their own
        related = [(*ref(t), reason) for t, reason in related_of if r.has_paper(t)]

        bibtex = self.entry(slug).citation(r.citekey(slug))
        view = self.view(slug)
        tags = ", ".join(name for _, name in view.tags)  # the topics; year and collection say little
        return self.page(
            "paper.html", path, title=p.title, paper=p, view=view, og_type="article",
            description=view.snippet + (f" Tags: {tags}." if tags else ""),  # the abstract's first sentence
            abstract_html=abstract_text.to_html(p.abstract), notes_html=notes_html(p.notes),
            collections=collections,
            links=_distinct_links((link.kind, link.url) for link in p.links),
            venue=venue_line(p), buttons=buttons(p), keywords=list(p.keywords),
            authors=[(self.author_link(name), name) for name in p.authors], more_authors=p.more_authors,
            mentions=mentions, mentioned_by=mentioned_by, related=related, bibtex=bibtex,
            backlinks=len(backlinks), backlinks_path=backlinks_path(slug) if len(backlinks) > MAX_BACKLINKS else "",
        )

    def backlinks(self, slug: str) -> Files:
        """Every paper that mentions a much-cited one, in rows over pages: its own page lists
        the first :data:`MAX_BACKLINKS`, which keeps a famous paper's page small."""
        r = self.r
        title = r.paper(slug).title
        backlinks = [t for t in r.links(slug)[1] if r.has_paper(t)]
        return [(pg.path, self.page("backlinks.html", pg.path, title=_numbered(f"Papers that mention {title}", pg),
                                    paper_title=title, paper_url=paper_path(slug), count=len(backlinks), listing=pg,
                                    description=f"The {len(backlinks)} papers of the survey that mention {title}."))
                for pg in self.listing(backlinks_path(slug), backlinks, rows=True)]

    def author_link(self, name: str) -> str:
        """:meth:`author_url` of an author by name, worked out once a build: an author is named
        on the page of each of their papers."""
        return self.r.shared(("author-url", name), lambda: self.author_url(author_id(name)))

    def author_url(self, aid: str) -> str:
        """Where an author's name links: their page, the explorer's list of their papers, or
        "" for an author of one paper (see :data:`MIN_AUTHOR_PAPERS`)."""
        count = len(self.r.author(aid).slugs) if self.r.has_author(aid) else 0
        if count >= MIN_AUTHOR_PAPERS:
            return author_path(aid)
        return author_explore_path(aid) if count >= MIN_LINKED_AUTHOR_PAPERS else ""

    def author(self, aid: str) -> Files:
        r = self.r
        a = r.author(aid)
        path = author_path(aid)
        co: Counter[str] = Counter()
        names: dict[str, str] = {}
        for slug in a.slugs:
            for name in r.paper(slug).authors:
                other = author_id(name)
                if other != aid:
                    co[other] += 1
                    names.setdefault(other, name)
        coauthors = [(self.author_url(other), names[other], n)
                     for other, n in sorted(co.items(), key=lambda kv: (-kv[1], names[kv[0]].casefold()))]
        count = len(a.slugs)
        return [(pg.path, self.page("author.html", pg.path, title=_numbered(a.name, pg), author=a, count=count,
                                    coauthors=coauthors, listing=pg, sortable=False, explore="",
                                    description=f"{count} paper{'s' if count != 1 else ''} by {a.name} in this survey."))
                for pg in self.listing(path, list(a.slugs), rows=True)]  # one line a paper, as DBLP lists them

    def author_index(self) -> Files:
        """Every author with a link (a page, or the explorer's list), by family name under its
        initial, split into pages when long."""
        r = self.r
        authors = sorted((a for a in map(r.author, r.author_ids()) if len(a.slugs) >= MIN_LINKED_AUTHOR_PAPERS),
                         key=_initial)  # stable: by name within an initial
        path = "authors/index.html"
        macro = self.template("_macros.html").module.author_row  # type: ignore[attr-defined]
        rows = [macro(self.author_url(a.id), a.name, len(a.slugs), root_of(path)) for a in authors]
        headings = [(initial, f"authors-{initial}") for initial in map(_initial, authors)]
        return [(pg.path, self.page("authors.html", pg.path, title=_numbered("Authors", pg), count=len(authors),
                                    listing=pg, description=f"The {len(authors)} authors of the papers in this survey."))
                for pg in paginate(path, rows, headings, AUTHORS_PER_PAGE, index=True)]

    def tag_index(self) -> bytes:
        r = self.r
        facets: dict[str, list[tuple[str, str, int]]] = {}
        names: dict[str, str] = dict(r.facets())
        tag_ids = r.tag_ids()
        for t in tag_ids:
            info = r.tag(t)
            facets.setdefault(info.facet, []).append((self.tag_url(info), info.name, len(r.tagged(t))))
            names.setdefault(info.facet, info.facet_name)
        most = max((len(r.tagged(t)) for t in tag_ids), default=1)
        topical = sorted((t for t in tag_ids if r.tag(t).topical), key=lambda t: (-len(r.tagged(t)), t))[:15]
        pairs: Counter[tuple[str, str]] = Counter()
        chosen = set(topical)
        for t in topical:  # a pair is counted from its papers: those carrying both tags
            for slug in r.tagged(t):
                mine = [x for x in r.paper(slug).tags if x in chosen]
                if mine and mine[0] == t:
                    pairs.update((a, b) for i, a in enumerate(mine) for b in mine[i + 1:])
        matrix = cooccurrence_svg([(t, r.tag(t).name) for t in topical], dict(pairs),
                                  lambda ids: "intersection.html?tags=" + ",".join(ids))
        return self.page("tags.html", "tags/index.html", title="Tags", most=most, matrix=Markup(matrix),
                         description=f"{len(tag_ids)} tags over {r.paper_count()} papers, by facet.",
                         facets=[(names[f], items) for f, items in facets.items()])

    def tag(self, tag: str) -> Files:
        r = self.r
        info = r.tag(tag)
        slugs = r.tagged(tag)
        co: Counter[str] = Counter()
        for slug in slugs:
            co.update(t for t in r.paper(slug).tags if t != tag and r.has_tag(t))
        together = [(intersection_href(tag, t), r.tag(t).name, n)
                    for t, n in sorted(co.items(), key=lambda kv: (-kv[1], kv[0])) if r.tag(t).topical][:12]
        chart = year_histogram(_years(r.paper(x) for x in slugs),
                               href=lambda y: year_href("intersection.html", y, tag))
        common: dict[str, Any] = dict(tag=info, count=len(slugs), chart=Markup(chart), sortable=self.sortable(slugs),
                      dated=sum(1 for x in slugs if r.paper(x).date), together=together,
                      explore=self.explore(info), feed=f"tags/{tag}.xml",
                      description=f"{len(slugs)} paper{'s' if len(slugs) != 1 else ''} tagged {info.name}. "
                                  f"{info.description}")
        return [(pg.path, self.page("tag.html", pg.path, title=_numbered(info.name, pg), listing=pg, **common))
                for pg in self.listing(tag_path(tag), list(slugs))]

    def moved(self, tag: str) -> Files:
        """Where a year's or a collection's tag page was: a link that was shared still leads to its papers."""
        info, path = self.r.tag(tag), tag_path(tag)
        target = root_of(path) + self.tag_url(info)
        return [(path, self.page("moved.html", path, title=info.name, target=target,
                                 description=f"The papers tagged {info.name}."))]

    def tag_url(self, info: TagInfo) -> str:
        """Where a tag's papers are listed, from the site root: its page, or for a tag with
        none (see :func:`tag_has_page`) the page that lists them."""
        if tag_has_page(info):
            return tag_path(info.id)
        return self.explore(info) if info.facet == "year" else self._collection_of(info)

    def _collection_of(self, info: TagInfo) -> str:
        for cid in self.r.collection_ids():
            if collection_tag(cid) == info.id:
                return collection_path(cid)
        return self.explore(info)

    def explore(self, info: TagInfo) -> str:
        """The explorer's state for the papers of a tag, from the site root: a topic by its
        id; a derived tag by the filter it stands for (its year, code, its collection)."""
        if info.facet == "year" and info.id.removeprefix("year-").isdigit():
            year = info.id.removeprefix("year-")
            return f"search.html?from={year}&to={year}&undated=0"
        if info.facet == "code":
            return "search.html?code=1"
        if info.facet == "collection":
            for cid in self.r.collection_ids():
                if collection_tag(cid) == info.id:
                    return f"search.html?coll={quote(cid)}"
        return f"search.html?tags={quote(info.id)}"


def _numbered(title: str, page: ListPage) -> str:
    """A list's title, with its page number on pages 2, 3, ...: each page's title is its own."""
    return f"{title}, page {page.pager.number} of {page.pager.count}" if page.pager and page.pager.number > 1 else title


def _initial(author: Any) -> str:
    words = author.name.split(",")[0].split()
    initial = (words[-1][:1].upper() if words else "") or "#"
    return initial if initial.isalpha() else "#"


def _year(date: Any) -> int | None:
    return date.year if date else None


def _years(papers: Iterable[Any]) -> dict[int, int]:
    return dict(Counter(p.date.year for p in papers if p.date))


def year_href(page: str, year: int, *tags: str) -> str:
    """The explorer's state for the papers of one year (and tags) a chart's bar counts."""
    return f"{page}?tags={','.join(sorted(tags))}&from={year}&to={year}"


def _distinct_links(links: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Links once each: two that differ only in case (a GitHub URL cited twice) are one."""
    seen: set[tuple[str, str]] = set()
    out = []
    for kind, url in links:
        if (kind, url.lower().rstrip("/")) not in seen:
            seen.add((kind, url.lower().rstrip("/")))
            out.append((kind, url))
    return out
