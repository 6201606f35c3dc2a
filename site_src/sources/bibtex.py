"""Reader for BibTeX and biblatex files (``*.bib``): one :class:`Record` per entry.

bibtexparser splits the file into blocks; this module does the rest itself, so that
every problem names its line: ``@string`` macros and ``#`` concatenation, ``crossref``
(DBLP), LaTeX to Unicode (``{\\"u}`` -> ``ü``, protective braces dropped; see
``latex.py``), names, dates and identifiers. A broken entry is reported and skipped;
every other entry is still read. Two entries with the same key are both kept (with a
warning): the merge stage joins them when they are the same paper.

What one input may cost is bounded: an entry longer than :data:`MAX_ENTRY` characters
and a field that expands past :data:`MAX_FIELD` (an ``@string`` doubling itself) are
errors naming their line, never a hang.
"""
from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path

import bibtexparser
from bibtexparser.middlewares.names import InvalidNameError, parse_single_name_into_parts, split_multiple_persons_names
from bibtexparser.model import DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, Entry, ParsingFailedBlock, String

from site_src.config import Config
from site_src.dates import precision_of
from site_src.errors import Report, SourceError
from site_src.model import BIBLIO_FIELDS, Link, Record, SourceRef
from site_src.sources import identifiers
from site_src.sources.identifiers import ARXIV_ID, ARXIV_URL, DOI_PREFIX, arxiv_id
from site_src.sources.latex import decode, latex_to_text
from site_src.textfile import read_text
from site_src.urls import classify, find_urls, is_safe_href

__all__ = ["ARXIV_ID", "DOI_PREFIX", "arxiv_id", "expand", "latex_to_text", "read"]

# We report bibtexparser's problems ourselves, with lines; keep its log quiet.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

MAX_ENTRY = 500_000  # characters in one entry: a real one, abstract and all, is under 20,000
MAX_FIELD = 100_000  # characters in one field after @string expansion
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
PREDEFINED = {m: m for m in MONTHS}  # BibTeX predefines the month macros
MACRO = re.compile(r"[A-Za-z_][\w:.+/-]*")
DIGITS = re.compile(r"\d+")
ENTRY_START = re.compile(r"^[ \t]*@", re.MULTILINE)
NO_AUTHOR = frozenset({"others", "et al.", "et al", "et. al.", "etal"})
# biblatex names for the fields BibTeX spells otherwise
ALIASES = {"journaltitle": "journal", "location": "address", "issue": "number"}
CONTAINERS = frozenset({"proceedings", "book", "collection", "mvbook", "mvproceedings", "mvcollection"})


class TooLong(Exception):
    """A field's expansion passed :data:`MAX_FIELD`."""


class _Entry:
    """One entry's fields, expanded (macros, ``#``) but not yet LaTeX-decoded."""

    def __init__(self, entry: Entry, strings: dict[str, str], shown: str, report: Report) -> None:
        self.key = entry.key
        self.kind = entry.entry_type.lower()
        self.line = (entry.start_line or 0) + 1
        self.fields: dict[str, str] = {}
        self.lines: dict[str, int] = {}
        self.shown, self.report = shown, report
        for f in entry.fields:
            name = f.key.lower()
            if name in self.fields:
                continue  # a repeated field was reported; the first one counts
            line = (f.start_line or entry.start_line or 0) + 1
            try:
                text, unknown = expand(str(f.value), strings)
            except TooLong:
                report.error(shown, line, f"entry '{self.key}': field '{name}' is longer than {MAX_FIELD:,} "
                             "characters once its @string macros are expanded; field left out (shorten it)")
                continue
            for macro in unknown:
                report.warn(shown, line, f"entry '{self.key}': unknown @string macro '{macro}' in '{name}' "
                            "(define it with @string before this entry); used its name as text")
            self.fields[name] = text
            self.lines[name] = line

    def get(self, name: str) -> str:
        return self.fields.get(name, "").strip()

    def at(self, name: str) -> int:
        return self.lines.get(name, self.line)

    def text(self, name: str, keep_math: bool = False) -> str:
        """A field decoded to plain text; LaTeX the decoder cannot read is kept roughly, with a warning."""
        raw = self.get(name)
        value, ok = decode(raw, keep_math)
        if not ok:
            self.report.warn(self.shown, self.at(name), f"entry '{self.key}': LaTeX in '{name}' could not be "
                             "read; its words are kept as they are (check its braces and macros)")
        return value


