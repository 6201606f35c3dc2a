"""Hostile input, safe output: bad files give errors a person can act on, and no input
can put script, a dangerous link or a file outside the project into the built site."""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from selectolax.lexbor import LexborHTMLParser

from site_src import abstract as abstract_text
from site_src.cli import main
from site_src.config import Config
from site_src.content.pages import load_page
from site_src.content.write import write_pages
from site_src.errors import BuildError, Report
from site_src.model import CrossLinks, Paper
from site_src.output.write import safe_target
from site_src.slugs import RESERVED
from site_src.sources import read_sources
from site_src.sources.merge import merge_records

from .conftest import DUMP_HEAD, ROOT, dump, run_build

# ------------------------------------------------------------------ the hostile table

LONG_TITLE = "Long " + " ".join(f"word{i}" for i in range(70))  # ~480 characters
ROWS: dict[str, tuple[str, str]] = {  # row id -> (title, abstract), both as a dump holds them
    "script": ("<script>alert('title')</script> Scripted Title", "Abstract <script>alert('abstract')</script> ends."),
    "img": ("Image <img src=x onerror=alert(1)> Title", 'Uses <img src=x onerror=alert(2)> and <a href="javascript:alert(3)">a</a>.'),
    "markdown": ("Stars *a* _b_ [c](d) `e` Title", "At 256*256 with d_{data}, [link](javascript:alert(4)) and *not em* __x__."),
    "latex": (r"Fr\'echet \textbf{Mamba} 44\% Title", r"It is 44\% better, \ie good; \textbf{Bold} ``quoted''."),
    "jinja": ("Braces {{ 7*7 }} {% if true %}x{% endif %} Title", "Printed {{ 7*7 }} and {# not a comment #} as written."),
    "yaml-dash": ("- a: b", "A title that reads as a YAML list."),
    "yaml-anchor": ("&anchor *alias !tag Title", "A title with YAML anchors and tags."),
    "yaml-hash": ("# not a comment: Title", "A title that starts like a YAML comment."),
    "yaml-colon": ("key: value: more", "A title that reads as a YAML mapping."),
    "yaml-bool": ("no", "A title YAML 1.1 reads as false."),
    "yaml-quotes": ("'single' \"double\" | > % @ ` Title", "Quotes and block indicators."),
    "path": ("../../etc/passwd", "A title that looks like a path."),
    "dots": ("../..", "A title of dots and slashes only."),
    "unicode": ("Ünïcödé 深度学习 🚀 Title", "Emoji 🚀🔥 and a right-to-left mark \u202e here."),
    "long": (LONG_TITLE, "A very long title."),
    "alpha": ("α-Net: Vision", "The alpha network."),
    "beta": ("β-Net: Vision", "The beta network."),
    "index": ("Index", "A paper titled like the home page."),
    "search": ("Search", "A paper titled like the search page."),
    "tags": ("Tags", "A paper titled like the tag index."),
    "404": ("404", "A paper titled like the error page."),
    "url": ("Title with javascript:alert(5) in it", "See javascript:alert(6), data:text/html,x and "
            "https://example.org/a_b?x=1&y=2 too."),
}
# what the abstract must show, literally, on the paper's page
SHOWN = {
    "script": ["<script>alert('abstract')</script>"],
    "img": ["<img src=x onerror=alert(2)>", '<a href="javascript:alert(3)">a</a>'],
    "markdown": ["256*256", "d_{data}", "[link](javascript:alert(4))", "*not em* __x__"],
    "latex": ["44% better, i.e. good", "Bold", "\u201cquoted\u201d"],
    "jinja": ["{{ 7*7 }}", "{# not a comment #}"],
    "url": ["javascript:alert(6)", "data:text/html,x", "https://example.org/a_b?x=1&y=2"],
}
NOTES = """<script>alert('notes')</script>
<img src=x onerror=alert(10)>
[js](javascript:alert(11)) [ok](https://example.org/) [mail](mailto:a@example.org) [page](other.md)
<a href="javascript:alert(12)" onclick="alert(13)">raw</a> <a href="  JaVaScRiPt:alert(14)">spaced</a>
<iframe src="javascript:alert(15)"></iframe><object data="x"></object><embed src="x">
<svg onload="alert(16)"><script>alert(17)</script></svg><style>body{display:none}</style>
[upper](JaVaScRiPt:alert(18)) [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxOSk8L3NjcmlwdD4=)
<form action="javascript:alert(20)"><button formaction="javascript:alert(21)">b</button></form>
{{ 7*7 }} and {% raw %} stay as written.
"""
OWN_PAGE = f"""---
title: "<svg onload=alert(8)> Own Page"
slug: own-page
date: 2024-01-02
collections: []
tags: []
my_tags: []
not_tags: []
---

## Abstract

My own paper, with <b>bold</b> in its abstract.

## Notes

{NOTES}"""


