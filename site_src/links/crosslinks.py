"""The web between papers: mentions by short name, backlinks, and related papers.

Both are computed over the whole corpus, from titles, abstracts and topical tags only
(give it papers without their derived tags: year, code and collection are facts).
"""
from __future__ import annotations

from site_src.errors import Report
from site_src.links.mentions import find_mentions
from site_src.model import CrossLinks, Paper


def cross_links(papers: list[Paper], report: Report) -> CrossLinks:
    """Mentions by short name, backlinks, and the most similar papers."""
    from site_src.links.related import related_papers  # numpy and scipy: imported only when linking

    found = find_mentions(papers)
    similar = related_papers(papers)
    linked = sum(len(v) for v in found.links.values())
    report.notes.append(f"mentions: {linked} linked, {len(found.ambiguous)} names ambiguous and left unlinked"
                        + (f" ({', '.join(sorted(found.ambiguous)[:8])})" if found.ambiguous else ""))
    return CrossLinks(
        mentions={s: tuple((t, found.via.get((s, t), "")) for t in ts) for s, ts in found.links.items() if ts},
        mentioned_by={s: ts for s, ts in found.mentioned_by.items() if ts},
        related={s: tuple((r.slug, r.reason) for r in rs) for s, rs in similar.items() if rs},
    )
