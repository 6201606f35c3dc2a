"""Which outputs an edit touches, so a rebuild renders only those.

Comparing the papers and cross-links of this build with the last build's gives the
changed papers and, for each, the fields that changed. Each output depends on known
fields: a paper's page on everything about it and the titles of the papers it links;
a tag page on the listed papers' titles, dates, tags and snippets; the search files on
titles, dates, tags and abstracts; and so on. Anything that changes the set of pages
(a paper, tag or collection added or removed), the generator, the templates, the
config or the taxonomy falls back to a full build.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields

from site_src.model import CrossLinks, Paper

PAPER_FIELDS = tuple(f.name for f in fields(Paper) if f.name != "path")  # where it was read from: shown nowhere
CONTENT_ONLY = {"sources"}  # written in the content page's front matter, shown on no site page
LISTED = {"title", "date", "date_precision", "upvotes", "author_count", "links", "abstract", "auto_tags", "user_tags",
          "vetoed_tags", "derived_tags"}  # what a paper's entry in a list shows
SEARCHED = {"title", "date", "date_precision", "abstract", "auto_tags", "user_tags", "vetoed_tags", "derived_tags"}
IN_JSON = {"title", "date", "date_precision", "author_count", "upvotes", "links", "collections", "auto_tags", "user_tags",
           "vetoed_tags", "derived_tags"}
CITED = {"title", "date", "date_precision", "author_count", "authors", "venue", "ids", "links", "abstract", "key"}
TAGGED = {"auto_tags", "user_tags", "vetoed_tags", "derived_tags"}


@dataclass
class Plan:
    full: bool
    reason: str = ""
    content: set[str] = field(default_factory=set)  # slugs whose content page to rewrite
    jobs: set[str] = field(default_factory=set)  # renderer job names to run


def changed_fields(old: Paper, new: Paper) -> set[str]:
    return {name for name in PAPER_FIELDS if getattr(old, name) != getattr(new, name)}


def _link_entries(links: CrossLinks, slug: str) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...],
                                                         tuple[tuple[str, str], ...]]:
    return (links.mentions.get(slug, ()), links.mentioned_by.get(slug, ()), links.related.get(slug, ()))


def plan(old_papers: dict[str, Paper], old_links: CrossLinks | None, papers: dict[str, Paper],
         links: CrossLinks, old_tags: set[str], tags: set[str]) -> Plan:
    if old_links is None or not old_papers:
        return Plan(True, "no earlier build")
    if old_papers.keys() != papers.keys():
        return Plan(True, "papers were added or removed")
    if old_tags != tags:
        return Plan(True, "the set of tags changed")
    changes: dict[str, set[str]] = {}
    for slug, paper in papers.items():
        old = old_papers[slug]
        diff = set() if old is paper else changed_fields(old, paper)
        if _link_entries(old_links, slug) != _link_entries(links, slug):
            diff.add("cross-links")
        if diff:
            changes[slug] = diff
    if any("collections" in d for d in changes.values()):
        collections_old = {c for p in old_papers.values() for c in p.collections}
        collections_new = {c for p in papers.values() for c in p.collections}
        if collections_old != collections_new:
            return Plan(True, "the set of collections changed")
    result = Plan(False)
    every: set[str] = set()
    for slug, diff in changes.items():
        every |= diff
        old, new = old_papers[slug], papers[slug]
        result.content.add(slug)
        if diff <= CONTENT_ONLY:
            continue
        result.jobs.add(f"page:{slug}")
        if diff & CITED:
            result.jobs |= {f"bib:{slug}", "bib:all"}
            result.jobs |= {f"tagbib:{t}" for t in set(old.tags) | set(new.tags)}
            result.jobs |= {f"collectionbib:{c}" for c in set(old.collections) | set(new.collections)}
        if diff & LISTED:
            for tag in set(old.tags) | set(new.tags):
                result.jobs |= {f"tag:{tag}", f"feed:{tag}", f"tagbib:{tag}"}
            for cid in set(old.collections) | set(new.collections):
                result.jobs |= {f"collection:{cid}", f"collectionbib:{cid}"}
            result.jobs.add("home")
        if "title" in diff:  # pages that show this title in their link lists
            for other, (m, mb, r) in ((s, _link_entries(links, s)) for s in papers):
                if slug in {t for t, _ in m} | set(mb) | {t for t, _ in r}:
                    result.jobs.add(f"page:{other}")
                    result.content.add(other)
    if every & SEARCHED:
        result.jobs.add("search")
    if every & (IN_JSON | {"cross-links"}):
        result.jobs.add("papers.json")
    if every & LISTED:
        result.jobs |= {"feed", "tag-data"}
    if every & TAGGED or every & {"date"}:
        result.jobs.add("tags-index")
    return result
