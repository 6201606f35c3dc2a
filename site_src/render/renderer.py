"""Rendering: a :class:`Survey` -> ``{site path: bytes}`` through the Jinja templates.

One Jinja environment, autoescape on, searching the user's templates folder first and
the project's ``templates/`` second. Templates hold layout only: every URL, date and
snippet is computed here and handed in. Every internal URL is relative and names a file,
so the site works from ``file://`` and under any sub-path.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import jinja2
import markdown
import nh3
from markupsafe import Markup

from site_src import abstract as abstract_text
from site_src.config import Config
from site_src.dates import iso, long_text
from site_src.model import Collection, Paper, Survey
from site_src.render.charts import cooccurrence_svg, year_histogram
from site_src.render.cite import Entry, bibtex_file, csl_json, entry_of, unique_keys
from site_src.render.feeds import atom_feed, robots, sitemap
from site_src.render.neighbourhood import neighbourhood_svg
from site_src.search.index import js_assign, search_files
from site_src.slugs import slugify

PROJECT_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
_ALLOWED_TAGS = {"a", "p", "em", "strong", "code", "pre", "ul", "ol", "li", "blockquote", "h3", "h4", "h5",
                 "h6", "br", "hr", "table", "thead", "tbody", "tr", "th", "td", "del", "sup", "sub"}


def paper_path(slug: str) -> str:
    return f"papers/{slug}.html"


def tag_path(tag: str) -> str:
    return f"tags/{tag}.html"


def collection_path(cid: str) -> str:
    return f"collections/{slugify(cid)}.html"  # a seed file name may hold spaces, # or <


def root_of(path: str) -> str:
    """The relative prefix from a page at ``path`` back to the site root."""
    return "../" * path.count("/")


def make_env(config: Config) -> jinja2.Environment:
    folders = []
    if config.templates:
        folders.append(str(config.root / config.templates))
    folders.append(str(PROJECT_TEMPLATES))
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(folders), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    env.filters["longdate"] = long_text
    return env


_MD_LINK = re.compile(r'href="(?![a-z][a-z0-9+.-]*:|/|#)([^"#?]+)\.md(#[^"]*)?"')


def notes_html(md_text: str) -> str:
    """A user's notes: Markdown, ``.md`` links pointed at pages, then sanitised (nh3)."""
    if not md_text.strip():
        return ""
    html = markdown.markdown(md_text, extensions=["fenced_code", "tables"])
    html = _MD_LINK.sub(lambda m: f'href="{m.group(1)}.html{m.group(2) or ""}"', html)
    return nh3.clean(html, tags=_ALLOWED_TAGS, attributes={"a": {"href", "title"}},
                     url_schemes={"http", "https", "mailto"}, link_rel="nofollow noopener")


class _Entries(dict[str, Entry]):
    """Each paper's BibTeX entry, rendered once on first use and filed in every .bib file."""

    def __init__(self, survey: Survey) -> None:
        super().__init__()
        self.survey = survey

    def __missing__(self, slug: str) -> Entry:
        entry = self[slug] = entry_of(self.survey.by_slug[slug])
        return entry


class _Views(dict[str, "PaperView"]):
    """Paper views made on first use: an incremental build renders a few pages only."""

    def __init__(self, renderer: Renderer) -> None:
        super().__init__()
        self.renderer = renderer

    def __missing__(self, slug: str) -> PaperView:
        view = self[slug] = self.renderer._view(self.renderer.survey.by_slug[slug])
        return view


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
    has_code: bool
    snippet: str