def expand(raw: str, strings: dict[str, str]) -> tuple[str, list[str]]:
    """A field's value expression (``{..}``, ``".."``, ``macro``, ``2023``, joined by ``#``)
    as text with its outer delimiters removed; also the macros that were not defined.
    Raises :class:`TooLong` past :data:`MAX_FIELD` characters."""
    parts: list[str] = []
    unknown: list[str] = []
    size = 0
    i, n = 0, len(raw)
    while i < n:
        c = raw[i]
        if c.isspace() or c == "#":
            i += 1
            continue
        if c in "{\"":
            close = _closing(raw, i)
            part = raw[i + 1:close]
            i = close + 1
        elif c.isdigit():
            digits = DIGITS.match(raw, i)
            assert digits is not None
            part = digits.group(0)
            i = digits.end()
        else:
            m = MACRO.match(raw, i)
            word = m.group(0) if m else raw[i:]
            if word.lower() in strings:
                part = strings[word.lower()]
            else:
                unknown.append(word)
                part = word
            i += len(word)
        size += len(part)
        if size > MAX_FIELD:
            raise TooLong
        parts.append(part)
    return "".join(parts), unknown


def _closing(raw: str, start: int) -> int:
    """Index of the delimiter closing the group opened at ``start`` (or the end)."""
    if raw[start] == '"':
        depth = 0
        for j in range(start + 1, len(raw)):
            c = raw[j]
            if c == '"' and depth == 0:
                return j
            depth += 1 if c == "{" else -1 if c == "}" else 0
        return len(raw)
    depth = 0
    for m in re.finditer(r"[{}]", raw[start:]):
        depth += 1 if m.group() == "{" else -1
        if depth == 0:
            return start + m.start()
    return len(raw)


def bounded(text: str, shown: str, report: Report) -> str:
    """The text with every entry longer than :data:`MAX_ENTRY` blanked out (lines kept), each an error."""
    starts = [m.start() for m in ENTRY_START.finditer(text)] + [len(text)]
    if all(b - a <= MAX_ENTRY for a, b in zip(starts, starts[1:])) and starts[0] <= MAX_ENTRY:
        return text
    pieces, last = [], 0
    for a, b in zip([0, *starts], starts):
        if b - a > MAX_ENTRY:
            line = text.count("\n", 0, a) + 1
            report.error(shown, line, f"entry '{_key_of(text[a:a + 200])}' is {(b - a) / 1e6:.1f} million "
                         f"characters, more than the limit of {MAX_ENTRY:,}; skipped (is a brace or quote "
                         "left open?)")
            pieces += [text[last:a], "\n" * text.count("\n", a, b)]
            last = b
    pieces.append(text[last:])
    return "".join(pieces)


def read(path: Path, shown: str, config: Config, report: Report) -> list[Record]:
    try:
        text = read_text(path, shown)
    except SourceError as exc:
        report.add(exc.problem)
        return []
    try:
        library = bibtexparser.parse_string(bounded(text, shown, report), parse_stack=[])  # type: ignore[attr-defined]
    except RecursionError:
        report.error(shown, 0, "nested too deeply to read; skipped (check its braces)")
        return []
    strings = dict(PREDEFINED)
    entries: list[_Entry] = []
    for block in library.blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, DuplicateBlockKeyBlock | DuplicateFieldKeyBlock):
            _warn_duplicate(block, line, shown, report)
            block = block.ignore_error_block or block
        if isinstance(block, ParsingFailedBlock):
            report.error(shown, line, f"entry '{_key_of(block.raw or '')}' is not valid BibTeX "
                         f"({_reason(block.error)}); skipped (check its braces, quotes and commas)")
        elif isinstance(block, String):
            try:
                strings[block.key.lower()] = expand(str(block.value), strings)[0]
            except TooLong:
                strings[block.key.lower()] = ""
                report.error(shown, line, f"@string '{block.key}' is longer than {MAX_FIELD:,} characters once "
                             "expanded (does it double itself?); used as empty text")
        elif isinstance(block, Entry):
            entries.append(_Entry(block, strings, shown, report))
    if not entries:
        report.warn(shown, 0, "no BibTeX entries found in this file")
    containers = _resolve_crossrefs(entries, shown, report)
    records = []
    for e in entries:
        if e.key.lower() in containers:
            report.count("bibtex crossref containers (proceedings, not papers)")
            continue
        record = _record(e, path.stem, shown, report)
        if record is not None:
            records.append(record)
    return records


