"""Writing content pages: front matter, generated sections, then the user's notes."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from site_src import abstract as abstract_text
from site_src import yamlio
from site_src.content.pages import NO_ABSTRACT, NOTES_HEADING, NOTES_HINT, papers_dir
from site_src.dates import iso
from site_src.errors import Report
from site_src.files import create_new, write_atomic
from site_src.model import CrossLinks, Paper, Survey
from site_src.reads import Reader


def front_of(paper: Paper) -> dict[str, Any]:
    """The page's front matter, as data. (Each field is read once: ``paper`` is often a
    :class:`~site_src.reads.PaperRead`, which notes every read.)"""
    data: dict[str, Any] = {"title": paper.title, "slug": paper.slug}
    date = paper.date
    if date:
        precision = paper.date_precision
        data["date"] = date if precision == "day" else (date.year if precision == "year" else iso(date, "month"))
    authors = paper.authors
    if authors:
        data["authors"] = list(authors)
    else:
        count = paper.author_count
        if count is not None:
            data["authors"] = count
    if paper.more_authors:
        data["more_authors"] = True
    upvotes, venue, kind, biblio, keywords = paper.upvotes, paper.venue, paper.kind, paper.biblio, paper.keywords
    if upvotes is not None:
        data["upvotes"] = upvotes
    if venue:
        data["venue"] = venue
    if kind:
        data["type"] = kind
    if biblio:
        data["bib"] = dict(biblio)
    if keywords:
        data["keywords"] = list(keywords)
    for scheme, value in paper.ids:
        data[scheme] = value
    key = paper.key
    if key:
        data["key"] = key
    links = paper.links
    for link_kind in ("code", "project", "pdf"):
        urls = [link.url for link in links if link.kind == link_kind]
        if urls:
            data[link_kind] = urls
    data["collections"] = list(paper.collections)
    sources = paper.sources
    if sources:
        data["sources"] = [str(s) for s in sources]
    data["tags"] = list(paper.auto_tags)
    data["my_tags"] = list(paper.user_tags)
    data["not_tags"] = list(paper.vetoed_tags)
    return data


LINK_NAMES = {"code": "Code", "project": "Project page", "pdf": "PDF"}


def _link_list(items: list[tuple[str, str, str]]) -> str:
    """``- [text](slug.md) extra`` per (slug, text, extra)."""
    return "\n".join([f"- [{text.translate(_LINK_TEXT_ESCAPES)}]({slug}.md){extra}" for slug, text, extra in items])


_LINK_TEXT_ESCAPES = str.maketrans({ch: "\\" + ch for ch in "\\`*_[]<>"})


def page_markdown(r: Reader, slug: str) -> str:
    """The whole page: front matter, generated sections, then the user's notes."""
    return page_text(r, slug)[1]


def page_text(r: Reader, slug: str, head: str | None = None) -> tuple[dict[str, Any], str]:
    """:func:`page_markdown`, and the front matter it was dumped from (:func:`front_of`).

    ``head``: the page's :func:`page_head`, made earlier (see :func:`page_heads`)."""
    paper = r.paper(slug)
    front = front_of(paper)
    parts = [_head(paper, front) if head is None else head]
    mentions, mentioned_by, related = r.links(slug)

    def title(other: str) -> str:
        return str(r.paper(other).title) if r.has_paper(other) else other

    def mention(other: str, name: str) -> str:
        shown = title(other)
        return f"{name}: {shown}" if name and not shown.startswith(name) else shown

    sections = [
        ("Mentions", [(t, mention(t, name), "") for t, name in mentions]),
        ("Mentioned by", [(t, title(t), "") for t in mentioned_by]),
        ("Related", [(t, title(t), f" ({reason})" if reason else "") for t, reason in related]),
    ]
    for heading, items in sections:
        if items:
            parts.append(f"## {heading}\n\n" + _link_list(items) + "\n\n")
    parts.append(f"{NOTES_HEADING}\n\n{NOTES_HINT}\n")
    notes = paper.notes
    if notes:
        parts.append("\n" + notes.strip("\n") + "\n")
    return front, "".join(parts)