class Renderer:
    def __init__(self, survey: Survey, config: Config, extra: dict[str, Any] | None = None,
                 keys: dict[str, str] | None = None):
        self.survey = survey
        self.config = config
        self.env = make_env(config)
        self.extra = extra or {}
        self.views = _Views(self)
        self._items: dict[tuple[str, str], Markup] = {}
        self.entries = _Entries(survey)
        self.tag_names = {t: info.name for t, info in survey.tags.items()}
        self.keys = keys if keys is not None else unique_keys(list(survey.papers))

    def _view(self, p: Paper) -> PaperView:
        return PaperView(slug=p.slug, url=paper_path(p.slug), title=p.title, date=p.date,
                         date_iso=iso(p.date, p.date_precision), date_text=long_text(p.date, p.date_precision),
                         upvotes=p.upvotes,
                         authors=p.author_count, has_code=bool(p.code_urls), snippet=abstract_text.first_sentence(p.abstract),
                         tags=tuple((tag_path(t), self.survey.tags[t].name) for t in p.tags
                                    if t in self.survey.tags and not self.survey.tags[t].derived))

    def items(self, slugs: Iterable[str], path: str) -> list[Markup]:
        """Each paper's list item as HTML for a page at ``path``, rendered once per root and
        reused by every tag, collection and home list it appears in."""
        root = root_of(path)
        cache = self._items
        out = []
        macro = None
        for slug in slugs:
            item = cache.get((slug, root))
            if item is None:
                if macro is None:
                    macro = self.env.get_template("_macros.html").module.paper_item  # type: ignore[attr-defined]
                item = cache[(slug, root)] = macro(self.views[slug], root)
            out.append(item)
        return out

    def page(self, template: str, path: str, *, description: str = "", og_type: str = "website",
             feed: str = "", root: str | None = None, **context: Any) -> bytes:
        base = self.config.url.rstrip("/") + "/" if self.config.url else ""
        site = {"title": self.config.title, "description": self.config.description, "author": self.config.author,
                "url": self.config.url}
        meta = {"description": " ".join((description or self.config.description).split()),
                "og_type": og_type, "canonical": base + path if base else "",
                "feed": feed or "feed.xml"}
        html = self.env.get_template(template).render(site=site, root=root_of(path) if root is None else root, path=path, meta=meta,
                                                      **self.extra, **context)
        return html.encode("utf-8")

    def job_names(self) -> list[str]:
        """Every output of the site as a named job, in build order: pages, then data files.

        A full build runs them all; an incremental build runs the ones an edit touches
        (see :mod:`site_src.incremental`).
        """
        s = self.survey
        names = ["home", "search-page", "404", *(f"page:{p.slug}" for p in s.papers), "tags-index",
                 "intersection", *(f"tag:{t}" for t in s.tags), *(f"collection:{c.id}" for c in s.collections),
                 "search", "papers.json", "feed", *(f"feed:{t}" for t in s.tags), "tag-data", "bib:all",
                 *(f"bib:{p.slug}" for p in s.papers), *(f"tagbib:{t}" for t in s.tags if not s.tags[t].derived),
                 *(f"collectionbib:{c.id}" for c in s.collections), "robots"]
        if self.config.url:
            names.append("sitemap")
        return names

    def job(self, name: str) -> list[tuple[str, bytes]]:
        """The (site path, bytes) outputs of one named job."""
        s = self.survey
        kind, _, arg = name.partition(":")
        if kind == "page":
            return [(paper_path(arg), self.paper(s.by_slug[arg]))]
        if kind == "tag":
            return [(tag_path(arg), self.tag(arg))]
        if kind == "collection":
            c = next(c for c in s.collections if c.id == arg)
            return [(collection_path(c.id), self.collection(c))]
        if name == "home":
            return [("index.html", self.home())]
        if name == "search-page":
            return [("search.html", self.page("search.html", "search.html", title="Search"))]
        if name == "404":
            # GitHub Pages serves 404.html at the missing page's own path: relative links
            # would break there, so it links absolutely when the site's URL is known
            return [("404.html", self.page("404.html", "404.html", title="Page not found",
                                           root=self.config.url.rstrip("/") + "/" if self.config.url else None))]
        if name == "tags-index":
            return [("tags/index.html", self.tag_index())]
        if name == "intersection":
            return [("tags/intersection.html", self.page(
                "intersection.html", "tags/intersection.html", title="Papers by tags",
                description="Papers that carry several tags at once, optionally by year and with code."))]
        return self.data_job(name)

    def run(self, names: Iterable[str] | None = None) -> Iterator[tuple[str, bytes]]:
        """The outputs of the named jobs (all of them when ``names`` is None), in build order."""
        if names is None:
            order = self.job_names()
        else:
            every = self.job_names()
            wanted = set(names) & set(every)  # an edit may name outputs this site does not have
            order = [n for n in every if n in wanted] if len(wanted) > 50 else sorted(
                wanted, key=lambda n: (n.partition(":")[0] not in PAGE_JOBS, n))
        for name in order:
            yield from self.job(name)

    def collection(self, c: Collection) -> bytes:
        return self.page("collection.html", collection_path(c.id), title=c.title, collection=c,
                         description=f"{len(c.slugs)} papers in the collection {c.title}. {c.description}",
                         papers=self.items(c.slugs, collection_path(c.id)))

    def home(self) -> bytes:
        s = self.survey
        dated = [p.slug for p in s.papers if p.date][:10]
        upvoted = sorted((p for p in s.papers if p.upvotes), key=lambda p: (-(p.upvotes or 0), p.title))[:10]
        collections = [(collection_path(c.id), c.title, c.description, len(c.slugs)) for c in s.collections]
        top_tags = sorted((t for t in s.tags if s.tags[t].topical), key=lambda t: (-len(s.tagged[t]), t))[:24]
        return self.page("index.html", "index.html", title=self.config.title, count=len(s.papers),
                         description=f"{self.config.description} {len(s.papers)} papers.",
                         collections=collections, recent=self.items(dated, "index.html"),
                         upvoted=self.items((p.slug for p in upvoted), "index.html"),
                         tags=[(tag_path(t), s.tags[t].name, len(s.tagged[t])) for t in top_tags],
                         chart=Markup(year_histogram(_years(s.papers))))

    def paper(self, p: Paper) -> bytes:
        s = self.survey
        path = paper_path(p.slug)
        links = s.links

        def ref(slug: str) -> tuple[str, str]:
            return paper_path(slug), s.by_slug[slug].title if slug in s.by_slug else slug

        collections = [(collection_path(c.id), c.title) for c in s.collections if c.id in p.collections]
        mentions = [(*ref(t), name) for t, name in links.mentions.get(p.slug, ()) if t in s.by_slug]
        mentioned_by = [ref(t) for t in links.mentioned_by.get(p.slug, ()) if t in s.by_slug]
        related = [(*ref(t), reason) for t, reason in links.related.get(p.slug, ()) if t in s.by_slug]

        def nodes(items: list[Any]) -> list[tuple[str, str, str]]:
            return [(url.rsplit("/", 1)[-1][:-5], title, url.rsplit("/", 1)[-1]) for url, title, *_ in items]

        bibtex = self.entries[p.slug].text(self.keys[p.slug])
        graph = neighbourhood_svg((p.slug, p.title), nodes(mentions), nodes(mentioned_by), nodes(related))
        tags = ", ".join(s.tags[t].name for t in p.tags if t in s.tags)
        return self.page(
            "paper.html", path, title=p.title, paper=p, view=self.views[p.slug], og_type="article",
            description=abstract_text.first_sentence(p.abstract) + (f" Tags: {tags}." if tags else ""),
            abstract_html=abstract_text.to_html(p.abstract), notes_html=notes_html(p.notes),
            collections=collections,
            links=[(link.kind, link.url) for link in p.links],
            mentions=mentions, mentioned_by=mentioned_by, related=related, graph=Markup(graph), bibtex=bibtex,
        )

    def tag_index(self) -> bytes:
        s = self.survey
        facets: dict[str, list[tuple[str, str, int]]] = {}
        names: dict[str, str] = dict(s.facets)
        for t, info in s.tags.items():
            facets.setdefault(info.facet, []).append((tag_path(t), info.name, len(s.tagged[t])))
            names.setdefault(info.facet, info.facet_name)
        most = max((len(v) for v in s.tagged.values()), default=1)
        topical = sorted((t for t in s.tags if s.tags[t].topical), key=lambda t: (-len(s.tagged[t]), t))[:15]
        pairs: Counter[tuple[str, str]] = Counter()
        chosen = set(topical)
        for p in s.papers:
            mine = [t for t in p.tags if t in chosen]
            pairs.update((a, b) for i, a in enumerate(mine) for b in mine[i + 1:])
        matrix = cooccurrence_svg([(t, s.tags[t].name) for t in topical], dict(pairs),
                                  lambda ids: "intersection.html?tags=" + ",".join(ids))
        return self.page("tags.html", "tags/index.html", title="Tags", most=most, matrix=Markup(matrix),
                         description=f"{len(s.tags)} tags over {len(s.papers)} papers, by facet.",
                         facets=[(names[f], items) for f, items in facets.items()])

    def tag(self, tag: str) -> bytes:
        s = self.survey
        info = s.tags[tag]
        slugs = s.tagged[tag]
        co: Counter[str] = Counter()
        for slug in slugs:
            co.update(t for t in s.by_slug[slug].tags if t != tag and t in s.tags)
        together = [(intersection_href(tag, t), s.tags[t].name, n)
                    for t, n in sorted(co.items(), key=lambda kv: (-kv[1], kv[0])) if s.tags[t].topical][:12]
        return self.page("tag.html", tag_path(tag), title=info.name, tag=info, count=len(slugs),
                         chart=Markup(year_histogram(_years(s.by_slug[x] for x in slugs))),
                         dated=sum(1 for x in slugs if s.by_slug[x].date), bib=not info.derived,
                         feed=f"tags/{tag}.xml",
                         description=f"{len(slugs)} paper{'s' if len(slugs) != 1 else ''} tagged {info.name}. {info.description}",
                         papers=self.items(slugs, tag_path(tag)), together=together)

    def data_job(self, name: str) -> list[tuple[str, bytes]]:
        s = self.survey
        names = self.tag_names
        papers = list(s.papers)
        url = self.config.url
        kind, _, arg = name.partition(":")
        if name == "search":  # results show topics; year, code and collection are facts shown elsewhere
            topical = [replace(p, derived_tags=()) if p.derived_tags else p for p in papers]
            return list(search_files(topical, names, {p.slug: paper_path(p.slug) for p in papers}))
        if name == "papers.json":
            text = json.dumps(papers_json(s), ensure_ascii=False, indent=1)  # no raw < > & even inside strings
            text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            return [("papers.json", (text + "\n").encode("utf-8"))]
        if name == "feed":
            return [("feed.xml", atom_feed(
                title=self.config.title, subtitle="Newest papers", feed_path="feed.xml", page_path="index.html",
                papers=papers, base_url=url, tag_names=names, feed_id="urn:survey-site:feed:all"))]
        if kind == "feed":
            info = s.tags[arg]
            return [(f"tags/{arg}.xml", atom_feed(
                title=f"{info.name} · {self.config.title}", subtitle=info.description or info.name,
                feed_path=f"tags/{arg}.xml", page_path=tag_path(arg), papers=[s.by_slug[x] for x in s.tagged[arg]],
                base_url=url, tag_names=names, feed_id=f"urn:survey-site:feed:tag:{arg}"))]
        if name == "tag-data":
            return [("assets/tag-data.js", js_assign("TAG_DATA", tag_data(s)))]
        if name == "bib:all":
            return [("papers.bib", bibtex_file([self.entries[p.slug] for p in papers]).encode("utf-8")),
                    ("papers.csl.json", (json.dumps(csl_json(papers), ensure_ascii=False, indent=1) + "\n").encode("utf-8"))]
        if kind == "bib":
            return [(f"papers/{arg}.bib", self.entries[arg].text(self.keys[arg]).encode("utf-8"))]
        if kind == "tagbib":
            return [(f"tags/{arg}.bib", bibtex_file([self.entries[x] for x in s.tagged[arg]]).encode("utf-8"))]
        if kind == "collectionbib":
            c = next(c for c in s.collections if c.id == arg)
            return [(collection_path(c.id).removesuffix(".html") + ".bib",
                     bibtex_file([self.entries[x] for x in c.slugs]).encode("utf-8"))]
        if name == "robots":
            return [("robots.txt", robots(url))]
        if name == "sitemap":
            return [("sitemap.xml", sitemap(url, self.page_paths()))]
        raise KeyError(f"no such output job: {name}")

    def page_paths(self) -> list[str]:
        s = self.survey
        return (["index.html", "search.html", "tags/index.html"] + [paper_path(p.slug) for p in s.papers]
                + [tag_path(t) for t in s.tags] + [collection_path(c.id) for c in s.collections])


