"""Reader for CSL-JSON (Zotero's "CSL JSON" export, Pandoc's, and this site's ``papers.csl.json``).

A ``.json`` file whose items carry both ``id`` and ``type`` is CSL-JSON (the records
format has neither field); ``records.read`` hands it here with the line of every key.
Every item with a title becomes a :class:`Record`; a bad field is warned about with
its line and left out, never the item.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from site_src.dates import precision_of
from site_src.errors import Report
from site_src.model import BIBLIO_FIELDS, Link, Record, SourceRef
from site_src.sources import identifiers
from site_src.urls import classify, is_safe_href, links_in

KeyPath = tuple[Any, ...]
# CSL item types -> the BibTeX entry type that says the same
KINDS = {"article-journal": "article", "article-magazine": "article", "article-newspaper": "article",
         "paper-conference": "inproceedings", "book": "book", "chapter": "incollection", "report": "techreport",
         "thesis": "phdthesis", "manuscript": "unpublished", "article": "misc", "webpage": "online",
         "dataset": "misc", "software": "software", "entry-encyclopedia": "inreference"}
# CSL variables -> the bibliographic fields of :data:`~site_src.model.BIBLIO_FIELDS`
BIBLIO = {"volume": "volume", "issue": "number", "page": "pages", "publisher": "publisher",
          "publisher-place": "address", "collection-title": "series", "edition": "edition", "ISBN": "isbn",
          "ISSN": "issn", "event-title": "eventtitle", "genre": "type", "chapter-number": "chapter"}


def is_csl(data: Any) -> bool:
    return (isinstance(data, list) and bool(data) and all(isinstance(i, dict) for i in data)
            and "id" in data[0] and "type" in data[0])


def records(data: list[dict[str, Any]], lines: dict[KeyPath, int], shown: str, collection: str,
            report: Report) -> list[Record]:
    out = []
    for i, item in enumerate(data):
        record = _record(item, i, lines, shown, collection, report)
        if record is not None:
            out.append(record)
    return out


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if isinstance(value, str | int | float) and not isinstance(value, bool) else ""


def _record(item: dict[str, Any], i: int, lines: dict[KeyPath, int], shown: str, collection: str,
            report: Report) -> Record | None:
    line = lines.get((i,), 1)
    key = _text(item.get("id"))

    def warn(field: str, message: str) -> None:
        report.warn(shown, lines.get((i, field), line), f"item '{key}': '{field}' {message}; left out")

    title = _text(item.get("title"))
    if not title:
        report.error(shown, line, f"item '{key}' has no title; skipped (add \"title\": \"...\")")
        return None
    kind = _text(item.get("type"))
    authors, complete = _names(item.get("author"), "author", warn)
    ids: dict[str, str] = {}
    if raw := _text(item.get("DOI")):
        if (doi := identifiers.doi(raw)) is not None:
            ids["doi"] = doi
        else:
            warn("DOI", f"'{raw[:80]}' is not a DOI (one starts with 10.)")
    number = _text(item.get("number"))
    if number.lower().startswith("arxiv:") and (arxiv := identifiers.arxiv(number)):
        ids["arxiv"] = arxiv
    links: dict[str, Link] = {}
    url = _text(item.get("URL"))
    if url:
        if not is_safe_href(url) or "://" not in url:
            warn("URL", f"'{url[:80]}' is not a web address")
        elif m := identifiers.ARXIV_URL.search(url):
            ids.setdefault("arxiv", identifiers.arxiv_id(m.group(1)))
        elif not identifiers.DOI_PREFIX.match(url):
            links[url] = Link("pdf" if url.lower().endswith(".pdf") else classify(url), url)
    abstract = _text(item.get("abstract"))
    for link in links_in(abstract + " " + _text(item.get("note"))):
        links.setdefault(link.url, link)
    biblio: dict[str, str] = {}
    venue = _text(item.get("container-title"))
    if venue:
        biblio["booktitle" if kind in ("paper-conference", "chapter") else "journal"] = venue
    for variable, field in BIBLIO.items():
        if value := _text(item.get(variable)):
            biblio[field] = value
    if "arxiv" in ids and biblio.get("publisher") == "arXiv":
        del biblio["publisher"]  # how this site's own export says "a preprint"
    editors, editors_complete = _names(item.get("editor"), "editor", warn)
    if editors:
        biblio["editor"] = " and ".join([*editors, *([] if editors_complete else ["others"])])
    dated = _issued(item.get("issued"), warn)
    keywords = tuple(dict.fromkeys(w.strip() for w in _text(item.get("keyword")).split(",") if w.strip()))
    return Record(
        title=title, abstract=abstract, source=SourceRef(shown, lines.get((i, "title"), line)),
        collection=collection, date=dated[0] if dated else None, date_precision=dated[1] if dated else "day",
        authors=authors, author_count=len(authors) if authors and complete else None,
        more_authors=bool(authors) and not complete, links=tuple(links.values()), ids=tuple(ids.items()),
        venue=venue or _text(item.get("event-title")), key=key, kind=KINDS.get(kind, "misc"),
        biblio=tuple((f, biblio[f]) for f in BIBLIO_FIELDS if f in biblio), keywords=keywords,
    )


def _names(value: Any, field: str, warn: Any) -> tuple[tuple[str, ...], bool]:
    if value is None:
        return (), True
    if not isinstance(value, list):
        warn(field, "must be a list of names")
        return (), True
    names: list[str] = []
    complete = True
    for person in value:
        if not isinstance(person, dict):
            warn(field, "holds a name that is not a mapping (family, given)")
            continue
        if literal := _text(person.get("literal")):
            if literal.lower() in ("others", "et al.", "et al"):
                complete = False
            else:
                names.append(literal)
            continue
        given, family = _text(person.get("given")), _text(person.get("family"))
        particle = " ".join(filter(None, (_text(person.get("non-dropping-particle")),
                                          _text(person.get("dropping-particle")))))
        full = " ".join(filter(None, (given, particle, family)))
        if suffix := _text(person.get("suffix")):
            full += ", " + suffix
        if full:
            names.append(full)
    return tuple(names), complete


def _issued(value: Any, warn: Any) -> tuple[dt.date, str] | None:
    if value is None:
        return None
    parts: list[Any] = []
    if isinstance(value, dict) and isinstance(value.get("date-parts"), list) and value["date-parts"]:
        parts = value["date-parts"][0] if isinstance(value["date-parts"][0], list) else []
    elif isinstance(value, dict) and isinstance(value.get("raw") or value.get("literal"), str):
        text = (value.get("raw") or value.get("literal") or "").strip()
        parts = [p for p in text[:10].split("-") if p.isdigit()] if text[:4].isdigit() else []
    try:
        numbers = [int(p) for p in parts[:3]]
        if not numbers:
            raise ValueError
        year, month, day = (numbers + [0, 0])[:3]
        return dt.date(year, month or 1, day or 1), precision_of(year, month or None, day or None)
    except (ValueError, TypeError):
        warn("issued", f"{str(value)[:80]} is not a date (write {{\"date-parts\": [[2023, 7, 17]]}})")
        return None
