"""Reading content pages: ``content/papers/<slug>.md``, YAML front matter plus a Markdown body.

What the sources say is rewritten on every ingest; what the user owns survives it: the
``my_tags`` and ``not_tags`` fields and everything under the ``## Notes`` heading. A page
with no ``sources`` is the user's own paper and is never rewritten except its generated
cross-link sections.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from site_src import yamlio
from site_src.dates import precision_of
from site_src.errors import Report, SourceError
from site_src.model import BIBLIO_FIELDS, Link, Paper, SourceRef
from site_src.slugs import is_safe_slug
from site_src.textfile import read_text, shown_path
from site_src.urls import is_safe_href

NOTES_HEADING = "## Notes"
NO_ABSTRACT = "_No abstract._"  # what a page shows for an empty abstract; reads back as ""
NOTES_HINT = "<!-- Your notes go below. Everything under this heading survives a re-ingest. -->"
_SECTION = re.compile(r"^## (.+?)\s*$", re.MULTILINE)
_KNOWN = {"title", "slug", "date", "authors", "more_authors", "upvotes", "venue", "type", "bib", "keywords",
          "doi", "arxiv", "key", "code", "project", "pdf", "collections", "sources", "tags", "my_tags", "not_tags", "abstract"}


def papers_dir(content: Path) -> Path:
    return content / "papers"



def split_front_matter(text: str, shown: str) -> tuple[str, str, int]:
    """(front matter, body, line the body starts on)."""
    if not text.startswith("---\n"):
        raise SourceError(shown, 1, "no front matter: a page starts with a '---' line (add one)")
    end = text.find("\n---\n", 3)
    if end == -1:
        if text.endswith("\n---"):
            end = len(text) - 4
        else:
            raise SourceError(shown, 1, "front matter is not closed (add a '---' line after it)")
    front = text[4:end + 1]
    body = text[end + 5:]
    return front, body, front.count("\n") + 3


def _sections(body: str) -> dict[str, str]:
    """``{heading: text}`` for each ``## heading`` of the body (text stripped)."""
    out: dict[str, str] = {}
    marks = _headings(body)
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(body)
        if m.group(1) == "Notes":
            end = len(body)  # the notes run to the end, whatever headings they hold
            out["Notes"] = body[m.end():end].strip("\n")
            break
        out[m.group(1)] = body[m.end():end].strip()
    return out


def _headings(body: str) -> list[re.Match[str]]:
    """What ``_SECTION.finditer(body)`` finds, tried only where a line starts with ``## ``
    (finditer tries every character: three times slower on a page)."""
    found = []
    pos = body.find("## ")
    while pos != -1:
        m = _SECTION.match(body, pos) if pos == 0 or body[pos - 1] == "\n" else None
        if m is not None:
            found.append(m)
            pos = body.find("## ", m.end())
        else:
            pos = body.find("## ", pos + 1)
    return found


def _notes(section: str) -> str:
    text = section.replace(NOTES_HINT, "", 1)
    return text.strip("\n")


_UNESCAPE_ENTITIES = {"&lt;": "<", "&gt;": ">", "&#36;": "$", "&#126;": "~", "&#124;": "|", "&amp;": "&"}
_ENTITY = re.compile("|".join(map(re.escape, _UNESCAPE_ENTITIES)))
_ESCAPE, _STRONG, _EM = re.compile(r"\\(.)"), re.compile(r"\*\*(.+?)\*\*"), re.compile(r"\*(.+?)\*")


_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>", re.IGNORECASE)


def markdown_to_plain(md: str) -> str:
    """Undo :func:`abstract.to_markdown` well enough for search, tags and links."""
    if "\\" not in md and "*" not in md and "&" not in md and "<" not in md:
        return md  # no escape, mark, entity or autolink to undo
    parts = _AUTOLINK.split(md)  # odd items are URLs, kept byte-exact
    return "".join(part if i % 2 else _unescape(part) for i, part in enumerate(parts))


def _unescape(md: str) -> str:
    """Drop ``**strong**`` and ``*em*`` marks, then backslash escapes, then entities."""
    hidden = next(chr(c) for c in range(0xE000, 0xF900) if chr(c) not in md)  # stands for an escaped char
    escaped: list[str] = []

    def hide(m: re.Match[str]) -> str:
        escaped.append(m.group(1))
        return hidden

    text = _ESCAPE.sub(hide, md)  # an escaped * is text, never a mark
    text = _STRONG.sub(r"\1", text)
    text = _EM.sub(r"\1", text)
    chars = iter(escaped)
    text = re.sub(hidden, lambda _: next(chars), text)
    return _ENTITY.sub(lambda m: _UNESCAPE_ENTITIES[m.group(0)], text) if "&" in text else text


