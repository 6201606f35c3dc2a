"""What an output read while it was rendered: the dependencies an incremental build uses.

Every output is rendered through a :class:`Reader`, a view of the survey that notes
each thing it hands out: a field of a paper (as one bit of a per-paper mask), or a
named part of the survey's structure (``order``, ``tag:<id>``, ``tagged:<id>``,
``collection:<id>``, ...). Nothing here knows which outputs exist or what changed;
the caller compares what each output read with what differs since the last build.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any, TypeVar, cast

from site_src.model import Author, Collection, Paper, Survey, TagInfo, author_index

PAPER_FIELDS: tuple[str, ...] = (*(f.name for f in fields(Paper)), "crosslinks", "citekey", "exists")
BIT: dict[str, int] = {name: 1 << i for i, name in enumerate(PAPER_FIELDS)}
ALL_FIELDS = (1 << len(PAPER_FIELDS)) - 1
_DERIVED = {  # Paper's properties, read through the fields they are made of
    "tags": BIT["auto_tags"] | BIT["user_tags"] | BIT["vetoed_tags"] | BIT["derived_tags"],
    "code_urls": BIT["links"],
    "pdf_urls": BIT["links"],
    "year": BIT["date"],
    "slug": 0,  # a paper's identity: its outputs are named after it
}
_T = TypeVar("_T")
_CARRIED = ("carried",)  # the pieces' key of what Reader.carry was given


@dataclass
class Reads:
    """One output's dependencies: per paper, a mask of the fields read; named survey parts."""

    masks: dict[str, int] = field(default_factory=dict)
    keys: set[str] = field(default_factory=set)

    def paper(self, slug: str, mask: int) -> None:
        self.masks[slug] = self.masks.get(slug, 0) | mask

    def merge(self, other: Reads) -> None:
        for slug, mask in other.masks.items():
            self.masks[slug] = self.masks.get(slug, 0) | mask
        self.keys |= other.keys


_MASK: dict[str, int] = {**BIT, **_DERIVED}  # what reading each name of a paper reads


class PaperRead:
    """A paper as a template or a formatter sees it: every attribute read is noted.

    Each name of :data:`_MASK` is a property of its own (see :func:`_noted`): a property is
    found at once, where ``__getattr__`` runs only after a failed look-up, five times slower,
    and a page reads some 75 of them."""

    __slots__ = ("_paper", "_masks", "_slug")

    def __init__(self, paper: Paper, reads: Reads) -> None:
        self._paper = paper
        self._masks = reads.masks
        self._slug = paper.slug

    def __getattr__(self, name: str) -> Any:  # a name no property is for: noted the same way
        masks = self._masks
        masks[self._slug] = masks.get(self._slug, 0) | _MASK[name]
        return getattr(self._paper, name)


def _noted(name: str, mask: int) -> property:
    """Reading ``name`` of a :class:`PaperRead`: its bits noted for the paper, then the paper's value."""
    value = attrgetter(name)

    def read(self: PaperRead) -> Any:
        masks = self._masks
        masks[self._slug] = masks.get(self._slug, 0) | mask
        return value(self._paper)

    return property(read)


for _name in (*(f.name for f in fields(Paper)), *_DERIVED):  # not crosslinks, citekey, exists: the Reader's
    setattr(PaperRead, _name, _noted(_name, _MASK[_name]))