PAGE_JOBS = {"home", "search-page", "404", "page", "tags-index", "intersection", "tag", "collection"}


def intersection_href(*tags: str) -> str:
    """A link, from a page in tags/, to the papers carrying every one of ``tags``."""
    return "tags/intersection.html?tags=" + ",".join(sorted(tags))


def _years(papers: Any) -> dict[int, int]:
    return dict(Counter(p.date.year for p in papers if p.date))


def tag_data(s: Survey) -> dict[str, Any]:
    """What the intersection page filters: tags by id, and each paper's tags as indexes."""
    ids = list(s.tags)
    index = {t: i for i, t in enumerate(ids)}
    return {
        "tags": [[t, s.tags[t].name, s.tags[t].facet_name, 0 if s.tags[t].derived else 1]
                 for t in ids],
        "papers": [[paper_path(p.slug), p.title, iso(p.date, p.date_precision), p.upvotes or 0,
                    1 if p.code_urls else 0, [index[t] for t in p.tags if t in index]] for p in s.papers],
    }


def papers_json(s: Survey) -> list[dict[str, Any]]:
    out = []
    for p in s.papers:
        mentions = [t for t, _ in s.links.mentions.get(p.slug, ())]
        related = [t for t, _ in s.links.related.get(p.slug, ())]
        out.append({
            "slug": p.slug, "title": p.title, "url": paper_path(p.slug),
            "date": p.date.isoformat() if p.date else None, "date_precision": p.date_precision if p.date else None,
            "authors": p.author_count,
            "upvotes": p.upvotes, "tags": list(p.tags), "collections": list(p.collections),
            "code": list(p.code_urls), "mentions": mentions,
            "mentioned_by": list(s.links.mentioned_by.get(p.slug, ())), "related": related,
            "links_to": sorted(set(mentions) | set(related)),
        })
    return out
