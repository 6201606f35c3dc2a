"""Reader for hand-written paper lists in YAML or JSON (``*.yaml``, ``*.yml``, ``*.json``).

The file is a list of papers, or a mapping ``{papers: [...]}``. Each paper::

    - title: "Attention Is All You Need"      # required
      abstract: "The dominant sequence transduction models ..."
      date: 2017-06-12          # or 2017-06, or 2017
      authors: [Ashish Vaswani, Noam Shazeer]   # or a count: 8
      upvotes: 12
      code: https://github.com/tensorflow/tensor2tensor   # code / project / url: one or a list
      doi: 10.48550/arXiv.1706.03762
      arxiv: "1706.03762"
      venue: NeurIPS 2017
      key: vaswani2017attention  # citation key

Every mistake names its file, line and field. A paper with a bad field is still read
without that field; a paper without a usable title is skipped.
"""
from __future__ import annotations

import bisect
import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from site_src import yamlio
from site_src.config import Config
from site_src.dates import precision_of
from site_src.errors import Report, SourceError
from site_src.model import Link, Record, SourceRef
from site_src.sources import csl, identifiers
from site_src.sources.identifiers import ARXIV_ID, arxiv_id
from site_src.textfile import read_text
from site_src.urls import classify, is_safe_href, links_in

TEXT_FIELDS = ("title", "abstract", "doi", "arxiv", "venue", "key")
LINK_FIELDS = ("code", "project", "url")
FIELDS = (*TEXT_FIELDS, "date", "authors", "upvotes", *LINK_FIELDS)
JSON_SCALAR = re.compile(r"[^\s,\]}]+")
DATE = re.compile(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")

KeyPath = tuple[Any, ...]
# json's own string scanner (undeclared in its stubs): returns (text, index after the quote).
_scanstring: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]


def read(path: Path, shown: str, config: Config, report: Report) -> list[Record]:
    try:
        text = read_text(path, shown)
        data, lines = _load(text, shown, path.suffix.lower() == ".json")
    except SourceError as exc:
        report.add(exc.problem)
        return []
    if csl.is_csl(data):
        return csl.records(data, lines, shown, path.stem, report)
    base: KeyPath = ()
    if isinstance(data, dict) and "papers" in data:
        for key in data:
            if key != "papers":
                report.error(shown, lines.get((key,), 1), f"unknown top-level key '{key}' (only 'papers')")
        data, base = data["papers"], ("papers",)
    if data is None:
        report.warn(shown, 0, "empty paper list: no records")
        return []
    if not isinstance(data, list):
        report.error(shown, lines.get(base, 1), "expected a list of papers (each a mapping with at least "
                     "a title), or a mapping with the key 'papers'")
        return []
    records = []
    for i, item in enumerate(data):
        record = _record(item, (*base, i), lines, shown, path.stem, report)
        if record is not None:
            records.append(record)
    return records


def _load(text: str, shown: str, is_json: bool) -> tuple[Any, dict[KeyPath, int]]:
    if not is_json:
        return yamlio.load(text, shown)
    # The json module, not YAML: YAML 1.1 rejects valid JSON such as "\ud83d\ude00".
    try:
        data = json.loads(text)
        return data, json_lines(text)
    except json.JSONDecodeError as exc:
        raise SourceError(shown, exc.lineno, f"bad JSON: {exc.msg} (fix the JSON syntax)") from None
    except RecursionError:
        raise SourceError(shown, 0, "JSON nested too deeply to read (a paper list is two levels deep); "
                          "skipped") from None


def json_lines(text: str) -> dict[KeyPath, int]:
    """``{key path: line}`` for every key and list item of a valid JSON document."""
    newlines = [i for i, c in enumerate(text) if c == "\n"]
    out: dict[KeyPath, int] = {}

    def line(i: int) -> int:
        return bisect.bisect_left(newlines, i) + 1

    def skip(i: int) -> int:
        while i < len(text) and text[i] in " \t\r\n":
            i += 1
        return i

    def value(i: int, path: KeyPath) -> int:
        i = skip(i)
        opener = text[i]
        if opener not in "{[":
            if opener == '"':
                return _scanstring(text, i + 1)[1]
            m = JSON_SCALAR.match(text, i)
            return m.end() if m else i + 1
        closer = "}" if opener == "{" else "]"
        i = skip(i + 1)
        n = 0
        while text[i] != closer:
            if opener == "{":
                key, i = _scanstring(text, i + 1)
                item: KeyPath = (*path, key)
                out[item] = line(i)
                i = skip(skip(i) + 1)  # past the colon
            else:
                item = (*path, n)
                out[item] = line(i)
                n += 1
            i = skip(value(i, item))
            if text[i] == ",":
                i = skip(i + 1)
        return i + 1

    if text.strip():
        value(0, ())
    return out