class Reader:
    """The survey, handed out piece by piece, each piece noted in the current :class:`Reads`."""

    def __init__(self, survey: Survey, citekeys: dict[str, str]) -> None:
        self._survey = survey
        self._citekeys = citekeys
        self.reads = Reads()
        self._memo: dict[Any, tuple[Any, Reads]] = {}
        self._kept: dict[Any, tuple[Any, Reads]] = {}
        self._stale: Callable[[Reads], bool] = lambda reads: True
        self._carried: dict[Any, Any] = {}
        self._authors: dict[str, Author] | None = None

    def reuse(self, kept: dict[Any, tuple[Any, Reads]], stale: Callable[[Reads], bool]) -> None:
        """Pieces an earlier build's :meth:`shared` made (its :meth:`pieces`), each handed out
        again instead of computed unless ``stale`` says that something it read has changed since."""
        self._kept, self._stale = dict(kept), stale
        self._carried = dict(kept.get(_CARRIED, ({}, None))[0])

    def pieces(self) -> dict[Any, tuple[Any, Reads]]:
        """What :meth:`shared` computed or reused in this build, with what each read (and what
        :meth:`carry` was given, in this build or an earlier one)."""
        if self._carried:
            self._memo[_CARRIED] = (self._carried, Reads())
        return self._memo

    def carry(self, key: Any, value: Any) -> None:
        """Hand ``value`` to later builds (:meth:`carried`), whatever changes: for a job that
        compares it with what it makes itself (the search index its last files)."""
        self._carried[key] = value

    def carried(self, key: Any) -> Any:
        """What :meth:`carry` was last given under ``key``, in this build or an earlier one whose
        pieces were reused, or None. Never checked against what changed since."""
        return self._carried.get(key)

    def recording(self) -> Reads:
        """Start a new output: later reads go to the returned, empty :class:`Reads`."""
        self.reads = Reads()
        return self.reads

    def shared(self, key: Any, compute: Callable[[], _T]) -> _T:
        """``compute()`` once for every output that needs it (a list item, a BibTeX entry);
        each output that uses the value also depends on what computing it read."""
        hit = self._memo.get(key)
        if hit is None and self._kept:
            old = self._kept.pop(key, None)
            if old is not None and not self._stale(old[1]):
                hit = self._memo[key] = old
        outer = self.reads
        if hit is None:
            self.reads = Reads()
            try:
                value = compute()
            finally:
                inner, self.reads = self.reads, outer
            hit = self._memo[key] = (value, inner)
        outer.merge(hit[1])
        return cast(_T, hit[0])

    # ------------------------------------------------------------------ papers
    def paper(self, slug: str) -> Paper:
        """One paper; typed as a :class:`Paper`, which a :class:`PaperRead` stands in for."""
        return cast(Paper, PaperRead(self._survey.by_slug[slug], self.reads))

    def has_paper(self, slug: str) -> bool:
        self.reads.paper(slug, BIT["exists"])
        return slug in self._survey.by_slug

    def papers(self) -> list[Paper]:
        """Every paper, newest first."""
        self.reads.keys.add("order")
        return [cast(Paper, PaperRead(p, self.reads)) for p in self._survey.papers]

    def paper_count(self) -> int:
        self.reads.keys.add("order")
        return len(self._survey.papers)

    def every(self, names: Iterable[str]) -> Iterator[Paper]:
        """Every paper as it is, for code that needs the objects (the search index): the
        named fields of each are noted as read."""
        mask = 0
        for name in names:
            mask |= _DERIVED.get(name, BIT.get(name, 0))
        self.reads.keys.add("order")
        masks = self.reads.masks
        for p in self._survey.papers:
            masks[p.slug] = masks.get(p.slug, 0) | mask
            yield p

    def links(self, slug: str) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...], tuple[tuple[str, str], ...]]:
        """(mentions, mentioned by, related) of one paper."""
        self.reads.paper(slug, BIT["crosslinks"])
        links = self._survey.links
        return links.mentions.get(slug, ()), links.mentioned_by.get(slug, ()), links.related.get(slug, ())

    def citekey(self, slug: str) -> str:
        self.reads.paper(slug, BIT["citekey"])
        return self._citekeys[slug]

    # ------------------------------------------------------------------ authors
    def _author_index(self) -> dict[str, Author]:
        if self._authors is None:
            self._authors = author_index(self._survey.papers)
        return self._authors

    def author_ids(self) -> list[str]:
        """Every author, by family name."""
        self.reads.keys.add("authors")
        return list(self._author_index())

    def has_author(self, aid: str) -> bool:
        self.reads.keys.add("authors")
        return aid in self._author_index()

    def author(self, aid: str) -> Author:
        self.reads.keys.add(f"author:{aid}")
        return self._author_index()[aid]

    # ------------------------------------------------------------------ tags and collections
    def tag_ids(self) -> list[str]:
        self.reads.keys.add("tags")
        return list(self._survey.tags)

    def has_tag(self, tag: str) -> bool:
        self.reads.keys.add("tags")
        return tag in self._survey.tags

    def tag(self, tag: str) -> TagInfo:
        self.reads.keys.add(f"tag:{tag}")
        return self._survey.tags[tag]

    def tagged(self, tag: str) -> tuple[str, ...]:
        self.reads.keys.add(f"tagged:{tag}")
        return self._survey.tagged[tag]

    def facets(self) -> tuple[tuple[str, str], ...]:
        self.reads.keys.add("facets")
        return self._survey.facets

    def collection_ids(self) -> list[str]:
        self.reads.keys.add("collections")
        return [c.id for c in self._survey.collections]

    def collection(self, cid: str) -> Collection:
        self.reads.keys.add(f"collection:{cid}")
        return next(c for c in self._survey.collections if c.id == cid)

    def collection_title(self, cid: str) -> str:
        self.reads.keys.add(f"collection-title:{cid}")
        return next(c.title for c in self._survey.collections if c.id == cid)


def survey_keys(survey: Survey, citekeys: dict[str, str]) -> dict[str, str]:
    """The value of every named part of the survey, as text to compare across builds."""
    keys: dict[str, str] = {
        "order": "\x00".join(p.slug for p in survey.papers),
        "tags": "\x00".join(survey.tags),
        "facets": repr(survey.facets),
        "collections": "\x00".join(c.id for c in survey.collections),
    }
    for t, info in survey.tags.items():
        keys[f"tag:{t}"] = repr(info)
    for t, slugs in survey.tagged.items():
        keys[f"tagged:{t}"] = "\x00".join(slugs)
    authors = author_index(survey.papers)
    keys["authors"] = "\x00".join(authors)
    for a in authors.values():
        keys[f"author:{a.id}"] = repr(a)
    for c in survey.collections:
        keys[f"collection:{c.id}"] = repr(c)
        keys[f"collection-title:{c.id}"] = c.title
    return {k: _short(v) for k, v in keys.items()}


def paper_digests(survey: Survey, citekeys: dict[str, str], slug: str) -> list[str]:
    """Each of one paper's fields as a short digest, in :data:`PAPER_FIELDS` order."""
    p = survey.by_slug[slug]
    links = survey.links
    values = [repr(getattr(p, name)) for name in PAPER_FIELDS[:-3]]
    values.append(repr((links.mentions.get(slug, ()), links.mentioned_by.get(slug, ()), links.related.get(slug, ()))))
    values.append(citekeys.get(slug, ""))
    values.append("")
    return [_short(v) for v in values]


def changed_fields(old: list[str], new: list[str]) -> int:
    mask = 0
    for i, (a, b) in enumerate(zip(old, new)):
        if a != b:
            mask |= 1 << i
    return mask if len(old) == len(new) else ALL_FIELDS


def _short(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