def page_head(r: Reader, slug: str) -> str:
    """The start of a paper's page: front matter, abstract and links. It reads the paper
    alone, not the cross-links, so it can be made while they are found (:func:`page_heads`)."""
    paper = r.paper(slug)
    return _head(paper, front_of(paper))


def _head(paper: Paper, front: dict[str, Any]) -> str:
    parts = ["---\n", yamlio.dump(front), "---\n\n"]
    parts.append("## Abstract\n\n" + (abstract_text.to_markdown(paper.abstract) or NO_ABSTRACT) + "\n\n")
    links = paper.links
    if links:
        parts.append("## Links\n\n" + "\n".join(
            f"- {LINK_NAMES.get(link.kind, 'Link')}: <{link.url}>" for link in links) + "\n\n")
    return "".join(parts)


Head = tuple[Paper, str, int]  # the paper it was made of, the text, the fields it read (a mask)


def page_heads(papers: Sequence[Paper]) -> dict[str, Head]:
    """Each paper's :func:`page_head`, by slug, with what it read: the part of the content
    pages that a build can make before the cross-links are known."""
    r = _reader_of(papers)
    heads: dict[str, Head] = {}
    for p in papers:
        reads = r.recording()
        heads[p.slug] = (p, page_head(r, p.slug), reads.masks.get(p.slug, 0))
    return heads


def page_path(content: Path, slug: str) -> Path:
    return papers_dir(content) / f"{slug}.md"


def stays_in_folder(slug: str) -> bool:
    """Whether ``slug``'s page is a file right in the pages' folder: a name with no separator
    (``../x`` and ``a/b`` are not). A page that is a symlink out of the folder is refused when
    the pages are found (:func:`~site_src.content.pages.page_files`), and a page is replaced by
    a rename, which never writes through a symlink: no page path needs resolving."""
    return not ("/" in slug or "\\" in slug or "\0" in slug)  # the separators of POSIX and of Windows


def write_page(target: Path, data: bytes, read_as: tuple[int, int] | None) -> tuple[str, list[int] | None]:
    """Write one content page unless the user saved it since the build read it.

    ``read_as`` is the page's (mtime_ns, size) when it was read, None when there was no
    page. Returns "same", "written" or "kept" (the user's newer file, left alone), and the
    page's stamp now (None when kept)."""
    try:
        st = target.stat()
        now: tuple[int, int] | None = (st.st_mtime_ns, st.st_size)
    except FileNotFoundError:
        now = None
    if now != read_as:
        return "kept", None
    if now is None:  # a new page: never shown half-written, never over one the user just saved
        made = create_new(target, data)
        return ("written", made) if made is not None else ("kept", None)
    if target.read_bytes() == data:
        return "same", list(now)
    return "written", write_atomic(target, data)  # a page is the user's file: a killed build leaves the old one whole


def _reader_of(papers: Sequence[Paper], links: CrossLinks | None = None) -> Reader:
    """A reader of a survey of ``papers`` alone: their pages, without tags' or collections' pages."""
    survey = Survey(papers=tuple(papers), by_slug={p.slug: p for p in papers}, collections=(), tags={}, tagged={},
                    links=links or CrossLinks())
    return Reader(survey, {})


def markdown_of(paper: Paper, links: CrossLinks | None = None) -> str:
    """One paper's page on its own (the pipeline renders pages from the whole survey)."""
    return page_markdown(_reader_of([paper], links), paper.slug)


def write_pages(papers: list[Paper], links: CrossLinks, content: Path, report: Report) -> int:
    """Write the pages of ``papers`` whose bytes changed; a slug that would land outside is an error."""
    r = _reader_of(papers, links)
    folder = papers_dir(content)
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    for p in papers:
        target = page_path(content, p.slug)
        if not stays_in_folder(p.slug):
            report.error(p.path or str(target), 0, f"slug '{p.slug}' would write outside {folder}")
            continue
        now = target.stat() if target.exists() else None
        written += write_page(target, page_markdown(r, p.slug).encode("utf-8"),
                              (now.st_mtime_ns, now.st_size) if now else None)[0] == "written"
    return written
