"""Content pages: readable Markdown, idempotent ingest, the user's edits survive."""
from __future__ import annotations

import re
from pathlib import Path

import markdown
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from site_src import abstract as abstract_text

from .conftest import ROOT, dump, run_build

HOSTILE = (r"MedViTV2 is 44\% more accurate, \ie better; ``open-domain'' data, Fr\'echet distance, "
           r"\textbf{Mamba} blocks at 256*256 with d_{data} and z>1, see github.com/a_b_c/x_y_z")


def test_abstract_markdown_reads_as_a_reader_expects():
    html = markdown.markdown(abstract_text.to_markdown(HOSTILE))
    text = HTMLParser(html).body.text()
    assert "44% more accurate, i.e. better" in text
    assert "\u201copen-domain\u201d" in text and "Fréchet" in text
    assert "256*256" in text and "d_{data}" in text and "z>1" in text
    tree = HTMLParser(html)
    assert [n.text() for n in tree.css("strong")] == ["Mamba"]
    assert tree.css("em") == []  # no stray emphasis from * or _
    assert [a.attributes["href"] for a in tree.css("a")] == ["https://github.com/a_b_c/x_y_z"]


def test_site_html_of_the_abstract_matches_its_markdown():
    md_html = HTMLParser(markdown.markdown(abstract_text.to_markdown(HOSTILE))).body.text()
    site_html = HTMLParser(abstract_text.to_html(HOSTILE)).body.text()
    assert md_html.strip() == site_html.strip()


def _project(make_site, text: str) -> Path:
    return make_site({"seeds/list.txt": text})


def test_ingest_twice_changes_no_byte(make_site):
    root = _project(make_site, dump(("Alpha: A Model", "Alpha does things at 256*256."), ("Beta", "Beta beats Alpha.")))
    assert run_build(root, "ingest").returncode == 0
    pages = {p.name: p.read_bytes() for p in (root / "content/papers").glob("*.md")}
    mtimes = {p.name: p.stat().st_mtime_ns for p in (root / "content/papers").glob("*.md")}
    assert sorted(pages) == ["alpha-a-model.md", "beta.md"]
    assert run_build(root, "ingest").returncode == 0
    assert {p.name: p.read_bytes() for p in (root / "content/papers").glob("*.md")} == pages
    assert {p.name: p.stat().st_mtime_ns for p in (root / "content/papers").glob("*.md")} == mtimes


def test_notes_and_my_tags_survive_reingest(make_site):
    root = _project(make_site, dump(("Alpha: A Model", "Alpha does things.")))
    assert run_build(root, "ingest").returncode == 0
    page = root / "content/papers/alpha-a-model.md"
    text = page.read_text()
    text = text.replace("my_tags: []", "my_tags:\n- favourite").replace(
        "survives a re-ingest. -->\n", "survives a re-ingest. -->\n\nI read this twice. See [beta](beta.md).\n\n### Aside\n\nStill mine.\n")
    page.write_text(text)
    # the source changes: a new abstract; the user's parts must stay
    (root / "seeds/list.txt").write_text(dump(("Alpha: A Model", "Alpha does better things.")))
    assert run_build(root, "ingest").returncode == 0
    after = page.read_text()
    assert "Alpha does better things." in after
    assert "my_tags:\n- favourite" in after
    assert "I read this twice. See [beta](beta.md).\n\n### Aside\n\nStill mine.\n" in after


def test_a_hand_written_page_is_built(make_site):
    page = ("---\ntitle: My own paper\nslug: my-own-paper\ndate: 2024-05-01\nmy_tags: [mine]\n---\n\n"
            "## Abstract\n\nWritten by hand.\n\n## Notes\n\nGreat.\n")
    root = make_site({"content/papers/my-own-paper.md": page})
    result = run_build(root, "build")
    assert result.returncode == 0, result.stderr
    html = HTMLParser((root / "_site/papers/my-own-paper.html").read_text())
    assert html.css_first("h1").text() == "My own paper"
    assert "Written by hand." in html.css_first(".abstract").text()
    assert html.css_first(".notes").text().strip().endswith("Great.")
    assert (root / "content/papers/my-own-paper.md").read_text().count("Great.") == 1


def test_bad_front_matter_is_named_with_file_and_line(make_site):
    page = "---\ntitle: no\nslug: bad-page\ndate: tomorrow\nauthors: [1, [2]]\n---\n\nbody\n"
    root = make_site({"content/papers/bad-page.md": page})
    result = run_build(root, "build")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert any(re.match(r"content/papers/bad-page.md:2: field 'title': must be text", l) for l in lines), lines
    assert any(re.match(r"content/papers/bad-page.md:4: field 'date': 'tomorrow' is not a date", l) for l in lines), lines


