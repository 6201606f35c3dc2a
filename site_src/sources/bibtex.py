"""Reader for BibTeX files (``*.bib``): one :class:`Record` per entry.

bibtexparser splits the file into blocks; this module does the rest itself, so that
every problem names its line: ``@string`` macros and ``#`` concatenation, LaTeX to
Unicode (``{\\"u}`` -> ``ü``, protective braces dropped), names, dates and identifiers.
A broken entry is reported and skipped; every other entry is still read. Two entries
with the same key are both kept (with a warning): the merge stage joins them when they
are the same paper.
"""
from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from pathlib import Path

import bibtexparser
from bibtexparser.middlewares.names import InvalidNameError, parse_single_name_into_parts, split_multiple_persons_names
from bibtexparser.model import DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, Entry, ParsingFailedBlock, String
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from site_src.config import Config
from site_src.dates import precision_of
from site_src.errors import Report, SourceError
from site_src.model import Link, Record, SourceRef
from site_src.textfile import read_text
from site_src.urls import classify, find_urls, is_safe_href

# We report bibtexparser's problems ourselves, with lines; keep its log quiet.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# BibTeX predefines the month macros.
PREDEFINED = {m: m for m in MONTHS}
ARXIV_ID = re.compile(r"(?:arxiv:\s*)?(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(v\d+)?", re.IGNORECASE)
ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/([^\s?#]+?)(?:\.pdf)?(?:[?#].*)?$", re.IGNORECASE)
DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
MACRO = re.compile(r"[A-Za-z_][\w:.+/-]*")
DIGITS = re.compile(r"\d+")


def _decoder(math: str) -> LatexNodes2Text:
    db = get_default_latex_context_db()
    db.add_context_category("survey-bibtex", prepend=True, macros=[
        MacroTextSpec("url", simplify_repl="%s"),
        # pylatexenc drops or mangles these; the BibTeX writer in cite.py emits them.
        MacroTextSpec("textless", simplify_repl="<"),
        MacroTextSpec("textgreater", simplify_repl=">"),
        MacroTextSpec("textbar", simplify_repl="|"),
        MacroTextSpec("textasciicircum", simplify_repl="^"),
        MacroTextSpec("textbraceleft", simplify_repl="{"),
        MacroTextSpec("textbraceright", simplify_repl="}"),
    ])
    return LatexNodes2Text(latex_context=db, keep_braced_groups=False, math_mode=math)


_TEXT = _decoder("text")  # titles, names, venues: $\alpha$ -> α
_KEEP_MATH = _decoder("verbatim")  # abstracts keep $...$ for a math renderer


# Text without these is the same after decoding; pylatexenc is slow (~10 µs a character).
_NEEDS_DECODING = re.compile(r"[\\{}$~]|--|``|''|[!?]`")
_BARE = re.compile(r"(?<!\\)[&%]")


@functools.lru_cache(maxsize=1024)
def latex_to_text(value: str, keep_math: bool = False) -> str:
    """LaTeX markup to plain Unicode on one line: ``Caf{\\'e}`` -> ``Café``."""
    if _NEEDS_DECODING.search(value):
        # A bare & or % in a BibTeX field means the character (LaTeX would choke on it).
        value = _BARE.sub(r"\\\g<0>", value)
        value = (_KEEP_MATH if keep_math else _TEXT).latex_to_text(value)
    return " ".join(value.split())


class _Entry:
    """One entry's fields, expanded (macros, ``#``) but not yet LaTeX-decoded."""

    def __init__(self, entry: Entry, strings: dict[str, str], shown: str, report: Report) -> None:
        self.key = entry.key
        self.line = (entry.start_line or 0) + 1
        self.fields: dict[str, str] = {}
        self.lines: dict[str, int] = {}
        for f in entry.fields:
            name = f.key.lower()
            if name in self.fields:
                continue  # a repeated field was reported; the first one counts
            text, unknown = expand(str(f.value), strings)
            line = (f.start_line or entry.start_line or 0) + 1
            for macro in unknown:
                report.warn(shown, line, f"entry '{self.key}': unknown @string macro '{macro}' in '{name}' "
                            "(define it with @string before this entry); used its name as text")
            self.fields[name] = text
            self.lines[name] = line

    def get(self, name: str) -> str:
        return self.fields.get(name, "").strip()

    def at(self, name: str) -> int:
        return self.lines.get(name, self.line)


def expand(raw: str, strings: dict[str, str]) -> tuple[str, list[str]]:
    """A field's value expression (``{..}``, ``".."``, ``macro``, ``2023``, joined by ``#``)
    as text with its outer delimiters removed; also the macros that were not defined."""
    parts: list[str] = []
    unknown: list[str] = []
    i, n = 0, len(raw)
    while i < n:
        c = raw[i]
        if c.isspace() or c == "#":
            i += 1
        elif c in "{\"":
            close = _closing(raw, i)
            parts.append(raw[i + 1:close])
            i = close + 1
        elif c.isdigit():
            digits = DIGITS.match(raw, i)
            assert digits is not None
            parts.append(digits.group(0))
            i = digits.end()
        else:
            m = MACRO.match(raw, i)
            word = m.group(0) if m else raw[i:]
            if word.lower() in strings:
                parts.append(strings[word.lower()])
            else:
                unknown.append(word)
                parts.append(word)
            i += len(word)
    return "".join(parts), unknown


def _closing(raw: str, start: int) -> int:
    """Index of the delimiter closing the group opened at ``start`` (or the end)."""
    depth = 0
    for j in range(start, len(raw)):
        c = raw[j]
        if raw[start] == '"' and j > start and c == '"' and depth == 0:
            return j
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0 and raw[start] == "{":
                return j
    return len(raw)


def read(path: Path, shown: str, config: Config, report: Report) -> list[Record]:
    try:
        text = read_text(path, shown)
    except SourceError as exc:
        report.add(exc.problem)
        return []
    library = bibtexparser.parse_string(text, parse_stack=[])  # type: ignore[attr-defined]
    strings = dict(PREDEFINED)
    records: list[Record] = []
    entries = 0
    for block in library.blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, DuplicateBlockKeyBlock | DuplicateFieldKeyBlock):
            _warn_duplicate(block, line, shown, report)
            block = block.ignore_error_block or block
        if isinstance(block, ParsingFailedBlock):
            report.error(shown, line, f"entry '{_key_of(block.raw or '')}' is not valid BibTeX "
                         f"({_reason(block.error)}); skipped (check its braces, quotes and commas)")
        elif isinstance(block, String):
            strings[block.key.lower()] = expand(str(block.value), strings)[0]
        elif isinstance(block, Entry):
            entries += 1
            record = _record(_Entry(block, strings, shown, report), path.stem, shown, report)
            if record is not None:
                records.append(record)
    if entries == 0:
        report.warn(shown, 0, "no BibTeX entries found in this file")
    return records


def _warn_duplicate(block: DuplicateBlockKeyBlock | DuplicateFieldKeyBlock, line: int, shown: str,
                    report: Report) -> None:
    if isinstance(block, DuplicateFieldKeyBlock):
        key = getattr(block.ignore_error_block, "key", "?")
        report.warn(shown, line, f"entry '{key}' repeats the field(s) {', '.join(sorted(block.duplicate_keys))}; "
                    "the first one is used")
        return
    first = (block.previous_block.start_line or 0) + 1
    if isinstance(block.ignore_error_block, String):
        report.warn(shown, line, f"@string '{block.key}' is defined again (first on line {first}); "
                    "the later value is used from here on")
    else:
        report.warn(shown, line, f"duplicate key '{block.key}' (also on line {first}); both entries "
                    "kept (give one of them another key)")


def _key_of(raw: str) -> str:
    m = re.match(r"\s*@\s*\w+\s*[{(]\s*([^,\s]*)", raw)
    return m.group(1) if m and m.group(1) else "?"


def _reason(error: Exception) -> str:
    reason = getattr(error, "abort_reason", "") or str(error) or type(error).__name__
    return " ".join(reason.replace("`", "'").split()).rstrip(".")


def _record(e: _Entry, collection: str, shown: str, report: Report) -> Record | None:
    title = latex_to_text(e.get("title"))
    if not title:
        report.error(shown, e.line, f"entry '{e.key}' has no title; skipped (add title = {{...}})")
        return None
    abstract = latex_to_text(e.get("abstract"), keep_math=True)
    if not abstract:
        report.count("bibtex entries without abstract")
    authors, complete = _authors(e, shown, report)
    ids, links, venue = _ids_links_venue(e, shown, report)
    dated = _date(e, shown, report)
    return Record(
        title=title, abstract=abstract, source=SourceRef(shown, e.line), collection=collection,
        date=dated[0] if dated else None, date_precision=dated[1] if dated else "day", authors=authors,
        author_count=len(authors) if authors and complete else None,
        links=links, ids=ids, venue=venue, key=e.key,
    )


def _authors(e: _Entry, shown: str, report: Report) -> tuple[tuple[str, ...], bool]:
    """("First Last", ...) and whether the list is complete (no ``and others``)."""
    raw = e.get("author")
    if not raw:
        return (), False
    names: list[str] = []
    complete = True
    for name in split_multiple_persons_names(raw):
        if name.strip().lower() == "others":
            complete = False
            continue
        try:
            parts = parse_single_name_into_parts(name)
        except InvalidNameError as exc:
            report.warn(shown, e.at("author"), f"entry '{e.key}': author '{name}' is not a valid BibTeX "
                        f"name ({exc.reason}); used as written")
            names.append(latex_to_text(name))
            continue
        full = latex_to_text(" ".join([*parts.first, *parts.von, *parts.last]))
        if parts.jr:
            full += ", " + latex_to_text(" ".join(parts.jr))
        if full:
            names.append(full)
    return tuple(names), complete


def _date(e: _Entry, shown: str, report: Report) -> tuple[dt.date, str] | None:
    """From ``date`` (biblatex: 2023, 2023-07, 2023-07-17) or ``year``/``month``/``day``.

    A missing month or day is stored as the first, with the precision the entry gave.
    """
    line = e.at("date") if e.get("date") else e.at("year")
    year = month = day = None
    if raw := e.get("date"):
        m = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?(?:/.*)?", raw)
        if not m:
            report.warn(shown, line, f"entry '{e.key}': date '{raw}' is not YYYY, YYYY-MM or YYYY-MM-DD; "
                        "date left out")
            return None
        year, month, day = (int(g) if g else None for g in m.groups())
    elif raw := e.get("year"):
        year = int(raw) if re.fullmatch(r"\d{4}", raw) else None
        if year is None:
            report.warn(shown, line, f"entry '{e.key}': year '{raw}' is not a year like 2023; date left out")
            return None
        month = _month(e, shown, report)
        if month and (raw_day := e.get("day")):
            day = int(raw_day) if raw_day.isdigit() else None
    if year is None:
        return None
    try:
        return dt.date(year, month or 1, day or 1), precision_of(year, month, day)
    except ValueError:
        report.warn(shown, line, f"entry '{e.key}': {year}-{month}-{day} is not a real day; date left out")
        return None


def _month(e: _Entry, shown: str, report: Report) -> int | None:
    raw = latex_to_text(e.get("month")).strip(". ").lower()
    if not raw:
        return None
    if raw.isdigit() and 1 <= int(raw) <= 12:
        return int(raw)
    if raw[:3] in MONTHS and raw.isalpha():
        return MONTHS.index(raw[:3]) + 1
    report.warn(shown, e.at("month"), f"entry '{e.key}': month '{raw}' is not a month (use jan..dec or 1..12); "
                "month left out")
    return None


def _ids_links_venue(e: _Entry, shown: str,
                     report: Report) -> tuple[tuple[tuple[str, str], ...], tuple[Link, ...], str]:
    ids: dict[str, str] = {}
    if doi := DOI_PREFIX.sub("", e.get("doi")):
        ids["doi"] = doi
    prefix = (e.get("archiveprefix") or e.get("eprinttype")).lower()
    eprint = e.get("eprint")
    if eprint and (prefix == "arxiv" or (not prefix and ARXIV_ID.fullmatch(eprint))):
        ids["arxiv"] = arxiv_id(eprint)
    venue = latex_to_text(e.get("journal") or e.get("booktitle"))
    if venue.lower().startswith("arxiv") and (m := ARXIV_ID.search(venue)):
        ids.setdefault("arxiv", arxiv_id(m.group(0)))  # Google Scholar: "arXiv preprint arXiv:2301.01234"
        venue = "arXiv preprint"
    links: dict[str, Link] = {}
    for name in ("url", "code", "howpublished", "note", "abstract"):
        value = e.get(name)
        urls = [value] if name in ("url", "code") else [u for _, _, u in find_urls(latex_to_text(value, True))]
        for url in filter(None, (u.strip() for u in urls)):
            if not is_safe_href(url) or "://" not in url:
                report.warn(shown, e.at(name), f"entry '{e.key}': '{name}' is not a web address: {url[:80]}; "
                            "left out")
                continue
            if m := ARXIV_URL.search(url):
                ids.setdefault("arxiv", arxiv_id(m.group(1)))
            elif DOI_PREFIX.match(url):
                ids.setdefault("doi", DOI_PREFIX.sub("", url))
            else:
                links.setdefault(url, Link("code" if name == "code" else classify(url), url))
    return tuple(ids.items()), tuple(links.values()), venue


def arxiv_id(value: str) -> str:
    """``arXiv:2301.01234v2`` -> ``2301.01234`` (versions are the same paper)."""
    m = ARXIV_ID.search(value.strip())
    return m.group(1) if m else value.strip()
