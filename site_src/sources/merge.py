"""Records from every source -> one :class:`Paper` per distinct paper.

The same paper in several files (or in a dump and a BibTeX export) is matched by a
DOI or arXiv id, else by its normalised title when nothing contradicts it. A merge
that drops a value (a key, a year, an abstract) is reported with both sources; no
paper is ever lost, at worst it is listed twice.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from site_src.dates import PRECISIONS
from site_src.errors import Report
from site_src.model import BIBLIO_FIELDS, Link, Paper, Record
from site_src.slugs import unique_slugs

_NOT_ASCII_ALNUM = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=1 << 17)  # the same titles in every build of the dev server
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
    return id_keys(record) + ["title:" + title_key(record.title)]


def id_keys(record: Record) -> list[str]:
    return [f"{scheme}:{value.lower()}" for scheme, value in record.ids if scheme in ("doi", "arxiv")]


# Entry types that say what kind of publication it is; any other type (misc, online, a dump's
# none) is compatible with all of them.
_FAMILIES = {kind: family for family, kinds in {
    "book": ("book", "mvbook", "collection", "mvcollection", "proceedings", "mvproceedings", "booklet"),
    "journal": ("article", "periodical"), "conference": ("inproceedings", "conference"),
    "chapter": ("incollection", "inbook", "inreference"), "thesis": ("phdthesis", "mastersthesis", "thesis"),
    "report": ("techreport", "report"), "patent": ("patent",)}.items() for kind in kinds}


def _family(record: Record) -> str:
    if record.venue == "arXiv preprint" or "arxiv" in record.venue.lower().split():
        return ""  # Google Scholar files a preprint as @article
    return _FAMILIES.get(record.kind, "")


def _contradicts(group: list[Record], record: Record) -> str:
    """Why ``record`` is not the paper of ``group`` although their titles match ("" when nothing says so)."""
    schemes = dict(record.ids)
    for other in group:
        for scheme, value in other.ids:
            if scheme in schemes and schemes[scheme].lower() != value.lower():
                return f"another {scheme}"
        if record.date and other.date and abs(record.date.year - other.date.year) > 1:
            return "years far apart"
        a, b = _family(record), _family(other)
        if a and b and a != b:
            return f"{other.kind} and {record.kind}"
        if other.source.path == record.source.path and other.key and record.key and other.key != record.key:
            return "two keys of one file"
    return ""


_CONFLICT_FIELDS = ("date", "author_count", "abstract", "key", "venue")


def merge_records(records: list[Record], report: Report) -> list[Paper]:
    """One paper per distinct paper (see :func:`group_records` and :func:`merge_group`)."""
    return [merge_group(group, slug, report) for slug, group in group_records(records, report)]


def group_records(records: list[Record], report: Report) -> list[tuple[str, tuple[Record, ...]]]:
    """The records of each distinct paper, with its slug, in the order the papers were first read:
    the same DOI or arXiv id is one paper; the same title is one paper only when nothing
    contradicts it (another id, years far apart, a book and an article, two keys of one file)."""
    groups: list[list[Record]] = []
    by_id: dict[str, int] = {}
    by_title: dict[str, list[int]] = {}
    titles: list[str] = []  # each group's first record's title key
    for record in records:
        keys = id_keys(record)
        title = title_key(record.title)
        found = next((by_id[k] for k in keys if k in by_id), None)
        if found is None:
            for g in by_title.get(title, ()):
                why = _contradicts(groups[g], record)
                if not why:
                    found = g
                    break
                report.count("same titles kept apart")
        if found is None:
            found = len(groups)
            groups.append([])
            by_title.setdefault(title, []).append(found)
            titles.append(title)
        groups[found].append(record)
        for k in keys:
            by_id.setdefault(k, found)
    report.count("records merged", sum(len(g) - 1 for g in groups))
    names = [_group_key(g, i, titles[i], by_title) for i, g in enumerate(groups)]
    slugs = unique_slugs([(name, g[0].title) for name, g in zip(names, groups)])
    return [(slugs[name], tuple(group)) for name, group in zip(names, groups)]


def _group_key(group: list[Record], i: int, title: str, by_title: dict[str, list[int]]) -> str:
    """The group's identity for its slug: its title, and where it was read when another paper has that title."""
    if by_title.get(title, [i])[0] == i:
        return "title:" + title
    return f"title:{title}|{group[0].source.path}|{group[0].key or group[0].source.line}"


def _shown(value: object) -> str:
    text = str(value)
    return repr(text[:60] + "...") if len(text) > 60 else repr(text) if isinstance(value, str) else text


def merge_group(group: tuple[Record, ...], slug: str, report: Report) -> Paper:
    """One paper from its records (the first one's title; each other value from the first record
    that has it, a conflict reported with both sources)."""
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
            elif f == "abstract" and " ".join(theirs.split()) != " ".join(values[f].split()):
                report.warn(other.source.path, other.source.line,
                            f"merged with {origin[f]} (same {_why(first, other)}); its abstract differs, "
                            f"the one from {origin[f]} is kept")
            elif f != "abstract" and theirs != values[f]:
                report.warn(other.source.path, other.source.line,
                            f"merged with {origin[f]} (same {_why(first, other)}); '{f}' is {_shown(theirs)} "
                            f"here but {_shown(values[f])} there (kept {_shown(values[f])}; fix one of them)")
    links: dict[str, Link] = {}
    collections: dict[str, None] = {}
    biblio: dict[str, str] = {}
    keywords: dict[str, None] = {}
    for r in group:
        for link in r.links:
            links.setdefault(link.url, link)
        collections.setdefault(r.collection, None)
        for name, value in r.biblio:
            biblio.setdefault(name, value)
        for word in r.keywords:
            keywords.setdefault(word, None)
    upvotes = [r.upvotes for r in group if r.upvotes is not None]
    ids: dict[str, str] = {}
    for r in group:
        for scheme, value in r.ids:
            ids.setdefault(scheme, value)
    named = next((r for r in group if r.authors), first)
    return Paper(
        slug=slug, title=first.title, abstract=values["abstract"] or "", date=values["date"],
        author_count=values["author_count"] or (len(first.authors) or None),
        authors=named.authors, more_authors=named.more_authors,
        upvotes=max(upvotes) if upvotes else None, links=tuple(links.values()),
        collections=tuple(collections), ids=tuple(ids.items()), venue=values["venue"] or "",
        key=values["key"] or "", date_precision=precision, kind=next((r.kind for r in group if r.kind), ""),
        biblio=tuple((name, biblio[name]) for name in BIBLIO_FIELDS if name in biblio), keywords=tuple(keywords),
        sources=tuple(r.source for r in group),
    )


def _why(a: Record, b: Record) -> str:
    shared = {k for k in id_keys(a)} & {k for k in id_keys(b)}
    return next(iter(sorted(shared))).split(":", 1)[0] if shared else "title"


def _same_date(a: object, a_precision: str, b: object, b_precision: str) -> bool:
    """"2025-02" and "2025-02-19" agree: they are equal as far as the coarser one goes."""
    coarse = min(PRECISIONS.index(a_precision), PRECISIONS.index(b_precision))
    keep = {0: 4, 1: 7, 2: 10}[coarse]
    return str(a)[:keep] == str(b)[:keep]
