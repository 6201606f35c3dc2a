"""Reader for text dumps of "Daily Papers" search pages (``seeds/*.txt``).

A dump is blocks of lines separated by blank lines. It opens with page furniture
("new", "Subscribe", ..., the page's own date). Then each record is a title block,
an abstract block, and, in the richer format, a block of metadata::

      • 3 authors
    ·
    Jul 17, 2023 1        <- date (year optional), then upvotes when there are any
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

from site_src.config import Config
from site_src.dates import parse_date_line, saved_year
from site_src.errors import Report, SourceError
from site_src.model import Record, SourceRef
from site_src.textfile import NotText, read_text
from site_src.urls import links_in

FURNITURE = {
    "new", "get trending papers in your email inbox!", "subscribe", "daily papers",
    "byak and the research community",
}
AUTHORS = re.compile(r"^\s*[•·*-]?\s*(\d+)\s+authors?\s*$")
DOT = {"·", "•", "-"}
MAX_TITLE = 500


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """(line number of first line, lines) for each run of non-blank lines."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for n, line in enumerate(text.split("\n"), 1):
        if line.strip():
            if not current:
                start = n
            current.append(line)
        elif current:
            blocks.append((start, current))
            current = []
    if current:
        blocks.append((start, current))
    return blocks


def _is_meta(lines: list[str]) -> bool:
    return all(AUTHORS.match(x) or x.strip() in DOT or parse_date_line(x) for x in lines)


def read(path: Path, shown: str, config: Config, report: Report) -> list[Record]:
    try:
        text = read_text(path, shown)
    except NotText as exc:  # a stray image or archive: say so, read the rest
        report.warn(shown, 0, exc.problem.message)
        return []
    except SourceError as exc:
        report.add(exc.problem)
        return []
    collection = path.stem
    blocks = _blocks(text)
    if not blocks:
        report.warn(shown, 0, "empty seed file: no records (delete it, or paste a results page into it)")
        return []

    # Page furniture, then (optionally) the page's own date.
    i = 0
    page_date: tuple[int, int] | None = None
    while i < len(blocks) and len(blocks[i][1]) == 1 and blocks[i][1][0].strip().lower() in FURNITURE:
        i += 1
    if i < len(blocks) and len(blocks[i][1]) == 1 and (d := parse_date_line(blocks[i][1][0])) and d[2] is None:
        page_date = (d[0], d[1])
        i += 1

    raw: list[tuple[Record, tuple[int, int, int | None] | None, int]] = []
    rejected = 0
    while i < len(blocks):
        line, title_lines = blocks[i]
        if len(title_lines) > 1 or len(title_lines[0]) > MAX_TITLE:
            why = (f"a title is one line of at most {MAX_TITLE} characters" if len(title_lines) == 1
                   else f"{len(title_lines)} lines where a one-line title belongs")
            report.error(shown, line, f"expected a one-line title followed by a blank line, found {why} "
                         "(put a blank line between the title and the abstract)")
            rejected += 1
            i += 1
            continue
        title = " ".join(title_lines[0].split())
        if i + 1 >= len(blocks) or _is_meta(blocks[i + 1][1]):
            report.error(shown, line, f"title '{title[:60]}' has no abstract after it (add the abstract, "
                         "one blank line below the title)")
            rejected += 1
            i += 1
            continue
        abstract = " ".join(" ".join(blocks[i + 1][1]).split())
        i += 2
        date_parts: tuple[int, int, int | None] | None = None
        date_line = line
        authors = upvotes = None
        if i < len(blocks) and _is_meta(blocks[i][1]):
            for offset, meta in enumerate(blocks[i][1]):
                if m := AUTHORS.match(meta):
                    authors = int(m.group(1))
                elif d := parse_date_line(meta):
                    date_parts, upvotes = (d[0], d[1], d[2]), d[3]
                    date_line = blocks[i][0] + offset
            i += 1
        record = Record(title=title, abstract=abstract, source=SourceRef(shown, line),
                        collection=collection, author_count=authors, upvotes=upvotes,
                        links=links_in(abstract))
        raw.append((record, date_parts, date_line))

    report.count("records rejected", rejected)
    if not raw and not rejected:
        report.warn(shown, 0, "no records after the page header (a record is a title line, a blank line, "
                    "then the abstract)")
    return _resolve_dates(raw, page_date, config.collection(collection).year, shown, collection, report)


def _resolve_dates(raw: list[tuple[Record, tuple[int, int, int | None] | None, int]],
                   page_date: tuple[int, int] | None, year: int | None, shown: str,
                   collection: str, report: Report) -> list[Record]:
    """Give year-less dates the year the page was saved (configured, else inferred)."""
    dated: list[dt.date] = []
    for _, parts, _ in raw:
        if parts and parts[2] is not None:
            try:
                dated.append(dt.date(parts[2], parts[0], parts[1]))
            except ValueError:
                pass
    save_year = year or saved_year(page_date, dated)
    out = []
    warned = False
    for record, parts, line in raw:
        if parts is None:
            out.append(record)
            continue
        month, day, y = parts
        if y is None:
            if save_year is None:
                if not warned:
                    report.warn(shown, line, "date without a year and no year to infer it from "
                                f"(set collections.{collection}.year in site.yaml); date left out")
                    warned = True
                out.append(record)
                continue
            y = save_year
        try:
            out.append(replace(record, date=dt.date(y, month, day)))
        except ValueError:
            report.error(shown, line, f"date {month:02d}-{day:02d} is not a real day in {y} "
                         "(fix the date line); date left out")
            out.append(record)
    return out
