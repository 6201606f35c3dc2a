"""The linking stage: papers + taxonomy -> a :class:`Survey` every page can be rendered from.

Tags are assigned here (the taxonomy's rules, then the user's own additions and
vetoes), then papers are grouped by tag and collection and cross-linked.
"""
from __future__ import annotations

from dataclasses import dataclass

from site_src.config import Config
from site_src.model import Collection, CrossLinks, Paper, Survey, TagInfo


def newest_first(papers: list[Paper]) -> list[Paper]:
    return sorted(papers, key=lambda p: (-(p.date.toordinal() if p.date else 0), p.title.casefold(), p.slug))


@dataclass(frozen=True)
class Arrangement:
    """The survey's order and groups: what a paper's slug, date, title, collections and tags decide."""

    order: tuple[str, ...]
    collections: tuple[Collection, ...]
    tags: dict[str, TagInfo]
    tagged: dict[str, tuple[str, ...]]


def make_survey(papers: list[Paper], config: Config, tag_info: dict[str, TagInfo],
                links: CrossLinks, facets: tuple[tuple[str, str], ...] = ()) -> Survey:
    return assemble(papers, arrange(papers, config, tag_info), links, facets)


def arrange(papers: list[Paper], config: Config, tag_info: dict[str, TagInfo]) -> Arrangement:
    """Newest first; each collection's and each tag's papers in that order."""
    ordered = newest_first(papers)
    collections: dict[str, list[str]] = {}
    tagged: dict[str, list[str]] = {}
    for p in ordered:
        for cid in p.collections:
            collections.setdefault(cid, []).append(p.slug)
        for t in p.tags:
            tagged.setdefault(t, []).append(p.slug)
    colls = tuple(
        Collection(id=cid, title=config.collection(cid).title or _default_title(cid),
                   description=config.collection(cid).description, slugs=tuple(slugs))
        for cid, slugs in sorted(collections.items()))
    order = {t: i for i, t in enumerate(tag_info)}
    tags = {t: tag_info.get(t, TagInfo(t, t)) for t in sorted(tagged, key=lambda t: (order.get(t, len(order)), t))}
    return Arrangement(tuple(p.slug for p in ordered), colls, tags, {t: tuple(tagged[t]) for t in tags})


def assemble(papers: list[Paper], arranged: Arrangement, links: CrossLinks,
             facets: tuple[tuple[str, str], ...] = ()) -> Survey:
    """The survey: ``papers`` in the arranged order, with their groups and cross-links."""
    by_slug = {p.slug: p for p in papers}
    by_slug = {slug: by_slug[slug] for slug in arranged.order}
    return Survey(papers=tuple(by_slug.values()), by_slug=by_slug, collections=arranged.collections,
                  tags=arranged.tags, tagged=arranged.tagged, links=links, facets=facets)


def _default_title(cid: str) -> str:
    return "Collection " + cid.split("_")[0] if "_" in cid else cid.replace("-", " ").replace("_", " ").title()
