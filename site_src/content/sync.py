"""The sources' papers joined with the user's own fields from their content pages.

A page keeps its slug once written: a paper from the sources finds its page by a DOI
or arXiv id, by its citation key in the same file, or by the line it was read from,
before its title's slug is tried. A slightly edited title in a source therefore keeps
its page, its notes and its ``my_tags``.
"""
from __future__ import annotations

import os
from dataclasses import replace

from site_src.errors import Report
from site_src.model import Paper
from site_src.slugs import short_hash


def _marks(p: Paper) -> list[str]:
    """What identifies a paper across ingests, strongest first."""
    marks = [f"{scheme}:{value.lower()}" for scheme, value in p.ids if scheme in ("doi", "arxiv")]
    if p.key:
        marks += [f"key:{s.path}|{p.key}" for s in p.sources]
    return marks + [f"source:{s}" for s in p.sources]


def page_slugs(from_sources: list[Paper], pages: dict[str, Paper]) -> dict[str, str]:
    """``{source paper's slug: the slug it keeps}``: its page's, when it has one."""
    owner: dict[str, str] = {}
    for slug, page in pages.items():
        if page.sources:  # a page of the user's own is found by its slug only
            for mark in _marks(page):
                owner.setdefault(mark, slug)
    claimed: dict[str, str] = {}  # page slug -> source paper slug
    out: dict[str, str] = {}
    for p in from_sources:
        found = next((owner[m] for m in _marks(p) if m in owner and owner[m] not in claimed), None)
        if found is not None:
            claimed[found] = p.slug
            out[p.slug] = found
    for p in from_sources:
        if p.slug in out:
            continue
        if p.slug not in claimed:
            out[p.slug] = p.slug
            claimed[p.slug] = p.slug
        else:  # its title's slug is another paper's page now
            out[p.slug] = f"{p.slug[:73]}-{short_hash(p.slug + '|' + '|'.join(_marks(p)))}"
    return out


def join_page(source_paper: Paper, slug: str, page: Paper | None, report: Report) -> Paper:
    """One source paper on the slug it keeps, with the user's fields from its page (if any)."""
    paper = source_paper if slug == source_paper.slug else replace(source_paper, slug=slug)
    if page is not None:
        paper = replace(paper, user_tags=page.user_tags, vetoed_tags=page.vetoed_tags, notes=page.notes,
                        path=page.path)
    return paper


def pages_left(from_sources: list[Paper], slugs: dict[str, str], pages: dict[str, Paper],
               report: Report) -> list[Paper]:
    """The pages no source paper claimed: the user's own papers, and generated pages whose
    paper is gone (kept, with a warning)."""
    renamed = sum(slugs[p.slug] != p.slug for p in from_sources)
    if renamed:
        report.count("papers kept on their page's slug", renamed)
    seen = set(slugs.values())
    orphans = [page for slug, page in pages.items() if slug not in seen]
    gone = [page for page in orphans if page.sources]
    if gone:
        folder = os.path.dirname(gone[0].path) or "content/papers"
        report.warn(folder, 0, f"{len(gone)} page{'s' if len(gone) != 1 else ''} whose paper is no longer in "
                    f"any source (e.g. {os.path.basename(gone[0].path)}); kept as they are (`python build.py "
                    "prune` deletes those without your notes or tags and lists the rest)")
    return orphans


def orphaned(from_sources: list[Paper], pages: dict[str, Paper]) -> list[Paper]:
    """Generated pages (with ``sources``) whose paper no source gives any more."""
    kept = set(page_slugs(from_sources, pages).values())
    return [page for slug, page in sorted(pages.items()) if page.sources and slug not in kept]


def annotated(page: Paper) -> bool:
    """The user wrote something in it: notes, ``my_tags`` or ``not_tags``."""
    return bool(page.notes.strip() or page.user_tags or page.vetoed_tags)
