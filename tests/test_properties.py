"""Property tests: random records and random bytes through the readers, and the content
page round trip (abstract -> Markdown page -> abstract) for any text."""
from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from site_src.abstract import plain
from site_src.config import Config, load_config
from site_src.content.pages import load_page
from site_src.content.write import markdown_of, write_pages
from site_src.errors import BuildError, Report
from site_src.model import CrossLinks, Paper, SourceRef
from site_src.sources import dailypapers
from site_src.sources.dailypapers import FURNITURE, _is_meta

from .conftest import dump

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Tokens that mean something to Markdown, HTML, YAML, Jinja, LaTeX or the URL finder.
SPECIALS = ["*", "_", "[", "]", "(", ")", "<", ">", "&", "&amp;", "&lt;", "#", "-", "+", "=", "|", "~", "$",
            "`", "``", "''", "'", '"', "\\", "\\\\", "\\textbf{", "\\emph{", "}", "{", "\\%", "\\ie", "\\'e",
            "--", "---", ": ", "- ", "? ", "! ", "%", "@", "{{ 7*7 }}", "{%", "<script>", "</script>",
            "<img src=x onerror=alert(1)>", "javascript:alert(1)", "https://example.org/a_b?x=1&y=2",
            "github.com/a_b/c", "www.example.org", "1. ", "2019.", "## ", "---\n", "\u2028", "\ufeff",
            "é", "深度", "🚀", "\u202e", " ", "  ", "\t"]
# Any character but the ones that end a line or make a file binary.
CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r\x00")
TEXT = st.lists(st.one_of(st.sampled_from(SPECIALS), st.text(CHARS, max_size=8)), max_size=20).map("".join)


def one_line(text: str) -> str:
    return " ".join(text.replace("\n", " ").split())


def usable(text: str) -> bool:
    """A title or abstract the dump format can hold: not blank, not a metadata or header line."""
    return bool(text) and not _is_meta([text]) and text.lower() not in FURNITURE and len(text) <= 400


RECORD = st.tuples(TEXT.map(one_line), TEXT.map(one_line)).filter(lambda r: usable(r[0]) and usable(r[1]))


@contextmanager
def project() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="prop-") as folder:
        yield Path(folder)


@SETTINGS
@given(st.lists(RECORD, min_size=1, max_size=6))
def test_the_dump_reader_keeps_every_record(records):
    with project() as root:
        (root / "seeds").mkdir()
        path = root / "seeds/list.txt"
        path.write_text(dump(("Anchor Paper", "An abstract."), *records), encoding="utf-8")
        report = Report()
        got = dailypapers.read(path, "seeds/list.txt", Config(root=root), report)
        assert not report.errors, [str(p) for p in report.problems]
        assert [(r.title, r.abstract) for r in got] == [("Anchor Paper", "An abstract."), *records]


RANDOM_FILE = st.one_of(
    st.binary(max_size=400),
    TEXT.map(lambda t: t.encode("utf-8")),
    st.lists(st.one_of(TEXT, st.sampled_from(["\n", "\n\n", "\r\n", "---", "title: x", "Jul 17, 2023 1",
                                              "  \u2022 3 authors", "\u00b7", "Mar 11", "new", "slug: a",
                                              "date: 2024-02-30", "n: 0000-00-00", "- [", "&a", "*a", "!!set"])),
             max_size=30).map(lambda parts: "".join(parts).encode("utf-8")),
)


@SETTINGS
@given(RANDOM_FILE)
def test_random_bytes_give_problems_never_exceptions(data):
    with project() as root:
        for rel in ("seeds/list.txt", "content/papers/page.md", "site.yaml"):
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(data)
        report = Report()
        records = dailypapers.read(root / "seeds/list.txt", "seeds/list.txt", Config(root=root), report)
        assert all(r.title and r.abstract for r in records)
        page = load_page(root / "content/papers/page.md", "content/papers/page.md", report)
        assert page is not None or report.errors  # a rejected page always says why
        try:
            load_config(root / "site.yaml", root)
        except BuildError as exc:
            assert exc.problems and all(str(p).startswith(str(root / "site.yaml")) for p in exc.problems)


NOTES = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x00"), max_size=120)


