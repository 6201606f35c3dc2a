"""The web between papers: mentions by short name, backlinks, and related papers.

Both are computed over the whole corpus, from titles, abstracts and topical tags only
(give it papers without their derived tags: year, code and collection are facts). The
two halves do not depend on each other: with an executor of two workers they run side
by side, each returning plain data.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from site_src.errors import Report
from site_src.executor import Executor, SerialExecutor
from site_src.links.mention_scan import MentionScan, find_mentions_again
from site_src.links.mentions import PaperNames, find_mentions, paper_names
from site_src.model import CrossLinks, Paper

if TYPE_CHECKING:  # numpy and scipy: imported only when linking
    from site_src.links.related import PaperTerms
    from site_src.links.related_again import RelatedState


@dataclass(frozen=True, slots=True)
class PaperParts:
    """What the cross-links read of one paper alone (a caller may keep it between builds: an
    added paper changes the links of others, but none of their names or terms)."""

    names: PaperNames
    terms: PaperTerms


@dataclass
class LastScan:
    """The caller's: what the last cross-links found scanning abstracts for names (``scan``), and the
    related papers' vectors, candidates and lists (``related``), from which the next one (given each
    paper's :class:`PaperParts`) does again only what a change reaches, and where it leaves its own.
    A long-lived process keeps one between builds; the two halves then run in this process."""

    scan: MentionScan | None = None
    related: RelatedState | None = None


def paper_parts(paper: Paper) -> PaperParts:
    from site_src.links.related import paper_terms

    return PaperParts(paper_names(paper), paper_terms(paper))


def cross_links(papers: list[Paper], report: Report, executor: Executor | None = None,
                parts: Sequence[PaperParts] | None = None, last: LastScan | None = None,
                meanwhile: Callable[[], None] | None = None) -> CrossLinks:
    """Mentions by short name, backlinks, and the most similar papers. ``parts``: each paper's
    :func:`paper_parts`, in order, when the caller has them; ``last``: see :class:`LastScan`.

    ``meanwhile``: work for this process after the mentions, while another finds the related
    papers (the longer half); run only when there is another process."""
    if executor is None or (parts is not None and last is not None):  # what they leave in ``last`` stays here
        executor = SerialExecutor()
    half = partial(_half, papers, parts, last)
    beside = meanwhile if executor.workers > 1 else None  # only while another process works
    found: dict[str, Any] = {}

    def here() -> None:
        found["mentions"] = half("mentions")
        if beside is not None:
            beside()

    [related] = executor.map(half, ["related"], here=here)
    mentions = found["mentions"]
    report.notes.append(mentions["note"])
    return CrossLinks(
        mentions={s: _pairs(ts) for s, ts in mentions["mentions"].items()},
        mentioned_by={s: tuple(ts) for s, ts in mentions["mentioned_by"].items()},
        related={s: _pairs(rs) for s, rs in related.items()},
    )


def _pairs(pairs: Sequence[Sequence[str]]) -> tuple[tuple[str, str], ...]:
    """Pairs as made in this process (tuples, kept), or as JSON from another (lists)."""
    if type(pairs) is tuple:
        return pairs
    return tuple((a, b) for a, b in pairs)


def _half(papers: list[Paper], parts: Sequence[PaperParts] | None, last: LastScan | None, which: str) -> dict[str, Any]:
    """One half of the cross-links as data JSON can carry (tuples arrive as lists): it may come from
    another process (where what it leaves in ``last`` stays: the next build then scans every abstract)."""
    if which == "related":
        from site_src.links.related import related_papers  # numpy and scipy: imported only when linking

        if parts is not None and last is not None:
            from site_src.links.related_again import related_again

            state, last.related = last.related, None  # none kept if this fails
            _, last.related = related_again(papers, [p.terms for p in parts], state)
            return dict(last.related.listed)  # kept as links: most lists did not change
        related = related_papers(papers, own=None if parts is None else [p.terms for p in parts])
        return {s: tuple((r.slug, r.reason) for r in rs) for s, rs in related.items() if rs}
    if parts is not None and last is not None:
        found, last.scan = find_mentions_again(papers, [p.names for p in parts], last.scan)
    else:
        found = find_mentions(papers, None if parts is None else [p.names for p in parts])
    linked = sum(len(v) for v in found.links.values())
    return {
        "mentions": {s: tuple((t, found.via.get((s, t), "")) for t in ts) for s, ts in found.links.items() if ts},
        "mentioned_by": {s: ts for s, ts in found.mentioned_by.items() if ts},
        "note": f"mentions: {linked} linked, {len(found.ambiguous)} names ambiguous and left unlinked"
                + (f" ({', '.join(sorted(found.ambiguous)[:8])})" if found.ambiguous else ""),
    }
