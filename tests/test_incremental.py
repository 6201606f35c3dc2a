"""Incremental builds give exactly the bytes of a clean build, and redo only what changed."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from site_src.config import load_config
from site_src.errors import Report
from site_src.pipeline import build_site

from .conftest import ROOT, SEEDS, dump, run_build


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "p"
    root.mkdir()
    shutil.copytree(SEEDS, root / "seeds")
    for name in ("site.yaml", "taxonomy.yaml"):
        shutil.copy(ROOT / name, root / name)
    return root


def _build(root: Path, clean: bool = False) -> tuple[Report, object]:
    report = Report()
    result = build_site(load_config(None, root), report, clean=clean)
    return report, result


def _clean_copy(root: Path, tmp: Path) -> Path:
    """The same inputs (seeds and content as they are now), built from scratch elsewhere."""
    other = tmp / "clean"
    shutil.rmtree(other, ignore_errors=True)
    other.mkdir()
    for name in ("seeds", "content"):
        shutil.copytree(root / name, other / name)
    for name in ("site.yaml", "taxonomy.yaml"):
        shutil.copy(root / name, other / name)
    _build(other, clean=True)
    return other


def test_no_change_rebuild_writes_nothing(project: Path):
    _build(project)
    before = {p: p.stat().st_mtime_ns for p in (project / "_site").rglob("*") if p.is_file()}
    report, result = _build(project)
    assert "nothing changed since the last build" in report.notes
    assert result.files == 0  # type: ignore[attr-defined]
    assert {p: p.stat().st_mtime_ns for p in (project / "_site").rglob("*") if p.is_file()} == before


def test_edits_rebuild_few_files_and_match_a_clean_build(project: Path, tmp_path: Path):
    _build(project)
    pages = project / "content/papers"
    # 1. notes: only the paper's own page changes
    rsmamba = pages / "rsmamba-remote-sensing-image-classification-with-state-space-model.md"
    rsmamba.write_text(rsmamba.read_text() + "\nRead this first.\n")
    report, result = _build(project)
    assert any(n.startswith("incremental: 1 outputs") for n in report.notes), report.notes
    assert result.files == 1  # type: ignore[attr-defined]
    assert _tree(project / "_site") == _tree(_clean_copy(project, tmp_path) / "_site")
    # 2. a tag added by hand: tag pages, lists, search and data files follow
    convnext = pages / "a-convnet-for-the-2020s.md"
    convnext.write_text(convnext.read_text().replace("my_tags: []", "my_tags:\n- survey"))
    report, result = _build(project)
    assert any(n.startswith("incremental:") for n in report.notes), report.notes
    assert 1 < result.files < 100  # type: ignore[attr-defined]
    clean = _clean_copy(project, tmp_path)
    assert _tree(project / "_site") == _tree(clean / "_site")
    assert _tree(project / "content") == _tree(clean / "content")
    # 3. a source changes an abstract: search, cross-links and lists follow
    seed = project / "seeds/000_a7c0a9eec9c0c9d6.txt"
    text = seed.read_text()
    old = "Remote sensing image classification forms the foundation of various understanding tasks"
    assert old in text
    seed.write_text(text.replace(old, "Remote sensing image classification, the base of understanding, uses Mamba"))
    report, _ = _build(project)
    assert any(n.startswith("incremental:") for n in report.notes), report.notes
    clean = _clean_copy(project, tmp_path)
    assert _tree(project / "_site") == _tree(clean / "_site")
    assert _tree(project / "content") == _tree(clean / "content")


def test_a_template_change_rebuilds_everything(project: Path, tmp_path: Path):
    _build(project)
    templates = project / "mytemplates"
    templates.mkdir()
    (templates / "404.html").write_text("{% extends 'base.html' %}{% block main %}<h1>Gone</h1>{% endblock %}")
    (project / "site.yaml").write_text((project / "site.yaml").read_text() + "\ntemplates: mytemplates\n")
    report, result = _build(project)
    assert not any(n.startswith("incremental:") for n in report.notes)
    assert "<h1>Gone</h1>" in (project / "_site/404.html").read_text()


def test_adding_and_removing_a_paper_is_incremental_and_matches_a_clean_build(project: Path, tmp_path: Path):
    _build(project)
    pages = {p: p.stat().st_mtime_ns for p in (project / "_site").rglob("*.html")}
    seed = project / "seeds/000_a7c0a9eec9c0c9d6.txt"
    original = seed.read_text()
    seed.write_text(original + "\n\nA Brand New Benchmark For Lunar Crater Counting\n\nWe count craters on the moon "
                    "with a vision transformer and release a dataset of lunar images.\n\n")
    report, result = _build(project)
    assert any(n.startswith("incremental:") for n in report.notes), report.notes
    assert (project / "content/papers/a-brand-new-benchmark-for-lunar-crater-counting.md").exists()
    assert (project / "_site/papers/a-brand-new-benchmark-for-lunar-crater-counting.html").exists()
    rewritten = [p for p, ns in pages.items() if p.stat().st_mtime_ns != ns]
    assert 0 < len(rewritten) < len(pages) // 2  # its page and the lists, tags and related pages it is in
    clean = _clean_copy(project, tmp_path)
    assert _tree(project / "_site") == _tree(clean / "_site")
    assert _tree(project / "content") == _tree(clean / "content")
    seed.write_text(original)  # and gone again: its page and every list that showed it follow
    (project / "content/papers/a-brand-new-benchmark-for-lunar-crater-counting.md").unlink()
    report, result = _build(project)
    assert any(n.startswith("incremental:") for n in report.notes), report.notes
    assert not (project / "_site/papers/a-brand-new-benchmark-for-lunar-crater-counting.html").exists()
    clean = _clean_copy(project, tmp_path)
    assert _tree(project / "_site") == _tree(clean / "_site")
    assert _tree(project / "content") == _tree(clean / "content")


def test_notes_saved_while_a_build_runs_are_kept(project: Path, monkeypatch: pytest.MonkeyPatch):
    """The dev server rebuilds on every save: a page saved mid-build must never be reverted."""
    import site_src.pipeline as pipeline

    _build(project)
    pages = sorted((project / "content/papers").glob("*.md"))[:5]
    real_link = pipeline.link

    def link_while_the_user_types(*args, **kwargs):  # after the pages were read, before they are written
        for page in pages:
            page.write_text(page.read_text().replace("my_tags: []", "my_tags:\n- survey")
                            + "\nWritten during the build.\n")
        return real_link(*args, **kwargs)

    monkeypatch.setattr(pipeline, "link", link_while_the_user_types)
    # a rule that tags every paper: the build rewrites every page's tags, so each would be rewritten
    taxonomy = project / "taxonomy.yaml"
    taxonomy.write_text(taxonomy.read_text().replace("        acronyms: [HSI]\n        min_hits: 2",
                                                     "        acronyms: [HSI]\n        patterns: ['[a-z]']\n"
                                                     "        min_hits: 1"))
    report, _ = _build(project)
    for page in pages:
        assert page.read_text().endswith("\nWritten during the build.\n"), page
    assert sum("saved while the build ran" in n for n in report.notes) == 5
    monkeypatch.setattr(pipeline, "link", real_link)
    _build(project)  # the next build reads them: the user's tags and notes reach the site
    for page in pages:
        text = page.read_text()
        assert "Written during the build." in text and "- survey" in text
        html = (project / "_site/papers" / (page.stem + ".html")).read_text()
        assert "Written during the build." in html


def test_an_unreadable_cache_is_ignored_with_a_note(project: Path, tmp_path: Path):
    _build(project)
    page = project / "content/papers/a-convnet-for-the-2020s.md"
    for i, damage in enumerate((b"{not json", b'{"format": 5, "site": {}, "entries": {"source": {"k": [{"~t": "os"}]}}}')):
        page.write_text(page.read_text() + f"\nA note {i}.\n")
        for cache in (project / ".cache").glob("build-*.json"):
            cache.write_bytes(damage)
        report, _ = _build(project)
        assert not report.errors
        assert any("cache" in note for note in report.notes), report.notes
    assert _tree(project / "_site") == _tree(_clean_copy(project, tmp_path) / "_site")


def test_a_cache_another_version_of_the_generator_wrote_is_not_reused(make_site, monkeypatch):
    """Cached tags and cross-links are keyed by their inputs; after an upgrade of the generator
    they are computed again, not taken from the old version's cache."""
    from site_src.cache import memo as memo_module
    from site_src.cache import summary
    from site_src.config import load_config
    from site_src.errors import Report

    root = make_site({"seeds/list.txt": dump(("Alpha Model", "Alpha does things."), ("Beta Model", "Beta too."))})
    assert run_build(root, "build").returncode == 0
    report = Report()
    same = memo_module.load_memo(root / ".cache", report, summary.code_digest())
    assert same.entries and not report.notes
    other = memo_module.load_memo(root / ".cache", report, "another version")
    assert not other.entries and not other.site
    assert report.notes == ["build cache: written by another version of the generator; building from scratch"]
    assert load_config(None, root)  # the project itself is untouched


def test_a_cache_older_than_the_site_is_not_trusted(project: Path, tmp_path: Path):
    """A dev server or warm process killed before it saved its cache leaves the site newer
    than the cache on disk: the next build must not take the old record for the site."""
    _build(project)
    saved = tmp_path / "cache-before"
    shutil.copytree(project / ".cache", saved)
    page = project / "content/papers/rsmamba-remote-sensing-image-classification-with-state-space-model.md"
    original = page.read_text()
    page.write_text(original + "\nA note the killed process published.\n")
    _build(project)  # the site now shows the note; its record of that is lost below
    assert "killed process published" in (project / "_site/papers" / (page.stem + ".html")).read_text()
    shutil.rmtree(project / ".cache")
    shutil.copytree(saved, project / ".cache")
    page.write_text(original)  # the note taken back out: the site must follow
    _build(project)
    assert "killed process published" not in (project / "_site/papers" / (page.stem + ".html")).read_text()
    assert _tree(project / "_site") == _tree(_clean_copy(project, tmp_path) / "_site")
