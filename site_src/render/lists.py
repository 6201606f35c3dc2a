"""Long lists of papers as pages a reader can scan: year headings, and static pages 2, 3, ...

A list longer than :data:`LONG_LIST` is grouped under year headings (newest first,
undated last). One longer than a page's worth is split into static pages: the first
keeps the list's own URL (``tags/mamba.html``), the others sit beside it
(``tags/mamba--page-2.html``), a name no tag id, slug, author or collection can take
(their ids never hold ``--``); beside it, not in a folder, so every page of a list has
the same way back to the site's root and shares the list items rendered for it.
A year that starts on one page and goes on to the next says so ("2024, continued"),
and every page carries a year index linking to the page where each year starts.
Everything here is plain data for the templates; URLs are site paths.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

LONG_LIST = 12  # a list longer than this gets year headings
PER_PAGE = 200  # list items (title, date, tags, first sentence): about 250 KB of HTML at most
ROWS_PER_PAGE = 500  # one-line rows (the all-papers page): about the same weight
AUTHORS_PER_PAGE = 1000  # a name, a link and a count: about 120 KB

Group = tuple[str, str, list[Markup], int]  # (heading, anchor, items, papers in that year); heading "" for a flat list


@dataclass(frozen=True)
class Pager:
    """Where one page of a split list stands among the others; all paths are site paths."""

    number: int  # 1-based
    count: int  # pages in the list
    first: int  # the first paper shown, 1-based
    last: int  # the last paper shown
    total: int  # papers in the whole list
    prev: str  # site path of the previous page, "" on the first
    next: str  # "" on the last
    links: tuple[tuple[int, str], ...]  # (page number, path) shown in the page links; 0 marks a gap


@dataclass(frozen=True)
class ListPage:
    """One page of a list: its path, its year groups and, for a split list, its place."""

    path: str
    groups: list[Group]
    pager: Pager | None  # None when the whole list is one page
    index: list[tuple[str, str, str, int]]  # (heading, page where it starts or "" for this one, anchor, items)


def continuation_path(first: str, number: int) -> str:
    """The site path of page ``number`` of the list whose first page is ``first``."""
    return first if number == 1 else f"{first.removesuffix('.html')}--page-{number}.html"


def page_count(total: int, per_page: int) -> int:
    return max(1, -(-total // per_page))


def by_year(slugs: Sequence[str], items: Sequence[Markup], year_of: Callable[[str], int | None]
            ) -> tuple[list[Markup], list[Heading | None]]:
    """A paper list ready for :func:`paginate`: newest year first, undated last (in the
    given order within a year), each item's year heading; no headings for a short list or
    one of a single year."""
    years = [year_of(s) for s in slugs]
    if len(slugs) <= LONG_LIST or len(set(years)) < 2:
        return list(items), [None] * len(items)
    order = sorted(range(len(slugs)), key=lambda i: (years[i] is None, -(years[i] or 0)))
    return [items[i] for i in order], [year_heading(years[i]) for i in order]


def year_heading(year: int | None) -> Heading:
    return ("Undated", "undated") if year is None else (str(year), f"y{year}")


Heading = tuple[str, str]  # (label, anchor)


def paginate(path: str, items: Sequence[Markup], headings: Sequence[Heading | None], per_page: int = PER_PAGE,
             *, index: bool = False) -> list[ListPage]:
    """``items`` in their order as pages of ``per_page``, under ``headings`` (one per item,
    equal for a run of items; None for a flat list). A split list, or any with ``index``,
    gets an index of its headings, each linking to the page where it starts."""
    total = len(items)
    count = page_count(total, per_page)
    paths = [continuation_path(path, k) for k in range(1, count + 1)]
    starts: dict[Heading, int] = {}  # the page where each heading starts, 0-based
    sizes: dict[Heading, int] = {}
    for i, heading in enumerate(headings):
        if heading is not None:
            starts.setdefault(heading, i // per_page)
            sizes[heading] = sizes.get(heading, 0) + 1
    pages = []
    for k in range(count):
        lo, hi = k * per_page, min(total, (k + 1) * per_page)
        here = list(items[lo:hi])
        groups: list[Group] = []
        for item, heading in zip(here, headings[lo:hi]):
            if heading is None:
                if not groups:
                    groups.append(("", "", [], 0))
                groups[-1][2].append(item)
                continue
            if not groups or groups[-1][1] != heading[1]:
                label = heading[0] + (", continued" if starts[heading] < k else "")
                groups.append((label, heading[1], [], sizes[heading]))
            groups[-1][2].append(item)
        if not groups:
            groups.append(("", "", [], 0))
        if groups[0][0] == "":
            groups[0] = ("", "", groups[0][2], len(groups[0][2]))
        index_ = [(label, "" if start == k else paths[start], anchor, sizes[(label, anchor)])
                 for (label, anchor), start in starts.items()] if (count > 1 or index) else []
        pager = None
        if count > 1:
            pager = Pager(k + 1, count, lo + 1, hi, total, paths[k - 1] if k else "",
                          paths[k + 1] if k + 1 < count else "", _links(k + 1, count, paths))
        pages.append(ListPage(paths[k], groups, pager, index_))
    return pages


def _links(current: int, count: int, paths: list[str], around: int = 2) -> tuple[tuple[int, str], ...]:
    """Page links: all of them for a short list, else the first, the last and the current
    page's neighbours, with 0 for each gap."""
    shown = range(1, count + 1) if count <= 9 else sorted(
        {1, count, *range(max(1, current - around), min(count, current + around) + 1)})
    out: list[tuple[int, str]] = []
    for k in shown:
        if out and k != out[-1][0] + 1:
            out.append((0, ""))
        out.append((k, paths[k - 1]))
    return tuple(out)