@SETTINGS
@given(title=TEXT.map(one_line).filter(bool), abstract=TEXT.map(one_line), notes=NOTES.map(lambda n: n.strip("\n")))
def test_content_page_round_trip(title, abstract, notes):
    assume(not notes.startswith("<!--"))
    with project() as root:
        paper = Paper(slug="p", title=title, abstract=abstract, sources=(SourceRef("seeds/list.txt", 11),),
                      collections=("list",), notes=notes)
        content = root / "content"
        assert write_pages([paper], CrossLinks(), content, Report()) == 1
        page = content / "papers/p.md"
        report = Report()
        loaded = load_page(page, "p.md", report)
        assert loaded is not None, [str(p) for p in report.problems]
        assert loaded.title == title
        assert plain(loaded.abstract) == plain(abstract)
        assert loaded.notes == notes
        # the user's notes survive a re-ingest, and writing again changes no byte
        again = replace(paper, notes=loaded.notes)
        assert write_pages([again], CrossLinks(), content, Report()) == 0
        # a hand-written page (no sources) settles after one rewrite: its abstract reads back as written
        own = replace(loaded, sources=())
        first = markdown_of(own)
        page.write_text(first, encoding="utf-8")
        reread = load_page(page, "p.md", Report())
        assert reread is not None and markdown_of(reread) == first


DATES = st.one_of(st.none(), st.dates(dt.date(1000, 1, 1), dt.date(9999, 12, 31)))
WORDS = st.lists(TEXT.map(one_line).filter(bool), max_size=3).map(tuple)
URLS = st.lists(st.sampled_from(["https://github.com/a/b", "http://x.org/a_b?c=1&d=2", " https://e.org/x ",
                                 "javascript:alert(1)", "ftp://x.org/f", "https://x.org/<b>"]), max_size=2)


@SETTINGS
@given(title=TEXT, abstract=st.one_of(TEXT, NOTES), notes=NOTES, date=DATES,
       precision=st.sampled_from(["day", "month", "year"]), authors=WORDS, count=st.one_of(st.none(), st.integers(0, 99)),
       venue=TEXT, keywords=WORDS, tags=WORDS, mine=WORDS, vetoed=WORDS, urls=URLS,
       ids=st.lists(st.tuples(st.sampled_from(["doi", "arxiv"]), TEXT), max_size=2, unique_by=lambda i: i[0]),
       biblio=st.lists(st.tuples(st.sampled_from(["volume", "pages", "publisher"]), TEXT), max_size=2,
                       unique_by=lambda b: b[0]), more=st.booleans(), upvotes=st.one_of(st.none(), st.integers(0, 9999)))
def test_a_page_as_written_is_the_page_as_read_back(title, abstract, notes, date, precision, authors, count, venue,
                                                    keywords, tags, mine, vetoed, urls, ids, biblio, more, upvotes):
    """The build keeps each page it wrote as :func:`page_as_written` gives it, without reading
    it back: for any text (Markdown, YAML and HTML specials, several lines, a heading in the
    abstract), that must be what reading the file gives."""
    from site_src.content.pages import page_as_written
    from site_src.content.write import front_of, page_path
    from site_src.model import Link

    kinds = ["code", "project", "pdf"]
    paper = Paper(slug="p", title=title, abstract=abstract, notes=notes, date=date, date_precision=precision,
                  authors=authors, author_count=count if not authors else len(authors), venue=venue,
                  keywords=keywords, auto_tags=tags, user_tags=mine, vetoed_tags=vetoed, ids=tuple(ids),
                  links=tuple(Link(kinds[i % 3], url) for i, url in enumerate(urls)), biblio=tuple(biblio),
                  more_authors=more, upvotes=upvotes, sources=(SourceRef("seeds/list.txt", 11),), collections=("list",))
    with project() as root:
        content = root / "content"
        write_pages([paper], CrossLinks(), content, Report())
        target = page_path(content, "p")
        text = target.read_text(encoding="utf-8")
        assert text == markdown_of(paper)
        known = page_as_written(front_of(paper), text, target, "content/papers/p.md")
        read = load_page(target, "content/papers/p.md", Report())
        assert known == read  # both None when the page has a problem (a javascript: link)
