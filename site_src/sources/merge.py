"""Records from every source -> one :class:`Paper` per distinct paper.

The same paper in several files (or in a dump and a BibTeX export) is matched by a
DOI or arXiv id when both records have one, else by its normalised title. A field the
sources disagree on keeps the first source's value and is reported with both sources.
"""
from __future__ import annotations

import re
import unicodedata

from site_src.dates import PRECISIONS
from site_src.errors import Report
from site_src.model import Link, Paper, Record
from site_src.slugs import unique_slugs

_NOT_ASCII_ALNUM = re.compile(r"[^a-z0-9]+")


def title_key(title: str) -> str:
    """Letters and digits, accents and case dropped: ``Fréchet-Net`` and ``frechet net`` match.

    Non-Latin letters count (``α-Net`` and ``β-Net`` are two papers); a title with no
    letter or digit at all (``🚀``) is its own key.
    """
    if title.isascii():  # the common case, without Unicode normalisation: the same key
        return _NOT_ASCII_ALNUM.sub("", title.lower()) or " ".join(title.split())
    text = unicodedata.normalize("NFKD", title).casefold()
    key = "".join(ch for ch in text if ch.isalnum() and not unicodedata.combining(ch))
    return key or " ".join(title.split())


def identity(record: Record) -> list[str]:
    keys = [f"{scheme}:{value.lower()}" for scheme, value in record.ids if scheme in ("doi", "arxiv")]
    return keys + ["title:" + title_key(record.title)]


_CONFLICT_FIELDS = ("date", "author_count", "abstract")


def merge_records(records: list[Record], report: Report) -> list[Paper]:
    groups: list[list[Record]] = []
    title_keys: list[str] = []  # each group's first record's title key
    where: dict[str, int] = {}
    for record in records:
        keys = identity(record)
        found = next((where[k] for k in keys if k in where), None)
        if found is None:
            found = len(groups)
            groups.append([])
            title_keys.append(keys[-1])
        groups[found].append(record)
        for k in keys:
            where.setdefault(k, found)
    merged = sum(len(g) - 1 for g in groups)
    report.count("records merged", merged)
    slugs = unique_slugs([(key, g[0].title) for key, g in zip(title_keys, groups)])
    return [_merge(group, slugs[key], report) for key, group in zip(title_keys, groups)]


def _merge(group: list[Record], slug: str, report: Report) -> Paper:
    first = group[0]
    values = {f: getattr(first, f) for f in _CONFLICT_FIELDS}
    origin = {f: first.source for f in _CONFLICT_FIELDS}
    precision = first.date_precision
    for other in group[1:]:
        for f in _CONFLICT_FIELDS:
            theirs = getattr(other, f)
            if theirs in (None, "", ()):
                continue
            if values[f] in (None, "", ()):
                values[f], origin[f] = theirs, other.source
                if f == "date":
                    precision = other.date_precision
            elif f == "date" and _same_date(values[f], precision, theirs, other.date_precision):
                if PRECISIONS.index(other.date_precision) > PRECISIONS.index(precision):
                    values[f], origin[f], precision = theirs, other.source, other.date_precision
            elif theirs != values[f] and f != "abstract":
                report.warn(other.source.path, other.source.line,
                            f"'{f}' is {theirs} here but {values[f]} in {origin[f]} "
                            f"(kept {values[f]}; fix one of them)")
    links: dict[str, Link] = {}
    collections: dict[str, None] = {}
    for r in group:
        for link in r.links:
            links.setdefault(link.url, link)
        collections.setdefault(r.collection, None)
    upvotes = [r.upvotes for r in group if r.upvotes is not None]
    ids: dict[str, str] = {}
    for r in group:
        for scheme, value in r.ids:
            ids.setdefault(scheme, value)
    return Paper(
        slug=slug, title=first.title, abstract=values["abstract"] or "", date=values["date"],
        author_count=values["author_count"] or (len(first.authors) or None),
        authors=next((r.authors for r in group if r.authors), ()),
        upvotes=max(upvotes) if upvotes else None, links=tuple(links.values()),
        collections=tuple(collections), ids=tuple(ids.items()),
        venue=next((r.venue for r in group if r.venue), ""),
        key=next((r.key for r in group if r.key), ""), date_precision=precision,
        sources=tuple(r.source for r in group),
    )


def _same_date(a: object, a_precision: str, b: object, b_precision: str) -> bool:
    """"2025-02" and "2025-02-19" agree: they are equal as far as the coarser one goes."""
    coarse = min(PRECISIONS.index(a_precision), PRECISIONS.index(b_precision))
    keep = {0: 4, 1: 7, 2: 10}[coarse]
    return str(a)[:keep] == str(b)[:keep]