class _Fields:
    """Typed access to front matter, every mistake reported with its line."""

    def __init__(self, data: dict[str, Any], lines: dict[tuple[Any, ...], int], shown: str, report: Report):
        self.data, self.lines, self.shown, self.report = data, lines, shown, report
        self.ok = True

    def bad(self, key: str, message: str) -> None:
        self.report.error(self.shown, self.lines.get((key,), 2), f"field '{key}': {message}")
        self.ok = False

    def text(self, key: str, required: bool = False) -> str:
        value = self.data.get(key)
        if value is None:
            if required:
                self.bad(key, "missing (every page needs one)")
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.bad(key, f"must be text, got {type(value).__name__} (quote it: {key}: \"...\")")
            return ""
        return str(value)

    def int_(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.bad(key, f"must be a whole number, got {value!r} (write a number like 3)")
            return None
        return value

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if type(value) is list and all(type(v) is str for v in value):
            return tuple(value)  # the common case, as the build writes them
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in value):
            self.bad(key, "must be a list of text items (write [a, b] or one '- item' per line)")
            return ()
        return tuple(str(v) for v in value)

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            self.bad(key, f"must be true or false, got {value!r}")
            return False
        return value

    def biblio(self, key: str) -> tuple[tuple[str, str], ...]:
        """Bibliographic fields (``pages: 1–10``), in the order of :data:`BIBLIO_FIELDS`."""
        value = self.data.get(key)
        if value is None:
            return ()
        if not isinstance(value, dict):
            self.bad(key, f"must be a mapping of bibliographic fields ({', '.join(BIBLIO_FIELDS)})")
            return ()
        for name in value:
            if name not in BIBLIO_FIELDS:
                self.report.error(self.shown, self.lines.get((key, name), self.lines.get((key,), 2)),
                                  f"field '{key}': unknown field '{name}' (known: {', '.join(BIBLIO_FIELDS)})")
                self.ok = False
        return tuple((name, str(value[name])) for name in BIBLIO_FIELDS
                     if isinstance(value.get(name), str | int) and not isinstance(value.get(name), bool))

    def urls(self, key: str) -> tuple[str, ...]:
        """Web addresses only: a ``javascript:`` or ``data:`` link is refused, never rendered."""
        good = []
        for i, url in enumerate(self.strings(key)):
            if is_safe_href(url) and re.match(r"https?://", url.strip(), re.IGNORECASE):
                good.append(url.strip())
            else:
                self.report.error(self.shown, self.lines.get((key, i), self.lines.get((key,), 2)),
                                  f"field '{key}': '{url[:80]}' is not a web address (write https://...)")
                self.ok = False
        return tuple(good)

    def date(self, key: str) -> tuple[dt.date | None, str]:
        """The date and how precisely it is known: ``2023-07-17``, ``"2023-07"`` or ``2023``."""
        value = self.data.get(key)
        if value is None or value == "":
            return None, "day"
        if isinstance(value, dt.datetime):
            return value.date(), "day"
        if isinstance(value, dt.date):
            return value, "day"
        if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
            return dt.date(value, 1, 1), "year"
        if isinstance(value, str):
            m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value.strip())
            if m:
                year, month, day = (int(g) if g else None for g in m.groups())
                try:
                    return dt.date(year or 1, month or 1, day or 1), precision_of(year, month, day)
                except ValueError:
                    pass
        self.bad(key, f"'{value}' is not a date (write it as YYYY-MM-DD, or YYYY-MM or YYYY when the day is unknown)")
        return None, "day"


def load_page(path: Path, shown: str, report: Report) -> Paper | None:
    """Read one content page; problems go to ``report`` and give ``None``."""
    try:
        text = read_text(path, shown)
        front, body, _ = split_front_matter(text, shown)
        data, lines = yamlio.load(front, shown, first_line=2)
    except SourceError as exc:
        report.add(exc.problem)
        return None
    if not isinstance(data, dict):
        report.error(shown, 2, "front matter must be a mapping of fields (key: value)")
        return None
    return page_of(data, lines, body, path, shown, report)


def page_as_written(front: dict[str, Any], text: str, path: Path, shown: str) -> Paper | None:
    """What :func:`load_page` gives for a page the build wrote from ``front`` (the data its
    front matter was dumped from) as ``text``, without parsing the YAML back."""
    report = Report()
    paper = page_of(front, {}, split_front_matter(text, shown)[1], path, shown, report)
    return paper if not report.problems else None