def _resolve_crossrefs(entries: list[_Entry], shown: str, report: Report) -> set[str]:
    """Fill each entry's missing fields from the entry its ``crossref`` names (a DBLP proceedings
    volume); returns the keys of the containers whose only role is to be referred to."""
    by_key = {e.key.lower(): e for e in entries}
    used: set[str] = set()
    for e in entries:
        ref = e.get("crossref")
        if not ref:
            continue
        parent = by_key.get(ref.lower())
        if parent is None or parent is e:
            report.warn(shown, e.at("crossref"), f"entry '{e.key}': crossref '{ref}' names no entry of this "
                        "file; its fields are not inherited")
            continue
        used.add(ref.lower())
        if "booktitle" not in e.fields and "title" in parent.fields and e.kind not in CONTAINERS:
            e.fields["booktitle"], e.lines["booktitle"] = parent.fields["title"], parent.at("title")
        for name, value in parent.fields.items():
            if name not in e.fields and name not in ("title", "abstract", "doi", "url", "eprint", "keywords",
                                                      "ids", "crossref", "file"):
                e.fields[name], e.lines[name] = value, parent.at(name)
    return {k for k in used if by_key[k].kind in CONTAINERS}


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
    title = e.text("title")
    if not title:
        report.error(shown, e.line, f"entry '{e.key}' has no title; skipped (add title = {{...}})")
        return None
    abstract = e.text("abstract", keep_math=True)
    if not abstract:
        report.count("bibtex entries without abstract")
    authors, complete = _names(e, "author")
    ids, links, venue = _ids_links_venue(e, shown, report)
    dated = _date(e, shown, report)
    return Record(
        title=title, abstract=abstract, source=SourceRef(shown, e.line), collection=collection,
        date=dated[0] if dated else None, date_precision=dated[1] if dated else "day", authors=authors,
        author_count=len(authors) if authors and complete else None,
        links=links, ids=ids, venue=venue, key=e.key, kind=e.kind, biblio=_biblio(e),
        keywords=_keywords(e), more_authors=bool(authors) and not complete,
    )


def _biblio(e: _Entry) -> tuple[tuple[str, str], ...]:
    values: dict[str, str] = {}
    for name in e.fields:
        field = ALIASES.get(name, name)
        if field in BIBLIO_FIELDS and field not in values:
            if field == "editor":
                names, complete = _names(e, name)
                value = " and ".join([*names, *([] if complete else ["others"])])
            elif field == "pages":
                value = " ".join(e.get(name).replace("--", "–").split())
            else:
                value = e.text(name)
            if value:
                values[field] = value
    return tuple((name, values[name]) for name in BIBLIO_FIELDS if name in values)


def _keywords(e: _Entry) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for word in re.split(r"[,;]", e.text("keywords")):
        if word := " ".join(word.split()):
            seen.setdefault(word, None)
    return tuple(seen)


def _names(e: _Entry, field: str) -> tuple[tuple[str, ...], bool]:
    """("First Last", ...) and whether the list is complete (no ``and others``, no "et al.")."""
    raw = e.get(field)
    if not raw:
        return (), True
    names: list[str] = []
    complete = True
    for name in split_multiple_persons_names(raw):
        if latex_to_text(name).strip().lower() in NO_AUTHOR:
            complete = False
            continue
        try:
            parts = parse_single_name_into_parts(name)
        except InvalidNameError as exc:
            e.report.warn(e.shown, e.at(field), f"entry '{e.key}': {field} '{name}' is not a valid BibTeX "
                          f"name ({exc.reason}); used as written")
            names.append(latex_to_text(name))
            continue
        full = latex_to_text(" ".join([*parts.first, *parts.von, *parts.last]))
        if parts.jr:
            full += ", " + latex_to_text(" ".join(parts.jr))
        if full.lower().endswith(" et al.") or full.lower().endswith(" et al"):
            full, complete = full.rsplit(" et", 1)[0], False
        if full:
            names.append(full)
    return tuple(names), complete