def test_seed_pages_are_committed_and_match_a_fresh_ingest(seeds_site):
    """content/ in the repository is what ingest makes of seeds/ (so it browses on GitHub)."""
    fresh = {p.name: p.read_bytes() for p in (seeds_site / "content/papers").glob("*.md")}
    committed = {p.name: p.read_bytes() for p in (ROOT / "content/papers").glob("*.md")}
    assert len(fresh) == 319
    assert sorted(fresh) == sorted(committed)
    stale = sorted(name for name in fresh if fresh[name] != committed[name])
    assert not stale, f"{len(stale)} committed pages differ from a fresh build (e.g. {stale[0]}): run make site"


def test_cross_links_in_content_are_relative_md_links(seeds_site):
    for page in (seeds_site / "content/papers").glob("*.md"):
        for target in re.findall(r"\]\(([^)]+)\)", page.read_text()):
            if "://" in target:
                continue
            assert target.endswith(".md") and "/" not in target, (page.name, target)
            assert (page.parent / target).exists(), (page.name, target)


def test_a_page_the_build_wrote_is_known_as_it_reads_back(tmp_path: Path):
    """The build remembers each page it wrote as reading it back would give it (so the next
    build need not parse 10,000 pages it wrote itself): checked on every seed paper, plus a
    library export with authors, venue, ids, keywords and bibliographic fields."""
    import shutil

    from site_src.cache.memo import Memo
    from site_src.config import load_config
    from site_src.content.pages import load_page
    from site_src.errors import Report
    from site_src.pipeline import build_site

    from .conftest import SEEDS

    root = tmp_path / "p"
    shutil.copytree(SEEDS, root / "seeds")
    shutil.copy(ROOT / "taxonomy.yaml", root / "taxonomy.yaml")
    (root / "seeds/library.bib").write_text(
        "@inproceedings{doe2023mamba,\n  title = {{MambaSeg}: Selective Scans for {Medical} Segmentation},\n"
        "  author = {Doe, Jane and M{\\\"u}ller, Max and others},\n  booktitle = {Proc. MICCAI},\n"
        "  year = {2023}, month = mar, pages = {12--20}, doi = {10.1000/xyz-1},\n"
        "  eprint = {2301.01234}, archivePrefix = {arXiv}, keywords = {mamba; segmentation, CT},\n"
        "  abstract = {We scan CT volumes with a state space model: $O(n)$ cost, 3\\% better Dice.},\n"
        "  url = {https://github.com/doe/mambaseg}\n}\n", encoding="utf-8")
    memo = Memo()
    report = Report()
    build_site(load_config(None, root), report, memo=memo)
    assert not report.errors, report.errors
    known = memo.entries["page"]
    pages = sorted((root / "content/papers").glob("*.md"))
    assert len(pages) == 320
    for page in pages:
        st = page.stat()
        entry = known[f"{page}|{st.st_mtime_ns}|{st.st_size}"]
        read = load_page(page, f"content/papers/{page.name}", Report())
        assert read is not None and entry.value == read, page.name


def test_looking_again_at_the_pages_a_watcher_names_equals_a_full_scan(tmp_path):
    """The dev server restats only the files its watcher named; the list must be what a scan finds."""
    import os
    import time

    from site_src.content.pages import page_files, page_files_again
    from site_src.errors import Report

    content = tmp_path / "content"
    folder = content / "papers"
    folder.mkdir(parents=True)
    for name in ("b.md", "d.md", "f.md"):
        (folder / name).write_text(f"---\ntitle: {name}\n---\n", encoding="utf-8")
    report = Report()
    last = page_files(content, tmp_path, report)
    time.sleep(0.01)
    (folder / "d.md").write_text("---\ntitle: d, edited\n---\n", encoding="utf-8")  # saved
    (folder / "a.md").write_text("---\ntitle: a\n---\n", encoding="utf-8")  # added
    (folder / "f.md").unlink()  # removed
    (folder / "notes.txt").write_text("not a page", encoding="utf-8")
    (tmp_path / "outside.md").write_text("---\ntitle: out\n---\n", encoding="utf-8")
    os.symlink(tmp_path / "outside.md", folder / "link.md")  # a symlink out: an error, as in a scan
    named = [str(folder / n) for n in ("d.md", "a.md", "f.md", "notes.txt", "link.md")] + [str(tmp_path / "x.txt")]
    again = page_files_again(last, named, content, tmp_path, report)
    scan_report = Report()
    assert again == page_files(content, tmp_path, scan_report)
    assert [p.path.rsplit(os.sep, 1)[1] for p in again] == ["a.md", "b.md", "d.md"]
    assert [e.message for e in report.errors] == [e.message for e in scan_report.errors] and report.errors
    # the folder itself moved or removed: not a page's change, so a full scan instead
    assert page_files_again(last, [str(folder)], content, tmp_path, report) is None
    assert page_files_again(last, [str(content)], content, tmp_path, report) is None