def page_of(data: dict[str, Any], lines: dict[tuple[Any, ...], int], body: str, path: Path, shown: str,
            report: Report) -> Paper | None:
    """The paper of a page's front matter ``data`` (``lines``: where each key is) and body."""
    f = _Fields(data, lines, shown, report)
    for key in data:
        if key not in _KNOWN:
            f.bad(str(key), f"unknown field (known: {', '.join(sorted(_KNOWN))})")
    stem = path.stem
    slug = f.text("slug") or stem
    if slug != stem:
        f.bad("slug", f"'{slug}' does not match the file name '{stem}.md' (rename one of them)")
    elif not is_safe_slug(slug):
        f.bad("slug", f"'{slug}' is not a safe slug (use lower-case ASCII letters, digits and '-')")
    authors_value = data.get("authors")
    authors: tuple[str, ...] = ()
    count: int | None = None
    if isinstance(authors_value, list):
        authors = f.strings("authors")
        count = len(authors) or None
    else:
        count = f.int_("authors")
    date, precision = f.date("date")
    sections = _sections(body)
    written = sections.get("Abstract", "")
    abstract = f.text("abstract") or ("" if written == NO_ABSTRACT else markdown_to_plain(written))
    sources = []
    for item in f.strings("sources"):
        where, _, line = item.rpartition(":")
        sources.append(SourceRef(where, int(line)) if line.isdigit() else SourceRef(item, 0))
    ids = tuple((k, v) for k, v in ((k, f.text(k)) for k in ("doi", "arxiv") if k in data) if v)
    links = tuple(Link(kind, u) for kind in ("code", "project", "pdf") for u in f.urls(kind))
    paper = Paper(
        slug=slug, title=" ".join(f.text("title", required=True).split()), abstract=abstract,
        date=date, date_precision=precision, author_count=count, authors=authors, upvotes=f.int_("upvotes"),
        links=links, collections=f.strings("collections"), ids=ids, venue=f.text("venue"),
        key=f.text("key"), kind=f.text("type").lower(), biblio=f.biblio("bib"), keywords=f.strings("keywords"),
        more_authors=f.flag("more_authors"), sources=tuple(sources), auto_tags=f.strings("tags"),
        user_tags=f.strings("my_tags"), vetoed_tags=f.strings("not_tags"),
        notes=_notes(sections.get("Notes", "")), path=shown,
    )
    return paper if f.ok else None


@dataclass(frozen=True, slots=True)
class PageFile:
    """One content page on disk, as the build found it."""

    path: str
    shown: str  # as problems name it
    stamp: tuple[int, int]  # (mtime_ns, size): a page saved later has another


def page_files(content: Path, root: Path, report: Report) -> list[PageFile]:
    """The content pages, by name; a symlink out of the folder is an error, not followed."""
    folder = papers_dir(content)
    try:
        entries = sorted((e for e in os.scandir(folder) if e.name.endswith(".md")), key=lambda e: e.name)
    except OSError:
        return []
    real_root = folder.resolve()
    prefix = shown_path(folder, root) + os.sep
    found = [_page_file(entry.path, prefix + entry.name, real_root, report) for entry in entries]
    return [f for f in found if f is not None]


def page_files_again(last: list[PageFile], changed: Iterable[str], content: Path, root: Path,
                     report: Report) -> list[PageFile] | None:
    """``last`` with only the pages named in ``changed`` looked at again (saved, added or removed).

    For the dev server, whose watcher names the files that changed: a one-page edit need
    not stat ten thousand pages. None when a change is more than a page (the folder
    itself, or a folder above it, was moved or removed): then :func:`page_files`."""
    folder = papers_dir(content)
    real_root = folder.resolve()
    prefix = shown_path(folder, root) + os.sep
    by_path = {f.path: f for f in last}  # as page_files names them: folder/name
    added = False
    for raw in changed:
        path = Path(raw)
        if real_root.is_relative_to(path.resolve()):
            return None
        if not path.name.endswith(".md") or path.parent.resolve() != real_root:
            continue  # a seed, a template, a file in a subfolder: not a page
        named = os.path.join(folder, path.name)
        again = _page_file(named, prefix + path.name, real_root, report)
        if again is None:
            by_path.pop(named, None)
        else:
            added = added or named not in by_path
            by_path[named] = again
    return [by_path[named] for named in sorted(by_path)] if added else list(by_path.values())


def _page_file(path: str, shown: str, real_root: Path, report: Report) -> PageFile | None:
    try:
        if os.path.islink(path) and not Path(path).resolve().is_relative_to(real_root):
            report.error(shown, 0, "symlink out of the content folder; not followed (copy the file instead)")
            return None
        st = os.stat(path)
    except OSError:
        return None
    return PageFile(path, shown, (st.st_mtime_ns, st.st_size))


def read_page(page: PageFile, report: Report) -> Paper | None:
    return load_page(Path(page.path), page.shown, report)