_DATE = re.compile(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?(?=$|[T /]|\s)")
_YEAR = re.compile(r"(\d{4})(?!\d)")


def _date(e: _Entry, shown: str, report: Report) -> tuple[dt.date, str] | None:
    """From ``date`` (biblatex: 2023, 2023-07, 2023-07-17, 2020-09-20T19:01:13Z, 1978/1979) or
    ``year``/``month``/``day`` (``2023a`` and ``1978/79`` give their year).

    A missing month or day is stored as the first, with the precision the entry gave.
    """
    line = e.at("date") if e.get("date") else e.at("year")
    year = month = day = None
    if raw := e.get("date"):
        m = _DATE.match(raw.strip())
        if not m:
            report.warn(shown, line, f"entry '{e.key}': date '{raw}' is not YYYY, YYYY-MM or YYYY-MM-DD; "
                        "date left out")
            return None
        year, month, day = (int(g) if g else None for g in m.groups())
    elif raw := latex_to_text(e.get("year")):
        m = _YEAR.match(raw.strip())
        if m is None:
            report.warn(shown, line, f"entry '{e.key}': year '{raw}' is not a year like 2023; date left out")
            return None
        year = int(m.group(1))
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
    if raw := e.get("doi"):
        if (doi := identifiers.doi(raw)) is not None:
            ids["doi"] = doi
        else:
            report.warn(shown, e.at("doi"), f"entry '{e.key}': doi '{raw[:80]}' is not a DOI (one starts with "
                        "10.); left out")
    prefix = (e.get("archiveprefix") or e.get("eprinttype")).lower()
    eprint = e.get("eprint")
    if eprint and (prefix == "arxiv" or (not prefix and ARXIV_ID.fullmatch(eprint))):
        if (arxiv := identifiers.arxiv(eprint)) is not None:
            ids["arxiv"] = arxiv
        else:
            report.warn(shown, e.at("eprint"), f"entry '{e.key}': eprint '{eprint[:80]}' is not an arXiv id "
                        "like 2301.01234; left out")
    venue = e.text("journal") or e.text("journaltitle") or e.text("booktitle") or e.text("eventtitle")
    if venue.lower().startswith("arxiv") and (m := ARXIV_ID.search(venue)):
        ids.setdefault("arxiv", arxiv_id(m.group(0)))  # Google Scholar: "arXiv preprint arXiv:2301.01234"
        venue = "arXiv preprint"
    links: dict[str, Link] = {}
    for name in ("url", "pdf", "code", "file", "howpublished", "note", "abstract"):
        value = e.get(name)
        if name == "file":  # Zotero and JabRef: "Title:path/to/file.pdf:application/pdf"; only web ones link
            urls = re.findall(r"https?://[^\s;{}]+?\.pdf\b", value, re.IGNORECASE)
            if value and not urls:
                report.count("bibtex local files not linked")
        elif name in ("url", "pdf", "code"):
            urls = [value]
        else:  # \href{url}{text} shows its text only: its address is taken from the raw field
            urls = [*re.findall(r"\\href\s*\{([^{}]+)\}", value),
                    *(u for _, _, u in find_urls(latex_to_text(value, True)))]
        for url in filter(None, (u.strip() for u in urls)):
            if not is_safe_href(url) or "://" not in url:
                report.warn(shown, e.at(name), f"entry '{e.key}': '{name}' is not a web address: {url[:80]}; "
                            "left out")
                continue
            if m := ARXIV_URL.search(url):
                ids.setdefault("arxiv", arxiv_id(m.group(1)))
            elif DOI_PREFIX.match(url) and (doi := identifiers.doi(url)):
                ids.setdefault("doi", doi)
            else:
                kind = "code" if name == "code" else "pdf" if name in ("pdf", "file") or re.search(
                    r"\.pdf(?:$|[?#])", url, re.IGNORECASE) else classify(url)
                links.setdefault(url, Link(kind, url))
    return tuple(ids.items()), tuple(links.values()), venue