def _record(item: Any, where: KeyPath, lines: dict[KeyPath, int], shown: str, collection: str,
            report: Report) -> Record | None:
    line = lines.get(where, 1)
    if not isinstance(item, dict):
        report.error(shown, line, f"paper #{where[-1] + 1} must be a mapping of fields "
                     f"(title, abstract, ...), got {_kind(item)}; skipped")
        return None

    def bad(key: str, message: str) -> None:
        report.error(shown, lines.get((*where, key), line), f"'{key}': {message}")

    values: dict[str, Any] = {}
    for key, value in item.items():
        if key not in FIELDS:
            bad(str(key), f"unknown field (known: {', '.join(FIELDS)})")
        elif value is None:
            continue
        elif key in TEXT_FIELDS:
            if isinstance(value, str):
                values[key] = " ".join(value.split())
            else:
                bad(key, f"must be text, got {_kind(value)} (put it in quotes)")
        else:
            check = _CHECKS[key]
            try:
                values[key] = check(value)
            except ValueError as exc:
                bad(key, str(exc))
    title = values.get("title", "")
    if not title:
        report.error(shown, lines.get((*where, "title"), line), "paper without a title; skipped (add 'title: ...')")
        return None
    ids: list[tuple[str, str]] = []
    if raw_doi := values.get("doi", ""):
        if (doi := identifiers.doi(raw_doi)) is not None:
            ids.append(("doi", doi))
        else:
            report.warn(shown, lines.get((*where, "doi"), line), f"'doi': '{raw_doi[:80]}' is not a DOI "
                        "(one starts with 10.); left out")
    if raw := values.get("arxiv", ""):
        if ARXIV_ID.fullmatch(raw.removeprefix("arXiv:").removeprefix("arxiv:")):
            ids.append(("arxiv", arxiv_id(raw)))
        else:
            bad("arxiv", f"'{raw}' is not an arXiv id like 2301.01234")
    links: dict[str, Link] = {}
    for key in LINK_FIELDS:
        for url in values.get(key, ()):
            kind = classify(url) if key == "url" else key
            links.setdefault(url, Link(kind, url))
    abstract = values.get("abstract", "")
    for link in links_in(abstract):
        links.setdefault(link.url, link)
    authors = values.get("authors", ())
    return Record(
        title=title, abstract=abstract, source=SourceRef(shown, lines.get((*where, "title"), line)),
        collection=collection, date=values["date"][0] if values.get("date") else None,
        date_precision=values["date"][1] if values.get("date") else "day",
        author_count=len(authors) if isinstance(authors, tuple) and authors else (
            authors if isinstance(authors, int) else None),
        authors=authors if isinstance(authors, tuple) else (),
        upvotes=values.get("upvotes"), links=tuple(links.values()), ids=tuple(ids),
        venue=values.get("venue", ""), key=values.get("key", ""),
    )


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, dt.date):
        return "a date"
    return "text" if isinstance(value, str) else type(value).__name__


def _date(value: Any) -> tuple[dt.date, str]:
    """A YAML date, or ``YYYY-MM-DD`` / ``YYYY-MM`` / ``YYYY``, with how precisely it is known."""
    if isinstance(value, dt.datetime):
        return value.date(), "day"
    if isinstance(value, dt.date):
        return value, "day"
    text = str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else ""
    m = DATE.fullmatch(text)
    if m:
        year, month, day = (int(g) if g else None for g in m.groups())
        try:
            return dt.date(year or 0, month or 1, day or 1), precision_of(year, month, day)
        except ValueError:
            raise ValueError(f"'{text}' is not a real day (fix the month or day)") from None
    shown = f"'{value}'" if isinstance(value, str | int) and not isinstance(value, bool) else _kind(value)
    raise ValueError(f"{shown} is not a date (write YYYY-MM-DD, YYYY-MM or a year)")


def _authors(value: Any) -> tuple[str, ...] | int:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
        return tuple(" ".join(v.split()) for v in value)
    raise ValueError(f"must be a list of names or a number of authors, got {_kind(value)}")


def _upvotes(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    got = value if isinstance(value, int) and not isinstance(value, bool) else _kind(value)
    raise ValueError(f"must be a whole number of 0 or more, got {got}")


def _urls(value: Any) -> tuple[str, ...]:
    urls = [value] if isinstance(value, str) else value
    if not isinstance(urls, list) or not all(isinstance(u, str) for u in urls):
        raise ValueError(f"must be a web address or a list of them, got {_kind(value)}")
    for url in urls:
        if "://" not in url or not is_safe_href(url):
            raise ValueError(f"'{url[:80]}' is not a web address (write it with https://)")
    return tuple(u.strip() for u in urls)


_CHECKS: dict[str, Callable[[Any], Any]] = {
    "date": _date, "authors": _authors, "upvotes": _upvotes,
    "code": _urls, "project": _urls, "url": _urls,
}
