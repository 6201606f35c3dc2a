"""Writing content pages cheaply without giving up a guarantee: a first build's pages go into
a hidden folder renamed into place whole; a new page never shows half-written and never
replaces a page someone saved meanwhile, with or without hard links."""
from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

import site_src.files as files
from site_src.content.write import write_page
from site_src.files import NewFolder, clean_new_folders, create_new

from .conftest import dump, run_build
from .test_atomic import big_dump, kill_when_written, tree


@pytest.fixture(params=["renameat2", "hard links", "neither"])
def system(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The ways a new name is taken without replacing: Linux's renameat2, a hard link, or
    (a file system with neither) a check then a rename."""
    if request.param != "renameat2":
        monkeypatch.setattr(files, "_renameat2", [None])
    if request.param == "neither":
        def no_links(src: object, dst: object) -> None:
            raise OSError(errno.EPERM, "hard links not supported")
        monkeypatch.setattr(files.os, "link", no_links)
    return str(request.param)


def test_create_new_makes_a_file_and_never_replaces_one(tmp_path: Path, system: str):
    target = tmp_path / "page.md"
    made = create_new(target, b"first")
    assert target.read_bytes() == b"first"
    assert made == files.stamp(target)
    assert create_new(target, b"second") is None
    assert target.read_bytes() == b"first"
    assert os.listdir(tmp_path) == ["page.md"]  # no temporary file left


def test_a_page_saved_just_before_a_new_one_lands_is_kept(tmp_path: Path, system: str,
                                                         monkeypatch: pytest.MonkeyPatch):
    """The user saves the page after the build found no page and before its own lands."""
    target = tmp_path / "page.md"
    real = files._write_file

    def and_the_user_saves(path: Path | str, data: bytes, flags: int) -> list[int]:
        target.write_bytes(b"the user's page")
        return real(path, data, flags)

    monkeypatch.setattr(files, "_write_file", and_the_user_saves)
    assert write_page(target, b"generated", None) == ("kept", None)
    assert target.read_bytes() == b"the user's page"
    assert os.listdir(tmp_path) == ["page.md"]


def test_a_new_folder_appears_whole_with_its_files_stamps(tmp_path: Path, system: str):
    final = tmp_path / "content" / "papers"
    folder = NewFolder(final)
    stamps = {name: folder.create(name, name.encode()) for name in ("a.md", "b.md")}
    assert not final.exists()  # nothing under the real name until all are there
    assert folder.commit() == set()
    assert sorted(os.listdir(final)) == ["a.md", "b.md"]
    assert {name: files.stamp(final / name) for name in stamps} == stamps
    assert os.listdir(final.parent) == ["papers"]


def test_a_folder_made_meanwhile_keeps_its_files_and_gets_the_rest(tmp_path: Path, system: str):
    final = tmp_path / "papers"
    folder = NewFolder(final)
    folder.create("a.md", b"generated a")
    folder.create("b.md", b"generated b")
    final.mkdir()
    (final / "a.md").write_bytes(b"saved by the user")
    assert folder.commit() == {"a.md"}
    assert (final / "a.md").read_bytes() == b"saved by the user"
    assert (final / "b.md").read_bytes() == b"generated b"
    assert os.listdir(tmp_path) == ["papers"]


def test_what_a_killed_build_left_is_removed_but_not_someone_elses_folder(tmp_path: Path):
    final = tmp_path / "papers"
    left = tmp_path / ".papers.tmp-999999"
    left.mkdir()
    (left / "a.md").write_text("half of a first build")
    theirs = tmp_path / ".papers.tmp-12"
    (theirs / "sub").mkdir(parents=True)
    (theirs / "mine.md").write_text("keep me")
    other = tmp_path / ".papers.tmp-old"
    other.mkdir()
    clean_new_folders(final)
    assert not left.exists()
    assert (theirs / "mine.md").read_text() == "keep me"
    assert other.is_dir()


def test_a_build_killed_while_writing_the_first_pages_leaves_no_half_folder(make_site):
    """Killed midway, a first build leaves no ``content/papers`` holding some of the pages
    (the next build would take them for the user's); the next build finishes the job."""
    root = make_site({"seeds/big.txt": big_dump(2000)})
    kill_when_written(root, ["build"], "content/.papers.tmp-*/*.md")
    if (root / "content/papers").exists():  # the rename happened just before the kill: all pages are there
        assert len(list((root / "content/papers").glob("*.md"))) == 2000
    assert list(root.glob("content/.papers.tmp-*")) or (root / "content/papers").exists()
    result = run_build(root, "build")
    assert result.returncode == 0, result.stderr
    assert len(list((root / "content/papers").glob("*.md"))) == 2000
    assert os.listdir(root / "content") == ["papers"]


def test_a_first_build_writes_through_a_symlinked_pages_folder(make_site, tmp_path: Path):
    root = make_site({"seeds/list.txt": dump(("Alpha Model", "Alpha does things."), ("Beta Model", "Beta too."))})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / "content").mkdir()
    (root / "content/papers").symlink_to(elsewhere, target_is_directory=True)
    result = run_build(root, "build")
    assert result.returncode == 0, result.stderr
    assert (root / "content/papers").is_symlink()
    assert sorted(p.name for p in elsewhere.iterdir()) == ["alpha-model.md", "beta-model.md"]
    assert os.listdir(root / "content") == ["papers"]


def test_a_first_build_gives_the_pages_a_later_build_leaves_alone(make_site):
    root = make_site({"seeds/list.txt": dump(("Alpha Model", "Alpha does things."), ("Beta Model", "Beta too."))})
    assert run_build(root, "build").returncode == 0
    assert os.listdir(root / "content") == ["papers"]
    before = tree(root / "content")
    stamps = {p.name: p.stat().st_mtime_ns for p in (root / "content/papers").iterdir()}
    again = run_build(root, "build")
    assert again.returncode == 0, again.stderr
    assert tree(root / "content") == before
    assert {p.name: p.stat().st_mtime_ns for p in (root / "content/papers").iterdir()} == stamps


def test_a_page_saved_while_a_first_build_runs_is_kept(make_site, monkeypatch: pytest.MonkeyPatch):
    """The user makes the pages' folder and saves a page in it after the build looked for
    pages and before its own land: theirs stays, the build says so, the rest are written."""
    import site_src.pipeline as pipeline
    from site_src.config import load_config
    from site_src.errors import Report

    root = make_site({"seeds/list.txt": dump(("Alpha Model", "Alpha does things."), ("Beta Model", "Beta too."))})
    real_link = pipeline.link
    saved = root / "content/papers/alpha-model.md"

    def link_while_the_user_types(*args, **kwargs):  # type: ignore[no-untyped-def]
        saved.parent.mkdir(parents=True)
        saved.write_text("---\ntitle: Alpha, as I wrote it\n---\n\n## Notes\n\nMine.\n", encoding="utf-8")
        return real_link(*args, **kwargs)

    monkeypatch.setattr(pipeline, "link", link_while_the_user_types)
    report = Report()
    pipeline.build_site(load_config(None, root), report)
    assert saved.read_text(encoding="utf-8").endswith("Mine.\n")
    assert sum("saved while the build ran" in n for n in report.notes) == 1, report.notes
    assert (root / "content/papers/beta-model.md").read_text(encoding="utf-8").startswith("---\ntitle: Beta Model\n")
    assert os.listdir(root / "content") == ["papers"]
    monkeypatch.setattr(pipeline, "link", real_link)
    report = Report()
    pipeline.build_site(load_config(None, root), report)  # the next build reads the user's page
    assert not report.errors, report.errors
    assert "Mine." in (root / "_site/papers/alpha-model.html").read_text(encoding="utf-8")


def test_a_folder_in_the_way_of_the_hidden_one_is_named_not_deleted(tmp_path: Path):
    from site_src.errors import BuildError

    theirs = tmp_path / f".papers.tmp-{os.getpid()}"
    (theirs / "sub").mkdir(parents=True)
    with pytest.raises(BuildError, match="in the way"):
        NewFolder(tmp_path / "papers")
    assert (theirs / "sub").is_dir()
