"""The linking stage: papers + taxonomy -> a :class:`Survey` every page can be rendered from.

Tags are assigned here (the taxonomy's rules, then the user's own additions and
vetoes), then papers are grouped by tag and collection and cross-linked.
"""
from __future__ import annotations

from site_src.config import Config
from site_src.model import Collection, CrossLinks, Paper, Survey, TagInfo


def newest_first(papers: list[Paper]) -> list[Paper]:
    return sorted(papers, key=lambda p: (-(p.date.toordinal() if p.date else 0), p.title.casefold(), p.slug))


def make_survey(papers: list[Paper], config: Config, tag_info: dict[str, TagInfo],
                links: CrossLinks, facets: tuple[tuple[str, str], ...] = ()) -> Survey:
    ordered = newest_first(papers)
    by_slug = {p.slug: p for p in ordered}
    collections: dict[str, list[str]] = {}
    for p in ordered:
        for cid in p.collections:
            collections.setdefault(cid, []).append(p.slug)
    colls = tuple(
        Collection(id=cid, title=config.collection(cid).title or _default_title(cid),
                   description=config.collection(cid).description, slugs=tuple(slugs))
        for cid, slugs in sorted(collections.items()))
    tagged: dict[str, list[str]] = {}
    for p in ordered:
        for t in p.tags:
            tagged.setdefault(t, []).append(p.slug)
    order = {t: i for i, t in enumerate(tag_info)}
    tags = {t: tag_info.get(t, TagInfo(t, t)) for t in sorted(tagged, key=lambda t: (order.get(t, len(order)), t))}
    return Survey(papers=tuple(ordered), by_slug=by_slug, collections=colls, tags=tags,
                  tagged={t: tuple(tagged[t]) for t in tags}, links=links, facets=facets)


def _default_title(cid: str) -> str:
    return "Collection " + cid.split("_")[0] if "_" in cid else cid.replace("-", " ").replace("_", " ").title()
