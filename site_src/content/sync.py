"""The sources' papers joined with the user's own fields from their content pages."""
from __future__ import annotations

from dataclasses import replace

from site_src.errors import Report
from site_src.model import Paper


def sync_content(from_sources: list[Paper], pages: dict[str, Paper], report: Report) -> list[Paper]:
    """Sources' papers with the user's own fields from their pages, plus pages with no source."""
    out: list[Paper] = []
    seen: set[str] = set()
    for source_paper in from_sources:
        page = pages.get(source_paper.slug)
        if page is not None:
            paper = replace(source_paper, user_tags=page.user_tags, vetoed_tags=page.vetoed_tags,
                            notes=page.notes, path=page.path)
        else:
            paper = source_paper
        seen.add(paper.slug)
        out.append(paper)
    for slug, page in pages.items():
        if slug in seen:
            continue
        if page.sources:
            report.warn(page.path, 1, "this page's paper is no longer in any source; kept as it is "
                        "(delete the page, or delete its 'sources' field to keep it as your own)")
        out.append(page)
    return out
