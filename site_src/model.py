"""The survey's data: one paper as read from a source, and as published.

Every stage passes these frozen objects downstream; a stage that adds knowledge
returns new objects (``dataclasses.replace``) instead of mutating shared state.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a record came from: a file and the line its title is on."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True)
class Link:
    """A URL found in or given with a paper: ``kind`` is ``code``, ``project`` or ``pdf``."""

    kind: str
    url: str


@dataclass(frozen=True, slots=True)
class Record:
    """One paper as one source states it (a dump entry, a BibTeX entry, a YAML item)."""

    title: str
    abstract: str
    source: SourceRef
    collection: str
    date: dt.date | None = None
    author_count: int | None = None
    authors: tuple[str, ...] = ()
    upvotes: int | None = None
    links: tuple[Link, ...] = ()
    ids: tuple[tuple[str, str], ...] = ()  # (scheme, value): ("doi", ...), ("arxiv", ...)
    venue: str = ""
    key: str = ""  # a citation key the source gave, if any
    date_precision: str = "day"  # "year" or "month" when the source gave no day (the date is then the 1st)
    kind: str = ""  # the BibTeX entry type the source gave (article, inproceedings, book, ...), lower case
    biblio: tuple[tuple[str, str], ...] = ()  # bibliographic fields as the source gave them: (name, text)
    keywords: tuple[str, ...] = ()
    more_authors: bool = False  # the author list ends in "and others"


# The bibliographic fields kept as the source gave them, for cite-ready exports (BibTeX names).
BIBLIO_FIELDS = ("journal", "booktitle", "eventtitle", "volume", "number", "pages", "publisher", "address",
                 "editor", "series", "edition", "chapter", "institution", "school", "organization",
                 "howpublished", "isbn", "issn", "type", "note")


@dataclass(frozen=True, slots=True)
class Paper:
    """One paper of the survey: records merged, plus what its content page adds."""

    slug: str
    title: str
    abstract: str
    date: dt.date | None = None
    author_count: int | None = None
    authors: tuple[str, ...] = ()
    upvotes: int | None = None
    links: tuple[Link, ...] = ()
    collections: tuple[str, ...] = ()
    ids: tuple[tuple[str, str], ...] = ()
    venue: str = ""
    key: str = ""
    date_precision: str = "day"
    kind: str = ""  # BibTeX entry type, as in :class:`Record`
    biblio: tuple[tuple[str, str], ...] = ()  # pages, volume, publisher, ... (see :data:`BIBLIO_FIELDS`)
    keywords: tuple[str, ...] = ()  # the source's keywords that are no taxonomy tag
    more_authors: bool = False
    sources: tuple[SourceRef, ...] = ()
    auto_tags: tuple[str, ...] = ()  # assigned by the taxonomy's rules
    user_tags: tuple[str, ...] = ()  # added by hand in the page
    vetoed_tags: tuple[str, ...] = ()  # automatic tags the user removed
    derived_tags: tuple[str, ...] = ()  # year, has-code, collection: computed, never written
    notes: str = ""  # the user's own Markdown, kept across ingests
    path: str = ""  # the content page this paper was loaded from

    @property
    def tags(self) -> tuple[str, ...]:
        """The rules' tags, then the user's, then the derived ones; each once, vetoed ones left out."""
        every = dict.fromkeys(self.auto_tags + self.user_tags + self.derived_tags)
        for tag in self.vetoed_tags:
            every.pop(tag, None)
        return tuple(every)

    @property
    def code_urls(self) -> tuple[str, ...]:
        return tuple(link.url for link in self.links if link.kind == "code")

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None

    @property
    def pdf_urls(self) -> tuple[str, ...]:
        return tuple(link.url for link in self.links if link.kind == "pdf")


@dataclass(frozen=True, slots=True)
class Collection:
    """A named group of papers: one seed file, or one source file."""

    id: str
    title: str
    description: str = ""
    slugs: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class CrossLinks:
    """The web between papers, keyed by slug; every tuple is in a stable order."""

    mentions: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)  # -> (target, name)
    mentioned_by: dict[str, tuple[str, ...]] = field(default_factory=dict)
    related: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)  # -> (target, reason)


DERIVED_FACETS = frozenset({"year", "code", "collection"})  # tags computed from a paper's data


@dataclass(frozen=True, slots=True)
class TagInfo:
    id: str
    name: str
    description: str = ""
    facet: str = "topic"
    facet_name: str = "Topic"
    topical: bool = True  # says what a paper is about; see :data:`DERIVED_FACETS` and the taxonomy's ``topical``

    @property
    def derived(self) -> bool:
        """A fact computed from the paper (its year, whether it has code, its collection), not a topic."""
        return self.facet in DERIVED_FACETS


@dataclass(frozen=True, slots=True)
class Author:
    """A name as the sources write it, and its papers in the survey, newest first."""

    id: str  # the page's name: authors/<id>.html
    name: str
    slugs: tuple[str, ...]


def author_id(name: str) -> str:
    from site_src.slugs import slugify  # slugs is a leaf module; imported here to keep model first
    return slugify(name)


def author_index(papers: tuple[Paper, ...]) -> dict[str, Author]:
    """Every author of ``papers`` (newest first) by id, ordered by family name then given names."""
    names: dict[str, str] = {}
    slugs: dict[str, list[str]] = {}
    for p in papers:
        for name in p.authors:
            aid = author_id(name)
            names.setdefault(aid, name)
            if not slugs.setdefault(aid, []) or slugs[aid][-1] != p.slug:
                slugs[aid].append(p.slug)

    def order(aid: str) -> tuple[str, str]:
        words = names[aid].split(",")[0].split()
        return (words[-1].casefold() if words else "", names[aid].casefold())

    return {aid: Author(aid, names[aid], tuple(slugs[aid])) for aid in sorted(names, key=order)}


@dataclass(frozen=True)
class Survey:
    papers: tuple[Paper, ...]  # newest first, then by title
    by_slug: dict[str, Paper]
    collections: tuple[Collection, ...]
    tags: dict[str, TagInfo]  # every tag that some paper carries, in taxonomy order
    tagged: dict[str, tuple[str, ...]]  # tag id -> slugs, newest first
    links: CrossLinks = field(default_factory=CrossLinks)
    facets: tuple[tuple[str, str], ...] = ()  # (facet id, facet name) in display order
