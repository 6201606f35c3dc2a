"""The web between papers: mentions by short name, backlinks, and related papers.

Both are computed over the whole corpus; the result is kept while the texts and tags
it was computed from stay the same (a note or a date edited changes nothing here).
"""
from __future__ import annotations

import hashlib
from dataclasses import replace

from site_src.cache.state import BuildState
from site_src.errors import Report
from site_src.links.mentions import find_mentions
from site_src.model import CrossLinks, Paper


def cross_links(papers: list[Paper], report: Report) -> CrossLinks:
    """Mentions by short name, backlinks, and the most similar papers."""
    from site_src.links.related import related_papers  # scikit-learn takes ~0.7 s to import: only when linking

    found = find_mentions(papers)
    # year, code and collection are facts, not topics: similarity and its reasons use topics only
    similar = related_papers([replace(p, derived_tags=()) for p in papers])
    linked = sum(len(v) for v in found.links.values())
    report.notes.append(f"mentions: {linked} linked, {len(found.ambiguous)} names ambiguous and left unlinked"
                        + (f" ({', '.join(sorted(found.ambiguous)[:8])})" if found.ambiguous else ""))
    return CrossLinks(
        mentions={s: tuple((t, found.via.get((s, t), "")) for t in ts) for s, ts in found.links.items() if ts},
        mentioned_by={s: ts for s, ts in found.mentioned_by.items() if ts},
        related={s: tuple((r.slug, r.reason) for r in rs) for s, rs in similar.items() if rs},
    )


def _text_key(papers: list[Paper]) -> str:
    """A digest of everything cross-links are computed from."""
    h = hashlib.sha1()
    for p in sorted(papers, key=lambda p: p.slug):
        h.update("\x00".join((p.slug, p.title, p.abstract, *p.auto_tags, "|", *p.user_tags, "|",
                               *p.vetoed_tags)).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def cached_cross_links(papers: list[Paper], report: Report, state: BuildState) -> CrossLinks:
    key = _text_key(papers)
    if state.links is not None and state.text_key == key:
        report.notes.extend(n for n in state.link_notes)
        return state.links
    before = len(report.notes)
    links = cross_links(papers, report)
    state.text_key, state.links, state.link_notes = key, links, report.notes[before:]
    return links