def parse(path: Path) -> LexborHTMLParser:
    return LexborHTMLParser(path.read_text(encoding="utf-8"))


def is_safe_url(url: str) -> bool:
    """As a browser reads it: tabs/newlines inside and controls/spaces around are ignored."""
    cleaned = re.sub(r"[\t\n\r]", "", url).strip("".join(map(chr, range(0x21))))
    if cleaned.startswith("//") or cleaned.startswith("\\"):
        return False
    return urlsplit(cleaned).scheme.lower() in ("", "http", "https", "mailto")


URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcset", "background")


def assert_safe_html(path: Path) -> None:
    """No event handler, no dangerous URL, no element that runs or embeds anything, in one page."""
    doc = parse(path)
    for node in doc.css("*"):
        for name, value in node.attributes.items():
            assert not name.lower().startswith("on"), f"{path.name}: <{node.tag} {name}=...>"
            if name.lower() in URL_ATTRIBUTES and value is not None:
                assert is_safe_url(value), f"{path.name}: <{node.tag} {name}={value!r}>"
    assert not doc.css("iframe, object, embed, frame, base, meta[http-equiv]"), path.name
    assert not doc.css("body style, main form[action^=javascript]"), path.name
    for script in doc.css("script"):  # scripts come from the project's assets, never from data
        src = script.attributes.get("src") or ""
        if path.name == "404.html" and not src:  # it stands alone: the project's own files, inlined as they are
            assert script.text() in INLINED, f"{path.name}: inline script"
            continue
        assert re.fullmatch(r"(\.\./)*assets/[\w./-]+\.js", src), f"{path.name}: <script src={src!r}>"
        assert not script.text().strip(), f"{path.name}: inline script"


@pytest.fixture
def build(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """Run the command line in this process (no interpreter start-up): ``build(root, *args)``."""

    def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
        monkeypatch.chdir(root)
        capsys.readouterr()
        code = main(list(args or ("build",)), ROOT)
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(["build.py", *args], code, out, err)

    return run


def write_project(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    (root / "seeds").mkdir(parents=True, exist_ok=True)
    return root


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One site built from every hostile row, plus a hand-written page with hostile notes."""
    root = write_project(tmp_path_factory.mktemp("hostile") / "project", {
        "seeds/hostile.txt": dump(*ROWS.values()),
        "content/papers/own-page.md": OWN_PAGE,
    })
    result = run_build(root, "build")
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture(scope="module")
def by_title(hostile: Path) -> dict[str, dict]:
    return {d["title"]: d for d in json.loads((hostile / "_site/papers.json").read_text(encoding="utf-8"))}


# ------------------------------------------------------------------ safe HTML

@pytest.mark.parametrize("row", list(ROWS))
def test_hostile_title_is_shown_literally_on_its_page(hostile, by_title, row):
    title, _ = ROWS[row]
    shown = " ".join(title.split())
    assert shown in by_title, f"{row}: no paper titled {shown!r}"
    page = parse(hostile / "_site" / by_title[shown]["url"])
    assert page.css_first("h1").text() == shown
    assert page.css_first("title").text().startswith(shown)
    assert_safe_html(hostile / "_site" / by_title[shown]["url"])


@pytest.mark.parametrize("row", list(SHOWN))
def test_hostile_abstract_is_shown_literally(hostile, by_title, row):
    page = parse(hostile / "_site" / by_title[" ".join(ROWS[row][0].split())]["url"])
    text = page.css_first("section.abstract").text()
    for literal in SHOWN[row]:
        assert literal in text, f"{row}: {literal!r} not shown in {text!r}"
    assert "49" not in text  # {{ 7*7 }} is never evaluated


def test_latex_styles_become_markup_not_text(hostile, by_title):
    page = parse(hostile / "_site" / by_title[" ".join(ROWS["latex"][0].split())]["url"])
    assert [n.text() for n in page.css("section.abstract strong")] == ["Bold"]
    assert page.css("section.abstract em") == []


def test_only_web_links_in_abstracts(hostile, by_title):
    page = parse(hostile / "_site" / by_title[ROWS["url"][0]]["url"])
    assert [a.attributes["href"] for a in page.css("section.abstract a")] == ["https://example.org/a_b?x=1&y=2"]


INLINED = {(ROOT / "templates" / name).read_text(encoding="utf-8") for name in ("assets/theme.js", "404-root.js")}


def test_every_built_page_is_safe(hostile):
    pages = sorted((hostile / "_site").rglob("*.html"))
    assert len(pages) > len(ROWS)
    for page in pages:
        assert_safe_html(page)


def test_hostile_notes_are_sanitised(hostile):
    page = parse(hostile / "_site/papers/own-page.html")
    assert page.css_first("h1").text() == "<svg onload=alert(8)> Own Page"
    notes = page.css_first("section.notes")
    assert notes is not None
    assert notes.css("script, img, iframe, object, embed, svg, style, form, button") == []
    hrefs = [a.attributes.get("href") for a in notes.css("a")]
    assert "https://example.org/" in hrefs and "mailto:a@example.org" in hrefs
    assert "other.html" in hrefs  # a link to another page's .md is pointed at its .html
    assert all(h is None or is_safe_url(h) for h in hrefs), hrefs
    assert "{{ 7*7 }} and {% raw %} stay as written." in notes.text()
    assert_safe_html(hostile / "_site/papers/own-page.html")


def test_data_files_hold_no_markup(hostile, by_title):
    site = hostile / "_site"
    project_assets = {p.relative_to(ROOT / "templates") for p in (ROOT / "templates/assets").rglob("*")}
    generated = [p for p in (site / "assets").rglob("*.js") if p.relative_to(site) not in project_assets]
    assert any(p.name.startswith("search-") for p in generated), generated
    for path in generated:
        text = path.read_text(encoding="utf-8")
        assert "<" not in text, f"{path.name} holds a raw '<'"
    for title in (" ".join(t.split()) for t, _ in ROWS.values()):
        assert title in by_title  # papers.json still gives every title exactly
    text = (site / "papers.json").read_text(encoding="utf-8")
    assert "</script" not in text.lower()
    assert "<" not in text, "papers.json holds a raw '<' (escape it as \\u003c)"


def test_yaml_specials_survive_the_content_page(hostile):
    pages = {}
    for path in (hostile / "content/papers").glob("*.md"):
        report = Report()
        paper = load_page(path, path.name, report)
        assert paper is not None and not report.problems, [str(p) for p in report.problems]
        pages[paper.title] = paper
    for row in ("yaml-dash", "yaml-anchor", "yaml-hash", "yaml-colon", "yaml-bool", "yaml-quotes", "jinja", "path"):
        assert " ".join(ROWS[row][0].split()) in pages, row


# ------------------------------------------------------------------ safe slugs and paths

def test_slugs_are_safe_short_and_never_reserved(hostile, by_title):
    for title, item in by_title.items():
        slug = item["slug"]
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), (title, slug)
        assert len(slug.encode()) <= 100, slug
        assert slug not in RESERVED and slug not in {"index", "search", "tags", "404"}
        assert item["url"] == f"papers/{slug}.html"
    assert parse(hostile / "_site/index.html").css_first("h1") is not None
    assert parse(hostile / "_site/search.html").css_first("#q") is not None


def test_titles_that_slugify_alike_get_distinct_stable_slugs(hostile, by_title):
    alpha, beta = by_title[ROWS["alpha"][0]]["slug"], by_title[ROWS["beta"][0]]["slug"]
    assert alpha != beta
    assert alpha.startswith("net-vision") and beta.startswith("net-vision")
    # the same slugs whatever order the records come in
    records = read_sources(Config(root=hostile), Report())
    forward = {p.title: p.slug for p in merge_records(records, Report())}
    backward = {p.title: p.slug for p in merge_records(records[::-1], Report())}
    assert forward == backward
    assert forward[ROWS["alpha"][0]] == alpha


def test_path_like_titles_write_nothing_outside(hostile, by_title):
    allowed = ("seeds/", "content/papers/", "_site/")
    for path in hostile.rglob("*"):
        rel = path.relative_to(hostile).as_posix()
        assert path.is_dir() or rel.startswith(allowed) or rel.startswith(".cache/"), rel
    assert sorted(p.name for p in hostile.parent.iterdir()) == ["project"]
    assert by_title["../../etc/passwd"]["url"] == "papers/etc-passwd.html"


@pytest.mark.parametrize("rel", ["../x.html", "/etc/passwd", "a/../../x", "a\\..\\x", "", "a/\x00b"])
def test_output_refuses_paths_outside_the_folder(tmp_path, rel):
    with pytest.raises(BuildError):
        safe_target(tmp_path, rel)


def test_output_refuses_a_symlink_out_of_the_folder(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "out/papers").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(BuildError):
        safe_target(tmp_path / "out", "papers/x.html")


def test_the_site_writer_refuses_what_safe_target_refuses_in_a_folder_it_already_checked(tmp_path):
    """The writer checks each folder once; a later file in it is still never written through
    a symlink nor outside, and a file written twice holds the last bytes."""
    from site_src.output.write import FileWriter

    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    writer = FileWriter(out)
    assert writer.write([("papers/a.html", b"a"), ("index.html", b"i"), ("papers/a.html", b"again")]) == 3
    assert (out / "papers/a.html").read_bytes() == b"again" and (out / "index.html").read_bytes() == b"i"
    (out / "papers/link.html").symlink_to(elsewhere / "stolen.html")
    for rel in ("papers/link.html", "papers/..", "papers/../../x.html", "papers/a\\..\\x", "papers/\x00b"):
        with pytest.raises(BuildError):
            writer.write([(rel, b"x")])
    assert not list(elsewhere.iterdir()) and not (tmp_path / "x.html").exists()
    assert writer.write([("papers/b.html", b"b")]) == 1 and (out / "papers/b.html").read_bytes() == b"b"


def test_content_pages_never_written_outside(tmp_path):
    report = Report()
    written = write_pages([Paper(slug="../../escaped", title="x", abstract="y")], CrossLinks(),
                          tmp_path / "content", report)
    assert written == 0 and report.errors
    assert not list(tmp_path.rglob("escaped*"))


def test_unsafe_slugs_and_symlinks_in_content_are_errors(make_site, tmp_path, build):
    outside = tmp_path / "outside.md"
    outside.write_text("---\ntitle: Outside\n---\n\n## Abstract\n\nx\n", encoding="utf-8")
    page = "---\ntitle: T\nslug: {slug}\n---\n\n## Abstract\n\nx\n"
    root = make_site({
        "content/papers/escape.md": page.format(slug="../../escape"),
        "content/papers/index.md": "---\ntitle: Home\n---\n\n## Abstract\n\nx\n",
        "content/papers/Bad Name.md": "---\ntitle: Bad\n---\n\n## Abstract\n\nx\n",
    })
    (root / "content/papers/linked.md").symlink_to(outside)
    result = build(root, "build")
    assert result.returncode == 1
    err = result.stderr
    assert re.search(r"^content/papers/escape\.md:3: field 'slug': '\.\./\.\./escape' does not match", err, re.M), err
    assert re.search(r"^content/papers/index\.md:\d+: field 'slug': 'index' is not a safe slug", err, re.M), err
    assert re.search(r"^content/papers/Bad Name\.md:\d+: field 'slug'", err, re.M), err
    assert re.search(r"^content/papers/linked\.md: symlink out of the content folder; not followed", err, re.M), err
    assert "Traceback" not in err
    assert not (root / "_site").exists()


# ------------------------------------------------------------------ errors a person can act on

PROBLEM_LINE = re.compile(r"^(?P<path>[^:\n]+?)(?::(?P<line>\d+))?: (?P<warning>warning: )?(?P<msg>.+\(.+\).*)$")


def problems_of(stderr: str) -> dict[tuple[str, int], str]:
    out = {}
    for line in stderr.splitlines():
        if m := PROBLEM_LINE.match(line):
            out[(m["path"], int(m["line"] or 0))] = m["msg"]
    return out


BAD_FRONT = """---
title: no
date: tomorrow
authors: [Ann, [Bob]]
collections: just-one-is-fine
code: javascript:alert(1)
tags: {a: b}
---

## Abstract

An abstract.
"""


def test_every_problem_is_named_at_once_without_a_traceback(make_site, build):
    bad_seed = (DUMP_HEAD + "Good Paper\n\nIt is good.\n\nGlued Title\nIts abstract, with no blank line.\n\n"
                "Next Paper\n\nFine.\n\nOrphan Title\n")
    dated = dump(("Dated Paper", "Has a date.", "  \u2022 2 authors\n\u00b7\nFeb 30, 2024"))
    root = make_site({
        "seeds/a.txt": bad_seed,
        "seeds/b.txt": b"new\n\nFine Title\n\nAbstract \xff here.\n",
        "seeds/c.txt": dated,
        "content/papers/mine.md": BAD_FRONT,
    })
    result = build(root, "build")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    found = problems_of(result.stderr)
    lines = bad_seed.split("\n")
    glued = lines.index("Glued Title") + 1
    orphan = lines.index("Orphan Title") + 1
    expect = {
        ("seeds/a.txt", glued): "one-line title",
        ("seeds/a.txt", orphan): "has no abstract",
        ("seeds/b.txt", 5): "invalid UTF-8 (byte 0xff)",
        ("seeds/c.txt", dated.split("\n").index("Feb 30, 2024") + 1): "not a real day",
        ("content/papers/mine.md", 2): "field 'title': must be text, got bool",
        ("content/papers/mine.md", 3): "field 'date': 'tomorrow' is not a date",
        ("content/papers/mine.md", 4): "field 'authors'",
        ("content/papers/mine.md", 6): "field 'code': 'javascript:alert(1)' is not a web address",
        ("content/papers/mine.md", 7): "field 'tags': must be a list",
    }
    for where, words in expect.items():
        assert where in found and words in found[where], f"{where}: {words!r} not in\n{result.stderr}"
    summary = next(line for line in result.stderr.splitlines() if "records read" in line)
    assert "records rejected: 2" in summary and "records merged: 0" in summary, summary
    assert re.search(r"build failed: \d+ problems", result.stderr)


def test_debug_shows_the_traceback(make_site):
    root = make_site({"content/papers/mine.md": BAD_FRONT})
    result = run_build(root, "build", "--debug")
    assert result.returncode == 1
    assert "Traceback" in result.stderr and "content/papers/mine.md:2:" in result.stderr


def test_summary_counts_records_read_merged_and_pages_written(make_site, build):
    root = make_site({"seeds/a.txt": dump(("Same Paper", "One."), ("Other Paper", "Two.")),
                      "seeds/b.txt": dump(("Same  paper", "One."))})
    result = build(root, "build")
    assert result.returncode == 0, result.stderr
    summary = next(line for line in result.stderr.splitlines() if "records read" in line)
    for words in ("records read: 3", "records merged: 1", "records rejected: 0", "pages written: 2"):
        assert words in summary, summary


# ------------------------------------------------------------------ safe YAML

def test_yaml_tags_in_front_matter_are_refused_never_run(make_site, tmp_path, build):
    marker = tmp_path / "PWNED"
    root = make_site({"content/papers/evil.md":
                      f"---\ntitle: Evil\nslug: !!python/object/apply:os.system ['touch {marker}']\n---\n\nx\n"})
    result = build(root, "build")
    assert result.returncode == 1
    assert re.search(r"^content/papers/evil\.md:3: YAML tag '!!python/object/apply:os.system' is not allowed",
                     result.stderr, re.M), result.stderr
    assert "Traceback" not in result.stderr
    assert not marker.exists()


def test_yaml_tags_in_site_yaml_are_refused_never_run(make_site, tmp_path, build):
    marker = tmp_path / "PWNED"
    root = make_site({"site.yaml": f"title: Survey\nauthor: !!python/object/apply:os.system ['touch {marker}']\n"})
    result = build(root, "build")
    assert result.returncode == 1
    assert re.search(r"site\.yaml:2: YAML tag '!!python/object/apply:os.system' is not allowed", result.stderr)
    assert not marker.exists() and "Traceback" not in result.stderr


def test_a_date_that_is_no_real_day_is_named_not_a_crash(make_site, build):
    root = make_site({"content/papers/mine.md": "---\ntitle: Mine\ndate: 2024-02-30\n---\n\nx\n",
                      "site.yaml": "title: Survey\ncollections:\n  a: {year: 2024-13-01}\n"})
    result = build(root, "build")
    assert result.returncode == 1
    assert re.search(r"site\.yaml:3: '2024-13-01' is not a real date", result.stderr), result.stderr
    (root / "site.yaml").unlink()
    result = build(root, "build")
    assert result.returncode == 1
    assert re.search(r"^content/papers/mine\.md:3: '2024-02-30' is not a real date", result.stderr, re.M), result.stderr


def test_site_yaml_fields_of_the_wrong_kind_are_named(make_site, build):
    root = make_site({"site.yaml": "title: no\nurl: [a, b]\ncollections:\n  list:\n    year: tomorrow\n"
                                   "    title: [x]\nseeds: 3\n"})
    result = build(root, "build")
    assert result.returncode == 1
    found = problems_of(result.stderr)
    for line, words in {1: "'title' must be text", 2: "'url' must be text", 5: "'year' must be a year",
                        6: "'title' must be text", 7: "'seeds' must be a folder"}.items():
        key = next((k for k in found if k[0].endswith("site.yaml") and k[1] == line), None)
        assert key and words in found[key], f"line {line}: {words!r} not in\n{result.stderr}"


# ------------------------------------------------------------------ encodings

CLEAN = dump(("Caf\u00e9 Models: \u00dcber Alles", "They work \u2014 mostly."),
             ("Second Paper", "Another abstract with 256*256.", "  \u2022 3 authors\n\u00b7\nJul 17, 2023 4"),
             ("Third Paper", "Ends here."))


def _variants() -> dict[str, bytes]:
    lf = CLEAN.encode("utf-8")
    lines = CLEAN.split("\n")
    mixed = "".join(line + ("\r\n", "\n", "\r")[i % 3] for i, line in enumerate(lines[:-1])) + lines[-1]
    return {"lf": lf, "bom": b"\xef\xbb\xbf" + lf, "crlf": CLEAN.replace("\n", "\r\n").encode("utf-8"),
            "bom-crlf": b"\xef\xbb\xbf" + CLEAN.replace("\n", "\r\n").encode("utf-8"), "mixed": mixed.encode("utf-8")}


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_bom_and_line_endings_give_the_same_site(tmp_path, build):
    roots = {name: write_project(tmp_path / name, {"seeds/list.txt": data}) for name, data in _variants().items()}
    results = {name: build(root) for name, root in roots.items()}
    for name, result in results.items():
        assert result.returncode == 0, (name, result.stderr)
        assert "warning" not in result.stderr, (name, result.stderr)
    clean = roots.pop("lf")
    content, papers = _tree(clean / "content"), (clean / "_site/papers.json").read_bytes()
    assert len(content) == 3
    for name, root in roots.items():
        assert _tree(root / "content") == content, name
        assert (root / "_site/papers.json").read_bytes() == papers, name


def test_empty_and_binary_seed_files_are_named_and_skipped(make_site, build):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    root = make_site({"seeds/good.txt": dump(("Good Paper", "It is good.")), "seeds/empty.txt": "",
                      "seeds/blank.txt": "\n \r\n\t\n", "seeds/picture.txt": png})
    result = build(root, "build")
    assert result.returncode == 0, result.stderr
    found = problems_of(result.stderr)
    assert "empty seed file" in found[("seeds/empty.txt", 0)]
    assert "empty seed file" in found[("seeds/blank.txt", 0)]
    assert "not a text file" in found[("seeds/picture.txt", 0)]
    assert [d["title"] for d in json.loads((root / "_site/papers.json").read_text())] == ["Good Paper"]
    assert build(root, "build", "--strict").returncode == 1  # warnings fail a strict build


def test_a_stray_file_of_unknown_kind_is_named(make_site, build):
    root = make_site({"seeds/good.txt": dump(("Good Paper", "It is good.")), "seeds/photo.png": b"\x89PNG\x00"})
    result = build(root, "build")
    assert result.returncode == 0, result.stderr
    assert ("seeds/photo.png", 0) in problems_of(result.stderr), result.stderr


def test_abstract_html_is_escaped_for_every_row():
    for _, text in ROWS.values():
        html = LexborHTMLParser(f"<p>{abstract_text.to_html(text)}</p>")
        assert html.css("script, img") == []
        assert all(is_safe_url(a.attributes.get("href") or "") for a in html.css("a"))


def test_reader_never_sees_a_bom_as_text(tmp_path):
    path = tmp_path / "seeds/list.txt"
    path.parent.mkdir()
    path.write_bytes(b"\xef\xbb\xbf" + dump(("First Paper", "x")).encode())
    records = read_sources(Config(root=tmp_path), Report())
    assert [r.title for r in records] == ["First Paper"]


def test_a_seed_file_name_with_specials_gives_working_links(make_site, build):
    root = make_site({"seeds/my list #1 <b>.txt": dump(("A Paper", "Its abstract."))})
    result = build(root, "check")
    assert result.returncode == 0, result.stderr
    assert all(re.fullmatch(r"[a-z0-9-]+\.(html|bib)", p.name) for p in (root / "_site/collections").iterdir())
